#include "store/database.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <optional>

#include "core/files.hpp"
#include "core/time.hpp"
#include "store/connection.hpp"
#include "store/migrations.hpp"
#include "store/rows.hpp"

namespace haven::store {

namespace {

// Every Haven write transaction on PostgreSQL holds this advisory lock until it ends: exclusively
// when it writes for the whole deployment, shared when it writes for one centre.
constexpr long long write_lock_key = 0x486176656e;  // "Haven"
// A centre's own write lock is the pair (chain_lock_class, a 32-bit hash of its id), a key space
// apart from the single-number locks.
constexpr int chain_lock_class = 0x4876;  // "Hv"
int chain_lock_key(std::string_view chain) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : chain) h = (h ^ c) * 16777619u;
  return static_cast<int>(h);
}

// How long a SQLite writer waits for its turn, as SQLite's busy timeout (timeout=10 below) waits
// for another process's lock.
constexpr std::chrono::milliseconds sqlite_busy_wait{10'000};

// SOCI reads its connection string as space-separated key=value pairs, which a URI does not
// survive; libpq parses the URI here into that form.
Result<std::string> conninfo_of(const std::string& uri) {
  char* problem = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &problem);
  if (!options) {
    std::string why = problem ? problem : "it could not be read";
    if (problem) PQfreemem(problem);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return fail(ErrorKind::invalid_input, "the PostgreSQL address is malformed: " + why);
  }
  std::string out;
  for (auto* o = options; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    std::string value;
    for (const char* c = o->val; *c; ++c) {
      if (*c == '\'' || *c == '\\') value += '\\';
      value += *c;
    }
    out += fmt::format("{}{}='{}'", out.empty() ? "" : " ", o->keyword, value);
  }
  PQconninfoFree(options);
  return out;
}

// The refusal to open, without creating, a location that holds no Haven database.
std::unexpected<Error> no_database_at(const std::string& shown) {
  return fail(ErrorKind::not_found,
              fmt::format("no Haven database at {} (create one with 'haven init' or 'haven demo')", shown));
}

}  // namespace

