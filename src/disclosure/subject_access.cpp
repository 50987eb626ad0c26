#include "disclosure/subject_access.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "access/access.hpp"
#include "access/facts.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "crypto/sealed.hpp"
#include "journey/journey.hpp"
#include "pdf/document.hpp"
#include "records/families.hpp"
#include "records/family_rows.hpp"
#include "store/family_tables.hpp"
#include "store/rows.hpp"

namespace haven::disclosure {

namespace {

using policy::Item;

constexpr Item own_items[] = {Item::first_name, Item::surname, Item::date_of_birth,
                              Item::address,    Item::phone,   Item::email};

struct PersonRow {
  std::string party;
  std::string sealed[std::size(own_items)];
};

Result<PersonRow> load_person(app::Workspace& ws, const std::string& family_id, const std::string& person_id) {
  PersonRow row;
  auto found = store::first_row(ws.db(),
                                "SELECT party, first_name, surname, date_of_birth, address, phone, email FROM people "
                                "WHERE id = :p AND family_id = :f",
                                person_id, family_id);
  if (!found || found->is_null(0)) return fail(ErrorKind::not_found, "no such person in this family");
  row.party = found->get<std::string>(0);
  for (size_t i = 0; i < std::size(row.sealed); ++i) row.sealed[i] = found->get<std::string>(i + 1);
  return row;
}

// The person's own records besides their details: attendance read under `attendance`, a permit
// to release the family's attendance times to them.
Result<bool> load_records(app::Workspace& ws, const policy::Permit& attendance, const std::string& family_id,
                          const std::string& person_id, SubjectAccessExport& e) {
  {
    HAVEN_TRY(present, records::attendance_of(ws, attendance));
    for (const auto& a : present) {
      if (a.person_id != person_id) continue;
      auto starts = parse_utc(a.session_starts_at);
      auto ends = parse_utc(a.session_ends_at);
      if (!starts || !ends) continue;
      e.attendance.push_back({format_london_day(*starts), format_london_time(*starts), format_london_time(*ends),
                              a.status, london_time_of(a.arrived_at), london_time_of(a.left_at)});
    }
  }
  {
    auto rows = store::rows(ws.db(),
                            "SELECT agency_kind, referred_on, COALESCE(acting_for, '') FROM referrals "
                            "WHERE family_id = :f ORDER BY referred_on",
                            family_id);
    for (const auto& row : rows)
      e.referrals.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2) == person_id});
  }
  {
    auto rows = store::rows(ws.db(),
                            "SELECT field, recipient_kind, given_on, expires_on, withdrawn_on FROM consents "
                            "WHERE person_id = :p ORDER BY given_on",
                            person_id);
    for (const auto& row : rows)
      e.consents.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                            row.get<std::string>(3), row.get<std::string>(4)});
  }
  for (const auto& row : store::rows(ws.db(),
                                     "SELECT version, acknowledged_on, how FROM policy_acknowledgements WHERE "
                                     "subject_kind = 'person' AND subject_id = :p ORDER BY acknowledged_on, version",
                                     person_id))
    e.acknowledgements.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)});
  for (const auto& row : store::rows(ws.db(),
                                     "SELECT step, on_day, detail FROM journey_steps WHERE family_id = :f AND "
                                     "(person_id IS NULL OR person_id = :p) ORDER BY on_day, recorded_at, id",
                                     family_id, person_id))
    e.journey.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)});
  std::string about = "%" + person_id + "%";
  auto rows = store::rows(ws.db(),
                          "SELECT at, asked, recipient_kind, outcome, clause FROM disclosures WHERE family_id = :f "
                          "AND (asked = 'attendance' OR items LIKE :about) AND mirror_of = '' ORDER BY at",
                          family_id, about);
  for (const auto& row : rows)
    e.disclosures.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                             row.get<std::string>(3), row.get<std::string>(4)});
  return true;
}

// What every export leaves out, in the registry's words: said whether or not the family has such
// records, so that an export never tells that one exists.
std::vector<std::string> withheld_records() {
  std::vector<std::string> out{"Everything about the other parent and any other family member.",
                               "The names of referrers, staff and other third parties."};
  for (const auto& t : store::family_tables())
    if (t.in_export == store::InExport::withheld && std::ranges::find(out, t.export_note) == out.end())
      out.emplace_back(t.export_note);
  return out;
}

}  // namespace

