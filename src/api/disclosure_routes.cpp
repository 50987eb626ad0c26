// Routes for information leaving the centre: requests (attendance statements, contact details),
// consents, concerns, exception disclosures and their review, and the disclosure register.
#include "api/handler_support.hpp"
#include "dataprotection/breaches.hpp"
#include "disclosure/disclosures.hpp"
#include "disclosure/subject_access.hpp"

namespace haven::api {

namespace {

using disclosure::Recipient;

Result<Recipient> recipient_field(const JsonBody& body, std::string_view key) {
  HAVEN_TRY(r, body.nested(key, {"kind", "referral_id", "person_id", "name"}));
  HAVEN_TRY(kind, enum_field<policy::RecipientKind>(r, "kind", true, policy::RecipientKind::other_person));
  HAVEN_TRY(referral, r.text("referral_id", false, 64));
  HAVEN_TRY(person, r.text("person_id", false, 64));
  HAVEN_TRY(name, r.text("name", false, 200));
  return Recipient{kind, referral, person, name};
}

json::object outcome_json(const disclosure::Outcome& o) {
  json::object out{{"register_id", o.register_id}, {"allowed", o.allowed}, {"clause", policy::cite(o.clause)}, {"reason", o.reason}};
  if (o.statement) out["statement"] = disclosure::statement_json(*o.statement);
  if (!o.contact_value.empty()) out["contact_value"] = o.contact_value;
  if (!o.warning.empty()) out["warning"] = o.warning;
  json::array mirrors;
  for (const auto& id : o.mirror_register_ids) mirrors.push_back(json::string(id));
  out["mirror_register_ids"] = mirrors;
  return out;
}

// A refusal is recorded, then reported as 403 with its clause and register entry.
Result<Reply> outcome_reply(const disclosure::Outcome& o, int status_if_allowed) {
  if (o.allowed) return Reply{status_if_allowed, outcome_json(o), {}};
  auto refused = o.refusal();
  json::object error{{"kind", "denied"},
                     {"message", refused.message},
                     {"clause", refused.clause_id()},
                     {"register_id", o.register_id}};
  return Reply{403, json::object{{"error", error}}, {}};
}

// POST /families/{ref}/consents
Result<Reply> record_consent(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"person_id", "field", "recipient", "given_on", "how_given",
                                           "expires_on"}));
  disclosure::NewConsent n;
  HAVEN_TRY(person, body.text("person_id", true, 64));
  HAVEN_TRY(field, enum_field<policy::ContactField>(body, "field", true, policy::ContactField::address));
  HAVEN_TRY(to, recipient_field(body, "recipient"));
  HAVEN_TRY(given, body.text("given_on", true, 10));
  HAVEN_TRY(how, body.text("how_given", true, 20));
  HAVEN_TRY(expires, body.text("expires_on", false, 10));
  n = {person, field, to, given, how, expires};
  HAVEN_TRY(id, disclosure::record_consent(ws, *c.centre, c.staff, r.params.at("ref"), n));
  return created(json::object{{"id", id}});
}

// GET /families/{ref}/consents
Result<Reply> list_consents(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(consents, disclosure::list_consents(ws, *c.centre, c.staff, r.params.at("ref"),
                                                std::chrono::floor<std::chrono::days>(now())));
  json::array rows;
  for (const auto& v : consents)
    rows.push_back(json::object{{"id", v.id}, {"person_id", v.person_id}, {"field", v.field},
                                {"recipient_kind", v.recipient_kind}, {"recipient_ref", v.recipient_ref},
                                {"given_on", v.given_on}, {"how_given", v.how_given},
                                {"expires_on", v.expires_on}, {"withdrawn_on", v.withdrawn_on},
                                {"live", v.live}});
  return Reply{200, rows, {}};
}

// POST /consents/{id}/withdraw
Result<Reply> withdraw_consent(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"on"}));
  HAVEN_TRY(on, body.text("on", false, 10));
  auto day = on.empty() ? format_day(std::chrono::floor<std::chrono::days>(now())) : on;
  HAVEN_TRY(done, disclosure::withdraw_consent(ws, *c.centre, c.staff, r.params.at("id"), day));
  return Reply{200, json::object{{"withdrawn", done}, {"on", day}}, {}};
}

// POST /families/{ref}/concerns
Result<Reply> record_concern(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"kind", "summary"}));
  HAVEN_TRY(kind, enum_field<disclosure::ConcernKind>(body, "kind", true, disclosure::ConcernKind::welfare));
  HAVEN_TRY(summary, body.text("summary", true, 10000));
  HAVEN_TRY(id, disclosure::record_concern(ws, *c.centre, c.staff, r.params.at("ref"), kind, summary));
  return created(json::object{{"id", id}});
}

