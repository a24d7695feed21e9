// Outcome distributions and retry tuning (issue 4): Monte Carlo of the campaign on the left over a
// pool of Web Workers, a retry sweep, and an A/B comparison. Every statistic is the engine's
// (summariseSamples / sweep / expect); this module schedules work, compares and draws.
//
// mountTuning(root, ctx) builds the cards into `root`; ctx is the app's {store, engineScenario,
// reportError, revealAdvanced}. The analysed scenario is the form's scenario as it is, behaviour and
// retry rules included (the form's Advanced section is their one place), launched at minute 0 when
// the form leaves the launch to the button. This area only shows what that section has on.
import { h, clear, setText, activeElementOf, toggleIdRef } from '../dom.js';
import { CancelledError } from './pool.js';
import { runMonteCarlo, runSweep, parseList } from './jobs.js';
import {
  METRICS, TABLE_METRICS, SHARE_METRICS, fmt, fmtSpread, fmtSigned, expectedValue, agreement,
  campaignSummary, summaryCsv, summaryJson, sweepCsv, sweepJson, AGREEMENT_Z, LONG_JOB_SECONDS, aboutDuration,
} from './metrics.js';
import { histogramChart, sparkline, lineChart, shareBarsChart, downloadText, downloadSvg, downloadPng, slug, SERIES_COLOURS } from './charts.js';
import { describeAdvanced } from '../views/advanced.js';
import { setIn } from '../state.js';
import { userErrors } from '../messages.js';
import { formatEnUS } from '../number-format.js';

const MAX_RUNS = 10000;

// Runs cut by the engine's horizon (truncated_runs) make every figure but Recipients partial.
function truncationNote(note, truncatedRuns, runs) {
  note.hidden = !(truncatedRuns > 0);
  if (truncatedRuns > 0) {
    setText(note, `${formatEnUS(truncatedRuns)} of ${formatEnUS(runs)} runs were cut at the horizon (horizon_days) with recipients still in progress: every figure but Recipients is partial for them. Raise horizon_days to simulate further.`);
  }
}
const PRODUCT_MAX_RETRIES = 4;

export function mountTuning(root, ctx) {
  const { store } = ctx;
  const T = {
    job: null, // {kind}
    listeners: new Set(),
    store,
  };
  const workersStatus = h('span', { class: 'tn-workers', role: 'status', dataset: { liveWorkers: '0', busyWorkers: '0' } });
  T.pool = ctx.pool.lane({ // this app's lane of the page's one pool
    onChange: (pool) => {
      workersStatus.dataset.liveWorkers = String(pool.live);
      workersStatus.dataset.busyWorkers = String(pool.busy);
      setText(workersStatus, `${pool.size} ${pool.size === 1 ? 'worker' : 'workers'} · ${pool.busy} busy`);
    },
  });
  T.pool.onChange(T.pool);
  root.dataset.job = 'idle';

  // The cards' settings live in the store (state.tuning), so a link, a saved report and a reload
  // bring them back: each input writes its value there and is redrawn from there.
  T.syncs = [];
  T.bind = (input, key) => {
    input.value = store.state.tuning[key];
    input.addEventListener('input', () => store.update((s) => setIn(s, ['tuning', key], input.value)));
    T.syncs.push((state) => {
      const v = state.tuning[key];
      if (document.activeElement !== input && input.value !== v) input.value = v;
    });
  };

  /** The scenario every analysis runs: the form's as it is, launched at once. */
  T.scenario = () => {
    // A shallow copy (a 10 MB CSV is not cloned): callers replace nested objects, never edit them.
    const sc = { ...ctx.engineScenario(store.state) };
    if (sc.launch_at_minute === null || sc.launch_at_minute === undefined) sc.launch_at_minute = 0;
    return sc;
  };
  T.notify = () => { for (const fn of T.listeners) fn(); };
  T.runJob = async (kind, body) => {
    if (T.job) return;
    const job = { kind };
    T.job = job;
    root.dataset.job = kind;
    T.notify();
    try {
      await body(job);
    } catch (err) {
      if (!(err instanceof CancelledError)) throw err;
    } finally {
      T.job = null;
      root.dataset.job = 'idle';
      T.notify();
    }
  };
  T.stop = () => {
    if (T.job) T.pool.cancel();
  };
  // One card's analysis: Stop leaves what finished on screen (`stopped` says what that is); any
  // other failure stops the pool's other work, which would fail the same way, and is rethrown.
  T.runCard = async ({ card, state, render, work, stopped, failed = () => {} }) => {
    try {
      await work();
    } catch (err) {
      if (err instanceof CancelledError) {
        state.stopped = true;
        card.dataset.state = 'stopped';
        stopped();
      } else {
        T.pool.cancel();
        card.dataset.state = 'failed';
        failed();
        throw err;
      }
    } finally {
      render();
    }
  };

  // A job is estimated before it starts (the engine's count of simulated calls over this device's
  // measured speed). A long one (over LONG_JOB_SECONDS here, or over the engine's budget) waits
  // for "Run anyway" and keeps its Stop button once running. Resolves to the engine's allowLarge;
  // rejects with CancelledError when the user cancels. `request` may be a list (the A/B card runs
  // two Monte Carlo jobs): their calls add up, and one over the budget makes the whole ask.
  T.confirmWork = async (progress, request) => {
    const parts = await Promise.all((Array.isArray(request) ? request : [request])
      .map((r) => T.pool.submit({ type: 'estimate', ...r }, { priority: true }).then(({ result }) => result)));
    const est = {
      call_logs: parts.reduce((n, e) => n + e.call_logs, 0),
      callsPerSecond: Math.min(...parts.map((e) => e.callsPerSecond)),
      over_budget: parts.some((e) => e.over_budget),
    };
    const seconds = est.call_logs / (est.callsPerSecond * T.pool.size);
    if (seconds < LONG_JOB_SECONDS && !est.over_budget) return false;
    const text = `This needs about ${aboutDuration(seconds)} on this device (${formatEnUS(Number(est.call_logs.toPrecision(2)))} simulated calls on ${T.pool.size} ${T.pool.size === 1 ? 'worker' : 'workers'}${est.over_budget ? '; above the engine’s budget for unattended runs' : ''}).`;
    if (!(await progress.confirm(text))) throw new CancelledError();
    return est.over_budget;
  };

  // ---- shared settings ----
  const runsInput = h('input', { type: 'number', id: 'tn-runs', min: '1', max: String(MAX_RUNS), step: '1', inputmode: 'numeric' });
  const seedInput = h('input', { type: 'number', id: 'tn-seed', min: '0', step: '1', inputmode: 'numeric' });
  T.bind(runsInput, 'runs');
  T.bind(seedInput, 'seed');
  const workersInput = h('input', { type: 'number', id: 'tn-workers', min: '1', max: '64', step: '1', value: String(T.pool.size), inputmode: 'numeric' });
  workersInput.addEventListener('change', () => {
    const n = Number(workersInput.value);
    if (Number.isInteger(n) && n >= 1 && n <= 64) T.pool.setSize(n);
    workersInput.value = String(T.pool.size);
  });
  T.runs = () => {
    const n = Number(runsInput.value);
    if (!Number.isInteger(n) || n < 1 || n > MAX_RUNS) throw new Error(`Runs must be a whole number from 1 to ${formatEnUS(MAX_RUNS)}.`);
    return n;
  };
  T.seed = () => {
    const v = seedInput.value.trim();
    if (v === '') return store.state.seed;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error('The Monte Carlo seed must be a whole number ≥ 0 (empty: the campaign’s seed).');
    return n;
  };

  const scenarioLine = h('p', { class: 'tn-scenario' });
  // Read-only: what the form's Advanced section has on, and a way to it.
  const behaviourText = h('span', { class: 'tn-behaviour-text' });
  const editLink = h('a', { href: '#f-advanced', class: 'tn-edit-link' }, 'edit in the campaign form’s Advanced section');
  editLink.addEventListener('click', (event) => {
    if (!ctx.revealAdvanced) return; // plain fragment navigation
    event.preventDefault();
    ctx.revealAdvanced();
  });
  const behaviourLine = h('p', { class: 'tn-behaviour', id: 'tn-behaviour', dataset: { behaviour: 'off' } },
    h('strong', null, 'Recipient behaviour: '), behaviourText, ctx.revealAdvanced ? [' — ', editLink] : null); // no form: no link

  const setupCard = h('section', { class: 'card tn-card', 'aria-labelledby': 'tn-setup-heading' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'tn-setup-heading' }, 'Outcome distributions and retry tuning'),
      h('p', { class: 'card-note' }, 'One live run shows one possible future; these analyses run the campaign many times.')),
    scenarioLine,
    h('div', { class: 'tn-settings' },
      settingField('tn-runs', 'Runs', runsInput, `1 to ${formatEnUS(MAX_RUNS)} per analysis`),
      settingField('tn-seed', 'Monte Carlo seed', seedInput, 'Empty: the campaign’s seed'),
      settingField('tn-workers', 'Worker threads', workersInput, `This device: ${navigator.hardwareConcurrency || 1} cores`),
      h('div', { class: 'tn-setting tn-workers-box' }, h('span', { class: 'tn-setting-label' }, 'Engine pool'), workersStatus,
        h('span', { class: 'field-hint' }, 'Results do not depend on it.'))),
    behaviourLine);

  function renderScenario() {
    const sc = store.state.scenario;
    const r = sc.retry;
    const n = sc.recipients && sc.recipients.count ? `${formatEnUS(sc.recipients.count)} recipients` : 'CSV recipients';
    const flags = [r.retry_on_no_answer && 'no answer', r.retry_on_busy && 'busy', r.retry_on_voicemail && 'voicemail'].filter(Boolean);
    const waits = hasWaitList(r) ? [`after ${r.wait_minutes_list.join(', ')} min `, beyondBadge()] : [`every ${r.wait_minutes} min`];
    clear(scenarioLine);
    scenarioLine.append(h('strong', null, sc.name || 'Campaign'), ` · ${n} · ${r.max_retries} ${r.max_retries === 1 ? 'retry' : 'retries'} `, ...waits,
      ` on ${flags.join(', ') || 'nothing'} · concurrency ${sc.concurrency}`,
      h('span', { class: 'tn-muted' }, ` · launched at minute ${sc.launch_at_minute ?? 0}`));
    const items = describeAdvanced(sc);
    clear(behaviourText);
    if (!items.length) behaviourText.append('independent attempts (the exact formula applies)');
    items.forEach((item, i) => {
      behaviourText.append(i ? ', ' : '', h('span', { dataset: { setting: item.key } }, item.text, item.beyond ? [' ', beyondBadge()] : null));
    });
    behaviourLine.dataset.behaviour = items.length ? 'on' : 'off';
  }

  const mc = mountMonteCarloCard(T);
  const sweep = mountSweepCard(T);
  const ab = mountAbCard(T, store);
  const explain = explainCard();
  root.append(setupCard, mc.card, sweep.card, ab.card, explain);

  let last = null;
  return {
    render(state) {
      for (const sync of T.syncs) sync(state);
      // The store copies along the path it changes (setIn), so a new scenario is a new object:
      // compare references, not a serialisation (a 10 MB CSV scenario would cost ~90 ms a frame).
      if (last && last.scenario === state.scenario && last.seed === state.seed && last.b === state.tuning.b) return;
      last = { scenario: state.scenario, seed: state.seed, b: state.tuning.b };
      seedInput.placeholder = String(state.seed);
      renderScenario();
      T.notify();
    },
    pool: T.pool,
  };
}

