// The calendar: zones against Python's zoneinfo, DST on both sides of the US and EU changes,
// calling days and holidays, recipients' zones from phone numbers, and a US-wide list whose
// figures are worked out by hand.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "api.h"
#include "calendar.h"
#include "civil_time.h"
#include "phone_zones.h"
#include "simulation.h"

using namespace cs;
using Json = nlohmann::json;

namespace {

std::string tempPath(const std::string& name) {
  return "/tmp/campaign-sim-calendar-" + std::to_string(::getpid()) + "-" + name;
}

std::string runCommand(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

const std::string kChecker = std::string(FIXTURES_DIR) + "/../engine/calendar_check.py";

// Runs the scenario, exports its calls as JSON and has Python's zoneinfo check every call.
Json checkWindows(const Json& scenario) {
  const std::string sc = tempPath("scenario.json"), calls = tempPath("calls.json");
  std::ofstream(sc) << scenario.dump();
  ExportOptions options;
  options.table = "calls";
  options.format = "json";
  std::ofstream(calls) << exportTable(scenario.dump(), options).text;
  const std::string out = runCommand("python3 " + kChecker + " windows " + sc + " " + calls);
  INFO(out.substr(0, 2000));
  return Json::parse(out);
}

std::int64_t utcOf(int y, int mo, int d, int h, int mi) { return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60; }

ZoneId zone(const char* name) {
  auto z = findZone(name);
  REQUIRE(z.has_value());
  return *z;
}

}  // namespace

TEST_CASE("every embedded zone gives zoneinfo's UTC offset at random instants 1970-2100", "[calendar]") {
  const std::string path = tempPath("offsets.txt");
  {
    std::ofstream out(path);
    std::uint64_t x = 12345;
    for (std::string_view name : zoneNames()) {
      const ZoneId z = *findZone(name);
      for (int i = 0; i < 60; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        const std::int64_t utc = static_cast<std::int64_t>((x >> 11) % 4102444800ull);
        out << name << ' ' << utc << ' ' << utcOffset(z, utc) << '\n';
      }
    }
  }
  const Json result = Json::parse(runCommand("python3 " + kChecker + " offsets " + path));
  INFO(result.dump());
  CHECK(result["ok"] == true);
  CHECK(zoneNames().size() > 400);
}

TEST_CASE("zone offsets flip at the exact second of the US and EU changes", "[calendar][dst]") {
  const ZoneId ny = zone("America/New_York"), berlin = zone("Europe/Berlin");
  // 2026-03-08 02:00 EST = 07:00Z; 2026-11-01 02:00 EDT = 06:00Z.
  CHECK(utcOffset(ny, utcOf(2026, 3, 8, 7, 0) - 1) == -5 * 3600);
  CHECK(utcOffset(ny, utcOf(2026, 3, 8, 7, 0)) == -4 * 3600);
  CHECK(utcOffset(ny, utcOf(2026, 11, 1, 6, 0) - 1) == -4 * 3600);
  CHECK(utcOffset(ny, utcOf(2026, 11, 1, 6, 0)) == -5 * 3600);
  // EU: last Sunday of March / October at 01:00Z.
  CHECK(utcOffset(berlin, utcOf(2026, 3, 29, 1, 0) - 1) == 3600);
  CHECK(utcOffset(berlin, utcOf(2026, 3, 29, 1, 0)) == 7200);
  CHECK(utcOffset(berlin, utcOf(2026, 10, 25, 1, 0)) == 3600);
}

TEST_CASE("a local time in the spring-forward gap does not exist; one in the fall-back hour is the earlier", "[calendar][dst]") {
  const ZoneId ny = zone("America/New_York");
  CHECK_FALSE(utcFromLocal(ny, utcOf(2026, 3, 8, 2, 30)).has_value());
  CHECK(utcFromLocal(ny, utcOf(2026, 11, 1, 1, 30)) == utcOf(2026, 11, 1, 5, 30));  // 01:30 EDT
  CHECK(utcFromLocal(ny, utcOf(2026, 7, 1, 9, 0)) == utcOf(2026, 7, 1, 13, 0));
}

TEST_CASE("times of a zoned campaign print their UTC offset; the plain clock prints none", "[calendar]") {
  CHECK(formatInstant(zone("America/New_York"), utcOf(2026, 3, 9, 13, 0)) == "2026-03-09T09:00:00-04:00");
  CHECK(formatInstant(zone("Asia/Kolkata"), utcOf(2026, 3, 9, 3, 30)) == "2026-03-09T09:00:00+05:30");
  CHECK(formatInstant(zone("UTC"), utcOf(2026, 3, 9, 3, 30)) == "2026-03-09T03:30:00+00:00");
  CHECK(formatInstant(kPlainClock, utcOf(2026, 3, 9, 3, 30)) == "2026-03-09T03:30:00");
}

TEST_CASE("a simulation_start inside a DST gap is an error naming the zone", "[calendar][scenario]") {
  const ParseResult r = parseScenario(
      R"({"simulation_start":"2026-03-08T02:30","recipients":{"count":1},"schedule":{"time_zone":"America/New_York"}})");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].path == "/simulation_start");
  CHECK(r.errors[0].message.find("does not exist in America/New_York") != std::string::npos);
}

