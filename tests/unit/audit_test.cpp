// The audit chain: intact after ordinary use, and every kind of tampering with the database is
// caught and named by the first broken entry.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "audit/audit_log.hpp"
#include "cli/demo.hpp"
#include "core/files.hpp"
#include "store/migrations.hpp"
#include "store/rows.hpp"
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
  void exec(const std::string& sql) { store::execute(tw_.ws->db(), sql); }
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

// A chain long enough that its entries are hashed on a thread of their own while they are read:
// an altered entry is named all the same, as altered even where its checkpoint no longer matches.
TEST_F(AuditTest, AnAlteredEntryOfALongChainIsNamed) {
  for (int i = 0; i < 10; ++i) append(500);
  ASSERT_TRUE(verify().ok);
  exec("UPDATE audit_log SET outcome = 'deny' WHERE seq = 4700");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 4700);
  EXPECT_NE(r.problem.find("entry 4700 was altered"), std::string::npos) << r.problem;

  int64_t signed_seq = 70 * AuditLog::checkpoint_every;  // 4480
  exec(fmt::format("UPDATE audit_log SET hash = '{}' WHERE seq = {}", std::string(64, 'f'), signed_seq));
  r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, signed_seq);
  EXPECT_NE(r.problem.find(fmt::format("entry {} was altered", signed_seq)), std::string::npos) << r.problem;
}

// A chain long enough to be read in parts at once, each on a connection of its own: what lies
// in a later part, and entries missing where one part ends and the next begins, are named.
TEST_F(AuditTest, AChainReadInPartsIsHeldToEveryRule) {
  for (int i = 0; i < 34; ++i) append(500);  // 17,001 entries with the centre's creation
  auto r = verify();
  ASSERT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 17001);

  exec("UPDATE audit_log SET outcome = 'deny' WHERE seq = 12000");
  r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 12000);
  EXPECT_NE(r.problem.find("entry 12000 was altered"), std::string::npos) << r.problem;

  // On two cores or more, entry 8500 ends the first part and begins the second.
  exec("DELETE FROM audit_log WHERE seq IN (8499, 8500)");
  r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 8499);
  EXPECT_NE(r.problem.find("entry 8499 is missing"), std::string::npos) << r.problem;
}

// A checkpoint the witness saw is known by comparing it with what the witness kept, its
// signature included: one whose signature was swapped for another checkpoint's is still caught.
TEST_F(AuditTest, AWitnessedCheckpointWithAnotherSignatureIsCaught) {
  append(200);
  exec(
      "UPDATE audit_checkpoints SET signature = (SELECT signature FROM audit_checkpoints AS o WHERE o.chain = "
      "audit_checkpoints.chain AND o.seq = 64) WHERE seq = 128");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 128);
  EXPECT_NE(r.problem.find("the signed checkpoint at entry 128 has a bad signature"), std::string::npos) << r.problem;
}

// A key store kept before checkpoints' own signatures were witnessed gains the column when it
// opens, and what it witnessed then still verifies.
TEST_F(AuditTest, AKeyStoreFromBeforeCheckpointSignaturesWereWitnessedStillServes) {
  if (haven::testing::TestDatabase::on_postgresql()) GTEST_SKIP() << "alters a SQLite key store's table directly";
  append(100);
  tw_.ws.reset();
  {
    auto keys = store::Database::open_unmanaged(tw_.paths.keys);
    ASSERT_TRUE(keys);
    store::execute(**keys, "ALTER TABLE audit_witness DROP COLUMN checkpoint_signature");
  }
  std::filesystem::remove(std::filesystem::path(tw_.paths.master).replace_extension(".witness"));
  auto ws = app::Workspace::open(tw_.paths, false);
  ASSERT_TRUE(ws) << ws.error().message;
  auto r = (*ws)->audit().verify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 101);
}

