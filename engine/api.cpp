#include "api.h"

#include <algorithm>
#include <cmath>

#include "calendar.h"
#include "compare.h"
#include "default_scenario.h"
#include "exports.h"
#include "expectation.h"
#include "montecarlo.h"
#include "options.h"
#include "phone_zones.h"
#include "report.h"
#include "simulation.h"
#include "window_check.h"
#include "workload.h"
#include "version.h"

namespace cs {

std::string engineVersion() { return std::string(kEngineVersion); }
std::string defaultScenarioJson() { return toText(defaultScenario()); }

namespace {
std::string joinErrors(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "\n";
    out += (e.path.empty() ? std::string("(document)") : e.path) + ": " + e.message;
  }
  return out;
}

Json errorsJson(const std::vector<FieldError>& errors) {
  Json list = Json::array();
  for (const auto& e : errors) list.push_back(Json{{"path", e.path}, {"message", e.message}});
  return list;
}

// validate's view of one reason's rejected rows: every row number, and for the first
// kMaxListedRowProblems rows what exactly is wrong and the value at fault (recipients.h).
constexpr std::size_t kMaxListedRowProblems = 1000;
Json rejectedJson(const RejectedRows& group) {
  Json details = Json::array();
  Json by_detail = Json::object();
  for (std::size_t i = 0; i < group.rows.size(); ++i) {
    const RowProblem& p = group.problems[i];
    const std::string detail(p.detail);
    by_detail[detail] = by_detail.value(detail, 0) + 1;
    if (i >= kMaxListedRowProblems) continue;
    Json d{{"row", group.rows[i]}, {"detail", detail}, {"value", p.value}};
    if (p.detail == "wrong_length") {
      d["digits"] = p.found;
      d["allowed_digits"] = Json::array({p.allowed_min, p.allowed_max});
    } else if (group.reason == "malformed_row") {
      d["fields"] = p.found;
      d["allowed_fields"] = p.allowed_min;
    }
    details.push_back(std::move(d));
  }
  const std::size_t omitted = group.rows.size() - std::min(group.rows.size(), kMaxListedRowProblems);
  return Json{{"count", group.rows.size()}, {"rows", group.rows}, {"by_detail", by_detail},
              {"details", details}, {"details_omitted", omitted}};
}

// An option given through the C++ API directly (the shells check theirs with the same table).
void checkRange(std::vector<FieldError>& errors, const IntegerOption& o, std::optional<long long> v) {
  if (v && (*v < o.lo || *v > o.hi)) errors.push_back({o.flag, rangeText(o) + ", found " + std::to_string(*v)});
}

std::shared_ptr<const ScenarioDef> load(const std::string& text, std::optional<int> horizon_days = std::nullopt) {
  std::vector<FieldError> errors;
  checkRange(errors, option::horizon_days, horizon_days);
  if (!errors.empty()) throw InputError(errors);
  ScenarioDef def = loadScenario(text);
  if (horizon_days) def.horizon_days = *horizon_days;
  return std::make_shared<const ScenarioDef>(std::move(def));
}

std::unique_ptr<Simulation> runTo(const std::string& text, const RunOptions& options) {
  std::vector<FieldError> errors;
  checkRange(errors, option::until_minute, options.until_minute);
  if (!errors.empty()) throw InputError(errors);
  auto def = load(text, options.horizon_days);
  checkBudget(estimateRuns(*def, 1), options.allow_large);
  auto sim = std::make_unique<Simulation>(def, options.seed.value_or(def->seed));
  if (options.until_minute)
    sim->advanceTo(static_cast<Seconds>(std::min<long long>(*options.until_minute * 60LL, sim->horizon())));
  else
    sim->runToEnd();
  return sim;
}


Json summaryJson(const std::vector<double>& values) {
  const Summary s = summarise(values);
  // A 20-bin histogram over [min, max] for the page's distribution charts.
  constexpr int kBins = 20;
  std::vector<std::uint32_t> counts(s.max > s.min ? kBins : 1, 0);
  for (double v : values) {
    std::size_t b = 0;
    if (s.max > s.min) b = std::min<std::size_t>(kBins - 1, static_cast<std::size_t>((v - s.min) / (s.max - s.min) * kBins));
    ++counts[b];
  }
  return Json{{"mean", s.mean},
              {"sd", s.sd},
              {"min", s.min},
              {"max", s.max},
              {"ci95", {s.ci95_low, s.ci95_high}},
              {"median", s.median},
              {"p90", s.p90},
              {"histogram", {{"min", s.min}, {"max", s.max}, {"counts", counts}}}};
}

// Runs cut by the horizon: how many, and which summaries they make partial (every metric but the
// recipient count: counts stop where the run was cut and durations end at the horizon).
Json truncatedRunsJson(std::size_t n) {
  Json j{{"truncated_runs", n}};
  if (n > 0) {
    Json affects = Json::array();
    for (const char* key : kRunMetrics)
      if (std::string(key) != "recipients") affects.push_back(key);
    j["truncated_affects"] = affects;
  }
  return j;
}

// The one place Monte Carlo output is shaped: from per-run samples, however they were gathered.
Json summaryFromSamples(const Json& samples) {
  auto metrics = [](const Json& campaign) {
    Json m;
    for (const char* key : kRunMetrics) m[key] = summaryJson(campaign["samples"][key].get<std::vector<double>>());
    return m;
  };
  Json j{{"runs", samples["runs"]}, {"seed", samples["seed"]}, {"first_run", samples["first_run"]}};
  std::size_t truncated = 0;
  const Json& first = samples["campaigns"][0]["samples"];
  if (first.contains("truncated"))
    for (const auto& v : first["truncated"]) truncated += v.get<double>() != 0;
  j.update(truncatedRunsJson(truncated));
  if (!samples["organization"].get<bool>()) {
    j.update(metrics(samples["campaigns"][0]));
  } else {
    Json campaigns = Json::array();
    for (const auto& c : samples["campaigns"]) {
      Json cj{{"name", c["name"]}};
      cj.update(metrics(c));
      campaigns.push_back(cj);
    }
    j["campaigns"] = campaigns;
  }
  return j;
}

Json samplesJson(const std::string& scenario_json, const MonteCarloOptions& options) {
  std::vector<FieldError> errors;
  checkRange(errors, option::runs, options.runs);
  if (!errors.empty()) throw InputError(errors);
  auto def = load(scenario_json, options.horizon_days);
  checkBudget(estimateRuns(*def, options.runs), options.allow_large);
  const std::uint64_t seed = options.seed.value_or(def->seed);
  std::vector<std::uint8_t> truncated;
  const RunSamples samples = runReplications(def, seed, options.first_run, options.runs, &truncated);
  Json campaigns = Json::array();
  for (std::size_t c = 0; c < def->campaigns.size(); ++c) {
    Json per_metric;
    for (std::size_t k = 0; k < kRunMetrics.size(); ++k) per_metric[kRunMetrics[k]] = samples[c][k];
    per_metric["truncated"] = truncated;  // 1 for a run cut by the horizon (merged like a metric)
    campaigns.push_back(Json{{"name", def->campaigns[c].name}, {"samples", per_metric}});
  }
  return Json{{"runs", options.runs},
              {"seed", seed},
              {"first_run", options.first_run},
              {"organization", def->organization_form},
              {"campaigns", campaigns}};
}

Json expectationJson(const ScenarioDef& def, std::size_t campaign) {
  const CampaignDef& cd = def.campaigns[campaign];
  std::uint32_t never_open = 0;
  for (const NeverOpenWindow& w : neverOpenWindows(def, campaign)) never_open += w.recipients;
  const Expectation e = expectation(cd, never_open);
  Json j;
  Json shares;
  for (CallStatus s : kFinalStatuses) shares[std::string(name(s))] = e.final_share[static_cast<int>(s)];
  j["final_status_share"] = shares;
  j["attempts_per_recipient"] = e.attempts_per_recipient;
  j["retryable_share"] = e.retryable_share;
  const double n = cd.recipients.size();
  auto share = [&](CallStatus s) { return e.final_share[static_cast<int>(s)]; };
  Json expected;
  expected["recipients"] = n;
  expected["sent"] = n;
  expected["picked_up"] = n * share(CallStatus::completed);
  expected["completed_leads"] = n * share(CallStatus::completed);
  expected["failed_leads"] =
      n * (share(CallStatus::failed) + share(CallStatus::busy) + share(CallStatus::no_answer));
  expected["did_not_pick"] = n * share(CallStatus::did_not_pick);
  expected["cancelled"] = 0;
  expected["retry_expired"] = 0;
  expected["in_progress"] = 0;
  expected["attempts"] = n * e.attempts_per_recipient;
  Json by_depth = Json::array();
  for (double d : e.retries_by_depth_share) by_depth.push_back(n * d);
  expected["retries_by_depth"] = by_depth;
  j["expected_counters"] = expected;
  Json ignored = Json::array();
  for (const auto& f : e.ignored) ignored.push_back(f);
  j["ignored"] = ignored;
  return j;
}
}  // namespace

