// Retention under both presets on a real workspace: the boundaries of the period, legal holds,
// the approval of a run, crypto-shredding with kept categories re-sealed, the certificate, and
// a backup taken before a disposal that can no longer be read for the disposed family.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "access/staff.hpp"
#include "backup/backup.hpp"
#include "cli/demo.hpp"
#include "disclosure/consents.hpp"
#include "disclosure/disclosures.hpp"
#include "records/family_view.hpp"
#include "retention/engine.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::retention {
namespace {

class RetentionTest : public ::testing::TestWithParam<std::string> {
 protected:
  RetentionTest() { f1_ = *records::find_family(*ws_, *c_, "F0001"); }
  bool birmingham() const { return GetParam() == "birmingham"; }
  int years() const { return birmingham() ? 5 : 3; }
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }
  Day today() const { return std::chrono::floor<std::chrono::days>(now()); }
  // Makes F0001 last used `days_before_due` days before it falls due today (negative: overdue).
  void age_family(int days_before_due) {
    auto due_ymd = std::chrono::year_month_day{today()} - std::chrono::years{years()};
    Day last = Day{due_ymd} + std::chrono::days{days_before_due};
    std::string at = format_utc(Instant{last} + std::chrono::hours{9});
    store::execute(ws_->db(), "UPDATE families SET last_used_at = :a WHERE id = :f", at, f1_.id);
  }
  std::vector<std::string> due_references() {
    auto p = preview(*ws_, *c_, staff("coord.amy"), today());
    EXPECT_TRUE(p) << p.error().message;
    std::vector<std::string> refs;
    for (const auto& d : p->due) refs.push_back(d.reference);
    return refs;
  }
  Certificate dispose_f1() {
    age_family(-1);
    auto run = propose_run(*ws_, *c_, staff("coord.amy"), today());
    EXPECT_TRUE(run) << run.error().message;
    EXPECT_TRUE(approve_run(*ws_, *c_, staff("mgmt.raj"), *run));
    auto cert = execute_run(*ws_, *c_, staff("mgmt.raj"), *run);
    EXPECT_TRUE(cert) << cert.error().message;
    return cert ? *cert : Certificate{};
  }

  haven::testing::DemoWorkspace demo_{GetParam()};
  haven::testing::TempDir& dir_ = demo_.dir;
  app::Paths& paths_ = demo_.paths;
  std::unique_ptr<app::Workspace>& ws_ = demo_.ws;
  const app::Centre* c_ = demo_.centre;
  records::FamilyRef f1_;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, RetentionTest, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(RetentionTest, DueOnTheDayThePeriodEndsNotTheDayBefore) {
  age_family(1);
  EXPECT_TRUE(due_references().empty());
  age_family(0);
  EXPECT_EQ(due_references(), std::vector<std::string>{"F0001"});
  age_family(-400);
  EXPECT_EQ(due_references(), std::vector<std::string>{"F0001"});
}

TEST_P(RetentionTest, ADestroyedFamilyTakesNoNewRecords) {
  dispose_f1();
  auto amy = staff("coord.amy");
  auto person = records::add_person(*ws_, *c_, amy, f1_.id, {records::Party::child, "Noah", "", "2022-01-01", "", "", ""});
  ASSERT_FALSE(person);
  EXPECT_EQ(person.error().kind, ErrorKind::conflict);
  EXPECT_NE(person.error().message.find("clause 8"), std::string::npos) << person.error().message;
  auto session = records::schedule_session(*ws_, *c_, amy, f1_.id, {"2027-05-01 10:00", "2027-05-01 11:00", "Blue room", 15});
  ASSERT_FALSE(session);
  EXPECT_EQ(session.error().kind, ErrorKind::conflict);
  auto view = records::show_family(*ws_, *c_, amy, "F0001");
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->disposed_on, format_day(today()));
}

