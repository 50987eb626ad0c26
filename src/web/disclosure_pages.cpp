// Information leaving the centre: requests and attendance statements, consents, concerns and
// exception disclosures, and the disclosure register with management review. Every answer comes
// from the disclosure layer, which asks the decision point and writes the register; a refusal is
// shown with its clause in plain words.
#include <fmt/format.h>

#include "dataprotection/breaches.hpp"
#include "disclosure/consents.hpp"
#include "disclosure/disclosures.hpp"
#include "disclosure/parties.hpp"
#include "incidents/incidents.hpp"
#include "records/audited_write.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

using disclosure::Recipient;
using policy::RecipientKind;

std::string party_of(const disclosure::Parties& parties, const std::string& person_id) {
  for (const auto& p : parties.parents)
    if (p.person_id == person_id) return plain_words(p.party);
  return "neither parent";
}

// The people outside the centre a request can come from (or a consent be given for): the
// family's referrers, each parent, a court, or someone else by name.
Result<ViewList> recipient_options(const Viewer& v, const records::FamilyRef& family, bool with_court) {
  HAVEN_TRY(parties, disclosure::load_parties(*v.ws, family.id));
  ViewList options;
  for (const auto& r : parties.referrals)
    options.push_back(ViewObject{{"value", "referral:" + r.referral_id},
                                 {"label", fmt::format("{}, the referrer (acts for {})", plain_words(r.agency),
                                                       r.acting_for.empty() ? "neither parent"
                                                                            : party_of(parties, r.acting_for))}});
  for (const auto& p : parties.parents)
    options.push_back(ViewObject{{"value", "parent:" + p.person_id}, {"label", plain_words(p.party) + " (in person)"}});
  if (with_court) options.push_back(ViewObject{{"value", "court"}, {"label", "A court"}});
  options.push_back(ViewObject{{"value", "other_person"}, {"label", "Someone else (give their name)"}});
  return options;
}

ViewList parent_options(const disclosure::Parties& parties) {
  ViewList out;
  for (const auto& p : parties.parents)
    out.push_back(ViewObject{{"id", p.person_id}, {"label", plain_words(p.party)}});
  return out;
}

Result<Recipient> recipient_from(const Form& form) {
  auto value = form.raw("recipient");
  HAVEN_TRY(name, form.text("recipient_name", "the name of the person or organisation", false, 200));
  if (value.starts_with("referral:")) return Recipient{RecipientKind::referring_agency, value.substr(9), "", ""};
  if (value.starts_with("parent:")) return Recipient{RecipientKind::parent, "", value.substr(7), ""};
  if (value == "court") return Recipient{RecipientKind::court, "", "", name.empty() ? "Court" : name};
  if (value == "other_person") {
    if (name.empty()) return fail(ErrorKind::invalid_input, "Enter the name of the person or organisation asking");
    return Recipient{RecipientKind::other_person, "", "", name};
  }
  return fail(ErrorKind::invalid_input, "Choose who is asking");
}

// Requests are answered by the staff who keep the register of what leaves the centre.
Result<Page> requests_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(form, disclosure::open_request_form(*v.ws, *v.centre, v.staff, r.params.at("ref")));
  const auto& [family, parties] = form;
  HAVEN_TRY(options, recipient_options(v, family, true));
  auto page = make_page("Information request for family " + family.reference, "requests");
  page.data.set("reference", family.reference);
  page.data.set("href", family_path(family.reference));
  page.data.set("recipients", options);
  page.data.set("parents", parent_options(parties));
  page.data.set("symmetric", v.centre->preset.warn_requester);
  return page;
}