InputError::InputError(std::vector<FieldError> list)
    : std::runtime_error(joinErrors(capErrors(list))), errors(capErrors(std::move(list))) {}

std::string truncationWarning(long long at_minute, long long in_progress) {
  return "warning: the run was cut at the horizon of " + std::to_string(at_minute / 1440) +
         " simulated days (minute " + std::to_string(at_minute) + ") with " + std::to_string(in_progress) +
         " recipients still in progress; its results are partial (raise --horizon-days or "
         "horizon_days, up to 3650)";
}

ScenarioDef loadScenario(const std::string& scenario_json) {
  ParseResult parsed = parseScenario(scenario_json);
  if (!parsed.errors.empty() || !parsed.scenario) throw InputError(std::move(parsed.errors));
  return std::move(*parsed.scenario);
}

std::string validateJson(const std::string& scenario_json) {
  const ParseResult parsed = parseScenario(scenario_json);
  Json j;
  j["valid"] = parsed.errors.empty() && parsed.scenario.has_value();
  j["errors"] = errorsJson(parsed.errors);
  Json warnings = Json::array();
  for (const auto& w : parsed.warnings) warnings.push_back(w);
  j["warnings"] = warnings;
  Json recipients = Json::array();
  std::vector<const RecipientList*> lists;
  if (parsed.scenario)
    for (const auto& campaign : parsed.scenario->campaigns) lists.push_back(&campaign.recipients);
  else
    for (const auto& list : parsed.recipients) lists.push_back(&list);
  {
    for (std::size_t c = 0; c < lists.size(); ++c) {
      const RecipientList& r = *lists[c];
      Json rejected = Json::object();
      for (const auto& g : r.rejected) rejected[g.reason] = rejectedJson(g);
      Json duplicates = Json::array();
      for (const auto& d : r.duplicates)
        duplicates.push_back(Json{{"phone_number", d.phone_number}, {"rows", d.rows}});
      recipients.push_back(Json{{"campaign", c},
                                {"valid", r.size()},
                                {"variables", r.variable_names},
                                {"rejected", rejected},
                                {"duplicates", duplicates}});
    }
  }
  j["recipients"] = recipients;
  return toText(j);
}

