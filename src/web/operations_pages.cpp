// Running the centre: the accident book, staff and volunteers with their DBS checks, and the
// retention review with disposal runs that a second member of management approves.
#include <fmt/format.h>

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
  HAVEN_TRY(at, form.text("happened_at", "when it happened", true, 16));
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
                   {"may_reset", accounts::may_reset_sign_in(*v.centre, v.staff, s)}});
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
  HAVEN_TRY(issued, form.text("issued_on", "the date of issue", true, 10));
  HAVEN_CHECK(vetting::record_check(*v.ws, *v.centre, v.staff, handle,
                                    {level, number, issued, form.checked("update_service")}));
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
  page.data.set("setup_expires", format_london_day_words(setup->expires) + " at " + format_london_time(setup->expires));
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

Result<Page> retention_page(http::Request& r, const Viewer& v) {
  Day as_of = *parse_day(today_london());
  if (r.query.contains("as_of")) {
    auto given = parse_day(r.query.at("as_of"));
    if (!given) return fail(ErrorKind::invalid_input, "The review date must be a date like 2026-11-28");
    as_of = *given;
  }
  HAVEN_TRY(preview, retention::preview(*v.ws, *v.centre, v.staff, as_of));
  HAVEN_TRY(runs, retention::list_runs(*v.ws, *v.centre, v.staff));
  auto page = make_page("Retention review", "retention");
  auto& d = page.data;
  d.set("as_of", preview.as_of);
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

Result<Outcome> approve_run(http::Request& r, const Form&, const Viewer& v) {
  HAVEN_CHECK(retention::approve_run(*v.ws, *v.centre, v.staff, r.params.at("id")));
  return Redirect{"/retention", "run_approved"};
}

Result<Outcome> execute_run(http::Request& r, const Form&, const Viewer& v) {
  HAVEN_TRY(certificate, retention::execute_run(*v.ws, *v.centre, v.staff, r.params.at("id")));
  return Redirect{"/retention/runs/" + certificate.run_id + "/certificate", "run_executed"};
}

Result<Page> certificate_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(certificate, retention::certificate(*v.ws, *v.centre, v.staff, r.params.at("id")));
  auto page = make_page("Certificate of destruction", "certificate");
  ViewList rows;
  for (const auto& [key, value] : certificate.body)
    rows.push_back(ViewObject{{"key", plain_words(key)},
                              {"value", value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value)}});
  page.data.set("rows", rows);
  page.data.set("signature", certificate.signature);
  page.data.set("run_id", certificate.run_id);
  return page;
}

Result<Outcome> place_hold(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(reference, form.text("family_ref", "the family's reference", true, 16));
  HAVEN_TRY(reason, form.text("reason", "the reason for the hold", true, 2000));
  HAVEN_TRY(review_on, form.text("review_on", "the date to review the hold", true, 10));
  HAVEN_CHECK(retention::place_hold(*v.ws, *v.centre, v.staff, reference, reason, review_on));
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
  site.page("/retention", retention_page);
  site.action("/retention/runs", propose_run, retention_page);
  site.action("/retention/runs/{id}/approve", approve_run, retention_page);
  site.action("/retention/runs/{id}/execute", execute_run, retention_page);
  site.page("/retention/runs/{id}/certificate", certificate_page);
  site.action("/retention/holds", place_hold, retention_page);
  site.action("/retention/holds/release", release_hold, retention_page);
}

}  // namespace haven::web
