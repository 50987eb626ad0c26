// Requests for a person's own records (subject access) as cases with the law's clock. A request
// arrives from a parent in the portal (portal::ask_for_records) or is logged by staff when it came
// by letter, email or in person, or from a local authority for a child.
//
// The answer is due one month after the request arrives, or, when the centre asked for proof of
// identity, one month after the proof arrives (a clock stopped waiting for identity starts the
// month again when it restarts); the clock stands still while the centre waits for the request to
// be made clear, and the due day moves on by the days it stood. A due day that is not a working
// day (core/working_days.hpp) moves to the next. Once, within the first month, the time may be
// extended by one or two months, with a reason.
//
// A request ends when the person's records are released to them or to the local authority for a
// child (disclosure::subject_access; the decision point refuses that release while a request logged
// by staff waits for the requester's identity to be checked), or when it is closed as withdrawn,
// refused (with a reason) or with no records to give.
//
// Coordinators and management keep these cases (Action::keep_data_protection_records); each read
// and change is audited, and the reasons for an extension or a refusal are sealed under the master
// key. The case names the family by reference and the person by their party, never by name.
// Errors of input end with the field as the API names it, in brackets: "(on)", "(reason)".
//
// Thread-safety: as safe as the Workspace given (one per thread); due_on() is a pure function.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace haven::dataprotection {

enum class ReceivedHow { portal, letter, email, in_person, local_authority };
enum class WaitingFor { identity, clarification };
// How a request ended: its records released, or closed without them.
enum class RequestOutcome { released, withdrawn, refused, no_records };

// A stretch of days the clock stood still: from `stopped` to `restarted` (nullopt while it stands).
struct Pause {
  Day stopped;
  std::optional<Day> restarted;
  WaitingFor waiting_for = WaitingFor::identity;
};

// What a stopped clock waits for, in words: "proof of identity", "the request to be made clear".
[[nodiscard]] std::string_view waiting_words(WaitingFor what);

// The day the answer is due: one month (and `extended_months` more) after `received`, or after the
// last restart of a pause waiting for identity; moved on by the days of each later pause waiting
// for clarification; then to the next working day. A pause still open counts up to `today`.
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
  // YYYY-MM-DD; empty when not yet. due_on is as the clock stands on the day it was read (a clock
  // standing still counts up to that day); answered_on is the day the request was closed.
  std::string received_on, identity_checked_on, due_on, answered_on;
  std::optional<RequestOutcome> outcome;  // set once answered
  std::vector<Pause> pauses;              // oldest first; only the last may be open
  int extended_months = 0;
  std::string extension_reason;  // opened only for request_case(); empty in lists
  std::string outcome_reason;    // why it was refused; opened only for request_case()
  [[nodiscard]] bool clock_stopped() const { return !pauses.empty() && !pauses.back().restarted; }
  [[nodiscard]] bool open() const { return answered_on.empty(); }
  // Open, and its due day before `today`.
  [[nodiscard]] bool overdue(Day today) const { return open() && due_on < format_day(today); }
  // Whether the day it was received may be put right (correct_received): open, and logged by
  // staff (the portal records the day a request is made itself).
  [[nodiscard]] bool received_correctable() const { return open() && how != ReceivedHow::portal; }
};

// Whose records may be asked for in a family: each of its people, by party ("Child 1" and so on
// for children, oldest record first). Opens nothing sealed; for the form that logs a request.
struct Requester {
  std::string person_id;
  std::string party;     // records::Party's name
  int child_number = 0;  // 1, 2... for children, 0 for a parent
};
[[nodiscard]] Result<std::vector<Requester>> requesters(app::Workspace& ws, const app::Centre& c,
                                                        const access::Staff& as, const std::string& family_reference);

// Logs a request received outside the portal; its id. invalid_input naming the field for a day in
// the future or a person not of the family; a conflict while the person has a request open.
[[nodiscard]] Result<std::string> record_request(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                 const NewRequest& r);

// The day a request logged by staff was received, put right when it was entered wrongly: not in
// the future, nor after its identity was checked or its clock first stopped (invalid_input naming
// 'on'). A conflict for a request made in the portal, or one closed. The due day follows.
[[nodiscard]] Result<bool> correct_received(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                            const std::string& request_id, Day on);

// The person's identity was checked on `on` (not before it was received, not in the future). A
// clock standing still for proof of identity runs again from that day.
[[nodiscard]] Result<bool> identity_checked(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                            const std::string& request_id, Day on);
// The clock stops on `on` while the centre waits for `what`; a conflict when it already stands, and
// invalid_input for a day before it was received or last restarted, or after the answer was due.
[[nodiscard]] Result<bool> stop_clock(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                      const std::string& request_id, Day on, WaitingFor what);
// The clock runs again from `on` (not before it stopped); the due day moves on by the days it stood.
[[nodiscard]] Result<bool> restart_clock(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                         const std::string& request_id, Day on);
// The time is extended by `months` (one or two), for `reason` (required, sealed): once, and only
// within the first month, while the person can still be told in time. A conflict otherwise.
[[nodiscard]] Result<bool> extend(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  const std::string& request_id, int months, const std::string& reason);

// The request ends on `on` without a release: withdrawn by the person, refused (with `reason`,
// required and sealed: for example manifestly unfounded or excessive), or with no records to give.
// invalid_input for `released`, which only a release records.
[[nodiscard]] Result<bool> close_request(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                         const std::string& request_id, RequestOutcome how, Day on,
                                         const std::string& reason);

// The centre's requests, open ones first by due day, then the answered, newest first; read and
// audited as one read. Reasons are not opened.
[[nodiscard]] Result<std::vector<RequestCase>> request_cases(app::Workspace& ws, const app::Centre& c,
                                                             const access::Staff& as);
// One request, its reasons opened; audited as a read of that request. not_found when the centre
// has no such request.
[[nodiscard]] Result<RequestCase> request_case(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                               const std::string& request_id);

// The person's newest request, as its clock stands today; nullopt when they have made none. Opens
// nothing sealed and writes no audit entry: for a caller already permitted to read the person's
// case progress, which audits its own read (portal::status).
[[nodiscard]] Result<std::optional<RequestCase>> newest_request_of(app::Workspace& ws, const app::Centre& c,
                                                                   const std::string& person_id);

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
struct EnumNames<dataprotection::RequestOutcome> {
  static constexpr std::array<std::pair<dataprotection::RequestOutcome, std::string_view>, 4> table{{
      {dataprotection::RequestOutcome::released, "released"},
      {dataprotection::RequestOutcome::withdrawn, "withdrawn"},
      {dataprotection::RequestOutcome::refused, "refused"},
      {dataprotection::RequestOutcome::no_records, "no_records"},
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
