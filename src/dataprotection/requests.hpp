// Requests for a person's own records (subject access) as cases with the law's clock. A request
// arrives from a parent in the portal (portal::ask_for_records) or is logged by staff when it came
// by letter, email or in person, or from a local authority for a child. The answer is due one month
// after it was received; the clock stands still while the centre waits for proof of identity or for
// the request to be made clear, and the due day moves on by the days it stood; it may be extended by
// up to two further months, with a reason. The request is answered when the person's records are
// released to them (disclosure::subject_access).
//
// Coordinators and management keep these cases (Action::keep_data_protection_records); each change
// is audited, and the reason for an extension is sealed under the master key. The case names the
// family by reference and the person by their party, never by name.
//
// Thread-safety: as safe as the Workspace given (one per thread); due_on() is a pure function.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace haven::dataprotection {

enum class ReceivedHow { portal, letter, email, in_person, local_authority };
enum class WaitingFor { identity, clarification };

// A stretch of days the clock stood still: from `stopped` to `restarted` (nullopt while it stands).
struct Pause {
  Day stopped;
  std::optional<Day> restarted;
  WaitingFor waiting_for = WaitingFor::identity;
};

// The day the answer is due: one month (and `extended_months` more) after `received`, moved on by
// every day the clock stood still. A pause still open counts up to `today`.
[[nodiscard]] Day due_on(Day received, const std::vector<Pause>& pauses, int extended_months, Day today);

struct NewRequest {
  std::string family;                     // reference
  std::string person;                     // the person whose records are asked for: one of the family's people (id)
  Day received;                           // not in the future
  ReceivedHow how = ReceivedHow::letter;  // not portal: the portal logs its own
};

struct RequestCase {
  std::string id, family_reference;
  std::string party;  // whose records: records::Party's name
  ReceivedHow how = ReceivedHow::portal;
  std::string received_on, identity_checked_on, due_on, answered_on;  // YYYY-MM-DD; empty when not yet
  std::vector<Pause> pauses;
  int extended_months = 0;
  std::string extension_reason;
  [[nodiscard]] bool clock_stopped() const { return !pauses.empty() && !pauses.back().restarted; }
};

// Logs a request received outside the portal; its id. invalid_input naming the field for a day in
// the future or a person not of the family; a conflict while the person has a request open.
[[nodiscard]] Result<std::string> record_request(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                 const NewRequest& r);

// The person's identity was checked on `on` (not before it was received, not in the future).
[[nodiscard]] Result<bool> identity_checked(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                            const std::string& request_id, Day on);
// The clock stops on `on` while the centre waits for `what`; a conflict when it already stands.
[[nodiscard]] Result<bool> stop_clock(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                      const std::string& request_id, Day on, WaitingFor what);
// The clock runs again from `on` (not before it stopped); the due day moves on by the days it stood.
[[nodiscard]] Result<bool> restart_clock(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                         const std::string& request_id, Day on);
// The time is extended by `months` more (in all at most two), for `reason` (required).
[[nodiscard]] Result<bool> extend(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  const std::string& request_id, int months, const std::string& reason);

// The centre's requests, open ones first by due day, then the answered, newest first; read and
// audited as one read.
[[nodiscard]] Result<std::vector<RequestCase>> request_cases(app::Workspace& ws, const app::Centre& c,
                                                             const access::Staff& as);

}  // namespace haven::dataprotection

namespace haven {
template <>
struct EnumNames<dataprotection::ReceivedHow> {
  static constexpr std::array<std::pair<dataprotection::ReceivedHow, std::string_view>, 5> table{{
      {dataprotection::ReceivedHow::portal, "portal"},
      {dataprotection::ReceivedHow::letter, "letter"},
      {dataprotection::ReceivedHow::email, "email"},
      {dataprotection::ReceivedHow::in_person, "in_person"},
      {dataprotection::ReceivedHow::local_authority, "local_authority"},
  }};
};
template <>
struct EnumNames<dataprotection::WaitingFor> {
  static constexpr std::array<std::pair<dataprotection::WaitingFor, std::string_view>, 2> table{{
      {dataprotection::WaitingFor::identity, "identity"},
      {dataprotection::WaitingFor::clarification, "clarification"},
  }};
};
}  // namespace haven
