// The accident book and the reading of concerns. Anyone on the rota (a vetted volunteer
// included) may write in the accident book or file a concern; only the safeguarding lead and
// management may read either back (E1, clause 7). The accident book is never destroyed (clause 8).
// A concern is new to each reader until they have read the family's concerns (unread_concerns).
#pragma once
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "records/staff.hpp"

namespace haven::incidents {

struct NewAccident {
  std::string happened_at;  // Europe/London "2026-11-28 10:20"
  std::string place;        // e.g. "Garden room"
  std::string account;      // what happened and what was done
  std::string family_ref;   // optional: the family involved
};

Result<std::string> record_accident(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                    const NewAccident& a);

// Opening the accident book to write in it: for whoever may record an accident (a refusal is
// audited). Reading it back is narrower: accident_book().
[[nodiscard]] Result<bool> open_accident_book(app::Workspace& ws, const app::Centre& c, const access::Staff& by);

struct AccidentEntry {
  std::string id, happened_at, place, account, family_reference, recorded_by;
};
Result<std::vector<AccidentEntry>> accident_book(app::Workspace& ws, const app::Centre& c, const access::Staff& by);

struct ConcernEntry {
  std::string id, kind, summary, recorded_by, recorded_at;
};
// The family's concerns, which are then read by `by` (no longer new to them).
Result<std::vector<ConcernEntry>> concerns(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                           const std::string& family_ref);

struct UnreadConcern {
  std::string family_reference;
  std::string kind;         // welfare or violence
  std::string recorded_at;  // UTC
};
// The centre's concerns `by` has not yet read, oldest first: the family and the kind only (no
// summary), audited as one read of the centre's concern records.
[[nodiscard]] Result<std::vector<UnreadConcern>> unread_concerns(app::Workspace& ws, const app::Centre& c,
                                                                 const access::Staff& by);

}  // namespace haven::incidents
