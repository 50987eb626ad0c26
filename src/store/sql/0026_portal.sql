-- The parents' portal (portal/portal.hpp). A parent is found by a keyed hash of the email on
-- their record (people.email_index, never the address itself); signs in with a one-time code
-- sent to it (portal_codes keeps only the code's hash); and holds a session (portal_sessions,
-- the token's hash). What a parent acknowledges in the portal (what: 'policy') is kept with the
-- version read; a permission they give is a consent with how_given 'portal', recorded by them,
-- with the version of the policy in force.
ALTER TABLE people ADD COLUMN email_index TEXT NOT NULL DEFAULT '';
CREATE INDEX people_email_index ON people(email_index);

-- A consent's recorded_by is a member of staff, or the parent who gave it in the portal: the
-- column no longer refers to staff alone. SQLite changes a constraint by rebuilding the table.
-- postgresql only
ALTER TABLE consents DROP CONSTRAINT IF EXISTS consents_recorded_by_fkey;
-- postgresql only
ALTER TABLE consents ADD COLUMN policy_version TEXT NOT NULL DEFAULT '';
-- sqlite only
CREATE TABLE consents_rebuilt (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  person_id TEXT NOT NULL REFERENCES people(id),
  field TEXT NOT NULL,
  recipient_kind TEXT NOT NULL,
  recipient_referral TEXT NOT NULL,
  recipient_index TEXT NOT NULL,
  given_on TEXT NOT NULL,
  how_given TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  withdrawn_on TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  policy_version TEXT NOT NULL DEFAULT ''
);
-- sqlite only
INSERT INTO consents_rebuilt (id, family_id, person_id, field, recipient_kind, recipient_referral, recipient_index,
                              given_on, how_given, expires_on, withdrawn_on, recorded_by, created_at)
  SELECT id, family_id, person_id, field, recipient_kind, recipient_referral, recipient_index, given_on, how_given,
         expires_on, withdrawn_on, recorded_by, created_at FROM consents;
-- sqlite only
DROP TABLE consents;
-- sqlite only
ALTER TABLE consents_rebuilt RENAME TO consents;
-- sqlite only
CREATE INDEX consents_person ON consents(person_id);

CREATE TABLE portal_codes (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  person_id TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX portal_codes_person ON portal_codes(person_id, created_at);

CREATE TABLE portal_sessions (
  token_hash TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  person_id TEXT NOT NULL,
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX portal_sessions_family ON portal_sessions(family_id);

CREATE TABLE portal_acknowledgements (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  person_id TEXT NOT NULL,
  what TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX portal_acknowledgements_person ON portal_acknowledgements(person_id, what);
