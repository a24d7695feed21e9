// Tables that add up and verdicts a product manager can act on: the five final-group shares of
// Monte Carlo, sweep and A/B, and the judgement and sentence of engine/compare.h.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>

#include "api.h"
#include "compare.h"
#include "report.h"

using namespace cs;

namespace {

const char* kShares[] = {"completed_share", "failed_share", "did_not_pick_share", "cancelled_share",
                         "retry_expired_share"};

// 400 recipients, 2 retries every 30 min, calls of about 2.5 min at concurrency 10: about 3 h.
Json baseScenario() {
  return Json::parse(R"({
    "seed": 11, "simulation_start": "2026-12-07T09:00",
    "recipients": {"count": 400},
    "outcomes": {"completed": 0.3, "voicemail": 0.1, "did_not_pick": 0.2, "busy": 0.1, "no_answer": 0.2, "failed": 0.1},
    "retry": {"max_retries": 2, "wait_minutes": 30, "retry_on_no_answer": true, "retry_on_busy": true, "retry_on_voicemail": false},
    "concurrency": 10, "wallet": {"balance": null, "cost_per_minute": 1.0}
  })");
}

// A campaign cut short: by an end minute (recipients end retry_expired) or a cancel (cancelled).
Json cutShort(const std::string& how) {
  Json s = baseScenario();
  if (how == "end minute") s["schedule"] = {{"ends_at_minute", 75}};
  if (how == "cancel") s["actions"] = Json::array({{{"at_minute", 60}, {"action", "cancel"}}});
  return s;
}

Json withRetry(Json s, int retries, int wait) {
  s["retry"]["max_retries"] = retries;
  s["retry"]["wait_minutes"] = wait;
  return s;
}

double sharesTotal(const Json& summary) {
  double total = 0;
  for (const char* k : kShares) total += summary[k]["mean"].get<double>();
  return total;
}

std::string fixed1(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

}  // namespace

TEST_CASE("the five final-group shares of a Monte Carlo add up to 1 in every run, cut short or not", "[compare]") {
  const std::string how = GENERATE(as<std::string>{}, "nothing", "end minute", "cancel");
  const Json mc = Json::parse(monteCarloJson(cutShort(how).dump(), MonteCarloOptions{40, 3, 0}));
  CHECK(sharesTotal(mc) == Approx(1.0).margin(1e-12));
  // Each run adds up, not only the means.
  const Json samples = Json::parse(monteCarloSamplesJson(cutShort(how).dump(), MonteCarloOptions{40, 3, 0}));
  const Json& per_run = samples["campaigns"][0]["samples"];
  for (std::size_t run = 0; run < 40; ++run) {
    double total = 0;
    for (const char* k : kShares) total += per_run[k][run].get<double>();
    CHECK(total == Approx(1.0).margin(1e-12));
  }
  if (how == "end minute") CHECK(mc["retry_expired_share"]["mean"].get<double>() > 0.05);
  if (how == "cancel") CHECK(mc["cancelled_share"]["mean"].get<double>() > 0.05);
}

TEST_CASE("every sweep row's shares add up to 1 and equal campaign-sim montecarlo for that cell", "[compare]") {
  const std::string how = GENERATE(as<std::string>{}, "end minute", "cancel");
  const Json scenario = cutShort(how);
  SweepOptions o;
  o.runs = 30;
  o.seed = 5;
  o.retry_counts = {0, 2};
  o.waits = {15, 60};
  const Json sweep = Json::parse(sweepJson(scenario.dump(), o));
  REQUIRE(sweep["rows"].size() == 4);
  for (const auto& row : sweep["rows"]) {
    CHECK(sharesTotal(row) == Approx(1.0).margin(1e-12));
    const Json cell = withRetry(scenario, row["max_retries"], row["wait_minutes"]);
    const Json mc = Json::parse(monteCarloJson(cell.dump(), MonteCarloOptions{30, 5, 0}));
    for (const char* k : kShares) CHECK(row[k]["mean"].get<double>() == mc[k]["mean"].get<double>());
  }
}

TEST_CASE("A/B shares add up to 1 on both sides and equal each side's montecarlo", "[compare]") {
  const std::string how = GENERATE(as<std::string>{}, "end minute", "cancel");
  const Json a = cutShort(how);
  const Json b = withRetry(a, 3, 60);
  const Json ab = Json::parse(compareJson(a.dump(), b.dump(), MonteCarloOptions{30, 8, 0}));
  const Json mc_b = Json::parse(monteCarloJson(b.dump(), MonteCarloOptions{30, 8, 0}));
  CHECK(ab["comparison"]["shares_total"]["a"].get<double>() == Approx(1.0).margin(1e-12));
  CHECK(ab["comparison"]["shares_total"]["b"].get<double>() == Approx(1.0).margin(1e-12));
  for (const char* k : kShares) CHECK(ab["comparison"]["metrics"][k]["b"].get<double>() == mc_b[k]["mean"].get<double>());
}

TEST_CASE("more expired recipients are worse, not a green 'lower failed': expired and cancelled are not reached", "[compare]") {
  const Json a = baseScenario();
  Json b = a;
  b["schedule"] = {{"ends_at_minute", 75}};  // B stops early: many recipients end retry_expired
  const Json c = Json::parse(compareJson(a.dump(), b.dump(), MonteCarloOptions{60, 2, 0}))["comparison"];
  CHECK(c["metrics"]["retry_expired_share"]["judgement"] == "worse");
  CHECK(c["metrics"]["completed_share"]["judgement"] == "worse");
  // Fewer failed leads because fewer were called is not better: it is "fewer", and the verdict,
  // about reach, names A, which reaches more, the winner.
  CHECK(c["metrics"]["failed_share"]["judgement"] == "fewer");
  CHECK(c["verdict"].get<std::string>().rfind("A (2 retries every 30 min) completes", 0) == 0);
}

