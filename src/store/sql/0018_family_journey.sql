-- A family's journey through the centre, as dated steps (journey/journey.hpp): put on the waiting
-- list, offered a place, each parent's pre-visit and ground rules, contact begun, each review, the
-- case closed with its outcome. A step holds a day and fixed words (a step's name, an outcome
-- from a fixed list, a policy version): nothing personal in the clear.
CREATE TABLE journey_steps (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  step TEXT NOT NULL,
  on_day TEXT NOT NULL,
  person_id TEXT REFERENCES people(id),
  detail TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX journey_steps_family ON journey_steps(family_id);

-- The risk assessment and the contact plan written at intake, sealed with the family's key. A
-- new version is a new row; the newest of each kind is the one in force.
CREATE TABLE family_plans (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  written_by TEXT NOT NULL,
  written_at TEXT NOT NULL
);
CREATE INDEX family_plans_family ON family_plans(family_id);
