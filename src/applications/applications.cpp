#include "applications/applications.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <type_traits>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "crypto/keystore.hpp"
#include "journey/journey.hpp"
#include "mail/outbox.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::applications {

namespace json = boost::json;
using policy::Item;

namespace {

// The application's text fields as the form names them, with their values, for checking, sealing
// and reading back: `App` is NewApplication, or const NewApplication to only read them.
template <class App>
auto fields_of(App& a) {
  using Text = std::conditional_t<std::is_const_v<App>, const std::string, std::string>;
  struct Field {
    std::string_view name;
    Text* value;
    bool required;
    std::size_t limit;
  };
  bool professional = a.applicant == Applicant::professional;
  return std::vector<Field>{{"referrer_name", &a.referrer_name, professional, max_name_length},
                            {"organisation", &a.organisation, professional, max_name_length},
                            {"contact_email", &a.contact_email, true, max_name_length},
                            {"contact_phone", &a.contact_phone, false, 40},
                            {"parent_first_name", &a.parent_first_name, true, max_name_length},
                            {"parent_surname", &a.parent_surname, true, max_name_length},
                            {"parent_address", &a.parent_address, false, 500},
                            {"parent_phone", &a.parent_phone, false, 40},
                            {"parent_email", &a.parent_email, false, max_name_length},
                            {"other_parent_first_name", &a.other_parent_first_name, false, max_name_length},
                            {"other_parent_surname", &a.other_parent_surname, false, max_name_length},
                            {"parental_responsibility", &a.parental_responsibility, false, max_text_length},
                            {"lives_with", &a.lives_with, false, max_text_length},
                            {"availability", &a.availability, false, max_text_length},
                            {"who_may_attend", &a.who_may_attend, false, max_text_length},
                            {"risks", &a.risks, false, max_text_length}};
}

}  // namespace

std::vector<TextField> text_fields(NewApplication& a) {
  std::vector<TextField> out;
  for (const auto& f : fields_of(a)) out.push_back({f.name, f.value, f.required, f.limit});
  return out;
}

namespace {

Result<bool> checked(const NewApplication& a) {
  for (const auto& f : fields_of(a)) {
    HAVEN_CHECK(require_utf8(*f.value, f.name));
    if (f.required && f.value->empty()) return fail(ErrorKind::invalid_input, fmt::format("{}: fill this in", f.name));
    if (f.value->size() > f.limit)
      return fail(ErrorKind::invalid_input, fmt::format("{}: at most {} characters", f.name, f.limit));
  }
  if (a.applicant == Applicant::professional && a.agency == records::AgencyKind::self_referral)
    return fail(ErrorKind::invalid_input, "agency: say which kind of organisation refers the family");
  if (a.applicant == Applicant::parent && a.agency != records::AgencyKind::self_referral)
    return fail(ErrorKind::invalid_input, "agency: a parent applies for themself");
  if (a.parent_party == records::Party::child)
    return fail(ErrorKind::invalid_input, "parent_party: the parent is the resident or the non-resident parent");
  if (!mail::is_email_address(a.contact_email))
    return fail(ErrorKind::invalid_input, "contact_email: an email address, like name@example.org");
  if (!a.parent_email.empty() && !mail::is_email_address(a.parent_email))
    return fail(ErrorKind::invalid_input, "parent_email: an email address, like name@example.org");
  if (a.children.empty()) return fail(ErrorKind::invalid_input, "children[1].first_name: name at least one child");
  if (a.children.size() > max_children)
    return fail(ErrorKind::invalid_input, fmt::format("children: at most {} children on one form", max_children));
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    const auto& child = a.children[i];
    auto field = [&](std::string_view name) { return fmt::format("children[{}].{}", i + 1, name); };
    for (auto [name, value] : {std::pair{"first_name", &child.first_name}, std::pair{"surname", &child.surname},
                               std::pair{"date_of_birth", &child.date_of_birth}})
      HAVEN_CHECK(require_utf8(*value, field(name)));
    if (child.first_name.empty()) return fail(ErrorKind::invalid_input, field("first_name") + ": fill this in");
    if (child.first_name.size() > max_name_length || child.surname.size() > max_name_length)
      return fail(ErrorKind::invalid_input,
                  fmt::format("{}: at most {} characters", field("first_name"), max_name_length));
    auto born = parse_day(child.date_of_birth);
    if (!born) return fail(ErrorKind::invalid_input, field("date_of_birth") + ": a real date");
    if (*born > london_today()) return fail(ErrorKind::invalid_input, field("date_of_birth") + ": a day that has come");
  }
  return true;
}

