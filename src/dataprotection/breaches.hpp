// The breach log: every personal data breach the centre finds, or Haven finds for it, and what was
// decided about it. UK GDPR gives a controller 72 hours from becoming aware of a breach to tell the
// Information Commissioner when it is reportable, and asks that every breach be logged whether it
// is reported or not.
//
// A breach names the families it touches by reference and the data by category (policy::Item),
// never by value. What happened, and the reason for the decision, are sealed under the master key,
// bound to the breach. Coordinators and management record and read the log
// (Action::keep_data_protection_records); management alone decide whether a breach is reportable
// and record its report (Action::decide_breach). Each read and change is decided by the access
// layer and audited.
//
// Haven records a breach itself when it finds one (record_detected): an audit chain that does not
// verify, found when the server starts, when the running server signs its checkpoints, or by
// `haven audit verify` (service/chain_breaks.hpp); a disclosure reported as gone to the wrong
// recipient and recalled (disclosure::report_wrong_recipient), naming its family and what it
// released. Each detection is recorded once, audited as the system; what it touched is named, or
// named more fully, afterwards with update_scope().
//
// Thread-safety: as safe as the Workspace given (one per thread).
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "policy/decision.hpp"

namespace haven::dataprotection {

// How long after a breach is found the Commissioner must be told of a reportable one.
inline constexpr std::chrono::hours report_within{72};
inline constexpr std::size_t what_happened_longest = 4000;
inline constexpr std::size_t reason_longest = 2000;
inline constexpr std::size_t families_most = 50;
// How a reference that is not one of the centre's families is refused: "F9999" and these words.
inline constexpr std::string_view not_a_family = " is not a family reference at this centre";

enum class BreachDecision { undecided, reportable, not_reportable };

struct NewBreach {
  Instant found_at;                      // when the centre became aware of it: not in the future
  std::string what_happened;             // in the recorder's words; required
  std::vector<std::string> families;     // family references ("F0001"), each one of the centre's
  std::vector<policy::Item> categories;  // the kinds of personal data involved; at least one
};

struct Breach {
  std::string id;
  std::string found_at, deadline;  // UTC (format_utc); deadline = found_at + report_within
  std::string what_happened;
  std::vector<std::string> families;
  std::vector<policy::Item> categories;
  bool found_by_haven = false;
  std::string recorded_by;  // the name of the member of staff, or "Haven"
  std::string reported_by;  // found by Haven from what a member of staff reported: their name
  BreachDecision decision = BreachDecision::undecided;
  std::string decision_reason, decided_by, decided_at;  // decided_by: their name
  std::string reported_at, ico_reference;               // once reported
  // Whether the 72 hours still matter: undecided, or reportable and not yet reported.
  bool awaiting_action() const;
};

// Whether `as` may keep the breach log, decided and (when refused) audited: for the page that
// records one, before anything is typed. The refusal names its clause.
[[nodiscard]] Result<bool> open_log(app::Workspace& ws, const app::Centre& c, const access::Staff& as);

// Records a breach; its id. Decided first; then invalid_input naming the field for a found time in
// the future, an empty or over-long account, more than families_most families, a reference that is
// not one of the centre's families (ending with not_a_family), or no category. A category or a
// family named twice is kept once.
[[nodiscard]] Result<std::string> record_breach(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                const NewBreach& b);

// The families and kinds of data a breach touched, as now known (a breach Haven found names none at
// first): refused as record_breach() refuses them; each change audited. Coordinators and management.
[[nodiscard]] Result<bool> update_scope(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                        const std::string& breach_id, const std::vector<std::string>& families,
                                        const std::vector<policy::Item>& categories);

// Management decide whether the breach is reportable, and why (required). A conflict once decided.
[[nodiscard]] Result<bool> decide(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  const std::string& breach_id, BreachDecision decision, const std::string& reason);

// Management record that a reportable breach was reported to the Commissioner, at `at` (not in the
// future, not before it was found), with the reference the ICO gave (required, at most 40
// characters). A conflict for a breach not decided reportable, or already reported.
[[nodiscard]] Result<bool> record_report(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                         const std::string& breach_id, Instant at, const std::string& ico_reference);

// The centre's breaches, newest found first, read and audited as one read.
[[nodiscard]] Result<std::vector<Breach>> breaches(app::Workspace& ws, const app::Centre& c, const access::Staff& as);
// One breach; not_found when it is not the centre's.
[[nodiscard]] Result<Breach> breach(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                    const std::string& breach_id);

// Breaches whose 72 hours still matter (awaiting_action), the soonest deadline first, for the home
// page's countdown: decided as the breach log is, and audited as one read of when each was found
// and where it stands. Their text is not opened (what_happened and the reason are left empty).
[[nodiscard]] Result<std::vector<Breach>> awaiting_action(app::Workspace& ws, const app::Centre& c,
                                                          const access::Staff& as);

// Haven's own finding, recorded as a breach of the centre once per `key`.
struct Detection {
  std::string key;                       // what was found and where: "audit_chain:<centre>:<entry>"
  std::string what_happened;             // in Haven's words; sealed as a breach's account is
  std::vector<std::string> families;     // references of the centre's families it touched, where known
  std::vector<policy::Item> categories;  // the kinds of data it touched, where known
  Instant found_at;
  std::string reported_by;  // the staff id of who reported what Haven found; empty for none
};
// The new breach's id; nothing when that key is already on record. Audited as the system. Not
// decided: Haven's own act. Inside a caller's WriteTransaction it lands, or not, with the caller's
// change.
[[nodiscard]] Result<std::optional<std::string>> record_detected(app::Workspace& ws, const app::Centre& c,
                                                                 const Detection& d);

// Words for a category of personal data: "addresses", "session notes".
[[nodiscard]] std::string_view describe(policy::Item item);

}  // namespace haven::dataprotection

namespace haven {
template <>
struct EnumNames<dataprotection::BreachDecision> {
  static constexpr std::array<std::pair<dataprotection::BreachDecision, std::string_view>, 3> table{{
      {dataprotection::BreachDecision::undecided, "undecided"},
      {dataprotection::BreachDecision::reportable, "reportable"},
      {dataprotection::BreachDecision::not_reportable, "not_reportable"},
  }};
};
}  // namespace haven
