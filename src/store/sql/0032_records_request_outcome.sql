-- How a request for records ended (dataprotection/requests.hpp): its records released, or closed
-- as withdrawn, refused (the reason sealed under the master key) or with no records to give.
-- answered_on is the day it ended either way.
ALTER TABLE records_requests ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE records_requests ADD COLUMN outcome_reason TEXT NOT NULL DEFAULT '';
UPDATE records_requests SET outcome = 'released' WHERE answered_on <> '';
