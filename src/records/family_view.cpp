#include "records/family_view.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "access/access.hpp"
#include "core/text.hpp"
#include "crypto/keystore.hpp"
#include "crypto/sealed.hpp"
#include "records/audited_write.hpp"
#include "records/family_rows.hpp"
#include "store/batch.hpp"
#include "store/rows.hpp"

namespace haven::records {

namespace {

using policy::Item;

const std::vector<Item> family_items = {
    Item::first_name,       Item::surname,          Item::date_of_birth, Item::address,
    Item::phone,            Item::email,            Item::must_not_meet, Item::session_times,
    Item::attendance_times, Item::session_note,     Item::referral_details,
};

using Gate = access::FamilyGate;

// Opens a stored sealed value with the gate's permit for its item.
Result<std::string> open(const Gate& gate, const crypto::FamilyCipher& key, Item item, const std::string& row_id,
                         const std::string& ciphertext) {
  const policy::Permit* permit = gate.permit(item);
  if (!permit) return fail(ErrorKind::denied, "this item was not permitted", policy::Clause::kept_securely);
  return key.open(*permit, item, row_id, ciphertext);
}

std::vector<Withheld> withheld(const Gate& gate) {
  std::vector<Withheld> out;
  for (const auto& [item, d] : gate.refused())
    out.push_back({std::string(name_of(item)), std::string(d->clause_id()), d->reason});
  return out;
}

// The reads of one family view, queued on one batch so that PostgreSQL answers them together:
// each is queued only when the gate allows what it reads.
struct FamilyReads {
  std::size_t people = 0;
  std::optional<std::size_t> referrals, sessions, attendance, notes;
};

Result<FamilyReads> queue_reads(store::Batch& batch, const Gate& gate, const std::string& family_id) {
  FamilyReads reads;
  reads.people = batch.add(
      "SELECT id, party, first_name, surname, date_of_birth, address, phone, email "
      "FROM people WHERE family_id = :f ORDER BY party DESC, created_at",
      family_id);
  if (gate.allows(Item::referral_details))
    reads.referrals = batch.add(
        "SELECT r.id, r.agency_kind, r.referrer_name, r.acting_for, r.referred_on, "
        "CASE WHEN a.password_hash <> '' THEN 1 ELSE 0 END, CASE WHEN a.id IS NULL THEN 0 ELSE 1 END, "
        "COALESCE(a.email, '') FROM referrals r "
        "LEFT JOIN referrer_accounts a "
        "ON a.id = r.referrer_account WHERE r.family_id = :f ORDER BY r.referred_on, r.id",
        family_id);
  if (const policy::Permit* times = gate.permit(Item::session_times)) {
    HAVEN_TRY(sessions, queue_sessions_of(batch, *times));
    reads.sessions = sessions;
    if (const policy::Permit* attendance = gate.permit(Item::attendance_times)) {
      HAVEN_TRY(queued, queue_attendance_of(batch, *attendance));
      reads.attendance = queued;
    }
    if (gate.allows(Item::session_note))
      reads.notes = batch.add(
          "SELECT n.session_id, n.id, n.body FROM session_notes n "
          "JOIN contact_sessions s ON s.id = n.session_id WHERE s.family_id = :f ORDER BY n.created_at, n.id",
          family_id);
  }
  return reads;
}

Result<bool> load_people(const store::Batch& batch, const FamilyReads& reads, const Gate& gate,
                         const crypto::FamilyCipher& key, FamilyView& view) {
  const Item columns[] = {Item::first_name, Item::surname, Item::date_of_birth,
                          Item::address,    Item::phone,   Item::email};
  for (const auto& row : batch.rows(reads.people)) {
    PersonView person{row.get<std::string>(0), row.get<std::string>(1), {}};
    for (size_t i = 0; i < std::size(columns); ++i) {
      if (!gate.allows(columns[i])) continue;
      auto value = open(gate, key, columns[i], person.id, row.get<std::string>(2 + i));
      if (!value) return std::unexpected(value.error());
      if (!value->empty()) person.fields.emplace_back(name_of(columns[i]), *value);
    }
    view.people.push_back(std::move(person));
  }
  return true;
}

Result<bool> load_referrals(const store::Batch& batch, const FamilyReads& reads, const Gate& gate,
                            const crypto::FamilyCipher& key, const crypto::KeyStore& keys, FamilyView& view) {
  if (!reads.referrals) return true;
  for (const auto& row : batch.rows(*reads.referrals)) {
    ReferralView r;
    r.id = row.get<std::string>(0);
    r.agency = row.get<std::string>(1);
    auto name = open(gate, key, Item::referral_details, r.id, row.get<std::string>(2));
    if (!name) return std::unexpected(name.error());
    r.referrer_name = *name;
    r.acting_for = !row.is_null(3) ? row.get<std::string>(3) : "";
    r.referred_on = row.get<std::string>(4);
    r.account = row.get<bool>(5)   ? ReferrerAccount::set_up
                : row.get<bool>(6) ? ReferrerAccount::invited
                                   : ReferrerAccount::none;
    if (const auto sealed = row.get<std::string>(7); !sealed.empty()) {
      HAVEN_TRY(email, keys.open_secret(referrer_email_purpose, sealed));
      r.account_email = masked_email(email);
    }
    view.referrals.push_back(std::move(r));
  }
  return true;
}

Result<bool> load_sessions(const store::Batch& batch, const FamilyReads& reads, const Gate& gate,
                           const crypto::FamilyCipher& key, FamilyView& view) {
  if (!reads.sessions) return true;
  for (const auto& row : sessions_in(batch, *reads.sessions)) {
    auto starts = parse_utc(row.starts_at);
    auto ends = parse_utc(row.ends_at);
    if (!starts || !ends) return fail(ErrorKind::integrity, "a stored session time is malformed");
    auto cancelled = parse_utc(row.cancelled_at);
    view.sessions.push_back({.id = row.id,
                             .day = format_london_day(*starts),
                             .starts = format_london_time(*starts),
                             .ends = format_london_time(*ends),
                             .room = row.room,
                             .handover = row.kind == "handover",
                             .attendance = {},
                             .notes = {},
                             .cancelled_on = cancelled ? format_london_day(*cancelled) : std::string(),
                             .cancel_reason = cancelled ? row.cancel_reason : std::string(),
                             .attendance_open = !cancelled && attendance_open_on(london_day_of(*starts))});
  }
  // Attendance and notes for all the family's sessions in one query each, not one a session:
  // a family with a year of sessions is read in the same one round trip as a new one.
  std::map<std::string, SessionView*> by_id;
  for (auto& session : view.sessions) by_id[session.id] = &session;
  if (reads.attendance) {
    for (const auto& a : attendance_in(batch, *reads.attendance))
      if (auto it = by_id.find(a.session_id); it != by_id.end() && it->second->cancelled_on.empty()) {
        if (a.status != "expected") it->second->attended = true;
        std::optional<Correction> correction;
        if (a.last_correction) {
          const Correction& c = *a.last_correction;
          auto at = parse_utc(c.corrected_at);
          correction = Correction{c.was_status, london_time_of(c.was_arrived_at), london_time_of(c.was_left_at),
                                  c.reason, at ? format_london_day(*at) : std::string()};
        }
        it->second->attendance.push_back({a.person_id, a.status, london_time_of(a.arrived_at),
                                          london_time_of(a.left_at), london_time_of(a.planned_arrival),
                                          london_time_of(a.planned_departure), std::move(correction),
                                          a.status == "no_show" ? a.no_show_reason : std::string()});
      }
  }
  if (reads.notes) {
    for (const auto& row : batch.rows(*reads.notes)) {
      auto it = by_id.find(row.get<std::string>(0));
      if (it == by_id.end()) continue;
      auto body = open(gate, key, Item::session_note, row.get<std::string>(1), row.get<std::string>(2));
      if (!body) return std::unexpected(body.error());
      it->second->notes.push_back(*body);
    }
  }
  return true;
}

}  // namespace

std::string PersonView::field(std::string_view name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return {};
}

Result<FamilyView> show_family(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                               const std::string& reference_or_id) {
  auto ref = find_family_row(ws, c.id, reference_or_id);
  if (!ref) return std::unexpected(ref.error());
  Gate gate(c, as, ref->id, family_items);
  std::string resource = "family:" + ref->id;
  if (!gate.allows_any()) {
    auto denied = access::require(ws, c, access::view(c, as, Item::first_name, ref->id), {"view_family", resource});
    return std::unexpected(denied ? access::refusal(gate.first_denial()) : denied.error());
  }

  auto key = ws.keys().family_cipher(ref->id);
  if (!key) {
    // Destroyed with nothing kept (clause 8): only the reference and the date remain.
    auto open = still_open(ws, ref->id);
    if (open) return std::unexpected(key.error());
    FamilyView gone;
    gone.id = ref->id;
    gone.reference = ref->reference;
    gone.disposed_on = ref->disposed_on;
    if (const policy::Permit* flag = gate.permit(Item::must_not_meet)) {  // a fact of its past
      HAVEN_TRY(apart, must_not_meet_of(*ref, *flag));
      gone.must_not_meet = apart;
    }
    return gone;
  }

  return store::guard_storage([&]() -> Result<FamilyView> {
    FamilyView view;
    view.id = ref->id;
    view.reference = ref->reference;
    view.disposed_on = ref->disposed_on;
    if (const policy::Permit* flag = gate.permit(Item::must_not_meet)) {
      HAVEN_TRY(apart, must_not_meet_of(*ref, *flag));
      view.must_not_meet = apart;
    }
    store::Batch batch(ws.db());
    HAVEN_TRY(reads, queue_reads(batch, gate, view.id));
    batch.run();  // one round trip on PostgreSQL
    HAVEN_CHECK(load_people(batch, reads, gate, *key, view));
    HAVEN_CHECK(load_referrals(batch, reads, gate, *key, ws.keys(), view));
    HAVEN_CHECK(load_sessions(batch, reads, gate, *key, view));
    view.withheld = withheld(gate);
    // Nothing is returned unless the read is on the audit chain.
    HAVEN_CHECK(ws.audit().append_committed(gate.audit_entries(c.id, as.id, {"view_family", resource})));
    return view;
  });
}

}  // namespace haven::records
