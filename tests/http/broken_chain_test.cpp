// A server started on an audit chain that does not verify from its last witnessed checkpoint
// serves read-only: people can sign in and read, every change is refused with the reason, the
// health check says so, and nothing is signed over the break. A break found while the server runs
// (by its checkpoint signer) turns it read-only in the same way.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "service/chain_breaks.hpp"
#include "store/rows.hpp"
#include "support/http_client.hpp"
#include "support/serve_process.hpp"

namespace haven::testing {
namespace {

long long count(app::Workspace& ws, const std::string& sql) {
  return store::value<long long>(ws.db(), sql).value_or(0);
}

TEST(BrokenChain, TheServerServesReadOnlyAndSaysWhy) {
  auto demo = std::make_unique<DemoWorkspace>("birmingham");
  ASSERT_TRUE(demo->ws->audit().checkpoint());  // as a server stopping signs (and witnesses) its last entries
  {
    // Someone with the records database alone deletes its newest entries with their checkpoints.
    auto& db = demo->ws->db();
    long long head = count(*demo->ws, "SELECT MAX(seq) FROM audit_log");
    long long keep = head - 3;
    store::execute(db, "DELETE FROM audit_log WHERE seq > :k", keep);
    store::execute(db, "DELETE FROM audit_checkpoints WHERE seq > :k", keep);
  }
  long long checkpoints_before = count(*demo->ws, "SELECT COUNT(*) FROM audit_checkpoints");
  demo->ws.reset();
  {
    ServeProcess serving(demo->dir, demo->paths, 0);
    ASSERT_NE(serving.port(), 0);
    auto health = Client(serving.port()).get("/api/v1/health");
    EXPECT_EQ(health.status, 503) << health.body;
    EXPECT_EQ(health.json().as_object()["audit_chain"], "broken");
    EXPECT_EQ(health.json().as_object()["database"], "writable");

    Client amy(serving.port());
    ASSERT_EQ(amy.sign_in("coord.amy", cli::demo_password).status, 200) << "people can still sign in";
    EXPECT_EQ(amy.get("/api/v1/families/F0001").status, 200) << "and read";
    auto change = amy.post("/api/v1/families", R"({"must_not_meet":false})");
    EXPECT_EQ(change.status, 503) << change.body;
    EXPECT_NE(change.body.find("serving read-only"), std::string::npos) << change.body;
    EXPECT_NE(change.body.find("3 entries are missing from the end of the chain"), std::string::npos) << change.body;

    // Haven logged the break as a breach, to be decided on within the 72 hours.
    auto log = amy.get("/data-protection");
    EXPECT_EQ(log.status, 200);
    EXPECT_NE(log.body.find("Needs a decision"), std::string::npos) << log.body;
    EXPECT_NE(log.body.find("Haven"), std::string::npos);
    auto home = amy.get("/");
    EXPECT_NE(home.body.find("A data breach needs management"), std::string::npos) << "the countdown on the home page";
  }
  {
    ServeProcess again(demo->dir, demo->paths, 0);  // the same break, found again
    ASSERT_NE(again.port(), 0);
  }
  auto ws = app::Workspace::open(demo->paths, false);
  ASSERT_TRUE(ws) << ws.error().message;
  EXPECT_EQ(count(**ws, "SELECT COUNT(*) FROM breaches WHERE found_by = 'haven' AND detection LIKE 'audit_chain:%'"), 1)
      << "one breach for one break, however often it is found";
  EXPECT_EQ(count(**ws, "SELECT COUNT(*) FROM families"), 3) << "the change was refused whole";
  EXPECT_EQ(count(**ws, "SELECT COUNT(*) FROM audit_checkpoints"), checkpoints_before)
      << "nothing was signed over the break, not even when the server stopped";
  EXPECT_FALSE((*ws)->audit().verify().ok);
}

TEST(BrokenChain, TheRunningServersCheckpointJobLogsABreakFoundWhileItServes) {
  auto demo = std::make_unique<DemoWorkspace>("birmingham");
  auto& ws = *demo->ws;
  ASSERT_TRUE(service::sign_checkpoints(ws));
  EXPECT_EQ(count(ws, "SELECT COUNT(*) FROM breaches"), 0) << "an intact chain logs nothing";
  // While the server runs, someone alters an entry the checkpoint has not yet signed.
  {
    store::WriteTransaction tx(ws.db(), demo->centre->id);
    ws.audit().append({demo->centre->id, "stf_a", "view_family", "family:fam_1", "first_name", "1", "allow"});
    tx.commit();
  }
  store::execute(ws.db(), "UPDATE audit_log SET actor_id = 'stf_b' WHERE seq = (SELECT MAX(seq) FROM audit_log)");
  auto refused = service::sign_checkpoints(ws);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::integrity);
  EXPECT_FALSE(service::sign_checkpoints(ws));
  EXPECT_EQ(count(ws, "SELECT COUNT(*) FROM breaches WHERE found_by = 'haven'"), 1)
      << "logged once, though the job found it twice";
}

TEST(BrokenChain, ABreakFoundWhileServingTurnsTheServerReadOnly) {
  auto demo = std::make_unique<DemoWorkspace>("birmingham");
  auto paths = demo->paths;
  demo->ws.reset();
  ServeProcess serving(demo->dir, paths, 0, "--checkpoint-seconds 1");
  ASSERT_NE(serving.port(), 0);
  Client amy(serving.port());
  ASSERT_EQ(amy.sign_in("coord.amy", cli::demo_password).status, 200);
  ASSERT_EQ(amy.post("/api/v1/families", R"({"must_not_meet":false})").status, 201);
  {
    // Someone with the records database alone alters the newest entry the server wrote.
    auto ws = app::Workspace::open(paths, false);
    ASSERT_TRUE(ws) << ws.error().message;
    store::execute((*ws)->db(), "UPDATE audit_log SET actor_id = 'stf_b' WHERE seq = (SELECT MAX(seq) FROM audit_log)");
  }
  EXPECT_EQ(amy.get("/api/v1/families/F0001").status, 200) << "a read, audited: an entry for the signer to reach";
  int health = 0;
  for (int tries = 0; tries < 100 && health != 503; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
    health = Client(serving.port()).get("/api/v1/health").status;
  }
  ASSERT_EQ(health, 503) << "the checkpoint signer found the break within seconds";
  auto change = amy.post("/api/v1/families", R"({"must_not_meet":false})");
  EXPECT_EQ(change.status, 503) << change.body;
  EXPECT_NE(change.body.find("serving read-only"), std::string::npos) << change.body;
  EXPECT_EQ(amy.get("/api/v1/families/F0001").status, 200) << "people can still read";
  auto log = amy.get("/data-protection");
  EXPECT_NE(log.body.find("Needs a decision"), std::string::npos) << "the break is in the breach log";
  auto ws = app::Workspace::open(paths, false);
  ASSERT_TRUE(ws);
  EXPECT_EQ(count(**ws, "SELECT COUNT(*) FROM families"), 4) << "the first change stands, the second was refused";
}

TEST(BrokenChain, AnIntactChainServesAsUsual) {
  auto demo = std::make_unique<DemoWorkspace>("birmingham");
  auto paths = demo->paths;
  demo->ws.reset();
  ServeProcess serving(demo->dir, paths, 0);
  ASSERT_NE(serving.port(), 0);
  auto health = Client(serving.port()).get("/api/v1/health");
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.json().as_object()["audit_chain"], "intact");
  Client amy(serving.port());
  ASSERT_EQ(amy.sign_in("coord.amy", cli::demo_password).status, 200);
  EXPECT_EQ(amy.post("/api/v1/families", R"({"must_not_meet":false})").status, 201);
  auto log = amy.get("/data-protection");
  EXPECT_NE(log.body.find("No breach has been recorded"), std::string::npos) << "an intact chain is no breach";
}

}  // namespace
}  // namespace haven::testing
