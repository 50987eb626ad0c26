#include "cli/cli.hpp"

#include "access/staff.hpp"
#include "core/text.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <cstdio>
#include <functional>
#include <iostream>

#include "accounts/accounts.hpp"
#include "accounts/credentials.hpp"
#include "api/api.hpp"
#include "service/service.hpp"
#include "cli/demo.hpp"
#include "http/server.hpp"
#include "app/workspace.hpp"
#include "governance/lifecycle.hpp"
#include "policy/render.hpp"
#include "policy/review.hpp"
#include "records/family_view.hpp"
#include "records/import.hpp"
#include "records/json.hpp"
#include "records/staff.hpp"
#include "retention/engine.hpp"
#include "backup/backup.hpp"
#include "store/database.hpp"

namespace haven::cli {

namespace json = boost::json;

namespace {

struct Options {
  std::string db = "haven.db";
  std::string keys;        // default: beside the database
  std::string master_key;  // default: beside the database
  std::string as_of;
  std::string run;
  std::string reason;
  std::string review_on;
  std::string hold;
  std::string backup_file;
  std::string keys_backup_file;
  std::string version_from, version_to;
  std::string audience = "volunteers";
  std::string subject_kind = "staff";
  std::string subject;
  std::string on;
  std::string how;
  std::string restore_to;
  std::string listen = "127.0.0.1:8080";
  std::string tls_certificate;
  std::string tls_private_key;
  std::string handle;
  std::string display_name;
  std::string role;
  bool password_stdin = false;
  bool dry_run = false;
  std::string import_file;
  std::string centre;
  std::string preset = "birmingham";
  std::string as;
  std::string family;
  bool json = false;
};

// What a command produced: JSON for --json, text otherwise.
struct Output {
  json::value data;
  std::string text;
};

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input: return 2;
    case ErrorKind::denied: return 3;
    case ErrorKind::not_found: return 4;
    case ErrorKind::integrity: return 5;
    case ErrorKind::conflict: return 2;
    case ErrorKind::storage: return 1;
  }
  return 1;
}

app::Paths paths_of(const Options& o) {
  auto paths = app::Paths::beside(o.db);
  if (!o.keys.empty()) paths.keys = o.keys;
  if (!o.master_key.empty()) paths.master = o.master_key;
  return paths;
}

Result<std::unique_ptr<app::Workspace>> open_existing(const Options& o) {
  return app::Workspace::open(paths_of(o), false);
}

// Opens the workspace, its centre and the acting staff member, then runs `body`.
using ActorBody = std::function<Result<Output>(app::Workspace&, const app::Centre&, const access::Staff&)>;
Result<Output> as_actor(const Options& o, const ActorBody& body) {
  if (o.as.empty()) return fail(ErrorKind::invalid_input, "say who is asking with --as HANDLE (see 'haven staff list')");
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  auto staff = access::find_staff(**ws, o.as);
  if (!staff) return std::unexpected(staff.error());
  auto centre = (*ws)->centre(o.centre.empty() ? staff->centre_id : o.centre);
  if (!centre) return std::unexpected(centre.error());
  auto result = body(**ws, **centre, *staff);
  // Sign the chain as it stands, so nothing this command appended can later vanish unnoticed.
  if (auto signed_ = (*ws)->audit().checkpoint(); !signed_) return std::unexpected(signed_.error());
  return result;
}

Result<Output> cmd_policy_render(const Options& o) {
  auto path = policy::resolve_preset_path(o.preset);
  if (!path) return std::unexpected(path.error());
  auto preset = policy::load_preset_file(*path);
  if (!preset) return std::unexpected(preset.error());
  auto md = policy::render_markdown(*preset);
  return Output{json::object{{"preset", preset->id}, {"version", preset->version}, {"markdown", md}}, md};
}

