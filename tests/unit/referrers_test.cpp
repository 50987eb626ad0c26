// Referrers' accounts under both presets, on the demo workspace: an invitation by email, a password
// set with the emailed set-up code, signing in with the password and a code emailed each time, a
// referrer's own referrals and nothing else, and attendance statements asked for in the account,
// with the other side's copy under a policy that shares attendance with both sides.
#include "portal/referrers.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "disclosure/disclosures.hpp"
#include "notices/notices.hpp"
#include "portal/portal.hpp"
#include "records/families.hpp"
#include "records/family_view.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::portal {
namespace {

constexpr const char* password = "quiet harbour lantern";

class Referrers : public ::testing::TestWithParam<std::string> {
 protected:
  Referrers() {
    auto family = records::show_family(ws(), c(), staff("coord.amy"), "F0001");
    EXPECT_TRUE(family);
    family_id_ = family->id;
    resident_solicitor_ = family->referrals[0].id;  // acts for the resident parent
    auto other =
        records::add_referral(ws(), c(), staff("coord.amy"), family_id_,
                              {records::AgencyKind::solicitor, "Dev Marlow", family->people[1].id, "2026-10-01"});
    EXPECT_TRUE(other);
    other_solicitor_ = other.value_or("");
  }

  app::Workspace& ws() { return *demo_.ws; }
  const app::Centre& c() { return *demo_.centre; }
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }
  bool west_wilts() const { return GetParam() == "west-wilts"; }
  int letters() { return store::value<int>(ws().db(), "SELECT COUNT(*) FROM outbox").value_or(-1); }

  // The set-up code in the newest invitation to `account`.
  std::string setup_code(const std::string& account) {
    std::smatch m;
    std::string body = testing::newest_letter_body(ws(), "referrer:" + account);
    return std::regex_search(body, m, std::regex("([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")) ? m[1].str()
                                                                                                       : std::string();
  }
  std::string sign_in_code(const std::string& account) {
    auto id = store::value<std::string>(ws().db(),
                                        "SELECT id FROM referrer_codes WHERE account_id = :a ORDER BY created_at "
                                        "DESC, id DESC LIMIT 1",
                                        account);
    std::smatch m;
    std::string body = testing::newest_letter_body(ws(), "referrer_code:" + id.value_or("none"));
    return std::regex_search(body, m, std::regex("(\\d{6})")) ? m[1].str() : std::string();
  }
  // An account for the referral, set up with `password`.
  std::string account_for(const std::string& referral, const std::string& email) {
    auto invited = invite_referrer(ws(), c(), staff("coord.amy"), "F0001", referral, email, now());
    EXPECT_TRUE(invited) << invited.error().message;
    if (!invited) return "";
    if (!invited->set_up)
      EXPECT_TRUE(set_up_referrer(ws(), c(), email, setup_code(invited->account_id), password, now()));
    return invited->account_id;
  }
  access::Referrer signed_in(const std::string& account, const std::string& email) {
    EXPECT_TRUE(send_referrer_code(ws(), c(), email, password, now()));
    auto session = referrer_sign_in(ws(), c(), email, sign_in_code(account), now());
    EXPECT_TRUE(session) << session.error().message;
    return session ? session->referrer : access::Referrer{};
  }
  Result<disclosure::Outcome> ask(const access::Referrer& r, const std::string& referral, bool understood = true) {
    return disclosure::referrer_asks_attendance(ws(), c(), r, referral,
                                                {"2026-01-01", format_day(london_today()), understood});
  }

