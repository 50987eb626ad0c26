// Tidying what has served its purpose (clause 8: nothing is kept longer than it is needed): ended
// sign-in sessions of staff, parents and referrers; one-time codes a day after they were sent (a
// day's codes count against the daily limit until then); email sent more than sent_letters_kept
// ago, and email given up (listed for coordinators to send again) once dead_letters_kept have
// passed since it was written, when what it said has lapsed; and referrers' accounts with
// no referral left to follow (every family they referred destroyed, or an invitation never taken
// up); and complaints that concern no family, ended (answered, withdrawn or taken further) and
// untouched for the preset's unused years (a complaint about a family goes with its records).
//
// Run by the server every hour (service::start_housekeeper). Each centre's tidying is one
// transaction with one audit entry, Haven's own act, listing what kinds were removed and how many.
// Thread-safety: as the Workspace given.
#pragma once
#include <chrono>

#include "app/workspace.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace haven::retention {

inline constexpr std::chrono::days sent_letters_kept{30};
// A code lasts a day, an invitation two weeks, a notice until the next: by then a letter that
// could not be sent has nothing left to say.
inline constexpr std::chrono::days dead_letters_kept{30};

struct Tidied {
  long long sessions = 0, codes = 0, letters = 0, referrer_accounts = 0, complaints = 0;
};

// Tidies the centre's records as of `at`.
[[nodiscard]] Result<Tidied> tidy(app::Workspace& ws, const app::Centre& c, Instant at);

}  // namespace haven::retention
