// The rota: volunteers (and staff) placed on contact sessions, and each person's own rota as an
// iCalendar feed. Clause 6: nobody gets a rota place before a DBS check at the preset's level,
// which the decision point judges as the volunteer's right to see session times. The feed holds
// dates, times, rooms and the first names a session needs, nothing more (clause 1).
#pragma once
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "records/staff.hpp"

namespace haven::records {

Result<bool> assign_to_rota(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& session_id,
                            const std::string& handle);

// The centre's staff who may be put on the rota of the family's sessions, as the decision point
// judges each (a role in force and a recorded DBS check, clause 6). Not audited: it names no family data.
[[nodiscard]] std::vector<access::Staff> rota_candidates(app::Workspace& ws, const app::Centre& c,
                                                         const std::string& family_id);

// RFC 5545 calendar of `who`'s rota, with times in UTC.
Result<std::string> rota_calendar(app::Workspace& ws, const app::Centre& c, const access::Staff& who);

}  // namespace haven::records
