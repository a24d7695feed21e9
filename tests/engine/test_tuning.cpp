// Retry tuning (distributions issue): the properties the math guarantees, and the richer
// behaviour that makes the retry interval matter.
#include <catch2/catch.hpp>
#include <cmath>

#include "api.h"
#include "expectation.h"
#include "montecarlo.h"
#include "report.h"
#include "scenario_builder.h"

using namespace cs;
using namespace cs::test;

namespace {
std::size_t metric(const char* name) {
  for (std::size_t i = 0; i < kRunMetrics.size(); ++i)
    if (std::string(kRunMetrics[i]) == name) return i;
  FAIL("no metric " << name);
  return 0;
}
double meanOf(const SweepCell& cell, const char* name) { return summarise(cell.samples[metric(name)]).mean; }
}  // namespace

TEST_CASE("sweep: with independent attempts completed share never falls as retries rise", "[sweep]") {
  const ScenarioDef def = singleCampaign(400, OutcomeMix{}, retries(2, 30), 40);
  const auto cells = sweepRetries(def, 0, 77, 60, {0, 1, 2, 3, 4, 6}, {30});
  REQUIRE(cells.size() == 6);
  for (std::size_t i = 1; i < cells.size(); ++i) {
    INFO("retries " << cells[i].max_retries);
    // Common random numbers: every cell's run i shares its seed, so even per-run means are
    // monotone here, not just in expectation.
    CHECK(meanOf(cells[i], "completed_share") >= meanOf(cells[i - 1], "completed_share"));
  }
  for (const SweepCell& cell : cells) {
    CampaignDef c = def.campaigns[0];
    c.retry.max_retries = cell.max_retries;
    const Expectation e = expectation(c);
    const Summary s = summarise(cell.samples[metric("attempts_per_recipient")]);
    const double half = 3.2905 * s.sd / std::sqrt(60.0);
    INFO("retries " << cell.max_retries << " mean " << s.mean << " formula " << e.attempts_per_recipient);
    CHECK(std::abs(s.mean - e.attempts_per_recipient) <= half + 1e-9);
  }
}

TEST_CASE("with busy persistence on, a longer interval raises reach for busy-heavy recipients", "[sweep][behaviour]") {
  OutcomeMix busy_heavy;
  busy_heavy.p = {0.25, 0.0, 0.05, 0.60, 0.05, 0.05};
  ScenarioDef def = singleCampaign(400, busy_heavy, retries(2, 5), 40);
  def.campaigns[0].behaviour.busy_persistence.probability = 0.9;
  def.campaigns[0].behaviour.busy_persistence.half_life_minutes = 20;
  const auto cells = sweepRetries(def, 0, 5, 40, {2}, {2, 120});
  const double short_wait = meanOf(cells[0], "completed_share");
  const double long_wait = meanOf(cells[1], "completed_share");
  INFO("2 min: " << short_wait << ", 120 min: " << long_wait);
  CHECK(long_wait > short_wait + 0.05);
  // Without persistence the interval changes only the duration, not reach.
  ScenarioDef independent = def;
  independent.campaigns[0].behaviour = BehaviourDef{};
  const auto flat = sweepRetries(independent, 0, 5, 40, {2}, {2, 120});
  CHECK(std::abs(meanOf(flat[0], "completed_share") - meanOf(flat[1], "completed_share")) < 0.03);
  CHECK(meanOf(flat[1], "duration_minutes") > meanOf(flat[0], "duration_minutes"));
}

TEST_CASE("segments: the expectation is the share-weighted mixture and Monte Carlo agrees", "[behaviour]") {
  ScenarioDef def = singleCampaign(500, OutcomeMix{}, retries(3, 10), 50);
  Segment invalid{"invalid numbers", 0.2, only(Outcome::failed)};
  Segment reachable{"reachable", 0.8, OutcomeMix{}};
  reachable.outcomes.p = {0.4, 0.1, 0.2, 0.1, 0.1, 0.1};
  def.campaigns[0].behaviour.segments = {invalid, reachable};
  const Expectation e = expectation(def.campaigns[0]);
  CHECK(e.ignored.empty());
  CHECK(e.final_share[static_cast<int>(CallStatus::failed)] > 0.2);
  auto shared = std::make_shared<const ScenarioDef>(def);
  const RunSamples samples = runReplications(shared, 3, 0, 100);
  const Summary completed = summarise(samples[0][metric("completed_leads")]);
  const double expected = 500 * e.final_share[static_cast<int>(CallStatus::completed)];
  CHECK(std::abs(completed.mean - expected) <= 3.2905 * completed.sd / 10 + 1e-9);
  const Summary attempts = summarise(samples[0][metric("attempts")]);
  CHECK(std::abs(attempts.mean - 500 * e.attempts_per_recipient) <= 3.2905 * attempts.sd / 10 + 1e-9);
}

