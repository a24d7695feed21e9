// The command line as a user drives it (model.md §10): exit codes, messages, stdin, and the
// determinism of its bytes (a golden hash of a reference run's export).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "report.h"

namespace {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string fixture(const std::string& name) { return std::string(FIXTURES_DIR) + "/" + name; }

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs campaign-sim with arguments (shell-quoted by the caller) and optional standard input.
CliResult cli(const std::string& args, const std::string& input = "") {
  const std::string in_path = "/tmp/campaign-sim-test-in-" + std::to_string(::getpid());
  const std::string err_path = "/tmp/campaign-sim-test-err-" + std::to_string(::getpid());
  std::ofstream(in_path, std::ios::binary) << input;
  const std::string command = std::string(CLI_PATH) + " " + args + " < " + in_path + " 2> " + err_path;
  CliResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = readFile(err_path);
  std::remove(in_path.c_str());
  std::remove(err_path.c_str());
  return r;
}

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

TEST_CASE("cli: validate accepts the model.md example and rejects bad input with exit 2", "[cli]") {
  const CliResult ok = cli("validate " + fixture("example.json"));
  CHECK(ok.exit_code == 0);
  CHECK(cs::Json::parse(ok.out)["valid"] == true);

  const std::string bad = R"({"recipients":{"count":10},"retry":{"max_retries":2,"wait_minutes":0},"colour":1})";
  const CliResult r = cli("validate -", bad);
  CHECK(r.exit_code == 2);
  const cs::Json j = cs::Json::parse(r.out);
  REQUIRE(j["errors"].size() == 2);  // every problem at once
  bool wait_error = false, unknown_key = false;
  for (const auto& e : j["errors"]) {
    wait_error |= e["path"] == "/retry/wait_minutes";
    unknown_key |= e["message"].get<std::string>().find("colour") != std::string::npos;
  }
  CHECK(wait_error);
  CHECK(unknown_key);
}

TEST_CASE("cli: validate lists each rejected row with its detail and offending value", "[cli]") {
  cs::Json scenario;
  scenario["recipients"]["csv"] =
      "phone_number,name\n+14155550101,ok\n4155550102,a\n+1-415-555-0103,b\n+1415555010,c\n"
      "+9998887776,d\n+14155550106\n";
  const CliResult r = cli("validate -", scenario.dump());
  CHECK(r.exit_code == 0);
  const cs::Json j = cs::Json::parse(r.out);
  const cs::Json& invalid = j["recipients"][0]["rejected"]["invalid_phone_number"];
  CHECK(invalid["count"] == 4);
  CHECK(invalid["rows"] == cs::Json::array({3, 4, 5, 6}));
  CHECK(invalid["details_omitted"] == 0);
  CHECK(invalid["by_detail"] == cs::Json::parse(
      R"({"missing_plus":1,"stray_characters":1,"wrong_length":1,"unknown_country_code":1})"));
  REQUIRE(invalid["details"].size() == 4);
  CHECK(invalid["details"][0] == cs::Json::parse(R"({"row":3,"detail":"missing_plus","value":"4155550102"})"));
  CHECK(invalid["details"][1]["value"] == "+1-415-555-0103");
  CHECK(invalid["details"][2] == cs::Json::parse(
      R"({"row":5,"detail":"wrong_length","value":"+1415555010","digits":10,"allowed_digits":[11,11]})"));
  CHECK(invalid["details"][3]["detail"] == "unknown_country_code");
  const cs::Json& malformed = j["recipients"][0]["rejected"]["malformed_row"];
  CHECK(malformed["details"][0] == cs::Json::parse(
      R"({"row":7,"detail":"too_few_fields","value":"+14155550106","fields":1,"allowed_fields":2})"));
}

TEST_CASE("cli: validate lists the details of the first 1000 rejected rows and says how many more",
          "[cli]") {
  std::string csv = "phone_number\n+14155550101\n";
  for (int i = 0; i < 1005; ++i) csv += "bad\n";
  cs::Json scenario;
  scenario["recipients"]["csv"] = csv;
  const cs::Json j = cs::Json::parse(cli("validate -", scenario.dump()).out);
  const cs::Json& invalid = j["recipients"][0]["rejected"]["invalid_phone_number"];
  CHECK(invalid["count"] == 1005);
  CHECK(invalid["rows"].size() == 1005);
  CHECK(invalid["details"].size() == 1000);
  CHECK(invalid["details_omitted"] == 5);
  CHECK(invalid["by_detail"]["missing_plus"] == 1005);
}

TEST_CASE("cli: run prints the report, reads stdin with -, and honours --seed and --until-minute", "[cli]") {
  const std::string scenario = readFile(fixture("example.json"));
  const CliResult from_file = cli("run " + fixture("example.json"));
  const CliResult from_stdin = cli("run -", scenario);
  REQUIRE(from_file.exit_code == 0);
  CHECK(from_file.out == from_stdin.out);
  const cs::Json report = cs::Json::parse(from_file.out);
  const auto& c = report["campaigns"][0];
  CHECK(c["status"] == "completed");
  for (const char* key : {"recipients", "sent", "picked_up", "completed_leads", "failed_leads", "did_not_pick",
                          "cancelled", "retry_expired", "in_progress", "attempts", "retries_by_depth",
                          "attempt_stages"})
    CHECK(c["counters"].contains(key));
  CHECK(c["counters"]["recipients"] == 1000);

  const CliResult other_seed = cli("run " + fixture("example.json") + " --seed 8");
  CHECK(other_seed.exit_code == 0);
  CHECK(other_seed.out != from_file.out);

  const CliResult early = cli("run " + fixture("example.json") + " --until-minute 20");
  const cs::Json e = cs::Json::parse(early.out);
  CHECK(e["clock"]["elapsed_minutes"] == 20.0);
  CHECK(e["campaigns"][0]["status"] == "running");
  CHECK(e["campaigns"][0]["counters"]["in_progress"].get<int>() > 0);
}

TEST_CASE("cli: same scenario and seed give the same bytes (golden hash of a reference export)", "[cli][determinism]") {
  const CliResult a = cli("export " + fixture("example.json") + " --table calls --format csv");
  const CliResult b = cli("export " + fixture("example.json") + " --table calls --format csv");
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  // Pinned from a reference run. A change here means the simulated behaviour changed: if that
  // was intended, say so in the commit and update the hash.
  // (Changed from 0x237ae00e9a886fbe when phone numbers lost the formula apostrophe: the bytes
  // differ only there.)
  CHECK(fnv1a(a.out) == 0xe01bd44f3b6a780dull);
  CHECK(a.err.find("in-progress rows left out") != std::string::npos);
}

TEST_CASE("cli: usage errors exit 2 with a message naming the problem", "[cli]") {
  struct Case {
    std::string args;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {"", "usage"},
      {"launch " + fixture("example.json"), "unknown command"},
      {"run", "missing scenario file"},
      {"run /nonexistent/scenario.json", "cannot read file"},
      {"run " + fixture("example.json") + " --seed abc", "--seed"},
      {"run " + fixture("example.json") + " --until-minute -5", "--until-minute"},
      {"run " + fixture("example.json") + " --runs 5", "unknown option"},
      {"export " + fixture("example.json"), "--table"},
      {"export " + fixture("example.json") + " --table calls --status created", "retry_expired"},
      {"export " + fixture("example.json") + " --table calls --format xml", "csv or json"},
      {"montecarlo " + fixture("example.json"), "--runs"},
      {"montecarlo " + fixture("example.json") + " --runs 0", "--runs"},
      {"run -", "JSON"},
  };
  for (const Case& c : cases) {
    INFO("campaign-sim " << c.args);
    const CliResult r = cli(c.args, "{not json");
    CHECK(r.exit_code == 2);
    CHECK((r.out + r.err).find(c.mentions) != std::string::npos);
  }
}

TEST_CASE("cli: --help works for every command", "[cli]") {
  for (const char* command : {"validate", "run", "export", "expect", "montecarlo"}) {
    const CliResult r = cli(std::string(command) + " --help");
    INFO(command);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(std::string("usage: campaign-sim ") + command) != std::string::npos);
  }
  CHECK(cli("--help").exit_code == 0);
}

