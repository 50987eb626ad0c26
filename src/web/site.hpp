// Haven's web pages for staff: server-rendered HTML from mustache templates, styled with
// GOV.UK Frontend (without the GOV.UK crown or typeface), usable without JavaScript.
//
// The contract every page keeps:
// - Signing in opens the same kind of session as the API (an HttpOnly, Secure, SameSite=Strict
//   cookie); a page asked for without one redirects to /sign-in.
// - Every form carries the session's CSRF token (the sign-in form a token of its own, from a
//   cookie), and a POST without the right token changes nothing.
// - What a page shows comes from domain operations, which ask the access layer, so the decision point has judged each
//   item for the viewer; a refusal is a 403 page naming the clause in plain words.
// - A form sent with a mistake is shown again with the error and with what was typed.
// - Responses carry a Content Security Policy that allows no inline script; names and other
//   personal data travel in form bodies, never in URLs.
#pragma once
#include <kainjow/mustache.hpp>

#include <chrono>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "access/parent.hpp"
#include "access/referrer.hpp"
#include "access/staff.hpp"
#include "accounts/accounts.hpp"
#include "accounts/attempt_limiter.hpp"
#include "app/workspace.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "web/form.hpp"

namespace haven::applications {
struct Summary;
}  // namespace haven::applications
namespace haven::disclosure {
struct AttendanceStatement;
}  // namespace haven::disclosure

namespace haven::web {

struct PublicForm;  // a form posted before signing in (site.cpp)

using View = kainjow::mustache::data;
using ViewList = kainjow::mustache::list;
using ViewObject = kainjow::mustache::object;

// The signed-in member of staff a page is rendered for.
struct Viewer {
  app::Workspace* ws = nullptr;
  access::Staff staff;
  const app::Centre* centre = nullptr;
  std::string csrf;
};

struct Page {
  std::string title;
  std::string template_name;  // web/templates/<name>.mustache
  View data = View(View::type::object);
  int status = 200;
  // A public page (no sign-in) names its centre in the header, which leads to its home.
  std::string centre_name = {};
  std::string home = "/";
};

// Someone on the public pages, who has not signed in: the centre named in the address
// (/public/{centre}/...), and the token every public form carries (checked against a cookie).
struct Visitor {
  app::Workspace* ws = nullptr;
  const app::Centre* centre = nullptr;
  std::string form_token;
};

// A parent signed in to their centre's portal (portal/portal.hpp), the centre named in the
// address (/portal/{centre}/...), with their session's CSRF token.
struct ParentViewer {
  app::Workspace* ws = nullptr;
  const app::Centre* centre = nullptr;
  access::Parent parent;
  std::string csrf;
};

// A referrer signed in to their account (portal/referrers.hpp), the centre named in the address
// (/referrer/{centre}/...), with their session's CSRF token.
struct ReferrerViewer {
  app::Workspace* ws = nullptr;
  const app::Centre* centre = nullptr;
  access::Referrer referrer;
  std::string csrf;
};

// After a form succeeds: go to `to`, where the message for `done` (a code, never personal data)
// is shown once.
struct Redirect {
  std::string to;
  std::string done;
};

using Outcome = std::variant<Page, Redirect, http::Response>;

// What a public form is, for the limit it counts against: an application (the referral form: each
// one taken counts against the address's hourly limit), or a step of signing in (each try, right or
// wrong, counts against the sign-in limit staff sign-ins share).
enum class OpenForm { applies, signs_in };

// Where a signed-in area for people outside the centre lives (the parents' portal, referrers'
// accounts): its pages under {prefix}/{centre}, the cookie holding its session (on that path only),
// and its sign-in page under /public/{centre}.
struct Door {
  std::string prefix;
  std::string cookie;
  std::string sign_in;
  [[nodiscard]] std::string path(const std::string& centre_id) const { return prefix + "/" + centre_id; }
};
using PageHandler = std::function<Result<Page>(http::Request&, const Viewer&)>;
using ActionHandler = std::function<Result<Outcome>(http::Request&, const Form&, const Viewer&)>;
using FileHandler = std::function<Result<http::Response>(http::Request&, const Viewer&)>;
using OpenPageHandler = std::function<Result<Page>(http::Request&, const Visitor&)>;
using OpenActionHandler = std::function<Result<Outcome>(http::Request&, const Form&, const Visitor&)>;
using PortalPageHandler = std::function<Result<Page>(http::Request&, const ParentViewer&)>;
using PortalActionHandler = std::function<Result<Outcome>(http::Request&, const Form&, const ParentViewer&)>;
using ReferrerPageHandler = std::function<Result<Page>(http::Request&, const ReferrerViewer&)>;
using ReferrerActionHandler = std::function<Result<Outcome>(http::Request&, const Form&, const ReferrerViewer&)>;
using ReferrerFileHandler = std::function<Result<http::Response>(http::Request&, const ReferrerViewer&)>;

class Site {
 public:
  // `sign_in` and `sign_in_attempts` are the JSON API's too (see service::Service), so a sign-in
  // follows the same rules and counts against the same limit whichever way it comes.
  // `public_form_attempts` counts the public forms sent from each address (open_action). Both
  // limiters are shared by a server's workers and must outlive the Site.
  Site(app::Workspace& ws, accounts::SignInRules sign_in, accounts::AttemptLimiter& sign_in_attempts,
       accounts::AttemptLimiter& public_form_attempts);
  http::Response handle(http::Request& request);
  const http::Router& router() const { return router_; }
  app::Workspace& ws() { return ws_; }

