#include "disclosure/disclosures.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "crypto/sealed.hpp"
#include "dataprotection/breaches.hpp"
#include "mail/outbox.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"

namespace haven::disclosure {

namespace {

using policy::Item;

// One register row as written; sealed values are sealed before they get here.
struct RegisterRow {
  std::string id, centre_id, family_id, asked, items, recipient_kind, recipient_ref, recipient_name_sealed, acts_for;
  std::string period_from, period_to, outcome, clause, reason, made_by, mirror_of, concern_id, justification_sealed;
  std::string content_sealed, delivery, review;
};

void insert_row(app::Workspace& ws, const RegisterRow& r) {
  std::string at = format_utc(now());
  store::execute(ws.db(),
                 "INSERT INTO disclosures (id, centre_id, family_id, at, asked, items, recipient_kind, "
                 "recipient_referral, recipient_name, acts_for, period_from, period_to, outcome, clause, reason, "
                 "made_by, mirror_of, concern_id, justification, content, delivery, review, reviewed_by, "
                 "reviewed_at) VALUES (:i, :c, :f, :at, :as, :it, :rk, :rr, :rn, :af, :pf, :pt, :o, :cl, :re, :mb, "
                 ":mo, :ci, :j, :ct, :d, :rv, '', '')",
                 r.id, r.centre_id, r.family_id, at, r.asked, r.items, r.recipient_kind, r.recipient_ref,
                 r.recipient_name_sealed, r.acts_for, r.period_from, r.period_to, r.outcome, r.clause, r.reason,
                 r.made_by, r.mirror_of, r.concern_id, r.justification_sealed, r.content_sealed, r.delivery, r.review);
}

std::string recipient_ref(const Recipient& r) {
  return r.kind == policy::RecipientKind::referring_agency ? r.referral_id
         : r.kind == policy::RecipientKind::parent         ? r.person_id
                                                           : std::string();
}

RegisterRow base_row(const app::Centre& c, const std::string& made_by, const std::string& family_id,
                     const Parties& parties, const Recipient& to, const crypto::FamilyCipher& key) {
  RegisterRow row;
  row.id = new_id("dis");
  row.centre_id = c.id;
  row.family_id = family_id;
  row.recipient_kind = name_of(to.kind);
  row.recipient_ref = recipient_ref(to);
  row.recipient_name_sealed = key.seal(Item::referral_details, row.id, to.name).ciphertext();
  row.acts_for = parties.acts_for(to);
  row.made_by = made_by;
  return row;
}

Item item_for(Asked asked, policy::ContactField field) {
  switch (asked) {
    case Asked::attendance: return Item::attendance_times;
    case Asked::contact_details: return policy::item_of(field);
    case Asked::report:
    case Asked::session_notes: return Item::session_note;
    case Asked::family_details: return Item::surname;
  }
  return Item::surname;
}

// The items a register row names: each an item, or for a parent's contact detail
// "address:<person>", the item before the colon.
std::vector<Item> items_of(std::string_view items) {
  std::vector<Item> out;
  for (std::size_t from = 0; from < items.size();) {
    std::size_t comma = std::min(items.find(',', from), items.size());
    std::string_view one = items.substr(from, comma - from);
    if (auto item = parse_enum<Item>(one.substr(0, one.find(':')))) out.push_back(*item);
    from = comma + 1;
  }
  return out;
}

bool has(const policy::Decision& d, policy::Obligation o) {
  return std::find(d.obligations.begin(), d.obligations.end(), o) != d.obligations.end();
}

// Everyone on the other side of a request made on behalf of one parent: that parent's former
// partner's referrer where there is one, else the other parent.
std::vector<Recipient> other_side(const Parties& parties, const Recipient& requester) {
  std::vector<Recipient> out;
  auto side = parties.acts_for(requester);
  if (side.empty()) return out;
  for (const auto& parent : parties.parents) {
    if (parent.person_id == side) continue;
    Recipient r{policy::RecipientKind::parent, "", parent.person_id, ""};
    for (const auto& ref : parties.referrals)
      if (ref.acting_for == parent.person_id) {
        r = Recipient{policy::RecipientKind::referring_agency, ref.referral_id, "", ""};
        break;
      }
    out.push_back(r);
  }
  return out;
}

// A statement for a referral whose referrer has an account goes to that account, with an email
// to say so (nothing of the family in it); one for a referral without waits for a coordinator to
// send it. The letter is queued inside the caller's transaction.
Result<std::string> deliver_to_account(app::Workspace& ws, const app::Centre& c, const std::string& referral_id,
                                       const std::string& register_id) {
  auto sealed = store::value<std::string>(ws.db(),
                                          "SELECT a.email FROM referrals r JOIN referrer_accounts a ON a.id = "
                                          "r.referrer_account WHERE r.id = :r AND a.centre_id = :c",
                                          referral_id, c.id);
  if (!sealed) return std::string(delivery_queued);
  HAVEN_TRY(email, ws.keys().open_secret(referrer_email_purpose, *sealed));
  std::string sign_in = ws.link("/public/" + c.id + "/referrers/sign-in");
  HAVEN_CHECK(mail::queue(
      ws, c.id,
      {email, fmt::format("A new attendance statement from {}", c.preset.centre_name),
       fmt::format("An attendance statement for a referral of yours is waiting in your account "
                   "at {}.\n\nSign in to your account to read it: the statement itself is never "
                   "sent by email.{}\n\n{}\n",
                   c.preset.centre_name, sign_in.empty() ? sign_in : "\n\n" + sign_in, c.preset.centre_name),
       "disclosure:" + register_id}));
  return std::string(delivery_in_account);
}

// Writes the rows and their audit entries in one transaction, stamping the family's last use.
void commit_rows(app::Workspace& ws, const app::Centre& c, const std::string& by, const std::string& family_id,
                 const std::vector<RegisterRow>& rows) {
  store::WriteTransaction tx(ws.db(), c.id);
  for (const auto& row : rows) {
    insert_row(ws, row);
    auto action = !row.mirror_of.empty() && row.delivery == delivery_in_account ? "deliver_mirror_disclosure"
                  : !row.mirror_of.empty()                                      ? "queue_mirror_disclosure"
                  : row.asked == "exception"                                    ? "exception_disclosure"
                  : row.outcome == "allow"                                      ? "disclose"
                                                                                : "refuse_disclosure";
    ws.audit().append({c.id, by, action, "disclosure:" + row.id, row.items, row.clause, row.outcome});
  }
  std::string at = format_utc(now());
  store::execute(ws.db(), "UPDATE families SET last_used_at = :a WHERE id = :f", at, family_id);
  tx.commit();
}

Result<std::string> open_contact(app::Workspace& ws, const std::string& family_id, const std::string& person_id,
                                 Item item, const policy::Permit& permit, const crypto::FamilyCipher& key) {
  std::string column(name_of(item));
  std::optional<std::string> sealed = store::value<std::string>(
      ws.db(), fmt::format("SELECT {} FROM people WHERE id = :p AND family_id = :f", column), person_id, family_id);
  if (!sealed) return fail(ErrorKind::not_found, "no such parent in this family");
  return key.open(permit, item, person_id, *sealed);
}

}  // namespace

Error Outcome::refusal() const {
  std::string under = clause ? " under clause " + policy::cite(clause) : "";
  return Error{ErrorKind::denied, fmt::format("refused{}: {}", under, reason), clause};
}

namespace {

// The period of an attendance statement, from and to inclusive.
Result<std::pair<Day, Day>> period_of(const std::string& period_from, const std::string& period_to) {
  auto f = parse_day(period_from);
  auto t = parse_day(period_to);
  if (!f || !t) return fail(ErrorKind::invalid_input, "period: give the period as from and to dates (YYYY-MM-DD)");
  if (*t < *f) return fail(ErrorKind::invalid_input, "period: the period must end on or after the day it starts");
  return std::pair{*f, *t};
}

// What a request leaves in the register, as decided: the row (and, for an attendance statement
// released, the statement and the same for the other side where the preset says so), written with
// their audit entries as made by `made_by` (a member of staff, or the referrer who asked). `own`
// is how the requester's copy is delivered.
struct Answer {
  const records::FamilyRef& family;
  const Parties& parties;
  const InformationRequest& req;
  const policy::AccessRequest& asked;
  const policy::Decision& decision;
  std::pair<Day, Day> period;
  std::string_view own;
};

Result<Outcome> record_answer(app::Workspace& ws, const app::Centre& c, const std::string& made_by,
                              const crypto::FamilyCipher& key, const Answer& a) {
  const auto& req = a.req;
  const auto& decision = a.decision;
  return store::guard_storage([&]() -> Result<Outcome> {
    Outcome out;
    out.allowed = decision.allowed();
    out.clause = decision.clause;
    out.reason = decision.reason;
    RegisterRow row = base_row(c, made_by, a.family.id, a.parties, req.from, key);
    row.asked = name_of(req.asked);
    row.items = name_of(a.asked.item);
    if (req.asked == Asked::contact_details) row.items += ":" + req.about_person;
    row.period_from = req.period_from;
    row.period_to = req.period_to;
    row.outcome = decision.allowed() ? "allow" : "deny";
    row.clause = decision.clause_id();
    row.reason = decision.reason;
    row.delivery = decision.allowed() ? std::string(a.own) : "";
    std::vector<RegisterRow> rows;
    // Letters about statements go in the transaction that records them.
    store::WriteTransaction tx(ws.db(), c.id);

    if (decision.allowed() && req.asked == Asked::attendance) {
      auto mirrors = has(decision, policy::Obligation::mirror_to_other_side) ? other_side(a.parties, req.from)
                                                                             : std::vector<Recipient>{};
      HAVEN_TRY(statement, build_statement(ws, c, *decision.permit, a.family.reference, a.period.first, a.period.second,
                                           !mirrors.empty()));
      std::string content = boost::json::serialize(statement_json(statement));
      row.content_sealed = key.seal(Item::attendance_times, row.id, content).ciphertext();
      rows.push_back(row);
      for (const auto& other : mirrors) {
        RegisterRow mirror = base_row(c, made_by, a.family.id, a.parties, other, key);
        mirror.asked = row.asked;
        mirror.items = row.items;
        mirror.period_from = row.period_from;
        mirror.period_to = row.period_to;
        mirror.outcome = "allow";
        mirror.clause = row.clause;
        mirror.reason = "the same statement, for the other side (the policy shares attendance with both)";
        mirror.mirror_of = row.id;
        mirror.delivery = std::string(delivery_queued);
        if (other.kind == policy::RecipientKind::referring_agency) {
          HAVEN_TRY(delivered, deliver_to_account(ws, c, other.referral_id, mirror.id));
          mirror.delivery = delivered;
        }
        mirror.content_sealed = key.seal(Item::attendance_times, mirror.id, content).ciphertext();
        out.mirror_register_ids.push_back(mirror.id);
        out.mirror_deliveries.push_back(mirror.delivery);
        rows.push_back(std::move(mirror));
      }
      if (has(decision, policy::Obligation::warn_requester) && !mirrors.empty())
        out.warning = "The same attendance statement will be sent to the other side.";
      out.statement = std::move(statement);
    } else if (decision.allowed() && req.asked == Asked::contact_details) {
      HAVEN_TRY(value, open_contact(ws, a.family.id, req.about_person, a.asked.item, *decision.permit, key));
      row.content_sealed = key.seal(a.asked.item, row.id, value).ciphertext();
      out.contact_value = value;
      // A parent's detail released to the other side, on their own permission: management reviews
      // it.
      if (has(decision, policy::Obligation::management_review)) row.review = "pending";
      rows.push_back(row);
    } else {
      rows.push_back(row);
    }
    out.register_id = row.id;
    commit_rows(ws, c, made_by, a.family.id, rows);
    tx.commit();
    return out;
  });
}

}  // namespace

Result<Outcome> request_information(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                    const std::string& family_ref, const InformationRequest& asked) {
  HAVEN_TRY(family, records::find_family(ws, c, family_ref));
  HAVEN_TRY(parties, load_parties(ws, family.id));
  HAVEN_CHECK(check_recipient(parties, asked.from));
  // Someone named by a parent's name on record is judged as that parent, on that parent's side.
  InformationRequest req = asked;
  HAVEN_TRY(from, as_judged(ws, c, parties, asked.from));
  req.from = from;
  Day today = std::chrono::floor<std::chrono::days>(now());
  std::pair<Day, Day> period{};
  if (req.asked == Asked::attendance) {
    HAVEN_TRY(asked_for, period_of(req.period_from, req.period_to));
    period = asked_for;
  }
  if (req.asked == Asked::contact_details && !parties.is_parent(req.about_person))
    return fail(ErrorKind::invalid_input, "say which parent's contact detail is asked for");
  HAVEN_TRY(key, ws.keys().family_cipher(family.id));

  policy::AccessRequest r;
  if (req.asked == Asked::contact_details) {
    policy::Recipient to{req.from.kind, parties.side_of(req.from, req.about_person), recipient_ref(req.from)};
    r = access::contact_release(ws, c, by, family.id, req.about_person, req.field, to,
                                consent_recipient(ws, c, req.from), today);
  } else {
    r = access::release(c, by, item_for(req.asked, req.field), family.id,
                        {req.from.kind, policy::Side::neutral, recipient_ref(req.from)});
  }
  r.purpose = req.for_proceedings || req.asked == Asked::report ? policy::Purpose::family_proceedings
                                                                : policy::Purpose::referrer_request;
  auto decision = access::consider(c, r);
  return record_answer(ws, c, by.id, key, {family, parties, req, r, decision, period, delivery_by_staff});
}

namespace {

// A referrer's request for attendance, as decided, with whether the other side receives the same
// (and so whether the referrer must be warned first).
struct SharingAsked {
  policy::AccessRequest request;
  policy::Decision decision;
  Parties parties;
  bool warn = false;
};

// The same statement goes to the other side: the decision says so, and there is someone there.
bool goes_to_other_side(const policy::Decision& decision, const Parties& parties, const Recipient& requester) {
  return has(decision, policy::Obligation::mirror_to_other_side) && !other_side(parties, requester).empty();
}

Result<SharingAsked> sharing_for_referrer(app::Workspace& ws, const app::Centre& c, const access::Referrer& by,
                                          const std::string& referral_id) {
  HAVEN_TRY(r, store::guard_storage([&]() -> Result<policy::AccessRequest> {
              return access::referrer_attendance(ws, c, by, referral_id);
            }));
  // A referral not the referrer's own is refused (and audited) before anything of it is read.
  if (!r.facts.own_referral) HAVEN_CHECK(access::require(ws, c, r, {"ask_attendance", "referral:" + referral_id}));
  auto decision = access::consider(c, r);
  HAVEN_TRY(parties, load_parties(ws, r.family_id));
  Recipient requester{policy::RecipientKind::referring_agency, referral_id, "", ""};
  bool warn = goes_to_other_side(decision, parties, requester) && has(decision, policy::Obligation::warn_requester);
  return SharingAsked{std::move(r), std::move(decision), std::move(parties), warn};
}

}  // namespace

Result<bool> referrer_is_warned(app::Workspace& ws, const app::Centre& c, const access::Referrer& by,
                                const std::string& referral_id) {
  HAVEN_TRY(sharing, sharing_for_referrer(ws, c, by, referral_id));
  return sharing.warn;
}

Result<Outcome> referrer_asks_attendance(app::Workspace& ws, const app::Centre& c, const access::Referrer& by,
                                         const std::string& referral_id, const AttendanceAsk& ask) {
  HAVEN_TRY(period, period_of(ask.period_from, ask.period_to));
  // A referrer asks for what has happened: booked times still to come are the centre's to give.
  if (period.second > london_today())
    return fail(ErrorKind::invalid_input, "period: a statement covers days up to today");
  HAVEN_TRY(sharing, sharing_for_referrer(ws, c, by, referral_id));
  if (sharing.warn && !ask.understood_sharing)
    return fail(ErrorKind::invalid_input,
                "understood: confirm that you understand the other side receives the same statement");
  HAVEN_TRY(family, records::find_family(ws, c, sharing.request.family_id));
  HAVEN_TRY(key, ws.keys().family_cipher(family.id));
  InformationRequest req;
  req.from = Recipient{policy::RecipientKind::referring_agency, referral_id, "", ""};
  req.asked = Asked::attendance;
  req.period_from = ask.period_from;
  req.period_to = ask.period_to;
  return record_answer(ws, c, by.account_id, key,
                       {family, sharing.parties, req, sharing.request, sharing.decision, period, delivery_in_account});
}

namespace {

// Copies for the other side waiting for the centre to send them, of families that stand: the
// columns waiting_copy() reads, then what sending one needs (family, referral, sealed statement,
// sealed referrer's name). Parameters: the centre, delivery_queued.
constexpr std::string_view waiting_copies =
    "SELECT d.id, d.at, f.reference, d.period_from, d.period_to, r.agency_kind, d.family_id, d.recipient_referral, "
    "d.content, r.referrer_name FROM disclosures d JOIN families f ON f.id = d.family_id JOIN referrals r ON r.id = "
    "d.recipient_referral WHERE d.centre_id = :c AND d.delivery = :q AND f.disposed_at = ''";

StatementToSend waiting_copy(const store::Row& row) {
  return {row.get<std::string>(0), row.get<std::string>(1),
          row.get<std::string>(2), row.get<std::string>(3),
          row.get<std::string>(4), "",
          row.get<std::string>(5), std::nullopt};
}

}  // namespace

Result<std::vector<StatementToSend>> statements_to_send(app::Workspace& ws, const app::Centre& c,
                                                        const access::Staff& by) {
  HAVEN_TRY(permit, access::require(ws, c, access::centre_action(c, by, policy::Action::read_register),
                                    {"statements_to_send", "centre:" + c.id}));
  return store::guard_storage([&]() -> Result<std::vector<StatementToSend>> {
    std::vector<StatementToSend> out;
    for (const auto& row :
         store::rows(ws.db(), std::string(waiting_copies) + " ORDER BY d.at, d.id", c.id, std::string(delivery_queued)))
      out.push_back(waiting_copy(row));
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, by.id, "statements_to_send", "centre:" + c.id, "", std::string(permit.clause_id()), "allow"}}));
    return out;
  });
}

