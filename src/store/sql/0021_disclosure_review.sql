-- Management's review of an exception disclosure records a finding from a fixed list
-- (disclosure::ReviewFinding) and a note, sealed with the family's key, of what was done about it.
ALTER TABLE disclosures ADD COLUMN review_finding TEXT NOT NULL DEFAULT '';
ALTER TABLE disclosures ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