Result<SubjectAccessExport> subject_access(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                           const std::string& family_ref, const SubjectAccessRequest& req) {
  auto family = records::find_family(ws, c, family_ref);
  if (!family) return std::unexpected(family.error());
  auto parties = load_parties(ws, family->id);
  if (!parties) return std::unexpected(parties.error());
  if (auto ok = check_recipient(*parties, req.to); !ok) return std::unexpected(ok.error());
  auto key = ws.keys().family_cipher(family->id);
  if (!key) return std::unexpected(key.error());

  return store::guard_storage([&]() -> Result<SubjectAccessExport> {
    auto person = load_person(ws, family->id, req.person_id);
    if (!person) return std::unexpected(person.error());
    bool child = person->party == "child";
    bool to_self = req.to.kind == policy::RecipientKind::parent && req.to.person_id == req.person_id;
    // A child's own records, whoever asks for them, are the child's; the decision point then
    // insists the request comes through a local authority. A parent is not the child.
    bool childs_own = child && req.to.kind != policy::RecipientKind::parent;

    auto r = access::subject_release(
        ws, c, by, family->id, req.person_id, child,
        {req.to.kind, to_self || childs_own ? policy::Side::same_parent : policy::Side::other_parent, req.person_id});

    SubjectAccessExport e;
    e.centre_name = c.name;
    e.family_reference = family->reference;
    e.party = person->party;
    e.generated_at = format_london(now());
    std::optional<policy::Decision> refusal;
    for (size_t i = 0; i < std::size(own_items); ++i) {
      r.item = own_items[i];
      auto d = access::consider(c, r);
      if (!d.allowed()) {
        refusal = d;
        break;
      }
      auto value = key->open(*d.permit, own_items[i], req.person_id, person->sealed[i]);
      if (!value) return std::unexpected(value.error());
      if (!value->empty()) e.details.emplace_back(name_of(own_items[i]), *value);
      e.clause = d.clause;
      e.reason = d.reason;
    }
    e.allowed = !refusal;
    if (refusal) {
      e.details.clear();
      e.clause = refusal->clause;
      e.reason = refusal->reason;
    } else {
      r.item = Item::attendance_times;
      auto attendance = access::consider(c, r);
      if (!attendance.permit) return std::unexpected(access::refusal(attendance));
      HAVEN_CHECK(load_records(ws, *attendance.permit, family->id, req.person_id, e));
      e.withheld = withheld_records();
    }

    std::string id = new_id("dis"), at = format_utc(now());
    std::string content = e.allowed ? boost::json::serialize(subject_access_json(e)) : std::string();
    std::string sealed_content =
        key->seal(Item::first_name, id, content).ciphertext();
    std::string sealed_name =
        key->seal(Item::referral_details, id, req.to.name).ciphertext();
    std::string items = "own_records:" + req.person_id, kind(name_of(req.to.kind)),
                outcome = e.allowed ? "allow" : "deny", delivery = e.allowed ? "delivered" : "";
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "INSERT INTO disclosures (id, centre_id, family_id, at, asked, items, recipient_kind, "
                   "recipient_referral, recipient_name, acts_for, period_from, period_to, outcome, clause, reason, "
                   "made_by, mirror_of, concern_id, justification, content, delivery, review, reviewed_by, "
                   "reviewed_at) VALUES (:i, :c, :f, :at, 'subject_access', :it, :rk, '', :rn, :af, '', '', :o, "
                   ":cl, :re, :mb, '', '', '', :ct, :d, '', '', '')",
                   id, c.id, family->id, at, items, kind, sealed_name, req.person_id, outcome, policy::cite(e.clause), e.reason,
                   by.id, sealed_content, delivery);
    ws.audit().append({c.id, by.id, e.allowed ? "subject_access" : "refuse_subject_access", "disclosure:" + id,
                       "own_records", policy::cite(e.clause), outcome});
    store::execute(ws.db(), "UPDATE families SET last_used_at = :a WHERE id = :f", at, family->id);
    // Released to the person themself, or to the local authority acting for a child: their open
    // request for their records is answered.
    if (e.allowed)
      store::execute(ws.db(),
                     "UPDATE records_requests SET answered_on = :d, outcome = 'released' WHERE person_id = :p AND "
                     "answered_on = ''",
                     format_london_day(now()), req.person_id);
    tx.commit();
    e.register_id = id;
    return e;
  });
}

