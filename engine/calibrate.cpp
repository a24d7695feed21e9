#include "calibrate.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "api.h"
#include "civil_time.h"
#include "fit.h"
#include "montecarlo.h"
#include "options.h"
#include "report.h"
#include "workload.h"

namespace cs {

namespace {

// Printed figures are rounded (the same decimals natively and in WebAssembly).
// Rounded to `step` (a power of ten): dividing by the exact 1/step gives the double nearest the
// decimal, which prints shortest (0.4573, not 0.45730000000000004).
double roundTo(double v, double step) {
  if (step >= 1) return std::round(v / step) * step;
  const double scale = std::round(1 / step);
  return std::round(v * scale) / scale;
}

// The source campaign's own settings, as the history shows them.
struct Source {
  std::uint32_t recipients = 0;
  int max_retries = 0;
  std::vector<int> waits;  // per retry depth 1..max_retries, whole minutes
  std::optional<bool> retry_on_busy, retry_on_no_answer, retry_on_voicemail;
  int concurrency = 1;
  std::int64_t launch = 0;        // instant of the first call's creation (or start)
  std::int64_t launch_local = 0;  // the same, wall clock
  double duration_minutes = 0;
  double completed = 0, failed = 0, did_not_pick = 0, attempts = 0;  // per recipient
};

Source readSource(const CallHistory& h) {
  Source s;
  s.recipients = static_cast<std::uint32_t>(h.recipients.size());
  std::vector<std::int64_t> min_wait(11, -1);
  bool seen_retry[3] = {false, false, false}, seen_final[3] = {false, false, false};
  auto cls = [](Outcome o) {
    return o == Outcome::busy ? 0 : (o == Outcome::no_answer || o == Outcome::did_not_pick) ? 1 : o == Outcome::voicemail ? 2 : -1;
  };
  for (const HistoryCall& c : h.calls) s.max_retries = std::max<int>(s.max_retries, c.depth);
  bool first = true;
  std::int64_t last_end = 0;
  std::vector<std::pair<std::int64_t, int>> edges;
  for (const HistoryRecipient& r : h.recipients) {
    for (std::uint32_t i = r.first; i < r.first + r.count; ++i) {
      const HistoryCall& c = h.calls[i];
      const std::int64_t begin = c.created >= 0 ? c.created : c.start;
      if (begin >= 0 && (first || begin < s.launch)) {
        s.launch = begin;
        s.launch_local = begin + c.utc_offset;
        first = false;
      }
      if (c.ended >= 0) last_end = std::max(last_end, c.ended);
      if (c.attempted) {
        s.attempts += 1;
        const std::int64_t from = c.initiated >= 0 ? c.initiated : c.start;
        if (from >= 0 && c.ended >= from) {
          edges.push_back({from, 1});
          edges.push_back({c.ended, -1});
        }
      }
      if (c.depth > 0 && i > r.first) {
        const HistoryCall& p = h.calls[i - 1];
        if (p.attempted && cls(p.outcome) >= 0) seen_retry[cls(p.outcome)] = true;
        const std::int64_t from = c.initiated >= 0 ? c.initiated : c.start;
        if (p.ended >= 0 && from >= p.ended) {
          const std::int64_t w = from - p.ended;
          if (min_wait[c.depth] < 0 || w < min_wait[c.depth]) min_wait[c.depth] = w;
        }
      }
      const bool last = i + 1 == r.first + r.count;
      if (last && c.attempted && cls(c.outcome) >= 0 && c.depth < s.max_retries) seen_final[cls(c.outcome)] = true;
    }
    const HistoryCall& last = h.calls[r.first + r.count - 1];
    if (last.status == CallStatus::completed) s.completed += 1;
    if (last.status == CallStatus::failed || last.status == CallStatus::busy || last.status == CallStatus::no_answer) s.failed += 1;
    if (last.status == CallStatus::did_not_pick) s.did_not_pick += 1;
  }
  const double n = std::max<double>(1, s.recipients);
  s.completed /= n;
  s.failed /= n;
  s.did_not_pick /= n;
  s.attempts /= n;
  s.duration_minutes = (last_end - s.launch) / 60.0;
  // Ends before starts at the same instant: a call ending as another starts frees its slot.
  std::sort(edges.begin(), edges.end());
  int in_flight = 0;
  for (const auto& e : edges) s.concurrency = std::max(s.concurrency, in_flight += e.second);
  s.concurrency = std::min(s.concurrency, 10000);
  int previous = 30;
  for (int d = 1; d <= s.max_retries; ++d) {
    const int w = min_wait[d] >= 0 ? static_cast<int>(std::max<std::int64_t>(1, min_wait[d] / 60)) : previous;
    s.waits.push_back(std::min(w, 43200));
    previous = s.waits.back();
  }
  auto flag = [&](int k) -> std::optional<bool> {
    if (seen_retry[k]) return true;
    if (seen_final[k]) return false;
    return std::nullopt;
  };
  s.retry_on_busy = flag(0);
  s.retry_on_no_answer = flag(1);
  s.retry_on_voicemail = flag(2);
  return s;
}

// Probabilities rounded to 1e-6 that still sum to 1: the largest takes the remainder.
Json probabilitiesJson(const std::array<double, kOutcomeCount>& p) {
  std::array<double, kOutcomeCount> r{};
  int largest = 0;
  for (int o = 0; o < kOutcomeCount; ++o) {
    r[o] = std::max(0.0, roundTo(p[o], 1e-6));
    if (p[o] > p[largest]) largest = o;
  }
  double rest = 1;
  for (int o = 0; o < kOutcomeCount; ++o)
    if (o != largest) rest -= r[o];
  r[largest] = rest;
  Json j = Json::object();
  for (int o = 0; o < kOutcomeCount; ++o) j[std::string(kOutcomeNames[o])] = r[o];
  return j;
}

Json distributionJson(const Distribution& d) {
  const double a = roundTo(d.a, 0.01), b = roundTo(d.b, 0.01);
  Json j;
  switch (d.kind) {
    case Distribution::Kind::fixed: j = {{"kind", "fixed"}, {"value", a}}; break;
    case Distribution::Kind::uniform: j = {{"kind", "uniform"}, {"min", a}, {"max", std::max(a, b)}}; break;
    case Distribution::Kind::exponential: j = {{"kind", "exponential"}, {"mean", std::max(0.01, a)}}; break;
    case Distribution::Kind::lognormal: j = {{"kind", "lognormal"}, {"mean", std::max(0.01, a)}, {"sd", std::max(0.0, b)}}; break;
  }
  if (d.cap > 0 && d.kind != Distribution::Kind::fixed && d.kind != Distribution::Kind::uniform) j["cap"] = d.cap;
  return j;
}

Json behaviourJson(const FitResult& fit) {
  Json b = Json::object();
  const BehaviourDef& bd = fit.behaviour;
  if (bd.segments.size() > 1) {
    // Shares rounded to 1e-6 summing to 1 (the largest, first, takes the remainder).
    Json segs = Json::array();
    double rest = 1;
    for (std::size_t k = 1; k < bd.segments.size(); ++k) rest -= roundTo(bd.segments[k].share, 1e-6);
    for (std::size_t k = 0; k < bd.segments.size(); ++k)
      segs.push_back({{"name", bd.segments[k].name},
                      {"share", k == 0 ? rest : roundTo(bd.segments[k].share, 1e-6)},
                      {"outcomes", probabilitiesJson(bd.segments[k].outcomes.p)}});
    b["segments"] = segs;
  }
  if (!bd.answer_rate_by_hour.empty()) {
    Json hours = Json::array();
    for (double m : bd.answer_rate_by_hour) hours.push_back(std::min(10.0, roundTo(m, 1e-4)));
    b["answer_rate_by_hour"] = hours;
  }
  auto persistence = [&](const char* key, const PersistenceDef& p) {
    const double prob = std::min(1.0, roundTo(p.probability, 1e-4));
    if (prob > 0)
      b[key] = {{"probability", prob}, {"half_life_minutes", std::min(10080.0, std::max(0.01, roundTo(p.half_life_minutes, 0.01)))}};
  };
  persistence("busy_persistence", bd.busy_persistence);
  persistence("no_answer_persistence", bd.no_answer_persistence);
  const double f = std::min(10.0, roundTo(bd.answer_rate_per_attempt, 1e-4));
  if (f != 1) b["answer_rate_per_attempt"] = f;
  return b;
}

Json retryJson(const Source& s, const Json& base_retry) {
  Json r = base_retry.is_object() ? base_retry : Json::object();
  r.erase("wait_minutes_list");
  r.erase("rules");
  r["max_retries"] = s.max_retries;
  if (s.max_retries > 0) {
    const bool same = std::all_of(s.waits.begin(), s.waits.end(), [&](int w) { return w == s.waits.front(); });
    if (same) {
      r["wait_minutes"] = s.waits.front();
    } else {
      std::vector<int> list = s.waits;
      while (list.size() > 1 && list[list.size() - 1] == list[list.size() - 2]) list.pop_back();
      r["wait_minutes"] = s.waits.front();
      r["wait_minutes_list"] = list;
    }
  }
  if (s.retry_on_busy) r["retry_on_busy"] = *s.retry_on_busy;
  if (s.retry_on_no_answer) r["retry_on_no_answer"] = *s.retry_on_no_answer;
  if (s.retry_on_voicemail) r["retry_on_voicemail"] = *s.retry_on_voicemail;
  return r;
}

// fit's own ranges, from the one option table (options.h): the shells read them through it too;
// this catches a caller of the C++ API.
std::vector<FieldError> rangeErrors(const FitJsonOptions& o) {
  std::vector<FieldError> errors;
  auto check = [&](const IntegerOption& opt, long long v) {
    if (v < opt.lo || v > opt.hi) errors.push_back({opt.flag, rangeText(opt) + ", found " + std::to_string(v)});
  };
  check(option::fit_runs, o.runs);
  check(option::bootstrap, o.bootstrap);
  check(option::segments, o.max_segments);
  return errors;
}

double valueStep(const std::string& name) {
  if (name.rfind("timing.", 0) == 0 || name.find("half_life") != std::string::npos) return 0.01;
  if (name == "behaviour.segments") return 1;
  return 1e-4;
}

}  // namespace

std::string fitJson(const std::string& history_csv, const FitJsonOptions& options) {
  std::vector<FieldError> errors = rangeErrors(options);
  // The base scenario: a single campaign, valid, whose settings the result keeps.
  Json base = Json::object();
  std::optional<ScenarioDef> base_def;
  if (options.base_scenario) {
    try {
      base_def = loadScenario(*options.base_scenario);
      base = Json::parse(*options.base_scenario);
    } catch (const InputError& e) {
      for (const auto& err : e.errors) errors.push_back({"--base" + err.path, err.message});
    }
    if (base_def && base_def->organization_form)
      errors.push_back({"--base", "must be a single-campaign scenario (the organization form has several campaigns)"});
  }
  if (!errors.empty()) throw InputError(errors);

  const CallHistory history = readCallHistory(history_csv, options.columns);
  checkBudget(estimateFit(static_cast<double>(history.calls.size()), options.bootstrap, options.runs), options.allow_large);
  const Source src = readSource(history);
  const TimingDef base_timing = base_def ? base_def->campaigns[0].timing : TimingDef{};
  FitOptions fo;
  fo.max_segments = options.max_segments;
  fo.persistence = options.persistence;
  fo.attempt_decay = options.attempt_decay;
  fo.hourly = options.hourly;
  fo.bootstrap = options.bootstrap;
  fo.seed = options.seed;
  if (options.progress) fo.progress = [&](double x) { options.progress(0.8 * x); };
  const FitResult fit = fitBehaviour(history, base_timing, fo);

  // ---- The calibrated scenario ----
  Json timing = base.contains("timing") ? base["timing"] : Json::object();
  TimingDef fitted_timing = fit.timing;
  for (int s = 0; s < 10; ++s)
    if (fit.timing_fitted[s]) timing[kTimingStages[s]] = distributionJson(timingStage(fitted_timing, s));
  const Json behaviour = behaviourJson(fit);
  const Json outcomes = probabilitiesJson(fit.outcomes.p);
  const std::string start = formatEpochSeconds(src.launch_local - ((src.launch_local % 60) + 60) % 60).substr(0, 16);
  Json scenario;
  if (base_def) {
    scenario = base;
  } else {
    scenario = Json{{"name", "Calibrated from call history"},
                    {"simulation_start", start},
                    {"recipients", {{"count", src.recipients}}},
                    {"retry", retryJson(src, Json::object())},
                    {"concurrency", src.concurrency}};
  }
  scenario["outcomes"] = outcomes;
  if (behaviour.empty()) scenario.erase("behaviour");
  else scenario["behaviour"] = behaviour;
  if (timing.empty()) scenario.erase("timing");
  else scenario["timing"] = timing;
  loadScenario(scenario.dump());  // the result must run as-is; a failure here is a bug

  // ---- Backtest: the source campaign's own settings, re-simulated with the fitted behaviour ----
  Json source_scenario = scenario;
  source_scenario["recipients"] = {{"count", src.recipients}};
  source_scenario["retry"] = retryJson(src, base.contains("retry") ? base["retry"] : Json::object());
  source_scenario["concurrency"] = src.concurrency;
  source_scenario["simulation_start"] = start;
  source_scenario["launch_at_minute"] = 0;
  source_scenario.erase("actions");
  source_scenario.erase("seed");
  if (source_scenario.contains("wallet")) source_scenario["wallet"].erase("balance");
  auto def = std::make_shared<const ScenarioDef>(loadScenario(source_scenario.dump()));
  const RunSamples samples = runReplications(def, options.seed, 0, options.runs);
  if (options.progress) options.progress(1.0);
  struct Figure {
    const char* name;
    const char* metric;
    double actual;
    double step;
  };
  const Figure figures[] = {{"completed_share", "completed_share", src.completed, 1e-4},
                            {"failed_share", "failed_share", src.failed, 1e-4},
                            {"did_not_pick_share", "did_not_pick_share", src.did_not_pick, 1e-4},
                            {"attempts_per_recipient", "attempts_per_recipient", src.attempts, 1e-4},
                            {"duration_minutes", "duration_minutes", src.duration_minutes, 0.1}};
  Json rows = Json::array();
  int reproduced = 0;
  for (const Figure& f : figures) {
    const std::size_t m = std::find_if(kRunMetrics.begin(), kRunMetrics.end(), [&](const char* k) { return std::string(k) == f.metric; }) - kRunMetrics.begin();
    std::vector<double> v = samples[0][m];
    std::sort(v.begin(), v.end());
    auto rank = [&](double q) {
      const std::size_t k = static_cast<std::size_t>(std::ceil(q * v.size()));
      return v[std::min(v.size() - 1, k == 0 ? 0 : k - 1)];
    };
    double mean = 0;
    for (double x : v) mean += x;
    mean /= v.size();
    const double lo = roundTo(rank(0.025), f.step), hi = roundTo(rank(0.975), f.step), actual = roundTo(f.actual, f.step);
    const char* verdict = actual < lo ? "lower than predicted" : actual > hi ? "higher than predicted" : "reproduced";
    if (actual >= lo && actual <= hi) ++reproduced;
    rows.push_back({{"name", f.name},
                    {"actual", actual},
                    {"predicted", roundTo(mean, f.step)},
                    {"range95", {lo, hi}},
                    {"verdict", verdict}});
  }
  Json settings = {{"recipients", src.recipients}, {"max_retries", src.max_retries}, {"concurrency", src.concurrency},
                   {"simulation_start", start}};
  settings["retry"] = source_scenario["retry"];
  Json backtest = {{"runs", options.runs},
                   {"seed", options.seed},
                   {"settings", settings},
                   {"figures", rows},
                   {"verdict", std::to_string(reproduced) + " of 5 figures within the range where 95 % of simulated campaigns fall"}};

  Json params = Json::array();
  for (const FittedParameter& p : fit.parameters) {
    const double step = valueStep(p.name);
    Json j = {{"name", p.name},
              {"value", roundTo(p.value, step)},
              {"ci95", {roundTo(p.lo, step), roundTo(p.hi, step)}},
              {"identified", p.identified}};
    if (!p.note.empty()) j["note"] = p.note;
    params.push_back(j);
  }
  Json warnings = Json::array();
  for (const auto& w : history.warnings) warnings.push_back(w);
  for (const auto& w : fit.warnings) warnings.push_back(w);
  if (history.excluded_in_progress > 0)
    warnings.push_back("history: " + std::to_string(history.excluded_in_progress) +
                       " calls still in progress (created, initiated, sent, received) were left out: the campaign had not finished, so the backtest's actual figures are provisional");
  return toText(Json{{"scenario", scenario},
                     {"parameters", params},
                     {"backtest", backtest},
                     {"excluded_in_progress", history.excluded_in_progress},
                     {"warnings", warnings}});
}

std::string fitEstimateJson(double calls, const FitJsonOptions& options) {
  if (auto errors = rangeErrors(options); !errors.empty()) throw InputError(errors);
  if (!(calls >= 0)) throw InputError("calls", "must be a number of calls, 0 or more");
  return workEstimateJson(estimateFit(calls, options.bootstrap, options.runs));
}

}  // namespace cs
