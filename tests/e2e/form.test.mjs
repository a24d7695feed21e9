// The campaign form: CSV recipients (file picker and drag-and-drop) with rejected rows grouped by
// reason; the engine's own messages next to the fields they name; Launch disabled until fixed;
// the accessible names of model.md §10.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite, openPage, assertNoProblems, waitForStatus, setSpeed, fill,
  pageScenario, engineValidate, waitForLaunchable, counter,
  button, newRun,
} from './helpers.mjs';

const env = browserSuite();

const BAD_CSV = [
  'phone_number,first_name,plan',
  '+14155550101,Ada,gold', // 2
  '4155550102,Bob,silver', // 3: no + / country code
  '+14155550103,Cy,gold', // 4
  '+1415555abc1,Dee,gold', // 5: stray characters
  '+442079460000,Eve,gold', // 6: country 44 not enabled
  '+14155550101,Fay,bronze', // 7: duplicate of row 2
  '+1415,Gus,gold', // 8: too short
  '',
].join('\n');

async function waitSettled(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector('#form-state')?.textContent || '';
    return t === 'Ready to launch' || /problem/.test(t);
  });
}

test('a CSV with bad rows shows the rejected rows grouped by reason with their row numbers', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.locator('#campaign-form').getByText('CSV file', { exact: true }).click();
  await fill(page, 'Enabled country codes', '1');
  await page.locator('#f-csv').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
  await page.getByText('Loaded: leads.csv', { exact: false }).waitFor();
  await page.locator('.rejected-group').first().waitFor();
  await waitSettled(page);

  // What the page shows is what the engine's validate says.
  const validation = await engineValidate(page, await pageScenario(page));
  const r = validation.recipients[0];
  assert.ok(r.rejected.invalid_phone_number, 'the engine rejects the malformed numbers');
  for (const [reason, group] of Object.entries(r.rejected)) {
    const box = page.locator(`.rejected-group[data-reason="${reason}"]`);
    const text = await box.textContent();
    assert.ok(text.includes(reason), `${reason} named`);
    assert.ok(text.includes(`${group.count} ${group.count === 1 ? 'row' : 'rows'}`), `${reason} count: ${text}`);
    assert.ok(text.includes(`Row${group.rows.length === 1 ? '' : 's'} ${group.rows.join(', ')}`), `${reason} rows: ${text}`);
  }
  assert.deepEqual(r.rejected.invalid_phone_number.rows.slice(0, 2), [3, 5]);
  assert.match(await page.locator('.csv-summary').textContent(), new RegExp(`^${r.valid} valid recipient rows`));
  assert.match(await page.locator('.duplicates').textContent(), /\+14155550101 rows 2, 7/);

  // Valid rows run: launch and finish with exactly the valid recipients.
  await setSpeed(page, 'Max');
  await waitForLaunchable(page);
  await button(page, 'Launch').click();
  await waitForStatus(page, 'completed', 30_000);
  assert.equal(await counter(page, 'recipients'), r.valid);

  // A new run; a second file dropped on the drop zone replaces the first.
  await newRun(page);
  await waitForLaunchable(page);
  const dropped = 'phone_number,name\n+14155550111,Hal\nnot-a-number,Ivy\n';
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, dropped);
  await page.locator('.drop-zone').dispatchEvent('dragenter', { dataTransfer });
  await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer });
  await page.getByText('Loaded: dropped.csv', { exact: false }).waitFor();
  await page.waitForFunction(() => /^1 valid recipient rows/.test(document.querySelector('.csv-summary')?.textContent || ''));
  assert.match(await page.locator('.rejected-group[data-reason="invalid_phone_number"]').textContent(), /Row 3/);

  assertNoProblems(problems);
  await page.close();
});

test('retry count 2 with interval 0 shows the engine\'s rule next to the field, in the form\'s words, and keeps Launch disabled', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  const launch = button(page, 'Launch');
  const retryCount = page.locator('#campaign-form').getByRole('spinbutton', { name: /Retry count/ });
  const retryInterval = page.locator('#campaign-form').getByRole('spinbutton', { name: /Retry interval/ });
  await retryCount.fill('2');
  await retryInterval.fill('0');
  await page.locator('#f-retry-wait-error').waitFor({ state: 'visible' });
  await waitSettled(page);

  const validation = await engineValidate(page, await pageScenario(page));
  const expected = validation.errors.find((e) => e.path === '/retry/wait_minutes');
  assert.ok(expected, 'the engine rejects interval 0 with retries');
  // The engine's rule, in the form's words (labels and units; the CLI keeps the JSON path).
  assert.match(expected.message, /^must be at least 1 when max_retries > 0 \(max_retries is 2\), found 0$/);
  assert.equal(await page.locator('#f-retry-wait-error').textContent(), 'Retry interval is 0 min; at least 1 min when there are retries (Retry count is 2).');
  assert.equal(await retryInterval.getAttribute('aria-invalid'), 'true');
  assert.ok((await retryInterval.getAttribute('aria-describedby')).split(' ').includes('f-retry-wait-error'));
  assert.equal(await launch.isDisabled(), true);
  await page.waitForTimeout(500);
  assert.equal(await launch.isDisabled(), true, 'still disabled');

  // Fixed: the message goes, Launch comes back.
  await retryInterval.fill('5');
  await page.locator('#f-retry-wait-error').waitFor({ state: 'hidden' });
  await waitForLaunchable(page);
  assert.equal(await retryInterval.getAttribute('aria-invalid'), null);

  // Outcomes always sum to 100 %: Failed is the remainder; the engine rejects a negative remainder,
  // which the page shows as what the user did: the other outcomes add up to more than 100 %.
  await page.locator('#f-out-completed').fill('95');
  await page.locator('#f-outcomes-error').waitFor({ state: 'visible' });
  const v2 = await engineValidate(page, await pageScenario(page));
  assert.ok(v2.errors.some((e) => e.path === '/outcomes/failed'), 'the engine names the remainder');
  assert.match(await page.locator('#f-outcomes-error').textContent(), /^Completed, Voicemail, Did not pick, Busy and No answer add up to \d+ %; together they can be at most 100 % \(Failed is the rest\)\.$/);
  assert.equal(await page.locator('#f-out-failed-error').isHidden(), true);
  assert.equal(await launch.isDisabled(), true);
  await page.locator('#f-out-completed').fill('30');
  await waitForLaunchable(page);

  // Accessible names of model.md §10.
  for (const name of ['Launch', 'Pause', 'Resume', 'Cancel']) assert.equal(await button(page, name).count(), 1, name);
  assert.equal(await page.locator('#exports').getByRole('button', { name: /Export/ }).count(), 2);
  assert.equal(await retryCount.count(), 1);
  assert.equal(await retryInterval.count(), 1);

  assertNoProblems(problems);
  await page.close();
});
