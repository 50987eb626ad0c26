#include "core/files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace haven {

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, fmt::format("cannot read {}", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace haven