bool is_postgresql(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string redacted(const std::string& location) {
  if (!is_postgresql(location)) return location;
  auto scheme_end = location.find("://") + 3;
  auto at = location.find('@', scheme_end);
  if (at == std::string::npos) return location;
  auto colon = location.find(':', scheme_end);
  if (colon == std::string::npos || colon > at) return location;
  return location.substr(0, colon + 1) + "***" + location.substr(at);
}

Result<Backend> connect(soci::session& session, const std::string& location) {
  if (!is_postgresql(location)) {
    // SQLite counts the memory it holds under one process-wide mutex, which every connection
    // takes on every allocation: with several workers that mutex was where they queued. Haven
    // never asks for the count. Nor does it share a connection between threads at once (a
    // Database is used by one thread at a time), so SQLite need not lock each connection on every
    // call (multi-thread mode). This must come before the library's first use, and does no harm
    // if something opened SQLite already (it then keeps counting and locking).
    static std::once_flag configured;
    std::call_once(configured, [] {
      (void)sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      (void)sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    });
    HAVEN_CHECK(create_private_file(location));
    session.open(soci::sqlite3, fmt::format("db=\"{}\" timeout=10", location));
    return Backend::sqlite;
  }
  auto conninfo = conninfo_of(location);
  if (!conninfo) return std::unexpected(conninfo.error());
  session.open(soci::postgresql, *conninfo);
  session << "SET client_min_messages = WARNING";
  session << "SET synchronous_commit = on";  // a commit returns once it is on disk, whatever the server's default
  return Backend::postgresql;
}

Result<std::unique_ptr<Database>> Database::open(const std::string& location, bool create) {
  bool postgres = is_postgresql(location);
  if (!postgres && !create && !std::filesystem::exists(location))
    return no_database_at(location);
  std::unique_ptr<Database> db(new Database(location, postgres ? Backend::postgresql : Backend::sqlite));
  auto opened = guard_storage([&] {
    return translated([&]() -> Result<int> {
      HAVEN_CHECK(db->configure());
      auto version = db->migrate(create);
      db->bound_lock_waits();
      return version;
    });
  });
  if (!opened) return std::unexpected(opened.error());
  return db;
}

Result<std::unique_ptr<Database>> Database::open_unmanaged(const std::string& location) {
  std::unique_ptr<Database> db(new Database(location, is_postgresql(location) ? Backend::postgresql : Backend::sqlite));
  db->managed_ = false;
  auto opened = guard_storage([&] {
    return translated([&]() -> Result<Backend> { return connect(db->connection_->session, location); });
  });
  if (!opened) return std::unexpected(opened.error());
  return db;
}

Database::Database(std::string path, Backend backend)
    : path_(std::move(path)), backend_(backend), connection_(std::make_unique<Connection>()) {}

std::size_t Database::kept_statements() const { return connection_->statements.size(); }
std::size_t Database::kept_preparations() const { return connection_->statements.kept_preparations(); }

Result<bool> Database::configure() {
  soci::session& session = connection_->session;
  auto backend = connect(session, path_);
  if (!backend) return std::unexpected(backend.error());
  if (*backend == Backend::sqlite) {
    session << "PRAGMA journal_mode=WAL";
    session << "PRAGMA foreign_keys=ON";
    // An acknowledged write survives a power cut: commits reach the log without a flush of their
    // own, and make_durable() flushes for every connection that committed meanwhile.
    session << "PRAGMA synchronous=NORMAL";
    group_sync_ = GroupSync::for_file(path_);
    auto* backend_session = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
    // Called after every commit on the connection, in a transaction or not.
    sqlite_api::sqlite3_wal_hook(
        backend_session->conn_,
        [](void* self, sqlite_api::sqlite3* db, const char* name, int pages) -> int {
          static_cast<Database*>(self)->unflushed_ = true;
          // A WAL hook of our own replaces SQLite's automatic checkpoint: do what it would do.
          if (pages >= 1000) sqlite_api::sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
          return SQLITE_OK;
        },
        this);
  }
  return true;
}

void Database::make_durable() {
  if (!unflushed_ || !group_sync_ || !group_commit_) return;
  if (!group_sync_->durable()) {
    std::string what = "the disk that holds the records would not flush a change";
    throw DatabaseError(what, Error{ErrorKind::storage, "database error: " + what, std::nullopt});
  }
  unflushed_ = false;
}

void Database::set_durability_for_measurement(Durability d) {
  if (backend_ != Backend::sqlite) return;
  make_durable();
  run_once(*this, d == Durability::flush_each_commit ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  group_commit_ = d == Durability::group_commit;
}

Database::~Database() {
  try {
    make_durable();
  } catch (const DatabaseError&) {  // nothing can be told now; the next start finds the log
  }
}

void Database::bound_lock_waits() {
  // As SQLite's busy timeout: a writer waits at most this long for another's lock, then is told
  // the records are busy. (Opening waits for another process's upgrade without a bound.)
  if (backend_ == Backend::postgresql) connection_->session << "SET lock_timeout = '10s'";
}

bool Database::reconnect_if_lost() {
  // A database opened unmanaged (the key store) keeps settings of its own that only its owner
  // knows: it is not reconnected here.
  if (!managed_) return false;
  if (depth_ != 0 || probe() != Condition::unreachable) return false;
  auto again = guard_storage([&] {
    return translated([&]() -> Result<bool> {
      connection_->statements.clear();
      connection_->session.close();
      HAVEN_CHECK(configure());
      bound_lock_waits();
      return true;
    });
  });
  probed_.reset();
  return again.has_value();
}

int Database::schema_version() {
  return static_cast<int>(value<long long>(*this, "SELECT MAX(version) FROM schema_migrations").value_or(0));
}

Result<int> Database::migrate(bool create) {
  soci::session& session = connection_->session;
  WriteTransaction outer(*this);
  if (!create && backend_ == Backend::postgresql) {
    int tables = 0;
    session << "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' "
                "AND table_schema = current_schema()",
        soci::into(tables);
    if (tables == 0) return no_database_at(redacted(path_));
  }
  session << "CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
  int current = schema_version();
  const auto& all = embedded_migrations();
  if (!all.empty() && current > all.back().version)
    return fail(ErrorKind::storage,
                fmt::format("this database has schema version {}, newer than this Haven ({}); "
                            "upgrade Haven before using it",
                            current, all.back().version));
  for (const auto& m : all) {
    if (m.version <= current) continue;
    WriteTransaction tx(*this);
    for (const auto& statement : split_statements(m.sql, backend_ == Backend::sqlite ? "sqlite" : "postgresql"))
      session << statement;
    std::string name = m.name, at = format_utc(now());
    session << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
        soci::use(m.version), soci::use(name), soci::use(at);
    tx.commit();
    current = m.version;
  }
  outer.commit();
  return current;
}

namespace {

// The condition a SQLite result code shows, when it is one that clears by itself.
std::optional<Condition> condition_of_sqlite(int result) {
  switch (result & 0xff) {  // the primary result code
    case SQLITE_BUSY: return Condition::locked;  // another connection's write lock
    case SQLITE_READONLY: return Condition::read_only;
    case SQLITE_FULL: return Condition::disk_full;
    case SQLITE_CANTOPEN: return Condition::unreachable;
    default: return std::nullopt;  // SQLITE_LOCKED (within one connection) or an I/O fault is a real failure
  }
}

// The condition a database error shows, when it is one that clears by itself.
std::optional<Condition> condition_of(const soci::soci_error& e) {
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) return condition_of_sqlite(lite->result());
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = pg->sqlstate();
    if (state == "25006") return Condition::read_only;
    if (state == "53100") return Condition::disk_full;
    if (state.starts_with("08") || state.starts_with("57P")) return Condition::unreachable;
    if (state == "40001" || state == "40P01" || state == "55P03") return Condition::locked;
  }
  return std::nullopt;
}

}  // namespace

