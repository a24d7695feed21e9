#include "simulation.h"

#include "workload.h"

#include <algorithm>
#include <string>

namespace cs {

namespace {
Seconds minutesToSeconds(long long minutes) {
  const long long s = minutes * 60;
  return s >= static_cast<long long>(kNever) ? kNever - 1 : static_cast<Seconds>(s);
}
}  // namespace

Simulation::Simulation(ScenarioDef def, std::uint64_t seed, std::uint64_t run)
    : Simulation(std::make_shared<const ScenarioDef>(std::move(def)), seed, run) {}

Simulation::Simulation(std::shared_ptr<const ScenarioDef> def, std::uint64_t seed, std::uint64_t run)
    : def_(std::move(def)) {
  start_instant_ = def_->startInstant();
  balance_ = def_->organization.balance;
  horizon_ = static_cast<Seconds>(def_->horizon_days) * 86400;  // whole simulated days
  const std::uint64_t run_seed = replicationSeed(seed, run);
  campaigns_.resize(def_->campaigns.size());

  // The call logs are reserved at their expected number (exact with independent attempts, +1 %),
  // so a large run never doubles its largest array near the end: in WebAssembly a doubling holds
  // the old and the new array at once and its memory never shrinks (10M recipients with 4 retries
  // needed 2.2 GB that way, over the 2 GiB ceiling; about 0.95 GB now). An upper bound is not
  // reserved whole: 1.5 per recipient, growing from there.
  double expected_calls = 0;
  for (const auto& c : def_->campaigns) {
    bool exact = false;
    const double per = callLogsPerRecipient(c, &exact);
    expected_calls += static_cast<double>(c.recipients.size()) * (exact ? per * 1.01 : std::min(per, 1.5));
  }
  calls_.reserve(static_cast<std::size_t>(expected_calls) + 64);

  for (std::size_t c = 0; c < campaigns_.size(); ++c) {
    const CampaignDef& cd = def_->campaigns[c];
    CampaignState& st = campaigns_[c];
    std::uint64_t mix = run_seed + 0x632BE59BD9B4E019ull * (c + 1);
    st.rng = Rng(splitmix64(mix));
    st.workspace = cd.workspace;
    const std::uint32_t n = cd.recipients.size();
    st.counters.recipients = n;
    st.counters.in_progress = n;
    st.counters.stages.resize(static_cast<std::size_t>(cd.retry.max_retries) + 1);
    st.counters.stages[0].total = n;
    st.counters.call_status[static_cast<int>(CallStatus::created)] = n;
    // Every recipient's first call log exists from the start, queued (model.md §3: `created`).
    st.first_call = static_cast<std::uint32_t>(calls_.size());
    st.latest.resize(n);
    for (std::uint32_t r = 0; r < n; ++r) {
      CallLog log;
      log.recipient = RecipientIndex(r);
      log.parent = CallId::from(calls_.size());
      log.campaign = CampaignId::from(c);
      log.at[kCreated] = 0;
      st.latest[r] = log.parent;
      calls_.push_back(log);
    }
    st.actions.reserve(cd.actions.size());
    const auto& segments = cd.behaviour.segments;
    if (!segments.empty()) {
      // Each recipient belongs to a segment drawn by share, independently per run.
      st.segment.resize(n);
      for (std::uint32_t r = 0; r < n; ++r) {
        const double u = st.rng.uniform01();
        double acc = 0;
        std::uint8_t k = static_cast<std::uint8_t>(segments.size() - 1);
        for (std::size_t i = 0; i < segments.size(); ++i) {
          acc += segments[i].share;
          if (u < acc) {
            k = static_cast<std::uint8_t>(i);
            break;
          }
        }
        st.segment[r] = k;
      }
    }
    if (cd.retry.hasRules()) st.retries_after.assign(n, {});
    buildClocks(c);
  }
  // Scheduled events, in an order that makes same-minute ties read naturally: launch first, then
  // the schedule's start, then scripted actions in file order, then the end of the window.
  for (std::size_t c = 0; c < campaigns_.size(); ++c) {
    const CampaignDef& cd = def_->campaigns[c];
    if (cd.launch_at_minute) schedule(minutesToSeconds(*cd.launch_at_minute), EventKind::launch, c);
    if (cd.schedule.starts_at_minute > 0)
      schedule(minutesToSeconds(cd.schedule.starts_at_minute), EventKind::starts_at, c);
    for (std::size_t i = 0; i < cd.actions.size(); ++i) {
      scripted_.push_back({static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(i)});
      schedule(minutesToSeconds(cd.actions[i].at_minute), EventKind::scripted,
               static_cast<std::uint32_t>(scripted_.size() - 1));
    }
    if (cd.schedule.ends_at_minute)
      schedule(minutesToSeconds(*cd.schedule.ends_at_minute), EventKind::ends_at, c);
  }
}

EventId Simulation::schedule(Seconds t, EventKind kind, std::uint32_t payload) {
  return queue_.push(t, static_cast<std::uint8_t>(kind), payload);
}

// The campaign's clocks: one for the whole campaign, or one per recipient zone when windows are
// read in recipients' zones (calling_hours_in recipient, calling_rules) or checked there.
void Simulation::buildClocks(std::size_t c) {
  const CampaignDef& cd = def_->campaigns[c];
  const ScheduleDef& s = cd.schedule;
  CampaignState& st = campaigns_[c];
  const std::uint32_t n = cd.recipients.size();
  st.first_clock = static_cast<std::uint32_t>(clocks_.size());
  for (CallingRules r : s.compliance_check) st.compliance.push_back({r, 0});
  auto makeClock = [&](ZoneId zone) {
    Clock k;
    k.campaign = static_cast<std::uint32_t>(c);
    k.zone = zone;
    k.window = s.window(zone);
    for (CallingRules r : s.compliance_check) k.compliance.emplace_back(rulesHours(r), zone);
    return k;
  };
  const bool per_zone = !cd.recipient_zones.zone.empty() &&
                        (s.windowByRecipientZone() || !s.compliance_check.empty());
  if (!per_zone) {
    clocks_.push_back(makeClock(s.time_zone));
    clocks_.back().queued = n;
    st.clock_count = 1;
    return;
  }
  // One clock per zone, in the order zones first appear in the input.
  ZoneGroups groups = cd.recipient_zones.groups();
  for (const ZoneId z : groups.zones) clocks_.push_back(makeClock(z));
  for (std::uint32_t r = 0; r < n; ++r) {
    Clock& clock = clocks_[st.first_clock + groups.group[r]];
    clock.firsts.push_back(r);
    ++clock.queued;
  }
  st.clock_of = std::move(groups.group);
  st.clock_count = static_cast<std::uint32_t>(groups.zones.size());
}

Simulation::Clock& Simulation::clockOf(const CallLog& log) {
  const CampaignState& st = campaigns_[log.campaign.index()];
  return clocks_[st.first_clock + (st.clock_of.empty() ? 0u : st.clock_of[log.recipient.index()])];
}

Seconds Simulation::clockOpens(const Clock& k, Seconds t) const {
  const std::int64_t at = instantAt(t);
  const std::int64_t opens = k.window.always() ? at : k.window.nextOpen(at);
  if (opens == kNeverInstant) return kNever - 1;
  return static_cast<Seconds>(std::min<std::int64_t>(t + (opens - at), kNever - 1));
}

// Wakes the simulation when a clock's window opens; a later wake-up replaces an earlier one.
void Simulation::wakeAt(std::uint32_t clock, Seconds t) {
  Clock& k = clocks_[clock];
  if (k.wake_at == t) return;
  queue_.cancel(k.wake);
  k.wake = schedule(t, EventKind::window_opens, clock);
  k.wake_at = t;
}

const std::vector<NeverOpenWindow>& Simulation::neverOpen(CampaignId campaign) const {
  if (never_open_.empty()) never_open_.resize(campaigns_.size());
  auto& slot = never_open_[campaign.index()];
  if (!slot) slot = neverOpenWindows(*def_, campaign.index());
  return *slot;
}

std::optional<Seconds> Simulation::nextEventTime() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.top().time;
}

