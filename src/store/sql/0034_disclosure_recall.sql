-- A released disclosure reported as gone to the wrong recipient and recalled
-- (disclosure::report_wrong_recipient): when the centre found out, who reported it, and the breach
-- Haven logged for it. A recalled statement no longer shows in a referrer's account.
ALTER TABLE disclosures ADD COLUMN recalled_at TEXT NOT NULL DEFAULT '';
ALTER TABLE disclosures ADD COLUMN recalled_by TEXT NOT NULL DEFAULT '';
ALTER TABLE disclosures ADD COLUMN recall_breach TEXT NOT NULL DEFAULT '';