// Reads' entries committed by many threads at once share transactions; each thread's entries
// land together and in its order, and the chain verifies with every checkpoint signed.
TEST_F(AuditTest, ReadsCommittedTogetherLandWholeAndInOrder) {
  constexpr int threads = 8, reads = 40;
  std::vector<std::thread> workers;
  std::atomic<int> failures{0};
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      auto ws = app::Workspace::open(tw_.paths, false);
      if (!ws) {
        ++failures;
        return;
      }
      for (int n = 0; n < reads; ++n) {
        std::string actor = fmt::format("reader{}", t), resource = fmt::format("family:fam_{}", n);
        if (!(*ws)->audit().append_committed({{tw_.centre->id, actor, "view_family", resource, "first_name", "1",
                                               "allow"},
                                              {tw_.centre->id, actor, "view_family", resource, "address", "3",
                                               "deny"}}))
          ++failures;
      }
    });
  for (auto& w : workers) w.join();
  ASSERT_EQ(failures, 0);
  auto counts = tw_.ws->audit().shared_counts();
  EXPECT_GE(counts.hand_ins, uint64_t{threads * reads});
  EXPECT_LE(counts.transactions, counts.hand_ins);

  std::map<std::string, int> next_read;  // per actor: the read whose pair comes next
  std::string pair_of;                    // the actor whose pair is half read
  for (const auto& row : store::rows(tw_.ws->db(),
                                     "SELECT actor_id, resource, fields FROM audit_log WHERE chain = :c AND "
                                     "actor_id LIKE 'reader%' ORDER BY seq",
                                     tw_.centre->id)) {
    auto actor = row.get<std::string>(0);
    if (pair_of.empty()) {
      ASSERT_EQ(row.get<std::string>(2), "first_name");
      ASSERT_EQ(row.get<std::string>(1), fmt::format("family:fam_{}", next_read[actor])) << actor;
      pair_of = actor;
    } else {
      ASSERT_EQ(actor, pair_of) << "a read's two entries were split";
      ASSERT_EQ(row.get<std::string>(2), "address");
      ++next_read[actor];
      pair_of.clear();
    }
  }
  EXPECT_TRUE(pair_of.empty());
  for (int t = 0; t < threads; ++t) EXPECT_EQ(next_read[fmt::format("reader{}", t)], reads);
  auto r = verify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_GE(r.checkpoints, threads * reads * 2 / AuditLog::checkpoint_every);
}

// Inside a transaction of the caller's, a read's entries are appended within it, and roll back
// with it.
TEST_F(AuditTest, ReadEntriesInsideATransactionRollBackWithIt) {
  auto before = store::value<int64_t>(tw_.ws->db(), "SELECT COUNT(*) FROM audit_log");
  {
    store::WriteTransaction tx(tw_.ws->db());
    ASSERT_TRUE(tw_.ws->audit().append_committed(
        {{tw_.centre->id, "stf_a", "view_family", "family:fam_1", "first_name", "1", "allow"}}));
    EXPECT_EQ(store::value<int64_t>(tw_.ws->db(), "SELECT COUNT(*) FROM audit_log"), *before + 1);
  }
  EXPECT_EQ(store::value<int64_t>(tw_.ws->db(), "SELECT COUNT(*) FROM audit_log"), before);
}

