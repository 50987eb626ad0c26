#include "records/calendar.hpp"

#include <fmt/format.h>

#include <map>

#include "access/access.hpp"
#include "records/audited_write.hpp"
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

struct SessionRow {
  CalendarSession session;
  std::string family_id;
};

}  // namespace

Result<std::vector<CalendarSession>> session_calendar(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                                      Day from, Day to) {
  if (to < from) return fail(ErrorKind::invalid_input, "the calendar's last day is before its first");
  if (to - from > std::chrono::days{92}) return fail(ErrorKind::invalid_input, "a calendar covers at most 92 days");
  auto lower = london_midnight_utc(from);
  auto upper = london_midnight_utc(to + std::chrono::days{1});
  if (!lower || !upper) return fail(ErrorKind::invalid_input, "those dates are out of range");
  return store::guard_storage([&]() -> Result<std::vector<CalendarSession>> {
    std::vector<SessionRow> rows;
    {
      auto found = store::rows(ws.db().sql(),
                               "SELECT s.id, s.family_id, f.reference, s.starts_at, s.ends_at, s.room, "
                               "(SELECT COUNT(*) FROM rota r WHERE r.session_id = s.id AND r.staff_id = :me) "
                               "FROM contact_sessions s JOIN families f ON f.id = s.family_id "
                               "WHERE f.centre_id = :c AND s.starts_at >= :lo AND s.starts_at < :hi "
                               "ORDER BY s.starts_at, f.reference",
                               as.id, c.id, *lower, *upper);
      for (const auto& row : found) {
        auto starts = parse_utc(row.get<std::string>(3));
        auto ends = parse_utc(row.get<std::string>(4));
        if (!starts || !ends) return fail(ErrorKind::integrity, "a stored session time is malformed");
        CalendarSession s{row.get<std::string>(0), row.get<std::string>(2), format_london_day(*starts),
                          format_london_time(*starts), format_london_time(*ends), row.get<std::string>(5),
                          store::row_int(row, 6) > 0, {}};
        rows.push_back({std::move(s), row.get<std::string>(1)});
      }
    }
    // Who comes to each session and when, for every session in the range, in one query; only
    // sessions whose family's attendance the viewer may see are given theirs below.
    std::map<std::string, std::vector<CalendarPerson>> people_of;
    {
      auto found = store::rows(ws.db().sql(),
                               "SELECT a.session_id, a.person_id, p.party, a.status, a.planned_arrival, "
                               "a.planned_departure FROM attendance a JOIN people p ON p.id = a.person_id "
                               "JOIN contact_sessions s ON s.id = a.session_id JOIN families f ON f.id = s.family_id "
                               "WHERE f.centre_id = :c AND s.starts_at >= :lo AND s.starts_at < :hi "
                               "ORDER BY a.session_id, p.party DESC, p.created_at",
                               c.id, *lower, *upper);
      for (const auto& p : found)
        people_of[p.get<std::string>(0)].push_back({p.get<std::string>(1), p.get<std::string>(2),
                                                    p.get<std::string>(3), london_time_of(p.get<std::string>(4)),
                                                    london_time_of(p.get<std::string>(5))});
    }
    std::map<std::string, std::pair<policy::Decision, policy::Decision>> by_family;  // times, attendance
    std::optional<policy::AccessRequest> first_refused;
    std::vector<CalendarSession> out;
    for (auto& [session, family_id] : rows) {
      auto it = by_family.find(family_id);
      if (it == by_family.end()) {
        auto times = access::consider(c, access::view(c, as, policy::Item::session_times, family_id));
        auto attendance = access::consider(c, access::view(c, as, policy::Item::attendance_times, family_id));
        it = by_family.emplace(family_id, std::pair{std::move(times), std::move(attendance)}).first;
        if (!it->second.first.allowed() && !first_refused)
          first_refused = access::view(c, as, policy::Item::session_times, family_id);
      }
      if (!it->second.first.allowed()) continue;
      if (it->second.second.allowed()) session.people = std::move(people_of[session.id]);
      out.push_back(std::move(session));
    }
    if (out.empty() && first_refused) {
      auto denied = access::require(ws, c, *first_refused, {"view_calendar", "centre:" + c.id});
      if (!denied) return std::unexpected(denied.error());
    }
    store::WriteTransaction tx(ws.db());
    ws.audit().append({c.id, as.id, "view_calendar", "centre:" + c.id, "session_times,attendance_times",
             policy::cite(policy::Clause::no_disclosure), "allow"});
    tx.commit();
    return out;
  });
}

Result<FamilyRef> family_of_session(app::Workspace& ws, const app::Centre& c, const std::string& session_id) {
  return store::guard_storage([&]() -> Result<FamilyRef> {
    std::string id, reference;
    soci::indicator ind = soci::i_null;
    ws.db().sql() << "SELECT f.id, f.reference FROM contact_sessions s JOIN families f ON f.id = s.family_id "
                     "WHERE s.id = :s AND f.centre_id = :c",
        soci::use(session_id), soci::use(c.id), soci::into(id, ind), soci::into(reference);
    if (ind != soci::i_ok) return fail(ErrorKind::not_found, "no such session at this centre");
    return FamilyRef{id, reference};
  });
}

}  // namespace haven::records
