#include "pdf/markdown.hpp"

#include <sstream>

#include "pdf/document.hpp"

namespace haven::pdf {

Result<std::string> from_markdown(const std::string& title, const std::string& markdown) {
  Document pdf(title);
  // Wraps a paragraph at word boundaries to fit the page.
  auto wrapped = [&pdf](const std::string& text, float indent) {
    std::string current, word;
    std::istringstream words(text);
    while (words >> word) {
      if (!current.empty() && current.size() + word.size() + 1 > 95) {
        pdf.line(current, indent);
        current.clear();
      }
      current += (current.empty() ? "" : " ") + word;
    }
    if (!current.empty()) pdf.line(current, indent);
  };
  std::istringstream in(markdown);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("# ")) {
      pdf.title(line.substr(2));
    } else if (line.starts_with("## ")) {
      pdf.gap();
      pdf.heading(line.substr(3));
    } else if (line.starts_with("### ")) {
      pdf.heading(line.substr(4));
    } else if (line.starts_with("- ")) {
      wrapped(line.substr(2), 16);
    } else if (line.empty()) {
      pdf.gap();
    } else {
      wrapped(line, 0);
    }
  }
  return pdf.bytes();
}

}  // namespace haven::pdf