TEST_CASE("answer rate falling with attempts lowers reach below the formula", "[behaviour]") {
  ScenarioDef def = singleCampaign(500, OutcomeMix{}, retries(4, 10), 50);
  def.campaigns[0].behaviour.answer_rate_per_attempt = 0.3;
  const Expectation e = expectation(def.campaigns[0]);
  REQUIRE(e.ignored.size() == 1);
  const RunSamples samples = runReplications(std::make_shared<const ScenarioDef>(def), 3, 0, 30);
  CHECK(summarise(samples[0][metric("completed_share")]).mean <
        e.final_share[static_cast<int>(CallStatus::completed)] - 0.05);
}

TEST_CASE("hourly answer rate: no answers in an hour whose multiplier is 0", "[behaviour]") {
  ScenarioDef def = singleCampaign(1500, OutcomeMix{}, retries(0), 5);
  def.campaigns[0].behaviour.answer_rate_by_hour.assign(24, 1.0);
  def.campaigns[0].behaviour.answer_rate_by_hour[9] = 0.0;  // the run starts at 09:00
  Simulation sim(def, 1);
  sim.runToEnd();
  for (const CallLog& log : sim.callLogs()) {
    if (log.at[kSent] < 3600) CHECK(log.outcome != Outcome::completed);
  }
  CHECK(sim.counters(cs::CampaignId::from(0)).completedLeads() > 0);  // later hours answer again
}

TEST_CASE("per-outcome retry rules cap and time their own retries; wait lists set each wait", "[retry]") {
  RetryDef r = retries(4, 30);
  r.rules[static_cast<int>(Outcome::busy)] = OutcomeRetryRule{1, 5};
  Simulation sim(singleCampaign(20, only(Outcome::busy), r, 5), 1);
  sim.runToEnd();
  for (const auto& chain : chains(sim)) {
    REQUIRE(chain.size() == 2);  // busy may trigger only one retry
    CHECK(chain[1].due == chain[0].at[kEnded] + 5 * 60);
  }
  RetryDef listed = retries(3, 30);
  listed.wait_minutes_list = {10, 60};
  Simulation waits(singleCampaign(10, only(Outcome::no_answer), listed, 5), 1);
  waits.runToEnd();
  for (const auto& chain : chains(waits)) {
    REQUIRE(chain.size() == 4);
    CHECK(chain[1].due - chain[0].at[kEnded] == 10 * 60);
    CHECK(chain[2].due - chain[1].at[kEnded] == 60 * 60);
    CHECK(chain[3].due - chain[2].at[kEnded] == 60 * 60);  // the last wait repeats
  }
}

TEST_CASE("the same seed gives the same summary whatever the number of workers", "[montecarlo]") {
  const std::string scenario = R"({"seed": 4, "recipients": {"count": 200}, "concurrency": 20})";
  MonteCarloOptions whole;
  whole.runs = 12;
  const std::string direct = monteCarloJson(scenario, whole);
  for (std::uint32_t workers : {2u, 3u, 5u}) {
    // Each worker takes a contiguous block of runs; the pool concatenates samples in run order.
    Json merged;
    for (std::uint32_t w = 0; w < workers; ++w) {
      MonteCarloOptions part;
      part.first_run = whole.runs * w / workers;
      part.runs = whole.runs * (w + 1) / workers - part.first_run;
      const Json piece = Json::parse(monteCarloSamplesJson(scenario, part));
      if (w == 0) {
        merged = piece;
        merged["first_run"] = 0;
        merged["runs"] = whole.runs;
        continue;
      }
      for (auto& [key, values] : merged["campaigns"][0]["samples"].items())
        for (const auto& v : piece["campaigns"][0]["samples"][key]) values.push_back(v);
    }
    INFO(workers << " workers");
    CHECK(summariseSamplesJson(merged.dump()) == direct);
  }
}