TEST_P(RetentionTest, ALegalHoldKeepsAFamilyUntilReleased) {
  age_family(-10);
  auto hold = place_hold(*ws_, *c_, staff("coord.amy"), "F0001", "Court order pending", "2027-06-01");
  ASSERT_TRUE(hold) << hold.error().message;
  EXPECT_TRUE(due_references().empty());
  auto p = preview(*ws_, *c_, staff("coord.amy"), today());
  ASSERT_EQ(p->held.size(), 1u);
  EXPECT_EQ(p->held[0].review_on, "2027-06-01");
  EXPECT_FALSE(propose_run(*ws_, *c_, staff("coord.amy"), today())) << "nothing due while held";
  ASSERT_TRUE(release_hold(*ws_, *c_, staff("coord.amy"), *hold));
  EXPECT_EQ(due_references(), std::vector<std::string>{"F0001"});
  EXPECT_FALSE(place_hold(*ws_, *c_, staff("coord.amy"), "F0001", "", "2027-06-01"));
  EXPECT_FALSE(place_hold(*ws_, *c_, staff("coord.amy"), "F0001", "Reason", "2020-01-01"));
}

TEST_P(RetentionTest, ARunNeedsApprovalByAnotherManager) {
  age_family(-1);
  auto volunteer = preview(*ws_, *c_, staff("vol.sam"), today());
  ASSERT_FALSE(volunteer);
  EXPECT_EQ(volunteer.error().clause_id(), "8");
  auto run = propose_run(*ws_, *c_, staff("mgmt.raj"), today());
  ASSERT_TRUE(run);
  // What the approver is shown first: the families by reference, and what goes and what stays.
  auto details = run_details(*ws_, *c_, staff("mgmt.raj"), *run);
  ASSERT_TRUE(details) << details.error().message;
  ASSERT_EQ(details->families.size(), 1u);
  EXPECT_EQ(details->families[0].reference, "F0001");
  EXPECT_TRUE(details->families[0].outcome.empty());
  EXPECT_EQ(details->run.proposed_by, staff("mgmt.raj").display_name);
  auto has = [](const std::vector<std::string>& v, const char* s) { return std::ranges::find(v, s) != v.end(); };
  EXPECT_TRUE(has(details->destroyed_categories, "session_notes"));
  for (auto kept : c_->preset.kept_indefinitely) {
    EXPECT_TRUE(has(details->kept_categories, std::string(name_of(kept)).c_str()));
    EXPECT_FALSE(has(details->destroyed_categories, std::string(name_of(kept)).c_str()));
  }
  EXPECT_FALSE(run_details(*ws_, *c_, staff("vol.sam"), *run)) << "the schedule is not a volunteer's";
  EXPECT_EQ(execute_run(*ws_, *c_, staff("mgmt.raj"), *run).error().clause_id(), "8") << "not approved yet";
  EXPECT_EQ(approve_run(*ws_, *c_, staff("coord.amy"), *run).error().clause_id(), "8");
  EXPECT_EQ(approve_run(*ws_, *c_, staff("mgmt.raj"), *run).error().clause_id(), "8") << "not by the proposer";
  auto second = testing::add_vetted_staff(*ws_, *c_, {"mgmt.two", "Jo", policy::Role::management}, policy::DbsLevel::enhanced,
                                 "2026-01-01");
  ASSERT_TRUE(approve_run(*ws_, *c_, *second, *run));
  EXPECT_EQ(execute_run(*ws_, *c_, staff("coord.amy"), *run).error().clause_id(), "8");
  EXPECT_TRUE(execute_run(*ws_, *c_, staff("mgmt.raj"), *run));
}

int refusals_of(app::Workspace& ws, const std::string& action) {
  return store::value<int>(ws.db(),
                           "SELECT COUNT(*) FROM audit_log WHERE action = :a AND outcome = 'deny' AND clause = '8'",
                           action)
      .value_or(0);
}

