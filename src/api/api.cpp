#include "api/api.hpp"

#include <fmt/format.h>

#include "access/staff.hpp"
#include "accounts/credentials.hpp"
#include "api/handler_support.hpp"
#include "api/json_body.hpp"
#include "core/text.hpp"
#include "directory/directory.hpp"
#include "directory/json.hpp"
#include "governance/oversight.hpp"
#include "policy/render.hpp"
#include "policy/review.hpp"
#include "records/families.hpp"
#include "records/family_view.hpp"
#include "records/json.hpp"

namespace haven::api {


namespace {

json::object staff_json(const access::Staff& s) {
  return {{"handle", s.handle},
          {"display_name", s.display_name},
          {"role", name_of(s.role)},
          {"dbs_level", name_of(s.dbs)},
          {"dbs_checked_on", s.dbs_checked_on},
          {"role_in_force", !s.role_pending}};
}

// POST /logout
Result<Reply> sign_out(app::Workspace& ws, Request& r, const Caller&) {
  auto cookie = r.cookie(Api::session_cookie);
  if (!cookie.empty()) accounts::close_session(ws, cookie);
  return Reply{200, json::object{{"signed_out", true}},
               {{"Set-Cookie", fmt::format("{}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
                                           Api::session_cookie)}}};
}

// GET /me
Result<Reply> who_am_i(app::Workspace&, Request&, const Caller& c) {
  auto me = staff_json(c.staff);
  me["centre"] = c.centre->name;
  return Reply{200, me, {}};
}

// POST /tokens
Result<Reply> issue_token(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"label", "scopes", "days"}));
  accounts::TokenRequest request;
  HAVEN_TRY(label, body.text("label", true, 100));
  request.label = label;
  HAVEN_TRY(words, body.words("scopes"));
  for (const auto& w : words) {
    HAVEN_TRY(scope, accounts::parse_scope(w));
    request.scopes.push_back(scope);
  }
  HAVEN_TRY(days, body.whole_number("days", false, 1, 365));
  if (days) request.lifetime = std::chrono::days{*days};
  request.minted_with = c.token;
  HAVEN_TRY(token, accounts::issue_token(ws, c.staff, request));
  return created(json::object{{"id", token.id}, {"token", token.token}, {"expires_at", token.expires_at}});
}

// DELETE /tokens/{id}
Result<Reply> revoke_token(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(done, accounts::revoke_token(ws, c.staff, r.params.at("id")));
  return Reply{200, json::object{{"revoked", done}}, {}};
}

// GET /policy
Result<Reply> policy_in_force(app::Workspace&, Request&, const Caller& c) {
  const auto& p = c.centre->preset;
  auto review = policy::review_status(p, std::chrono::floor<std::chrono::days>(now()));
  return Reply{200,
               json::object{{"preset", p.id},
                            {"version", p.version},
                            {"review_due", format_day(review.due_on)},
                            {"review_overdue", review.overdue},
                            {"markdown", policy::render_markdown(p)}},
               {}};
}

// GET /audit/verify
Result<Reply> verify_audit(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(trail, governance::audit_trail(ws, *c.centre, c.staff));
  const auto& report = trail.report;
  json::object out{{"ok", report.ok}, {"entries", report.entries}, {"checkpoints", report.checkpoints}};
  if (!report.ok) {
    if (report.first_broken) out["first_broken"] = *report.first_broken;
    out["problem"] = report.problem;
  }
  return Reply{200, out, {}};
}

// GET /staff
Result<Reply> list_staff(app::Workspace& ws, Request&, const Caller& c) {
  HAVEN_TRY(staff, accounts::centre_staff(ws, *c.centre, c.staff));
  json::array rows;
  for (const auto& s : staff) rows.push_back(staff_json(s));
  return Reply{200, rows, {}};
}

// A set-up code, for whoever hands the account over: shown in this answer only.
void add_setup(json::object& out, const std::optional<accounts::SetupCode>& setup) {
  if (!setup) return;
  out["setup_code"] = setup->code;
  out["setup_code_expires"] = format_utc(setup->expires);
}

