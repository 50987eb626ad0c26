#include "records/staff.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/ids.hpp"
#include "store/rows.hpp"

namespace haven::records {

namespace {

bool valid_handle(const std::string& h) {
  if (h.size() < 2 || h.size() > 40) return false;
  for (unsigned char c : h)
    if (!(std::isalnum(c) || c == '.' || c == '-' || c == '_')) return false;
  return true;
}

Staff staff_from_row(const soci::row& row) {
  Staff s;
  s.id = row.get<std::string>(0);
  s.centre_id = row.get<std::string>(1);
  s.handle = row.get<std::string>(2);
  s.display_name = row.get<std::string>(3);
  s.role = parse_enum<policy::Role>(row.get<std::string>(4)).value_or(policy::Role::volunteer);
  s.dbs = parse_enum<policy::DbsLevel>(row.get<std::string>(5)).value_or(policy::DbsLevel::none);
  s.dbs_checked_on = row.get<std::string>(6);
  s.dbs_update_service = store::row_int(row, 7) != 0;
  return s;
}

constexpr const char* staff_columns =
    "id, centre_id, handle, display_name, role, dbs_level, dbs_checked_on, COALESCE((SELECT MAX(d.update_service) "
    "FROM dbs_checks d WHERE d.staff_id = staff.id AND d.issued_on = staff.dbs_checked_on), 0)";

}  // namespace

policy::Actor Staff::actor() const {
  policy::Actor a{id, centre_id, role, dbs, std::nullopt, dbs_update_service};
  if (auto day = parse_day(dbs_checked_on)) a.dbs_issued_on = *day;
  return a;
}

Result<Staff> add_staff(app::Workspace& ws, const app::Centre& centre, const std::string& by, const NewStaff& n) {
  if (!valid_handle(n.handle))
    return fail(ErrorKind::invalid_input, "a handle is 2 to 40 letters, digits, dots, dashes or underscores");
  if (n.display_name.empty()) return fail(ErrorKind::invalid_input, "a staff member needs a display name");
  if (n.dbs != policy::DbsLevel::none && !parse_day(n.dbs_checked_on))
    return fail(ErrorKind::invalid_input, "a DBS check needs the date it was issued (YYYY-MM-DD)");
  if (n.dbs == policy::DbsLevel::none && !n.dbs_checked_on.empty())
    return fail(ErrorKind::invalid_input, "a DBS date was given without a DBS level");
  return store::guard_storage([&]() -> Result<Staff> {
    int taken = 0;
    ws.db().sql() << "SELECT COUNT(*) FROM staff WHERE handle = :h", soci::use(n.handle), soci::into(taken);
    if (taken) return fail(ErrorKind::conflict, fmt::format("the handle {} is already in use", n.handle));
    Staff s{new_id("stf"), centre.id, n.handle, n.display_name, n.role, n.dbs, n.dbs_checked_on};
    std::string role(name_of(s.role)), dbs(name_of(s.dbs)), at = format_utc(now());
    store::WriteTransaction tx(ws.db());
    ws.db().sql() << "INSERT INTO staff (id, centre_id, handle, display_name, role, dbs_level, dbs_checked_on, "
                     "created_at) VALUES (:i, :c, :h, :d, :r, :l, :o, :a)",
        soci::use(s.id), soci::use(s.centre_id), soci::use(s.handle), soci::use(s.display_name), soci::use(role),
        soci::use(dbs), soci::use(s.dbs_checked_on), soci::use(at);
    ws.audit().append({centre.id, by, "add_staff", "staff:" + s.id, "role,dbs_level", "6", "change"});
    tx.commit();
    return s;
  });
}

Result<Staff> find_staff(app::Workspace& ws, const std::string& handle) {
  return store::guard_storage([&]() -> Result<Staff> {
    auto rows =
        store::rows(ws.db().sql(), fmt::format("SELECT {} FROM staff WHERE handle = :h", staff_columns), handle);
    for (const auto& row : rows) return staff_from_row(row);
    return fail(ErrorKind::not_found, fmt::format("no staff member with the handle {}", handle));
  });
}

std::vector<Staff> list_staff(app::Workspace& ws, const std::string& centre_id) {
  std::vector<Staff> out;
  auto rows =
      store::rows(ws.db().sql(),
                  fmt::format("SELECT {} FROM staff WHERE centre_id = :c ORDER BY handle", staff_columns), centre_id);
  for (const auto& row : rows) out.push_back(staff_from_row(row));
  return out;
}

}  // namespace haven::records
