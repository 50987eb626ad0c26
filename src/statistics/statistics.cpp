#include "statistics/statistics.hpp"

#include <fmt/format.h>

#include <array>

#include "access/access.hpp"
#include "store/rows.hpp"

namespace haven::statistics {

namespace {

constexpr std::array<std::string_view, 12> month_names = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};

int count(app::Workspace& ws, const std::string& sql, const std::string& centre, const std::string& from,
          const std::string& to) {
  return static_cast<int>(store::value<long long>(ws.db(), sql, centre, from, to).value_or(0));
}

std::vector<std::pair<std::string, int>> grouped(app::Workspace& ws, const std::string& sql, const std::string& centre,
                                                 const std::string& from, const std::string& to, int& total) {
  std::vector<std::pair<std::string, int>> out;
  total = 0;
  for (const auto& row : store::rows(ws.db(), sql, centre, from, to)) {
    int n = static_cast<int>(row.get<int64_t>(1));
    out.emplace_back(row.get<std::string>(0), n);
    total += n;
  }
  return out;
}

}  // namespace

Day Quarter::first_day() const {
  return std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(number * 3 - 2)} / 1};
}
Day Quarter::last_day() const { return next().first_day() - std::chrono::days{1}; }
Quarter Quarter::previous() const { return number == 1 ? Quarter{year - 1, 4} : Quarter{year, number - 1}; }
Quarter Quarter::next() const { return number == 4 ? Quarter{year + 1, 1} : Quarter{year, number + 1}; }
std::string Quarter::name() const { return fmt::format("{}-Q{}", year, number); }
std::string Quarter::words() const {
  return fmt::format("{} to {} {}", month_names[number * 3 - 3], month_names[number * 3 - 1], year);
}

Result<Quarter> parse_quarter(std::string_view text) {
  auto wrong = [] { return fail(ErrorKind::invalid_input, "quarter: give a year and a quarter, like 2026-Q4"); };
  if (text.size() != 7 || text[4] != '-' || (text[5] != 'Q' && text[5] != 'q')) return wrong();
  int year = 0;
  for (char ch : text.substr(0, 4)) {
    if (ch < '0' || ch > '9') return wrong();
    year = year * 10 + (ch - '0');
  }
  int number = text[6] - '0';
  if (year < 2000 || number < 1 || number > 4) return wrong();
  return Quarter{year, number};
}

Quarter quarter_of(Day day) {
  std::chrono::year_month_day date(day);
  return Quarter{static_cast<int>(date.year()), static_cast<int>((static_cast<unsigned>(date.month()) - 1) / 3 + 1)};
}

