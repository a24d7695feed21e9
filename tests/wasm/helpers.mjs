// Shared helpers of the WASM test suite: where things are, the native CLI, the engine, fixtures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = process.env.CAMPAIGN_SIM_CLI ?? path.join(ROOT, 'build', 'native', 'campaign-sim');
export const WEB = process.env.CAMPAIGN_SIM_WEB ?? path.join(ROOT, 'build', 'web');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

for (const [what, file] of [['native CLI', CLI], ['web engine', path.join(WEB, 'campaign-sim.js')]]) {
  if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file}: run scripts/build first`);
}

let enginePromise;
/** One engine per test file (each node --test file is its own process). */
export function engine() {
  enginePromise ??= import(pathToFileURL(path.join(WEB, 'campaign-sim.js')).href).then((m) => m.loadEngine());
  return enginePromise;
}
export async function apiModule() {
  return import(pathToFileURL(path.join(WEB, 'campaign-sim.js')).href);
}

/** Runs the native CLI. stdout stays a Buffer, for byte comparisons. */
export function cli(args, { input } = {}) {
  const r = spawnSync(CLI, args, { input, maxBuffer: 1 << 30, timeout: 300_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8'), text: r.stdout.toString('utf8') };
}

/** The CLI's error list for an invocation that must exit 2. */
export function cliErrors(args, opts) {
  const r = cli(args, opts);
  if (r.status !== 2) {
    throw new Error(`expected exit 2 from campaign-sim ${args.join(' ')}, got ${r.status}: ${r.stderr}`);
  }
  return JSON.parse(r.text).errors;
}

/**
 * Every scenario fixture under tests/fixtures (recursively): *.json files, except expected
 * outputs (names containing ".expected." or under a folder named "expected").
 */
export function fixtureFiles(dir = FIXTURES) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'expected' && !entry.name.startsWith('.')) walk(full);
      } else if (entry.name.endsWith('.json') && !entry.name.includes('.expected.')) {
        out.push(full);
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

export const rel = (file) => path.relative(ROOT, file);

/** Asserts two byte strings are equal, reporting the first difference readably. */
export function assertSameBytes(actual, expected, what) {
  const a = Buffer.isBuffer(actual) ? actual : Buffer.from(actual, 'utf8');
  const e = Buffer.isBuffer(expected) ? expected : Buffer.from(expected, 'utf8');
  if (a.equals(e)) return;
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  const show = (b) => JSON.stringify(b.subarray(Math.max(0, i - 80), i + 80).toString('utf8'));
  throw new Error(`${what}: bytes differ at offset ${i} (wasm ${a.length} bytes, native ${e.length} bytes)\n` +
    `  wasm:   ${show(a)}\n  native: ${show(e)}`);
}
