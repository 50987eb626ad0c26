// Routes for running the centre: DBS checks and renewals (clause 6), assessment agreements and
// room bookings (clause 5), the accident book and concerns, and the policy's versions and who
// has been told of it (clauses 9 and 10).
#include "api/handler_support.hpp"
#include "governance/lifecycle.hpp"
#include "incidents/incidents.hpp"
#include "policy/render.hpp"
#include "premises/bookings.hpp"
#include "records/rota.hpp"
#include "statistics/statistics.hpp"
#include "vetting/dbs.hpp"

namespace haven::api {

namespace {

// POST /staff/{handle}/dbs-checks
Result<Reply> record_dbs_check(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"level", "certificate_number", "issued_on", "update_service"}));
  HAVEN_TRY(level, enum_field<policy::DbsLevel>(body, "level", true, policy::DbsLevel::none));
  HAVEN_TRY(number, body.text("certificate_number", true, 12));
  HAVEN_TRY(issued, body.text("issued_on", true, 10));
  HAVEN_TRY(update, body.flag("update_service", false));
  HAVEN_TRY(out, vetting::record_check(ws, *c.centre, c.staff, r.params.at("handle"),
                                       {level, number, issued, update}));
  return created(json::object{{"id", out.check_id}, {"full_volunteer", out.full_volunteer}});
}

// GET /dbs-rechecks
Result<Reply> dbs_rechecks(app::Workspace& ws, Request& r, const Caller& c) {
  int within = 30;
  if (r.query.count("within_days")) {
    const auto& text = r.query.at("within_days");
    if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
      return fail(ErrorKind::invalid_input, "within_days is a whole number of days up to 9999");
    within = std::stoi(text);
  }
  HAVEN_TRY(due, vetting::recheck_due(ws, *c.centre, c.staff, std::chrono::floor<std::chrono::days>(now()),
                                      within));
  json::array rows;
  for (const auto& d : due)
    rows.push_back(json::object{{"handle", d.handle}, {"level", d.level}, {"issued_on", d.issued_on},
                                {"due_on", d.due_on}, {"update_service", d.update_service},
                                {"overdue", d.overdue}});
  return Reply{200, rows, {}};
}

// POST /families/{ref}/assessment-approvals
Result<Reply> agree_assessment(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"agency", "valid_until"}));
  HAVEN_TRY(agency, body.text("agency", true, 20));
  HAVEN_TRY(until, body.text("valid_until", true, 10));
  HAVEN_TRY(id, premises::approve_assessment(ws, *c.centre, c.staff, r.params.at("ref"), agency, until));
  return created(json::object{{"id", id}});
}

// POST /bookings
Result<Reply> book_room(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"kind", "room", "starts", "ends", "agency", "family"}));
  HAVEN_TRY(kind, enum_field<premises::BookingKind>(body, "kind", true, premises::BookingKind::other));
  HAVEN_TRY(room, body.text("room", true, 100));
  HAVEN_TRY(starts, body.text("starts", true, 16));
  HAVEN_TRY(ends, body.text("ends", true, 16));
  HAVEN_TRY(agency, body.text("agency", false, 20));
  HAVEN_TRY(family, body.text("family", false, 64));
  HAVEN_TRY(id, premises::book_room(ws, *c.centre, c.staff, {kind, room, starts, ends, agency, family}));
  return created(json::object{{"id", id}});
}

// POST /accidents
Result<Reply> record_accident(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"happened_at", "place", "account", "family"}));
  HAVEN_TRY(when, body.text("happened_at", true, 16));
  HAVEN_TRY(place, body.text("place", true, 100));
  HAVEN_TRY(account, body.text("account", true, 10000));
  HAVEN_TRY(family, body.text("family", false, 64));
  HAVEN_TRY(id, incidents::record_accident(ws, *c.centre, c.staff, {when, place, account, family}));
  return created(json::object{{"id", id}});
}

