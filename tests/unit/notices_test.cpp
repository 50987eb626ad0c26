// What waits for each member of staff (notices/notices.hpp): a new concern reaches the safeguarding
// lead and management at once and stays new to each until they have read it; reviews falling due
// reach those who run cases; a volunteer is given nothing they may not see.
#include "notices/notices.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "disclosure/consents.hpp"
#include "incidents/incidents.hpp"
#include "journey/journey.hpp"
#include "mail/outbox.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::notices {
namespace {

class NoticesTest : public ::testing::Test {
 protected:
  NoticesTest() : demo_("birmingham"), ws_(*demo_.ws), c_(*demo_.centre) {}

  std::vector<Notice> waiting(const std::string& handle) {
    auto notices = waiting_for(ws_, c_, demo_.staff(handle), london_today());
    EXPECT_TRUE(notices) << notices.error().message;
    return notices ? *notices : std::vector<Notice>{};
  }
  static bool mentions(const std::vector<Notice>& notices, const std::string& words, bool fresh) {
    return std::ranges::any_of(
        notices, [&](const Notice& n) { return n.text.find(words) != std::string::npos && n.fresh == fresh; });
  }

  haven::testing::DemoWorkspace demo_;
  app::Workspace& ws_;
  const app::Centre& c_;
};

TEST_F(NoticesTest, ANewConcernReachesTheSafeguardingLeadAndManagementUntilEachReadsIt) {
  ASSERT_TRUE(disclosure::record_concern(ws_, c_, demo_.staff("vol.sam"), "F0002", disclosure::ConcernKind::welfare,
                                         "Sam was upset at handover"));
  for (const char* reader : {"safe.lee", "mgmt.raj"}) {
    auto notices = waiting(reader);
    ASSERT_FALSE(notices.empty()) << reader;
    EXPECT_TRUE(notices[0].fresh) << "the new come first";
    EXPECT_NE(notices[0].text.find("Welfare concern about family F0002"), std::string::npos) << notices[0].text;
    EXPECT_EQ(notices[0].subject, Subject::concern);
    EXPECT_EQ(notices[0].family_reference, "F0002");
    EXPECT_EQ(notices[0].text.find("upset"), std::string::npos) << "the summary stays on the family's page";
  }
  EXPECT_FALSE(mentions(waiting("coord.amy"), "concern", true)) << "coordinators do not read concerns";
  EXPECT_TRUE(waiting("vol.sam").empty());

  ASSERT_TRUE(incidents::concerns(ws_, c_, demo_.staff("safe.lee"), "F0002"));
  EXPECT_FALSE(mentions(waiting("safe.lee"), "Welfare concern", true)) << "read, so no longer new to her";
  EXPECT_TRUE(mentions(waiting("mgmt.raj"), "Welfare concern about family F0002", true)) << "still new to management";
}

TEST_F(NoticesTest, AReviewFallingDueReachesThoseWhoRunCases) {
  EXPECT_FALSE(mentions(waiting("coord.amy"), "review", false)) << "the demo's families began days ago";
  auto amy = demo_.staff("coord.amy");
  auto family = records::create_family(ws_, c_, amy, false);
  ASSERT_TRUE(family);
  auto day = [](int ago) { return london_today() - std::chrono::days{ago}; };
  auto resident =
      records::add_person(ws_, c_, amy, family->id, {records::Party::resident_parent, "A", "B", "", "", "", ""});
  auto other =
      records::add_person(ws_, c_, amy, family->id, {records::Party::non_resident_parent, "C", "B", "", "", "", ""});
  ASSERT_TRUE(resident && other);
  ASSERT_TRUE(records::add_referral(ws_, c_, amy, family->id,
                                    {records::AgencyKind::self_referral, "", "", format_day(day(130))}));
  using journey::Step;
  auto step = [&](Step s, int ago, const std::string& person = {}) {
    return journey::record_step(
        ws_, c_, amy, family->id,
        {.step = s, .on = day(ago), .person_id = person, .how = "signed copy", .outcome = journey::Outcome::other});
  };
  ASSERT_TRUE(step(Step::place_offered, 125));
  for (const auto& person : {*resident, *other}) {
    ASSERT_TRUE(step(Step::pre_visit, 120, person));
    ASSERT_TRUE(step(Step::ground_rules, 120, person));
  }
  ASSERT_TRUE(journey::write_plan(ws_, c_, amy, family->id, journey::Plan::risk_assessment, "r"));
  ASSERT_TRUE(journey::write_plan(ws_, c_, amy, family->id, journey::Plan::contact_plan, "p"));
  ASSERT_TRUE(step(Step::contact_begun, 100));
  auto expected =
      fmt::format("Family {}'s review was due on {}", family->reference, format_day_words(add_months(day(100), 3)));
  EXPECT_TRUE(mentions(waiting("coord.amy"), expected, false)) << expected;
  EXPECT_TRUE(mentions(waiting("mgmt.raj"), expected, false));
  EXPECT_FALSE(mentions(waiting("vol.sam"), "review", false));
  ASSERT_TRUE(step(Step::reviewed, 0));
  EXPECT_FALSE(mentions(waiting("coord.amy"), family->reference + "'s review", false)) << "reviewed today";
}

}  // namespace
}  // namespace haven::notices

