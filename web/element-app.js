// What <campaign-sim> loads by import() when its first element comes near the viewport (or is
// asked for by a method): the app and everything it needs. campaign-sim-element.js itself imports
// nothing, so a docs page whose elements are all off screen downloads only that small module.
//
// Like every module of web/, importing this one has no side effect.
import { createApp } from './app.js';
import { createAssets } from './assets.js';
import { createRuntime } from './runtime.js';
import { defaultState, completeScenario } from './state.js';
import { VIEWS } from './template.js';
import { parseControls } from './views/settings.js';
import { readJsonText, MAIN_THREAD_JSON_MAX } from './json-text.js';

export { createApp, createAssets, createRuntime, defaultState, completeScenario, VIEWS, parseControls };

// ---- what the elements of a page share, per asset base ----
const shared = new Map(); // base URL -> {assets, runtime, sheets: Promise<CSSStyleSheet[]>}

/** The resolver, the engine worker, the Monte Carlo pool and the stylesheets for `base`. */
export function sharedFor(base) {
  const assets = createAssets(base ? { base } : {});
  let s = shared.get(assets.base);
  if (!s) {
    s = { assets, runtime: createRuntime(assets), sheets: null };
    shared.set(assets.base, s);
  }
  return s;
}

/** The element's constructable stylesheets (adoptedStyleSheets: no inline <style>), made once. */
export function stylesheets(s) {
  if (!s.sheets) {
    s.sheets = Promise.all(['styles', 'tuningStyles', 'elementStyles'].map(async (name) => {
      const sheet = new CSSStyleSheet();
      await sheet.replace(await s.assets.text(name));
      return sheet;
    }));
    s.sheets.catch(() => { s.sheets = null; });
  }
  return s.sheets;
}

/**
 * A scenario document from its JSON, `source` = {text | bytes, where}: parsed on the main thread
 * when small, in the shared engine worker when big (the bytes are moved there, not copied).
 * Throws an Error that names `where`.
 */
export async function readScenario(s, { text, bytes, where }) {
  const size = text !== undefined ? text.length : bytes.byteLength;
  const read = size <= MAIN_THREAD_JSON_MAX
    ? readJsonText(text ?? bytes)
    : await s.runtime.hub.request(0, 'readJson', text !== undefined ? { text } : { bytes }, bytes ? [bytes] : []);
  if (read.error !== undefined) throw new Error(`The scenario in ${where} is not valid JSON: ${read.error}`);
  const doc = read.doc;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`The scenario in ${where} must be a JSON object (model.md §9).`);
  return doc;
}
