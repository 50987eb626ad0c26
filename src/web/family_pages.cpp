// Families, their people, referrals and sessions; the session calendar; attendance on the day.
#include <fmt/format.h>

#include <cctype>
#include <map>

#include "access/access.hpp"
#include "applications/applications.hpp"
#include "directory/directory.hpp"
#include "journey/journey.hpp"
#include "portal/referrers.hpp"
#include "records/audited_write.hpp"
#include "records/calendar.hpp"
#include "records/family_view.hpp"
#include "records/rota.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

using policy::Role;

// Why a session may be called off, in the order the form offers them.
constexpr std::pair<records::CancelReason, std::string_view> cancel_reasons[] = {
    {records::CancelReason::parent_called_off, "A parent called it off"},
    {records::CancelReason::child_unwell, "The child was unwell"},
    {records::CancelReason::centre_closed, "The centre was closed"},
    {records::CancelReason::not_enough_staff, "Not enough staff or volunteers"},
    {records::CancelReason::arrangements_changed, "The arrangements changed (a court order or an agreement)"},
    {records::CancelReason::other, "Another reason"},
};

// Why attendance was corrected, in the order the form offers them.
constexpr std::pair<records::AmendReason, std::string_view> amend_reasons[] = {
    {records::AmendReason::wrong_time, "The wrong time was recorded"},
    {records::AmendReason::wrong_person, "It was recorded for the wrong person"},
    {records::AmendReason::wrong_status, "The wrong thing was recorded (arrived, left or did not come)"},
    {records::AmendReason::other, "Another reason"},
};

// Why someone did not come, in the order the form offers them.
constexpr std::pair<records::NoShowReason, std::string_view> no_show_reasons[] = {
    {records::NoShowReason::let_us_know, "They let us know"},
    {records::NoShowReason::no_word, "No word from them"},
    {records::NoShowReason::unwell, "They or the child were unwell"},
    {records::NoShowReason::other, "Another reason"},
};

// The words for a stored reason (its enum name) from one of the tables above, in small letters to
// follow a colon or a bracket; "another reason" for a name the table does not hold.
template <class Reason, std::size_t N>
std::string reason_words(const std::pair<Reason, std::string_view> (&table)[N], std::string_view name) {
  for (const auto& [reason, words] : table)
    if (name_of(reason) == name) return uncapitalised(std::string(words));
  return "another reason";
}

// One of the tables above as the choices of a form (value: the enum name, words: the label).
template <class Reason, std::size_t N>
ViewList reason_choices(const std::pair<Reason, std::string_view> (&table)[N]) {
  ViewList out;
  for (const auto& [reason, words] : table)
    out.push_back(ViewObject{{"value", std::string(name_of(reason))}, {"words", std::string(words)}});
  return out;
}

// "Cancelled on 4 December 2026: the child was unwell", or empty for a session that stands.
std::string cancellation_words(const records::SessionView& s) {
  if (s.cancelled_on.empty()) return {};
  return fmt::format("Cancelled on {}: {}", day_in_words(s.cancelled_on),
                     reason_words(cancel_reasons, s.cancel_reason));
}

// The choices of the "Show" select, with `chosen` selected.
ViewList show_choices(directory::Show chosen) {
  ViewList out;
  for (auto show : {directory::Show::open, directory::Show::waiting, directory::Show::closed, directory::Show::all})
    out.push_back(ViewObject{{"value", std::string(name_of(show))},
                             {"words", std::string(directory::describe(show))},
                             {"selected", show == chosen}});
  return out;
}

// "Priya Okafor (resident parent)", for a person named in a list.
std::string named_words(const directory::Person& p) {
  return fmt::format("{} ({})", p.name, uncapitalised(plain_words(p.party)));
}

