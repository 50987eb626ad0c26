// Multi-row queries run as one-off statements. soci::rowset prepares a named server-side
// statement, which on PostgreSQL costs three round trips per query (prepare, execute, deallocate);
// a one-off statement costs one, and nothing is left on the server. On SQLite the two are the same.
//
//   for (const auto& row : store::rows(sql, "SELECT id, name FROM t WHERE c = :c", centre_id)) ...
//
// Parameters bind by position and by reference: they must outlive the loop, so only named values
// (lvalues) are accepted. rows<T> yields one column as T instead of a soci::row. A Rows is single
// pass: begin() runs the query.
#pragma once
#include <soci/soci.h>

#include <memory>
#include <string>

namespace haven::store {

template <class T = soci::row>
class Rows {
 public:
  Rows(soci::session& sql, std::string query) : statement_(sql), query_(std::move(query)) {}

  template <class Param>
  void bind(Param& value) {
    statement_.exchange(soci::use(value));
  }

  soci::rowset_iterator<T> begin() {
    statement_.alloc();
    statement_.prepare(query_, soci::details::st_one_time_query);
    statement_.define_and_bind();
    statement_.exchange_for_rowset(soci::into(*value_));
    statement_.execute(false);
    return soci::rowset_iterator<T>(statement_, *value_);
  }
  soci::rowset_iterator<T> end() const { return {}; }

 private:
  soci::statement statement_;
  std::string query_;
  std::unique_ptr<T> value_ = std::make_unique<T>();  // stays put when the Rows is moved
};

template <class T = soci::row, class... Params>
Rows<T> rows(soci::session& sql, std::string query, Params&... params) {
  Rows<T> result(sql, std::move(query));
  (result.bind(params), ...);
  return result;
}

}  // namespace haven::store
