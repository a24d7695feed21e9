// Clearing blockers live (wallet top-up, workspace ready, outbound number) from the "Why nothing is
// dialing" box, and the form's advanced settings (recipient behaviour, retry rules beyond DialNexa)
// validated by the engine like every other field.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  browserSuite, openPage, assertNoProblems, counter, campaignStatus, waitForStatus,
  setSpeed, fill, waitForLaunchable, button, pageScenario, engineRun, engineValidate, readCounters,
  ARTIFACTS, COUNTER_KEYS,
} from './helpers.mjs';

const env = browserSuite();
before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

const form = (page) => page.locator('#campaign-form');
const why = (page) => page.locator('#why');

async function waitReady(page) {
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await waitForLaunchable(page);
}

async function waitProblems(page) {
  await page.waitForFunction(() => /problem/.test(document.querySelector('#form-state')?.textContent || ''));
}

async function blockers(page) {
  return page.locator('#why [data-blocker]').evaluateAll((els) => els.map((e) => e.dataset.blocker));
}

function assertInvariant(k) {
  assert.equal(k.completed_leads + k.failed_leads + k.did_not_pick + k.cancelled + k.retry_expired + k.in_progress, k.recipients);
}

async function allCounters(page) {
  const shown = await readCounters(page);
  return Object.fromEntries(COUNTER_KEYS.map((key) => [key, Number(shown[key])]));
}

async function openAdvanced(page) {
  // Keyboard: the section is a <details>; its summary opens with Enter.
  const summary = page.locator('#f-advanced > summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#f-advanced').open);
}

test('a wallet too small blocks the running campaign (wallet empty); the top-up in place clears it and the campaign completes', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Number of recipients', 200);
  await fill(page, 'Wallet balance', 25);
  await fill(page, 'Cost per minute', 1);
  await setSpeed(page, 'Max');
  await waitReady(page);
  assert.equal((await pageScenario(page)).wallet.balance, 25, 'the form field sets the scenario wallet');
  await button(page, 'Launch').click();

  // It runs, then the wallet runs dry: back to active, blocked by insufficient_balance.
  await page.waitForSelector('#why [data-blocker="insufficient_balance"]', { timeout: 30_000 });
  assert.equal(await campaignStatus(page), 'active');
  assert.deepEqual(await blockers(page), ['insufficient_balance']);
  assert.match(await why(page).textContent(), /wallet empty/);
  assert.ok(await counter(page, 'attempts') > 0, 'it dialed before the wallet ran dry');
  assert.ok(await counter(page, 'in_progress') > 0, 'recipients are left');
  const topUp = why(page).getByRole('button', { name: 'Top up wallet' });
  const amount = why(page).getByLabel('Top-up amount');
  assert.equal(await topUp.isEnabled(), true);

  // Calls in flight finish, then nothing moves by itself.
  await page.waitForFunction(() => !document.querySelector('#why .why-note')?.hidden, null, { timeout: 30_000 });
  const attemptsBlocked = await counter(page, 'attempts');
  await page.screenshot({ path: path.join(ARTIFACTS, 'advanced-blocked-wallet.png'), clip: await page.locator('.control-card').boundingBox() });

  // The engine's errors are shown by the control, never swallowed.
  await amount.fill('0');
  await topUp.click();
  await page.locator('#why .fix-error').waitFor();
  assert.match(await page.locator('#why .fix-error').textContent(), /Top-up failed: .*top-up amount must be positive/);
  assert.equal(await campaignStatus(page), 'active', 'a refused top-up changes nothing');

  // A real top-up: running at once, counters move, and it completes.
  await amount.fill('100000');
  await amount.press('Enter');
  await page.waitForFunction(() => !document.querySelector('#why [data-blocker]'));
  assert.ok(['running', 'completed'].includes(await campaignStatus(page)));
  assert.equal(await page.locator('#why .fix-error').count(), 0, 'the old error is gone with the box');
  assert.match(await page.locator('.action-result').textContent(), /^Wallet topped up by 100,000\.00 at .*: balance [\d,.]+; campaign is now (running|completed)\./);
  await page.waitForFunction((n) => Number(document.querySelector('[data-counter="attempts"]').textContent.replace(/,/g, '')) > n, attemptsBlocked, { timeout: 15_000 });
  await waitForStatus(page, 'completed', 30_000);
  const k = await allCounters(page);
  assert.equal(k.in_progress, 0);
  assertInvariant(k);
  assert.ok(Number((await page.locator('[data-billing="balance"]').textContent()).replace(/,/g, '')) > 0, 'the balance shows the top-up');

  assertNoProblems(problems);
  await page.close();
});

