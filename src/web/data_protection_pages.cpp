// Data protection: the breach log, requests for records with their clock, and the documents written
// from the policy (the record of processing activities, the appropriate policy document), for
// coordinators and management. Each page calls one
// operation of dataprotection/ and shows what it returns; who may read, record, decide or report
// is the decision point's (a refusal comes back as the page's error, naming its clause).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ranges>

#include "dataprotection/breaches.hpp"
#include "dataprotection/documents.hpp"
#include "dataprotection/requests.hpp"
#include "governance/lifecycle.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

using dataprotection::Breach;
using dataprotection::BreachDecision;

// The categories a breach may name, in the order the form offers them.
constexpr std::array categories{policy::Item::first_name,
                                policy::Item::surname,
                                policy::Item::date_of_birth,
                                policy::Item::address,
                                policy::Item::phone,
                                policy::Item::email,
                                policy::Item::must_not_meet,
                                policy::Item::session_times,
                                policy::Item::attendance_times,
                                policy::Item::session_note,
                                policy::Item::referral_details,
                                policy::Item::concern_record,
                                policy::Item::accident_record,
                                policy::Item::case_progress,
                                policy::Item::risk_assessment,
                                policy::Item::contact_plan};

std::string breach_path(const std::string& id) { return "/data-protection/breaches/" + id; }

std::string when_words(const std::string& utc) {
  auto t = parse_utc(utc);
  return t ? format_london_time(*t) + " on " + format_london_day_words(*t) : std::string();
}

// Where a breach stands, in words, with the time left of its 72 hours while they still matter.
// Who recorded a breach: "Amy", "Haven found it itself", "Haven, from what Amy reported".
std::string recorded_words(const Breach& b) {
  if (!b.found_by_haven) return b.recorded_by;
  return b.reported_by.empty() ? "Haven found it itself" : "Haven, from what " + b.reported_by + " reported";
}

std::string standing_words(const Breach& b, Instant at) {
  if (b.decision == BreachDecision::not_reportable) return "Decided not reportable";
  if (!b.reported_at.empty()) return "Reported to the Information Commissioner";
  auto deadline = parse_utc(b.deadline);
  std::string step = b.decision == BreachDecision::undecided ? "Needs a decision" : "Reportable, not yet reported";
  if (!deadline) return step;
  if (*deadline <= at) return fmt::format("{}: the 72 hours ended at {}", step, when_words(b.deadline));
  auto hours = std::chrono::floor<std::chrono::hours>(*deadline - at).count();
  return fmt::format("{}: {} left, until {}", step,
                     hours >= 1 ? counted(static_cast<std::size_t>(hours), "hour", "hours") : "less than an hour",
                     when_words(b.deadline));
}

std::string category_words(const std::vector<policy::Item>& items) {
  if (items.empty()) return "Not yet known";
  std::string out;
  for (auto item : items) out += (out.empty() ? "" : ", ") + std::string(dataprotection::describe(item));
  return capitalised(out);
}

std::string request_path(const std::string& id) { return "/data-protection/requests/" + id; }

std::string received_words(dataprotection::ReceivedHow how) {
  switch (how) {
    case dataprotection::ReceivedHow::portal:
      return "in the parents' portal";
    case dataprotection::ReceivedHow::letter:
      return "by letter";
    case dataprotection::ReceivedHow::email:
      return "by email";
    case dataprotection::ReceivedHow::in_person:
      return "in person";
    case dataprotection::ReceivedHow::local_authority:
      return "from the local authority";
  }
  return "";
}

std::string outcome_words(dataprotection::RequestOutcome how) {
  switch (how) {
    case dataprotection::RequestOutcome::released:
      return "Answered: records released";
    case dataprotection::RequestOutcome::withdrawn:
      return "Withdrawn";
    case dataprotection::RequestOutcome::refused:
      return "Refused";
    case dataprotection::RequestOutcome::no_records:
      return "Closed: no records held";
  }
  return "";
}

