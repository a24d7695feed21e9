// Independent replications of a scenario and their summary statistics.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scenario.h"

namespace cs {

// The per-run metrics summarised by Monte Carlo, in output order.
inline constexpr std::array<const char*, 14> kRunMetrics = {
    "recipients",     "sent",          "picked_up",    "completed_leads",  "failed_leads",
    "did_not_pick",   "cancelled",     "retry_expired", "in_progress",     "attempts",
    "attempts_per_recipient", "billed_minutes", "cost", "duration_minutes"};

struct Summary {
  double mean = 0, sd = 0, min = 0, max = 0, ci95_low = 0, ci95_high = 0, median = 0, p90 = 0;
};
Summary summarise(std::vector<double> values);

// samples[campaign][metric][run]
using RunSamples = std::vector<std::vector<std::vector<double>>>;

// Runs replications first_run .. first_run + runs - 1; run i always uses replicationSeed(seed, i).
RunSamples runReplications(const std::shared_ptr<const ScenarioDef>& def, std::uint64_t seed,
                           std::uint32_t first_run, std::uint32_t runs);

}  // namespace cs
