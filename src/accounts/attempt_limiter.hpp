// At most `per_minute` sign-in attempts a minute from one client address, over a sliding
// minute. One limiter serves both the JSON API and the web pages, so an address gets one budget
// whichever way it signs in. Thread-safe: the server's workers share one.
#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "core/time.hpp"

namespace haven::accounts {

class AttemptLimiter {
 public:
  explicit AttemptLimiter(int per_minute) : per_minute_(per_minute) {}

  // Counts an attempt at `at`; false when the address has used up its minute.
  bool allow(const std::string& address, Instant at) {
    std::lock_guard lock(mutex_);
    if (attempts_.size() > 10000) forget_older_than_a_minute(at);
    auto& times = attempts_[address];
    while (!times.empty() && at - times.front() >= std::chrono::minutes(1)) times.pop_front();
    if (static_cast<int>(times.size()) >= per_minute_) return false;
    times.push_back(at);
    return true;
  }

 private:
  void forget_older_than_a_minute(Instant at) {
    std::erase_if(attempts_, [&](const auto& entry) {
      return entry.second.empty() || at - entry.second.back() >= std::chrono::minutes(1);
    });
  }

  int per_minute_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Instant>> attempts_;
};

}  // namespace haven::accounts
