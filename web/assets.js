// Where the page's files come from: the ONE asset resolver (engine factory, .wasm bytes, workers,
// JSON). By default every file is fetched from beside this module (build/web/). An override,
// `globalThis.CAMPAIGN_SIM_ASSETS = {urls: {'<file>': '<url>'}}`, set before the page's modules run,
// maps file names to other addresses: the single-file offline copy (scripts/package-offline.mjs)
// maps every file to a blob: URL of its embedded bytes, so nothing is fetched from the network.
const override = (globalThis.CAMPAIGN_SIM_ASSETS && globalThis.CAMPAIGN_SIM_ASSETS.urls) || null;
// 'classic' in the offline copy: its workers are bundled classic scripts (module workers cannot
// start from blob: URLs in a file:// page).
const workerType = (globalThis.CAMPAIGN_SIM_ASSETS && globalThis.CAMPAIGN_SIM_ASSETS.workerType) || 'module';
const BASE = import.meta.url;

/** The address of one of the page's files ('worker.js', 'tuning/mc-worker.js', 'assumptions.json'...). */
export function assetUrl(name) {
  if (override && override[name]) return override[name];
  return new URL(`./${name}`, BASE).href;
}

/** Fetches and parses one of the page's JSON files. */
export async function loadJson(name) {
  const res = await fetch(assetUrl(name));
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  return res.json();
}

/** Starts one of the page's module workers. */
export function startWorker(name, options = {}) {
  return new Worker(assetUrl(name), { type: workerType, ...options });
}

/**
 * Options for loadEngine() (bindings/campaign-sim.js): none when the engine sits beside the page;
 * with an override, the engine factory and the .wasm come from the override's addresses.
 */
export async function engineOptions() {
  if (!override || !(globalThis.createCampaignSimEngine || override['campaign-sim-engine.js'])) return {};
  // A bundled worker carries the engine glue as globalThis.createCampaignSimEngine.
  const factory = globalThis.createCampaignSimEngine || (await import(override['campaign-sim-engine.js'])).default;
  // locateFile too: the glue resolves the .wasm's name against its own URL, which a blob: URL
  // cannot be a base of; with wasmBinary given it never fetches it.
  const options = { createModule: factory, locateFile: (name) => name };
  const packed = globalThis.CAMPAIGN_SIM_ASSETS.wasmDeflateRawBase64;
  if (packed) {
    const bin = atob(packed);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    options.wasmBinary = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer();
  } else if (override['campaign-sim-engine.wasm']) {
    options.wasmBinary = await (await fetch(override['campaign-sim-engine.wasm'])).arrayBuffer();
  }
  return options;
}

/** True in the single-file offline copy. */
export const isOffline = Boolean(override);