bool Simulation::allDone() const {
  if (in_flight_ > 0) return false;
  for (const auto& c : campaigns_)
    if (!isFinal(c.status)) return false;
  return true;
}

bool Simulation::finished() const { return allDone() || queue_.empty(); }

bool Simulation::step() {
  if (queue_.empty()) return false;
  const Event e = queue_.pop();
  now_ = e.time;
  // Launches and scripted actions are decisions of an instant: when several fall on one instant
  // they all apply before anything is dialed (launch then pause at one minute dials nothing).
  auto decision = [](std::uint8_t kind) {
    return kind == static_cast<std::uint8_t>(EventKind::launch) ||
           kind == static_cast<std::uint8_t>(EventKind::scripted);
  };
  hold_dispatch_ = decision(e.kind()) && !queue_.empty() && queue_.top().time == now_ &&
                   decision(queue_.top().kind());
  handle(e);
  settle();
  hold_dispatch_ = false;
  ++events_processed_;
  return true;
}

void Simulation::advanceTo(Seconds t) {
  t = std::min(t, horizon_);
  while (!queue_.empty() && queue_.top().time <= t && !allDone()) step();
  // A finished run keeps the clock at its end; otherwise the clock moves on, events or not
  // (a blocked campaign waits through that time).
  if (t > now_ && !allDone()) now_ = t;
}

