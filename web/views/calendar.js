// The calendar of a zoned campaign, as the engine reports it (state campaigns[0].calendar): its
// zone and tzdata, where the hours are read, where the recipients' zones came from, the rule preset
// applied, and the compliance check: how many attempts started outside each checked preset's hours
// (in the recipient's local time). Nothing here computes time: it prints the engine's figures.
// Hidden for campaigns on the plain local clock.
import { h, clear } from '../dom.js';
import { formatNumber } from '../state.js';
import { PRESET_LABELS, ZONE_SOURCE_LABELS } from '../messages.js';
import { formatEnUS } from '../number-format.js';

const presetName = (k) => PRESET_LABELS[k] || k;

export function mountCalendar(root) {
  root.classList.add('calendar-summary');
  root.setAttribute('aria-live', 'polite');
  root.hidden = true;
  let lastKey = '';

  return {
    render(state, live) {
      const c = live.sim ? live.sim.campaigns[0] : null;
      const cal = c && c.calendar;
      const key = cal ? JSON.stringify([live.sim.finished, cal.time_zone, cal.calling_hours_in, cal.calling_rules, cal.recipient_zones, cal.compliance_check, cal.tzdata]) : '';
      if (key === lastKey) return;
      lastKey = key;
      clear(root);
      root.hidden = !cal;
      if (!cal) return;
      const sources = Object.entries(cal.recipient_zones || {}).filter(([, n]) => n > 0);
      const checks = Object.entries(cal.compliance_check || {});
      const sofar = live.sim.finished ? '' : ' so far';
      root.append(...[
        h('p', { class: 'cal-head' },
          h('strong', null, cal.time_zone),
          ` · calling hours read in ${cal.calling_hours_in === 'recipient' ? 'each recipient’s time (beyond DialNexa)' : 'the campaign’s time'}`,
          ` · tzdata ${cal.tzdata}`),
        sources.length ? h('p', { class: 'cal-line', id: 'cal-zones' }, 'Recipients’ zones: ',
          sources.map(([k, n], i) => [i ? '; ' : '', h('strong', null, formatNumber(n)), ` ${ZONE_SOURCE_LABELS[k] || k}`]), '.') : null,
        cal.calling_rules ? h('p', { class: 'cal-line', id: 'cal-rules' }, 'Calling rules applied: ', h('strong', null, presetName(cal.calling_rules)),
          ' in each recipient’s local time, combined with the campaign’s hours ', h('span', { class: 'beyond-badge' }, 'beyond DialNexa')) : null,
        checks.length ? h('div', { class: 'cal-line', id: 'cal-compliance' },
          h('p', null, 'Compliance check (not applied) ', h('span', { class: 'beyond-badge' }, 'beyond DialNexa')),
          h('ul', { class: 'cal-checks' }, checks.map(([k, r]) => h('li', { dataset: { preset: k }, class: r.outside ? 'outside' : 'inside' },
            h('strong', null, presetName(k)), ': ',
            r.outside
              ? [h('strong', null, formatNumber(r.outside)), ` of ${formatNumber(r.attempts)} ${r.attempts === 1 ? 'attempt' : 'attempts'}${sofar} started outside its hours (${percent(r.outside, r.attempts)}).`]
              : `all ${formatNumber(r.attempts)} ${r.attempts === 1 ? 'attempt' : 'attempts'}${sofar} started inside its hours.`)))) : null,
      ].filter(Boolean));
    },
  };
}

function percent(part, whole) {
  if (!whole) return '0 %';
  const p = (100 * part) / whole;
  return `${p < 0.1 ? '<0.1' : formatEnUS(p, { maximumFractionDigits: 1 })} %`;
}
