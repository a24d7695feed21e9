// The behaviour model panel: optional, off by default, richer recipient behaviour that makes the
// retry interval matter (see the engine's scenario docs). It only adds fields to the scenario the
// tuning analyses run; the live campaign on the left is not changed. Two of them go beyond
// DialNexa's settings and are marked so: a list of waits (one per retry) and per-outcome rules.
import { h } from '../dom.js';

// Multipliers of the answer (completed) probability by local hour, 00..23.
export const WEEKDAY_PROFILE = [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.6, 0.9, 1.0, 1.05, 1.0, 0.7, 0.75, 0.95, 1.05, 1.15, 1.2, 1.1, 0.9, 0.7, 0.5, 0.4, 0.3];

export function defaultBehaviour() {
  return {
    busy: { on: false, probability: 60, half_life: 20 },
    noAnswer: { on: false, probability: 40, half_life: 60 },
    perAttempt: { on: false, factor: 0.85 },
    hourly: { on: false },
    unreachable: { on: false, share: 8 },
    waitList: { on: false, text: '15, 60, 240' },
    busyRule: { on: false, max_retries: 1, wait_minutes: 5 },
  };
}

const FAILED_ONLY = { completed: 0, voicemail: 0, did_not_pick: 0, busy: 0, no_answer: 0, failed: 1 };

/** Adds the enabled behaviour fields to a scenario (a fresh copy is returned). */
export function applyBehaviour(scenario, b) {
  const sc = structuredClone(scenario);
  const behaviour = {};
  if (b.busy.on) behaviour.busy_persistence = { probability: b.busy.probability / 100, half_life_minutes: b.busy.half_life };
  if (b.noAnswer.on) behaviour.no_answer_persistence = { probability: b.noAnswer.probability / 100, half_life_minutes: b.noAnswer.half_life };
  if (b.perAttempt.on) behaviour.answer_rate_per_attempt = b.perAttempt.factor;
  if (b.hourly.on) behaviour.answer_rate_by_hour = [...WEEKDAY_PROFILE];
  if (b.unreachable.on) {
    const share = b.unreachable.share / 100;
    behaviour.segments = [
      { name: 'reachable', share: 1 - share, outcomes: { ...sc.outcomes } },
      { name: 'unreachable numbers', share, outcomes: { ...FAILED_ONLY } },
    ];
  }
  if (Object.keys(behaviour).length) sc.behaviour = behaviour;
  sc.retry = { ...sc.retry };
  if (b.waitList.on) sc.retry.wait_minutes_list = String(b.waitList.text).split(/[\s,;]+/).filter(Boolean).map(Number);
  if (b.busyRule.on) sc.retry.rules = { busy: { max_retries: b.busyRule.max_retries, wait_minutes: b.busyRule.wait_minutes } };
  return sc;
}

/** One line for the scenario summary: which behaviour options are on. */
export function describeBehaviour(b) {
  const on = [];
  if (b.busy.on) on.push(`busy persistence ${b.busy.probability} % (half-life ${b.busy.half_life} min)`);
  if (b.noAnswer.on) on.push(`no-answer persistence ${b.noAnswer.probability} % (half-life ${b.noAnswer.half_life} min)`);
  if (b.perAttempt.on) on.push(`answer rate ×${b.perAttempt.factor} per retry`);
  if (b.hourly.on) on.push('weekday answer-rate profile');
  if (b.unreachable.on) on.push(`${b.unreachable.share} % unreachable numbers`);
  if (b.waitList.on) on.push(`waits per retry ${b.waitList.text} min`);
  if (b.busyRule.on) on.push(`busy rule: ${b.busyRule.max_retries} retries after ${b.busyRule.wait_minutes} min`);
  return on;
}

/**
 * mountBehaviour(root, {get, set}) -> {sync()}: the panel's inputs write into the behaviour object
 * through `set(next)`; `sync()` redraws the inputs from `get()`.
 */
