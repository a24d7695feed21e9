// The few settings a docs page lets its reader change in place (<campaign-sim controls="...">),
// for the 'live' and 'tuning' views that have no campaign form. Each is one field of the scenario
// document; the engine validates every change (its message appears under the field, by JSON path)
// and a finished run gives way to a fresh draft of the new settings. Ranges are the engine's: this
// view states none of its own.
import { h, setText, activeElementOf } from '../dom.js';
import { setIn } from '../state.js';

/** The settings `controls` may name: label, where the value lives, and its kind. */
export const SETTINGS = {
  max_retries: { label: 'Retries', path: ['scenario', 'retry', 'max_retries'], kind: 'int' },
  wait_minutes: { label: 'Minutes between retries', path: ['scenario', 'retry', 'wait_minutes'], kind: 'int' },
  retry_on_busy: { label: 'Retry busy', path: ['scenario', 'retry', 'retry_on_busy'], kind: 'bool' },
  retry_on_no_answer: { label: 'Retry no answer', path: ['scenario', 'retry', 'retry_on_no_answer'], kind: 'bool' },
  retry_on_voicemail: { label: 'Retry voicemail', path: ['scenario', 'retry', 'retry_on_voicemail'], kind: 'bool' },
  concurrency: { label: 'Concurrent calls', path: ['scenario', 'concurrency'], kind: 'int' },
  recipients: { label: 'Recipients', path: ['scenario', 'recipients', 'count'], kind: 'int' },
  seed: { label: 'Seed', path: ['seed'], kind: 'int' },
};

/** "max_retries, wait_minutes" -> ['max_retries', 'wait_minutes']; unknown names are reported. */
export function parseControls(text) {
  const names = String(text || '').split(/[\s,]+/).filter(Boolean);
  const unknown = names.filter((n) => !(n in SETTINGS));
  return { names: names.filter((n) => n in SETTINGS), unknown };
}

function getIn(obj, path) {
  return path.reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}

export function mountSettings(root, ctx) {
  const { store } = ctx;
  const fields = [];
  const grid = h('div', { class: 'settings-grid' });
  for (const name of ctx.controls) {
    const s = SETTINGS[name];
    const id = `set-${name}`;
    const input = s.kind === 'bool'
      ? h('input', { type: 'checkbox', id, dataset: { setting: name } })
      : h('input', { type: 'number', id, inputmode: 'numeric', step: '1', dataset: { setting: name } });
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    input.setAttribute('aria-describedby', error.id);
    input.addEventListener('change', () => {
      let value;
      if (s.kind === 'bool') value = input.checked;
      else value = input.value.trim() === '' ? null : Number(input.value);
      store.update((st) => setIn(st, s.path, value));
      // A launched run belongs to the old settings: start a fresh draft of the new ones.
      if (store.live.phase === 'launched') ctx.newRun(); else ctx.onEdit();
    });
    const wrap = s.kind === 'bool'
      ? h('div', { class: 'field field-check' }, h('label', { class: 'check' }, input, ` ${s.label}`), error)
      : h('div', { class: 'field' }, h('label', { for: id }, s.label), input, error);
    grid.append(wrap);
    fields.push({ name, s, input, error, jsonPath: `/${s.path.slice(1).join('/')}` });
  }
  root.append(grid);

  return {
    render(state, live) {
      const errors = live.validation && !live.validation.valid ? live.validation.errors : [];
      for (const f of fields) {
        const value = getIn(state, f.s.path);
        if (f.s.kind === 'bool') f.input.checked = Boolean(value);
        else if (f.input !== activeElementOf(f.input)) f.input.value = value === null || value === undefined ? '' : String(value);
        const mine = f.name === 'seed' ? [] : errors.filter((e) => e.path === f.jsonPath || e.path.startsWith(`${f.jsonPath}/`));
        f.error.hidden = !mine.length;
        setText(f.error, mine.map((e) => e.message).join(' '));
        f.input.setAttribute('aria-invalid', mine.length ? 'true' : 'false');
      }
    },
  };
}