  testing::DemoWorkspace demo_{GetParam()};
  std::string family_id_, resident_solicitor_, other_solicitor_;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, Referrers, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(Referrers, InvitedSetUpAndSignedInWithPasswordAndCode) {
  EXPECT_FALSE(invite_referrer(ws(), c(), staff("vol.sam"), "F0001", resident_solicitor_, "pat@law.example", now()))
      << "volunteers invite nobody";
  EXPECT_FALSE(invite_referrer(ws(), c(), staff("safe.lee"), "F0001", resident_solicitor_, "pat@law.example", now()))
      << "coordinators and management invite referrers";
  EXPECT_FALSE(invite_referrer(ws(), c(), staff("coord.amy"), "F0001", resident_solicitor_, "not an address", now()));
  ASSERT_EQ(letters(), 0);

  auto invited = invite_referrer(ws(), c(), staff("coord.amy"), "F0001", resident_solicitor_, "Pat@Law.example", now());
  ASSERT_TRUE(invited) << invited.error().message;
  EXPECT_FALSE(invited->set_up);
  std::string body = testing::newest_letter_body(ws());
  for (const char* secret : {"Joanna", "Pemberton", "F0001", "Larkspur"})
    EXPECT_EQ(body.find(secret), std::string::npos) << "an invitation carries no family data: " << secret;
  std::string code = setup_code(invited->account_id);
  ASSERT_FALSE(code.empty()) << body;
  auto shown = records::show_family(ws(), c(), staff("coord.amy"), "F0001");
  ASSERT_TRUE(shown);
  for (const auto& referral : shown->referrals)
    EXPECT_EQ(referral.account,
              referral.id == resident_solicitor_ ? records::ReferrerAccount::invited : records::ReferrerAccount::none);

  EXPECT_FALSE(send_referrer_code(ws(), c(), "pat@law.example", password, now())) << "no password yet";
  auto short_password = set_up_referrer(ws(), c(), "pat@law.example", code, "short", now());
  ASSERT_FALSE(short_password);
  EXPECT_TRUE(short_password.error().message.starts_with("password")) << short_password.error().message;
  auto wrong = set_up_referrer(ws(), c(), "pat@law.example", "AAAA-BBBB-CCCC-DDDD", password, now());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::denied);
  EXPECT_FALSE(set_up_referrer(ws(), c(), "pat@law.example", code, password, now() + setup_lifetime))
      << "a set-up code expires";
  ASSERT_TRUE(set_up_referrer(ws(), c(), " pat@law.example ", code, password, now()));
  EXPECT_FALSE(set_up_referrer(ws(), c(), "pat@law.example", code, "another long password", now()))
      << "a set-up code works once";
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM referrer_accounts WHERE password_hash LIKE '%harbour%'")
                .value_or(-1),
            0)
      << "a password is kept only as its hash";

  int before = letters();
  auto refused = send_referrer_code(ws(), c(), "pat@law.example", "quiet harbour lanterns", now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "the email address or password is wrong");
  auto unknown = send_referrer_code(ws(), c(), "nobody@law.example", password, now());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, refused.error().message) << "the same answer whichever was wrong";
  EXPECT_EQ(letters(), before);

  ASSERT_TRUE(send_referrer_code(ws(), c(), "pat@law.example", password, now()));
  std::string sign_in = sign_in_code(invited->account_id);
  ASSERT_EQ(sign_in.size(), 6u);
  EXPECT_FALSE(referrer_sign_in(ws(), c(), "pat@law.example", sign_in == "000000" ? "111111" : "000000", now()));
  auto session = referrer_sign_in(ws(), c(), "pat@law.example", sign_in, now());
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->referrer.account_id, invited->account_id);
  EXPECT_FALSE(referrer_sign_in(ws(), c(), "pat@law.example", sign_in, now())) << "a code works once";
  ASSERT_TRUE(find_referrer_session(ws(), c(), session->token, now()));
  EXPECT_FALSE(find_referrer_session(ws(), c(), session->token, now() + session_lifetime + std::chrono::minutes{1}));
  EXPECT_FALSE(find_session(ws(), c(), session->token, now())) << "a referrer's session is not a parent's";
  ASSERT_TRUE(referrer_sign_out(ws(), c(), session->token));
  EXPECT_FALSE(find_referrer_session(ws(), c(), session->token, now()));

  for (int i = 1; i < codes_per_hour; ++i)
    ASSERT_TRUE(send_referrer_code(ws(), c(), "pat@law.example", password, now()));
  EXPECT_FALSE(send_referrer_code(ws(), c(), "pat@law.example", password, now())) << "codes an hour are limited";
  EXPECT_GE(
      store::value<int>(ws().db(), "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'referrer_%' AND outcome = 'deny'")
          .value_or(0),
      5)
      << "each refusal is audited";
}

