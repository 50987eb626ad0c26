// A family's journey (journey/journey.hpp) on a real database: from referral through the waiting
// list, intake and contact to closure; each step only in its turn and dated no later than today;
// pre-visits before the first session's day; the ground rules recorded as the parent's
// acknowledgement of the policy; the intake papers sealed and read only by those who run the case.
#include "journey/journey.hpp"

#include <gtest/gtest.h>

#include "access/access.hpp"
#include "disclosure/subject_access.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::journey {
namespace {

using records::Party;

class JourneyTest : public ::testing::Test {
 protected:
  JourneyTest() : demo_("birmingham"), ws_(*demo_.ws), c_(*demo_.centre), amy_(demo_.staff("coord.amy")) {}

  // A new family referred `days_ago`: two parents and a child; its reference.
  std::string new_family(int days_ago) {
    auto family = records::create_family(ws_, c_, amy_, true);
    if (!family) ADD_FAILURE() << family.error().message;
    auto resident =
        records::add_person(ws_, c_, amy_, family->id, {Party::resident_parent, "Jo", "Hart", "", "", "", ""});
    auto other =
        records::add_person(ws_, c_, amy_, family->id, {Party::non_resident_parent, "Al", "Hart", "", "", "", ""});
    EXPECT_TRUE(resident && other);
    resident_ = resident.value_or("");
    other_ = other.value_or("");
    EXPECT_TRUE(
        records::add_person(ws_, c_, amy_, family->id, {Party::child, "Kit", "Hart", "2019-04-01", "", "", ""}));
    EXPECT_TRUE(records::add_referral(ws_, c_, amy_, family->id,
                                      {records::AgencyKind::self_referral, "", "", format_day(ago(days_ago))}));
    return family->reference;
  }
  static Day ago(int days) { return london_today() - std::chrono::days{days}; }
  Result<bool> step(const std::string& family, Step kind, Day on, const std::string& person = {},
                    const access::Staff* by = nullptr) {
    return record_step(ws_, c_, by ? *by : amy_, family,
                       {.step = kind, .on = on, .person_id = person, .how = "signed copy", .outcome = Outcome::other});
  }
  Journey journey(const std::string& family, const std::string& handle = "coord.amy") {
    auto j = journey_of(ws_, c_, demo_.staff(handle), family);
    EXPECT_TRUE(j) << j.error().message;
    return j ? *j : Journey{};
  }
  // Records everything intake needs, the pre-visits `days_ago` and the day after.
  void complete_intake(const std::string& family, int days_ago) {
    EXPECT_TRUE(step(family, Step::pre_visit, ago(days_ago), resident_));
    EXPECT_TRUE(step(family, Step::pre_visit, ago(days_ago - 1), other_));
    EXPECT_TRUE(step(family, Step::ground_rules, ago(days_ago), resident_));
    EXPECT_TRUE(step(family, Step::ground_rules, ago(days_ago - 1), other_));
    EXPECT_TRUE(write_plan(ws_, c_, amy_, family, Plan::risk_assessment, "Handovers in separate rooms."));
    EXPECT_TRUE(write_plan(ws_, c_, amy_, family, Plan::contact_plan, "Fortnightly, two hours, staggered."));
  }
  int audited(const std::string& action, const std::string& outcome) {
    return store::value<int>(ws_.db(), "SELECT COUNT(*) FROM audit_log WHERE action = :a AND outcome = :o", action,
                             outcome)
        .value_or(0);
  }

  haven::testing::DemoWorkspace demo_;
  app::Workspace& ws_;
  const app::Centre& c_;
  access::Staff amy_;
  std::string resident_, other_;
};

TEST_F(JourneyTest, AFamilyGoesFromReferralThroughIntakeAndReviewToClosure) {
  std::string f = new_family(60);
  EXPECT_EQ(journey(f).stage, Stage::referred);
  EXPECT_EQ(journey(f).referred_on, format_day(ago(60)));

  ASSERT_TRUE(step(f, Step::waiting_list, ago(58)));
  Journey waiting = journey(f);
  EXPECT_EQ(waiting.stage, Stage::waiting);
  EXPECT_EQ(waiting.waiting_since, format_day(ago(58)));
  EXPECT_EQ(waiting.waiting_position, 1);

  ASSERT_TRUE(step(f, Step::place_offered, ago(40)));
  Journey intake = journey(f);
  EXPECT_EQ(intake.stage, Stage::intake);
  EXPECT_EQ(intake.waiting_position, 0);
  EXPECT_EQ(intake.to_begin, (std::vector<std::string>{
                                 "the resident parent's pre-visit", "the resident parent's signed ground rules",
                                 "the non-resident parent's pre-visit", "the non-resident parent's signed ground rules",
                                 "the risk assessment", "the contact plan"}));
  auto early = step(f, Step::contact_begun, ago(30));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, ErrorKind::conflict);
  EXPECT_NE(early.error().message.find("the risk assessment"), std::string::npos) << early.error().message;