// POST /staff
Result<Reply> open_account(app::Workspace& ws, Request& r, const Caller& c) {
  // Neither a DBS level (it comes only from a recorded check, clause 6) nor a password (its holder
  // chooses it with the set-up code) is given here.
  HAVEN_TRY(body, JsonBody::parse(r.body, {"handle", "display_name", "role"}));
  HAVEN_TRY(handle, body.text("handle", true, 40));
  HAVEN_TRY(name, body.text("display_name", true, 100));
  HAVEN_TRY(role, enum_field<policy::Role>(body, "role", true, policy::Role::volunteer));
  HAVEN_TRY(opened, accounts::open_account(ws, *c.centre, c.staff, {handle, name, role}));
  auto out = staff_json(opened.staff);
  add_setup(out, opened.setup);
  return created(out);
}

// POST /staff/{handle}/approve-role
Result<Reply> approve_role(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(approved, accounts::approve_role(ws, *c.centre, c.staff, r.params.at("handle")));
  auto out = staff_json(approved.staff);
  add_setup(out, approved.setup);
  return Reply{200, out, {}};
}

// POST /staff/{handle}/reset-sign-in
Result<Reply> reset_sign_in(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(setup, accounts::reset_sign_in(ws, *c.centre, c.staff, r.params.at("handle")));
  json::object out{{"handle", r.params.at("handle")}};
  add_setup(out, setup);
  return Reply{200, out, {}};
}

// POST /staff/{handle}/disable
Result<Reply> disable_account(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(done, accounts::disable_account(ws, *c.centre, c.staff, r.params.at("handle")));
  return Reply{200, json::object{{"disabled", done}}, {}};
}

// GET /families?show=open&page=2&per_page=25
Result<Reply> list_families(app::Workspace& ws, Request& r, const Caller& c) {
  directory::Query q;
  auto given = [&r](const char* key) { return r.query.contains(key) ? r.query.at(key) : std::string(); };
  if (auto show = given("show"); !show.empty()) {
    auto parsed = parse_enum<directory::Show>(show);
    if (!parsed)
      return fail(ErrorKind::invalid_input, fmt::format("'show' must be one of: {}", allowed_names<directory::Show>()));
    q.show = *parsed;
  }
  for (auto [key, field] : {std::pair{"page", &q.page}, std::pair{"per_page", &q.per_page}})
    if (auto text = given(key); !text.empty()) {
      auto number = whole_number(text, 1, 100000);
      if (!number) return fail(ErrorKind::invalid_input, fmt::format("'{}' must be a whole number from 1", key));
      *field = *number;
    }
  HAVEN_TRY(listing, directory::find(ws, *c.centre, c.staff, q));
  return Reply{200, directory::listing_json(listing), {}};
}

// POST /families
Result<Reply> create_family(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"must_not_meet"}));
  HAVEN_TRY(flag, body.flag("must_not_meet", false));
  HAVEN_TRY(family, records::create_family(ws, *c.centre, c.staff, flag));
  return created(json::object{{"id", family.id}, {"reference", family.reference}});
}

// POST /families/search {"name": "pri oka", "exact": false, "show": "open", "page": 1, "per_page": 25}
Result<Reply> search_families(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"name", "exact", "show", "page", "per_page"}));
  directory::Query q;
  HAVEN_TRY(name, body.text("name", true, 200));
  HAVEN_TRY(exact, body.flag("exact", false));
  HAVEN_TRY(show, enum_field<directory::Show>(body, "show", false, directory::Show::all));
  HAVEN_TRY(page, body.whole_number("page", false, 1, 100000));
  HAVEN_TRY(per_page, body.whole_number("per_page", false, 1, 100));
  q.name = name;
  q.exact = exact;
  q.show = show;
  q.page = page.value_or(q.page);
  q.per_page = per_page.value_or(q.per_page);
  HAVEN_TRY(listing, directory::find(ws, *c.centre, c.staff, q));
  return Reply{200, directory::listing_json(listing), {}};
}

// GET /families/{ref}
Result<Reply> show_family(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(view, records::show_family(ws, *c.centre, c.staff, r.params.at("ref")));
  return Reply{200, records::family_json(view), {}};
}

