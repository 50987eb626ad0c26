// Centre operations under both presets: DBS checks admit volunteers at the preset's level and
// fall due for renewal (clause 6); rooms cannot be double-booked; an assessment needs a
// management agreement (clause 5).
#include <gtest/gtest.h>

#include "access/staff.hpp"
#include "cli/demo.hpp"
#include "premises/bookings.hpp"
#include "records/families.hpp"
#include "records/family_view.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"
#include "vetting/dbs.hpp"

namespace haven {
namespace {

class OperationsTest : public ::testing::TestWithParam<std::string> {
 protected:
  bool birmingham() const { return GetParam() == "birmingham"; }
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }

  haven::testing::DemoWorkspace demo_{GetParam()};
  std::unique_ptr<app::Workspace>& ws_ = demo_.ws;
  const app::Centre* c_ = demo_.centre;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, OperationsTest, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(OperationsTest, Clause6_ACheckAtThePresetsLevelAdmitsAVolunteer) {
  demo_.on_todays_rota("vol.new", "F0001");
  EXPECT_FALSE(records::show_family(*ws_, *c_, staff("vol.new"), "F0001")) << "an applicant sees nothing";
  auto basic = vetting::record_check(*ws_, *c_, staff("mgmt.raj"), "vol.new",
                                     {policy::DbsLevel::basic, "001234567890", "2026-10-01", false});
  ASSERT_TRUE(basic) << basic.error().message;
  EXPECT_EQ(basic->full_volunteer, !birmingham()) << "Birmingham needs an enhanced check";
  EXPECT_EQ(records::show_family(*ws_, *c_, staff("vol.new"), "F0001").has_value(), !birmingham());
  auto enhanced = vetting::record_check(*ws_, *c_, staff("mgmt.raj"), "vol.new",
                                        {policy::DbsLevel::enhanced, "001234567891", "2026-10-20", true});
  ASSERT_TRUE(enhanced);
  EXPECT_TRUE(enhanced->full_volunteer);
  auto view = records::show_family(*ws_, *c_, staff("vol.new"), "F0001");
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_TRUE(view->people[0].field("address").empty());
}

TEST_P(OperationsTest, Clause6_NobodyRecordsTheirOwnCheck) {
  auto own = vetting::record_check(*ws_, *c_, staff("mgmt.raj"), "mgmt.raj",
                                   {policy::DbsLevel::enhanced, "001234567899", "2026-10-01", false});
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().clause_id(), "6");
  int refusals = store::value<int>(ws_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'record_dbs_check' AND "
                                              "outcome = 'deny'")
                     .value_or(0);
  EXPECT_EQ(refusals, 1);
  EXPECT_TRUE(vetting::record_check(*ws_, *c_, staff("admin.kim"), "mgmt.raj",
                                    {policy::DbsLevel::enhanced, "001234567899", "2026-10-01", false}));
}

TEST_P(OperationsTest, Clause6_ChecksAreRecordedByManagementWithoutCopies) {
  auto by_coordinator = vetting::record_check(*ws_, *c_, staff("coord.amy"), "vol.new",
                                              {policy::DbsLevel::enhanced, "001234567890", "2026-10-01", false});
  ASSERT_FALSE(by_coordinator);
  EXPECT_EQ(by_coordinator.error().clause_id(), "7");
  EXPECT_FALSE(vetting::record_check(*ws_, *c_, staff("mgmt.raj"), "vol.new",
                                     {policy::DbsLevel::enhanced, "12345", "2026-10-01", false}));
  EXPECT_FALSE(vetting::record_check(*ws_, *c_, staff("mgmt.raj"), "vol.new",
                                     {policy::DbsLevel::enhanced, "001234567890", "2099-01-01", false}));
  ASSERT_TRUE(vetting::record_check(*ws_, *c_, staff("mgmt.raj"), "vol.new",
                                    {policy::DbsLevel::enhanced, "001234567890", "2026-10-01", false}));
  std::string stored = store::value<std::string>(ws_->db(), "SELECT certificate_number FROM dbs_checks").value_or("");
  EXPECT_EQ(stored.find("001234567890"), std::string::npos) << "the certificate number is sealed";
}

TEST_P(OperationsTest, Clause6_RechecksFallDueAfterThePresetsPeriod) {
  // The demo's manager was checked on 2024-06-01: due three years later under both presets.
  auto soon = vetting::recheck_due(*ws_, *c_, staff("admin.kim"), Day{std::chrono::year{2027} / 5 / 15}, 30);
  ASSERT_TRUE(soon) << soon.error().message;
  ASSERT_EQ(soon->size(), 1u);
  EXPECT_EQ((*soon)[0].handle, "mgmt.raj");
  EXPECT_EQ((*soon)[0].due_on, "2027-06-01");
  EXPECT_FALSE((*soon)[0].overdue);
  auto earlier = vetting::recheck_due(*ws_, *c_, staff("admin.kim"), Day{std::chrono::year{2027} / 4 / 1}, 30);
  EXPECT_TRUE(earlier->empty());
  // By 1 March 2028: the manager (due June 2027) and the safeguarding lead (checked 2025-01-20).
  auto later = vetting::recheck_due(*ws_, *c_, staff("admin.kim"), Day{std::chrono::year{2028} / 3 / 1}, 0);
  ASSERT_EQ(later->size(), 2u);
  EXPECT_EQ((*later)[0].handle, "mgmt.raj");
  EXPECT_EQ((*later)[1].handle, "safe.lee");
  EXPECT_TRUE((*later)[0].overdue);
}

TEST_P(OperationsTest, Clause6_ALapsedCheckStopsAccessUntilRenewed) {
  auto old = testing::add_vetted_staff(*ws_, *c_, {"vol.old", "Pat", policy::Role::volunteer}, policy::DbsLevel::enhanced,
                              "2021-05-01");
  ASSERT_TRUE(old);
  demo_.on_todays_rota("vol.old", "F0001");
  auto refused = records::show_family(*ws_, *c_, staff("vol.old"), "F0001");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().clause_id(), "6");
  EXPECT_NE(refused.error().message.find("more than 3 years old"), std::string::npos) << refused.error().message;
  ASSERT_TRUE(vetting::record_check(*ws_, *c_, staff("mgmt.raj"), "vol.old",
                                    {policy::DbsLevel::enhanced, "009988776655", "2021-05-01", true}));
  EXPECT_TRUE(records::show_family(*ws_, *c_, staff("vol.old"), "F0001")) << "kept current by the Update Service";
}

