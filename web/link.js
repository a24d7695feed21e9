// Shareable links: the page state in the URL fragment (Excalidraw-style). ONE module owns the
// format and the restore step; app.js only calls makeLink / readLink / restore.
//
//   #v=1&e=<engine version>&r=<result kind>.<short hash>&n=<length of s>&s=<payload>
//
//   payload = base64url(deflate-raw(canonical JSON of {state, results}))
//   v   the link format version; readLink runs MIGRATIONS[v] ... up to LINK_VERSION
//   e   the engine version the link was made with (engine/version.h)
//   r   a short hash of the results it was made with: "c.<hash>" (the campaign's counters for its
//       seed) or absent; `results` in the payload holds the numbers themselves, so a link opened by
//       an engine that computes other numbers can show both
//   m   "<runs>.<seed>.<hash>" of a Monte Carlo summary made for this state, when there was one
//       (results.mc holds its main means)
//   n   the payload's length: a link cut short (chat apps, mail clients) is recognised as damaged
//   s   last, so truncation damages only the payload (and what it held is recovered as far as it
//       goes; see readLink)
//
// Never in a link: the rows of a CSV of recipients (real phone numbers; and far too long). The
// state goes in with the CSV text removed and `recipients.csv_omitted` saying how many rows and
// which file; the page says so and offers the scenario file instead. Links above LINK_LIMIT
// characters are "too long for chat apps": the page says so and offers the file too.
//
// Everything here is plain JS with web-standard APIs (CompressionStream, TextEncoder, atob/btoa),
// so node --test runs it as it is (tests/wasm/link.test.mjs).
import { formatEnUS } from './number-format.js';

export const LINK_VERSION = 1;
/** Above this many characters a link is too long for chat apps and mail clients. */
export const LINK_LIMIT = 2000;
/**
 * A link's payload never inflates beyond this many bytes (a page state is a few KB; a scenario with
 * 1000 holidays and 64 zones stays far below): a decompression bomb stops here and is reported.
 */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Longer `s=` texts are refused before decoding (deflate never makes a page state this long). */
export const MAX_LINK_CHARS = Math.ceil((MAX_PAYLOAD_BYTES * 4) / 3) + 4096;
/** Deeper JSON than any page state is refused before it is parsed (its later handling recurses). */
export const MAX_PAYLOAD_DEPTH = 64;

// Versioned migrations: MIGRATIONS[v](payload) turns a version-v payload into version v + 1.
// Version 1 is the first; when the state's shape changes, bump LINK_VERSION and add the step here.
export const MIGRATIONS = {};

// ---- small named helpers: canonical JSON, deflate, base64url, hash ----

const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** JSON with object keys sorted at every depth and no whitespace: one text per value. */
export function canonicalJson(value) {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    // fromEntries defines keys (a "__proto__" key stays a key; an assignment would set the prototype).
    return Object.fromEntries(Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => [k, sortKeys(value[k])]));
  }
  return value;
}

async function streamBytes(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export function deflateRaw(bytes) {
  return streamBytes(bytes, new CompressionStream('deflate-raw'));
}

/**
 * Inflates as much as it can, at most `limit` bytes. @returns {{bytes: Uint8Array, complete:
 * boolean, tooLarge: boolean}}: `complete` is false when the data is cut short or altered (then
 * `bytes` holds what came out before that) or inflates beyond `limit` (`tooLarge`; `bytes` holds
 * the first `limit` bytes and the rest is never inflated).
 */
export async function inflateRawPartial(bytes, limit = MAX_PAYLOAD_BYTES) {
  const chunks = [];
  let complete = true;
  let tooLarge = false;
  let total = 0;
  let reader = null;
  try {
    reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.length > limit) {
        chunks.push(value.subarray(0, limit - total));
        total = limit;
        tooLarge = true;
        complete = false;
        break;
      }
      chunks.push(value);
      total += value.length;
    }
  } catch {
    complete = false;
  }
  if (tooLarge) reader.cancel().catch(() => {});
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return { bytes: out, complete, tooLarge };
}

