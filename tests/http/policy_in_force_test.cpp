// The policy in force is read per request: a version adopted by one process (`haven policy
// adopt`) binds a `haven serve` process that is already running, from its next request, with
// no restart. Two real processes over one workspace.
#include <gtest/gtest.h>

#include <fstream>

#include "policy/preset.hpp"
#include "support/http_client.hpp"
#include "support/serve_process.hpp"

namespace haven::testing {
namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(PolicyInForce, AVersionAdoptedByAnotherProcessBindsARunningServerAtItsNextRequest) {
  auto demo = std::make_unique<DemoWorkspace>("birmingham");
  ServeProcess server(demo->dir, demo->paths, 0);
  ASSERT_NE(server.port(), 0) << "haven serve did not start";
  Client coordinator(server.port());
  ASSERT_EQ(coordinator.sign_in("coord.amy", cli::demo_password).status, 200);

  auto family = coordinator.get("/api/v1/families/F0001").json().as_object();
  std::string solicitor(family["referrals"].as_array()[0].as_object()["id"].as_string());
  std::string other_parent(family["people"].as_array()[1].as_object()["id"].as_string());
  ASSERT_EQ(coordinator
                .post("/api/v1/families/F0001/referrals",
                      R"({"agency":"solicitor","referrer_name":"Dev Marlow","acting_for":")" + other_parent +
                          R"(","referred_on":"2026-10-01"})")
                .status,
            201);
  auto ask = [&] {
    auto reply = coordinator.post("/api/v1/families/F0001/requests",
                                  R"({"recipient":{"kind":"referring_agency","referral_id":")" + solicitor +
                                      R"("},"asked":"attendance","from":"2026-01-01","to":"2027-12-31"})");
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json().as_object();
  };
  auto before = ask();
  EXPECT_FALSE(before.contains("warning")) << "Birmingham's first version neither warns nor mirrors";
  EXPECT_EQ(before["mirror_register_ids"].as_array().size(), 0u);
  EXPECT_EQ(coordinator.get("/api/v1/policy").json().as_object()["version"], "2026.1");

  // A second version that warns the requester and mirrors the statement, adopted by another process.
  std::ifstream in(shipped_preset_path("birmingham"));
  std::string text((std::istreambuf_iterator<char>(in)), {});
  text = replaced(text, "version = \"2026.1\"\nlast_reviewed = 2026-01-12", "version = \"2026.2\"\nlast_reviewed = 2026-12-01");
  text = replaced(text, "mirror_to_other_side = false", "mirror_to_other_side = true");
  text = replaced(text, "warn_requester = false", "warn_requester = true");
  text = replaced(text, "[exceptions.welfare]",
                  "[[policy.history]]\nversion = \"2026.2\"\nadopted = 2026-12-01\nsummary = \"Both sides are "
                  "told of attendance.\"\n\n[exceptions.welfare]");
  auto file = demo->dir.file("birmingham-2026.2.toml");
  std::ofstream(file) << text;
  int code = -1;
  auto out = run_haven(demo->paths, "policy adopt '" + file + "' --as mgmt.raj", code);
  ASSERT_EQ(code, 0) << out;

  EXPECT_EQ(coordinator.get("/api/v1/policy").json().as_object()["version"], "2026.2");
  auto after = ask();
  ASSERT_TRUE(after.contains("warning")) << "the running server enforces the new version without a restart";
  EXPECT_NE(std::string(after["warning"].as_string()).find("other side"), std::string::npos);
  EXPECT_EQ(after["mirror_register_ids"].as_array().size(), 1u);
}

}  // namespace
}  // namespace haven::testing
