// Running the centre: the accident book, staff and volunteers with their DBS checks, and the
// retention review with disposal runs that a second member of management approves.
#include <fmt/format.h>

#include "access/facts.hpp"
#include "accounts/accounts.hpp"
#include "accounts/credentials.hpp"
#include "incidents/incidents.hpp"
#include "records/audited_write.hpp"
#include "records/families.hpp"
#include "retention/engine.hpp"
#include "vetting/dbs.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

using policy::Role;

// A refusal shown in place (the page's form stays usable), with its clause.
void show_refusal(Page& page, const Error& e) {
  page.data.set("refused", e.message);
  page.data.set("refused_clause", e.clause_id());
}

// Open to those who may write in the accident book; reading it back is narrower, and a refusal
// to read is shown in place so the form stays usable.
Result<Page> accidents_page(http::Request&, const Viewer& v) {
  HAVEN_CHECK(incidents::open_accident_book(*v.ws, *v.centre, v.staff));
  auto page = make_page("Accident book", "accidents");
  auto book = incidents::accident_book(*v.ws, *v.centre, v.staff);
  if (!book) {
    if (book.error().kind != ErrorKind::denied) return std::unexpected(book.error());
    show_refusal(page, book.error());
    return page;
  }
  ViewList rows;
  for (const auto& a : *book)
    rows.push_back(ViewObject{{"at", time_in_words(a.happened_at)},
                              {"place", a.place},
                              {"account", a.account},
                              {"reference", a.family_reference.empty() ? "–" : a.family_reference},
                              {"by", a.recorded_by}});
  page.data.set("may_read", true);
  page.data.set("entries", rows);
  page.data.set("none", rows.empty());
  return page;
}

Result<Outcome> record_accident(http::Request&, const Form& form, const Viewer& v) {
  incidents::NewAccident a;
  HAVEN_TRY(on, form.date("happened_on", "the day it happened"));
  HAVEN_TRY(time, form.clock("happened_time", "the time it happened", true));
  std::string at = format_day(on) + " " + time;
  HAVEN_TRY(place, form.text("place", "where it happened", true, 200));
  HAVEN_TRY(account, form.text("account", "what happened and what was done", true, 10000));
  HAVEN_TRY(family, form.text("family_ref", "the family's reference", false, 16));
  a = {at, place, account, family};
  HAVEN_CHECK(incidents::record_accident(*v.ws, *v.centre, v.staff, a));
  return Redirect{"/accidents", "accident_recorded"};
}

Result<Page> volunteers_page(http::Request&, const Viewer& v) {
  auto page = make_page("Staff and volunteers", "volunteers");
  HAVEN_TRY(accounts, accounts::centre_staff(*v.ws, *v.centre, v.staff));
  ViewList staff;
  for (const auto& s : accounts)
    staff.push_back(
        ViewObject{{"handle", s.handle},
                   {"name", s.display_name},
                   {"role", role_label(s.role)},
                   {"dbs", plain_words(name_of(s.dbs))},
                   {"checked_on", s.dbs_checked_on.empty() ? "None recorded" : day_in_words(s.dbs_checked_on)},
                   {"update_service", s.dbs_update_service ? "Yes" : "No"},
                   {"awaiting_approval", s.role_pending},
                   {"may_approve", accounts::may_approve_role(*v.centre, v.staff, s)},
                   {"may_reset", accounts::may_reset_sign_in(*v.centre, v.staff, s)},
                   {"may_disable", accounts::may_disable_account(*v.centre, v.staff, s)},
                   {"disabled", s.disabled}});
  page.data.set("staff", staff);
  auto due = vetting::recheck_due(*v.ws, *v.centre, v.staff, *parse_day(today_london()), 60);
  if (due) {
    ViewList rows;
    for (const auto& r : *due)
      rows.push_back(ViewObject{{"handle", r.handle},
                                {"due_on", day_in_words(r.due_on)},
                                {"overdue", r.overdue},
                                {"update_service", r.update_service}});
    page.data.set("rechecks", rows);
    page.data.set("no_rechecks", rows.empty());
  }
  page.data.set("minimum", plain_words(name_of(v.centre->preset.dbs_minimum_level)));
  return page;
}

Result<Outcome> record_check(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(handle, form.text("handle", "whose check it is", true, 40));
  HAVEN_TRY(level, form.choice<policy::DbsLevel>("level", "Choose the level of the check"));
  HAVEN_TRY(number, form.text("certificate_number", "the certificate number", true, 12));
  HAVEN_TRY(issued, form.date("issued_on", "the date of issue"));
  HAVEN_CHECK(vetting::record_check(*v.ws, *v.centre, v.staff, handle,
                                    {level, number, format_day(issued), form.checked("update_service")}));
  return Redirect{"/volunteers", "check_recorded"};
}