boost::json::value subject_access_json(const SubjectAccessExport& e) {
  namespace json = boost::json;
  json::object details;
  for (const auto& [k, v] : e.details) details[k] = v;
  json::array attendance, referrals, consents, disclosures, acknowledgements, journey, withheld;
  for (const auto& a : e.attendance)
    attendance.push_back(json::object{{"date", a.date}, {"booked_start", a.booked_start}, {"booked_end", a.booked_end},
                                      {"status", a.status}, {"arrived", a.arrived}, {"left", a.left}});
  for (const auto& r : e.referrals)
    referrals.push_back(json::object{{"agency", r.agency}, {"referred_on", r.referred_on},
                                     {"acting_for_you", r.acting_for_subject}});
  for (const auto& c : e.consents)
    consents.push_back(json::object{{"field", c.field}, {"recipient_kind", c.recipient_kind}, {"given_on", c.given_on},
                                    {"expires_on", c.expires_on}, {"withdrawn_on", c.withdrawn_on}});
  for (const auto& d : e.disclosures)
    disclosures.push_back(json::object{{"at", d.at}, {"asked", d.asked}, {"recipient_kind", d.recipient_kind},
                                       {"outcome", d.outcome}, {"clause", d.clause}});
  for (const auto& a : e.acknowledgements)
    acknowledgements.push_back(
        json::object{{"version", a.version}, {"acknowledged_on", a.acknowledged_on}, {"how", a.how}});
  for (const auto& j : e.journey) journey.push_back(json::object{{"step", j.step}, {"on", j.on}, {"detail", j.detail}});
  for (const auto& w : e.withheld) withheld.push_back(json::string(w));
  return json::object{{"centre", e.centre_name},    {"family_reference", e.family_reference},
                      {"party", e.party},           {"generated_at", e.generated_at},
                      {"details", details},         {"attendance", attendance},
                      {"referrals", referrals},     {"consents", consents},
                      {"disclosures", disclosures}, {"acknowledgements", acknowledgements},
                      {"journey", journey},         {"withheld", withheld}};
}

namespace {

// A stored name as words in a sentence: "self_referral" -> "self referral", "no_show" -> "did not come".
std::string words(std::string_view name) {
  if (name == "no_show") return "did not come";
  if (name == "allow") return "released";
  if (name == "deny") return "refused";
  return uncapitalised(name_in_words(name));
}

}  // namespace

Result<std::string> subject_access_pdf(const SubjectAccessExport& e) {
  pdf::Document pdf("Your records");
  pdf.title("Your records");
  pdf.line(fmt::format("{}, family reference {}", e.centre_name, e.family_reference));
  pdf.small(fmt::format("Prepared on {}.", time_in_words(e.generated_at)));
  pdf.gap();
  pdf.heading("Your details");
  for (const auto& [k, v] : e.details) pdf.line(fmt::format("{}: {}", name_in_words(k), v), 16);
  pdf.heading("Your attendance");
  if (e.attendance.empty()) pdf.line("No sessions.", 16);
  for (const auto& a : e.attendance)
    pdf.line(fmt::format("{}, booked {} to {}: {}{}{}", day_in_words(a.date), clock_words(a.booked_start),
                         clock_words(a.booked_end), words(a.status),
                         a.arrived.empty() ? "" : ", arrived at " + clock_words(a.arrived),
                         a.left.empty() ? "" : ", left at " + clock_words(a.left)),
             16);
  pdf.heading("Referrals");
  for (const auto& r : e.referrals)
    pdf.line(fmt::format("{}, on {}{}", name_in_words(r.agency), day_in_words(r.referred_on),
                         r.acting_for_subject ? " (acting for you)" : ""),
             16);
  pdf.heading("Your consents");
  if (e.consents.empty()) pdf.line("None recorded.", 16);
  for (const auto& c : e.consents)
    pdf.line(fmt::format("Your {} to {}, from {}{}", words(c.field), words(c.recipient_kind), day_in_words(c.given_on),
                         c.withdrawn_on.empty() ? "" : ", withdrawn on " + day_in_words(c.withdrawn_on)),
             16);
  pdf.heading("What was passed on");
  if (e.disclosures.empty()) pdf.line("Nothing.", 16);
  for (const auto& d : e.disclosures)
    pdf.line(fmt::format("{}: {} asked for by {}, {} (clause {})", day_in_words(d.at), name_in_words(d.asked),
                         words(d.recipient_kind), words(d.outcome), d.clause),
             16);
  pdf.heading("The centre's policy, as you were given it");
  if (e.acknowledgements.empty()) pdf.line("No acknowledgement recorded.", 16);
  for (const auto& a : e.acknowledgements)
    pdf.line(fmt::format("Version {}, acknowledged on {} ({})", a.version, day_in_words(a.acknowledged_on), a.how), 16);
  pdf.heading("Your case at the centre");
  if (e.journey.empty()) pdf.line("No steps recorded.", 16);
  for (const auto& j : e.journey)
    pdf.line(fmt::format("{}: {}", day_in_words(j.on), journey::describe_step(j.step, j.detail)), 16);
  pdf.heading("Left out of this copy");
  for (const auto& w : e.withheld) pdf.line(w, 16);
  return pdf.bytes();
}

}  // namespace haven::disclosure
