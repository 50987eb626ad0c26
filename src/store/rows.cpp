#include "store/rows.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>

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

// Prepares the leased statement for `query` once, then runs it with its parameters bound.
void prepare_and_run(Database& db, StatementCache::Lease& lease, const std::string& query,
                     std::span<const Value> parameters, bool returns_rows) {
  Prepared& p = *lease;
  p.set_parameters(parameters);
  if (!p.ready)
    run(p, [&] {
      p.prepare(query, lease.kept());
      if (returns_rows) p.statement.exchange_for_rowset(soci::into(p.row));
      p.ready = true;
      if (lease.kept()) db.connection().statements.count_kept_preparation();
    });
  run(p, [&] { p.statement.execute(!returns_rows); });
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
    case soci::dt_date: {
      std::tm t = row.get<std::tm>(i);
      return Value{fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                               t.tm_hour, t.tm_min, t.tm_sec)};
    }
    default: misread(fmt::format("column {} has a type Haven does not read", row.get_properties(i).get_name()));
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
    case 2: return static_cast<long long>(std::get<double>(v));
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

long long execute(Database& db, const std::string& query, std::vector<Value> parameters) {
  return translated([&] {
    Connection& c = db.connection();
    auto lease = c.statements.lease(c.session, query, false, parameters);
    prepare_and_run(db, lease, query, parameters, false);
    return lease->statement.get_affected_rows();
  });
}

}  // namespace detail

const Value& Row::at(std::size_t column) const {
  if (column >= columns_.size()) misread(fmt::format("a row of {} columns has no column {}", columns_.size(), column));
  return columns_[column];
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
  return iterator(this, next());
}

const Row* Rows::first() { return begin().row_; }

const Row* Rows::next() {
  return translated([&]() -> const Row* {
    Prepared& p = *state_->lease;
    bool fetched = false;
    run(p, [&] { fetched = p.statement.fetch(); });
    if (!fetched) return nullptr;
    std::vector<Value> columns;
    columns.reserve(p.row.size());
    for (std::size_t i = 0; i < p.row.size(); ++i) columns.push_back(column_value(p.row, i));
    state_->current = Row(std::move(columns));
    return &state_->current;
  });
}

Rows::iterator& Rows::iterator::operator++() {
  row_ = rows_->next();
  return *this;
}

void run_once(Database& db, const std::string& sql) {
  translated([&] { db.connection().session << sql; });
}

}  // namespace haven::store
