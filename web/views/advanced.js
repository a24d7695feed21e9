// The form's "Advanced: recipient behaviour and retry rules" section (closed by default). It maps
// inputs to `behaviour` and to `retry.wait_minutes_list` / `retry.rules` of the scenario (engine
// SCENARIO.md). Everything is off when left empty, so the default scenario has none of these keys.
// Like the rest of the form it checks nothing itself: the engine validates, and form.js places the
// engine's messages next to the fields registered here by JSON path.
import { h, clear, setText, toggleIdRef } from '../dom.js';
import { OUTCOME_KEYS } from '../state.js';
import { userErrors, fieldLabel, REMAINDER_OUTCOME } from '../messages.js';

const OUTCOME_SHORT = Object.fromEntries(OUTCOME_KEYS.map((k) => [k, fieldLabel(`/outcomes/${k}`)]));
const REMAINDER = REMAINDER_OUTCOME; // as in the main outcome editor: 100 % minus the others

// Starting points for the hourly answer rate (multipliers of the answer probability, 00..23).
// They are only values to edit: the model is whatever array ends up in the scenario.
const HOUR_PRESETS = {
  flat: Array(24).fill(1),
  business: [0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1.1, 1.3, 1.3, 1.2, 0.9, 1.1, 1.3, 1.3, 1.2, 1, 0.7, 0.5, 0.4, 0.3, 0.2, 0.2],
  evening: [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.4, 0.6, 0.7, 0.7, 0.7, 0.8, 0.9, 0.8, 0.7, 0.8, 0.9, 1.2, 1.5, 1.7, 1.6, 1.3, 0.8, 0.4],
};
const HOUR_CHOICES = [
  ['off', 'Off: the same rate every hour'],
  ['flat', 'Flat (1× every hour)'],
  ['business', 'Business day'],
  ['evening', 'Evening-heavy'],
  ['custom', 'Custom'],
];

const PERSISTENCE = [
  { key: 'busy_persistence', id: 'busy', title: 'Busy again on retry', who: 'Busy', hint: 'After a busy attempt, the retry is busy again with this chance, halving every half-life of waiting (empty: 30 min).' },
  { key: 'no_answer_persistence', id: 'no-answer', title: 'Unanswered again on retry', who: 'No answer', hint: 'Likewise after did not pick or no answer (the same outcome repeats).' },
];
const RULE_OUTCOMES = [['busy', 'Busy'], ['no_answer', 'No answer'], ['did_not_pick', 'Did not pick'], ['voicemail', 'Voicemail']];

const pad2 = (n) => String(n).padStart(2, '0');

/** Value of an optional number input: undefined when empty, null when not a number, else the number. */
function opt(input) {
  if (input.validity && input.validity.badInput) return null; // the engine says what is wrong
  const v = input.value.trim();
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}
/** Hundredths of a percent (so remainders are exact), null when empty or not a number. */
function units(input) {
  const v = opt(input);
  return typeof v === 'number' ? Math.round(v * 100) : null;
}
const pctText = (p) => (typeof p === 'number' ? String(Math.round(p * 10000) / 100) : '');
const numText = (v) => (v === null || v === undefined ? '' : String(v));
const sameArray = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const ADVANCED_PATH = /^\/(behaviour|retry\/wait_minutes_list|retry\/rules)(\/|$)/;

const HOUR_NAMES = { flat: 'flat', business: 'business day', evening: 'evening-heavy', custom: 'custom' };
const shown = (v) => (v === null || v === undefined || v === '' ? '?' : String(v));
const pctShown = (p) => (typeof p === 'number' ? `${Math.round(p * 10000) / 100} %` : shown(p));

/**
 * What this section has on in `scenario`, in words, for views that show it read-only (the tuning
 * area): [{key, text, beyond}] in the section's order; empty when everything is off (independent
 * attempts). `beyond` marks the settings DialNexa does not have. Values the engine would reject are
 * shown as they are (the form shows the engine's message).
 */
