// The parents' portal: what a parent does for themselves, signed in with a code sent to the email
// on their own record, and nothing more.
//
// Signing in: the parent gives an email address (send_code); when it is the email on record of a
// parent of one of the centre's open families, a one-time code goes to it, and the answer is the
// same whether or not it is (nobody learns whose address is on record). The code works once, for
// code_lifetime, with tries_per_code tries, and only while it is the newest sent; at most
// codes_per_hour (and codes_per_day) go to one parent. An address two parents of one family share
// is sent nothing, since it would not tell them apart. sign_in() trades the address and the code
// for a session: a random token given to the browser once, kept only as its hash, for
// session_lifetime. Every code sent or withheld, sign-in, failure and sign-out is audited as the
// parent's own act (actor: their person id).
//
// Signed in (access::Parent), a parent reads their own family's case status and session dates;
// acknowledges the policy in force by its version (clause 9); and gives or withdraws permission
// for their own address, phone or email to go to a named recipient (clause 4: the permission is
// the parent's own act, kept with the policy version and the day). Each asks the access layer as
// the parent, who is never shown anything of the other parent, and each is audited.
//
// Thread-safety: as safe as the Workspace given (one per thread).
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "access/parent.hpp"
#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "disclosure/parties.hpp"
#include "policy/vocabulary.hpp"

