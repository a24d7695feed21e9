// Messages in the user's words (issue 7, point 4), read from the page: percent where the field is
// in percent, the cause rather than a derived field, the form's labels instead of JSON paths or
// key names, rejected CSV rows with the offending value and what exactly is wrong, and the A/B
// card's B side checked by the engine before anything runs, its fields marked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, assertNoProblems, fill } from './helpers.mjs';

const env = browserSuite();

/** Waits until the engine has checked the latest edit and the form shows its verdict. */
async function settled(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector('#form-state')?.textContent || '';
    return t === 'Ready to launch' || /problem/.test(t);
  });
}

/** The text of the error element `selector` once it settles on `expected` (string or RegExp). */
async function errorText(page, selector, expected) {
  const ok = (t) => (expected instanceof RegExp ? expected.test(t) : t === expected);
  const read = () => page.evaluate((sel) => { const el = document.querySelector(sel); return el && !el.hidden ? el.textContent.trim() : ''; }, selector);
  for (let i = 0; i < 50; i++) {
    const t = await read();
    if (ok(t)) return t;
    await page.waitForTimeout(100);
  }
  return read();
}

/** The error text shown under the form field with this label, once it is `expected`. */
async function fieldError(page, label, expected) {
  const id = await page.locator('#campaign-form').getByLabel(label, { exact: true }).getAttribute('id');
  return errorText(page, `#${id}-error`, expected);
}

/** Every error and warning text the form shows, to look for JSON paths and key names in. */
async function allMessages(page) {
  return page.evaluate(() => [...document.querySelectorAll('#campaign-form .field-error:not([hidden]), #form-errors li, .form-warnings li')]
    .map((el) => el.textContent.trim()).filter(Boolean));
}

function assertNoEngineWords(messages) {
  for (const m of messages) {
    assert.doesNotMatch(m, /(^|\s)\/[a-z_]+\//, `no JSON path in “${m}”`);
    assert.doesNotMatch(m, /\b(max_retries|wait_minutes|starts_at_minute|ends_at_minute|cost_per_minute|calling_hours_\w+|found)\b/, `no key names or engine phrasing in “${m}”`);
  }
}

test('a percent field out of range is worded in percent with its label', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Completed', '150');
  await settled(page);
  assert.equal(await fieldError(page, 'Completed', 'Completed is 150 %; at most 100 %.'), 'Completed is 150 %; at most 100 %.');
  assert.equal(await page.locator('#f-out-completed').getAttribute('aria-invalid'), 'true');
  assertNoEngineWords(await allMessages(page));
  assertNoProblems(problems);
  await page.close();
});

test('outcomes adding up to more than 100 % are an error of the sum, not of the computed Failed', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  for (const label of ['Completed', 'Voicemail', 'Did not pick', 'Busy', 'No answer']) await fill(page, label, '0');
  await fill(page, 'Completed', '60');
  await fill(page, 'Busy', '50');
  await settled(page);
  const sum = 'Completed, Voicemail, Did not pick, Busy and No answer add up to 110 %; together they can be at most 100 % (Failed is the rest).';
  assert.equal(await errorText(page, '#f-outcomes-error', sum), sum);
  assert.equal(await page.locator('#f-out-failed-error').isHidden(), true, 'nothing is said about the remainder itself');
  for (const m of await allMessages(page)) assert.doesNotMatch(m, /-0\.1\b|found/, m);
  assertNoProblems(problems);
  await page.close();
});

test('errors use the form labels and units, never JSON paths or key names', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Retry count', '12');
  await settled(page);
  assert.equal(await fieldError(page, 'Retry count', 'Retry count is 12; at most 10.'), 'Retry count is 12; at most 10.');
  await fill(page, 'Retry count', '2');
  await fill(page, 'Retry interval', '0');
  await settled(page);
  const interval = 'Retry interval is 0 min; at least 1 min when there are retries (Retry count is 2).';
  assert.equal(await fieldError(page, 'Retry interval', interval), interval);
  await fill(page, 'Retry interval', '30');
  await fill(page, 'Concurrency', '');
  await settled(page);
  const empty = /^Concurrency is empty; enter a whole number from 1 to [\d,]+\.$/;
  assert.match(await fieldError(page, 'Concurrency', empty), empty);
  await fill(page, 'Concurrency', '2.5');
  await settled(page);
  const whole = /^Concurrency is 2\.5; it must be a whole number from 1 to [\d,]+\.$/;
  assert.match(await fieldError(page, 'Concurrency', whole), whole);
  await fill(page, 'Concurrency', '10');
  await fill(page, 'Start minute', '100');
  await fill(page, 'End minute', '50');
  await settled(page);
  const after = 'End minute must be after the Start minute (100).';
  assert.equal(await fieldError(page, 'End minute', after), after);
  await fill(page, 'Retry count', '6'); // a warning: outside DialNexa's range
  await page.waitForFunction(() => [...document.querySelectorAll('.form-warnings li')].some((li) => /^Retry count: 6/.test(li.textContent)));
  const warnings = await page.locator('.form-warnings li').allTextContents();
  assert.ok(warnings.some((w) => w.startsWith('Retry count: 6 is outside DialNexa')), warnings.join(' | '));
  assertNoEngineWords(await allMessages(page));
  assertNoProblems(problems);
  await page.close();
});