// A page of the family list or of a search: the table, the count and the way to other pages.
Page listing_page(const Viewer& v, const directory::Query& q, const directory::Listing& listing) {
  auto page = make_page("Families", "families");
  auto& d = page.data;
  ViewList rows;
  for (const auto& f : listing.families) {
    ViewList names;
    for (const auto& p : f.named) names.push_back(ViewObject{{"words", named_words(p)}});
    rows.push_back(ViewObject{
        {"reference", f.reference},
        {"href", family_path(f.reference)},
        {"names", names},
        {"unnamed", f.named.empty() ? text_or_nothing(counted(f.people, "person", "people")) : View(false)},
        {"stage", f.stage ? std::string(journey::describe(*f.stage)) : std::string("–")},
        {"next_session", !f.disposed_on.empty() ? "Records destroyed on " + day_in_words(f.disposed_on) + " (clause 8)"
                         : f.next_session.empty() ? "None booked"
                                                  : time_in_words(f.next_session)}});
  }
  d.set("families", rows);
  d.set("none", listing.families.empty());
  // "Open cases: 12 families.", "Open cases with that name: 1 family.", "40 families."
  std::string count = counted(static_cast<std::size_t>(listing.total), "family", "families");
  std::string with_name = q.name.empty() ? "" : " with that name";
  d.set("found", q.show == directory::Show::all
                     ? fmt::format("{}{}.", count, with_name)
                     : fmt::format("{}{}: {}.", directory::describe(q.show), with_name, count));
  d.set("searched", !q.name.empty());
  d.set("name", q.name);
  d.set("show", std::string(name_of(q.show)));
  bool may_filter = offered(v, access::view(*v.centre, v.staff, policy::Item::case_progress, "*"));
  d.set("may_filter", may_filter);
  d.set("shows", show_choices(q.show));
  d.set("may_search", offered(v, access::view(*v.centre, v.staff, policy::Item::first_name, "*")));
  d.set("may_see_waiting", may_filter);
  if (listing.pages > 1) {
    d.set("paged", true);
    d.set("page_words", fmt::format("Page {} of {}", listing.page, listing.pages));
    if (listing.page > 1) d.set("previous", std::to_string(listing.page - 1));
    if (listing.page < listing.pages) d.set("next", std::to_string(listing.page + 1));
  }
  return page;
}

// The filter a list starts with: open cases, for those who may see a case's stage.
directory::Show default_show(const Viewer& v) {
  return offered(v, access::view(*v.centre, v.staff, policy::Item::case_progress, "*")) ? directory::Show::open
                                                                                        : directory::Show::all;
}

// GET /families?show=waiting&page=2
Result<Page> families_page(http::Request& r, const Viewer& v) {
  directory::Query q;
  q.show = default_show(v);
  if (r.query.contains("show"))
    if (auto show = parse_enum<directory::Show>(r.query.at("show"))) q.show = *show;
  if (r.query.contains("page")) q.page = whole_number(r.query.at("page"), 1, 100000).value_or(1);
  HAVEN_TRY(listing, directory::find(*v.ws, *v.centre, v.staff, q));
  return listing_page(v, q, listing);
}

// Who a person is on a page: their first name where the viewer may see it, and their part.
std::map<std::string, std::string> person_labels(const records::FamilyView& f) {
  std::map<std::string, std::string> out;
  for (const auto& p : f.people) {
    auto first = p.field("first_name");
    out[p.id] = first.empty() ? plain_words(p.party) : fmt::format("{} ({})", first, plain_words(p.party));
  }
  return out;
}

// Whether the decision point would let the viewer write this item for the family: the page
// offers only the forms that would succeed.
bool may_record(const Viewer& v, const std::string& family_id, policy::Item item = policy::Item::first_name) {
  return access::offered(*v.centre, access::record(*v.centre, v.staff, item, family_id));
}

// "Corrected on 5 December 2026 (the wrong time was recorded). Before: arrived at 10:50.", or
// empty for a record never corrected.
std::string correction_words(const records::AttendanceView& a) {
  if (!a.correction) return {};
  const auto& c = *a.correction;
  std::string before;
  if (!c.was_arrived_at.empty()) before = "arrived at " + clock_words(c.was_arrived_at);
  if (!c.was_left_at.empty()) before += (before.empty() ? "left at " : ", left at ") + clock_words(c.was_left_at);
  if (before.empty()) before = uncapitalised(plain_words(c.was_status));
  return fmt::format("Corrected on {} ({}). Before: {}.", day_in_words(c.corrected_at),
                     reason_words(amend_reasons, c.reason), before);
}

// "Arrival recorded: Joanna (Resident parent) at 10:02am.", for the person just marked.
std::string recorded_words(const records::AttendanceView& a, const std::string& who) {
  if (a.status == "arrived") return fmt::format("Arrival recorded: {} at {}.", who, clock_words(a.arrived));
  if (a.status == "left") return fmt::format("Departure recorded: {} at {}.", who, clock_words(a.left));
  if (a.status == "no_show")
    return a.no_show_reason.empty()
               ? fmt::format("Recorded: {} did not come.", who)
               : fmt::format("Recorded: {} did not come ({}).", who, reason_words(no_show_reasons, a.no_show_reason));
  return fmt::format("Recorded for {}.", who);
}

