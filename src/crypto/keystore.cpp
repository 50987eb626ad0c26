#include "crypto/keystore.hpp"

#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/files.hpp"
#include "core/time.hpp"
#include "crypto/aead.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::crypto {

namespace {

constexpr std::string_view check_plaintext = "haven-master-key-check";

Result<SecretKey> load_or_create_master(const std::string& path, bool create) {
  namespace fs = std::filesystem;
  if (fs::exists(path)) {
    auto text = read_text_file(path);
    if (!text) return std::unexpected(text.error());
    auto key = SecretKey::from_hex(*text);
    if (!key) return fail(ErrorKind::integrity, fmt::format("the master key file {} is damaged", path));
    return key;
  }
  if (!create)
    return fail(ErrorKind::not_found, fmt::format("no master key at {}; without it nothing can be read", path));
  auto key = SecretKey::random();
  {
    std::ofstream out(path, std::ios::trunc);
    if (!out) return fail(ErrorKind::storage, fmt::format("cannot write the master key to {}", path));
    out << key.to_hex() << '\n';
  }
  ::chmod(path.c_str(), S_IRUSR | S_IWUSR);
  return key;
}

std::string meta_value(store::Database& db, const std::string& name) {
  return store::value<std::string>(db, "SELECT value FROM keystore_meta WHERE name = :n", name).value_or("");
}

void set_meta(store::Database& db, const std::string& name, const std::string& value) {
  store::execute(db, "INSERT INTO keystore_meta (name, value) VALUES (:n, :v)", name, value);
}

// A transaction of the key store (its own database, apart from the records): it holds the
// database's write lock from its start (BEGIN IMMEDIATE on SQLite) and rolls back unless committed.
class KeyTransaction {
 public:
  explicit KeyTransaction(store::Database& db) : db_(db) {
    store::run_once(db_, db_.backend() == store::Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  KeyTransaction(const KeyTransaction&) = delete;
  KeyTransaction& operator=(const KeyTransaction&) = delete;
  ~KeyTransaction() {
    if (done_) return;
    try {
      store::run_once(db_, "ROLLBACK");
    } catch (const store::DatabaseError&) {  // the connection is gone, and the transaction with it
    }
  }
  void commit() {
    store::run_once(db_, "COMMIT");
    done_ = true;
  }

 private:
  store::Database& db_;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<KeyStore>> KeyStore::open(const std::string& keys_path,
                                                 const std::string& master_path, bool create) {
  ensure_sodium();
  if (!create && !store::is_postgresql(keys_path) && !std::filesystem::exists(keys_path))
    return fail(ErrorKind::not_found, fmt::format("no key store at {}", keys_path));
  auto master = load_or_create_master(master_path, create);
  if (!master) return std::unexpected(master.error());
  std::unique_ptr<KeyStore> store(new KeyStore());
  store->master_ = *master;
  auto db = store::Database::open_unmanaged(keys_path);
  if (!db) return std::unexpected(db.error());
  store->db_ = std::move(*db);
  store->on_postgresql_ = store->db_->backend() == store::Backend::postgresql;
  auto ok = store::guard_storage([&] { return store->initialise(create); });
  if (!ok) return std::unexpected(ok.error());
  return store;
}

Result<bool> KeyStore::initialise(bool create) {
  if (on_postgresql_) {
    // Processes starting together make the tables and the master check once, one at a time.
    store::execute(*db_, "SELECT pg_advisory_lock(:k)", initialise_lock);
    auto done = initialise_tables(create);
    store::execute(*db_, "SELECT pg_advisory_unlock(:k)", initialise_lock);
    return done;
  }
  store::run_once(*db_, "PRAGMA journal_mode=WAL");
  store::run_once(*db_, "PRAGMA synchronous=FULL");  // a new family's key is on disk before its records are
  store::run_once(*db_, "PRAGMA secure_delete=ON");  // a destroyed key's bytes are overwritten, not just unlinked
  return initialise_tables(create);
}

Result<bool> KeyStore::initialise_tables(bool create) {
  store::Database& db = *db_;
  store::run_once(db, "CREATE TABLE IF NOT EXISTS keystore_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
  store::run_once(db, "CREATE TABLE IF NOT EXISTS family_keys (family_id TEXT PRIMARY KEY, "
                      "wrapped TEXT NOT NULL, created_at TEXT NOT NULL)");
  store::run_once(db, "CREATE TABLE IF NOT EXISTS pending_family_keys (family_id TEXT PRIMARY KEY, "
                      "wrapped TEXT NOT NULL, created_at TEXT NOT NULL)");
  store::run_once(db,
                  "CREATE TABLE IF NOT EXISTS audit_witness (serial INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
                  "chain TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL, "
                  "signature TEXT NOT NULL, checkpoint_signature TEXT NOT NULL DEFAULT '')");
  store::run_once(db, "CREATE INDEX IF NOT EXISTS audit_witness_by_chain ON audit_witness (chain, seq)");
  // A key store made before checkpoints' own signatures were witnessed gains the column.
  if (on_postgresql_)
    store::run_once(db,
                    "ALTER TABLE audit_witness ADD COLUMN IF NOT EXISTS checkpoint_signature TEXT NOT NULL DEFAULT ''");
  else if (store::value<long long>(db,
                                   "SELECT COUNT(*) FROM pragma_table_info('audit_witness') "
                                   "WHERE name = 'checkpoint_signature'")
               .value_or(0) == 0)
    store::run_once(db, "ALTER TABLE audit_witness ADD COLUMN checkpoint_signature TEXT NOT NULL DEFAULT ''");

  auto check = meta_value(db, "master_check");
  if (check.empty()) {
    if (!create) return fail(ErrorKind::integrity, "the key store is empty");
    KeyTransaction tx(db);
    if (meta_value(db, "master_check").empty()) {  // again under the lock: another process may have made it
      set_meta(db, "master_check", aead_seal(master_, check_plaintext, "master_check"));
      set_meta(db, "signing_seed", wrap(SecretKey::random(), "signing_seed"));
    }
    tx.commit();
    check = meta_value(db, "master_check");
  }
  auto opened = aead_open(master_, check, "master_check");
  if (!opened || *opened != check_plaintext)
    return fail(ErrorKind::integrity, "the master key does not belong to this key store");

  auto seed = unwrap(meta_value(db, "signing_seed"), "signing_seed");
  if (!seed) return std::unexpected(seed.error());
  signing_seed_ = *seed;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk, sk, signing_seed_.data());
  sodium_memzero(sk, sizeof sk);
  public_key_hex_ = to_hex(std::string_view(reinterpret_cast<const char*>(pk), sizeof pk));

  crypto_kdf_derive_from_key(index_key_.data(), SecretKey::size, 1, "havenidx", master_.data());
  crypto_kdf_derive_from_key(backup_key_.data(), SecretKey::size, 2, "havenbak", master_.data());
  return true;
}

std::string KeyStore::wrap(const SecretKey& key, std::string_view purpose) const {
  return aead_seal(master_, std::string_view(reinterpret_cast<const char*>(key.data()), SecretKey::size),
                   fmt::format("haven-wrap|{}", purpose));
}

Result<SecretKey> KeyStore::unwrap(std::string_view wrapped, std::string_view purpose) const {
  auto raw = aead_open(master_, wrapped, fmt::format("haven-wrap|{}", purpose));
  if (!raw) return std::unexpected(raw.error());
  if (raw->size() != SecretKey::size) return fail(ErrorKind::integrity, "a wrapped key has the wrong size");
  SecretKey key;
  std::copy(raw->begin(), raw->end(), key.data());
  sodium_memzero(raw->data(), raw->size());
  return key;
}

Result<FamilyCipher> KeyStore::create_family_cipher(const std::string& family_id) {
  return store::guard_storage([&]() -> Result<FamilyCipher> {
    auto key = SecretKey::random();
    std::string wrapped = wrap(key, family_id), at = format_utc(now());
    store::execute(*db_, "INSERT INTO family_keys (family_id, wrapped, created_at) VALUES (:f, :w, :a)", family_id,
                   wrapped, at);
    return FamilyCipher(family_id, std::move(key));
  });
}

Result<FamilyCipher> KeyStore::family_cipher(const std::string& family_id) {
  return store::guard_storage([&]() -> Result<FamilyCipher> {
    auto wrapped = store::value<std::string>(*db_, "SELECT wrapped FROM family_keys WHERE family_id = :f", family_id);
    if (!wrapped)
      return fail(ErrorKind::not_found, "this family's key does not exist (destroyed or never made)");
    auto key = unwrap(*wrapped, family_id);
    if (!key) return std::unexpected(key.error());
    return FamilyCipher(family_id, std::move(*key));
  });
}

Result<std::map<std::string, FamilyCipher>> KeyStore::family_ciphers(const std::set<std::string>& family_ids) {
  return store::guard_storage([&]() -> Result<std::map<std::string, FamilyCipher>> {
    std::map<std::string, FamilyCipher> out;
    if (family_ids.empty()) return out;
    // One read of the whole table: a centre holds hundreds of families, and the store may hold
    // several centres' keys; only the keys asked for are unwrapped.
    for (const auto& row : store::rows(*db_, "SELECT family_id, wrapped FROM family_keys")) {
      auto family_id = row.get<std::string>(0);
      if (!family_ids.contains(family_id)) continue;
      auto key = unwrap(row.get<std::string>(1), family_id);
      if (!key) return std::unexpected(key.error());
      out.emplace(family_id, FamilyCipher(family_id, std::move(*key)));
    }
    return out;
  });
}

Result<bool> KeyStore::destroy_family_key(const std::string& family_id) {
  return store::guard_storage([&]() -> Result<bool> {
    KeyTransaction tx(*db_);
    store::execute(*db_, "DELETE FROM family_keys WHERE family_id = :f", family_id);
    store::execute(*db_, "DELETE FROM pending_family_keys WHERE family_id = :f", family_id);
    tx.commit();
    scrub_deleted_keys();
    return true;
  });
}

Result<FamilyCipher> KeyStore::begin_rotation(const std::string& family_id) {
  return store::guard_storage([&]() -> Result<FamilyCipher> {
    auto key = SecretKey::random();
    std::string wrapped = wrap(key, family_id), at = format_utc(now());
    store::execute(*db_,
                   "INSERT INTO pending_family_keys (family_id, wrapped, created_at) VALUES (:f, :w, :a) "
                   "ON CONFLICT (family_id) DO UPDATE SET wrapped = excluded.wrapped, created_at = excluded.created_at",
                   family_id, wrapped, at);
    return FamilyCipher(family_id, std::move(key));
  });
}

Result<bool> KeyStore::finish_rotation(const std::string& family_id) {
  return store::guard_storage([&]() -> Result<bool> {
    auto pending = store::first_row(*db_, "SELECT wrapped, created_at FROM pending_family_keys WHERE family_id = :f",
                                    family_id);
    if (!pending) return false;  // nothing pending: already finished
    std::string wrapped = pending->get<std::string>(0), created = pending->get<std::string>(1);
    KeyTransaction tx(*db_);
    store::execute(*db_, "DELETE FROM family_keys WHERE family_id = :f", family_id);
    store::execute(*db_, "INSERT INTO family_keys (family_id, wrapped, created_at) VALUES (:f, :w, :a)", family_id,
                   wrapped, created);
    store::execute(*db_, "DELETE FROM pending_family_keys WHERE family_id = :f", family_id);
    tx.commit();
    scrub_deleted_keys();
    return true;
  });
}

void KeyStore::scrub_deleted_keys() {
  if (on_postgresql_) {
    // Dead rows keep their bytes until vacuumed; VACUUM frees them for reuse at once.
    store::run_once(*db_, "VACUUM family_keys");
    store::run_once(*db_, "VACUUM pending_family_keys");
  } else {
    store::run_once(*db_, "PRAGMA wal_checkpoint(TRUNCATE)");  // no copy left in the write-ahead log
  }
}

std::string KeyStore::seal_secret(std::string_view purpose, std::string_view plaintext) const {
  return aead_seal(master_, plaintext, fmt::format("haven-secret|{}", purpose));
}

Result<std::string> KeyStore::open_secret(std::string_view purpose, std::string_view sealed) const {
  return aead_open(master_, sealed, fmt::format("haven-secret|{}", purpose));
}

std::string witness_message(const WitnessRecord& r) {
  auto message = fmt::format("haven-audit-witness|{}|{}|{}|{}|{}|{}", r.serial, r.kind, r.chain, r.seq, r.hash, r.at);
  if (!r.checkpoint_signature.empty())
    message += "|" + r.checkpoint_signature;  // records kept before read as they were
  return message;
}

namespace {

constexpr const char* witness_columns = "serial, kind, chain, seq, hash, at, signature, checkpoint_signature";

WitnessRecord witness_from_row(const store::Row& row) {
  return WitnessRecord{row.get<int64_t>(0),     row.get<std::string>(1), row.get<std::string>(2),
                       row.get<int64_t>(3),     row.get<std::string>(4), row.get<std::string>(5),
                       row.get<std::string>(6), row.get<std::string>(7)};
}

}  // namespace

Result<WitnessRecord> KeyStore::keep_witness(std::string_view kind, const std::string& chain, int64_t seq,
                                             const std::string& hash, const std::string& checkpoint_signature) {
  return store::guard_storage([&]() -> Result<WitnessRecord> {
    // One keeper at a time, so that serials follow the order records are kept in.
    KeyTransaction tx(*db_);
    if (on_postgresql_)
      store::execute(*db_, "SELECT pg_advisory_xact_lock(:k)", witness_lock);
    WitnessRecord r{0, std::string(kind), chain, seq, hash, format_utc(now()), "", checkpoint_signature};
    r.serial = store::value<long long>(*db_, "SELECT MAX(serial) FROM audit_witness").value_or(0) + 1;
    r.signature = sign(witness_message(r));
    store::execute(*db_,
                   "INSERT INTO audit_witness (serial, kind, chain, seq, hash, at, signature, checkpoint_signature) "
                   "VALUES (:n, :k, :c, :s, :h, :a, :g, :p)",
                   r.serial, r.kind, r.chain, r.seq, r.hash, r.at, r.signature, r.checkpoint_signature);
    tx.commit();
    return r;
  });
}

Result<std::optional<WitnessRecord>> KeyStore::newest_witness(const std::string& chain) {
  return store::guard_storage([&]() -> Result<std::optional<WitnessRecord>> {
    auto rows = store::rows(*db_,
                            fmt::format("SELECT {} FROM audit_witness WHERE chain = :c AND serial >= COALESCE("
                                        "(SELECT MAX(serial) FROM audit_witness WHERE chain = :c2 AND kind = 'restore'), 0) "
                                        "ORDER BY seq DESC, serial DESC LIMIT 1",
                                        witness_columns),
                            chain, chain);
    for (const auto& row : rows) return std::optional<WitnessRecord>(witness_from_row(row));
    return std::optional<WitnessRecord>();
  });
}

Result<std::vector<WitnessRecord>> KeyStore::witness_records() {
  return store::guard_storage([&]() -> Result<std::vector<WitnessRecord>> {
    std::vector<WitnessRecord> out;
    auto rows = store::rows(*db_, fmt::format("SELECT {} FROM audit_witness ORDER BY serial", witness_columns));
    for (const auto& row : rows) out.push_back(witness_from_row(row));
    return out;
  });
}

std::string KeyStore::sign(std::string_view message) const {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk, sk, signing_seed_.data());
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(), sk);
  sodium_memzero(sk, sizeof sk);
  return to_hex(std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
}

bool verify_signature(std::string_view public_key_hex, std::string_view message, std::string_view signature_hex) {
  ensure_sodium();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sig[crypto_sign_BYTES];
  size_t len = 0;
  if (sodium_hex2bin(pk, sizeof pk, public_key_hex.data(), public_key_hex.size(), nullptr, &len, nullptr) != 0 ||
      len != sizeof pk)
    return false;
  if (sodium_hex2bin(sig, sizeof sig, signature_hex.data(), signature_hex.size(), nullptr, &len, nullptr) != 0 ||
      len != sizeof sig)
    return false;
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     pk) == 0;
}

}  // namespace haven::crypto
