// The centre's session calendar: every contact session in a range of days, across families, as
// one reader may see it. Each family is put to the decision point once for session times and
// once for attendance times (which carry the planned, staggered arrivals); a family whose
// session times the reader may not see is left out, and a reader who may see none at all gets
// the (audited) denial. The calendar names people only by their part in the family, never by
// name. The read is audited as one entry.
#pragma once
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
};

struct CalendarSession {
  std::string id;
  std::string family_reference;
  std::string day;     // YYYY-MM-DD Europe/London
  std::string starts;  // HH:MM
  std::string ends;
  std::string room;
  bool on_my_rota = false;            // the reader is on this session's rota
  std::vector<CalendarPerson> people;  // empty unless attendance times are allowed
};

// Sessions whose London date lies in [from, to], in time order.
Result<std::vector<CalendarSession>> session_calendar(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                                      Day from, Day to);

// The family a session belongs to, in this centre (not found for another centre's session).
Result<FamilyRef> family_of_session(app::Workspace& ws, const app::Centre& c, const std::string& session_id);

}  // namespace haven::records
