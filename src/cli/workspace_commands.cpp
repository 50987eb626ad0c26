// haven init, demo, status, serve, backup, restore and audit verify: the commands that make, open,
// serve or copy a whole database.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "backup/backup.hpp"
#include "cli/command.hpp"
#include "cli/demo.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "governance/oversight.hpp"
#include "http/server.hpp"
#include "mail/smtp.hpp"
#include "policy/preset.hpp"
#include "policy/review.hpp"
#include "records/families.hpp"
#include "service/chain_breaks.hpp"
#include "service/checkpoints.hpp"
#include "service/pool.hpp"
#include "store/database.hpp"

namespace haven::cli {

namespace json = boost::json;

namespace {

struct WorkspaceOptions {
  std::string preset = "birmingham";  // init and demo: preset name or TOML file
  std::string listen = "127.0.0.1:8080";
  std::string tls_certificate;
  std::string tls_private_key;
  std::string backup_file;       // backup --to, restore --from
  std::string keys_backup_file;  // backup --keys-to
  std::string restore_to;
  unsigned workers = 0;              // serve: quick-lane threads, 0 for four a core
  unsigned checkpoint_seconds = 60;  // serve: the longest an entry the server wrote stays unsigned
  std::vector<std::string> trusted_proxies;  // serve: whose X-Forwarded-For is believed
  // serve: the mail server email goes through (mail/smtp.hpp), its password read from a file so
  // that it never shows in a process list, and how often the outbox is sent.
  mail::SmtpSettings smtp;
  std::string smtp_password_file;
  unsigned mail_seconds = 30;
  std::string public_address;
};

// The mail settings given to serve, with the password read from its file; nothing when no mail
// server is named (email then waits in the outbox).
Result<std::optional<mail::SmtpSettings>> mail_settings(const WorkspaceOptions& o) {
  if (o.smtp.url.empty()) return std::nullopt;
  if (!o.smtp.url.starts_with("smtp://") && !o.smtp.url.starts_with("smtps://"))
    return fail(ErrorKind::invalid_input, "--smtp-url: smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT");
  if (o.smtp.from.find('@') == std::string::npos)
    return fail(ErrorKind::invalid_input, "--mail-from: the address email comes from, like haven@centre.example.org");
  mail::SmtpSettings settings = o.smtp;
  if (!o.smtp_password_file.empty()) {
    HAVEN_TRY(password, read_text_file(o.smtp_password_file));
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
    settings.password = password;
  }
  return settings;
}

// Lets the server hold as many open files as the system allows it (a connection is one).
void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// A SQLite file is made new; a PostgreSQL database may already host other centres, and this
// centre joins them.
Result<Output> create_workspace(const Common& common, const WorkspaceOptions& o, bool with_demo) {
  if (!store::is_postgresql(common.db) && std::filesystem::exists(common.db))
    return fail(ErrorKind::conflict, fmt::format("{} already exists; Haven will not overwrite it", store::redacted(common.db)));
  auto path = policy::resolve_preset_path(o.preset);
  if (!path) return std::unexpected(path.error());
  auto preset = policy::load_preset_file(*path);  // refuse a bad preset before creating any file
  if (!preset) return std::unexpected(preset.error());
  auto paths = paths_of(common);
  auto ws = app::Workspace::open(paths, true);
  if (!ws) return std::unexpected(ws.error());
  if (!with_demo) {
    auto text = read_text_file(*path);
    if (!text) return std::unexpected(text.error());
    auto id = (*ws)->add_centre(*text, *path);
    if (!id) return std::unexpected(id.error());
    if (auto signed_ = (*ws)->audit().checkpoint(); !signed_) return std::unexpected(signed_.error());
    return Output{json::object{{"centre", *id}, {"db", store::redacted(common.db)}, {"keys", paths.keys}, {"master_key", paths.master}},
                  fmt::format("Created {} for {} (centre {}).\nKey store: {}\nMaster key: {} (keep it apart "
                              "from the database and its backups)\n",
                              store::redacted(common.db), preset->centre_name, *id, paths.keys, paths.master)};
  }
  auto demo = cli::create_demo(**ws, *path);
  if (!demo) return std::unexpected(demo.error());
  json::array staff, families;
  for (const auto& s : demo->staff_handles) staff.push_back(json::string(s));
  for (const auto& f : demo->family_references) families.push_back(json::string(f));
  std::string text = fmt::format("Created demo centre '{}' in {}.\nStaff: {}\nFamilies: {}\n", preset->centre_name,
                                 store::redacted(common.db), fmt::join(demo->staff_handles, ", "), fmt::join(demo->family_references, ", "));
  text += fmt::format("Demo sign-in password for every account: {}\n", cli::demo_password);
  json::array factors;
  for (const auto& [handle, secret] : demo->second_factors) {
    text += fmt::format("Second factor (TOTP) secret for {}: {}\n", handle, secret);
    factors.push_back(json::object{{"handle", handle}, {"totp_secret", secret}});
  }
  text += fmt::format("Try: haven family show {} --as vol.sam --db {}\n", demo->family_references.front(), store::redacted(common.db));
  return Output{json::object{{"centre", demo->centre_id},
                             {"staff", staff},
                             {"families", families},
                             {"password", cli::demo_password},
                             {"second_factors", factors}},
                text};
}

Result<Output> cmd_status(const Common& common) {
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  json::array centres;
  std::string text = fmt::format("Haven {} on {} (schema version {})\n", HAVEN_VERSION, store::redacted(common.db), (*ws)->db().schema_version());
  auto today = std::chrono::floor<std::chrono::days>(now());
  for (const auto& summary : (*ws)->centres()) {
    auto centre = (*ws)->centre(summary.id);
    if (!centre) return std::unexpected(centre.error());
    auto review = policy::review_status((*centre)->preset, today);
    auto counted = records::count_families(**ws, summary.id);
    if (!counted) return std::unexpected(counted.error());
    int families = *counted;
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
  text += fmt::format("Audit chain: {} ({}, {})\n", report.ok ? "intact" : "BROKEN",
                      counted(report.entries, "entry", "entries"),
                      counted(report.checkpoints, "signed checkpoint", "signed checkpoints"));
  if (!report.ok) {
    text += "The audit chain does not verify: run 'haven audit verify' to see where it breaks.\n";
    return Output{json::object{{"centres", centres}, {"audit_ok", false}}, text, exit_code_of(ErrorKind::integrity)};
  }
  text += "Haven is ready. Look at a family with: haven family list --as coord.amy\n";
  return Output{json::object{{"centres", centres}, {"audit_ok", true}}, text};
}

Result<Output> cmd_audit_verify(const Common& common) {
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  if (!common.centre.empty())
    if (auto centre = (*ws)->centre(common.centre); !centre) return std::unexpected(centre.error());
  auto report = (*ws)->audit().verify(common.centre);
  if (!report.ok) service::record_chain_breaks(**ws, report, "when its audit trail was verified");
  if (!report.ok)
    return fail(ErrorKind::integrity,
                report.first_broken ? "audit chain broken at " + governance::describe_break(**ws, report)
                                    : "audit chain cannot be verified: " + report.problem);
  json::array chains;
  for (const auto& chain : report.chains)
    chains.push_back(json::object{{"centre", chain.chain}, {"entries", chain.entries}, {"checkpoints", chain.checkpoints}});
  return Output{json::object{{"ok", true}, {"entries", report.entries}, {"checkpoints", report.checkpoints},
                             {"chains", chains}},
                fmt::format("Audit chain intact: {}, {}, in {}.\n", counted(report.entries, "entry", "entries"),
                            counted(report.checkpoints, "signed checkpoint", "signed checkpoints"),
                            counted(report.chains.size(), "chain", "chains"))};
}

Result<Output> cmd_serve(const Common& common, const WorkspaceOptions& o, std::ostream& out) {
  auto colon = o.listen.rfind(':');
  unsigned port = 0;
  if (colon == std::string::npos || std::sscanf(o.listen.c_str() + colon + 1, "%u", &port) != 1 || port > 65535)
    return fail(ErrorKind::invalid_input, "--listen takes ADDRESS:PORT, e.g. 127.0.0.1:8080");
  http::ServerOptions options;
  options.address = o.listen.substr(0, colon);
  options.port = static_cast<unsigned short>(port);
  options.tls_certificate = o.tls_certificate;
  options.tls_private_key = o.tls_private_key;
  options.stop_on_signals = true;
  options.workers = http::quick_workers(o.workers, 4);
  options.lane_of = service::lane_of;
  options.trusted_proxies = o.trusted_proxies;
  raise_open_file_limit();
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY)
    options.max_connections = std::min<std::size_t>(options.max_connections, files.rlim_cur / 2);
  // A workspace for every worker thread of every lane.
  // Where people outside reach Haven, for the links in email.
  auto served = paths_of(common);
  served.public_address = o.public_address;
  while (served.public_address.ends_with('/')) served.public_address.pop_back();
  if (!served.public_address.empty() && !served.public_address.starts_with("https://") &&
      !served.public_address.starts_with("http://localhost") && !served.public_address.starts_with("http://127.0.0.1"))
    return fail(ErrorKind::invalid_input, "--public-address: https://HOST (plain http only for localhost)");
  auto pool = service::ServicePool::open(served, options.workers + options.slow_workers + options.sign_in_workers);
  if (!pool) return std::unexpected(pool.error());
  auto housekeeper = service::start_housekeeper(paths_of(common), std::chrono::hours{1}, [](const Error& e) {
    spdlog::error("could not tidy ended sessions and old email: {}", e.message);
  });
  if (!housekeeper) return std::unexpected(housekeeper.error());
  HAVEN_TRY(smtp, mail_settings(o));
  std::unique_ptr<service::PeriodicJob> courier;
  if (smtp) {
    auto started = service::start_mail_courier(served, std::chrono::seconds{o.mail_seconds}, *smtp, [](const Error& e) {
      spdlog::error("could not send email: {}", e.message);
    });
    if (!started) return std::unexpected(started.error());
    courier = std::move(*started);
  } else {
    spdlog::warn("no mail server is configured (--smtp-url): email waits in the outbox");
  }
  // A broken audit chain, found when the pool opened or by the checkpoint signer while serving (on
  // its thread, at each signing), turns the pool's workspaces and the housekeeper's read-only. The
  // courier goes on sending what is already queued, which changes no records: refused, the mark
  // that a letter was sent would be undone after it went, and it would go again.
  std::mutex housekeeper_guard;  // the signer's thread reads `housekeeper` while the server stops
  auto serve_read_only = [&](const std::string& reason) {
    (*pool)->refuse_changes(reason);  // the first reason stays
    std::lock_guard lock(housekeeper_guard);
    if (*housekeeper) (*housekeeper)->refuse_changes((*pool)->read_only_reason());
  };
  if (auto reason = (*pool)->read_only_reason(); !reason.empty()) {
    spdlog::error("{}", reason);
    serve_read_only(reason);
  }
  auto signer = service::start_checkpoint_signer(
      paths_of(common), std::chrono::seconds{o.checkpoint_seconds},
      [](const Error& e) { spdlog::error("could not sign an audit checkpoint: {}", e.message); },
      [&](const std::string& reason) {
        if ((*pool)->read_only_reason().empty()) spdlog::error("{}", reason);
        serve_read_only(reason);
      });
  if (!signer) return std::unexpected(signer.error());
  // One line per request: method, route pattern (never the raw path), status and time taken.
  // No personal data is logged.
  http::Server server(options, [&service = **pool](http::Request& r) {
    auto started = std::chrono::steady_clock::now();
    auto response = service.handle(r);
    auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    if (response.log_detail.empty())
      spdlog::info("{} {} {} {:.1f}ms", r.method, r.route.empty() ? "(no route)" : r.route, response.status,
                   took.count() / 1000.0);
    else
      spdlog::warn("{} {} {} {:.1f}ms: {}", r.method, r.route.empty() ? "(no route)" : r.route, response.status,
                   took.count() / 1000.0, response.log_detail);
    return response;
  });
  auto bound = server.listen();
  if (!bound) return std::unexpected(bound.error());
  out << fmt::format("Haven serving {} on {}://{}:{} with {} workers (Ctrl-C to stop)\n", store::redacted(common.db),
                     o.tls_certificate.empty() ? "http" : "https", options.address, *bound, options.workers)
      << std::flush;
  server.run();
  courier.reset();  // sends what is due
  std::unique_ptr<service::PeriodicJob> stopping;
  {
    std::lock_guard lock(housekeeper_guard);
    stopping = std::move(*housekeeper);
  }
  stopping.reset();  // tidies once more
  signer->reset();   // signs what the last requests and jobs wrote
  return Output{json::object{{"stopped", true}}, "Haven stopped.\n"};
}

Result<Output> cmd_backup(const Common& common, const WorkspaceOptions& o) {
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  if (o.backup_file.empty() && o.keys_backup_file.empty())
    return fail(ErrorKind::invalid_input, "say what to write: --to for the records, --keys-to for the key store");
  json::object out;
  std::string text;
  if (!o.backup_file.empty()) {
    if (store::is_postgresql(common.db))
      return fail(ErrorKind::invalid_input, "a PostgreSQL database is backed up with pg_dump or a standby; "
                                            "--keys-to still backs up the key store");
    auto info = backup::backup_database(common.db, o.backup_file, (*ws)->keys().backup_key());
    if (!info) return std::unexpected(info.error());
    out["backup"] = o.backup_file;
    text += fmt::format("Encrypted backup of {} written to {} ({} bytes). It holds no keys.\n", store::redacted(common.db), o.backup_file,
                        info->encrypted_bytes);
  }
  if (!o.keys_backup_file.empty() && store::is_postgresql(paths_of(common).keys))
    return fail(ErrorKind::invalid_input, "a key store on PostgreSQL is backed up with pg_dump of its own database");
  if (!o.keys_backup_file.empty()) {
    auto info = backup::backup_database(paths_of(common).keys, o.keys_backup_file, (*ws)->keys().backup_key());
    if (!info) return std::unexpected(info.error());
    out["keys_backup"] = o.keys_backup_file;
    text += fmt::format("Key store backup written to {}. Store it apart from the records backups, keep only the "
                        "latest, and make a new one after every disposal run: an older copy would still hold the "
                        "keys of families destroyed since.\n",
                        o.keys_backup_file);
  }
  return Output{out, text};
}

Result<Output> cmd_restore(const Common& common, const WorkspaceOptions& o) {
  // Only the key store is needed (the database itself may be what was lost).
  auto paths = paths_of(common);
  auto keys = crypto::KeyStore::open(paths.keys, paths.master, false);
  if (!keys) return std::unexpected(keys.error());
  auto info = backup::restore_database(o.backup_file, o.restore_to, (*keys)->backup_key());
  if (!info) return std::unexpected(info.error());
  // The witness learns where each chain of the restored records ends: the entries written after
  // the backup are gone with it, and are not reported as deleted.
  auto restored_paths = paths;
  restored_paths.db = o.restore_to;
  auto restored = app::Workspace::open(restored_paths, false);
  if (!restored) return std::unexpected(restored.error());
  if (auto witnessed = (*restored)->audit().witness_restore(); !witnessed) return std::unexpected(witnessed.error());
  return Output{json::object{{"restored", o.restore_to}, {"bytes", info->plain_bytes}},
                fmt::format("Restored {} into {}. Open it with the current key store; families destroyed since the "
                            "backup stay unreadable.\n",
                            o.backup_file, o.restore_to)};
}

}  // namespace

void add_workspace_commands(const Registrar& r) {
  auto o = std::make_shared<WorkspaceOptions>();
  const Common& common = r.common;
  auto* init = r.app.add_subcommand("init", "create an empty database for one centre");
  r.with_database(init);
  init->add_option("--preset", o->preset, "preset name (birmingham, west-wilts) or TOML file")->required();
  r.runs(init, [&common, o] { return create_workspace(common, *o, false); });

  auto* demo = r.app.add_subcommand("demo", "create a database with a demo centre");
  r.with_database(demo);
  demo->add_option("--preset", o->preset, "preset name or TOML file")->capture_default_str();
  r.runs(demo, [&common, o] { return create_workspace(common, *o, true); });

  auto* status = r.app.add_subcommand("status", "show the centres, policy review dates and audit state");
  r.with_database(status);
  r.runs(status, [&common] { return cmd_status(common); });

  auto* audit_cmd = r.app.add_subcommand("audit", "the audit chain");
  audit_cmd->require_subcommand(1);
  auto* verify = audit_cmd->add_subcommand("verify", "check every chain's hashes, signed checkpoints and witness");
  r.with_database(verify);
  r.with_centre(verify);
  r.runs(verify, [&common] { return cmd_audit_verify(common); });

  auto* serve = r.app.add_subcommand("serve", "serve the JSON API (loopback only unless told otherwise)");
  r.with_database(serve);
  serve->add_option("--listen", o->listen, "ADDRESS:PORT to listen on")->capture_default_str();
  serve->add_option("--tls-cert", o->tls_certificate, "PEM certificate chain: serve HTTPS only");
  serve->add_option("--tls-key", o->tls_private_key, "PEM private key for --tls-cert");
  serve->add_option("--workers", o->workers, "threads for ordinary requests (default: four a core)");
  serve->add_option("--trusted-proxy", o->trusted_proxies,
                    "ADDRESS of a reverse proxy whose X-Forwarded-For names the client (repeatable)");
  serve->add_option("--checkpoint-seconds", o->checkpoint_seconds,
                    "sign the audit chain at least this often while serving")->capture_default_str();
  serve->add_option("--smtp-url", o->smtp.url, "mail server: smtp://HOST:587 (STARTTLS) or smtps://HOST:465");
  serve->add_option("--smtp-user", o->smtp.username, "user name at the mail server");
  serve->add_option("--smtp-password-file", o->smtp_password_file, "file holding the mail server password");
  serve->add_option("--smtp-ca-file", o->smtp.ca_file, "PEM certificates to trust for the mail server");
  serve->add_option("--mail-from", o->smtp.from, "the address Haven's email comes from");
  serve->add_option("--mail-seconds", o->mail_seconds, "send the outbox this often")->capture_default_str();
  serve->add_option("--public-address", o->public_address,
                    "where people outside reach Haven (https://HOST), for the links in email");
  r.runs(serve, [&common, o, &out = r.out] { return cmd_serve(common, *o, out); });

  auto* backup = r.app.add_subcommand("backup", "write an encrypted, consistent copy of the database");
  backup->add_option("--to", o->backup_file, "records backup file to create");
  backup->add_option("--keys-to", o->keys_backup_file, "key store backup file to create (keep it apart)");
  r.with_database(backup);
  r.runs(backup, [&common, o] { return cmd_backup(common, *o); });
  auto* restore = r.app.add_subcommand("restore", "decrypt a backup into a new database file");
  restore->add_option("--from", o->backup_file, "backup file")->required();
  restore->add_option("--to", o->restore_to, "new database file to create")->required();
  r.with_database(restore);
  r.runs(restore, [&common, o] { return cmd_restore(common, *o); });
}

}  // namespace haven::cli
