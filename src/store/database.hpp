// The relational store, on SQLite or PostgreSQL with the same migrations and SQL. open() takes a
// SQLite file path, or a libpq connection URI ("postgresql://user@host/db") for PostgreSQL. A
// SQLite file gets WAL journaling, enforced foreign keys and a busy timeout. Opening brings the
// schema up to date, under the write lock, so several processes starting at once apply each
// migration exactly once. Every change and its audit entry are written inside one
// WriteTransaction. Queries are run with rows.hpp.
//
// The database library (SOCI) is the store's own: no header of the store names it, and every
// failure of it leaves the store as a DatabaseError.
//
// Ownership, lifetime, threads: a Database owns one connection and is used by one thread at a
// time (a server gives each worker its own); it must outlive every Rows and WriteTransaction on it.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/group_sync.hpp"

namespace haven::store {

// A failure of the database, thrown by the store's functions; reported() is the error value to
// give the person who asked (see storage_error).
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(const std::string& what, Error reported) : std::runtime_error(what), reported_(std::move(reported)) {}
  [[nodiscard]] const Error& reported() const { return reported_; }

 private:
  Error reported_;
};

// The connection and the statements it keeps prepared (store/connection.hpp, private to the store).
struct Connection;

enum class Backend { sqlite, postgresql };

// What the database can do right now, as a health check reports it.
enum class Condition { writable, read_only, locked, disk_full, unreachable };
[[nodiscard]] const char* describe(Condition c);  // "writable", "read-only", "locked", "disk full", "unreachable"

// True for a PostgreSQL connection URI (postgresql:// or postgres://).
bool is_postgresql(std::string_view location);
// The location with any password replaced by "***", fit to print or log.
std::string redacted(const std::string& location);

class Database {
 public:
  // create = false refuses a location where no Haven database exists yet.
  static Result<std::unique_ptr<Database>> open(const std::string& location, bool create);
  // Opens a connection with Haven's settings for the backend, and nothing more: no schema of
  // Haven's records, no group commit (for a database with a schema of its own, the key store).
  static Result<std::unique_ptr<Database>> open_unmanaged(const std::string& location);

  // The connection, for the store's own files (an incomplete type everywhere else).
  Connection& connection() { return *connection_; }
  // How many statements this connection keeps prepared, and how many it has prepared to keep.
  [[nodiscard]] std::size_t kept_statements() const;
  [[nodiscard]] std::size_t kept_preparations() const;
  int& transaction_depth() { return depth_; }
  // Runs `action` once the outermost WriteTransaction open now commits; drops it if that one
  // rolls back. For work that must follow only what is durable (a witness of a checkpoint). An
  // action must not throw.
  void after_commit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }
  // Inside a WriteTransaction: makes sure it holds the write lock of `chain` (an audit chain, one
  // per centre) before the chain's head is read. A transaction opened for the whole deployment
  // holds every chain's; on SQLite the one write lock is every chain's.
  void lock_chain(const std::string& chain);
  int schema_version();
  Backend backend() const { return backend_; }
  // Probes, without changing anything and within a fraction of a second, whether the database
  // answers and would take a write now (at most once a second; a later call within the second
  // gives the same answer). Call it outside any transaction.
  [[nodiscard]] Condition probe();
  // When the database cannot be reached (a PostgreSQL server restarted, say), opens the
  // connection again; true when it did. Outside any transaction.
  // Never for a database opened unmanaged (its owner keeps settings this would not restore).
  bool reconnect_if_lost();
  // Returns once every commit made on this connection is on disk: on SQLite, each commit goes to
  // the write-ahead log without a flush, and this waits for one flush shared with the other
  // connections committing at the same time (group_sync.hpp); on PostgreSQL the commit itself
  // waited (synchronous_commit on). The outermost WriteTransaction's commit calls it; call it too
  // before acknowledging anything written outside one. Throws DatabaseError when the disk will not
  // flush.
  void make_durable();
  // How SQLite commits reach the disk. Haven always runs with group_commit; the others exist so
  // that bench/ can measure it against a flush per commit (synchronous=FULL) and against no flush
  // at all (synchronous=NORMAL alone, which a power cut can undo).
  enum class Durability { group_commit, flush_each_commit, unflushed };
  void set_durability_for_measurement(Durability d);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  // The SQLite file, or the PostgreSQL URI (see redacted() before showing it).
  const std::string& path() const { return path_; }

 private:
  Database(std::string path, Backend backend);
  Result<int> migrate(bool create);
  Result<bool> configure();  // connects session_ to path_ with Haven's settings
  void bound_lock_waits();

  std::string path_;
  Backend backend_;
  std::unique_ptr<Connection> connection_;
  int depth_ = 0;
  std::optional<std::pair<std::chrono::steady_clock::time_point, Condition>> probed_;
  std::vector<std::function<void()>> after_commit_;
  std::vector<std::string> chains_locked_;  // by the open transaction; "*" for all
  std::shared_ptr<GroupSync> group_sync_;   // SQLite only
  bool group_commit_ = true;                // false only while measuring without it
  bool managed_ = true;                     // Haven's records (false: open_unmanaged, the key store)
  bool unflushed_ = false;                  // a commit since the last flush (set by SQLite's WAL hook)

  friend class WriteTransaction;
};

// Takes a write lock on construction, so that what is read inside (an audit chain's head, a
// record about to change) cannot race another writer, in this process or another. On SQLite that
// is the database's one write lock (BEGIN IMMEDIATE), taken once this process's turn to write is
// had (GroupSync::take_turn; a wait of more than 10 s throws RecordsBusy). On PostgreSQL it is a
// transaction-scoped advisory lock: of the whole deployment by default, or, given a centre id, of
// that centre alone (a shared lock of the deployment and the centre's own), so that centres write
// side by side.
// ROLLBACK on destruction unless commit() was called.
// Nested inside another WriteTransaction it is a SAVEPOINT (and `centre` is ignored): its commit
// only becomes final when the outermost one commits, so a batch of writes lands whole or not at all.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db, std::string_view centre = {});
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  Database& db_;
  int level_ = 0;
  // What a rolled-back savepoint leaves of the after_commit actions and chain locks.
  std::size_t actions_before_ = 0, chains_before_ = 0;
  bool done_ = false;
  GroupSync::Turn turn_;  // SQLite, outermost: this process's turn to write
};

// Thrown inside a transaction to refuse a change for a reason the person asking can be told
// (the audit chain is broken and Haven serves read-only): ErrorKind::unavailable with that reason.
class ChangeRefused : public DatabaseError {
 public:
  explicit ChangeRefused(const std::string& reason)
      : DatabaseError(reason, Error{ErrorKind::unavailable, reason, std::nullopt}) {}
};

// Thrown when a SQLite writer waited its whole bound for another writer of the same process;
// reported as the records being busy, as SQLite's own SQLITE_BUSY.
class RecordsBusy : public DatabaseError {
 public:
  explicit RecordsBusy(const std::string& what);
};

// The error value for a database failure: ErrorKind::unavailable, with a message fit for the
// person who asked, when the database is busy with another writer, read-only, out of space or
// unreachable (the request may succeed once that clears); ErrorKind::storage otherwise.
[[nodiscard]] inline Error storage_error(const DatabaseError& e) { return e.reported(); }

// Runs `body` and turns a database failure into an error value (storage_error).
template <class Fn>
auto guard_storage(Fn body) -> decltype(body()) {
  try {
    return body();
  } catch (const DatabaseError& e) {
    return std::unexpected(storage_error(e));
  }
}

}  // namespace haven::store
