// Charts, hand-written SVG: recipients by status over simulated time (a stacked area that always
// adds up to the recipients), and attempts by retry depth (created vs dispatched).
import { h, clear, setText } from '../dom.js';
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

  let width = 0;
  let lastKey = '';
  const ro = new ResizeObserver(() => { width = svg.parentElement.clientWidth; lastKey = ''; });
  ro.observe(svg.parentElement);

  return {
    render(state, live) {
      const c = live.sim ? live.sim.campaigns[0] : null;
      const samples = live.samples;
      const key = `${width}|${samples.length}|${samples.length ? samples[samples.length - 1][0] : 0}|${c ? c.counters.attempts : -1}|${live.token}`;
      if (key === lastKey) return;
      lastKey = key;
      empty.hidden = samples.length > 0;
      drawArea(svg, samples, c, live.sim, width || 600);
      setText(axisNote, axisText(live.sim, samples));
      for (const l of LAYERS) {
        const v = c ? valueOf(c.counters, l.key) : 0;
        setText(legendValues[l.key], formatNumber(v));
      }
      drawDepth(depthSvg, depthNote, c);
    },
  };
}

function valueOf(k, key) {
  return { completed: k.completed_leads, failed: k.failed_leads, did_not_pick: k.did_not_pick, cancelled: k.cancelled, retry_expired: k.retry_expired, in_progress: k.in_progress }[key];
}

function drawArea(svg, samples, c, sim, width) {
  clear(svg);
  svg.setAttribute('width', String(width));
  svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  const total = c ? c.counters.recipients : 0;
  svg.append(h('title', { id: 'area-title' }, 'Recipients by status over simulated time'));
  const last = samples[samples.length - 1];
  svg.append(h('desc', { id: 'area-desc' }, last && c
    ? `Now: ${LAYERS.map((l) => `${formatNumber(last[l.i])} ${l.label.toLowerCase()}`).join(', ')} of ${formatNumber(total)} recipients.`
    : 'No data yet.'));
  const iw = width - PAD.l - PAD.r;
  const ih = HEIGHT - PAD.t - PAD.b;
  const g = h('g', { transform: `translate(${PAD.l},${PAD.t})` });
  svg.append(g);
  // y grid
  for (let q = 0; q <= 4; q++) {
    const y = ih - (ih * q) / 4;
    g.append(h('line', { class: 'grid', x1: '0', x2: String(iw), y1: String(y), y2: String(y) }));
    g.append(h('text', { class: 'axis', x: '-8', y: String(y + 4), 'text-anchor': 'end' }, total ? formatCompact((total * q) / 4) : `${q * 25}%`));
  }
  if (!samples.length || !total) return;
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
  const cum = pts.map(() => 0);
  for (const l of LAYERS) {
    const lower = cum.slice();
    for (let j = 0; j < pts.length; j++) cum[j] += pts[j][l.i];
    if (cum.every((v, j) => v === lower[j])) continue;
    let d = '';
    for (let j = 0; j < pts.length; j++) d += `${j ? 'L' : 'M'}${x(pts[j][0]).toFixed(1)},${y(cum[j]).toFixed(1)}`;
    for (let j = pts.length - 1; j >= 0; j--) d += `L${x(pts[j][0]).toFixed(1)},${y(lower[j]).toFixed(1)}`;
    g.append(h('path', { class: `area st-${l.key}`, d: `${d}Z` }));
  }
  // x ticks at round times of the campaign's wall clock (its zone, with daylight saving, when it
  // has one), and a dashed line where the clocks change.
  const span = t1 - t0;
  const steps = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
  const step = steps.find((s) => span / s <= Math.max(2, Math.floor(iw / 75))) || 604800;
  const wall = (t) => wallClockAt(sim, t) ?? t * 1000;
  const multiDay = span > 86400 || new Date(wall(t0)).getUTCDate() !== new Date(wall(t1)).getUTCDate();
  g.append(h('line', { class: 'axis-line', x1: '0', x2: String(iw), y1: String(ih), y2: String(ih) }));
  for (const t of localTicks(sim, t0, t1, step)) {
    const d = new Date(wall(t));
    const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const label = multiDay && (step >= 86400 || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0)) ? `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${hm}` : hm;
    g.append(h('line', { class: 'tick', x1: String(x(t)), x2: String(x(t)), y1: String(ih), y2: String(ih + 4) }));
    g.append(h('text', { class: 'axis', x: String(x(t)), y: String(ih + 18), 'text-anchor': 'middle' }, label));
  }
  for (const k of dstChanges(sim, t0, t1)) {
    const at = x(k.at_seconds);
    const right = at > iw - 90;
    g.append(h('line', { class: 'dst-line', x1: String(at), x2: String(at), y1: '0', y2: String(ih) }));
    g.append(h('text', { class: 'axis dst-label', x: String(right ? at - 4 : at + 4), y: '11', 'text-anchor': right ? 'end' : 'start' }, `${k.shift} · ${offsetText(k.local)}`));
  }
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

function drawDepth(svg, note, c) {
  clear(svg);
  const stages = c ? c.counters.attempt_stages || [] : [];
  const rows = stages.length ? stages : [{ depth: 0, attempted: 0, total: 0 }];
  const rowH = 30;
  const width = 300;
  const labelW = 92;
  const height = rows.length * rowH + 4;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('height', String(height));
  const max = Math.max(1, ...rows.map((s) => s.total));
  const retries = c ? c.counters.retries_by_depth || [] : [];
  svg.append(h('title', { id: 'depth-title' }, 'Attempts by retry depth'));
  svg.append(h('desc', { id: 'depth-desc' }, rows.map((s) => `${depthLabel(s.depth)}: ${s.total} created, ${s.attempted} dispatched`).join('; ')));
  rows.forEach((s, i) => {
    const y = i * rowH + 4;
    const bw = width - labelW - 78;
    svg.append(h('text', { class: 'axis depth-label', x: '0', y: String(y + 15) }, depthLabel(s.depth)));
    svg.append(h('rect', { class: 'depth-created', x: String(labelW), y: String(y + 3), width: String(Math.max(0, (s.total / max) * bw)), height: '16', rx: '3' }));
    svg.append(h('rect', { class: 'depth-attempted', x: String(labelW), y: String(y + 3), width: String(Math.max(0, (s.attempted / max) * bw)), height: '16', rx: '3' }));
    svg.append(h('text', { class: 'axis depth-num', x: String(labelW + bw + 6), y: String(y + 15) }, `${formatCompact(s.attempted)}/${formatCompact(s.total)}`));
  });
  setText(note, retries.length
    ? `Retries created by depth: ${retries.map((n, i) => `${i + 1}: ${formatNumber(n)}`).join(' · ')}`
    : 'No retries yet.');
}

function depthLabel(d) {
  return d === 0 ? 'First attempt' : `Retry ${d}`;
}

function formatCompact(n) {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${+(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}
