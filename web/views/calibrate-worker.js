// The calibration worker (issue 12): reads a call-history file and runs the engine's fit
// (`campaign-sim fit`) off the main thread, posting progress as it goes.
// Protocol: {id, file: File|string, columns, runs, bootstrap, seed} ->
//   {type: 'progress', id, fraction} ... then {type: 'reply', id, ok, text | error, errors, ms}.
import { loadEngine } from '../campaign-sim.js';

self.onmessage = (event) => { handle(event.data); };
const engineReady = loadEngine();

async function handle(msg) {
  const t0 = performance.now();
  try {
    const engine = await engineReady;
    const history = typeof msg.file === 'string' ? msg.file : new Uint8Array(await msg.file.arrayBuffer());
    const options = { runs: msg.runs, bootstrap: msg.bootstrap, seed: msg.seed };
    if (msg.columns) options.columns = msg.columns;
    options.onProgress = (fraction) => self.postMessage({ type: 'progress', id: msg.id, fraction });
    const text = engine.fitText(history, options);
    self.postMessage({ type: 'reply', id: msg.id, ok: true, text, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ type: 'reply', id: msg.id, ok: false, error: String(err && err.message ? err.message : err), errors: err && err.errors });
  }
}
