// What the browser suites share: where the built site is, a static server
// for it, how Chromium is launched (Debian's, never a downloaded one), and
// the playground's editor helpers. site.test.mjs has its own server (it
// serves the site under a sub-path and can switch the folder mid-test)
// around the same sendFile().
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..', '..');
/** The release site (`trunk build --release`); SLIMFILE_DIST overrides it. */
export const dist = resolve(process.env.SLIMFILE_DIST ?? join(root, 'dist'));
/** Screenshots of each state, kept as test artifacts. */
export const artifacts = join(here, 'artifacts');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** No GPU, no sandbox (containers), and nothing Chromium would fetch on its own. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export const TYPES = {
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
  '.pkgs': 'text/plain; charset=utf-8',
};

/**
 * Answers `res` with the file at `rel` (a URL path below the site, '' or
 * ending in '/' for its index.html) of folder `dir`, with this cache-control.
 * A path leaving `dir` gets 403; false when there is no such file (the caller
 * answers 404).
 */
export function sendFile(res, dir, rel, cacheControl) {
  let file = normalize(join(dir, rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel));
  if (file !== dir && !file.startsWith(dir + sep)) {
    res.writeHead(403).end();
    return true;
  }
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': cacheControl });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

/** A static file server for `dir` on 127.0.0.1 and a free port (no caching). */
export function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!sendFile(res, dir, path, 'no-store')) res.writeHead(404).end('not found');
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Fails the suite at once, with what to do, when the site was not built. */
export function requireSite(dir, how = '`trunk build --release`') {
  try {
    statSync(join(dir, 'index.html'));
  } catch {
    throw new Error(`no site at ${dir}: run ${how} first`);
  }
}

/** Debian's Chromium, headless. */
export function launch() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

/** The version the page must show: the slimfile crate's (SLIMFILE_VERSION overrides). */
export function expectedVersion() {
  if (process.env.SLIMFILE_VERSION) return process.env.SLIMFILE_VERSION;
  const meta = JSON.parse(
    execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { cwd: root, encoding: 'utf8' }),
  );
  return meta.packages.find((p) => p.name === 'slimfile').version;
}

/** Records every request a page makes (`requests`, URLs) and every page
 * error, console error or warning (`problems`). */
export function watch(p, requests, problems) {
  p.on('request', (r) => requests.push(r.url()));
  p.on('websocket', (ws) => requests.push(ws.url()));
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
}

/** Drags the folder `dir` onto the build-context drop zone as the OS would
 * (DevTools protocol), then waits for the report. */
export async function dragFolder(page, dir) {
  // A drag lands at a point of the viewport: bring the zone into view first.
  await page.getByTestId('context-dropzone').scrollIntoViewIfNeeded();
  const box = await page.getByTestId('context-dropzone').boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [dir], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await page.getByTestId('context-report').waitFor();
}

/** The article's Node Dockerfile. */
export const NODE = 'FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD ["npm", "start"]\n';

/** The playground's editor helpers on the page `getPage()` returns (the
 * suites open their page in `before`). */
export function playground(getPage) {
  const editor = (name = 'Dockerfile') => getPage().getByRole('textbox', { name, exact: true });
  return {
    editor,
    /** Sets the textarea's whole text at once (a paste), as the input event does. */
    async paste(text) {
      await editor().evaluate((t, v) => {
        t.value = v;
        t.dispatchEvent(new Event('input', { bubbles: true }));
      }, text);
    },
    /** The editor's value once it equals `expected` (Yew renders after the
     * event handler returns), or the last value seen after 5 s. */
    async valueSoon(expected, name = 'Dockerfile') {
      let value;
      for (let i = 0; i < 100; i++) {
        value = await editor(name).inputValue();
        if (value === expected) break;
        await getPage().waitForTimeout(50);
      }
      return value;
    },
    /** Waits until the analysis is of the text shown. */
    async analysed() {
      await getPage().locator('.analysing').waitFor({ state: 'detached' });
    },
    /** Replaces the editor's text by typing it, as a person would. */
    async typeText(text, name = 'Dockerfile') {
      const field = editor(name);
      await field.click();
      await getPage().keyboard.press('ControlOrMeta+A');
      await getPage().keyboard.press('Delete');
      await field.pressSequentially(text);
      assert.equal(await field.inputValue(), text);
    },
  };
}
