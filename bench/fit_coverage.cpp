// Interval coverage study of the calibration fit (issue 12; the study is bench/coverage_study.h):
// per reported parameter, how often its 95 % interval covers the truth over many simulated
// histories, with the bias and the spread of the estimates across histories next to the spread
// the intervals claim (half-width / 1.96): an interval narrower than the real spread under-covers.
//   fit_coverage [HISTORIES=100] [RECIPIENTS=2000] [BOOTSTRAP=40] [FIRST_SEED=1000] [VARIANT=full]
//                [INTERVAL=link|percentile]
// VARIANT: full, or plain / decay / busy / hourly (segments and one feature); INTERVAL: the fit's
// default (estimate +- t x bootstrap SE on the logit/log scale) or the bootstrap percentiles.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "coverage_study.h"

int main(int argc, char** argv) {
  const int histories = argc > 1 ? std::atoi(argv[1]) : 100;
  const int recipients = argc > 2 ? std::atoi(argv[2]) : 2000;
  const int bootstrap = argc > 3 ? std::atoi(argv[3]) : 40;
  const int first_seed = argc > 4 ? std::atoi(argv[4]) : 1000;
  const std::string variant = argc > 5 ? argv[5] : "full";
  const bool percentile = argc > 6 && std::string(argv[6]) == "percentile";
  const auto c = cs::study::coverage(histories, recipients, bootstrap, first_seed, variant,
                                     percentile ? cs::FitOptions::Interval::percentile : cs::FitOptions::Interval::link_normal);
  std::printf("%d histories x %d recipients (%s), %d bootstrap replicates each, %s intervals: %.1f s (%.2f s per history); "
              "%d of %d fitted with the true 2 segments\n",
              c.histories, c.recipients, variant.c_str(), c.bootstrap, percentile ? "percentile" : "logit/log-normal",
              c.seconds, c.seconds / c.histories, c.two_segments, c.histories);
  std::printf("%-46s %8s %8s %8s %8s %8s %9s\n", "parameter", "truth", "mean", "bias", "sd(est)", "ci/3.92", "covered");
  for (const auto& r : c.rows)
    std::printf("%-46s %8.4f %8.4f %8.4f %8.4f %8.4f %4d/%-4d\n", r.name.c_str(), r.truth, r.mean, r.mean - r.truth,
                r.sd, r.claimed_sd, r.covered, r.seen);
  const double p = static_cast<double>(c.covered) / c.seen;
  std::printf("overall: %d of %d covered (%.1f %%); a single parameter's binomial sd at 95 %% over %d histories: %.1f points\n",
              c.covered, c.seen, 100 * p, c.histories, 100 * std::sqrt(0.95 * 0.05 / c.histories));
  return 0;
}
