#include "service/pool.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "service/chain_breaks.hpp"
#include "store/database.hpp"

namespace haven::service {

Result<std::unique_ptr<ServicePool>> ServicePool::open(const app::Paths& paths, std::size_t size,
                                                       api::ApiOptions options) {
  std::unique_ptr<ServicePool> pool(new ServicePool(options.sign_in_attempts_per_minute));
  for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
    auto ws = app::Workspace::open(paths, false);
    if (!ws) return std::unexpected(ws.error());
    pool->services_.push_back(
        std::make_unique<Service>(**ws, options, pool->sign_in_attempts_, pool->public_form_attempts_));
    pool->workspaces_.push_back(std::move(*ws));
    pool->free_.push_back(pool->services_.back().get());
  }
  auto& first = *pool->workspaces_.front();
  auto tails = store::guard_storage([&]() -> Result<audit::VerifyReport> { return first.audit().verify_tails(); });
  if (!tails) return std::unexpected(tails.error());
  if (!tails->ok) {
    record_chain_breaks(first, *tails, "when it started");
    pool->refuse_changes(service::read_only_reason(first, *tails));
  }
  return pool;
}

void ServicePool::refuse_changes(const std::string& reason) {
  std::lock_guard lock(mutex_);
  if (read_only_reason_.empty()) read_only_reason_ = reason;
  // The services not serving now are told at once; the others when they are next taken.
  for (Service* free : free_) free->workspace().audit().refuse_changes(read_only_reason_);
}

std::string ServicePool::read_only_reason() const {
  std::lock_guard lock(mutex_);
  return read_only_reason_;
}

http::Response ServicePool::handle(http::Request& request) {
  Service* service = nullptr;
  {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !free_.empty(); });
    service = free_.back();
    free_.pop_back();
    if (!read_only_reason_.empty() && !service->workspace().audit().refusing())
      service->workspace().audit().refuse_changes(read_only_reason_);
  }
  struct GiveBack {
    ServicePool& pool;
    Service* service;
    ~GiveBack() {
      {
        std::lock_guard lock(pool.mutex_);
        pool.free_.push_back(service);
      }
      pool.returned_.notify_one();
    }
  } give_back{*this, service};
  auto response = service->handle(request);
  // Nothing is acknowledged before it is on disk, whether written in a transaction or not.
  try {
    service->workspace().db().make_durable();
  } catch (const store::DatabaseError& e) {
    response = http::Response{};
    response.status = 503;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "The records could not be saved to disk just now.\n";
    response.log_detail = e.what();
  }
  // After a fault, a workspace whose connection was lost (its database server restarted, say)
  // connects again, so the next request finds it working.
  if (response.status == 503) service->workspace().db().reconnect_if_lost();
  return response;
}

namespace {

bool ends_with_any(const std::string& path, std::initializer_list<std::string_view> endings) {
  for (auto e : endings)
    if (path.ends_with(e)) return true;
  return false;
}

}  // namespace

http::Lane lane_of(const http::Request& r) {
  const auto& p = r.path;
  bool post = r.method == "POST";
  // Argon2id: signing in, and choosing a password with a set-up code.
  if (post && (p == "/api/v1/login" || p == "/sign-in" || p == "/api/v1/account/setup" || p == "/set-up"))
    return http::Lane::sign_in;
  // A whole chain, a PDF, a CSV, an export, the retention sweep.
  if (p == "/api/v1/audit/verify" || p == "/audit" || p.starts_with("/retention") ||
      ends_with_any(p, {".pdf", ".csv", "/subject-access"}) || (post && p.ends_with("/requests")))
    return http::Lane::slow;
  return http::Lane::quick;
}

}  // namespace haven::service
