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
//   run options     {"seed": "7" | 7, "untilMinute": 60, "horizonDays": 400, "allowLarge": true}
//   export options  {"table": "recipients"|"calls", "statuses": ["busy"] | "busy,failed",
//                    "format": "csv"|"json", "bom": false, "campaign": 0, "seed": ...,
//                    "untilMinute": ...}
//   montecarlo      {"runs": 500, "seed": ..., "firstRun": 0}
//   sweep           {"runs": 200, "seed": ..., "retries": [0,1,2] | "0-4", "waits": [30] | "15,30",
//                    "campaign": 0}
// Option ranges, messages and error paths come from the engine's one table (engine/options.h),
// which the CLI reads too: a value is turned into the text the CLI would have been given and read
// by the same function, so one error list reads the same from either shell. An input error's message is the engine's InputError::what(): its problems as
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
#include "options.h"
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
  } catch (const std::bad_alloc& e) {
    return failure("internal", e.what());  // cs::OutOfMemory names the size that was asked for
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

// An option's value as the text the CLI would have been given: the engine's table (options.h)
// then reads it exactly as it reads the CLI's argument, with the same range and message.
std::string optionText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    // 7.0 is the whole number 7 (as JSON Schema counts it); 1e20 stays "1e+20", out of range.
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 1e18) return std::to_string(static_cast<long long>(d));
  }
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<long long> integerOption(const json& options, const cs::IntegerOption& o) {
  auto it = options.find(o.js);
  if (it == options.end() || it->is_null()) return std::nullopt;
  long long v = 0;
  if (auto error = cs::readInteger(o, optionText(*it), v)) throw cs::InputError({*error});
  return v;
}

bool flagOption(const json& options, const char* key, const char* flag) {
  auto it = options.find(key);
  if (it == options.end() || it->is_null()) return false;
  if (!it->is_boolean()) badOption(flag, "must be true or false, found " + optionText(*it));
  return it->get<bool>();
}

