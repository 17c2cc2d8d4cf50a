// Used by scripts/first-load-floor.sh (not a test): loads the playground of
// SITE, whose wasm wasm-split has instrumented, in headless Chromium, waits
// for the first analysis on screen and writes the wasm's profile (which
// functions ran) to OUT.
//
//   node tests/browser/first-load-profile.mjs SITE OUT
//
// The analysis worker is switched off (no `Worker`), so the page analyses
// on its own thread and one profile holds the app and the analysis.
import { writeFileSync } from 'node:fs';
import { launch, serve } from './harness.mjs';

const [site, out] = process.argv.slice(2);
if (!site || !out) {
  console.error('usage: node tests/browser/first-load-profile.mjs SITE OUT');
  process.exit(2);
}
const server = await serve(site);
const browser = await launch();
try {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.Worker = undefined;
    addEventListener('TrunkApplicationStarted', (e) => {
      window.__slimfileWasm = e.detail.wasm;
    });
  });
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await page.waitForSelector('[data-testid="problems-summary"][elementtiming]', { timeout: 60_000 });
  // The frame with the analysis, and whatever runs right after it.
  await page.waitForTimeout(1000);
  if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
  const bytes = await page.evaluate(() => {
    const wasm = window.__slimfileWasm;
    const size = 1 << 20;
    const at = wasm.__wbindgen_malloc(size, 8);
    const written = wasm.__write_profile(at, size);
    return Array.from(new Uint8Array(wasm.memory.buffer, at, written));
  });
  writeFileSync(out, Buffer.from(bytes));
  console.log(`profile of the first load: ${bytes.length} bytes`);
} finally {
  await browser.close();
  server.close();
}
