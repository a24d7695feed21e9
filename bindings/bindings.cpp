// Embind layer over engine/api.h (architecture.md: "strings and plain values in, strings and plain
// values out, errors caught and converted. Nothing else.").
//
// Every exported function returns a plain JS object, the envelope:
//   success  {ok: true, value: <string | number | boolean>, ...extra plain fields}
//   failure  {ok: false, kind: "input" | "action" | "internal", message: string,
//             errors: [{path, message}]}      (errors is empty unless kind == "input")
// No exception ever crosses into JS and JS never holds a C++ object: live simulations are kept
// here in a registry keyed by an integer id (createSession / disposeSession).
// bindings/campaign-sim.js turns the envelope into return values and thrown Errors.
//
// Options arrive as JSON text ("" or "{}" = none) so that a 64-bit seed can travel as a decimal
// string and new options need no new signature:
//   run options     {"seed": "7" | 7, "untilMinute": 60}
//   export options  {"table": "recipients"|"calls", "statuses": ["busy"] | "busy,failed",
//                    "format": "csv"|"json", "bom": false, "campaign": 0, "seed": ...,
//                    "untilMinute": ...}
//   montecarlo      {"runs": 500, "seed": ..., "firstRun": 0}
//   sweep           {"runs": 200, "seed": ..., "retries": [0,1,2] | "0-4", "waits": [30] | "15,30",
//                    "campaign": 0}
// Option ranges, messages and error paths are the CLI's (cli/main.cpp: "--seed", "--runs", ...),
// as the engine's own option errors are ("--table", "--status"), so one error list reads the same
// from either shell. An input error's message is the engine's InputError::what(): its problems as
// lines "path: message".

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "api.h"
#include "calibrate.h"
#include "simulation.h"  // cs::ActionError

using emscripten::val;
using nlohmann::json;

namespace {

// ---- envelopes --------------------------------------------------------------------------------

val okEnvelope() {
  val out = val::object();
  out.set("ok", true);
  return out;
}

val okValue(const std::string& text) {
  val out = okEnvelope();
  out.set("value", text);
  return out;
}

val failure(const char* kind, const std::string& message,
            const std::vector<cs::FieldError>& errors = {}) {
  val out = val::object();
  out.set("ok", false);
  out.set("kind", std::string(kind));
  out.set("message", message);
  val list = val::array();
  for (const auto& e : errors) {
    val item = val::object();
    item.set("path", e.path);
    item.set("message", e.message);
    list.call<void>("push", item);
  }
  out.set("errors", list);
  return out;
}

// Runs `body` and converts whatever it throws into a failure envelope.
template <typename Body>
val guarded(Body&& body) {
  try {
    return body();
  } catch (const cs::InputError& e) {
    return failure("input", e.what(), e.errors);
  } catch (const cs::ActionError& e) {
    return failure("action", e.what());
  } catch (const std::bad_alloc&) {
    return failure("internal", "out of memory");
  } catch (const std::exception& e) {
    return failure("internal", e.what());
  } catch (...) {
    return failure("internal", "unknown internal error");
  }
}

[[noreturn]] void badOption(const std::string& path, const std::string& message) {
  throw cs::InputError({cs::FieldError{path, message}});
}

// ---- option parsing (the only JSON the bindings read) -----------------------------------------

json parseOptions(const std::string& text) {
  if (text.empty()) return json::object();
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) badOption("options", "must be a JSON object");
  return j;
}

