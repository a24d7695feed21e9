// Fitting recipient behaviour from a call history (issue 12): the closed-form MLE on independent
// attempts, parameter recovery with interval coverage over a batch of seeds, out-of-sample
// prediction of other retry settings, identifiability, and `fit`'s output contract.
#include <catch2/catch.hpp>
#include <chrono>
#include <map>

#include "api.h"
#include "calibrate.h"
#include "coverage_study.h"
#include "exports.h"
#include "fit.h"
#include "montecarlo.h"
#include "options.h"
#include "report.h"
#include "workload.h"
#include "scenario_builder.h"

using namespace cs;
using namespace cs::test;

namespace {

OutcomeMix mix(double completed, double voicemail, double did_not_pick, double busy, double no_answer, double failed) {
  OutcomeMix m;
  m.p = {completed, voicemail, did_not_pick, busy, no_answer, failed};
  return m;
}

std::string callExport(const ScenarioDef& def, std::uint64_t seed) {
  Simulation sim(def, seed);
  sim.runToEnd();
  ExportOptions o;
  o.table = "calls";
  return exportFromSimulation(sim, o).text;
}

// The mixed list of the recovery and prediction tests: reachable people, hard-to-reach ones and
// dead numbers; busy lines that stay busy for a while; fewer answers with each retry; a
// lunchtime dip.
ScenarioDef mixedList(std::uint32_t recipients, RetryDef retry, bool hourly = true) {
  ScenarioDef def = singleCampaign(recipients, OutcomeMix{}, retry, 12);
  BehaviourDef& b = def.campaigns[0].behaviour;
  b.segments = {{"reachable", 0.6, mix(0.45, 0.10, 0.15, 0.12, 0.10, 0.08)},
                {"hard to reach", 0.25, mix(0.08, 0.05, 0.35, 0.10, 0.40, 0.02)},
                {"dead numbers", 0.15, mix(0, 0, 0, 0, 0, 1)}};
  b.busy_persistence = {0.6, 45};
  b.answer_rate_per_attempt = 0.85;
  if (hourly) {
    b.answer_rate_by_hour.assign(24, 1.0);
    b.answer_rate_by_hour[10] = 1.2;
    b.answer_rate_by_hour[11] = 1.1;
    b.answer_rate_by_hour[12] = 0.6;
    b.answer_rate_by_hour[13] = 0.8;
  }
  return def;
}

RetryDef waitList(int max_retries, std::vector<int> waits) {
  RetryDef r = retries(max_retries, waits.front());
  r.wait_minutes_list = waits;
  return r;
}

const FittedParameter* find(const FitResult& f, const std::string& name) {
  for (const auto& p : f.parameters)
    if (p.name == name) return &p;
  return nullptr;
}

std::array<double, 3> predictedShares(ScenarioDef def, std::uint32_t runs) {
  const RunSamples s = runReplications(std::make_shared<const ScenarioDef>(def), 11, 0, runs);
  std::array<double, 3> out{};
  const char* names[] = {"completed_share", "failed_share", "did_not_pick_share"};
  for (int i = 0; i < 3; ++i) {
    const std::size_t m = std::find_if(kRunMetrics.begin(), kRunMetrics.end(), [&](const char* k) { return std::string(k) == names[i]; }) - kRunMetrics.begin();
    out[i] = summarise(s[0][m]).mean;
  }
  return out;
}

ScenarioDef withFit(ScenarioDef def, const FitResult& f) {
  def.campaigns[0].outcomes = f.outcomes;
  def.campaigns[0].behaviour = f.behaviour;
  return def;
}

}  // namespace

TEST_CASE("on independent attempts the fitted outcome shares are the observed per-attempt shares (closed-form MLE)") {
  const ScenarioDef def = singleCampaign(3000, mix(0.3, 0.1, 0.2, 0.1, 0.2, 0.1), retries(2, 30), 20);
  const CallHistory h = readCallHistory(callExport(def, 5));
  std::array<double, kOutcomeCount> counts{};
  for (const auto& c : h.calls) counts[static_cast<int>(c.outcome)] += 1;
  FitOptions o;
  o.max_segments = 1;
  o.persistence = o.attempt_decay = o.hourly = false;
  o.bootstrap = 0;
  const FitResult f = fitBehaviour(h, TimingDef{}, o);
  for (int k = 0; k < kOutcomeCount; ++k) {
    INFO(kOutcomeNames[k]);
    CHECK(f.outcomes.p[k] == Approx(counts[k] / h.calls.size()).margin(1e-5));
  }
  CHECK(f.segments == 1);
  CHECK(f.behaviour.independentAttempts());
}