Result<Outcome> answer_request(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  disclosure::InformationRequest req;
  HAVEN_TRY(from, recipient_from(form));
  req.from = from;
  HAVEN_TRY(asked, form.choice<disclosure::Asked>("asked", "Choose what is being asked for"));
  req.asked = asked;
  req.about_person = form.raw("about_person");
  if (auto field = parse_enum<policy::ContactField>(form.raw("field"))) req.field = *field;
  HAVEN_TRY(period_from, form.text("from", "the first date", false, 10));
  HAVEN_TRY(period_to, form.text("to", "the last date", false, 10));
  req.period_from = period_from;
  req.period_to = period_to;
  req.for_proceedings = form.checked("for_proceedings");
  HAVEN_TRY(outcome, disclosure::request_information(*v.ws, *v.centre, v.staff, family.reference, req));
  if (outcome.allowed && outcome.statement && form.raw("format") == "pdf") {
    HAVEN_TRY(pdf, disclosure::statement_pdf(*outcome.statement));
    return http::Response{200,
                          "application/pdf",
                          pdf,
                          {{"Content-Disposition", "attachment; filename=\"attendance-" + family.reference + ".pdf\""}}};
  }
  auto page = make_page(outcome.allowed ? "Information released" : "Request refused", "request_outcome");
  auto& d = page.data;
  d.set("href", family_path(family.reference));
  d.set("reference", family.reference);
  d.set("allowed", outcome.allowed);
  d.set("clause", policy::cite(outcome.clause));
  if (outcome.clause) d.set("clause_title", std::string(policy::info(*outcome.clause).title));
  d.set("reason", outcome.reason);
  d.set("register_id", outcome.register_id);
  if (outcome.statement) d.set("statement", statement_view(*outcome.statement));
  if (!outcome.contact_value.empty()) d.set("contact_value", outcome.contact_value);
  if (!outcome.warning.empty()) d.set("warning", outcome.warning);
  d.set("mirrors", text_or_nothing(other_side_words(outcome.mirror_deliveries, "you")));
  if (!outcome.allowed) page.status = 403;
  return page;
}

Result<Page> consents_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  HAVEN_TRY(consents, disclosure::list_consents(*v.ws, *v.centre, v.staff, family.reference,
                                                *parse_day(today_london())));
  HAVEN_TRY(parties, disclosure::load_parties(*v.ws, family.id));
  HAVEN_TRY(options, recipient_options(v, family, false));
  auto page = make_page("Consents for family " + family.reference, "consents");
  ViewList rows;
  for (const auto& c : consents)
    rows.push_back(ViewObject{
        {"id", c.id},
        {"whose", party_of(parties, c.person_id)},
        {"field", plain_words(c.field)},
        {"recipient", plain_words(c.recipient_kind)},
        {"given_on", day_in_words(c.given_on)},
        {"how", c.how_given},
        {"expires_on", c.expires_on.empty() ? "No expiry" : day_in_words(c.expires_on)},
        {"state", c.live ? "Live" : (c.withdrawn_on.empty() ? "Expired" : "Withdrawn " + day_in_words(c.withdrawn_on))},
        {"live", c.live}});
  page.data.set("consents", rows);
  page.data.set("none", rows.empty());
  page.data.set("reference", family.reference);
  page.data.set("href", family_path(family.reference));
  page.data.set("parents", parent_options(parties));
  page.data.set("recipients", options);
  return page;
}

Result<Outcome> record_consent(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  disclosure::NewConsent n;
  HAVEN_TRY(person, form.text("person_id", "whose detail it is", true, 64));
  n.person_id = person;
  HAVEN_TRY(field, form.choice<policy::ContactField>("field", "Choose the address, phone number or email"));
  n.field = field;
  HAVEN_TRY(to, recipient_from(form));
  n.to = to;
  HAVEN_TRY(given, form.text("given_on", "the date consent was given", true, 10));
  HAVEN_TRY(how, form.text("how_given", "how consent was given", true, 20));
  HAVEN_TRY(expires, form.text("expires_on", "the expiry date", false, 10));
  n.given_on = given;
  n.how_given = how;
  n.expires_on = expires;
  HAVEN_CHECK(disclosure::record_consent(*v.ws, *v.centre, v.staff, family.reference, n));
  return Redirect{family_path(family.reference) + "/consents", "consent_recorded"};
}

Result<Outcome> withdraw_consent(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  HAVEN_TRY(id, form.text("consent_id", "the consent", true, 64));
  HAVEN_CHECK(disclosure::withdraw_consent(*v.ws, *v.centre, v.staff, id, today_london()));
  return Redirect{family_path(family.reference) + "/consents", "consent_withdrawn"};
}