std::string calendarJson() {
  Json zones = Json::array();
  for (std::string_view name : zoneNames()) zones.push_back(std::string(name));
  return Json{{"tzdata", tzdataVersion()}, {"phone_zones", phoneZonesSource()}, {"zones", zones}}.dump();
}

std::string runJson(const std::string& scenario_json, const RunOptions& options) {
  return toText(reportJson(*runTo(scenario_json, options)));
}

ExportResult exportTable(const std::string& scenario_json, const ExportOptions& options) {
  return exportFromSimulation(*runTo(scenario_json, options.run), options);
}

ExportResult exportTable(const Simulation& sim, const ExportOptions& options) {
  return exportFromSimulation(sim, options);
}

namespace {
ExportResult streamExport(const Simulation& sim, const ExportOptions& options, const ExportSink& sink,
                          std::size_t chunk_bytes) {
  ExportStream stream(sim, options);
  while (!stream.done()) sink(stream.next(std::max<std::size_t>(1, chunk_bytes)));
  return stream.summary();
}
}  // namespace

ExportResult exportTable(const std::string& scenario_json, const ExportOptions& options,
                         const ExportSink& sink, std::size_t chunk_bytes) {
  return streamExport(*runTo(scenario_json, options.run), options, sink, chunk_bytes);
}

