#include "audit/audit_log.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <initializer_list>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "core/time.hpp"
#include "crypto/secret.hpp"
#include "store/batch.hpp"
#include "store/family_tables.hpp"
#include "store/rows.hpp"

namespace haven::audit {

namespace {

const std::string genesis_hash(64, '0');

// The chain written before centres had chains of their own keeps the form it was signed in.
std::string checkpoint_message(const std::string& chain, int64_t seq, const std::string& hash) {
  if (chain.empty()) return fmt::format("haven-audit-checkpoint|{}|{}", seq, hash);
  return fmt::format("haven-audit-checkpoint|{}|{}|{}", chain, seq, hash);
}

constexpr const char* entry_columns =
    "chain, seq, at, centre_id, actor_id, action, resource, fields, clause, outcome, prev_hash, hash";

StoredEntry entry_from_row(const store::Row& row) {
  StoredEntry e;
  e.chain = row.get<std::string>(0);
  e.seq = row.get<int64_t>(1);
  e.at = row.get<std::string>(2);
  e.centre_id = row.get<std::string>(3);
  e.actor_id = row.get<std::string>(4);
  e.action = row.get<std::string>(5);
  e.resource = row.get<std::string>(6);
  e.fields = row.get<std::string>(7);
  e.clause = row.get<std::string>(8);
  e.outcome = row.get<std::string>(9);
  e.prev_hash = row.get<std::string>(10);
  e.hash = row.get<std::string>(11);
  return e;
}

// Length-prefixed so that no two different entries serialise to the same bytes.
void put(std::string& out, std::string_view field) {
  char length[24];
  auto end = std::to_chars(length, length + sizeof length, field.size()).ptr;
  out.append(length, end);
  out += ':';
  out += field;
  out += '|';
}

// The bytes an entry's hash covers, appended to `out`: the entry's own fields in Entry's order,
// centre_id first.
void put_entry(std::string& out, std::string_view prev_hash, int64_t seq, std::string_view at,
               std::initializer_list<std::string_view> fields) {
  char number[24];
  put(out, prev_hash);
  put(out, std::string_view(number, std::to_chars(number, number + sizeof number, seq).ptr));
  put(out, at);
  for (auto field : fields) put(out, field);
}

// Checks entries' hashes against the bytes they cover. A long chain's are hashed on a thread of
// their own, a batch at a time, while the caller reads the next rows (reading and hashing then
// share two cores); a short one's (fewer than `threaded_from` entries) on the caller's thread, as
// are all when no thread can be started. At most `queue_limit` batches wait, so memory stays flat
// whatever the chain's length. One caller thread. Destroyed without finish() (the caller is
// unwinding), it drops what is queued unhashed.
class HashCheck {
 public:
  static constexpr int64_t threaded_from = 4096;

  explicit HashCheck(int64_t expected_entries) {
    if (expected_entries < threaded_from) return;
    try {
      worker_ = std::thread([this] { hash_batches(); });
    } catch (const std::system_error&) {  // no thread to be had: hash here
    }
  }
  HashCheck(const HashCheck&) = delete;
  HashCheck& operator=(const HashCheck&) = delete;
  ~HashCheck() {
    if (!worker_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      done_ = cancelled_ = true;
    }
    ready_.notify_one();
    worker_.join();
  }

  void add(int64_t seq, std::string_view prev_hash, std::string_view at, std::initializer_list<std::string_view> fields,
           std::string_view hash) {
    Item item{seq, filling_.bytes.size(), 0, 0};
    put_entry(filling_.bytes, prev_hash, seq, at, fields);
    item.hash_at = filling_.bytes.size();
    item.hash_size = hash.size();
    filling_.bytes.append(hash);
    filling_.items.push_back(item);
    if (filling_.items.size() >= (worker_.joinable() ? batch_size : inline_batch_size)) pass_on();
  }

