// A quarter's figures (statistics/statistics.hpp) counted from real records: referrals by
// source, who was seen, sessions held and called off, no-shows, closures by outcome and the
// waiting list at the quarter's end; only what falls inside the quarter counts.
#include "statistics/statistics.hpp"

#include <gtest/gtest.h>

#include "journey/journey.hpp"
#include "records/families.hpp"
#include "support/temp_workspace.hpp"

namespace haven::statistics {
namespace {

using records::AgencyKind;
using records::Party;

class StatisticsTest : public ::testing::Test {
 protected:
  StatisticsTest() : demo_("birmingham"), ws_(*demo_.ws), c_(*demo_.centre), amy_(demo_.staff("coord.amy")) {}

  struct Family {
    std::string id, reference, resident, other, child;
  };
  Family family(AgencyKind source, const std::string& referred_on) {
    Family f;
    auto made = records::create_family(ws_, c_, amy_, false);
    EXPECT_TRUE(made);
    f.id = made->id;
    f.reference = made->reference;
    f.resident =
        records::add_person(ws_, c_, amy_, f.id, {Party::resident_parent, "Ana", "Quill", "", "", "", ""}).value_or("");
    f.other = records::add_person(ws_, c_, amy_, f.id, {Party::non_resident_parent, "Ben", "Quill", "", "", "", ""})
                  .value_or("");
    f.child =
        records::add_person(ws_, c_, amy_, f.id, {Party::child, "Cy", "Quill", "2020-01-01", "", "", ""}).value_or("");
    EXPECT_TRUE(records::add_referral(
        ws_, c_, amy_, f.id, {source, source == AgencyKind::self_referral ? "" : "Referrer", "", referred_on}));
    return f;
  }
  std::string session(const Family& f, const std::string& day) {
    auto id = records::schedule_session(ws_, c_, amy_, f.id, {day + " 10:00", day + " 11:00", "Blue room"});
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or("");
  }
  void step(const Family& f, journey::Step kind, const std::string& on,
            journey::Outcome outcome = journey::Outcome::other) {
    auto done =
        journey::record_step(ws_, c_, amy_, f.reference,
                             {.step = kind, .on = *parse_day(on), .person_id = {}, .how = {}, .outcome = outcome});
    EXPECT_TRUE(done) << done.error().message;
  }

  haven::testing::DemoWorkspace demo_;
  app::Workspace& ws_;
  const app::Centre& c_;
  access::Staff amy_;
};

TEST_F(StatisticsTest, AQuartersFiguresAreCountedFromTheRecordsInsideIt) {
  Family a = family(AgencyKind::solicitor, "2026-04-03");
  Family b = family(AgencyKind::self_referral, "2026-05-02");
  Family before = family(AgencyKind::cafcass, "2026-03-30");  // the quarter before

  std::string held = session(a, "2026-05-10");
  ASSERT_TRUE(records::record_attendance(ws_, c_, amy_, held, a.resident, "arrived", "2026-05-10 09:55"));
  ASSERT_TRUE(records::record_attendance(ws_, c_, amy_, held, a.child, "arrived", "2026-05-10 09:55"));
  ASSERT_TRUE(records::record_attendance(ws_, c_, amy_, held, a.other, "no_show", "", records::NoShowReason::no_word));
  std::string off = session(a, "2026-06-01");
  ASSERT_TRUE(records::cancel_session(ws_, c_, amy_, off, records::CancelReason::child_unwell));
  session(b, "2026-06-15");       // nobody recorded: not held
  session(before, "2026-07-02");  // the quarter after
  step(b, journey::Step::waiting_list, "2026-05-03");
  step(a, journey::Step::closed, "2026-06-20", journey::Outcome::withdrawn);
  step(before, journey::Step::waiting_list, "2026-04-01");
  step(before, journey::Step::place_offered, "2026-06-30");

  auto f = quarterly(ws_, c_, amy_, {2026, 2});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->referrals, 2);
  EXPECT_EQ(f->referrals_by_source, (std::vector<std::pair<std::string, int>>{{"self_referral", 1}, {"solicitor", 1}}));
  EXPECT_EQ(f->families_seen, 1);
  EXPECT_EQ(f->children_seen, 1);
  EXPECT_EQ(f->sessions_held, 1);
  EXPECT_EQ(f->sessions_called_off, 1);
  EXPECT_EQ(f->no_shows, 1);
  EXPECT_EQ(f->closed, 1);
  EXPECT_EQ(f->closed_by_outcome, (std::vector<std::pair<std::string, int>>{{"withdrawn", 1}}));
  EXPECT_EQ(f->waiting_at_end, 1) << "one family joined the list and had no place by 30 June; the other had one";

