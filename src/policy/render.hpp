// Renders a preset as the centre's confidentiality policy in Markdown, in Haven's own words.
// The text is generated from the same Preset that the decision point enforces, so what people
// read and what the software does cannot drift apart (clause 9).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "policy/preset.hpp"

namespace haven::policy {

std::string render_markdown(const Preset& preset);

// Words the policy's text uses, for other documents written from the same preset.
[[nodiscard]] std::string_view agency_words(Agency a);            // "the police"
[[nodiscard]] std::string_view category_words(RecordCategory c);  // "session notes"
[[nodiscard]] std::string_view dbs_words(DbsLevel l);             // "an enhanced"

// "a, b and c" (or "a, b or c" with conjunction "or"), each item as `words` gives it.
template <class T, class Words>
std::string join_words(const std::vector<T>& items, Words words, std::string_view conjunction = "and") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? std::string(" ") + std::string(conjunction) + " " : std::string(", ");
    out += words(items[i]);
  }
  return out;
}

// The same text as a printable PDF (headings bold, Markdown marks removed).
Result<std::string> render_pdf(const Preset& preset);

}  // namespace haven::policy
