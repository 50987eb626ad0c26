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
#include <optional>
#include <string>
#include <vector>

#include "access/staff.hpp"
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
  access::Staff staff;
};

// What an API token may do: read or write, in every area of the API or in one named area
// ("read", "write:families"). Routes declare the scope they need (never judged by HTTP method);
// a held scope covers a needed one of the same kind in its area, or in every area when it names none.
enum class ScopeKind { read, write };
enum class ScopeArea {
  any,          // no area named: every area
  families,     // families, people, referrals, sessions, attendance, notes, concerns, consents
  disclosures,  // information requests, exception disclosures, the register, subject access
  premises,     // rooms, assessments, accidents, the rota
  staff,        // accounts and DBS checks
  oversight,    // the audit trail, the policy and the data-protection records (breaches, documents)
};
struct Scope {
  ScopeKind kind = ScopeKind::read;
  ScopeArea area = ScopeArea::any;
  [[nodiscard]] bool covers(const Scope& needed) const {
    return kind == needed.kind && (area == ScopeArea::any || area == needed.area);
  }
  [[nodiscard]] std::string text() const;  // "read", "write:families"
  bool operator==(const Scope&) const = default;
};
// "read", "write" or either with ":area"; invalid_input naming 'scopes' otherwise.
[[nodiscard]] Result<Scope> parse_scope(std::string_view text);

struct ApiToken {
  std::string id;
  std::string token;  // shown once
  std::vector<Scope> scopes;
  std::string expires_at;  // UTC
};

struct TokenHolder {
  access::Staff staff;
  std::vector<Scope> scopes;
  Instant expires;
  [[nodiscard]] bool allows(const Scope& needed) const;  // some held scope covers it
};

// The scopes a route needs, held by a token: a refusal is audited (who, the route pattern, the
// missing scope) and returned as denied under clause 7.
[[nodiscard]] Result<bool> require_scopes(app::Workspace& ws, const TokenHolder& token, const std::vector<Scope>& needs,
                                          const std::string& route);

// How long a new API token works unless its request says less.
inline constexpr std::chrono::days default_token_lifetime{90};

// For the operator's command line only (haven user add, haven user reset), whose user holds the
// database and the key store already; everyone else's password is chosen by its holder with a
// set-up code (set_up_account).
// Sets a new password (and, for roles that need one, a fresh TOTP secret, returned as an
// otpauth:// URI; empty otherwise). Clears lockout, ends the account's browser sessions and
// revokes its API tokens, so nothing issued under the old password survives it. Audited as a
// change by `by`.
struct Enrolment {
  std::string totp_uri;
  std::string totp_secret;
};
Result<Enrolment> set_password(app::Workspace& ws, const access::Staff& staff, std::string_view password,
                               const std::string& by);
Result<bool> set_disabled(app::Workspace& ws, const access::Staff& staff, bool disabled, const std::string& by);

// One-time set-up codes. Nobody who opens, approves or resets an account learns its password:
// whoever hands the account over receives a set-up code, shown to them once, and the person it
// is for chooses their own password with it (set_up_account), enrolling their second factor
// then if their role needs one. A code works once, for setup_code_lifetime; the database keeps
// only its hash.
struct SetupCode {
  std::string code;       // "K7QD-2MXA-9PLR-W4TE"
  Instant expires;        // when it stops working
};
inline constexpr std::chrono::days setup_code_lifetime{7};

