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
 * A scenario document from its JSON, `source` = {text | response, where} (a child script's text,
 * or the fetch Response of a src, its body not read yet). Small documents are parsed here; a big
 * one in the shared engine worker, where a src's body is streamed (nothing of it is copied or
 * parsed on the main thread). Throws an Error that names `where`.
 */
export async function readScenario(s, { text, response, where }) {
  const inWorker = (args, transfer = []) => s.runtime.hub.request(0, 'readJson', args, transfer);
  const small = (size) => size <= MAIN_THREAD_JSON_MAX;
  let read = null;
  try {
    if (text !== undefined) {
      read = small(text.length) ? readJsonText(text) : await inWorker({ text });
    } else {
      const length = Number(response.headers.get('content-length')); // NaN when not sent
      if (response.body && !(length > 0 && small(length))) {
        try {
          read = await inWorker({ stream: response.body }, [response.body]);
        } catch (err) {
          if (err && err.name !== 'DataCloneError') throw err; // a browser that cannot move streams: read it here
        }
      }
      if (!read) {
        const bytes = await response.arrayBuffer();
        read = small(bytes.byteLength) ? readJsonText(bytes) : await inWorker({ bytes }, [bytes]);
      }
    }
  } catch (err) {
    throw new Error(`The scenario in ${where} could not be read: ${err.message}`);
  }
  if (read.error !== undefined) throw new Error(`The scenario in ${where} is not valid JSON: ${read.error}`);
  const doc = read.doc;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`The scenario in ${where} must be a JSON object (model.md §9).`);
  return doc;
}
