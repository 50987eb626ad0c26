#include "backup/backup.hpp"

#include <fmt/format.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

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
  crypto::ensure_sodium();
  if (!fs::exists(db_path)) return fail(ErrorKind::not_found, fmt::format("no database at {}", db_path));
  if (fs::exists(out_path)) return fail(ErrorKind::conflict, fmt::format("{} already exists", out_path));
  std::string plain_path = out_path + ".partial-plain";
  auto copied = online_copy(db_path, plain_path);
  if (!copied) {
    fs::remove(plain_path);
    return std::unexpected(copied.error());
  }
  BackupInfo info;
  {
    std::ifstream in(plain_path, std::ios::binary);
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    ::chmod(out_path.c_str(), S_IRUSR | S_IWUSR);
    crypto_secretstream_xchacha20poly1305_state state;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&state, header, key.data());
    out.write(magic, sizeof magic);
    out.write(reinterpret_cast<const char*>(header), sizeof header);
    std::vector<unsigned char> buf(chunk), sealed(chunk + crypto_secretstream_xchacha20poly1305_ABYTES);
    for (;;) {
      in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(chunk));
      auto n = static_cast<std::size_t>(in.gcount());
      bool last = in.peek() == std::char_traits<char>::eof();
      unsigned long long len = 0;
      crypto_secretstream_xchacha20poly1305_push(&state, sealed.data(), &len, buf.data(), n, nullptr, 0,
                                                 last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
      out.write(reinterpret_cast<const char*>(sealed.data()), static_cast<std::streamsize>(len));
      info.plain_bytes += n;
      if (last) break;
    }
    info.encrypted_bytes = static_cast<std::uint64_t>(out.tellp());
    sodium_memzero(buf.data(), buf.size());
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
  crypto::ensure_sodium();
  if (fs::exists(db_path)) return fail(ErrorKind::conflict, fmt::format("{} already exists; restore into a new file", db_path));
  std::ifstream in(backup_path, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, fmt::format("cannot read {}", backup_path));
  char got[sizeof magic];
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  in.read(got, sizeof got);
  in.read(reinterpret_cast<char*>(header), sizeof header);
  if (!in || std::memcmp(got, magic, sizeof magic) != 0)
    return fail(ErrorKind::integrity, "this is not a Haven backup");
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, header, key.data()) != 0)
    return fail(ErrorKind::integrity, "the backup header is damaged");
  std::string partial = db_path + ".partial";
  BackupInfo info;
  bool finished = false;
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    std::vector<unsigned char> sealed(chunk + crypto_secretstream_xchacha20poly1305_ABYTES), buf(chunk);
    while (!finished) {
      in.read(reinterpret_cast<char*>(sealed.data()), static_cast<std::streamsize>(sealed.size()));
      auto n = static_cast<std::size_t>(in.gcount());
      if (n == 0) break;
      unsigned long long len = 0;
      unsigned char tag = 0;
      if (crypto_secretstream_xchacha20poly1305_pull(&state, buf.data(), &len, &tag, sealed.data(), n, nullptr, 0) != 0)
        break;
      out.write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(len));
      info.plain_bytes += len;
      finished = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }
    info.encrypted_bytes = static_cast<std::uint64_t>(fs::file_size(backup_path));
  }
  if (!finished) {
    fs::remove(partial);
    return fail(ErrorKind::integrity, "the backup is damaged, cut short or made with another master key");
  }
  fs::rename(partial, db_path);
  return info;
}

}  // namespace haven::backup