namespace haven::notices {
namespace {

int letters_to_staff(app::Workspace& ws, const std::string& staff_id) {
  return store::value<int>(ws.db(), "SELECT COUNT(*) FROM outbox WHERE about = :a", "staff:" + staff_id).value_or(-1);
}

TEST_F(NoticesTest, ThoseWhoChooseAreEmailedWhenSomethingNewWaitsAndTheEmailNamesNoFamily) {
  auto lee = demo_.staff("safe.lee"), sam = demo_.staff("vol.sam");
  EXPECT_FALSE(set_email_notices(ws_, c_, lee, "not an address"));
  ASSERT_TRUE(set_email_notices(ws_, c_, lee, " lee@centre.example "));
  ASSERT_TRUE(set_email_notices(ws_, c_, sam, "sam@centre.example"));
  EXPECT_EQ(email_notices_to(ws_, c_, lee).value_or(""), "lee@centre.example");
  EXPECT_EQ(
      store::value<int>(ws_.db(), "SELECT COUNT(*) FROM staff WHERE notify_email LIKE '%centre.example%'").value_or(-1),
      0)
      << "the address is kept sealed";

  Instant at = now();
  auto first = email_what_waits(ws_, c_, at);
  ASSERT_TRUE(first) << first.error().message;
  int before = letters_to_staff(ws_, lee.id);
  ASSERT_TRUE(
      disclosure::record_concern(ws_, c_, sam, "F0002", disclosure::ConcernKind::welfare, "Sam was upset at handover"));
  auto told = email_what_waits(ws_, c_, at + std::chrono::hours{2});
  ASSERT_TRUE(told) << told.error().message;
  EXPECT_EQ(letters_to_staff(ws_, lee.id), before + 1) << "a new concern, for someone who reads concerns";
  EXPECT_EQ(letters_to_staff(ws_, sam.id), 0) << "a volunteer is told of nothing they may not see";
  std::string body = haven::testing::newest_letter_body(ws_, "staff:" + lee.id);
  EXPECT_NE(body.find("a new concern"), std::string::npos) << body;
  for (const char* secret : {"F0002", "upset", "Welfare", "Joanna"})
    EXPECT_EQ(body.find(secret), std::string::npos) << "an email names no family: " << secret;

  using std::chrono::minutes;
  EXPECT_EQ(email_what_waits(ws_, c_, at + minutes{150}).value_or(-1), 0) << "nothing new since";
  ASSERT_TRUE(disclosure::record_concern(ws_, c_, sam, "F0001", disclosure::ConcernKind::violence, "Raised voices"));
  EXPECT_EQ(email_what_waits(ws_, c_, at + minutes{165}).value_or(-1), 0) << "at most one email an hour";
  EXPECT_EQ(email_what_waits(ws_, c_, at + minutes{185}).value_or(-1), 1)
      << "the hour over, the second concern is told";

  ASSERT_TRUE(set_email_notices(ws_, c_, lee, ""));
  EXPECT_EQ(email_notices_to(ws_, c_, lee).value_or("x"), "");
  ASSERT_TRUE(disclosure::record_concern(ws_, c_, sam, "F0003", disclosure::ConcernKind::welfare, "Tired"));
  EXPECT_EQ(email_what_waits(ws_, c_, at + std::chrono::hours{8}).value_or(-1), 0) << "stopped";
}

TEST_F(NoticesTest, AKindThatShrinksIsNotNewAndOneThatGrowsIs) {
  auto amy = demo_.staff("coord.amy");
  ASSERT_TRUE(set_email_notices(ws_, c_, amy, "amy@centre.example"));
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(mail::queue(ws_, c_.id, {"someone@example.org", "A letter", "Body", "test:" + std::to_string(i)}));
  auto give_up = [&](int n) {
    store::execute(ws_.db(), "UPDATE outbox SET status = 'queued' WHERE about LIKE 'test:%'");
    for (int i = 0; i < n; ++i)
      store::execute(ws_.db(), "UPDATE outbox SET status = 'dead' WHERE about = :a", "test:" + std::to_string(i));
  };
  Instant at = now();
  give_up(2);
  EXPECT_EQ(email_what_waits(ws_, c_, at).value_or(-1), 1) << "two emails could not be sent";
  EXPECT_NE(haven::testing::newest_letter_body(ws_, "staff:" + amy.id).find("email that could not be sent"),
            std::string::npos);
  give_up(1);
  EXPECT_EQ(email_what_waits(ws_, c_, at + std::chrono::hours{2}).value_or(-1), 0) << "one dealt with: nothing new";
  give_up(3);
  EXPECT_EQ(email_what_waits(ws_, c_, at + std::chrono::hours{4}).value_or(-1), 1) << "more than were told of";
}

}  // namespace
}  // namespace haven::notices
