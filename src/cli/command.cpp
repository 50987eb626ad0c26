#include "cli/command.hpp"

#include <spdlog/spdlog.h>

namespace haven::cli {

void Registrar::with_database(CLI::App* sub) const {
  sub->add_option("--db", common.db, "SQLite database file (key store and master key sit beside it), or a postgresql:// URI "
                                     "(then give --keys and --master-key)")
      ->envname("HAVEN_DB")
      ->capture_default_str();
  sub->add_option("--keys", common.keys, "key store file (default: the database's name with .keys), or a postgresql:// "
                                         "URI of a database of its own")
      ->envname("HAVEN_KEYS");
  sub->add_option("--master-key", common.master_key, "master key file (default: the database's name with .master)")
      ->envname("HAVEN_MASTER_KEY");
  sub->add_option("--witness", common.witness,
                  "append-only file that witnesses the audit chains (default: the master key's name with .witness)")
      ->envname("HAVEN_WITNESS");
  sub->add_flag("--json", common.json, "print JSON");
}

void Registrar::with_actor(CLI::App* sub) const {
  sub->add_option("--as", common.as, "handle of the staff member asking")->required();
  with_centre(sub);
}

void Registrar::with_centre(CLI::App* sub) const {
  sub->add_option("--centre", common.centre, "centre id, when the database hosts several");
}

void Registrar::runs(CLI::App* sub, Command command) const {
  sub->callback([&chosen = chosen, command = std::move(command)] { chosen = command; });
}

app::Paths paths_of(const Common& common) {
  auto paths = app::Paths::beside(common.db);
  if (!common.keys.empty()) paths.keys = common.keys;
  if (!common.master_key.empty()) paths.master = common.master_key;
  paths.witness = common.witness;
  return paths;
}

Result<std::unique_ptr<app::Workspace>> open_existing(const Common& common) {
  return app::Workspace::open(paths_of(common), false);
}

Result<Output> as_actor(const Common& common, const ActorBody& body) {
  if (common.as.empty()) return fail(ErrorKind::invalid_input, "say who is asking with --as HANDLE (see 'haven staff list')");
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  auto staff = access::find_staff(**ws, common.as);
  if (!staff) return std::unexpected(staff.error());
  auto centre = (*ws)->centre(common.centre.empty() ? staff->centre_id : common.centre);
  if (!centre) return std::unexpected(centre.error());
  auto result = body(**ws, **centre, *staff);
  // Sign the chain as it stands, so nothing this command appended can later vanish unnoticed.
  // A chain that does not verify is not signed; the command's own result still stands.
  if (auto signed_ = (*ws)->audit().checkpoint(); !signed_) {
    if (signed_.error().kind != ErrorKind::integrity) return std::unexpected(signed_.error());
    spdlog::warn("{}; run 'haven audit verify'", signed_.error().message);
  }
  return result;
}

int exit_code_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input: return 2;
    case ErrorKind::denied: return 3;
    case ErrorKind::not_found: return 4;
    case ErrorKind::integrity: return 5;
    case ErrorKind::conflict: return 2;
    case ErrorKind::storage:
    case ErrorKind::unavailable: return 6;
  }
  return 6;
}

Day day_or_today(const std::string& given) {
  auto day = parse_day(given);
  return day ? *day : london_today();
}

}  // namespace haven::cli