namespace {

// A queued copy for the other side, and the release of it to its referrer as the decision point
// is asked it.
struct Queued {
  StatementToSend copy;
  std::string family_id, referral_id, content_sealed, name_sealed;
  policy::AccessRequest release;
};

Result<Queued> queued_copy(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                           const std::string& register_id) {
  return store::guard_storage([&]() -> Result<Queued> {
    auto row = store::first_row(ws.db(), std::string(waiting_copies) + " AND d.id = :i", c.id,
                                std::string(delivery_queued), register_id);
    if (!row) return fail(ErrorKind::not_found, "no statement waits to be sent under that entry");
    Queued q;
    q.copy = waiting_copy(*row);
    q.family_id = row->get<std::string>(6);
    q.referral_id = row->get<std::string>(7);
    q.content_sealed = row->get<std::string>(8);
    q.name_sealed = row->get<std::string>(9);
    q.release = access::release(c, by, Item::attendance_times, q.family_id,
                                {policy::RecipientKind::referring_agency, policy::Side::neutral, q.referral_id});
    return q;
  });
}

}  // namespace

Result<StatementToSend> statement_to_send(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                          const std::string& register_id) {
  HAVEN_TRY(q, queued_copy(ws, c, by, register_id));
  access::AuditAs audit_as{"open_statement_to_send", "disclosure:" + register_id};
  HAVEN_TRY(release, access::require(ws, c, q.release, audit_as));
  HAVEN_TRY(name, access::require(ws, c, access::view(c, by, Item::referral_details, q.family_id), audit_as));
  HAVEN_TRY(key, ws.keys().family_cipher(q.family_id));
  HAVEN_TRY(content, key.open(release, Item::attendance_times, register_id, q.content_sealed));
  HAVEN_TRY(statement, statement_from_json(content));
  HAVEN_TRY(recipient, key.open(name, Item::referral_details, q.referral_id, q.name_sealed));
  q.copy.statement = std::move(statement);
  q.copy.recipient_name = recipient;
  HAVEN_CHECK(store::guard_storage([&]() -> Result<bool> {
    return ws.audit().append_committed(
        {{c.id, by.id, audit_as.action, audit_as.resource, "attendance_times,referral_details",
          std::string(release.clause_id()), "allow"}});
  }));
  return std::move(q.copy);
}

