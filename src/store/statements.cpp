#include "store/statements.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace haven::store {

namespace {

bool same_types(const Prepared& p, std::initializer_list<const std::type_info*> types) {
  if (p.parameters.empty()) return true;  // bound on its first run, to whatever that passes
  if (p.parameters.size() != types.size()) return false;
  std::size_t i = 0;
  for (const auto* type : types)
    if (p.parameters[i++]->type() != *type) return false;
  return true;
}

}  // namespace

StatementCache::Lease::Lease(Lease&& other) noexcept
    : kept_(other.kept_), own_(std::move(other.own_)), prepared_(other.prepared_) {
  other.kept_ = nullptr;
  other.prepared_ = nullptr;
}

StatementCache::Lease::~Lease() {
  if (!prepared_) return;  // moved from
  // A SQLite statement stopped before its last row keeps a read transaction open until reset.
  if (auto* backend = prepared_->statement.get_backend(); backend && prepared_->on_sqlite)
    if (auto* statement = static_cast<soci::sqlite3_statement_backend*>(backend)->stmt_)
      sqlite_api::sqlite3_reset(statement);  // SOCI's next execute resets it again, harmlessly
  if (kept_) kept_->leased = false;
}

StatementCache::Lease StatementCache::lease(soci::session& sql, const std::string& query,
                                            const std::type_info& result,
                                            std::initializer_list<const std::type_info*> parameters) {
  std::string key = result.name();
  key += '\n';
  key += query;
  auto found = kept_.find(key);
  if (found == kept_.end()) {
    if (kept_.size() >= capacity) return one_off(sql);
    found = kept_.emplace(std::move(key), Kept{std::make_unique<Prepared>(sql)}).first;
  } else if (found->second.prepared->broken && !found->second.leased) {
    found->second.prepared = std::make_unique<Prepared>(sql);
  }
  Kept& kept = found->second;
  if (kept.leased || kept.prepared->broken || !same_types(*kept.prepared, parameters)) return one_off(sql);
  kept.leased = true;
  return Lease(&kept, nullptr);
}

StatementCache::Lease StatementCache::one_off(soci::session& sql) {
  return Lease(nullptr, std::make_unique<Prepared>(sql));
}

}  // namespace haven::store
