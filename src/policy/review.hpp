// Clause 10: when the policy is next due for review, and whether that date has passed.
#pragma once
#include "core/time.hpp"
#include "policy/preset.hpp"

namespace haven::policy {

struct ReviewStatus {
  Day due_on;
  bool overdue = false;
  int days_left = 0;  // negative when overdue
};

ReviewStatus review_status(const Preset& preset, Day today);

}  // namespace haven::policy