  EXPECT_EQ(intake.next_steps, (std::vector<Step>{Step::pre_visit, Step::ground_rules, Step::closed}));
  complete_intake(f, 35);
  Journey ready = journey(f);
  EXPECT_TRUE(ready.to_begin.empty());
  EXPECT_EQ(ready.parents.size(), 2u);
  EXPECT_EQ(ready.parents[0].pre_visit_on, format_day(ago(35)));
  EXPECT_EQ(ready.parents[0].policy_version, c_.preset.version);
  EXPECT_EQ(ready.contact_plan.text.value_or(""), "Fortnightly, two hours, staggered.");

  ASSERT_TRUE(step(f, Step::contact_begun, ago(30)));
  Journey active = journey(f);
  EXPECT_EQ(active.stage, Stage::active);
  EXPECT_EQ(active.review_due_on, format_day(add_months(ago(30), 3)));
  ASSERT_TRUE(step(f, Step::reviewed, ago(2)));
  EXPECT_EQ(journey(f).review_due_on, format_day(add_months(ago(2), 3))) << "the next review counts from the last";

  ASSERT_TRUE(record_step(
      ws_, c_, amy_, f,
      {.step = Step::closed, .on = ago(1), .person_id = {}, .how = {}, .outcome = Outcome::own_arrangements}));
  Journey closed = journey(f);
  EXPECT_EQ(closed.stage, Stage::closed);
  EXPECT_EQ(closed.outcome, Outcome::own_arrangements);
  auto after = step(f, Step::reviewed, london_today());
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().kind, ErrorKind::conflict);
  EXPECT_FALSE(write_plan(ws_, c_, amy_, f, Plan::contact_plan, "More")) << "a closed case takes no new papers";
}

// Sessions may be booked during intake, but nobody attends one until contact has begun: the
// pre-visits are the parents' visits then, recorded on the case.
TEST_F(JourneyTest, NobodyAttendsASessionBeforeContactBegins) {
  std::string f = new_family(60);
  ASSERT_TRUE(step(f, Step::waiting_list, ago(58)));
  ASSERT_TRUE(step(f, Step::place_offered, ago(40)));
  complete_intake(f, 35);
  auto family = records::find_family(ws_, c_, f);
  ASSERT_TRUE(family);
  std::string today = format_day(london_today());
  auto session =
      records::schedule_session(ws_, c_, amy_, family->id, {today + " 10:00", today + " 11:00", "Blue room"});
  ASSERT_TRUE(session) << session.error().message;
  auto early = records::record_attendance(ws_, c_, amy_, *session, resident_, "arrived", today + " 09:45");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, ErrorKind::conflict);
  EXPECT_NE(early.error().message.find("contact has not begun"), std::string::npos) << early.error().message;
  ASSERT_TRUE(step(f, Step::contact_begun, ago(1)));
  EXPECT_TRUE(records::record_attendance(ws_, c_, amy_, *session, resident_, "arrived", today + " 09:45"));
}

TEST_F(JourneyTest, StepsOutOfTurnInTheFutureOrBeforeTheLastAreRefused) {
  std::string f = new_family(20);
  auto visit = step(f, Step::pre_visit, ago(5), resident_);
  ASSERT_FALSE(visit);
  EXPECT_EQ(visit.error().kind, ErrorKind::conflict) << "no pre-visit before a place is offered";
  auto future = step(f, Step::waiting_list, london_today() + std::chrono::days{1});
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().kind, ErrorKind::invalid_input);
  auto before_referral = step(f, Step::waiting_list, ago(21));
  ASSERT_FALSE(before_referral);
  EXPECT_NE(before_referral.error().message.find("before the referral"), std::string::npos);
  auto review = step(f, Step::reviewed, ago(1));
  ASSERT_FALSE(review) << "a family is reviewed once contact runs";
  ASSERT_TRUE(step(f, Step::place_offered, ago(10))) << "a place can be offered straight from referral";
  EXPECT_FALSE(step(f, Step::waiting_list, ago(9))) << "nor joins the list once offered one";
  auto stranger = step(f, Step::pre_visit, ago(9), "per_not_of_this_family");
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().kind, ErrorKind::invalid_input);
  ASSERT_TRUE(step(f, Step::pre_visit, ago(9), resident_));
  EXPECT_FALSE(step(f, Step::pre_visit, ago(8), resident_)) << "one pre-visit each";
  EXPECT_TRUE(
      record_step(ws_, c_, amy_, f,
                  {.step = Step::closed, .on = ago(8), .person_id = {}, .how = {}, .outcome = Outcome::withdrawn}))
      << "a case may close at any stage";
}

