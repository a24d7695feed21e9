// campaign-sim: the native command line (model.md §10). Reads files or stdin, calls the engine's
// text API, prints, and maps outcomes to exit codes: 0 success, 2 invalid input, 1 internal error.
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "api.h"
#include "calibrate.h"
#include "options.h"
#include "report.h"

namespace {

constexpr int kOk = 0, kInternal = 1, kInvalid = 2;

const char* kUsage =
    "campaign-sim: simulate DialNexa batch-call campaigns\n"
    "\n"
    "usage: campaign-sim COMMAND FILE [options]     (FILE may be - for standard input)\n"
    "\n"
    "commands:\n"
    "  validate FILE                      check a scenario; exit 2 with {\"errors\":[...]} if invalid\n"
    "  run FILE [--seed N] [--until-minute M] [--horizon-days D]\n"
    "                                     run to the end (or minute M) and print the report\n"
    "  export FILE --table recipients|calls|followup [--status a,b] [--format csv|json] [--bom]\n"
    "              [--campaign I] [--seed N] [--until-minute M] [--horizon-days D]\n"
    "                                     print a table of final rows (in-progress rows are left\n"
    "                                     out and counted on standard error)\n"
    "  expect FILE                        the exact expectation (model.md section 11)\n"
    "  montecarlo FILE --runs N [--seed N] [--first-run K] [--horizon-days D]\n"
    "                                     summary statistics over N independent runs\n"
    "  sweep FILE --runs N [--seed N] [--retries 0,1,2,3,4] [--waits 30,60] [--campaign I]\n"
    "        [--horizon-days D]           the retry tuning table: Monte Carlo per retry count\n"
    "                                     and interval\n"
    "  fit CALLS.csv [--base SCENARIO.json] [--columns field=column,...] [--runs N]\n"
    "              [--seed N] [--bootstrap N] [--segments 1-3] [--allow-large]\n"
    "                                     calibrate recipient behaviour from a call-history\n"
    "                                     export; prints the fitted scenario, its parameters\n"
    "                                     with 95 % intervals and a backtest\n"
    "  compare A.json B.json --runs N [--seed N] [--campaign I]\n"
    "                                     A/B: both Monte Carlo'd on the same seeds, the\n"
    "                                     differences with 95 % intervals and a verdict\n"
    "  defaults                           print the default scenario (every setting at its\n"
    "                                     default; what the page starts from)\n"
    "  --version                          print the engine version\n"
    "\n"
    "A run still going after --horizon-days (default: the scenario's horizon_days, 400) is cut\n"
    "there; the output says so (\"truncated\") and a warning goes to standard error.\n"
    "Work above the budget (about 100 s or 1.5 GB) is refused with its estimate unless\n"
    "--allow-large is given (run, export, montecarlo, sweep, fit).\n"
    "\n"
    "exit codes: 0 success, 2 invalid input, 1 internal error.\n"
    "Run `campaign-sim COMMAND --help` for one command.\n";

const std::map<std::string, std::string> kCommandHelp = {
    {"validate",
     "usage: campaign-sim validate FILE\n"
     "Checks the scenario. Valid: prints {\"valid\":true,...} with warnings and the recipients\n"
     "summary (rejected CSV rows grouped by reason), exit 0. Invalid: prints\n"
     "{\"errors\":[{\"path\",\"message\"}]}, exit 2.\n"},
    {"run",
     "usage: campaign-sim run FILE [--seed N] [--until-minute M] [--horizon-days D] [--allow-large]\n"
     "Runs the scenario to its end, or stops the clock at minute M, and prints the report:\n"
     "{\"campaigns\":[{name,status,blocked_by,counters,final_status,call_status,...}],\"clock\":{...},\n"
     "\"truncated\":null}. --seed overrides the scenario's seed. A run not ended after D simulated\n"
     "days (default the scenario's horizon_days, 400; 1 to 3650) is cut there: \"truncated\" is then\n"
     "{\"at_minute\",\"in_progress\"} and a warning goes to standard error.\n"},
    {"export",
     "usage: campaign-sim export FILE --table recipients|calls|followup [--status a,b] [--format csv|json]\n"
     "                           [--bom] [--campaign I] [--seed N] [--until-minute M]\n"
     "Prints recipient results, call history, or (followup) the recipients of the chosen groups as\n"
     "a list to upload again: phone_number and the uploaded variables, nothing else. --status picks\n"
     "final status groups (completed,\n"
     "did_not_pick, busy, no_answer, failed, cancelled, retry_expired; default all). Rows still\n"
     "in progress are never exported; their count is printed on standard error (CSV) or in the\n"
     "JSON's excluded_in_progress. --campaign selects a campaign of an organization (0-based).\n"
     "--bom starts a CSV with a UTF-8 byte order mark, so Excel and LibreOffice read accented\n"
     "text right (\"José\", not \"JosÃ©\"). Phone numbers are written as they are; other text\n"
     "starting with = + - @ tab or CR gets a leading ' (spreadsheet formula injection).\n"
     "--horizon-days and --allow-large as for run; a cut run is reported on standard error.\n"},
    {"expect",
     "usage: campaign-sim expect FILE\n"
     "Prints the exact expectation: {\"final_status_share\",\"attempts_per_recipient\",\"ignored\"}.\n"},
    {"montecarlo",
     "usage: campaign-sim montecarlo FILE --runs N [--seed N] [--first-run K] [--horizon-days D]\n"
     "                               [--allow-large]\n"
     "Runs N independent replications (run i uses the seed derived from (seed, i)) and prints\n"
     "{mean, sd, min, max, ci95, median, p90, histogram} for every counter, the campaign\n"
     "duration, attempts per recipient, cost and the shares of the five final groups\n"
     "(completed, failed, did_not_pick, cancelled, retry_expired: they add up to 1 when every\n"
     "run finishes), and truncated_runs (runs cut by the horizon; truncated_affects lists the\n"
     "summaries they make partial). More than about 100 s of work is refused with its estimate\n"
     "unless --allow-large.\n"},
    {"compare",
     "usage: campaign-sim compare A.json B.json --runs N [--seed N] [--campaign I]\n"
     "Runs N replications of both scenarios with the same seeds (common random numbers; --seed\n"
     "defaults to A's) and prints {\"a\": {label, summary}, \"b\": {...}, \"comparison\": {\"metrics\":\n"
     "{metric: {a, b, difference, ci95, clear, judgement}}, \"shares_total\", \"verdict\"}}.\n"
     "judgement says whether B is better, worse or the same for the campaign's goal (completed\n"
     "leads; expired and cancelled recipients count as not reached). The verdict is one sentence:\n"
     "extra completed leads with their interval, extra attempts, cost and cost per extra lead,\n"
     "extra duration (median and p90), or, within the noise, which one is cheaper or faster.\n"},
    {"defaults",
     "usage: campaign-sim defaults\n"
     "Prints the default scenario: one campaign with every setting at the value the engine uses\n"
     "when the key is left out (recipients: a count of 1000). `campaign-sim validate` accepts it;\n"
     "the web page starts from it.\n"},
    {"sweep",
     "usage: campaign-sim sweep FILE --runs N [--seed N] [--retries LIST] [--waits LIST] [--campaign I]\n"
     "                          [--horizon-days D] [--allow-large]\n"
     "For every retry count (default 0,1,2,3,4; ranges like 0-6 allowed; up to 10) and every\n"
     "retry interval in minutes (default: the scenario's wait_minutes), runs N replications\n"
     "(run i uses the seed derived from (seed, i) in every cell) and prints\n"
     "{\"rows\":[{\"max_retries\",\"wait_minutes\",<metric>:{summary},...,\"marginal_completed_share\"}]}\n"
     "with truncated_runs per row and in all. Work above the budget needs --allow-large.\n"},
    {"fit",
     "usage: campaign-sim fit CALLS.csv [--base SCENARIO.json] [--columns field=column,...] [--runs N]\n"
     "                      [--seed N] [--bootstrap N] [--segments 1-3] [--allow-large]\n"
     "Reads a call history (the simulator's own call export or DialNexa's Call History CSV),\n"
     "fits the engine's recipient behaviour model by maximum likelihood and prints\n"
     "{\"scenario\",\"parameters\":[{name,value,ci95,identified}],\"backtest\",\"excluded_in_progress\",\"warnings\"}.\n"
     "--base keeps that scenario's settings (default: the source campaign's retry settings as\n"
     "read from the history). --columns maps fields to column names (fields: call_id,\n"
     "parent_call_id, phone_number, attempt, retry_depth, status, end_reason, created_at,\n"
     "initiated_at, sent_at, received_at, answered_at, ended_at, duration_seconds, duration_ms).\n"
     "--runs: backtest Monte Carlo runs (default 100); --bootstrap: replicates for the intervals\n"
     "(default 100, 0 = none); --segments: the most recipient segments tried (default 3).\n"
     "A fit whose work (about 60 simulated calls per call of the history, 2.5 more per bootstrap\n"
     "replicate, plus the backtest runs) is above the budget needs --allow-large.\n"},
};

struct Args {
  std::string command, file, file_b;
  std::map<std::string, std::string> options;
  bool help = false;
};

std::vector<cs::FieldError> parseArgs(int argc, char** argv, Args& args) {
  std::vector<cs::FieldError> errors;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      args.help = true;
    } else if (a.rfind("--", 0) == 0 && a.size() > 2) {
      std::string key = a, value;
      const auto eq = a.find('=');
      if (eq != std::string::npos) {
        key = a.substr(0, eq);
        value = a.substr(eq + 1);
      } else if (a == "--allow-large" || a == "--bom") {
        value = "true";  // a flag: takes no value
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        errors.push_back({key, "needs a value"});
        continue;
      }
      args.options[key] = value;
    } else {
      positional.push_back(a);
    }
  }
  if (!positional.empty()) args.command = positional[0];
  if (positional.size() > 1) args.file = positional[1];
  const std::size_t files = args.command == "compare" ? 2 : 1;  // compare A.json B.json
  if (files == 2 && positional.size() > 2) args.file_b = positional[2];
  if (positional.size() > files + 1)
    errors.push_back({"arguments", "unexpected argument \"" + positional[files + 1] + "\""});
  return errors;
}

