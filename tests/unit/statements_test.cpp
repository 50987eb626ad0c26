// Statements kept prepared on a connection (store/statements.hpp, store/rows.hpp): a query run
// again reuses its statement and sees its new parameters; the same SQL inside its own loop, or
// with parameters of other types, still gives the right rows; a query left before its last row
// holds nothing open once it ends. Queries sent together (store/batch.hpp) each get their own
// rows, in order, and a failure among them leaves the connection working. On both backends.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/batch.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::store {
namespace {

struct StatementsTest : ::testing::Test {
  void SetUp() override {
    auto opened = Database::open(database.paths().db, true);
    ASSERT_TRUE(opened) << opened.error().message;
    db = std::move(*opened);
    run_once(*db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, body TEXT NOT NULL)");
    for (auto [id, owner, body] : std::vector<std::tuple<int, std::string, std::string>>{
             {1, "amy", "first"}, {2, "amy", "second"}, {3, "ben", "third"}})
      (void)execute(*db, "INSERT INTO notes (id, owner, body) VALUES (:i, :o, :b)", id, owner, body);
  }
  void TearDown() override {
    if (db) run_once(*db, "DROP TABLE IF EXISTS notes");
  }
  std::vector<std::string> bodies_of(const std::string& owner) {
    std::vector<std::string> out;
    for (const auto& body :
         rows<std::string>(*db, "SELECT body FROM notes WHERE owner = :o ORDER BY id", owner))
      out.push_back(body);
    return out;
  }

