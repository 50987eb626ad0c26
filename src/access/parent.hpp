// A parent signed in to the portal, as the decision point judges them: their own person and family,
// nothing else. Only the portal's sign-in (portal/portal.hpp) makes one, from a session found by
// its token's hash; a front end cannot vouch for who a parent is.
//
// The request builders here are the portal's way to ask access::require(): each names the parent as
// the actor and, where the act is about a person, that person as the subject, so the decision point
// can judge "their own". Plain value, safe to copy between threads.
#pragma once
#include <string>

#include "app/workspace.hpp"
#include "policy/decision.hpp"

namespace haven::access {

struct Parent {
  std::string person_id;
  std::string family_id;
  std::string centre_id;
  std::string family_reference;  // "F0001", for audit entries and the parent's own page

  // The actor the decision point judges.
  [[nodiscard]] policy::Actor actor() const;
};

// Reading `item` of the parent's family (their case, their session dates) or, with `person_id`, of
// that person (their own details).
[[nodiscard]] policy::AccessRequest parent_view(const app::Centre& c, const Parent& as, policy::Item item,
                                                const std::string& person_id = {});
// The parent's own act about `person_id`: a permission for a contact detail (policy::Action::record
// of that item) or an acknowledgement of the policy (policy::Action::record_awareness).
[[nodiscard]] policy::AccessRequest parent_act(const app::Centre& c, const Parent& by, policy::Action action,
                                               policy::Item item, const std::string& person_id);

}  // namespace haven::access
