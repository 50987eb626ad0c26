#include "policy/review.hpp"

namespace haven::policy {

ReviewStatus review_status(const Preset& preset, Day today) {
  ReviewStatus status;
  status.due_on = add_months(preset.last_reviewed, preset.review_interval_months);
  status.days_left = static_cast<int>((status.due_on - today).count());
  status.overdue = status.days_left < 0;
  return status;
}

}  // namespace haven::policy
