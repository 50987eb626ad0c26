// The public pages over real HTTP on loopback, without signing in: the policy in force and the
// referral form. A form sent lands as one application and is answered with its reference only;
// oversized, malformed and hostile input is refused with a clear error, keeps what was typed and
// writes nothing; an address that sends too many is told to wait.
#include <gtest/gtest.h>

#include <algorithm>
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
using testing::RunningApi;

// A referral form as a browser gets it: its token, and the cookie that must come back with it.
struct OpenForm {
  std::string token;
  std::string cookie;
};

OpenForm open_form(Client& client, const std::string& path) {
  auto page = client.get(path);
  EXPECT_EQ(page.status, 200) << path;
  std::smatch m;
  EXPECT_TRUE(std::regex_search(page.body, m, std::regex("name=\"form_token\" value=\"([^\"]+)\"")));
  auto set_cookie = page.headers["set-cookie"];
  return {m.size() > 1 ? m[1].str() : std::string(), set_cookie.substr(0, set_cookie.find(';'))};
}

// A father applying for himself and his daughter, URL-encoded, with `extra` fields appended.
std::string fathers_form(const OpenForm& f, const std::string& extra = "") {
  return "form_token=" + f.token +
         "&applicant=parent&parent_party=non_resident_parent&contact_email=tom.reed%40example.org"
         "&parent_first_name=Tom&parent_surname=Reed&child1_first_name=Lily&child1_surname=Reed"
         "&child1_born_day=3&child1_born_month=4&child1_born_year=2019" +
         extra;
}

HttpReply send_form(Client& client, const std::string& path, const OpenForm& f, const std::string& body) {
  return client.send("POST", path, body, {{"content-type", "application/x-www-form-urlencoded"}, {"cookie", f.cookie}});
}

class PublicPages : public ::testing::Test {
 protected:
  long long applications() {
    return store::value<long long>(haven_.workspace().db(), "SELECT COUNT(*) FROM applications").value_or(0);
  }
  std::string base() const { return "/public/" + haven_.demo().centre_id; }

  RunningApi haven_;
  Client visitor_{haven_.port()};
};

TEST_F(PublicPages, ThePolicyAndTheReferralFormOpenWithoutSigningIn) {
  auto policy = visitor_.get(base() + "/policy");
  ASSERT_EQ(policy.status, 200);
  EXPECT_NE(policy.body.find("confidentiality policy"), std::string::npos);
  EXPECT_NE(policy.body.find("id=\"clause-4\""), std::string::npos) << "every clause, anchored";
  EXPECT_NE(policy.body.find("Versions of this policy"), std::string::npos);
  EXPECT_NE(policy.body.find("Ground rules for contact sessions"), std::string::npos)
      << "the ground rules parents agree to are public with the policy (clause 9)";
  EXPECT_EQ(policy.body.find("Sign out"), std::string::npos);
  EXPECT_EQ(policy.body.find("F0001"), std::string::npos) << "nothing about any family";
  auto form = visitor_.get(base() + "/refer");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"form_token\""), std::string::npos);
  EXPECT_EQ(visitor_.get("/public/ctr_nosuchcentre/policy").status, 404);
  EXPECT_EQ(visitor_.get("/public/..%2Fetc/policy").status, 404);
}

TEST_F(PublicPages, AnApplicationSentIsAnsweredWithItsReferenceOnly) {
  auto f = open_form(visitor_, base() + "/refer");
  auto posted =
      send_form(visitor_, base() + "/refer", f, fathers_form(f, "&risks=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
  ASSERT_EQ(posted.status, 303) << "answered by its address, so a reload never sends it again: " << posted.body;
  auto sent = visitor_.get(posted.headers["location"]);
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(visitor_.get(base() + "/refer/received?reference=%3Cb%3E").status, 404) << "only a reference is said back";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sent.body, m, std::regex("<strong id=\"reference\">(A-[0-9A-F]{6})</strong>")));
  EXPECT_EQ(sent.body.find("Reed"), std::string::npos) << "nothing typed is shown back";
  EXPECT_EQ(sent.body.find("Lily"), std::string::npos);
  EXPECT_EQ(applications(), 1);

  Client coordinator(haven_.port()), volunteer(haven_.port());
  ASSERT_EQ(testing::sign_in_demo(coordinator, haven_, "coord.amy").status, 200);
  ASSERT_EQ(testing::sign_in_demo(volunteer, haven_, "vol.sam").status, 200);
  auto listed = coordinator.get("/api/v1/applications");
  ASSERT_EQ(listed.status, 200);
  auto rows = listed.json().as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].as_object()["reference"].as_string(), m[1].str());
  EXPECT_EQ(volunteer.get("/api/v1/applications").status, 403);
  std::string id(rows[0].as_object()["id"].as_string());
  auto page = coordinator.get("/applications/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << "shown as text";
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  auto taken =
      coordinator.send("POST", "/api/v1/applications/" + id + "/take-in", "{}", {{"x-csrf-token", coordinator.csrf()}});
  ASSERT_EQ(taken.status, 200) << taken.body;
  std::string family(taken.json().as_object()["family"].as_string());
  auto waiting = coordinator.get("/api/v1/waiting-list").json().as_array();
  EXPECT_TRUE(std::ranges::any_of(
      waiting, [&](const boost::json::value& w) { return w.as_object().at("reference").as_string() == family; }));
}