namespace haven::portal {

inline constexpr std::chrono::minutes code_lifetime{15};
inline constexpr int tries_per_code = 5;
inline constexpr int codes_per_hour = 5;
inline constexpr int codes_per_day = 10;
inline constexpr std::chrono::hours session_lifetime{1};

// Sends a sign-in code to `email` when it is the email on record of a parent of one of the centre's
// families whose records stand; does nothing otherwise, and says nothing of which. An address not
// written as one is invalid_input naming 'email'.
[[nodiscard]] Result<bool> send_code(app::Workspace& ws, const app::Centre& c, const std::string& email, Instant at);

// Makes the parents whose records were written before the portal existed findable by their email
// (people.email_index), opening each parent's sealed email under `by`'s permit for that family
// (their reads audited, a family at a time); families `by` may not read are left as they are.
// Returns how many parents were indexed. For the operator's upgrade (haven portal index-emails).
[[nodiscard]] Result<int> index_parent_emails(app::Workspace& ws, const app::Centre& c, const access::Staff& by);

struct Session {
  std::string token;  // for the browser's cookie; kept only as its hash
  std::string csrf;   // to be echoed by every form
  access::Parent parent;
};
// The address and the code sent to it, for a session. A wrong, used or expired code is refused
// under clause 7 with one message for all; a code tried tries_per_code times stops working.
[[nodiscard]] Result<Session> sign_in(app::Workspace& ws, const app::Centre& c, const std::string& email,
                                      const std::string& code, Instant at);
// The parent holding the session with this token at the centre, with its CSRF token; denied under
// clause 7 when there is none or it has ended.
[[nodiscard]] Result<Session> find_session(app::Workspace& ws, const app::Centre& c, const std::string& token,
                                           Instant at);
// Ends the session (audited); nothing when there is none.
[[nodiscard]] Result<bool> sign_out(app::Workspace& ws, const app::Centre& c, const std::string& token);

// A parent's request for a copy of their own records (subject access).
struct RecordsRequest {
  std::string received_on, due_on;    // YYYY-MM-DD: the law's month (moved on while the clock stands) runs between them
  std::string answered_on;            // YYYY-MM-DD the request ended; empty while open
  std::string outcome;                // how it ended: dataprotection::RequestOutcome's name; empty while open
  bool waiting_for_identity = false;  // the clock stands still until they prove who they are
  bool waiting_for_clarification = false;  // the clock stands still until they say what they ask for
};

struct SessionDate {
  std::string starts_at, ends_at;  // UTC
  std::string kind;                // records::SessionKind's name
};
struct Status {
  std::string family_reference;
  std::string first_name;           // the parent's own
  std::string stage;                // journey::Stage's name
  std::vector<SessionDate> coming;  // the family's sessions from today that stand, first first
  std::string policy_version;       // in force
  std::string acknowledged_on;      // YYYY-MM-DD the parent acknowledged that version, or empty
  bool acknowledged_here = false;   // in the portal, rather than recorded by staff (a signed copy, say)
  std::string ground_rules_on;      // YYYY-MM-DD the parent's ground rules were recorded as agreed, or empty
  bool to_acknowledge = false;      // whether acknowledge_policy() has something to record now
  std::optional<RecordsRequest> records_request;  // their newest request for their records
};
// The parent's own case, as of `today`: read as case progress and session times, audited once.
[[nodiscard]] Result<Status> status(app::Workspace& ws, const app::Centre& c, const access::Parent& p, Day today);

// The parent acknowledges the policy in force and its ground rules, by its version (clause 9). Once
// per version: a second acknowledgement of the same version changes nothing. While the family is
// at intake, it is also the parent's agreement to the ground rules, recorded as their journey step
// (journey::record_parents_own_ground_rules), once.
[[nodiscard]] Result<bool> acknowledge_policy(app::Workspace& ws, const app::Centre& c, const access::Parent& p);

// The parent asks for a copy of their own records (subject access): the one-month clock starts
// `today`, and the centre's coordinators see it waiting, with its due date, until the export is
// released to the parent. A conflict, naming its due date, while an earlier request is open.
[[nodiscard]] Result<RecordsRequest> ask_for_records(app::Workspace& ws, const app::Centre& c, const access::Parent& p,
                                                     Day today);

// Whom a parent may name for a permission: a referrer of their family who does not act for the
// other parent (nothing of the other side is shown), the other parent where the decision point
// would allow it (clause 4), or an agency or person they name.
struct RecipientChoice {
  std::string value;           // "referral:<id>", "other_parent", or a policy::RecipientKind's name
  std::string agency_kind;     // for a referral: records::AgencyKind's name
  bool acts_for_self = false;  // a referral that acts for this parent
};
[[nodiscard]] Result<std::vector<RecipientChoice>> recipient_choices(app::Workspace& ws, const app::Centre& c,
                                                                     const access::Parent& p);

struct NewPermission {
  policy::ContactField field = policy::ContactField::phone;
  std::string to;          // a RecipientChoice's value
  std::string named;       // the recipient's name, for a named agency or person (kept as a keyed hash)
  std::string expires_on;  // optional YYYY-MM-DD, after today
};
// The parent's permission for their own detail to go to the recipient, from today: its id.
// invalid_input naming the field for a recipient not offered, a missing name or a bad date. A
// person named who is the other parent (by their name on record) is taken as the other parent,
// so that the other side's rules apply to them however they are named.
[[nodiscard]] Result<std::string> give_permission(app::Workspace& ws, const app::Centre& c, const access::Parent& p,
                                                  const NewPermission& n, Day today);

struct Permission {
  std::string id;
  std::string field;           // address, phone, email
  std::string recipient_kind;  // policy::RecipientKind's name
  std::string agency_kind;     // for a referrer: records::AgencyKind's name
  bool to_other_parent = false;
  std::string given_on, expires_on, withdrawn_on, how_given;
  bool live = false;
  bool given_here = false;  // given by the parent in the portal, not recorded by staff
};
// The parent's own permissions, given here or recorded by staff, newest first; audited as one read.
[[nodiscard]] Result<std::vector<Permission>> permissions(app::Workspace& ws, const app::Centre& c,
                                                          const access::Parent& p, Day today);
// Withdraws one of the parent's own permissions from today; not_found for anyone else's, a conflict
// when it is already withdrawn.
[[nodiscard]] Result<bool> withdraw_permission(app::Workspace& ws, const app::Centre& c, const access::Parent& p,
                                               const std::string& permission_id, Day today);

}  // namespace haven::portal
