// <campaign-sim> in host pages of another folder than the element, under the strict CSP: an inline
// scenario with autoplay finishes with the CLI's counters; two elements run at once and the .wasm
// is fetched once; controls="max_retries" changes the report as the CLI says; an invalid scenario
// shows the engine's errors and fires `error`; an element off screen loads nothing until scrolled
// to; defining the element twice is harmless. Screenshots: build/artifacts/element-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startBrowser, ARTIFACTS, COUNTER_KEYS } from './helpers.mjs';
import { hostSite, serve, openHost, waitForEvent, cliRun, cliJson } from './element-helpers.mjs';

const env = {};
before(async () => {
  env.site = hostSite();
  env.server = await serve(env.site.root);
  env.browser = await startBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.server?.close();
  env.site?.remove();
});

const SCENARIO_A = { name: 'Host A', seed: 5, recipients: { count: 300 }, retry: { max_retries: 2, wait_minutes: 20 }, concurrency: 15 };
const SCENARIO_B = { name: 'Host B', seed: 9, recipients: { count: 200 }, outcomes: { completed: 0.5, voicemail: 0, did_not_pick: 0.2, busy: 0.1, no_answer: 0.1, failed: 0.1 }, retry: { max_retries: 1, wait_minutes: 45 } };

const inline = (doc) => `<script type="application/json">${JSON.stringify(doc)}</script>`;
const pickCounters = (c) => Object.fromEntries(COUNTER_KEYS.map((k) => [k, c[k]]));

function assertCountersAsCli(report, scenario) {
  const expected = cliRun(scenario, scenario.seed).campaigns[0];
  assert.equal(report.campaigns[0].status, 'completed');
  assert.deepEqual(pickCounters(report.campaigns[0].counters), pickCounters(expected.counters));
  assert.deepEqual(report.campaigns[0].final_status, expected.final_status);
}

test('an element with an inline scenario and autoplay fires finished with the counters of campaign-sim run', async () => {
  const url = env.server.url + env.site.page('plain.html', `<h1>Docs page</h1>
<campaign-sim id="a" view="live" autoplay speed="max">${inline(SCENARIO_A)}<p>Static fallback</p></campaign-sim>`,
  // A second copy of the module (another URL, so another module instance) defines nothing twice.
  { head: '\n<script type="module" src="/static/campaign-sim/campaign-sim-element.js?copy=2"></script>' });
  const h = await openHost(env.browser.context, url);
  const ready = await waitForEvent(h.page, 'ready', 'a');
  assert.equal(ready.valid, true);
  const report = await waitForEvent(h.page, 'finished', 'a');
  assertCountersAsCli(report, SCENARIO_A);
  // The counters event carried the same final numbers, and statuschange ended at completed.
  const counters = await waitForEvent(h.page, 'counters', 'a');
  assert.deepEqual(pickCounters(counters), pickCounters(report.campaigns[0].counters));
  assert.deepEqual(await waitForEvent(h.page, 'statuschange', 'a'), { status: 'completed', blocked_by: [] });
  // The shown counters are the report's, inside the shadow root.
  assert.equal(Number(await h.page.locator('#a [data-counter="completed_leads"]').textContent()), report.campaigns[0].counters.completed_leads);
  // report property = the finished event's detail; the light-DOM fallback is no longer shown.
  assert.deepEqual(await h.page.evaluate(() => document.getElementById('a').report), report);
  assert.equal(await h.page.locator('#a p', { hasText: 'Static fallback' }).isVisible(), false);
  // Every asset came from the element's folder, not the page's.
  assert.equal(h.count('/static/campaign-sim/campaign-sim-engine.wasm'), 1);
  assert.equal(h.requests.some((u) => new URL(u).pathname.startsWith('/pages/campaign-sim')), false);
  await h.page.setViewportSize({ width: 1024, height: 900 });
  await h.page.screenshot({ path: path.join(ARTIFACTS, 'element-live-1024.png'), fullPage: true });
  await h.assertClean();
  await h.page.close();
});