Result<Page> concerns_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(family, disclosure::open_concerns(*v.ws, *v.centre, v.staff, r.params.at("ref")));
  auto page = make_page("Concerns for family " + family.reference, "concerns");
  page.data.set("reference", family.reference);
  page.data.set("href", family_path(family.reference));
  // Anyone on the rota may record a concern; reading them back is for the safeguarding lead and
  // management, so a refusal here is shown in place and the form stays usable.
  auto concerns = incidents::concerns(*v.ws, *v.centre, v.staff, family.reference);
  if (!concerns) {
    if (concerns.error().kind != ErrorKind::denied) return std::unexpected(concerns.error());
    page.data.set("refused", concerns.error().message);
    page.data.set("refused_clause", concerns.error().clause_id());
    return page;
  }
  ViewList rows;
  for (const auto& c : *concerns)
    rows.push_back(ViewObject{{"id", c.id},
                              {"kind", plain_words(c.kind)},
                              {"summary", c.summary},
                              {"by", c.recorded_by},
                              {"at", time_in_words(c.recorded_at)}});
  page.data.set("concerns", rows);
  page.data.set("may_read", true);
  page.data.set("none", rows.empty());
  return page;
}

Result<Outcome> record_concern(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  HAVEN_TRY(kind, form.choice<disclosure::ConcernKind>("kind",
                                                       "Choose whether the concern is about a child's welfare or violence"));
  HAVEN_TRY(summary, form.text("summary", "what happened", true, 10000));
  HAVEN_CHECK(disclosure::record_concern(*v.ws, *v.centre, v.staff, family.reference, kind, summary));
  return Redirect{family_path(family.reference) + "/concerns", "concern_recorded"};
}

Result<Outcome> disclose_exception(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  disclosure::ExceptionDisclosure d;
  HAVEN_TRY(kind, form.choice<disclosure::ConcernKind>("kind", "Choose the kind of exception"));
  d.kind = kind;
  HAVEN_TRY(concern, form.text("concern_id", "the concern it rests on", true, 64));
  d.concern_id = concern;
  HAVEN_TRY(agency, form.choice<RecipientKind>("agency", "Choose the agency"));
  HAVEN_TRY(name, form.text("agency_name", "the agency's name", true, 200));
  d.to = Recipient{agency, "", "", name};
  HAVEN_TRY(why, form.text("justification", "why the disclosure is needed", true, 5000));
  d.justification = why;
  for (auto item : {policy::Item::first_name, policy::Item::surname, policy::Item::date_of_birth,
                    policy::Item::address, policy::Item::attendance_times, policy::Item::concern_record})
    if (form.checked("item_" + std::string(name_of(item)))) d.items.push_back(item);
  if (d.items.empty()) return fail(ErrorKind::invalid_input, "Choose what is passed on");
  HAVEN_TRY(outcome, disclosure::disclose_exception(*v.ws, *v.centre, v.staff, family.reference, d));
  if (!outcome.allowed) return std::unexpected(outcome.refusal());
  return Redirect{family_path(family.reference) + "/concerns", "exception_disclosed"};
}

Result<Page> register_page(http::Request&, const Viewer& v) {
  HAVEN_TRY(entries, disclosure::list_register(*v.ws, *v.centre, v.staff, {}));
  auto page = make_page("Disclosure register", "register");
  ViewList rows;
  for (const auto& e : entries)
    rows.push_back(ViewObject{{"id", e.id},
                              {"at", time_in_words(e.at)},
                              {"reference", e.family_reference},
                              {"asked", plain_words(e.asked)},
                              {"recipient", plain_words(e.recipient_kind)},
                              {"outcome", e.outcome == "allow" ? "Released" : "Refused"},
                              {"clause", e.clause},
                              {"review", e.review},
                              {"pending", e.review == "pending"},
                              {"exception", e.asked == "exception" || !e.review.empty()},
                              {"mirror", !e.mirror_of.empty()},
                              {"to_send", e.delivery == disclosure::delivery_queued},
                              {"recallable", e.may_be_recalled()},
                              {"recalled", text_or_nothing(e.recalled_at.empty() ? "" : time_in_words(e.recalled_at))},
                              {"breach_href", "/data-protection/breaches/" + e.recall_breach}});
  page.data.set("entries", rows);
  page.data.set("may_review", may(v, policy::Action::review_disclosure));
  page.data.set("may_report", may(v, policy::Action::keep_data_protection_records));
  return page;
}

Result<http::Response> register_csv(http::Request&, const Viewer& v) {
  HAVEN_TRY(entries, disclosure::list_register(*v.ws, *v.centre, v.staff, {}));
  return http::Response{200,
                        "text/csv; charset=utf-8",
                        disclosure::register_csv(entries),
                        {{"Content-Disposition", "attachment; filename=\"disclosure-register.csv\""}}};
}

