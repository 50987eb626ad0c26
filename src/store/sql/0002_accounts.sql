-- Staff accounts: Argon2id password hashes, TOTP secrets sealed by the master key, lockout
-- state; browser sessions and scoped API tokens, both stored only as SHA-256 hashes.

ALTER TABLE staff ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN locked_until TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

CREATE TABLE web_sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX web_sessions_staff ON web_sessions(staff_id);

-- scopes: space-separated, "read" and/or "write".
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  staff_id TEXT NOT NULL REFERENCES staff(id),
  scopes TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT NOT NULL DEFAULT ''
);