void Simulation::runToEnd() {
  while (!queue_.empty() && queue_.top().time <= horizon_ && !allDone()) step();
  // Cut by the horizon: the clock stands at the horizon, where the run was stopped.
  if (!queue_.empty() && !allDone()) now_ = std::max(now_, horizon_);
}

std::optional<Simulation::Truncation> Simulation::truncated() const {
  if (now_ < horizon_ || queue_.empty() || allDone()) return std::nullopt;
  Truncation t;
  t.at = horizon_;
  for (const auto& c : campaigns_) t.in_progress += c.counters.in_progress;
  return t;
}

void Simulation::handle(const Event& e) {
  switch (static_cast<EventKind>(e.kind())) {
    case EventKind::launch:
      record(e.payload, static_cast<int>(now_ / 60), "launch",
             [&] { act(CampaignId::from(e.payload), CampaignAction::launch); });
      break;
    case EventKind::call_stage: advanceCall(CallId(e.payload)); break;
    case EventKind::retry_due: {
      // A retry cancelled or expired before it fell due had its event cancelled.
      CallLog& log = callLog(CallId(e.payload));
      log.retry_event = CallLog::kNoRetryEvent;
      clockOf(log).due.push_back(due_order_++ << 32 | e.payload);
      break;
    }
    case EventKind::scripted: runScripted(scripted_[e.payload].campaign, scripted_[e.payload].action); break;
    case EventKind::starts_at: break;  // settle() re-evaluates the scheduled_start blocker
    case EventKind::ends_at: expireQueued(e.payload); break;
    case EventKind::window_opens:
      clocks_[e.payload].wake_at = kNever;
      clocks_[e.payload].wake = EventId{};
      break;
  }
}

void Simulation::runScripted(std::size_t campaign, std::size_t index) {
  const ScriptedAction& a = def_->campaigns[campaign].actions[index];
  const CampaignId c = CampaignId::from(campaign);
  switch (a.kind) {
    case ScriptedActionKind::launch: record(campaign, a.at_minute, "launch", [&] { act(c, CampaignAction::launch); }); break;
    case ScriptedActionKind::pause: record(campaign, a.at_minute, "pause", [&] { act(c, CampaignAction::pause); }); break;
    case ScriptedActionKind::resume: record(campaign, a.at_minute, "resume", [&] { act(c, CampaignAction::resume); }); break;
    case ScriptedActionKind::cancel: record(campaign, a.at_minute, "cancel", [&] { act(c, CampaignAction::cancel); }); break;
    case ScriptedActionKind::top_up: record(campaign, a.at_minute, "top_up", [&] { topUp(a.amount); }); break;
    case ScriptedActionKind::set_workspace:
      record(campaign, a.at_minute, "set_workspace",
             [&] { setWorkspace(c, a.workspace_ready, a.outbound_number_assigned); });
      break;
  }
}

// Runs a scheduled action and keeps its outcome for the report: a refused action is recorded with
// the engine's message, never an error of the run.
template <typename Action>
void Simulation::record(std::size_t c, int at_minute, const char* action, Action run) {
  ActionRecord rec{at_minute, action, true, ""};
  try {
    run();
  } catch (const ActionError& err) {
    rec.ok = false;
    rec.message = err.what();
  }
  campaigns_[c].actions.push_back(rec);
}

