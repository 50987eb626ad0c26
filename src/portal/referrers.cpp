#include "portal/referrers.hpp"

#include <fmt/format.h>

#include "access/access.hpp"
#include "accounts/credentials.hpp"
#include "core/ids.hpp"
#include "crypto/keystore.hpp"
#include "crypto/sealed.hpp"
#include "disclosure/disclosures.hpp"
#include "journey/journey.hpp"
#include "mail/outbox.hpp"
#include "mail/smtp.hpp"
#include "portal/portal.hpp"
#include "portal/sign_in_support.hpp"
#include "records/audited_write.hpp"
#include "records/families.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::portal {

namespace {

using policy::Item;
constexpr std::string_view session_kind = "referrer";

std::string token_hash(std::string_view token) { return detail::token_hash(session_kind, token); }

std::string code_hash(app::Workspace& ws, const app::Centre& c, const std::string& account, std::string_view code) {
  return detail::code_hash(ws, c.id, "referrer code " + account, code);
}

std::string setup_hash(app::Workspace& ws, const app::Centre& c, const std::string& account, std::string_view code) {
  return crypto::blind_index(ws.keys().index_key(), c.id,
                             "referrer set-up " + account + " " + accounts::normalised_setup_code(code));
}

Error wrong_password() {
  return Error{ErrorKind::denied, "the email address or password is wrong", policy::Clause::kept_securely};
}

// A hash to check a password against when there is no account, so that a wrong address takes as
// long to answer as a wrong password.
const std::string& stand_in_hash() {
  static const std::string hash = accounts::hash_password("no account has this password").value_or("");
  return hash;
}

struct Account {
  std::string id, password_hash, setup_hash, setup_expires_at;
};
std::optional<Account> account_at(app::Workspace& ws, const app::Centre& c, const std::string& email) {
  auto row = store::first_row(ws.db(),
                              "SELECT id, password_hash, setup_hash, setup_expires_at FROM referrer_accounts WHERE "
                              "centre_id = :c AND email_index = :x",
                              c.id, records::email_index(ws, c.id, email));
  if (!row) return std::nullopt;
  return Account{row->get<std::string>(0), row->get<std::string>(1), row->get<std::string>(2),
                 row->get<std::string>(3)};
}

void audit_own(app::Workspace& ws, const app::Centre& c, const std::string& account, const std::string& action,
               const std::string& outcome) {
  ws.audit().append({c.id, account, action, "referrer:" + account, "", detail::signing_in_clause(), outcome});
}

// Where to go, as a line of a letter: the link when Haven knows its public address.
std::string go_to(app::Workspace& ws, const std::string& path) {
  auto link = ws.link(path);
  return link.empty() ? std::string() : "\n\n" + link;
}

std::string invitation_letter(app::Workspace& ws, const app::Centre& c, const std::string& code) {
  return fmt::format(
      "{} has given you an account to follow the referrals you made to the centre and to ask for attendance "
      "statements.\n\nTo set it up, open the centre's page for referrers, choose \"Set up your account\", and "
      "enter this email address, a password of your choosing and this set-up code:\n\n{}{}\n\nThe code works "
      "once, for {} days. If you were not expecting this, you need do nothing.\n\n{}\n",
      c.preset.centre_name, code, go_to(ws, "/public/" + c.id + "/referrers/set-up"), setup_lifetime.count(),
      c.preset.centre_name);
}

std::string referral_added_letter(app::Workspace& ws, const app::Centre& c) {
  return fmt::format("{} has added a referral to your account. Sign in to your account to follow it.{}\n\n{}\n",
                     c.preset.centre_name, go_to(ws, "/public/" + c.id + "/referrers/sign-in"), c.preset.centre_name);
}

}  // namespace

bool may_have_account(std::string_view agency_kind) {
  return agency_kind != name_of(records::AgencyKind::self_referral);
}

