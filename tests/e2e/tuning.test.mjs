// Outcome distributions and retry tuning in the page (issue 4): Monte Carlo over the worker pool
// agrees with the exact expectation; the summary does not depend on the number of workers and
// equals the CLI's; Stop terminates every worker; a sweep's table, CSV and JSON equal
// `campaign-sim sweep` for the same seed and runs; charts download as SVG and PNG; the live page
// shows an estimate; recipient behaviour and retry rules set in the form's Advanced section are
// analysed as they are (the tuning area only shows them). Saves build/artifacts/tuning-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  browserSuite, assertNoProblems, waitForLaunchable, pageScenario, csvObjects, fill, setSpeed,
  ROOT, ARTIFACTS,
} from './helpers.mjs';

const CLI = process.env.CAMPAIGN_SIM_CLI || path.join(ROOT, 'build/native/campaign-sim');
const Z999 = 3.29;

const env = browserSuite();
let tmp;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-tuning-'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
after(async () => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Opens the page (query: e.g. '?workers=1'), records problems, waits for the engine. */
async function open(query = '') {
  const page = await env.browser.context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  await page.goto(`${env.server.url}${query}`);
  await waitForLaunchable(page);
  await page.locator('#tn-mc').waitFor();
  return { page, problems };
}

/** Clicks and returns the downloads as {name, buffer}. */
async function download(page, click, count = 1) {
  const got = [];
  const all = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`expected ${count} downloads, got ${got.length}`)), 30_000);
    const on = async (d) => {
      try {
        got.push({ name: d.suggestedFilename(), buffer: fs.readFileSync(await d.path()) });
        if (got.length === count) { clearTimeout(timer); page.off('download', on); resolve(); }
      } catch (err) { reject(err); }
    };
    page.on('download', on);
  });
  await click();
  await all;
  return got;
}

async function runMonteCarlo(page, { runs, seed }) {
  await page.locator('#tn-runs').fill(String(runs));
  await page.getByLabel('Monte Carlo seed').fill(String(seed));
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-mc').dataset.state === 'done', null, { timeout: 120_000 });
}

async function summaryJson(page) {
  const [file] = await download(page, () => page.getByRole('button', { name: 'Export summary JSON' }).click());
  assert.match(file.name, /\.json$/);
  return JSON.parse(file.buffer.toString('utf8'));
}

function cli(args, input) {
  return JSON.parse(execFileSync(CLI, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

/** The scenario the tuning cards analyse: the form's (Scenario JSON panel), launched at minute 0. */
async function tuningScenario(page) {
  return { ...(await pageScenario(page)), launch_at_minute: 0 };
}

test('Monte Carlo in the page agrees with the exact expectation within 99.9 % intervals', async () => {
  const { page, problems } = await open();
  const runs = 400;
  await runMonteCarlo(page, { runs, seed: 21 });
  const rows = await page.locator('#tn-mc-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    metric: tr.dataset.metric,
    agree: tr.querySelector('[data-agree]').dataset.agree,
    expected: tr.querySelector('[data-stat="expected"]').dataset.value,
    mean: Number(tr.querySelector('[data-stat="mean"]').dataset.value),
    sd: Number(tr.querySelector('[data-stat="sd"]').dataset.value),
  })));
  const metrics = rows.map((r) => r.metric);
  for (const key of ['recipients', 'sent', 'picked_up', 'completed_leads', 'failed_leads', 'did_not_pick', 'cancelled',
    'retry_expired', 'in_progress', 'attempts', 'attempts_per_recipient', 'cost', 'duration_minutes']) {
    assert.ok(metrics.includes(key), `a row for ${key}`);
  }
  const compared = rows.filter((r) => r.expected !== '');
  assert.ok(compared.length >= 11, 'every counter and attempts per recipient have a formula value');
  for (const r of compared) {
    const expected = Number(r.expected);
    const half = Z999 * r.sd / Math.sqrt(runs);
    assert.ok(Math.abs(r.mean - expected) <= half + 1e-9 * Math.max(1, Math.abs(expected)),
      `${r.metric}: mean ${r.mean} vs formula ${expected} (99.9 % half-width ${half})`);
    assert.equal(r.agree, 'agrees', `${r.metric} is marked as agreeing`);
  }
  // model.md §11: completed .525 and 1.75 attempts per recipient for the default scenario.
  const byMetric = Object.fromEntries(rows.map((r) => [r.metric, r]));
  assert.equal(Number(byMetric.completed_leads.expected), 525);
  assert.equal(Number(byMetric.attempts_per_recipient.expected), 1.75);
  assert.equal(await page.locator('#tn-mc').getAttribute('data-agreement'), 'agrees');
  assert.match(await page.locator('.tn-agree-line').first().textContent(), /all 11 formula values/);
  // A distribution chart for the chosen metric, with the mean and the formula.
  await page.locator('#tn-mc-table tbody tr[data-metric="attempts"] .tn-metric-btn').click();
  await page.locator('#tn-mc .tn-figure svg title', { hasText: 'Attempts' }).waitFor({ state: 'attached' });
  await page.locator('#tn-mc').screenshot({ path: path.join(ARTIFACTS, 'tuning-distributions.png') });
  assertNoProblems(problems);
  await page.close();
});