// The page that hands over a set-up code, shown once to whoever will give it to its holder.
void show_setup(Page& page, const access::Staff& staff, const std::optional<accounts::SetupCode>& setup) {
  page.data.set("handle", staff.handle);
  page.data.set("name", staff.display_name);
  page.data.set("role", role_label(staff.role));
  page.data.set("awaiting_approval", staff.role_pending);
  if (!setup) return;
  page.data.set("setup_code", setup->code);
  page.data.set("setup_expires",
                format_london_day_words(setup->expires) + " at " + clock_words(format_london_time(setup->expires)));
}

// A new account has no password: its holder chooses one with the set-up code, which is shown
// here when the role is in force now, and otherwise to the manager who approves it.
Result<Outcome> add_account(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(handle, form.text("new_handle", "a sign-in name", true, 40));
  HAVEN_TRY(name, form.text("display_name", "the name shown on rotas", true, 100));
  HAVEN_TRY(role, form.choice<Role>("role", "Choose the role"));
  HAVEN_TRY(opened, accounts::open_account(*v.ws, *v.centre, v.staff, {handle, name, role}));
  auto page = make_page("Account created", "account_created");
  show_setup(page, opened.staff, opened.setup);
  return page;
}

Result<Outcome> approve_role(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(handle, form.text("handle", "whose role it is", true, 40));
  HAVEN_TRY(approved, accounts::approve_role(*v.ws, *v.centre, v.staff, handle));
  auto page = make_page("Role approved", "setup_code");
  page.data.set("heading", "Role approved");
  show_setup(page, approved.staff, approved.setup);
  return page;
}

Result<Outcome> reset_sign_in(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(handle, form.text("handle", "whose sign-in it is", true, 40));
  HAVEN_TRY(setup, accounts::reset_sign_in(*v.ws, *v.centre, v.staff, handle));
  HAVEN_TRY(staff, access::find_staff(*v.ws, handle));
  auto page = make_page("Sign-in reset", "setup_code");
  page.data.set("heading", "Sign-in reset");
  page.data.set("was_reset", true);
  show_setup(page, staff, setup);
  return page;
}

// POST /volunteers/disable: the account stops working at once (its sessions and tokens with it).
Result<Outcome> disable_account(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(handle, form.text("handle", "whose account it is", true, 40));
  HAVEN_CHECK(accounts::disable_account(*v.ws, *v.centre, v.staff, handle));
  return Redirect{"/volunteers", "account_disabled"};
}

Result<Page> retention_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(form, query_form(r));
  HAVEN_TRY(given, form.optional_date("as_of", "the review date"));
  Day as_of = given.value_or(london_today());
  HAVEN_TRY(preview, retention::preview(*v.ws, *v.centre, v.staff, as_of));
  HAVEN_TRY(runs, retention::list_runs(*v.ws, *v.centre, v.staff));
  auto page = make_page("Retention review", "retention");
  auto& d = page.data;
  d.set("as_of", day_in_words(preview.as_of));
  d.set("as_of_value", preview.as_of);
  set_date_fields(d, "as_of", as_of);
  d.set("may_propose", offered(v, access::new_disposal_run(*v.centre, v.staff, as_of)));
  d.set("future", as_of > london_today());
  d.set("years", std::to_string(v.centre->preset.unused_years));
  ViewList kept, due, held, run_rows;
  for (const auto& k : preview.kept_categories) kept.push_back(ViewObject{{"name", plain_words(k)}});
  for (const auto& f : preview.due)
    due.push_back(ViewObject{
        {"reference", f.reference}, {"last_used", day_in_words(f.last_used)}, {"due_on", day_in_words(f.due_on)}});
  for (const auto& h : preview.held)
    held.push_back(
        ViewObject{{"reference", h.reference}, {"hold_id", h.hold_id}, {"review_on", day_in_words(h.review_on)}});
  for (const auto& run : runs)
    run_rows.push_back(ViewObject{{"id", run.id},
                                  {"as_of", day_in_words(run.as_of)},
                                  {"status", plain_words(run.status)},
                                  {"families", std::to_string(run.families)},
                                  {"proposed_by", run.proposed_by},
                                  {"approved_by", run.approved_by.empty() ? "–" : run.approved_by},
                                  {"may_approve", run.may_approve},
                                  {"awaiting_other", run.status == "proposed" && !run.may_approve},
                                  {"may_execute", run.may_execute},
                                  {"executed", run.status == "executed"}});
  d.set("kept", kept);
  d.set("due", due);
  d.set("none_due", due.empty());
  d.set("held", held);
  d.set("runs", run_rows);
  d.set("has_runs", !run_rows.empty());
  return page;
}