// What every command of many runs reads alike (montecarlo, sweep, compare).
template <class Options>
Options manyRuns(long long runs, const cs::RunOptions& run) {
  Options out;
  out.runs = static_cast<std::uint32_t>(runs);
  out.seed = run.seed;
  out.horizon_days = run.horizon_days;
  out.allow_large = run.allow_large;
  return out;
}

bool readInput(const std::string& file, std::string& text, std::string& error) {
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  struct stat info {};
  if (::stat(file.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    error = "\"" + file + "\" is a directory; give a scenario file (or - for standard input)";
    return false;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot read file \"" + file + "\" (" + (::stat(file.c_str(), &info) == 0 ? "permission denied" : "no such file") + ")";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "cannot read file \"" + file + "\"";
    return false;
  }
  text = buffer.str();
  return true;
}

int printErrors(const std::vector<cs::FieldError>& all) {
  const std::vector<cs::FieldError> errors = cs::capErrors(all);
  cs::Json list = cs::Json::array();
  for (const auto& e : errors) list.push_back(cs::Json{{"path", e.path}, {"message", e.message}});
  // Messages quote the user's text: never let a stray byte stop the error from being printed.
  std::cout << cs::Json{{"errors", list}}.dump(2, ' ', false, cs::Json::error_handler_t::replace) << "\n";
  for (const auto& e : errors) std::cerr << "error: " << (e.path.empty() ? "" : e.path + ": ") << e.message << "\n";
  return kInvalid;
}

// A cut run, in the words of the engine (api.h), on standard error.
void warnTruncated(const cs::Json& truncated) {
  if (truncated.is_object())
    std::cerr << cs::truncationWarning(truncated["at_minute"].get<long long>(), truncated["in_progress"].get<long long>())
              << "\n";
}

// Recipients whose window never opens (report "never_open"): raising the horizon may not help.
void warnNeverOpen(const cs::Json& report) {
  for (const auto& c : report["campaigns"])
    if (c.contains("never_open"))
      for (const auto& w : c["never_open"])
        std::cerr << "warning: campaign " << c["name"].dump() << ": " << w["recipients"].get<long long>()
                  << " recipients" << (w["time_zone"].is_null() ? "" : " in " + w["time_zone"].get<std::string>())
                  << " were never called: " << w["reason"].get<std::string>() << " (never_open)\n";
}

void warnTruncatedRuns(const cs::Json& out) {
  const auto n = out.value("truncated_runs", 0);
  if (n > 0)
    std::cerr << "warning: " << n << " of the runs were cut at the horizon with recipients still in progress;"
              << " every summary but recipients is partial (truncated_affects); raise --horizon-days\n";
}

int run(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--version") {
    std::cout << cs::engineVersion() << "\n";
    return kOk;
  }
  Args args;
  std::vector<cs::FieldError> errors = parseArgs(argc, argv, args);
  if (args.command.empty()) {
    if (args.help) {
      std::cout << kUsage;
      return kOk;
    }
    std::cerr << kUsage;
    return printErrors({{"COMMAND", "missing command; one of validate, run, export, expect, montecarlo, sweep, compare, fit"}});
  }
  const auto help = kCommandHelp.find(args.command);
  if (help == kCommandHelp.end()) {
    std::cerr << kUsage << "\n";
    return printErrors({{"COMMAND", "unknown command \"" + args.command +
                                        "\"; one of validate, run, export, expect, montecarlo, sweep, compare, fit"}});
  }
  if (args.help) {
    std::cout << help->second;
    return kOk;
  }
  if (args.command == "defaults") {
    if (!args.file.empty()) errors.push_back({"arguments", "defaults takes no file, found \"" + args.file + "\""});
    for (const auto& [key, value] : args.options) errors.push_back({key, "unknown option for defaults; allowed: none"});
    if (!errors.empty()) return printErrors(errors);
    std::cout << cs::defaultScenarioJson();
    return kOk;
  }
  if (args.file.empty()) errors.push_back({"FILE", "missing scenario file (use - for standard input)"});
  if (args.command == "compare" && !args.file.empty() && args.file_b.empty())
    errors.push_back({"B.json", "missing the second scenario file: campaign-sim compare A.json B.json"});
  if (args.file == "-" && args.file_b == "-")
    errors.push_back({"B.json", "only one of the two files can be standard input"});

  const std::map<std::string, std::vector<std::string>> allowed = {
      {"validate", {}},
      {"run", {"--seed", "--until-minute", "--horizon-days", "--allow-large"}},
      {"export", {"--table", "--status", "--format", "--bom", "--campaign", "--seed", "--until-minute",
                  "--horizon-days", "--allow-large"}},
      {"expect", {}},
      {"montecarlo", {"--runs", "--seed", "--first-run", "--horizon-days", "--allow-large"}},
      {"sweep", {"--runs", "--seed", "--retries", "--waits", "--campaign", "--horizon-days", "--allow-large"}},
      {"fit", {"--base", "--columns", "--runs", "--seed", "--bootstrap", "--segments", "--allow-large"}},
      {"compare", {"--runs", "--seed", "--campaign", "--horizon-days", "--allow-large"}},
  };
  const auto& permitted = allowed.at(args.command);
  for (const auto& [key, value] : args.options) {
    bool ok = false;
    for (const auto& p : permitted) ok = ok || p == key;
    if (!ok) {
      std::string list;
      for (const auto& p : permitted) list += (list.empty() ? "" : ", ") + p;
      errors.push_back({key, "unknown option for " + args.command + "; allowed: " + (list.empty() ? "none" : list)});
    }
  }
  auto option = [&](const std::string& key) -> std::optional<std::string> {
    const auto it = args.options.find(key);
    if (it == args.options.end()) return std::nullopt;
    return it->second;
  };
  // Every whole-number option is read through the engine's table (options.h), as the bindings do.
  auto integer = [&](const cs::IntegerOption& o) -> std::optional<long long> {
    const auto text = option(o.flag);
    if (!text) return std::nullopt;
    long long v = 0;
    if (auto error = cs::readInteger(o, *text, v)) {
      errors.push_back(*error);
      return std::nullopt;
    }
    return v;
  };
  auto list = [&](const cs::IntegerOption& o) -> std::optional<std::vector<int>> {
    const auto text = option(o.flag);
    if (!text) return std::nullopt;
    std::vector<int> values;
    if (auto error = cs::readIntegerList(o, *text, values)) {
      errors.push_back(*error);
      return std::nullopt;
    }
    return values;
  };
  if (const auto flag = option("--allow-large"); flag && *flag != "true")
    errors.push_back({"--allow-large", "is a flag and takes no value, found \"" + *flag + "\""});
  const bool allow_large = option("--allow-large").has_value();

  cs::RunOptions run_options;
  if (auto v = integer(cs::option::seed)) run_options.seed = static_cast<std::uint64_t>(*v);
  if (auto v = integer(cs::option::until_minute)) run_options.until_minute = static_cast<int>(*v);
  if (auto v = integer(cs::option::horizon_days)) run_options.horizon_days = static_cast<int>(*v);
  run_options.allow_large = allow_large;
  const auto runs = integer(cs::option::runs);
  const auto first_run = integer(cs::option::first_run);
  const auto campaign = integer(cs::option::campaign);
  const auto retries = list(cs::option::retries);
  const auto waits = list(cs::option::waits);
  if ((args.command == "montecarlo" || args.command == "sweep" || args.command == "compare") && !option("--runs"))
    errors.push_back({"--runs", "is required: " + std::string(cs::option::runs.what) + ", " +
                                    std::to_string(cs::option::runs.lo) + " to " + std::to_string(cs::option::runs.hi)});
  if (args.command == "export" && !option("--table"))
    errors.push_back({"--table", "is required: recipients, calls or followup"});
  if (!errors.empty()) return printErrors(errors);

  std::string text, read_error;
  if (!readInput(args.file, text, read_error)) return printErrors({{"FILE", read_error}});

  try {
    if (args.command == "validate") {
      const std::string out = cs::validateJson(text);
      const cs::Json parsed = cs::Json::parse(out);
      if (!parsed["valid"].get<bool>()) {
        std::vector<cs::FieldError> found;
        for (const auto& e : parsed["errors"]) found.push_back({e["path"], e["message"]});
        return printErrors(found);
      }
      std::cout << out;
      return kOk;
    }
    if (args.command == "run") {
      const std::string out = cs::runJson(text, run_options);
      std::cout << out;
      const cs::Json report = cs::Json::parse(out);
      warnNeverOpen(report);
      warnTruncated(report["truncated"]);
      return kOk;
    }
    if (args.command == "expect") {
      std::cout << cs::expectJson(text);
      return kOk;
    }
    if (args.command == "export") {
      cs::ExportOptions options;
      options.run = run_options;
      options.table = *option("--table");
      if (auto f = option("--format")) options.format = *f;
      if (campaign) options.campaign = static_cast<int>(*campaign);
      options.bom = option("--bom").has_value();
      if (auto s = option("--status")) {
        std::stringstream statuses(*s);
        std::string item;
        while (std::getline(statuses, item, ',')) options.statuses.push_back(item);
        if (options.statuses.empty()) return printErrors({{"--status", "needs at least one status group"}});
      }
      // Streamed: memory stays bounded by one piece however many rows (a 1M-recipient call history).
      const cs::ExportResult result =
          cs::exportTable(text, options, [](const std::string& piece) { std::cout << piece; });
      std::cerr << "exported " << result.rows << " rows; " << result.excluded_in_progress
                << " in-progress rows left out\n";
      if (result.truncated_at_minute)
        std::cerr << cs::truncationWarning(*result.truncated_at_minute, result.truncated_in_progress) << "\n";
      return kOk;
    }
    if (args.command == "montecarlo") {
      auto options = manyRuns<cs::MonteCarloOptions>(*runs, run_options);
      if (first_run) options.first_run = static_cast<std::uint32_t>(*first_run);
      const std::string out = cs::monteCarloJson(text, options);
      std::cout << out;
      warnTruncatedRuns(cs::Json::parse(out));
      return kOk;
    }
    if (args.command == "fit") {
      cs::FitJsonOptions options;
      if (run_options.seed) options.seed = *run_options.seed;
      options.allow_large = allow_large;
      if (auto b = option("--base")) {
        std::string base, base_error;
        if (!readInput(*b, base, base_error)) return printErrors({{"--base", base_error}});
        options.base_scenario = base;
      }
      if (auto c = option("--columns")) options.columns = cs::parseColumnMap(*c);
      // fit's own ranges, from the one option table.
      for (const cs::IntegerOption* o : {&cs::option::fit_runs, &cs::option::bootstrap, &cs::option::segments}) {
        const auto given = option(o->flag);
        if (!given) continue;
        long long v = 0;
        if (auto error = cs::readInteger(*o, *given, v)) return printErrors({*error});
        if (o == &cs::option::fit_runs) options.runs = static_cast<std::uint32_t>(v);
        else if (o == &cs::option::bootstrap) options.bootstrap = static_cast<int>(v);
        else options.max_segments = static_cast<int>(v);
      }
      std::cout << cs::fitJson(text, options);
      return kOk;
    }
    if (args.command == "compare") {
      const auto options = manyRuns<cs::MonteCarloOptions>(*runs, run_options);
      std::string text_b;
      if (!readInput(args.file_b, text_b, read_error)) return printErrors({{"B.json", read_error}});
      std::cout << cs::compareJson(text, text_b, options, campaign ? static_cast<int>(*campaign) : 0);
      return kOk;
    }
    if (args.command == "sweep") {
      auto options = manyRuns<cs::SweepOptions>(*runs, run_options);
      if (retries) options.retry_counts = *retries;
      if (waits) options.waits = *waits;
      if (campaign) options.campaign = static_cast<int>(*campaign);
      const std::string out = cs::sweepJson(text, options);
      std::cout << out;
      warnTruncatedRuns(cs::Json::parse(out));
      return kOk;
    }
  } catch (const cs::InputError& e) {
    return printErrors(e.errors);
  } catch (const std::bad_alloc& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kInternal;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return kInternal;
  }
  return kInternal;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return kInternal;
  } catch (...) {
    std::cerr << "internal error\n";
    return kInternal;
  }
}
