// Shareable links and scenario files (issue 10): the address bar holds the whole page state, a
// reload or another browser opening it gets the same form and the same numbers; a link whose
// results changed says "differs", a link cut short says it is damaged; CSV rows never go into a
// link; Save scenario -> Open scenario is a round trip the CLI accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  browserSuite, startBrowser, openPage, waitForLaunchable, assertNoProblems, readCounters, waitForStatus, setSpeed, button,
  pageScenario, fill, downloads, COUNTER_KEYS, ROOT, ARTIFACTS,
} from './helpers.mjs';

const env = browserSuite();
const CLI = path.join(ROOT, 'build/native/campaign-sim');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-share-'));

/** Waits until the address bar holds a state link written after the latest edit. */
async function settledLink(page) {
  await page.waitForFunction(() => /^#v=1&/.test(location.hash) && document.querySelector('#share-link-status')?.textContent !== '', null, { timeout: 15_000 });
  // The link is rewritten 300 ms after the last change: wait until it has not changed for 1 s.
  let last = '';
  let stable = 0;
  for (let i = 0; i < 80; i++) {
    const now = await page.evaluate(() => location.hash);
    stable = now === last ? stable + 1 : 0;
    if (stable >= 4 && /&r=c\./.test(now)) return page.url();
    last = now;
    await page.waitForTimeout(250);
  }
  return page.url();
}

async function formValues(page) {
  const form = page.locator('#campaign-form');
  const v = (label) => form.getByLabel(label, { exact: true }).inputValue();
  return {
    retries: await v('Retry count'),
    wait: await v('Retry interval'),
    count: await v('Number of recipients'),
    seed: await v('Seed'),
    sweepMax: await page.locator('#tn-sw-max').inputValue(),
    sweepWaits: await page.locator('#tn-sw-waits').inputValue(),
    runs: await page.locator('#tn-runs').inputValue(),
  };
}

function cliRun(scenario, seed) {
  const file = path.join(tmp, `run-${seed}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...scenario, launch_at_minute: 0 }));
  return JSON.parse(execFileSync(CLI, ['run', file, '--seed', String(seed)], { encoding: 'utf8' }));
}

test('the address bar holds the scenario: a reload and a fresh browser get the same form and the CLI\'s counters', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Retry count', 3);
  await fill(page, 'Retry interval', 45);
  await fill(page, 'Number of recipients', 400);
  await fill(page, 'Seed', 23);
  await page.locator('#tn-sw-max').fill('3');
  await page.locator('#tn-sw-waits').fill('10, 90');
  await page.locator('#tn-runs').fill('321');
  const edited = await formValues(page);
  assert.deepEqual(edited, { retries: '3', wait: '45', count: '400', seed: '23', sweepMax: '3', sweepWaits: '10, 90', runs: '321' });
  const url = await settledLink(page);
  assert.match(url, /#v=1&e=\d+\.\d+\.\d+&r=c\.[0-9a-f]{8}&n=\d+&s=/);
  const status = await page.locator('#share-link-status').textContent();
  assert.match(status, new RegExp(`${url.length.toLocaleString('en-US')} characters`), 'the page says how long the link is');

  await page.reload();
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  assert.deepEqual(await formValues(page), edited, 'a reload restores every setting');
  assertNoProblems(problems);

  // Another browser (a colleague opening the link): the same form, and launching gives the counters
  // `campaign-sim run` gives for the scenario the link holds.
  const other = await startBrowser();
  try {
    const { page: p2, problems: problems2 } = await openPage(other.context, url);
    assert.deepEqual(await formValues(p2), edited);
    await p2.locator('#share-reproduce[data-state="reproduced"]').waitFor({ timeout: 20_000 });
    assert.match(await p2.locator('#share-reproduce').textContent(), /Reproduced/);
    const scenario = await pageScenario(p2);
    assert.equal(scenario.retry.max_retries, 3);
    assert.equal(scenario.retry.wait_minutes, 45);
    assert.equal(scenario.recipients.count, 400);
    assert.equal(scenario.seed, 23);
    await setSpeed(p2, 'Max');
    await button(p2, 'Launch').click();
    await waitForStatus(p2, 'completed', 60_000);
    await p2.waitForFunction(() => document.querySelector('[data-counter="in_progress"]').textContent === '0');
    const expected = cliRun(scenario, 23).campaigns[0].counters;
    const shown = await readCounters(p2);
    for (const key of COUNTER_KEYS) assert.equal(Number(shown[key]), expected[key], `counter ${key}`);
    assertNoProblems(problems2);
  } finally {
    await other.close();
  }
  await page.close();
});

test('a link whose results changed shows "differs" with both numbers; a link cut short says it is damaged', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Retry count', 1);
  const url = await settledLink(page);
  const hash = url.slice(url.indexOf('#'));
  const r = /&r=c\.([0-9a-f]{8})&/.exec(hash)[1];
  const other = r === '00000000' ? '11111111' : '00000000';

  // The same link as if made by an engine that computed other numbers.
  const changed = await env.browser.context.newPage();
  await changed.goto(`${env.server.url}${hash.replace(`r=c.${r}`, `r=c.${other}`)}`);
  const diff = changed.locator('#share-reproduce[data-state="differs"]');
  await diff.waitFor({ timeout: 20_000 });
  const text = await diff.textContent();
  assert.match(text, /differ/);
  assert.match(text, new RegExp(`c\\.${other}`), 'the link\'s result hash is shown');
  assert.match(text, new RegExp(`c\\.${r}`), 'and this engine\'s');
  assert.ok(await diff.locator('table tr[data-counter="completed_leads"]').count() === 1, 'both sets of numbers are shown');
  await changed.close();

  // Cut short (as a chat app might): the page says the link is damaged and what it recovered.
  const cut = await env.browser.context.newPage();
  await cut.goto(`${env.server.url}${hash.slice(0, hash.length - 120)}`);
  const notice = cut.locator('#share-notice[data-kind="damaged"]');
  await notice.waitFor({ timeout: 15_000 });
  const said = await notice.textContent();
  assert.match(said, /This link is damaged/);
  assert.match(said, /[Rr]ecovered: |Nothing of its scenario could be read/);
  assert.doesNotMatch(said, /\b[a-z]+[A-Z]\w*\b/, 'the page\'s settings are named in words, not by their code names');
  await cut.screenshot({ path: path.join(ARTIFACTS, 'share-damaged-link.png') });
  await cut.close();
  assertNoProblems(problems);
  await page.close();
});

test('a scenario with CSV recipients keeps the rows out of the link and offers the file', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  const rows = Array.from({ length: 40 }, (_, i) => `+1415555${String(1000 + i)},Lead ${i}`);
  const csv = path.join(tmp, 'leads.csv');
  fs.writeFileSync(csv, `phone_number,name\n${rows.join('\n')}\n`);
  await page.locator('#campaign-form').getByText('CSV file', { exact: true }).click();
  await page.locator('#f-csv').setInputFiles(csv);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch', null, { timeout: 15_000 });
  // The link of the file's rows (not an earlier one of the CSV mode before the file was read).
  await page.waitForFunction(() => {
    const s = document.querySelector('#share-link-status');
    return s?.dataset.csvOmitted === 'true' && /40 rows/.test(s.textContent);
  }, null, { timeout: 15_000 });
  const hash = await page.evaluate(() => location.hash);
  const { readLink } = await import(path.join(ROOT, 'web/link.js'));
  const read = await readLink(hash);
  assert.equal(read.ok, true);
  assert.equal(JSON.stringify(read.state).includes('+1415555'), false, 'no phone number in the link');
  assert.deepEqual(read.state.scenario.recipients, { csv_omitted: { rows: 40, file: 'leads.csv' } });
  const status = page.locator('#share-link-status');
  assert.match(await status.textContent(), /leaves out the CSV’s recipients.*40 rows/s);
  // ...and offers the file: its Save scenario holds the rows.
  const [saved] = await downloads(page, 1, () => status.getByRole('button', { name: 'Save scenario' }).click());
  assert.match(saved.name, /\.json$/);
  assert.match(JSON.parse(saved.text).recipients.csv, /\+14155551039,Lead 39/);

  // Opening that link elsewhere asks for the CSV instead of silently using other recipients.
  const p2 = await env.browser.context.newPage();
  await p2.goto(`${env.server.url}${hash}`);
  await p2.locator('#share-notice [data-kind="csv-omitted"]').waitFor();
  assert.match(await p2.locator('#share-notice').textContent(), /leads\.csv.*40 rows.*links never carry/s);
  // The file it offers opens there with its rows, and they survive the next edit of the form.
  const savedFile = path.join(tmp, 'with-csv.json');
  fs.writeFileSync(savedFile, saved.text);
  await p2.locator('#share-open-file').setInputFiles(savedFile);
  await p2.locator('#share-file-status[data-state="valid"]').waitFor({ timeout: 15_000 });
  await fill(p2, 'Retry count', 1);
  await p2.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  const reopened = await pageScenario(p2);
  assert.equal(reopened.retry.max_retries, 1);
  assert.match(reopened.recipients.csv, /\+14155551039,Lead 39/, 'the CSV rows are still there after an edit');
  await p2.close();
  assertNoProblems(problems);
  await page.close();
});

test('Copy link puts the address on the clipboard and says how long it is', async () => {
  await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  try {
    const { page, problems } = await openPage(env.browser.context, env.server.url);
    await fill(page, 'Retry count', 3);
    await settledLink(page);
    await page.locator('#share').getByRole('button', { name: 'Copy link' }).click();
    const status = page.locator('#share-link-status');
    await page.waitForFunction(() => /Link copied/.test(document.querySelector('#share-link-status').textContent));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, page.url());
    assert.match(await status.textContent(), new RegExp(`Link copied: ${copied.length.toLocaleString('en-US')} characters`));
    assertNoProblems(problems);
    await page.close();
  } finally {
    await env.browser.context.clearPermissions();
  }
});

test('without clipboard access, Copy link shows the link selected in a field to copy by hand', async () => {
  const page = await env.browser.context.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
  });
  await page.goto(env.server.url);
  await waitForLaunchable(page);
  await settledLink(page);
  await page.locator('#share').getByRole('button', { name: 'Copy link' }).click();
  const field = page.getByRole('textbox', { name: 'Share link' });
  await field.waitFor();
  assert.equal(await field.inputValue(), page.url());
  const selected = await field.evaluate((el) => [el === document.activeElement, el.selectionStart, el.selectionEnd, el.value.length]);
  assert.deepEqual(selected, [true, 0, selected[3], selected[3]], 'the whole link is selected and focused, ready for Ctrl+C');
  assert.match(await page.locator('#share-link-status').textContent(), /Copy it from here/);
  await page.close();
});

test('an edit followed at once by a reload is not lost', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await settledLink(page);
  await page.locator('#campaign-form').getByLabel('Retry count', { exact: true }).fill('7');
  await page.reload(); // well within the 300 ms before the address is rewritten
  await page.locator('#controls').getByRole('button', { name: 'Launch' }).waitFor();
  assert.equal(await page.locator('#campaign-form').getByLabel('Retry count', { exact: true }).inputValue(), '7');
  const url = await settledLink(page);
  assert.equal((await (await import(path.join(ROOT, 'web/link.js'))).readLink(url.slice(url.indexOf('#')))).state.scenario.retry.max_retries, 7, 'and the address catches up');
  await page.reload(); // a later reload opens the address, not the kept edit
  await page.locator('#controls').getByRole('button', { name: 'Launch' }).waitFor();
  assert.equal(await page.locator('#campaign-form').getByLabel('Retry count', { exact: true }).inputValue(), '7');
  assertNoProblems(problems);
  await page.close();
});

test('a file opened while older settings are still being checked reports its own check, not theirs', async () => {
  // The engine's answer to the first check is held back until 100 ms after the file is chosen, so
  // it arrives while the page waits to check the file (as on a slow or busy machine).
  const page = await env.browser.context.newPage();
  await page.addInitScript(() => {
    const held = [];
    document.addEventListener('change', () => setTimeout(() => held.splice(0).forEach((f) => f()), 100), true);
    const add = Worker.prototype.addEventListener;
    Worker.prototype.addEventListener = function (type, listener, options) {
      if (type !== 'message') return add.call(this, type, listener, options);
      return add.call(this, type, (event) => {
        const checked = event.data && event.data.type === 'reply' && event.data.result && event.data.result.validation;
        if (!checked || window.__checksSent) return listener.call(this, event);
        window.__checksSent = 1;
        held.push(() => listener.call(this, event));
      }, options);
    };
  });
  await page.goto(env.server.url);
  await page.waitForFunction(() => window.__checksSent >= 1, null, { timeout: 20_000 });
  const file = path.join(tmp, 'opened-while-checking.json');
  const scenario = JSON.parse(execFileSync(CLI, ['defaults'], { encoding: 'utf8' }));
  fs.writeFileSync(file, JSON.stringify({ ...scenario, retry: { ...scenario.retry, max_retries: 99 } }));
  await page.locator('#share-open-file').setInputFiles(file);
  const status = page.locator('#share-file-status:not([data-state="checking"])');
  await status.waitFor({ timeout: 20_000 });
  assert.equal(await status.getAttribute('data-state'), 'invalid', `the page's own (valid) settings were reported for the file: ${await status.textContent()} ${JSON.stringify(await pageScenario(page))}`);
  assert.match(await status.textContent(), /\/retry\/max_retries/);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent !== 'Checking…');
  assert.notEqual(await page.locator('#form-state').textContent(), 'Ready to launch');
  await page.close();
});

