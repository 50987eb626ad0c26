-- The clock of a request for records (dataprotection/requests.hpp): how it was received (the
-- portal, or logged by staff), when the person's identity was checked, the months it was extended
-- by (the reason sealed under the master key), and the stretches the clock stood still while the
-- centre waited for proof of identity or for the request to be made clear. due_on keeps the day
-- worked out when the request was logged; every read works the due day out from the clock as it
-- stands.
ALTER TABLE records_requests ADD COLUMN received_how TEXT NOT NULL DEFAULT 'portal';
ALTER TABLE records_requests ADD COLUMN identity_checked_on TEXT NOT NULL DEFAULT '';
ALTER TABLE records_requests ADD COLUMN extended_months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records_requests ADD COLUMN extension_reason TEXT NOT NULL DEFAULT '';
CREATE TABLE records_request_pauses (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES records_requests(id),
  stopped_on TEXT NOT NULL,
  waiting_for TEXT NOT NULL,
  restarted_on TEXT NOT NULL DEFAULT ''
);
CREATE INDEX records_request_pauses_request ON records_request_pauses(request_id);
