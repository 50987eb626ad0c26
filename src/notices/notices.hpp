// What waits for a member of staff, gathered for their home page: new concerns for the
// safeguarding lead and management (each new to a reader until they have read the family's
// concerns), exception disclosures awaiting management review, disposal runs awaiting approval,
// families whose review falls due within a fortnight, DBS checks due for renewal within 90 days,
// the policy's yearly review within 30 days, and people not yet told of the policy in force.
//
// Each part is read through the access layer as the reader (audited by its own operation) and
// only asked where the decision point would allow it; what they may not see is left out, never
// shown as an error. Thread-safety: as safe as the Workspace given (one per thread).
#pragma once
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/time.hpp"

namespace haven::notices {

struct Notice {
  std::string text;    // in words: "Welfare concern about family F0001, recorded 5 December 2026 at 10:15"
  std::string href;    // the page to act on it
  bool fresh = false;  // new to the reader (a concern they have not read)
};

// What waits for `as` on `today` (Europe/London), the new first.
[[nodiscard]] Result<std::vector<Notice>> waiting_for(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                                      Day today);

}  // namespace haven::notices
