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

Result<std::string> Form::text(const std::string& name, std::string_view label, bool required,
                               std::size_t max_length) const {
  std::string value = raw(name);
  auto first = value.find_first_not_of(" \t\r\n");
  value = first == std::string::npos ? std::string() : value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
  if (required && value.empty()) {
    failed_field_ = name;
    return fail(ErrorKind::invalid_input, fmt::format("Enter {}", label));
  }
  if (value.size() > max_length) {
    failed_field_ = name;
    std::string subject(label);
    if (!subject.empty()) subject[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(subject[0])));
    return fail(ErrorKind::invalid_input, fmt::format("{} must be {} characters or fewer", subject, max_length));
  }
  return value;
}

bool Form::checked(const std::string& name) const { return raw(name) == "yes"; }

std::string Form::raw(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::string() : it->second;
}

}  // namespace haven::web