// Where a request stands, in words, and whether it is overdue.
std::string request_standing(const dataprotection::RequestCase& r) {
  if (!r.open())
    return fmt::format("{} on {}", outcome_words(r.outcome.value_or(dataprotection::RequestOutcome::released)),
                       day_in_words(r.answered_on));
  if (r.clock_stopped())
    return fmt::format("Clock stopped on {}, waiting for {}", format_day_words(r.pauses.back().stopped),
                       dataprotection::waiting_words(r.pauses.back().waiting_for));
  return (r.overdue(london_today()) ? "The answer was due by " : "Answer due by ") + day_in_words(r.due_on);
}

// "Child 2", "Resident parent".
std::string requester_words(const dataprotection::Requester& r) {
  return r.child_number > 0 ? fmt::format("Child {}", r.child_number) : plain_words(r.party);
}

// GET /data-protection: the breach log and the requests for records.
Result<Page> data_protection_page(http::Request&, const Viewer& v) {
  HAVEN_TRY(found, dataprotection::breaches(*v.ws, *v.centre, v.staff));
  HAVEN_TRY(cases, dataprotection::request_cases(*v.ws, *v.centre, v.staff));
  auto page = make_page("Data protection", "data_protection");
  ViewList requests;
  for (const auto& r : cases)
    requests.push_back(ViewObject{{"href", request_path(r.id)},
                                  {"reference", r.family_reference},
                                  {"whose", plain_words(r.party)},
                                  {"received", day_in_words(r.received_on) + ", " + received_words(r.how)},
                                  {"standing", request_standing(r)},
                                  {"overdue", r.overdue(london_today())}});
  page.data.set("requests", requests);
  page.data.set("has_requests", !requests.empty());
  ViewList rows;
  Instant at = now();
  for (const auto& b : found)
    rows.push_back(ViewObject{
        {"href", breach_path(b.id)},
        {"found", when_words(b.found_at)},
        {"standing", standing_words(b, at)},
        {"urgent", b.awaiting_action()},
        {"families", b.families.empty() ? std::string("None named") : fmt::format("{}", fmt::join(b.families, ", "))},
        {"by", recorded_words(b)}});
  page.data.set("breaches", rows);
  page.data.set("has_breaches", !rows.empty());
  return page;
}

// The category checkboxes, those in `chosen` ticked.
ViewList category_boxes(const std::vector<policy::Item>& chosen) {
  ViewList boxes;
  for (auto item : categories)
    boxes.push_back(ViewObject{{"name", "category_" + std::string(name_of(item))},
                               {"words", capitalised(std::string(dataprotection::describe(item)))},
                               {"checked", std::ranges::find(chosen, item) != chosen.end()}});
  return boxes;
}

// What a breach touched, as the form gives it: the families' references (separated by commas) and
// the categories ticked; the field marked when none is ticked.
struct ScopeTyped {
  std::vector<std::string> families;
  std::vector<policy::Item> categories;
};
Result<ScopeTyped> scope_from(const Form& form) {
  ScopeTyped out;
  HAVEN_TRY(families, form.text("families", "the families' references", false, 400));
  for (auto part : families | std::views::split(',')) {
    std::string reference(part.begin(), part.end());
    auto first = reference.find_first_not_of(' '), last = reference.find_last_not_of(' ');
    if (first != std::string::npos) out.families.push_back(reference.substr(first, last - first + 1));
  }
  for (auto item : categories)
    if (form.checked("category_" + std::string(name_of(item)))) out.categories.push_back(item);
  if (out.categories.empty()) return form.mark("category_first_name", "Choose the kinds of data involved");
  return out;
}

// A refusal of a breach's scope, on its form: a reference that is not the centre's marks the field.
std::unexpected<Error> scope_refused(const Form& form, const Error& e) {
  if (e.kind == ErrorKind::invalid_input && e.message.ends_with(dataprotection::not_a_family))
    return form.mark("families", e.message);
  return on_form(form, e, {{"families", "families"}});
}

// GET /data-protection/breaches/new
Result<Page> new_breach_page(http::Request&, const Viewer& v) {
  HAVEN_CHECK(dataprotection::open_log(*v.ws, *v.centre, v.staff));
  auto page = make_page("Record a data breach", "breach_new");
  page.data.set("categories", category_boxes({}));
  return page;
}