/** The mark of a setting DialNexa does not have (the same badge as in the form). */
function beyondBadge() {
  return h('span', { class: 'beyond-badge', title: 'Not a DialNexa setting: the simulator lets you explore it.' }, 'beyond DialNexa');
}

const hasWaitList = (retry) => Array.isArray(retry.wait_minutes_list) && retry.wait_minutes_list.length > 0;

function settingField(id, label, input, hint) {
  return h('div', { class: 'tn-setting' }, h('label', { for: id, class: 'tn-setting-label' }, label), input, hint ? h('span', { class: 'field-hint' }, hint) : null);
}

/** A progress bar with a text line and a Stop button, shared shape of the three analyses. */
function progressBlock(T, { runLabel, stopLabel, onRun }) {
  const run = h('button', { type: 'button', class: 'btn btn-primary' }, runLabel);
  const stop = h('button', { type: 'button', class: 'btn btn-danger', disabled: true }, h('span', { class: 'btn-icon icon-cancel', 'aria-hidden': 'true' }), stopLabel);
  const bar = h('progress', { class: 'tn-progress', max: '1', value: '0', 'aria-label': `${runLabel}: progress` });
  const text = h('span', { class: 'tn-progress-text', role: 'status' });
  const error = h('div', { class: 'form-errors tn-error', hidden: true, role: 'alert' });
  let mine = false;
  run.addEventListener('click', async () => {
    error.hidden = true;
    mine = true;
    try {
      await onRun();
    } catch (err) {
      showError(err);
    } finally {
      mine = false;
    }
  });
  stop.addEventListener('click', () => T.stop());
  // Start the engines while the pointer or focus is on the button: the click then finds them ready.
  // (Not when the focus comes back by itself after Stop: Stop leaves no engine running.)
  let refocusing = false;
  for (const ev of ['pointerenter', 'focus']) run.addEventListener(ev, () => { if (!T.job && !refocusing) T.pool.warm(); });
  const showError = (err) => {
    clear(error);
    const list = err.errors && err.errors.length ? userErrors(err.errors) : null;
    const many = list && list.length > 1;
    error.append(h('p', { class: 'form-errors-title' }, many ? (err.title || 'The campaign form has problems to fix first:') : list ? list[0].message : err.message.split('\n')[0]));
    if (many) error.append(h('ul', null, list.map((e) => h('li', null, e.message))));
    error.hidden = false;
    if (err.focus) err.focus.focus();
  };
  // The estimate of a long job, with its two answers.
  const confirmText = h('span', { class: 'tn-confirm-text' });
  const goOn = h('button', { type: 'button', class: 'btn btn-primary btn-small' }, 'Run anyway');
  const cancel = h('button', { type: 'button', class: 'btn btn-small' }, 'Cancel');
  const confirmBox = h('div', { class: 'tn-confirm', role: 'alertdialog', 'aria-label': 'A long run', hidden: true }, confirmText, goOn, cancel);
  const el = h('div', { class: 'tn-run' }, h('div', { class: 'tn-run-buttons' }, run, stop), h('div', { class: 'tn-progress-wrap' }, bar, text), confirmBox);
  return {
    el,
    error,
    showError,
    confirm(message) {
      setText(confirmText, message);
      confirmBox.hidden = false;
      goOn.focus();
      return new Promise((resolve) => {
        const answer = (yes) => () => {
          // Back on Run first: once the job starts, sync() moves the focus from Run to Stop.
          const hadFocus = confirmBox.contains(el.getRootNode().activeElement);
          if (hadFocus) {
            refocusing = true;
            run.focus();
            refocusing = false;
          }
          confirmBox.hidden = true;
          goOn.onclick = cancel.onclick = null;
          resolve(yes);
        };
        goOn.onclick = answer(true);
        cancel.onclick = answer(false);
      });
    },
    set(done, total, label) {
      bar.max = String(Math.max(1, total));
      bar.value = String(done);
      setText(text, label);
    },
    sync() {
      // The pressed button is disabled while its analysis runs: the focus goes to Stop, and back.
      const focused = activeElementOf(el);
      run.disabled = Boolean(T.job);
      stop.disabled = !(T.job && mine);
      if (focused === run && run.disabled && !stop.disabled) stop.focus();
      else if (focused === stop && stop.disabled && !run.disabled) {
        refocusing = true;
        run.focus();
        refocusing = false;
      }
      el.classList.toggle('running', Boolean(T.job && mine));
    },
  };
}

function staleNote() {
  return h('p', { class: 'tn-stale', hidden: true, role: 'status' }, 'The campaign settings changed since these results: run again to update them.');
}

