// The app as a component: createApp(root, options) builds the simulator inside `root` (an element
// of the page, or of a <campaign-sim> element's shadow root) and wires the views to one store. The
// page state is one serialisable object (scenario + seed + UI choices, see state.js); everything
// the engine says arrives from the worker into `live`. The main thread never simulates: it sends
// requests to worker.js (through this app's session) and draws the replies.
//
// Importing this module does nothing: no document, window or worker is touched until createApp().
//
//   const app = createApp(root, {
//     assets,        // assets.js resolver (default: createAssets(), files beside this module)
//     runtime,       // runtime.js: the page's shared engine worker and pool (default: a new one)
//     initialState,  // merged key by key over defaultState() (state.js)
//     view,          // 'full' (default) | 'live' | 'tuning' (template.js)
//     controls,      // ['max_retries', 'wait_minutes', ...]: settings editable in 'live'/'tuning'
//     page,          // true for the standalone page: window error and drop handlers (removed by destroy)
//     staged,        // true for an embedded app: the views mount one step per task, hidden until built
//     workers,       // pool size for a runtime made here (the page's ?workers=N)
//     onEvent,       // (type, detail): ready | statuschange | counters | finished | error
//     share,         // the standalone page only: views/share.js's initialPageState() answer; adds
//                    // the share bar (the address bar kept as the link, files, reports, offline copy)
//   });
//   app.getState(); app.setState({seed: 9}); app.act('launch'); await app.report(); app.destroy();
import { h, clear, setText } from './dom.js';
import { createStore, defaultState, engineScenario } from './state.js';
import { createAssets } from './assets.js';
import { createRuntime } from './runtime.js';
import { appTemplate } from './template.js';
import { mountForm } from './views/form.js';
import { mountControls } from './views/controls.js';
import { mountCalendar } from './views/calendar.js';
import { mountCounters } from './views/counters.js';
import { mountChart } from './views/chart.js';
import { mountHistory } from './views/history.js';
import { mountExports } from './views/exports.js';
import { mountAssumptions } from './views/assumptions.js';
import { mountSettings } from './views/settings.js';
import { mountProblems } from './views/problems.js';
import { mountEstimate } from './tuning/estimate.js';
import { mountTuning } from './tuning/tuning.js';
import { mountCalibrate } from './views/calibrate.js';
import { runMonteCarlo, runSweep } from './tuning/jobs.js';
import { defaultPoolSize } from './tuning/pool.js';
import { mountShare } from './views/share.js';
import { fillReportHead, reportHtml } from './views/report.js';
import { slug } from './tuning/charts.js';
import { revealInFrames, FULL_VIEW_ORDER, PENDING } from './reveal.js';
import { nextTask } from './next-task.js';

const VALIDATE_DEBOUNCE_MS = 200;
const MAX_SAMPLES = 6000;

/** A state merged key by key over the defaults (scenario and ui one level deep). */
export function mergeState(base, patch) {
  if (!patch) return base;
  return {
    ...base,
    ...patch,
    scenario: patch.scenario ? { ...patch.scenario } : base.scenario,
    tuning: { ...(base.tuning || {}), ...(patch.tuning || {}) },
    ui: { ...base.ui, ...(patch.ui || {}) },
  };
}