TEST_P(RetentionTest, NoRunForADayToComeAndEveryRefusalIsAudited) {
  age_family(-1);
  auto future = propose_run(*ws_, *c_, staff("mgmt.raj"), today() + std::chrono::days{365 * 7});
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().clause_id(), "8");
  EXPECT_NE(future.error().message.find("never a day to come"), std::string::npos);
  EXPECT_EQ(refusals_of(*ws_, "propose_disposal"), 1);

  auto run = propose_run(*ws_, *c_, staff("coord.amy"), today());
  ASSERT_TRUE(run);
  EXPECT_FALSE(approve_run(*ws_, *c_, staff("coord.amy"), *run));
  EXPECT_EQ(refusals_of(*ws_, "approve_disposal"), 1);
  EXPECT_FALSE(execute_run(*ws_, *c_, staff("mgmt.raj"), *run)) << "not approved yet";
  EXPECT_EQ(refusals_of(*ws_, "dispose"), 1);

  // A run whose date was moved into the future in the database is still refused at approval.
  std::string later = format_day(today() + std::chrono::days{30});
  store::execute(ws_->db(), "UPDATE disposal_runs SET as_of = :d WHERE id = :r", later, *run);
  auto approval = approve_run(*ws_, *c_, staff("mgmt.raj"), *run);
  ASSERT_FALSE(approval);
  EXPECT_EQ(approval.error().clause_id(), "8");
}

TEST_P(RetentionTest, TheCertificateIsReadOnlyByThoseWhoKeepTheSchedule) {
  auto cert = dispose_f1();
  EXPECT_TRUE(certificate(*ws_, *c_, staff("mgmt.raj"), cert.run_id));
  auto volunteer = certificate(*ws_, *c_, staff("vol.sam"), cert.run_id);
  ASSERT_FALSE(volunteer);
  EXPECT_EQ(volunteer.error().clause_id(), "8");
}

TEST_P(RetentionTest, DisposalKeepsWhatThePresetKeepsAndShredsTheRest) {
  auto concern = disclosure::record_concern(*ws_, *c_, staff("safe.lee"), "F0001", disclosure::ConcernKind::welfare,
                                            "Worried about bruising");
  ASSERT_TRUE(concern);
  auto cert = dispose_f1();
  EXPECT_EQ(cert.body["families_destroyed"].to_number<std::int64_t>(), 1);
  auto view = records::show_family(*ws_, *c_, staff("coord.amy"), "F0001");
  int sessions = store::value<int>(ws_->db(), "SELECT COUNT(*) FROM contact_sessions WHERE family_id = :f", f1_.id)
                     .value_or(0);
  EXPECT_EQ(sessions, 0);
  if (birmingham()) {
    // Referral records and safeguarding records stay, readable under the new key.
    ASSERT_TRUE(view) << view.error().message;
    EXPECT_EQ(view->people[0].field("first_name"), "Joanna");
    EXPECT_TRUE(view->people[0].field("address").empty());
    ASSERT_EQ(view->referrals.size(), 1u);
    EXPECT_EQ(view->referrals[0].referrer_name, "Harriet Quayle");
    EXPECT_TRUE(view->sessions.empty());
    EXPECT_GT(cert.body["rows_kept_indefinitely"].as_object()["referral_records"].to_number<std::int64_t>(), 0);
    EXPECT_GT(cert.body["rows_kept_indefinitely"].as_object()["safeguarding_records"].to_number<std::int64_t>(), 0);
  } else {
    ASSERT_TRUE(view) << view.error().message;
    EXPECT_TRUE(view->people.empty() && view->referrals.empty() && view->sessions.empty())
        << "nothing of the family is left to read";
    EXPECT_EQ(view->disposed_on, format_day(today())) << "only its reference and the date it was destroyed";
    int people = store::value<int>(ws_->db(), "SELECT COUNT(*) FROM people WHERE family_id = :f", f1_.id).value_or(0);
    EXPECT_EQ(people, 0);
    EXPECT_FALSE(ws_->keys().family_cipher(f1_.id)) << "the key is destroyed";
    EXPECT_TRUE(cert.body["rows_kept_indefinitely"].as_object().empty());
  }
  // The other families are untouched and the audit chain still verifies.
  EXPECT_TRUE(records::show_family(*ws_, *c_, staff("coord.amy"), "F0002"));
  EXPECT_TRUE(ws_->audit().verify().ok);
  EXPECT_FALSE(due_references().size()) << "a disposed family is not due again";
}

