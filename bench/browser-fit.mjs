#!/usr/bin/env node
// Calibration benchmark in the page (issue 12): a call history of about 200,000 calls (the
// scenario of bench/fit_bench.cpp) is dropped into "Calibrate from call history" in Chromium,
// and `campaign-sim fit` reads and fits the same file natively, in this same run, with the same
// options. Prints both times and the ratio page/native; checks the two outputs are identical.
//
//   node bench/browser-fit.mjs [--recipients 120000] [--bootstrap 0] [--runs 1]
// Needs scripts/build first.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'build/web');
const CLI = path.join(ROOT, 'build/native/campaign-sim');
const { chromium } = createRequire(path.join(ROOT, 'package.json'))('playwright-core');
const { startServer } = await import(pathToFileURL(path.join(ROOT, 'scripts/serve.mjs')).href);

const arg = (name, d) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
const recipients = arg('recipients', 120000), bootstrap = arg('bootstrap', 0), runs = arg('runs', 1);

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

let start = process.hrtime.bigint();
const native = execFileSync(CLI, ['fit', history, '--bootstrap', String(bootstrap), '--runs', String(runs), '--seed', '1'], { maxBuffer: 1 << 26 }).toString();
const nativeS = Number(process.hrtime.bigint() - start) / 1e9;

const { server, url } = await startServer({ root: WEB, port: 0, host: '127.0.0.1' });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('#cal-file').setInputFiles(history);
  await page.getByLabel('Bootstrap replicates').fill(String(bootstrap));
  await page.getByLabel('Backtest runs').fill(String(runs));
  start = process.hrtime.bigint();
  await page.getByRole('button', { name: 'Fit behaviour' }).click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#calibrate').dataset.state), null, { timeout: 1_800_000 });
  const pageS = Number(process.hrtime.bigint() - start) / 1e9;
  const text = await page.locator('#calibrate').getAttribute('data-fit-text');
  console.log(`native campaign-sim fit: ${nativeS.toFixed(2)} s`);
  console.log(`page (worker, WASM):     ${pageS.toFixed(2)} s   ratio page/native ${(pageS / nativeS).toFixed(2)}`);
  console.log(`outputs identical: ${text === native}`);
} finally {
  await context.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}