test('the same seed gives the same summary with 1 worker and with 3, equal to the CLI', async () => {
  const runs = 150;
  const seed = 5;
  const summaries = [];
  let scenario;
  for (const workers of [1, 3]) {
    const { page, problems } = await open(`?workers=${workers}`);
    assert.equal(await page.locator('#tn-workers').inputValue(), String(workers));
    await runMonteCarlo(page, { runs, seed });
    assert.match(await page.locator('#tn-mc .tn-progress-text').textContent(), new RegExp(`on ${workers} worker`));
    const doc = await summaryJson(page);
    scenario = doc.scenario;
    assert.deepEqual(scenario, await tuningScenario(page));
    summaries.push(doc.montecarlo);
    assertNoProblems(problems);
    await page.close();
  }
  assert.deepEqual(summaries[0], summaries[1], 'the summary does not depend on the number of workers');
  const file = path.join(tmp, 'mc-scenario.json');
  fs.writeFileSync(file, JSON.stringify(scenario));
  const native = cli(['montecarlo', file, '--runs', String(runs), '--seed', String(seed)]);
  assert.deepEqual(summaries[0], native, 'the page summary equals `campaign-sim montecarlo` for the same seed and runs');
});

test('Stop terminates every worker and no progress follows; partial results stay', async () => {
  const { page, problems } = await open('?workers=2');
  await page.locator('#tn-runs').fill('10000');
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  // Wait for partial results: at least one summary of the runs so far.
  await page.waitForFunction(() => document.querySelector('#tn-mc').dataset.partial === 'true', null, { timeout: 60_000 });
  const workerUrls = () => page.workers().map((w) => w.url()).filter((u) => u.endsWith('/tuning/mc-worker.js'));
  assert.equal(workerUrls().length, 2, 'two pool workers are running');
  assert.equal(await page.locator('.tn-workers').getAttribute('data-live-workers'), '2');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#tn-mc').dataset.state === 'stopped');
  assert.equal(await page.locator('.tn-workers').getAttribute('data-live-workers'), '0', 'the pool has no live worker');
  const progressAt = await page.locator('#tn-mc progress').getAttribute('value');
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('#tn-mc progress').getAttribute('value'), progressAt, 'no progress after Stop');
  assert.equal(workerUrls().length, 0, 'every tuning worker thread is gone');
  assert.ok(Number(progressAt) < 10000, `stopped early (${progressAt} runs)`);
  assert.match(await page.locator('#tn-mc .tn-progress-text').textContent(), /^Stopped after/);
  assert.equal(await page.locator('#tn-mc .tn-results').isVisible(), true, 'the partial results stay');
  assert.equal(await page.getByRole('button', { name: 'Run Monte Carlo' }).isEnabled(), true);
  assertNoProblems(problems);
  await page.close();
});

