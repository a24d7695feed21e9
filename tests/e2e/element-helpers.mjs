// Shared set-up of the <campaign-sim> tests: a host site in a temporary folder (the built element
// copied to static/campaign-sim/, host pages in pages/: another folder, so every asset must be
// resolved from the module's own URL), served by scripts/serve.mjs with the project's strict CSP;
// pages that record every securitypolicyviolation, console error and element event; the native
// CLI for the expected numbers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { ROOT, WEB_ROOT } from './helpers.mjs';

export const CLI = process.env.CAMPAIGN_SIM_CLI || path.join(ROOT, 'build/native/campaign-sim');
export const ELEMENT_PATH = '/static/campaign-sim/campaign-sim-element.js';
export const EVENTS = ['ready', 'statuschange', 'counters', 'finished', 'error'];

/** A temporary host site: {root, page(name, html), file(name, text)}. */
export function hostSite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-host-'));
  fs.cpSync(WEB_ROOT, path.join(root, 'static/campaign-sim'), { recursive: true });
  fs.mkdirSync(path.join(root, 'pages'));
  // The one script of every host page: records the element events (they bubble and are composed).
  fs.writeFileSync(path.join(root, 'pages/record.js'), `window.__events = [];
for (const type of ${JSON.stringify(EVENTS)}) {
  document.addEventListener(type, (e) => {
    if (e.target && e.target.localName === 'campaign-sim') window.__events.push({ type, id: e.target.id, detail: e.detail });
  });
}
`);
  return {
    root,
    page(name, body, { head = '' } = {}) {
      fs.writeFileSync(path.join(root, 'pages', name), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,">
<script src="record.js"></script>
<script type="module" src="${ELEMENT_PATH}"></script>${head}
</head><body>
${body}
</body></html>
`);
      return `pages/${name}`;
    },
    file(name, text) { fs.writeFileSync(path.join(root, name), text); },
    remove() { fs.rmSync(root, { recursive: true, force: true }); },
  };
}

export async function serve(root, options = {}) {
  const { startServer } = await import(pathToFileURL(path.join(ROOT, 'scripts/serve.mjs')).href);
  const { server, url } = await startServer({ root, port: 0, host: '127.0.0.1', ...options });
  return { url, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) };
}

/**
 * Opens a page that fails the test on any CSP violation, console error/warning, page error or
 * failed request; counts requests by file name. `initScript` runs in the page before its own.
 */
export async function openHost(context, url, { initScript = null } = {}) {
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  if (initScript) await page.addInitScript(initScript);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // A request the page itself dropped by navigating on (the MkDocs theme's search index, still
  // loading when the reader follows a link) is ERR_ABORTED: not a failure of the page. A request
  // the CSP or the server refused has another error.
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && req.resourceType() !== 'document' && !/campaign-sim|\/sim\//.test(new URL(req.url()).pathname)) return;
    problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('request', (req) => requests.push(req.url()));
  page.on('worker', (w) => w.on('console', (msg) => { if (msg.type() === 'error') problems.push(`worker console.error: ${msg.text()}`); }));
  await page.goto(url);
  return {
    page,
    problems,
    requests,
    /** Requests whose path ends with `name`. */
    count: (name) => requests.filter((u) => new URL(u).pathname.endsWith(name)).length,
    async assertClean() {
      const violations = await page.evaluate(() => window.__violations);
      assert.deepEqual(violations, [], `Content-Security-Policy violations:\n${violations.join('\n')}`);
      assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`);
    },
  };
}

/** Waits for an element event (recorded by record.js) and returns its detail. */
export async function waitForEvent(page, type, id, timeout = 60_000) {
  await page.waitForFunction(([t, i]) => window.__events.some((e) => e.type === t && (!i || e.id === i)), [type, id], { timeout });
  return page.evaluate(([t, i]) => window.__events.filter((e) => e.type === t && (!i || e.id === i)).at(-1).detail, [type, id]);
}

/** The native CLI on a scenario document: parsed stdout. */
export function cliJson(args, scenario) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-cli-'));
  const file = path.join(dir, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify(scenario));
  const r = spawnSync(CLI, [args[0], file, ...args.slice(1)], { maxBuffer: 1 << 28 });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.error) throw r.error;
  return { status: r.status, json: JSON.parse(r.stdout.toString('utf8')) };
}

/** `campaign-sim run` for a scenario (with its seed). */
export function cliRun(scenario, seed) {
  const r = cliJson(['run', '--seed', String(seed)], scenario);
  assert.equal(r.status, 0, 'campaign-sim run succeeds');
  return r.json;
}
