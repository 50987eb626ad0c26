// Text is valid UTF-8 at every entrance, or refused with an error naming the field: the API's
// JSON bodies and addresses, the web forms, a CSV import and the command line. Each is fed bytes
// that are not UTF-8; nothing is stored, and every reply is still valid JSON or HTML.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "access/staff.hpp"
#include "core/text.hpp"
#include "records/import.hpp"
#include "store/rows.hpp"
#include "support/http_client.hpp"
#include "support/serve_process.hpp"

namespace haven::testing {
namespace {

TEST(Utf8, WellFormedTextOnly) {
  for (std::string_view good : {"", "Ava Stone", "Zoë Ó Dálaigh", "\xe2\x82\xac", "\xf0\x9f\x98\x80"})
    EXPECT_TRUE(is_valid_utf8(good)) << good;
  const std::string_view bad[] = {
      "\xff",              // never used in UTF-8
      "\x80",              // a continuation byte with no lead
      "\xc3\x28",          // a lead byte without its continuation
      "\xc0\xaf",          // an overlong '/'
      "\xe0\x80\xaf",      // an overlong '/' in three bytes
      "\xed\xa0\x80",      // a UTF-16 surrogate
      "\xf4\x90\x80\x80",  // above U+10FFFF
      "Zo\xc3",            // cut short
  };
  for (auto text : bad) EXPECT_FALSE(is_valid_utf8(text)) << "bytes " << ::testing::PrintToString(text);
  auto refused = require_utf8("\xff", "'surname'");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(refused.error().message.find("'surname'"), std::string::npos);
}

int people_of(app::Workspace& ws) {
  return store::value<int>(ws.db(), "SELECT COUNT(*) FROM people").value_or(0);
}

TEST(Utf8, TheApiRefusesBadTextNamingTheFieldAndAnswersInValidJson) {
  RunningApi api;
  Client c(api.port());
  ASSERT_EQ(c.sign_in("coord.amy", cli::demo_password).status, 200);
  int before = people_of(api.workspace());
  auto reply = c.post("/api/v1/families/F0001/people", "{\"party\":\"child\",\"first_name\":\"Mi\xff\"}");
  EXPECT_EQ(reply.status, 400);
  ASSERT_TRUE(is_valid_utf8(reply.body));
  auto message = std::string(reply.json().as_object()["error"].as_object()["message"].as_string());
  EXPECT_NE(message.find("'first_name'"), std::string::npos) << message;
  EXPECT_EQ(people_of(api.workspace()), before);

  auto address = c.get("/api/v1/families/F%FF01");
  EXPECT_EQ(address.status, 400) << "a path that is not UTF-8 is refused before any handler";
  EXPECT_TRUE(is_valid_utf8(address.body));
  EXPECT_NO_THROW(address.json());
}

TEST(Utf8, AWebFormNamesTheFieldAndKeepsEverythingElseTyped) {
  RunningApi api;
  Client c(api.port());
  ASSERT_EQ(sign_in_demo(c, api, "coord.amy").status, 200);
  int before = people_of(api.workspace());
  auto reply = c.send("POST", "/families/F0002/people",
                      "csrf=" + c.csrf() + "&party=child&first_name=Tia&surname=Lo%FFwe&date_of_birth=2020-03-04",
                      {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_TRUE(is_valid_utf8(reply.body));
  EXPECT_NE(reply.body.find("What was typed for “Surname” holds characters that are not valid text"), std::string::npos)
      << reply.body.substr(reply.body.find("govuk-error-summary"), 1500);
  EXPECT_NE(reply.body.find("value=\"Tia\""), std::string::npos) << "what was typed well is kept";
  EXPECT_EQ(people_of(api.workspace()), before);
}

TEST(Utf8, ACsvImportReportsTheRowAndColumn) {
  DemoWorkspace demo("birmingham");
  std::string csv =
      "family,party,first_name,surname,date_of_birth,address,phone,email,must_not_meet,referral_agency,referrer_name,"
      "referred_on,referrer_acts_for\n"
      "A,resident_parent,Kate,Lo\xe9we,,,,,yes,,,,\n";  // Latin-1, not UTF-8
  int before = people_of(*demo.ws);
  auto report = records::import_families_csv(*demo.ws, *demo.centre, demo.staff("coord.amy"), csv, false);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].rfind("row 2, surname: holds characters that are not valid text", 0), 0u)
      << report->problems[0];
  EXPECT_EQ(people_of(*demo.ws), before);
}

TEST(Utf8, TheCommandLineRefusesAnArgumentNamingTheOption) {
  DemoWorkspace demo("birmingham");
  int code = -1;
  auto out = run_haven(demo.paths, "user add vol.kit --role volunteer --name $(printf 'K\\377t')", code);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("The value of --name holds characters that are not valid text"), std::string::npos) << out;
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_FALSE(access::find_staff(*demo.ws, "vol.kit")) << "nothing was added";
}

}  // namespace
}  // namespace haven::testing
