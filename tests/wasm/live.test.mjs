// The step-by-step simulation: advanced in steps it ends with exactly the report (and exports)
// of a one-shot run; user actions do what model.md §2/§4 says; history and chains are consistent.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { engine, cli, fixtureFiles, rel, assertSameBytes, FIXTURES } from './helpers.mjs';

const fixture = (name) => fs.readFileSync(path.join(FIXTURES, 'wasm', name), 'utf8');
// Uneven steps, so that step boundaries fall everywhere relative to events.
const STEPS = [1, 37, 600, 5, 3600, 59, 900, 7200, 13, 86400];

function* stepTimes(end) {
  let t = 0;
  for (let i = 0; ; i++) {
    t += STEPS[i % STEPS.length];
    if (t >= end) return;
    yield t;
  }
}

describe('stepping ends with the one-shot report, byte for byte', () => {
  let sim;
  before(async () => { sim = await engine(); });

  for (const file of fixtureFiles(path.join(FIXTURES, 'wasm'))) {
    if (file.includes(`${path.sep}invalid${path.sep}`)) continue;
    it(rel(file), () => {
      const text = fs.readFileSync(file, 'utf8');
      const expected = sim.runText(text);
      const end = JSON.parse(expected).clock.elapsed_seconds;
      const s = sim.simulation(text);
      try {
        let steps = 0;
        for (const t of stepTimes(end)) {
          const state = s.advanceTo(t);
          assert.equal(state.clock.elapsed_seconds, t);
          steps++;
        }
        s.advanceTo(end);
        assertSameBytes(s.reportText(), expected, `report after ${steps + 1} steps`);
        assertSameBytes(s.reportText(), cli(['run', file]).stdout, 'report vs native CLI');
        for (const table of ['recipients', 'calls']) {
          for (const format of ['csv', 'json']) {
            const live = s.exportTable({ table, format });
            const oneShot = sim.exportTable(text, { table, format });
            assertSameBytes(live.text, oneShot.text, `live ${table} ${format}`);
            assert.equal(live.rows, oneShot.rows);
            assert.equal(live.excludedInProgress, oneShot.excludedInProgress);
          }
        }
      } finally {
        s.dispose();
      }
    });
  }

  it('stepping to minute M equals run --until-minute M (and its in-progress exclusions)', () => {
    for (const name of ['retries.json', 'pause.json', 'calling_hours.json', 'organization.json']) {
      const text = fixture(name);
      const s = sim.simulation(text, { seed: 4 });
      try {
        for (const t of stepTimes(40 * 60)) s.advanceTo(t);
        s.advanceTo(40 * 60);
        assertSameBytes(s.reportText(), sim.runText(text, { seed: 4, untilMinute: 40 }), `${name} at minute 40`);
        const live = s.exportTable({ table: 'calls', format: 'json' });
        const oneShot = sim.exportTable(text, { table: 'calls', format: 'json', seed: 4, untilMinute: 40 });
        assertSameBytes(live.text, oneShot.text, `${name} calls at minute 40`);
        assert.equal(live.excludedInProgress, oneShot.excludedInProgress);
      } finally {
        s.dispose();
      }
    }
  });
});