TEST_CASE("an unknown zone name is an error with a suggestion", "[calendar][scenario]") {
  const ParseResult r = parseScenario(R"({"recipients":{"count":1},"schedule":{"time_zone":"America/New_Yrok"}})");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].path == "/schedule/time_zone");
  CHECK(r.errors[0].message.find("did you mean \"America/New_York\"") != std::string::npos);
}

TEST_CASE("recipient hours and presets need a campaign zone", "[calendar][scenario]") {
  const ParseResult r = parseScenario(
      R"({"recipients":{"count":1},"schedule":{"calling_hours_in":"recipient","calling_rules":"us_tcpa"}})");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].path == "/schedule/calling_rules");
  CHECK(r.errors[1].path == "/schedule/calling_hours_in");
}

namespace {
// 2000 busy recipients, no retries, one line: calls follow each other through the window.
Json dstScenario(const char* tz, const char* start, const char* open, const char* close) {
  return Json{{"simulation_start", start},
              {"recipients", {{"count", 2000}}},
              {"outcomes", {{"busy", 1}}},
              {"retry", {{"max_retries", 0}}},
              {"concurrency", 1},
              {"schedule", {{"time_zone", tz}, {"calling_hours_start", open}, {"calling_hours_end", close}}}};
}
}  // namespace

TEST_CASE("spring forward: a window opening in the skipped hour opens when the clocks jump, and no call has a non-existent local time", "[calendar][dst]") {
  struct Case {
    const char* tz;
    const char* start;
    const char* before_day;
    const char* change_day;
    const char* first_on_change_day;
    const char* offset_before;
    const char* offset_after;
  };
  const Case c = GENERATE(Case{"America/New_York", "2026-03-07T00:00", "2026-03-07", "2026-03-08", "03:00:00", "-05:00", "-04:00"},
                          Case{"Europe/Berlin", "2026-03-28T00:00", "2026-03-28", "2026-03-29", "03:00:00", "+01:00", "+02:00"});
  INFO(c.tz);
  const Json r = checkWindows(dstScenario(c.tz, c.start, "02:00", "04:00"));
  CHECK(r["ok"] == true);
  const Json& before = r["days"][c.before_day];
  const Json& change = r["days"][c.change_day];
  CHECK(before["first"] == "02:00:00");
  CHECK(before["offsets"] == Json::array({c.offset_before}));
  // 02:00-03:00 does not exist that night: the window opens at 03:00 on the new offset.
  CHECK(change["first"] == c.first_on_change_day);
  CHECK(change["offsets"] == Json::array({c.offset_after}));
  // One real hour instead of two: about half the calls (each takes 4 to 13 s).
  const double ratio = change["count"].get<double>() / before["count"].get<double>();
  CHECK(ratio == Approx(0.5).margin(0.08));
}

