#!/usr/bin/env node
// <campaign-sim> as a guest on a docs page (issue 9), in one run, in Chromium under the strict CSP:
//  1. bytes transferred for a docs page with one element and with three (the second and third
//     should add almost nothing: one engine worker, one .wasm download per page);
//  2. time from an element entering the viewport to its `ready` event (median of --repeat);
//  3. the longest main-thread task (PerformanceObserver 'longtask', i.e. any task over 50 ms)
//     while a ~10 MB CSV scenario loads, runs at full speed, both tables are exported and the CSV
//     is chosen as a file in an element's form, by wall clock (untraced) and by the main thread's
//     own CPU time (traced, another page load); the bound is 50 ms;
//  4. the live chart redrawn every frame on four elements (a run at speed Max): main-thread CPU
//     per frame, this chart (updated in place) against the chart of commit cf1dbea (which rebuilt
//     its SVG on every redraw), in the same run.
// Prints figures. Exits 1 when a main-thread task of section 3 takes over 50 ms of CPU (CPU time,
// not wall time: the machine's load inflates wall time, not the work the page does).
//
//   node bench/browser-element.mjs [--repeat 5] [--csv-mb 10] [--frames 300]   (needs scripts/build first)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, launchChromium } from './chromium.mjs';

const WEB = process.env.CAMPAIGN_SIM_WEB_ROOT || path.join(ROOT, 'build/web');
const { startServer } = await import(pathToFileURL(path.join(ROOT, 'scripts/serve.mjs')).href);

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REPEAT = arg('repeat', 5);
const CSV_MB = arg('csv-mb', 10);
const FRAMES = arg('frames', 300);
const BOUND_MS = 50; // issue 9: no main-thread task over 50 ms
const CHART_BASELINE = 'cf1dbea5fd9ca1cb1c4610dbf3d479cd1f6ee649'; // the last chart that rebuilt its SVG per redraw

