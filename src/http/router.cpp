#include "http/router.hpp"

namespace haven::http {

namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool match(const std::string& pattern, const std::vector<std::string>& path, std::map<std::string, std::string>& params) {
  auto parts = segments(pattern);
  if (parts.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return false;
      found[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, std::function<Response(Request&)> handler) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(handler)});
}

Response Router::dispatch(Request& request) const {
  if (request.path.empty() || request.path.front() != '/')
    return error_response(404, "not_found", "no such page");
  auto path = segments(request.path);
  bool path_known = false;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!match(route.pattern, path, params)) continue;
    path_known = true;
    if (route.method != request.method) continue;
    request.params = std::move(params);
    request.route = route.pattern;
    return route.handler(request);
  }
  if (path_known) return error_response(405, "invalid_input", "that method is not allowed here");
  return error_response(404, "not_found", "no such page");
}

}  // namespace haven::http
