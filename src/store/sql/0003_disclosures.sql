-- Disclosures: concerns that exceptions rest on, parents' consents for contact details, and
-- the disclosure register, which records every release and every refusal.

-- A welfare (E1) or violence (E2) concern. summary is sealed with the family key.
CREATE TABLE concerns (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  recorded_by TEXT NOT NULL REFERENCES staff(id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX concerns_family ON concerns(family_id);

-- A parent's permission for one contact field to go to one recipient (clause 4). The recipient
-- is a referral on record, or an agency kind with a blind index of its name.
CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  person_id TEXT NOT NULL REFERENCES people(id),
  field TEXT NOT NULL,
  recipient_kind TEXT NOT NULL,
  recipient_referral TEXT NOT NULL,
  recipient_index TEXT NOT NULL,
  given_on TEXT NOT NULL,
  how_given TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  withdrawn_on TEXT NOT NULL,
  recorded_by TEXT NOT NULL REFERENCES staff(id),
  created_at TEXT NOT NULL
);
CREATE INDEX consents_person ON consents(person_id);

-- The register: one row per release or refusal. Personal values (the recipient's name, the
-- justification, the released content) are sealed with the family key; the rest is ids,
-- kinds, dates and clause ids, so the register can be listed and exported without them.
CREATE TABLE disclosures (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  at TEXT NOT NULL,
  asked TEXT NOT NULL,
  items TEXT NOT NULL,
  recipient_kind TEXT NOT NULL,
  recipient_referral TEXT NOT NULL,
  recipient_name TEXT NOT NULL,
  acts_for TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  outcome TEXT NOT NULL,
  clause TEXT NOT NULL,
  reason TEXT NOT NULL,
  made_by TEXT NOT NULL REFERENCES staff(id),
  mirror_of TEXT NOT NULL,
  concern_id TEXT NOT NULL,
  justification TEXT NOT NULL,
  content TEXT NOT NULL,
  delivery TEXT NOT NULL,
  review TEXT NOT NULL,
  reviewed_by TEXT NOT NULL,
  reviewed_at TEXT NOT NULL
);
CREATE INDEX disclosures_centre_at ON disclosures(centre_id, at);
CREATE INDEX disclosures_family ON disclosures(family_id);
