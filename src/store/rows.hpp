// Queries on a Database, in SQL both backends read, with named placeholders bound by position:
//
//   for (const store::Row& row : store::rows(db, "SELECT id, name FROM t WHERE c = :c", centre_id))
//     use(row.get<std::string>(0), row.get<std::string>(1));
//   for (const std::string& id : store::rows<std::string>(db, "SELECT id FROM t")) ...
//   std::optional<long long> n = store::value<long long>(db, "SELECT COUNT(*) FROM t WHERE c = :c", c);
//   std::optional<store::Row> row = store::first_row(db, "SELECT a, b FROM t WHERE id = :i", id);
//   long long changed = store::execute(db, "UPDATE t SET name = :n WHERE id = :i", name, id);
//   store::run_once(db, "CREATE TABLE ...");
//
// Parameters are copied: text (std::string, std::string_view, const char*), integers, bool (0 or
// 1), double, std::optional of any of these (empty binds NULL), or store::null. A query is run
// with a statement the Database keeps prepared (see statements.hpp, private to the store), so SQL
// run again is not parsed again; run_once is for what is run once or cannot be prepared (schema
// changes, pragmas, transaction control on PostgreSQL).
//
// A failure of the database throws DatabaseError (database.hpp); guard_storage turns it into an
// error value. Nothing here exposes the database library: only the store sees it.
//
// Lifetime and threads: a Rows holds its statement (and on SQLite a read) until it ends: keep it
// no longer than the loop that reads it. A Row is a copy of one row's values, independent of the
// statement; the Row a Rows yields is refilled in place by the next row (copy it to keep it), and
// first_row returns a copy. Like the Database, everything here is used by one thread at a time.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "store/database.hpp"

namespace haven::store {

// A value bound to a placeholder, or read from a column: NULL, an integer, a real number or text.
using Value = std::variant<std::monostate, long long, double, std::string>;

// Binds NULL.
inline constexpr std::monostate null{};

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class>
inline constexpr bool unsupported = false;

// A column's value read as text, an integer or a real number; throws DatabaseError for NULL or
// for text that is not a number.
[[nodiscard]] std::string text_of(const Value& v);
[[nodiscard]] long long integer_of(const Value& v);
[[nodiscard]] double real_of(const Value& v);
[[noreturn]] void out_of_range(std::size_t column);  // throws DatabaseError
}  // namespace detail

template <class T>
[[nodiscard]] Value to_value(const T& v) {
  if constexpr (std::is_same_v<T, Value>)
    return v;
  else if constexpr (std::is_same_v<T, std::monostate> || std::is_same_v<T, std::nullopt_t>)
    return Value{};
  else if constexpr (detail::is_optional<T>::value)
    return v ? to_value(*v) : Value{};
  else if constexpr (std::is_same_v<T, bool>)
    return Value{static_cast<long long>(v ? 1 : 0)};
  else if constexpr (std::is_integral_v<T>)
    return Value{static_cast<long long>(v)};
  else if constexpr (std::is_floating_point_v<T>)
    return Value{static_cast<double>(v)};
  else if constexpr (std::is_convertible_v<const T&, std::string_view>)
    return Value{std::string(std::string_view(v))};
  else
    static_assert(detail::unsupported<T>, "a parameter is text, a number, bool, std::optional or store::null");
}

// One row's values, copied out of the statement that read them.
class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> columns) : columns_(std::move(columns)) {}

  [[nodiscard]] std::size_t size() const { return columns_.size(); }
  [[nodiscard]] bool is_null(std::size_t column) const { return at(column).index() == 0; }
  [[nodiscard]] const Value& at(std::size_t column) const;  // throws DatabaseError past the last column

  // The column as T: std::string, an integer type, bool, double, or std::optional of one of these
  // (empty for NULL). Text holding a number reads as a number and a number reads as text, as
  // SQLite itself allows. A NULL read as anything but an optional, a fraction read as a whole
  // number or a number too large for T throws DatabaseError.
  template <class T>
  [[nodiscard]] T get(std::size_t column) const {
    const Value& v = at(column);
    if constexpr (detail::is_optional<T>::value) {
      if (v.index() == 0) return std::nullopt;
      return get<typename T::value_type>(column);
    } else if constexpr (std::is_same_v<T, std::string>) {
      return detail::text_of(v);
    } else if constexpr (std::is_same_v<T, bool>) {
      return detail::integer_of(v) != 0;
    } else if constexpr (std::is_integral_v<T>) {
      long long n = detail::integer_of(v);
      if (!std::in_range<T>(n)) detail::out_of_range(column);
      return static_cast<T>(n);
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(detail::real_of(v));
    } else {
      static_assert(detail::unsupported<T>, "a column reads as text, a number, bool or std::optional");
    }
  }
  // The column as T, or `otherwise` when it is NULL.
  template <class T>
  [[nodiscard]] T get_or(std::size_t column, T otherwise) const {
    return is_null(column) ? otherwise : get<T>(column);
  }
  // The column's text where the row holds it, uncopied: valid until the row is refilled or
  // destroyed. A column that holds no text (a number, NULL) throws DatabaseError; read those
  // with get<std::string>.
  [[nodiscard]] std::string_view text(std::size_t column) const;

 private:
  friend class Rows;  // fills a row in place as it reads the next
  std::vector<Value> columns_;
};

