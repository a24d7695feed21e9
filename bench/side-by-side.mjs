#!/usr/bin/env node
// Side-by-side benchmark: this tree's engine against an earlier commit's, in the same run, in the
// browser (WebAssembly in Chromium, both engines loaded in one page) and natively (both CLIs), on
// the engine benchmark's default scenarios (max_retries 4, default outcomes, concurrency 100);
// plus, on this tree only, the zone-heavy scenario (a US-wide list in five zones, 09:00-18:00 in
// each recipient's time, Monday to Friday, across the March DST change, TCPA check) beside the
// defaults ("with zones" vs "without zones"). Each measurement is the fastest of --repeat runs,
// the sides taking turns, so the machine's other load weighs on both alike. Prints figures and
// ratios; asserts nothing about time. Also says whether both engines' reports agree.
//
//   node bench/side-by-side.mjs --base <commit> [--sizes 10000,100000,1000000] [--repeat 3]
//
// The base commit is built once into build/bench-base/<sha>/ (git archive, then the same cmake
// builds as scripts/build: the Emscripten module and the native CLI). Needs scripts/build first.
// E.g. --base 6c4f141 (main before the calendar of issue 11), or --base main.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, launchChromium } from './chromium.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const baseRev = option('--base', null);
if (!baseRev) {
  console.error('usage: node bench/side-by-side.mjs --base <commit> [--sizes a,b,c] [--repeat N]');
  process.exit(2);
}
const sizes = option('--sizes', '10000,100000,1000000').split(',').map(Number);
const REPEAT = Number(option('--repeat', '3'));
const JOBS = process.env.JOBS || '2';

const git = (...args) => execFileSync('git', ['-C', ROOT, ...args]).toString().trim();
const sha = git('rev-parse', '--short=12', `${baseRev}^{commit}`);
const headSha = git('rev-parse', '--short=12', 'HEAD');
const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';

