// Reading a family as a given staff member. Every item (first name, address, session notes...)
// is put to the decision point once; what is allowed is opened with its Permit, what is refused
// is left out and listed in `withheld` with its clause and reason. The whole read is audited:
// one entry per clause relied on, listing field names only.
// A member who may see nothing at all (an administrator, an unvetted volunteer) gets a denial.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "records/families.hpp"
#include "records/family_rows.hpp"
#include "records/staff.hpp"

namespace haven::records {

struct Withheld {
  std::string item;
  std::string clause;
  std::string reason;
};

struct PersonView {
  std::string id;
  std::string party;
  std::vector<std::pair<std::string, std::string>> fields;  // (item name, value), allowed items only, in
                                                            // the order of the Item enum
  std::string field(std::string_view name) const;         // value, or empty
};

struct AttendanceView {
  std::string person_id;
  std::string status;   // expected, arrived, left, no_show
  std::string arrived;  // HH:MM Europe/London, empty when not recorded
  std::string left;
  std::string planned_arrival;    // HH:MM: staggered when the parents must not meet
  std::string planned_departure;
  // The newest correction of this record, if it was corrected: what it replaced (times HH:MM
  // Europe/London), the reason, and the day it was corrected (YYYY-MM-DD Europe/London).
  std::optional<Correction> correction;
  std::string no_show_reason;  // NoShowReason's name when they did not come and it was said
};

struct SessionView {
  std::string id;
  std::string day;     // YYYY-MM-DD Europe/London
  std::string starts;  // HH:MM
  std::string ends;
  std::string room;
  bool handover = false;                   // a handover only (SessionKind::handover), not supported contact
  std::vector<AttendanceView> attendance;  // empty unless attendance_times allowed, and for a cancelled session
  std::vector<std::string> notes;          // empty unless session_note allowed
  std::string cancelled_on;                // YYYY-MM-DD Europe/London when it was called off, else empty
  std::string cancel_reason;               // then CancelReason's name (records/families.hpp)
  bool attendance_open = false;            // attendance may be recorded now: its day has come and it stands
  bool attended = false;                   // an arrival, departure or no-show is recorded (with attendance_times)
};

// Whether a referral's referrer has an account to follow it (portal/referrers.hpp).
enum class ReferrerAccount { none, invited, set_up };
// The purpose a referrer account's email address is sealed under (master key).
inline constexpr std::string_view referrer_email_purpose = "referrer email";

struct ReferralView {
  std::string id;
  std::string agency;
  std::string referrer_name;
  std::string acting_for;  // person id
  std::string referred_on;
  ReferrerAccount account = ReferrerAccount::none;
  std::string account_email;  // the account's address, masked ("p•••@law.example"), so a typo shows; or empty
};

struct FamilyView {
  std::string id;
  std::string reference;
  std::optional<bool> must_not_meet;
  std::string disposed_on;  // YYYY-MM-DD when its records were destroyed (clause 8), else empty
  std::vector<PersonView> people;
  std::vector<ReferralView> referrals;
  std::vector<SessionView> sessions;
  std::vector<Withheld> withheld;
};

Result<FamilyView> show_family(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                               const std::string& reference_or_id);
// Lists of the centre's families, and finding one by name: directory/directory.hpp.

}  // namespace haven::records
