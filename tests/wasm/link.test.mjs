// The shareable-link format of web/link.js: what a user notices is that a link opens the same
// state, a link cut short says it is damaged (and what it kept), CSV rows never travel, and a
// partial or older state is completed from the defaults.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.mjs';

const link = await import(pathToFileURL(path.join(ROOT, 'web', 'link.js')).href);
const { makeLink, readLink, restore, canonicalJson, recoverPrefix, shortHash, runResults, monteCarloResults, LINK_LIMIT, isStateLink, savePendingEdit, takePendingEdit } = link;

const defaults = () => ({
  version: 1,
  seed: 1,
  scenario: {
    name: 'Campaign', recipients: { count: 1000 },
    retry: { max_retries: 2, wait_minutes: 30, retry_on_no_answer: true, retry_on_busy: true, retry_on_voicemail: false },
    concurrency: 10, launch_at_minute: null,
  },
  tuning: { runs: '500', seed: '', sweepMaxRetries: '4', sweepWaits: '15, 30, 60', sweepRuns: '200', b: null },
  ui: { speed: '600', recipientsMode: 'count', csvFileName: null, view: '' },
});

const edited = () => {
  const s = defaults();
  s.seed = 42;
  s.scenario.retry.max_retries = 4;
  s.scenario.retry.wait_minutes = 90;
  s.scenario.recipients.count = 2500;
  s.tuning.sweepWaits = '20, 40';
  return s;
};

