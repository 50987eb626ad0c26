// The web pages over real HTTP on loopback: every role against every page (the status each must
// get, and a refusal that names its clause), the headers every page carries, and forms that
// change nothing without the session's CSRF token.
#include <gtest/gtest.h>

#include <regex>

#include "support/http_client.hpp"

namespace haven::testing {
namespace {

enum Column { coordinator, management, safeguarding, volunteer, unvetted, administrator, anonymous, columns };
const char* const staff_handles[] = {"coord.amy", "mgmt.raj", "safe.lee", "vol.sam", "vol.new", "admin.kim", ""};

struct PageRow {
  const char* path;  // {session} stands for a real session of F0002
  int expected[columns];
};

// clang-format off
const PageRow pages[] = {
    {"/",                          {200, 200, 200, 200, 200, 200, 303}},
    {"/families",                  {200, 200, 200, 200, 403, 403, 303}},
    {"/families/F0002",            {200, 200, 200, 200, 403, 403, 303}},
    {"/calendar",                  {200, 200, 200, 200, 403, 403, 303}},
    {"/sessions/{session}",        {200, 200, 200, 200, 403, 403, 303}},
    {"/families/F0002/requests",   {200, 200, 200, 403, 403, 403, 303}},
    {"/families/F0002/consents",   {200, 200, 200, 403, 403, 403, 303}},
    {"/families/F0002/concerns",   {200, 200, 200, 200, 403, 403, 303}},
    {"/accidents",                 {200, 200, 200, 200, 403, 403, 303}},
    {"/volunteers",                {403, 200, 403, 403, 403, 200, 303}},
    {"/disclosures",               {200, 200, 200, 403, 403, 403, 303}},
    {"/retention",                 {200, 200, 403, 403, 403, 403, 303}},
    {"/audit",                     {403, 200, 200, 403, 403, 200, 303}},
    {"/policy",                    {200, 200, 200, 200, 200, 200, 303}},
    {"/today",                     {200, 200, 200, 200, 403, 403, 303}},
    {"/today/sign-in-sheet",       {200, 200, 200, 200, 403, 403, 303}},
    {"/families?show=waiting",     {200, 200, 200, 403, 403, 403, 303}},
    {"/policy/adopt",              {403, 200, 403, 403, 403, 403, 303}},
    {"/statistics",                {200, 200, 403, 403, 403, 403, 303}},
    {"/waiting-list",              {200, 200, 200, 403, 403, 403, 303}},
    {"/email",                     {200, 200, 403, 403, 403, 403, 303}},
    {"/data-protection",           {200, 200, 403, 403, 403, 403, 303}},
    {"/data-protection/breaches/new", {200, 200, 403, 403, 403, 403, 303}},
    {"/data-protection/requests/new", {200, 200, 403, 403, 403, 403, 303}},
    {"/complaints",                {200, 200, 403, 403, 403, 403, 303}},
    {"/complaints/new",            {200, 200, 403, 403, 403, 403, 303}},
    {"/data-protection/requests/new?family=F0002", {200, 200, 403, 403, 403, 403, 303}},
    {"/disclosures/dis_0000000000000000/recall", {404, 404, 403, 403, 403, 403, 303}},
};
// clang-format on

std::string with_session(std::string path, const std::string& session) {
  auto at = path.find("{session}");
  if (at != std::string::npos) path.replace(at, 9, session);
  return path;
}

class WebPages : public ::testing::TestWithParam<int> {};

TEST_P(WebPages, EveryPageGivesTheExpectedStatusAndNamesTheClauseOfARefusal) {
  RunningApi haven;
  Client setup(haven.port());
  ASSERT_EQ(sign_in_demo(setup, haven, "coord.amy").status, 200);
  auto family = setup.get("/api/v1/families/F0002").json().as_object();
  std::string session(family["sessions"].as_array()[0].as_object()["id"].as_string());

  int column = GetParam();
  std::string handle = staff_handles[column];
  Client client(haven.port());
  if (!handle.empty()) {
    ASSERT_EQ(sign_in_demo(client, haven, handle).status, 200) << handle;
  }
  for (const auto& row : pages) {
    auto path = with_session(row.path, session);
    auto reply = client.get(path);
    EXPECT_EQ(reply.status, row.expected[column]) << (handle.empty() ? "anonymous" : handle) << " GET " << path;
    if (reply.status == 303) {
      EXPECT_EQ(reply.headers["location"], "/sign-in") << path;
      continue;
    }
    EXPECT_EQ(reply.headers["content-type"], "text/html; charset=utf-8") << path;
    EXPECT_NE(reply.headers["content-security-policy"].find("script-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(reply.headers["content-security-policy"].find("unsafe-inline"), std::string::npos) << path;
    EXPECT_FALSE(std::regex_search(reply.body, std::regex("<script(?![^>]*\\bsrc=)"))) << path << ": inline script";
    if (reply.status == 403) {
      EXPECT_TRUE(std::regex_search(reply.body, std::regex("clause (E1|E2|[0-9]+)</strong> of the centre's "
                                                            "confidentiality policy")))
          << path << " as " << handle << ": a refusal names its clause";
    }
    // Forms carry the session's token; nothing else on the page is a secret.
    if (!handle.empty() && reply.body.find("<form method=\"post\"") != std::string::npos) {
      EXPECT_NE(reply.body.find("name=\"csrf\" value=\"" + client.csrf() + "\""), std::string::npos) << path;
    }
  }
}

std::string column_name(const ::testing::TestParamInfo<int>& info) {
  static const char* const names[] = {"Coordinator",       "Management",    "SafeguardingLead", "Volunteer",
                                      "UnvettedVolunteer", "Administrator", "Anonymous"};
  return names[info.param];
}

INSTANTIATE_TEST_SUITE_P(AllRoles, WebPages, ::testing::Range(0, static_cast<int>(columns)), column_name);

TEST(WebForms, AFormWithoutTheSessionTokenChangesNothing) {
  RunningApi haven;
  Client coordinator(haven.port());
  ASSERT_EQ(sign_in_demo(coordinator, haven, "coord.amy").status, 200);
  auto before = coordinator.get("/api/v1/families").json().as_object()["total"].as_int64();
  auto forged = coordinator.send("POST", "/families", "must_not_meet=yes",
                                 {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(forged.status, 400);
  EXPECT_NE(forged.body.find("nothing was changed"), std::string::npos);
  auto wrong = coordinator.send("POST", "/families", "csrf=not-the-token&must_not_meet=yes",
                                {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(coordinator.get("/api/v1/families").json().as_object()["total"].as_int64(), before);

  auto sent = coordinator.send("POST", "/families", "csrf=" + coordinator.csrf() + "&must_not_meet=yes",
                               {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(sent.status, 303);
  EXPECT_EQ(sent.headers["location"], "/families/F0004?done=family_created");
  EXPECT_EQ(coordinator.get("/api/v1/families").json().as_object()["total"].as_int64(), before + 1);
}

TEST(WebForms, AMistakeIsShownWithWhatWasTyped) {
  RunningApi haven;
  Client coordinator(haven.port());
  ASSERT_EQ(sign_in_demo(coordinator, haven, "coord.amy").status, 200);
  auto reply = coordinator.send(
      "POST", "/families/F0002/sessions",
      "csrf=" + coordinator.csrf() + "&date_day=16&date_month=1&date_year=2027&starts=11am&ends=10am&room=Blue+room",
      {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("A session must end after it starts."), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("value=\"Blue room\""), std::string::npos) << "the room typed is kept";
  EXPECT_NE(reply.body.find("value=\"2027\""), std::string::npos) << "and the date's year";
  EXPECT_NE(reply.body.find("value=\"11am\""), std::string::npos) << "and the time as it was typed";
}

TEST(WebFiles, TheRegisterDownloadsAsCsvForThoseWhoKeepIt) {
  RunningApi haven;
  Client coordinator(haven.port()), volunteer(haven.port());
  ASSERT_EQ(sign_in_demo(coordinator, haven, "coord.amy").status, 200);
  ASSERT_EQ(sign_in_demo(volunteer, haven, "vol.sam").status, 200);
  auto csv = coordinator.get("/disclosures.csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_NE(csv.headers["content-disposition"].find("attachment"), std::string::npos);
  EXPECT_EQ(csv.body.rfind("id,", 0), 0u) << csv.body.substr(0, 80);
  auto refused = volunteer.get("/disclosures.csv");
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("clause 1</strong>"), std::string::npos);
  EXPECT_EQ(Client(haven.port()).get("/disclosures.csv").status, 303);
}

TEST(WebAssets, StylesheetAndScriptsAreServedFromTheBinary) {
  RunningApi haven;
  Client anyone(haven.port());
  auto css = anyone.get("/assets/haven.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.headers["content-type"], "text/css; charset=utf-8");
  EXPECT_NE(css.body.find(".govuk-button"), std::string::npos);
  EXPECT_EQ(css.body.find("GDS Transport"), std::string::npos) << "no GOV.UK typeface";
  EXPECT_EQ(anyone.get("/assets/govuk-frontend.min.js").status, 200);
  EXPECT_EQ(anyone.get("/assets/haven.js").status, 200);
  EXPECT_EQ(anyone.get("/assets/missing.js").status, 404);
  auto sign_in = anyone.get("/sign-in");
  EXPECT_EQ(sign_in.status, 200);
  EXPECT_EQ(sign_in.body.find("govuk-header__logotype"), std::string::npos) << "no GOV.UK crown";
}

}  // namespace
}  // namespace haven::testing
