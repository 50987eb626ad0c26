#include "store/batch.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>

#include <cctype>
#include <charconv>
#include <iterator>
#include <memory>

#include "store/connection.hpp"

namespace haven::store {

namespace {

[[noreturn]] void misread(const std::string& what) {
  throw DatabaseError(what, Error{ErrorKind::storage, "database error: " + what, std::nullopt});
}

// PostgreSQL's type numbers (pg_type.oid) of the columns read as numbers; every other column is
// read as text, as rows.hpp reads it.
enum TypeOid : Oid {
  boolean = 16,
  int8 = 20,
  int2 = 21,
  int4 = 23,
  oid = 26,
  float4 = 700,
  float8 = 701,
  numeric = 1700
};

// One value of a result, as rows.hpp would give it.
Value value_of(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return Value{};
  const char* text = PQgetvalue(result, row, column);
  std::string_view value(text, static_cast<std::size_t>(PQgetlength(result, row, column)));
  switch (PQftype(result, column)) {
    case boolean:
      return Value{static_cast<long long>(value == "t" ? 1 : 0)};
    case int8:
    case int2:
    case int4:
    case oid: {
      long long n = 0;
      auto [end, problem] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (problem != std::errc() || end != value.data() + value.size()) misread("a whole number column held text");
      return Value{n};
    }
    case float4:
    case float8:
    case numeric: {
      double d = 0;
      auto [end, problem] = std::from_chars(value.data(), value.data() + value.size(), d);
      if (problem != std::errc() || end != value.data() + value.size()) misread("a number column held text");
      return Value{d};
    }
    default:
      return Value{std::string(value)};
  }
}

std::vector<Row> rows_of(const PGresult* result) {
  std::vector<Row> out;
  int rows = PQntuples(result), columns = PQnfields(result);
  out.reserve(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) values.push_back(value_of(result, r, c));
    out.emplace_back(std::move(values));
  }
  return out;
}

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The first failure a pipeline met, thrown once the pipeline is drained and left.
struct Failure {
  std::string message, sqlstate;
  void note(const PGresult* result, PGconn* conn) {
    if (!message.empty()) return;
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    sqlstate = state ? state : "08006";  // no answer at all: the connection failed
    message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    if (message.empty()) message = "the database did not answer";
  }
  [[noreturn]] void raise() const { throw database_error(soci::postgresql_soci_error(message, sqlstate.c_str())); }
};

// Reads the results of one command in the pipeline (up to the NULL that ends them): the rows of
// a query into `rows` (when given), any failure into `failure`. False when the connection gave
// no result at all (it failed).
bool read_command(PGconn* conn, std::vector<Row>* rows, Failure& failure) {
  PgResult first(PQgetResult(conn), &PQclear);
  if (!first) {
    failure.note(nullptr, conn);
    return false;
  }
  switch (PQresultStatus(first.get())) {
    case PGRES_TUPLES_OK:
      if (rows) *rows = rows_of(first.get());
      break;
    case PGRES_COMMAND_OK:
    case PGRES_PIPELINE_ABORTED:  // an earlier command failed and was noted
      break;
    default:
      failure.note(first.get(), conn);
  }
  while (PgResult more{PQgetResult(conn), &PQclear}) failure.note(more.get(), conn);  // none is expected
  return true;
}

// Sends every query in one pipeline and reads their rows into `results`.
void run_pipelined(Connection& c, std::vector<std::string> sql, const std::vector<std::vector<Value>>& parameters,
                   std::vector<std::vector<Row>>& results) {
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(c.session.get_backend())->conn_;
  Failure failure;
  if (PQenterPipelineMode(conn) != 1) {
    failure.note(nullptr, conn);
    failure.raise();
  }
  std::vector<std::string> preparing(sql.size());  // the name each query is being prepared under, if it is
  bool sent = true;
  for (std::size_t i = 0; i < sql.size() && sent; ++i) {
    std::vector<std::string> texts;
    std::vector<const char*> values;
    texts.reserve(parameters[i].size());
    for (const Value& v : parameters[i]) {
      values.push_back(nullptr);
      if (v.index() == 0) continue;
      texts.push_back(detail::text_of(v));
      values.back() = texts.back().c_str();
    }
    int count = static_cast<int>(values.size());
    const std::string* name = c.statements.batched_name(sql[i]);
    if (!name) {
      preparing[i] = c.statements.new_batched_name();
      if (!preparing[i].empty()) {
        sent = PQsendPrepare(conn, preparing[i].c_str(), sql[i].c_str(), count, nullptr) == 1;
        name = &preparing[i];
      }
    }
    if (sent && name)
      sent = PQsendQueryPrepared(conn, name->c_str(), count, values.data(), nullptr, nullptr, 0) == 1;
    else if (sent)  // the cache is full: parsed each time
      sent = PQsendQueryParams(conn, sql[i].c_str(), count, nullptr, values.data(), nullptr, nullptr, 0) == 1;
  }
  if (!sent || PQpipelineSync(conn) != 1) {
    failure.note(nullptr, conn);  // the connection failed: it is opened again (reconnect_if_lost)
    failure.raise();
  }
  results.assign(sql.size(), {});
  bool answered = true;
  for (std::size_t i = 0; i < sql.size() && answered; ++i) {
    if (!preparing[i].empty()) {
      std::string before = failure.message;
      answered = read_command(conn, nullptr, failure);
      if (answered && failure.message == before) c.statements.keep_batched(sql[i], preparing[i]);
    }
    if (answered) answered = read_command(conn, &results[i], failure);
  }
  if (answered) {
    PgResult sync(PQgetResult(conn), &PQclear);
    if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) failure.note(sync.get(), conn);
  }
  if (PQexitPipelineMode(conn) != 1) failure.note(nullptr, conn);
  if (!failure.message.empty()) failure.raise();
}

}  // namespace

std::string numbered_placeholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int next = 0;
  char quote = 0;  // inside '...' or "...": copied as it is
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char ch = sql[i];
    if (quote) {
      if (ch == quote) quote = 0;
      out += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      out += "::";
      ++i;
    } else if (ch == ':' && i + 1 < sql.size() &&
               (std::isalpha(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_')) {
      while (i + 1 < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_')) ++i;
      out += fmt::format("${}", ++next);
    } else {
      out += ch;
    }
  }
  return out;
}

void Batch::run() {
  std::size_t first = sent_;
  if (first == queries_.size()) return;
  sent_ = queries_.size();  // a failed run's queries are not sent again; their rows are never read
  translated([&] {
    if (db_.backend() == Backend::postgresql) {
      std::vector<std::string> sql;
      std::vector<std::vector<Value>> parameters;
      for (std::size_t i = first; i < queries_.size(); ++i) {
        sql.push_back(numbered_placeholders(queries_[i].sql));
        parameters.push_back(std::move(queries_[i].parameters));
      }
      std::vector<std::vector<Row>> results;
      run_pipelined(db_.connection(), std::move(sql), parameters, results);
      std::move(results.begin(), results.end(), std::back_inserter(results_));
      return;
    }
    for (std::size_t i = first; i < queries_.size(); ++i) {
      std::vector<Row> out;
      for (const Row& row : Rows(db_, std::move(queries_[i].sql), std::move(queries_[i].parameters)))
        out.push_back(row);
      results_.push_back(std::move(out));
    }
  });
}

const std::vector<Row>& Batch::rows(std::size_t index) const {
  if (index >= results_.size()) misread("rows were asked of a batch for a query it has not run");
  return results_[index];
}

}  // namespace haven::store
