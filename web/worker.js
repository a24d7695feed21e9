// The engine's host. The page's main thread never runs the simulation: it sends requests here and
// draws what comes back. One worker serves every app of a page (every <campaign-sim> element and
// the standalone page): each app has its own session, which owns one simulation at a time and
// drives its clock.
//
// Protocol (main -> worker): first {type: 'init', api, engine, wasmBinary} (assets.js sends it:
//   the URLs of campaign-sim.js and the Emscripten factory, and the .wasm bytes, so this worker
//   resolves and fetches nothing itself), then {id, session, type, ...args}; every request gets
//   exactly one {type: 'reply', id, ok, result | error}.
//   Types: timeZones (engine.timeZones(): {tzdata, phone_zones, zones}), prepare, launch|pause|resume|cancel, topUp {token, amount}, setWorkspace {token, ready?,
//   outboundNumberAssigned?} (a flag left out keeps its value), speed, history, chain, export
//   {table, statuses, format, as?: 'blob'},
//   report, runCounters {scenario, seed} (a straight run's final counters, for shareable links'
//   result hashes), fileProblem {bytes} (the engine's word on a file that is not UTF-8 JSON text:
//   "this looks like UTF-16LE", a NUL byte... or null), close (disposes the session), readJson
//   {stream | bytes | text} (a big scenario document's JSON: {doc} or {error}; answered before the engine
//   has loaded).
// Pushes (worker -> main): {type: 'ready', version} (the engine version), {type: 'fatal', message}, {type: 'error', session?,
//   message}, {type: 'state', session, token, state, samples}: the session's simulation state after
//   each clock tick, with the chart samples taken since the previous push.

import { workerEngine, listen, messageOf } from './worker-engine.js';
import { readJsonText } from './json-text.js';

const boot = workerEngine();
let engine = null;

// Set the handler before anything asynchronous, so no early message is lost.
listen(boot, handle);

self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  self.postMessage({ type: 'error', message: messageOf(event.reason) });
});


// ---- Sessions: one per app (element or page), each with its own simulation and clock ----
const sessions = new Map();

function sessionOf(id) {
  let s = sessions.get(id);
  if (!s) { s = createSession(id); sessions.set(id, s); }
  return s;
}

async function handle(msg) {
  if (!msg || typeof msg !== 'object') return;
  try {
    if (msg.type === 'readJson') {
      // A big scenario document's JSON (a src's body as a stream, bytes or text), read and parsed
      // here rather than on the page's main thread; it needs no engine, so it is answered while
      // the engine still loads.
      const source = msg.stream ? await new Response(msg.stream).arrayBuffer() : msg.bytes ?? msg.text;
      self.postMessage({ type: 'reply', id: msg.id, ok: true, result: readJsonText(source) });
      return;
    }
    engine = await boot.engine();
    const id = msg.session ?? 0;
    if (msg.type === 'close') {
      const s = sessions.get(id);
      if (s) s.dispose();
      sessions.delete(id);
      self.postMessage({ type: 'reply', id: msg.id, ok: true, result: null });
      return;
    }
    const fn = sessionOf(id).handlers[msg.type];
    if (!fn) throw new Error(`unknown request: ${msg.type}`);
    const result = fn(msg);
    self.postMessage({ type: 'reply', id: msg.id, ok: true, result });
  } catch (err) {
    self.postMessage({ type: 'reply', id: msg.id, ok: false, error: messageOf(err) });
  }
}

