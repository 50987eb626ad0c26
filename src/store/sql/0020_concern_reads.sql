-- Which member of staff has read which concern, and when: a concern is new to the safeguarding
-- lead and management until each has read it (incidents::unread_concerns).
CREATE TABLE concern_reads (
  concern_id TEXT NOT NULL REFERENCES concerns(id),
  staff_id TEXT NOT NULL REFERENCES staff(id),
  read_at TEXT NOT NULL,
  PRIMARY KEY (concern_id, staff_id)
);