/** Shows `note` when the results were computed for another scenario than the current one. */
function staleCheck(T, note, scenario) {
  note.hidden = !scenario || JSON.stringify(scenario) === JSON.stringify(T.scenario());
}

function exportButton(label, onClick, { disabled = true } = {}) {
  const b = h('button', { type: 'button', class: 'btn btn-primary-outline btn-small', disabled }, h('span', { class: 'btn-icon icon-download', 'aria-hidden': 'true' }), label);
  b.addEventListener('click', onClick);
  return b;
}

function elapsed(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------
// Monte Carlo: distributions of every counter, with the exact expectation beside the mean.

function mountMonteCarloCard(T) {
  const state = { summary: null, expectation: null, scenario: null, done: 0, runs: 0, selected: 'completed_leads', partial: false };
  const stale = staleNote();
  const progress = progressBlock(T, { runLabel: 'Run Monte Carlo', stopLabel: 'Stop', onRun: run });
  const tbody = h('tbody');
  const table = h('table', { class: 'tn-table tn-mc-table', id: 'tn-mc-table' },
    h('caption', { class: 'visually-hidden' }, 'Monte Carlo summary of each counter, with the exact expectation'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'tn-th-metric' }, 'Metric'),
      h('th', { scope: 'col', class: 'num', title: 'The exact expectation (model.md §11)' }, 'Formula'),
      h('th', { scope: 'col', class: 'num' }, 'MC mean'),
      h('th', { scope: 'col', class: 'tn-th-agree', title: `✓: the formula lies in the mean's 99.9 % interval (mean ± ${AGREEMENT_Z}·sd/√n)` }, 'Agrees'),
      h('th', { scope: 'col', class: 'num' }, 'SD'),
      h('th', { scope: 'col', class: 'num' }, 'Min – max'),
      h('th', { scope: 'col', class: 'num', title: '95 % confidence interval of the mean' }, '95 % CI'),
      h('th', { scope: 'col', class: 'tn-th-dist' }, 'Histogram'))),
    tbody);
  const empty = h('p', { class: 'tn-empty' }, 'Run the campaign many times to see the distribution of every counter. 500 runs of a 1,000-recipient campaign take a few seconds.');
  const agreeLine = h('p', { class: 'tn-agree-line', role: 'status' });
  const ignoredNote = h('p', { class: 'tn-note', hidden: true });
  const truncatedNote = h('p', { class: 'tn-truncated', hidden: true, role: 'note' });
  const figure = h('figure', { class: 'tn-figure' });
  const figureSide = h('div', { class: 'tn-figure-side' });
  const csvBtn = exportButton('Export summary CSV', () => download('csv'));
  const jsonBtn = exportButton('Export summary JSON', () => download('json'));
  const svgBtn = exportButton('Chart SVG', () => downloadSvg(`${base()}-${state.selected}-distribution.svg`, figure.querySelector('svg')));
  const pngBtn = exportButton('Chart PNG', () => downloadPng(`${base()}-${state.selected}-distribution.png`, figure.querySelector('svg')).catch((e) => progress.showError(e)));
  const results = h('div', { class: 'tn-results', hidden: true },
    agreeLine, ignoredNote, truncatedNote,
    tableWrap(table, 'Distribution table'),
    h('div', { class: 'tn-dist-grid' }, figure, figureSide),
    h('div', { class: 'tn-exports' }, csvBtn, jsonBtn, h('span', { class: 'tn-sep', 'aria-hidden': 'true' }), svgBtn, pngBtn));
  const card = h('section', { class: 'card tn-card', id: 'tn-mc', 'aria-labelledby': 'tn-mc-heading' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'tn-mc-heading' }, 'Outcome distributions'),
      h('p', { class: 'card-note' }, 'Mean, spread and range of every counter over many runs, beside the exact formula.')),
    progress.el, progress.error, stale, empty, results);

  const base = () => slug(state.scenario ? state.scenario.name : 'campaign');

  function download(kind) {
    if (!state.summary) return;
    const name = `${base()}-montecarlo-${state.summary.runs}-runs-seed-${state.summary.seed}`;
    if (kind === 'csv') downloadText(`${name}.csv`, summaryCsv(state.summary, state.expectation), 'text/csv');
    else downloadText(`${name}.json`, summaryJson(state.summary, state.expectation, state.scenario), 'application/json');
  }

  async function run() {
    const runs = T.runs();
    const seed = T.seed();
    const scenario = T.scenario();
    let allowLarge;
    try {
      allowLarge = await T.confirmWork(progress, { scenario, command: 'montecarlo', runs });
    } catch (err) {
      if (err instanceof CancelledError) return;
      throw err;
    }
    await T.runJob('mc', async () => {
      Object.assign(state, { summary: null, expectation: null, scenario, done: 0, runs, partial: true, stopped: false });
      render();
      const t0 = performance.now();
      const expectP = T.pool.submit({ type: 'expect', scenario }, { priority: true }).then(({ result }) => {
        state.expectation = result;
        render();
      });
      await T.runCard({ card, state, render, work: async () => {
        const [{ summary, ms }] = await Promise.all([
          runMonteCarlo(T.pool, {
            scenario, runs, seed, allowLarge,
            onProgress: (done) => {
              state.done = done;
              progress.set(done, runs, `${formatEnUS(done)} of ${formatEnUS(runs)} runs · ${elapsed(performance.now() - t0)}`);
            },
            onPartial: (summary) => { state.summary = summary; render(); },
          }),
          expectP,
        ]);
        state.summary = summary;
        state.partial = false;
        // A finished summary is a result a shareable link can carry (views/share.js).
        T.store.setLive({ monteCarlo: { scenario, runs, seed, summary } });
        progress.set(runs, runs, `${formatEnUS(runs)} runs in ${elapsed(ms)} on ${T.pool.size} ${T.pool.size === 1 ? 'worker' : 'workers'}`);
        card.dataset.state = 'done';
        card.dataset.ms = String(Math.round(ms));
      },
      stopped: () => progress.set(state.done, runs, `Stopped after ${formatEnUS(state.done)} of ${formatEnUS(runs)} runs${state.summary ? `: partial results from ${formatEnUS(state.summary.runs)} runs` : ''}`),
      failed: () => progress.set(0, runs, '') });
    });
  }

  function select(key) {
    state.selected = key;
    render();
  }

  function render() {
    const s = state.summary;
    empty.hidden = Boolean(s);
    results.hidden = !s;
    card.dataset.partial = String(Boolean(s && state.partial));
    if (!s) return;
    const c = campaignSummary(s);
    const n = s.runs;
    truncationNote(truncatedNote, s.truncated_runs, n);
    clear(tbody);
    let agree = 0;
    let compared = 0;
    const differs = [];
    for (const key of TABLE_METRICS) {
      const m = c[key];
      const meta = METRICS[key];
      const ex = expectedValue(state.expectation, key);
      const ag = agreement(m, ex, n);
      if (ag.status !== 'none') {
        compared += 1;
        if (ag.status === 'agrees') agree += 1; else differs.push(meta.label);
      }
      const selected = key === state.selected;
      const pick = h('button', { type: 'button', class: 'tn-metric-btn', 'aria-pressed': String(selected), title: `Show its distribution${meta.note ? ` (${meta.note})` : ''}` },
        h('span', { class: `tn-dot ${meta.cls || ''}`, 'aria-hidden': 'true' }), meta.label);
      pick.addEventListener('click', () => select(key));
      const agreeCell = ag.status === 'none'
        ? h('td', { class: 'tn-agree', dataset: { agree: 'none' } }, h('span', { class: 'tn-muted', title: 'No closed form for this metric' }, '—'))
        : h('td', { class: `tn-agree ${ag.status}`, dataset: { agree: ag.status }, title: `Formula ${fmt(key, ex, { precise: true })}; mean's 99.9 % interval ${fmt(key, m.mean - ag.halfWidth, { precise: true })} to ${fmt(key, m.mean + ag.halfWidth, { precise: true })}` },
          ag.status === 'agrees' ? '✓' : '⚠', h('span', { class: 'visually-hidden' }, ag.status === 'agrees' ? ' agrees' : ' differs'));
      tbody.append(h('tr', { class: selected ? 'selected' : null, dataset: { metric: key } },
        h('th', { scope: 'row' }, pick),
        h('td', { class: 'num tn-formula', dataset: { stat: 'expected', value: ex === null ? '' : String(ex) } }, ex === null ? '—' : fmt(key, ex, { precise: true })),
        h('td', { class: 'num tn-mean', dataset: { stat: 'mean', value: String(m.mean) } }, fmt(key, m.mean, { precise: true })),
        agreeCell,
        h('td', { class: 'num', dataset: { stat: 'sd', value: String(m.sd) } }, fmtSpread(key, m.sd)),
        h('td', { class: 'num tn-range', dataset: { stat: 'range', min: String(m.min), max: String(m.max) } }, `${fmt(key, m.min, { compact: true })} – ${fmt(key, m.max, { compact: true })}`),
        h('td', { class: 'num tn-ci', dataset: { stat: 'ci95', value: `${m.ci95[0]},${m.ci95[1]}` } }, `${fmt(key, m.ci95[0], { precise: true, compact: true })} – ${fmt(key, m.ci95[1], { precise: true, compact: true })}`),
        h('td', { class: 'tn-dist' }, sparkline(m, { width: 80 }))));
    }
    clear(agreeLine);
    const runsText = `${formatEnUS(n)} runs${state.partial && !state.stopped ? ' so far (partial)' : state.stopped ? ' (stopped early)' : ''}`;
    if (!state.expectation) agreeLine.append(h('span', { class: 'tn-muted' }, `${runsText}. Computing the exact expectation…`));
    else if (!differs.length) {
      agreeLine.append(h('span', { class: 'tn-badge good' }, '✓'), h('span', { class: 'tn-agree-text' }, `${runsText}: all ${compared} formula values lie in the Monte Carlo means' 99.9 % intervals.`));
    } else {
      agreeLine.append(h('span', { class: 'tn-badge warn' }, '⚠'), h('span', { class: 'tn-agree-text' }, `${runsText}: ${differs.length} of ${compared} formula values lie outside the 99.9 % interval (${differs.join(', ')}).`,
        state.expectation.ignored.length ? ' Expected here: the formula ignores some of this scenario (below).' : ' About 1 comparison in 1,000 misses by chance; more misses mean the scenario breaks an assumption of the formula.'));
    }
    card.dataset.agreement = !state.expectation ? 'pending' : differs.length ? 'differs' : 'agrees';
    const ignored = state.expectation ? state.expectation.ignored : [];
    ignoredNote.hidden = !ignored.length;
    clear(ignoredNote);
    if (ignored.length) ignoredNote.append(h('strong', null, 'The formula ignores: '), ignored.join('; '), '. Where these matter, trust the Monte Carlo numbers.');

    // The selected metric's distribution.
    const key = state.selected;
    const m = c[key];
    const ex = expectedValue(state.expectation, key);
    clear(figure);
    figure.append(histogramChart({ key, label: METRICS[key].label, summary: m, runs: n, expected: ex }));
    clear(figureSide);
    const ag = agreement(m, ex, n);
    const dl = (label, value, attrs) => [h('dt', null, label), h('dd', attrs || null, value)];
    figureSide.append(
      h('h3', null, METRICS[key].label),
      h('dl', { class: 'tn-facts' },
        dl('Mean', fmt(key, m.mean, { precise: true })),
        dl('95 % CI of the mean', `${fmt(key, m.ci95[0], { precise: true })} – ${fmt(key, m.ci95[1], { precise: true })}`),
        dl('Median', fmt(key, m.median)),
        dl('90th percentile', fmt(key, m.p90)),
        dl('Range over the runs', `${fmt(key, m.min)} – ${fmt(key, m.max)}`),
        dl('Standard deviation', fmtSpread(key, m.sd)),
        ex === null ? null : dl('Formula', fmt(key, ex, { precise: true }), { class: ag.status })),
      h('p', { class: 'field-hint' }, ex === null
        ? 'No closed form: only the simulation knows this one.'
        : ag.status === 'agrees'
          ? `The formula lies within mean ± ${AGREEMENT_Z} standard errors (${fmtSpread(key, ag.halfWidth)}).`
          : `The formula is more than ${AGREEMENT_Z} standard errors (${fmtSpread(key, ag.halfWidth)}) from the mean.`));
    [csvBtn, jsonBtn, svgBtn, pngBtn].forEach((b) => { b.disabled = state.partial && !state.stopped; });
  }

  T.listeners.add(() => { progress.sync(); staleCheck(T, stale, state.scenario); });
  progress.sync();
  return { card };
}

