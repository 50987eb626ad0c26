// Haven's JSON API (/api/v1/...), served by http::Server.
//
// Callers authenticate with the session cookie from POST /api/v1/login (and then echo the
// CSRF token in an X-CSRF-Token header on every unsafe request), or with a scoped API token
// ("Authorization: Bearer hvn_..."). Each route declares the scopes a token needs (read, write
// or both); a token expires (90 days unless asked for less) and never mints a wider one.
// Every handler is a named function that calls one domain operation, which asks the decision
// point through the access layer (src/access) and audits; a
// refusal is 403 with the clause id and reason. Errors never carry internal detail.
#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <string>

#include "accounts/accounts.hpp"
#include "accounts/attempt_limiter.hpp"
#include "app/workspace.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace haven::api {

struct ApiOptions {
  accounts::SignInRules sign_in;
  int sign_in_attempts_per_minute = 10;  // per client address, API and pages together, before 429
};

class Api {
 public:
  // `sign_in_attempts` counts sign-ins per address; the web pages share it (see service::Service).
  Api(app::Workspace& ws, ApiOptions options, accounts::AttemptLimiter& sign_in_attempts);
  http::Response handle(http::Request& request);
  const http::Router& router() const { return router_; }

  static constexpr const char* session_cookie = "haven_session";

 private:
  void add_routes();
  http::Response sign_in(http::Request& r);
  http::Response set_up(http::Request& r);

  app::Workspace& ws_;
  ApiOptions options_;
  http::Router router_;
  accounts::AttemptLimiter& sign_in_attempts_;
};

}  // namespace haven::api