// POST /families/{ref}/people
Result<Reply> add_person(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(family, records::find_family(ws, *c.centre, r.params.at("ref")));
  HAVEN_TRY(body, JsonBody::parse(r.body, {"party", "first_name", "surname", "date_of_birth",
                                           "address", "phone", "email"}));
  records::NewPerson p;
  HAVEN_TRY(party, enum_field<records::Party>(body, "party", true, records::Party::child));
  p.party = party;
  for (auto [key, field, required] :
       {std::tuple{"first_name", &p.first_name, true}, std::tuple{"surname", &p.surname, false},
        std::tuple{"date_of_birth", &p.date_of_birth, false}, std::tuple{"address", &p.address, false},
        std::tuple{"phone", &p.phone, false}, std::tuple{"email", &p.email, false}}) {
    HAVEN_TRY(value, body.text(key, required, 500));
    *field = value;
  }
  HAVEN_TRY(id, records::add_person(ws, *c.centre, c.staff, family.id, p));
  return created(json::object{{"id", id}});
}

// POST /families/{ref}/referrals
Result<Reply> add_referral(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(family, records::find_family(ws, *c.centre, r.params.at("ref")));
  HAVEN_TRY(body, JsonBody::parse(r.body, {"agency", "referrer_name", "acting_for", "referred_on"}));
  HAVEN_TRY(agency, enum_field<records::AgencyKind>(body, "agency", true, records::AgencyKind::other));
  HAVEN_TRY(name, body.text("referrer_name", false, 200));
  HAVEN_TRY(acting_for, body.text("acting_for", false, 64));
  HAVEN_TRY(referred_on, body.text("referred_on", true, 10));
  HAVEN_TRY(id, records::add_referral(ws, *c.centre, c.staff, family.id,
                                      {agency, name, acting_for, referred_on}));
  return created(json::object{{"id", id}});
}

// The new times and room of a session, from a body with starts, ends, room and gap_minutes.
Result<records::NewSession> session_times(const JsonBody& body) {
  HAVEN_TRY(starts, body.text("starts", true, 16));
  HAVEN_TRY(ends, body.text("ends", true, 16));
  HAVEN_TRY(room, body.text("room", true, 100));
  HAVEN_TRY(gap, body.text("gap_minutes", false, 2));
  if (!gap.empty() && gap.find_first_not_of("0123456789") != std::string::npos)
    return fail(ErrorKind::invalid_input, "'gap_minutes' is a whole number of minutes, as a string");
  return records::NewSession{starts, ends, room, gap.empty() ? 15 : std::stoi(gap)};
}

// POST /families/{ref}/sessions (kind: supported, the default, or handover)
Result<Reply> schedule_session(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(family, records::find_family(ws, *c.centre, r.params.at("ref")));
  HAVEN_TRY(body, JsonBody::parse(r.body, {"starts", "ends", "room", "gap_minutes", "kind"}));
  HAVEN_TRY(times, session_times(body));
  HAVEN_TRY(kind, enum_field<records::SessionKind>(body, "kind", false, records::SessionKind::supported));
  times.kind = kind;
  HAVEN_TRY(id, records::schedule_session(ws, *c.centre, c.staff, family.id, times));
  return created(json::object{{"id", id}});
}

// POST /sessions/{id}/move
Result<Reply> move_session(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"starts", "ends", "room", "gap_minutes"}));
  HAVEN_TRY(times, session_times(body));
  HAVEN_TRY(done, records::move_session(ws, *c.centre, c.staff, r.params.at("id"), times));
  return Reply{200, json::object{{"moved", done}}, {}};
}

// POST /sessions/{id}/attendance/corrections
Result<Reply> correct_attendance(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"person_id", "status", "at", "reason"}));
  HAVEN_TRY(person, body.text("person_id", true, 64));
  HAVEN_TRY(status, body.text("status", true, 16));
  HAVEN_TRY(at, body.text("at", false, 16));
  HAVEN_TRY(reason, enum_field<records::AmendReason>(body, "reason", true, records::AmendReason::other));
  HAVEN_TRY(done, records::correct_attendance(ws, *c.centre, c.staff, r.params.at("id"), person, status, at, reason));
  return Reply{200, json::object{{"corrected", done}}, {}};
}