describe('live behaviour', () => {
  let sim;
  before(async () => { sim = await engine(); });

  it('advanceBy adds to the clock; the clock never goes backwards; state() does not move it', () => {
    const s = sim.simulation(fixture('simple.json'));
    try {
      assert.equal(s.state().clock.elapsed_seconds, 0);
      assert.equal(s.advanceBy(60).clock.elapsed_seconds, 60);
      assert.equal(s.advanceBy(90).clock.elapsed_seconds, 150);
      assert.equal(s.advanceTo(100).clock.elapsed_seconds, 150);
      assert.equal(s.state().clock.elapsed_seconds, 150);
      assert.equal(s.advanceBy(0).clock.elapsed_seconds, 150);
    } finally {
      s.dispose();
    }
  });

  it('counters always add up to the recipients (model.md §5)', () => {
    const s = sim.simulation(fixture('retries.json'));
    try {
      let state = s.state();
      for (let i = 0; i < 40 && !state.finished; i++) {
        state = s.advanceBy(300);
        for (const c of state.campaigns) {
          const k = c.counters;
          assert.equal(k.completed_leads + k.failed_leads + k.did_not_pick + k.cancelled + k.retry_expired +
            k.in_progress, k.recipients);
        }
      }
    } finally {
      s.dispose();
    }
  });

  it('pause stops dispatch, calls in flight finish, resume dispatches again', () => {
    const s = sim.simulation(fixture('simple.json'));
    try {
      s.advanceTo(120);
      const result = s.pause();
      assert.equal(result.ok, true);
      assert.equal(result.status, 'paused');
      const atPause = s.state().campaigns[0];
      assert.equal(atPause.status, 'paused');
      const paused = s.advanceBy(3600).campaigns[0];
      assert.equal(paused.status, 'paused');
      assert.equal(paused.counters.attempts, atPause.counters.attempts, 'nothing dispatched while paused');
      assert.equal(paused.in_flight, 0, 'calls in flight finished');
      const resumed = s.resume();
      assert.equal(resumed.ok, true);
      const later = s.advanceBy(600).campaigns[0];
      assert.equal(later.status, 'running');
      assert.ok(later.counters.attempts > paused.counters.attempts, 'dispatch resumed');
    } finally {
      s.dispose();
    }
  });

  it('cancel ends queued call logs as cancelled and reports what it touched', () => {
    const s = sim.simulation(fixture('retries.json'));
    try {
      s.advanceTo(1800);
      const before = s.state().campaigns[0];
      const r = s.cancel();
      assert.equal(r.status, 'cancelled');
      assert.equal(r.affectedCalls.cancelledCallLogs, before.queued);
      assert.equal(r.affectedCalls.removedFromQueue, before.queued);
      const end = s.advanceBy(7 * 86400);
      const c = end.campaigns[0];
      assert.equal(c.status, 'cancelled');
      assert.equal(c.counters.in_progress, 0);
      assert.ok(c.counters.cancelled > 0);
      assert.equal(c.queued, 0);
      assert.equal(c.in_flight, 0);
    } finally {
      s.dispose();
    }
  });

  it('history: paging, status filters and totals agree with call_status', () => {
    const s = sim.simulation(fixture('retries.json'));
    try {
      const state = s.advanceTo(2 * 3600);
      const callStatus = state.campaigns[0].call_status;
      const totalCalls = Object.values(callStatus).reduce((a, b) => a + b, 0);
      const all = s.history({ limit: 1_000_000 });
      assert.equal(all.total, totalCalls);
      assert.equal(all.rows.length, totalCalls);
      const page = s.history({ offset: 10, limit: 25 });
      assert.equal(page.total, totalCalls);
      assert.equal(page.offset, 10);
      assert.equal(page.rows.length, Math.min(25, Math.max(0, totalCalls - 10)));
      assert.deepEqual(page.rows, all.rows.slice(10, 35));
      for (const [status, n] of Object.entries(callStatus)) {
        assert.equal(s.history({ status, limit: 0 }).total, n, status);
      }
      const inProgress = ['created', 'initiated', 'sent', 'received'].reduce((a, k) => a + (callStatus[k] ?? 0), 0);
      assert.equal(s.history({ status: 'in_progress', limit: 0 }).total, inProgress);
    } finally {
      s.dispose();
    }
  });

  it('chain: a recipient’s attempts, first attempt first', () => {
    const s = sim.simulation(fixture('retries.json'));
    try {
      s.advanceTo(30 * 86400);
      let found = false;
      for (let r = 0; r < 300 && !found; r++) {
        const ch = s.chain(0, r);
        assert.equal(ch.recipient, r);
        assert.ok(ch.calls.length >= 1 && ch.calls.length <= 4, `at most max_retries + 1 attempts, got ${ch.calls.length}`);
        if (ch.calls.length >= 3) found = true;
      }
      assert.ok(found, 'some recipient was retried twice');
    } finally {
      s.dispose();
    }
  });

  it('organization: one campaign runs at a time; actions address campaigns by index', () => {
    const s = sim.simulation(fixture('organization.json'));
    try {
      const state = s.advanceTo(15 * 60);
      assert.equal(state.campaigns.length, 2);
      const [first, second] = state.campaigns;
      assert.equal(first.status, 'running');
      assert.equal(second.status, 'active');
      assert.ok(second.blocked_by.includes('org_busy'), JSON.stringify(second.blocked_by));
      s.pause(0);
      const next = s.advanceBy(600);
      assert.equal(next.campaigns[0].status, 'paused');
      assert.equal(next.campaigns[1].status, 'running');
      const ws = s.setWorkspace(1, false, true);
      assert.ok(ws.campaigns[1].status === 'active' || ws.campaigns[1].status === 'running');
      const blocked = s.advanceBy(60).campaigns[1];
      assert.equal(blocked.status, 'active');
      assert.ok(blocked.blocked_by.includes('workspace_not_ready'), JSON.stringify(blocked.blocked_by));
    } finally {
      s.dispose();
    }
  });

  it('wallet: an empty wallet blocks, a top-up unblocks', () => {
    const s = sim.simulation(fixture('wallet.json'));
    try {
      let state = s.state();
      for (let i = 0; i < 200 && !state.campaigns[0].blocked_by.includes('insufficient_balance'); i++) {
        state = s.advanceBy(300);
      }
      assert.ok(state.campaigns[0].blocked_by.includes('insufficient_balance'), 'the wallet ran out');
      assert.equal(state.campaigns[0].status, 'active');
      const topped = s.topUp(1000);
      assert.ok(topped.wallet.balance > 0);
      const after = s.advanceBy(600).campaigns[0];
      assert.notEqual(after.status, 'active');
    } finally {
      s.dispose();
    }
  });

  it('the same seed gives the same run; another seed another run', () => {
    const text = fixture('retries.json');
    const a = sim.simulation(text, { seed: 1234 });
    const b = sim.simulation(text, { seed: '1234' });
    const c = sim.simulation(text, { seed: 1235n });
    try {
      for (const t of [600, 3600, 7200]) {
        const sa = a.advanceTo(t);
        assert.deepEqual(b.advanceTo(t), sa);
        c.advanceTo(t);
      }
      assert.equal(a.reportText(), b.reportText());
      assert.notEqual(a.reportText(), c.reportText());
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
    }
  });

  it('dispose frees the engine session', () => {
    const base = sim.liveSimulations;
    const list = Array.from({ length: 5 }, () => sim.simulation(fixture('simple.json')));
    assert.equal(sim.liveSimulations, base + 5);
    for (const s of list) s.dispose();
    assert.equal(sim.liveSimulations, base);
  });
});
