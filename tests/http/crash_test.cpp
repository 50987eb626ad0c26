// A server killed at random moments (SIGKILL, as a crash would stop it) while a client writes
// families and their people through the API, started again and killed again, many times. After
// every cycle: each write the server acknowledged is there, nothing is half-written (every family
// and person has its audit entry, every audit entry its row), and the audit chain verifies.
// HAVEN_CRASH_CYCLES sets the number of cycles (default 50); the random seed is printed.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>

#include "records/families.hpp"
#include "store/rows.hpp"
#include "support/http_client.hpp"
#include "support/serve_process.hpp"

namespace haven::testing {
namespace {

struct Acknowledged {
  std::mutex mutex;
  std::vector<std::string> families;  // references the server answered 201 for
  std::vector<std::string> people;    // person ids likewise
};

// Writes through `port` until the server goes away; `signed_in` is set once writing begins.
void write_until_gone(unsigned short port, Acknowledged& acked, std::atomic<bool>& signed_in, int cycle) {
  try {
    Client client(port);
    if (client.sign_in("coord.amy", cli::demo_password).status != 200) return;
    signed_in = true;
    for (int i = 0;; ++i) {
      auto family = client.post("/api/v1/families", R"({"must_not_meet":false})");
      if (family.status != 201) return;
      std::string ref(family.json().as_object()["reference"].as_string());
      {
        std::lock_guard lock(acked.mutex);
        acked.families.push_back(ref);
      }
      auto person = client.post("/api/v1/families/" + ref + "/people",
                                R"({"party":"child","first_name":"Crash)" + std::to_string(cycle) + "x" +
                                    std::to_string(i) + R"(","date_of_birth":"2019-04-02"})");
      if (person.status != 201) return;
      std::lock_guard lock(acked.mutex);
      acked.people.emplace_back(person.json().as_object()["id"].as_string());
    }
  } catch (const std::exception&) {
    // The server was killed mid-request: what it had not acknowledged may or may not be there.
  }
}

long long count(app::Workspace& ws, const std::string& sql) {
  return store::value<long long>(ws.db(), sql).value_or(0);
}

TEST(Crash, AcknowledgedWritesSurviveKillsAndTheChainVerifies) {
  const char* configured = std::getenv("HAVEN_CRASH_CYCLES");
  int cycles = configured ? std::atoi(configured) : 50;
  unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  auto demo = std::make_unique<DemoWorkspace>("birmingham");
  Acknowledged acked;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    ServeProcess serving(demo->dir, demo->paths, cycle);
    ASSERT_NE(serving.port(), 0) << "haven serve did not start again after cycle " << cycle - 1;
    std::atomic<bool> signed_in{false};
    std::thread writer(write_until_gone, serving.port(), std::ref(acked), std::ref(signed_in), cycle);
    for (int wait = 0; wait < 2000 && !signed_in; ++wait) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution(0, 250)(random)));
    serving.crash();
    writer.join();
  }

  auto& ws = *demo->ws;
  ASSERT_GT(acked.families.size(), static_cast<std::size_t>(cycles)) << "too few writes to say anything";
  for (const auto& ref : acked.families)
    EXPECT_TRUE(records::find_family(ws, *demo->centre, ref)) << "acknowledged family " << ref << " is missing";
  for (const auto& id : acked.people)
    EXPECT_EQ(count(ws, "SELECT COUNT(*) FROM people WHERE id = '" + id + "'"), 1) << "acknowledged person " << id;
  // Nothing half-written: rows and their audit entries were committed together or not at all.
  EXPECT_EQ(count(ws, "SELECT COUNT(*) FROM families f WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE "
                      "a.action = 'create_family' AND a.resource = 'family:' || f.id)"),
            0);
  EXPECT_EQ(count(ws, "SELECT COUNT(*) FROM audit_log a WHERE a.action = 'create_family' AND a.outcome = 'change' "
                      "AND NOT EXISTS (SELECT 1 FROM families f WHERE a.resource = 'family:' || f.id)"),
            0);
  EXPECT_EQ(count(ws, "SELECT COUNT(*) FROM people p WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE "
                      "a.action = 'add_person' AND a.resource = 'person:' || p.id)"),
            0);
  auto report = ws.audit().verify();
  EXPECT_TRUE(report.ok) << report.problem;
}

}  // namespace
}  // namespace haven::testing
