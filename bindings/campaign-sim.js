/**
 * campaign-sim.js — the public JavaScript API of the DialNexa batch-call campaign simulator.
 *
 * One ES module, used by the web page, its worker, embedders and the Node tests. It loads the
 * WebAssembly engine (campaign-sim-engine.js + campaign-sim-engine.wasm, beside this file) and
 * wraps it. The engine is the same C++ code as the native `campaign-sim` CLI and goes through the
 * same text contract (engine/api.h), so the same scenario and seed give byte-identical reports
 * and exports here and natively (model.md §10).
 *
 * @example
 *   import { loadEngine } from './campaign-sim.js';
 *   const engine = await loadEngine();
 *   const report = engine.run({ recipients: { count: 100 } }, { seed: 7 });
 *   const csv = engine.exportTable(scenario, { table: 'calls', statuses: ['busy'] }).text;
 *   const sim = engine.simulation(scenario, { seed: 7 });
 *   sim.advanceBy(600); sim.pause(); sim.advanceBy(600); sim.resume();
 *   console.log(sim.state().campaigns[0].counters);
 *   sim.dispose();
 *
 * ## Loading
 *
 * `loadEngine(options?)` resolves to an {@link Engine}. Each call instantiates its own engine.
 * - `options.wasmBinary` (ArrayBuffer | Uint8Array): the .wasm bytes. In Node it is read from
 *   beside this file when not given; browsers fetch it.
 * - `options.locateFile(path, prefix)`: where to fetch `campaign-sim-engine.wasm` from.
 * - `options.createModule`: an Emscripten factory to use instead of importing
 *   `./campaign-sim-engine.js` (e.g. a single-file build loaded by a classic script).
 *
 * ## Scenarios
 *
 * Every `scenario` argument is the scenario document of model.md §9: a JSON string, a plain
 * object (JSON.stringify'd), or the raw bytes of a file (Uint8Array / ArrayBuffer: passed to the
 * engine byte for byte, exactly as the CLI reads a file).
 *
 * Seeds may be numbers, BigInts or decimal strings; like the CLI's --seed, 0 to 2^53. Option
 * ranges and messages are the CLI's, from one table in the engine (engine/options.h: untilMinute
 * 0..5256000, horizonDays 1..3650, runs 1..100000, firstRun 0..4294967295); an error's path is
 * the CLI flag ("--runs"). Unknown option names are errors, as unknown scenario keys are.
 *
 * ## Truncation and work budget
 *
 * A run still going after `horizonDays` (default: the scenario's `horizon_days`, 400) is cut
 * there and says so: reports carry `truncated: {at_minute, in_progress}` (null otherwise),
 * exports `truncated`, Monte Carlo and sweep results `truncated_runs` (and `truncated_affects`,
 * the summaries those runs make partial). Work above the engine's budget (about 2e8 simulated
 * calls, or 1.5 GB for one simulation) is refused with kind 'input' at path '--allow-large' and a
 * message with the estimate; pass `allowLarge: true` to run it anyway. `estimate()` gives the
 * estimate beforehand.
 *
 * ## Errors
 *
 * Every method throws a {@link CampaignSimError} (a subclass of Error) when it fails:
 * - `kind: 'input'`: the scenario or an option is invalid. `error.errors` is the list
 *   `[{path, message}]` (the same list `campaign-sim` prints as `{"errors":[...]}` with exit 2),
 *   and `error.message` is those problems as lines `path: message` joined by newlines.
 * - `kind: 'action'`: a user action the campaign state machine does not allow (model.md §2),
 *   e.g. resuming a completed campaign; nothing changed. `error.message` is the engine's message.
 * - `kind: 'internal'`: anything else (the CLI's exit 1). A trap inside the WebAssembly instance
 *   also lands here; that engine then refuses further calls (load a new one).
 * Misuse of the JS API itself (a wrong argument type, an unknown option name, a disposed
 * simulation) throws a TypeError or a CampaignSimError of kind 'input'.
 *
 * ## Engine methods
 *
 * - `version` (getter) → the engine version (`campaign-sim --version`).
 * - `defaultScenario()` → the default scenario, every setting at its default (`campaign-sim
 *   defaults`; `defaultScenarioText()` gives its exact bytes). The page starts from it.
 * - `timeZones()` → `{tzdata, phone_zones, zones}`: the embedded tzdata version and zone names.
 * - `validate(scenario)` → `{valid, errors:[{path,message}], warnings, recipients:[...]}`.
 *   Never throws for a bad scenario: that is what it reports.
 * - `run(scenario, {seed, untilMinute, horizonDays, allowLarge}?)` → the report object
 *   `{campaigns:[{name, status, blocked_by, counters, final_status, call_status}], clock}`.
 * - `runText(scenario, {seed, untilMinute}?)` → the report as text, byte-identical to
 *   `campaign-sim run FILE [--seed N] [--until-minute M]`.
 * - `exportTable(scenario, {table, statuses, format, campaign, seed, untilMinute}?)` →
 *   `{text, rows, excludedInProgress, truncated}`; `table`: 'recipients' (default) | 'calls';
 *   `statuses`: final status groups, an array or 'a,b' (default all); `format`: 'csv'
 *   (default) | 'json'; `bom`: true starts a CSV with a UTF-8 byte order mark (`--bom`; default
 *   false); `campaign`: index of a campaign of an organization (default 0).
 *   `text` is byte-identical to `campaign-sim export FILE ...`.
 * - `exportChunks(scenario, {...exportTable options, chunkBytes}, onChunk)` → `{rows,
 *   excludedInProgress, truncated}`: the same text handed to `onChunk` in pieces of about
 *   chunkBytes (default 1 MiB), so memory stays bounded however large the table;
 *   `simulation.exportChunks(options, onChunk)` at the current clock.
 * - `expect(scenario)` → `{final_status_share, attempts_per_recipient, ignored}` (model.md §11).
 * - `monteCarlo(scenario, {runs, seed, firstRun, horizonDays, allowLarge}?)` →
 *   `{<counter>: {mean, sd, min, max, ci95}, truncated_runs}`.
 *   `firstRun` lets a worker pool split the runs (run i always uses the same stream).
 * - `monteCarloSamples(scenario, {runs, seed, firstRun}?)` → the per-run values behind a summary;
 *   `summariseSamples(samples)` → the summary of gathered samples, equal to `monteCarlo` for the
 *   same runs (a worker pool computes slices, the page merges and summarises them).
 * - `estimate(scenario, 'run'|'montecarlo'|'sweep', options?)` → the work estimate (above).
 * - `sweep(scenario, {runs, seed, retries, waits, campaign, horizonDays, allowLarge}?)` → `{rows:[{max_retries,
 *   wait_minutes, <metric>: summary, marginal_completed_share}]}` (`campaign-sim sweep`);
 *   `retries`/`waits`: arrays of integers or the CLI's text ('0-4', '15,30,60').
 * - `fit(historyCsv, {base, columns, runs, seed, bootstrap, segments, allowLarge, onProgress}?)` →
 *   `{scenario, parameters:[{name, value, ci95, identified}], backtest, excluded_in_progress,
 *   warnings}` (`campaign-sim fit`): calibration from a call-history CSV (text or bytes);
 *   `columns` is the CLI's `field=column,...` text; `onProgress(fraction)` is called while it works.
 *   Work above the budget is refused unless `allowLarge: true`; `estimateFit(calls, {bootstrap,
 *   runs}?)` gives the estimate object (as `estimate`) for a history of that many calls first.
 * - Each JSON result also has a `...Text` twin (`runText`, `expectText`, `monteCarloText`,
 *   `sweepText`, `summariseSamplesText`, `fitText`) returning the CLI's exact bytes.
 * - `compare(scenarioA, scenarioB, {runs, seed, campaign}?)` → `{a, b, comparison: {metrics,
 *   shares_total, verdict}}` (`campaign-sim compare`); `compareSummaries({a, b, summaryA,
 *   summaryB})` → the `comparison` of summaries a pool gathered; `sweepVerdict({runs, rows})` →
 *   the `verdict` a sweep carries, for rows a pool gathered.
 * - `simulation(scenario, {seed}?)` → a step-by-step {@link Simulation}.
 *
 * ## Simulation methods (one live engine session; call `dispose()` when done)
 *
 * - `advanceTo(seconds)` / `advanceBy(seconds)` → state object
 *   `{clock, finished, next_event_seconds, campaigns:[...]}`. The clock never goes backwards.
 * - `advance(seconds)`: model.md §10's name for `advanceBy`.
 * - `state()` → the same state object without moving the clock.
 * - `counters(campaign = 0)` → that campaign's counters (`state().campaigns[c].counters`).
 * - `launch(campaign = 0)`, `pause(c)`, `resume(c)`, `cancel(c)` → action result
 *   `{ok, status, affectedCalls:{...}}`; throws (kind 'action') when not allowed.
 * - `topUp(amount)`, `setWorkspace(campaign, ready, outboundNumberAssigned)` → result object.
 * - `history({campaign = 0, status = '', offset = 0, limit = 100}?)` → `{total, offset, rows}`;
 *   `status` is '' (all), a call status name or 'in_progress'.
 * - `chain(campaign, recipient)` → a recipient's call logs with the time of each status. Rows of
 *   `history` and `chain` carry the export's call columns plus `recipient` and `due_at` (a retry
 *   waiting for its time: when it falls due, local time; else null).
 * - `report()` → the report object at the current clock; `reportText()` → its text.
 * - `exportTable({table, statuses, format, bom, campaign}?)` → `{text, rows, excludedInProgress}` at the
 *   current clock.
 * - `dispose()` frees the engine session (also done when the object is garbage-collected).
 */