ActionResult Simulation::act(CampaignId campaign, CampaignAction action) {
  const std::size_t c = campaign.index();
  if (c >= campaigns_.size()) throw ActionError("no campaign " + std::to_string(c));
  CampaignState& st = campaigns_[c];
  const auto to = transitionOnAction(st.status, action);
  if (!to)
    throw ActionError("cannot " + std::string(name(action)) + " a " + std::string(name(st.status)) +
                      " campaign: transition not allowed");
  ActionResult result;
  result.initiated = st.in_flight;
  result.queued = st.counters.call_status[static_cast<int>(CallStatus::created)];
  if (st.status == CampaignStatus::running) running_ = -1;
  st.status = *to;
  switch (action) {
    case CampaignAction::launch:
      st.launched_at = now_;
      st.launch_order = ++launches_;
      break;
    case CampaignAction::pause: result.removed_from_queue = result.queued; break;
    case CampaignAction::resume: result.resumed_call_logs = result.queued; break;
    case CampaignAction::cancel:
      result.removed_from_queue = result.cancelled_call_logs = cancelQueued(c);
      st.finished_at = now_;
      break;
  }
  settle();
  result.status = st.status;
  return result;
}

void Simulation::topUp(double amount) {
  if (!balance_) throw ActionError("the wallet is unlimited: nothing to top up");
  if (!(amount > 0)) throw ActionError("top-up amount must be positive");
  *balance_ += amount;
  settle();
}

void Simulation::setWorkspace(CampaignId campaign, std::optional<bool> ready,
                              std::optional<bool> outbound_number_assigned) {
  const std::size_t c = campaign.index();
  if (c >= campaigns_.size()) throw ActionError("no campaign " + std::to_string(c));
  if (ready) campaigns_[c].workspace.ready = *ready;
  if (outbound_number_assigned) campaigns_[c].workspace.outbound_number_assigned = *outbound_number_assigned;
  settle();
}

// ---- Call progression: created -> initiated -> sent -> received -> (answered) -> final ----

void Simulation::advanceCall(CallId id) {
  CallLog& log = callLog(id);
  CampaignState& st = campaigns_[log.campaign.index()];
  const TimingDef& timing = def_->campaigns[log.campaign.index()].timing;
  switch (log.status) {
    case CallStatus::initiated: {
      // The outcome is drawn when the call is handed to the provider (model.md §3).
      log.outcome = drawOutcome(id);
      switch (log.outcome) {
        case Outcome::completed:
          log.end_reason = st.rng.uniform01() < 0.5 ? EndReason::user_disconnected : EndReason::agent_disconnected;
          break;
        case Outcome::voicemail: log.end_reason = EndReason::voicemail_detected; break;
        case Outcome::did_not_pick: log.end_reason = EndReason::user_did_not_pick_up; break;
        case Outcome::busy: log.end_reason = EndReason::user_busy; break;
        case Outcome::no_answer: log.end_reason = EndReason::user_unreachable; break;
        case Outcome::failed: {
          const double v = st.rng.uniform01();
          log.end_reason = v < 0.5 ? EndReason::invalid_phone_number
                                   : v < 0.75 ? EndReason::destination_forbidden : EndReason::network_failure;
          break;
        }
      }
      log.at[kSent] = now_;
      setCallStatus(id, CallStatus::sent);
      if (log.depth == 0) ++st.counters.sent;
      schedule(now_ + timing.provider_ack.sampleSeconds(st.rng), EventKind::call_stage, id);
      break;
    }
    case CallStatus::sent: {
      log.at[kReceived] = now_;
      setCallStatus(id, CallStatus::received);
      const Distribution* next = nullptr;
      switch (log.outcome) {
        case Outcome::completed: next = &timing.ring_to_answer; break;
        case Outcome::voicemail: next = &timing.ring_to_machine; break;
        case Outcome::did_not_pick: next = &timing.ring_out; break;
        case Outcome::busy: next = &timing.busy_signal; break;
        case Outcome::no_answer: next = &timing.no_answer; break;
        case Outcome::failed: next = &timing.failure; break;
      }
      schedule(now_ + next->sampleSeconds(st.rng), EventKind::call_stage, id);
      break;
    }
    case CallStatus::received: {
      if (rule(log.outcome).answered && log.at[kAnswered] == kNever) {
        log.at[kAnswered] = now_;
        if (rule(log.outcome).person_answered) ++st.counters.picked_up;
        const Distribution& length = log.outcome == Outcome::completed ? timing.talk : timing.voicemail;
        schedule(now_ + length.sampleSeconds(st.rng), EventKind::call_stage, id);
      } else {
        finishCall(id);
      }
      break;
    }
    default: break;  // stale event: nothing to advance
  }
}

