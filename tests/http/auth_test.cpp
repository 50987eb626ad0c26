// Signing in over real HTTP: passwords, the second factor, lockout, rate limits, CSRF, cookies
// and scoped API tokens.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "access/staff.hpp"
#include "accounts/credentials.hpp"
#include "store/rows.hpp"
#include "support/http_client.hpp"

namespace haven::testing {
namespace {

const std::string password = cli::demo_password;

std::string error_kind(const HttpReply& r) {
  return std::string(r.json().as_object()["error"].as_object()["kind"].as_string());
}

TEST(SignIn, CookieIsHttpOnlySecureAndStrict) {
  RunningApi api;
  Client c(api.port());
  auto reply = c.sign_in("coord.amy", password);
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto cookie = reply.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(c.get("/api/v1/me").json().as_object()["role"], "coordinator");
  EXPECT_EQ(c.post("/api/v1/logout", "").status, 200);
  EXPECT_EQ(c.get("/api/v1/me").status, 401) << "the session ended server-side";
}

TEST(SignIn, WrongPasswordAndUnknownHandleLookAlike) {
  RunningApi api;
  Client c(api.port());
  auto wrong = c.sign_in("coord.amy", "not the password");
  auto unknown = c.sign_in("nobody.here", "not the password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json().as_object()["error"].as_object()["message"],
            unknown.json().as_object()["error"].as_object()["message"]);
}

TEST(SignIn, ManagementNeedsACurrentCodeUsableOnce) {
  RunningApi api;
  Client c(api.port());
  EXPECT_EQ(c.sign_in("mgmt.raj", password).status, 401);
  EXPECT_EQ(c.sign_in("mgmt.raj", password, "000000").status, 401);
  auto secret = api.totp_secret("mgmt.raj");
  ASSERT_FALSE(secret.empty());
  auto code = accounts::totp_code(secret, now());
  EXPECT_EQ(c.sign_in("mgmt.raj", password, code).status, 200);
  Client replay(api.port());
  EXPECT_EQ(replay.sign_in("mgmt.raj", password, code).status, 401) << "a code works once";
  auto old_code = accounts::totp_code(secret, now() - std::chrono::minutes(5));
  EXPECT_EQ(replay.sign_in("mgmt.raj", password, old_code).status, 401);
}

TEST(SignIn, LockoutAfterFiveFailures) {
  RunningApi api;
  Client c(api.port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.sign_in("coord.amy", "wrong password " + std::to_string(i)).status, 401);
  auto locked = c.sign_in("coord.amy", password);
  EXPECT_EQ(locked.status, 401);
  EXPECT_NE(locked.body.find("locked until"), std::string::npos) << locked.body;
}

TEST(SignIn, RateLimitedPerAddress) {
  api::ApiOptions options;
  options.sign_in_attempts_per_minute = 3;
  RunningApi api("birmingham", options);
  Client c(api.port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.sign_in("vol.sam", "wrong password!").status, 401);
  auto limited = c.sign_in("vol.sam", password);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers["retry-after"], "60");
}

TEST(SignIn, TheApiAndThePagesShareOneLimitPerAddress) {
  api::ApiOptions options;
  options.sign_in_attempts_per_minute = 3;
  RunningApi api("birmingham", options);
  Client c(api.port());
  EXPECT_EQ(c.sign_in("vol.sam", "wrong password!").status, 401);
  EXPECT_EQ(c.post("/sign-in", "handle=vol.sam&password=wrong").status, 401);  // the form again, refused
  EXPECT_EQ(c.sign_in("vol.sam", "wrong password!").status, 401);
  EXPECT_EQ(c.sign_in("vol.sam", password).status, 429) << "the page's attempt counts against the API";
  EXPECT_EQ(c.post("/sign-in", "handle=vol.sam&password=" + password).status, 429);
}

TEST(Csrf, UnsafeRequestsNeedTheSessionToken) {
  RunningApi api;
  Client c(api.port());
  ASSERT_EQ(c.sign_in("coord.amy", password).status, 200);
  EXPECT_EQ(c.post("/api/v1/families", "{}").status, 201);
  c.forget_csrf();
  auto refused = c.post("/api/v1/families", "{}");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(error_kind(refused), "csrf");
  auto forged = c.send("POST", "/api/v1/families", "{}", {{"X-CSRF-Token", "guessed"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(c.get("/api/v1/families").status, 200) << "reads need no token";
}

TEST(ApiTokens, ScopesLimitWhatATokenMayDo) {
  RunningApi api;
  Client c(api.port());
  ASSERT_EQ(c.sign_in("coord.amy", password).status, 200);
  auto issued = c.post("/api/v1/tokens", R"({"label":"nightly report","scopes":["read"]})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  std::string token(issued.json().as_object()["token"].as_string());
  std::string id(issued.json().as_object()["id"].as_string());

  Client script(api.port());
  script.set_bearer(token);
  EXPECT_EQ(script.get("/api/v1/families").status, 200);
  auto write = script.post("/api/v1/families", "{}");
  EXPECT_EQ(write.status, 403);
  EXPECT_NE(write.body.find("'write:families' scope"), std::string::npos) << write.body;

  EXPECT_EQ(c.send("DELETE", "/api/v1/tokens/" + id, "").status, 200);
  EXPECT_EQ(script.get("/api/v1/families").status, 401) << "a revoked token is refused";
  Client forged(api.port());
  forged.set_bearer("hvn_not-a-real-token");
  EXPECT_EQ(forged.get("/api/v1/families").status, 401);
}

TEST(ApiTokens, ScopesAreJudgedPerRouteNotByMethod) {
  RunningApi api;
  Client c(api.port());
  ASSERT_EQ(c.sign_in("coord.amy", password).status, 200);
  auto issued = c.post("/api/v1/tokens", R"({"label":"importer","scopes":["write"]})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  Client writer(api.port());
  writer.set_bearer(std::string(issued.json().as_object()["token"].as_string()));

  EXPECT_EQ(writer.post("/api/v1/families", "{}").status, 201) << "a write token writes";
  EXPECT_EQ(writer.get("/api/v1/families").status, 403) << "but does not read";
  auto search = writer.post("/api/v1/families/search", R"({"name":"Ava Stone"})");
  EXPECT_EQ(search.status, 403) << "a search is a read, whatever its method";
  EXPECT_NE(search.body.find("'read:families' scope"), std::string::npos) << search.body;
  auto request = writer.post("/api/v1/families/F0001/requests", R"({"recipient":{"kind":"court"},"asked":"attendance"})");
  EXPECT_EQ(request.status, 403) << "an information request reads family data";
  EXPECT_NE(request.body.find("'read:disclosures' scope"), std::string::npos) << request.body;

  auto wider = writer.post("/api/v1/tokens", R"({"label":"escalate","scopes":["read"]})");
  EXPECT_EQ(wider.status, 403) << "a token cannot mint a token with a scope it lacks";
  EXPECT_NE(wider.body.find("'read' scope"), std::string::npos) << wider.body;
  auto same = writer.post("/api/v1/tokens", R"({"label":"same","scopes":["write"]})");
  ASSERT_EQ(same.status, 201) << "it may mint one no wider than itself";
  EXPECT_EQ(same.json().as_object()["expires_at"], issued.json().as_object()["expires_at"])
      << "and never one that outlives it";
  int refusals = store::value<int>(api.workspace().db(),
                                   "SELECT COUNT(*) FROM audit_log WHERE action = 'issue_token' AND outcome = 'deny'")
                     .value_or(0);
  EXPECT_EQ(refusals, 1) << "the refusal is audited";
  int scope_refusals =
      store::value<int>(api.workspace().db(),
                        "SELECT COUNT(*) FROM audit_log WHERE action = 'use_token' AND outcome = 'deny' "
                        "AND resource = 'route:/api/v1/families/search' AND fields = 'read:families'")
          .value_or(0);
  EXPECT_EQ(scope_refusals, 1) << "so is every route a token's scopes do not reach";
}

TEST(ApiTokens, AScopeMayBeLimitedToOneArea) {
  RunningApi api;
  Client c(api.port());
  ASSERT_EQ(c.sign_in("coord.amy", password).status, 200);
  auto bad = c.post("/api/v1/tokens", R"({"label":"typo","scopes":["read:everything"]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("'scopes'"), std::string::npos) << "the error names the field";
  auto issued = c.post("/api/v1/tokens", R"({"label":"rota feed","scopes":["read:premises"]})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  Client feed(api.port());
  feed.set_bearer(std::string(issued.json().as_object()["token"].as_string()));
  EXPECT_EQ(feed.get("/api/v1/rota.ics").status, 200) << "its own area";
  EXPECT_EQ(feed.get("/api/v1/me").status, 200) << "and who it belongs to";
  auto families = feed.get("/api/v1/families");
  EXPECT_EQ(families.status, 403) << "but no other area";
  EXPECT_NE(families.body.find("'read:families' scope"), std::string::npos) << families.body;
  auto wider = feed.post("/api/v1/tokens", R"({"label":"wider","scopes":["read"]})");
  EXPECT_EQ(wider.status, 403) << "and it cannot mint a token for every area";
}

TEST(ApiTokens, ExpireAfterNinetyDaysOrLess) {
  RunningApi api;
  Client c(api.port());
  ASSERT_EQ(c.sign_in("coord.amy", password).status, 200);
  auto issued = c.post("/api/v1/tokens", R"({"label":"report","scopes":["read"]})");
  ASSERT_EQ(issued.status, 201);
  auto expires = parse_utc(std::string(issued.json().as_object()["expires_at"].as_string()));
  ASSERT_TRUE(expires);
  auto days = std::chrono::duration_cast<std::chrono::hours>(*expires - now()).count() / 24.0;
  EXPECT_NEAR(days, 90, 0.01) << "the default lifetime";
  auto short_lived = c.post("/api/v1/tokens", R"({"label":"today","scopes":["read"],"days":1})");
  ASSERT_EQ(short_lived.status, 201);
  EXPECT_EQ(c.post("/api/v1/tokens", R"({"label":"forever","scopes":["read"],"days":4000})").status, 400);

  Client script(api.port());
  script.set_bearer(std::string(short_lived.json().as_object()["token"].as_string()));
  EXPECT_EQ(script.get("/api/v1/families").status, 200);
  std::string id(short_lived.json().as_object()["id"].as_string()), past = format_utc(now() - std::chrono::seconds(1));
  store::execute(api.workspace().db(), "UPDATE api_tokens SET expires_at = :e WHERE id = :i", past, id);
  auto expired = script.get("/api/v1/families");
  EXPECT_EQ(expired.status, 401);
  EXPECT_NE(expired.body.find("expired"), std::string::npos);
}

TEST(Accounts, APasswordResetEndsSessionsAndRevokesTokens) {
  RunningApi api;
  Client amy(api.port());
  ASSERT_EQ(amy.sign_in("coord.amy", password).status, 200);
  auto issued = amy.post("/api/v1/tokens", R"({"label":"report","scopes":["read"]})");
  ASSERT_EQ(issued.status, 201);
  Client script(api.port());
  script.set_bearer(std::string(issued.json().as_object()["token"].as_string()));
  ASSERT_EQ(script.get("/api/v1/families").status, 200);

  auto staff = access::find_staff(api.workspace(), "coord.amy");
  ASSERT_TRUE(staff);
  ASSERT_TRUE(accounts::set_password(api.workspace(), *staff, "a brand new passphrase", "admin"));
  EXPECT_EQ(amy.get("/api/v1/me").status, 401) << "the old session ended with the reset";
  EXPECT_EQ(script.get("/api/v1/families").status, 401) << "the old token was revoked with the reset";
  EXPECT_EQ(Client(api.port()).sign_in("coord.amy", "a brand new passphrase").status, 200);
}

TEST(Accounts, DisabledAccountIsSignedOutEverywhere) {
  RunningApi api;
  Client admin(api.port());
  ASSERT_EQ(admin.sign_in("admin.kim", password).status, 200);
  Client volunteer(api.port());
  ASSERT_EQ(volunteer.sign_in("vol.sam", password).status, 200);
  EXPECT_EQ(admin.post("/api/v1/staff/vol.sam/disable", "").status, 200);
  EXPECT_EQ(volunteer.get("/api/v1/families").status, 401);
  EXPECT_EQ(Client(api.port()).sign_in("vol.sam", password).status, 401);
}

// The code a set-up answer hands over, or "" when it holds none.
std::string setup_code_of(const HttpReply& r) {
  auto o = r.json().as_object();
  return o.contains("setup_code") ? std::string(o["setup_code"].as_string()) : std::string();
}

// The second factor's secret from an answer's otpauth:// URI.
std::string totp_secret_of(const HttpReply& r) {
  std::string uri(r.json().as_object()["totp_uri"].as_string());
  return uri.substr(uri.find("secret=") + 7, 32);
}

std::string set_up_body(const std::string& handle, const std::string& code, const std::string& chosen) {
  return fmt::format(R"({{"handle":"{}","setup_code":"{}","password":"{}"}})", handle, code, chosen);
}

// A new manager chooses their own password with the set-up code the approving manager hands
// over, and enrols their second factor then; a weak password is refused naming the field.
TEST(Accounts, NewManagerChoosesTheirOwnPasswordAndGetsASecondFactor) {
  RunningApi api;
  Client admin(api.port());
  ASSERT_EQ(admin.sign_in("admin.kim", password).status, 200);
  auto made = admin.post("/api/v1/staff", R"({"handle":"mgmt.two","display_name":"Jo","role":"management"})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(setup_code_of(made), "") << "the proposer is given no way into the account";
  Client raj(api.port());
  ASSERT_EQ(sign_in_demo(raj, api, "mgmt.raj").status, 200);
  auto approved = raj.post("/api/v1/staff/mgmt.two/approve-role", "");
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto code = setup_code_of(approved);
  ASSERT_EQ(code.size(), 19u) << approved.body;

  Client jo(api.port());
  auto weak = jo.post("/api/v1/account/setup", set_up_body("mgmt.two", code, "short"));
  EXPECT_EQ(weak.status, 400);
  EXPECT_NE(weak.body.find("password"), std::string::npos) << weak.body;
  auto done = jo.post("/api/v1/account/setup", set_up_body("mgmt.two", code, "twelve chars or more"));
  ASSERT_EQ(done.status, 200) << done.body;
  auto secret = totp_secret_of(done);
  EXPECT_EQ(jo.sign_in("mgmt.two", "twelve chars or more").status, 401) << "the second factor is needed";
  EXPECT_EQ(jo.sign_in("mgmt.two", "twelve chars or more", accounts::totp_code(secret, now())).status, 200);
}

// Nobody who opens or approves an account learns its password: the set-up code works once, for
// its holder's chosen password, and a wrong, used or expired code is refused and audited.
TEST(Accounts, ASetUpCodeWorksOnceAndNeverAfterItExpires) {
  RunningApi api;
  Client admin(api.port());
  ASSERT_EQ(admin.sign_in("admin.kim", password).status, 200);
  auto made = admin.post("/api/v1/staff", R"({"handle":"admin.two","display_name":"Lee","role":"administrator"})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto code = setup_code_of(made);
  ASSERT_FALSE(code.empty()) << "an administrator's role is in force at once, so its code comes now";
  Client lee(api.port());
  EXPECT_EQ(lee.sign_in("admin.two", "a guess at a password").status, 401) << "no password until its holder chooses one";
  EXPECT_EQ(lee.post("/api/v1/account/setup", set_up_body("admin.two", "AAAA-BBBB-CCCC-DDDD", "my own long password"))
                .status,
            401);
  std::string typed = code;  // typed in lower case, without dashes
  std::erase(typed, '-');
  for (auto& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  ASSERT_EQ(lee.post("/api/v1/account/setup", set_up_body("admin.two", typed, "my own long password")).status, 200);
  EXPECT_EQ(lee.post("/api/v1/account/setup", set_up_body("admin.two", code, "someone else's password")).status, 401)
      << "a code works once";
  EXPECT_EQ(lee.sign_in("admin.two", "my own long password").status, 200);

  // A code not used within its week stops working.
  Client raj(api.port());
  ASSERT_EQ(sign_in_demo(raj, api, "mgmt.raj").status, 200);
  auto reset = raj.post("/api/v1/staff/admin.two/reset-sign-in", "");
  ASSERT_EQ(reset.status, 200) << reset.body;
  store::execute(api.workspace().db(),
                 "UPDATE staff SET setup_code_expires = '2026-01-01T00:00:00Z' WHERE handle = 'admin.two'");
  EXPECT_EQ(lee.post("/api/v1/account/setup", set_up_body("admin.two", setup_code_of(reset), "a late long password"))
                .status,
            401);
  int refused = store::value<int>(api.workspace().db(),
                                  "SELECT COUNT(*) FROM audit_log WHERE action = 'set_up_account' AND outcome = 'deny'")
                    .value_or(0);
  EXPECT_EQ(refused, 3);
}

// A reset ends the old password, sessions and tokens. An administrator, who could otherwise hand
// themselves a manager's sign-in, resets only accounts that see no family data (clause 7).
TEST(Accounts, AnAdministratorCannotResetTheSignInOfAnAccountThatSeesFamilyData) {
  RunningApi api;
  Client admin(api.port());
  ASSERT_EQ(admin.sign_in("admin.kim", password).status, 200);
  auto refused = admin.post("/api/v1/staff/coord.amy/reset-sign-in", "");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json().as_object()["error"].as_object()["clause"], "7");
  EXPECT_EQ(admin.post("/api/v1/staff/admin.kim/reset-sign-in", "").status, 403) << "nor one's own";

  Client amy(api.port());
  ASSERT_EQ(amy.sign_in("coord.amy", password).status, 200);
  Client raj(api.port());
  ASSERT_EQ(sign_in_demo(raj, api, "mgmt.raj").status, 200);
  auto reset = raj.post("/api/v1/staff/coord.amy/reset-sign-in", "");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(amy.get("/api/v1/me").status, 401) << "signed out everywhere";
  EXPECT_EQ(Client(api.port()).sign_in("coord.amy", password).status, 401) << "the old password is gone";
  EXPECT_EQ(amy.post("/api/v1/account/setup", set_up_body("coord.amy", setup_code_of(reset), "amy's new long password"))
                .status,
            200);
  EXPECT_EQ(Client(api.port()).sign_in("coord.amy", "amy's new long password").status, 200);
}

// Whoever proposes an account cannot set it up first by resetting it while its role waits: the
// code comes only with the approval. A disabled account's outstanding code dies with it.
TEST(Accounts, NoSetUpCodeReachesTheProposerOrOutlivesADisabledAccount) {
  RunningApi api;
  Client raj(api.port());
  ASSERT_EQ(sign_in_demo(raj, api, "mgmt.raj").status, 200);
  auto made = raj.post("/api/v1/staff", R"({"handle":"coord.new","display_name":"Noor","role":"coordinator"})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(setup_code_of(made), "");
  auto early = raj.post("/api/v1/staff/coord.new/reset-sign-in", "");
  EXPECT_EQ(early.status, 403) << early.body;
  EXPECT_EQ(early.json().as_object()["error"].as_object()["clause"], "7");

  auto reset = raj.post("/api/v1/staff/coord.amy/reset-sign-in", "");
  ASSERT_EQ(reset.status, 200) << reset.body;
  ASSERT_EQ(raj.post("/api/v1/staff/coord.amy/disable", "").status, 200);
  Client amy(api.port());
  EXPECT_EQ(amy.post("/api/v1/account/setup", set_up_body("coord.amy", setup_code_of(reset), "amy's new long password"))
                .status,
            401);
  int outstanding = store::value<int>(api.workspace().db(),
                                      "SELECT COUNT(*) FROM staff WHERE handle = 'coord.amy' AND setup_code_hash <> ''")
                        .value_or(1);
  EXPECT_EQ(outstanding, 0) << "re-enabling the account brings no old code back";
}

TEST(Accounts, AccountCreationCannotSetADbsLevelOrAPassword) {
  RunningApi api;
  Client admin(api.port());
  ASSERT_EQ(admin.sign_in("admin.kim", password).status, 200);
  auto made = admin.post("/api/v1/staff", R"({"handle":"vol.fake","display_name":"Fay","role":"volunteer",)"
                                          R"("dbs_level":"enhanced","dbs_checked_on":"2099-01-01"})");
  EXPECT_EQ(made.status, 400);
  EXPECT_NE(made.body.find("dbs_level"), std::string::npos) << made.body;
  auto chosen = admin.post("/api/v1/staff", R"({"handle":"vol.fake","display_name":"Fay","role":"volunteer",)"
                                            R"("password":"the proposer's own choice"})");
  EXPECT_EQ(chosen.status, 400);
  EXPECT_NE(chosen.body.find("password"), std::string::npos) << chosen.body;
}

// An administrator proposes an account; its role, which sees family data, is in force only once
// a manager other than the proposer approves it, and its holder signs in only with the code that
// manager hands over. Nobody approves their own.
TEST(Accounts, ARoleThatSeesFamilyDataWaitsForASecondPersonsApproval) {
  RunningApi api;
  Client admin(api.port());
  ASSERT_EQ(admin.sign_in("admin.kim", password).status, 200);
  auto made = admin.post("/api/v1/staff", R"({"handle":"mgmt.mine","display_name":"Mo","role":"management"})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_FALSE(made.json().as_object()["role_in_force"].as_bool());
  EXPECT_EQ(admin.post("/api/v1/staff/mgmt.mine/approve-role", "").status, 403) << "not the proposer";
  EXPECT_EQ(admin.post("/api/v1/staff/mgmt.mine/reset-sign-in", "").status, 403)
      << "nor a code by the back door: a reset of an account that sees family data is a manager's";

  Client raj(api.port());
  ASSERT_EQ(sign_in_demo(raj, api, "mgmt.raj").status, 200);
  auto approved = raj.post("/api/v1/staff/mgmt.mine/approve-role", "");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_TRUE(approved.json().as_object()["role_in_force"].as_bool());
  Client mine(api.port());
  auto done = mine.post("/api/v1/account/setup", set_up_body("mgmt.mine", setup_code_of(approved), "mo's own long password"));
  ASSERT_EQ(done.status, 200) << done.body;
  auto secret = totp_secret_of(done);
  ASSERT_EQ(mine.sign_in("mgmt.mine", "mo's own long password", accounts::totp_code(secret, now())).status, 200);
  auto still = mine.get("/api/v1/families/F0001");
  EXPECT_EQ(still.status, 403) << "and then no family data before a DBS check is recorded";
  EXPECT_EQ(still.json().as_object()["error"].as_object()["clause"], "6");
  EXPECT_EQ(raj.post("/api/v1/staff/mgmt.mine/approve-role", "").status, 409) << "approved once";

  int approvals =
      store::value<int>(api.workspace().db(),
                        "SELECT COUNT(*) FROM audit_log WHERE action = 'approve_role' AND outcome = 'change'")
          .value_or(0);
  int refusals = store::value<int>(api.workspace().db(),
                                   "SELECT COUNT(*) FROM audit_log WHERE action = 'approve_role' AND outcome = 'deny'")
                     .value_or(0);
  EXPECT_EQ(approvals, 1);
  EXPECT_EQ(refusals, 1) << "every refusal is audited";
}

}  // namespace
}  // namespace haven::testing
