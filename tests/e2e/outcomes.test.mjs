// Follow-up lists and tables that add up (issue 7, points 1-3 and 5): an exported group uploads
// again with every row valid, the same numbers and the same variables, in the page; "Use these
// groups as a new campaign"; the A/B and sweep tables show all five final groups adding up to
// 100 %, equal to `campaign-sim montecarlo` for each, with an end minute and with a cancel; the
// verdict sentences are the engine's (`campaign-sim compare` / `sweep`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  browserSuite, openPage, assertNoProblems, waitForLaunchable, waitForStatus, setSpeed, fill,
  pageScenario, engineValidate, button, downloads, csvObjects, ROOT, ARTIFACTS,
} from './helpers.mjs';

const CLI = process.env.CAMPAIGN_SIM_CLI || path.join(ROOT, 'build/native/campaign-sim');
const SHARES = ['completed_share', 'failed_share', 'did_not_pick_share', 'cancelled_share', 'retry_expired_share'];

const env = browserSuite();
let tmp;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-outcomes-'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

function cli(args) {
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 28 }));
}
function scenarioFile(name, scenario) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(scenario));
  return file;
}

// Variables that break naive exporters: commas, quotes, newlines, non-ASCII and formula-like text.
const TRICKY = [
  'phone_number,name,note,city',
  '+14155550101,"Doe, Jane","said ""call me""",São Paulo',
  '+14155550102,José,"two',
  'lines",Zürich',
  '+14155550103,"=HYPERLINK(""x"")",-5 %,@home',
  '+14155550104,Ana,plain,東京',
  '+14155550105,Bo,+1 later,',
  '+14155550106,Cy,,Lyon',
  '+14155550107,Dee,ok,Oslo',
  '+14155550108,Eve,ok,Rome',
  '',
].join('\n');

async function loadCsv(page, name, text) {
  await page.locator('#campaign-form').getByText('CSV file', { exact: true }).click();
  await page.locator('#f-csv').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByText(`Loaded: ${name}`, { exact: false }).waitFor();
  await page.waitForFunction(() => ['Ready to launch'].includes(document.querySelector('#form-state')?.textContent) || /problem/.test(document.querySelector('#form-state')?.textContent || ''));
}

async function runToEnd(page) {
  await setSpeed(page, 'Max');
  await waitForLaunchable(page);
  await button(page, 'Launch').click();
  await waitForStatus(page, 'completed', 120_000);
}

/**
 * (phone, name, note, city) of the rows of a CSV as the engine reads an upload: a leading ' before
 * = + - @ tab or CR is a spreadsheet's text marker, read off (README, Exports).
 */