TEST_P(Referrers, SeeOnlyTheirOwnReferrals) {
  std::string pat = account_for(resident_solicitor_, "pat@law.example");
  auto referrer = signed_in(pat, "pat@law.example");
  auto referrals = referrer_referrals(ws(), c(), referrer, london_today());
  ASSERT_TRUE(referrals) << referrals.error().message;
  ASSERT_EQ(referrals->size(), 1u);
  EXPECT_EQ((*referrals)[0].family_reference, "F0001");
  EXPECT_FALSE((*referrals)[0].stage.empty());

  auto other = ask(referrer, other_solicitor_);
  ASSERT_FALSE(other) << "the other parent's solicitor's referral is not theirs";
  EXPECT_EQ(other.error().kind, ErrorKind::denied);
  EXPECT_EQ(other.error().clause, Clause::attendance_to_referrers);
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM disclosures WHERE made_by = :a", pat).value_or(-1), 0);

  // A statement staff released to the other solicitor is not Pat's to read.
  disclosure::InformationRequest req;
  req.from = {policy::RecipientKind::referring_agency, other_solicitor_, "", ""};
  req.period_from = "2026-01-01";
  req.period_to = "2027-12-31";
  auto released = disclosure::request_information(ws(), c(), staff("coord.amy"), "F0001", req);
  ASSERT_TRUE(released && released->allowed);
  auto read = referrer_statement(ws(), c(), referrer, released->register_id);
  if (west_wilts()) {
    // Pat's copy of it is theirs: the mirror of that statement.
    ASSERT_EQ(released->mirror_register_ids.size(), 1u);
    EXPECT_EQ(released->mirror_deliveries[0], disclosure::delivery_in_account);
    EXPECT_TRUE(referrer_statement(ws(), c(), referrer, released->mirror_register_ids[0]));
  }
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, ErrorKind::not_found);

  auto forged = ask(access::Referrer{pat, "another-centre"}, resident_solicitor_);
  EXPECT_FALSE(forged && forged->allowed) << "an account is of one centre";
}

TEST_P(Referrers, AskForAttendanceAndTheOtherSideReceivesItWhereThePolicySaysSo) {
  std::string pat = account_for(resident_solicitor_, "pat@law.example");
  auto referrer = signed_in(pat, "pat@law.example");

  if (west_wilts()) {
    auto unwarned = ask(referrer, resident_solicitor_, false);
    ASSERT_FALSE(unwarned);
    EXPECT_TRUE(unwarned.error().message.starts_with("understood")) << unwarned.error().message;
  }
  auto bad = disclosure::referrer_asks_attendance(ws(), c(), referrer, resident_solicitor_,
                                                  {"2026-12-31", "2026-01-01", true});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().message.starts_with("period")) << bad.error().message;
  auto ahead =
      disclosure::referrer_asks_attendance(ws(), c(), referrer, resident_solicitor_,
                                           {"2026-01-01", format_day(london_today() + std::chrono::days{7}), true});
  ASSERT_FALSE(ahead) << "booked times still to come are not a referrer's to ask for";
  EXPECT_TRUE(ahead.error().message.starts_with("period")) << ahead.error().message;
  auto warned = referrer_referral(ws(), c(), referrer, resident_solicitor_, london_today());
  ASSERT_TRUE(warned) << warned.error().message;
  EXPECT_EQ(warned->warned_of_sharing, west_wilts());
  EXPECT_FALSE(referrer_referral(ws(), c(), referrer, other_solicitor_, london_today()));

  // The other side's referrer has no account yet: their copy waits for a coordinator.
  auto first = ask(referrer, resident_solicitor_);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(first->allowed) << first->reason;
  ASSERT_TRUE(first->statement);
  EXPECT_EQ(first->statement->sessions.size(), 2u) << "the session held and today's; next week's is still to come";
  EXPECT_EQ(store::value<std::string>(ws().db(), "SELECT made_by FROM disclosures WHERE id = :i", first->register_id)
                .value_or(""),
            pat)
      << "the register names the referrer who asked";
  auto opened = referrer_statement(ws(), c(), referrer, first->register_id);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->sessions.size(), 2u);
  EXPECT_EQ(opened->family_reference, "F0001");
  if (!west_wilts()) {
    EXPECT_TRUE(first->mirror_register_ids.empty()) << "this policy gives the statement to the asker alone";
    return;
  }
  ASSERT_EQ(first->mirror_deliveries.size(), 1u);
  EXPECT_EQ(first->mirror_deliveries[0], disclosure::delivery_queued);

  // Once the other solicitor has an account, what waited is theirs to read, and the next is sent there.
  int before = letters();
  std::string dev = account_for(other_solicitor_, "dev@law.example");
  EXPECT_EQ(letters(), before + 1) << "the invitation";
  auto other = signed_in(dev, "dev@law.example");
  auto theirs = referrer_referrals(ws(), c(), other, london_today());
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->size(), 1u);
  ASSERT_EQ((*theirs)[0].statements.size(), 1u);
  EXPECT_TRUE((*theirs)[0].statements[0].for_other_side);
  EXPECT_TRUE(referrer_statement(ws(), c(), other, first->mirror_register_ids[0]));

  before = letters();
  auto second = ask(referrer, resident_solicitor_);
  ASSERT_TRUE(second && second->allowed);
  ASSERT_EQ(second->mirror_deliveries.size(), 1u);
  EXPECT_EQ(second->mirror_deliveries[0], disclosure::delivery_in_account);
  EXPECT_EQ(letters(), before + 1) << "the other side is told by email that a statement waits";
  std::string body = testing::newest_letter_body(ws());
  for (const char* secret : {"F0001", "10:00", "09:45", "Joanna"})
    EXPECT_EQ(body.find(secret), std::string::npos) << "the email carries no statement: " << secret;
}

