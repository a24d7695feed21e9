#include "window_check.h"

#include <cstdio>

namespace cs {

namespace {

constexpr std::int64_t kYearSeconds = 366LL * 86400;

std::string hhmm(int minute) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60 % 24, minute % 60);
  return buf;
}

std::string zoneWords(ZoneId zone) { return zone == kPlainClock ? "the plain clock" : std::string(zoneName(zone)); }

// Why the window of recipients in `zone` never opens in [start, end): the first of these that
// holds, from the fields alone to the horizon (each check over a year: DST shifts included).
NeverOpenWindow diagnose(const ScenarioDef& def, const ScheduleDef& s, ZoneId zone, std::int64_t start,
                         std::int64_t first_opens) {
  NeverOpenWindow w;
  w.zone = zone;
  w.first_opens = first_opens;
  const ZoneId hours_zone = s.hours_in_recipient ? zone : s.time_zone;
  const std::string preset = s.calling_rules ? std::string(kCallingRulesNames[static_cast<int>(*s.calling_rules)]) : "";
  const std::string hours = s.calling_hours_start && s.calling_hours_end
                                ? hhmm(*s.calling_hours_start) + "-" + hhmm(*s.calling_hours_end)
                                : std::string("00:00-24:00");
  auto opensWithin = [&](const ScheduleDef& variant) {
    return variant.window(zone).nextOpen(start) < start + kYearSeconds;
  };
  ScheduleDef every_day = s;  // the same hours on every day, no holidays
  every_day.calling_days = 0x7F;
  every_day.holidays.clear();
  ScheduleDef no_holidays = s;
  no_holidays.holidays.clear();
  if (s.calling_rules && !opensWithin(every_day)) {
    w.fields = {"schedule.calling_hours_start", "schedule.calling_hours_end", "schedule.calling_rules"};
    if (!s.hours_in_recipient && hours_zone != zone) w.fields.push_back("schedule.calling_hours_in");
    w.reason = "the calling hours " + hours + " (read in " + zoneWords(hours_zone) + ") never overlap " + preset +
               "'s hours in " + zoneWords(zone);
  } else if (s.calling_rules && !opensWithin(no_holidays)) {
    w.fields = {"schedule.calling_days", "schedule.calling_hours_start", "schedule.calling_hours_end",
                "schedule.calling_rules"};
    w.reason = "on the calling days the calling hours " + hours + " (read in " + zoneWords(hours_zone) +
               ") never overlap " + preset + "'s hours in " + zoneWords(zone);
  } else {
    w.fields = {"schedule.calling_days"};
    if (!s.holidays.empty()) w.fields.push_back("schedule.holidays");
    w.fields.push_back("horizon_days");
    w.reason = std::string(s.holidays.empty() ? "no calling day" : "no calling day that is not a holiday") +
               " falls within the horizon of " + std::to_string(def.horizon_days) + " days" +
               (first_opens == kNeverInstant ? std::string()
                                             : "; the window first opens at " + formatInstant(zone, first_opens));
  }
  return w;
}

}  // namespace

std::vector<NeverOpenWindow> neverOpenWindows(const ScenarioDef& def, std::size_t campaign) {
  const CampaignDef& cd = def.campaigns[campaign];
  const ScheduleDef& s = cd.schedule;
  const std::uint32_t n = cd.recipients.size();
  std::vector<NeverOpenWindow> out;
  if (n == 0) return out;
  const std::int64_t start = def.startInstant();
  const std::int64_t end = start + static_cast<std::int64_t>(def.horizon_days) * 86400;
  // Groups as dispatch has them: one window, or one per recipient zone.
  std::vector<std::pair<ZoneId, std::uint32_t>> groups;
  if (cd.recipient_zones.zone.empty() || !s.windowByRecipientZone()) {
    groups.push_back({s.time_zone, n});
  } else {
    const ZoneGroups zones = cd.recipient_zones.groups();
    for (const ZoneId z : zones.zones) groups.push_back({z, 0});
    for (const std::uint16_t k : zones.group) ++groups[k].second;
  }
  for (const auto& [zone, count] : groups) {
    const CallingWindow window = s.window(zone);
    if (window.always()) continue;
    const std::int64_t opens = window.nextOpen(start);
    if (opens < end) continue;
    NeverOpenWindow w = diagnose(def, s, zone, start, opens);
    w.recipients = count;
    out.push_back(std::move(w));
  }
  return out;
}

std::string neverOpenWarning(const NeverOpenWindow& w) {
  std::string fields;
  for (const auto& f : w.fields) fields += (fields.empty() ? "" : ", ") + f;
  return std::to_string(w.recipients) + (w.recipients == 1 ? " recipient" : " recipients") +
         (w.zone == kPlainClock ? std::string() : " in " + std::string(zoneName(w.zone))) +
         " can never be called before the horizon: " + w.reason + " (" + fields +
         "); they wait until the run is cut at the horizon";
}

}  // namespace cs
