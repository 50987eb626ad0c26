#include "backup/backup.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/files.hpp"
#include "crypto/stream.hpp"

namespace haven::backup {

namespace {

constexpr char magic[8] = {'H', 'A', 'V', 'E', 'N', 'B', 'K', '1'};
constexpr std::size_t chunk = 64 * 1024;

Result<bool> online_copy(const std::string& from, const std::string& to) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  auto close = [&] {
    sqlite3_close(src);
    sqlite3_close(dst);
  };
  if (sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_open_v2(to.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    close();
    return fail(ErrorKind::storage, "cannot open the database for backup");
  }
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  int rc = SQLITE_OK;
  if (b) {
    do {
      rc = sqlite3_backup_step(b, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
  }
  close();
  if (!b || rc != SQLITE_DONE) return fail(ErrorKind::storage, "the online backup did not complete");
  return true;
}

}  // namespace

Result<BackupInfo> backup_database(const std::string& db_path, const std::string& out_path, const crypto::SecretKey& key) {
  namespace fs = std::filesystem;
  if (!fs::exists(db_path)) return fail(ErrorKind::not_found, fmt::format("no database at {}", db_path));
  if (fs::exists(out_path)) return fail(ErrorKind::conflict, fmt::format("{} already exists", out_path));
  std::string plain_path = out_path + ".partial-plain";
  fs::remove(plain_path);
  if (auto made = create_private_file(plain_path); !made) return std::unexpected(made.error());
  if (auto made = create_private_file(out_path); !made) return std::unexpected(made.error());
  auto copied = online_copy(db_path, plain_path);
  if (!copied) {
    fs::remove(plain_path);
    fs::remove(out_path);
    return std::unexpected(copied.error());
  }
  BackupInfo info;
  {
    std::ifstream in(plain_path, std::ios::binary);
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    out.write(magic, sizeof magic);
    auto sealed = crypto::seal_stream(in, out, key);
    if (!sealed) {
      out.close();
      fs::remove(out_path);
      fs::remove(plain_path);
      return std::unexpected(sealed.error());
    }
    info.plain_bytes = sealed->plain_bytes;
    info.encrypted_bytes = sizeof magic + sealed->sealed_bytes;
  }
  // The plain copy is overwritten before it is removed.
  {
    std::fstream wipe(plain_path, std::ios::binary | std::ios::in | std::ios::out);
    std::vector<char> zeros(chunk, 0);
    for (std::uint64_t done = 0; done < info.plain_bytes; done += chunk)
      wipe.write(zeros.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(chunk, info.plain_bytes - done)));
  }
  fs::remove(plain_path);
  return info;
}

Result<BackupInfo> restore_database(const std::string& backup_path, const std::string& db_path,
                                    const crypto::SecretKey& key) {
  namespace fs = std::filesystem;
  if (fs::exists(db_path)) return fail(ErrorKind::conflict, fmt::format("{} already exists; restore into a new file", db_path));
  std::ifstream in(backup_path, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, fmt::format("cannot read {}", backup_path));
  char got[sizeof magic];
  in.read(got, sizeof got);
  if (!in || std::memcmp(got, magic, sizeof magic) != 0)
    return fail(ErrorKind::integrity, "this is not a Haven backup");
  std::string partial = db_path + ".partial";
  fs::remove(partial);
  if (auto made = create_private_file(partial); !made) return std::unexpected(made.error());
  BackupInfo info;
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    auto opened = crypto::open_stream(in, out, key);
    if (!opened) {
      out.close();
      fs::remove(partial);
      return fail(ErrorKind::integrity, "the backup is damaged, cut short or made with another master key");
    }
    info.plain_bytes = opened->plain_bytes;
    info.encrypted_bytes = sizeof magic + opened->sealed_bytes;
  }
  fs::rename(partial, db_path);
  return info;
}

}  // namespace haven::backup
