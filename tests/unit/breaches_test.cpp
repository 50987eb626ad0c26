// The breach log (dataprotection/breaches.hpp), under both presets: coordinators and management
// record breaches by family reference and category; management alone decide and record the
// report; the 72 hours show as the home page's countdown; Haven's own finding is recorded once;
// what happened is sealed; every read and change is audited.
#include "dataprotection/breaches.hpp"

#include <gtest/gtest.h>

#include "notices/notices.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::dataprotection {
namespace {

using policy::Item;

class Breaches : public ::testing::TestWithParam<std::string> {
 protected:
  app::Workspace& ws() { return *demo_.ws; }
  const app::Centre& c() { return *demo_.centre; }
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }
  int audited(const std::string& action, const std::string& outcome) {
    return store::value<int>(ws().db(), "SELECT COUNT(*) FROM audit_log WHERE action = :a AND outcome = :o", action,
                             outcome)
        .value_or(-1);
  }
  NewBreach sent_to_wrong_school(Instant found) {
    return {found,
            "A session letter went to the wrong school by email; the school deleted it the same day.",
            {"f0001", "F0002", "F0001"},
            {Item::first_name, Item::session_times}};
  }

  testing::DemoWorkspace demo_{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(BothPresets, Breaches, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(Breaches, CoordinatorsRecordByReferenceAndCategoryAndTheTextIsSealed) {
  Instant found = now() - std::chrono::hours{5};
  auto id = record_breach(ws(), c(), staff("coord.amy"), sent_to_wrong_school(found));
  ASSERT_TRUE(id) << id.error().message;
  auto stored = store::value<std::string>(ws().db(), "SELECT what_happened FROM breaches WHERE id = :i", *id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->find("wrong school"), std::string::npos) << "what happened is sealed";

  auto b = breach(ws(), c(), staff("mgmt.raj"), *id);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->what_happened, sent_to_wrong_school(found).what_happened);
  EXPECT_EQ(b->families, (std::vector<std::string>{"F0001", "F0002"}))
      << "references, each once, as the centre writes them";
  EXPECT_EQ(b->categories, (std::vector<Item>{Item::first_name, Item::session_times}));
  EXPECT_EQ(b->recorded_by, "Amy");
  EXPECT_EQ(b->decision, BreachDecision::undecided);
  EXPECT_EQ(b->deadline, format_utc(std::chrono::floor<std::chrono::seconds>(found) + report_within));
  EXPECT_TRUE(b->awaiting_action());
  EXPECT_EQ(audited("record_breach", "change"), 1);
  EXPECT_EQ(audited("view_breach", "allow"), 1);
}

TEST_P(Breaches, BadInputNamesTheFieldAndWritesNothing) {
  auto amy = staff("coord.amy");
  auto expect_refused = [&](NewBreach b, const std::string& words) {
    auto id = record_breach(ws(), c(), amy, b);
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(id.error().message.find(words), std::string::npos) << id.error().message;
  };
  auto good = sent_to_wrong_school(now());
  auto b = good;
  b.found_at = now() + std::chrono::hours{2};
  expect_refused(b, "future");
  b = good;
  b.what_happened = "  \n";
  expect_refused(b, "what happened");
  b.what_happened = std::string(what_happened_longest + 1, 'x');
  expect_refused(b, "at most");
  b = good;
  b.families = {"F0001", "F9999"};
  expect_refused(b, "F9999 is not a family reference at this centre");
  b = good;
  b.categories.clear();
  expect_refused(b, "kinds of data");
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM breaches").value_or(-1), 0);
}

TEST_P(Breaches, Clause7_VolunteersAndOthersNeitherReadNorRecord) {
  ASSERT_TRUE(record_breach(ws(), c(), staff("mgmt.raj"), sent_to_wrong_school(now())));
  for (const char* handle : {"vol.sam", "safe.lee", "admin.kim"}) {
    auto listed = breaches(ws(), c(), staff(handle));
    ASSERT_FALSE(listed) << handle;
    EXPECT_EQ(listed.error().kind, ErrorKind::denied);
    EXPECT_EQ(listed.error().clause, policy::Clause::kept_securely) << handle;
    EXPECT_FALSE(record_breach(ws(), c(), staff(handle), sent_to_wrong_school(now()))) << handle;
    EXPECT_FALSE(open_log(ws(), c(), staff(handle))) << handle;
  }
  EXPECT_TRUE(open_log(ws(), c(), staff("coord.amy")));
  EXPECT_GE(audited("keep_data_protection_records", "deny") + audited("list_breaches", "deny"), 1)
      << "each refusal is audited";
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM breaches").value_or(-1), 1);
}

TEST_P(Breaches, ManagementDecideOnceAndRecordTheReportOfAReportableOne) {
  Instant found = now() - std::chrono::hours{30};
  auto id = record_breach(ws(), c(), staff("coord.amy"), sent_to_wrong_school(found));
  ASSERT_TRUE(id);
  auto by_coordinator = decide(ws(), c(), staff("coord.amy"), *id, BreachDecision::reportable, "Names went out.");
  ASSERT_FALSE(by_coordinator);
  EXPECT_EQ(by_coordinator.error().clause, policy::Clause::kept_securely) << "management decide";
  auto raj = staff("mgmt.raj");
  EXPECT_EQ(decide(ws(), c(), raj, *id, BreachDecision::reportable, " ").error().kind, ErrorKind::invalid_input);
  auto early = record_report(ws(), c(), raj, *id, now(), "IC-123");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, ErrorKind::conflict) << "only a reportable breach is reported";

  ASSERT_TRUE(decide(ws(), c(), raj, *id, BreachDecision::reportable, "Children's names reached a third party."));
  auto again = decide(ws(), c(), raj, *id, BreachDecision::not_reportable, "Changed my mind.");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(record_report(ws(), c(), raj, *id, found - std::chrono::hours{1}, "IC-123").error().kind,
            ErrorKind::invalid_input)
      << "not reported before it was found";
  EXPECT_EQ(record_report(ws(), c(), raj, *id, now(), "").error().kind, ErrorKind::invalid_input);
  auto waiting = awaiting_action(ws(), c(), raj);
  ASSERT_TRUE(waiting);
  ASSERT_EQ(waiting->size(), 1u) << "reportable, not yet reported: the hours still matter";

  ASSERT_TRUE(record_report(ws(), c(), raj, *id, now() - std::chrono::minutes{10}, "IC-123456"));
  auto b = breach(ws(), c(), raj, *id);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->decision, BreachDecision::reportable);
  EXPECT_EQ(b->decision_reason, "Children's names reached a third party.");
  EXPECT_EQ(b->decided_by, "Raj");
  EXPECT_EQ(b->ico_reference, "IC-123456");
  EXPECT_FALSE(b->awaiting_action());
  EXPECT_EQ(record_report(ws(), c(), raj, *id, now(), "IC-9").error().kind, ErrorKind::conflict);
  EXPECT_TRUE(awaiting_action(ws(), c(), raj)->empty());
  EXPECT_EQ(audited("decide_breach", "change"), 1);
  EXPECT_EQ(audited("report_breach", "change"), 1);
}

