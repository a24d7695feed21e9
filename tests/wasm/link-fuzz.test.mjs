// Share links as hostile input (issue 8): random and mutated links, fed to what the page does with
// a link when it opens (web/link.js readLink, then restore over the page's defaults, then the
// notice of what a damaged link kept). Whatever the link, the page must never throw, never hang,
// never load the defaults without saying so, never inflate without bound, and never let a key
// like __proto__ change an object's prototype. Deterministic: a seeded generator, a fixed number
// of cases, each bounded in time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB, engine } from './helpers.mjs';

const mod = (rel) => import(pathToFileURL(path.join(WEB, rel)).href);
const link = await mod('link.js');
const { defaultState } = await mod('state.js');
const { recoveredText } = await mod('views/share.js');
const { makeLink, readLink, restore, canonicalJson, deflateRaw, base64urlEncode, inflateRawPartial, runResults, monteCarloResults, MAX_PAYLOAD_BYTES } = link;

const SEED = 0x5eed8;
const CASE_MS = 5000; // far above the real cost (a few ms); a case over this is a hang

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];

/** A link whose payload is exactly this text (any text: JSON of any shape, or not JSON at all). */
async function linkOf(text, { v = 1, n = true } = {}) {
  const s = base64urlEncode(await deflateRaw(new TextEncoder().encode(text)));
  return `#v=${v}${n ? `&n=${s.length}` : ''}&s=${s}`;
}

/** A random edit of the default state: what a user's link holds. */
function randomState() {
  const s = defaultState();
  s.seed = int(1e6);
  s.scenario.name = pick(['Renewals', 'Café “März”', 'x'.repeat(int(200)), '=cmd|calc', '']);
  s.scenario.recipients = pick([{ count: 1 + int(5000) }, { count: 10 }, { csv_omitted: { rows: int(900), file: 'leads.csv' } }]);
  s.scenario.retry = { ...s.scenario.retry, max_retries: int(8), wait_minutes: 1 + int(300) };
  if (rand() < 0.5) s.scenario.schedule = { ...s.scenario.schedule, time_zone: 'America/New_York', calling_hours_start: '09:00', calling_hours_end: '18:00', calling_days: ['mon', 'tue', 'wed'], holidays: ['2026-12-25'] };
  s.tuning.runs = String(1 + int(5000));
  s.ui.speed = pick(['1', '60', 'max']);
  return s;
}

// Results as the page puts them in a link: the engine's own counters and Monte Carlo summary.
const e = await engine();
const REAL_COUNTERS = e.run({ recipients: { count: 50 }, retry: { max_retries: 2 } }).campaigns[0].counters;
const REAL_MC = { runs: 20, seed: 3, summary: e.monteCarlo({ recipients: { count: 50 } }, { runs: 20, seed: 3 }) };

function randomResults() {
  if (rand() < 0.3) return null;
  const results = runResults(structuredClone(REAL_COUNTERS));
  if (rand() < 0.5) results.mc = monteCarloResults(REAL_MC);
  return results;
}

async function randomLink() {
  return (await makeLink(randomState(), { engineVersion: '0.9.0', results: randomResults() })).hash;
}

function mutate(hash) {
  const at = hash.indexOf('&s=') + 3;
  const body = hash.slice(at);
  const i = at + int(Math.max(1, body.length));
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  switch (int(9)) {
    case 0: return hash.slice(0, at + int(body.length)); // cut short
    case 1: return hash.slice(0, i) + pick([...B64]) + hash.slice(i + 1); // a character changed
    case 2: { // one bit of the decoded payload flipped (re-encoded: a valid base64url text)
      let bytes;
      try {
        bytes = link.base64urlDecode(body);
      } catch {
        return hash.slice(0, i) + hash.slice(i + 1); // an earlier mutation left it undecodable
      }
      if (bytes.length) bytes[int(bytes.length)] ^= 1 << int(8);
      return hash.slice(0, at) + base64urlEncode(bytes);
    }
    case 3: return hash.replace(/v=\d+/, `v=${pick(['0', '2', '99', '-1', 'x', '1.5', '', '1e0', '9007199254740993'])}`);
    case 4: return hash.replace(/&n=\d+/, pick(['', '&n=abc', '&n=-5', '&n=1e300', '&n=0']));
    case 5: return hash.slice(0, i) + hash.slice(i + 1 + int(20)); // characters lost in the middle
    case 6: return `${hash}&s=${body.slice(0, 10)}`; // a second payload
    case 7: return hash.slice(0, i) + pick(['%', '%00', ' ', '+', '=', '#', '&', '\u00e9', '\ud800']) + hash.slice(i);
    default: return `${hash.slice(0, at)}${body}${body}`; // doubled
  }
}

