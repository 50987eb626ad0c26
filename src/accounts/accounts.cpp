#include "accounts/accounts.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <sstream>

#include "access/access.hpp"
#include "access/facts.hpp"
#include "accounts/credentials.hpp"
#include "core/ids.hpp"
#include "crypto/secret.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"

namespace haven::accounts {

namespace {

const char* const refused = "the handle, password or code is not right";

void audit_account(app::Workspace& ws, const access::Staff& s, const std::string& actor, const std::string& action,
                   const std::string& outcome) {
  ws.audit().append({s.centre_id, actor, action, "staff:" + s.id, "",
           policy::cite(policy::Clause::kept_securely), outcome});
}

// A hash no password matches, checked where there is no account or no password, so that the
// answer takes as long as a real check.
const std::string& decoy_hash() {
  static const std::string decoy = hash_password("decoy-password-never-used").value_or("");
  return decoy;
}

std::string token_hash(std::string_view token) { return crypto::sha256_hex(token); }

struct SignInState {
  std::string password_hash, totp_secret, locked_until;
  long long totp_last_step = 0;
  int failed = 0, disabled = 0;
};

SignInState load_state(app::Workspace& ws, const std::string& staff_id) {
  SignInState st;
  if (auto row = store::first_row(ws.db(),
                                  "SELECT password_hash, totp_secret, totp_last_step, failed_logins, locked_until, "
                                  "disabled FROM staff WHERE id = :i",
                                  staff_id)) {
    st.password_hash = row->get<std::string>(0);
    st.totp_secret = row->get<std::string>(1);
    st.totp_last_step = row->get<long long>(2);
    st.failed = row->get<int>(3);
    st.locked_until = row->get<std::string>(4);
    st.disabled = row->get<int>(5);
  }
  return st;
}

std::string scopes_text(const std::vector<Scope>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s.text();
  return out;
}

std::vector<Scope> parse_scopes(const std::string& text) {
  std::vector<Scope> out;
  std::istringstream in(text);
  std::string word;
  while (in >> word)
    if (auto s = parse_scope(word)) out.push_back(*s);
  return out;
}

}  // namespace

bool needs_second_factor(policy::Role role) {
  return role == policy::Role::management || role == policy::Role::safeguarding_lead;
}

std::string Scope::text() const {
  std::string out(name_of(kind));
  if (area != ScopeArea::any) out += ":" + std::string(name_of(area));
  return out;
}

Result<Scope> parse_scope(std::string_view text) {
  auto colon = text.find(':');
  auto kind = parse_enum<ScopeKind>(text.substr(0, colon));
  auto area = colon == std::string_view::npos ? std::optional(ScopeArea::any) : parse_enum<ScopeArea>(text.substr(colon + 1));
  if (!kind || !area || (colon != std::string_view::npos && *area == ScopeArea::any))
    return fail(ErrorKind::invalid_input,
                fmt::format("'scopes': '{}' is not a scope; a scope is read or write, alone or with one of the "
                            "areas families, disclosures, premises, staff, oversight (as in read:families)",
                            text.substr(0, 60)));
  return Scope{*kind, *area};
}

bool TokenHolder::allows(const Scope& needed) const {
  return std::any_of(scopes.begin(), scopes.end(), [&](const Scope& held) { return held.covers(needed); });
}

Result<bool> require_scopes(app::Workspace& ws, const TokenHolder& token, const std::vector<Scope>& needs,
                            const std::string& route) {
  for (const auto& needed : needs) {
    if (token.allows(needed)) continue;
    HAVEN_CHECK(ws.audit().append_committed({{token.staff.centre_id, token.staff.id, "use_token", "route:" + route,
                                              needed.text(), policy::cite(policy::Clause::kept_securely), "deny"}}));
    return fail(ErrorKind::denied, fmt::format("this API token lacks the '{}' scope", needed.text()),
                policy::Clause::kept_securely);
  }
  return true;
}

namespace {

// A password's hash and, for a role that needs one, a fresh second factor: the slow part of
// storing credentials, done before any write lock is taken.
struct PreparedCredentials {
  std::string password_hash;
  std::string sealed_totp;  // empty for a role with no second factor
  Enrolment enrolment;
};

PreparedCredentials prepare_credentials(app::Workspace& ws, const access::Staff& staff, std::string password_hash) {
  PreparedCredentials prepared{std::move(password_hash), "", {}};
  if (needs_second_factor(staff.role)) {
    prepared.enrolment.totp_secret = new_totp_secret();
    prepared.enrolment.totp_uri = totp_uri(prepared.enrolment.totp_secret, staff.handle, "Haven");
    prepared.sealed_totp = ws.keys().seal_secret("totp|" + staff.id, prepared.enrolment.totp_secret);
  }
  return prepared;
}

// Stores them, clearing lockout and any set-up code, and ends everything issued before. Inside the
// caller's write transaction.
void store_credentials(app::Workspace& ws, const access::Staff& staff, const PreparedCredentials& prepared) {
  store::execute(ws.db(),
                 "UPDATE staff SET password_hash = :h, totp_secret = :t, totp_last_step = 0, failed_logins = 0, "
                 "locked_until = '', setup_code_hash = '', setup_code_expires = '' WHERE id = :i",
                 prepared.password_hash, prepared.sealed_totp, staff.id);
  end_sessions_and_tokens(ws, staff.id);
}

}  // namespace

Result<Enrolment> set_password(app::Workspace& ws, const access::Staff& staff, std::string_view password,
                               const std::string& by) {
  HAVEN_TRY(hash, hash_password(password));
  auto prepared = prepare_credentials(ws, staff, std::move(hash));
  return store::guard_storage([&]() -> Result<Enrolment> {
    store::WriteTransaction tx(ws.db());
    store_credentials(ws, staff, prepared);
    audit_account(ws, staff, by, "set_password", "change");
    tx.commit();
    return prepared.enrolment;
  });
}

Result<bool> set_disabled(app::Workspace& ws, const access::Staff& staff, bool disabled, const std::string& by) {
  return store::guard_storage([&]() -> Result<bool> {
    int flag = disabled ? 1 : 0;
    store::WriteTransaction tx(ws.db());
    store::execute(ws.db(), "UPDATE staff SET disabled = :d WHERE id = :i", flag, staff.id);
    if (disabled) {  // an outstanding set-up code dies with the account's sign-in, not to return on re-enabling
      store::execute(ws.db(), "UPDATE staff SET setup_code_hash = '', setup_code_expires = '' WHERE id = :i", staff.id);
      end_sessions_and_tokens(ws, staff.id);
    }
    audit_account(ws, staff, by, disabled ? "disable_account" : "enable_account", "change");
    tx.commit();
    return true;
  });
}

void end_sessions_and_tokens(app::Workspace& ws, const std::string& staff_id) {
  std::string at = format_utc(now());
  store::execute(ws.db(), "DELETE FROM web_sessions WHERE staff_id = :i", staff_id);
  store::execute(ws.db(), "UPDATE api_tokens SET revoked_at = :a WHERE staff_id = :i AND revoked_at = ''", at,
                 staff_id);
}

namespace {

bool same_hash(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string setup_hash(const std::string& staff_id, std::string_view code) {
  return crypto::sha256_hex("setup|" + staff_id + "|" + normalised_setup_code(code));
}

// Gives the account a new set-up code and ends its password, sessions and tokens. Inside the
// caller's write transaction.
SetupCode issue_setup_code(app::Workspace& ws, const access::Staff& staff) {
  SetupCode setup{new_setup_code(), now() + setup_code_lifetime};
  std::string hash = setup_hash(staff.id, setup.code), expires = format_utc(setup.expires);
  store::execute(ws.db(),
                 "UPDATE staff SET setup_code_hash = :h, setup_code_expires = :e, password_hash = '', "
                 "totp_secret = '', failed_logins = 0, locked_until = '' WHERE id = :i",
                 hash, expires, staff.id);
  end_sessions_and_tokens(ws, staff.id);
  return setup;
}

Result<access::Staff> staff_of_centre(app::Workspace& ws, const app::Centre& c, const std::string& handle) {
  HAVEN_TRY(staff, access::find_staff(ws, handle));
  if (staff.centre_id != c.id) return fail(ErrorKind::not_found, "no such staff member at this centre");
  return staff;
}

}  // namespace

Result<OpenedAccount> open_account(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const records::NewStaff& account) {
  HAVEN_CHECK(access::require(ws, c, by, policy::Action::manage_accounts));
  return store::guard_storage([&]() -> Result<OpenedAccount> {
    // The account and, when its role is in force now, its set-up code land together.
    store::WriteTransaction tx(ws.db());
    HAVEN_TRY(staff, records::add_staff(ws, c, by.id, account));
    OpenedAccount opened{staff, std::nullopt};
    if (!staff.role_pending) {
      opened.setup = issue_setup_code(ws, staff);
      audit_account(ws, staff, by.id, "issue_setup_code", "change");
    }
    tx.commit();
    return opened;
  });
}

bool may_approve_role(const app::Centre& c, const access::Staff& by, const access::Staff& subject) {
  return subject.role_pending && access::offered(c, access::role_approval(c, by, subject));
}

bool may_reset_sign_in(const app::Centre& c, const access::Staff& by, const access::Staff& subject) {
  return access::offered(c, access::sign_in_reset(c, by, subject));
}

bool may_disable_account(const app::Centre& c, const access::Staff& by, const access::Staff& subject) {
  return subject.id != by.id && !subject.disabled &&
         access::offered(c, access::centre_action(c, by, policy::Action::manage_accounts));
}

Result<ApprovedRole> approve_role(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  const std::string& handle) {
  HAVEN_TRY(staff, staff_of_centre(ws, c, handle));
  if (!staff.role_pending) return fail(ErrorKind::conflict, fmt::format("{}'s role is already in force", handle));
  HAVEN_TRY(decision, access::require(ws, c, access::role_approval(c, by, staff), {"approve_role", "staff:" + staff.id}));
  return store::guard_storage([&]() -> Result<ApprovedRole> {
    store::WriteTransaction tx(ws.db());
    store::execute(ws.db(), "UPDATE staff SET role_pending = 0 WHERE id = :i", staff.id);
    ws.audit().append({c.id, by.id, "approve_role", "staff:" + staff.id, "role", std::string(decision.clause_id()),
                       "change"});
    staff.role_pending = false;
    // A fresh code always: whatever sign-in the account had while it waited (none, unless the
    // operator's command line gave one) ends here, so only the person the approving manager hands
    // the code to can sign in as it.
    ApprovedRole approved{staff, issue_setup_code(ws, staff)};
    audit_account(ws, staff, by.id, "issue_setup_code", "change");
    tx.commit();
    return approved;
  });
}

Result<SetupCode> reset_sign_in(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const std::string& handle) {
  HAVEN_TRY(staff, staff_of_centre(ws, c, handle));
  HAVEN_TRY(decision, access::require(ws, c, access::sign_in_reset(c, by, staff), {"reset_sign_in", "staff:" + staff.id}));
  return store::guard_storage([&]() -> Result<SetupCode> {
    store::WriteTransaction tx(ws.db());
    auto setup = issue_setup_code(ws, staff);
    ws.audit().append({c.id, by.id, "reset_sign_in", "staff:" + staff.id, "", std::string(decision.clause_id()),
                       "change"});
    tx.commit();
    return setup;
  });
}

Result<SetUp> set_up_account(app::Workspace& ws, const std::string& handle, std::string_view code,
                             std::string_view password, Instant at) {
  HAVEN_CHECK(acceptable_password(password));
  const char* refused_code = "this set-up code is not right, or it has been used or has expired: ask for a new one";
  // Argon2id runs first, whether or not the handle exists (so timing does not tell), and before
  // the write lock is taken, as at sign-in.
  HAVEN_TRY(hash, hash_password(password));
  auto staff = access::find_staff(ws, handle);
  if (!staff) return fail(ErrorKind::denied, refused_code, policy::Clause::kept_securely);
  auto prepared = prepare_credentials(ws, *staff, std::move(hash));
  return store::guard_storage([&]() -> Result<SetUp> {
    store::WriteTransaction tx(ws.db());
    std::string stored, expires;
    int disabled = 0;
    if (auto row = store::first_row(ws.db(),
                                    "SELECT setup_code_hash, setup_code_expires, disabled FROM staff WHERE id = :i",
                                    staff->id)) {
      stored = row->get<std::string>(0);
      expires = row->get<std::string>(1);
      disabled = row->get<int>(2);
    }
    auto until = parse_utc(expires);
    bool ok = !stored.empty() && !disabled && until && at < *until &&
              same_hash(stored, setup_hash(staff->id, code));
    if (!ok) {
      audit_account(ws, *staff, staff->id, "set_up_account", "deny");
      tx.commit();
      return fail(ErrorKind::denied, refused_code, policy::Clause::kept_securely);
    }
    store_credentials(ws, *staff, prepared);
    audit_account(ws, *staff, staff->id, "set_up_account", "change");
    tx.commit();
    return SetUp{*staff, prepared.enrolment};
  });
}

Result<std::vector<access::Staff>> centre_staff(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  HAVEN_CHECK(access::require(ws, c, by, policy::Action::manage_accounts));
  return access::list_staff(ws, c.id);
}

Result<bool> disable_account(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                             const std::string& handle) {
  HAVEN_CHECK(access::require(ws, c, by, policy::Action::manage_accounts));
  HAVEN_TRY(staff, access::find_staff(ws, handle));
  if (staff.centre_id != c.id) return fail(ErrorKind::not_found, "no such staff member at this centre");
  if (staff.id == by.id) return fail(ErrorKind::conflict, "you cannot disable your own account");
  return set_disabled(ws, staff, true, by.id);
}

Result<access::Staff> sign_in(app::Workspace& ws, const Credentials& c, Instant at, const SignInRules& rules) {
  auto staff = access::find_staff(ws, c.handle);
  if (!staff) {
    // Spend the same effort as a real check, so timing does not reveal which handles exist.
    password_matches(decoy_hash(), c.password);
    return fail(ErrorKind::denied, refused, policy::Clause::kept_securely);
  }
  return store::guard_storage([&]() -> Result<access::Staff> {
    // The slow checks (Argon2id, the second factor) run before the write lock is taken, so a
    // sign-in never holds up anyone's writes; their verdict is then applied to the account as it
    // stands under the lock (a password or second factor changed meanwhile counts as wrong, and a
    // code works once).
    auto seen = load_state(ws, staff->id);
    auto locked_until = parse_utc(seen.locked_until);
    bool refused_anyway = seen.disabled || (locked_until && at < *locked_until);  // no hash to spend
    // An account waiting for its set-up has no password: the decoy spends the same effort.
    bool has_password = !seen.password_hash.empty();
    bool password_ok = !refused_anyway && password_matches(has_password ? seen.password_hash : decoy_hash(), c.password) &&
                       has_password;
    bool second_factor = needs_second_factor(staff->role);
    bool no_second_factor = false;
    std::optional<int64_t> step;
    if (password_ok && second_factor) {
      auto secret = seen.totp_secret.empty() ? Result<std::string>(std::string())
                                             : ws.keys().open_secret("totp|" + staff->id, seen.totp_secret);
      no_second_factor = !secret || secret->empty();
      if (!no_second_factor) step = totp_step(*secret, c.totp, at);
    }

    store::WriteTransaction tx(ws.db(), staff->centre_id);
    auto st = load_state(ws, staff->id);
    auto fail_with = [&](const std::string& action, const std::string& message) -> Result<access::Staff> {
      audit_account(ws, *staff, staff->id, action, "deny");
      tx.commit();
      return fail(ErrorKind::denied, message, policy::Clause::kept_securely);
    };
    if (st.disabled) return fail_with("sign_in_disabled", "this account is disabled");
    if (!st.locked_until.empty()) {
      auto until = parse_utc(st.locked_until);
      if (until && at < *until)
        return fail_with("sign_in_locked",
                         fmt::format("too many failed attempts: this account is locked until {} UTC",
                                     format_utc(*until)));
    }
    bool unchanged = st.password_hash == seen.password_hash && st.totp_secret == seen.totp_secret;
    if (password_ok && unchanged && no_second_factor)
      return fail_with("sign_in_no_second_factor",
                       "this role needs a second factor: ask a manager to reset your sign-in, then enrol one at set-up");
    bool ok = password_ok && unchanged && (!second_factor || (step && *step > st.totp_last_step));
    if (!ok) {
      int failed = st.failed + 1;
      std::string locked = failed >= rules.max_failures ? format_utc(at + rules.lockout) : std::string();
      store::execute(ws.db(), "UPDATE staff SET failed_logins = :f, locked_until = :l WHERE id = :i", failed, locked,
                     staff->id);
      return fail_with(locked.empty() ? "sign_in_failed" : "sign_in_lockout", refused);
    }
    long long last_step = step.value_or(st.totp_last_step);
    store::execute(ws.db(), "UPDATE staff SET failed_logins = 0, locked_until = '', totp_last_step = :s WHERE id = :i",
                   last_step, staff->id);
    audit_account(ws, *staff, staff->id, "sign_in", "allow");
    tx.commit();
    return *staff;
  });
}

Result<WebSession> open_session(app::Workspace& ws, const access::Staff& staff, Instant at, const SignInRules& rules) {
  WebSession session{random_token(32), random_token(32), staff};
  return store::guard_storage([&]() -> Result<WebSession> {
    std::string hash = token_hash(session.token), created = format_utc(at),
                expires = format_utc(at + rules.session_lifetime);
    store::execute(ws.db(),
                   "INSERT INTO web_sessions (token_hash, staff_id, csrf_token, created_at, expires_at) "
                   "VALUES (:h, :s, :c, :a, :e)",
                   hash, staff.id, session.csrf, created, expires);
    return session;
  });
}

Result<WebSession> find_session(app::Workspace& ws, std::string_view token, Instant at) {
  HAVEN_TRY(holder, access::find_session_holder(ws, token_hash(token)));
  bool live = false;
  if (holder) {
    auto until = parse_utc(holder->expires_at);
    live = until && at < *until;
  }
  if (!live)
    return fail(ErrorKind::denied, "sign in first (the session has ended or never began)",
                policy::Clause::kept_securely);
  return WebSession{std::string(token), std::move(holder->csrf_token), std::move(holder->staff)};
}

void close_session(app::Workspace& ws, std::string_view token) {
  std::string hash = token_hash(token);
  store::execute(ws.db(), "DELETE FROM web_sessions WHERE token_hash = :h", hash);
}

Result<ApiToken> issue_token(app::Workspace& ws, const access::Staff& staff, const TokenRequest& request) {
  if (request.scopes.empty())
    return fail(ErrorKind::invalid_input, "'scopes': a token needs at least one scope: read or write");
  if (request.label.empty() || request.label.size() > 100)
    return fail(ErrorKind::invalid_input, "'label': a token needs a label of 1 to 100 characters");
  if (request.lifetime < std::chrono::days{1} || request.lifetime > std::chrono::days{365})
    return fail(ErrorKind::invalid_input, "'days': a token works for 1 to 365 days");
  if (request.minted_with)
    for (const auto& scope : request.scopes)
      if (!request.minted_with->allows(scope)) {
        HAVEN_CHECK(store::guard_storage([&]() -> Result<bool> {
          store::WriteTransaction tx(ws.db());
          audit_account(ws, staff, staff.id, "issue_token", "deny");
          tx.commit();
          return true;
        }));
        return fail(ErrorKind::denied,
                    fmt::format("a token cannot make one with the '{}' scope, which it does not hold itself",
                                scope.text()),
                    policy::Clause::kept_securely);
      }
  Instant at = now();
  Instant until = at + request.lifetime;
  if (request.minted_with) until = std::min(until, request.minted_with->expires);  // never outlives its maker
  ApiToken t{new_id("tok"), "hvn_" + random_token(32), request.scopes, format_utc(until)};
  return store::guard_storage([&]() -> Result<ApiToken> {
    std::string hash = token_hash(t.token), text = scopes_text(request.scopes), created = format_utc(at);
    store::WriteTransaction tx(ws.db());
    store::execute(ws.db(),
                   "INSERT INTO api_tokens (id, token_hash, staff_id, scopes, label, created_at, expires_at) "
                   "VALUES (:i, :h, :s, :sc, :l, :a, :e)",
                   t.id, hash, staff.id, text, request.label, created, t.expires_at);
    audit_account(ws, staff, staff.id, "issue_token", "change");
    tx.commit();
    return t;
  });
}

Result<TokenHolder> find_token(app::Workspace& ws, std::string_view token, Instant at) {
  return store::guard_storage([&]() -> Result<TokenHolder> {
    std::string handle, scopes, created, expires;
    if (auto row = store::first_row(ws.db(),
                                    "SELECT s.handle, t.scopes, t.created_at, t.expires_at FROM api_tokens t JOIN staff s "
                                    "ON s.id = t.staff_id WHERE t.token_hash = :h AND t.revoked_at = '' AND s.disabled = 0",
                                    token_hash(token)))
      handle = row->get<std::string>(0), scopes = row->get<std::string>(1), created = row->get<std::string>(2),
      expires = row->get<std::string>(3);
    if (handle.empty())
      return fail(ErrorKind::denied, "the API token is unknown or revoked", policy::Clause::kept_securely);
    // Tokens made before expiry was recorded work for the default lifetime from when they were made.
    auto until = parse_utc(expires.empty() ? created : expires);
    if (until && expires.empty()) *until += default_token_lifetime;
    if (!until || at >= *until) return fail(ErrorKind::denied, "the API token has expired: make a new one",
        policy::Clause::kept_securely);
    auto staff = access::find_staff(ws, handle);
    if (!staff) return std::unexpected(staff.error());
    return TokenHolder{*staff, parse_scopes(scopes), *until};
  });
}

Result<bool> revoke_token(app::Workspace& ws, const access::Staff& staff, const std::string& token_id) {
  return store::guard_storage([&]() -> Result<bool> {
    std::string at = format_utc(now());
    store::WriteTransaction tx(ws.db());
    long long changed = store::execute(ws.db(),
                                       "UPDATE api_tokens SET revoked_at = :a WHERE id = :i AND staff_id = :s AND "
                                       "revoked_at = ''",
                                       at, token_id, staff.id);
    if (changed == 0) return fail(ErrorKind::not_found, "no such token of yours is active");
    audit_account(ws, staff, staff.id, "revoke_token", "change");
    tx.commit();
    return true;
  });
}

Result<Caller> identify(app::Workspace& ws, std::string_view bearer_token, std::string_view session_token,
                        Instant at) {
  Caller caller;
  if (!bearer_token.empty()) {
    HAVEN_TRY(holder, find_token(ws, bearer_token, at));
    caller.staff = holder.staff;
    caller.token = std::move(holder);
  } else if (!session_token.empty()) {
    HAVEN_TRY(session, find_session(ws, session_token, at));
    caller.staff = std::move(session.staff);
    caller.csrf = std::move(session.csrf);
  } else {
    return fail(ErrorKind::invalid_input, "sign in first");
  }
  HAVEN_TRY(centre, caller.staff.centre_policy_version.empty()
                        ? ws.centre(caller.staff.centre_id)
                        : ws.centre(caller.staff.centre_id, caller.staff.centre_policy_version));
  caller.centre = centre;
  return caller;
}

}  // namespace haven::accounts
