// The page's state, in two parts:
//  - `state`: ONE serialisable object (scenario + seed + UI choices). It is all a shareable link or
//    an embedder needs to reproduce what the user sees; nothing else is needed to rebuild the page.
//  - `live`: what the worker reports (validation, simulation state, chart samples). Derived, never
//    serialised, rebuilt by re-running the scenario with its seed.
// Views never talk to each other: they read (state, live) and call the store or the engine client.

import { DEFAULT_SCENARIO } from './default-scenario.js';
import { formatEnUS } from './number-format.js';

export const FINAL_STATUSES = ['completed', 'did_not_pick', 'busy', 'no_answer', 'failed', 'cancelled', 'retry_expired'];
export const IN_PROGRESS_STATUSES = ['created', 'initiated', 'sent', 'received'];
export const CALL_STATUSES = [...IN_PROGRESS_STATUSES, ...FINAL_STATUSES];
export const OUTCOME_KEYS = ['completed', 'voicemail', 'did_not_pick', 'busy', 'no_answer', 'failed'];

export const SPEEDS = [
  { value: '1', label: '1×', title: 'Real time: 1 simulated second per second' },
  { value: '60', label: '60×', title: '1 simulated minute per second' },
  { value: '600', label: '600×', title: '10 simulated minutes per second' },
  { value: '3600', label: '3600×', title: '1 simulated hour per second' },
  { value: 'max', label: 'Max', title: 'As fast as possible' },
];

/**
 * The page's default state. The scenario's defaults are the ENGINE's (`campaign-sim defaults`,
 * written by scripts/build as default-scenario.js beside this module): nothing here retypes a
 * default of the model. The page adds only what is its own: `launch_at_minute: null` (the Launch
 * button launches the campaign; it waits in draft until then), the tuning settings and UI choices.
 */
export function defaultState() {
  const { seed, ...scenario } = structuredClone(DEFAULT_SCENARIO);
  return {
    version: 1,
    seed,
    scenario: { ...scenario, launch_at_minute: null },
    // The tuning cards' settings, as their inputs hold them (checked when an analysis starts).
    tuning: {
      runs: '500',
      seed: '', // '' = the campaign's seed
      sweepMaxRetries: '4',
      sweepWaits: '15, 30, 60',
      sweepRuns: '200',
      b: null, // the A/B alternative's retry settings; null = one more retry at twice the interval
    },
    ui: {
      recipientsMode: 'count', // count | csv
      csvFileName: null,
      speed: '600',
      historyStatus: '', // '' = all, a call status, or 'in_progress'
      exportFormat: 'csv',
      exportBom: true, // CSV starts with a UTF-8 byte order mark, so Excel shows "José", not "JosÃ©"
      exportGroups: [...FINAL_STATUSES],
      exportSplit: 'combined', // combined | per_group
      view: '', // the section last opened from the top navigation ('' = the top of the page)
    },
  };
}

/**
 * A scenario given by an embedder, with the sections the campaign form edits filled in from
 * defaultState(), whose values are the engine's documented defaults (engine/SCENARIO.md): the
 * campaign it describes is the same, and the form can show every field. Sections whose keys
 * default one by one (retry, schedule, wallet, workspace) are merged key by key; `outcomes` is
 * taken whole only when absent (a key left out of a given `outcomes` means 0). Organization
 * scenarios (`campaigns`) are returned as they are.
 */
export function completeScenario(scenario) {
  if (!scenario || Array.isArray(scenario.campaigns)) return scenario;
  const d = defaultState().scenario;
  const out = { ...scenario };
  for (const key of ['retry', 'schedule', 'wallet', 'workspace']) out[key] = { ...d[key], ...(scenario[key] || {}) };
  for (const key of ['outcomes', 'simulation_start', 'concurrency']) if (!(key in scenario)) out[key] = structuredClone(d[key]);
  return out;
}

/** The scenario document exactly as the engine receives it (model.md §9). */
export function engineScenario(state) {
  return { ...state.scenario, seed: state.seed };
}

export function createStore(initial) {
  let state = initial;
  let live = {
    engine: 'loading', // loading | ready | failed
    validating: true,
    validation: null, // engine validate() result for the current scenario
    validatedKey: null,
    phase: 'none', // none | draft | launched
    token: 0, // simulation generation the live data belongs to
    sim: null, // engine state()
    samples: [],
    lastAction: null, // {action, result}
    errors: [], // [{id, message}]
    historyTick: 0,
  };
  const listeners = new Set();
  let scheduled = false;
  const notify = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      for (const fn of listeners) fn(state, live);
    });
  };
  return {
    get state() { return state; },
    get live() { return live; },
    /** Replaces part of the serialisable state: update(s => ({...s, ui: {...s.ui, speed}})). */
    update(fn) { state = fn(state); notify(); },
    setLive(patch) { live = { ...live, ...patch }; notify(); },
    subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  };
}

