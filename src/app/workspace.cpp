#include "app/workspace.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "store/rows.hpp"

namespace haven::app {

Paths Paths::beside(const std::string& db_path) {
  if (store::is_postgresql(db_path)) return Paths{db_path, "", "", "", ""};  // no file to sit beside
  std::filesystem::path p(db_path);
  auto with = [&p](const char* ext) { return std::filesystem::path(p).replace_extension(ext).string(); };
  return Paths{db_path, with(".keys"), with(".master"), "", ""};
}

Result<std::unique_ptr<Workspace>> Workspace::open(const Paths& paths, bool create) {
  if (paths.keys.empty() || paths.master.empty())
    return fail(ErrorKind::invalid_input,
                "with a PostgreSQL database, name the key store (--keys: a file, or a postgresql:// URI of a "
                "database of its own) and the master key file (--master-key): keys are kept apart from the records");
  std::unique_ptr<Workspace> ws(new Workspace());
  auto db = store::Database::open(paths.db, create);
  if (!db) return std::unexpected(db.error());
  auto keys = crypto::KeyStore::open(paths.keys, paths.master, create);
  if (!keys) return std::unexpected(keys.error());
  ws->db_ = std::move(*db);
  ws->keys_ = std::move(*keys);
  ws->public_address_ = paths.public_address;
  auto witness = paths.witness.empty() ? std::filesystem::path(paths.master).replace_extension(".witness").string()
                                       : paths.witness;
  ws->audit_ = std::make_unique<audit::AuditLog>(*ws->db_, *ws->keys_, witness);
  return ws;
}

Result<std::string> Workspace::add_centre(std::string_view preset_toml, std::string_view source_name) {
  auto preset = policy::parse_preset(preset_toml, source_name);
  if (!preset) return std::unexpected(preset.error());
  return store::guard_storage([&]() -> Result<std::string> {
    std::string id = new_id("ctr"), at = format_utc(now()), toml(preset_toml);
    store::WriteTransaction tx(*db_);
    store::execute(*db_, "INSERT INTO centres (id, name, preset_id, policy_version, created_at) VALUES (:i, :n, :p, :v, :a)",
                   id, preset->centre_name, preset->id, preset->version, at);
    store::execute(*db_,
                   "INSERT INTO policy_versions (centre_id, version, preset_toml, adopted_at) VALUES (:c, :v, :t, :a)",
                   id, preset->version, toml, at);
    audit_->append({id, "system", "create_centre", "centre:" + id, "preset",
                   policy::cite(policy::Clause::yearly_review), "change"});
    tx.commit();
    return id;
  });
}

std::vector<Workspace::CentreSummary> Workspace::centres() {
  std::vector<CentreSummary> out;
  auto rows =
      store::rows(*db_, "SELECT id, name, preset_id, policy_version FROM centres ORDER BY created_at, id");
  for (const auto& row : rows)
    out.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3)});
  return out;
}

Result<const Centre*> Workspace::centre(const std::string& id) {
  std::string wanted = id;
  if (wanted.empty()) {
    auto all = centres();
    if (all.empty()) return fail(ErrorKind::not_found, "this database has no centre yet");
    if (all.size() > 1) return fail(ErrorKind::invalid_input, "this database hosts several centres: name one with --centre");
    wanted = all.front().id;
  }
  return store::guard_storage([&]() -> Result<const Centre*> {
    // The version in force is read on every call, so a version adopted by any process binds this
    // one from its next request; each version is parsed once and kept for the workspace's life.
    auto in_force = store::value<std::string>(*db_, "SELECT policy_version FROM centres WHERE id = :i", wanted);
    if (!in_force) return fail(ErrorKind::not_found, fmt::format("no centre with id {}", wanted));
    return centre(wanted, *in_force);
  });
}

Result<const Centre*> Workspace::centre(const std::string& wanted, const std::string& version) {
  return store::guard_storage([&]() -> Result<const Centre*> {
    auto key = std::make_pair(wanted, version);
    if (auto it = loaded_.find(key); it != loaded_.end()) return it->second.get();
    auto stored = store::first_row(*db_,
                                   "SELECT c.name, v.preset_toml FROM centres c JOIN policy_versions v "
                                   "ON v.centre_id = c.id AND v.version = :v WHERE c.id = :i",
                                   version, wanted);
    if (!stored) return fail(ErrorKind::not_found, fmt::format("no policy version {} for centre {}", version, wanted));
    auto preset = policy::parse_preset(stored->get<std::string>(1), "stored policy of " + wanted);
    if (!preset) return std::unexpected(preset.error());
    auto centre = std::make_unique<Centre>(Centre{wanted, stored->get<std::string>(0), std::move(*preset)});
    const Centre* raw = centre.get();
    loaded_[key] = std::move(centre);
    return raw;
  });
}

}  // namespace haven::app
