// Clause 6: DBS checks. A check seen by management (or an administrator) is recorded with its
// level, certificate number (sealed; 12 digits), issue date and whether the person subscribes
// to the DBS Update Service; no copy of the certificate is kept. The staff member's level is
// that of their latest check (there is no other way to give one), which the decision point
// compares with the preset's minimum for every role the preset names: a volunteer below it is an
// applicant, with no rota place and no family data.
// recheck_due() lists those whose check is due for renewal within a given number of days.
#pragma once
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "records/staff.hpp"

namespace haven::vetting {

struct NewCheck {
  policy::DbsLevel level = policy::DbsLevel::enhanced;
  std::string certificate_number;  // 12 digits
  std::string issued_on;           // YYYY-MM-DD, not in the future
  bool update_service = false;
};

struct CheckOutcome {
  std::string check_id;
  bool full_volunteer = false;  // the level meets the preset's minimum
};

Result<CheckOutcome> record_check(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  const std::string& handle, const NewCheck& check);

struct Recheck {
  std::string handle, level, issued_on, due_on;
  bool update_service = false;
  bool overdue = false;
};

Result<std::vector<Recheck>> recheck_due(app::Workspace& ws, const app::Centre& c, const access::Staff& by, Day today,
                                         int within_days);

}  // namespace haven::vetting
