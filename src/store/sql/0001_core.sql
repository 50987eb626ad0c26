-- Haven core schema. Dialect-neutral SQL: TEXT ids made by the application, TEXT UTC times in
-- ISO-8601, INTEGER flags; no auto-increment, no dialect types. Personal values are stored only
-- as sealed (encrypted) TEXT; *_index columns hold keyed blind indexes, never a name.

CREATE TABLE centres (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  preset_id TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Every preset version a centre has run under, verbatim (clause 10).
CREATE TABLE policy_versions (
  centre_id TEXT NOT NULL REFERENCES centres(id),
  version TEXT NOT NULL,
  preset_toml TEXT NOT NULL,
  adopted_at TEXT NOT NULL,
  PRIMARY KEY (centre_id, version)
);

-- People who work at the centre. dbs_level is the highest current DBS check recorded (clause 6).
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  handle TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  dbs_level TEXT NOT NULL,
  dbs_checked_on TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE families (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  reference TEXT NOT NULL,
  must_not_meet INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL,
  UNIQUE (centre_id, reference)
);

-- Parents and children. party: resident, non_resident or child.
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  party TEXT NOT NULL,
  first_name TEXT NOT NULL,
  surname TEXT NOT NULL,
  date_of_birth TEXT NOT NULL,
  address TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  name_index TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX people_family ON people(family_id);
CREATE INDEX people_name_index ON people(name_index);

-- acting_for: the person (a parent) the referrer acts for; referrer_name is sealed.
CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  agency_kind TEXT NOT NULL,
  referrer_name TEXT NOT NULL,
  acting_for TEXT REFERENCES people(id),
  referred_on TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX referrals_family ON referrals(family_id);

CREATE TABLE contact_sessions (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  room TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX contact_sessions_family ON contact_sessions(family_id);

-- One row per person per session. status: expected, arrived, left, no_show.
CREATE TABLE attendance (
  session_id TEXT NOT NULL REFERENCES contact_sessions(id),
  person_id TEXT NOT NULL REFERENCES people(id),
  status TEXT NOT NULL,
  arrived_at TEXT NOT NULL,
  left_at TEXT NOT NULL,
  PRIMARY KEY (session_id, person_id)
);

-- Internal notes about a session: sealed, never disclosable to referrers or courts (clause 2).
CREATE TABLE session_notes (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES contact_sessions(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  author_id TEXT NOT NULL REFERENCES staff(id),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- The audit chain: ids, field names and clauses only, never a personal value.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  centre_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  fields TEXT NOT NULL,
  clause TEXT NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

-- Signed statements "the chain up to seq has this hash" (Ed25519).
CREATE TABLE audit_checkpoints (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  signature TEXT NOT NULL,
  signed_at TEXT NOT NULL
);