Result<bool> mark_statement_sent(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                 const std::string& register_id) {
  HAVEN_TRY(q, queued_copy(ws, c, by, register_id));
  HAVEN_TRY(release, access::require(ws, c, q.release, {"send_mirror_disclosure", "disclosure:" + register_id}));
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    auto changed = store::execute(ws.db(), "UPDATE disclosures SET delivery = :s WHERE id = :i AND delivery = :q",
                                  std::string(delivery_sent_by_centre), register_id, std::string(delivery_queued));
    if (changed == 0) return fail(ErrorKind::conflict, "this statement has already been recorded as sent");
    ws.audit().append({c.id, by.id, "send_mirror_disclosure", "disclosure:" + register_id, "attendance_times",
                       std::string(release.clause_id()), "allow"});
    store::execute(ws.db(), "UPDATE families SET last_used_at = :a WHERE id = :f", format_utc(now()), q.family_id);
    tx.commit();
    return true;
  });
}

Result<Outcome> disclose_exception(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const std::string& family_ref, const ExceptionDisclosure& d) {
  auto family = records::find_family(ws, c, family_ref);
  if (!family) return std::unexpected(family.error());
  auto parties = load_parties(ws, family->id);
  if (!parties) return std::unexpected(parties.error());
  if (auto ok = check_recipient(*parties, d.to); !ok) return std::unexpected(ok.error());
  if (d.items.empty()) return fail(ErrorKind::invalid_input, "say what is passed on (items)");
  auto key = ws.keys().family_cipher(family->id);
  if (!key) return std::unexpected(key.error());

  auto r = access::exception_release(ws, c, by, family->id, d.concern_id,
                                     d.kind == ConcernKind::welfare ? policy::Purpose::child_welfare
                                                                    : policy::Purpose::violence,
                                     {d.to.kind, policy::Side::neutral, recipient_ref(d.to)}, d.justification);
  std::optional<policy::Decision> refusal;
  std::string items;
  for (auto item : d.items) {
    r.item = item;
    auto decision = access::consider(c, r);
    items += (items.empty() ? "" : ",") + std::string(name_of(item));
    if (!decision.allowed() && !refusal) refusal = decision;
  }
  r.item = d.items.front();
  auto decision = refusal ? *refusal : access::consider(c, r);

  return store::guard_storage([&]() -> Result<Outcome> {
    RegisterRow row = base_row(c, by.id, family->id, *parties, d.to, *key);
    row.asked = "exception";
    row.items = items;
    row.outcome = decision.allowed() ? "allow" : "deny";
    row.clause = decision.clause_id();
    row.reason = decision.reason;
    row.concern_id = d.concern_id;
    row.justification_sealed =
        key->seal(Item::concern_record, row.id, d.justification).ciphertext();
    row.delivery = decision.allowed() ? "delivered" : "";
    row.review = decision.allowed() ? "pending" : "";
    commit_rows(ws, c, by.id, family->id, {row});
    Outcome out;
    out.register_id = row.id;
    out.allowed = decision.allowed();
    out.clause = decision.clause;
    out.reason = decision.reason;
    return out;
  });
}

