// Clause 4: a parent's consent for one contact field (address, phone, email) to go to one
// recipient, with the date and way it was given, an optional expiry, and withdrawal at any time.
// Concerns (E1, E2): what an exception disclosure must rest on, recorded first. Anyone on the
// rota may record a concern; only the safeguarding lead and management read them.
#pragma once
#include <string>
#include <vector>

#include "access/facts.hpp"
#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "disclosure/parties.hpp"
#include "records/families.hpp"
#include "records/staff.hpp"

namespace haven::disclosure {

struct NewConsent {
  std::string person_id;  // the parent whose detail it is
  policy::ContactField field = policy::ContactField::address;
  Recipient to;
  std::string given_on;   // YYYY-MM-DD, not in the future
  std::string how_given;  // written, verbal, email or in_person
  std::string expires_on; // optional YYYY-MM-DD after given_on
};

struct ConsentView {
  std::string id, person_id, field, recipient_kind, recipient_ref, given_on, how_given, expires_on, withdrawn_on;
  bool live = false;
};

Result<std::string> record_consent(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const std::string& family_ref, const NewConsent& consent);
Result<bool> withdraw_consent(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                              const std::string& consent_id, const std::string& on);
Result<std::vector<ConsentView>> list_consents(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                               const std::string& family_ref, Day today);

// Writes one consent, inside the caller's audited write: the one way a consent row is made, whether
// a member of staff records it or a parent gives it in the portal (how_given "portal", recorded_by
// the parent's person id). `policy_version`: the policy in force when it was given.
void insert_consent(app::Workspace& ws, const std::string& id, const std::string& family_id, const NewConsent& consent,
                    const access::ConsentRecipient& to, const std::string& recorded_by,
                    const std::string& policy_version);

// How a consent names `to`: a referral or a parent by id, anyone else by a keyed hash of their
// kind and name. The access layer looks a consent up by it (access::contact_release).
[[nodiscard]] access::ConsentRecipient consent_recipient(app::Workspace& ws, const app::Centre& c, const Recipient& to);

enum class ConcernKind { welfare, violence };

Result<std::string> record_concern(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const std::string& family_ref, ConcernKind kind, const std::string& summary);
// Opening a family's concerns form: for whoever may file a concern about it (a refusal is
// audited). Reading the concerns back is narrower: incidents::concerns().
[[nodiscard]] Result<records::FamilyRef> open_concerns(app::Workspace& ws, const app::Centre& c,
                                                       const access::Staff& by, const std::string& family_ref);

}  // namespace haven::disclosure

namespace haven {

template <>
struct EnumNames<disclosure::ConcernKind> {
  static constexpr std::array<std::pair<disclosure::ConcernKind, std::string_view>, 2> table{{
      {disclosure::ConcernKind::welfare, "welfare"},
      {disclosure::ConcernKind::violence, "violence"},
  }};
};

}  // namespace haven