/** Sets a value at a path in a plain object, copying along the path (state stays immutable). */
export function setIn(obj, path, value) {
  if (!path.length) return value;
  const [head, ...rest] = path;
  return { ...obj, [head]: setIn(obj ? obj[head] : undefined, rest, value) };
}

// ---- Presentation vocabularies (labels and colour classes; no rules of the model live here) ----

export const STATUS_LABELS = {
  created: 'Created', initiated: 'Initiated', sent: 'Sent', received: 'Received',
  completed: 'Completed', did_not_pick: 'Did not pick', busy: 'Busy', no_answer: 'No answer',
  failed: 'Failed', cancelled: 'Cancelled', retry_expired: 'Retry expired', in_progress: 'In progress',
};

export const CAMPAIGN_STATUS_TEXT = {
  draft: 'Saved, not placing calls. Review the settings and press Launch.',
  active: 'Launched, but calls are not being processed.',
  running: 'Preparing, sending and monitoring calls.',
  paused: 'New call processing is stopped. Calls already in flight finish; due retries wait for Resume.',
  completed: 'Every recipient reached a final outcome.',
  cancelled: 'Stopped permanently. Queued calls were cancelled; calls already in flight finish.',
};

export const BLOCKER_TEXT = {
  scheduled_start: 'scheduled start not reached',
  workspace_not_ready: 'workspace not ready',
  no_outbound_number: 'no outbound number assigned',
  insufficient_balance: 'wallet empty (balance below the cost of one minute)',
  org_busy: 'another campaign of the organization is running',
};

// ---- Formatting ----

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-12-07T09:03:12" (simulation-local wall clock, no zone) -> parts; null if not a time. */
export function parseLocal(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(s || '');
  if (!m) return null;
  const [, Y, M, D, hh, mm, ss] = m;
  const ms = Date.UTC(+Y, +M - 1, +D, +hh, +mm, +(ss || 0));
  const d = new Date(ms);
  return { ms, weekday: WEEKDAYS[d.getUTCDay()], day: +D, month: MONTHS[+M - 1], year: +Y, time: `${hh}:${mm}:${ss || '00'}`, hm: `${hh}:${mm}`, date: `${Y}-${M}-${D}` };
}

/**
 * The wall clock at simulated second `seconds`, as ms of a UTC Date holding the local digits (read
 * them with getUTC*). The engine is the one place that knows local time: a zoned run's state
 * carries clock.start_local, start_offset_seconds and offset_changes (each daylight-saving change
 * ahead, with its new offset); the page only adds elapsed seconds within one offset. The plain
 * clock (no zone) has one offset for ever. null when the state has no clock reading.
 */
export function wallClockAt(sim, seconds) {
  const c = sim && sim.clock;
  if (!c) return null;
  if (c.start_local) {
    const start = parseLocal(c.start_local);
    if (!start) return null;
    return start.ms + (seconds + offsetAt(sim, seconds) - c.start_offset_seconds) * 1000;
  }
  const p = parseLocal(c.local_time);
  return p ? p.ms + (seconds - c.elapsed_seconds) * 1000 : null;
}

/** The UTC offset (seconds) the engine gives for simulated second `seconds`; 0 on the plain clock. */
export function offsetAt(sim, seconds) {
  const c = sim && sim.clock;
  if (!c || !c.start_local) return 0;
  let offset = c.start_offset_seconds;
  for (const k of c.offset_changes || []) if (k.at_seconds <= seconds) offset = k.offset_seconds;
  return offset;
}

/** "UTC−04:00" from an engine time with its offset ("2026-03-09T09:00:00-04:00"); '' without one. */
export function offsetText(s) {
  const m = /([+-])(\d\d):(\d\d)$/.exec(s || '');
  if (m) return `UTC${m[1] === '-' ? '\u2212' : '+'}${m[2]}:${m[3]}`;
  return /Z$/.test(s || '') ? 'UTC' : '';
}

export function formatLocalLong(s) {
  const p = parseLocal(s);
  return p ? `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.time}` : '—';
}

/** Short form for tables: "Mon 09:03:12". */
export function formatLocalShort(s) {
  const p = parseLocal(s);
  return p ? `${p.weekday} ${p.time}` : '';
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  let s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hh = Math.floor(s / 3600); s -= hh * 3600;
  const mm = Math.floor(s / 60); s -= mm * 60;
  if (d) return `${d}d ${hh}h ${String(mm).padStart(2, '0')}m`;
  if (hh) return `${hh}h ${String(mm).padStart(2, '0')}m`;
  if (mm) return `${mm}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

export function formatNumber(n) {
  return n === null || n === undefined ? '—' : formatEnUS(n);
}

export function formatMoney(n) {
  if (n === null || n === undefined) return '—';
  return formatEnUS(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
