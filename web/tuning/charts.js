// Hand-written SVG charts for the tuning views: a distribution histogram (with the mean, its 95 %
// interval and the exact expectation), a sparkline histogram for table rows, and the sweep's line
// chart (one line per retry interval, x = retry count). Colours and fonts are SVG presentation
// attributes, not CSS classes, so a chart downloaded as SVG or drawn into a canvas for PNG looks
// the same as on the page (and no inline style is ever written: strict CSP).
import { fmt } from './metrics.js';
import { downloadBlob, downloadText } from '../dom.js';
import { formatEnUS } from '../number-format.js';

const NS = 'http://www.w3.org/2000/svg';
const FONT = "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
const INK = '#0f172a';
const INK2 = '#334155';
const MUTED = '#64748b';
const GRID = '#eef2f7';
const AXIS = '#cbd5e1';
const BRAND = '#4f46e5';
const FORMULA = '#16a34a';

export const SERIES_COLOURS = ['#4f46e5', '#0891b2', '#d97706', '#db2777', '#16a34a', '#7c3aed', '#475569', '#dc2626'];

/** s('rect', {x: 1}, ...children): an SVG element with attributes. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined && v !== false) el.setAttribute(k, String(v));
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const text = (x, y, str, attrs = {}) => s('text', { x: r1(x), y: r1(y), 'font-family': FONT, 'font-size': 11, fill: MUTED, ...attrs }, str);
const r1 = (v) => Math.round(v * 10) / 10;

function svgRoot(width, height, title, desc) {
  return s('svg', { xmlns: NS, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'tn-chart' },
    s('title', null, title), s('desc', null, desc),
    s('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
}

/** Up to ~6 "nice" ticks over [lo, hi]. */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/**
 * A distribution: the engine's 20-bin histogram of one metric over the runs, the mean with its
 * 95 % interval, and the exact expectation when there is one.
 */