json::object to_json(const NewApplication& a) {
  json::object out;
  for (const auto& f : fields_of(a)) out[f.name] = *f.value;
  out["applicant"] = name_of(a.applicant);
  out["agency"] = name_of(a.agency);
  out["parent_party"] = name_of(a.parent_party);
  out["domestic_abuse"] = a.domestic_abuse;
  out["court_order"] = a.court_order;
  json::array children;
  for (const auto& c : a.children)
    children.push_back(
        json::object{{"first_name", c.first_name}, {"surname", c.surname}, {"date_of_birth", c.date_of_birth}});
  out["children"] = std::move(children);
  return out;
}

NewApplication from_json(const json::object& o) {
  NewApplication a;
  auto text = [&](std::string_view key) {
    auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  auto flag = [&](std::string_view key) {
    auto* v = o.if_contains(key);
    return v && v->is_bool() && v->get_bool();
  };
  a.applicant = parse_enum<Applicant>(text("applicant")).value_or(Applicant::parent);
  a.agency = parse_enum<records::AgencyKind>(text("agency")).value_or(records::AgencyKind::self_referral);
  a.parent_party = parse_enum<records::Party>(text("parent_party")).value_or(records::Party::non_resident_parent);
  for (const auto& f : fields_of(a)) *f.value = text(f.name);
  a.domestic_abuse = flag("domestic_abuse");
  a.court_order = flag("court_order");
  if (auto* children = o.if_contains("children"); children && children->is_array())
    for (const auto& c : children->get_array())
      if (c.is_object()) {
        const auto& child = c.get_object();
        auto get = [&](std::string_view key) {
          auto* v = child.if_contains(key);
          return v && v->is_string() ? std::string(v->get_string()) : std::string();
        };
        a.children.push_back({get("first_name"), get("surname"), get("date_of_birth")});
      }
  return a;
}

// The columns summary_of() reads.
constexpr const char* summary_columns =
    "SELECT a.id, a.reference, a.applicant, a.agency_kind, a.received_at, a.status, COALESCE(f.reference, ''), "
    "a.body, COALESCE(a.family_id, '') FROM applications a LEFT JOIN families f ON f.id = a.family_id ";

Summary summary_of(const store::Row& row) {
  return {row.get<std::string>(0),
          row.get<std::string>(1),
          parse_enum<Applicant>(row.get<std::string>(2)).value_or(Applicant::parent),
          parse_enum<records::AgencyKind>(row.get<std::string>(3)).value_or(records::AgencyKind::other),
          row.get<std::string>(4),
          parse_enum<Status>(row.get<std::string>(5)).value_or(Status::received),
          row.get<std::string>(6)};
}

// The email that tells the one who applied their application arrived: the centre and the
// reference, no name and nothing they wrote (an email carries no family data).
mail::Letter acknowledgement(const app::Centre& c, const std::string& to, const std::string& reference,
                             std::string about) {
  const std::string& centre = c.preset.centre_name;
  return {to, fmt::format("Your application to {}: {}", centre, reference),
          fmt::format("{} has received an application for a place, with this email address to reply to.\n\n"
                      "Its reference is {}. Quote it if you contact the centre about it.\n\n"
                      "A coordinator will read it and contact you. For your family's safety, this email and any "
                      "other the centre sends hold no details of your family.\n\n"
                      "If you did not apply, you can ignore this email.\n",
                      centre, reference),
          std::move(about)};
}

// A reference the applicant can read out: "A-" and six letters or figures.
std::string new_reference() {
  std::string hex = new_id("x").substr(2, 6);
  std::ranges::transform(hex, hex.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return "A-" + hex;
}

}  // namespace

bool is_reference(std::string_view text) {
  return text.size() == 8 && text.starts_with("A-") &&
         text.find_first_not_of("0123456789ABCDEF", 2) == std::string_view::npos;
}

Result<Received> submit(app::Workspace& ws, const app::Centre& c, const NewApplication& a) {
  HAVEN_CHECK(checked(a));
  std::string id = new_id("app");
  HAVEN_TRY(key, ws.keys().create_family_cipher(id));
  std::string body = key.seal(Item::referral_details, id, json::serialize(to_json(a))).ciphertext();
  return store::guard_storage([&]() -> Result<Received> {
    store::WriteTransaction tx(ws.db(), c.id);
    std::string reference = new_reference();
    while (store::value<long long>(ws.db(), "SELECT COUNT(*) FROM applications WHERE centre_id = :c AND reference = :r",
                                   c.id, reference)
               .value_or(0) > 0)
      reference = new_reference();
    store::execute(ws.db(),
                   "INSERT INTO applications (id, centre_id, reference, applicant, agency_kind, body, received_at, "
                   "status) VALUES (:i, :c, :r, :a, :k, :b, :t, 'received')",
                   id, c.id, reference, std::string(name_of(a.applicant)), std::string(name_of(a.agency)), body,
                   format_utc(now()));
    ws.audit().append({c.id, "public", "receive_application", "application:" + id, "referral_details",
                       policy::cite(policy::Clause::kept_securely), "change"});
    // The one who applied is told it arrived, with their reference and nothing else.
    HAVEN_CHECK(mail::queue(ws, c.id, acknowledgement(c, a.contact_email, reference, "application:" + id)));
    tx.commit();
    return Received{reference};
  });
}

Result<std::vector<Summary>> waiting(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  HAVEN_TRY(permit, access::require(ws, c, access::view(c, by, Item::referral_details, "*"),
                                    {"list_applications", "centre:" + c.id}));
  return store::guard_storage([&]() -> Result<std::vector<Summary>> {
    std::vector<Summary> out;
    for (const auto& row : store::rows(ws.db(),
                                       std::string(summary_columns) +
                                           "WHERE a.centre_id = :c AND a.status = 'received' ORDER BY a.received_at, "
                                           "a.id",
                                       c.id))
      out.push_back(summary_of(row));
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, by.id, "list_applications", "centre:" + c.id, "reference", std::string(permit.clause_id()), "allow"}}));
    return out;
  });
}

