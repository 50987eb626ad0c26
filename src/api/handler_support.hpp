// Building blocks shared by the API's route files: who is calling (session cookie with CSRF, or
// a scoped bearer token), replies, and the mapping of Haven errors to HTTP statuses (a denial is
// 403 with its clause; storage failures are a bare 500).
#pragma once
#include <boost/json.hpp>
#include <fmt/format.h>

#include <expected>
#include <functional>

#include "access/staff.hpp"
#include "accounts/accounts.hpp"
#include "api/api.hpp"
#include "api/json_body.hpp"
#include "app/workspace.hpp"
#include "core/time.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace haven::api {

namespace json = boost::json;
using http::Request;
using http::Response;

// A handler's answer: JSON, or (content_type set) a file's bytes such as a PDF, a CSV or a calendar.
struct Reply {
  using Headers = std::vector<std::pair<std::string, std::string>>;
  Reply(int status, json::value body, Headers headers = {})
      : status(status), body(std::move(body)), headers(std::move(headers)) {}
  static Reply file(std::string content_type, std::string bytes, Headers headers = {}) {
    Reply r(200, json::value(), std::move(headers));
    r.content_type = std::move(content_type);
    r.bytes = std::move(bytes);
    return r;
  }

  int status = 200;
  json::value body;
  Headers headers;
  std::string content_type;  // empty for JSON
  std::string bytes;         // the body when content_type is set
};

using accounts::Caller;

// The scopes an API token must hold for a route, declared with each route (never judged by the
// HTTP method: a search or an information request is a read sent by POST). A browser session
// holds every scope.
using Scopes = std::vector<accounts::Scope>;
using accounts::ScopeArea;
inline Scopes reads(ScopeArea area) { return {{accounts::ScopeKind::read, area}}; }
inline Scopes writes(ScopeArea area) { return {{accounts::ScopeKind::write, area}}; }
inline Scopes reads_and_writes(ScopeArea area) {
  return {{accounts::ScopeKind::read, area}, {accounts::ScopeKind::write, area}};
}
inline const Scopes any_token{};  // about the caller's own account: any live token will do

inline Response to_response(Reply reply) {
  if (!reply.content_type.empty())
    return Response{reply.status, std::move(reply.content_type), std::move(reply.bytes), std::move(reply.headers)};
  return Response{reply.status, "application/json", json::serialize(reply.body), std::move(reply.headers)};
}

inline Response to_response(const Error& e) {
  auto logged = [&e](Response r) {
    r.log_detail = e.message;
    return r;
  };
  switch (e.kind) {
    case ErrorKind::integrity:
      return logged(http::error_response(500, "integrity", "stored data failed an integrity check"));
    case ErrorKind::storage: return logged(http::error_response(500, "internal", "internal error"));
    case ErrorKind::unavailable: return logged(http::error_response(503, "unavailable", e.message));
    case ErrorKind::denied: return http::error_response(403, "denied", e.message, e.clause_id());
    default: return http::error_response(http::status_of(e.kind), to_string(e.kind), e.message);
  }
}
inline bool is_unsafe(const std::string& method) { return method != "GET" && method != "HEAD"; }

// Works out who is calling (accounts::identify, as the pages do), then what only the API adds:
// a token must hold the route's scopes, and a session's unsafe request must carry its CSRF token.
// A Response when they may not go on.
inline std::expected<Caller, Response> authenticate(app::Workspace& ws, const Request& r, const Scopes& needs) {
  auto authorization = r.header("authorization");
  bool bearer = authorization.rfind("Bearer ", 0) == 0;
  std::string token = bearer ? authorization.substr(7) : std::string();
  if (bearer && token.empty()) return std::unexpected(http::error_response(401, "unauthenticated", "the API token is empty"));
  auto caller = accounts::identify(ws, token, bearer ? std::string() : r.cookie(Api::session_cookie), now());
  if (!caller) {
    // An unknown, ended or revoked credential, or none: 401. Anything else (storage, a stored
    // policy that no longer reads) is reported as what it is.
    auto kind = caller.error().kind;
    if (kind != ErrorKind::denied && kind != ErrorKind::invalid_input && kind != ErrorKind::not_found)
      return std::unexpected(to_response(caller.error()));
    return std::unexpected(http::error_response(401, "unauthenticated", caller.error().message));
  }
  if (caller->token) {
    auto scoped = accounts::require_scopes(ws, *caller->token, needs, r.route);
    if (!scoped) return std::unexpected(to_response(scoped.error()));
  } else if (is_unsafe(r.method) && r.header("x-csrf-token") != caller->csrf) {
    return std::unexpected(
        http::error_response(403, "csrf", "the request lacks this session's CSRF token (X-CSRF-Token)"));
  }
  return std::move(*caller);
}

// A route's handler: a named function that parses the request, calls one domain operation and
// shapes its answer. It holds no policy: the domain operation asks the access layer.
using AuthedHandler = Result<Reply> (*)(app::Workspace&, Request&, const Caller&);
using PublicHandler = Result<Reply> (*)(app::Workspace&, Request&);

// A route for signed-in callers; an API token must hold every scope in `needs`.
inline std::function<Response(Request&)> authed(app::Workspace& ws, Scopes needs, AuthedHandler handler) {
  return [&ws, needs = std::move(needs), handler](Request& r) -> Response {
    auto caller = authenticate(ws, r, needs);
    if (!caller) return caller.error();
    auto reply = store::guard_storage([&] { return handler(ws, r, *caller); });
    return reply ? to_response(std::move(*reply)) : to_response(reply.error());
  };
}

// A route for anyone, signed in or not.
inline std::function<Response(Request&)> open(app::Workspace& ws, PublicHandler handler) {
  return [&ws, handler](Request& r) -> Response {
    auto reply = store::guard_storage([&] { return handler(ws, r); });
    return reply ? to_response(std::move(*reply)) : to_response(reply.error());
  };
}

inline Result<Reply> created(json::value body) { return Reply{201, std::move(body), {}}; }

template <class E>
Result<E> enum_field(const JsonBody& body, std::string_view key, bool required, E fallback) {
  HAVEN_TRY(text, body.text(key, required, 64));
  if (text.empty()) return fallback;
  if (auto v = parse_enum<E>(text)) return *v;
  return fail(ErrorKind::invalid_input, fmt::format("'{}' must be one of: {}", key, allowed_names<E>()));
}

// A date field written as YYYY-MM-DD, required.
inline Result<Day> day_field(const JsonBody& body, std::string_view key) {
  HAVEN_TRY(text, body.text(key, true, 10));
  if (auto day = parse_day(text)) return *day;
  return fail(ErrorKind::invalid_input, fmt::format("'{}' must be a date written as YYYY-MM-DD", key));
}

// Adds the disclosure routes (requests, consents, concerns, exceptions, the register).
void add_disclosure_routes(http::Router& router, app::Workspace& ws);
// Adds the centre operations routes (DBS checks, assessment agreements, room bookings).
void add_operations_routes(http::Router& router, app::Workspace& ws);
// Adds the journey routes (a family's steps and intake papers, the waiting list) and notices.
void add_journey_routes(http::Router& router, app::Workspace& ws);
void add_data_protection_routes(http::Router& router, app::Workspace& ws);
void add_complaints_routes(http::Router& router, app::Workspace& ws);

}  // namespace haven::api
