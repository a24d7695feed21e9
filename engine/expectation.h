// The exact expectation of model.md §11: the golden oracle that Monte Carlo means must match.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "scenario.h"

namespace cs {

struct Expectation {
  double retryable_share = 0;  // q: probability mass of outcomes whose retry flag is on
  double attempts_per_recipient = 0;  // S = 1 + q + ... + q^R
  std::array<double, kCallStatusCount> final_share{};  // per final status, sums to 1
  std::vector<double> retries_by_depth_share;  // expected retry logs at depth d per recipient: q^d
  // Scenario features present that the formula does not model (results may then differ).
  std::vector<std::string> ignored;
};

// never_open: recipients whose calling window never opens before the horizon (window_check.h);
// the formula assumes everyone is called, so they are listed under `ignored`.
Expectation expectation(const CampaignDef& campaign, std::uint32_t never_open = 0);

}  // namespace cs
