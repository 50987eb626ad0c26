// The centre's policy (clauses 9 and 10): the text in force with every clause anchored, its
// version history, each reader's own acknowledgement and, for management, who has not yet
// acknowledged it. The audit view: the chain's verification and its latest entries (ids,
// field names and clauses only).
#include <fmt/format.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <sstream>

#include "access/access.hpp"
#include "audit/audit_log.hpp"
#include "governance/lifecycle.hpp"
#include "governance/oversight.hpp"
#include "governance/undelivered.hpp"
#include "policy/render.hpp"
#include "policy/review.hpp"
#include "records/families.hpp"
#include "retention/tidy.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

Result<Page> policy_page(http::Request&, const Viewer& v) {
  const auto& preset = v.centre->preset;
  auto page = make_page("Confidentiality policy", "policy");
  auto& d = page.data;
  d.set("name", preset.centre_name);
  d.set("version", preset.version);
  d.set("blocks", policy_blocks(policy::render_markdown(preset)));
  auto review = policy::review_status(preset, *parse_day(today_london()));
  d.set("review_due", format_day_words(review.due_on));
  d.set("review_overdue", review.overdue);
  d.set("acknowledged", governance::has_acknowledged(*v.ws, *v.centre, v.staff));
  HAVEN_TRY(versions, governance::versions(*v.ws, *v.centre));
  d.set("versions", policy_versions(*v.centre, versions));
  d.set("may_adopt", may(v, policy::Action::adopt_policy));
  if (may(v, policy::Action::record_awareness)) {
    auto outstanding = governance::unacknowledged(*v.ws, *v.centre, v.staff);
    if (outstanding) {
      std::map<std::string, int> by_audience;
      for (const auto& o : *outstanding) ++by_audience[o.audience];
      ViewList rows;
      for (const auto& [audience, count] : by_audience)
        rows.push_back(ViewObject{{"audience", plain_words(audience)}, {"count", std::to_string(count)}});
      d.set("outstanding", rows);
      d.set("show_outstanding", true);
      d.set("all_told", rows.empty());
    }
  }
  return page;
}

Result<Outcome> acknowledge(http::Request&, const Form&, const Viewer& v) {
  HAVEN_CHECK(governance::acknowledge_own_reading(*v.ws, *v.centre, v.staff));
  return Redirect{"/policy", "acknowledged"};
}

// GET /policy/adopt: management gives the new version of the centre's preset.
Result<Page> adopt_page(http::Request&, const Viewer& v) {
  HAVEN_CHECK(governance::begin_adoption(*v.ws, *v.centre, v.staff));
  auto page = make_page("Adopt a new version of the policy", "policy_adopt");
  page.data.set("version", v.centre->preset.version);
  return page;
}

// The preset as given in the form, which must be there.
Result<std::string> preset_text(const Form& form) {
  HAVEN_TRY(text, form.text("preset", "the new version of the policy (its preset file)", true, 60000));
  return text;
}

// What the new version in `text` changes, for management to confirm.
Result<Page> changes_page(const std::string& text, const Viewer& v) {
  HAVEN_TRY(adoption, governance::preview_adoption(*v.ws, *v.centre, v.staff, text, "the preset given"));
  auto page = make_page("Check the changes to the policy", "policy_adopt_check");
  ViewList lines;
  int changed = 0;
  for (const auto& line : adoption.diff) {
    bool added = line.starts_with("+ "), removed = line.starts_with("- ");
    changed += added || removed;
    // The rendered text's own marks ("### 6. DBS check") read as a heading, not as symbols.
    std::string text = line.size() > 2 ? line.substr(2) : std::string();
    bool heading = text.starts_with("#");
    if (heading) text = text.substr(std::min(text.find_first_not_of("# "), text.size()));
    lines.push_back(ViewObject{{"text", text}, {"heading", heading}, {"added", added}, {"removed", removed}});
  }
  page.data.set("lines", lines);
  page.data.set("changed", counted(static_cast<std::size_t>(changed), "line changes", "lines change"));
  page.data.set("from", v.centre->preset.version);
  page.data.set("to", adoption.version);
  page.data.set("preset", text);
  return page;
}

// POST /policy/adopt/check
Result<Outcome> check_adoption(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(text, preset_text(form));
  HAVEN_TRY(page, changes_page(text, v));
  return page;
}

// The changes again, after a mistake in confirming them (the request is the form sent).
Result<Page> changes_again(http::Request& r, const Viewer& v) {
  HAVEN_TRY(form, Form::parse(r.body));
  HAVEN_TRY(text, preset_text(form));
  return changes_page(text, v);
}

// POST /policy/adopt: the version checked above, adopted once confirmed.
Result<Outcome> adopt(http::Request&, const Form& form, const Viewer& v) {
  HAVEN_TRY(text, preset_text(form));
  if (!form.checked("confirm"))
    return fail(ErrorKind::invalid_input, "Confirm that the centre adopts this version of its policy");
  HAVEN_CHECK(governance::adopt_version(*v.ws, *v.centre, v.staff, text, "the preset given"));
  return Redirect{"/policy", "policy_adopted"};
}

