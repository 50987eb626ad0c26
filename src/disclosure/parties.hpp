// Who is who around one family, for deciding disclosures: its parents, its referrals and which
// parent each referrer acts for, and so on which side any recipient stands on.
#pragma once
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "policy/decision.hpp"

namespace haven::disclosure {

// Someone outside the centre who asks for, or receives, information.
struct Recipient {
  policy::RecipientKind kind = policy::RecipientKind::other_person;
  std::string referral_id;  // kind referring_agency: the referral on record
  std::string person_id;    // kind parent: which parent
  std::string name;         // anyone else: a name or organisation (stored sealed)
};

struct Parent {
  std::string person_id;
  std::string party;  // resident_parent or non_resident_parent
};

struct ReferralParty {
  std::string referral_id;
  std::string agency;      // solicitor, cafcass, ...
  std::string acting_for;  // person id of a parent, or empty
};

struct Parties {
  std::string family_id;
  std::vector<Parent> parents;
  std::vector<ReferralParty> referrals;

  const ReferralParty* referral(const std::string& id) const;
  bool is_parent(const std::string& person_id) const;
  // The parent the recipient acts for or is, or empty when neutral.
  std::string acts_for(const Recipient& r) const;
  // Where the recipient stands relative to `person_id`'s data.
  policy::Side side_of(const Recipient& r, const std::string& person_id) const;
};

Result<Parties> load_parties(app::Workspace& ws, const std::string& family_id);

// `to` as the decision point must judge it: a recipient named (of any kind but a referral or a
// parent on record: another person, an agency, a Cafcass officer, the police) by the name on
// record of one of the family's parents is that parent, and so stands on that parent's side. Any
// other recipient is returned as it is. Reads the people's name index.
[[nodiscard]] Result<Recipient> as_judged(app::Workspace& ws, const app::Centre& c, const Parties& parties,
                                          Recipient to);

// Checks the recipient is well formed for this family: a referral of this family, a parent of
// it, or a named outside recipient.
Result<bool> check_recipient(const Parties& parties, const Recipient& r);

}  // namespace haven::disclosure
