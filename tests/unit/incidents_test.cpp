// The accident book and concerns: anyone on the rota files, only the safeguarding lead and
// management read; the accident book survives a disposal run (clause 8, both presets).
#include <gtest/gtest.h>

#include "access/staff.hpp"
#include "cli/demo.hpp"
#include "disclosure/consents.hpp"
#include "incidents/incidents.hpp"
#include "records/families.hpp"
#include "retention/engine.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::incidents {
namespace {

class IncidentsTest : public ::testing::TestWithParam<std::string> {
 protected:
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }

  haven::testing::DemoWorkspace demo_{GetParam()};
  std::unique_ptr<app::Workspace>& ws_ = demo_.ws;
  const app::Centre* c_ = demo_.centre;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, IncidentsTest, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(IncidentsTest, VolunteersWriteTheAccidentBookButCannotReadIt) {
  auto id = record_accident(*ws_, *c_, staff("vol.sam"),
                            {"2026-11-14 10:20", "Garden room", "Child tripped on a mat; knee cleaned and iced", "F0001"});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_FALSE(record_accident(*ws_, *c_, staff("vol.new"), {"2026-11-14 10:20", "Garden room", "x", ""}))
      << "not before a DBS check";
  EXPECT_FALSE(record_accident(*ws_, *c_, staff("vol.sam"), {"2099-01-01 10:00", "Garden room", "x", ""}));
  auto by_volunteer = accident_book(*ws_, *c_, staff("vol.sam"));
  ASSERT_FALSE(by_volunteer);
  EXPECT_EQ(by_volunteer.error().clause_id(), "7");
  EXPECT_FALSE(accident_book(*ws_, *c_, staff("coord.amy")));
  auto book = accident_book(*ws_, *c_, staff("safe.lee"));
  ASSERT_TRUE(book) << book.error().message;
  ASSERT_EQ(book->size(), 1u);
  EXPECT_EQ((*book)[0].account, "Child tripped on a mat; knee cleaned and iced");
  EXPECT_EQ((*book)[0].family_reference, "F0001");
  std::string stored = store::value<std::string>(ws_->db(), "SELECT account FROM accidents").value_or("");
  EXPECT_EQ(stored.find("tripped"), std::string::npos) << "sealed at rest";
}

TEST_P(IncidentsTest, ConcernsAreFiledByAnyoneAndReadByFew) {
  ASSERT_TRUE(disclosure::record_concern(*ws_, *c_, staff("vol.sam"), "F0002", disclosure::ConcernKind::welfare,
                                         "Sam said he is scared at home"));
  auto by_coordinator = concerns(*ws_, *c_, staff("coord.amy"), "F0002");
  ASSERT_FALSE(by_coordinator);
  EXPECT_EQ(by_coordinator.error().clause_id(), "E1");
  auto read = concerns(*ws_, *c_, staff("mgmt.raj"), "F0002");
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].summary, "Sam said he is scared at home");
  EXPECT_EQ((*read)[0].recorded_by, "vol.sam");
}

TEST_P(IncidentsTest, Clause8_TheAccidentBookOutlivesTheFamily) {
  ASSERT_TRUE(record_accident(*ws_, *c_, staff("vol.sam"), {"2026-11-14 10:20", "Garden room", "Bumped head", "F0001"}));
  store::execute(ws_->db(), "UPDATE families SET last_used_at = '2015-01-01T00:00:00Z' WHERE reference = 'F0001'");
  auto today = std::chrono::floor<std::chrono::days>(now());
  auto run = retention::propose_run(*ws_, *c_, staff("coord.amy"), today);
  ASSERT_TRUE(run);
  ASSERT_TRUE(retention::approve_run(*ws_, *c_, staff("mgmt.raj"), *run));
  ASSERT_TRUE(retention::execute_run(*ws_, *c_, staff("mgmt.raj"), *run));
  auto book = accident_book(*ws_, *c_, staff("safe.lee"));
  ASSERT_TRUE(book);
  ASSERT_EQ(book->size(), 1u);
  EXPECT_EQ((*book)[0].account, "Bumped head");
}

}  // namespace
}  // namespace haven::incidents
