// Issue 8 in the page: a live run cut at the horizon says so instead of looking finished; a
// Monte Carlo, sweep or A/B comparison estimated to be long asks first ("about N on this device")
// and keeps its Stop button once running. Saves build/artifacts/hardening-*.png.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import {
  browserSuite, openPage, assertNoProblems, setSpeed, fill, waitForLaunchable, button, pageScenario, ARTIFACTS, ROOT,
} from './helpers.mjs';

const env = browserSuite();
before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

test('a live run that cannot finish in 400 simulated days is cut there and the page says so', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Number of recipients', 10000);
  await fill(page, 'Concurrency', 1);
  await fill(page, 'Calling hours start', '09:00');
  await fill(page, 'Calling hours end', '09:30');
  await setSpeed(page, 'Max');
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await waitForLaunchable(page);
  assert.equal((await pageScenario(page)).concurrency, 1);
  await button(page, 'Launch').click();
  const notice = page.locator('#why[data-kind="truncated"]');
  await notice.waitFor({ timeout: 120_000 });
  const text = await notice.textContent();
  assert.match(text, /cut at the horizon, 400 simulated days in, with [\d,]+ recipients still in progress/);
  const inProgress = Number(text.match(/with ([\d,]+) recipients/)[1].replace(/,/g, ''));
  assert.ok(inProgress > 0 && inProgress < 10000, `${inProgress} still in progress`);
  await page.locator('#why').screenshot({ path: path.join(ARTIFACTS, 'hardening-truncated.png') });
  assertNoProblems(problems);
  await page.close();
});

test('a sweep estimated to be long asks before it starts; Cancel runs nothing, Run anyway keeps Stop', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.locator('#tn-sweep').waitFor();
  await fill(page, 'Number of recipients', 100000);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await page.locator('#tn-sw-max').fill('10');
  await page.locator('#tn-sw-runs').fill('10000');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  const confirm = page.locator('#tn-sweep .tn-confirm');
  await confirm.waitFor({ state: 'visible', timeout: 60_000 });
  const text = await confirm.textContent();
  assert.match(text, /This needs about [\d.]+ (s|minutes|hours|days) on this device \([\d,]+ simulated calls on \d+ workers?; above the engine’s budget/);
  await page.locator('#tn-sweep').screenshot({ path: path.join(ARTIFACTS, 'hardening-estimate.png') });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('#tn-sweep').getAttribute('data-state'), null, 'nothing ran');
  assert.equal(await page.getByRole('button', { name: 'Stop sweep' }).isDisabled(), true);

  await page.getByRole('button', { name: 'Run sweep' }).click();
  await confirm.waitFor({ state: 'visible', timeout: 60_000 });
  await confirm.getByRole('button', { name: 'Run anyway' }).click();
  const stop = page.getByRole('button', { name: 'Stop sweep' });
  await page.waitForFunction(() => !document.querySelector('#tn-sweep .tn-run .btn-danger').disabled);
  await stop.click();
  await page.waitForFunction(() => document.querySelector('#tn-sweep').dataset.state === 'stopped', null, { timeout: 60_000 });
  assertNoProblems(problems);
  await page.close();
});

