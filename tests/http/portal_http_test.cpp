// The parents' portal over real HTTP on loopback, served by `haven serve` with a real SMTP server:
// a parent asks for a code, reads it from the email, signs in, sees their own case, gives and then
// withdraws permission for their phone to go to a Cafcass officer; another parent cannot reach that
// permission by its id, and sees nothing of the first family.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "store/rows.hpp"
#include "support/http_client.hpp"
#include "support/serve_process.hpp"
#include "support/smtp_server.hpp"

namespace haven {
namespace {

using testing::Client;
using testing::HttpReply;

using testing::cookie_of;
using testing::first_match;
using testing::form_encoded;

class PortalServed : public ::testing::Test {
 protected:
  PortalServed() {
    serving_ = std::make_unique<testing::ServeProcess>(demo_.dir, demo_.paths, 0, smtp_.serve_options());
  }

  std::string centre() const { return demo_.demo.centre_id; }
  HttpReply post(Client& client, const std::string& path, const std::string& body, const std::string& cookie) {
    return client.send("POST", path, body, {{"content-type", "application/x-www-form-urlencoded"}, {"cookie", cookie}});
  }
  // The email the courier sends to `to`, waited for (the courier runs every second).
  std::string letter_to(const std::string& to) {
    for (int tries = 0; tries < 100; ++tries) {
      for (const auto& m : smtp_.received())
        if (m.to == std::vector<std::string>{to}) return m.data;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return {};
  }
  // Signs `email` in through the pages: the portal's cookie, or empty.
  std::string sign_in(Client& client, const std::string& email) {
    auto page = client.get("/public/" + centre() + "/sign-in");
    EXPECT_EQ(page.status, 200);
    std::string token = first_match(page.body, "name=\"form_token\" value=\"([^\"]+)\"");
    std::string form_cookie = cookie_of(page);
    auto asked = post(client, "/public/" + centre() + "/sign-in",
                      "form_token=" + token + "&email=" + form_encoded(email), form_cookie);
    EXPECT_EQ(asked.status, 200) << asked.body;
    EXPECT_NE(asked.body.find("Check your email"), std::string::npos);
    std::string letter = letter_to(email);
    std::string code = first_match(letter, "code is (\\d{6})");
    EXPECT_EQ(code.size(), 6u) << letter;
    auto in = post(client, "/public/" + centre() + "/sign-in/code",
                   "form_token=" + token + "&email=" + form_encoded(email) + "&code=" + code, form_cookie);
    EXPECT_EQ(in.status, 303) << in.body;
    EXPECT_EQ(in.headers["location"], "/portal/" + centre());
    return cookie_of(in);
  }

  testing::DemoWorkspace demo_{"birmingham"};
  testing::SmtpServer smtp_;
  std::unique_ptr<testing::ServeProcess> serving_;
};

TEST_F(PortalServed, AParentGivesAndWithdrawsPermissionForTheirPhoneAndNobodyElseReachesIt) {
  ASSERT_NE(smtp_.port(), 0) << "the test SMTP server did not start";
  ASSERT_NE(serving_->port(), 0);
  Client dan(serving_->port());
  std::string home = "/portal/" + centre();
  EXPECT_EQ(dan.get(home).status, 303) << "signed out, the portal sends you to sign in";

  // A wrong code is refused on the page, which asks again.
  auto page = dan.get("/public/" + centre() + "/sign-in");
  std::string token = first_match(page.body, "name=\"form_token\" value=\"([^\"]+)\"");
  auto wrong = post(dan, "/public/" + centre() + "/sign-in/code",
                    "form_token=" + token + "&email=dan%40example.org&code=123456", cookie_of(page));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("That code is wrong or has expired"), std::string::npos) << wrong.body;

  std::string cookie = sign_in(dan, "dan@example.org");
  ASSERT_FALSE(cookie.empty());
  auto letter = smtp_.received();
  ASSERT_FALSE(letter.empty());
  EXPECT_TRUE(letter.front().secure);
  EXPECT_EQ(letter.front().data.find("Okafor"), std::string::npos) << "an email carries no family data";

