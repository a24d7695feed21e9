// Accessibility: axe-core (npm axe-core, run inside the page) with the WCAG 2.2 AA rules over the
// page's main states: the empty form, errors shown, a running campaign, a finished one with its
// call history open, tuning results (Monte Carlo and sweep) and the A/B comparison. Each state must
// have no violation. Saves screenshots at 1400, 1024 × 768 and 390 × 844 in build/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  browserSuite, openPage, assertNoProblems, waitForStatus, setSpeed, fill, waitForLaunchable,
  button, ROOT, ARTIFACTS,
} from './helpers.mjs';

const env = browserSuite();
const require = createRequire(path.join(ROOT, 'package.json'));
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's violations of the WCAG 2.2 AA rules in the page as it is now, one line each. */
async function violations(page) {
  // Injected through the DevTools protocol, which the page's CSP does not govern.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), WCAG_22_AA);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`));
}

async function assertAccessible(page, state) {
  // The pointer off any hover tooltip, and no transition half-way (axe measures colours as drawn).
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
  const found = await violations(page);
  assert.deepEqual(found, [], `${state}: axe found ${found.length} WCAG 2.2 AA violations:\n${found.join('\n')}`);
}

function shot(page, name, options = {}) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), ...options });
}

async function settled(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector('#form-state')?.textContent || '';
    return t === 'Ready to launch' || /problem/.test(t);
  });
}

test('the axe check finds a violation when there is one (the check can fail)', async () => {
  const { page } = await openPage(env.browser.context, env.server.url);
  await page.evaluate(() => { document.querySelector('#controls').append(document.createElement('button')); });
  const found = await violations(page);
  assert.ok(found.some((v) => v.startsWith('button-name')), found.join('\n'));
  await page.close();
});

test('the empty form, errors shown, a run and a finished run with its history have no WCAG 2.2 AA violation', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.setViewportSize({ width: 1400, height: 900 });
  await assertAccessible(page, 'empty form');
  await shot(page, 'issue7-empty-1400', { fullPage: true });

  // Errors: out-of-range percent, the sum of outcomes, an interval, a CSV with rejected rows.
  await fill(page, 'Completed', '60');
  await fill(page, 'Busy', '50');
  await fill(page, 'Retry count', '2');
  await fill(page, 'Retry interval', '0');
  await page.locator('#f-advanced > summary').click();
  await page.locator('#f-busy-chance').fill('150');
  await settled(page);
  await assertAccessible(page, 'errors shown');
  await page.locator('#campaign-form').getByText('CSV file', { exact: true }).click();
  await page.locator('#f-csv').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from('phone_number,name\n+14155550101,a\n4155550102,b\n+1-415-555-0103,c\n+1415,d\n') });
  await page.locator('.rejected-detail').first().waitFor();
  await assertAccessible(page, 'errors and rejected CSV rows shown');
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, 'issue7-errors-1024', { fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('.csv-report').scrollIntoViewIfNeeded();
  await shot(page, 'issue7-errors-390');
  await page.setViewportSize({ width: 1400, height: 900 });

  // Back to a valid campaign; a run.
  await page.locator('#campaign-form').getByText('Count', { exact: true }).click();
  await page.locator('#f-busy-chance').fill('');
  for (const [label, v] of [['Completed', 40], ['Voicemail', 10], ['Did not pick', 20], ['Busy', 10], ['No answer', 10]]) await fill(page, label, v);
  await fill(page, 'Retry interval', '30');
  await fill(page, 'Number of recipients', 400);
  await fill(page, 'Concurrency', 10);
  await setSpeed(page, '600×');
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await waitForLaunchable(page);
  await button(page, 'Launch').click();
  await waitForStatus(page, 'running');
  await page.waitForFunction(() => Number(document.querySelector('[data-counter="attempts"]').textContent.replace(/,/g, '')) >= 20);
  await assertAccessible(page, 'running');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'issue7-running-1024x768');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'issue7-running-390x844');
  await page.setViewportSize({ width: 1400, height: 900 });

  // Finished, with a retry chain open in the history and the New run question showing.
  await setSpeed(page, 'Max');
  await waitForStatus(page, 'completed', 60_000);
  await page.locator('.h-window .h-row').first().click();
  await page.locator('.chain').waitFor();
  await button(page, 'New run').click();
  await assertAccessible(page, 'finished with history');
  await shot(page, 'issue7-finished-1400', { fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'issue7-finished-390', { fullPage: true });
  assertNoProblems(problems);
  await page.close();
});

test('a zoned campaign (calendar fields, zones waiting, compliance check, recipient time in the history) has no WCAG 2.2 AA violation', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.locator('#f-sim-start').fill('2026-03-09T09:00');
  await fill(page, 'Campaign time zone', 'America/New_York');
  await page.locator('#f-hours-start').fill('09:00');
  await page.locator('#f-hours-end').fill('18:00');
  await page.locator('#f-hours-recipient').check();
  await page.locator('#f-day-sun').uncheck();
  await page.locator('#f-check-us_tcpa').check();
  await fill(page, 'Recipient time zones', 'America/New_York 50, America/Los_Angeles 50');
  await fill(page, 'Number of recipients', 60);
  await settled(page);
  await waitForLaunchable(page);
  await setSpeed(page, '1×');
  await button(page, 'Launch').click();
  await page.locator('#why', { hasText: 'America/Los_Angeles wait for' }).waitFor();
  await assertAccessible(page, 'zoned run, a zone waiting');
  await setSpeed(page, 'Max');
  await waitForStatus(page, 'completed', 60_000);
  await page.locator('.h-window .h-row').first().click();
  await page.locator('.chain .stamp-local').first().waitFor();
  await assertAccessible(page, 'zoned run finished, retry chain open');
  await shot(page, 'calendar-finished-1400', { fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'calendar-finished-390', { fullPage: true });
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(width[0] <= width[1], `at 390 px a zoned run overflows nothing: ${width}`);
  assertNoProblems(problems);
  await page.close();
});

test('tuning results and the A/B comparison have no WCAG 2.2 AA violation', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.setViewportSize({ width: 1400, height: 900 });
  await fill(page, 'Number of recipients', 200);
  await settled(page);
  await page.locator('#tn-runs').fill('20');
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-mc')?.dataset.state === 'done', null, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Run sweep', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#tn-sweep')?.dataset.state === 'done', null, { timeout: 120_000 });
  await assertAccessible(page, 'tuning results');
  await shot(page, 'issue7-tuning-1400', { fullPage: true });

  // A/B: B marked invalid first, then a comparison.
  const card = page.locator('#tn-ab');
  const wait = card.getByLabel('B: minutes between attempts', { exact: true });
  await wait.fill('0');
  await wait.dispatchEvent('change');
  await card.getByRole('button', { name: 'Compare A and B' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-b-wait')?.getAttribute('aria-invalid') === 'true');
  await assertAccessible(page, 'A/B with B marked invalid');
  await wait.fill('60');
  await wait.dispatchEvent('change');
  await card.getByRole('button', { name: 'Compare A and B' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-ab')?.dataset.state === 'done', null, { timeout: 60_000 });
  await assertAccessible(page, 'A/B comparison');
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'issue7-ab-1400');
  await page.setViewportSize({ width: 390, height: 844 });
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'issue7-ab-390');
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(width[0] <= width[1], `at 390 px with tuning results nothing overflows: ${width}`);
  assertNoProblems(problems);
  await page.close();
});
