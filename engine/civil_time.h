// Civil (proleptic Gregorian) dates without time zones or DST: the simulated clock is local
// wall-clock time (model.md §8), so epoch arithmetic is plain day counting. Algorithms from
// Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cs {

struct CivilDate {
  std::int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Days since 1970-01-01 of a valid calendar date (negative before 1970).
constexpr std::int64_t daysFromCivil(std::int64_t year, int month, int day) {
  const std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;  // [0, 399]
  const std::int64_t day_of_year =
      (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;  // [0, 365]
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// The calendar date `days` days after 1970-01-01.
constexpr CivilDate civilFromDays(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;  // [0, 146096]
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) /
      365;  // [0, 399]
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;  // [0, 11]
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

constexpr bool isLeapYear(std::int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

// 28..31; 0 for a month outside 1..12.
constexpr int daysInMonth(std::int64_t year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
constexpr int weekdayFromDays(std::int64_t days) {
  const std::int64_t w = (days + 3) % 7;
  return static_cast<int>(w >= 0 ? w : w + 7);
}

// "YYYY-MM-DDTHH:MM:SS" for seconds since 1970-01-01T00:00:00 (local wall-clock, no zone suffix).
std::string formatEpochSeconds(std::int64_t epoch_seconds);

// Parses "YYYY-MM-DDTHH:MM" (exactly that shape, years 1970..9999, a real calendar date) into
// minutes since 1970-01-01T00:00. On failure returns nothing and, when `why` is given, says why.
std::optional<std::int64_t> parseLocalMinute(std::string_view text, std::string* why = nullptr);

}  // namespace cs