Result<Output> cmd_policy_check(const Options& o) {
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

// A SQLite file is made new; a PostgreSQL database may already host other centres, and this
// centre joins them.
Result<Output> create_workspace(const Options& o, bool with_demo) {
  if (!store::is_postgresql(o.db) && std::filesystem::exists(o.db))
    return fail(ErrorKind::conflict, fmt::format("{} already exists; Haven will not overwrite it", store::redacted(o.db)));
  auto path = policy::resolve_preset_path(o.preset);
  if (!path) return std::unexpected(path.error());
  auto preset = policy::load_preset_file(*path);  // refuse a bad preset before creating any file
  if (!preset) return std::unexpected(preset.error());
  auto paths = paths_of(o);
  auto ws = app::Workspace::open(paths, true);
  if (!ws) return std::unexpected(ws.error());
  if (!with_demo) {
    auto text = read_text_file(*path);
    if (!text) return std::unexpected(text.error());
    auto id = (*ws)->add_centre(*text, *path);
    if (!id) return std::unexpected(id.error());
    if (auto signed_ = (*ws)->audit().checkpoint(); !signed_) return std::unexpected(signed_.error());
    return Output{json::object{{"centre", *id}, {"db", store::redacted(o.db)}, {"keys", paths.keys}, {"master_key", paths.master}},
                  fmt::format("Created {} for {} (centre {}).\nKey store: {}\nMaster key: {} (keep it apart "
                              "from the database and its backups)\n",
                              store::redacted(o.db), preset->centre_name, *id, paths.keys, paths.master)};
  }
  auto demo = cli::create_demo(**ws, *path);
  if (!demo) return std::unexpected(demo.error());
  json::array staff, families;
  for (const auto& s : demo->staff_handles) staff.push_back(json::string(s));
  for (const auto& f : demo->family_references) families.push_back(json::string(f));
  std::string text = fmt::format("Created demo centre '{}' in {}.\nStaff: {}\nFamilies: {}\n", preset->centre_name,
                                 store::redacted(o.db), fmt::join(demo->staff_handles, ", "), fmt::join(demo->family_references, ", "));
  text += fmt::format("Demo sign-in password for every account: {}\n", cli::demo_password);
  json::array factors;
  for (const auto& [handle, secret] : demo->second_factors) {
    text += fmt::format("Second factor (TOTP) secret for {}: {}\n", handle, secret);
    factors.push_back(json::object{{"handle", handle}, {"totp_secret", secret}});
  }
  text += fmt::format("Try: haven family show {} --as vol.sam --db {}\n", demo->family_references.front(), store::redacted(o.db));
  return Output{json::object{{"centre", demo->centre_id},
                             {"staff", staff},
                             {"families", families},
                             {"password", cli::demo_password},
                             {"second_factors", factors}},
                text};
}

Result<Output> cmd_status(const Options& o) {
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  json::array centres;
  std::string text = fmt::format("Haven {} on {} (schema version {})\n", HAVEN_VERSION, store::redacted(o.db), (*ws)->db().schema_version());
  auto today = std::chrono::floor<std::chrono::days>(now());
  for (const auto& summary : (*ws)->centres()) {
    auto centre = (*ws)->centre(summary.id);
    if (!centre) return std::unexpected(centre.error());
    auto review = policy::review_status((*centre)->preset, today);
    int families = 0;
    (*ws)->db().sql() << "SELECT COUNT(*) FROM families WHERE centre_id = :c", soci::use(summary.id), soci::into(families);
    centres.push_back(json::object{{"id", summary.id},
                                   {"name", summary.name},
                                   {"preset", summary.preset_id},
                                   {"policy_version", summary.policy_version},
                                   {"families", families},
                                   {"review_due", format_day(review.due_on)},
                                   {"review_overdue", review.overdue}});
    text += fmt::format("- {} ({}): preset {} version {}, {} families; policy review {} {}\n", summary.name,
                        summary.id, summary.preset_id, summary.policy_version, families,
                        review.overdue ? "OVERDUE since" : "due by", format_day(review.due_on));
  }
  auto report = (*ws)->audit().verify();
  text += fmt::format("Audit chain: {} ({} entries, {} signed checkpoints)\n", report.ok ? "intact" : "BROKEN",
                      report.entries, report.checkpoints);
  text += "Haven is ready. Look at a family with: haven family list --as coord.amy\n";
  return Output{json::object{{"centres", centres}, {"audit_ok", report.ok}}, text};
}

Result<Output> cmd_audit_verify(const Options& o) {
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  auto report = (*ws)->audit().verify();
  if (!report.ok)
    return fail(ErrorKind::integrity, fmt::format("audit chain broken at entry {}: {}", *report.first_broken,
                                                  report.problem));
  return Output{json::object{{"ok", true}, {"entries", report.entries}, {"checkpoints", report.checkpoints}},
                fmt::format("Audit chain intact: {} entries, {} signed checkpoints.\n", report.entries,
                            report.checkpoints)};
}

Result<Output> cmd_staff_list(const Options& o) {
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  auto centre = (*ws)->centre(o.centre);
  if (!centre) return std::unexpected(centre.error());
  json::array rows;
  std::string text;
  for (const auto& s : access::list_staff(**ws, (*centre)->id)) {
    rows.push_back(json::object{{"handle", s.handle},
                                {"name", s.display_name},
                                {"role", name_of(s.role)},
                                {"dbs_level", name_of(s.dbs)},
                                {"dbs_checked_on", s.dbs_checked_on},
                                {"role_in_force", !s.role_pending}});
    text += fmt::format("{:<12} {:<8} {:<18} DBS {}{}{}\n", s.handle, s.display_name, name_of(s.role), name_of(s.dbs),
                        s.dbs_checked_on.empty() ? "" : " (" + s.dbs_checked_on + ")",
                        s.role_pending ? ", role awaiting a manager's approval" : "");
  }
  return Output{rows, text};
}

Output summaries_output(const std::vector<records::FamilySummary>& families) {
  std::string text;
  for (const auto& f : families)
    text += fmt::format("{}  {} people  next session: {}\n", f.reference, f.people,
                        f.next_session.empty() ? "none booked" : f.next_session);
  if (families.empty()) text = "No families found.\n";
  return Output{records::summaries_json(families), text};
}

Result<Output> summaries_output(const Result<std::vector<records::FamilySummary>>& families) {
  if (!families) return std::unexpected(families.error());
  return summaries_output(*families);
}

Result<Output> cmd_family_list(const Options& o) {
  return as_actor(o, [](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    return summaries_output(records::list_families(ws, c, as));
  });
}

Result<Output> cmd_family_find(const Options& o) {
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    return summaries_output(records::find_families_by_name(ws, c, as, o.family));
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

Result<Output> cmd_family_show(const Options& o) {
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto view = records::show_family(ws, c, as, o.family);
    if (!view) return std::unexpected(view.error());
    return Output{records::family_json(*view), family_text(*view)};
  });
}

