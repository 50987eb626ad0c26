// A referrer signed in to their account, as the decision point judges them: the referrals a
// coordinator linked to their account, and nothing else. Only the referrers' sign-in
// (portal/referrers.hpp) makes one, from a session found by its token's hash; a front end cannot
// vouch for who a referrer is.
//
// The request builders read, from the store, whether the referral asked about is the referrer's
// own (policy::Facts::own_referral) and which family it is of; the caller never says. They read on
// the Workspace's connection, inside its transaction when one is open. Plain value, safe to copy
// between threads; the builders are as thread-safe as the Workspace given (one per thread).
#pragma once
#include <string>

#include "app/workspace.hpp"
#include "policy/decision.hpp"

namespace haven::access {

struct Referrer {
  std::string account_id;
  std::string centre_id;

  // The actor the decision point judges.
  [[nodiscard]] policy::Actor actor() const;
};

// Reading `item` (case_progress, or the attendance statements sent to them) about one referral.
[[nodiscard]] policy::AccessRequest referrer_view(app::Workspace& ws, const app::Centre& c, const Referrer& as,
                                                  policy::Item item, const std::string& referral_id);
// An attendance statement for one referral, released to that referral's referrer at their own
// request (clause 3).
[[nodiscard]] policy::AccessRequest referrer_attendance(app::Workspace& ws, const app::Centre& c, const Referrer& by,
                                                        const std::string& referral_id);

}  // namespace haven::access