// Management's note on an exception disclosure's review goes with the family's other
// safeguarding records: kept under the new key where the policy keeps them, cleared where not.
TEST_P(RetentionTest, AReviewNoteOnADisclosureIsKeptOrDestroyedWithTheSafeguardingRecords) {
  auto concern = disclosure::record_concern(*ws_, *c_, staff("safe.lee"), "F0001", disclosure::ConcernKind::welfare,
                                            "Bruise on arm");
  ASSERT_TRUE(concern) << concern.error().message;
  disclosure::ExceptionDisclosure d{disclosure::ConcernKind::welfare,
                                    *concern,
                                    {policy::RecipientKind::childrens_services, "", "", "Duty team"},
                                    "Child disclosed harm",
                                    {policy::Item::first_name}};
  auto made = disclosure::disclose_exception(*ws_, *c_, staff("safe.lee"), "F0001", d);
  ASSERT_TRUE(made && made->allowed);
  ASSERT_TRUE(disclosure::review_exception(*ws_, *c_, staff("mgmt.raj"), made->register_id,
                                           {disclosure::ReviewFinding::improper, "Name not needed; recalled."}));
  dispose_f1();
  bool kept = std::ranges::find(c_->preset.kept_indefinitely, policy::RecordCategory::safeguarding_records) !=
              c_->preset.kept_indefinitely.end();
  if (kept) {
    auto seen = disclosure::exception_for_review(*ws_, *c_, staff("mgmt.raj"), made->register_id);
    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_EQ(seen->note, "Name not needed; recalled.") << "sealed again under the family's new key";
  } else {
    EXPECT_EQ(
        store::value<std::string>(ws_->db(), "SELECT review_note FROM disclosures WHERE id = :i", made->register_id)
            .value_or("?"),
        "");
  }
}

TEST_P(RetentionTest, CertificateIsSignedAndHoldsNoPersonalData) {
  auto cert = dispose_f1();
  auto text = boost::json::serialize(cert.body);
  for (const char* secret : {"Joanna", "Pemberton", "Larkspur", "Quayle", "F0001", "fam_"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  EXPECT_TRUE(crypto::verify_signature(ws_->keys().public_key_hex(), text, cert.signature));
  auto stored = certificate(*ws_, *c_, staff("coord.amy"), cert.run_id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(boost::json::serialize(stored->body), text);
  EXPECT_EQ(cert.body["approved_by"].as_string(), staff("mgmt.raj").id);
}

TEST_P(RetentionTest, AFamilyUsedAgainAfterTheProposalIsSkipped) {
  age_family(-1);
  auto run = propose_run(*ws_, *c_, staff("coord.amy"), today());
  ASSERT_TRUE(approve_run(*ws_, *c_, staff("mgmt.raj"), *run));
  ASSERT_TRUE(records::schedule_session(*ws_, *c_, staff("coord.amy"), f1_.id,
                                        {"2027-02-06 10:00", "2027-02-06 11:00", "Blue room"}));
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  auto cert = execute_run(*ws_, *c_, staff("mgmt.raj"), *run,
                          [&](std::size_t done, std::size_t total) { progress.emplace_back(done, total); });
  ASSERT_TRUE(cert);
  EXPECT_EQ(cert->body["families_destroyed"].to_number<std::int64_t>(), 0);
  EXPECT_EQ(cert->body["families_skipped"].to_number<std::int64_t>(), 1);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), (std::pair<std::size_t, std::size_t>{1, 1}));
  EXPECT_TRUE(records::show_family(*ws_, *c_, staff("coord.amy"), "F0001"));
}

TEST_P(RetentionTest, ARunStoppedBeforeItsKeyStepIsFinishedWhenRunAgain) {
  age_family(-1);
  auto run = propose_run(*ws_, *c_, staff("coord.amy"), today());
  ASSERT_TRUE(approve_run(*ws_, *c_, staff("mgmt.raj"), *run));
  ASSERT_TRUE(execute_run(*ws_, *c_, staff("mgmt.raj"), *run));
  // Simulate a stop between the data transaction and the key step: a pending key left behind
  // (rotation) or the old key still present (full destruction), and the run not yet executed.
  auto pending = birmingham() ? ws_->keys().begin_rotation(f1_.id) : ws_->keys().create_family_cipher(f1_.id);
  ASSERT_TRUE(pending);
  store::execute(ws_->db(), "UPDATE disposal_runs SET status = 'approved' WHERE id = :r", *run);
  store::execute(ws_->db(), "DELETE FROM destruction_certificates WHERE run_id = :r", *run);
  auto again = execute_run(*ws_, *c_, staff("mgmt.raj"), *run);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->body["families_destroyed"].to_number<std::int64_t>(), 1) << "counted once, by the run that did it";
  EXPECT_EQ(again->body["families_skipped"].to_number<std::int64_t>(), 0);
  if (birmingham())
    EXPECT_FALSE(ws_->keys().finish_rotation(f1_.id).value()) << "the pending key was promoted already";
  else
    EXPECT_FALSE(ws_->keys().family_cipher(f1_.id)) << "the leftover key was destroyed";
}

