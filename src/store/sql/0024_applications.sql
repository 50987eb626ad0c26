-- Applications for a place sent through the centre's public referral form
-- (applications::submit), until a coordinator takes one in or declines it. `body` is what the
-- form held, sealed as one field: under a key of the application's own while it waits, then
-- under the family's key once taken in (family_id), and emptied when declined.
CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  reference TEXT NOT NULL,
  applicant TEXT NOT NULL,
  agency_kind TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL,
  status TEXT NOT NULL,
  family_id TEXT REFERENCES families(id),
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX applications_reference ON applications(centre_id, reference);
CREATE INDEX applications_waiting ON applications(centre_id, status, received_at);
