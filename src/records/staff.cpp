#include "records/staff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/ids.hpp"
#include "records/families.hpp"
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
  s.role_pending = store::row_int(row, 8) != 0;
  s.role_proposed_by = row.get<std::string>(9);
  return s;
}

// The staff row with its latest recorded DBS check (clause 6: there is no other source of a level).
constexpr const char* staff_select =
    "SELECT staff.id, staff.centre_id, staff.handle, staff.display_name, staff.role, COALESCE(l.level, 'none'), "
    "COALESCE(l.issued_on, ''), COALESCE(l.update_service, 0), staff.role_pending, staff.role_proposed_by "
    "FROM staff LEFT JOIN latest_dbs_checks l ON l.staff_id = staff.id";

bool sees_family_data(policy::Role role) { return role != policy::Role::administrator; }

// Whether the centre has a manager whose role is in force on an enabled account.
bool has_manager(app::Workspace& ws, const std::string& centre_id) {
  int managers = 0;
  ws.db().sql() << "SELECT COUNT(*) FROM staff WHERE centre_id = :c AND role = 'management' AND role_pending = 0 "
                   "AND disabled = 0",
      soci::use(centre_id), soci::into(managers);
  return managers > 0;
}

// The families of sessions, today or later, that `s` is on the rota for (need to know, clause 1).
void load_rota_facts(app::Workspace& ws, Staff& s) {
  std::string today = format_london_day(now());
  auto today_starts = parse_london(today + " 00:00");
  if (!today_starts) return;
  std::string from = format_utc(*today_starts);
  for (const auto& row : store::rows(ws.db().sql(),
                                     "SELECT s.family_id, s.starts_at FROM rota r JOIN contact_sessions s ON "
                                     "s.id = r.session_id WHERE r.staff_id = :st AND s.starts_at >= :from",
                                     s.id, from)) {
    std::string family = row.get<std::string>(0);
    auto starts = parse_utc(row.get<std::string>(1));
    if (std::find(s.rota_families.begin(), s.rota_families.end(), family) == s.rota_families.end())
      s.rota_families.push_back(family);
    if (starts && format_london_day(*starts) == today &&
        std::find(s.rota_families_today.begin(), s.rota_families_today.end(), family) == s.rota_families_today.end())
      s.rota_families_today.push_back(family);
  }
}

}  // namespace

policy::Actor Staff::actor() const {
  policy::Actor a{id, centre_id, role, dbs, std::nullopt, dbs_update_service, role_pending, rota_families,
                  rota_families_today};
  if (auto day = parse_day(dbs_checked_on)) a.dbs_issued_on = *day;
  return a;
}

Result<Staff> add_staff(app::Workspace& ws, const app::Centre& centre, const std::string& by, const NewStaff& n,
                        RoleStart start) {
  if (!valid_handle(n.handle))
    return fail(ErrorKind::invalid_input, "'handle': a handle is 2 to 40 letters, digits, dots, dashes or underscores");
  if (n.display_name.empty()) return fail(ErrorKind::invalid_input, "'display_name': a staff member needs a display name");
  return store::guard_storage([&]() -> Result<Staff> {
    int taken = 0;
    ws.db().sql() << "SELECT COUNT(*) FROM staff WHERE handle = :h", soci::use(n.handle), soci::into(taken);
    if (taken) return fail(ErrorKind::conflict, fmt::format("the handle {} is already in use", n.handle));
    store::WriteTransaction tx(ws.db());
    bool in_force = !sees_family_data(n.role) || start == RoleStart::at_setup ||
                    (start == RoleStart::first_manager && n.role == policy::Role::management &&
                     !has_manager(ws, centre.id));
    Staff s{new_id("stf"), centre.id, n.handle, n.display_name, n.role};
    s.role_pending = !in_force;
    s.role_proposed_by = by;
    std::string role(name_of(s.role)), at = format_utc(now());
    int pending = s.role_pending ? 1 : 0;
    ws.db().sql() << "INSERT INTO staff (id, centre_id, handle, display_name, role, role_pending, role_proposed_by, "
                     "created_at) VALUES (:i, :c, :h, :d, :r, :p, :b, :a)",
        soci::use(s.id), soci::use(s.centre_id), soci::use(s.handle), soci::use(s.display_name), soci::use(role),
        soci::use(pending), soci::use(by), soci::use(at);
    ws.audit().append({centre.id, by, s.role_pending ? "propose_role" : "add_staff", "staff:" + s.id, "role",
             policy::cite(policy::Clause::kept_securely),
                       "change"});
    tx.commit();
    return s;
  });
}

namespace {

policy::AccessRequest role_approval_request(const app::Centre& centre, const Staff& by, const Staff& subject) {
  policy::AccessRequest request;
  request.actor = by.actor();
  request.action = policy::Action::approve_role;
  request.centre_id = centre.id;
  request.facts.proposed_by = subject.role_proposed_by;
  request.facts.subject_staff_id = subject.id;
  return request;
}

}  // namespace

bool may_approve_role(const app::Centre& centre, const Staff& by, const Staff& subject) {
  return subject.role_pending && centre.decisions().decide(role_approval_request(centre, by, subject)).allowed;
}

Result<Staff> approve_role(app::Workspace& ws, const app::Centre& centre, const Staff& by, const std::string& handle) {
  auto staff = find_staff(ws, handle);
  if (!staff) return std::unexpected(staff.error());
  if (staff->centre_id != centre.id) return fail(ErrorKind::not_found, "no such staff member at this centre");
  if (!staff->role_pending) return fail(ErrorKind::conflict, fmt::format("{}'s role is already in force", handle));
  auto decision =
      require(ws, centre, role_approval_request(centre, by, *staff), "approve_role", "staff:" + staff->id);
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<Staff> {
    store::WriteTransaction tx(ws.db());
    ws.db().sql() << "UPDATE staff SET role_pending = 0 WHERE id = :i", soci::use(staff->id);
    ws.audit().append({centre.id, by.id, "approve_role", "staff:" + staff->id, "role",
                       std::string(decision->clause_id()), "change"});
    tx.commit();
    staff->role_pending = false;
    return *staff;
  });
}

Result<Staff> find_staff(app::Workspace& ws, const std::string& handle) {
  return store::guard_storage([&]() -> Result<Staff> {
    auto rows =
        store::rows(ws.db().sql(), fmt::format("{} WHERE staff.handle = :h", staff_select), handle);
    for (const auto& row : rows) {
      Staff s = staff_from_row(row);
      load_rota_facts(ws, s);
      return s;
    }
    return fail(ErrorKind::not_found, fmt::format("no staff member with the handle {}", handle));
  });
}

std::vector<Staff> list_staff(app::Workspace& ws, const std::string& centre_id) {
  std::vector<Staff> out;
  auto rows =
      store::rows(ws.db().sql(),
                  fmt::format("{} WHERE staff.centre_id = :c ORDER BY staff.handle", staff_select), centre_id);
  for (const auto& row : rows) out.push_back(staff_from_row(row));
  return out;
}

}  // namespace haven::records
