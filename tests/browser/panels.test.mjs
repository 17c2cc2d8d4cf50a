// The side panels (size chart, share dialog, settings, build context) on the
// development page www/dev-panels.html, in Debian's Chromium. Build it first:
//
//   trunk build www/dev-panels.html --dist target/dist-panels
//   node --test tests/browser/panels.test.mjs
//
// SLIMFILE_PANELS_DIST overrides the folder. Screenshots go to
// tests/browser/artifacts/panels-*.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { artifacts, dragFolder, launch, requireSite, root, serve } from './harness.mjs';

const dist = resolve(process.env.SLIMFILE_PANELS_DIST ?? join(root, 'target', 'dist-panels'));

const requests = [];
const problems = [];
let server, origin, browser, page;

async function open(query = '') {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await ctx.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.goto(`${origin}/${query}`);
  await page.locator('.size-svg').waitFor({ timeout: 60_000 });
}

const made = [];

/** A small project folder in a fresh temporary directory. */
function makeProject() {
  const dir = mkdtempSync(join(tmpdir(), 'slimfile-panels-'));
  made.push(dir);
  for (const d of ['src', 'node_modules/x', '.git', 'logs']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, '.dockerignore'), 'node_modules\n');
  writeFileSync(join(dir, 'package.json'), '{}\n');
  writeFileSync(join(dir, 'src/a.js'), 'x\n');
  writeFileSync(join(dir, '.env'), 'A=1\n');
  writeFileSync(join(dir, 'logs/big.log'), Buffer.alloc(3_000_000));
  writeFileSync(join(dir, '.git/pack'), Buffer.alloc(2_000_000));
  writeFileSync(join(dir, 'node_modules/x/i.js'), Buffer.alloc(50_000));
  return dir;
}

describe('side panels in Chromium', () => {
  before(async () => {
    requireSite(dist, '`trunk build www/dev-panels.html --release --dist target/dist-panels`');
    mkdirSync(artifacts, { recursive: true });
    server = await serve(dist);
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launch();
  });
  after(async () => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok()));
  });

  test('size chart: measures, ranges, unknown parts, hover text, layer click', async () => {
    await open();
    const total = page.getByTestId('size-total');
    assert.match(await total.innerText(), /^\d+\.\d–\d+\.\d MB compressed \(pull\) \+ 2 part\(s\) of unknown size$/);
    await page.getByRole('button', { name: 'uncompressed (disk)' }).click();
    assert.match(await total.innerText(), /^\d+\.\d MB uncompressed \(disk\) \+ 2 part\(s\) of unknown size$/);
    await page.getByRole('button', { name: 'compressed (pull)' }).click();
    const baseTip = await page.locator('.seg-base title').textContent();
    assert.match(baseTip, /^node:.*: \d+\.\d MB compressed \(pull\), high confidence\. node:/);
    assert.equal(await page.locator('.seg-unknown text').textContent(), '?2');
    const sizes = await page.locator('.layer .layer-size').allTextContents();
    assert.equal(sizes.at(-1), 'unknown');
    await page.locator('.layer .goto').first().click();
    assert.match(await page.getByTestId('selected').innerText(), /start: \d+, end: \d+/);
    await page.screenshot({ path: join(artifacts, 'panels-size.png'), fullPage: true });
  });

  test('size chart: before/after', async () => {
    await open('?compare');
    assert.match(await page.getByTestId('size-compare').innerText(), /: −\d+\.\d MB \(−\d+%\) compressed \(pull\)$/);
    await page.locator('.panel.size').screenshot({ path: join(artifacts, 'panels-compare.png') });
  });

  test('share: secret warning first, then a link that restores both files and the settings', async () => {
    await open();
    await page.getByRole('searchbox', { name: 'Search rules' }).fill('DL3007');
    assert.equal(await page.locator('.rule').count(), 1);
    await page.getByRole('checkbox', { name: /^DL3007/ }).uncheck();
    assert.match(await page.locator('.rule').getAttribute('class'), /\boff\b/);
    const warning = page.getByTestId('secret-warning');
    assert.match(await warning.innerText(), /Dockerfile line 7: a GitHub token/);
    assert.doesNotMatch(await warning.innerText(), /0123456789/);
    assert.equal(await page.getByTestId('share-link').count(), 0);
    await page.getByRole('button', { name: 'Share anyway' }).click();
    const link = await page.getByTestId('share-link').inputValue();
    assert.match(link, /#v1=[A-Za-z0-9_-]+$/);
    await page.screenshot({ path: join(artifacts, 'panels-share.png'), fullPage: true });
    // A fresh page (a hash change alone would not reload the page).
    assert.ok(link.startsWith(`${origin}/`));
    await open(link.slice(origin.length + 1));
    const decoded = await page.getByTestId('decoded').innerText();
    assert.match(decoded, /^dockerfile:\nFROM node:latest\nWORKDIR \/app\n/);
    assert.match(decoded, /dockerignore: Some\("node_modules\\n"\)/);
    assert.match(decoded, /settings:\nslimfile-settings 1\nrule DL3007 off\n?$/);
  });

  test('build context: a picked folder is listed locally and the suggestion shrinks it', async () => {
    const dir = makeProject();
    await open();
    await page.getByRole('button', { name: 'Forget folder' }).click();
    await page.locator('input[webkitdirectory]').setInputFiles(dir);
    await page.getByTestId('context-report').waitFor();
    assert.match(await page.locator('.context-root').innerText(), /: 7 files, 5\.1 MB listed/);
    // The demo's .dockerignore (node_modules) leaves out node_modules only.
    assert.equal(await page.getByTestId('context-sent').innerText(), '6 files, 5.0 MB');
    assert.match(await page.getByTestId('context-after').innerText(), /^3 files, 18 B \(−5\.0 MB\)$/);
    assert.match(await page.locator('.context .secret-warning').innerText(), /\.env — environment file/);
    await page.locator('.panel.context').screenshot({ path: join(artifacts, 'panels-context.png') });
  });

  test('build context: files dropped on the zone are listed', async () => {
    await open();
    await page.getByRole('button', { name: 'Forget folder' }).click();
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File(['x'.repeat(2500)], 'app.js'));
      d.items.add(new File(['A=1\n'], '.env'));
      return d;
    });
    await page.getByTestId('context-dropzone').dispatchEvent('drop', { dataTransfer: dt });
    await page.getByTestId('context-report').waitFor();
    assert.match(await page.locator('.context-root').innerText(), /^dropped files: 2 files, 2\.5 kB listed/);
    assert.equal(await page.getByTestId('context-sent').innerText(), '2 files, 2.5 kB');
  });

  test('build context: a folder dragged from the desktop is walked (webkitGetAsEntry)', async () => {
    const dir = makeProject();
    await open();
    await page.getByRole('button', { name: 'Forget folder' }).click();
    // A real OS-level drag of the folder, as Chromium's DevTools protocol makes it.
    await dragFolder(page, dir);
    assert.match(await page.locator('.context-root').innerText(), /^slimfile-panels-\w+: 7 files, 5\.1 MB listed$/);
    assert.equal(await page.getByTestId('context-sent').innerText(), '6 files, 5.0 MB');
    // Nested paths: node_modules/x/i.js is what the demo's .dockerignore leaves out.
    assert.match(await page.locator('.context-report').innerText(), /node_modules\s+1 file, 50\.0 kB/);
    await page.getByRole('button', { name: "Load the folder's .dockerignore" }).waitFor();
  });

  test('no errors, and nothing left the page', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), []);
  });
});
