// Audit entries that need a transaction of their own, appended together. An audited read has
// nothing to commit but its audit entries, yet must not answer before they are on disk; when
// several threads of a process have such entries at once, one of them (the leader) appends every
// waiting thread's entries in one transaction through its own connection, commits once (one
// flush of the disk for all of them), and hands each thread the outcome. Threads that arrive
// while a leader is at work wait, and the first of them leads the next batch with everything that
// arrived meanwhile, so a batch grows with the load and costs nothing extra when alone.
//
// Whatever one thread hands in lands whole, in its order, in the same transaction as the others'
// of its batch, or not at all: a failure (the disk full, the records busy) is every waiting
// thread's failure, and each is told it.
//
// One SharedAppends per database per process (for_database), shared by every workspace's
// AuditLog on it; thread-safe. The leader appends the others' entries with its own connection,
// key store and witness, so every caller's `append_all` must be interchangeable: workspaces of one
// deployment. A caller holds no transaction and no write turn on any connection to the database
// (the leader needs the write lock, which such a caller could hold: both would wait out the
// records' busy bound). While the records are busy, a batch's leader waits that bound for the
// write lock, and threads arriving meanwhile wait for it, then lead the next batch.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace haven::audit {

struct Entry;

class SharedAppends {
 public:
  // The one for this database (a SQLite file's path or a PostgreSQL URI) in this process.
  [[nodiscard]] static std::shared_ptr<SharedAppends> for_database(const std::string& database);

  // Appends what every waiting thread handed in, in one transaction of the caller's, committed
  // and durable: the batch, each thread's entries in its order, threads in the order they arrived.
  using AppendAll = std::function<Result<bool>(const std::vector<const std::vector<Entry>*>& batch)>;

  // Returns once `entries` are committed and durable, alone or in a batch with other threads';
  // `append_all` runs on this thread if it leads the batch, and must outlive the call.
  [[nodiscard]] Result<bool> append(const std::vector<Entry>& entries, const AppendAll& append_all);

  // The longest a leader waits for as many threads as its last batch held to hand in (none when
  // it held one: a thread alone never waits).
  static constexpr std::chrono::microseconds gather_bound{200};

  // Threads' hand-ins and the transactions they were appended in: their ratio is the sharing.
  struct Counts {
    uint64_t hand_ins = 0, transactions = 0;
  };
  [[nodiscard]] Counts counts();

 private:
  struct Waiting {
    const std::vector<Entry>* entries;
    std::shared_ptr<const Result<bool>> outcome;  // set (under the mutex) once its batch is done
  };

  std::mutex mutex_;
  std::condition_variable batch_done_;
  std::condition_variable arrived_;  // a thread handed in
  std::vector<Waiting*> waiting_;  // for the next batch
  bool leading_ = false;           // a batch is being appended
  std::size_t last_batch_ = 1;
  Counts counts_;
};

}  // namespace haven::audit