// POST /sessions/{id}/attendance
Result<Reply> record_attendance(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"person_id", "status", "at", "reason"}));
  HAVEN_TRY(person, body.text("person_id", true, 64));
  HAVEN_TRY(status, body.text("status", true, 16));
  HAVEN_TRY(at, body.text("at", false, 16));
  std::optional<records::NoShowReason> why;
  if (body.text("reason", false, 32).value_or("") != "") {
    HAVEN_TRY(reason, enum_field<records::NoShowReason>(body, "reason", true, records::NoShowReason::other));
    why = reason;
  }
  HAVEN_TRY(done, records::record_attendance(ws, *c.centre, c.staff, r.params.at("id"), person, status, at, why));
  return Reply{200, json::object{{"recorded", done}}, {}};
}

// POST /sessions/{id}/cancel
Result<Reply> cancel_session(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"reason"}));
  HAVEN_TRY(reason, enum_field<records::CancelReason>(body, "reason", true, records::CancelReason::other));
  HAVEN_TRY(done, records::cancel_session(ws, *c.centre, c.staff, r.params.at("id"), reason));
  return Reply{200, json::object{{"cancelled", done}}, {}};
}

// POST /sessions/{id}/notes
Result<Reply> add_session_note(app::Workspace& ws, Request& r, const Caller& c) {
  HAVEN_TRY(body, JsonBody::parse(r.body, {"body"}));
  HAVEN_TRY(text, body.text("body", true, 10000));
  HAVEN_TRY(id, records::add_session_note(ws, *c.centre, c.staff, r.params.at("id"), text));
  return created(json::object{{"id", id}});
}

// GET /health: 200 while the database takes writes; 503, saying what is wrong, when it does not
// or when the audit chain is broken and Haven serves read-only.
Result<Reply> health(app::Workspace& ws, Request&) {
  auto database = ws.db().probe();
  bool chain_intact = !ws.audit().refusing();
  bool ok = database == store::Condition::writable && chain_intact;
  return Reply{ok ? 200 : 503,
               json::object{{"status", ok ? "ok" : "degraded"},
                            {"database", store::describe(database)},
                            {"audit_chain", chain_intact ? "intact" : "broken"},
                            {"version", HAVEN_VERSION}},
               {}};
}

}  // namespace

Api::Api(app::Workspace& ws, ApiOptions options, accounts::AttemptLimiter& sign_in_attempts)
    : ws_(ws), options_(std::move(options)), sign_in_attempts_(sign_in_attempts) {
  add_routes();
  add_disclosure_routes(router_, ws_);
  add_operations_routes(router_, ws_);
  add_journey_routes(router_, ws_);
  add_data_protection_routes(router_, ws_);
  add_complaints_routes(router_, ws_);
}

Response Api::handle(Request& request) { return router_.dispatch(request); }

namespace {

Response too_many_attempts() {
  return Response{429, "application/json",
                  json::serialize(json::object{{"error", json::object{{"kind", "rate_limited"},
                                                                      {"message", "too many sign-in attempts; "
                                                                                  "wait a minute"}}}}),
                  {{"Retry-After", "60"}}};
}

// A refused sign-in or set-up is 401, never 403: the caller is not signed in.
Response unauthenticated_or(Result<Reply> reply) {
  if (!reply && reply.error().kind == ErrorKind::denied)
    return http::error_response(401, "unauthenticated", reply.error().message, reply.error().clause_id());
  return reply ? to_response(std::move(*reply)) : to_response(reply.error());
}

}  // namespace

// POST /login: one of the two routes with state of the Api's own (the sign-in limits).
Response Api::sign_in(Request& r) {
  auto& ws = ws_;
  if (!sign_in_attempts_.allow(r.remote_address, now())) return too_many_attempts();
  return unauthenticated_or(store::guard_storage([&]() -> Result<Reply> {
    HAVEN_TRY(body, JsonBody::parse(r.body, {"handle", "password", "totp"}));
    HAVEN_TRY(handle, body.text("handle", true, 40));
    HAVEN_TRY(password, body.text("password", true, 1024));
    HAVEN_TRY(totp, body.text("totp", false, 6));
    HAVEN_TRY(staff, accounts::sign_in(ws, {handle, password, totp}, now(), options_.sign_in));
    HAVEN_TRY(session, accounts::open_session(ws, staff, now(), options_.sign_in));
    auto cookie = fmt::format("{}={}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}", Api::session_cookie,
                              session.token,
                              std::chrono::duration_cast<std::chrono::seconds>(options_.sign_in.session_lifetime).count());
    auto me = staff_json(staff);
    me["csrf_token"] = session.csrf;
    return Reply{200, me, {{"Set-Cookie", cookie}}};
  }));
}

