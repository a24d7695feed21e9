// Behaviour of campaigns, call logs and retries (model.md §2–§5), observed from the outside:
// statuses, counters and the timestamps in the call history.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "scenario_builder.h"
#include "simulation.h"

using namespace cs;
using namespace cs::test;

namespace {

// Largest number of calls holding a slot at once, rebuilt from history timestamps alone.
int peakConcurrency(const Simulation& sim) {
  std::vector<std::pair<Seconds, int>> edges;
  for (const CallLog& log : sim.callLogs()) {
    if (log.at[kInitiated] == kNever) continue;
    edges.push_back({log.at[kInitiated], +1});
    edges.push_back({log.at[kEnded] == kNever ? sim.now() + 1 : log.at[kEnded], -1});
  }
  std::sort(edges.begin(), edges.end());  // at equal times a release (-1) sorts before a take
  int now = 0, peak = 0;
  for (const auto& e : edges) peak = std::max(peak, now += e.second);
  return peak;
}

bool conserved(const Counters& k) {
  std::uint64_t sum = k.in_progress;
  for (CallStatus s : kFinalStatuses) sum += k.finalOf(s);
  return sum == k.recipients;
}

}  // namespace

TEST_CASE("campaign transition table: every status x every action", "[campaign]") {
  using S = CampaignStatus;
  using A = CampaignAction;
  // Expected target, or nullopt for "transition not allowed" (model.md §2).
  const std::map<std::pair<S, A>, std::optional<S>> table = {
      {{S::draft, A::launch}, S::active},       {{S::draft, A::pause}, std::nullopt},
      {{S::draft, A::resume}, std::nullopt},    {{S::draft, A::cancel}, S::cancelled},
      {{S::active, A::launch}, std::nullopt},   {{S::active, A::pause}, S::paused},
      {{S::active, A::resume}, std::nullopt},   {{S::active, A::cancel}, S::cancelled},
      {{S::running, A::launch}, std::nullopt},  {{S::running, A::pause}, S::paused},
      {{S::running, A::resume}, std::nullopt},  {{S::running, A::cancel}, S::cancelled},
      {{S::paused, A::launch}, std::nullopt},   {{S::paused, A::pause}, std::nullopt},
      {{S::paused, A::resume}, S::active},      {{S::paused, A::cancel}, S::cancelled},
      {{S::completed, A::launch}, std::nullopt}, {{S::completed, A::pause}, std::nullopt},
      {{S::completed, A::resume}, std::nullopt}, {{S::completed, A::cancel}, std::nullopt},
      {{S::cancelled, A::launch}, std::nullopt}, {{S::cancelled, A::pause}, std::nullopt},
      {{S::cancelled, A::resume}, std::nullopt}, {{S::cancelled, A::cancel}, std::nullopt},
  };
  REQUIRE(table.size() == 24);
  for (const auto& [key, expected] : table) {
    INFO(name(key.first) << " + " << name(key.second));
    CHECK(transitionOnAction(key.first, key.second) == expected);
  }
}