// A host site: the element in static/sim/, the pages in docs/.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-element-bench-'));
fs.cpSync(WEB, path.join(tmp, 'static/sim'), { recursive: true });
fs.mkdirSync(path.join(tmp, 'docs'));
const scenario = (n) => ({ name: `Docs ${n}`, seed: n, recipients: { count: 300 }, retry: { max_retries: 2, wait_minutes: 30 } });
const page = (name, body, extraHead = '') => fs.writeFileSync(path.join(tmp, 'docs', name), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,">
<script src="probe.js"></script><script type="module" src="/static/sim/campaign-sim-element.js"></script>${extraHead}</head>
<body><h1>Docs</h1>${body}</body></html>`);
const element = (n, attrs = '') => `<campaign-sim id="e${n}" view="live" ${attrs}><script type="application/json">${JSON.stringify(scenario(n))}</script></campaign-sim>`;
fs.writeFileSync(path.join(tmp, 'docs/probe.js'), `window.__ready = {}; window.__long = [];
document.addEventListener('ready', (e) => { window.__ready[e.target.id] = performance.now(); });
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push({ start: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true });
`);
fs.writeFileSync(path.join(tmp, 'docs/lazy.css'), '.spacer { height: 3000px; }');
page('one.html', element(1, 'loading="eager"'));
page('three.html', [1, 2, 3].map((n) => element(n, 'loading="eager"')).join('\n'));
page('lazy.html', `<div class="spacer"></div>${element(1)}`, '<link rel="stylesheet" href="lazy.css">');
// ~CSV_MB of DialNexa CSV: phone_number plus two variables.
const rows = ['phone_number,first_name,city'];
let bytes = rows[0].length + 1;
for (let i = 0; bytes < CSV_MB * 1e6; i++) {
  const row = `+1415${String(i % 10_000_000).padStart(7, '0')},Name${i},City ${i % 997}`;
  rows.push(row);
  bytes += row.length + 1;
}
const big = { name: 'Big list', seed: 3, recipients: { csv: `${rows.join('\n')}\n` }, retry: { max_retries: 2, wait_minutes: 30 }, concurrency: 200 };
fs.writeFileSync(path.join(tmp, 'docs/big.json'), JSON.stringify(big));
fs.writeFileSync(path.join(tmp, 'docs/big.csv'), big.recipients.csv);
page('big.html', '<campaign-sim id="big" loading="eager" speed="max" src="big.json"></campaign-sim>');
page('drop.html', '<campaign-sim id="drop" loading="eager"></campaign-sim>');
// 4. four charts redrawn every frame: this build's views/chart.js and the baseline's, side by side.
let baselineChart = null;
try {
  const { execFileSync } = await import('node:child_process');
  baselineChart = execFileSync('git', ['-C', ROOT, 'show', `${CHART_BASELINE}:web/views/chart.js`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
} catch { /* not a git checkout: section 4 measures this chart only */ }
if (baselineChart) {
  fs.cpSync(WEB, path.join(tmp, 'static/sim-baseline'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'static/sim-baseline/views/chart.js'), baselineChart);
}
fs.writeFileSync(path.join(tmp, 'docs/charts.js'), `
const which = new URLSearchParams(location.search).get('chart');
const { mountChart } = await import(which === 'baseline' ? '/static/sim-baseline/views/chart.js' : '/static/sim/views/chart.js');
const N = 4, FRAMES = ${FRAMES}, R = 5000;
const charts = [];
for (let i = 0; i < N; i++) { const el = document.createElement('div'); el.id = 'chart'; document.body.append(el); charts.push(mountChart(el)); }
const samples = charts.map(() => []);
let frame = 0;
const stages = (f) => [0, 1, 2].map((d) => ({ depth: d, total: Math.round(R * (f / FRAMES) / (d + 1)), attempted: Math.round(R * (f / FRAMES) / (d + 1.2)) }));
window.__chartsDone = new Promise((resolve) => {
  const step = () => {
    frame += 1;
    const done = Math.round((R * frame) / FRAMES);
    charts.forEach((c, i) => {
      const t = frame * 120;
      samples[i].push([t, done * 0.5, done * 0.2, done * 0.1, done * 0.05, done * 0.05, Math.min(R - done, 200)]);
      const counters = { recipients: R, completed_leads: done * 0.5, failed_leads: done * 0.2, did_not_pick: done * 0.1, cancelled: done * 0.05, retry_expired: done * 0.05, in_progress: 200, attempts: done + frame, attempt_stages: stages(frame), retries_by_depth: [frame, frame >> 1] };
      const live = { token: 1, samples: samples[i], sim: { clock: { local_time: '2026-03-02T09:00:00', elapsed_seconds: t }, campaigns: [{ counters }] } };
      c.render({}, live);
    });
    if (frame < FRAMES) requestAnimationFrame(step); else resolve(frame);
  };
  requestAnimationFrame(step);
});
`);
fs.writeFileSync(path.join(tmp, 'docs/charts.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>charts</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/sim/styles.css"><script type="module" src="charts.js"></script></head><body></body></html>`);

const { server, url } = await startServer({ root: tmp, port: 0, host: '127.0.0.1' });
const context = await launchChromium(path.join(tmp, 'profile'), { acceptDownloads: true, viewport: { width: 1280, height: 900 } });

/** Opens a page and sums the bytes of every response (page and workers) until `done`. */
async function transferred(name, done) {
  const p = await context.newPage();
  const sizes = [];
  const onFinished = async (req) => {
    try {
      const s = await req.sizes();
      sizes.push({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize });
    } catch { /* the page closed */ }
  };
  context.on('requestfinished', onFinished);
  await p.goto(`${url}docs/${name}`);
  await done(p);
  await p.waitForTimeout(500);
  context.off('requestfinished', onFinished);
  await p.close();
  return sizes;
}
/**
 * Starts tracing the page of `cdp`; the function it returns stops and gives the CPU time (ms) of
 * every task of the renderers' main threads (trace RunTask events' thread duration).
 */