Result<std::vector<Summary>> taken_into(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                        const std::string& family_id) {
  HAVEN_TRY(permit, access::require(ws, c, access::view(c, by, Item::referral_details, family_id),
                                    {"list_family_applications", "family:" + family_id}));
  return store::guard_storage([&]() -> Result<std::vector<Summary>> {
    std::vector<Summary> out;
    for (const auto& row : store::rows(
             ws.db(),
             std::string(summary_columns) + "WHERE a.centre_id = :c AND a.family_id = :f ORDER BY a.received_at, a.id",
             c.id, family_id))
      out.push_back(summary_of(row));
    HAVEN_CHECK(ws.audit().append_committed({{c.id, by.id, "list_family_applications", "family:" + family_id,
                                              "reference", std::string(permit.clause_id()), "allow"}}));
    return out;
  });
}

namespace {

// The application as `by` reads it, its body opened under a permit for the key it is sealed
// under; not audited here: open() audits the read, take_in() the act it reads it for.
Result<Opened> read_application(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const std::string& application_id, const std::string& audit_as) {
  // Refused before the application is looked for, so that who may not read one learns nothing.
  HAVEN_CHECK(access::require(ws, c, access::view(c, by, Item::referral_details, "*"),
                              {audit_as, "application:" + application_id}));
  return store::guard_storage([&]() -> Result<Opened> {
    auto row = store::first_row(ws.db(), std::string(summary_columns) + "WHERE a.id = :i AND a.centre_id = :c",
                                application_id, c.id);
    if (!row) return fail(ErrorKind::not_found, "no such application at this centre");
    Opened out{summary_of(*row), {}};
    // Sealed under its own key until it is taken in, then under the family's.
    std::string sealed_under = row->get<std::string>(8).empty() ? application_id : row->get<std::string>(8);
    HAVEN_TRY(permit, access::require(ws, c, access::view(c, by, Item::referral_details, sealed_under),
                                      {audit_as, "application:" + application_id}));
    out.clause = std::string(permit.clause_id());
    if (!row->get<std::string>(7).empty()) {
      HAVEN_TRY(key, ws.keys().family_cipher(sealed_under));
      HAVEN_TRY(body, key.open(permit, Item::referral_details, application_id, row->get<std::string>(7)));
      boost::system::error_code malformed;
      auto parsed = json::parse(body, malformed);
      if (malformed || !parsed.is_object()) return fail(ErrorKind::integrity, "a stored application is malformed");
      out.details = from_json(parsed.get_object());
    }
    return out;
  });
}

}  // namespace

