// The rota: volunteers (and staff) placed on contact sessions, and each person's own rota as an
// iCalendar feed. Clause 6: nobody gets a rota place before a DBS check at the preset's level,
// which the decision point judges as the volunteer's right to see session times. The feed holds
// dates, times, rooms and the first names a session needs, nothing more (clause 1).
#pragma once
#include <string>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "records/staff.hpp"

namespace haven::records {

Result<bool> assign_to_rota(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& session_id,
                            const std::string& handle);

// RFC 5545 calendar of `who`'s rota, with times in UTC.
Result<std::string> rota_calendar(app::Workspace& ws, const app::Centre& c, const access::Staff& who);

}  // namespace haven::records
