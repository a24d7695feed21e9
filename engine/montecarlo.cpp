#include "montecarlo.h"

#include <algorithm>
#include <cmath>

#include "simulation.h"

namespace cs {

Summary summarise(std::vector<double> v) {
  Summary s;
  if (v.empty()) return s;
  const double n = static_cast<double>(v.size());
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / n;
  double ss = 0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = v.size() > 1 ? std::sqrt(ss / (n - 1)) : 0;
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  const double half = 1.959963984540054 * s.sd / std::sqrt(n);
  s.ci95_low = s.mean - half;
  s.ci95_high = s.mean + half;
  // Quantiles by the nearest-rank method: always an observed value.
  auto rank = [&](double p) {
    std::size_t k = static_cast<std::size_t>(std::ceil(p * n));
    return v[k == 0 ? 0 : k - 1];
  };
  s.median = rank(0.5);
  s.p90 = rank(0.9);
  return s;
}

RunSamples runReplications(const std::shared_ptr<const ScenarioDef>& def, std::uint64_t seed,
                           std::uint32_t first_run, std::uint32_t runs,
                           std::vector<std::uint8_t>* truncated) {
  if (truncated) truncated->assign(runs, 0);
  RunSamples samples(def->campaigns.size(),
                     std::vector<std::vector<double>>(kRunMetrics.size(), std::vector<double>(runs)));
  for (std::uint32_t i = 0; i < runs; ++i) {
    Simulation sim(def, seed, first_run + i);
    sim.runToEnd();
    if (truncated && sim.truncated()) (*truncated)[i] = 1;
    for (std::size_t c = 0; c < def->campaigns.size(); ++c) {
      const Counters& k = sim.counters(CampaignId::from(c));
      const CampaignView v = sim.view(CampaignId::from(c));
      const double launched = v.launched_at ? *v.launched_at : 0;
      const double finished = v.finished_at ? *v.finished_at : sim.now();
      auto share = [&](CallStatus s) {
        return k.recipients ? static_cast<double>(k.finalOf(s)) / k.recipients : 0.0;
      };
      const double values[] = {static_cast<double>(k.recipients),
                               static_cast<double>(k.sent),
                               static_cast<double>(k.picked_up),
                               static_cast<double>(k.completedLeads()),
                               static_cast<double>(k.failedLeads()),
                               static_cast<double>(k.didNotPick()),
                               static_cast<double>(k.finalOf(CallStatus::cancelled)),
                               static_cast<double>(k.finalOf(CallStatus::retry_expired)),
                               static_cast<double>(k.in_progress),
                               static_cast<double>(k.attempts),
                               k.recipients ? static_cast<double>(k.attempts) / k.recipients : 0,
                               static_cast<double>(k.billed_minutes),
                               k.cost,
                               (finished - launched) / 60.0,
                               k.recipients ? static_cast<double>(k.completedLeads()) / k.recipients : 0,
                               k.recipients ? static_cast<double>(k.failedLeads()) / k.recipients : 0,
                               k.recipients ? static_cast<double>(k.didNotPick()) / k.recipients : 0,
                               share(CallStatus::cancelled), share(CallStatus::retry_expired)};
      for (std::size_t m = 0; m < kRunMetrics.size(); ++m) samples[c][m][i] = values[m];
    }
  }
  return samples;
}

std::vector<SweepCell> sweepRetries(const ScenarioDef& def, std::size_t campaign, std::uint64_t seed,
                                    std::uint32_t runs, const std::vector<int>& retry_counts,
                                    const std::vector<int>& waits) {
  std::vector<SweepCell> cells;
  for (int wait : waits) {
    for (int retries : retry_counts) {
      auto cell_def = std::make_shared<ScenarioDef>(def);
      RetryDef& r = cell_def->campaigns[campaign].retry;
      r.max_retries = retries;
      r.wait_minutes = wait;
      r.wait_minutes_list.clear();  // the sweep's interval replaces any list of waits
      SweepCell cell;
      cell.max_retries = retries;
      cell.wait_minutes = wait;
      std::vector<std::uint8_t> truncated;
      cell.samples = runReplications(cell_def, seed, 0, runs, &truncated)[campaign];
      for (std::uint8_t t : truncated) cell.truncated_runs += t;
      cells.push_back(std::move(cell));
    }
  }
  return cells;
}

}  // namespace cs