test('workspace not ready and no outbound number block the launch; each button clears its own blocker and keeps the other', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Number of recipients', 150);
  await form(page).getByLabel('Workspace ready', { exact: true }).uncheck();
  await form(page).getByLabel('Outbound number assigned', { exact: true }).uncheck();
  await setSpeed(page, 'Max');
  await waitReady(page);
  assert.deepEqual((await pageScenario(page)).workspace, { ready: false, outbound_number_assigned: false });
  await button(page, 'Launch').click();

  await page.waitForSelector('#why [data-blocker="no_outbound_number"]');
  assert.equal(await campaignStatus(page), 'active');
  assert.deepEqual(await blockers(page), ['workspace_not_ready', 'no_outbound_number']);
  await page.waitForTimeout(300); // the clock runs, nothing is dialed
  assert.equal(await counter(page, 'attempts'), 0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'advanced-blocked-workspace.png'), clip: await page.locator('.control-card').boundingBox() });

  // Marking the workspace ready keeps "no outbound number": still active, one blocker left.
  await why(page).getByRole('button', { name: 'Mark workspace ready' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('#why [data-blocker]')].map((e) => e.dataset.blocker).join() === 'no_outbound_number');
  assert.equal(await campaignStatus(page), 'active');
  assert.match(await page.locator('.action-result').textContent(), /^Workspace marked ready at .*: campaign is now active\./);
  assert.equal(await counter(page, 'attempts'), 0);

  await why(page).getByRole('button', { name: 'Assign outbound number' }).click();
  await page.waitForFunction(() => !document.querySelector('#why [data-blocker]'));
  assert.ok(['running', 'completed'].includes(await campaignStatus(page)));
  await waitForStatus(page, 'completed', 30_000);
  const k = await allCounters(page);
  assert.equal(k.recipients, 150);
  assert.equal(k.in_progress, 0);
  assertInvariant(k);

  assertNoProblems(problems);
  await page.close();
});

