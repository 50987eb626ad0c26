-- The complaints log (complaints/complaints.hpp): service and data-protection complaints and their
-- stages. Who complained, what about, each answer and the stage-two reviewer are sealed under the
-- master key; the family, when one is concerned, by id (its rows go with the family's records).
CREATE TABLE complaints (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  family_id TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  from_whom TEXT NOT NULL,
  received_how TEXT NOT NULL,
  received_on TEXT NOT NULL,
  complainant TEXT NOT NULL,
  summary TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  acknowledged_on TEXT NOT NULL DEFAULT '',
  stage_one_on TEXT NOT NULL DEFAULT '',
  stage_one_finding TEXT NOT NULL DEFAULT '',
  stage_one_summary TEXT NOT NULL DEFAULT '',
  stage_one_by TEXT NOT NULL DEFAULT '',
  stage_two_asked_on TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL DEFAULT '',
  stage_two_on TEXT NOT NULL DEFAULT '',
  stage_two_finding TEXT NOT NULL DEFAULT '',
  stage_two_summary TEXT NOT NULL DEFAULT '',
  stage_two_by TEXT NOT NULL DEFAULT '',
  referred_to TEXT NOT NULL DEFAULT '',
  referred_on TEXT NOT NULL DEFAULT '',
  withdrawn_on TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaints_centre ON complaints(centre_id, received_on);
CREATE INDEX complaints_family ON complaints(family_id);
