#!/usr/bin/env node
// Packages the built page (build/web) into ONE HTML file that works from file:// with no network:
//
//   node scripts/package-offline.mjs [build/web] [build/offline/campaign-sim.html]
//
// What goes in, and how it runs:
// - styles.css and tuning/tuning.css inline in <style>; the favicon as a data: URL;
// - every ES module of the page as text in one JSON block, their relative imports replaced by
//   @@M:<path>@@ marks; the .wasm compressed with deflate-raw, in base64; assumptions.json as text;
// - the two workers as classic scripts (bundleClassic below): a file:// page has an opaque origin
//   and Chromium starts no MODULE worker from a blob: URL there;
// - a small bootstrap script (allowed by its hash) inflates the .wasm with DecompressionStream,
//   turns every module into a blob: URL (modules after the modules they import, the marks replaced
//   by those URLs), sets the page's asset resolver's configuration (web/assets.js:
//   `campaignSimConfig = {urls, data: {wasm, assumptions}, workerType: 'classic'}`) and imports
//   main.js. The resolver hands the .wasm bytes to each worker in its init message, as online.
// - a meta CSP with no network source at all: `default-src 'none'`, scripts only by hash and
//   blob:, fetch only from blob:;
// - an empty <script type="application/json" id="campaign-sim-embedded">: "Download offline copy"
//   puts the page state there (views/share.js), and the copy opens on it.
// Prints the file's size (and gzipped) so the build log reports it.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';

const [webRoot = 'build/web', outFile = 'build/offline/campaign-sim.html'] = process.argv.slice(2);
const read = (rel) => fs.readFileSync(path.join(webRoot, rel));
const readText = (rel) => read(rel).toString('utf8');

// ---- the modules: every .js reachable from the page's entry points ----
const ENTRIES = ['main.js', 'worker.js', 'tuning/mc-worker.js', 'campaign-sim.js', 'campaign-sim-engine.js'];
const IMPORT_RE = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\2/g;
const modules = {};
function addModule(rel) {
  if (modules[rel]) return;
  const src = readText(rel);
  modules[rel] = null; // cycles: mark first
  const deps = [];
  const rewritten = src.replace(IMPORT_RE, (all, lead, quote, spec, offset) => {
    // Imports quoted in comments (a JSDoc @example) stay as they are.
    const line = src.slice(src.lastIndexOf('\n', offset) + 1, offset).trim();
    if (line.startsWith('*') || line.startsWith('//') || line.startsWith('/*')) return all;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
    if (!fs.existsSync(path.join(webRoot, target))) throw new Error(`${rel} imports ${spec}, which is not in ${webRoot}`);
    deps.push(target);
    return `${lead}${quote}@@M:${target}@@${quote}`;
  });
  modules[rel] = { src: rewritten, deps };
  for (const d of deps) addModule(d);
}
ENTRIES.forEach(addModule);

// Workers: a page opened from file:// has an opaque origin, and Chromium starts no MODULE worker
// from a blob: URL there (classic ones work). So each worker is bundled into one classic script:
// its modules in dependency order, each in its own function scope, imports turned into
// destructuring of the modules before it, exports into that scope's return value.
function bundleClassic(entry, extra = [], tail = '') {
  const order = [];
  const visit = (rel) => {
    if (order.includes(rel)) return;
    for (const d of modules[rel].deps) visit(d);
    order.push(rel);
  };
  [...extra, entry].forEach(visit);
  const parts = order.map((rel) => {
    const names = [];
    let def = null;
    let src = modules[rel].src
      .replace(/\bimport\s*\{([^}]*)\}\s*from\s*(['"])@@M:([^@]+)@@\2;?/g, (_, list, q, dep) =>
        `const {${list.replace(/\s+as\s+/g, ': ')}} = __m[${JSON.stringify(dep)}];`)
      .replace(/^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm, (_, kind, name) => { names.push(name); return `${kind} ${name}`; })
      .replace(/^export\s*\{([^}]*)\};?/gm, (_, list) => { names.push(...list.split(',').map((x) => x.trim()).filter(Boolean)); return ''; })
      .replace(/^export\s+default\s+([A-Za-z_$][\w$]*);?/gm, (_, name) => { def = name; return ''; })
      .replace(/\bimport\.meta\.url\b/g, 'self.location.href');
    if (/^\s*(import|export)\s/m.test(src)) throw new Error(`${rel}: an import or export the offline bundler does not handle`);
    const ret = [...names.map((n) => (n.includes(' as ') ? `${n.split(' as ')[1].trim()}: ${n.split(' as ')[0].trim()}` : n)), def ? `default: ${def}` : null].filter(Boolean).join(', ');
    return `__m[${JSON.stringify(rel)}] = (() => {\n${src}\nreturn { ${ret} };\n})();\n`;
  });
  // The entry last, after `tail` (code to run once its dependencies are defined).
  const last = parts.pop();
  return `'use strict';\nconst __m = {};\n${parts.join('')}${tail}${last}`;
}
// The JS API and the engine glue go into each worker's bundle, which the worker takes instead of
// importing them (globalThis.campaignSimBundledEngine, see web/worker.js); the .wasm bytes come
// in the worker's init message from the page's asset resolver, as online.
const API = 'campaign-sim.js';
const ENGINE_GLUE = 'campaign-sim-engine.js';
const WORKERS = { engineWorker: 'worker.js', mcWorker: 'tuning/mc-worker.js' };
const workerBundles = Object.fromEntries(Object.entries(WORKERS).map(([name, w]) => [name,
  bundleClassic(w, [API, ENGINE_GLUE], `globalThis.campaignSimBundledEngine = { loadEngine: __m[${JSON.stringify(API)}].loadEngine, createModule: __m[${JSON.stringify(ENGINE_GLUE)}].default };\n`)]));
