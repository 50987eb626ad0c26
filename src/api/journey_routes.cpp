// Routes for a family's journey: its steps from referral to closure, the intake papers, the
// centre's waiting list; and what waits for the caller (notices).
#include "api/handler_support.hpp"
#include "applications/applications.hpp"
#include "journey/journey.hpp"
#include "journey/json.hpp"
#include "notices/notices.hpp"

namespace haven::api {

namespace {

// GET /families/{ref}/journey
Result<Reply> show_journey(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(j, journey::journey_of(ws, *c.centre, c.staff, r.params.at("ref")));
  return Reply{200, journey::journey_json(j), {}};
}

// POST /families/{ref}/journey: one step, {"step", "on", "person_id", "how", "outcome"}
Result<Reply> record_step(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"step", "on", "person_id", "how", "outcome"}));
  HAVEN_TRY(step, enum_field<journey::Step>(body, "step", true, journey::Step::reviewed));
  HAVEN_TRY(on, day_field(body, "on"));
  HAVEN_TRY(person,
            body.text("person_id", step == journey::Step::pre_visit || step == journey::Step::ground_rules, 64));
  HAVEN_TRY(how, body.text("how", step == journey::Step::ground_rules, 40));
  HAVEN_TRY(outcome,
            enum_field<journey::Outcome>(body, "outcome", step == journey::Step::closed, journey::Outcome::other));
  HAVEN_TRY(done, journey::record_step(ws, *c.centre, c.staff, r.params.at("ref"), {step, on, person, how, outcome}));
  return created(json::object{{"recorded", done}});
}

// PUT /families/{ref}/plans/{kind}: a new version of the risk assessment or contact plan
Result<Reply> write_plan(app::Workspace& ws, Request& r, const Caller& c) {
  auto kind = parse_enum<journey::Plan>(r.params.at("kind"));
  if (!kind)
    return fail(ErrorKind::not_found,
                fmt::format("there is no plan called that; the plans are: {}", allowed_names<journey::Plan>()));
  HAVEN_TRY(body, JsonBody::parse(r.body, {"text"}));
  HAVEN_TRY(text, body.text("text", true, 20000));
  HAVEN_TRY(done, journey::write_plan(ws, *c.centre, c.staff, r.params.at("ref"), *kind, text));
  return Reply{200, json::object{{"written", done}}, {}};
}

// GET /waiting-list
Result<Reply> waiting_list(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(waiting, journey::waiting_list(ws, *c.centre, c.staff));
  return Reply{200, journey::waiting_json(waiting), {}};
}

// GET /notices: what waits for the caller, the new first: each in words, what it is about (and
// the family's reference where there is one), and whether it is new to the caller.
Result<Reply> notices(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(waiting, notices::waiting_for(ws, *c.centre, c.staff, london_today()));
  json::array rows;
  for (const auto& n : waiting) {
    json::object row{{"text", n.text}, {"about", name_of(n.subject)}, {"new", n.fresh}};
    if (!n.family_reference.empty()) row["family"] = n.family_reference;
    rows.push_back(std::move(row));
  }
  return Reply{200, rows, {}};
}

json::object summary_json(const applications::Summary& s) {
  json::object out{{"id", s.id},
                   {"reference", s.reference},
                   {"applicant", name_of(s.applicant)},
                   {"agency", name_of(s.agency)},
                   {"received_at", s.received_at},
                   {"status", name_of(s.status)}};
  if (!s.family_reference.empty()) out["family"] = s.family_reference;
  return out;
}

// GET /applications: those sent through the public referral form, not yet taken in or declined
Result<Reply> list_applications(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(received, applications::waiting(ws, *c.centre, c.staff));
  json::array rows;
  for (const auto& s : received) rows.push_back(summary_json(s));
  return Reply{200, rows, {}};
}

// GET /applications/{id}: one application with what it holds (until it is declined)
Result<Reply> show_application(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(opened, applications::open(ws, *c.centre, c.staff, r.params.at("id")));
  auto out = summary_json(opened.summary);
  const auto& a = opened.details;
  if (!a.parent_first_name.empty()) {
    json::object details{{"referrer_name", a.referrer_name},
                         {"organisation", a.organisation},
                         {"contact_email", a.contact_email},
                         {"contact_phone", a.contact_phone},
                         {"parent_party", name_of(a.parent_party)},
                         {"parent_first_name", a.parent_first_name},
                         {"parent_surname", a.parent_surname},
                         {"parent_address", a.parent_address},
                         {"parent_phone", a.parent_phone},
                         {"parent_email", a.parent_email},
                         {"other_parent_first_name", a.other_parent_first_name},
                         {"other_parent_surname", a.other_parent_surname},
                         {"parental_responsibility", a.parental_responsibility},
                         {"lives_with", a.lives_with},
                         {"availability", a.availability},
                         {"who_may_attend", a.who_may_attend},
                         {"domestic_abuse", a.domestic_abuse},
                         {"court_order", a.court_order},
                         {"risks", a.risks}};
    json::array children;
    for (const auto& child : a.children)
      children.push_back(json::object{
          {"first_name", child.first_name}, {"surname", child.surname}, {"date_of_birth", child.date_of_birth}});
    details["children"] = std::move(children);
    out["details"] = std::move(details);
  }
  return Reply{200, out, {}};
}

// POST /applications/{id}/take-in {family?}: into a new family on the waiting list, or the one named
Result<Reply> take_in_application(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body.empty() ? std::string_view("{}") : std::string_view(r.body), {"family"}));
  HAVEN_TRY(into, body.text("family", false, 16));
  HAVEN_TRY(family, applications::take_in(ws, *c.centre, c.staff, r.params.at("id"), into));
  return Reply{200, json::object{{"family", family.reference}}, {}};
}

// POST /applications/{id}/decline
Result<Reply> decline_application(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(done, applications::decline(ws, *c.centre, c.staff, r.params.at("id")));
  return Reply{200, json::object{{"declined", done}}, {}};
}

}  // namespace

void add_journey_routes(http::Router& router, app::Workspace& ws) {
  const std::string v1 = "/api/v1";
  router.add("GET", v1 + "/families/{ref}/journey", authed(ws, reads(ScopeArea::families), show_journey));
  router.add("POST", v1 + "/families/{ref}/journey", authed(ws, writes(ScopeArea::families), record_step));
  router.add("PUT", v1 + "/families/{ref}/plans/{kind}", authed(ws, writes(ScopeArea::families), write_plan));
  router.add("GET", v1 + "/waiting-list", authed(ws, reads(ScopeArea::families), waiting_list));
  router.add("GET", v1 + "/notices", authed(ws, any_token, notices));
  router.add("GET", v1 + "/applications", authed(ws, reads(ScopeArea::families), list_applications));
  router.add("GET", v1 + "/applications/{id}", authed(ws, reads(ScopeArea::families), show_application));
  router.add("POST", v1 + "/applications/{id}/take-in", authed(ws, writes(ScopeArea::families), take_in_application));
  router.add("POST", v1 + "/applications/{id}/decline", authed(ws, writes(ScopeArea::families), decline_application));
}

}  // namespace haven::api