describe('shareable links', () => {
  it('canonical JSON does not depend on key order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('a link reads back to exactly the state it was made from', async () => {
    const state = edited();
    const made = await makeLink(state, { engineVersion: '0.2.0' });
    assert.match(made.hash, /^#v=1&e=0\.2\.0&n=\d+&s=[A-Za-z0-9_-]+$/);
    assert.equal(made.length, made.hash.length);
    const read = await readLink(made.hash);
    assert.equal(read.ok, true, read.damaged);
    assert.equal(read.damaged, null);
    assert.deepEqual(read.state, state);
    assert.equal(read.engineVersion, '0.2.0');
  });

  it('the same state always gives the same link', async () => {
    const a = await makeLink(edited());
    const s = edited();
    const reordered = { ui: s.ui, tuning: s.tuning, scenario: s.scenario, seed: s.seed, version: s.version };
    assert.equal((await makeLink(reordered)).hash, a.hash);
  });

  it('a link carries its results and their short hash', async () => {
    const counters = { completed_leads: 412, failed_leads: 300, attempts: 1900 };
    const results = runResults(counters);
    assert.match(results.hash, /^[0-9a-f]{8}$/);
    assert.equal(results.hash, shortHash({ attempts: 1900, failed_leads: 300, completed_leads: 412 }));
    assert.notEqual(results.hash, shortHash({ ...counters, attempts: 1901 }));
    const made = await makeLink(edited(), { engineVersion: '0.2.0', results });
    assert.match(made.hash, new RegExp(`&r=c\\.${results.hash}&`));
    const read = await readLink(made.hash);
    assert.equal(read.resultHash, `c.${results.hash}`);
    assert.deepEqual(read.results, results);
  });

  it('a link can carry a Monte Carlo summary: its runs, seed, hash and main means', async () => {
    const summary = { runs: 80, seed: 12, campaigns: [{ name: 'x', completed_share: { mean: 0.41, sd: 0.02 }, cost: { mean: 380.5 } }] };
    const mc = monteCarloResults({ runs: 80, seed: 12, summary });
    assert.deepEqual(mc.means, { completed_share: 0.41, cost: 380.5 });
    assert.equal(mc.hash, shortHash(summary));
    const made = await makeLink(edited(), { results: { ...runResults({ attempts: 1 }), mc } });
    assert.match(made.hash, new RegExp(`&m=80\\.12\\.${mc.hash}&`));
    const read = await readLink(made.hash);
    assert.equal(read.monteCarloHash, `80.12.${mc.hash}`);
    assert.deepEqual(read.results.mc, mc);
  });

  it('a link cut short is damaged, says so, and keeps what it held before the cut', async () => {
    const made = await makeLink(edited(), { engineVersion: '0.2.0' });
    const cut = made.hash.slice(0, made.hash.length - Math.floor((made.hash.length - made.hash.indexOf('&s=')) / 3));
    const read = await readLink(cut);
    assert.equal(read.ok, false);
    assert.match(read.damaged, /damaged/);
    assert.match(read.damaged, /holds \d+ of its \d+ characters/);
    assert.equal(read.engineVersion, '0.2.0');
    // Whatever was read is a correct part of the original (sorted keys: the scenario comes first).
    if (read.state && read.state.scenario) {
      for (const [k, v] of Object.entries(read.state.scenario)) assert.deepEqual(v, edited().scenario[k], `recovered scenario.${k}`);
    }
  });

  it('a link whose data was altered is damaged, never read as defaults', async () => {
    const made = await makeLink(edited());
    const at = made.hash.indexOf('&s=') + 10;
    const altered = made.hash.slice(0, at) + (made.hash[at] === 'A' ? 'B' : 'A') + made.hash.slice(at + 1);
    const read = await readLink(altered);
    if (read.ok) {
      // A flipped bit can still inflate to valid JSON; then it must still be a different state.
      assert.notDeepEqual(read.state, edited());
    } else {
      assert.match(read.damaged, /damaged/);
    }
    const garbage = await readLink('#v=1&n=8&s=@@@@@@@@');
    assert.equal(garbage.ok, false);
    assert.match(garbage.damaged, /damaged/);
  });

  it('a link from a newer format says it needs a newer simulator', async () => {
    const read = await readLink('#v=99&s=abc');
    assert.equal(read.ok, false);
    assert.match(read.damaged, /newer version/);
  });

  it('older formats are migrated step by step', async () => {
    // A hypothetical format 0 that called the tuning settings "analysis".
    const made = await makeLink({ analysis: { runs: '900' } });
    const v0 = made.hash.replace('#v=1', '#v=0');
    const migrations = { 0: (p) => ({ ...p, state: { tuning: p.state.analysis } }) };
    const read = await readLink(v0, { migrations });
    assert.equal(read.ok, true, read.damaged);
    assert.deepEqual(read.state, { tuning: { runs: '900' } });
    assert.equal(restore(read.state, defaults()).state.tuning.runs, '900');
  });

  it('restore merges a partial state over the defaults key by key', () => {
    const { state, ignored } = restore({ seed: 9, scenario: { retry: { max_retries: 3, wait_minutes_list: [10, 20] } }, tuning: { runs: '50' }, nonsense: 1 }, defaults());
    assert.equal(state.seed, 9);
    assert.equal(state.scenario.retry.max_retries, 3);
    assert.equal(state.scenario.retry.wait_minutes, 30, 'a key the link left out keeps its default');
    assert.deepEqual(state.scenario.retry.wait_minutes_list, [10, 20], 'scenario keys beyond the defaults are kept');
    assert.equal(state.scenario.name, 'Campaign');
    assert.equal(state.tuning.runs, '50');
    assert.equal(state.tuning.sweepWaits, '15, 30, 60');
    assert.deepEqual(ignored, ['nonsense']);
  });

  it('a link keeps the calendar fields (zone, recipient hours, days, holidays, preset, check, zone mix) through restore', async () => {
    const state = defaults();
    state.scenario.schedule = { calling_hours_start: '09:00', calling_hours_end: '18:00', time_zone: null, calling_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], holidays: [] };
    const base = structuredClone(state);
    Object.assign(state.scenario.schedule, {
      time_zone: 'America/New_York', calling_hours_in: 'recipient', calling_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: ['2026-03-09'], calling_rules: 'us_tcpa', compliance_check: ['canada_crtc', 'uk_ofcom'],
      default_recipient_time_zone: 'America/Chicago',
    });
    state.scenario.recipients = { count: 400, time_zones: { 'America/New_York': 0.6, 'America/Los_Angeles': 0.4 } };
    const read = await readLink((await makeLink(state)).hash);
    assert.equal(read.ok, true, read.damaged);
    const { state: restored, ignored } = restore(read.state, base);
    assert.deepEqual(ignored, []);
    assert.deepEqual(restored.scenario.schedule, state.scenario.schedule, 'arrays replace the default days and holidays whole');
    assert.deepEqual(restored.scenario.recipients, state.scenario.recipients);
  });

  it('restore keeps a default when a UI value has the wrong type', () => {
    const { state, ignored } = restore({ ui: { speed: 3600, view: 'history' } }, defaults());
    assert.equal(state.ui.speed, '600');
    assert.equal(state.ui.view, 'history');
    assert.deepEqual(ignored, ['ui.speed']);
  });

  it('CSV rows never go into a link', async () => {
    const state = defaults();
    const rows = Array.from({ length: 300 }, (_, i) => `+1415555${String(i).padStart(4, '0')},Name ${i}`);
    state.scenario.recipients = { csv: `phone_number,name\n${rows.join('\n')}\n` };
    state.ui.recipientsMode = 'csv';
    state.ui.csvFileName = 'leads.csv';
    const made = await makeLink(state);
    assert.deepEqual(made.csvOmitted, { rows: 300, file: 'leads.csv' });
    const read = await readLink(made.hash);
    assert.equal(JSON.stringify(read.state).includes('+1415555'), false, 'no phone number in the link');
    assert.deepEqual(read.state.scenario.recipients, { csv_omitted: { rows: 300, file: 'leads.csv' } });
  });

  it('a long link is flagged as too long for chat apps', async () => {
    const state = defaults();
    // Incompressible text in a scenario field (as a long list of distinct names would be).
    let x = 12345;
    state.scenario.name = Array.from({ length: 3000 }, () => { x = (x * 1103515245 + 12345) % 2147483648; return String.fromCharCode(33 + (x % 90)); }).join('');
    const made = await makeLink(state);
    assert.ok(made.length > LINK_LIMIT);
    assert.equal(made.tooLong, true);
    assert.equal((await makeLink(defaults())).tooLong, false);
  });

  it('recovers the members before the cut of a JSON text cut short', () => {
    assert.deepEqual(recoverPrefix('{"a":1,"b":{"c":2,"d":[1,2'), { a: 1, b: { c: 2 } });
    assert.deepEqual(recoverPrefix('{"a":"x,y","b'), { a: 'x,y' });
    assert.equal(recoverPrefix('{"a'), null);
  });

  it('tells a state link from a plain anchor', () => {
    assert.equal(isStateLink('#v=1&s=abc'), true);
    assert.equal(isStateLink('#history-heading'), false);
    assert.equal(isStateLink(''), false);
  });

  it('keeps an edit made just before a reload for that address only, once, without CSV rows', () => {
    const store = new Map();
    const storage = { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, String(v)), removeItem: (k) => store.delete(k) };
    const state = edited();
    state.scenario.recipients = { csv: 'phone_number\n+14155550101\n+14155550102\n' };
    state.ui.csvFileName = 'leads.csv';
    savePendingEdit(storage, 'http://x/#v=1&s=old', state);
    assert.equal(takePendingEdit(storage, 'http://x/#v=1&s=other'), null, 'another address does not get it');
    assert.equal(takePendingEdit(storage, 'http://x/#v=1&s=old'), null, 'and it is forgotten once looked at');
    savePendingEdit(storage, 'http://x/#v=1&s=old', state);
    const kept = takePendingEdit(storage, 'http://x/#v=1&s=old');
    assert.equal(kept.scenario.retry.max_retries, 4);
    assert.deepEqual(kept.scenario.recipients, { csv_omitted: { rows: 2, file: 'leads.csv' } });
    assert.equal(JSON.stringify(kept).includes('+1415555'), false, 'no phone number is kept');
  });

  it('does not throw when the tab has no storage', () => {
    const broken = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('quota'); }, removeItem() { throw new Error('denied'); } };
    assert.doesNotThrow(() => savePendingEdit(broken, 'http://x/', edited()));
    assert.equal(takePendingEdit(broken, 'http://x/'), null);
    assert.equal(takePendingEdit(undefined, 'http://x/'), null);
  });
});
