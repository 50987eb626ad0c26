-- A member of staff may be emailed when something new waits for them (notices::email_what_waits):
-- notify_email is their address, sealed under the master key (empty: no email); notify_seen the
-- keyed hashes of what they were last told of; notified_at when.
ALTER TABLE staff ADD COLUMN notify_email TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN notify_seen TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN notified_at TEXT NOT NULL DEFAULT '';
