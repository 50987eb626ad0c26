// The complaints log: complaints about the service and about how the centre handles personal data,
// for coordinators and management. Each page calls one operation of complaints/ and shows what it
// returns; who may keep the log and who may review a complaint at stage two is the decision
// point's (a refusal comes back as the page's error, naming its clause).
#include <fmt/format.h>

#include "complaints/complaints.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

using complaints::Complaint;
using complaints::Finding;
using complaints::Step;
using complaints::Waiting;

std::string complaint_path(const std::string& id) { return "/complaints/" + id; }

std::string kind_words(complaints::Kind k) {
  return k == complaints::Kind::service ? "About the service" : "About personal data";
}

std::string from_words(complaints::From f) {
  switch (f) {
    case complaints::From::parent:
      return "A parent";
    case complaints::From::referrer:
      return "A referrer";
    case complaints::From::other:
      return "Someone else";
  }
  return "";
}

std::string how_words(complaints::ReceivedHow h) {
  switch (h) {
    case complaints::ReceivedHow::letter:
      return "by letter";
    case complaints::ReceivedHow::email:
      return "by email";
    case complaints::ReceivedHow::in_person:
      return "in person";
    case complaints::ReceivedHow::phone:
      return "by phone";
  }
  return "";
}

std::string finding_words(Finding f) {
  switch (f) {
    case Finding::upheld:
      return "Upheld";
    case Finding::partly_upheld:
      return "Partly upheld";
    case Finding::not_upheld:
      return "Not upheld";
  }
  return "";
}

std::string referred_words(complaints::ReferredTo to) {
  return to == complaints::ReferredTo::naccc ? "NACCC" : "the Information Commissioner's Office";
}

// Where a complaint stands, in words.
std::string standing_words(const Complaint& k, Day today) {
  if (!k.withdrawn_on.empty()) return "Withdrawn on " + day_in_words(k.withdrawn_on);
  std::string by = (k.overdue(today) ? "was due by " : "due by ") + day_in_words(k.due_on);
  switch (k.waiting) {
    case Waiting::acknowledgement:
      return "To acknowledge: " + by;
    case Waiting::stage_one:
      return "Stage one answer " + by;
    case Waiting::stage_two:
      return "Stage two answer " + by;
    case Waiting::nothing:
      break;
  }
  if (k.referred_to) return "Referred to " + referred_words(*k.referred_to) + " on " + day_in_words(k.referred_on);
  const auto& last = k.stage_two ? *k.stage_two : *k.stage_one;
  return fmt::format("Answered at stage {} on {}", k.stage_two ? "two" : "one", day_in_words(last.on));
}

// GET /complaints
Result<Page> complaints_page(http::Request&, const Viewer& v) {
  HAVEN_TRY(all, complaints::complaints(*v.ws, *v.centre, v.staff));
  Day today = london_today();
  ViewList rows;
  for (const auto& k : all)
    rows.push_back(ViewObject{{"href", complaint_path(k.id)},
                              {"received", day_in_words(k.received_on)},
                              {"kind", kind_words(k.kind)},
                              {"family", k.family_reference.empty() ? std::string("None") : k.family_reference},
                              {"standing", standing_words(k, today)},
                              {"overdue", k.overdue(today)}});
  auto page = make_page("Complaints", "complaints");
  page.data.set("complaints", rows);
  page.data.set("has_complaints", !rows.empty());
  page.data.set("acknowledge_within", std::to_string(complaints::acknowledge_within));
  page.data.set("answer_within", std::to_string(complaints::answer_within));
  return page;
}

// GET /complaints/new
Result<Page> new_complaint_page(http::Request&, const Viewer& v) {
  HAVEN_CHECK(complaints::open_log(*v.ws, *v.centre, v.staff));
  return make_page("Log a complaint", "complaint_new");
}

// POST /complaints
Result<Outcome> record_complaint(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_CHECK(complaints::open_log(*v.ws, *v.centre, v.staff));  // refused before anything is read
  complaints::NewComplaint n;
  HAVEN_TRY(kind, form.choice<complaints::Kind>("kind", "Choose what the complaint is about"));
  HAVEN_TRY(from, form.choice<complaints::From>("from", "Choose who complained"));
  HAVEN_TRY(how, form.choice<complaints::ReceivedHow>("received_how", "Choose how the complaint came"));
  HAVEN_TRY(received, form.date("received_on", "the day it was received"));
  HAVEN_TRY(complainant, form.text("complainant", "the name of who complained", true, 200));
  HAVEN_TRY(family, form.text("family", "the family's reference", false, 16));
  HAVEN_TRY(summary, form.text("summary", "what the complaint is about", true, complaints::text_longest));
  n = {kind, from, how, received, complainant, family, summary};
  auto id = complaints::record_complaint(*v.ws, *v.centre, v.staff, n);
  if (!id)
    return on_form(
        form, id.error(),
        {{"family", "family"}, {"received_on", "received_on"}, {"complainant", "complainant"}, {"summary", "summary"}});
  return Redirect{complaint_path(*id), "complaint_logged"};
}

