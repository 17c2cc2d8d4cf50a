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
import { mkdirSync, readFileSync, statSync } from 'node:fs';
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

/** Replaces the editor's text by typing it, as a person would. */
async function typeText(text) {
  const editor = page.getByRole('textbox', { name: 'Dockerfile' });
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

describe('slimfile playground in Chromium', () => {
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
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    watch(page);
  });

  after(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok()));
  });

  test('the app loads: wasm ran, the header shows the version, the example is analysed', async () => {
    const version = expectedVersion();
    await page.goto(`${origin}/`);
    await page.getByTestId('version').waitFor();
    assert.equal(await page.getByTestId('version').textContent(), `v${version}`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'slimfile');
    const editor = page.getByRole('textbox', { name: 'Dockerfile' });
    assert.match(await editor.inputValue(), /^FROM python:3\.12-slim /);
    assert.equal(await page.getByTestId('problems-summary').textContent(), '✓ No problems found');
    const keywords = await page.locator('.instructions .keyword').allTextContents();
    assert.deepEqual(keywords, ['FROM', 'WORKDIR', 'COPY', 'RUN', 'COPY', 'USER', 'CMD']);
    await shot('01-loaded');
  });

  test('an unknown instruction shows a diagnostic at its line, and selecting it marks it in the editor', async () => {
    // Multi-byte characters before the problem: the selection must still
    // land on it (byte offsets are converted to UTF-16 for the textarea).
    await typeText('# note: 🐳 café\nFORM alpine\nFROM alpine:3.20\n');
    const row = page.locator('.diagnostic');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    assert.equal(await row.getAttribute('data-line'), '2');
    assert.equal(await row.locator('.goto').textContent(), '2:1');
    assert.equal(await row.locator('.severity').textContent(), 'error');
    assert.equal(await row.locator('.code').textContent(), 'parse/unknown-instruction');
    assert.match(await row.locator('.message').textContent(), /FORM/);
    assert.equal(await page.getByTestId('problems-summary').textContent(), '1 problem: 1 error');
    await row.locator('.goto').click();
    const selected = await page.getByRole('textbox', { name: 'Dockerfile' }).evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
    assert.equal(selected, 'FORM');
    await shot('02-diagnostic');
  });

  test('a valid Dockerfile shows "no problems" and its instructions with their lines', async () => {
    await typeText('FROM alpine:3.20\nWORKDIR /app\nRUN apk add --no-cache curl=8.11.1-r0 \\\n    && curl --version\nCMD ["sh"]\n');
    await page.getByText('No problems found').waitFor();
    assert.equal(await page.locator('.diagnostic').count(), 0);
    const rows = await page
      .locator('.instructions tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent]));
    assert.deepEqual(rows, [
      ['FROM', '1'],
      ['WORKDIR', '2'],
      ['RUN', '3–4'],
      ['CMD', '5'],
    ]);
    await shot('03-no-problems');
  });

  test('the text survives a reload (localStorage)', async () => {
    const text = 'FROM debian:bookworm-slim\nRUN apt-get update\nBLAH\n';
    await typeText(text);
    await page.getByText('Saved in this browser only').waitFor();
    await page.reload();
    await page.getByTestId('version').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), text);
    assert.equal(await page.locator('.diagnostic', { hasText: 'parse/unknown-instruction' }).getAttribute('data-line'), '3');
    await shot('04-after-reload');
  });

  test('"Load example" puts the text aside and "Restore previous text" brings it back', async () => {
    const mine = await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue();
    await page.getByRole('button', { name: 'Load example' }).click();
    assert.match(await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), /^FROM python:3\.12-slim /);
    await page.getByRole('button', { name: 'Restore previous text' }).click();
    assert.equal(await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), mine);
  });

  test('on a narrow screen the results sit below the editor', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const editor = await page.locator('.editor').boundingBox();
    const problemsPanel = await page.locator('.problems').boundingBox();
    assert.ok(problemsPanel.y >= editor.y + editor.height, 'problems panel below the editor');
    assert.ok(editor.width <= 390, `editor fits the screen (${editor.width}px)`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    await shot('05-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  test('the dark colour scheme is dark and readable', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const [bg, fg] = await page.evaluate(() => {
      const style = getComputedStyle(document.body);
      return [style.backgroundColor, style.color];
    });
    const luminance = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    assert.ok(luminance(bg) < 0.2, `dark background (${bg})`);
    assert.ok(luminance(fg) - luminance(bg) > 0.6, `light text on it (${fg} on ${bg})`);
    await shot('06-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('no request left the page\'s origin, and nothing went wrong in the console', () => {
    assert.ok(requests.some((u) => u.endsWith('.wasm')), `the wasm was fetched: ${requests.join(', ')}`);
    const foreign = requests.filter((u) => new URL(u).origin !== origin && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'requests to other origins');
    assert.deepEqual(problems, []);
  });
});
