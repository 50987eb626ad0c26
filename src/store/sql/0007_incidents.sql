-- The accident book: kept indefinitely under both policies (clause 8). The account is sealed
-- by the master key, since an accident need not concern a family.
CREATE TABLE accidents (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  happened_at TEXT NOT NULL,
  place TEXT NOT NULL,
  account TEXT NOT NULL,
  family_id TEXT NOT NULL,
  recorded_by TEXT NOT NULL REFERENCES staff(id),
  recorded_at TEXT NOT NULL
);
