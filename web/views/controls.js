// Run control: the campaign status and why it is (not) dialing, the simulated clock, the action
// buttons and the speed. Which buttons are enabled comes from the engine's `allowed_actions`; the
// page never decides a transition itself.
import { h, setText, clear, activeElementOf } from '../dom.js';
import { SPEEDS, CAMPAIGN_STATUS_TEXT, BLOCKER_TEXT, formatLocalLong, formatLocalShort, formatDuration, parseLocal, formatNumber, formatMoney, wallClockAt, offsetText } from '../state.js';

const ACTIONS = [
  { action: 'launch', label: 'Launch', cls: 'btn-primary', hint: 'Start dialing (draft → active)' },
  { action: 'pause', label: 'Pause', cls: '', hint: 'Stop new calls; calls in flight finish' },
  { action: 'resume', label: 'Resume', cls: '', hint: 'Continue dialing' },
  { action: 'cancel', label: 'Cancel', cls: 'btn-danger', hint: 'Stop permanently; queued calls are cancelled' },
];

export function mountControls(root, ctx) {
  const statusBadge = h('span', { class: 'status-badge', id: 'campaign-status', dataset: { status: 'none' } });
  const campaignName = h('span', { class: 'campaign-name' });
  const statusText = h('p', { class: 'status-text' });
  const why = h('div', { class: 'why', id: 'why', 'aria-live': 'polite' });
  const clock = h('p', { class: 'clock-time', id: 'sim-clock' }, '—');
  const clockZone = h('p', { class: 'clock-zone', id: 'sim-clock-zone' });
  const elapsed = h('p', { class: 'clock-sub' });
  const buttons = {};
  for (const a of ACTIONS) {
    buttons[a.action] = h('button', { type: 'button', class: `btn ${a.cls}`, disabled: true, title: a.hint, dataset: { action: a.action } },
      h('span', { class: `btn-icon icon-${a.action}`, 'aria-hidden': 'true' }), a.label);
    buttons[a.action].addEventListener('click', () => ctx.act(a.action));
  }
  const newRun = h('button', { type: 'button', class: 'btn btn-ghost', disabled: true, hidden: true, title: 'Unlock the settings for a new run (the current results are discarded)' }, 'New run');
  // "New run" discards a finished run's counters, history and exports: it asks first, in the page.
  const confirmText = h('p', { class: 'confirm-text', id: 'newrun-confirm-text' }, 'Start a new run? This run’s counters, call history and exports are discarded (export them first to keep them).');
  const keepBtn = h('button', { type: 'button', class: 'btn btn-small' }, 'Keep this run');
  const discardBtn = h('button', { type: 'button', class: 'btn btn-small btn-danger' }, 'Discard results and start a new run');
  const confirmBox = h('div', { class: 'confirm', role: 'alertdialog', 'aria-modal': 'false', 'aria-labelledby': 'newrun-confirm-text', hidden: true },
    confirmText, h('div', { class: 'confirm-buttons' }, keepBtn, discardBtn));
  const closeConfirm = (focusBack) => {
    confirmBox.hidden = true;
    if (focusBack && !newRun.hidden && !newRun.disabled) newRun.focus();
  };
  newRun.addEventListener('click', () => {
    confirmBox.hidden = false;
    keepBtn.focus();
  });
  keepBtn.addEventListener('click', () => closeConfirm(true));
  confirmBox.addEventListener('keydown', (event) => { if (event.key === 'Escape') { event.preventDefault(); closeConfirm(true); } });
  discardBtn.addEventListener('click', () => {
    closeConfirm(false);
    focusLost = 'newRun'; // focus goes to Launch as soon as the new draft can launch
    ctx.newRun();
  });
  const actionResult = h('p', { class: 'action-result', role: 'status' });
  const fixes = mountFixes(ctx);

  const speedGroup = h('div', { class: 'segmented speed', role: 'radiogroup', 'aria-labelledby': 'speed-label' });
  const speedInputs = SPEEDS.map((s) => {
    const id = `speed-${s.value}`;
    const input = h('input', { type: 'radio', name: 'speed', value: s.value, id });
    input.addEventListener('change', () => { if (input.checked) ctx.setSpeed(s.value); });
    speedGroup.append(input, h('label', { for: id, title: s.title }, s.label, h('span', { class: 'visually-hidden' }, ` (${s.title})`)));
    return input;
  });

  root.append(
    h('div', { class: 'control-top' },
      h('div', { class: 'status-block' },
        h('div', { class: 'status-line' }, statusBadge, campaignName),
        statusText,
        why),
      h('div', { class: 'clock', role: 'group', 'aria-label': 'Simulated clock' },
        h('p', { class: 'clock-label' }, 'Simulated clock'),
        clock, clockZone, elapsed)),
    h('div', { class: 'control-bar' },
      h('div', { class: 'actions', role: 'group', 'aria-label': 'Campaign actions' }, ACTIONS.map((a) => buttons[a.action]), newRun),
      h('div', { class: 'speed-block' }, h('span', { class: 'speed-label', id: 'speed-label' }, 'Speed'), speedGroup)),
    confirmBox,
    actionResult);

  // When the pressed button becomes disabled (Launch once launched, Pause once paused), the focus
  // moves to the next sensible control as soon as it is enabled, unless the user went elsewhere.
  const NEXT_FOCUS = {
    launch: ['pause', 'cancel', 'newRun'],
    pause: ['resume', 'cancel', 'newRun'],
    resume: ['pause', 'cancel', 'newRun'],
    cancel: ['newRun'],
    newRun: ['launch'],
  };
  let focusLost = null; // the action whose button had the focus when it was disabled or hidden
  const controlOf = (key) => (key === 'newRun' ? newRun : buttons[key]);
  const usableControl = (el) => el && !el.disabled && !el.hidden;
  function keepFocus(before) {
    const active = activeElementOf(root);
    const mine = Object.keys(NEXT_FOCUS).find((k) => controlOf(k) === before);
    if (mine && !usableControl(before)) focusLost = mine;
    if (!focusLost) return;
    const lostEl = controlOf(focusLost);
    // Still lost: on the page itself, on the disabled button, or on a control hidden meanwhile.
    const stillLost = !active || active === lostEl || active.tagName === 'BODY' || active.disabled || active.getClientRects().length === 0;
    if (!stillLost) { focusLost = null; return; }
    const next = NEXT_FOCUS[focusLost].map(controlOf).find(usableControl);
    if (next) {
      next.focus();
      focusLost = null;
    }
  }

  return {
    render(state, live) {
      const focusedBefore = activeElementOf(root);
      for (const input of speedInputs) input.checked = input.value === state.ui.speed;
      const sim = live.sim;
      const c = sim ? sim.campaigns[0] : null;
      const allowed = new Set(c ? c.allowed_actions : []);
      const settled = !live.validating && live.validation && live.validation.valid;
      const usable = live.engine === 'ready' && c && (live.phase === 'launched' || settled);
      for (const a of ACTIONS) {
        let enabled = usable && allowed.has(a.action) && !live.busy;
        if (a.action === 'launch') enabled = enabled && live.phase === 'draft';
        buttons[a.action].disabled = !enabled;
      }
      const final = c && (c.status === 'completed' || c.status === 'cancelled');
      newRun.hidden = live.phase !== 'launched';
      newRun.disabled = !(live.phase === 'launched' && final);
      if (newRun.hidden || newRun.disabled) confirmBox.hidden = true;
      keepFocus(focusedBefore);

      // Status
      const status = c ? c.status : (live.engine === 'failed' ? 'error' : 'none');
      statusBadge.dataset.status = status;
      setText(statusBadge, c ? c.status : (live.engine === 'loading' ? 'loading engine' : live.engine === 'failed' ? 'engine error' : 'not ready'));
      setText(campaignName, c ? c.name : state.scenario.name || '');
      if (c) setText(statusText, CAMPAIGN_STATUS_TEXT[c.status] || '');
      else if (live.validating) setText(statusText, 'Checking the campaign settings…');
      else if (live.validation && !live.validation.valid) setText(statusText, 'Fix the highlighted settings to launch.');
      else setText(statusText, '');
      renderWhy(why, sim, c, fixes, live, state);

      if (sim) {
        setText(clock, formatLocalLong(sim.clock.local_time));
        // A zoned run: the campaign's zone and the offset now (the engine writes it on every time).
        setText(clockZone, sim.clock.time_zone ? `${sim.clock.time_zone} · ${offsetText(sim.clock.local_time)}` : '');
        const t = c && c.timing;
        let sub = `${formatDuration(sim.clock.elapsed_seconds)} since t = 0`;
        if (t && t.finished_at_minute !== null && t.finished_at_minute !== undefined) {
          sub += ` · finished ${atLocal(sim, t.finished_at_minute * 60).replace(/^at /, '')}`;
          if (t.duration_minutes !== null && t.duration_minutes !== undefined) sub += `, ran ${formatDuration(t.duration_minutes * 60)}`;
        }
        setText(elapsed, sub);
      } else {
        setText(clock, '—');
        setText(clockZone, '');
        setText(elapsed, '');
      }

      const la = live.lastAction;
      setText(actionResult, la ? describeAction(la) : '');
    },
  };
}