// A page about one entry of the register: its link, and its family's reference and link.
Page entry_page(std::string title, std::string template_name, const std::string& id, const std::string& reference) {
  auto page = make_page(std::move(title), std::move(template_name));
  page.data.set("href", "/disclosures/" + id);
  page.data.set("reference", reference);
  page.data.set("family_href", family_path(reference));
  return page;
}

// GET /disclosures/{id}: an exception disclosure as management reviews it.
Result<Page> exception_review_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(e, disclosure::exception_for_review(*v.ws, *v.centre, v.staff, r.params.at("id")));
  std::string heading = e.to_other_side ? "Review a release to the other side" : "Review an exception disclosure";
  auto page = entry_page(heading, "exception_review", e.id, e.family_reference);
  auto& d = page.data;
  d.set("heading", heading);
  d.set("to_other_side", e.to_other_side);
  ViewList items;
  for (auto item : e.items)
    items.push_back(
        ViewObject{{"words", e.about_party.empty() ? plain_words(name_of(item))
                                                   : fmt::format("{} of the {}", plain_words(name_of(item)),
                                                                 uncapitalised(plain_words(e.about_party)))}});
  if (e.to_other_side)
    d.set("permission", e.about_party.empty() ? std::string("The parent's own permission")
                                              : fmt::format("The {}'s own permission for this recipient",
                                                            uncapitalised(plain_words(e.about_party))));
  d.set("note_needed", std::string(e.to_other_side ? "it went beyond the parent's permission"
                                                   : "it should not have been made or passed on too much"));
  d.set("at", time_in_words(e.at));
  d.set("items", items);
  d.set("recipient", e.recipient_name.empty()
                         ? plain_words(e.recipient_kind)
                         : fmt::format("{} ({})", e.recipient_name, uncapitalised(plain_words(e.recipient_kind))));
  d.set("justification", e.justification);
  d.set("disclosed_by", e.disclosed_by);
  d.set("concern",
        text_or_nothing(e.concern_kind.empty() ? std::string()
                                               : fmt::format("{} concern recorded on {}", plain_words(e.concern_kind),
                                                             time_in_words(e.concern_recorded_at))));
  d.set("concern_summary", e.concern_summary);
  d.set("pending", e.pending);
  ViewList findings;
  for (auto f : {disclosure::ReviewFinding::proper, disclosure::ReviewFinding::improper})
    findings.push_back(ViewObject{{"value", std::string(name_of(f))},
                                  {"words", std::string(disclosure::describe(f, e.to_other_side))}});
  d.set("findings", findings);
  if (e.finding) {
    d.set("finding", std::string(disclosure::describe(*e.finding, e.to_other_side)));
    d.set("note", text_or_nothing(e.note));
    d.set("reviewed", fmt::format("Reviewed by {} on {}", e.reviewed_by, time_in_words(e.reviewed_at)));
  }
  return page;
}

// POST /disclosures/{id}/review
Result<Outcome> review_exception(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(finding, form.choice<disclosure::ReviewFinding>("finding", "Choose what the review found"));
  HAVEN_TRY(note, form.text("note", "what was done about it", finding == disclosure::ReviewFinding::improper, 5000));
  HAVEN_CHECK(disclosure::review_exception(*v.ws, *v.centre, v.staff, r.params.at("id"), {finding, note}));
  return Redirect{"/disclosures", "exception_reviewed"};
}

// GET /disclosures/{id}/send: a copy of a statement for the other side whose referrer has no
// account, to print or send from the centre.
Result<Page> statement_send_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(copy, disclosure::statement_to_send(*v.ws, *v.centre, v.staff, r.params.at("id")));
  auto page = entry_page("Send an attendance statement", "statement_send", copy.id, copy.family_reference);
  auto& d = page.data;
  d.set("recipient", fmt::format("{} ({})", copy.recipient_name.empty() ? "the referrer" : copy.recipient_name,
                                 uncapitalised(plain_words(copy.agency_kind))));
  d.set("released", time_in_words(copy.at));
  if (copy.statement) d.set("statement", statement_view(*copy.statement));
  return page;
}

// GET /disclosures/{id}/statement.pdf: the same, to print.
Result<http::Response> statement_send_pdf(http::Request& r, const Viewer& v) {
  HAVEN_TRY(copy, disclosure::statement_to_send(*v.ws, *v.centre, v.staff, r.params.at("id")));
  if (!copy.statement) return fail(ErrorKind::not_found, "no statement waits to be sent under that entry");
  HAVEN_TRY(pdf, disclosure::statement_pdf(*copy.statement));
  return http::Response{
      200,
      "application/pdf",
      pdf,
      {{"Content-Disposition", "attachment; filename=\"attendance-" + copy.family_reference + ".pdf\""}}};
}

