// The complaints log (complaints/complaints.hpp), under both presets: a complaint's stages in
// order, with their due days in working days; stage two reviewed by a manager who did not answer
// stage one; the text sealed; kept by coordinators and management only, every change audited;
// the home page told of what waits.
#include "complaints/complaints.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/working_days.hpp"
#include "notices/notices.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::complaints {
namespace {

Day day(const char* text) { return *parse_day(text); }

TEST(ComplaintDue, EachStageHasItsOwnDay) {
  Complaint k;
  k.received_on = "2026-12-01";
  EXPECT_EQ(due_of(k).waiting, Waiting::acknowledgement);
  EXPECT_EQ(format_day(*due_of(k).on), "2026-12-08");
  k.acknowledged_on = "2026-12-02";
  EXPECT_EQ(due_of(k).waiting, Waiting::stage_one);
  EXPECT_EQ(format_day(*due_of(k).on), format_day(add_working_days(day("2026-12-01"), answer_within)));
  k.stage_one = Answer{"2026-12-20", Finding::not_upheld, "", ""};
  EXPECT_EQ(due_of(k).waiting, Waiting::nothing);
  k.stage_two_asked_on = "2027-01-04";
  EXPECT_EQ(due_of(k).waiting, Waiting::stage_two);
  EXPECT_EQ(format_day(*due_of(k).on), format_day(add_working_days(day("2027-01-04"), answer_within)));
  k.withdrawn_on = "2027-01-05";
  EXPECT_EQ(due_of(k).waiting, Waiting::nothing);
}

class Complaints : public ::testing::TestWithParam<std::string> {
 protected:
  app::Workspace& ws() { return *demo_.ws; }
  const app::Centre& c() { return *demo_.centre; }
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }
  Result<bool> step(const std::string& handle, const std::string& id, Step::What what, Day on, std::string text = "",
                    ReferredTo to = ReferredTo::naccc) {
    return record_step(ws(), c(), staff(handle), id, {what, on, Finding::partly_upheld, std::move(text), to});
  }

  testing::DemoWorkspace demo_{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(BothPresets, Complaints, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(Complaints, AComplaintGoesThroughItsStagesInOrderAndStageTwoIsImpartial) {
  Day today = london_today(), received = today - std::chrono::days{12};
  auto id = record_complaint(ws(), c(), staff("coord.amy"),
                             {Kind::data_protection, From::parent, ReceivedHow::email, received, "Dana Whitfield",
                              "F0001", "My address was read out in the waiting room."});
  ASSERT_TRUE(id) << id.error().message;
  auto sealed =
      store::value<std::string>(ws().db(), "SELECT summary || complainant FROM complaints WHERE id = :i", *id);
  EXPECT_EQ(sealed.value_or("").find("waiting room"), std::string::npos) << "the text is sealed";
  EXPECT_EQ(sealed.value_or("").find("Whitfield"), std::string::npos);

  auto answered_early = step("coord.amy", *id, Step::What::answered, today, "Sorry.");
  ASSERT_FALSE(answered_early);
  EXPECT_EQ(answered_early.error().kind, ErrorKind::conflict) << "acknowledged first";
  EXPECT_EQ(step("coord.amy", *id, Step::What::acknowledged, received - std::chrono::days{1}).error().kind,
            ErrorKind::invalid_input)
      << "not before it arrived";
  ASSERT_TRUE(step("coord.amy", *id, Step::What::acknowledged, received + std::chrono::days{1}));
  EXPECT_EQ(step("coord.amy", *id, Step::What::stage_two_asked, today, "A trustee").error().kind, ErrorKind::conflict)
      << "stage two follows stage one";
  ASSERT_TRUE(step("coord.amy", *id, Step::What::answered, received + std::chrono::days{5},
                   "We apologised and now call families by their first name only."));
  EXPECT_EQ(step("coord.amy", *id, Step::What::answered, today, "Again.").error().kind, ErrorKind::conflict);
  ASSERT_TRUE(step("coord.amy", *id, Step::What::stage_two_asked, received + std::chrono::days{8}, "Pat, a trustee"));

  // Stage two: not a coordinator, and not the manager who answered stage one.
  auto by_coordinator = step("coord.amy", *id, Step::What::answered, today, "Upheld on review.");
  ASSERT_FALSE(by_coordinator);
  EXPECT_EQ(by_coordinator.error().clause, policy::Clause::kept_securely);
  ASSERT_TRUE(step("mgmt.raj", *id, Step::What::answered, today, "Upheld on review; staff retrained."));
  ASSERT_TRUE(step("coord.amy", *id, Step::What::referred, today, "", ReferredTo::information_commissioner));
  auto k = complaint(ws(), c(), staff("coord.amy"), *id);
  ASSERT_TRUE(k) << k.error().message;
  EXPECT_EQ(k->complainant, "Dana Whitfield");
  EXPECT_EQ(k->family_reference, "F0001");
  ASSERT_TRUE(k->stage_one && k->stage_two);
  EXPECT_EQ(k->stage_one->summary, "We apologised and now call families by their first name only.");
  EXPECT_EQ(k->stage_two->finding, Finding::partly_upheld);
  EXPECT_EQ(k->reviewer, "Pat, a trustee");
  EXPECT_EQ(k->referred_to, ReferredTo::information_commissioner);
  EXPECT_EQ(k->waiting, Waiting::nothing);
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM audit_log WHERE resource = :r AND outcome = 'change'",
                              "complaint:" + *id)
                .value_or(0),
            6)
      << "logged, acknowledged, answered, stage two asked, reviewed, referred";
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM audit_log WHERE resource = :r AND outcome = 'deny'",
                              "complaint:" + *id)
                .value_or(0),
            1)
      << "the coordinator's refused review";
}

