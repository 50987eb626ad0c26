// A family's case on its page (the journey's stage and dates, what intake still needs, the intake
// papers, a form for the next step) and the centre's waiting list.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "access/access.hpp"
#include "applications/applications.hpp"
#include "journey/journey.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

using journey::Step;

std::string_view step_label(Step step) {
  switch (step) {
    case Step::waiting_list:
      return "Put the family on the waiting list";
    case Step::place_offered:
      return "Offer the family a place";
    case Step::pre_visit:
      return "A parent's pre-visit";
    case Step::ground_rules:
      return "A parent signed the ground rules";
    case Step::contact_begun:
      return "Contact begins";
    case Step::reviewed:
      return "A review of contact";
    case Step::closed:
      return "Close the case";
  }
  return "Close the case";
}

std::string party_label(const std::map<std::string, std::string>& labels, const journey::ParentIntake& p) {
  return labels.contains(p.person_id) ? labels.at(p.person_id) : plain_words(p.party);
}

void add_row(ViewList& rows, std::string_view label, const std::string& value) {
  if (!value.empty()) rows.push_back(ViewObject{{"label", std::string(label)}, {"value", value}});
}

// The dates of the case so far, as rows of a summary list.
ViewList case_rows(const journey::Journey& j, const std::map<std::string, std::string>& labels) {
  ViewList rows;
  add_row(rows, "Referred", day_in_words(j.referred_on));
  if (!j.waiting_since.empty())
    add_row(rows, "On the waiting list",
            j.waiting_position > 0
                ? fmt::format("Since {}: number {} in line", day_in_words(j.waiting_since), j.waiting_position)
                : "From " + day_in_words(j.waiting_since));
  add_row(rows, "Place offered", day_in_words(j.offered_on));
  for (const auto& p : j.parents) {
    std::string who = party_label(labels, p);
    add_row(rows, "Pre-visit: " + who, day_in_words(p.pre_visit_on));
    if (!p.ground_rules_on.empty())
      add_row(rows, "Ground rules signed: " + who,
              fmt::format("{} (policy version {})", day_in_words(p.ground_rules_on), p.policy_version));
  }
  add_row(rows, "Risk assessment written", day_in_words(j.risk_assessment.written_on));
  add_row(rows, "Contact plan written", day_in_words(j.contact_plan.written_on));
  add_row(rows, "Contact began", day_in_words(j.started_on));
  for (const auto& r : j.reviews) add_row(rows, "Reviewed", day_in_words(r));
  add_row(rows, "Next review due", day_in_words(j.review_due_on));
  if (!j.closed_on.empty())
    add_row(rows, "Closed",
            fmt::format("{}: {}", day_in_words(j.closed_on),
                        j.outcome ? journey::describe(*j.outcome) : std::string_view("no outcome recorded")));
  return rows;
}

// The choices of the next-step form, one radio a step.
ViewList step_choices(const journey::Journey& j) {
  ViewList out;
  for (Step step : j.next_steps)
    out.push_back(ViewObject{{"value", std::string(name_of(step))}, {"label", std::string(step_label(step))}});
  return out;
}

// The parents a pre-visit or the ground rules may still be recorded for.
ViewList parents_left(const journey::Journey& j, const std::map<std::string, std::string>& labels) {
  ViewList out;
  for (const auto& p : j.parents)
    if (p.pre_visit_on.empty() || p.ground_rules_on.empty())
      out.push_back(ViewObject{{"id", p.person_id}, {"label", party_label(labels, p)}});
  return out;
}

ViewList outcome_choices() {
  ViewList out;
  for (const auto& [outcome, name] : EnumNames<journey::Outcome>::table)
    out.push_back(ViewObject{{"value", std::string(name)}, {"label", std::string(journey::describe(outcome))}});
  return out;
}

Result<Outcome> record_step(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  HAVEN_TRY(step, form.choice<Step>("step", "Choose the step to record"));
  journey::NewStep next{step, {}, {}, {}, journey::Outcome::other};
  if (step == Step::pre_visit || step == Step::ground_rules) {
    HAVEN_TRY(person, form.text("person_id", "which parent it was", true, 64));
    next.person_id = person;
  }
  if (step == Step::ground_rules) {
    HAVEN_TRY(how, form.text("how", "how the ground rules were signed", true, 40));
    next.how = how;
  }
  if (step == Step::closed) {
    HAVEN_TRY(outcome, form.choice<journey::Outcome>("outcome", "Choose how the case ended"));
    next.outcome = outcome;
  }
  HAVEN_TRY(on, form.date("on", "the date it happened"));
  next.on = on;
  HAVEN_CHECK(journey::record_step(*v.ws, *v.centre, v.staff, family.id, next));
  return Redirect{family_path(family.reference), "step_recorded"};
}