// GET /accidents
Result<Reply> accident_book(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(book, incidents::accident_book(ws, *c.centre, c.staff));
  json::array rows;
  for (const auto& a : book)
    rows.push_back(json::object{{"id", a.id}, {"happened_at", a.happened_at}, {"place", a.place},
                                {"account", a.account}, {"family", a.family_reference},
                                {"recorded_by", a.recorded_by}});
  return Reply{200, rows, {}};
}

// GET /families/{ref}/concerns
Result<Reply> list_concerns(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(list, incidents::concerns(ws, *c.centre, c.staff, r.params.at("ref")));
  json::array rows;
  for (const auto& x : list)
    rows.push_back(json::object{{"id", x.id}, {"kind", x.kind}, {"summary", x.summary},
                                {"recorded_by", x.recorded_by}, {"recorded_at", x.recorded_at}});
  return Reply{200, rows, {}};
}

// GET /policy/versions
Result<Reply> policy_versions(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(all, governance::versions(ws, *c.centre));
  json::array rows;
  for (const auto& v : all) rows.push_back(json::object{{"version", v.version}, {"adopted_at", v.adopted_at}});
  return Reply{200, rows, {}};
}

// GET /policy/diff
Result<Reply> policy_diff(app::Workspace& ws, Request& r, const Caller& c) {
  auto q = [&r](const char* k) { return r.query.count(k) ? r.query.at(k) : std::string(); };
  HAVEN_TRY(lines, governance::diff(ws, *c.centre, q("from"), q("to")));
  json::array rows;
  for (const auto& l : lines) rows.push_back(json::string(l));
  return Reply{200, rows, {}};
}

// POST /policy/acknowledgements
Result<Reply> acknowledge_policy(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"audience", "subject_kind", "subject_id", "on", "how"}));
  HAVEN_TRY(audience, enum_field<policy::Audience>(body, "audience", true, policy::Audience::users));
  HAVEN_TRY(kind, body.text("subject_kind", true, 20));
  HAVEN_TRY(subject, body.text("subject_id", true, 64));
  HAVEN_TRY(on, body.text("on", true, 10));
  HAVEN_TRY(how, body.text("how", true, 200));
  HAVEN_TRY(id, governance::acknowledge(ws, *c.centre, c.staff, {audience, kind, subject, on, how}));
  return created(json::object{{"id", id}});
}

// GET /policy/unacknowledged
Result<Reply> unacknowledged(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(list, governance::unacknowledged(ws, *c.centre, c.staff));
  json::array rows;
  for (const auto& x : list)
    rows.push_back(json::object{{"audience", x.audience}, {"kind", x.subject_kind}, {"id", x.subject_id}});
  return Reply{200, rows, {}};
}

// POST /sessions/{id}/rota
Result<Reply> assign_to_rota(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"handle"}));
  HAVEN_TRY(handle, body.text("handle", true, 40));
  HAVEN_TRY(done, records::assign_to_rota(ws, *c.centre, c.staff, r.params.at("id"), handle));
  return created(json::object{{"assigned", done}});
}

// GET /rota.ics: the caller's own rota as a calendar.
Result<Reply> rota_calendar(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(text, records::rota_calendar(ws, *c.centre, c.staff));
  return Reply::file("text/calendar; charset=utf-8", std::move(text));
}

// GET /policy.pdf: the policy in force, to print or send.
Result<Reply> policy_pdf(app::Workspace&, Request&, const Caller& c) {
  HAVEN_TRY(bytes, policy::render_pdf(c.centre->preset));
  return Reply::file("application/pdf", std::move(bytes));
}

}  // namespace

// The quarter of a statistics route (?quarter=2026-Q4), or the one today falls in.
Result<statistics::Figures> figures_asked(app::Workspace& ws, const Request& r, const Caller& c) {
  statistics::Quarter quarter = statistics::quarter_of(london_today());
  if (r.query.contains("quarter")) {
    HAVEN_TRY(asked, statistics::parse_quarter(r.query.at("quarter")));
    quarter = asked;
  }
  return statistics::quarterly(ws, *c.centre, c.staff, quarter);
}

