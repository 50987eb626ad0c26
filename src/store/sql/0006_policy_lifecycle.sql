-- Clause 9 and 10: who has been told of which version of the policy.
-- subject_kind: staff, person (a parent) or referral (a referrer); ids only, no names.
CREATE TABLE policy_acknowledgements (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  version TEXT NOT NULL,
  audience TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  acknowledged_on TEXT NOT NULL,
  how TEXT NOT NULL,
  recorded_by TEXT NOT NULL REFERENCES staff(id),
  UNIQUE (centre_id, version, subject_kind, subject_id)
);