function describeAction({ action, result, at }) {
  const when = at ? ` at ${formatLocalShort(at)}` : '';
  if (action === 'top_up') return `Wallet topped up by ${formatMoney(result.amount)}${when}: balance ${formatMoney(result.balance)}; campaign is now ${result.status}.`;
  if (action === 'set_workspace') return `${result.what}${when}: campaign is now ${result.status}.`;
  const a = result.affectedCalls || {};
  const past = { launch: 'Launched', pause: 'Paused', resume: 'Resumed', cancel: 'Cancelled' }[action] || action;
  const parts = [`${past}${at ? ` at ${formatLocalShort(at)}` : ''}: campaign is now ${result.status}.`];
  if (action === 'cancel') parts.push(`${formatNumber(a.cancelledCallLogs)} queued call logs cancelled (removed from queue: ${formatNumber(a.removedFromQueue)}); ${formatNumber(a.initiated)} calls in flight finish.`);
  if (action === 'pause') parts.push(`${formatNumber(a.initiated)} calls in flight finish; ${formatNumber(a.queued)} queued call logs wait.`);
  if (action === 'resume') parts.push(`${formatNumber(a.resumedCallLogs)} call logs resumed.`);
  if (action === 'launch') parts.push(`${formatNumber(a.queued)} call logs queued.`);
  return parts.join(' ');
}

