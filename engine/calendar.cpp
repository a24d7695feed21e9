#include "calendar.h"

#include <algorithm>

#include "civil_time.h"

namespace cs {

namespace {

struct TzTransition {
  std::uint32_t at;      // UTC seconds since 1970 (all embedded transitions are after 1970)
  std::int32_t offset;   // UTC offset from then on
};
struct TzPosixRule {
  std::int8_t month, week, wday;  // POSIX Mm.w.d: week 5 = last, wday 0 = Sunday
  std::int32_t secs;              // local time of day of the change, in the offset before it
};
struct TzRule {
  std::int32_t initial;     // offset at 1970-01-01T00:00Z
  std::uint32_t first;      // first transition in kTzTransitions
  std::uint32_t count;
  std::int64_t rule_from;   // from this instant on the POSIX footer decides
  std::int32_t std_offset, dst_offset;
  TzPosixRule start, end;   // start: std -> dst; end: dst -> std (unused when equal offsets)
};
struct TzZoneName {
  const char* name;
  std::uint16_t rule;
};

#include "tz_table.inc"

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Local seconds (on the clock in force before the change) of a POSIX rule in `year`.
std::int64_t ruleLocal(std::int64_t year, const TzPosixRule& r) {
  const std::int64_t first = daysFromCivil(year, r.month, 1);
  const int wd_first = (weekdayFromDays(first) + 1) % 7;  // POSIX: 0 = Sunday
  int day = 1 + (r.wday - wd_first + 7) % 7 + (r.week - 1) * 7;
  const int last = daysInMonth(year, r.month);
  while (day > last) day -= 7;
  return (first + day - 1) * 86400 + r.secs;
}

ZoneSegment footerSegment(const TzRule& r, std::int64_t utc) {
  if (r.std_offset == r.dst_offset) return {r.rule_from, std::numeric_limits<std::int64_t>::max(), r.std_offset};
  const std::int64_t year = civilFromDays(floorDiv(utc, 86400)).year;
  struct Change {
    std::int64_t at;
    std::int32_t offset;
  };
  std::array<Change, 8> changes{};
  std::size_t n = 0;
  for (std::int64_t y = year - 1; y <= year + 2; ++y) {
    changes[n++] = {ruleLocal(y, r.start) - r.std_offset, r.dst_offset};
    changes[n++] = {ruleLocal(y, r.end) - r.dst_offset, r.std_offset};
  }
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.at < b.at; });
  ZoneSegment seg{r.rule_from, changes[0].at, changes[7].offset};  // before the first: the last state
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].at > utc) break;
    seg.begin = std::max(changes[i].at, r.rule_from);
    seg.offset = changes[i].offset;
    seg.end = i + 1 < changes.size() ? changes[i + 1].at : std::numeric_limits<std::int64_t>::max();
  }
  return seg;
}

const TzRule& ruleOf(ZoneId zone) { return kTzRules[kTzZones[zone.index].rule]; }

constexpr std::size_t kZoneCount = sizeof(kTzZones) / sizeof(kTzZones[0]);

}  // namespace

const char* tzdataVersion() { return CS_TZDATA_VERSION; }

std::optional<ZoneId> findZone(std::string_view name) {
  const TzZoneName* begin = kTzZones;
  const TzZoneName* end = kTzZones + kZoneCount;
  const TzZoneName* it = std::lower_bound(begin, end, name, [](const TzZoneName& z, std::string_view n) {
    return std::string_view(z.name) < n;
  });
  if (it == end || std::string_view(it->name) != name) return std::nullopt;
  return ZoneId{static_cast<std::uint16_t>(it - begin)};
}

std::string_view zoneName(ZoneId zone) {
  if (zone == kPlainClock || zone.index >= kZoneCount) return {};
  return kTzZones[zone.index].name;
}

std::vector<std::string_view> zoneNames() {
  std::vector<std::string_view> out;
  out.reserve(kZoneCount);
  for (const auto& z : kTzZones) out.emplace_back(z.name);
  return out;
}