// A whole number in [lo, hi], given as a JSON number or a decimal string. Out of range or not a
// whole number: an InputError at `key` whose message mirrors the CLI's for the same option.
std::optional<long long> integerOption(const json& options, const char* key, const char* path,
                                       long long lo, long long hi, const std::string& allowed) {
  auto it = options.find(key);
  if (it == options.end() || it->is_null()) return std::nullopt;
  const std::string found = it->is_string() ? it->get<std::string>() : it->dump();
  auto fail = [&]() -> std::optional<long long> {
    badOption(path, allowed + ", found \"" + found + "\"");
  };
  if (it->is_number_integer()) {
    if (it->is_number_unsigned()) {
      auto v = it->get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(hi)) return fail();
      return static_cast<long long>(v) < lo ? fail() : std::optional<long long>(static_cast<long long>(v));
    }
    auto v = it->get<long long>();
    return (v < lo || v > hi) ? fail() : std::optional<long long>(v);
  }
  if (it->is_number_float()) {
    double d = it->get<double>();
    if (!std::isfinite(d) || std::floor(d) != d || d < static_cast<double>(lo) ||
        d > static_cast<double>(hi))
      return fail();
    return static_cast<long long>(d);
  }
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    if (s.empty() || s.size() > 19) return fail();
    long long v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return fail();
      v = v * 10 + (c - '0');
    }
    return (v < lo || v > hi) ? fail() : std::optional<long long>(v);
  }
  return fail();
}

// The same ranges and messages as cli/main.cpp.
cs::RunOptions runOptions(const json& options) {
  cs::RunOptions run;
  if (auto v = integerOption(options, "seed", "--seed", 0, 9007199254740992LL,
                             "must be a whole number from 0 to 2^53"))
    run.seed = static_cast<std::uint64_t>(*v);
  if (auto v = integerOption(options, "untilMinute", "--until-minute", 0, 576000,
                             "must be a whole minute from 0 to 576000"))
    run.until_minute = static_cast<int>(*v);
  return run;
}

std::string stringOption(const json& options, const char* key, const char* path,
                         const std::string& fallback) {
  auto it = options.find(key);
  if (it == options.end() || it->is_null()) return fallback;
  if (!it->is_string()) badOption(path, "must be a string, found " + it->dump());
  return it->get<std::string>();
}

cs::ExportOptions exportOptions(const json& options) {
  cs::ExportOptions ex;
  ex.table = stringOption(options, "table", "--table", ex.table);
  ex.format = stringOption(options, "format", "--format", ex.format);
  if (auto it = options.find("bom"); it != options.end() && !it->is_null()) {
    if (!it->is_boolean()) badOption("--bom", "must be true or false, found " + it->dump());
    ex.bom = it->get<bool>();
  }
  if (auto v = integerOption(options, "campaign", "--campaign", 0, 1000, "must be a campaign index (0-based)"))
    ex.campaign = static_cast<int>(*v);
  auto it = options.find("statuses");
  if (it != options.end() && !it->is_null()) {
    if (it->is_string()) {  // "a,b" split as the CLI splits --status (std::getline on ',')
      const std::string list = it->get<std::string>();
      std::size_t begin = 0;
      while (begin < list.size()) {
        std::size_t comma = list.find(',', begin);
        if (comma == std::string::npos) comma = list.size();
        ex.statuses.push_back(list.substr(begin, comma - begin));
        begin = comma + 1;
      }
    } else if (it->is_array()) {
      for (const auto& s : *it) {
        if (!s.is_string()) badOption("--status", "must be a list of final status names");
        ex.statuses.push_back(s.get<std::string>());
      }
    } else {
      badOption("--status", "must be a list of final status names");
    }
    if (ex.statuses.empty()) badOption("--status", "needs at least one status group");
  }
  ex.run = runOptions(options);
  return ex;
}

val exportEnvelope(const cs::ExportResult& result) {
  val out = okValue(result.text);
  out.set("rows", result.rows);
  out.set("excludedInProgress", result.excluded_in_progress);
  return out;
}

// An integer index passed from JS as a number.
std::uint32_t index(double v, const char* what) {
  if (!(v >= 0) || std::floor(v) != v || v > 2147483647.0)
    badOption(what, "must be a whole number from 0 to 2^31-1");
  return static_cast<std::uint32_t>(v);
}

// ---- stateless functions ----------------------------------------------------------------------

val calendar() {
  return guarded([&] { return okValue(cs::calendarJson()); });
}

val validate(const std::string& scenario) {
  return guarded([&] { return okValue(cs::validateJson(scenario)); });
}