test('two elements on one page run at once without interfering, and the .wasm is fetched once', async () => {
  const url = env.server.url + env.site.page('two.html', `<h1>Two simulators</h1>
<campaign-sim id="a" view="live" autoplay speed="max">${inline(SCENARIO_A)}</campaign-sim>
<campaign-sim id="b" view="live" autoplay speed="max">${inline(SCENARIO_B)}</campaign-sim>`);
  const h = await openHost(env.browser.context, url);
  // Both on screen (autoplay waits for the reader to see an element): a tall window.
  await h.page.setViewportSize({ width: 1280, height: 2400 });
  const [ra, rb] = await Promise.all([waitForEvent(h.page, 'finished', 'a'), waitForEvent(h.page, 'finished', 'b')]);
  assertCountersAsCli(ra, SCENARIO_A);
  assertCountersAsCli(rb, SCENARIO_B);
  assert.equal(h.count('campaign-sim-engine.wasm'), 1, 'one .wasm download for the page');
  assert.equal(h.page.workers().filter((w) => w.url().endsWith('/worker.js')).length, 1, 'one engine worker for both');
  // Methods: a Monte Carlo from element B equals campaign-sim montecarlo (the pool is shared).
  const mc = await h.page.evaluate(() => document.getElementById('b').runMonteCarlo({ runs: 40 }));
  const cli = cliJson(['montecarlo', '--runs', '40', '--seed', String(SCENARIO_B.seed)], { ...SCENARIO_B, launch_at_minute: 0 });
  assert.deepEqual(mc, cli.json);
  await h.assertClean();
  await h.page.close();
});

test('controls="max_retries": the reader changes the retry count and the report follows the CLI; an invalid scenario shows its errors and fires error', async () => {
  const bad = { recipients: { count: 0 }, retry: { max_retries: 2, wait_minutes: 1 } };
  const url = env.server.url + env.site.page('controls.html', `<h1>Try 3 retries</h1>
<campaign-sim id="c" view="live" controls="max_retries" speed="max">${inline(SCENARIO_A)}</campaign-sim>
<campaign-sim id="bad" view="live">${inline(bad)}</campaign-sim>`);
  const h = await openHost(env.browser.context, url);
  await waitForEvent(h.page, 'ready', 'c');
  const input = h.page.locator('#c').getByLabel('Retries', { exact: true });
  assert.equal(await input.inputValue(), '2');
  await input.fill('3');
  await input.press('Enter');
  await input.blur();
  await h.page.waitForFunction(() => {
    const b = [...document.getElementById('c').shadowRoot.querySelectorAll('#controls button')].find((x) => x.textContent.trim() === 'Launch');
    return b && !b.disabled && document.getElementById('c').scenario.retry.max_retries === 3;
  });
  await h.page.locator('#c #controls').getByRole('button', { name: 'Launch', exact: true }).click();
  const report = await waitForEvent(h.page, 'finished', 'c');
  const three = { ...SCENARIO_A, retry: { ...SCENARIO_A.retry, max_retries: 3 } };
  assertCountersAsCli(report, three);
  assert.ok(report.campaigns[0].counters.retries_by_depth.length === 3, 'retries at depth 1, 2 and 3');
  assert.notDeepEqual(pickCounters(report.campaigns[0].counters), pickCounters(cliRun(SCENARIO_A, SCENARIO_A.seed).campaigns[0].counters));

  // The invalid one: the engine's errors, in the element and in the event, equal the CLI's.
  const err = await waitForEvent(h.page, 'error', 'bad');
  const cli = cliJson(['validate'], bad);
  assert.equal(cli.status, 2);
  assert.deepEqual(err.errors, cli.json.errors);
  // Below the fold it does not draw (a good guest); scrolled to, it shows the errors.
  await h.page.locator('#bad').scrollIntoViewIfNeeded();
  await h.page.locator('#bad .problems li').first().waitFor();
  const shown = await h.page.locator('#bad .problems li').allTextContents();
  assert.equal(shown.length, cli.json.errors.length);
  for (const e of cli.json.errors) assert.ok(shown.some((t) => t.includes(e.path) && t.includes(e.message)), `${e.path} shown`);
  await h.page.screenshot({ path: path.join(ARTIFACTS, 'element-controls-1280.png'), fullPage: true });
  await h.assertClean();
  await h.page.close();
});