TEST_P(Complaints, WhoAnsweredStageOneCannotReviewItAndTheHomePageShowsWhatWaits) {
  Day today = london_today();
  auto id = record_complaint(ws(), c(), staff("coord.amy"),
                             {Kind::service, From::referrer, ReceivedHow::letter, today - std::chrono::days{14},
                              "A family solicitor", "", "A session started forty minutes late."});
  ASSERT_TRUE(id) << id.error().message;
  auto notices = notices::waiting_for(ws(), c(), staff("coord.amy"), today);
  ASSERT_TRUE(notices);
  auto waits = std::ranges::find(*notices, notices::Subject::complaint_due, &notices::Notice::subject);
  ASSERT_NE(waits, notices->end());
  EXPECT_NE(waits->text.find("waits to be acknowledged"), std::string::npos) << waits->text;
  EXPECT_NE(waits->text.find("it was due by"), std::string::npos) << "two weeks old: overdue. " << waits->text;
  ASSERT_TRUE(step("mgmt.raj", *id, Step::What::acknowledged, today));
  ASSERT_TRUE(step("mgmt.raj", *id, Step::What::answered, today, "We have changed the rota."));
  EXPECT_EQ(step("mgmt.raj", *id, Step::What::referred, today, "", ReferredTo::information_commissioner).error().kind,
            ErrorKind::invalid_input)
      << "a service complaint goes to NACCC, not the Commissioner";
  ASSERT_TRUE(step("coord.amy", *id, Step::What::stage_two_asked, today, "The chair of trustees"));
  auto own = step("mgmt.raj", *id, Step::What::answered, today, "Not upheld.");
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().kind, ErrorKind::denied);
  EXPECT_NE(own.error().message.find("impartial"), std::string::npos) << own.error().message;
  ASSERT_TRUE(step("coord.amy", *id, Step::What::withdrawn, today));
  EXPECT_EQ(step("coord.amy", *id, Step::What::acknowledged, today).error().kind, ErrorKind::conflict);
  auto all = complaints(ws(), c(), staff("mgmt.raj"));
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().complainant, "") << "a list opens nothing sealed";
  EXPECT_EQ(all->front().waiting, Waiting::nothing);
}

TEST_P(Complaints, StepsOutOfTheirOrderAreRefusedWhateverAsksForThem) {
  Day today = london_today();
  auto id = record_complaint(ws(), c(), staff("coord.amy"),
                             {Kind::data_protection, From::other, ReceivedHow::in_person, today, "A grandparent", "",
                              "A letter about a session reached the wrong address."});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(step("coord.amy", *id, Step::What::referred, today).error().kind, ErrorKind::conflict)
      << "nothing to take further before an answer";
  ASSERT_TRUE(step("coord.amy", *id, Step::What::acknowledged, today));
  ASSERT_TRUE(step("coord.amy", *id, Step::What::answered, today, "We wrote to apologise."));
  EXPECT_EQ(step("coord.amy", *id, Step::What::withdrawn, today).error().kind, ErrorKind::conflict)
      << "an answered complaint has nothing left to withdraw";
  ASSERT_TRUE(step("coord.amy", *id, Step::What::stage_two_asked, today, "The chair of trustees"));
  EXPECT_EQ(step("coord.amy", *id, Step::What::referred, today).error().kind, ErrorKind::conflict)
      << "not while stage two waits for its answer";
  ASSERT_TRUE(step("mgmt.raj", *id, Step::What::answered, today, "Not upheld."));
  ASSERT_TRUE(step("mgmt.raj", *id, Step::What::referred, today, "", ReferredTo::information_commissioner));
  EXPECT_EQ(step("coord.amy", *id, Step::What::stage_two_asked, today, "Again").error().kind, ErrorKind::conflict);
  auto k = complaint(ws(), c(), staff("mgmt.raj"), *id);
  ASSERT_TRUE(k);
  for (auto what : {Step::What::acknowledged, Step::What::answered, Step::What::stage_two_asked, Step::What::referred,
                    Step::What::withdrawn})
    EXPECT_FALSE(step_allowed(*k, what)) << name_of(what) << ": nothing follows a referral";
}

TEST_P(Complaints, BadInputNamesTheFieldAndOthersAreRefusedUnderClause7) {
  auto amy = staff("coord.amy");
  NewComplaint n{Kind::service, From::parent, ReceivedHow::phone, london_today(), "A parent", "F9999", "Late."};
  EXPECT_NE(record_complaint(ws(), c(), amy, n).error().message.find("(family)"), std::string::npos);
  n.family = "";
  n.summary = " ";
  EXPECT_NE(record_complaint(ws(), c(), amy, n).error().message.find("(summary)"), std::string::npos);
  n.summary = "Late.";
  n.received = london_today() + std::chrono::days{1};
  EXPECT_NE(record_complaint(ws(), c(), amy, n).error().message.find("(received_on)"), std::string::npos);
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM complaints").value_or(-1), 0);
  n.received = london_today();
  for (const char* handle : {"vol.sam", "safe.lee", "admin.kim"}) {
    auto refused = complaints(ws(), c(), staff(handle));
    ASSERT_FALSE(refused) << handle;
    EXPECT_EQ(refused.error().clause, policy::Clause::kept_securely);
    EXPECT_FALSE(record_complaint(ws(), c(), staff(handle), n));
  }
}

}  // namespace
}  // namespace haven::complaints
