// At most `per_minute` sign-in attempts a minute from one client address, over a sliding
// minute. One limiter serves both the JSON API and the web pages, so an address gets one budget
// whichever way it signs in. Not thread-safe (the server runs one loop).
#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <string>

#include "core/time.hpp"

namespace haven::accounts {

class AttemptLimiter {
 public:
  explicit AttemptLimiter(int per_minute) : per_minute_(per_minute) {}

  // Counts an attempt at `at`; false when the address has used up its minute.
  bool allow(const std::string& address, Instant at) {
    auto& times = attempts_[address];
    while (!times.empty() && at - times.front() >= std::chrono::minutes(1)) times.pop_front();
    if (static_cast<int>(times.size()) >= per_minute_) return false;
    times.push_back(at);
    return true;
  }

 private:
  int per_minute_;
  std::map<std::string, std::deque<Instant>> attempts_;
};

}  // namespace haven::accounts