test('a sweep in the page: its table, CSV and JSON equal `campaign-sim sweep` for the same seed and runs', async () => {
  const { page, problems } = await open();
  const runs = 40;
  const seed = 9;
  await page.getByLabel('Monte Carlo seed').fill(String(seed));
  await page.locator('#tn-sw-max').fill('5');
  assert.equal(await page.locator('#tn-sweep .tn-flag').isVisible(), true, 'more than 4 retries is flagged');
  await page.locator('#tn-sw-waits').fill('20, 45');
  await page.locator('#tn-sw-runs').fill(String(runs));
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-sweep').dataset.state === 'done', null, { timeout: 180_000 });

  const file = path.join(tmp, 'sweep-scenario.json');
  fs.writeFileSync(file, JSON.stringify(await tuningScenario(page)));
  const native = cli(['sweep', file, '--runs', String(runs), '--seed', String(seed), '--retries', '0-5', '--waits', '20,45']);
  assert.equal(native.rows.length, 12);

  // The table, in the CLI's row order, shows the CLI's numbers.
  const table = await page.locator('#tn-sweep-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    retries: Number(tr.dataset.retries),
    wait: Number(tr.dataset.wait),
    outside: tr.classList.contains('outside'),
    cells: Object.fromEntries([...tr.querySelectorAll('[data-metric]')].map((td) => [`${td.dataset.metric}.${td.dataset.stat || ''}`, td.dataset.value])),
    completedText: tr.querySelector('[data-metric="completed_share"]').textContent,
  })));
  assert.equal(table.length, native.rows.length);
  table.forEach((row, i) => {
    const n = native.rows[i];
    assert.equal(row.retries, n.max_retries);
    assert.equal(row.wait, n.wait_minutes);
    assert.equal(row.outside, n.max_retries > 4);
    assert.equal(Number(row.cells['completed_share.mean']), n.completed_share.mean);
    assert.ok(row.completedText.startsWith(`${(n.completed_share.mean * 100).toFixed(1)} %`), row.completedText);
    assert.equal(row.cells['marginal_completed_share.'] === '' ? null : Number(row.cells['marginal_completed_share.']), n.marginal_completed_share);
    assert.equal(Number(row.cells['attempts_per_recipient.mean']), n.attempts_per_recipient.mean);
    assert.equal(Number(row.cells['cost.mean']), n.cost.mean);
    assert.equal(Number(row.cells['duration_minutes.median']), n.duration_minutes.median);
    assert.equal(Number(row.cells['duration_minutes.p90']), n.duration_minutes.p90);
  });

  // CSV: every number equals the CLI's (written in full precision).
  const [csvFile] = await download(page, () => page.getByRole('button', { name: 'Export sweep CSV' }).click());
  assert.match(csvFile.name, /\.csv$/);
  const csv = csvObjects(csvFile.buffer.toString('utf8'));
  assert.equal(csv.length, native.rows.length);
  const stats = { mean: (m) => m.mean, sd: (m) => m.sd, min: (m) => m.min, max: (m) => m.max, ci95_low: (m) => m.ci95[0], ci95_high: (m) => m.ci95[1], median: (m) => m.median, p90: (m) => m.p90 };
  csv.forEach((row, i) => {
    const n = native.rows[i];
    assert.equal(Number(row.max_retries), n.max_retries);
    assert.equal(Number(row.wait_minutes), n.wait_minutes);
    assert.equal(row.outside_product_range, String(Boolean(n.outside_product_range)));
    assert.equal(row.marginal_completed_share === '' ? null : Number(row.marginal_completed_share), n.marginal_completed_share, `marginal gain, row ${i}`);
    for (const key of Object.keys(n).filter((k) => typeof n[k] === 'object' && n[k] && 'mean' in n[k])) {
      for (const [stat, get] of Object.entries(stats)) {
        assert.equal(Number(row[`${key}_${stat}`]), get(n[key]), `${key}_${stat}, row ${i}`);
      }
    }
  });
  // JSON: the CLI's document.
  const [jsonFile] = await download(page, () => page.getByRole('button', { name: 'Export sweep JSON' }).click());
  assert.deepEqual(JSON.parse(jsonFile.buffer.toString('utf8')), native);

  // The chart, as SVG and as PNG.
  await page.locator('#tn-sweep').getByText('Attempts', { exact: true }).click();
  await page.locator('#tn-sweep svg title', { hasText: 'Attempts per recipient' }).waitFor({ state: 'attached' });
  const [svg] = await download(page, () => page.locator('#tn-sweep').getByRole('button', { name: 'Chart SVG' }).click());
  assert.match(svg.name, /\.svg$/);
  const svgText = svg.buffer.toString('utf8');
  assert.match(svgText, /^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svgText, /every 20 min/);
  const [png] = await download(page, () => page.locator('#tn-sweep').getByRole('button', { name: 'Chart PNG' }).click());
  assert.match(png.name, /\.png$/);
  assert.deepEqual([...png.buffer.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.ok(png.buffer.length > 5000, `a real picture (${png.buffer.length} bytes)`);
  await page.locator('#tn-sweep').getByText('Completed %', { exact: true }).click();
  await page.locator('#tn-sweep').screenshot({ path: path.join(ARTIFACTS, 'tuning-sweep.png') });
  assertNoProblems(problems);
  await page.close();
});