std::string_view describe(ReviewFinding finding, bool to_other_side) {
  if (to_other_side)
    return finding == ReviewFinding::proper
               ? "The parent's permission covered this detail and this recipient, and it was still in force"
               : "It went beyond the parent's permission";
  return finding == ReviewFinding::proper
             ? "It was needed, went to the right agency and passed on no more than it had to"
             : "It should not have been made, or it passed on more than it had to";
}

Result<ExceptionReview> exception_for_review(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                             const std::string& register_id) {
  access::AuditAs audit_as{"view_exception_disclosure", "disclosure:" + register_id};
  HAVEN_CHECK(access::require(ws, c, access::centre_action(c, by, policy::Action::review_disclosure), audit_as));
  return store::guard_storage([&]() -> Result<ExceptionReview> {
    auto row = store::first_row(ws.db(),
                                "SELECT d.family_id, f.reference, d.at, d.items, d.recipient_kind, "
                                "d.recipient_name, d.justification, "
                                "m.display_name, d.concern_id, d.review, COALESCE(r.display_name, ''), "
                                "d.reviewed_at, d.review_finding, "
                                "d.review_note, d.asked FROM disclosures d JOIN families f ON f.id = "
                                "d.family_id JOIN staff m ON m.id = d.made_by "
                                "LEFT JOIN staff r ON r.id = d.reviewed_by WHERE d.id = :i AND "
                                "d.centre_id = :c AND (d.asked = 'exception' "
                                "OR (d.asked = 'contact_details' AND d.review <> ''))",
                                register_id, c.id);
    if (!row) return fail(ErrorKind::not_found, "no such exception disclosure at this centre");
    std::string family_id = row->get<std::string>(0);
    // What was passed on is read as the concern it rested on: by those who may read the concerns.
    access::FamilyGate gate(c, by, family_id, {Item::concern_record, Item::referral_details});
    if (!gate.allows(Item::concern_record)) {
      HAVEN_CHECK(access::require(ws, c, access::view(c, by, Item::concern_record, family_id), audit_as));
      return std::unexpected(access::refusal(gate.first_denial()));
    }
    HAVEN_TRY(key, ws.keys().family_cipher(family_id));
    const policy::Permit& concerns = *gate.permit(Item::concern_record);
    ExceptionReview out;
    out.id = register_id;
    out.family_reference = row->get<std::string>(1);
    out.at = row->get<std::string>(2);
    std::string items = row->get<std::string>(3);
    out.items = items_of(items);
    out.to_other_side = row->get<std::string>(14) == "contact_details";
    if (auto colon = items.find(':'); out.to_other_side && colon != std::string::npos)
      out.about_party = store::value<std::string>(ws.db(), "SELECT party FROM people WHERE id = :i AND family_id = :f",
                                                  items.substr(colon + 1), family_id)
                            .value_or("");
    out.recipient_kind = row->get<std::string>(4);
    if (const policy::Permit* names = gate.permit(Item::referral_details)) {
      HAVEN_TRY(name, key.open(*names, Item::referral_details, register_id, row->get<std::string>(5)));
      out.recipient_name = name;
    }
    HAVEN_TRY(why, key.open(concerns, Item::concern_record, register_id, row->get<std::string>(6)));
    out.justification = why;
    out.disclosed_by = row->get<std::string>(7);
    if (auto concern = store::first_row(
            ws.db(), "SELECT kind, recorded_at, summary FROM concerns WHERE id = :i AND family_id = :f",
            row->get<std::string>(8), family_id)) {
      out.concern_kind = concern->get<std::string>(0);
      out.concern_recorded_at = concern->get<std::string>(1);
      HAVEN_TRY(summary,
                key.open(concerns, Item::concern_record, row->get<std::string>(8), concern->get<std::string>(2)));
      out.concern_summary = summary;
    }
    out.pending = row->get<std::string>(9) == "pending";
    out.reviewed_by = row->get<std::string>(10);
    out.reviewed_at = row->get<std::string>(11);
    out.finding = parse_enum<ReviewFinding>(row->get<std::string>(12));
    if (!row->get<std::string>(13).empty()) {
      HAVEN_TRY(note, key.open(concerns, Item::concern_record, register_id + ":review", row->get<std::string>(13)));
      out.note = note;
    }
    HAVEN_CHECK(ws.audit().append_committed(gate.audit_entries(c.id, by.id, audit_as)));
    return out;
  });
}