// Drives a real simulation into each status, then tries each action on it.
TEST_CASE("actions on a live campaign follow the table and errors change nothing", "[campaign]") {
  auto reach = [](CampaignStatus target) {
    ScenarioDef def = singleCampaign(20, only(Outcome::completed), retries(0));
    def.campaigns[0].launch_at_minute = std::nullopt;  // draft until launched
    auto sim = std::make_unique<Simulation>(def, 1);
    switch (target) {
      case CampaignStatus::draft: break;
      case CampaignStatus::active:
        sim->setWorkspace(cs::CampaignId::from(0), false, std::nullopt);  // a blocker keeps it active
        sim->act(cs::CampaignId::from(0), CampaignAction::launch);
        break;
      case CampaignStatus::running: sim->act(cs::CampaignId::from(0), CampaignAction::launch); break;
      case CampaignStatus::paused:
        sim->act(cs::CampaignId::from(0), CampaignAction::launch);
        sim->act(cs::CampaignId::from(0), CampaignAction::pause);
        break;
      case CampaignStatus::completed:
        sim->act(cs::CampaignId::from(0), CampaignAction::launch);
        sim->runToEnd();
        break;
      case CampaignStatus::cancelled: sim->act(cs::CampaignId::from(0), CampaignAction::cancel); break;
    }
    REQUIRE(sim->status(cs::CampaignId::from(0)) == target);
    return sim;
  };
  for (int s = 0; s < 6; ++s) {
    for (int a = 0; a < 4; ++a) {
      const auto from = static_cast<CampaignStatus>(s);
      const auto action = static_cast<CampaignAction>(a);
      INFO(name(from) << " + " << name(action));
      auto sim = reach(from);
      const Counters before = sim->counters(cs::CampaignId::from(0));
      const auto expected = transitionOnAction(from, action);
      if (!expected) {
        REQUIRE_THROWS_WITH(sim->act(cs::CampaignId::from(0), action), Catch::Contains("transition not allowed"));
        CHECK(sim->status(cs::CampaignId::from(0)) == from);
        CHECK(sim->counters(cs::CampaignId::from(0)).call_status == before.call_status);
      } else {
        const ActionResult r = sim->act(cs::CampaignId::from(0), action);
        // resume and launch land in active, then running as soon as no blocker holds.
        if (*expected == CampaignStatus::active && from != CampaignStatus::active &&
            sim->view(cs::CampaignId::from(0)).blocked_by.empty())
          CHECK(r.status == CampaignStatus::running);
        else
          CHECK(r.status == *expected);
      }
    }
  }
}

TEST_CASE("retry count: every attempt busy and max_retries 3 gives exactly 4 call logs", "[retry]") {
  Simulation sim(singleCampaign(50, only(Outcome::busy), retries(3, 10)), 3);
  sim.runToEnd();
  for (const auto& chain : chains(sim)) {
    REQUIRE(chain.size() == 4);
    for (std::size_t i = 0; i < chain.size(); ++i) {
      CHECK(chain[i].status == CallStatus::busy);
      CHECK(chain[i].depth == i);
      CHECK(chain[i].end_reason == EndReason::user_busy);
    }
  }
  const Counters& k = sim.counters(cs::CampaignId::from(0));
  CHECK(k.finalOf(CallStatus::busy) == 50);
  CHECK(k.failedLeads() == 50);
  CHECK(k.attempts == 200);
  CHECK(k.stages[1].total == 50);
  CHECK(k.stages[3].total == 50);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::completed);
}

TEST_CASE("zero retries gives exactly one call log per recipient", "[retry]") {
  Simulation sim(singleCampaign(50, only(Outcome::no_answer), retries(0, 0)), 3);
  sim.runToEnd();
  for (const auto& chain : chains(sim)) {
    REQUIRE(chain.size() == 1);
    CHECK(chain[0].status == CallStatus::no_answer);
  }
}

TEST_CASE("retry children link to the first attempt and wait from the end of the previous", "[retry]") {
  Simulation sim(singleCampaign(10, only(Outcome::did_not_pick), retries(2, 30)), 5);
  sim.runToEnd();
  for (const auto& chain : chains(sim)) {
    REQUIRE(chain.size() == 3);
    for (std::size_t i = 1; i < chain.size(); ++i) {
      CHECK(chain[i].parent == chain[0].parent);
      CHECK(chain[i].at[kCreated] == chain[i - 1].at[kEnded]);  // created at once
      CHECK(chain[i].at[kInitiated] >= chain[i - 1].at[kEnded] + 30 * 60);
    }
  }
}

TEST_CASE("failed is never retried", "[retry]") {
  Simulation sim(singleCampaign(40, only(Outcome::failed), retries(4, 5)), 2);
  sim.runToEnd();
  for (const auto& chain : chains(sim)) {
    REQUIRE(chain.size() == 1);
    CHECK(chain[0].status == CallStatus::failed);
  }
  CHECK(sim.counters(cs::CampaignId::from(0)).failedLeads() == 40);
}

