// Working days in England and Wales (core/working_days.hpp): weekends and the bank holidays fixed
// by rule do not count, a holiday at a weekend moves to the next weekday, and Easter moves with
// its year.
#include "core/working_days.hpp"

#include <gtest/gtest.h>

namespace haven {
namespace {

Day day(const char* text) { return *parse_day(text); }

TEST(WorkingDays, EasterMovesWithItsYear) {
  EXPECT_TRUE(is_bank_holiday(day("2024-03-29")) && is_bank_holiday(day("2024-04-01"))) << "Easter in March 2024";
  EXPECT_TRUE(is_bank_holiday(day("2027-03-26")) && is_bank_holiday(day("2027-03-29")));
  EXPECT_TRUE(is_bank_holiday(day("2025-04-18")) && is_bank_holiday(day("2025-04-21")));
  EXPECT_FALSE(is_bank_holiday(day("2024-04-05")));
  EXPECT_EQ(format_day(add_working_days(day("2027-03-25"), 1)), "2027-03-30") << "over the Easter weekend";
}

TEST(WorkingDays, WeekendsAndEnglishBankHolidaysDoNotCount) {
  EXPECT_TRUE(is_bank_holiday(day("2026-04-03"))) << "Good Friday 2026";
  EXPECT_TRUE(is_bank_holiday(day("2026-04-06"))) << "Easter Monday 2026";
  EXPECT_TRUE(is_bank_holiday(day("2026-05-04"))) << "early May";
  EXPECT_TRUE(is_bank_holiday(day("2026-05-25"))) << "spring";
  EXPECT_TRUE(is_bank_holiday(day("2026-08-31"))) << "summer";
  EXPECT_TRUE(is_bank_holiday(day("2026-12-28"))) << "Boxing Day 2026 is a Saturday: moved to Monday";
  EXPECT_TRUE(is_bank_holiday(day("2027-12-27")) && is_bank_holiday(day("2027-12-28")))
      << "Christmas 2027 falls at the weekend: both move";
  EXPECT_TRUE(is_bank_holiday(day("2028-01-03"))) << "New Year's Day 2028 is a Saturday";
  EXPECT_FALSE(is_bank_holiday(day("2026-12-24")));
  EXPECT_EQ(format_day(add_working_days(day("2026-12-04"), 5)), "2026-12-11") << "Friday to Friday";
  EXPECT_EQ(format_day(add_working_days(day("2026-12-22"), 5)), "2026-12-31")
      << "over Christmas Day and the Boxing Day holiday";
  EXPECT_EQ(format_day(add_working_days(day("2026-12-05"), 0)), "2026-12-07") << "a Saturday counts from Monday";
}

TEST(WorkingDays, HolidaysProclaimedForOneYearCount) {
  auto on = [](const char* text) { return *parse_day(text); };
  EXPECT_TRUE(is_bank_holiday(on("2023-05-08"))) << "a coronation";
  EXPECT_TRUE(is_bank_holiday(on("2022-09-19"))) << "a state funeral";
  EXPECT_TRUE(is_bank_holiday(on("2022-06-02")));
  EXPECT_TRUE(is_bank_holiday(on("2022-06-03")));
  EXPECT_FALSE(is_bank_holiday(on("2022-05-30"))) << "the last Monday in May, moved to June that year";
  EXPECT_TRUE(is_bank_holiday(on("2020-05-08")));
  EXPECT_FALSE(is_bank_holiday(on("2020-05-04"))) << "the first Monday in May, moved to VE Day";
  EXPECT_TRUE(is_bank_holiday(on("2027-05-03"))) << "the rules, in other years";
  EXPECT_EQ(format_day(add_working_days(on("2022-09-16"), 1)), "2022-09-20") << "Friday, then past the funeral";
}

}  // namespace
}  // namespace haven
