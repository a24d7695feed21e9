// The one template of the app: the cards the views fill, for each view of <campaign-sim> and the
// standalone page. Built with dom.js (no HTML strings, no inline styles: strict CSP). Ids are
// those the views and tests know (#controls, #counters, ...); each app lives in its own light DOM
// container or shadow root, so several apps on a page do not clash.
//
//   view 'full'   the whole app: campaign form, run control, counters, chart, call history,
//                 exports, tuning cards, model assumptions (the standalone page)
//   view 'live'   run control, the settings named in `controls`, counters and chart
//   view 'tuning' the settings named in `controls` and the tuning cards
import { h } from './dom.js';

export const VIEWS = ['full', 'live', 'tuning'];

function card(headingId, title, note, body, { part, cls = 'card' } = {}) {
  return h('section', { class: cls, 'aria-labelledby': headingId, part },
    h('div', { class: 'card-head' }, h('h2', { id: headingId }, title), note ? h('p', { class: 'card-note' }, note) : null),
    body);
}

function controlCard() {
  return h('section', { class: 'card control-card', 'aria-labelledby': 'control-heading', part: 'controls' },
    h('h2', { id: 'control-heading', class: 'visually-hidden' }, 'Run control'),
    h('div', { id: 'controls' }),
    // A zoned campaign's calendar: zone, recipients' zones, preset, compliance check (views/calendar.js).
    h('div', { id: 'calendar' }));
}

// The standalone page's share bar (views/share.js; at the top of the sidebar) and the report head
// it prints (views/report.js).
const shareCard = () => h('section', { class: 'card share-card', 'aria-labelledby': 'share-heading', part: 'share' },
  h('h2', { id: 'share-heading', class: 'visually-hidden' }, 'Share, save and report'),
  h('div', { id: 'share' }));

// The live estimate (the likely final counters) sits under the counters so far, so Launch and the
// counters stay on the first screen at 1024 × 768.
const countersCard = () => card('counters-heading', 'Counters', 'Hover or focus a counter for its definition.',
  [h('div', { id: 'counters' }), h('div', { id: 'estimate', class: 'estimate-slot' })], { part: 'counters' });
const chartCard = () => card('chart-heading', 'Recipients by status', 'Over simulated time, and attempts by retry depth.', h('div', { id: 'chart' }), { part: 'chart' });
const settingsCard = () => card('settings-heading', 'Try it', 'Change a setting; the campaign is checked by the engine and can be launched again.', h('div', { id: 'settings' }), { part: 'settings' });

/**
 * @param {{view?: string, hasSettings?: boolean}} options
 * @returns {DocumentFragment} the app's skeleton; every view mounts in an element of it by id
 */
export function appTemplate({ view = 'full', hasSettings = false, share = false } = {}) {
  const frag = document.createDocumentFragment();
  frag.append(h('div', { id: 'alerts', class: 'alerts', role: 'alert', 'aria-live': 'assertive', part: 'alerts' }));
  if (view === 'live') {
    frag.append(h('div', { class: 'layout layout-live', dataset: { view } },
      h('div', { id: 'problems' }),
      hasSettings ? settingsCard() : null,
      controlCard(), countersCard(), chartCard()));
    return frag;
  }
  if (view === 'tuning') {
    frag.append(h('div', { class: 'layout layout-tuning', dataset: { view } },
      h('div', { id: 'problems' }),
      hasSettings ? settingsCard() : null,
      h('div', { id: 'tuning', class: 'tuning-area', part: 'tuning' })));
    return frag;
  }
  frag.append(h('main', { id: 'main', class: 'layout', dataset: { view: 'full' } },
    h('aside', { class: 'sidebar', 'aria-labelledby': 'form-heading' },
      // Above the form it saves and opens; beside, not above, the run area (Launch and the
      // counters stay on the first screen).
      share ? shareCard() : null,
      h('section', { class: 'card form-card', part: 'form' },
        h('div', { class: 'card-head' },
          h('h2', { id: 'form-heading' }, 'Campaign'),
          h('span', { id: 'form-state', class: 'chip', role: 'status' })),
        h('form', { id: 'campaign-form', novalidate: true }))),
    h('div', { class: 'content' },
      share ? h('header', { id: 'report-head', class: 'report-head', 'aria-hidden': 'true' }) : null,
      controlCard(), countersCard(), chartCard(),
      card('history-heading', 'Call history', "One row per call log. Open a row to see its recipient's retry chain.", h('div', { id: 'history' }), { part: 'history' }),
      card('exports-heading', 'Exports', 'Final statuses only: rows still in progress are left out, and each export says how many.', h('div', { id: 'exports' }), { part: 'exports' }),
      h('div', { id: 'tuning', class: 'tuning-area', part: 'tuning' }),
      card('calibrate-heading', 'Calibrate from call history', 'Fit the recipient behaviour of last campaign’s call history, check it reproduces that campaign, then tune the next one on it.', h('div', { id: 'calibrate' }), { cls: 'card calibrate-card', part: 'calibrate' })),
    card('assumptions-heading', 'Model assumptions', "Where DialNexa's documentation is silent, the simulator decides. These are its decisions, so you can tell fact from model.", h('div', { id: 'assumptions' }), { cls: 'card assumptions-card', part: 'assumptions' })));
  return frag;
}
