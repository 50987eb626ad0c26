#include "policy/review.hpp"

namespace haven::policy {

ReviewStatus review_status(const Preset& preset, Day today) {
  std::chrono::year_month_day reviewed{preset.last_reviewed};
  auto due = reviewed + std::chrono::months{preset.review_interval_months};
  if (!due.ok()) due = due.year() / due.month() / std::chrono::last;  // 31 Jan + 1 month
  ReviewStatus status;
  status.due_on = Day{due};
  status.days_left = static_cast<int>((status.due_on - today).count());
  status.overdue = status.days_left < 0;
  return status;
}

}  // namespace haven::policy
