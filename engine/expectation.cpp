#include "expectation.h"

namespace cs {

Expectation expectation(const CampaignDef& cd) {
  Expectation e;
  const RetryDef& retry = cd.retry;
  double q = 0;
  for (int k = 0; k < kOutcomeCount; ++k)
    if (isRetryable(retry, static_cast<Outcome>(k))) q += cd.outcomes.p[k];
  const int R = retry.max_retries;
  double S = 0, qd = 1;  // qd = q^d
  for (int d = 0; d <= R; ++d) {
    S += qd;
    if (d >= 1) e.retries_by_depth_share.push_back(qd);
    if (d < R) qd *= q;
  }
  const double qR = qd;
  e.retryable_share = q;
  e.attempts_per_recipient = S;
  // A non-retryable outcome ends the chain at whichever attempt it happens (p_k * S); a
  // retryable one is final only on the last attempt (q^R * p_k).
  for (int k = 0; k < kOutcomeCount; ++k) {
    const Outcome o = static_cast<Outcome>(k);
    const double share = isRetryable(retry, o) ? qR * cd.outcomes.p[k] : cd.outcomes.p[k] * S;
    e.final_share[static_cast<int>(rule(o).final_status)] += share;
  }

  const ScheduleDef& s = cd.schedule;
  if (s.ends_at_minute) e.ignored.push_back("ends_at_minute (pending retries and queued calls expire)");
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