TEST_CASE("parameters the data cannot identify are reported as such and left at their defaults") {
  // No retries at all, one hour of calls: no decay, no persistence, no mixture, no hourly profile.
  const ScenarioDef def = singleCampaign(400, mix(0.3, 0.1, 0.2, 0.1, 0.2, 0.1), retries(0, 30), 50);
  const FitResult f = fitBehaviour(readCallHistory(callExport(def, 2)), TimingDef{}, FitOptions{});
  for (const char* name : {"behaviour.segments", "behaviour.answer_rate_per_attempt",
                           "behaviour.busy_persistence.probability", "behaviour.busy_persistence.half_life_minutes",
                           "behaviour.no_answer_persistence.probability"}) {
    INFO(name);
    const FittedParameter* p = find(f, name);
    REQUIRE(p);
    CHECK_FALSE(p->identified);
    CHECK_THAT(p->note, Catch::Contains("not identified"));
  }
  CHECK(find(f, "behaviour.answer_rate_per_attempt")->value == 1);
  CHECK(find(f, "behaviour.busy_persistence.probability")->value == 0);
  CHECK(find(f, "behaviour.answer_rate_by_hour[9]") == nullptr);
  CHECK(f.behaviour.independentAttempts());
  CHECK(f.behaviour.segments.empty());
}

TEST_CASE("a half-life needs more than one wait: with every retry at the same wait it is not identified") {
  ScenarioDef def = singleCampaign(3000, mix(0.3, 0.1, 0.2, 0.2, 0.1, 0.1), retries(2, 30), 20);
  def.campaigns[0].behaviour.busy_persistence = {0.5, 60};
  FitOptions o;
  o.bootstrap = 0;
  const FitResult f = fitBehaviour(readCallHistory(callExport(def, 4)), TimingDef{}, o);
  const FittedParameter* p = find(f, "behaviour.busy_persistence.probability");
  const FittedParameter* hl = find(f, "behaviour.busy_persistence.half_life_minutes");
  REQUIRE(p);
  REQUIRE(hl);
  CHECK(p->identified);
  CHECK_FALSE(hl->identified);
  CHECK(hl->value == 30);
  // What is identified is the repeat chance at the wait used: 0.5 * 2^(-30/60) = 0.354.
  CHECK(p->value * 0.5 == Approx(0.354).margin(0.06));
}

TEST_CASE("parameter recovery: each reported parameter's 95 % interval covers the truth in about 95 % of simulated histories") {
  // 60 histories of 2000 recipients (reachable people and dead numbers, busy persistence, attempt
  // decay, a lunchtime dip, 3 retries at 15/60/120 minutes), 40 bootstrap replicates each: the
  // study bench/fit_coverage prints (there with 100 histories: 95.4 % overall).
  const int histories = 60;
  const auto c = study::coverage(histories, 2000, 40, 1000);
  CHECK(c.two_segments == histories);  // BIC finds the true number of segments
  for (const auto& r : c.rows) {
    INFO(r.name << ": covered in " << r.covered << " of " << r.seen << " (estimates " << r.mean << " +- " << r.sd
                << ", intervals claim +- " << r.claimed_sd << ", truth " << r.truth << ")");
    // An hour with enough calls in only a few histories says little either way.
    if (r.seen < histories / 2) continue;
    // 95 % of 60 is 57; 51 (85 %) is 3.5 binomial standard deviations below it.
    CHECK(r.covered >= 0.85 * r.seen);
  }
  // Over the behaviour's parameters (the likelihood's; the timing's uniform bounds are exact
  // intervals around whole seconds and cover about always): honest both ways, not too narrow
  // (percentile intervals, or a free dead-number segment, fall below), not needlessly wide.
  int covered = 0, seen = 0;
  for (const auto& r : c.rows)
    if (r.name.rfind("behaviour.", 0) == 0) {
      covered += r.covered;
      seen += r.seen;
    }
  const double overall = static_cast<double>(covered) / seen;
  INFO("behaviour parameters: covered in " << covered << " of " << seen << " (" << overall << ")");
  CHECK(overall >= 0.92);
  CHECK(overall <= 0.98);
}

