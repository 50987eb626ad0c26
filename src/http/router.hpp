// Routes "METHOD /path/{param}" to handlers. Paths are matched segment by segment; a {name}
// segment matches any one non-empty segment and is handed to the handler in request.params.
// An unknown path is 404; a known path with another method is 405.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace haven::http {

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/families/{ref}"
  std::function<Response(Request&)> handler;
};

class Router {
 public:
  void add(std::string method, std::string pattern, std::function<Response(Request&)> handler);
  Response dispatch(Request& request) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace haven::http
