// Pause stops dispatch while calls in flight finish, Resume continues; Cancel turns queued call
// logs into cancelled while calls in flight finish and are not retried. Mid-run exports leave
// in-progress rows out and say how many.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite, openPage, assertNoProblems, counter, campaignStatus, waitForStatus,
  setSpeed, fill, waitForLaunchable, downloads, FINAL_STATUSES,
  button,
} from './helpers.mjs';

const env = browserSuite();

async function launchSlowCampaign(page) {
  await fill(page, 'Number of recipients', 400);
  await fill(page, 'Concurrency', 10);
  await setSpeed(page, '600×');
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await waitForLaunchable(page);
  await button(page, 'Launch').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-counter="attempts"]').textContent.replace(/,/g, '')) >= 30, null, { timeout: 30_000 });
}

async function historyTotal(page, status) {
  await page.locator('#history').getByLabel('Status', { exact: true }).selectOption(status);
  await page.waitForTimeout(400); // one refresh of the window
  const text = await page.locator('.history-total').textContent();
  return Number(text.split(' ')[0].replace(/,/g, ''));
}

async function isDisabled(page, name) {
  return button(page, name).isDisabled();
}

test('pause stops dispatch while calls in flight finish; resume continues; a paused export leaves in-progress rows out', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await launchSlowCampaign(page);
  await button(page, 'Pause').click();
  await waitForStatus(page, 'paused');
  assert.deepEqual(
    await Promise.all(['Launch', 'Pause', 'Resume', 'Cancel'].map((n) => isDisabled(page, n))),
    [true, true, false, false], 'paused: Resume and Cancel are allowed');
  const atPause = await counter(page, 'attempts');

  // Calls in flight finish; nothing new is dialed.
  await page.waitForFunction(() => /^0 calls in flight finishing/.test(document.querySelector('#why')?.textContent || ''), null, { timeout: 30_000 });
  await page.waitForTimeout(1500); // 15 more simulated minutes at 600x
  assert.equal(await counter(page, 'attempts'), atPause, 'no dispatch while paused');
  assert.equal(await campaignStatus(page), 'paused');
  const inProgress = await counter(page, 'in_progress');
  assert.ok(inProgress > 0);
  // Only queued rows are in progress now: none is initiated, sent or received.
  await page.locator('#history').getByLabel('Status', { exact: true }).selectOption('in_progress');
  await page.waitForTimeout(400);
  const badges = await page.locator('.h-window .h-row .badge').allTextContents();
  assert.ok(badges.length > 0 && badges.every((b) => b === 'Created'), `in progress while paused: ${[...new Set(badges)]}`);

  // A mid-run export: only final rows, and it says how many in-progress rows it left out.
  await page.locator('#exports').getByText('JSON', { exact: true }).click();
  const [file] = await downloads(page, 1, () => page.locator('#exports').getByRole('button', { name: /Export recipient results/ }).click());
  const doc = JSON.parse(file.text);
  assert.equal(doc.excluded_in_progress, inProgress);
  assert.ok(doc.rows.every((r) => FINAL_STATUSES.includes(r.status)), 'only final statuses');
  assert.equal(doc.rows.length + inProgress, await counter(page, 'recipients'));
  assert.equal(await page.locator('.export-result .excluded').textContent(), `${inProgress} in-progress rows left out.`);

  await button(page, 'Resume').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-counter="attempts"]').textContent.replace(/,/g, '')) > n, atPause, { timeout: 30_000 });
  assert.ok(['running', 'active'].includes(await campaignStatus(page)));
  assert.equal(await isDisabled(page, 'Pause'), false);
  assert.equal(await isDisabled(page, 'Resume'), true);

  assertNoProblems(problems);
  await page.close();
});

test('cancel turns queued call logs into cancelled while calls in flight finish and are not retried', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await launchSlowCampaign(page);
  await button(page, 'Cancel').click();
  await waitForStatus(page, 'cancelled');
  const result = await page.locator('.action-result').textContent();
  const m = /(\d[\d,]*) queued call logs cancelled .*?; (\d[\d,]*) calls in flight finish/.exec(result);
  assert.ok(m, `action result states what it touched: ${result}`);
  const cancelledLogs = Number(m[1].replace(/,/g, ''));
  const inFlight = Number(m[2].replace(/,/g, ''));
  assert.ok(cancelledLogs > 0, 'queued call logs were cancelled');
  assert.ok(inFlight > 0, 'calls were in flight at cancel');
  const attemptsAtCancel = await counter(page, 'attempts');
  for (const name of ['Launch', 'Pause', 'Resume', 'Cancel']) assert.equal(await isDisabled(page, name), true, `${name} disabled once cancelled`);

  // The calls in flight finish with their drawn outcome.
  await page.waitForFunction(() => document.querySelector('[data-counter="in_progress"]').textContent === '0', null, { timeout: 30_000 });
  assert.equal(await counter(page, 'attempts'), attemptsAtCancel, 'nothing dialed after cancel');
  assert.equal(await counter(page, 'cancelled'), cancelledLogs, 'each queued recipient ends cancelled');
  const k = {};
  for (const key of ['recipients', 'completed_leads', 'failed_leads', 'did_not_pick', 'cancelled', 'retry_expired']) k[key] = await counter(page, key);
  assert.equal(k.completed_leads + k.failed_leads + k.did_not_pick + k.cancelled + k.retry_expired, k.recipients);

  // Call history: the cancelled rows are the queued ones; no retry was created after cancel.
  assert.equal(await historyTotal(page, 'cancelled'), cancelledLogs);
  assert.equal(await page.locator('.h-window .h-row .c-reason').first().textContent(), 'campaign_cancelled');
  assert.equal(await historyTotal(page, 'in_progress'), 0);
  assert.equal(await historyTotal(page, ''), attemptsAtCancel + cancelledLogs, 'every call log was dialed before cancel or cancelled');

  assertNoProblems(problems);
  await page.close();
});
