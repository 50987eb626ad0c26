// haven statistics: the centre's figures for a quarter, for NACCC's return, as text, JSON or CSV.
#include <fmt/format.h>

#include "cli/command.hpp"
#include "statistics/statistics.hpp"

namespace haven::cli {

namespace {

struct StatisticsOptions {
  std::string quarter;  // 2026-Q4; empty for this quarter
  bool csv = false;
};

Result<Output> cmd_statistics(const Common& common, const StatisticsOptions& o) {
  statistics::Quarter quarter = statistics::quarter_of(london_today());
  if (!o.quarter.empty()) {
    HAVEN_TRY(asked, statistics::parse_quarter(o.quarter));
    quarter = asked;
  }
  return as_actor(common, [&](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    HAVEN_TRY(f, statistics::quarterly(ws, c, as, quarter));
    std::string csv = statistics::figures_csv(f);
    std::string text = o.csv ? csv : fmt::format("Statistics for {} ({}):\n", quarter.words(), quarter.name());
    if (!o.csv) {
      text += fmt::format("  referrals received: {}\n", f.referrals);
      for (const auto& [source, n] : f.referrals_by_source) text += fmt::format("    {}: {}\n", source, n);
      text += fmt::format(
          "  families seen: {}\n  children seen: {}\n  sessions held: {}\n    of which handovers: {}\n"
          "  sessions called off: {}\n  no-shows: {}\n  contact begun: {}\n  cases closed: {}\n",
          f.families_seen, f.children_seen, f.sessions_held, f.handovers_held, f.sessions_called_off, f.no_shows,
          f.contact_begun, f.closed);
      for (const auto& [outcome, n] : f.closed_by_outcome) text += fmt::format("    {}: {}\n", outcome, n);
      text += fmt::format("  families waiting at the end: {}\n", f.waiting_at_end);
    }
    return Output{boost::json::object{{"quarter", quarter.name()}, {"csv", csv}}, text};
  });
}

}  // namespace

void add_statistics_commands(const Registrar& r) {
  auto o = std::make_shared<StatisticsOptions>();
  const Common& common = r.common;
  auto* cmd = r.app.add_subcommand("statistics", "the centre's figures for a quarter, for NACCC (counts only)");
  cmd->add_option("--quarter", o->quarter, "which quarter, e.g. 2026-Q4 (default this one)");
  cmd->add_flag("--csv", o->csv, "print the figures as CSV");
  r.with_database(cmd);
  r.with_actor(cmd);
  r.runs(cmd, [&common, o] { return cmd_statistics(common, *o); });
}

}  // namespace haven::cli
