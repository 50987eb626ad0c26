// haven retention: clause 8 from the command line: what is due, legal holds, disposal runs and
// their certificates.
#include "cli/command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "retention/engine.hpp"

namespace haven::cli {

namespace json = boost::json;

namespace {

struct RetentionOptions {
  std::string as_of;  // YYYY-MM-DD; empty for today
  std::string run;
  std::string family;
  std::string reason;
  std::string review_on;
  std::string hold;
  bool confirm = false;  // approve and execute: the person has checked the run (see confirmed())
};

// Approving and carrying out a run destroy records for good, so each asks for --confirm, as the
// web page asks for a ticked box: nothing is destroyed by a command typed in haste.
Result<bool> confirmed(const RetentionOptions& o, std::string_view what) {
  if (o.confirm) return true;
  return fail(ErrorKind::invalid_input,
              fmt::format("--confirm: add it once {} (the run's families: haven retention run {})", what, o.run));
}

Result<Output> cmd_retention_preview(const Common& common, const RetentionOptions& o) {
  if (!o.as_of.empty() && !parse_day(o.as_of)) return fail(ErrorKind::invalid_input, "--as-of is a date (YYYY-MM-DD)");
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto p = retention::preview(ws, c, as, day_or_today(o.as_of));
    if (!p) return std::unexpected(p.error());
    json::array due, held;
    std::string text = fmt::format("Retention as of {} under {} (clause 8: {} years unused; kept indefinitely: {}).\n",
                                   p->as_of, c.preset.id, c.preset.unused_years, fmt::join(p->kept_categories, ", "));
    for (const auto& d : p->due) {
      due.push_back(json::object{{"reference", d.reference}, {"last_used", d.last_used}, {"due_on", d.due_on},
                                 {"reason", d.reason}});
      text += fmt::format("  due   {}  last used {}  due {}\n", d.reference, d.last_used, d.due_on);
    }
    for (const auto& h : p->held) {
      held.push_back(json::object{{"reference", h.reference}, {"hold", h.hold_id}, {"review_on", h.review_on}});
      text += fmt::format("  held  {}  legal hold {} until review on {}\n", h.reference, h.hold_id, h.review_on);
    }
    if (p->due.empty() && p->held.empty()) text += "  nothing is due\n";
    return Output{json::object{{"as_of", p->as_of}, {"due", due}, {"held", held}}, text};
  });
}

Result<Output> cmd_retention_hold(const Common& common, const RetentionOptions& o) {
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto id = retention::place_hold(ws, c, as, o.family, o.reason, o.review_on);
    if (!id) return std::unexpected(id.error());
    return Output{json::object{{"hold", *id}}, fmt::format("Legal hold {} placed on {} until review on {}.\n", *id,
                                                           o.family, o.review_on)};
  });
}

Result<Output> cmd_retention_release(const Common& common, const RetentionOptions& o) {
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto done = retention::release_hold(ws, c, as, o.hold);
    if (!done) return std::unexpected(done.error());
    return Output{json::object{{"released", o.hold}}, fmt::format("Legal hold {} released.\n", o.hold)};
  });
}

Result<Output> cmd_retention_propose(const Common& common, const RetentionOptions& o) {
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto run = retention::propose_run(ws, c, as, day_or_today(o.as_of));
    if (!run) return std::unexpected(run.error());
    return Output{json::object{{"run", *run}},
                  fmt::format("Disposal run {} proposed; another member of management must approve it.\n", *run)};
  });
}

Result<Output> cmd_retention_approve(const Common& common, const RetentionOptions& o) {
  HAVEN_CHECK(confirmed(o, "you have checked the families and that none is needed for proceedings"));
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto done = retention::approve_run(ws, c, as, o.run);
    if (!done) return std::unexpected(done.error());
    return Output{json::object{{"approved", o.run}}, fmt::format("Disposal run {} approved.\n", o.run)};
  });
}

Result<Output> cmd_retention_run(const Common& common, const RetentionOptions& o) {
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    HAVEN_TRY(d, retention::run_details(ws, c, as, o.run));
    json::array families;
    std::string text = fmt::format("Disposal run {} as of {}: {}, proposed by {} on {}{}.\n", d.run.id, d.run.as_of,
                                   d.run.status, d.run.proposed_by, d.run.proposed_at,
                                   d.run.approved_by.empty() ? "" : ", approved by " + d.run.approved_by);
    for (const auto& f : d.families) {
      families.push_back(
          json::object{{"reference", f.reference}, {"last_used_on", f.last_used_on}, {"outcome", f.outcome}});
      text +=
          fmt::format("  {}  last used {}{}\n", f.reference, f.last_used_on, f.outcome.empty() ? "" : "  " + f.outcome);
    }
    text += fmt::format(
        "Destroys: {}\nKeeps without a time limit: {}\n", fmt::join(d.destroyed_categories, ", "),
        d.kept_categories.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(d.kept_categories, ", ")));
    json::array destroyed(d.destroyed_categories.begin(), d.destroyed_categories.end());
    json::array kept(d.kept_categories.begin(), d.kept_categories.end());
    return Output{json::object{{"run", d.run.id},
                               {"as_of", d.run.as_of},
                               {"status", d.run.status},
                               {"families", families},
                               {"destroys", destroyed},
                               {"keeps", kept}},
                  text};
  });
}

