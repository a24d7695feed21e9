// Native CLI vs WebAssembly, fixture by fixture: byte-identical reports, exports (both tables,
// CSV and JSON), expectations and Monte Carlo summaries; the same validation result; and for an
// invalid scenario the same error list (CLI exit 2) as the Error the JS API throws.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cli, engine, fixtureFiles, rel, assertSameBytes } from './helpers.mjs';

const files = fixtureFiles();
assert.ok(files.length > 0, 'no fixtures found under tests/fixtures');

// Monte Carlo repeats a run 20 times on both sides: skip it for fixtures whose single native run
// is slow (large fixtures added for benchmarks), to keep the suite within minutes.
const MONTECARLO_MAX_RUN_MS = 1500;

for (const file of files) {
  describe(rel(file), () => {
    const bytes = fs.readFileSync(file);
    let sim;
    let runMs = 0;
    // Decided while the tests are collected, so an invalid fixture gets only the tests that
    // apply to it (same errors) rather than a row of skips.
    const v = cli(['validate', file]);
    assert.ok(v.status === 0 || v.status === 2, `validate exit ${v.status}: ${v.stderr}`);
    const valid = v.status === 0;
    const itValid = valid ? it : () => {};

    before(async () => {
      sim = await engine();
    });

    it('validate: same verdict and content', () => {
      const native = cli(['validate', file]);
      const wasm = sim.validate(bytes);
      if (valid) {
        assert.equal(wasm.valid, true);
        assert.deepEqual(wasm, JSON.parse(native.text));
      } else {
        assert.equal(wasm.valid, false);
        assert.deepEqual(wasm.errors, JSON.parse(native.text).errors);
      }
    });

    it('run: byte-identical report (or the same errors)', () => {
      const t0 = performance.now();
      const native = cli(['run', file]);
      runMs = performance.now() - t0;
      if (!valid) {
        assert.equal(native.status, 2, native.stderr);
        const expected = JSON.parse(native.text).errors;
        assert.throws(() => sim.runText(bytes), (err) => {
          assert.ok(err instanceof Error);
          assert.equal(err.kind, 'input');
          assert.deepEqual(err.errors, expected);
          assert.equal(err.message, expected.map((e) => `${e.path || '(document)'}: ${e.message}`).join('\n'));
          return true;
        });
        return;
      }
      assert.equal(native.status, 0, native.stderr);
      assertSameBytes(sim.runText(bytes), native.stdout, 'report');
      // The parsed form is the same document.
      assert.deepEqual(sim.run(bytes), JSON.parse(native.text));
    });

    itValid('run --seed 99 --until-minute 45: byte-identical', (t) => {
      const native = cli(['run', file, '--seed', '99', '--until-minute', '45']);
      assert.equal(native.status, 0, native.stderr);
      assertSameBytes(sim.runText(bytes, { seed: 99, untilMinute: 45 }), native.stdout, 'report at minute 45');
    });

    for (const table of ['recipients', 'calls']) {
      for (const format of ['csv', 'json']) {
        itValid(`export --table ${table} --format ${format}: byte-identical`, (t) => {
          const native = cli(['export', file, '--table', table, '--format', format]);
          assert.equal(native.status, 0, native.stderr);
          const wasm = sim.exportTable(bytes, { table, format });
          assertSameBytes(wasm.text, native.stdout, `${table} ${format}`);
          const m = /exported (\d+) rows; (\d+) in-progress rows left out/.exec(native.stderr);
          assert.ok(m, `CLI stderr: ${native.stderr}`);
          assert.equal(wasm.rows, Number(m[1]));
          assert.equal(wasm.excludedInProgress, Number(m[2]));
        });
      }
    }

    itValid('export with --status, --seed and --until-minute: byte-identical', (t) => {
      const native = cli(['export', file, '--table', 'calls', '--status', 'busy,no_answer,completed',
        '--format', 'csv', '--seed', '5', '--until-minute', '30']);
      assert.equal(native.status, 0, native.stderr);
      const wasm = sim.exportTable(bytes, {
        table: 'calls', statuses: ['busy', 'no_answer', 'completed'], format: 'csv', seed: 5, untilMinute: 30,
      });
      assertSameBytes(wasm.text, native.stdout, 'calls csv cut by status at minute 30');
      const m = /exported (\d+) rows; (\d+) in-progress rows left out/.exec(native.stderr);
      assert.equal(wasm.rows, Number(m[1]));
      assert.equal(wasm.excludedInProgress, Number(m[2]));
    });

    itValid('expect: byte-identical', (t) => {
      const native = cli(['expect', file]);
      assert.equal(native.status, 0, native.stderr);
      assertSameBytes(sim.expectText(bytes), native.stdout, 'expectation');
    });

    itValid('montecarlo --runs 20: byte-identical', (t) => {
      if (runMs > MONTECARLO_MAX_RUN_MS) return t.skip(`a single run takes ${Math.round(runMs)} ms`);
      const native = cli(['montecarlo', file, '--runs', '20']);
      assert.equal(native.status, 0, native.stderr);
      assertSameBytes(sim.monteCarloText(bytes, { runs: 20 }), native.stdout, 'montecarlo');
      const seeded = cli(['montecarlo', file, '--runs', '5', '--seed', '42', '--first-run', '3']);
      assert.equal(seeded.status, 0, seeded.stderr);
      assertSameBytes(sim.monteCarloText(bytes, { runs: 5, seed: 42, firstRun: 3 }), seeded.stdout, 'montecarlo seeded');
    });

    itValid('sweep --runs 4 --retries 0-2 --waits 15,45: byte-identical', (t) => {
      if (runMs > MONTECARLO_MAX_RUN_MS / 4) return t.skip(`a single run takes ${Math.round(runMs)} ms`);
      const native = cli(['sweep', file, '--runs', '4', '--retries', '0-2', '--waits', '15,45', '--seed', '8']);
      assert.equal(native.status, 0, native.stderr);
      assertSameBytes(sim.sweepText(bytes, { runs: 4, retries: '0-2', waits: '15,45', seed: 8 }), native.stdout, 'sweep');
      assertSameBytes(sim.sweepText(bytes, { runs: 4, retries: [0, 1, 2], waits: [15, 45], seed: 8 }), native.stdout,
        'sweep with arrays');
    });

    itValid('Monte Carlo split over "workers" and merged summarises to the one-shot bytes', (t) => {
      if (runMs > MONTECARLO_MAX_RUN_MS) return t.skip(`a single run takes ${Math.round(runMs)} ms`);
      const slices = [[0, 3], [3, 4], [7, 5]].map(([firstRun, runs]) =>
        sim.monteCarloSamples(bytes, { runs, firstRun, seed: 6 }));
      const merged = structuredClone(slices[0]);
      merged.runs = 12;
      merged.first_run = 0;
      for (const slice of slices.slice(1)) {
        slice.campaigns.forEach((c, i) => {
          for (const [metric, values] of Object.entries(c.samples)) merged.campaigns[i].samples[metric].push(...values);
        });
      }
      const native = cli(['montecarlo', file, '--runs', '12', '--seed', '6']);
      assert.equal(native.status, 0, native.stderr);
      assertSameBytes(sim.summariseSamplesText(merged), native.stdout, 'merged summary');
    });

    itValid('standard input (FILE = -) gives the same report as the file', (t) => {
      const fromStdin = cli(['run', '-'], { input: bytes });
      assert.equal(fromStdin.status, 0, fromStdin.stderr);
      assertSameBytes(sim.runText(bytes.toString('utf8')), fromStdin.stdout, 'report from stdin');
    });
  });
}
