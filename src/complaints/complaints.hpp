// The complaints log: complaints about the centre's service and about how it handles personal data
// (the Data (Use and Access) Act 2025 gives everyone a right to complain to the controller first),
// each taken through the stages a contact centre uses. A complaint is acknowledged within
// acknowledge_within working days of arriving; it is answered at stage one within answer_within
// working days; a complainant still unhappy asks for stage two, where someone impartial (a manager
// who did not answer stage one) reviews it within answer_within working days of the request; and
// they may then take it to NACCC (service) or the Information Commissioner (data protection).
// Working days are those of core/working_days.hpp.
//
// Coordinators and management keep the log (Action::keep_data_protection_records); stage two's
// answer is recorded under Action::review_complaint, by a manager other than the member of staff
// who recorded stage one's. The reviewer named when stage two is asked for may be someone without
// an account (a trustee); the manager who records their answer vouches that stage one's author did
// not review it, and Haven holds them to not being that author themselves. Who
// complained, what about, and each answer are sealed under the master key, bound to the complaint
// and the field; the family, when there is one, is named by its reference, and the complaint goes
// with the family's records when they are destroyed. Every read and change is audited.
//
// Thread-safety: as safe as the Workspace given (one per thread); due_of() and step_allowed() are pure functions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace haven::complaints {

inline constexpr int acknowledge_within = 5;  // working days from arrival
inline constexpr int answer_within = 20;      // working days from arrival (stage one) or the request (stage two)
inline constexpr std::size_t text_longest = 4000;

enum class Kind { service, data_protection };
enum class From { parent, referrer, other };
enum class ReceivedHow { letter, email, in_person, phone };
enum class Finding { upheld, partly_upheld, not_upheld };
enum class ReferredTo { naccc, information_commissioner };
// The step a complaint waits for.
enum class Waiting { acknowledgement, stage_one, stage_two, nothing };

struct NewComplaint {
  Kind kind = Kind::service;
  From from = From::parent;
  ReceivedHow how = ReceivedHow::letter;
  Day received;             // not in the future
  std::string complainant;  // who complained, as they sign themselves; required
  std::string family;       // the family's reference, or empty when none is concerned
  std::string summary;      // what the complaint is about; required
};

// One stage's answer.
struct Answer {
  std::string on;  // YYYY-MM-DD
  Finding finding = Finding::not_upheld;
  std::string summary;  // what the centre said and will do; opened only by complaint()
  std::string by;       // the name of who recorded it
};

struct Complaint {
  std::string id;
  Kind kind = Kind::service;
  From from = From::parent;
  ReceivedHow how = ReceivedHow::letter;
  std::string received_on, family_reference;  // YYYY-MM-DD; reference empty when none
  std::string complainant, summary;           // opened only by complaint()
  std::string acknowledged_on;                // empty until acknowledged
  std::optional<Answer> stage_one;
  std::string stage_two_asked_on, reviewer;  // reviewer: the impartial person, opened only by complaint()
  std::optional<Answer> stage_two;
  std::optional<ReferredTo> referred_to;
  std::string referred_on, withdrawn_on;
  // What it waits for, and by when (YYYY-MM-DD; empty when it waits for nothing).
  Waiting waiting = Waiting::nothing;
  std::string due_on;
  [[nodiscard]] bool overdue(Day today) const { return !due_on.empty() && due_on < format_day(today); }
};

// What `c` waits for and the day it is due, from its days alone (a pure function): acknowledgement
// within acknowledge_within working days of arrival, stage one within answer_within of arrival,
// stage two within answer_within of its request; nothing once withdrawn or answered.
struct Due {
  Waiting waiting = Waiting::nothing;
  std::optional<Day> on;
};
[[nodiscard]] Due due_of(const Complaint& c);

// Logs a complaint; its id. invalid_input naming the field for a day in the future, an empty or
// over-long text, or a reference that is not one of the centre's families.
[[nodiscard]] Result<std::string> record_complaint(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                   const NewComplaint& n);

