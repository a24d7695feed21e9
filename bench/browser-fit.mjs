#!/usr/bin/env node
// Calibration benchmark in the page (issue 12): a call history of about 200,000 calls (the
// scenario of bench/fit_bench.cpp) is dropped into "Calibrate from call history" in Chromium,
// and `campaign-sim fit` reads and fits the same file natively, in this same run, with the same
// options. Prints the phases (read, fits, bootstrap, backtest) natively and in the page's engine,
// their ratios, the calibration card end to end with its estimate beforehand, and checks the
// outputs are identical.
//
//   node bench/browser-fit.mjs [--recipients 120000] [--bootstrap 100] [--runs 100]
// Needs scripts/build first.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, launchChromium } from './chromium.mjs';

const WEB = path.join(ROOT, 'build/web');
const CLI = path.join(ROOT, 'build/native/campaign-sim');
const { startServer } = await import(pathToFileURL(path.join(ROOT, 'scripts/serve.mjs')).href);

const arg = (name, d) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
const recipients = arg('recipients', 120000), bootstrap = arg('bootstrap', 100), runs = arg('runs', 100);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-fit-bench-'));
const scenario = path.join(tmp, 'scenario.json');
fs.writeFileSync(scenario, JSON.stringify({
  seed: 3, recipients: { count: recipients }, concurrency: 100,
  retry: { max_retries: 3, wait_minutes: 15, wait_minutes_list: [15, 60, 120] },
  behaviour: {
    segments: [
      { share: 0.8, outcomes: { completed: 0.4, voicemail: 0.1, did_not_pick: 0.2, busy: 0.12, no_answer: 0.13, failed: 0.05 } },
      { share: 0.2, outcomes: { failed: 1 } }],
    busy_persistence: { probability: 0.6, half_life_minutes: 45 }, answer_rate_per_attempt: 0.85,
    answer_rate_by_hour: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.1, 0.6, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  },
}));
const history = path.join(tmp, 'calls.csv');
fs.writeFileSync(history, execFileSync(CLI, ['export', scenario, '--table', 'calls'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }));
const calls = fs.readFileSync(history, 'utf8').split('\n').length - 2;
console.log(`history: ${calls.toLocaleString('en-US')} calls, ${(fs.statSync(history).size / 1e6).toFixed(1)} MB; --bootstrap ${bootstrap} --runs ${runs}`);

// Natively: bench/fit_bench --file times the phases of `campaign-sim fit` on this file by its
// progress calls; the page's engine is timed the same way below.
const FIT_BENCH = path.join(ROOT, 'build/native/bench/fit_bench');
const native = JSON.parse(execFileSync(FIT_BENCH, ['--file', history, String(bootstrap), String(runs)], { maxBuffer: 1 << 26 }).toString());
let start = process.hrtime.bigint();
const nativeText = execFileSync(CLI, ['fit', history, '--bootstrap', String(bootstrap), '--runs', String(runs), '--seed', '1', '--allow-large'], { maxBuffer: 1 << 26 }).toString();
const nativeS = Number(process.hrtime.bigint() - start) / 1e9;

const { server, url } = await startServer({ root: WEB, port: 0, host: '127.0.0.1' });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-bench-'));
const context = await launchChromium(profile);
const fmt = (x) => x.toFixed(2).padStart(8);
try {
  // 1. The engine in a page (main thread), its phases timed by the progress calls as natively.
  const page = await context.newPage();
  await page.route('**/bench-fit.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><script type="module">
      const { loadEngine } = await import('./campaign-sim.js');
      window.benchEngine = await loadEngine();
    </script>`,
  }));
  await page.route('**/bench-calls.csv', (route) => route.fulfill({ contentType: 'text/csv', body: fs.readFileSync(history) }));
  await page.goto(`${url.replace(/\/$/, '')}/bench-fit.html`);
  await page.waitForFunction(() => window.benchEngine !== undefined);
  const wasm = await page.evaluate(async ({ bootstrap, runs }) => {
    const bytes = new Uint8Array(await (await fetch('./bench-calls.csv')).arrayBuffer());
    const marks = [];
    const t0 = performance.now();
    const text = window.benchEngine.fitText(bytes, { bootstrap, runs, seed: 1, allowLarge: true, onProgress: (f) => marks.push([f, (performance.now() - t0) / 1000]) });
    const total = (performance.now() - t0) / 1000;
    const first = marks.length ? marks[0][1] : total;
    let mixturesEnd = first, bootEnd = total;
    for (const [f, t] of marks) {
      if (f <= 0.8 * 0.3 + 1e-9) mixturesEnd = t;
      if (f <= 0.8 + 1e-9) bootEnd = t;
    }
    if (bootstrap === 0) bootEnd = mixturesEnd;
    const est = window.benchEngine.estimateFit(bytes.reduce((n, b) => n + (b === 10), 0) - 1, { bootstrap, runs });
    return { text, first, mixturesEnd, bootstrap_s: bootEnd - mixturesEnd, backtest_s: total - bootEnd, total, est };
  }, { bootstrap, runs });

  // 2. The calibration card, end to end (its worker; a slow device's question answered).
  const card = await context.newPage();
  await card.goto(url);
  await card.locator('#cal-file').setInputFiles(history);
  await card.getByLabel('Bootstrap replicates').fill(String(bootstrap));
  await card.getByLabel('Backtest runs').fill(String(runs));
  start = process.hrtime.bigint();
  await card.getByRole('button', { name: 'Fit behaviour' }).click();
  let asked = null;
  await card.waitForFunction(() => ['done', 'error', 'confirming'].includes(document.querySelector('#calibrate').dataset.state), null, { timeout: 1_800_000 });
  if (await card.locator('#calibrate').getAttribute('data-state') === 'confirming') {
    asked = await card.getByRole('alertdialog', { name: 'A long fit' }).textContent();
    await card.getByRole('button', { name: 'Fit anyway' }).click();
  }
  await card.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#calibrate').dataset.state), null, { timeout: 1_800_000 });
  const cardS = Number(process.hrtime.bigint() - start) / 1e9;
  const cardText = await card.locator('#calibrate').getAttribute('data-fit-text');
  const estimateS = Number(await card.locator('#calibrate').getAttribute('data-estimate-seconds'));

  console.log(`phases (s)                              ${'native'.padStart(8)} ${'page'.padStart(8)}  ratio`);
  const row = (label, n, w) => console.log(`${label.padEnd(40)}${fmt(n)} ${fmt(w)}  ${(w / n).toFixed(2)}`);
  row('read alone (native only)', native.read_only_s, NaN);
  row('read + one-segment fit', native.until_first_progress_s, wasm.first);
  row('read + every fit (mixtures by BIC)', native.mixtures_done_s, wasm.mixturesEnd);
  row(`bootstrap (${bootstrap} replicates)`, native.bootstrap_s, wasm.bootstrap_s);
  row(`backtest (${runs} runs)`, native.backtest_s, wasm.backtest_s);
  row('campaign-sim fit, in all', native.total_s, wasm.total);
  console.log(`campaign-sim fit (the CLI process): ${nativeS.toFixed(2)} s; the page's card (worker, incl. loading it): ${cardS.toFixed(2)} s`);
  console.log(`the card's estimate beforehand: ${estimateS.toFixed(1)} s on this device (engine: ${wasm.est.call_logs.toPrecision(3)} simulated-call equivalents); it ${asked ? `asked: "${asked}"` : 'did not ask (under 10 s)'}`);
  console.log(`outputs identical: CLI = page engine ${wasm.text === nativeText}, CLI = card ${cardText === nativeText}`);
} finally {
  await context.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}
