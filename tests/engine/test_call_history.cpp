// Reading call histories (issue 12): the simulator's own export and DialNexa-named columns,
// aliases and an explicit column map, timestamps with and without offsets, non-final rows left
// out and counted, and every rejection reason with its row numbers.
#include <catch2/catch.hpp>

#include "api.h"
#include "call_history.h"
#include "exports.h"
#include "scenario_builder.h"

using namespace cs;
using namespace cs::test;

namespace {

std::vector<std::uint32_t> rowsRejectedAs(const CallHistory& h, const std::string& reason) {
  for (const auto& g : h.rejected)
    if (g.reason == reason) return g.rows;
  return {};
}

std::string messagesOf(const InputError& e) {
  std::string out;
  for (const auto& err : e.errors) out += err.path + ": " + err.message + "\n";
  return out;
}

std::string ownExport(std::uint32_t recipients, int max_retries) {
  ScenarioDef def = singleCampaign(recipients, OutcomeMix{}, retries(max_retries, 20), 10);
  Simulation sim(def, 3);
  sim.runToEnd();
  ExportOptions o;
  o.table = "calls";
  return exportFromSimulation(sim, o).text;
}

}  // namespace

TEST_CASE("the simulator's own call export reads back as recipients with their attempts in order") {
  ScenarioDef def = singleCampaign(200, OutcomeMix{}, retries(2, 20), 10);
  Simulation sim(def, 3);
  sim.runToEnd();
  ExportOptions o;
  o.table = "calls";
  const CallHistory h = readCallHistory(exportFromSimulation(sim, o).text);
  CHECK(h.recipients.size() == 200);
  CHECK(h.calls.size() == sim.callLogs().size());
  CHECK(h.rejected.empty());
  CHECK(h.has_stage_times);
  const auto logs = chains(sim);
  std::size_t checked = 0;
  for (const auto& rec : h.recipients)
    for (std::uint32_t i = 0; i < rec.count; ++i) {
      CHECK(h.calls[rec.first + i].depth == i);
      ++checked;
    }
  CHECK(checked == sim.callLogs().size());
  // Outcomes: voicemail is did_not_pick with voicemail_detected.
  std::array<int, kOutcomeCount> from_sim{}, from_file{};
  for (const CallLog& log : sim.callLogs()) ++from_sim[static_cast<int>(log.outcome)];
  for (const HistoryCall& c : h.calls) ++from_file[static_cast<int>(c.outcome)];
  CHECK(from_sim == from_file);
}

TEST_CASE("a retry's wait is measured from the previous attempt's end to the moment it was sent") {
  const CallHistory h = readCallHistory(
      "call_id,parent_call_id,attempt,status,created_at,initiated_at,sent_at,ended_at\n"
      "c1,,1,busy,2026-12-07T09:00:00,2026-12-07T09:00:00,2026-12-07T09:00:02,2026-12-07T09:00:10\n"
      "c2,c1,2,completed,2026-12-07T09:00:10,2026-12-07T09:30:10,2026-12-07T09:30:13,2026-12-07T09:33:00\n");
  REQUIRE(h.calls.size() == 2);
  CHECK(h.calls[1].wait_minutes == Approx(30.05));
  CHECK(h.calls[1].local_hour == 9);
  CHECK(h.calls[0].outcome == Outcome::busy);
}

TEST_CASE("DialNexa-named columns are matched by their documented names and aliases") {
  const std::string text =
      "id,Parent Call ID,to_number,Status,End Reason,createdAt,endedAt,duration\n"
      "call_a,,+14155550101,no-answer,user_unreachable,2026-12-07T09:00:00Z,2026-12-07T09:00:40Z,0\n"
      "call_b,call_a,+14155550101,completed,user_disconnected,2026-12-07T09:00:40Z,2026-12-07T09:35:00Z,120\n"
      "call_c,,+14155550102,voicemail,,2026-12-07T09:00:00Z,2026-12-07T09:01:00Z,25\n";
  const CallHistory h = readCallHistory(text);
  CHECK(h.column_of[static_cast<int>(HistoryField::call_id)] == "id");
  CHECK(h.column_of[static_cast<int>(HistoryField::created_at)] == "createdAt");
  CHECK(h.column_of[static_cast<int>(HistoryField::duration_seconds)] == "duration");
  REQUIRE(h.recipients.size() == 2);
  CHECK(h.calls[0].outcome == Outcome::no_answer);
  CHECK(h.calls[1].outcome == Outcome::completed);
  CHECK(h.calls[1].talk == 120);
  // Without sent_at the attempt started at ended_at minus its duration.
  CHECK(h.calls[1].wait_minutes == Approx((35 * 60 - 120 - 40) / 60.0));
  CHECK(h.calls[2].outcome == Outcome::voicemail);
  CHECK(h.has_offsets);
}