TEST_CASE("voicemail is retried only when its flag is on", "[retry]") {
  for (bool flag : {false, true}) {
    RetryDef r = retries(2, 5);
    r.retry_on_voicemail = flag;
    Simulation sim(singleCampaign(30, only(Outcome::voicemail), r), 4);
    sim.runToEnd();
    for (const auto& chain : chains(sim)) {
      REQUIRE(chain.size() == (flag ? 3u : 1u));
      CHECK(chain.back().status == CallStatus::did_not_pick);
      CHECK(chain.back().end_reason == EndReason::voicemail_detected);
      CHECK(chain.back().billed_minutes >= 1);  // a machine answered: billed
    }
    CHECK(sim.counters(cs::CampaignId::from(0)).picked_up == 0);  // no person answered
  }
}

TEST_CASE("each retry flag controls its outcomes", "[retry]") {
  struct Case {
    Outcome outcome;
    bool RetryDef::*flag;
  };
  for (Case c : {Case{Outcome::busy, &RetryDef::retry_on_busy},
                 Case{Outcome::no_answer, &RetryDef::retry_on_no_answer},
                 Case{Outcome::did_not_pick, &RetryDef::retry_on_no_answer}}) {
    RetryDef r = retries(1, 1);
    r.*(c.flag) = false;
    Simulation sim(singleCampaign(10, only(c.outcome), r), 1);
    sim.runToEnd();
    CHECK(sim.callLogs().size() == 10);
  }
}

TEST_CASE("pause: nothing dispatched while paused, in-flight calls finish, due retries wait", "[pause]") {
  ScenarioDef def = singleCampaign(2000, only(Outcome::no_answer), retries(1, 1), 5);
  def.campaigns[0].actions = {actionAt(30, ScriptedActionKind::pause), actionAt(90, ScriptedActionKind::resume)};
  Simulation sim(def, 11);
  sim.advanceTo(30 * 60);
  REQUIRE(sim.status(cs::CampaignId::from(0)) == CampaignStatus::paused);
  const std::uint32_t in_flight_at_pause = sim.inFlight();
  CHECK(in_flight_at_pause > 0);
  sim.advanceTo(89 * 60);
  CHECK(sim.inFlight() == 0);  // the calls in flight finished
  sim.runToEnd();
  std::uint32_t initiated_while_paused = 0, retries_due_during_pause = 0;
  for (const CallLog& log : sim.callLogs()) {
    if (log.at[kInitiated] != kNever && log.at[kInitiated] > 30 * 60 && log.at[kInitiated] < 90 * 60)
      ++initiated_while_paused;
    if (log.depth == 1 && log.due > 30 * 60 && log.due < 90 * 60) {
      ++retries_due_during_pause;
      CHECK(log.at[kInitiated] >= 90 * 60);  // waited for resume
    }
  }
  CHECK(initiated_while_paused == 0);
  CHECK(retries_due_during_pause > 0);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::completed);
  CHECK(sim.counters(cs::CampaignId::from(0)).failedLeads() == 2000);
}

TEST_CASE("cancel: queued and pending retries become cancelled, in-flight calls finish", "[cancel]") {
  ScenarioDef def = singleCampaign(3000, only(Outcome::busy), retries(2, 10), 10);
  Simulation sim(def, 12);
  sim.advanceTo(20 * 60);
  const std::uint32_t in_flight = sim.inFlight();
  REQUIRE(in_flight > 0);
  const std::uint32_t queued = sim.counters(cs::CampaignId::from(0)).call_status[static_cast<int>(CallStatus::created)];
  const ActionResult r = sim.act(cs::CampaignId::from(0), CampaignAction::cancel);
  CHECK(r.status == CampaignStatus::cancelled);
  CHECK(r.cancelled_call_logs == queued);
  CHECK(r.removed_from_queue == queued);
  CHECK(r.initiated == in_flight);
  const Seconds cancelled_at = sim.now();
  sim.runToEnd();
  CHECK(sim.inFlight() == 0);
  std::uint32_t finished_after = 0;
  for (const CallLog& log : sim.callLogs()) {
    if (log.at[kInitiated] != kNever) CHECK(log.at[kInitiated] <= cancelled_at);  // nothing after
    if (log.status == CallStatus::cancelled) CHECK(log.at[kInitiated] == kNever);
    if (log.at[kInitiated] != kNever && log.at[kEnded] > cancelled_at) {
      ++finished_after;
      CHECK(log.status == CallStatus::busy);  // finished with its drawn outcome
    }
  }
  CHECK(finished_after == in_flight);
  // In-flight calls are not retried: no call log was created after the cancel.
  for (const CallLog& log : sim.callLogs()) CHECK(log.at[kCreated] <= cancelled_at);
  const Counters& k = sim.counters(cs::CampaignId::from(0));
  CHECK(k.in_progress == 0);
  CHECK(conserved(k));
  CHECK(k.finalOf(CallStatus::cancelled) + k.failedLeads() == 3000);
}