TEST_P(RetentionTest, BackupTakenBeforeDisposalCannotBeReadForTheDisposedFamily) {
  if (testing::TestDatabase::on_postgresql()) GTEST_SKIP() << "Haven's own backups are of SQLite files; PostgreSQL uses pg_dump";
  auto backup = dir_.file("before.havenbak");
  auto made = backup::backup_database(paths_.db, backup, ws_->keys().backup_key());
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_GT(made->plain_bytes, 0u);
  auto raw = *read_text_file(backup);
  EXPECT_EQ(raw.find("SQLite format"), std::string::npos) << "the backup is encrypted";
  dispose_f1();

  auto restored = dir_.file("restored.db");
  ASSERT_TRUE(backup::restore_database(backup, restored, ws_->keys().backup_key()));
  EXPECT_FALSE(backup::restore_database(backup, restored, ws_->keys().backup_key())) << "never overwrites";
  auto old = app::Workspace::open({restored, paths_.keys, paths_.master, paths_.witness}, false);
  ASSERT_TRUE(old) << old.error().message;
  const app::Centre* centre = *(*old)->centre(c_->id);
  auto coordinator = *access::find_staff(**old, "coord.amy");
  auto disposed = records::show_family(**old, *centre, coordinator, "F0001");
  EXPECT_FALSE(disposed) << "the restored copy still holds the rows, but their key is gone";
  auto other = records::show_family(**old, *centre, coordinator, "F0002");
  ASSERT_TRUE(other) << other.error().message;
  EXPECT_EQ(other->people[0].field("first_name"), "Priya");
}

TEST(Backup, DamagedOrForeignBackupsAreRefused) {
  if (testing::TestDatabase::on_postgresql()) GTEST_SKIP() << "Haven's own backups are of SQLite files; PostgreSQL uses pg_dump";
  haven::testing::TempWorkspace tw("west-wilts");
  auto backup = tw.dir.file("b.havenbak");
  ASSERT_TRUE(backup::backup_database(tw.paths.db, backup, tw.ws->keys().backup_key()));
  EXPECT_FALSE(backup::restore_database(backup, tw.dir.file("r1.db"), crypto::SecretKey::random()));
  EXPECT_FALSE(std::filesystem::exists(tw.dir.file("r1.db")));
  auto bytes = *read_text_file(backup);
  bytes[bytes.size() / 2] ^= 0x01;
  std::ofstream(tw.dir.file("bad.havenbak"), std::ios::binary) << bytes;
  auto bad = backup::restore_database(tw.dir.file("bad.havenbak"), tw.dir.file("r2.db"), tw.ws->keys().backup_key());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::integrity);
  EXPECT_FALSE(std::filesystem::exists(tw.dir.file("r2.db")));
}

}  // namespace
}  // namespace haven::retention