TEST_CASE("timestamps are read with or without a UTC offset; the hour of day is the local one written") {
  const auto plain = parseHistoryTime("2026-12-07T09:05:30");
  const auto zulu = parseHistoryTime("2026-12-07T09:05:30Z");
  const auto offset = parseHistoryTime("2026-12-07T14:35:30+05:30");
  const auto spaced = parseHistoryTime("2026-12-07 09:05");
  const auto fraction = parseHistoryTime("2026-12-07T09:05:30.250-08:00");
  REQUIRE(plain);
  REQUIRE(zulu);
  REQUIRE(offset);
  REQUIRE(spaced);
  REQUIRE(fraction);
  CHECK(plain->instant == zulu->instant);
  CHECK(offset->instant == zulu->instant);  // the same instant
  CHECK(offset->local - zulu->local == 5 * 3600 + 30 * 60);
  CHECK(spaced->local == plain->local - 30);
  CHECK(fraction->instant == plain->instant + 8 * 3600);
  for (const char* bad : {"2026-13-07T09:00", "2026-02-30T09:00", "07/12/2026 09:00", "2026-12-07T09:00+25:00",
                          "2026-12-07T09:00:00 extra", "yesterday"})
    CHECK_FALSE(parseHistoryTime(bad));
}

TEST_CASE("an explicit column map names the columns when the headers are not recognised") {
  const std::string text =
      "Call Ref,Number,Outcome,Finished\n"
      "r1,+14155550101,busy,2026-12-07T09:00:10\n"
      "r2,+14155550101,completed,2026-12-07T09:40:10\n";
  try {
    readCallHistory(text);
    FAIL("expected an error");
  } catch (const InputError& e) {
    const std::string m = messagesOf(e);
    CHECK_THAT(m, Catch::Contains("no status column"));
    CHECK_THAT(m, Catch::Contains("status, call_status"));
    CHECK_THAT(m, Catch::Contains("\"Outcome\""));
    CHECK_THAT(m, Catch::Contains("--columns status=COLUMN"));
  }
  const CallHistory h = readCallHistory(text, parseColumnMap("status=Outcome,ended_at=Finished,phone_number=Number"));
  REQUIRE(h.recipients.size() == 1);  // grouped by phone number, in time order
  CHECK(h.calls[1].depth == 1);
  CHECK(h.calls[1].outcome == Outcome::completed);
  CHECK_THROWS_AS(parseColumnMap("state=Outcome"), InputError);
  CHECK_THROWS_AS(parseColumnMap("status"), InputError);
  try {
    readCallHistory(text, parseColumnMap("status=Result"));
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK_THAT(messagesOf(e), Catch::Contains("column \"Result\" (for status) is not in the file"));
  }
}

TEST_CASE("rows not final are left out and counted, never fitted") {
  const CallHistory h = readCallHistory(
      "call_id,parent_call_id,status,created_at,ended_at\n"
      "c1,,busy,2026-12-07T09:00:00,2026-12-07T09:00:10\n"
      "c2,c1,created,2026-12-07T09:00:10,\n"
      "c3,,initiated,2026-12-07T09:00:00,\n"
      "c4,,sent,2026-12-07T09:00:00,\n"
      "c5,,received,2026-12-07T09:00:00,\n"
      "c6,,completed,2026-12-07T09:00:00,2026-12-07T09:02:00\n");
  CHECK(h.excluded_in_progress == 4);
  CHECK(h.calls.size() == 2);
  CHECK(h.rejected.empty());
}

