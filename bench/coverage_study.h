// The interval coverage study of the calibration fit (issue 12), shared by the benchmark that
// prints it (bench/fit_coverage.cpp) and the Catch2 test that asserts it (tests/engine/test_fit.cpp):
// simulate many call histories from a known behaviour (reachable people and dead numbers, busy
// persistence, attempt decay, a lunchtime dip; 3 retries at 15/60/120 minutes; the engine's
// default timing), fit each with bootstrap intervals, and count per reported parameter how often
// its 95 % interval, as `campaign-sim fit` prints it, covers the truth. Deterministic: fixed seeds,
// and the fit and the simulation give the same bits everywhere.
#pragma once

#include <chrono>
#include <cmath>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "exports.h"
#include "fit.h"

namespace cs::study {

struct CoverageRow {
  std::string name;
  double truth = 0;
  int covered = 0, seen = 0;  // histories whose interval covered the truth / that identified it
  double mean = 0, sd = 0;    // of the estimates across histories
  double claimed_sd = 0;      // mean interval half-width / 1.96: the spread the intervals claim
};

struct Coverage {
  int histories = 0, recipients = 0, bootstrap = 0;
  double seconds = 0;  // wall
  std::vector<CoverageRow> rows;
  int covered = 0, seen = 0;
  int two_segments = 0;  // histories fitted with the true 2 segments (reachable + dead numbers)
};

// variant: "full" (everything above), or "plain" / "decay" / "busy" / "hourly" (segments and that
// one feature; only the segments' parameters are counted).
inline Coverage coverage(int histories, int recipients, int bootstrap, int first_seed, const std::string& variant = "full",
                         FitOptions::Interval interval = FitOptions::Interval::link_normal) {
  std::map<std::string, double> truth = {
      {"behaviour.segments[0].share", 0.8},
      {"behaviour.segments[1].share", 0.2},
      {"behaviour.segments[0].outcomes.completed", 0.40},
      {"behaviour.segments[0].outcomes.voicemail", 0.10},
      {"behaviour.segments[0].outcomes.did_not_pick", 0.20},
      {"behaviour.segments[0].outcomes.busy", 0.12},
      {"behaviour.segments[0].outcomes.no_answer", 0.13},
      {"behaviour.segments[0].outcomes.failed", 0.05},
      {"behaviour.busy_persistence.probability", 0.6},
      {"behaviour.busy_persistence.half_life_minutes", 45},
      {"behaviour.answer_rate_per_attempt", 0.85},
      {"behaviour.no_answer_persistence.probability", 0},
      // The engine's default timing (TimingDef), which the history's timestamps show.
      {"timing.dispatch_delay.min", 1}, {"timing.dispatch_delay.max", 3},
      {"timing.provider_ack.min", 1}, {"timing.provider_ack.max", 4},
      {"timing.ring_to_answer.min", 5}, {"timing.ring_to_answer.max", 20},
      {"timing.talk.mean", 150}, {"timing.talk.sd", 90},
      {"timing.ring_to_machine.min", 8}, {"timing.ring_to_machine.max", 20},
      {"timing.voicemail.min", 20}, {"timing.voicemail.max", 40},
      {"timing.ring_out.value", 30},
      {"timing.busy_signal.min", 2}, {"timing.busy_signal.max", 6},
      {"timing.no_answer.min", 10}, {"timing.no_answer.max", 45},
      {"timing.failure.min", 1}, {"timing.failure.max", 3}};
  const double profile[24] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.1, 0.6, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  // Every hour but the reference (the first, 9:00) that a history has enough calls in.
  for (int h = 10; h < 24; ++h) truth["behaviour.answer_rate_by_hour[" + std::to_string(h) + "]"] = profile[h];
  std::string extra = R"(, "busy_persistence": {"probability": 0.6, "half_life_minutes": 45}, "answer_rate_per_attempt": 0.85,
        "answer_rate_by_hour": [1,1,1,1,1,1,1,1,1,1,1.2,1.1,0.6,0.8,1,1,1,1,1,1,1,1,1,1])";
  if (variant != "full") {
    for (auto it = truth.begin(); it != truth.end();)
      it = it->first.rfind("behaviour.segments", 0) == 0 ? std::next(it) : truth.erase(it);
    if (variant == "plain") extra = "";
    if (variant == "decay") extra = R"(, "answer_rate_per_attempt": 0.85)";
    if (variant == "busy") extra = R"(, "busy_persistence": {"probability": 0.6, "half_life_minutes": 45})";
    if (variant == "hourly") extra = R"(, "answer_rate_by_hour": [1,1,1,1,1,1,1,1,1,1,1.2,1.1,0.6,0.8,1,1,1,1,1,1,1,1,1,1])";
  }
  struct Tally {
    int covered = 0, seen = 0;
    double sum = 0, sum2 = 0, half = 0;
  };
  std::map<std::string, Tally> tally;
  Coverage out;
  out.histories = histories;
  out.recipients = recipients;
  out.bootstrap = bootstrap;
  const auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < histories; ++r) {
    const std::string scenario = R"({"seed": )" + std::to_string(first_seed + r) +
                                 R"(, "simulation_start": "2026-12-07T09:00", "recipients": {"count": )" +
                                 std::to_string(recipients) + R"(},
      "concurrency": 12, "retry": {"max_retries": 3, "wait_minutes": 15, "wait_minutes_list": [15, 60, 120]},
      "behaviour": {"segments": [
        {"share": 0.8, "outcomes": {"completed": 0.4, "voicemail": 0.1, "did_not_pick": 0.2, "busy": 0.12, "no_answer": 0.13, "failed": 0.05}},
        {"share": 0.2, "outcomes": {"failed": 1}}])" + extra + "}}";
    ExportOptions eo;
    eo.table = "calls";
    const CallHistory h = readCallHistory(exportTable(scenario, eo).text);
    FitOptions o;
    o.bootstrap = bootstrap;
    o.seed = 100 + r;
    o.interval = interval;
    const FitResult f = fitBehaviour(h, TimingDef{}, o);
    out.two_segments += f.segments == 2;
    for (const auto& [name, value] : truth) {
      for (const auto& p : f.parameters) {
        if (p.name != name || !p.identified) continue;
        // As `campaign-sim fit` prints them: timing and half-lives to 0.01, the rest to 1e-4.
        const double step = name.rfind("timing.", 0) == 0 || name.find("half_life") != std::string::npos ? 100 : 10000;
        const double lo = std::round(p.lo * step) / step, hi = std::round(p.hi * step) / step;
        Tally& t = tally[name];
        ++t.seen;
        t.covered += lo <= value && value <= hi;
        t.sum += p.value;
        t.sum2 += p.value * p.value;
        t.half += (p.hi - p.lo) / 2;
      }
    }
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& [name, value] : truth) {
    const Tally& t = tally[name];
    if (t.seen == 0) continue;  // never identified (an hour without enough calls)
    CoverageRow row;
    row.name = name;
    row.truth = value;
    row.covered = t.covered;
    row.seen = t.seen;
    row.mean = t.sum / t.seen;
    row.sd = std::sqrt(std::max(0.0, t.sum2 / t.seen - row.mean * row.mean));
    row.claimed_sd = t.half / t.seen / 1.96;
    out.rows.push_back(row);
    out.covered += t.covered;
    out.seen += t.seen;
  }
  return out;
}

}  // namespace cs::study
