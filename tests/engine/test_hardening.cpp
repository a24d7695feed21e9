// Issue 8: nothing the engine prints is wrong without saying so. Runs cut by the horizon, input
// that is not UTF-8, options out of range, floods of errors, work above the budget, CSV cells the
// simulator cannot carry, actions that fall on one instant.
#include <catch2/catch.hpp>
#include <string>

#include "api.h"
#include "exports.h"
#include "options.h"
#include "report.h"
#include "scenario_builder.h"
#include "simulation.h"
#include "text_encoding.h"
#include "workload.h"

using namespace cs;
using namespace cs::test;

namespace {
// 10,000 recipients, one line, a 30-minute window a day: months of calling, far past 400 days.
const std::string kSlow =
    R"({"recipients":{"count":10000},"concurrency":1,)"
    R"("schedule":{"calling_hours_start":"09:00","calling_hours_end":"09:30"}})";

std::vector<FieldError> inputErrors(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.errors;
  }
  FAIL("expected an InputError");
  return {};
}
}  // namespace

TEST_CASE("a run that cannot finish by the horizon reports where it was cut and how many were left", "[truncation]") {
  const Json report = Json::parse(runJson(kSlow, {}));
  REQUIRE(report["truncated"].is_object());
  CHECK(report["truncated"]["at_minute"] == 400 * 1440);
  const Json& counters = report["campaigns"][0]["counters"];
  CHECK(report["truncated"]["in_progress"] == counters["in_progress"]);
  CHECK(counters["in_progress"].get<int>() > 0);
  CHECK(report["clock"]["elapsed_minutes"] == 400 * 1440);
}

TEST_CASE("a run that finishes carries truncated null", "[truncation]") {
  CHECK(Json::parse(runJson(R"({"recipients":{"count":50}})", {}))["truncated"].is_null());
}

TEST_CASE("a run stopped by --until-minute before the horizon is not truncated", "[truncation]") {
  RunOptions o;
  o.until_minute = 60;
  CHECK(Json::parse(runJson(kSlow, o))["truncated"].is_null());
}

TEST_CASE("horizon_days in the scenario moves the cut", "[truncation]") {
  const std::string ten_days = kSlow.substr(0, kSlow.size() - 1) + R"(,"horizon_days":10})";
  const Json report = Json::parse(runJson(ten_days, {}));
  CHECK(report["truncated"]["at_minute"] == 10 * 1440);
  // 10 windows of 30 minutes with one line: well under 10,000 dialled.
  CHECK(report["campaigns"][0]["counters"]["attempts"].get<int>() < 10000);
}

TEST_CASE("the horizon option overrides horizon_days, and a long enough horizon lets the run finish", "[truncation]") {
  const std::string small = R"({"recipients":{"count":200},"concurrency":1,)"
                            R"("schedule":{"calling_hours_start":"09:00","calling_hours_end":"09:30"}})";
  RunOptions one_day;
  one_day.horizon_days = 1;
  CHECK(Json::parse(runJson(small, one_day))["truncated"]["at_minute"] == 1440);
  RunOptions year;
  year.horizon_days = 365;
  CHECK(Json::parse(runJson(small, year))["truncated"].is_null());
}

TEST_CASE("horizon_days outside 1 to 3650 is an error at its path", "[truncation]") {
  const auto errors = inputErrors([] { loadScenario(R"({"recipients":{"count":5},"horizon_days":0})"); });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "/horizon_days");
  CHECK(errors[0].message.find("1 to 3650") != std::string::npos);
}

TEST_CASE("monte carlo counts the runs cut by the horizon and names the summaries they affect", "[truncation]") {
  MonteCarloOptions o;
  o.runs = 3;
  o.horizon_days = 2;
  const Json mc = Json::parse(monteCarloJson(kSlow, o));
  CHECK(mc["truncated_runs"] == 3);
  REQUIRE(mc["truncated_affects"].is_array());
  bool completed = false, recipients = false;
  for (const auto& k : mc["truncated_affects"]) {
    completed |= k == "completed_leads";
    recipients |= k == "recipients";
  }
  CHECK(completed);
  CHECK_FALSE(recipients);
  o.horizon_days = 3650;
  CHECK(Json::parse(monteCarloJson(R"({"recipients":{"count":20}})", o))["truncated_runs"] == 0);
}

TEST_CASE("sweep rows count their truncated runs", "[truncation]") {
  SweepOptions o;
  o.runs = 2;
  o.retry_counts = {0, 1};
  o.horizon_days = 1;
  const Json sw = Json::parse(sweepJson(kSlow, o));
  CHECK(sw["truncated_runs"] == 4);
  for (const auto& row : sw["rows"]) CHECK(row["truncated_runs"] == 2);
}