// POST /families/{ref}/exception-disclosures
Result<Reply> disclose_exception(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"kind", "concern_id", "recipient", "justification", "items"}));
  disclosure::ExceptionDisclosure d;
  HAVEN_TRY(kind, enum_field<disclosure::ConcernKind>(body, "kind", true, disclosure::ConcernKind::welfare));
  HAVEN_TRY(concern, body.text("concern_id", false, 64));
  HAVEN_TRY(to, recipient_field(body, "recipient"));
  HAVEN_TRY(justification, body.text("justification", false, 5000));
  HAVEN_TRY(words, body.words("items"));
  d = {kind, concern, to, justification, {}};
  for (const auto& w : words) {
    auto item = parse_enum<policy::Item>(w);
    if (!item) return fail(ErrorKind::invalid_input, "items are among: " + allowed_names<policy::Item>());
    d.items.push_back(*item);
  }
  HAVEN_TRY(outcome, disclosure::disclose_exception(ws, *c.centre, c.staff, r.params.at("ref"), d));
  return outcome_reply(outcome, 201);
}

// GET /disclosures/{id}: an exception disclosure as management reviews it.
Result<Reply> exception_for_review(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(e, disclosure::exception_for_review(ws, *c.centre, c.staff, r.params.at("id")));
  json::array items;
  for (auto item : e.items) items.emplace_back(name_of(item));
  json::object out{
      {"id", e.id},
      {"kind", e.to_other_side ? "release_to_other_side" : "exception"},
      {"about_party", e.about_party},
      {"at", e.at},
      {"family", e.family_reference},
      {"items", items},
      {"recipient_kind", e.recipient_kind},
      {"recipient_name", e.recipient_name},
      {"justification", e.justification},
      {"disclosed_by", e.disclosed_by},
      {"concern",
       json::object{{"kind", e.concern_kind}, {"recorded_at", e.concern_recorded_at}, {"summary", e.concern_summary}}},
      {"pending", e.pending}};
  if (e.finding)
    out["review"] = json::object{{"finding", name_of(*e.finding)},
                                 {"note", e.note},
                                 {"reviewed_by", e.reviewed_by},
                                 {"reviewed_at", e.reviewed_at}};
  return Reply{200, out, {}};
}

// POST /disclosures/{id}/review {"finding": "proper" | "improper", "note": "..."}
Result<Reply> review_exception(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"finding", "note"}));
  HAVEN_TRY(finding, enum_field<disclosure::ReviewFinding>(body, "finding", true, disclosure::ReviewFinding::proper));
  HAVEN_TRY(note, body.text("note", false, 5000));
  HAVEN_TRY(done, disclosure::review_exception(ws, *c.centre, c.staff, r.params.at("id"), {finding, note}));
  return Reply{200, json::object{{"reviewed", done}}, {}};
}

// POST /disclosures/{id}/recall {"found_at": UTC, "what_happened": "..."}: the breach Haven logged.
Result<Reply> report_wrong_recipient(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"found_at", "what_happened"}));
  HAVEN_TRY(found, body.utc("found_at"));
  HAVEN_TRY(what, body.text("what_happened", true, dataprotection::what_happened_longest));
  HAVEN_TRY(breach, disclosure::report_wrong_recipient(ws, *c.centre, c.staff, r.params.at("id"), {found, what}));
  return Reply{201, json::object{{"recalled", true}, {"breach", breach}}, {}};
}

// POST /families/{ref}/requests: answered with the attendance statement as a PDF when the client
// asks for application/pdf.
Result<Reply> request_information(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"recipient", "asked", "about_person", "field", "from", "to",
                                           "for_proceedings"}));
  disclosure::InformationRequest req;
  HAVEN_TRY(to, recipient_field(body, "recipient"));
  req.from = to;
  HAVEN_TRY(asked, enum_field<disclosure::Asked>(body, "asked", true, disclosure::Asked::attendance));
  req.asked = asked;
  HAVEN_TRY(about, body.text("about_person", false, 64));
  req.about_person = about;
  HAVEN_TRY(field, enum_field<policy::ContactField>(body, "field", false, policy::ContactField::address));
  req.field = field;
  HAVEN_TRY(from, body.text("from", false, 10));
  HAVEN_TRY(until, body.text("to", false, 10));
  req.period_from = from;
  req.period_to = until;
  HAVEN_TRY(proceedings, body.flag("for_proceedings", false));
  req.for_proceedings = proceedings;
  HAVEN_TRY(outcome, disclosure::request_information(ws, *c.centre, c.staff, r.params.at("ref"), req));
  if (outcome.allowed && outcome.statement && r.header("accept") == "application/pdf") {
    HAVEN_TRY(bytes, disclosure::statement_pdf(*outcome.statement));
    auto reply = Reply::file("application/pdf", std::move(bytes), {{"X-Haven-Register-Id", outcome.register_id}});
    if (!outcome.warning.empty()) reply.headers.emplace_back("X-Haven-Warning", outcome.warning);
    return reply;
  }
  return outcome_reply(outcome, 200);
}