TEST_CASE("bad rows are left out, grouped by reason with their spreadsheet row numbers") {
  const std::string text =
      "call_id,parent_call_id,attempt,status,created_at,ended_at\n"          // row 1
      "c1,,1,busy,2026-12-07T09:00:00,2026-12-07T09:00:10\n"                  // 2 ok
      "c2,c1,2,completed,2026-12-07T09:30:10,2026-12-07T09:33:00\n"           // 3 ok
      "c3,zz,2,busy,2026-12-07T09:30:10,2026-12-07T09:33:00\n"                // 4 missing parent
      "c4,,1,on_hold,2026-12-07T09:00:00,2026-12-07T09:00:10\n"               // 5 unknown status
      "c1,,1,failed,2026-12-07T09:00:00,2026-12-07T09:00:10\n"                // 6 duplicate id
      "c6,,1,failed,2026-12-07T09:10:00,2026-12-07T09:00:10\n"                // 7 ended before created
      "c7,,1,busy,2026-12-07T09:00:00,2026-12-07T09:30:00\n"                  // 8 ok
      "c8,c7,2,busy,2026-12-07T09:10:00,2026-12-07T09:12:00\n"                // 9 retry before the end
      "c9,,1,failed,07/12/2026,2026-12-07T09:00:10\n"                         // 10 invalid time
      "c10,,1,failed\n"                                                       // 11 malformed
      "c11,,1,failed,,\n"                                                     // 12 missing time
      "c12,,1,busy,2026-12-07T09:00:00,2026-12-07T09:00:10\n"                 // 13 ok
      "c13,c12,3,busy,2026-12-07T09:40:00,2026-12-07T09:41:00\n"              // 14 attempt 2 missing
      "c14,,x,busy,2026-12-07T09:00:00,2026-12-07T09:00:10\n";               // 15 bad attempt
  const CallHistory h = readCallHistory(text);
  CHECK(rowsRejectedAs(h, "missing_parent") == std::vector<std::uint32_t>{4});
  CHECK(rowsRejectedAs(h, "unknown_status") == std::vector<std::uint32_t>{5});
  CHECK(rowsRejectedAs(h, "duplicate_call_id") == std::vector<std::uint32_t>{6});
  CHECK(rowsRejectedAs(h, "time_backwards") == std::vector<std::uint32_t>{7, 9});
  CHECK(rowsRejectedAs(h, "invalid_time") == std::vector<std::uint32_t>{10});
  CHECK(rowsRejectedAs(h, "malformed_row") == std::vector<std::uint32_t>{11});
  CHECK(rowsRejectedAs(h, "missing_time") == std::vector<std::uint32_t>{12});
  CHECK(rowsRejectedAs(h, "missing_previous_attempt") == std::vector<std::uint32_t>{14});
  CHECK(rowsRejectedAs(h, "invalid_attempt") == std::vector<std::uint32_t>{15});
  // Kept: c1+c2, c7, c12.
  CHECK(h.recipients.size() == 3);
  CHECK(h.calls.size() == 4);
  bool found = false;
  for (const auto& w : h.warnings)
    found = found || w == "history: 2 rows left out as time_backwards (rows 7, 9): time goes backwards (a stage "
                          "before the previous one, or a retry before the previous attempt ended)";
  CHECK(found);
}

TEST_CASE("a file that cannot be used is an error that says why") {
  auto message = [](const std::string& text) {
    try {
      readCallHistory(text);
    } catch (const InputError& e) {
      return messagesOf(e);
    }
    return std::string("no error");
  };
  CHECK_THAT(message(""), Catch::Contains("the file is empty"));
  CHECK_THAT(message("call_id,status\nc1,completed\n"), Catch::Contains("no ended_at column"));
  CHECK_THAT(message("call_id,parent_call_id,status,ended_at\n"), Catch::Contains("no rows"));
  CHECK_THAT(message("Status,status,ended_at,phone\nbusy,busy,2026-12-07T09:00,+1\n"),
             Catch::Contains("both look like status"));
  CHECK_THAT(message("call_id,parent_call_id,status,ended_at\nc1,,\"busy,2026\n"), Catch::Contains("unterminated"));
  CHECK_THAT(message("status,ended_at\nbusy,2026-12-07T09:00\n"), Catch::Contains("which calls belong to the same recipient"));
}

TEST_CASE("a large export (20,000 recipients) reads back whole; its speed is printed by the benchmark") {
  const std::string text = ownExport(20000, 3);
  const CallHistory h = readCallHistory(text);
  CHECK(h.recipients.size() == 20000);
  CHECK(h.rejected.empty());
}
