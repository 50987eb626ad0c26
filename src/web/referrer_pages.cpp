// Referrers' accounts (portal/referrers.hpp) on the web. A referrer a coordinator invited sets a
// password at /public/{centre}/referrers/set-up with the code emailed to them, signs in at
// /public/{centre}/referrers/sign-in with it and a code emailed each time, and at
// /referrer/{centre} follows their referrals, reads the attendance statements sent to them and asks
// for another. Every page calls one operation, which asks the access layer as the referrer; nothing
// here decides what a referrer may see.
#include <fmt/format.h>

#include "disclosure/disclosures.hpp"
#include "journey/journey.hpp"
#include "portal/referrers.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

std::string account_home(const ReferrerViewer& v) { return "/referrer/" + v.centre->id; }

// GET /public/{centre}/referrers/sign-in
Result<Page> sign_in_page(http::Request& r, const Visitor& v) {
  auto page = make_page("Sign in to follow your referrals", "referrer_sign_in");
  page.data.set("name", v.centre->preset.centre_name);
  page.data.set("set_up", r.query.contains("done") && r.query.at("done") == "account_set_up");
  return page;
}

// POST /public/{centre}/referrers/sign-in: the password, then a code by email.
Result<Page> send_code(http::Request&, const Form& form, const Visitor& v) {
  HAVEN_TRY(email, form.text("email", "your email address", true, 200));
  std::string password = form.raw("password");
  if (password.empty()) return form.mark("password", "Enter your password");
  auto sent = portal::send_referrer_code(*v.ws, *v.centre, email, password, now());
  if (!sent && sent.error().kind == ErrorKind::invalid_input)
    return form.mark("email", "Enter your email address in the correct format, like name@example.org");
  if (!sent && sent.error().kind == ErrorKind::denied)
    return form.mark("email", "The email address or password is wrong");
  if (!sent) return std::unexpected(sent.error());
  return referrer_code_page(v, email);
}

// GET /public/{centre}/referrers/set-up
Result<Page> set_up_page(http::Request&, const Visitor& v) {
  auto page = make_page("Set up your account", "referrer_set_up");
  page.data.set("name", v.centre->preset.centre_name);
  return page;
}

// POST /public/{centre}/referrers/set-up
Result<Outcome> set_up(http::Request&, const Form& form, const Visitor& v) {
  HAVEN_TRY(email, form.text("email", "your email address", true, 200));
  HAVEN_TRY(code, form.text("code", "the set-up code from the email", true, 40));
  std::string password = form.raw("password");
  if (password.empty()) return form.mark("password", "Choose a password");
  if (password != form.raw("password_again")) return form.mark("password_again", "Enter the same password twice");
  auto done = portal::set_up_referrer(*v.ws, *v.centre, email, code, password, now());
  if (!done && done.error().kind == ErrorKind::invalid_input) {
    const auto& message = done.error().message;
    if (message.starts_with("password: ")) return form.mark("password", capitalised(message.substr(10)));
    return form.mark("email", "Enter your email address in the correct format, like name@example.org");
  }
  if (!done && done.error().kind == ErrorKind::denied)
    return form.mark("code", "That set-up code is wrong or has expired: ask the centre to invite you again");
  if (!done) return std::unexpected(done.error());
  return Redirect{"/public/" + v.centre->id + "/referrers/sign-in?done=account_set_up", ""};
}

std::string agency_words(std::string_view agency) {
  if (agency == "solicitor") return "as a solicitor";
  if (agency == "cafcass") return "for Cafcass";
  if (agency == "social_worker") return "as a social worker";
  if (agency == "local_authority") return "for the local authority";
  return "for your organisation";
}

std::string stage_words(const std::string& stage) {
  auto parsed = parse_enum<journey::Stage>(stage);
  return std::string(parsed ? journey::describe(*parsed) : "Referred");
}

// GET /referrer/{centre}
Result<Page> home_page(http::Request&, const ReferrerViewer& v) {
  HAVEN_TRY(referrals, portal::referrer_referrals(*v.ws, *v.centre, v.referrer, london_today()));
  auto page = make_page("Your referrals", "referrer_home");
  ViewList rows;
  for (const auto& ref : referrals) {
    ViewList statements;
    for (const auto& s : ref.statements) {
      auto at = parse_utc(s.at);
      statements.push_back(
          ViewObject{{"href", account_home(v) + "/statements/" + s.register_id},
                     {"period", fmt::format("{} to {}", day_in_words(s.period_from), day_in_words(s.period_to))},
                     {"sent", at ? format_london_day_words(*at) : s.at},
                     {"for_other_side", s.for_other_side}});
    }
    rows.push_back(ViewObject{{"reference", ref.family_reference},
                              {"referred_on", day_in_words(ref.referred_on)},
                              {"agency", agency_words(ref.agency_kind)},
                              {"stage", stage_words(ref.stage)},
                              {"ask", account_home(v) + "/referrals/" + ref.referral_id + "/ask"},
                              {"statements", statements},
                              {"has_statements", !statements.empty()}});
  }
  page.data.set("referrals", rows);
  page.data.set("has_referrals", !rows.empty());
  page.data.set("name", v.centre->preset.centre_name);
  return page;
}

