// The built MkDocs site (build/docs-site, scripts/build docs) under the strict CSP: both pages
// work, reached through the theme's own navigation; the tuning page's two elements share one
// .wasm. And the iframe embed on a host page of another origin answers postMessage calls and sends
// the element's events. Screenshots: build/artifacts/docs-*.png, embed-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startBrowser, ARTIFACTS, ROOT, WEB_ROOT, COUNTER_KEYS } from './helpers.mjs';
import { hostSite, serve, openHost, waitForEvent, cliRun, cliJson } from './element-helpers.mjs';

const DOCS = path.join(ROOT, 'build/docs-site');
const env = {};
before(async () => {
  if (!fs.existsSync(path.join(DOCS, 'retries.html'))) throw new Error(`${DOCS} is not built: run scripts/build docs`);
  env.docs = await serve(DOCS);
  env.embed = await serve(WEB_ROOT);
  env.site = hostSite();
  env.host = await serve(env.site.root, { frameSrc: new URL(env.embed.url).origin });
  env.browser = await startBrowser();
});
after(async () => {
  await env.browser?.close();
  for (const s of [env.docs, env.embed, env.host]) await s?.close();
  env.site?.remove();
});

const pick = (c) => Object.fromEntries(COUNTER_KEYS.map((k) => [k, c[k]]));
const inlineScenario = (page, id) => page.evaluate((i) => JSON.parse(document.querySelector(`#${i} > script[type="application/json"]`).textContent), id);

test('the MkDocs site: the retries page, reached by the theme navigation, runs the reader\'s retry count as the CLI does; the tuning page has two working elements and one .wasm', async () => {
  // index.html has no simulator: nothing of the engine is loaded there.
  const h = await openHost(env.browser.context, env.docs.url);
  await h.page.evaluate(() => { window.__events = []; for (const t of ['ready', 'finished', 'error']) document.addEventListener(t, (e) => window.__events.push({ type: t, id: e.target.id, detail: e.detail })); });
  await h.page.locator('.navbar').getByRole('link', { name: 'How retries work' }).click();
  await h.page.waitForURL(/retries\.html$/);
  await h.page.evaluate(() => { window.__events = []; for (const t of ['ready', 'finished', 'error']) document.addEventListener(t, (e) => window.__events.push({ type: t, id: e.target.id, detail: e.detail })); });
  await h.page.locator('#retries-live').scrollIntoViewIfNeeded();
  await h.page.waitForFunction(() => document.getElementById('retries-live').state !== null);
  await h.page.locator('#retries-live #controls').getByRole('button', { name: 'Launch', exact: true }).waitFor();
  await h.page.waitForFunction(() => {
    const b = [...document.getElementById('retries-live').shadowRoot.querySelectorAll('#controls button')].find((x) => x.textContent.trim() === 'Launch');
    return b && !b.disabled;
  });
  const input = h.page.locator('#retries-live').getByLabel('Retries', { exact: true });
  await input.fill('3');
  await input.press('Enter');
  await h.page.waitForFunction(() => {
    const el = document.getElementById('retries-live');
    const b = [...el.shadowRoot.querySelectorAll('#controls button')].find((x) => x.textContent.trim() === 'Launch');
    return el.scenario.retry.max_retries === 3 && b && !b.disabled;
  });
  await h.page.locator('#retries-live #controls').getByRole('button', { name: 'Launch', exact: true }).click();
  const report = await waitForEvent(h.page, 'finished', 'retries-live');
  const doc = await inlineScenario(h.page, 'retries-live');
  const expected = cliRun({ ...doc, retry: { ...doc.retry, max_retries: 3 } }, doc.seed).campaigns[0];
  assert.deepEqual(pick(report.campaigns[0].counters), pick(expected.counters));
  for (const width of [1400, 1024, 390]) {
    await h.page.setViewportSize({ width, height: 900 });
    await h.page.waitForTimeout(200);
    await h.page.screenshot({ path: path.join(ARTIFACTS, `docs-retries-${width}.png`), fullPage: true });
  }
  await h.page.setViewportSize({ width: 1280, height: 900 });
  await h.assertClean();

  // The theme's "Next" link leads to the tuning page: two elements, one .wasm for the page.
  h.requests.length = 0;
  await h.page.locator('.navbar').getByRole('link', { name: /Next/ }).click();
  await h.page.waitForURL(/tuning\.html$/);
  await h.page.evaluate(() => { window.__events = []; for (const t of ['ready', 'finished', 'error']) document.addEventListener(t, (e) => window.__events.push({ type: t, id: e.target.id, detail: e.detail })); });
  await h.page.locator('#tuning-mc').scrollIntoViewIfNeeded();
  for (const id of ['tuning-live', 'tuning-mc']) await h.page.waitForFunction((i) => document.getElementById(i).state !== null, id);
  const tdoc = await inlineScenario(h.page, 'tuning-mc');
  const mc = await h.page.evaluate(() => document.getElementById('tuning-mc').runMonteCarlo({ runs: 40 }));
  assert.deepEqual(mc, cliJson(['montecarlo', '--runs', '40', '--seed', String(tdoc.seed)], { ...tdoc, launch_at_minute: 0 }).json);
  const live = await h.page.evaluate(() => document.getElementById('tuning-live').launch());
  assert.equal(live.ok, true);
  assert.equal(h.count('campaign-sim-engine.wasm'), 1, 'two elements, one .wasm');
  await h.page.screenshot({ path: path.join(ARTIFACTS, 'docs-tuning-1280.png'), fullPage: true });
  await h.assertClean();
  await h.page.close();
});