policy::AccessRequest invitation_request(const app::Centre& c, const access::Staff& by, const std::string& family_id) {
  auto request = access::record(c, by, Item::referral_details, family_id);
  request.action = policy::Action::invite_referrer;
  return request;
}

Result<Invitation> invite_referrer(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const std::string& family_ref, const std::string& referral_id,
                                   const std::string& typed, Instant at) {
  HAVEN_TRY(email, mail::email_as_typed(typed));
  HAVEN_TRY(family, records::find_family(ws, c, family_ref));
  HAVEN_TRY(linked, store::guard_storage([&]() -> Result<std::pair<std::string, std::string>> {
              auto row = store::first_row(
                  ws.db(), "SELECT agency_kind, referrer_account FROM referrals WHERE id = :r AND family_id = :f",
                  referral_id, family.id);
              if (!row) return fail(ErrorKind::not_found, "referral: no such referral of this family");
              return std::pair{row->get<std::string>(0), row->get<std::string>(1)};
            }));
  if (!may_have_account(linked.first))
    return fail(ErrorKind::invalid_input,
                "referral: a parent who referred themselves has no referrer to invite; parents sign in to the "
                "parents' portal");
  auto request = invitation_request(c, by, family.id);
  Invitation out;
  HAVEN_CHECK(records::audited_write<bool>(
      ws, c, request, "invite_referrer", "referral:" + referral_id, "referrer_account", [&]() -> Result<bool> {
        auto account = account_at(ws, c, email);
        // A referral stays with the account it was given to until its access is ended on purpose
        // (end_referrer_access): a typed address never moves it.
        if (!linked.second.empty() && (!account || account->id != linked.second))
          return fail(ErrorKind::conflict,
                      "referral: this referral's referrer already has an account, under another email address");
        if (!account) {
          account = Account{new_id("rfa"), "", "", ""};
          store::execute(ws.db(),
                         "INSERT INTO referrer_accounts (id, centre_id, email, email_index, invited_by, invited_at) "
                         "VALUES (:i, :c, :e, :x, :b, :a)",
                         account->id, c.id, ws.keys().seal_secret(disclosure::referrer_email_purpose, email),
                         records::email_index(ws, c.id, email), by.id, format_utc(at));
        }
        out.account_id = account->id;
        out.set_up = !account->password_hash.empty();
        bool again = linked.second == account->id;  // invited again: a new set-up code, to choose a new password
        std::string letter;
        if (out.set_up && !again) {
          letter = referral_added_letter(ws, c);
        } else {
          std::string code = accounts::new_setup_code();
          store::execute(ws.db(), "UPDATE referrer_accounts SET setup_hash = :h, setup_expires_at = :e WHERE id = :i",
                         setup_hash(ws, c, account->id, code), format_utc(at + setup_lifetime), account->id);
          letter = invitation_letter(ws, c, code);
        }
        store::execute(ws.db(), "UPDATE referrals SET referrer_account = :a WHERE id = :r", account->id, referral_id);
        // Statements that waited for a coordinator to send them now wait in the account.
        for (const auto& id : store::rows<std::string>(
                 ws.db(), "SELECT id FROM disclosures WHERE recipient_referral = :r AND delivery = :queued",
                 referral_id, std::string(disclosure::delivery_queued))) {
          store::execute(ws.db(), "UPDATE disclosures SET delivery = :in WHERE id = :i",
                         std::string(disclosure::delivery_in_account), id);
          ws.audit().append({c.id, by.id, "deliver_mirror_disclosure", "disclosure:" + id, "attendance_times",
                             std::string(policy::id_of(policy::Clause::attendance_to_referrers)), "allow"});
        }
        HAVEN_CHECK(mail::queue(
            ws, c.id,
            {email,
             out.set_up && !again ? fmt::format("A referral added to your account at {}", c.preset.centre_name)
                                  : fmt::format("Your account at {}", c.preset.centre_name),
             letter, "referrer:" + account->id}));
        return true;
      }));
  return out;
}

