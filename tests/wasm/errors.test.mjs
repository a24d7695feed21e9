// Every error path: the JS API throws an Error whose message is the engine's and, for bad input,
// whose .errors is exactly the list the CLI prints with exit 2.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engine, apiModule, cliErrors, FIXTURES } from './helpers.mjs';

const GOOD = path.join(FIXTURES, 'wasm', 'simple.json');
const ORG = path.join(FIXTURES, 'wasm', 'organization.json');
const INVALID = path.join(FIXTURES, 'wasm', 'invalid');

function messageOf(errors) {
  return errors.map((e) => `${e.path || '(document)'}: ${e.message}`).join('\n');
}

/** Asserts fn throws an input error carrying exactly `expected` (the CLI's list). */
function throwsInput(fn, expected) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Error, 'an Error');
    assert.equal(err.name, 'CampaignSimError');
    assert.equal(err.kind, 'input');
    assert.deepEqual(err.errors, expected);
    assert.equal(err.message, messageOf(expected));
    return true;
  });
}

describe('invalid scenarios: same errors from every entry point as from the CLI', () => {
  let sim;
  before(async () => { sim = await engine(); });
  const files = fs.readdirSync(INVALID).filter((f) => f.endsWith('.json')).sort();
  for (const name of files) {
    const file = path.join(INVALID, name);
    it(name, () => {
      const text = fs.readFileSync(file, 'utf8');
      const expected = cliErrors(['run', file]);
      assert.ok(expected.length > 0);
      for (const e of expected) {
        assert.equal(typeof e.path, 'string');
        assert.ok(e.message.length > 0);
      }
      assert.deepEqual(cliErrors(['validate', file]), expected);
      assert.deepEqual(cliErrors(['expect', file]), expected);
      assert.deepEqual(cliErrors(['export', file, '--table', 'calls']), expected);
      assert.deepEqual(cliErrors(['montecarlo', file, '--runs', '3']), expected);
      throwsInput(() => sim.run(text), expected);
      throwsInput(() => sim.runText(text), expected);
      throwsInput(() => sim.exportTable(text, { table: 'calls' }), expected);
      throwsInput(() => sim.expect(text), expected);
      throwsInput(() => sim.monteCarlo(text, { runs: 3 }), expected);
      throwsInput(() => sim.simulation(text), expected);
      const v = sim.validate(text);
      assert.equal(v.valid, false);
      assert.deepEqual(v.errors, expected);
    });
  }

  it('several problems are all reported, each with its JSON path', () => {
    const errors = cliErrors(['validate', path.join(INVALID, 'bad_values.json')]);
    assert.ok(errors.length >= 2, JSON.stringify(errors));
    assert.ok(errors.some((e) => e.path.startsWith('/')), JSON.stringify(errors));
  });
});

describe('option errors: the CLI messages for the same values', () => {
  let sim;
  let text;
  before(async () => {
    sim = await engine();
    text = fs.readFileSync(GOOD, 'utf8');
  });

  const cases = [
    ['run --seed abc', ['run', GOOD, '--seed', 'abc'], (s, t) => s.run(t, { seed: 'abc' })],
    ['run --seed -1', ['run', GOOD, '--seed', '-1'], (s, t) => s.run(t, { seed: -1 })],
    ['run --until-minute -1', ['run', GOOD, '--until-minute', '-1'], (s, t) => s.run(t, { untilMinute: -1 })],
    ['run --until-minute 1.5', ['run', GOOD, '--until-minute', '1.5'], (s, t) => s.run(t, { untilMinute: 1.5 })],
    ['run --until-minute 5256001', ['run', GOOD, '--until-minute', '5256001'], (s, t) => s.run(t, { untilMinute: 5256001 })],
    ['export --table foo', ['export', GOOD, '--table', 'foo'], (s, t) => s.exportTable(t, { table: 'foo' })],
    ['export --format xml', ['export', GOOD, '--table', 'calls', '--format', 'xml'],
      (s, t) => s.exportTable(t, { table: 'calls', format: 'xml' })],
    ['export --table foo --format xml', ['export', GOOD, '--table', 'foo', '--format', 'xml'],
      (s, t) => s.exportTable(t, { table: 'foo', format: 'xml' })],
    ['export --status nope,busy,created', ['export', GOOD, '--table', 'calls', '--status', 'nope,busy,created'],
      (s, t) => s.exportTable(t, { table: 'calls', statuses: ['nope', 'busy', 'created'] })],
    ['export --status as one string', ['export', GOOD, '--table', 'calls', '--status', 'busy,nope'],
      (s, t) => s.exportTable(t, { table: 'calls', statuses: 'busy,nope' })],
    ['export --campaign 5', ['export', GOOD, '--table', 'recipients', '--campaign', '5'],
      (s, t) => s.exportTable(t, { campaign: 5 })],
    ['montecarlo --runs 0', ['montecarlo', GOOD, '--runs', '0'], (s, t) => s.monteCarlo(t, { runs: 0 })],
    ['montecarlo --runs 100001', ['montecarlo', GOOD, '--runs', '100001'], (s, t) => s.monteCarlo(t, { runs: 100001 })],
    ['montecarlo --first-run x', ['montecarlo', GOOD, '--runs', '2', '--first-run', 'x'],
      (s, t) => s.monteCarlo(t, { runs: 2, firstRun: 'x' })],
    ['sweep --retries 0-x', ['sweep', GOOD, '--runs', '2', '--retries', '0-x'], (s, t) => s.sweep(t, { runs: 2, retries: '0-x' })],
    ['sweep --retries 3-1', ['sweep', GOOD, '--runs', '2', '--retries', '3-1'], (s, t) => s.sweep(t, { runs: 2, retries: '3-1' })],
    ['sweep --retries 0,11', ['sweep', GOOD, '--runs', '2', '--retries', '0,11'], (s, t) => s.sweep(t, { runs: 2, retries: [0, 11] })],
    ['sweep --waits 0', ['sweep', GOOD, '--runs', '2', '--waits', '0'], (s, t) => s.sweep(t, { runs: 2, waits: [0] })],
    ['sweep --waits abc', ['sweep', GOOD, '--runs', '2', '--waits', 'abc'], (s, t) => s.sweep(t, { runs: 2, waits: 'abc' })],
    ['sweep --campaign 1', ['sweep', GOOD, '--runs', '2', '--campaign', '1'], (s, t) => s.sweep(t, { runs: 2, campaign: 1 })],
    ['sweep --runs 0', ['sweep', GOOD, '--runs', '0'], (s, t) => s.sweep(t, { runs: 0 })],
  ];
  for (const [name, args, call] of cases) {
    it(name, () => {
      const expected = cliErrors(args);
      throwsInput(() => call(sim, text), expected);
    });
  }

  it('an export of an organization campaign that does not exist', () => {
    const org = fs.readFileSync(ORG, 'utf8');
    const expected = cliErrors(['export', ORG, '--table', 'calls', '--campaign', '2']);
    throwsInput(() => sim.exportTable(org, { table: 'calls', campaign: 2 }), expected);
  });

  it('an unknown option name is an error, not silently ignored', () => {
    assert.throws(() => sim.run(text, { sed: 3 }), (err) => {
      assert.equal(err.kind, 'input');
      assert.equal(err.errors[0].path, 'sed');
      assert.match(err.message, /unknown option/);
      return true;
    });
    assert.throws(() => sim.exportTable(text, { tabel: 'calls' }), /unknown option/);
    assert.throws(() => sim.monteCarlo(text, { run: 3 }), /unknown option/);
    assert.throws(() => sim.simulation(text, { untilMinute: 3 }), /unknown option/);
  });

  it('a scenario that is neither text, object nor bytes is a TypeError', () => {
    assert.throws(() => sim.run(42), TypeError);
    assert.throws(() => sim.run(undefined), TypeError);
    assert.throws(() => sim.validate(null), TypeError);
  });

  it('invalid JSON text reports the parse error like the CLI does', () => {
    const broken = '{"recipients": {"count": 3},';
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-')), 'broken.json');
    fs.writeFileSync(tmp, broken);
    throwsInput(() => sim.run(broken), cliErrors(['run', tmp]));
  });
});

