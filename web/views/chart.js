// Charts, hand-written SVG: recipients by status over simulated time (a stacked area that always
// adds up to the recipients), and attempts by retry depth (created vs dispatched).
import { h, setText } from '../dom.js';
import { formatNumber, wallClockAt, offsetAt, offsetText, formatLocalShort } from '../state.js';

// Sample layout (worker.js): [t, completed, failed group, did_not_pick, cancelled, retry_expired, in_progress]
const LAYERS = [
  { i: 1, key: 'completed', label: 'Completed' },
  { i: 2, key: 'failed', label: 'Failed (failed, busy, no answer)' },
  { i: 3, key: 'did_not_pick', label: 'Did not pick' },
  { i: 4, key: 'cancelled', label: 'Cancelled' },
  { i: 5, key: 'retry_expired', label: 'Retry expired' },
  { i: 6, key: 'in_progress', label: 'In progress' },
];

const HEIGHT = 240;
const PAD = { l: 48, r: 12, t: 10, b: 26 };

export function mountChart(root) {
  const svg = h('svg', { class: 'area-chart', role: 'img', 'aria-labelledby': 'area-title area-desc', height: String(HEIGHT) });
  const legend = h('ul', { class: 'legend' });
  const legendValues = {};
  for (const l of LAYERS) {
    legendValues[l.key] = h('span', { class: 'legend-value' }, '0');
    legend.append(h('li', null, h('span', { class: `swatch st-${l.key}`, 'aria-hidden': 'true' }), h('span', { class: 'legend-label' }, l.label), legendValues[l.key]));
  }
  const depthSvg = h('svg', { class: 'depth-chart', role: 'img', 'aria-labelledby': 'depth-title depth-desc' });
  const depthNote = h('p', { class: 'depth-note' });
  const empty = h('p', { class: 'chart-empty' }, 'Launch the campaign to see recipients move between statuses.');
  const axisNote = h('p', { class: 'chart-axis-note', id: 'chart-axis-note' });
  root.append(h('div', { class: 'chart-grid' },
    h('figure', { class: 'chart-main' }, h('div', { class: 'svg-wrap' }, svg, empty), axisNote, legend),
    h('figure', { class: 'chart-depth' },
      h('figcaption', { class: 'chart-caption' }, 'Attempts by retry depth'),
      depthSvg,
      h('p', { class: 'depth-legend' },
        h('span', { class: 'swatch depth-created', 'aria-hidden': 'true' }), 'created ',
        h('span', { class: 'swatch depth-attempted', 'aria-hidden': 'true' }), 'dispatched'),
      depthNote)));
  // The charts' elements are made once and updated in place on every redraw (a live run at speed
  // Max redraws every frame, on every element of the page): attributes and text change, nodes stay.
  const area = areaChart(svg);
  const depth = depthChart(depthSvg, depthNote);

  let width = 0;
  let lastKey = '';
  let last = null; // the last (state, live) drawn: a resize redraws it at the new width at once
  const ro = new ResizeObserver(() => {
    width = svg.parentElement.clientWidth;
    lastKey = '';
    if (last) view.render(...last);
  });
  ro.observe(svg.parentElement);

  const view = {
    render(state, live) {
      last = [state, live];
      const c = live.sim ? live.sim.campaigns[0] : null;
      const samples = live.samples;
      const key = `${width}|${samples.length}|${samples.length ? samples[samples.length - 1][0] : 0}|${c ? c.counters.attempts : -1}|${live.token}`;
      if (key === lastKey) return;
      lastKey = key;
      empty.hidden = samples.length > 0;
      area.draw(samples, c, live.sim, width || 600);
      setText(axisNote, axisText(live.sim, samples));
      for (const l of LAYERS) {
        const v = c ? valueOf(c.counters, l.key) : 0;
        setText(legendValues[l.key], formatNumber(v));
      }
      depth.draw(c);
    },
  };
  return view;
}

function valueOf(k, key) {
  return { completed: k.completed_leads, failed: k.failed_leads, did_not_pick: k.did_not_pick, cancelled: k.cancelled, retry_expired: k.retry_expired, in_progress: k.in_progress }[key];
}

/** Sets an attribute only when its value changed. */
function attr(el, name, value) {
  const v = String(value);
  if (el.getAttribute(name) !== v) el.setAttribute(name, v);
}

/** A pool of `make()` children of `parent`: use(n) shows the first n (made as needed), hides the rest. */
function pool(parent, make) {
  const items = [];
  return (n) => {
    while (items.length < n) { const it = make(); items.push(it); parent.append(...it.nodes); }
    items.forEach((it, i) => { for (const node of it.nodes) if (node.hasAttribute('hidden') !== (i >= n)) node.toggleAttribute('hidden', i >= n); });
    return items.slice(0, n);
  };
}