const unmark = (v) => (v !== undefined && /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
const people = (text) => csvObjects(text).map((r) => [r.phone_number, r.name, r.note, r.city].map(unmark));

test('every exported group uploads again in the page: every row valid, the same numbers, the same variables', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await loadCsv(page, 'tricky.csv', TRICKY);
  await fill(page, 'Retry count', 1);
  await runToEnd(page);
  const uploaded = people(TRICKY);

  // One file per group, with the byte order mark the page writes by default.
  await page.locator('#export-split-per_group').check();
  const recipientsButton = page.getByRole('button', { name: /Export recipient results/ });
  const files = await page.evaluate(() => document.querySelectorAll('#export-results li').length) === 0
    ? await downloads(page, 7, () => recipientsButton.click()) : [];
  assert.equal(files.length, 7, 'one file per final group');
  let seen = 0;
  for (const f of files) {
    assert.ok(f.text.startsWith('\uFEFF'), `${f.name} starts with a UTF-8 byte order mark`);
    const rows = people(f.text);
    seen += rows.length;
    for (const r of rows) assert.ok(uploaded.some((u) => JSON.stringify(u) === JSON.stringify(r)), `${f.name}: ${r} is an uploaded row, unchanged`);
    if (!rows.length) continue;
    // The file as the next campaign's recipients: the engine accepts every row.
    const sc = { ...(await pageScenario(page)), recipients: { csv: f.text.replace(/^\uFEFF/, '') } };
    const v = await engineValidate(page, sc);
    assert.equal(v.valid, true, `${f.name}: ${JSON.stringify(v.errors)}`);
    assert.deepEqual(v.recipients[0].rejected, {}, `${f.name} has no rejected rows`);
    assert.equal(v.recipients[0].valid, rows.length);
  }
  assert.equal(seen, uploaded.length, 'the groups together hold every recipient once');

  // "Use these groups as a new campaign": a new run whose recipients are the chosen groups.
  await page.locator('#export-split-combined').check();
  await page.getByRole('button', { name: 'None' }).click();
  await page.locator('#export-group-completed').check();
  await page.locator('#export-group-did_not_pick').check();
  await page.locator('#export-group-busy').check();
  await page.locator('#export-group-no_answer').check();
  await page.locator('#export-group-failed').check();
  const expected = files.filter((f) => /completed|did_not_pick|busy|no_answer|failed/.test(f.name)).flatMap((f) => people(f.text));
  await page.getByRole('button', { name: 'Use these groups as a new campaign' }).click();
  await page.getByText(/Loaded: .*-followup-/).waitFor();
  await waitForLaunchable(page);
  const next = await pageScenario(page);
  assert.deepEqual(people(next.recipients.csv).sort(), expected.sort(), 'the new campaign calls exactly the chosen groups, variables unchanged');
  const v = await engineValidate(page, next);
  assert.deepEqual(v.recipients[0].rejected, {});
  await button(page, 'Launch').click();
  await waitForStatus(page, 'completed', 120_000);
  assertNoProblems(problems);
  await page.close();
});

/** A campaign cut short by an end minute (the form's; a cancel is checked in tests/wasm). */
function cutShort(how) {
  const base = {
    name: `Cut by ${how}`, seed: 21, simulation_start: '2026-12-07T09:00',
    recipients: { count: 300 },
    outcomes: { completed: 0.3, voicemail: 0.1, did_not_pick: 0.2, busy: 0.1, no_answer: 0.2, failed: 0.1 },
    retry: { max_retries: 2, wait_minutes: 30, retry_on_no_answer: true, retry_on_busy: true, retry_on_voicemail: false },
    concurrency: 8,
  };
  if (how === 'end minute') base.schedule = { ends_at_minute: 70 };
  else base.actions = [{ at_minute: 50, action: 'cancel' }];
  return base;
}

async function setForm(page, scenario) {
  await fill(page, 'Number of recipients', scenario.recipients.count);
  await fill(page, 'Concurrency', scenario.concurrency);
  await fill(page, 'Seed', scenario.seed);
  if (scenario.schedule) await fill(page, 'End minute', scenario.schedule.ends_at_minute);
  // The page's scenario is the form's once the engine has checked it.
  await page.waitForFunction((want) => {
    try {
      const sc = JSON.parse(document.querySelector('.scenario-json').textContent);
      return sc.recipients.count === want.recipients.count && sc.concurrency === want.concurrency && sc.seed === want.seed &&
        (sc.schedule?.ends_at_minute ?? null) === (want.schedule?.ends_at_minute ?? null);
    } catch { return false; }
  }, scenario);
  await waitForLaunchable(page);
}

