// The relational store, through SOCI, on SQLite or PostgreSQL with the same migrations and SQL.
// open() takes a SQLite file path, or a libpq connection URI ("postgresql://user@host/db") for
// PostgreSQL. A SQLite file gets WAL journaling, enforced foreign keys and a busy timeout.
// Opening brings the schema up to date, under the write lock, so several processes starting at
// once apply each migration exactly once. Every change and its audit entry are written inside
// one WriteTransaction.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <soci/soci.h>
#include <string>

#include "core/error.hpp"

namespace haven::store {

enum class Backend { sqlite, postgresql };

// What the database can do right now, as a health check reports it.
enum class Condition { writable, read_only, locked, disk_full, unreachable };
[[nodiscard]] const char* describe(Condition c);  // "writable", "read-only", "locked", "disk full", "unreachable"

// True for a PostgreSQL connection URI (postgresql:// or postgres://).
bool is_postgresql(std::string_view location);
// The location with any password replaced by "***", fit to print or log.
std::string redacted(const std::string& location);
// Opens `session` on a SQLite file (with a busy timeout) or a PostgreSQL URI; throws soci_error
// when the server cannot be reached, and fails on a malformed URI.
Result<Backend> connect(soci::session& session, const std::string& location);

class Database {
 public:
  // create = false refuses a location where no Haven database exists yet.
  static Result<std::unique_ptr<Database>> open(const std::string& location, bool create);

  soci::session& sql() { return session_; }
  int& transaction_depth() { return depth_; }
  int schema_version();
  Backend backend() const { return backend_; }
  // Probes, without changing anything and within a fraction of a second, whether the database
  // answers and would take a write now (at most once a second; a later call within the second
  // gives the same answer). Call it outside any transaction.
  [[nodiscard]] Condition probe();
  // When the database cannot be reached (a PostgreSQL server restarted, say), opens the
  // connection again; true when it did. Outside any transaction.
  bool reconnect_if_lost();
  // The SQLite file, or the PostgreSQL URI (see redacted() before showing it).
  const std::string& path() const { return path_; }

 private:
  Database(std::string path, Backend backend) : path_(std::move(path)), backend_(backend) {}
  Result<int> migrate(bool create);
  Result<bool> configure();  // connects session_ to path_ with Haven's settings

  std::string path_;
  Backend backend_;
  soci::session session_;
  int depth_ = 0;
  std::optional<std::pair<std::chrono::steady_clock::time_point, Condition>> probed_;
};

// Takes the database's single write lock on construction, so the audit sequence read inside
// cannot race another writer, in this process or another: BEGIN IMMEDIATE on SQLite, BEGIN and a
// transaction-scoped advisory lock on PostgreSQL. ROLLBACK on destruction unless commit() was
// called.
// Nested inside another WriteTransaction it is a SAVEPOINT: its commit only becomes final when
// the outermost one commits, so a batch of writes lands whole or not at all.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  Database& db_;
  int level_ = 0;
  bool done_ = false;
};

// Integer column of a soci::row, whichever integer width the backend reports.
int64_t row_int(const soci::row& row, std::size_t column);

// The error value for a database exception: ErrorKind::unavailable, with a message fit for the
// person who asked, when the database is busy with another writer, read-only, out of space or
// unreachable (the request may succeed once that clears); ErrorKind::storage otherwise.
[[nodiscard]] Error storage_error(const soci::soci_error& e);

// Runs `body` and turns a database exception into an error value (storage_error).
template <class Fn>
auto guard_storage(Fn body) -> decltype(body()) {
  try {
    return body();
  } catch (const soci::soci_error& e) {
    return std::unexpected(storage_error(e));
  }
}

}  // namespace haven::store