// POST /data-protection/breaches
Result<Outcome> record_breach(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_CHECK(dataprotection::open_log(*v.ws, *v.centre, v.staff));  // refused before anything is read
  dataprotection::NewBreach b;
  HAVEN_TRY(found, form_moment(form, "found_on", "the day it was found", "found_time", "the time it was found"));
  b.found_at = found;
  HAVEN_TRY(what, form.text("what_happened", "what happened", true, dataprotection::what_happened_longest));
  b.what_happened = what;
  HAVEN_TRY(scope, scope_from(form));
  b.families = scope.families;
  b.categories = scope.categories;
  auto id = dataprotection::record_breach(*v.ws, *v.centre, v.staff, b);
  if (!id) return scope_refused(form, id.error());
  return Redirect{breach_path(*id), "breach_recorded"};
}

// POST /data-protection/breaches/{breach}/scope
Result<Outcome> update_scope(http::Request& r, const Form& form, const Viewer& v) {
  const auto& id = r.params.at("breach");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such breach.");
  HAVEN_TRY(scope, scope_from(form));
  auto done = dataprotection::update_scope(*v.ws, *v.centre, v.staff, id, scope.families, scope.categories);
  if (!done) return scope_refused(form, done.error());
  return Redirect{breach_path(id), "breach_scope_updated"};
}

// GET /data-protection/breaches/{breach}
Result<Page> breach_page(http::Request& r, const Viewer& v) {
  const auto& id = r.params.at("breach");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such breach.");
  HAVEN_TRY(b, dataprotection::breach(*v.ws, *v.centre, v.staff, id));
  auto page = make_page("Data breach found " + format_london_day_words(*parse_utc(b.found_at)), "breach");
  auto& d = page.data;
  d.set("id", b.id);
  d.set("found", when_words(b.found_at));
  d.set("standing", standing_words(b, now()));
  d.set("urgent", b.awaiting_action());
  d.set("what_happened", b.what_happened);
  d.set("families", b.families.empty() ? std::string("None named") : fmt::format("{}", fmt::join(b.families, ", ")));
  d.set("categories", category_words(b.categories));
  d.set("by", recorded_words(b));
  if (b.decision != BreachDecision::undecided) {
    d.set("decision",
          std::string(b.decision == BreachDecision::reportable ? "Reportable to the Information Commissioner"
                                                               : "Not reportable"));
    d.set("decision_reason", b.decision_reason);
    d.set("decided", fmt::format("{}, {}", b.decided_by, when_words(b.decided_at)));
  }
  if (!b.reported_at.empty()) {
    d.set("reported", when_words(b.reported_at));
    d.set("ico_reference", b.ico_reference);
  }
  d.set("scope_families", fmt::format("{}", fmt::join(b.families, ", ")));
  d.set("scope_categories", category_boxes(b.categories));
  bool decides = may(v, policy::Action::decide_breach);
  d.set("may_decide", decides && b.decision == BreachDecision::undecided);
  d.set("may_report", decides && b.decision == BreachDecision::reportable && b.reported_at.empty());
  return page;
}

// POST /data-protection/breaches/{breach}/decision
Result<Outcome> decide_breach(http::Request& r, const Form& form, const Viewer& v) {
  const auto& id = r.params.at("breach");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such breach.");
  HAVEN_TRY(decision, form.choice<BreachDecision>("decision", "Choose whether the breach is reportable"));
  HAVEN_TRY(reason, form.text("reason", "the reason for the decision", true, dataprotection::reason_longest));
  HAVEN_CHECK(dataprotection::decide(*v.ws, *v.centre, v.staff, id, decision, reason));
  return Redirect{breach_path(id), "breach_decided"};
}

