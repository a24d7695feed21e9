// Call history: a virtualised table. Only the rows in view (plus a small margin) exist in the DOM;
// they are fetched as windows from the worker (`history({status, offset, limit})`), so 100,000+
// call logs scroll as fast as 100. A row opens (click, Enter or Space) into its recipient's retry
// chain (`chain(campaign, recipient)`), with the time of every status.
import { h, clear, setText, activeElementOf } from '../dom.js';
import { CALL_STATUSES, STATUS_LABELS, formatLocalShort, formatNumber, formatDuration, wallClockAt, offsetText } from '../state.js';

const ROW_H = 34; // px, must match .h-row height in styles.css
const OVERSCAN = 12;
const MAX_SPACER = 8_000_000; // px; beyond this the scroll position maps proportionally
const REFRESH_MS = 300;

const COLUMNS = [
  { key: 'toggle', label: '', cls: 'c-toggle' },
  { key: 'call_id', label: 'Call', cls: 'c-id' },
  { key: 'position', label: 'Recipient', cls: 'c-num' },
  { key: 'phone_number', label: 'Phone number', cls: 'c-phone' },
  { key: 'attempt', label: 'Attempt', cls: 'c-num' },
  { key: 'status', label: 'Status', cls: 'c-status' },
  { key: 'end_reason', label: 'End reason', cls: 'c-reason' },
  { key: 'ended_at', label: 'Ended', cls: 'c-time' },
  { key: 'billed_minutes', label: 'Billed min', cls: 'c-num' },
  // Zoned campaigns only (the table gets class "zoned"): when the call started on the recipient's
  // own clock, as the engine writes it (initiated_at_recipient_local).
  { key: 'initiated_at_recipient_local', label: 'Their time', cls: 'c-local', title: 'When the call started on the recipient’s own clock' },
];

const STAMPS = [
  ['created_at', 'created'], ['initiated_at', 'initiated'], ['sent_at', 'sent'], ['received_at', 'received'],
  ['answered_at', 'answered'], ['ended_at', 'ended'],
];

// "09:03:12", prefixed with the weekday when the day is not the simulation's first day.
let firstDay = null;
function timeOfDay(s) {
  if (!s) return '';
  const day = s.slice(0, 10);
  const time = s.slice(11, 19);
  return firstDay && day !== firstDay ? formatLocalShort(s) : time;
}

