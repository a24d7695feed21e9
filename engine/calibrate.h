// `campaign-sim fit` (issue 12): a call history in, a calibrated scenario, its parameters with
// 95 % intervals and a backtest out. The one text contract the CLI and the bindings both call.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "call_history.h"

namespace cs {

struct FitJsonOptions {
  std::optional<std::string> base_scenario;  // scenario JSON whose settings the result keeps
  HistoryColumnMap columns;                  // explicit field -> column map
  std::uint32_t runs = 100;                  // backtest Monte Carlo runs (1..10000)
  std::uint64_t seed = 1;                    // of the bootstrap and the backtest
  int bootstrap = 100;                       // bootstrap replicates for the intervals (0..1000)
  int max_segments = 3;                      // 1..3
  bool persistence = true;
  bool attempt_decay = true;
  bool hourly = true;
  bool allow_large = false;                  // fit even above the work budget (workload.h)
  std::function<void(double)> progress;      // fraction done, optional
};

// {"scenario":{...},"parameters":[{"name","value","ci95":[lo,hi],"identified"[,"note"]}],
//  "backtest":{...},"excluded_in_progress":n,"warnings":[...]}. Throws InputError on bad input,
// and at --allow-large when the work (estimateFit of the calls read) is above the budget and
// options.allow_large is not set.
std::string fitJson(const std::string& history_csv, const FitJsonOptions& options);

// The work fitJson would do on a history of `calls` calls with these options (the estimate
// object of api.h's workEstimateJson), before reading it: for "this needs about N" questions.
std::string fitEstimateJson(double calls, const FitJsonOptions& options);

}  // namespace cs