Result<bool> end_referrer_access(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                 const std::string& family_ref, const std::string& referral_id) {
  HAVEN_TRY(family, records::find_family(ws, c, family_ref));
  return records::audited_write<bool>(
      ws, c, invitation_request(c, by, family.id), "end_referrer_access", "referral:" + referral_id, "referrer_account",
      [&]() -> Result<bool> {
        auto account = store::value<std::string>(
            ws.db(), "SELECT referrer_account FROM referrals WHERE id = :r AND family_id = :f", referral_id, family.id);
        if (!account) return fail(ErrorKind::not_found, "referral: no such referral of this family");
        if (account->empty()) return fail(ErrorKind::conflict, "this referral's referrer has no account");
        store::execute(ws.db(), "UPDATE referrals SET referrer_account = '' WHERE id = :r", referral_id);
        if (store::value<int>(ws.db(), "SELECT COUNT(*) FROM referrals WHERE referrer_account = :a", *account)
                .value_or(1) == 0) {
          store::execute(ws.db(), "DELETE FROM referrer_sessions WHERE account_id = :a", *account);
          store::execute(ws.db(), "DELETE FROM referrer_codes WHERE account_id = :a", *account);
          store::execute(ws.db(), "UPDATE referrer_accounts SET setup_hash = '' WHERE id = :a", *account);
        }
        return true;
      });
}

Result<bool> set_up_referrer(app::Workspace& ws, const app::Centre& c, const std::string& typed,
                             const std::string& setup_code, const std::string& password, Instant at) {
  HAVEN_TRY(email, mail::email_as_typed(typed));
  if (auto ok = accounts::acceptable_password(password); !ok)
    return fail(ErrorKind::invalid_input, "password: " + ok.error().message);
  // The code is checked before the password is hashed, so a wrong code costs the server little.
  auto valid_for = [&](const std::optional<Account>& account) {
    return account && !account->setup_hash.empty() &&
           account->setup_hash == setup_hash(ws, c, account->id, setup_code) &&
           parse_utc(account->setup_expires_at).value_or(Instant{}) > at;
  };
  HAVEN_TRY(found, store::guard_storage([&]() -> Result<std::optional<Account>> { return account_at(ws, c, email); }));
  std::string hash;
  if (valid_for(found)) {
    HAVEN_TRY(hashed, accounts::hash_password(password));
    hash = std::move(hashed);
  }
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    auto account = account_at(ws, c, email);  // again, under the write lock
    if (hash.empty() || !valid_for(account)) {
      if (account)
        audit_own(ws, c, account->id, "referrer_set_up", "deny");
      else
        ws.audit().append({c.id, detail::visitor_actor, "referrer_set_up", "centre:" + c.id, "",
                           detail::signing_in_clause(), "deny"});
      tx.commit();
      return fail(ErrorKind::denied, "that set-up code is wrong or has expired: ask the centre to invite you again",
                  policy::Clause::kept_securely);
    }
    store::execute(ws.db(),
                   "UPDATE referrer_accounts SET password_hash = :p, set_up_at = :a, setup_hash = '', "
                   "setup_expires_at = '', failed_passwords = 0, failed_since = '' WHERE id = :i",
                   hash, format_utc(at), account->id);
    // A new password ends every session of the account.
    store::execute(ws.db(), "DELETE FROM referrer_sessions WHERE account_id = :i", account->id);
    audit_own(ws, c, account->id, "referrer_set_up", "change");
    tx.commit();
    return true;
  });
}