Result<Outcome> propose_run(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(on, form.text("as_of", "the review date", true, 10));
  auto day = parse_day(on);
  if (!day) return fail(ErrorKind::invalid_input, "The review date must be a date like 2026-11-28");
  HAVEN_CHECK(retention::propose_run(*v.ws, *v.centre, v.staff, *day));
  return Redirect{"/retention", "run_proposed"};
}

// Record categories in words, for a list: "Session notes", "Referral records".
ViewList category_list(const std::vector<std::string>& categories) {
  ViewList out;
  for (const auto& c : categories) out.push_back(ViewObject{{"words", plain_words(c)}});
  return out;
}

// GET /retention/runs/{id}: the families and categories a run destroys, and, for those who may,
// the confirmation that approves or carries it out.
Result<Page> run_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(details, retention::run_details(*v.ws, *v.centre, v.staff, r.params.at("id")));
  const auto& run = details.run;
  auto page = make_page("Disposal run as of " + day_in_words(run.as_of), "disposal_run");
  auto& d = page.data;
  d.set("href", "/retention/runs/" + run.id);
  d.set("as_of", day_in_words(run.as_of));
  d.set("status", plain_words(run.status));
  d.set("proposed", fmt::format("{} on {}", run.proposed_by, time_in_words(run.proposed_at)));
  d.set("approved", text_or_nothing(run.approved_by));
  d.set("count", counted(details.families.size(), "family", "families"));
  ViewList families;
  for (const auto& f : details.families)
    families.push_back(ViewObject{{"reference", f.reference},
                                  {"last_used", day_in_words(f.last_used_on)},
                                  {"outcome", f.outcome == "disposed"  ? "Destroyed"
                                              : f.outcome == "skipped" ? "Left alone: no longer due"
                                                                       : "Waiting"}});
  d.set("families", families);
  d.set("destroyed", category_list(details.destroyed_categories));
  d.set("kept", category_list(details.kept_categories));
  d.set("has_kept", !details.kept_categories.empty());
  d.set("may_approve", run.may_approve);
  d.set("may_execute", run.may_execute);
  d.set("awaiting_other", run.status == "proposed" && !run.may_approve);
  d.set("executed", run.status == "executed");
  return page;
}

// The confirmation a run's form asks for, so that nothing is destroyed by a stray click.
Result<bool> confirmed(const Form& form, std::string_view what) {
  if (form.checked("confirm")) return true;
  return fail(ErrorKind::invalid_input, fmt::format("Confirm that {}", what));
}

Result<Outcome> approve_run(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_CHECK(confirmed(form, "you have checked the families and that none is needed for proceedings"));
  HAVEN_CHECK(retention::approve_run(*v.ws, *v.centre, v.staff, r.params.at("id")));
  return Redirect{"/retention/runs/" + r.params.at("id"), "run_approved"};
}

Result<Outcome> execute_run(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_CHECK(confirmed(form, "you understand the records cannot be brought back"));
  HAVEN_TRY(certificate, retention::execute_run(*v.ws, *v.centre, v.staff, r.params.at("id")));
  return Redirect{"/retention/runs/" + certificate.run_id + "/certificate", "run_executed"};
}

// The London day of a stored UTC instant, in words ("5 December 2026"); the text as it is otherwise.
std::string london_day_in_words(const std::string& utc) {
  auto at = parse_utc(utc);
  return at ? format_london_day_words(*at) : utc;
}