export function mountHistory(root, ctx) {
  const { store, client } = ctx;
  const filter = h('select', { id: 'history-filter' },
    h('option', { value: '' }, 'All call logs'),
    h('option', { value: 'in_progress' }, 'In progress'),
    h('optgroup', { label: 'Call status' }, CALL_STATUSES.map((s) => h('option', { value: s }, STATUS_LABELS[s]))));
  filter.addEventListener('change', () => {
    store.update((s) => ({ ...s, ui: { ...s.ui, historyStatus: filter.value } }));
  });
  const totalText = h('p', { class: 'history-total', role: 'status' });
  const errorText = h('p', { class: 'inline-error', hidden: true });

  const headerRow = h('div', { class: 'h-row h-head', role: 'row', 'aria-rowindex': '1' },
    COLUMNS.map((c) => h('div', { class: `h-cell ${c.cls}`, role: 'columnheader', title: c.title }, c.key === 'toggle' ? h('span', { class: 'visually-hidden' }, 'Retry chain') : c.label)));
  const spacer = h('div', { class: 'h-spacer', 'aria-hidden': 'true' });
  const win = h('div', { class: 'h-window', role: 'none' });
  // The scroller is the body row group; one row at a time is in the tab order (roving tabindex).
  const scroller = h('div', { class: 'h-scroller', role: 'rowgroup' }, spacer, win);
  const emptyNote = h('p', { class: 'h-empty' }, 'No call logs yet.');
  const table = h('div', { class: 'h-table', role: 'treegrid', 'aria-label': 'Call history', 'aria-describedby': 'history-keys', 'aria-rowcount': '1' },
    h('div', { role: 'rowgroup', class: 'h-headgroup' }, headerRow), scroller);
  root.append(
    h('div', { class: 'history-toolbar' },
      h('label', { for: 'history-filter', class: 'inline-label' }, 'Status'), filter, totalText),
    errorText,
    h('div', { class: 'h-hscroll' }, table, emptyNote),
    h('p', { class: 'field-hint history-keys', id: 'history-keys' }, 'Keyboard: Tab into the table, ↑ ↓ Page Up/Down Home End to move, Enter or Space to open or close a retry chain.'));

  // ---- view model ----
  let status = store.state.ui.historyStatus;
  let token = -1;
  let total = 0;
  let cache = { offset: 0, rows: [] }; // latest window
  let seq = 0; // request sequence; older replies are dropped
  let inFlight = false;
  let lastFetch = 0;
  let dirty = true; // data may have changed since the last fetch
  let lastSim = null;
  let activeIndex = 0; // the row last focused (roving focus)
  let tabStop = 0; // the row that holds tabindex=0
  let expanded = null; // {index, callId, recipient, chain, height}
  const rowEls = new Map(); // absolute index -> element
  let detailEl = null;

  filter.value = status;

  // The scroller's height, measured by the ResizeObserver below (reading clientHeight on every
  // redraw would force a layout of the whole host page each frame).
  let scrollerHeight = 0;
  function viewportHeight() {
    return scrollerHeight || 420;
  }
  // Its scroll position, kept from scroll events and the ResizeObserver for the same reason:
  // reading scrollTop when new rows arrive forces a layout, of the whole card even while it is off
  // screen (content-visibility skips it otherwise): ~20 ms of main thread per refresh.
  let scrollTopPx = 0;
  function setScrollTop(px) {
    scroller.scrollTop = px;
    scrollTopPx = Math.max(0, px); // the scroll event that follows gives the clamped value
  }
  function extraHeight() {
    return expanded ? expanded.height : 0;
  }
  function virtualHeight() {
    return total * ROW_H + extraHeight();
  }
  function spacerHeight() {
    return Math.min(virtualHeight(), MAX_SPACER);
  }
  // scrollTop (px of the spacer) -> virtual px
  function virtualScroll() {
    const ch = viewportHeight();
    const V = virtualHeight();
    const S = spacerHeight();
    if (V <= S || S <= ch) return scrollTopPx;
    return scrollTopPx * ((V - ch) / (S - ch));
  }
  function rowTop(i) {
    return i * ROW_H + (expanded && i > expanded.index ? expanded.height : 0);
  }
  function indexAt(v) {
    if (expanded && v > rowTop(expanded.index) + ROW_H) {
      const afterExp = v - expanded.height;
      return Math.max(expanded.index + 1, Math.floor(afterExp / ROW_H));
    }
    return Math.floor(v / ROW_H);
  }
  function visibleRange() {
    const v = virtualScroll();
    const first = Math.max(0, indexAt(v));
    const last = Math.min(total - 1, indexAt(v + viewportHeight()));
    return { first, last };
  }
  function scrollToVirtual(v) {
    const ch = viewportHeight();
    const V = virtualHeight();
    const S = spacerHeight();
    setScrollTop(V <= S || S <= ch ? v : v / ((V - ch) / (S - ch)));
  }

  // ---- fetching ----
  function request(force) {
    if (token < 0 || inFlight) return;
    const { first, last } = visibleRange();
    const want = { offset: Math.max(0, first - OVERSCAN), limit: Math.max(40, last - first + 1 + 2 * OVERSCAN) };
    const covered = cache.offset <= want.offset && cache.offset + cache.rows.length >= Math.min(total, want.offset + want.limit);
    if (!force && !dirty && covered) return;
    const mySeq = ++seq;
    const myToken = token;
    const myStatus = status;
    inFlight = true;
    lastFetch = performance.now();
    dirty = false;
    client.request('history', { status: myStatus, offset: want.offset, limit: want.limit }).then((res) => {
      inFlight = false;
      if (mySeq !== seq || myToken !== token || myStatus !== status) { request(true); return; }
      errorText.hidden = true;
      total = res.total;
      cache = { offset: res.offset ?? want.offset, rows: res.rows };
      layout();
      // The window may have moved while we waited.
      request(false);
    }, (err) => {
      inFlight = false;
      setText(errorText, `Call history could not be read: ${err.message}`);
      errorText.hidden = false;
    });
  }

  function refreshChain() {
    if (!expanded) return;
    const exp = expanded;
    client.request('chain', { recipient: exp.recipient }).then((chain) => {
      if (expanded !== exp) return;
      exp.chain = chain;
      layout();
    }, (err) => {
      if (expanded !== exp) return;
      exp.chain = { error: err.message };
      layout();
    });
  }

  // ---- rendering ----
  function rowAt(i) {
    const j = i - cache.offset;
    return j >= 0 && j < cache.rows.length ? cache.rows[j] : null;
  }

  function makeRow(i) {
    const el = h('div', { class: 'h-row', role: 'row', tabindex: '-1' },
      COLUMNS.map((c) => h('div', { class: `h-cell ${c.cls}`, role: 'gridcell' })));
    el.firstChild.append(h('span', { class: 'chev', 'aria-hidden': 'true' }));
    el.dataset.index = String(i);
    return el;
  }

  function fillRow(el, i, row) {
    el.setAttribute('aria-rowindex', String(i + 2));
    el.tabIndex = i === tabStop ? 0 : -1;
    const cells = el.children;
    if (!row) {
      el.classList.add('loading');
      el.removeAttribute('aria-expanded');
      for (let k = 1; k < cells.length; k++) setText(cells[k], '');
      el.dataset.callId = '';
      return;
    }
    el.classList.remove('loading');
    el.dataset.callId = String(row.call_id);
    el.dataset.recipient = String(row.recipient);
    const isExp = expanded && expanded.callId === row.call_id;
    el.setAttribute('aria-expanded', isExp ? 'true' : 'false');
    el.classList.toggle('expanded', !!isExp);
    el.setAttribute('aria-label', `${row.call_id}, recipient ${row.position}, attempt ${row.attempt}, ${STATUS_LABELS[row.status] || row.status}${row.due_at ? `, retry due ${formatLocalShort(row.due_at)}` : ''}`);
    setText(cells[1], row.call_id);
    setText(cells[2], row.position);
    setText(cells[3], row.phone_number);
    setText(cells[4], row.attempt);
    const st = cells[5];
    if (st.dataset.status !== row.status) {
      clear(st);
      st.dataset.status = row.status;
      st.append(h('span', { class: `badge st-${row.status}` }, STATUS_LABELS[row.status] || row.status));
    }
    setText(cells[6], row.end_reason || '');
    cells[6].title = row.end_reason || '';
    // A pending retry has not ended: the column says when it falls due instead.
    setText(cells[7], row.due_at ? `due ${timeOfDay(row.due_at)}` : timeOfDay(row.ended_at));
    cells[7].title = row.due_at ? `Retry due ${formatLocalShort(row.due_at)}` : row.ended_at ? formatLocalShort(row.ended_at) : '';
    cells[7].classList.toggle('due', Boolean(row.due_at));
    setText(cells[8], row.billed_minutes ?? '');
    const theirs = row.initiated_at_recipient_local;
    setText(cells[9], theirs ? `${formatLocalShort(theirs)} ${offsetText(theirs).replace('UTC', '')}` : '');
    cells[9].title = theirs ? `Called at ${formatLocalShort(theirs)} in ${row.time_zone} (${offsetText(theirs)}), the recipient’s local time` : '';
  }

  function layout() {
    spacer.style.height = `${spacerHeight()}px`;
    table.setAttribute('aria-rowcount', String(total + 1));
    setText(totalText, `${formatNumber(total)} ${total === 1 ? 'call log' : 'call logs'}${status ? ` · ${status === 'in_progress' ? 'in progress' : STATUS_LABELS[status]}` : ''}`);
    emptyNote.hidden = total > 0;
    if (activeIndex >= total) activeIndex = Math.max(0, total - 1);
    // A collapsed-away expansion: the expanded call left the filter or the window.
    if (expanded) {
      const r = rowAt(expanded.index);
      if (r && r.call_id !== expanded.callId) {
        const j = cache.rows.findIndex((x) => x.call_id === expanded.callId);
        if (j >= 0) expanded.index = cache.offset + j; else expanded = null;
      } else if (expanded.index >= total) expanded = null;
    }
    const vs = virtualScroll();
    win.style.transform = `translateY(${scrollTopPx}px)`;
    const { first, last } = total ? visibleRange() : { first: 0, last: -1 };
    const from = Math.max(0, first - 2);
    const to = Math.min(total - 1, last + 2);
    // The row in the tab order: the active one when it is drawn, else the first visible one.
    tabStop = activeIndex >= from && activeIndex <= to ? activeIndex : first;
    const focused = activeElementOf(root);
    for (const [i, el] of rowEls) {
      if (i < from || i > to) {
        if (el === focused) table.focus({ preventScroll: true });
        el.remove();
        rowEls.delete(i);
      }
    }
    for (let i = from; i <= to; i++) {
      let el = rowEls.get(i);
      if (!el) {
        el = makeRow(i);
        rowEls.set(i, el);
        win.append(el);
      }
      fillRow(el, i, rowAt(i));
      el.style.transform = `translateY(${rowTop(i) - vs}px)`;
    }
    // The retry chain of the expanded row.
    if (expanded && expanded.index >= from && expanded.index <= to) {
      if (!detailEl) {
        detailEl = h('div', { class: 'h-detail', role: 'row', 'aria-level': '2' }, h('div', { role: 'gridcell', class: 'h-detail-cell' }));
        win.append(detailEl);
      }
      const cell = detailEl.firstChild;
      if (cell.dataset.key !== chainKey(expanded)) {
        cell.dataset.key = chainKey(expanded);
        clear(cell);
        cell.append(renderChain(expanded));
      }
      detailEl.style.transform = `translateY(${rowTop(expanded.index) + ROW_H - vs}px)`;
      const hgt = detailEl.offsetHeight;
      if (hgt && Math.abs(hgt - expanded.height) > 1) {
        expanded.height = hgt;
        layout();
        return;
      }
      if (expanded.reveal && expanded.chain) {
        // Scroll just enough to show the whole chain, keeping its row in view.
        expanded.reveal = false;
        const bottom = rowTop(expanded.index) + ROW_H + expanded.height;
        const ch = viewportHeight();
        if (bottom > vs + ch) {
          scrollToVirtual(Math.min(rowTop(expanded.index), bottom - ch));
          layout();
          return;
        }
      }
    } else if (detailEl) {
      detailEl.remove();
      detailEl = null;
    }
  }

  function chainKey(exp) {
    if (!exp.chain) return `${exp.callId}:loading`;
    if (exp.chain.error) return `${exp.callId}:error`;
    return `${exp.callId}:${exp.chain.calls.map((c) => `${c.status}${c.ended_at}`).join('|')}`;
  }

  function toggle(i) {
    const row = rowAt(i);
    if (!row) return;
    if (expanded && expanded.callId === row.call_id) {
      expanded = null;
    } else {
      expanded = { index: i, callId: row.call_id, recipient: row.recipient, chain: null, height: 120, reveal: true };
      refreshChain();
    }
    layout();
  }

  function focusRow(i, { scroll = true } = {}) {
    if (!total) return;
    activeIndex = Math.max(0, Math.min(total - 1, i));
    if (scroll) {
      const top = rowTop(activeIndex);
      const vs = virtualScroll();
      const ch = viewportHeight();
      if (top < vs) scrollToVirtual(top);
      else if (top + ROW_H > vs + ch) scrollToVirtual(top + ROW_H - ch);
    }
    layout();
    request(false);
    const el = rowEls.get(activeIndex);
    if (el) el.focus({ preventScroll: true });
  }

  scroller.addEventListener('scroll', () => {
    scrollTopPx = scroller.scrollTop;
    layout();
    request(false);
  }, { passive: true });

  win.addEventListener('click', (event) => {
    const rowEl = event.target.closest('.h-row');
    if (!rowEl || !rowEl.dataset.index) return;
    const i = Number(rowEl.dataset.index);
    activeIndex = i;
    toggle(i);
    const el = rowEls.get(i);
    if (el) el.focus({ preventScroll: true });
  });

  table.tabIndex = -1; // takes focus when the focused row scrolls out of the DOM
  table.addEventListener('keydown', (event) => {
    const onRow = event.target.classList && event.target.classList.contains('h-row') && event.target.dataset.index;
    const i = onRow ? Number(event.target.dataset.index) : null;
    const page = Math.max(1, Math.floor(viewportHeight() / ROW_H) - 1);
    switch (event.key) {
      case 'Enter':
      case ' ':
        if (i === null) return;
        event.preventDefault();
        toggle(i);
        break;
      case 'ArrowDown': event.preventDefault(); focusRow(i === null ? visibleRange().first : i + 1); break;
      case 'ArrowUp': event.preventDefault(); focusRow(i === null ? visibleRange().first : i - 1); break;
      case 'PageDown': event.preventDefault(); focusRow((i ?? visibleRange().first) + page); break;
      case 'PageUp': event.preventDefault(); focusRow((i ?? visibleRange().first) - page); break;
      case 'Home': event.preventDefault(); focusRow(0); break;
      case 'End': event.preventDefault(); focusRow(total - 1); break;
      default:
    }
  });

  const ro = new ResizeObserver(() => { scrollerHeight = scroller.clientHeight; scrollTopPx = scroller.scrollTop; layout(); request(false); });
  ro.observe(scroller);

  // Throttled refresh of the visible window (and of an open, unfinished retry chain) while the
  // simulation moves; always ends with one refresh after the last change.
  let refreshTimer = null;
  function refreshSoon() {
    if (refreshTimer !== null) return;
    const wait = Math.max(0, REFRESH_MS - (performance.now() - lastFetch));
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      if (!dirty) return;
      request(true);
      if (expanded && expanded.chain && !expanded.chain.error && !chainFinal(expanded.chain)) refreshChain();
    }, wait);
  }

  function reset() {
    total = 0;
    cache = { offset: 0, rows: [] };
    expanded = null;
    activeIndex = 0;
    for (const el of rowEls.values()) el.remove();
    rowEls.clear();
    if (detailEl) { detailEl.remove(); detailEl = null; }
    setScrollTop(0);
    dirty = true;
    layout();
  }

  return {
    render(state, live) {
      if (live.sim) {
        const start = wallClockAt(live.sim, 0);
        if (start !== null) firstDay = new Date(start).toISOString().slice(0, 10);
        table.classList.toggle('zoned', Boolean(live.sim.clock.time_zone));
      }
      const hasSim = live.sim && (live.phase === 'draft' || live.phase === 'launched');
      const newToken = hasSim ? live.token : -1;
      if (newToken !== token || state.ui.historyStatus !== status) {
        token = newToken;
        status = state.ui.historyStatus;
        if (filter.value !== status) filter.value = status;
        reset();
        if (token >= 0) request(true);
        return;
      }
      if (live.sim !== lastSim) {
        lastSim = live.sim;
        dirty = true;
      }
      if (dirty) refreshSoon();
    },
  };
}