// POST /data-protection/breaches/{breach}/report
Result<Outcome> report_breach(http::Request& r, const Form& form, const Viewer& v) {
  const auto& id = r.params.at("breach");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such breach.");
  HAVEN_TRY(on, form.date("reported_on", "the day it was reported"));
  HAVEN_TRY(time, form.clock("reported_time", "the time it was reported", true));
  auto at = parse_london(format_day(on) + " " + time);
  if (!at) return form.mark("reported_time", at.error().message);
  HAVEN_TRY(reference, form.text("ico_reference", "the Commissioner's reference", true, 40));
  HAVEN_CHECK(dataprotection::record_report(*v.ws, *v.centre, v.staff, id, *at, reference));
  return Redirect{breach_path(id), "breach_reported"};
}

// The request id of an address, as given.
Result<std::string> request_id(const http::Request& r) {
  const auto& id = r.params.at("request");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such request for records.");
  return id;
}

// GET /data-protection/requests/new[?family=REF]: the family first, then whose records and how the
// request came.
Result<Page> new_request_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(query, query_form(r));
  auto family = query.raw("family");
  auto page = make_page("Log a request for records", "records_request_new");
  page.data.set("family", family);
  if (family.empty()) {
    HAVEN_CHECK(dataprotection::open_log(*v.ws, *v.centre, v.staff));  // refused before anything is shown
    return page;
  }
  auto people = dataprotection::requesters(*v.ws, *v.centre, v.staff, family);
  if (!people && people.error().kind == ErrorKind::invalid_input) {
    page.status = 400;
    page.data.set("family_error", "No family at this centre has the reference " + family);
    return page;
  }
  if (!people) return std::unexpected(people.error());
  ViewList choices;
  for (const auto& p : *people)
    choices.push_back(ViewObject{{"value", p.person_id}, {"words", requester_words(p)}, {"first", choices.empty()}});
  page.data.set("people", choices);
  page.data.set("chosen_family", true);
  return page;
}

// POST /data-protection/requests
Result<Outcome> record_request(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, form.text("family", "the family's reference", true, 16));
  HAVEN_TRY(person, form.text("person", "whose records are asked for", true, 64));
  HAVEN_TRY(received, form.date("received_on", "the day the request was received"));
  HAVEN_TRY(how, form.choice<dataprotection::ReceivedHow>("received_how", "Choose how the request came"));
  auto id = dataprotection::record_request(*v.ws, *v.centre, v.staff, {family, person, received, how});
  if (!id) return on_form(form, id.error(), {{"person", "person"}, {"received_on", "received_on"}});
  return Redirect{request_path(*id), "request_logged"};
}

// GET /data-protection/requests/{request}
Result<Page> request_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(id, request_id(r));
  HAVEN_TRY(found, dataprotection::request_case(*v.ws, *v.centre, v.staff, id));
  auto page = make_page("Request for records, family " + found.family_reference, "records_request");
  auto& d = page.data;
  d.set("id", found.id);
  d.set("reference", found.family_reference);
  d.set("whose", plain_words(found.party));
  d.set("received", day_in_words(found.received_on) + ", " + received_words(found.how));
  d.set("standing", request_standing(found));
  d.set("overdue", found.overdue(london_today()));
  d.set("identity", text_or_nothing(found.identity_checked_on.empty() ? "" : day_in_words(found.identity_checked_on)));
  ViewList pauses;
  for (const auto& p : found.pauses)
    pauses.push_back(ViewObject{
        {"text", fmt::format("Stopped on {} waiting for {}{}", format_day_words(p.stopped),
                             dataprotection::waiting_words(p.waiting_for),
                             p.restarted ? ", restarted on " + format_day_words(*p.restarted) : std::string())}});
  d.set("pauses", pauses);
  d.set("has_pauses", !pauses.empty());
  if (found.extended_months > 0) {
    d.set("extended", counted(static_cast<std::size_t>(found.extended_months), "month", "months"));
    d.set("extension_reason", found.extension_reason);
  }
  d.set("outcome_reason", text_or_nothing(found.outcome_reason));
  bool open = found.open();
  d.set("open", open);
  d.set("needs_identity",
        open && found.how != dataprotection::ReceivedHow::portal && found.identity_checked_on.empty());
  d.set("may_stop", open && !found.clock_stopped());
  d.set("may_restart", open && found.clock_stopped());
  d.set("may_check_identity", open && found.identity_checked_on.empty());
  d.set("may_extend", open && found.extended_months == 0);
  d.set("may_correct_received", found.received_correctable());
  return page;
}

