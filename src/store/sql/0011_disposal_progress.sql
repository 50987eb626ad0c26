-- A disposal run records, family by family and in the same transaction as the family's
-- destruction, what it did: outcome ('disposed' or 'skipped'; '' not reached yet), the rows it
-- destroyed and kept by category (JSON) and the day the family was last used. A run stopped
-- midway and carried on later then certifies every family and row it destroyed. While a run is
-- under way its status is 'executing'.
ALTER TABLE disposal_run_families ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE disposal_run_families ADD COLUMN tally TEXT NOT NULL DEFAULT '';
ALTER TABLE disposal_run_families ADD COLUMN last_used_on TEXT NOT NULL DEFAULT '';