val run(const std::string& scenario, const std::string& options) {
  return guarded([&] { return okValue(cs::runJson(scenario, runOptions(parseOptions(options)))); });
}

val exportTable(const std::string& scenario, const std::string& options) {
  return guarded([&] {
    return exportEnvelope(cs::exportTable(scenario, exportOptions(parseOptions(options))));
  });
}

val expect(const std::string& scenario) {
  return guarded([&] { return okValue(cs::expectJson(scenario)); });
}

// A list of whole numbers for --retries / --waits: a JSON array of integers, or text in the CLI's
// syntax ("0,1,2", "0-4", "0-2,6"). Elements 0..100000; the engine checks the tighter ranges.
std::optional<std::vector<int>> intListOption(const json& options, const char* key, const char* path,
                                              const std::string& allowed) {
  auto it = options.find(key);
  if (it == options.end() || it->is_null()) return std::nullopt;
  std::vector<int> out;
  auto number = [](const std::string& t) -> std::optional<long long> {
    if (t.empty() || t.size() > 19) return std::nullopt;
    long long v = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v > 100000) return std::nullopt;
    return v;
  };
  if (it->is_string()) {
    const std::string text = it->get<std::string>();
    auto fail = [&] { badOption(path, allowed + ", found \"" + text + "\""); };
    std::size_t begin = 0;
    while (begin < text.size()) {  // items split as std::getline(',') splits them
      std::size_t comma = text.find(',', begin);
      if (comma == std::string::npos) comma = text.size();
      const std::string item = text.substr(begin, comma - begin);
      begin = comma + 1;
      const auto dash = item.find('-');
      if (dash != std::string::npos && dash > 0) {
        auto lo = number(item.substr(0, dash)), hi = number(item.substr(dash + 1));
        if (!lo || !hi || *lo > *hi) fail();
        for (long long v = *lo; v <= *hi; ++v) out.push_back(static_cast<int>(v));
      } else {
        auto v = number(item);
        if (!v) fail();
        out.push_back(static_cast<int>(*v));
      }
    }
    if (out.empty()) fail();
    return out;
  }
  if (it->is_array()) {
    std::string found;
    for (const auto& v : *it) found += (found.empty() ? "" : ",") + (v.is_string() ? v.get<std::string>() : v.dump());
    for (const auto& v : *it) {
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 100000)
        badOption(path, allowed + ", found \"" + found + "\"");
      out.push_back(static_cast<int>(v.get<long long>()));
    }
    if (out.empty()) badOption(path, allowed + ", found \"\"");
    return out;
  }
  badOption(path, allowed + ", found \"" + it->dump() + "\"");
}

cs::MonteCarloOptions monteCarloOptions(const json& o) {
  cs::MonteCarloOptions mc;
  if (auto v = integerOption(o, "runs", "--runs", 1, 100000, "must be a whole number from 1 to 100000"))
    mc.runs = static_cast<std::uint32_t>(*v);
  mc.seed = runOptions(o).seed;
  if (auto v = integerOption(o, "firstRun", "--first-run", 0, 4294967295LL, "must be a whole number >= 0"))
    mc.first_run = static_cast<std::uint32_t>(*v);
  return mc;
}

val monteCarlo(const std::string& scenario, const std::string& options) {
  return guarded([&] {
    return okValue(cs::monteCarloJson(scenario, monteCarloOptions(parseOptions(options))));
  });
}

val monteCarloSamples(const std::string& scenario, const std::string& options) {
  return guarded([&] {
    return okValue(cs::monteCarloSamplesJson(scenario, monteCarloOptions(parseOptions(options))));
  });
}

val summariseSamples(const std::string& samples) {
  return guarded([&] { return okValue(cs::summariseSamplesJson(samples)); });
}