  auto mine = dan.send("GET", home, "", {{"cookie", cookie}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_NE(mine.body.find("Hello Daniel"), std::string::npos);
  EXPECT_NE(mine.body.find("F0002"), std::string::npos);
  for (const char* other : {"Priya", "22 Wrenfield", "01632 960003", "Tomas Reyes", "Sam asked"})
    EXPECT_EQ(mine.body.find(other), std::string::npos) << "nothing of the other parent or the notes: " << other;
  std::string csrf = first_match(mine.body, "name=\"csrf\" value=\"([^\"]+)\"");
  ASSERT_FALSE(csrf.empty());

  auto form = dan.send("GET", home + "/permissions/new", "", {{"cookie", cookie}});
  ASSERT_EQ(form.status, 200);
  auto missing = post(dan, home + "/permissions", "csrf=" + csrf + "&field=phone&to=cafcass&named=", cookie);
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("href=\"#named\""), std::string::npos) << "the error links to its field";
  auto given =
      post(dan, home + "/permissions", "csrf=" + csrf + "&field=phone&to=cafcass&named=Sam+Patel%2C+Cafcass", cookie);
  ASSERT_EQ(given.status, 303) << given.body;
  mine = dan.send("GET", home + "?done=permission_given", "", {{"cookie", cookie}});
  EXPECT_NE(mine.body.find("Your permission is recorded"), std::string::npos);
  EXPECT_NE(mine.body.find("A Cafcass officer you named"), std::string::npos);
  std::string permission = first_match(mine.body, "/permissions/(con_[A-Za-z0-9_-]+)/withdraw");
  ASSERT_FALSE(permission.empty()) << mine.body;
  auto& db = demo_.ws->db();
  EXPECT_EQ(store::value<std::string>(db, "SELECT how_given FROM consents WHERE id = :i", permission).value_or(""),
            "portal");

  // Joanna, signed in as herself, cannot withdraw it by its id, and sees nothing of his family.
  Client joanna(serving_->port());
  std::string hers = sign_in(joanna, "joanna@example.org");
  ASSERT_FALSE(hers.empty());
  auto her_page = joanna.send("GET", home, "", {{"cookie", hers}});
  ASSERT_EQ(her_page.status, 200);
  EXPECT_EQ(her_page.body.find("Daniel"), std::string::npos);
  EXPECT_EQ(her_page.body.find("Cafcass officer"), std::string::npos);
  std::string her_csrf = first_match(her_page.body, "name=\"csrf\" value=\"([^\"]+)\"");
  auto reach = post(joanna, home + "/permissions/" + permission + "/withdraw", "csrf=" + her_csrf, hers);
  EXPECT_EQ(reach.status, 404);
  auto with_his_csrf = post(joanna, home + "/permissions/" + permission + "/withdraw", "csrf=" + csrf, hers);
  EXPECT_NE(with_his_csrf.status, 303) << "a form carries its own session's token";
  EXPECT_EQ(store::value<std::string>(db, "SELECT withdrawn_on FROM consents WHERE id = :i", permission).value_or("x"),
            "");

  // He withdraws it himself.
  auto withdrawn = post(dan, home + "/permissions/" + permission + "/withdraw", "csrf=" + csrf, cookie);
  ASSERT_EQ(withdrawn.status, 303) << withdrawn.body;
  EXPECT_NE(store::value<std::string>(db, "SELECT withdrawn_on FROM consents WHERE id = :i", permission).value_or(""),
            "");
  mine = dan.send("GET", home, "", {{"cookie", cookie}});
  EXPECT_NE(mine.body.find("Withdrawn"), std::string::npos);

  // Signed out, the cookie opens nothing.
  auto out = post(dan, home + "/sign-out", "csrf=" + csrf, cookie);
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(dan.send("GET", home, "", {{"cookie", cookie}}).status, 303);
}

}  // namespace
}  // namespace haven