// A text field of the certificate's body, or empty.
std::string body_text(const boost::json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

// A whole-number field of the certificate's body, or 0.
long long body_number(const boost::json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  return value && value->is_number() ? value->to_number<long long>() : 0;
}

// A category's counts as lines: "Session notes: 3 records".
ViewList counts_view(const boost::json::object& body, std::string_view key) {
  ViewList out;
  if (const auto* counts = body.if_contains(key); counts && counts->is_object())
    for (const auto& [category, n] : counts->as_object())
      if (n.is_number())
        out.push_back(ViewObject{{"words", fmt::format("{}: {}", plain_words(category),
                                                       counted(n.to_number<std::size_t>(), "record", "records"))}});
  return out;
}

// GET /retention/runs/{id}/certificate: the signed certificate, read as a document.
Result<Page> certificate_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(certificate, retention::certificate(*v.ws, *v.centre, v.staff, r.params.at("id")));
  const auto& body = certificate.body;
  auto page = make_page("Certificate of destruction", "certificate");
  auto& d = page.data;
  auto who = [&](std::string_view field) {
    std::string id = body_text(body, field);
    auto name = certificate.staff_names.find(id);
    return name == certificate.staff_names.end() ? std::string("a member of staff no longer listed") : name->second;
  };
  std::string centre = body_text(body, "centre_name");
  d.set("centre", centre.empty() ? v.centre->name : centre);
  d.set("policy", body_text(body, "policy"));
  auto destroyed = static_cast<std::size_t>(body_number(body, "families_destroyed"));
  auto skipped = static_cast<std::size_t>(body_number(body, "families_skipped"));
  std::string between;
  if (const auto* range = body.if_contains("last_used_between");
      range && range->is_array() && range->as_array().size() == 2 && range->as_array()[0].is_string()) {
    std::string from(range->as_array()[0].as_string()), to(range->as_array()[1].as_string());
    if (!from.empty())
      between = from.substr(0, 10) == to.substr(0, 10)
                    ? fmt::format(" They were last used on {}.", day_in_words(from))
                    : fmt::format(" They were last used between {} and {}.", day_in_words(from), day_in_words(to));
  }
  d.set("summary",
        fmt::format("The records of {} were destroyed on {}, as clause 8 of the centre's confidentiality "
                    "policy requires for records unused for {} years or more, as of {}.{}",
                    counted(destroyed, "family", "families"), london_day_in_words(body_text(body, "executed_at")),
                    body_number(body, "retention_years"), day_in_words(body_text(body, "as_of")), between));
  if (skipped > 0)
    d.set("skipped", fmt::format("{} left alone: used again, or placed on hold, after the run was proposed.",
                                 capitalised(counted(skipped, "family was", "families were"))));
  d.set("destroyed", counts_view(body, "rows_destroyed"));
  d.set("kept", counts_view(body, "rows_kept_indefinitely"));
  d.set("has_kept", !counts_view(body, "rows_kept_indefinitely").empty());
  d.set("keys",
        counted(static_cast<std::size_t>(body_number(body, "family_keys_destroyed")), "family key", "family keys"));
  d.set("method", capitalised(body_text(body, "method")));
  ViewList signatures;
  for (auto [field, at, words] : {std::tuple{"proposed_by", "proposed_at", "Proposed by"},
                                  std::tuple{"approved_by", "approved_at", "Approved by"},
                                  std::tuple{"executed_by", "executed_at", "Carried out by"}})
    signatures.push_back(
        ViewObject{{"role", std::string(words)}, {"who", who(field)}, {"when", time_in_words(body_text(body, at))}});
  d.set("signatures", signatures);
  d.set("signature", certificate.signature);
  return page;
}

Result<Outcome> place_hold(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(reference, form.text("family_ref", "the family's reference", true, 16));
  HAVEN_TRY(reason, form.text("reason", "the reason for the hold", true, 2000));
  HAVEN_TRY(review_on, form.date("review_on", "the date to review the hold"));
  HAVEN_CHECK(retention::place_hold(*v.ws, *v.centre, v.staff, reference, reason, format_day(review_on)));
  return Redirect{"/retention", "hold_placed"};
}

Result<Outcome> release_hold(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(id, form.text("hold_id", "the hold", true, 64));
  HAVEN_CHECK(retention::release_hold(*v.ws, *v.centre, v.staff, id));
  return Redirect{"/retention", "hold_released"};
}

}  // namespace

void add_operations_pages(Site& site) {
  site.page("/accidents", accidents_page);
  site.action("/accidents", record_accident, accidents_page);
  site.page("/volunteers", volunteers_page);
  site.action("/volunteers", add_account, volunteers_page);
  site.action("/volunteers/dbs-checks", record_check, volunteers_page);
  site.action("/volunteers/roles", approve_role, volunteers_page);
  site.action("/volunteers/sign-in-resets", reset_sign_in, volunteers_page);
  site.action("/volunteers/disable", disable_account, volunteers_page);
  site.page("/retention", retention_page);
  site.action("/retention/runs", propose_run, retention_page);
  site.page("/retention/runs/{id}", run_page);
  site.action("/retention/runs/{id}/approve", approve_run, run_page);
  site.action("/retention/runs/{id}/execute", execute_run, run_page);
  site.page("/retention/runs/{id}/certificate", certificate_page);
  site.action("/retention/holds", place_hold, retention_page);
  site.action("/retention/holds/release", release_hold, retention_page);
}

}  // namespace haven::web