Result<bool> send_referrer_code(app::Workspace& ws, const app::Centre& c, const std::string& typed,
                                const std::string& password, Instant at) {
  HAVEN_TRY(email, mail::email_as_typed(typed));
  auto account = store::guard_storage([&]() -> Result<std::optional<Account>> { return account_at(ws, c, email); });
  if (!account) return std::unexpected(account.error());
  bool set_up = *account && !(*account)->password_hash.empty();
  bool matches = accounts::password_matches(set_up ? (*account)->password_hash : stand_in_hash(), password) && set_up;
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    if (!*account) {
      ws.audit().append({c.id, detail::visitor_actor, "referrer_password", "centre:" + c.id, "",
                         detail::signing_in_clause(), "deny"});
      tx.commit();
      return std::unexpected(wrong_password());
    }
    const std::string& id = (*account)->id;
    // The wrong passwords of the hour, counted under the write lock (tries from many addresses add up).
    auto tries =
        store::first_row(ws.db(), "SELECT failed_passwords, failed_since FROM referrer_accounts WHERE id = :i", id);
    std::string since = tries ? tries->get<std::string>(1) : std::string();
    bool new_hour = since.empty() || since <= format_utc(at - std::chrono::hours{1});
    int64_t failed = tries && !new_hour ? tries->get<int64_t>(0) : 0;
    if (!matches || failed >= wrong_passwords_per_hour) {
      if (!matches)
        store::execute(ws.db(), "UPDATE referrer_accounts SET failed_passwords = :n, failed_since = :s WHERE id = :i",
                       failed + 1, new_hour ? format_utc(at) : since, id);
      audit_own(ws, c, id, "referrer_password", "deny");
      tx.commit();
      return std::unexpected(wrong_password());
    }
    store::execute(ws.db(), "UPDATE referrer_accounts SET failed_passwords = 0, failed_since = '' WHERE id = :i", id);
    auto sent =
        store::first_row(ws.db(),
                         "SELECT (SELECT COUNT(*) FROM referrer_codes WHERE account_id = :i AND created_at > :h), "
                         "(SELECT COUNT(*) FROM referrer_codes WHERE account_id = :i2 AND created_at > :d)",
                         id, format_utc(at - std::chrono::hours{1}), id, format_utc(at - std::chrono::hours{24}));
    if (sent && (sent->get<int64_t>(0) >= codes_per_hour || sent->get<int64_t>(1) >= codes_per_day)) {
      audit_own(ws, c, id, "referrer_code", "deny");
      tx.commit();
      return std::unexpected(wrong_password());
    }
    std::string code_id = new_id("rcd"), code = accounts::new_numeric_code(detail::code_digits);
    store::execute(ws.db(),
                   "INSERT INTO referrer_codes (id, centre_id, account_id, code_hash, created_at, expires_at) "
                   "VALUES (:i, :c, :a, :h, :t, :e)",
                   code_id, c.id, id, code_hash(ws, c, id, code), format_utc(at), format_utc(at + code_lifetime));
    HAVEN_CHECK(mail::queue(ws, c.id,
                            {email, fmt::format("Your sign-in code for {}", c.preset.centre_name),
                             detail::code_letter(c, code), "referrer_code:" + code_id}));
    audit_own(ws, c, id, "referrer_code", "change");
    tx.commit();
    return true;
  });
}

