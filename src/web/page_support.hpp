// Helpers the page files share: Haven's vocabulary in plain words, and small view builders.
#pragma once
#include <string>
#include <string_view>

#include "records/families.hpp"
#include "records/staff.hpp"
#include "web/form.hpp"
#include "web/site.hpp"

namespace haven::web {

// "non_resident_parent" -> "Non-resident parent", "no_show" -> "Did not come"; any other
// snake_case name becomes a capitalised phrase ("session_note" -> "Session note").
std::string plain_words(std::string_view name);

inline Page make_page(std::string title, std::string template_name) {
  return Page{std::move(title), std::move(template_name), View(View::type::object), 200};
}

// Fails, naming the field in words ("What was typed for Date of birth ..."), when a field of the
// form was not valid UTF-8.
Result<bool> valid_text(const Form& form);
// Whether the viewer holds one of these roles (for what a page offers, never for what it shows:
// the records layer decides that).
bool has_role(const Viewer& v, std::initializer_list<policy::Role> roles);

// "/families/F0001" for a case reference.
std::string family_path(const std::string& reference);

}  // namespace haven::web
