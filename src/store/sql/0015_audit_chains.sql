-- Each centre keeps an audit chain of its own, numbered from 1 with its own signed checkpoints,
-- so that one centre's writes never queue behind another's. The entries written before this
-- version stay as they were written: one chain shared by every centre, named '' and verified
-- as before; new entries go to their centre's chain.
CREATE TABLE audit_chain_entries (
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
);
INSERT INTO audit_chain_entries (chain, seq, at, centre_id, actor_id, action, resource, fields, clause, outcome,
                                 prev_hash, hash)
  SELECT '', seq, at, centre_id, actor_id, action, resource, fields, clause, outcome, prev_hash, hash FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_chain_entries RENAME TO audit_log;

CREATE TABLE audit_chain_checkpoints (
  chain TEXT NOT NULL,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  signature TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  PRIMARY KEY (chain, seq)
);
INSERT INTO audit_chain_checkpoints (chain, seq, hash, signature, signed_at)
  SELECT '', seq, hash, signature, signed_at FROM audit_checkpoints;
DROP TABLE audit_checkpoints;
ALTER TABLE audit_chain_checkpoints RENAME TO audit_checkpoints;
