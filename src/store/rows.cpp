#include "store/rows.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>

#include "store/connection.hpp"

namespace haven::store {

namespace {

[[noreturn]] void misread(const std::string& what) {
  throw DatabaseError(what, Error{ErrorKind::storage, "database error: " + what, std::nullopt});
}

// Runs `step` of preparing or running `p`. A step that throws leaves the statement broken, so
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

// SQLite's SQLITE_TRANSIENT: it copies the bound text before the call returns.
const sqlite_api::sqlite3_destructor_type copied_by_sqlite =
    reinterpret_cast<sqlite_api::sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

// Prepares the leased statement with `prepare` unless it is ready, counting a kept one.
template <class Prepare>
void prepare_once(Database& db, StatementCache::Lease& lease, Prepare prepare) {
  Prepared& p = *lease;
  if (p.ready) return;
  run(p, prepare);
  p.ready = true;
  if (lease.kept()) db.connection().statements.count_kept_preparation();
}

// SQLite: prepares the leased statement for `query` once, then binds its parameters and, for a
// statement that returns no rows, runs it to its end (a query's rows are stepped by Rows).
void prepare_and_run_sqlite(Database& db, StatementCache::Lease& lease, const std::string& query,
                            std::span<const Value> parameters, bool returns_rows) {
  Prepared& p = *lease;
  prepare_once(db, lease, [&] {
    int made = sqlite_api::sqlite3_prepare_v3(p.sqlite, query.data(), static_cast<int>(query.size()),
                                              lease.kept() ? SQLITE_PREPARE_PERSISTENT : 0, &p.raw, nullptr);
    if (made != SQLITE_OK) throw sqlite_error(p.sqlite, made);
    if (!p.raw) misread("a statement holds no SQL");
  });
  run(p, [&] {
    sqlite_api::sqlite3_reset(p.raw);
    int expected = sqlite_api::sqlite3_bind_parameter_count(p.raw);
    if (expected != static_cast<int>(parameters.size()))
      misread(fmt::format("a statement takes {} parameters and was given {}", expected, parameters.size()));
    for (int i = 0; i < expected; ++i) {
      const Value& v = parameters[static_cast<std::size_t>(i)];
      int bound = SQLITE_OK;
      if (const auto* n = std::get_if<long long>(&v))
        bound = sqlite_api::sqlite3_bind_int64(p.raw, i + 1, *n);
      else if (const auto* r = std::get_if<double>(&v))
        bound = sqlite_api::sqlite3_bind_double(p.raw, i + 1, *r);
      else if (const auto* t = std::get_if<std::string>(&v))
        bound = sqlite_api::sqlite3_bind_text64(p.raw, i + 1, t->data(), t->size(), copied_by_sqlite, SQLITE_UTF8);
      else
        bound = sqlite_api::sqlite3_bind_null(p.raw, i + 1);
      if (bound != SQLITE_OK) throw sqlite_error(p.sqlite, bound);
    }
    if (returns_rows) return;
    int stepped = SQLITE_ROW;
    while (stepped == SQLITE_ROW) stepped = sqlite_api::sqlite3_step(p.raw);
    if (stepped != SQLITE_DONE) throw sqlite_error(p.sqlite, stepped);
  });
}

// Prepares the leased statement for `query` once, then runs it with its parameters bound.
void prepare_and_run(Database& db, StatementCache::Lease& lease, const std::string& query,
                     std::span<const Value> parameters, bool returns_rows) {
  Prepared& p = *lease;
  if (p.on_sqlite()) return prepare_and_run_sqlite(db, lease, query, parameters, returns_rows);
  p.set_parameters(parameters);
  prepare_once(db, lease, [&] {
    p.prepare(query, lease.kept());
    if (returns_rows) p.statement.exchange_for_rowset(soci::into(p.row));
  });
  run(p, [&] { p.statement.execute(!returns_rows); });
}

// Sets `slot` to text, keeping the storage it already has.
void set_text(Value& slot, const char* data, std::size_t size) {
  if (auto* text = std::get_if<std::string>(&slot))
    text->assign(data, size);
  else
    slot.emplace<std::string>(data, size);
}

// A column of the row SQLite's statement stands on, into `slot`.
void read_sqlite_column(sqlite_api::sqlite3_stmt* statement, int i, Value& slot) {
  switch (sqlite_api::sqlite3_column_type(statement, i)) {
    case SQLITE_INTEGER: slot = static_cast<long long>(sqlite_api::sqlite3_column_int64(statement, i)); break;
    case SQLITE_FLOAT: slot = sqlite_api::sqlite3_column_double(statement, i); break;
    case SQLITE_NULL: slot = std::monostate{}; break;
    default: {  // text (or bytes, read as text)
      const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(statement, i));
      if (!text) throw sqlite_error(sqlite_api::sqlite3_db_handle(statement), SQLITE_NOMEM);  // a value, not NULL
      set_text(slot, text, static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(statement, i)));
    }
  }
}

