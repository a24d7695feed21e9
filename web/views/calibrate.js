// "Calibrate from call history" (issue 12): pick or drop last campaign's call-history CSV; the
// engine fits the recipient behaviour in a worker of its own (an mcWorker from ctx.assets, request
// `fit`) with a progress bar and a Stop button (which ends the worker: a stopped fit shows no
// result); a fit estimated to take long on this device (request `fitEstimate`: the engine's work
// estimate over the worker's measured speed) asks "Fit anyway" or "Cancel" first; the
// parameters table with 95 % intervals; the backtest chart (predicted range against actual); and
// "Use this behaviour", which puts the fitted outcomes, behaviour and timing into the campaign
// form, so the tuning views answer the next campaign's question on the fitted model.
// Every number shown is the engine's (`campaign-sim fit` prints the same bytes).
// mount(root, ctx) -> {render(), destroy()}; ctx.useBehaviour(scenario) applies a fit to the form
// (absent when the app has no form: the button is then not shown).
import { h, clear, setText, activeElementOf } from '../dom.js';
import { LONG_JOB_SECONDS, aboutDuration } from '../tuning/metrics.js';
import { formatEnUS } from '../number-format.js';

const FIGURE_LABELS = {
  completed_share: 'Completed', failed_share: 'Failed', did_not_pick_share: 'Did not pick',
  attempts_per_recipient: 'Attempts per recipient', duration_minutes: 'Duration (min)',
};

// Calls in a history file: its lines but the header (a quoted cell with a line break in it counts
// twice; the estimate is an estimate).
function countCalls(bytes) {
  let lines = 0;
  for (let i = 0; i < bytes.length; ++i) if (bytes[i] === 10) ++lines;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) ++lines;
  return Math.max(0, lines - 1);
}

// A fit the user stopped (or cancelled before it started).
class Stopped extends Error {}

function fmt(name, v) {
  if (typeof v !== 'number') return '—';
  if (/share$/.test(name)) return `${(v * 100).toFixed(1)} %`;
  return String(v);
}