test('the iframe embed on a page of another origin answers postMessage calls and sends the events', async () => {
  const scenario = { name: 'Embedded', seed: 21, recipients: { count: 150 }, retry: { max_retries: 1, wait_minutes: 15 } };
  const embedOrigin = new URL(env.embed.url).origin;
  const src = `${env.embed.url}embed.html?view=live&speed=max&controls=max_retries&scenario=${encodeURIComponent(JSON.stringify(scenario))}`;
  env.site.file('pages/iframe-host.js', `window.__msgs = [];
window.addEventListener('message', (e) => { if (e.origin === ${JSON.stringify(embedOrigin)} && e.data && e.data.campaignSim === 1) window.__msgs.push(e.data); });
`);
  env.site.file('pages/iframe.css', 'iframe { width: 100%; height: 900px; border: 0; }');
  fs.writeFileSync(path.join(env.site.root, 'pages/iframe.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>iframe host</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="iframe.css"><script src="iframe-host.js"></script></head>
<body><h1>A wiki page</h1><iframe id="sim" title="Campaign simulator" src="${src.replace(/&/g, '&amp;')}"></iframe></body></html>`);
  const h = await openHost(env.browser.context, `${env.host.url}pages/iframe.html`);
  assert.notEqual(new URL(env.host.url).origin, embedOrigin, 'the frame is of another origin');
  const waitMsg = (pred, arg) => h.page.waitForFunction(pred, arg, { timeout: 60_000 });
  await waitMsg(() => window.__msgs.some((m) => m.event === 'ready'));
  const call = (method, args) => h.page.evaluate(([m, a, origin]) => new Promise((resolve) => {
    const id = Math.random();
    const on = (e) => { if (e.data && e.data.id === id) { window.removeEventListener('message', on); resolve(e.data); } };
    window.addEventListener('message', on);
    document.getElementById('sim').contentWindow.postMessage({ campaignSim: 1, id, method: m, args: a }, origin);
  }), [method, args, embedOrigin]);

  assert.deepEqual((await call('getScenario')).result.recipients, { count: 150 });
  const launched = await call('launch');
  assert.equal(launched.ok, true);
  await waitMsg(() => window.__msgs.some((m) => m.event === 'finished'));
  const finished = await h.page.evaluate(() => window.__msgs.find((m) => m.event === 'finished').detail);
  const expected = cliRun(scenario, scenario.seed).campaigns[0];
  assert.deepEqual(pick(finished.campaigns[0].counters), pick(expected.counters));
  const events = await h.page.evaluate(() => [...new Set(window.__msgs.filter((m) => m.event).map((m) => m.event))]);
  for (const e of ['ready', 'statuschange', 'counters', 'finished']) assert.ok(events.includes(e), `${e} event sent`);
  assert.deepEqual((await call('getReport')).result, finished);
  const bad = await call('resume');
  assert.equal(bad.ok, false, 'a transition the engine refuses is an error reply');
  assert.match(bad.error, /resume|completed/i);
  assert.equal((await call('nope')).ok, false);
  await h.page.screenshot({ path: path.join(ARTIFACTS, 'embed-iframe-1280.png'), fullPage: true });
  await h.assertClean();
  await h.page.close();
});
