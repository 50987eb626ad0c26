#include "portal/portal.hpp"

#include <fmt/format.h>

#include "access/access.hpp"
#include "access/facts.hpp"
#include "accounts/credentials.hpp"
#include "core/ids.hpp"
#include "crypto/keystore.hpp"
#include "crypto/sealed.hpp"
#include "dataprotection/requests.hpp"
#include "disclosure/consents.hpp"
#include "journey/journey.hpp"
#include "mail/outbox.hpp"
#include "mail/smtp.hpp"
#include "portal/sign_in_support.hpp"
#include "records/audited_write.hpp"
#include "records/families.hpp"
#include "records/family_rows.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::portal {

namespace {

using policy::Item;

// What a parent is told of their request: its days, and what the clock waits for while it stands.
RecordsRequest as_records_request(const dataprotection::RequestCase& r) {
  RecordsRequest out{r.received_on, r.due_on, r.answered_on};
  if (r.outcome) out.outcome = name_of(*r.outcome);
  if (r.open() && r.clock_stopped()) {
    out.waiting_for_identity = r.pauses.back().waiting_for == dataprotection::WaitingFor::identity;
    out.waiting_for_clarification = !out.waiting_for_identity;
  }
  return out;
}

using detail::code_digits;
using detail::visitor_actor;
using detail::wrong_code;
const std::string signing_in_clause = detail::signing_in_clause();

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string without_spaces_around(const std::string& s) {
  auto from = s.find_first_not_of(" \t\r\n");
  if (from == std::string::npos) return {};
  return s.substr(from, s.find_last_not_of(" \t\r\n") - from + 1);
}

std::string token_hash(std::string_view token) { return detail::token_hash("portal", token); }

std::string code_hash(app::Workspace& ws, const app::Centre& c, const std::string& person_id, std::string_view code) {
  return detail::code_hash(ws, c.id, "portal code " + person_id, code);
}

std::string contact_field_name(policy::ContactField f) { return std::string(name_of(f)); }

// The parent's acknowledgement of the version of the policy in force, if there is one: its day,
// and whether they made it themself in the portal (else staff recorded it).
struct Acknowledged {
  std::string on;
  bool here = false;
};
std::optional<Acknowledged> acknowledgement_of(app::Workspace& ws, const app::Centre& c, const std::string& person_id) {
  auto row = store::first_row(ws.db(),
                              "SELECT acknowledged_on, how, recorded_by FROM policy_acknowledgements WHERE centre_id "
                              "= :c AND version = :v AND subject_kind = 'person' AND subject_id = :p",
                              c.id, c.preset.version, person_id);
  if (!row) return std::nullopt;
  return Acknowledged{row->get<std::string>(0),
                      row->get<std::string>(1) == "portal" && row->get<std::string>(2) == person_id};
}

}  // namespace