const char* describe(Condition c) {
  switch (c) {
    case Condition::writable: return "writable";
    case Condition::read_only: return "read-only";
    case Condition::locked: return "locked";
    case Condition::disk_full: return "disk full";
    case Condition::unreachable: return "unreachable";
  }
  return "unreachable";
}

Condition Database::probe() {
  soci::session& session = connection_->session;
  auto at = std::chrono::steady_clock::now();
  if (probed_ && at - probed_->first < std::chrono::seconds(1)) return probed_->second;  // a probe a second at most
  Condition found = Condition::writable;
  try {
    int one = 0;
    session << "SELECT 1", soci::into(one);
    if (backend_ == Backend::postgresql) {
      std::string read_only;
      session << "SHOW transaction_read_only", soci::into(read_only);
      found = read_only == "on" ? Condition::read_only : Condition::writable;
    } else {
      struct statvfs disk {};
      auto folder = std::filesystem::absolute(path_).parent_path();
      if (::statvfs(folder.c_str(), &disk) == 0 && disk.f_bavail * disk.f_frsize < 1024 * 1024) {
        found = Condition::disk_full;
      } else if (::access(path_.c_str(), W_OK) != 0) {
        found = Condition::read_only;
      } else {
        // Take the write lock for an instant, waiting at most a tenth of a second for it; the
        // usual wait is restored however the attempt ends.
        session << "PRAGMA busy_timeout = 100";
        struct Restore {
          soci::session& s;
          ~Restore() {
            try {
              s << "PRAGMA busy_timeout = 10000";
            } catch (const soci::soci_error&) {
            }
          }
        } restore{session};
        try {
          session << "BEGIN IMMEDIATE";
          session << "ROLLBACK";
        } catch (const soci::soci_error& e) {
          found = condition_of(e).value_or(Condition::unreachable);
          try {
            session << "ROLLBACK";
          } catch (const soci::soci_error&) {  // nothing was begun
          }
        }
      }
    }
  } catch (const soci::soci_error&) {
    found = Condition::unreachable;
  }
  probed_ = std::pair{at, found};
  return found;
}

namespace {

// What the person who asked is told of a condition that clears by itself.
Error unavailable_because(Condition condition) {
  const char* message = "";
  switch (condition) {
    case Condition::locked: message = "The records are busy with another change."; break;
    case Condition::read_only: message = "The records are read-only just now."; break;
    case Condition::disk_full: message = "The disk that holds the records is full."; break;
    case Condition::unreachable:
    case Condition::writable: message = "The records cannot be reached just now."; break;
  }
  return Error{ErrorKind::unavailable, message, std::nullopt};
}

}  // namespace