Result<bool> review_exception(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                              const std::string& register_id, const ReviewOutcome& outcome) {
  if (outcome.finding == ReviewFinding::improper && outcome.note.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail(ErrorKind::invalid_input, "note: say what was done about a disclosure found improper");
  if (outcome.note.size() > 5000) return fail(ErrorKind::invalid_input, "note: give at most 5000 characters");
  HAVEN_CHECK(require_utf8(outcome.note, "note"));
  auto decision = access::require(ws, c, access::centre_action(c, by, policy::Action::review_disclosure),
                                  {"review_exception", "disclosure:" + register_id});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<bool> {
    auto row = store::first_row(ws.db(), "SELECT review, family_id FROM disclosures WHERE id = :i AND centre_id = :c",
                                register_id, c.id);
    if (!row) return fail(ErrorKind::not_found, "no such disclosure at this centre");
    if (row->get<std::string>(0) != "pending")
      return fail(ErrorKind::conflict, "this disclosure is not waiting for review");
    std::string note;
    if (!outcome.note.empty()) {
      HAVEN_TRY(key, ws.keys().family_cipher(row->get<std::string>(1)));
      note = key.seal(Item::concern_record, register_id + ":review", outcome.note).ciphertext();
    }
    std::string at = format_utc(now());
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "UPDATE disclosures SET review = 'done', reviewed_by = :b, reviewed_at = :a, review_finding = :f, "
                   "review_note = :n WHERE id = :i",
                   by.id, at, std::string(name_of(outcome.finding)), note, register_id);
    ws.audit().append({c.id, by.id, "review_exception", "disclosure:" + register_id,
                       note.empty() ? "review" : "review,review_note", std::string(decision->clause_id()), "change"});
    tx.commit();
    return true;
  });
}

