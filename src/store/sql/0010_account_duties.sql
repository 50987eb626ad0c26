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

-- Clause 6: a DBS level exists only as a recorded check (dbs_checks: level, sealed certificate
-- number, issue date, who saw it). A staff member's level is that of their latest check, read
-- through this view; the level and date once kept on the staff row, which account creation
-- could set without any check, are gone.
-- seq numbers one person's checks in the order they were recorded, so that of two certificates
-- with the same issue date the one recorded later counts.
ALTER TABLE dbs_checks ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
CREATE VIEW latest_dbs_checks AS
SELECT d.staff_id, d.level, d.issued_on, d.update_service FROM dbs_checks d
WHERE d.id = (SELECT d2.id FROM dbs_checks d2 WHERE d2.staff_id = d.staff_id
              ORDER BY d2.issued_on DESC, d2.seq DESC, d2.verified_at DESC LIMIT 1);
ALTER TABLE staff DROP COLUMN dbs_level;
ALTER TABLE staff DROP COLUMN dbs_checked_on;
