// Calibration from a call history (issue 12): the WebAssembly engine's fit is byte-identical to
// `campaign-sim fit` for the same file (the simulator's own export, and a DialNexa-named export
// with UTC offsets read through a column map), and bad histories give the CLI's errors.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, cliErrors, engine, FIXTURES, assertSameBytes } from './helpers.mjs';

const SCENARIO = path.join(FIXTURES, 'histories', 'mixed-list.scenario.json');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-fit-'));

function write(name, text) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

// The simulator's export with DialNexa's names, every timestamp given with a +05:30 offset.
function dialnexaNamed(csv) {
  const [header, ...rows] = csv.split('\r\n');
  const renamed = header
    .replace('call_id', 'id').replace('parent_id', 'parent_id').replace('parent_call_id', 'Parent Call ID')
    .replace('phone_number', 'to_number').replace('status', 'Call Outcome').replace('created_at', 'createdAt')
    .replace('ended_at', 'endedAt').replace('duration_seconds', 'duration');
  const stamped = rows.map((r) => r.replace(/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)/g, '$1+05:30'));
  return [renamed, ...stamped].join('\r\n');
}

describe('fit: WebAssembly equals the native CLI', () => {
  let sim;
  let own;
  before(async () => {
    sim = await engine();
    const exported = cli(['export', SCENARIO, '--table', 'calls']);
    assert.equal(exported.status, 0, exported.stderr);
    own = write('own.csv', exported.text);
  });

  it('the simulator\'s own call export: same bytes', () => {
    const args = ['--runs', '20', '--bootstrap', '20', '--seed', '5'];
    const native = cli(['fit', own, ...args]);
    assert.equal(native.status, 0, native.stderr);
    const wasm = sim.fitText(fs.readFileSync(own), { runs: 20, bootstrap: 20, seed: 5 });
    assertSameBytes(wasm, native.stdout, 'fit (own export)');
    const parsed = JSON.parse(wasm);
    assert.deepEqual(Object.keys(parsed), ['scenario', 'parameters', 'backtest', 'excluded_in_progress', 'warnings']);
    // The fitted scenario runs as-is.
    assert.ok(sim.validate(parsed.scenario).valid);
  });

  it('a DialNexa-named export with offsets and a column map: same bytes, progress reported', () => {
    const file = write('dialnexa.csv', dialnexaNamed(fs.readFileSync(own, 'utf8')));
    const args = ['--runs', '10', '--bootstrap', '10', '--columns', 'status=Call Outcome'];
    const native = cli(['fit', file, ...args]);
    assert.equal(native.status, 0, native.stderr);
    const seen = [];
    const wasm = sim.fitText(fs.readFileSync(file, 'utf8'), {
      runs: 10, bootstrap: 10, columns: 'status=Call Outcome', onProgress: (x) => seen.push(x),
    });
    assertSameBytes(wasm, native.stdout, 'fit (DialNexa names)');
    assert.ok(seen.length > 3, 'progress was reported');
    assert.equal(seen.at(-1), 1);
  });

  it('a base scenario keeps its settings and gets the fitted behaviour', () => {
    const base = { name: 'Next campaign', recipients: { count: 500 }, retry: { max_retries: 4, wait_minutes: 60 } };
    const baseFile = write('base.json', JSON.stringify(base));
    const native = cli(['fit', own, '--base', baseFile, '--runs', '5', '--bootstrap', '0']);
    assert.equal(native.status, 0, native.stderr);
    const wasm = sim.fitText(fs.readFileSync(own, 'utf8'), { base, runs: 5, bootstrap: 0 });
    assertSameBytes(wasm, native.stdout, 'fit --base');
    const s = JSON.parse(wasm).scenario;
    assert.equal(s.name, 'Next campaign');
    assert.deepEqual(s.retry, { max_retries: 4, wait_minutes: 60 });
    assert.ok(s.behaviour.busy_persistence);
  });

  it('bad input: the CLI\'s errors as a CampaignSimError', () => {
    const file = write('bad.csv', 'Call Ref,Outcome\nr1,busy\n');
    const native = cliErrors(['fit', file]);
    assert.throws(() => sim.fit('Call Ref,Outcome\nr1,busy\n'), (e) => {
      assert.equal(e.kind, 'input');
      assert.deepEqual(e.errors, native);
      return true;
    });
    assert.match(native[0].message, /no status column/);
    const mapErrors = cliErrors(['fit', own, '--columns', 'state=x']);
    assert.throws(() => sim.fit('status\n', { columns: 'state=x' }), (e) => {
      assert.deepEqual(e.errors, mapErrors);
      return true;
    });
  });

  it('a fit above the work budget: the CLI\'s refusal, the same estimate beforehand, allowLarge lifts it', () => {
    const calls = fs.readFileSync(own, 'utf8').trim().split('\r\n').length - 1;
    // The estimate the page asks for before a long fit.
    const small = sim.estimateFit(calls, { bootstrap: 10, runs: 10 });
    assert.equal(small.over_budget, false);
    assert.equal(small.call_logs, calls * (60 + 10 * 2.5 + 10));
    const huge = sim.estimateFit(calls * 20, { bootstrap: 1000, runs: 10000 });
    assert.equal(huge.over_budget, true);
    assert.match(huge.message, /fitting [\d.e+]+ calls with 1000 bootstrap replicates, then 10000 backtest runs/);
    assert.throws(() => sim.estimateFit(calls, { bootstrap: 1001 }), (e) => e.errors[0].path === '--bootstrap');
    // A history large enough for 1000 replicates and 10,000 runs to be refused, natively and here:
    // the same calls twelve times over (about 23,000), under other call ids.
    const big = write('big.csv', fs.readFileSync(own, 'utf8').trim().split('\r\n').reduce((out, line, i, lines) => {
      if (i === 0) return [line];
      for (let k = 0; k < 12; ++k) out.push(line.replace(/^call_(\d+)/, (m, d) => `call_${k}x${d}`).replace(/,call_(\d+),/, (m, d) => `,call_${k}x${d},`));
      return out;
    }, []).join('\r\n') + '\r\n');
    const native = cliErrors(['fit', big, '--bootstrap', '1000', '--runs', '10000']);
    assert.equal(native[0].path, '--allow-large');
    assert.throws(() => sim.fit(fs.readFileSync(big), { bootstrap: 1000, runs: 10000 }), (e) => {
      assert.deepEqual(e.errors, native);
      return true;
    });
  });
});