test('A/B: 2 retries at 30 min against 3 at 60 min, with differences and their intervals', async () => {
  const { page, problems } = await open();
  await page.locator('#tn-runs').fill('200');
  await page.getByLabel('B: number of retries').fill('3');
  await page.getByLabel('B: minutes between attempts').fill('60');
  await page.getByRole('button', { name: 'Compare A and B' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-ab').dataset.state === 'done', null, { timeout: 120_000 });
  const rows = await page.locator('#tn-ab-table tbody tr[data-judgement]').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => {
    const d = tr.querySelector('.tn-diff').dataset;
    return [tr.dataset.metric, { d: Number(d.value), low: Number(d.low), high: Number(d.high), verdict: tr.querySelector('.tn-verdict').textContent }];
  })));
  // One more retry reaches more people and costs more attempts, clearly.
  assert.ok(rows.completed_share.low > 0, `completed share rises: ${JSON.stringify(rows.completed_share)}`);
  assert.equal(rows.completed_share.verdict, 'B better');
  assert.ok(rows.attempts_per_recipient.low > 0);
  assert.ok(rows.duration_minutes.d > 0, 'a longer interval and one more retry take longer');
  for (const r of Object.values(rows)) assert.ok(r.low <= r.d && r.d <= r.high);
  assert.match(await page.locator('#tn-ab-table thead').textContent(), /A: 2 × 30 min.*B: 3 × 60 min/);
  // A clear winner: the verdict names B with its extra leads, attempts, cost per lead and duration.
  assert.match(await page.locator('[data-verdict="ab"]').textContent(),
    /^B \(3 retries every 60 min\) completes [\d.,]+ more leads than A \(2 retries every 30 min\) \(95 % CI [\d.,]+ to [\d.,]+; \+[\d.]+ pp of recipients reached\) for [\d.]+ more attempts per recipient, a cost [\d.,]+ more \([\d.,]+ per extra completed lead\) and .* longer to finish \(median\); p90 \+/);
  assert.equal(await page.locator('#tn-ab-table [data-metric="shares_total"] td[data-value]').count(), 2);
  await page.locator('#tn-ab').screenshot({ path: path.join(ARTIFACTS, 'tuning-ab.png') });
  assertNoProblems(problems);
  await page.close();
});

