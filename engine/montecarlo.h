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
// The five *_share metrics are the final groups of model.md §8 as shares of recipients: for a
// finished campaign they add up to 1 (failed_share counts failed, busy and no_answer).
inline constexpr std::array<const char*, 19> kRunMetrics = {
    "recipients",     "sent",          "picked_up",    "completed_leads",  "failed_leads",
    "did_not_pick",   "cancelled",     "retry_expired", "in_progress",     "attempts",
    "attempts_per_recipient", "billed_minutes", "cost", "duration_minutes",
    "completed_share", "failed_share", "did_not_pick_share", "cancelled_share",
    "retry_expired_share"};

struct Summary {
  double mean = 0, sd = 0, min = 0, max = 0, ci95_low = 0, ci95_high = 0, median = 0, p90 = 0;
};
Summary summarise(std::vector<double> values);

// samples[campaign][metric][run]
using RunSamples = std::vector<std::vector<std::vector<double>>>;

// Runs replications first_run .. first_run + runs - 1; run i always uses replicationSeed(seed, i).
RunSamples runReplications(const std::shared_ptr<const ScenarioDef>& def, std::uint64_t seed,
                           std::uint32_t first_run, std::uint32_t runs);

// One cell of a retry sweep: a campaign's retry count and interval, Monte Carlo'd.
struct SweepCell {
  int max_retries = 0;
  int wait_minutes = 0;
  std::vector<std::vector<double>> samples;  // [metric][run]
};
// Every (retry count, interval) pair for one campaign; run i of every cell uses the same seed
// (common random numbers), so differences between cells are sharper than independent runs.
std::vector<SweepCell> sweepRetries(const ScenarioDef& def, std::size_t campaign, std::uint64_t seed,
                                    std::uint32_t runs, const std::vector<int>& retry_counts,
                                    const std::vector<int>& waits);

}  // namespace cs
