// Routes for the centre's data-protection records: the breach log (dataprotection/breaches.hpp)
// and requests for records with their clock (dataprotection/requests.hpp).
// Times are UTC ("2026-12-05T10:15:00Z"); families are named by reference and data by category.
#include "api/handler_support.hpp"
#include "dataprotection/breaches.hpp"
#include "dataprotection/requests.hpp"

namespace haven::api {

namespace {

using dataprotection::Breach;

json::object breach_json(const Breach& b) {
  json::array categories;
  for (auto item : b.categories) categories.push_back(json::string(name_of(item)));
  json::array families;
  for (const auto& f : b.families) families.push_back(json::string(f));
  return json::object{{"id", b.id},
                      {"found_at", b.found_at},
                      {"deadline", b.deadline},
                      {"what_happened", b.what_happened},
                      {"families", families},
                      {"categories", categories},
                      {"found_by_haven", b.found_by_haven},
                      {"recorded_by", b.recorded_by},
                      {"reported_by", b.reported_by},
                      {"decision", name_of(b.decision)},
                      {"decision_reason", b.decision_reason},
                      {"decided_by", b.decided_by},
                      {"decided_at", b.decided_at},
                      {"reported_at", b.reported_at},
                      {"ico_reference", b.ico_reference},
                      {"awaiting_action", b.awaiting_action()}};
}

// The "categories" of a body: each a policy::Item's name.
Result<std::vector<policy::Item>> categories_field(const JsonBody& body) {
  HAVEN_TRY(names, body.words("categories"));
  std::vector<policy::Item> out;
  for (const auto& name : names) {
    auto item = parse_enum<policy::Item>(name);
    if (!item)
      return fail(ErrorKind::invalid_input,
                  fmt::format("categories: '{}' is not one of: {}", name, allowed_names<policy::Item>()));
    out.push_back(*item);
  }
  return out;
}

// POST /breaches
Result<Reply> record_breach(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"found_at", "what_happened", "families", "categories"}));
  dataprotection::NewBreach b;
  HAVEN_TRY(found, body.utc("found_at"));
  b.found_at = found;
  HAVEN_TRY(what, body.text("what_happened", true, dataprotection::what_happened_longest));
  b.what_happened = what;
  HAVEN_TRY(families, body.words("families"));
  b.families = families;
  HAVEN_TRY(categories, categories_field(body));
  b.categories = categories;
  HAVEN_TRY(id, dataprotection::record_breach(ws, *c.centre, c.staff, b));
  return created(json::object{{"id", id}});
}

// POST /breaches/{id}/scope: the families and kinds of data it touched, as now known
Result<Reply> update_scope(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"families", "categories"}));
  HAVEN_TRY(families, body.words("families"));
  HAVEN_TRY(categories, categories_field(body));
  HAVEN_CHECK(dataprotection::update_scope(ws, *c.centre, c.staff, r.params.at("id"), families, categories));
  return Reply{200, json::object{{"updated", true}}, {}};
}

// GET /breaches
Result<Reply> list_breaches(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(all, dataprotection::breaches(ws, *c.centre, c.staff));
  json::array rows;
  for (const auto& b : all) rows.push_back(breach_json(b));
  return Reply{200, rows, {}};
}

// GET /breaches/{id}
Result<Reply> show_breach(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(b, dataprotection::breach(ws, *c.centre, c.staff, r.params.at("id")));
  return Reply{200, breach_json(b), {}};
}

// POST /breaches/{id}/decision
Result<Reply> decide_breach(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"decision", "reason"}));
  HAVEN_TRY(decision, enum_field<dataprotection::BreachDecision>(body, "decision", true,
                                                                 dataprotection::BreachDecision::undecided));
  HAVEN_TRY(reason, body.text("reason", true, dataprotection::reason_longest));
  HAVEN_CHECK(dataprotection::decide(ws, *c.centre, c.staff, r.params.at("id"), decision, reason));
  return Reply{200, json::object{{"decided", true}}, {}};
}

// POST /breaches/{id}/report
Result<Reply> report_breach(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"reported_at", "ico_reference"}));
  HAVEN_TRY(at, body.utc("reported_at"));
  HAVEN_TRY(reference, body.text("ico_reference", true, 40));
  HAVEN_CHECK(dataprotection::record_report(ws, *c.centre, c.staff, r.params.at("id"), at, reference));
  return Reply{200, json::object{{"reported", true}}, {}};
}

json::object request_json(const dataprotection::RequestCase& r) {
  json::array pauses;
  for (const auto& p : r.pauses)
    pauses.push_back(json::object{{"stopped_on", format_day(p.stopped)},
                                  {"restarted_on", p.restarted ? format_day(*p.restarted) : std::string()},
                                  {"waiting_for", name_of(p.waiting_for)}});
  return json::object{{"id", r.id},
                      {"family", r.family_reference},
                      {"party", r.party},
                      {"received_how", name_of(r.how)},
                      {"received_on", r.received_on},
                      {"identity_checked_on", r.identity_checked_on},
                      {"due_on", r.due_on},
                      {"clock_stopped", r.clock_stopped()},
                      {"pauses", pauses},
                      {"extended_months", r.extended_months},
                      {"extension_reason", r.extension_reason},
                      {"answered_on", r.answered_on},
                      {"outcome", r.outcome ? json::value(name_of(*r.outcome)) : json::value(nullptr)},
                      {"outcome_reason", r.outcome_reason}};
}