export function mountCalibrate(root, ctx) {
  let job = null; // {worker, reject, t0, fraction}: the fit in progress
  let file = null;
  let result = null;

  const fileInput = h('input', { type: 'file', id: 'cal-file', accept: '.csv,text/csv', class: 'visually-hidden' });
  const pick = h('label', { for: 'cal-file', class: 'btn' }, 'Choose call-history CSV');
  const fileName = h('span', { class: 'cal-file-name', role: 'status' });
  const drop = h('div', { class: 'cal-drop', id: 'cal-drop', tabindex: '-1' },
    pick, fileInput, h('span', { class: 'field-hint' }, ' or drop it here. The simulator’s call export or DialNexa’s Call History export.'), fileName);
  const columns = h('input', { type: 'text', id: 'cal-columns', placeholder: 'status=Call Outcome,ended_at=Finished', 'aria-describedby': 'cal-columns-hint' });
  const bootstrap = h('input', { type: 'number', id: 'cal-bootstrap', min: '0', max: '1000', step: '1', value: '100' });
  const runs = h('input', { type: 'number', id: 'cal-runs', min: '1', max: '10000', step: '1', value: '100' });
  const fitBtn = h('button', { type: 'button', class: 'btn btn-primary', disabled: true }, 'Fit behaviour');
  const stopBtn = h('button', { type: 'button', class: 'btn btn-danger', disabled: true, 'aria-label': 'Stop fit' }, 'Stop');
  // The estimate of a long fit, with its two answers.
  const confirmText = h('span', { class: 'tn-confirm-text' });
  const goOn = h('button', { type: 'button', class: 'btn btn-primary btn-small' }, 'Fit anyway');
  const cancel = h('button', { type: 'button', class: 'btn btn-small' }, 'Cancel');
  const confirmBox = h('div', { class: 'tn-confirm', role: 'alertdialog', 'aria-label': 'A long fit', hidden: true }, confirmText, goOn, cancel);
  const bar = h('progress', { class: 'tn-progress', max: '1', value: '0', 'aria-label': 'Calibration progress' });
  const status = h('span', { class: 'tn-progress-text', role: 'status', id: 'cal-status' });
  const error = h('div', { class: 'cal-error', role: 'alert', hidden: true });
  const results = h('div', { class: 'cal-results', hidden: true });
  const useBtn = h('button', { type: 'button', class: 'btn btn-primary' }, 'Use this behaviour');
  const used = h('span', { class: 'field-hint', role: 'status', id: 'cal-used' });

  const field = (id, label, input, hint) => h('div', { class: 'field' },
    h('label', { for: id }, label), input, hint ? h('p', { class: 'field-hint', id: `${id}-hint` }, hint) : null);
  root.append(
    drop,
    h('div', { class: 'cal-options' },
      field('cal-columns', 'Column map (optional)', columns, 'FIELD=COLUMN pairs for headers the reader does not recognise, as campaign-sim fit --columns.'),
      field('cal-bootstrap', 'Bootstrap replicates', bootstrap),
      field('cal-runs', 'Backtest runs', runs)),
    h('div', { class: 'tn-run' }, h('div', { class: 'tn-run-buttons' }, fitBtn, stopBtn), h('div', { class: 'tn-progress-wrap' }, bar, status), confirmBox),
    error, results);

  function choose(f) {
    if (!f) return;
    file = f;
    setText(fileName, `Loaded: ${f.name} (${(f.size / 1e6).toFixed(1)} MB)`);
    fitBtn.disabled = Boolean(job);
  }
  fileInput.addEventListener('change', () => choose(fileInput.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('dragging'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    choose(e.dataTransfer.files[0]);
  });

  const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(1);

  // One request to the job's worker; progress messages move the bar. Stop rejects it.
  function request(j, msg, transfer = []) {
    return new Promise((resolve, reject) => {
      j.reject = reject;
      j.worker.onmessage = (event) => {
        const m = event.data;
        if (j !== job) return;
        if (m.type === 'fatal') reject(new Error(m.message));
        else if (m.type === 'progress' && m.id === msg.id) {
          j.fraction = m.fraction;
          bar.value = m.fraction;
          setText(status, `${Math.round(m.fraction * 100)} % · ${seconds(j.t0)} s`);
        } else if (m.type === 'reply' && m.id === msg.id) resolve(m);
      };
      j.worker.postMessage(msg, transfer);
    });
  }

  // "This fit needs about N on this device (...)": Fit anyway (true) or Cancel (false).
  function confirm(j, text) {
    setText(confirmText, text);
    confirmBox.hidden = false;
    goOn.focus();
    return new Promise((resolve) => {
      j.answer = resolve;
      const answer = (yes) => () => {
        const hadFocus = confirmBox.contains(activeElementOf(root));
        confirmBox.hidden = true;
        goOn.onclick = cancel.onclick = null;
        if (hadFocus) (yes ? stopBtn : fitBtn).focus();
        resolve(yes);
      };
      goOn.onclick = answer(true);
      cancel.onclick = answer(false);
    });
  }

  function setRunning(running) {
    const focused = activeElementOf(root);
    fitBtn.disabled = running || !file;
    stopBtn.disabled = !running;
    if (running && focused === fitBtn) stopBtn.focus();
    if (!running && focused === stopBtn) fitBtn.focus();
  }

  function endJob() {
    if (job) job.worker.terminate();
    job = null;
    confirmBox.hidden = true;
    goOn.onclick = cancel.onclick = null;
    setRunning(false);
  }

  async function run() {
    if (!file || job) return;
    const j = { worker: ctx.assets.worker('mcWorker', { name: 'campaign-sim-calibrate' }), reject: null, answer: null, t0: performance.now(), fraction: 0 };
    job = j;
    // A new fit replaces what was shown: nothing of the previous one stays on screen as if current.
    result = null;
    results.hidden = true;
    clear(results);
    delete root.dataset.fitText;
    setText(used, '');
    root.dataset.state = 'running';
    error.hidden = true;
    bar.value = 0;
    setRunning(true);
    setText(status, 'Reading the file…');
    const num = (input, d) => (Number.isFinite(Number(input.value)) && input.value !== '' ? Number(input.value) : d);
    const options = { columns: columns.value.trim(), runs: num(runs, 100), bootstrap: num(bootstrap, 100), seed: 1 };
    try {
      const history = await file.arrayBuffer();
      if (j !== job) return; // stopped meanwhile: stop() said so
      const calls = countCalls(new Uint8Array(history));
      setText(status, 'Estimating…');
      const est = await request(j, { type: 'fitEstimate', id: 1, calls, runs: options.runs, bootstrap: options.bootstrap });
      let allowLarge = false;
      if (est.ok) {
        const e = est.result;
        const secs = e.call_logs / e.callsPerSecond;
        root.dataset.estimateSeconds = String(secs);
        if (secs >= LONG_JOB_SECONDS || e.over_budget) {
          setText(status, '');
          const text = `This fit needs about ${aboutDuration(secs)} on this device (${formatEnUS(calls)} calls, ${options.bootstrap} bootstrap replicates, ${options.runs} backtest runs${e.over_budget ? '; above the engine’s budget for unattended work' : ''}).`;
          root.dataset.state = 'confirming';
          if (!(await confirm(j, text))) throw new Stopped('cancelled');
          if (j !== job) return;
          root.dataset.state = 'running';
          allowLarge = e.over_budget;
        }
      } // an option out of range: the fit itself says so below
      j.t0 = performance.now();
      setText(status, 'Reading and fitting…');
      const msg = await request(j, { type: 'fit', id: 2, history, ...options, allowLarge }, [history]);
      if (j !== job) return;
      endJob();
      if (!msg.ok) {
        root.dataset.state = 'error';
        bar.value = 0;
        setText(status, '');
        clear(error).append(h('p', null, 'The call history could not be used:'),
          h('ul', null, (msg.errors || [{ message: msg.error }]).map((e) => h('li', null, e.path ? `${e.path}: ${e.message}` : e.message))));
        error.hidden = false;
        return;
      }
      bar.value = 1;
      setText(status, `Fitted in ${(msg.ms / 1000).toFixed(1)} s`);
      result = JSON.parse(msg.result);
      root.dataset.fitText = msg.result;
      show(result);
      root.dataset.state = 'done';
    } catch (err) {
      if (j !== job) return; // stopped (stop() said so) or replaced
      endJob();
      if (err instanceof Stopped) { // Cancel on the estimate
        root.dataset.state = 'cancelled';
        setText(status, 'Not started: no result.');
        return;
      }
      root.dataset.state = 'error';
      setText(status, '');
      clear(error).append(h('p', null, err.message));
      error.hidden = false;
    }
  }

  // Stop: the worker ends at once (the engine is in the middle of a computation it cannot be asked
  // to leave); what it had done is discarded.
  function stop() {
    const j = job;
    if (!j) return;
    endJob();
    bar.value = 0;
    root.dataset.state = 'stopped';
    setText(status, `Stopped after ${seconds(j.t0)} s at ${Math.round(j.fraction * 100)} %: no result (a stopped fit has none; fit again to get one).`);
    if (j.reject) j.reject(new Stopped());
    if (j.answer) j.answer(false);
  }
  stopBtn.addEventListener('click', stop);
  fitBtn.addEventListener('click', run);
  useBtn.addEventListener('click', () => {
    if (!result) return;
    ctx.useBehaviour(result.scenario);
    setText(used, 'The campaign form now has the fitted outcomes and behaviour: the tuning views below use them.');
  });

  function show(r) {
    clear(results);
    const rows = r.parameters.map((p) => h('tr', { dataset: { name: p.name, identified: String(p.identified) } },
      h('th', { scope: 'row' }, h('code', null, p.name)),
      h('td', { class: 'num', dataset: { value: String(p.value) } }, String(p.value)),
      h('td', { class: 'num', dataset: { lo: String(p.ci95[0]), hi: String(p.ci95[1]) } }, p.identified ? `${p.ci95[0]} – ${p.ci95[1]}` : '—'),
      h('td', null, p.identified ? 'yes' : 'no', p.note ? h('span', { class: 'field-hint' }, ` ${p.note}`) : null)));
    const table = h('table', { class: 'cal-params', id: 'cal-params' },
      h('caption', null, 'Fitted parameters with 95 % bootstrap intervals'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Parameter'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, '95 % interval'), h('th', { scope: 'col' }, 'Identified'))),
      h('tbody', null, rows));
    const warn = r.warnings.length
      ? h('ul', { class: 'cal-warnings' }, r.warnings.map((w) => h('li', null, w)))
      : null;
    results.append(...[
      h('p', { class: 'card-note' }, `${r.excluded_in_progress} calls still in progress left out. ${r.backtest.verdict}.`),
      warn, backtestChart(r.backtest), ctx.useBehaviour ? h('div', { class: 'cal-use' }, useBtn, used) : null,
      h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Fitted parameters' }, table)].filter(Boolean));
    results.hidden = false;
  }

  // One row per figure: the range where 95 % of simulated campaigns fall, the predicted mean
  // and the actual figure, each on its own scale.
  function backtestChart(bt) {
    const W = 640, rowH = 34, left = 170, right = 20;
    const svg = h('svg', { viewBox: `0 0 ${W} ${bt.figures.length * rowH + 10}`, class: 'cal-chart', role: 'img', 'aria-label': 'Backtest: predicted range against actual' },
      h('title', null, 'Backtest: predicted range against actual'));
    bt.figures.forEach((f, i) => {
      const lo = Math.min(f.range95[0], f.actual), hi = Math.max(f.range95[1], f.actual);
      const pad = (hi - lo) * 0.25 || Math.abs(hi) * 0.05 || 1;
      const x = (v) => left + ((v - (lo - pad)) / ((hi + pad) - (lo - pad))) * (W - left - right);
      const y = 8 + i * rowH;
      svg.append(
        h('text', { x: '0', y: String(y + 16), class: 'cal-label' }, FIGURE_LABELS[f.name] || f.name),
        h('rect', { x: String(x(f.range95[0])), y: String(y + 6), width: String(Math.max(2, x(f.range95[1]) - x(f.range95[0]))), height: '12', class: 'cal-range' },
          h('title', null, `predicted 95 % range ${fmt(f.name, f.range95[0])} – ${fmt(f.name, f.range95[1])}, mean ${fmt(f.name, f.predicted)}`)),
        h('line', { x1: String(x(f.predicted)), x2: String(x(f.predicted)), y1: String(y + 4), y2: String(y + 20), class: 'cal-mean' }),
        h('circle', { cx: String(x(f.actual)), cy: String(y + 12), r: '5', class: f.verdict === 'reproduced' ? 'cal-actual good' : 'cal-actual bad' },
          h('title', null, `actual ${fmt(f.name, f.actual)}: ${f.verdict}`)));
    });
    const legend = h('table', { class: 'cal-backtest', id: 'cal-backtest' },
      h('thead', null, h('tr', null, ['Figure', 'Actual', 'Predicted', '95 % range', 'Verdict'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, bt.figures.map((f) => h('tr', { dataset: { name: f.name, verdict: f.verdict } },
        h('th', { scope: 'row' }, FIGURE_LABELS[f.name] || f.name), h('td', { class: 'num' }, fmt(f.name, f.actual)),
        h('td', { class: 'num' }, fmt(f.name, f.predicted)), h('td', { class: 'num' }, `${fmt(f.name, f.range95[0])} – ${fmt(f.name, f.range95[1])}`),
        h('td', null, f.verdict)))));
    return h('figure', { class: 'cal-figure' }, svg, h('figcaption', { class: 'card-note' }, 'Bars: where 95 % of simulated campaigns fall with the fitted behaviour and the source campaign’s own settings; tick: their mean; dot: what actually happened.'), h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Backtest figures' }, legend));
  }

  return {
    render() {},
    destroy() {
      stop();
    },
  };
}
