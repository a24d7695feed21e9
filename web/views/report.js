// The decision report (issue 10): what "Print report" prints (a print stylesheet over the page:
// this head, the Monte Carlo summary, the sweep chart and table, the A/B verdict and the model
// assumptions) and what "Download report" writes as one self-contained HTML file with the page
// state embedded, so Open scenario (or the link in it) reopens it into the numbers it shows.
import { h, clear } from '../dom.js';
import { OUTCOME_KEYS, STATUS_LABELS } from '../state.js';
import { describeAdvanced } from './advanced.js';
import { scriptJson } from './share.js';
import { formatEnUS } from '../number-format.js';

const OUTCOME_NAMES = { ...STATUS_LABELS, voicemail: 'Voicemail' };
const pct = (p) => `${Math.round(p * 10000) / 100} %`;

/** The scenario in words: [label, text] pairs. */
export function scenarioInWords(state) {
  const sc = state.scenario;
  const r = sc.retry || {};
  const rec = sc.recipients || {};
  const s = sc.schedule || {};
  const flags = [r.retry_on_no_answer && 'no answer / did not pick', r.retry_on_busy && 'busy', r.retry_on_voicemail && 'voicemail'].filter(Boolean);
  const waits = Array.isArray(r.wait_minutes_list) && r.wait_minutes_list.length ? `after ${r.wait_minutes_list.join(', ')} min` : `${r.wait_minutes} min apart`;
  const rows = [
    ['Campaign', sc.name || 'Campaign'],
    ['Recipients', typeof rec.count === 'number' ? `${formatEnUS(rec.count)} (synthetic)` : `from a CSV file (${formatEnUS(Math.max(0, String(rec.csv || '').split(/\r\n|\n|\r/).filter((l) => l.trim()).length - 1))} rows)`],
    ['Outcomes per attempt', OUTCOME_KEYS.map((k) => `${OUTCOME_NAMES[k]} ${pct((sc.outcomes || {})[k] || 0)}`).join(', ')],
    ['Retries', `max_retries ${r.max_retries}, wait_minutes ${r.wait_minutes}: up to ${r.max_retries} ${r.max_retries === 1 ? 'retry' : 'retries'} ${waits}, on ${flags.join(', ') || 'nothing'}`],
    ['Concurrency', `${sc.concurrency} calls at once`],
    ['Calling hours', s.calling_hours_start && s.calling_hours_end ? `${s.calling_hours_start}–${s.calling_hours_end} local time` : 'any time'],
    ['Schedule', `starts at minute ${s.starts_at_minute ?? 0}${s.ends_at_minute === null || s.ends_at_minute === undefined ? ', no end' : `, ends at minute ${s.ends_at_minute}`}; simulation starts ${sc.simulation_start}`],
    ['Wallet', `${sc.wallet && sc.wallet.balance !== null && sc.wallet.balance !== undefined ? `balance ${sc.wallet.balance}` : 'unlimited balance'}, ${sc.wallet ? sc.wallet.cost_per_minute : 1} per billed minute`],
  ];
  const adv = describeAdvanced(sc);
  if (adv.length) rows.push(['Recipient behaviour', adv.map((a) => a.text).join('; ')]);
  rows.push(['Seed', String(state.seed)]);
  return rows;
}

/** Fills the report head printed above the analyses. */
export function fillReportHead(el, { state, engineVersion, link }) {
  clear(el);
  el.append(
    h('h1', { class: 'report-title' }, `Decision report: ${state.scenario.name || 'Campaign'}`),
    h('p', { class: 'report-meta' }, `Seed ${state.seed} · engine ${engineVersion || 'unknown'} · made ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`),
    h('dl', { class: 'report-scenario' }, scenarioInWords(state).map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
    h('p', { class: 'report-link' }, h('strong', null, 'Reopen: '), 'open this link in the simulator: ', h('a', { href: link }, link)));
}

/**
 * The report as one self-contained HTML file: the styles, the report head, the analyses' cards
 * (without their buttons and inputs), the assumptions, and {state, results} embedded.
 */
export function reportHtml({ state, engineVersion, link, payload, parts }) {
  const css = [];
  for (const sheet of document.styleSheets) {
    try {
      for (const rule of sheet.cssRules) css.push(rule.cssText);
    } catch { /* a sheet that cannot be read is skipped */ }
  }
  const head = h('header', { class: 'report-head report-file' });
  fillReportHead(head, { state, engineVersion, link });
  const body = h('main', { class: 'report-body' }, head);
  for (const part of parts) {
    if (!part) continue;
    const clone = part.cloneNode(true);
    clone.querySelectorAll('button, input, select, progress, .tn-run, .tn-settings, .tn-exports, .tn-ab-configs, .tn-chart-head, .tn-stale, [hidden]').forEach((e) => e.remove());
    body.append(clone);
  }
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(`Decision report: ${state.scenario.name || 'Campaign'}`)}</title>
<style>${css.join('\n').replace(/<\/style/gi, '<\\/style')}</style>
</head>
<body class="report-document">
${body.outerHTML}
<script type="application/json" id="campaign-sim-embedded">${scriptJson(payload)}</script>
</body>
</html>
`;
}
