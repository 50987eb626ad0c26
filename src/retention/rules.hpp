// Clause 8 as a rule: when a record becomes due for destruction. A record of a category the
// preset keeps indefinitely is never due; any other is due once `unused_years` whole years
// have passed since its last use (a read does not count as use). 29 February counts forward
// to 28 February in a year without one.
#pragma once
#include <string>

#include "core/time.hpp"
#include "policy/preset.hpp"

namespace haven::retention {

struct Verdict {
  bool due = false;
  bool kept_indefinitely = false;
  Day due_on{};  // meaningless when kept_indefinitely
  std::string reason;
};

Verdict assess(const policy::Preset& preset, policy::RecordCategory category, Day last_used, Day today);

}  // namespace haven::retention