  // GET pattern, shown to a signed-in viewer.
  void page(const std::string& pattern, PageHandler handler);
  // GET pattern answered with a file to download (a CSV export); a refusal is still a page.
  void file(const std::string& pattern, FileHandler handler);
  // POST pattern, a form's target. On invalid input or a conflict, `redisplay` renders the form's
  // page again with the error and the values sent.
  void action(const std::string& pattern, ActionHandler handler, PageHandler redisplay);

  // GET /public/{centre}<rest>: a page anyone may open without signing in. Its forms carry the
  // visitor's form_token (set as a cookie with the page).
  void open_page(const std::string& rest, OpenPageHandler handler);
  // POST /public/{centre}<rest>: a public form. It counts against its address's limit as `kind`
  // says (once used up, 429 with the form shown again as typed); a form must be
  // UTF-8 and carry the token of the page it came from; on invalid input or a conflict
  // `redisplay` shows the form again with the error and what was typed. A form that creates
  // something answers with a Redirect, so that going back or reloading never sends it twice.
  void open_action(const std::string& rest, OpenActionHandler handler, OpenPageHandler redisplay,
                   OpenForm kind = OpenForm::applies);

  // GET /portal/{centre}<rest>: a page for a parent signed in to the centre's portal; anyone else
  // is sent to the portal's sign-in page (/public/{centre}/sign-in).
  void portal_page(const std::string& rest, PortalPageHandler handler);
  // POST /portal/{centre}<rest>: a portal form, which must carry the session's CSRF token. On
  // invalid input or a conflict `redisplay` shows the page again with the error and what was typed.
  void portal_action(const std::string& rest, PortalActionHandler handler, PortalPageHandler redisplay);

  // GET and POST /referrer/{centre}<rest>: the same, for a referrer signed in to their account
  // (anyone else is sent to /public/{centre}/referrers/sign-in).
  void referrer_page(const std::string& rest, ReferrerPageHandler handler);
  void referrer_action(const std::string& rest, ReferrerActionHandler handler, ReferrerPageHandler redisplay);
  // GET /referrer/{centre}<rest> answered with a file to download (a statement as a PDF).
  void referrer_file(const std::string& rest, ReferrerFileHandler handler);

  // The page that says why a request was not carried out, before it reached any route.
  http::Response refusal_page(const Error& e) { return error_page(e, nullptr); }

