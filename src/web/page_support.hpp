// Helpers the page files share: Haven's vocabulary in plain words, and small view builders.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "core/text.hpp"
#include "governance/lifecycle.hpp"
#include "records/families.hpp"
#include "records/staff.hpp"
#include "web/form.hpp"
#include "web/site.hpp"

namespace haven::web {

// "non_resident_parent" -> "Non-resident parent", "no_show" -> "Did not come"; any other
// snake_case name becomes a capitalised phrase ("session_note" -> "Session note").
std::string plain_words(std::string_view name);

// Text for a template section that shows only when there is some ({{#name}}...{{/name}}): an
// empty string would still open the section, so no text is false.
inline View text_or_nothing(const std::string& text) { return text.empty() ? View(false) : View(text); }

inline Page make_page(std::string title, std::string template_name) {
  return Page{std::move(title), std::move(template_name), View(View::type::object), 200};
}

// Fails, naming the field in words ("What was typed for Date of birth ..."), when a field of the
// form was not valid UTF-8.
Result<bool> valid_text(const Form& form);
// Whether the access layer would allow the viewer this request: for what a page offers (a link,
// a button), never for what it shows, which the domain operation decides and audits.
[[nodiscard]] bool offered(const Viewer& v, const policy::AccessRequest& request);
// offered() for an action on the centre as a whole (review, the register, accounts, awareness).
[[nodiscard]] bool may(const Viewer& v, policy::Action action);
// Whether the viewer may open a family's case pages (referrals, requests, consents, concerns):
// for one family, or with "*" for the list of families.
[[nodiscard]] bool sees_case(const Viewer& v, const std::string& family_id);

// Dates and times in words (day_in_words, time_in_words): core/time.hpp.

// The rendered policy (policy/render.hpp), block by block, for the policy.mustache blocks: "# "
// the title (left out: the page has its own), "## " a section, "### 4. Title" a clause (anchored
// as #clause-4), "- " a list item, anything else a paragraph.
ViewList policy_blocks(const std::string& markdown);

// The versions of the centre's policy, oldest first, each with the day it was adopted: the day its
// own history gives (when the centre adopted it, perhaps before Haven), else the day Haven put it
// in force. For the policy's pages, staff's and the public's.
ViewList policy_versions(const app::Centre& c, const std::vector<governance::VersionRecord>& versions);

// A session's times as read out: "10am to 12pm" for supported contact, "Handover at 10am, back at
// 4pm" for a handover only (times "HH:MM").
std::string session_times_words(bool handover, const std::string& starts, const std::string& ends);

// The query string of a GET form as a Form, read like a posted one.
Result<Form> query_form(const http::Request& r);
// Sets `name`_day, `name`_month and `name`_year in `into` to the parts of `day`, as a GOV.UK
// date input shows them (expand_date_inputs in web/form.hpp): day, month and year in figures.
void set_date_fields(View& into, const std::string& name, Day day);

// A moment typed as a GOV.UK date input (`day_field`_day, _month, _year) and a time of day
// (`time_field`), read in London time; an error names the field in `day_label` or `time_label`.
Result<Instant> form_moment(const Form& form, const std::string& day_field, std::string_view day_label,
                            const std::string& time_field, std::string_view time_label);

// A domain operation's refusal of input, shown on its form. An error whose message ends with one of
// `fields`' API names in brackets ("... (on)") marks the form's field paired with it and loses the
// bracket; any other error is returned as it is.
[[nodiscard]] std::unexpected<Error> on_form(const Form& form, const Error& e,
                                             std::initializer_list<std::pair<std::string_view, std::string>> fields);

// "/families/F0001" for a case reference.
std::string family_path(const std::string& reference);

}  // namespace haven::web
