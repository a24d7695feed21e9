// Scenario definitions (model.md §9): plain value structs whose member initialisers ARE the
// documented defaults. Parsing and validation live in scenario_parse.cpp; nothing else reads JSON.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "distribution.h"
#include "recipients.h"
#include "status.h"

namespace cs {

// Outcome probabilities per attempt, indexed by Outcome. Must sum to 1 within 1e-9.
struct OutcomeMix {
  std::array<double, kOutcomeCount> p = {0.30, 0.10, 0.20, 0.10, 0.20, 0.10};
  double operator[](Outcome o) const { return p[static_cast<int>(o)]; }
};

struct RetryDef {
  int max_retries = 2;        // additional attempts after the first; product range 0..4, max 10
  int wait_minutes = 30;      // from the end of the previous attempt [model]
  bool retry_on_no_answer = true;  // covers did_not_pick (rang out) and no_answer
  bool retry_on_busy = true;
  bool retry_on_voicemail = false;
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

struct ScheduleDef {
  int starts_at_minute = 0;
  std::optional<int> ends_at_minute;            // none: no end
  std::optional<int> calling_hours_start;       // minute of the local day, from "HH:MM"
  std::optional<int> calling_hours_end;         // exclusive; a window may wrap midnight
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
  std::optional<int> launch_at_minute = 0;  // none: stays draft until a launch action
  std::vector<ScriptedAction> actions;
};

struct OrganizationDef {
  int concurrency = 10;
  std::optional<double> balance;  // shared wallet; none = unlimited
};

struct ScenarioDef {
  std::uint64_t seed = 1;
  // t = 0 is this local wall-clock time (no DST). Stored as minutes since 1970-01-01T00:00.
  std::int64_t start_epoch_minute = 0;  // set by the parser; default 2026-12-07T09:00 (a Monday)
  bool organization_form = false;       // written with the {organization, campaigns} wrapper
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
};

// Parses and validates a scenario document. Never throws on bad input.
ParseResult parseScenario(const std::string& json_text);

}  // namespace cs
