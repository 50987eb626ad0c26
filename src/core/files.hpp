// Reading files Haven is given (presets, CSV imports): the whole text, or a clear error naming
// the file; and making the files Haven keeps readable by its own account only. Thread-safe.
#pragma once
#include <string>

#include "core/error.hpp"

namespace haven {

// Whole text of a file, or a clear error.
[[nodiscard]] Result<std::string> read_text_file(const std::string& path);

// Creates `path` empty with mode 0600 when it does not exist (an existing file is left as it is),
// so a database made there, and the journal files SQLite makes beside it with its mode, are
// readable by Haven's own account only.
[[nodiscard]] Result<bool> create_private_file(const std::string& path);

}  // namespace haven
