// The Optimize panel (issue #6), used as a person would. The serving and
// launching below follow app.test.mjs.
//
//   node --test tests/browser/optimize.test.mjs
//
// The slimfile playground, used as a person would: the built site (dist/,
// from `trunk build --release`) served from this process on a local port and
// driven in Debian's Chromium through playwright-core (which never downloads a
// browser). Screenshots of each state go to tests/browser/artifacts/.
//
//   node --test tests/browser/app.test.mjs
//
// SLIMFILE_DIST overrides the site folder; SLIMFILE_VERSION the expected
// version (default: the slimfile crate's, from cargo metadata).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dist = resolve(process.env.SLIMFILE_DIST ?? join(root, 'dist'));
const artifacts = join(here, 'artifacts');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

function expectedVersion() {
  if (process.env.SLIMFILE_VERSION) return process.env.SLIMFILE_VERSION;
  const meta = JSON.parse(
    execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { cwd: root, encoding: 'utf8' }),
  );
  return meta.packages.find((p) => p.name === 'slimfile').version;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** A static file server for dist/ on 127.0.0.1 and a free port. */
function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// Everything the suite's pages asked for, and everything they complained about.
const requests = [];
const problems = [];

let server;
let origin;
let browser;
let context;
let page;

async function shot(name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

const NODE = 'FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD ["npm", "start"]\n';

function editor(name = 'Dockerfile') {
  return page.getByRole('textbox', { name, exact: true });
}

/** Sets the textarea's whole text at once (a paste), as the input event does. */
async function paste(text) {
  await editor().evaluate((t, v) => {
    t.value = v;
    t.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** The editor's value once it equals `expected` (Yew renders after the
 * event handler returns), or the last value seen after 5 s. */
async function valueSoon(expected, name = 'Dockerfile') {
  let value;
  for (let i = 0; i < 100; i++) {
    value = await editor(name).inputValue();
    if (value === expected) break;
    await page.waitForTimeout(50);
  }
  return value;
}

/** Waits until the analysis is of the text shown. */
async function analysed() {
  await page.locator('.analysing').waitFor({ state: 'detached' });
}

/** Replaces the editor's text by typing it, as a person would. */
async function typeText(text, name = 'Dockerfile') {
  const editor = page.getByRole('textbox', { name, exact: true });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await editor.pressSequentially(text);
  assert.equal(await editor.inputValue(), text);
}

function watch(p) {
  p.on('request', (r) => requests.push(r.url()));
  p.on('websocket', (ws) => requests.push(ws.url()));
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
}


describe('the Optimize panel in Chromium', () => {
  before(async () => {
    try {
      statSync(join(dist, 'index.html'));
    } catch {
      throw new Error(`no site at ${dist}: run \`trunk build --release\` first`);
    }
    mkdirSync(artifacts, { recursive: true });
    server = await serve(dist);
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watch(page);
    await page.goto(`${origin}/`);
    await page.getByTestId('version').waitFor();
  });

  after(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok()));
  });

  const panel = () => page.getByTestId('optimize');
  const row = (name) => panel().locator(`.opt-row[data-technique="${name}"]`);

  test('the article example: the base step to an alpine variant with its saving, previewed, applied, undone', async () => {
    await page.selectOption('.toolbar select', { index: 1 });
    assert.equal(await valueSoon(NODE), NODE);
    await analysed();
    // Nothing is computed until asked.
    assert.equal(await panel().locator('.opt-row').count(), 0);
    await panel().getByRole('button', { name: 'Find optimizations' }).click();
    await row('base').waitFor();
    const title = await row('base').locator('.opt-headline').textContent();
    assert.match(title, /node:latest.*node:[\w.-]*alpine/);
    const savings = await row('base').locator('.opt-saving').allTextContents();
    assert.equal(savings.length, 2);
    assert.match(savings[0], /^−\d+\.\d MB compressed \(pull\)$/);
    assert.match(savings[1], /^−\d+\.\d MB uncompressed \(disk\)$/);
    assert.equal(await row('base').locator('.opt-badge').textContent(), 'unsafe');
    assert.ok(await row('dockerignore').count(), 'a .dockerignore step too');
    assert.ok(await panel().locator('.opt-row.opt-all').count(), 'an Apply all row');
    await row('base').locator('details.opt-more', { hasText: 'Other base images' }).locator('summary').click();
    await shot('opt-01-panel');

    // The preview: the Dockerfile's diff, the caveats, nothing applied yet.
    await row('base').getByRole('button', { name: 'Preview' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.deepEqual(await dialog.locator('.diff .del .t').allTextContents(), ['FROM node:latest']);
    const added = await dialog.locator('.diff .add .t').allTextContents();
    assert.equal(added.length, 1);
    assert.match(added[0], /^FROM node:[\w.-]*alpine[\w.-]*$/);
    assert.ok((await dialog.locator('.opt-caveats li').count()) > 0, 'the caveats are listed');
    await shot('opt-02-preview');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await valueSoon(NODE), NODE);

    // Apply (unsafe: the confirmation first).
    await row('base').getByRole('button', { name: /^Apply:/ }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Apply unsafe change' }).click();
    const based = NODE.replace('FROM node:latest', added[0]);
    assert.equal(await valueSoon(based), based);
    await analysed();
    // Found again on the new text: no base step is offered any more.
    await row('dockerignore').waitFor();
    for (let i = 0; i < 100 && (await row('base').count()) > 0; i++) await page.waitForTimeout(50);
    assert.equal(await row('base').count(), 0);
    await shot('opt-03-after-base');

    // The .dockerignore step fills the .dockerignore tab.
    await row('dockerignore').getByRole('button', { name: 'Preview' }).click();
    await dialog.waitFor();
    assert.match(await dialog.locator('caption').first().textContent(), /\.dockerignore/);
    await dialog.getByRole('button', { name: /^Apply/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const ignore = await editor('.dockerignore').inputValue();
    assert.match(ignore, /node_modules/);
    await shot('opt-04-dockerignore');

    // Undo restores the .dockerignore, then the Dockerfile; redo brings it back.
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await valueSoon('', '.dockerignore'), '');
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await valueSoon(NODE), NODE);
    await page.getByRole('button', { name: 'Redo' }).click();
    assert.equal(await valueSoon(based), based);
    await analysed();
    await shot('opt-05-undo-redo');
    assert.deepEqual(problems, []);
    assert.ok(requests.every((u) => u.startsWith(origin) || u.startsWith('data:')), requests.join('\n'));
  });

  test('Apply all: one step for both files, with its total saving', async () => {
    await page.selectOption('.toolbar select', { index: 1 });
    assert.equal(await valueSoon(NODE), NODE);
    await analysed();
    const all = panel().locator('.opt-row.opt-all');
    await all.waitFor();
    assert.match((await all.locator('.opt-saving').allTextContents())[0], /compressed \(pull\)$/);
    await all.getByRole('button', { name: /^Apply:/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await shot('opt-06-apply-all');
    await dialog.getByRole('button', { name: /^Apply/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const text = await editor().inputValue();
    assert.match(text.split('\n')[0], /^FROM node:[\w.-]*alpine/);
    await analysed();
    await panel().getByText('No optimization to offer for this file.').waitFor();
    await shot('opt-07-all-applied');
    // One undo step for both files.
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await valueSoon(NODE), NODE);
    assert.deepEqual(problems, []);
  });
});
