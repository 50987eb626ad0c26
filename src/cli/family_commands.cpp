// haven family and haven import: families as the staff member named by --as may see them, and
// families brought in from a spreadsheet.
#include "cli/command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "core/files.hpp"
#include "directory/directory.hpp"
#include "directory/json.hpp"
#include "journey/journey.hpp"
#include "journey/json.hpp"
#include "records/family_view.hpp"
#include "records/import.hpp"
#include "records/json.hpp"

namespace haven::cli {

namespace json = boost::json;

namespace {

struct FamilyOptions {
  std::string family;           // find: words of a name (a whole name with --exact); show: a case reference or id
  bool exact = false;           // find
  std::string show = "all";     // list, find
  int page = 1, per_page = 25;  // list, find
  std::string import_file;
  bool dry_run = false;
  std::string step, on, person, how, outcome;  // step
  std::string plan, text;                      // plan
};

// A page of families: a line each with reference, names, stage and next session.
Output listing_output(const directory::Listing& listing) {
  std::string text;
  for (const auto& f : listing.families) {
    std::vector<std::string> names;
    for (const auto& p : f.named) names.push_back(p.name);
    text += fmt::format("{}  {}  {}  next session: {}\n", f.reference,
                        names.empty() ? fmt::format("{} people", f.people) : fmt::format("{}", fmt::join(names, ", ")),
                        f.stage ? journey::describe(*f.stage) : std::string_view("stage not shown"),
                        !f.disposed_on.empty()   ? "records destroyed on " + f.disposed_on
                        : f.next_session.empty() ? std::string("none booked")
                                                 : f.next_session);
  }
  if (listing.families.empty()) text = "No families found.\n";
  if (listing.pages > 1)
    text += fmt::format("Page {} of {} ({} families)\n", listing.page, listing.pages, listing.total);
  return Output{directory::listing_json(listing), text};
}

Result<Output> cmd_family_find(const Common& common, const FamilyOptions& o, bool by_name) {
  auto show = parse_enum<directory::Show>(o.show);
  if (!show) return fail(ErrorKind::invalid_input, "--show is one of: " + allowed_names<directory::Show>());
  directory::Query q{by_name ? o.family : std::string(), o.exact, *show, o.page, o.per_page};
  return as_actor(common, [&q](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    HAVEN_TRY(listing, directory::find(ws, c, as, q));
    return listing_output(listing);
  });
}

std::string family_text(const records::FamilyView& v) {
  std::string t = fmt::format("Family {}\n", v.reference);
  if (v.must_not_meet) t += *v.must_not_meet ? "PARENTS MUST NOT MEET\n" : "Parents may meet\n";
  std::map<std::string, std::string> first_names;
  for (const auto& p : v.people) {
    t += fmt::format("- {}", p.party);
    for (const auto& [k, val] : p.fields) t += fmt::format("; {}: {}", k, val);
    t += "\n";
    first_names[p.id] = p.field("first_name");
  }
  for (const auto& r : v.referrals)
    t += fmt::format("Referral {} by {} ({}) on {}\n", r.id, r.referrer_name.empty() ? "self" : r.referrer_name,
                     r.agency, r.referred_on);
  for (const auto& s : v.sessions) {
    t += fmt::format("Session {} {}-{} in {}\n", s.day, s.starts, s.ends, s.room);
    for (const auto& a : s.attendance) {
      auto who = first_names[a.person_id].empty() ? a.person_id : first_names[a.person_id];
      if (a.arrived.empty() && a.left.empty())
        t += fmt::format("    {}: {}\n", who,
                         a.status == "no_show" ? "did not come"
                                               : fmt::format("expected {} to {}", a.planned_arrival, a.planned_departure));
      else
        t += fmt::format("    {}: arrived {}{}\n", who, a.arrived.empty() ? "(not recorded)" : a.arrived,
                         a.left.empty() ? "" : ", left " + a.left);
    }
    for (const auto& n : s.notes) t += fmt::format("    note: {}\n", n);
  }
  if (!v.withheld.empty()) {
    t += "Withheld from you:\n";
    std::vector<std::pair<std::string, std::vector<std::string>>> by_reason;  // "clause N: reason" -> items
    for (const auto& w : v.withheld) {
      auto why = fmt::format("clause {}: {}", w.clause, w.reason);
      auto it = std::find_if(by_reason.begin(), by_reason.end(), [&](const auto& g) { return g.first == why; });
      if (it == by_reason.end()) it = by_reason.insert(by_reason.end(), {why, {}});
      it->second.push_back(w.item);
    }
    for (const auto& [why, items] : by_reason) t += fmt::format("    {} ({})\n", fmt::join(items, ", "), why);
  }
  return t;
}

Result<Output> cmd_family_show(const Common& common, const FamilyOptions& o) {
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto view = records::show_family(ws, c, as, o.family);
    if (!view) return std::unexpected(view.error());
    return Output{records::family_json(*view), family_text(*view)};
  });
}

