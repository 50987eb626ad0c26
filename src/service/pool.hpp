// The services `haven serve` answers with, one per worker thread: each Service (the API and the
// pages) works over a Workspace of its own (its own connections to the records database and the
// key store, its own audit log), because a Workspace serves one thread at a time. On SQLite in
// WAL mode the connections read at once and write one at a time (the database's write lock); on
// PostgreSQL they work side by side. Every Service shares one sign-in limit per client address.
//
// handle() is thread-safe: it takes a free Service for the request and gives it back after.
// With a pool as large as the server's worker threads, a free one is always there.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "accounts/attempt_limiter.hpp"
#include "api/api.hpp"
#include "app/workspace.hpp"
#include "http/message.hpp"
#include "http/server.hpp"
#include "service/service.hpp"

namespace haven::service {

class ServicePool {
 public:
  // Opens `size` workspaces (at least 1) of an existing database, and verifies each audit chain
  // from its last witnessed checkpoint (see read_only_reason).
  [[nodiscard]] static Result<std::unique_ptr<ServicePool>> open(const app::Paths& paths, std::size_t size,
                                                                 api::ApiOptions options = {});
  ServicePool(const ServicePool&) = delete;
  ServicePool& operator=(const ServicePool&) = delete;

  http::Response handle(http::Request& request);
  std::size_t size() const { return services_.size(); }
  // Why Haven serves read-only: the audit chain did not verify from its last witnessed checkpoint
  // when the pool opened, or when the running server signed its checkpoints, so every change is
  // refused (with this reason) and no checkpoint is signed over the break. Empty when the chain is
  // intact. Thread-safe.
  [[nodiscard]] std::string read_only_reason() const;
  // From now on every Service refuses changes with `reason` (the first reason given stays): those
  // not serving at once, the others before they next serve. Thread-safe.
  void refuse_changes(const std::string& reason);

 private:
  explicit ServicePool(int sign_in_attempts_per_minute)
      : sign_in_attempts_(sign_in_attempts_per_minute),
        public_form_attempts_(accounts::public_forms_per_hour, std::chrono::hours(1)) {}

  accounts::AttemptLimiter sign_in_attempts_;
  accounts::AttemptLimiter public_form_attempts_;
  std::vector<std::unique_ptr<app::Workspace>> workspaces_;
  std::vector<std::unique_ptr<Service>> services_;
  mutable std::mutex mutex_;  // guards free_ and read_only_reason_
  std::condition_variable returned_;
  std::vector<Service*> free_;
  std::string read_only_reason_;
};

// The lane a request takes (http::Lane): sign-ins and new accounts (Argon2id) apart; long jobs (a
// whole chain's verification, PDFs, information requests and their statements, CSV and
// subject-access exports, the retention review) apart; the rest quick.
[[nodiscard]] http::Lane lane_of(const http::Request& request);

}  // namespace haven::service
