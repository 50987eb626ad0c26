// Adding staff accounts and putting their roles into force. Who a member of staff is, as the
// decision point judges them, is access::Staff (access/staff.hpp). The DBS level is never set
// here: it is read from the latest check recorded by vetting::record_check (clause 6). A role that sees family data takes effect only
// when a manager other than its proposer approves it (accounts::approve_role); until then the
// account is refused everything.
#pragma once
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/time.hpp"
#include "policy/decision.hpp"

namespace haven::records {

struct NewStaff {
  std::string handle;
  std::string display_name;
  policy::Role role = policy::Role::volunteer;
};

// How a new account's role takes effect. `proposed`: a role that sees family data waits for a
// manager's approval (an administrator's role needs none). `first_manager`: the operator's
// command line may make a centre's first manager without one, and only while the centre has no
// manager in force. `at_setup`: a demo or a test builds a centre whose roles are in force.
enum class RoleStart { proposed, first_manager, at_setup };

// Adds a staff member; handles are unique across the deployment. Audited as a change by `by`.
[[nodiscard]] Result<access::Staff> add_staff(app::Workspace& ws, const app::Centre& centre, const std::string& by,
                                      const NewStaff& s, RoleStart start = RoleStart::proposed);
}  // namespace haven::records