 private:
  void add_session_routes();
  void add_public_entrance();
  void add_asset_routes();
  // Who is signed in; an error when no one is (or the session cannot be looked up).
  Result<Viewer> viewer_of(const http::Request& r);
  // The answer to a request viewer_of() turned away: the sign-in page, or the fault as it is.
  http::Response turned_away(const Error& e);
  // `path` marks the navigation item of the section being shown.
  http::Response render(const Page& page, const Viewer* viewer, const std::string& error, const Form* form,
                        const std::string& done, const std::string& path = {});
  http::Response error_page(const Error& e, const Viewer* viewer);
  // The sign-in and set-up pages (a PublicForm each, in site.cpp): the page with a fresh token, and
  // the checks every post of it passes first (attempts per address, the form, UTF-8, the token),
  // whose refusal is the page again.
  http::Response public_page(const PublicForm& f, const std::string& error, const std::string& handle);
  std::expected<Form, http::Response> accept_public_form(const PublicForm& f, http::Request& r);
  http::Response set_up(http::Request& r);
  // The visitor of a public page: the centre in its address; not_found for none.
  Result<Visitor> visitor_of(const http::Request& r);
  // A public page rendered for `visitor`, setting the cookie that holds its form token.
  http::Response render_open(const Page& page, const Visitor& visitor, const std::string& error, const Form* form);
  std::string render_template(const std::string& name, const View& data);
  // The portal's and the referrers' own routes: trading an emailed code for a session, and
  // signing out.
  void add_portal_entrance();
  void add_referrer_entrance();
  // The parent (or referrer) signed in to the portal (or their account) at the centre in the
  // address; denied when none is.
  Result<ParentViewer> parent_of(const http::Request& r);
  Result<ReferrerViewer> referrer_of(const http::Request& r);
  // The signed-in pages of people outside the centre (a parent, a referrer: V), under `door`
  // (site.cpp: where they live, their cookie, their sign-in page).
  template <class V>
  void outsider_page(const Door& door, const std::string& rest,
                     std::function<Result<Page>(http::Request&, const V&)> handler);
  template <class V>
  void outsider_action(const Door& door, const std::string& rest,
                       std::function<Result<Outcome>(http::Request&, const Form&, const V&)> handler,
                       std::function<Result<Page>(http::Request&, const V&)> redisplay);
  // Whoever the door's of() found, or the answer to a request it turned away: the door's sign-in
  // page, or the fault as it is.
  template <class V>
  std::expected<V, http::Response> outsider_of(const Door& door, http::Request& r);
  template <class V>
  http::Response render_outsider(const Door& door, const Page& page, const V& viewer, const std::string& error,
                                 const Form* form, const std::string& done);
  // The code step of signing in from outside and signing out, for `door`: `sign_in` trades the
  // address and code for a session's token.
  using CodeSignIn = std::function<Result<std::string>(app::Workspace&, const app::Centre&, const std::string& email,
                                                       const std::string& code)>;
  template <class V>
  void add_outsider_entrance(
      const Door& door, const std::string& code_path, std::function<Page(const Visitor&, const std::string&)> code_page,
      CodeSignIn sign_in, std::chrono::seconds lifetime,
      std::function<void(app::Workspace&, const app::Centre&, const std::string& token)> sign_out);

  app::Workspace& ws_;
  accounts::SignInRules sign_in_;
  http::Router router_;
  accounts::AttemptLimiter& sign_in_attempts_;
  accounts::AttemptLimiter& public_form_attempts_;
};

// The page groups, each in its own file.
void add_home_pages(Site& site);
void add_family_pages(Site& site);
void add_disclosure_pages(Site& site);
void add_operations_pages(Site& site);
void add_governance_pages(Site& site);
void add_data_protection_pages(Site& site);
void add_complaints_pages(Site& site);
void add_today_pages(Site& site);
void add_statistics_pages(Site& site);
// The public pages (no sign-in): the policy in force and the referral form.
void add_public_pages(Site& site);
// Applications received through the referral form: read, taken in or declined; and the rows of
// the list of those waiting, for the waiting list page.
void add_application_pages(Site& site);
// The parents' portal: signing in with a code sent by email, their case, the policy to
// acknowledge, and the permissions they give and withdraw for their own contact details.
void add_portal_pages(Site& site);
// The portal's page that asks for the code sent to `email` (shown again after a wrong code).
Page portal_code_page(const Visitor& v, const std::string& email);
// A page (from `template_name`) that asks for the sign-in code emailed to `email`.
Page emailed_code_page(const Visitor& v, const std::string& email, const std::string& template_name);
// Referrers' accounts: setting one up, signing in with a password and an emailed code, their
// referrals and the attendance statements sent to them, and asking for one.
void add_referrer_pages(Site& site);
// An attendance statement for a page, for the attendance_statement part (web/templates).
View statement_view(const disclosure::AttendanceStatement& s);
// What became of the same statement for the other side, in words, given each copy's delivery
// (disclosure::Outcome::mirror_deliveries); `sender` sends a queued copy ("you", "the centre").
std::string other_side_words(const std::vector<std::string>& deliveries, std::string_view sender);
// The referrers' page that asks for the code sent to `email` (shown again after a wrong code).
Page referrer_code_page(const Visitor& v, const std::string& email);
ViewList application_rows(const std::vector<applications::Summary>& received);
// A family's journey forms and the waiting list; `family_page` is shown again after a mistake.
void add_journey_pages(Site& site, PageHandler family_page);
// The Case section of a family page (into `page_data`, as "case"), when the viewer may see the
// family's case; `labels`: who each person is on the page. False when it is not shown.
Result<bool> add_case_section(View& page_data, const Viewer& v, const std::string& family_id,
                              const std::map<std::string, std::string>& labels);

// Shared by the page files.
std::string role_label(policy::Role role);
std::string today_london();
// "F0001" style references and ids are safe in a URL; anything else is refused.
bool safe_path_segment(const std::string& s);

}  // namespace haven::web
