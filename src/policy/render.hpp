// Renders a preset as the centre's confidentiality policy in Markdown, in Haven's own words.
// The text is generated from the same Preset that the decision point enforces, so what people
// read and what the software does cannot drift apart (clause 9).
#pragma once
#include <string>

#include "core/error.hpp"
#include "policy/preset.hpp"

namespace haven::policy {

std::string render_markdown(const Preset& preset);

// The same text as a printable PDF (headings bold, Markdown marks removed).
Result<std::string> render_pdf(const Preset& preset);

}  // namespace haven::policy