export function base64urlEncode(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url; characters outside the alphabet are an error, a ragged end is dropped. */
export function base64urlDecode(text) {
  if (/[^A-Za-z0-9_-]/.test(text)) throw new Error('the link holds characters a link of this page never has');
  const usable = text.length - (text.length % 4 === 1 ? 1 : 0);
  const b64 = text.slice(0, usable).replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A short hash of a value's canonical JSON (FNV-1a, 32 bits, 8 hex digits). */
export function shortHash(value) {
  const text = typeof value === 'string' ? value : canonicalJson(value);
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The results a link carries: the run's counters, and their hash. */
export function runResults(counters) {
  return { kind: 'c', counters, hash: shortHash(counters) };
}

/** The metrics of a Monte Carlo summary a link shows beside its hash. */
export const MC_LINK_METRICS = ['completed_share', 'failed_share', 'did_not_pick_share', 'attempts_per_recipient', 'cost', 'duration_minutes'];

/** A Monte Carlo summary as a link carries it: runs, seed, the hash of the whole summary, a few means. */
export function monteCarloResults({ runs, seed, summary }) {
  const c = summary && Array.isArray(summary.campaigns) ? summary.campaigns[0] : summary;
  const means = {};
  for (const k of MC_LINK_METRICS) if (c && c[k]) means[k] = c[k].mean;
  return { runs, seed, hash: shortHash(summary), means };
}

// ---- CSV rows never go into a link ----

/** The state as a link carries it: a CSV of recipients is replaced by a note of what it was. */
export function linkableState(state) {
  const rec = state.scenario && state.scenario.recipients;
  if (!rec || typeof rec.csv !== 'string') return { state, omitted: null };
  const rows = Math.max(0, rec.csv.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').length - 1);
  const { csv, ...rest } = rec;
  const omitted = { rows, file: (state.ui && state.ui.csvFileName) || null };
  return { state: { ...state, scenario: { ...state.scenario, recipients: { ...rest, csv_omitted: omitted } } }, omitted };
}

// ---- making and reading links ----

/**
 * @param {object} state the page state (store.state)
 * @param {{engineVersion?: string, results?: object|null}} meta
 * @returns {Promise<{hash: string, length: number, tooLong: boolean, csvOmitted: object|null}>}
 *   `hash` starts with "#"; `length` is the characters of the hash.
 */
export async function makeLink(state, { engineVersion = '', results = null } = {}) {
  const { state: linkable, omitted } = linkableState(state);
  const payload = { state: linkable };
  if (results) payload.results = results;
  const s = base64urlEncode(await deflateRaw(new TextEncoder().encode(canonicalJson(payload))));
  const parts = [`v=${LINK_VERSION}`];
  if (engineVersion) parts.push(`e=${encodeURIComponent(engineVersion)}`);
  if (results && results.hash) parts.push(`r=${results.kind}.${results.hash}`);
  if (results && results.mc) parts.push(`m=${results.mc.runs}.${results.mc.seed}.${results.mc.hash}`);
  parts.push(`n=${s.length}`, `s=${s}`);
  const hash = `#${parts.join('&')}`;
  return { hash, length: hash.length, tooLong: hash.length > LINK_LIMIT, csvOmitted: omitted };
}

/** Is this fragment one of ours (and not, say, "#history-heading")? */
export function isStateLink(hash) {
  return /^#?v=\d+(&|$)/.test(hash || '');
}

/**
 * Reads a fragment. Never throws.
 * @returns {Promise<{ok: boolean, damaged: string|null, version, engineVersion, resultHash,
 *   results, state: object|null, recovered: string[]}>}
 *   ok: the whole payload was read. damaged: what is wrong, in the user's words. state: what could
 *   be read (the whole state, or the part before the damage), already migrated to LINK_VERSION.
 *   recovered: the dotted paths of the settings that were read ("scenario.retry", "seed", ...).
 */
export async function readLink(hash, { migrations = MIGRATIONS } = {}) {
  const out = { ok: false, damaged: null, version: null, engineVersion: null, resultHash: null, monteCarloHash: null, results: null, state: null, recovered: [] };
  const params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  out.version = params.has('v') ? Number(params.get('v')) : NaN;
  out.engineVersion = params.get('e');
  out.resultHash = params.get('r');
  out.monteCarloHash = params.get('m'); // runs.seed.hash
  const s = params.get('s');
  if (!Number.isSafeInteger(out.version) || out.version < 0) {
    out.damaged = 'The link has no format version (v=…): it was cut short or edited.';
    return out;
  }
  if (out.version > LINK_VERSION) {
    out.damaged = `The link was made by a newer version of the simulator (link format ${out.version}; this page reads up to ${LINK_VERSION}).`;
    return out;
  }
  if (!s) {
    out.damaged = 'The link holds no scenario (s=…): it was cut short.';
    return out;
  }
  if (s.length > MAX_LINK_CHARS) {
    out.damaged = `This link is damaged: it is too long to be a link of this page (${formatEnUS(s.length)} characters of data; at most ${formatEnUS(MAX_LINK_CHARS)}).`;
    return out;
  }
  const n = params.has('n') ? Number(params.get('n')) : null;
  const problems = [];
  if (n !== null && !(Number.isSafeInteger(n) && n >= 0)) problems.push('its length (n=…) is not a number of characters');
  else if (n !== null && n !== s.length) problems.push(`it holds ${formatEnUS(s.length)} of its ${formatEnUS(n)} characters`);
  let text = '';
  try {
    const { bytes, complete, tooLarge } = await inflateRawPartial(base64urlDecode(s));
    if (tooLarge) problems.push(`its data decompresses to more than ${sizeText(MAX_PAYLOAD_BYTES)}, far more than any page state (the rest was not read)`);
    else if (!complete) problems.push('its data does not decompress to the end');
    text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  } catch (err) {
    problems.push(err.message);
  }
  let payload = null;
  const depth = nestingDepth(text);
  if (depth > MAX_PAYLOAD_DEPTH) {
    problems.push(`its data is nested ${formatEnUS(depth)} levels deep (a page state has fewer than ${MAX_PAYLOAD_DEPTH})`);
  } else {
    try {
      payload = JSON.parse(text);
      if (!isPlain(payload)) throw new Error('not an object');
    } catch {
      payload = recoverPrefix(text);
      if (!problems.length) problems.push('its data is not a scenario');
    }
  }
  if (payload) {
    let v = out.version;
    try {
      while (v < LINK_VERSION) {
        const step = migrations[v];
        if (!step) {
          out.damaged = `The link uses format ${v}, which this version cannot convert.`;
          return out;
        }
        payload = step(payload);
        v += 1;
      }
    } catch (err) {
      out.damaged = `This link is damaged: its format ${v} data could not be converted (${err.message}).`;
      return out;
    }
    if (isPlain(payload) && isPlain(payload.state) && Object.keys(payload.state).length) out.state = payload.state;
    else if (isPlain(payload) && 'state' in payload) problems.push('its page state is not a set of settings');
    if (isPlain(payload) && payload.results !== undefined) {
      out.results = readResults(payload.results);
      if (!out.results) problems.push('the results it carries are not readable (they are not shown)');
    }
    out.recovered = out.state ? leafGroups(out.state) : [];
  }
  if (problems.length) out.damaged = `This link is damaged: ${problems.join('; ')}.`;
  out.ok = !out.damaged && Boolean(out.state);
  if (!out.state && !out.damaged) out.damaged = 'This link is damaged: it holds no page state.';
  return out;
}

const sizeText = (bytes) => (bytes >= 1024 * 1024 ? `${formatEnUS(bytes / 1024 / 1024)} MB` : `${formatEnUS(bytes / 1024)} KB`);

/** The results a link carries, if they have the shape makeLink gives them; else null. */
function readResults(r) {
  if (!isPlain(r)) return null;
  if (r.kind !== undefined && r.kind !== 'c') return null;
  if (r.hash !== undefined && !(typeof r.hash === 'string' && /^[0-9a-f]{8}$/.test(r.hash))) return null;
  if (r.counters !== undefined && !isPlain(r.counters)) return null; // numbers and lists (retries_by_depth...)
  if (r.mc !== undefined) {
    const m = r.mc;
    if (!isPlain(m) || !Number.isSafeInteger(m.runs) || m.runs < 1 || !Number.isSafeInteger(m.seed) || m.seed < 0) return null;
    if (!(typeof m.hash === 'string' && /^[0-9a-f]{8}$/.test(m.hash))) return null;
    if (m.means !== undefined && !isPlain(m.means)) return null;
    // A mean is a number (a summary of no runs has none): anything else is not shown.
    if (m.means) return { ...r, mc: { ...m, means: Object.fromEntries(Object.entries(m.means).filter(([, x]) => typeof x === 'number')) } };
  }
  return r;
}

/** The deepest nesting of brackets in a JSON text (strings skipped); linear, never recursive. */
export function nestingDepth(text) {
  let depth = 0;
  let max = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === 92) escaped = true; // backslash
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) { depth += 1; if (depth > max) max = depth; }
    else if (ch === 125 || ch === 93) depth = Math.max(0, depth - 1);
  }
  return max;
}

/** The settings groups a (partial) state holds, as dotted paths two levels deep. */
function leafGroups(state) {
  const out = [];
  for (const [k, v] of Object.entries(state)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const k2 of Object.keys(v)) out.push(`${k}.${k2}`);
    else out.push(k);
  }
  return out;
}