// GET /referrer/{centre}/referrals/{referral}/ask
Result<Page> ask_page(http::Request& r, const ReferrerViewer& v) {
  const auto& id = r.params.at("referral");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "You have no such referral.");
  HAVEN_TRY(referral, portal::referrer_referral(*v.ws, *v.centre, v.referrer, id, london_today()));
  auto page = make_page("Ask for an attendance statement", "referrer_ask");
  page.data.set("reference", referral.family_reference);
  page.data.set("action", account_home(v) + "/referrals/" + referral.referral_id + "/ask");
  page.data.set("shared", referral.warned_of_sharing);
  return page;
}

// POST /referrer/{centre}/referrals/{referral}/ask
Result<Outcome> ask(http::Request& r, const Form& form, const ReferrerViewer& v) {
  const auto& referral = r.params.at("referral");
  if (!safe_path_segment(referral)) return fail(ErrorKind::not_found, "You have no such referral.");
  HAVEN_TRY(from, form.date("from", "the first day of the period"));
  HAVEN_TRY(to, form.date("to", "the last day of the period"));
  if (to < from) return form.mark("to_day", "The last day must be the same as or after the first day");
  auto outcome = disclosure::referrer_asks_attendance(*v.ws, *v.centre, v.referrer, referral,
                                                      {format_day(from), format_day(to), form.checked("understood")});
  if (!outcome && outcome.error().message.starts_with("understood"))
    return form.mark("understood", "Confirm that you understand the other side receives the same statement");
  if (!outcome && outcome.error().message.starts_with("period"))
    return form.mark("to_day", "The last day must be today or before");
  if (!outcome) return std::unexpected(outcome.error());
  if (!outcome->allowed) return std::unexpected(outcome->refusal());
  // Where the other side's copy went, in the confirmation.
  bool queued = std::ranges::find(outcome->mirror_deliveries, std::string(disclosure::delivery_queued)) !=
                outcome->mirror_deliveries.end();
  return Redirect{account_home(v) + "/statements/" + outcome->register_id, queued ? "statement_ready_other_queued"
                                                                           : !outcome->mirror_deliveries.empty()
                                                                               ? "statement_ready_other_account"
                                                                               : "statement_ready"};
}

// GET /referrer/{centre}/statements/{statement}
Result<Page> statement_page(http::Request& r, const ReferrerViewer& v) {
  const auto& id = r.params.at("statement");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such statement in your account.");
  HAVEN_TRY(statement, portal::referrer_statement(*v.ws, *v.centre, v.referrer, id));
  auto page = make_page("Attendance statement", "referrer_statement");
  page.data.set("statement", statement_view(statement));
  page.data.set("pdf", account_home(v) + "/statements/" + id + "/statement.pdf");
  return page;
}

// GET /referrer/{centre}/statements/{statement}/statement.pdf: the same, to keep or print.
Result<http::Response> statement_pdf(http::Request& r, const ReferrerViewer& v) {
  const auto& id = r.params.at("statement");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such statement in your account.");
  HAVEN_TRY(statement, portal::referrer_statement(*v.ws, *v.centre, v.referrer, id));
  HAVEN_TRY(pdf, disclosure::statement_pdf(statement));
  return http::Response{
      200,
      "application/pdf",
      pdf,
      {{"Content-Disposition", "attachment; filename=\"attendance-" + statement.family_reference + ".pdf\""}}};
}

}  // namespace

Page referrer_code_page(const Visitor& v, const std::string& email) {
  return emailed_code_page(v, email, "referrer_code");
}

void add_referrer_pages(Site& site) {
  site.open_page("/referrers/sign-in", sign_in_page);
  site.open_action("/referrers/sign-in", send_code, sign_in_page, OpenForm::signs_in);
  site.open_page("/referrers/set-up", set_up_page);
  site.open_action("/referrers/set-up", set_up, set_up_page, OpenForm::signs_in);
  site.referrer_page("", home_page);
  site.referrer_page("/referrals/{referral}/ask", ask_page);
  site.referrer_action("/referrals/{referral}/ask", ask, ask_page);
  site.referrer_page("/statements/{statement}", statement_page);
  site.referrer_file("/statements/{statement}/statement.pdf", statement_pdf);
}

}  // namespace haven::web
