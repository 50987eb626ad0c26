// The public pages, open without signing in, for the people outside the centre the policy
// speaks to (clause 9): the policy in force with its versions, and the referral form through
// which a professional or a parent applies for a place (applications/applications.hpp). A
// submission is answered with its reference only; nothing about any family is shown back.
#include <fmt/format.h>

#include <map>

#include "applications/applications.hpp"
#include "governance/lifecycle.hpp"
#include "mail/smtp.hpp"
#include "policy/render.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

// GET /public/{centre}/policy
Result<Page> public_policy_page(http::Request&, const Visitor& v) {
  const auto& preset = v.centre->preset;
  auto page = make_page(fmt::format("{}: confidentiality policy", preset.centre_name), "public_policy");
  auto& d = page.data;
  d.set("name", preset.centre_name);
  d.set("version", preset.version);
  d.set("blocks", policy_blocks(policy::render_markdown(preset)));
  if (preset.keep_version_history) {
    HAVEN_TRY(versions, governance::versions(*v.ws, *v.centre));
    d.set("versions", policy_versions(*v.centre, versions));
    d.set("has_versions", !versions.empty());
  }
  return page;
}

// The choices of the referral form's selects and radios, as the form shows them.
ViewList agency_choices() {
  ViewList out;
  for (auto [agency, words] :
       {std::pair{records::AgencyKind::solicitor, "A solicitor"}, std::pair{records::AgencyKind::cafcass, "Cafcass"},
        std::pair{records::AgencyKind::social_worker, "A social worker"},
        std::pair{records::AgencyKind::local_authority, "A local authority"},
        std::pair{records::AgencyKind::other, "Another organisation"}})
    out.push_back(ViewObject{{"value", std::string(name_of(agency))}, {"words", std::string(words)}});
  return out;
}

// How many children the web form has room for (the service takes up to applications::max_children).
constexpr int children_on_form = 3;

// GET /public/{centre}/refer
Result<Page> referral_form(http::Request&, const Visitor& v) {
  auto page = make_page("Apply for a place at " + v.centre->preset.centre_name, "refer");
  page.data.set("name", v.centre->preset.centre_name);
  page.data.set("agencies", agency_choices());
  ViewList children;
  for (int i = 1; i <= children_on_form; ++i)
    children.push_back(ViewObject{{"n", std::to_string(i)}, {"first", i == 1}});
  page.data.set("children", children);
  return page;
}

// POST /public/{centre}/refer: answered with the page below, by its address.
Result<Outcome> send_referral(http::Request&, const Form& form, const Visitor& v) {
  // A field people cannot see, that only a program filling every box fills in.
  if (!form.raw("website").empty()) return fail(ErrorKind::invalid_input, "This form could not be accepted");
  applications::NewApplication a;
  HAVEN_TRY(applicant, form.choice<applications::Applicant>(
                           "applicant", "Choose whether you are a professional or a parent applying for yourself"));
  a.applicant = applicant;
  bool professional = applicant == applications::Applicant::professional;
  if (professional) {
    HAVEN_TRY(agency, form.choice<records::AgencyKind>("agency", "Choose the kind of organisation you work for"));
    a.agency = agency;
  }
  HAVEN_TRY(party,
            form.choice<records::Party>("parent_party", "Choose whether the parent lives with the children or not"));
  a.parent_party = party;
  // The words each text field is known by in an error ("Enter your name"); its limits and whether
  // it is needed are the application's own (applications::text_fields).
  static const std::map<std::string_view, const char*> labels = {
      {"referrer_name", "your name"},
      {"organisation", "your organisation"},
      {"contact_email", "an email address to reach you"},
      {"contact_phone", "a phone number to reach you"},
      {"parent_first_name", "the parent's first name"},
      {"parent_surname", "the parent's surname"},
      {"parent_address", "the parent's address"},
      {"parent_phone", "the parent's phone number"},
      {"parent_email", "the parent's email address"},
      {"other_parent_first_name", "the other parent's first name"},
      {"other_parent_surname", "the other parent's surname"},
      {"parental_responsibility", "who has parental responsibility"},
      {"lives_with", "who the children live with"},
      {"availability", "when the family can come"},
      {"who_may_attend", "who else may come"},
      {"risks", "what the centre should know to keep everyone safe"}};
  for (const auto& field : applications::text_fields(a)) {
    auto label = labels.find(field.name);
    HAVEN_TRY(value, form.text(std::string(field.name), label != labels.end() ? label->second : "this field",
                               field.required, field.limit));
    *field.value = value;
  }
  for (auto [name, value] : {std::pair{"contact_email", &a.contact_email}, std::pair{"parent_email", &a.parent_email}})
    if (!value->empty() && !mail::is_email_address(*value))
      return form.mark(name, "Enter an email address in the correct format, like name@example.org");
  if (!professional) {  // a parent applying gives their own details once
    if (a.parent_email.empty()) a.parent_email = a.contact_email;
    if (a.parent_phone.empty()) a.parent_phone = a.contact_phone;
  }
  for (int i = 1; i <= children_on_form; ++i) {
    std::string prefix = fmt::format("child{}_", i);
    std::string which = i == 1 ? "the child" : fmt::format("child {}", i);
    HAVEN_TRY(first, form.text(prefix + "first_name", which + "'s first name", i == 1, applications::max_name_length));
    HAVEN_TRY(surname, form.text(prefix + "surname", which + "'s surname", false, applications::max_name_length));
    // A child named needs a date of birth; a child's row left empty is no child.
    std::optional<Day> born;
    if (i == 1 || !first.empty()) {
      HAVEN_TRY(day, form.date(prefix + "born", which + "'s date of birth"));
      born = day;
    } else {
      HAVEN_TRY(day, form.optional_date(prefix + "born", which + "'s date of birth"));
      born = day;
    }
    if (born && *born > london_today())
      return form.mark(prefix + "born_day",
                       fmt::format("{}'s date of birth must be today or in the past", capitalised(which)));
    if (first.empty() && !born) continue;
    if (first.empty()) return form.mark(prefix + "first_name", fmt::format("Enter {}'s first name", which));
    a.children.push_back(applications::NewApplication::Child{first, surname, format_day(*born)});
  }
  a.domestic_abuse = form.checked("domestic_abuse");
  a.court_order = form.checked("court_order");
  HAVEN_TRY(received, applications::submit(*v.ws, *v.centre, a));
  return Redirect{fmt::format("/public/{}/refer/received?reference={}", v.centre->id, received.reference), ""};
}

// GET /public/{centre}/refer/received?reference=A-XXXXXX: the reference just given, said back
// (the query holds only the reference, never what was sent).
Result<Page> referral_received(http::Request& r, const Visitor& v) {
  std::string reference = r.query.contains("reference") ? r.query.at("reference") : std::string();
  if (!applications::is_reference(reference)) return fail(ErrorKind::not_found, "There is no page at this address.");
  auto page = make_page("Application received", "refer_done");
  page.data.set("reference", reference);
  page.data.set("name", v.centre->preset.centre_name);
  return page;
}

}  // namespace

void add_public_pages(Site& site) {
  site.open_page("/policy", public_policy_page);
  site.open_page("/refer", referral_form);
  site.open_action("/refer", send_referral, referral_form);
  site.open_page("/refer/received", referral_received);
}

}  // namespace haven::web