// While the chain is broken and changes are refused, a change handed in to be committed on its
// own is refused by the workspace that was asked, and nothing of it is written; a read still is.
TEST_F(AuditTest, AChangeCommittedOnItsOwnIsRefusedWhileChangesAre) {
  auto before = store::value<int64_t>(tw_.ws->db(), "SELECT COUNT(*) FROM audit_log");
  tw_.ws->audit().refuse_changes("the audit chain is broken");
  auto refused = tw_.ws->audit().append_committed(
      {{tw_.centre->id, "stf_a", "view_family", "family:fam_1", "first_name", "1", "allow"},
       {tw_.centre->id, "stf_a", "add_note", "family:fam_1", "session_note", "1", "change"}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(store::value<int64_t>(tw_.ws->db(), "SELECT COUNT(*) FROM audit_log"), before);
  EXPECT_TRUE(tw_.ws->audit().append_committed(
      {{tw_.centre->id, "stf_a", "view_family", "family:fam_1", "first_name", "1", "allow"}}));
  EXPECT_EQ(store::value<int64_t>(tw_.ws->db(), "SELECT COUNT(*) FROM audit_log"), *before + 1);
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
  std::vector<std::pair<long long, std::string>> rehashed;
  std::string prev(64, '0');
  for (const store::Row& row : store::rows(tw_.ws->db(), "SELECT seq, at, centre_id, actor_id, action, resource, "
                                                         "fields, clause, outcome FROM audit_log ORDER BY seq")) {
    Entry e{row.get<std::string>(2), row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5),
            row.get<std::string>(6), row.get<std::string>(7), row.get<std::string>(8)};
    auto seq = row.get<int64_t>(0);
    auto hash = entry_hash(prev, seq, row.get<std::string>(1), e);
    rehashed.emplace_back(seq, prev + " " + hash);
    prev = hash;
  }
  for (const auto& [seq, hashes] : rehashed) {
    auto prev_hash = hashes.substr(0, 64), hash = hashes.substr(65);
    store::execute(tw_.ws->db(), "UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s", prev_hash, hash, seq);
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

// A long chain's checkpoints are checked on a thread of their own while its entries are hashed:
// a forged one among several is caught all the same, and named.
TEST_F(AuditTest, AForgedCheckpointAmongManyIsCaught) {
  append(6 * AuditLog::checkpoint_every + 5);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  ASSERT_TRUE(verify().ok);
  int64_t third = 3 * AuditLog::checkpoint_every;
  store::execute(tw_.ws->db(),
                 "UPDATE audit_checkpoints SET signature = substr(signature, 3) || '00' WHERE chain = :c AND seq = :s",
                 tw_.centre->id, third);
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_GE(r.checkpoints, 6);
  EXPECT_EQ(r.first_broken, third);
  EXPECT_NE(r.problem.find("bad signature"), std::string::npos) << r.problem;
}

TEST_F(AuditTest, TruncationBelowACheckpointIsCaught) {
  append(3);
  auto signed_chains = tw_.ws->audit().checkpoint();
  ASSERT_TRUE(signed_chains);
  EXPECT_EQ(*signed_chains, 1);
  exec("DELETE FROM audit_log WHERE seq >= 3");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 3);
}

// Deleting the newest entries together with the checkpoints that signed them leaves a chain that
// is whole in itself: the witness outside the records database still says how far it reached.
TEST_F(AuditTest, NewestEntriesDeletedWithTheirCheckpointsAreCountedAsMissing) {
  append(AuditLog::checkpoint_every + 6);  // 71 entries with the centre's creation
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  exec("DELETE FROM audit_log WHERE seq > 40");
  exec("DELETE FROM audit_checkpoints WHERE seq > 40");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 41);
  EXPECT_EQ(r.broken_chain, tw_.centre->id);
  auto chain = std::find_if(r.chains.begin(), r.chains.end(), [&](const auto& c) { return c.chain == tw_.centre->id; });
  ASSERT_NE(chain, r.chains.end());
  EXPECT_EQ(chain->missing, 31);
  EXPECT_NE(r.problem.find("31 entries are missing from the end of the chain"), std::string::npos) << r.problem;
}

TEST_F(AuditTest, EmptiedTablesAreNotAnIntactChain) {
  append(10);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  exec("DELETE FROM audit_log");
  exec("DELETE FROM audit_checkpoints");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 1);
  EXPECT_NE(r.problem.find("11 entries are missing"), std::string::npos) << r.problem;
}

TEST_F(AuditTest, AMissingCheckpointIsABreakNotASkip) {
  append(AuditLog::checkpoint_every + 2);
  ASSERT_TRUE(verify().ok);
  exec("DELETE FROM audit_checkpoints WHERE seq = 64");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 64);
  EXPECT_NE(r.problem.find("entry 64 has no signed checkpoint"), std::string::npos) << r.problem;
}