// The password from standard input (first line), or a fresh random one that is printed once.
Result<std::pair<std::string, bool>> choose_password(const Options& o) {
  if (!o.password_stdin) return std::pair{accounts::random_token(15), true};
  std::string line;
  std::getline(std::cin, line);
  if (auto ok = accounts::acceptable_password(line); !ok) return std::unexpected(ok.error());
  return std::pair{line, false};
}

Output enrolment_output(const access::Staff& s, const accounts::Enrolment& e, const std::string& password,
                        bool show_password, const std::string& what) {
  std::string text = fmt::format("{} {} ({}).\n", what, s.handle, name_of(s.role));
  json::object out{{"handle", s.handle}, {"role", name_of(s.role)}};
  if (show_password) {
    text += fmt::format("Password (shown once): {}\n", password);
    out["password"] = password;
  }
  if (!e.totp_uri.empty()) {
    text += fmt::format("Second factor: add this to an authenticator app: {}\n", e.totp_uri);
    out["totp_uri"] = e.totp_uri;
  }
  return Output{out, text};
}

Result<Output> cmd_user_add(const Options& o) {
  auto role = parse_enum<policy::Role>(o.role);
  if (!role) return fail(ErrorKind::invalid_input, "--role is one of: " + allowed_names<policy::Role>());
  auto password = choose_password(o);
  if (!password) return std::unexpected(password.error());
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  auto centre = (*ws)->centre(o.centre);
  if (!centre) return std::unexpected(centre.error());
  // The operator may make a centre's first manager; every other role that sees family data
  // waits for a manager's approval (`haven user approve`).
  auto staff = records::add_staff(**ws, **centre, "operator",
                                  {o.handle, o.display_name.empty() ? o.handle : o.display_name, *role},
                                  records::RoleStart::first_manager);
  if (!staff) return std::unexpected(staff.error());
  auto enrolment = accounts::set_password(**ws, *staff, password->first, "operator");
  if (!enrolment) return std::unexpected(enrolment.error());
  auto out = enrolment_output(*staff, *enrolment, password->first, password->second, "Added");
  out.data.as_object()["role_in_force"] = !staff->role_pending;
  if (staff->role_pending)
    out.text += fmt::format("The role takes effect when a manager approves it: haven user approve {} --as MANAGER\n",
                            staff->handle);
  return out;
}

Result<Output> cmd_user_approve(const Options& o) {
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto staff = records::approve_role(ws, c, as, o.handle);
    if (!staff) return std::unexpected(staff.error());
    return Output{json::object{{"handle", staff->handle}, {"role", name_of(staff->role)}, {"role_in_force", true}},
                  fmt::format("{}'s role ({}) is now in force.\n", staff->handle, name_of(staff->role))};
  });
}

