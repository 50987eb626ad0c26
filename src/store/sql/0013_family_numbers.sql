-- A family's reference (F0001, F0002, ...) comes from a counter per centre, taken under the
-- write lock, instead of counting the centre's families on every creation.
CREATE TABLE family_numbers (
  centre_id TEXT PRIMARY KEY REFERENCES centres(id),
  last INTEGER NOT NULL
);
INSERT INTO family_numbers (centre_id, last)
  SELECT centre_id, MAX(CAST(SUBSTR(reference, 2) AS INTEGER)) FROM families GROUP BY centre_id;