function renderWhy(el, sim, c, fixes, live, state) {
  const blocked = !!(sim && c && c.status === 'active' && c.blocked_by && c.blocked_by.length);
  fixes.update(live);
  if (blocked) {
    // Rebuilt only when the blockers change, so a fix control keeps its focus and typed amount.
    const key = c.blocked_by.join(',');
    if (el.dataset.kind !== 'blocked' || el.dataset.key !== key) {
      clear(el);
      el.dataset.key = key;
      el.append(h('p', { class: 'why-title' }, 'Why nothing is dialing:'),
        h('ul', { class: 'why-list' }, c.blocked_by.map((b) => h('li', { dataset: { blocker: b } },
          h('span', { class: 'why-reason' }, BLOCKER_TEXT[b] || b, b === 'scheduled_start' ? scheduledStart(sim, state) : null), fixes.forBlocker(b)))),
        fixes.error,
        h('p', { class: 'why-note' }, 'Nothing more will happen by itself: an action is needed.'));
      el.dataset.kind = 'blocked';
    }
    el.querySelector('.why-note').hidden = !sim.finished;
    return;
  }
  clear(el);
  delete el.dataset.key;
  if (!sim || !c) return;
  const lines = [];
  // Zoned campaigns: each zone whose window is closed while it has queued calls, and when it opens
  // on its recipients' own clock (the engine's calendar.waiting_by_zone).
  const zoneWaits = (c.calendar && c.calendar.waiting_by_zone) || [];
  for (const w of zoneWaits) {
    const who = `${formatNumber(w.waiting)} ${w.waiting === 1 ? 'recipient' : 'recipients'} in ${w.time_zone}`;
    if (!w.opens_local) { lines.push(`${who} wait: their window never opens (check the calling days, the hours and the preset).`); continue; }
    const at = parseLocal(w.opens);
    const day = at ? `${at.weekday} ${at.day} ${at.month}` : '';
    lines.push(w.time_zone === c.calendar.time_zone
      ? `${who} wait for ${w.opens_local} local${day ? `, ${day}` : ''}.`
      : `${who} wait for ${w.opens_local} local${at ? ` (${day} ${at.hm} in ${c.calendar.time_zone})` : ''}.`);
  }
  if (c.waiting_for === 'calling_hours' && !zoneWaits.length) {
    lines.push(`Waiting for ${c.next_window_local || 'the calling window'}: outside calling hours, nothing is dialed.`);
  }
  if (c.status === 'running' && c.waiting_for !== 'calling_hours') {
    if (c.in_flight > 0 || c.queued > 0) lines.push(`${formatNumber(c.in_flight)} calls in flight · ${formatNumber(c.queued)} queued.`);
    if (c.in_flight === 0 && c.counters.in_progress > 0 && sim.next_event_seconds !== null && sim.next_event_seconds !== undefined) {
      lines.push(`Waiting for retries to come due: next event ${atLocal(sim, sim.next_event_seconds)}.`);
    }
  }
  if (c.status === 'paused') lines.push(`${formatNumber(c.in_flight)} calls in flight finishing · ${formatNumber(c.queued)} queued wait for Resume.`);
  if (c.status === 'cancelled' && c.in_flight > 0) lines.push(`${formatNumber(c.in_flight)} calls already in flight are finishing.`);
  if (sim.truncated) {
    // The engine stopped the run at its horizon (horizon_days): say so rather than look finished.
    lines.push(`The run was cut at the horizon, ${formatNumber(sim.truncated.at_minute / 1440)} simulated days in, with ${formatNumber(sim.truncated.in_progress)} recipients still in progress: the figures are partial. Raise horizon_days (up to 3650) to simulate further.`);
    el.dataset.kind = 'truncated';
    for (const line of lines) el.append(h('p', { class: 'why-truncated' }, line));
    return;
  }
  if (sim.finished && c.status !== 'completed' && c.status !== 'cancelled' && c.status !== 'draft') {
    lines.push('Nothing more will happen by itself: an action is needed.');
  }
  el.dataset.kind = c.waiting_for ? 'waiting' : 'info';
  for (const line of lines) el.append(h('p', null, line));
}