Result<Output> cmd_user_reset(const Options& o) {
  auto password = choose_password(o);
  if (!password) return std::unexpected(password.error());
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  auto staff = access::find_staff(**ws, o.handle);
  if (!staff) return std::unexpected(staff.error());
  auto enabled = accounts::set_disabled(**ws, *staff, false, "operator");
  if (!enabled) return std::unexpected(enabled.error());
  auto enrolment = accounts::set_password(**ws, *staff, password->first, "operator");
  if (!enrolment) return std::unexpected(enrolment.error());
  return enrolment_output(*staff, *enrolment, password->first, password->second, "Reset");
}

Result<Output> cmd_user_disable(const Options& o) {
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  auto staff = access::find_staff(**ws, o.handle);
  if (!staff) return std::unexpected(staff.error());
  auto done = accounts::set_disabled(**ws, *staff, true, "operator");
  if (!done) return std::unexpected(done.error());
  return Output{json::object{{"handle", staff->handle}, {"disabled", true}},
                fmt::format("Disabled {}: signed out everywhere, API tokens revoked.\n", staff->handle)};
}

Result<Output> cmd_serve(const Options& o, std::ostream& out) {
  auto colon = o.listen.rfind(':');
  unsigned port = 0;
  if (colon == std::string::npos || std::sscanf(o.listen.c_str() + colon + 1, "%u", &port) != 1 || port > 65535)
    return fail(ErrorKind::invalid_input, "--listen takes ADDRESS:PORT, e.g. 127.0.0.1:8080");
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  service::Service service(**ws);
  http::ServerOptions options;
  options.address = o.listen.substr(0, colon);
  options.port = static_cast<unsigned short>(port);
  options.tls_certificate = o.tls_certificate;
  options.tls_private_key = o.tls_private_key;
  options.stop_on_signals = true;
  // One line per request: method, route pattern (never the raw path), status and time taken.
  // No personal data is logged.
  http::Server server(options, [&service](http::Request& r) {
    auto started = std::chrono::steady_clock::now();
    auto response = service.handle(r);
    auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    spdlog::info("{} {} {} {:.1f}ms", r.method, r.route.empty() ? "(no route)" : r.route, response.status,
                 took.count() / 1000.0);
    return response;
  });
  auto bound = server.listen();
  if (!bound) return std::unexpected(bound.error());
  out << fmt::format("Haven serving {} on {}://{}:{} (Ctrl-C to stop)\n", store::redacted(o.db),
                     o.tls_certificate.empty() ? "http" : "https", options.address, *bound)
      << std::flush;
  server.run();
  return Output{json::object{{"stopped", true}}, "Haven stopped.\n"};
}

Day as_of_day(const Options& o) {
  auto given = parse_day(o.as_of);
  return given ? *given : std::chrono::floor<std::chrono::days>(now());
}

Result<Output> cmd_retention_preview(const Options& o) {
  if (!o.as_of.empty() && !parse_day(o.as_of)) return fail(ErrorKind::invalid_input, "--as-of is a date (YYYY-MM-DD)");
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto p = retention::preview(ws, c, as, as_of_day(o));
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

Result<Output> cmd_retention_hold(const Options& o) {
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto id = retention::place_hold(ws, c, as, o.family, o.reason, o.review_on);
    if (!id) return std::unexpected(id.error());
    return Output{json::object{{"hold", *id}}, fmt::format("Legal hold {} placed on {} until review on {}.\n", *id,
                                                           o.family, o.review_on)};
  });
}

Result<Output> cmd_retention_release(const Options& o) {
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto done = retention::release_hold(ws, c, as, o.hold);
    if (!done) return std::unexpected(done.error());
    return Output{json::object{{"released", o.hold}}, fmt::format("Legal hold {} released.\n", o.hold)};
  });
}

Result<Output> cmd_retention_propose(const Options& o) {
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto run = retention::propose_run(ws, c, as, as_of_day(o));
    if (!run) return std::unexpected(run.error());
    return Output{json::object{{"run", *run}},
                  fmt::format("Disposal run {} proposed; another member of management must approve it.\n", *run)};
  });
}

Result<Output> cmd_retention_approve(const Options& o) {
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto done = retention::approve_run(ws, c, as, o.run);
    if (!done) return std::unexpected(done.error());
    return Output{json::object{{"approved", o.run}}, fmt::format("Disposal run {} approved.\n", o.run)};
  });
}

Output certificate_output(const retention::Certificate& cert) {
  std::string text = fmt::format("Certificate of destruction for run {}\n", cert.run_id);
  for (const auto& [k, v] : cert.body) text += fmt::format("  {}: {}\n", std::string_view(k), json::serialize(v));
  text += fmt::format("  signature (Ed25519): {}\n", cert.signature);
  return Output{json::object{{"certificate", cert.body}, {"signature", cert.signature}}, text};
}

