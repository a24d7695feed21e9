// The discrete-event simulation of an organization's campaigns (model.md §2–§5, §8).
// Value types in, value types out: callers hold ids (CampaignId, CallId, RecipientIndex: distinct
// types, engine/ids.h), never pointers into the engine.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "calendar.h"
#include "event_queue.h"
#include "ids.h"
#include "random.h"
#include "scenario.h"
#include "status.h"
#include "window_check.h"

namespace cs {

using Seconds = std::uint32_t;
inline constexpr Seconds kNever = std::numeric_limits<Seconds>::max();

// Raised for actions the state machine does not allow; the simulation is left unchanged.
struct ActionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One attempt. Kept compact (48 bytes): a 1M-recipient run stores ~2M of these.
struct CallLog {
  RecipientIndex recipient;     // index into the campaign's recipients
  CallId parent;                // call id of the first attempt (itself for a first attempt)
  // Time each status was reached (kNever if not): created, initiated, sent, received, answered,
  // ended. "answered" is not a status: billing and Picked Up start there.
  std::array<Seconds, 6> at{kNever, kNever, kNever, kNever, kNever, kNever};
  Seconds due = 0;              // earliest dispatch time (retries: ended + wait)
  CampaignId campaign;
  CallStatus status = CallStatus::created;
  Outcome outcome = Outcome::completed;  // meaningful once sent
  EndReason end_reason = EndReason::none;
  std::uint8_t depth = 0;       // attempt number - 1
  std::uint16_t billed_minutes = 0;
  std::uint32_t retry_event = kNoRetryEvent;  // a pending retry's retry_due event (low 32 bits)
  static constexpr std::uint32_t kNoRetryEvent = 0xFFFFFFFFu;
};
static_assert(sizeof(CallLog) <= 48, "CallLog must stay compact");

enum Stamp : int { kCreated = 0, kInitiated, kSent, kReceived, kAnswered, kEnded };

struct DepthStage {
  std::uint32_t attempted = 0;  // dispatched
  std::uint32_t total = 0;      // created
};

// Counters of model.md §5 for one campaign. Derived incrementally from call-log transitions.
struct Counters {
  std::uint32_t recipients = 0;
  std::uint32_t sent = 0;
  std::uint32_t picked_up = 0;
  std::uint32_t attempts = 0;  // call logs dispatched (reached initiated)
  std::array<std::uint32_t, kCallStatusCount> final_status{};  // recipients per final status
  std::array<std::uint32_t, kCallStatusCount> call_status{};   // call logs per current status
  std::uint32_t in_progress = 0;
  std::vector<DepthStage> stages;  // index = depth; retries_by_depth[d-1] = stages[d].total
  std::uint64_t billed_minutes = 0;
  double cost = 0;

  std::uint32_t completedLeads() const { return finalOf(CallStatus::completed); }
  std::uint32_t failedLeads() const {
    return finalOf(CallStatus::failed) + finalOf(CallStatus::busy) + finalOf(CallStatus::no_answer);
  }
  std::uint32_t didNotPick() const { return finalOf(CallStatus::did_not_pick); }
  std::uint32_t finalOf(CallStatus s) const { return final_status[static_cast<int>(s)]; }
};

// What an action touched (DialNexa's affectedCalls).
struct ActionResult {
  CampaignStatus status = CampaignStatus::draft;
  std::uint32_t initiated = 0;  // calls in flight at the time of the action
  std::uint32_t queued = 0;     // call logs waiting (created) at the time of the action
  std::uint32_t removed_from_queue = 0;
  std::uint32_t cancelled_call_logs = 0;
  std::uint32_t resumed_call_logs = 0;
};

// A scripted action's outcome, kept for the report.
struct ActionRecord {
  int at_minute = 0;
  std::string action;
  bool ok = true;
  std::string message;  // error text when not ok
};

// Recipients of one zone (or the whole campaign) that wait for their calling window.
struct ZoneWait {
  ZoneId zone = kPlainClock;
  std::uint32_t waiting = 0;  // queued call logs (first attempts and retries) of the zone
  Seconds opens = kNever;     // when the zone's window next opens
};

// Attempts that fell outside a regulator's hours (schedule.compliance_check), per preset.
struct ComplianceCount {
  CallingRules rules = CallingRules::us_tcpa;
  std::uint32_t outside = 0;
};

struct CampaignView {
  std::string name;
  CampaignStatus status = CampaignStatus::draft;
  std::vector<Blocker> blocked_by;   // non-empty only while active
  bool outside_calling_hours = false;  // running but no window is open for anything queued
  std::optional<Seconds> next_window_opens;  // when outside calling hours
  std::vector<ZoneWait> waiting_by_zone;     // zones whose window is closed (zoned campaigns)
  std::vector<ComplianceCount> compliance;
  std::optional<Seconds> launched_at, finished_at;
  Counters counters;
  std::vector<ActionRecord> actions;
};

class Simulation {
 public:
  // `run` selects an independent replication (seed + run number, as in ns-3).
  Simulation(ScenarioDef def, std::uint64_t seed, std::uint64_t run = 0);
  // Many replications of one scenario share its (immutable) definition.
  Simulation(std::shared_ptr<const ScenarioDef> def, std::uint64_t seed, std::uint64_t run = 0);

