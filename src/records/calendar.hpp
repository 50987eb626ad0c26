// The centre's session calendar: every contact session in a range of days, across families, as
// one reader may see it. Each family is put to the decision point once for session times and
// once for attendance times (which carry the planned, staggered arrivals); a family whose
// session times the reader may not see is left out, and a reader who may see none at all gets
// the (audited) denial. The calendar names people only by their part in the family, never by
// name (the day sheet adds first names, as its comment says). The read is audited as one entry.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/time.hpp"
#include "records/families.hpp"
#include "records/staff.hpp"

namespace haven::records {

struct CalendarPerson {
  std::string person_id;
  std::string party;              // resident_parent, non_resident_parent, child
  std::string status;             // expected, arrived, left, no_show
  std::string planned_arrival;    // HH:MM Europe/London
  std::string planned_departure;
  std::string arrived, left;  // HH:MM Europe/London as recorded, empty until then
  std::string first_name;     // on a day sheet, where the reader may see it; else empty
};

struct CalendarSession {
  std::string id;
  std::string family_reference;
  std::string day;     // YYYY-MM-DD Europe/London
  std::string starts;  // HH:MM
  std::string ends;
  std::string room;
  bool on_my_rota = false;            // the reader is on this session's rota
  bool handover = false;              // a handover only (SessionKind::handover), not supported contact
  std::vector<CalendarPerson> people;  // empty unless attendance times are allowed
  // On a day sheet: whether the parents must not meet (where the reader may see the flag), and
  // the display names of the staff and volunteers on the session's rota.
  std::optional<bool> must_not_meet;
  std::vector<std::string> rota;
};

// Sessions whose London date lies in [from, to], in time order.
Result<std::vector<CalendarSession>> session_calendar(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                                      Day from, Day to);

// One day's sessions, for the door and the sign-in sheet: the calendar's sessions with each
// person's first name and the must-not-meet flag where the decision point allows them (a
// volunteer: the sessions of their rota, on the day), and who is on each rota. Audited as one
// read, naming the items shown.
Result<std::vector<CalendarSession>> day_sheet(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                               Day day);

// The family a session belongs to, in this centre (not found for another centre's session).
Result<FamilyRef> family_of_session(app::Workspace& ws, const app::Centre& c, const std::string& session_id);

}  // namespace haven::records
