#include "disclosure/statement.hpp"

#include <fmt/format.h>

#include <memory>

#include "core/time.hpp"
#include "pdf/document.hpp"
#include "store/rows.hpp"

namespace haven::disclosure {

namespace {

std::string party_words(const std::string& party) {
  if (party == "resident_parent") return "Resident parent";
  if (party == "non_resident_parent") return "Non-resident parent";
  return "Child";
}

}  // namespace

Result<AttendanceStatement> build_statement(app::Workspace& ws, const app::Centre& c, const std::string& family_id,
                                            const std::string& reference, Day from, Day to, bool shared) {
  if (to < from) return fail(ErrorKind::invalid_input, "the period must end on or after the day it starts");
  AttendanceStatement s;
  s.centre_name = c.name;
  s.family_reference = reference;
  s.from = format_day(from);
  s.to = format_day(to);
  s.generated_at = format_london(now());
  s.shared_with_other_side = shared;
  s.notice = shared ? "Under this centre's policy the same statement is sent to the other side."
                    : "This statement is for the referring agency that asked for it.";
  return store::guard_storage([&]() -> Result<AttendanceStatement> {
    // A day either side in UTC covers every London day in range; the London date decides.
    std::string lo = format_utc(Instant{from - std::chrono::days{1}}), hi = format_utc(Instant{to + std::chrono::days{2}});
    std::vector<std::pair<std::string, AttendanceSession>> sessions;
    {
      auto rows = store::rows(ws.db().sql(),
                              "SELECT id, starts_at, ends_at FROM contact_sessions WHERE family_id = :f AND "
                              "starts_at >= :lo AND starts_at < :hi ORDER BY starts_at",
                              family_id, lo, hi);
      for (const auto& row : rows) {
        auto starts = parse_utc(row.get<std::string>(1));
        auto ends = parse_utc(row.get<std::string>(2));
        if (!starts || !ends) return fail(ErrorKind::integrity, "a stored session time is malformed");
        auto day = format_london_day(*starts);
        if (day < s.from || day > s.to) continue;
        sessions.push_back({row.get<std::string>(0),
                            {day, format_london_time(*starts), format_london_time(*ends), {}}});
      }
    }
    for (auto& [id, session] : sessions) {
      auto rows = store::rows(ws.db().sql(),
                              "SELECT p.party, a.status, a.arrived_at, a.left_at FROM attendance a JOIN people p "
                              "ON p.id = a.person_id WHERE a.session_id = :s ORDER BY p.party DESC, p.created_at",
                              id);
      for (const auto& row : rows)
        session.attendance.push_back({row.get<std::string>(0), row.get<std::string>(1),
                                      london_time_of(row.get<std::string>(2)),
                                      london_time_of(row.get<std::string>(3))});
      s.sessions.push_back(std::move(session));
    }
    return s;
  });
}

boost::json::value statement_json(const AttendanceStatement& s) {
  boost::json::array sessions;
  for (const auto& session : s.sessions) {
    boost::json::array lines;
    for (const auto& a : session.attendance)
      lines.push_back(boost::json::object{{"party", a.party}, {"status", a.status}, {"arrived", a.arrived}, {"left", a.left}});
    sessions.push_back(boost::json::object{{"date", session.date},
                                           {"booked_start", session.booked_start},
                                           {"booked_end", session.booked_end},
                                           {"attendance", lines}});
  }
  return boost::json::object{{"centre", s.centre_name},         {"family_reference", s.family_reference},
                             {"from", s.from},                  {"to", s.to},
                             {"generated_at", s.generated_at},  {"sessions", sessions},
                             {"shared_with_other_side", s.shared_with_other_side}, {"notice", s.notice}};
}

Result<std::string> statement_pdf(const AttendanceStatement& s) {
  pdf::Document pdf("Attendance statement");
  pdf.title("Attendance statement");
  pdf.line(s.centre_name);
  pdf.line(fmt::format("Family reference {}, {} to {}", s.family_reference, s.from, s.to));
  pdf.small(fmt::format("Prepared {} (Europe/London). Dates and times only.", s.generated_at));
  pdf.small(s.notice);
  pdf.gap();
  if (s.sessions.empty()) pdf.line("No contact sessions were booked in this period.");
  for (const auto& session : s.sessions) {
    pdf.heading(fmt::format("{}  booked {} to {}", session.date, session.booked_start, session.booked_end));
    for (const auto& a : session.attendance) {
      std::string what = a.status == "no_show" ? "did not attend"
                         : a.arrived.empty()   ? "no arrival recorded"
                                               : "arrived " + a.arrived + (a.left.empty() ? "" : ", left " + a.left);
      pdf.line(fmt::format("{}: {}", party_words(a.party), what), 16);
    }
  }
  return pdf.bytes();
}

}  // namespace haven::disclosure