TEST_CASE("fall back: a window over the repeated hour is open in both of its occurrences, and only there", "[calendar][dst]") {
  struct Case {
    const char* tz;
    const char* start;
    const char* open;
    const char* close;
    const char* before_day;
    const char* change_day;
    std::vector<std::string> offsets;
  };
  const Case c = GENERATE(Case{"America/New_York", "2026-10-31T00:00", "01:00", "02:00", "2026-10-31", "2026-11-01", {"-04:00", "-05:00"}},
                          Case{"Europe/Berlin", "2026-10-24T00:00", "02:00", "03:00", "2026-10-24", "2026-10-25", {"+02:00", "+01:00"}});
  INFO(c.tz);
  const Json r = checkWindows(dstScenario(c.tz, c.start, c.open, c.close));
  CHECK(r["ok"] == true);
  const Json& before = r["days"][c.before_day];
  const Json& change = r["days"][c.change_day];
  CHECK(before["offsets"].size() == 1);
  CHECK(change["offsets"] == Json(c.offsets));  // the hour on summer time, then again on winter time
  const double ratio = change["count"].get<double>() / before["count"].get<double>();
  CHECK(ratio == Approx(2.0).margin(0.2));
}

TEST_CASE("calling days and holidays: nothing on a weekend or a holiday, Friday's queue waits until the next calling day", "[calendar]") {
  Json s = dstScenario("America/New_York", "2026-07-02T09:00", "09:00", "17:00");  // a Thursday
  s["recipients"]["count"] = 9000;
  s["schedule"]["calling_days"] = {"mon", "tue", "wed", "thu", "fri"};
  s["schedule"]["holidays"] = {"2026-07-03", "2026-07-06"};  // Friday and Monday off
  const Json r = checkWindows(s);
  CHECK(r["ok"] == true);
  const Json& days = r["days"];
  CHECK(days.contains("2026-07-02"));
  CHECK_FALSE(days.contains("2026-07-03"));
  CHECK_FALSE(days.contains("2026-07-04"));
  CHECK_FALSE(days.contains("2026-07-05"));
  CHECK_FALSE(days.contains("2026-07-06"));
  REQUIRE(days.contains("2026-07-07"));
  CHECK(days["2026-07-07"]["first"] == "09:00:00");
}