TEST_CASE("dead numbers are a segment whose every call fails: its outcomes are fixed, not fitted, and reported so") {
  const ScenarioDef def = mixedList(3000, waitList(3, {15, 60, 120}), false);
  FitOptions o;
  o.bootstrap = 5;
  const FitResult f = fitBehaviour(readCallHistory(callExport(def, 31)), TimingDef{}, o);
  REQUIRE(f.segments == 3);
  REQUIRE(f.behaviour.segments.size() == 3);
  const Segment& dead = f.behaviour.segments.back();
  CHECK(dead.name == "dead numbers");
  CHECK(dead.share == Approx(0.15).margin(0.03));
  for (int k = 0; k < kOutcomeCount; ++k) CHECK(dead.outcomes.p[k] == (k == static_cast<int>(Outcome::failed) ? 1.0 : 0.0));
  const FittedParameter* failed = find(f, "behaviour.segments[2].outcomes.failed");
  REQUIRE(failed);
  CHECK(failed->value == 1);
  CHECK(failed->lo == 1);
  CHECK(failed->hi == 1);
  CHECK_THAT(failed->note, Catch::Contains("fixed: dead numbers"));
  CHECK_THAT(find(f, "behaviour.segments")->note, Catch::Contains("the last segment is dead numbers"));
  // The other two are fitted, larger first.
  CHECK(f.behaviour.segments[0].share > f.behaviour.segments[1].share);
  CHECK(find(f, "behaviour.segments[0].outcomes.completed")->lo < find(f, "behaviour.segments[0].outcomes.completed")->hi);
}

TEST_CASE("a list without dead numbers gets no dead-number segment") {
  ScenarioDef def = mixedList(3000, waitList(3, {15, 60, 120}), false);
  def.campaigns[0].behaviour.segments.pop_back();
  def.campaigns[0].behaviour.segments[0].share = 0.7;
  def.campaigns[0].behaviour.segments[1].share = 0.3;
  FitOptions o;
  o.bootstrap = 0;
  const FitResult f = fitBehaviour(readCallHistory(callExport(def, 32)), TimingDef{}, o);
  CHECK(f.segments == 2);
  for (const auto& s : f.behaviour.segments) CHECK(s.name != "dead numbers");
}

TEST_CASE("out of sample: a fit on 3 retries predicts other retry settings within 2 points; ignoring heterogeneity and persistence does not") {
  const ScenarioDef source = mixedList(6000, waitList(3, {20, 60, 180}), false);
  const CallHistory h = readCallHistory(callExport(source, 77));
  FitOptions full;
  full.bootstrap = 0;
  const FitResult f = fitBehaviour(h, TimingDef{}, full);
  FitOptions naive = full;
  naive.max_segments = 1;
  naive.persistence = false;
  naive.attempt_decay = false;
  const FitResult n = fitBehaviour(h, TimingDef{}, naive);
  double naive_worst = 0;
  for (const RetryDef& next : {retries(1, 10), retries(2, 240), waitList(5, {30, 120, 360})}) {
    const ScenarioDef truth_def = mixedList(3000, next, false);
    const auto truth = predictedShares(truth_def, 20);
    const auto fitted = predictedShares(withFit(truth_def, f), 20);
    const auto homogeneous = predictedShares(withFit(truth_def, n), 20);
    for (int i = 0; i < 3; ++i) {
      INFO("retries " << next.max_retries << ", share " << i << ": true " << truth[i] << ", fitted " << fitted[i]
                      << ", homogeneous " << homogeneous[i]);
      CHECK(std::fabs(fitted[i] - truth[i]) <= 0.02);
      naive_worst = std::max(naive_worst, std::fabs(homogeneous[i] - truth[i]));
    }
  }
  INFO("the homogeneous, independent-attempt fit is off by up to " << naive_worst);
  CHECK(naive_worst > 0.04);
}

TEST_CASE("fit prints the scenario, parameters, backtest, excluded rows and warnings; the scenario runs as-is") {
  const ScenarioDef def = mixedList(1500, waitList(2, {20, 90}), false);
  FitJsonOptions o;
  o.bootstrap = 10;
  o.runs = 20;
  const Json out = Json::parse(fitJson(callExport(def, 9), o));
  std::vector<std::string> keys;
  for (const auto& [k, v] : out.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"scenario", "parameters", "backtest", "excluded_in_progress", "warnings"});
  const std::string scenario = out["scenario"].dump();
  CHECK_NOTHROW(loadScenario(scenario));
  CHECK(out["scenario"]["retry"]["max_retries"] == 2);
  CHECK(out["scenario"]["retry"]["wait_minutes_list"] == Json::array({20, 90}));
  CHECK(out["scenario"]["recipients"]["count"] == 1500);
  CHECK(out["scenario"]["concurrency"] == 12);
  for (const auto& p : out["parameters"]) {
    CHECK(p.contains("name"));
    CHECK(p["ci95"].size() == 2);
    CHECK(p["ci95"][0].get<double>() <= p["value"].get<double>());
    CHECK(p["value"].get<double>() <= p["ci95"][1].get<double>());
  }
  // The backtest re-runs the source's settings: the fitted model reproduces its own campaign.
  int reproduced = 0;
  for (const auto& fig : out["backtest"]["figures"]) reproduced += fig["verdict"] == "reproduced";
  CHECK(reproduced >= 4);
  CHECK(out["excluded_in_progress"] == 0);
  // The result is ready for run, montecarlo and sweep.
  CHECK_NOTHROW(runJson(scenario, RunOptions{}));
}

