#include "civil_time.h"

#include <cstdio>

namespace cs {

namespace {

// Floor division: the time of day must stay in [0, 86400) for instants before 1970 too.
std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bool readDigits(std::string_view text, std::size_t from, std::size_t count, int& value) {
  value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::string formatEpochSeconds(std::int64_t epoch_seconds) {
  const std::int64_t days = floorDiv(epoch_seconds, 86400);
  const std::int64_t second_of_day = epoch_seconds - days * 86400;
  const CivilDate date = civilFromDays(days);
  // Written digit by digit: exports format millions of these, and snprintf dominated them.
  std::string out = "0000-00-00T00:00:00";
  auto put = [&out](std::size_t at, std::int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  if (date.year < 0 || date.year > 9999) {
    out = std::to_string(date.year) + out.substr(4);
  } else {
    put(0, date.year, 4);
  }
  const std::size_t shift = out.size() - 19;
  put(5 + shift, date.month, 2);
  put(8 + shift, date.day, 2);
  put(11 + shift, second_of_day / 3600, 2);
  put(14 + shift, second_of_day / 60 % 60, 2);
  put(17 + shift, second_of_day % 60, 2);
  return out;
}

std::optional<std::int64_t> parseLocalMinute(std::string_view text, std::string* why) {
  auto fail = [why](const std::string& reason) -> std::optional<std::int64_t> {
    if (why) *why = reason;
    return std::nullopt;
  };
  // Positions in "YYYY-MM-DDTHH:MM".
  if (text.size() != 16 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':')
    return fail("not in the form YYYY-MM-DDTHH:MM");
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  if (!readDigits(text, 0, 4, year) || !readDigits(text, 5, 2, month) ||
      !readDigits(text, 8, 2, day) || !readDigits(text, 11, 2, hour) ||
      !readDigits(text, 14, 2, minute))
    return fail("not in the form YYYY-MM-DDTHH:MM");
  if (year < 1970) return fail("the year must be from 1970 to 9999");
  if (month < 1 || month > 12) return fail("the month must be from 01 to 12");
  if (day < 1 || day > daysInMonth(year, month))
    return fail("day " + std::to_string(day) + " does not exist in that month, which has " +
                std::to_string(daysInMonth(year, month)) + " days");
  if (hour > 23) return fail("the hour must be from 00 to 23");
  if (minute > 59) return fail("the minute must be from 00 to 59");
  return daysFromCivil(year, month, day) * 1440 + hour * 60 + minute;
}

}  // namespace cs