Result<std::vector<disclosure::RegisterEntry>> register_entries(app::Workspace& ws, const Request& r, const Caller& c) {
  auto q = [&r](const char* k) { return r.query.count(k) ? r.query.at(k) : std::string(); };
  disclosure::RegisterFilter f{q("family"), q("outcome"), q("asked"), q("from"), q("to"), q("pending_review") == "true"};
  return disclosure::list_register(ws, *c.centre, c.staff, f);
}

// GET /disclosures
Result<Reply> disclosure_register(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(entries, register_entries(ws, r, c));
  return Reply{200, disclosure::register_json(entries), {}};
}

// GET /disclosures.csv
Result<Reply> disclosure_register_csv(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(entries, register_entries(ws, r, c));
  return Reply::file("text/csv; charset=utf-8", disclosure::register_csv(entries),
                     {{"Content-Disposition", "attachment; filename=\"disclosure-register.csv\""}});
}

// POST /families/{ref}/subject-access: a PDF when the client asks for application/pdf.
Result<Reply> subject_access(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"person_id", "recipient"}));
  HAVEN_TRY(person, body.text("person_id", true, 64));
  HAVEN_TRY(to, recipient_field(body, "recipient"));
  HAVEN_TRY(e, disclosure::subject_access(ws, *c.centre, c.staff, r.params.at("ref"), {person, to}));
  if (!e.allowed) {
    disclosure::Outcome refused;
    refused.register_id = e.register_id;
    refused.clause = e.clause;
    refused.reason = e.reason;
    return outcome_reply(refused, 200);
  }
  if (r.header("accept") == "application/pdf") {
    HAVEN_TRY(bytes, disclosure::subject_access_pdf(e));
    return Reply::file("application/pdf", std::move(bytes), {{"X-Haven-Register-Id", e.register_id}});
  }
  auto out = disclosure::subject_access_json(e).as_object();
  out["register_id"] = e.register_id;
  return Reply{200, out, {}};
}

}  // namespace

void add_disclosure_routes(http::Router& router, app::Workspace& ws) {
  const std::string v1 = "/api/v1";

  router.add("POST", v1 + "/families/{ref}/requests", authed(ws, reads_and_writes(ScopeArea::disclosures), request_information));

  router.add("POST", v1 + "/families/{ref}/consents", authed(ws, writes(ScopeArea::families), record_consent));
  router.add("GET", v1 + "/families/{ref}/consents", authed(ws, reads(ScopeArea::families), list_consents));
  router.add("POST", v1 + "/consents/{id}/withdraw", authed(ws, writes(ScopeArea::families), withdraw_consent));
  router.add("POST", v1 + "/families/{ref}/concerns", authed(ws, writes(ScopeArea::families), record_concern));
  router.add("POST", v1 + "/families/{ref}/exception-disclosures", authed(ws, writes(ScopeArea::disclosures), disclose_exception));

  router.add("GET", v1 + "/disclosures", authed(ws, reads(ScopeArea::disclosures), disclosure_register));
  router.add("GET", v1 + "/disclosures.csv", authed(ws, reads(ScopeArea::disclosures), disclosure_register_csv));

  router.add("POST", v1 + "/families/{ref}/subject-access", authed(ws, reads_and_writes(ScopeArea::disclosures), subject_access));

  router.add("GET", v1 + "/disclosures/{id}", authed(ws, reads(ScopeArea::disclosures), exception_for_review));
  router.add("POST", v1 + "/disclosures/{id}/review", authed(ws, writes(ScopeArea::disclosures), review_exception));
  router.add("POST", v1 + "/disclosures/{id}/recall",
             authed(ws, writes(ScopeArea::disclosures), report_wrong_recipient));
}

}  // namespace haven::api
