#include "records/calendar.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "access/access.hpp"
#include "crypto/keystore.hpp"
#include "crypto/sealed.hpp"
#include "records/audited_write.hpp"
#include "records/family_rows.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::records {

namespace {

// The first names of the people of `families` (family id -> its first_name permit), opened with
// each family's key: person id -> first name.
Result<std::map<std::string, std::string>> first_names(app::Workspace& ws, const std::string& centre_id,
                                                       const std::map<std::string, const policy::Permit*>& families) {
  std::map<std::string, std::string> out;
  std::set<std::string> ids;
  for (const auto& [family, permit] : families) ids.insert(family);
  if (ids.empty()) return out;
  HAVEN_TRY(keys, ws.keys().family_ciphers(ids));
  for (const auto& row : store::rows(ws.db(),
                                     "SELECT p.family_id, p.id, p.first_name FROM people p JOIN families f "
                                     "ON f.id = p.family_id WHERE f.centre_id = :c",
                                     centre_id)) {
    auto family = families.find(row.get<std::string>(0));
    auto key = keys.find(row.get<std::string>(0));
    if (family == families.end() || key == keys.end()) continue;
    auto person = row.get<std::string>(1);
    HAVEN_TRY(name, key->second.open(*family->second, policy::Item::first_name, person, row.get<std::string>(2)));
    out[person] = name;
  }
  return out;
}

// The calendar's sessions from `from` to `to`; with `sheet`, each with its people's first names,
// the must-not-meet flag and its rota, as day_sheet() describes. Audited as `action`.
Result<std::vector<CalendarSession>> read_calendar(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                                   Day from, Day to, bool sheet, const std::string& action) {
  if (to < from) return fail(ErrorKind::invalid_input, "the calendar's last day is before its first");
  if (to - from > std::chrono::days{92}) return fail(ErrorKind::invalid_input, "a calendar covers at most 92 days");
  auto lower = london_day_start_utc(from);
  auto upper = london_day_start_utc(to + std::chrono::days{1});
  if (!lower || !upper) return fail(ErrorKind::invalid_input, "those dates are out of range");
  return store::guard_storage([&]() -> Result<std::vector<CalendarSession>> {
    // Each family is decided once for each item; the readers leave out every family without a permit.
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

    std::map<std::string, const policy::Permit*> named, flagged;
    std::map<std::string, std::vector<std::string>> rota_of;
    std::map<std::string, std::string> names;
    if (sheet) {
      for (const auto& row : sessions)
        for (auto [item, into] :
             {std::pair{policy::Item::first_name, &named}, std::pair{policy::Item::must_not_meet, &flagged}})
          if (const policy::Permit* permit = permit_for(row.family_id, item)) (*into)[row.family_id] = permit;
      HAVEN_TRY(opened, first_names(ws, c.id, named));
      names = std::move(opened);
      for (const auto& row : store::rows(ws.db(),
                                         "SELECT r.session_id, m.display_name FROM rota r JOIN staff m ON m.id = "
                                         "r.staff_id JOIN contact_sessions s ON s.id = r.session_id JOIN families f "
                                         "ON f.id = s.family_id WHERE f.centre_id = :c AND s.starts_at >= :lo AND "
                                         "s.starts_at < :hi ORDER BY m.display_name",
                                         c.id, *lower, *upper))
        rota_of[row.get<std::string>(0)].push_back(row.get<std::string>(1));
    }

    std::map<std::string, std::vector<CalendarPerson>> people_of;
    for (const auto& a : attendance)
      people_of[a.session_id].push_back({a.person_id, a.party, a.status, london_time_of(a.planned_arrival),
                                         london_time_of(a.planned_departure), london_time_of(a.arrived_at),
                                         london_time_of(a.left_at),
                                         names.contains(a.person_id) ? names.at(a.person_id) : std::string()});
    std::vector<CalendarSession> out;
    for (const auto& row : sessions) {
      auto starts = parse_utc(row.starts_at);
      auto ends = parse_utc(row.ends_at);
      if (!starts || !ends) return fail(ErrorKind::integrity, "a stored session time is malformed");
      CalendarSession session{row.id,
                              row.family_reference,
                              format_london_day(*starts),
                              format_london_time(*starts),
                              format_london_time(*ends),
                              row.room,
                              row.on_rota,
                              row.kind == "handover",
                              std::move(people_of[row.id]),
                              std::nullopt,
                              std::move(rota_of[row.id])};
      if (auto flag = flagged.find(row.family_id); flag != flagged.end()) {
        HAVEN_TRY(apart, must_not_meet_of(ws, *flag->second));
        session.must_not_meet = apart;
      }
      out.push_back(std::move(session));
    }
    if (out.empty() && first_refused) {
      auto denied = access::require(ws, c, *first_refused, {action, "centre:" + c.id});
      if (!denied) return std::unexpected(denied.error());
    }
    std::string fields = "session_times,attendance_times";
    if (!named.empty()) fields += ",first_name";
    if (!flagged.empty()) fields += ",must_not_meet";
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, as.id, action, "centre:" + c.id, fields, policy::cite(policy::Clause::no_disclosure), "allow"}}));
    return out;
  });
}

}  // namespace

Result<std::vector<CalendarSession>> session_calendar(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                                      Day from, Day to) {
  return read_calendar(ws, c, as, from, to, false, "view_calendar");
}

Result<std::vector<CalendarSession>> day_sheet(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                               Day day) {
  return read_calendar(ws, c, as, day, day, true, "view_day_sheet");
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