test('an element off screen makes no engine request until it is scrolled into view, and does not redraw while out of view', async () => {
  const url = env.server.url + env.site.page('lazy.html', `<h1>Long page</h1>
<div id="spacer"></div>
<campaign-sim id="far" view="live"><table><tr><td>Static table shown until the simulator loads</td></tr></table></campaign-sim>`,
  { head: '\n<link rel="stylesheet" href="lazy.css">' });
  env.site.file('pages/lazy.css', '#spacer { height: 4000px; }');
  const h = await openHost(env.browser.context, url);
  await h.page.waitForTimeout(1500);
  // Neither the engine nor the app code: the element module alone, whose import() of the app
  // (element-app.js and the modules behind it) waits until the element comes near the viewport.
  const lazyFiles = ['campaign-sim-engine.wasm', 'campaign-sim-engine.js', 'worker.js', 'campaign-sim.js',
    'element-app.js', '/app.js', 'template.js', 'styles.css'];
  assert.equal(h.count('campaign-sim-element.js'), 1, 'the element module itself is loaded');
  for (const f of lazyFiles) assert.equal(h.count(f), 0, `${f} not requested before scrolling`);
  assert.equal(await h.page.locator('#far td').isVisible(), true, 'the light-DOM content shows meanwhile');
  await h.page.locator('#far').scrollIntoViewIfNeeded();
  await waitForEvent(h.page, 'ready', 'far');
  assert.equal(h.count('campaign-sim-engine.wasm'), 1);
  assert.equal(h.count('element-app.js'), 1, 'the app code is loaded once it is needed');
  // Scrolled away again it runs (events fire) but does not redraw; back in view it shows the end.
  await h.page.evaluate(() => window.scrollTo(0, 0));
  await h.page.waitForTimeout(300);
  await h.page.evaluate(() => { const el = document.getElementById('far'); el.setAttribute('speed', 'max'); return el.launch(); });
  const report = await waitForEvent(h.page, 'finished', 'far');
  const completed = String(report.campaigns[0].counters.completed_leads);
  assert.notEqual(await h.page.locator('#far [data-counter="completed_leads"]').textContent(), completed, 'not redrawn while out of view');
  await h.page.locator('#far').scrollIntoViewIfNeeded();
  await h.page.waitForFunction((v) => document.getElementById('far').shadowRoot.querySelector('[data-counter="completed_leads"]').textContent === v, completed);
  await h.assertClean();
  await h.page.close();
});

test('autoplay launches once the element is on screen: loaded early (loading="eager"), it waits for the reader', async () => {
  const url = env.server.url + env.site.page('autoplay-below.html', `<h1>Below the fold</h1>
<div id="spacer"></div>
<campaign-sim id="below" view="live" autoplay speed="max" loading="eager">${inline(SCENARIO_A)}</campaign-sim>`,
  { head: '\n<link rel="stylesheet" href="autoplay.css">' });
  env.site.file('pages/autoplay.css', '#spacer { height: 3000px; }');
  const h = await openHost(env.browser.context, url);
  await waitForEvent(h.page, 'ready', 'below');
  await h.page.waitForTimeout(1000); // at speed max the run would be over by now
  assert.equal(await h.page.evaluate(() => window.__events.some((e) => e.type === 'finished')), false, 'not launched while off screen');
  const counters = await h.page.evaluate(() => window.__events.filter((e) => e.type === 'counters').map((e) => e.detail.attempts));
  assert.ok(counters.every((n) => n === 0), `no call placed before it is seen (attempts ${counters.join(', ')})`);
  await h.page.locator('#below').scrollIntoViewIfNeeded();
  const report = await waitForEvent(h.page, 'finished', 'below');
  assertCountersAsCli(report, SCENARIO_A);
  await h.assertClean();
  await h.page.close();
});