export function histogramChart({ key, label, summary, runs, expected, width = 560, height = 270 }) {
  const hist = summary.histogram;
  const counts = hist.counts;
  const desc = `${label} over ${runs} runs: mean ${fmt(key, summary.mean, { precise: true })}, 95% CI ${fmt(key, summary.ci95[0], { precise: true })} to ${fmt(key, summary.ci95[1], { precise: true })}, min ${fmt(key, summary.min)}, max ${fmt(key, summary.max)}${expected === null || expected === undefined ? '' : `, formula ${fmt(key, expected, { precise: true })}`}.`;
  const svg = svgRoot(width, height, `${label}: distribution over ${runs} runs`, desc);
  const pad = { l: 44, r: 16, t: 34, b: 50 };
  const iw = width - pad.l - pad.r;
  const ih = height - pad.t - pad.b;
  // x domain: the histogram range, widened to show the formula and a flat distribution.
  let lo = hist.min;
  let hi = hist.max;
  if (expected !== null && expected !== undefined) { lo = Math.min(lo, expected); hi = Math.max(hi, expected); }
  if (!(hi > lo)) { const w = Math.max(Math.abs(lo) * 0.05, 1e-6); lo -= w; hi += w; }
  const span = hi - lo;
  lo -= span * 0.04; hi += span * 0.04;
  const x = (v) => pad.l + ((v - lo) / (hi - lo)) * iw;
  const maxCount = Math.max(1, ...counts);
  const y = (c) => pad.t + ih - (c / maxCount) * ih;
  const g = s('g');
  svg.append(g);
  svg.append(text(pad.l, 18, label, { 'font-size': 13, 'font-weight': 650, fill: INK }));
  svg.append(text(width - pad.r, 18, `${formatEnUS(runs)} runs`, { 'text-anchor': 'end' }));
  for (const t of niceTicks(0, maxCount, 4)) {
    g.append(s('line', { x1: pad.l, x2: pad.l + iw, y1: r1(y(t)), y2: r1(y(t)), stroke: GRID }));
    g.append(text(pad.l - 6, y(t) + 4, formatEnUS(t), { 'text-anchor': 'end' }));
  }
  // Bars.
  const bins = counts.length;
  const binW = bins > 1 ? (hist.max - hist.min) / bins : 0;
  counts.forEach((c, i) => {
    let x0; let x1;
    if (bins > 1) { x0 = x(hist.min + i * binW); x1 = x(hist.min + (i + 1) * binW); } else { x0 = x(hist.min) - 8; x1 = x(hist.min) + 8; }
    if (c > 0) g.append(s('rect', { x: r1(x0 + 0.75), y: r1(y(c)), width: r1(Math.max(1, x1 - x0 - 1.5)), height: r1(pad.t + ih - y(c)), fill: '#a5b4fc', rx: 1.5 }));
  });
  g.append(s('line', { x1: pad.l, x2: pad.l + iw, y1: pad.t + ih, y2: pad.t + ih, stroke: AXIS }));
  // The mean's 95 % interval as a band, over the bars.
  const [cl, ch] = summary.ci95;
  g.append(s('rect', { x: r1(x(cl)), y: pad.t, width: r1(Math.max(1.5, x(ch) - x(cl))), height: ih, fill: BRAND, 'fill-opacity': 0.16 }));
  // Mean.
  g.append(s('line', { x1: r1(x(summary.mean)), x2: r1(x(summary.mean)), y1: pad.t - 4, y2: pad.t + ih, stroke: BRAND, 'stroke-width': 2 }));
  // Formula.
  if (expected !== null && expected !== undefined) {
    g.append(s('line', { x1: r1(x(expected)), x2: r1(x(expected)), y1: pad.t - 4, y2: pad.t + ih, stroke: FORMULA, 'stroke-width': 2, 'stroke-dasharray': '5 3' }));
  }
  // x ticks.
  const ticks = niceTicks(lo, hi, 5);
  for (const t of ticks) {
    g.append(s('line', { x1: r1(x(t)), x2: r1(x(t)), y1: pad.t + ih, y2: pad.t + ih + 4, stroke: AXIS }));
    g.append(text(x(t), pad.t + ih + 17, fmt(key, t), { 'text-anchor': 'middle' }));
  }
  // Legend.
  const ly = height - 6;
  let lx = pad.l;
  const item = (swatch, str) => {
    g.append(swatch(lx, ly - 4));
    g.append(text(lx + 16, ly, str, { fill: INK2 }));
    lx += 30 + str.length * 6.4;
  };
  item((a, b) => s('rect', { x: a, y: b - 5, width: 11, height: 9, fill: '#a5b4fc', rx: 1.5 }), 'runs');
  item((a, b) => s('line', { x1: a, x2: a + 11, y1: b, y2: b, stroke: BRAND, 'stroke-width': 2 }), `mean ${fmt(key, summary.mean, { precise: true })}`);
  item((a, b) => s('rect', { x: a, y: b - 5, width: 11, height: 9, fill: BRAND, 'fill-opacity': 0.18 }), '95% CI of the mean');
  if (expected !== null && expected !== undefined) {
    item((a, b) => s('line', { x1: a, x2: a + 11, y1: b, y2: b, stroke: FORMULA, 'stroke-width': 2, 'stroke-dasharray': '4 2' }), `formula ${fmt(key, expected, { precise: true })}`);
  }
  return svg;
}

/** A tiny histogram for a table row (decorative: the row states the numbers). */
export function sparkline(summary, { width = 108, height = 26, colour = '#818cf8' } = {}) {
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, 'aria-hidden': 'true', class: 'tn-spark', focusable: 'false' });
  const counts = summary.histogram.counts;
  const max = Math.max(1, ...counts);
  if (counts.length === 1) {
    svg.append(s('rect', { x: width / 2 - 3, y: 2, width: 6, height: height - 2, fill: colour, rx: 1 }));
    return svg;
  }
  const bw = width / counts.length;
  counts.forEach((c, i) => {
    const hgt = c ? Math.max(1.5, (c / max) * (height - 2)) : 0;
    if (hgt) svg.append(s('rect', { x: r1(i * bw + 0.5), y: r1(height - hgt), width: r1(bw - 1), height: r1(hgt), fill: colour, rx: 0.8 }));
  });
  const { min, max: hi } = summary.histogram;
  if (hi > min) {
    const mx = ((summary.mean - min) / (hi - min)) * width;
    svg.append(s('line', { x1: r1(mx), x2: r1(mx), y1: 0, y2: height, stroke: INK, 'stroke-width': 1.2 }));
  }
  return svg;
}

/**
 * The sweep chart: one line per interval over retry counts; points carry the 95 % interval of the
 * mean as whiskers when `ci` gives one.
 * series: [{label, colour, points: [{x, y, low?, high?}]}]
 */