Result<Figures> quarterly(app::Workspace& ws, const app::Centre& c, const access::Staff& by, Quarter quarter) {
  HAVEN_TRY(permit, access::require(ws, c, by, policy::Action::read_statistics));
  return store::guard_storage([&]() -> Result<Figures> {
    Figures f;
    f.quarter = quarter;
    // Days (YYYY-MM-DD) for what is recorded by day; instants for sessions, stored in UTC.
    std::string first = format_day(quarter.first_day()), last = format_day(quarter.last_day());
    std::string from = london_day_start_utc(quarter.first_day()).value_or(format_day(quarter.first_day()) + "T00:00:00Z");
    std::string to = london_day_start_utc(quarter.next().first_day())
                         .value_or(format_day(quarter.next().first_day()) + "T00:00:00Z");
    f.referrals_by_source =
        grouped(ws,
                "SELECT r.agency_kind, COUNT(*) FROM referrals r JOIN families f ON f.id = "
                "r.family_id WHERE f.centre_id = :c AND r.referred_on >= :a AND r.referred_on <= :b "
                "GROUP BY r.agency_kind ORDER BY r.agency_kind",
                c.id, first, last, f.referrals);
    // Sessions that went ahead in the quarter, and who came to them.
    const std::string in_quarter =
        "FROM attendance a JOIN contact_sessions s ON s.id = a.session_id JOIN families f ON f.id = s.family_id "
        "WHERE f.centre_id = :c AND s.starts_at >= :a AND s.starts_at < :b AND s.cancelled_at = '' ";
    f.families_seen = count(
        ws, "SELECT COUNT(DISTINCT s.family_id) " + in_quarter + "AND a.status IN ('arrived', 'left')", c.id, from, to);
    f.children_seen = count(ws,
                            "SELECT COUNT(DISTINCT a.person_id) " + in_quarter +
                                "AND a.status IN ('arrived', 'left') AND EXISTS (SELECT 1 FROM people p WHERE p.id = "
                                "a.person_id AND p.party = 'child')",
                            c.id, from, to);
    f.sessions_held =
        count(ws, "SELECT COUNT(DISTINCT s.id) " + in_quarter + "AND a.status IN ('arrived', 'left')", c.id, from, to);
    f.handovers_held = count(
        ws, "SELECT COUNT(DISTINCT s.id) " + in_quarter + "AND s.kind = 'handover' AND a.status IN ('arrived', 'left')",
        c.id, from, to);
    f.no_shows = count(ws, "SELECT COUNT(*) " + in_quarter + "AND a.status = 'no_show'", c.id, from, to);
    f.sessions_called_off = count(ws,
                                  "SELECT COUNT(*) FROM contact_sessions s JOIN families f ON f.id = s.family_id "
                                  "WHERE f.centre_id = :c AND s.starts_at >= :a AND s.starts_at < :b AND "
                                  "s.cancelled_at <> ''",
                                  c.id, from, to);
    f.contact_begun = count(ws,
                            "SELECT COUNT(*) FROM journey_steps j JOIN families f ON f.id = j.family_id WHERE "
                            "f.centre_id = :c AND j.step = 'contact_begun' AND j.on_day >= :a AND j.on_day <= :b",
                            c.id, first, last);
    f.closed_by_outcome =
        grouped(ws,
                "SELECT j.detail, COUNT(*) FROM journey_steps j JOIN families f ON f.id = j.family_id "
                "WHERE f.centre_id = :c AND j.step = 'closed' AND j.on_day >= :a AND j.on_day <= :b "
                "GROUP BY j.detail ORDER BY j.detail",
                c.id, first, last, f.closed);
    f.waiting_at_end = count(ws,
                             "SELECT COUNT(DISTINCT w.family_id) FROM journey_steps w JOIN families f ON f.id = "
                             "w.family_id WHERE f.centre_id = :c AND w.step = 'waiting_list' AND w.on_day <= :b AND "
                             "NOT EXISTS (SELECT 1 FROM journey_steps o WHERE o.family_id = w.family_id AND o.step IN "
                             "('place_offered', 'closed') AND o.on_day <= :b2)",
                             c.id, last, last);
    HAVEN_CHECK(ws.audit().append_committed({{c.id, by.id, "read_statistics", "centre:" + c.id,
                                              "counts " + quarter.name(), std::string(permit.clause_id()), "allow"}}));
    return f;
  });
}

std::string figures_csv(const Figures& f) {
  std::string out = "quarter,measure,category,count\r\n";
  auto line = [&](std::string_view measure, std::string_view category, int n) {
    out += fmt::format("{},{},{},{}\r\n", f.quarter.name(), measure, category, n);
  };
  for (const auto& [source, n] : f.referrals_by_source) line("referrals", source, n);
  line("referrals", "all", f.referrals);
  line("families_seen", "", f.families_seen);
  line("children_seen", "", f.children_seen);
  line("sessions_held", "all", f.sessions_held);
  line("sessions_held", "handover", f.handovers_held);
  line("sessions_called_off", "", f.sessions_called_off);
  line("no_shows", "", f.no_shows);
  line("contact_begun", "", f.contact_begun);
  for (const auto& [outcome, n] : f.closed_by_outcome) line("cases_closed", outcome, n);
  line("cases_closed", "all", f.closed);
  line("waiting_at_end", "", f.waiting_at_end);
  return out;
}

}  // namespace haven::statistics
