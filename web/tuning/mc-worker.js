// One engine in a Web Worker, for the tuning pool (pool.js) and the live estimate (estimate.js).
// It only forwards requests to the engine's public JS API (../campaign-sim.js): every number the
// page shows is computed by the engine, the same C++ code as the native `campaign-sim` CLI.
//
// Protocol (main -> worker): {id, type, ...args}; each request gets exactly one reply
//   {type: 'reply', id, ok: true, result, ms} or {type: 'reply', id, ok: false, error, errors?}.
// Requests:
//   samples   {scenario, runs, seed, firstRun, allowLarge} -> engine.monteCarloSamples (per-run values)
//   summarise {samples}                         -> engine.summariseSamples (the Monte Carlo summary)
//   sweep     {scenario, runs, seed, retries, waits, allowLarge} -> engine.sweep
//   estimate  {scenario, command, runs, retries, waits} -> engine.estimate, plus callsPerSecond:
//             this worker's measured speed (simulated calls a second), for "about 40 s here"
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

import { workerEngine, listen, messageOf } from '../worker-engine.js';

const boot = workerEngine();
let engine = null;

// The handler is set before anything asynchronous, so no early message is lost.
listen(boot, handle);

function need(name) {
  if (typeof engine[name] !== 'function') {
    throw new Error(`this build of campaign-sim.js has no ${name}(): rebuild the engine (scripts/build)`);
  }
  return engine[name].bind(engine);
}

// Simulated calls a second on this device, measured once with a 20,000-recipient campaign.
let callsPerSecond = null;
function measureSpeed() {
  if (callsPerSecond === null) {
    const t0 = performance.now();
    const report = engine.run({ recipients: { count: 20000 }, concurrency: 100 });
    const seconds = Math.max(1e-3, (performance.now() - t0) / 1000);
    callsPerSecond = report.campaigns[0].counters.attempts / seconds;
  }
  return callsPerSecond;
}

const handlers = {
  samples: ({ scenario, runs, seed, firstRun, allowLarge }) => need('monteCarloSamples')(scenario, { runs, seed, firstRun, allowLarge: allowLarge === true }),
  summarise: ({ samples }) => need('summariseSamples')(samples),
  sweep: ({ scenario, runs, seed, retries, waits, allowLarge }) => need('sweep')(scenario, { runs, seed, retries, waits, allowLarge: allowLarge === true }),
  estimate: ({ scenario, command, runs, retries, waits }) => ({
    ...need('estimate')(scenario, command, { runs, retries, waits }),
    callsPerSecond: measureSpeed(),
  }),
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
  try {
    engine = await boot.engine();
    const t0 = performance.now(); // the work's time alone: the estimate's speed is measured from it
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