View attendance_view(const records::AttendanceView& a, const std::map<std::string, std::string>& labels) {
  auto label = labels.contains(a.person_id) ? labels.at(a.person_id) : std::string("Someone");
  return ViewObject{{"person_id", a.person_id},
                    {"who", label},
                    {"status", plain_words(a.status)},
                    {"planned_arrival", clock_words(a.planned_arrival)},
                    {"planned_departure", clock_words(a.planned_departure)},
                    {"arrived", a.arrived.empty() ? "–" : clock_words(a.arrived)},
                    {"left", a.left.empty() ? "–" : clock_words(a.left)},
                    {"recorded", a.status != "expected"},
                    {"corrected", text_or_nothing(correction_words(a))},
                    {"why_not", text_or_nothing(a.no_show_reason.empty()
                                                    ? std::string()
                                                    : capitalised(reason_words(no_show_reasons, a.no_show_reason)))}};
}

Result<Page> family_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(f, records::show_family(*v.ws, *v.centre, v.staff, r.params.at("ref")));
  auto labels = person_labels(f);
  auto page = make_page("Family " + f.reference, "family");
  auto& d = page.data;
  d.set("reference", f.reference);
  d.set("href", family_path(f.reference));
  if (f.must_not_meet)
    d.set("must_not_meet", !*f.must_not_meet           ? "No"
                           : f.disposed_on.empty() ? "Yes: arrivals and departures are staggered"
                                                   : "Yes: they were kept apart while the family came here");
  ViewList people, parents;
  for (const auto& p : f.people) {
    ViewList fields;
    for (const auto& [name, value] : p.fields) fields.push_back(ViewObject{{"label", plain_words(name)}, {"value", value}});
    people.push_back(ViewObject{{"who", labels[p.id]}, {"fields", fields}});
    if (p.party != "child") parents.push_back(ViewObject{{"id", p.id}, {"label", labels[p.id]}});
  }
  d.set("people", people);
  d.set("parents", parents);
  HAVEN_CHECK(add_case_section(d, v, f.id, labels));
  ViewList referrals, invitable;
  bool may_invite = offered(v, portal::invitation_request(*v.centre, v.staff, f.id));
  for (const auto& ref : f.referrals) {
    bool own = !portal::may_have_account(ref.agency);
    if (!own)
      invitable.push_back(
          ViewObject{{"id", ref.id},
                     {"words", fmt::format("{} ({}), {}", ref.referrer_name.empty() ? "–" : ref.referrer_name,
                                           plain_words(ref.agency), day_in_words(ref.referred_on))}});
    std::string account = own                                                ? "–"
                          : ref.account == records::ReferrerAccount::set_up  ? "Has an account"
                          : ref.account == records::ReferrerAccount::invited ? "Invited"
                                                                             : "None";
    if (!ref.account_email.empty()) account += ": " + ref.account_email;
    referrals.push_back(ViewObject{{"agency", plain_words(ref.agency)},
                                   {"account", account},
                                   {"referrer_name", ref.referrer_name.empty() ? "–" : ref.referrer_name},
                                   {"acting_for", !ref.acting_for.empty()         ? labels[ref.acting_for]
                                                  : ref.agency == "self_referral" ? "The parent who applied"
                                                                                  : "Neither parent"},
                                   {"referred_on", day_in_words(ref.referred_on)},
                                   {"id", ref.id},
                                   {"may_end", may_invite && ref.account != records::ReferrerAccount::none}});
  }
  d.set("referrals", referrals);
  if (!invitable.empty() && may_invite) {
    d.set("invitable", invitable);
    d.set("may_invite", true);
  }
  if (offered(v, access::view(*v.centre, v.staff, policy::Item::referral_details, f.id))) {
    HAVEN_TRY(received, applications::taken_into(*v.ws, *v.centre, v.staff, f.id));
    ViewList forms;
    for (const auto& a : received) {
      auto at = parse_utc(a.received_at);
      forms.push_back(ViewObject{{"href", "/applications/" + a.id},
                                 {"reference", a.reference},
                                 {"received", at ? format_london_day_words(*at) : a.received_at}});
    }
    d.set("applications", forms);
    d.set("has_applications", !forms.empty());
  }
  ViewList sessions;
  for (const auto& s : f.sessions) {
    ViewList attendance, notes;
    for (const auto& a : s.attendance) attendance.push_back(attendance_view(a, labels));
    for (const auto& n : s.notes) notes.push_back(ViewObject{{"text", n}});
    sessions.push_back(ViewObject{{"href", "/sessions/" + s.id},
                                  {"day", day_in_words(s.day)},
                                  {"times", session_times_words(s.handover, s.starts, s.ends)},
                                  {"room", s.room},
                                  {"attendance", attendance},
                                  {"has_attendance", !s.attendance.empty()},
                                  {"cancelled", text_or_nothing(cancellation_words(s))},
                                  {"notes", notes}});
  }
  d.set("sessions", sessions);
  ViewList withheld;
  for (const auto& w : f.withheld)
    withheld.push_back(ViewObject{{"item", plain_words(w.item)}, {"clause", w.clause}, {"reason", w.reason}});
  d.set("withheld", withheld);
  d.set("has_withheld", !f.withheld.empty());
  d.set("may_record", f.disposed_on.empty() && may_record(v, f.id));
  if (!f.disposed_on.empty()) d.set("disposed_on", day_in_words(f.disposed_on));
  d.set("may_disclose", sees_case(v, f.id));
  return page;
}

