#include "store/group_sync.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>

namespace haven::store {

std::shared_ptr<GroupSync> GroupSync::for_file(const std::string& db_path) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<GroupSync>> open;
  std::error_code ec;
  auto key = std::filesystem::weakly_canonical(db_path, ec).string();
  if (ec) key = db_path;
  std::lock_guard lock(mutex);
  if (auto existing = open[key].lock()) return existing;
  auto made = std::make_shared<GroupSync>(db_path);
  open[key] = made;
  return made;
}

bool GroupSync::flush() {
  for (const auto& path : {db_path_ + "-wal", db_path_}) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) continue;  // no log just now: flush the file itself
      return false;
    }
    bool ok = ::fdatasync(fd) == 0;
    ::close(fd);
    return ok;
  }
  return false;
}

bool GroupSync::durable() {
  std::unique_lock lock(mutex_);
  uint64_t mine = ++committed_;
  while (durable_ < mine) {
    if (failed_) return false;
    if (flushing_) {
      flushed_.wait(lock);
      continue;
    }
    // Lead a flush for every commit made so far (each returned from COMMIT before it counted),
    // and for those of the writers at work now, once they are done (within gather_bound).
    flushing_ = true;
    if (writers_ > 0) writers_done_.wait_for(lock, gather_bound, [&] { return writers_ == 0; });
    uint64_t covers = committed_;
    lock.unlock();
    bool ok = flush();
    lock.lock();
    flushing_ = false;
    ++flushes_;
    if (ok) durable_ = std::max(durable_, covers);
    else failed_ = true;  // the kernel reports a lost write once: never claim durability after it
    flushed_.notify_all();
    if (!ok) return false;
  }
  return true;
}

GroupSync::Turn GroupSync::take_turn(std::chrono::milliseconds bound) {
  std::unique_lock lock(mutex_);
  ++writers_;
  if (!turn_free_.wait_for(lock, bound, [&] { return !turn_held_; })) {
    if (--writers_ == 0) writers_done_.notify_all();
    return Turn{};
  }
  turn_held_ = true;
  return Turn{this};
}

void GroupSync::end_turn() {
  std::lock_guard lock(mutex_);
  turn_held_ = false;
  if (--writers_ == 0) writers_done_.notify_all();
  turn_free_.notify_one();
}

void GroupSync::Turn::end() {
  if (auto* sync = std::exchange(sync_, nullptr)) sync->end_turn();
}

GroupSync::Turn& GroupSync::Turn::operator=(Turn&& other) noexcept {
  if (this != &other) {
    end();
    sync_ = std::exchange(other.sync_, nullptr);
  }
  return *this;
}

GroupSync::Counts GroupSync::counts() {
  std::lock_guard lock(mutex_);
  return Counts{committed_, flushes_};
}

}  // namespace haven::store