TEST_CASE("property: over random zoned scenarios no call starts outside its window, day, holiday or preset", "[calendar][property]") {
  const char* zones[] = {"America/New_York", "America/Los_Angeles", "Europe/London", "Asia/Kolkata",
                         "Australia/Sydney", "America/Sao_Paulo", "Pacific/Chatham", "Asia/Kathmandu"};
  const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const char* rules[] = {"us_tcpa", "canada_crtc", "india_trai", "uk_ofcom"};
  const char* phones[] = {"+12125550101", "+14155550102", "+13125550103", "+13035550104", "+16025550105",
                          "+18085550106", "+14165550107", "+442071234567", "+919876543210", "+61298765432",
                          "+81312345678", "+5511987654321", "+16045550108", "+19075550109"};
  std::uint64_t x = GENERATE(range(1, 13));
  auto next = [&x](std::uint64_t n) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return (x >> 33) % n;
  };
  Json sc;
  const int month = 1 + static_cast<int>(next(12));
  char start[32];
  std::snprintf(start, sizeof start, "2026-%02d-%02dT%02d:00", month, 1 + static_cast<int>(next(27)), static_cast<int>(next(24)));
  sc["simulation_start"] = start;
  std::string csv = "phone_number,timezone\n";
  for (int i = 0; i < 150; ++i)
    csv += std::string(phones[next(std::size(phones))]) + "," + (next(4) == 0 ? zones[next(std::size(zones))] : "") + "\n";
  sc["recipients"] = {{"csv", csv}};
  sc["outcomes"] = {{"busy", 0.5}, {"completed", 0.3}, {"no_answer", 0.2}};
  sc["retry"] = {{"max_retries", 3}, {"wait_minutes", 20 + static_cast<int>(next(300))}};
  sc["concurrency"] = 3;
  Json schedule;
  schedule["time_zone"] = zones[next(std::size(zones))];
  const int open = static_cast<int>(next(24 * 4)) * 15, length = 60 + static_cast<int>(next(20 * 4)) * 15;
  const int close = (open + length) % 1440;
  if (close != open) {
    char o[8], c[8];
    std::snprintf(o, sizeof o, "%02d:%02d", open / 60, open % 60);
    std::snprintf(c, sizeof c, "%02d:%02d", close / 60, close % 60);
    schedule["calling_hours_start"] = o;
    schedule["calling_hours_end"] = c;
  }
  Json calling_days = Json::array();
  for (const char* d : days)
    if (next(3) != 0) calling_days.push_back(d);
  if (calling_days.empty()) calling_days.push_back("wed");
  schedule["calling_days"] = calling_days;
  schedule["holidays"] = Json::array();
  for (int i = 0; i < 3; ++i) {
    char h[16];
    std::snprintf(h, sizeof h, "2026-%02d-%02d", month, 1 + static_cast<int>(next(28)));
    schedule["holidays"].push_back(h);
  }
  schedule["calling_hours_in"] = next(2) ? "recipient" : "campaign";
  if (next(2)) schedule["calling_rules"] = rules[next(4)];
  sc["schedule"] = schedule;
  INFO(sc.dump());
  const Json r = checkWindows(sc);
  CHECK(r["ok"] == true);
  CHECK(r["calls"].get<int>() > 100);
}

TEST_CASE("phone numbers give their zone by country code or NANP area code; multi-zone and unknown ones are flagged", "[calendar][zones]") {
  struct Row {
    const char* phone;
    std::vector<std::string> zones;
  };
  const Row row = GENERATE(Row{"+12125550101", {"America/New_York"}}, Row{"+13125550101", {"America/Chicago"}},
                           Row{"+13035550101", {"America/Denver"}}, Row{"+16025550101", {"America/Phoenix"}},
                           Row{"+14155550101", {"America/Los_Angeles"}}, Row{"+18085550101", {"Pacific/Honolulu"}},
                           Row{"+14165550101", {"America/Toronto"}}, Row{"+16045550101", {"America/Vancouver"}},
                           Row{"+442071234567", {"Europe/London"}}, Row{"+919876543210", {"Asia/Kolkata"}},
                           Row{"+81312345678", {"Asia/Tokyo"}},
                           Row{"+16055550101", {"America/Denver", "America/North_Dakota/Center"}},
                           Row{"+19075550101", {"America/Adak", "America/Anchorage"}});
  INFO(row.phone);
  std::vector<std::string> got;
  for (ZoneId z : phoneZones(row.phone)) got.emplace_back(zoneName(z));
  CHECK(got == row.zones);
}

TEST_CASE("a number whose area code is unassigned spans all of NANP and is reported, not guessed", "[calendar][zones]") {
  CHECK(phoneZones("+12005550101").size() > 20);  // +1 200 is not an assigned area code
  const ParseResult r = parseScenario(
      R"({"recipients":{"csv":"phone_number,timezone\n+12125550101,\n+12005550101,\n+16055550101,\n+14155550101,America/Chicago\n"},)"
      R"("schedule":{"time_zone":"America/New_York","default_recipient_time_zone":"America/Los_Angeles"}})");
  REQUIRE(r.errors.empty());
  const RecipientZones& z = r.scenario->campaigns[0].recipient_zones;
  CHECK(z.by_source[static_cast<int>(ZoneSource::phone)] == 1);
  CHECK(z.by_source[static_cast<int>(ZoneSource::ambiguous)] == 2);
  CHECK(z.by_source[static_cast<int>(ZoneSource::csv)] == 1);
  CHECK(zoneName(z.zone[1]) == "America/Los_Angeles");  // the default for ambiguous numbers
  CHECK(zoneName(z.zone[3]) == "America/Chicago");      // the column wins over the 415 area code
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "/recipients/csv: 2 phone numbers span several time zones (rows 3, 4); they are called in "
                         "America/Los_Angeles (schedule.default_recipient_time_zone)");
}