TEST_P(Breaches, TheHomePageCountsDownTheSoonestDeadline) {
  auto raj = staff("mgmt.raj");
  auto notice_of = [&](const access::Staff& as) -> std::optional<notices::Notice> {
    auto waiting = notices::waiting_for(ws(), c(), as, london_today());
    EXPECT_TRUE(waiting) << waiting.error().message;
    for (const auto& n : *waiting)
      if (n.subject == notices::Subject::breach_deadline) return n;
    return std::nullopt;
  };
  EXPECT_FALSE(notice_of(raj)) << "nothing waits";
  ASSERT_TRUE(record_breach(ws(), c(), staff("coord.amy"),
                            sent_to_wrong_school(now() - std::chrono::hours{30} - std::chrono::minutes{30})));
  auto one = notice_of(raj);
  ASSERT_TRUE(one);
  EXPECT_NE(
      one->text.find("A data breach needs management's decision on whether to tell the Information Commissioner, by "),
      std::string::npos)
      << one->text;
  EXPECT_NE(one->text.find("41 hours left"), std::string::npos) << one->text;
  EXPECT_TRUE(notice_of(staff("coord.amy"))) << "coordinators keep the log too";
  EXPECT_FALSE(notice_of(staff("vol.sam")));

  ASSERT_TRUE(record_breach(ws(), c(), staff("coord.amy"), sent_to_wrong_school(now() - std::chrono::hours{80})));
  auto two = notice_of(raj);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->count, 2u);
  EXPECT_NE(two->text.find("the 72 hours ended"), std::string::npos) << "the soonest first: " << two->text;
}

TEST_P(Breaches, HavensOwnFindingIsRecordedOnceAsTheSystem) {
  Detection found{"audit_chain:x:12", "The audit chain does not verify at entry 12.", {}, {}, now()};
  auto first = record_detected(ws(), c(), found);
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->has_value()) << "a new finding is a new breach";
  auto again = record_detected(ws(), c(), found);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->has_value()) << "the same finding, once";
  auto listed = breaches(ws(), c(), staff("mgmt.raj"));
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(listed->front().found_by_haven);
  EXPECT_EQ(listed->front().recorded_by, "Haven");
  EXPECT_TRUE(listed->front().reported_by.empty()) << "no one reported it";
  EXPECT_TRUE(listed->front().awaiting_action());
  EXPECT_EQ(store::value<int>(ws().db(),
                              "SELECT COUNT(*) FROM audit_log WHERE action = 'record_breach' AND actor_id = 'system'")
                .value_or(-1),
            1);
  // What it touched, learned later: named by a coordinator, checked as a new breach's would be.
  const auto& id = listed->front().id;
  auto amy = staff("coord.amy");
  auto unknown = update_scope(ws(), c(), amy, id, {"F0001", "F9999"}, {Item::session_times});
  ASSERT_FALSE(unknown);
  EXPECT_TRUE(unknown.error().message.ends_with(not_a_family)) << unknown.error().message;
  EXPECT_EQ(update_scope(ws(), c(), amy, id, {"F0001"}, {}).error().kind, ErrorKind::invalid_input)
      << "at least one kind of data";
  ASSERT_TRUE(update_scope(ws(), c(), amy, id, {"f0002", "F0001", "F0002"}, {Item::session_times, Item::first_name}));
  auto updated = breach(ws(), c(), amy, id);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->families, (std::vector<std::string>{"F0002", "F0001"}));
  EXPECT_EQ(updated->categories, (std::vector<Item>{Item::session_times, Item::first_name}));
  EXPECT_EQ(store::value<int>(ws().db(),
                              "SELECT COUNT(*) FROM audit_log WHERE action = 'update_breach' AND "
                              "resource = :r AND outcome = 'change'",
                              "breach:" + id)
                .value_or(-1),
            1);
  auto refused = update_scope(ws(), c(), staff("vol.sam"), id, {}, {Item::first_name});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().clause, policy::Clause::kept_securely);
}

}  // namespace
}  // namespace haven::dataprotection