// A change to the request in the path on the day the form's date `field` gives (`label`: "the
// day the clock stopped"); the domain's refusal of that day is shown on the form.
template <class Change>
Result<Outcome> change_on_day(http::Request& r, const Form& form, const std::string& field, std::string_view label,
                              Change change) {
  HAVEN_TRY(id, request_id(r));
  HAVEN_TRY(on, form.date(field, label));
  Result<bool> done = change(id, on);
  if (!done) return on_form(form, done.error(), {{"on", field}});
  return Redirect{request_path(id), "request_updated"};
}

// POST /data-protection/requests/{request}/received
Result<Outcome> correct_received(http::Request& r, const Form& form, const Viewer& v) {
  return change_on_day(r, form, "received_on", "the day it was received", [&](const std::string& id, Day on) {
    return dataprotection::correct_received(*v.ws, *v.centre, v.staff, id, on);
  });
}

// POST /data-protection/requests/{request}/identity
Result<Outcome> check_identity(http::Request& r, const Form& form, const Viewer& v) {
  return change_on_day(r, form, "identity_on", "the day the identity was checked", [&](const std::string& id, Day on) {
    return dataprotection::identity_checked(*v.ws, *v.centre, v.staff, id, on);
  });
}

// POST /data-protection/requests/{request}/stop
Result<Outcome> stop_clock(http::Request& r, const Form& form, const Viewer& v) {
  return change_on_day(
      r, form, "stopped_on", "the day the clock stopped", [&](const std::string& id, Day on) -> Result<bool> {
        HAVEN_TRY(what,
                  form.choice<dataprotection::WaitingFor>("waiting_for", "Choose what the centre is waiting for"));
        return dataprotection::stop_clock(*v.ws, *v.centre, v.staff, id, on, what);
      });
}

// POST /data-protection/requests/{request}/restart
Result<Outcome> restart_clock(http::Request& r, const Form& form, const Viewer& v) {
  return change_on_day(r, form, "restarted_on", "the day the clock restarted", [&](const std::string& id, Day on) {
    return dataprotection::restart_clock(*v.ws, *v.centre, v.staff, id, on);
  });
}

// POST /data-protection/requests/{request}/extension
Result<Outcome> extend_request(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(id, request_id(r));
  auto months = whole_number(form.raw("months"), 1, 2);
  if (!months) return form.mark("months", "Choose how many months to extend by");
  HAVEN_TRY(reason, form.text("reason", "why the request needs more time", true, 2000));
  auto done = dataprotection::extend(*v.ws, *v.centre, v.staff, id, *months, reason);
  if (!done) return on_form(form, done.error(), {{"reason", "reason"}, {"months", "months"}});
  return Redirect{request_path(id), "request_updated"};
}

// POST /data-protection/requests/{request}/close
Result<Outcome> close_request(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(id, request_id(r));
  HAVEN_TRY(how, form.choice<dataprotection::RequestOutcome>("outcome", "Choose how the request ended"));
  HAVEN_TRY(on, form.date("closed_on", "the day it ended"));
  HAVEN_TRY(reason, form.text("refusal_reason", "why the request was refused",
                              how == dataprotection::RequestOutcome::refused, 2000));
  auto done = dataprotection::close_request(*v.ws, *v.centre, v.staff, id, how, on, reason);
  if (!done) return on_form(form, done.error(), {{"on", "closed_on"}, {"reason", "refusal_reason"}});
  return Redirect{request_path(id), "request_closed"};
}

// The document a page's address names ("record-of-processing", "appropriate-policy").
Result<dataprotection::DocumentKind> document_asked(const http::Request& r) {
  const auto& name = r.params.at("document");
  if (name == "record-of-processing") return dataprotection::DocumentKind::record_of_processing;
  if (name == "appropriate-policy") return dataprotection::DocumentKind::appropriate_policy;
  return fail(ErrorKind::not_found, "There is no such document.");
}