test('a method called on an element still off screen loads it: runMonteCarlo answers as campaign-sim montecarlo does', async () => {
  const url = env.server.url + env.site.page('method.html', `<div id="spacer"></div>
<campaign-sim id="far" view="tuning">${inline(SCENARIO_A)}</campaign-sim>`, { head: '\n<link rel="stylesheet" href="lazy.css">' });
  env.site.file('pages/lazy.css', '#spacer { height: 4000px; }');
  const h = await openHost(env.browser.context, url);
  await h.page.waitForTimeout(500);
  assert.equal(h.count('element-app.js'), 0, 'nothing loaded before the call');
  const summary = await h.page.evaluate(() => document.getElementById('far').runMonteCarlo({ runs: 40 }));
  const expected = cliJson(['montecarlo', '--runs', '40', '--seed', String(SCENARIO_A.seed)], { ...SCENARIO_A, launch_at_minute: 0 });
  assert.equal(expected.status, 0);
  assert.deepEqual(summary, expected.json);
  assert.equal(h.count('element-app.js'), 1);
  assert.equal(await h.page.evaluate(() => window.scrollY), 0, 'the page did not scroll');
  await h.assertClean();
  await h.page.close();
});

test('src: a scenario file small or big (a 12,000-row CSV, read in the engine worker) runs as campaign-sim run; broken JSON is named', async () => {
  const rows = ['phone_number,first_name'];
  for (let i = 0; i < 12_000; i++) rows.push(`+1415${String(5550000 + i).padStart(7, '0')},Name${i}`);
  const big = { name: 'Big list', seed: 4, recipients: { csv: `${rows.join('\n')}\n` }, retry: { max_retries: 1, wait_minutes: 30 }, concurrency: 100 };
  const bigText = JSON.stringify(big);
  assert.ok(bigText.length > 256 * 1024, 'big enough to be parsed off the main thread');
  env.site.file('pages/small.json', JSON.stringify(SCENARIO_A));
  env.site.file('pages/big.json', bigText);
  env.site.file('pages/broken-big.json', bigText.slice(0, -20));
  env.site.file('pages/broken-small.json', '{"recipients": {"count": 5},');
  const url = env.server.url + env.site.page('src.html', `<h1>Scenario files</h1>
<campaign-sim id="small" view="live" src="small.json" autoplay speed="max"></campaign-sim>
<campaign-sim id="big" view="live" src="big.json" autoplay speed="max"></campaign-sim>
<campaign-sim id="bb" view="live" src="broken-big.json"></campaign-sim>
<campaign-sim id="bs" view="live" src="broken-small.json"></campaign-sim>`);
  const h = await openHost(env.browser.context, url);
  await h.page.setViewportSize({ width: 1280, height: 3200 }); // all four on screen (autoplay)
  const [rs, rb] = await Promise.all([waitForEvent(h.page, 'finished', 'small'), waitForEvent(h.page, 'finished', 'big', 120_000)]);
  assertCountersAsCli(rs, SCENARIO_A);
  assertCountersAsCli(rb, big);
  assert.equal(rb.campaigns[0].counters.recipients, 12_000);
  for (const [id, file] of [['bb', 'broken-big.json'], ['bs', 'broken-small.json']]) {
    const err = await waitForEvent(h.page, 'error', id);
    assert.match(err.message, new RegExp(`^The scenario in ${file.replace('.', '\\.')} is not valid JSON: `), `${id}: ${err.message}`);
    assert.match(await h.page.locator(`#${id} [part="error"]`).textContent(), /is not valid JSON/);
  }
  await h.assertClean();
  await h.page.close();
});

