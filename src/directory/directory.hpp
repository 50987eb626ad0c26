// The centre's families as a list that staff search and page through: each with its reference,
// the names of its people and its stage where the reader may see them, and its next session.
//
// A search by part of a name opens the names of the centre's families in memory, one bulk read
// of their keys, and matches there: names are never stored in the clear, never put in a query
// and never written to the audit log. A search by a whole name (`exact`) finds the families
// through the blind index alone, then opens only the names of the page it shows. Every family in a list is put to the
// decision point for the reader (a volunteer's list holds only the families on their rota), and the list is audited as
// one read: one entry per clause relied on, listing field names only.
//
// Thread-safety: as safe as the Workspace given (one per thread).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/enum_names.hpp"
#include "journey/journey.hpp"

namespace haven::directory {

// Which families a list shows: every one, open cases (not closed, records not destroyed; those
// waiting for a place included), those on the waiting list, or closed cases (and destroyed records).
enum class Show { all, open, waiting, closed };

struct Query {
  // Words, each found (in any case) in the first name or surname of one of the family's people;
  // empty lists every family. With `exact`, a whole first name and surname instead.
  std::string name;
  bool exact = false;
  Show show = Show::all;
  int page = 1;       // from 1; a page past the last gives the last
  int per_page = 25;  // 1 to 100
};

struct Person {
  std::string name;   // the first name, and the surname where the reader may see it
  std::string party;  // resident_parent, non_resident_parent, child
};

struct Entry {
  std::string id;
  std::string reference;
  int people = 0;                       // how many people the family has
  std::vector<Person> named;            // those whose first name the reader may see, parents first
  std::optional<journey::Stage> stage;  // where the reader may see the family's case_progress
  std::string next_session;             // "2026-11-28 10:00" Europe/London, empty when none is ahead
  std::string disposed_on;              // YYYY-MM-DD (UTC) when its records were destroyed (clause 8)
};

struct Listing {
  std::vector<Entry> families;  // the page asked for, by reference
  int total = 0;                // families found in all
  int page = 1;
  int pages = 1;  // at least 1, even when nothing is found
  int per_page = 25;
};

// The centre's families the reader may see, narrowed by the query. Refused (with the clause)
// when the reader may not list families, may not see names and searches by one, or may not see
// case progress and asks for a stage; invalid_input, naming the field, for a page, a page size
// or a name out of bounds.
[[nodiscard]] Result<Listing> find(app::Workspace& ws, const app::Centre& c, const access::Staff& as, const Query& q);

// Words for a person: "Open cases", "Waiting for a place", "Closed cases", "All families".
[[nodiscard]] std::string_view describe(Show show);

}  // namespace haven::directory

namespace haven {

template <>
struct EnumNames<directory::Show> {
  static constexpr std::array<std::pair<directory::Show, std::string_view>, 4> table{{
      {directory::Show::all, "all"},
      {directory::Show::open, "open"},
      {directory::Show::waiting, "waiting"},
      {directory::Show::closed, "closed"},
  }};
};

}  // namespace haven
