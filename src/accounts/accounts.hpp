// Staff accounts: passwords, second factor, lockout, browser sessions and API tokens.
//
// Sign-in: the handle and password must match an enabled account; management and the
// safeguarding lead must also give a current TOTP code (a code is accepted once only). After
// `max_failures` failed attempts in a row the account is locked for `lockout`. Every success,
// failure and lockout is audited (clause 7), without the password or code.
//
// Sessions and tokens are random secrets given to the client once; the database keeps only
// their SHA-256 hashes, so a copy of the database cannot be used to sign in.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "records/staff.hpp"

namespace haven::accounts {

struct SignInRules {
  int max_failures = 5;
  std::chrono::minutes lockout{15};
  std::chrono::hours session_lifetime{8};
};

bool needs_second_factor(policy::Role role);

struct Credentials {
  std::string handle;
  std::string password;
  std::string totp;  // 6 digits, when the role needs a second factor
};

struct WebSession {
  std::string token;  // the cookie value
  std::string csrf;   // to be echoed on every unsafe request
  records::Staff staff;
};

enum class Scope { read, write };

struct ApiToken {
  std::string id;
  std::string token;  // shown once
  std::vector<Scope> scopes;
};

struct TokenHolder {
  records::Staff staff;
  std::vector<Scope> scopes;
  bool allows(Scope s) const;
};

// Sets a new password (and, for roles that need one, a fresh TOTP secret, returned as an
// otpauth:// URI; empty otherwise). Clears lockout. Audited as a change by `by`.
struct Enrolment {
  std::string totp_uri;
  std::string totp_secret;
};
Result<Enrolment> set_password(app::Workspace& ws, const records::Staff& staff, std::string_view password,
                               const std::string& by);
Result<bool> set_disabled(app::Workspace& ws, const records::Staff& staff, bool disabled, const std::string& by);

Result<records::Staff> sign_in(app::Workspace& ws, const Credentials& c, Instant at, const SignInRules& rules = {});

Result<WebSession> open_session(app::Workspace& ws, const records::Staff& staff, Instant at,
                                const SignInRules& rules = {});
Result<WebSession> find_session(app::Workspace& ws, std::string_view token, Instant at);
void close_session(app::Workspace& ws, std::string_view token);

Result<ApiToken> issue_token(app::Workspace& ws, const records::Staff& staff, const std::vector<Scope>& scopes,
                             const std::string& label);
Result<TokenHolder> find_token(app::Workspace& ws, std::string_view token);
Result<bool> revoke_token(app::Workspace& ws, const records::Staff& staff, const std::string& token_id);

}  // namespace haven::accounts

namespace haven {

template <>
struct EnumNames<accounts::Scope> {
  static constexpr std::array<std::pair<accounts::Scope, std::string_view>, 2> table{{
      {accounts::Scope::read, "read"},
      {accounts::Scope::write, "write"},
  }};
};

}  // namespace haven