Output certificate_output(const retention::Certificate& cert) {
  std::string text = fmt::format("Certificate of destruction for run {}\n", cert.run_id);
  for (const auto& [k, v] : cert.body) text += fmt::format("  {}: {}\n", std::string_view(k), json::serialize(v));
  text += fmt::format("  signature (Ed25519): {}\n", cert.signature);
  return Output{json::object{{"certificate", cert.body}, {"signature", cert.signature}}, text};
}

Result<Output> cmd_retention_execute(const Common& common, const RetentionOptions& o, std::ostream& err) {
  HAVEN_CHECK(confirmed(o, "you understand the records cannot be brought back"));
  return as_actor(common, [&o, &err](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto cert = retention::execute_run(ws, c, as, o.run, [&err](std::size_t done, std::size_t total) {
      if (total > 0 && (done == total || done % 100 == 0))
        err << fmt::format("\rdisposing: {}/{} families", done, total) << (done == total ? "\n" : "") << std::flush;
    });
    if (!cert) return std::unexpected(cert.error());
    return certificate_output(*cert);
  });
}

Result<Output> cmd_retention_certificate(const Common& common, const RetentionOptions& o) {
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto cert = retention::certificate(ws, c, as, o.run);
    if (!cert) return std::unexpected(cert.error());
    return certificate_output(*cert);
  });
}

}  // namespace

void add_retention_commands(const Registrar& r) {
  auto o = std::make_shared<RetentionOptions>();
  const Common& common = r.common;
  auto* retention_cmd = r.app.add_subcommand("retention", "clause 8: what is due, legal holds, disposal runs");
  retention_cmd->require_subcommand(1);
  auto* r_preview = retention_cmd->add_subcommand("preview", "families due for destruction, and why");
  r_preview->add_option("--as-of", o->as_of, "date to judge by (default today)");
  auto* r_hold = retention_cmd->add_subcommand("hold", "place a legal hold on a family");
  r_hold->add_option("family", o->family, "case reference")->required();
  r_hold->add_option("--reason", o->reason, "why the records must be kept")->required();
  r_hold->add_option("--review-on", o->review_on, "when to look at the hold again (YYYY-MM-DD)")->required();
  auto* r_release = retention_cmd->add_subcommand("release", "release a legal hold");
  r_release->add_option("hold", o->hold, "hold id")->required();
  auto* r_propose = retention_cmd->add_subcommand("propose", "propose a disposal run of everything due");
  r_propose->add_option("--as-of", o->as_of, "date to judge by (default today)");
  auto* r_run = retention_cmd->add_subcommand("run", "a run's families and the categories it destroys and keeps");
  r_run->add_option("run", o->run, "run id")->required();
  auto* r_approve = retention_cmd->add_subcommand("approve", "approve a run (management, not the proposer)");
  r_approve->add_option("run", o->run, "run id")->required();
  r_approve->add_flag("--confirm", o->confirm, "the families are checked and none is needed for proceedings");
  auto* r_execute = retention_cmd->add_subcommand("execute", "carry out an approved run and issue its certificate");
  r_execute->add_option("run", o->run, "run id")->required();
  r_execute->add_flag("--confirm", o->confirm, "the records go for good");
  auto* r_certificate = retention_cmd->add_subcommand("certificate", "show a run's certificate of destruction");
  r_certificate->add_option("run", o->run, "run id")->required();
  for (auto* sub : {r_preview, r_hold, r_release, r_propose, r_run, r_approve, r_execute, r_certificate}) {
    r.with_database(sub);
    r.with_actor(sub);
  }
  r.runs(r_preview, [&common, o] { return cmd_retention_preview(common, *o); });
  r.runs(r_hold, [&common, o] { return cmd_retention_hold(common, *o); });
  r.runs(r_release, [&common, o] { return cmd_retention_release(common, *o); });
  r.runs(r_propose, [&common, o] { return cmd_retention_propose(common, *o); });
  r.runs(r_run, [&common, o] { return cmd_retention_run(common, *o); });
  r.runs(r_approve, [&common, o] { return cmd_retention_approve(common, *o); });
  r.runs(r_execute, [&common, o, &err = r.err] { return cmd_retention_execute(common, *o, err); });
  r.runs(r_certificate, [&common, o] { return cmd_retention_certificate(common, *o); });
}

}  // namespace haven::cli