TEST_CASE("cli: montecarlo means agree with expect within their 99.9% intervals", "[cli][montecarlo]") {
  for (const char* name : {"example.json", "mc_no_voicemail_retry.json", "mc_retry_voicemail.json"}) {
    INFO(name);
    const CliResult mc = cli("montecarlo " + fixture(name) + " --runs 120");
    const CliResult ex = cli("expect " + fixture(name));
    REQUIRE(mc.exit_code == 0);
    REQUIRE(ex.exit_code == 0);
    const cs::Json m = cs::Json::parse(mc.out);
    const cs::Json e = cs::Json::parse(ex.out);
    CHECK(e["ignored"].empty());
    for (const char* key : {"completed_leads", "failed_leads", "did_not_pick", "attempts", "picked_up"}) {
      const double mean = m[key]["mean"], sd = m[key]["sd"];
      const double expected = e["expected_counters"][key];
      const double half = 3.2905 * sd / std::sqrt(120.0);
      INFO(key << " mean " << mean << " expected " << expected << " +- " << half);
      CHECK(std::abs(mean - expected) <= half + 1e-9);
    }
  }
}

TEST_CASE("cli: expect prints the model.md worked example", "[cli]") {
  const CliResult r = cli("expect " + fixture("example.json"));
  REQUIRE(r.exit_code == 0);
  const cs::Json e = cs::Json::parse(r.out);
  CHECK(e["attempts_per_recipient"].get<double>() == Approx(1.75));
  CHECK(e["final_status_share"]["completed"].get<double>() == Approx(0.525));
  CHECK(e["final_status_share"]["failed"].get<double>() == Approx(0.175));
  CHECK(e["final_status_share"]["did_not_pick"].get<double>() == Approx(0.225));
  CHECK(e["final_status_share"]["busy"].get<double>() == Approx(0.025));
  CHECK(e["final_status_share"]["no_answer"].get<double>() == Approx(0.05));
}