std::string answer_words(const complaints::Answer& a) {
  return fmt::format("{} on {}, recorded by {}", finding_words(a.finding), day_in_words(a.on), a.by);
}

// GET /complaints/{complaint}
Result<Page> complaint_page(http::Request& r, const Viewer& v) {
  const auto& id = r.params.at("complaint");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such complaint.");
  HAVEN_TRY(k, complaints::complaint(*v.ws, *v.centre, v.staff, id));
  Day today = london_today();
  auto page = make_page("Complaint received " + day_in_words(k.received_on), "complaint");
  auto& d = page.data;
  d.set("id", k.id);
  d.set("received", day_in_words(k.received_on) + ", " + how_words(k.how));
  d.set("standing", standing_words(k, today));
  d.set("overdue", k.overdue(today));
  d.set("kind", kind_words(k.kind));
  d.set("from", from_words(k.from) + ": " + k.complainant);
  d.set("family", text_or_nothing(k.family_reference));
  d.set("summary", k.summary);
  d.set("acknowledged", text_or_nothing(k.acknowledged_on.empty() ? "" : day_in_words(k.acknowledged_on)));
  if (k.stage_one) {
    d.set("stage_one", answer_words(*k.stage_one));
    d.set("stage_one_summary", k.stage_one->summary);
  }
  if (!k.stage_two_asked_on.empty())
    d.set("stage_two_asked",
          fmt::format("Asked for on {}; reviewed by {}", day_in_words(k.stage_two_asked_on), k.reviewer));
  if (k.stage_two) {
    d.set("stage_two", answer_words(*k.stage_two));
    d.set("stage_two_summary", k.stage_two->summary);
  }
  if (k.referred_to) d.set("referred", "To " + referred_words(*k.referred_to) + " on " + day_in_words(k.referred_on));
  auto may = [&](Step::What what) { return complaints::step_allowed(k, what).has_value(); };
  d.set("may_acknowledge", may(Step::What::acknowledged));
  d.set("may_answer", may(Step::What::answered));
  d.set("answer_stage", std::string(k.waiting == Waiting::stage_two ? "two" : "one"));
  d.set("may_ask_stage_two", may(Step::What::stage_two_asked));
  d.set("may_refer", may(Step::What::referred));
  d.set("refer_to_ico", k.kind == complaints::Kind::data_protection);
  d.set("may_withdraw", may(Step::What::withdrawn));
  return page;
}

// POST /complaints/{complaint}/{step}: one step of its life.
Result<Outcome> record_step(http::Request& r, const Form& form, const Viewer& v) {
  const auto& id = r.params.at("complaint");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such complaint.");
  auto what = parse_enum<Step::What>(r.params.at("step"));
  if (!what) return fail(ErrorKind::not_found, "There is no such step.");
  Step step{*what, {}};
  HAVEN_TRY(on, form.date(std::string(name_of(*what)) + "_on", "the day"));
  step.on = on;
  if (*what == Step::What::answered) {
    HAVEN_TRY(finding, form.choice<Finding>("finding", "Choose whether the complaint was upheld"));
    HAVEN_TRY(summary, form.text("summary", "what the centre said", true, complaints::text_longest));
    step.finding = finding;
    step.text = summary;
  } else if (*what == Step::What::stage_two_asked) {
    HAVEN_TRY(reviewer, form.text("reviewer", "who will review it", true, 200));
    step.text = reviewer;
  } else if (*what == Step::What::referred) {
    HAVEN_TRY(to, form.choice<complaints::ReferredTo>("to", "Choose where the complaint was taken"));
    step.to = to;
  }
  auto done = complaints::record_step(*v.ws, *v.centre, v.staff, id, step);
  if (!done)
    return on_form(
        form, done.error(),
        {{"on", std::string(name_of(*what)) + "_on"}, {"summary", "summary"}, {"reviewer", "reviewer"}, {"to", "to"}});
  return Redirect{complaint_path(id), "complaint_updated"};
}

}  // namespace

void add_complaints_pages(Site& site) {
  site.page("/complaints", complaints_page);
  site.page("/complaints/new", new_complaint_page);
  site.action("/complaints", record_complaint, new_complaint_page);
  site.page("/complaints/{complaint}", complaint_page);
  site.action("/complaints/{complaint}/{step}", record_step, complaint_page);
}

}  // namespace haven::web
