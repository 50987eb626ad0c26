// Writing family records: families, people (parents and children), referrals, contact
// sessions, attendance and internal session notes.
//
// Every write asks the decision point first (action "record"); a refusal is itself audited and
// comes back as an error naming the clause. A permitted write, its audit entry and the family's
// last-use time (the retention clock, clause 8) are committed in one transaction. Personal
// values are sealed with the family's key before they reach the database.
#pragma once
#include <optional>
#include <string>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/time.hpp"
#include "records/staff.hpp"

namespace haven::records {

enum class Party { resident_parent, non_resident_parent, child };

enum class AgencyKind { solicitor, cafcass, social_worker, self_referral, local_authority, other };

// What a session is: supported contact at the centre, or a handover only, where the centre is
// the meeting point and the child spends the time between the handover (at the start) and the
// return (at the end) away with the other parent.
enum class SessionKind { supported, handover };

// Why a session was called off: a fixed list, so a cancellation holds nothing personal.
enum class CancelReason {
  parent_called_off,
  child_unwell,
  centre_closed,
  not_enough_staff,
  arrangements_changed,
  other
};

// Why someone expected at a session did not come: a fixed list, so it holds nothing personal.
enum class NoShowReason {
  let_us_know,  // they let the centre know beforehand
  no_word,      // no word from them
  unwell,       // they or the child were unwell
  other,
};

// Why recorded attendance was corrected: a fixed list, so a correction holds nothing personal.
enum class AmendReason { wrong_time, wrong_person, wrong_status, other };

struct NewPerson {
  Party party = Party::child;
  std::string first_name;
  std::string surname;
  std::string date_of_birth;  // YYYY-MM-DD; required for children
  std::string address;
  std::string phone;
  std::string email;
};

struct NewReferral {
  AgencyKind agency = AgencyKind::solicitor;
  std::string referrer_name;
  std::string acting_for;   // person id of the parent the referrer acts for; empty for neither
  std::string referred_on;  // YYYY-MM-DD
};

// When the family's parents must not meet, the resident parent (with the children) arrives
// `gap_minutes` before the start and collects the children `gap_minutes` after the end; the
// other parent comes at the start and leaves at the end. Otherwise everyone is planned for the
// session's own times. A handover holds its room only around the handover and the return
// (records/rooms.hpp); moving a session keeps its kind.
struct NewSession {
  std::string starts;  // Europe/London, "2026-11-28 10:00"
  std::string ends;
  std::string room;
  int gap_minutes = 15;  // 5 to 60
  SessionKind kind = SessionKind::supported;
};

struct FamilyRef {
  std::string id;
  std::string reference;    // the centre's case reference, e.g. F0007
  std::string disposed_on;  // YYYY-MM-DD when its records were destroyed (clause 8), else empty
};

Result<FamilyRef> create_family(app::Workspace& ws, const app::Centre& c, const access::Staff& by, bool must_not_meet);
// Marks that the family's parents must not meet (clause 4: their arrivals are staggered from the
// next booking on). It only ever sets the flag; audited as a change of it.
Result<bool> mark_must_not_meet(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const std::string& family_id);
// The keyed hash a parent is found by from the email on their record (case and spaces aside), for
// signing in to the portal; the address itself is kept only sealed.
[[nodiscard]] std::string email_index(app::Workspace& ws, const std::string& centre_id, std::string_view email);
Result<std::string> add_person(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                               const std::string& family_id, const NewPerson& p);
// The parent of `family_id` whose record another's words made (named by the other parent's
// application: the same side, no address, phone or email yet) and whose name is `first_name`
// `surname` (or `first_name` alone when that record has no surname): their id, or empty.
[[nodiscard]] Result<std::string> named_parent(app::Workspace& ws, const app::Centre& c, const std::string& family_id,
                                               Party party, const std::string& first_name, const std::string& surname);
// Fills in what that parent's record lacks (surname, address, phone, email) from `p`, the
// parent's own words; nothing recorded is overwritten. Audited as a change of their details.
Result<bool> complete_person(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                             const std::string& family_id, const std::string& person_id, const NewPerson& p);
Result<std::string> add_referral(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                 const std::string& family_id, const NewReferral& r);
Result<std::string> schedule_session(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                     const std::string& family_id, const NewSession& s);
// Moves a session that has not been attended to new times and a room (the gap as when booking),
// with the same checks as booking it, and plans everyone's arrival and departure again. Refused as
// a conflict once it is cancelled or anyone's attendance is recorded at it.
Result<bool> move_session(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                          const std::string& session_id, const NewSession& s);
// status: arrived (at = arrival), left (at = departure), no_show (at ignored). London local times.
// Whether attendance at a session on `day` (Europe/London) may be recorded now: from that day on.
[[nodiscard]] bool attendance_open_on(Day day);
// `why` goes with a no-show, and only with one (invalid_input, naming "reason", otherwise);
// "no_word" is the reason when nobody knows.
Result<bool> record_attendance(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                               const std::string& session_id, const std::string& person_id, const std::string& status,
                               const std::string& at, std::optional<NoShowReason> why = std::nullopt);
// Corrects what is recorded of a person's attendance at a session (status and time as for
// record_attendance), keeping what it replaces, with the reason, as an amendment of the record.
// Needs what record_attendance needs; refused as a conflict when nothing is recorded yet (record
// it instead) or the correction changes nothing.
Result<bool> correct_attendance(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const std::string& session_id, const std::string& person_id, const std::string& status,
                                const std::string& at, AmendReason reason);
// Calls off a session that has not been attended (action "record" of its session_times): it
// keeps its row, marked cancelled with the reason, and frees its room and its rota. Refused as a
// conflict once it is cancelled or anyone's attendance is recorded at it (record a no-show then).
Result<bool> cancel_session(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                            const std::string& session_id, CancelReason reason);
Result<std::string> add_session_note(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                     const std::string& session_id, const std::string& body);

// The family with this case reference (or id) in this centre.
Result<FamilyRef> find_family(app::Workspace& ws, const app::Centre& c, const std::string& reference_or_id);

// How many families the centre holds (destroyed ones included): a figure for the operator's
// status report, naming no one.
[[nodiscard]] Result<int> count_families(app::Workspace& ws, const std::string& centre_id);

}  // namespace haven::records

