// Docs frameworks import modules while they build pages on a server: importing the element module
// (and the app and asset modules behind it) in Node, where there is no window or document, must
// not throw and must define nothing; importing it twice is harmless too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB } from './helpers.mjs';

const url = (file) => pathToFileURL(path.join(WEB, file)).href;

test('importing the element module without a DOM does not throw and defines nothing', async () => {
  assert.equal(typeof globalThis.window, 'undefined');
  assert.equal(typeof globalThis.customElements, 'undefined');
  const mod = await import(url('campaign-sim-element.js'));
  assert.equal(typeof mod.CampaignSimElement, 'function');
  const again = await import(`${url('campaign-sim-element.js')}?second`);
  assert.equal(typeof again.CampaignSimElement, 'function');
});

test('the app factory and the asset resolver import without side effects; assets resolve beside the module', async () => {
  const app = await import(url('app.js'));
  assert.equal(typeof app.createApp, 'function');
  const { createAssets, ASSET_FILES } = await import(url('assets.js'));
  const assets = createAssets();
  assert.equal(assets.url('wasm'), url('campaign-sim-engine.wasm'));
  assert.equal(assets.url('mcWorker'), url('tuning/mc-worker.js'));
  const cdn = createAssets({ base: 'https://cdn.example/sim/1.0', urls: { wasm: 'blob:abc' }, data: { assumptions: [{ title: 't', text: 'x' }] } });
  assert.equal(cdn.url('engine'), 'https://cdn.example/sim/1.0/campaign-sim-engine.js');
  assert.equal(cdn.url('wasm'), 'blob:abc');
  assert.deepEqual(await cdn.json('assumptions'), [{ title: 't', text: 'x' }]);
  assert.throws(() => cdn.url('nope'), /unknown asset "nope"/);
  assert.ok(Object.keys(ASSET_FILES).includes('elementStyles'));
});