namespace {

// The register's entries of the centre (:c), narrowed by what follows.
constexpr std::string_view register_columns =
    "SELECT d.id, d.at, fa.reference, d.asked, d.items, d.recipient_kind, d.recipient_referral, "
    "COALESCE(p.party, ''), d.period_from, d.period_to, d.outcome, d.clause, d.reason, d.mirror_of, "
    "d.delivery, d.review, d.recalled_at, d.recall_breach FROM disclosures d "
    "JOIN families fa ON fa.id = d.family_id LEFT JOIN people p ON p.id = d.acts_for WHERE d.centre_id = :c ";

// An entry's fields in the order of register_columns, and of the CSV's columns but the last.
template <class Entry>
auto fields_of(Entry& e) {
  // clang-format off
  return std::array{&e.id, &e.at, &e.family_reference, &e.asked, &e.items, &e.recipient_kind, &e.recipient_ref,
                    &e.acts_for_party, &e.period_from, &e.period_to, &e.outcome, &e.clause, &e.reason, &e.mirror_of,
                    &e.delivery, &e.review, &e.recalled_at, &e.recall_breach};
  // clang-format on
}

RegisterEntry entry_of(const store::Row& row) {
  RegisterEntry e;
  auto fields = fields_of(e);
  for (size_t i = 0; i < fields.size(); ++i) *fields[i] = row.get<std::string>(i);
  return e;
}

// Why the entry cannot be reported recalled; nothing when it can: it left the centre, and has not
// been recalled.
std::optional<Error> why_not_recalled(const RegisterEntry& e) {
  if (e.outcome != "allow")
    return Error{ErrorKind::conflict, "nothing was released under this entry: it was refused", {}};
  if (e.delivery == delivery_queued)
    return Error{ErrorKind::conflict, "this statement has not left the centre: it waits to be sent", {}};
  if (!e.recalled_at.empty())
    return Error{ErrorKind::conflict,
                 "this disclosure was reported as recalled on " + format_london_day_words(*parse_utc(e.recalled_at)),
                 {}};
  return std::nullopt;
}

}  // namespace