TEST_CASE("an unknown name in the timezone column is an error naming the rows", "[calendar][zones]") {
  const ParseResult r = parseScenario(
      R"({"recipients":{"csv":"phone_number,timezone\n+12125550101,Mars/Olympus\n"},"schedule":{"time_zone":"UTC"}})");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].path == "/recipients/csv");
  CHECK(r.errors[0].message.find("\"Mars/Olympus\" and others on row 2") != std::string::npos);
}

TEST_CASE("synthetic recipients take the time_zones mix in its shares", "[calendar][zones]") {
  const ParseResult r = parseScenario(
      R"({"recipients":{"count":1000,"time_zones":{"America/New_York":0.5,"America/Chicago":0.3,"America/Los_Angeles":0.2}},)"
      R"("schedule":{"time_zone":"America/New_York"}})");
  REQUIRE(r.errors.empty());
  std::map<std::string, int> count;
  for (ZoneId z : r.scenario->campaigns[0].recipient_zones.zone) ++count[std::string(zoneName(z))];
  CHECK(std::abs(count["America/New_York"] - 500) <= 2);
  CHECK(std::abs(count["America/Chicago"] - 300) <= 2);
  CHECK(std::abs(count["America/Los_Angeles"] - 200) <= 2);
}

namespace {
// A US-wide list: 10 recipients in each of Los Angeles, Denver, Chicago, New York (in that input
// order), every call answered and exactly 10 minutes long (no delays), 2 lines, campaign zone
// Eastern, 09:00-18:00, launched Monday 2026-03-09 08:00 Eastern (after the DST change).
Json usWide(const char* hours_in) {
  std::string csv = "phone_number\n";
  for (const char* area : {"415", "303", "312", "212"})
    for (int i = 0; i < 10; ++i) csv += std::string("+1") + area + "555010" + std::to_string(i) + "\n";
  const Json zero = {{"kind", "fixed"}, {"value", 0}};
  return Json{{"simulation_start", "2026-03-09T08:00"},
              {"recipients", {{"csv", csv}}},
              {"outcomes", {{"completed", 1}}},
              {"concurrency", 2},
              {"timing", {{"dispatch_delay", zero}, {"provider_ack", zero}, {"ring_to_answer", zero},
                          {"talk", {{"kind", "fixed"}, {"value", 600}}}}},
              {"schedule", {{"time_zone", "America/New_York"}, {"calling_hours_start", "09:00"},
                            {"calling_hours_end", "18:00"}, {"calling_hours_in", hours_in},
                            {"compliance_check", {"us_tcpa"}}}}};
}

// Minutes after 08:00 Eastern at which each recipient's (only) call starts.
std::vector<int> firstCallMinutes(const Simulation& sim) {
  std::vector<int> out(40, -1);
  for (const CallLog& log : sim.callLogs())
    if (log.at[kInitiated] != kNever) out[log.recipient.index()] = static_cast<int>(log.at[kInitiated] / 60);
  return out;
}
}  // namespace

