// Builds scenario definitions in code for behavioural tests (no JSON in the way).
#pragma once

#include "civil_time.h"
#include "scenario.h"
#include "simulation.h"

namespace cs::test {

inline OutcomeMix only(Outcome o) {
  OutcomeMix m;
  m.p.fill(0);
  m.p[static_cast<int>(o)] = 1;
  return m;
}

inline ScenarioDef singleCampaign(std::uint32_t recipients, OutcomeMix outcomes = {},
                                  RetryDef retry = {}, int concurrency = 10) {
  ScenarioDef def;
  def.seed = 7;
  def.start_epoch_minute = daysFromCivil(2026, 12, 7) * 1440 + 9 * 60;  // Monday 09:00
  def.organization.concurrency = concurrency;
  CampaignDef c;
  c.recipients = syntheticRecipients(recipients);
  c.outcomes = outcomes;
  c.retry = retry;
  def.campaigns.push_back(c);
  return def;
}

inline RetryDef retries(int max_retries, int wait_minutes = 30) {
  RetryDef r;
  r.max_retries = max_retries;
  r.wait_minutes = wait_minutes;
  return r;
}

inline ScriptedAction actionAt(int minute, ScriptedActionKind kind) {
  ScriptedAction a;
  a.at_minute = minute;
  a.kind = kind;
  return a;
}

// Call logs of campaign c, by recipient.
inline std::vector<std::vector<CallLog>> chains(const Simulation& sim, std::size_t c = 0) {
  std::vector<std::vector<CallLog>> out(sim.scenario().campaigns[c].recipients.size());
  for (const CallLog& log : sim.callLogs())
    if (log.campaign == CampaignId::from(c)) out[log.recipient.index()].push_back(log);
  return out;
}

}  // namespace cs::test
