// Oversight of the audit trail (clause 7): the chain verified, and the centre's latest entries.
// The decision point says who may read it (management, the safeguarding lead, administrators);
// the read is audited, allowed or refused. Entries hold ids, field names and clauses only.
#pragma once
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "audit/audit_log.hpp"
#include "records/staff.hpp"

namespace haven::governance {

struct AuditTrail {
  audit::VerifyReport report;
  std::vector<audit::StoredEntry> recent;  // this centre's (and deployment-wide) entries, newest first
};

// Verifies the whole chain and returns up to `recent` of the newest entries that concern `c`.
[[nodiscard]] Result<AuditTrail> audit_trail(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                             int recent = 0);

}  // namespace haven::governance
