// Scenario definitions (model.md §9): plain value structs whose member initialisers ARE the
// documented defaults. Parsing and validation live in scenario_parse.cpp; nothing else reads JSON.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "calendar.h"
#include "distribution.h"
#include "recipients.h"
#include "status.h"

namespace cs {

// Outcome probabilities per attempt, indexed by Outcome. Must sum to 1 within 1e-9.
struct OutcomeMix {
  std::array<double, kOutcomeCount> p = {0.30, 0.10, 0.20, 0.10, 0.20, 0.10};
  double operator[](Outcome o) const { return p[static_cast<int>(o)]; }
};

// Beyond DialNexa (as Genesys Cloud recall entries): an outcome's own wait and cap.
struct OutcomeRetryRule {
  std::optional<int> max_retries;   // retries this outcome may trigger per recipient
  std::optional<int> wait_minutes;  // wait after this outcome
};

struct RetryDef {
  int max_retries = 2;        // additional attempts after the first; product range 0..4, max 10
  int wait_minutes = 30;      // from the end of the previous attempt [model]
  bool retry_on_no_answer = true;  // covers did_not_pick (rang out) and no_answer
  bool retry_on_busy = true;
  bool retry_on_voicemail = false;
  // Beyond DialNexa (as Bolna's retry intervals): the wait before retry d is
  // wait_minutes_list[d - 1], the last entry repeating. Empty: wait_minutes for every retry.
  std::vector<int> wait_minutes_list;
  // Beyond DialNexa: per-outcome rules, indexed by Outcome (only retryable outcomes may have one).
  std::array<std::optional<OutcomeRetryRule>, kOutcomeCount> rules;
  bool hasRules() const {
    for (const auto& r : rules)
      if (r) return true;
    return false;
  }
};

// Is an outcome retryable under these settings? The one retry decision (model.md §4).
inline bool isRetryable(const RetryDef& r, Outcome o) {
  switch (o) {
    case Outcome::did_not_pick:
    case Outcome::no_answer: return r.retry_on_no_answer;
    case Outcome::busy: return r.retry_on_busy;
    case Outcome::voicemail: return r.retry_on_voicemail;
    case Outcome::completed:
    case Outcome::failed: return false;
  }
  return false;
}

// The retry decision (model.md §4): after an attempt at `depth` ended with `outcome`, is another
// attempt owed? `retries_after_outcome` counts retries this recipient already had after `outcome`.
inline bool retryAllowed(const RetryDef& r, Outcome outcome, int depth, int retries_after_outcome) {
  if (!isRetryable(r, outcome) || depth >= r.max_retries) return false;
  const auto& rule = r.rules[static_cast<int>(outcome)];
  return !(rule && rule->max_retries && retries_after_outcome >= *rule->max_retries);
}

// The wait before retry number `depth` (>= 1) after an attempt ended with `after`.
inline int waitBeforeRetry(const RetryDef& r, int depth, Outcome after) {
  const auto& rule = r.rules[static_cast<int>(after)];
  if (rule && rule->wait_minutes) return *rule->wait_minutes;
  if (!r.wait_minutes_list.empty())
    return r.wait_minutes_list[std::min<std::size_t>(static_cast<std::size_t>(depth) - 1,
                                                     r.wait_minutes_list.size() - 1)];
  return r.wait_minutes;
}

// Recipient behaviour richer than independent attempts (all off by default, so the exact
// formula of model.md §11 holds with defaults).
struct Segment {
  std::string name;
  double share = 0;     // of recipients; segment shares sum to 1
  OutcomeMix outcomes;  // this segment's per-attempt outcome probabilities
};
struct PersistenceDef {
  double probability = 0;           // chance the next attempt repeats the outcome right away
  double half_life_minutes = 30;    // that chance halves every half-life
  bool enabled() const { return probability > 0; }
};
struct BehaviourDef {
  std::vector<Segment> segments;
  // 24 multipliers of the answer (completed) probability by local hour; empty: flat.
  std::vector<double> answer_rate_by_hour;
  PersistenceDef busy_persistence;       // a recipient just busy is likely still busy
  PersistenceDef no_answer_persistence;  // likewise for did_not_pick / no_answer
  double answer_rate_per_attempt = 1.0;  // multiplier of the answer probability per retry depth
  bool independentAttempts() const {
    return answer_rate_by_hour.empty() && !busy_persistence.enabled() &&
           !no_answer_persistence.enabled() && answer_rate_per_attempt == 1.0;
  }
};

struct ScheduleDef {
  int starts_at_minute = 0;
  std::optional<int> ends_at_minute;            // none: no end
  std::optional<int> calling_hours_start;       // minute of the local day, from "HH:MM"
  std::optional<int> calling_hours_end;         // exclusive; a window may wrap midnight
  // The campaign's zone (kPlainClock: the plain local clock of model.md §8, no zone, no DST).
  ZoneId time_zone = kPlainClock;
  bool hours_in_recipient = false;              // calling_hours_in: "recipient" (beyond DialNexa)
  std::uint8_t calling_days = 0x7F;             // bit d = weekday d (Monday = bit 0)
  std::vector<std::int64_t> holidays;           // local dates, days since 1970-01-01, sorted
  std::optional<CallingRules> calling_rules;    // a regulator's hours, recipient local time
  std::vector<CallingRules> compliance_check;   // presets counted but not applied
  std::optional<ZoneId> default_recipient_time_zone;  // for numbers of ambiguous/unknown zone
  bool zoned() const { return time_zone != kPlainClock; }
  // The campaign's own hours, calling days and holidays (read in the campaign's or recipient's zone).
  WeeklyHours campaignHours() const {
    WeeklyHours h = calling_hours_start && calling_hours_end
                        ? WeeklyHours::daily(*calling_hours_start,
                                             *calling_hours_end > *calling_hours_start
                                                 ? *calling_hours_end
                                                 : *calling_hours_end + 1440,
                                             calling_days)
                        : WeeklyHours::daily(0, 1440, calling_days);
    h.holidays = holidays;
    return h;
  }
  // The window a recipient in `zone` is called in: the campaign's hours (read in the recipient's
  // zone or the campaign's) ∩ the calling_rules preset (read in the recipient's zone). The one
  // place it is put together (dispatch and the never-open check both use it).
  CallingWindow window(ZoneId recipient_zone) const {
    CallingWindow w;
    w.add(ZonedWindow(campaignHours(), hours_in_recipient ? recipient_zone : time_zone));
    if (calling_rules) w.add(ZonedWindow(rulesHours(*calling_rules), recipient_zone));
    return w;
  }
  // Whether recipients' windows differ by zone (else one window serves the whole campaign).
  bool windowByRecipientZone() const { return hours_in_recipient || calling_rules.has_value(); }
};

// How a recipient's zone was found (reported per campaign).
enum class ZoneSource : std::uint8_t { campaign, csv, phone, ambiguous, unknown, mix };
inline constexpr std::array<const char*, 6> kZoneSourceNames = {"campaign", "csv_column", "phone_number",
                                                               "ambiguous", "unknown", "time_zones_mix"};
// Recipients grouped by zone, the groups in the order their zone first appears in the list:
// zones[k] is group k's zone, group[r] recipient r's group. Dispatch keeps one clock per group;
// validate checks each group's calling window.
struct ZoneGroups {
  std::vector<ZoneId> zones;
  std::vector<std::uint16_t> group;
};

struct RecipientZones {
  std::vector<ZoneId> zone;  // per recipient; empty: every recipient in the campaign's zone
  std::array<std::uint32_t, 6> by_source{};  // recipients per ZoneSource
  std::vector<std::pair<ZoneId, double>> mix;  // recipients.time_zones (synthetic recipients)
  ZoneId of(std::uint32_t r, ZoneId campaign_zone) const { return zone.empty() ? campaign_zone : zone[r]; }
  // The per-recipient zones grouped (empty when `zone` is).
  ZoneGroups groups() const {
    ZoneGroups g;
    std::vector<int> index_of(zoneNames().size(), -1);
    g.group.reserve(zone.size());
    for (const ZoneId z : zone) {
      if (index_of[z.index] < 0) {
        index_of[z.index] = static_cast<int>(g.zones.size());
        g.zones.push_back(z);
      }
      g.group.push_back(static_cast<std::uint16_t>(index_of[z.index]));
    }
    return g;
  }
};

struct WalletDef {
  std::optional<double> balance;  // none: unlimited
  double cost_per_minute = 1.0;
};

struct WorkspaceDef {
  bool ready = true;
  bool outbound_number_assigned = true;
};

// Timing of a call's stages, in seconds (model.md §8). Defaults are documented in the README.
struct TimingDef {
  Distribution dispatch_delay = Distribution::uniform(1, 3);   // initiated -> sent
  Distribution provider_ack = Distribution::uniform(1, 4);     // sent -> received
  Distribution ring_to_answer = Distribution::uniform(5, 20);  // received -> answered (person)
  Distribution talk = Distribution::lognormal(150, 90, 3600);  // answered -> ended (person)
  Distribution ring_to_machine = Distribution::uniform(8, 20); // received -> answered (voicemail)
  Distribution voicemail = Distribution::uniform(20, 40);      // answered -> ended (voicemail)
  Distribution ring_out = Distribution::fixed(30);             // received -> ended (did_not_pick)
  Distribution busy_signal = Distribution::uniform(2, 6);      // received -> ended (busy)
  Distribution no_answer = Distribution::uniform(10, 45);      // received -> ended (no_answer)
  Distribution failure = Distribution::uniform(1, 3);          // received -> ended (failed)
};

// A scripted user action at a simulated minute.
enum class ScriptedActionKind : std::uint8_t { launch, pause, resume, cancel, top_up, set_workspace };
struct ScriptedAction {
  int at_minute = 0;
  ScriptedActionKind kind = ScriptedActionKind::pause;
  double amount = 0;                          // top_up
  std::optional<bool> workspace_ready;        // set_workspace
  std::optional<bool> outbound_number_assigned;  // set_workspace
};

struct CampaignDef {
  std::string name = "Campaign";
  RecipientList recipients;
  OutcomeMix outcomes;
  RetryDef retry;
  ScheduleDef schedule;
  std::optional<int> concurrency;  // per-campaign cap; none = the organization's
  double cost_per_minute = 1.0;
  WorkspaceDef workspace;
  TimingDef timing;
  BehaviourDef behaviour;
  std::optional<int> launch_at_minute = 0;  // none: stays draft until a launch action
  std::vector<ScriptedAction> actions;
  RecipientZones recipient_zones;  // resolved when schedule.time_zone is set
};

struct OrganizationDef {
  int concurrency = 10;
  std::optional<double> balance;  // shared wallet; none = unlimited
};

// simulation_start when the scenario leaves it out (a Monday).
inline constexpr std::string_view kDefaultSimulationStart = "2026-12-07T09:00";

struct ScenarioDef {
  std::uint64_t seed = 1;
  // t = 0 is this local wall-clock time (no DST). Stored as minutes since 1970-01-01T00:00.
  std::int64_t start_epoch_minute = 0;  // set by the parser; default 2026-12-07T09:00 (a Monday)
  // The zone simulation_start is read in, and t = 0 as a UTC instant when it is set (the parser
  // resolves it; without a zone t = 0 is the plain clock reading itself, offset 0).
  ZoneId time_zone = kPlainClock;
  std::int64_t start_utc_seconds = 0;
  std::int64_t startInstant() const {
    return time_zone == kPlainClock ? start_epoch_minute * 60 : start_utc_seconds;
  }
  bool organization_form = false;       // written with the {organization, campaigns} wrapper
  // A run that has not ended after this many simulated days is cut there and says so
  // (report "truncated"); --horizon-days / horizonDays override it.
  int horizon_days = 400;
  OrganizationDef organization;
  std::vector<CampaignDef> campaigns;
};

struct FieldError {
  std::string path;     // JSON pointer, e.g. /retry/wait_minutes
  std::string message;  // what was found and what is allowed
};

struct ParseResult {
  std::optional<ScenarioDef> scenario;  // set when errors is empty
  std::vector<FieldError> errors;       // every problem, not just the first
  std::vector<std::string> warnings;    // e.g. duplicate phone numbers, retries beyond 4
  // When the scenario is invalid: each campaign's recipients as far as they were checked, so the
  // rejected rows can still be shown beside the errors.
  std::vector<RecipientList> recipients;
};

// Parses and validates a scenario document. Never throws on bad input.
ParseResult parseScenario(const std::string& json_text);

}  // namespace cs