test('a good guest: the full view is built hidden, a step per task, while the element shows its own content', async () => {
  // A MutationObserver's callback runs at the end of each task that changed the shadow root: one
  // snapshot per task. Built in one task, the first snapshot would already hold every view.
  env.site.file('pages/watch-mount.js', `await customElements.whenDefined('campaign-sim');
const el = document.getElementById('g');
window.__snaps = [];
new MutationObserver(() => {
  const sr = el.shadowRoot;
  const root = sr.querySelector('.cs-root');
  window.__snaps.push({
    root: Boolean(root),
    hidden: Boolean(root) && getComputedStyle(root).display === 'none',
    form: sr.querySelectorAll('#campaign-form *').length > 0,
    tuning: Boolean(sr.querySelector('#tuning #tn-mc')),
    fallback: Boolean(sr.querySelector('slot')) && document.getElementById('fallback').getClientRects().length > 0,
  });
}).observe(el.shadowRoot, { subtree: true, childList: true });
`);
  const url = env.server.url + env.site.page('guest.html', `<h1>Guest</h1>
<campaign-sim id="g" loading="eager">${inline(SCENARIO_A)}<p id="fallback">Static fallback</p></campaign-sim>`,
  { head: '\n<script type="module" src="watch-mount.js"></script>' });
  const h = await openHost(env.browser.context, url);
  await waitForEvent(h.page, 'ready', 'g');
  const snaps = await h.page.evaluate(() => window.__snaps);
  const building = snaps.filter((s) => s.root && s.hidden);
  assert.ok(building.some((s) => s.form && !s.tuning), `a task ends with the form built and the tuning cards not yet: ${JSON.stringify(snaps)}`);
  assert.ok(building.length >= 3, `built over several tasks (${building.length} snapshots while hidden)`);
  assert.ok(building.every((s) => s.fallback), 'while the app is built, the reader sees the element\'s own content');
  const last = snaps.at(-1);
  assert.deepEqual({ hidden: last.hidden, tuning: last.tuning, fallback: last.fallback }, { hidden: false, tuning: true, fallback: false });
  await h.assertClean();
  await h.page.close();
});

test('a good guest: the element never loads Intl number formatting on the host page (20-35 ms of ICU start-up in one task)', async () => {
  const initScript = () => {
    window.__intl = [];
    const note = (what) => window.__intl.push(`${what}\n${new Error().stack.split('\n').slice(2, 4).join('\n')}`);
    for (const name of ['NumberFormat', 'PluralRules', 'DateTimeFormat']) {
      const Original = Intl[name];
      Intl[name] = new Proxy(Original, {
        construct(target, args) { note(`new Intl.${name}`); return Reflect.construct(target, args); },
        apply(target, self, args) { note(`Intl.${name}()`); return Reflect.apply(target, self, args); },
      });
    }
    for (const [proto, what] of [[Number.prototype, 'Number'], [Date.prototype, 'Date'], [BigInt.prototype, 'BigInt']]) {
      const original = proto.toLocaleString;
      proto.toLocaleString = function toLocaleString(...args) { note(`${what}#toLocaleString`); return original.apply(this, args); };
    }
  };
  const url = env.server.url + env.site.page('no-intl.html', `<h1>No Intl</h1>
<campaign-sim id="n" loading="eager" speed="max">${inline(SCENARIO_A)}</campaign-sim>`);
  const h = await openHost(env.browser.context, url, { initScript });
  await waitForEvent(h.page, 'ready', 'n');
  await h.page.locator('#n #controls').getByRole('button', { name: 'Launch', exact: true }).click();
  await waitForEvent(h.page, 'finished', 'n');
  await h.page.locator('#n #tn-mc').scrollIntoViewIfNeeded();
  await h.page.locator('#n #tn-mc button', { hasText: 'Run Monte Carlo' }).click();
  await h.page.locator('#n #tn-mc .tn-table tbody tr').first().waitFor({ timeout: 120_000 });
  // Counters, money, the call history and the Monte Carlo table are drawn: with numbers in them.
  assert.match(await h.page.locator('#n #tn-mc .tn-table').textContent(), /\d/);
  assert.deepEqual(await h.page.evaluate(() => window.__intl), [], 'no Intl formatting on the host page');
  await h.assertClean();
  await h.page.close();
});