TEST_P(OperationsTest, Clause5_AssessmentNeedsAManagementAgreement) {
  premises::NewBooking b{premises::BookingKind::assessment, "Garden room", "2027-02-10 14:00", "2027-02-10 15:00",
                         "cafcass", "F0002"};
  auto refused = premises::book_room(*ws_, *c_, staff("coord.amy"), b);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().clause_id(), "5");
  EXPECT_NE(refused.error().message.find("clause 5"), std::string::npos);

  auto not_management = premises::approve_assessment(*ws_, *c_, staff("coord.amy"), "F0002", "cafcass", "2027-03-01");
  ASSERT_FALSE(not_management);
  EXPECT_EQ(not_management.error().clause_id(), "5");
  ASSERT_TRUE(premises::approve_assessment(*ws_, *c_, staff("mgmt.raj"), "F0002", "cafcass", "2027-03-01"));
  b.agency = "solicitor";
  EXPECT_FALSE(premises::book_room(*ws_, *c_, staff("coord.amy"), b)) << "the agreement names the agency";
  b.agency = "cafcass";
  auto booked = premises::book_room(*ws_, *c_, staff("coord.amy"), b);
  ASSERT_TRUE(booked) << booked.error().message;
  b.starts = "2027-02-11 14:00";
  b.ends = "2027-02-11 15:00";
  EXPECT_FALSE(premises::book_room(*ws_, *c_, staff("coord.amy"), b)) << "an agreement is used once";
}

TEST_P(OperationsTest, RoomsAreNotDoubleBooked) {
  premises::NewBooking meeting{premises::BookingKind::meeting, "Blue room", "2027-03-03 09:00", "2027-03-03 11:00", "",
                               ""};
  ASSERT_TRUE(premises::book_room(*ws_, *c_, staff("coord.amy"), meeting));
  meeting.starts = "2027-03-03 10:30";
  meeting.ends = "2027-03-03 12:00";
  auto clash = premises::book_room(*ws_, *c_, staff("coord.amy"), meeting);
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, ErrorKind::conflict);
  auto family = records::find_family(*ws_, *c_, "F0001");
  auto session = records::schedule_session(*ws_, *c_, staff("coord.amy"), family->id,
                                           {"2027-03-03 10:00", "2027-03-03 12:00", "Blue room"});
  ASSERT_FALSE(session);
  EXPECT_EQ(session.error().kind, ErrorKind::conflict);
  meeting.starts = "2027-03-03 11:00";  // back to back is fine
  EXPECT_TRUE(premises::book_room(*ws_, *c_, staff("coord.amy"), meeting));
  EXPECT_FALSE(premises::book_room(*ws_, *c_, staff("vol.sam"), {premises::BookingKind::meeting, "Garden room",
                                                                 "2027-04-01 09:00", "2027-04-01 10:00", "", ""}));
}

}  // namespace
}  // namespace haven
