// Requests for records as cases with the law's clock (dataprotection/requests.hpp), under both
// presets: one month from receipt, moved on by the days the clock stood still, extended by at most
// two months with a reason, answered by the release of the person's records; kept by coordinators
// and management only, every change audited.
#include "dataprotection/requests.hpp"

#include <gtest/gtest.h>

#include "core/working_days.hpp"
#include "disclosure/subject_access.hpp"
#include "records/family_view.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::dataprotection {
namespace {

Day day(const char* text) { return *parse_day(text); }

TEST(RequestClock, OneMonthFromTheRequestOrTheProofMovedOnByClarificationToAWorkingDay) {
  EXPECT_EQ(format_day(due_on(day("2026-01-31"), {}, 0, day("2026-02-01"))), "2026-03-02")
      << "a real day (28 February), a Saturday: the next working day";
  EXPECT_EQ(format_day(due_on(day("2026-03-03"), {}, 0, day("2026-03-04"))), "2026-04-07")
      << "3 April is Good Friday; the weekend and Easter Monday pass";
  // Proof of identity asked for on 5 March, given on 12 March: the month runs from the proof.
  std::vector<Pause> pauses{{day("2026-03-05"), day("2026-03-12"), WaitingFor::identity}};
  EXPECT_EQ(format_day(due_on(day("2026-03-01"), pauses, 0, day("2026-03-20"))), "2026-04-13")
      << "12 April is a Sunday";
  EXPECT_EQ(format_day(due_on(day("2026-03-01"), pauses, 2, day("2026-03-20"))), "2026-06-12");
  // Then waiting five days (so far) for the request to be made clear: the due day moves on by them.
  pauses.push_back({day("2026-03-15"), std::nullopt, WaitingFor::clarification});
  EXPECT_EQ(format_day(due_on(day("2026-03-01"), pauses, 0, day("2026-03-20"))), "2026-04-17")
      << "a pause still open counts up to today";
  // Waiting for the proof still: the month would run from today.
  std::vector<Pause> waiting{{day("2026-03-05"), std::nullopt, WaitingFor::identity}};
  EXPECT_EQ(format_day(due_on(day("2026-03-01"), waiting, 0, day("2026-03-20"))), "2026-04-20");
}

class Requests : public ::testing::TestWithParam<std::string> {
 protected:
  Requests() {
    auto family = records::show_family(ws(), c(), staff("coord.amy"), "F0001");
    EXPECT_TRUE(family);
    for (const auto& p : family->people)
      if (p.party == "child" && child_.empty()) child_ = p.id;
  }
  app::Workspace& ws() { return *demo_.ws; }
  const app::Centre& c() { return *demo_.centre; }
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }
  RequestCase only() {
    auto all = request_cases(ws(), c(), staff("coord.amy"));
    EXPECT_TRUE(all) << all.error().message;
    EXPECT_EQ(all->size(), 1u);
    return all->empty() ? RequestCase{} : all->front();
  }

  testing::DemoWorkspace demo_{GetParam()};
  std::string child_;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, Requests, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(Requests, AChildsRequestThroughTheLocalAuthorityRunsItsClockUntilAnswered) {
  ASSERT_FALSE(child_.empty());
  auto amy = staff("coord.amy");
  Day today = london_today(), received = today - std::chrono::days{20};
  auto id = record_request(ws(), c(), amy, {"F0001", child_, received, ReceivedHow::local_authority});
  ASSERT_TRUE(id) << id.error().message;
  auto twice = record_request(ws(), c(), amy, {"F0001", child_, received, ReceivedHow::letter});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::conflict) << "one open request at a time";
  auto r = only();
  EXPECT_EQ(r.party, "child");
  EXPECT_EQ(r.how, ReceivedHow::local_authority);
  EXPECT_EQ(r.due_on, format_day(add_working_days(add_months(received, 1), 0)));

  ASSERT_TRUE(stop_clock(ws(), c(), amy, *id, received + std::chrono::days{2}, WaitingFor::identity));
  EXPECT_EQ(stop_clock(ws(), c(), amy, *id, received + std::chrono::days{3}, WaitingFor::identity).error().kind,
            ErrorKind::conflict);
  EXPECT_TRUE(only().clock_stopped());
  EXPECT_EQ(restart_clock(ws(), c(), amy, *id, received).error().kind, ErrorKind::invalid_input)
      << "not before it stopped";
  ASSERT_TRUE(restart_clock(ws(), c(), amy, *id, received + std::chrono::days{9}));
  auto child_asks = [&] {
    return disclosure::subject_access(
        ws(), c(), staff("mgmt.raj"), "F0001",
        {child_, disclosure::Recipient{policy::RecipientKind::local_authority, "", "", "Children's records team"}});
  };
  auto unchecked = child_asks();
  ASSERT_TRUE(unchecked) << unchecked.error().message;
  EXPECT_FALSE(unchecked->allowed) << "nothing is released before the requester's identity is checked";
  EXPECT_EQ(unchecked->clause, policy::Clause::retention);
  EXPECT_NE(unchecked->reason.find("identity"), std::string::npos) << unchecked->reason;
  ASSERT_TRUE(identity_checked(ws(), c(), amy, *id, received + std::chrono::days{9}));
  r = only();
  EXPECT_FALSE(r.clock_stopped());
  EXPECT_EQ(r.identity_checked_on, format_day(received + std::chrono::days{9}));
  Day proof = received + std::chrono::days{9};
  EXPECT_EQ(r.due_on, format_day(add_working_days(add_months(proof, 1), 0)))
      << "the month runs from the proof of identity";