TEST_CASE("exports of a cut run carry the truncation", "[truncation]") {
  ExportOptions o;
  o.run.horizon_days = 1;
  o.format = "json";
  const ExportResult r = exportTable(kSlow, o);
  REQUIRE(r.truncated_at_minute);
  CHECK(*r.truncated_at_minute == 1440);
  CHECK(Json::parse(r.text)["truncated"]["at_minute"] == 1440);
}

TEST_CASE("text that is not UTF-8 is refused naming the encoding", "[input]") {
  auto utf16le = [](const std::string& ascii) {
    std::string out = "\xFF\xFE";
    for (char c : ascii) out += std::string{c, '\0'};
    return out;
  };
  const auto [text, expected] = GENERATE_COPY(table<std::string, std::string>({
      {utf16le(R"({"recipients":{"count":5}})"), "this looks like UTF-16LE"},
      {std::string("\0{\0\"", 4), "this looks like UTF-16BE"},
      {std::string("{\0\0\0", 4), "this looks like UTF-32LE"},
      {"{\"name\":\"Caf\xE9\",\"recipients\":{\"count\":5}}", "invalid byte 0xE9 at line 1, column 13"},
      {"{\"name\":\"\xC0\xAF\"}", "invalid byte 0xC0"},
      {"{\"name\":\"\xED\xA0\x80\"}", "invalid byte 0xED"},
      {std::string("{\"recipients\":{\"count\":5}}\0trailing", 35), "contains a NUL byte (0x00) at line 1, column 27"},
  }));
  const ParseResult r = parseScenario(text);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].path == "");
  CHECK(r.errors[0].message.find(expected) != std::string::npos);
}

TEST_CASE("UTF-8 text with a byte order mark and non-ASCII names is accepted", "[input]") {
  CHECK_FALSE(checkUtf8Text("\xEF\xBB\xBF{\"name\":\"Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x9E\"}"));
}

TEST_CASE("whole-number options give their real range, also for 19 and 20 digits", "[options]") {
  const auto [text, message] = GENERATE(table<std::string, std::string>({
      {"9999999999999999999", "must be a whole number from 0 to 4294967295, found \"9999999999999999999\""},
      {"99999999999999999999", "must be a whole number from 0 to 4294967295, found \"99999999999999999999\""},
      {"4294967296", "must be a whole number from 0 to 4294967295, found \"4294967296\""},
      {"-1", "must be a whole number from 0 to 4294967295, found \"-1\""},
      {"1.5", "must be a whole number from 0 to 4294967295, found \"1.5\""},
      {"", "must be a whole number from 0 to 4294967295, found \"\""},
  }));
  long long v = 0;
  const auto error = readInteger(option::first_run, text, v);
  REQUIRE(error);
  CHECK(error->path == "--first-run");
  CHECK(error->message == message);
}

TEST_CASE("the largest first run is accepted", "[options]") {
  long long v = 0;
  CHECK_FALSE(readInteger(option::first_run, "4294967295", v));
  CHECK(v == 4294967295LL);
}

TEST_CASE("a list with a huge range is one error with a count, not one per value", "[options]") {
  std::vector<int> values;
  const auto error = readIntegerList(option::retries, "0-100000", values);
  REQUIRE(error);
  CHECK(error->message == "retry counts must be from 0 to 10, found 100000 in \"0-100000\"");
  const auto many = readIntegerList(option::retries, "11,12,13,2", values);
  REQUIRE(many);
  CHECK(many->message.find("found 11 (and 2 more values outside the range)") != std::string::npos);
}

TEST_CASE("lists expand ranges and keep order", "[options]") {
  std::vector<int> values;
  REQUIRE_FALSE(readIntegerList(option::waits, "15,30-32,60", values));
  CHECK(values == std::vector<int>{15, 30, 31, 32, 60});
}

TEST_CASE("a flood of scenario errors is capped with a count of the rest", "[input]") {
  std::string actions;
  for (int i = 0; i < 500; ++i) actions += std::string(i ? "," : "") + R"({"at_minute":-1,"action":"pause"})";
  const auto errors = inputErrors([&] { loadScenario(R"({"recipients":{"count":5},"actions":[)" + actions + "]}"); });
  REQUIRE(errors.size() == kMaxReportedErrors + 1);
  CHECK(errors.back().message == "... and 450 more problems not shown");
}

TEST_CASE("work above the budget is refused with its estimate and the flag that lifts it", "[budget]") {
  MonteCarloOptions o;
  o.runs = 100000;
  const auto errors = inputErrors([&] { monteCarloJson(R"({"recipients":{"count":10000}})", o); });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "--allow-large");
  CHECK(errors[0].message.find("1.8e+09 simulated calls") != std::string::npos);  // 1e5 x 1e4 x 1.8
  CHECK(errors[0].message.find("--allow-large (allowLarge: true in the JS API)") != std::string::npos);
}

