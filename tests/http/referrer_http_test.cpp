// Referrers' accounts over real HTTP on loopback, served by `haven serve` under the West Wilts
// policy with a real SMTP server: both parents' solicitors are invited by email, set their
// passwords and sign in with a code emailed each time; one asks for an attendance statement, is
// warned first that the other side receives the same, and both read it in their accounts. Neither
// reaches a statement that is not theirs.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "portal/referrers.hpp"
#include "records/families.hpp"
#include "records/family_view.hpp"
#include "support/http_client.hpp"
#include "support/serve_process.hpp"
#include "support/smtp_server.hpp"

namespace haven {
namespace {

using testing::Client;
using testing::cookie_of;
using testing::first_match;
using testing::form_encoded;
using testing::HttpReply;

constexpr const char* password = "seven quiet harbour lanterns";

class ReferrersServed : public ::testing::Test {
 protected:
  ReferrersServed() {
    serving_ = std::make_unique<testing::ServeProcess>(
        demo_.dir, demo_.paths, 0, smtp_.serve_options() + " --public-address https://haven.example.org/");
  }

  std::string centre() const { return demo_.demo.centre_id; }
  std::string open(const std::string& rest) const { return "/public/" + centre() + rest; }
  HttpReply post(Client& client, const std::string& path, const std::string& body, const std::string& cookie) {
    return client.send("POST", path, body, {{"content-type", "application/x-www-form-urlencoded"}, {"cookie", cookie}});
  }
  // The newest email to `to` holding `pattern`, waited for (the courier runs every second).
  std::string from_letter(const std::string& to, const std::string& pattern) {
    for (int tries = 0; tries < 100; ++tries) {
      auto received = smtp_.received();
      for (auto m = received.rbegin(); m != received.rend(); ++m)
        if (m->to == std::vector<std::string>{to})
          if (auto found = first_match(m->data, pattern); !found.empty()) return found;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return {};
  }
  // A public form's page, for its token and the cookie that goes with it.
  std::pair<std::string, std::string> form_of(Client& client, const std::string& rest) {
    auto page = client.get(open(rest));
    EXPECT_EQ(page.status, 200) << page.body;
    return {first_match(page.body, "name=\"form_token\" value=\"([^\"]+)\""), cookie_of(page)};
  }
  // Sets up the invited account at `email` and signs in through the pages: the account's cookie.
  std::string set_up_and_sign_in(Client& client, const std::string& email) {
    std::string code = from_letter(email, "([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})");
    EXPECT_FALSE(code.empty()) << "no invitation reached " << email;
    auto [token, cookie] = form_of(client, "/referrers/set-up");
    std::string fields = "form_token=" + token + "&email=" + form_encoded(email) + "&code=" + code +
                         "&password=" + form_encoded(password);
    auto mismatched = post(client, open("/referrers/set-up"), fields + "&password_again=other", cookie);
    EXPECT_EQ(mismatched.status, 400);
    EXPECT_NE(mismatched.body.find("href=\"#password_again\""), std::string::npos) << "the error links to its field";
    auto set = post(client, open("/referrers/set-up"), fields + "&password_again=" + form_encoded(password), cookie);
    EXPECT_EQ(set.status, 303) << set.body;

    auto [sign_in_token, sign_in_cookie] = form_of(client, "/referrers/sign-in");
    std::string who = "form_token=" + sign_in_token + "&email=" + form_encoded(email);
    auto wrong = post(client, open("/referrers/sign-in"), who + "&password=wrong+password+here", sign_in_cookie);
    EXPECT_EQ(wrong.status, 400);
    EXPECT_NE(wrong.body.find("The email address or password is wrong"), std::string::npos);
    auto asked = post(client, open("/referrers/sign-in"), who + "&password=" + form_encoded(password), sign_in_cookie);
    EXPECT_EQ(asked.status, 200) << asked.body;
    EXPECT_NE(asked.body.find("Check your email"), std::string::npos);
    std::string sign_in_code = from_letter(email, "code is (\\d{6})");
    auto in = post(client, open("/referrers/sign-in/code"), who + "&code=" + sign_in_code, sign_in_cookie);
    EXPECT_EQ(in.status, 303) << in.body;
    EXPECT_EQ(in.headers["location"], "/referrer/" + centre());
    return cookie_of(in);
  }

  testing::DemoWorkspace demo_{"west-wilts"};
  testing::SmtpServer smtp_;
  std::unique_ptr<testing::ServeProcess> serving_;
};

TEST_F(ReferrersServed, AWestWiltsReferrerAsksForAttendanceAndBothReferrersReceiveIt) {
  ASSERT_NE(smtp_.port(), 0) << "the test SMTP server did not start";
  ASSERT_NE(serving_->port(), 0);
  auto& ws = *demo_.ws;
  const auto& c = *demo_.centre;
  auto amy = demo_.staff("coord.amy");
  auto family = records::show_family(ws, c, amy, "F0001");
  ASSERT_TRUE(family);
  std::string pats_referral = family->referrals[0].id;  // for the resident parent
  auto devs_referral = records::add_referral(
      ws, c, amy, family->id, {records::AgencyKind::solicitor, "Dev Marlow", family->people[1].id, "2026-10-01"});
  ASSERT_TRUE(devs_referral);
  ASSERT_TRUE(portal::invite_referrer(ws, c, amy, "F0001", pats_referral, "pat@law.example", now()));
  ASSERT_TRUE(portal::invite_referrer(ws, c, amy, "F0001", *devs_referral, "dev@law.example", now()));

  Client pat(serving_->port()), dev(serving_->port());
  std::string home = "/referrer/" + centre();
  EXPECT_EQ(pat.get(home).status, 303) << "signed out, an account sends you to sign in";
  std::string pats = set_up_and_sign_in(pat, "pat@law.example");
  std::string devs = set_up_and_sign_in(dev, "dev@law.example");
  ASSERT_FALSE(pats.empty());
  ASSERT_FALSE(devs.empty());

  auto mine = pat.send("GET", home, "", {{"cookie", pats}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_NE(mine.body.find("Family F0001"), std::string::npos);
  for (const char* secret : {"Joanna", "Pemberton", "Larkspur", "01632", "settled"})
    EXPECT_EQ(mine.body.find(secret), std::string::npos) << "nothing of the family beyond its reference: " << secret;
  std::string ask = first_match(mine.body, "href=\"(/referrer/[^\"]+/ask)\"");
  ASSERT_FALSE(ask.empty()) << mine.body;
  auto form = pat.send("GET", ask, "", {{"cookie", pats}});
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("will receive this same statement"), std::string::npos) << "warned before asking";
  std::string csrf = first_match(form.body, "name=\"csrf\" value=\"([^\"]+)\"");
  auto today = london_today();
  std::string period = fmt::format("&from_day=1&from_month=1&from_year=2026&to_day={}&to_month={}&to_year={}",
                                   static_cast<unsigned>(std::chrono::year_month_day(today).day()),
                                   static_cast<unsigned>(std::chrono::year_month_day(today).month()),
                                   static_cast<int>(std::chrono::year_month_day(today).year()));
  auto unconfirmed = post(pat, ask, "csrf=" + csrf + period, pats);
  EXPECT_EQ(unconfirmed.status, 400);
  EXPECT_NE(unconfirmed.body.find("href=\"#understood\""), std::string::npos);
  auto asked = post(pat, ask, "csrf=" + csrf + period + "&understood=yes", pats);
  ASSERT_EQ(asked.status, 303) << asked.body;
  std::string statement = asked.headers["location"];
  EXPECT_NE(statement.find("done=statement_ready_other_account"), std::string::npos) << "told where the copy went";
  statement = statement.substr(0, statement.find('?'));
  auto read = pat.send("GET", statement, "", {{"cookie", pats}});
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_NE(read.body.find("Attendance statement"), std::string::npos);
  EXPECT_NE(read.body.find("family F0001"), std::string::npos);

  // Dev is told by email, and reads the same statement in his own account.
  std::string notice = from_letter("dev@law.example", "(A new attendance statement)");
  EXPECT_FALSE(notice.empty());
  EXPECT_FALSE(
      from_letter("dev@law.example", "(https://haven\\.example\\.org/public/" + centre() + "/referrers/sign-in)")
          .empty())
      << "the letter links to where to sign in";
  auto his = dev.send("GET", home, "", {{"cookie", devs}});
  ASSERT_EQ(his.status, 200);
  EXPECT_NE(his.body.find("asked for by the other side"), std::string::npos) << his.body;
  std::string his_copy = first_match(his.body, "href=\"(/referrer/[^\"]+/statements/[^\"]+)\"");
  ASSERT_FALSE(his_copy.empty());
  auto his_read = dev.send("GET", his_copy, "", {{"cookie", devs}});
  EXPECT_EQ(his_read.status, 200);
  EXPECT_NE(his_read.body.find("family F0001"), std::string::npos);

  // Neither reaches the other's copy by its address, as a page or as a PDF.
  auto pdf = pat.send("GET", statement + "/statement.pdf", "", {{"cookie", pats}});
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(pat.send("GET", his_copy + "/statement.pdf", "", {{"cookie", pats}}).status, 404);
  EXPECT_EQ(pat.send("GET", his_copy, "", {{"cookie", pats}}).status, 404);
  EXPECT_EQ(dev.send("GET", statement, "", {{"cookie", devs}}).status, 404);
  // Nor Pat's referral from Dev's account, with Dev's own form token: refused under clause 3.
  std::string devs_csrf = first_match(his.body, "name=\"csrf\" value=\"([^\"]+)\"");
  auto crossed = post(dev, ask, "csrf=" + devs_csrf + period + "&understood=yes", devs);
  EXPECT_EQ(crossed.status, 403) << crossed.body;
  EXPECT_NE(crossed.body.find("clause 3"), std::string::npos);
  EXPECT_EQ(dev.send("GET", ask, "", {{"cookie", devs}}).status, 403);

  auto out = post(pat, home + "/sign-out", "csrf=" + csrf, pats);
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(pat.send("GET", home, "", {{"cookie", pats}}).status, 303);

  // Guessing passwords is stopped: every try counts against the address, right or wrong.
  auto [token, cookie] = form_of(pat, "/referrers/sign-in");
  int status = 0;
  for (int tries = 0; tries < 12 && status != 429; ++tries)
    status = post(pat, open("/referrers/sign-in"),
                  "form_token=" + token + "&email=pat%40law.example&password=guess" + std::to_string(tries), cookie)
                 .status;
  EXPECT_EQ(status, 429);
}

}  // namespace
}  // namespace haven