// Rewriting an entry, re-hashing the rest and deleting every checkpoint after the rewrite.
TEST_F(AuditTest, ARewriteWhoseCheckpointsWereDeletedIsCaught) {
  append(AuditLog::checkpoint_every + 5);
  exec("UPDATE audit_log SET actor_id = 'stf_someone_else' WHERE seq = 10");
  std::string prev(64, '0');
  std::vector<std::pair<long long, std::pair<std::string, std::string>>> rehashed;
  for (const auto& row : store::rows(tw_.ws->db(), "SELECT seq, at, centre_id, actor_id, action, resource, fields, "
                                                   "clause, outcome FROM audit_log ORDER BY seq")) {
    Entry e{row.get<std::string>(2), row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5),
            row.get<std::string>(6), row.get<std::string>(7), row.get<std::string>(8)};
    auto seq = row.get<int64_t>(0);
    auto hash = entry_hash(prev, seq, row.get<std::string>(1), e);
    rehashed.push_back({seq, {prev, hash}});
    prev = hash;
  }
  for (auto& [seq, hashes] : rehashed)
    store::execute(tw_.ws->db(), "UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s", hashes.first,
                   hashes.second, seq);
  exec("DELETE FROM audit_checkpoints WHERE seq >= 10");
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, AuditLog::checkpoint_every);
  // And Haven will not sign over it.
  auto signed_ = tw_.ws->audit().checkpoint();
  ASSERT_FALSE(signed_);
  EXPECT_EQ(signed_.error().kind, ErrorKind::integrity);
  long long checkpoints = store::value<long long>(tw_.ws->db(), "SELECT COUNT(*) FROM audit_checkpoints").value_or(0);
  EXPECT_EQ(checkpoints, 0);
}

TEST_F(AuditTest, NoCheckpointIsSignedOverABreak) {
  append(10);
  exec("UPDATE audit_log SET outcome = 'allow', clause = '7' WHERE seq = 5");
  auto signed_ = tw_.ws->audit().checkpoint();
  ASSERT_FALSE(signed_);
  EXPECT_NE(signed_.error().message.find("entry 5 was altered"), std::string::npos) << signed_.error().message;
  // Nor at the next automatic checkpoint.
  append(AuditLog::checkpoint_every);
  long long checkpoints = store::value<long long>(tw_.ws->db(), "SELECT COUNT(*) FROM audit_checkpoints").value_or(0);
  EXPECT_EQ(checkpoints, 0);
}

TEST_F(AuditTest, TheTailIsCheckedFromTheLastWitnessedCheckpoint) {
  append(10);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  append(5);
  EXPECT_TRUE(tw_.ws->audit().verify_tails().ok);
  exec("UPDATE audit_log SET fields = 'address' WHERE seq = 13");
  auto r = tw_.ws->audit().verify_tails();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 13);
  EXPECT_EQ(r.entries, 6) << "entries 11 to 16: the tail from the witnessed entry on";
}

TEST_F(AuditTest, TheTailCheckCountsEntriesDeletedFromBeforeTheWitnessedOne) {
  append(10);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  exec("DELETE FROM audit_log WHERE seq > 7");
  exec("DELETE FROM audit_checkpoints WHERE seq > 7");
  auto r = tw_.ws->audit().verify_tails();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 8);
  EXPECT_NE(r.problem.find("4 entries are missing from the end of the chain: it was witnessed up to entry 11, and "
                           "now ends at entry 7"),
            std::string::npos)
      << r.problem;
}

TEST_F(AuditTest, ALastWitnessLineCutShortByACrashIsNoProblem) {
  append(3);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  auto witness = std::filesystem::path(tw_.paths.master).replace_extension(".witness");
  std::ofstream(witness, std::ios::app) << "haven-witness-1\t2\tcheckp";
  auto r = verify();
  EXPECT_TRUE(r.ok) << r.problem;
  append(2);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  EXPECT_TRUE(verify().ok) << "and the next record follows on its own line";
}

TEST_F(AuditTest, AForgedWitnessLineIsReported) {
  append(3);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  auto witness = std::filesystem::path(tw_.paths.master).replace_extension(".witness");
  ASSERT_TRUE(std::filesystem::exists(witness));
  std::ofstream(witness, std::ios::app) << "haven-witness-1\t99\tcheckpoint\t" << tw_.centre->id << "\t500\t"
                                        << std::string(64, 'a') << "\t2026-12-02T10:00:00Z\t" << std::string(128, 'b')
                                        << "\n";
  auto r = verify();
  ASSERT_FALSE(r.ok);
  ASSERT_EQ(r.witness_problems.size(), 1u);
  EXPECT_NE(r.problem.find("has a bad signature"), std::string::npos) << r.problem;
}

