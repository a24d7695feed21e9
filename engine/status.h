// Status vocabularies of model.md §2 and §3, with their names as they appear in JSON and CSV.
// Every table here is the single place its rule lives.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cs {

// ---- Campaign (batch) statuses, model.md §2 ----
enum class CampaignStatus : std::uint8_t { draft, active, running, paused, completed, cancelled };
inline constexpr std::array<std::string_view, 6> kCampaignStatusNames = {
    "draft", "active", "running", "paused", "completed", "cancelled"};
inline std::string_view name(CampaignStatus s) { return kCampaignStatusNames[static_cast<int>(s)]; }
inline bool isFinal(CampaignStatus s) {
  return s == CampaignStatus::completed || s == CampaignStatus::cancelled;
}

// User actions on a campaign. Automatic transitions (blockers clear/appear, all recipients final)
// are decided by the simulation, not by actions.
enum class CampaignAction : std::uint8_t { launch, pause, resume, cancel };
inline constexpr std::array<std::string_view, 4> kCampaignActionNames = {"launch", "pause", "resume",
                                                                         "cancel"};
inline std::string_view name(CampaignAction a) { return kCampaignActionNames[static_cast<int>(a)]; }

// The user-action half of the transition table of model.md §2. Returns nothing when the action is
// not allowed from that status (the caller reports "transition not allowed" and changes nothing).
// resume lands in `active`; the simulation promotes it to `running` as soon as no blocker holds.
inline std::optional<CampaignStatus> transitionOnAction(CampaignStatus from, CampaignAction action) {
  using S = CampaignStatus;
  switch (action) {
    case CampaignAction::launch:
      if (from == S::draft) return S::active;
      return std::nullopt;
    case CampaignAction::pause:
      if (from == S::active || from == S::running) return S::paused;
      return std::nullopt;
    case CampaignAction::resume:
      if (from == S::paused) return S::active;
      return std::nullopt;
    case CampaignAction::cancel:
      if (from == S::draft || from == S::active || from == S::running || from == S::paused)
        return S::cancelled;
      return std::nullopt;
  }
  return std::nullopt;
}

// Reasons a launched campaign stays `active` (model.md §2), reported by name.
enum class Blocker : std::uint8_t {
  scheduled_start,
  workspace_not_ready,
  no_outbound_number,
  insufficient_balance,
  org_busy
};
inline constexpr std::array<std::string_view, 5> kBlockerNames = {
    "scheduled_start", "workspace_not_ready", "no_outbound_number", "insufficient_balance",
    "org_busy"};
inline std::string_view name(Blocker b) { return kBlockerNames[static_cast<int>(b)]; }

// ---- Call log statuses, model.md §3 ----
enum class CallStatus : std::uint8_t {
  created,
  initiated,
  sent,
  received,
  completed,
  did_not_pick,
  busy,
  no_answer,
  failed,
  cancelled,
  retry_expired
};
inline constexpr int kCallStatusCount = 11;
inline constexpr std::array<std::string_view, kCallStatusCount> kCallStatusNames = {
    "created",      "initiated", "sent",   "received",  "completed",    "did_not_pick",
    "busy",         "no_answer", "failed", "cancelled", "retry_expired"};
inline std::string_view name(CallStatus s) { return kCallStatusNames[static_cast<int>(s)]; }
inline bool isFinal(CallStatus s) { return static_cast<int>(s) >= static_cast<int>(CallStatus::completed); }
// A call in flight holds a concurrency slot (model.md §3: from initiated until final).
inline bool isInFlight(CallStatus s) {
  return s == CallStatus::initiated || s == CallStatus::sent || s == CallStatus::received;
}
// The final statuses, in the order exports and reports list them (model.md §6 status groups).
inline constexpr std::array<CallStatus, 7> kFinalStatuses = {
    CallStatus::completed, CallStatus::did_not_pick, CallStatus::busy,         CallStatus::no_answer,
    CallStatus::failed,    CallStatus::cancelled,    CallStatus::retry_expired};
std::optional<CallStatus> callStatusFromName(std::string_view n);

// ---- Outcome kinds, model.md §3: drawn when a call is sent ----
enum class Outcome : std::uint8_t { completed, voicemail, did_not_pick, busy, no_answer, failed };
inline constexpr int kOutcomeCount = 6;
inline constexpr std::array<std::string_view, kOutcomeCount> kOutcomeNames = {
    "completed", "voicemail", "did_not_pick", "busy", "no_answer", "failed"};
inline std::string_view name(Outcome o) { return kOutcomeNames[static_cast<int>(o)]; }

enum class EndReason : std::uint8_t {
  none,
  user_disconnected,
  agent_disconnected,
  voicemail_detected,
  user_did_not_pick_up,
  user_busy,
  user_unreachable,
  invalid_phone_number,
  destination_forbidden,
  network_failure,
  campaign_cancelled,  // [model] end reason of a call log cancelled before dispatch
  retry_window_closed  // [model] end reason of a call log that ends retry_expired
};
inline constexpr std::array<std::string_view, 12> kEndReasonNames = {
    "",
    "user_disconnected",
    "agent_disconnected",
    "voicemail_detected",
    "user_did_not_pick_up",
    "user_busy",
    "user_unreachable",
    "invalid_phone_number",
    "destination_forbidden",
    "network_failure",
    "campaign_cancelled",
    "retry_window_closed"};
inline std::string_view name(EndReason r) { return kEndReasonNames[static_cast<int>(r)]; }

// The outcome table of model.md §3: final status, whether a person or machine answered (billing
// starts at answer), and whether a person answered ("Picked Up").
struct OutcomeRule {
  CallStatus final_status;
  bool answered;         // billed from answer to end
  bool person_answered;  // counts toward picked_up
};
inline constexpr std::array<OutcomeRule, kOutcomeCount> kOutcomeRules = {{
    {CallStatus::completed, true, true},       // completed
    {CallStatus::did_not_pick, true, false},   // voicemail (a machine answered: billed)
    {CallStatus::did_not_pick, false, false},  // did_not_pick (rang out)
    {CallStatus::busy, false, false},          // busy
    {CallStatus::no_answer, false, false},     // no_answer
    {CallStatus::failed, false, false},        // failed
}};
inline const OutcomeRule& rule(Outcome o) { return kOutcomeRules[static_cast<int>(o)]; }

}  // namespace cs
