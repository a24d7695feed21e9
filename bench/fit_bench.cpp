// Calibration benchmark (issue 12): read and fit a call history of about 200,000 calls (a mixed
// list: segments, busy persistence, attempt decay, an hourly profile; 3 retries at 15/60/120
// minutes). Prints the export's size, the time to read it, to fit without intervals, and the time
// per bootstrap replicate, all measured in this run.
//   fit_bench [RECIPIENTS=120000]
//   fit_bench --file CALLS.csv [BOOTSTRAP=100] [RUNS=100]: `campaign-sim fit` on that file, its
//     phases timed by the progress callback (as bench/browser-fit.mjs times them in the page), as
//     one JSON line; and the read alone.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api.h"
#include "calibrate.h"
#include "exports.h"
#include "fit.h"
#include "simulation.h"

namespace {
// CPU time of this process: the machine is shared, so wall time is noisy (both are printed).
struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
};
double secondsSince(const Clock& c) { return static_cast<double>(std::clock() - c.cpu) / CLOCKS_PER_SEC; }
double wallSince(const Clock& c) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - c.wall).count();
}
}  // namespace

// Phases of one fit, from its progress calls: until the first (reading and the one-segment fit),
// until the bootstrap starts (the mixtures), the bootstrap, and the backtest (the rest).
int fileMode(int argc, char** argv) {
  std::ifstream in(argv[2], std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string csv = text.str();
  cs::FitJsonOptions o;
  o.bootstrap = argc > 3 ? std::atoi(argv[3]) : 100;
  o.runs = argc > 4 ? static_cast<std::uint32_t>(std::atoi(argv[4])) : 100;
  o.allow_large = true;
  Clock t0;
  const cs::CallHistory h = cs::readCallHistory(csv);
  const double read_s = wallSince(t0), read_cpu = secondsSince(t0);
  std::vector<std::pair<double, double>> marks;  // (fraction, wall seconds)
  o.progress = [&](double f) { marks.push_back({f, 0}); marks.back().second = wallSince(t0); };
  t0 = Clock{};
  const std::string out = cs::fitJson(csv, o);
  const double total = wallSince(t0), cpu = secondsSince(t0);
  const double first = marks.empty() ? total : marks.front().second;
  // The bootstrap's share of progress is 0.24 to 0.80 of fitJson's; the backtest is the rest.
  double mixtures_end = first, boot_end = total;
  for (const auto& m : marks) {
    if (m.first <= 0.8 * 0.3 + 1e-9) mixtures_end = m.second;
    if (m.first <= 0.8 + 1e-9) boot_end = m.second;
  }
  if (o.bootstrap == 0) boot_end = mixtures_end;
  std::printf("{\"calls\": %zu, \"bytes\": %zu, \"read_only_s\": %.3f, \"read_only_cpu_s\": %.3f, \"until_first_progress_s\": %.3f, "
              "\"mixtures_done_s\": %.3f, \"bootstrap_s\": %.3f, \"backtest_s\": %.3f, \"total_s\": %.3f, \"cpu_s\": %.3f, "
              "\"output_bytes\": %zu}\n",
              h.calls.size(), csv.size(), read_s, read_cpu, first, mixtures_end, boot_end - mixtures_end, total - boot_end, total, cpu,
              out.size());
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 2 && std::string(argv[1]) == "--file") return fileMode(argc, argv);
  const std::uint32_t recipients = argc > 1 ? static_cast<std::uint32_t>(std::strtoul(argv[1], nullptr, 10)) : 120000;
  const std::string scenario = R"({"seed": 3, "recipients": {"count": )" + std::to_string(recipients) + R"(},
    "concurrency": 100, "retry": {"max_retries": 3, "wait_minutes": 15, "wait_minutes_list": [15, 60, 120]},
    "behaviour": {"segments": [
      {"share": 0.8, "outcomes": {"completed": 0.4, "voicemail": 0.1, "did_not_pick": 0.2, "busy": 0.12, "no_answer": 0.13, "failed": 0.05}},
      {"share": 0.2, "outcomes": {"failed": 1}}],
      "busy_persistence": {"probability": 0.6, "half_life_minutes": 45}, "answer_rate_per_attempt": 0.85,
      "answer_rate_by_hour": [1,1,1,1,1,1,1,1,1,1,1.2,1.1,0.6,0.8,1,1,1,1,1,1,1,1,1,1]}})";
  cs::ExportOptions eo;
  eo.table = "calls";
  const cs::ExportResult csv = cs::exportTable(scenario, eo);
  std::printf("history: %u calls, %.1f MB\n", csv.rows, csv.text.size() / 1e6);

  Clock t0;
  const cs::CallHistory h = cs::readCallHistory(csv.text);
  const double read_s = secondsSince(t0);
  std::printf("read:                 %8.3f s CPU (%.3f s wall; %.1f MB/s, %zu recipients)\n", read_s, wallSince(t0),
              csv.text.size() / 1e6 / read_s, h.recipients.size());

  cs::FitOptions o;
  o.bootstrap = 0;
  t0 = Clock{};
  const cs::FitResult f = cs::fitBehaviour(h, cs::TimingDef{}, o);
  const double fit_s = secondsSince(t0);
  std::printf("fit (no intervals):   %8.3f s CPU (%.3f s wall; %d segments chosen)\n", fit_s, wallSince(t0), f.segments);

  o.bootstrap = 10;
  t0 = Clock{};
  cs::fitBehaviour(h, cs::TimingDef{}, o);
  const double boot_s = secondsSince(t0);
  const double per_replicate = (boot_s - fit_s) / 10;
  std::printf("fit, 10 bootstraps:   %8.3f s CPU (%.3f s wall; %.3f s per replicate; the default 100: about %.1f s)\n",
              boot_s, wallSince(t0), per_replicate, fit_s + 100 * per_replicate);

  cs::FitJsonOptions fj;
  fj.bootstrap = 10;
  fj.runs = 20;
  t0 = Clock{};
  const std::string out = cs::fitJson(csv.text, fj);
  std::printf("campaign-sim fit --bootstrap 10 --runs 20: %.3f s CPU (%.3f s wall; %zu bytes of output)\n",
              secondsSince(t0), wallSince(t0), out.size());
  return 0;
}