  // The numbers of the entries whose hash does not cover their bytes, ascending. Throws what the
  // hashing thread met, if anything.
  [[nodiscard]] std::vector<int64_t> finish() {
    pass_on();
    if (worker_.joinable()) {
      {
        std::lock_guard lock(mutex_);
        done_ = true;
      }
      ready_.notify_one();
      worker_.join();
      if (failure_) std::rethrow_exception(failure_);
    }
    std::sort(altered_.begin(), altered_.end());
    return std::move(altered_);
  }

 private:
  static constexpr size_t batch_size = 1024;
  // Hashed here, a batch is kept small enough that its buffer is reused rather than mapped afresh.
  static constexpr size_t inline_batch_size = 64;
  static constexpr size_t queue_limit = 4;
  struct Item {
    int64_t seq;
    size_t bytes_at, hash_at, hash_size;  // the hashed bytes run from bytes_at to hash_at
  };
  struct Batch {
    std::string bytes;
    std::vector<Item> items;
  };

  static void check(const Batch& batch, std::vector<int64_t>& altered) {
    std::string_view bytes = batch.bytes;
    for (const auto& item : batch.items)
      if (crypto::sha256_hex(bytes.substr(item.bytes_at, item.hash_at - item.bytes_at)) !=
          bytes.substr(item.hash_at, item.hash_size))
        altered.push_back(item.seq);
  }

  void pass_on() {
    if (filling_.items.empty()) return;
    if (!worker_.joinable()) {
      check(filling_, altered_);
      filling_.bytes.clear();
      filling_.items.clear();
      return;
    }
    {
      std::unique_lock lock(mutex_);
      space_.wait(lock, [&] { return queued_.size() < queue_limit || failure_; });
      queued_.push_back(std::move(filling_));
    }
    ready_.notify_one();
    filling_ = Batch{};
  }

  void hash_batches() {
    std::vector<int64_t> altered;
    std::unique_lock lock(mutex_);
    while (true) {
      ready_.wait(lock, [&] { return done_ || !queued_.empty(); });
      if (cancelled_ || queued_.empty()) break;
      Batch batch = std::move(queued_.front());
      queued_.pop_front();
      space_.notify_one();
      lock.unlock();
      try {
        check(batch, altered);
      } catch (...) {  // told to the caller by finish()
        lock.lock();
        failure_ = std::current_exception();
        space_.notify_one();
        return;
      }
      lock.lock();
    }
    altered_.insert(altered_.end(), altered.begin(), altered.end());
  }