function areaChart(svg) {
  const title = h('title', { id: 'area-title' }, 'Recipients by status over simulated time');
  const desc = h('desc', { id: 'area-desc' }, 'No data yet.');
  const g = h('g', { transform: `translate(${PAD.l},${PAD.t})` });
  svg.append(title, desc, g);
  const grid = [0, 1, 2, 3, 4].map(() => {
    const line = h('line', { class: 'grid', x1: '0' });
    const text = h('text', { class: 'axis', x: '-8', 'text-anchor': 'end' });
    g.append(line, text);
    return { line, text };
  });
  const paths = LAYERS.map((l) => { const p = h('path', { class: `area st-${l.key}` }); g.append(p); return p; });
  const axisLine = h('line', { class: 'axis-line', x1: '0' });
  const ticksG = h('g', { class: 'ticks' });
  g.append(axisLine, ticksG);
  const ticks = pool(ticksG, () => {
    const line = h('line', { class: 'tick' });
    const text = h('text', { class: 'axis', 'text-anchor': 'middle' });
    return { nodes: [line, text], line, text };
  });
  const dstG = h('g', { class: 'dst' });
  g.append(dstG);
  const dstMarks = pool(dstG, () => {
    const line = h('line', { class: 'dst-line', y1: '0' });
    const text = h('text', { class: 'axis dst-label', y: '11' });
    return { nodes: [line, text], line, text };
  });

  return {
    draw(samples, c, sim, width) {
      attr(svg, 'width', width);
      attr(svg, 'viewBox', `0 0 ${width} ${HEIGHT}`);
      const total = c ? c.counters.recipients : 0;
      const last = samples[samples.length - 1];
      setText(desc, last && c
        ? `Now: ${LAYERS.map((l) => `${formatNumber(last[l.i])} ${l.label.toLowerCase()}`).join(', ')} of ${formatNumber(total)} recipients.`
        : 'No data yet.');
      const iw = width - PAD.l - PAD.r;
      const ih = HEIGHT - PAD.t - PAD.b;
      // y grid
      grid.forEach(({ line, text }, q) => {
        const y = ih - (ih * q) / 4;
        attr(line, 'x2', iw); attr(line, 'y1', y); attr(line, 'y2', y);
        attr(text, 'y', y + 4);
        setText(text, total ? formatCompact((total * q) / 4) : `${q * 25}%`);
      });
      const drawn = samples.length > 0 && total > 0;
      axisLine.toggleAttribute('hidden', !drawn);
      if (!drawn) {
        for (const p of paths) attr(p, 'd', '');
        ticks(0);
        dstMarks(0);
        return;
      }
      const t0 = samples[0][0];
      const t1 = Math.max(last[0], t0 + 60);
      const x = (t) => ((t - t0) / (t1 - t0)) * iw;
      const y = (v) => ih - (v / total) * ih;
      // Downsample: the last sample of each pixel column.
      const pts = [];
      let lastPx = -1;
      for (const s of samples) {
        const px = Math.round(x(s[0]));
        if (px === lastPx) pts[pts.length - 1] = s; else pts.push(s);
        lastPx = px;
      }
      const xs = pts.map((p) => x(p[0]).toFixed(1));
      const cum = new Float64Array(pts.length);
      LAYERS.forEach((l, li) => {
        const lower = cum.slice();
        let any = false;
        for (let j = 0; j < pts.length; j++) { const v = pts[j][l.i]; if (v) { cum[j] += v; any = true; } }
        if (!any) { attr(paths[li], 'd', ''); return; }
        const parts = new Array(pts.length * 2);
        for (let j = 0; j < pts.length; j++) parts[j] = `${j ? 'L' : 'M'}${xs[j]},${y(cum[j]).toFixed(1)}`;
        for (let j = pts.length - 1, k = pts.length; j >= 0; j--, k++) parts[k] = `L${xs[j]},${y(lower[j]).toFixed(1)}`;
        paths[li].setAttribute('d', `${parts.join('')}Z`);
      });
      // x ticks at round times of the campaign's wall clock (its zone, with daylight saving, when
      // it has one), and a dashed line where the clocks change.
      const span = t1 - t0;
      const steps = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
      const step = steps.find((s) => span / s <= Math.max(2, Math.floor(iw / 75))) || 604800;
      const wall = (t) => wallClockAt(sim, t) ?? t * 1000;
      const multiDay = span > 86400 || new Date(wall(t0)).getUTCDate() !== new Date(wall(t1)).getUTCDate();
      attr(axisLine, 'x2', iw); attr(axisLine, 'y1', ih); attr(axisLine, 'y2', ih);
      const times = localTicks(sim, t0, t1, step);
      ticks(times.length).forEach(({ line, text }, i) => {
        const t = times[i];
        const d = new Date(wall(t));
        const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
        const label = multiDay && (step >= 86400 || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0)) ? `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${hm}` : hm;
        const tx = x(t);
        attr(line, 'x1', tx); attr(line, 'x2', tx); attr(line, 'y1', ih); attr(line, 'y2', ih + 4);
        attr(text, 'x', tx); attr(text, 'y', ih + 18);
        setText(text, label);
      });
      const changes = dstChanges(sim, t0, t1);
      dstMarks(changes.length).forEach(({ line, text }, i) => {
        const k = changes[i];
        const at = x(k.at_seconds);
        const right = at > iw - 90;
        attr(line, 'x1', at); attr(line, 'x2', at); attr(line, 'y2', ih);
        attr(text, 'x', right ? at - 4 : at + 4);
        attr(text, 'text-anchor', right ? 'end' : 'start');
        setText(text, `${k.shift} · ${offsetText(k.local)}`);
      });
    },
  };
}