export function lineChart({ title, yKey, yLabel, series, xValues, productMax = 4, width = 720, height = 300 }) {
  const all = series.flatMap((sr) => sr.points.flatMap((p) => [p.y, p.low ?? p.y, p.high ?? p.y]));
  const desc = series.map((sr) => `${sr.label}: ${sr.points.map((p) => `${p.x} → ${fmt(yKey, p.y)}`).join(', ')}`).join('; ');
  const svg = svgRoot(width, height, title, desc || 'No data yet.');
  const pad = { l: 80, r: 20, t: 58, b: 46 };
  const iw = width - pad.l - pad.r;
  const ih = height - pad.t - pad.b;
  let lo = all.length ? Math.min(...all) : 0;
  let hi = all.length ? Math.max(...all) : 1;
  if (!(hi > lo)) { const w = Math.max(Math.abs(hi) * 0.05, 0.01); lo -= w; hi += w; }
  const yt = niceTicks(lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05, 5);
  lo = Math.min(lo, yt[0]);
  hi = Math.max(hi, yt[yt.length - 1]);
  const xs = xValues.length ? xValues : [0];
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const x = (v) => pad.l + (xMax > xMin ? ((v - xMin) / (xMax - xMin)) * iw : iw / 2);
  const y = (v) => pad.t + ih - ((v - lo) / (hi - lo)) * ih;
  svg.append(text(pad.l, 20, title, { 'font-size': 13, 'font-weight': 650, fill: INK }));
  // Beyond the product's range.
  if (xMax > productMax) {
    const from = x(Math.max(xMin, productMax + 0.5 > xMax ? xMax : productMax + 0.5));
    svg.append(s('rect', { x: r1(from), y: pad.t, width: r1(pad.l + iw - from + 8), height: ih, fill: '#f1f5f9' }));
    svg.append(text(pad.l + iw, pad.t - 6, "shaded: outside DialNexa's range", { 'text-anchor': 'end', 'font-size': 10.5 }));
  }
  for (const t of yt) {
    svg.append(s('line', { x1: pad.l, x2: pad.l + iw, y1: r1(y(t)), y2: r1(y(t)), stroke: GRID }));
    svg.append(text(pad.l - 8, y(t) + 4, fmt(yKey, t), { 'text-anchor': 'end' }));
  }
  svg.append(s('line', { x1: pad.l, x2: pad.l + iw, y1: pad.t + ih, y2: pad.t + ih, stroke: AXIS }));
  for (const v of xs) {
    svg.append(s('line', { x1: r1(x(v)), x2: r1(x(v)), y1: pad.t + ih, y2: pad.t + ih + 4, stroke: AXIS }));
    svg.append(text(x(v), pad.t + ih + 17, String(v), { 'text-anchor': 'middle' }));
  }
  svg.append(text(pad.l + iw / 2, height - 8, 'Retry count (max_retries)', { 'text-anchor': 'middle', fill: INK2 }));
  svg.append(text(16, pad.t + ih / 2, yLabel, { 'text-anchor': 'middle', fill: INK2, transform: `rotate(-90 16 ${r1(pad.t + ih / 2)})` }));
  for (const sr of series) {
    const pts = [...sr.points].sort((a, b) => a.x - b.x);
    if (pts.length > 1) {
      svg.append(s('polyline', { points: pts.map((p) => `${r1(x(p.x))},${r1(y(p.y))}`).join(' '), fill: 'none', stroke: sr.colour, 'stroke-width': 2.2, 'stroke-linejoin': 'round' }));
    }
    for (const p of pts) {
      if (p.low !== undefined && p.high !== undefined && y(p.low) - y(p.high) > 2) {
        svg.append(s('line', { x1: r1(x(p.x)), x2: r1(x(p.x)), y1: r1(y(p.low)), y2: r1(y(p.high)), stroke: sr.colour, 'stroke-width': 1.4, 'stroke-opacity': 0.7 }));
        for (const v of [p.low, p.high]) svg.append(s('line', { x1: r1(x(p.x) - 4), x2: r1(x(p.x) + 4), y1: r1(y(v)), y2: r1(y(v)), stroke: sr.colour, 'stroke-width': 1.4, 'stroke-opacity': 0.7 }));
      }
      svg.append(s('circle', { cx: r1(x(p.x)), cy: r1(y(p.y)), r: 3.6, fill: '#ffffff', stroke: sr.colour, 'stroke-width': 2 },
        s('title', null, `${sr.label}, ${p.x} ${p.x === 1 ? 'retry' : 'retries'}: ${fmt(yKey, p.y, { precise: true })}${p.low !== undefined ? ` (95% CI ${fmt(yKey, p.low, { precise: true })} to ${fmt(yKey, p.high, { precise: true })})` : ''}`)));
    }
  }
  // Legend (under the title).
  let lx = pad.l;
  for (const sr of series) {
    svg.append(s('line', { x1: r1(lx), x2: r1(lx + 16), y1: 36, y2: 36, stroke: sr.colour, 'stroke-width': 2.6 }));
    svg.append(s('circle', { cx: r1(lx + 8), cy: 36, r: 3, fill: '#ffffff', stroke: sr.colour, 'stroke-width': 1.8 }));
    svg.append(text(lx + 22, 40, sr.label, { fill: INK2 }));
    lx += 40 + sr.label.length * 6.4;
  }
  return svg;
}

