// One table per enum gives its text names; these helpers turn values to names and back, so
// every enum in presets, the database and JSON is spelt the same way everywhere.
// Specialise EnumNames<E> with `static constexpr std::array<std::pair<E, std::string_view>, N> table`.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace haven {

template <class E>
struct EnumNames;

template <class E>
constexpr std::string_view name_of(E value) {
  for (const auto& [v, name] : EnumNames<E>::table)
    if (v == value) return name;
  return "unknown";
}

template <class E>
constexpr std::optional<E> parse_enum(std::string_view text) {
  for (const auto& [v, name] : EnumNames<E>::table)
    if (name == text) return v;
  return std::nullopt;
}

template <class E>
std::string allowed_names() {
  std::string out;
  for (const auto& [v, name] : EnumNames<E>::table) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace haven
