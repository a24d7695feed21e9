// The "Model assumptions" panel: every decision the simulator makes where DialNexa's documentation
// is silent (model.md's [model] items and the engine's own), from assumptions.json.
import { h, clear } from '../dom.js';

export async function mountAssumptions(root, ctx) {
  clear(root);
  let items;
  try {
    items = await ctx.assets.json('assumptions');
    if (!Array.isArray(items)) throw new Error('assumptions.json must hold one array');
  } catch (err) {
    root.append(h('p', { class: 'inline-error' }, `The model assumptions could not be loaded: ${err.message}`));
    ctx.reportError(`The model assumptions could not be loaded: ${err.message}`);
    return;
  }
  root.append(h('ol', { class: 'assumptions' }, items.map((item) => h('li', { class: 'assumption' },
    h('h3', null, item.title),
    h('p', null, item.text)))));
}