TEST_F(JourneyTest, APreVisitComesBeforeTheDayOfTheFirstSession) {
  std::string f = new_family(20);
  auto family = records::find_family(ws_, c_, f);
  ASSERT_TRUE(family);
  ASSERT_TRUE(step(f, Step::place_offered, ago(15)));
  std::string day = format_day(ago(5));
  ASSERT_TRUE(records::schedule_session(ws_, c_, amy_, family->id, {day + " 10:00", day + " 12:00", "Blue room"}));
  auto same_day = step(f, Step::pre_visit, ago(5), resident_);
  ASSERT_FALSE(same_day);
  EXPECT_EQ(same_day.error().kind, ErrorKind::conflict);
  EXPECT_NE(same_day.error().message.find(format_day_words(ago(5))), std::string::npos) << same_day.error().message;
  EXPECT_TRUE(step(f, Step::pre_visit, ago(6), resident_));
}

TEST_F(JourneyTest, FamiliesWaitInTheOrderTheyJoined) {
  std::string first = new_family(30), second = new_family(30);
  ASSERT_TRUE(step(second, Step::waiting_list, ago(20)));
  ASSERT_TRUE(step(first, Step::waiting_list, ago(25)));
  EXPECT_EQ(journey(first).waiting_position, 1);
  EXPECT_EQ(journey(second).waiting_position, 2);
  auto list = waiting_list(ws_, c_, amy_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].reference, first);
  EXPECT_EQ((*list)[1].since, format_day(ago(20)));
  ASSERT_TRUE(step(first, Step::place_offered, ago(3)));
  EXPECT_EQ(journey(second).waiting_position, 1) << "the next family moves up";
}

TEST_F(JourneyTest, AReviewFallsDueAfterThePresetsInterval) {
  std::string f = new_family(200);
  ASSERT_TRUE(step(f, Step::place_offered, ago(190)));
  complete_intake(f, 185);
  ASSERT_TRUE(step(f, Step::contact_begun, ago(150)));
  EXPECT_EQ(journey(f).stage, Stage::review_due) << "150 days on from the start, past three months";
  ASSERT_TRUE(step(f, Step::reviewed, ago(1)));
  EXPECT_EQ(journey(f).stage, Stage::active);
}

TEST_F(JourneyTest, TheGroundRulesAreTheParentsAcknowledgementOfThePolicy) {
  std::string f = new_family(20);
  ASSERT_TRUE(step(f, Step::place_offered, ago(10)));
  ASSERT_TRUE(step(f, Step::ground_rules, ago(9), resident_));
  int told = store::value<int>(ws_.db(),
                               "SELECT COUNT(*) FROM policy_acknowledgements WHERE subject_kind = 'person' AND "
                               "subject_id = :p AND version = :v AND audience = 'users'",
                               resident_, c_.preset.version)
                 .value_or(0);
  EXPECT_EQ(told, 1);
  EXPECT_FALSE(record_step(
      ws_, c_, amy_, f,
      {.step = Step::ground_rules, .on = ago(9), .person_id = other_, .how = {}, .outcome = Outcome::other}))
      << "how they were signed is asked";
}

TEST_F(JourneyTest, TheIntakePapersAreSealedAndReadOnlyByThoseWhoRunTheCase) {
  std::string f = new_family(20);
  ASSERT_TRUE(step(f, Step::place_offered, ago(10)));
  ASSERT_TRUE(write_plan(ws_, c_, demo_.staff("safe.lee"), f, Plan::risk_assessment, "Father's temper noted."));
  int plain = store::value<int>(ws_.db(), "SELECT COUNT(*) FROM family_plans WHERE body LIKE '%temper%'").value_or(1);
  EXPECT_EQ(plain, 0) << "the text is sealed";
  EXPECT_EQ(journey(f, "safe.lee").risk_assessment.text.value_or(""), "Father's temper noted.");
  EXPECT_EQ(journey(f, "mgmt.raj").risk_assessment.text.value_or(""), "Father's temper noted.");

  auto volunteer = demo_.staff("vol.sam");
  auto read = journey_of(ws_, c_, volunteer, f);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, ErrorKind::denied);
  auto wrote = write_plan(ws_, c_, volunteer, f, Plan::contact_plan, "x");
  ASSERT_FALSE(wrote);
  EXPECT_EQ(wrote.error().kind, ErrorKind::denied);
  EXPECT_FALSE(wrote.error().clause_id().empty());
  auto lee = demo_.staff("safe.lee");
  auto moved = step(f, Step::place_offered, ago(1), {}, &lee);
  ASSERT_FALSE(moved) << "the case is moved on by a coordinator or management";
  EXPECT_EQ(moved.error().kind, ErrorKind::denied);
  auto administrator = journey_of(ws_, c_, demo_.staff("admin.kim"), f);
  ASSERT_FALSE(administrator);
  EXPECT_EQ(administrator.error().kind, ErrorKind::denied);
  EXPECT_GE(audited("view_journey", "deny"), 2) << "each refusal is on the audit chain";
  EXPECT_GE(audited("view_journey", "allow"), 2);
}