Result<bool> send_code(app::Workspace& ws, const app::Centre& c, const std::string& typed, Instant at) {
  HAVEN_TRY(email, mail::email_as_typed(typed));
  std::string index = records::email_index(ws, c.id, email);
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    std::string hour_ago = format_utc(at - std::chrono::hours{1}), day_ago = format_utc(at - std::chrono::hours{24});
    // Each parent with the address, with the codes sent to them in the last hour and day, and how
    // many of their family's parents share it.
    auto parents =
        store::rows(ws.db(),
                    "SELECT p.id, p.family_id, "
                    "(SELECT COUNT(*) FROM portal_codes pc WHERE pc.person_id = p.id AND pc.created_at > :h), "
                    "(SELECT COUNT(*) FROM portal_codes pc WHERE pc.person_id = p.id AND pc.created_at > :d), "
                    "(SELECT COUNT(*) FROM people q WHERE q.family_id = p.family_id AND q.party <> 'child' "
                    "AND q.email_index = p.email_index) "
                    "FROM people p JOIN families f ON f.id = p.family_id WHERE f.centre_id = :c AND "
                    "f.disposed_at = '' AND p.party <> 'child' AND p.email_index = :x ORDER BY p.created_at",
                    hour_ago, day_ago, c.id, index);
    std::vector<audit::Entry> entries;
    for (const auto& row : parents) {
      std::string person = row.get<std::string>(0), family = row.get<std::string>(1);
      // An address two parents of one family share identifies neither: no code goes to it (the
      // coordinator sees the refusal in the audit trail), or one parent could sign in as the other.
      if (row.get<int64_t>(4) > 1) {
        entries.push_back({c.id, person, "portal_code", "person:" + person, "email_shared", signing_in_clause, "deny"});
        continue;
      }
      if (row.get<int64_t>(2) >= codes_per_hour || row.get<int64_t>(3) >= codes_per_day) {
        entries.push_back({c.id, person, "portal_code", "person:" + person, "", signing_in_clause, "deny"});
        continue;
      }
      std::string id = new_id("pcd"), code = accounts::new_numeric_code(code_digits);
      store::execute(ws.db(),
                     "INSERT INTO portal_codes (id, centre_id, family_id, "
                     "person_id, code_hash, created_at, expires_at) "
                     "VALUES (:i, :c, :f, :p, :h, :a, :e)",
                     id, c.id, family, person, code_hash(ws, c, person, code), format_utc(at),
                     format_utc(at + code_lifetime));
      HAVEN_CHECK(mail::queue(ws, c.id,
                              {email, fmt::format("Your sign-in code for {}", c.preset.centre_name),
                               detail::code_letter(c, code), "portal_code:" + id}));
      entries.push_back({c.id, person, "portal_code", "person:" + person, "", signing_in_clause, "change"});
    }
    // An address no parent has is answered alike, and written down alike: so the answer takes about
    // as long, and the try shows in the audit trail.
    if (entries.empty())
      entries.push_back(
          {c.id, std::string(detail::visitor_actor), "portal_code", "centre:" + c.id, "", signing_in_clause, "deny"});
    for (const auto& e : entries) ws.audit().append(e);
    tx.commit();
    return true;
  });
}

Result<int> index_parent_emails(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  HAVEN_TRY(waiting, store::guard_storage([&]() -> Result<std::vector<std::string>> {
              std::vector<std::string> families;
              for (const auto& id :
                   store::rows<std::string>(ws.db(),
                                            "SELECT DISTINCT p.family_id FROM people p JOIN families f ON f.id "
                                            "= p.family_id WHERE f.centre_id = :c AND f.disposed_at = '' AND "
                                            "p.party <> 'child' AND p.email <> '' AND p.email_index = '' "
                                            "ORDER BY p.family_id",
                                            c.id))
                families.push_back(id);
              return families;
            }));
  int indexed = 0;
  for (const auto& family : waiting) {
    auto request = access::view(c, by, Item::email, family);
    if (!access::offered(c, request)) continue;
    HAVEN_TRY(permit, access::require(ws, c, request, {"index_parent_emails", "family:" + family}));
    HAVEN_TRY(key, ws.keys().family_cipher(family));
    HAVEN_CHECK(store::guard_storage([&]() -> Result<bool> {
      store::WriteTransaction tx(ws.db(), c.id);
      for (const auto& row : store::rows(ws.db(),
                                         "SELECT id, email FROM people WHERE family_id = :f AND party <> 'child' AND "
                                         "email <> '' AND email_index = ''",
                                         family)) {
        std::string person = row.get<std::string>(0);
        HAVEN_TRY(email, key.open(permit, Item::email, person, row.get<std::string>(1)));
        store::execute(ws.db(), "UPDATE people SET email_index = :x WHERE id = :i",
                       records::email_index(ws, c.id, email), person);
        ++indexed;
      }
      ws.audit().append(
          {c.id, by.id, "index_parent_emails", "family:" + family, "email", std::string(permit.clause_id()), "allow"});
      tx.commit();
      return true;
    }));
  }
  return indexed;
}

