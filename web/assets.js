// The one place that says where every file of the simulator comes from: the engine factory, the
// .wasm bytes, the worker scripts, the JSON and the stylesheets. Nothing else in web/ writes a URL.
//
// By default every asset is resolved relative to THIS module's own URL (import.meta.url), so the
// built folder works from any path or a CDN: `<script type="module" src="/x/y/campaign-sim-element.js">`
// finds /x/y/campaign-sim-engine.wasm. An embedder or a packager overrides that:
//
//   createAssets({ base: 'https://cdn.example/campaign-sim/1.0/' })   // another folder
//   createAssets({ urls: { wasm: 'blob:...' } })                       // one file elsewhere
//   createAssets({ data: { wasm: uint8Array, assumptions: [...] } })   // inline contents
//
// or, for every element of a page, before the first one is defined:
//
//   globalThis.campaignSimConfig = { assetBase: '/static/sim/', urls: {...}, data: {...} };
//
// Precedence per asset: data (inline contents) > urls[name] > base + file name. The .wasm bytes
// are fetched once per resolver and handed to every worker (the workers fetch nothing themselves),
// so a page downloads the engine once however many elements, pool workers and estimates it has.
//
// Importing this module has no side effect.

/** Asset names and their file names relative to the base folder (the layout of build/web/). */
export const ASSET_FILES = Object.freeze({
  api: 'campaign-sim.js', // the public JS API (loadEngine)
  engine: 'campaign-sim-engine.js', // the Emscripten factory (ES module, default export)
  wasm: 'campaign-sim-engine.wasm', // the engine's bytes
  engineWorker: 'worker.js', // the live-simulation worker (module worker)
  mcWorker: 'tuning/mc-worker.js', // a Monte Carlo pool worker (module worker)
  assumptions: 'assumptions.json', // the "Model assumptions" panel
  styles: 'styles.css', // the app's stylesheet
  tuningStyles: 'tuning/tuning.css', // the tuning cards' stylesheet
  elementStyles: 'element.css', // the <campaign-sim> element's own sheet (host, themes)
});

/** The folder this module was loaded from (the default base). */
export const MODULE_BASE = new URL('./', import.meta.url).href;

/** The page-wide configuration, read when a resolver is made (never at import). */
export function globalConfig() {
  const c = globalThis.campaignSimConfig;
  return c && typeof c === 'object' ? c : {};
}

function absolute(url, base) {
  // Relative bases are relative to the document (like an attribute value), else to this module.
  const docBase = globalThis.document && globalThis.document.baseURI;
  return new URL(url, base || docBase || MODULE_BASE).href;
}

/**
 * Makes a resolver.
 * @param {{base?: string, urls?: Object<string,string>, data?: Object<string,any>}} [options]
 *   base: folder URL (absolute, or relative to the document); urls: per-asset URLs; data: inline
 *   contents per asset (wasm: ArrayBuffer|Uint8Array; JSON assets: the parsed value or its text;
 *   stylesheets: CSS text). Missing options fall back to `globalThis.campaignSimConfig`
 *   ({assetBase, urls, data}), then to this module's folder.
 */
export function createAssets(options = {}) {
  const g = globalConfig();
  const base = absolute(ensureSlash(options.base || g.assetBase || MODULE_BASE));
  const urls = { ...(g.urls || {}), ...(options.urls || {}) };
  const data = { ...(g.data || {}), ...(options.data || {}) };
  const cache = new Map();

  function known(name) {
    if (!(name in ASSET_FILES)) throw new Error(`unknown asset "${name}" (known: ${Object.keys(ASSET_FILES).join(', ')})`);
  }
  function url(name) {
    known(name);
    return urls[name] ? absolute(urls[name], base) : new URL(ASSET_FILES[name], base).href;
  }
  function once(key, make) {
    if (!cache.has(key)) {
      const p = make();
      cache.set(key, p);
      p.catch(() => cache.delete(key)); // a failed fetch may be retried
    }
    return cache.get(key);
  }
  async function get(name) {
    const res = await fetch(url(name));
    if (!res.ok) throw new Error(`${ASSET_FILES[name]} could not be loaded (HTTP ${res.status} from ${url(name)})`);
    return res;
  }

  const assets = {
    base,
    url,
    /** The asset's bytes (ArrayBuffer), fetched once. */
    bytes(name) {
      known(name);
      return once(`bytes:${name}`, async () => {
        const d = data[name];
        if (d instanceof ArrayBuffer) return d;
        if (ArrayBuffer.isView(d)) return d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength);
        return (await get(name)).arrayBuffer();
      });
    },
    /** The asset's text, fetched once. */
    text(name) {
      known(name);
      return once(`text:${name}`, async () => {
        const d = data[name];
        if (typeof d === 'string') return d;
        if (d !== undefined && d !== null) return JSON.stringify(d);
        return (await get(name)).text();
      });
    },
    /** The asset parsed as JSON, fetched once (each caller gets its own copy). */
    async json(name) {
      const d = data[name];
      if (d !== undefined && d !== null && typeof d !== 'string') return structuredClone(d);
      return JSON.parse(await assets.text(name));
    },
    /** What a worker needs to load the engine without fetching or resolving anything itself. */
    async engineInit() {
      return { api: url('api'), engine: url('engine'), wasmBinary: await assets.bytes('wasm') };
    },
    /**
     * Starts a module worker for `name` ('engineWorker' | 'mcWorker') and sends it its engine
     * (`{type: 'init', api, engine, wasmBinary}`) as soon as the bytes are there. Messages posted
     * before that queue in the worker, which answers them once its engine is loaded.
     */
    worker(name, { name: workerName } = {}) {
      const worker = new Worker(workerUrl(url(name)), { type: 'module', name: workerName || name });
      assets.engineInit().then(
        (init) => worker.postMessage({ type: 'init', ...init }),
        (err) => worker.postMessage({ type: 'init', error: err && err.message ? err.message : String(err) }),
      );
      return worker;
    },
  };
  return assets;
}

// A worker script must be of the page's origin. For files on another origin (a CDN), the worker
// is a one-line blob: module that imports the real script (the CDN must send CORS headers, and the
// host's CSP must allow worker-src blob: and the CDN in script-src).
function workerUrl(u) {
  const here = globalThis.location && globalThis.location.origin;
  if (!here || here === 'null' || new URL(u).origin === here || u.startsWith('blob:') || u.startsWith('data:')) return u;
  return URL.createObjectURL(new Blob([`import ${JSON.stringify(u)};\n`], { type: 'text/javascript' }));
}

function ensureSlash(u) {
  return String(u).endsWith('/') ? String(u) : `${u}/`;
}