// The minutes between the parents' arrivals: a whole number, 15 when left blank.
Result<int> gap_minutes(const Form& form, const std::string& field) {
  HAVEN_TRY(gap, form.text(field, "the gap between arrivals", false, 2));
  if (gap.empty()) return 15;
  if (gap.find_first_not_of("0123456789") != std::string::npos)
    return fail(ErrorKind::invalid_input, "The gap between arrivals is a whole number of minutes");
  return std::stoi(gap);
}

Result<Outcome> create_family(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::create_family(*v.ws, *v.centre, v.staff, form.checked("must_not_meet")));
  return Redirect{family_path(family.reference), "family_created"};
}

// A name is personal data: it arrives in the form body and is never put in a URL, so a search's
// other pages are asked for by the same form.
Result<Outcome> search_families(http::Request&, const Form& form, const Viewer& v) {
  directory::Query q;
  HAVEN_TRY(name, form.text("name", "a name", false, 200));
  q.name = name;
  q.show = default_show(v);
  if (auto show = parse_enum<directory::Show>(form.raw("show"))) q.show = *show;
  q.page = whole_number(form.raw("page"), 1, 100000).value_or(1);
  HAVEN_TRY(listing, directory::find(*v.ws, *v.centre, v.staff, q));
  return listing_page(v, q, listing);
}

Result<Outcome> add_person(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  records::NewPerson p;
  HAVEN_TRY(party, form.choice<records::Party>("party",
                                               "Choose whether this is the resident parent, the other parent or a child"));
  p.party = party;
  for (auto [key, label, field, required] :
       {std::tuple{"first_name", "a first name", &p.first_name, true},
        std::tuple{"surname", "a surname", &p.surname, false}, std::tuple{"address", "the address", &p.address, false},
        std::tuple{"phone", "the phone number", &p.phone, false},
        std::tuple{"email", "the email address", &p.email, false}}) {
    HAVEN_TRY(value, form.text(key, label, required, 500));
    *field = value;
  }
  // A child's date of birth is needed; a parent's may be left out.
  if (p.party == records::Party::child) {
    HAVEN_TRY(born, form.date("date_of_birth", "the child's date of birth"));
    p.date_of_birth = format_day(born);
  } else {
    HAVEN_TRY(born, form.optional_date("date_of_birth", "the date of birth"));
    if (born) p.date_of_birth = format_day(*born);
  }
  HAVEN_CHECK(records::add_person(*v.ws, *v.centre, v.staff, family.id, p));
  return Redirect{family_path(family.reference), "person_added"};
}

// POST /families/{ref}/referrer-accounts/{referral}/end: the referrer no longer follows the referral.
Result<Outcome> end_referrer_access(http::Request& r, const Form&, const Viewer& v) {
  HAVEN_CHECK(portal::end_referrer_access(*v.ws, *v.centre, v.staff, r.params.at("ref"), r.params.at("referral")));
  return Redirect{family_path(r.params.at("ref")), "referrer_access_ended"};
}

