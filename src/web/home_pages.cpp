// The home page: what each role does first. A volunteer sees their sessions; a coordinator the
// day's sessions; management what waits for them (exception reviews, disposal approvals, DBS
// rechecks, the policy review); the safeguarding lead exceptions waiting review; an
// administrator the accounts. Each list comes through the records layer, so a part the viewer
// may not see shows the clause instead.
#include <fmt/format.h>

#include "access/access.hpp"
#include "disclosure/disclosures.hpp"
#include "governance/lifecycle.hpp"
#include "policy/review.hpp"
#include "records/calendar.hpp"
#include "retention/engine.hpp"
#include "vetting/dbs.hpp"
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
                              {"starts", s.starts},
                              {"ends", s.ends},
                              {"room", s.room},
                              {"reference", s.family_reference},
                              {"is_today", s.day == today_london()}});
  }
  page.data.set("show_sessions", true);
  page.data.set("sessions", rows);
  page.data.set("no_sessions", rows.empty());
}

void add_management_tasks(Page& page, const Viewer& v) {
  ViewList tasks;
  auto add = [&tasks](std::string text, std::string href) {
    tasks.push_back(ViewObject{{"text", std::move(text)}, {"href", std::move(href)}});
  };
  disclosure::RegisterFilter pending;
  pending.pending_review_only = true;
  if (auto entries = disclosure::list_register(*v.ws, *v.centre, v.staff, pending); entries && !entries->empty())
    add(counted(entries->size(), "exception disclosure waits for management review",
                "exception disclosures wait for management review"),
        "/disclosures");
  if (may(v, policy::Action::review_retention)) {
    if (auto runs = retention::list_runs(*v.ws, *v.centre, v.staff)) {
      int waiting = 0;
      for (const auto& r : *runs) waiting += r.status == "proposed" && r.proposed_by != v.staff.handle;
      if (waiting)
        add(counted(waiting, "disposal run waits for your approval", "disposal runs wait for your approval"),
            "/retention");
    }
  }
  Day today = *parse_day(today_london());
  if (may(v, policy::Action::manage_accounts)) {
    if (auto due = vetting::recheck_due(*v.ws, *v.centre, v.staff, today, 60); due && !due->empty())
      add(counted(due->size(), "DBS check is due for renewal within 60 days",
                  "DBS checks are due for renewal within 60 days"),
          "/volunteers");
  }
  auto review = policy::review_status(v.centre->preset, today);
  if (review.overdue || review.days_left <= 30)
    add(fmt::format("The policy's yearly review is due on {}", format_day_words(review.due_on)), "/policy");
  if (may(v, policy::Action::record_awareness)) {
    if (auto outstanding = governance::unacknowledged(*v.ws, *v.centre, v.staff); outstanding && !outstanding->empty())
      add(counted(outstanding->size(), "person has not yet acknowledged the policy in force",
                  "people have not yet acknowledged the policy in force"),
          "/policy");
  }
  page.data.set("show_tasks", true);
  page.data.set("tasks", tasks);
  page.data.set("no_tasks", tasks.empty());
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
  if (may(v, policy::Action::review_disclosure)) {
    add_management_tasks(page, v);
  } else if (may(v, policy::Action::read_register)) {
    disclosure::RegisterFilter pending;
    pending.pending_review_only = true;
    auto entries = disclosure::list_register(*v.ws, *v.centre, v.staff, pending);
    page.data.set("show_exceptions", true);
    page.data.set("exceptions_waiting",
                  counted(entries ? entries->size() : 0, "exception disclosure waits", "exception disclosures wait"));
  }
  // Someone who runs the accounts and sees no families gets the accounts; anyone else the week's
  // sessions, or the refusal in place with its clause (a volunteer waiting for a DBS check).
  if (!sees_sessions && may(v, policy::Action::manage_accounts))
    page.data.set("show_accounts", true);
  else
    add_sessions(page, v, !whole_centre);
  page.data.set("sessions_heading", whole_centre ? "Sessions this week" : "Your sessions");
  return page;
}

}  // namespace

void add_home_pages(Site& site) { site.page("/", home_page); }

}  // namespace haven::web
