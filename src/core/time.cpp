#include "core/time.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <cctype>
#include <sstream>

namespace haven {

namespace {

const date::time_zone* london() {
  static const date::time_zone* zone = date::locate_zone("Europe/London");
  return zone;
}

template <class Parsed>
bool parse_whole(std::string_view text, const char* format, Parsed& out) {
  std::istringstream in{std::string(text)};
  in >> date::parse(format, out);
  return !in.fail() && in.peek() == std::char_traits<char>::eof();
}

}  // namespace

Instant now() { return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::string format_utc(Instant t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::string format_rfc5322(Instant t) {
  static constexpr const char* weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss clock(t - day);
  unsigned weekday = std::chrono::weekday(day).c_encoding();
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", weekdays[weekday], static_cast<unsigned>(ymd.day()),
                     months[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

Result<Instant> parse_utc(std::string_view text) {
  Instant t;
  if (!parse_whole(text, "%Y-%m-%dT%H:%M:%SZ", t))
    return fail(ErrorKind::invalid_input, "expected a UTC time like 2026-11-22T14:05:00Z");
  return t;
}

std::string format_day(Day d) { return date::format("%Y-%m-%d", d); }

Result<Day> parse_day(std::string_view text) {
  Day d;
  if (text.size() != 10 || !parse_whole(text, "%Y-%m-%d", d))
    return fail(ErrorKind::invalid_input, "expected a date like 2026-11-22");
  return d;
}

namespace {

Day clamped(std::chrono::year_month_day ymd) {
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / std::chrono::last;
  return Day{ymd};
}

}  // namespace

Day add_months(Day d, int months) { return clamped(std::chrono::year_month_day{d} + std::chrono::months{months}); }
Day add_years(Day d, int years) { return clamped(std::chrono::year_month_day{d} + std::chrono::years{years}); }

Result<Instant> parse_london(std::string_view text) {
  date::local_seconds local;
  if (!parse_whole(text, "%Y-%m-%d %H:%M", local))
    return fail(ErrorKind::invalid_input, "expected a local time like 2026-11-22 14:05");
  auto info = london()->get_info(local);
  if (info.result == date::local_info::nonexistent)
    return fail(ErrorKind::invalid_input,
                "that time does not exist in Europe/London (the clocks go forward then)");
  return london()->to_sys(local, date::choose::earliest);
}

std::string format_day_words(Day d) {
  static constexpr const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                           "July",    "August",   "September", "October", "November", "December"};
  std::chrono::year_month_day ymd{d};
  return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()));
}

Day london_day_of(Instant t) {
  auto local = date::make_zoned(london(), t).get_local_time();
  return Day{std::chrono::floor<std::chrono::days>(local).time_since_epoch()};
}

std::string format_london_day_words(Instant t) { return format_day_words(london_day_of(t)); }


Day london_today() { return london_day_of(now()); }

std::string format_london(Instant t) {
  return date::format("%Y-%m-%d %H:%M", date::make_zoned(london(), t));
}
std::string format_london_time(Instant t) { return date::format("%H:%M", date::make_zoned(london(), t)); }
std::string format_london_day(Instant t) { return date::format("%Y-%m-%d", date::make_zoned(london(), t)); }

std::string london_time_of(const std::string& utc) {
  if (utc.empty()) return {};
  auto t = parse_utc(utc);
  return t ? format_london_time(*t) : std::string();
}

std::string clock_words(std::string_view hh_mm) {
  if (hh_mm.size() != 5 || hh_mm[2] != ':') return std::string(hh_mm);
  auto digits = [](std::string_view two) {
    if (two.size() != 2 || !std::isdigit(static_cast<unsigned char>(two[0])) ||
        !std::isdigit(static_cast<unsigned char>(two[1])))
      return -1;
    return (two[0] - '0') * 10 + (two[1] - '0');
  };
  int hour = digits(hh_mm.substr(0, 2)), minute = digits(hh_mm.substr(3, 2));
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::string(hh_mm);
  if (minute == 0 && hour == 12) return "midday";
  if (minute == 0 && hour == 0) return "midnight";
  int twelve = hour % 12 == 0 ? 12 : hour % 12;
  std::string_view half = hour < 12 ? "am" : "pm";
  return minute == 0 ? fmt::format("{}{}", twelve, half) : fmt::format("{}:{:02}{}", twelve, minute, half);
}

std::optional<std::string> parse_clock(std::string_view text) {
  std::string t;
  for (char ch : text)
    if (ch != ' ') t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t == "midday" || t == "noon") return "12:00";
  if (t == "midnight") return "00:00";
  std::string half;
  if (t.ends_with("am") || t.ends_with("pm")) {
    half = t.substr(t.size() - 2);
    t.resize(t.size() - 2);
  }
  std::size_t sep = t.find_first_of(":.");
  std::string hours = t.substr(0, sep), minutes = sep == std::string::npos ? "" : t.substr(sep + 1);
  auto all_digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 2 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!all_digits(hours) || (sep != std::string::npos && (minutes.size() != 2 || !all_digits(minutes))))
    return std::nullopt;
  if (sep == std::string::npos && half.empty()) return std::nullopt;  // "14" alone is not a time
  int hour = std::stoi(hours), minute = minutes.empty() ? 0 : std::stoi(minutes);
  if (minute > 59) return std::nullopt;
  if (!half.empty()) {
    if (hour < 1 || hour > 12) return std::nullopt;
    hour = hour % 12 + (half == "pm" ? 12 : 0);
  } else if (hour > 23) {
    return std::nullopt;
  }
  return fmt::format("{:02}:{:02}", hour, minute);
}

std::string day_in_words(std::string_view stored_day) {
  auto day = parse_day(stored_day.substr(0, 10));
  return day ? format_day_words(*day) : std::string(stored_day);
}

std::string time_in_words(std::string_view stored_time) {
  auto at = stored_time.find('T') != std::string_view::npos ? parse_utc(stored_time) : parse_london(stored_time);
  if (!at) return std::string(stored_time);
  return fmt::format("{} at {}", format_london_day_words(*at), clock_words(format_london_time(*at)));
}

Result<std::string> london_day_start_utc(Day d) {
  auto at = parse_london(format_day(d) + " 00:00");
  if (!at) return std::unexpected(at.error());
  return format_utc(*at);
}

}  // namespace haven