TEST_P(Referrers, ARecalledStatementLeavesTheAccount) {
  std::string pat = account_for(resident_solicitor_, "pat@law.example");
  auto referrer = signed_in(pat, "pat@law.example");
  auto first = ask(referrer, resident_solicitor_);
  ASSERT_TRUE(first && first->allowed);
  auto statements = [&] {
    auto mine = referrer_referral(ws(), c(), referrer, resident_solicitor_, london_today());
    EXPECT_TRUE(mine) << mine.error().message;
    return mine ? mine->statements.size() : 99u;
  };
  EXPECT_EQ(statements(), 1u);
  auto breach = disclosure::report_wrong_recipient(
      ws(), c(), staff("coord.amy"), first->register_id,
      {now(), "The referral was linked to the wrong solicitor's account; the statement was taken back."});
  ASSERT_TRUE(breach) << breach.error().message;
  EXPECT_EQ(statements(), 0u);
  auto read = referrer_statement(ws(), c(), referrer, first->register_id);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, ErrorKind::not_found);
}

TEST_P(Referrers, EndingAccessTakesTheReferralFromTheAccountAndAnotherMayBeInvited) {
  std::string pat = account_for(resident_solicitor_, "pat@law.example");
  ASSERT_EQ(account_for(other_solicitor_, "pat@law.example"), pat) << "Pat follows both referrals";
  auto referrer = signed_in(pat, "pat@law.example");
  auto first = ask(referrer, resident_solicitor_);
  ASSERT_TRUE(first && first->allowed);

  auto volunteer = end_referrer_access(ws(), c(), staff("vol.sam"), "F0001", resident_solicitor_);
  ASSERT_FALSE(volunteer);
  EXPECT_EQ(volunteer.error().clause_id(), "3");
  EXPECT_EQ(end_referrer_access(ws(), c(), staff("coord.amy"), "F0001", "ref_none").error().kind, ErrorKind::not_found);

  ASSERT_TRUE(end_referrer_access(ws(), c(), staff("coord.amy"), "F0001", resident_solicitor_));
  EXPECT_EQ(end_referrer_access(ws(), c(), staff("coord.amy"), "F0001", resident_solicitor_).error().kind,
            ErrorKind::conflict)
      << "no account to end now";
  auto sessions = [&] {
    return store::value<int>(ws().db(), "SELECT COUNT(*) FROM referrer_sessions WHERE account_id = :a", pat)
        .value_or(-1);
  };
  auto theirs = referrer_referrals(ws(), c(), referrer, london_today());
  ASSERT_TRUE(theirs) << theirs.error().message;
  ASSERT_EQ(theirs->size(), 1u) << "the other referral stays";
  EXPECT_EQ(theirs->front().referral_id, other_solicitor_);
  auto read = referrer_statement(ws(), c(), referrer, first->register_id);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, ErrorKind::not_found) << "the statement left with its referral";
  EXPECT_EQ(sessions(), 1) << "still signed in: there is a referral to follow";

  ASSERT_TRUE(end_referrer_access(ws(), c(), staff("coord.amy"), "F0001", other_solicitor_));
  EXPECT_EQ(sessions(), 0) << "an account with nothing left to follow is signed out at once";
  EXPECT_EQ(store::value<int>(ws().db(),
                              "SELECT COUNT(*) FROM audit_log WHERE action = 'end_referrer_access' AND outcome = "
                              "'change'")
                .value_or(-1),
            2);

  // Whoever takes the referral over is invited under their own address, without a conflict, and
  // follows the referral with the statements sent for it (attendance goes to the referring agency).
  std::string sam = account_for(resident_solicitor_, "sam@law.example");
  ASSERT_FALSE(sam.empty());
  EXPECT_NE(sam, pat);
  auto successor = signed_in(sam, "sam@law.example");
  auto opened = referrer_statement(ws(), c(), successor, first->register_id);
  EXPECT_TRUE(opened) << opened.error().message;
}

