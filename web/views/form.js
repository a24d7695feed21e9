// The campaign form. It writes the scenario into the page state on every change; the app asks the
// worker to validate it (debounced) and this view shows the ENGINE's messages next to the fields
// they name, by JSON path. The page itself checks nothing.
import { readTextFile } from '../file-text.js';
import { h, clear, setText, toggleIdRef } from '../dom.js';
import { OUTCOME_KEYS, setIn, formatNumber, defaultState } from '../state.js';
import { mountAdvanced } from './advanced.js';
import { fieldLabel, userErrors, userWarnings, REJECT_REASONS, DETAIL_TITLES, rejectedRowText, REMAINDER_OUTCOME, PRESET_LABELS, DAY_LABELS } from '../messages.js';

const OUTCOME_HINTS = {
  completed: 'A person answered.',
  voicemail: 'Answering machine; ends did_not_pick, billed.',
  did_not_pick: 'Rang out, nobody answered.',
  busy: 'Line busy.',
  no_answer: 'The provider returned no answer.',
  failed: 'Invalid number, forbidden destination or network failure.',
};
const outcomeLabel = (k) => fieldLabel(`/outcomes/${k}`);

const DEFAULT_SCHEDULE = defaultState().scenario.schedule;
const REMAINDER = REMAINDER_OUTCOME; // the outcome computed as 100 % minus the others
const NAME_MAX = 120; // characters of a campaign name
const MAX_DETAIL_ROWS = 50; // rejected rows listed with their values, per detail
const DAY_KEYS = Object.keys(DAY_LABELS);
const PRESETS = Object.keys(PRESET_LABELS);

/**
 * mount(root, ctx) -> {fill(state), revealAdvanced(), render(state, live)}
 * ctx: {store, onEdit()} — onEdit is called after every change of the scenario or seed.
 */
