-- Retention (clause 8): legal holds, disposal runs that management approves, and certificates
-- of destruction. A disposed family keeps a tombstone row (reference and dates, nothing personal).

ALTER TABLE families ADD COLUMN disposed_at TEXT NOT NULL DEFAULT '';

-- reason is sealed with the family key; review_on is when the hold must be looked at again.
CREATE TABLE legal_holds (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  reason TEXT NOT NULL,
  placed_by TEXT NOT NULL REFERENCES staff(id),
  placed_at TEXT NOT NULL,
  review_on TEXT NOT NULL,
  released_at TEXT NOT NULL DEFAULT '',
  released_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX legal_holds_family ON legal_holds(family_id);

-- status: proposed, approved, executed.
CREATE TABLE disposal_runs (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  as_of TEXT NOT NULL,
  proposed_by TEXT NOT NULL REFERENCES staff(id),
  proposed_at TEXT NOT NULL,
  approved_by TEXT NOT NULL DEFAULT '',
  approved_at TEXT NOT NULL DEFAULT '',
  executed_by TEXT NOT NULL DEFAULT '',
  executed_at TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL
);

CREATE TABLE disposal_run_families (
  run_id TEXT NOT NULL REFERENCES disposal_runs(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  PRIMARY KEY (run_id, family_id)
);

-- body: JSON with counts, categories, dates and approvers only; signature: Ed25519 over body.
CREATE TABLE destruction_certificates (
  run_id TEXT PRIMARY KEY REFERENCES disposal_runs(id),
  centre_id TEXT NOT NULL REFERENCES centres(id),
  issued_at TEXT NOT NULL,
  body TEXT NOT NULL,
  signature TEXT NOT NULL
);

CREATE INDEX families_last_used ON families(centre_id, disposed_at, last_used_at);
