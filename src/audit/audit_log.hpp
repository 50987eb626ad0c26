// The audit chain. One entry per access, change, disclosure and refusal, appended inside the
// same transaction as the change it records. Entries hold ids, field names and clause ids only,
// never a personal value.
//
// Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields, so
// altering, inserting or deleting any entry breaks every hash after it. Checkpoints sign
// "the chain up to seq N has hash H" with the deployment's Ed25519 key, so rewriting the whole
// chain from some point on is caught too, up to the last checkpoint.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "crypto/keystore.hpp"
#include "store/database.hpp"

namespace haven::audit {

struct Entry {
  std::string centre_id;
  std::string actor_id;
  std::string action;    // "view", "create_family", "release", ...
  std::string resource;  // "family:fam_..." — ids only
  std::string fields;    // comma-separated field names, e.g. "first_name,address"
  std::string clause;    // policy clause id the decision rests on
  std::string outcome;   // "allow", "deny", "change"
};

struct StoredEntry : Entry {
  int64_t seq = 0;
  std::string at;
  std::string prev_hash;
  std::string hash;
};

struct VerifyReport {
  bool ok = true;
  int64_t entries = 0;
  int64_t checkpoints = 0;
  std::optional<int64_t> first_broken;  // seq of the first entry that fails
  std::string problem;                  // what failed, in words
};

class AuditLog {
 public:
  static constexpr int64_t checkpoint_every = 64;

  AuditLog(store::Database& db, const crypto::KeyStore& keys) : db_(db), keys_(keys) {}

  // Appends within the caller's open WriteTransaction; returns the new sequence number.
  // Signs a checkpoint automatically every `checkpoint_every` entries.
  int64_t append(const Entry& entry);

  // Signs a checkpoint for the newest entry (no-op when it is already signed). Opens its own
  // transaction.
  Result<int64_t> checkpoint();

  VerifyReport verify();

  std::vector<StoredEntry> recent(int64_t limit);

 private:
  void sign_checkpoint(int64_t seq, const std::string& hash);

  store::Database& db_;
  const crypto::KeyStore& keys_;
};

std::string entry_hash(const std::string& prev_hash, int64_t seq, const std::string& at, const Entry& e);

}  // namespace haven::audit
