// The one place where the engine's validation errors become the page's words. The engine names
// every problem by JSON path and says it in the scenario file's terms ("must be a number from 0
// to 1, found 1.5"); the CLI prints that as it is. The page shows it with the form's label and
// unit instead: "Completed is 150 %; at most 100 %". Every view (the form, its Advanced section,
// the tuning cards and their A/B side) places and words errors through this module, so a label
// or unit is written once, here.
//
//   FIELDS                 path -> {label, unit}, the form's labels (form.js builds its labels from it)
//   fieldLabel(path)       the label of a path ("/behaviour/segments/1/outcomes/busy" -> "Segment 2: Busy")
//   userErrors(errors, {labels})  [{path, message}] in the user's words; an error on a computed
//                          remainder becomes an error on the sum it comes from
//   rejectedRowText(detail) one rejected CSV row in words ("missing + at the start")
import { formatEnUS } from './number-format.js';

const PERCENT = 'percent'; // the scenario holds a share 0..1, the form shows percent
const MINUTES = 'minutes';

const OUTCOME_LABELS = {
  completed: 'Completed', voicemail: 'Voicemail', did_not_pick: 'Did not pick',
  busy: 'Busy', no_answer: 'No answer', failed: 'Failed',
};
/**
 * The regulator presets of schedule.calling_rules and schedule.compliance_check (engine/SCENARIO.md,
 * "Rule presets"): their names as the page shows them. Their hours live in the engine only.
 */
export const PRESET_LABELS = {
  us_tcpa: 'US TCPA', canada_crtc: 'Canada CRTC', india_trai: 'India TRAI', uk_ofcom: 'UK (Ofcom reading)',
};
/** Where a zoned campaign's recipients got their zone (report calendar.recipient_zones keys). */
export const ZONE_SOURCE_LABELS = {
  campaign: 'in the campaign time zone',
  time_zones_mix: 'from the zone mix',
  csv_column: 'from the CSV timezone column',
  phone_number: 'from the phone number',
  ambiguous: 'with a number spanning several zones (called in the zone for unclear numbers)',
  unknown: 'with a number of no known zone (called in the zone for unclear numbers)',
};
/** schedule.calling_days keys and their labels, Monday first. */
export const DAY_LABELS = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** The outcome the form computes as 100 % minus the others (it has no input of its own). */
export const REMAINDER_OUTCOME = 'failed';