test('Save scenario -> Open scenario is a round trip, and campaign-sim validate accepts the saved file', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Retry count', 4);
  await fill(page, 'Retry interval', 75);
  await fill(page, 'Seed', 99);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  const before = await pageScenario(page);
  const [saved] = await downloads(page, 1, () => page.locator('#share').getByRole('button', { name: 'Save scenario' }).click());
  const file = path.join(tmp, saved.name);
  fs.writeFileSync(file, saved.text);
  assert.deepEqual(JSON.parse(saved.text), before, 'the file is the scenario the page runs');
  const v = spawnSync(CLI, ['validate', file], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);

  // A fresh page opens it: the same form and scenario.
  const p2 = (await openPage(env.browser.context, env.server.url)).page;
  await p2.locator('#share-open-file').setInputFiles(file);
  await p2.locator('#share-file-status[data-state="valid"]').waitFor({ timeout: 15_000 });
  assert.deepEqual(await pageScenario(p2), before);
  assert.equal(await p2.locator('#campaign-form').getByLabel('Retry count', { exact: true }).inputValue(), '4');
  assert.equal(await p2.locator('#campaign-form').getByLabel('Seed', { exact: true }).inputValue(), '99');

  // A file with mistakes: loaded like a form edit, its errors named by JSON path.
  const bad = path.join(tmp, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ ...before, retry: { ...before.retry, wait_minutes: -5 }, concurrency: 'ten' }));
  await p2.locator('#share-open-file').setInputFiles(bad);
  const invalid = p2.locator('#share-file-status[data-state="invalid"]');
  await invalid.waitFor({ timeout: 15_000 });
  const listed = await invalid.textContent();
  assert.match(listed, /\/retry\/wait_minutes/);
  assert.match(listed, /\/concurrency/);
  // Not JSON at all: not opened, and the form keeps what it had.
  const junk = path.join(tmp, 'junk.json');
  fs.writeFileSync(junk, '{"retry": ');
  await p2.locator('#share-open-file').setInputFiles(junk);
  await p2.locator('#share-file-status[data-state="error"]').waitFor();
  assert.match(await p2.locator('#share-file-status').textContent(), /junk\.json was not opened: it is not JSON/);
  await p2.close();
  assertNoProblems(problems);
  await page.close();
});

