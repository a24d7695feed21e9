// Native engine benchmark (issue: 10k, 100k, 1M recipients; max_retries 4; default outcomes;
// concurrency 100). Prints figures, and ratios between sizes measured in this same run: time
// growing linearly with recipients shows as a ratio near 10 for each tenfold step.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

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

long peakRssKiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::uint32_t> sizes = {10000, 100000, 1000000};
  if (argc > 1) {
    sizes.clear();
    for (int i = 1; i < argc; ++i) sizes.push_back(static_cast<std::uint32_t>(std::strtoul(argv[i], nullptr, 10)));
  }
  std::printf("%-12s %10s %14s %14s %12s %14s %12s\n", "recipients", "wall_s", "call_logs/s", "events/s",
              "peak_MiB", "bytes/call_log", "call_logs");
  std::vector<double> times;
  for (std::uint32_t n : sizes) {
    const cs::ScenarioDef def = benchScenario(n);
    const auto start = std::chrono::steady_clock::now();
    cs::Simulation sim(def, def.seed);
    sim.runToEnd();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double logs = static_cast<double>(sim.callLogs().size());
    times.push_back(seconds);
    std::printf("%-12u %10.3f %14.0f %14.0f %12.1f %14zu %12.0f\n", n, seconds, logs / seconds,
                sim.eventsProcessed() / seconds, peakRssKiB() / 1024.0, sizeof(cs::CallLog), logs);
    if (sim.counters(0).in_progress != 0) {
      std::fprintf(stderr, "run did not finish\n");
      return 1;
    }
  }
  for (std::size_t i = 1; i < times.size(); ++i)
    std::printf("time ratio %u/%u recipients: %.2f (linear: %.2f)\n", sizes[i], sizes[i - 1], times[i] / times[i - 1],
                static_cast<double>(sizes[i]) / sizes[i - 1]);
  return 0;
}