export const FIELDS = {
  '/name': { label: 'Campaign name' },
  '/simulation_start': { label: 'Simulation starts at' },
  '/seed': { label: 'Seed' },
  '/recipients/count': { label: 'Number of recipients' },
  '/recipients/csv': { label: 'CSV file' },
  '/recipients/enabled_countries': { label: 'Enabled country codes' },
  '/outcomes': { label: 'Outcomes per attempt', unit: PERCENT },
  '/retry/max_retries': { label: 'Retry count' },
  '/retry/wait_minutes': { label: 'Retry interval', unit: MINUTES },
  '/retry/retry_on_no_answer': { label: 'Retry on no answer' },
  '/retry/retry_on_busy': { label: 'Retry on busy' },
  '/retry/retry_on_voicemail': { label: 'Retry on voicemail' },
  '/retry/wait_minutes_list': { label: 'Wait before each retry', unit: MINUTES },
  '/retry/rules': { label: 'Per-outcome rules' },
  '/concurrency': { label: 'Concurrency' },
  '/schedule/calling_hours_start': { label: 'Calling hours start' },
  '/schedule/calling_hours_end': { label: 'Calling hours end' },
  '/schedule/starts_at_minute': { label: 'Start minute' },
  '/schedule/ends_at_minute': { label: 'End minute' },
  '/schedule/time_zone': { label: 'Campaign time zone' },
  '/schedule/calling_hours_in': { label: 'Calling hours in recipient time' },
  '/schedule/calling_days': { label: 'Calling days' },
  '/schedule/holidays': { label: 'Holidays' },
  '/schedule/calling_rules': { label: 'Calling rules preset' },
  '/schedule/compliance_check': { label: 'Compliance check' },
  '/schedule/default_recipient_time_zone': { label: 'Zone for unclear numbers' },
  '/recipients/time_zones': { label: 'Recipient time zones' },
  '/wallet/balance': { label: 'Wallet balance' },
  '/wallet/cost_per_minute': { label: 'Cost per minute' },
  '/workspace/ready': { label: 'Workspace ready' },
  '/workspace/outbound_number_assigned': { label: 'Outbound number assigned' },
  '/behaviour': { label: 'Advanced settings' },
  '/behaviour/segments': { label: 'Segments' },
  '/behaviour/answer_rate_by_hour': { label: 'Answer rate by hour' },
  '/behaviour/answer_rate_per_attempt': { label: 'Answer rate per retry' },
  '/behaviour/busy_persistence/probability': { label: 'Busy: repeat chance', unit: PERCENT },
  '/behaviour/busy_persistence/half_life_minutes': { label: 'Busy: half-life', unit: MINUTES },
  '/behaviour/no_answer_persistence/probability': { label: 'No answer: repeat chance', unit: PERCENT },
  '/behaviour/no_answer_persistence/half_life_minutes': { label: 'No answer: half-life', unit: MINUTES },
};
for (const [k, label] of Object.entries(OUTCOME_LABELS)) FIELDS[`/outcomes/${k}`] = { label, unit: PERCENT };

// Paths with an index or a key in them: [pattern, (match) -> {label, unit}].
const RULE_LABELS = { busy: 'Busy', no_answer: 'No answer', did_not_pick: 'Did not pick', voicemail: 'Voicemail' };
const PATTERNS = [
  [/^\/behaviour\/segments\/(\d+)$/, (m) => ({ label: `Segment ${+m[1] + 1}` })],
  [/^\/behaviour\/segments\/(\d+)\/name$/, (m) => ({ label: `Segment ${+m[1] + 1}: name` })],
  [/^\/behaviour\/segments\/(\d+)\/share$/, (m) => ({ label: `Segment ${+m[1] + 1}: share`, unit: PERCENT })],
  [/^\/behaviour\/segments\/(\d+)\/outcomes$/, (m) => ({ label: `Segment ${+m[1] + 1}: outcomes`, unit: PERCENT })],
  [/^\/behaviour\/segments\/(\d+)\/outcomes\/(\w+)$/, (m) => ({ label: `Segment ${+m[1] + 1}: ${OUTCOME_LABELS[m[2]] || m[2]}`, unit: PERCENT })],
  [/^\/behaviour\/answer_rate_by_hour\/(\d+)$/, (m) => ({ label: `Answer rate at ${String(m[1]).padStart(2, '0')}:00` })],
  [/^\/retry\/wait_minutes_list\/(\d+)$/, (m) => ({ label: `Wait before retry ${+m[1] + 1}`, unit: MINUTES })],
  [/^\/schedule\/holidays\/(\d+)$/, (m) => ({ label: `Holiday ${+m[1] + 1}` })],
  [/^\/schedule\/calling_days\/(\d+)$/, (m) => ({ label: `Calling day ${+m[1] + 1}` })],
  [/^\/schedule\/compliance_check\/(\d+)$/, () => ({ label: 'Compliance check' })],
  // JSON Pointer escapes a zone's "/" as "~1" (America~1New_York).
  [/^\/recipients\/time_zones\/(.+)$/, (m) => ({ label: `Recipient time zones: ${m[1].replace(/~1/g, '/').replace(/~0/g, '~')}`, unit: PERCENT })],
  [/^\/retry\/rules\/(\w+)$/, (m) => ({ label: `${RULE_LABELS[m[1]] || m[1]} rule` })],
  [/^\/retry\/rules\/(\w+)\/max_retries$/, (m) => ({ label: `${RULE_LABELS[m[1]] || m[1]}: max retries` })],
  [/^\/retry\/rules\/(\w+)\/wait_minutes$/, (m) => ({ label: `${RULE_LABELS[m[1]] || m[1]}: wait`, unit: MINUTES })],
];

