#include "web/form.hpp"

#include <boost/url.hpp>
#include <fmt/format.h>

#include <cctype>

#include "core/text.hpp"

namespace haven::web {

Result<Form> Form::parse(std::string_view body) {
  Form form;
  if (body.empty()) return form;
  const std::string target = "/?" + std::string(body);  // the view below points into it
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return fail(ErrorKind::invalid_input, "the form could not be read; please send it again");
  for (const auto& param : url->params(boost::urls::encoding_opts(true))) {
    if (!is_valid_utf8(param.key)) return fail(ErrorKind::invalid_input, "the form could not be read; please send it again");
    if (!is_valid_utf8(param.value)) {
      if (form.invalid_field_.empty()) form.invalid_field_ = param.key;
      continue;  // never kept, never shown again
    }
    form.values_[param.key] = param.value;
  }
  return form;
}

namespace {

// `value` without the spaces, tabs and line ends around it.
std::string trimmed(const std::string& value) {
  auto first = value.find_first_not_of(" \t\r\n");
  return first == std::string::npos ? std::string()
                                    : value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

Result<std::string> Form::text(const std::string& name, std::string_view label, bool required,
                               std::size_t max_length) const {
  std::string value = trimmed(raw(name));
  if (required && value.empty()) {
    failed_field_ = name;
    return fail(ErrorKind::invalid_input, fmt::format("Enter {}", label));
  }
  if (value.size() > max_length) {
    failed_field_ = name;
    return fail(ErrorKind::invalid_input,
                fmt::format("{} must be {} characters or fewer", capitalised(std::string(label)), max_length));
  }
  return value;
}

bool Form::checked(const std::string& name) const { return raw(name) == "yes"; }

std::string Form::raw(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::string() : it->second;
}

Result<Day> Form::date(const std::string& name, std::string_view label) const {
  std::string day = trimmed(raw(name + "_day")), month = trimmed(raw(name + "_month")),
              year = trimmed(raw(name + "_year"));
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 4 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  auto failed = [&](std::string message) -> Result<Day> {
    failed_field_ = name + "_day";
    return fail(ErrorKind::invalid_input, std::move(message));
  };
  if (day.empty() && month.empty() && year.empty()) return failed(fmt::format("Enter {}", label));
  std::string subject = capitalised(std::string(label));
  if (!digits(day) || !digits(month) || !digits(year) || year.size() != 4)
    return failed(fmt::format("{} must be a real date, with a day, a month and a four-figure year", subject));
  auto parsed = parse_day(fmt::format("{}-{:0>2}-{:0>2}", year, month, day));
  if (!parsed) return failed(fmt::format("{} must be a real date", subject));
  return *parsed;
}

Result<std::optional<Day>> Form::optional_date(const std::string& name, std::string_view label) const {
  if (trimmed(raw(name + "_day")).empty() && trimmed(raw(name + "_month")).empty() &&
      trimmed(raw(name + "_year")).empty())
    return std::nullopt;
  HAVEN_TRY(day, date(name, label));
  return day;
}

Result<std::string> Form::clock(const std::string& name, std::string_view label, bool required) const {
  std::string typed = trimmed(raw(name));
  if (typed.empty() && !required) return typed;
  if (auto hh_mm = parse_clock(typed)) return *hh_mm;
  failed_field_ = name;
  if (typed.empty()) return fail(ErrorKind::invalid_input, fmt::format("Enter {}, for example 2:15pm or 14:15", label));
  return fail(ErrorKind::invalid_input, fmt::format("{} must be a time of day, for example 10am, 2:15pm or 14:15",
                                                    capitalised(std::string(label))));
}

namespace {

// The value of the attribute `name` in an HTML start tag, as written; empty when it has none.
std::string_view attribute(std::string_view tag, std::string_view name) {
  std::string key = fmt::format(" {}=\"", name);
  auto at = tag.find(key);
  if (at == std::string_view::npos) return {};
  auto from = at + key.size();
  auto to = tag.find('"', from);
  return to == std::string_view::npos ? std::string_view() : tag.substr(from, to - from);
}

// Whether an HTML start tag (or a directive written like one) has the attribute `name`, with a
// value or bare.
bool has_attribute(std::string_view tag, std::string_view name) {
  for (auto at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    bool starts = at > 0 && tag[at - 1] == ' ';
    char after = at + name.size() < tag.size() ? tag[at + name.size()] : ' ';
    if (starts && (after == '=' || after == ' ' || after == '}')) return true;
  }
  return false;
}

// The markup of one date input, for the directive `tag` (see expand_date_inputs).
std::string date_input(std::string_view tag) {
  std::string name(attribute(tag, "name"));
  std::string values = has_attribute(tag, "values") ? std::string(attribute(tag, "values")) : "form." + name;
  std::string hint = has_attribute(tag, "hint") ? std::string(attribute(tag, "hint")) : "For example, 27 11 2026";
  std::string legend_class = has_attribute(tag, "small") ? " govuk-fieldset__legend--s" : "";
  std::string described = hint.empty() ? "" : fmt::format(" aria-describedby=\"{}-hint\"", name);
  std::string out = fmt::format(
      "<div class=\"govuk-form-group\">\n  <fieldset class=\"govuk-fieldset\" role=\"group\"{}>\n"
      "    <legend class=\"govuk-fieldset__legend{}\">{}</legend>\n",
      described, legend_class, attribute(tag, "legend"));
  if (!hint.empty()) out += fmt::format("    <div class=\"govuk-hint\" id=\"{}-hint\">{}</div>\n", name, hint);
  out += fmt::format("    <div class=\"govuk-date-input\" id=\"{}\">\n", name);
  for (auto [part, label, width] :
       {std::tuple{"day", "Day", 2}, std::tuple{"month", "Month", 2}, std::tuple{"year", "Year", 4}})
    out += fmt::format(
        "      <div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\"><label class=\"govuk-label "
        "govuk-date-input__label\" for=\"{0}_{1}\">{2}</label>\n        <input class=\"govuk-input "
        "govuk-date-input__input govuk-input--width-{3}\" id=\"{0}_{1}\" name=\"{0}_{1}\" type=\"text\" "
        "inputmode=\"numeric\" value=\"{{{{{4}_{1}}}}}\"></div></div>\n",
        name, part, label, width, values);
  out += "    </div>\n  </fieldset>\n</div>";
  return out;
}

// The tag without a bare `word` attribute (" selected").
std::string without(std::string_view tag, std::string_view word) {
  std::string out(tag);
  for (auto at = out.find(word); at != std::string::npos; at = out.find(word, at)) out.erase(at, word.size());
  return out;
}

}  // namespace

std::string expand_date_inputs(std::string_view text) {
  constexpr std::string_view opening = "{{!date-input ";
  std::string out;
  std::size_t i = 0;
  for (auto at = text.find(opening); at != std::string_view::npos; at = text.find(opening, i)) {
    auto end = text.find("}}", at);
    if (end == std::string_view::npos) break;
    std::string_view tag = text.substr(at + 2, end - at - 2);  // "!date-input name=..."
    out.append(text.substr(i, at - i));
    if (attribute(tag, "name").empty())
      out.append(text.substr(at, end + 2 - at));
    else
      out += date_input(tag);
    i = end + 2;
  }
  out.append(text.substr(i));
  return out;
}

std::string keep_choices(std::string_view html, const Form& form) {
  const auto& sent = form.values();
  auto sent_value = [&](std::string_view name) -> const std::string* {
    auto it = sent.find(std::string(name));
    return it == sent.end() ? nullptr : &it->second;
  };
  std::string out;
  out.reserve(html.size() + 64);
  const std::string* select_value = nullptr;  // inside a select whose name was sent: the value sent
  std::size_t i = 0;
  while (i < html.size()) {
    auto open = html.find('<', i);
    auto close = open == std::string_view::npos ? open : html.find('>', open);
    if (close == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, open - i));
    std::string_view tag = html.substr(open, close - open);
    if (tag.starts_with("<input")) {
      auto type = attribute(tag, "type");
      const std::string* value = sent_value(attribute(tag, "name"));
      bool choice = type == "radio" || type == "checkbox";
      if (choice && value && *value == attribute(tag, "value") && tag.find(" checked") == std::string_view::npos)
        out.append(tag).append(" checked");
      else
        out.append(tag);
    } else if (tag.starts_with("<select")) {
      select_value = sent_value(attribute(tag, "name"));
      out.append(tag);
    } else if (tag.starts_with("</select")) {
      select_value = nullptr;
      out.append(tag);
    } else if (tag.starts_with("<option") && select_value) {
      out.append(without(tag, " selected"));
      if (*select_value == attribute(tag, "value")) out.append(" selected");
    } else {
      out.append(tag);
    }
    out.push_back('>');
    i = close + 1;
  }
  return out;
}

}  // namespace haven::web
