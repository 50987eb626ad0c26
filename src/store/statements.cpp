#include "store/statements.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace haven::store {

namespace {

bool same_kinds(const Prepared& p, std::span<const Value> values) {
  if (p.parameters.empty()) return true;  // bound on its first run, to whatever that passes
  if (p.parameters.size() != values.size()) return false;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (p.parameters[i]->kind != kind_of(values[i])) return false;
  return true;
}

}  // namespace

char kind_of(const Value& v) {
  switch (v.index()) {
    case 1: return 'i';
    case 2: return 'r';
    case 3: return 't';
    default: return 'n';
  }
}

void Prepared::set_parameters(std::span<const Value> values) {
  for (std::size_t index = 0; index < values.size(); ++index) {
    const Value& value = values[index];
    if (index == parameters.size()) {
      auto slot = std::make_unique<Parameter>();
      slot->kind = kind_of(value);
      switch (slot->kind) {
        case 'i': statement.exchange(soci::use(slot->integer, slot->indicator)); break;
        case 'r': statement.exchange(soci::use(slot->real, slot->indicator)); break;
        default: statement.exchange(soci::use(slot->text, slot->indicator)); break;
      }
      parameters.push_back(std::move(slot));
    }
    Parameter& slot = *parameters[index];
    slot.indicator = soci::i_ok;
    if (const auto* i = std::get_if<long long>(&value))
      slot.integer = *i;
    else if (const auto* r = std::get_if<double>(&value))
      slot.real = *r;
    else if (const auto* t = std::get_if<std::string>(&value))
      slot.text = *t;
    else
      slot.indicator = soci::i_null;
  }
}

void Prepared::prepare(const std::string& query, bool kept) {
  statement.alloc();
  statement.prepare(query, kept ? soci::details::st_repeatable_query : soci::details::st_one_time_query);
  statement.define_and_bind();
}

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

StatementCache::Lease StatementCache::lease(soci::session& sql, const std::string& query, bool returns_rows,
                                            std::span<const Value> parameters) {
  std::string key(1, returns_rows ? 'r' : 'x');
  for (const auto& p : parameters) key += kind_of(p);
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
  if (kept.leased || kept.prepared->broken || !same_kinds(*kept.prepared, parameters)) return one_off(sql);
  kept.leased = true;
  return Lease(&kept, nullptr);
}

StatementCache::Lease StatementCache::one_off(soci::session& sql) {
  return Lease(nullptr, std::make_unique<Prepared>(sql));
}

}  // namespace haven::store