std::string expectJson(const std::string& scenario_json) {
  const ScenarioDef def = loadScenario(scenario_json);
  if (!def.organization_form) return toText(expectationJson(def, 0));
  Json campaigns = Json::array();
  for (std::size_t i = 0; i < def.campaigns.size(); ++i) {
    Json c{{"name", def.campaigns[i].name}};
    c.update(expectationJson(def, i));
    campaigns.push_back(c);
  }
  return toText(Json{{"campaigns", campaigns}});
}

std::string monteCarloJson(const std::string& scenario_json, const MonteCarloOptions& options) {
  return toText(summaryFromSamples(samplesJson(scenario_json, options)));
}

std::string monteCarloSamplesJson(const std::string& scenario_json, const MonteCarloOptions& options) {
  return samplesJson(scenario_json, options).dump();
}

std::string summariseSamplesJson(const std::string& samples_json) {
  Json samples;
  try {
    samples = Json::parse(samples_json);
    if (samples["campaigns"].empty()) throw std::runtime_error("no campaigns");
    return toText(summaryFromSamples(samples));
  } catch (const Json::exception& e) {
    throw InputError("samples", std::string("not a samples document: ") + e.what());
  }
}

// The values of a sweep list outside its option's range: one problem, with a count.
void checkList(std::vector<FieldError>& errors, const IntegerOption& o, const std::vector<int>& values) {
  std::size_t outside = 0;
  int first = 0;
  for (int v : values)
    if (v < o.lo || v > o.hi) first = outside++ ? first : v;
  if (outside)
    errors.push_back({o.flag, std::string(o.what) + " must be from " + std::to_string(o.lo) + " to " +
                                  std::to_string(o.hi) + ", found " + std::to_string(first) +
                                  (outside > 1 ? " (and " + std::to_string(outside - 1) + " more)" : "")});
  if (values.size() > option::kMaxListLength)
    errors.push_back({o.flag, "at most " + std::to_string(option::kMaxListLength) + " values, found " +
                                  std::to_string(values.size())});
}

std::string sweepJson(const std::string& scenario_json, const SweepOptions& options) {
  std::vector<FieldError> errors;
  checkRange(errors, option::runs, options.runs);
  if (options.retry_counts.empty()) errors.push_back({"--retries", "needs at least one retry count"});
  checkList(errors, option::retries, options.retry_counts);
  checkList(errors, option::waits, options.waits);
  if (!errors.empty()) throw InputError(errors);
  const auto def_ptr = load(scenario_json, options.horizon_days);
  const ScenarioDef& def = *def_ptr;
  if (options.campaign < 0 || static_cast<std::size_t>(options.campaign) >= def.campaigns.size())
    throw InputError("--campaign", "must be a campaign index from 0 to " + std::to_string(def.campaigns.size() - 1) +
                                       ", found " + std::to_string(options.campaign));
  const std::size_t c = static_cast<std::size_t>(options.campaign);
  std::vector<int> waits = options.waits;
  if (waits.empty()) waits.push_back(std::max(1, def.campaigns[c].retry.wait_minutes));
  checkBudget(estimateSweep(def, c, options.runs, options.retry_counts, waits.size()), options.allow_large);
  const std::uint64_t seed = options.seed.value_or(def.seed);
  const std::vector<SweepCell> cells = sweepRetries(def, c, seed, options.runs, options.retry_counts, waits);
  Json rows = Json::array();
  std::size_t truncated_runs = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const SweepCell& cell = cells[i];
    Json row{{"max_retries", cell.max_retries}, {"wait_minutes", cell.wait_minutes}};
    if (cell.max_retries > 4) row["outside_product_range"] = true;
    row["truncated_runs"] = cell.truncated_runs;
    truncated_runs += cell.truncated_runs;
    for (std::size_t k = 0; k < kRunMetrics.size(); ++k) row[kRunMetrics[k]] = summaryJson(cell.samples[k]);
    // Marginal gain: completed share over the previous retry count at the same interval.
    Json marginal = nullptr;
    const std::size_t share = std::find(kRunMetrics.begin(), kRunMetrics.end(), std::string("completed_share")) - kRunMetrics.begin();
    for (std::size_t j = 0; j < cells.size(); ++j)
      if (cells[j].wait_minutes == cell.wait_minutes && cells[j].max_retries == cell.max_retries - 1)
        marginal = summarise(cell.samples[share]).mean - summarise(cells[j].samples[share]).mean;
    row["marginal_completed_share"] = marginal;
    rows.push_back(row);
  }
  Json out{{"runs", options.runs}, {"seed", seed}, {"campaign", def.campaigns[c].name}};
  out.update(truncatedRunsJson(truncated_runs));
  out["rows"] = rows;
  out["verdict"] = sweepVerdict(rows, options.runs);
  return toText(out);
}

