// Statements kept prepared on one connection, so that SQL run again is not parsed again. Parsing
// was a third of the CPU time of an audited family read on SQLite; on PostgreSQL a kept statement
// is a named server-side statement, so a later run is one round trip and no parse.
//
// Private to the store: only its own files (and its tests) include this header; the rest of
// Haven runs queries through rows.hpp.
//
// On SQLite a statement is SQLite's own, prepared, bound, stepped and read without SOCI (SOCI's
// fetch of each row, through its type-erased holders, was a quarter of an audit verification's
// time). On PostgreSQL it is SOCI's, which binds parameters and results by address: a Prepared
// therefore owns the storage they are bound to, and running it again is assigning the
// parameters, executing, fetching.
//
// Ownership, lifetime, threads: a StatementCache belongs to one Database and lives no longer than
// its connection (Database clears it before it reconnects, and destroys it before the
// connection). Like the connection, it is used by one thread at a time. A kept statement is leased
// to one query at a time, and kept for its SQL and the kinds of its parameters (text, integer,
// real, NULL): the same SQL run with a NULL where it once had text is a statement of its own. A
// query whose statement is out on lease (the same SQL run inside its own loop), or that finds the
// cache full, gets a statement of its own that is dropped when the query ends.
#pragma once
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/rows.hpp"

namespace haven::store {

// The storage one parameter is bound to; which member is bound depends on the kind of the value
// the statement was first run with (kind_of: 't' text, 'i' integer, 'r' real, 'n' NULL, bound as text).
struct Parameter {
  std::string text;
  long long integer = 0;
  double real = 0;
  soci::indicator indicator = soci::i_ok;
};

// The kind letter of a parameter value, as the statement cache keys it.
[[nodiscard]] char kind_of(const Value& v);

// A statement with the storage its parameters and results are bound to. Not copyable; finalizes
// its SQLite statement when it ends.
struct Prepared {
  explicit Prepared(soci::session& sql);
  ~Prepared();
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  soci::statement statement;                 // PostgreSQL: the statement, run through SOCI
  sqlite_api::sqlite3* sqlite = nullptr;     // SQLite: the connection,
  sqlite_api::sqlite3_stmt* raw = nullptr;   // and the statement, run directly
  std::vector<std::unique_ptr<Parameter>> parameters;  // PostgreSQL: what SOCI binds
  soci::row row;         // PostgreSQL: what a row is fetched into (queries that return rows)
  bool ready = false;    // prepared, its parameters and result bound
  bool broken = false;   // preparing or running it threw: it is not used again

  [[nodiscard]] bool on_sqlite() const { return sqlite != nullptr; }
  // PostgreSQL: sets the parameters (in the order of the SQL's placeholders), binding each on
  // first use. A later run passes values of the same kinds (StatementCache sees to it).
  void set_parameters(std::span<const Value> values);
  // PostgreSQL: prepares `query` and binds the parameters set so far; `kept`: to be run again.
  void prepare(const std::string& query, bool kept);
};

class StatementCache {
  struct Kept {
    std::unique_ptr<Prepared> prepared;
    bool leased = false;
  };

 public:
  // A Prepared on loan to one query: a kept one, returned to the cache when the lease ends, or
  // one of its own, dropped then. Either way the statement is reset when the lease ends, so a
  // query left before its last row holds no read open on SQLite. Move-only.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    [[nodiscard]] Prepared& operator*() const { return *prepared_; }
    [[nodiscard]] Prepared* operator->() const { return prepared_; }
    // True for a kept statement: prepare it to be run again (SOCI's st_repeatable_query).
    [[nodiscard]] bool kept() const { return kept_ != nullptr; }

   private:
    friend class StatementCache;
    Lease(Kept* kept, std::unique_ptr<Prepared> own)
        : kept_(kept), own_(std::move(own)), prepared_(kept ? kept->prepared.get() : own_.get()) {}
    Kept* kept_;                     // null for a statement of its own
    std::unique_ptr<Prepared> own_;  // that statement
    Prepared* prepared_;
  };

  // A statement for `query`, which returns rows or not (`returns_rows`), with parameters of the
  // kinds of `parameters`.
  [[nodiscard]] Lease lease(soci::session& sql, const std::string& query, bool returns_rows,
                            std::span<const Value> parameters);
  // A statement of its own, for a connection without a cache.
  [[nodiscard]] static Lease one_off(soci::session& sql);
  // Drops every kept statement; none may be on lease.
  void clear() {
    kept_.clear();
    batched_.clear();
  }
  [[nodiscard]] std::size_t size() const { return kept_.size(); }
  // How many statements were prepared to be kept, over the cache's life (for tests).
  [[nodiscard]] std::size_t kept_preparations() const { return kept_preparations_; }
  void count_kept_preparation() { ++kept_preparations_; }

  // PostgreSQL, for store::Batch, which prepares statements through libpq itself: the name under
  // which `query` is prepared on the server, or nullptr when it is not yet.
  [[nodiscard]] const std::string* batched_name(const std::string& query) const;
  // A new name to prepare `query` under, or an empty one when the cache is full (the batch then
  // sends the query unprepared); keep_batched records it once the server has prepared it.
  [[nodiscard]] std::string new_batched_name();
  void keep_batched(const std::string& query, std::string name) { batched_.emplace(query, std::move(name)); }

  // More distinct statements than this are not kept (SQL assembled with values in it would
  // otherwise grow the cache without end).
  static constexpr std::size_t capacity = 512;

 private:
  // Node-based, so a Kept stays put while the map grows. Key: 'r' (returns rows) or 'x', the
  // parameters' kinds, a newline, the query.
  std::unordered_map<std::string, Kept> kept_;
  std::size_t kept_preparations_ = 0;
  std::unordered_map<std::string, std::string> batched_;  // query -> its name on the server
  std::size_t batched_names_ = 0;                         // names given, over the cache's life
};

}  // namespace haven::store
