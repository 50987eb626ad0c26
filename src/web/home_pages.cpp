// The home page: what each role does first. Whoever sees families gets what waits for them
// (notices/notices.hpp: new concerns for the safeguarding lead and management, reviews due,
// exception reviews, disposal approvals, DBS rechecks, the policy review), with a count of the
// new; then a volunteer their sessions, a coordinator the week's; an administrator the accounts.
// Each list comes through the domain layer, so a part the viewer may not see shows the clause.
#include <fmt/format.h>

#include "access/access.hpp"
#include "notices/notices.hpp"
#include "records/calendar.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

using policy::Role;

// Today's and the coming week's sessions; for a volunteer, only those on their rota.
void add_sessions(Page& page, const Viewer& v, bool mine_only) {
  Day today = *parse_day(today_london());
  auto sessions = records::session_calendar(*v.ws, *v.centre, v.staff, today, today + std::chrono::days{7});
  if (!sessions) {
    page.data.set("sessions_refused", sessions.error().message);
    page.data.set("sessions_clause", sessions.error().clause_id());
    return;
  }
  ViewList rows;
  for (const auto& s : *sessions) {
    if (mine_only && !s.on_my_rota) continue;
    rows.push_back(ViewObject{{"href", "/sessions/" + s.id},
                              {"day", day_in_words(s.day)},
                              {"starts", clock_words(s.starts)},
                              {"ends", clock_words(s.ends)},
                              {"room", s.room},
                              {"reference", s.family_reference},
                              {"is_today", s.day == today_london()}});
  }
  page.data.set("show_sessions", true);
  page.data.set("sessions", rows);
  page.data.set("no_sessions", rows.empty());
}

// The page where a notice is acted on.
std::string notice_path(const notices::Notice& n) {
  switch (n.subject) {
    case notices::Subject::concern:
      return family_path(n.family_reference) + "/concerns";
    case notices::Subject::family_review:
      return family_path(n.family_reference);
    case notices::Subject::records_request:
    case notices::Subject::breach_deadline:
      return "/data-protection";
    case notices::Subject::complaint_due:
      return "/complaints";
    case notices::Subject::disclosure_review:
    case notices::Subject::statement_to_send:
      return "/disclosures";
    case notices::Subject::disposal_approval:
      return "/retention";
    case notices::Subject::undelivered_email:
      return "/email";
    case notices::Subject::dbs_recheck:
      return "/volunteers";
    case notices::Subject::policy_review:
    case notices::Subject::policy_acknowledgement:
      return "/policy";
  }
  return "/";
}

// What waits for the viewer (notices/notices.hpp), the new first, with how many are new.
Result<bool> add_notices(Page& page, const Viewer& v) {
  HAVEN_TRY(notices, notices::waiting_for(*v.ws, *v.centre, v.staff, *parse_day(today_london())));
  ViewList tasks;
  std::size_t fresh = 0;
  for (const auto& n : notices) {
    fresh += n.fresh;
    tasks.push_back(ViewObject{{"text", n.text}, {"href", notice_path(n)}, {"fresh", n.fresh}});
  }
  page.data.set("show_tasks", true);
  page.data.set("tasks", tasks);
  page.data.set("no_tasks", tasks.empty());
  page.data.set("task_count", tasks.empty()
                                  ? View(false)
                                  : View(fresh ? fmt::format("{} new", fresh) : std::to_string(tasks.size())));
  return true;
}

Result<Page> home_page(http::Request&, const Viewer& v) {
  auto page = make_page("Home", "home");
  page.data.set("name", v.staff.display_name);
  page.data.set("role", role_label(v.staff.role));
  // What the home page holds follows what the access layer would allow the viewer: the tasks of
  // those who review exception disclosures, the count of exceptions waiting for those who keep
  // the register, then the week's sessions or the accounts.
  bool sees_sessions = offered(v, access::view(*v.centre, v.staff, policy::Item::session_times, "*"));
  bool whole_centre = access::sees_centre_sessions(*v.centre, v.staff);
  HAVEN_CHECK(add_notices(page, v));
  // Someone who runs the accounts and sees no families gets the accounts; anyone else the week's
  // sessions, or the refusal in place with its clause (a volunteer waiting for a DBS check).
  if (!sees_sessions && may(v, policy::Action::manage_accounts))
    page.data.set("show_accounts", true);
  else
    add_sessions(page, v, !whole_centre);
  page.data.set("sessions_heading", whole_centre ? "Sessions this week" : "Your sessions");
  HAVEN_TRY(emailed_to, notices::email_notices_to(*v.ws, *v.centre, v.staff));
  page.data.set("notices_email", text_or_nothing(emailed_to));
  return page;
}

// POST /notices/email: the viewer chooses to be emailed when something new waits for them, or
// (with stop) no longer.
Result<Outcome> email_notices(http::Request&, const Form& form, const Viewer& v) {
  bool stop = form.raw("stop") == "yes";
  HAVEN_TRY(email, form.text("notices_email", "your email address", !stop, 200));
  auto set = notices::set_email_notices(*v.ws, *v.centre, v.staff, stop ? std::string() : email);
  if (!set && set.error().kind == ErrorKind::invalid_input)
    return form.mark("notices_email", "Enter your email address in the correct format, like name@example.org");
  if (!set) return std::unexpected(set.error());
  return Redirect{"/", stop ? "notices_email_stopped" : "notices_email_set"};
}

}  // namespace

void add_home_pages(Site& site) {
  site.page("/", home_page);
  site.action("/notices/email", email_notices, home_page);
}

}  // namespace haven::web
