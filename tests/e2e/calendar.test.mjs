// Issue 11 on the page: the campaign's time zone (from the engine's tzdata), calling hours in the
// recipient's time, calling days, holidays, a rule preset and a compliance check go into the
// scenario; the run says which zone waits for what, the history shows each call's time on the
// recipient's clock, the chart's time axis marks the daylight-saving change, and a shared link keeps
// every field. Expected figures are worked out here from the zones' offsets, not read from the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  browserSuite, openPage, assertNoProblems, setSpeed, fill, pageScenario, waitForLaunchable,
  waitForStatus, button, engineRun, downloads, csvObjects, ARTIFACTS,
} from './helpers.mjs';

const env = browserSuite();
fs.mkdirSync(ARTIFACTS, { recursive: true });

// A US-wide list: three numbers in each of four zones, by area code (212 New York, 312 Chicago,
// 303 Denver, 415 San Francisco), in that order.
const AREAS = [['212', 'America/New_York'], ['312', 'America/Chicago'], ['303', 'America/Denver'], ['415', 'America/Los_Angeles']];
const US_CSV = `phone_number,name\n${AREAS.flatMap(([a], z) => [1, 2, 3].map((i) => `+1${a}555010${i},r${z}${i}`)).join('\n')}\n`;

const form = (page) => page.locator('#campaign-form');
const why = (page) => page.locator('#why');

async function useCsv(page, text, name = 'us-wide.csv') {
  await form(page).getByText('CSV file', { exact: true }).click();
  await page.locator('#f-csv').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.locator('.csv-summary').waitFor();
}

/** Monday 9 March 2026 (the day after the US spring-forward), 09:00 in New York, 09:00–18:00. */
async function usWide(page, { recipientHours }) {
  await page.locator('#f-sim-start').fill('2026-03-09T09:00');
  await fill(page, 'Campaign time zone', 'America/New_York');
  await page.locator('#f-hours-start').fill('09:00');
  await page.locator('#f-hours-end').fill('18:00');
  await page.locator('#f-hours-recipient').setChecked(recipientHours);
  await useCsv(page, US_CSV);
  await waitForLaunchable(page);
}

test('the zone list is the engine\'s tzdata, and the calendar fields reach the scenario the engine runs', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  const tz = await page.evaluate(async () => {
    const { loadEngine } = await import('./campaign-sim.js');
    return (await loadEngine()).timeZones();
  });
  await page.waitForFunction((n) => document.querySelectorAll('#f-zone-list option').length === n, tz.zones.length);
  const listed = await page.locator('#f-zone-list option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(listed, tz.zones);
  assert.ok(listed.includes('America/Los_Angeles') && listed.includes('Asia/Kolkata'));
  assert.match(await page.locator('#f-time-zone-hint').textContent(), new RegExp(`tzdata ${tz.tzdata}`));

  // A default form sends the engine's default schedule untouched.
  const before = (await pageScenario(page)).schedule;
  await fill(page, 'Campaign time zone', 'America/New_York');
  await page.locator('#f-hours-recipient').check();
  await page.locator('#f-day-sat').uncheck();
  await page.locator('#f-day-sun').uncheck();
  await fill(page, 'Holidays', '2026-03-09, 2026-04-03');
  await page.locator('#f-rules').selectOption('us_tcpa');
  await page.locator('#f-check-canada_crtc').check();
  await fill(page, 'Zone for unclear numbers', 'America/Chicago');
  await fill(page, 'Recipient time zones', 'America/New_York 60, America/Los_Angeles 40');
  await waitForLaunchable(page);
  const sc = await pageScenario(page);
  assert.deepEqual(sc.schedule, {
    ...before,
    time_zone: 'America/New_York', calling_hours_in: 'recipient', calling_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    holidays: ['2026-03-09', '2026-04-03'], calling_rules: 'us_tcpa', compliance_check: ['canada_crtc'],
    default_recipient_time_zone: 'America/Chicago',
  });
  assert.deepEqual(sc.recipients.time_zones, { 'America/New_York': 0.6, 'America/Los_Angeles': 0.4 });
  // The preset is marked as beyond DialNexa where it is chosen.
  assert.match(await page.locator('label[for="f-rules"]').textContent(), /beyond DialNexa/);
  assert.match(await page.locator('#f-rules option[value="us_tcpa"]').textContent(), /beyond DialNexa/);
  assertNoProblems(problems);
  await page.close();
});