// POST /families/{ref}/referrer-accounts: the referrer of one of the family's referrals is emailed
// an invitation to follow it.
Result<Outcome> invite_referrer(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(referral, form.text("invite_referral", "the referral", true, 80));
  HAVEN_TRY(email, form.text("invite_email", "the referrer's email address", true, 200));
  auto invited = portal::invite_referrer(*v.ws, *v.centre, v.staff, r.params.at("ref"), referral, email, now());
  if (!invited && invited.error().kind == ErrorKind::invalid_input) {
    if (invited.error().message.starts_with("email"))
      return form.mark("invite_email",
                       "Enter the referrer's email address in the correct format, like name@example.org");
    return form.mark("invite_referral", "Choose a referral made by a professional");
  }
  if (!invited && invited.error().kind == ErrorKind::not_found)
    return form.mark("invite_referral", "Choose one of this family's referrals");
  if (!invited) return std::unexpected(invited.error());
  return Redirect{family_path(r.params.at("ref")), "referrer_invited"};
}

Result<Outcome> add_referral(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  HAVEN_TRY(agency, form.choice<records::AgencyKind>("agency", "Choose who referred the family"));
  HAVEN_TRY(name, form.text("referrer_name", "the referrer's name", false, 200));
  HAVEN_TRY(acting_for, form.text("acting_for", "the parent the referrer acts for", false, 64));
  HAVEN_TRY(on, form.date("referred_on", "the date of the referral"));
  HAVEN_CHECK(records::add_referral(*v.ws, *v.centre, v.staff, family.id, {agency, name, acting_for, format_day(on)}));
  return Redirect{family_path(family.reference), "referral_added"};
}

Result<Outcome> book_session(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  HAVEN_TRY(date, form.date("date", "the date of the session"));
  std::string day = format_day(date);
  HAVEN_TRY(starts, form.clock("starts", "the start time", true));
  HAVEN_TRY(ends, form.clock("ends", "the end time", true));
  HAVEN_TRY(room, form.text("room", "the room", true, 100));
  HAVEN_TRY(gap, gap_minutes(form, "gap_minutes"));
  auto kind = form.checked("handover") ? records::SessionKind::handover : records::SessionKind::supported;
  HAVEN_CHECK(records::schedule_session(*v.ws, *v.centre, v.staff, family.id,
                                        {day + " " + starts, day + " " + ends, room, gap, kind}));
  return Redirect{family_path(family.reference), "session_scheduled"};
}

Result<Page> calendar_page(http::Request& r, const Viewer& v) {
  Day today = *parse_day(today_london());
  Day from = today;
  if (r.query.contains("from")) {
    auto given = parse_day(r.query.at("from"));
    if (!given) return fail(ErrorKind::invalid_input, "The calendar's start date must be a date like 2026-11-28");
    from = *given;
  }
  Day to = from + std::chrono::days{6};
  HAVEN_TRY(sessions, records::session_calendar(*v.ws, *v.centre, v.staff, from, to));
  auto page = make_page("Session calendar", "calendar");
  ViewList days;
  for (Day d = from; d <= to; d += std::chrono::days{1}) {
    ViewList on_day;
    for (const auto& s : sessions) {
      if (s.day != format_day(d)) continue;
      ViewList plan;
      for (const auto& p : s.people)
        plan.push_back(ViewObject{{"party", plain_words(p.party)},
                                  {"arrives", clock_words(p.planned_arrival)},
                                  {"leaves", clock_words(p.planned_departure)},
                                  {"status", plain_words(p.status)}});
      on_day.push_back(ViewObject{{"href", "/sessions/" + s.id},
                                  {"reference", s.family_reference},
                                  {"family_href", family_path(s.family_reference)},
                                  {"starts", clock_words(s.starts)},
                                  {"times", session_times_words(s.handover, s.starts, s.ends)},
                                  {"room", s.room},
                                  {"on_my_rota", s.on_my_rota},
                                  {"plan", plan}});
    }
    days.push_back(ViewObject{
        {"day", format_day_words(d)}, {"is_today", d == today}, {"sessions", on_day}, {"empty", on_day.empty()}});
  }
  page.data.set("days", days);
  page.data.set("from", format_day(from));
  page.data.set("from_words", format_day_words(from));
  page.data.set("previous", format_day(from - std::chrono::days{7}));
  page.data.set("next", format_day(from + std::chrono::days{7}));
  page.data.set("link_families", sees_case(v, "*"));
  return page;
}

