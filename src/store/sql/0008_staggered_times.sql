-- Sessions where parents must not meet: each person has their own planned arrival and
-- departure, a gap apart, so the two parents are never in the entrance together.
ALTER TABLE attendance ADD COLUMN planned_arrival TEXT NOT NULL DEFAULT '';
ALTER TABLE attendance ADD COLUMN planned_departure TEXT NOT NULL DEFAULT '';