test('the live page shows the expected final counters and an estimated finish while the campaign runs', async () => {
  const { page, problems } = await open();
  await fill(page, 'Number of recipients', 300);
  await waitForLaunchable(page);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await setSpeed(page, '60×');
  await page.getByRole('button', { name: 'Launch' }).click();
  const estimate = page.getByRole('group', { name: 'Live estimate' });
  await estimate.waitFor();
  await page.waitForFunction(() => document.querySelector('.tn-estimate')?.dataset.state === 'ready', null, { timeout: 60_000 });
  // The formula for 300 recipients: completed .525 → 157.5, shown rounded.
  assert.equal(await estimate.locator('[data-estimate="completed_leads"] [data-formula]').getAttribute('data-formula'), '157.5');
  assert.match(await estimate.locator('[data-estimate="completed_leads"]').textContent(), /expected 158 \(formula\).*runs \d+ · 95 % CI \d+–\d+/);
  assert.match(await estimate.locator('[data-estimate="finish"]').textContent(), /Estimated finish Mon \d\d:\d\d \(median of runs\) · 90 % by Mon \d\d:\d\d · ~?.* left|any moment now|later than 90 % of runs/);
  await page.locator('#estimate').screenshot({ path: path.join(ARTIFACTS, 'tuning-live-estimate.png') });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  assertNoProblems(problems);
  await page.close();
});

async function waitReady(page) {
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await waitForLaunchable(page);
}