// POST /disclosures/{id}/sent
Result<Outcome> mark_statement_sent(http::Request& r, const Form&, const Viewer& v) {
  HAVEN_CHECK(disclosure::mark_statement_sent(*v.ws, *v.centre, v.staff, r.params.at("id")));
  return Redirect{"/disclosures", "statement_sent"};
}

// GET /disclosures/{id}/recall: the form for a disclosure that went to the wrong recipient.
Result<Page> recall_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(e, disclosure::open_recall(*v.ws, *v.centre, v.staff, r.params.at("id")));
  auto page = entry_page("Report a disclosure sent to the wrong recipient", "recall", e.id, e.family_reference);
  auto& d = page.data;
  d.set("at", time_in_words(e.at));
  d.set("asked", plain_words(e.asked));
  d.set("recipient", plain_words(e.recipient_kind));
  return page;
}

// POST /disclosures/{id}/recall: recorded, with the breach Haven logs for it.
Result<Outcome> report_wrong_recipient(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(found, form_moment(form, "found_on", "the day it was found", "found_time", "the time it was found"));
  HAVEN_TRY(what, form.text("what_happened", "what happened", true, dataprotection::what_happened_longest));
  auto breach = disclosure::report_wrong_recipient(*v.ws, *v.centre, v.staff, r.params.at("id"), {found, what});
  if (!breach) return on_form(form, breach.error(), {{"found_at", "found_time"}, {"what_happened", "what_happened"}});
  return Redirect{"/data-protection/breaches/" + *breach, "recall_recorded"};
}

}  // namespace

std::string other_side_words(const std::vector<std::string>& deliveries, std::string_view sender) {
  std::string out;
  for (const auto& delivery : deliveries)
    out += delivery == disclosure::delivery_in_account
               ? "The same statement has gone to the other side's referrer's account. "
               : fmt::format(
                     "The same statement waits for {} to send to the other side: their referrer has no "
                     "account here. ",
                     sender);
  if (!out.empty()) out.pop_back();
  return out;
}

View statement_view(const disclosure::AttendanceStatement& s) {
  ViewList sessions;
  for (const auto& session : s.sessions) {
    ViewList lines;
    for (const auto& l : session.attendance)
      lines.push_back(ViewObject{{"party", plain_words(l.party)},
                                 {"status", plain_words(l.status)},
                                 {"arrived", l.arrived.empty() ? "–" : clock_words(l.arrived)},
                                 {"left", l.left.empty() ? "–" : clock_words(l.left)}});
    sessions.push_back(ViewObject{{"date", day_in_words(session.date)},
                                  {"start", clock_words(session.booked_start)},
                                  {"end", clock_words(session.booked_end)},
                                  {"lines", lines}});
  }
  return ViewObject{{"centre", s.centre_name},      {"reference", s.family_reference},
                    {"from", day_in_words(s.from)}, {"to", day_in_words(s.to)},
                    {"sessions", sessions},         {"notice", s.notice},
                    {"none", s.sessions.empty()}};
}

void add_disclosure_pages(Site& site) {
  site.page("/families/{ref}/requests", requests_page);
  site.action("/families/{ref}/requests", answer_request, requests_page);
  site.page("/families/{ref}/consents", consents_page);
  site.action("/families/{ref}/consents", record_consent, consents_page);
  site.action("/families/{ref}/consents/withdraw", withdraw_consent, consents_page);
  site.page("/families/{ref}/concerns", concerns_page);
  site.action("/families/{ref}/concerns", record_concern, concerns_page);
  site.action("/families/{ref}/exception-disclosures", disclose_exception, concerns_page);
  site.page("/disclosures", register_page);
  site.file("/disclosures.csv", register_csv);
  site.page("/disclosures/{id}", exception_review_page);
  site.page("/disclosures/{id}/send", statement_send_page);
  site.file("/disclosures/{id}/statement.pdf", statement_send_pdf);
  site.action("/disclosures/{id}/sent", mark_statement_sent, statement_send_page);
  site.action("/disclosures/{id}/review", review_exception, exception_review_page);
  site.page("/disclosures/{id}/recall", recall_page);
  site.action("/disclosures/{id}/recall", report_wrong_recipient, recall_page);
}

}  // namespace haven::web
