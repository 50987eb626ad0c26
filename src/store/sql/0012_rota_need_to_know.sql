-- Need to know (clause 1): a volunteer's rota is read for every request they make.
CREATE INDEX rota_staff ON rota(staff_id);
