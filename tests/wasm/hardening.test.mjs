// Issue 8 in both shells: the same bad bytes and option values give exit 2 natively and a
// CampaignSimError of kind 'input' in WASM, with the same list of errors; cut runs say so in both.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engine, cli, cliErrors } from './helpers.mjs';

const SLOW = JSON.stringify({
  recipients: { count: 10000 }, concurrency: 1,
  schedule: { calling_hours_start: '09:00', calling_hours_end: '09:30' },
});
const SMALL = JSON.stringify({ recipients: { count: 50 } });
// Option errors are found before the file is read: give it as a path, not as standard input.
const SMALL_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-hardening-')), 'small.json');
fs.writeFileSync(SMALL_FILE, SMALL);

function utf16(text, bigEndian) {
  const out = [bigEndian ? 0xfe : 0xff, bigEndian ? 0xff : 0xfe];
  for (const ch of text) out.push(...(bigEndian ? [0, ch.charCodeAt(0)] : [ch.charCodeAt(0), 0]));
  return Buffer.from(out);
}

function sameInputErrors(call, expected) {
  assert.throws(call, (err) => {
    assert.equal(err.kind, 'input');
    assert.deepEqual(err.errors, expected);
    return true;
  });
}

describe('bytes that are not UTF-8 JSON: exit 2 and the same message in both shells', () => {
  let e;
  before(async () => { e = await engine(); });
  const cases = [
    ['UTF-16LE with a byte order mark', utf16(SMALL, false), /this looks like UTF-16LE/],
    ['UTF-16BE with a byte order mark', utf16(SMALL, true), /this looks like UTF-16BE/],
    ['Windows-1252 text', Buffer.from('{"name":"Caf\xe9","recipients":{"count":5}}', 'latin1'), /invalid byte 0xE9 at line 1, column 13/],
    ['a stray continuation byte', Buffer.from([0x7b, 0x80, 0x7d]), /invalid byte 0x80/],
    ['a NUL byte after the document', Buffer.concat([Buffer.from(SMALL), Buffer.from([0]), Buffer.from('rest')]), /NUL byte \(0x00\) at line 1, column 28/],
  ];
  for (const [name, bytes, pattern] of cases) {
    it(name, () => {
      const expected = cliErrors(['run', '-'], { input: bytes });
      assert.equal(expected.length, 1);
      assert.match(expected[0].message, pattern);
      assert.deepEqual(cliErrors(['validate', '-'], { input: bytes }), expected);
      sameInputErrors(() => e.run(new Uint8Array(bytes)), expected);
      const v = e.validate(new Uint8Array(bytes));
      assert.equal(v.valid, false);
      assert.deepEqual(v.errors, expected);
    });
  }
});

describe('option values: one table, the same range and message in both shells', () => {
  let e;
  before(async () => { e = await engine(); });
  const cases = [
    ['--first-run with 19 digits', ['montecarlo', '-', '--runs', '1', '--first-run', '9999999999999999999'],
      (s) => e.monteCarlo(s, { runs: 1, firstRun: '9999999999999999999' })],
    ['--first-run 2^32', ['montecarlo', '-', '--runs', '1', '--first-run', '4294967296'],
      (s) => e.monteCarlo(s, { runs: 1, firstRun: 4294967296 })],
    ['--seed with 20 digits', ['run', '-', '--seed', '99999999999999999999'],
      (s) => e.run(s, { seed: '99999999999999999999' })],
    ['--horizon-days 0', ['run', '-', '--horizon-days', '0'], (s) => e.run(s, { horizonDays: 0 })],
    ['--horizon-days 3651', ['run', '-', '--horizon-days', '3651'], (s) => e.run(s, { horizonDays: 3651 })],
    ['--until-minute 1.5', ['run', '-', '--until-minute', '1.5'], (s) => e.run(s, { untilMinute: 1.5 })],
    ['--runs 100001', ['montecarlo', '-', '--runs', '100001'], (s) => e.monteCarlo(s, { runs: 100001 })],
    ['--campaign 64', ['export', '-', '--table', 'calls', '--campaign', '64'], (s) => e.exportTable(s, { table: 'calls', campaign: 64 })],
    ['--retries 0-100000 (one error, not 99,990)', ['sweep', '-', '--runs', '1', '--retries', '0-100000'],
      (s) => e.sweep(s, { runs: 1, retries: '0-100000' })],
    ['--retries as an array with values out of range', ['sweep', '-', '--runs', '1', '--retries', '0,11,12'],
      (s) => e.sweep(s, { runs: 1, retries: [0, 11, 12] })],
    ['--waits 0', ['sweep', '-', '--runs', '1', '--waits', '0'], (s) => e.sweep(s, { runs: 1, waits: [0] })],
  ];
  for (const [name, args, call] of cases) {
    it(name, () => {
      const expected = cliErrors(args.map((a) => (a === '-' ? SMALL_FILE : a)));
      assert.equal(expected.length, 1);
      assert.ok(expected[0].path.startsWith('--'), expected[0].path);
      sameInputErrors(() => call(SMALL), expected);
    });
  }
  it('--first-run names its real range', () => {
    const [error] = cliErrors(['montecarlo', SMALL_FILE, '--runs', '1', '--first-run', '9999999999999999999']);
    assert.equal(error.message, 'must be a whole number from 0 to 4294967295, found "9999999999999999999"');
  });
});