// ---------------------------------------------------------------------------------------------
// Retry tuning: a sweep over retry counts and intervals.

const SWEEP_VIEWS = [
  { id: 'completed', key: 'completed_share', stat: 'mean', label: 'Completed %', title: 'Completed leads %', axis: 'Completed leads (share of recipients)' },
  { id: 'failed', key: 'failed_share', stat: 'mean', label: 'Failed %', title: 'Failed leads %', axis: 'Failed leads (share)' },
  { id: 'dnp', key: 'did_not_pick_share', stat: 'mean', label: 'Did not pick %', axis: 'Did not pick (share)' },
  { id: 'cancelled', key: 'cancelled_share', stat: 'mean', label: 'Cancelled %', title: 'Cancelled %', axis: 'Cancelled (share)' },
  { id: 'expired', key: 'retry_expired_share', stat: 'mean', label: 'Expired %', title: 'Retry expired %', axis: 'Retry expired (share)' },
  { id: 'groups', label: 'All groups', title: 'Where recipients ended' },
  { id: 'attempts', key: 'attempts_per_recipient', stat: 'mean', label: 'Attempts', title: 'Attempts per recipient', axis: 'Attempts per recipient' },
  { id: 'cost', key: 'cost', stat: 'mean', label: 'Cost', axis: 'Cost (mean per campaign)' },
  { id: 'dur50', key: 'duration_minutes', stat: 'median', label: 'Duration p50', title: 'Campaign duration (median)', axis: 'Campaign duration, median' },
  { id: 'dur90', key: 'duration_minutes', stat: 'p90', label: 'Duration p90', title: 'Campaign duration (90th percentile)', axis: 'Campaign duration, 90th percentile' },
];

/** A wide table's scroll box: focusable and named, so keyboard users can scroll it (WCAG 2.1.1). */
function tableWrap(table, label) {
  return h('div', { class: 'tn-table-wrap', tabindex: '0', role: 'region', 'aria-label': `${label} (scrolls sideways)` }, table);
}

/** The five final groups of a summary added up: 100 % for a finished campaign (shown, not assumed). */
function sharesTotalCell(summary) {
  const total = SHARE_METRICS.reduce((sum, k) => sum + summary[k].mean, 0);
  return h('td', { class: 'num tn-total', dataset: { metric: 'shares_total', value: String(total) } }, fmt('completed_share', total));
}