export function createApp(root, options = {}) {
  const { view = 'full', controls = [], page = false, onEvent = () => {} } = options;
  const assets = options.assets || (options.runtime && options.runtime.assets) || createAssets();
  const ownRuntime = !options.runtime;
  const runtime = options.runtime || createRuntime(assets, { poolSize: defaultPoolSize(options.workers) });
  const cleanups = [];
  const listen = (target, type, fn) => {
    target.addEventListener(type, fn);
    cleanups.push(() => target.removeEventListener(type, fn));
  };

  const store = createStore(mergeState(defaultState(), options.initialState));
  clear(root);
  root.append(appTemplate({ view, hasSettings: view !== 'full' && controls.length > 0, share: Boolean(options.share) }));
  const find = (id) => root.querySelector(`#${id}`);
  const alertsEl = find('alerts');
  let alertId = 0;
  let destroyed = false;

  function reportError(message) {
    if (store.live.errors.some((e) => e.message === String(message))) return; // shown already
    alertId += 1;
    store.setLive({ errors: [...store.live.errors, { id: alertId, message: String(message) }] });
    onEvent('error', { message: String(message), errors: [] });
  }

  function renderAlerts(live) {
    const shown = alertsEl.dataset.ids || '';
    const ids = live.errors.map((e) => e.id).join(',');
    if (shown === ids) return;
    alertsEl.dataset.ids = ids;
    clear(alertsEl);
    for (const e of live.errors) {
      const dismiss = h('button', { type: 'button', class: 'alert-close', 'aria-label': 'Dismiss this error' }, '×');
      dismiss.addEventListener('click', () => store.setLive({ errors: store.live.errors.filter((x) => x.id !== e.id) }));
      alertsEl.append(h('div', { class: 'alert' }, h('span', { class: 'alert-icon', 'aria-hidden': 'true' }, '!'), h('p', null, e.message), dismiss));
    }
  }

  if (page) {
    // The standalone page: anything that escapes a view is shown, not swallowed (it still reaches
    // the console too), and a file dropped outside the drop zone does not navigate away. An
    // embedded app leaves the host page's window alone.
    const win = root.ownerDocument.defaultView;
    listen(win, 'error', (event) => reportError(`Unexpected error: ${event.message}`));
    listen(win, 'unhandledrejection', (event) => reportError(`Unexpected error: ${event.reason && event.reason.message ? event.reason.message : event.reason}`));
    listen(win, 'dragover', (event) => event.preventDefault());
    listen(win, 'drop', (event) => event.preventDefault());
  }

  // ---- the engine worker (this app's session) ----
  function onState(msg) {
    const live = store.live;
    if (msg.token !== live.token || live.phase === 'none') return;
    let samples = live.samples;
    if (msg.samples.length) {
      samples = samples.concat(msg.samples);
      if (samples.length > MAX_SAMPLES) samples = samples.filter((_, i) => i % 2 === 0 || i === samples.length - 1);
    }
    store.setLive({ sim: msg.state, samples });
  }

  let client;
  try {
    client = runtime.hub.session({
      onReady: (info) => {
        store.setLive({ engine: 'ready', engineVersion: (info && info.version) || '' });
        client.request('speed', { value: store.state.ui.speed }).catch((err) => reportError(err.message));
      },
      onFatal: (message) => { store.setLive({ engine: 'failed', validating: false }); reportError(message); },
      onError: (message) => reportError(message),
      onState,
    });
  } catch (err) {
    store.setLive({ engine: 'failed', validating: false });
    reportError(`The engine worker could not start: ${err.message}`);
    client = { request: () => Promise.reject(new Error('the engine worker is not running')), close: () => Promise.resolve() };
  }

  // ---- validation and the draft simulation ----
  let prepareTimer = null;
  let prepareSeq = 0;
  function schedulePrepare() {
    if (store.live.phase === 'launched' || destroyed) return;
    store.setLive({ validating: true });
    prepareSeq++; // a check still in flight is of older settings: its answer is dropped
    clearTimeout(prepareTimer);
    prepareTimer = setTimeout(prepare, VALIDATE_DEBOUNCE_MS);
  }

  async function prepare() {
    prepareTimer = null;
    // Never replace a launched run: the worker's prepare disposes the current simulation.
    if (store.live.phase === 'launched' || destroyed) return;
    const seq = ++prepareSeq;
    const { state } = store;
    try {
      const res = await client.request('prepare', { scenario: engineScenario(state), seed: state.seed });
      if (seq !== prepareSeq || store.live.phase === 'launched') return;
      const valid = res.validation.valid;
      store.setLive({
        validating: false,
        validation: res.validation,
        phase: valid ? 'draft' : 'none',
        token: valid ? res.token : store.live.token,
        sim: valid ? res.state : null,
        samples: [],
        lastAction: null,
      });
    } catch (err) {
      if (seq !== prepareSeq || destroyed) return;
      store.setLive({ validating: false, validation: null, phase: 'none', sim: null });
      reportError(`The settings could not be checked: ${err.message}`);
    }
  }

  // ---- actions ----
  const ACTION_LABEL = { launch: 'Launch', pause: 'Pause', resume: 'Resume', cancel: 'Cancel' };
  async function act(action) {
    if (action === 'launch' && (store.live.validating || prepareTimer !== null)) {
      // Launch pressed while the latest edit is still being checked (the button is redrawn on the
      // next frame): check the current settings now, and launch them if they are valid.
      clearTimeout(prepareTimer);
      await prepare();
      if (!store.live.validation || !store.live.validation.valid || store.live.phase !== 'draft') return null;
    }
    store.setLive({ busy: true });
    try {
      const res = await client.request(action, { token: store.live.token });
      store.setLive({ busy: false, phase: 'launched', sim: res.state, lastAction: { action, result: res.result, at: res.state.clock.local_time } });
      return res.result;
    } catch (err) {
      store.setLive({ busy: false });
      reportError(`${ACTION_LABEL[action]} failed: ${err.message}`);
      throw err;
    }
  }
  const userAct = (action) => act(action).catch(() => {}); // buttons: the error is shown already

  function newRun() {
    store.setLive({ phase: 'none', sim: null, samples: [], lastAction: null });
    schedulePrepare();
  }

  function setSpeed(value) {
    store.update((s) => ({ ...s, ui: { ...s.ui, speed: value } }));
    client.request('speed', { value }).catch((err) => reportError(err.message));
  }

  // ---- views: each mounts where the template has its container ----
  const ctx = { store, client, assets, pool: runtime.pool, reportError, engineScenario, onEdit: schedulePrepare, listen };
  const views = [];
  const formState = find('form-state');
  let form = null;
  const mount = (id, fn, extra) => {
    const el = find(id);
    if (!el) return null;
    const v = fn(el, extra ? { ...ctx, ...extra } : ctx);
    if (v && typeof v.render === 'function') views.push(v);
    return v;
  };
  // The views mount in steps. An embedded app (`staged`) takes one task per step, hidden until the
  // last (a good guest: building the whole full view at once is one main-thread task of ~40 ms of
  // CPU, over 50 ms wall on a busy machine); the standalone page mounts them all at once.
  let tuning = null;
  let calibrate = null;
  const steps = [
    () => { form = mount('campaign-form', mountForm); },
    () => {
      mount('problems', mountProblems);
      mount('settings', mountSettings, { controls, newRun });
      mount('controls', mountControls, { act: userAct, newRun, setSpeed });
      mount('calendar', mountCalendar);
      mount('counters', mountCounters);
    },
    () => {
      mount('chart', mountChart);
      mount('history', mountHistory);
      // "Use these groups as a new campaign" (exports view): a new run whose recipients are the list.
      const useAsNewCampaign = form ? (csv, name) => { newRun(); form.useRecipientsCsv(csv, name); } : null;
      mount('exports', mountExports, { useAsNewCampaign });
      mount('estimate', mountEstimate);
    },
    () => { tuning = mount('tuning', mountTuning, { revealAdvanced: form ? form.revealAdvanced : null }); },
    () => {
      // "Use this behaviour" (calibration): the fitted outcomes, behaviour and timing go into the form.
      const useBehaviour = form ? (fitted) => {
        store.update((s) => {
          const scenario = { ...s.scenario, outcomes: fitted.outcomes };
          if (fitted.behaviour) scenario.behaviour = fitted.behaviour; else delete scenario.behaviour;
          if (fitted.timing) scenario.timing = fitted.timing; else delete scenario.timing;
          return { ...s, scenario };
        });
        form.fill(store.state);
        newRun();
      } : null;
      calibrate = mount('calibrate', mountCalibrate, { useBehaviour });
      if (find('assumptions')) mountAssumptions(find('assumptions'), ctx);
    },
    () => {
      // ---- share, save, report (the standalone page) ----
      if (!options.share || !find('share')) return;
      const reportHead = find('report-head');
      const head = (link) => fillReportHead(reportHead, { state: store.state, engineVersion: store.live.engineVersion, link });
      const parts = () => ['#tn-mc', '#tn-sweep', '#tn-ab', '.assumptions-card'].map((s) => root.querySelector(s));
      mount('share', mountShare, {
        start: options.share,
        defaults: defaultState(),
        slug,
        replaceState: (next) => setState(next),
        prepareReport: head,
        reportHtml: ({ link, payload }) => reportHtml({ state: store.state, engineVersion: store.live.engineVersion, link, payload, parts: parts() }),
      });
      listen(root.ownerDocument.defaultView, 'beforeprint', () => head(root.ownerDocument.location.href));
    },
  ];

  // ---- an embedded full view's first render, one region per frame (a good guest: no task over
  // 50 ms of the host page's main thread). The standalone page is its own host: it shows at once.
  let reveal = { done: false, cancel() {} };
  let resolveShown;
  const shown = new Promise((r) => { resolveShown = r; });
  cleanups.push(() => reveal.cancel());
  let mounting = true;
  function afterMount() {
    mounting = false;
    if (destroyed) return;
    reveal = view === 'full' && !page && typeof root.ownerDocument.defaultView?.requestAnimationFrame === 'function'
      ? revealInFrames(root, FULL_VIEW_ORDER, { onDone: () => { if (!destroyed) store.setLive({}); } })
      : { done: true, shown: Promise.resolve(), cancel() {} };
    reveal.shown.then(resolveShown);
    root.classList.remove(PENDING);
    if (options.staged) store.setLive({}); // the first drawing of every view (skipped while mounting)
  }
  let mounted;
  if (options.staged) {
    root.classList.add(PENDING);
    mounted = (async () => {
      for (const step of steps) {
        await nextTask();
        if (destroyed) return;
        try {
          step();
        } catch (err) {
          reportError(`The page could not draw: ${err.message}`);
        }
      }
      afterMount();
    })();
  } else {
    for (const step of steps) step();
    mounted = Promise.resolve();
  }

  // ---- events for embedders: derived from what the views draw, at most once a frame ----
  const seen = { ready: false, status: null, counters: null, finished: null, invalid: null };
  function emitEvents(live) {
    // `ready` once the engine has checked the scenario and the whole view is shown.
    if (!seen.ready && live.engine === 'ready' && live.validation && reveal.done) {
      seen.ready = true;
      onEvent('ready', { valid: live.validation.valid });
    }
    if (live.validation && !live.validation.valid && live.validation !== seen.invalid) {
      seen.invalid = live.validation;
      const errors = live.validation.errors;
      onEvent('error', { message: errors.map((e) => `${e.path}: ${e.message}`).join('\n'), errors });
    }
    const c = live.sim ? live.sim.campaigns[0] : null;
    if (!c) return;
    const statusKey = JSON.stringify([c.status, c.blocked_by]);
    if (statusKey !== seen.status) {
      seen.status = statusKey;
      onEvent('statuschange', { status: c.status, blocked_by: c.blocked_by });
    }
    const countersKey = JSON.stringify(c.counters);
    if (countersKey !== seen.counters) {
      seen.counters = countersKey;
      onEvent('counters', structuredClone(c.counters));
    }
    const final = c.status === 'completed' || c.status === 'cancelled';
    if (live.phase === 'launched' && final && live.sim.finished && seen.finished !== live.token) {
      seen.finished = live.token;
      report().then((r) => { lastReport = r; onEvent('finished', r); }, (err) => reportError(err.message));
    }
  }

  let lastReport = null;
  function report() {
    return client.request('report');
  }

  // A good guest: an app scrolled out of view stops redrawing (its events still fire), and draws
  // once when it comes back.
  let visible = true;
  if (typeof IntersectionObserver === 'function') {
    const io = new IntersectionObserver((entries) => {
      const now = entries[entries.length - 1].isIntersecting;
      if (now && !visible) store.setLive({});
      visible = now;
    });
    io.observe(root);
    cleanups.push(() => io.disconnect());
  }

  const unsubscribe = store.subscribe((state, live) => {
    if (destroyed) return;
    emitEvents(live);
    if (!visible || mounting) return;
    renderAlerts(live);
    if (formState) {
      let chip = '';
      let kind = 'neutral';
      if (live.phase === 'launched') { chip = 'Locked during the run'; kind = 'neutral'; }
      else if (live.engine === 'loading') chip = 'Loading engine…';
      else if (live.engine === 'failed') { chip = 'Engine unavailable'; kind = 'bad'; }
      else if (live.validating) chip = 'Checking…';
      else if (live.validation && live.validation.valid) { chip = 'Ready to launch'; kind = 'good'; }
      else if (live.validation) { chip = `${live.validation.errors.length} ${live.validation.errors.length === 1 ? 'problem' : 'problems'}`; kind = 'bad'; }
      setText(formState, chip);
      formState.dataset.kind = kind;
    }
    for (const v of views) {
      try {
        v.render(state, live);
      } catch (err) {
        reportError(`The page could not draw: ${err.message}`);
      }
    }
  });

  if (!options.staged) afterMount();
  schedulePrepare();

  function setState(patch) {
    store.update((s) => mergeState(s, patch));
    if (form) form.fill(store.state);
    if (store.live.phase === 'launched' && patch && (patch.scenario || patch.seed !== undefined)) newRun();
    else schedulePrepare();
    if (patch && patch.ui && patch.ui.speed) client.request('speed', { value: patch.ui.speed }).catch(() => {});
  }

  /** The scenario the analyses run: this app's, launched at minute 0 when it waits for a button. */
  function analysedScenario() {
    const sc = { ...engineScenario(store.state) }; // shallow: a big CSV is not cloned
    if (sc.launch_at_minute === null || sc.launch_at_minute === undefined) sc.launch_at_minute = 0;
    return sc;
  }
  const lane = () => (tuning && tuning.pool) || runtime.pool;

  return {
    store,
    /** A copy of the serialisable state ({version, seed, scenario, ui}). */
    getState: () => structuredClone(store.state),
    /** Merges `patch` over the state key by key (scenario replaced whole), redraws, re-validates. */
    setState,
    /** launch | pause | resume | cancel: resolves to the engine's action result. */
    act,
    newRun,
    setSpeed,
    /** The report at the current clock (the CLI's `run` document when the run has ended). */
    report,
    get lastReport() { return lastReport; },
    /** Monte Carlo of this scenario: the document `campaign-sim montecarlo --runs N --seed S` prints. */
    async runMonteCarlo({ runs = 500, seed = store.state.seed } = {}) {
      const { summary } = await runMonteCarlo(lane(), { scenario: analysedScenario(), runs, seed });
      return summary;
    },
    /** Retry sweep: the document `campaign-sim sweep` prints. */
    runSweep({ runs = 200, seed = store.state.seed, retries = [0, 1, 2, 3, 4], waits = [store.state.scenario.retry?.wait_minutes ?? 30] } = {}) {
      return runSweep(lane(), { scenario: analysedScenario(), runs, seed, retries, waits });
    },
    /** Resolves once the whole view is shown (the full view appears region by region). */
    shown,
    /** Resolves once every view is built (at once, or step by step when `staged`). */
    mounted,
    /** Removes the app: its DOM, its listeners on window, its engine session and pool work. */
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(prepareTimer);
      unsubscribe();
      for (const fn of cleanups.splice(0)) fn();
      if (tuning && tuning.pool && tuning.pool.close) tuning.pool.close();
      if (calibrate) calibrate.destroy();
      client.close();
      if (ownRuntime) runtime.destroy();
      clear(root);
    },
  };
}
