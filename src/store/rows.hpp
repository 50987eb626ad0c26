// Queries, run with statements the Database keeps prepared (statements.hpp):
//
//   for (const auto& row : store::rows(db, "SELECT id, name FROM t WHERE c = :c", centre_id)) ...
//   auto found = store::rows(db, "SELECT name FROM t WHERE id = :i", id);
//   if (const soci::row* row = found.first()) ...
//   store::execute(db, "UPDATE t SET name = :n WHERE id = :i", name, id);
//
// Parameters bind by position and are copied, so temporaries are fine. rows<T> yields one column
// as T instead of a soci::row. A Rows is single pass: begin() or first() runs the query, and the
// row it yields lives until the next row is fetched or the Rows ends. A Rows holds its statement
// until it ends: keep it no longer than the loop that reads it.
//
// Given a soci::session instead of a Database, a query runs as a one-off statement (soci::rowset
// would prepare a named server-side statement, which on PostgreSQL costs three round trips per
// query - prepare, execute, deallocate - where a one-off costs one).
#pragma once
#include <soci/soci.h>

#include <string>

#include "store/database.hpp"
#include "store/statements.hpp"

namespace haven::store {

// Runs `step` (preparing `p`, or running it). A step that throws leaves the statement broken, so
// that it is not kept: a statement half prepared cannot be prepared again, SOCI keeps a failed
// run's parameter buffers until the statement ends, and on PostgreSQL the server may have dropped
// or outdated the statement itself.
template <class Step>
void run(Prepared& p, Step step) {
  try {
    step();
  } catch (...) {
    p.broken = true;
    throw;
  }
}

template <class T = soci::row>
class Rows {
 public:
  Rows(StatementCache::Lease lease, std::string query) : lease_(std::move(lease)), query_(std::move(query)) {}

  soci::rowset_iterator<T> begin() {
    Prepared& p = *lease_;
    if (!p.ready)
      run(p, [&] {
        p.result = std::make_shared<T>();
        p.prepare(query_, lease_.kept());
        p.statement.exchange_for_rowset(soci::into(value()));
        p.ready = true;
      });
    run(p, [&] { p.statement.execute(false); });
    return soci::rowset_iterator<T>(p.statement, value());
  }
  soci::rowset_iterator<T> end() const { return {}; }

  // Runs the query; its first row, or nullptr when it returned none.
  [[nodiscard]] const T* first() {
    auto it = begin();
    return it == end() ? nullptr : &*it;
  }

  template <class Param>
  void bind(std::size_t index, const Param& value) {
    lease_->set_parameter(index, value);
  }

 private:
  T& value() { return *static_cast<T*>(lease_->result.get()); }

  StatementCache::Lease lease_;
  std::string query_;
};

template <class T, class... Params>
[[nodiscard]] Rows<T> bound(Rows<T> result, const Params&... params) {
  std::size_t index = 0;
  (result.bind(index++, params), ...);
  return result;
}

template <class T = soci::row, class... Params>
[[nodiscard]] Rows<T> rows(Database& db, std::string query, const Params&... params) {
  auto lease = db.statements().lease(db.sql(), query, typeid(T), {&typeid(Params)...});
  return bound(Rows<T>(std::move(lease), std::move(query)), params...);
}

template <class T = soci::row, class... Params>
[[nodiscard]] Rows<T> rows(soci::session& sql, std::string query, const Params&... params) {
  return bound(Rows<T>(StatementCache::one_off(sql), std::move(query)), params...);
}

// Runs a statement that returns no rows (INSERT, UPDATE, DELETE, BEGIN...); how many rows it
// changed.
template <class... Params>
long long execute(Database& db, const std::string& query, const Params&... params) {
  auto lease = db.statements().lease(db.sql(), query, typeid(void), {&typeid(Params)...});
  Prepared& p = *lease;
  std::size_t index = 0;
  (p.set_parameter(index++, params), ...);
  if (!p.ready)
    run(p, [&] {
      p.prepare(query, lease.kept());
      p.ready = true;
    });
  run(p, [&] { p.statement.execute(true); });
  return p.statement.get_affected_rows();
}

}  // namespace haven::store
