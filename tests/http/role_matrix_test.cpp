// Every role against every route, over real HTTP on loopback: the status each must get.
// Each role runs against its own fresh demo centre, so one role's changes cannot colour another's.
#include <gtest/gtest.h>

#include "accounts/credentials.hpp"
#include "core/time.hpp"
#include "support/http_client.hpp"

namespace haven::testing {
namespace {

enum Column { coordinator, management, safeguarding, volunteer, unvetted, administrator, anonymous, columns };

struct Row {
  const char* method;
  const char* path;  // {session} is replaced with a real session id
  const char* body;
  int expected[columns];
};

// clang-format off
const Row matrix[] = {
    {"GET", "/api/v1/health", "",                                       {200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/me", "",                                           {200, 200, 200, 200, 200, 200, 401}},
    {"GET", "/api/v1/policy", "",                                       {200, 200, 200, 200, 200, 200, 401}},
    {"GET", "/api/v1/audit/verify", "",                                 {403, 200, 200, 403, 403, 200, 401}},
    {"GET", "/api/v1/staff", "",                                        {403, 200, 403, 403, 403, 200, 401}},
    {"POST", "/api/v1/staff",
     R"({"handle":"new.helper","display_name":"Robin","role":"volunteer"})",
                                                                        {403, 201, 403, 403, 403, 201, 401}},
    {"POST", "/api/v1/staff/vol.new/disable", "",                       {403, 200, 403, 403, 403, 200, 401}},
    {"GET", "/api/v1/families", "",                                     {200, 200, 200, 200, 403, 403, 401}},
    {"POST", "/api/v1/families", R"({"must_not_meet":true})",           {201, 201, 201, 403, 403, 403, 401}},
    {"POST", "/api/v1/families/search", R"({"name":"priya"})",          {200, 200, 200, 200, 403, 403, 401}},
    {"POST", "/api/v1/families/search", R"({"name":"Priya Okafor","exact":true})", {200, 200, 200, 403, 403, 403, 401}},
    {"GET", "/api/v1/families?show=waiting&page=1", "",                 {200, 200, 200, 403, 403, 403, 401}},
    {"GET", "/api/v1/families/F0002", "",                               {200, 200, 200, 200, 403, 403, 401}},
    {"POST", "/api/v1/families/F0002/people",
     R"({"party":"child","first_name":"Noah","date_of_birth":"2022-04-01"})",
                                                                        {201, 201, 201, 403, 403, 403, 401}},
    {"POST", "/api/v1/families/F0002/referrals",
     R"({"agency":"social_worker","referrer_name":"Kay Dunmore","referred_on":"2026-11-01"})",
                                                                        {201, 201, 201, 403, 403, 403, 401}},
    {"POST", "/api/v1/families/F0002/sessions",
     R"({"starts":"2027-01-16 10:00","ends":"2027-01-16 11:30","room":"Blue room"})",
                                                                        {201, 201, 201, 403, 403, 403, 401}},
    {"POST", "/api/v1/sessions/{session}/attendance", "{attendance}",   {200, 200, 200, 200, 403, 403, 401}},
    // Corrected by whoever may record it, keeping the original.
    {"POST", "/api/v1/sessions/{session}/attendance/corrections",
     R"({"person_id":"{person}","status":"arrived","at":"{day} 10:05","reason":"wrong_time"})",
                                                                        {200, 200, 200, 200, 403, 403, 401}},
    {"POST", "/api/v1/sessions/{session}/notes", R"({"body":"Calm handover."})",
                                                                        {201, 201, 201, 403, 403, 403, 401}},
    {"POST", "/api/v1/families/F0002/requests",
     R"({"recipient":{"kind":"referring_agency","referral_id":"{referral}"},"asked":"attendance","from":"2026-01-01","to":"2027-12-31"})",
                                                                        {200, 200, 200, 403, 403, 403, 401}},
    {"POST", "/api/v1/families/F0002/concerns", R"({"kind":"welfare","summary":"Upset at handover"})",
                                                                        {201, 201, 201, 201, 403, 403, 401}},
    {"GET", "/api/v1/families/F0002/consents", "",                      {200, 200, 200, 403, 403, 403, 401}},
    {"POST", "/api/v1/families/F0002/exception-disclosures",
     R"({"kind":"welfare","recipient":{"kind":"police","name":"Duty desk"},"justification":"j","items":["first_name"]})",
                                                                        {403, 403, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/disclosures", "",                                  {200, 200, 200, 403, 403, 403, 401}},
    {"GET", "/api/v1/disclosures.csv", "",                              {200, 200, 200, 403, 403, 403, 401}},
    {"POST", "/api/v1/disclosures/dis_0000000000000000/review", R"({"finding":"proper"})", {403, 404, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/disclosures/dis_0000000000000000", "",            {403, 404, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/disclosures/dis_0000000000000000/recall",
     R"({"found_at":"2026-01-01T10:00:00Z","what_happened":"Sent to the wrong office."})",
                                                                        {404, 404, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/statistics?quarter=2026-Q4", "",                   {200, 200, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/statistics.csv", "",                               {200, 200, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/breaches", "",                                     {200, 200, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/breaches/brc_0000000000000000/scope", R"({"families":[],"categories":["first_name"]})",
                                                                        {404, 404, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/complaints", "",                                   {200, 200, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/complaints",
     R"({"kind":"service","from":"parent","received_how":"letter","received_on":"2026-01-05","complainant":"A parent","summary":"Late"})",
                                                                        {201, 201, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/complaints/cmp_0000000000000000", "",              {404, 404, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/complaints/cmp_0000000000000000/steps", R"({"step":"acknowledged","on":"2026-01-05"})",
                                                                        {404, 404, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/records-requests", "",                             {200, 200, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/records-requests/rrq_0000000000000000", "",         {404, 404, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/records-requests/rrq_0000000000000000/close", R"({"outcome":"withdrawn","on":"2026-01-05"})",
                                                                        {404, 404, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/breaches/brc_0000000000000000/decision", R"({"decision":"reportable","reason":"r"})",
                                                                        {403, 404, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/staff/vol.sam/dbs-checks",
     R"({"level":"enhanced","certificate_number":"001122334455","issued_on":"2026-09-01","update_service":true})",
                                                                        {403, 201, 403, 403, 403, 201, 401}},
    {"GET", "/api/v1/dbs-rechecks?within_days=400", "",                {403, 200, 403, 403, 403, 200, 401}},
    {"POST", "/api/v1/bookings",
     R"({"kind":"assessment","room":"Garden room","starts":"2027-02-10 14:00","ends":"2027-02-10 15:00","agency":"cafcass","family":"F0002"})",
                                                                        {403, 403, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/families/F0002/assessment-approvals", R"({"agency":"cafcass","valid_until":"2027-03-01"})",
                                                                        {403, 201, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/bookings",
     R"({"kind":"meeting","room":"Office","starts":"2027-02-12 09:00","ends":"2027-02-12 10:00"})",
                                                                        {201, 201, 201, 403, 403, 403, 401}},
    {"POST", "/api/v1/accidents", R"({"happened_at":"2026-11-01 10:20","place":"Garden room","account":"Trip on mat"})",
                                                                        {201, 201, 201, 201, 403, 403, 401}},
    {"GET", "/api/v1/accidents", "",                                    {403, 200, 200, 403, 403, 403, 401}},
    {"GET", "/api/v1/families/F0002/concerns", "",                      {403, 200, 200, 403, 403, 403, 401}},
    {"GET", "/api/v1/policy/versions", "",                              {200, 200, 200, 200, 200, 200, 401}},
    {"GET", "/api/v1/policy/diff?from=2026.1&to=2026.1", "",            {200, 200, 200, 200, 200, 200, 401}},
    {"GET", "/api/v1/policy/unacknowledged", "",                        {200, 200, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/sessions/{next_session}/rota", R"({"handle":"vol.sam"})",
                                                                        {201, 201, 201, 403, 403, 403, 401}},
    {"GET", "/api/v1/rota.ics", "",                                     {200, 200, 200, 200, 200, 200, 401}},
    // Next week's session, moved and then called off by those who arrange sessions (after its rota row above).
    {"POST", "/api/v1/sessions/{next_session}/move",
     R"({"starts":"2027-03-10 10:00","ends":"2027-03-10 11:00","room":"Garden room"})",
                                                                        {200, 200, 200, 403, 403, 403, 401}},
    {"POST", "/api/v1/sessions/{next_session}/cancel", R"({"reason":"child_unwell"})",
                                                                        {200, 200, 200, 403, 403, 403, 401}},
    // A family's journey and intake papers: the case is moved on by coordinators and management,
    // the papers are written by them and the safeguarding lead.
    {"GET", "/api/v1/families/F0002/journey", "",                       {200, 200, 200, 403, 403, 403, 401}},
    {"POST", "/api/v1/families/F0002/journey", R"({"step":"reviewed","on":"{today}"})",
                                                                        {201, 201, 403, 403, 403, 403, 401}},
    {"PUT", "/api/v1/families/F0002/plans/risk_assessment", R"({"text":"Handovers in separate rooms."})",
                                                                        {200, 200, 200, 403, 403, 403, 401}},
    {"GET", "/api/v1/waiting-list", "",                                 {200, 200, 200, 403, 403, 403, 401}},
    // Applications from the public referral form: read by those who run cases, never by volunteers.
    {"GET", "/api/v1/applications", "",                                 {200, 200, 200, 403, 403, 403, 401}},
    {"GET", "/api/v1/applications/app_0000000000000000", "",            {404, 404, 404, 403, 403, 403, 401}},
    {"POST", "/api/v1/applications/app_0000000000000000/decline", "",   {404, 404, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/notices", "",                                      {200, 200, 200, 200, 200, 200, 401}},
    {"GET", "/api/v1/policy.pdf", "",                                   {200, 200, 200, 200, 200, 200, 401}},
    {"POST", "/api/v1/tokens", R"({"label":"script","scopes":["read"]})", {201, 201, 201, 201, 201, 201, 401}},
    {"DELETE", "/api/v1/tokens/tok_0000000000000000", "",               {404, 404, 404, 404, 404, 404, 401}},
    // Sam's account sees family data: a manager resets it, never Sam (their own) or the administrator.
    {"POST", "/api/v1/staff/vol.sam/reset-sign-in", "",                 {403, 200, 403, 403, 403, 403, 401}},
    // Anyone may offer a set-up code, signed in or not; a wrong one is refused alike.
    {"POST", "/api/v1/account/setup",
     R"({"handle":"vol.sam","setup_code":"AAAA-BBBB-CCCC-DDDD","password":"a long and wrong password"})",
                                                                        {401, 401, 401, 401, 401, 401, 401}},
    {"POST", "/api/v1/logout", "",                                      {200, 200, 200, 200, 200, 200, 401}},
};
// clang-format on

const char* handles[] = {"coord.amy", "mgmt.raj", "safe.lee", "vol.sam", "vol.new", "admin.kim", ""};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

class RoleMatrix : public ::testing::TestWithParam<int> {};

TEST_P(RoleMatrix, EveryRouteGivesTheExpectedStatus) {
  RunningApi api;
  // The coordinator looks up a real session and person for the attendance and note routes.
  Client setup(api.port());
  ASSERT_EQ(setup.sign_in("coord.amy", cli::demo_password).status, 200);
  auto family = setup.get("/api/v1/families/F0002").json().as_object();
  // Today's session, with Sam on its rota, and next week's, without.
  auto session = family["sessions"].as_array()[1].as_object();
  std::string session_id(session["id"].as_string());
  std::string next_session_id(family["sessions"].as_array()[2].as_object()["id"].as_string());
  std::string day(session["day"].as_string());
  std::string person(family["people"].as_array()[2].as_object()["id"].as_string());
  std::string referral(family["referrals"].as_array()[0].as_object()["id"].as_string());
  std::string attendance = boost::json::serialize(
      boost::json::object{{"person_id", person}, {"status", "arrived"}, {"at", day + " 09:50"}});

  int column = GetParam();
  Client client(api.port());
  std::string handle = handles[column];
  if (!handle.empty()) {
    auto secret = api.totp_secret(handle);
    auto reply = client.sign_in(handle, cli::demo_password, secret.empty() ? "" : accounts::totp_code(secret, now()));
    ASSERT_EQ(reply.status, 200) << handle << ": " << reply.body;
  }
  for (const auto& row : matrix) {
    auto path = replace_all(replace_all(row.path, "{session}", session_id), "{next_session}", next_session_id);
    auto body = replace_all(replace_all(replace_all(row.body, "{attendance}", attendance), "{referral}", referral),
                            "{today}", format_day(london_today()));
    body = replace_all(replace_all(body, "{person}", person), "{day}", day);
    auto reply = client.send(row.method, path, body);
    EXPECT_EQ(reply.status, row.expected[column]) << (handle.empty() ? "anonymous" : handle) << " " << row.method << " "
                                                  << row.path << " " << row.body << ": " << reply.body;
    if (reply.status == 403 && reply.json().as_object()["error"].as_object()["kind"] == "denied") {
      auto error = reply.json().as_object()["error"].as_object();
      EXPECT_TRUE(error.contains("clause")) << row.path << ": a denial names its clause: " << reply.body;
    }
  }
}

std::string column_name(const ::testing::TestParamInfo<int>& info) {
  static const char* const names[] = {"Coordinator",       "Management",    "SafeguardingLead", "Volunteer",
                                      "UnvettedVolunteer", "Administrator", "Anonymous"};
  return names[info.param];
}

INSTANTIATE_TEST_SUITE_P(AllRoles, RoleMatrix, ::testing::Range(0, static_cast<int>(columns)), column_name);

}  // namespace
}  // namespace haven::testing