// The key store's copy of the witness is gone (its table emptied): the file still holds every
// checkpoint, so the truncation is still seen.
TEST_F(AuditTest, TheWitnessFileAloneStillCountsTheMissing) {
  if (haven::testing::TestDatabase::on_postgresql()) GTEST_SKIP() << "empties a SQLite key store's table directly";
  append(10);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  exec("DELETE FROM audit_log WHERE seq > 4");
  exec("DELETE FROM audit_checkpoints");
  {
    auto keys = store::Database::open_unmanaged(tw_.paths.keys);
    ASSERT_TRUE(keys);
    store::execute(**keys, "DELETE FROM audit_witness");
  }
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 5);
  EXPECT_NE(r.problem.find("7 entries are missing"), std::string::npos) << r.problem;
}

// With neither copy of the witness left, the signed checkpoint beyond the end still shows it.
TEST_F(AuditTest, TruncationBelowACheckpointIsCaughtWithoutTheWitness) {
  if (haven::testing::TestDatabase::on_postgresql()) GTEST_SKIP() << "empties a SQLite key store's table directly";
  append(10);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  exec("DELETE FROM audit_log WHERE seq > 4");
  {
    auto keys = store::Database::open_unmanaged(tw_.paths.keys);
    ASSERT_TRUE(keys);
    store::execute(**keys, "DELETE FROM audit_witness");
  }
  std::filesystem::remove(std::filesystem::path(tw_.paths.master).replace_extension(".witness"));
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 5);
  EXPECT_NE(r.problem.find("entries up to 11 were signed but are no longer there"), std::string::npos) << r.problem;
}

TEST_F(AuditTest, ARestoredChainIsWitnessedWhereItNowEnds) {
  append(10);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  // As a backup taken at entry 6 and restored would be.
  exec("DELETE FROM audit_log WHERE seq > 6");
  exec("DELETE FROM audit_checkpoints WHERE seq > 6");
  ASSERT_FALSE(verify().ok);
  auto restored = tw_.ws->audit().witness_restore();
  ASSERT_TRUE(restored) << restored.error().message;
  auto r = verify();
  EXPECT_TRUE(r.ok) << r.problem;
  append(3);
  ASSERT_TRUE(tw_.ws->audit().checkpoint());
  EXPECT_TRUE(verify().ok);
  EXPECT_TRUE(tw_.ws->audit().verify_tails().ok);
}

TEST_F(AuditTest, EachCentreNumbersItsOwnChain) {
  auto second = tw_.ws->add_centre(read_text_file(haven::testing::shipped_preset_path("west-wilts")).value(),
                                   "west-wilts");
  ASSERT_TRUE(second) << second.error().message;
  {
    store::WriteTransaction tx(tw_.ws->db(), *second);
    EXPECT_EQ(tw_.ws->audit().append({*second, "stf_b", "view_family", "family:fam_x", "first_name", "1", "allow"}), 2);
    tx.commit();
  }
  append(4);
  long long newest = store::value<long long>(tw_.ws->db(), "SELECT MAX(seq) FROM audit_log WHERE chain = :c",
                                             tw_.centre->id)
                         .value_or(0);
  EXPECT_EQ(newest, 5);
  auto all = verify();
  EXPECT_TRUE(all.ok) << all.problem;
  EXPECT_EQ(all.entries, 7);
  auto one = tw_.ws->audit().verify(*second);
  EXPECT_TRUE(one.ok);
  EXPECT_EQ(one.entries, 2);
  // A break in one centre's chain names that chain.
  store::execute(tw_.ws->db(), "UPDATE audit_log SET outcome = 'deny' WHERE chain = :c AND seq = 2", *second);
  auto r = verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.broken_chain, *second);
  EXPECT_TRUE(tw_.ws->audit().verify(tw_.centre->id).ok);
}