Result<Page> session_page(http::Request& r, const Viewer& v) {
  const auto& session_id = r.params.at("id");
  HAVEN_TRY(family, records::family_of_session(*v.ws, *v.centre, session_id));
  HAVEN_TRY(f, records::show_family(*v.ws, *v.centre, v.staff, family.id));
  const records::SessionView* session = nullptr;
  for (const auto& s : f.sessions)
    if (s.id == session_id) session = &s;
  if (!session) return fail(ErrorKind::not_found, "no such session at this centre");
  auto labels = person_labels(f);
  std::string what = session->handover ? "Handover" : "Session";
  auto page = make_page(fmt::format("{} on {} at {}", what, day_in_words(session->day), clock_words(session->starts)),
                        "session");
  auto& d = page.data;
  d.set("href", "/sessions/" + session_id);
  d.set("reference", f.reference);
  d.set("family_href", family_path(f.reference));
  d.set("link_family", sees_case(v, family.id));
  d.set("day", day_in_words(session->day));
  d.set("what", what);
  d.set("times", session_times_words(session->handover, session->starts, session->ends));
  d.set("handover", session->handover);
  d.set("room", session->room);
  d.set("session_day", session->day);
  // What the people at the door need before the family arrives: the flag, where the decision
  // point lets this reader see it, and where to report a worry.
  d.set("must_not_meet", f.must_not_meet.value_or(false));
  d.set("concerns_href", family_path(f.reference) + "/concerns");
  d.set("may_report", may_record(v, family.id, policy::Item::concern_record));
  d.set("may_record_accident", offered(v, access::record(*v.centre, v.staff, policy::Item::accident_record, "")));
  ViewList attendance, notes;
  // After a tap at the door the page opens at that person (…#person-ID), with what was recorded
  // said there, so nobody is sent back to the top of the page.
  std::string just = r.query.contains("recorded") ? r.query.at("recorded") : std::string();
  for (const auto& a : session->attendance) {
    View person = attendance_view(a, labels);
    if (a.person_id == just)
      person.set("just_recorded",
                 recorded_words(a, labels.contains(a.person_id) ? labels.at(a.person_id) : std::string("Someone")));
    attendance.push_back(person);
  }
  for (const auto& n : session->notes) notes.push_back(ViewObject{{"text", n}});
  d.set("attendance", attendance);
  d.set("no_show_reasons", reason_choices(no_show_reasons));
  d.set("notes", notes);
  d.set("has_attendance", !session->attendance.empty());
  d.set("may_note", may_record(v, family.id, policy::Item::session_note));
  const bool cancelled = !session->cancelled_on.empty();
  d.set("cancelled", text_or_nothing(cancellation_words(*session)));
  d.set("may_mark", session->attendance_open);
  d.set("before_its_day", !cancelled && !session->attendance_open);
  if (!cancelled && may_record(v, family.id, policy::Item::session_times)) {  // may arrange and call off
    d.set("cancel_reasons", reason_choices(cancel_reasons));
    d.set("may_cancel", !session->attended);
    ViewList volunteers;
    for (const auto& s : records::rota_candidates(*v.ws, *v.centre, family.id))
      volunteers.push_back(ViewObject{{"handle", s.handle}, {"name", s.display_name}, {"role", role_label(s.role)}});
    d.set("volunteers", volunteers);
    d.set("may_assign", true);
    // Moving it: the form starts from where and when it is now.
    if (auto day = parse_day(session->day)) {
      View move(ViewObject{{"starts", session->starts}, {"ends", session->ends}, {"room", session->room}});
      set_date_fields(move, "move", *day);
      d.set("move", move);
    }
    d.set("may_move", !session->attended);
  }
  d.set("amend_reasons", reason_choices(amend_reasons));
  return page;
}

Result<Outcome> record_attendance(http::Request& r, const Form& form, const Viewer& v) {
  const auto& session_id = r.params.at("id");
  HAVEN_TRY(person, form.text("person_id", "who arrived or left", true, 64));
  HAVEN_TRY(status, form.text("status", "what happened", true, 16));
  std::optional<records::NoShowReason> why;
  if (status == "no_show") {
    HAVEN_TRY(reason, form.choice<records::NoShowReason>("reason_" + person, "Choose why they did not come"));
    why = reason;
  }
  HAVEN_CHECK(
      records::record_attendance(*v.ws, *v.centre, v.staff, session_id, person, status, format_london(now()), why));
  // Back at the same person, who is named there; the address holds their id, never their name.
  if (!safe_path_segment(person)) return Redirect{"/sessions/" + session_id, "attendance_recorded"};
  return Redirect{fmt::format("/sessions/{}?recorded={}#person-{}", session_id, person, person), ""};
}

