// A Haven workspace: the records database, the key store beside it, the audit chain and the
// centres it hosts, opened together. Paths::beside("haven.db") puts the key store at
// haven.keys, the master key at haven.master and the audit witness at haven.witness; all stay out of the database and its backups.
// A PostgreSQL database (a postgresql:// URI) has no file to sit beside: its key store and
// master key are named explicitly.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/error.hpp"
#include "crypto/keystore.hpp"
#include "policy/decision.hpp"
#include "policy/preset.hpp"
#include "store/database.hpp"

namespace haven::app {

struct Paths {
  std::string db;
  std::string keys;
  std::string master;
  // The append-only witness of the audit chains (audit/witness.hpp); empty: beside the master key,
  // with the extension .witness.
  std::string witness;
  // Where people outside reach Haven ("https://haven.example.org", no trailing slash), for the
  // links in email; empty: letters say where to sign in without a link.
  std::string public_address;
  static Paths beside(const std::string& db_path);
};

struct Centre {
  std::string id;
  std::string name;
  policy::Preset preset;
  policy::DecisionPoint decisions() const { return policy::DecisionPoint(preset); }
};

class Workspace {
 public:
  // create = true makes the database, key store and master key where missing.
  static Result<std::unique_ptr<Workspace>> open(const Paths& paths, bool create);

  store::Database& db() { return *db_; }
  crypto::KeyStore& keys() { return *keys_; }
  audit::AuditLog& audit() { return *audit_; }
  // A link to `path` ("/public/ctr_.../sign-in") at the public address, for an email; empty when
  // no public address is set.
  [[nodiscard]] std::string link(std::string_view path) const {
    return public_address_.empty() ? std::string() : public_address_ + std::string(path);
  }

  // Adds a centre run under the given preset text; the preset is stored as policy version 1
  // of its history. Returns the centre id.
  Result<std::string> add_centre(std::string_view preset_toml, std::string_view source_name);

  // The centre with this id; with an empty id, the only centre (an error when there are several).
  // It carries the policy version in force now: the stored version is read on every call, so a
  // version adopted by any process binds the caller from its next call. The Centre returned stays
  // valid, unchanged, for the workspace's lifetime (an adoption gives later calls a new one).
  Result<const Centre*> centre(const std::string& id);
  // The centre with this id under policy version `in_force`, which the caller read as the version
  // in force in the same request (a request's first read carries it, to save a round trip).
  Result<const Centre*> centre(const std::string& id, const std::string& in_force);

  struct CentreSummary {
    std::string id, name, preset_id, policy_version;
  };
  std::vector<CentreSummary> centres();

 private:
  Workspace() = default;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<crypto::KeyStore> keys_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::string public_address_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Centre>> loaded_;  // (centre, version)
};

}  // namespace haven::app