// The daylight-saving changes the engine reports in [t0, t1], with the clocks' shift ("clocks +1 h").
function dstChanges(sim, t0, t1) {
  if (!sim || !sim.clock.start_local) return [];
  return (sim.clock.offset_changes || []).filter((k) => k.at_seconds >= t0 && k.at_seconds <= t1).map((k) => {
    const delta = k.offset_seconds - offsetAt(sim, k.at_seconds - 1);
    const hours = Math.abs(delta) / 3600;
    return { ...k, shift: `clocks ${delta >= 0 ? '+' : '\u2212'}${Number.isInteger(hours) ? hours : hours.toFixed(2)} h` };
  });
}

// Tick instants whose wall-clock reading is a multiple of `step` (a day or more: local midnights,
// every step), within each stretch of one UTC offset.
function localTicks(sim, t0, t1, step) {
  const cuts = dstChanges(sim, t0, t1).map((k) => k.at_seconds).filter((t) => t > t0);
  const bounds = [t0, ...cuts, t1 + 1];
  const out = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i];
    const b = bounds[i + 1];
    const base = sim ? Math.round((wallClockAt(sim, a) ?? a * 1000) / 1000) - a : 0; // wall seconds - t
    const unit = step >= 86400 ? 86400 : step;
    let t = Math.ceil((a + base) / unit) * unit - base;
    const every = step;
    for (; t < b; t += every) out.push(t);
  }
  return out;
}

// "Time axis: America/New_York; clocks +1 h at Sun 03:00:00 (UTC−04:00)" for a zoned run.
function axisText(sim, samples) {
  if (!sim || !sim.clock.time_zone) return '';
  const t0 = samples.length ? samples[0][0] : 0;
  const t1 = samples.length ? samples[samples.length - 1][0] : sim.clock.elapsed_seconds;
  const changes = dstChanges(sim, t0, t1).map((k) => `${k.shift} at ${formatLocalShort(k.local)} (${offsetText(k.local)})`);
  return `Time axis: ${sim.clock.time_zone}, the campaign time zone${changes.length ? `; ${changes.join('; ')}` : ''}.`;
}

function depthChart(svg, note) {
  const rowH = 30;
  const width = 300;
  const labelW = 92;
  const bw = width - labelW - 78;
  const title = h('title', { id: 'depth-title' }, 'Attempts by retry depth');
  const desc = h('desc', { id: 'depth-desc' });
  svg.append(title, desc);
  attr(svg, 'viewBox', `0 0 ${width} 34`);
  const rowsOf = pool(svg, () => {
    const label = h('text', { class: 'axis depth-label', x: '0' });
    const created = h('rect', { class: 'depth-created', x: String(labelW), height: '16', rx: '3' });
    const attempted = h('rect', { class: 'depth-attempted', x: String(labelW), height: '16', rx: '3' });
    const num = h('text', { class: 'axis depth-num', x: String(labelW + bw + 6) });
    return { nodes: [label, created, attempted, num], label, created, attempted, num };
  });
  return {
    draw(c) {
      const stages = c ? c.counters.attempt_stages || [] : [];
      const rows = stages.length ? stages : [{ depth: 0, attempted: 0, total: 0 }];
      const height = rows.length * rowH + 4;
      attr(svg, 'viewBox', `0 0 ${width} ${height}`);
      attr(svg, 'height', height);
      const max = Math.max(1, ...rows.map((s) => s.total));
      const retries = c ? c.counters.retries_by_depth || [] : [];
      setText(desc, rows.map((s) => `${depthLabel(s.depth)}: ${s.total} created, ${s.attempted} dispatched`).join('; '));
      rowsOf(rows.length).forEach((r, i) => {
        const s = rows[i];
        const y = i * rowH + 4;
        attr(r.label, 'y', y + 15);
        setText(r.label, depthLabel(s.depth));
        attr(r.created, 'y', y + 3);
        attr(r.created, 'width', Math.max(0, (s.total / max) * bw));
        attr(r.attempted, 'y', y + 3);
        attr(r.attempted, 'width', Math.max(0, (s.attempted / max) * bw));
        attr(r.num, 'y', y + 15);
        setText(r.num, `${formatCompact(s.attempted)}/${formatCompact(s.total)}`);
      });
      setText(note, retries.length
        ? `Retries created by depth: ${retries.map((n, i) => `${i + 1}: ${formatNumber(n)}`).join(' · ')}`
        : 'No retries yet.');
    },
  };
}

function depthLabel(d) {
  return d === 0 ? 'First attempt' : `Retry ${d}`;
}

function formatCompact(n) {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${+(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}
