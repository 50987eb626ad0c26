// The retention engine (clause 8).
//
// The clock: a family's last use is stamped by every change to its records, a referral, a
// session, attendance and any disclosure; reading never moves it. A family falls due when the
// preset's `unused_years` have passed since then (see rules.hpp), unless a legal hold is active.
//
// The run: preview() lists what is due and why (references and dates only); propose_run()
// snapshots it; a member of management other than the proposer approves it; execute_run()
// re-checks each family, then destroys it. Destroying means: rows of categories the preset does
// not keep are deleted; rows of categories it keeps indefinitely (Birmingham: referral records,
// safeguarding and child-protection records) are re-sealed under a fresh key; the old family
// key is destroyed, so no backup taken before can be read for that family. A tombstone row
// (reference and dates) remains, the audit chain still verifies, and a signed certificate of
// destruction records counts, categories, dates and approvers, with no personal data.
#pragma once
#include <boost/json.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "records/staff.hpp"

namespace haven::retention {

struct DueFamily {
  std::string family_id, reference, last_used, due_on, reason;
};

struct HeldFamily {
  std::string family_id, reference, hold_id, review_on;
};

struct Preview {
  std::string as_of;
  std::vector<DueFamily> due;
  std::vector<HeldFamily> held;      // due but on hold
  std::vector<std::string> kept_categories;  // what the preset keeps whatever the date
};

Result<Preview> preview(app::Workspace& ws, const app::Centre& c, const access::Staff& by, Day as_of);

Result<std::string> place_hold(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                               const std::string& family_ref, const std::string& reason, const std::string& review_on);
Result<bool> release_hold(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                          const std::string& hold_id);

Result<std::string> propose_run(app::Workspace& ws, const app::Centre& c, const access::Staff& by, Day as_of);
Result<bool> approve_run(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                         const std::string& run_id);

// Disposal runs of this centre, newest first, with who proposed and approved each (display names),
// and whether the reader may approve or carry out each one (the decision point's answer).
struct RunSummary {
  std::string id, as_of, status, proposed_by, proposed_at, approved_by, executed_at;  // by: display names
  int families = 0;
  bool may_approve = false;
  bool may_execute = false;
};
Result<std::vector<RunSummary>> list_runs(app::Workspace& ws, const app::Centre& c, const access::Staff& by);

// One run as those who approve and carry it out see it first: which families (references and
// dates only) and which categories of record it destroys, and which it keeps.
struct RunFamily {
  std::string reference;
  std::string last_used_on;  // YYYY-MM-DD
  std::string outcome;       // empty until carried out; then "disposed", or "skipped" (no longer due)
};
struct RunDetails {
  RunSummary run;                                 // proposed_by and approved_by as display names
  std::vector<RunFamily> families;                // by reference
  std::vector<std::string> destroyed_categories;  // RecordCategory names the preset does not keep
  std::vector<std::string> kept_categories;       // and those it keeps without a time limit
};
[[nodiscard]] Result<RunDetails> run_details(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                             const std::string& run_id);

struct Certificate {
  std::string run_id;
  boost::json::object body;
  std::string signature;  // Ed25519 over the serialised body, hex
  // The display names of the staff the body names by id (proposed_by, approved_by, executed_by),
  // for showing it as a document; not part of what is signed.
  std::map<std::string, std::string> staff_names;
};

using Progress = std::function<void(std::size_t done, std::size_t total)>;

Result<Certificate> execute_run(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const std::string& run_id, const Progress& progress = {});

// The stored certificate of a run; read by those who keep the retention schedule (clause 8).
[[nodiscard]] Result<Certificate> certificate(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                              const std::string& run_id);

}  // namespace haven::retention
