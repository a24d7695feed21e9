#include "expectation.h"

namespace cs {

namespace {
// The formula of model.md §11 for one outcome mix, accumulated with a weight (segment share).
void accumulate(const RetryDef& retry, const OutcomeMix& mix, double weight, Expectation& e) {
  double q = 0;
  for (int k = 0; k < kOutcomeCount; ++k)
    if (isRetryable(retry, static_cast<Outcome>(k))) q += mix.p[k];
  const int R = retry.max_retries;
  double S = 0, qd = 1;  // qd = q^d
  for (int d = 0; d <= R; ++d) {
    S += qd;
    if (d >= 1) e.retries_by_depth_share[d - 1] += weight * qd;
    if (d < R) qd *= q;
  }
  const double qR = qd;
  e.retryable_share += weight * q;
  e.attempts_per_recipient += weight * S;
  // A non-retryable outcome ends the chain at whichever attempt it happens (p_k * S); a
  // retryable one is final only on the last attempt (q^R * p_k).
  for (int k = 0; k < kOutcomeCount; ++k) {
    const Outcome o = static_cast<Outcome>(k);
    const double share = isRetryable(retry, o) ? qR * mix.p[k] : mix.p[k] * S;
    e.final_share[static_cast<int>(rule(o).final_status)] += weight * share;
  }
}
}  // namespace

Expectation expectation(const CampaignDef& cd, std::uint32_t never_open) {
  Expectation e;
  e.retries_by_depth_share.assign(static_cast<std::size_t>(cd.retry.max_retries), 0.0);
  // Segments are drawn per recipient by share, so the expectation is the share-weighted mixture.
  if (cd.behaviour.segments.empty()) {
    accumulate(cd.retry, cd.outcomes, 1.0, e);
  } else {
    for (const Segment& s : cd.behaviour.segments) accumulate(cd.retry, s.outcomes, s.share, e);
  }

  const ScheduleDef& s = cd.schedule;
  if (s.ends_at_minute) e.ignored.push_back("ends_at_minute (pending retries and queued calls expire)");
  // Calendar features change when calls happen, not what they end with; only with an end time do
  // closed windows (days, holidays, zones, presets) push calls past it.
  const bool calendar = s.calling_days != 0x7F || !s.holidays.empty() || s.calling_rules || s.hours_in_recipient;
  if (s.ends_at_minute && calendar)
    e.ignored.push_back("calling days, holidays, recipient hours and calling_rules (closed windows push calls past ends_at)");
  if (never_open > 0)
    e.ignored.push_back(std::to_string(never_open) +
                        " recipients whose calling window never opens before the horizon (never called)");
  const BehaviourDef& b = cd.behaviour;
  if (!b.answer_rate_by_hour.empty()) e.ignored.push_back("answer_rate_by_hour (answer rate varies by hour)");
  if (b.busy_persistence.enabled()) e.ignored.push_back("busy_persistence (attempts are not independent)");
  if (b.no_answer_persistence.enabled()) e.ignored.push_back("no_answer_persistence (attempts are not independent)");
  if (b.answer_rate_per_attempt != 1.0) e.ignored.push_back("answer_rate_per_attempt (answer rate changes with retries)");
  if (cd.retry.hasRules()) e.ignored.push_back("per-outcome retry rules (their caps end chains early)");
  bool launched = cd.launch_at_minute.has_value();
  bool paused = false, cancel = false, workspace_change = false;
  for (const auto& a : cd.actions) {
    switch (a.kind) {
      case ScriptedActionKind::launch: launched = true; break;
      case ScriptedActionKind::pause: paused = true; break;
      case ScriptedActionKind::resume: paused = false; break;
      case ScriptedActionKind::cancel: cancel = true; break;
      case ScriptedActionKind::set_workspace: workspace_change = true; break;
      case ScriptedActionKind::top_up: break;
    }
  }
  if (cancel) e.ignored.push_back("cancel action (queued calls and pending retries are cancelled)");
  if (paused) e.ignored.push_back("pause without a later resume (the campaign never finishes)");
  if (!launched) e.ignored.push_back("no launch (the campaign stays draft)");
  if ((!cd.workspace.ready || !cd.workspace.outbound_number_assigned) && !workspace_change)
    e.ignored.push_back("workspace not ready (the campaign never runs)");
  return e;
}

}  // namespace cs