namespace {
// Picks an outcome index for a uniform draw u in [0, 1).
int pickOutcome(const std::array<double, kOutcomeCount>& p, double u) {
  double acc = 0;
  int k = kOutcomeCount - 1;
  for (int i = 0; i < kOutcomeCount; ++i) {
    acc += p[i];
    if (u < acc) {
      k = i;
      break;
    }
  }
  while (p[k] <= 0 && k > 0) --k;  // rounding must never pick an outcome of probability 0
  return k;
}

// Scales the answer probability by f (capped at 1) and the other outcomes to keep the sum 1.
void scaleAnswerRate(std::array<double, kOutcomeCount>& p, double f) {
  const int c = static_cast<int>(Outcome::completed);
  const double before = p[c];
  const double after = std::min(1.0, before * f);
  const double rest = 1 - before;
  for (int i = 0; i < kOutcomeCount; ++i)
    if (i != c) p[i] = rest > 0 ? p[i] * (1 - after) / rest : 0;
  p[c] = after;
}
}  // namespace

Outcome Simulation::drawOutcome(CallId id) {
  const CallLog& log = callLog(id);
  CampaignState& st = campaigns_[log.campaign.index()];
  const CampaignDef& cd = def_->campaigns[log.campaign.index()];
  const BehaviourDef& b = cd.behaviour;
  const OutcomeMix& base = st.segment.empty() ? cd.outcomes : b.segments[st.segment[log.recipient.index()]].outcomes;
  if (b.independentAttempts()) return static_cast<Outcome>(pickOutcome(base.p, st.rng.uniform01()));

  // Persistence: a recipient who was just busy (or just did not answer) is likely still so.
  if (log.depth > 0) {
    const Outcome previous = log.outcome;  // set from the parent when the retry was created
    const PersistenceDef* persistence = nullptr;
    if (previous == Outcome::busy) persistence = &b.busy_persistence;
    if (previous == Outcome::no_answer || previous == Outcome::did_not_pick) persistence = &b.no_answer_persistence;
    if (persistence && persistence->enabled()) {
      const double minutes = (now_ - log.at[kCreated]) / 60.0;
      const double chance = persistence->probability *
                            portableExp(-0.69314718055994530942 * minutes / persistence->half_life_minutes);
      if (st.rng.uniform01() < chance) return previous;
    }
  }
  std::array<double, kOutcomeCount> p = base.p;
  if (b.answer_rate_per_attempt != 1.0 && log.depth > 0) {
    double f = 1;
    for (int d = 0; d < log.depth; ++d) f *= b.answer_rate_per_attempt;
    scaleAnswerRate(p, f);
  }
  if (!b.answer_rate_by_hour.empty()) {
    const long long hour = localSecondOfDay(recipientZone(log.campaign, log.recipient), instantAt(now_)) / 3600;
    scaleAnswerRate(p, b.answer_rate_by_hour[static_cast<std::size_t>(hour)]);
  }
  return static_cast<Outcome>(pickOutcome(p, st.rng.uniform01()));
}

void Simulation::finishCall(CallId id) {
  const std::size_t c = callLog(id).campaign.index();
  CampaignState& st = campaigns_[c];
  const CampaignDef& cd = def_->campaigns[c];
  {
    CallLog& log = callLog(id);
    log.at[kEnded] = now_;
    if (log.at[kAnswered] != kNever) {
      // Billing: from answer to end, rounded up to whole minutes (model.md §3).
      const Seconds talked = now_ - log.at[kAnswered];
      log.billed_minutes = static_cast<std::uint16_t>(std::min<Seconds>((talked + 59) / 60, 65535));
      const double cost = log.billed_minutes * cd.cost_per_minute;
      st.counters.billed_minutes += log.billed_minutes;
      st.counters.cost += cost;
      if (balance_) *balance_ -= cost;
    }
  }
  --in_flight_;
  --st.in_flight;
  const CallLog& log = callLog(id);
  std::uint8_t* after = st.retries_after.empty()
                            ? nullptr
                            : &st.retries_after[log.recipient.index()][static_cast<int>(log.outcome)];
  const bool retry = st.status != CampaignStatus::cancelled &&
                     retryAllowed(cd.retry, log.outcome, log.depth, after ? *after : 0);
  // The child is created before the parent turns final, so the recipient never looks final
  // between the two (model.md §4: a recipient with a pending retry is not final).
  if (retry) {
    if (after) ++*after;
    createRetry(id, now_ + minutesToSeconds(waitBeforeRetry(cd.retry, log.depth + 1, log.outcome)));
  }
  setCallStatus(id, rule(callLog(id).outcome).final_status);
}