TEST_CASE("a clear winner's verdict gives extra leads with their interval, attempts, cost per extra lead and duration", "[compare]") {
  const Json a = baseScenario();
  const Json b = withRetry(a, 4, 60);
  const Json out = Json::parse(compareJson(a.dump(), b.dump(), MonteCarloOptions{200, 4, 0}));
  const Json& sa = out["a"]["summary"];
  const Json& sb = out["b"]["summary"];
  const std::string v = out["comparison"]["verdict"];
  const double leads = sb["completed_leads"]["mean"].get<double>() - sa["completed_leads"]["mean"].get<double>();
  const double cost = sb["cost"]["mean"].get<double>() - sa["cost"]["mean"].get<double>();
  const double attempts = sb["attempts_per_recipient"]["mean"].get<double>() - sa["attempts_per_recipient"]["mean"].get<double>();
  REQUIRE(leads > 0);
  INFO(v);
  CHECK(v.rfind("B (4 retries every 60 min) completes " + fixed1(leads) + " more leads than A (2 retries every 30 min) (95 % CI ", 0) == 0);
  char attempts_text[32], per_lead[32], total_cost[32];
  std::snprintf(attempts_text, sizeof attempts_text, "%.2f more attempts per recipient", attempts);
  std::snprintf(total_cost, sizeof total_cost, "a cost %.2f more", cost);
  std::snprintf(per_lead, sizeof per_lead, "(%.2f per extra completed lead)", cost / leads);
  CHECK_THAT(v, Catch::Contains(attempts_text) && Catch::Contains(total_cost) && Catch::Contains(per_lead) &&
                    Catch::Contains("longer to finish (median); p90 +"));
  CHECK(out["comparison"]["metrics"]["completed_leads"]["clear"] == true);
}

TEST_CASE("two settings within the noise are called equivalent, naming the one that finishes sooner", "[compare]") {
  // With independent attempts the interval changes only the duration (README): same reach.
  const Json a = withRetry(baseScenario(), 2, 15);
  const Json b = withRetry(baseScenario(), 2, 120);
  const Json c = Json::parse(compareJson(a.dump(), b.dump(), MonteCarloOptions{100, 6, 0}))["comparison"];
  const std::string v = c["verdict"];
  INFO(v);
  CHECK(c["metrics"]["completed_share"]["clear"] == false);
  CHECK(v.rfind("A (2 retries every 15 min) and B (2 retries every 120 min) give the same reach here within ±", 0) == 0);
  CHECK_THAT(v, Catch::Contains("A (2 retries every 15 min) finishes") && Catch::Contains("sooner (median)"));
}

TEST_CASE("the sweep's verdict groups the intervals that reach the same and names the cheapest and the fastest", "[compare]") {
  SweepOptions o;
  o.runs = 100;
  o.seed = 3;
  o.retry_counts = {3};
  o.waits = {15, 30, 60};
  const Json sweep = Json::parse(sweepJson(baseScenario().dump(), o));
  const Json& verdict = sweep["verdict"];
  INFO(verdict.dump());
  CHECK(verdict["equivalent"].size() == 3);
  CHECK(verdict["verdict"].get<std::string>().rfind("3 retries every 15, 30 or 60 min give the same reach here within ±", 0) == 0);
  // The fastest is the shortest interval; it is named unless it is also the cheapest.
  CHECK_THAT(verdict["verdict"].get<std::string>(),
             Catch::Contains("3 retries every 15 min finishes") || Catch::Contains("3 retries every 15 min is the cheapest of them"));
}

TEST_CASE("the sweep's verdict from rows gathered elsewhere equals the one sweep prints", "[compare]") {
  SweepOptions o;
  o.runs = 20;
  o.seed = 1;
  o.retry_counts = {0, 1, 2};
  o.waits = {30};
  const Json sweep = Json::parse(sweepJson(baseScenario().dump(), o));
  const Json rebuilt = Json::parse(sweepVerdictJson(Json{{"runs", 20}, {"rows", sweep["rows"]}}.dump()));
  CHECK(rebuilt == sweep["verdict"]);
  CHECK(rebuilt["best"]["max_retries"] == 2);
}

TEST_CASE("more completed leads are better for the campaign's goal", "[compare]") {
  const std::string metric = GENERATE(as<std::string>{}, "completed_share", "completed_leads");
  CHECK(betterDirection(metric) == 1);
}

TEST_CASE("more recipients not reached at all (cancelled, expired), or more effort, money or time, is worse", "[compare]") {
  const std::string metric = GENERATE(as<std::string>{}, "cancelled_share", "retry_expired_share",
                                      "attempts_per_recipient", "cost", "duration_minutes");
  CHECK(betterDirection(metric) == -1);
}

TEST_CASE("fewer failed or did-not-pick recipients is neither better nor worse by itself: the completed share judges", "[compare]") {
  const std::string metric = GENERATE(as<std::string>{}, "failed_share", "did_not_pick_share");
  CHECK(betterDirection(metric) == 0);
}
