// Charts, hand-written SVG: recipients by status over simulated time (a stacked area that always
// adds up to the recipients), and attempts by retry depth (created vs dispatched).
import { h, clear, setText } from '../dom.js';
import { parseLocal, formatNumber } from '../state.js';

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
  root.append(h('div', { class: 'chart-grid' },
    h('figure', { class: 'chart-main' }, h('div', { class: 'svg-wrap' }, svg, empty), legend),
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
  // x ticks in simulation-local time
  const startMs = sim ? (parseLocal(sim.clock.local_time)?.ms ?? 0) - sim.clock.elapsed_seconds * 1000 : 0;
  const span = t1 - t0;
  const steps = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
  const step = steps.find((s) => span / s <= Math.max(2, Math.floor(iw / 75))) || 604800;
  const multiDay = span > 86400 || new Date(startMs + t0 * 1000).getUTCDate() !== new Date(startMs + t1 * 1000).getUTCDate();
  g.append(h('line', { class: 'axis-line', x1: '0', x2: String(iw), y1: String(ih), y2: String(ih) }));
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const d = new Date(startMs + t * 1000);
    const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const label = multiDay && (step >= 86400 || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0)) ? `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${hm}` : hm;
    g.append(h('line', { class: 'tick', x1: String(x(t)), x2: String(x(t)), y1: String(ih), y2: String(ih + 4) }));
    g.append(h('text', { class: 'axis', x: String(x(t)), y: String(ih + 18), 'text-anchor': 'middle' }, label));
  }
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
