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
  return s;
}

// The staff row with its latest recorded DBS check (clause 6: there is no other source of a level):
// the columns staff_from_row reads, and the tables they come from.
constexpr const char* staff_columns_sql =
    "staff.id, staff.centre_id, staff.handle, staff.display_name, staff.role, COALESCE(l.level, 'none'), "
    "COALESCE(l.issued_on, ''), COALESCE(l.update_service, 0), staff.role_pending, staff.role_proposed_by, "
    "staff.disabled";
constexpr std::size_t staff_columns = 11;
constexpr const char* staff_tables = "staff LEFT JOIN latest_dbs_checks l ON l.staff_id = staff.id";

// The families of sessions, today or later, that `s` is on the rota for, and today's such
// sessions (need to know, clause 1).
void load_rota_facts(app::Workspace& ws, Staff& s) {
  std::string today = format_london_day(now());
  auto today_starts = parse_london(today + " 00:00");
  if (!today_starts) return;
  std::string from = format_utc(*today_starts);
  for (const auto& row : store::rows(ws.db(),
                                     "SELECT s.family_id, s.starts_at, s.id FROM rota r JOIN contact_sessions s ON "
                                     "s.id = r.session_id WHERE r.staff_id = :st AND s.starts_at >= :from",
                                     s.id, from)) {
    std::string family = row.get<std::string>(0);
    auto starts = parse_utc(row.get<std::string>(1));
    if (std::find(s.rota_families.begin(), s.rota_families.end(), family) == s.rota_families.end())
      s.rota_families.push_back(family);
    if (!starts || format_london_day(*starts) != today) continue;
    s.rota_sessions_today.push_back(row.get<std::string>(2));
    if (std::find(s.rota_families_today.begin(), s.rota_families_today.end(), family) == s.rota_families_today.end())
      s.rota_families_today.push_back(family);
  }
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
    auto rows =
        store::rows(ws.db(), fmt::format("SELECT {} FROM {} WHERE staff.handle = :h", staff_columns_sql, staff_tables), handle);
    for (const auto& row : rows) {
      Staff s = staff_from_row(row);
      load_rota_facts(ws, s);
      return s;
    }
    return fail(ErrorKind::not_found, fmt::format("no staff member with the handle {}", handle));
  });
}

Result<std::optional<SessionHolder>> find_session_holder(app::Workspace& ws, const std::string& token_hash) {
  return store::guard_storage([&]() -> Result<std::optional<SessionHolder>> {
    auto rows = store::rows(ws.db(),
                            fmt::format("SELECT {}, w.csrf_token, w.expires_at FROM {} JOIN web_sessions w ON "
                                        "w.staff_id = staff.id WHERE w.token_hash = :h AND staff.disabled = 0",
                                        staff_columns_sql, staff_tables),
                            token_hash);
    for (const auto& row : rows) {
      SessionHolder holder{staff_from_row(row), row.get<std::string>(staff_columns),
                           row.get<std::string>(staff_columns + 1)};
      load_rota_facts(ws, holder.staff);
      return holder;
    }
    return std::nullopt;
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