test('a US-wide list with hours in recipient time: at 09:00 in New York the western zones wait for 09:00 on their own clocks', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await usWide(page, { recipientHours: true });
  await setSpeed(page, '1×');
  await button(page, 'Launch').click();
  // On 9 March 2026 (daylight time): Chicago UTC−5, Denver UTC−6, Los Angeles UTC−7, so their
  // 09:00 is 10:00, 11:00 and 12:00 in New York. New York's own recipients are being called.
  await why(page).filter({ hasText: 'America/Los_Angeles' }).waitFor();
  const text = await why(page).textContent();
  assert.match(text, /3 recipients in America\/Chicago wait for 09:00 local \(Mon 9 Mar 10:00 in America\/New_York\)/);
  assert.match(text, /3 recipients in America\/Denver wait for 09:00 local \(Mon 9 Mar 11:00 in America\/New_York\)/);
  assert.match(text, /3 recipients in America\/Los_Angeles wait for 09:00 local \(Mon 9 Mar 12:00 in America\/New_York\)/);
  assert.doesNotMatch(text, /in America\/New_York wait/);
  assert.match(await page.locator('#sim-clock-zone').textContent(), /^America\/New_York · UTC−04:00$/);
  assert.match(await page.locator('#cal-zones').textContent(), /12 from the phone number/);
  await page.locator('.control-card').screenshot({ path: path.join(ARTIFACTS, 'calendar-waiting.png') });

  // Run to the end: every call started inside 09:00–18:00 on its recipient's clock, and each
  // western first attempt at 09:00 their time, as the history shows it.
  await setSpeed(page, 'Max');
  await waitForStatus(page, 'completed', 60_000);
  await page.waitForFunction(() => document.querySelectorAll('.h-window .h-row[data-call-id] .c-local').length >= 12
    && [...document.querySelectorAll('.h-window .h-row .c-local')].every((c) => c.textContent));
  const rows = await page.locator('.h-window .h-row[data-call-id]').evaluateAll((els) => els.map((el) => ({
    phone: el.querySelector('.c-phone').textContent, attempt: el.children[4].textContent, theirs: el.querySelector('.c-local').textContent,
  })));
  const firstLa = rows.filter((r) => r.phone.startsWith('+1415') && r.attempt === '1');
  assert.equal(firstLa.length, 3);
  for (const r of firstLa) assert.match(r.theirs, /^Mon 09:0\d:\d\d −07:00$/, `LA first call on their clock: ${r.theirs}`);
  assert.equal(await page.locator('.h-head .c-local').textContent(), 'Their time');
  assert.ok(await page.locator('.h-head .c-local').isVisible());

  // The calls export has the same zone and local time, for every attempt.
  await page.locator('#export-group-completed').waitFor();
  const [file] = await downloads(page, 1, () => page.locator('button[data-table="calls"]').click());
  const calls = csvObjects(file.text);
  assert.ok(calls.length >= 12);
  for (const c of calls) {
    const zone = AREAS.find(([a]) => c.phone_number.startsWith(`+1${a}`))[1];
    assert.equal(c.time_zone, zone);
    const hour = Number(c.initiated_at_recipient_local.slice(11, 13));
    assert.ok(hour >= 9 && hour < 18, `${c.phone_number} called at ${c.initiated_at_recipient_local} their time`);
  }
  assert.match(await page.locator('#export-zone-note').textContent(), /initiated_at_recipient_local/);
  assertNoProblems(problems);
  await page.close();
});