test('behaviour and retry rules come from the form’s Advanced section; Monte Carlo and sweep equal the CLI for that scenario', async () => {
  const { page, problems } = await open();
  const form = page.locator('#campaign-form');
  const line = page.locator('#tn-behaviour');
  assert.equal(await line.getAttribute('data-behaviour'), 'off');
  assert.equal(await line.textContent(), 'Recipient behaviour: independent attempts (the exact formula applies) — edit in the campaign form’s Advanced section');
  assert.equal(await page.locator('#tuning input[type="checkbox"][id^="tn-b-"]:not([id^="tn-b-on-"])').count(), 0, 'no behaviour inputs of its own in the tuning area');

  // The line's link opens the form's Advanced section and puts the focus on it.
  assert.equal(await page.locator('#f-advanced').evaluate((d) => d.open), false);
  await line.getByRole('link', { name: 'edit in the campaign form’s Advanced section' }).click();
  await page.waitForFunction(() => document.querySelector('#f-advanced').open);
  assert.equal(await page.evaluate(() => document.activeElement === document.querySelector('#f-advanced > summary')), true, 'the section summary has the focus');

  // Set the behaviour the way a user does, in the form.
  const add = form.getByRole('button', { name: 'Add segment' });
  await add.click();
  await add.click();
  await form.getByLabel('Segment 1: Name').fill('Reachable');
  await form.getByLabel('Segment 1: Share').fill('90');
  await form.getByLabel('Segment 2: Name').fill('Unreachable');
  await form.getByLabel('Segment 2: Share').fill('10');
  for (const k of ['Completed', 'Voicemail', 'Did not pick', 'Busy', 'No answer']) await form.getByLabel(`Segment 2: ${k}`, { exact: true }).fill('0');
  await form.getByLabel('Busy: Repeat chance').fill('80');
  await form.getByLabel('Busy: Half-life').fill('15');
  await form.getByLabel('Answer rate per retry').fill('0.8');
  await page.locator('#f-wait-list').fill('15, 60, 240');
  await form.getByLabel('Busy: max retries').fill('1');
  await form.getByLabel('Busy: wait').fill('5');
  await waitReady(page);

  // The tuning area shows it, read-only, with the beyond-DialNexa marks.
  assert.equal(await line.getAttribute('data-behaviour'), 'on');
  const text = await line.textContent();
  assert.match(text, /^Recipient behaviour: segments: Reachable 90 %, Unreachable 10 %, busy persistence 80 %\/15 min, answer rate per retry ×0\.8, /, text);
  assert.match(text, /waits before each retry 15, 60, 240 min beyond DialNexa, per-outcome rules: busy up to 1 retry after 5 min beyond DialNexa — edit in the campaign form’s Advanced section$/, text);
  for (const key of ['wait_minutes_list', 'rules']) assert.equal(await line.locator(`[data-setting="${key}"] .beyond-badge`).count(), 1, `${key} is marked beyond DialNexa`);
  for (const key of ['segments', 'busy_persistence', 'answer_rate_per_attempt']) assert.equal(await line.locator(`[data-setting="${key}"] .beyond-badge`).count(), 0, `${key} is not marked`);
  assert.equal(await page.locator('#tn-sweep .tn-sweep-note').isVisible(), true, 'the sweep says its intervals replace the list of waits');
  assert.match(await page.locator('#tn-ab .tn-config.a').textContent(), /Waits15, 60, 240 min beyond DialNexa.*Rulesbusy up to 1 retry after 5 min beyond DialNexa/);
  await page.locator('#tn-setup-heading').scrollIntoViewIfNeeded();
  await page.locator('#tuning > section').first().screenshot({ path: path.join(ARTIFACTS, 'tuning-behaviour.png') });

  // The analysed scenario is the Scenario JSON panel's, launched at minute 0: nothing added or replaced.
  const scenario = await tuningScenario(page);
  assert.deepEqual(scenario.behaviour, {
    segments: [
      { name: 'Reachable', share: 0.9, outcomes: scenario.outcomes },
      { name: 'Unreachable', share: 0.1, outcomes: { completed: 0, voicemail: 0, did_not_pick: 0, busy: 0, no_answer: 0, failed: 1 } },
    ],
    busy_persistence: { probability: 0.8, half_life_minutes: 15 },
    answer_rate_per_attempt: 0.8,
  });
  assert.deepEqual(scenario.retry.wait_minutes_list, [15, 60, 240]);
  assert.deepEqual(scenario.retry.rules, { busy: { max_retries: 1, wait_minutes: 5 } });
  const file = path.join(tmp, 'behaviour-scenario.json');
  fs.writeFileSync(file, JSON.stringify(scenario));

  // Monte Carlo: the page's summary is `campaign-sim montecarlo`'s for that scenario.
  await runMonteCarlo(page, { runs: 120, seed: 3 });
  const doc = await summaryJson(page);
  assert.deepEqual(doc.scenario, scenario);
  assert.ok(doc.expectation.ignored.some((f) => f.includes('busy_persistence')), doc.expectation.ignored.join('; '));
  assert.match(await page.locator('#tn-mc .tn-note').textContent(), /The formula ignores: .*busy_persistence/);
  assert.deepEqual(doc.montecarlo, cli(['montecarlo', file, '--runs', '120', '--seed', '3']));

  // Sweep: max_retries and the interval vary per cell (the list of waits gives way, as in the
  // engine); the rest of the form's scenario holds in every cell. Equal to `campaign-sim sweep`.
  await page.locator('#tn-sw-max').fill('2');
  await page.locator('#tn-sw-waits').fill('5, 60');
  await page.locator('#tn-sw-runs').fill('40');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-sweep').dataset.state === 'done', null, { timeout: 180_000 });
  const native = cli(['sweep', file, '--runs', '40', '--seed', '3', '--retries', '0-2', '--waits', '5,60']);
  assert.equal(native.rows.length, 6);
  const [jsonFile] = await download(page, () => page.getByRole('button', { name: 'Export sweep JSON' }).click());
  assert.deepEqual(JSON.parse(jsonFile.buffer.toString('utf8')), native);
  const means = await page.locator('#tn-sweep-table tbody tr [data-metric="completed_share"]').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
  assert.deepEqual(means, native.rows.map((r) => r.completed_share.mean));

  // Nothing is stale: every result was computed for the form's current scenario.
  assert.equal(await page.locator('#tn-mc .tn-stale').isVisible(), false);
  assertNoProblems(problems);
  await page.close();
});

test('the whole tuning area, for the record', async () => {
  const { page, problems } = await open();
  await page.locator('#tn-runs').fill('200');
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-mc').dataset.state === 'done', null, { timeout: 120_000 });
  await page.locator('#tn-setup-heading').scrollIntoViewIfNeeded();
  await page.locator('#tuning').screenshot({ path: path.join(ARTIFACTS, 'tuning-page.png') });
  // Results computed for other settings say so.
  assert.equal(await page.locator('#tn-mc .tn-stale').isVisible(), false);
  await fill(page, 'Retry count', 3);
  await page.locator('#tn-mc .tn-stale').waitFor();
  await fill(page, 'Retry count', 2);
  await page.locator('#tn-mc .tn-stale').waitFor({ state: 'hidden' });
  assertNoProblems(problems);
  await page.close();
});
