// Time in Haven. Instants are stored as UTC ISO-8601 text ("2026-11-22T14:05:00Z"); contact
// sessions are arranged and shown in the centre's time zone, Europe/London, across clock changes.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace haven {

using Instant = std::chrono::sys_seconds;
using Day = std::chrono::sys_days;

Instant now();
std::string format_utc(Instant t);                  // 2026-11-22T14:05:00Z
std::string format_rfc5322(Instant t);              // Sun, 22 Nov 2026 14:05:00 +0000 (an email's Date)
Result<Instant> parse_utc(std::string_view text);   // inverse of format_utc
std::string format_day(Day d);                      // 2026-11-22
std::string format_day_words(Day d);                // 22 November 2026
Result<Day> parse_day(std::string_view text);       // YYYY-MM-DD, a real calendar date

// Calendar arithmetic that lands on a real day: 29 February plus a year is 28 February, and
// 31 January plus a month is the last day of February.
Day add_months(Day d, int months);
Day add_years(Day d, int years);

// "2026-11-22 14:05" read as a wall-clock time in Europe/London. A time that does not exist
// (skipped by the spring clock change) is an error; an ambiguous autumn time takes the earlier.
Result<Instant> parse_london(std::string_view text);
std::string format_london(Instant t);               // 2026-11-22 14:05
std::string format_london_time(Instant t);          // 14:05
std::string format_london_day(Instant t);           // 2026-11-22
std::string format_london_day_words(Instant t);     // 22 November 2026
Day london_day_of(Instant t);                        // the date in Europe/London at t
Day london_today();                                 // today's date in Europe/London
// The instant a London day begins, as stored (format_utc text); an error for a day out of range.
Result<std::string> london_day_start_utc(Day d);
// A stored UTC instant (format_utc text) as HH:MM in Europe/London; empty for empty or bad text.
std::string london_time_of(const std::string& utc);

// A time of day as people write it (the GOV.UK style): "14:15" -> "2:15pm", "10:00" -> "10am",
// "12:00" -> "midday", "00:00" -> "midnight". Text that is not HH:MM is returned as it is.
std::string clock_words(std::string_view hh_mm);
// Dates and times as people read them, for pages and documents alike. A stored day
// ("2026-11-23", or the start of a longer text) -> "23 November 2026"; a stored instant (UTC
// "2026-11-23T14:21:15Z") or a London time ("2026-11-23 14:21") -> "23 November 2026 at 2:21pm"
// (Europe/London). Text that is neither is returned as it is, and empty text stays empty.
std::string day_in_words(std::string_view stored_day);
std::string time_in_words(std::string_view stored_time);

// The reverse, for what a person types: "2:15pm", "2.15 pm", "10am", "10 AM", "midday", "14:15",
// "9:05" -> "HH:MM" (24-hour); nullopt for anything else (e.g. "13pm", "2:60pm").
std::optional<std::string> parse_clock(std::string_view text);

}  // namespace haven
