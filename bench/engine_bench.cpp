// Native engine benchmark (issue: 10k, 100k, 1M recipients; max_retries 4; default outcomes;
// concurrency 100). Prints figures, and ratios between sizes measured in this same run: time
// growing linearly with recipients shows as a ratio near 10 for each tenfold step.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "scenario.h"
#include "simulation.h"

namespace {

cs::ScenarioDef benchScenario(std::uint32_t recipients) {
  cs::ScenarioDef def;
  def.seed = 42;
  def.organization.concurrency = 100;
  cs::CampaignDef c;
  c.recipients = cs::syntheticRecipients(recipients);
  c.retry.max_retries = 4;
  c.retry.wait_minutes = 30;
  def.campaigns.push_back(c);
  return def;
}

// Zone-heavy: a US-wide list in five zones, called 09:00-18:00 in each recipient's own time,
// Monday to Friday, across the March DST change (same retry settings and concurrency).
cs::ScenarioDef zoneScenario(std::uint32_t recipients) {
  const std::string json =
      R"({"seed":42,"simulation_start":"2026-03-06T08:00","concurrency":100,"retry":{"max_retries":4,"wait_minutes":30},)"
      R"("recipients":{"count":)" + std::to_string(recipients) +
      R"(,"time_zones":{"America/New_York":0.4,"America/Chicago":0.25,"America/Denver":0.1,"America/Phoenix":0.05,"America/Los_Angeles":0.2}},)"
      R"("schedule":{"time_zone":"America/New_York","calling_hours_start":"09:00","calling_hours_end":"18:00",)"
      R"("calling_hours_in":"recipient","calling_days":["mon","tue","wed","thu","fri"],"compliance_check":["us_tcpa"]}})";
  cs::ParseResult r = cs::parseScenario(json);
  if (!r.scenario) {
    std::fprintf(stderr, "zone scenario invalid: %s\n", r.errors.at(0).message.c_str());
    std::exit(1);
  }
  return *r.scenario;
}

long peakRssKiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  // Usage: engine_bench [--defaults-only|--zones-only] [sizes...]
  std::vector<std::uint32_t> sizes = {10000, 100000, 1000000};
  int first_mode = 0, last_mode = 1;
  std::vector<std::uint32_t> given;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--defaults-only") last_mode = 0;
    else if (arg == "--zones-only") first_mode = 1;
    else given.push_back(static_cast<std::uint32_t>(std::strtoul(argv[i], nullptr, 10)));
  }
  if (!given.empty()) sizes = given;
  const char* modes[] = {"defaults", "zone-heavy (5 zones, recipient hours, Mon-Fri, DST)"};
  std::vector<double> times[2];
  for (int mode = first_mode; mode <= last_mode; ++mode) {
    std::printf("%s\n", modes[mode]);
    std::printf("%-12s %10s %14s %14s %12s %14s %12s %12s\n", "recipients", "wall_s", "call_logs/s", "events/s",
                "peak_MiB", "bytes/call_log", "call_logs", "sim_days");
    for (std::uint32_t n : sizes) {
      const cs::ScenarioDef def = mode == 0 ? benchScenario(n) : zoneScenario(n);
      const auto start = std::chrono::steady_clock::now();
      cs::Simulation sim(def, def.seed);
      sim.runToEnd();
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double logs = static_cast<double>(sim.callLogs().size());
      times[mode].push_back(seconds);
      std::printf("%-12u %10.3f %14.0f %14.0f %12.1f %14zu %12.0f %12.2f\n", n, seconds, logs / seconds,
                  sim.eventsProcessed() / seconds, peakRssKiB() / 1024.0, sizeof(cs::CallLog), logs,
                  sim.now() / 86400.0);
      if (sim.counters(cs::CampaignId::from(0)).in_progress != 0) {
        std::fprintf(stderr, "run did not finish\n");
        return 1;
      }
    }
    for (std::size_t i = 1; i < times[mode].size(); ++i)
      std::printf("time ratio %u/%u recipients: %.2f (linear: %.2f)\n", sizes[i], sizes[i - 1],
                  times[mode][i] / times[mode][i - 1], static_cast<double>(sizes[i]) / sizes[i - 1]);
  }
  for (std::size_t i = 0; first_mode == 0 && last_mode == 1 && i < sizes.size(); ++i)
    std::printf("zone-heavy / defaults at %u recipients: %.2f\n", sizes[i], times[1][i] / times[0][i]);
  return 0;
}