// The five final groups (metrics.js SHARE_METRICS) in the status colours of styles.css.
const SHARE_PARTS = [
  { key: 'completed_share', label: 'Completed', colour: '#16a34a' },
  { key: 'failed_share', label: 'Failed', colour: '#dc2626' },
  { key: 'did_not_pick_share', label: 'Did not pick', colour: '#d97706' },
  { key: 'cancelled_share', label: 'Cancelled', colour: '#64748b' },
  { key: 'retry_expired_share', label: 'Retry expired', colour: '#7c3aed' },
];

/**
 * Where every recipient ended: one 100 % bar per row (a sweep cell, or A and B), split into the
 * five final groups, which add up to 100 % of recipients.
 * @param {{title: string, bars: Array<{label: string, summary: object}>}} spec rows: metric -> {mean}
 */
export function shareBarsChart({ title, bars, width = 720 }) {
  const rowH = 22;
  const pad = { l: 150, r: 20, t: 58, b: 30 };
  const height = pad.t + pad.b + bars.length * (rowH + 6);
  const desc = bars.map((b) => `${b.label}: ${SHARE_PARTS.map((p) => `${p.label} ${fmt(p.key, b.summary[p.key].mean)}`).join(', ')}`).join('; ');
  const svg = svgRoot(width, height, title, desc || 'No data yet.');
  const iw = width - pad.l - pad.r;
  svg.append(text(pad.l, 20, title, { 'font-size': 13, 'font-weight': 650, fill: INK }));
  let lx = pad.l;
  for (const p of SHARE_PARTS) {
    svg.append(s('rect', { x: r1(lx), y: 30, width: 12, height: 12, rx: 2, fill: p.colour }));
    svg.append(text(lx + 17, 40, p.label, { fill: INK2 }));
    lx += 32 + p.label.length * 6.4;
  }
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const gx = pad.l + t * iw;
    svg.append(s('line', { x1: r1(gx), x2: r1(gx), y1: pad.t - 4, y2: height - pad.b, stroke: GRID }));
    svg.append(text(gx, height - pad.b + 16, `${t * 100} %`, { 'text-anchor': 'middle' }));
  }
  bars.forEach((b, i) => {
    const y = pad.t + i * (rowH + 6);
    svg.append(text(pad.l - 8, y + rowH / 2 + 4, b.label, { 'text-anchor': 'end', fill: INK2 }));
    let at = 0;
    for (const p of SHARE_PARTS) {
      const v = Math.max(0, b.summary[p.key].mean);
      if (v > 0) {
        svg.append(s('rect', { x: r1(pad.l + at * iw), y, width: r1(v * iw), height: rowH, fill: p.colour },
          s('title', null, `${b.label}: ${p.label} ${fmt(p.key, v, { precise: true })}`)));
        if (v * iw > 40) svg.append(text(pad.l + (at + v / 2) * iw, y + rowH / 2 + 4, fmt(p.key, v), { 'text-anchor': 'middle', fill: '#ffffff', 'font-size': 10.5 }));
      }
      at += v;
    }
  });
  return svg;
}

// ---- downloads ----

export { downloadBlob, downloadText };

/** The chart as a standalone SVG document. */
export function svgText(svg) {
  const clone = svg.cloneNode(true);
  clone.setAttribute('xmlns', NS);
  clone.removeAttribute('class');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

export function downloadSvg(name, svg) {
  downloadText(name, svgText(svg), 'image/svg+xml');
}

/** Draws the SVG into a canvas (2× for sharpness) and downloads it as PNG. */
export async function downloadPng(name, svg, scale = 2) {
  const [, , w, hgt] = svg.getAttribute('viewBox').split(/\s+/).map(Number);
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(hgt * scale);
    const g = canvas.getContext('2d');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
    downloadBlob(name, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function slug(str) {
  return String(str || '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'campaign';
}