val sweep(const std::string& scenario, const std::string& options) {
  return guarded([&] {
    json o = parseOptions(options);
    cs::SweepOptions sw;
    if (auto v = integerOption(o, "runs", "--runs", 1, 100000, "must be a whole number from 1 to 100000"))
      sw.runs = static_cast<std::uint32_t>(*v);
    sw.seed = runOptions(o).seed;
    if (auto v = intListOption(o, "retries", "--retries", "must be a list like 0,1,2 or a range like 0-4"))
      sw.retry_counts = *v;
    if (auto v = intListOption(o, "waits", "--waits", "must be a list of minutes like 15,30,60"))
      sw.waits = *v;
    if (auto v = integerOption(o, "campaign", "--campaign", 0, 1000, "must be a campaign index (0-based)"))
      sw.campaign = static_cast<int>(*v);
    return okValue(cs::sweepJson(scenario, sw));
  });
}

val compare(const std::string& a, const std::string& b, const std::string& options) {
  return guarded([&] {
    const json o = parseOptions(options);
    int campaign = 0;
    if (auto v = integerOption(o, "campaign", "--campaign", 0, 1000, "must be a campaign index (0-based)"))
      campaign = static_cast<int>(*v);
    return okValue(cs::compareJson(a, b, monteCarloOptions(o), campaign));
  });
}

val compareSummaries(const std::string& input) {
  return guarded([&] { return okValue(cs::compareSummariesJson(input)); });
}

val sweepVerdict(const std::string& sweep_json) {
  return guarded([&] { return okValue(cs::sweepVerdictJson(sweep_json)); });
}

// ---- live sessions ----------------------------------------------------------------------------

struct Session {
  std::unique_ptr<cs::LiveSession> live;
  double now = 0;  // the clock, as last advanced (advanceBy adds to it)
};

std::map<int, Session>& sessions() {
  static std::map<int, Session> registry;
  return registry;
}
int next_session_id = 1;

Session& session(double id) {
  auto& registry = sessions();
  auto it = (std::floor(id) == id && std::fabs(id) < 2147483647.0)
                ? registry.find(static_cast<int>(id))
                : registry.end();
  if (it == registry.end())
    throw std::runtime_error("simulation " + std::to_string(static_cast<long long>(id)) +
                             " does not exist (disposed?)");
  return it->second;
}

val createSession(const std::string& scenario, const std::string& options) {
  return guarded([&] {
    auto seed = runOptions(parseOptions(options)).seed;
    Session s;
    s.live = std::make_unique<cs::LiveSession>(scenario, seed);
    int id = next_session_id++;
    sessions().emplace(id, std::move(s));
    val out = okEnvelope();
    out.set("value", id);
    return out;
  });
}

val disposeSession(double id) {
  return guarded([&] {
    bool existed = std::floor(id) == id && std::fabs(id) < 2147483647.0 &&
                   sessions().erase(static_cast<int>(id)) > 0;
    val out = okEnvelope();
    out.set("value", existed);
    return out;
  });
}

val sessionCount() {
  val out = okEnvelope();
  out.set("value", static_cast<double>(sessions().size()));
  return out;
}

val advanceTo(double id, double t) {
  return guarded([&] {
    Session& s = session(id);
    std::string state = s.live->advanceTo(t);
    if (t > s.now) s.now = t;
    return okValue(state);
  });
}

val advanceBy(double id, double dt) {
  return guarded([&] {
    Session& s = session(id);
    if (!std::isfinite(dt) || dt < 0) badOption("seconds", "must be a finite number of seconds >= 0");
    double t = s.now + dt;
    std::string state = s.live->advanceTo(t);
    s.now = t;
    return okValue(state);
  });
}

val state(double id) {
  return guarded([&] { return okValue(session(id).live->state()); });
}

val act(double id, double campaign, const std::string& action) {
  return guarded([&] {
    Session& s = session(id);
    return okValue(s.live->act(static_cast<int>(index(campaign, "campaign")), action));
  });
}

val topUp(double id, double amount) {
  return guarded([&] {
    Session& s = session(id);
    if (!std::isfinite(amount)) badOption("amount", "must be a finite number");
    return okValue(s.live->topUp(amount));
  });
}