// GET /statistics?quarter=2026-Q4
Result<Reply> quarterly_statistics(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(f, figures_asked(ws, r, c));
  auto counts = [](const std::vector<std::pair<std::string, int>>& rows) {
    json::object out;
    for (const auto& [name, n] : rows) out[name] = n;
    return out;
  };
  return Reply{200,
               json::object{{"quarter", f.quarter.name()},
                            {"from", format_day(f.quarter.first_day())},
                            {"to", format_day(f.quarter.last_day())},
                            {"referrals", f.referrals},
                            {"referrals_by_source", counts(f.referrals_by_source)},
                            {"families_seen", f.families_seen},
                            {"children_seen", f.children_seen},
                            {"sessions_held", f.sessions_held},
                            {"handovers_held", f.handovers_held},
                            {"sessions_called_off", f.sessions_called_off},
                            {"no_shows", f.no_shows},
                            {"contact_begun", f.contact_begun},
                            {"cases_closed", f.closed},
                            {"cases_closed_by_outcome", counts(f.closed_by_outcome)},
                            {"waiting_at_end", f.waiting_at_end}},
               {}};
}

// GET /statistics.csv?quarter=2026-Q4
Result<Reply> quarterly_statistics_csv(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(f, figures_asked(ws, r, c));
  return Reply::file(
      "text/csv; charset=utf-8", statistics::figures_csv(f),
      {{"Content-Disposition", fmt::format("attachment; filename=\"statistics-{}.csv\"", f.quarter.name())}});
}

void add_operations_routes(http::Router& router, app::Workspace& ws) {
  const std::string v1 = "/api/v1";

  router.add("POST", v1 + "/staff/{handle}/dbs-checks", authed(ws, writes(ScopeArea::staff), record_dbs_check));
  router.add("GET", v1 + "/dbs-rechecks", authed(ws, reads(ScopeArea::staff), dbs_rechecks));
  router.add("POST", v1 + "/families/{ref}/assessment-approvals", authed(ws, writes(ScopeArea::premises), agree_assessment));
  router.add("POST", v1 + "/bookings", authed(ws, writes(ScopeArea::premises), book_room));
  router.add("POST", v1 + "/accidents", authed(ws, writes(ScopeArea::premises), record_accident));
  router.add("GET", v1 + "/accidents", authed(ws, reads(ScopeArea::premises), accident_book));
  router.add("GET", v1 + "/families/{ref}/concerns", authed(ws, reads(ScopeArea::families), list_concerns));
  router.add("GET", v1 + "/policy/versions", authed(ws, reads(ScopeArea::oversight), policy_versions));
  router.add("GET", v1 + "/policy/diff", authed(ws, reads(ScopeArea::oversight), policy_diff));
  router.add("POST", v1 + "/policy/acknowledgements", authed(ws, writes(ScopeArea::oversight), acknowledge_policy));
  router.add("GET", v1 + "/policy/unacknowledged", authed(ws, reads(ScopeArea::oversight), unacknowledged));
  router.add("POST", v1 + "/sessions/{id}/rota", authed(ws, writes(ScopeArea::premises), assign_to_rota));
  router.add("GET", v1 + "/rota.ics", authed(ws, reads(ScopeArea::premises), rota_calendar));
  router.add("GET", v1 + "/policy.pdf", authed(ws, reads(ScopeArea::oversight), policy_pdf));
  router.add("GET", v1 + "/statistics", authed(ws, reads(ScopeArea::oversight), quarterly_statistics));
  router.add("GET", v1 + "/statistics.csv", authed(ws, reads(ScopeArea::oversight), quarterly_statistics_csv));
}

}  // namespace haven::api
