// campaign-sim: the native command line (model.md §10). Reads files or stdin, calls the engine's
// text API, prints, and maps outcomes to exit codes: 0 success, 2 invalid input, 1 internal error.
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
    "  run FILE [--seed N] [--until-minute M]\n"
    "                                     run to the end (or minute M) and print the report\n"
    "  export FILE --table recipients|calls|followup [--status a,b] [--format csv|json] [--bom]\n"
    "              [--campaign I] [--seed N] [--until-minute M]\n"
    "                                     print a table of final rows (in-progress rows are left\n"
    "                                     out and counted on standard error)\n"
    "  expect FILE                        the exact expectation (model.md section 11)\n"
    "  montecarlo FILE --runs N [--seed N] [--first-run K]\n"
    "                                     summary statistics over N independent runs\n"
    "  sweep FILE --runs N [--seed N] [--retries 0,1,2,3,4] [--waits 30,60] [--campaign I]\n"
    "                                     the retry tuning table: Monte Carlo per retry count\n"
    "                                     and interval\n"
    "  fit CALLS.csv [--base SCENARIO.json] [--columns field=column,...] [--runs N]\n"
    "              [--seed N] [--bootstrap N] [--segments 1-3]\n"
    "                                     calibrate recipient behaviour from a call-history\n"
    "                                     export; prints the fitted scenario, its parameters\n"
    "                                     with 95 % intervals and a backtest\n"
    "  compare A.json B.json --runs N [--seed N] [--campaign I]\n"
    "                                     A/B: both Monte Carlo'd on the same seeds, the\n"
    "                                     differences with 95 % intervals and a verdict\n"
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
     "usage: campaign-sim run FILE [--seed N] [--until-minute M]\n"
     "Runs the scenario to its end, or stops the clock at minute M, and prints the report:\n"
     "{\"campaigns\":[{name,status,blocked_by,counters,final_status,call_status,...}],\"clock\":{...}}.\n"
     "--seed overrides the scenario's seed.\n"},
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
     "starting with = + - @ tab or CR gets a leading ' (spreadsheet formula injection).\n"},
    {"expect",
     "usage: campaign-sim expect FILE\n"
     "Prints the exact expectation: {\"final_status_share\",\"attempts_per_recipient\",\"ignored\"}.\n"},
    {"montecarlo",
     "usage: campaign-sim montecarlo FILE --runs N [--seed N] [--first-run K]\n"
     "Runs N independent replications (run i uses the seed derived from (seed, i)) and prints\n"
     "{mean, sd, min, max, ci95, median, p90, histogram} for every counter, the campaign\n"
     "duration, attempts per recipient, cost and the shares of the five final groups\n"
     "(completed, failed, did_not_pick, cancelled, retry_expired: they add up to 1 when every\n"
     "run finishes).\n"},
    {"compare",
     "usage: campaign-sim compare A.json B.json --runs N [--seed N] [--campaign I]\n"
     "Runs N replications of both scenarios with the same seeds (common random numbers; --seed\n"
     "defaults to A's) and prints {\"a\": {label, summary}, \"b\": {...}, \"comparison\": {\"metrics\":\n"
     "{metric: {a, b, difference, ci95, clear, judgement}}, \"shares_total\", \"verdict\"}}.\n"
     "judgement says whether B is better, worse or the same for the campaign's goal (completed\n"
     "leads; expired and cancelled recipients count as not reached). The verdict is one sentence:\n"
     "extra completed leads with their interval, extra attempts, cost and cost per extra lead,\n"
     "extra duration (median and p90), or, within the noise, which one is cheaper or faster.\n"},
    {"sweep",
     "usage: campaign-sim sweep FILE --runs N [--seed N] [--retries LIST] [--waits LIST] [--campaign I]\n"
     "For every retry count (default 0,1,2,3,4; ranges like 0-6 allowed; up to 10) and every\n"
     "retry interval in minutes (default: the scenario's wait_minutes), runs N replications\n"
     "(run i uses the seed derived from (seed, i) in every cell) and prints\n"
     "{\"rows\":[{\"max_retries\",\"wait_minutes\",<metric>:{summary},...,\"marginal_completed_share\"}]}.\n"},
    {"fit",
     "usage: campaign-sim fit CALLS.csv [--base SCENARIO.json] [--columns field=column,...] [--runs N]\n"
     "                      [--seed N] [--bootstrap N] [--segments 1-3]\n"
     "Reads a call history (the simulator's own call export or DialNexa's Call History CSV),\n"
     "fits the engine's recipient behaviour model by maximum likelihood and prints\n"
     "{\"scenario\",\"parameters\":[{name,value,ci95,identified}],\"backtest\",\"excluded_in_progress\",\"warnings\"}.\n"
     "--base keeps that scenario's settings (default: the source campaign's retry settings as\n"
     "read from the history). --columns maps fields to column names (fields: call_id,\n"
     "parent_call_id, phone_number, attempt, retry_depth, status, end_reason, created_at,\n"
     "initiated_at, sent_at, received_at, answered_at, ended_at, duration_seconds, duration_ms).\n"
     "--runs: backtest Monte Carlo runs (default 100); --bootstrap: replicates for the intervals\n"
     "(default 100, 0 = none); --segments: the most recipient segments tried (default 3).\n"},
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
    } else if (a == "--bom") {  // the one option that is a flag: it takes no value
      args.options[a] = "true";
    } else if (a.rfind("--", 0) == 0 && a.size() > 2) {
      std::string key = a, value;
      const auto eq = a.find('=');
      if (eq != std::string::npos) {
        key = a.substr(0, eq);
        value = a.substr(eq + 1);
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

bool readInput(const std::string& file, std::string& text, std::string& error) {
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot read file \"" + file + "\"";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

std::optional<long long> parseInteger(const std::string& s, long long lo, long long hi) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  const long long v = std::stoll(s);
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

// "0,1,2" or "0-4" or a mix ("0-2,6"); false on anything else.
bool parseIntList(const std::string& text, std::vector<int>& out) {
  std::stringstream list(text);
  std::string item;
  while (std::getline(list, item, ',')) {
    const auto dash = item.find('-');
    if (dash != std::string::npos && dash > 0) {
      const auto lo = parseInteger(item.substr(0, dash), 0, 100000), hi = parseInteger(item.substr(dash + 1), 0, 100000);
      if (!lo || !hi || *lo > *hi) return false;
      for (long long v = *lo; v <= *hi; ++v) out.push_back(static_cast<int>(v));
    } else {
      const auto v = parseInteger(item, 0, 100000);
      if (!v) return false;
      out.push_back(static_cast<int>(*v));
    }
  }
  return !out.empty();
}

int printErrors(const std::vector<cs::FieldError>& errors) {
  cs::Json list = cs::Json::array();
  for (const auto& e : errors) list.push_back(cs::Json{{"path", e.path}, {"message", e.message}});
  std::cout << cs::toText(cs::Json{{"errors", list}});
  for (const auto& e : errors) std::cerr << "error: " << (e.path.empty() ? "" : e.path + ": ") << e.message << "\n";
  return kInvalid;
}

int run(int argc, char** argv) {
  Args args;
  std::vector<cs::FieldError> errors = parseArgs(argc, argv, args);
  if (args.command.empty()) {
    (args.help ? std::cout : std::cerr) << kUsage;
    return args.help ? kOk : kInvalid;
  }
  const auto help = kCommandHelp.find(args.command);
  if (help == kCommandHelp.end()) {
    std::cerr << "unknown command \"" << args.command << "\"\n\n" << kUsage;
    return kInvalid;
  }
  if (args.help) {
    std::cout << help->second;
    return kOk;
  }
  if (args.file.empty()) errors.push_back({"FILE", "missing scenario file (use - for standard input)"});
  if (args.command == "compare" && !args.file.empty() && args.file_b.empty())
    errors.push_back({"B.json", "missing the second scenario file: campaign-sim compare A.json B.json"});
  if (args.file == "-" && args.file_b == "-")
    errors.push_back({"B.json", "only one of the two files can be standard input"});

  const std::map<std::string, std::vector<std::string>> allowed = {
      {"validate", {}},
      {"run", {"--seed", "--until-minute"}},
      {"export", {"--table", "--status", "--format", "--bom", "--campaign", "--seed", "--until-minute"}},
      {"expect", {}},
      {"montecarlo", {"--runs", "--seed", "--first-run"}},
      {"sweep", {"--runs", "--seed", "--retries", "--waits", "--campaign"}},
      {"fit", {"--base", "--columns", "--runs", "--seed", "--bootstrap", "--segments"}},
      {"compare", {"--runs", "--seed", "--campaign"}},
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
  // --runs of montecarlo and sweep: required, 1 to 100000.
  auto readRuns = [&](const std::string& what, std::uint32_t& runs) -> std::optional<cs::FieldError> {
    const auto text = option("--runs");
    if (!text) return cs::FieldError{"--runs", "is required: " + what + ", 1 to 100000"};
    const auto v = parseInteger(*text, 1, 100000);
    if (!v) return cs::FieldError{"--runs", "must be a whole number from 1 to 100000, found \"" + *text + "\""};
    runs = static_cast<std::uint32_t>(*v);
    return std::nullopt;
  };
  cs::RunOptions run_options;
  if (auto s = option("--seed")) {
    if (auto v = parseInteger(*s, 0, 9007199254740992LL)) run_options.seed = static_cast<std::uint64_t>(*v);
    else errors.push_back({"--seed", "must be a whole number from 0 to 2^53, found \"" + *s + "\""});
  }
  if (auto s = option("--until-minute")) {
    if (auto v = parseInteger(*s, 0, 576000)) run_options.until_minute = static_cast<int>(*v);
    else errors.push_back({"--until-minute", "must be a whole minute from 0 to 576000, found \"" + *s + "\""});
  }
  if (!errors.empty()) return printErrors(errors);

  std::string text, read_error;
  if (!readInput(args.file, text, read_error)) return printErrors({{"FILE", read_error}});

  try {
    if (args.command == "validate") {
      const std::string out = cs::validateJson(text);
      const cs::Json parsed = cs::Json::parse(out);
      if (!parsed["valid"].get<bool>()) {
        std::vector<cs::FieldError> list;
        for (const auto& e : parsed["errors"]) list.push_back({e["path"], e["message"]});
        return printErrors(list);
      }
      std::cout << out;
      return kOk;
    }
    if (args.command == "run") {
      std::cout << cs::runJson(text, run_options);
      return kOk;
    }
    if (args.command == "expect") {
      std::cout << cs::expectJson(text);
      return kOk;
    }
    if (args.command == "export") {
      cs::ExportOptions options;
      options.run = run_options;
      if (auto t = option("--table")) options.table = *t;
      else return printErrors({{"--table", "is required: recipients, calls or followup"}});
      if (auto f = option("--format")) options.format = *f;
      options.bom = option("--bom").has_value();
      if (auto c = option("--campaign")) {
        if (auto v = parseInteger(*c, 0, 1000)) options.campaign = static_cast<int>(*v);
        else return printErrors({{"--campaign", "must be a campaign index (0-based), found \"" + *c + "\""}});
      }
      if (auto s = option("--status")) {
        std::stringstream list(*s);
        std::string item;
        while (std::getline(list, item, ',')) options.statuses.push_back(item);
        if (options.statuses.empty()) return printErrors({{"--status", "needs at least one status group"}});
      }
      const cs::ExportResult result = cs::exportTable(text, options);
      std::cout << result.text;
      std::cerr << "exported " << result.rows << " rows; " << result.excluded_in_progress
                << " in-progress rows left out\n";
      return kOk;
    }
    if (args.command == "montecarlo") {
      cs::MonteCarloOptions options;
      options.seed = run_options.seed;
      if (auto error = readRuns("the number of runs", options.runs)) return printErrors({*error});
      if (auto f = option("--first-run")) {
        if (auto v = parseInteger(*f, 0, 4294967295LL)) options.first_run = static_cast<std::uint32_t>(*v);
        else return printErrors({{"--first-run", "must be a whole number >= 0, found \"" + *f + "\""}});
      }
      std::cout << cs::monteCarloJson(text, options);
      return kOk;
    }
    if (args.command == "fit") {
      cs::FitJsonOptions options;
      if (run_options.seed) options.seed = *run_options.seed;
      if (auto b = option("--base")) {
        std::string base, base_error;
        if (!readInput(*b, base, base_error)) return printErrors({{"--base", base_error}});
        options.base_scenario = base;
      }
      if (auto c = option("--columns")) options.columns = cs::parseColumnMap(*c);
      if (auto r = option("--runs")) {
        if (auto v = parseInteger(*r, 1, 10000)) options.runs = static_cast<std::uint32_t>(*v);
        else return printErrors({{"--runs", "must be a whole number from 1 to 10000, found \"" + *r + "\""}});
      }
      if (auto b = option("--bootstrap")) {
        if (auto v = parseInteger(*b, 0, 1000)) options.bootstrap = static_cast<int>(*v);
        else return printErrors({{"--bootstrap", "must be a whole number from 0 to 1000, found \"" + *b + "\""}});
      }
      if (auto k = option("--segments")) {
        if (auto v = parseInteger(*k, 1, 3)) options.max_segments = static_cast<int>(*v);
        else return printErrors({{"--segments", "must be 1, 2 or 3, found \"" + *k + "\""}});
      }
      std::cout << cs::fitJson(text, options);
      return kOk;
    }
    if (args.command == "compare") {
      cs::MonteCarloOptions options;
      options.seed = run_options.seed;
      if (auto error = readRuns("the number of runs of each of A and B", options.runs)) return printErrors({*error});
      int campaign = 0;
      if (auto c = option("--campaign")) {
        if (auto v = parseInteger(*c, 0, 1000)) campaign = static_cast<int>(*v);
        else return printErrors({{"--campaign", "must be a campaign index (0-based), found \"" + *c + "\""}});
      }
      std::string text_b;
      if (!readInput(args.file_b, text_b, read_error)) return printErrors({{"B.json", read_error}});
      std::cout << cs::compareJson(text, text_b, options, campaign);
      return kOk;
    }
    if (args.command == "sweep") {
      cs::SweepOptions options;
      options.seed = run_options.seed;
      if (auto error = readRuns("the number of runs per cell", options.runs)) return printErrors({*error});
      if (auto r = option("--retries")) {
        options.retry_counts.clear();
        if (!parseIntList(*r, options.retry_counts))
          return printErrors({{"--retries", "must be a list like 0,1,2 or a range like 0-4, found \"" + *r + "\""}});
      }
      if (auto w = option("--waits")) {
        if (!parseIntList(*w, options.waits))
          return printErrors({{"--waits", "must be a list of minutes like 15,30,60, found \"" + *w + "\""}});
      }
      if (auto c = option("--campaign")) {
        if (auto v = parseInteger(*c, 0, 1000)) options.campaign = static_cast<int>(*v);
        else return printErrors({{"--campaign", "must be a campaign index (0-based), found \"" + *c + "\""}});
      }
      std::cout << cs::sweepJson(text, options);
      return kOk;
    }
  } catch (const cs::InputError& e) {
    return printErrors(e.errors);
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