TEST_F(PublicPages, HostileAndMalformedFormsAreRefusedClearlyAndWriteNothing) {
  const std::string path = base() + "/refer";
  auto f = open_form(visitor_, path);
  struct Case {
    std::string body;
    std::string says;
  };
  const Case cases[] = {
      {fathers_form({"wrong-token", ""}), "The form had expired"},
      {fathers_form(f, "&website=http%3A%2F%2Fspam.example"), "could not be accepted"},
      {fathers_form(f, "&parent_address=%FF%FE"), "parent_address"},
      {"%%%", ""},
  };
  for (const auto& c : cases) {
    auto reply = send_form(visitor_, path, f, c.body);
    EXPECT_EQ(reply.status, 400) << c.body;
    if (!c.says.empty()) EXPECT_NE(reply.body.find(c.says), std::string::npos) << c.says << "\n" << reply.body;
  }
  EXPECT_EQ(applications(), 0);

  // A mistake is shown with what was typed, and costs nothing against the address's five an hour.
  auto missing = send_form(visitor_, path, f,
                           "form_token=" + f.token +
                               "&applicant=parent&parent_party=resident_parent"
                               "&contact_email=jess%40example.org&parent_surname=" +
                               std::string(300, 'x'));
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("Enter the parent&apos;s first name"), std::string::npos) << missing.body;
  EXPECT_NE(missing.body.find("value=\"jess@example.org\""), std::string::npos) << "what was typed is kept";
  auto unborn = send_form(visitor_, path, f, fathers_form(f, "").replace(fathers_form(f, "").find("2019"), 4, "2099"));
  EXPECT_EQ(unborn.status, 400);
  EXPECT_NE(unborn.body.find("The child&apos;s date of birth must be today or in the past"), std::string::npos);
  EXPECT_NE(unborn.body.find("href=\"#child1_born_day\""), std::string::npos) << "linked to its field";
  EXPECT_EQ(applications(), 0);
  for (int sent = 0; sent < 5; ++sent) EXPECT_EQ(send_form(visitor_, path, f, fathers_form(f)).status, 303);
  auto too_many = send_form(visitor_, path, f, fathers_form(f, "&availability=Saturdays"));
  EXPECT_EQ(too_many.status, 429);
  EXPECT_EQ(too_many.headers["retry-after"], "3600");
  EXPECT_NE(too_many.body.find(">Saturdays</textarea>"), std::string::npos) << "what was typed is kept";
  EXPECT_EQ(applications(), 5);
}

// `haven serve` with a mail server: the one who applied is sent their reference by email, over
// STARTTLS, within moments, and nothing they wrote.
TEST(PublicPagesServed, WhoAppliedIsSentTheirReferenceByEmail) {
  testing::DemoWorkspace demo("birmingham");
  testing::SmtpServer smtp;
  ASSERT_NE(smtp.port(), 0) << "the test SMTP server did not start";
  testing::ServeProcess serving(demo.dir, demo.paths, 0, smtp.serve_options());
  ASSERT_NE(serving.port(), 0);
  Client visitor(serving.port());
  std::string path = "/public/" + demo.demo.centre_id + "/refer";
  auto f = open_form(visitor, path);
  auto posted = send_form(visitor, path, f, fathers_form(f));
  ASSERT_EQ(posted.status, 303) << posted.body;
  auto sent = visitor.get(posted.headers["location"]);
  ASSERT_EQ(sent.status, 200) << sent.body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sent.body, m, std::regex("<strong id=\"reference\">(A-[0-9A-F]{6})</strong>")));
  for (int tries = 0; tries < 100 && smtp.received().empty(); ++tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto got = smtp.received();
  ASSERT_EQ(got.size(), 1u) << "the courier sends the outbox every second";
  EXPECT_TRUE(got[0].secure);
  EXPECT_EQ(got[0].to, std::vector<std::string>{"tom.reed@example.org"});
  EXPECT_NE(got[0].data.find(m[1].str()), std::string::npos);
  EXPECT_EQ(got[0].data.find("Reed"), std::string::npos);
}

}  // namespace
}  // namespace haven
