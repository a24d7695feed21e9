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

TEST_CASE("recipient export keeps variables, neutralises them, and keeps validated phone numbers as they are", "[exports]") {
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
  CHECK(records[1][column(header, "phone_number")] == "+14155550101");  // '+' and digits: no formula
  CHECK(records[1][column(header, "note")] == "'=HYPERLINK(\"x\")");
  CHECK(records[2][column(header, "note")] == "line one\nline two, with comma");
  CHECK(records[3][column(header, "position")] == "4");
  CHECK(result.text.find("\r\n") != std::string::npos);  // RFC 4180 line ends
}

TEST_CASE("exports cut by status group, leave in-progress rows out and count them", "[exports]") {
  Simulation sim(singleCampaign(3000, OutcomeMix{}, retries(2, 30), 20), 8);
  sim.advanceTo(45 * 60);  // mid-run: many rows still in progress
  const Counters& k = sim.counters(cs::CampaignId::from(0));
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
  REQUIRE_THROWS_WITH(exportTable(sim, options), Catch::Contains("--table") && Catch::Contains("recipients, calls or followup"));
}

namespace {

// A CSV upload whose variables hold what breaks naive exporters: commas, quotes, newlines,
// non-ASCII text and formula-like text.
const char* kTrickyUpload =
    "phone_number,name,note,city\r\n"
    "+14155550101,\"Doe, Jane\",\"said \"\"call me\"\"\",São Paulo\r\n"
    "+14155550102,José,\"two\nlines\",Zürich\r\n"
    "+442071838750,=HYPERLINK(\"x\"),-5 %,@home\r\n"
    "+919876543210,Ana,plain,東京\r\n"
    "+14155550105,Bo,+1 later,\r\n"
    "+14155550106,Cy,,Lyon\r\n";

ScenarioDef uploaded(const std::string& csv) {
  std::vector<std::string> fatal;
  ScenarioDef def = singleCampaign(1, OutcomeMix{}, retries(1, 5), 3);
  def.campaigns[0].recipients = parseCsvRecipients(csv, CsvOptions{}, fatal);
  REQUIRE(fatal.empty());
  return def;
}

// (phone, variables...) of every recipient of a list, in order.
std::vector<std::vector<std::string>> people(const RecipientList& r) {
  std::vector<std::vector<std::string>> out;
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    std::vector<std::string> row{r.phone(i)};
    for (std::size_t v = 0; v < r.variable_names.size(); ++v) row.push_back(r.value(i, v));
    out.push_back(row);
  }
  return out;
}

}  // namespace

TEST_CASE("a group exported as a follow-up list uploads again with every row valid, the same numbers and the same variables", "[exports][roundtrip]") {
  const std::string group = GENERATE(as<std::string>{}, "completed", "did_not_pick", "busy", "no_answer",
                                     "failed", "cancelled", "retry_expired");
  ScenarioDef def = uploaded(kTrickyUpload);
  CampaignDef& c = def.campaigns[0];
  c.retry = retries(0);
  def.organization.concurrency = 2;  // two calls at a time: the cancel and the end catch the rest queued
  const std::map<std::string, Outcome> outcome_of = {{"completed", Outcome::completed},
      {"did_not_pick", Outcome::did_not_pick}, {"busy", Outcome::busy},
      {"no_answer", Outcome::no_answer}, {"failed", Outcome::failed}};
  if (outcome_of.count(group)) c.outcomes = only(outcome_of.at(group));
  if (group == "cancelled") c.actions.push_back(actionAt(0, ScriptedActionKind::cancel));
  if (group == "retry_expired") c.schedule.ends_at_minute = 0;
  Simulation sim(def, 5);
  sim.runToEnd();

  // The recipients whose campaign ended in `group`, as uploaded.
  std::vector<std::vector<std::string>> expected;
  const auto everyone = people(c.recipients);
  for (std::uint32_t i = 0; i < c.recipients.size(); ++i)
    if (name(sim.call(sim.latestCall(cs::CampaignId::from(0), cs::RecipientIndex::from(i))).status) == group) expected.push_back(everyone[i]);
  REQUIRE(expected.size() >= 4);

  ExportOptions options;
  options.table = "followup";
  options.statuses = {group};
  const ExportResult exported = exportTable(sim, options);
  CHECK(exported.rows == expected.size());
  std::vector<std::string> fatal;
  const RecipientList again = parseCsvRecipients(exported.text, CsvOptions{}, fatal);
  CHECK(fatal.empty());
  CHECK(again.rejected.empty());
  CHECK(again.variable_names == c.recipients.variable_names);
  CHECK(people(again) == expected);
}

TEST_CASE("the recipients export uploads again too: same numbers, same variables, results as extra columns", "[exports][roundtrip]") {
  const std::string table = GENERATE(as<std::string>{}, "recipients", "followup");
  const bool bom = GENERATE(false, true);
  Simulation sim(uploaded(kTrickyUpload), 9);
  sim.runToEnd();
  ExportOptions options;
  options.table = table;
  options.bom = bom;
  const ExportResult exported = exportTable(sim, options);
  CHECK((exported.text.rfind("\xEF\xBB\xBF", 0) == 0) == bom);
  std::vector<std::string> fatal;
  const RecipientList again = parseCsvRecipients(exported.text, CsvOptions{}, fatal);
  REQUIRE(fatal.empty());
  CHECK(again.rejected.empty());
  REQUIRE(again.size() == 6);
  const RecipientList& before = sim.scenario().campaigns[0].recipients;
  for (std::uint32_t i = 0; i < before.size(); ++i) {
    CHECK(again.phone(i) == before.phone(i));
    for (std::size_t v = 0; v < before.variable_names.size(); ++v) {
      const auto& name = before.variable_names[v];
      const auto at = std::find(again.variable_names.begin(), again.variable_names.end(), name);
      REQUIRE(at != again.variable_names.end());
      CHECK(again.value(i, static_cast<std::size_t>(at - again.variable_names.begin())) == before.value(i, v));
    }
  }
}

TEST_CASE("a spreadsheet's leading apostrophe before a phone number or formula-like text is read off and reported", "[recipients]") {
  std::vector<std::string> fatal;
  const RecipientList r = parseCsvRecipients(
      "phone_number,note\n'+14155550101,'=x\n+14155550102,'tis fine\n+14155550103,ok\n", CsvOptions{}, fatal);
  REQUIRE(fatal.empty());
  CHECK(r.rejected.empty());
  CHECK(r.phone(0) == "+14155550101");
  CHECK(r.value(0, 0) == "=x");
  CHECK(r.value(1, 0) == "'tis fine");  // an apostrophe before ordinary text is the text's own
  CHECK(r.text_marker_rows == std::vector<std::uint32_t>{2});
}

TEST_CASE("a byte order mark is for CSV only: asked for JSON it is an error naming --bom", "[exports]") {
  Simulation sim(singleCampaign(3), 1);
  sim.runToEnd();
  ExportOptions options;
  options.format = "json";
  options.bom = true;
  REQUIRE_THROWS_WITH(exportTable(sim, options), Catch::Contains("--bom") && Catch::Contains("CSV"));
}