Result<Output> cmd_retention_execute(const Options& o, std::ostream& err) {
  return as_actor(o, [&o, &err](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto cert = retention::execute_run(ws, c, as, o.run, [&err](std::size_t done, std::size_t total) {
      if (total > 0 && (done == total || done % 100 == 0))
        err << fmt::format("\rdisposing: {}/{} families", done, total) << (done == total ? "\n" : "") << std::flush;
    });
    if (!cert) return std::unexpected(cert.error());
    return certificate_output(*cert);
  });
}

Result<Output> cmd_retention_certificate(const Options& o) {
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto cert = retention::certificate(ws, c, as, o.run);
    if (!cert) return std::unexpected(cert.error());
    return certificate_output(*cert);
  });
}

Result<Output> cmd_backup(const Options& o) {
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  if (o.backup_file.empty() && o.keys_backup_file.empty())
    return fail(ErrorKind::invalid_input, "say what to write: --to for the records, --keys-to for the key store");
  json::object out;
  std::string text;
  if (!o.backup_file.empty()) {
    if (store::is_postgresql(o.db))
      return fail(ErrorKind::invalid_input, "a PostgreSQL database is backed up with pg_dump or a standby; "
                                            "--keys-to still backs up the key store");
    auto info = backup::backup_database(o.db, o.backup_file, (*ws)->keys().backup_key());
    if (!info) return std::unexpected(info.error());
    out["backup"] = o.backup_file;
    text += fmt::format("Encrypted backup of {} written to {} ({} bytes). It holds no keys.\n", store::redacted(o.db), o.backup_file,
                        info->encrypted_bytes);
  }
  if (!o.keys_backup_file.empty() && store::is_postgresql(paths_of(o).keys))
    return fail(ErrorKind::invalid_input, "a key store on PostgreSQL is backed up with pg_dump of its own database");
  if (!o.keys_backup_file.empty()) {
    auto info = backup::backup_database(paths_of(o).keys, o.keys_backup_file, (*ws)->keys().backup_key());
    if (!info) return std::unexpected(info.error());
    out["keys_backup"] = o.keys_backup_file;
    text += fmt::format("Key store backup written to {}. Store it apart from the records backups, keep only the "
                        "latest, and make a new one after every disposal run: an older copy would still hold the "
                        "keys of families destroyed since.\n",
                        o.keys_backup_file);
  }
  return Output{out, text};
}

Result<Output> cmd_restore(const Options& o) {
  // Only the key store is needed (the database itself may be what was lost).
  auto paths = paths_of(o);
  auto keys = crypto::KeyStore::open(paths.keys, paths.master, false);
  if (!keys) return std::unexpected(keys.error());
  auto info = backup::restore_database(o.backup_file, o.restore_to, (*keys)->backup_key());
  if (!info) return std::unexpected(info.error());
  return Output{json::object{{"restored", o.restore_to}, {"bytes", info->plain_bytes}},
                fmt::format("Restored {} into {}. Open it with the current key store; families destroyed since the "
                            "backup stay unreadable.\n",
                            o.backup_file, o.restore_to)};
}