void Simulation::createRetry(CallId parent_id, Seconds due) {
  const CallLog& parent = callLog(parent_id);
  CallLog child;
  child.recipient = parent.recipient;
  child.parent = parent.parent;
  child.campaign = parent.campaign;
  child.depth = static_cast<std::uint8_t>(parent.depth + 1);
  child.outcome = parent.outcome;  // the previous outcome, until this attempt draws its own
  child.at[kCreated] = now_;
  child.due = due;
  const CallId id = CallId::from(calls_.size());
  calls_.push_back(child);
  CampaignState& st = campaigns_[child.campaign.index()];
  ++st.counters.call_status[static_cast<int>(CallStatus::created)];
  ++st.counters.stages[child.depth].total;
  st.latest[child.recipient.index()] = id;
  if (st.ends_passed) {
    // ends_at has passed: the retry can never be placed (model.md §4).
    callLog(id).end_reason = EndReason::retry_window_closed;
    callLog(id).at[kEnded] = now_;
    setCallStatus(id, CallStatus::retry_expired);
  } else {
    ++clockOf(callLog(id)).queued;
    // Event ids fit 32 bits: a run is capped far below 4 billion events.
    callLog(id).retry_event = static_cast<std::uint32_t>(schedule(due, EventKind::retry_due, id).value());
  }
}

// The one place a call log changes status: keeps call_status, final_status and in_progress exact.
void Simulation::setCallStatus(CallId id, CallStatus s) {
  CallLog& log = callLog(id);
  CampaignState& st = campaigns_[log.campaign.index()];
  Counters& k = st.counters;
  const CallStatus old = log.status;
  --k.call_status[static_cast<int>(old)];
  ++k.call_status[static_cast<int>(s)];
  log.status = s;
  if (st.latest[log.recipient.index()] == id && !isFinal(old) && isFinal(s)) {
    --k.in_progress;
    ++k.final_status[static_cast<int>(s)];
  }
}

template <typename F>
static void forEachQueued(std::vector<CallLog>& calls, CampaignId c, F f) {
  for (std::size_t id = 0; id < calls.size(); ++id)
    if (calls[id].campaign == c && calls[id].status == CallStatus::created) f(CallId::from(id));
}

// A queued call log leaves its clock without being dialed: its pending retry event is cancelled.
void Simulation::unqueue(CallId id) {
  CallLog& log = callLog(id);
  if (log.retry_event != CallLog::kNoRetryEvent) {
    queue_.cancel(EventId(std::uint64_t{log.retry_event}));
    log.retry_event = CallLog::kNoRetryEvent;
  }
  --clockOf(log).queued;
}

std::uint32_t Simulation::cancelQueued(std::size_t c) {
  std::uint32_t n = 0;
  forEachQueued(calls_, CampaignId::from(c), [&](CallId id) {
    unqueue(id);
    callLog(id).end_reason = EndReason::campaign_cancelled;
    callLog(id).at[kEnded] = now_;
    setCallStatus(id, CallStatus::cancelled);
    ++n;
  });
  return n;
}

void Simulation::expireQueued(std::size_t c) {
  CampaignState& st = campaigns_[c];
  st.ends_passed = true;
  if (isFinal(st.status)) return;
  forEachQueued(calls_, CampaignId::from(c), [&](CallId id) {
    unqueue(id);
    callLog(id).end_reason = EndReason::retry_window_closed;
    callLog(id).at[kEnded] = now_;
    setCallStatus(id, CallStatus::retry_expired);
  });
}

std::uint32_t Simulation::countQueued(std::size_t c) const {
  return campaigns_[c].counters.call_status[static_cast<int>(CallStatus::created)];
}

// ---- Campaign automatic transitions and dispatch ----

// The blockers of model.md §2 as a bit per Blocker: the one place they are decided.
std::uint8_t Simulation::blockerMask(std::size_t c) const {
  const CampaignDef& cd = def_->campaigns[c];
  const CampaignState& st = campaigns_[c];
  auto bit = [](Blocker b) { return static_cast<std::uint8_t>(1u << static_cast<int>(b)); };
  std::uint8_t mask = 0;
  if (now_ < minutesToSeconds(cd.schedule.starts_at_minute)) mask |= bit(Blocker::scheduled_start);
  if (!st.workspace.ready) mask |= bit(Blocker::workspace_not_ready);
  if (!st.workspace.outbound_number_assigned) mask |= bit(Blocker::no_outbound_number);
  // Empty means below the cost of one minute [engine decision]; calls in flight still finish.
  if (balance_ && (*balance_ <= 0 || *balance_ < cd.cost_per_minute)) mask |= bit(Blocker::insufficient_balance);
  if (running_ >= 0 && static_cast<std::size_t>(running_) != c) mask |= bit(Blocker::org_busy);
  return mask;
}