test('an Advanced percent field is worded in percent too', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.locator('#f-advanced > summary').click();
  await page.locator('#f-busy-chance').fill('150');
  await settled(page);
  const chance = 'Busy: repeat chance is 150 %; at most 100 %.';
  assert.equal(await errorText(page, '#f-busy-chance-error', chance), chance);
  await page.locator('#f-busy-chance').fill('');
  await page.locator('#f-hours-preset').selectOption('flat');
  await page.locator('#f-hour-05').fill('12');
  await settled(page);
  const hour = 'Answer rate at 05:00 is 12; at most 10.';
  assert.equal(await errorText(page, '#f-hours-cells-error', hour), hour);
  assertNoProblems(problems);
  await page.close();
});

test('rejected CSV rows show the offending value and what exactly is wrong with it', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.locator('#campaign-form').getByText('CSV file', { exact: true }).click();
  const csv = [
    'phone_number,name',
    '+14155550101,ok', // 2
    '4155550102,no plus', // 3
    '+1-415-555-0103,dashes', // 4
    '+1415555010,short', // 5
    '+9998887776,nowhere', // 6
    '"",empty', // 7
    '+14155550107', // 8 too few fields
    '',
  ].join('\n');
  await page.locator('#f-csv').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('.rejected-detail').first().waitFor();
  const detail = async (name) => (await page.locator(`.rejected-group[data-reason="invalid_phone_number"] .rejected-detail[data-detail="${name}"]`).textContent()).replace(/\s+/g, ' ');
  // DialNexa's reason stays the group; the detail splits it.
  assert.match(await page.locator('.rejected-group[data-reason="invalid_phone_number"] .rejected-reason').textContent(), /invalid_phone_number — Invalid phone number: 5 rows/);
  assert.equal(await detail('missing_plus'), 'Missing +: 1 rowRow 3: 4155550102 — missing + at the start (E.164: +, country code, number)');
  assert.equal(await detail('stray_characters'), 'Stray characters: 1 rowRow 4: +1-415-555-0103 — stray characters: only digits may follow the +');
  assert.equal(await detail('wrong_length'), 'Wrong length: 1 rowRow 5: +1415555010 — wrong length: 10 digits, 11 expected');
  assert.equal(await detail('unknown_country_code'), 'Unknown country code: 1 rowRow 6: +9998887776 — unknown country code');
  assert.equal(await detail('empty'), 'No number: 1 rowRow 7: empty — no number');
  assert.equal((await page.locator('.rejected-group[data-reason="malformed_row"] .rejected-detail').textContent()).replace(/\s+/g, ' '),
    'Too few fields: 1 rowRow 8: +14155550107 — 1 field, the header has 2');
  assertNoProblems(problems);
  await page.close();
});

test('the B side of the A/B is checked before anything runs and its fields are marked', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  const card = page.locator('#tn-ab');
  await card.getByLabel('B: number of retries', { exact: true }).fill('2');
  await card.getByLabel('B: number of retries', { exact: true }).dispatchEvent('change');
  await card.getByLabel('B: minutes between attempts', { exact: true }).fill('0');
  await card.getByLabel('B: minutes between attempts', { exact: true }).dispatchEvent('change');
  await card.getByRole('button', { name: 'Compare A and B' }).click();
  const wait = card.getByLabel('B: minutes between attempts', { exact: true });
  await page.waitForFunction(() => document.querySelector('#tn-b-wait')?.getAttribute('aria-invalid') === 'true');
  const describedBy = (await wait.getAttribute('aria-describedby')).split(/\s+/);
  const message = (await page.locator(`#${describedBy.find((id) => id.startsWith('tn-b-error'))}`).textContent()).trim();
  assert.equal(message, 'B: minutes between attempts is 0 min; at least 1 min when there are retries (B: number of retries is 2).');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tn-b-wait', 'the focus goes to the field to fix');
  assert.match(await card.locator('.tn-error').textContent(), /^B cannot run: /);
  // Nothing ran: no result table, no progress.
  assert.equal(await card.locator('.tn-results').isHidden(), true);
  assert.equal(await card.getAttribute('data-state'), null);
  // Fixing B clears the mark.
  await wait.fill('60');
  await wait.dispatchEvent('change');
  assert.equal(await wait.getAttribute('aria-invalid'), null);
  assertNoProblems(problems);
  await page.close();
});
