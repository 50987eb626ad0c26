// The registry of tables that hold family data (store/family_tables.hpp) against the schema the
// migrations build, and the disposal it drives: every table of a destroyed family is dealt with,
// and a run stopped midway certifies, once carried on, everything it destroyed.
#include "store/family_tables.hpp"

#include <gtest/gtest.h>

#include <set>

#include "access/staff.hpp"
#include "cli/demo.hpp"
#include "premises/bookings.hpp"
#include "records/family_view.hpp"
#include "records/rota.hpp"
#include "retention/engine.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::store {
namespace {

// (table, column) for every column of every table of the records database.
std::set<std::pair<std::string, std::string>> schema_columns(Database& db) {
  std::set<std::pair<std::string, std::string>> out;
  std::string query = db.backend() == Backend::sqlite
                          ? "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'"
                          : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                            "current_schema()";
  for (const auto& row : rows(db, query)) out.emplace(row.get<std::string>(0), row.get<std::string>(1));
  return out;
}

TEST(FamilyTables, EveryTableThatHoldsFamilyDataIsRegistered) {
  testing::TempWorkspace tw("birmingham");
  auto columns = schema_columns(tw.ws->db());
  std::set<std::string> registered, tables;
  for (const auto& t : family_tables()) registered.insert(std::string(t.table));
  for (const auto& [table, column] : columns) tables.insert(table);
  for (const auto& [table, column] : columns)
    if (column == "family_id" || column == "session_id" || column == "subject_id") {
      EXPECT_TRUE(registered.count(table)) << table << "." << column
                                           << " holds family data: list it in store/family_tables.cpp";
    }
  for (const auto& name : registered) EXPECT_TRUE(tables.count(name)) << name << " is registered but not in the schema";
  for (const auto& t : family_tables()) {
    EXPECT_TRUE(parse_enum<policy::RecordCategory>(t.category)) << t.table << ": " << t.category;
    EXPECT_NO_THROW((void)count_family_rows(tw.ws->db(), t, "fam_none")) << t.table << ": " << t.of_family;
  }
}

class RegistryDisposal : public ::testing::TestWithParam<std::string> {
 protected:
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }
  Day today() const { return std::chrono::floor<std::chrono::days>(now()); }
  void age(const std::string& reference) {
    execute(ws_->db(), "UPDATE families SET last_used_at = '2015-06-01T10:00:00Z' WHERE reference = :r", reference);
  }
  std::string approved_run() {
    auto run = retention::propose_run(*ws_, *c_, staff("coord.amy"), today());
    EXPECT_TRUE(run) << run.error().message;
    EXPECT_TRUE(retention::approve_run(*ws_, *c_, staff("mgmt.raj"), *run));
    return *run;
  }
  testing::DemoWorkspace demo_{GetParam()};
  std::unique_ptr<app::Workspace>& ws_ = demo_.ws;
  const app::Centre* c_ = demo_.centre;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, RegistryDisposal, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(RegistryDisposal, EveryRegisteredTableOfADestroyedFamilyIsDealtWith) {
  auto f1 = *records::find_family(*ws_, *c_, "F0001");  // parents must not meet
  auto view = records::show_family(*ws_, *c_, staff("coord.amy"), "F0001");
  ASSERT_TRUE(view);
  ASSERT_TRUE(records::assign_to_rota(*ws_, *c_, staff("coord.amy"), view->sessions[0].id, "vol.sam"));
  ASSERT_TRUE(premises::approve_assessment(*ws_, *c_, staff("mgmt.raj"), "F0001", "cafcass", "2027-06-30"));
  ASSERT_TRUE(premises::book_room(*ws_, *c_, staff("coord.amy"),
                                  {premises::BookingKind::assessment, "Quiet room", "2027-04-01 10:00",
                                   "2027-04-01 11:00", "cafcass", "F0001"}));
  // The parents' acknowledgements of the policy, the case's steps and its intake papers come
  // from the demo's intake.
  auto deletable = [&] {
    long long n = 0;
    for (const auto& t : family_tables())
      if (t.on_disposal == OnDisposal::delete_rows) n += count_family_rows(ws_->db(), t, f1.id);
    return n;
  };
  ASSERT_GE(deletable(), 8) << "rota, assessment agreement, booking, acknowledgements, steps and papers are on record";
  age("F0001");
  auto run = approved_run();
  auto cert = retention::execute_run(*ws_, *c_, staff("mgmt.raj"), run);
  ASSERT_TRUE(cert) << cert.error().message;
  EXPECT_EQ(cert->body["families_destroyed"].to_number<std::int64_t>(), 1);
  bool attendance_kept = c_->preset.keeps_indefinitely(policy::RecordCategory::attendance);
  if (!attendance_kept) {
    EXPECT_EQ(deletable(), 0) << "nothing the generic rule covers is left";
  }

  auto gone = records::show_family(*ws_, *c_, staff("coord.amy"), "F0001");
  ASSERT_TRUE(gone);
  ASSERT_TRUE(gone->must_not_meet.has_value());
  EXPECT_TRUE(*gone->must_not_meet) << "a destroyed family's parents were kept apart; they never become 'may meet'";
}

TEST_P(RegistryDisposal, ARunStoppedMidwayCertifiesEverythingOnceCarriedOn) {
  // The same run twice: once straight through, once stopped after its first family.
  testing::DemoWorkspace other(GetParam());
  for (auto* ws : {ws_.get(), other.ws.get()})
    for (std::string ref : {"F0001", "F0002", "F0003"})
      execute(ws->db(), "UPDATE families SET last_used_at = '2015-06-01T10:00:00Z' WHERE reference = :r", ref);
  auto straight_run = retention::propose_run(*other.ws, *other.centre, other.staff("coord.amy"), today());
  ASSERT_TRUE(straight_run);
  ASSERT_TRUE(retention::approve_run(*other.ws, *other.centre, other.staff("mgmt.raj"), *straight_run));
  auto straight = retention::execute_run(*other.ws, *other.centre, other.staff("mgmt.raj"), *straight_run);
  ASSERT_TRUE(straight) << straight.error().message;

  auto run = approved_run();
  struct Stop {};
  EXPECT_THROW((void)retention::execute_run(*ws_, *c_, staff("mgmt.raj"), run,
                                            [](std::size_t done, std::size_t) {
                                              if (done == 1) throw Stop{};
                                            }),
               Stop);
  auto runs = retention::list_runs(*ws_, *c_, staff("mgmt.raj"));
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->front().status, "executing") << "a run stopped midway shows as unfinished";
  EXPECT_TRUE(runs->front().may_execute) << "and may be carried on";
  EXPECT_FALSE(retention::certificate(*ws_, *c_, staff("mgmt.raj"), run)) << "no certificate yet";

  auto carried_on = retention::execute_run(*ws_, *c_, staff("mgmt.raj"), run);
  ASSERT_TRUE(carried_on) << carried_on.error().message;
  EXPECT_EQ(carried_on->body["families_destroyed"].to_number<std::int64_t>(), 3);
  EXPECT_EQ(carried_on->body["families_skipped"].to_number<std::int64_t>(), 0);
  EXPECT_EQ(carried_on->body["rows_destroyed"], straight->body["rows_destroyed"]);
  EXPECT_EQ(carried_on->body["rows_kept_indefinitely"], straight->body["rows_kept_indefinitely"]);
  EXPECT_EQ(carried_on->body["last_used_between"], straight->body["last_used_between"]);
  EXPECT_EQ(retention::list_runs(*ws_, *c_, staff("mgmt.raj"))->front().status, "executed");
}

}  // namespace
}  // namespace haven::store