test('theme, parts and the full view: screenshots at 1400, 1024 and 390 px', async () => {
  const url = env.server.url + env.site.page('themes.html', `<h1>Themes</h1>
<campaign-sim id="light" view="live" controls="max_retries,wait_minutes" theme="light">${inline(SCENARIO_A)}</campaign-sim>
<campaign-sim id="dark" view="live" controls="max_retries,wait_minutes" theme="dark">${inline(SCENARIO_B)}</campaign-sim>
<campaign-sim id="full" loading="eager">${inline(SCENARIO_B)}</campaign-sim>`);
  const h = await openHost(env.browser.context, url);
  for (const id of ['light', 'dark', 'full']) await waitForEvent(h.page, 'ready', id);
  const bg = await h.page.evaluate(() => ['light', 'dark'].map((id) => getComputedStyle(document.getElementById(id).shadowRoot.querySelector('.cs-root')).backgroundColor));
  assert.notEqual(bg[0], bg[1], 'theme="dark" changes the background');
  assert.equal(await h.page.locator('#full #campaign-form').count(), 1, 'the full view has the campaign form');
  for (const width of [1400, 1024, 390]) {
    await h.page.setViewportSize({ width, height: 900 });
    await h.page.waitForTimeout(200);
    await h.page.screenshot({ path: path.join(ARTIFACTS, `element-host-${width}.png`), fullPage: true });
  }
  // Without a theme attribute the reader's prefers-color-scheme decides, live; theme="light" stays light.
  const themeOf = () => h.page.evaluate(() => ['light', 'full'].map((id) => document.getElementById(id).shadowRoot.querySelector('.cs-root').dataset.theme));
  assert.deepEqual(await themeOf(), ['light', 'light']);
  await h.page.emulateMedia({ colorScheme: 'dark' });
  await h.page.waitForFunction(() => document.getElementById('full').shadowRoot.querySelector('.cs-root').dataset.theme === 'dark');
  assert.deepEqual(await themeOf(), ['light', 'dark']);
  await h.page.emulateMedia({ colorScheme: 'light' });
  await h.assertClean();
  await h.page.close();
});

