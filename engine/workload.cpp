#include "workload.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "api.h"
#include "expectation.h"

namespace cs {

double callLogsPerRecipient(const CampaignDef& cd, bool* exact) {
  // Exact with independent attempts (model.md §11); otherwise every recipient may use every try.
  const bool independent = cd.behaviour.independentAttempts();
  if (exact) *exact = independent;
  if (!independent) return 1.0 + cd.retry.max_retries;
  return expectation(cd).attempts_per_recipient;
}

namespace {

double csvBytes(const CampaignDef& cd) {
  double bytes = 0;
  for (const auto& p : cd.recipients.phones) bytes += p.size() + 32;
  for (const auto& v : cd.recipients.values) bytes += v.size() + 32;
  return bytes;
}

WorkEstimate finish(WorkEstimate e, double memory_extra) {
  e.call_logs = e.runs * e.call_logs_per_run;
  e.memory_bytes = e.call_logs_per_run * kBytesPerCallLog + memory_extra;
  e.native_seconds = e.call_logs / kNativeCallLogsPerSecond;
  e.over_budget = e.call_logs > kWorkBudgetCallLogs || e.memory_bytes > kMemoryBudgetBytes;
  return e;
}

std::string number(double v) {
  char buf[64];
  if (v < 1e6) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

std::string duration(double s) {
  char buf[64];
  if (s < 1) return "under a second";
  if (s < 120) std::snprintf(buf, sizeof buf, "%.0f s", s);
  else if (s < 7200) std::snprintf(buf, sizeof buf, "%.0f minutes", s / 60);
  else if (s < 172800) std::snprintf(buf, sizeof buf, "%.1f hours", s / 3600);
  else std::snprintf(buf, sizeof buf, "%.0f days", s / 86400);
  return buf;
}

// "about 12 MB", "about 1.2 GB", "under 1 MB" (`about` false: "1.5 GB", for limits).
std::string bytes(double b, bool about = true) {
  char buf[64];
  const char* prefix = about ? "about " : "";
  if (b < 1024.0 * 1024) return "under 1 MB";
  if (b < 1024.0 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%s%.0f MB", prefix, b / (1024.0 * 1024));
  else std::snprintf(buf, sizeof buf, "%s%.1f GB", prefix, b / (1024.0 * 1024 * 1024));
  return buf;
}
}  // namespace

WorkEstimate estimateRuns(const ScenarioDef& def, double runs) {
  WorkEstimate e;
  e.runs = runs;
  double extra = 0;
  for (const auto& cd : def.campaigns) {
    e.call_logs_per_run += cd.recipients.size() * callLogsPerRecipient(cd);
    extra += csvBytes(cd);
  }
  return finish(e, extra);
}

WorkEstimate estimateSweep(const ScenarioDef& def, std::size_t campaign, double runs,
                           const std::vector<int>& retry_counts, std::size_t interval_count) {
  WorkEstimate e;
  e.runs = runs * static_cast<double>(retry_counts.size() * std::max<std::size_t>(1, interval_count));
  // The heaviest cell decides memory; the mean cell, time.
  double total = 0, heaviest = 0, extra = 0;
  for (int r : retry_counts) {
    double logs = 0;
    for (std::size_t c = 0; c < def.campaigns.size(); ++c) {
      CampaignDef cd = def.campaigns[c];
      if (c == campaign) cd.retry.max_retries = r;
      logs += cd.recipients.size() * callLogsPerRecipient(cd);
    }
    total += logs;
    heaviest = std::max(heaviest, logs);
  }
  for (const auto& cd : def.campaigns) extra += csvBytes(cd);
  e.call_logs_per_run = retry_counts.empty() ? 0 : total / retry_counts.size();
  WorkEstimate out = finish(e, extra);
  out.memory_bytes = heaviest * kBytesPerCallLog + extra;
  out.over_budget = out.call_logs > kWorkBudgetCallLogs || out.memory_bytes > kMemoryBudgetBytes;
  return out;
}

std::string describeEstimate(const WorkEstimate& e) {
  return "about " + number(e.call_logs) + " simulated calls (" + number(e.runs) + " run" +
         (e.runs == 1 ? "" : "s") + " x about " + number(e.call_logs_per_run) + " calls), about " +
         duration(e.native_seconds) + " at " + number(kNativeCallLogsPerSecond / 1e6) +
         " million calls a second, and " + bytes(e.memory_bytes) + " of memory";
}

void checkBudget(const WorkEstimate& e, bool allow_large) {
  if (!e.over_budget || allow_large) return;
  throw InputError("--allow-large",
                   "this is too large to start without asking: " + describeEstimate(e) +
                       "; the limit is " + number(kWorkBudgetCallLogs) + " simulated calls (about " +
                       duration(kWorkBudgetCallLogs / kNativeCallLogsPerSecond) + ") and " +
                       bytes(kMemoryBudgetBytes, false) +
                       " of memory. Use fewer runs, retries, intervals or recipients, or confirm "
                       "with --allow-large (allowLarge: true in the JS API)");
}

}  // namespace cs
