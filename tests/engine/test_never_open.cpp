// Calling windows that can never open (engine/window_check.h): validate warns, naming the fields,
// the zone and how many recipients; the run report counts them under "never_open"; a window that
// does open before the horizon gets neither.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "api.h"
#include "cli_runner.h"

using namespace cs;
using Json = nlohmann::json;

namespace {

// Campaign hours 07:00-10:00 Eastern under the TCPA (08:00-21:00 in each recipient's zone): New
// York may be called 08:00-10:00 ET; Los Angeles only from 08:00 PT = 11:00 ET, after the
// campaign's hours end, on every day of the year (both zones change offset together).
Json presetClosesLosAngeles() {
  const Json zero = {{"kind", "fixed"}, {"value", 0}};
  return Json{{"simulation_start", "2026-03-09T06:00"},
              {"horizon_days", 3},
              {"recipients",
               {{"csv", "phone_number,timezone\n+12125550101,America/New_York\n+14155550101,America/Los_Angeles\n"
                        "+12125550102,America/New_York\n+14155550102,America/Los_Angeles\n"
                        "+14155550103,America/Los_Angeles\n"}}},
              {"outcomes", {{"completed", 1}}},
              {"retry", {{"max_retries", 0}}},
              {"timing", {{"dispatch_delay", zero}, {"provider_ack", zero}, {"ring_to_answer", zero},
                          {"talk", {{"kind", "fixed"}, {"value", 60}}}}},
              {"schedule", {{"time_zone", "America/New_York"}, {"calling_hours_start", "07:00"},
                            {"calling_hours_end", "10:00"}, {"calling_rules", "us_tcpa"}}}};
}

// Calls on Mondays 10:00-12:00 (plain clock); the run starts Monday 2026-12-07 09:00 and both
// Mondays before the horizon are holidays; the next Monday, 2026-12-21, opens at 10:00, which is
// within a horizon of 15 days (ends 2026-12-22 09:00) but not of 14 (ends 2026-12-21 09:00).
Json holidaysCoverMondays(int horizon_days) {
  return Json{{"simulation_start", "2026-12-07T09:00"},
              {"horizon_days", horizon_days},
              {"recipients", {{"count", 4}}},
              {"outcomes", {{"completed", 1}}},
              {"retry", {{"max_retries", 0}}},
              {"schedule", {{"calling_hours_start", "10:00"}, {"calling_hours_end", "12:00"},
                            {"calling_days", {"mon"}}, {"holidays", {"2026-12-07", "2026-12-14"}}}}};
}

// The one warning `validate` gives for a valid scenario `s` (fails unless there is exactly one).
std::string onlyWarning(const Json& s) {
  const Json v = Json::parse(validateJson(s.dump()));
  CHECK(v["valid"] == true);
  REQUIRE(v["warnings"].size() == 1);
  return v["warnings"][0].get<std::string>();
}

}  // namespace

TEST_CASE("validate warns when calling hours and a preset never overlap in a recipient zone, naming fields, zone and count", "[calendar][never_open]") {
  CHECK(onlyWarning(presetClosesLosAngeles()) ==
        "/schedule: 3 recipients in America/Los_Angeles can never be called before the horizon: the calling "
        "hours 07:00-10:00 (read in America/New_York) never overlap us_tcpa's hours in America/Los_Angeles "
        "(schedule.calling_hours_start, schedule.calling_hours_end, schedule.calling_rules, "
        "schedule.calling_hours_in); they wait until the run is cut at the horizon");
}

TEST_CASE("the run report counts recipients whose window never opens; the others are called", "[calendar][never_open]") {
  const Json r = Json::parse(runJson(presetClosesLosAngeles().dump(), {}));
  const Json& c = r["campaigns"][0];
  REQUIRE(c.contains("never_open"));
  REQUIRE(c["never_open"].size() == 1);
  const Json& w = c["never_open"][0];
  CHECK(w["time_zone"] == "America/Los_Angeles");
  CHECK(w["recipients"] == 3);
  CHECK(w["fields"] == Json::array({"schedule.calling_hours_start", "schedule.calling_hours_end",
                                    "schedule.calling_rules", "schedule.calling_hours_in"}));
  CHECK(w["first_opens"].is_null());
  // Both New York recipients completed at 08:00 ET; the three in Los Angeles are still queued
  // when the run is cut at the 3-day horizon.
  CHECK(c["final_status"]["completed"] == 2);
  CHECK(c["call_status"]["created"] == 3);
  CHECK(r["truncated"]["in_progress"] == 3);
  CHECK(r["truncated"]["at_minute"] == 3 * 1440);
}

