// Reading files Haven is given (presets, CSV imports): the whole text, or a clear error naming
// the file. Thread-safe.
#pragma once
#include <string>

#include "core/error.hpp"

namespace haven {

// Whole text of a file, or a clear error.
[[nodiscard]] Result<std::string> read_text_file(const std::string& path);

}  // namespace haven
