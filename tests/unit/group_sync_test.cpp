// Group commit on SQLite: every commit, in a transaction or not, is flushed before it is
// acknowledged; commits made together share flushes; and the write-ahead log is still folded
// back into the database as it grows.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "store/group_sync.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::store {
namespace {

struct GroupSyncTest : ::testing::Test {
  void SetUp() override {
    if (haven::testing::TestDatabase::on_postgresql()) GTEST_SKIP() << "PostgreSQL flushes each commit itself";
    auto db = Database::open(path, true);
    ASSERT_TRUE(db);
    run_once(**db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    (*db)->make_durable();
  }
  haven::testing::TempDir dir;
  std::string path = dir.file("group.db");
};

TEST_F(GroupSyncTest, AWriteOutsideATransactionIsFlushedToo) {
  auto db = Database::open(path, false);
  ASSERT_TRUE(db);
  auto sync = GroupSync::for_file(path);
  auto before = sync->counts();
  (*db)->make_durable();
  EXPECT_EQ(sync->counts().commits, before.commits) << "nothing committed, nothing to flush";
  execute(**db, "INSERT INTO notes (body) VALUES ('one')");
  (*db)->make_durable();
  auto after = sync->counts();
  EXPECT_EQ(after.commits, before.commits + 1);
  EXPECT_EQ(after.flushes, before.flushes + 1);
  {
    WriteTransaction tx(**db);
    execute(**db, "INSERT INTO notes (body) VALUES ('two')");
    tx.commit();  // flushes before it returns
  }
  EXPECT_EQ(sync->counts().commits, after.commits + 1);
}

TEST_F(GroupSyncTest, CommitsMadeTogetherShareFlushes) {
  constexpr int writers = 8, each = 40;
  std::vector<std::unique_ptr<Database>> connections;
  for (int i = 0; i < writers; ++i) {
    auto db = Database::open(path, false);
    ASSERT_TRUE(db);
    connections.push_back(std::move(*db));
  }
  auto sync = GroupSync::for_file(path);
  auto before = sync->counts();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < writers; ++i)
    threads.emplace_back([&, i] {
      for (int n = 0; n < each; ++n) {
        auto done = guard_storage([&]() -> Result<bool> {
          WriteTransaction tx(*connections[i]);
          execute(*connections[i], "INSERT INTO notes (body) VALUES ('x')");
          tx.commit();
          return true;
        });
        if (!done) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto after = sync->counts();
  EXPECT_EQ(after.commits - before.commits, uint64_t{writers * each});
  EXPECT_LT(after.flushes - before.flushes, after.commits - before.commits) << "some commits shared a flush";
  long long rows = value<long long>(*connections[0], "SELECT COUNT(*) FROM notes").value_or(0);
  EXPECT_EQ(rows, writers * each);
}

TEST_F(GroupSyncTest, AWriterKeptWaitingTooLongIsToldTheRecordsAreBusy) {
  auto sync = GroupSync::for_file(path);
  auto mine = sync->take_turn(std::chrono::milliseconds{10});
  ASSERT_TRUE(mine.held());
  std::thread other([&] { EXPECT_FALSE(sync->take_turn(std::chrono::milliseconds{20}).held()); });
  other.join();
  mine.end();
  EXPECT_TRUE(sync->take_turn(std::chrono::milliseconds{10}).held()) << "the turn is free once given up";
  auto error = storage_error(RecordsBusy("another change held the records too long"));
  EXPECT_EQ(error.kind, ErrorKind::unavailable);
  EXPECT_EQ(error.message, "The records are busy with another change.");
}

TEST_F(GroupSyncTest, TheLogIsStillFoldedBackAsItGrows) {
  auto db = Database::open(path, false);
  ASSERT_TRUE(db);
  std::string body(4000, 'x');
  for (int i = 0; i < 3000; ++i) {
    WriteTransaction tx(**db);
    execute(**db, "INSERT INTO notes (body) VALUES (:b)", body);
    tx.commit();
  }
  // 3,000 pages of notes went through the log; checkpoints keep it near 1,000 pages (4 MB).
  EXPECT_LT(std::filesystem::file_size(path + "-wal"), 8u * 1024 * 1024);
  EXPECT_GT(std::filesystem::file_size(path), 10u * 1024 * 1024);
}

}  // namespace
}  // namespace haven::store
