// Routes for a family's journey: its steps from referral to closure, the intake papers, the
// centre's waiting list; and what waits for the caller (notices).
#include "api/handler_support.hpp"
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

}  // namespace

void add_journey_routes(http::Router& router, app::Workspace& ws) {
  const std::string v1 = "/api/v1";
  router.add("GET", v1 + "/families/{ref}/journey", authed(ws, reads(ScopeArea::families), show_journey));
  router.add("POST", v1 + "/families/{ref}/journey", authed(ws, writes(ScopeArea::families), record_step));
  router.add("PUT", v1 + "/families/{ref}/plans/{kind}", authed(ws, writes(ScopeArea::families), write_plan));
  router.add("GET", v1 + "/waiting-list", authed(ws, reads(ScopeArea::families), waiting_list));
  router.add("GET", v1 + "/notices", authed(ws, any_token, notices));
}

}  // namespace haven::api
