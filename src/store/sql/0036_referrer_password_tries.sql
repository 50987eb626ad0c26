-- Wrong passwords tried against one referrer's account (portal/referrers.hpp): how many since
-- failed_since, within the hour. At wrong_passwords_per_hour the account takes no password, right
-- or wrong, until the hour has passed, whatever address the tries came from.
ALTER TABLE referrer_accounts ADD COLUMN failed_passwords INTEGER NOT NULL DEFAULT 0;
ALTER TABLE referrer_accounts ADD COLUMN failed_since TEXT NOT NULL DEFAULT '';