ZoneSegment zoneSegment(ZoneId zone, std::int64_t utc) {
  if (zone == kPlainClock) return {};
  const TzRule& r = ruleOf(zone);
  if (utc >= r.rule_from) return footerSegment(r, utc);
  const TzTransition* begin = kTzTransitions + r.first;
  const TzTransition* end = begin + r.count;
  // The first transition after utc; the one before it (if any) is in force.
  const TzTransition* next = std::upper_bound(begin, end, utc, [](std::int64_t u, const TzTransition& t) {
    return u < static_cast<std::int64_t>(t.at);
  });
  ZoneSegment seg;
  seg.begin = next == begin ? kMin : static_cast<std::int64_t>((next - 1)->at);
  seg.offset = next == begin ? r.initial : (next - 1)->offset;
  seg.end = next == end ? r.rule_from : static_cast<std::int64_t>(next->at);
  if (seg.end <= seg.begin) seg.end = std::numeric_limits<std::int64_t>::max();
  return seg;
}

std::int32_t utcOffset(ZoneId zone, std::int64_t utc) { return zoneSegment(zone, utc).offset; }

std::vector<OffsetChange> offsetChanges(ZoneId zone, std::int64_t from, std::int64_t to) {
  std::vector<OffsetChange> out;
  ZoneSegment seg = zoneSegment(zone, from);
  while (seg.end <= to && out.size() < 1000) {
    const ZoneSegment next = zoneSegment(zone, seg.end);
    if (next.offset != seg.offset) out.push_back({seg.end, next.offset});
    if (next.end <= seg.end) break;
    seg = next;
  }
  return out;
}

std::optional<std::int64_t> utcFromLocal(ZoneId zone, std::int64_t local) {
  if (zone == kPlainClock) return local;
  // Offsets in force a day either side; a reading is valid under an offset o when the instant
  // local - o has offset o. (No zone changes its offset twice within two days.)
  const std::int32_t candidates[3] = {utcOffset(zone, local - 86400), utcOffset(zone, local),
                                      utcOffset(zone, local + 86400)};
  std::optional<std::int64_t> best;
  for (std::int32_t o : candidates) {
    const std::int64_t u = local - o;
    if (utcOffset(zone, u) == o && (!best || u < *best)) best = u;
  }
  return best;
}

std::string formatInstant(ZoneId zone, std::int64_t utc) {
  if (zone == kPlainClock) return formatEpochSeconds(utc);
  const std::int32_t offset = utcOffset(zone, utc);
  std::string out = formatEpochSeconds(utc + offset);
  const std::int32_t a = offset < 0 ? -offset : offset;
  const int hh = a / 3600, mm = a / 60 % 60;
  out += offset < 0 ? '-' : '+';
  out += static_cast<char>('0' + hh / 10);
  out += static_cast<char>('0' + hh % 10);
  out += ':';
  out += static_cast<char>('0' + mm / 10);
  out += static_cast<char>('0' + mm % 10);
  return out;
}

// ---- Weekly hours ----

WeeklyHours WeeklyHours::daily(std::int32_t open, std::int32_t close, std::uint8_t weekdays) {
  WeeklyHours h;
  for (int d = 0; d < 7; ++d) h.days[d] = Day{((weekdays >> d) & 1) != 0, open, close};
  return h;
}

bool WeeklyHours::always() const {
  if (!holidays.empty()) return false;
  for (const Day& d : days)
    if (!d.calls || d.open > 0 || d.close < 1440) return false;
  return true;
}

std::int64_t WeeklyHours::nextOpenLocal(std::int64_t local) const {
  const std::int64_t today = floorDiv(local, 86400);
  // A window wrapping midnight opened yesterday may still be open; windows of later days open
  // later, so the first window that has not closed by `local` gives the answer.
  for (std::int64_t day = today - 1; day <= today + 3660; ++day) {
    const Day& d = days[static_cast<std::size_t>(weekdayFromDays(day))];
    if (!d.calls) continue;
    if (!holidays.empty() && std::binary_search(holidays.begin(), holidays.end(), day)) continue;
    const std::int64_t open = day * 86400 + d.open * 60LL;
    const std::int64_t close = day * 86400 + d.close * 60LL;
    if (local < close) return std::max(local, open);
  }
  return kNeverInstant;
}

