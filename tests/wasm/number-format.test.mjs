// web/number-format.js writes numbers as Intl.NumberFormat('en-US') does, without loading ICU on
// the host page's main thread: the same text for every option set the app uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB } from './helpers.mjs';

const { formatEnUS } = await import(pathToFileURL(path.join(WEB, 'number-format.js')).href);

// The option sets of the app's views (counters, money, shares, run counts, tuning tables).
const OPTION_SETS = [
  undefined,
  { maximumFractionDigits: 0 },
  { maximumFractionDigits: 1 },
  { maximumFractionDigits: 4 },
  { minimumFractionDigits: 0, maximumFractionDigits: 0 },
  { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  { minimumFractionDigits: 1, maximumFractionDigits: 1 },
  { minimumFractionDigits: 2 },
];
const label = (o) => JSON.stringify(o ?? {});

// A seeded generator (no Math.random: a failure must reproduce).
function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const EDGES = [0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.35, 0.45, 0.005, 1.005, 1.0005, 9.995, 99.95, 999.5,
  999.9996, 9999.5, 0.0005, 0.00049, 1e-7, 5e-7, 1.5e-7, 123456789, 1234567.891, 1e21, 1.2345e21, 2 ** 53, 2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER, 10_308_107, 538_250, 0.1 + 0.2, 1 / 3, 2 / 3, -1 / 3, -0.0004, -0.0005, -999.9996, 1e100, 5e-324];

for (const options of OPTION_SETS) {
  test(`the edge numbers read as Intl writes them, options ${label(options)}`, () => {
    const intl = new Intl.NumberFormat('en-US', options);
    for (const n of EDGES) assert.equal(formatEnUS(n, options), intl.format(n), `n = ${n}`);
  });
}

for (const options of OPTION_SETS) {
  test(`20,000 seeded random numbers of every scale read as Intl writes them, options ${label(options)}`, () => {
    const intl = new Intl.NumberFormat('en-US', options);
    const r = rng(9);
    for (let i = 0; i < 20_000; i++) {
      const scale = 10 ** Math.floor(r() * 16 - 6);
      const kind = i % 4;
      // integers, halves at the rounding digit, plain doubles, negative doubles
      const n = kind === 0 ? Math.floor(r() * 1e7) : kind === 1 ? Math.round(r() * 2000) / 200 * scale : kind === 2 ? r() * scale : -r() * scale;
      assert.equal(formatEnUS(n, options), intl.format(n), `n = ${n}`);
    }
  });
}

test('not-a-number and infinities read as Intl writes them', () => {
  const intl = new Intl.NumberFormat('en-US');
  for (const n of [NaN, Infinity, -Infinity]) assert.equal(formatEnUS(n), intl.format(n));
});