// JSON of the wrong shape, hostile keys, deep nesting, bombs: each as a well-formed link.
const nested = (depth, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
const HOSTILE_TEXTS = [
  '', 'not json', '{', '[]', '5', 'null', '"state"', 'true', '{"state":5}', '{"state":[]}', '{"state":null}', '{"state":{}}',
  '{"state":"x"}', '{"state":{"scenario":5}}', '{"state":{"scenario":"x"}}', '{"state":{"scenario":[1,2]}}',
  '{"state":{"scenario":null}}', '{"state":{"tuning":5}}', '{"state":{"ui":[]}}', '{"state":{"seed":"7"}}',
  '{"state":{"seed":7},"results":5}', '{"state":{"seed":7},"results":{"mc":{}}}', '{"state":{"seed":7},"results":{"mc":{"runs":"x"}}}',
  '{"state":{"seed":7},"results":{"kind":"c","hash":5,"counters":[1]}}', '{"state":{"seed":7},"results":{"mc":{"runs":1e400,"seed":-1,"hash":"zz","means":5}}}',
  '{"state":{"__proto__":{"polluted":1}}}', '{"__proto__":{"polluted":1},"state":{"seed":8}}',
  '{"state":{"scenario":{"__proto__":{"concurrency":999,"polluted":1}}}}', '{"state":{"ui":{"__proto__":{"speed":"1","polluted":1}}}}',
  '{"state":{"constructor":{"prototype":{"polluted":1}}}}', '{"state":{"scenario":{"constructor":{"prototype":{"polluted":1}}}}}',
  '{"state":{"toString":"x","hasOwnProperty":1,"seed":9}}', '{"state":{"scenario":{"recipients":{"__proto__":{"polluted":1},"count":5}}}}',
  '{"state":{"scenario":{"recipients":{"csv_omitted":5}}}}', '{"state":{"scenario":{"recipients":{"csv_omitted":{"rows":"many","file":{}}}}}}',
  `{"state":{"scenario":{"extra":${nested(200000)}}}}`, `{"state":{"scenario":${nested(100000, '{"a":', '}')}}}`,
  `{"state":{"seed":1,"scenario":{"name":"a"${',"k":1'.repeat(150000)}`, // a long text cut short (recovery must stay linear)
  `{"state":{"scenario":${'{"a":1,"b":'.repeat(60000)}`, // deep and cut short
  `{"state":{"seed":1,"scenario":{"name":"${'\\u0000'.repeat(1000)}"}}}`,
  `{"state":{"seed":1,"scenario":{"name":"${'\ud800'.repeat(100)}"}}}`,
];

/** Every object reachable from `value` has a normal prototype. */
function prototypesAreNormal(value, depth = 0) {
  if (!value || typeof value !== 'object' || depth > 50) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  return Object.values(value).every((v) => prototypesAreNormal(v, depth + 1));
}

/** Every value `partial` gives is the default's (so a page on the defaults is what it says). */
function onlyDefaults(partial, defaults) {
  if (partial === defaults) return true;
  if (!partial || typeof partial !== 'object' || !defaults || typeof defaults !== 'object') return canonicalJson(partial) === canonicalJson(defaults);
  return Object.keys(partial).every((k) => Object.hasOwn(defaults, k) && onlyDefaults(partial[k], defaults[k]));
}

/** What the page does when it opens on `hash`; asserts the rules and returns the reading. */
async function openLink(hash, label) {
  const defaults = defaultState();
  const started = Date.now();
  const read = await readLink(hash); // never throws: a rejection fails the test here
  assert.ok(Date.now() - started < CASE_MS, `${label}: readLink took ${Date.now() - started} ms`);
  assert.equal(typeof read.ok, 'boolean', label);
  if (read.ok) {
    assert.equal(read.damaged, null, label);
    assert.ok(read.state && typeof read.state === 'object' && !Array.isArray(read.state), `${label}: ok without a state`);
  } else {
    assert.ok(typeof read.damaged === 'string' && read.damaged.length > 20, `${label}: not ok, and no message (${read.damaged})`);
  }
  if (read.state !== null) assert.ok(read.recovered.length > 0, `${label}: a state, but no word of what was recovered`);
  const { state, ignored } = restore(read.state || {}, defaults);
  assert.ok(prototypesAreNormal(state), `${label}: a prototype was changed`);
  assert.equal(Object.prototype.polluted, undefined, `${label}: Object.prototype polluted`);
  assert.equal(JSON.parse(canonicalJson(state)).polluted, undefined, label);
  // The page's state survives its own round trip (what the address bar and the worker get).
  assert.deepEqual(JSON.parse(canonicalJson(state)), JSON.parse(JSON.stringify(state)), `${label}: the state does not serialise as it is`);
  if (read.ok && !ignored.length && canonicalJson(state) === canonicalJson(defaults)) {
    assert.ok(onlyDefaults(read.state, defaults), `${label}: a link whose settings were dropped without a word: ${canonicalJson(read.state).slice(0, 200)}`);
  }
  if (read.damaged) assert.equal(typeof recoveredText(read.state, defaults), 'string', label);
  if (read.results !== null) {
    const r = read.results;
    assert.ok(r && typeof r === 'object' && !Array.isArray(r), `${label}: results of the wrong shape reach the page`);
    if (r.mc) assert.ok(Number.isSafeInteger(r.mc.runs) && Number.isSafeInteger(r.mc.seed) && /^[0-9a-f]{8}$/.test(r.mc.hash), `${label}: a Monte Carlo summary of the wrong shape: ${JSON.stringify(r.mc)}`);
    if ('counters' in r) assert.ok(r.counters && typeof r.counters === 'object' && !Array.isArray(r.counters), label);
  }
  return read;
}

describe('share links as hostile input', () => {
  it('a valid random link reads back whole', async () => {
    for (let i = 0; i < 40; i++) {
      const state = randomState();
      const results = randomResults();
      const read = await openLink((await makeLink(state, { results })).hash, `valid ${i}`);
      assert.equal(read.ok, true, read.damaged);
      assert.deepEqual(read.state, state);
      assert.deepEqual(read.results, results);
    }
  });

  it('mutated links (cut, altered, flipped bits, wrong version or length) never throw, hang or load defaults silently', async () => {
    for (let i = 0; i < 400; i++) {
      let hash = await randomLink();
      for (let m = 1 + int(3); m > 0; m--) hash = mutate(hash);
      await openLink(hash, `mutated ${i}: ${hash.slice(0, 120)}`);
    }
  });

  it('random text as a link never throws', async () => {
    const ALPHA = 'v=1&sn#%0123456789AZaz-_.~+/= ';
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: int(120) }, () => ALPHA[int(ALPHA.length)]).join('');
      await openLink(pick(['', '#', '#v=1&s=']) + text, `random ${i}: ${text}`);
    }
  });

  it('payloads of the wrong shape, hostile keys and deep nesting are read or reported, never obeyed', async () => {
    for (const [i, text] of HOSTILE_TEXTS.entries()) {
      const read = await openLink(await linkOf(text), `hostile ${i}: ${text.slice(0, 100)}`);
      if (/__proto__|constructor/.test(text)) assert.equal(read.state && Object.getPrototypeOf(read.state), read.state ? Object.prototype : null);
    }
    // Settings of the wrong type are named, not dropped in silence.
    const { state, ignored } = restore((await readLink(await linkOf('{"state":{"scenario":"x","seed":4}}'))).state, defaultState());
    assert.deepEqual(ignored, ['scenario']);
    assert.equal(state.seed, 4);
  });

  it('a decompression bomb is cut at the payload bound and reported, quickly', async () => {
    assert.ok(MAX_PAYLOAD_BYTES >= 64 * 1024 && MAX_PAYLOAD_BYTES <= 16 * 1024 * 1024);
    const zeros = new Uint8Array(16 * 1024 * 1024); // 16 MiB of zeros deflate to ~16 KB
    const bomb = await deflateRaw(zeros);
    const inflated = await inflateRawPartial(bomb);
    assert.ok(inflated.bytes.length <= MAX_PAYLOAD_BYTES, `inflated ${inflated.bytes.length} bytes`);
    assert.equal(inflated.complete, false);
    assert.equal(inflated.tooLarge, true);
    const json = new TextEncoder().encode(`{"state":{"seed":3,"scenario":{"name":"${'a'.repeat(8 * 1024 * 1024)}"}}}`);
    for (const payload of [zeros, json]) {
      const s = base64urlEncode(await deflateRaw(payload));
      const read = await openLink(`#v=1&n=${s.length}&s=${s}`, 'bomb');
      assert.equal(read.ok, false);
      assert.match(read.damaged, /more than [\d.,]+ (KB|MB)/);
    }
  });

  it('an absurdly long link is refused before it is decoded', async () => {
    const s = 'A'.repeat(8 * 1024 * 1024);
    const read = await openLink(`#v=1&n=${s.length}&s=${s}`, 'long');
    assert.equal(read.ok, false);
    assert.match(read.damaged, /too long/);
  });
});