Result<ReferrerSession> referrer_sign_in(app::Workspace& ws, const app::Centre& c, const std::string& typed,
                                         const std::string& code, Instant at) {
  HAVEN_TRY(email, mail::email_as_typed(typed));
  return store::guard_storage([&]() -> Result<ReferrerSession> {
    store::WriteTransaction tx(ws.db(), c.id);
    auto account = account_at(ws, c, email);
    if (!account) {
      ws.audit().append(
          {c.id, detail::visitor_actor, "referrer_sign_in", "centre:" + c.id, "", detail::signing_in_clause(), "deny"});
      tx.commit();
      return std::unexpected(detail::wrong_code());
    }
    // The account's newest code only: asking for another ends the one before.
    auto newest = store::first_row(ws.db(),
                                   "SELECT id, code_hash, used_at, expires_at, tries FROM referrer_codes WHERE "
                                   "account_id = :a ORDER BY created_at DESC, id DESC LIMIT 1",
                                   account->id);
    bool live = newest && newest->get<std::string>(2).empty() &&
                parse_utc(newest->get<std::string>(3)).value_or(Instant{}) > at &&
                newest->get<int64_t>(4) < tries_per_code;
    if (!live || newest->get<std::string>(1) != code_hash(ws, c, account->id, code)) {
      if (live)
        store::execute(ws.db(), "UPDATE referrer_codes SET tries = tries + 1 WHERE id = :i",
                       newest->get<std::string>(0));
      audit_own(ws, c, account->id, "referrer_sign_in", "deny");
      tx.commit();
      return std::unexpected(detail::wrong_code());
    }
    store::execute(ws.db(), "UPDATE referrer_codes SET used_at = :a WHERE id = :i", format_utc(at),
                   newest->get<std::string>(0));
    ReferrerSession session{accounts::random_token(32), accounts::random_token(32),
                            access::Referrer{account->id, c.id}};
    store::execute(ws.db(),
                   "INSERT INTO referrer_sessions (token_hash, centre_id, account_id, csrf, created_at, expires_at) "
                   "VALUES (:h, :c, :a, :x, :t, :e)",
                   token_hash(session.token), c.id, account->id, session.csrf, format_utc(at),
                   format_utc(at + session_lifetime));
    audit_own(ws, c, account->id, "referrer_sign_in", "allow");
    tx.commit();
    return session;
  });
}

Result<ReferrerSession> find_referrer_session(app::Workspace& ws, const app::Centre& c, const std::string& token,
                                              Instant at) {
  return store::guard_storage([&]() -> Result<ReferrerSession> {
    auto row = store::first_row(ws.db(),
                                "SELECT account_id, csrf, expires_at FROM referrer_sessions WHERE token_hash = :h AND "
                                "centre_id = :c",
                                token_hash(token), c.id);
    if (!row || parse_utc(row->get<std::string>(2)).value_or(Instant{}) <= at)
      return fail(ErrorKind::denied, "sign in first (the session has ended or never began)",
                  policy::Clause::kept_securely);
    return ReferrerSession{token, row->get<std::string>(1), access::Referrer{row->get<std::string>(0), c.id}};
  });
}

Result<bool> referrer_sign_out(app::Workspace& ws, const app::Centre& c, const std::string& token) {
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    auto account = store::value<std::string>(
        ws.db(), "SELECT account_id FROM referrer_sessions WHERE token_hash = :h AND centre_id = :c", token_hash(token),
        c.id);
    if (!account) return false;
    store::execute(ws.db(), "DELETE FROM referrer_sessions WHERE token_hash = :h", token_hash(token));
    audit_own(ws, c, *account, "referrer_sign_out", "change");
    tx.commit();
    return true;
  });
}

namespace {

// The referrals linked to the account (or the one given), each asked of the access layer as the
// referrer, with the statements sent for it; audited as one read under `action`.
Result<std::vector<ReferralSummary>> linked_referrals(app::Workspace& ws, const app::Centre& c,
                                                      const access::Referrer& as, const std::string& only, Day today,
                                                      const std::string& action) {
  return store::guard_storage([&]() -> Result<std::vector<ReferralSummary>> {
    std::vector<ReferralSummary> out;
    auto linked = store::rows(ws.db(),
                              "SELECT r.id, f.reference, r.referred_on, r.agency_kind FROM referrals r JOIN families f "
                              "ON f.id = r.family_id WHERE r.referrer_account = :a AND f.centre_id = :c AND "
                              "f.disposed_at = '' AND (:o = '' OR r.id = :o2) ORDER BY r.referred_on DESC, r.id",
                              as.account_id, c.id, only, only);
    std::string clause;
    for (const auto& row : linked) {
      std::string id = row.get<std::string>(0);
      auto progress = access::referrer_view(ws, c, as, Item::case_progress, id);
      HAVEN_TRY(permit, access::require(ws, c, progress, {action, "referral:" + id}));
      clause = permit.clause_id();
      ReferralSummary s{id,
                        row.get<std::string>(1),
                        row.get<std::string>(2),
                        row.get<std::string>(3),
                        std::string(name_of(journey::stage_of_family(ws, c, progress.family_id, today))),
                        false,
                        {}};
      for (const auto& st : store::rows(ws.db(),
                                        "SELECT id, at, period_from, period_to, mirror_of FROM disclosures WHERE "
                                        "recipient_referral = :r AND asked = 'attendance' AND outcome = 'allow' "
                                        "AND recalled_at = '' ORDER BY at DESC, id",
                                        id))
        s.statements.push_back({st.get<std::string>(0), st.get<std::string>(1), st.get<std::string>(2),
                                st.get<std::string>(3), !st.get<std::string>(4).empty()});
      out.push_back(std::move(s));
    }
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, as.account_id, action, only.empty() ? "referrer:" + as.account_id : "referral:" + only, "case_progress",
          clause.empty() ? detail::signing_in_clause() : clause, "allow"}}));
    return out;
  });
}

}  // namespace

