#include "governance/oversight.hpp"

#include "access/access.hpp"
#include "records/families.hpp"

namespace haven::governance {

Result<AuditTrail> audit_trail(app::Workspace& ws, const app::Centre& c, const access::Staff& by, int recent) {
  HAVEN_CHECK(access::require(ws, c, access::centre_action(c, by, policy::Action::read_audit), {"read_audit", "audit"}));
  AuditTrail trail{ws.audit().verify(), {}};
  if (recent > 0)
    for (auto& e : ws.audit().recent(recent))
      if (e.centre_id.empty() || e.centre_id == c.id) trail.recent.push_back(std::move(e));
  return trail;
}

}  // namespace haven::governance