TEST_CASE("calling hours: no call is initiated outside them", "[schedule]") {
  ScenarioDef def = singleCampaign(600, only(Outcome::busy), retries(2, 120), 3);
  def.campaigns[0].schedule.calling_hours_start = 10 * 60;  // 10:00
  def.campaigns[0].schedule.calling_hours_end = 12 * 60;    // 12:00, start is 09:00
  Simulation sim(def, 13);
  sim.advanceTo(30 * 60);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::running);  // running, but rows stay created
  CHECK(sim.counters(cs::CampaignId::from(0)).attempts == 0);
  CHECK(sim.view(cs::CampaignId::from(0)).outside_calling_hours);
  sim.runToEnd();
  std::uint32_t initiated = 0;
  for (const CallLog& log : sim.callLogs()) {
    if (log.at[kInitiated] == kNever) continue;
    ++initiated;
    const Seconds tod = (9 * 3600 + log.at[kInitiated]) % 86400;
    CHECK(tod >= 10 * 3600);
    CHECK(tod < 12 * 3600);
  }
  CHECK(initiated == sim.counters(cs::CampaignId::from(0)).attempts);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::completed);
  CHECK(sim.now() > 24 * 3600);  // needed more than one day's window
}

TEST_CASE("ends_at: pending retries and queued first attempts end retry_expired", "[schedule]") {
  ScenarioDef def = singleCampaign(2000, only(Outcome::no_answer), retries(3, 60), 5);
  def.campaigns[0].schedule.ends_at_minute = 90;
  Simulation sim(def, 14);
  sim.runToEnd();
  const Counters& k = sim.counters(cs::CampaignId::from(0));
  CHECK(k.finalOf(CallStatus::retry_expired) > 0);
  CHECK(k.in_progress == 0);
  CHECK(conserved(k));
  for (const CallLog& log : sim.callLogs()) {
    if (log.status == CallStatus::retry_expired) {
      CHECK(log.at[kInitiated] == kNever);
      CHECK(log.at[kEnded] >= 90 * 60);
      CHECK(log.end_reason == EndReason::retry_window_closed);
    }
    if (log.at[kInitiated] != kNever) CHECK(log.at[kInitiated] <= 90 * 60);
  }
  // Some first attempts never got dialled: they expired too.
  bool first_attempt_expired = false;
  for (const CallLog& log : sim.callLogs())
    first_attempt_expired |= log.depth == 0 && log.status == CallStatus::retry_expired;
  CHECK(first_attempt_expired);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::completed);
}

TEST_CASE("concurrency is never exceeded, checked from history timestamps", "[concurrency]") {
  for (int cap : {1, 7, 25}) {
    Simulation sim(singleCampaign(800, OutcomeMix{}, retries(2, 5), cap), 15);
    sim.runToEnd();
    CHECK(peakConcurrency(sim) == cap);
  }
}

TEST_CASE("one running campaign per organization; the others wait in launch order", "[organization]") {
  ScenarioDef def = singleCampaign(100, only(Outcome::completed), retries(0), 5);
  def.organization_form = true;
  CampaignDef second = def.campaigns[0];
  second.name = "second";
  CampaignDef third = def.campaigns[0];
  third.name = "third";
  def.campaigns[0].name = "first";
  second.launch_at_minute = 1;
  third.launch_at_minute = 2;
  def.campaigns.push_back(second);
  def.campaigns.push_back(third);
  Simulation sim(def, 16);
  sim.advanceTo(5 * 60);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::running);
  CHECK(sim.status(cs::CampaignId::from(1)) == CampaignStatus::active);
  CHECK(sim.view(cs::CampaignId::from(1)).blocked_by == std::vector<Blocker>{Blocker::org_busy});
  CHECK(sim.status(cs::CampaignId::from(2)) == CampaignStatus::active);
  std::vector<Seconds> first_dispatch(3, kNever), last_end(3, 0);
  while (sim.step()) {
    int running = 0;
    for (std::size_t c = 0; c < 3; ++c) running += sim.status(cs::CampaignId::from(c)) == CampaignStatus::running;
    REQUIRE(running <= 1);
  }
  for (const CallLog& log : sim.callLogs()) {
    first_dispatch[log.campaign.index()] = std::min(first_dispatch[log.campaign.index()], log.at[kInitiated]);
    last_end[log.campaign.index()] = std::max(last_end[log.campaign.index()], log.at[kEnded]);
  }
  CHECK(first_dispatch[1] >= last_end[0]);  // second starts after the first is done
  CHECK(first_dispatch[2] >= last_end[1]);  // third after the second
  for (std::size_t c = 0; c < 3; ++c) CHECK(sim.status(cs::CampaignId::from(c)) == CampaignStatus::completed);
}