val setWorkspace(double id, double campaign, bool ready, bool outbound_number_assigned) {
  return guarded([&] {
    Session& s = session(id);
    return okValue(s.live->setWorkspace(static_cast<int>(index(campaign, "campaign")), ready,
                                        outbound_number_assigned));
  });
}

val history(double id, double campaign, const std::string& status, double offset, double limit) {
  return guarded([&] {
    Session& s = session(id);
    return okValue(s.live->history(static_cast<int>(index(campaign, "campaign")), status,
                                   index(offset, "offset"), index(limit, "limit")));
  });
}

val chain(double id, double campaign, double recipient) {
  return guarded([&] {
    Session& s = session(id);
    return okValue(
        s.live->chain(static_cast<int>(index(campaign, "campaign")), index(recipient, "recipient")));
  });
}

val report(double id) {
  return guarded([&] { return okValue(session(id).live->report()); });
}

val sessionExport(double id, const std::string& options) {
  return guarded([&] {
    Session& s = session(id);
    return exportEnvelope(s.live->exportTable(exportOptions(parseOptions(options))));
  });
}

}  // namespace

// fit(history CSV, options, progress): `campaign-sim fit`. options: {base: scenario text,
// columns: "field=column,...", runs, seed, bootstrap, segments}; progress(fraction) is called
// while it works when it is a function.
val fit(const std::string& history, const std::string& options, val progress) {
  return guarded([&] {
    json o = parseOptions(options);
    cs::FitJsonOptions fo;
    if (o.contains("base")) {
      if (!o["base"].is_string()) badOption("--base", "must be the scenario's JSON text");
      fo.base_scenario = o["base"].get<std::string>();
    }
    if (o.contains("columns")) {
      if (!o["columns"].is_string()) badOption("--columns", "must be a list like status=call_status,ended_at=End");
      if (!o["columns"].get<std::string>().empty()) fo.columns = cs::parseColumnMap(o["columns"].get<std::string>());
    }
    if (auto v = integerOption(o, "runs", "--runs", 1, 10000, "must be a whole number from 1 to 10000"))
      fo.runs = static_cast<std::uint32_t>(*v);
    if (auto seed = runOptions(o).seed) fo.seed = *seed;
    if (auto v = integerOption(o, "bootstrap", "--bootstrap", 0, 1000, "must be a whole number from 0 to 1000"))
      fo.bootstrap = static_cast<int>(*v);
    if (auto v = integerOption(o, "segments", "--segments", 1, 3, "must be 1, 2 or 3"))
      fo.max_segments = static_cast<int>(*v);
    if (progress.typeOf().as<std::string>() == "function") fo.progress = [&](double x) { progress(x); };
    return okValue(cs::fitJson(history, fo));
  });
}

EMSCRIPTEN_BINDINGS(campaign_sim) {
  emscripten::function("fit", &fit);
  emscripten::function("validate", &validate);
  emscripten::function("calendar", &calendar);
  emscripten::function("run", &run);
  emscripten::function("exportTable", &exportTable);
  emscripten::function("expect", &expect);
  emscripten::function("monteCarlo", &monteCarlo);
  emscripten::function("monteCarloSamples", &monteCarloSamples);
  emscripten::function("summariseSamples", &summariseSamples);
  emscripten::function("sweep", &sweep);
  emscripten::function("compare", &compare);
  emscripten::function("compareSummaries", &compareSummaries);
  emscripten::function("sweepVerdict", &sweepVerdict);

  emscripten::function("createSession", &createSession);
  emscripten::function("disposeSession", &disposeSession);
  emscripten::function("sessionCount", &sessionCount);
  emscripten::function("advanceTo", &advanceTo);
  emscripten::function("advanceBy", &advanceBy);
  emscripten::function("state", &state);
  emscripten::function("act", &act);
  emscripten::function("topUp", &topUp);
  emscripten::function("setWorkspace", &setWorkspace);
  emscripten::function("history", &history);
  emscripten::function("chain", &chain);
  emscripten::function("report", &report);
  emscripten::function("sessionExport", &sessionExport);
}
