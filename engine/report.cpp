#include "report.h"

#include <algorithm>

#include "calendar.h"

namespace cs {

Json localTime(const Simulation& sim, Seconds t) {
  if (t == kNever) return nullptr;
  return sim.localTime(t, sim.scenario().time_zone);
}

static Json minutesOrNull(const std::optional<Seconds>& t) {
  if (!t) return nullptr;
  return *t / 60.0;
}

Json countersJson(const Counters& k) {
  Json j;
  j["recipients"] = k.recipients;
  j["sent"] = k.sent;
  j["picked_up"] = k.picked_up;
  j["completed_leads"] = k.completedLeads();
  j["failed_leads"] = k.failedLeads();
  j["did_not_pick"] = k.didNotPick();
  j["cancelled"] = k.finalOf(CallStatus::cancelled);
  j["retry_expired"] = k.finalOf(CallStatus::retry_expired);
  j["in_progress"] = k.in_progress;
  j["attempts"] = k.attempts;
  Json by_depth = Json::array();
  for (std::size_t d = 1; d < k.stages.size(); ++d) by_depth.push_back(k.stages[d].total);
  j["retries_by_depth"] = by_depth;
  Json stages = Json::array();
  for (std::size_t d = 0; d < k.stages.size(); ++d)
    stages.push_back(Json{{"depth", d}, {"attempted", k.stages[d].attempted}, {"total", k.stages[d].total}});
  j["attempt_stages"] = stages;
  return j;
}

Json campaignJson(const Simulation& sim, CampaignId c) {
  const CampaignView v = sim.view(c);
  Json j;
  j["name"] = v.name;
  j["status"] = std::string(name(v.status));
  Json blocked = Json::array();
  for (Blocker b : v.blocked_by) blocked.push_back(std::string(name(b)));
  j["blocked_by"] = blocked;
  j["waiting_for"] = v.outside_calling_hours ? Json("calling_hours") : Json(nullptr);
  const ZoneId zone = sim.campaignZone(c);
  j["next_window_local"] =
      v.next_window_opens ? Json(sim.localTime(*v.next_window_opens, zone).substr(11, 5)) : Json(nullptr);
  j["counters"] = countersJson(v.counters);
  Json finals;
  for (CallStatus s : kFinalStatuses) finals[std::string(name(s))] = v.counters.finalOf(s);
  j["final_status"] = finals;
  Json calls;
  for (int s = 0; s < kCallStatusCount; ++s) calls[std::string(kCallStatusNames[s])] = v.counters.call_status[s];
  j["call_status"] = calls;
  j["billing"] = Json{{"billed_minutes", v.counters.billed_minutes}, {"cost", v.counters.cost}};
  Json timing;
  timing["launched_at_minute"] = minutesOrNull(v.launched_at);
  timing["finished_at_minute"] = minutesOrNull(v.finished_at);
  timing["duration_minutes"] =
      v.launched_at && v.finished_at ? Json((*v.finished_at - *v.launched_at) / 60.0) : Json(nullptr);
  j["timing"] = timing;
  // Recipients whose window never opens before the horizon: counted, never silently stuck
  // (present only when there are some, so other reports are unchanged).
  if (const auto& never = sim.neverOpen(c); !never.empty()) {
    Json list = Json::array();
    for (const NeverOpenWindow& w : never)
      list.push_back(Json{{"time_zone", w.zone == kPlainClock ? Json(nullptr) : Json(std::string(zoneName(w.zone)))},
                          {"recipients", w.recipients},
                          {"fields", w.fields},
                          {"reason", w.reason},
                          {"first_opens", w.first_opens == kNeverInstant ? Json(nullptr)
                                                                         : Json(formatInstant(w.zone, w.first_opens))}});
    j["never_open"] = list;
  }
  const CampaignDef& cd = sim.scenario().campaigns[c.index()];
  if (cd.schedule.zoned()) {
    // Calendar details, only for campaigns with a zone (the defaults keep today's report).
    Json cal;
    cal["time_zone"] = std::string(zoneName(zone));
    cal["calling_hours_in"] = cd.schedule.hours_in_recipient ? "recipient" : "campaign";
    cal["calling_rules"] = cd.schedule.calling_rules
                               ? Json(std::string(kCallingRulesNames[static_cast<int>(*cd.schedule.calling_rules)]))
                               : Json(nullptr);
    Json sources;
    for (std::size_t i = 0; i < kZoneSourceNames.size(); ++i)
      if (cd.recipient_zones.by_source[i]) sources[kZoneSourceNames[i]] = cd.recipient_zones.by_source[i];
    cal["recipient_zones"] = sources;
    Json waiting = Json::array();
    for (const ZoneWait& w : v.waiting_by_zone)
      waiting.push_back(Json{{"time_zone", std::string(zoneName(w.zone))},
                             {"waiting", w.waiting},
                             {"opens", w.opens == kNever || w.opens == kNever - 1 ? Json(nullptr)
                                                                                : Json(sim.localTime(w.opens, zone))},
                             {"opens_local", w.opens == kNever || w.opens == kNever - 1
                                                 ? Json(nullptr)
                                                 : Json(sim.localTime(w.opens, w.zone).substr(11, 5))}});
    cal["waiting_by_zone"] = waiting;
    Json compliance = Json::object();
    for (const ComplianceCount& k : v.compliance)
      compliance[std::string(kCallingRulesNames[static_cast<int>(k.rules)])] =
          Json{{"outside", k.outside}, {"attempts", v.counters.attempts}};
    cal["compliance_check"] = compliance;
    cal["tzdata"] = tzdataVersion();
    j["calendar"] = cal;
  }
  if (!v.actions.empty()) {
    Json actions = Json::array();
    for (const auto& a : v.actions) {
      Json r{{"at_minute", a.at_minute}, {"action", a.action}, {"ok", a.ok}};
      if (!a.ok) r["message"] = a.message;
      actions.push_back(r);
    }
    j["actions"] = actions;
  }
  return j;
}

Json reportJson(const Simulation& sim) {
  Json j;
  Json campaigns = Json::array();
  for (std::size_t c = 0; c < sim.campaignCount(); ++c) campaigns.push_back(campaignJson(sim, CampaignId::from(c)));
  j["campaigns"] = campaigns;
  j["clock"] = Json{{"elapsed_minutes", sim.now() / 60.0},
                    {"elapsed_seconds", sim.now()},
                    {"local_time", localTime(sim, sim.now())}};
  j["wallet"] = Json{{"balance", sim.balance() ? Json(*sim.balance()) : Json(nullptr)}};
  // A run cut by the horizon says so (null when it ended, or was stopped by --until-minute).
  const auto cut = sim.truncated();
  j["truncated"] = cut ? Json{{"at_minute", cut->at / 60}, {"in_progress", cut->in_progress}} : Json(nullptr);
  return j;
}

Json stateJson(const Simulation& sim) {
  Json j = reportJson(sim);
  j["finished"] = sim.finished();
  const auto next = sim.nextEventTime();
  j["next_event_seconds"] = next ? Json(*next) : Json(nullptr);
  const ZoneId zone = sim.scenario().time_zone;
  if (zone != kPlainClock) {
    // Zoned runs: what the page needs to draw local time without computing it (DST included).
    j["clock"]["time_zone"] = std::string(zoneName(zone));
    j["clock"]["start_local"] = sim.localTime(0, zone);
    j["next_event_local"] = next ? Json(sim.localTime(*next, zone)) : Json(nullptr);
    Json changes = Json::array();
    const Seconds horizon = std::max<Seconds>(sim.now(), next ? *next : 0) + 7 * 86400;
    for (const OffsetChange& k : offsetChanges(zone, sim.instantAt(0), sim.instantAt(horizon)))
      changes.push_back(Json{{"at_seconds", k.at - sim.instantAt(0)}, {"offset_seconds", k.offset},
                             {"local", sim.localTime(static_cast<Seconds>(k.at - sim.instantAt(0)), zone)}});
    j["clock"]["offset_changes"] = changes;
    j["clock"]["start_offset_seconds"] = utcOffset(zone, sim.instantAt(0));
  }
  for (std::size_t c = 0; c < sim.campaignCount(); ++c) {
    Json& cj = j["campaigns"][c];
    const CampaignId id = CampaignId::from(c);
    const CampaignStatus s = sim.status(id);
    Json allowed = Json::array();
    for (int a = 0; a < 4; ++a)
      if (transitionOnAction(s, static_cast<CampaignAction>(a)))
        allowed.push_back(std::string(kCampaignActionNames[a]));
    cj["allowed_actions"] = allowed;
    const WorkspaceDef& ws = sim.workspace(id);
    cj["workspace"] = Json{{"ready", ws.ready}, {"outbound_number_assigned", ws.outbound_number_assigned}};
    const Counters& k = sim.counters(id);
    cj["queued"] = k.call_status[static_cast<int>(CallStatus::created)];
    cj["in_flight"] = k.call_status[static_cast<int>(CallStatus::initiated)] +
                      k.call_status[static_cast<int>(CallStatus::sent)] +
                      k.call_status[static_cast<int>(CallStatus::received)];
  }
  return j;
}

std::string toText(const Json& j) { return j.dump(2) + "\n"; }

}  // namespace cs