Result<Session> sign_in(app::Workspace& ws, const app::Centre& c, const std::string& typed, const std::string& code,
                        Instant at) {
  HAVEN_TRY(email, mail::email_as_typed(typed));
  std::string index = records::email_index(ws, c.id, email);
  auto outcome = store::guard_storage([&]() -> Result<Session> {
    store::WriteTransaction tx(ws.db(), c.id);
    // Each parent's newest code only: asking for another ends the one before.
    auto live = store::rows(ws.db(),
                            "SELECT pc.id, pc.person_id, pc.family_id, pc.code_hash, f.reference FROM portal_codes pc "
                            "JOIN people p ON p.id = pc.person_id JOIN families f ON f.id = pc.family_id WHERE "
                            "pc.centre_id = :c AND p.email_index = :x AND pc.used_at = '' AND pc.expires_at > :t AND "
                            "pc.tries < :n AND f.disposed_at = '' AND pc.created_at = (SELECT MAX(n.created_at) FROM "
                            "portal_codes n WHERE n.person_id = pc.person_id) ORDER BY pc.created_at DESC",
                            c.id, index, format_utc(at), static_cast<long long>(tries_per_code));
    std::vector<std::pair<std::string, std::string>> tried;  // (code, person)
    std::optional<Session> session;
    std::string code_id;
    for (const auto& row : live) {
      std::string person = row.get<std::string>(1);
      if (!session && row.get<std::string>(3) == code_hash(ws, c, person, code)) {
        code_id = row.get<std::string>(0);
        session = Session{accounts::random_token(32), accounts::random_token(32),
                          access::Parent{person, row.get<std::string>(2), c.id, row.get<std::string>(4)}};
      } else {
        tried.emplace_back(row.get<std::string>(0), person);
      }
    }
    if (!session) {
      // A wrong code counts against every live code of the address, each audited as refused for
      // its parent; with none live, against the address as a visitor's.
      for (const auto& [id, person] : tried) {
        store::execute(ws.db(), "UPDATE portal_codes SET tries = tries + 1 WHERE id = :i", id);
        ws.audit().append({c.id, person, "portal_sign_in", "person:" + person, "", signing_in_clause, "deny"});
      }
      if (tried.empty())
        ws.audit().append({c.id, visitor_actor, "portal_sign_in", "centre:" + c.id, "", signing_in_clause, "deny"});
      tx.commit();
      return std::unexpected(wrong_code());
    }
    store::execute(ws.db(), "UPDATE portal_codes SET used_at = :a WHERE id = :i", format_utc(at), code_id);
    store::execute(ws.db(),
                   "INSERT INTO portal_sessions (token_hash, centre_id, "
                   "family_id, person_id, csrf, created_at, "
                   "expires_at) VALUES (:h, :c, :f, :p, :x, :a, :e)",
                   token_hash(session->token), c.id, session->parent.family_id, session->parent.person_id,
                   session->csrf, format_utc(at), format_utc(at + session_lifetime));
    ws.audit().append({c.id, session->parent.person_id, "portal_sign_in", "person:" + session->parent.person_id, "",
                       signing_in_clause, "allow"});
    tx.commit();
    return std::move(*session);
  });
  return outcome;
}

Result<Session> find_session(app::Workspace& ws, const app::Centre& c, const std::string& token, Instant at) {
  return store::guard_storage([&]() -> Result<Session> {
    auto row = store::first_row(ws.db(),
                                "SELECT s.person_id, s.family_id, s.csrf, "
                                "s.expires_at, f.reference FROM portal_sessions "
                                "s JOIN families f ON f.id = s.family_id WHERE "
                                "s.token_hash = :h AND s.centre_id = :c "
                                "AND f.disposed_at = ''",
                                token_hash(token), c.id);
    bool live = false;
    if (row) {
      auto until = parse_utc(row->get<std::string>(3));
      live = until && at < *until;
    }
    if (!live)
      return fail(ErrorKind::denied, "sign in first (the session has ended or never began)",
                  policy::Clause::kept_securely);
    return Session{token, row->get<std::string>(2),
                   access::Parent{row->get<std::string>(0), row->get<std::string>(1), c.id, row->get<std::string>(4)}};
  });
}

Result<bool> sign_out(app::Workspace& ws, const app::Centre& c, const std::string& token) {
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    auto person = store::value<std::string>(ws.db(),
                                            "SELECT person_id FROM portal_sessions WHERE "
                                            "token_hash = :h AND centre_id = :c",
                                            token_hash(token), c.id);
    if (!person) return false;
    store::execute(ws.db(), "DELETE FROM portal_sessions WHERE token_hash = :h", token_hash(token));
    ws.audit().append({c.id, *person, "portal_sign_out", "person:" + *person, "", signing_in_clause, "change"});
    tx.commit();
    return true;
  });
}