// A column of a fetched row as a Value.
Value column_value(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return Value{};
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string: return Value{row.get<std::string>(i)};
    case soci::dt_integer: return Value{static_cast<long long>(row.get<int>(i))};
    case soci::dt_long_long: return Value{row.get<long long>(i)};
    case soci::dt_unsigned_long_long: return Value{static_cast<long long>(row.get<unsigned long long>(i))};
    case soci::dt_double: return Value{row.get<double>(i)};
    default:  // dates among them: Haven keeps its times as text, so a date type is a mistake to report
      misread(fmt::format("column {} has a type Haven does not read", row.get_properties(i).get_name()));
  }
}

}  // namespace

namespace detail {

std::string text_of(const Value& v) {
  switch (v.index()) {
    case 1: return std::to_string(std::get<long long>(v));
    case 2: return fmt::format("{}", std::get<double>(v));
    case 3: return std::get<std::string>(v);
    default: misread("a NULL was read where a value was expected");
  }
}

long long integer_of(const Value& v) {
  switch (v.index()) {
    case 1: return std::get<long long>(v);
    case 2: {
      double real = std::get<double>(v);
      // ±2^63, the bounds of a long long, are exact doubles: compare before converting.
      if (!std::isfinite(real) || real < -9223372036854775808.0 || real >= 9223372036854775808.0 ||
          real != std::trunc(real))
        misread("a fraction or an out-of-range number was read where a whole number was expected");
      return static_cast<long long>(real);
    }
    case 3: {
      const auto& text = std::get<std::string>(v);
      long long out = 0;
      auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), out);
      if (problem != std::errc() || end != text.data() + text.size()) misread("text was read where a number was expected");
      return out;
    }
    default: misread("a NULL was read where a number was expected");
  }
}

double real_of(const Value& v) {
  switch (v.index()) {
    case 1: return static_cast<double>(std::get<long long>(v));
    case 2: return std::get<double>(v);
    case 3: {
      const auto& text = std::get<std::string>(v);
      double out = 0;
      auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), out);
      if (problem != std::errc() || end != text.data() + text.size()) misread("text was read where a number was expected");
      return out;
    }
    default: misread("a NULL was read where a number was expected");
  }
}

void out_of_range(std::size_t column) { misread(fmt::format("column {} holds a number too large for it", column)); }

long long execute(Database& db, const std::string& query, std::vector<Value> parameters) {
  return translated([&] {
    Connection& c = db.connection();
    auto lease = c.statements.lease(c.session, query, false, parameters);
    prepare_and_run(db, lease, query, parameters, false);
    if (lease->on_sqlite()) return static_cast<long long>(sqlite_api::sqlite3_changes64(lease->sqlite));
    return lease->statement.get_affected_rows();
  });
}

}  // namespace detail

const Value& Row::at(std::size_t column) const {
  if (column >= columns_.size()) misread(fmt::format("a row of {} columns has no column {}", columns_.size(), column));
  return columns_[column];
}

std::string_view Row::text(std::size_t column) const {
  const Value& v = at(column);
  if (const auto* text = std::get_if<std::string>(&v)) return *text;
  misread(fmt::format("column {} holds no text", column));
}

struct Rows::State {
  Database& db;
  StatementCache::Lease lease;
  std::string query;
  std::vector<Value> parameters;
  Row current;
  bool begun = false;
};

Rows::Rows(Database& db, std::string query, std::vector<Value> parameters) {
  Connection& c = db.connection();
  auto lease = translated([&] { return c.statements.lease(c.session, query, true, parameters); });
  state_.reset(new State{db, std::move(lease), std::move(query), std::move(parameters), Row(), false});
}

Rows::Rows(Rows&&) noexcept = default;
Rows::~Rows() = default;

Rows::iterator Rows::begin() {
  if (state_->begun) misread("a query's rows were read twice");
  state_->begun = true;
  translated([&] { prepare_and_run(state_->db, state_->lease, state_->query, state_->parameters, true); });
  return iterator(state_.get(), next(*state_));
}

const Row* Rows::first() { return begin().row_; }

const Row* Rows::next(State& state) {
  return translated([&]() -> const Row* {
    Prepared& p = *state.lease;
    std::vector<Value>& columns = state.current.columns_;  // reused row to row, with their storage
    if (p.on_sqlite()) {
      int stepped = SQLITE_DONE;
      run(p, [&] {
        stepped = sqlite_api::sqlite3_step(p.raw);
        if (stepped != SQLITE_ROW && stepped != SQLITE_DONE) throw sqlite_error(p.sqlite, stepped);
      });
      if (stepped == SQLITE_DONE) return nullptr;
      columns.resize(static_cast<std::size_t>(sqlite_api::sqlite3_column_count(p.raw)));
      for (std::size_t i = 0; i < columns.size(); ++i) read_sqlite_column(p.raw, static_cast<int>(i), columns[i]);
      return &state.current;
    }
    bool fetched = false;
    run(p, [&] { fetched = p.statement.fetch(); });
    if (!fetched) return nullptr;
    columns.resize(p.row.size());
    for (std::size_t i = 0; i < p.row.size(); ++i) columns[i] = column_value(p.row, i);
    return &state.current;
  });
}

void run_once(Database& db, const std::string& sql) {
  translated([&] { db.connection().session << sql; });
}

}  // namespace haven::store
