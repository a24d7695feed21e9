// The exact expectation of model.md §11, and Monte Carlo means agreeing with it.
#include <catch2/catch.hpp>
#include <cmath>

#include "expectation.h"
#include "montecarlo.h"
#include "scenario_builder.h"

using namespace cs;
using namespace cs::test;

namespace {
double share(const Expectation& e, CallStatus s) { return e.final_share[static_cast<int>(s)]; }
std::size_t metric(const char* name) {
  for (std::size_t i = 0; i < kRunMetrics.size(); ++i)
    if (std::string(kRunMetrics[i]) == name) return i;
  FAIL("no metric " << name);
  return 0;
}
}  // namespace

TEST_CASE("expectation reproduces the worked example of model.md section 11", "[expect]") {
  // completed .30, voicemail .10 (not retried), did_not_pick .20, busy .10, no_answer .20,
  // failed .10, R = 2: q = .5, S = 1.75.
  CampaignDef c;
  c.outcomes.p = {0.30, 0.10, 0.20, 0.10, 0.20, 0.10};
  c.retry.max_retries = 2;
  const Expectation e = expectation(c);
  CHECK(e.retryable_share == Approx(0.5));
  CHECK(e.attempts_per_recipient == Approx(1.75));
  CHECK(share(e, CallStatus::completed) == Approx(0.525));
  CHECK(share(e, CallStatus::failed) == Approx(0.175));
  // did_not_pick = voicemail .175 + rang out .05
  CHECK(share(e, CallStatus::did_not_pick) == Approx(0.175 + 0.05));
  CHECK(share(e, CallStatus::busy) == Approx(0.025));
  CHECK(share(e, CallStatus::no_answer) == Approx(0.05));
  CHECK(share(e, CallStatus::cancelled) == 0);
  CHECK(share(e, CallStatus::retry_expired) == 0);
  double total = 0;
  for (double s : e.final_share) total += s;
  CHECK(total == Approx(1.0));
  CHECK(e.ignored.empty());
}

TEST_CASE("expectation lists the scenario features it ignores", "[expect]") {
  CampaignDef c;
  c.schedule.ends_at_minute = 100;
  ScriptedAction cancel;
  cancel.kind = ScriptedActionKind::cancel;
  c.actions.push_back(cancel);
  const Expectation e = expectation(c);
  REQUIRE(e.ignored.size() == 2);
  CHECK_THAT(e.ignored[0], Catch::Contains("ends_at_minute"));
  CHECK_THAT(e.ignored[1], Catch::Contains("cancel"));
}

TEST_CASE("Monte Carlo means agree with the exact expectation within 99.9% intervals", "[montecarlo]") {
  struct Case {
    const char* label;
    OutcomeMix outcomes;
    RetryDef retry;
  };
  RetryDef voicemail_on = retries(3, 20);
  voicemail_on.retry_on_voicemail = true;
  RetryDef busy_off = retries(4, 10);
  busy_off.retry_on_busy = false;
  OutcomeMix skewed;
  skewed.p = {0.05, 0.05, 0.40, 0.30, 0.15, 0.05};
  const std::vector<Case> cases = {
      {"model.md example", OutcomeMix{}, retries(2, 30)},
      {"no retries", OutcomeMix{}, retries(0, 0)},
      {"voicemail retried, R=3", OutcomeMix{}, voicemail_on},
      {"hard to reach, busy not retried, R=4", skewed, busy_off},
  };
  const double z999 = 3.2905;  // two-sided 99.9 %
  for (const Case& c : cases) {
    INFO(c.label);
    auto def = std::make_shared<const ScenarioDef>(singleCampaign(300, c.outcomes, c.retry, 30));
    const RunSamples samples = runReplications(def, 2024, 0, 200);
    const Expectation e = expectation(def->campaigns[0]);
    const double n = 300;
    const std::vector<std::pair<const char*, double>> expected = {
        {"completed_leads", n * share(e, CallStatus::completed)},
        {"failed_leads", n * (share(e, CallStatus::failed) + share(e, CallStatus::busy) +
                              share(e, CallStatus::no_answer))},
        {"did_not_pick", n * share(e, CallStatus::did_not_pick)},
        {"attempts", n * e.attempts_per_recipient},
        {"picked_up", n * share(e, CallStatus::completed)},
    };
    for (const auto& [key, value] : expected) {
      const Summary s = summarise(samples[0][metric(key)]);
      const double half = z999 * s.sd / std::sqrt(200.0);
      INFO(key << ": mean " << s.mean << " expected " << value << " +- " << half);
      CHECK(std::abs(s.mean - value) <= half + 1e-9);
    }
    CHECK(summarise(samples[0][metric("in_progress")]).max == 0);
  }
}

TEST_CASE("replication i is the same whoever runs it", "[montecarlo]") {
  auto def = std::make_shared<const ScenarioDef>(singleCampaign(200, OutcomeMix{}, retries(2, 10), 20));
  const RunSamples all = runReplications(def, 9, 0, 10);
  const RunSamples tail = runReplications(def, 9, 6, 4);
  for (std::size_t m = 0; m < kRunMetrics.size(); ++m)
    for (std::size_t i = 0; i < 4; ++i) CHECK(all[0][m][6 + i] == tail[0][m][i]);
}

TEST_CASE("summary statistics", "[montecarlo]") {
  const Summary s = summarise({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(s.mean == Approx(5.5));
  CHECK(s.sd == Approx(3.0276503541));
  CHECK(s.min == 1);
  CHECK(s.max == 10);
  CHECK(s.median == 5);
  CHECK(s.p90 == 9);
  CHECK(s.ci95_low == Approx(5.5 - 1.959963985 * 3.0276503541 / std::sqrt(10.0)));
}