Result<Status> status(app::Workspace& ws, const app::Centre& c, const access::Parent& p, Day today) {
  std::string resource = "family:" + p.family_id;
  HAVEN_TRY(progress,
            access::require(ws, c, access::parent_view(c, p, Item::case_progress), {"portal_status", resource}));
  HAVEN_TRY(times, access::require(ws, c, access::parent_view(c, p, Item::session_times), {"portal_status", resource}));
  HAVEN_TRY(name, access::require(ws, c, access::parent_view(c, p, Item::first_name, p.person_id),
                                  {"portal_status", resource}));
  HAVEN_TRY(key, ws.keys().family_cipher(p.family_id));
  return store::guard_storage([&]() -> Result<Status> {
    Status out;
    out.family_reference = p.family_reference;
    out.stage = name_of(journey::stage_of_family(ws, c, p.family_id, today));
    HAVEN_TRY(from, london_day_start_utc(today));
    HAVEN_TRY(sessions, records::sessions_of(ws, times, from));
    for (const auto& s : sessions)
      if (s.cancelled_at.empty()) out.coming.push_back({s.starts_at, s.ends_at, s.kind});
    auto first = store::value<std::string>(ws.db(), "SELECT first_name FROM people WHERE id = :p", p.person_id);
    if (first) {
      HAVEN_TRY(opened, key.open(name, Item::first_name, p.person_id, *first));
      out.first_name = opened;
    }
    out.policy_version = c.preset.version;
    if (auto told = acknowledgement_of(ws, c, p.person_id)) {
      out.acknowledged_on = told->on;
      out.acknowledged_here = told->here;
    }
    out.ground_rules_on = store::value<std::string>(ws.db(),
                                                    "SELECT MAX(on_day) FROM journey_steps WHERE family_id = :f AND "
                                                    "person_id = :p AND step = 'ground_rules'",
                                                    p.family_id, p.person_id)
                              .value_or("");
    out.to_acknowledge =
        out.acknowledged_on.empty() ||
        (out.ground_rules_on.empty() && !c.preset.ground_rules.empty() && out.stage == name_of(journey::Stage::intake));
    HAVEN_TRY(asked, dataprotection::newest_request_of(ws, c, p.person_id));
    if (asked) out.records_request = as_records_request(*asked);
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, p.person_id, "portal_status", resource, "case_progress,session_times,first_name",
          std::string(progress.clause_id()), "allow"}}));
    return out;
  });
}

Result<bool> acknowledge_policy(app::Workspace& ws, const app::Centre& c, const access::Parent& p) {
  auto request = access::parent_act(c, p, policy::Action::record_awareness, Item::case_progress, p.person_id);
  HAVEN_TRY(times, access::require(ws, c, access::parent_view(c, p, Item::session_times),
                                   {"acknowledge_policy", "family:" + p.family_id}));
  return records::audited_write<bool>(
      ws, c, request, "acknowledge_policy", "person:" + p.person_id, "policy_version,ground_rules",
      [&]() -> Result<bool> {
        HAVEN_CHECK(journey::record_parents_own_ground_rules(ws, c, p, times, london_today()));
        // Kept with those staff record, as the parent's own (governance/lifecycle.hpp).
        if (!acknowledgement_of(ws, c, p.person_id))
          store::execute(ws.db(),
                         "INSERT INTO policy_acknowledgements (id, centre_id, version, audience, subject_kind, "
                         "subject_id, acknowledged_on, how, recorded_by) VALUES (:i, :c, :v, :a, 'person', :p, :o, "
                         "'portal', :b)",
                         new_id("ack"), c.id, c.preset.version, std::string(name_of(policy::Audience::users)),
                         p.person_id, format_day(london_today()), p.person_id);
        return true;
      });
}

Result<RecordsRequest> ask_for_records(app::Workspace& ws, const app::Centre& c, const access::Parent& p, Day today) {
  RecordsRequest asked{format_day(today), format_day(dataprotection::due_on(today, {}, 0, today)), ""};
  std::string id = new_id("rrq");
  auto request = access::parent_act(c, p, policy::Action::record, Item::case_progress, p.person_id);
  HAVEN_CHECK(records::audited_write<bool>(
      ws, c, request, "ask_for_records", "records_request:" + id, "records_request", [&]() -> Result<bool> {
        HAVEN_TRY(newest, dataprotection::newest_request_of(ws, c, p.person_id));
        if (newest && newest->open())
          return fail(ErrorKind::conflict, "you have already asked for your records; the centre will answer by " +
                                               day_in_words(newest->due_on));
        store::execute(ws.db(),
                       "INSERT INTO records_requests (id, centre_id, family_id, person_id, received_on, due_on) "
                       "VALUES (:i, :c, :f, :p, :r, :d)",
                       id, c.id, p.family_id, p.person_id, asked.received_on, asked.due_on);
        return true;
      }));
  return asked;
}