Result<Output> cmd_import(const Options& o) {
  auto csv = read_text_file(o.import_file);
  if (!csv) return std::unexpected(csv.error());
  return as_actor(o, [&o, &csv](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
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

Result<Output> cmd_policy_adopt(const Options& o) {
  return as_actor(o, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto text = read_text_file(o.preset);
    if (!text) return std::unexpected(text.error());
    auto version = governance::adopt_version(ws, c, as, *text, std::filesystem::path(o.preset).filename().string());
    if (!version) return std::unexpected(version.error());
    return Output{json::object{{"adopted", *version}},
                  fmt::format("Version {} of the policy is now in force; everyone is to be told afresh.\n", *version)};
  });
}

Result<Output> cmd_policy_history(const Options& o) {
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  auto centre = (*ws)->centre(o.centre);
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

Result<Output> cmd_policy_diff(const Options& o) {
  auto ws = open_existing(o);
  if (!ws) return std::unexpected(ws.error());
  auto centre = (*ws)->centre(o.centre);
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

Result<Output> cmd_policy_acknowledge(const Options& o) {
  auto audience = parse_enum<policy::Audience>(o.audience);
  if (!audience) return fail(ErrorKind::invalid_input, "--audience is one of: " + allowed_names<policy::Audience>());
  return as_actor(o, [&o, &audience](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    std::string on = o.on.empty() ? format_day(std::chrono::floor<std::chrono::days>(now())) : o.on;
    auto id = governance::acknowledge(ws, c, as, {*audience, o.subject_kind, o.subject, on, o.how});
    if (!id) return std::unexpected(id.error());
    return Output{json::object{{"id", *id}}, fmt::format("Recorded: {} {} was told of version {} on {}.\n",
                                                         o.subject_kind, o.subject, c.preset.version, on)};
  });
}

Result<Output> cmd_policy_unacknowledged(const Options& o) {
  return as_actor(o, [](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
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

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Haven: records for child contact centres, with the confidentiality policy enforced."};
  app.require_subcommand(1);
  Options o;
  std::function<Result<Output>()> command;

  auto with_db = [&o](CLI::App* sub) {
    sub->add_option("--db", o.db, "SQLite database file (key store and master key sit beside it), or a postgresql:// URI "
                                    "(then give --keys and --master-key)")
        ->envname("HAVEN_DB")
        ->capture_default_str();
    sub->add_option("--keys", o.keys, "key store file (default: the database's name with .keys), or a postgresql:// "
                                      "URI of a database of its own")->envname("HAVEN_KEYS");
    sub->add_option("--master-key", o.master_key, "master key file (default: the database's name with .master)")
        ->envname("HAVEN_MASTER_KEY");
    sub->add_flag("--json", o.json, "print JSON");
  };
  auto with_actor = [&o](CLI::App* sub) {
    sub->add_option("--as", o.as, "handle of the staff member asking")->required();
    sub->add_option("--centre", o.centre, "centre id, when the database hosts several");
  };

  auto* init = app.add_subcommand("init", "create an empty database for one centre");
  with_db(init);
  init->add_option("--preset", o.preset, "preset name (birmingham, west-wilts) or TOML file")->required();
  init->callback([&] { command = [&] { return create_workspace(o, false); }; });

  auto* demo = app.add_subcommand("demo", "create a database with a demo centre");
  with_db(demo);
  demo->add_option("--preset", o.preset, "preset name or TOML file")->capture_default_str();
  demo->callback([&] { command = [&] { return create_workspace(o, true); }; });

  auto* status = app.add_subcommand("status", "show the centres, policy review dates and audit state");
  with_db(status);
  status->callback([&] { command = [&] { return cmd_status(o); }; });

  auto* policy_cmd = app.add_subcommand("policy", "render or check a policy preset");
  policy_cmd->require_subcommand(1);
  auto* render = policy_cmd->add_subcommand("render", "print the policy as Markdown");
  render->add_option("preset", o.preset, "preset name or TOML file")->required();
  render->add_flag("--json", o.json, "print JSON");
  render->callback([&] { command = [&] { return cmd_policy_render(o); }; });
  auto* check = policy_cmd->add_subcommand("check", "validate a preset");
  check->add_option("preset", o.preset, "preset name or TOML file")->required();
  check->add_flag("--json", o.json, "print JSON");
  check->callback([&] { command = [&] { return cmd_policy_check(o); }; });

  auto* adopt = policy_cmd->add_subcommand("adopt", "adopt a new version of the centre's policy (management)");
  adopt->add_option("preset", o.preset, "TOML file of the new version")->required();
  auto* history = policy_cmd->add_subcommand("history", "every version the centre's policy has had");
  auto* diff = policy_cmd->add_subcommand("diff", "what changed between two versions");
  diff->add_option("from", o.version_from, "older version")->required();
  diff->add_option("to", o.version_to, "newer version")->required();
  auto* ack = policy_cmd->add_subcommand("acknowledge", "record that someone was told of the version in force");
  ack->add_option("--audience", o.audience, "users, referrers, volunteers or staff")->capture_default_str();
  ack->add_option("--kind", o.subject_kind, "staff (a handle), person (a parent's id) or referral (an id)")
      ->capture_default_str();
  ack->add_option("--who", o.subject, "the handle or id")->required();
  ack->add_option("--on", o.on, "date told (default today)");
  ack->add_option("--how", o.how, "how, e.g. \"signed copy\"")->required();
  auto* unack = policy_cmd->add_subcommand("unacknowledged", "who has not yet been told of the version in force");
  for (auto* sub : {adopt, ack, unack}) {
    with_db(sub);
    with_actor(sub);
  }
  for (auto* sub : {history, diff}) {
    with_db(sub);
    sub->add_option("--centre", o.centre, "centre id, when the database hosts several");
  }
  adopt->callback([&] { command = [&] { return cmd_policy_adopt(o); }; });
  history->callback([&] { command = [&] { return cmd_policy_history(o); }; });
  diff->callback([&] { command = [&] { return cmd_policy_diff(o); }; });
  ack->callback([&] { command = [&] { return cmd_policy_acknowledge(o); }; });
  unack->callback([&] { command = [&] { return cmd_policy_unacknowledged(o); }; });

  auto* audit_cmd = app.add_subcommand("audit", "the audit chain");
  audit_cmd->require_subcommand(1);
  auto* verify = audit_cmd->add_subcommand("verify", "check every hash and signed checkpoint");
  with_db(verify);
  verify->callback([&] { command = [&] { return cmd_audit_verify(o); }; });

  auto* staff_cmd = app.add_subcommand("staff", "staff and volunteers");
  staff_cmd->require_subcommand(1);
  auto* staff_list = staff_cmd->add_subcommand("list", "handles, roles and DBS levels");
  with_db(staff_list);
  staff_list->add_option("--centre", o.centre, "centre id, when the database hosts several");
  staff_list->callback([&] { command = [&] { return cmd_staff_list(o); }; });

  auto* family_cmd = app.add_subcommand("family", "families, as the given staff member may see them");
  family_cmd->require_subcommand(1);
  auto* family_list = family_cmd->add_subcommand("list", "case references and next sessions");
  with_db(family_list);
  with_actor(family_list);
  family_list->callback([&] { command = [&] { return cmd_family_list(o); }; });
  auto* family_find = family_cmd->add_subcommand("find", "families with a person of this full name");
  family_find->add_option("name", o.family, "first name and surname, e.g. \"Joanna Pemberton\"")->required();
  with_db(family_find);
  with_actor(family_find);
  family_find->callback([&] { command = [&] { return cmd_family_find(o); }; });
  auto* family_show = family_cmd->add_subcommand("show", "one family, showing only what the asker may see");
  family_show->add_option("family", o.family, "case reference (F0001) or id")->required();
  with_db(family_show);
  with_actor(family_show);
  family_show->callback([&] { command = [&] { return cmd_family_show(o); }; });

  auto* serve = app.add_subcommand("serve", "serve the JSON API (loopback only unless told otherwise)");
  with_db(serve);
  serve->add_option("--listen", o.listen, "ADDRESS:PORT to listen on")->capture_default_str();
  serve->add_option("--tls-cert", o.tls_certificate, "PEM certificate chain: serve HTTPS only");
  serve->add_option("--tls-key", o.tls_private_key, "PEM private key for --tls-cert");
  serve->callback([&] { command = [&] { return cmd_serve(o, out); }; });

  auto* user_cmd = app.add_subcommand("user", "staff accounts: add, approve, reset, disable");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "add a staff account");
  user_add->add_option("handle", o.handle, "sign-in handle, e.g. coord.amy")->required();
  user_add->add_option("--name", o.display_name, "name shown on rotas (first name)");
  user_add->add_option("--role", o.role, "coordinator, management, safeguarding_lead, volunteer or administrator")
      ->required();
  user_add->add_option("--centre", o.centre, "centre id, when the database hosts several");
  user_add->add_flag("--password-stdin", o.password_stdin, "read the password from standard input");
  with_db(user_add);
  user_add->callback([&] { command = [&] { return cmd_user_add(o); }; });
  auto* user_approve = user_cmd->add_subcommand("approve", "put a proposed role into force (a second manager)");
  user_approve->add_option("handle", o.handle, "sign-in handle of the account")->required();
  with_actor(user_approve);
  with_db(user_approve);
  user_approve->callback([&] { command = [&] { return cmd_user_approve(o); }; });
  auto* user_reset = user_cmd->add_subcommand("reset", "new password (and second factor), lockout cleared");
  user_reset->add_option("handle", o.handle, "sign-in handle")->required();
  user_reset->add_flag("--password-stdin", o.password_stdin, "read the password from standard input");
  with_db(user_reset);
  user_reset->callback([&] { command = [&] { return cmd_user_reset(o); }; });
  auto* user_disable = user_cmd->add_subcommand("disable", "disable an account and end its sessions");
  user_disable->add_option("handle", o.handle, "sign-in handle")->required();
  with_db(user_disable);
  user_disable->callback([&] { command = [&] { return cmd_user_disable(o); }; });

  auto* retention_cmd = app.add_subcommand("retention", "clause 8: what is due, legal holds, disposal runs");
  retention_cmd->require_subcommand(1);
  auto* r_preview = retention_cmd->add_subcommand("preview", "families due for destruction, and why");
  r_preview->add_option("--as-of", o.as_of, "date to judge by (default today)");
  auto* r_hold = retention_cmd->add_subcommand("hold", "place a legal hold on a family");
  r_hold->add_option("family", o.family, "case reference")->required();
  r_hold->add_option("--reason", o.reason, "why the records must be kept")->required();
  r_hold->add_option("--review-on", o.review_on, "when to look at the hold again (YYYY-MM-DD)")->required();
  auto* r_release = retention_cmd->add_subcommand("release", "release a legal hold");
  r_release->add_option("hold", o.hold, "hold id")->required();
  auto* r_propose = retention_cmd->add_subcommand("propose", "propose a disposal run of everything due");
  r_propose->add_option("--as-of", o.as_of, "date to judge by (default today)");
  auto* r_approve = retention_cmd->add_subcommand("approve", "approve a run (management, not the proposer)");
  r_approve->add_option("run", o.run, "run id")->required();
  auto* r_execute = retention_cmd->add_subcommand("execute", "carry out an approved run and issue its certificate");
  r_execute->add_option("run", o.run, "run id")->required();
  auto* r_certificate = retention_cmd->add_subcommand("certificate", "show a run's certificate of destruction");
  r_certificate->add_option("run", o.run, "run id")->required();
  for (auto* sub : {r_preview, r_hold, r_release, r_propose, r_approve, r_execute, r_certificate}) {
    with_db(sub);
    with_actor(sub);
  }
  r_preview->callback([&] { command = [&] { return cmd_retention_preview(o); }; });
  r_hold->callback([&] { command = [&] { return cmd_retention_hold(o); }; });
  r_release->callback([&] { command = [&] { return cmd_retention_release(o); }; });
  r_propose->callback([&] { command = [&] { return cmd_retention_propose(o); }; });
  r_approve->callback([&] { command = [&] { return cmd_retention_approve(o); }; });
  r_execute->callback([&] { command = [&] { return cmd_retention_execute(o, err); }; });
  r_certificate->callback([&] { command = [&] { return cmd_retention_certificate(o); }; });

  auto* import = app.add_subcommand("import", "import families from a spreadsheet (CSV, one row per person)");
  import->add_option("file", o.import_file, "CSV file (see the header in src/records/import.hpp)")->required();
  import->add_flag("--dry-run", o.dry_run, "check every row and write nothing");
  with_db(import);
  with_actor(import);
  import->callback([&] { command = [&] { return cmd_import(o); }; });

  auto* backup = app.add_subcommand("backup", "write an encrypted, consistent copy of the database");
  backup->add_option("--to", o.backup_file, "records backup file to create");
  backup->add_option("--keys-to", o.keys_backup_file, "key store backup file to create (keep it apart)");
  with_db(backup);
  backup->callback([&] { command = [&] { return cmd_backup(o); }; });
  auto* restore = app.add_subcommand("restore", "decrypt a backup into a new database file");
  restore->add_option("--from", o.backup_file, "backup file")->required();
  restore->add_option("--to", o.restore_to, "new database file to create")->required();
  with_db(restore);
  restore->callback([&] { command = [&] { return cmd_restore(o); }; });

  // Text is valid UTF-8 at every entrance: an argument that is not is refused, naming it, before
  // anything is read or written.
  for (int i = 1; i < argc; ++i) {
    std::string_view arg(argv[i]);
    if (is_valid_utf8(arg)) continue;
    std::string_view option = arg.starts_with("--") ? arg.substr(0, arg.find('=')) : std::string_view();
    if (option.empty() && i > 1 && std::string_view(argv[i - 1]).starts_with("--")) option = argv[i - 1];
    auto refused = not_valid_text(option.empty() || !is_valid_utf8(option) ? fmt::format("Argument {}", i)
                                                                            : fmt::format("The value of {}", option));
    err << "haven: " << refused.error().message << "\n";
    return 2;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "haven: " << e.what() << " (see 'haven --help')\n";
    return 2;
  }

  Result<Output> result = store::guard_storage([&]() -> Result<Output> {
    try {
      return command();
    } catch (const soci::soci_error&) {
      throw;
    } catch (const std::exception& e) {
      return fail(ErrorKind::storage, std::string("internal error: ") + e.what());
    }
  });
  if (!result) {
    const auto& e = result.error();
    if (o.json) {
      json::object error{{"kind", to_string(e.kind)}, {"message", e.message}};
      if (!e.clause.empty()) error["clause"] = e.clause;
      out << json::serialize(json::object{{"error", error}}) << "\n";
    } else {
      err << "haven: " << e.message << "\n";
    }
    return exit_code(e.kind);
  }
  if (o.json)
    out << json::serialize(result->data) << "\n";
  else
    out << result->text;
  return 0;
}

}  // namespace haven::cli
