-- Referrers' accounts (portal/referrers.hpp). A coordinator invites a referrer by email for one of
-- their referrals (referrals.referrer_account); the referrer sets a password with the set-up code
-- emailed to them, and signs in with it and a one-time code emailed each time. The address is
-- sealed under the master key and found by a keyed hash (email_index); the password is kept as an
-- Argon2id hash, codes and session tokens as hashes.
CREATE TABLE referrer_accounts (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  email TEXT NOT NULL,
  email_index TEXT NOT NULL,
  password_hash TEXT NOT NULL DEFAULT '',
  setup_hash TEXT NOT NULL DEFAULT '',
  setup_expires_at TEXT NOT NULL DEFAULT '',
  invited_by TEXT NOT NULL,
  invited_at TEXT NOT NULL,
  set_up_at TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX referrer_accounts_email ON referrer_accounts(centre_id, email_index);

ALTER TABLE referrals ADD COLUMN referrer_account TEXT NOT NULL DEFAULT '';
CREATE INDEX referrals_account ON referrals(referrer_account);

CREATE TABLE referrer_codes (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  account_id TEXT NOT NULL REFERENCES referrer_accounts(id),
  code_hash TEXT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referrer_codes_account ON referrer_codes(account_id, created_at);

CREATE TABLE referrer_sessions (
  token_hash TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  account_id TEXT NOT NULL REFERENCES referrer_accounts(id),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- A statement a referrer asks for in their account is made by them, not by a member of staff:
-- made_by no longer refers to staff alone. SQLite changes a constraint by rebuilding the table.
-- postgresql only
ALTER TABLE disclosures DROP CONSTRAINT IF EXISTS disclosures_made_by_fkey;
-- sqlite only
CREATE TABLE disclosures_rebuilt (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  at TEXT NOT NULL,
  asked TEXT NOT NULL,
  items TEXT NOT NULL,
  recipient_kind TEXT NOT NULL,
  recipient_referral TEXT NOT NULL,
  recipient_name TEXT NOT NULL,
  acts_for TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  outcome TEXT NOT NULL,
  clause TEXT NOT NULL,
  reason TEXT NOT NULL,
  made_by TEXT NOT NULL,
  mirror_of TEXT NOT NULL,
  concern_id TEXT NOT NULL,
  justification TEXT NOT NULL,
  content TEXT NOT NULL,
  delivery TEXT NOT NULL,
  review TEXT NOT NULL,
  reviewed_by TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  review_finding TEXT NOT NULL DEFAULT '',
  review_note TEXT NOT NULL DEFAULT ''
);
-- sqlite only
INSERT INTO disclosures_rebuilt SELECT id, centre_id, family_id, at, asked, items, recipient_kind, recipient_referral,
  recipient_name, acts_for, period_from, period_to, outcome, clause, reason, made_by, mirror_of, concern_id,
  justification, content, delivery, review, reviewed_by, reviewed_at, review_finding, review_note FROM disclosures;
-- sqlite only
DROP TABLE disclosures;
-- sqlite only
ALTER TABLE disclosures_rebuilt RENAME TO disclosures;
-- sqlite only
CREATE INDEX disclosures_centre_at ON disclosures(centre_id, at);
-- sqlite only
CREATE INDEX disclosures_family ON disclosures(family_id);