test('advanced settings: segment shares summing to 90 % show the engine\'s rule by the field, in the form\'s words, and keep Launch disabled', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  const scenarioBefore = await pageScenario(page);
  assert.equal('behaviour' in scenarioBefore, false, 'off by default: the default scenario has no behaviour');
  assert.equal(await page.locator('#f-advanced').evaluate((d) => d.open), false, 'closed by default');
  await openAdvanced(page);

  const add = form(page).getByRole('button', { name: 'Add segment' });
  await add.click();
  await add.click();
  await form(page).getByLabel('Segment 1: Name').fill('Reachable');
  await form(page).getByLabel('Segment 1: Share').fill('60');
  await form(page).getByLabel('Segment 2: Name').fill('Invalid numbers');
  await form(page).getByLabel('Segment 2: Share').fill('30');
  for (const k of ['Completed', 'Voicemail', 'Did not pick', 'Busy', 'No answer']) await form(page).getByLabel(`Segment 2: ${k}`, { exact: true }).fill('0');
  assert.equal(await page.locator('#f-seg-1-out-failed').textContent(), '100.00', 'Failed is the remainder');
  await waitProblems(page);

  // The message is the engine's, next to the segments, and Launch stays disabled.
  const scenario = await pageScenario(page);
  assert.deepEqual(scenario.behaviour.segments.map((s) => [s.name, s.share]), [['Reachable', 0.6], ['Invalid numbers', 0.3]]);
  assert.deepEqual(scenario.behaviour.segments[1].outcomes, { completed: 0, voicemail: 0, did_not_pick: 0, busy: 0, no_answer: 0, failed: 1 });
  const validation = await engineValidate(page, scenario);
  const err = validation.errors.find((e) => e.path === '/behaviour/segments');
  assert.ok(err, JSON.stringify(validation.errors));
  const shown = page.locator('#f-segments-error');
  assert.equal(await shown.isVisible(), true);
  assert.match(err.message, /sum to 1/);
  assert.equal(await shown.textContent(), 'Segments: the shares add up to 90 %; together they must make 100 %.', 'the engine\'s rule in the form\'s words');
  assert.match(await page.locator('#f-seg-sum').textContent(), /90 %/);
  assert.equal(await page.locator('#f-advanced .adv-chip').textContent(), '1 problem');
  assert.equal(await button(page, 'Launch').isDisabled(), true);
  await page.waitForTimeout(400);
  assert.equal(await button(page, 'Launch').isDisabled(), true, 'still disabled once settled');
  await page.locator('.form-card').screenshot({ path: path.join(ARTIFACTS, 'advanced-form-error.png') });

  // Fixed: the message goes and Launch is enabled again.
  await form(page).getByLabel('Segment 2: Share').fill('40');
  await waitReady(page);
  assert.equal(await shown.isVisible(), false);
  assert.match(await page.locator('#f-seg-sum').textContent(), /100 %/);

  // Removing every segment removes the key again.
  await form(page).getByRole('button', { name: 'Remove segment 2' }).click();
  await form(page).getByRole('button', { name: 'Remove segment 1' }).click();
  await waitReady(page);
  assert.equal('behaviour' in (await pageScenario(page)), false);

  assertNoProblems(problems);
  await page.close();
});

test('a valid busy persistence setting goes into the scenario JSON and the run matches the engine report for it', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Number of recipients', 300);
  await page.locator('#campaign-form').getByLabel('Seed', { exact: true }).fill('5');
  await openAdvanced(page);
  await form(page).getByLabel('Busy: Repeat chance').fill('80');
  await form(page).getByLabel('Busy: Half-life').fill('15');
  await form(page).getByLabel('Answer rate by hour').selectOption('business');
  await form(page).getByLabel('Busy: max retries').fill('1');
  await form(page).getByLabel('Busy: wait').fill('5');
  await waitReady(page);

  const scenario = await pageScenario(page);
  assert.deepEqual(scenario.behaviour.busy_persistence, { probability: 0.8, half_life_minutes: 15 });
  assert.equal(scenario.behaviour.answer_rate_by_hour.length, 24);
  assert.deepEqual(scenario.retry.rules, { busy: { max_retries: 1, wait_minutes: 5 } });
  assert.match(await page.locator('.form-warnings').textContent(), /beyond DialNexa/, 'the engine warns about rules beyond DialNexa');
  // A changed hour makes the profile custom.
  await form(page).getByLabel('Answer rate at 03:00').fill('0.5');
  assert.equal(await form(page).getByLabel('Answer rate by hour').inputValue(), 'custom');
  await form(page).getByLabel('Answer rate by hour').selectOption('off');
  await waitReady(page);
  const final = await pageScenario(page);
  assert.equal('answer_rate_by_hour' in final.behaviour, false);
  await page.locator('#f-advanced').screenshot({ path: path.join(ARTIFACTS, 'advanced-section.png') });

  await setSpeed(page, 'Max');
  await button(page, 'Launch').click();
  await waitForStatus(page, 'completed', 30_000);
  await page.waitForFunction(() => document.querySelector('[data-counter="in_progress"]').textContent === '0');
  const report = await engineRun(page, { ...final, launch_at_minute: 0 }, 5);
  const k = await allCounters(page);
  for (const key of COUNTER_KEYS) assert.equal(k[key], report.campaigns[0].counters[key], `counter ${key}`);
  assertInvariant(k);

  assertNoProblems(problems);
  await page.close();
});