// Managing the centre's accounts (no family data; clause 7). Each asks the decision point whether
// `by` may manage accounts, and a refusal is audited. open_account() proposes the account (a
// role that sees family data waits for a manager's approval, see approve_role) with no
// password: its set-up code is given here when the role is in force at once, and otherwise to
// the manager who approves the role. disable_account() refuses one's own.
struct OpenedAccount {
  access::Staff staff;
  std::optional<SetupCode> setup;
};
[[nodiscard]] Result<OpenedAccount> open_account(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                 const records::NewStaff& account);
// Puts a proposed role into force (clause 7: management only, never the proposer, never one's
// own account; audited, allowed or refused). The account always gets a fresh set-up code, given
// to the approving manager to hand over; any sign-in it had while it waited ends.
struct ApprovedRole {
  access::Staff staff;
  SetupCode setup;
};
[[nodiscard]] Result<ApprovedRole> approve_role(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                const std::string& handle);
// Ends the account's password, its sessions and its tokens, and gives a new set-up code for its
// holder (clause 7: an account that sees family data is reset by a manager only; nobody resets
// their own). Audited, allowed or refused.
[[nodiscard]] Result<SetupCode> reset_sign_in(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                              const std::string& handle);
// Whether `by` may approve `subject`'s proposed role, or reset their sign-in, asked of the
// decision point without an audit entry: for showing a button, never instead of the operation.
[[nodiscard]] bool may_approve_role(const app::Centre& c, const access::Staff& by, const access::Staff& subject);
[[nodiscard]] bool may_reset_sign_in(const app::Centre& c, const access::Staff& by, const access::Staff& subject);
// Whether `by` may disable `subject`'s account (managing accounts; never one's own, nor one
// already disabled), asked the same way.
[[nodiscard]] bool may_disable_account(const app::Centre& c, const access::Staff& by, const access::Staff& subject);
// The holder of a set-up code chooses their password (12 characters or more; invalid_input
// naming 'password' otherwise). A wrong, used or expired code, or a disabled account, is refused
// under clause 7 with one message for all, and audited. The Enrolment holds the TOTP secret of a
// role that needs a second factor, to be shown to them once.
struct SetUp {
  access::Staff staff;
  Enrolment enrolment;
};
[[nodiscard]] Result<SetUp> set_up_account(app::Workspace& ws, const std::string& handle, std::string_view code,
                                           std::string_view password, Instant at);
[[nodiscard]] Result<std::vector<access::Staff>> centre_staff(app::Workspace& ws, const app::Centre& c,
                                                               const access::Staff& by);
[[nodiscard]] Result<bool> disable_account(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                           const std::string& handle);

Result<access::Staff> sign_in(app::Workspace& ws, const Credentials& c, Instant at, const SignInRules& rules = {});

Result<WebSession> open_session(app::Workspace& ws, const access::Staff& staff, Instant at,
                                const SignInRules& rules = {});
Result<WebSession> find_session(app::Workspace& ws, std::string_view token, Instant at);
void close_session(app::Workspace& ws, std::string_view token);

// Ends every browser session of the account and revokes every API token it holds (a password
// reset, a disabled account). Call inside the caller's write transaction.
void end_sessions_and_tokens(app::Workspace& ws, const std::string& staff_id);

// A new token with these scopes, working for `lifetime` (1 to 365 days). `minted_with` is the
// token the request came with, if it came with one: a token never mints one with a scope it does
// not hold itself, nor one that outlives it.
struct TokenRequest {
  std::vector<Scope> scopes;
  std::string label;
  std::chrono::days lifetime = default_token_lifetime;
  std::optional<TokenHolder> minted_with;
};
[[nodiscard]] Result<ApiToken> issue_token(app::Workspace& ws, const access::Staff& staff, const TokenRequest& request);
// The holder of a live token: unknown, revoked and expired tokens are refused (clause 7).
[[nodiscard]] Result<TokenHolder> find_token(app::Workspace& ws, std::string_view token, Instant at);

// Who is calling, for the API and the pages alike: a bearer token when one is given, else the
// session cookie; with the centre whose policy binds them (the version in force now). ErrorKind::denied
// (with the clause) when the token or session is unknown, expired or revoked, or the account
// disabled; invalid_input when neither is given.
struct Caller {
  access::Staff staff;
  const app::Centre* centre = nullptr;     // valid for the workspace's lifetime
  std::optional<TokenHolder> token;        // set when the call came with an API token
  std::string csrf;                        // the session's CSRF token; empty for an API token
};
[[nodiscard]] Result<Caller> identify(app::Workspace& ws, std::string_view bearer_token, std::string_view session_token,
                                      Instant at);
Result<bool> revoke_token(app::Workspace& ws, const access::Staff& staff, const std::string& token_id);

}  // namespace haven::accounts

namespace haven {

template <>
struct EnumNames<accounts::ScopeKind> {
  static constexpr std::array<std::pair<accounts::ScopeKind, std::string_view>, 2> table{{
      {accounts::ScopeKind::read, "read"},
      {accounts::ScopeKind::write, "write"},
  }};
};

template <>
struct EnumNames<accounts::ScopeArea> {
  static constexpr std::array<std::pair<accounts::ScopeArea, std::string_view>, 6> table{{
      {accounts::ScopeArea::any, ""},
      {accounts::ScopeArea::families, "families"},
      {accounts::ScopeArea::disclosures, "disclosures"},
      {accounts::ScopeArea::premises, "premises"},
      {accounts::ScopeArea::staff, "staff"},
      {accounts::ScopeArea::oversight, "oversight"},
  }};
};

}  // namespace haven