TEST_CASE("the estimate of a sweep multiplies runs by cells and uses each cell's retries", "[budget]") {
  const ScenarioDef def = loadScenario(R"({"recipients":{"count":1000},"outcomes":{"completed":0.5,"no_answer":0.5},)"
                                       R"("retry":{"retry_on_no_answer":true}})");
  const WorkEstimate e = estimateSweep(def, 0, 10, {0, 1}, 3);
  CHECK(e.runs == 60);
  // Retries 0: 1 attempt each; retries 1: 1 + 0.5. Mean 1.25 x 1000 per run.
  CHECK(e.call_logs == Approx(60 * 1250.0));
  CHECK_FALSE(e.over_budget);
}

TEST_CASE("a single run too large for memory is refused before it starts", "[budget]") {
  const std::string huge = R"({"recipients":{"count":10000000},"outcomes":{"no_answer":1},)"
                           R"("retry":{"max_retries":10}})";
  const auto errors = inputErrors([&] { runJson(huge, {}); });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "--allow-large");
  CHECK(errors[0].message.find("GB of memory") != std::string::npos);
}

TEST_CASE("CSV rows count against the recipient cap and an organization's total does too", "[budget]") {
  std::vector<std::string> fatal;
  CsvOptions o;
  o.max_recipients = 2;
  parseCsvRecipients("phone_number\n+14155550101\n+14155550102\n+14155550103\n", o, fatal);
  REQUIRE(fatal.size() == 1);
  CHECK(fatal[0] == "has 3 valid rows; at most 2 recipients are allowed (split the file)");
  const auto errors = inputErrors([] {
    loadScenario(R"({"organization":{},"campaigns":[{"recipients":{"count":6000000}},{"recipients":{"count":5000000}}]})");
  });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "/campaigns");
  CHECK(errors[0].message == "the campaigns have 11000000 recipients in all; an organization may have at most 10000000");
}

TEST_CASE("a NUL character inside a CSV cell makes the CSV invalid, naming the row", "[input]") {
  std::vector<std::string> fatal;
  const char csv[] = "phone_number,name\n+14155550101,a\n+14155550102,b\0c\n";
  parseCsvRecipients(std::string(csv, sizeof csv - 1), {}, fatal);
  REQUIRE(fatal.size() == 1);
  CHECK(fatal[0].find("row 3 contains a NUL character") != std::string::npos);
}

TEST_CASE("a CSV header cell that looks like a formula is neutralised in the export", "[exports]") {
  const std::string scenario =
      R"({"recipients":{"csv":"phone_number,=cmd|calc,@sum,plain\n+14155550101,x,y,z\n"}})";
  ExportOptions o;
  const std::string header = exportTable(scenario, o).text.substr(0, exportTable(scenario, o).text.find("\r\n"));
  CHECK(header == "position,phone_number,'=cmd|calc,'@sum,plain,status,attempts,first_attempt_at,last_attempt_at,"
                  "last_end_reason,billed_minutes,cost");
  o.format = "json";
  CHECK(Json::parse(exportTable(scenario, o).text)["rows"][0].contains("=cmd|calc"));  // JSON keeps raw text
}

TEST_CASE("launch then pause at the same minute dials nothing", "[actions]") {
  ScenarioDef def = singleCampaign(100);
  def.campaigns[0].actions = {actionAt(0, ScriptedActionKind::pause)};
  Simulation sim(def, 7);
  sim.advanceTo(600);
  CHECK(sim.counters(cs::CampaignId::from(0)).attempts == 0);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::paused);
}

TEST_CASE("launch then cancel at the same minute cancels every recipient without a call", "[actions]") {
  ScenarioDef def = singleCampaign(100);
  def.campaigns[0].launch_at_minute = 30;
  def.campaigns[0].actions = {actionAt(30, ScriptedActionKind::cancel)};
  Simulation sim(def, 7);
  sim.runToEnd();
  CHECK(sim.counters(cs::CampaignId::from(0)).attempts == 0);
  CHECK(sim.counters(cs::CampaignId::from(0)).finalOf(CallStatus::cancelled) == 100);
}

TEST_CASE("pause then resume at the same minute keeps dialing as if nothing happened", "[actions]") {
  ScenarioDef def = singleCampaign(100);
  def.campaigns[0].actions = {actionAt(0, ScriptedActionKind::pause), actionAt(0, ScriptedActionKind::resume)};
  Simulation sim(def, 7);
  sim.advanceTo(3600);
  Simulation untouched(singleCampaign(100), 7);
  untouched.advanceTo(3600);
  CHECK(sim.counters(cs::CampaignId::from(0)).attempts == untouched.counters(cs::CampaignId::from(0)).attempts);
  CHECK(sim.counters(cs::CampaignId::from(0)).completedLeads() == untouched.counters(cs::CampaignId::from(0)).completedLeads());
}
