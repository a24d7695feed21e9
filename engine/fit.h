// Fitting the engine's own recipient behaviour model to a call history (issue 12), by maximum
// likelihood, with bootstrap 95 % intervals. What is fitted is exactly what Simulation::drawOutcome
// draws from (SCENARIO.md `behaviour`): per-attempt outcome probabilities, optionally a mixture of
// segments, busy / no-answer persistence (probability and half-life), the answer rate per attempt
// and the hourly answer-rate profile; plus the timing distributions, of the kinds the base has.
// Deterministic: only + - * / sqrt and the engine's portable log/exp, so the same bytes natively
// and in WebAssembly.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "call_history.h"
#include "scenario.h"

namespace cs {

struct FitOptions {
  int max_segments = 3;          // 1 = homogeneous recipients
  bool persistence = true;       // false: busy/no-answer persistence fixed off
  bool attempt_decay = true;     // false: answer_rate_per_attempt fixed at 1
  bool hourly = true;            // false: no hourly profile
  int bootstrap = 100;           // replicates for the intervals (0: no intervals)
  std::uint64_t seed = 1;        // of the bootstrap resampling
  // How a 95 % interval is made from the bootstrap replicates: the estimate +- t x their standard
  // error on the scale where the parameter is unbounded (logit of a probability, log of a positive
  // quantity; the default), or their 2.5 % and 97.5 % quantiles (percentile: needs many more
  // replicates to reach its coverage; kept for the coverage study, bench/fit_coverage).
  enum class Interval { link_normal, percentile } interval = Interval::link_normal;
  // Called with the fraction done (0..1) after each step; never required.
  std::function<void(double)> progress;
};

struct FittedParameter {
  std::string name;        // scenario path in dots, e.g. behaviour.busy_persistence.probability
  double value = 0;
  double lo = 0, hi = 0;   // 95 % bootstrap interval (FitOptions::interval; the value itself when
                           // not identified or fixed)
  bool identified = true;  // false: the data cannot tell; the value is the default, left as is
  std::string note;        // why not identified, or how it was chosen
};

struct FitResult {
  OutcomeMix outcomes;     // homogeneous fit, or the share-weighted mean of the segments
  BehaviourDef behaviour;  // segments (when more than one), persistence, decay, hourly profile
  TimingDef timing;        // the base's timing with the identified stages fitted
  std::vector<bool> timing_fitted;  // per stage, in kTimingStages order
  std::vector<FittedParameter> parameters;
  int segments = 1;
  std::vector<double> bic;  // per number of segments tried (1, 2, ...)
  double log_likelihood = 0;
  std::vector<std::string> warnings;
};

// The timing stages in scenario order.
inline constexpr const char* kTimingStages[] = {"dispatch_delay", "provider_ack", "ring_to_answer", "talk",
                                                "ring_to_machine", "voicemail", "ring_out", "busy_signal",
                                                "no_answer", "failure"};
Distribution& timingStage(TimingDef& t, int stage);

FitResult fitBehaviour(const CallHistory& history, const TimingDef& base_timing, const FitOptions& options);

// The per-attempt outcome probability the engine draws from, for segment outcomes `p`, retry
// depth `depth`, answer rate per attempt `f` and hourly multiplier `m` (persistence aside):
// scaleAnswerRate applied for the depth, then for the hour (Simulation::drawOutcome).
std::array<double, kOutcomeCount> attemptOutcomeProbabilities(const std::array<double, kOutcomeCount>& p,
                                                               int depth, double f, double m);

}  // namespace cs
