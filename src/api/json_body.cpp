#include "api/json_body.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"

namespace haven::api {

namespace {

// The key (a.b for nested objects, a[2] in lists) of the first string in `v` that is not valid
// UTF-8; empty when there is none.
std::string invalid_text_at(const boost::json::value& v, const std::string& path) {
  if (v.is_string()) return is_valid_utf8(v.as_string()) ? std::string() : path;
  if (v.is_array()) {
    const auto& items = v.as_array();
    for (size_t i = 0; i < items.size(); ++i)
      if (auto at = invalid_text_at(items[i], fmt::format("{}[{}]", path, i)); !at.empty()) return at;
  }
  if (v.is_object())
    for (const auto& [key, inner] : v.as_object()) {
      std::string name = is_valid_utf8(key) ? std::string(key) : std::string("(a field name)");
      if (!is_valid_utf8(key)) return name;
      if (auto at = invalid_text_at(inner, path.empty() ? name : path + "." + name); !at.empty()) return at;
    }
  return {};
}

}  // namespace

Result<JsonBody> JsonBody::parse(std::string_view text, std::initializer_list<std::string_view> allowed) {
  if (!is_valid_utf8(text)) {
    // Read it once more, leniently, only to name the field that holds the bad bytes.
    boost::json::parse_options lenient;
    lenient.allow_invalid_utf8 = true;
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec, {}, lenient);
    std::string field = ec ? std::string() : invalid_text_at(value, "");
    return not_valid_text(field.empty() ? std::string("The request body") : fmt::format("'{}'", field));
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(text.empty() ? std::string_view("{}") : text, ec);
  if (ec || !value.is_object()) return fail(ErrorKind::invalid_input, "the request body must be a JSON object");
  JsonBody body;
  body.object_ = std::move(value.as_object());
  for (const auto& [key, v] : body.object_)
    if (std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end())
      return fail(ErrorKind::invalid_input, fmt::format("unknown field '{}'", std::string_view(key)));
  return body;
}

Result<JsonBody> JsonBody::nested(std::string_view key, std::initializer_list<std::string_view> allowed) const {
  const auto* v = object_.if_contains(key);
  if (!v || !v->is_object()) return fail(ErrorKind::invalid_input, fmt::format("'{}' must be an object", key));
  auto inner = parse(boost::json::serialize(*v), allowed);
  if (!inner) return fail(ErrorKind::invalid_input, fmt::format("in '{}': {}", key, inner.error().message));
  return inner;
}

Result<std::string> JsonBody::text(std::string_view key, bool required, std::size_t max_length) const {
  const auto* v = object_.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return fail(ErrorKind::invalid_input, fmt::format("'{}' is required", key));
    return std::string();
  }
  if (!v->is_string()) return fail(ErrorKind::invalid_input, fmt::format("'{}' must be a string", key));
  std::string s(v->as_string());
  if (required && s.empty()) return fail(ErrorKind::invalid_input, fmt::format("'{}' must not be empty", key));
  if (s.size() > max_length)
    return fail(ErrorKind::invalid_input, fmt::format("'{}' may be at most {} characters", key, max_length));
  return s;
}

Result<bool> JsonBody::flag(std::string_view key, bool fallback) const {
  const auto* v = object_.if_contains(key);
  if (!v) return fallback;
  if (!v->is_bool()) return fail(ErrorKind::invalid_input, fmt::format("'{}' must be true or false", key));
  return v->as_bool();
}

Result<std::optional<int>> JsonBody::whole_number(std::string_view key, bool required, int low, int high) const {
  const auto* v = object_.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return fail(ErrorKind::invalid_input, fmt::format("'{}' is required", key));
    return std::optional<int>();
  }
  if (!v->is_int64() || v->as_int64() < low || v->as_int64() > high)
    return fail(ErrorKind::invalid_input, fmt::format("'{}' must be a whole number from {} to {}", key, low, high));
  return std::optional<int>(static_cast<int>(v->as_int64()));
}

Result<Instant> JsonBody::utc(std::string_view key) const {
  HAVEN_TRY(text, this->text(key, true, 30));
  auto at = parse_utc(text);
  if (!at) return fail(ErrorKind::invalid_input, fmt::format("{} is a UTC time like 2026-12-05T10:15:00Z", key));
  return *at;
}

Result<std::vector<std::string>> JsonBody::words(std::string_view key) const {
  std::vector<std::string> out;
  const auto* v = object_.if_contains(key);
  if (!v) return out;
  if (!v->is_array()) return fail(ErrorKind::invalid_input, fmt::format("'{}' must be a list of strings", key));
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return fail(ErrorKind::invalid_input, fmt::format("'{}' must be a list of strings", key));
    out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace haven::api