Result<Opened> open(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                    const std::string& application_id) {
  HAVEN_TRY(opened, read_application(ws, c, by, application_id, "view_application"));
  HAVEN_CHECK(ws.audit().append_committed({{c.id, by.id, "view_application", "application:" + application_id,
                                            "referral_details", opened.clause, "allow"}}));
  return opened;
}

namespace {

// Marks a received application decided by `by`, or says it was decided already; under the write
// lock, so two people deciding at once cannot both succeed. Called inside the decision's own
// transaction, so a decision that fails leaves the application waiting.
Result<bool> claim(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& id,
                   Status to) {
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    long long claimed = store::execute(ws.db(),
                                       "UPDATE applications SET status = :s, decided_by = :b, decided_at = :a WHERE "
                                       "id = :i AND centre_id = :c AND status = 'received'",
                                       std::string(name_of(to)), by.id, format_utc(now()), id, c.id);
    if (claimed != 1) return fail(ErrorKind::conflict, "this application was already taken in or declined");
    tx.commit();
    return true;
  });
}

// Copies the application into the family's records; `a` was opened by the caller. `named`: the
// parent's record the other parent's application made, completed here rather than added again;
// empty for a parent new to the family.
Result<bool> copy_into(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const Summary& s,
                       const NewApplication& a, const records::FamilyRef& family, bool new_family,
                       const std::string& named) {
  using records::Party;
  long long children = store::value<long long>(
                           ws.db(), "SELECT COUNT(*) FROM people WHERE family_id = :f AND party = 'child'", family.id)
                           .value_or(0);
  records::NewPerson own{a.parent_party,   a.parent_first_name, a.parent_surname, "",
                         a.parent_address, a.parent_phone,      a.parent_email};
  std::string parent = named;
  if (named.empty()) {
    HAVEN_TRY(added, records::add_person(ws, c, by, family.id, own));
    parent = added;
  } else {
    HAVEN_CHECK(records::complete_person(ws, c, by, family.id, named, own));
  }
  if (new_family && !a.other_parent_first_name.empty()) {
    Party other = a.parent_party == Party::resident_parent ? Party::non_resident_parent : Party::resident_parent;
    HAVEN_CHECK(records::add_person(ws, c, by, family.id,
                                    {other, a.other_parent_first_name, a.other_parent_surname, "", "", "", ""}));
  }
  if (children == 0)
    for (const auto& child : a.children)
      HAVEN_CHECK(records::add_person(
          ws, c, by, family.id, {Party::child, child.first_name, child.surname, child.date_of_birth, "", "", ""}));
  auto received = parse_utc(s.received_at);
  std::string referred_on = received ? format_london_day(*received) : format_day(london_today());
  std::string referrer = a.applicant == Applicant::professional
                             ? fmt::format("{} ({}), {}", a.referrer_name, a.organisation, a.contact_email)
                             : std::string();
  HAVEN_CHECK(records::add_referral(
      ws, c, by, family.id, {a.agency, referrer, a.applicant == Applicant::professional ? parent : "", referred_on}));
  if (new_family)
    HAVEN_CHECK(
        journey::record_step(ws, c, by, family.reference, {.step = journey::Step::waiting_list, .on = london_today()}));
  return true;
}

}  // namespace