export function mountBehaviour(root, { get, set }) {
  const rows = [];
  const option = ({ key, title, hint, beyond, fields }) => {
    const id = `tn-b-${key}`;
    const box = h('input', { type: 'checkbox', id });
    const inputs = fields.map((f) => {
      const fid = `${id}-${f.name}`;
      const input = h('input', { type: f.type || 'number', id: fid, min: f.min, max: f.max, step: f.step, inputmode: 'decimal', class: f.wide ? 'tn-wide' : null });
      input.addEventListener('change', () => {
        const cur = get();
        const v = f.type === 'text' ? input.value : Number(input.value);
        set({ ...cur, [key]: { ...cur[key], [f.name]: v } });
      });
      return { f, input, el: h('span', { class: 'tn-b-field' }, h('label', { for: fid }, h('span', { class: 'visually-hidden' }, `${title}: `), f.label), input, f.suffix ? h('span', { class: 'tn-suffix' }, f.suffix) : null) };
    });
    box.addEventListener('change', () => {
      const cur = get();
      set({ ...cur, [key]: { ...cur[key], on: box.checked } });
    });
    const row = h('div', { class: 'tn-b-row' },
      h('div', { class: 'check' }, box, h('label', { for: id }, title, beyond ? [' ', h('span', { class: 'tn-beyond', title: 'Not a DialNexa setting: the simulator lets you explore it.' }, 'beyond DialNexa')] : null)),
      h('p', { class: 'field-hint' }, hint),
      inputs.length ? h('div', { class: 'tn-b-fields' }, inputs.map((i) => i.el)) : null);
    rows.push({ key, box, inputs, row });
    return row;
  };

  root.append(h('div', { class: 'tn-b-grid' },
    option({ key: 'busy', title: 'Busy persistence', hint: 'A recipient who was just busy is likely still busy a few minutes later; the chance fades with time.', fields: [
      { name: 'probability', label: 'Chance', min: 0, max: 100, step: 1, suffix: '%' },
      { name: 'half_life', label: 'Half-life', min: 1, max: 10080, step: 1, suffix: 'min' }] }),
    option({ key: 'noAnswer', title: 'No-answer persistence', hint: 'Likewise after a call rang out or got no answer (e.g. the person is in a meeting).', fields: [
      { name: 'probability', label: 'Chance', min: 0, max: 100, step: 1, suffix: '%' },
      { name: 'half_life', label: 'Half-life', min: 1, max: 10080, step: 1, suffix: 'min' }] }),
    option({ key: 'perAttempt', title: 'Answer rate changes with each retry', hint: 'Multiplies the chance a person answers at every retry depth (below 1: people who ignored you keep ignoring you).', fields: [
      { name: 'factor', label: 'Factor per retry', min: 0, max: 2, step: 0.05 }] }),
    option({ key: 'hourly', title: 'Time-of-day answer rate', hint: 'A weekday profile: fewer answers at night and over lunch, most in the late afternoon.', fields: [] }),
    option({ key: 'unreachable', title: 'A share of unreachable numbers', hint: 'A segment of recipients whose every attempt fails (invalid or disconnected numbers); the rest follow the outcome mix.', fields: [
      { name: 'share', label: 'Share', min: 0, max: 100, step: 1, suffix: '%' }] }),
    option({ key: 'waitList', title: 'A different wait before each retry', beyond: true, hint: 'Minutes before retry 1, 2, 3…; the last one repeats (as Bolna’s retry intervals and Genesys recall entries).', fields: [
      { name: 'text', label: 'Waits', type: 'text', wide: true, suffix: 'min' }] }),
    option({ key: 'busyRule', title: 'Own rule for busy outcomes', beyond: true, hint: 'Busy recipients get their own retry cap and a shorter wait.', fields: [
      { name: 'max_retries', label: 'Up to', min: 0, max: 10, step: 1, suffix: 'retries' },
      { name: 'wait_minutes', label: 'after', min: 1, max: 43200, step: 1, suffix: 'min' }] })));

  return {
    sync() {
      const b = get();
      for (const r of rows) {
        r.box.checked = Boolean(b[r.key].on);
        r.row.classList.toggle('on', Boolean(b[r.key].on));
        for (const { f, input } of r.inputs) {
          const v = String(b[r.key][f.name]);
          if (input.value !== v && document.activeElement !== input) input.value = v;
          input.disabled = !b[r.key].on;
        }
      }
    },
  };
}
