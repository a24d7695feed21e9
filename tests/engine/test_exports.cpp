// Exports (model.md §6): status groups, in-progress rows left out and counted, RFC 4180 output,
// formula injection neutralised.
#include <catch2/catch.hpp>
#include <map>

#include "api.h"
#include "exports.h"
#include "scenario_builder.h"

using namespace cs;
using namespace cs::test;

namespace {

std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::uint32_t> rows;
  REQUIRE(splitCsv(text, records, rows));
  return records;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  FAIL("no column " << name);
  return 0;
}

ScenarioDef csvCampaign(const std::vector<std::pair<std::string, std::string>>& phone_and_note) {
  ScenarioDef def = singleCampaign(1, OutcomeMix{}, retries(2, 5), 4);
  RecipientList r;
  r.variable_names = {"note"};
  std::uint32_t row = 2;
  for (const auto& [phone, note] : phone_and_note) {
    r.phones.push_back(phone);
    r.values.push_back(note);
    r.rows.push_back(row++);
  }
  def.campaigns[0].recipients = r;
  return def;
}

}  // namespace

TEST_CASE("export cells from the user are neutralised against formula injection", "[exports]") {
  CHECK(neutraliseFormula("=SUM(A1)") == "'=SUM(A1)");
  CHECK(neutraliseFormula("+14155550101") == "'+14155550101");
  CHECK(neutraliseFormula("-1") == "'-1");
  CHECK(neutraliseFormula("@cmd") == "'@cmd");
  CHECK(neutraliseFormula("\tx") == "'\tx");
  CHECK(neutraliseFormula("\rx") == "'\rx");
  CHECK(neutraliseFormula("Jordan") == "Jordan");
  CHECK(neutraliseFormula("") == "");
  CHECK(csvField("a,b") == "\"a,b\"");
  CHECK(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csvField("two\nlines") == "\"two\nlines\"");
  CHECK(csvField("plain") == "plain");
}

TEST_CASE("recipient export keeps variables, neutralises them, and round-trips as CSV", "[exports]") {
  ScenarioDef def = csvCampaign({{"+14155550101", "=HYPERLINK(\"x\")"},
                                 {"+14155550102", "line one\nline two, with comma"},
                                 {"+14155550103", "plain"}});
  Simulation sim(def, 3);
  sim.runToEnd();
  ExportOptions options;
  options.table = "recipients";
  const ExportResult result = exportTable(sim, options);
  CHECK(result.rows == 3);
  CHECK(result.excluded_in_progress == 0);
  const auto records = parseCsv(result.text);
  REQUIRE(records.size() == 4);
  const auto& header = records[0];
  CHECK(header[0] == "position");
  CHECK(header[1] == "phone_number");
  CHECK(header[2] == "note");
  CHECK(records[1][column(header, "phone_number")] == "'+14155550101");
  CHECK(records[1][column(header, "note")] == "'=HYPERLINK(\"x\")");
  CHECK(records[2][column(header, "note")] == "line one\nline two, with comma");
  CHECK(records[3][column(header, "position")] == "4");
  CHECK(result.text.find("\r\n") != std::string::npos);  // RFC 4180 line ends
}

TEST_CASE("exports cut by status group, leave in-progress rows out and count them", "[exports]") {
  Simulation sim(singleCampaign(3000, OutcomeMix{}, retries(2, 30), 20), 8);
  sim.advanceTo(45 * 60);  // mid-run: many rows still in progress
  const Counters& k = sim.counters(0);
  REQUIRE(k.in_progress > 0);

  ExportOptions all;
  all.table = "recipients";
  const ExportResult everything = exportTable(sim, all);
  CHECK(everything.excluded_in_progress == k.in_progress);
  CHECK(everything.rows + everything.excluded_in_progress == 3000);

  std::uint32_t sum = 0;
  for (CallStatus group : kFinalStatuses) {
    ExportOptions one = all;
    one.statuses = {std::string(name(group))};
    const ExportResult r = exportTable(sim, one);
    CHECK(r.rows == k.finalOf(group));
    CHECK(r.excluded_in_progress == k.in_progress);
    const auto records = parseCsv(r.text);
    const std::size_t status = column(records[0], "status");
    for (std::size_t i = 1; i < records.size(); ++i) CHECK(records[i][status] == name(group));
    sum += r.rows;
  }
  CHECK(sum == everything.rows);

  ExportOptions calls;
  calls.table = "calls";
  calls.format = "json";
  const ExportResult history = exportTable(sim, calls);
  std::uint32_t in_flight_or_queued = 0;
  for (int s = 0; s < 4; ++s) in_flight_or_queued += k.call_status[s];
  CHECK(history.excluded_in_progress == in_flight_or_queued);
  const Json j = Json::parse(history.text);
  CHECK(j["excluded_in_progress"] == in_flight_or_queued);
  CHECK(j["row_count"] == history.rows);
  for (const auto& row : j["rows"]) CHECK(isFinal(*callStatusFromName(row["status"].get<std::string>())));
}

TEST_CASE("call history rows carry parent, attempt and the time of each status", "[exports]") {
  Simulation sim(singleCampaign(5, only(Outcome::busy), retries(1, 10), 5), 1);
  sim.runToEnd();
  ExportOptions options;
  options.table = "calls";
  const auto records = parseCsv(exportTable(sim, options).text);
  REQUIRE(records.size() == 11);
  const auto& h = records[0];
  std::map<std::string, std::string> parent_of;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r[column(h, "attempt")] == "1") {
      CHECK(r[column(h, "parent_call_id")].empty());
    } else {
      CHECK(r[column(h, "attempt")] == "2");
      CHECK_FALSE(r[column(h, "parent_call_id")].empty());
    }
    for (const char* stamp : {"created_at", "initiated_at", "sent_at", "received_at", "ended_at"})
      CHECK(r[column(h, stamp)].size() == 19);  // YYYY-MM-DDTHH:MM:SS
    CHECK(r[column(h, "answered_at")].empty());  // busy: never answered
    CHECK(r[column(h, "status")] == "busy");
    CHECK(r[column(h, "end_reason")] == "user_busy");
  }
  CHECK(records[1][column(h, "created_at")] == "2026-12-07T09:00:00");
}

TEST_CASE("bad export options name the option and what is allowed", "[exports]") {
  Simulation sim(singleCampaign(5), 1);
  ExportOptions options;
  options.statuses = {"created"};
  REQUIRE_THROWS_WITH(exportTable(sim, options), Catch::Contains("--status") && Catch::Contains("retry_expired"));
  options.statuses = {};
  options.table = "leads";
  REQUIRE_THROWS_WITH(exportTable(sim, options), Catch::Contains("--table") && Catch::Contains("recipients or calls"));
}