Result<records::FamilyRef> take_in(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const std::string& application_id, const std::string& into_family) {
  // Taking one in writes a family's details and moves its case onto the waiting list: both are asked
  // first, so that nothing is half done.
  for (Item needed : {Item::case_progress, Item::referral_details})
    HAVEN_CHECK(access::require(ws, c, access::record(c, by, needed, "*"),
                                {"take_in_application", "application:" + application_id}));
  HAVEN_TRY(opened, read_application(ws, c, by, application_id, "take_in_application"));
  if (opened.summary.status != Status::received)
    return fail(ErrorKind::conflict, "this application was already taken in or declined");
  const NewApplication& a = opened.details;
  std::optional<records::FamilyRef> existing;
  if (!into_family.empty()) {
    HAVEN_TRY(found, records::find_family(ws, c, into_family));
    existing = found;
  }
  // One transaction: the claim, the family's records and the application's new seal land whole or
  // not at all (a failure leaves it waiting, as it was); its own key goes once they have.
  auto family = store::guard_storage([&]() -> Result<records::FamilyRef> {
    store::WriteTransaction tx(ws.db(), c.id);
    HAVEN_CHECK(claim(ws, c, by, application_id, Status::taken_in));
    records::FamilyRef made;
    std::string named;  // the parent's record the other parent's application made
    if (existing) {
      made = *existing;
      HAVEN_TRY(found, records::named_parent(ws, c, made.id, a.parent_party, a.parent_first_name, a.parent_surname));
      named = found;
      long long same_side =
          store::value<long long>(ws.db(), "SELECT COUNT(*) FROM people WHERE family_id = :f AND party = :p", made.id,
                                  std::string(name_of(a.parent_party)))
              .value_or(0);
      if (same_side > 0 && named.empty())
        return fail(
            ErrorKind::conflict,
            fmt::format("family {} already has a {}: take the application in as a new family, or decline it",
                        made.reference,
                        a.parent_party == records::Party::resident_parent ? "resident parent" : "non-resident parent"));
      // Abuse said by either parent keeps the parents apart.
      if (a.domestic_abuse) HAVEN_CHECK(records::mark_must_not_meet(ws, c, by, made.id));
    } else {
      HAVEN_TRY(created, records::create_family(ws, c, by, a.domestic_abuse));
      made = created;
    }
    HAVEN_CHECK(copy_into(ws, c, by, opened.summary, a, made, !existing, named));
    // Kept with the family as it was received, sealed with the family's key.
    HAVEN_TRY(family_key, ws.keys().family_cipher(made.id));
    std::string body =
        family_key.seal(Item::referral_details, application_id, json::serialize(to_json(a))).ciphertext();
    store::execute(ws.db(), "UPDATE applications SET family_id = :f, body = :b WHERE id = :i", made.id, body,
                   application_id);
    ws.audit().append({c.id, by.id, "take_in_application", "application:" + application_id, "referral_details",
                       policy::cite(policy::Clause::kept_securely), "change"});
    tx.commit();
    return made;
  });
  if (!family) return std::unexpected(family.error());
  HAVEN_CHECK(ws.keys().destroy_family_key(application_id));
  return *family;
}

Result<bool> decline(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                     const std::string& application_id) {
  HAVEN_CHECK(access::require(ws, c, access::record(c, by, Item::case_progress, "*"),
                              {"decline_application", "application:" + application_id}));
  auto exists = store::guard_storage([&]() -> Result<bool> {
    return store::value<long long>(ws.db(), "SELECT COUNT(*) FROM applications WHERE id = :i AND centre_id = :c",
                                   application_id, c.id)
               .value_or(0) > 0;
  });
  if (!exists) return std::unexpected(exists.error());
  if (!*exists) return fail(ErrorKind::not_found, "no such application at this centre");
  // Declined, emptied and audited in one transaction; then its key goes, so what it held is gone
  // from every backup too.
  HAVEN_CHECK(store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    HAVEN_CHECK(claim(ws, c, by, application_id, Status::declined));
    store::execute(ws.db(), "UPDATE applications SET body = '' WHERE id = :i", application_id);
    ws.audit().append({c.id, by.id, "decline_application", "application:" + application_id, "referral_details",
                       policy::cite(policy::Clause::retention), "change"});
    tx.commit();
    return true;
  }));
  return ws.keys().destroy_family_key(application_id);
}

}  // namespace haven::applications