function fieldOf(path, labels) {
  if (labels && labels[path]) return { ...(FIELDS[path] || {}), label: labels[path] };
  if (FIELDS[path]) return FIELDS[path];
  for (const [re, make] of PATTERNS) {
    const m = re.exec(path);
    if (m) return make(m);
  }
  return null;
}

/** The form's label for a JSON path, else null. */
export function fieldLabel(path, labels) {
  const f = fieldOf(path, labels);
  return f ? f.label : null;
}

// ---- numbers in the field's unit ----
const fmtNumber = (x) => (Number.isFinite(x) ? formatEnUS(x, { maximumFractionDigits: 4 }) : String(x));
function inUnit(x, unit) {
  if (unit === PERCENT) return `${fmtNumber(Math.round(x * 1e6) / 1e4)} %`;
  if (unit === MINUTES) return `${fmtNumber(x)} min`;
  return fmtNumber(x);
}

/** A value as the engine quotes it after "found": a JSON number, string, null, array... */
function foundText(raw, unit) {
  const t = raw.trim();
  if (t === 'null' || t === '""') return { empty: true };
  if (/^-?\d/.test(t) && Number.isFinite(Number(t))) return { number: Number(t), text: inUnit(Number(t), unit) };
  if (t.startsWith('"')) {
    try { return { text: `“${JSON.parse(t)}”`, notNumber: true }; } catch { return { text: t, notNumber: true }; }
  }
  return { text: t, notNumber: true };
}

// "from 0 to 1", "of at least 0", "greater than 0", "greater than 0 and at most 10080"
function rangeOf(text) {
  let m = /^from (-?[\d.e+-]+) to (-?[\d.e+-]+)$/.exec(text);
  if (m) return { min: Number(m[1]), max: Number(m[2]) };
  m = /^of at least (-?[\d.e+-]+)$/.exec(text);
  if (m) return { min: Number(m[1]) };
  m = /^greater than (-?[\d.e+-]+)(?: and at most (-?[\d.e+-]+))?$/.exec(text);
  if (m) return { min: Number(m[1]), minExclusive: true, max: m[2] === undefined ? undefined : Number(m[2]) };
  return null;
}

function allowedText(range, unit, integer) {
  const u = (x) => inUnit(x, unit);
  const whole = integer ? 'a whole number ' : '';
  if (range.max === undefined) return `${whole}${range.minExclusive ? 'more than' : 'at least'} ${u(range.min)}`.trim();
  if (range.minExclusive) return `${whole}more than ${u(range.min)} and at most ${u(range.max)}`.trim();
  return `${whole}from ${u(range.min)} to ${u(range.max)}`.trim();
}

/** "Completed is 150 %; at most 100 %": a number out of range or of the wrong kind. */
function rangeMessage(label, unit, found, range, integer) {
  const f = foundText(found, unit);
  if (f.empty) return `${label} is empty; enter ${integer ? 'a whole number' : 'a number'} ${allowedText(range, unit, false)}.`;
  if (f.notNumber) return `${label} is ${f.text}; it must be ${integer ? 'a whole number' : 'a number'} ${allowedText(range, unit, false)}.`;
  const x = f.number;
  if (integer && !Number.isInteger(x)) return `${label} is ${f.text}; it must be a whole number ${allowedText(range, unit, false)}.`;
  let bound;
  if (range.max !== undefined && x > range.max) bound = `at most ${inUnit(range.max, unit)}`;
  else if (range.minExclusive && x <= range.min) bound = `more than ${inUnit(range.min, unit)}`;
  else if (x < range.min) bound = `at least ${inUnit(range.min, unit)}`;
  else bound = allowedText(range, unit, integer);
  return `${label} is ${f.text}; ${bound}.`;
}

