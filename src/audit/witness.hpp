// The witness of the audit chains: every signed checkpoint (and every restore from a backup) is
// kept in two places outside the records database, where a person who can write to the records
// alone cannot reach: the key store (crypto::KeyStore::keep_witness) and an append-only file
// beside the master key, one line a record. Verification holds the records database to what the
// witness saw, so deleting the newest entries together with the checkpoints that signed them is
// reported, naming how many entries are missing.
//
// The file may be made append-only by the operating system (chattr +a); Haven only ever opens it
// to append. A record in the file carries the key store's serial and signature, so the two copies
// are merged record by record and a line written by anyone else fails its signature.
//
// A record is kept after the commit it witnesses (so it never claims what a rollback undid); if
// keeping it fails, the failure is logged and the next checkpoint of that chain witnesses it.
//
// A Witness works over its workspace's key store: one thread at a time, like the workspace. Lines
// are appended with one write each (O_APPEND), so several processes may append to one file.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "crypto/keystore.hpp"

namespace haven::audit {

// What the witness saw of one chain since its newest restore, in serial order.
struct Witnessed {
  std::map<std::string, std::vector<crypto::WitnessRecord>> by_chain;
  std::vector<std::string> problems;  // lines of the file that cannot be read or fail their signature
};

class Witness {
 public:
  // `keys` must outlive the Witness. An empty `file` keeps the key store's copy only.
  Witness(crypto::KeyStore& keys, std::string file) : keys_(keys), file_(std::move(file)) {}

  // Keeps a record in the key store, then appends it to the file. `checkpoint_signature` is the
  // signature of the checkpoint witnessed ("" for a restore).
  [[nodiscard]] Result<crypto::WitnessRecord> keep(std::string_view kind, const std::string& chain, int64_t seq,
                                                   const std::string& hash, const std::string& checkpoint_signature);
  // The furthest the key store saw `chain` reach since its newest restore (see
  // KeyStore::newest_witness).
  [[nodiscard]] Result<std::optional<crypto::WitnessRecord>> newest(const std::string& chain) {
    return keys_.newest_witness(chain);
  }
  // Both copies, merged by serial, signatures checked; for each chain the records since its
  // newest restore.
  [[nodiscard]] Result<Witnessed> read();

  const std::string& file() const { return file_; }

 private:
  crypto::KeyStore& keys_;
  std::string file_;
};

}  // namespace haven::audit