const ENGINE_JS = './campaign-sim-engine.js';
const ENGINE_WASM = 'campaign-sim-engine.wasm';

/** The error every engine failure is thrown as. */
export class CampaignSimError extends Error {
  constructor(message, { kind = 'internal', errors } = {}) {
    super(message);
    this.name = 'CampaignSimError';
    /** 'input' | 'action' | 'internal' */
    this.kind = kind;
    if (errors !== undefined) {
      /** [{path, message}] for kind 'input' */
      this.errors = errors;
    }
  }
}

function isNode() {
  return typeof process === 'object' && process !== null && typeof process.versions?.node === 'string';
}

async function defaultFactory() {
  if (typeof globalThis.createCampaignSimEngine === 'function') {
    return globalThis.createCampaignSimEngine;  // a classic-script (single-file) build
  }
  const mod = await import(ENGINE_JS);
  return mod.default;
}

/**
 * Loads the WebAssembly engine.
 * @param {{wasmBinary?: ArrayBuffer|Uint8Array, locateFile?: (path: string, prefix: string) => string,
 *          createModule?: (moduleOptions: object) => Promise<object>}} [options]
 * @returns {Promise<Engine>}
 */
export async function loadEngine(options = {}) {
  const { wasmBinary, locateFile, createModule } = options;
  const factory = createModule ?? (await defaultFactory());
  const moduleOptions = {};
  if (locateFile) moduleOptions.locateFile = locateFile;
  if (wasmBinary) {
    moduleOptions.wasmBinary = wasmBinary;
  } else if (isNode() && !locateFile && !createModule) {
    // Emscripten's web build cannot read files in Node: hand it the bytes.
    const { readFile } = await import('node:fs/promises');
    moduleOptions.wasmBinary = await readFile(new URL(ENGINE_WASM, import.meta.url));
  }
  const module = await factory(moduleOptions);
  return new Engine(guardCore(module));
}