export function describeAdvanced(scenario) {
  const b = (scenario && scenario.behaviour) || {};
  const r = (scenario && scenario.retry) || {};
  const items = [];
  if (Array.isArray(b.segments) && b.segments.length) {
    const parts = b.segments.map((s, i) => `${(s && s.name) || `Segment ${i + 1}`} ${pctShown(s && s.share)}`);
    items.push({ key: 'segments', text: `segments: ${parts.join(', ')}`, beyond: false });
  }
  if (Array.isArray(b.answer_rate_by_hour)) {
    items.push({ key: 'answer_rate_by_hour', text: `answer rate by hour: ${HOUR_NAMES[presetOfHours(b.answer_rate_by_hour)]}`, beyond: false });
  }
  for (const [key, label] of [['busy_persistence', 'busy persistence'], ['no_answer_persistence', 'no-answer persistence']]) {
    const p = b[key];
    if (!p) continue;
    const half = p.half_life_minutes === undefined ? '' : `/${shown(p.half_life_minutes)} min`;
    items.push({ key, text: `${label} ${pctShown(p.probability)}${half}`, beyond: false });
  }
  if (b.answer_rate_per_attempt !== undefined) {
    items.push({ key: 'answer_rate_per_attempt', text: `answer rate per retry ×${shown(b.answer_rate_per_attempt)}`, beyond: false });
  }
  if (Array.isArray(r.wait_minutes_list) && r.wait_minutes_list.length) {
    items.push({ key: 'wait_minutes_list', text: `waits before each retry ${r.wait_minutes_list.map(shown).join(', ')} min`, beyond: true });
  }
  if (r.rules && typeof r.rules === 'object') {
    const parts = RULE_OUTCOMES.filter(([k]) => r.rules[k]).map(([k, label]) => {
      const rule = r.rules[k];
      const cap = rule.max_retries === undefined ? null : `up to ${shown(rule.max_retries)} ${rule.max_retries === 1 ? 'retry' : 'retries'}`;
      const wait = rule.wait_minutes === undefined ? null : `after ${shown(rule.wait_minutes)} min`;
      return `${label.toLowerCase()} ${[cap, wait].filter(Boolean).join(' ')}`;
    });
    if (parts.length) items.push({ key: 'rules', text: `per-outcome rules: ${parts.join('; ')}`, beyond: true });
  }
  return items;
}

function presetOfHours(values) {
  for (const [name, preset] of Object.entries(HOUR_PRESETS)) if (sameArray(values, preset)) return name;
  return 'custom';
}

/**
 * mountAdvanced({fields, getOutcomes, onChange}) -> {element, read(), fill(scenario), render(validation), reveal()}
 *  - fields: form.js's map JSON path -> {input, error, wrap}; this section registers its fields there.
 *  - getOutcomes(): the campaign's outcomes (a new segment starts from them).
 *  - onChange(): called after a change that is not an input/change event (add/remove a segment).
 */
