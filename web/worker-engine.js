// The engine inside a worker. Both workers (worker.js: the live runs; tuning/mc-worker.js: the
// tuning pool) load it the same way, here. Their first message is {type: 'init', api, engine,
// wasmBinary} from the page's asset resolver (assets.js): the URLs of campaign-sim.js and the
// Emscripten factory, and the .wasm bytes, so a worker resolves and fetches nothing itself and the
// page downloads the .wasm once for all its workers.
//
// The offline copy runs each worker as a classic script with the JS API and the engine factory
// bundled in (scripts/package-offline.mjs; globalThis.campaignSimBundledEngine): a file:// page
// can start no module worker.

import { unpack } from './payload.js';

/** An error's message (or the thrown value as text). */
export function messageOf(err) {
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}

async function load(init) {
  if (init.error) throw new Error(init.error);
  const bundled = globalThis.campaignSimBundledEngine;
  const { loadEngine } = bundled || await import(init.api);
  const createModule = bundled ? bundled.createModule : (await import(init.engine)).default;
  // Bundled, the glue's own URL is a blob: URL no file name resolves against: name the .wasm
  // as it is (its bytes are given, so it is never fetched).
  return loadEngine({ createModule, wasmBinary: init.wasmBinary, ...(bundled ? { locateFile: (file) => file } : {}) });
}

/**
 * Loads the engine when `init(message)` is called with the init message, and posts
 * {type: 'ready', version} or {type: 'fatal', message} to the page.
 * @returns {{init(msg: object): void, engine(): Promise<object>}} `engine()` waits for the engine,
 *   or throws "The simulation engine is not available: <why>".
 */
export function workerEngine(post = (m) => self.postMessage(m)) {
  let init;
  const loaded = new Promise((resolve) => { init = resolve; }).then(load);
  loaded.then(
    (e) => post({ type: 'ready', version: e.version }),
    (err) => post({ type: 'fatal', message: `The simulation engine failed to load: ${messageOf(err)}` }),
  );
  return {
    init,
    async engine() {
      try {
        return await loaded;
      } catch (err) {
        throw new Error(`The simulation engine is not available: ${messageOf(err)}`);
      }
    },
  };
}

/**
 * Sets the worker's message handler (before anything asynchronous, so no early message is lost):
 * the init message goes to `boot`, every other to `handle`, with the big texts the page sent
 * earlier put back in place (payload.js); a message that cannot be read gets an error reply.
 */
export function listen(boot, handle) {
  self.onmessage = (event) => {
    const msg = event.data;
    if (msg && msg.type === 'init') {
      boot.init(msg);
      return;
    }
    let full;
    try {
      full = unpack(msg);
    } catch (err) {
      self.postMessage({ type: 'reply', id: msg && msg.id, ok: false, error: messageOf(err) });
      return;
    }
    handle(full);
  };
}
