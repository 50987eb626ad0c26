// Statements kept prepared on one connection, so that SQL run again is not parsed again. Parsing
// was a third of the CPU time of an audited family read on SQLite; on PostgreSQL a kept statement
// is a named server-side statement, so a later run is one round trip and no parse.
//
// SOCI binds parameters and results by address. A Prepared therefore owns the storage they are
// bound to: running it again is assigning the parameters, executing, fetching.
//
// Ownership, lifetime, threads: a StatementCache belongs to one Database and lives no longer than
// its connection (Database clears it before it reconnects, and destroys it before the
// connection). Like the connection, it is used by one thread at a time. A kept statement is leased
// to one query at a time; a query whose statement is out on lease (the same SQL run inside its own
// loop), or whose parameters have other types than the first run's, or that finds the cache full,
// gets a statement of its own that is dropped when the query ends.
#pragma once
#include <soci/soci.h>

#include <memory>
#include <string>
#include <typeinfo>
#include <unordered_map>
#include <vector>

namespace haven::store {

namespace detail {

struct Parameter {
  virtual ~Parameter() = default;
  [[nodiscard]] virtual const std::type_info& type() const = 0;
};

template <class P>
struct TypedParameter final : Parameter {
  P value{};
  const std::type_info& type() const override { return typeid(P); }
};

}  // namespace detail

// A statement with the storage its parameters and results are bound to.
struct Prepared {
  explicit Prepared(soci::session& sql) : statement(sql), on_sqlite(sql.get_backend_name() == "sqlite3") {}
  soci::statement statement;
  bool on_sqlite;
  std::vector<std::unique_ptr<detail::Parameter>> parameters;
  std::shared_ptr<void> result;  // what a row is fetched into (Rows<T>'s T)
  bool ready = false;            // prepared, its parameters and result bound
  bool broken = false;           // preparing or running it threw: it is not used again

  // Sets parameter `index` (0-based, in the order of the SQL's placeholders) to `value`, binding
  // it on first use. A later run must pass parameters of the same types (StatementCache sees to it).
  template <class P>
  void set_parameter(std::size_t index, const P& value) {
    if (index == parameters.size()) {
      auto slot = std::make_unique<detail::TypedParameter<P>>();
      statement.exchange(soci::use(slot->value));
      parameters.push_back(std::move(slot));
    }
    static_cast<detail::TypedParameter<P>&>(*parameters[index]).value = value;
  }
  // Prepares `query` and binds the parameters set so far; `kept`: to be run again.
  void prepare(const std::string& query, bool kept) {
    statement.alloc();
    statement.prepare(query, kept ? soci::details::st_repeatable_query : soci::details::st_one_time_query);
    statement.define_and_bind();
  }
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

  // A statement for `query` whose rows are fetched into a `result` (typeid(void) for a statement
  // that returns none) with parameters of `parameters`' types.
  [[nodiscard]] Lease lease(soci::session& sql, const std::string& query, const std::type_info& result,
                            std::initializer_list<const std::type_info*> parameters);
  // A statement of its own, for a connection without a cache.
  [[nodiscard]] static Lease one_off(soci::session& sql);
  // Drops every kept statement; none may be on lease.
  void clear() { kept_.clear(); }
  [[nodiscard]] std::size_t size() const { return kept_.size(); }

  // More distinct statements than this are not kept (SQL assembled with values in it would
  // otherwise grow the cache without end).
  static constexpr std::size_t capacity = 512;

 private:
  // Node-based, so a Kept stays put while the map grows. Key: the result type's name, a newline,
  // the query.
  std::unordered_map<std::string, Kept> kept_;
};

}  // namespace haven::store
