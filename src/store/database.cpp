#include "store/database.hpp"

#include <fmt/format.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>

#include "core/time.hpp"
#include "store/migrations.hpp"

namespace haven::store {

Result<std::unique_ptr<Database>> Database::open_sqlite(const std::string& path, bool create) {
  if (!create && !std::filesystem::exists(path))
    return fail(ErrorKind::not_found,
                fmt::format("no Haven database at {} (create one with 'haven init' or 'haven demo')", path));
  std::unique_ptr<Database> db(new Database(path));
  auto opened = guard_storage([&]() -> Result<int> {
    db->session_.open(soci::sqlite3, fmt::format("db=\"{}\" timeout=10", path));
    db->session_ << "PRAGMA journal_mode=WAL";
    db->session_ << "PRAGMA foreign_keys=ON";
    db->session_ << "PRAGMA synchronous=NORMAL";
    return db->migrate();
  });
  if (!opened) return std::unexpected(opened.error());
  return db;
}

int Database::schema_version() {
  int version = 0;
  soci::indicator ind;
  session_ << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

Result<int> Database::migrate() {
  session_ << "CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
  int current = schema_version();
  const auto& all = embedded_migrations();
  if (!all.empty() && current > all.back().version)
    return fail(ErrorKind::storage,
                fmt::format("this database has schema version {}, newer than this Haven ({}); "
                            "upgrade Haven before using it",
                            current, all.back().version));
  for (const auto& m : all) {
    if (m.version <= current) continue;
    WriteTransaction tx(*this);
    for (const auto& statement : split_statements(m.sql)) session_ << statement;
    std::string name = m.name, at = format_utc(now());
    session_ << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
        soci::use(m.version), soci::use(name), soci::use(at);
    tx.commit();
    current = m.version;
  }
  return current;
}

int64_t row_int(const soci::row& row, std::size_t column) {
  switch (row.get_properties(column).get_data_type()) {
    case soci::dt_integer: return row.get<int>(column);
    case soci::dt_long_long: return row.get<long long>(column);
    case soci::dt_unsigned_long_long: return static_cast<int64_t>(row.get<unsigned long long>(column));
    case soci::dt_double: return static_cast<int64_t>(row.get<double>(column));
    default: return std::stoll(row.get<std::string>(column));  // SQLite reports expressions as text
  }
}

WriteTransaction::WriteTransaction(Database& db) : db_(db), level_(db.transaction_depth()) {
  if (level_ == 0)
    db_.sql() << "BEGIN IMMEDIATE";
  else
    db_.sql() << "SAVEPOINT haven_" + std::to_string(level_);
  ++db_.transaction_depth();
}

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  --db_.transaction_depth();
  try {
    if (level_ == 0) {
      db_.sql() << "ROLLBACK";
    } else {
      db_.sql() << "ROLLBACK TO haven_" + std::to_string(level_);
      db_.sql() << "RELEASE haven_" + std::to_string(level_);
    }
  } catch (...) {
    // The connection is gone; SQLite rolls back an unfinished transaction itself.
  }
}

void WriteTransaction::commit() {
  if (level_ == 0)
    db_.sql() << "COMMIT";
  else
    db_.sql() << "RELEASE haven_" + std::to_string(level_);
  --db_.transaction_depth();
  done_ = true;
}

}  // namespace haven::store
