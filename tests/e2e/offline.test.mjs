// The single-file offline copy (issue 10): build/offline/campaign-sim.html opened from file:// with
// every request other than the file itself blocked and counted (there must be none) runs a live
// campaign to the CLI's counters, a Monte Carlo over two workers to the CLI's summary, and an
// export download; "Download offline copy" writes a copy that opens on the scenario it was made from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import {
  browserSuite, readCounters, waitForStatus, setSpeed, button, pageScenario, fill, downloads,
  csvObjects, waitForLaunchable, COUNTER_KEYS, ROOT, ARTIFACTS,
} from './helpers.mjs';

const env = browserSuite();
const CLI = path.join(ROOT, 'build/native/campaign-sim');
const OFFLINE = path.join(ROOT, 'build/offline/campaign-sim.html');
let tmp;
before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-offline-')); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

const cli = (args) => JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 << 20 }));

/**
 * Opens a file:// page with the network cut: every request but the file's own (blob: and data:
 * URLs are not requests to anywhere) is aborted and recorded.
 */
async function openOffline(file, query = '') {
  const fileUrl = pathToFileURL(file).href;
  const page = await env.browser.context.newPage();
  const outside = [];
  const problems = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.split('?')[0] === fileUrl) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page.on('request', (req) => {
    const url = req.url();
    if (url.split('?')[0] !== fileUrl && !url.startsWith('blob:') && !url.startsWith('data:')) outside.push(url);
  });
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(`${fileUrl}${query}`);
  await waitForLaunchable(page, 30_000);
  return { page, outside, problems };
}

test('the offline file, from file:// with no network: a live run, a two-worker Monte Carlo and an export, equal to the CLI', async () => {
  assert.ok(fs.existsSync(OFFLINE), 'scripts/build made build/offline/campaign-sim.html');
  const html = fs.readFileSync(OFFLINE, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)[1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src blob:(;|$)/, 'fetch reaches nothing but blob: URLs');
  assert.doesNotMatch(csp, /https?:|'self'|\*/, 'no network source at all');
  // One file: nothing refers to another file.
  assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)="(?!data:)[^"]+"/);

  const copy = path.join(tmp, 'campaign-sim.html');
  fs.copyFileSync(OFFLINE, copy);
  const { page, outside, problems } = await openOffline(copy, '?workers=2');

  // A live run to completion.
  await fill(page, 'Seed', 17);
  await fill(page, 'Number of recipients', 300);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await setSpeed(page, 'Max');
  await button(page, 'Launch').click();
  await waitForStatus(page, 'completed', 60_000);
  await page.waitForFunction(() => document.querySelector('[data-counter="in_progress"]').textContent === '0');
  const scenario = await pageScenario(page);
  const file = path.join(tmp, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify({ ...scenario, launch_at_minute: 0 }));
  const expected = cli(['run', file, '--seed', '17']).campaigns[0].counters;
  const shown = await readCounters(page);
  for (const key of COUNTER_KEYS) assert.equal(Number(shown[key]), expected[key], `counter ${key}`);

  // An export download.
  const [exported] = await downloads(page, 1, () => page.locator('#exports button[data-table="recipients"]').click());
  assert.equal(csvObjects(exported.text).length, 300, 'one row per recipient');

  // Monte Carlo over the pool of two workers.
  await page.locator('#tn-runs').fill('120');
  await page.getByLabel('Monte Carlo seed').fill('4');
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-mc').dataset.state === 'done', null, { timeout: 120_000 });
  assert.match(await page.locator('#tn-mc .tn-progress-text').textContent(), /on 2 workers/);
  const [summary] = await downloads(page, 1, () => page.getByRole('button', { name: 'Export summary JSON' }).click());
  const doc = JSON.parse(summary.text);
  const mcFile = path.join(tmp, 'mc.json');
  fs.writeFileSync(mcFile, JSON.stringify(doc.scenario));
  assert.deepEqual(doc.montecarlo, cli(['montecarlo', mcFile, '--runs', '120', '--seed', '4']));

  await page.screenshot({ path: path.join(ARTIFACTS, 'offline-file.png') });
  assert.deepEqual(outside, [], 'no request left the file');
  assert.deepEqual(problems, []);
  await page.close();
});

test('"Download offline copy" writes a file that opens from file:// on the scenario it was made from', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(env.server.url);
  await waitForLaunchable(page);
  await fill(page, 'Campaign name', 'Pitch to Acme');
  await fill(page, 'Retry count', 4);
  await fill(page, 'Retry interval', 20);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  const before = await pageScenario(page);
  const [copy] = await downloads(page, 1, () => page.getByRole('button', { name: 'Download offline copy' }).click());
  assert.equal(copy.name, 'campaign-sim.html');
  const file = path.join(tmp, 'made-offline.html');
  fs.writeFileSync(file, copy.text);
  await page.close();

  const { page: off, outside, problems } = await openOffline(file);
  assert.equal(await off.locator('#campaign-form').getByLabel('Campaign name', { exact: true }).inputValue(), 'Pitch to Acme');
  assert.equal(await off.locator('#campaign-form').getByLabel('Retry count', { exact: true }).inputValue(), '4');
  assert.deepEqual(await pageScenario(off), before);
  assert.match(await off.locator('#share-notice').textContent(), /Opened on the scenario this file was made from/);

  // ...and a copy made from that copy (offline, from its own pristine HTML) keeps working.
  await fill(off, 'Retry interval', 25);
  await off.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  const [second] = await downloads(off, 1, () => off.getByRole('button', { name: 'Download offline copy' }).click());
  const file2 = path.join(tmp, 'made-offline-2.html');
  fs.writeFileSync(file2, second.text);
  const { page: off2, outside: outside2 } = await openOffline(file2);
  assert.equal(await off2.locator('#campaign-form').getByLabel('Retry interval', { exact: true }).inputValue(), '25');
  assert.deepEqual([...outside, ...outside2], []);
  assert.deepEqual(problems, []);
  await off.close();
  await off2.close();
});
