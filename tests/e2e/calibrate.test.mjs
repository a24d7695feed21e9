// Calibrate from call history in the page (issue 12): drop a call-history CSV, read the
// parameters table and the backtest (equal to `campaign-sim fit` for the same file), use the
// behaviour (the form's scenario gets it), run a sweep on it; a bad file says why.
// Saves build/artifacts/calibrate-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { browserSuite, assertNoProblems, waitForLaunchable, pageScenario, ROOT, ARTIFACTS } from './helpers.mjs';

const CLI = process.env.CAMPAIGN_SIM_CLI || path.join(ROOT, 'build/native/campaign-sim');
const SCENARIO = path.join(ROOT, 'tests/fixtures/histories/mixed-list.scenario.json');

const AXE_SOURCE = fs.readFileSync(createRequire(path.join(ROOT, 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's WCAG 2.2 AA violations inside the calibration card, one line each. */
async function cardViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((tags) => window.axe.run(document.querySelector('.calibrate-card'), { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), WCAG_22_AA);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

const env = browserSuite();
let tmp;
let history;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-calibrate-'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  history = path.join(tmp, 'calls.csv');
  fs.writeFileSync(history, execFileSync(CLI, ['export', SCENARIO, '--table', 'calls'], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }));
});
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function open() {
  const page = await env.browser.context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  await page.goto(env.server.url);
  await waitForLaunchable(page);
  return { page, problems };
}

async function startFit(page, file, { bootstrap, runs, columns = '' }) {
  await page.locator('#cal-file').setInputFiles(file);
  await page.getByLabel('Bootstrap replicates').fill(String(bootstrap));
  await page.getByLabel('Backtest runs').fill(String(runs));
  await page.getByLabel('Column map (optional)').fill(columns);
  await page.getByRole('button', { name: 'Fit behaviour' }).click();
}

const calState = (page) => page.locator('#calibrate').getAttribute('data-state');

/** Waits until the fit has started computing; answers "Fit anyway" when a slow device asks first. */
async function untilFitting(page) {
  await page.waitForFunction(() => ['confirming', 'done', 'error'].includes(document.querySelector('#calibrate').dataset.state) ||
    /Reading and fitting|%/.test(document.querySelector('#cal-status').textContent), null, { timeout: 120_000 });
  if (await calState(page) === 'confirming') await page.getByRole('button', { name: 'Fit anyway' }).click();
}

async function fitInPage(page, file, options) {
  await startFit(page, file, options);
  await untilFitting(page);
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#calibrate').dataset.state), null, { timeout: 240_000 });
}

test('a dropped call history is fitted in the page exactly as `campaign-sim fit` does; its behaviour then drives a sweep', async () => {
  const { page, problems } = await open();
  const bootstrap = 20, runs = 20;
  await fitInPage(page, history, { bootstrap, runs });
  assert.equal(await page.locator('#calibrate').getAttribute('data-state'), 'done');
  assert.equal(await page.locator('#calibrate progress').getAttribute('value'), '1');
  const native = JSON.parse(execFileSync(CLI, ['fit', history, '--bootstrap', String(bootstrap), '--runs', String(runs), '--seed', '1'], { encoding: 'utf8', maxBuffer: 1 << 26 }));

  // The parameters table shows the CLI's parameters, row for row.
  const rows = await page.locator('#cal-params tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    name: tr.dataset.name,
    identified: tr.dataset.identified === 'true',
    value: Number(tr.querySelector('[data-value]').dataset.value),
    lo: Number(tr.querySelector('[data-lo]').dataset.lo),
    hi: Number(tr.querySelector('[data-hi]').dataset.hi),
  })));
  assert.deepEqual(rows, native.parameters.map((p) => ({ name: p.name, identified: p.identified, value: p.value, lo: p.ci95[0], hi: p.ci95[1] })));
  assert.deepEqual(JSON.parse(await page.locator('#calibrate').getAttribute('data-fit-text')), native);
  const verdicts = await page.locator('#cal-backtest tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.verdict));
  assert.deepEqual(verdicts, native.backtest.figures.map((f) => f.verdict));
  assert.equal(await page.locator('.cal-chart circle').count(), 5);
  for (const width of [1400, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator('.calibrate-card').screenshot({ path: path.join(ARTIFACTS, `calibrate-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.mouse.move(0, 0);
  assert.deepEqual(await cardViolations(page), [], 'the calibration card with its results has no WCAG 2.2 AA violation');

  // Use this behaviour: the form's scenario now carries the fitted outcomes, behaviour and timing.
  await page.getByRole('button', { name: 'Use this behaviour' }).click();
  await waitForLaunchable(page);
  const scenario = await pageScenario(page);
  assert.deepEqual(scenario.behaviour, native.scenario.behaviour);
  assert.deepEqual(scenario.outcomes, native.scenario.outcomes);
  assert.deepEqual(scenario.timing, native.scenario.timing);
  assert.equal(await page.locator('#f-advanced .adv-summary').isVisible(), true);

  // The tuning views answer the next campaign's question on the fitted model.
  await page.locator('#tn-sw-waits').fill('30, 120');
  await page.locator('#tn-sw-runs').fill('10');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-sweep').dataset.state === 'done', null, { timeout: 240_000 });
  assert.ok(await page.locator('#tn-sweep-table tbody tr').count() >= 2);
  assertNoProblems(problems);
  await page.close();
});

test('a history the reader cannot use says why, naming what it expected', async () => {
  const { page, problems } = await open();
  const bad = path.join(tmp, 'bad.csv');
  fs.writeFileSync(bad, 'Call Ref,Outcome\nr1,busy\n');
  await fitInPage(page, bad, { bootstrap: 0, runs: 1 });
  assert.equal(await page.locator('#calibrate').getAttribute('data-state'), 'error');
  assert.match(await page.locator('.cal-error').textContent(), /no status column .*expected status \(status, call_status\)/);
  assertNoProblems(problems);
  await page.close();
});

test('Stop ends a long fit at once and says so; no half result is shown, and a new fit runs after it', async () => {
  const { page, problems } = await open();
  // A first fit, so there is a result on screen that a new fit must replace.
  await fitInPage(page, history, { bootstrap: 0, runs: 1 });
  assert.equal(await calState(page), 'done');
  await startFit(page, history, { bootstrap: 1000, runs: 1 });
  assert.equal(await page.locator('.cal-results').isHidden(), true, 'a new fit hides the previous result at once');
  await untilFitting(page);
  // Into the bootstrap (the progress bar past 30 %): tens of seconds of work left.
  await page.waitForFunction(() => Number(document.querySelector('#calibrate progress').value) > 0.32, null, { timeout: 120_000 });
  const stopButton = page.getByRole('button', { name: 'Stop fit' });
  assert.equal(await stopButton.isEnabled(), true);
  const t0 = Date.now();
  await stopButton.click();
  await page.waitForFunction(() => document.querySelector('#calibrate').dataset.state === 'stopped', null, { timeout: 2_000 });
  assert.ok(Date.now() - t0 < 2_000, 'stopped within 2 s');
  assert.match(await page.locator('#cal-status').textContent(), /^Stopped after [\d.]+ s at \d+ %: no result/);
  assert.equal(await page.locator('#calibrate progress').getAttribute('value'), '0');
  assert.equal(await stopButton.isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Fit behaviour' }).isEnabled(), true);
  // The worker is gone: nothing arrives later to pass for a result.
  await page.waitForTimeout(3_000);
  assert.equal(await calState(page), 'stopped');
  assert.equal(await page.locator('.cal-results').isHidden(), true);
  assert.equal(await page.locator('#cal-params').count(), 0);
  assert.equal(await page.locator('#calibrate').getAttribute('data-fit-text'), null);
  // And the card works again.
  await fitInPage(page, history, { bootstrap: 0, runs: 1 });
  assert.equal(await calState(page), 'done');
  assert.ok(await page.locator('#cal-params tbody tr').count() > 10);
  assertNoProblems(problems);
  await page.close();
});

test('a fit estimated to take long on this device asks first; Cancel starts nothing', async () => {
  const { page, problems } = await open();
  // 1000 bootstrap replicates and 10,000 backtest runs of this history: minutes on any device.
  await startFit(page, history, { bootstrap: 1000, runs: 10000 });
  await page.waitForFunction(() => document.querySelector('#calibrate').dataset.state === 'confirming', null, { timeout: 60_000 });
  const question = page.getByRole('alertdialog', { name: 'A long fit' });
  assert.match(await question.textContent(), /^This fit needs about \d+ (s|minutes|hours) on this device \([\d,]+ calls, 1000 bootstrap replicates, 10000 backtest runs\)\./);
  assert.ok(Number(await page.locator('#calibrate').getAttribute('data-estimate-seconds')) >= 10);
  await page.screenshot({ path: path.join(ARTIFACTS, 'calibrate-confirm.png') });
  await question.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await calState(page), 'cancelled');
  assert.equal(await page.locator('#cal-status').textContent(), 'Not started: no result.');
  assert.equal(await question.isHidden(), true);
  assert.equal(await page.locator('.cal-results').isHidden(), true);
  assertNoProblems(problems);
  await page.close();
});
