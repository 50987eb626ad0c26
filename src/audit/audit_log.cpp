#include "audit/audit_log.hpp"

#include <fmt/format.h>

#include <map>

#include "core/time.hpp"
#include "crypto/secret.hpp"
#include "store/rows.hpp"

namespace haven::audit {

namespace {

const std::string genesis_hash(64, '0');

std::string checkpoint_message(int64_t seq, const std::string& hash) {
  return fmt::format("haven-audit-checkpoint|{}|{}", seq, hash);
}

constexpr const char* entry_columns =
    "seq, at, centre_id, actor_id, action, resource, fields, clause, outcome, prev_hash, hash";

StoredEntry entry_from_row(const soci::row& row) {
  StoredEntry e;
  e.seq = store::row_int(row, 0);
  e.at = row.get<std::string>(1);
  e.centre_id = row.get<std::string>(2);
  e.actor_id = row.get<std::string>(3);
  e.action = row.get<std::string>(4);
  e.resource = row.get<std::string>(5);
  e.fields = row.get<std::string>(6);
  e.clause = row.get<std::string>(7);
  e.outcome = row.get<std::string>(8);
  e.prev_hash = row.get<std::string>(9);
  e.hash = row.get<std::string>(10);
  return e;
}

// Length-prefixed so that no two different entries serialise to the same bytes.
void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += '|';
}

}  // namespace

std::string entry_hash(const std::string& prev_hash, int64_t seq, const std::string& at, const Entry& e) {
  std::string data;
  put(data, prev_hash);
  put(data, std::to_string(seq));
  put(data, at);
  for (const auto* field : {&e.centre_id, &e.actor_id, &e.action, &e.resource, &e.fields, &e.clause, &e.outcome})
    put(data, *field);
  return crypto::sha256_hex(data);
}

int64_t AuditLog::append(const Entry& e) {
  auto& sql = db_.sql();
  long long last_seq = 0;
  std::string prev = genesis_hash;
  soci::indicator ind = soci::i_null;
  std::string last_hash;
  sql << "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", soci::into(last_seq, ind),
      soci::into(last_hash);
  if (ind == soci::i_ok) prev = last_hash;
  else last_seq = 0;
  long long seq = last_seq + 1;
  std::string at = format_utc(now());
  std::string hash = entry_hash(prev, seq, at, e);
  sql << "INSERT INTO audit_log (seq, at, centre_id, actor_id, action, resource, fields, clause, outcome, "
         "prev_hash, hash) VALUES (:seq, :at, :c, :a, :ac, :r, :f, :cl, :o, :p, :h)",
      soci::use(seq), soci::use(at), soci::use(e.centre_id), soci::use(e.actor_id), soci::use(e.action),
      soci::use(e.resource), soci::use(e.fields), soci::use(e.clause), soci::use(e.outcome), soci::use(prev),
      soci::use(hash);
  if (seq % checkpoint_every == 0) sign_checkpoint(seq, hash);
  return seq;
}

void AuditLog::sign_checkpoint(int64_t seq, const std::string& hash) {
  long long s = seq;
  std::string signature = keys_.sign(checkpoint_message(seq, hash)), at = format_utc(now());
  db_.sql() << "INSERT INTO audit_checkpoints (seq, hash, signature, signed_at) VALUES (:s, :h, :g, :a)",
      soci::use(s), soci::use(hash), soci::use(signature), soci::use(at);
}

Result<int64_t> AuditLog::checkpoint() {
  return store::guard_storage([&]() -> Result<int64_t> {
    store::WriteTransaction tx(db_);
    long long seq = 0, signed_seq = 0;
    std::string hash;
    soci::indicator ind = soci::i_null, signed_ind = soci::i_null;
    db_.sql() << "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", soci::into(seq, ind), soci::into(hash);
    if (ind != soci::i_ok) return 0;
    db_.sql() << "SELECT MAX(seq) FROM audit_checkpoints", soci::into(signed_seq, signed_ind);
    if (signed_ind != soci::i_ok || signed_seq < seq) sign_checkpoint(seq, hash);
    tx.commit();
    return seq;
  });
}

VerifyReport AuditLog::verify() {
  VerifyReport report;
  // Problems are collected with their entry number; the report names the earliest.
  auto broken = [&report](int64_t seq, std::string problem) {
    if (!report.ok && *report.first_broken <= seq) return;
    report.ok = false;
    report.first_broken = seq;
    report.problem = std::move(problem);
  };

  // Checkpoints are few: load them, check their signatures, then match them while streaming.
  std::map<int64_t, std::string> signed_hashes;
  {
    auto rows = store::rows(db_.sql(), "SELECT seq, hash, signature FROM audit_checkpoints ORDER BY seq");
    for (const auto& row : rows) {
      auto seq = store::row_int(row, 0);
      auto hash = row.get<std::string>(1);
      ++report.checkpoints;
      if (!crypto::verify_signature(keys_.public_key_hex(), checkpoint_message(seq, hash), row.get<std::string>(2)))
        broken(seq, fmt::format("the signed checkpoint at entry {} has a bad signature", seq));
      signed_hashes[seq] = hash;
    }
  }

  auto rows = store::rows(db_.sql(), fmt::format("SELECT {} FROM audit_log ORDER BY seq", entry_columns));
  std::string prev = genesis_hash;
  int64_t expected_seq = 1;
  for (const auto& row : rows) {
    StoredEntry e = entry_from_row(row);
    ++report.entries;
    if (e.seq != expected_seq)
      broken(expected_seq, fmt::format("entry {} is missing (the next entry is {})", expected_seq, e.seq));
    else if (e.prev_hash != prev)
      broken(e.seq, fmt::format("entry {} does not follow on from entry {}", e.seq, e.seq - 1));
    else if (entry_hash(prev, e.seq, e.at, e) != e.hash)
      broken(e.seq, fmt::format("entry {} was altered after it was written", e.seq));
    if (auto it = signed_hashes.find(e.seq); it != signed_hashes.end() && it->second != e.hash)
      broken(e.seq, fmt::format("the chain up to entry {} differs from what was signed", e.seq));
    prev = e.hash;
    expected_seq = e.seq + 1;
  }
  if (!signed_hashes.empty() && signed_hashes.rbegin()->first >= expected_seq)
    broken(signed_hashes.rbegin()->first,
           fmt::format("entries up to {} were signed but are no longer there", signed_hashes.rbegin()->first));
  return report;
}

std::vector<StoredEntry> AuditLog::recent(int64_t limit) {
  std::vector<StoredEntry> out;
  long long lim = limit;
  auto rows =
      store::rows(db_.sql(), fmt::format("SELECT {} FROM audit_log ORDER BY seq DESC LIMIT :l", entry_columns), lim);
  for (const auto& row : rows) out.push_back(entry_from_row(row));
  return out;
}

}  // namespace haven::audit
