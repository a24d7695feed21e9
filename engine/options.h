// Command options (model.md §10): one table of names, ranges and messages, read by the CLI
// (cli/main.cpp: "--runs 500") and by the bindings (bindings/bindings.cpp: {runs: 500}), so the
// two shells accept the same values and say the same thing about the rest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario.h"

namespace cs {

// A whole-number option: its CLI flag (also the error path in both shells), its JS API key, its
// range, and what it is (for "is required: ..." messages).
struct IntegerOption {
  const char* flag;
  const char* js;
  long long lo;
  long long hi;
  const char* what;
  const char* unit = "whole number";  // "whole number" or "whole minute"
};

namespace option {
inline constexpr IntegerOption seed{"--seed", "seed", 0, 9007199254740992LL, "the seed"};
inline constexpr IntegerOption until_minute{"--until-minute", "untilMinute", 0, 5256000,
                                            "the minute the clock stops at", "whole minute"};
inline constexpr IntegerOption horizon_days{"--horizon-days", "horizonDays", 1, 3650,
                                            "the simulated days after which a run is cut"};
inline constexpr IntegerOption runs{"--runs", "runs", 1, 100000, "the number of runs"};
inline constexpr IntegerOption first_run{"--first-run", "firstRun", 0, 4294967295LL,
                                         "the number of the first run"};
inline constexpr IntegerOption campaign{"--campaign", "campaign", 0, 63,
                                        "a campaign index (0-based)"};
// Elements of the sweep's lists.
inline constexpr IntegerOption retries{"--retries", "retries", 0, 10, "retry counts"};
inline constexpr IntegerOption waits{"--waits", "waits", 1, 43200, "retry intervals in minutes"};
// campaign-sim fit
inline constexpr IntegerOption fit_runs{"--runs", "runs", 1, 10000, "the number of backtest runs"};
inline constexpr IntegerOption bootstrap{"--bootstrap", "bootstrap", 0, 1000, "the number of bootstrap replicates"};
inline constexpr IntegerOption segments{"--segments", "segments", 1, 3, "the most recipient segments tried"};
// The longest list a sweep takes (after ranges are expanded).
inline constexpr std::size_t kMaxListLength = 100000;
}  // namespace option

// "must be a whole number from 0 to 4294967295": the allowed values, for messages.
std::string rangeText(const IntegerOption& o);

// A whole number in range, from its decimal text as typed ("500"; no sign, no spaces, no
// fraction). nullopt on success with `out` set; otherwise the error at o.flag, naming the text.
std::optional<FieldError> readInteger(const IntegerOption& o, std::string_view text, long long& out);

// A list like "0,1,2", "0-4" or "0-2,6", every value in o's range; ranges are expanded. One error
// for the whole list (values out of range are counted, not listed one by one).
std::optional<FieldError> readIntegerList(const IntegerOption& o, std::string_view text,
                                          std::vector<int>& out);

// Where more problems than this are found, the rest are summed up in one last entry.
inline constexpr std::size_t kMaxReportedErrors = 50;
// Keeps the first kMaxReportedErrors problems and adds "... and N more problems".
std::vector<FieldError> capErrors(std::vector<FieldError> errors);

}  // namespace cs
