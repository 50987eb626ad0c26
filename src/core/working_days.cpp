#include "core/working_days.hpp"

#include <algorithm>
#include <span>

namespace haven {

namespace {

using std::chrono::days;
using std::chrono::Friday;
using std::chrono::Monday;
using std::chrono::Saturday;
using std::chrono::Sunday;
using std::chrono::weekday;
using std::chrono::year;
using std::chrono::year_month_day;
using std::chrono::year_month_weekday;
using std::chrono::year_month_weekday_last;

bool weekend(Day d) {
  weekday w{d};
  return w == Saturday || w == Sunday;
}

// Easter Sunday of year `y` in the Gregorian calendar (the anonymous algorithm).
Day easter_sunday(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3,
      h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7,
      m = (a + 11 * h + 22 * l) / 451, month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
  return Day{year{y} / month / day};
}

// A fixed-date holiday, moved to the next weekday when it falls at a weekend.
Day substitute(Day d) {
  while (weekend(d)) d += days{1};
  return d;
}

// Days proclaimed for one year, from 2011: holidays added, and rule days they moved away.
constexpr year_month_day proclaimed_holidays[] = {
    {year{2011} / 4 / 29},                        // a royal wedding
    {year{2012} / 6 / 4},  {year{2012} / 6 / 5},  // the spring holiday moved, and a jubilee
    {year{2020} / 5 / 8},                         // the early May holiday moved to VE Day
    {year{2022} / 6 / 2},  {year{2022} / 6 / 3},  // the spring holiday moved, and a jubilee
    {year{2022} / 9 / 19},                        // a state funeral
    {year{2023} / 5 / 8},                         // a coronation
};
constexpr year_month_day proclaimed_working_days[] = {
    {year{2012} / 5 / 28},
    {year{2020} / 5 / 4},
    {year{2022} / 5 / 30},
};

bool one_of(Day d, std::span<const year_month_day> days) {
  return std::ranges::any_of(days, [d](const year_month_day& p) { return Day{p} == d; });
}

}  // namespace

bool is_bank_holiday(Day d) {
  if (one_of(d, proclaimed_holidays)) return true;
  if (one_of(d, proclaimed_working_days)) return false;
  year_month_day ymd{d};
  int y = static_cast<int>(ymd.year());
  Day easter = easter_sunday(y);
  if (d == easter - days{2} || d == easter + days{1}) return true;
  Day new_year = substitute(Day{ymd.year() / 1 / 1});
  Day christmas = substitute(Day{ymd.year() / 12 / 25});
  // Boxing Day moves past Christmas's substitute too.
  Day boxing = Day{ymd.year() / 12 / 26};
  while (weekend(boxing) || boxing == christmas) boxing += days{1};
  return d == new_year || d == christmas || d == boxing || d == Day{year_month_weekday{ymd.year() / 5 / Monday[1]}} ||
         d == Day{year_month_weekday_last{ymd.year() / 5 / Monday[std::chrono::last]}} ||
         d == Day{year_month_weekday_last{ymd.year() / 8 / Monday[std::chrono::last]}};
}

bool is_working_day(Day d) { return !weekend(d) && !is_bank_holiday(d); }

Day add_working_days(Day d, int n) {
  while (!is_working_day(d)) d += days{1};
  for (int i = 0; i < n; ++i) {
    d += days{1};
    while (!is_working_day(d)) d += days{1};
  }
  return d;
}

}  // namespace haven
