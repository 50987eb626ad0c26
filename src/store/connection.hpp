// The connection behind a Database: the SOCI session and the statements kept prepared on it.
// Private to the store: only its own files (and its tests) include this header.
#pragma once
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "store/database.hpp"
#include "store/statements.hpp"

namespace haven::store {

struct Connection {
  soci::session session;
  StatementCache statements;  // after session: its statements end before the connection
};

// Opens `session` on a SQLite file (with a busy timeout) or a PostgreSQL URI; throws soci_error
// when the server cannot be reached, and fails on a malformed URI.
Result<Backend> connect(soci::session& session, const std::string& location);

// The DatabaseError for a failure of SOCI, carrying the error value storage_error() gives.
[[nodiscard]] DatabaseError database_error(const soci::soci_error& e);

// The DatabaseError for SQLite's result code `result` on `db` (its message is SQLite's).
[[nodiscard]] DatabaseError sqlite_error(sqlite_api::sqlite3* db, int result);

// Runs `body`, rethrowing a failure of SOCI as a DatabaseError: every way out of the store passes
// through here, so that nothing above it sees SOCI.
template <class Fn>
auto translated(Fn body) -> decltype(body()) {
  try {
    return body();
  } catch (const soci::soci_error& e) {
    throw database_error(e);
  }
}

}  // namespace haven::store