// Engine key names that may appear inside a message, in the form's words.
const KEY_WORDS = {
  max_retries: 'Retry count', wait_minutes: 'Retry interval', starts_at_minute: 'Start minute',
  ends_at_minute: 'End minute', calling_hours_start: 'Calling hours start', calling_hours_end: 'Calling hours end',
  cost_per_minute: 'Cost per minute', enabled_countries: 'Enabled country codes',
  time_zone: 'Campaign time zone', calling_hours_in: 'Calling hours in recipient time', calling_rules: 'Calling rules preset',
  compliance_check: 'Compliance check', default_recipient_time_zone: 'Zone for unclear numbers',
};
const keyWords = (text) => text.replace(/\bschedule\.(time_zone|default_recipient_time_zone)\b/g, (m, k) => KEY_WORDS[k]).replace(/\b(max_retries|wait_minutes|starts_at_minute|ends_at_minute|calling_hours_start|calling_hours_end|cost_per_minute|enabled_countries|default_recipient_time_zone|time_zone|calling_hours_in|calling_rules|compliance_check)\b/g, (k) => KEY_WORDS[k]);

/** One engine error in the form's words: {path, message}. */
function wordError(err, labels) {
  const path = err.path || '';
  const f = fieldOf(path, labels);
  const raw = String(err.message || '');
  if (!f) return { path, message: capitalise(keyWords(raw)) };
  const { label, unit } = f;
  let m = /^must be an integer from (-?\d+) to (-?\d+), found (.*)$/.exec(raw);
  if (m) return { path, message: rangeMessage(label, unit, m[3], { min: Number(m[1]), max: Number(m[2]) }, true) };
  m = /^must be a number (.*), found (.*)$/.exec(raw);
  if (m && rangeOf(m[1])) return { path, message: rangeMessage(label, unit, m[2], rangeOf(m[1]), false) };
  m = /^the (probabilities|segment shares|shares) must sum to 1 \(within [^)]*\), found ([-\d.e+]+)/.exec(raw);
  if (m) {
    const what = m[1] === 'probabilities' ? label : `${label}: the shares`;
    return { path, message: `${what} add up to ${inUnit(Number(m[2]), PERCENT)}; together they must make 100 %.` };
  }
  m = /^must be at least 1 when max_retries > 0 \(max_retries is (\d+)\), found (-?\d+)$/.exec(raw);
  if (m) return { path, message: `${label} is ${inUnit(Number(m[2]), unit)}; at least 1 min when there are retries (${fieldLabel('/retry/max_retries', labels)} is ${m[1]}).` };
  m = /^must be greater than starts_at_minute \((-?\d+)\)/.exec(raw);
  if (m) return { path, message: `${label} must be after the Start minute (${m[1]}).` };
  m = /^(?:"recipient" )?needs schedule\.time_zone\b/.exec(raw);
  if (m) return { path, message: `${label} needs a Campaign time zone (an IANA name such as America/New_York).` };
  m = /^is required: (.*)$/.exec(raw);
  if (m) return { path, message: `${label} is required: ${keyWords(m[1])}.` };
  // Anything else: the engine's sentence after the label, in the form's words ("empty" for null).
  let text = keyWords(raw).replace(/\bnull\b/g, 'empty');
  const fm = /^(.*), found (.*)$/s.exec(text);
  if (fm) {
    const f = foundText(fm[2].replace(/\bempty\b/, 'null'), unit);
    text = `${fm[1]} (it is ${f.empty ? 'empty' : f.text})`;
  }
  if (/^(is|must|needs|has)\b/.test(text)) return { path, message: `${label} ${text.replace(/\.$/, '')}.` };
  return { path, message: `${label}: ${text}` };
}

