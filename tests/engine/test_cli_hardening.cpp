// Issue 8 at the command line: exit 2 with {"errors"} for every bad input, warnings on standard
// error for cut runs, refusals with estimates.
#include <catch2/catch.hpp>
#include <string>

#include "cli_runner.h"
#include "report.h"

namespace {
const std::string kSlow =
    R"({"recipients":{"count":10000},"concurrency":1,)"
    R"("schedule":{"calling_hours_start":"09:00","calling_hours_end":"09:30"}})";

// The single error of an invocation that must exit 2, as printed on stdout.
cs::Json onlyError(const CliResult& r) {
  INFO(r.err);
  REQUIRE(r.exit_code == 2);
  const cs::Json j = cs::Json::parse(r.out);
  REQUIRE(j["errors"].size() == 1);
  return j["errors"][0];
}
}  // namespace

TEST_CASE("cli: a run cut by the horizon exits 0, says so in the report and warns on stderr", "[cli][truncation]") {
  const CliResult r = cli("run - --horizon-days 3", kSlow);
  REQUIRE(r.exit_code == 0);
  CHECK(cs::Json::parse(r.out)["truncated"]["at_minute"] == 3 * 1440);
  CHECK(r.err.find("warning: the run was cut at the horizon of 3 simulated days (minute 4320)") != std::string::npos);
}

TEST_CASE("cli: montecarlo and sweep warn about truncated runs", "[cli][truncation]") {
  const CliResult mc = cli("montecarlo - --runs 2 --horizon-days 1", kSlow);
  REQUIRE(mc.exit_code == 0);
  CHECK(cs::Json::parse(mc.out)["truncated_runs"] == 2);
  CHECK(mc.err.find("warning: 2 of the runs were cut") != std::string::npos);
  const CliResult sw = cli("sweep - --runs 1 --retries 0 --horizon-days 1", kSlow);
  REQUIRE(sw.exit_code == 0);
  CHECK(sw.err.find("warning: 1 of the runs were cut") != std::string::npos);
}

TEST_CASE("cli: a finished run prints no warning", "[cli][truncation]") {
  const CliResult r = cli("run -", R"({"recipients":{"count":20}})");
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
}

TEST_CASE("cli: input that is not UTF-8 is exit 2 naming the encoding", "[cli][input]") {
  const std::string utf16 = std::string("\xFF\xFE{\0}\0", 6);
  CHECK(onlyError(cli("run -", utf16))["message"].get<std::string>().find("UTF-16LE") != std::string::npos);
  CHECK(onlyError(cli("validate -", "{\"name\":\"\xFF\"}"))["message"].get<std::string>().find("invalid byte 0xFF") !=
        std::string::npos);
  CHECK(onlyError(cli("run -", std::string("{}\0x", 4)))["message"].get<std::string>().find("NUL byte") !=
        std::string::npos);
}

TEST_CASE("cli: a 19-digit option value is exit 2 with the option's real range", "[cli][options]") {
  const cs::Json e = onlyError(cli("montecarlo - --runs 1 --first-run 9999999999999999999", R"({"recipients":{"count":5}})"));
  CHECK(e["path"] == "--first-run");
  CHECK(e["message"] == "must be a whole number from 0 to 4294967295, found \"9999999999999999999\"");
  CHECK(onlyError(cli("run - --seed 99999999999999999999", "{}"))["path"] == "--seed");
}

TEST_CASE("cli: a directory as FILE says it is a directory", "[cli][input]") {
  const cs::Json e = onlyError(cli("run /tmp"));
  CHECK(e["path"] == "FILE");
  CHECK(e["message"] == "\"/tmp\" is a directory; give a scenario file (or - for standard input)");
}

TEST_CASE("cli: an unknown command prints {errors} on stdout", "[cli][input]") {
  const cs::Json e = onlyError(cli("frobnicate x"));
  CHECK(e["path"] == "COMMAND");
  CHECK(e["message"].get<std::string>().find("unknown command \"frobnicate\"") != std::string::npos);
}

TEST_CASE("cli: --retries 0-100000 is one error, not a flood", "[cli][options]") {
  const CliResult r = cli("sweep - --runs 1 --retries 0-100000", R"({"recipients":{"count":5}})");
  onlyError(r);
  CHECK(r.out.size() < 1000);
}

TEST_CASE("cli: an oversized sweep is refused with its estimate; --allow-large lifts the refusal", "[cli][budget]") {
  const std::string scenario = R"({"recipients":{"count":1000}})";
  const cs::Json e = onlyError(cli("sweep - --waits 1-43200 --retries 0-10 --runs 100000", scenario));
  CHECK(e["path"] == "--allow-large");
  CHECK(e["message"].get<std::string>().find("about 8.6e+13 simulated calls") != std::string::npos);
  // A small job is not refused, and the flag takes no value.
  CHECK(cli("sweep - --runs 2 --retries 0 --allow-large", scenario).exit_code == 0);
  CHECK(onlyError(cli("run - --allow-large=yes", scenario))["path"] == "--allow-large");
}
