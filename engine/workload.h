// Work estimates (issue 8): what a command is about to cost, before it starts, so that nothing
// a script or a page visitor asks for runs for days or exhausts memory without warning. One
// budget for both shells; above it a command is refused with the estimate and the way to lift it
// (--allow-large in the CLI, allowLarge: true in the JS API).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenario.h"

namespace cs {

// Work is counted in call logs simulated (one per attempt): what the engine's time grows with.
inline constexpr double kWorkBudgetCallLogs = 2e8;
// Memory of one simulation held at a time (Monte Carlo runs one after another), in bytes; below
// WebAssembly's 2 GiB ceiling.
inline constexpr double kMemoryBudgetBytes = 1.5 * 1024 * 1024 * 1024;
// Native speed measured by bench/engine_bench (README "Benchmarks"), for "about N s" in messages.
inline constexpr double kNativeCallLogsPerSecond = 2e6;
// Bytes per call log of a whole run (call log, queue, per-recipient state; README "Benchmarks").
inline constexpr double kBytesPerCallLog = 72;

struct WorkEstimate {
  double runs = 1;               // simulations (runs x cells)
  double call_logs_per_run = 0;  // expected; an upper bound when attempts are not independent
  double call_logs = 0;          // runs x call_logs_per_run
  double memory_bytes = 0;       // of one simulation
  double native_seconds = 0;     // call_logs / kNativeCallLogsPerSecond
  bool over_budget = false;
};

// Call logs one run of the campaign makes per recipient: the exact mean with independent attempts
// (model.md §11; `exact` true), else the upper bound 1 + max_retries (`exact` false).
double callLogsPerRecipient(const CampaignDef& cd, bool* exact = nullptr);

// One run of each of `runs` replications (cells = 1) of the scenario as it is.
WorkEstimate estimateRuns(const ScenarioDef& def, double runs);
// A sweep: `runs` per (retry count, interval) cell of campaign `campaign`.
WorkEstimate estimateSweep(const ScenarioDef& def, std::size_t campaign, double runs,
                           const std::vector<int>& retry_counts, std::size_t interval_count);

// Throws InputError at "--allow-large" with the estimate when over budget and not allowed.
void checkBudget(const WorkEstimate& e, bool allow_large);

// "about 4.7e10 call logs (about 6.5 hours at 2 million call logs a second) and 1.2 GB ..."
std::string describeEstimate(const WorkEstimate& e);

}  // namespace cs