// A JSON document the page's pool hands back to the engine; `what` names it in the error.
static Json parseDocument(const std::string& text, const char* path, const char* what) {
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    throw InputError(path, std::string("not ") + what + ": " + e.what());
  }
}

std::string sweepVerdictJson(const std::string& sweep_json) {
  const Json doc = parseDocument(sweep_json, "sweep", "a sweep document");
  if (!doc.is_object() || !doc.contains("rows") || !doc["rows"].is_array() || !doc.contains("runs") ||
      !doc["runs"].is_number())
    throw InputError("sweep", "needs {\"runs\": N, \"rows\": [...]} as campaign-sim sweep prints it");
  return toText(sweepVerdict(doc["rows"], doc["runs"].get<double>()));
}

namespace {

// "A (2 retries every 30 min)" from a campaign's retry settings.
std::string configLabel(const std::string& letter, const CampaignDef& cd) {
  const RetryDef& r = cd.retry;
  std::string what;
  if (r.max_retries > 0 && !r.wait_minutes_list.empty()) {
    what = std::to_string(r.max_retries) + (r.max_retries == 1 ? " retry" : " retries") + " after ";
    for (std::size_t i = 0; i < r.wait_minutes_list.size(); ++i)
      what += (i ? ", " : "") + std::to_string(r.wait_minutes_list[i]);
    what += " min";
  } else {
    what = describeRetries(r.max_retries, r.wait_minutes);
  }
  return letter + " (" + what + ")";
}

// One campaign's metrics out of a Monte Carlo summary (flat, or an organization's list).
const Json& campaignOf(const Json& summary, std::size_t campaign) {
  if (summary.contains("campaigns")) return summary["campaigns"].at(campaign);
  return summary;
}

const CampaignDef& comparedCampaign(const ScenarioDef& def, int campaign, const char* side) {
  if (campaign < 0 || static_cast<std::size_t>(campaign) >= def.campaigns.size())
    throw InputError("--campaign", std::string("must be a campaign index of ") + side + " from 0 to " +
                                       std::to_string(def.campaigns.size() - 1));
  return def.campaigns[static_cast<std::size_t>(campaign)];
}

}  // namespace

// Loads one side of a comparison; its errors' paths say which side ("B:/retry/max_retries").
ScenarioDef loadSide(const std::string& text, const char* side) {
  try {
    return loadScenario(text);
  } catch (const InputError& e) {
    std::vector<FieldError> errors = e.errors;
    for (auto& f : errors) f.path = std::string(side) + ":" + f.path;
    throw InputError(errors);
  }
}

