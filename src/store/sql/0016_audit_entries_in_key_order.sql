-- SQLite keeps the audit entries in the order of their key (chain, then number) rather than in a
-- table of row numbers beside an index of that key: reading a chain in order, as every
-- verification does, is then one pass over one tree instead of a lookup per entry. PostgreSQL
-- reads a chain through its primary key index already and keeps its table as it is.
-- sqlite only
CREATE TABLE audit_entries_in_key_order (
  chain TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  centre_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  fields TEXT NOT NULL,
  clause TEXT NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (chain, seq)
) WITHOUT ROWID;
-- sqlite only
INSERT INTO audit_entries_in_key_order (chain, seq, at, centre_id, actor_id, action, resource, fields, clause,
                                        outcome, prev_hash, hash)
  SELECT chain, seq, at, centre_id, actor_id, action, resource, fields, clause, outcome, prev_hash, hash
  FROM audit_log;
-- sqlite only
DROP TABLE audit_log;
-- sqlite only
ALTER TABLE audit_entries_in_key_order RENAME TO audit_log;
