-- A session called off keeps its row, with when, by whom and why: the reason is one of a fixed
-- list (records::CancelReason), so nothing personal is written in the clear. A cancelled
-- session takes no room, no place on a volunteer's rota and no attendance.
ALTER TABLE contact_sessions ADD COLUMN cancelled_at TEXT NOT NULL DEFAULT '';
ALTER TABLE contact_sessions ADD COLUMN cancelled_by TEXT NOT NULL DEFAULT '';
ALTER TABLE contact_sessions ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
