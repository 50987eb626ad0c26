// Tidying what has served its purpose (retention/tidy.hpp): ended sessions, old codes, old email
// and referrers' accounts with nothing left to follow go; what is still in use stays.
#include "retention/tidy.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "portal/portal.hpp"
#include "portal/referrers.hpp"
#include "records/family_view.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::retention {
namespace {

TEST(Tidy, EndedSessionsOldCodesOldEmailAndAccountsWithNothingToFollowGo) {
  testing::DemoWorkspace demo("birmingham");
  auto& ws = *demo.ws;
  const auto& c = *demo.centre;
  auto count = [&](const std::string& table) {
    return store::value<int>(ws.db(), "SELECT COUNT(*) FROM " + table).value_or(-1);
  };
  Instant at = now();
  ASSERT_TRUE(portal::send_code(ws, c, "dan@example.org", at));
  ASSERT_EQ(count("portal_codes"), 1);
  auto code = store::value<std::string>(ws.db(), "SELECT id FROM portal_codes").value_or("");
  std::smatch m;
  std::string body = testing::newest_letter_body(ws, "portal_code:" + code);
  ASSERT_TRUE(std::regex_search(body, m, std::regex("(\\d{6})")));
  ASSERT_TRUE(portal::sign_in(ws, c, "dan@example.org", m[1].str(), at));
  ASSERT_EQ(count("portal_sessions"), 1);
  auto family = records::show_family(ws, c, demo.staff("coord.amy"), "F0001");
  ASSERT_TRUE(family);
  ASSERT_TRUE(
      portal::invite_referrer(ws, c, demo.staff("coord.amy"), "F0001", family->referrals[0].id, "pat@law.example", at));
  // An invitation whose referral has gone (its family destroyed), lapsed.
  store::execute(ws.db(),
                 "INSERT INTO referrer_accounts (id, centre_id, email, email_index, invited_by, invited_at, "
                 "setup_hash, setup_expires_at) VALUES ('rfa_gone', :c, 'sealed', 'index', 'stf', :a, 'h', :e)",
                 c.id, format_utc(at), format_utc(at + std::chrono::days{1}));
  int letters = count("outbox");
  ASSERT_GE(letters, 2);
  store::execute(ws.db(), "UPDATE outbox SET status = 'sent', sent_at = :a WHERE about LIKE 'portal_code:%'",
                 format_utc(at));
  // A letter given up: kept for coordinators to send again until what it said has lapsed.
  store::execute(ws.db(),
                 "INSERT INTO outbox (id, centre_id, recipient, subject, body, about, status, attempts, "
                 "next_attempt_at, created_at) VALUES ('let_dead', :c, 'sealed', 'sealed', 'sealed', 'notices:x', "
                 "'dead', 5, :a, :a2)",
                 c.id, format_utc(at), format_utc(at));
  letters += 1;

  auto soon = tidy(ws, c, at + std::chrono::minutes{5});
  ASSERT_TRUE(soon) << soon.error().message;
  EXPECT_EQ(soon->codes + soon->letters + soon->referrer_accounts, 0) << "nothing has served its purpose yet";
  EXPECT_EQ(count("referrer_accounts"), 2);

  EXPECT_EQ(soon->sessions, 0) << "the parent's session has not ended";
  auto later = tidy(ws, c, at + std::chrono::days{40});
  ASSERT_TRUE(later) << later.error().message;
  EXPECT_EQ(later->sessions, 1);
  EXPECT_EQ(count("portal_sessions"), 0);
  EXPECT_EQ(later->codes, 1);
  EXPECT_EQ(later->letters, 2) << "the sent letter and the one given up; those still to go stay";
  EXPECT_EQ(count("outbox"), letters - 2);
  EXPECT_EQ(later->referrer_accounts, 1);
  EXPECT_EQ(count("referrer_accounts"), 1) << "Pat's account still has a referral to follow";
  EXPECT_EQ(store::value<int>(ws.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'tidy_records'").value_or(0), 1);
  EXPECT_TRUE(ws.audit().verify().ok);
}

TEST(Tidy, AnEndedComplaintAboutNoFamilyGoesAfterTheUnusedYears) {
  testing::DemoWorkspace demo("west-wilts");  // three unused years
  auto& ws = *demo.ws;
  const auto& c = *demo.centre;
  auto insert = [&](const char* id, const char* family, const char* received, const char* answered,
                    const char* withdrawn) {
    store::execute(ws.db(),
                   "INSERT INTO complaints (id, centre_id, family_id, kind, from_whom, received_how, received_on, "
                   "complainant, summary, recorded_by, acknowledged_on, stage_one_on, withdrawn_on) VALUES (:i, :c, "
                   ":f, 'service', 'other', 'letter', :r, 'sealed', 'sealed', 'stf', :k, :a, :w)",
                   std::string(id), c.id, std::string(family), std::string(received), std::string(received),
                   std::string(answered), std::string(withdrawn));
  };
  Day today = london_today();
  std::string old = format_day(add_years(today, -c.preset.unused_years) - std::chrono::days{10});
  std::string recent = format_day(today - std::chrono::days{30});
  insert("cmp_old_answered", "", old.c_str(), old.c_str(), "");
  insert("cmp_old_withdrawn", "", old.c_str(), "", old.c_str());
  insert("cmp_old_open", "", old.c_str(), "", "");  // never answered: it waits still
  insert("cmp_recent", "", recent.c_str(), recent.c_str(), "");
  auto family_id = store::value<std::string>(ws.db(), "SELECT id FROM families LIMIT 1").value_or("");
  insert("cmp_family", family_id.c_str(), old.c_str(), old.c_str(), "");  // goes with its family's records
  auto tidied = tidy(ws, c, now());
  ASSERT_TRUE(tidied) << tidied.error().message;
  EXPECT_EQ(tidied->complaints, 2);
  for (const char* kept : {"cmp_old_open", "cmp_recent", "cmp_family"})
    EXPECT_EQ(
        store::value<int>(ws.db(), "SELECT COUNT(*) FROM complaints WHERE id = :i", std::string(kept)).value_or(0), 1)
        << kept;
}

}  // namespace
}  // namespace haven::retention
