// haven policy: render and check presets; adopt, compare and list the versions of a centre's
// policy; record who has been told of the version in force (clauses 9 and 10).
#include "cli/command.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "core/enum_names.hpp"
#include "core/files.hpp"
#include "governance/lifecycle.hpp"
#include "policy/render.hpp"
#include "policy/review.hpp"

namespace haven::cli {

namespace json = boost::json;

namespace {

struct PolicyOptions {
  std::string preset;  // render, check: a preset name or TOML file; adopt: the new version's file
  std::string version_from, version_to;
  std::string audience = "volunteers";
  std::string subject_kind = "staff";
  std::string subject;
  std::string on;
  std::string how;
};

Result<Output> cmd_policy_render(const Common&, const PolicyOptions& o) {
  auto path = policy::resolve_preset_path(o.preset);
  if (!path) return std::unexpected(path.error());
  auto preset = policy::load_preset_file(*path);
  if (!preset) return std::unexpected(preset.error());
  auto md = policy::render_markdown(*preset);
  return Output{json::object{{"preset", preset->id}, {"version", preset->version}, {"markdown", md}}, md};
}

Result<Output> cmd_policy_check(const Common&, const PolicyOptions& o) {
  auto path = policy::resolve_preset_path(o.preset);
  if (!path) return std::unexpected(path.error());
  auto preset = policy::load_preset_file(*path);
  if (!preset) return std::unexpected(preset.error());
  auto review = policy::review_status(*preset, std::chrono::floor<std::chrono::days>(now()));
  std::string text = fmt::format("{}: valid preset '{}' for {}, version {}.\n", *path, preset->id,
                                 preset->centre_name, preset->version);
  text += review.overdue ? fmt::format("Review overdue since {} (clause 10).\n", format_day(review.due_on))
                         : fmt::format("Next review due by {} (clause 10).\n", format_day(review.due_on));
  return Output{json::object{{"valid", true},
                             {"preset", preset->id},
                             {"version", preset->version},
                             {"review_due", format_day(review.due_on)},
                             {"review_overdue", review.overdue}},
                text};
}

Result<Output> cmd_policy_adopt(const Common& common, const PolicyOptions& o) {
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto text = read_text_file(o.preset);
    if (!text) return std::unexpected(text.error());
    auto version = governance::adopt_version(ws, c, as, *text, std::filesystem::path(o.preset).filename().string());
    if (!version) return std::unexpected(version.error());
    return Output{json::object{{"adopted", *version}},
                  fmt::format("Version {} of the policy is now in force; everyone is to be told afresh.\n", *version)};
  });
}

Result<Output> cmd_policy_history(const Common& common, const PolicyOptions&) {
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  auto centre = (*ws)->centre(common.centre);
  if (!centre) return std::unexpected(centre.error());
  auto all = governance::versions(**ws, **centre);
  if (!all) return std::unexpected(all.error());
  json::array rows;
  std::string text;
  for (const auto& v : *all) {
    rows.push_back(json::object{{"version", v.version}, {"adopted_at", v.adopted_at}});
    text += fmt::format("{}  adopted {}{}\n", v.version, v.adopted_at,
                        v.version == (*centre)->preset.version ? "  (in force)" : "");
  }
  return Output{rows, text};
}

Result<Output> cmd_policy_diff(const Common& common, const PolicyOptions& o) {
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  auto centre = (*ws)->centre(common.centre);
  if (!centre) return std::unexpected(centre.error());
  auto lines = governance::diff(**ws, **centre, o.version_from, o.version_to);
  if (!lines) return std::unexpected(lines.error());
  json::array rows;
  std::string text;
  for (const auto& l : *lines) {
    rows.push_back(json::string(l));
    text += l + "\n";
  }
  return Output{rows, text};
}