// The policy version a document's address asks for ("?version=2026.1"); empty for the one in force.
Result<std::string> version_asked(const http::Request& r) {
  HAVEN_TRY(query, query_form(r));
  auto version = query.raw("version");
  bool plain = version.size() <= 32 && std::ranges::all_of(version, [](unsigned char ch) {
                 return std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_';
               });
  if (!plain) return fail(ErrorKind::not_found, "There is no such version.");
  return version;
}

// GET /data-protection/documents/{document}[?version=]
Result<Page> document_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(kind, document_asked(r));
  HAVEN_TRY(version, version_asked(r));
  HAVEN_TRY(doc, dataprotection::document(*v.ws, *v.centre, v.staff, kind, version));
  HAVEN_TRY(versions, governance::versions(*v.ws, *v.centre));
  auto page = make_page(doc.title, "data_protection_document");
  std::string address = "/data-protection/documents/" + r.params.at("document");
  std::string query = version.empty() ? "" : "?version=" + version;
  page.data.set("title", doc.title);
  page.data.set("pdf", address + "/pdf" + query);
  page.data.set("markdown", address + "/markdown" + query);
  page.data.set("blocks", policy_blocks(doc.markdown));
  ViewList others;
  for (const auto& earlier : versions)
    if (earlier.version != (version.empty() ? v.centre->preset.version : version))
      others.push_back(ViewObject{
          {"href", address + (earlier.version == v.centre->preset.version ? "" : "?version=" + earlier.version)},
          {"words",
           "Policy version " + earlier.version + (earlier.version == v.centre->preset.version ? " (in force)" : "")}});
  page.data.set("versions", others);
  page.data.set("has_versions", !others.empty());
  return page;
}

// GET /data-protection/documents/{document}/pdf and /markdown [?version=]
Result<http::Response> document_file(const http::Request& r, const Viewer& v, bool as_pdf) {
  HAVEN_TRY(kind, document_asked(r));
  HAVEN_TRY(version, version_asked(r));
  HAVEN_TRY(doc, dataprotection::document(*v.ws, *v.centre, v.staff, kind, version));
  std::string body = doc.markdown;
  if (as_pdf) {
    HAVEN_TRY(bytes, dataprotection::document_pdf(doc));
    body = bytes;
  }
  return http::Response{
      200,
      as_pdf ? "application/pdf" : "text/markdown; charset=utf-8",
      body,
      {{"Content-Disposition", fmt::format("attachment; filename=\"{}.{}\"", doc.file_name, as_pdf ? "pdf" : "md")}}};
}

Result<http::Response> document_pdf(http::Request& r, const Viewer& v) { return document_file(r, v, true); }
Result<http::Response> document_markdown(http::Request& r, const Viewer& v) { return document_file(r, v, false); }

}  // namespace

void add_data_protection_pages(Site& site) {
  site.page("/data-protection/requests/new", new_request_page);
  site.action("/data-protection/requests", record_request, new_request_page);
  site.page("/data-protection/requests/{request}", request_page);
  site.action("/data-protection/requests/{request}/close", close_request, request_page);
  site.action("/data-protection/requests/{request}/received", correct_received, request_page);
  site.action("/data-protection/requests/{request}/identity", check_identity, request_page);
  site.action("/data-protection/requests/{request}/stop", stop_clock, request_page);
  site.action("/data-protection/requests/{request}/restart", restart_clock, request_page);
  site.action("/data-protection/requests/{request}/extension", extend_request, request_page);
  site.page("/data-protection/documents/{document}", document_page);
  site.file("/data-protection/documents/{document}/pdf", document_pdf);
  site.file("/data-protection/documents/{document}/markdown", document_markdown);
  site.page("/data-protection", data_protection_page);
  site.page("/data-protection/breaches/new", new_breach_page);
  site.action("/data-protection/breaches", record_breach, new_breach_page);
  site.page("/data-protection/breaches/{breach}", breach_page);
  site.action("/data-protection/breaches/{breach}/decision", decide_breach, breach_page);
  site.action("/data-protection/breaches/{breach}/report", report_breach, breach_page);
  site.action("/data-protection/breaches/{breach}/scope", update_scope, breach_page);
}

}  // namespace haven::web
