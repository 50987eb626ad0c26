// Oversight of the audit trail (clause 7): the chain verified, and the centre's latest entries.
// The decision point says who may read it (management, the safeguarding lead, administrators);
// the read is audited, allowed or refused. Entries hold ids, field names and clauses only.
#pragma once
#include <optional>
#include <string>
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

// The audit trail as people read it: a page of the centre's entries, narrowed to one family, one
// member of staff or a range of days, each entry in words ("Amy read family F0001's record:
// first name, surname; allowed under clause 1"). Ids become names and references; no personal
// value is ever in an entry to show.
struct AuditQuery {
  std::string family;           // a case reference; empty: every family and none
  std::string staff;            // a sign-in handle; empty: everyone
  std::optional<Day> from, to;  // inclusive, Europe/London days
  int page = 1;                 // from 1; past the last gives the last
  int per_page = 50;            // 1 to 200
};
struct AuditLine {
  int64_t seq = 0;
  std::string at;       // UTC, as stored
  std::string who;      // a display name, "Haven" or "The operator"
  std::string action;   // "Read a family's record"
  std::string about;    // "Family F0001", "Sam's account", "The centre"
  std::string fields;   // "First name, surname"; empty when none are named
  std::string clause;   // the clause id it rests on, or empty
  std::string outcome;  // "Allowed", "Refused", "Changed"
};
struct AuditPage {
  audit::VerifyReport report;
  std::vector<AuditLine> lines;  // newest first
  int total = 0, page = 1, pages = 1;
  std::vector<access::Staff> staff;  // the centre's staff, to narrow the trail to one of them
};
// Refused (audited) to those who may not read the audit trail; not_found, naming "family" or
// "staff", for a reference or a sign-in name the centre does not have; invalid_input, naming the
// field, for a page, a page size or days out of bounds.
[[nodiscard]] Result<AuditPage> audit_page(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                           const AuditQuery& q);

// Where and how a failed verification breaks, in words fit for the operator: "entry 5 of the chain
// of Birmingham Contact Centre: entry 5 was altered after it was written".
[[nodiscard]] std::string describe_break(app::Workspace& ws, const audit::VerifyReport& report);

}  // namespace haven::governance
