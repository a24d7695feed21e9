// The full view's first render, spread over frames. Laying out the whole app at once (the form's
// groups, the cards, the tuning area) is one main-thread task of 50-70 ms of CPU on its own, over
// the 50 ms a good guest may take (issue 9). So the regions are hidden (display: none costs no
// layout) and shown one per animation frame, in reading order: each frame lays out one region.
//
//   const reveal = revealInFrames(root, FULL_VIEW_ORDER, { onDone });  ...  reveal.cancel();
//
// Selectors that match nothing are skipped. No side effect at import.

/** The full view's regions, in the order they appear: the first screen (Launch, counters) first. */
export const FULL_VIEW_ORDER = [
  '.share-card', '.control-card', 'section[part="counters"]',
  '.form-body > *', '#campaign-form > .scenario-details',
  'section[part="chart"]', 'section[part="history"]', 'section[part="exports"]',
  '#tuning', '.calibrate-card', '.assumptions-card',
];

export const PENDING = 'cs-pending'; // styles.css: display: none

/**
 * Hides the regions `selectors` match under `root` and shows them again one per frame.
 * @returns {{done: boolean, shown: Promise<void>, cancel(): void}} `shown` resolves once every
 *   region is shown; cancel() shows everything at once
 */
export function revealInFrames(root, selectors, { onDone = () => {} } = {}) {
  const seen = new Set();
  const regions = [];
  for (const sel of selectors) {
    for (const el of root.querySelectorAll(sel)) if (!seen.has(el)) { seen.add(el); regions.push(el); }
  }
  const win = root.ownerDocument.defaultView;
  let resolveShown;
  const state = { done: regions.length === 0, shown: new Promise((r) => { resolveShown = r; }), cancel };
  if (state.done) { resolveShown(); return state; }
  for (const el of regions) el.classList.add(PENDING);
  let next = 0;
  let frame = win.requestAnimationFrame(step);
  function step() {
    regions[next].classList.remove(PENDING);
    next += 1;
    if (next < regions.length) frame = win.requestAnimationFrame(step);
    else finish();
  }
  function finish() {
    state.done = true;
    resolveShown();
    onDone();
  }
  function cancel() {
    if (state.done) return;
    win.cancelAnimationFrame(frame);
    for (const el of regions) el.classList.remove(PENDING);
    finish();
  }
  return state;
}
