#include "http/message.hpp"

#include <boost/json.hpp>

namespace haven::http {

std::string Request::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::cookie(const std::string& name) const {
  const std::string all = header("cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string pair = all.substr(pos, end - pos);
    size_t start = pair.find_first_not_of(' ');
    if (start != std::string::npos) pair = pair.substr(start);
    if (pair.size() > name.size() && pair.compare(0, name.size(), name) == 0 && pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    pos = end + 1;
  }
  return {};
}

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input: return 400;
    case ErrorKind::denied: return 403;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::integrity:
    case ErrorKind::storage: break;
  }
  return 500;
}

Response error_response(int status, const std::string& kind, const std::string& message, const std::string& clause) {
  boost::json::object error{{"kind", kind}, {"message", message}};
  if (!clause.empty()) error["clause"] = clause;
  return Response{status, "application/json", boost::json::serialize(boost::json::object{{"error", error}}), {}};
}

}  // namespace haven::http