// A step in a complaint's life. Each is refused as a conflict out of its order (an answer before
// the acknowledgement, stage two before stage one's answer, anything after a withdrawal), and with
// invalid_input for a day in the future or before the step it follows.
struct Step {
  enum class What { acknowledged, answered, stage_two_asked, referred, withdrawn } what;
  Day on;
  Finding finding = Finding::not_upheld;  // answered
  std::string text;                       // answered: the summary; stage_two_asked: the reviewer
  ReferredTo to = ReferredTo::naccc;      // referred
};
// Whether `what` may be the complaint's next step as it stands (a pure function): the conflict
// record_step() gives otherwise. For pages, to offer only the steps that may follow.
[[nodiscard]] Result<bool> step_allowed(const Complaint& k, Step::What what);
[[nodiscard]] Result<bool> record_step(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                       const std::string& complaint_id, const Step& step);

// The centre's complaints, those waiting first by due day, then the rest newest first; nothing
// sealed opened, audited as one read.
[[nodiscard]] Result<std::vector<Complaint>> complaints(app::Workspace& ws, const app::Centre& c,
                                                        const access::Staff& as);
// One complaint, opened; audited as a read of it. not_found when the centre has no such complaint.
[[nodiscard]] Result<Complaint> complaint(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                          const std::string& complaint_id);
// Whether `as` may keep the log: for the page that logs one, before anything is typed.
[[nodiscard]] Result<bool> open_log(app::Workspace& ws, const app::Centre& c, const access::Staff& as);

}  // namespace haven::complaints

namespace haven {
template <>
struct EnumNames<complaints::Kind> {
  static constexpr std::array<std::pair<complaints::Kind, std::string_view>, 2> table{{
      {complaints::Kind::service, "service"},
      {complaints::Kind::data_protection, "data_protection"},
  }};
};
template <>
struct EnumNames<complaints::From> {
  static constexpr std::array<std::pair<complaints::From, std::string_view>, 3> table{{
      {complaints::From::parent, "parent"},
      {complaints::From::referrer, "referrer"},
      {complaints::From::other, "other"},
  }};
};
template <>
struct EnumNames<complaints::ReceivedHow> {
  static constexpr std::array<std::pair<complaints::ReceivedHow, std::string_view>, 4> table{{
      {complaints::ReceivedHow::letter, "letter"},
      {complaints::ReceivedHow::email, "email"},
      {complaints::ReceivedHow::in_person, "in_person"},
      {complaints::ReceivedHow::phone, "phone"},
  }};
};
template <>
struct EnumNames<complaints::Finding> {
  static constexpr std::array<std::pair<complaints::Finding, std::string_view>, 3> table{{
      {complaints::Finding::upheld, "upheld"},
      {complaints::Finding::partly_upheld, "partly_upheld"},
      {complaints::Finding::not_upheld, "not_upheld"},
  }};
};
template <>
struct EnumNames<complaints::ReferredTo> {
  static constexpr std::array<std::pair<complaints::ReferredTo, std::string_view>, 2> table{{
      {complaints::ReferredTo::naccc, "naccc"},
      {complaints::ReferredTo::information_commissioner, "information_commissioner"},
  }};
};
template <>
struct EnumNames<complaints::Waiting> {
  static constexpr std::array<std::pair<complaints::Waiting, std::string_view>, 4> table{{
      {complaints::Waiting::acknowledgement, "acknowledgement"},
      {complaints::Waiting::stage_one, "stage_one"},
      {complaints::Waiting::stage_two, "stage_two"},
      {complaints::Waiting::nothing, "nothing"},
  }};
};
template <>
struct EnumNames<complaints::Step::What> {
  static constexpr std::array<std::pair<complaints::Step::What, std::string_view>, 5> table{{
      {complaints::Step::What::acknowledged, "acknowledged"},
      {complaints::Step::What::answered, "answered"},
      {complaints::Step::What::stage_two_asked, "stage_two_asked"},
      {complaints::Step::What::referred, "referred"},
      {complaints::Step::What::withdrawn, "withdrawn"},
  }};
};
}  // namespace haven