function mountSweepCard(T) {
  const state = { sweep: null, scenario: null, view: 'completed', done: 0, total: 0, waits: [], retries: [] };
  const maxRetries = h('input', { type: 'number', id: 'tn-sw-max', min: '0', max: '10', step: '1', inputmode: 'numeric' });
  const waitsInput = h('input', { type: 'text', id: 'tn-sw-waits', autocomplete: 'off', spellcheck: 'false' });
  const runsPerCell = h('input', { type: 'number', id: 'tn-sw-runs', min: '1', max: String(MAX_RUNS), step: '1', inputmode: 'numeric' });
  T.bind(maxRetries, 'sweepMaxRetries');
  T.bind(waitsInput, 'sweepWaits');
  T.bind(runsPerCell, 'sweepRuns');
  const rangeFlag = h('p', { class: 'tn-flag', hidden: true, role: 'note' }, 'Retry counts above 4 are outside DialNexa’s range (it reports retry depths 1 to 4): the simulator explores them for comparison only.');
  const waitListNote = h('p', { class: 'field-hint tn-sweep-note', hidden: true });
  maxRetries.addEventListener('input', () => { rangeFlag.hidden = !(Number(maxRetries.value) > PRODUCT_MAX_RETRIES); });
  const stale = staleNote();
  const progress = progressBlock(T, { runLabel: 'Run sweep', stopLabel: 'Stop sweep', onRun: run });
  const viewGroup = h('div', { class: 'segmented tn-views', role: 'radiogroup', 'aria-label': 'Chart metric' });
  const viewInputs = SWEEP_VIEWS.map((v) => {
    const input = h('input', { type: 'radio', name: 'tn-sweep-view', id: `tn-sw-view-${v.id}`, value: v.id });
    input.addEventListener('change', () => { if (input.checked) { state.view = v.id; render(); } });
    viewGroup.append(input, h('label', { for: input.id }, v.label));
    return input;
  });
  const figure = h('figure', { class: 'tn-figure tn-sweep-figure' });
  const tbody = h('tbody');
  const table = h('table', { class: 'tn-table tn-sweep-table', id: 'tn-sweep-table' },
    h('caption', { class: 'visually-hidden' }, 'Retry sweep: one row per retry interval and retry count'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Interval'),
      h('th', { scope: 'col', class: 'num' }, 'Retries'),
      h('th', { scope: 'col', class: 'num' }, 'Completed leads'),
      h('th', { scope: 'col', class: 'num', title: 'Completed leads % minus that with one retry fewer at the same interval' }, 'Gain of this retry'),
      h('th', { scope: 'col', class: 'num' }, 'Failed leads'),
      h('th', { scope: 'col', class: 'num' }, 'Did not pick'),
      h('th', { scope: 'col', class: 'num' }, 'Cancelled'),
      h('th', { scope: 'col', class: 'num', title: 'Recipients whose retry could no longer be placed before the end time' }, 'Retry expired'),
      h('th', { scope: 'col', class: 'num', title: 'The five final groups add up to 100 % of recipients' }, 'All groups'),
      h('th', { scope: 'col', class: 'num' }, 'Attempts per recipient'),
      h('th', { scope: 'col', class: 'num' }, 'Cost (mean)'),
      h('th', { scope: 'col', class: 'num' }, 'Duration median'),
      h('th', { scope: 'col', class: 'num' }, 'Duration p90'))),
    tbody);
  const csvBtn = exportButton('Export sweep CSV', () => download('csv'));
  const jsonBtn = exportButton('Export sweep JSON', () => download('json'));
  const svgBtn = exportButton('Chart SVG', () => downloadSvg(`${base()}-sweep-${state.view}.svg`, figure.querySelector('svg')));
  const pngBtn = exportButton('Chart PNG', () => downloadPng(`${base()}-sweep-${state.view}.png`, figure.querySelector('svg')).catch((e) => progress.showError(e)));
  const empty = h('p', { class: 'tn-empty' }, 'Compare retry counts and intervals: every cell is a Monte Carlo run with the same seeds, so differences between cells are the settings’, not luck’s.');
  const summaryLine = h('p', { class: 'tn-agree-line', role: 'status' });
  const outsideNote = h('p', { class: 'field-hint', hidden: true }, '† Outside DialNexa’s range (it allows 0 to 4 retries): explored for comparison only.');
  const sweepTruncated = h('p', { class: 'tn-truncated', hidden: true, role: 'note' });
  const results = h('div', { class: 'tn-results', hidden: true },
    summaryLine, sweepTruncated,
    h('div', { class: 'tn-chart-head' }, viewGroup),
    figure,
    tableWrap(table, 'Retry sweep table'),
    outsideNote,
    h('div', { class: 'tn-exports' }, csvBtn, jsonBtn, h('span', { class: 'tn-sep', 'aria-hidden': 'true' }), svgBtn, pngBtn));
  const card = h('section', { class: 'card tn-card', id: 'tn-sweep', 'aria-labelledby': 'tn-sweep-heading' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'tn-sweep-heading' }, 'Retry tuning'),
      h('p', { class: 'card-note' }, 'Reach, effort, cost and duration for each retry count and interval.')),
    h('div', { class: 'tn-settings' },
      settingField('tn-sw-max', 'Up to this many retries', maxRetries, 'From 0; DialNexa allows up to 4'),
      settingField('tn-sw-waits', 'Intervals to compare (minutes)', waitsInput, 'e.g. 15, 30, 60'),
      settingField('tn-sw-runs', 'Runs per cell', runsPerCell, 'Same seeds in every cell')),
    rangeFlag, waitListNote, progress.el, progress.error, stale, empty, results);

  /** With the form's list of waits on, each cell's interval replaces it (as the engine's sweep does). */
  function syncWaitListNote() {
    const r = T.scenario().retry;
    waitListNote.hidden = !hasWaitList(r);
    clear(waitListNote);
    if (hasWaitList(r)) {
      waitListNote.append('Each interval below replaces the form’s waits before each retry (', `${r.wait_minutes_list.join(', ')} min `, beyondBadge(),
        '), as ', h('code', null, 'campaign-sim sweep'), ' does; everything else in the form, its behaviour and per-outcome rules included, applies to every cell.');
    }
  }

  const base = () => slug(state.scenario ? state.scenario.name : 'campaign');
  function download(kind) {
    if (!state.sweep) return;
    const name = `${base()}-sweep-${state.sweep.runs}-runs-seed-${state.sweep.seed}`;
    if (kind === 'csv') downloadText(`${name}.csv`, sweepCsv(state.sweep), 'text/csv');
    else downloadText(`${name}.json`, sweepJson(state.sweep), 'application/json');
  }

  async function run() {
    const top = Number(maxRetries.value);
    if (!Number.isInteger(top) || top < 0 || top > 10) throw new Error('The retry counts go from 0 up to a whole number from 0 to 10.');
    const waits = parseList(waitsInput.value, { min: 1, max: 43200, what: 'minute' });
    if (waits.length > SERIES_COLOURS.length) throw new Error(`Compare at most ${SERIES_COLOURS.length} intervals at once.`);
    const runs = Number(runsPerCell.value);
    if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) throw new Error(`Runs per cell must be a whole number from 1 to ${formatEnUS(MAX_RUNS)}.`);
    const seed = T.seed();
    const scenario = T.scenario();
    const retries = Array.from({ length: top + 1 }, (_, i) => i);
    let allowLarge;
    try {
      allowLarge = await T.confirmWork(progress, { scenario, command: 'sweep', runs, retries, waits });
    } catch (err) {
      if (err instanceof CancelledError) return;
      throw err;
    }
    await T.runJob('sweep', async () => {
      Object.assign(state, { sweep: null, scenario, waits, retries, done: 0, total: waits.length * retries.length, partialRows: [], stopped: false });
      render();
      const t0 = performance.now();
      await T.runCard({ card, state, render, work: async () => {
        const sweep = await runSweep(T.pool, {
          scenario, runs, seed, retries, waits, allowLarge,
          onRow: (rows) => { state.partialRows = rows; render(); },
          onProgress: (done, total) => {
            state.done = done;
            progress.set(done, total, `${done} of ${total} cells (${formatEnUS(done * runs)} of ${formatEnUS(total * runs)} runs) · ${elapsed(performance.now() - t0)}`);
          },
        });
        sweep.verdict = (await T.pool.submit({ type: 'sweepVerdict', sweep: { runs: sweep.runs, rows: sweep.rows } }, { priority: true })).result;
        state.sweep = sweep;
        card.dataset.state = 'done';
        progress.set(state.total, state.total, `${state.total} cells × ${formatEnUS(runs)} runs in ${elapsed(performance.now() - t0)} on ${T.pool.size} ${T.pool.size === 1 ? 'worker' : 'workers'}`);
      },
      stopped: () => progress.set(state.done, state.total, `Stopped after ${state.done} of ${state.total} cells: the finished cells are shown.`) });
    });
  }

  function render() {
    const rows = state.sweep ? state.sweep.rows : (state.partialRows || []);
    const have = rows.filter(Boolean);
    empty.hidden = have.length > 0;
    results.hidden = !have.length;
    for (const i of viewInputs) i.checked = i.value === state.view;
    [csvBtn, jsonBtn].forEach((b) => { b.disabled = !state.sweep; });
    [svgBtn, pngBtn].forEach((b) => { b.disabled = !have.length; });
    if (!have.length) return;
    truncationNote(sweepTruncated, have.reduce((n, r) => n + (r.truncated_runs || 0), 0),
      have.length * (state.sweep ? state.sweep.runs : Number(runsPerCell.value)));
    const view = SWEEP_VIEWS.find((v) => v.id === state.view);
    // Chart.
    clear(figure);
    if (view.id === 'groups') {
      figure.append(shareBarsChart({ title: 'Where recipients ended, by retry count and interval (100 % each)',
        bars: have.map((r) => ({ label: `${r.max_retries} × every ${r.wait_minutes} min`, summary: r })) }));
    } else {
    const series = state.waits.map((w, i) => ({
      label: `every ${w} min`,
      colour: SERIES_COLOURS[i % SERIES_COLOURS.length],
      points: have.filter((r) => r.wait_minutes === w).map((r) => {
        const m = r[view.key];
        const p = { x: r.max_retries, y: m[view.stat] };
        if (view.stat === 'mean') { p.low = m.ci95[0]; p.high = m.ci95[1]; }
        return p;
      }),
    }));
    figure.append(lineChart({ title: `${view.title || view.label} by retry count and interval`, yKey: view.key, yLabel: view.axis, series, xValues: state.retries, productMax: PRODUCT_MAX_RETRIES }));
    }
    // Table.
    outsideNote.hidden = !have.some((r) => r.outside_product_range);
    clear(tbody);
    const bestGain = Math.max(...have.map((r) => r.marginal_completed_share ?? -Infinity));
    let prevWait = null;
    for (const r of rows) {
      if (!r) continue;
      const first = r.wait_minutes !== prevWait;
      prevWait = r.wait_minutes;
      const cell = (key, stat, text, extra = {}) => h('td', { class: 'num', dataset: { metric: key, stat, value: String(r[key][stat]) }, ...extra }, text);
      const gain = r.marginal_completed_share;
      const gainBar = gain === null || !(bestGain > 0) ? null : h('span', { class: 'tn-gain-bar', 'aria-hidden': 'true' }, h('span', { class: `tn-gain-fill w${Math.max(0, Math.min(20, Math.round((gain / bestGain) * 20)))}` }));
      tbody.append(h('tr', { class: `${first ? 'group-start' : ''}${r.outside_product_range ? ' outside' : ''}`, dataset: { retries: String(r.max_retries), wait: String(r.wait_minutes) } },
        h('td', { class: 'tn-interval' }, first ? h('span', { class: 'tn-swatch-line', dataset: { series: String(state.waits.indexOf(r.wait_minutes) % SERIES_COLOURS.length) } }) : null, first ? `${r.wait_minutes} min` : ''),
        h('td', { class: 'num' }, String(r.max_retries), r.outside_product_range
          ? h('sup', { class: 'tn-outside-mark', title: "Outside DialNexa's range (0–4 retries)" }, '†', h('span', { class: 'visually-hidden' }, " outside DialNexa's range"))
          : null),
        h('td', { class: 'num tn-strong', dataset: { metric: 'completed_share', stat: 'mean', value: String(r.completed_share.mean) }, title: `95 % CI ${fmt('completed_share', r.completed_share.ci95[0], { precise: true })} – ${fmt('completed_share', r.completed_share.ci95[1], { precise: true })}` },
          fmt('completed_share', r.completed_share.mean), h('span', { class: 'tn-ci-inline' }, ` ±${fmtSpread('completed_share', (r.completed_share.ci95[1] - r.completed_share.ci95[0]) / 2)}`)),
        h('td', { class: 'num tn-gain', dataset: { metric: 'marginal_completed_share', value: gain === null ? '' : String(gain) } }, gain === null ? '—' : fmtSigned('completed_share', gain), gainBar),
        cell('failed_share', 'mean', fmt('failed_share', r.failed_share.mean)),
        cell('did_not_pick_share', 'mean', fmt('did_not_pick_share', r.did_not_pick_share.mean)),
        cell('cancelled_share', 'mean', fmt('cancelled_share', r.cancelled_share.mean)),
        cell('retry_expired_share', 'mean', fmt('retry_expired_share', r.retry_expired_share.mean)),
        sharesTotalCell(r),
        cell('attempts_per_recipient', 'mean', fmt('attempts_per_recipient', r.attempts_per_recipient.mean, { precise: true })),
        cell('cost', 'mean', fmt('cost', r.cost.mean, { compact: true })),
        cell('duration_minutes', 'median', fmt('duration_minutes', r.duration_minutes.median)),
        cell('duration_minutes', 'p90', fmt('duration_minutes', r.duration_minutes.p90))));
    }
    // One sentence of reading.
    clear(summaryLine);
    if (state.sweep) {
      // The engine's verdict (the same sentence `campaign-sim sweep` prints under "verdict").
      summaryLine.append(h('strong', { class: 'tn-verdict-text', dataset: { verdict: 'sweep' } }, state.sweep.verdict.verdict),
        ` ${formatEnUS(state.sweep.runs)} runs per cell, seed ${state.sweep.seed}; “the same reach” means within the 95 % interval of the difference. The five final groups of each row add up to 100 % of recipients; cancelled and expired recipients were not reached.`);
    } else {
      summaryLine.append(h('span', { class: 'tn-muted' }, state.stopped ? 'Stopped: the finished cells are shown.' : `${state.done} of ${state.total} cells done…`));
    }
  }

  T.listeners.add(() => { progress.sync(); staleCheck(T, stale, state.scenario); syncWaitListNote(); });
  progress.sync();
  syncWaitListNote();
  return { card };
}

