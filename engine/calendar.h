// The calendar: the one place that knows local time. Time zones (IANA rules embedded from
// Debian's tzdata by scripts/gen_tz_table.py, identical natively and in WASM), the UTC offset at an
// instant, local wall-clock formatting (ISO 8601 with the offset when a zone is set), and weekly
// calling windows read in a zone: whether one is open, and when it next opens, DST included.
//
// Instants are UTC seconds since 1970-01-01T00:00:00Z. Without a zone (kPlainClock) the
// simulation keeps model.md §8's plain local clock: offset 0, no DST, no suffix when formatted.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

// A zone: an index into the embedded table of zone names (links included).
struct ZoneId {
  std::uint16_t index = 0xFFFF;
  bool operator==(ZoneId o) const { return index == o.index; }
  bool operator!=(ZoneId o) const { return index != o.index; }
  bool operator<(ZoneId o) const { return index < o.index; }
};
inline constexpr ZoneId kPlainClock{};  // no zone: the plain local clock of model.md §8

inline constexpr std::int64_t kNeverInstant = std::numeric_limits<std::int64_t>::max();

// The tzdata release the embedded table was generated from (e.g. "2025b").
const char* tzdataVersion();
// The zone named exactly `name` (case-sensitive IANA name, e.g. "America/New_York").
std::optional<ZoneId> findZone(std::string_view name);
// The IANA name; "" for kPlainClock.
std::string_view zoneName(ZoneId zone);
// Every zone name the table has, sorted.
std::vector<std::string_view> zoneNames();

// A span of instants with one UTC offset: [begin, end).
struct ZoneSegment {
  std::int64_t begin = std::numeric_limits<std::int64_t>::min();
  std::int64_t end = std::numeric_limits<std::int64_t>::max();
  std::int32_t offset = 0;  // seconds east of UTC
};
ZoneSegment zoneSegment(ZoneId zone, std::int64_t utc);
std::int32_t utcOffset(ZoneId zone, std::int64_t utc);
// The zone's wall-clock reading at an instant, as seconds since 1970-01-01T00:00 local.
inline std::int64_t localReading(ZoneId zone, std::int64_t utc) { return utc + utcOffset(zone, utc); }
// 0..86399: the second of the day of a wall-clock reading (seconds since 1970-01-01T00:00 local).
inline std::int64_t secondOfDay(std::int64_t local_reading) {
  const std::int64_t r = local_reading % 86400;
  return r < 0 ? r + 86400 : r;
}
// 0..86399: the local second of the day.
inline std::int64_t localSecondOfDay(ZoneId zone, std::int64_t utc) { return secondOfDay(localReading(zone, utc)); }

// The offset changes (instant, offset from then on) in (from, to]: DST and other transitions.
struct OffsetChange {
  std::int64_t at;
  std::int32_t offset;
};
std::vector<OffsetChange> offsetChanges(ZoneId zone, std::int64_t from, std::int64_t to);

// A local wall-clock reading: `local` are seconds since 1970-01-01T00:00 on the zone's clock.
// Nonexistent (spring-forward gap) readings: nothing; ambiguous (fall-back) ones: the earlier.
std::optional<std::int64_t> utcFromLocal(ZoneId zone, std::int64_t local);

// "YYYY-MM-DDTHH:MM:SS" in the zone, plus "+HH:MM"/"-HH:MM" unless the zone is kPlainClock.
std::string formatInstant(ZoneId zone, std::int64_t utc);

// Weekly hours on the local clock: per weekday (0 = Monday) an optional [open, close) in minutes
// of that day; close may pass 1440 (a window wrapping midnight belongs to the day it opens).
// Holidays are local dates (days since 1970-01-01) on which no window opens.
struct WeeklyHours {
  struct Day {
    bool calls = true;
    std::int32_t open = 0, close = 1440;  // minutes
  };
  std::array<Day, 7> days{};
  std::vector<std::int64_t> holidays;  // sorted
  bool always() const;                 // every instant open
  // The earliest local second >= local at which the window is open; kNeverInstant if none within
  // ten years.
  std::int64_t nextOpenLocal(std::int64_t local) const;
  bool openLocal(std::int64_t local) const { return nextOpenLocal(local) == local; }
  // When open at `local`: the local second at which that window closes; otherwise kNeverInstant.
  std::int64_t closesLocal(std::int64_t local) const;
  // Same daily window on the given weekdays (bit d = weekday d, Monday = bit 0).
  static WeeklyHours daily(std::int32_t open, std::int32_t close, std::uint8_t weekdays = 0x7F);
};

// Weekly hours read in one zone. Keeps the zone segment it last used (time mostly moves forward).
class ZonedWindow {
 public:
  ZonedWindow() = default;
  ZonedWindow(WeeklyHours hours, ZoneId zone) : hours_(std::move(hours)), zone_(zone) {}
  bool always() const { return hours_.always(); }
  bool open(std::int64_t utc) const;
  // The earliest instant >= utc at which the window is open (kNeverInstant if none).
  std::int64_t nextOpen(std::int64_t utc) const;
  ZoneId zone() const { return zone_; }
  const WeeklyHours& hours() const { return hours_; }

 private:
  const ZoneSegment& segment(std::int64_t utc) const;
  WeeklyHours hours_;
  ZoneId zone_ = kPlainClock;
  mutable ZoneSegment cache_{0, 0, 0};
  mutable std::int64_t open_from_ = 0, open_to_ = 0;  // instants known to be open: [from, to)
};

// Several windows that must all be open (campaign hours ∩ a regulator's hours, each in its zone).
class CallingWindow {
 public:
  void add(ZonedWindow w) {
    if (!w.always()) parts_.push_back(std::move(w));
  }
  bool always() const { return parts_.empty(); }
  bool open(std::int64_t utc) const;
  std::int64_t nextOpen(std::int64_t utc) const;

 private:
  std::vector<ZonedWindow> parts_;
};

// Rule presets beyond DialNexa (schedule.calling_rules), each read in the recipient's local time.
enum class CallingRules : std::uint8_t { us_tcpa, canada_crtc, india_trai, uk_ofcom };
inline constexpr std::array<std::string_view, 4> kCallingRulesNames = {"us_tcpa", "canada_crtc",
                                                                      "india_trai", "uk_ofcom"};
WeeklyHours rulesHours(CallingRules rules);

}  // namespace cs