namespace {

// The other parent of the family, by party (the other side of the parent asking); empty when the
// family has none.
std::string other_parent_of(const disclosure::Parties& parties, const access::Parent& p) {
  std::string mine;
  for (const auto& parent : parties.parents)
    if (parent.person_id == p.person_id) mine = parent.party;
  for (const auto& parent : parties.parents)
    if (parent.person_id != p.person_id && parent.party != mine) return parent.person_id;
  return {};
}

// The parent's permission for `field` to go to `to`, as the decision point is asked it.
policy::AccessRequest permission_request(const app::Centre& c, const access::Parent& p, policy::ContactField field,
                                         const disclosure::Parties& parties, const disclosure::Recipient& to) {
  auto r = access::parent_act(c, p, policy::Action::record, policy::item_of(field), p.person_id);
  r.recipient = {to.kind, parties.side_of(to, p.person_id),
                 to.kind == policy::RecipientKind::parent ? to.person_id : ""};
  return r;
}

}  // namespace

namespace {

// The recipients offered to `p`, from their family's parties as already read.
std::vector<RecipientChoice> choices_from(const app::Centre& c, const access::Parent& p,
                                          const disclosure::Parties& parties) {
  std::vector<RecipientChoice> out;
  for (const auto& r : parties.referrals)
    if ((r.acting_for.empty() || r.acting_for == p.person_id) && r.agency != "self_referral")
      out.push_back({"referral:" + r.referral_id, r.agency, r.acting_for == p.person_id});
  if (std::string other = other_parent_of(parties, p); !other.empty()) {
    disclosure::Recipient them{policy::RecipientKind::parent, "", other, ""};
    if (access::offered(c, permission_request(c, p, policy::ContactField::phone, parties, them)))
      out.push_back({.value = "other_parent"});
  }
  for (auto kind : {policy::RecipientKind::cafcass, policy::RecipientKind::childrens_services,
                    policy::RecipientKind::other_agency, policy::RecipientKind::other_person})
    out.push_back({.value = std::string(name_of(kind))});
  return out;
}

}  // namespace

Result<std::vector<RecipientChoice>> recipient_choices(app::Workspace& ws, const app::Centre& c,
                                                       const access::Parent& p) {
  HAVEN_TRY(parties, disclosure::load_parties(ws, p.family_id));
  return choices_from(c, p, parties);
}

Result<std::string> give_permission(app::Workspace& ws, const app::Centre& c, const access::Parent& p,
                                    const NewPermission& n, Day today) {
  HAVEN_TRY(parties, disclosure::load_parties(ws, p.family_id));
  auto choices = choices_from(c, p, parties);
  auto offered = std::find_if(choices.begin(), choices.end(), [&](const auto& ch) { return ch.value == n.to; });
  if (offered == choices.end()) return fail(ErrorKind::invalid_input, "to: choose who may receive it");
  std::string other = other_parent_of(parties, p);
  disclosure::Recipient to;
  if (n.to.starts_with("referral:")) {
    to.kind = policy::RecipientKind::referring_agency;
    to.referral_id = n.to.substr(9);
  } else if (n.to == "other_parent") {
    to = {policy::RecipientKind::parent, "", other, ""};
  } else {
    to.kind = parse_enum<policy::RecipientKind>(n.to).value_or(policy::RecipientKind::other_person);
    if (blank(n.named)) return fail(ErrorKind::invalid_input, "named: say who the recipient is");
    if (n.named.size() > 200) return fail(ErrorKind::invalid_input, "named: 200 characters at most");
    to.name = without_spaces_around(n.named);
    // The other parent, named by their name on record, is the other parent still (the parent's
    // own name is kept as typed: it names no one on the other side).
    HAVEN_TRY(judged, disclosure::as_judged(ws, c, parties, to));
    if (judged.person_id != p.person_id) to = judged;
  }
  if (!n.expires_on.empty()) {
    auto expires = parse_day(n.expires_on);
    if (!expires || *expires <= today) return fail(ErrorKind::invalid_input, "expires_on: a date after today");
  }
  disclosure::NewConsent consent{p.person_id, n.field, to, format_day(today), "portal", n.expires_on};
  auto named = disclosure::consent_recipient(ws, c, to);
  std::string id = new_id("con");
  return records::audited_write<std::string>(
      ws, c, permission_request(c, p, n.field, parties, to), "give_permission", "consent:" + id,
      "consent." + contact_field_name(n.field), [&]() -> Result<std::string> {
        disclosure::insert_consent(ws, id, p.family_id, consent, named, p.person_id, c.preset.version);
        return id;
      });
}

