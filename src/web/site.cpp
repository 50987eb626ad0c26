#include "web/site.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "access/access.hpp"
#include "accounts/credentials.hpp"
#include "policy/clause.hpp"
#include "portal/portal.hpp"
#include "portal/referrers.hpp"
#include "store/database.hpp"
#include "web/assets.hpp"
#include "web/page_support.hpp"
#include "web/qr_code.hpp"

namespace haven::web {

// The forms anyone may post before signing in. Each has a CSRF token of its own in a cookie
// scoped to its path (field form_token), and each post counts with sign-ins per address.
struct PublicForm {
  const char* title;
  const char* page;       // its template
  const char* path;
  const char* cookie;     // holds its token
  const char* too_many;   // said when the address has tried too often
  const char* expired;    // said when the token does not match
};

namespace {

constexpr const char* session_cookie = "haven_session";  // shared with the JSON API
constexpr PublicForm sign_in_form{"Sign in", "sign_in", "/sign-in", "haven_sign_in",
                                  "Too many sign-in attempts from this device. Wait a minute, then try again.",
                                  "The sign-in page had expired. Enter your details again."};
constexpr PublicForm set_up_form{"Set up your account", "set_up", "/set-up", "haven_set_up",
                                 "Too many attempts from this device. Wait a minute, then try again.",
                                 "The set-up page had expired. Enter your details again."};

// The sections of the service in the navigation. A section's link appears only where the access
// layer would allow what its page does; Home and the policy are for every signed-in member. The
// pages still ask for themselves: this only keeps out of sight what would be refused.
struct NavItem {
  const char* label;
  const char* href;
  policy::AccessRequest (*asks)(const Viewer&);  // nullptr: every signed-in member
};

using policy::Action;
using policy::Item;
using policy::Role;

template <Action action>
policy::AccessRequest centre_wide(const Viewer& v) {
  return access::centre_action(*v.centre, v.staff, action);
}

const NavItem navigation[] = {
    {"Home", "/", nullptr},
    {"Families", "/families",
     [](const Viewer& v) { return access::view(*v.centre, v.staff, Item::referral_details, "*"); }},
    {"Today", "/today", [](const Viewer& v) { return access::view(*v.centre, v.staff, Item::session_times, "*"); }},
    {"Calendar", "/calendar",
     [](const Viewer& v) { return access::view(*v.centre, v.staff, Item::session_times, "*"); }},
    {"Accident book", "/accidents",
     [](const Viewer& v) { return access::record(*v.centre, v.staff, Item::accident_record, ""); }},
    {"Volunteers", "/volunteers", centre_wide<Action::manage_accounts>},
    {"Disclosures", "/disclosures", centre_wide<Action::read_register>},
    {"Retention", "/retention", centre_wide<Action::review_retention>},
    {"Statistics", "/statistics", centre_wide<Action::read_statistics>},
    {"Audit", "/audit", centre_wide<Action::read_audit>},
    {"Email", "/email", centre_wide<Action::review_outbox>},
    {"Data protection", "/data-protection", centre_wide<Action::keep_data_protection_records>},
    {"Complaints", "/complaints", centre_wide<Action::keep_data_protection_records>},
    {"Policy", "/policy", nullptr},
};

bool shown_to(const NavItem& item, const Viewer& v) { return !item.asks || access::offered(*v.centre, item.asks(v)); }

// The one-line confirmations shown after a form succeeds, by code.
const std::map<std::string, std::string> done_messages = {
    {"signed_out", "You have signed out."},
    {"family_created", "Family added."},
    {"application_taken_in",
     "The application is taken in: the family's "
     "details and referral are on its record."},
    {"application_declined", "The application is declined. What it held is destroyed."},
    {"person_added", "Person added to the family."},
    {"step_recorded", "The step is recorded on the family's case."},
    {"plan_written", "Saved. The earlier version is kept."},
    {"referral_added", "Referral recorded."},
    {"session_scheduled", "Session booked."},
    {"attendance_recorded", "Attendance recorded."},
    {"note_added", "Session note added."},
    {"consent_recorded", "Consent recorded."},
    {"consent_withdrawn", "Consent withdrawn."},
    {"concern_recorded", "Concern recorded. The safeguarding lead can see it now."},
    {"accident_recorded", "Entry added to the accident book."},
    {"breach_recorded",
     "The breach is in the log. The 72 hours to tell the Information Commissioner run from when it was found."},
    {"breach_decided", "Your decision is recorded."},
    {"referrer_access_ended",
     "The referrer no longer follows this referral, nor sees the statements sent for it. Invite someone else if "
     "another person takes it over."},
    {"recall_recorded",
     "The disclosure is marked recalled, and Haven has logged it as a breach. Decide whether to tell the Information "
     "Commissioner within 72 hours of when it was found."},
    {"breach_scope_updated", "The families and kinds of data are updated."},
    {"request_updated", "The request's clock is updated."},
    {"request_logged", "The request is logged. Its clock runs from the day it was received."},
    {"request_closed", "The request is closed."},
    {"complaint_logged", "The complaint is logged. Acknowledge it within 5 working days."},
    {"complaint_updated", "The complaint is updated."},
    {"breach_reported", "The report to the Information Commissioner is recorded."},
    {"check_recorded", "DBS check recorded."},
    {"staff_added", "Account created."},
    {"rota_assigned", "Added to the rota."},
    {"session_cancelled", "Session cancelled. Its room and rota are free again."},
    {"session_moved", "Session moved. Everyone's arrival and departure are planned again."},
    {"attendance_corrected", "Corrected. What it replaced is kept with the reason."},
    {"hold_placed", "Legal hold placed."},
    {"hold_released", "Legal hold released."},
    {"run_proposed", "Disposal run proposed. Another member of management must approve it."},
    {"run_approved", "Disposal run approved."},
    {"run_executed", "Disposal run carried out. The certificate of destruction is below."},
    {"acknowledged", "Thank you: your acknowledgement of the policy is recorded."},
    {"account_disabled",
     "Account disabled. It can no longer sign in, and its "
     "sessions have ended."},
    {"policy_adopted",
     "The new version of the policy is in force. Everyone is "
     "asked to read it again."},
    {"exception_reviewed", "The review of the disclosure is recorded."},
    {"exception_disclosed", "Exception disclosure recorded and sent for management review."},
    {"policy_read", "Thank you. What you confirmed is recorded."},
    {"permission_given", "Your permission is recorded. You can withdraw it here at any time."},
    {"permission_withdrawn", "Your permission is withdrawn. Nothing more will be passed on under it."},
    {"email_requeued", "The email will be sent again within a minute."},
    {"referrer_invited", "The referrer has been emailed. They can follow this referral once they sign in."},
    {"statement_ready", "Your attendance statement is below. It stays in your account."},
    {"statement_ready_other_account",
     "Your attendance statement is below. The other side's referrer has the same statement in their account."},
    {"statement_ready_other_queued",
     "Your attendance statement is below. The centre will send the same statement to the other side."},
    {"statement_sent", "The statement is recorded as sent to the other side."},
    {"notices_email_set", "You will be emailed when something new waits for you, at most once an hour."},
    {"notices_email_stopped", "You will no longer be emailed about what waits for you."},
    {"records_asked", "Your request is recorded. The centre will send you a copy of your records within one month."},
};

// The server adds no-store caching, nosniff, framing and referrer rules to every response; pages
// add a Content Security Policy that allows scripts and styles from Haven's own /assets only.
void add_content_security_policy(http::Response& r) {
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                         "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                         "base-uri 'none'");
}

http::Response redirect(const std::string& to) { return http::Response{303, "text/plain", "", {{"Location", to}}}; }

std::string cookie(const std::string& name, const std::string& value, const std::string& path, long max_age) {
  return fmt::format("{}={}; Path={}; HttpOnly; Secure; SameSite=Strict; Max-Age={}", name, value, path, max_age);
}

// Haven's messages are written as clauses ("a session must end after it starts"); a page shows
// them as sentences.
std::string sentence(std::string text) {
  text = capitalised(std::move(text));
  if (!text.empty() && text.back() != '.' && text.back() != '?') text += '.';
  return text;
}

// The answer to a form posted by someone signed in (a member of staff or a parent): the form
// checked against the session's CSRF token and for UTF-8, then `handler`'s outcome (a redirect with
// its confirmation, a page or a response). After invalid input or a conflict, `redisplay`'s page
// again with the error and what was typed; any other error as `fault` shows it. `show` renders a
// page for the viewer.
template <class Who, class Handler, class Redisplay, class Show, class Fault>
http::Response answer_form(http::Request& r, const Who& viewer, const std::string& csrf, const Handler& handler,
                           const Redisplay& redisplay, Show show, Fault fault) {
  auto form = Form::parse(r.body);
  if (!form) return fault(form.error());
  if (form->raw("csrf") != csrf)
    return fault(Error{ErrorKind::invalid_input,
                       "This form had expired, so nothing was changed. Go back, reload the page and send it again.",
                       std::nullopt});
  auto outcome = store::guard_storage([&]() -> Result<Outcome> {
    HAVEN_CHECK(valid_text(*form));
    return handler(r, *form, viewer);
  });
  if (!outcome) {
    const auto& e = outcome.error();
    if (e.kind != ErrorKind::invalid_input && e.kind != ErrorKind::conflict) return fault(e);
    auto page = store::guard_storage([&] { return redisplay(r, viewer); });
    if (!page) return fault(page.error());
    page->status = http::status_of(e.kind);
    return show(*page, e.message, &*form);
  }
  if (auto* to = std::get_if<Redirect>(&*outcome))
    return redirect(to->done.empty() ? to->to : to->to + "?done=" + to->done);
  if (auto* page = std::get_if<Page>(&*outcome)) return show(*page, "", nullptr);
  return std::get<http::Response>(std::move(*outcome));
}

// What is wrong with a form posted before signing in, in words for the page that shows it again:
// text that is not UTF-8, or a token that is not the one the page's cookie `cookie` holds (the
// page had expired, or the form came from elsewhere), said as `expired`. Nothing when it is fine.
std::optional<std::string> public_form_fault(const http::Request& r, const Form& form, const std::string& cookie,
                                             std::string_view expired) {
  if (auto text = valid_text(form); !text) return text.error().message;
  auto expected = r.cookie(cookie);
  if (expected.empty() || form.raw("form_token") != expected) return std::string(expired);
  return std::nullopt;
}

std::string content_type_of(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

std::string role_label(policy::Role role) {
  switch (role) {
    case Role::coordinator: return "Coordinator";
    case Role::management: return "Management";
    case Role::safeguarding_lead: return "Safeguarding lead";
    case Role::volunteer: return "Volunteer";
    case Role::administrator: return "Administrator";
  }
  return "Staff";
}

std::string today_london() { return format_london_day(now()); }

bool safe_path_segment(const std::string& s) {
  return !s.empty() && s.size() <= 64 &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == std::string::npos;
}

Site::Site(app::Workspace& ws, accounts::SignInRules sign_in, accounts::AttemptLimiter& sign_in_attempts,
           accounts::AttemptLimiter& public_form_attempts)
    : ws_(ws),
      sign_in_(std::move(sign_in)),
      sign_in_attempts_(sign_in_attempts),
      public_form_attempts_(public_form_attempts) {
  add_session_routes();
  add_asset_routes();
  add_home_pages(*this);
  add_family_pages(*this);
  add_today_pages(*this);
  add_statistics_pages(*this);
  add_disclosure_pages(*this);
  add_operations_pages(*this);
  add_governance_pages(*this);
  add_data_protection_pages(*this);
  add_complaints_pages(*this);
  add_public_entrance();
  add_public_pages(*this);
  add_application_pages(*this);
  add_portal_entrance();
  add_portal_pages(*this);
  add_referrer_entrance();
  add_referrer_pages(*this);
}

http::Response Site::handle(http::Request& request) {
  auto response = router_.dispatch(request);
  if (response.content_type == "application/json" && (response.status == 404 || response.status == 405)) {
    auto viewer = viewer_of(request);
    response = error_page(Error{ErrorKind::not_found, "There is no page at this address.", std::nullopt},
                          viewer ? &*viewer : nullptr);
  }
  add_content_security_policy(response);
  return response;
}

Result<Viewer> Site::viewer_of(const http::Request& r) {
  // The pages take no API token: a browser signs in with its session cookie alone.
  auto token = r.cookie(session_cookie);
  if (token.empty()) return fail(ErrorKind::invalid_input, "sign in first");
  auto caller = store::guard_storage([&] { return accounts::identify(ws_, "", token, now()); });
  if (!caller) return std::unexpected(caller.error());
  return Viewer{&ws_, std::move(caller->staff), caller->centre, std::move(caller->csrf)};
}

http::Response Site::turned_away(const Error& e) {
  // No session, or one that has ended: sign in. Anything else (the database unavailable, say)
  // is said as it is, not disguised as a sign-out.
  if (e.kind == ErrorKind::denied || e.kind == ErrorKind::invalid_input || e.kind == ErrorKind::not_found)
    return redirect("/sign-in");
  return error_page(e, nullptr);
}

void Site::page(const std::string& pattern, PageHandler handler) {
  router_.add("GET", pattern, [this, handler = std::move(handler)](http::Request& r) -> http::Response {
    auto viewer = viewer_of(r);
    if (!viewer) return turned_away(viewer.error());
    auto page = store::guard_storage([&] { return handler(r, *viewer); });
    if (!page) return error_page(page.error(), &*viewer);
    auto done = r.query.contains("done") ? r.query.at("done") : std::string();
    return render(*page, &*viewer, "", nullptr, done, r.path);
  });
}

namespace {
constexpr const char* public_form_cookie = "haven_public_form";
}  // namespace

Result<Visitor> Site::visitor_of(const http::Request& r) {
  const auto& id = r.params.at("centre");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no centre at this address.");
  auto centre = ws_.centre(id);
  if (!centre) return fail(ErrorKind::not_found, "There is no centre at this address.");
  // The token a browser already holds is kept, so that two of the centre's forms open at once
  // both go; a browser without one (or with one that is not Haven's) is given a new one.
  std::string token = r.cookie(public_form_cookie);
  if (token.size() != 32 || !safe_path_segment(token)) token = accounts::random_token(24);
  return Visitor{&ws_, *centre, std::move(token)};
}

http::Response Site::render_open(const Page& page, const Visitor& visitor, const std::string& error, const Form* form) {
  Page shown = page;
  shown.centre_name = visitor.centre->name;
  shown.home = "/public/" + visitor.centre->id + "/policy";
  shown.data.set("form_token", visitor.form_token);
  shown.data.set("centre_path", "/public/" + visitor.centre->id);
  auto response = render(shown, nullptr, error, form, "");
  response.headers.emplace_back("Set-Cookie", cookie(public_form_cookie, visitor.form_token, "/public", 3600));
  return response;
}

void Site::add_public_entrance() {
  // The address a centre gives out: its policy, or with several centres, the list to choose from.
  router_.add("GET", "/public", [this](http::Request&) -> http::Response {
    auto centres =
        store::guard_storage([&]() -> Result<std::vector<app::Workspace::CentreSummary>> { return ws_.centres(); });
    if (!centres) return error_page(centres.error(), nullptr);
    if (centres->size() == 1) return redirect("/public/" + centres->front().id + "/policy");
    Page page{"Child contact centres", "public_centres", View(View::type::object), 200};
    ViewList rows;
    for (const auto& c : *centres)
      rows.push_back(ViewObject{{"name", c.name}, {"href", "/public/" + c.id + "/policy"}});
    page.data.set("centres", rows);
    return render(page, nullptr, "", nullptr, "");
  });
}

void Site::open_page(const std::string& rest, OpenPageHandler handler) {
  router_.add("GET", "/public/{centre}" + rest, [this, handler = std::move(handler)](http::Request& r) {
    auto visitor = visitor_of(r);
    if (!visitor) return error_page(visitor.error(), nullptr);
    auto page = store::guard_storage([&] { return handler(r, *visitor); });
    if (!page) return error_page(page.error(), nullptr);
    return render_open(*page, *visitor, "", nullptr);
  });
}

void Site::open_action(const std::string& rest, OpenActionHandler handler, OpenPageHandler redisplay, OpenForm kind) {
  router_.add("POST", "/public/{centre}" + rest,
              [this, handler = std::move(handler), redisplay = std::move(redisplay), kind](http::Request& r) {
                auto visitor = visitor_of(r);
                if (!visitor) return error_page(visitor.error(), nullptr);
                auto again = [&](const std::string& error, const Form* form, int status) {
                  auto page = store::guard_storage([&] { return redisplay(r, *visitor); });
                  if (!page) return error_page(page.error(), nullptr);
                  page->status = status;
                  return render_open(*page, *visitor, error, form);
                };
                auto form = Form::parse(r.body);
                if (!form) return again(form.error().message, nullptr, 400);
                if (kind == OpenForm::signs_in && !sign_in_attempts_.allow(r.remote_address, now())) {
                  // Every try counts, right or wrong, as staff sign-ins do.
                  auto response =
                      again("Too many attempts from this device. Wait a minute, then try again.", &*form, 429);
                  response.headers.emplace_back("Retry-After", "60");
                  return response;
                }
                // Only an application that was taken counts against the address, so mistakes cost nothing.
                if (kind == OpenForm::applies && !public_form_attempts_.has_room(r.remote_address, now())) {
                  auto response = again(
                      "Too many forms have been sent from this address in the last hour. Try "
                      "again later.",
                      &*form, 429);
                  response.headers.emplace_back("Retry-After", "3600");
                  return response;
                }
                if (auto fault = public_form_fault(r, *form, public_form_cookie,
                                                   "The form had expired. Check what you entered and send it again."))
                  return again(*fault, &*form, 400);
                auto outcome = store::guard_storage([&] { return handler(r, *form, *visitor); });
                if (!outcome) {
                  if (outcome.error().kind == ErrorKind::invalid_input || outcome.error().kind == ErrorKind::conflict)
                    return again(outcome.error().message, &*form, 400);
                  return error_page(outcome.error(), nullptr);
                }
                if (kind == OpenForm::applies) public_form_attempts_.record(r.remote_address, now());
                if (auto* to = std::get_if<Redirect>(&*outcome)) return redirect(to->to);
                if (auto* page = std::get_if<Page>(&*outcome)) return render_open(*page, *visitor, "", nullptr);
                return std::get<http::Response>(std::move(*outcome));
              });
}

namespace {
const Door parents_door{"/portal", "haven_portal", "/sign-in"};
const Door referrers_door{"/referrer", "haven_referrer", "/referrers/sign-in"};

// The centre in a request's address, when Haven serves it.
Result<const app::Centre*> centre_in(app::Workspace& ws, const http::Request& r) {
  const auto& id = r.params.at("centre");
  auto centre = safe_path_segment(id) ? ws.centre(id) : fail(ErrorKind::not_found, "no centre");
  if (!centre) return fail(ErrorKind::not_found, "There is no centre at this address.");
  return *centre;
}
}  // namespace

Result<ParentViewer> Site::parent_of(const http::Request& r) {
  HAVEN_TRY(centre, centre_in(ws_, r));
  auto token = r.cookie(parents_door.cookie);
  if (token.empty()) return fail(ErrorKind::invalid_input, "sign in first");
  HAVEN_TRY(session, store::guard_storage([&] { return portal::find_session(ws_, *centre, token, now()); }));
  return ParentViewer{&ws_, centre, std::move(session.parent), std::move(session.csrf)};
}

Result<ReferrerViewer> Site::referrer_of(const http::Request& r) {
  HAVEN_TRY(centre, centre_in(ws_, r));
  auto token = r.cookie(referrers_door.cookie);
  if (token.empty()) return fail(ErrorKind::invalid_input, "sign in first");
  HAVEN_TRY(session, store::guard_storage([&] { return portal::find_referrer_session(ws_, *centre, token, now()); }));
  return ReferrerViewer{&ws_, centre, std::move(session.referrer), std::move(session.csrf)};
}

template <class V>
std::expected<V, http::Response> Site::outsider_of(const Door& door, http::Request& r) {
  Result<V> viewer = [&] {
    if constexpr (std::is_same_v<V, ParentViewer>)
      return parent_of(r);
    else
      return referrer_of(r);
  }();
  if (viewer) return std::move(*viewer);
  // No session, or one that has ended: the door's sign-in (the centre's id has been checked
  // before any session is looked for). Any other fault is said as it is.
  if (viewer.error().kind == ErrorKind::denied || viewer.error().kind == ErrorKind::invalid_input)
    return std::unexpected(redirect("/public/" + r.params.at("centre") + door.sign_in));
  return std::unexpected(error_page(viewer.error(), nullptr));
}

template <class V>
http::Response Site::render_outsider(const Door& door, const Page& page, const V& viewer, const std::string& error,
                                     const Form* form, const std::string& done) {
  Page shown = page;
  shown.centre_name = viewer.centre->name;
  shown.home = door.path(viewer.centre->id);
  shown.data.set("csrf", viewer.csrf);
  shown.data.set("portal_path", door.path(viewer.centre->id));
  shown.data.set("centre_path", "/public/" + viewer.centre->id);
  return render(shown, nullptr, error, form, done);
}

template <class V>
void Site::outsider_page(const Door& door, const std::string& rest,
                         std::function<Result<Page>(http::Request&, const V&)> handler) {
  router_.add("GET", door.prefix + "/{centre}" + rest, [this, &door, handler = std::move(handler)](http::Request& r) {
    auto viewer = outsider_of<V>(door, r);
    if (!viewer) return std::move(viewer.error());
    auto page = store::guard_storage([&] { return handler(r, *viewer); });
    if (!page) return error_page(page.error(), nullptr);
    auto done = r.query.contains("done") ? r.query.at("done") : std::string();
    return render_outsider(door, *page, *viewer, "", nullptr, done);
  });
}

template <class V>
void Site::outsider_action(const Door& door, const std::string& rest,
                           std::function<Result<Outcome>(http::Request&, const Form&, const V&)> handler,
                           std::function<Result<Page>(http::Request&, const V&)> redisplay) {
  router_.add("POST", door.prefix + "/{centre}" + rest,
              [this, &door, handler = std::move(handler), redisplay = std::move(redisplay)](http::Request& r) {
                auto viewer = outsider_of<V>(door, r);
                if (!viewer) return std::move(viewer.error());
                return answer_form(
                    r, *viewer, viewer->csrf, handler, redisplay,
                    [&](const Page& page, const std::string& error, const Form* form) {
                      return render_outsider(door, page, *viewer, error, form, "");
                    },
                    [&](const Error& e) { return error_page(e, nullptr); });
              });
}

void Site::portal_page(const std::string& rest, PortalPageHandler handler) {
  outsider_page<ParentViewer>(parents_door, rest, std::move(handler));
}

void Site::portal_action(const std::string& rest, PortalActionHandler handler, PortalPageHandler redisplay) {
  outsider_action<ParentViewer>(parents_door, rest, std::move(handler), std::move(redisplay));
}

void Site::referrer_page(const std::string& rest, ReferrerPageHandler handler) {
  outsider_page<ReferrerViewer>(referrers_door, rest, std::move(handler));
}

void Site::referrer_action(const std::string& rest, ReferrerActionHandler handler, ReferrerPageHandler redisplay) {
  outsider_action<ReferrerViewer>(referrers_door, rest, std::move(handler), std::move(redisplay));
}

void Site::referrer_file(const std::string& rest, ReferrerFileHandler handler) {
  router_.add("GET", referrers_door.prefix + "/{centre}" + rest,
              [this, handler = std::move(handler)](http::Request& r) -> http::Response {
                auto viewer = outsider_of<ReferrerViewer>(referrers_door, r);
                if (!viewer) return std::move(viewer.error());
                auto file = store::guard_storage([&] { return handler(r, *viewer); });
                return file ? std::move(*file) : error_page(file.error(), nullptr);
              });
}

template <class V>
void Site::add_outsider_entrance(
    const Door& door, const std::string& code_path, std::function<Page(const Visitor&, const std::string&)> code_page,
    CodeSignIn sign_in, std::chrono::seconds lifetime,
    std::function<void(app::Workspace&, const app::Centre&, const std::string&)> sign_out) {
  // The code from the email, for a session: counted with sign-ins from the address, and carrying
  // the public form token of the page that asked for it.
  router_.add(
      "POST", "/public/{centre}" + code_path,
      [this, &door, code_page, sign_in, lifetime](http::Request& r) -> http::Response {
        auto visitor = visitor_of(r);
        if (!visitor) return error_page(visitor.error(), nullptr);
        auto form = Form::parse(r.body);
        std::string email = form ? form->raw("email") : std::string();
        auto again = [&](const std::string& error, int status) {
          auto page = code_page(*visitor, is_valid_utf8(email) ? email : std::string());
          page.status = status;
          return render_open(page, *visitor, error, nullptr);
        };
        if (!form) return again(form.error().message, 400);
        if (!sign_in_attempts_.allow(r.remote_address, now())) {
          auto response = again("Too many attempts from this device. Wait a minute, then try again.", 429);
          response.headers.emplace_back("Retry-After", "60");
          return response;
        }
        if (auto fault = public_form_fault(r, *form, public_form_cookie, "The page had expired. Enter the code again."))
          return again(*fault, 400);
        auto token = store::guard_storage([&] { return sign_in(ws_, *visitor->centre, email, form->raw("code")); });
        if (!token) {
          if (token.error().kind == ErrorKind::denied || token.error().kind == ErrorKind::invalid_input)
            return again(token.error().message, 401);
          return error_page(token.error(), nullptr);
        }
        auto response = redirect(door.path(visitor->centre->id));
        response.headers.emplace_back("Set-Cookie",
                                      cookie(door.cookie, *token, door.path(visitor->centre->id), lifetime.count()));
        return response;
      });

  router_.add("POST", door.prefix + "/{centre}/sign-out", [this, &door, sign_out](http::Request& r) -> http::Response {
    // Only the session's own CSRF token ends it.
    auto viewer = outsider_of<V>(door, r);
    auto form = Form::parse(r.body);
    if (viewer && form && form->raw("csrf") == viewer->csrf)
      store::guard_storage([&]() -> Result<bool> {
        sign_out(ws_, *viewer->centre, r.cookie(door.cookie));
        return true;
      });
    std::string id = safe_path_segment(r.params.at("centre")) ? r.params.at("centre") : std::string("none");
    auto response = redirect("/public/" + id + door.sign_in);
    response.headers.emplace_back("Set-Cookie", cookie(door.cookie, "", door.path(id), 0));
    return response;
  });
}

void Site::add_portal_entrance() {
  add_outsider_entrance<ParentViewer>(
      parents_door, "/sign-in/code", portal_code_page,
      [](app::Workspace& ws, const app::Centre& c, const std::string& email,
         const std::string& code) -> Result<std::string> {
        HAVEN_TRY(session, portal::sign_in(ws, c, email, code, now()));
        return session.token;
      },
      std::chrono::duration_cast<std::chrono::seconds>(portal::session_lifetime),
      [](app::Workspace& ws, const app::Centre& c, const std::string& token) { (void)portal::sign_out(ws, c, token); });
}

void Site::add_referrer_entrance() {
  add_outsider_entrance<ReferrerViewer>(
      referrers_door, "/referrers/sign-in/code", referrer_code_page,
      [](app::Workspace& ws, const app::Centre& c, const std::string& email,
         const std::string& code) -> Result<std::string> {
        HAVEN_TRY(session, portal::referrer_sign_in(ws, c, email, code, now()));
        return session.token;
      },
      std::chrono::duration_cast<std::chrono::seconds>(portal::session_lifetime),
      [](app::Workspace& ws, const app::Centre& c, const std::string& token) {
        (void)portal::referrer_sign_out(ws, c, token);
      });
}

void Site::file(const std::string& pattern, FileHandler handler) {
  router_.add("GET", pattern, [this, handler = std::move(handler)](http::Request& r) -> http::Response {
    auto viewer = viewer_of(r);
    if (!viewer) return turned_away(viewer.error());
    auto file = store::guard_storage([&] { return handler(r, *viewer); });
    return file ? std::move(*file) : error_page(file.error(), &*viewer);
  });
}

void Site::action(const std::string& pattern, ActionHandler handler, PageHandler redisplay) {
  router_.add("POST", pattern,
              [this, handler = std::move(handler), redisplay = std::move(redisplay)](http::Request& r) -> http::Response {
                auto viewer = viewer_of(r);
                if (!viewer) return turned_away(viewer.error());
                return answer_form(
                    r, *viewer, viewer->csrf, handler, redisplay,
                    [&](const Page& page, const std::string& error, const Form* form) {
                      return render(page, &*viewer, error, form, "", r.path);
                    },
                    [&](const Error& e) { return error_page(e, &*viewer); });
              });
}

std::string Site::render_template(const std::string& name, const View& data) {
  auto text = embedded_file("templates/" + name + ".mustache");
  if (!text) {
    spdlog::error("missing page template {}", name);
    return "<p class=\"govuk-body\">This page could not be shown.</p>";
  }
  kainjow::mustache::mustache tmpl{expand_date_inputs(*text)};
  if (!tmpl.is_valid()) {
    spdlog::error("page template {} does not parse: {}", name, tmpl.error_message());
    return "<p class=\"govuk-body\">This page could not be shown.</p>";
  }
  // Parts more than one page shows, each a template of its own: {{>name}}.
  View with_parts = data;
  for (const char* part : {"attendance_statement"})
    with_parts.set(part, kainjow::mustache::partial{[part] {
                     return std::string(embedded_file(std::string("templates/") + part + ".mustache").value_or(""));
                   }});
  return tmpl.render(with_parts);
}

http::Response Site::render(const Page& page, const Viewer* viewer, const std::string& error, const Form* form,
                            const std::string& done, const std::string& path) {
  View data = page.data;
  View layout;
  if (viewer) {
    data.set("csrf", viewer->csrf);
    data.set("today", today_london());
    layout.set("csrf", viewer->csrf);
    layout.set("centre_name", viewer->centre->name);
    layout.set("user_name", viewer->staff.display_name);
    layout.set("user_role", role_label(viewer->staff.role));
    ViewList nav;
    for (const auto& item : navigation) {
      if (!shown_to(item, *viewer)) continue;
      std::string href = item.href;
      bool current = href == "/" ? path == "/" : path.starts_with(href);
      nav.push_back(ViewObject{{"label", item.label}, {"href", href}, {"current", current}});
    }
    layout.set("has_nav", !nav.empty());
    layout.set("nav", nav);
  }
  if (form) {
    View sent;
    for (const auto& [k, v] : form->values())
      if (k != "csrf" && k.find("password") == std::string::npos) sent.set(k, v);
    data.set("form", sent);
  }
  layout.set("title", page.title);
  layout.set("home", page.home);
  layout.set("policy_href", page.centre_name.empty() ? std::string("/policy") : page.home);
  if (!viewer && !page.centre_name.empty()) layout.set("centre_name", page.centre_name);
  if (!data.is_object()) data = View(View::type::object);
  data.set("title", page.title);
  std::string content = render_template(page.template_name, data);
  layout.set("content", form ? keep_choices(content, *form) : content);
  if (!error.empty()) layout.set("error", sentence(error));
  if (!error.empty() && form && !form->failed_field().empty()) layout.set("error_field", form->failed_field());
  if (auto it = done_messages.find(done); it != done_messages.end()) layout.set("done", it->second);
  layout.set("version", HAVEN_VERSION);
  return http::Response{page.status, "text/html; charset=utf-8", render_template("layout", layout), {}};
}

http::Response Site::error_page(const Error& e, const Viewer* viewer) {
  Page page{"", "error", View(View::type::object), http::status_of(e.kind)};
  std::string message = sentence(e.message);
  switch (e.kind) {
    case ErrorKind::denied: page.title = "Not allowed by the centre's policy"; break;
    case ErrorKind::not_found: page.title = "Page not found"; break;
    case ErrorKind::invalid_input:
    case ErrorKind::conflict: page.title = "That could not be done"; break;
    case ErrorKind::unavailable:
      page.title = "Haven cannot take changes just now";
      message = sentence(e.message) + " Nothing was changed; try again in a few minutes.";
      break;
    default:
      page.title = "Sorry, there is a problem with Haven";
      message = "Nothing was changed. Try again later; if it happens again, tell the centre's coordinator.";
  }
  page.data.set("message", message);
  if (e.clause) {
    page.data.set("clause_id", std::string(policy::id_of(*e.clause)));
    page.data.set("clause_title", std::string(policy::info(*e.clause).title));
  }
  auto response = render(page, viewer, "", nullptr, "");
  if (response.status >= 500) response.log_detail = e.message;
  return response;
}

http::Response Site::public_page(const PublicForm& f, const std::string& error, const std::string& handle) {
  auto token = accounts::random_token(24);
  Page page{f.title, f.page, View(View::type::object), error.empty() ? 200 : 401};
  page.data.set("form_token", token);
  page.data.set("handle", handle);
  page.data.set("code_days", std::to_string(accounts::setup_code_lifetime.count()));
  auto response = render(page, nullptr, error, nullptr, "");
  response.headers.emplace_back("Set-Cookie", cookie(f.cookie, token, f.path, 1800));
  return response;
}

std::expected<Form, http::Response> Site::accept_public_form(const PublicForm& f, http::Request& r) {
  if (!sign_in_attempts_.allow(r.remote_address, now())) {
    auto response = public_page(f, f.too_many, "");
    response.status = 429;
    response.headers.emplace_back("Retry-After", "60");
    return std::unexpected(std::move(response));
  }
  auto form = Form::parse(r.body);
  if (!form) return std::unexpected(public_page(f, form.error().message, ""));
  if (auto fault = public_form_fault(r, *form, f.cookie, f.expired)) return std::unexpected(public_page(f, *fault, ""));
  return std::move(*form);
}

// The holder of a set-up code chooses their password here (accounts::set_up_account); a role
// with a second factor is shown its secret once, on the page that answers.
http::Response Site::set_up(http::Request& r) {
  auto form = accept_public_form(set_up_form, r);
  if (!form) return std::move(form.error());
  auto handle = form->text("handle", "your sign-in name", true, 40);
  if (!handle) return public_page(set_up_form, handle.error().message, "");
  auto code = form->text("setup_code", "the set-up code you were given", true, 40);
  if (!code) return public_page(set_up_form, code.error().message, *handle);
  auto password = form->text("password", "the password you choose", true, 1024);
  if (!password) return public_page(set_up_form, password.error().message, *handle);
  if (form->raw("password") != form->raw("password_again"))
    return public_page(set_up_form, "Enter the same password in both boxes", *handle);
  auto done = store::guard_storage(
      [&] { return accounts::set_up_account(ws_, *handle, *code, form->raw("password"), now()); });
  if (!done) return public_page(set_up_form, done.error().message, *handle);
  Page page{"Your account is ready", "set_up_done", View(View::type::object), 200};
  page.data.set("handle", done->staff.handle);
  if (!done->enrolment.totp_secret.empty()) {
    page.data.set("totp_secret", done->enrolment.totp_secret);
    page.data.set("totp_qr", qr_svg(done->enrolment.totp_uri, "A QR code for your authenticator app"));
  }
  auto response = render(page, nullptr, "", nullptr, "");
  response.headers.emplace_back("Set-Cookie", cookie(set_up_form.cookie, "", set_up_form.path, 0));
  return response;
}

void Site::add_session_routes() {
  router_.add("GET", "/set-up", [this](http::Request&) { return public_page(set_up_form, "", ""); });
  router_.add("POST", "/set-up", [this](http::Request& r) { return set_up(r); });

  router_.add("GET", "/sign-in", [this](http::Request& r) -> http::Response {
    if (viewer_of(r)) return redirect("/");
    return public_page(sign_in_form, "", "");
  });

  router_.add("POST", "/sign-in", [this](http::Request& r) -> http::Response {
    auto form = accept_public_form(sign_in_form, r);
    if (!form) return std::move(form.error());
    auto handle = form->text("handle", "your sign-in name", true, 40);
    auto password = form->text("password", "your password", true, 1024);
    auto code = form->text("code", "the security code", false, 6);
    if (!handle) return public_page(sign_in_form, handle.error().message, "");
    if (!password) return public_page(sign_in_form, password.error().message, *handle);
    if (!code) return public_page(sign_in_form, code.error().message, *handle);
    auto session = store::guard_storage([&]() -> Result<accounts::WebSession> {
      auto staff = accounts::sign_in(ws_, {*handle, form->raw("password"), *code}, now(), sign_in_);
      if (!staff) return std::unexpected(staff.error());
      return accounts::open_session(ws_, *staff, now(), sign_in_);
    });
    if (!session) return public_page(sign_in_form, session.error().message, *handle);
    auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(sign_in_.session_lifetime).count();
    auto response = redirect("/");
    response.headers.emplace_back("Set-Cookie", cookie(session_cookie, session->token, "/", lifetime));
    response.headers.emplace_back("Set-Cookie", cookie(sign_in_form.cookie, "", sign_in_form.path, 0));
    return response;
  });

  router_.add("POST", "/sign-out", [this](http::Request& r) -> http::Response {
    auto viewer = viewer_of(r);
    auto form = Form::parse(r.body);
    if (viewer && form && form->raw("csrf") == viewer->csrf)
      store::guard_storage([&]() -> Result<bool> {
        accounts::close_session(ws_, r.cookie(session_cookie));
        return true;
      });
    auto response = redirect("/sign-in");
    response.headers.emplace_back("Set-Cookie", cookie(session_cookie, "", "/", 0));
    return response;
  });
}

void Site::add_asset_routes() {
  router_.add("GET", "/assets/{file}", [](http::Request& r) -> http::Response {
    const auto& file = r.params.at("file");
    auto body = embedded_file("assets/" + file);
    if (!body) return http::Response{404, "text/plain; charset=utf-8", "not found", {}};
    return http::Response{200, content_type_of(file), std::string(*body), {}};
  });
}

}  // namespace haven::web
