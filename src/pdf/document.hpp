// A plain A4 text document (libharu, Helvetica): headings and lines, new pages as they fill.
// Enough for statements and exports a coordinator prints or sends; no images, no fonts to ship.
#pragma once
#include <memory>
#include <string>

#include "core/error.hpp"

namespace haven::pdf {

class Document {
 public:
  explicit Document(const std::string& title);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  void title(const std::string& text);    // large bold
  void heading(const std::string& text);  // bold
  void line(const std::string& text, float indent = 0);
  void small(const std::string& text);
  void gap();

  Result<std::string> bytes();

 private:
  void write(bool bold, float size, const std::string& text, float indent);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haven::pdf
