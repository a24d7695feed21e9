// Calling windows that can never open. A recipient whose window is empty (the calling hours and a
// calling_rules preset never overlap in its zone) or whose calling days before the horizon are
// all holidays would otherwise wait silently until the run is cut at the horizon. Found from the
// scenario alone; validate warns about them and the run report counts them ("never_open").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calendar.h"
#include "scenario.h"

namespace cs {

struct NeverOpenWindow {
  ZoneId zone = kPlainClock;  // the recipients' zone (kPlainClock: the campaign's plain clock)
  std::uint32_t recipients = 0;
  std::vector<std::string> fields;  // what closes it, e.g. "schedule.calling_rules", "horizon_days"
  std::string reason;               // in words, naming the hours and zones
  std::int64_t first_opens = kNeverInstant;  // when it first opens after the horizon, if ever
};

// Per group of recipients whose window is read alike (the whole campaign, or one recipient zone
// when hours are read in recipient time or a preset applies), in the order zones first appear.
std::vector<NeverOpenWindow> neverOpenWindows(const ScenarioDef& def, std::size_t campaign);

// The validate warning: "N recipients in Zone can never be called before the horizon: ...".
std::string neverOpenWarning(const NeverOpenWindow& w);

}  // namespace cs
