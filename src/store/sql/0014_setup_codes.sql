-- A new account, or one whose sign-in was reset, has no password until its holder chooses one
-- with a one-time set-up code. Only the code's hash is kept, with the moment it stops working.
ALTER TABLE staff ADD COLUMN setup_code_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN setup_code_expires TEXT NOT NULL DEFAULT '';
