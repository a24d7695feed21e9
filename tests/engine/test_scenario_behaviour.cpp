// Scenario fields beyond model.md §9 for retry tuning: behaviour, wait lists, per-outcome rules;
// and validate's recipients summary when the scenario is invalid.
#include <catch2/catch.hpp>

#include "api.h"
#include "report.h"
#include "scenario.h"

using namespace cs;

namespace {
bool hasError(const ParseResult& r, const std::string& path, const std::string& part = "") {
  for (const auto& e : r.errors)
    if (e.path == path && e.message.find(part) != std::string::npos) return true;
  return false;
}
bool hasWarning(const ParseResult& r, const std::string& part) {
  for (const auto& w : r.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("scenario: behaviour fields parse and stay off by default", "[scenario][behaviour]") {
  const ParseResult plain = parseScenario(R"({"recipients":{"count":5}})");
  REQUIRE(plain.scenario);
  CHECK(plain.scenario->campaigns[0].behaviour.independentAttempts());
  CHECK(plain.scenario->campaigns[0].behaviour.segments.empty());

  const ParseResult r = parseScenario(R"({
    "recipients": {"count": 5},
    "behaviour": {
      "segments": [
        {"name": "invalid", "share": 0.1, "outcomes": {"failed": 1}},
        {"share": 0.9, "outcomes": {"completed": 0.5, "busy": 0.5}}],
      "answer_rate_by_hour": [1,1,1,1,1,1,1,1,1,1.2,1.2,1,0.8,0.8,1,1,1,1,1,1,1,1,1,1],
      "busy_persistence": {"probability": 0.7, "half_life_minutes": 15},
      "no_answer_persistence": {"probability": 0.3},
      "answer_rate_per_attempt": 0.9}})");
  INFO(r.errors.size());
  REQUIRE(r.scenario);
  const BehaviourDef& b = r.scenario->campaigns[0].behaviour;
  REQUIRE(b.segments.size() == 2);
  CHECK(b.segments[0].name == "invalid");
  CHECK(b.segments[1].name == "Segment 2");
  CHECK(b.segments[1].outcomes[Outcome::busy] == 0.5);
  CHECK(b.answer_rate_by_hour.size() == 24);
  CHECK(b.busy_persistence.probability == 0.7);
  CHECK(b.busy_persistence.half_life_minutes == 15);
  CHECK(b.no_answer_persistence.half_life_minutes == 30);
  CHECK(b.answer_rate_per_attempt == 0.9);
}

TEST_CASE("scenario: behaviour errors name their path", "[scenario][behaviour]") {
  const ParseResult r = parseScenario(R"({
    "recipients": {"count": 5},
    "behaviour": {
      "segments": [{"share": 0.5, "outcomes": {"completed": 1}}, {"share": 0.4, "outcomes": {"completed": 1}}],
      "answer_rate_by_hour": [1, 2],
      "busy_persistence": {"probability": 1.5},
      "answer_rate_per_attempt": -1,
      "mood": "grumpy"}})");
  CHECK_FALSE(r.scenario);
  CHECK(hasError(r, "/behaviour/segments", "sum to 1"));
  CHECK(hasError(r, "/behaviour/answer_rate_by_hour", "24"));
  CHECK(hasError(r, "/behaviour/busy_persistence/probability", "from 0 to 1"));
  CHECK(hasError(r, "/behaviour/answer_rate_per_attempt"));
  CHECK(hasError(r, "/behaviour/mood", "unknown key"));
  const ParseResult missing = parseScenario(R"({"recipients":{"count":5},"behaviour":{"segments":[{"name":"x"}]}})");
  CHECK(hasError(missing, "/behaviour/segments/0/share", "required"));
  CHECK(hasError(missing, "/behaviour/segments/0/outcomes", "required"));
}

TEST_CASE("scenario: wait lists and per-outcome rules are parsed and flagged beyond DialNexa", "[scenario][retry]") {
  const ParseResult r = parseScenario(R"({
    "recipients": {"count": 5},
    "retry": {"max_retries": 3, "wait_minutes": 30, "wait_minutes_list": [10, 60, 240],
              "rules": {"busy": {"max_retries": 1, "wait_minutes": 5}, "voicemail": {"max_retries": 1}}}})");
  REQUIRE(r.scenario);
  const RetryDef& retry = r.scenario->campaigns[0].retry;
  CHECK(retry.wait_minutes_list == std::vector<int>{10, 60, 240});
  REQUIRE(retry.rules[static_cast<int>(Outcome::busy)]);
  CHECK(*retry.rules[static_cast<int>(Outcome::busy)]->wait_minutes == 5);
  CHECK(waitBeforeRetry(retry, 1, Outcome::busy) == 5);
  CHECK(waitBeforeRetry(retry, 1, Outcome::no_answer) == 10);
  CHECK(waitBeforeRetry(retry, 3, Outcome::no_answer) == 240);
  CHECK(hasWarning(r, "beyond DialNexa"));
  CHECK(hasWarning(r, "has no effect"));  // voicemail is not retried by default

  const ParseResult bad = parseScenario(R"({
    "recipients": {"count": 5},
    "retry": {"wait_minutes_list": [0], "rules": {"failed": {"max_retries": 1}, "busy": {"wait_minutes": 0}}}})");
  CHECK(hasError(bad, "/retry/wait_minutes_list/0", "from 1"));
  CHECK(hasError(bad, "/retry/rules/failed", "unknown key"));
  CHECK(hasError(bad, "/retry/rules/busy/wait_minutes"));
}

TEST_CASE("validate reports grouped rejected rows even when the scenario is invalid", "[scenario][csv]") {
  const std::string scenario = R"({
    "recipients": {"csv": "phone_number,name\n+14155550101,Ann\n12345,Bob\n+1415555010x,Cy\n"},
    "retry": {"max_retries": 2, "wait_minutes": 0}})";
  const Json v = Json::parse(validateJson(scenario));
  CHECK(v["valid"] == false);
  REQUIRE(v["recipients"].size() == 1);
  CHECK(v["recipients"][0]["rejected"]["invalid_phone_number"]["rows"] == Json::array({3, 4}));

  const Json all_bad = Json::parse(validateJson(R"({"recipients": {"csv": "phone_number\n123\n"}})"));
  CHECK(all_bad["valid"] == false);
  CHECK(all_bad["recipients"][0]["rejected"]["invalid_phone_number"]["count"] == 1);
}