// The Embind functions of bindings/bindings.cpp.
const CORE_FUNCTIONS = [
  'engineVersion', 'defaultScenario', 'validate', 'calendar', 'run', 'exportTable', 'expect', 'monteCarlo',
  'monteCarloSamples', 'summariseSamples', 'sweep', 'estimate', 'compare', 'compareSummaries',
  'sweepVerdict', 'createSession', 'disposeSession', 'sessionCount', 'advanceTo', 'advanceBy', 'state',
  'act', 'topUp', 'setWorkspace', 'history', 'chain', 'report', 'sessionExport', 'sessionExportChunks',
  'exportTableChunks', 'fit', 'estimateFit',
];

// The bindings never throw: they return envelopes. Anything thrown anyway is a trap inside the
// WebAssembly instance (an engine bug, memory exhausted beyond recovery), after which its memory
// cannot be trusted: report it as an internal error and refuse further calls on this engine.
function guardCore(module) {
  let broken = null;
  const core = {};
  for (const name of CORE_FUNCTIONS) {
    const fn = module[name];
    if (typeof fn !== 'function') throw new Error(`campaign-sim-engine lacks ${name}(): engine and campaign-sim.js are from different builds`);
    core[name] = (...args) => {
      if (broken) throw new CampaignSimError(`the engine stopped after an internal error (${broken}); load a new one with loadEngine()`);
      try {
        return fn(...args);
      } catch (err) {
        // A wrong JS argument type is caught by Embind before entering the instance: harmless.
        if (module.BindingError && err instanceof module.BindingError) throw new TypeError(err.message);
        broken = err && err.message ? err.message : String(err);
        throw new CampaignSimError(`internal error in the engine: ${broken}`);
      }
    };
  }
  // The instance's memory in bytes (WebAssembly memory only grows: after a call, its peak).
  core.memoryBytes = () => module.HEAP8.buffer.byteLength;
  return core;
}

