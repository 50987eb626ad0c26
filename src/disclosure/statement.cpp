#include "disclosure/statement.hpp"

#include <fmt/format.h>

#include <memory>

#include "core/time.hpp"
#include "pdf/document.hpp"
#include "records/family_rows.hpp"

namespace haven::disclosure {

namespace {

std::string party_words(const std::string& party) {
  if (party == "resident_parent") return "Resident parent";
  if (party == "non_resident_parent") return "Non-resident parent";
  return "Child";
}

}  // namespace

Result<AttendanceStatement> build_statement(app::Workspace& ws, const app::Centre& c, const policy::Permit& attendance,
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
  // A day either side in UTC covers every London day in range; the London date decides.
  std::string lo = format_utc(Instant{from - std::chrono::days{1}}), hi = format_utc(Instant{to + std::chrono::days{2}});
  HAVEN_TRY(sessions, records::sessions_of(ws, attendance, lo, hi));
  HAVEN_TRY(present, records::attendance_of(ws, attendance));
  for (const auto& row : sessions) {
    auto starts = parse_utc(row.starts_at);
    auto ends = parse_utc(row.ends_at);
    if (!starts || !ends) return fail(ErrorKind::integrity, "a stored session time is malformed");
    auto day = format_london_day(*starts);
    if (day < s.from || day > s.to || !row.cancelled_at.empty()) continue;  // a cancelled session was not booked
    AttendanceSession session{day, format_london_time(*starts), format_london_time(*ends), {}};
    for (const auto& a : present)
      if (a.session_id == row.id)
        session.attendance.push_back({a.party, a.status, london_time_of(a.arrived_at), london_time_of(a.left_at)});
    s.sessions.push_back(std::move(session));
  }
  return s;
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

Result<AttendanceStatement> statement_from_json(std::string_view json) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(json, ec);
  if (ec || !parsed.is_object()) return fail(ErrorKind::invalid_input, "statement: not a statement as kept");
  auto text = [](const boost::json::object& o, std::string_view key) -> std::string {
    auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const auto& o = parsed.as_object();
  AttendanceStatement s;
  s.centre_name = text(o, "centre");
  s.family_reference = text(o, "family_reference");
  s.from = text(o, "from");
  s.to = text(o, "to");
  s.generated_at = text(o, "generated_at");
  s.notice = text(o, "notice");
  if (auto* shared = o.if_contains("shared_with_other_side"); shared && shared->is_bool())
    s.shared_with_other_side = shared->as_bool();
  if (auto* sessions = o.if_contains("sessions"); sessions && sessions->is_array())
    for (const auto& item : sessions->as_array()) {
      if (!item.is_object()) continue;
      const auto& so = item.as_object();
      AttendanceSession session{text(so, "date"), text(so, "booked_start"), text(so, "booked_end"), {}};
      if (auto* lines = so.if_contains("attendance"); lines && lines->is_array())
        for (const auto& line : lines->as_array())
          if (line.is_object())
            session.attendance.push_back({text(line.as_object(), "party"), text(line.as_object(), "status"),
                                          text(line.as_object(), "arrived"), text(line.as_object(), "left")});
      s.sessions.push_back(std::move(session));
    }
  return s;
}

Result<std::string> statement_pdf(const AttendanceStatement& s) {
  pdf::Document pdf("Attendance statement");
  pdf.title("Attendance statement");
  pdf.line(s.centre_name);
  pdf.line(fmt::format("Family reference {}, {} to {}", s.family_reference, day_in_words(s.from), day_in_words(s.to)));
  pdf.small(fmt::format("Prepared on {}. Dates and times only.", time_in_words(s.generated_at)));
  pdf.small(s.notice);
  pdf.gap();
  if (s.sessions.empty()) pdf.line("No contact sessions were booked in this period.");
  for (const auto& session : s.sessions) {
    pdf.heading(fmt::format("{}, booked {} to {}", day_in_words(session.date), clock_words(session.booked_start),
                            clock_words(session.booked_end)));
    for (const auto& a : session.attendance) {
      std::string what = a.status == "no_show" ? "did not attend"
                         : a.arrived.empty()   ? "no arrival recorded"
                                               : "arrived at " + clock_words(a.arrived) +
                                                   (a.left.empty() ? "" : ", left at " + clock_words(a.left));
      pdf.line(fmt::format("{}: {}", party_words(a.party), what), 16);
    }
  }
  return pdf.bytes();
}

}  // namespace haven::disclosure