std::string journey_text(const journey::Journey& j) {
  std::string t = fmt::format("Family {}: {}\n", j.reference, journey::describe(j.stage));
  auto line = [&t](std::string_view label, const std::string& day) {
    if (auto d = parse_day(day)) t += fmt::format("  {}: {}\n", label, format_day_words(*d));
  };
  line("Referred", j.referred_on);
  line("On the waiting list since", j.waiting_since);
  if (j.waiting_position > 0) t += fmt::format("  Number {} in line\n", j.waiting_position);
  line("Place offered", j.offered_on);
  for (const auto& p : j.parents) {
    std::string who(journey::parent_words(p.party));
    line(fmt::format("Pre-visit, {}", who), p.pre_visit_on);
    line(fmt::format("Ground rules signed, {} (policy version {})", who, p.policy_version), p.ground_rules_on);
  }
  line("Risk assessment written", j.risk_assessment.written_on);
  line("Contact plan written", j.contact_plan.written_on);
  line("Contact began", j.started_on);
  for (const auto& r : j.reviews) line("Reviewed", r);
  line("Next review due", j.review_due_on);
  line("Closed", j.closed_on);
  if (j.outcome) t += fmt::format("  Outcome: {}\n", journey::describe(*j.outcome));
  if (!j.to_begin.empty()) t += fmt::format("  Intake still needs: {}\n", fmt::join(j.to_begin, "; "));
  return t;
}

Result<Output> cmd_family_journey(const Common& common, const FamilyOptions& o) {
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    HAVEN_TRY(j, journey::journey_of(ws, c, as, o.family));
    return Output{journey::journey_json(j), journey_text(j)};
  });
}

Result<Output> cmd_family_step(const Common& common, const FamilyOptions& o) {
  auto step = parse_enum<journey::Step>(o.step);
  if (!step)
    return fail(ErrorKind::invalid_input, fmt::format("the step is one of: {}", allowed_names<journey::Step>()));
  auto on = parse_day(o.on);
  if (!on) return fail(ErrorKind::invalid_input, "--on is the day it happened, written as YYYY-MM-DD");
  auto outcome = o.outcome.empty() && *step != journey::Step::closed ? std::optional(journey::Outcome::other)
                                                                     : parse_enum<journey::Outcome>(o.outcome);
  if (!outcome)
    return fail(ErrorKind::invalid_input, fmt::format("--outcome is one of: {}", allowed_names<journey::Outcome>()));
  return as_actor(common, [&](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    HAVEN_TRY(done, journey::record_step(ws, c, as, o.family, {*step, *on, o.person, o.how, *outcome}));
    return Output{
        json::object{{"recorded", done}},
        fmt::format("Recorded: {} on {}.\n", journey::describe_step(o.step, name_of(*outcome)), format_day_words(*on))};
  });
}

Result<Output> cmd_family_plan(const Common& common, const FamilyOptions& o) {
  auto plan = parse_enum<journey::Plan>(o.plan);
  if (!plan)
    return fail(ErrorKind::invalid_input, fmt::format("the plan is one of: {}", allowed_names<journey::Plan>()));
  return as_actor(common, [&](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    HAVEN_CHECK(journey::write_plan(ws, c, as, o.family, *plan, o.text));
    return Output{json::object{{"written", true}}, "Saved; the earlier version is kept.\n"};
  });
}

Result<Output> cmd_family_waiting(const Common& common, const FamilyOptions&) {
  return as_actor(common, [](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    HAVEN_TRY(waiting, journey::waiting_list(ws, c, as));
    std::string text;
    for (const auto& w : waiting)
      if (auto since = parse_day(w.since))
        text += fmt::format("{}. {} since {}\n", w.position, w.reference, format_day_words(*since));
    if (waiting.empty()) text = "No family is waiting for a place.\n";
    return Output{journey::waiting_json(waiting), text};
  });
}