  haven::testing::TempDir dir;
  haven::testing::TestDatabase database{dir};
  std::unique_ptr<Database> db;
};

TEST_F(StatementsTest, AQueryRunAgainIsPreparedOnceAndSeesItsNewParameters) {
  EXPECT_EQ(bodies_of("amy"), (std::vector<std::string>{"first", "second"}));
  std::size_t kept = db->kept_statements();
  EXPECT_EQ(bodies_of("ben"), (std::vector<std::string>{"third"}));
  EXPECT_EQ(bodies_of("nobody"), std::vector<std::string>{});
  EXPECT_EQ(bodies_of("amy"), (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(db->kept_statements(), kept) << "the same SQL is kept once";
}

TEST_F(StatementsTest, AQueryRunManyTimesIsPreparedOnce) {
  const std::string query = "SELECT COUNT(*) FROM notes WHERE owner = :o";
  std::size_t before = db->kept_preparations();
  EXPECT_EQ(value<long long>(*db, query, std::string("amy")), 2);
  EXPECT_EQ(db->kept_preparations(), before + 1) << "a new SQL is prepared to be kept";
  for (int run = 0; run < 20; ++run)
    EXPECT_EQ(value<long long>(*db, query, std::string(run % 2 ? "ben" : "nobody")), run % 2 ? 1 : 0);
  EXPECT_EQ(db->kept_preparations(), before + 1) << "later runs reuse the statement prepared the first time";
}

TEST_F(StatementsTest, AWriteKeptPreparedRunsEachTimeAndCountsItsRows) {
  EXPECT_EQ(execute(*db, "UPDATE notes SET body = :b WHERE owner = :o", std::string("changed"), std::string("amy")),
            2);
  EXPECT_EQ(execute(*db, "UPDATE notes SET body = :b WHERE owner = :o", std::string("again"), std::string("ben")),
            1);
  EXPECT_EQ(bodies_of("amy"), (std::vector<std::string>{"changed", "changed"}));
  EXPECT_EQ(bodies_of("ben"), std::vector<std::string>{"again"});
}

TEST_F(StatementsTest, TheSameQueryInsideItsOwnLoopGivesEachItsOwnRows) {
  std::vector<std::string> pairs;
  const std::string query = "SELECT owner FROM notes WHERE id >= :i ORDER BY id";
  int from = 2;
  for (const auto& outer : rows<std::string>(*db, query, from)) {
    int all = 1;
    for (const auto& inner : rows<std::string>(*db, query, all)) pairs.push_back(outer + "/" + inner);
  }
  EXPECT_EQ(pairs, (std::vector<std::string>{"amy/amy", "amy/amy", "amy/ben", "ben/amy", "ben/amy", "ben/ben"}));
}

TEST_F(StatementsTest, ParametersOfOtherKindsThanTheFirstRunStillBindRightly) {
  // The same SQL with an integer, then text, then NULL, then an integer again: each kind of
  // parameter has a statement of its own, and each run sees its own value.
  const std::string query =
      "SELECT COUNT(*) FROM notes WHERE id = :i OR (CAST(:o AS TEXT) IS NULL AND owner = 'ben')";
  auto count = [&](const auto& id, const std::optional<std::string>& other) {
    return value<long long>(*db, query, id, other).value_or(-1);
  };
  EXPECT_EQ(count(2, std::optional<std::string>("x")), 1);
  EXPECT_EQ(count(std::string("3"), std::optional<std::string>("x")), 1);
  EXPECT_EQ(count(2, std::optional<std::string>()), 2) << "a NULL where text was before";
  EXPECT_EQ(count(1, std::optional<std::string>("x")), 1);
  EXPECT_EQ(count(7, std::optional<std::string>()), 1);
}

TEST_F(StatementsTest, AWholeNumberTooLargeForItsTypeOrAFractionIsRefused) {
  EXPECT_EQ(value<long long>(*db, "SELECT CAST(5000000000 AS BIGINT)").value_or(0), 5000000000LL)
      << "64 bits are read whole";
  EXPECT_THROW((void)value<int>(*db, "SELECT CAST(5000000000 AS BIGINT)"), DatabaseError);
  EXPECT_THROW((void)value<long long>(*db, "SELECT CAST(2.5 AS DOUBLE PRECISION)"), DatabaseError);
  EXPECT_EQ(value<double>(*db, "SELECT CAST(2.5 AS DOUBLE PRECISION)").value_or(0), 2.5);
  EXPECT_THROW((void)value<std::string>(*db, "SELECT CAST(NULL AS TEXT)").value(), std::bad_optional_access);
  auto row = first_row(*db, "SELECT CAST(NULL AS TEXT), CAST('text' AS TEXT)");
  ASSERT_TRUE(row);
  EXPECT_THROW((void)row->get<std::string>(0), DatabaseError) << "a NULL read as a value";
  EXPECT_EQ(row->get_or<std::string>(0, "none"), "none");
  EXPECT_THROW((void)row->get<int>(1), DatabaseError) << "text that is not a number";
}

TEST_F(StatementsTest, AKeptRowQueryRunAgainReadsTheNewRow) {
  const std::string query = "SELECT id, owner, body FROM notes WHERE id = :i";
  for (int id : {1, 3, 2}) {
    auto found = rows(*db, query, id);
    const Row* row = found.first();
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->get<int64_t>(0), id);
    EXPECT_EQ(row->get<std::string>(2), id == 1 ? "first" : id == 2 ? "second" : "third");
  }
}

TEST_F(StatementsTest, AWriteThatFailsLeavesTheNextRunOfTheSameSqlWorking) {
  const std::string insert = "INSERT INTO notes (id, owner, body) VALUES (:i, :o, :b)";
  EXPECT_THROW((void)execute(*db, insert, 1, std::string("amy"), std::string("taken")), DatabaseError);
  EXPECT_EQ(execute(*db, insert, 4, std::string("ben"), std::string("fourth")), 1);
  EXPECT_EQ(bodies_of("ben"), (std::vector<std::string>{"third", "fourth"}));
}

TEST_F(StatementsTest, AQueryLeftBeforeItsLastRowHoldsNothingOpenOnceItEnds) {
  {
    auto all = rows(*db, "SELECT id, body FROM notes ORDER BY id");
    const Row* row = all.first();
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->get<std::string>(1), "first");
  }
  // SQLite refuses to drop a table that an unfinished statement is still reading.
  EXPECT_NO_THROW(run_once(*db, "DROP TABLE notes"));
}

TEST_F(StatementsTest, AQueryThatFailsToPrepareFailsAgainAndOthersStillWork) {
  EXPECT_THROW((void)rows(*db, "SELECT nothing FROM nowhere").first(), DatabaseError);
  EXPECT_THROW((void)rows(*db, "SELECT nothing FROM nowhere").first(), DatabaseError);
  EXPECT_EQ(bodies_of("ben"), std::vector<std::string>{"third"});
}

TEST(NumberedPlaceholders, NumbersEachNamedPlaceholderOutsideQuotesAndCasts) {
  EXPECT_EQ(numbered_placeholders("SELECT a FROM t WHERE b = :b AND c = ':c' AND d::text = :d_2 AND e = \":e\""),
            "SELECT a FROM t WHERE b = $1 AND c = ':c' AND d::text = $2 AND e = \":e\"");
  EXPECT_EQ(numbered_placeholders("VALUES (:x, :x, 'it''s :y', :z)"), "VALUES ($1, $2, 'it''s :y', $3)");
  EXPECT_EQ(numbered_placeholders("SELECT 1 WHERE a = : b"), "SELECT 1 WHERE a = : b") << "a colon alone is kept";
}

TEST_F(StatementsTest, ABatchGivesEachQueryItsOwnRowsInTheirTypes) {
  Batch batch(*db);
  std::size_t amy = batch.add("SELECT body FROM notes WHERE owner = :o ORDER BY id", std::string("amy"));
  std::size_t count = batch.add("SELECT COUNT(*) FROM notes WHERE owner = :o", std::string("ben"));
  std::size_t none = batch.add("SELECT body FROM notes WHERE owner = :o", std::string("nobody"));
  std::size_t mixed = batch.add("SELECT id, CAST(NULL AS TEXT), 2.5, id = :i FROM notes WHERE id = :j", 3, 3);
  EXPECT_THROW((void)batch.rows(amy), DatabaseError) << "no rows before the batch runs";
  batch.run();
  ASSERT_EQ(batch.rows(amy).size(), 2u);
  EXPECT_EQ(batch.rows(amy)[0].get<std::string>(0), "first");
  EXPECT_EQ(batch.rows(amy)[1].get<std::string>(0), "second");
  ASSERT_EQ(batch.rows(count).size(), 1u);
  EXPECT_EQ(batch.rows(count)[0].get<long long>(0), 1);
  EXPECT_TRUE(batch.rows(none).empty());
  ASSERT_EQ(batch.rows(mixed).size(), 1u);
  const Row& row = batch.rows(mixed)[0];
  EXPECT_EQ(row.get<int>(0), 3);
  EXPECT_TRUE(row.is_null(1));
  EXPECT_DOUBLE_EQ(row.get<double>(2), 2.5);
  EXPECT_TRUE(row.get<bool>(3));
}

TEST_F(StatementsTest, ABatchRunsItsStatementsInOrderAndCanRunAgain) {
  Batch batch(*db);
  (void)batch.add("INSERT INTO notes (id, owner, body) VALUES (:i, :o, :b)", 4, std::string("ben"), "fourth");
  std::size_t seen = batch.add("SELECT body FROM notes WHERE owner = :o ORDER BY id", std::string("ben"));
  batch.run();
  ASSERT_EQ(batch.rows(seen).size(), 2u) << "the insert queued first is seen by the query after it";
  EXPECT_EQ(batch.rows(seen)[1].get<std::string>(0), "fourth");
  // Queued again after a run: only the new queries are sent; the earlier rows are kept.
  (void)batch.add("INSERT INTO notes (id, owner, body) VALUES (:i, :o, :b)", 5, std::string("ben"), "fifth");
  std::size_t again = batch.add("SELECT body FROM notes WHERE owner = :o ORDER BY id", std::string("ben"));
  batch.run();
  EXPECT_EQ(batch.rows(again).size(), 3u);
  EXPECT_EQ(batch.rows(seen).size(), 2u);
  EXPECT_EQ(bodies_of("ben"), (std::vector<std::string>{"third", "fourth", "fifth"})) << "each insert ran once";
}

TEST_F(StatementsTest, AFailureInABatchIsThrownAndTheConnectionStillWorks) {
  for (int attempt = 0; attempt < 2; ++attempt) {  // the failing SQL is not kept as prepared
    Batch batch(*db);
    std::size_t before = batch.add("SELECT body FROM notes WHERE owner = :o", std::string("ben"));
    (void)batch.add("SELECT nothing FROM nowhere WHERE a = :a", 1);
    std::size_t after = batch.add("SELECT body FROM notes WHERE owner = :o", std::string("amy"));
    EXPECT_THROW(batch.run(), DatabaseError);
    EXPECT_THROW((void)batch.rows(after), DatabaseError) << "a failed run has no rows to give";
    (void)before;
  }
  EXPECT_EQ(bodies_of("ben"), std::vector<std::string>{"third"});
  Batch next(*db);
  std::size_t ben = next.add("SELECT body FROM notes WHERE owner = :o", std::string("ben"));
  next.run();
  ASSERT_EQ(next.rows(ben).size(), 1u);
  EXPECT_EQ(next.rows(ben)[0].get<std::string>(0), "third");
}

TEST_F(StatementsTest, AFailedBatchInsideATransactionRollsBackWithIt) {
  {
    WriteTransaction tx(*db);
    Batch batch(*db);
    (void)batch.add("INSERT INTO notes (id, owner, body) VALUES (:i, :o, :b)", 6, std::string("ben"), "sixth");
    (void)batch.add("INSERT INTO notes (id, owner, body) VALUES (:i, :o, :b)", 1, std::string("ben"), "taken");
    EXPECT_THROW(batch.run(), DatabaseError);
  }
  EXPECT_EQ(bodies_of("ben"), std::vector<std::string>{"third"}) << "nothing of the transaction is left";
  EXPECT_EQ(execute(*db, "INSERT INTO notes (id, owner, body) VALUES (:i, :o, :b)", 6, std::string("ben"), "sixth"), 1);
}

}  // namespace
}  // namespace haven::store