// The page itself never loads the engine (its workers do).
for (const m of [API, ENGINE_GLUE, ...Object.values(WORKERS)]) delete modules[m];

const DATA_FILES = { assumptions: 'assumptions.json' }; // asset name -> file, inline in the resolver's `data`
const wasm = read('campaign-sim-engine.wasm');
const wasmDeflated = zlib.deflateRawSync(wasm, { level: 9 });
const files = {
  modules,
  workers: workerBundles,
  data: Object.fromEntries(Object.entries(DATA_FILES).map(([name, f]) => [name, readText(f)])),
  wasm: wasmDeflated.toString('base64'),
};

// ---- the bootstrap (classic script; its hash goes into the CSP) ----
const bootstrap = `
(async () => {
  'use strict';
  // The file as it was opened, before any view touches the DOM: "Download offline copy" writes it
  // again with the current state embedded.
  const pristineHtml = '<!doctype html>\\n' + document.documentElement.outerHTML;
  const fail = (err) => {
    const box = document.getElementById('alerts');
    const p = document.createElement('p');
    p.className = 'alert';
    p.textContent = 'The offline simulator could not start: ' + (err && err.message ? err.message : err);
    if (box) box.append(p); else document.body.prepend(p);
  };
  try {
    const files = JSON.parse(document.getElementById('campaign-sim-files').textContent);
    const urls = {};
    const blobUrl = (text, type) => URL.createObjectURL(new Blob([text], { type }));
    // The engine: inflated once here, handed to every worker in its init message (web/assets.js).
    const bin = atob(files.wasm);
    const packed = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) packed[i] = bin.charCodeAt(i);
    const wasm = await new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer();
    const moduleUrl = (name) => {
      if (urls[name]) return urls[name];
      const m = files.modules[name];
      if (!m) throw new Error('missing module ' + name);
      for (const d of m.deps) moduleUrl(d);
      urls[name] = blobUrl(m.src.replace(/@@M:([^@]+)@@/g, (_, d) => urls[d]), 'text/javascript');
      return urls[name];
    };
    Object.keys(files.modules).forEach(moduleUrl);
    const workerUrls = {};
    for (const [name, src] of Object.entries(files.workers)) workerUrls[name] = blobUrl(src, 'text/javascript');
    // The page's asset resolver (web/assets.js) reads this: every file it would fetch is here.
    globalThis.campaignSimConfig = { urls: workerUrls, data: { ...files.data, wasm }, workerType: 'classic', pristineHtml };
    await import(urls['main.js']);
  } catch (err) {
    fail(err);
  }
})();
`;
const sha = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('base64');

// ---- the page: index.html with everything inlined ----
let html = readText('index.html');
const css = [readText('styles.css'), readText('tuning/tuning.css')].join('\n').replace(/<\/style/gi, '<\\/style');
const favicon = `data:image/svg+xml;base64,${read('favicon.svg').toString('base64')}`;
const csp = [
  "default-src 'none'",
  `script-src 'sha256-${sha(bootstrap)}' blob: 'wasm-unsafe-eval'`,
  'worker-src blob:',
  `style-src 'sha256-${sha(css)}'`,
  'img-src data: blob:',
  'connect-src blob:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const replaceOnce = (re, to) => {
  if (!re.test(html)) throw new Error(`index.html: nothing matches ${re}`);
  html = html.replace(re, () => to);
};
html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
replaceOnce(/<meta charset="utf-8">/, `<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="${csp}">`);
replaceOnce(/<link rel="icon"[^>]*>/, `<link rel="icon" href="${favicon}" type="image/svg+xml">`);
replaceOnce(/\s*<link rel="stylesheet" href="styles.css">\s*<link rel="stylesheet" href="tuning\/tuning.css">/, `\n  <style>${css}</style>`);
replaceOnce(/\s*<script type="module" src="main.js"><\/script>/, '');
const filesJson = JSON.stringify(files).replace(/</g, '\\u003c');
replaceOnce(/<\/body>/, `<script type="application/json" id="campaign-sim-embedded"></script>
<script type="application/json" id="campaign-sim-files">${filesJson}</script>
<script>${bootstrap}</script>
</body>`);

fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, html);
const size = Buffer.byteLength(html);
const gz = zlib.gzipSync(html, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`offline copy: ${outFile} ${kb(size)} (${kb(gz)} gzipped); engine .wasm ${kb(wasm.length)} -> ${kb(wasmDeflated.length)} deflated, ${Object.keys(modules).length} modules`);
