// At most `allowed` attempts from one client over a sliding window (a minute unless said). A
// client is its IPv4 address, or the /64 network of its IPv6 address (one household or phone is
// given a whole /64, so counting single IPv6 addresses would count nothing); limit_key() says
// which. One limiter serves both the JSON API and the web pages for signing in, so a client gets
// one budget whichever way it signs in; the public referral form has one of its own.
// Thread-safe: the server's workers share one.
#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "core/time.hpp"

namespace haven::accounts {

// Public forms (the referral form) from one address: five an hour is enough for a parent and a
// professional sharing an office, too few to flood a coordinator's list.
inline constexpr int public_forms_per_hour = 5;

// The client an address is counted as: an IPv4 address as it is ("192.0.2.7", also when written
// IPv4-mapped, "::ffff:192.0.2.7"); an IPv6 address as its /64 ("2001:db8:1:2::/64"); anything
// else as it is.
[[nodiscard]] std::string limit_key(const std::string& address);

class AttemptLimiter {
 public:
  explicit AttemptLimiter(int allowed, std::chrono::seconds window = std::chrono::minutes(1))
      : allowed_(allowed), window_(window) {}

  // Counts an attempt at `at`; false when the address has used up its window.
  bool allow(const std::string& address, Instant at) { return take(limit_key(address), at, true); }
  // Whether the address has room left in its window at `at`, counting nothing: for what is
  // counted only once it succeeds (record()).
  bool has_room(const std::string& address, Instant at) { return take(limit_key(address), at, false); }
  void record(const std::string& address, Instant at) {
    auto key = limit_key(address);
    std::lock_guard lock(mutex_);
    attempts_[key].push_back(at);
  }

 private:
  bool take(const std::string& key, Instant at, bool count) {
    std::lock_guard lock(mutex_);
    if (attempts_.size() > 10000) forget_older_than_the_window(at);
    auto& times = attempts_[key];
    while (!times.empty() && at - times.front() >= window_) times.pop_front();
    if (static_cast<int>(times.size()) >= allowed_) return false;
    if (count) times.push_back(at);
    return true;
  }
  void forget_older_than_the_window(Instant at) {
    std::erase_if(attempts_,
                  [&](const auto& entry) { return entry.second.empty() || at - entry.second.back() >= window_; });
  }

  int allowed_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Instant>> attempts_;
};

}  // namespace haven::accounts
