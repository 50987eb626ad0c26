// Several queries that do not depend on one another, sent together: on PostgreSQL in one round
// trip (libpq's pipeline mode), on SQLite one after another (a file has no round trips to save).
// For a read that needs several sets of rows at once, a family's people, sessions and notes say:
//
//   store::Batch batch(db);
//   std::size_t people = batch.add("SELECT id, party FROM people WHERE family_id = :f", family);
//   std::size_t notes = batch.add("SELECT body FROM session_notes WHERE ...", family);
//   batch.run();
//   for (const store::Row& row : batch.rows(people)) ...
//
// Queries take the SQL and parameters rows.hpp does. On PostgreSQL each is kept prepared on the
// connection under a name of its own, as rows.hpp keeps its statements, so a later batch sends
// only the parameters. The rows are copied out when the batch runs: keep batches to what a page
// shows.
//
// A failure of the database throws DatabaseError from run(), as rows.hpp does; on PostgreSQL the
// queries after a failed one in the same batch are not run.
//
// Ownership, lifetime, threads: a Batch refers to its Database, which must outlive it, and is used
// by the Database's one thread at a time. A batch may queue more after it has run: the next run
// sends those alone.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "store/rows.hpp"

namespace haven::store {

class Batch {
 public:
  explicit Batch(Database& db) : db_(db) {}

  // Queues `query`; the index to read its rows by once the batch has run.
  template <class... Params>
  [[nodiscard]] std::size_t add(std::string query, const Params&... params) {
    queries_.push_back({std::move(query), std::vector<Value>{to_value(params)...}});
    return queries_.size() - 1;
  }
  // Runs every query queued since the last run; throws DatabaseError on a failure of the database.
  void run();
  // The rows of the query `add` numbered `index`, in the order the query gives them (none for a
  // statement that returns no rows). Throws DatabaseError for a query not yet run.
  [[nodiscard]] const std::vector<Row>& rows(std::size_t index) const;

 private:
  struct Query {
    std::string sql;
    std::vector<Value> parameters;
  };
  Database& db_;
  std::vector<Query> queries_;
  std::vector<std::vector<Row>> results_;  // of the queries run so far, in order
  std::size_t sent_ = 0;                   // queries sent, whether or not they were answered
};

// The SQL with each named placeholder (":name", outside quotes and not a "::" cast) numbered as
// PostgreSQL takes them ("$1", "$2"... in order of appearance). For the store and its tests.
[[nodiscard]] std::string numbered_placeholders(const std::string& sql);

}  // namespace haven::store