test('a link made after a Monte Carlo carries its summary: rerun, it is reproduced; with another hash it differs', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await fill(page, 'Number of recipients', 300);
  await page.locator('#tn-runs').fill('80');
  await page.getByLabel('Monte Carlo seed').fill('12');
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-mc').dataset.state === 'done', null, { timeout: 60_000 });
  await page.waitForFunction(() => /&m=80\.12\.[0-9a-f]{8}&/.test(location.hash), null, { timeout: 15_000 });
  const hash = await page.evaluate(() => location.hash);
  const m = /&m=80\.12\.([0-9a-f]{8})&/.exec(hash)[1];

  for (const [link, expected] of [[hash, 'reproduced'], [hash.replace(`m=80.12.${m}`, `m=80.12.${m === 'ffffffff' ? 'eeeeeeee' : 'ffffffff'}`), 'differs']]) {
    const p2 = await env.browser.context.newPage();
    await p2.goto(`${env.server.url}${link}`);
    const box = p2.locator('#share-reproduce-mc');
    await box.locator('xpath=self::*[@data-state="waiting"]').waitFor({ timeout: 15_000 });
    assert.match(await box.textContent(), /80 runs, seed 12/);
    assert.equal(await p2.locator('#tn-runs').inputValue(), '80', 'the link brought the runs back');
    await waitReady(p2);
    await p2.getByRole('button', { name: 'Run Monte Carlo' }).click();
    await box.locator(`xpath=self::*[@data-state="${expected}"]`).waitFor({ timeout: 60_000 });
    if (expected === 'differs') assert.equal(await box.locator('tr[data-metric="completed_share"]').count(), 1, 'both summaries are shown');
    await p2.close();
  }
  assertNoProblems(problems);
  await page.close();
});

async function waitReady(page) {
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch', null, { timeout: 15_000 });
}