  EXPECT_EQ(extend(ws(), c(), amy, *id, 3, "Many records to read.").error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(extend(ws(), c(), amy, *id, 1, " ").error().kind, ErrorKind::invalid_input);
  ASSERT_TRUE(extend(ws(), c(), amy, *id, 2, "Many years of records to read and redact."));
  EXPECT_EQ(extend(ws(), c(), amy, *id, 1, "More.").error().kind, ErrorKind::conflict) << "extended once";
  r = only();
  EXPECT_EQ(r.extended_months, 2);
  EXPECT_EQ(r.extension_reason, "") << "a list opens no reason";
  auto one = request_case(ws(), c(), amy, *id);
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->extension_reason, "Many years of records to read and redact.");
  EXPECT_EQ(r.due_on, format_day(add_working_days(add_months(proof, 3), 0)));
  auto sealed =
      store::value<std::string>(ws().db(), "SELECT extension_reason FROM records_requests WHERE id = :i", *id);
  EXPECT_EQ(sealed.value_or("").find("redact"), std::string::npos) << "the reason is sealed";

  auto released = child_asks();
  ASSERT_TRUE(released) << released.error().message;
  ASSERT_TRUE(released->allowed) << released->reason;
  r = only();
  EXPECT_EQ(r.answered_on, format_day(london_today())) << "answered by the release";
  EXPECT_EQ(r.outcome, RequestOutcome::released);
  EXPECT_EQ(identity_checked(ws(), c(), amy, *id, today).error().kind, ErrorKind::conflict);
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM audit_log WHERE resource = :r AND outcome = 'change'",
                              "records_request:" + *id)
                .value_or(0),
            5)
      << "recorded, stopped, restarted, identity checked, extended: each audited, the refused ones not";
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM audit_log WHERE resource = :r AND action = :a",
                              "records_request:" + *id, "view_records_request")
                .value_or(0),
            1)
      << "one request's page is audited as a read of that request";
}

TEST_P(Requests, TheMonthRunsFromTheProofOfIdentityAndTheClockKeepsItsRules) {
  auto amy = staff("coord.amy");
  Day today = london_today(), received = today - std::chrono::days{10};
  auto id = record_request(ws(), c(), amy, {"F0001", child_, received, ReceivedHow::letter});
  ASSERT_TRUE(id) << id.error().message;
  // Stopped and restarted on one day, then stopped again that day: the open pause is the last.
  ASSERT_TRUE(stop_clock(ws(), c(), amy, *id, received, WaitingFor::clarification));
  ASSERT_TRUE(restart_clock(ws(), c(), amy, *id, received));
  ASSERT_TRUE(stop_clock(ws(), c(), amy, *id, received, WaitingFor::identity));
  auto r = only();
  ASSERT_EQ(r.pauses.size(), 2u);
  EXPECT_TRUE(r.clock_stopped());
  EXPECT_EQ(r.due_on, format_day(add_working_days(add_months(today, 1), 0)))
      << "while the proof is awaited, the month would run from today";
  auto newest = newest_request_of(ws(), c(), child_);
  ASSERT_TRUE(newest && *newest);
  EXPECT_EQ((*newest)->due_on, r.due_on) << "the portal reads the clock as it stands, not a kept day";
  // The proof arrives: the clock runs again from that day, and the month runs from it.
  Day proof = received + std::chrono::days{6};
  ASSERT_TRUE(identity_checked(ws(), c(), amy, *id, proof));
  r = only();
  EXPECT_FALSE(r.clock_stopped());
  EXPECT_EQ(r.due_on, format_day(add_working_days(add_months(proof, 1), 0)));
  EXPECT_EQ(identity_checked(ws(), c(), amy, *id, proof).error().kind, ErrorKind::conflict) << "checked once";
  // Closed as refused, with a sealed reason; nothing moves after.
  EXPECT_EQ(close_request(ws(), c(), amy, *id, RequestOutcome::refused, today, "").error().kind,
            ErrorKind::invalid_input)
      << "a refusal gives its reason";
  EXPECT_EQ(close_request(ws(), c(), amy, *id, RequestOutcome::released, today, "").error().kind,
            ErrorKind::invalid_input)
      << "only a release records a release";
  ASSERT_TRUE(close_request(ws(), c(), amy, *id, RequestOutcome::refused, today, "The same request, a week apart."));
  auto closed = request_case(ws(), c(), amy, *id);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->outcome, RequestOutcome::refused);
  EXPECT_EQ(closed->outcome_reason, "The same request, a week apart.");
  EXPECT_EQ(closed->answered_on, format_day(today));
  EXPECT_EQ(stop_clock(ws(), c(), amy, *id, today, WaitingFor::identity).error().kind, ErrorKind::conflict);
  // A new request may follow; a request long overdue neither stops nor extends.
  Day long_ago = today - std::chrono::days{70};
  auto late = record_request(ws(), c(), amy, {"F0001", child_, long_ago, ReceivedHow::email});
  ASSERT_TRUE(late) << late.error().message;
  EXPECT_EQ(stop_clock(ws(), c(), amy, *late, today, WaitingFor::identity).error().kind, ErrorKind::invalid_input)
      << "the clock cannot stop after the answer was due";
  EXPECT_EQ(extend(ws(), c(), amy, *late, 1, "Too late.").error().kind, ErrorKind::conflict)
      << "an extension is told within the first month";
  auto list = request_cases(ws(), c(), amy);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_TRUE(list->front().overdue(today)) << "the open, overdue request is listed first";
  EXPECT_EQ(record_request(ws(), c(), amy, {"F0001", child_, today, ReceivedHow::email}).error().kind,
            ErrorKind::conflict)
      << "the older request is still open, though a closed one was received later";
  auto open_one = newest_request_of(ws(), c(), child_);
  ASSERT_TRUE(open_one && *open_one);
  EXPECT_EQ((*open_one)->id, *late) << "the portal shows the open request first";
}