bool RegisterEntry::may_be_recalled() const { return !why_not_recalled(*this); }

Result<std::vector<RegisterEntry>> list_register(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                 const RegisterFilter& f) {
  for (const auto* day : {&f.from, &f.to})
    if (!day->empty() && !parse_day(*day)) return fail(ErrorKind::invalid_input, "dates are written as YYYY-MM-DD");
  if (!f.outcome.empty() && f.outcome != "allow" && f.outcome != "deny")
    return fail(ErrorKind::invalid_input, "outcome is allow or deny");
  auto decision = access::require(ws, c, access::centre_action(c, by, policy::Action::read_register), {"read_register", "centre:" + c.id});
  if (!decision) return std::unexpected(decision.error());
  std::string family_id;
  if (!f.family_ref.empty()) {
    auto family = records::find_family(ws, c, f.family_ref);
    if (!family) return std::unexpected(family.error());
    family_id = family->id;
  }
  return store::guard_storage([&]() -> Result<std::vector<RegisterEntry>> {
    std::string lo = f.from.empty() ? "" : f.from + "T00:00:00Z";
    std::string hi = f.to.empty() ? "9999" : f.to + "T23:59:59Z";
    int pending = f.pending_review_only ? 1 : 0;
    std::vector<RegisterEntry> out;
    auto rows = store::rows(
        ws.db(),
        std::string(register_columns) +
            "AND (:fam = '' OR d.family_id = :fam2) "
            "AND (:o = '' OR d.outcome = :o2) AND (:a = '' OR d.asked = :a2) AND d.at >= :lo AND d.at <= :hi "
            "AND (:pending = 0 OR d.review = 'pending') ORDER BY d.at, d.mirror_of <> '', d.id",
        c.id, family_id, family_id, f.outcome, f.outcome, f.asked, f.asked, lo, hi, pending);
    for (const auto& row : rows) out.push_back(entry_of(row));
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, by.id, "read_register", "centre:" + c.id, "register", std::string(decision->clause_id()), "allow"}}));
    return out;
  });
}

namespace {

// One CSV cell: quoted when needed, and never read by a spreadsheet as a formula.
std::string csv_cell(std::string value) {
  if (!value.empty() && std::string_view("=+-@").find(value.front()) != std::string_view::npos) value = "'" + value;
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char ch : value) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

}  // namespace

std::string register_csv(const std::vector<RegisterEntry>& entries) {
  std::string out =
      "id,at,family,asked,items,recipient_kind,recipient_ref,acts_for,period_from,period_to,outcome,clause,reason,"
      "mirror_of,delivery,review,recalled_at\r\n";
  for (const auto& e : entries) {
    auto cells = fields_of(e);
    for (size_t i = 0; i + 1 < cells.size(); ++i) out += (i ? "," : "") + csv_cell(*cells[i]);
    out += "\r\n";
  }
  return out;
}