std::int64_t WeeklyHours::closesLocal(std::int64_t local) const {
  const std::int64_t today = floorDiv(local, 86400);
  // Windows of yesterday (wrapping midnight) and today may hold `local`; the later close wins
  // where they overlap.
  std::int64_t close = kNeverInstant;
  for (std::int64_t day = today - 1; day <= today; ++day) {
    const Day& d = days[static_cast<std::size_t>(weekdayFromDays(day))];
    if (!d.calls) continue;
    if (!holidays.empty() && std::binary_search(holidays.begin(), holidays.end(), day)) continue;
    const std::int64_t o = day * 86400 + d.open * 60LL, c = day * 86400 + d.close * 60LL;
    if (o <= local && local < c) close = close == kNeverInstant ? c : std::max(close, c);
  }
  return close;
}

const ZoneSegment& ZonedWindow::segment(std::int64_t utc) const {
  if (utc < cache_.begin || utc >= cache_.end) cache_ = zoneSegment(zone_, utc);
  return cache_;
}

bool ZonedWindow::open(std::int64_t utc) const {
  if (hours_.always()) return true;
  if (utc >= open_from_ && utc < open_to_) return true;
  const ZoneSegment& seg = segment(utc);
  const std::int64_t close = hours_.closesLocal(utc + seg.offset);
  if (close == kNeverInstant) return false;
  // Open from here until the window closes on this offset, or the offset changes.
  open_from_ = utc;
  open_to_ = std::min(seg.end, close - seg.offset);
  return true;
}

std::int64_t ZonedWindow::nextOpen(std::int64_t utc) const {
  if (hours_.always()) return utc;
  std::int64_t u = utc;
  // Within one segment local time is utc + offset; past its end, continue in the next one.
  for (int guard = 0; guard < 4096; ++guard) {
    const ZoneSegment seg = segment(u);
    const std::int64_t local = hours_.nextOpenLocal(u + seg.offset);
    if (local == kNeverInstant) return kNeverInstant;
    const std::int64_t candidate = local - seg.offset;
    if (candidate < seg.end) return candidate;
    u = seg.end;
  }
  return kNeverInstant;
}

bool CallingWindow::open(std::int64_t utc) const {
  for (const ZonedWindow& w : parts_)
    if (!w.open(utc)) return false;
  return true;
}

std::int64_t CallingWindow::nextOpen(std::int64_t utc) const {
  std::int64_t u = utc;
  // Each part moves u to its next opening; when none moves it, all are open at u.
  for (int guard = 0; guard < 4096; ++guard) {
    bool moved = false;
    for (const ZonedWindow& w : parts_) {
      const std::int64_t n = w.nextOpen(u);
      if (n == kNeverInstant) return kNeverInstant;
      if (n != u) {
        u = n;
        moved = true;
      }
    }
    if (!moved) return u;
  }
  return kNeverInstant;
}

WeeklyHours rulesHours(CallingRules rules) {
  switch (rules) {
    case CallingRules::us_tcpa: return WeeklyHours::daily(8 * 60, 21 * 60);
    case CallingRules::canada_crtc: {
      WeeklyHours h = WeeklyHours::daily(9 * 60, 21 * 60 + 30, 0x1F);
      h.days[5] = h.days[6] = WeeklyHours::Day{true, 10 * 60, 18 * 60};
      return h;
    }
    case CallingRules::india_trai: return WeeklyHours::daily(9 * 60, 21 * 60);
    case CallingRules::uk_ofcom: return WeeklyHours::daily(8 * 60, 21 * 60);
  }
  return {};
}

}  // namespace cs