// A database written before centres had chains of their own: its one chain, numbered across
// centres and signed in the old form, is carried over by the upgrade and still verifies.
TEST(AuditUpgrade, TheChainWrittenBeforeCentresHadTheirOwnStillVerifies) {
  haven::testing::TempDir dir;
  haven::testing::TestDatabase database(dir);
  std::string centre;
  {
    auto ws = app::Workspace::open(database.paths(), true);
    ASSERT_TRUE(ws);
    auto id = (*ws)->add_centre(read_text_file(haven::testing::shipped_preset_path("birmingham")).value(), "b");
    ASSERT_TRUE(id);
    centre = *id;
    auto& db = (*ws)->db();
    // As a database from before centres had chains of their own: that version and those after
    // it, undone.
    const auto& all = store::embedded_migrations();
    auto chains = std::find_if(all.begin(), all.end(), [](const store::Migration& m) {
      return std::string_view(m.name) == "0015_audit_chains";
    });
    ASSERT_NE(chains, all.end());
    store::execute(db, "DELETE FROM schema_migrations WHERE version >= :v", chains->version);
    // What the later migrations added to other tables, undone so that they apply again.
    for (const char* column : {"cancelled_at", "cancelled_by", "cancel_reason", "kind"})
      store::run_once(db, fmt::format("ALTER TABLE contact_sessions DROP COLUMN {}", column));
    for (const char* column : {"review_finding", "review_note", "recalled_at", "recalled_by", "recall_breach"})
      store::run_once(db, fmt::format("ALTER TABLE disclosures DROP COLUMN {}", column));
    store::run_once(db, "ALTER TABLE attendance DROP COLUMN no_show_reason");
    store::run_once(db, "DROP INDEX people_email_index");
    store::run_once(db, "ALTER TABLE people DROP COLUMN email_index");
    store::run_once(db, "ALTER TABLE consents DROP COLUMN policy_version");
    for (const char* column : {"notify_email", "notify_seen", "notified_at"})
      store::run_once(db, fmt::format("ALTER TABLE staff DROP COLUMN {}", column));
    store::run_once(db, "DROP INDEX referrals_account");
    store::run_once(db, "ALTER TABLE referrals DROP COLUMN referrer_account");
    for (const char* table :
         {"complaints", "records_request_pauses", "breaches", "referrer_sessions", "referrer_codes",
          "referrer_accounts", "records_requests", "portal_sessions", "portal_codes", "outbox", "applications",
          "journey_steps", "family_plans", "attendance_amendments", "concern_reads"})
      store::run_once(db, fmt::format("DROP TABLE {}", table));
    store::run_once(db, "DROP TABLE audit_log");
    store::run_once(db, "DROP TABLE audit_checkpoints");
    store::run_once(db, "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, centre_id TEXT NOT NULL, "
                        "actor_id TEXT NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL, fields TEXT NOT NULL, "
                        "clause TEXT NOT NULL, outcome TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)");
    store::run_once(db, "CREATE TABLE audit_checkpoints (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, signature TEXT "
                        "NOT NULL, signed_at TEXT NOT NULL)");
    std::string prev(64, '0'), at = "2026-11-01T09:00:00Z";
    for (long long seq = 1; seq <= 70; ++seq) {
      Entry e{seq % 2 ? centre : std::string("ctr_other"), "stf_a", "view_family", "family:fam_1", "first_name", "1",
              "allow"};
      auto hash = entry_hash(prev, seq, at, e);
      store::execute(db, "INSERT INTO audit_log VALUES (:s, :at, :c, :a, :ac, :r, :f, :cl, :o, :p, :h)", seq, at,
                     e.centre_id, e.actor_id, e.action, e.resource, e.fields, e.clause, e.outcome, prev, hash);
      if (seq == 64) {
        auto signature = (*ws)->keys().sign(fmt::format("haven-audit-checkpoint|{}|{}", seq, hash));
        store::execute(db, "INSERT INTO audit_checkpoints VALUES (:s, :h, :g, :at)", seq, hash, signature, at);
      }
      prev = hash;
    }
  }
  auto ws = app::Workspace::open(database.paths(), false);  // applies the upgrade
  ASSERT_TRUE(ws) << ws.error().message;
  auto r = (*ws)->audit().verify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 70);
  EXPECT_EQ(r.checkpoints, 1);
  ASSERT_TRUE((*ws)->audit().checkpoint());  // signs the old chain's head, and it verifies still
  auto witnessed = (*ws)->keys().newest_witness("");
  ASSERT_TRUE(witnessed && *witnessed);
  EXPECT_EQ((*witnessed)->seq, 70) << "the old chain's head is witnessed from the first checkpoint on";
  {
    store::WriteTransaction tx((*ws)->db(), centre);
    EXPECT_EQ((*ws)->audit().append({centre, "stf_a", "view_family", "family:fam_1", "first_name", "1", "allow"}), 1);
    tx.commit();
  }
  EXPECT_TRUE((*ws)->audit().verify().ok);
  store::execute((*ws)->db(), "UPDATE audit_log SET actor_id = 'stf_b' WHERE chain = '' AND seq = 33");
  auto broken = (*ws)->audit().verify(centre);
  ASSERT_FALSE(broken.ok);
  EXPECT_EQ(broken.broken_chain, "");
  EXPECT_EQ(broken.first_broken, 33);
}