function chainFinal(chain) {
  return chain.calls.every((c) => !['created', 'initiated', 'sent', 'received'].includes(c.status));
}

function renderChain(exp) {
  if (!exp.chain) return h('p', { class: 'chain-loading' }, 'Loading the retry chain…');
  if (exp.chain.error) return h('p', { class: 'inline-error' }, `The retry chain could not be read: ${exp.chain.error}`);
  const ch = exp.chain;
  const lastCall = ch.calls[ch.calls.length - 1];
  return h('div', { class: 'chain' },
    h('p', { class: 'chain-head' },
      h('strong', null, `Recipient ${ch.position}`), ` · ${ch.phone_number}${lastCall && lastCall.time_zone ? ` · ${lastCall.time_zone}` : ''} · ${ch.calls.length} ${ch.calls.length === 1 ? 'attempt' : 'attempts'}`,
      lastCall ? [' · latest ', h('span', { class: `badge st-${lastCall.status}` }, STATUS_LABELS[lastCall.status] || lastCall.status)] : null),
    h('ol', { class: 'chain-list' }, ch.calls.map((c) => h('li', { class: c.call_id === exp.callId ? 'chain-item current' : 'chain-item' },
      h('div', { class: 'chain-meta' },
        h('span', { class: 'chain-attempt' }, c.attempt === 1 ? 'First attempt' : `Retry ${c.attempt - 1}`),
        h('span', { class: `badge st-${c.status}` }, STATUS_LABELS[c.status] || c.status),
        h('span', { class: 'chain-id' }, c.parent_call_id && c.parent_call_id !== c.call_id ? `${c.call_id} · parent ${c.parent_call_id}` : c.call_id),
        c.end_reason ? h('code', null, c.end_reason) : null,
        c.billed_minutes ? h('span', null, `${c.billed_minutes} billed min`) : null,
        c.duration_seconds ? h('span', null, `duration ${formatDuration(c.duration_seconds)}`) : null,
        c.due_at ? h('span', { class: 'chain-due' }, 'retry due ', h('time', { datetime: c.due_at }, formatLocalShort(c.due_at))) : null),
      h('ul', { class: 'stamps' }, STAMPS.filter(([k]) => c[k]).map(([k, label]) => h('li', null, h('span', { class: 'stamp-label' }, k === 'ended_at' ? (STATUS_LABELS[c.status] || label).toLowerCase() : label), ' ', h('time', { datetime: c[k] }, formatLocalShort(c[k])))),
        // Zoned campaigns: the call's start on the recipient's own clock.
        c.initiated_at_recipient_local ? h('li', { class: 'stamp-local' }, h('span', { class: 'stamp-label' }, `their time (${c.time_zone})`), ' ',
          h('time', { datetime: c.initiated_at_recipient_local }, `${formatLocalShort(c.initiated_at_recipient_local)} ${offsetText(c.initiated_at_recipient_local)}`)) : null)))));
}
