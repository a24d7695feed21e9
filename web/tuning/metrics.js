// What the tuning views show about each Monte Carlo metric: labels, units, formatting, the exact
// expectation the engine gives for it (model.md §11), the agreement check, and the CSV/JSON
// exports. Every statistic comes from the engine (summariseSamples / sweep); this module only
// compares and formats them.

import { COUNTERS } from '../views/counters.js';
import { formatEnUS } from '../number-format.js';

/**
 * The five final groups as shares of recipients (model.md §8): they add up to 100 % of a finished
 * campaign, so every table or chart of shares shows all five. Expired and cancelled recipients
 * were not reached.
 */
export const SHARE_METRICS = ['completed_share', 'failed_share', 'did_not_pick_share', 'cancelled_share', 'retry_expired_share'];

/** The one campaign of a (single-campaign) summary: its metrics. */
export function campaignSummary(summary) {
  return summary && Array.isArray(summary.campaigns) ? summary.campaigns[0] : summary;
}

export const SUMMARY_STATS = ['mean', 'sd', 'min', 'max', 'ci95_low', 'ci95_high', 'median', 'p90'];

// The live counters' labels and status colours are the counters view's: one table for both.
const counterMetric = (key, extra = {}) => {
  const c = COUNTERS.find((x) => x.key === key);
  return { label: c.label, kind: 'count', group: 'Counters', ...(c.cls.startsWith('neutral') ? {} : { cls: c.cls }), ...extra };
};

// kind: count (recipients or calls), ratio, money, minutes, share (0..1)
export const METRICS = {
  recipients: counterMetric('recipients'),
  sent: counterMetric('sent'),
  picked_up: counterMetric('picked_up', { note: 'calls' }),
  completed_leads: counterMetric('completed_leads'),
  failed_leads: counterMetric('failed_leads'),
  did_not_pick: counterMetric('did_not_pick'),
  cancelled: counterMetric('cancelled'),
  retry_expired: counterMetric('retry_expired'),
  in_progress: counterMetric('in_progress'),
  attempts: counterMetric('attempts', { note: 'calls' }),
  attempts_per_recipient: { label: 'Attempts per recipient', kind: 'ratio', group: 'Effort, cost and time' },
  billed_minutes: { label: 'Billed minutes', kind: 'count', group: 'Effort, cost and time' },
  cost: { label: 'Cost', kind: 'money', group: 'Effort, cost and time' },
  duration_minutes: { label: 'Campaign duration', kind: 'minutes', group: 'Effort, cost and time', note: 'launch to last final' },
  completed_share: { label: 'Completed leads %', kind: 'share', group: 'Shares', cls: 'st-completed' },
  failed_share: { label: 'Failed leads %', kind: 'share', group: 'Shares', cls: 'st-failed' },
  did_not_pick_share: { label: 'Did not pick %', kind: 'share', group: 'Shares', cls: 'st-did_not_pick' },
  cancelled_share: { label: 'Cancelled %', kind: 'share', group: 'Shares', cls: 'st-cancelled' },
  retry_expired_share: { label: 'Retry expired %', kind: 'share', group: 'Shares', cls: 'st-retry_expired' },
};

/**
 * The engine's per-run metrics (engine/montecarlo.h kRunMetrics), in its order: METRICS's keys
 * (tests/wasm/metrics.test.mjs holds them to the engine's summary).
 */
export const RUN_METRICS = Object.keys(METRICS);

/** The metrics of the distribution table: every counter, attempts per recipient, billing, duration. */
export const TABLE_METRICS = RUN_METRICS.filter((k) => METRICS[k].group !== 'Shares');

const oneDecimal = (v) => formatEnUS(v, { maximumFractionDigits: 1 });

/** A value of a metric for people (tables, chart labels). `precise` adds a digit. */
export function fmt(key, v, { precise = false, compact = false } = {}) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const kind = METRICS[key] ? METRICS[key].kind : 'count';
  switch (kind) {
    case 'share': return `${(v * 100).toFixed(precise ? 2 : 1)} %`;
    case 'ratio': return v.toFixed(precise ? 3 : 2);
    case 'money': {
      const d = compact && Math.abs(v) >= 100 ? 0 : 2;
      return formatEnUS(v, { minimumFractionDigits: d, maximumFractionDigits: d });
    }
    case 'minutes': return formatMinutes(v);
    default: return oneDecimal(v); // a whole number has no decimal to show
  }
}