TEST_CASE("US-wide list in recipient time: each zone is called from 09:00 its own time, Pacific at 12:00 Eastern", "[calendar][us]") {
  Simulation sim(loadScenario(usWide("recipient").dump()), 1);
  sim.runToEnd();
  const std::vector<int> minutes = firstCallMinutes(sim);
  // Only New York is open at 09:00 ET: its 10 calls take 5 rounds of 2 (09:00 ... 09:40).
  // Chicago opens at 10:00 ET, Denver 11:00 ET, Los Angeles 12:00 ET (09:00 PT); each the same.
  for (int zone = 0; zone < 4; ++zone) {
    const int opens = 60 + 60 * (3 - zone);  // LA (input 0) opens at minute 240, NY at 60
    for (int i = 0; i < 10; ++i) {
      INFO("zone " << zone << " recipient " << i);
      CHECK(minutes[zone * 10 + i] == opens + 10 * (i / 2));
    }
  }
  CHECK(sim.localTime(sim.callLogs()[0].at[kInitiated], sim.recipientZone(cs::CampaignId::from(0), cs::RecipientIndex::from(0))) == "2026-03-09T09:00:00-07:00");
  // The last Pacific pair starts at 12:40 ET and ends at 12:50 ET: 290 minutes after launch.
  REQUIRE(sim.view(cs::CampaignId::from(0)).finished_at);
  CHECK(*sim.view(cs::CampaignId::from(0)).finished_at == 290 * 60);
  CHECK(sim.view(cs::CampaignId::from(0)).compliance.at(0).outside == 0);
}

TEST_CASE("US-wide list in campaign time: Pacific is called at 06:00 its time, and the TCPA check counts it", "[calendar][us]") {
  Simulation sim(loadScenario(usWide("campaign").dump()), 1);
  sim.runToEnd();
  const std::vector<int> minutes = firstCallMinutes(sim);
  // Everyone is open at 09:00 ET; input order: 20 rounds of 2 calls, 10 minutes each.
  for (int i = 0; i < 40; ++i) CHECK(minutes[i] == 60 + 10 * (i / 2));
  CHECK(sim.localTime(sim.callLogs()[0].at[kInitiated], sim.recipientZone(cs::CampaignId::from(0), cs::RecipientIndex::from(0))) == "2026-03-09T06:00:00-07:00");
  CHECK(*sim.view(cs::CampaignId::from(0)).finished_at == (60 + 200) * 60);  // 12:20 ET
  // Outside 08:00-21:00 recipient time: all 10 Pacific calls (06:00-06:40 PT) and Denver's first
  // pair (09:50 ET = 07:50 MT); Denver's 10:00 ET pair is at 08:00 MT, inside.
  CHECK(sim.view(cs::CampaignId::from(0)).compliance.at(0).outside == 12);
}

TEST_CASE("a closed zone does not hold up an open one: the report lists each waiting zone and its opening", "[calendar][us]") {
  Json s = usWide("recipient");
  Simulation sim(loadScenario(s.dump()), 1);
  sim.advanceTo(30 * 60);  // 08:30 ET: nobody's window is open yet
  const CampaignView v = sim.view(cs::CampaignId::from(0));
  CHECK(v.outside_calling_hours);
  REQUIRE(v.waiting_by_zone.size() == 4);
  std::map<std::string, std::pair<std::uint32_t, std::string>> by_zone;
  for (const ZoneWait& w : v.waiting_by_zone)
    by_zone[std::string(zoneName(w.zone))] = {w.waiting, sim.localTime(w.opens, w.zone)};
  CHECK(by_zone["America/Los_Angeles"] == std::make_pair(10u, std::string("2026-03-09T09:00:00-07:00")));
  CHECK(by_zone["America/New_York"] == std::make_pair(10u, std::string("2026-03-09T09:00:00-04:00")));
  sim.advanceTo(65 * 60);  // 09:05 ET: New York dials while the others wait
  const CampaignView w = sim.view(cs::CampaignId::from(0));
  CHECK_FALSE(w.outside_calling_hours);
  CHECK(w.waiting_by_zone.size() == 3);
}

TEST_CASE("defaults keep the plain clock: no zone, no offset, every day a calling day", "[calendar]") {
  const ParseResult r = parseScenario(R"({"recipients":{"count":1}})");
  REQUIRE(r.scenario);
  const ScheduleDef& s = r.scenario->campaigns[0].schedule;
  CHECK(s.time_zone == kPlainClock);
  CHECK(s.calling_days == 0x7F);
  CHECK(s.campaignHours().always());
  CHECK(r.scenario->campaigns[0].recipient_zones.zone.empty());
}
