#include "audit/shared_appends.hpp"

#include <map>

namespace haven::audit {

std::shared_ptr<SharedAppends> SharedAppends::for_database(const std::string& database) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<SharedAppends>> open;
  std::lock_guard lock(mutex);
  if (auto existing = open[database].lock()) return existing;
  auto made = std::make_shared<SharedAppends>();
  open[database] = made;
  return made;
}

namespace {

// Runs `step`, turning an exception into an error, so that no waiting thread is left waiting on a
// leader gone.
template <class Step>
Result<bool> without_throwing(const Step& step) {
  try {
    return step();
  } catch (const std::exception& e) {
    return fail(ErrorKind::storage, std::string("the audit entries could not be written: ") + e.what());
  }
}

}  // namespace

Result<bool> SharedAppends::append(const std::vector<Entry>& entries, const AppendAll& append_all) {
  Waiting mine{&entries};
  std::unique_lock lock(mutex_);
  waiting_.push_back(&mine);
  ++counts_.hand_ins;
  arrived_.notify_one();
  while (!mine.done) {
    if (leading_) {
      batch_done_.wait(lock);
      continue;
    }
    // Lead: everything handed in so far (this thread's among it) goes in one transaction. Under
    // load the threads of the last batch are about to hand in again: wait a moment for as many.
    leading_ = true;
    arrived_.wait_for(lock, gather_bound, [&] { return waiting_.size() >= last_batch_; });
    std::vector<Waiting*> batch = std::move(waiting_);
    waiting_.clear();
    last_batch_ = batch.size();
    ++counts_.transactions;
    lock.unlock();
    std::vector<const std::vector<Entry>*> handed_in;
    handed_in.reserve(batch.size());
    for (const auto* waiting : batch) handed_in.push_back(waiting->entries);
    Result<bool> outcome = without_throwing([&] { return append_all(handed_in); });
    lock.lock();
    for (auto* waiting : batch) {
      waiting->outcome = outcome;
      waiting->done = true;
    }
    leading_ = false;
    batch_done_.notify_all();
  }
  return mine.outcome;
}

SharedAppends::Counts SharedAppends::counts() {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace haven::audit
