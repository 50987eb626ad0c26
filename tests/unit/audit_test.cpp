// The audit chain: intact after ordinary use, and every kind of tampering with the database is
// caught and named by the first broken entry.
#include <gtest/gtest.h>

#include "cli/demo.hpp"
#include "audit/audit_log.hpp"
#include "support/temp_workspace.hpp"

namespace haven::audit {
namespace {

class AuditTest : public ::testing::Test {
 protected:
  void append(int n) {
    store::WriteTransaction tx(tw_.ws->db());
    for (int i = 0; i < n; ++i)
      tw_.ws->audit().append({tw_.centre->id, "stf_a", "view_family", "family:fam_" + std::to_string(i),
                              "first_name", "1", "allow"});
    tx.commit();
  }
  void exec(const std::string& sql) { tw_.ws->db().sql() << sql; }
  VerifyReport verify() { return tw_.ws->audit().verify(); }

  haven::testing::TempWorkspace tw_{"birmingham"};
};

TEST_F(AuditTest, IntactChainVerifies) {
  append(10);
  auto r = verify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 11);  // plus the centre's creation
}

TEST_F(AuditTest, AlteredEntryIsNamed) {
  append(10);
  exec("UPDATE audit_log SET outcome = 'allow', clause = '7' WHERE seq = 5");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 5);
  EXPECT_NE(r.problem.find("entry 5 was altered"), std::string::npos) << r.problem;
}

TEST_F(AuditTest, DeletedEntryIsNamed) {
  append(10);
  exec("DELETE FROM audit_log WHERE seq = 7");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 7);
}

TEST_F(AuditTest, RewrittenTailIsCaughtByTheSignedCheckpoint) {
  append(AuditLog::checkpoint_every + 5);  // crosses one automatic checkpoint
  ASSERT_TRUE(verify().ok);
  // An attacker without the signing key rewrites entry 10 and re-hashes everything after it.
  exec("UPDATE audit_log SET actor_id = 'stf_someone_else' WHERE seq = 10");
  soci::rowset<soci::row> rows = (tw_.ws->db().sql().prepare << "SELECT seq, at, centre_id, actor_id, action, "
                                                               "resource, fields, clause, outcome FROM audit_log "
                                                               "ORDER BY seq");
  std::vector<std::pair<long long, std::string>> rehashed;
  std::string prev(64, '0');
  for (const auto& row : rows) {
    Entry e{row.get<std::string>(2), row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5),
            row.get<std::string>(6), row.get<std::string>(7), row.get<std::string>(8)};
    auto seq = store::row_int(row, 0);
    auto hash = entry_hash(prev, seq, row.get<std::string>(1), e);
    rehashed.emplace_back(seq, prev + " " + hash);
    prev = hash;
  }
  for (const auto& [seq, hashes] : rehashed) {
    auto prev_hash = hashes.substr(0, 64), hash = hashes.substr(65);
    tw_.ws->db().sql() << "UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s", soci::use(prev_hash),
        soci::use(hash), soci::use(seq);
  }
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, AuditLog::checkpoint_every);
  EXPECT_NE(r.problem.find("differs from what was signed"), std::string::npos) << r.problem;
}

TEST_F(AuditTest, ForgedCheckpointSignatureIsCaught) {
  append(3);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  exec("UPDATE audit_checkpoints SET signature = substr(signature, 3) || '00'");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("bad signature"), std::string::npos);
}

TEST_F(AuditTest, TruncationBelowACheckpointIsCaught) {
  append(3);
  auto signed_seq = tw_.ws->audit().checkpoint();
  ASSERT_TRUE(signed_seq);
  exec("DELETE FROM audit_log WHERE seq >= 3");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, *signed_seq);
}

// Entries hold ids, field names and clauses: never a name, address or note.
TEST(AuditContent, HoldsNoPersonalValues) {
  haven::testing::TempDir dir;
  haven::testing::TestDatabase database(dir);
  auto ws = app::Workspace::open(database.paths(), true);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(cli::create_demo(**ws, haven::testing::shipped_preset_path("birmingham")));
  soci::rowset<soci::row> rows =
      ((*ws)->db().sql().prepare << "SELECT actor_id || action || resource || fields || clause || outcome FROM audit_log");
  int count = 0;
  for (const auto& row : rows) {
    auto text = row.get<std::string>(0);
    for (const char* secret : {"Pemberton", "Joanna", "Larkspur", "01632", "Ellie", "settled", "Quayle"})
      EXPECT_EQ(text.find(secret), std::string::npos) << text;
    ++count;
  }
  EXPECT_GT(count, 20);
  EXPECT_TRUE((*ws)->audit().verify().ok);
}

}  // namespace
}  // namespace haven::audit