Result<std::vector<Permission>> permissions(app::Workspace& ws, const app::Centre& c, const access::Parent& p,
                                            Day today) {
  std::string resource = "person:" + p.person_id;
  HAVEN_TRY(permit, access::require(ws, c, access::parent_view(c, p, Item::address, p.person_id),
                                    {"portal_permissions", resource}));
  return store::guard_storage([&]() -> Result<std::vector<Permission>> {
    std::vector<Permission> out;
    std::string day = format_day(today);
    for (const auto& row : store::rows(ws.db(),
                                       "SELECT c.id, c.field, c.recipient_kind, "
                                       "COALESCE(r.agency_kind, ''), "
                                       "c.given_on, c.expires_on, c.withdrawn_on, c.how_given, "
                                       "c.recorded_by FROM "
                                       "consents c LEFT JOIN referrals r ON r.id = "
                                       "c.recipient_referral WHERE "
                                       "c.person_id = :p AND c.family_id = :f ORDER BY "
                                       "c.created_at DESC, c.id",
                                       p.person_id, p.family_id)) {
      Permission v;
      v.id = row.get<std::string>(0);
      v.field = row.get<std::string>(1);
      v.recipient_kind = row.get<std::string>(2);
      v.agency_kind = row.get<std::string>(3);
      v.to_other_parent = v.recipient_kind == name_of(policy::RecipientKind::parent);
      v.given_on = row.get<std::string>(4);
      v.expires_on = row.get<std::string>(5);
      v.withdrawn_on = row.get<std::string>(6);
      v.how_given = row.get<std::string>(7);
      v.given_here = v.how_given == "portal" && row.get<std::string>(8) == p.person_id;
      v.live = v.withdrawn_on.empty() && v.given_on <= day && (v.expires_on.empty() || v.expires_on >= day);
      out.push_back(std::move(v));
    }
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, p.person_id, "portal_permissions", resource, "consents", std::string(permit.clause_id()), "allow"}}));
    return out;
  });
}

Result<bool> withdraw_permission(app::Workspace& ws, const app::Centre& c, const access::Parent& p,
                                 const std::string& permission_id, Day today) {
  HAVEN_TRY(found, store::guard_storage([&]() -> Result<store::Row> {
              auto row = store::first_row(ws.db(),
                                          "SELECT field, withdrawn_on FROM consents "
                                          "WHERE id = :i AND person_id = :p AND "
                                          "family_id = :f",
                                          permission_id, p.person_id, p.family_id);
              if (!row) return fail(ErrorKind::not_found, "you have no such permission");
              return *row;
            }));
  if (!found.get<std::string>(1).empty())
    return fail(ErrorKind::conflict, "this permission was already withdrawn on " + found.get<std::string>(1));
  auto field = parse_enum<policy::ContactField>(found.get<std::string>(0)).value_or(policy::ContactField::address);
  auto request = access::parent_act(c, p, policy::Action::record, policy::item_of(field), p.person_id);
  return records::audited_write<bool>(ws, c, request, "withdraw_permission", "consent:" + permission_id,
                                      "consent." + contact_field_name(field), [&]() -> Result<bool> {
                                        store::execute(ws.db(),
                                                       "UPDATE consents SET withdrawn_on = :w WHERE id = :i AND "
                                                       "withdrawn_on = ''",
                                                       format_day(today), permission_id);
                                        return true;
                                      });
}

}  // namespace haven::portal