Result<std::vector<ReferralSummary>> referrer_referrals(app::Workspace& ws, const app::Centre& c,
                                                        const access::Referrer& as, Day today) {
  return linked_referrals(ws, c, as, "", today, "referrer_referrals");
}

Result<ReferralSummary> referrer_referral(app::Workspace& ws, const app::Centre& c, const access::Referrer& as,
                                          const std::string& referral_id, Day today) {
  // Asked first, so that a referral not theirs is refused under clause 3 and audited.
  HAVEN_TRY(warned, disclosure::referrer_is_warned(ws, c, as, referral_id));
  HAVEN_TRY(found, linked_referrals(ws, c, as, referral_id, today, "referrer_referral"));
  if (found.empty()) return fail(ErrorKind::not_found, "you have no such referral");
  found.front().warned_of_sharing = warned;
  return std::move(found.front());
}

Result<disclosure::AttendanceStatement> referrer_statement(app::Workspace& ws, const app::Centre& c,
                                                           const access::Referrer& as, const std::string& register_id) {
  HAVEN_TRY(kept, store::guard_storage([&]() -> Result<std::pair<std::string, std::string>> {
              auto row = store::first_row(ws.db(),
                                          "SELECT d.recipient_referral, d.content FROM disclosures d JOIN referrals r "
                                          "ON r.id = d.recipient_referral WHERE d.id = :i AND d.centre_id = :c AND "
                                          "d.asked = 'attendance' AND d.outcome = 'allow' AND d.recalled_at = '' AND "
                                          "r.referrer_account = :a",
                                          register_id, c.id, as.account_id);
              if (!row) {
                // Someone else's statement, or none: refused, and audited, as if it did not exist.
                HAVEN_CHECK(ws.audit().append_committed(
                    {{c.id, as.account_id, "referrer_statement", "disclosure:" + register_id, "attendance_times",
                      std::string(policy::id_of(policy::Clause::attendance_to_referrers)), "deny"}}));
                return fail(ErrorKind::not_found, "no such statement in your account");
              }
              return std::pair{row->get<std::string>(0), row->get<std::string>(1)};
            }));
  auto request = store::guard_storage([&]() -> Result<policy::AccessRequest> {
    return access::referrer_view(ws, c, as, Item::attendance_times, kept.first);
  });
  if (!request) return std::unexpected(request.error());
  HAVEN_TRY(permit, access::require(ws, c, *request, {"referrer_statement", "disclosure:" + register_id}));
  HAVEN_TRY(key, ws.keys().family_cipher(request->family_id));
  HAVEN_TRY(json, key.open(permit, Item::attendance_times, register_id, kept.second));
  HAVEN_CHECK(store::guard_storage([&]() -> Result<bool> {
    return ws.audit().append_committed({{c.id, as.account_id, "referrer_statement", "disclosure:" + register_id,
                                         "attendance_times", std::string(permit.clause_id()), "allow"}});
  }));
  return disclosure::statement_from_json(json);
}

}  // namespace haven::portal
