-- A correction of recorded attendance keeps what it replaced: the status and times as they were,
-- who corrected them, when, and why (a reason from a fixed list, records::AmendReason, so nothing
-- personal is written in the clear).
CREATE TABLE attendance_amendments (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES contact_sessions(id),
  person_id TEXT NOT NULL REFERENCES people(id),
  was_status TEXT NOT NULL,
  was_arrived_at TEXT NOT NULL,
  was_left_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  amended_by TEXT NOT NULL,
  amended_at TEXT NOT NULL
);
CREATE INDEX attendance_amendments_session ON attendance_amendments(session_id);
