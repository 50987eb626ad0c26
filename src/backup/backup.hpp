// Backups of the records database. backup_database() takes a consistent copy of a live SQLite
// database (the online backup API, safe while Haven runs), then encrypts it in chunks with
// XChaCha20-Poly1305 (libsodium secretstream) under the backup key. restore_database() checks
// and decrypts it into a new file. The key store is never part of a backup: families whose keys
// have since been destroyed stay unreadable in any restored copy.
#pragma once
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "crypto/secret.hpp"

namespace haven::backup {

struct BackupInfo {
  std::uint64_t plain_bytes = 0;
  std::uint64_t encrypted_bytes = 0;
};

Result<BackupInfo> backup_database(const std::string& db_path, const std::string& out_path,
                                   const crypto::SecretKey& key);
// Refuses to overwrite `db_path`; a damaged or foreign backup is refused without leaving a file.
Result<BackupInfo> restore_database(const std::string& backup_path, const std::string& db_path,
                                    const crypto::SecretKey& key);

}  // namespace haven::backup
