#!/usr/bin/env node
// Monte Carlo benchmark (issue 4): 1,000 runs of a 1,000-recipient campaign (max_retries 4),
// natively on one core (`campaign-sim montecarlo`) and in Chromium with the page's worker pool
// (the "Outcome distributions" card), in this same run. Prints both times and their ratio
// (target: <= 2 s in the page on a 2-core machine) and checks that both summaries are identical.
// Prints figures; asserts nothing about time.
//
//   node bench/browser-montecarlo.mjs [--runs 1000] [--recipients 1000] [--workers N] [--repeat 2]
// --workers defaults to the browser's navigator.hardwareConcurrency. Needs scripts/build first.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { ROOT, launchChromium } from './chromium.mjs';

const WEB = process.env.CAMPAIGN_SIM_WEB_ROOT || path.join(ROOT, 'build/web');
const CLI = process.env.CAMPAIGN_SIM_CLI || path.join(ROOT, 'build/native/campaign-sim');
const { startServer } = await import(pathToFileURL(path.join(ROOT, 'scripts/serve.mjs')).href);

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 1000);
const RECIPIENTS = arg('recipients', 1000);
const REPEAT = arg('repeat', 2);
const SEED = 1;
let workers = arg('workers', 0);

for (const f of [CLI, path.join(WEB, 'index.html'), path.join(WEB, 'tuning/mc-worker.js')]) {
  if (!fs.existsSync(f)) throw new Error(`${f} is missing: run scripts/build first`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-mc-bench-'));
const { server, url } = await startServer({ root: WEB, port: 0, host: '127.0.0.1' });
const context = await launchChromium(path.join(tmp, 'profile'), { acceptDownloads: true, viewport: { width: 1280, height: 900 } });

const fmt = (s) => `${s.toFixed(3)} s`;
try {
  const page = await context.newPage();
  if (!workers) {
    await page.goto(url);
    workers = await page.evaluate(() => navigator.hardwareConcurrency || 1);
  }
  await page.goto(`${url}?workers=${workers}`);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch', null, { timeout: 30_000 });
  // The benchmark campaign, set through the form: N recipients, 4 retries (other settings default).
  await page.getByLabel('Number of recipients', { exact: true }).fill(String(RECIPIENTS));
  await page.getByLabel('Retry count', { exact: true }).fill('4');
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  const scenario = { ...JSON.parse(await page.locator('.scenario-json').textContent()), launch_at_minute: 0 };
  if (scenario.recipients.count !== RECIPIENTS || scenario.retry.max_retries !== 4) throw new Error('the form did not take the benchmark settings');
  const file = path.join(tmp, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify(scenario));

  // Native, one core (the CLI is single-threaded).
  const native = [];
  let nativeSummary;
  for (let i = 0; i < REPEAT; i++) {
    const start = process.hrtime.bigint();
    const out = execFileSync(CLI, ['montecarlo', file, '--runs', String(RUNS), '--seed', String(SEED)], { maxBuffer: 1 << 26 });
    native.push(Number(process.hrtime.bigint() - start) / 1e9);
    nativeSummary = JSON.parse(out);
  }

  // The page: Run Monte Carlo, from the click to the final summary on screen.
  await page.locator('#tn-runs').fill(String(RUNS));
  await page.getByLabel('Monte Carlo seed').fill(String(SEED));
  const browser = [];
  const inPage = [];
  for (let i = 0; i < REPEAT; i++) {
    const clickedAt = await page.evaluate(() => {
      document.querySelector('#tn-mc').dataset.state = '';
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === 'Run Monte Carlo');
      const t = performance.now();
      b.click();
      return t;
    });
    const doneAt = await page.waitForFunction(() => (document.querySelector('#tn-mc').dataset.state === 'done' ? performance.now() : false), null, { timeout: 300_000, polling: 'raf' });
    browser.push(((await doneAt.jsonValue()) - clickedAt) / 1000);
    inPage.push(Number(await page.locator('#tn-mc').getAttribute('data-ms')) / 1000);
  }
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export summary JSON' }).click();
  const pageSummary = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8')).montecarlo;

  const best = (xs) => Math.min(...xs);
  console.log(`Monte Carlo benchmark: ${RUNS.toLocaleString('en-US')} runs of a ${RECIPIENTS.toLocaleString('en-US')}-recipient campaign, max_retries 4, seed ${SEED}`);
  console.log(`  machine: ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() || 'unknown CPU'}), load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; page pool: ${workers} workers`);
  console.log(`  native, 1 core (campaign-sim montecarlo): ${native.map(fmt).join(', ')}  best ${fmt(best(native))}`);
  console.log(`  Chromium, ${workers} workers, click to summary: ${browser.map(fmt).join(', ')}  best ${fmt(best(browser))}  (first includes starting the workers)`);
  console.log(`  Chromium, pool job only (card's data-ms):   ${inPage.map(fmt).join(', ')}`);
  console.log(`  ratio page / native (best of each): ${(best(browser) / best(native)).toFixed(2)}`);
  console.log(`  target: <= 2 s in the page: ${best(browser) <= 2 ? 'met' : 'not met'} (${fmt(best(browser))})`);
  console.log(`  page summary identical to the CLI's: ${isDeepStrictEqual(pageSummary, nativeSummary) ? 'yes' : 'NO'}`);
} finally {
  await context.close();
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
