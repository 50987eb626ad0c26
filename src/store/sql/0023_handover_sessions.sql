-- What a contact session is (records::SessionKind): 'supported' contact at the centre, or a
-- 'handover' only, where the child leaves with the other parent and is brought back at the end.
ALTER TABLE contact_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'supported';
