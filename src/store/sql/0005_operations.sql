-- Centre operations: DBS checks (clause 6), management approvals and room bookings (clause 5).

-- One row per DBS certificate seen. The certificate number is sealed by the master key; no copy
-- of the certificate itself is ever kept.
CREATE TABLE dbs_checks (
  id TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff(id),
  level TEXT NOT NULL,
  certificate_number TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  update_service INTEGER NOT NULL,
  verified_by TEXT NOT NULL REFERENCES staff(id),
  verified_at TEXT NOT NULL
);
CREATE INDEX dbs_checks_staff ON dbs_checks(staff_id);

-- A management agreement that lets an agency assess a family on the premises (clause 5).
CREATE TABLE assessment_approvals (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  agency TEXT NOT NULL,
  approved_by TEXT NOT NULL REFERENCES staff(id),
  approved_at TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  used_by_booking TEXT NOT NULL DEFAULT ''
);

-- kind: assessment, meeting or other (contact sessions are in contact_sessions).
CREATE TABLE room_bookings (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  room TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  agency TEXT NOT NULL,
  family_id TEXT NOT NULL,
  approval_id TEXT NOT NULL,
  booked_by TEXT NOT NULL REFERENCES staff(id),
  created_at TEXT NOT NULL
);
CREATE INDEX room_bookings_room ON room_bookings(centre_id, room, starts_at);
