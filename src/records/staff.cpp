#include "records/staff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "access/access.hpp"
#include "access/facts.hpp"
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

// Whether the centre has a manager whose role is in force on an enabled account.
bool has_manager(app::Workspace& ws, const std::string& centre_id) {
  int managers = store::value<int>(ws.db(),
                                   "SELECT COUNT(*) FROM staff WHERE centre_id = :c AND role = 'management' AND "
                                   "role_pending = 0 AND disabled = 0",
                                   centre_id)
                     .value_or(0);
  return managers > 0;
}

}  // namespace

Result<access::Staff> add_staff(app::Workspace& ws, const app::Centre& centre, const std::string& by, const NewStaff& n,
                        RoleStart start) {
  if (!valid_handle(n.handle))
    return fail(ErrorKind::invalid_input, "'handle': a handle is 2 to 40 letters, digits, dots, dashes or underscores");
  if (n.display_name.empty()) return fail(ErrorKind::invalid_input, "'display_name': a staff member needs a display name");
  return store::guard_storage([&]() -> Result<access::Staff> {
    int taken = store::value<int>(ws.db(), "SELECT COUNT(*) FROM staff WHERE handle = :h", n.handle).value_or(0);
    if (taken) return fail(ErrorKind::conflict, fmt::format("the handle {} is already in use", n.handle));
    store::WriteTransaction tx(ws.db());
    bool in_force = !policy::sees_family_data(n.role) || start == RoleStart::at_setup ||
                    (start == RoleStart::first_manager && n.role == policy::Role::management &&
                     !has_manager(ws, centre.id));
    access::Staff s;
    s.id = new_id("stf");
    s.centre_id = centre.id;
    s.handle = n.handle;
    s.display_name = n.display_name;
    s.role = n.role;
    s.role_pending = !in_force;
    s.role_proposed_by = by;
    std::string role(name_of(s.role)), at = format_utc(now());
    int pending = s.role_pending ? 1 : 0;
    store::execute(ws.db(),
                   "INSERT INTO staff (id, centre_id, handle, display_name, role, role_pending, role_proposed_by, "
                   "created_at) VALUES (:i, :c, :h, :d, :r, :p, :b, :a)",
                   s.id, s.centre_id, s.handle, s.display_name, role, pending, by, at);
    ws.audit().append({centre.id, by, s.role_pending ? "propose_role" : "add_staff", "staff:" + s.id, "role",
             policy::cite(policy::Clause::kept_securely),
                       "change"});
    tx.commit();
    return s;
  });
}

}  // namespace haven::records
