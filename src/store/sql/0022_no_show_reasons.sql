-- Why someone expected at a session did not come: one of a fixed list (records::NoShowReason),
-- so nothing personal is written; empty when it was not said.
ALTER TABLE attendance ADD COLUMN no_show_reason TEXT NOT NULL DEFAULT '';