cs::RunOptions runOptions(const json& options) {
  cs::RunOptions run;
  if (auto v = integerOption(options, cs::option::seed)) run.seed = static_cast<std::uint64_t>(*v);
  if (auto v = integerOption(options, cs::option::until_minute)) run.until_minute = static_cast<int>(*v);
  if (auto v = integerOption(options, cs::option::horizon_days)) run.horizon_days = static_cast<int>(*v);
  run.allow_large = flagOption(options, "allowLarge", "--allow-large");
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
  ex.bom = flagOption(options, "bom", "--bom");
  if (auto v = integerOption(options, cs::option::campaign)) ex.campaign = static_cast<int>(*v);
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

// chunkBytes of a streaming export (bytes per piece), 4 KiB to 64 MiB; default the engine's 1 MiB.
std::size_t chunkBytes(const json& options) {
  auto it = options.find("chunkBytes");
  if (it == options.end() || it->is_null()) return cs::kExportChunkBytes;
  if (!it->is_number_integer() || it->get<long long>() < 4096 || it->get<long long>() > (64LL << 20))
    badOption("chunkBytes", "must be a whole number of bytes from 4096 to 67108864, found " + optionText(*it));
  return static_cast<std::size_t>(it->get<long long>());
}

val exportEnvelope(const cs::ExportResult& result) {
  val out = okValue(result.text);
  out.set("rows", result.rows);
  out.set("excludedInProgress", result.excluded_in_progress);
  if (result.truncated_at_minute) {
    val cut = val::object();
    cut.set("at_minute", static_cast<double>(*result.truncated_at_minute));
    cut.set("in_progress", result.truncated_in_progress);
    out.set("truncated", cut);
  } else {
    out.set("truncated", val::null());
  }
  return out;
}

// An integer index passed from JS as a number.
std::uint32_t index(double v, const char* what) {
  if (!(v >= 0) || std::floor(v) != v || v > 2147483647.0)
    badOption(what, "must be a whole number from 0 to 2^31-1");
  return static_cast<std::uint32_t>(v);
}

// ---- stateless functions ----------------------------------------------------------------------

val engineVersion() {
  return guarded([&] { return okValue(cs::engineVersion()); });
}

val defaultScenario() {
  return guarded([&] { return okValue(cs::defaultScenarioJson()); });
}

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

// Streaming: `sink` (a JS function) is called with each piece; the envelope's value is "".
val exportTableChunks(const std::string& scenario, const std::string& options, val sink) {
  return guarded([&] {
    const json o = parseOptions(options);
    json rest = o;
    rest.erase("chunkBytes");
    return exportEnvelope(cs::exportTable(scenario, exportOptions(rest),
                                          [&](const std::string& piece) { sink(piece); }, chunkBytes(o)));
  });
}

val expect(const std::string& scenario) {
  return guarded([&] { return okValue(cs::expectJson(scenario)); });
}

// A list for --retries / --waits: a JSON array of integers, or text in the CLI's syntax ("0,1,2",
// "0-4", "0-2,6"), read by the engine's table as the CLI reads it.
std::optional<std::vector<int>> intListOption(const json& options, const cs::IntegerOption& o) {
  auto it = options.find(o.js);
  if (it == options.end() || it->is_null()) return std::nullopt;
  std::string text;
  if (it->is_array()) {
    for (const auto& v : *it) text += (text.empty() ? "" : ",") + optionText(v);
  } else {
    text = optionText(*it);
  }
  std::vector<int> out;
  if (auto error = cs::readIntegerList(o, text, out)) throw cs::InputError({*error});
  return out;
}

// What every command of many runs reads alike (Monte Carlo, sweep): runs, seed, horizon, allow_large.
template <class Options>
Options manyRunsOptions(const json& o) {
  Options out;
  if (auto v = integerOption(o, cs::option::runs)) out.runs = static_cast<std::uint32_t>(*v);
  const cs::RunOptions run = runOptions(o);
  out.seed = run.seed;
  out.horizon_days = run.horizon_days;
  out.allow_large = run.allow_large;
  return out;
}

cs::MonteCarloOptions monteCarloOptions(const json& o) {
  auto mc = manyRunsOptions<cs::MonteCarloOptions>(o);
  if (auto v = integerOption(o, cs::option::first_run)) mc.first_run = static_cast<std::uint32_t>(*v);
  return mc;
}

cs::SweepOptions sweepOptions(const json& o) {
  auto sw = manyRunsOptions<cs::SweepOptions>(o);
  if (auto v = intListOption(o, cs::option::retries)) sw.retry_counts = *v;
  if (auto v = intListOption(o, cs::option::waits)) sw.waits = *v;
  if (auto v = integerOption(o, cs::option::campaign)) sw.campaign = static_cast<int>(*v);
  return sw;
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
  return guarded([&] { return okValue(cs::sweepJson(scenario, sweepOptions(parseOptions(options)))); });
}

// The work a command would do ({"command": "run"|"montecarlo"|"sweep", ...its options}).
val estimate(const std::string& scenario, const std::string& options) {
  return guarded([&] {
    const json o = parseOptions(options);
    const std::string command = stringOption(o, "command", "command", "run");
    cs::SweepOptions sw = sweepOptions(o);  // its runs default to a sweep's
    if (command == "montecarlo") sw.runs = monteCarloOptions(o).runs;
    return okValue(cs::estimateJson(scenario, command, sw));
  });
}

val compare(const std::string& a, const std::string& b, const std::string& options) {
  return guarded([&] {
    const json o = parseOptions(options);
    int campaign = 0;
    if (auto v = integerOption(o, cs::option::campaign))
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

val sessionExportChunks(double id, const std::string& options, val sink) {
  return guarded([&] {
    Session& s = session(id);
    const json o = parseOptions(options);
    json rest = o;
    rest.erase("chunkBytes");
    return exportEnvelope(s.live->exportTable(exportOptions(rest), [&](const std::string& piece) { sink(piece); },
                                              chunkBytes(o)));
  });
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
    if (auto v = integerOption(o, cs::option::fit_runs))
      fo.runs = static_cast<std::uint32_t>(*v);
    if (auto seed = runOptions(o).seed) fo.seed = *seed;
    if (auto v = integerOption(o, cs::option::bootstrap))
      fo.bootstrap = static_cast<int>(*v);
    if (auto v = integerOption(o, cs::option::segments))
      fo.max_segments = static_cast<int>(*v);
    if (progress.typeOf().as<std::string>() == "function") fo.progress = [&](double x) { progress(x); };
    return okValue(cs::fitJson(history, fo));
  });
}

EMSCRIPTEN_BINDINGS(campaign_sim) {
  emscripten::function("fit", &fit);
  emscripten::function("engineVersion", &engineVersion);
  emscripten::function("defaultScenario", &defaultScenario);
  emscripten::function("validate", &validate);
  emscripten::function("calendar", &calendar);
  emscripten::function("run", &run);
  emscripten::function("exportTable", &exportTable);
  emscripten::function("expect", &expect);
  emscripten::function("monteCarlo", &monteCarlo);
  emscripten::function("monteCarloSamples", &monteCarloSamples);
  emscripten::function("summariseSamples", &summariseSamples);
  emscripten::function("sweep", &sweep);
  emscripten::function("estimate", &estimate);
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
  emscripten::function("sessionExportChunks", &sessionExportChunks);
  emscripten::function("exportTableChunks", &exportTableChunks);
}