TEST_CASE("in recipient time the same hours open everywhere: no warning and no never_open", "[calendar][never_open]") {
  Json s = presetClosesLosAngeles();
  s["schedule"]["calling_hours_in"] = "recipient";  // 08:00-10:00 in each recipient's own zone
  const Json v = Json::parse(validateJson(s.dump()));
  CHECK(v["warnings"].empty());
  const Json r = Json::parse(runJson(s.dump(), {}));
  CHECK_FALSE(r["campaigns"][0].contains("never_open"));
  CHECK(r["campaigns"][0]["final_status"]["completed"] == 5);
  CHECK(r["truncated"].is_null());
}

TEST_CASE("validate warns when every calling day before the horizon is a holiday, and says when the window first opens", "[calendar][never_open]") {
  CHECK(onlyWarning(holidaysCoverMondays(14)) ==
        "/schedule: 4 recipients can never be called before the horizon: no calling day that is not a holiday "
        "falls within the horizon of 14 days; the window first opens at 2026-12-21T10:00:00 "
        "(schedule.calling_days, schedule.holidays, horizon_days); they wait until the run is cut at the horizon");
  const Json r = Json::parse(runJson(holidaysCoverMondays(14).dump(), {}));
  const Json& w = r["campaigns"][0]["never_open"].at(0);
  CHECK(w["time_zone"].is_null());
  CHECK(w["recipients"] == 4);
  CHECK(w["first_opens"] == "2026-12-21T10:00:00");
  CHECK(r["truncated"]["in_progress"] == 4);
}

TEST_CASE("a window that first opens one day before the horizon is not reported", "[calendar][never_open]") {
  const Json v = Json::parse(validateJson(holidaysCoverMondays(15).dump()));
  CHECK(v["warnings"].empty());
  const Json r = Json::parse(runJson(holidaysCoverMondays(15).dump(), {}));
  CHECK_FALSE(r["campaigns"][0].contains("never_open"));
  CHECK(r["campaigns"][0]["final_status"]["completed"] == 4);
}

TEST_CASE("an organization's campaign is named by its path in the warning", "[calendar][never_open]") {
  Json single = holidaysCoverMondays(14);
  Json campaign = single;
  campaign.erase("simulation_start");
  campaign.erase("horizon_days");
  const Json org = {{"simulation_start", "2026-12-07T09:00"},
                    {"horizon_days", 14},
                    {"organization", {{"concurrency", 10}}},
                    {"campaigns", {Json{{"name", "open"}, {"recipients", {{"count", 1}}}}, campaign}}};
  CHECK(onlyWarning(org).rfind("/campaigns/1/schedule: 4 recipients can never be called", 0) == 0);
}

TEST_CASE("campaign-sim run says on standard error which recipients were never called, before the cut-run warning", "[calendar][never_open][cli]") {
  const CliResult r = cli("run " + fixture("never_open_preset.json"));
  CHECK(r.exit_code == 0);
  CHECK(r.err.rfind("warning: campaign \"never open: TCPA vs LA mornings\": 3 recipients in America/Los_Angeles "
                    "were never called: the calling hours 07:00-10:00 (read in America/New_York) never overlap "
                    "us_tcpa's hours in America/Los_Angeles (never_open)\nwarning: the run was cut at the horizon",
                    0) == 0);
}

TEST_CASE("hours that overlap a preset only on days that are not calling days are reported with calling_days", "[calendar][never_open]") {
  // Toronto, canada_crtc: weekdays 09:00-21:30, weekends 10:00-18:00. Hours 19:00-21:00 on
  // Saturdays and Sundays only: open on weekdays under the preset, never on the calling days.
  const Json s = {{"simulation_start", "2026-12-07T09:00"},
                  {"horizon_days", 30},
                  {"recipients", {{"count", 2}}},
                  {"schedule", {{"time_zone", "America/Toronto"}, {"calling_hours_start", "19:00"},
                                {"calling_hours_end", "21:00"}, {"calling_days", {"sat", "sun"}},
                                {"calling_rules", "canada_crtc"}}}};
  CHECK(onlyWarning(s) ==
        "/schedule: 2 recipients in America/Toronto can never be called before the horizon: on the calling days "
        "the calling hours 19:00-21:00 (read in America/Toronto) never overlap canada_crtc's hours in "
        "America/Toronto (schedule.calling_days, schedule.calling_hours_start, schedule.calling_hours_end, "
        "schedule.calling_rules); they wait until the run is cut at the horizon");
}

TEST_CASE("the exact expectation lists never-called recipients under ignored", "[calendar][never_open][expectation]") {
  const Json e = Json::parse(expectJson(presetClosesLosAngeles().dump()));
  CHECK(e["ignored"] == Json::array({"3 recipients whose calling window never opens before the horizon (never called)"}));
  const Json open = Json::parse(expectJson(holidaysCoverMondays(15).dump()));
  CHECK(open["ignored"].empty());
}
