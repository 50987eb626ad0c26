// The day at the centre: each room's sessions today with their staggered times, who is on the
// rota and where each person is now; and the sign-in sheet to print for the door.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "records/calendar.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

// "Joanna (resident parent)", or the part alone where the first name is not the reader's to see.
std::string who(const records::CalendarPerson& p) {
  if (p.first_name.empty()) return plain_words(p.party);
  return fmt::format("{} ({})", p.first_name, uncapitalised(plain_words(p.party)));
}

// Where the person is now: "Arrived at 9:45am", "Left at 12pm", "Did not come", "Expected".
std::string where_now(const records::CalendarPerson& p) {
  if (p.status == "left") return "Left at " + clock_words(p.left);
  if (p.status == "arrived") return "Arrived at " + clock_words(p.arrived);
  return plain_words(p.status);
}

// Today's sessions, grouped by room in the order of each room's first session, as a page
// titled `title` drawn by `template_name`.
Result<Page> day_page(const Viewer& v, std::string title, std::string template_name) {
  Day today = london_today();
  HAVEN_TRY(sessions, records::day_sheet(*v.ws, *v.centre, v.staff, today));
  std::vector<std::string> order;
  std::map<std::string, ViewList> by_room;
  bool link_families = sees_case(v, "*");
  for (const auto& s : sessions) {
    ViewList people;
    for (const auto& p : s.people)
      people.push_back(ViewObject{{"who", who(p)},
                                  {"arrives", clock_words(p.planned_arrival)},
                                  {"leaves", clock_words(p.planned_departure)},
                                  {"now", where_now(p)},
                                  {"here", p.status == "arrived"}});
    std::string rota = s.rota.empty() ? "Nobody yet" : fmt::format("{}", fmt::join(s.rota, ", "));
    if (!by_room.contains(s.room)) order.push_back(s.room);
    by_room[s.room].push_back(
        ViewObject{{"href", "/sessions/" + s.id},
                   {"reference", s.family_reference},
                   {"family_href", link_families ? View(family_path(s.family_reference)) : View(false)},
                   {"times", session_times_words(s.handover, s.starts, s.ends)},
                   {"apart", s.must_not_meet.value_or(false)},
                   {"rota", rota},
                   {"on_my_rota", s.on_my_rota},
                   {"people", people}});
  }
  ViewList rooms;
  for (const auto& room : order) rooms.push_back(ViewObject{{"room", room}, {"sessions", by_room[room]}});
  auto page = make_page(std::move(title), std::move(template_name));
  page.data.set("day", format_day_words(today));
  page.data.set("rooms", rooms);
  page.data.set("none", rooms.empty());
  page.data.set("as_of", clock_words(format_london_time(now())));
  return page;
}

Result<Page> today_page(http::Request&, const Viewer& v) { return day_page(v, "Today", "today"); }

Result<Page> sign_in_sheet_page(http::Request&, const Viewer& v) {
  return day_page(v, "Sign-in sheet", "sign_in_sheet");
}

}  // namespace

void add_today_pages(Site& site) {
  site.page("/today", today_page);
  site.page("/today/sign-in-sheet", sign_in_sheet_page);
}

}  // namespace haven::web
