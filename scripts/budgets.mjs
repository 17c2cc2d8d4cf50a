#!/usr/bin/env node
// The site's budgets (issue #7), measured on a built dist/:
//   * first load of the playground: index.html and everything it references
//     (js, wasm, css, manifest, icons), gzipped: at most 300 KB
//   * the widget loader (embed.js), gzipped: at most 10 KB
//   * navigation to the first analysis on screen, and an offline reload, in
//     headless Chromium from a local server: printed only (timing is not a
//     test), budgets 1 s and 0.5 s
//
//   node scripts/budgets.mjs [DIST]        (default: dist/)
//
// tests/browser/site.test.mjs imports measureBytes() and asserts the byte
// budgets; it also prints the timings it measures.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BUDGETS = { firstLoadGzip: 300 * 1024, loaderGzip: 10 * 1024, firstAnalysisMs: 1000, offlineReloadMs: 500 };

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/** Files index.html loads (relative paths), found in its tags and its module script. */
export function firstLoadFiles(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = new Set();
  const attr = /<(?:link|script|img)\b[^>]*?\s(?:href|src)="([^"]+)"/g;
  // The analysis worker's script (it imports the page's own js and wasm).
  const worker = /<meta\s+name="slimfile-worker"\s+content="([^"]+)"/g;
  const imports = /(?:from\s+|module_or_path:\s*)'([^']+)'/g;
  for (const re of [attr, imports, worker]) {
    for (const m of html.matchAll(re)) {
      const ref = m[1];
      if (/^(?:[a-z]+:|\/\/|#)/i.test(ref)) continue; // data:, other origins, fragments
      refs.add(ref.replace(/^\.\//, '').replace(/[?#].*$/, ''));
    }
  }
  // The manifest's icons are fetched too (installability checks read them).
  if (refs.has('manifest.webmanifest')) {
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.webmanifest'), 'utf8'));
    for (const icon of manifest.icons ?? []) refs.add(icon.src.replace(/^\.\//, ''));
  }
  return ['index.html', ...[...refs].sort()];
}

/** Bytes of the first load and of the loader, raw and gzipped. */
export function measureBytes(dist) {
  const files = firstLoadFiles(dist).map((f) => {
    const buf = readFileSync(join(dist, f));
    return { file: f, raw: buf.length, gzip: gz(buf) };
  });
  const loader = readFileSync(join(dist, 'embed.js'));
  // Fetched only when an estimate needs them (an apt install on Debian).
  let onDemand = [];
  try {
    onDemand = readdirSync(join(dist, 'data')).map((f) => {
      const buf = readFileSync(join(dist, 'data', f));
      return { file: `data/${f}`, raw: buf.length, gzip: gz(buf) };
    });
  } catch {
    // A build with the tables embedded has no data/ folder.
  }
  return {
    onDemand,
    files,
    firstLoadGzip: files.reduce((a, f) => a + f.gzip, 0),
    firstLoadRaw: files.reduce((a, f) => a + f.raw, 0),
    loaderGzip: gz(loader),
    loaderRaw: loader.length,
  };
}

export const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

export function report(m) {
  const lines = ['first load of the playground (gzipped):'];
  for (const f of m.files) lines.push(`  ${f.file.padEnd(44)} ${kb(f.raw).padStart(10)} raw ${kb(f.gzip).padStart(10)} gzipped`);
  const verdict = (v, b) => (v <= b ? `within the ${kb(b)} budget` : `OVER the ${kb(b)} budget by ${kb(v - b)}`);
  lines.push(`  total ${kb(m.firstLoadGzip)} gzipped (${kb(m.firstLoadRaw)} raw): ${verdict(m.firstLoadGzip, BUDGETS.firstLoadGzip)}`);
  for (const f of m.onDemand ?? []) {
    lines.push(`on demand (an apt install on Debian): ${f.file} ${kb(f.raw)} raw, ${kb(f.gzip)} gzipped`);
  }
  lines.push(`widget loader embed.js: ${kb(m.loaderGzip)} gzipped (${kb(m.loaderRaw)} raw): ${verdict(m.loaderGzip, BUDGETS.loaderGzip)}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dist = resolve(process.argv[2] ?? join(root, 'dist'));
  statSync(join(dist, 'index.html'));
  const m = measureBytes(dist);
  console.log(report(m));
  console.log('timings (navigation to first analysis, offline reload): run node --test tests/browser/site.test.mjs');
  process.exit(m.firstLoadGzip <= BUDGETS.firstLoadGzip && m.loaderGzip <= BUDGETS.loaderGzip ? 0 : 1);
}
