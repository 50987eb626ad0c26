#include "records/calendar.hpp"

#include <fmt/format.h>

#include <map>

#include "access/access.hpp"
#include "records/audited_write.hpp"
#include "records/family_rows.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::records {

namespace {

// The UTC instant at which a London day begins, as stored ("2026-11-28T00:00:00Z").
Result<std::string> london_midnight_utc(Day day) {
  auto at = parse_london(format_day(day) + " 00:00");
  if (!at) return std::unexpected(at.error());
  return format_utc(*at);
}

}  // namespace

Result<std::vector<CalendarSession>> session_calendar(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                                      Day from, Day to) {
  if (to < from) return fail(ErrorKind::invalid_input, "the calendar's last day is before its first");
  if (to - from > std::chrono::days{92}) return fail(ErrorKind::invalid_input, "a calendar covers at most 92 days");
  auto lower = london_midnight_utc(from);
  auto upper = london_midnight_utc(to + std::chrono::days{1});
  if (!lower || !upper) return fail(ErrorKind::invalid_input, "those dates are out of range");
  return store::guard_storage([&]() -> Result<std::vector<CalendarSession>> {
    // Each family is decided once, for session times and for attendance times (which carry the
    // planned, staggered arrivals); the readers leave out every family without a permit.
    std::optional<policy::AccessRequest> first_refused;
    DecidedPermits permit_for([&](const std::string& family_id, policy::Item item) {
      auto request = access::view(c, as, item, family_id);
      auto decision = access::consider(c, request);
      if (!decision.allowed() && item == policy::Item::session_times && !first_refused) first_refused = request;
      return decision;
    });
    SessionFilter range{*lower, *upper, as.id, false};
    HAVEN_TRY(sessions, centre_sessions(ws, c.id, range, std::ref(permit_for)));
    HAVEN_TRY(attendance, centre_attendance(ws, c.id, range, std::ref(permit_for)));
    std::map<std::string, std::vector<CalendarPerson>> people_of;
    for (const auto& a : attendance)
      people_of[a.session_id].push_back({a.person_id, a.party, a.status, london_time_of(a.planned_arrival),
                                         london_time_of(a.planned_departure)});
    std::vector<CalendarSession> out;
    for (const auto& row : sessions) {
      auto starts = parse_utc(row.starts_at);
      auto ends = parse_utc(row.ends_at);
      if (!starts || !ends) return fail(ErrorKind::integrity, "a stored session time is malformed");
      out.push_back({row.id, row.family_reference, format_london_day(*starts), format_london_time(*starts),
                     format_london_time(*ends), row.room, row.on_rota, std::move(people_of[row.id])});
    }
    if (out.empty() && first_refused) {
      auto denied = access::require(ws, c, *first_refused, {"view_calendar", "centre:" + c.id});
      if (!denied) return std::unexpected(denied.error());
    }
    HAVEN_CHECK(
        ws.audit().append_committed({{c.id, as.id, "view_calendar", "centre:" + c.id, "session_times,attendance_times",
                                      policy::cite(policy::Clause::no_disclosure), "allow"}}));
    return out;
  });
}

Result<FamilyRef> family_of_session(app::Workspace& ws, const app::Centre& c, const std::string& session_id) {
  return store::guard_storage([&]() -> Result<FamilyRef> {
    auto row = store::first_row(
        ws.db(),
        "SELECT f.id, f.reference FROM contact_sessions s JOIN families f ON f.id = s.family_id "
        "WHERE s.id = :s AND f.centre_id = :c",
        session_id, c.id);
    if (!row || row->is_null(0)) return fail(ErrorKind::not_found, "no such session at this centre");
    return FamilyRef{row->get<std::string>(0), row->get<std::string>(1), ""};
  });
}

}  // namespace haven::records
