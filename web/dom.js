// Tiny DOM helpers. Everything is built with createElement/textContent: user text (CSV variables,
// phone numbers, campaign names) is never parsed as HTML, and no inline handler or style attribute
// is ever written, so the page runs under a strict Content-Security-Policy.

/** h('div', {class: 'x', 'aria-label': 'y', onclick: fn}, child, 'text', [more]) */
export function h(tag, attrs, ...children) {
  const svg = SVG_TAGS.has(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'class') el.setAttribute('class', value);
      else if (key === 'text') el.textContent = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key in el && !svg && typeof value !== 'string') el[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const SVG_TAGS = new Set(['svg', 'g', 'path', 'rect', 'line', 'text', 'title', 'desc', 'polyline', 'circle', 'tspan']);

export function $(selector, root) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`page element missing: ${selector}`);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Sets textContent only when it changed (keeps screen readers and layout quiet). */
export function setText(el, text) {
  const s = String(text);
  if (el.textContent !== s) el.textContent = s;
}

let uid = 0;
export function uniqueId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Adds/removes one id in a space-separated ARIA id list attribute. */
export function toggleIdRef(el, attr, id, on) {
  const ids = new Set((el.getAttribute(attr) || '').split(/\s+/).filter(Boolean));
  if (on) ids.add(id); else ids.delete(id);
  if (ids.size) el.setAttribute(attr, [...ids].join(' ')); else el.removeAttribute(attr);
}

/** The focused element inside `el`'s document or shadow root (not the shadow host). */
export function activeElementOf(el) {
  const node = el.getRootNode();
  return node.activeElement ?? null;
}

// Saves a Blob as a file through a temporary link (no server: everything is made in the page). The
// link is never inserted into the document: clicking a detached link downloads just the same, and
// the host page of an embedded app is left untouched.
export function downloadBlob(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(name, text, type) {
  downloadBlob(name, new Blob([text], { type: `${type};charset=utf-8` }));
}