std::string compareJson(const std::string& scenario_a, const std::string& scenario_b,
                        const MonteCarloOptions& options, int campaign) {
  const ScenarioDef def_a = loadSide(scenario_a, "A");
  const ScenarioDef def_b = loadSide(scenario_b, "B");
  const std::string label_a = configLabel("A", comparedCampaign(def_a, campaign, "A"));
  const std::string label_b = configLabel("B", comparedCampaign(def_b, campaign, "B"));
  MonteCarloOptions o = options;
  o.seed = options.seed.value_or(def_a.seed);  // the same seeds for both: common random numbers
  const Json a = summaryFromSamples(samplesJson(scenario_a, o));
  const Json b = summaryFromSamples(samplesJson(scenario_b, o));
  const auto c = static_cast<std::size_t>(campaign);
  return toText(Json{{"runs", o.runs},
                     {"seed", *o.seed},
                     {"campaign", def_a.campaigns[c].name},
                     {"a", {{"label", label_a}, {"summary", a}}},
                     {"b", {{"label", label_b}, {"summary", b}}},
                     {"comparison", compareSummaries(campaignOf(a, c), campaignOf(b, c), o.runs, o.runs,
                                                     label_a, label_b)}});
}

std::string compareSummariesJson(const std::string& input_json) {
  const Json in = parseDocument(input_json, "compare", "a comparison request");
  for (const char* k : {"a", "b", "summary_a", "summary_b"})
    if (!in.is_object() || !in.contains(k))
      throw InputError("compare", std::string("needs \"") + k + "\"");
  const int campaign = in.contains("campaign") && in["campaign"].is_number_integer() ? in["campaign"].get<int>() : 0;
  const ScenarioDef def_a = loadSide(in["a"].dump(), "A");
  const ScenarioDef def_b = loadSide(in["b"].dump(), "B");
  const std::string label_a = configLabel("A", comparedCampaign(def_a, campaign, "A"));
  const std::string label_b = configLabel("B", comparedCampaign(def_b, campaign, "B"));
  const auto c = static_cast<std::size_t>(campaign);
  try {
    const Json& sa = in["summary_a"];
    const Json& sb = in["summary_b"];
    return toText(compareSummaries(campaignOf(sa, c), campaignOf(sb, c), sa.at("runs").get<double>(),
                                   sb.at("runs").get<double>(), label_a, label_b));
  } catch (const Json::exception& e) {
    throw InputError("compare", std::string("summary_a and summary_b must be Monte Carlo summaries: ") + e.what());
  }
}

// ---- LiveSession ----

LiveSession::LiveSession(const std::string& scenario_json, std::optional<std::uint64_t> seed) {
  auto def = load(scenario_json);
  sim_ = std::make_unique<Simulation>(def, seed.value_or(def->seed));
}
LiveSession::~LiveSession() = default;

std::string LiveSession::advanceTo(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0)
    throw InputError("seconds", "must be a finite number of seconds >= 0");
  const double capped = std::min<double>(seconds, sim_->horizon());
  sim_->advanceTo(static_cast<Seconds>(capped));
  return state();
}

std::string LiveSession::state() const { return stateJson(*sim_).dump(); }

static CampaignAction actionFromName(const std::string& action) {
  for (int a = 0; a < 4; ++a)
    if (kCampaignActionNames[a] == action) return static_cast<CampaignAction>(a);
  throw InputError("action", "unknown action \"" + action + "\"; allowed: launch, pause, resume, cancel");
}

// The page's campaign number (a JS number) as the engine's id; refused when there is no such campaign.
CampaignId LiveSession::campaignArg(int campaign) const {
  if (campaign < 0 || static_cast<std::size_t>(campaign) >= sim_->campaignCount())
    throw ActionError("no campaign " + std::to_string(campaign));
  return CampaignId::from(static_cast<std::size_t>(campaign));
}

std::string LiveSession::act(int campaign, const std::string& action) {
  const ActionResult r = sim_->act(campaignArg(campaign), actionFromName(action));
  Json j{{"ok", true},
         {"status", std::string(name(r.status))},
         {"affectedCalls",
          {{"initiated", r.initiated},
           {"queued", r.queued},
           {"removedFromQueue", r.removed_from_queue},
           {"cancelledCallLogs", r.cancelled_call_logs},
           {"resumedCallLogs", r.resumed_call_logs}}}};
  return j.dump();
}

std::string LiveSession::topUp(double amount) {
  sim_->topUp(amount);
  return state();
}