// ---------------------------------------------------------------------------------------------
// A/B: two full configurations, same seeds, side by side with the differences.

// What the A/B table shows, in order; the engine's comparison (engine/compare.h) says for each
// whether B is better, worse or the same for the campaign's goal.
const AB_METRICS = [
  'completed_share', 'failed_share', 'did_not_pick_share', 'cancelled_share', 'retry_expired_share',
  'completed_leads', 'attempts_per_recipient', 'billed_minutes', 'cost', 'duration_minutes',
];
const JUDGEMENT_TEXT = { better: 'B better', worse: 'B worse', more: 'B more', fewer: 'B fewer', same: 'no clear difference' };

/** Until the user edits B, it proposes one more retry at twice the interval. */
function proposeB(A) {
  return { max_retries: Math.min(10, A.max_retries + 1), wait_minutes: Math.max(1, A.wait_minutes * 2), retry_on_no_answer: A.retry_on_no_answer, retry_on_busy: A.retry_on_busy, retry_on_voicemail: A.retry_on_voicemail };
}

function mountAbCard(T, store) {
  // B's retry settings are state.tuning.b in the store (null until the user edits B).
  const state = { a: null, b: null, cmp: null, runs: 0, B: null, stopped: false };
  const bRetries = h('input', { type: 'number', id: 'tn-b-retries', min: '0', max: '10', step: '1', inputmode: 'numeric' });
  const bWait = h('input', { type: 'number', id: 'tn-b-wait', min: '0', step: '1', inputmode: 'numeric' });
  const bFlags = ['no_answer', 'busy', 'voicemail'].map((f) => h('input', { type: 'checkbox', id: `tn-b-on-${f}` }));
  const bFlagLabels = { no_answer: 'B: redial after no answer', busy: 'B: redial after busy', voicemail: 'B: redial after voicemail' };
  const copyBtn = h('button', { type: 'button', class: 'btn btn-ghost btn-small' }, 'Copy A’s settings into B');
  const aView = h('dl', { class: 'tn-config-list' });
  const bFlag = h('p', { class: 'tn-flag', hidden: true }, 'Outside DialNexa’s range (0–4 retries).');
  const bWaitNote = h('p', { class: 'field-hint', hidden: true }, 'B waits its one interval before every retry: the form’s waits before each retry apply to A only, as in the sweep.');
  // B's fields, by the JSON path of the setting they hold: the engine's errors on B are placed here.
  const B_FIELDS = {
    '/retry/max_retries': { input: bRetries, label: 'B: number of retries' },
    '/retry/wait_minutes': { input: bWait, label: 'B: minutes between attempts' },
    '/retry/retry_on_no_answer': { input: bFlags[0], label: bFlagLabels.no_answer },
    '/retry/retry_on_busy': { input: bFlags[1], label: bFlagLabels.busy },
    '/retry/retry_on_voicemail': { input: bFlags[2], label: bFlagLabels.voicemail },
  };
  for (const [i, f] of Object.values(B_FIELDS).entries()) {
    f.error = h('p', { class: 'field-error', id: `tn-b-error-${i}`, hidden: true });
  }
  const B_LABELS = Object.fromEntries(Object.entries(B_FIELDS).map(([p, f]) => [p, f.label]));
  /** Marks B's fields with the engine's messages (none: clears them); returns the errors not on B. */
  const markB = (errors) => {
    const words = userErrors(errors, { labels: B_LABELS });
    for (const [path, f] of Object.entries(B_FIELDS)) {
      const text = words.filter((e) => e.path === path).map((e) => e.message).join(' ');
      setText(f.error, text);
      f.error.hidden = !text;
      f.input.closest('.tn-setting, .check').classList.toggle('invalid', Boolean(text));
      if (text) f.input.setAttribute('aria-invalid', 'true'); else f.input.removeAttribute('aria-invalid');
      toggleIdRef(f.input, 'aria-describedby', f.error.id, Boolean(text));
    }
    return (errors || []).filter((e) => !B_FIELDS[e.path]);
  };
  const readB = () => store.state.tuning.b || proposeB(store.state.scenario.retry);
  const numOrNull = (input) => (input.value.trim() === '' ? null : Number(input.value));
  const syncB = () => {
    const B = readB();
    bRetries.value = String(B.max_retries);
    bWait.value = String(B.wait_minutes);
    bFlags[0].checked = Boolean(B.retry_on_no_answer);
    bFlags[1].checked = Boolean(B.retry_on_busy);
    bFlags[2].checked = Boolean(B.retry_on_voicemail);
    bFlag.hidden = !(B.max_retries > PRODUCT_MAX_RETRIES);
  };
  const writeB = () => {
    const B = {
      ...readB(),
      max_retries: numOrNull(bRetries),
      wait_minutes: numOrNull(bWait),
      retry_on_no_answer: bFlags[0].checked,
      retry_on_busy: bFlags[1].checked,
      retry_on_voicemail: bFlags[2].checked,
    };
    store.update((s) => setIn(s, ['tuning', 'b'], B));
    bFlag.hidden = !(B.max_retries > PRODUCT_MAX_RETRIES);
    return B;
  };
  [bRetries, bWait, ...bFlags].forEach((i) => i.addEventListener('change', () => { writeB(); markB([]); }));
  copyBtn.addEventListener('click', () => {
    const r = store.state.scenario.retry;
    store.update((s) => setIn(s, ['tuning', 'b'], { max_retries: r.max_retries, wait_minutes: r.wait_minutes, retry_on_no_answer: r.retry_on_no_answer, retry_on_busy: r.retry_on_busy, retry_on_voicemail: r.retry_on_voicemail }));
    syncB();
  });

  const stale = staleNote();
  const progress = progressBlock(T, { runLabel: 'Compare A and B', stopLabel: 'Stop comparison', onRun: run });
  const tbody = h('tbody');
  const headA = h('th', { scope: 'col', class: 'num' }, 'A');
  const headB = h('th', { scope: 'col', class: 'num' }, 'B');
  const table = h('table', { class: 'tn-table tn-ab-table', id: 'tn-ab-table' },
    h('caption', { class: 'visually-hidden' }, 'A/B comparison: means with 95 % intervals and the difference B − A'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Metric'), headA, headB,
      h('th', { scope: 'col', class: 'num' }, 'B − A (95 % CI)'),
      h('th', { scope: 'col' }, 'Verdict'))),
    tbody);
  const empty = h('p', { class: 'tn-empty' }, '“2 retries at 30 minutes, or 3 at 60?” Set B, then compare: both run with the same seeds and number of runs.');
  const note = h('p', { class: 'field-hint' });
  const verdictLine = h('p', { class: 'tn-agree-line tn-ab-verdict', role: 'status' });
  const abFigure = h('figure', { class: 'tn-figure tn-ab-figure' });
  const results = h('div', { class: 'tn-results', hidden: true }, verdictLine, tableWrap(table, 'A/B comparison table'), abFigure, note);
  const errorOf = (input) => Object.values(B_FIELDS).find((f) => f.input === input).error;
  const field = (id, label, input, suffix) => h('div', { class: 'tn-setting' }, h('label', { for: id, class: 'tn-setting-label' }, label),
    suffix ? h('div', { class: 'input-suffix' }, input, h('span', { 'aria-hidden': 'true' }, suffix)) : input, errorOf(input));
  const card = h('section', { class: 'card tn-card', id: 'tn-ab', 'aria-labelledby': 'tn-ab-heading' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'tn-ab-heading' }, 'Compare two configurations'),
      h('p', { class: 'card-note' }, 'A is the campaign form; B is a copy with its own retry count, interval and flags.')),
    h('div', { class: 'tn-ab-configs' },
      h('div', { class: 'tn-config a' }, h('h3', null, h('span', { class: 'tn-ab-tag a' }, 'A'), 'Campaign form'), aView),
      h('div', { class: 'tn-config b' }, h('h3', null, h('span', { class: 'tn-ab-tag b' }, 'B'), 'Alternative', copyBtn),
        h('div', { class: 'tn-b-inputs' },
          field('tn-b-retries', 'B: number of retries', bRetries),
          field('tn-b-wait', 'B: minutes between attempts', bWait, 'min')),
        h('div', { class: 'tn-b-flags' }, ['no_answer', 'busy', 'voicemail'].map((f, i) => h('div', { class: 'check' }, bFlags[i], h('label', { for: bFlags[i].id }, bFlagLabels[f]), errorOf(bFlags[i])))),
        bFlag, bWaitNote)),
    progress.el, progress.error, stale, empty, results);

  /** B: the form's scenario (behaviour and per-outcome rules included) with B's retry settings. */
  function configScenario(retry) {
    const sc = T.scenario();
    sc.retry = { ...sc.retry, max_retries: retry.max_retries, wait_minutes: retry.wait_minutes, retry_on_no_answer: retry.retry_on_no_answer, retry_on_busy: retry.retry_on_busy, retry_on_voicemail: retry.retry_on_voicemail };
    delete sc.retry.wait_minutes_list; // B's interval replaces the list of waits, as a sweep cell's does
    return sc;
  }

  async function run() {
    const B = { ...writeB() };
    const runs = T.runs();
    const seed = T.seed();
    const A = { ...store.state.scenario.retry };
    const scA = T.scenario();
    const scB = configScenario(B);
    // B is checked by the engine before anything runs; its fields show what is wrong.
    if (T.job) return;
    const { result: check } = await T.pool.submit({ type: 'validate', scenario: scB }, { priority: true });
    const others = markB(check.errors);
    if (!check.valid) {
      if (others.length) throw Object.assign(new Error('The campaign form has problems to fix first.'), { errors: others });
      const first = Object.values(B_FIELDS).find((f) => f.input.getAttribute('aria-invalid') === 'true');
      throw Object.assign(new Error(`B cannot run: ${first ? first.error.textContent : 'see its fields'}`), { errors: null, focus: first && first.input });
    }
    // Both runs are estimated before they start; a long pair asks first, as Monte Carlo does.
    let allowLarge;
    try {
      allowLarge = await T.confirmWork(progress, [{ scenario: scA, command: 'montecarlo', runs }, { scenario: scB, command: 'montecarlo', runs }]);
    } catch (err) {
      if (err instanceof CancelledError) return;
      throw err;
    }
    await T.runJob('ab', async () => {
      Object.assign(state, { a: null, b: null, cmp: null, runs, A, B, stopped: false, scenario: scA });
      const done = { a: 0, b: 0 };
      const t0 = performance.now();
      const tick = () => progress.set(done.a + done.b, 2 * runs, `A ${formatEnUS(done.a)} · B ${formatEnUS(done.b)} of ${formatEnUS(runs)} runs · ${elapsed(performance.now() - t0)}`);
      render();
      await T.runCard({ card, state, render, work: async () => {
        const [ra, rb] = await Promise.all([
          runMonteCarlo(T.pool, { scenario: scA, runs, seed, allowLarge, onProgress: (d) => { done.a = d; tick(); } }),
          runMonteCarlo(T.pool, { scenario: scB, runs, seed, allowLarge, onProgress: (d) => { done.b = d; tick(); } }),
        ]);
        // The comparison and its verdict come from the engine, as `campaign-sim compare` prints them.
        state.cmp = (await T.pool.submit({ type: 'compare', a: scA, b: scB, summaryA: ra.summary, summaryB: rb.summary }, { priority: true })).result;
        state.a = campaignSummary(ra.summary);
        state.b = campaignSummary(rb.summary);
        card.dataset.state = 'done';
        progress.set(2 * runs, 2 * runs, `2 × ${formatEnUS(runs)} runs in ${elapsed(performance.now() - t0)}`);
      },
      stopped: () => progress.set(done.a + done.b, 2 * runs, 'Stopped: nothing to compare yet.') });
    });
  }

  const waitsText = (r) => (hasWaitList(r) ? `${r.wait_minutes_list.join(', ')} min` : `${r.wait_minutes} min`);
  const describe = (r) => `${r.max_retries} ${r.max_retries === 1 ? 'retry' : 'retries'} ${hasWaitList(r) ? 'after' : 'every'} ${waitsText(r)}, on ${[r.retry_on_no_answer && 'no answer', r.retry_on_busy && 'busy', r.retry_on_voicemail && 'voicemail'].filter(Boolean).join(', ') || 'nothing'}`;

  function render() {
    const A = store.state.scenario.retry;
    clear(aView);
    const item = (k, v) => [h('dt', null, k), h('dd', null, v)];
    const rules = describeAdvanced({ retry: A }).find((x) => x.key === 'rules');
    aView.append(
      ...item('Retries', `${A.max_retries}${A.max_retries > PRODUCT_MAX_RETRIES ? ' (outside DialNexa’s range)' : ''}`),
      ...(hasWaitList(A) ? item('Waits', [`${waitsText(A)} `, beyondBadge()]) : item('Interval', `${A.wait_minutes} min`)),
      ...item('Retry on', [A.retry_on_no_answer && 'no answer', A.retry_on_busy && 'busy', A.retry_on_voicemail && 'voicemail'].filter(Boolean).join(', ') || 'nothing'),
      ...(rules ? item('Rules', [`${rules.text.replace(/^per-outcome rules: /, '')} `, beyondBadge()]) : []));
    bWaitNote.hidden = !hasWaitList(A);
    if (activeElementOf(bRetries) !== bRetries && activeElementOf(bRetries) !== bWait) syncB();
    const have = state.a && state.b && state.cmp;
    empty.hidden = Boolean(have);
    results.hidden = !have;
    if (!have) return;
    setText(headA, `A: ${state.A.max_retries} × ${waitsText(state.A)}`);
    setText(headB, `B: ${state.B.max_retries} × ${state.B.wait_minutes} min`);
    clear(verdictLine);
    verdictLine.append(h('strong', { class: 'tn-verdict-text', dataset: { verdict: 'ab' } }, state.cmp.verdict));
    clear(tbody);
    const ci = (key, m) => h('span', { class: 'tn-ci-inline' }, ` ±${fmtSpread(key, (m.ci95[1] - m.ci95[0]) / 2)}`);
    for (const key of AB_METRICS) {
      const a = state.a[key];
      const b = state.b[key];
      const d = state.cmp.metrics[key];
      const judgement = d.judgement;
      const verdict = h('span', { class: `tn-verdict ${judgement}` }, JUDGEMENT_TEXT[judgement]);
      tbody.append(h('tr', { dataset: { metric: key, judgement } },
        h('th', { scope: 'row' }, METRICS[key].label),
        h('td', { class: 'num', dataset: { value: String(a.mean) } }, fmt(key, a.mean, { precise: true }), ci(key, a)),
        h('td', { class: 'num', dataset: { value: String(b.mean) } }, fmt(key, b.mean, { precise: true }), ci(key, b)),
        h('td', { class: 'num tn-diff', dataset: { value: String(d.difference), low: String(d.ci95[0]), high: String(d.ci95[1]) } },
          h('strong', null, fmtSigned(key, d.difference)), h('span', { class: 'tn-ci-inline' }, ` (${fmtSigned(key, d.ci95[0])} to ${fmtSigned(key, d.ci95[1])})`)),
        h('td', null, verdict)));
      if (key === 'retry_expired_share') {
        tbody.append(h('tr', { class: 'tn-total-row', dataset: { metric: 'shares_total' } },
          h('th', { scope: 'row' }, 'All five groups'),
          sharesTotalCell(state.a), sharesTotalCell(state.b),
          h('td', { class: 'num tn-muted' }, '—'),
          h('td', { class: 'tn-muted' }, 'every recipient ends in one group')));
      }
    }
    clear(abFigure);
    abFigure.append(shareBarsChart({ title: 'Where recipients ended (100 % each)', bars: [{ label: 'A', summary: state.a }, { label: 'B', summary: state.b }] }));
    setText(note, `A: ${describe(state.A)}. B: ${describe(state.B)}. Everything else, recipient behaviour and per-outcome rules included, is the campaign form’s in both. ${formatEnUS(state.runs)} runs each, the same seeds for both. The interval of B − A is the difference of the means ± 1.96 × √(SE_A² + SE_B²); because both share their random numbers it is on the safe side: when it excludes 0, the difference is real.`);
  }

  T.listeners.add(() => { progress.sync(); render(); staleCheck(T, stale, state.scenario); });
  progress.sync();
  return { card };
}

