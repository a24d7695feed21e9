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

test('the element module imports nothing up front: the app comes by import() (element-app.js), itself importable without a DOM', async () => {
  const fs = await import('node:fs');
  const src = fs.readFileSync(path.join(WEB, 'campaign-sim-element.js'), 'utf8');
  assert.doesNotMatch(src, /^\s*import\s[^(]/m, 'no static import in the element module');
  assert.match(src, /import\('\.\/element-app\.js'\)/, 'the app is imported on demand');
  const lib = await import(url('element-app.js'));
  for (const name of ['createApp', 'sharedFor', 'stylesheets', 'defaultState', 'completeScenario', 'parseControls']) assert.equal(typeof lib[name], 'function', name);
  assert.deepEqual(lib.VIEWS, ['full', 'live', 'tuning']);
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

test('nothing in build/web needs unsafe-inline or unsafe-eval: no inline script, handler or style in HTML, no eval or new Function in JS (the Emscripten glue included)', async () => {
  const fs = await import('node:fs');
  const files = fs.readdirSync(WEB, { recursive: true }).map(String).filter((f) => /\.(html|js|mjs)$/.test(f));
  assert.ok(files.includes('campaign-sim-engine.js') && files.includes('embed.html') && files.includes('index.html'));
  for (const f of files) {
    const text = fs.readFileSync(path.join(WEB, f), 'utf8');
    if (f.endsWith('.html')) {
      for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        assert.match(m[1], /\ssrc=/, `${f}: every <script> has a src`);
        assert.equal(m[2].trim(), '', `${f}: no inline script body`);
      }
      assert.doesNotMatch(text, /\son[a-z]+\s*=/i, `${f}: no inline event handler`);
      assert.doesNotMatch(text, /\sstyle\s*=|<style\b/i, `${f}: no inline style`);
    } else {
      assert.doesNotMatch(text, /(^|[^.\w])eval\s*\(/, `${f}: no eval`);
      assert.doesNotMatch(text, /new\s+Function\s*\(/, `${f}: no new Function`);
      assert.doesNotMatch(text, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML/, `${f}: no HTML strings`);
    }
  }
});
