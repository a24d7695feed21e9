// The calendar fields of the campaign form: a time zone from the engine's list, calling days,
// holidays, recipient hours and a rule preset go into the scenario the engine runs; a Friday
// evening launch with Monday-to-Friday days waits, and the page says which zone waits for what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  browserSuite, openPage, assertNoProblems, setSpeed, fill, pageScenario, waitForLaunchable,
  button, engineRun, ARTIFACTS,
} from './helpers.mjs';

const env = browserSuite();

test('calendar fields reach the scenario; a Friday-evening start waits past the weekend and a Monday holiday for 09:00 in the campaign zone', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  // The zone list is the engine's embedded tzdata.
  await page.waitForFunction(() => document.querySelectorAll('#f-zone-list option').length > 400);
  await page.locator('#f-sim-start').fill('2026-03-06T19:00'); // a Friday evening
  await fill(page, 'Campaign time zone', 'America/New_York');
  await page.locator('#f-hours-start').fill('09:00');
  await page.locator('#f-hours-end').fill('18:00');
  await page.locator('#f-day-sat').uncheck();
  await page.locator('#f-day-sun').uncheck();
  await fill(page, 'Holidays', '2026-03-09');
  await page.locator('#f-rules').selectOption('us_tcpa');
  await page.locator('#f-compliance').selectOption('canada_crtc');
  await page.locator('#f-hours-recipient').check();
  await waitForLaunchable(page);
  const scenario = await pageScenario(page);
  assert.deepEqual(
    {
      time_zone: scenario.schedule.time_zone, calling_hours_in: scenario.schedule.calling_hours_in,
      calling_days: scenario.schedule.calling_days, holidays: scenario.schedule.holidays,
      calling_rules: scenario.schedule.calling_rules, compliance_check: scenario.schedule.compliance_check,
    },
    {
      time_zone: 'America/New_York', calling_hours_in: 'recipient', calling_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: ['2026-03-09'], calling_rules: 'us_tcpa', compliance_check: ['canada_crtc'],
    });

  await button(page, 'Launch').click();
  // Friday 19:00: Saturday, Sunday and the Monday holiday are closed; Tuesday 09:00 local opens.
  await page.locator('#why', { hasText: 'in America/New_York wait for 09:00 local' }).waitFor();
  const why = await page.locator('#why').textContent();
  assert.match(why, /1,000 recipients in America\/New_York wait for 09:00 local/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'calendar-waiting.png'), clip: await page.locator('.control-card').boundingBox() });
  await page.locator('.form-card').screenshot({ path: path.join(ARTIFACTS, 'calendar-form.png') });

  // The engine's report (same scenario and seed) finishes on Tuesday, in Eastern daylight time.
  const report = await engineRun(page, { ...scenario, launch_at_minute: 0 }, 7);
  assert.equal(report.campaigns[0].calendar.time_zone, 'America/New_York');
  assert.match(report.clock.local_time, /^2026-03-10T\d\d:\d\d:\d\d-04:00$/);
  await setSpeed(page, 'Max');
  for (const width of [1400, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator('#f-time-zone').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, `calendar-${width}.png`) });
  }
  assertNoProblems(problems);
});