boost::json::value register_json(const std::vector<RegisterEntry>& entries) {
  boost::json::array rows;
  for (const auto& e : entries)
    rows.push_back(boost::json::object{{"id", e.id},
                                       {"at", e.at},
                                       {"family", e.family_reference},
                                       {"asked", e.asked},
                                       {"items", e.items},
                                       {"recipient_kind", e.recipient_kind},
                                       {"recipient_ref", e.recipient_ref},
                                       {"acts_for", e.acts_for_party},
                                       {"period_from", e.period_from},
                                       {"period_to", e.period_to},
                                       {"outcome", e.outcome},
                                       {"clause", e.clause},
                                       {"reason", e.reason},
                                       {"mirror_of", e.mirror_of},
                                       {"delivery", e.delivery},
                                       {"review", e.review},
                                       {"recalled_at", e.recalled_at},
                                       {"recall_breach", e.recall_breach}});
  return rows;
}

Result<RequestForm> open_request_form(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                      const std::string& family_ref) {
  HAVEN_TRY(family, records::find_family(ws, c, family_ref));
  HAVEN_CHECK(access::require(ws, c, access::centre_action(c, by, policy::Action::read_register),
                              {"open_request_form", "family:" + family.id}));
  HAVEN_TRY(parties, load_parties(ws, family.id));
  return RequestForm{std::move(family), std::move(parties)};
}

namespace {

// One entry of the register as it stands; not_found when the centre has none.
Result<RegisterEntry> entry_at(app::Workspace& ws, const app::Centre& c, const std::string& register_id) {
  auto row = store::first_row(ws.db(), std::string(register_columns) + "AND d.id = :i", c.id, register_id);
  if (!row) return fail(ErrorKind::not_found, "no such entry in the disclosure register");
  return entry_of(*row);
}

// The breach's account of a recall, in Haven's words and the reporter's.
std::string recall_account(const RegisterEntry& e, const std::vector<Item>& released, const std::string& reported) {
  std::vector<std::string_view> kinds;
  for (Item i : released) kinds.push_back(dataprotection::describe(i));
  return fmt::format(
      "A disclosure about family {} made on {} ({}) went to the wrong recipient and was recalled. As reported: {}",
      e.family_reference, format_london_day_words(*parse_utc(e.at)), fmt::join(kinds, ", "), reported);
}

}  // namespace

Result<RegisterEntry> open_recall(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  const std::string& register_id) {
  HAVEN_TRY(permit,
            access::require(ws, c, by, policy::Action::keep_data_protection_records, "disclosure:" + register_id));
  return store::guard_storage([&]() -> Result<RegisterEntry> {
    HAVEN_TRY(found, entry_at(ws, c, register_id));
    if (auto refused = why_not_recalled(found)) return std::unexpected(*refused);
    HAVEN_CHECK(ws.audit().append_committed({{c.id, by.id, "open_recall", "disclosure:" + register_id, "register",
                                              std::string(permit.clause_id()), "allow"}}));
    return found;
  });
}

Result<std::string> report_wrong_recipient(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                           const std::string& register_id, const WrongRecipient& report) {
  HAVEN_TRY(permit,
            access::require(ws, c, by, policy::Action::keep_data_protection_records, "disclosure:" + register_id));
  if (report.found_at > now())
    return fail(ErrorKind::invalid_input, "when it was found cannot be in the future (found_at)");
  HAVEN_CHECK(
      check_free_text(report.what_happened, "what_happened", "what happened", dataprotection::what_happened_longest));
  return store::guard_storage([&]() -> Result<std::string> {
    store::WriteTransaction tx(ws.db(), c.id);
    HAVEN_TRY(e, entry_at(ws, c, register_id));
    if (auto refused = why_not_recalled(e)) return std::unexpected(*refused);
    if (report.found_at < std::chrono::floor<std::chrono::minutes>(*parse_utc(e.at)))
      return fail(ErrorKind::invalid_input, "when it was found cannot be before the disclosure was made (found_at)");
    std::vector<Item> released = items_of(e.items);
    HAVEN_TRY(breach, dataprotection::record_detected(ws, c,
                                                      {"wrong_recipient:" + register_id,
                                                       recall_account(e, released, report.what_happened),
                                                       {e.family_reference},
                                                       released,
                                                       report.found_at,
                                                       by.id}));
    if (!breach) return fail(ErrorKind::conflict, "this disclosure's recall is already in the breach log");
    store::execute(ws.db(),
                   "UPDATE disclosures SET recalled_at = :a, recalled_by = :b, recall_breach = :r WHERE id = :i",
                   format_utc(now()), by.id, *breach, register_id);
    ws.audit().append({c.id, by.id, "recall_disclosure", "disclosure:" + register_id, "recalled_at",
                       std::string(permit.clause_id()), "change"});
    tx.commit();
    return *breach;
  });
}

}  // namespace haven::disclosure