Result<Output> cmd_import(const Common& common, const FamilyOptions& o) {
  auto csv = read_text_file(o.import_file);
  if (!csv) return std::unexpected(csv.error());
  return as_actor(common, [&o, &csv](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto report = records::import_families_csv(ws, c, as, *csv, o.dry_run);
    if (!report) return std::unexpected(report.error());
    if (!report->problems.empty())
      return fail(ErrorKind::invalid_input, fmt::format("nothing was imported; fix these rows first:\n{}",
                                                        fmt::join(report->problems, "\n")));
    json::array refs;
    for (const auto& r : report->created_references) refs.push_back(json::string(r));
    std::string text = fmt::format("{}: {} families, {} people, {} referrals{}\n",
                                   o.dry_run ? "Dry run, nothing written" : "Imported", report->families, report->people,
                                   report->referrals,
                                   o.dry_run ? "" : fmt::format(" ({})", fmt::join(report->created_references, ", ")));
    return Output{json::object{{"dry_run", o.dry_run}, {"families", report->families}, {"people", report->people},
                               {"referrals", report->referrals}, {"references", refs}},
                  text};
  });
}

}  // namespace

void add_family_commands(const Registrar& r) {
  auto o = std::make_shared<FamilyOptions>();
  const Common& common = r.common;
  auto* family_cmd = r.app.add_subcommand("family", "families, as the given staff member may see them");
  family_cmd->require_subcommand(1);
  auto* family_list = family_cmd->add_subcommand("list", "case references, names, stages and next sessions");
  auto* family_find = family_cmd->add_subcommand("find", "families with a person whose name holds these words");
  family_find->add_option("name", o->family, "words of a first name or surname, e.g. \"jo pem\"")->required();
  family_find->add_flag("--exact", o->exact, "the name is a whole first name and surname, e.g. \"Joanna Pemberton\"");
  for (auto* listing : {family_list, family_find}) {
    listing->add_option("--show", o->show, "all, open, waiting or closed")->default_val("all");
    listing->add_option("--page", o->page, "which page, from 1")->default_val(1);
    listing->add_option("--per-page", o->per_page, "families a page, 1 to 100")->default_val(25);
    r.with_database(listing);
    r.with_actor(listing);
  }
  r.runs(family_list, [&common, o] { return cmd_family_find(common, *o, false); });
  r.runs(family_find, [&common, o] { return cmd_family_find(common, *o, true); });
  auto* family_show = family_cmd->add_subcommand("show", "one family, showing only what the asker may see");
  family_show->add_option("family", o->family, "case reference (F0001) or id")->required();
  r.with_database(family_show);
  r.with_actor(family_show);
  r.runs(family_show, [&common, o] { return cmd_family_show(common, *o); });

  auto* family_journey = family_cmd->add_subcommand("journey", "a family's case: its stage and the day of each step");
  family_journey->add_option("family", o->family, "case reference (F0001) or id")->required();
  r.with_database(family_journey);
  r.with_actor(family_journey);
  r.runs(family_journey, [&common, o] { return cmd_family_journey(common, *o); });
  auto* family_step = family_cmd->add_subcommand("step", "record the next step of a family's case, in its turn");
  family_step->add_option("family", o->family, "case reference (F0001) or id")->required();
  family_step
      ->add_option("step", o->step,
                   "waiting_list, place_offered, pre_visit, ground_rules, contact_begun, reviewed or closed")
      ->required();
  family_step->add_option("--on", o->on, "the day it happened (YYYY-MM-DD), no later than today")->required();
  family_step->add_option("--person", o->person, "pre_visit, ground_rules: the parent's person id");
  family_step->add_option("--how", o->how, "ground_rules: how they were signed, e.g. \"signed copy\"");
  family_step->add_option("--outcome", o->outcome,
                          "closed (required): own_arrangements, court_order, withdrawn, refused or other");
  r.with_database(family_step);
  r.with_actor(family_step);
  r.runs(family_step, [&common, o] { return cmd_family_step(common, *o); });
  auto* family_plan =
      family_cmd->add_subcommand("plan", "write a new version of a family's risk assessment or contact plan");
  family_plan->add_option("family", o->family, "case reference (F0001) or id")->required();
  family_plan->add_option("plan", o->plan, "risk_assessment or contact_plan")->required();
  family_plan->add_option("--text", o->text, "the text")->required();
  r.with_database(family_plan);
  r.with_actor(family_plan);
  r.runs(family_plan, [&common, o] { return cmd_family_plan(common, *o); });
  auto* family_waiting = family_cmd->add_subcommand("waiting", "the waiting list, first come first");
  r.with_database(family_waiting);
  r.with_actor(family_waiting);
  r.runs(family_waiting, [&common, o] { return cmd_family_waiting(common, *o); });

  auto* import = r.app.add_subcommand("import", "import families from a spreadsheet (CSV, one row per person)");
  import->add_option("file", o->import_file, "CSV file (see the header in src/records/import.hpp)")->required();
  import->add_flag("--dry-run", o->dry_run, "check every row and write nothing");
  r.with_database(import);
  r.with_actor(import);
  r.runs(import, [&common, o] { return cmd_import(common, *o); });
}

}  // namespace haven::cli
