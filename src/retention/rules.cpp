#include "retention/rules.hpp"

#include <fmt/format.h>

namespace haven::retention {

Verdict assess(const policy::Preset& preset, policy::RecordCategory category, Day last_used, Day today) {
  Verdict v;
  if (preset.keeps_indefinitely(category)) {
    v.kept_indefinitely = true;
    v.reason = fmt::format("clause 8: {} are kept indefinitely under this policy", name_of(category));
    return v;
  }
  v.due_on = add_years(last_used, preset.unused_years);
  v.due = today >= v.due_on;
  v.reason = v.due ? fmt::format("clause 8: unused for {} years since {}", preset.unused_years, format_day(last_used))
                   : fmt::format("clause 8: kept until {}", format_day(v.due_on));
  return v;
}

}  // namespace haven::retention
