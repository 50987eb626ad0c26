// The audit chains. One entry per access, change, disclosure and refusal, appended inside the
// same transaction as the change it records. Entries hold ids, field names and clause ids only,
// never a personal value.
//
// Each centre has a chain of its own, numbered from 1, so that centres never wait for each
// other's writes (the entries written before centres had their own chains stay one chain, named
// "", verified as they were written). Each entry's hash is SHA-256 over the previous entry's hash
// and the entry's own fields, so altering, inserting or deleting any entry breaks every hash
// after it. Checkpoints sign "the chain up to entry N has hash H" with the deployment's Ed25519
// key: one is made at every `checkpoint_every`-th entry, and a missing one is a break, so
// rewriting a chain from some point on is caught. Once its transaction commits, every checkpoint
// is also witnessed outside the records database (witness.hpp; a witness that could not be
// written then is written by the next checkpoint()), so deleting the newest entries with their
// checkpoints is caught too. A checkpoint is only signed after the entries since the last
// witnessed one (or, while the key store cannot be read, the last signed one) are checked: Haven
// never signs over a break.
//
// An AuditLog works over its workspace's connections: one thread at a time.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/shared_appends.hpp"
#include "audit/witness.hpp"
#include "core/error.hpp"
#include "crypto/keystore.hpp"
#include "store/database.hpp"

namespace haven::audit {

struct Entry {
  std::string centre_id;  // also the chain the entry joins
  std::string actor_id;
  std::string action;    // "view", "create_family", "release", ...
  std::string resource;  // "family:fam_..." — ids only
  std::string fields;    // comma-separated field names, e.g. "first_name,address"
  std::string clause;    // policy clause id the decision rests on
  std::string outcome;   // "allow", "deny", "change"
};

struct StoredEntry : Entry {
  std::string chain;
  int64_t seq = 0;
  std::string at;
  std::string prev_hash;
  std::string hash;
};

// What verification found in one chain.
struct ChainReport {
  std::string chain;  // the centre's id; "" for the entries written before centres had chains
  bool ok = true;
  int64_t entries = 0;      // entries read
  int64_t checkpoints = 0;  // signed checkpoints read
  std::optional<int64_t> first_broken;  // number of the first entry that fails
  std::string problem;                  // what failed, in words
  int64_t missing = 0;                  // entries the witness saw that are no longer there
  int64_t witnessed_to = 0;             // the newest entry the witness saw (0: none)
};

struct VerifyReport {
  bool ok = true;
  int64_t entries = 0;
  int64_t checkpoints = 0;
  // Of the first broken chain:
  std::optional<int64_t> first_broken;
  std::string problem;
  std::string broken_chain;
  std::vector<ChainReport> chains;
  std::vector<std::string> witness_problems;  // a witness record that fails its signature, say
};

class AuditLog {
 public:
  static constexpr int64_t checkpoint_every = 64;

  // `db` and `keys` must outlive the log; `witness_file` is the append-only copy of the witness
  // ("" for none).
  AuditLog(store::Database& db, crypto::KeyStore& keys, std::string witness_file)
      : db_(db),
        keys_(keys),
        witness_(keys, std::move(witness_file)),
        shared_(SharedAppends::for_database(db.path())) {}

  // Appends to the entry's centre's chain within the caller's open WriteTransaction; returns the
  // entry's number in that chain. Signs a checkpoint at every `checkpoint_every`-th entry, unless
  // the chain does not verify from its last witnessed checkpoint (then none: the break shows).
  // While changes are refused (refuse_changes), an entry whose outcome is "change" throws
  // store::ChangeRefused, so the change it records is rolled back.
  int64_t append(const Entry& entry);

  // Appends `entries` in a transaction of their own and returns once it is committed and durable:
  // for work with nothing else to commit (an audited read). Threads doing so at once share one
  // transaction (SharedAppends). Called inside an open transaction, appends within it instead.
  [[nodiscard]] Result<bool> append_committed(const std::vector<Entry>& entries);
  // How appends through append_committed were shared, in this process, on this database.
  [[nodiscard]] SharedAppends::Counts shared_counts() { return shared_->counts(); }

  // Signs a checkpoint for the newest entry of every chain not yet signed (or not yet witnessed)
  // there, each in a transaction of its own; returns how many it signed. A chain that does not verify from its
  // last witnessed checkpoint is not signed, and the error says why.
  [[nodiscard]] Result<int64_t> checkpoint();

  // Every chain from its first entry, or only the centre's.
  [[nodiscard]] VerifyReport verify(const std::string& centre = {});
  // Every chain from its last witnessed checkpoint on: what `haven serve` checks when it starts.
  [[nodiscard]] VerifyReport verify_tails();

  // After a backup is restored: witnesses where each chain of the restored records now ends, so
  // the entries lost with the restore are not reported as deleted.
  [[nodiscard]] Result<int64_t> witness_restore();

  // From now on, changes are refused with `why` (the chain is broken: serve read-only). Entries
  // of reads and refusals are still appended, and intact chains still signed.
  void refuse_changes(std::string why) { refusing_ = std::move(why); }
  const std::optional<std::string>& refusing() const { return refusing_; }

  // The centre's newest entries, newest first (then its entries from before it had a chain).
  std::vector<StoredEntry> recent(const std::string& centre, int64_t limit);

  // The centre's entries that match every part of `filter` given, newest first, `limit` of them
  // after skipping `offset`; and how many match in all. Throws store::DatabaseError.
  struct Filter {
    std::string actor_id;          // empty: anyone
    std::string resource;          // exactly, e.g. "family:fam_..."; empty: any
    std::string family_id;         // about the family or anything of it still held (its sessions, people,
                                   // referrals...: store::family_resources_select()); empty: any
    std::string from_utc, to_utc;  // entries written in [from, to); empty: no bound
  };
  struct Found {
    std::vector<StoredEntry> entries;
    int64_t total = 0;
  };
  Found search(const std::string& centre, const Filter& filter, int64_t offset, int64_t limit);

 private:
  struct Anchor {
    int64_t seq = 0;  // 0: the chain's start
    std::string hash;
  };
  [[nodiscard]] ChainReport check_chain(const std::string& chain, const Anchor& from,
                                        const std::vector<crypto::WitnessRecord>& witnessed, int64_t signing = 0);
  [[nodiscard]] Anchor anchor_of(const std::string& chain);
  // Appends each entry to its chain within the open transaction, an entry of a chain following
  // on from the one before it; returns the last one's number. append() is this for one entry.
  int64_t append_in_order(const std::vector<const Entry*>& entries);
  // verify() (every chain from its start, or one centre's) and verify_tails().
  [[nodiscard]] VerifyReport verify_chains(const std::string& centre, bool tails_only);
  bool sign_checkpoint(const std::string& chain, int64_t seq, const std::string& hash, std::string* why = nullptr);
  // Every centre's chain and ""; with every_entry, also any other chain the entries name (a scan).
  std::vector<std::string> chains(bool every_entry);

  store::Database& db_;
  crypto::KeyStore& keys_;
  Witness witness_;
  std::shared_ptr<SharedAppends> shared_;
  std::optional<std::string> refusing_;
};

std::string entry_hash(const std::string& prev_hash, int64_t seq, const std::string& at, const Entry& e);

}  // namespace haven::audit
