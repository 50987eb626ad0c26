// Clauses 9 and 10 over time: the versions a centre's policy has had, what changed between two
// of them, and who has been told of the version in force.
//
// adopt_version(): management adopts a new preset version. It must be the same centre's preset,
// with a version not used before, and its [[policy.history]] must carry every earlier version,
// so the history is never rewritten. Every version stays stored verbatim.
// diff(): the rendered policy text of two versions, line by line ("+ " added, "- " removed).
// Acknowledgements are recorded by version for staff and volunteers, parents (users) and
// referrers; unacknowledged() lists, by id, who has not acknowledged the version in force.
#pragma once
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "records/staff.hpp"

namespace haven::governance {

struct VersionRecord {
  std::string version, adopted_at;
};

Result<std::string> adopt_version(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  std::string_view preset_toml, std::string_view source_name);

// What adopting the preset would change, checked exactly as adopt_version() checks it, adopting
// nothing: its version, and the rendered policy text of the version in force against it, line
// by line as diff() gives it.
struct Adoption {
  std::string version;
  std::vector<std::string> diff;
};
[[nodiscard]] Result<Adoption> preview_adoption(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                std::string_view preset_toml, std::string_view source_name);
// Whether `by` may begin an adoption (the form that takes the new preset): refused, and audited
// as a refused opening of the form ("open_adoption"), not as a refused adoption, to anyone who
// may not adopt.
[[nodiscard]] Result<bool> begin_adoption(app::Workspace& ws, const app::Centre& c, const access::Staff& by);
Result<std::vector<VersionRecord>> versions(app::Workspace& ws, const app::Centre& c);
Result<std::vector<std::string>> diff(app::Workspace& ws, const app::Centre& c, const std::string& from,
                                      const std::string& to);

struct Acknowledgement {
  policy::Audience audience = policy::Audience::volunteers;
  std::string subject_kind;  // staff, person or referral
  std::string subject_id;    // staff handle, person id or referral id
  std::string on;            // YYYY-MM-DD
  std::string how;           // e.g. "signed copy", "email"
};

Result<std::string> acknowledge(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const Acknowledgement& a);

// A member of staff or volunteer records that they themselves have read the version in force
// (no permission needed beyond being signed in: it is their own acknowledgement).
Result<std::string> acknowledge_own_reading(app::Workspace& ws, const app::Centre& c, const access::Staff& by);
// Whether `staff` has acknowledged the version in force (their own fact: no permission needed).
[[nodiscard]] bool has_acknowledged(app::Workspace& ws, const app::Centre& c, const access::Staff& staff);

struct Outstanding {
  std::string audience, subject_kind, subject_id;
};
Result<std::vector<Outstanding>> unacknowledged(app::Workspace& ws, const app::Centre& c, const access::Staff& by);

}  // namespace haven::governance
