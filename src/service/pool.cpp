#include "service/pool.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dataprotection/breaches.hpp"
#include "governance/oversight.hpp"
#include "store/database.hpp"

namespace haven::service {

namespace {

// A chain that does not verify may mean records were changed or read without a trace: a breach
// candidate in the breach log of each centre it concerns (every centre, for the chain from before
// centres had their own), for every chain that does not verify, recorded before the server turns
// read-only, once per break: a break is known by its chain and the newest entry the witness saw,
// which stay the same however often the server starts on it. A failure to record it is logged and does not stop the
// server.
void record_break_as_breach(app::Workspace& ws, const audit::VerifyReport& report) {
  for (const auto& chain : report.chains) {
    if (chain.ok) continue;
    audit::VerifyReport one;  // this chain's break alone, to be described
    one.ok = false;
    one.first_broken = chain.first_broken;
    one.problem = chain.problem;
    one.broken_chain = chain.chain;
    std::string detection = fmt::format("audit_chain:{}:witnessed-{}", chain.chain, chain.witnessed_to);
    std::string what = fmt::format(
        "Haven found, when it started, that the audit trail does not verify at {}. Entries may have been changed or "
        "deleted outside Haven, so records may have been read or changed without a trace. Find out how, and put "
        "the trail right.",
        governance::describe_break(ws, one));
    for (const auto& summary : ws.centres()) {
      if (!chain.chain.empty() && summary.id != chain.chain) continue;
      auto centre = ws.centre(summary.id);
      auto recorded = centre ? dataprotection::record_detected(ws, **centre, detection, what, {}, now())
                             : Result<bool>(std::unexpected(centre.error()));
      if (!recorded) spdlog::error("could not log the broken audit chain as a breach: {}", recorded.error().message);
    }
  }
}

}  // namespace

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
    pool->read_only_reason_ = fmt::format(
        "Haven is serving read-only: the audit chain does not verify at {}. Nothing can be changed until it is put "
        "right; 'haven audit verify' shows where it breaks.",
        governance::describe_break(first, *tails));
    record_break_as_breach(first, *tails);
    for (auto& ws : pool->workspaces_) ws->audit().refuse_changes(pool->read_only_reason_);
  }
  return pool;
}

http::Response ServicePool::handle(http::Request& request) {
  Service* service = nullptr;
  {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !free_.empty(); });
    service = free_.back();
    free_.pop_back();
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
