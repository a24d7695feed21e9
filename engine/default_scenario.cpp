#include "default_scenario.h"

#include "scenario.h"

namespace cs {

namespace {
Json optionalInt(const std::optional<int>& v) { return v ? Json(*v) : Json(nullptr); }
}  // namespace

Json defaultScenario() {
  const ScenarioDef scenario;
  const CampaignDef campaign;
  const OrganizationDef organization;
  Json outcomes = Json::object();
  for (int i = 0; i < kOutcomeCount; ++i) outcomes[std::string(kOutcomeNames[i])] = campaign.outcomes.p[i];
  const RetryDef& r = campaign.retry;
  const ScheduleDef& s = campaign.schedule;
  return Json{
      {"name", campaign.name},
      {"seed", scenario.seed},
      {"simulation_start", std::string(kDefaultSimulationStart)},
      {"recipients", Json{{"count", kDefaultScenarioRecipients}}},
      {"outcomes", outcomes},
      {"retry", Json{{"max_retries", r.max_retries},
                     {"wait_minutes", r.wait_minutes},
                     {"retry_on_no_answer", r.retry_on_no_answer},
                     {"retry_on_busy", r.retry_on_busy},
                     {"retry_on_voicemail", r.retry_on_voicemail}}},
      // Calling hours are "HH:MM" text in the document; the default is none (null).
      {"schedule", Json{{"starts_at_minute", s.starts_at_minute},
                        {"ends_at_minute", optionalInt(s.ends_at_minute)},
                        {"calling_hours_start", nullptr},
                        {"calling_hours_end", nullptr}}},
      {"concurrency", organization.concurrency},
      {"wallet", Json{{"balance", organization.balance ? Json(*organization.balance) : Json(nullptr)},
                      {"cost_per_minute", campaign.cost_per_minute}}},
      {"workspace", Json{{"ready", campaign.workspace.ready},
                         {"outbound_number_assigned", campaign.workspace.outbound_number_assigned}}},
      {"launch_at_minute", optionalInt(campaign.launch_at_minute)},
  };
}

}  // namespace cs