describe('runs cut by the horizon say so in both shells', () => {
  let e;
  before(async () => { e = await engine(); });
  it('the report carries truncated, byte for byte as natively', () => {
    const native = cli(['run', '-', '--horizon-days', '2'], { input: SLOW });
    assert.equal(native.status, 0);
    assert.match(native.stderr, /warning: the run was cut at the horizon of 2 simulated days/);
    const text = e.runText(SLOW, { horizonDays: 2 });
    assert.equal(text, native.text);
    assert.deepEqual(JSON.parse(text).truncated.at_minute, 2880);
  });
  it('exports and Monte Carlo carry it too', () => {
    const x = e.exportTable(SLOW, { table: 'calls', horizonDays: 1 });
    assert.deepEqual(x.truncated, { at_minute: 1440, in_progress: JSON.parse(e.runText(SLOW, { horizonDays: 1 })).truncated.in_progress });
    const mc = e.monteCarlo(SLOW, { runs: 2, horizonDays: 1 });
    assert.equal(mc.truncated_runs, 2);
    assert.ok(mc.truncated_affects.includes('completed_share'));
    const samples = e.monteCarloSamples(SLOW, { runs: 2, horizonDays: 1 });
    assert.deepEqual(e.summariseSamples(samples), mc);
  });
  it('a live simulation advanced past the horizon reports it in its state', () => {
    const sim = e.simulation({ ...JSON.parse(SLOW), horizon_days: 1 });
    assert.equal(sim.advanceTo(3600).truncated, null);
    const state = sim.advanceTo(10 * 86400);
    assert.equal(state.truncated.at_minute, 1440);
    assert.equal(state.clock.elapsed_minutes, 1440);
    sim.dispose();
  });
});

describe('work above the budget is estimated and refused in both shells', () => {
  let e;
  before(async () => { e = await engine(); });
  const scenario = JSON.stringify({ recipients: { count: 1000 } });
  it('the oversized sweep of the issue: the same refusal, with the estimate and the way to lift it', () => {
    const expected = cliErrors(['sweep', '-', '--waits', '1-43200', '--retries', '0-10', '--runs', '100000'], { input: scenario });
    assert.equal(expected[0].path, '--allow-large');
    assert.match(expected[0].message, /about 8\.6e\+13 simulated calls .*\(allowLarge: true in the JS API\)/);
    sameInputErrors(() => e.sweep(scenario, { waits: '1-43200', retries: '0-10', runs: 100000 }), expected);
  });
  it('estimate() gives the numbers before anything runs', () => {
    const est = e.estimate(scenario, 'sweep', { runs: 100, retries: [0, 1, 2], waits: [30, 60] });
    assert.equal(est.runs, 600);
    assert.equal(est.over_budget, false);
    assert.ok(est.call_logs > 600 * 1000);
    const big = e.estimate(JSON.stringify({ recipients: { count: 10000000 } }), 'montecarlo', { runs: 100000 });
    assert.equal(big.over_budget, true);
    assert.match(big.message, /days at 2 million calls a second/);
  });
  it('allowLarge: true lifts the refusal', () => {
    const over = JSON.stringify({ recipients: { count: 10000 } });
    assert.throws(() => e.monteCarlo(over, { runs: 20000 }), /allow-large/);
    const est = e.estimate(over, 'montecarlo', { runs: 20000 });
    assert.equal(est.over_budget, true);
    // Lifting it is accepted (checked on a budget-sized sweep would take minutes: check the option reads).
    assert.throws(() => e.monteCarlo(over, { runs: 20000, allowLarge: 'yes' }), /must be true or false/);
  });
});
