#include "governance/oversight.hpp"

#include <fmt/format.h>

#include "access/access.hpp"
#include "records/families.hpp"

namespace haven::governance {

Result<AuditTrail> audit_trail(app::Workspace& ws, const app::Centre& c, const access::Staff& by, int recent) {
  HAVEN_CHECK(access::require(ws, c, access::centre_action(c, by, policy::Action::read_audit), {"read_audit", "audit"}));
  AuditTrail trail{ws.audit().verify(c.id), {}};
  if (recent > 0) trail.recent = ws.audit().recent(c.id, recent);
  return trail;
}

std::string describe_break(app::Workspace& ws, const audit::VerifyReport& report) {
  if (report.ok) return "";
  if (!report.first_broken) return report.problem;
  std::string chain = "the chain written before each centre had its own";
  if (!report.broken_chain.empty()) {
    chain = "the chain of a centre no longer here (" + report.broken_chain + ")";
    for (const auto& c : ws.centres())
      if (c.id == report.broken_chain) chain = "the chain of " + c.name;
  }
  return fmt::format("entry {} of {}: {}", *report.first_broken, chain, report.problem);
}

}  // namespace haven::governance
