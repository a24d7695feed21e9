// Comparing Monte Carlo results for people: A/B differences with intervals, which direction is
// better for the campaign's goal, and one verdict sentence a product manager can paste into a
// decision. The A/B card, the sweep card, `campaign-sim compare` and `campaign-sim sweep` all read
// their judgements and sentences from here.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace cs {

using Json = nlohmann::ordered_json;

// +1 when a higher value is better for the campaign's goal (completed leads), -1 when lower is
// better, 0 when neither: the recipients count, and the failed and did-not-pick shares (fewer of
// them is good only when they became completed leads, which the completed share says). Expired
// and cancelled recipients are not reached, so a higher share of them is worse.
int betterDirection(const std::string& metric);

// B − A for the metrics of two Monte Carlo summaries (`{metric: {mean, sd, median, p90, ...}}`,
// as `campaign-sim montecarlo` prints for one campaign), each over `runs_a` and `runs_b` runs:
//   {"metrics": {metric: {"a", "b", "difference", "ci95": [lo, hi], "clear", "judgement"}},
//    "duration_median_difference", "duration_p90_difference",
//    "shares_total": {"a", "b"}, "verdict": "..."}
// The 95 % interval is 1.96 × √(SE_A² + SE_B²): conservative when A and B share their random
// numbers, so a difference it calls clear is clear. `judgement` (for B) is better or worse for
// the goal, more or fewer where neither is better (betterDirection 0), or same within the noise.
// `label_a` and `label_b` name the configurations in the verdict ("A (2 retries every 30 min)").
Json compareSummaries(const Json& a, const Json& b, double runs_a, double runs_b,
                      const std::string& label_a, const std::string& label_b);

// The verdict of a retry sweep (rows as `campaign-sim sweep` prints them, `runs` per cell):
//   {"best": {max_retries, wait_minutes}, "equivalent": [{max_retries, wait_minutes}...],
//    "recommended": {max_retries, wait_minutes}, "within_pp": x, "verdict": "..."}
// `equivalent` holds every cell whose completed share is within the noise of the best one's;
// `recommended` is the cheapest of them (then the fastest, then the fewest retries).
Json sweepVerdict(const Json& rows, double runs);

// "2 retries every 30 min" / "1 retry every 60 min" / "0 retries".
std::string describeRetries(int max_retries, int wait_minutes);

}  // namespace cs
