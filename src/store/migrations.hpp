// Versioned schema migrations. Each src/store/sql/NNNN_name.sql file is one migration, compiled
// into the binary in version order; apply_migrations() runs those newer than the database's
// recorded version, each in its own transaction, and records it in schema_migrations.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace haven::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& embedded_migrations();

// Splits a migration into statements at semicolons that end a line; "--" comment lines dropped.
// A comment line that reads exactly "-- sqlite only" or "-- postgresql only" binds the statement
// that follows it to that database: with `dialect` "sqlite" or "postgresql" the other's statements
// are left out; with no dialect every statement is kept.
[[nodiscard]] std::vector<std::string> split_statements(std::string_view sql, std::string_view dialect = {});

}  // namespace haven::store
