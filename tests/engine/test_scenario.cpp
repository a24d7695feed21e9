// Scenario files (model.md §9, engine/SCENARIO.md): defaults, both forms, and one test per rule
// with the JSON pointer of the error.
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api.h"
#include "civil_time.h"
#include "report.h"
#include "scenario.h"

#ifndef FIXTURES_DIR
#define FIXTURES_DIR "tests/fixtures"
#endif

using cs::Distribution;
using cs::ParseResult;

namespace {

std::string readFixture(const std::string& name) {
  std::ifstream in(std::string(FIXTURES_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string listErrors(const ParseResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += "  " + e.path + " :: " + e.message + "\n";
  for (const auto& w : r.warnings) out += "  warning " + w + "\n";
  return out;
}

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

// A valid single-campaign document with `extra` members added at the top level.
std::string withRecipients(const std::string& extra) {
  return R"({"recipients": {"count": 10})" + (extra.empty() ? "" : ", " + extra) + "}";
}

// Parses `doc` and requires exactly one error, at `path`, whose message contains `part`.
void requireOneError(const std::string& doc, const std::string& path, const std::string& part) {
  const ParseResult r = cs::parseScenario(doc);
  INFO(doc);
  INFO(listErrors(r));
  CHECK(r.errors.size() == 1);
  CHECK(hasError(r, path, part));
  CHECK_FALSE(r.scenario.has_value());
}

// Returns a copy: callers often pass a temporary ParseResult.
cs::ScenarioDef requireValid(const ParseResult& r) {
  INFO(listErrors(r));
  REQUIRE(r.errors.empty());
  REQUIRE(r.scenario.has_value());
  return *r.scenario;
}

bool sameDistribution(const Distribution& a, const Distribution& b) {
  return a.kind == b.kind && a.a == b.a && a.b == b.b && a.cap == b.cap;
}

constexpr std::int64_t kDefaultStart = cs::daysFromCivil(2026, 12, 7) * 1440 + 9 * 60;

}  // namespace

// ---- Valid documents ---------------------------------------------------------------------------

TEST_CASE("scenario: the model.md §9 example parses to its values", "[scenario]") {
  const ParseResult r = cs::parseScenario(readFixture("example.json"));
  const auto s = requireValid(r);
  CHECK(r.warnings.empty());
  CHECK(s.seed == 7);
  CHECK(s.start_epoch_minute == kDefaultStart);
  CHECK_FALSE(s.organization_form);
  CHECK(s.organization.concurrency == 10);
  CHECK_FALSE(s.organization.balance.has_value());
  REQUIRE(s.campaigns.size() == 1);
  const auto& c = s.campaigns[0];
  CHECK(c.name == "Q3 follow-up");
  CHECK(c.recipients.size() == 1000);
  CHECK_FALSE(c.recipients.fromCsv());
  CHECK(c.outcomes[cs::Outcome::completed] == 0.30);
  CHECK(c.outcomes[cs::Outcome::voicemail] == 0.10);
  CHECK(c.outcomes[cs::Outcome::did_not_pick] == 0.20);
  CHECK(c.outcomes[cs::Outcome::busy] == 0.10);
  CHECK(c.outcomes[cs::Outcome::no_answer] == 0.20);
  CHECK(c.outcomes[cs::Outcome::failed] == 0.10);
  CHECK(c.retry.max_retries == 2);
  CHECK(c.retry.wait_minutes == 30);
  CHECK(c.retry.retry_on_no_answer);
  CHECK(c.retry.retry_on_busy);
  CHECK_FALSE(c.retry.retry_on_voicemail);
  CHECK(c.schedule.starts_at_minute == 0);
  CHECK_FALSE(c.schedule.ends_at_minute.has_value());
  CHECK_FALSE(c.schedule.calling_hours_start.has_value());
  CHECK_FALSE(c.schedule.calling_hours_end.has_value());
  CHECK_FALSE(c.concurrency.has_value());
  CHECK(c.cost_per_minute == 1.0);
  CHECK(c.workspace.ready);
  CHECK(c.workspace.outbound_number_assigned);
  CHECK(c.launch_at_minute == 0);
  REQUIRE(c.actions.size() == 2);
  CHECK(c.actions[0].at_minute == 60);
  CHECK(c.actions[0].kind == cs::ScriptedActionKind::pause);
  CHECK(c.actions[1].at_minute == 90);
  CHECK(c.actions[1].kind == cs::ScriptedActionKind::resume);
}

TEST_CASE("scenario: every absent field takes the default of scenario.h", "[scenario][defaults]") {
  const ParseResult r = cs::parseScenario(R"({"recipients": {"count": 5}})");
  const auto s = requireValid(r);
  CHECK(r.warnings.empty());
  const cs::ScenarioDef defaults;
  const cs::CampaignDef campaign_defaults;
  CHECK(s.seed == defaults.seed);
  CHECK(s.start_epoch_minute == kDefaultStart);
  CHECK(cs::formatEpochSeconds(s.start_epoch_minute * 60) == "2026-12-07T09:00:00");
  CHECK(cs::weekdayFromDays(s.start_epoch_minute / 1440) == 0);  // a Monday
  CHECK(s.organization.concurrency == 10);
  CHECK_FALSE(s.organization.balance.has_value());
  REQUIRE(s.campaigns.size() == 1);
  const auto& c = s.campaigns[0];
  CHECK(c.name == "Campaign");
  CHECK(c.recipients.size() == 5);
  CHECK(c.outcomes.p == campaign_defaults.outcomes.p);
  CHECK(c.retry.max_retries == 2);
  CHECK(c.retry.wait_minutes == 30);
  CHECK(c.retry.retry_on_no_answer);
  CHECK(c.retry.retry_on_busy);
  CHECK_FALSE(c.retry.retry_on_voicemail);
  CHECK(c.schedule.starts_at_minute == 0);
  CHECK_FALSE(c.schedule.ends_at_minute);
  CHECK_FALSE(c.schedule.calling_hours_start);
  CHECK_FALSE(c.concurrency);
  CHECK(c.cost_per_minute == 1.0);
  CHECK(c.workspace.ready);
  CHECK(c.workspace.outbound_number_assigned);
  CHECK(c.launch_at_minute == 0);
  CHECK(c.actions.empty());
  const cs::TimingDef t;
  CHECK(sameDistribution(c.timing.dispatch_delay, t.dispatch_delay));
  CHECK(sameDistribution(c.timing.talk, t.talk));
  CHECK(sameDistribution(c.timing.failure, t.failure));
}

TEST_CASE("scenario: empty sections keep their defaults; a given outcome mix zeroes the rest",
          "[scenario][defaults]") {
  const ParseResult r = cs::parseScenario(withRecipients(
      R"("retry": {}, "schedule": {}, "wallet": {}, "workspace": {}, "timing": {}, "actions": [],
         "outcomes": {"completed": 0.75, "busy": 0.25})"));
  const auto c = requireValid(r).campaigns[0];
  CHECK(c.retry.max_retries == 2);
  CHECK(c.outcomes[cs::Outcome::completed] == 0.75);
  CHECK(c.outcomes[cs::Outcome::busy] == 0.25);
  CHECK(c.outcomes[cs::Outcome::voicemail] == 0);
  CHECK(c.outcomes[cs::Outcome::failed] == 0);
}

TEST_CASE("scenario: single form maps concurrency and balance to the organization", "[scenario]") {
  const auto s = requireValid(cs::parseScenario(withRecipients(
      R"("concurrency": 7, "wallet": {"balance": 12.5, "cost_per_minute": 2}, "launch_at_minute": null,
         "seed": 9007199254740992, "simulation_start": "2028-02-29T23:59")")));
  CHECK(s.organization.concurrency == 7);
  CHECK(s.organization.balance == 12.5);
  CHECK(s.campaigns[0].cost_per_minute == 2.0);
  CHECK_FALSE(s.campaigns[0].concurrency);
  CHECK_FALSE(s.campaigns[0].launch_at_minute.has_value());
  CHECK(s.seed == 9007199254740992ull);
  CHECK(s.start_epoch_minute == cs::daysFromCivil(2028, 2, 29) * 1440 + 23 * 60 + 59);
}

TEST_CASE("scenario: integral numbers written with a fraction are integers", "[scenario]") {
  const auto s =
      requireValid(cs::parseScenario(withRecipients(R"("concurrency": 10.0, "seed": 3e2)")));
  CHECK(s.organization.concurrency == 10);
  CHECK(s.seed == 300);
}

TEST_CASE("scenario: the organization form", "[scenario][organization]") {
  const ParseResult r = cs::parseScenario(readFixture("org_two_campaigns.json"));
  const auto s = requireValid(r);
  CHECK(s.organization_form);
  CHECK(s.seed == 42);
  CHECK(s.organization.concurrency == 25);
  CHECK(s.organization.balance == 500.0);
  REQUIRE(s.campaigns.size() == 2);
  CHECK(s.campaigns[0].name == "Renewals");
  CHECK(s.campaigns[0].recipients.size() == 300);
  CHECK(s.campaigns[0].cost_per_minute == 1.5);
  CHECK_FALSE(s.campaigns[0].concurrency);
  CHECK(s.campaigns[0].launch_at_minute == 0);
  CHECK(s.campaigns[1].name == "Campaign 2");  // default name: 1-based position
  CHECK(s.campaigns[1].concurrency == 5);
  CHECK(s.campaigns[1].cost_per_minute == 1.0);
  CHECK(s.campaigns[1].launch_at_minute == 30);
  CHECK(s.campaigns[1].schedule.calling_hours_start == 9 * 60);
  CHECK(s.campaigns[1].schedule.calling_hours_end == 18 * 60);
  REQUIRE(s.campaigns[1].actions.size() == 1);
  CHECK(s.campaigns[1].actions[0].kind == cs::ScriptedActionKind::top_up);
  CHECK(s.campaigns[1].actions[0].amount == 250.0);
}

TEST_CASE("scenario: organization form defaults", "[scenario][organization]") {
  const auto s =
      requireValid(cs::parseScenario(R"({"campaigns": [{"recipients": {"count": 1}}]})"));
  CHECK(s.organization_form);
  CHECK(s.organization.concurrency == 10);
  CHECK_FALSE(s.organization.balance);
  CHECK(s.campaigns[0].name == "Campaign 1");
}

TEST_CASE("scenario: CSV recipients with variables", "[scenario][csv]") {
  const ParseResult r = cs::parseScenario(readFixture("csv_basic.json"));
  const auto c = requireValid(r).campaigns[0];
  CHECK(r.warnings.empty());
  CHECK(c.recipients.fromCsv());
  CHECK(c.recipients.size() == 5);
  CHECK(c.recipients.variable_names == std::vector<std::string>{"first_name", "city"});
  CHECK(c.recipients.value(1, 0) == "Lee, Sam");
  CHECK(c.recipients.value(3, 0) == "Alex \"AJ\" Jones");
  CHECK(c.recipients.phone(2) == "+919876543210");
}

TEST_CASE("scenario: rejected CSV rows and duplicates are warnings, not errors",
          "[scenario][csv]") {
  const ParseResult r = cs::parseScenario(readFixture("csv_rejections.json"));
  const auto c = requireValid(r).campaigns[0];
  CHECK(c.recipients.size() == 3);
  CHECK(r.warnings == std::vector<std::string>{
                          "/recipients/csv: 2 rows rejected as invalid_phone_number (rows 3, 7)",
                          "/recipients/csv: 1 row rejected as unsupported_country (row 4)",
                          "/recipients/csv: 1 row rejected as unsupported_prefix (row 8)",
                          "/recipients/csv: 1 row rejected as malformed_row (row 9)",
                          "/recipients/csv: phone number +14155550101 appears 2 times (rows 2, 6); "
                          "every copy is kept and called"});
}

TEST_CASE("scenario: long row lists in warnings are cut", "[scenario][csv]") {
  std::string csv = "phone_number\\n+14155550100\\n";
  for (int i = 0; i < 30; ++i) csv += "bad\\n";
  const ParseResult r = cs::parseScenario(R"({"recipients": {"csv": ")" + csv + R"("}})");
  requireValid(r);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] ==
        "/recipients/csv: 30 rows rejected as invalid_phone_number (rows 3, 4, 5, 6, 7, 8, 9, 10, "
        "11, 12, ... (20 more))");
}

TEST_CASE("scenario: warnings for values outside the product's range", "[scenario][warnings]") {
  const ParseResult r = cs::parseScenario(withRecipients(
      R"("retry": {"max_retries": 7}, "name": "A campaign name far longer than thirty-five characters",
         "actions": [{"at_minute": 5, "action": "top_up", "amount": 10}])"));
  const auto s = requireValid(r);
  CHECK(s.campaigns[0].retry.max_retries == 7);
  CHECK(hasWarning(r, "/retry/max_retries: 7 is outside DialNexa's product range 0–4"));
  CHECK(hasWarning(r, "/name: is 54 characters; DialNexa limits batch titles to 35"));
  CHECK(hasWarning(r, "/actions: top_up has no effect while the wallet balance is unlimited"));
  const ParseResult org = cs::parseScenario(
      R"({"organization": {"concurrency": 4}, "campaigns": [{"recipients": {"count": 1}, "concurrency": 9}]})");
  requireValid(org);
  CHECK(hasWarning(
      org, "/campaigns/0/concurrency: the per-campaign cap 9 exceeds the organization's 4"));
}

TEST_CASE("scenario: actions are kept in time order, ties in file order", "[scenario][actions]") {
  const auto c =
      requireValid(cs::parseScenario(withRecipients(R"("wallet": {"balance": 5}, "actions": [
      {"at_minute": 90, "action": "resume"},
      {"at_minute": 60, "action": "pause"},
      {"at_minute": 90, "action": "top_up", "amount": 2.5},
      {"at_minute": 0, "action": "set_workspace", "ready": false},
      {"at_minute": 10, "action": "set_workspace", "outbound_number_assigned": true, "ready": true},
      {"at_minute": 200, "action": "cancel"}, {"at_minute": 0, "action": "launch"}])")))
          .campaigns[0];
  REQUIRE(c.actions.size() == 7);
  using K = cs::ScriptedActionKind;
  CHECK(c.actions[0].kind == K::set_workspace);
  CHECK(c.actions[0].workspace_ready == false);
  CHECK_FALSE(c.actions[0].outbound_number_assigned.has_value());
  CHECK(c.actions[1].kind == K::launch);
  CHECK(c.actions[2].kind == K::set_workspace);
  CHECK(c.actions[2].outbound_number_assigned == true);
  CHECK(c.actions[3].kind == K::pause);
  CHECK(c.actions[4].kind == K::resume);
  CHECK(c.actions[5].kind == K::top_up);
  CHECK(c.actions[5].amount == 2.5);
  CHECK(c.actions[6].kind == K::cancel);
}

TEST_CASE("scenario: timing distributions of every kind", "[scenario][timing]") {
  const auto t = requireValid(cs::parseScenario(withRecipients(R"("timing": {
      "dispatch_delay": {"kind": "fixed", "value": 2},
      "talk": {"kind": "lognormal", "mean": 120, "sd": 60, "cap": 1800},
      "ring_to_answer": {"kind": "exponential", "mean": 8},
      "no_answer": {"kind": "exponential", "mean": 20, "cap": 60},
      "busy_signal": {"kind": "uniform", "min": 3, "max": 3},
      "voicemail": {"kind": "lognormal", "mean": 30, "sd": 0}})")))
                     .campaigns[0]
                     .timing;
  CHECK(sameDistribution(t.dispatch_delay, Distribution::fixed(2)));
  CHECK(sameDistribution(t.talk, Distribution::lognormal(120, 60, 1800)));
  CHECK(sameDistribution(t.ring_to_answer, Distribution::exponential(8)));
  CHECK(sameDistribution(t.no_answer, Distribution::exponential(20, 60)));
  CHECK(sameDistribution(t.busy_signal, Distribution::uniform(3, 3)));
  CHECK(sameDistribution(t.voicemail, Distribution::lognormal(30, 0)));
  CHECK(sameDistribution(t.ring_out, cs::TimingDef{}.ring_out));  // untouched
}

TEST_CASE("scenario: calling hours", "[scenario][schedule]") {
  const auto sc =
      requireValid(
          cs::parseScenario(withRecipients(
              R"("schedule": {"starts_at_minute": 60, "ends_at_minute": 61, "calling_hours_start": "22:30", "calling_hours_end": "06:00"})")))
          .campaigns[0]
          .schedule;
  CHECK(sc.starts_at_minute == 60);
  CHECK(sc.ends_at_minute == 61);
  CHECK(sc.calling_hours_start == 22 * 60 + 30);
  CHECK(sc.calling_hours_end == 6 * 60);  // wraps midnight
  const auto day =
      requireValid(
          cs::parseScenario(withRecipients(
              R"("schedule": {"calling_hours_start": "00:00", "calling_hours_end": "24:00"})")))
          .campaigns[0]
          .schedule;
  CHECK(day.calling_hours_end == 24 * 60);
}

TEST_CASE("scenario: retries may be off with a zero wait", "[scenario][retry]") {
  const auto c =
      requireValid(
          cs::parseScenario(withRecipients(
              R"("retry": {"max_retries": 0, "wait_minutes": 0, "retry_on_voicemail": true, "retry_on_busy": false})")))
          .campaigns[0];
  CHECK(c.retry.max_retries == 0);
  CHECK(c.retry.wait_minutes == 0);
  CHECK(c.retry.retry_on_voicemail);
  CHECK_FALSE(c.retry.retry_on_busy);
}

TEST_CASE("scenario: outcome sums within 1e-9 of 1 are accepted", "[scenario][outcomes]") {
  requireValid(cs::parseScenario(withRecipients(
      R"("outcomes": {"completed": 0.1, "voicemail": 0.2, "did_not_pick": 0.3, "busy": 0.1, "no_answer": 0.1, "failed": 0.2000000005})")));
}

// ---- Errors -------------------------------------------------------------------------------------

TEST_CASE("errors: malformed JSON is one error at the root with the parser's position",
          "[scenario][errors]") {
  for (const char* text : {"", "{", "{\"recipients\": {\"count\": 5},}", "{\"a\": NaN}", "[1, 2",
                           "{\"recipients\": {\"count\": 5}} trailing", "{'a': 1}"}) {
    const ParseResult r = cs::parseScenario(text);
    INFO(text);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].path == "");
    CHECK_THAT(r.errors[0].message,
               Catch::StartsWith("invalid JSON: parse error at line 1, column"));
    CHECK_FALSE(r.scenario);
  }
}

TEST_CASE("errors: numbers too large for a double are reported at their path",
          "[scenario][errors]") {
  requireOneError(withRecipients(R"("outcomes": {"busy": 1e999})"), "/outcomes/busy",
                  "must be a finite number, found 1e999");
  requireOneError(withRecipients(R"("timing": {"talk": {"kind": "fixed", "value": -1e999}})"),
                  "/timing/talk/value", "finite");
  requireOneError(withRecipients(R"("actions": [{"at_minute": 1}, {"at_minute": 2e400}])"),
                  "/actions/1/at_minute", "finite");
}

TEST_CASE("errors: the document must be an object", "[scenario][errors]") {
  requireOneError("[]", "", "must be a JSON object, found an array");
  requireOneError("42", "", "found 42");
}

TEST_CASE("errors: unknown keys list the allowed keys, with a suggestion", "[scenario][errors]") {
  requireOneError(
      withRecipients(R"("retry": {"wait_minute": 5})"), "/retry/wait_minute",
      "unknown key \"wait_minute\" (did you mean \"wait_minutes\"?); allowed keys: max_retries, "
      "wait_minutes, retry_on_no_answer, retry_on_busy, retry_on_voicemail");
  requireOneError(withRecipients(R"("colour": "red")"), "/colour", "allowed keys: name, seed,");
  requireOneError(withRecipients(R"("schedule": {"starts_at": 5})"), "/schedule/starts_at",
                  "unknown key");
  requireOneError(withRecipients(R"("workspace": {"readyy": true})"), "/workspace/readyy",
                  "did you mean \"ready\"");
  requireOneError(withRecipients(R"("outcomes": {"completed": 1, "answered": 0})"),
                  "/outcomes/answered",
                  "allowed keys: completed, voicemail, did_not_pick, busy, no_answer, failed");
  requireOneError(withRecipients(R"("timing": {"ringing": {"kind": "fixed", "value": 1}})"),
                  "/timing/ringing", "allowed keys: dispatch_delay, provider_ack,");
  requireOneError(R"({"recipients": {"count": 10, "size": 3}})", "/recipients/size", "unknown key");
  requireOneError(withRecipients(R"("wallet": {"limit": 3})"), "/wallet/limit",
                  "allowed keys: balance, cost_per_minute");
}

TEST_CASE("errors: JSON pointer tokens are escaped", "[scenario][errors]") {
  requireOneError(withRecipients(R"("a/b~c": 1)"), "/a~1b~0c", "unknown key \"a/b~c\"");
}

TEST_CASE("errors: a key given twice", "[scenario][errors]") {
  requireOneError(R"({"recipients": {"count": 1}, "retry": {"max_retries": 1, "max_retries": 3}})",
                  "/retry/max_retries", "duplicate key \"max_retries\"");
}

TEST_CASE("errors: wrong JSON types say what was expected and what was found",
          "[scenario][errors]") {
  requireOneError(withRecipients(R"("retry": [])"), "/retry", "must be an object, found an array");
  requireOneError(withRecipients(R"("concurrency": "10")"), "/concurrency",
                  "must be an integer from 1 to 10000, found \"10\" (a string)");
  requireOneError(withRecipients(R"("retry": {"retry_on_busy": "yes"})"), "/retry/retry_on_busy",
                  "must be true or false, found \"yes\" (a string)");
  requireOneError(withRecipients(R"("outcomes": {"completed": "1"})"), "/outcomes/completed",
                  "must be a number from 0 to 1, found \"1\" (a string)");
  requireOneError(withRecipients(R"("name": 5)"), "/name", "must be a non-empty string, found 5");
  requireOneError(withRecipients(R"("seed": true)"), "/seed", "found true (a boolean)");
  requireOneError(withRecipients(R"("actions": {})"), "/actions", "must be an array");
  requireOneError(withRecipients(R"("timing": {"talk": 30})"), "/timing/talk", "must be an object");
  requireOneError(withRecipients(R"("workspace": {"ready": null})"), "/workspace/ready",
                  "found null");
  requireOneError(withRecipients(R"("concurrency": 2.5)"), "/concurrency", "found 2.5");
  requireOneError(R"({"recipients": 10})", "/recipients", "must be an object, found 10");
}

TEST_CASE("errors: seed and simulation_start", "[scenario][errors]") {
  requireOneError(withRecipients(R"("seed": -1)"), "/seed",
                  "must be an integer from 0 to 9007199254740992, found -1");
  requireOneError(withRecipients(R"("seed": 9007199254740993)"), "/seed", "found 9007199254740993");
  requireOneError(withRecipients(R"("seed": 18446744073709551615)"), "/seed",
                  "found 18446744073709551615");
  requireOneError(withRecipients(R"("simulation_start": "2026-12-07 09:00")"), "/simulation_start",
                  "\"YYYY-MM-DDTHH:MM\"");
  requireOneError(withRecipients(R"("simulation_start": "2027-02-29T09:00")"), "/simulation_start",
                  "day 29 does not exist");
  requireOneError(withRecipients(R"("simulation_start": "1969-12-31T23:59")"), "/simulation_start",
                  "1970");
  requireOneError(withRecipients(R"("simulation_start": "2026-12-07T24:00")"), "/simulation_start",
                  "hour");
  requireOneError(withRecipients(R"("simulation_start": "2026-12-07T09:00:00")"),
                  "/simulation_start", "found");
  requireOneError(withRecipients(R"("simulation_start": 1765098000)"), "/simulation_start",
                  "found 1765098000");
}

TEST_CASE("errors: recipients", "[scenario][errors][recipients]") {
  requireOneError(R"({"name": "x"})", "/recipients", "is required");
  requireOneError(R"({"recipients": {}})", "/recipients", "needs count");
  requireOneError(R"({"recipients": {"count": 5, "csv": "phone_number\n+14155550101\n"}})",
                  "/recipients", "exactly one of count");
  requireOneError(R"({"recipients": {"count": 0}})", "/recipients/count",
                  "from 1 to 10000000, found 0");
  requireOneError(R"({"recipients": {"count": 10000001}})", "/recipients/count", "found 10000001");
  requireOneError(R"({"recipients": {"count": 5, "enabled_countries": ["1"]}})",
                  "/recipients/enabled_countries", "only allowed with csv");
  requireOneError(R"({"recipients": {"csv": 5}})", "/recipients/csv", "must be a string");
  requireOneError(
      R"({"recipients": {"csv": "phone_number\n+14155550101\n", "enabled_countries": "1"}})",
      "/recipients/enabled_countries", "must be an array");
  requireOneError(
      R"({"recipients": {"csv": "phone_number\n+14155550101\n", "enabled_countries": ["1", "+91"]}})",
      "/recipients/enabled_countries/1", "digits");
  requireOneError(
      R"({"recipients": {"csv": "phone_number\n+14155550101\n", "enabled_countries": ["1", "1234"]}})",
      "/recipients/enabled_countries/1", "1 to 3 digits");
  requireOneError(
      R"({"recipients": {"csv": "phone_number\n+14155550101\n", "enabled_countries": [1]}})",
      "/recipients/enabled_countries/0", "found 1");
  requireOneError(
      R"({"recipients": {"csv": "phone_number\n+14155550101\n", "enabled_countries": ["999"]}})",
      "/recipients/enabled_countries/0", "country calling code");
  requireOneError(
      R"({"recipients": {"csv": "phone_number\n+14155550101\n", "enabled_prefixes": ["1415", "x"]}})",
      "/recipients/enabled_prefixes/1", "digits");
}

TEST_CASE("errors: CSV problems that make the file unusable", "[scenario][errors][csv]") {
  requireOneError(R"({"recipients": {"csv": ""}})", "/recipients/csv", "empty");
  requireOneError(R"({"recipients": {"csv": "phone,name\n+14155550101,a\n"}})", "/recipients/csv",
                  "no phone_number column: the header (row 1) has \"phone\", \"name\"");
  requireOneError(R"({"recipients": {"csv": "phone_number,a,a\n+14155550101,1,2\n"}})",
                  "/recipients/csv", "duplicate column name \"a\"");
  requireOneError(R"({"recipients": {"csv": "phone_number,a\n+14155550101,\"x\n"}})",
                  "/recipients/csv", "quote opened in row 2");
  requireOneError(R"({"recipients": {"csv": "phone_number,a\n"}})", "/recipients/csv",
                  "no valid recipients: the CSV has a header row but no data rows");
  requireOneError(
      R"({"recipients": {"csv": "phone_number\nabc\n+919876543210\n", "enabled_countries": ["1"]}})",
      "/recipients/csv",
      "no valid recipients: 1 row rejected as invalid_phone_number (row 2); 1 row rejected as "
      "unsupported_country (row 3)");
  requireOneError(
      R"({"recipients": {"csv": "phone_number\n+14155550101\n", "enabled_countries": []}})",
      "/recipients/csv", "1 row rejected as no_enabled_countries (row 2)");
  requireOneError(
      R"({"recipients": {"csv": "phone_number\n+14155550101\n", "enabled_prefixes": ["44"]}})",
      "/recipients/csv", "unsupported_prefix");
  // A broken enabled list does not hide a broken file.
  const ParseResult r =
      cs::parseScenario(R"({"recipients": {"csv": "name\nx\n", "enabled_countries": ["0"]}})");
  CHECK(r.errors.size() == 2);
  CHECK(hasError(r, "/recipients/csv", "no phone_number column"));
}

TEST_CASE("errors: outcomes", "[scenario][errors][outcomes]") {
  requireOneError(withRecipients(R"("outcomes": {"completed": 0.5, "busy": 0.4})"), "/outcomes",
                  "must sum to 1 (within 1e-9), found 0.9 (completed 0.5 + busy 0.4)");
  requireOneError(withRecipients(R"("outcomes": {})"), "/outcomes", "found 0 (no outcome given)");
  const ParseResult r =
      cs::parseScenario(withRecipients(R"("outcomes": {"completed": 1.5, "busy": -0.5})"));
  CHECK(r.errors.size() == 2);
  CHECK(hasError(r, "/outcomes/completed", "must be a number from 0 to 1, found 1.5"));
  CHECK(hasError(r, "/outcomes/busy", "found -0.5"));
  CHECK_FALSE(hasError(r, "/outcomes"));  // no sum check on top of broken values
  requireOneError(withRecipients(R"("outcomes": {"completed": 0.5, "busy": 0.5000001})"),
                  "/outcomes", "must sum to 1");
}

TEST_CASE("errors: retry", "[scenario][errors][retry]") {
  requireOneError(withRecipients(R"("retry": {"max_retries": 11})"), "/retry/max_retries",
                  "must be an integer from 0 to 10, found 11");
  requireOneError(withRecipients(R"("retry": {"max_retries": -1})"), "/retry/max_retries",
                  "found -1");
  requireOneError(withRecipients(R"("retry": {"max_retries": 2, "wait_minutes": 0})"),
                  "/retry/wait_minutes",
                  "must be at least 1 when max_retries > 0 (max_retries is 2), found 0");
  // The default max_retries (2) counts too.
  requireOneError(withRecipients(R"("retry": {"wait_minutes": 0})"), "/retry/wait_minutes",
                  "at least 1");
  requireOneError(withRecipients(R"("retry": {"wait_minutes": 43201})"), "/retry/wait_minutes",
                  "from 0 to 43200, found 43201");
}

TEST_CASE("errors: schedule", "[scenario][errors][schedule]") {
  requireOneError(withRecipients(R"("schedule": {"starts_at_minute": -5})"),
                  "/schedule/starts_at_minute", "from 0 to 525600, found -5");
  requireOneError(withRecipients(R"("schedule": {"starts_at_minute": 525601})"),
                  "/schedule/starts_at_minute", "found 525601");
  requireOneError(withRecipients(R"("schedule": {"starts_at_minute": 100, "ends_at_minute": 100})"),
                  "/schedule/ends_at_minute",
                  "must be greater than starts_at_minute (100), found 100");
  requireOneError(withRecipients(R"("schedule": {"ends_at_minute": "60"})"),
                  "/schedule/ends_at_minute", "a string");
  for (const char* bad : {"9:00", "25:00", "12:60", "12:00:00", "noon", "24:01", "1200", ""}) {
    INFO(bad);
    requireOneError(withRecipients(std::string(R"("schedule": {"calling_hours_start": ")") + bad +
                                   R"(", "calling_hours_end": "23:00"})"),
                    "/schedule/calling_hours_start",
                    "must be null or a time \"HH:MM\" from 00:00 to 23:59");
  }
  requireOneError(
      withRecipients(
          R"("schedule": {"calling_hours_start": "24:00", "calling_hours_end": "23:00"})"),
      "/schedule/calling_hours_start", "found \"24:00\"");
  requireOneError(
      withRecipients(R"("schedule": {"calling_hours_start": "09:00", "calling_hours_end": 1700})"),
      "/schedule/calling_hours_end", "(or 24:00), found 1700");
  requireOneError(withRecipients(R"("schedule": {"calling_hours_start": "09:00"})"),
                  "/schedule/calling_hours_end",
                  "is required when calling_hours_start is set (give both or neither)");
  requireOneError(
      withRecipients(R"("schedule": {"calling_hours_start": null, "calling_hours_end": "17:00"})"),
      "/schedule/calling_hours_start", "give both or neither");
  requireOneError(
      withRecipients(
          R"("schedule": {"calling_hours_start": "09:00", "calling_hours_end": "09:00"})"),
      "/schedule/calling_hours_end", "must differ from calling_hours_start (09:00)");
}

TEST_CASE("errors: concurrency, wallet, workspace, launch_at_minute", "[scenario][errors]") {
  requireOneError(withRecipients(R"("concurrency": 0)"), "/concurrency",
                  "from 1 to 10000, found 0");
  requireOneError(withRecipients(R"("concurrency": 10001)"), "/concurrency", "found 10001");
  requireOneError(withRecipients(R"("wallet": {"balance": -1})"), "/wallet/balance",
                  "must be null (unlimited) or a number of at least 0, found -1");
  requireOneError(withRecipients(R"("wallet": {"balance": "100"})"), "/wallet/balance", "a string");
  requireOneError(withRecipients(R"("wallet": {"cost_per_minute": -0.5})"),
                  "/wallet/cost_per_minute", "must be a number of at least 0, found -0.5");
  requireOneError(withRecipients(R"("workspace": {"outbound_number_assigned": 0})"),
                  "/workspace/outbound_number_assigned", "must be true or false, found 0");
  requireOneError(withRecipients(R"("launch_at_minute": -1)"), "/launch_at_minute", "found -1");
  requireOneError(withRecipients(R"("launch_at_minute": "later")"), "/launch_at_minute",
                  "a string");
}

TEST_CASE("errors: actions", "[scenario][errors][actions]") {
  requireOneError(withRecipients(R"("actions": [{"at_minute": -1, "action": "pause"}])"),
                  "/actions/0/at_minute", "must be an integer from 0 to 5256000, found -1");
  requireOneError(
      withRecipients(
          R"("actions": [{"at_minute": 1, "action": "pause"}, {"at_minute": 5, "action": "stop"}])"),
      "/actions/1/action",
      "unknown action \"stop\"; allowed actions: launch, pause, resume, cancel, top_up, "
      "set_workspace");
  requireOneError(withRecipients(R"("actions": [{"at_minute": 1, "action": 3}])"),
                  "/actions/0/action", "found 3");
  requireOneError(withRecipients(R"("actions": [{"action": "pause"}])"), "/actions/0/at_minute",
                  "is required");
  requireOneError(withRecipients(R"("actions": [{"at_minute": 1}])"), "/actions/0/action",
                  "is required");
  requireOneError(withRecipients(R"("actions": ["pause"])"), "/actions/0", "must be an object");
  requireOneError(withRecipients(R"("actions": [{"at_minute": 1, "action": "top_up"}])"),
                  "/actions/0/amount", "is required");
  requireOneError(
      withRecipients(R"("actions": [{"at_minute": 1, "action": "top_up", "amount": 0}])"),
      "/actions/0/amount", "greater than 0, found 0");
  requireOneError(
      withRecipients(R"("actions": [{"at_minute": 1, "action": "pause", "amount": 5}])"),
      "/actions/0/amount",
      "key \"amount\" is not used by action \"pause\"; allowed keys: at_minute, action");
  requireOneError(
      withRecipients(
          R"("actions": [{"at_minute": 1, "action": "top_up", "amount": 5, "ready": true}])"),
      "/actions/0/ready", "not used by action \"top_up\"");
  requireOneError(withRecipients(R"("actions": [{"at_minute": 1, "action": "set_workspace"}])"),
                  "/actions/0", "needs ready and/or outbound_number_assigned");
  requireOneError(
      withRecipients(R"("actions": [{"at_minute": 1, "action": "set_workspace", "ready": "no"}])"),
      "/actions/0/ready", "true or false");
  requireOneError(withRecipients(R"("actions": [{"at_minute": 1, "action": "pause", "when": 5}])"),
                  "/actions/0/when", "unknown key \"when\"");
}

TEST_CASE("errors: timing distributions", "[scenario][errors][timing]") {
  requireOneError(withRecipients(R"("timing": {"talk": {"kind": "gamma", "mean": 3}})"),
                  "/timing/talk/kind",
                  "must be one of fixed, uniform, exponential, lognormal, found \"gamma\"");
  requireOneError(withRecipients(R"("timing": {"talk": {"mean": 3}})"), "/timing/talk/kind",
                  "is required");
  requireOneError(withRecipients(R"("timing": {"talk": {"kind": "uniform", "min": 9, "max": 3}})"),
                  "/timing/talk/max", "must be at least min (9), found 3");
  requireOneError(withRecipients(R"("timing": {"talk": {"kind": "uniform", "min": 1}})"),
                  "/timing/talk/max", "is required");
  requireOneError(withRecipients(R"("timing": {"talk": {"kind": "exponential", "mean": 0}})"),
                  "/timing/talk/mean", "greater than 0 and at most 86400, found 0");
  requireOneError(
      withRecipients(R"("timing": {"talk": {"kind": "lognormal", "mean": 60, "sd": -1}})"),
      "/timing/talk/sd", "from 0 to 86400, found -1");
  requireOneError(withRecipients(R"("timing": {"talk": {"kind": "fixed", "value": 86401}})"),
                  "/timing/talk/value", "found 86401");
  requireOneError(
      withRecipients(R"("timing": {"talk": {"kind": "exponential", "mean": 5, "cap": 0}})"),
      "/timing/talk/cap", "greater than 0");
  requireOneError(withRecipients(R"("timing": {"talk": {"kind": "fixed", "value": 5, "cap": 9}})"),
                  "/timing/talk/cap",
                  "key \"cap\" is not used by kind \"fixed\"; allowed keys: kind, value");
  requireOneError(withRecipients(R"("timing": {"talk": {"kind": "fixed", "value": "5"}})"),
                  "/timing/talk/value", "a string");
}

TEST_CASE("errors: mixing the two forms", "[scenario][errors][organization]") {
  requireOneError(R"({"recipients": {"count": 5}, "campaigns": [{"recipients": {"count": 1}}]})",
                  "/recipients",
                  "cannot be at the top level of a file with organization/campaigns");
  requireOneError(
      R"({"organization": {}, "campaigns": [{"recipients": {"count": 1}}], "concurrency": 5})",
      "/concurrency", "/organization/concurrency");
  const ParseResult r =
      cs::parseScenario(R"({"organization": {"concurrency": 5}, "recipients": {"count": 5}})");
  CHECK(r.errors.size() == 2);
  CHECK(hasError(r, "/recipients", "cannot be at the top level"));
  CHECK(hasError(r, "/campaigns", "is required: an array of 1 to 64 campaigns"));
}

TEST_CASE("errors: the organization form", "[scenario][errors][organization]") {
  requireOneError(R"({"campaigns": []})", "/campaigns", "must hold 1 to 64 campaigns, found 0");
  requireOneError(R"({"campaigns": {}})", "/campaigns", "must be an array");
  requireOneError(R"({"campaigns": [5]})", "/campaigns/0", "must be an object, found 5");
  requireOneError(R"({"campaigns": [{"recipients": {"count": 1}, "wallet": {"balance": 100}}]})",
                  "/campaigns/0/wallet/balance", "put it at /organization/wallet/balance");
  requireOneError(
      R"({"organization": {"wallet": {"balance": 1, "cost_per_minute": 2}}, "campaigns": [{"recipients": {"count": 1}}]})",
      "/organization/wallet/cost_per_minute", "/campaigns/N/wallet/cost_per_minute");
  requireOneError(
      R"({"organization": {"concurrency": 0}, "campaigns": [{"recipients": {"count": 1}}]})",
      "/organization/concurrency", "found 0");
  requireOneError(
      R"({"organization": {"balance": 5}, "campaigns": [{"recipients": {"count": 1}}]})",
      "/organization/balance", "/organization/wallet/balance");
  requireOneError(
      R"({"campaigns": [{"recipients": {"count": 1}}, {"recipients": {"count": 1}, "seed": 4}]})",
      "/campaigns/1/seed", "put it at /seed");
  requireOneError(R"({"campaigns": [{"recipients": {"count": 1}}, {"recipients": {"count": 0}}]})",
                  "/campaigns/1/recipients/count", "found 0");
  requireOneError(R"({"campaigns": [{"name": "a"}]})", "/campaigns/0/recipients", "is required");
  std::string many = R"({"campaigns": [)";
  for (int i = 0; i < 65; ++i)
    many += std::string(i ? "," : "") + R"({"recipients": {"count": 1}})";
  requireOneError(many + "]}", "/campaigns", "found 65");
}

TEST_CASE("errors: every problem is reported at once", "[scenario][errors]") {
  const ParseResult r = cs::parseScenario(readFixture("invalid_many.json"));
  INFO(listErrors(r));
  CHECK_FALSE(r.scenario);
  std::vector<std::string> paths;
  for (const auto& e : r.errors) paths.push_back(e.path);
  CHECK(paths == std::vector<std::string>{"/seed", "/simulation_start", "/recipients/count",
                                          "/outcomes", "/retry/wait_minute", "/retry/wait_minutes",
                                          "/schedule/calling_hours_start", "/actions/0/at_minute",
                                          "/actions/1/action", "/concurrency", "/wallet/balance"});
  for (const auto& e : r.errors) {
    INFO(e.path);
    CHECK_FALSE(e.message.empty());
  }
}

TEST_CASE("errors: never throws, whatever the input", "[scenario][errors]") {
  const std::string example = readFixture("example.json");
  for (std::size_t cut = 0; cut < example.size(); cut += 7) {
    const ParseResult r = cs::parseScenario(example.substr(0, cut));
    CHECK_FALSE(r.errors.empty());
  }
  std::string deep(200, '[');
  CHECK(cs::parseScenario(deep + std::string(200, ']')).errors.size() == 1);
  CHECK(cs::parseScenario(std::string("{\"name\": \"\xff\"}")).errors.at(0).path ==
        "");  // invalid UTF-8
  CHECK(cs::parseScenario(std::string("{\"recipients\":\0{}}", 18)).errors.size() == 1);
}

// ---- The JSON Schema and the parser agree on the names
// --------------------------------------------

TEST_CASE("schema: every key the schema declares is a key the parser knows", "[scenario][schema]") {
  const auto schema = nlohmann::json::parse(readFixture("../../engine/scenario.schema.json"));
  const auto& defs = schema.at("$defs");
  CHECK(schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
  // Each (schema object, where the parser sees it, a document wrapping a key at that place).
  struct Place {
    const char* def;
    std::string path;
    std::function<std::string(const std::string&)> wrap;
  };
  const std::vector<Place> places = {
      {"singleCampaignForm", "",
       [](const std::string& k) { return withRecipients("\"" + k + "\": [[]]"); }},
      {"organizationCampaign", "/campaigns/0",
       [](const std::string& k) {
         return R"({"campaigns": [{"recipients": {"count": 1}, ")" + k + R"(": [[]]}]})";
       }},
      {"retry", "/retry",
       [](const std::string& k) { return withRecipients(R"("retry": {")" + k + R"(": [[]]})"); }},
      {"schedule", "/schedule",
       [](const std::string& k) {
         return withRecipients(R"("schedule": {")" + k + R"(": [[]]})");
       }},
      {"outcomes", "/outcomes",
       [](const std::string& k) {
         return withRecipients(R"("outcomes": {")" + k + R"(": [[]]})");
       }},
      {"workspace", "/workspace",
       [](const std::string& k) {
         return withRecipients(R"("workspace": {")" + k + R"(": [[]]})");
       }},
      {"timing", "/timing",
       [](const std::string& k) { return withRecipients(R"("timing": {")" + k + R"(": [[]]})"); }},
  };
  for (const auto& place : places) {
    for (const auto& [key, spec] : defs.at(place.def).at("properties").items()) {
      if (key == "recipients") continue;  // replaced, not added, by the wrapper
      const ParseResult r = cs::parseScenario(place.wrap(key));
      INFO(place.def << " / " << key);
      INFO(listErrors(r));
      CHECK_FALSE(r.errors.empty());  // [[]] is never a valid value
      for (const auto& e : r.errors) CHECK(e.message.find("unknown key") == std::string::npos);
    }
  }
  // Defaults the schema documents are the ones scenario.h initialises.
  const cs::RetryDef retry;
  CHECK(defs.at("retry").at("properties").at("max_retries").at("default") == retry.max_retries);
  CHECK(defs.at("retry").at("properties").at("wait_minutes").at("default") == retry.wait_minutes);
  CHECK(defs.at("retry").at("properties").at("retry_on_voicemail").at("default") ==
        retry.retry_on_voicemail);
  CHECK(defs.at("seed").at("default") == cs::ScenarioDef{}.seed);
  CHECK(defs.at("cost_per_minute").at("default") == cs::WalletDef{}.cost_per_minute);
}

// ---- Beyond model.md §9: behaviour, wait lists, per-outcome rules; validate on invalid input ----

using namespace cs;

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
