// Haven's own documents, written as simple Markdown ("# " a title, "## " and "### " headings, "- "
// a list item, anything else a paragraph), printed as a plain A4 PDF (pdf::Document): paragraphs
// wrapped at word boundaries, list items indented. No other Markdown is read: the text is shown
// as written. Thread-safe: a pure function.
#pragma once
#include <string>

#include "core/error.hpp"

namespace haven::pdf {

// The PDF's bytes, titled `title` in its properties.
[[nodiscard]] Result<std::string> from_markdown(const std::string& title, const std::string& markdown);

}  // namespace haven::pdf
