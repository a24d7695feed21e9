// One source of defaults: the engine's default scenario is what `campaign-sim defaults` prints,
// what the WASM engine returns, what the page loads (build/web/default-scenario.json), valid
// against engine/scenario.schema.json, and equal to every "default" the schema states.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { cli, engine, ROOT, WEB, assertSameBytes } from './helpers.mjs';

const require = createRequire(import.meta.url);
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'engine', 'scenario.schema.json'), 'utf8'));

function resolve(node) {
  let n = node;
  while (n && n.$ref) {
    const target = n.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], SCHEMA);
    const { $ref, ...rest } = n;
    n = { ...target, ...rest };
  }
  return n;
}

/** [path, schema default, value] for every key of `value` whose schema states a default. */
function statedDefaults(node, value, where = '') {
  const out = [];
  const n = resolve(node);
  if (!n) return out;
  if (where && 'default' in n) out.push([where, n.default, value]);
  if (value && typeof value === 'object' && !Array.isArray(value) && n.properties) {
    for (const [k, v] of Object.entries(value)) out.push(...statedDefaults(n.properties[k], v, `${where}/${k}`));
  }
  return out;
}

describe('the default scenario', () => {
  it('campaign-sim defaults prints the same bytes as the WASM engine and the page\'s file', async () => {
    const r = cli(['defaults']);
    assert.equal(r.status, 0, r.stderr);
    assertSameBytes((await engine()).defaultScenarioText(), r.stdout, 'engine.defaultScenarioText()');
    assertSameBytes(fs.readFileSync(path.join(WEB, 'default-scenario.json')), r.stdout, 'build/web/default-scenario.json');
  });

  it('the page\'s module (default-scenario.js, which state.js imports) holds the same value, and the page\'s defaults are it', async () => {
    const mod = await import(pathToFileURL(path.join(WEB, 'default-scenario.js')).href);
    const doc = JSON.parse(cli(['defaults']).text);
    assert.deepEqual(mod.DEFAULT_SCENARIO, doc);
    const { defaultState } = await import(pathToFileURL(path.join(WEB, 'state.js')).href);
    const { seed, ...scenario } = doc;
    const state = defaultState();
    assert.equal(state.seed, seed);
    assert.deepEqual(state.scenario, { ...scenario, launch_at_minute: null }, 'only launch_at_minute is the page\'s own (its Launch button)');
  });

  it('is valid for the engine and against the schema', async () => {
    const doc = (await engine()).defaultScenario();
    assert.equal((await engine()).validate(doc).valid, true);
    const Ajv = require('ajv/dist/2020').default;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  });

  it('equals every default the schema states for its keys', async () => {
    const doc = (await engine()).defaultScenario();
    const checks = statedDefaults(SCHEMA.$defs.singleCampaignForm, doc);
    assert.ok(checks.length >= 15, `the schema states defaults for ${checks.length} of its keys`);
    for (const [where, stated, value] of checks) assert.deepEqual(value, stated, `${where}: schema default ${JSON.stringify(stated)}, engine ${JSON.stringify(value)}`);
  });

  it('campaign-sim --version prints the engine version the WASM engine reports', async () => {
    const r = cli(['--version']);
    assert.equal(r.status, 0);
    assert.equal(r.text.trim(), (await engine()).version);
    assert.match(r.text.trim(), /^\d+\.\d+\.\d+$/);
  });

  it('defaults takes no file', () => {
    const r = cli(['defaults', 'x.json']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /defaults takes no file/);
  });
});
