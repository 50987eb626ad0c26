// Importing families from CSV: every problem reported by row and column, a dry run that writes
// nothing, and an import that lands whole or not at all.
#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/rows.hpp"

#include <fmt/format.h>

#include "cli/demo.hpp"
#include "records/family_view.hpp"
#include "records/import.hpp"
#include "support/temp_workspace.hpp"

namespace haven::records {
namespace {

const std::string header =
    "family,party,first_name,surname,date_of_birth,address,phone,email,must_not_meet,referral_agency,referrer_name,"
    "referred_on,referrer_acts_for\n";

class ImportTest : public ::testing::Test {
 protected:
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }
  int families() {
    return store::value<int>(ws_->db(), "SELECT COUNT(*) FROM families").value_or(0);
  }
  haven::testing::DemoWorkspace demo_{"birmingham"};
  std::unique_ptr<app::Workspace>& ws_ = demo_.ws;
  const app::Centre* c_ = demo_.centre;
};

TEST_F(ImportTest, GoodFileImportsFamiliesPeopleAndReferrals) {
  std::string csv = header +
                    "A,resident_parent,Kate,Lowe,,\"1 Elm Row, Leeds\",01632 960100,,yes,solicitor,Ann Bell,2026-10-01,yes\n"
                    "A,non_resident_parent,Rob,Lowe,,,07700 900100,,,,,,\n"
                    "A,child,Tia,Lowe,2020-03-04,,,,,,,,\n"
                    "B,resident_parent,Ola,Ade,,,,,no,self_referral,,2026-11-02,\n"
                    "B,child,Femi,Ade,2018-07-09,,,,,,,,\n";
  auto dry = import_families_csv(*ws_, *c_, staff("coord.amy"), csv, true);
  ASSERT_TRUE(dry) << dry.error().message;
  EXPECT_TRUE(dry->problems.empty()) << dry->problems.front();
  EXPECT_EQ(dry->families, 2);
  EXPECT_EQ(dry->people, 5);
  EXPECT_EQ(families(), 3) << "a dry run writes nothing";
  auto real = import_families_csv(*ws_, *c_, staff("coord.amy"), csv, false);
  ASSERT_TRUE(real) << real.error().message;
  ASSERT_EQ(real->created_references.size(), 2u);
  auto v = show_family(*ws_, *c_, staff("coord.amy"), real->created_references[0]);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->people[0].field("address"), "1 Elm Row, Leeds");
  EXPECT_EQ(v->must_not_meet, true);
  ASSERT_EQ(v->referrals.size(), 1u);
  EXPECT_EQ(v->referrals[0].acting_for, v->people[0].id);
  EXPECT_TRUE(ws_->audit().verify().ok);
}

TEST_F(ImportTest, EveryProblemIsReportedAndNothingIsWritten) {
  std::string csv = header +
                    "A,resident_parent,Kate,Lowe,,,,,maybe,,,,\n"
                    "A,child,,Lowe,2020-02-30,,,,,,,,\n"
                    "B,uncle,Joe,Ade,,,,,,solicitor,,,\n"
                    "C,resident_parent,Ola\n";
  auto r = import_families_csv(*ws_, *c_, staff("coord.amy"), csv, false);
  ASSERT_TRUE(r);
  auto all = fmt::format("{}", fmt::join(r->problems, "\n"));
  EXPECT_NE(all.find("row 2, must_not_meet"), std::string::npos) << all;
  EXPECT_NE(all.find("row 3, first_name: is empty"), std::string::npos) << all;
  EXPECT_NE(all.find("row 3, date_of_birth"), std::string::npos) << all;
  EXPECT_NE(all.find("row 4, party"), std::string::npos) << all;
  EXPECT_NE(all.find("row 4, referred_on"), std::string::npos) << all;
  EXPECT_NE(all.find("row 5, row: has 3 cells"), std::string::npos) << all;
  EXPECT_EQ(families(), 3);
  EXPECT_FALSE(import_families_csv(*ws_, *c_, staff("coord.amy"), "name,age\nx,1\n", true)) << "wrong header";
  EXPECT_FALSE(import_families_csv(*ws_, *c_, staff("coord.amy"), header + "A,\"unclosed\n", true));
  auto volunteer = import_families_csv(*ws_, *c_, staff("vol.sam"), header, true);
  ASSERT_FALSE(volunteer);
  EXPECT_EQ(volunteer.error().clause_id(), "1");
}

TEST_F(ImportTest, AFailurePartWayRollsBackEverything) {
  // A failure no row check can foresee: the database refuses the second family's parent
  // (the demo holds 9 people; the 10th insert fails).
  std::string csv = header + "A,resident_parent,Kate,Lowe,,,,,,,,,\n" + "B,resident_parent,Ola,Ade,,,,,,,,,\n";
  if (ws_->db().backend() == store::Backend::postgresql) {
    store::run_once(ws_->db(), "CREATE FUNCTION refuse_tenth() RETURNS trigger AS $$ BEGIN IF (SELECT COUNT(*) FROM "
                               "people) >= 10 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ LANGUAGE "
                               "plpgsql");
    store::run_once(ws_->db(), "CREATE TRIGGER refuse_tenth BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION "
                               "refuse_tenth()");
  } else {
    store::run_once(ws_->db(), "CREATE TRIGGER refuse_tenth BEFORE INSERT ON people WHEN "
                               "(SELECT COUNT(*) FROM people) >= 10 BEGIN SELECT RAISE(ABORT, 'disk full'); END");
  }
  auto r = import_families_csv(*ws_, *c_, staff("coord.amy"), csv, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(families(), 3) << "the first family was rolled back with the second";
  int people = store::value<int>(ws_->db(), "SELECT COUNT(*) FROM people").value_or(0);
  EXPECT_EQ(people, 9);
}

}  // namespace
}  // namespace haven::records
