// accounts::identify: the one way the API and the pages learn who is calling. A session names the
// caller with its CSRF token, an API token names the caller with its scopes, either binds the
// caller's own centre, and a password reset ends both.
#include <gtest/gtest.h>

#include "accounts/accounts.hpp"
#include "support/temp_workspace.hpp"

namespace haven::accounts {
namespace {

TEST(Identify, ASessionOrATokenNamesTheCallerAndTheirCentreAndAResetEndsBoth) {
  testing::DemoWorkspace demo("birmingham");
  auto& ws = *demo.ws;
  auto amy = demo.staff("coord.amy");
  auto session = open_session(ws, amy, now());
  ASSERT_TRUE(session) << session.error().message;
  TokenRequest report;
  report.scopes = {Scope{ScopeKind::read, ScopeArea::any}};
  report.label = "report";
  auto token = issue_token(ws, amy, report);
  ASSERT_TRUE(token) << token.error().message;

  auto by_session = identify(ws, "", session->token, now());
  ASSERT_TRUE(by_session) << by_session.error().message;
  EXPECT_EQ(by_session->staff.handle, "coord.amy");
  EXPECT_EQ(by_session->centre, demo.centre);
  EXPECT_EQ(by_session->csrf, session->csrf);
  EXPECT_FALSE(by_session->token);

  auto by_token = identify(ws, token->token, session->token, now());
  ASSERT_TRUE(by_token) << by_token.error().message;
  ASSERT_TRUE(by_token->token) << "a bearer token, when given, is what identifies the caller";
  EXPECT_TRUE(by_token->token->allows({ScopeKind::read, ScopeArea::families}));
  EXPECT_FALSE(by_token->token->allows({ScopeKind::write, ScopeArea::families}));
  EXPECT_TRUE(by_token->csrf.empty());

  auto nobody = identify(ws, "", "", now());
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().kind, ErrorKind::invalid_input);
  EXPECT_FALSE(identify(ws, "", "not-a-session", now()));

  ASSERT_TRUE(set_password(ws, amy, "a brand new passphrase", "admin"));
  EXPECT_FALSE(identify(ws, "", session->token, now())) << "the reset ended the session";
  EXPECT_FALSE(identify(ws, token->token, "", now())) << "the reset revoked the token";
}

}  // namespace
}  // namespace haven::accounts