test('campaign hours with a TCPA compliance check: the page counts the western calls before 08:00 their time', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await usWide(page, { recipientHours: false });
  await page.locator('#f-check-us_tcpa').check();
  await waitForLaunchable(page);
  await setSpeed(page, 'Max');
  await button(page, 'Launch').click();
  await waitForStatus(page, 'completed', 60_000);
  const [file] = await downloads(page, 1, () => page.locator('button[data-table="calls"]').click());
  const calls = csvObjects(file.text);
  // TCPA: 08:00–21:00 at the called party. Hours are 09:00–18:00 New York time, so Los Angeles
  // is called from 06:00 and Denver from 07:00 their time: those before 08:00 are outside.
  const outside = calls.filter((c) => {
    const hm = c.initiated_at_recipient_local.slice(11, 16);
    return hm < '08:00' || hm >= '21:00';
  });
  assert.ok(outside.length >= 3, `Los Angeles' first calls at 06:00 are outside (${outside.length})`);
  assert.ok(outside.every((c) => c.time_zone === 'America/Los_Angeles' || c.time_zone === 'America/Denver'));
  const line = await page.locator('#cal-compliance li[data-preset="us_tcpa"]').textContent();
  assert.equal(line, `US TCPA: ${outside.length} of ${calls.length} attempts started outside its hours (${(100 * outside.length / calls.length).toLocaleString('en-US', { maximumFractionDigits: 1 })} %).`);
  assert.match(await page.locator('#cal-compliance').textContent(), /not applied.*beyond DialNexa/);
  assertNoProblems(problems);
  await page.close();
});

test('a Friday-evening launch with Monday-to-Friday days waits for Monday 09:00, a Monday holiday for Tuesday; the chart marks the clocks going forward', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Number of recipients', 40);
  await page.locator('#f-sim-start').fill('2026-03-06T19:00'); // a Friday evening, EST
  await fill(page, 'Campaign time zone', 'America/New_York');
  await page.locator('#f-hours-start').fill('09:00');
  await page.locator('#f-hours-end').fill('18:00');
  await page.locator('#f-day-sat').uncheck();
  await page.locator('#f-day-sun').uncheck();
  await waitForLaunchable(page);
  await setSpeed(page, '1×');
  await button(page, 'Launch').click();
  await why(page).filter({ hasText: 'wait for' }).waitFor();
  assert.match(await why(page).textContent(), /40 recipients in America\/New_York wait for 09:00 local, Mon 9 Mar\./);
  assert.match(await page.locator('#sim-clock-zone').textContent(), /UTC−05:00/);

  // New run with Monday 9 March a holiday: Tuesday.
  await button(page, 'Cancel').click();
  await waitForStatus(page, 'cancelled');
  await button(page, 'New run').click();
  await button(page, 'Discard results and start a new run').click();
  await fill(page, 'Holidays', '2026-03-09');
  await waitForLaunchable(page);
  const scenario = await pageScenario(page);
  await button(page, 'Launch').click();
  await why(page).filter({ hasText: 'Tue 10 Mar' }).waitFor();
  assert.match(await why(page).textContent(), /40 recipients in America\/New_York wait for 09:00 local, Tue 10 Mar\./);

  // To the end: the campaign runs on Tuesday in daylight time; the chart's axis crosses Sunday's
  // spring-forward (02:00 EST -> 03:00 EDT) and marks it.
  await setSpeed(page, 'Max');
  await waitForStatus(page, 'completed', 60_000);
  assert.match(await page.locator('#sim-clock').textContent(), /^Tue 10 Mar 2026/);
  assert.match(await page.locator('#sim-clock-zone').textContent(), /UTC−04:00/);
  const report = await engineRun(page, { ...scenario, launch_at_minute: 0 }, scenario.seed);
  assert.match(report.clock.local_time, /^2026-03-10T\d\d:\d\d:\d\d-04:00$/);
  assert.equal(await page.locator('.area-chart .dst-line').count(), 1);
  assert.equal(await page.locator('.area-chart .dst-label').textContent(), 'clocks +1 h · UTC−04:00');
  assert.equal(await page.locator('#chart-axis-note').textContent(),
    'Time axis: America/New_York, the campaign time zone; clocks +1 h at Sun 03:00:00 (UTC−04:00).');
  // Tick labels are round local times: on this multi-day axis, day starts (Sat/Sun/Mon/Tue 00:00).
  const ticks = await page.locator('.area-chart text.axis:not(.dst-label)').evaluateAll((ts) => ts.map((t) => t.textContent).filter((s) => /\d\d:\d\d$/.test(s)));
  assert.ok(ticks.length >= 3, ticks.join(' | '));
  for (const t of ticks) assert.match(t, /^(?:[A-Z][a-z]{2} )?\d\d:00$/, `a round local time: ${t}`);
  for (const width of [1400, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator('#chart').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(ARTIFACTS, `calendar-chart-${width}.png`) });
  }
  assertNoProblems(problems);
  await page.close();
});

