// Record identifiers: a short kind prefix and 16 random hex digits ("fam_3f9c..."). Random ids
// reveal neither counts nor order and need no dialect-specific auto-increment.
#pragma once
#include <string>
#include <string_view>

namespace haven {

std::string new_id(std::string_view prefix);

}  // namespace haven
