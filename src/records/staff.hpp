// Staff and volunteers of a centre, as actors. A staff member's role and recorded DBS level
// are what the decision point judges; the full volunteer lifecycle builds on this record.
#pragma once
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "core/time.hpp"
#include "policy/decision.hpp"

namespace haven::records {

struct Staff {
  std::string id;
  std::string centre_id;
  std::string handle;        // sign-in name, e.g. "coord.amy"
  std::string display_name;  // first name or initials shown on rotas
  policy::Role role = policy::Role::volunteer;
  policy::DbsLevel dbs = policy::DbsLevel::none;
  std::string dbs_checked_on;  // YYYY-MM-DD, empty when none
  bool dbs_update_service = false;

  policy::Actor actor() const;
};

struct NewStaff {
  std::string handle;
  std::string display_name;
  policy::Role role = policy::Role::volunteer;
  policy::DbsLevel dbs = policy::DbsLevel::none;
  std::string dbs_checked_on;
};

// Adds a staff member; handles are unique across the deployment. Audited as a change by `by`.
Result<Staff> add_staff(app::Workspace& ws, const app::Centre& centre, const std::string& by, const NewStaff& s);
Result<Staff> find_staff(app::Workspace& ws, const std::string& handle);
std::vector<Staff> list_staff(app::Workspace& ws, const std::string& centre_id);

}  // namespace haven::records