async function traceMainThread(cdp) {
  const events = [];
  const onData = (d) => { events.push(...d.value); };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] } });
  return async () => {
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
    const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
    return events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain')
      .map((e) => (e.tdur ?? e.dur) / 1000);
  };
}
const sum = (s) => s.reduce((n, x) => n + x.bytes, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  // 1. bytes
  const waitReady = (ids) => async (p) => { await p.waitForFunction((list) => list.every((id) => window.__ready[id]), ids, { timeout: 60_000 }); };
  const one = await transferred('one.html', waitReady(['e1']));
  const three = await transferred('three.html', waitReady(['e1', 'e2', 'e3']));
  const wasm = (s) => s.filter((x) => x.url.endsWith('.wasm')).length;
  console.log('1. bytes transferred (uncompressed; the project server does not gzip)');
  console.log(`   one element:    ${kb(sum(one))} in ${one.length} responses (.wasm fetched ${wasm(one)}x)`);
  console.log(`   three elements: ${kb(sum(three))} in ${three.length} responses (.wasm fetched ${wasm(three)}x)`);
  console.log(`   the 2nd and 3rd element add ${kb(sum(three) - sum(one))} (${(((sum(three) - sum(one)) / sum(one)) * 100).toFixed(1)} % of one)`);
  const offScreen = await transferred('lazy.html', async (p) => { await p.waitForTimeout(1000); });
  const js = (list) => list.filter((x) => /\.js$/.test(new URL(x.url).pathname) && x.url.includes('/static/sim/'));
  console.log(`   one element off screen (not scrolled to): ${kb(sum(offScreen))} in ${offScreen.length} responses, of which the simulator's JS ${kb(sum(js(offScreen)))} (${js(offScreen).map((x) => path.basename(new URL(x.url).pathname)).join(', ')}); scrolled to and ready, its JS is ${kb(sum(js(one)))}`);

  // 2. viewport -> ready
  const times = [];
  for (let i = 0; i < REPEAT; i++) {
    const p = await context.newPage();
    await p.goto(`${url}docs/lazy.html`);
    await p.waitForTimeout(300);
    const t0 = await p.evaluate(() => { document.getElementById('e1').scrollIntoView(); return performance.now(); });
    await p.waitForFunction(() => window.__ready.e1, null, { timeout: 60_000 });
    times.push((await p.evaluate(() => window.__ready.e1)) - t0);
    await p.close();
  }
  console.log(`2. entering the viewport -> ready: median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}; ${REPEAT} runs, each a new page, HTTP cache off: no-store)`);

  // 3. long tasks with a 10 MB CSV, two measures per phase, each on its own page load: the longest
  // task by wall clock (PerformanceObserver 'longtask', what a reader feels; measured untraced, as
  // tracing itself slows the main thread, and inflated when the machine is loaded) and by the main
  // thread's own CPU time (trace RunTask events' thread duration, robust to load).
  async function phases(trace) {
    const p = await context.newPage();
    const cdp = trace ? await context.newCDPSession(p) : null;
    // `navigates`: fn opens the page, whose tasks are timed from its own navigation (0).
    const measured = async (fn, navigates = false) => {
      const stop = cdp ? await traceMainThread(cdp) : null;
      const t0 = navigates ? 0 : await p.evaluate(() => performance.now());
      await fn();
      const t1 = await p.evaluate(() => performance.now());
      const long = (await p.evaluate(() => window.__long)).filter((e) => e.start >= t0 && e.start < t1);
      const out = { wall: long.length ? Math.max(...long.map((e) => e.ms)) : 0, over: long.length };
      if (!stop) return out;
      const taskMs = await stop();
      return { ...out, cpu: Math.max(0, ...taskMs), cpuOver: taskMs.filter((ms) => ms > BOUND_MS).length };
    };
    const load = await measured(async () => {
      await p.goto(`${url}docs/big.html`);
      await p.waitForFunction(() => window.__ready.big, null, { timeout: 120_000, polling: 250 });
      await p.waitForTimeout(500);
    }, true);
    let runS = 0;
    const run = await measured(async () => {
      const t0 = Date.now();
      await p.locator('#big #controls').getByRole('button', { name: 'Launch', exact: true }).click();
      await p.waitForFunction(() => document.getElementById('big').report, null, { timeout: 300_000, polling: 250 });
      runS = (Date.now() - t0) / 1000;
    });
    const exp = await measured(async () => {
      for (const table of ['recipients', 'calls']) {
        const dl = p.waitForEvent('download', { timeout: 120_000 });
        await p.locator(`#big #exports button[data-table="${table}"]`).click();
        await (await dl).path();
      }
      await p.waitForTimeout(300);
    });
    const report = await p.evaluate(() => document.getElementById('big').report);
    // The same CSV chosen as a file in the form of an element that started on the default scenario.
    await p.goto(`${url}docs/drop.html`);
    await p.waitForFunction(() => window.__ready.drop, null, { timeout: 120_000, polling: 250 });
    await p.waitForTimeout(500);
    const drop = await measured(async () => {
      await p.locator('#drop #f-mode-csv').check();
      await p.locator('#drop #f-csv').setInputFiles(path.join(tmp, 'docs/big.csv'));
      await p.locator('#drop .csv-summary').waitFor({ timeout: 120_000 });
      await p.waitForTimeout(300);
    });
    await p.close();
    return { load, run, exp, drop, runS, attempts: report.campaigns[0].counters.attempts };
  }
  const untraced = await phases(false);
  const traced = await phases(true);
  console.log(`3. a ${(bytes / 1e6).toFixed(1)} MB CSV (${(rows.length - 1).toLocaleString('en-US')} rows; ${untraced.attempts.toLocaleString('en-US')} call logs, run ${untraced.runS.toFixed(1)} s), full view: longest main-thread task`);
  for (const [label, key] of [['loading:', 'load'], ['running:', 'run'], ['exports:', 'exp'], ['the CSV chosen as a file in the form:', 'drop']]) {
    const w = untraced[key];
    const c = traced[key];
    console.log(`   ${label} wall ${w.wall.toFixed(0)} ms (${w.over} tasks over 50 ms; untraced) · CPU ${c.cpu.toFixed(0)} ms (${c.cpuOver} over 50 ms; traced, wall there ${c.wall.toFixed(0)} ms)`);
  }
  console.log(`   (load average during the run: ${os.loadavg().map((x) => x.toFixed(1)).join(', ')} on ${os.cpus().length} cores)`);
  const PHASES = ['load', 'run', 'exp', 'drop'];
  const worst = Math.max(...PHASES.map((k) => traced[k].cpu));
  const worstWall = Math.max(...PHASES.map((k) => untraced[k].wall));
  console.log(`   longest main-thread task: ${worst.toFixed(0)} ms of CPU, ${worstWall.toFixed(0)} ms wall: ${worst <= BOUND_MS ? 'within' : 'OVER'} the issue's ${BOUND_MS} ms bound by CPU, ${worstWall <= BOUND_MS ? 'within' : 'over'} it by wall clock`);
  if (worst > BOUND_MS) process.exitCode = 1;

  // 4. the chart, every frame, four at once
  const chartRun = async (which) => {
    const cp = await context.newPage();
    const stop = await traceMainThread(await context.newCDPSession(cp));
    const t0 = Date.now();
    await cp.goto(`${url}docs/charts.html?chart=${which}`);
    await cp.waitForFunction(() => window.__chartsDone, null, { timeout: 120_000 });
    await cp.evaluate(() => window.__chartsDone);
    const wallMs = Date.now() - t0;
    const taskMs = await stop();
    const cpu = taskMs.reduce((n, ms) => n + ms, 0);
    const longest = Math.max(0, ...taskMs);
    const nodes = await cp.evaluate(() => document.querySelectorAll('svg *').length);
    await cp.close();
    return { cpu, perFrame: cpu / FRAMES, longest, wallMs, nodes };
  };
  console.log(`4. four live charts redrawn every frame (${FRAMES} frames, one new sample per chart per frame): main-thread CPU`);
  const now = await chartRun('current');
  const chartLine = (label, m) => console.log(`   ${label} ${m.perFrame.toFixed(2)} ms per frame (total ${m.cpu.toFixed(0)} ms, longest task ${m.longest.toFixed(1)} ms, ${m.nodes} SVG nodes at the end, ${(m.wallMs / 1000).toFixed(1)} s wall)`);
  if (baselineChart) {
    const before = await chartRun('baseline');
    chartLine('rebuilt per redraw (cf1dbea):', before);
    chartLine('updated in place (this build):', now);
    console.log(`   ratio: ${(before.perFrame / now.perFrame).toFixed(2)}x less main-thread CPU per frame`);
  } else {
    chartLine('updated in place (this build):', now);
  }
} finally {
  await context.close();
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