  // Processes every event up to and including time t (at most the horizon); the clock ends at t,
  // or at the end of the run when everything finished before t.
  void advanceTo(Seconds t);
  // Processes events until nothing can change any more, or until the horizon.
  void runToEnd();
  // The scenario's horizon_days in seconds: a run still going then is cut there.
  Seconds horizon() const { return horizon_; }
  // A run cut by the horizon: the clock is at the horizon and something could still happen.
  struct Truncation {
    Seconds at = 0;
    std::uint32_t in_progress = 0;  // recipients of all campaigns not final when cut
  };
  std::optional<Truncation> truncated() const;
  // Processes the next event; false when there is none.
  bool step();
  // True when every campaign is final, or no event is left that could change anything.
  bool finished() const;

  // User actions (model.md §2, §4). Throws ActionError and changes nothing when not allowed.
  ActionResult act(CampaignId campaign, CampaignAction action);
  void topUp(double amount);
  void setWorkspace(CampaignId campaign, std::optional<bool> ready,
                    std::optional<bool> outbound_number_assigned);

  Seconds now() const { return now_; }
  std::optional<Seconds> nextEventTime() const;
  std::uint64_t eventsProcessed() const { return events_processed_; }
  std::size_t campaignCount() const { return campaigns_.size(); }
  CampaignView view(CampaignId campaign) const;
  const Counters& counters(CampaignId campaign) const { return campaigns_[campaign.index()].counters; }
  CampaignStatus status(CampaignId campaign) const { return campaigns_[campaign.index()].status; }
  const WorkspaceDef& workspace(CampaignId campaign) const { return campaigns_[campaign.index()].workspace; }
  std::uint32_t inFlight() const { return in_flight_; }
  std::optional<double> balance() const { return balance_; }

  const ScenarioDef& scenario() const { return *def_; }
  // The instant (UTC seconds) of simulation time t; without a zone, the plain clock reading.
  std::int64_t instantAt(Seconds t) const { return start_instant_ + static_cast<std::int64_t>(t); }
  // Local time of t in a zone, as the calendar formats it (ISO 8601 with offset when zoned).
  std::string localTime(Seconds t, ZoneId zone) const { return formatInstant(zone, instantAt(t)); }
  ZoneId campaignZone(CampaignId campaign) const { return def_->campaigns[campaign.index()].schedule.time_zone; }
  ZoneId recipientZone(CampaignId campaign, RecipientIndex recipient) const {
    const CampaignDef& cd = def_->campaigns[campaign.index()];
    return cd.recipient_zones.of(recipient.value(), cd.schedule.time_zone);
  }
  // Every call log in creation order: callLogs()[id.index()] is call(id).
  const std::vector<CallLog>& callLogs() const { return calls_; }
  // Recipients of a campaign whose calling window never opens before the horizon (counted in the
  // report; engine/window_check.h). Worked out from the scenario on first use.
  const std::vector<NeverOpenWindow>& neverOpen(CampaignId campaign) const;
  const CallLog& call(CallId id) const { return calls_[id.index()]; }
  std::size_t recipientCount(CampaignId campaign) const { return campaigns_[campaign.index()].latest.size(); }
  // The latest call log of a recipient (its first attempt exists from the start, queued).
  CallId latestCall(CampaignId campaign, RecipientIndex recipient) const {
    return campaigns_[campaign.index()].latest[recipient.index()];
  }

 private:
  struct CampaignState {
    CampaignStatus status = CampaignStatus::draft;
    Counters counters;
    std::vector<CallId> latest;  // per recipient: latest call id
    std::uint32_t first_clock = 0, clock_count = 1;  // this campaign's clocks in clocks_
    std::vector<std::uint16_t> clock_of;  // per recipient, when the campaign has several clocks
    std::vector<ComplianceCount> compliance;
    std::uint32_t in_flight = 0;
    std::optional<Seconds> launched_at, finished_at;
    bool ends_passed = false;
    std::uint64_t launch_order = 0;
    std::uint32_t first_call = 0;  // first attempts are call ids first_call .. first_call + n - 1
    CallId firstCall(std::uint32_t recipient) const { return CallId(first_call + recipient); }
    WorkspaceDef workspace;
    std::vector<std::uint8_t> segment;  // per recipient, when segments are defined
    std::vector<std::array<std::uint8_t, kOutcomeCount>> retries_after;  // per recipient, with rules
    Rng rng;
    std::vector<ActionRecord> actions;
  };

