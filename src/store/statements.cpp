#include "store/statements.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace haven::store {

char kind_of(const Value& v) {
  switch (v.index()) {
    case 1: return 'i';
    case 2: return 'r';
    case 3: return 't';
    default: return 'n';
  }
}

Prepared::Prepared(soci::session& sql) : statement(sql) {
  if (sql.get_backend_name() == "sqlite3") sqlite = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

Prepared::~Prepared() {
  if (raw) sqlite_api::sqlite3_finalize(raw);
}

void Prepared::set_parameters(std::span<const Value> values) {
  for (std::size_t index = 0; index < values.size(); ++index) {
    const Value& value = values[index];
    if (index == parameters.size()) {
      auto slot = std::make_unique<Parameter>();
      switch (kind_of(value)) {
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
  if (prepared_->raw) sqlite_api::sqlite3_reset(prepared_->raw);
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
  if (kept.leased || kept.prepared->broken) return one_off(sql);
  kept.leased = true;
  return Lease(&kept, nullptr);
}

StatementCache::Lease StatementCache::one_off(soci::session& sql) {
  return Lease(nullptr, std::make_unique<Prepared>(sql));
}

const std::string* StatementCache::batched_name(const std::string& query) const {
  auto found = batched_.find(query);
  return found == batched_.end() ? nullptr : &found->second;
}

std::string StatementCache::new_batched_name() {
  if (batched_.size() >= capacity) return {};
  return "haven_batch_" + std::to_string(++batched_names_);
}

}  // namespace haven::store
