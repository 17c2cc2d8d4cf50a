#!/usr/bin/env node
// Makes the Content-Security-Policy of built HTML pages strict for scripts:
// every inline <script> of the page (trunk's loader of the wasm, the theme
// script) gets its 'sha256-…' source in script-src, and 'unsafe-inline' goes
// away, so no other inline script can ever run (a static site cannot use
// nonces). Run it on the final HTML, after anything else that edits it:
//
//   node scripts/csp-hashes.mjs dist/index.html [more.html …]
//
// It refuses (exit status 1) a page with no CSP meta, with an inline event
// handler attribute (on…=) or a javascript: URL, which no hash can allow.
// Importable: strictCsp(html) returns { html, hashes }.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const META = /(<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=)(?:"([^"]*)"|'([^']*)')/i;

/** The text of every inline script (no src attribute), as the browser hashes it. */
export function inlineScripts(html) {
  const out = [];
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (let m; (m = re.exec(html)); ) {
    if (!/\bsrc\s*=/i.test(m[1])) out.push(m[2]);
  }
  return out;
}

export function sha256Source(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The policy with script-src made strict; the hashes of `scripts` added. */
export function strictPolicy(policy, scripts) {
  const hashes = [...new Set(scripts.map(sha256Source))];
  const directives = policy.split(';').map((d) => d.trim()).filter(Boolean);
  let found = false;
  const out = directives.map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    if (name.toLowerCase() !== 'script-src') return d;
    found = true;
    const kept = sources.filter((s) => s !== "'unsafe-inline'" && !s.startsWith("'sha256-"));
    return [name, ...kept, ...hashes].join(' ');
  });
  if (!found) {
    const fallback = directives.find((d) => /^default-src\s/i.test(d));
    const base = fallback ? fallback.split(/\s+/).slice(1).filter((s) => s !== "'unsafe-inline'") : ["'self'"];
    out.push(['script-src', ...base, ...hashes].join(' '));
  }
  return { policy: out.join('; '), hashes };
}

export function strictCsp(html) {
  const meta = html.match(META);
  if (!meta) throw new Error('no <meta http-equiv="Content-Security-Policy"> in the page');
  const handler = html.match(/<[a-z][^>]*\s(on[a-z]+)\s*=/i);
  if (handler) throw new Error(`an inline event handler (${handler[1]}=) cannot be allowed by a hash`);
  if (/\b(?:href|src|action)\s*=\s*["']?\s*javascript:/i.test(html)) throw new Error('a javascript: URL cannot be allowed by a hash');
  const quote = meta[2] === undefined ? "'" : '"';
  const { policy, hashes } = strictPolicy(meta[2] ?? meta[3], inlineScripts(html));
  if (quote === "'" && policy.includes("'")) throw new Error('the CSP meta is single-quoted: write it with double quotes');
  return { html: html.replace(META, (_, head) => `${head}${quote}${policy}${quote}`), hashes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node scripts/csp-hashes.mjs page.html [more.html …]');
    process.exit(2);
  }
  try {
    for (const file of files) {
      const { html, hashes } = strictCsp(readFileSync(file, 'utf8'));
      writeFileSync(file, html);
      console.log(`${file}: script-src without 'unsafe-inline', ${hashes.length} inline script hash(es)`);
    }
  } catch (e) {
    console.error(`csp-hashes: ${e.message}`);
    process.exit(1);
  }
}