function createSession(id) {
  // ---- The current simulation ----
  let sim = null;
  let token = 0; // generation: a new draft gets a new token; pushes carry it
  let launched = false;
  let last = null; // latest engine state
  let pendingSamples = [];

  // ---- Clock ----
  const TICK_MS = 50;
  let speed = '600'; // '1' | '60' | '600' | '3600' | 'max' (simulated seconds per real second)
  let timer = null;
  let lastReal = 0;
  let simTime = 0; // fractional simulated seconds (real-time speeds advance in whole seconds)
  let chunk = 60; // max speed: simulated seconds per engine call, adapted to keep ticks short

  const handlers = {
    // What the engine's calendar knows: its tzdata version and zone names (the form's zone list).
    timeZones() {
      return engine.timeZones();
    },
    // Validate a scenario; when valid, replace the current simulation by a fresh draft of it.
    prepare({ scenario, seed }) {
      const validation = engine.validate(scenario);
      if (!validation.valid) return { validation, token: null, state: null };
      disposeSim();
      sim = engine.simulation(scenario, { seed });
      token += 1;
      launched = false;
      last = sim.state();
      pendingSamples = [];
      chunk = 60;
      return { validation, token, state: last };
    },
    // Clearing blockers of the live campaign (model.md §2): a wallet top-up, and the workspace's
    // readiness / outbound number. Each replies with the new state at once and keeps the clock going.
    topUp({ token: expected, amount }) {
      requireCurrent(expected);
      const before = last && last.wallet ? last.wallet.balance : null;
      last = sim.topUp(amount); // throws the engine's message (e.g. an unlimited wallet)
      afterChange();
      return { state: last, amount, balanceBefore: before, balance: last.wallet.balance };
    },
    setWorkspace({ token: expected, ready, outboundNumberAssigned }) {
      requireCurrent(expected);
      // A flag left out keeps its current value.
      const cur = currentWorkspace();
      const next = {
        ready: typeof ready === 'boolean' ? ready : cur.ready,
        outbound_number_assigned: typeof outboundNumberAssigned === 'boolean' ? outboundNumberAssigned : cur.outbound_number_assigned,
      };
      last = sim.setWorkspace(0, next.ready, next.outbound_number_assigned);
      afterChange();
      return { state: last, workspace: next };
    },
    launch(msg) { return act('launch', msg); },
    pause(msg) { return act('pause', msg); },
    resume(msg) { return act('resume', msg); },
    cancel(msg) { return act('cancel', msg); },
    speed({ value }) {
      const v = String(value);
      const n = Number(v);
      if (v !== 'max' && !(Number.isFinite(n) && n > 0)) throw new Error(`speed "${v}" is not a speed: use max or a positive multiple of real time (1, 60, 600, 3600)`);
      speed = v;
      if (last) simTime = last.clock.elapsed_seconds;
      return { speed };
    },
    history({ status, offset, limit }) {
      if (!sim) return { total: 0, offset: 0, rows: [] };
      const query = { campaign: 0, offset, limit };
      if (status) query.status = status;
      return sim.history(query);
    },
    chain({ recipient }) {
      requireSim();
      return sim.chain(0, recipient);
    },
    // as: 'blob' -> {blob, rows, excludedInProgress}: the file is encoded here, and the page gets
    // a Blob (passed by reference), so a 50 MB export never becomes a string on the main thread.
    // The Blob is assembled from the engine's pieces (exportChunks, 1 MiB each) as they come, so
    // neither the engine nor this worker ever holds the whole file as one string (1M recipients'
    // call history is ~360 MB).
    export({ table, statuses, format, bom = false, as }) {
      requireSim();
      if (as !== 'blob') return sim.exportTable({ table, statuses, format, bom });
      const type = `${format === 'json' ? 'application/json' : 'text/csv'};charset=utf-8`;
      let blob = new Blob([], { type });
      const res = sim.exportChunks({ table, statuses, format, bom }, (piece) => { blob = new Blob([blob, piece], { type }); });
      return { blob, rows: res.rows, excludedInProgress: res.excludedInProgress, truncated: res.truncated };
    },
    report() {
      requireSim();
      return sim.report();
    },
    // The first campaign's final counters for a scenario run straight through (what a shareable
    // link's result hash is made from and checked against); null when the scenario is invalid.
    runCounters({ scenario, seed }) {
      if (!engine.validate(scenario).valid) return null;
      return engine.run(scenario, { seed }).campaigns[0].counters;
    },
    // What the engine says of a file's bytes as text (its encoding check, the same as the CLI's
    // for `campaign-sim validate FILE`): the message at path "", or null when the text is fine.
    fileProblem({ bytes }) {
      const found = engine.validate(new Uint8Array(bytes)).errors.find((e) => e.path === '');
      return found ? found.message : null;
    },
  };

  function requireSim() {
    if (!sim) throw new Error('No simulation yet: fix the campaign settings first.');
  }

  function requireCurrent(expected) {
    requireSim();
    if (expected !== token) throw new Error('The campaign settings changed; wait for them to be checked, then try again.');
  }

  // The workspace flags the campaign runs with, as the engine reports them.
  function currentWorkspace() {
    return last.campaigns[0].workspace;
  }

  // After a change at the current instant: show it at once (state push and a chart sample).
  function afterChange() {
    if (launched) sample(last);
    push();
    if (launched) startClock();
  }

  function act(action, { token: expected }) {
    requireCurrent(expected);
    const result = sim[action](0); // throws the engine's message when the transition is not allowed
    if (action === 'launch') launched = true;
    last = sim.state();
    if (action === 'launch') sample(last);
    push();
    if (launched) startClock();
    return { result, state: last };
  }

  function disposeSim() {
    stopClock();
    if (sim) {
      const old = sim;
      sim = null;
      old.dispose();
    }
  }

  // ---- Driving the clock ----

  function allFinal(state) {
    return state.campaigns.every((c) => c.status === 'completed' || c.status === 'cancelled');
  }

  function startClock() {
    if (timer !== null || !sim) return;
    lastReal = performance.now();
    simTime = last ? last.clock.elapsed_seconds : 0;
    timer = setTimeout(tick, TICK_MS);
  }

  function stopClock() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function sample(state) {
    const c = state.campaigns[0];
    if (!c) return;
    const k = c.counters;
    pendingSamples.push([state.clock.elapsed_seconds, k.completed_leads, k.failed_leads, k.did_not_pick, k.cancelled, k.retry_expired, k.in_progress]);
  }

  function push() {
    self.postMessage({ type: 'state', session: id, token, state: last, samples: pendingSamples });
    pendingSamples = [];
  }

  function tick() {
    timer = null;
    if (!sim || !launched) return;
    try {
      const now = performance.now();
      const dt = Math.min((now - lastReal) / 1000, 0.5);
      lastReal = now;
      let state = last;
      if (speed === 'max' && !state.finished) {
        // As fast as possible: jump over idle gaps, step in adaptive chunks, ~30 ms per tick.
        const deadline = now + 30;
        do {
          const t0 = performance.now();
          const from = state.clock.elapsed_seconds;
          let target = from + chunk;
          const next = state.next_event_seconds;
          if (next !== null && next !== undefined && next > target) target = next;
          state = sim.advanceTo(target);
          sample(state);
          // Chunks grow while engine calls are cheap, but stay within ~1% of the elapsed time so the
          // chart gets a few hundred samples whatever the campaign's length.
          const spent = performance.now() - t0;
          const cap = Math.max(60, Math.floor(state.clock.elapsed_seconds / 100));
          if (spent < 2) chunk = Math.min(chunk * 2, cap);
          else if (spent > 10) chunk = Math.max(1, Math.floor(chunk / 2));
          else chunk = Math.min(chunk, cap);
        } while (!state.finished && !state.truncated && performance.now() < deadline);
        simTime = state.clock.elapsed_seconds;
      } else {
        // Real-time speeds. Once nothing more can happen by itself (e.g. paused with nothing in
        // flight, or blocked by an empty wallet) the clock keeps moving at most at 3600x.
        const rate = speed === 'max' || (state.finished && Number(speed) > 3600) ? 3600 : Number(speed);
        simTime = Math.max(simTime, state.clock.elapsed_seconds) + rate * dt;
        const target = Math.floor(simTime);
        if (target > state.clock.elapsed_seconds) {
          state = sim.advanceTo(target);
          sample(state);
        }
      }
      last = state;
      push();
      if (state.finished && allFinal(state)) return; // nothing left to happen
      if (state.truncated) return; // cut at the horizon: the clock cannot move on (the page says so)
      timer = setTimeout(tick, TICK_MS);
    } catch (err) {
      self.postMessage({ type: 'error', session: id, message: `The simulation stopped: ${messageOf(err)}` });
    }
  }

  return { handlers, dispose: disposeSim };
}