// ---------------------------------------------------------------------------------------------

function explainCard() {
  const p = (...c) => h('p', null, ...c);
  return h('section', { class: 'card tn-card tn-explain', id: 'tn-reading', 'aria-labelledby': 'tn-reading-heading' },
    h('div', { class: 'card-head' }, h('h2', { id: 'tn-reading-heading' }, 'Reading the results')),
    h('div', { class: 'tn-explain-grid' },
      h('div', null, h('h3', null, 'Runs and seeds'),
        p('Each run is one possible future of the campaign. Run i always uses the random numbers derived from (seed, i), so the same seed gives the same results whatever the number of worker threads, and every sweep cell and both A/B configurations see the same callers on the same luck.')),
      h('div', null, h('h3', null, 'The 95 % confidence interval'),
        p('It says where the true average lies, given the runs: mean ± 1.96 × SD / √runs. It narrows as you add runs. It is not the range of a single campaign: for that, read the histogram, the min–max range and the 90th percentile.')),
      h('div', null, h('h3', null, 'Agreement with the formula'),
        p(`With independent attempts the expected result has an exact formula (shares and attempts per recipient). ✓ means the formula lies inside the mean ± ${AGREEMENT_Z} standard errors (a 99.9 % interval): the simulation and the formula agree. ⚠ means it does not; expect it when the formula ignores something the scenario has (calling hours, an end time, persistence…), listed under the table.`)),
      h('div', null, h('h3', null, 'Marginal gain of a retry'),
        p('In the sweep, “gain of this retry” is the completed-leads share with this many retries minus that with one fewer, at the same interval. Retries have diminishing returns: when the gain falls below what an extra attempt per recipient costs you, stop adding retries. The interval changes how long the campaign takes and, with persistence on (the campaign form’s Advanced section), how many people you reach.')),
      h('div', null, h('h3', null, 'A/B differences'),
        p('B − A is the difference of the two means with a 95 % interval from both standard errors. If the interval excludes zero the verdict names the direction; otherwise the difference is within the noise of this many runs: add runs or accept that the two are equivalent.'))));
}