  auto csv = figures_csv(*f);
  EXPECT_TRUE(csv.starts_with("quarter,measure,category,count\r\n"));
  EXPECT_NE(csv.find("2026-Q2,referrals,solicitor,1\r\n"), std::string::npos);
  EXPECT_NE(csv.find("2026-Q2,cases_closed,withdrawn,1\r\n"), std::string::npos);
  EXPECT_EQ(csv.find("Quill"), std::string::npos) << "counts only";

  auto earlier = quarterly(ws_, c_, amy_, {2026, 1});
  ASSERT_TRUE(earlier);
  EXPECT_EQ(earlier->referrals_by_source, (std::vector<std::pair<std::string, int>>{{"cafcass", 1}}));
  EXPECT_EQ(earlier->sessions_held, 0);
  EXPECT_EQ(f->handovers_held, 0);
}

// A handover the family came to is a session held, and counted again among the handovers.
TEST_F(StatisticsTest, AHandoverHeldIsCountedAmongTheSessionsAndOnItsOwn) {
  Family a = family(AgencyKind::cafcass, "2026-04-03");
  auto handover = records::schedule_session(
      ws_, c_, amy_, a.id, {"2026-05-10 10:00", "2026-05-10 16:00", "Blue room", 15, records::SessionKind::handover});
  ASSERT_TRUE(handover) << handover.error().message;
  ASSERT_TRUE(records::record_attendance(ws_, c_, amy_, *handover, a.child, "arrived", "2026-05-10 09:55"));
  std::string held = session(a, "2026-05-17");
  ASSERT_TRUE(records::record_attendance(ws_, c_, amy_, held, a.child, "arrived", "2026-05-17 09:55"));
  session(a, "2026-05-24");  // nobody came
  auto f = quarterly(ws_, c_, amy_, {2026, 2});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->sessions_held, 2);
  EXPECT_EQ(f->handovers_held, 1);
  EXPECT_NE(figures_csv(*f).find("2026-Q2,sessions_held,handover,1\r\n"), std::string::npos);
}

TEST_F(StatisticsTest, TheFiguresAreForCoordinatorsAndManagement) {
  EXPECT_TRUE(quarterly(ws_, c_, demo_.staff("mgmt.raj"), {2026, 4}));
  for (const char* handle : {"vol.sam", "safe.lee", "admin.kim"}) {
    auto refused = quarterly(ws_, c_, demo_.staff(handle), {2026, 4});
    ASSERT_FALSE(refused) << handle;
    EXPECT_EQ(refused.error().kind, ErrorKind::denied) << handle;
  }
}

TEST(Quarter, QuartersAreNamedReadAndCountedByCalendarMonths) {
  auto q = parse_quarter("2026-Q4");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->words(), "October to December 2026");
  EXPECT_EQ(format_day(q->first_day()), "2026-10-01");
  EXPECT_EQ(format_day(q->last_day()), "2026-12-31");
  EXPECT_EQ(q->next().name(), "2027-Q1");
  EXPECT_EQ(q->previous().name(), "2026-Q3");
  EXPECT_EQ(quarter_of(*parse_day("2026-02-28")), (Quarter{2026, 1}));
  EXPECT_EQ(quarter_of(*parse_day("2026-07-01")), (Quarter{2026, 3}));
  for (const char* wrong : {"2026-Q5", "2026Q4", "26-Q1", "2026-Q0", "", "2026-X1"}) {
    auto bad = parse_quarter(wrong);
    ASSERT_FALSE(bad) << wrong;
    EXPECT_TRUE(bad.error().message.starts_with("quarter")) << bad.error().message;
  }
}

}  // namespace
}  // namespace haven::statistics