// POST /account/setup: the holder of a set-up code chooses their password; counted with sign-ins.
Response Api::set_up(Request& r) {
  auto& ws = ws_;
  if (!sign_in_attempts_.allow(r.remote_address, now())) return too_many_attempts();
  return unauthenticated_or(store::guard_storage([&]() -> Result<Reply> {
    HAVEN_TRY(body, JsonBody::parse(r.body, {"handle", "setup_code", "password"}));
    HAVEN_TRY(handle, body.text("handle", true, 40));
    HAVEN_TRY(code, body.text("setup_code", true, 40));
    HAVEN_TRY(password, body.text("password", true, 1024));
    HAVEN_TRY(done, accounts::set_up_account(ws, handle, code, password, now()));
    auto out = staff_json(done.staff);
    if (!done.enrolment.totp_uri.empty()) out["totp_uri"] = done.enrolment.totp_uri;
    return Reply{200, out, {}};
  }));
}

void Api::add_routes() {
  auto& ws = ws_;
  const std::string v1 = "/api/v1";

  router_.add("GET", v1 + "/health", open(ws, health));

  router_.add("POST", v1 + "/login", [this](Request& r) { return sign_in(r); });
  router_.add("POST", v1 + "/account/setup", [this](Request& r) { return set_up(r); });

  router_.add("POST", v1 + "/logout", authed(ws, any_token, sign_out));
  router_.add("GET", v1 + "/me", authed(ws, any_token, who_am_i));
  router_.add("POST", v1 + "/tokens", authed(ws, writes(ScopeArea::any), issue_token));
  router_.add("DELETE", v1 + "/tokens/{id}", authed(ws, writes(ScopeArea::any), revoke_token));
  router_.add("GET", v1 + "/policy", authed(ws, reads(ScopeArea::oversight), policy_in_force));
  router_.add("GET", v1 + "/audit/verify", authed(ws, reads(ScopeArea::oversight), verify_audit));
  router_.add("GET", v1 + "/staff", authed(ws, reads(ScopeArea::staff), list_staff));
  router_.add("POST", v1 + "/staff", authed(ws, writes(ScopeArea::staff), open_account));
  router_.add("POST", v1 + "/staff/{handle}/approve-role", authed(ws, writes(ScopeArea::staff), approve_role));
  router_.add("POST", v1 + "/staff/{handle}/reset-sign-in", authed(ws, writes(ScopeArea::staff), reset_sign_in));
  router_.add("POST", v1 + "/staff/{handle}/disable", authed(ws, writes(ScopeArea::staff), disable_account));
  router_.add("GET", v1 + "/families", authed(ws, reads(ScopeArea::families), list_families));
  router_.add("POST", v1 + "/families", authed(ws, writes(ScopeArea::families), create_family));

  // A name is personal data: it travels in the body, never in the URL.
  router_.add("POST", v1 + "/families/search", authed(ws, reads(ScopeArea::families), search_families));
  router_.add("GET", v1 + "/families/{ref}", authed(ws, reads(ScopeArea::families), show_family));
  router_.add("POST", v1 + "/families/{ref}/people", authed(ws, writes(ScopeArea::families), add_person));
  router_.add("POST", v1 + "/families/{ref}/referrals", authed(ws, writes(ScopeArea::families), add_referral));
  router_.add("POST", v1 + "/families/{ref}/sessions", authed(ws, writes(ScopeArea::families), schedule_session));
  router_.add("POST", v1 + "/sessions/{id}/attendance", authed(ws, writes(ScopeArea::families), record_attendance));
  router_.add("POST", v1 + "/sessions/{id}/cancel", authed(ws, writes(ScopeArea::families), cancel_session));
  router_.add("POST", v1 + "/sessions/{id}/move", authed(ws, writes(ScopeArea::families), move_session));
  router_.add("POST", v1 + "/sessions/{id}/attendance/corrections",
              authed(ws, writes(ScopeArea::families), correct_attendance));
  router_.add("POST", v1 + "/sessions/{id}/notes", authed(ws, writes(ScopeArea::families), add_session_note));
}

}  // namespace haven::api
