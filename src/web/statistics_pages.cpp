// The centre's figures for a quarter, as NACCC asks for them: a page to read and a spreadsheet
// to send. Counts only, so nothing on them is about any one family.
#include <fmt/format.h>

#include "statistics/statistics.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

// The quarter in the address (?quarter=2026-Q4), or the one today falls in.
Result<statistics::Quarter> quarter_asked(const http::Request& r) {
  if (!r.query.contains("quarter")) return statistics::quarter_of(london_today());
  return statistics::parse_quarter(r.query.at("quarter"));
}

// "Solicitor: 3", one line of a breakdown.
ViewList breakdown(const std::vector<std::pair<std::string, int>>& counts) {
  ViewList out;
  for (const auto& [name, n] : counts)
    out.push_back(ViewObject{{"name", plain_words(name)}, {"count", std::to_string(n)}});
  return out;
}

Result<Page> statistics_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(quarter, quarter_asked(r));
  HAVEN_TRY(f, statistics::quarterly(*v.ws, *v.centre, v.staff, quarter));
  auto page = make_page("Statistics for " + quarter.words(), "statistics");
  auto& d = page.data;
  d.set("quarter", quarter.words());
  d.set("quarter_name", quarter.name());
  d.set("previous", quarter.previous().name());
  d.set("previous_words", quarter.previous().words());
  if (quarter.next().first_day() <= london_today()) {
    d.set("next", quarter.next().name());
    d.set("next_words", quarter.next().words());
  }
  d.set("sources", breakdown(f.referrals_by_source));
  d.set("outcomes", breakdown(f.closed_by_outcome));
  ViewList figures;
  for (auto [words, n] :
       {std::pair{"Referrals received", f.referrals}, std::pair{"Families seen", f.families_seen},
        std::pair{"Children seen", f.children_seen}, std::pair{"Sessions held", f.sessions_held},
        std::pair{"Of which handovers only", f.handovers_held}, std::pair{"Sessions called off", f.sessions_called_off},
        std::pair{"People expected who did not come", f.no_shows},
        std::pair{"Cases where contact began", f.contact_begun}, std::pair{"Cases closed", f.closed},
        std::pair{"Families waiting at the end of the quarter", f.waiting_at_end}})
    figures.push_back(ViewObject{{"words", std::string(words)}, {"count", std::to_string(n)}});
  d.set("figures", figures);
  return page;
}

Result<http::Response> statistics_csv(http::Request& r, const Viewer& v) {
  HAVEN_TRY(quarter, quarter_asked(r));
  HAVEN_TRY(f, statistics::quarterly(*v.ws, *v.centre, v.staff, quarter));
  return http::Response{
      200,
      "text/csv; charset=utf-8",
      statistics::figures_csv(f),
      {{"Content-Disposition", fmt::format("attachment; filename=\"statistics-{}.csv\"", quarter.name())}}};
}

}  // namespace

void add_statistics_pages(Site& site) {
  site.page("/statistics", statistics_page);
  site.file("/statistics.csv", statistics_csv);
}

}  // namespace haven::web