namespace haven {

template <>
struct EnumNames<records::Party> {
  static constexpr std::array<std::pair<records::Party, std::string_view>, 3> table{{
      {records::Party::resident_parent, "resident_parent"},
      {records::Party::non_resident_parent, "non_resident_parent"},
      {records::Party::child, "child"},
  }};
};

template <>
struct EnumNames<records::SessionKind> {
  static constexpr std::array<std::pair<records::SessionKind, std::string_view>, 2> table{{
      {records::SessionKind::supported, "supported"},
      {records::SessionKind::handover, "handover"},
  }};
};

template <>
struct EnumNames<records::AmendReason> {
  static constexpr std::array<std::pair<records::AmendReason, std::string_view>, 4> table{{
      {records::AmendReason::wrong_time, "wrong_time"},
      {records::AmendReason::wrong_person, "wrong_person"},
      {records::AmendReason::wrong_status, "wrong_status"},
      {records::AmendReason::other, "other"},
  }};
};

template <>
struct EnumNames<records::NoShowReason> {
  static constexpr std::array<std::pair<records::NoShowReason, std::string_view>, 4> table{{
      {records::NoShowReason::let_us_know, "let_us_know"},
      {records::NoShowReason::no_word, "no_word"},
      {records::NoShowReason::unwell, "unwell"},
      {records::NoShowReason::other, "other"},
  }};
};

template <>
struct EnumNames<records::CancelReason> {
  static constexpr std::array<std::pair<records::CancelReason, std::string_view>, 6> table{{
      {records::CancelReason::parent_called_off, "parent_called_off"},
      {records::CancelReason::child_unwell, "child_unwell"},
      {records::CancelReason::centre_closed, "centre_closed"},
      {records::CancelReason::not_enough_staff, "not_enough_staff"},
      {records::CancelReason::arrangements_changed, "arrangements_changed"},
      {records::CancelReason::other, "other"},
  }};
};

template <>
struct EnumNames<records::AgencyKind> {
  static constexpr std::array<std::pair<records::AgencyKind, std::string_view>, 6> table{{
      {records::AgencyKind::solicitor, "solicitor"},
      {records::AgencyKind::cafcass, "cafcass"},
      {records::AgencyKind::social_worker, "social_worker"},
      {records::AgencyKind::self_referral, "self_referral"},
      {records::AgencyKind::local_authority, "local_authority"},
      {records::AgencyKind::other, "other"},
  }};
};

}  // namespace haven