Result<Output> cmd_policy_acknowledge(const Common& common, const PolicyOptions& o) {
  auto audience = parse_enum<policy::Audience>(o.audience);
  if (!audience) return fail(ErrorKind::invalid_input, "--audience is one of: " + allowed_names<policy::Audience>());
  return as_actor(common, [&o, &audience](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    std::string on = o.on.empty() ? format_day(std::chrono::floor<std::chrono::days>(now())) : o.on;
    auto id = governance::acknowledge(ws, c, as, {*audience, o.subject_kind, o.subject, on, o.how});
    if (!id) return std::unexpected(id.error());
    return Output{json::object{{"id", *id}}, fmt::format("Recorded: {} {} was told of version {} on {}.\n",
                                                         o.subject_kind, o.subject, c.preset.version, on)};
  });
}

Result<Output> cmd_policy_unacknowledged(const Common& common, const PolicyOptions&) {
  return as_actor(common, [](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto outstanding = governance::unacknowledged(ws, c, as);
    if (!outstanding) return std::unexpected(outstanding.error());
    json::array rows;
    std::string text = fmt::format("Not yet told of version {}:\n", c.preset.version);
    for (const auto& x : *outstanding) {
      rows.push_back(json::object{{"audience", x.audience}, {"kind", x.subject_kind}, {"id", x.subject_id}});
      text += fmt::format("  {:<10} {:<9} {}\n", x.audience, x.subject_kind, x.subject_id);
    }
    if (outstanding->empty()) text += "  everyone has been told\n";
    return Output{rows, text};
  });
}

}  // namespace

void add_policy_commands(const Registrar& r) {
  auto o = std::make_shared<PolicyOptions>();
  const Common& common = r.common;
  auto* policy_cmd = r.app.add_subcommand("policy", "render or check a policy preset");
  policy_cmd->require_subcommand(1);
  auto* render = policy_cmd->add_subcommand("render", "print the policy as Markdown");
  render->add_option("preset", o->preset, "preset name or TOML file")->required();
  render->add_flag("--json", r.common.json, "print JSON");
  r.runs(render, [&common, o] { return cmd_policy_render(common, *o); });
  auto* check = policy_cmd->add_subcommand("check", "validate a preset");
  check->add_option("preset", o->preset, "preset name or TOML file")->required();
  check->add_flag("--json", r.common.json, "print JSON");
  r.runs(check, [&common, o] { return cmd_policy_check(common, *o); });

  auto* adopt = policy_cmd->add_subcommand("adopt", "adopt a new version of the centre's policy (management)");
  adopt->add_option("preset", o->preset, "TOML file of the new version")->required();
  auto* history = policy_cmd->add_subcommand("history", "every version the centre's policy has had");
  auto* diff = policy_cmd->add_subcommand("diff", "what changed between two versions");
  diff->add_option("from", o->version_from, "older version")->required();
  diff->add_option("to", o->version_to, "newer version")->required();
  auto* ack = policy_cmd->add_subcommand("acknowledge", "record that someone was told of the version in force");
  ack->add_option("--audience", o->audience, "users, referrers, volunteers or staff")->capture_default_str();
  ack->add_option("--kind", o->subject_kind, "staff (a handle), person (a parent's id) or referral (an id)")
      ->capture_default_str();
  ack->add_option("--who", o->subject, "the handle or id")->required();
  ack->add_option("--on", o->on, "date told (default today)");
  ack->add_option("--how", o->how, "how, e.g. \"signed copy\"")->required();
  auto* unack = policy_cmd->add_subcommand("unacknowledged", "who has not yet been told of the version in force");
  for (auto* sub : {adopt, ack, unack}) {
    r.with_database(sub);
    r.with_actor(sub);
  }
  for (auto* sub : {history, diff}) {
    r.with_database(sub);
    r.with_centre(sub);
  }
  r.runs(adopt, [&common, o] { return cmd_policy_adopt(common, *o); });
  r.runs(history, [&common, o] { return cmd_policy_history(common, *o); });
  r.runs(diff, [&common, o] { return cmd_policy_diff(common, *o); });
  r.runs(ack, [&common, o] { return cmd_policy_acknowledge(common, *o); });
  r.runs(unack, [&common, o] { return cmd_policy_unacknowledged(common, *o); });
}

}  // namespace haven::cli
