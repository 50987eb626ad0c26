#include "access/staff.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/enum_names.hpp"
#include "core/time.hpp"
#include "store/rows.hpp"

namespace haven::access {

namespace {

Staff staff_from_row(const store::Row& row) {
  Staff s;
  s.id = row.get<std::string>(0);
  s.centre_id = row.get<std::string>(1);
  s.handle = row.get<std::string>(2);
  s.display_name = row.get<std::string>(3);
  s.role = parse_enum<policy::Role>(row.get<std::string>(4)).value_or(policy::Role::volunteer);
  s.dbs = parse_enum<policy::DbsLevel>(row.get<std::string>(5)).value_or(policy::DbsLevel::none);
  s.dbs_checked_on = row.get<std::string>(6);
  s.dbs_update_service = row.get<int64_t>(7) != 0;
  s.role_pending = row.get<int64_t>(8) != 0;
  s.role_proposed_by = row.get<std::string>(9);
  s.disabled = row.get<int64_t>(10) != 0;
  s.centre_policy_version = row.get_or<std::string>(11, "");
  return s;
}

// The staff row with its latest recorded DBS check (clause 6: there is no other source of a level):
// the columns staff_from_row reads, and the tables they come from.
constexpr const char* staff_columns_sql =
    "staff.id, staff.centre_id, staff.handle, staff.display_name, staff.role, COALESCE(l.level, 'none'), "
    "COALESCE(l.issued_on, ''), COALESCE(l.update_service, 0), staff.role_pending, staff.role_proposed_by, "
    "staff.disabled, (SELECT c.policy_version FROM centres c WHERE c.id = staff.centre_id)";
constexpr std::size_t staff_columns = 12;
constexpr const char* staff_tables = "staff LEFT JOIN latest_dbs_checks l ON l.staff_id = staff.id";

// The sessions from today on that a member of staff is on the rota for, joined to their row:
// one row a session, or one row with these columns NULL when there is none. Its one parameter
// (:from) is the start of today in London, as UTC.
constexpr const char* rota_join =
    "LEFT JOIN (SELECT r.staff_id, s.family_id, s.starts_at, s.id AS session_id FROM rota r JOIN contact_sessions s "
    "ON s.id = r.session_id WHERE s.starts_at >= :from AND s.cancelled_at = '') ro ON ro.staff_id = staff.id";
constexpr const char* rota_columns = "ro.family_id, ro.starts_at, ro.session_id";

// The start of today in London, as UTC, and today's date there.
std::pair<std::string, std::string> start_of_london_today() {
  std::string today = format_london_day(now());
  auto starts = parse_london(today + " 00:00");
  return {format_utc(starts ? *starts : now()), today};
}

// Reads a staff member and their rota facts (need to know, clause 1) from `rows`, a query of
// staff_columns_sql, `extra` columns more, then rota_columns: the families of sessions, today or
// later, they are on the rota for, and today's such sessions. The first row's extra columns are
// returned beside them. Nullopt when there is no row.
std::optional<std::pair<Staff, std::vector<std::string>>> staff_with_rota(store::Rows& rows, std::size_t extra,
                                                                          const std::string& today) {
  std::optional<std::pair<Staff, std::vector<std::string>>> out;
  for (const auto& row : rows) {
    if (!out) {
      out.emplace(staff_from_row(row), std::vector<std::string>{});
      for (std::size_t i = 0; i < extra; ++i) out->second.push_back(row.get<std::string>(staff_columns + i));
    }
    const std::size_t rota = staff_columns + extra;
    if (row.is_null(rota + 2)) continue;
    Staff& s = out->first;
    std::string family = row.get<std::string>(rota);
    auto starts = parse_utc(row.get<std::string>(rota + 1));
    if (std::find(s.rota_families.begin(), s.rota_families.end(), family) == s.rota_families.end())
      s.rota_families.push_back(family);
    if (!starts || format_london_day(*starts) != today) continue;
    s.rota_sessions_today.push_back(row.get<std::string>(rota + 2));
    if (std::find(s.rota_families_today.begin(), s.rota_families_today.end(), family) == s.rota_families_today.end())
      s.rota_families_today.push_back(family);
  }
  return out;
}

}  // namespace

policy::Actor Staff::actor() const {
  policy::Actor a{id,           centre_id,     role,          dbs, std::nullopt, dbs_update_service,
                  role_pending, rota_families, rota_families_today, rota_sessions_today};
  if (auto day = parse_day(dbs_checked_on)) a.dbs_issued_on = *day;
  a.disabled = disabled;
  return a;
}

Result<Staff> find_staff(app::Workspace& ws, const std::string& handle) {
  return store::guard_storage([&]() -> Result<Staff> {
    auto [from, today] = start_of_london_today();
    auto rows = store::rows(ws.db(),
                            fmt::format("SELECT {}, {} FROM {} {} WHERE staff.handle = :h", staff_columns_sql,
                                        rota_columns, staff_tables, rota_join),
                            from, handle);
    auto found = staff_with_rota(rows, 0, today);
    if (!found) return fail(ErrorKind::not_found, fmt::format("no staff member with the handle {}", handle));
    return std::move(found->first);
  });
}

Result<std::optional<SessionHolder>> find_session_holder(app::Workspace& ws, const std::string& token_hash) {
  return store::guard_storage([&]() -> Result<std::optional<SessionHolder>> {
    auto [from, today] = start_of_london_today();
    auto rows = store::rows(ws.db(),
                            fmt::format("SELECT {}, w.csrf_token, w.expires_at, {} FROM {} JOIN web_sessions w ON "
                                        "w.staff_id = staff.id {} WHERE w.token_hash = :h AND staff.disabled = 0",
                                        staff_columns_sql, rota_columns, staff_tables, rota_join),
                            from, token_hash);
    auto found = staff_with_rota(rows, 2, today);
    if (!found) return std::optional<SessionHolder>();
    return std::optional<SessionHolder>(
        SessionHolder{std::move(found->first), std::move(found->second[0]), std::move(found->second[1])});
  });
}

std::vector<Staff> list_staff(app::Workspace& ws, const std::string& centre_id) {
  std::vector<Staff> out;
  auto rows =
      store::rows(ws.db(),
                  fmt::format("SELECT {} FROM {} WHERE staff.centre_id = :c ORDER BY staff.handle", staff_columns_sql,
                              staff_tables), centre_id);
  for (const auto& row : rows) out.push_back(staff_from_row(row));
  return out;
}

}  // namespace haven::access
