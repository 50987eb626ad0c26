// docs/openapi.yaml and the server agree: every route the spec lists exists, and every route
// the server has is in the spec. (The spec's validity against the OpenAPI 3.1 schema is
// checked by a validator from npm, as its own ctest test.)
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "api/api.hpp"
#include "support/temp_workspace.hpp"

namespace haven::testing {
namespace {

std::set<std::string> spec_routes() {
  std::ifstream in(std::string(HAVEN_SOURCE_DIR) + "/docs/openapi.yaml");
  std::set<std::string> out;
  std::string line, path;
  const std::regex path_line("^  (/[^ :]+):\\s*$");
  const std::regex method_line("^    (get|post|put|patch|delete):\\s*$");
  std::smatch m;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") in_paths = true;
    else if (!line.empty() && line[0] != ' ') in_paths = false;
    if (!in_paths) continue;
    if (std::regex_match(line, m, path_line)) path = m[1];
    else if (std::regex_match(line, m, method_line)) {
      std::string method = m[1];
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.insert(method + " " + path);
    }
  }
  return out;
}

TEST(OpenApi, SpecAndServerListTheSameRoutes) {
  TempWorkspace tw("birmingham");
  accounts::AttemptLimiter sign_in_attempts(10);
  api::Api api(*tw.ws, {}, sign_in_attempts);
  std::set<std::string> served;
  for (const auto& route : api.router().routes()) served.insert(route.method + " " + route.pattern);
  auto spec = spec_routes();
  ASSERT_GT(spec.size(), 15u);
  for (const auto& r : spec) EXPECT_TRUE(served.count(r)) << "in the spec but not served: " << r;
  for (const auto& r : served) EXPECT_TRUE(spec.count(r)) << "served but not in the spec: " << r;
}

}  // namespace
}  // namespace haven::testing