  // A calling clock: recipients whose window is read the same way (the whole campaign, or one
  // recipient zone), with their own queues and wake-up, so a closed zone never blocks an open one.
  struct Clock {
    std::uint32_t campaign = 0;
    ZoneId zone = kPlainClock;
    CallingWindow window;
    std::vector<ZonedWindow> compliance;     // one per schedule.compliance_check preset
    std::vector<std::uint32_t> firsts;       // recipients in input order (several clocks only)
    std::uint32_t first_head = 0;            // cursor over first attempts still queued
    std::vector<std::uint64_t> due;          // (due order << 32) | retry call id, FIFO
    std::size_t due_head = 0;
    std::uint32_t queued = 0;                // created call logs of this clock's recipients
    Seconds wake_at = kNever;
    EventId wake;
  };
  struct ScriptedRef {
    std::uint32_t campaign = 0;
    std::uint32_t action = 0;
  };

  enum class EventKind : std::uint8_t {
    launch,        // payload: campaign
    call_stage,    // payload: call id; advances the call to its next stamp
    retry_due,     // payload: call id
    scripted,      // payload: index into scripted_
    starts_at,     // payload: campaign
    ends_at,       // payload: campaign
    window_opens,  // payload: clock index; its calling window opens
  };

  void handle(const Event& e);
  void launch(std::size_t c);
  void runScripted(std::size_t c, std::size_t index);
  template <typename Action>
  void record(std::size_t c, int at_minute, const char* action, Action run);
  CallLog& callLog(CallId id) { return calls_[id.index()]; }
  void advanceCall(CallId id);
  Outcome drawOutcome(CallId id);
  void finishCall(CallId id);
  void setCallStatus(CallId id, CallStatus s);
  void createRetry(CallId parent_id, Seconds due);
  void expireQueued(std::size_t c);
  void unqueue(CallId id);
  void buildClocks(std::size_t c);
  std::uint32_t cancelQueued(std::size_t c);
  std::uint32_t countQueued(std::size_t c) const;
  std::vector<Blocker> blockers(std::size_t c) const;
  Clock& clockOf(const CallLog& log);
  bool clockOpen(const Clock& k, Seconds t) const { return k.window.always() || k.window.open(instantAt(t)); }
  Seconds clockOpens(const Clock& k, Seconds t) const;
  void wakeAt(std::uint32_t clock, Seconds t);
  // A clock with a pending wake-up is closed until then: its window was found closed and that is
  // its next opening, so neither needs computing again before it.
  bool closedUntilWake(const Clock& k) const { return k.wake_at != kNever && now_ < k.wake_at; }
  void settle();  // campaign automatic transitions, then dispatch
  std::uint8_t blockerMask(std::size_t c) const;
  bool hasBlocker(std::size_t c) const;
  bool allDone() const;
  void dispatch();
  bool takeNextCall(std::size_t c, const std::vector<std::uint8_t>& open, CallId& id);
  bool takeFromClock(std::size_t c, Clock& k, CallId& id);
  int effectiveConcurrency(std::size_t c) const;
  EventId schedule(Seconds t, EventKind kind, std::uint32_t payload);
  EventId schedule(Seconds t, EventKind kind, CallId call) { return schedule(t, kind, call.value()); }

  std::shared_ptr<const ScenarioDef> def_;
  std::vector<CampaignState> campaigns_;
  std::vector<CallLog> calls_;
  EventQueue queue_;
  Seconds now_ = 0;
  std::uint64_t events_processed_ = 0;
  std::uint64_t launches_ = 0;
  std::uint32_t in_flight_ = 0;
  std::optional<double> balance_;
  int running_ = -1;  // the organization's one running campaign, or -1
  std::vector<Clock> clocks_;
  std::int64_t start_instant_ = 0;
  std::vector<std::uint8_t> open_;  // scratch: which of the running campaign's clocks are open
  std::vector<ScriptedRef> scripted_;
  std::uint64_t due_order_ = 0;
  Seconds horizon_ = 0;
  mutable std::vector<std::optional<std::vector<NeverOpenWindow>>> never_open_;  // per campaign, lazily
  // Set while more actions of the same instant are still to apply: dispatch waits for them all
  // (launch then pause at one minute dials nothing).
  bool hold_dispatch_ = false;
};

}  // namespace cs
