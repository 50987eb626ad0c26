-- The breach log (dataprotection/breaches.hpp): every personal data breach the centre finds, or
-- Haven finds for it, with the 72 hours to tell the Information Commissioner counted from when it
-- was found. Families are named by reference and the data by category (policy::Item names), never
-- by value. What happened and the reason for the decision are sealed under the master key.
CREATE TABLE breaches (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  found_at TEXT NOT NULL,
  what_happened TEXT NOT NULL,
  family_references TEXT NOT NULL,
  categories TEXT NOT NULL,
  found_by TEXT NOT NULL,
  detection TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  decision TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  reported_at TEXT NOT NULL DEFAULT '',
  ico_reference TEXT NOT NULL DEFAULT ''
);
CREATE INDEX breaches_centre ON breaches(centre_id, found_at);
CREATE UNIQUE INDEX breaches_detection ON breaches(centre_id, detection) WHERE detection <> '';
