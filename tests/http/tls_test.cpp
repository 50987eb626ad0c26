// With a certificate configured, the API is served over TLS only.
#include <gtest/gtest.h>

#include <cstdio>

#include "support/http_client.hpp"

namespace haven::testing {
namespace {

using haven::testing::command_output;

TEST(Tls, ServesHttpsAndRefusesPlainHttp) {
  TempDir dir;
  auto cert = dir.file("cert.pem"), key = dir.file("key.pem");
  command_output("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost "
      "-keyout '" + key + "' -out '" + cert + "' 2>/dev/null");
  ASSERT_TRUE(std::filesystem::exists(cert));
  http::ServerOptions options;
  options.tls_certificate = cert;
  options.tls_private_key = key;
  RunningApi api("birmingham", {}, options);
  auto port = std::to_string(api.port());
  auto https = command_output("curl -s --max-time 10 --cacert '" + cert + "' https://localhost:" + port + "/api/v1/health -D -");
  EXPECT_NE(https.find("200"), std::string::npos) << https;
  EXPECT_NE(https.find("\"status\":\"ok\""), std::string::npos) << https;
  EXPECT_NE(https.find("Strict-Transport-Security: max-age="), std::string::npos) << https;
  auto plain = command_output("curl -s --max-time 5 -o /dev/null -w '%{http_code}' http://localhost:" + port + "/api/v1/health");
  EXPECT_NE(plain, "200");
  auto old_tls = command_output("curl -s --max-time 5 --tls-max 1.1 --cacert '" + cert + "' -o /dev/null -w '%{http_code}' "
                     "https://localhost:" + port + "/api/v1/health");
  EXPECT_NE(old_tls, "200") << "TLS 1.0 and 1.1 are refused";
}

TEST(Tls, MissingKeyIsAClearError) {
  http::ServerOptions options;
  options.port = 0;
  options.tls_certificate = "/nonexistent/cert.pem";
  http::Server server(options, [](http::Request&) { return http::Response{}; });
  auto bound = server.listen();
  ASSERT_FALSE(bound);
  EXPECT_NE(bound.error().message.find("both a certificate and a private key"), std::string::npos);
}

}  // namespace
}  // namespace haven::testing
