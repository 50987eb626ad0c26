// Clause 3: the attendance statement. It holds dates, booked times and arrival and departure
// times for a date range, each person named only by their part in the family ("resident
// parent", "child"), and nothing else. Under a symmetric preset it says that the other side
// receives the same statement.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "policy/decision.hpp"

namespace haven::disclosure {

struct AttendanceLine {
  std::string party;    // resident_parent, non_resident_parent, child
  std::string status;   // expected, arrived, left, no_show
  std::string arrived;  // HH:MM Europe/London or empty
  std::string left;
};

struct AttendanceSession {
  std::string date;  // YYYY-MM-DD Europe/London
  std::string booked_start;
  std::string booked_end;
  std::vector<AttendanceLine> attendance;
};

struct AttendanceStatement {
  std::string centre_name;
  std::string family_reference;
  std::string from, to;  // inclusive dates
  std::string generated_at;
  std::vector<AttendanceSession> sessions;
  bool shared_with_other_side = false;
  std::string notice;  // what the reader is told about how this statement is shared
};

// Sessions whose London date lies in [from, to], in order, of the family `attendance` permits
// releasing the attendance times of (records/family_rows.hpp: refused under any other permit).
Result<AttendanceStatement> build_statement(app::Workspace& ws, const app::Centre& c, const policy::Permit& attendance,
                                            const std::string& reference, Day from, Day to, bool shared_with_other_side);

boost::json::value statement_json(const AttendanceStatement& s);
// The statement statement_json() wrote, as kept in the register; invalid_input when it is not one.
[[nodiscard]] Result<AttendanceStatement> statement_from_json(std::string_view json);

// A one-or-more page A4 PDF of the statement (libharu), as bytes.
Result<std::string> statement_pdf(const AttendanceStatement& s);

}  // namespace haven::disclosure
