// The server under database faults: the health check says what is wrong (and 503), requests
// that write nothing carry on while another writer holds the database, one that must write waits
// a bounded time and then says why in a clear sentence rather than a bare 500, and Haven recovers
// by itself when the fault clears.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/database.hpp"
#include "store/rows.hpp"
#include "support/http_client.hpp"

namespace haven::testing {
namespace {

TEST(Faults, WhileAnotherWriterHoldsTheDatabaseHealthSaysSoAndOnlyWritersWait) {
  if (TestDatabase::on_postgresql()) GTEST_SKIP() << "SQLite's single write lock; PostgreSQL writers work side by side";
  RunningApi api;
  Client amy(api.port());
  ASSERT_EQ(amy.sign_in("coord.amy", cli::demo_password).status, 200);
  auto healthy = Client(api.port()).get("/api/v1/health");
  ASSERT_EQ(healthy.status, 200) << healthy.body;
  EXPECT_EQ(healthy.json().as_object()["database"], "writable");
  auto past_the_probe_cache = [] { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); };
  past_the_probe_cache();
  {
    store::WriteTransaction held(api.workspace().db());  // another writer, holding the lock
    auto locked = Client(api.port()).get("/api/v1/health");
    EXPECT_EQ(locked.status, 503);
    EXPECT_EQ(locked.json().as_object()["database"], "locked");
    EXPECT_EQ(locked.json().as_object()["status"], "degraded");
    EXPECT_EQ(amy.get("/api/v1/me").status, 200) << "a request that writes nothing does not wait for the writer";
    // A family read is audited, so it waits for the write lock, for a bounded time, and then says why.
    auto audited = amy.get("/api/v1/families");
    EXPECT_EQ(audited.status, 503);
    EXPECT_NE(audited.body.find("busy with another change"), std::string::npos) << audited.body;
  }
  past_the_probe_cache();
  EXPECT_EQ(Client(api.port()).get("/api/v1/health").status, 200) << "and all is well once it lets go";
}

TEST(Faults, ABusyOrReadOnlyDatabaseIsAClearSentenceNotABare500) {
  TempDir dir;
  auto path = dir.file("faults.db");
  auto first = store::Database::open(path, true);
  auto second = store::Database::open(path, false);
  ASSERT_TRUE(first && second);
  auto write = [](store::Database& db) {
    return store::guard_storage([&]() -> Result<bool> {
      store::WriteTransaction tx(db);
      store::run_once(db, "CREATE TABLE IF NOT EXISTS probe (x INTEGER)");
      tx.commit();
      return true;
    });
  };
  {
    store::WriteTransaction held(**first);
    store::run_once(**second, "PRAGMA busy_timeout = 0");
    auto busy = write(**second);
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().kind, ErrorKind::unavailable);
    EXPECT_EQ(busy.error().message, "The records are busy with another change.");
    EXPECT_EQ(http::status_of(busy.error().kind), 503);
  }
  store::run_once(**second, "PRAGMA query_only = ON");
  auto read_only = write(**second);
  ASSERT_FALSE(read_only);
  EXPECT_EQ(read_only.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(read_only.error().message, "The records are read-only just now.");
  store::run_once(**second, "PRAGMA query_only = OFF");
  EXPECT_TRUE(write(**second)) << "the same connection writes again once the fault clears";
  auto unknown = store::guard_storage([&]() -> Result<bool> {
    store::run_once(**second, "DELETE FROM nowhere");  // no such table: nowhere
    return true;
  });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::storage) << "an error that does not clear by itself stays a storage error";
}

}  // namespace
}  // namespace haven::testing