TEST_CASE("a DialNexa-named export and the simulator's own export give the same fit for the same data") {
  const ScenarioDef def = mixedList(800, retries(2, 30), false);
  const std::string own = callExport(def, 3);
  std::string renamed = own;
  const std::string header = own.substr(0, own.find("\r\n"));
  renamed.replace(0, header.size(),
                  "id,Parent Call ID,position,to_number,attempt_number,call_status,hangup_reason,createdAt,"
                  "Initiated At,sent_at,received_at,connected_at,endedAt,duration,billed_minutes");
  FitJsonOptions o;
  o.bootstrap = 5;
  o.runs = 5;
  CHECK(fitJson(own, o) == fitJson(renamed, o));
}

TEST_CASE("a history with rows in progress says how many were left out") {
  ScenarioDef def = singleCampaign(300, mix(0.3, 0.1, 0.2, 0.1, 0.2, 0.1), retries(2, 30), 10);
  Simulation sim(def, 1);
  sim.advanceTo(20 * 60);
  ExportOptions eo;
  eo.table = "calls";
  const ExportResult partial = exportFromSimulation(sim, eo);
  // The export leaves in-progress rows out itself; put some back as a dialer's export would.
  std::string text = partial.text + "call_99999,,1,'+12000000299,1,initiated,,2026-12-07T09:00:00,2026-12-07T09:19:00,,,,,0,0\r\n";
  FitJsonOptions o;
  o.bootstrap = 0;
  o.runs = 5;
  const Json out = Json::parse(fitJson(text, o));
  CHECK(out["excluded_in_progress"] == 1);
  bool said = false;
  for (const auto& w : out["warnings"]) said = said || w.get<std::string>().find("still in progress") != std::string::npos;
  CHECK(said);
}

TEST_CASE("a fit whose work is above the budget is refused with its estimate, before it starts, unless allowed") {
  const ScenarioDef def = mixedList(12000, waitList(3, {15, 60, 120}), false);
  const std::string history = callExport(def, 5);
  const std::size_t calls = readCallHistory(history).calls.size();
  FitJsonOptions o;
  o.bootstrap = 1000;
  o.runs = 10000;
  // Its estimate: about 60 simulated calls' work per call to fit, 2.5 per call per replicate,
  // and the backtest's runs.
  const WorkEstimate e = estimateFit(static_cast<double>(calls), o.bootstrap, o.runs);
  CHECK(e.call_logs == Approx(calls * (kFitCallLogsPerCall + 1000 * kBootstrapCallLogsPerCall + 10000)));
  REQUIRE(e.over_budget);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    fitJson(history, o);
    FAIL("expected the budget to refuse it");
  } catch (const InputError& err) {
    REQUIRE(err.errors.size() == 1);
    CHECK(err.errors[0].path == "--allow-large");
    CHECK_THAT(err.errors[0].message, Catch::Contains("fitting " + std::to_string(calls) + " calls with 1000 bootstrap replicates, then 10000 backtest runs"));
    CHECK_THAT(err.errors[0].message, Catch::Contains("fewer bootstrap replicates (--bootstrap) or backtest runs (--runs)"));
  }
  // Refused after reading, before fitting.
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 5);
  // The same estimate, as the page asks for it.
  const Json j = Json::parse(fitEstimateJson(static_cast<double>(calls), o));
  CHECK(j["call_logs"].get<double>() == Approx(e.call_logs));
  CHECK(j["over_budget"] == true);
  o.bootstrap = 10;
  o.runs = 10;
  CHECK(Json::parse(fitEstimateJson(static_cast<double>(calls), o))["over_budget"] == false);
}

TEST_CASE("fit's option ranges come from the one option table") {
  FitJsonOptions o;
  o.bootstrap = 1001;
  o.runs = 0;
  o.max_segments = 4;
  try {
    fitJson("call_id,status,ended_at\n", o);
    FAIL("expected range errors");
  } catch (const InputError& err) {
    REQUIRE(err.errors.size() == 3);
    CHECK(err.errors[0].path == "--runs");
    CHECK(err.errors[0].message == rangeText(option::fit_runs) + ", found 0");
    CHECK(err.errors[1].message == rangeText(option::bootstrap) + ", found 1001");
    CHECK(err.errors[2].message == rangeText(option::segments) + ", found 4");
  }
}