test('theme="dark" repaints every panel of the full view, the rarely seen ones too: no light background is left', async () => {
  // A CSV with a rejected row and a duplicate (the CSV report), a finished run (status badges, call
  // history, exports), the advanced section open, a Monte Carlo run (tuning table and chart).
  const csv = ['phone_number,first_name', '+14155550101,Ann', '+14155550102,Bob', '+14155550102,Bob again', 'not-a-phone,Cy',
    ...Array.from({ length: 40 }, (_, i) => `+1415556${String(i).padStart(4, '0')},N${i}`)].join('\n');
  const doc = { name: 'Dark', seed: 4, recipients: { csv: `${csv}\n` }, retry: { max_retries: 2, wait_minutes: 20 }, concurrency: 10 };
  const url = env.server.url + env.site.page('dark.html', `<campaign-sim id="d" theme="dark" loading="eager" speed="max">${inline(doc)}</campaign-sim>`);
  const h = await openHost(env.browser.context, url);
  await h.page.setViewportSize({ width: 1400, height: 7000 }); // every card on screen (content-visibility)
  await waitForEvent(h.page, 'ready', 'd');
  await h.page.evaluate(() => document.getElementById('d').launch());
  await waitForEvent(h.page, 'finished', 'd');
  await h.page.evaluate(() => document.getElementById('d').runMonteCarlo({ runs: 20 }));
  await h.page.locator('#d .advanced > summary').first().click();
  await h.page.locator('#d #tn-mc button', { hasText: 'Run Monte Carlo' }).click();
  await h.page.locator('#d #tn-mc .tn-table tbody tr').first().waitFor();
  await h.page.locator('#d .h-window > .h-row').first().click(); // a retry chain
  await h.page.waitForTimeout(500);
  const light = await h.page.evaluate(() => {
    const lum = (rgb) => {
      const m = rgb.match(/rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/);
      if (!m || (m[4] !== undefined && Number(m[4]) < 0.5)) return 0;
      const [r, g, b] = [m[1], m[2], m[3]].map((v) => { const c = Number(v) / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const out = [];
    const root = document.getElementById('d').shadowRoot;
    for (const el of root.querySelectorAll('*')) {
      // Surfaces only: not text (light on dark, as it should be) nor marks (dots, swatches, bars
      // thinner than 10 px, which carry the status colours in both themes).
      const box = el.getBoundingClientRect();
      if (!el.getClientRects().length || Math.min(box.width, box.height) < 10) continue;
      if (['text', 'tspan', 'title', 'desc'].includes(el.localName)) continue;
      const cs = getComputedStyle(el);
      const paint = el instanceof SVGElement ? cs.fill : cs.backgroundColor;
      if (lum(paint) > 0.5) out.push(`${el.localName}.${String(el.getAttribute('class') || '').replace(/ /g, '.')} ${paint}`);
    }
    return [...new Set(out)];
  });
  assert.deepEqual(light, [], 'light surfaces left in the dark theme');
  // The panels the issue named are there and dark.
  for (const sel of ['.status-badge', '.csv-report .rejected-group', '.csv-report .duplicates', '.advanced > summary', '.h-head', '.tn-table thead th']) {
    assert.ok(await h.page.locator(`#d ${sel}`).first().isVisible(), `${sel} is shown`);
  }
  await h.page.screenshot({ path: path.join(ARTIFACTS, 'element-dark-full.png'), fullPage: false });
  await h.assertClean();
  await h.page.close();
});

test('the seed attribute overrides the scenario seed; setting the scenario property replaces the campaign', async () => {
  const url = env.server.url + env.site.page('seed.html', `<campaign-sim id="s" view="live" seed="13" autoplay speed="max">${inline(SCENARIO_A)}</campaign-sim>`);
  const h = await openHost(env.browser.context, url);
  const first = await waitForEvent(h.page, 'finished', 's');
  assertCountersAsCli(first, { ...SCENARIO_A, seed: 13 });
  assert.equal(await h.page.evaluate(() => document.getElementById('s').scenario.seed), 13);
  await h.page.evaluate((doc) => { document.getElementById('s').scenario = doc; }, SCENARIO_B);
  assert.equal(await h.page.evaluate(() => document.getElementById('s').scenario.name), 'Host B');
  const result = await h.page.evaluate(() => document.getElementById('s').launch());
  assert.equal(result.ok, true);
  await h.page.waitForFunction(() => window.__events.filter((e) => e.type === 'finished' && e.id === 's').length === 2, null, { timeout: 60_000 });
  // The attribute still holds: the new scenario runs with seed 13 too.
  assertCountersAsCli(await waitForEvent(h.page, 'finished', 's'), { ...SCENARIO_B, seed: 13 });
  await h.assertClean();
  await h.page.close();
});

test('speed: a multiple of real time that has no button still runs; a word that is not a speed fires error naming it', async () => {
  const url = env.server.url + env.site.page('speed.html', `<campaign-sim id="v" view="live" autoplay speed="100000">${inline(SCENARIO_A)}</campaign-sim>
<campaign-sim id="w" view="live" speed="fast">${inline(SCENARIO_A)}</campaign-sim>`);
  const h = await openHost(env.browser.context, url);
  assertCountersAsCli(await waitForEvent(h.page, 'finished', 'v'), SCENARIO_A);
  const err = await waitForEvent(h.page, 'error', 'w');
  assert.match(err.message, /speed "fast" is not a speed: use max or a positive multiple of real time/);
  await h.assertClean();
  await h.page.close();
});

test('asset-base: the element module and its engine served from another origin (a CDN) work under the host\'s CSP', async () => {
  const cdn = await serve(env.site.root);
  const cdnOrigin = new URL(cdn.url).origin;
  const site = hostSite();
  const host = await serve(site.root, { assetOrigins: cdnOrigin });
  try {
    assert.notEqual(new URL(host.url).origin, cdnOrigin);
    const cdnBase = `${cdn.url}static/campaign-sim/`;
    // The page loads the element from the CDN (not from its own copy).
    site.file('pages/cdn.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cdn</title><link rel="icon" href="data:,">
<script src="record.js"></script><script type="module" src="${cdnBase}campaign-sim-element.js"></script></head>
<body><campaign-sim id="c" view="live" autoplay speed="max">${inline(SCENARIO_B)}</campaign-sim></body></html>`);
    const h = await openHost(env.browser.context, `${host.url}pages/cdn.html`);
    const report = await waitForEvent(h.page, 'finished', 'c');
    assertCountersAsCli(report, SCENARIO_B);
    assert.equal(h.requests.filter((u) => u.startsWith(cdnBase) && u.endsWith('.wasm')).length, 1, 'the .wasm came from the CDN');
    assert.equal(h.requests.some((u) => u.startsWith(host.url) && u.includes('campaign-sim-engine')), false, 'nothing of the engine from the host');
    await h.assertClean();
    await h.page.close();
  } finally {
    await host.close();
    await cdn.close();
    site.remove();
  }
});

test('a zoned campaign in a dark element: the calendar summary, compliance check and DST axis are drawn in its shadow root', async () => {
  // Friday 6 March 2026 16:00 in New York, Monday to Friday 09:00–17:00 in each recipient's time,
  // half in Los Angeles (13:00 there): both zones call on Friday, the rest waits for Monday,
  // across Sunday's spring-forward.
  const zoned = {
    name: 'Zoned', seed: 3, simulation_start: '2026-03-06T16:00', concurrency: 2,
    recipients: { count: 120, time_zones: { 'America/New_York': 0.5, 'America/Los_Angeles': 0.5 } },
    schedule: { time_zone: 'America/New_York', calling_hours_start: '09:00', calling_hours_end: '17:00', calling_hours_in: 'recipient', calling_days: ['mon', 'tue', 'wed', 'thu', 'fri'], compliance_check: ['us_tcpa'] },
  };
  const url = env.server.url + env.site.page('zoned.html', `<campaign-sim id="z" view="live" theme="dark" autoplay speed="max">${inline(zoned)}</campaign-sim>`);
  const h = await openHost(env.browser.context, url);
  const report = await waitForEvent(h.page, 'finished', 'z');
  assert.equal(report.campaigns[0].status, 'completed');
  assert.deepEqual(pickCounters(report.campaigns[0].counters), pickCounters(cliRun(zoned, zoned.seed).campaigns[0].counters));
  const root = h.page.locator('#z');
  await root.locator('#chart-axis-note', { hasText: 'clocks +1 h' }).waitFor();
  assert.match(await root.locator('#calendar').textContent(), /America\/New_York · calling hours read in each recipient’s time/);
  assert.match(await root.locator('#cal-compliance').textContent(), /US TCPA: all \d+ attempts started inside its hours\./);
  assert.equal(await root.locator('.dst-line').count(), 1);
  for (const width of [1024, 390]) {
    await h.page.setViewportSize({ width, height: 900 });
    await h.page.waitForTimeout(200);
    await h.page.screenshot({ path: path.join(ARTIFACTS, `element-zoned-dark-${width}.png`), fullPage: true });
  }
  await h.assertClean();
  await h.page.close();
});
