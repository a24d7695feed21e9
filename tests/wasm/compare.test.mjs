// A/B comparisons and verdicts (issue 7): the JS API's compare, compareSummaries and sweepVerdict
// give the CLI's bytes and objects, for campaigns cut short by a cancel and by an end minute,
// whose five final-group shares add up to 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, engine, assertSameBytes } from './helpers.mjs';

const SHARES = ['completed_share', 'failed_share', 'did_not_pick_share', 'cancelled_share', 'retry_expired_share'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-compare-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

function cutShort(how, retry = { max_retries: 2, wait_minutes: 30 }) {
  const s = {
    seed: 9, simulation_start: '2026-12-07T09:00', recipients: { count: 200 },
    retry: { ...retry, retry_on_no_answer: true, retry_on_busy: true }, concurrency: 6,
  };
  if (how === 'cancel') s.actions = [{ at_minute: 40, action: 'cancel' }];
  else s.schedule = { ends_at_minute: 50 };
  return s;
}
function file(name, scenario) {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, JSON.stringify(scenario));
  return f;
}

for (const how of ['cancel', 'end minute']) {
  test(`compare with ${how === 'cancel' ? 'a cancel' : 'an end minute'}: byte-identical to campaign-sim compare, shares adding up to 1 on both sides`, async () => {
    const e = await engine();
    const a = cutShort(how);
    const b = cutShort(how, { max_retries: 3, wait_minutes: 60 });
    const native = cli(['compare', file('a.json', a), file('b.json', b), '--runs', '25', '--seed', '3']);
    assert.equal(native.status, 0, native.stderr);
    assertSameBytes(e.compareText(a, b, { runs: 25, seed: 3 }), native.stdout, 'compare');
    const out = JSON.parse(native.text);
    for (const side of ['a', 'b']) {
      const total = SHARES.reduce((sum, k) => sum + out[side].summary[k].mean, 0);
      assert.ok(Math.abs(total - 1) < 1e-12, `${side}: the five groups add up to 1 (${total})`);
    }
    assert.ok(out.a.summary[how === 'cancel' ? 'cancelled_share' : 'retry_expired_share'].mean > 0.05, 'cut short');
    // What a worker pool gathers, compared in the engine: the same comparison.
    const viaPool = e.compareSummaries({ a, b, summaryA: out.a.summary, summaryB: out.b.summary });
    assert.deepEqual(viaPool, out.comparison);
  });

  test(`sweep with ${how === 'cancel' ? 'a cancel' : 'an end minute'}: rows add up to 1 and equal montecarlo; the verdict of rows gathered elsewhere is the sweep's`, async () => {
    const e = await engine();
    const s = cutShort(how);
    const sweep = e.sweep(s, { runs: 20, seed: 4, retries: [0, 2], waits: [15, 60] });
    for (const row of sweep.rows) {
      const total = SHARES.reduce((sum, k) => sum + row[k].mean, 0);
      assert.ok(Math.abs(total - 1) < 1e-12);
      const mc = JSON.parse(cli(['montecarlo', file('cell.json', { ...s, retry: { ...s.retry, max_retries: row.max_retries, wait_minutes: row.wait_minutes } }), '--runs', '20', '--seed', '4']).text);
      for (const k of SHARES) assert.equal(row[k].mean, mc[k].mean, `${row.max_retries} × ${row.wait_minutes}: ${k}`);
    }
    assert.deepEqual(e.sweepVerdict({ runs: sweep.runs, rows: sweep.rows }), sweep.verdict);
  });
}

test('compare errors name their side, as the CLI does', async () => {
  const e = await engine();
  assert.throws(() => e.compare({ recipients: { count: 10 } }, { recipients: { count: 0 } }, { runs: 2 }),
    (err) => err.errors.some((x) => x.path === 'B:/recipients/count'));
});

test('exportTable with bom gives the bytes of campaign-sim export --bom, byte order mark included', async () => {
  const e = await engine();
  const s = { seed: 2, recipients: { csv: 'phone_number,name\n+14155550101,José\n+14155550102,Zoë\n' } };
  const native = cli(['export', file('bom.json', s), '--table', 'recipients', '--bom']);
  assert.equal(native.status, 0, native.stderr);
  assert.equal(native.stdout.subarray(0, 3).toString('hex'), 'efbbbf');
  assertSameBytes(e.exportTable(s, { table: 'recipients', bom: true }).text, native.stdout, 'export --bom');
  const live = e.simulation(s);
  live.advanceTo(86_400);
  assert.ok(live.exportTable({ bom: true }).text.startsWith('\uFEFFposition,'));
  assert.ok(!live.exportTable({ bom: false }).text.startsWith('\uFEFF'));
  live.dispose();
});
