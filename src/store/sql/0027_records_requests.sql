-- A parent's request for a copy of their own records (subject access), made in the portal. The
-- law's one-month clock runs from received_on to due_on; answered_on is set when the centre
-- releases the export to them (disclosure::subject_access).
CREATE TABLE records_requests (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  person_id TEXT NOT NULL,
  received_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  answered_on TEXT NOT NULL DEFAULT ''
);
CREATE INDEX records_requests_open ON records_requests(centre_id, answered_on);