TEST_CASE("a paused campaign releases the organization to the next in launch order", "[organization]") {
  ScenarioDef def = singleCampaign(200, only(Outcome::completed), retries(0), 5);
  def.organization_form = true;
  CampaignDef second = def.campaigns[0];
  second.launch_at_minute = 1;
  def.campaigns.push_back(second);
  def.campaigns[0].actions = {actionAt(3, ScriptedActionKind::pause)};
  Simulation sim(def, 17);
  sim.advanceTo(3 * 60);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::paused);
  CHECK(sim.status(cs::CampaignId::from(1)) == CampaignStatus::running);
  sim.act(cs::CampaignId::from(0), CampaignAction::resume);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::active);
  CHECK(sim.view(cs::CampaignId::from(0)).blocked_by == std::vector<Blocker>{Blocker::org_busy});
}

TEST_CASE("empty wallet blocks dispatch and names the blocker", "[wallet]") {
  ScenarioDef def = singleCampaign(200, only(Outcome::completed), retries(0), 5);
  def.organization.balance = 20;
  def.campaigns[0].cost_per_minute = 1;
  Simulation sim(def, 18);
  sim.runToEnd();
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::active);
  CHECK(sim.view(cs::CampaignId::from(0)).blocked_by == std::vector<Blocker>{Blocker::insufficient_balance});
  CHECK(*sim.balance() < 1);
  const std::uint32_t attempts = sim.counters(cs::CampaignId::from(0)).attempts;
  CHECK(attempts < 200);
  CHECK(sim.inFlight() == 0);
  // Nothing was dispatched once the balance fell below one minute's cost.
  Seconds empty_at = kNever;
  double balance = 20;
  std::vector<CallLog> by_end = sim.callLogs();
  std::sort(by_end.begin(), by_end.end(), [](const CallLog& a, const CallLog& b) { return a.at[kEnded] < b.at[kEnded]; });
  for (const CallLog& log : by_end) {
    if (log.at[kEnded] == kNever) continue;
    balance -= log.billed_minutes;
    if (balance < 1 && empty_at == kNever) empty_at = log.at[kEnded];
  }
  for (const CallLog& log : sim.callLogs())
    if (log.at[kInitiated] != kNever) CHECK(log.at[kInitiated] <= empty_at);
  // A top-up clears the blocker and the campaign runs to the end.
  sim.topUp(10000);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::running);
  sim.runToEnd();
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::completed);
}

TEST_CASE("blockers are reported by name while active", "[campaign]") {
  ScenarioDef def = singleCampaign(10);
  def.campaigns[0].workspace.ready = false;
  def.campaigns[0].workspace.outbound_number_assigned = false;
  def.campaigns[0].schedule.starts_at_minute = 60;
  Simulation sim(def, 1);
  sim.advanceTo(0);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::active);
  CHECK(sim.view(cs::CampaignId::from(0)).blocked_by ==
        std::vector<Blocker>{Blocker::scheduled_start, Blocker::workspace_not_ready, Blocker::no_outbound_number});
  sim.setWorkspace(cs::CampaignId::from(0), true, true);
  CHECK(sim.view(cs::CampaignId::from(0)).blocked_by == std::vector<Blocker>{Blocker::scheduled_start});
  sim.advanceTo(60 * 60);
  CHECK(sim.status(cs::CampaignId::from(0)) == CampaignStatus::running);
  CHECK(sim.counters(cs::CampaignId::from(0)).attempts > 0);
  for (const CallLog& log : sim.callLogs())
    if (log.at[kInitiated] != kNever) CHECK(log.at[kInitiated] >= 3600);
}