// GET /records-requests
Result<Reply> list_requests(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(all, dataprotection::request_cases(ws, *c.centre, c.staff));
  json::array rows;
  for (const auto& r : all) rows.push_back(request_json(r));
  return Reply{200, rows, {}};
}

// GET /records-requests/{id}: one request, its reasons opened
Result<Reply> show_request(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(found, dataprotection::request_case(ws, *c.centre, c.staff, r.params.at("id")));
  return Reply{200, request_json(found), {}};
}

// POST /records-requests/{id}/close: {"outcome": "withdrawn" | "refused" | "no_records", "on", "reason"}
Result<Reply> close_request(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"outcome", "on", "reason"}));
  HAVEN_TRY(how, enum_field<dataprotection::RequestOutcome>(body, "outcome", true,
                                                            dataprotection::RequestOutcome::withdrawn));
  HAVEN_TRY(on, day_field(body, "on"));
  HAVEN_TRY(reason, body.text("reason", false, 2000));
  HAVEN_CHECK(dataprotection::close_request(ws, *c.centre, c.staff, r.params.at("id"), how, on, reason));
  return Reply{200, json::object{{"closed", true}}, {}};
}

// POST /records-requests
Result<Reply> record_request(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"family", "person", "received_on", "received_how"}));
  HAVEN_TRY(family, body.text("family", true, 16));
  HAVEN_TRY(person, body.text("person", true, 64));
  HAVEN_TRY(received, day_field(body, "received_on"));
  HAVEN_TRY(how,
            enum_field<dataprotection::ReceivedHow>(body, "received_how", true, dataprotection::ReceivedHow::letter));
  HAVEN_TRY(id, dataprotection::record_request(ws, *c.centre, c.staff, {family, person, received, how}));
  return created(json::object{{"id", id}});
}

// POST /records-requests/{id}/clock: {"event": "received" | "identity_checked" | "stopped" | "restarted", "on",
// "waiting_for"}; "received" puts right the day a request logged by staff was received.
Result<Reply> move_clock(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"event", "on", "waiting_for"}));
  HAVEN_TRY(event, body.text("event", true, 20));
  HAVEN_TRY(on, day_field(body, "on"));
  const auto& id = r.params.at("id");
  if (event == "received") {
    HAVEN_CHECK(dataprotection::correct_received(ws, *c.centre, c.staff, id, on));
  } else if (event == "identity_checked") {
    HAVEN_CHECK(dataprotection::identity_checked(ws, *c.centre, c.staff, id, on));
  } else if (event == "stopped") {
    HAVEN_TRY(what,
              enum_field<dataprotection::WaitingFor>(body, "waiting_for", true, dataprotection::WaitingFor::identity));
    HAVEN_CHECK(dataprotection::stop_clock(ws, *c.centre, c.staff, id, on, what));
  } else if (event == "restarted") {
    HAVEN_CHECK(dataprotection::restart_clock(ws, *c.centre, c.staff, id, on));
  } else {
    return fail(ErrorKind::invalid_input, "event is received, identity_checked, stopped or restarted");
  }
  return Reply{200, json::object{{"recorded", true}}, {}};
}

// POST /records-requests/{id}/extension
Result<Reply> extend_request(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"months", "reason"}));
  HAVEN_TRY(months, body.whole_number("months", true, 1, 2));
  HAVEN_TRY(reason, body.text("reason", true, 2000));
  HAVEN_CHECK(dataprotection::extend(ws, *c.centre, c.staff, r.params.at("id"), months.value_or(1), reason));
  return Reply{200, json::object{{"extended", true}}, {}};
}

}  // namespace

void add_data_protection_routes(http::Router& router, app::Workspace& ws) {
  router.add("GET", "/api/v1/records-requests", authed(ws, reads(ScopeArea::oversight), list_requests));
  router.add("POST", "/api/v1/records-requests", authed(ws, writes(ScopeArea::oversight), record_request));
  router.add("GET", "/api/v1/records-requests/{id}", authed(ws, reads(ScopeArea::oversight), show_request));
  router.add("POST", "/api/v1/records-requests/{id}/close", authed(ws, writes(ScopeArea::oversight), close_request));
  router.add("POST", "/api/v1/records-requests/{id}/clock", authed(ws, writes(ScopeArea::oversight), move_clock));
  router.add("POST", "/api/v1/records-requests/{id}/extension",
             authed(ws, writes(ScopeArea::oversight), extend_request));
  const std::string v1 = "/api/v1";
  router.add("POST", v1 + "/breaches", authed(ws, writes(ScopeArea::oversight), record_breach));
  router.add("GET", v1 + "/breaches", authed(ws, reads(ScopeArea::oversight), list_breaches));
  router.add("GET", v1 + "/breaches/{id}", authed(ws, reads(ScopeArea::oversight), show_breach));
  router.add("POST", v1 + "/breaches/{id}/decision", authed(ws, writes(ScopeArea::oversight), decide_breach));
  router.add("POST", v1 + "/breaches/{id}/report", authed(ws, writes(ScopeArea::oversight), report_breach));
  router.add("POST", v1 + "/breaches/{id}/scope", authed(ws, writes(ScopeArea::oversight), update_scope));
}

}  // namespace haven::api