// A blocker of the campaign itself (org_busy is about the others, and settle() handles it).
bool Simulation::hasBlocker(std::size_t c) const {
  return (blockerMask(c) & ~(1u << static_cast<int>(Blocker::org_busy))) != 0;
}

std::vector<Blocker> Simulation::blockers(std::size_t c) const {
  std::vector<Blocker> out;
  const std::uint8_t mask = blockerMask(c);
  for (std::size_t b = 0; b < kBlockerNames.size(); ++b)
    if (mask & (1u << b)) out.push_back(static_cast<Blocker>(b));
  return out;
}

void Simulation::settle() {
  // 1. Completion: a launched campaign whose recipients are all final is done.
  for (std::size_t c = 0; c < campaigns_.size(); ++c) {
    CampaignState& st = campaigns_[c];
    if (st.launched_at && !isFinal(st.status) && st.counters.in_progress == 0) {
      if (running_ == static_cast<int>(c)) running_ = -1;
      st.status = CampaignStatus::completed;
      st.finished_at = now_;
    }
  }
  // 2. A running campaign that meets a blocker goes back to active (model.md §2).
  if (running_ >= 0 && hasBlocker(running_)) {
    campaigns_[running_].status = CampaignStatus::active;
    running_ = -1;
  }
  // 3. The organization's slot goes to the earliest-launched active campaign with no blocker.
  if (running_ < 0) {
    int best = -1;
    for (std::size_t c = 0; c < campaigns_.size(); ++c) {
      const CampaignState& st = campaigns_[c];
      if (st.status != CampaignStatus::active || hasBlocker(c)) continue;
      if (best < 0 || st.launch_order < campaigns_[best].launch_order) best = static_cast<int>(c);
    }
    if (best >= 0) {
      campaigns_[best].status = CampaignStatus::running;
      running_ = best;
    }
  }
  dispatch();
}

int Simulation::effectiveConcurrency(std::size_t c) const {
  const auto& cap = def_->campaigns[c].concurrency;
  return cap ? std::min(*cap, def_->organization.concurrency) : def_->organization.concurrency;
}

// The next call of campaign c among its open clocks: due retries first, in the order they fell
// due [model]; then first attempts in input order.
bool Simulation::takeNextCall(std::size_t c, const std::vector<std::uint8_t>& open, CallId& id) {
  CampaignState& st = campaigns_[c];
  Clock* best = nullptr;
  for (std::uint32_t i = 0; i < st.clock_count; ++i) {
    if (!open[i]) continue;
    Clock& k = clocks_[st.first_clock + i];
    while (k.due_head < k.due.size() &&
           callLog(CallId(static_cast<std::uint32_t>(k.due[k.due_head]))).status != CallStatus::created)
      ++k.due_head;
    if (k.due_head > 1024 && k.due_head * 2 > k.due.size()) {
      k.due.erase(k.due.begin(), k.due.begin() + static_cast<long>(k.due_head));
      k.due_head = 0;
    }
    if (k.due_head < k.due.size() && (!best || k.due[k.due_head] < best->due[best->due_head])) best = &k;
  }
  if (best) {
    id = CallId(static_cast<std::uint32_t>(best->due[best->due_head++]));
    return true;
  }
  const std::uint32_t n = static_cast<std::uint32_t>(st.latest.size());
  std::uint32_t best_recipient = n;
  for (std::uint32_t i = 0; i < st.clock_count; ++i) {
    if (!open[i]) continue;
    Clock& k = clocks_[st.first_clock + i];
    // One clock: every recipient in input order; several: this clock's recipients.
    const std::uint32_t size = k.firsts.empty() ? n : static_cast<std::uint32_t>(k.firsts.size());
    auto recipient = [&](std::uint32_t at) { return k.firsts.empty() ? at : k.firsts[at]; };
    while (k.first_head < size && callLog(st.firstCall(recipient(k.first_head))).status != CallStatus::created)
      ++k.first_head;
    if (k.first_head < size && recipient(k.first_head) < best_recipient) {
      best_recipient = recipient(k.first_head);
      best = &k;
    }
  }
  if (!best) return false;
  ++best->first_head;
  id = st.firstCall(best_recipient);
  return true;
}