/**
 * The longest prefix of a JSON text cut short that is a complete value once its open brackets are
 * closed: every member before the cut survives, the member being cut is dropped. null when nothing
 * is recoverable.
 */
export function recoverPrefix(text) {
  // The stack of open brackets as a linked list: remembering it at a cut costs nothing, and only
  // the best cut's closers are ever built (linear in the text, whatever its shape).
  let top = null; // {ch, below}
  let inString = false;
  let escaped = false;
  let best = null; // {end, stack}
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') top = { ch, below: top };
    else if (ch === '}' || ch === ']') {
      if (top) top = top.below;
      best = { end: i + 1, stack: top };
    } else if (ch === ',' && top && top.ch === '{') best = { end: i, stack: top };
  }
  if (!best) return null;
  let closers = '';
  for (let t = best.stack; t; t = t.below) closers += t.ch === '{' ? '}' : ']';
  try {
    const value = JSON.parse(text.slice(0, best.end) + closers);
    return isPlain(value) ? value : null;
  } catch {
    return null;
  }
}

// ---- restore: a partial state over the defaults, key by key ----

// ---- an edit made just before the page is left ----
// The address is rewritten 300 ms after an edit, asynchronously (CompressionStream): a reload in
// between would bring back the link from before the edit. The page keeps such an edit in the
// tab's sessionStorage when it is left (pagehide) and takes it back when it opens again at the
// same address. Like a link, it never holds a CSV's rows.
const PENDING_KEY = 'campaign-sim:pending-edit';