TEST_CASE("conservation identity holds after every event of a large run", "[counters]") {
  ScenarioDef def = singleCampaign(20000, OutcomeMix{}, retries(3, 15), 50);
  def.campaigns[0].actions = {actionAt(200, ScriptedActionKind::pause), actionAt(260, ScriptedActionKind::resume),
                              actionAt(900, ScriptedActionKind::cancel)};
  Simulation sim(def, 19);
  std::uint64_t checked = 0;
  bool ok = true;
  while (sim.step()) {
    const Counters& k = sim.counters(cs::CampaignId::from(0));
    ok = ok && conserved(k);
    std::uint64_t calls = 0;
    for (auto n : k.call_status) calls += n;
    ok = ok && calls == sim.callLogs().size();
    ++checked;
  }
  CHECK(ok);
  CHECK(checked > 50000);
  CHECK(sim.counters(cs::CampaignId::from(0)).in_progress == 0);
}

TEST_CASE("picked up counts people answering before the call ends; completed leads when it ends", "[counters]") {
  TimingDef slow;
  slow.talk = Distribution::fixed(600);
  ScenarioDef def = singleCampaign(5, only(Outcome::completed), retries(0), 5);
  def.campaigns[0].timing = slow;
  Simulation sim(def, 1);
  sim.advanceTo(5 * 60);  // answered, still talking
  CHECK(sim.counters(cs::CampaignId::from(0)).picked_up == 5);
  CHECK(sim.counters(cs::CampaignId::from(0)).completedLeads() == 0);
  sim.runToEnd();
  CHECK(sim.counters(cs::CampaignId::from(0)).completedLeads() == 5);
  CHECK(sim.counters(cs::CampaignId::from(0)).billed_minutes == 50);  // 600 s = 10 minutes each
}

TEST_CASE("billing rounds up to whole minutes from answer; unanswered calls are free", "[billing]") {
  TimingDef t;
  t.talk = Distribution::fixed(61);
  ScenarioDef def = singleCampaign(10, only(Outcome::completed), retries(0), 5);
  def.campaigns[0].timing = t;
  def.campaigns[0].cost_per_minute = 2.5;
  Simulation sim(def, 1);
  sim.runToEnd();
  CHECK(sim.counters(cs::CampaignId::from(0)).billed_minutes == 20);
  CHECK(sim.counters(cs::CampaignId::from(0)).cost == Approx(50.0));
  Simulation unanswered(singleCampaign(10, only(Outcome::busy), retries(0)), 1);
  unanswered.runToEnd();
  CHECK(unanswered.counters(cs::CampaignId::from(0)).billed_minutes == 0);
}

TEST_CASE("sent counts recipients whose first attempt reached sent", "[counters]") {
  Simulation sim(singleCampaign(100, only(Outcome::busy), retries(2, 1), 10), 1);
  sim.runToEnd();
  CHECK(sim.counters(cs::CampaignId::from(0)).sent == 100);
  CHECK(sim.counters(cs::CampaignId::from(0)).attempts == 300);
}

TEST_CASE("determinism: same seed, same history; another seed, another", "[determinism]") {
  auto fingerprint = [](std::uint64_t seed, std::uint64_t run) {
    Simulation sim(singleCampaign(2000, OutcomeMix{}, retries(3, 10), 20), seed, run);
    sim.runToEnd();
    std::uint64_t h = 1469598103934665603ull;
    for (const CallLog& log : sim.callLogs()) {
      for (Seconds t : log.at) h = (h ^ t) * 1099511628211ull;
      h = (h ^ static_cast<int>(log.status)) * 1099511628211ull;
    }
    return h;
  };
  CHECK(fingerprint(1, 0) == fingerprint(1, 0));
  CHECK(fingerprint(1, 0) != fingerprint(2, 0));
  CHECK(fingerprint(1, 0) != fingerprint(1, 1));
}
