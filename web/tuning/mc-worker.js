// One engine in a Web Worker, for the tuning pool (pool.js) and the live estimate (estimate.js).
// It only forwards requests to the engine's public JS API (../campaign-sim.js): every number the
// page shows is computed by the engine, the same C++ code as the native `campaign-sim` CLI.
//
// Protocol (main -> worker): {id, type, ...args}; each request gets exactly one reply
//   {type: 'reply', id, ok: true, result, ms} or {type: 'reply', id, ok: false, error, errors?}.
// Requests:
//   samples   {scenario, runs, seed, firstRun} -> engine.monteCarloSamples (per-run values)
//   summarise {samples}                         -> engine.summariseSamples (the Monte Carlo summary)
//   sweep     {scenario, runs, seed, retries, waits} -> engine.sweep
//   expect    {scenario}                        -> engine.expect (model.md §11)
//   validate  {scenario}                        -> engine.validate
//   sweepVerdict {sweep: {runs, rows}}          -> engine.sweepVerdict (the sweep's verdict)
//   compare   {a, b, summaryA, summaryB}        -> engine.compareSummaries (the A/B comparison)
//   fit       {history: ArrayBuffer, columns, runs, bootstrap, seed} -> engine.fitText (calibration);
//             while it works it posts {type: 'progress', id, fraction}
// Pushes: {type: 'ready'} once the engine is loaded, {type: 'fatal', message} if it cannot load.
// The first message is {type: 'init', api, engine, wasmBinary} from the page's asset resolver
// (../assets.js): this worker resolves and fetches nothing itself, so the page downloads the .wasm
// once for all its workers.

let engine = null;
let loadError = null;
let resolveInit;
const initArrived = new Promise((resolve) => { resolveInit = resolve; });
const engineReady = initArrived.then(async (init) => {
  if (init.error) throw new Error(init.error);
  const { loadEngine } = await import(init.api);
  const createModule = (await import(init.engine)).default;
  return loadEngine({ createModule, wasmBinary: init.wasmBinary });
}).then(
  (e) => { engine = e; self.postMessage({ type: 'ready' }); },
  (err) => {
    loadError = messageOf(err);
    self.postMessage({ type: 'fatal', message: `The simulation engine failed to load: ${loadError}` });
  },
);

// The handler is set before anything asynchronous, so no early message is lost.
self.onmessage = (event) => {
  const msg = event.data;
  if (msg && msg.type === 'init') resolveInit(msg);
  else handle(msg);
};

function messageOf(err) {
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}

function need(name) {
  if (typeof engine[name] !== 'function') {
    throw new Error(`this build of campaign-sim.js has no ${name}(): rebuild the engine (scripts/build)`);
  }
  return engine[name].bind(engine);
}

const handlers = {
  samples: ({ scenario, runs, seed, firstRun }) => need('monteCarloSamples')(scenario, { runs, seed, firstRun }),
  summarise: ({ samples }) => need('summariseSamples')(samples),
  sweep: ({ scenario, runs, seed, retries, waits }) => need('sweep')(scenario, { runs, seed, retries, waits }),
  expect: ({ scenario }) => need('expect')(scenario),
  validate: ({ scenario }) => need('validate')(scenario),
  sweepVerdict: ({ sweep }) => need('sweepVerdict')(sweep),
  compare: ({ a, b, summaryA, summaryB }) => need('compareSummaries')({ a, b, summaryA, summaryB }),
  fit: ({ id, history, columns, runs, bootstrap, seed }) => need('fitText')(new Uint8Array(history), {
    columns: columns || undefined, runs, bootstrap, seed,
    onProgress: (fraction) => self.postMessage({ type: 'progress', id, fraction }),
  }),
};

async function handle(msg) {
  if (!msg || typeof msg !== 'object') return;
  await engineReady;
  const t0 = performance.now();
  try {
    if (!engine) throw new Error(`The simulation engine is not available: ${loadError}`);
    const fn = handlers[msg.type];
    if (!fn) throw new Error(`unknown request: ${msg.type}`);
    const result = fn(msg);
    self.postMessage({ type: 'reply', id: msg.id, ok: true, result, ms: performance.now() - t0 });
  } catch (err) {
    const reply = { type: 'reply', id: msg.id, ok: false, error: messageOf(err) };
    if (err && Array.isArray(err.errors)) reply.errors = err.errors;
    self.postMessage(reply);
  }
}
