// The default scenario: one source of defaults (Box2D's b2DefaultWorldDef). What the engine prints
// as its defaults is what it applies when every key is left out, so the page, the CLI and the
// schema cannot drift apart.
#include <catch2/catch.hpp>

#include "api.h"
#include "default_scenario.h"
#include "report.h"

using cs::Json;

namespace {
cs::ScenarioDef parse(const std::string& text) {
  auto r = cs::parseScenario(text);
  REQUIRE(r.errors.empty());
  return *r.scenario;
}
}  // namespace

TEST_CASE("the default scenario is a valid scenario", "[defaults]") {
  const Json v = Json::parse(cs::validateJson(cs::defaultScenarioJson()));
  CHECK(v["valid"].get<bool>());
  CHECK(v["errors"].empty());
}

TEST_CASE("the default scenario means the same as a scenario that leaves every key out", "[defaults]") {
  // Only the recipients are required; the defaults fill in everything else.
  const auto explicit_ = parse(cs::defaultScenarioJson());
  const auto implicit = parse(R"({"recipients":{"count":1000}})");
  CHECK(explicit_.seed == implicit.seed);
  CHECK(explicit_.start_epoch_minute == implicit.start_epoch_minute);
  CHECK(explicit_.organization.concurrency == implicit.organization.concurrency);
  CHECK(explicit_.organization.balance == implicit.organization.balance);
  const auto& a = explicit_.campaigns.at(0);
  const auto& b = implicit.campaigns.at(0);
  CHECK(a.name == b.name);
  CHECK(a.outcomes.p == b.outcomes.p);
  CHECK(a.retry.max_retries == b.retry.max_retries);
  CHECK(a.retry.wait_minutes == b.retry.wait_minutes);
  CHECK(a.retry.retry_on_no_answer == b.retry.retry_on_no_answer);
  CHECK(a.retry.retry_on_busy == b.retry.retry_on_busy);
  CHECK(a.retry.retry_on_voicemail == b.retry.retry_on_voicemail);
  CHECK(a.schedule.starts_at_minute == b.schedule.starts_at_minute);
  CHECK(a.schedule.ends_at_minute == b.schedule.ends_at_minute);
  CHECK(a.schedule.calling_hours_start == b.schedule.calling_hours_start);
  CHECK(a.cost_per_minute == b.cost_per_minute);
  CHECK(a.workspace.ready == b.workspace.ready);
  CHECK(a.launch_at_minute == b.launch_at_minute);
  // ...and the same results, byte for byte.
  CHECK(cs::runJson(cs::defaultScenarioJson(), {}) == cs::runJson(R"({"recipients":{"count":1000}})", {}));
}

TEST_CASE("the default scenario takes its values from the definition structs", "[defaults]") {
  const Json d = cs::defaultScenario();
  const cs::CampaignDef c;
  CHECK(d["retry"]["max_retries"] == c.retry.max_retries);
  CHECK(d["retry"]["wait_minutes"] == c.retry.wait_minutes);
  CHECK(d["outcomes"]["completed"] == c.outcomes.p[0]);
  CHECK(d["recipients"]["count"] == cs::kDefaultScenarioRecipients);
  CHECK(d["simulation_start"] == std::string(cs::kDefaultSimulationStart));
}
