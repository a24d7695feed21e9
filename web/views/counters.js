// Live counters (model.md §5). Each number sits in an element with data-counter="<key>" whose text
// is just the number; its definition shows on hover and on keyboard focus.
import { h, setText } from '../dom.js';
import { formatMoney, formatNumber } from '../state.js';

export const COUNTERS = [
  { key: 'recipients', label: 'Recipients', api: 'total_lead_count', def: 'Valid recipients loaded into the campaign.', cls: 'total' },
  { key: 'sent', label: 'Sent', api: 'sent_lead_count', def: 'Recipients whose first attempt has reached sent or later.', cls: 'neutral' },
  { key: 'picked_up', label: 'Picked Up', api: 'picked_up_calls', def: 'Calls (any attempt) answered by a person so far. Counts calls, not recipients; voicemail is not a pick-up.', cls: 'neutral' },
  { key: 'attempts', label: 'Attempts', api: null, def: 'Call logs dispatched (reached initiated), first attempts and retries. Counts calls.', cls: 'neutral' },
  { key: 'in_progress', label: 'In progress', api: null, def: 'Recipients not yet final: queued, in flight, or waiting for a retry.', cls: 'st-in_progress' },
  { key: 'completed_leads', label: 'Completed leads', api: null, def: 'Recipients whose final status is completed.', cls: 'st-completed' },
  { key: 'failed_leads', label: 'Failed leads', api: null, def: 'Recipients whose final status is failed, busy or no_answer.', cls: 'st-failed' },
  { key: 'did_not_pick', label: 'Did not pick', api: null, def: 'Recipients whose final status is did_not_pick (rang out, or voicemail detected).', cls: 'st-did_not_pick' },
  { key: 'cancelled', label: 'Cancelled', api: null, def: 'Recipients whose final status is cancelled (queued when the campaign was cancelled).', cls: 'st-cancelled' },
  { key: 'retry_expired', label: 'Retry expired', api: null, def: 'Recipients whose final status is retry_expired (a retry or first attempt still pending when the campaign end passed).', cls: 'st-retry_expired' },
];

export function mountCounters(root) {
  const els = {};
  const grid = h('div', { class: 'counter-grid' });
  for (const c of COUNTERS) {
    const labelId = `counter-${c.key}-label`;
    const defId = `counter-${c.key}-def`;
    const value = h('span', { class: 'counter-value', 'data-counter': c.key }, '0');
    els[c.key] = value;
    grid.append(h('div', { class: `counter ${c.cls}`, tabindex: '0', role: 'group', 'aria-labelledby': labelId, 'aria-describedby': defId },
      h('span', { class: 'counter-label', id: labelId }, c.label),
      value,
      h('span', { class: 'counter-def', role: 'tooltip', id: defId },
        h('strong', null, c.label), c.api ? [' ', h('code', null, c.api)] : null, h('br'), c.def)));
  }
  const billing = {
    billed_minutes: h('span', { class: 'bill-value', dataset: { billing: 'billed_minutes' } }, '0'),
    cost: h('span', { class: 'bill-value', dataset: { billing: 'cost' } }, '0.00'),
    balance: h('span', { class: 'bill-value', dataset: { billing: 'balance' } }, 'unlimited'),
  };
  const bill = (key, label, def) => h('div', { class: 'bill', tabindex: '0', role: 'group', 'aria-describedby': `bill-${key}-def` },
    h('span', { class: 'bill-label' }, label), billing[key],
    h('span', { class: 'counter-def', role: 'tooltip', id: `bill-${key}-def` }, def));
  const invariant = h('p', { class: 'invariant' });
  root.append(grid,
    h('div', { class: 'billing-row' },
      bill('billed_minutes', 'Billed minutes', 'Sum over answered calls (person or voicemail) of the time from answer to end, each rounded up to whole minutes.'),
      bill('cost', 'Cost', 'Billed minutes × cost per minute.'),
      bill('balance', 'Wallet balance', 'What is left in the wallet. Calls in flight finish even if that takes it below zero.'),
      invariant));

  return {
    render(state, live) {
      const c = live.sim ? live.sim.campaigns[0] : null;
      const k = c ? c.counters : null;
      for (const def of COUNTERS) setText(els[def.key], formatNumber(k ? k[def.key] ?? 0 : 0));
      setText(billing.billed_minutes, c ? formatNumber(c.billing.billed_minutes) : '0');
      setText(billing.cost, c ? formatMoney(c.billing.cost) : '0.00');
      const bal = live.sim ? live.sim.wallet.balance : state.scenario.wallet.balance;
      setText(billing.balance, bal === null || bal === undefined ? 'unlimited' : formatMoney(bal));
      billing.balance.classList.toggle('bad', typeof bal === 'number' && bal < (state.scenario.wallet.cost_per_minute || 0));
      if (k) {
        const sum = k.completed_leads + k.failed_leads + k.did_not_pick + k.cancelled + k.retry_expired + k.in_progress;
        setText(invariant, `Completed + Failed + Did not pick + Cancelled + Retry expired + In progress = ${formatNumber(sum)} of ${formatNumber(k.recipients)} recipients${sum === k.recipients ? ' ✓' : ' (mismatch!)'}`);
      } else setText(invariant, '');
    },
  };
}