test('a shared link keeps every calendar field; an unknown zone gets the engine\'s error at the field', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Campaign time zone', 'Asia/Kolkata');
  await page.locator('#f-hours-recipient').check();
  await page.locator('#f-day-sun').uncheck();
  await fill(page, 'Holidays', '2026-12-25');
  await page.locator('#f-rules').selectOption('india_trai');
  await page.locator('#f-check-uk_ofcom').check();
  await fill(page, 'Recipient time zones', 'Asia/Kolkata 75, Europe/London 25');
  await waitForLaunchable(page);
  const sent = await pageScenario(page);
  await page.waitForFunction(() => /^#v=1&/.test(location.hash));
  await page.waitForTimeout(1200); // the link is rewritten 300 ms after the last change
  const link = page.url();

  const other = await env.browser.context.newPage();
  await other.goto(link);
  await waitForLaunchable(other);
  assert.deepEqual(await pageScenario(other), sent);
  assert.equal(await other.locator('#f-time-zone').inputValue(), 'Asia/Kolkata');
  assert.ok(await other.locator('#f-hours-recipient').isChecked());
  assert.deepEqual(await other.locator('#f-days input').evaluateAll((bs) => bs.filter((b) => b.checked).map((b) => b.value)), ['mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
  assert.equal(await other.locator('#f-holidays').inputValue(), '2026-12-25');
  assert.equal(await other.locator('#f-rules').inputValue(), 'india_trai');
  assert.ok(await other.locator('#f-check-uk_ofcom').isChecked());
  assert.equal(await other.locator('#f-zone-mix').inputValue(), 'Asia/Kolkata 75, Europe/London 25');
  await other.close();

  // A misspelt zone: the engine's message, at the field, with its suggestion; Launch stays off.
  await fill(page, 'Campaign time zone', 'Asia/Kolkatta');
  const error = page.locator('#f-time-zone-error');
  await error.filter({ hasText: 'did you mean' }).waitFor();
  assert.match(await error.textContent(), /^Campaign time zone: unknown time zone "Asia\/Kolkatta" \(did you mean "Asia\/Kolkata"\?\)/);
  assert.equal(await page.locator('#f-time-zone').getAttribute('aria-invalid'), 'true');
  assert.ok(await button(page, 'Launch').isDisabled());
  // Recipient hours without a zone: the field says what it needs.
  await fill(page, 'Campaign time zone', '');
  await page.locator('#f-hours-recipient-error').filter({ hasText: 'needs' }).waitFor();
  assert.equal(await page.locator('#f-hours-recipient-error').textContent(),
    'Calling hours in recipient time needs a Campaign time zone (an IANA name such as America/New_York).');
  await page.locator('.form-card').screenshot({ path: path.join(ARTIFACTS, 'calendar-form-errors.png') });
  await fill(page, 'Campaign time zone', 'Asia/Kolkata');
  await waitForLaunchable(page);
  for (const width of [1400, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator('#f-time-zone').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(ARTIFACTS, `calendar-form-${width}.png`) });
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `at ${width} px the form overflows nothing (${scroll} > ${client})`);
  }
  assertNoProblems(problems);
  await page.close();
});

test('a CSV timezone column wins, an ambiguous number is reported in the form\'s words, and the summary counts both', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Campaign time zone', 'America/Chicago');
  // +1 605 (South Dakota) spans Central and Mountain time: ambiguous. The second row names its zone.
  await useCsv(page, 'phone_number,timezone\n+16055550101,\n+14155550102,Europe/London\n', 'zones.csv');
  const warning = page.locator('.form-warnings li', { hasText: 'span several time zones' });
  await warning.waitFor();
  const text = await warning.textContent();
  assert.match(text, /^CSV file: 1 phone numbers span several time zones \(row 2\); they are called in America\/Chicago \(the campaign's zone; set Zone for unclear numbers to choose\)$/);
  await waitForLaunchable(page);
  await setSpeed(page, 'Max');
  await button(page, 'Launch').click();
  await waitForStatus(page, 'completed', 60_000);
  assert.equal(await page.locator('#cal-zones').textContent(),
    'Recipients’ zones: 1 from the CSV timezone column; 1 with a number spanning several zones (called in the zone for unclear numbers).');
  assertNoProblems(problems);
  await page.close();
});