{
  const how = 'end minute';
  test('with an end minute, the A/B and sweep shares add up to 100 % and equal campaign-sim montecarlo for each group; the verdicts are the engine\'s', async () => {
    const { page, problems } = await openPage(env.browser.context, env.server.url);
    await setForm(page, cutShort(how));
    // The tuning views launch the form's campaign at minute 0 (the page's Launch button aside).
    const scA = { ...(await pageScenario(page)), launch_at_minute: 0 };
    const runs = 60;
    // A/B.
    await page.locator('#tn-runs').fill(String(runs));
    await page.locator('#tn-seed').fill('5');
    await page.getByLabel('B: number of retries').fill('3');
    await page.getByLabel('B: minutes between attempts').fill('60');
    await page.getByRole('button', { name: 'Compare A and B' }).click();
    await page.waitForFunction(() => document.querySelector('#tn-ab').dataset.state === 'done', null, { timeout: 180_000 });
    const ab = await page.locator('#tn-ab-table tbody tr').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.metric,
      [...tr.querySelectorAll('td[data-value]')].map((td) => Number(td.dataset.value))])));
    const seed = 5;
    const scB = { ...scA, retry: { ...scA.retry, max_retries: 3, wait_minutes: 60 } };
    const mcA = cli(['montecarlo', scenarioFile('a.json', scA), '--runs', String(runs), '--seed', String(seed)]);
    const mcB = cli(['montecarlo', scenarioFile('b.json', scB), '--runs', String(runs), '--seed', String(seed)]);
    for (const k of SHARES) {
      assert.equal(ab[k][0], mcA[k].mean, `A ${k} equals campaign-sim montecarlo`);
      assert.equal(ab[k][1], mcB[k].mean, `B ${k} equals campaign-sim montecarlo`);
    }
    assert.ok(Math.abs(ab.shares_total[0] - 1) < 1e-9 && Math.abs(ab.shares_total[1] - 1) < 1e-9, `the five groups add up to 100 %: ${ab.shares_total}`);
    assert.ok(mcA.retry_expired_share.mean + mcA.cancelled_share.mean > 0.05, 'the campaign was cut short');
    // The verdict is the engine's: the same sentence as `campaign-sim compare`.
    const cmp = cli(['compare', scenarioFile('a.json', scA), scenarioFile('b.json', scB), '--runs', String(runs), '--seed', String(seed)]);
    assert.equal(await page.locator('[data-verdict="ab"]').textContent(), cmp.comparison.verdict);
    const judged = await page.locator('#tn-ab-table tbody tr[data-judgement]').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.metric, tr.dataset.judgement])));
    for (const [k, j] of Object.entries(judged)) assert.equal(j, cmp.comparison.metrics[k].judgement, `${k} judged as the engine judges it`);

    // Sweep.
    await page.locator('#tn-sw-max').fill('2');
    await page.locator('#tn-sw-waits').fill('15, 60');
    await page.locator('#tn-sw-runs').fill(String(runs));
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await page.waitForFunction(() => document.querySelector('#tn-sweep').dataset.state === 'done', null, { timeout: 180_000 });
    const rows = await page.locator('#tn-sweep-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      retries: Number(tr.dataset.retries), wait: Number(tr.dataset.wait),
      ...Object.fromEntries([...tr.querySelectorAll('td[data-metric]')].map((td) => [td.dataset.metric + (td.dataset.stat && td.dataset.stat !== 'mean' ? `_${td.dataset.stat}` : ''), Number(td.dataset.value)])),
    })));
    const native = cli(['sweep', scenarioFile('a.json', scA), '--runs', String(runs), '--seed', String(seed), '--retries', '0-2', '--waits', '15,60']);
    assert.equal(rows.length, native.rows.length);
    for (const [i, r] of rows.entries()) {
      const n = native.rows[i];
      for (const k of SHARES) assert.equal(r[k], n[k].mean, `sweep ${r.retries} × ${r.wait}: ${k}`);
      assert.ok(Math.abs(r.shares_total - 1) < 1e-9, `sweep row adds up to 100 %: ${r.shares_total}`);
    }
    assert.equal(await page.locator('[data-verdict="sweep"]').textContent(), native.verdict.verdict);
    await page.locator('#tn-sweep label[for="tn-sw-view-groups"]').click();
    await page.locator('#tn-sweep svg title', { hasText: 'Where recipients ended' }).waitFor({ state: 'attached' });
    await page.locator('#tn-ab').screenshot({ path: path.join(ARTIFACTS, 'outcomes-ab.png') });
    await page.locator('#tn-sweep').screenshot({ path: path.join(ARTIFACTS, 'outcomes-sweep.png') });
    assertNoProblems(problems);
    await page.close();
  });
}