// "scheduled start not reached: dialing starts at 09:30:00 (Start minute 30)".
function scheduledStart(sim, state) {
  const minute = state && state.scenario.schedule ? state.scenario.schedule.starts_at_minute : null;
  if (typeof minute !== 'number') return null;
  return `: dialing starts ${atLocal(sim, minute * 60)} (Start minute ${formatNumber(minute)})`;
}

// A simulated instant as local time: "at 09:31:20", with the weekday when it is another day.
function atLocal(sim, seconds) {
  const p = parseLocal(sim.clock.local_time);
  const ms = wallClockAt(sim, seconds);
  if (!p || ms === null) return `at ${formatDuration(seconds)}`;
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  const day = d.toISOString().slice(0, 10) === p.date ? '' : `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} `;
  return `at ${day}${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

// ---- Clearing blockers in place ----
// insufficient_balance: top up the wallet; workspace_not_ready / no_outbound_number: set that
// workspace flag (the worker keeps the other one as it is). The engine applies the change at the
// current simulated instant; its new state is drawn at once. The engine's errors are shown here.
function mountFixes(ctx) {
  const { store, client } = ctx;
  let pending = false;
  const amount = h('input', { type: 'number', id: 'fix-topup-amount', class: 'fix-amount', min: '0', step: 'any', inputmode: 'decimal', value: '100' });
  const topUp = h('button', { type: 'button', class: 'btn btn-small btn-fix', dataset: { fix: 'top_up' } }, 'Top up wallet');
  const ready = h('button', { type: 'button', class: 'btn btn-small btn-fix', dataset: { fix: 'workspace_ready' } }, 'Mark workspace ready');
  const number = h('button', { type: 'button', class: 'btn btn-small btn-fix', dataset: { fix: 'outbound_number' } }, 'Assign outbound number');
  const balance = h('span', { class: 'fix-balance' });
  const error = h('p', { class: 'fix-error', role: 'alert', hidden: true });

  const controls = {
    insufficient_balance: h('div', { class: 'fix', role: 'group', 'aria-label': 'Top up the wallet' },
      h('label', { for: 'fix-topup-amount', class: 'fix-label' }, 'Top-up amount'),
      amount, topUp, balance),
    workspace_not_ready: h('div', { class: 'fix' }, ready),
    no_outbound_number: h('div', { class: 'fix' }, number),
  };

  // Shown in the blocker box when it is on screen, else (the campaign moved on meanwhile) as an alert.
  const showError = (message) => {
    if (!error.isConnected) { ctx.reportError(message); return; }
    setText(error, message);
    error.hidden = false;
  };
  const clearError = () => { setText(error, ''); error.hidden = true; };

  async function run(kind, request, describe) {
    if (pending) return;
    pending = true;
    clearError();
    update(store.live);
    try {
      const res = await request();
      const c = res.state.campaigns[0];
      store.setLive({ sim: res.state, lastAction: { action: kind, result: { ...describe(res), status: c ? c.status : '' }, at: res.state.clock.local_time } });
    } catch (err) {
      showError(`${kind === 'top_up' ? 'Top-up' : 'Workspace change'} failed: ${err.message}`);
    } finally {
      pending = false;
      update(store.live);
    }
  }

  topUp.addEventListener('click', () => {
    const text = amount.value.trim();
    // The engine checks the amount (positive, finite); an empty or unreadable field is sent as NaN.
    const value = text === '' || amount.validity.badInput ? Number.NaN : Number(text);
    run('top_up', () => client.topUp(store.live.token, value), (res) => ({ amount: res.amount, balance: res.balance }));
  });
  amount.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); topUp.click(); } });
  amount.addEventListener('input', () => { if (!error.hidden) clearError(); });
  ready.addEventListener('click', () => run('set_workspace', () => client.setWorkspace(store.live.token, { ready: true }), () => ({ what: 'Workspace marked ready' })));
  number.addEventListener('click', () => run('set_workspace', () => client.setWorkspace(store.live.token, { outboundNumberAssigned: true }), () => ({ what: 'Outbound number assigned' })));

  function update(live) {
    const off = pending || live.busy || live.phase !== 'launched';
    for (const el of [amount, topUp, ready, number]) el.disabled = off;
    const bal = live.sim && live.sim.wallet ? live.sim.wallet.balance : null;
    setText(balance, typeof bal === 'number' ? `Balance ${formatMoney(bal)}` : '');
  }

  return {
    error,
    update,
    forBlocker: (b) => controls[b] || null,
  };
}