std::string LiveSession::setWorkspace(int campaign, bool ready, bool outbound_number_assigned) {
  sim_->setWorkspace(campaignArg(campaign), ready, outbound_number_assigned);
  return state();
}

std::string LiveSession::history(int campaign, const std::string& status, std::uint32_t offset,
                                 std::uint32_t limit) const {
  std::optional<CallStatus> only;
  const bool in_progress = status == "in_progress";
  if (!status.empty() && !in_progress) {
    only = callStatusFromName(status);
    if (!only) throw InputError("status", "unknown call status \"" + status + "\"");
  }
  const auto& calls = sim_->callLogs();
  Json rows = Json::array();
  std::uint32_t total = 0;
  // A campaign number out of range matches no call log (an empty window, as before).
  const std::optional<CampaignId> c =
      campaign >= 0 && static_cast<std::size_t>(campaign) < sim_->campaignCount()
          ? std::optional<CampaignId>(CampaignId::from(static_cast<std::size_t>(campaign)))
          : std::nullopt;
  for (std::size_t id = 0; c && id < calls.size(); ++id) {
    const CallLog& log = calls[id];
    if (log.campaign != *c) continue;
    if (only && log.status != *only) continue;
    if (in_progress && isFinal(log.status)) continue;
    if (total >= offset && total - offset < limit) rows.push_back(callRowJson(*sim_, CallId::from(id)));
    ++total;
  }
  return Json{{"total", total}, {"offset", offset}, {"rows", rows}}.dump();
}

std::string LiveSession::chain(int campaign, std::uint32_t recipient) const {
  const CampaignId c = campaignArg(campaign);
  const RecipientList& r = sim_->scenario().campaigns[c.index()].recipients;
  if (recipient >= r.size()) throw ActionError("no recipient " + std::to_string(recipient));
  const RecipientIndex who(recipient);
  // Call logs link to their first attempt, not forward, so the chain is collected by recipient.
  Json calls = Json::array();
  const auto& logs = sim_->callLogs();
  for (std::size_t id = 0; id < logs.size(); ++id)
    if (logs[id].campaign == c && logs[id].recipient == who) calls.push_back(callRowJson(*sim_, CallId::from(id)));
  return Json{{"recipient", recipient}, {"position", r.position(recipient)}, {"phone_number", r.phone(recipient)},
              {"calls", calls}}
      .dump();
}

std::string LiveSession::report() const { return toText(reportJson(*sim_)); }

ExportResult LiveSession::exportTable(const ExportOptions& options) const {
  return exportFromSimulation(*sim_, options);
}

ExportResult LiveSession::exportTable(const ExportOptions& options, const ExportSink& sink,
                                      std::size_t chunk_bytes) const {
  return streamExport(*sim_, options, sink, chunk_bytes);
}

std::string estimateJson(const std::string& scenario_json, const std::string& command,
                         const SweepOptions& options) {
  const auto def = load(scenario_json, options.horizon_days);
  WorkEstimate e;
  if (command == "run") {
    e = estimateRuns(*def, 1);
  } else if (command == "montecarlo") {
    e = estimateRuns(*def, options.runs);
  } else if (command == "sweep") {
    const std::size_t c = std::min<std::size_t>(static_cast<std::size_t>(std::max(0, options.campaign)), def->campaigns.size() - 1);
    e = estimateSweep(*def, c, options.runs, options.retry_counts, std::max<std::size_t>(1, options.waits.size()));
  } else {
    throw InputError("command", "must be run, montecarlo or sweep, found \"" + command + "\"");
  }
  return workEstimateJson(e);
}

std::string workEstimateJson(const WorkEstimate& e) {
  return toText(Json{{"runs", e.runs},
                     {"call_logs_per_run", e.call_logs_per_run},
                     {"call_logs", e.call_logs},
                     {"memory_bytes", e.memory_bytes},
                     {"native_seconds", e.native_seconds},
                     {"over_budget", e.over_budget},
                     {"budget", {{"call_logs", kWorkBudgetCallLogs}, {"memory_bytes", kMemoryBudgetBytes}}},
                     {"message", describeEstimate(e)}});
}

}  // namespace cs
