#include "audit/shared_appends.hpp"

#include <filesystem>
#include <map>

namespace haven::audit {

std::shared_ptr<SharedAppends> SharedAppends::for_database(const std::string& database) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<SharedAppends>> open;
  // A file by its one true path (as GroupSync), a PostgreSQL URI as given.
  std::error_code ec;
  auto key = database.find("://") == std::string::npos ? std::filesystem::weakly_canonical(database, ec).string()
                                                       : database;
  if (ec || key.empty()) key = database;
  std::lock_guard lock(mutex);
  if (auto existing = open[key].lock()) return existing;
  auto made = std::make_shared<SharedAppends>();
  open[key] = made;
  return made;
}

namespace {

// What a batch that could not be written tells each of its threads.
std::shared_ptr<const Result<bool>> not_written(std::string why) {
  return std::make_shared<const Result<bool>>(
      fail(ErrorKind::storage, "the audit entries could not be written: " + std::move(why)));
}

}  // namespace

Result<bool> SharedAppends::append(const std::vector<Entry>& entries, const AppendAll& append_all) {
  Waiting mine{&entries, nullptr};
  std::unique_lock lock(mutex_);
  waiting_.push_back(&mine);
  ++counts_.hand_ins;
  arrived_.notify_one();
  while (!mine.outcome) {
    if (leading_) {
      batch_done_.wait(lock);
      continue;
    }
    // Lead: everything handed in so far (this thread's among it) goes in one transaction. Under
    // load the threads of the last batch are about to hand in again: wait a moment for as many.
    leading_ = true;
    arrived_.wait_for(lock, gather_bound, [&] { return waiting_.size() >= last_batch_; });
    std::vector<Waiting*> batch;
    batch.swap(waiting_);
    last_batch_ = batch.size();
    ++counts_.transactions;
    lock.unlock();
    std::shared_ptr<const Result<bool>> outcome;
    try {
      std::vector<const std::vector<Entry>*> handed_in;
      handed_in.reserve(batch.size());
      for (const auto* waiting : batch) handed_in.push_back(waiting->entries);
      outcome = std::make_shared<const Result<bool>>(append_all(handed_in));
    } catch (const std::exception& e) {  // never leave the others waiting on a leader gone
      outcome = not_written(e.what());
    } catch (...) {
      outcome = not_written("an unexpected failure");
    }
    lock.lock();
    for (auto* waiting : batch) waiting->outcome = outcome;  // shared, so handing it over cannot fail
    leading_ = false;
    batch_done_.notify_all();
  }
  return *mine.outcome;
}

SharedAppends::Counts SharedAppends::counts() {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace haven::audit
