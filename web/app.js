// Wires the views to one store. The page state is one serialisable object (scenario + seed + UI
// choices, see state.js); everything the engine says arrives from the worker into `live`.
// The main thread never simulates: it sends requests to worker.js and draws the replies.
import { h, $, clear, setText } from './dom.js';
import { createStore, defaultState, engineScenario } from './state.js';
import { EngineClient } from './engine-client.js';
import { mountForm } from './views/form.js';
import { mountControls } from './views/controls.js';
import { mountCounters } from './views/counters.js';
import { mountChart } from './views/chart.js';
import { mountHistory } from './views/history.js';
import { mountExports } from './views/exports.js';
import { mountAssumptions } from './views/assumptions.js';
import { mountEstimate } from './tuning/estimate.js';
import { mountTuning } from './tuning/tuning.js';
import { loadJson, startWorker } from './assets.js';
import { isStateLink } from './link.js';
import { initialPageState, mountShare } from './views/share.js';
import { fillReportHead, reportHtml } from './views/report.js';
import { slug } from './tuning/charts.js';

const VALIDATE_DEBOUNCE_MS = 200;
const MAX_SAMPLES = 6000;

const alertsEl = $('#alerts');

// The defaults are the engine's default scenario (build/web/default-scenario.json, printed by the
// engine at build time); the page starts from a state link in the address bar or a state embedded
// in a downloaded file when there is one (views/share.js), else from those defaults.
let engineDefaults;
try {
  engineDefaults = await loadJson('default-scenario.json');
} catch (err) {
  alertsEl.append(h('div', { class: 'alert' }, h('p', null, `The page could not start: the engine's default scenario could not be loaded (${err.message}).`)));
  throw err;
}
const defaults = defaultState(engineDefaults);
const start = await initialPageState(defaults);
const store = createStore(start.state);
let alertId = 0;

function reportError(message) {
  if (store.live.errors.some((e) => e.message === String(message))) return; // shown already
  alertId += 1;
  store.setLive({ errors: [...store.live.errors, { id: alertId, message: String(message) }] });
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

// Anything that escapes a view is shown, not swallowed (it still reaches the console too).
window.addEventListener('error', (event) => reportError(`Unexpected error: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => reportError(`Unexpected error: ${event.reason && event.reason.message ? event.reason.message : event.reason}`));

// ---- the engine worker ----
let client;
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

try {
  const worker = startWorker('worker.js', { name: 'campaign-sim-engine' });
  client = new EngineClient(worker, {
    onReady: (msg) => {
      store.setLive({ engine: 'ready', engineVersion: msg.version || '' });
      client.request('speed', { value: store.state.ui.speed }).catch((err) => reportError(err.message));
    },
    onFatal: (message) => { store.setLive({ engine: 'failed', validating: false }); reportError(message); },
    onError: (message) => reportError(message),
    onState,
  });
} catch (err) {
  store.setLive({ engine: 'failed', validating: false });
  reportError(`The engine worker could not start: ${err.message}`);
  client = { request: () => Promise.reject(new Error('the engine worker is not running')) };
}

// ---- validation and the draft simulation ----
let prepareTimer = null;
let prepareSeq = 0;
function schedulePrepare() {
  if (store.live.phase === 'launched') return;
  store.setLive({ validating: true });
  clearTimeout(prepareTimer);
  prepareTimer = setTimeout(prepare, VALIDATE_DEBOUNCE_MS);
}

async function prepare() {
  prepareTimer = null;
  // Never replace a launched run: the worker's prepare disposes the current simulation.
  if (store.live.phase === 'launched') return;
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
    if (seq !== prepareSeq) return;
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
    if (!store.live.validation || !store.live.validation.valid || store.live.phase !== 'draft') return;
  }
  store.setLive({ busy: true });
  try {
    const res = await client.request(action, { token: store.live.token });
    store.setLive({ busy: false, phase: 'launched', sim: res.state, lastAction: { action, result: res.result, at: res.state.clock.local_time } });
  } catch (err) {
    store.setLive({ busy: false });
    reportError(`${ACTION_LABEL[action]} failed: ${err.message}`);
  }
}

function newRun() {
  store.setLive({ phase: 'none', sim: null, samples: [], lastAction: null });
  schedulePrepare();
}

function setSpeed(value) {
  store.update((s) => ({ ...s, ui: { ...s.ui, speed: value } }));
  client.request('speed', { value }).catch((err) => reportError(err.message));
}

/** Replaces the whole page state (a scenario file opened, a link pasted): every view redraws. */
function replaceState(next) {
  clearTimeout(prepareTimer);
  prepareTimer = null;
  store.setLive({ phase: 'none', sim: null, samples: [], lastAction: null });
  store.update(() => next);
  form.fill(next);
  schedulePrepare();
}

// ---- views ----
const ctx = { store, client, reportError, engineScenario, onEdit: schedulePrepare };
const formState = $('#form-state');
const form = mountForm($('#campaign-form'), ctx);
const views = [
  form,
  mountControls($('#controls'), { ...ctx, act, newRun, setSpeed }),
  mountCounters($('#counters'), ctx),
  mountChart($('#chart'), ctx),
  mountHistory($('#history'), ctx),
  mountExports($('#exports'), ctx),
  mountEstimate($('#estimate'), ctx),
  mountTuning($('#tuning'), { ...ctx, revealAdvanced: form.revealAdvanced }),
];
mountAssumptions($('#assumptions'), ctx);

// ---- share, save, report ----
const reportHead = $('#report-head');
const reportParts = () => ['#tn-mc', '#tn-sweep', '#tn-ab', '.assumptions-card'].map((s) => document.querySelector(s));
const share = mountShare($('#share'), {
  ...ctx, start, defaults, replaceState, slug,
  prepareReport: (link) => fillReportHead(reportHead, { state: store.state, engineVersion: store.live.engineVersion, link }),
  reportHtml: ({ link, payload }) => reportHtml({ state: store.state, engineVersion: store.live.engineVersion, link, payload, parts: reportParts() }),
});
views.push(share);
window.addEventListener('beforeprint', () => fillReportHead(reportHead, { state: store.state, engineVersion: store.live.engineVersion, link: location.href }));
// A state link pasted into the address bar of an open page: the page starts again on it, as when
// it is opened (its notices, its reproduced/differs check). The page's own link updates use
// history.replaceState, which fires no hashchange.
window.addEventListener('hashchange', () => {
  if (isStateLink(location.hash)) location.reload();
});
// The top navigation scrolls to a section and records it as the open view (the fragment is the
// state link's, so plain anchors must not replace it).
document.querySelectorAll('.topnav a[href^="#"]').forEach((a) => a.addEventListener('click', (event) => {
  const target = document.getElementById(a.getAttribute('href').slice(1));
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({ behavior: 'smooth', block: 'start' });
  store.update((s) => ({ ...s, ui: { ...s.ui, view: a.getAttribute('href').slice(1) } }));
}));
if (start.state.ui.view) requestAnimationFrame(() => document.getElementById(start.state.ui.view)?.scrollIntoView({ block: 'start' }));

store.subscribe((state, live) => {
  renderAlerts(live);
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
  for (const v of views) {
    try {
      v.render(state, live);
    } catch (err) {
      reportError(`The page could not draw: ${err.message}`);
    }
  }
});

schedulePrepare();
