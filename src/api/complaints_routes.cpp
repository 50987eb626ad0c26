// Routes for the complaints log (complaints/complaints.hpp): service and data-protection
// complaints and the steps of their life. Days are YYYY-MM-DD; a family is named by reference.
#include "api/handler_support.hpp"
#include "complaints/complaints.hpp"

namespace haven::api {

namespace {

using complaints::Complaint;

json::value answer_json(const std::optional<complaints::Answer>& a) {
  if (!a) return nullptr;
  return json::object{{"on", a->on}, {"finding", name_of(a->finding)}, {"summary", a->summary}, {"by", a->by}};
}

json::object complaint_json(const Complaint& k) {
  return json::object{{"id", k.id},
                      {"kind", name_of(k.kind)},
                      {"from", name_of(k.from)},
                      {"received_how", name_of(k.how)},
                      {"received_on", k.received_on},
                      {"family", k.family_reference},
                      {"complainant", k.complainant},
                      {"summary", k.summary},
                      {"acknowledged_on", k.acknowledged_on},
                      {"stage_one", answer_json(k.stage_one)},
                      {"stage_two_asked_on", k.stage_two_asked_on},
                      {"reviewer", k.reviewer},
                      {"stage_two", answer_json(k.stage_two)},
                      {"referred_to", k.referred_to ? json::value(name_of(*k.referred_to)) : json::value(nullptr)},
                      {"referred_on", k.referred_on},
                      {"withdrawn_on", k.withdrawn_on},
                      {"waiting_for", name_of(k.waiting)},
                      {"due_on", k.due_on}};
}

// GET /complaints
Result<Reply> list_complaints(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(all, complaints::complaints(ws, *c.centre, c.staff));
  json::array rows;
  for (const auto& k : all) rows.push_back(complaint_json(k));
  return Reply{200, rows, {}};
}

// GET /complaints/{id}
Result<Reply> show_complaint(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(k, complaints::complaint(ws, *c.centre, c.staff, r.params.at("id")));
  return Reply{200, complaint_json(k), {}};
}

// POST /complaints
Result<Reply> record_complaint(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body,
                                  {"kind", "from", "received_how", "received_on", "complainant", "family", "summary"}));
  complaints::NewComplaint n;
  HAVEN_TRY(kind, enum_field<complaints::Kind>(body, "kind", true, complaints::Kind::service));
  HAVEN_TRY(from, enum_field<complaints::From>(body, "from", true, complaints::From::parent));
  HAVEN_TRY(how, enum_field<complaints::ReceivedHow>(body, "received_how", true, complaints::ReceivedHow::letter));
  HAVEN_TRY(received, day_field(body, "received_on"));
  HAVEN_TRY(complainant, body.text("complainant", true, 200));
  HAVEN_TRY(family, body.text("family", false, 16));
  HAVEN_TRY(summary, body.text("summary", true, complaints::text_longest));
  n = {kind, from, how, received, complainant, family, summary};
  HAVEN_TRY(id, complaints::record_complaint(ws, *c.centre, c.staff, n));
  return created(json::object{{"id", id}});
}

// POST /complaints/{id}/steps: {"step", "on", "finding", "summary", "reviewer", "to"}
Result<Reply> record_step(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"step", "on", "finding", "summary", "reviewer", "to"}));
  HAVEN_TRY(what, enum_field<complaints::Step::What>(body, "step", true, complaints::Step::What::acknowledged));
  HAVEN_TRY(on, day_field(body, "on"));
  complaints::Step step{what, on};
  bool answered = what == complaints::Step::What::answered;
  HAVEN_TRY(finding, enum_field<complaints::Finding>(body, "finding", answered, complaints::Finding::not_upheld));
  HAVEN_TRY(summary, body.text("summary", answered, complaints::text_longest));
  HAVEN_TRY(reviewer, body.text("reviewer", what == complaints::Step::What::stage_two_asked, 200));
  HAVEN_TRY(to, enum_field<complaints::ReferredTo>(body, "to", what == complaints::Step::What::referred,
                                                   complaints::ReferredTo::naccc));
  step.finding = finding;
  step.text = answered ? summary : reviewer;
  step.to = to;
  HAVEN_CHECK(complaints::record_step(ws, *c.centre, c.staff, r.params.at("id"), step));
  return Reply{200, json::object{{"recorded", true}}, {}};
}

}  // namespace

void add_complaints_routes(http::Router& router, app::Workspace& ws) {
  const std::string v1 = "/api/v1";
  router.add("GET", v1 + "/complaints", authed(ws, reads(ScopeArea::oversight), list_complaints));
  router.add("POST", v1 + "/complaints", authed(ws, writes(ScopeArea::oversight), record_complaint));
  router.add("GET", v1 + "/complaints/{id}", authed(ws, reads(ScopeArea::oversight), show_complaint));
  router.add("POST", v1 + "/complaints/{id}/steps", authed(ws, writes(ScopeArea::oversight), record_step));
}

}  // namespace haven::api