TEST_P(Referrers, TooManyWrongPasswordsStopTheAccountTakingAnyForTheHour) {
  std::string pat = account_for(resident_solicitor_, "pat@law.example");
  Instant at = now();
  auto minutes = [&](int n) { return at + std::chrono::minutes{n}; };
  auto wrong_times = [&](int n, Instant when) {
    for (int i = 0; i < n; ++i) {
      auto wrong = send_referrer_code(ws(), c(), "pat@law.example", "not the password", when);
      ASSERT_FALSE(wrong);
      EXPECT_EQ(wrong.error().message, "the email address or password is wrong");
    }
  };
  // A right password clears the count: nine wrong, then the right one, twice over, leave it open.
  wrong_times(wrong_passwords_per_hour - 1, at);
  ASSERT_TRUE(send_referrer_code(ws(), c(), "pat@law.example", password, at));
  wrong_times(wrong_passwords_per_hour - 1, minutes(1));
  ASSERT_TRUE(send_referrer_code(ws(), c(), "pat@law.example", password, minutes(1))) << "the count began again";
  wrong_times(wrong_passwords_per_hour, minutes(1));
  auto locked = send_referrer_code(ws(), c(), "pat@law.example", password, minutes(2));
  ASSERT_FALSE(locked) << "the right password too, for the rest of the hour";
  EXPECT_EQ(locked.error().message, "the email address or password is wrong") << "in the same words";
  EXPECT_EQ(locked.error().clause_id(), "7");
  EXPECT_TRUE(send_referrer_code(ws(), c(), "pat@law.example", password, minutes(62)))
      << "the hour over, the account takes its password again";
  // Locked again, Pat is invited again and chooses a new password: the lock goes with the old one.
  wrong_times(wrong_passwords_per_hour, minutes(63));
  auto invited =
      invite_referrer(ws(), c(), staff("coord.amy"), "F0001", resident_solicitor_, "pat@law.example", minutes(63));
  ASSERT_TRUE(invited) << invited.error().message;
  ASSERT_TRUE(
      set_up_referrer(ws(), c(), "pat@law.example", setup_code(pat), "a new and longer passphrase", minutes(64)));
  EXPECT_TRUE(send_referrer_code(ws(), c(), "pat@law.example", "a new and longer passphrase", minutes(65)));
}