// A campaign with one clock: its due retries in the order they fell due [model], then first
// attempts in input order.
bool Simulation::takeFromClock(std::size_t c, Clock& k, CallId& id) {
  while (k.due_head < k.due.size()) {
    const CallId candidate(static_cast<std::uint32_t>(k.due[k.due_head++]));
    if (callLog(candidate).status == CallStatus::created) {
      id = candidate;
      return true;
    }
  }
  if (k.due_head > 1024 && k.due_head * 2 > k.due.size()) {
    k.due.erase(k.due.begin(), k.due.begin() + static_cast<long>(k.due_head));
    k.due_head = 0;
  }
  const CampaignState& st = campaigns_[c];
  const auto n = static_cast<std::uint32_t>(st.latest.size());
  while (k.first_head < n) {
    const CallId candidate = st.firstCall(k.first_head++);
    if (callLog(candidate).status == CallStatus::created) {
      id = candidate;
      return true;
    }
  }
  return false;
}

void Simulation::dispatch() {
  if (running_ < 0 || hold_dispatch_) return;
  const std::size_t c = static_cast<std::size_t>(running_);
  CampaignState& st = campaigns_[c];
  if (countQueued(c) == 0) return;
  // Which clocks may dial now; a closed one with queued calls wakes the simulation when it opens
  // (outside calling hours a running campaign stays running and dispatches nothing [model]).
  bool any_open = false;
  if (st.clock_count == 1) {
    Clock& k = clocks_[st.first_clock];
    if (closedUntilWake(k)) return;
    if (!clockOpen(k, now_)) {
      wakeAt(st.first_clock, clockOpens(k, now_));
      return;
    }
    any_open = true;
  } else {
    open_.assign(st.clock_count, 0);
    for (std::uint32_t i = 0; i < st.clock_count; ++i) {
      Clock& k = clocks_[st.first_clock + i];
      if (k.queued == 0 || closedUntilWake(k)) continue;
      if (clockOpen(k, now_)) {
        open_[i] = 1;
        any_open = true;
      } else {
        wakeAt(st.first_clock + i, clockOpens(k, now_));
      }
    }
  }
  if (!any_open) return;
  const int org_cap = def_->organization.concurrency;
  const int cap = effectiveConcurrency(c);
  const Distribution& delay = def_->campaigns[c].timing.dispatch_delay;
  while (static_cast<int>(in_flight_) < org_cap && static_cast<int>(st.in_flight) < cap) {
    CallId id;
    const bool single = st.clock_count == 1;
    if (!(single ? takeFromClock(c, clocks_[st.first_clock], id) : takeNextCall(c, open_, id))) break;
    CallLog& log = callLog(id);
    Clock& k = single ? clocks_[st.first_clock] : clockOf(log);
    --k.queued;
    if (!k.compliance.empty())
      for (std::size_t p = 0; p < k.compliance.size(); ++p)
        if (!k.compliance[p].open(instantAt(now_))) ++st.compliance[p].outside;
    log.at[kInitiated] = now_;
    setCallStatus(id, CallStatus::initiated);
    ++st.counters.attempts;
    ++st.counters.stages[log.depth].attempted;
    ++in_flight_;
    ++st.in_flight;
    schedule(now_ + delay.sampleSeconds(st.rng), EventKind::call_stage, id);
  }
}

CampaignView Simulation::view(CampaignId campaign) const {
  const std::size_t c = campaign.index();
  const CampaignState& st = campaigns_[c];
  CampaignView v;
  v.name = def_->campaigns[c].name;
  v.status = st.status;
  if (st.status == CampaignStatus::active) v.blocked_by = blockers(c);
  if (st.status == CampaignStatus::running && countQueued(c) > 0) {
    bool any_open = false;
    Seconds first_opening = kNever;
    for (std::uint32_t i = 0; i < st.clock_count; ++i) {
      const Clock& k = clocks_[st.first_clock + i];
      if (k.queued == 0) continue;
      if (clockOpen(k, now_)) {
        any_open = true;
        continue;
      }
      const Seconds opens = clockOpens(k, now_);
      first_opening = std::min(first_opening, opens);
      if (def_->campaigns[c].schedule.zoned()) v.waiting_by_zone.push_back({k.zone, k.queued, opens});
    }
    if (!any_open) {
      v.outside_calling_hours = true;
      v.next_window_opens = first_opening;
    }
  }
  v.launched_at = st.launched_at;
  v.finished_at = st.finished_at;
  v.counters = st.counters;
  v.actions = st.actions;
  v.compliance = st.compliance;
  return v;
}

}  // namespace cs