describe('live simulation errors', () => {
  let sim;
  let text;
  before(async () => {
    sim = await engine();
    text = fs.readFileSync(GOOD, 'utf8');
  });

  it('an action the state machine does not allow throws the engine message and changes nothing', () => {
    const s = sim.simulation(text);
    try {
      s.advanceTo(60);
      const before = s.state();
      assert.equal(before.campaigns[0].status, 'running');
      assert.throws(() => s.resume(0), (err) => {
        assert.equal(err.kind, 'action');
        assert.equal(err.errors, undefined);
        assert.match(err.message, /resume/);
        assert.match(err.message, /running/);
        return true;
      });
      assert.throws(() => s.launch(), (err) => err.kind === 'action');
      assert.deepEqual(s.state(), before);
      s.cancel();
      assert.equal(s.state().campaigns[0].status, 'cancelled');
      for (const act of ['launch', 'pause', 'resume', 'cancel']) {
        assert.throws(() => s[act](), (err) => err.kind === 'action' && /cancelled/.test(err.message), act);
      }
    } finally {
      s.dispose();
    }
  });

  it('a campaign that does not exist', () => {
    const s = sim.simulation(text);
    try {
      assert.throws(() => s.pause(3), (err) => err.kind === 'action' && err.message === 'no campaign 3');
      assert.throws(() => s.setWorkspace(3, true, true), (err) => err.message === 'no campaign 3');
      assert.throws(() => s.chain(3, 0), (err) => err.message === 'no campaign 3');
      assert.throws(() => s.chain(0, 1_000_000), (err) => err.message === 'no recipient 1000000');
      assert.throws(() => s.pause(-1), TypeError);
      assert.throws(() => s.pause(0.5), TypeError);
    } finally {
      s.dispose();
    }
  });

  it('top-up of an unlimited wallet, bad amounts, bad seconds, bad history status', () => {
    const s = sim.simulation(text);
    try {
      assert.throws(() => s.topUp(10), (err) => err.kind === 'action' && /unlimited/.test(err.message));
      assert.throws(() => s.topUp(NaN), TypeError);
      assert.throws(() => s.advanceTo(-5), TypeError);
      assert.throws(() => s.advanceBy(Infinity), TypeError);
      assert.throws(() => s.history({ status: 'bogus' }), (err) =>
        err.kind === 'input' && err.errors[0].path === 'status' && /bogus/.test(err.message));
      assert.throws(() => s.exportTable({ table: 'x' }), (err) =>
        err.kind === 'input' && err.errors[0].path === '--table');
    } finally {
      s.dispose();
    }
  });

  it('a disposed simulation throws instead of touching freed memory', () => {
    const s = sim.simulation(text);
    s.dispose();
    s.dispose();  // twice is fine
    assert.equal(s.disposed, true);
    assert.throws(() => s.state(), /disposed/);
    assert.throws(() => s.advanceBy(10), /disposed/);
  });

  it('error classes are exported and catchable', async () => {
    const { CampaignSimError } = await apiModule();
    assert.throws(() => sim.run('{}'), CampaignSimError);
  });
});
