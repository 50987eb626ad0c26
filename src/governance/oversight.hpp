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
  std::vector<audit::StoredEntry> recent;  // this centre's entries, newest first
};

// Verifies the centre's chain (and the one its entries from before it had its own are in) and
// returns up to `recent` of its newest entries.
[[nodiscard]] Result<AuditTrail> audit_trail(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                             int recent = 0);

// Where and how a failed verification breaks, in words fit for the operator: "entry 5 of the chain
// of Birmingham Contact Centre: entry 5 was altered after it was written".
[[nodiscard]] std::string describe_break(app::Workspace& ws, const audit::VerifyReport& report);

}  // namespace haven::governance
