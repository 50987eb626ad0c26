// The server under bad input: oversized, malformed and compressed requests get 4xx, internal
// details never leak, and the server keeps serving afterwards.
#include <gtest/gtest.h>

#include "support/http_client.hpp"

namespace haven::testing {
namespace {

class Limits : public ::testing::Test {
 protected:
  void expect_still_serving() { EXPECT_EQ(Client(api_.port()).get("/api/v1/health").status, 200); }
  RunningApi api_;
};

TEST_F(Limits, OversizedBodyIs413) {
  std::string big(70 * 1024, 'x');
  EXPECT_EQ(raw_exchange(api_.port(), "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                          std::to_string(big.size()) + "\r\n\r\n" + big),
            413);
  expect_still_serving();
}

TEST_F(Limits, OversizedHeadersAre431) {
  std::string cookie(10 * 1024, 'c');
  EXPECT_EQ(raw_exchange(api_.port(), "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nCookie: " + cookie + "\r\n\r\n"),
            431);
  expect_still_serving();
}

TEST_F(Limits, MalformedRequestsAre400) {
  EXPECT_EQ(raw_exchange(api_.port(), "NOT HTTP AT ALL\r\n\r\n"), 400);
  EXPECT_EQ(raw_exchange(api_.port(), "GET /api/v1/health HTTP/1.1\r\nHost x\r\n\r\n"), 400);
  EXPECT_EQ(raw_exchange(api_.port(), "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n"), 400);
  expect_still_serving();
}

TEST_F(Limits, CompressedBodiesAreRefused) {
  EXPECT_EQ(raw_exchange(api_.port(), "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
                                      "Content-Length: 4\r\n\r\nabcd"),
            415);
  expect_still_serving();
}

TEST_F(Limits, BadJsonIsAClearError) {
  Client c(api_.port());
  auto not_json = c.post("/api/v1/login", "{handle: nope");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_NE(not_json.body.find("must be a JSON object"), std::string::npos);
  auto unknown = c.post("/api/v1/login", R"({"handle":"vol.sam","password":"x","admin":true})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("unknown field 'admin'"), std::string::npos);
  ASSERT_EQ(c.sign_in("coord.amy", cli::demo_password).status, 200);
  auto wrong_type = c.post("/api/v1/families", R"({"must_not_meet":"yes"})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_NE(wrong_type.body.find("'must_not_meet' must be true or false"), std::string::npos);
  auto bad_date = c.post("/api/v1/families/F0001/sessions",
                         R"({"starts":"2027-13-01 10:00","ends":"2027-13-01 11:00","room":"Blue room"})");
  EXPECT_EQ(bad_date.status, 400);
}

TEST_F(Limits, UnknownRoutesAndMethods) {
  Client c(api_.port());
  EXPECT_EQ(c.get("/api/v1/nothing-here").status, 404);
  EXPECT_EQ(c.get("/etc/passwd").status, 404);
  EXPECT_EQ(c.send("PUT", "/api/v1/health", "").status, 405);
}

TEST_F(Limits, SecurityHeadersOnEveryResponse) {
  auto r = Client(api_.port()).get("/api/v1/health");
  EXPECT_EQ(r.headers["cache-control"], "no-store");
  EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(r.headers["x-frame-options"], "DENY");
}

TEST_F(Limits, ManyConnectionsInARowAreAllServed) {
  for (int i = 0; i < 200; ++i) ASSERT_EQ(Client(api_.port()).get("/api/v1/health").status, 200) << i;
}

}  // namespace
}  // namespace haven::testing