TEST_P(Referrers, AReferralStaysWithItsAccountAndAnInvitationAgainResetsThePassword) {
  std::string pat = account_for(resident_solicitor_, "pat@law.example");
  auto moved =
      invite_referrer(ws(), c(), staff("coord.amy"), "F0001", resident_solicitor_, "mallory@law.example", now());
  ASSERT_FALSE(moved) << "what was sent to Pat stays Pat's";
  EXPECT_EQ(moved.error().kind, ErrorKind::conflict);
  EXPECT_EQ(
      store::value<std::string>(ws().db(), "SELECT referrer_account FROM referrals WHERE id = :r", resident_solicitor_)
          .value_or(""),
      pat);
  auto own = invite_referrer(ws(), c(), staff("coord.amy"), "F0001", family_id_, "pat@law.example", now());
  EXPECT_FALSE(own) << "not a referral of the family";

  // Pat forgot the password: invited again, Pat chooses a new one with a new set-up code. (The
  // first letter is cleared, since two letters written in the same instant have no order.)
  store::execute(ws().db(), "DELETE FROM outbox WHERE about = :a", "referrer:" + pat);
  auto again = invite_referrer(ws(), c(), staff("coord.amy"), "F0001", resident_solicitor_, "pat@law.example", now());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->account_id, pat);
  std::string code = setup_code(pat);
  ASSERT_FALSE(code.empty());
  ASSERT_TRUE(set_up_referrer(ws(), c(), "pat@law.example", code, "a brand new passphrase", now()));
  EXPECT_FALSE(send_referrer_code(ws(), c(), "pat@law.example", password, now())) << "the old password is gone";
  EXPECT_TRUE(send_referrer_code(ws(), c(), "pat@law.example", "a brand new passphrase", now()));
}

TEST_P(Referrers, ACopyForAReferrerWithoutAnAccountWaitsForTheCentreToSendIt) {
  std::string pat = account_for(resident_solicitor_, "pat@law.example");
  auto asked = ask(signed_in(pat, "pat@law.example"), resident_solicitor_);
  ASSERT_TRUE(asked && asked->allowed);
  auto waiting = disclosure::statements_to_send(ws(), c(), staff("coord.amy"));
  ASSERT_TRUE(waiting) << waiting.error().message;
  if (!west_wilts()) {
    EXPECT_TRUE(waiting->empty()) << "nothing goes to the other side under this policy";
    return;
  }
  ASSERT_EQ(waiting->size(), 1u);
  std::string id = (*waiting)[0].id;
  EXPECT_EQ(id, asked->mirror_register_ids.at(0));
  EXPECT_FALSE(disclosure::statements_to_send(ws(), c(), staff("vol.sam"))) << "volunteers keep no register";
  auto notices = notices::waiting_for(ws(), c(), staff("coord.amy"), london_today());
  ASSERT_TRUE(notices);
  EXPECT_TRUE(
      std::ranges::any_of(*notices, [](const auto& n) { return n.subject == notices::Subject::statement_to_send; }));

  EXPECT_FALSE(disclosure::statement_to_send(ws(), c(), staff("vol.sam"), id));
  auto copy = disclosure::statement_to_send(ws(), c(), staff("coord.amy"), id);
  ASSERT_TRUE(copy) << copy.error().message;
  EXPECT_EQ(copy->recipient_name, "Dev Marlow");
  ASSERT_TRUE(copy->statement);
  EXPECT_EQ(copy->statement->sessions.size(), 2u);
  EXPECT_FALSE(disclosure::statement_to_send(ws(), c(), staff("coord.amy"), asked->register_id))
      << "Pat's own copy is in Pat's account";

  EXPECT_FALSE(disclosure::mark_statement_sent(ws(), c(), staff("vol.sam"), id));
  ASSERT_TRUE(disclosure::mark_statement_sent(ws(), c(), staff("coord.amy"), id));
  auto again = disclosure::mark_statement_sent(ws(), c(), staff("coord.amy"), id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::not_found) << "no longer waiting";
  EXPECT_TRUE(disclosure::statements_to_send(ws(), c(), staff("coord.amy"))->empty());
  EXPECT_EQ(store::value<int>(ws().db(),
                              "SELECT COUNT(*) FROM audit_log WHERE action = 'send_mirror_disclosure' AND "
                              "resource = :r AND outcome = 'allow'",
                              "disclosure:" + id)
                .value_or(0),
            1);
}

}  // namespace
}  // namespace haven::portal