test('an A/B comparison estimated to be long asks before it starts; Cancel runs nothing, Run anyway keeps Stop', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await page.locator('#tn-ab').waitFor();
  await fill(page, 'Number of recipients', 100000);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await page.locator('#tn-runs').fill('10000');
  await page.locator('#tn-runs').dispatchEvent('change');
  const card = page.locator('#tn-ab');
  await card.getByRole('button', { name: 'Compare A and B' }).click();
  const confirm = card.locator('.tn-confirm');
  await confirm.waitFor({ state: 'visible', timeout: 60_000 });
  const text = await confirm.textContent();
  // A and B: 2 x 10,000 runs of 100,000 recipients, each at least one call: at least 2e9 calls.
  assert.match(text, /This needs about [\d.]+ (s|minutes|hours|days) on this device \(([\d,]+) simulated calls on \d+ workers?; above the engine’s budget/);
  const calls = Number(text.match(/\(([\d,]+) simulated calls/)[1].replace(/,/g, ''));
  assert.ok(calls >= 2e9, `${calls} simulated calls for A and B`);
  await card.screenshot({ path: path.join(ARTIFACTS, 'hardening-ab-estimate.png') });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'hidden' });
  assert.equal(await card.getAttribute('data-state'), null, 'nothing ran');
  assert.equal(await card.getByRole('button', { name: 'Stop comparison' }).isDisabled(), true);

  await card.getByRole('button', { name: 'Compare A and B' }).click();
  await confirm.waitFor({ state: 'visible', timeout: 60_000 });
  await confirm.getByRole('button', { name: 'Run anyway' }).click();
  await page.waitForFunction(() => !document.querySelector('#tn-ab .tn-run .btn-danger').disabled);
  await card.getByRole('button', { name: 'Stop comparison' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-ab').dataset.state === 'stopped', null, { timeout: 60_000 });
  assert.match(await card.locator('.tn-progress-text').textContent(), /Stopped: nothing to compare yet/);
  assertNoProblems(problems);
  await page.close();
});

test('a CSV of recipients that is not UTF-8 is named for what it is, in the CLI\'s words, and not loaded', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-hardening-e2e-'));
  const csv = 'phone_number,name\n+14155550101,Ana\n';
  const file = path.join(dir, 'leads.csv');
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')])); // Excel's "Unicode text"
  const scenario = path.join(dir, 'with-utf16-csv.json');
  fs.writeFileSync(scenario, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ recipients: { csv } }), 'utf16le')]));
  const cli = spawnSync(path.join(ROOT, 'build/native/campaign-sim'), ['validate', scenario], { encoding: 'utf8' });
  const message = JSON.parse(cli.stdout).errors[0].message;
  assert.match(message, /this looks like UTF-16LE/);
  await page.locator('#campaign-form').getByText('CSV file', { exact: true }).click();
  await page.locator('#f-csv').setInputFiles(file);
  const alert = page.locator('#alerts');
  await page.waitForFunction(() => /leads\.csv was not loaded/.test(document.querySelector('#alerts').textContent), null, { timeout: 15_000 });
  assert.match(await alert.textContent(), new RegExp(`leads\\.csv was not loaded: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.doesNotMatch(await alert.textContent(), /NUL/, 'not the NUL characters of a misread file');
  assert.equal((await pageScenario(page)).recipients.csv === undefined || !/\u0000/.test((await pageScenario(page)).recipients.csv), true, 'no garbled rows were loaded');
  assertNoProblems(problems);
  await page.close();
});

test('a scenario file that is not UTF-8 is named for what it is when opened, in the CLI\'s words', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-hardening-e2e-'));
  const text = '{"name":"Renewals","recipients":{"count":50}}';
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]); // Notepad's "Unicode"
  const latin1 = Buffer.from('{"name":"Caf\xe9","recipients":{"count":5}}', 'latin1');
  for (const [name, bytes, pattern] of [['utf16.json', utf16, /this looks like UTF-16LE/], ['latin1.json', latin1, /invalid byte 0xE9 at line 1, column 13/]]) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    const cli = spawnSync(path.join(ROOT, 'build/native/campaign-sim'), ['validate', file], { encoding: 'utf8' });
    assert.equal(cli.status, 2);
    const message = JSON.parse(cli.stdout).errors[0].message;
    assert.match(message, pattern);
    await page.locator('#share-open-file').setInputFiles(file);
    await page.locator('#share-file-status[data-state="error"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#share-file-status').textContent(), `${name} was not opened: ${message}`);
  }
  await page.locator('#share-file-status').screenshot({ path: path.join(ARTIFACTS, 'hardening-utf16-file.png') });
  assert.equal((await pageScenario(page)).name !== 'Renewals', true, 'nothing was opened');
  assertNoProblems(problems);
  await page.close();
});