export function mountAdvanced({ fields, getOutcomes, onChange }) {
  // ---- small builders (the form's look: .field, label, input, hint, error) ----
  const errorP = (id) => h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const register = (path, input, error, wrap) => { fields.set(path, { input, error, wrap }); };
  const numberField = ({ id, label, path, hint, suffix, attrs, srPrefix, cls }) => {
    const input = h('input', { type: 'number', inputmode: 'decimal', id, ...attrs });
    const error = errorP(id);
    if (hint) toggleIdRef(input, 'aria-describedby', `${id}-hint`, true);
    const wrap = h('div', { class: `field${cls ? ` ${cls}` : ''}` },
      h('label', { for: id }, srPrefix ? h('span', { class: 'visually-hidden' }, srPrefix) : null, label),
      suffix ? h('div', { class: 'input-suffix' }, input, h('span', { 'aria-hidden': 'true' }, suffix)) : input,
      hint ? h('p', { class: 'field-hint', id: `${id}-hint` }, hint) : null,
      error);
    if (path) register(path, input, error, wrap);
    return { input, wrap };
  };
  const beyond = () => h('span', { class: 'beyond-badge', title: 'Not a DialNexa setting: the simulator lets you explore it.' }, 'beyond DialNexa');
  const section = (title, hintText, ...children) => h('div', { class: 'adv-section' },
    h('p', { class: 'adv-heading' }, ...[].concat(title)),
    hintText ? h('p', { class: 'field-hint' }, hintText) : null,
    ...children);

  // ---- segments ----
  const segList = h('div', { class: 'segment-list', role: 'group', 'aria-label': 'Segments' });
  const segSum = h('p', { class: 'segment-sum', id: 'f-seg-sum', 'aria-live': 'polite' });
  const segAdd = h('button', { type: 'button', class: 'btn btn-primary-outline btn-small', id: 'f-seg-add' }, '+ Add segment');
  const segError = errorP('f-segments');
  const segGroup = h('div', { class: 'segments-field' }, segList, h('div', { class: 'segment-foot' }, segAdd, segSum), segError);
  register('/behaviour/segments', segList, segError, segGroup);
  let segRows = []; // [{name, share, pct: {k: input|output}, bar, sumOut, paths}]

  function segmentRow(i, seg) {
    const n = i + 1;
    const id = `f-seg-${i}`;
    const paths = [];
    const reg = (path, input, error, wrap) => { register(path, input, error, wrap); paths.push(path); };
    const titleId = `${id}-title`;
    const name = h('input', { type: 'text', id: `${id}-name`, autocomplete: 'off', maxlength: '60', placeholder: 'optional' });
    name.value = seg.name ?? '';
    const nameError = errorP(`${id}-name`);
    const nameWrap = h('div', { class: 'field' }, h('label', { for: `${id}-name` }, h('span', { class: 'visually-hidden' }, `Segment ${n}: `), 'Name'), name);
    reg(`/behaviour/segments/${i}/name`, name, nameError, nameWrap);
    const share = numberField({ id: `${id}-share`, label: 'Share', srPrefix: `Segment ${n}: `, suffix: '%', attrs: { min: '0', max: '100', step: '0.01', class: 'pct' } });
    share.input.value = pctText(seg.share);
    // The share column is narrow: its message goes under the row, full width.
    const shareError = share.wrap.querySelector('.field-error');
    reg(`/behaviour/segments/${i}/share`, share.input, shareError, share.wrap);

    const pct = {};
    const bar = h('div', { class: 'mix-bar', 'aria-hidden': 'true' }, OUTCOME_KEYS.map((k) => h('span', { class: `mix-seg out-${k}` })));
    const cells = OUTCOME_KEYS.map((k) => {
      const oid = `${id}-out-${k}`;
      const error = errorP(oid);
      const label = h('label', { for: oid }, h('span', { class: 'visually-hidden' }, `Segment ${n}: `), h('span', { class: `dot out-${k}`, 'aria-hidden': 'true' }), k === REMAINDER ? `${OUTCOME_SHORT[k]} (rest)` : OUTCOME_SHORT[k]);
      let control;
      if (k === REMAINDER) {
        control = h('output', { class: 'remainder', id: oid, for: OUTCOME_KEYS.filter((x) => x !== k).map((x) => `${id}-out-${x}`).join(' ') });
      } else {
        control = h('input', { type: 'number', inputmode: 'decimal', id: oid, min: '0', max: '100', step: '0.01', class: 'pct' });
        control.value = pctText(seg.outcomes ? seg.outcomes[k] ?? 0 : 0);
      }
      pct[k] = control;
      const wrap = h('div', { class: 'field seg-out' }, label, h('div', { class: 'input-suffix' }, control, h('span', { 'aria-hidden': 'true' }, '%')), error);
      reg(`/behaviour/segments/${i}/outcomes/${k}`, control, error, wrap);
      return wrap;
    });
    const outError = errorP(`${id}-outcomes`);
    const outGroup = h('div', { class: 'seg-outcomes', role: 'group', 'aria-label': `Segment ${n}: outcomes per attempt` }, cells);
    reg(`/behaviour/segments/${i}/outcomes`, outGroup, outError, outGroup);

    const remove = h('button', { type: 'button', class: 'btn btn-ghost btn-small seg-remove', 'aria-label': `Remove segment ${n}` }, 'Remove');
    remove.addEventListener('click', () => removeSegment(i));
    const segError1 = errorP(id);
    const wrap = h('div', { class: 'segment', role: 'group', 'aria-labelledby': titleId, dataset: { segment: String(i) } },
      h('div', { class: 'segment-head' }, h('span', { class: 'segment-title', id: titleId }, `Segment ${n}`), remove),
      h('div', { class: 'segment-grid' }, nameWrap, share.wrap),
      nameError, shareError,
      bar, outGroup, outError, segError1);
    reg(`/behaviour/segments/${i}`, wrap, segError1, wrap);
    const row = { name, share: share.input, pct, bar, paths, wrap };
    updateSegmentMix(row);
    return row;
  }

  function readSegmentOutcomes(row) {
    const out = {};
    let used = 0;
    for (const k of OUTCOME_KEYS) {
      if (k === REMAINDER) continue;
      const u = units(row.pct[k]);
      out[k] = u === null ? null : u / 10000;
      used += u ?? 0;
    }
    out[REMAINDER] = (10000 - used) / 10000;
    return { outcomes: Object.fromEntries(OUTCOME_KEYS.map((k) => [k, out[k]])), rest: 10000 - used };
  }

  function updateSegmentMix(row) {
    const { outcomes, rest } = readSegmentOutcomes(row);
    setText(row.pct[REMAINDER], (rest / 100).toFixed(2));
    row.pct[REMAINDER].classList.toggle('negative', rest < 0);
    row.bar.querySelectorAll('.mix-seg').forEach((seg, i) => { seg.style.flexGrow = String(Math.max(0, outcomes[OUTCOME_KEYS[i]] ?? 0)); });
  }

  function updateShareSum() {
    if (!segRows.length) {
      setText(segSum, 'No segments: every recipient follows the outcomes above.');
      segSum.dataset.kind = 'neutral';
      return;
    }
    const total = segRows.reduce((a, r) => a + (units(r.share) ?? 0), 0);
    setText(segSum, `Shares add up to ${(total / 100).toFixed(2).replace(/\.00$/, '')} %${total === 10000 ? '' : ' (they must make 100 %)'}`);
    segSum.dataset.kind = total === 10000 ? 'good' : 'bad';
  }

  function readSegments() {
    return segRows.map((r) => {
      const seg = {};
      const name = r.name.value.trim();
      if (name) seg.name = name;
      const s = units(r.share);
      seg.share = s === null ? null : s / 10000;
      seg.outcomes = readSegmentOutcomes(r).outcomes;
      return seg;
    });
  }

  function renderSegments(list) {
    for (const r of segRows) for (const p of r.paths) fields.delete(p);
    clear(segList);
    segRows = list.map((seg, i) => segmentRow(i, seg));
    for (const r of segRows) segList.append(r.wrap);
    updateShareSum();
    structureChanged = true;
  }

  function addSegment() {
    const list = readSegments();
    const used = list.reduce((a, s) => a + Math.round((s.share ?? 0) * 10000), 0);
    const rest = 10000 - used;
    list.push({ share: rest > 0 ? rest / 10000 : null, outcomes: { ...getOutcomes() } });
    renderSegments(list);
    onChange();
    segRows[segRows.length - 1].name.focus();
  }

  function removeSegment(i) {
    const list = readSegments();
    list.splice(i, 1);
    renderSegments(list);
    onChange();
    (segRows[Math.min(i, segRows.length - 1)]?.name || segAdd).focus();
  }
  segAdd.addEventListener('click', addSegment);

  // ---- hourly answer rate ----
  const hourSelect = h('select', { id: 'f-hours-preset' }, HOUR_CHOICES.map(([v, label]) => h('option', { value: v }, label)));
  toggleIdRef(hourSelect, 'aria-describedby', 'f-hours-preset-hint', true);
  const hourInputs = [];
  const hourCells = [];
  for (let i = 0; i < 24; i++) {
    const id = `f-hour-${pad2(i)}`;
    const input = h('input', { type: 'number', inputmode: 'decimal', id, min: '0', max: '10', step: '0.05' });
    const error = h('p', { class: 'visually-hidden', id: `${id}-error`, hidden: true });
    const cell = h('div', { class: 'hour-cell' },
      h('label', { for: id }, h('span', { class: 'visually-hidden' }, 'Answer rate at '), pad2(i), h('span', { class: 'visually-hidden' }, ':00')),
      input, error);
    register(`/behaviour/answer_rate_by_hour/${i}`, input, error, cell);
    hourInputs.push(input);
    hourCells.push(cell);
  }
  const hourGrid = h('div', { class: 'hour-grid', role: 'group', 'aria-label': 'Answer-rate multiplier by local hour' }, hourCells);
  const hourError = errorP('f-hours');
  const hourSummaryError = h('p', { class: 'field-error', id: 'f-hours-cells-error', 'aria-hidden': 'true', hidden: true });
  const hourField = h('div', { class: 'field' },
    h('label', { for: 'f-hours-preset' }, 'Answer rate by hour'),
    hourSelect,
    h('p', { class: 'field-hint', id: 'f-hours-preset-hint' }, 'Multiplies the chance a person answers, by the local hour the call is placed (1 = as set above). Pick a starting profile, then edit any hour.'),
    hourGrid, hourSummaryError, hourError);
  register('/behaviour/answer_rate_by_hour', hourSelect, hourError, hourField);

  const presetOf = (values) => (values ? presetOfHours(values) : 'off');
  function setHours(values) {
    hourInputs.forEach((input, i) => { input.value = values ? numText(values[i]) : ''; });
    hourGrid.hidden = !values;
  }
  function readHours() {
    if (hourSelect.value === 'off') return undefined;
    return hourInputs.map((input) => { const v = opt(input); return v === undefined ? null : v; });
  }
  hourSelect.addEventListener('change', () => {
    const v = hourSelect.value;
    if (v === 'off') setHours(null);
    else if (v === 'custom') setHours(hourGrid.hidden ? HOUR_PRESETS.flat : readHours());
    else setHours(HOUR_PRESETS[v]);
  });
  hourGrid.addEventListener('input', () => {
    const values = readHours();
    const p = values && values.every((x) => typeof x === 'number') ? presetOf(values) : 'custom';
    hourSelect.value = p;
  });

  // ---- persistence and answer rate per retry ----
  const persistence = PERSISTENCE.map((p) => {
    const chance = numberField({ id: `f-${p.id}-chance`, label: 'Repeat chance', srPrefix: `${p.who}: `, suffix: '%', path: `/behaviour/${p.key}/probability`, attrs: { min: '0', max: '100', step: '1', placeholder: 'off' } });
    const half = numberField({ id: `f-${p.id}-half-life`, label: 'Half-life', srPrefix: `${p.who}: `, suffix: 'min', path: `/behaviour/${p.key}/half_life_minutes`, attrs: { min: '0', max: '10080', step: '1', placeholder: '30' } });
    const error = errorP(`f-${p.id}-persistence`);
    const wrap = h('div', { class: 'adv-pair', role: 'group', 'aria-labelledby': `f-${p.id}-persistence-title`, 'aria-describedby': `f-${p.id}-persistence-hint` },
      h('p', { class: 'adv-subheading', id: `f-${p.id}-persistence-title` }, p.title),
      h('p', { class: 'field-hint', id: `f-${p.id}-persistence-hint` }, p.hint),
      h('div', { class: 'grid2' }, chance.wrap, half.wrap),
      error);
    register(`/behaviour/${p.key}`, chance.input, error, wrap);
    return { ...p, chance: chance.input, half: half.input };
  });
  const perAttempt = numberField({ id: 'f-answer-per-retry', label: 'Answer rate per retry', path: '/behaviour/answer_rate_per_attempt', hint: 'Multiplier of the answer chance at each retry depth: retry d answers with chance completed × factor^d. Empty: 1 (no change).', attrs: { min: '0', max: '10', step: '0.05', placeholder: 'off' } });

  // ---- retry rules beyond DialNexa ----
  const waitList = h('input', { type: 'text', id: 'f-wait-list', autocomplete: 'off', placeholder: 'e.g. 10, 60, 240', inputmode: 'numeric' });
  toggleIdRef(waitList, 'aria-describedby', 'f-wait-list-hint', true);
  const waitListError = errorP('f-wait-list');
  const waitListField = h('div', { class: 'field' },
    h('label', { for: 'f-wait-list' }, 'Wait before each retry ', beyond()),
    h('div', { class: 'input-suffix' }, waitList, h('span', { 'aria-hidden': 'true' }, 'min')),
    h('p', { class: 'field-hint', id: 'f-wait-list-hint' }, 'Minutes before retry 1, 2, 3…; the last one repeats. Replaces the retry interval. Empty: the interval above.'),
    waitListError);
  register('/retry/wait_minutes_list', waitList, waitListError, waitListField);

  const rules = RULE_OUTCOMES.map(([k, label]) => {
    const cap = h('input', { type: 'number', inputmode: 'numeric', id: `f-rule-${k}-cap`, min: '0', max: '10', step: '1', placeholder: '—' });
    const wait = h('input', { type: 'number', inputmode: 'numeric', id: `f-rule-${k}-wait`, min: '1', max: '43200', step: '1', placeholder: '—' });
    // The columns are narrow: each input's message is read with the input (aria-describedby), and
    // shown once under the row (ruleSummary, drawn in render()).
    const capError = h('p', { class: 'visually-hidden', id: `f-rule-${k}-cap-error`, hidden: true });
    const waitError = h('p', { class: 'visually-hidden', id: `f-rule-${k}-wait-error`, hidden: true });
    const rowError = errorP(`f-rule-${k}`);
    const summary = h('p', { class: 'field-error', 'aria-hidden': 'true', hidden: true });
    const row = h('div', { class: 'rule-row', role: 'group', 'aria-label': `${label} rule` },
      h('span', { class: 'rule-outcome' }, h('span', { class: `dot out-${k}`, 'aria-hidden': 'true' }), label),
      h('div', { class: 'field' }, h('label', { for: cap.id, class: 'visually-hidden' }, `${label}: max retries`), cap, capError),
      h('div', { class: 'field' }, h('label', { for: wait.id, class: 'visually-hidden' }, `${label}: wait`), h('div', { class: 'input-suffix' }, wait, h('span', { 'aria-hidden': 'true' }, 'min')), waitError),
      rowError, summary);
    register(`/retry/rules/${k}/max_retries`, cap, capError, cap.parentElement);
    register(`/retry/rules/${k}/wait_minutes`, wait, waitError, wait.closest('.field'));
    register(`/retry/rules/${k}`, cap, rowError, row);
    return { k, cap, wait, summary };
  });
  const rulesError = errorP('f-rules');
  const rulesField = h('div', { class: 'rules-field' },
    h('p', { class: 'adv-subheading' }, 'Per-outcome rules ', beyond()),
    h('p', { class: 'field-hint', id: 'f-rules-hint' }, 'An outcome’s own cap (retries it may trigger per recipient, within the retry count) and wait (before everything else). The retry-on flags still decide whether it retries. Empty: no rule.'),
    h('div', { class: 'rule-table', role: 'group', 'aria-describedby': 'f-rules-hint' },
      h('div', { class: 'rule-row rule-headrow', 'aria-hidden': 'true' }, h('span', null, 'Outcome'), h('span', null, 'Max retries'), h('span', null, 'Wait')),
      rules.map((r) => r.cap.closest('.rule-row'))),
    rulesError);
  register('/retry/rules', rulesField, rulesError, rulesField);

  // ---- the section ----
  const chip = h('span', { class: 'chip adv-chip' });
  const generalError = errorP('f-behaviour');
  const body = h('fieldset', { class: 'adv-body' },
    h('legend', { class: 'visually-hidden' }, 'Advanced: recipient behaviour and retry rules'),
    h('p', { class: 'field-hint adv-intro' }, 'All off when empty: recipients then behave independently on every attempt, and the exact expectation holds.'),
    section('Segments', 'Groups of recipients with their own outcome mix (e.g. 10 % invalid numbers: Failed 100 %). Each recipient is drawn into one segment by share.', segGroup),
    section('Time of day', null, hourField),
    section('Persistence', 'Makes the retry interval matter: a line busy a minute ago is likely still busy.', persistence.map((p) => p.chance.closest('.adv-pair'))),
    section('Answer rate by attempt', null, perAttempt.wrap),
    section('Retry rules', 'Settings DialNexa does not have; the engine warns when they are used.', waitListField, rulesField),
    generalError);
  register('/behaviour', body, generalError, body);
  const element = h('details', { class: 'advanced', id: 'f-advanced' },
    h('summary', null, h('span', { class: 'adv-summary' }, 'Advanced: recipient behaviour and retry rules'), chip),
    body);

  // Remainders and the share sum follow every keystroke (before form.js commits the scenario).
  body.addEventListener('input', (event) => {
    const row = segRows.find((r) => r.wrap.contains(event.target));
    if (row) updateSegmentMix(row);
    updateShareSum();
  });

  let structureChanged = false;

  return {
    element,
    /** {behaviour?, retry: {wait_minutes_list?, rules?}} as the engine reads them; absent when off. */
    read() {
      const behaviour = {};
      if (segRows.length) behaviour.segments = readSegments();
      const hours = readHours();
      if (hours) behaviour.answer_rate_by_hour = hours;
      for (const p of persistence) {
        const prob = opt(p.chance);
        const half = opt(p.half);
        if (prob === undefined && half === undefined) continue;
        const o = {};
        if (prob !== undefined) o.probability = typeof prob === 'number' ? Math.round(prob * 100) / 10000 : prob;
        if (half !== undefined) o.half_life_minutes = half;
        behaviour[p.key] = o;
      }
      const f = opt(perAttempt.input);
      if (f !== undefined) behaviour.answer_rate_per_attempt = f;

      const retry = {};
      const tokens = waitList.value.split(/[\s,;]+/).filter(Boolean);
      if (tokens.length) retry.wait_minutes_list = tokens.map((t) => (Number.isFinite(Number(t)) ? Number(t) : t));
      const ruleObj = {};
      for (const r of rules) {
        const cap = opt(r.cap);
        const wait = opt(r.wait);
        if (cap === undefined && wait === undefined) continue;
        ruleObj[r.k] = {};
        if (cap !== undefined) ruleObj[r.k].max_retries = cap;
        if (wait !== undefined) ruleObj[r.k].wait_minutes = wait;
      }
      if (Object.keys(ruleObj).length) retry.rules = ruleObj;
      return { behaviour: Object.keys(behaviour).length ? behaviour : undefined, retry };
    },

    fill(scenario) {
      const b = scenario.behaviour || {};
      renderSegments(Array.isArray(b.segments) ? b.segments : []);
      const hours = Array.isArray(b.answer_rate_by_hour) ? b.answer_rate_by_hour : null;
      hourSelect.value = presetOf(hours);
      setHours(hours);
      for (const p of persistence) {
        const o = b[p.key] || {};
        p.chance.value = pctText(o.probability);
        p.half.value = numText(o.half_life_minutes);
      }
      perAttempt.input.value = numText(b.answer_rate_per_attempt);
      const r = scenario.retry || {};
      waitList.value = Array.isArray(r.wait_minutes_list) ? r.wait_minutes_list.join(', ') : '';
      for (const rule of rules) {
        const o = (r.rules || {})[rule.k] || {};
        rule.cap.value = numText(o.max_retries);
        rule.wait.value = numText(o.wait_minutes);
      }
    },

    /** Opens the section, scrolls it into view and puts the keyboard focus on its summary. */
    reveal() {
      element.open = true;
      const summary = element.querySelector('summary');
      summary.focus({ preventScroll: true });
      summary.scrollIntoView({ block: 'start' });
    },

    /** Redraws the summary chip; returns true once after segments were added or removed. */
    render(scenario, validation) {
      const errs = userErrors(validation ? validation.errors : []).filter((e) => ADVANCED_PATH.test(e.path || ''));
      const on = Object.keys(scenario.behaviour || {}).length
        + (scenario.retry && scenario.retry.wait_minutes_list ? 1 : 0)
        + (scenario.retry && scenario.retry.rules ? 1 : 0);
      if (errs.length) { setText(chip, `${errs.length} ${errs.length === 1 ? 'problem' : 'problems'}`); chip.dataset.kind = 'bad'; }
      else if (on) { setText(chip, `${on} on`); chip.dataset.kind = 'good'; }
      else { setText(chip, 'off'); chip.dataset.kind = 'neutral'; }
      // Hour cells are too small for a message each: list them under the grid.
      const hourErrs = errs.filter((e) => /^\/behaviour\/answer_rate_by_hour\/\d+$/.test(e.path));
      setText(hourSummaryError, hourErrs.map((e) => e.message).join(' '));
      hourSummaryError.hidden = hourErrs.length === 0;
      // Likewise the per-outcome rule inputs: their messages, named, under the row.
      for (const r of rules) {
        const mine = errs.filter((e) => e.path === `/retry/rules/${r.k}/max_retries` || e.path === `/retry/rules/${r.k}/wait_minutes`);
        setText(r.summary, mine.map((e) => e.message).join(' '));
        r.summary.hidden = mine.length === 0;
      }
      const changed = structureChanged;
      structureChanged = false;
      return changed;
    },
  };
}