const capitalise = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/**
 * The engine's errors in the user's words, each still at a path the views can place. An error on
 * a remainder the form computes (Failed = 100 % minus the others, in the campaign's outcomes and in
 * each segment's) is an error of the sum: it moves to the outcomes group and names the total.
 * `labels` overrides the label of some paths (the A/B card's B fields).
 */
export function userErrors(errors, { labels } = {}) {
  const out = [];
  for (const err of errors || []) {
    const path = err.path || '';
    const rest = new RegExp(`^(/outcomes|/behaviour/segments/\\d+/outcomes)/${REMAINDER_OUTCOME}$`).exec(path);
    const found = /found (-[\d.e+-]+)$/.exec(String(err.message || ''));
    if (rest && found && !(labels && labels[path])) {
      const group = rest[1];
      const used = 1 - Number(found[1]); // the others add up to 100 % minus the remainder
      const prefix = group === '/outcomes' ? '' : `${fieldLabel(group).replace(/: outcomes$/, '')}: `;
      const names = Object.keys(OUTCOME_LABELS).filter((k) => k !== REMAINDER_OUTCOME).map((k) => OUTCOME_LABELS[k]);
      out.push({
        path: group,
        message: `${prefix}${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} add up to ${inUnit(used, PERCENT)}; together they can be at most 100 % (${OUTCOME_LABELS[REMAINDER_OUTCOME]} is the rest).`,
      });
      continue;
    }
    out.push(wordError(err, labels));
  }
  return out;
}

/** The engine's warnings ("/retry/max_retries: 6 is outside…") with the form's labels. */
export function userWarnings(warnings, { labels } = {}) {
  return (warnings || []).map((w) => {
    const m = /^(\/[^:\s]*): (.*)$/s.exec(String(w));
    if (!m) return keyWords(String(w));
    const label = fieldLabel(m[1], labels);
    return label ? `${label}: ${keyWords(m[2])}` : keyWords(m[2]);
  });
}

// ---- rejected CSV rows ----

export const REJECT_REASONS = {
  invalid_phone_number: 'Invalid phone number',
  unsupported_country: 'Country code not in the enabled countries',
  unsupported_prefix: 'Number prefix not enabled',
  no_enabled_countries: 'No country is enabled',
  malformed_row: 'Malformed row',
};

/** What is wrong with one rejected row (the engine's detail), in words. */
export function rejectedRowText(d) {
  switch (d.detail) {
    case 'empty': return 'no number';
    case 'missing_plus': return 'missing + at the start (E.164: +, country code, number)';
    case 'stray_characters': return 'stray characters: only digits may follow the +';
    case 'wrong_length': {
      const [lo, hi] = d.allowed_digits || [];
      return `wrong length: ${d.digits} ${d.digits === 1 ? 'digit' : 'digits'}, ${lo === hi ? `${lo}` : `${lo}–${hi}`} expected`;
    }
    case 'unknown_country_code': return 'unknown country code';
    case 'too_few_fields':
    case 'too_many_fields': return `${d.fields} ${d.fields === 1 ? 'field' : 'fields'}, the header has ${d.allowed_fields}`;
    case 'country_not_enabled': return 'country not enabled';
    case 'prefix_not_enabled': return 'prefix not enabled';
    case 'nothing_enabled': return 'no country enabled';
    default: return d.detail || '';
  }
}

/** Short heading of a detail group ("Missing +"). */
export const DETAIL_TITLES = {
  empty: 'No number', missing_plus: 'Missing +', stray_characters: 'Stray characters',
  wrong_length: 'Wrong length', unknown_country_code: 'Unknown country code',
  too_few_fields: 'Too few fields', too_many_fields: 'Too many fields',
  country_not_enabled: 'Country not enabled', prefix_not_enabled: 'Prefix not enabled', nothing_enabled: 'No country enabled',
};