// The rows a query returns, read once, in order. Move-only; an iterator stays valid when the
// Rows is moved.
class Rows {
  struct State;

 public:
  class iterator {
   public:
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    const Row& operator*() const { return *row_; }
    const Row* operator->() const { return row_; }
    iterator& operator++() {
      row_ = next(*state_);
      return *this;
    }
    bool operator==(const iterator& other) const { return row_ == other.row_; }

   private:
    friend class Rows;
    iterator(State* state, const Row* row) : state_(state), row_(row) {}
    State* state_ = nullptr;
    const Row* row_ = nullptr;  // null at the end
  };

  Rows(Database& db, std::string query, std::vector<Value> parameters);
  Rows(Rows&&) noexcept;
  Rows& operator=(Rows&&) = delete;
  ~Rows();

  // Runs the query and yields its first row; a Rows is begun once.
  [[nodiscard]] iterator begin();
  [[nodiscard]] iterator end() { return {}; }
  // Runs the query; its first row, or nullptr when it returned none. Valid while the Rows lives.
  [[nodiscard]] const Row* first();

 private:
  static const Row* next(State& state);  // fetches the next row, or returns nullptr at the end
  std::unique_ptr<State> state_;
};

// The first column of each row, read as T (see Row::get).
template <class T>
class Column {
 public:
  class iterator {
   public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(Rows::iterator at) : at_(at) {}
    T operator*() const { return at_->template get<T>(0); }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const iterator& other) const { return at_ == other.at_; }

   private:
    Rows::iterator at_;
  };

  explicit Column(Rows rows) : rows_(std::move(rows)) {}
  [[nodiscard]] iterator begin() { return iterator(rows_.begin()); }
  [[nodiscard]] iterator end() { return iterator(); }
  // The first row's value; nullopt when the query returned no row.
  [[nodiscard]] std::optional<T> first() {
    const Row* row = rows_.first();
    if (!row) return std::nullopt;
    return row->template get<T>(0);
  }

 private:
  Rows rows_;
};

// The rows `query` returns (T = Row), or the first column of each as T.
template <class T = Row, class... Params>
[[nodiscard]] auto rows(Database& db, std::string query, const Params&... params) {
  Rows all(db, std::move(query), std::vector<Value>{to_value(params)...});
  if constexpr (std::is_same_v<T, Row>)
    return all;
  else
    return Column<T>(std::move(all));
}

// The first row `query` returns, or nullopt; the statement has ended when this returns.
template <class... Params>
[[nodiscard]] std::optional<Row> first_row(Database& db, std::string query, const Params&... params) {
  auto found = rows(db, std::move(query), params...);
  if (const Row* row = found.first()) return *row;
  return std::nullopt;
}

// The first column of the first row, as T; nullopt when there is no row or the value is NULL.
template <class T, class... Params>
[[nodiscard]] std::optional<T> value(Database& db, std::string query, const Params&... params) {
  auto found = rows(db, std::move(query), params...);
  const Row* row = found.first();
  if (!row || row->is_null(0)) return std::nullopt;
  return row->get<T>(0);
}

namespace detail {
long long execute(Database& db, const std::string& query, std::vector<Value> parameters);
}

// Runs a statement that returns no rows (INSERT, UPDATE, DELETE); how many rows it changed.
template <class... Params>
long long execute(Database& db, const std::string& query, const Params&... params) {
  return detail::execute(db, query, std::vector<Value>{to_value(params)...});
}

// Runs `sql`, which takes no parameters and returns no rows, without keeping it prepared.
void run_once(Database& db, const std::string& sql);

}  // namespace haven::store
