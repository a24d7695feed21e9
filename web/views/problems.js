// The engine's validation errors as a list, for the views without a campaign form ('live',
// 'tuning'): an invalid scenario given to <campaign-sim> says what is wrong, in the engine's words,
// inside the element.
import { h, clear } from '../dom.js';

export function mountProblems(root) {
  let shown = null;
  const box = h('div', { class: 'problems', role: 'alert', hidden: true });
  root.append(box);
  return {
    render(state, live) {
      const v = live.validation && !live.validation.valid ? live.validation : null;
      if (v === shown) return;
      shown = v;
      box.hidden = !v;
      clear(box);
      if (!v) return;
      const n = v.errors.length;
      box.append(
        h('p', { class: 'problems-title' }, `This scenario has ${n} ${n === 1 ? 'problem' : 'problems'}:`),
        h('ul', null, v.errors.map((e) => h('li', { dataset: { path: e.path } }, h('code', null, e.path || '/'), ' ', e.message))));
    },
  };
}
