// The centre's work in numbers for one quarter, as NACCC asks accredited centres for it each
// quarter: referrals by source, families and children seen, sessions held and called off,
// people who did not come, cases begun and closed (by outcome), and families waiting at the
// quarter's end. Counted from the records in the database, never typed in; every figure is a
// count, so nothing in it is about any one family. Read by coordinators and management
// (Action::read_statistics), audited as one read.
//
// Thread-safety: as safe as the Workspace given (one per thread).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/time.hpp"

namespace haven::statistics {

// A calendar quarter: January to March is the first.
struct Quarter {
  int year = 2026;
  int number = 1;  // 1 to 4

  [[nodiscard]] Day first_day() const;
  [[nodiscard]] Day last_day() const;
  [[nodiscard]] Quarter previous() const;
  [[nodiscard]] Quarter next() const;
  [[nodiscard]] std::string name() const;   // "2026-Q4"
  [[nodiscard]] std::string words() const;  // "October to December 2026"
  friend bool operator==(const Quarter&, const Quarter&) = default;
};
// "2026-Q4"; invalid_input naming "quarter" for anything else.
[[nodiscard]] Result<Quarter> parse_quarter(std::string_view text);
// The quarter `day` falls in.
[[nodiscard]] Quarter quarter_of(Day day);

struct Figures {
  Quarter quarter;
  std::vector<std::pair<std::string, int>> referrals_by_source;  // AgencyKind name -> referrals received
  int referrals = 0;
  int families_seen = 0;  // families with someone at a session that went ahead
  int children_seen = 0;  // children who came to a session
  int sessions_held = 0;  // sessions in the quarter, not called off, that someone came to
  int handovers_held = 0;  // of those, handovers only (records::SessionKind::handover)
  int sessions_called_off = 0;
  int no_shows = 0;                                            // people expected at a session who did not come
  int contact_begun = 0;                                       // cases whose contact began
  std::vector<std::pair<std::string, int>> closed_by_outcome;  // journey::Outcome name -> cases closed
  int closed = 0;
  int waiting_at_end = 0;  // families on the waiting list on the quarter's last day
};

// The quarter's figures: refused (audited, clause 1) to anyone but coordinators and management.
[[nodiscard]] Result<Figures> quarterly(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                        Quarter quarter);

// The figures as a spreadsheet (CSV): measure, category, count; a header row first.
[[nodiscard]] std::string figures_csv(const Figures& f);

}  // namespace haven::statistics
