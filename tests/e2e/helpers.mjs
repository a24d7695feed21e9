// Shared set-up of the browser tests: a static server over build/web (with the strict CSP the page
// must run under), one headless Chromium per test file, and page helpers that read what a user
// sees. Run: node --test tests/e2e/   (needs scripts/build first, and playwright-core).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_ROOT = process.env.CAMPAIGN_SIM_WEB_ROOT || path.join(ROOT, 'build/web');
export const ARTIFACTS = path.join(ROOT, 'build/artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// playwright-core from the repository's node_modules, else from NODE_PATH.
const require = createRequire(path.join(ROOT, 'package.json'));
export const { chromium } = require('playwright-core');

export const FINAL_STATUSES = ['completed', 'did_not_pick', 'busy', 'no_answer', 'failed', 'cancelled', 'retry_expired'];
export const COUNTER_KEYS = ['recipients', 'sent', 'picked_up', 'completed_leads', 'failed_leads', 'did_not_pick', 'cancelled', 'retry_expired', 'in_progress', 'attempts'];

/** Starts the project's static server (scripts/serve.mjs) on a free port, with the strict CSP. */
export async function startServer() {
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html')) || !fs.existsSync(path.join(WEB_ROOT, 'campaign-sim.js'))) {
    throw new Error(`${WEB_ROOT} has no built site: run scripts/build first`);
  }
  const { startServer: start } = await import(pathToFileURL(path.join(ROOT, 'scripts/serve.mjs')).href);
  const { server, url } = await start({ root: WEB_ROOT, port: 0, host: '127.0.0.1', csp: true });
  return { url: url.endsWith('/') ? url : `${url}/`, close: () => new Promise((r) => server.close(r)) };
}

/** One persistent Chromium context in a fresh profile directory. */
export async function startBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the page and records every console error, page error and failed request, so each test
 * can assert there were none. Waits until the engine has checked the default scenario.
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  await page.goto(url);
  await page.locator('#controls').getByRole('button', { name: 'Launch' }).waitFor();
  await waitForLaunchable(page);
  return { page, problems };
}

export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`);
}

export async function waitForLaunchable(page, timeout = 15_000) {
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('#controls button')].find((x) => x.textContent.trim() === 'Launch');
    return b && !b.disabled;
  }, null, { timeout });
}

export async function readCounters(page) {
  // As a user reads them: "1,234" is 1234 (the page writes thousands separators).
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-counter]')].map((el) => [el.dataset.counter, el.textContent.replace(/,/g, '')])));
}

export async function counter(page, key) {
  return Number((await page.locator(`[data-counter="${key}"]`).textContent()).replace(/,/g, ''));
}

export async function campaignStatus(page) {
  return (await page.locator('#campaign-status').textContent()).trim();
}

export async function waitForStatus(page, status, timeout = 60_000) {
  await page.waitForFunction((s) => document.querySelector('#campaign-status')?.textContent.trim() === s, status, { timeout });
}

/** The run-control button with this exact name (Launch, Pause, Resume, Cancel, New run). */
export function button(page, name) {
  return page.locator('#controls').getByRole('button', { name, exact: true });
}

/** "New run" on a finished run, confirmed in the page's own question. */
export async function newRun(page) {
  await button(page, 'New run').click();
  await button(page, 'Discard results and start a new run').click();
}

export async function setSpeed(page, label) {
  await page.locator('.speed label', { hasText: label }).first().click();
}

/** The scenario document the page runs, as shown in its "Scenario JSON" panel. */
export async function pageScenario(page) {
  return JSON.parse(await page.locator('.scenario-json').textContent());
}

/** Runs a scenario to its end with the page's own engine module (the report of model.md §10). */
export async function engineRun(page, scenario, seed) {
  return page.evaluate(async ({ sc, sd }) => {
    const { loadEngine } = await import('./campaign-sim.js');
    const engine = await loadEngine();
    return engine.run(sc, { seed: sd });
  }, { sc: scenario, sd: seed });
}

export async function engineValidate(page, scenario) {
  return page.evaluate(async (sc) => {
    const { loadEngine } = await import('./campaign-sim.js');
    return (await loadEngine()).validate(sc);
  }, scenario);
}

/** Replaces a campaign form field's value the way a user does (select all, type). */
export async function fill(page, label, value) {
  const input = page.locator('#campaign-form').getByLabel(label, { exact: true });
  await input.fill(String(value));
}

/** Minimal RFC 4180 parser: rows of fields. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** CSV text -> array of objects keyed by the header row. */
export function csvObjects(text) {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Clicks a button and collects `count` downloads: [{name, text}]. */
export async function downloads(page, count, click) {
  const got = [];
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`expected ${count} downloads, got ${got.length}`)), 30_000);
    const onDownload = async (d) => {
      try {
        const file = await d.path();
        got.push({ name: d.suggestedFilename(), text: fs.readFileSync(file, 'utf8') });
        if (got.length === count) {
          clearTimeout(timer);
          page.off('download', onDownload);
          resolve();
        }
      } catch (err) { reject(err); }
    };
    page.on('download', onDownload);
  });
  await click();
  await done;
  return got;
}

/**
 * One static server and one Chromium for a test file: registers the file's before/after hooks and
 * returns an object whose `server` and `browser` are set once the hooks have run.
 */
export function browserSuite() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await startBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