TEST_P(Requests, AWronglyEnteredReceivedDayIsPutRightAndTheDueDayFollows) {
  auto amy = staff("coord.amy");
  Day today = london_today();
  auto id = record_request(ws(), c(), amy, {"F0001", child_, today - std::chrono::days{40}, ReceivedHow::letter});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_TRUE(only().overdue(today)) << "as entered, a month ago";
  Day right = today - std::chrono::days{4};
  ASSERT_TRUE(correct_received(ws(), c(), amy, *id, right));
  auto r = only();
  EXPECT_EQ(r.received_on, format_day(right));
  EXPECT_EQ(r.due_on, format_day(add_working_days(add_months(right, 1), 0)));
  EXPECT_FALSE(r.overdue(today));
  EXPECT_EQ(store::value<int>(ws().db(),
                              "SELECT COUNT(*) FROM audit_log WHERE action = 'correct_records_request_received' AND "
                              "resource = :r AND outcome = 'change'",
                              "records_request:" + *id)
                .value_or(-1),
            1);

  auto future = correct_received(ws(), c(), amy, *id, today + std::chrono::days{1});
  ASSERT_FALSE(future);
  EXPECT_TRUE(future.error().message.ends_with("(on)")) << future.error().message;
  ASSERT_TRUE(identity_checked(ws(), c(), amy, *id, today - std::chrono::days{2}));
  auto after_proof = correct_received(ws(), c(), amy, *id, today - std::chrono::days{1});
  ASSERT_FALSE(after_proof);
  EXPECT_EQ(after_proof.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(after_proof.error().message.find("after the identity was checked"), std::string::npos);
  auto volunteer = correct_received(ws(), c(), staff("vol.sam"), *id, right);
  ASSERT_FALSE(volunteer);
  EXPECT_EQ(volunteer.error().clause_id(), "7");
  EXPECT_EQ(only().received_on, format_day(right)) << "nothing refused changed it";

  // A request made in the portal carries the day Haven saw it made.
  store::execute(ws().db(), "UPDATE records_requests SET received_how = 'portal' WHERE id = :i", *id);
  EXPECT_FALSE(only().received_correctable());
  EXPECT_EQ(correct_received(ws(), c(), amy, *id, right).error().kind, ErrorKind::conflict);
}

TEST_P(Requests, BadInputNamesTheFieldAndOthersAreRefusedUnderClause7) {
  auto amy = staff("coord.amy");
  EXPECT_EQ(record_request(ws(), c(), amy, {"F0001", child_, london_today() + std::chrono::days{1}, ReceivedHow::email})
                .error()
                .message,
            "the day it was received cannot be in the future (received_on)");
  EXPECT_NE(record_request(ws(), c(), amy, {"F9999", child_, london_today(), ReceivedHow::email})
                .error()
                .message.find("(family)"),
            std::string::npos);
  EXPECT_NE(record_request(ws(), c(), amy, {"F0002", child_, london_today(), ReceivedHow::email})
                .error()
                .message.find("(person)"),
            std::string::npos)
      << "a person of another family";
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM records_requests").value_or(-1), 0);
  for (const char* handle : {"vol.sam", "safe.lee", "admin.kim"}) {
    auto refused = request_cases(ws(), c(), staff(handle));
    ASSERT_FALSE(refused) << handle;
    EXPECT_EQ(refused.error().clause, policy::Clause::kept_securely);
    EXPECT_FALSE(record_request(ws(), c(), staff(handle), {"F0001", child_, london_today(), ReceivedHow::email}));
  }
}

}  // namespace
}  // namespace haven::dataprotection