Result<Outcome> write_plan(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(family, records::find_family(*v.ws, *v.centre, r.params.at("ref")));
  auto plan = parse_enum<journey::Plan>(r.params.at("kind"));
  if (!plan) return fail(ErrorKind::not_found, "There is no such plan");
  HAVEN_TRY(text, form.text(std::string(name_of(*plan)) + "_text", fmt::format("the {}", journey::describe(*plan)),
                            true, 20000));
  HAVEN_CHECK(journey::write_plan(*v.ws, *v.centre, v.staff, family.id, *plan, text));
  return Redirect{family_path(family.reference), "plan_written"};
}

Result<Page> waiting_list_page(http::Request&, const Viewer& v) {
  HAVEN_TRY(waiting, journey::waiting_list(*v.ws, *v.centre, v.staff));
  auto page = make_page("Waiting list", "waiting_list");
  ViewList rows;
  for (const auto& w : waiting)
    rows.push_back(ViewObject{{"position", std::to_string(w.position)},
                              {"reference", w.reference},
                              {"href", family_path(w.reference)},
                              {"since", day_in_words(w.since)}});
  page.data.set("families", rows);
  page.data.set("none", waiting.empty());
  // Applications sent through the public referral form, waiting to be taken in.
  if (offered(v, access::view(*v.centre, v.staff, policy::Item::referral_details, "*"))) {
    HAVEN_TRY(received, applications::waiting(*v.ws, *v.centre, v.staff));
    page.data.set("applications", application_rows(received));
    page.data.set("has_applications", !received.empty());
    page.data.set("shows_applications", true);
  }
  return page;
}

}  // namespace

Result<bool> add_case_section(View& d, const Viewer& v, const std::string& family_id,
                              const std::map<std::string, std::string>& labels) {
  using policy::Item;
  if (!offered(v, access::view(*v.centre, v.staff, Item::case_progress, family_id))) return false;
  HAVEN_TRY(j, journey::journey_of(*v.ws, *v.centre, v.staff, family_id));
  if (!j.disposed_on.empty()) return false;  // the page says the records were destroyed
  View c(View::type::object);
  c.set("stage", std::string(journey::describe(j.stage)));
  c.set("rows", case_rows(j, labels));
  ViewList needs;
  for (const auto& n : j.to_begin) needs.push_back(ViewObject{{"text", n}});
  c.set("to_begin", needs);
  c.set("has_to_begin", !j.to_begin.empty());
  bool may_move = offered(v, access::record(*v.centre, v.staff, Item::case_progress, family_id));
  c.set("steps", step_choices(j));
  bool for_a_parent =
      std::ranges::any_of(j.next_steps, [](Step s) { return s == Step::pre_visit || s == Step::ground_rules; });
  if (for_a_parent) c.set("parents_to_choose", ViewObject{{"parents_left", parents_left(j, labels)}});
  c.set("may_move", may_move && !j.next_steps.empty());
  c.set("outcomes", outcome_choices());
  ViewList plans;
  for (auto [plan, view] : {std::pair{journey::Plan::risk_assessment, &j.risk_assessment},
                            std::pair{journey::Plan::contact_plan, &j.contact_plan}}) {
    bool may_write = j.papers_open && offered(v, access::record(*v.centre, v.staff, journey::item_of(plan), family_id));
    if (!view->text && !may_write) continue;
    std::string title = capitalised(std::string(journey::describe(plan)));
    plans.push_back(ViewObject{{"kind", std::string(name_of(plan))},
                               {"title", title},
                               {"write_label", fmt::format("Write the {}", journey::describe(plan))},
                               {"written_on", view->written_on.empty() ? std::string("Not written yet")
                                                                       : "Written " + day_in_words(view->written_on)},
                               {"text", view->text.value_or("")},
                               {"has_text", view->text.has_value() && !view->text->empty()},
                               {"may_write", may_write}});
  }
  c.set("plans", plans);
  d.set("case", c);
  return true;
}

void add_journey_pages(Site& site, PageHandler family_page) {
  site.action("/families/{ref}/journey", record_step, family_page);
  site.action("/families/{ref}/plans/{kind}", write_plan, family_page);
  site.page("/waiting-list", waiting_list_page);
}

}  // namespace haven::web