Result<Outcome> correct_attendance(http::Request& r, const Form& form, const Viewer& v) {
  const auto& session_id = r.params.at("id");
  HAVEN_TRY(person, form.text("person_id", "whose record it is", true, 64));
  HAVEN_TRY(status, form.text("status_" + person, "what happened", true, 16));
  HAVEN_TRY(time, form.clock("time_" + person, "the time", status != "no_show"));
  HAVEN_TRY(reason, form.choice<records::AmendReason>("reason_" + person, "Select why the record is corrected"));
  HAVEN_TRY(day, form.text("day", "the session's date", true, 10));  // the domain holds the time to that day
  HAVEN_CHECK(
      records::correct_attendance(*v.ws, *v.centre, v.staff, session_id, person, status, day + " " + time, reason));
  return Redirect{"/sessions/" + session_id, "attendance_corrected"};
}

Result<Outcome> move_session(http::Request& r, const Form& form, const Viewer& v) {
  const auto& session_id = r.params.at("id");
  HAVEN_TRY(day, form.date("move", "the new date"));
  HAVEN_TRY(starts, form.clock("move_starts", "the start time", true));
  HAVEN_TRY(ends, form.clock("move_ends", "the end time", true));
  HAVEN_TRY(room, form.text("move_room", "the room", true, 100));
  HAVEN_TRY(gap, gap_minutes(form, "move_gap"));
  std::string date = format_day(day);
  HAVEN_CHECK(records::move_session(*v.ws, *v.centre, v.staff, session_id,
                                    {date + " " + starts, date + " " + ends, room, gap}));
  return Redirect{"/sessions/" + session_id, "session_moved"};
}

Result<Outcome> cancel_session(http::Request& r, const Form& form, const Viewer& v) {
  const auto& session_id = r.params.at("id");
  HAVEN_TRY(reason, form.choice<records::CancelReason>("reason", "Select why the session is cancelled"));
  HAVEN_CHECK(records::cancel_session(*v.ws, *v.centre, v.staff, session_id, reason));
  return Redirect{"/sessions/" + session_id, "session_cancelled"};
}

Result<Outcome> add_note(http::Request& r, const Form& form, const Viewer& v) {
  const auto& session_id = r.params.at("id");
  HAVEN_TRY(text, form.text("body", "the note", true, 10000));
  HAVEN_CHECK(records::add_session_note(*v.ws, *v.centre, v.staff, session_id, text));
  return Redirect{"/sessions/" + session_id, "note_added"};
}

Result<Outcome> assign_rota(http::Request& r, const Form& form, const Viewer& v) {
  const auto& session_id = r.params.at("id");
  HAVEN_TRY(handle, form.text("handle", "a volunteer", true, 40));
  HAVEN_CHECK(records::assign_to_rota(*v.ws, *v.centre, v.staff, session_id, handle));
  return Redirect{"/sessions/" + session_id, "rota_assigned"};
}

}  // namespace

void add_family_pages(Site& site) {
  site.page("/families", families_page);
  site.action("/families", create_family, families_page);
  site.action("/families/search", search_families, families_page);
  site.page("/families/{ref}", family_page);
  site.action("/families/{ref}/people", add_person, family_page);
  site.action("/families/{ref}/referrals", add_referral, family_page);
  site.action("/families/{ref}/referrer-accounts", invite_referrer, family_page);
  site.action("/families/{ref}/referrer-accounts/{referral}/end", end_referrer_access, family_page);
  site.action("/families/{ref}/sessions", book_session, family_page);
  add_journey_pages(site, family_page);
  site.page("/calendar", calendar_page);
  site.page("/sessions/{id}", session_page);
  site.action("/sessions/{id}/attendance", record_attendance, session_page);
  site.action("/sessions/{id}/notes", add_note, session_page);
  site.action("/sessions/{id}/cancel", cancel_session, session_page);
  site.action("/sessions/{id}/move", move_session, session_page);
  site.action("/sessions/{id}/attendance/corrections", correct_attendance, session_page);
  site.action("/sessions/{id}/rota", assign_rota, session_page);
}

}  // namespace haven::web
