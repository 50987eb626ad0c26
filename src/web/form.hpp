// A submitted HTML form (application/x-www-form-urlencoded). Values are decoded ('+' is a space)
// and checked against a length limit as they are read, so a handler states each field's bounds
// where it uses it; a bad field is an invalid_input error naming the field in words. A form with
// a value that is not valid UTF-8 is dropped by parse() and named by invalid_text_field(), so the
// page can be shown again with everything else that was typed.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace haven::web {

class Form {
 public:
  // Fails on a malformed body; repeated fields keep their last value.
  static Result<Form> parse(std::string_view body);
  // The name of the first field sent whose value was not valid UTF-8; empty when there is none.
  const std::string& invalid_text_field() const { return invalid_field_; }

  // The trimmed value, or empty when absent; an error when required and empty, or over max_length.
  Result<std::string> text(const std::string& name, std::string_view label, bool required,
                           std::size_t max_length = 200) const;
  // The value of a radio group or a select, as one of E's names; an error saying `prompt`
  // ("Choose the agency") when it is missing or not one of them.
  template <class E>
  Result<E> choice(const std::string& name, std::string_view prompt) const {
    if (auto value = parse_enum<E>(raw(name))) return *value;
    failed_field_ = name;
    return fail(ErrorKind::invalid_input, std::string(prompt));
  }
  // A GOV.UK date input: the fields `name`_day, `name`_month and `name`_year, as a calendar date.
  // An error says what is missing or wrong about `label` ("Enter the date of the pre-visit",
  // "The date of the pre-visit must be a real date") and marks `name`_day as the field that failed.
  Result<Day> date(const std::string& name, std::string_view label) const;
  // The same for a date that may be left out: nothing when its three fields are all empty.
  Result<std::optional<Day>> optional_date(const std::string& name, std::string_view label) const;
  // A time of day as people write it ("2:15pm", "10am", "midday", "14:15"), as "HH:MM"; empty
  // when the field is empty and not `required`. An error says how to write `label` ("the start
  // time") and marks the field.
  Result<std::string> clock(const std::string& name, std::string_view label, bool required) const;
  // For a check the page makes itself: an invalid_input error saying `message`, with `name` as
  // the field the error summary links to.
  std::unexpected<Error> mark(const std::string& name, std::string message) const {
    failed_field_ = name;
    return fail(ErrorKind::invalid_input, std::move(message));
  }
  // A checkbox: present and "yes" means true.
  bool checked(const std::string& name) const;
  // The raw value (empty when absent), for fields checked elsewhere (the CSRF token).
  std::string raw(const std::string& name) const;
  // Everything sent, for showing a form again after a mistake.
  const std::map<std::string, std::string>& values() const { return values_; }
  // The field whose reading failed last (text() or choice()), for the error summary to link to;
  // empty when none did.
  const std::string& failed_field() const { return failed_field_; }

 private:
  std::map<std::string, std::string> values_;
  std::string invalid_field_;  // the first field whose value was not valid UTF-8
  mutable std::string failed_field_;
};

// The page `html` with the choices `form` sent kept: each radio button and checkbox whose name
// and value were sent is checked, and in each select whose name was sent the option of that value
// is the one selected. For showing a form again after a mistake, so that nothing chosen is lost
// (text fields and text areas keep what was typed through their templates).
[[nodiscard]] std::string keep_choices(std::string_view html, const Form& form);

// Template text with each date-input directive replaced by a GOV.UK date input (a fieldset with
// a legend, a hint and day, month and year fields). A directive is a mustache comment on one line,
// so an unexpanded template still renders:
//   {{!date-input name="on" legend="When it happened" small}}
// name: the fields name_day, name_month and name_year, and the input's id; values: the prefix of
// the view keys the fields show ("form.on" by default: {{form.on_day}} and so on, what was sent);
// legend; hint ("For example, 27 11 2026" by default; hint="" for none); `small` for a small
// legend. A directive without a name is left as it is.
[[nodiscard]] std::string expand_date_inputs(std::string_view text);

}  // namespace haven::web
