-- Separation of duties for accounts and tokens that expire.
--
-- An API token stops working at expires_at (UTC). Tokens made before this migration have none
-- recorded: they expire 90 days after they were made.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';

-- A role that sees family data takes effect only when a manager other than the proposer approves
-- it: until then role_pending is 1 and the decision point refuses the account everything.
-- Accounts made before this migration keep the roles they had.
ALTER TABLE staff ADD COLUMN role_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN role_proposed_by TEXT NOT NULL DEFAULT '';
