// The relational store, through SOCI. open_sqlite() opens (or creates) a SQLite file with WAL
// journaling, foreign keys enforced and a busy timeout, then brings its schema up to date.
// Every change and its audit entry are written inside one WriteTransaction.
#pragma once
#include <memory>
#include <soci/soci.h>
#include <string>

#include "core/error.hpp"

namespace haven::store {

class Database {
 public:
  // create = false refuses a path where no database exists yet.
  static Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, bool create);

  soci::session& sql() { return session_; }
  int& transaction_depth() { return depth_; }
  int schema_version();
  const std::string& path() const { return path_; }

 private:
  explicit Database(std::string path) : path_(std::move(path)) {}
  Result<int> migrate();

  std::string path_;
  soci::session session_;
  int depth_ = 0;
};

// BEGIN IMMEDIATE on construction (the write lock is taken up front, so the audit sequence read
// inside cannot race another writer); ROLLBACK on destruction unless commit() was called.
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

// Runs `body` and turns a database exception into a storage error value.
template <class Fn>
auto guard_storage(Fn body) -> decltype(body()) {
  try {
    return body();
  } catch (const soci::soci_error& e) {
    return fail(ErrorKind::storage, std::string("database error: ") + e.get_error_message());
  }
}

}  // namespace haven::store