export function mountForm(form, ctx) {
  const { store } = ctx;
  const fields = new Map(); // JSON path -> {input, error, wrap}
  let csvText = store.state.ui.recipientsMode === 'csv' ? store.state.scenario.recipients.csv || '' : '';
  let lastRenderedValidation = null;
  let lastScenarioRef = null;
  let lastSeed;
  let fullScenarioDoc = null; // serialised only when copied (a 10 MB CSV costs ~50 ms to stringify)

  // ---- building blocks ----
  const field = ({ id, path, label = fieldLabel(path), hint, input, wide, suffix }) => {
    const hintId = hint ? `${id}-hint` : null;
    const errorId = `${id}-error`;
    input.id = id;
    if (hintId) toggleIdRef(input, 'aria-describedby', hintId, true);
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    const wrap = h('div', { class: `field${wide ? ' field-wide' : ''}` },
      h('label', { for: id }, label),
      suffix ? h('div', { class: 'input-suffix' }, input, h('span', { 'aria-hidden': 'true' }, suffix)) : input,
      hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null,
      error);
    if (path) fields.set(path, { input, error, wrap });
    return wrap;
  };
  const numberInput = (attrs) => h('input', { type: 'number', inputmode: 'decimal', ...attrs });
  const check = ({ id, path, label = fieldLabel(path), hint }) => {
    const input = h('input', { type: 'checkbox', id });
    const errorId = `${id}-error`;
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    const hintEl = hint ? h('span', { class: 'field-hint', id: `${id}-hint` }, hint) : null;
    if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
    const wrap = h('div', { class: 'check' }, input, h('label', { for: id }, label, hintEl ? [' ', hintEl] : null), error);
    if (path) fields.set(path, { input, error, wrap });
    return wrap;
  };
  const group = (title, ...children) => h('fieldset', { class: 'group' }, h('legend', null, title), ...children);

  // ---- inputs ----
  // No maxlength: a pasted longer name is cut here, and the form says so (maxlength cuts silently).
  const name = h('input', { type: 'text', autocomplete: 'off' });
  const nameNote = h('p', { class: 'field-note', id: 'f-name-note', role: 'status' });
  const simStart = h('input', { type: 'datetime-local', step: '60' });
  const seed = numberInput({ min: '0', step: '1' });
  const newSeed = h('button', { type: 'button', class: 'btn btn-ghost btn-small', title: 'Pick a random seed' }, 'New seed');

  const modeCount = h('input', { type: 'radio', name: 'recipients-mode', value: 'count', id: 'f-mode-count' });
  const modeCsv = h('input', { type: 'radio', name: 'recipients-mode', value: 'csv', id: 'f-mode-csv' });
  const count = numberInput({ min: '1', step: '1' });
  const fileInput = h('input', { type: 'file', accept: '.csv,text/csv', class: 'visually-hidden', id: 'f-csv' });
  const dropText = h('span', { class: 'drop-text' }, 'Drop a DialNexa CSV here, or ', h('span', { class: 'link' }, 'choose a file'));
  const dropName = h('span', { class: 'drop-name' });
  const dropZone = h('label', { class: 'drop-zone', for: 'f-csv' }, h('span', { class: 'drop-icon', 'aria-hidden': 'true' }), dropText, dropName);
  const csvError = h('p', { class: 'field-error', id: 'f-csv-error', hidden: true });
  const csvHint = h('p', { class: 'field-hint', id: 'f-csv-hint' }, 'A phone_number column (E.164, e.g. +14155550101); every other column is a variable. Up to 10 MB and more.');
  fileInput.setAttribute('aria-describedby', 'f-csv-hint');
  const countries = h('input', { type: 'text', autocomplete: 'off', placeholder: 'e.g. 1, 91 (empty: any)' });
  const csvReport = h('div', { class: 'csv-report', 'aria-live': 'polite' });

  const pct = {};
  for (const k of OUTCOME_KEYS) {
    pct[k] = k === REMAINDER
      ? h('output', { class: 'remainder', id: `f-out-${k}` })
      : numberInput({ min: '0', max: '100', step: '0.01', class: 'pct' });
  }
  const mixBar = h('div', { class: 'mix-bar', 'aria-hidden': 'true' }, OUTCOME_KEYS.map((k) => h('span', { class: `mix-seg out-${k}` })));
  const outcomesError = h('p', { class: 'field-error', id: 'f-outcomes-error', hidden: true });

  const retryCount = numberInput({ min: '0', max: '10', step: '1' });
  const retryWait = numberInput({ min: '0', step: '1' });
  const concurrency = numberInput({ min: '1', step: '1' });
  const hoursStart = h('input', { type: 'time' });
  const hoursEnd = h('input', { type: 'time' });
  // Calendar (engine/SCENARIO.md, "Calendar"): the zone names are the engine's embedded tzdata.
  const zoneList = h('datalist', { id: 'f-zone-list' });
  const timeZone = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', list: 'f-zone-list', placeholder: 'none: plain local clock' });
  const defaultZone = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', list: 'f-zone-list', placeholder: 'the campaign time zone' });
  const zoneMix = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. America/New_York 60, America/Los_Angeles 40' });
  const dayBoxes = DAY_KEYS.map((d) => h('input', { type: 'checkbox', id: `f-day-${d}`, value: d }));
  const daysError = h('p', { class: 'field-error', id: 'f-days-error', hidden: true });
  const daysFieldset = h('fieldset', { class: 'field field-wide choice-field', id: 'f-days', 'aria-describedby': 'f-days-hint' },
    h('legend', null, fieldLabel('/schedule/calling_days')),
    h('div', { class: 'choice-row' }, DAY_KEYS.map((d, i) => h('span', { class: 'choice' }, dayBoxes[i], h('label', { for: `f-day-${d}` }, DAY_LABELS[d])))),
    h('p', { class: 'field-hint', id: 'f-days-hint' }, 'Days on which a window opens, in the zone the hours are read in.'),
    daysError);
  fields.set('/schedule/calling_days', { input: daysFieldset, error: daysError, wrap: daysFieldset });
  const holidays = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. 2026-12-25, 2027-01-01' });
  const rulesSelect = h('select', { class: 'calendar-select' },
    h('option', { value: '' }, 'None (as DialNexa)'),
    PRESETS.map((k) => h('option', { value: k }, `${PRESET_LABELS[k]} (beyond DialNexa)`)));
  const complianceBoxes = PRESETS.map((k) => h('input', { type: 'checkbox', id: `f-check-${k}`, value: k }));
  const complianceError = h('p', { class: 'field-error', id: 'f-compliance-error', hidden: true });
  const complianceFieldset = h('fieldset', { class: 'field field-wide choice-field', id: 'f-compliance', 'aria-describedby': 'f-compliance-hint' },
    h('legend', null, fieldLabel('/schedule/compliance_check'), ' ', h('span', { class: 'beyond' }, 'beyond DialNexa')),
    h('div', { class: 'choice-row' }, PRESETS.map((k, i) => h('span', { class: 'choice' }, complianceBoxes[i], h('label', { for: `f-check-${k}` }, PRESET_LABELS[k])))),
    h('p', { class: 'field-hint', id: 'f-compliance-hint' }, 'Counts the attempts that start outside a preset’s hours (recipient time) without applying it.'),
    complianceError);
  fields.set('/schedule/compliance_check', { input: complianceFieldset, error: complianceError, wrap: complianceFieldset });
  if (ctx.client) {
    ctx.client.request('timeZones').then((cal) => {
      zoneList.replaceChildren(...cal.zones.map((z) => h('option', { value: z })));
      zoneList.dataset.tzdata = cal.tzdata;
      setText(tzdataNote, `Zones of the IANA tzdata ${cal.tzdata} built into the engine (${formatNumber(cal.zones.length)} names).`);
    }).catch(() => {});
  }
  const tzdataNote = h('span', { id: 'f-tzdata' }, 'IANA name, e.g. America/New_York.');
  const startsAt = numberInput({ min: '0', step: '1' });
  const endsAt = numberInput({ min: '0', step: '1', placeholder: 'none' });
  const balance = numberInput({ min: '0', step: '0.01', placeholder: 'unlimited' });
  const cost = numberInput({ min: '0', step: '0.01' });

  const generalErrors = h('div', { class: 'form-errors', id: 'form-errors', hidden: true });
  const warnings = h('div', { class: 'form-warnings', hidden: true });
  const lockNote = h('p', { class: 'lock-note', hidden: true });
  const scenarioPre = h('pre', { class: 'scenario-json', tabindex: '0', 'aria-label': 'Scenario JSON' });
  const copyBtn = h('button', { type: 'button', class: 'btn btn-ghost btn-small' }, 'Copy scenario JSON');
  const copyStatus = h('span', { class: 'copy-status', role: 'status' });

  const outcomesFieldset = h('fieldset', { class: 'group', 'aria-describedby': 'f-outcomes-hint' },
    h('legend', null, 'Outcomes per attempt'),
    h('p', { class: 'field-hint', id: 'f-outcomes-hint' }, 'Percent of attempts ending each way. They always add up to 100 %: Failed is the remainder.'),
    mixBar,
    h('div', { class: 'outcome-grid' }, OUTCOME_KEYS.map((k) => {
      const id = `f-out-${k}`;
      if (k === REMAINDER) {
        const wrap = h('div', { class: 'field outcome remainder-field' },
          h('span', { class: 'out-label' }, h('span', { class: `dot out-${k}`, 'aria-hidden': 'true' }), h('label', { for: id }, `${outcomeLabel(k)} (remainder)`)),
          h('div', { class: 'input-suffix' }, pct[k], h('span', { 'aria-hidden': 'true' }, '%')),
          h('p', { class: 'field-hint', id: `${id}-hint` }, '100 % minus the others.'),
          h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
        pct[k].setAttribute('aria-describedby', `${id}-hint`);
        fields.set(`/outcomes/${k}`, { input: pct[k], error: wrap.querySelector('.field-error'), wrap });
        return wrap;
      }
      const input = pct[k];
      input.id = id;
      input.setAttribute('aria-describedby', `${id}-hint`);
      const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
      const wrap = h('div', { class: 'field outcome' },
        h('span', { class: 'out-label' }, h('span', { class: `dot out-${k}`, 'aria-hidden': 'true' }), h('label', { for: id }, outcomeLabel(k))),
        h('div', { class: 'input-suffix' }, input, h('span', { 'aria-hidden': 'true' }, '%')),
        h('p', { class: 'field-hint', id: `${id}-hint` }, OUTCOME_HINTS[k]),
        error);
      fields.set(`/outcomes/${k}`, { input, error, wrap });
      return wrap;
    })),
    outcomesError);
  fields.set('/outcomes', { input: outcomesFieldset, error: outcomesError, wrap: outcomesFieldset });

  // Advanced: recipient behaviour and retry rules (views/advanced.js), closed and off by default.
  const advanced = mountAdvanced({ fields, getOutcomes: () => readOutcomes().outcomes, onChange: () => commit() });

  const countField = h('div', { class: 'count-fields' },
    field({ id: 'f-count', path: '/recipients/count', input: count, hint: 'Synthetic recipients with generated phone numbers.' }),
    field({ id: 'f-zone-mix', path: '/recipients/time_zones', input: zoneMix, wide: true, hint: 'Zones and percent shares of the synthetic recipients (with a campaign time zone). Empty: all in the campaign time zone.' }));
  const csvField = h('div', { class: 'field field-wide csv-field' },
    fileInput, dropZone, csvHint, csvError,
    field({ id: 'f-countries', path: '/recipients/enabled_countries', input: countries, hint: 'Comma-separated calling codes. Empty: every country.' }),
    csvReport);
  fields.set('/recipients/csv', { input: fileInput, error: csvError, wrap: csvField });

  const body = h('fieldset', { class: 'form-body' },
    h('legend', { class: 'visually-hidden' }, 'Campaign settings'),
    group('Basics',
      h('div', { class: 'grid2' },
        h('div', { class: 'field-wide name-field' }, field({ id: 'f-name', path: '/name', input: name, wide: true }), nameNote),
        field({ id: 'f-sim-start', path: '/simulation_start', input: simStart, hint: 'Local wall-clock time of t = 0.', wide: true }),
        h('div', { class: 'field seed-field' },
          h('label', { for: 'f-seed' }, fieldLabel('/seed')),
          h('div', { class: 'seed-row' }, seed, newSeed),
          h('p', { class: 'field-hint', id: 'f-seed-hint' }, 'Same seed, same run.'),
          h('p', { class: 'field-error', id: 'f-seed-error', hidden: true })))),
    group('Recipients',
      h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Recipients source' },
        modeCount, h('label', { for: 'f-mode-count' }, 'Count'),
        modeCsv, h('label', { for: 'f-mode-csv' }, 'CSV file')),
      countField, csvField),
    outcomesFieldset,
    group('Retries',
      h('div', { class: 'grid2' },
        field({ id: 'f-retry-count', path: '/retry/max_retries', input: retryCount, hint: 'Extra attempts after the first. DialNexa: 0–4.' }),
        field({ id: 'f-retry-wait', path: '/retry/wait_minutes', input: retryWait, suffix: 'min', hint: 'Minutes to wait after an attempt ends.' })),
      h('p', { class: 'sub-legend' }, 'Retry when the attempt ends'),
      check({ id: 'f-retry-no-answer', path: '/retry/retry_on_no_answer', hint: '(did not pick and no answer)' }),
      check({ id: 'f-retry-busy', path: '/retry/retry_on_busy' }),
      check({ id: 'f-retry-voicemail', path: '/retry/retry_on_voicemail' })),
    group('Dialing',
      h('div', { class: 'grid2' },
        field({ id: 'f-concurrency', path: '/concurrency', input: concurrency, hint: 'Calls in flight at once.' }),
        h('span'),
        field({ id: 'f-hours-start', path: '/schedule/calling_hours_start', input: hoursStart, hint: 'Empty: any time.' }),
        field({ id: 'f-hours-end', path: '/schedule/calling_hours_end', input: hoursEnd, hint: 'May wrap midnight.' }),
        field({ id: 'f-starts-at', path: '/schedule/starts_at_minute', input: startsAt, hint: 'Scheduled start, minutes after t = 0.' }),
        field({ id: 'f-ends-at', path: '/schedule/ends_at_minute', input: endsAt, hint: 'Empty: no end. Pending retries expire then.' }))),
    group('Calendar',
      h('div', { class: 'grid2' },
        field({ id: 'f-time-zone', path: '/schedule/time_zone', input: timeZone, wide: true, hint: [tzdataNote, ' Start and calling hours are read in it, with daylight saving. Empty: the plain local clock.'] }),
        zoneList,
        h('div', { class: 'field-wide' }, check({ id: 'f-hours-recipient', path: '/schedule/calling_hours_in', hint: '(beyond DialNexa: each recipient’s own zone, from the CSV timezone column, the phone number or the zone mix)' })),
        daysFieldset,
        field({ id: 'f-holidays', path: '/schedule/holidays', input: holidays, wide: true, hint: 'Dates YYYY-MM-DD, comma-separated: no window opens on them.' }),
        field({ id: 'f-rules', path: '/schedule/calling_rules', input: rulesSelect, wide: true, label: [fieldLabel('/schedule/calling_rules'), ' ', h('span', { class: 'beyond' }, 'beyond DialNexa')], hint: 'A regulator’s hours in each recipient’s local time, combined with your hours.' }),
        complianceFieldset,
        field({ id: 'f-default-zone', path: '/schedule/default_recipient_time_zone', input: defaultZone, wide: true, hint: 'For phone numbers that span several zones or none (they are counted and listed).' }))),
    group('Wallet',
      h('div', { class: 'grid2' },
        field({ id: 'f-balance', path: '/wallet/balance', input: balance, hint: 'Empty: unlimited.' }),
        field({ id: 'f-cost', path: '/wallet/cost_per_minute', input: cost, hint: 'Billed from answer, rounded up.' }))),
    group('Workspace',
      check({ id: 'f-ws-ready', path: '/workspace/ready' }),
      check({ id: 'f-ws-number', path: '/workspace/outbound_number_assigned' })),
    advanced.element);

  fields.set('/seed', { input: seed, error: body.querySelector('#f-seed-error'), wrap: seed.parentElement });
  seed.id = 'f-seed';
  seed.setAttribute('aria-describedby', 'f-seed-hint');

  form.append(lockNote, generalErrors, body, warnings,
    h('details', { class: 'scenario-details' },
      h('summary', null, 'Scenario JSON'),
      h('p', { class: 'field-hint' }, 'The exact document the engine runs (model.md §9). The CLI runs it too.'),
      scenarioPre, h('div', { class: 'copy-row' }, copyBtn, copyStatus)));

  const checks = {
    no_answer: form.querySelector('#f-retry-no-answer'),
    busy: form.querySelector('#f-retry-busy'),
    voicemail: form.querySelector('#f-retry-voicemail'),
    ready: form.querySelector('#f-ws-ready'),
    number: form.querySelector('#f-ws-number'),
    hoursInRecipient: form.querySelector('#f-hours-recipient'),
  };

  // ---- state -> inputs (once, and when the state is replaced from outside) ----
  const numText = (v) => (v === null || v === undefined ? '' : String(v));
  function fill(state) {
    const s = state.scenario;
    name.value = s.name ?? '';
    simStart.value = s.simulation_start ?? '';
    seed.value = numText(state.seed);
    const mode = state.ui.recipientsMode;
    // A state replaced from outside (a scenario file, a report) brings its own CSV text.
    if (mode === 'csv' && typeof s.recipients.csv === 'string') csvText = s.recipients.csv;
    modeCount.checked = mode === 'count';
    modeCsv.checked = mode === 'csv';
    count.value = numText(s.recipients.count ?? 1000);
    countries.value = (s.recipients.enabled_countries || []).join(', ');
    for (const k of OUTCOME_KEYS) if (k !== REMAINDER) pct[k].value = toPct(s.outcomes[k]);
    retryCount.value = numText(s.retry.max_retries);
    retryWait.value = numText(s.retry.wait_minutes);
    checks.no_answer.checked = !!s.retry.retry_on_no_answer;
    checks.busy.checked = !!s.retry.retry_on_busy;
    checks.voicemail.checked = !!s.retry.retry_on_voicemail;
    concurrency.value = numText(s.concurrency);
    hoursStart.value = s.schedule.calling_hours_start ?? '';
    hoursEnd.value = s.schedule.calling_hours_end ?? '';
    startsAt.value = numText(s.schedule.starts_at_minute);
    endsAt.value = numText(s.schedule.ends_at_minute);
    fillCalendar(s);
    balance.value = numText(s.wallet.balance);
    cost.value = numText(s.wallet.cost_per_minute);
    checks.ready.checked = s.workspace.ready !== false;
    checks.number.checked = s.workspace.outbound_number_assigned !== false;
    advanced.fill(s);
    showMode(mode);
    setText(dropName, state.ui.csvFileName ? `Loaded: ${state.ui.csvFileName}` : '');
    updateRemainder();
  }

  function fillCalendar(s) {
    const sc = s.schedule;
    timeZone.value = sc.time_zone ?? '';
    defaultZone.value = sc.default_recipient_time_zone ?? '';
    checks.hoursInRecipient.checked = sc.calling_hours_in === 'recipient';
    const days = Array.isArray(sc.calling_days) ? sc.calling_days : DAY_KEYS;
    dayBoxes.forEach((b, i) => { b.checked = days.includes(DAY_KEYS[i]); });
    holidays.value = Array.isArray(sc.holidays) ? sc.holidays.join(', ') : '';
    rulesSelect.value = sc.calling_rules ?? '';
    const checked = Array.isArray(sc.compliance_check) ? sc.compliance_check : [];
    complianceBoxes.forEach((b) => { b.checked = checked.includes(b.value); });
    const mix = s.recipients && s.recipients.time_zones;
    zoneMix.value = mix && typeof mix === 'object' ? Object.entries(mix).map(([z, p]) => `${z} ${toPct(p)}`).join(', ') : '';
  }

  function toPct(p) {
    if (typeof p !== 'number') return '';
    return String(Math.round(p * 10000) / 100);
  }

  // ---- inputs -> state ----
  const num = (input) => {
    const v = input.value.trim();
    if (v === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  };
  // Hundredths of a percent, so the remainder is exact and the six always sum to 1.
  const units = (input) => {
    const v = num(input);
    return typeof v === 'number' ? Math.round(v * 100) : null;
  };

  function readOutcomes() {
    const out = {};
    let used = 0;
    for (const k of OUTCOME_KEYS) {
      if (k === REMAINDER) continue;
      const u = units(pct[k]);
      out[k] = u === null ? null : u / 10000;
      used += u ?? 0;
    }
    out[REMAINDER] = (10000 - used) / 10000;
    return { outcomes: Object.fromEntries(OUTCOME_KEYS.map((k) => [k, out[k]])), remainderUnits: 10000 - used };
  }

  function updateRemainder() {
    const { outcomes, remainderUnits } = readOutcomes();
    setText(pct[REMAINDER], `${(remainderUnits / 100).toFixed(2)}`);
    pct[REMAINDER].classList.toggle('negative', remainderUnits < 0);
    mixBar.querySelectorAll('.mix-seg').forEach((seg, i) => {
      const p = Math.max(0, outcomes[OUTCOME_KEYS[i]] ?? 0);
      seg.style.flexGrow = String(p);
    });
  }

  // The calendar keys of `schedule`: each one the engine's default scenario has, and any other the
  // user set (a form left as it is keeps the default scenario document as it is).
  function readCalendar() {
    const out = {};
    const put = (key, value, set) => { if (set || key in DEFAULT_SCHEDULE) out[key] = value; };
    const zone = timeZone.value.trim();
    put('time_zone', zone || null, zone !== '');
    put('calling_hours_in', checks.hoursInRecipient.checked ? 'recipient' : 'campaign', checks.hoursInRecipient.checked);
    const days = DAY_KEYS.filter((d, i) => dayBoxes[i].checked);
    put('calling_days', days, days.length !== DAY_KEYS.length);
    const dates = holidays.value.split(/[,;\s]+/).map((d) => d.trim()).filter(Boolean);
    put('holidays', dates, dates.length > 0);
    put('calling_rules', rulesSelect.value || null, rulesSelect.value !== '');
    const presets = complianceBoxes.filter((b) => b.checked).map((b) => b.value);
    put('compliance_check', presets, presets.length > 0);
    const fallback = defaultZone.value.trim();
    put('default_recipient_time_zone', fallback || null, fallback !== '');
    return out;
  }

  // "America/New_York 60, America/Los_Angeles 40" -> {"America/New_York": 0.6, ...}. A part that is
  // not "zone share" goes to the engine as it is (share null), which names it.
  function readZoneMix() {
    const text = zoneMix.value.trim();
    if (!text) return null;
    const mix = {};
    for (const part of text.split(/[,;\n]+/).map((x) => x.trim()).filter(Boolean)) {
      const m = /^(.*?)[\s:=]+(-?\d+(?:\.\d+)?)\s*%?$/.exec(part);
      mix[m ? m[1] : part] = m ? Math.round(Number(m[2]) * 100) / 10000 : null;
    }
    return mix;
  }

  function readScenario() {
    const mode = modeCsv.checked ? 'csv' : 'count';
    const adv = advanced.read();
    let recipients;
    if (mode === 'csv') {
      recipients = { csv: csvText };
      const list = countries.value.split(/[,\s]+/).map((c) => c.trim().replace(/^\+/, '')).filter(Boolean);
      if (list.length) recipients.enabled_countries = list;
    } else {
      recipients = { count: num(count) };
      const mix = readZoneMix();
      if (mix) recipients.time_zones = mix;
    }
    return {
      mode,
      seed: num(seed),
      scenario: {
        name: name.value,
        simulation_start: simStart.value === '' ? null : simStart.value,
        recipients,
        outcomes: readOutcomes().outcomes,
        retry: {
          max_retries: num(retryCount),
          wait_minutes: num(retryWait),
          retry_on_no_answer: checks.no_answer.checked,
          retry_on_busy: checks.busy.checked,
          retry_on_voicemail: checks.voicemail.checked,
          ...adv.retry,
        },
        schedule: {
          starts_at_minute: num(startsAt),
          ends_at_minute: num(endsAt),
          calling_hours_start: hoursStart.value || null,
          calling_hours_end: hoursEnd.value || null,
          ...readCalendar(),
        },
        concurrency: num(concurrency),
        wallet: { balance: num(balance), cost_per_minute: num(cost) },
        workspace: { ready: checks.ready.checked, outbound_number_assigned: checks.number.checked },
        ...(adv.behaviour ? { behaviour: adv.behaviour } : {}),
        // Timing has no inputs here: a fitted timing (calibration) is kept as it is.
        ...(store.state.scenario.timing ? { timing: store.state.scenario.timing } : {}),
        launch_at_minute: null,
      },
    };
  }

  function commit() {
    const { mode, seed: s, scenario } = readScenario();
    updateRemainder();
    store.update((state) => {
      let next = { ...state, seed: s, scenario };
      next = setIn(next, ['ui', 'recipientsMode'], mode);
      return next;
    });
    ctx.onEdit();
  }

  function showMode(mode) {
    countField.hidden = mode !== 'count';
    csvField.hidden = mode !== 'csv';
  }

  function cutName() {
    const chars = [...name.value];
    if (chars.length <= NAME_MAX) { setText(nameNote, ''); return; }
    name.value = chars.slice(0, NAME_MAX).join('');
    setText(nameNote, `Cut to ${NAME_MAX} characters: a campaign name has at most ${NAME_MAX} (this one had ${formatNumber(chars.length)}).`);
  }

  form.addEventListener('input', (event) => {
    if (event.target === fileInput) return;
    if (event.target === name) cutName();
    commit();
  });
  form.addEventListener('change', (event) => {
    if (event.target === fileInput) return;
    if (event.target === modeCount || event.target === modeCsv) showMode(modeCsv.checked ? 'csv' : 'count');
    commit();
  });
  form.addEventListener('submit', (event) => event.preventDefault());

  newSeed.addEventListener('click', () => {
    seed.value = String(Math.floor(Math.random() * 2 ** 31));
    commit();
  });

  // ---- CSV: file picker and drag-and-drop ----
  async function loadFile(file) {
    if (!file || body.disabled) return; // settings are locked during a run
    let read;
    try {
      read = ctx.client ? await readTextFile(file, ctx.client) : { text: await file.text() };
    } catch (err) {
      read = { error: err.message };
    }
    if (read.error) {
      ctx.reportError(`${file.name} was not loaded: ${read.error}`);
      return;
    }
    useCsv(read.text, file.name, file.size);
  }
  /** Makes `text` the recipients, as if a file named `name` had been dropped. */
  function useCsv(text, name, size) {
    csvText = text;
    store.update((state) => setIn(state, ['ui', 'csvFileName'], name));
    setText(dropName, `Loaded: ${name} (${formatBytes(size)})`);
    modeCsv.checked = true;
    showMode('csv');
    commit();
  }
  fileInput.addEventListener('change', () => {
    loadFile(fileInput.files[0]);
    fileInput.value = '';
  });
  for (const type of ['dragenter', 'dragover']) {
    dropZone.addEventListener(type, (event) => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      dropZone.classList.add('dragging');
    });
  }
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) loadFile(file);
  });
  // Dropping a file elsewhere in the app must not navigate away (the standalone page also guards
  // its whole window: app.js, option `page`).
  form.addEventListener('dragover', (event) => event.preventDefault());
  form.addEventListener('drop', (event) => event.preventDefault());

  copyBtn.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(fullScenarioDoc, null, 2));
      setText(copyStatus, 'Copied.');
    } catch {
      const doc = form.ownerDocument;
      const range = doc.createRange();
      range.selectNodeContents(scenarioPre);
      const sel = doc.defaultView.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      setText(copyStatus, 'Selected: press Ctrl+C to copy.');
    }
  });

  // ---- errors: engine messages mapped to fields by JSON path ----
  function fieldFor(path) {
    // Exact path, else the closest ancestor path that has a field (e.g. /outcomes/x -> /outcomes).
    let p = path;
    if (p === '/recipients') p = modeCsv.checked ? '/recipients/csv' : '/recipients/count';
    while (p) {
      const f = fields.get(p);
      if (f && !f.wrap.closest('[hidden]')) return f;
      p = p.slice(0, Math.max(0, p.lastIndexOf('/')));
    }
    return null;
  }

  function renderErrors(validation) {
    const byField = new Map();
    const general = [];
    for (const err of userErrors(validation ? validation.errors : [])) {
      const f = fieldFor(err.path || '');
      if (f) {
        if (!byField.has(f)) byField.set(f, []);
        byField.get(f).push(err);
      } else general.push(err);
    }
    for (const f of new Set(fields.values())) {
      const errs = byField.get(f) || [];
      const text = errs.map((e) => e.message).join(' ');
      setText(f.error, text);
      f.error.hidden = !text;
      f.wrap.classList.toggle('invalid', !!text);
      if (text) f.input.setAttribute('aria-invalid', 'true'); else f.input.removeAttribute('aria-invalid');
      toggleIdRef(f.input, 'aria-describedby', f.error.id, !!text);
    }
    clear(generalErrors);
    generalErrors.hidden = general.length === 0;
    if (general.length) {
      generalErrors.append(h('p', { class: 'form-errors-title' }, 'These settings cannot run:'),
        h('ul', null, general.map((e) => h('li', null, e.message))));
    }
    clear(warnings);
    // Rejected rows and duplicates are already shown, grouped, in the recipients report when it is
    // there; any other CSV warning (a spreadsheet text marker removed, ...) is listed here.
    const csvReportShown = modeCsv.checked && validation && validation.recipients && validation.recipients.length > 0;
    const inReport = (w) => /^\/recipients\/csv: (\d+ rows? rejected as |phone number .* appears \d+ times|\d+ more phone numbers appear)/.test(w);
    const warns = userWarnings((validation ? validation.warnings || [] : []).filter((w) => !(csvReportShown && inReport(w))));
    warnings.hidden = warns.length === 0;
    if (warns.length) warnings.append(h('p', { class: 'form-warnings-title' }, 'Warnings'), h('ul', null, warns.map((w) => h('li', null, w))));
  }

  function renderCsvReport(state, validation) {
    clear(csvReport);
    if (state.ui.recipientsMode !== 'csv' || !validation || !validation.recipients) return;
    const r = validation.recipients[0];
    if (!r || !csvText) return;
    const reasons = Object.entries(r.rejected || {});
    const rejectedCount = reasons.reduce((a, [, g]) => a + g.count, 0);
    csvReport.append(h('p', { class: 'csv-summary' },
      h('strong', null, formatNumber(r.valid)), ' valid recipient rows',
      rejectedCount ? [', ', h('strong', { class: 'bad' }, formatNumber(rejectedCount)), ' rejected (they will not be called)'] : '',
      '.'));
    if (reasons.length) {
      csvReport.append(h('div', { class: 'rejected', role: 'group', 'aria-label': 'Rejected rows by reason' },
        reasons.map(([reason, g]) => h('div', { class: 'rejected-group', dataset: { reason } },
          h('p', { class: 'rejected-reason' }, h('code', null, reason), ` — ${REJECT_REASONS[reason] || reason}: `, h('strong', null, `${formatNumber(g.count)} ${g.count === 1 ? 'row' : 'rows'}`)),
          h('p', { class: 'rejected-rows' }, rowList(g.rows, g.count)),
          detailList(g)))));
    }
    const dups = r.duplicates || [];
    if (dups.length) {
      csvReport.append(h('div', { class: 'duplicates' },
        h('p', null, h('strong', null, `${dups.length} duplicate phone ${dups.length === 1 ? 'number' : 'numbers'}`), ' (kept and called once per row):'),
        h('ul', null, dups.slice(0, 20).map((d) => h('li', null, h('code', null, d.phone_number), ` rows ${d.rows.join(', ')}`)),
          dups.length > 20 ? h('li', null, `… and ${dups.length - 20} more`) : null)));
    }
  }

  // The rows of one reason split by what exactly is wrong, each with the value as written.
  function detailList(g) {
    const details = g.details || [];
    if (!details.length) return null;
    const byDetail = new Map();
    for (const d of details) {
      if (!byDetail.has(d.detail)) byDetail.set(d.detail, []);
      byDetail.get(d.detail).push(d);
    }
    const counts = g.by_detail || {};
    return h('div', { class: 'rejected-details' },
      [...byDetail].map(([detail, list]) => {
        const total = counts[detail] ?? list.length;
        const shown = list.slice(0, MAX_DETAIL_ROWS);
        return h('div', { class: 'rejected-detail', dataset: { detail } },
          h('p', { class: 'rejected-detail-title' }, `${DETAIL_TITLES[detail] || detail}: ${formatNumber(total)} ${total === 1 ? 'row' : 'rows'}`),
          h('ul', { class: 'rejected-values' },
            shown.map((d) => h('li', { dataset: { row: String(d.row) } },
              `Row ${d.row}: `, d.value === '' ? h('em', null, 'empty') : h('code', null, d.value), ` — ${rejectedRowText(d)}`)),
            total > shown.length ? h('li', { class: 'tn-muted' }, `… and ${formatNumber(total - shown.length)} more`) : null));
      }),
      g.details_omitted ? h('p', { class: 'field-hint' }, `Values are listed for the first ${formatNumber(details.length)} rows; ${formatNumber(g.details_omitted)} more rows are only counted.`) : null);
  }

  function rowList(rows, count) {
    const shown = rows.slice(0, 200);
    const more = count - shown.length;
    return `Row${rows.length === 1 ? '' : 's'} ${shown.join(', ')}${more > 0 ? `, … and ${more} more` : ''}`;
  }

  fill(store.state);

  return {
    fill,
    /** A recipient list from elsewhere (an export's group as the next campaign), as a dropped file. */
    useRecipientsCsv: (text, name) => useCsv(text, name, new Blob([text]).size),
    /** Opens the Advanced section and focuses it (the tuning area's "edit in the form" link). */
    revealAdvanced: () => advanced.reveal(),
    render(state, live) {
      const locked = live.phase === 'launched';
      body.disabled = locked;
      lockNote.hidden = !locked;
      setText(lockNote, locked ? 'Settings are locked while this run exists. Press “New run” to change them and run again.' : '');
      const advancedRebuilt = advanced.render(state.scenario, live.validation);
      if (live.validation !== lastRenderedValidation || advancedRebuilt) {
        lastRenderedValidation = live.validation;
        renderErrors(live.validation);
        renderCsvReport(state, live.validation);
      }
      if (state.scenario !== lastScenarioRef || state.seed !== lastSeed) {
        lastScenarioRef = state.scenario;
        lastSeed = state.seed;
        const doc = ctx.engineScenario(state);
        fullScenarioDoc = doc;
        const csv = doc.recipients && doc.recipients.csv;
        setText(scenarioPre, typeof csv === 'string' && csv.length > 2000
          ? JSON.stringify(doc, (k, v) => (k === 'csv' ? `${v.slice(0, 2000)}… (${v.length} characters; Copy gives all)` : v), 2)
          : JSON.stringify(doc, null, 2));
      }
    },
  };
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