// GET /audit?family=F0001&staff=coord.amy&from_day=1&from_month=12&from_year=2026&...&page=2:
// the audit trail narrowed and paged, in words. The filters travel in the address: they name
// a reference and a sign-in name, never a person's name.
Result<Page> audit_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(form, query_form(r));
  governance::AuditQuery q;
  HAVEN_TRY(family, form.text("family", "the family's reference", false, 16));
  HAVEN_TRY(staff, form.text("staff", "the member of staff", false, 40));
  q.family = family;
  q.staff = staff;
  HAVEN_TRY(from, form.optional_date("from", "the first day"));
  HAVEN_TRY(to, form.optional_date("to", "the last day"));
  q.from = from;
  q.to = to;
  q.page = whole_number(form.raw("page"), 1, 100000).value_or(1);
  HAVEN_TRY(found, governance::audit_page(*v.ws, *v.centre, v.staff, q));
  const auto& report = found.report;
  auto page = make_page("Audit trail", "audit");
  auto& d = page.data;
  d.set("ok", report.ok);
  d.set("entries_count", counted(static_cast<std::size_t>(report.entries), "entry", "entries"));
  d.set("checkpoints",
        counted(static_cast<std::size_t>(report.checkpoints), "signed checkpoint", "signed checkpoints"));
  if (!report.ok) {
    if (report.first_broken) d.set("first_broken", std::to_string(*report.first_broken));
    d.set("problem", report.problem);
  }
  ViewList rows;
  for (const auto& line : found.lines)
    rows.push_back(ViewObject{{"at", time_in_words(line.at)},
                              {"who", line.who},
                              {"action", line.action},
                              {"about", line.about},
                              {"fields", text_or_nothing(line.fields)},
                              {"clause", text_or_nothing(line.clause.empty() ? "" : "Clause " + line.clause)},
                              {"outcome", line.outcome}});
  d.set("entries", rows);
  d.set("none", rows.empty());
  d.set("found", counted(static_cast<std::size_t>(found.total), "entry matches", "entries match"));
  // The filters as given, for the form and for the links to other pages.
  ViewList people;
  for (const auto& s : found.staff)
    people.push_back(ViewObject{{"handle", s.handle},
                                {"words", fmt::format("{} ({})", s.display_name, role_label(s.role))},
                                {"selected", s.handle == q.staff}});
  d.set("people", people);
  d.set("family", q.family);
  d.set("narrowed", !q.family.empty() || !q.staff.empty() || q.from || q.to);
  View dates(View::type::object);
  dates.set("shown", true);  // an object with no dates is still to be shown
  for (auto [name, day] : {std::pair{"from", q.from}, std::pair{"to", q.to}})
    if (day) set_date_fields(dates, name, *day);
  d.set("dates", dates);
  if (found.pages > 1) {
    // Only the filters this page knows go into its links, each value encoded; the links are
    // escaped as any other text when drawn.
    std::string filters;
    for (const char* key : {"family", "staff", "from_day", "from_month", "from_year", "to_day", "to_month", "to_year"})
      if (!form.raw(key).empty())
        filters += fmt::format("{}={}&", key, boost::urls::encode(form.raw(key), boost::urls::unreserved_chars));
    d.set("paged", true);
    d.set("page_words", fmt::format("Page {} of {}", found.page, found.pages));
    if (found.page > 1) d.set("previous", fmt::format("/audit?{}page={}", filters, found.page - 1));
    if (found.page < found.pages) d.set("next", fmt::format("/audit?{}page={}", filters, found.page + 1));
  }
  return page;
}

}  // namespace

// What a letter was about, in words: the audit trail's name for it, without its id.
std::string letter_about(std::string_view about) {
  if (about.starts_with("application:")) return "The reference for an application through the public form";
  if (about.starts_with("portal_code:")) return "A parent's sign-in code for the portal";
  return "A notice from Haven";
}

// GET /email: the email that could not be sent.
Result<Page> email_page(http::Request&, const Viewer& v) {
  HAVEN_TRY(letters, governance::undelivered_email(*v.ws, *v.centre, v.staff));
  auto page = make_page("Email that could not be sent", "email");
  ViewList rows;
  for (const auto& l : letters) {
    auto written = parse_utc(l.created_at);
    rows.push_back(ViewObject{{"id", l.id},
                              {"to", l.to},
                              {"subject", l.subject},
                              {"about", letter_about(l.about)},
                              {"written", written ? format_london_day_words(*written) : l.created_at},
                              {"tries", std::to_string(l.attempts)},
                              {"error", text_or_nothing(l.last_error)}});
  }
  page.data.set("letters", rows);
  page.data.set("has_letters", !rows.empty());
  page.data.set("kept", counted(static_cast<std::size_t>(retention::dead_letters_kept.count()), "day", "days"));
  return page;
}

// POST /email/{letter}/send-again
Result<Outcome> send_again(http::Request& r, const Form&, const Viewer& v) {
  const auto& id = r.params.at("letter");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "There is no such email.");
  HAVEN_CHECK(governance::send_email_again(*v.ws, *v.centre, v.staff, id));
  return Redirect{"/email", "email_requeued"};
}

void add_governance_pages(Site& site) {
  site.page("/policy", policy_page);
  site.action("/policy/acknowledgements", acknowledge, policy_page);
  site.page("/policy/adopt", adopt_page);
  site.action("/policy/adopt/check", check_adoption, adopt_page);
  site.action("/policy/adopt", adopt, changes_again);
  site.page("/audit", audit_page);
  site.page("/email", email_page);
  site.action("/email/{letter}/send-again", send_again, email_page);
}

}  // namespace haven::web
