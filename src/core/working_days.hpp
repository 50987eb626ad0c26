// Working days in England and Wales: Monday to Friday, less the bank holidays fixed by rule (New
// Year's Day, Good Friday, Easter Monday, the early May, spring and summer bank holidays,
// Christmas Day and Boxing Day, each moved to the next weekday when it falls at a weekend), with
// the changes proclaimed for single years since 2011 (a jubilee, a coronation, a holiday moved). A
// change proclaimed after this Haven was built is not known to it.
//
// Thread-safety: pure functions.
#pragma once
#include "core/time.hpp"

namespace haven {

// Whether `d` is a bank holiday in England and Wales by the rules and proclamations above.
[[nodiscard]] bool is_bank_holiday(Day d);
// Whether `d` is a working day: a weekday that is not a bank holiday.
[[nodiscard]] bool is_working_day(Day d);
// The working day `n` working days after `d` (n >= 0; with n = 0, `d` itself or the next working
// day when `d` is not one). "Within 5 working days of Friday 4 December" is add_working_days(d, 5).
[[nodiscard]] Day add_working_days(Day d, int n);

}  // namespace haven
