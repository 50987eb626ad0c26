// Strict reading of a JSON request body: it must be an object, every key must be one the
// route knows, and each value must have the expected type. Errors name the key.
#pragma once
#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace haven::api {

class JsonBody {
 public:
  // Parses `text` and refuses keys outside `allowed`.
  static Result<JsonBody> parse(std::string_view text, std::initializer_list<std::string_view> allowed);

  // A string value; `required` ones must be present and non-empty. At most `max_length` bytes.
  Result<std::string> text(std::string_view key, bool required, std::size_t max_length = 2000) const;
  Result<bool> flag(std::string_view key, bool fallback) const;
  // A whole number from `low` to `high`; nullopt when absent and not required.
  Result<std::optional<int>> whole_number(std::string_view key, bool required, int low, int high) const;
  Result<std::vector<std::string>> words(std::string_view key) const;  // array of strings
  // A required UTC time ("2026-12-05T10:15:00Z").
  Result<Instant> utc(std::string_view key) const;
  // A nested object, read as strictly as the body itself.
  Result<JsonBody> nested(std::string_view key, std::initializer_list<std::string_view> allowed) const;

 private:
  boost::json::object object_;
};

}  // namespace haven::api
