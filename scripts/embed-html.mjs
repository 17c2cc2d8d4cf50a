#!/usr/bin/env node
// Writes DIR/embed.html (the widget's page, see crates/slimfile-web/src/embed.rs)
// from trunk's DIR/index.html: the same hashed js and wasm, so a visitor's
// cache and the service worker share them, with the widget's stylesheet and
// frame script instead of the playground's stylesheet, manifest and
// service-worker registration.   node scripts/embed-html.mjs DIR
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/embed-html.mjs DIR');
  process.exit(2);
}
let html = readFileSync(join(dir, 'index.html'), 'utf8');
const before = html;
const replace = (pattern, by, what) => {
  if (!pattern.test(html)) throw new Error(`embed-html: ${what} not found in index.html`);
  html = html.replace(pattern, by);
};
replace(/<title>[^<]*<\/title>/, '<title>slimfile widget</title>', 'the title');
replace(/<link rel="stylesheet" href="[^"]*style-[^"]*\.css"[^>]*>/, '<link rel="stylesheet" href="./embed.css" />', "the app's stylesheet");
html = html.replace(/\s*<link rel="manifest"[^>]*>/, '');
html = html.replace(/\s*<script src="[^"]*sw-register\.js"[^>]*><\/script>/, '');
replace(/<\/head>/, '<script src="./embed-frame.js"></script>\n</head>', '</head>');
html = html.replace(/<noscript>[^<]*<\/noscript>/, '<noscript>This live Dockerfile check needs JavaScript and WebAssembly.</noscript>');
if (html === before) throw new Error('embed-html: nothing changed');
writeFileSync(join(dir, 'embed.html'), html);
console.log('embed.html: written');
