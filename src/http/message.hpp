// Haven's own view of an HTTP exchange, independent of Beast: what a handler reads and returns.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace haven::http {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // path and query as received
  std::string path;                            // decoded path, without the query
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_address;
  bool secure = false;                         // arrived over TLS
  std::map<std::string, std::string> params;   // path parameters, filled by the router
  std::string route;                           // the matched pattern, e.g. /api/v1/families/{ref}

  std::string header(const std::string& lower_name) const;
  std::string cookie(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string log_detail{};  // what failed, for the server's log only: never sent
};

// The HTTP status of a Haven error, the same for the API and the pages: invalid input 400, a
// denial 403, not found 404, a conflict 409, 503 while the database is unavailable, and 500 for
// a storage or integrity failure.
[[nodiscard]] int status_of(ErrorKind kind);

// {"error": {"kind": ..., "message": ..., "clause": ...}} with the given status.
Response error_response(int status, const std::string& kind, const std::string& message,
                        const std::string& clause = {});

}  // namespace haven::http
