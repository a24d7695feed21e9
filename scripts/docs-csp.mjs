#!/usr/bin/env node
// Makes a built MkDocs site run under the project's strict Content-Security-Policy
// (scripts/serve.mjs: no 'unsafe-inline'): the theme writes a few inline <script> blocks and
// style="" attributes, which such a policy blocks. Each inline script becomes a file
// (js/inline-<hash>.js, loaded from the same place in the page), each style attribute a class in
// css/inline-styles.css. Data blocks (<script type="application/json">, e.g. a <campaign-sim>
// scenario) are left alone: they are not executed, and CSP does not apply to them.
//
//   node scripts/docs-csp.mjs build/docs-site
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const site = path.resolve(process.argv[2] || 'build/docs-site');
const hash = (text) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);
const styles = new Map(); // declarations -> class
let scripts = 0;

function htmlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return htmlFiles(p);
    return e.name.endsWith('.html') ? [p] : [];
  });
}

fs.mkdirSync(path.join(site, 'js'), { recursive: true });
fs.mkdirSync(path.join(site, 'css'), { recursive: true });
for (const file of htmlFiles(site)) {
  const toRoot = path.relative(path.dirname(file), site).split(path.sep).join('/');
  const prefix = toRoot ? `${toRoot}/` : '';
  let html = fs.readFileSync(file, 'utf8');
  html = html.replace(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g, (whole, attrs = '', body) => {
    if (/\ssrc\s*=/.test(attrs) || !body.trim()) return whole;
    const type = /\stype\s*=\s*["']?([^"'\s>]+)/.exec(attrs);
    if (type && !/^(text|application)\/(javascript|ecmascript)$|^module$/.test(type[1])) return whole; // data block
    const name = `js/inline-${hash(body)}.js`;
    fs.writeFileSync(path.join(site, name), `${body.trim()}\n`);
    scripts += 1;
    return `<script${attrs} src="${prefix}${name}"></script>`;
  });
  html = html.replace(/<([a-zA-Z][\w-]*)([^>]*?)\sstyle\s*=\s*"([^"]*)"([^>]*)>/g, (whole, tag, before, decl, after) => {
    const cls = styles.get(decl) || `inline-style-${hash(decl)}`;
    styles.set(decl, cls);
    const attrs = `${before}${after}`;
    if (/\sclass\s*=\s*"/.test(attrs)) return `<${tag}${attrs.replace(/\sclass\s*=\s*"/, ` class="${cls} `)}>`;
    return `<${tag}${before} class="${cls}"${after}>`;
  });
  if (styles.size && !html.includes('css/inline-styles.css')) {
    html = html.replace('</head>', `    <link href="${prefix}css/inline-styles.css" rel="stylesheet">\n</head>`);
  }
  fs.writeFileSync(file, html);
}
fs.writeFileSync(path.join(site, 'css/inline-styles.css'),
  [...styles].map(([decl, cls]) => `.${cls} { ${decl} }`).join('\n') + '\n');
console.log(`docs-csp: ${scripts} inline scripts moved to files, ${styles.size} style attributes to classes`);
