// Several Haven processes against one database at once, as a national service runs several
// stateless `haven serve` processes behind a reverse proxy: the real binary, three processes,
// clients writing through all of them in parallel. Afterwards the audit chain verifies, every
// write has its audit entry, and case references are unique and gap-free. Runs on SQLite (WAL,
// one writer at a time) and, in postgresql_suite, on PostgreSQL (the advisory write lock).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <chrono>
#include <set>
#include <thread>

#include "store/rows.hpp"
#include "support/http_client.hpp"
#include "support/serve_process.hpp"

namespace haven::testing {
namespace {

TEST(ManyProcesses, ParallelWritesThroughSeveralServersKeepTheAuditChainAndReferences) {
  auto demo = std::make_unique<DemoWorkspace>("birmingham");
  auto paths = demo->paths;
  std::string master_key_env = getenv("HAVEN_MASTER_KEY") ? getenv("HAVEN_MASTER_KEY") : "";
  ASSERT_TRUE(master_key_env.empty()) << "the test names its own key files";

  constexpr int servers = 3, writers = 6, families_each = 8;
  std::vector<std::unique_ptr<ServeProcess>> serving;
  for (int i = 0; i < servers; ++i) {
    serving.push_back(std::make_unique<ServeProcess>(demo->dir, paths, i));
    ASSERT_NE(serving.back()->port(), 0) << "haven serve " << i << " did not start";
  }

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      Client client(serving[w % servers]->port());
      if (client.sign_in("coord.amy", cli::demo_password).status != 200) return void(++failures);
      for (int i = 0; i < families_each; ++i) {
        auto family = client.post("/api/v1/families", R"({"must_not_meet":true})");
        if (family.status != 201) {
          ++failures;
          continue;
        }
        std::string ref(family.json().as_object()["reference"].as_string());
        auto person = client.post("/api/v1/families/" + ref + "/people",
                                  R"({"party":"resident_parent","first_name":"Writer)" + std::to_string(w) + R"("})");
        auto session = client.post("/api/v1/families/" + ref + "/sessions",
                                   R"({"starts":"2027-03-0)" + std::to_string(1 + w % 9) + " " +
                                       std::to_string(10 + i) + R"(:00","ends":"2027-03-0)" +
                                       std::to_string(1 + w % 9) + " " + std::to_string(10 + i) +
                                       R"(:30","room":"Room )" + std::to_string(w) + R"("})");
        if (person.status != 201 || session.status != 201) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  serving.clear();
  EXPECT_EQ(failures.load(), 0);

  // Read it all back through a fresh connection.
  demo->ws.reset();
  auto ws = app::Workspace::open(paths, false);
  ASSERT_TRUE(ws) << ws.error().message;
  auto report = (*ws)->audit().verify();
  EXPECT_TRUE(report.ok) << "audit chain broken at " << report.first_broken.value_or(-1) << ": " << report.problem;

  const int expected = 3 + writers * families_each;
  auto& db = (*ws)->db();
  int families = store::value<int>(db, "SELECT COUNT(*) FROM families").value_or(0);
  int created = store::value<int>(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'create_family'").value_or(0);
  int people_added = store::value<int>(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'add_person'").value_or(0);
  int sessions = store::value<int>(db, "SELECT COUNT(*) FROM contact_sessions").value_or(0);
  EXPECT_EQ(families, expected);
  EXPECT_EQ(created, expected) << "one audit entry per family created";
  EXPECT_EQ(people_added, 9 + writers * families_each);
  EXPECT_EQ(sessions, 9 + writers * families_each);

  std::set<std::string> references;
  for (const auto& r : store::rows<std::string>(db, "SELECT reference FROM families")) references.insert(r);
  EXPECT_EQ(static_cast<int>(references.size()), expected) << "case references are unique";
  EXPECT_EQ(*references.rbegin(), fmt::format("F{:04}", expected)) << "and leave no gaps";
}

}  // namespace
}  // namespace haven::testing

namespace haven::testing {
namespace {

// What a server wrote is signed when it stops: no entry is left beyond the last checkpoint.
TEST(ServeProcessStop, SignsTheChainWhenItStops) {
  auto demo = std::make_unique<DemoWorkspace>("birmingham");
  {
    ServeProcess serving(demo->dir, demo->paths, 0);
    ASSERT_NE(serving.port(), 0);
    Client amy(serving.port());
    ASSERT_EQ(amy.sign_in("coord.amy", cli::demo_password).status, 200);
    ASSERT_EQ(amy.get("/api/v1/families/F0001").status, 200);
  }
  auto ws = app::Workspace::open(demo->paths, false);
  ASSERT_TRUE(ws) << ws.error().message;
  long long newest = store::value<long long>((*ws)->db(), "SELECT MAX(seq) FROM audit_log").value_or(0);
  long long signed_up_to = store::value<long long>((*ws)->db(), "SELECT MAX(seq) FROM audit_checkpoints").value_or(0);
  EXPECT_GT(newest, 0);
  EXPECT_EQ(signed_up_to, newest) << "the entries of the server's last requests are signed";
}

}  // namespace
}  // namespace haven::testing
