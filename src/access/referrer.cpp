#include "access/referrer.hpp"

#include "store/rows.hpp"

namespace haven::access {

policy::Actor Referrer::actor() const {
  policy::Actor a;
  a.kind = policy::ActorKind::referrer;
  a.id = account_id;
  a.centre_id = centre_id;
  return a;
}

policy::AccessRequest referrer_view(app::Workspace& ws, const app::Centre& c, const Referrer& as, policy::Item item,
                                    const std::string& referral_id) {
  policy::AccessRequest r;
  r.actor = as.actor();
  r.action = policy::Action::view;
  r.item = item;
  r.purpose = policy::Purpose::referrer_request;
  r.centre_id = c.id;
  // The referral's family, when the referral is this referrer's own at this centre.
  auto family = store::value<std::string>(ws.db(),
                                          "SELECT r.family_id FROM referrals r JOIN families f ON f.id = r.family_id "
                                          "WHERE r.id = :r AND r.referrer_account = :a AND f.centre_id = :c AND "
                                          "f.disposed_at = ''",
                                          referral_id, as.account_id, c.id);
  r.family_id = family.value_or("");
  r.facts.own_referral = family.has_value();
  return r;
}

policy::AccessRequest referrer_attendance(app::Workspace& ws, const app::Centre& c, const Referrer& by,
                                          const std::string& referral_id) {
  auto r = referrer_view(ws, c, by, policy::Item::attendance_times, referral_id);
  r.action = policy::Action::release;
  r.recipient = {policy::RecipientKind::referring_agency, policy::Side::neutral, referral_id};
  return r;
}

}  // namespace haven::access