// ---- helpers ----------------------------------------------------------------------------------

function scenarioText(scenario) {
  if (typeof scenario === 'string') return scenario;
  if (scenario instanceof Uint8Array) return scenario;
  if (scenario instanceof ArrayBuffer) return new Uint8Array(scenario);
  if (ArrayBuffer.isView(scenario)) {
    return new Uint8Array(scenario.buffer, scenario.byteOffset, scenario.byteLength);
  }
  if (scenario !== null && typeof scenario === 'object') return JSON.stringify(scenario);
  throw new TypeError('scenario must be a JSON string, an object or the bytes of a file');
}

function checkOptions(options, allowed, where) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new CampaignSimError(`${key}: unknown option of ${where} (allowed: ${allowed.join(', ')})`,
        { kind: 'input', errors: [{ path: key, message: `unknown option of ${where} (allowed: ${allowed.join(', ')})` }] });
    }
  }
  return options;
}

// Options travel to C++ as JSON text; BigInt seeds become decimal strings.
function optionsText(options) {
  return JSON.stringify(options, (key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

function unwrap(envelope) {
  if (envelope.ok) return envelope;
  throw new CampaignSimError(envelope.message, {
    kind: envelope.kind,
    errors: envelope.kind === 'input' ? envelope.errors : undefined,
  });
}

// Embind turns the engine's UTF-8 into a JS string with TextDecoder, which drops a leading byte
// order mark: put back the one the engine wrote when it was asked for (`bom`), so the text is
// the CLI's `--bom` output.
function wantsBom(options) {
  return options.bom === true && options.format !== 'json';
}

function exportResult(envelope, options = {}) {
  const text = wantsBom(options) && !envelope.value.startsWith('\uFEFF') ? `\uFEFF${envelope.value}` : envelope.value;
  return { text, rows: envelope.rows, excludedInProgress: envelope.excludedInProgress, truncated: envelope.truncated };
}

// Calls the engine's streaming export with `onChunk` for each piece. A throw in onChunk must not
// unwind through the engine: it is kept, the rest of the pieces are dropped, and it is rethrown.
function streamed(call, onChunk, options) {
  if (typeof onChunk !== 'function') throw new TypeError('exportChunks: onChunk must be a function');
  let failure = null;
  let first = true;
  const envelope = call((piece) => {
    if (failure) return;
    const text = first && wantsBom(options) && !piece.startsWith('\uFEFF') ? `\uFEFF${piece}` : piece;
    first = false;
    try { onChunk(text); } catch (err) { failure = err; }
  });
  const result = exportResult(unwrap(envelope));
  if (failure) throw failure;
  delete result.text;
  return result;
}

function pick(options, keys) {
  const out = {};
  for (const k of keys) if (options[k] !== undefined && options[k] !== null) out[k] = options[k];
  return out;
}

const RUN_KEYS = ['seed', 'untilMinute', 'horizonDays', 'allowLarge'];
const MONTE_CARLO_KEYS = ['runs', 'seed', 'firstRun', 'horizonDays', 'allowLarge'];
const SWEEP_KEYS = ['runs', 'seed', 'retries', 'waits', 'campaign', 'horizonDays', 'allowLarge'];
const EXPORT_KEYS = ['table', 'statuses', 'format', 'bom', 'campaign'];

// Frees sessions whose Simulation object was garbage-collected without dispose().
const sessionReaper = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry(({ core, id }) => { try { core.disposeSession(id); } catch { /* gone */ } })
  : null;

// ---- Engine -----------------------------------------------------------------------------------

/** The engine: every stateless entry point of engine/api.h, plus live simulations. */
export class Engine {
  #core;

  constructor(core) {
    this.#core = core;
  }

  /** The engine's version (engine/version.h; `campaign-sim --version`). */
  get version() {
    return unwrap(this.#core.engineVersion()).value;
  }

  /** @returns {string} the default scenario's text, byte-identical to `campaign-sim defaults` */
  defaultScenarioText() {
    return unwrap(this.#core.defaultScenario()).value;
  }

  /** @returns {object} the default scenario: every setting at the engine's default */
  defaultScenario() {
    return JSON.parse(this.defaultScenarioText());
  }

  /** @returns {object} the validation result (never throws for an invalid scenario) */
  /** What the calendar knows: `{tzdata, phone_zones, zones:[IANA names]}` (the page's zone list). */
  timeZones() {
    return JSON.parse(unwrap(this.#core.calendar()).value);
  }

  validate(scenario) {
    return JSON.parse(unwrap(this.#core.validate(scenarioText(scenario))).value);
  }

  /** @returns {string} the report text, byte-identical to `campaign-sim run` */
  runText(scenario, options = {}) {
    const o = checkOptions(options, RUN_KEYS, 'run');
    return unwrap(this.#core.run(scenarioText(scenario), optionsText(pick(o, RUN_KEYS)))).value;
  }

  /** @returns {object} the report (model.md §10) */
  run(scenario, options = {}) {
    return JSON.parse(this.runText(scenario, options));
  }

  /** @returns {{text: string, rows: number, excludedInProgress: number}} */
  exportTable(scenario, options = {}) {
    const keys = [...EXPORT_KEYS, ...RUN_KEYS];
    const o = checkOptions(options, keys, 'exportTable');
    return exportResult(unwrap(this.#core.exportTable(scenarioText(scenario), optionsText(pick(o, keys)))), o);
  }

  /**
   * The same export as exportTable, handed to `onChunk(text)` in pieces of about
   * `options.chunkBytes` (default 1 MiB, whole rows), so the engine's memory stays bounded by a
   * piece however large the table (1M recipients' call history is ~400 MB of CSV).
   * @returns {{rows: number, excludedInProgress: number, truncated: object|null}}
   */
  exportChunks(scenario, options = {}, onChunk) {
    const keys = [...EXPORT_KEYS, ...RUN_KEYS, 'chunkBytes'];
    const o = checkOptions(options, keys, 'exportChunks');
    const text = optionsText(pick(o, keys));
    return streamed((sink) => this.#core.exportTableChunks(scenarioText(scenario), text, sink), onChunk, o);
  }

  /** @returns {object} the exact expectation (model.md §11) */
  expect(scenario) {
    return JSON.parse(this.expectText(scenario));
  }

  /** @returns {string} the expectation text, byte-identical to `campaign-sim expect` */
  expectText(scenario) {
    return unwrap(this.#core.expect(scenarioText(scenario))).value;
  }

  /** @returns {object} Monte Carlo summaries keyed by counter name */
  monteCarlo(scenario, options = {}) {
    return JSON.parse(this.monteCarloText(scenario, options));
  }

  /** @returns {string} the Monte Carlo text, byte-identical to `campaign-sim montecarlo` */
  monteCarloText(scenario, options = {}) {
    const keys = MONTE_CARLO_KEYS;
    const o = checkOptions(options, keys, 'monteCarlo');
    return unwrap(this.#core.monteCarlo(scenarioText(scenario), optionsText(pick(o, keys)))).value;
  }

  /**
   * Per-run metric values for runs [firstRun, firstRun + runs): what a worker of a pool computes.
   * @returns {object} `{runs, seed, first_run, campaigns:[{name, samples:{metric:[values]}}], ...}`
   */
  monteCarloSamples(scenario, options = {}) {
    const keys = MONTE_CARLO_KEYS;
    const o = checkOptions(options, keys, 'monteCarloSamples');
    return JSON.parse(unwrap(this.#core.monteCarloSamples(scenarioText(scenario), optionsText(pick(o, keys)))).value);
  }

  /**
   * Summarises gathered samples (one object, or the samples of several workers merged into one)
   * into exactly the summary monteCarlo() gives for the same runs.
   * @param {object|string} samples
   */
  summariseSamples(samples) {
    return JSON.parse(this.summariseSamplesText(samples));
  }

  /** @returns {string} the summary text, byte-identical to monteCarloText for the same runs */
  summariseSamplesText(samples) {
    const text = typeof samples === 'string' ? samples : JSON.stringify(samples);
    return unwrap(this.#core.summariseSamples(text)).value;
  }

  /** @returns {object} the retry sweep (`campaign-sim sweep`): `{runs, seed, campaign, rows:[...]}` */
  sweep(scenario, options = {}) {
    return JSON.parse(this.sweepText(scenario, options));
  }

  /** @returns {string} the sweep text, byte-identical to `campaign-sim sweep` */
  sweepText(scenario, options = {}) {
    const keys = SWEEP_KEYS;
    const o = checkOptions(options, keys, 'sweep');
    return unwrap(this.#core.sweep(scenarioText(scenario), optionsText(pick(o, keys)))).value;
  }

  /**
   * Calibrates recipient behaviour from a call-history CSV (`campaign-sim fit`).
   * @param {string|Uint8Array} history the CSV text or bytes
   * @param {{base?: object|string, columns?: string, runs?: number, seed?: number,
   *          bootstrap?: number, segments?: number, onProgress?: (fraction: number) => void}} options
   * @returns {object} `{scenario, parameters:[{name,value,ci95,identified}], backtest, excluded_in_progress, warnings}`
   */
  fit(history, options = {}) {
    return JSON.parse(this.fitText(history, options));
  }

  /** @returns {string} the fit text, byte-identical to `campaign-sim fit` */
  fitText(history, options = {}) {
    const keys = ['base', 'columns', 'runs', 'seed', 'bootstrap', 'segments', 'allowLarge', 'onProgress'];
    const o = checkOptions(options, keys, 'fit');
    const passed = pick(o, ['columns', 'runs', 'seed', 'bootstrap', 'segments', 'allowLarge']);
    if (o.base !== undefined) passed.base = typeof o.base === 'string' ? o.base : JSON.stringify(o.base);
    const progress = typeof o.onProgress === 'function' ? o.onProgress : undefined;
    return unwrap(this.#core.fit(scenarioText(history), optionsText(passed), progress)).value;
  }

  /**
   * The work `fit` would do on a history of `calls` calls (the same object as `estimate`), before
   * reading it: the page asks before a long fit.
   * @param {number} calls
   * @param {{bootstrap?: number, runs?: number}} options
   */
  estimateFit(calls, options = {}) {
    const keys = ['bootstrap', 'runs'];
    const o = checkOptions(options, keys, 'estimateFit');
    if (typeof calls !== 'number' || !Number.isFinite(calls) || calls < 0) throw new TypeError('estimateFit: calls must be a number of calls, 0 or more');
    return JSON.parse(unwrap(this.#core.estimateFit(calls, optionsText(pick(o, keys)))).value);
  }

  /**
   * The work a command would do, before doing it (the budget monteCarlo, sweep, run and
   * exportTable refuse above unless `allowLarge: true`).
   * @param {'run'|'montecarlo'|'sweep'} command
   * @returns {{runs, call_logs_per_run, call_logs, memory_bytes, native_seconds, over_budget,
   *            budget: {call_logs, memory_bytes}, message}}
   */
  estimate(scenario, command = 'run', options = {}) {
    const keys = [...new Set([...SWEEP_KEYS, ...MONTE_CARLO_KEYS])];
    const o = checkOptions(options, keys, 'estimate');
    const text = optionsText({ ...pick(o, keys), command });
    return JSON.parse(unwrap(this.#core.estimate(scenarioText(scenario), text)).value);
  }

  /**
   * A/B (`campaign-sim compare A B`): both Monte Carlo'd on the same seeds, then compared.
   * @returns {object} `{runs, seed, campaign, a: {label, summary}, b: {label, summary}, comparison}`
   */
  compare(scenarioA, scenarioB, options = {}) {
    return JSON.parse(this.compareText(scenarioA, scenarioB, options));
  }

  /** @returns {string} the comparison text, byte-identical to `campaign-sim compare` */
  compareText(scenarioA, scenarioB, options = {}) {
    const keys = ['runs', 'seed', 'campaign', 'horizonDays', 'allowLarge'];
    const o = checkOptions(options, keys, 'compare');
    return unwrap(this.#core.compare(scenarioText(scenarioA), scenarioText(scenarioB), optionsText(pick(o, keys)))).value;
  }

  /**
   * The comparison of two Monte Carlo summaries gathered elsewhere (a worker pool): the
   * `comparison` object `compare` gives for the same runs.
   * @param {{a: object, b: object, summaryA: object, summaryB: object, campaign?: number}} input
   */
  compareSummaries({ a, b, summaryA, summaryB, campaign = 0 }) {
    const asObject = (sc) => (typeof sc === 'string' ? JSON.parse(sc) : sc);
    const text = JSON.stringify({ a: asObject(a), b: asObject(b), summary_a: summaryA, summary_b: summaryB, campaign });
    return JSON.parse(unwrap(this.#core.compareSummaries(text)).value);
  }

  /** The verdict of sweep rows gathered elsewhere: `sweepVerdict({runs, rows})` = `sweep(...).verdict`. */
  sweepVerdict(sweep) {
    const text = typeof sweep === 'string' ? sweep : JSON.stringify({ runs: sweep.runs, rows: sweep.rows });
    return JSON.parse(unwrap(this.#core.sweepVerdict(text)).value);
  }

  /** @returns {Simulation} a live, step-by-step simulation */
  simulation(scenario, options = {}) {
    const o = checkOptions(options, ['seed'], 'simulation');
    const id = unwrap(this.#core.createSession(scenarioText(scenario), optionsText(pick(o, ['seed'])))).value;
    return new Simulation(this.#core, id);
  }

  /** The engine's WebAssembly memory in bytes; it only grows, so this is the peak so far. */
  get memoryBytes() {
    return this.#core.memoryBytes();
  }

  /** Number of live simulations not yet disposed (for leak checks). */
  get liveSimulations() {
    return this.#core.sessionCount().value;
  }
}

// ---- Simulation -------------------------------------------------------------------------------

function campaignIndex(campaign) {
  if (!Number.isInteger(campaign) || campaign < 0) {
    throw new TypeError(`campaign must be a non-negative integer index, got ${String(campaign)}`);
  }
  return campaign;
}

function finiteSeconds(seconds, what) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new TypeError(`${what} must be a finite number of seconds >= 0, got ${String(seconds)}`);
  }
  return seconds;
}

/** One live simulation (an engine LiveSession held by id). */
export class Simulation {
  #core;
  #id;
  #token = {};

  constructor(core, id) {
    this.#core = core;
    this.#id = id;
    sessionReaper?.register(this, { core, id }, this.#token);
  }

  /** The engine-side session id. */
  get id() { return this.#id; }
  /** True after dispose(). */
  get disposed() { return this.#id === null; }

  #live() {
    if (this.#id === null) throw new CampaignSimError('simulation has been disposed', { kind: 'input', errors: [] });
    return this.#id;
  }

  #json(envelope) {
    return JSON.parse(unwrap(envelope).value);
  }

  /** Advances the clock to `seconds` (simulated seconds since t = 0). @returns state */
  advanceTo(seconds) {
    return this.#json(this.#core.advanceTo(this.#live(), finiteSeconds(seconds, 'advanceTo(seconds)')));
  }

  /** Advances the clock by `seconds`. @returns state */
  advanceBy(seconds) {
    return this.#json(this.#core.advanceBy(this.#live(), finiteSeconds(seconds, 'advanceBy(seconds)')));
  }

  /** model.md §10's `advance`: the same as advanceBy. @returns state */
  advance(seconds) { return this.advanceBy(seconds); }

  /** @returns state at the current clock */
  state() { return this.#json(this.#core.state(this.#live())); }

  /** One campaign's counters (model.md §5 keys) at the current clock. */
  counters(campaign = 0) {
    const index = campaignIndex(campaign);
    const campaigns = this.state().campaigns;
    if (index >= campaigns.length) throw new CampaignSimError(`no campaign ${index}`, { kind: 'action' });
    return campaigns[index].counters;
  }

  #act(campaign, action) {
    return this.#json(this.#core.act(this.#live(), campaignIndex(campaign), action));
  }

  launch(campaign = 0) { return this.#act(campaign, 'launch'); }
  pause(campaign = 0) { return this.#act(campaign, 'pause'); }
  resume(campaign = 0) { return this.#act(campaign, 'resume'); }
  cancel(campaign = 0) { return this.#act(campaign, 'cancel'); }

  /** Adds `amount` to the wallet. */
  topUp(amount) {
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      throw new TypeError(`topUp(amount) needs a finite number, got ${String(amount)}`);
    }
    return this.#json(this.#core.topUp(this.#live(), amount));
  }

  /** Sets a campaign's workspace readiness and outbound number assignment (both booleans). */
  setWorkspace(campaign, ready, outboundNumberAssigned) {
    if (typeof ready !== 'boolean' || typeof outboundNumberAssigned !== 'boolean') {
      throw new TypeError('setWorkspace(campaign, ready, outboundNumberAssigned) needs two booleans');
    }
    return this.#json(this.#core.setWorkspace(this.#live(), campaignIndex(campaign), ready, outboundNumberAssigned));
  }

  /** A window of call history rows. @returns {{total, offset, rows}} */
  history({ campaign = 0, status = '', offset = 0, limit = 100 } = {}) {
    if (typeof status !== 'string') throw new TypeError('history: status must be a string');
    for (const [name, v] of [['offset', offset], ['limit', limit]]) {
      if (!Number.isInteger(v) || v < 0) throw new TypeError(`history: ${name} must be a non-negative integer`);
    }
    return this.#json(this.#core.history(this.#live(), campaignIndex(campaign), status, offset, limit));
  }

  /** A recipient's retry chain (recipient = 0-based index in the campaign). */
  chain(campaign, recipient) {
    if (!Number.isInteger(recipient) || recipient < 0) {
      throw new TypeError('chain: recipient must be a non-negative integer index');
    }
    return this.#json(this.#core.chain(this.#live(), campaignIndex(campaign), recipient));
  }

  /** @returns the report object at the current clock */
  report() { return JSON.parse(this.reportText()); }

  /** @returns the report text at the current clock */
  reportText() { return unwrap(this.#core.report(this.#live())).value; }

  /** @returns {{text, rows, excludedInProgress}} an export at the current clock */
  exportTable(options = {}) {
    const o = checkOptions(options, EXPORT_KEYS, 'Simulation.exportTable');
    return exportResult(unwrap(this.#core.sessionExport(this.#live(), optionsText(pick(o, EXPORT_KEYS)))), o);
  }

  /** The export at the current clock in pieces (see Engine.exportChunks). */
  exportChunks(options = {}, onChunk) {
    const keys = [...EXPORT_KEYS, 'chunkBytes'];
    const o = checkOptions(options, keys, 'Simulation.exportChunks');
    const text = optionsText(pick(o, keys));
    return streamed((sink) => this.#core.sessionExportChunks(this.#live(), text, sink), onChunk, o);
  }

  /** Frees the engine session. Safe to call twice. */
  dispose() {
    if (this.#id === null) return;
    sessionReaper?.unregister(this.#token);
    const id = this.#id;
    this.#id = null;
    unwrap(this.#core.disposeSession(id));
  }
}
