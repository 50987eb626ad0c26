-- Email waiting to go, and what became of it (mail/outbox.hpp). An email carries no family
-- data: a notice and, at most, a reference or a link. The recipient's address is sealed under
-- the master key. status: queued (next_attempt_at says when), sent, or dead (given up after
-- the last attempt failed).
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  about TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  sent_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