DatabaseError database_error(const soci::soci_error& e) {
  auto condition = condition_of(e);
  if (!condition)
    return DatabaseError(e.what(), Error{ErrorKind::storage, std::string("database error: ") + e.get_error_message(),
                                         std::nullopt});
  return DatabaseError(e.what(), unavailable_because(*condition));
}

DatabaseError sqlite_error(sqlite_api::sqlite3* db, int result) {
  std::string what = db ? sqlite_api::sqlite3_errmsg(db) : sqlite_api::sqlite3_errstr(result);
  auto condition = condition_of_sqlite(result);
  if (!condition) return DatabaseError(what, Error{ErrorKind::storage, "database error: " + what, std::nullopt});
  return DatabaseError(what, unavailable_because(*condition));
}

RecordsBusy::RecordsBusy(const std::string& what) : DatabaseError(what, unavailable_because(Condition::locked)) {}

WriteTransaction::WriteTransaction(Database& db, std::string_view centre) : db_(db), level_(db.transaction_depth()) {
  actions_before_ = db_.after_commit_.size();
  chains_before_ = db_.chains_locked_.size();
  if (level_ == 0) {
    actions_before_ = 0;
    db_.after_commit_.clear();
    db_.chains_locked_.assign(1, centre.empty() || db_.backend() == Backend::sqlite ? "*" : std::string(centre));
  }
  if (level_ == 0 && db_.backend() == Backend::postgresql) {
    try {
      // The transaction and its lock in one round trip (the keys are Haven's own numbers).
      if (centre.empty())
        run_once(db_, fmt::format("BEGIN; SELECT pg_advisory_xact_lock({})", write_lock_key));
      else
        run_once(db_, fmt::format("BEGIN; SELECT pg_advisory_xact_lock_shared({}), pg_advisory_xact_lock({}, {})",
                                  write_lock_key, chain_lock_class, chain_lock_key(centre)));
    } catch (const DatabaseError&) {
      try {
        run_once(db_, "ROLLBACK");  // the lock was not had in time: end the transaction begun for it
      } catch (const DatabaseError&) {
      }
      throw;
    }
  } else if (level_ == 0) {
    if (db_.group_sync_) {
      turn_ = db_.group_sync_->take_turn(sqlite_busy_wait);
      if (!turn_.held()) throw RecordsBusy("another change held the records too long");
    }
    (void)execute(db_, "BEGIN IMMEDIATE");
  } else
    run_once(db_, "SAVEPOINT haven_" + std::to_string(level_));
  ++db_.transaction_depth();
}

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  --db_.transaction_depth();
  try {
    if (level_ == 0) {
      run_once(db_, "ROLLBACK");
    } else {
      db_.after_commit_.resize(actions_before_);
      db_.chains_locked_.resize(chains_before_);
      run_once(db_, "ROLLBACK TO haven_" + std::to_string(level_));
      run_once(db_, "RELEASE haven_" + std::to_string(level_));
    }
  } catch (...) {
    // The connection is gone; the server rolls back an unfinished transaction itself.
  }
}

void WriteTransaction::commit() {
  if (level_ == 0 && db_.backend() == Backend::sqlite)
    (void)execute(db_, "COMMIT");  // kept prepared, as BEGIN IMMEDIATE
  else if (level_ == 0)
    run_once(db_, "COMMIT");
  else
    run_once(db_, "RELEASE haven_" + std::to_string(level_));
  --db_.transaction_depth();
  done_ = true;
  if (level_ == 0) {
    turn_.end();  // the next writer goes on while this commit is flushed
    db_.make_durable();
    auto actions = std::move(db_.after_commit_);
    db_.after_commit_.clear();
    for (auto& action : actions) action();
  }
}

void Database::lock_chain(const std::string& chain) {
  if (backend_ == Backend::sqlite || depth_ == 0) return;  // one write lock; or no transaction to hold it
  for (const auto& held : chains_locked_)
    if (held == "*" || held == chain) return;
  (void)execute(*this, "SELECT pg_advisory_xact_lock(:c, :h)", chain_lock_class, chain_lock_key(chain));
  chains_locked_.push_back(chain);
}

}  // namespace haven::store