  Batch filling_;  // the caller's
  std::vector<int64_t> altered_;
  std::mutex mutex_;
  std::condition_variable ready_;  // a batch is queued, or the caller is done
  std::condition_variable space_;  // a queued batch was taken
  std::deque<Batch> queued_;       // guarded by mutex_
  bool done_ = false;              // guarded by mutex_
  bool cancelled_ = false;         // guarded by mutex_
  std::exception_ptr failure_;     // guarded by mutex_
  std::thread worker_;
};

// Whether columns `first` to `last` of `row` all hold text.
bool holds_text(const store::Row& row, std::size_t first, std::size_t last) {
  for (std::size_t i = first; i <= last; ++i)
    if (!std::holds_alternative<std::string>(row.at(i))) return false;
  return true;
}

std::string chain_name(const std::string& chain) {
  return chain.empty() ? "the chain written before each centre had its own" : "the chain of centre " + chain;
}

void add(VerifyReport& report, ChainReport chain) {
  report.entries += chain.entries;
  report.checkpoints += chain.checkpoints;
  if (!chain.ok && report.ok) {
    report.ok = false;
    report.first_broken = chain.first_broken;
    report.problem = chain.problem;
    report.broken_chain = chain.chain;
  }
  report.chains.push_back(std::move(chain));
}

// The newest entry of a chain: (seq, hash), or nullopt when it has none.
std::optional<std::pair<int64_t, std::string>> head_of(store::Database& db, const std::string& chain) {
  auto newest = store::rows(db, "SELECT seq, hash FROM audit_log WHERE chain = :c ORDER BY seq DESC LIMIT 1", chain);
  const store::Row* row = newest.first();
  if (!row) return std::nullopt;
  return std::make_pair(row->get<int64_t>(0), row->get<std::string>(1));
}

// `names` and every chain the witness saw, once each, in order.
std::vector<std::string> and_witnessed(std::vector<std::string> names, const Witnessed& witnessed) {
  for (const auto& [chain, records] : witnessed.by_chain) names.push_back(chain);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// A witness record that fails its signature is tampering too, if nothing in a chain failed first.
VerifyReport with_witness_problems(VerifyReport report) {
  if (report.ok && !report.witness_problems.empty()) {
    report.ok = false;
    report.problem = report.witness_problems.front();
  }
  return report;
}

// The earliest problem found in a chain, by entry number: a report names the first that fails.
struct Findings {
  int64_t entries = 0;
  std::optional<int64_t> first_broken;
  std::string problem;

  void broken(int64_t seq, std::string what) {
    if (first_broken && *first_broken <= seq) return;
    first_broken = seq;
    problem = std::move(what);
  }
  void merge(Findings other) {
    entries += other.entries;
    if (other.first_broken) broken(*other.first_broken, std::move(other.problem));
  }
};

// A chain this long or longer is read in parts at once, one a core.
constexpr int64_t read_in_parts_from = 8192;

// A run of a chain's entries, `lo` to `hi`, to be read in one pass, and what they are held to.
struct EntryRun {
  const std::string& chain;
  int64_t lo = 0, hi = 0;
  // The entry the chain is checked from (0: its start), and its hash as the witness saw it.
  int64_t anchor_seq = 0;
  const std::string& anchor_hash;
  // The first entry is read only to link the next to it: another run checks it.
  bool first_links_only = false;
  // Entry -> hash, per signed checkpoint and per witness record.
  const std::map<int64_t, std::string>& signed_hashes;
  const std::map<int64_t, std::string>& witnessed_hashes;
  // The entry whose checkpoint is being made, so not missing.
  int64_t signing = 0;
  // Hash on a thread of its own (HashCheck) while the run is read.
  bool hash_on_thread = false;
};

// Reads the run from `db` in order and checks each entry: that it is there, holds what it was
// written with (its hash), follows on from the one before, and agrees with the checkpoints and
// the witness; a checkpoint missing where one is made is a break. Throws what the database throws.
Findings check_entries(store::Database& db, const EntryRun& run) {
  Findings found;
  std::string prev = genesis_hash;
  HashCheck hashes(run.hash_on_thread ? run.hi - run.lo : 0);
  int64_t expected_seq = run.lo > 0 ? run.lo : 1;
  bool first = true;
  for (const auto& row :
       store::rows(db,
                   fmt::format("SELECT {} FROM audit_log WHERE chain = :c AND seq >= :lo AND seq <= :hi "
                               "ORDER BY seq",
                               entry_columns),
                   run.chain, run.lo, run.hi)) {
    // Read in place (a long chain is millions of rows): the views last until the next row.
    const int64_t seq = row.get<int64_t>(1);
    // Only the entry at `lo` itself: when it is gone, the next one is this run's to check.
    const bool links_only = first && run.first_links_only && seq == run.lo;
    first = false;
    if (!links_only) ++found.entries;
    if (!holds_text(row, 2, 11)) {  // written as text: a number or NULL there was put there since
      if (!links_only) found.broken(seq, fmt::format("entry {} was altered after it was written", seq));
      prev.clear();
      expected_seq = seq + 1;
      continue;
    }
    const std::string_view at = row.text(2), prev_hash = row.text(10), hash = row.text(11);
    const bool is_anchor = run.anchor_seq > 0 && seq == run.anchor_seq;
    if (seq != expected_seq)
      found.broken(expected_seq, fmt::format("entry {} is missing (the next entry is {})", expected_seq, seq));
    if (links_only) {
      prev.assign(hash);
      expected_seq = seq + 1;
      continue;
    }
    if (seq == expected_seq) {  // an entry after a gap has nothing to follow on from
      if (is_anchor) {
        if (hash != run.anchor_hash)
          found.broken(seq, fmt::format("the chain up to entry {} differs from what was witnessed", seq));
      } else if (prev_hash != prev) {
        found.broken(seq, fmt::format("entry {} does not follow on from entry {}", seq, seq - 1));
      } else {
        hashes.add(seq, prev, at,
                   {row.text(3), row.text(4), row.text(5), row.text(6), row.text(7), row.text(8), row.text(9)}, hash);
      }
    }
    if (auto it = run.signed_hashes.find(seq); it != run.signed_hashes.end() && it->second != hash)
      found.broken(seq, fmt::format("the chain up to entry {} differs from what was signed", seq));
    else if (it == run.signed_hashes.end() && seq % AuditLog::checkpoint_every == 0 && seq != run.signing && !is_anchor)
      found.broken(seq, fmt::format("entry {} has no signed checkpoint, though one is made at every {}th entry: it "
                                    "was removed",
                                    seq, AuditLog::checkpoint_every));
    if (auto it = run.witnessed_hashes.find(seq); it != run.witnessed_hashes.end() && it->second != hash && !is_anchor)
      found.broken(seq, fmt::format("the chain up to entry {} differs from what was witnessed", seq));
    prev.assign(hash);
    expected_seq = seq + 1;
  }
  if (expected_seq <= run.hi)  // the run's last entries are gone
    found.broken(expected_seq, fmt::format("entry {} is missing", expected_seq));
  // An altered entry is named as such, before any other problem found at the same entry.
  for (int64_t seq : hashes.finish()) {
    if (found.first_broken == seq) found.first_broken.reset();
    found.broken(seq, fmt::format("entry {} was altered after it was written", seq));
  }
  return found;
}

}  // namespace

std::string entry_hash(const std::string& prev_hash, int64_t seq, const std::string& at, const Entry& e) {
  std::string data;
  put_entry(data, prev_hash, seq, at, {e.centre_id, e.actor_id, e.action, e.resource, e.fields, e.clause, e.outcome});
  return crypto::sha256_hex(data);
}

int64_t AuditLog::append(const Entry& e) { return append_in_order({&e}); }

int64_t AuditLog::append_in_order(const std::vector<const Entry*>& entries) {
  for (const auto* e : entries)
    if (refusing_ && e->outcome == "change") throw store::ChangeRefused(*refusing_);
  // Each chain's head is read once, under its lock, and followed on from here. The entries are
  // written together (one round trip on PostgreSQL), before a checkpoint signs them and before
  // the next chain's head is read.
  std::string chain, prev, at;
  long long seq = 0;
  bool have_head = false;
  store::Batch inserts(db_);
  for (const auto* e : entries) {
    if (!have_head || e->centre_id != chain) {
      inserts.run();
      chain = e->centre_id;
      db_.lock_chain(chain);
      auto head = head_of(db_, chain);
      prev = head ? head->second : genesis_hash;
      seq = head ? head->first : 0;
      at = format_utc(now());  // once the chain is locked: its times never run backwards
      have_head = true;
    }
    ++seq;
    std::string hash = entry_hash(prev, seq, at, *e);
    (void)inserts.add(
        "INSERT INTO audit_log (chain, seq, at, centre_id, actor_id, action, resource, fields, clause, "
        "outcome, prev_hash, hash) VALUES (:ch, :seq, :at, :c, :a, :ac, :r, :f, :cl, :o, :p, :h)",
        chain, seq, at, e->centre_id, e->actor_id, e->action, e->resource, e->fields, e->clause, e->outcome, prev,
        hash);
    if (seq % checkpoint_every == 0) {
      inserts.run();
      (void)sign_checkpoint(chain, seq, hash);
    }
    prev = std::move(hash);
  }
  inserts.run();
  return seq;
}

Result<bool> AuditLog::append_committed(const std::vector<Entry>& entries) {
  if (entries.empty()) return true;
  std::vector<const Entry*> mine;
  for (const auto& e : entries) mine.push_back(&e);
  if (db_.transaction_depth() > 0)  // within the caller's, as a savepoint: all of them or none
    return store::guard_storage([&]() -> Result<bool> {
      store::WriteTransaction nested(db_);
      (void)append_in_order(mine);
      nested.commit();
      return true;
    });
  // Refused here, by this workspace, not by whichever leads the batch.
  if (refusing_)
    for (const auto* e : mine)
      if (e->outcome == "change") return std::unexpected(store::ChangeRefused(*refusing_).reported());
  return shared_->append(entries, [this](const std::vector<const std::vector<Entry>*>& batch) -> Result<bool> {
    return store::guard_storage([&]() -> Result<bool> {
      // Chains are locked in the order of their names (on PostgreSQL each is a lock), so that two
      // batches never wait for each other; each thread's entries keep their order.
      std::vector<const Entry*> in_order;
      for (const auto* entries : batch)
        for (const auto& e : *entries) in_order.push_back(&e);
      std::stable_sort(in_order.begin(), in_order.end(),
                       [](const Entry* a, const Entry* b) { return a->centre_id < b->centre_id; });
      store::WriteTransaction tx(db_, in_order.front()->centre_id);
      (void)append_in_order(in_order);
      tx.commit();
      return true;
    });
  });
}

AuditLog::Anchor AuditLog::anchor_of(const std::string& chain) {
  if (auto witnessed = witness_.newest(chain); witnessed) {
    if (*witnessed && (*witnessed)->seq > 0) return Anchor{(*witnessed)->seq, (*witnessed)->hash};
    return Anchor{};  // never witnessed, or restored to nothing: from the chain's start
  }
  // The key store cannot be read just now: from the newest checkpoint the records hold.
  auto newest = store::first_row(db_, "SELECT seq, hash FROM audit_checkpoints WHERE chain = :c ORDER BY seq DESC LIMIT 1",
                                 chain);
  if (!newest) return Anchor{};
  return Anchor{newest->get<int64_t>(0), newest->get<std::string>(1)};
}

bool AuditLog::sign_checkpoint(const std::string& chain, int64_t seq, const std::string& hash, std::string* why) {
  db_.lock_chain(chain);
  auto from = anchor_of(chain);
  std::vector<crypto::WitnessRecord> witnessed;
  if (from.seq > 0) witnessed.push_back(crypto::WitnessRecord{0, "checkpoint", chain, from.seq, from.hash, "", "", ""});
  auto checked = check_chain(chain, from, witnessed, seq);
  if (!checked.ok) {
    if (why) *why = checked.problem;
    spdlog::error("audit: {} does not verify, so it is not signed: {}", chain_name(chain), checked.problem);
    return false;
  }
  std::string signature = keys_.sign(checkpoint_message(chain, seq, hash)), at = format_utc(now());
  store::execute(db_,
                 "INSERT INTO audit_checkpoints (chain, seq, hash, signature, signed_at) VALUES (:c, :s, :h, :g, :a) "
                 "ON CONFLICT (chain, seq) DO NOTHING",
                 chain, seq, hash, signature, at);
  db_.after_commit([this, chain, seq, hash, signature] {
    if (auto kept = witness_.keep("checkpoint", chain, seq, hash, signature); !kept)
      spdlog::error("audit: the checkpoint at entry {} of {} could not be witnessed: {}", seq, chain_name(chain),
                    kept.error().message);
  });
  return true;
}

std::vector<std::string> AuditLog::chains(bool every_entry) {
  std::vector<std::string> out{""};
  for (const auto& id : store::rows<std::string>(db_, "SELECT id FROM centres")) out.push_back(id);
  if (every_entry)
    for (const auto& chain : store::rows<std::string>(
             db_, "SELECT chain FROM audit_log GROUP BY chain UNION SELECT chain FROM audit_checkpoints GROUP BY chain"))
      out.push_back(chain);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<int64_t> AuditLog::checkpoint() {
  return store::guard_storage([&]() -> Result<int64_t> {
    // A head not yet signed, or signed but not yet witnessed (the chain from before centres had
    // their own, or a checkpoint whose witness could not be written at the time).
    auto unsigned_head = [this](const std::string& chain) -> std::optional<std::pair<int64_t, std::string>> {
      auto head = head_of(db_, chain);
      if (!head) return std::nullopt;
      auto signed_seq = store::value<int64_t>(db_, "SELECT MAX(seq) FROM audit_checkpoints WHERE chain = :c", chain);
      if (!signed_seq || *signed_seq < head->first) return head;
      auto witnessed = witness_.newest(chain);
      if (witnessed && *witnessed && (*witnessed)->seq >= head->first) return std::nullopt;
      return head;
    };
    // Every centre's chain, and the one from before centres had their own: index lookups only.
    auto names = chains(false);
    int64_t signed_count = 0;
    std::vector<std::string> refused;
    for (const auto& chain : names) {
      if (!unsigned_head(chain)) continue;  // looked at without the lock, then again under it
      store::WriteTransaction tx(db_, chain);
      auto head = unsigned_head(chain);
      if (!head) continue;
      std::string why;
      if (!sign_checkpoint(chain, head->first, head->second, &why)) {
        refused.push_back(fmt::format("{}: {}", chain_name(chain), why));
        continue;
      }
      tx.commit();
      ++signed_count;
    }
    if (!refused.empty())
      return fail(ErrorKind::integrity, fmt::format("the audit chain was not signed where it does not verify ({})",
                                                    fmt::join(refused, "; ")));
    return signed_count;
  });
}

ChainReport AuditLog::check_chain(const std::string& chain, const Anchor& from,
                                  const std::vector<crypto::WitnessRecord>& witnessed, int64_t signing) {
  ChainReport report;
  report.chain = chain;
  long long lowest = from.seq;
  // The newest checkpoint, then the head, then only what lies at or below the head: an entry and
  // its checkpoint commit together, so what another writer adds meanwhile is not half seen, and a
  // checkpoint read before the head that lies beyond it signed entries since deleted.
  long long signed_to =
      store::value<long long>(db_, "SELECT MAX(seq) FROM audit_checkpoints WHERE chain = :c", chain).value_or(0);
  long long highest = head_of(db_, chain).value_or(std::make_pair(int64_t{0}, std::string())).first;

  // Checkpoints and witness records are few: load them, then match them while streaming.
  struct Signed {
    int64_t seq;
    std::string hash, signature;
  };
  std::vector<Signed> checkpoints;
  std::map<int64_t, std::string> signed_hashes;
  for (const auto& row : store::rows(db_,
                                     "SELECT seq, hash, signature FROM audit_checkpoints WHERE chain = :c AND seq >= :lo "
                                     "AND seq <= :hi ORDER BY seq",
                                     chain, lowest, highest)) {
    checkpoints.push_back({row.get<int64_t>(0), row.get<std::string>(1), row.get<std::string>(2)});
    signed_hashes[checkpoints.back().seq] = checkpoints.back().hash;
  }
  report.checkpoints = static_cast<int64_t>(checkpoints.size());
  std::map<int64_t, std::string> witnessed_hashes;
  // The checkpoints the witness saw whole, hash and signature alike: the witness lies out of
  // the records' reach, so such a checkpoint is known as signed without checking its signature.
  std::set<int64_t> seen_whole;
  std::map<int64_t, const crypto::WitnessRecord*> witnessed_checkpoints;  // those that hold their signature
  int64_t witnessed_to = 0;
  for (const auto& w : witnessed) {
    if (w.seq >= from.seq && w.seq > 0) witnessed_hashes[w.seq] = w.hash;
    if (!w.checkpoint_signature.empty()) witnessed_checkpoints[w.seq] = &w;
    witnessed_to = std::max(witnessed_to, w.seq);
  }
  report.witnessed_to = witnessed_to;
  for (const auto& c : checkpoints)
    if (auto it = witnessed_checkpoints.find(c.seq); it != witnessed_checkpoints.end() && it->second->hash == c.hash &&
                                                     it->second->checkpoint_signature == c.signature)
      seen_whole.insert(c.seq);
  // The other checkpoints' signatures are checked on a thread of their own while the entries are
  // hashed below (each check costs as much as hashing a hundred entries); a few, here.
  auto bad_signatures = [&chain, &checkpoints, &seen_whole, key = keys_.public_key_hex()] {
    std::vector<int64_t> bad;
    for (const auto& c : checkpoints)
      if (!seen_whole.contains(c.seq) &&
          !crypto::verify_signature(key, checkpoint_message(chain, c.seq, c.hash), c.signature))
        bad.push_back(c.seq);
    return bad;
  };
  std::future<std::vector<int64_t>> signatures = checkpoints.size() - seen_whole.size() >= 4
                                                     ? std::async(std::launch::async, bad_signatures)
                                                     : std::async(std::launch::deferred, bad_signatures);

  // A long chain is read in parts at once, one a core, each on a connection of its own (entries
  // up to `highest` were committed before it was read, so every connection sees them); a short
  // one, or one read inside a transaction whose entries only this connection sees, in one pass.
  EntryRun whole{chain, lowest, highest, from.seq, from.hash, false, signed_hashes, witnessed_hashes, signing, true};
  const int64_t parts = db_.transaction_depth() > 0
                            ? 1
                            : std::clamp<int64_t>((highest - lowest) / read_in_parts_from, 1,
                                                  std::max(1u, std::thread::hardware_concurrency()));
  Findings found;
  if (parts == 1) {
    found = check_entries(db_, whole);
  } else {
    const int64_t size = (highest - lowest) / parts;
    std::vector<std::future<Findings>> others;
    for (int64_t part = 1; part < parts; ++part) {
      EntryRun run = whole;
      run.lo = lowest + part * size;  // from the last entry of the part before, to link it
      run.hi = part + 1 == parts ? highest : lowest + (part + 1) * size;
      run.first_links_only = true;
      run.hash_on_thread = false;
      others.push_back(std::async(std::launch::async, [run, location = db_.path()] {
        auto reader = store::Database::open_unmanaged(location);
        if (!reader) throw store::DatabaseError(reader.error().message, reader.error());
        return check_entries(**reader, run);
      }));
    }
    EntryRun first_part = whole;
    first_part.hi = lowest + size;
    first_part.hash_on_thread = false;
    found = check_entries(db_, first_part);
    for (auto& other : others) found.merge(other.get());
  }
  for (int64_t seq : signatures.get())
    found.broken(seq, fmt::format("the signed checkpoint at entry {} has a bad signature", seq));
  int64_t head = highest;
  if (witnessed_to > head) {
    report.missing = witnessed_to - head;
    found.broken(head + 1,
                 fmt::format("at least {} {} missing from the end of the chain: it was witnessed up to entry {}, "
                             "and now ends at entry {}",
                             report.missing, report.missing == 1 ? "entry is" : "entries are", witnessed_to, head));
  }
  if (signed_to > head)
    found.broken(head + 1, fmt::format("entries up to {} were signed but are no longer there", signed_to));
  report.entries = found.entries;
  report.ok = !found.first_broken;
  report.first_broken = found.first_broken;
  report.problem = std::move(found.problem);
  return report;
}

VerifyReport AuditLog::verify(const std::string& centre) { return verify_chains(centre, false); }

VerifyReport AuditLog::verify_tails() { return verify_chains("", true); }

VerifyReport AuditLog::verify_chains(const std::string& centre, bool tails_only) {
  VerifyReport report;
  auto witnessed = store::guard_storage([&] { return witness_.read(); });
  if (!witnessed) {
    report.ok = false;
    report.problem = "the witness kept outside the records database cannot be read: " + witnessed.error().message;
    return report;
  }
  report.witness_problems = witnessed->problems;
  // One centre: its own chain, and the one its older entries are in.
  auto names = centre.empty() ? and_witnessed(chains(!tails_only), *witnessed) : std::vector<std::string>{"", centre};
  for (const auto& chain : names) {
    const auto& records = witnessed->by_chain[chain];
    if (!tails_only) {
      add(report, check_chain(chain, Anchor{}, records));
      continue;
    }
    // From the furthest the witness saw the chain reach.
    std::vector<crypto::WitnessRecord> furthest;
    for (const auto& r : records)
      if (furthest.empty() || r.seq > furthest.front().seq) furthest.assign(1, r);
    Anchor from;
    if (!furthest.empty() && furthest.front().seq > 0) from = Anchor{furthest.front().seq, furthest.front().hash};
    add(report, check_chain(chain, from, furthest));
  }
  return with_witness_problems(std::move(report));
}

Result<int64_t> AuditLog::witness_restore() {
  return store::guard_storage([&]() -> Result<int64_t> {
    auto witnessed = witness_.read();
    if (!witnessed) return std::unexpected(witnessed.error());
    auto names = and_witnessed(chains(true), *witnessed);
    for (const auto& chain : names) {
      auto head = head_of(db_, chain).value_or(std::make_pair(int64_t{0}, genesis_hash));
      auto kept = witness_.keep("restore", chain, head.first, head.second, "");
      if (!kept) return std::unexpected(kept.error());
    }
    return static_cast<int64_t>(names.size());
  });
}

std::vector<StoredEntry> AuditLog::recent(const std::string& centre, int64_t limit) {
  std::vector<StoredEntry> out;
  long long lim = limit;
  for (const auto& row : store::rows(db_,
                                     fmt::format("SELECT {} FROM audit_log WHERE chain = :c ORDER BY seq DESC LIMIT :l",
                                                 entry_columns),
                                     centre, lim))
    out.push_back(entry_from_row(row));
  if (static_cast<int64_t>(out.size()) < limit) {
    // Then the centre's entries from before it had a chain of its own.
    lim = limit - static_cast<long long>(out.size());
    for (const auto& row : store::rows(db_,
                                       fmt::format("SELECT {} FROM audit_log WHERE chain = '' AND centre_id = :c "
                                                   "ORDER BY seq DESC LIMIT :l",
                                                   entry_columns),
                                       centre, lim))
      out.push_back(entry_from_row(row));
  }
  return out;
}

AuditLog::Found AuditLog::search(const std::string& centre, const Filter& f, int64_t offset, int64_t limit) {
  const std::string where = fmt::format(
      "FROM audit_log WHERE centre_id = :c AND (:a = '' OR actor_id = :a2) AND (:r = '' OR resource = :r2) AND "
      "(:lo = '' OR at >= :lo2) AND (:hi = '' OR at < :hi2) AND (:f = '' OR resource IN (SELECT x.resource FROM ({}) "
      "x WHERE x.family_id = :f2))",
      store::family_resources_select());
  Found out;
  out.total = store::value<long long>(db_, "SELECT COUNT(*) " + where, centre, f.actor_id, f.actor_id, f.resource,
                                      f.resource, f.from_utc, f.from_utc, f.to_utc, f.to_utc, f.family_id, f.family_id)
                  .value_or(0);
  long long skip = offset, take = limit;
  for (const auto& row : store::rows(
           db_,
           fmt::format("SELECT {} {} ORDER BY at DESC, chain DESC, seq DESC LIMIT :l OFFSET :o", entry_columns, where),
           centre, f.actor_id, f.actor_id, f.resource, f.resource, f.from_utc, f.from_utc, f.to_utc, f.to_utc,
           f.family_id, f.family_id, take, skip))
    out.entries.push_back(entry_from_row(row));
  return out;
}

}  // namespace haven::audit