// Entries hold ids, field names and clauses: never a name, address or note.
TEST(AuditContent, HoldsNoPersonalValues) {
  haven::testing::TempDir dir;
  haven::testing::TestDatabase database(dir);
  auto ws = app::Workspace::open(database.paths(), true);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(cli::create_demo(**ws, haven::testing::shipped_preset_path("birmingham")));
  int count = 0;
  for (const store::Row& row : store::rows((*ws)->db(), "SELECT actor_id || action || resource || fields || clause || "
                                                       "outcome FROM audit_log")) {
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

namespace haven::audit {
namespace {

// On PostgreSQL each centre writes under a lock of its own: while one centre's write transaction
// is open, another centre's commits at once, and the same centre's (or one for the whole
// deployment) waits its bounded time and is told the records are busy.
TEST(CentreLocks, CentresWriteSideBySideOnPostgresql) {
  if (!haven::testing::TestDatabase::on_postgresql()) GTEST_SKIP() << "SQLite has one write lock for the whole file";
  haven::testing::TempWorkspace tw("birmingham");
  auto second = tw.ws->add_centre(read_text_file(haven::testing::shipped_preset_path("west-wilts")).value(), "w");
  ASSERT_TRUE(second) << second.error().message;
  auto other = app::Workspace::open(tw.paths, false);
  ASSERT_TRUE(other) << other.error().message;
  Entry first_centre{tw.centre->id, "stf_a", "view_family", "family:fam_1", "first_name", "1", "allow"};
  Entry second_centre{*second, "stf_b", "view_family", "family:fam_2", "first_name", "1", "allow"};
  {
    store::WriteTransaction held(tw.ws->db(), tw.centre->id);
    tw.ws->audit().append(first_centre);
    store::run_once((*other)->db(), "SET lock_timeout = '300ms'");
    auto write = [&](std::string_view centre, const Entry& e) {
      return store::guard_storage([&]() -> Result<bool> {
        store::WriteTransaction tx((*other)->db(), centre);
        (*other)->audit().append(e);
        tx.commit();
        return true;
      });
    };
    EXPECT_TRUE(write(*second, second_centre)) << "another centre does not wait";
    auto same = write(tw.centre->id, first_centre);
    ASSERT_FALSE(same) << "the same centre waits for the lock";
    EXPECT_EQ(same.error().kind, ErrorKind::unavailable);
    EXPECT_EQ(same.error().message, "The records are busy with another change.");
    EXPECT_FALSE(write("", second_centre)) << "a write for the whole deployment waits for every centre's";
    EXPECT_TRUE(write(*second, second_centre)) << "and the connection is usable after waiting in vain";
    held.commit();
  }
  auto r = tw.ws->audit().verify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 2 + 3);  // both centres' creations, one entry in the first, two in the second
}

}  // namespace
}  // namespace haven::audit