/** Keeps `state` for the next opening of `href` in this tab. Never throws. */
export function savePendingEdit(storage, href, state) {
  try {
    storage.setItem(PENDING_KEY, JSON.stringify({ href, state: linkableState(state).state }));
  } catch {
    // no storage (privacy settings, quota): the address bar's link is what a reload gets
  }
}

/** The state kept for `href`, or null; whatever was kept is forgotten. Never throws. */
export function takePendingEdit(storage, href) {
  try {
    const raw = storage.getItem(PENDING_KEY);
    storage.removeItem(PENDING_KEY);
    const kept = raw ? JSON.parse(raw) : null;
    return kept && kept.href === href && isPlain(kept.state) ? kept.state : null;
  } catch {
    return null;
  }
}

/**
 * Merges `partial` over `defaults` key by key: objects merge recursively, anything else from
 * `partial` replaces the default. Top-level keys the defaults do not have are dropped (returned in
 * `ignored`); inside the scenario every key is kept (the engine validates the document and names
 * what it rejects). ui and tuning values of the wrong type keep their default.
 * @returns {{state: object, ignored: string[]}}
 */
export function restore(partial, defaults) {
  const ignored = [];
  const has = (obj, k) => Object.hasOwn(obj, k);
  const merge = (d, p, path, open) => {
    const out = { ...d };
    for (const [k, v] of Object.entries(p)) {
      const where = path ? `${path}.${k}` : k;
      // Never a key that reaches a prototype, whatever the object (these are never settings).
      if (UNSAFE_KEYS.has(k)) { ignored.push(where); continue; }
      if (!has(d, k) && !open) { ignored.push(where); continue; }
      if (isPlain(d[k]) && isPlain(v)) out[k] = merge(d[k], v, where, open);
      else if (!open && d[k] !== null && d[k] !== undefined && v !== null && (typeof v !== typeof d[k] || isPlain(d[k]) !== isPlain(v))) ignored.push(where);
      else out[k] = v;
    }
    return out;
  };
  const state = { ...defaults };
  for (const [k, v] of Object.entries(isPlain(partial) ? partial : {})) {
    if (UNSAFE_KEYS.has(k) || !has(defaults, k)) { ignored.push(k); continue; }
    if (isPlain(defaults[k]) && !isPlain(v)) { ignored.push(k); continue; } // e.g. "scenario": 5
    if (k === 'scenario') {
      state.scenario = merge(defaults.scenario, v, 'scenario', true);
      // The recipients are one of several forms (a count, a CSV...): a link's replaces the default's whole.
      if (isPlain(v.recipients)) state.scenario.recipients = v.recipients;
    }
    else if (isPlain(defaults[k])) state[k] = merge(defaults[k], v, k, false);
    else if (typeof v === typeof defaults[k]) state[k] = v;
    else ignored.push(k);
  }
  state.version = defaults.version;
  return { state, ignored };
}

/** Keys that name a prototype rather than a setting: never merged (listed as ignored). */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
