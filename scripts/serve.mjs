#!/usr/bin/env node
// A small static file server for build/web (plain Node, no dependencies).
//
//   node scripts/serve.mjs [ROOT] [--port 8080] [--host 127.0.0.1]
//                          [--frame-ancestors "'self' https://docs.example.com"] [--no-csp]
//
// ROOT defaults to build/web. --port 0 picks a free port. Every response carries THE strict
// Content-Security-Policy of this project (below: the one place it is written), the policy a
// company's docs site sends, so the page, the element and the docs site are always tried under it;
// plus X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer. Pages may be framed only
// by their own origin (frame-ancestors 'self'), except the iframe embed (embed.html), which any
// site may frame unless --frame-ancestors narrows it. --no-csp (for experiments only) leaves the
// policy out. Only GET and HEAD; paths are decoded, normalised and must stay inside ROOT (no
// directory traversal, no dotfiles); a directory serves its index.html.
//
// Also importable: `const { server, url } = await startServer({ root, port: 0 })`.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

// The policy. No 'unsafe-inline', no 'unsafe-eval': 'wasm-unsafe-eval' only allows compiling
// WebAssembly; workers are module scripts of this origin (blob: for a packaged single-file build);
// styles are files or constructable stylesheets; img blob:/data: for the chart PNG/SVG exports.
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; " +
  "style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'";

/** Pages that other sites may frame (the iframe embed). */
export const EMBEDDABLE = new Set(['embed.html']);

/**
 * The Content-Security-Policy header for a served file. `frameSrc`: origins this site's pages may
 * frame (a docs site that shows the iframe embed of another origin), added to frame-src.
 */
export function cspFor(file, { frameAncestors = '*', frameSrc = '', assetOrigins = '' } = {}) {
  const ancestors = EMBEDDABLE.has(path.basename(file)) ? frameAncestors : "'self'";
  let policy = `${STRICT_CSP}; frame-ancestors ${ancestors}${frameSrc ? `; frame-src 'self' ${frameSrc}` : ''}`;
  if (assetOrigins) {
    // A host whose element files come from another origin (a CDN): its scripts and fetches.
    policy = policy.replace("script-src 'self'", `script-src 'self' ${assetOrigins}`).replace("connect-src 'self'", `connect-src 'self' ${assetOrigins}`)
      .replace("worker-src 'self'", `worker-src 'self' ${assetOrigins}`);
  }
  return policy;
}

// Maps a request path to a file inside root, or null when it must not be served.
export function resolveInside(root, requestUrl) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const segments = pathname.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  const file = path.resolve(root, ...segments);
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

function send(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

export function createHandler({ root, csp = true, frameAncestors = '*', frameSrc = '', assetOrigins = '' }) {
  const realRoot = fs.realpathSync(root);
  return (req, res) => {
    // Public static files: any origin may load them (a docs site using this server as its CDN).
    const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Access-Control-Allow-Origin': '*' };
    if (csp) common['Content-Security-Policy'] = cspFor('', { frameAncestors, frameSrc, assetOrigins });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed\n', { ...common, Allow: 'GET, HEAD' });
      return;
    }
    let file = resolveInside(realRoot, req.url);
    if (!file) {
      send(res, 404, 'not found\n', common);
      return;
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        file = path.join(file, 'index.html');
        try {
          st = fs.statSync(file);
        } catch (e) {
          err = e;
        }
      }
      if (err || !st.isFile()) {
        send(res, 404, 'not found\n', common);
        return;
      }
      // Symlinks must not lead out of the root either.
      let real;
      try {
        real = fs.realpathSync(file);
      } catch {
        send(res, 404, 'not found\n', common);
        return;
      }
      const rel = path.relative(realRoot, real);
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        send(res, 404, 'not found\n', common);
        return;
      }
      const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      if (csp) common['Content-Security-Policy'] = cspFor(file, { frameAncestors, frameSrc, assetOrigins });
      res.writeHead(200, { ...common, 'Content-Type': type, 'Content-Length': st.size });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(real)
        .on('error', () => res.destroy())
        .pipe(res);
    });
  };
}

export function startServer({ root, port = 8080, host = '127.0.0.1', csp = true, frameAncestors = '*', frameSrc = '', assetOrigins = '' } = {}) {
  const server = http.createServer(createHandler({ root, csp, frameAncestors, frameSrc, assetOrigins }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: actual } = server.address();
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({ server, url: `http://${shownHost}:${actual}/` });
    });
  });
}

async function main(argv) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let root = path.resolve(here, '..', 'build', 'web');
  let port = Number(process.env.PORT ?? 8080);
  let host = process.env.HOST ?? '127.0.0.1';
  let csp = true;
  let frameAncestors = '*';
  let label = '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') port = Number(argv[++i]);
    else if (a === '--host') host = argv[++i];
    else if (a === '--csp') csp = true; // the default; kept for old command lines
    else if (a === '--no-csp') csp = false;
    else if (a === '--frame-ancestors') frameAncestors = argv[++i];
    else if (a === '--label') label = argv[++i];
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/serve.mjs [ROOT] [--port 8080] [--host 127.0.0.1] [--frame-ancestors SOURCES] [--no-csp] [--label TEXT]');
      return;
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else root = path.resolve(a);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
  if (!fs.existsSync(root)) throw new Error(`${root} does not exist (run scripts/build first)`);
  const { url } = await startServer({ root, port, host, csp, frameAncestors });
  console.log(`${label || 'Serving'} ${root} at ${url}${csp ? '' : '  (no CSP)'}  (Ctrl+C to stop)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`serve: ${e.message}`);
    process.exit(1);
  });
}
