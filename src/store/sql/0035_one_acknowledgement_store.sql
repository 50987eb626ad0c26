-- Who has been told of the policy is kept in one place: a parent's acknowledgement in the portal
-- joins those staff record, with how = 'portal' and recorded_by the parent themself, so
-- recorded_by no longer refers to staff alone. SQLite changes a constraint by rebuilding the table.
-- postgresql only
ALTER TABLE policy_acknowledgements DROP CONSTRAINT IF EXISTS policy_acknowledgements_recorded_by_fkey;
-- sqlite only
CREATE TABLE policy_acknowledgements_rebuilt (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  version TEXT NOT NULL,
  audience TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  acknowledged_on TEXT NOT NULL,
  how TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  UNIQUE (centre_id, version, subject_kind, subject_id)
);
-- sqlite only
INSERT INTO policy_acknowledgements_rebuilt SELECT id, centre_id, version, audience, subject_kind, subject_id,
  acknowledged_on, how, recorded_by FROM policy_acknowledgements;
-- sqlite only
DROP TABLE policy_acknowledgements;
-- sqlite only
ALTER TABLE policy_acknowledgements_rebuilt RENAME TO policy_acknowledgements;
INSERT INTO policy_acknowledgements (id, centre_id, version, audience, subject_kind, subject_id, acknowledged_on, how,
  recorded_by)
  SELECT MIN(pa.id), f.centre_id, pa.policy_version, 'users', 'person', pa.person_id, MIN(substr(pa.at, 1, 10)),
    'portal', pa.person_id
  FROM portal_acknowledgements pa JOIN families f ON f.id = pa.family_id
  WHERE pa.what = 'policy' AND NOT EXISTS (SELECT 1 FROM policy_acknowledgements a WHERE a.centre_id = f.centre_id
    AND a.version = pa.policy_version AND a.subject_kind = 'person' AND a.subject_id = pa.person_id)
  GROUP BY f.centre_id, pa.policy_version, pa.person_id;
DROP TABLE portal_acknowledgements;