TEST_CASE("cli: export --table followup prints a list that validate accepts as recipients, every row valid", "[cli][roundtrip]") {
  const std::string csv_fixture = fixture("csv_basic.json");
  const CliResult list = cli("export " + csv_fixture + " --table followup --status completed,did_not_pick,busy,no_answer,failed");
  REQUIRE(list.exit_code == 0);
  REQUIRE(list.out.rfind("phone_number", 0) == 0);
  // The exported list as the next campaign's recipients.
  cs::Json next = cs::Json::parse(readFile(csv_fixture));
  next["recipients"] = {{"csv", list.out}};
  const CliResult v = cli("validate -", next.dump());
  INFO(v.out << v.err);
  REQUIRE(v.exit_code == 0);
  const cs::Json report = cs::Json::parse(v.out);
  CHECK(report["recipients"][0]["rejected"].empty());
  CHECK(report["recipients"][0]["valid"].get<int>() ==
        static_cast<int>(std::count(list.out.begin(), list.out.end(), '\n')) - 1);
}

TEST_CASE("cli: export --bom starts a CSV with a UTF-8 byte order mark and refuses it for JSON", "[cli]") {
  const CliResult csv = cli("export " + fixture("example.json") + " --table recipients --bom");
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("\xEF\xBB\xBFposition,phone_number", 0) == 0);
  const CliResult plain = cli("export " + fixture("example.json") + " --table recipients");
  CHECK(plain.out.rfind("position,phone_number", 0) == 0);
  const CliResult json = cli("export " + fixture("example.json") + " --table recipients --format json --bom");
  CHECK(json.exit_code == 2);
  CHECK(json.err.find("--bom") != std::string::npos);
}

TEST_CASE("cli: compare runs both files on the same seeds and ends in a verdict", "[cli][compare]") {
  const CliResult r = cli("compare " + fixture("example.json") + " " + fixture("mc_retry_voicemail.json") + " --runs 30 --seed 4");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const cs::Json j = cs::Json::parse(r.out);
  CHECK(j["seed"] == 4);
  CHECK(j["a"]["label"].get<std::string>().rfind("A (", 0) == 0);
  CHECK_FALSE(j["comparison"]["verdict"].get<std::string>().empty());
  const CliResult mc = cli("montecarlo " + fixture("mc_retry_voicemail.json") + " --runs 30 --seed 4");
  CHECK(cs::Json::parse(mc.out) == j["b"]["summary"]);
}

TEST_CASE("cli: compare names a missing second file and which side a scenario error is on", "[cli][compare]") {
  const CliResult one = cli("compare " + fixture("example.json") + " --runs 5");
  CHECK(one.exit_code == 2);
  CHECK(one.err.find("B.json") != std::string::npos);
  const CliResult bad = cli("compare " + fixture("example.json") + " - --runs 5", R"({"recipients": {"count": 0}})");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("B:/recipients/count") != std::string::npos);
}
