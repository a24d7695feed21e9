// A campaign launched from the page runs to completion; its counters are the engine's report for
// the same scenario and seed; the call history opens into retry chains; the exports parse, hold
// only final statuses and add up to the counters. Saves build/artifacts/finished-campaign.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  browserSuite, openPage, assertNoProblems, readCounters, waitForStatus, setSpeed,
  pageScenario, engineRun, csvObjects, downloads, COUNTER_KEYS, FINAL_STATUSES, ARTIFACTS,
  button,
} from './helpers.mjs';

const env = browserSuite();

// Final status group -> the counter that counts its recipients.
const GROUP_COUNTER = {
  completed: 'completed_leads', did_not_pick: 'did_not_pick', cancelled: 'cancelled', retry_expired: 'retry_expired',
  busy: 'failed_leads', no_answer: 'failed_leads', failed: 'failed_leads',
};

test('a launched campaign completes with the counters of the engine report for its seed; exports add up', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.locator('#campaign-form').getByLabel('Seed', { exact: true }).fill('11');
  await setSpeed(page, 'Max');
  const launch = button(page, 'Launch');
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await launch.click();
  await waitForStatus(page, 'completed', 60_000);
  await page.waitForFunction(() => document.querySelector('[data-counter="in_progress"]').textContent === '0');

  // Buttons follow the engine's allowed_actions: nothing is allowed on a completed campaign.
  for (const name of ['Launch', 'Pause', 'Resume', 'Cancel']) {
    assert.equal(await button(page, name).isDisabled(), true, `${name} disabled`);
  }

  // Every counter equals the engine's report for the same scenario and seed.
  const scenario = await pageScenario(page);
  assert.equal(scenario.seed, 11);
  const report = await engineRun(page, { ...scenario, launch_at_minute: 0 }, 11);
  const expected = report.campaigns[0].counters;
  const shown = await readCounters(page);
  for (const key of COUNTER_KEYS) {
    assert.ok(key in shown, `data-counter="${key}" exists`);
    assert.match(shown[key], /^\d+$/, `${key} text is just the number`);
    assert.equal(Number(shown[key]), expected[key], `counter ${key}`);
  }
  assert.equal(report.campaigns[0].status, 'completed');

  // Counter definitions show on keyboard focus.
  const sentCard = page.locator('.counter', { has: page.locator('[data-counter="sent"]') });
  await sentCard.focus();
  await assert.doesNotReject(page.locator('#counters').getByRole('tooltip').filter({ hasText: 'first attempt has reached sent' }).waitFor({ state: 'visible' }));

  // Call history: one row per call log; a row opens into the recipient's retry chain.
  const totalCalls = expected.attempts; // every call log was dispatched: nothing cancelled or expired
  await page.waitForFunction((n) => document.querySelector('.history-total')?.textContent.startsWith(n.toLocaleString('en-US')), totalCalls);
  const firstRow = page.locator('.h-window .h-row[aria-rowindex="2"]');
  await page.locator('.h-window .h-row[tabindex="0"]').focus(); // the table's one tab stop
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '3');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '2');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.h-window .h-row[aria-rowindex="2"]')?.getAttribute('aria-expanded') === 'true');
  await page.locator('.chain').filter({ hasText: 'First attempt' }).waitFor();
  await page.keyboard.press(' ');
  assert.equal(await firstRow.getAttribute('aria-expanded'), 'false');
  // Open a recipient that was retried: its chain lists every attempt with its times.
  const retried = page.locator('.h-window .h-row', { has: page.locator('.badge.st-no_answer, .badge.st-busy') }).first();
  await retried.click();
  const chain = page.locator('.chain');
  await chain.filter({ hasText: 'Retry 1' }).waitFor();
  assert.match(await chain.textContent(), /initiated.*sent.*received/s);

  // The filter narrows the table to one call status.
  await page.locator('#history').getByLabel('Status', { exact: true }).selectOption('completed');
  await page.waitForFunction(() => /Completed$/.test(document.querySelector('.history-total')?.textContent || ''));
  const badges = await page.locator('.h-window .h-row .badge').allTextContents();
  assert.ok(badges.length > 0 && badges.every((b) => b === 'Completed'), `only completed rows: ${badges.slice(0, 5)}`);
  await page.locator('#history').getByLabel('Status', { exact: true }).selectOption('');
  await page.locator('.h-window .h-row', { has: page.locator('.badge.st-no_answer, .badge.st-busy') }).first().click();
  await chain.filter({ hasText: 'Retry 1' }).waitFor();

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'finished-campaign.png'), fullPage: true });

  // Exports: recipient results, one CSV file per final status group.
  await page.locator('#exports').getByLabel('One file per group').check();
  const exportRecipients = page.locator('#exports').getByRole('button', { name: /Export recipient results/ });
  const files = await downloads(page, FINAL_STATUSES.length, () => exportRecipients.click());
  const perCounter = {};
  for (const f of files) {
    const group = FINAL_STATUSES.find((g) => f.name.endsWith(`-${g}.csv`));
    assert.ok(group, `file named after its group: ${f.name}`);
    const rows = csvObjects(f.text);
    assert.ok(rows.every((r) => r.status === group), `${f.name} holds only ${group}`);
    perCounter[GROUP_COUNTER[group]] = (perCounter[GROUP_COUNTER[group]] || 0) + rows.length;
  }
  for (const key of ['completed_leads', 'failed_leads', 'did_not_pick', 'cancelled', 'retry_expired']) {
    assert.equal(perCounter[key] || 0, expected[key], `exported rows for ${key}`);
  }
  const notes = await page.locator('.export-result .excluded').allTextContents();
  assert.equal(notes.length, FINAL_STATUSES.length);
  assert.ok(notes.every((t) => t === '0 in-progress rows left out.'), notes.join(' | '));

  // Call history, one JSON file with every final group.
  await page.locator('#exports').getByLabel('One file with the chosen groups').check();
  await page.locator('#exports').getByText('JSON', { exact: true }).click();
  const [calls] = await downloads(page, 1, () => page.locator('#exports').getByRole('button', { name: /Export call history/ }).click());
  assert.match(calls.name, /\.json$/);
  const doc = JSON.parse(calls.text);
  assert.equal(doc.excluded_in_progress, 0);
  assert.equal(doc.rows.length, totalCalls);
  assert.ok(doc.rows.every((r) => FINAL_STATUSES.includes(r.status)), 'only final statuses');
  const byStatus = {};
  for (const r of doc.rows) byStatus[r.status] = (byStatus[r.status] || 0) + 1;
  assert.deepEqual(byStatus, Object.fromEntries(Object.entries(report.campaigns[0].call_status).filter(([, n]) => n > 0)));

  assertNoProblems(problems);
  await page.close();
});
