-- The volunteer rota: who helps at which contact session (clause 6: only the vetted).
CREATE TABLE rota (
  session_id TEXT NOT NULL REFERENCES contact_sessions(id),
  staff_id TEXT NOT NULL REFERENCES staff(id),
  assigned_by TEXT NOT NULL REFERENCES staff(id),
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (session_id, staff_id)
);
