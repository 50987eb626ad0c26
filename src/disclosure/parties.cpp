#include "disclosure/parties.hpp"

#include "crypto/sealed.hpp"
#include "store/rows.hpp"

namespace haven::disclosure {

const ReferralParty* Parties::referral(const std::string& id) const {
  for (const auto& r : referrals)
    if (r.referral_id == id) return &r;
  return nullptr;
}

bool Parties::is_parent(const std::string& person_id) const {
  for (const auto& p : parents)
    if (p.person_id == person_id) return true;
  return false;
}

std::string Parties::acts_for(const Recipient& r) const {
  if (r.kind == policy::RecipientKind::parent) return r.person_id;
  if (r.kind == policy::RecipientKind::referring_agency)
    if (const auto* ref = referral(r.referral_id)) return ref->acting_for;
  return {};
}

policy::Side Parties::side_of(const Recipient& r, const std::string& person_id) const {
  auto party = acts_for(r);
  if (party.empty()) return policy::Side::neutral;
  return party == person_id ? policy::Side::same_parent : policy::Side::other_parent;
}

Result<Parties> load_parties(app::Workspace& ws, const std::string& family_id) {
  return store::guard_storage([&]() -> Result<Parties> {
    Parties p;
    p.family_id = family_id;
    {
      auto rows = store::rows(ws.db(),
                              "SELECT id, party FROM people WHERE family_id = :f AND party <> 'child' "
                              "ORDER BY party DESC, created_at",
                              family_id);
      for (const auto& row : rows) p.parents.push_back({row.get<std::string>(0), row.get<std::string>(1)});
    }
    auto rows = store::rows(ws.db(),
                            "SELECT id, agency_kind, acting_for FROM referrals WHERE family_id = :f "
                            "ORDER BY referred_on DESC, id",
                            family_id);
    for (const auto& row : rows)
      p.referrals.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get_or<std::string>(2, "")});
    return p;
  });
}

Result<Recipient> as_judged(app::Workspace& ws, const app::Centre& c, const Parties& parties, Recipient to) {
  using K = policy::RecipientKind;
  if (to.kind == K::referring_agency || to.kind == K::parent || to.name.empty()) return to;
  std::string index = crypto::blind_index(ws.keys().index_key(), c.id, to.name);
  return store::guard_storage([&]() -> Result<Recipient> {
    for (const auto& parent : parties.parents)
      if (store::value<long long>(ws.db(), "SELECT COUNT(*) FROM people WHERE id = :i AND name_index = :x",
                                  parent.person_id, index)
              .value_or(0) > 0)
        return Recipient{K::parent, "", parent.person_id, ""};
    return to;
  });
}

Result<bool> check_recipient(const Parties& parties, const Recipient& r) {
  using K = policy::RecipientKind;
  if (r.kind == K::none) return fail(ErrorKind::invalid_input, "name who the information is for");
  if (r.kind == K::referring_agency && !parties.referral(r.referral_id))
    return fail(ErrorKind::invalid_input, "a referring agency is named by a referral of this family");
  if (r.kind == K::parent && !parties.is_parent(r.person_id))
    return fail(ErrorKind::invalid_input, "a parent recipient must be a parent of this family");
  if (r.kind != K::referring_agency && r.kind != K::parent && r.name.empty())
    return fail(ErrorKind::invalid_input, "give the recipient's name or organisation");
  return true;
}

}  // namespace haven::disclosure