// ---- the base build (once per commit) ----
const BASE = path.join(ROOT, 'build/bench-base', sha);
const BASE_WEB = path.join(BASE, 'web');
const BASE_CLI = path.join(BASE, 'native/campaign-sim');
function run(cmd, args, env = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
}
if (!fs.existsSync(path.join(BASE_WEB, 'campaign-sim.js')) || !fs.existsSync(BASE_CLI)) {
  console.log(`building ${baseRev} (${sha}) into ${path.relative(ROOT, BASE)}/ ...`);
  const src = path.join(BASE, 'src');
  fs.rmSync(BASE, { recursive: true, force: true });
  fs.mkdirSync(src, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${sha} | tar -x -C "${src}"`]);
  const nodePath = { NODE_PATH: process.env.NODE_PATH || '/usr/share/nodejs' };
  run('emcmake', ['cmake', '-S', src, '-B', path.join(BASE, 'wasm'), '-DCMAKE_BUILD_TYPE=Release',
    `-DWEB_OUTPUT_DIR=${BASE_WEB}`], nodePath);
  run('cmake', ['--build', path.join(BASE, 'wasm'), `-j${JOBS}`], nodePath);
  fs.copyFileSync(path.join(src, 'bindings/campaign-sim.js'), path.join(BASE_WEB, 'campaign-sim.js'));
  run('cmake', ['-S', src, '-B', path.join(BASE, 'native'), '-DCMAKE_BUILD_TYPE=Release']);
  run('cmake', ['--build', path.join(BASE, 'native'), `-j${JOBS}`, '--target', 'campaign-sim']);
}
const CUR_WEB = path.join(ROOT, 'build/web');
const CUR_CLI = path.join(ROOT, 'build/native/campaign-sim');
for (const f of [path.join(CUR_WEB, 'campaign-sim.js'), CUR_CLI]) {
  if (!fs.existsSync(f)) {
    console.error(`missing ${path.relative(ROOT, f)}: run scripts/build first`);
    process.exit(1);
  }
}

// ---- scenarios (the same JSON as bench/engine_bench.cpp and bench/browser-engine.mjs) ----
const defaults = (n) => JSON.stringify({
  name: `bench ${n}`, seed: 42, recipients: { count: n },
  retry: { max_retries: 4, wait_minutes: 30 }, concurrency: 100,
});
const zoneHeavy = (n) => JSON.stringify({
  name: `bench zones ${n}`, seed: 42, simulation_start: '2026-03-06T08:00', concurrency: 100,
  retry: { max_retries: 4, wait_minutes: 30 },
  recipients: {
    count: n,
    time_zones: { 'America/New_York': 0.4, 'America/Chicago': 0.25, 'America/Denver': 0.1,
      'America/Phoenix': 0.05, 'America/Los_Angeles': 0.2 },
  },
  schedule: { time_zone: 'America/New_York', calling_hours_start: '09:00', calling_hours_end: '18:00',
    calling_hours_in: 'recipient', calling_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    compliance_check: ['us_tcpa'] },
});

// The base report's every value is the same in this tree's report (keys added since, such as
// "truncated", aside): same scenario, same seed, same results.
function sameOnBaseKeys(base, cur) {
  if (Array.isArray(base)) {
    return Array.isArray(cur) && base.length === cur.length && base.every((x, i) => sameOnBaseKeys(x, cur[i]));
  }
  if (base && typeof base === 'object') {
    return cur && typeof cur === 'object' && Object.keys(base).every((k) => k in cur && sameOnBaseKeys(base[k], cur[k]));
  }
  return base === cur;
}
const sameReports = (a, b) => sameOnBaseKeys(JSON.parse(a), JSON.parse(b));

// ---- native: both CLIs, taking turns ----
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-side-'));
function cliSeconds(cli, file) {
  const start = process.hrtime.bigint();
  const out = execFileSync(cli, ['run', file], { maxBuffer: 1 << 28 }).toString();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, out };
}
function nativeRow(n) {
  const dFile = path.join(tmp, `d${n}.json`);
  const zFile = path.join(tmp, `z${n}.json`);
  fs.writeFileSync(dFile, defaults(n));
  fs.writeFileSync(zFile, zoneHeavy(n));
  const best = { base: Infinity, cur: Infinity, zones: Infinity };
  let same = true;
  for (let i = 0; i < REPEAT; ++i) {
    const a = cliSeconds(BASE_CLI, dFile);
    const b = cliSeconds(CUR_CLI, dFile);
    const z = cliSeconds(CUR_CLI, zFile);
    same &&= sameReports(a.out, b.out);
    best.base = Math.min(best.base, a.seconds);
    best.cur = Math.min(best.cur, b.seconds);
    best.zones = Math.min(best.zones, z.seconds);
  }
  return { ...best, same };
}

// ---- browser: both WebAssembly engines in one page, taking turns ----
const ORIGIN = 'http://bench.invalid';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-side-profile-'));
const context = await launchChromium(profile);
await context.route(`${ORIGIN}/**`, (route) => {
  const { pathname } = new URL(route.request().url());
  if (pathname === '/bench.html') {
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><script type="module">
        const base = await import('./base/campaign-sim.js');
        const cur = await import('./cur/campaign-sim.js');
        window.engines = { base: await base.loadEngine(), cur: await cur.loadEngine() };
      </script>`,
    });
  }
  const [, side, ...rest] = pathname.split('/');
  const dir = side === 'base' ? BASE_WEB : side === 'cur' ? CUR_WEB : null;
  const file = dir && path.join(dir, ...rest);
  if (!file || !file.startsWith(dir + path.sep) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
  const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
  return route.fulfill({ contentType: type, body: fs.readFileSync(file) });
});

const ratio = (x, y) => (x / y).toFixed(2).padStart(7);
const secs = (s) => s.toFixed(3).padStart(9);
try {
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/bench.html`);
  await page.waitForFunction(() => window.engines !== undefined, null, { timeout: 120000 });

  console.log(`base ${baseRev} (${sha}) vs this tree (${headSha}${dirty ? ' + uncommitted changes' : ''}); best of ${REPEAT}, sides taking turns`);
  console.log('defaults: base_s, this_s, this/base; zone-heavy on this tree: zones_s, zones/defaults;');
  console.log('same: every value of the base report is the same in this tree\'s (keys added since aside)');
  const header = `${'where'.padEnd(8)} ${'recipients'.padEnd(10)} ${'base_s'.padStart(9)} ${'this_s'.padStart(9)} ${'this/base'.padStart(9)} ${'zones_s'.padStart(9)} ${'zones/def'.padStart(9)} same`;
  console.log(header);
  for (const n of sizes) {
    const wasm = await page.evaluate(({ d, z, repeat }) => {
      const time = (engine, text) => {
        const t0 = performance.now();
        const out = engine.runText(text);
        return { seconds: (performance.now() - t0) / 1000, out };
      };
      const best = { base: Infinity, cur: Infinity, zones: Infinity };
      const outs = [];
      for (let i = 0; i < repeat; ++i) {
        const a = time(window.engines.base, d);
        const b = time(window.engines.cur, d);
        const zz = time(window.engines.cur, z);
        outs.push([a.out, b.out]);
        best.base = Math.min(best.base, a.seconds);
        best.cur = Math.min(best.cur, b.seconds);
        best.zones = Math.min(best.zones, zz.seconds);
      }
      return { ...best, outs };
    }, { d: defaults(n), z: zoneHeavy(n), repeat: REPEAT });
    wasm.same = wasm.outs.every(([a, b]) => sameReports(a, b));
    console.log(`${'browser'.padEnd(8)} ${String(n).padEnd(10)} ${secs(wasm.base)} ${secs(wasm.cur)} ${ratio(wasm.cur, wasm.base).padStart(9)} ${secs(wasm.zones)} ${ratio(wasm.zones, wasm.cur).padStart(9)} ${wasm.same}`);
    const nat = nativeRow(n);
    console.log(`${'native'.padEnd(8)} ${String(n).padEnd(10)} ${secs(nat.base)} ${secs(nat.cur)} ${ratio(nat.cur, nat.base).padStart(9)} ${secs(nat.zones)} ${ratio(nat.zones, nat.cur).padStart(9)} ${nat.same}`);
  }
  const size = (dir) => fs.statSync(path.join(dir, 'campaign-sim-engine.wasm')).size;
  console.log(`campaign-sim-engine.wasm: base ${size(BASE_WEB)} bytes, this ${size(CUR_WEB)} bytes (${ratio(size(CUR_WEB), size(BASE_WEB)).trim()})`);
  console.log(`load average: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (${os.cpus().length} cores)`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}
