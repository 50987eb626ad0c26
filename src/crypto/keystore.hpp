// The key store, kept apart from the records database and its backups.
//
//   master key file (hex, mode 0600)  -- never in either database
//     wraps -> per-family data keys     (family_keys table of the key store)
//     wraps -> the audit signing seed   (Ed25519, for audit checkpoints)
//     derives -> the blind-index key    (for searching names)
//
// Destroying a family's key (retention) makes that family's sealed fields unreadable in the
// live database and in every backup of it, because no backup holds the key.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "crypto/sealed.hpp"
#include "crypto/secret.hpp"
#include "store/database.hpp"

namespace haven::crypto {

// A signed statement about an audit chain, kept in the key store where a person who can write to
// the records database alone cannot alter it: "the chain reached entry `seq` with `hash`"
// (kind "checkpoint"), or "the chain was restored from a backup and now ends at `seq`" (kind
// "restore"). `serial` orders the records as they were kept; the signature covers every field.
// A checkpoint's record also holds the checkpoint's own signature, so that verification knows a
// checkpoint the witness saw by comparing it, without checking its signature again.
struct WitnessRecord {
  int64_t serial = 0;
  std::string kind;
  std::string chain;
  int64_t seq = 0;
  std::string hash;
  std::string at;
  std::string signature;
  std::string checkpoint_signature;  // "" for a restore, and for records kept before Haven kept it

  friend bool operator==(const WitnessRecord&, const WitnessRecord&) = default;
};
// The bytes a WitnessRecord's signature covers.
[[nodiscard]] std::string witness_message(const WitnessRecord& r);

class KeyStore {
 public:
  // Opens the key store at `keys_path` (a SQLite file, or a PostgreSQL URI for a database of
  // its own, apart from the records) with the master key in `master_path`. With create = true
  // both are made when missing. A master key that does not match the store is refused.
  static Result<std::unique_ptr<KeyStore>> open(const std::string& keys_path,
                                                const std::string& master_path, bool create);

  // A new family's key, and the cipher that holds it (the key never leaves crypto/).
  [[nodiscard]] Result<FamilyCipher> create_family_cipher(const std::string& family_id);
  // The family's current key; not_found once it is destroyed (clause 8) or never made.
  [[nodiscard]] Result<FamilyCipher> family_cipher(const std::string& family_id);
  // The current keys of the families named, in one read: a family without one (destroyed or
  // never made) is left out of the map.
  [[nodiscard]] Result<std::map<std::string, FamilyCipher>> family_ciphers(const std::set<std::string>& family_ids);

  // Crypto-shredding (clause 8). Destroying a family's key makes every copy of its sealed data
  // unreadable, backups included. Rotation replaces the key in two steps around the re-sealing
  // of what is kept: begin_rotation() stores a pending key and returns its cipher; finish_rotation()
  // makes it the family's key and destroys the old one (safe to repeat after a crash).
  [[nodiscard]] Result<bool> destroy_family_key(const std::string& family_id);
  [[nodiscard]] Result<FamilyCipher> begin_rotation(const std::string& family_id);
  [[nodiscard]] Result<bool> finish_rotation(const std::string& family_id);

  const SecretKey& index_key() const { return index_key_; }
  // Encrypts database backups; derived from the master key, so a backup is useless without it.
  const SecretKey& backup_key() const { return backup_key_; }

  // Seals a small secret (a TOTP seed) under the master key, bound to `purpose`; the sealed text
  // may live in the records database, since it opens only with the master key.
  std::string seal_secret(std::string_view purpose, std::string_view plaintext) const;
  Result<std::string> open_secret(std::string_view purpose, std::string_view sealed) const;

  // Keeps a witness record (the next serial, now, signed) and returns it whole. Thread-safe across
  // processes: records kept at once get distinct serials.
  [[nodiscard]] Result<WitnessRecord> keep_witness(std::string_view kind, const std::string& chain, int64_t seq,
                                                   const std::string& hash, const std::string& checkpoint_signature);
  // The record of `chain` with the highest entry number since its newest restore (the restore
  // itself when nothing followed); nullopt when the chain was never witnessed.
  [[nodiscard]] Result<std::optional<WitnessRecord>> newest_witness(const std::string& chain);
  // Every record, in serial order.
  [[nodiscard]] Result<std::vector<WitnessRecord>> witness_records();

  // Ed25519 detached signature of `message`, and the public key (hex) that verifies it.
  std::string sign(std::string_view message) const;
  const std::string& public_key_hex() const { return public_key_hex_; }

 private:
  KeyStore() = default;
  Result<bool> initialise(bool create);
  Result<bool> initialise_tables(bool create);
  void scrub_deleted_keys();
  static constexpr long long initialise_lock = 0x486176656b;  // "Havek"
  static constexpr long long witness_lock = 0x4861766577;     // "Havew"
  std::string wrap(const SecretKey& key, std::string_view purpose) const;
  Result<SecretKey> unwrap(std::string_view wrapped, std::string_view purpose) const;

  std::unique_ptr<store::Database> db_;  // the key store's own database
  bool on_postgresql_ = false;
  SecretKey master_;
  SecretKey index_key_;
  SecretKey backup_key_;
  SecretKey signing_seed_;
  std::string public_key_hex_;
};

// Ed25519 check of a hex signature against a hex public key.
bool verify_signature(std::string_view public_key_hex, std::string_view message,
                      std::string_view signature_hex);

}  // namespace haven::crypto