/** Spread (sd, CI half-width, difference) in the metric's unit. */
export function fmtSpread(key, v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const kind = METRICS[key] ? METRICS[key].kind : 'count';
  if (kind === 'share') return `${(v * 100).toFixed(2)} pp`;
  if (kind === 'ratio') return v.toFixed(3);
  if (kind === 'money') return formatEnUS(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (kind === 'minutes') return formatMinutes(v);
  return oneDecimal(v);
}

export function fmtSigned(key, v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  return `${sign}${fmtSpread(key, Math.abs(v))}`;
}

// A job estimated to take longer than this on this device asks before it starts (the tuning
// cards' Monte Carlo and sweep, the calibration's fit).
export const LONG_JOB_SECONDS = 10;

/** "45 s", "12 minutes", "3.5 hours": an estimate's duration, for "This needs about ...". */
export function aboutDuration(seconds) {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} hours`;
  return `${Math.round(seconds / 86400)} days`;
}

export function formatMinutes(m) {
  if (m === null || m === undefined || Number.isNaN(m)) return '—';
  const neg = m < 0;
  const a = Math.abs(m);
  let text;
  if (a < 1) text = `${Math.round(a * 60)}s`;
  else if (a < 59.5) text = `${Math.round(a)} min`;
  else if (a < 1439.5) {
    const t = Math.round(a);
    text = `${Math.floor(t / 60)}h ${String(t % 60).padStart(2, '0')}m`;
  } else {
    const t = Math.round(a / 60);
    text = `${Math.floor(t / 24)}d ${t % 24}h`;
  }
  return neg ? `-${text}` : text;
}

/**
 * The exact expectation (engine.expect) of a metric, or null where the formula says nothing.
 * Shares and counters follow model.md §11; billing and duration have no closed form.
 */
export function expectedValue(expectation, key) {
  if (!expectation) return null;
  const e = expectation.expected_counters || {};
  const s = expectation.final_status_share || {};
  switch (key) {
    case 'attempts_per_recipient': return expectation.attempts_per_recipient ?? null;
    case 'completed_share': return s.completed ?? null;
    case 'failed_share': return s.failed === undefined ? null : s.failed + s.busy + s.no_answer;
    case 'did_not_pick_share': return s.did_not_pick ?? null;
    case 'cancelled_share': return s.cancelled ?? null;
    case 'retry_expired_share': return s.retry_expired ?? null;
    default: return typeof e[key] === 'number' ? e[key] : null;
  }
}

export const AGREEMENT_Z = 3.29; // two-sided 99.9 %

/**
 * Does the exact expectation lie in the Monte Carlo mean's 99.9 % interval,
 * mean ± 3.29 · sd / √n? (With sd = 0 every run gave the same value: it must equal the formula.)
 * @returns {{status: 'agrees'|'differs'|'none', halfWidth: number|null, expected: number|null}}
 */
export function agreement(summaryMetric, expected, runs) {
  if (expected === null || expected === undefined || !summaryMetric) return { status: 'none', halfWidth: null, expected: null };
  const half = AGREEMENT_Z * summaryMetric.sd / Math.sqrt(runs);
  const tol = 1e-9 * Math.max(1, Math.abs(expected));
  const ok = Math.abs(summaryMetric.mean - expected) <= half + tol;
  return { status: ok ? 'agrees' : 'differs', halfWidth: half, expected };
}


// ---- exports ----

/** RFC 4180 field. Numbers are written in full (shortest round-trip) precision. */
function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function statValues(m) {
  return m ? [m.mean, m.sd, m.min, m.max, m.ci95[0], m.ci95[1], m.median, m.p90] : SUMMARY_STATS.map(() => null);
}

/** The distribution summary: one row per metric. */
export function summaryCsv(summary, expectation) {
  const c = campaignSummary(summary);
  const header = ['metric', 'runs', 'seed', ...SUMMARY_STATS, 'expected', 'agreement'];
  const rows = RUN_METRICS.map((key) => {
    const ex = expectedValue(expectation, key);
    const ag = agreement(c[key], ex, summary.runs);
    return [key, summary.runs, summary.seed, ...statValues(c[key]), ex, ag.status === 'none' ? '' : ag.status];
  });
  return toCsv(header, rows);
}

export function summaryJson(summary, expectation, scenario) {
  return `${JSON.stringify({ scenario, expectation, montecarlo: summary }, null, 2)}\n`;
}

/** The sweep table: one row per (interval, retry count) cell, every metric's summary. */
export function sweepCsv(sweep) {
  const header = ['max_retries', 'wait_minutes', 'outside_product_range', 'marginal_completed_share'];
  for (const key of RUN_METRICS) for (const s of SUMMARY_STATS) header.push(`${key}_${s}`);
  const rows = sweep.rows.map((r) => {
    const out = [r.max_retries, r.wait_minutes, r.outside_product_range ? 'true' : 'false', r.marginal_completed_share];
    for (const key of RUN_METRICS) out.push(...statValues(r[key]));
    return out;
  });
  return toCsv(header, rows);
}

export function sweepJson(sweep) {
  return `${JSON.stringify(sweep, null, 2)}\n`;
}
