// Everything `haven serve` answers on one port: paths under /api/ go to the JSON API, every other
// path to the web pages and their assets. Both read the same workspace and accept the same
// session cookie, so a browser signed in to the pages can also call the API (with its CSRF token),
// and both sign in under the one set of rules and limit per address in ApiOptions.
#pragma once
#include "accounts/attempt_limiter.hpp"
#include "api/api.hpp"
#include "app/workspace.hpp"
#include "http/message.hpp"
#include "web/site.hpp"

namespace haven::service {

// True for a request that may change records: any method but GET and HEAD, except signing in and
// out (which change only the caller's own session).
[[nodiscard]] inline bool would_change(const http::Request& r) {
  if (r.method == "GET" || r.method == "HEAD") return false;
  for (const char* path : {"/api/v1/login", "/api/v1/logout", "/sign-in", "/sign-out"})
    if (r.path == path) return false;
  return true;
}

// One Service answers on one thread at a time (it works over one Workspace); ServicePool runs
// several side by side.
class Service {
 public:
  // With a sign-in limit of its own.
  explicit Service(app::Workspace& ws, api::ApiOptions options = {})
      : ws_(ws),
        own_sign_in_attempts_(options.sign_in_attempts_per_minute),
        own_public_form_attempts_(accounts::public_forms_per_hour, std::chrono::hours(1)),
        api_(ws, options, own_sign_in_attempts_),
        site_(ws, options.sign_in, own_sign_in_attempts_, own_public_form_attempts_) {}
  // Sharing the limiters (thread-safe) with other Services; they must outlive this one.
  Service(app::Workspace& ws, api::ApiOptions options, accounts::AttemptLimiter& sign_in_attempts,
          accounts::AttemptLimiter& public_form_attempts)
      : ws_(ws),
        own_sign_in_attempts_(0),
        own_public_form_attempts_(0),
        api_(ws, options, sign_in_attempts),
        site_(ws, options.sign_in, sign_in_attempts, public_form_attempts) {}

  // While the audit chain is broken (AuditLog::refusing), a request that would change anything is
  // answered 503 with the reason before it reaches a route; signing in and out, and reading, go on.
  http::Response handle(http::Request& request) {
    bool api = request.path.starts_with("/api/");
    if (const auto& why = ws_.audit().refusing(); why && would_change(request))
      return api ? http::error_response(503, "unavailable", *why)
                 : site_.refusal_page(Error{ErrorKind::unavailable, *why, std::nullopt});
    return api ? api_.handle(request) : site_.handle(request);
  }
  const api::Api& api() const { return api_; }
  app::Workspace& workspace() { return ws_; }
  const web::Site& site() const { return site_; }

 private:
  app::Workspace& ws_;
  accounts::AttemptLimiter own_sign_in_attempts_;
  accounts::AttemptLimiter own_public_form_attempts_;
  api::Api api_;
  web::Site site_;
};

}  // namespace haven::service
