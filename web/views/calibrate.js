// "Calibrate from call history" (issue 12): pick or drop last campaign's call-history CSV; the
// engine fits the recipient behaviour in a worker of its own (an mcWorker from ctx.assets, request
// `fit`) with a progress bar; the
// parameters table with 95 % intervals; the backtest chart (predicted range against actual); and
// "Use this behaviour", which puts the fitted outcomes, behaviour and timing into the campaign
// form, so the tuning views answer the next campaign's question on the fitted model.
// Every number shown is the engine's (`campaign-sim fit` prints the same bytes).
// mount(root, ctx) -> {render(), destroy()}; ctx.useBehaviour(scenario) applies a fit to the form
// (absent when the app has no form: the button is then not shown).
import { h, clear, setText } from '../dom.js';

const FIGURE_LABELS = {
  completed_share: 'Completed', failed_share: 'Failed', did_not_pick_share: 'Did not pick',
  attempts_per_recipient: 'Attempts per recipient', duration_minutes: 'Duration (min)',
};

function fmt(name, v) {
  if (typeof v !== 'number') return '—';
  if (/share$/.test(name)) return `${(v * 100).toFixed(1)} %`;
  return String(v);
}

export function mountCalibrate(root, ctx) {
  let worker = null;
  let seq = 0;
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
    h('div', { class: 'tn-run' }, h('div', { class: 'tn-run-buttons' }, fitBtn), h('div', { class: 'tn-progress-wrap' }, bar, status)),
    error, results);

  function choose(f) {
    if (!f) return;
    file = f;
    setText(fileName, `Loaded: ${f.name} (${(f.size / 1e6).toFixed(1)} MB)`);
    fitBtn.disabled = false;
  }
  fileInput.addEventListener('change', () => choose(fileInput.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('dragging'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    choose(e.dataTransfer.files[0]);
  });

  async function run() {
    if (!file) return;
    if (worker) worker.terminate();
    worker = ctx.assets.worker('mcWorker', { name: 'campaign-sim-calibrate' });
    const id = ++seq;
    const t0 = performance.now();
    root.dataset.state = 'running';
    error.hidden = true;
    fitBtn.disabled = true;
    bar.value = 0;
    setText(status, 'Reading and fitting…');
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === 'fatal') {
        fitBtn.disabled = false;
        root.dataset.state = 'error';
        clear(error).append(h('p', null, msg.message));
        error.hidden = false;
        return;
      }
      if (msg.id !== id) return;
      if (msg.type === 'progress') {
        bar.value = msg.fraction;
        setText(status, `${Math.round(msg.fraction * 100)} % · ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        return;
      }
      fitBtn.disabled = false;
      worker.terminate();
      worker = null;
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
    };
    const num = (input, d) => (Number.isFinite(Number(input.value)) && input.value !== '' ? Number(input.value) : d);
    const history = await file.arrayBuffer();
    worker.postMessage({ type: 'fit', id, history, columns: columns.value.trim(), runs: num(runs, 100), bootstrap: num(bootstrap, 100), seed: 1 }, [history]);
  }
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
      if (worker) worker.terminate();
      worker = null;
    },
  };
}
