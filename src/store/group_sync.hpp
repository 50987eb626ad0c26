// Group commit for SQLite: durable commits that share one fsync.
//
// Haven commits to SQLite in WAL mode with synchronous=NORMAL, which writes a transaction's pages
// to the write-ahead log without waiting for the disk, and then, before the commit counts as done,
// waits in durable() until the log has been flushed to disk (fdatasync) after that commit. When
// several connections commit at about the same time, the first to arrive flushes the log for all
// who committed before it began, and the others wait for that flush (or lead the next) instead of
// each paying a flush of their own under the write lock, as synchronous=FULL would. What has
// returned true from durable() survives a power cut, as with FULL. Unlike FULL, another connection
// may read a commit in the moment before its flush; Haven acknowledges nothing before it. Once a
// flush fails, durable() answers false until the process restarts (the kernel reports a lost
// write only once).
//
// It also deals out the process's turns to write to the file (take_turn): a WriteTransaction
// holds one from before SQLite's write lock until its COMMIT or ROLLBACK, so that writers in one
// process queue for each other and each is woken the moment the one before it is done, instead
// of polling SQLite's lock in sleeps of a millisecond and more; and a flush about to begin while
// writers hold or wait for a turn waits for them (at most gather_bound) to commit and share it:
// in bench/ a commit written while the log was being flushed took about twice as long, so fewer,
// larger flushes let more commits through. Writers in other processes still meet at SQLite's lock.
//
// One GroupSync per database file per process (for_file), shared by every connection to it;
// thread-safe. Other processes on the same file keep their own: a flush covers every process's
// writes, so that is only less sharing, never less safety.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace haven::store {

class GroupSync {
 public:
  // The one for this file in this process (made on first use; lives while any holder does).
  [[nodiscard]] static std::shared_ptr<GroupSync> for_file(const std::string& db_path);

  explicit GroupSync(std::string db_path) : db_path_(std::move(db_path)) {}

  // Call after a commit has returned: returns once that commit is on disk. False when the disk
  // would not flush, now or before (the commit may then not survive a power cut).
  [[nodiscard]] bool durable();

  // How many flushes have been made, and for how many commits: their ratio is the sharing.
  struct Counts {
    uint64_t commits = 0, flushes = 0;
  };
  [[nodiscard]] Counts counts();

  // A writer's turn at the file in this process. Move-only; ends (the next writer goes on) when
  // end() is called or it is destroyed, on the thread that took it or any other.
  class Turn {
   public:
    Turn() = default;
    Turn(Turn&& other) noexcept : sync_(std::exchange(other.sync_, nullptr)) {}
    Turn& operator=(Turn&& other) noexcept;
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    ~Turn() { end(); }
    void end();
    [[nodiscard]] bool held() const { return sync_ != nullptr; }

   private:
    friend class GroupSync;
    explicit Turn(GroupSync* sync) : sync_(sync) {}
    GroupSync* sync_ = nullptr;
  };
  // Waits at most `bound` for the turn; a turn not held (held() false) when another writer kept
  // it that long. The GroupSync must outlive the turn.
  [[nodiscard]] Turn take_turn(std::chrono::milliseconds bound);

  // The longest a flush waits for writers already in or queued for a turn to join it.
  static constexpr std::chrono::microseconds gather_bound{1000};

 private:
  bool flush();  // fdatasync of the write-ahead log (or the file itself when there is none)
  void end_turn();

  std::string db_path_;
  std::mutex mutex_;
  std::condition_variable flushed_;
  std::condition_variable turn_free_;
  std::condition_variable writers_done_;  // no writer holds or waits for a turn
  int writers_ = 0;                       // holding or waiting for a turn
  bool turn_held_ = false;
  uint64_t committed_ = 0;  // commits that asked to be made durable
  uint64_t durable_ = 0;    // the commits up to this one are on disk
  uint64_t flushes_ = 0;
  bool flushing_ = false;
  bool failed_ = false;  // a flush failed: nothing since can be called durable (until restart)
};

}  // namespace haven::store