TEST_F(JourneyTest, IntakeNeedsBothParentsAndEveryStepIsAudited) {
  int offered_before = audited("journey_place_offered", "change");
  auto family = records::create_family(ws_, c_, amy_, false);
  ASSERT_TRUE(family);
  auto resident =
      records::add_person(ws_, c_, amy_, family->id, {Party::resident_parent, "Di", "Moss", "", "", "", ""});
  ASSERT_TRUE(resident);
  auto no_referral = step(family->reference, Step::place_offered, ago(3));
  ASSERT_FALSE(no_referral) << "a place is offered on a referral";
  EXPECT_NE(no_referral.error().message.find("referral"), std::string::npos);
  ASSERT_TRUE(records::add_referral(ws_, c_, amy_, family->id,
                                    {records::AgencyKind::solicitor, "Ann Lee", *resident, format_day(ago(10))}));
  ASSERT_TRUE(step(family->reference, Step::place_offered, ago(3)));
  auto needs = journey(family->reference).to_begin;
  ASSERT_FALSE(needs.empty());
  EXPECT_EQ(needs[0], "the non-resident parent's details");
  EXPECT_EQ(audited("journey_place_offered", "change"), offered_before + 1) << "the demo's families' and this one";
  EXPECT_EQ(audited("journey_place_offered", "deny"), 0) << "a step out of turn changes nothing and is no refusal";
}

TEST_F(JourneyTest, APreVisitOvertakenByABookingMayBeRecordedAgain) {
  std::string f = new_family(20);
  auto family = records::find_family(ws_, c_, f);
  ASSERT_TRUE(family);
  ASSERT_TRUE(step(f, Step::place_offered, ago(15)));
  ASSERT_TRUE(step(f, Step::pre_visit, ago(5), resident_));
  std::string day = format_day(ago(5));
  ASSERT_TRUE(records::schedule_session(ws_, c_, amy_, family->id, {day + " 14:00", day + " 15:00", "Blue room"}));
  Journey j = journey(f);
  ASSERT_FALSE(j.to_begin.empty());
  EXPECT_NE(j.to_begin[0].find("before the day of the first session"), std::string::npos) << j.to_begin[0];
  EXPECT_TRUE(step(f, Step::pre_visit, ago(7), resident_)) << "the pre-visit that no longer counts is replaced";
  EXPECT_EQ(journey(f).parents[0].pre_visit_on, format_day(ago(7)));
}

TEST_F(JourneyTest, APersonsOwnRecordsShowTheirCaseInWords) {
  std::string f = new_family(20);
  ASSERT_TRUE(step(f, Step::place_offered, ago(10)));
  ASSERT_TRUE(step(f, Step::pre_visit, ago(9), resident_));
  ASSERT_TRUE(step(f, Step::pre_visit, ago(8), other_));
  disclosure::SubjectAccessRequest request;
  request.person_id = resident_;
  request.to.kind = policy::RecipientKind::parent;
  request.to.person_id = resident_;
  auto copy = disclosure::subject_access(ws_, c_, amy_, f, request);
  ASSERT_TRUE(copy) << copy.error().message;
  ASSERT_EQ(copy->journey.size(), 2u) << "the family's step and their own pre-visit, not the other parent's";
  EXPECT_EQ(describe_step(copy->journey[0].step, copy->journey[0].detail), "Offered a place");
  EXPECT_EQ(describe_step(copy->journey[1].step, copy->journey[1].detail), "Pre-visit to the centre");
  EXPECT_EQ(describe_step("closed", "court_order"), "Case closed: Ended by a court order");
}

}  // namespace
}  // namespace haven::journey
