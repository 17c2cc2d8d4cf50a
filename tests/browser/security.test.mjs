// The page's security, in Debian's Chromium: user text never becomes HTML,
// the Content-Security-Policy holds (and a strict one, without
// 'unsafe-inline' for scripts, works), hostile share links are refused with a
// message, and no request leaves the origin even when the text asks for one.
//
//   trunk build --release
//   trunk build www/dev-panels.html --release --dist target/dist-panels
//   node --test tests/browser/security.test.mjs
//
// SLIMFILE_DIST and SLIMFILE_PANELS_DIST override the two sites' folders.
//
// Every payload tries to set window.__pwned (or to load an image from another
// origin): the tests check that it stays undefined, that no element or event
// handler attribute came from user text, that the page recorded no CSP
// violation, page error or console error, and that the text is shown as text.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { inlineScripts, sha256Source, strictCsp } from '../../scripts/csp-hashes.mjs';
import { artifacts, dist, dragFolder, root, serve } from './harness.mjs';

const panelsDist = resolve(process.env.SLIMFILE_PANELS_DIST ?? join(root, 'target', 'dist-panels'));

// ---- payloads ----

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  "'><iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>",
  '<img src="https://evil.invalid/pwn.png" onerror="window.__pwned=1">',
  '<a href="javascript:window.__pwned=1">x</a>',
  '&lt;img src=x onerror=window.__pwned=1&gt;',
  '<style>@import url(https://evil.invalid/x.css)</style>',
];

const HOSTILE = [
  `# ${PAYLOADS[0]} ${PAYLOADS[1]}`,
  `FROM node:latest AS ${PAYLOADS[2]}`,
  `LABEL description="${PAYLOADS[4].replaceAll('"', '\\"')}" url="javascript:window.__pwned=1"`,
  `ENV NOTE="${PAYLOADS[1]}" OTHER='${PAYLOADS[3].replaceAll("'", '')}'`,
  "RUN cat <<'EOF' > /srv/index.html",
  PAYLOADS[3],
  PAYLOADS[6],
  'EOF',
  '<IMG SRC=x ONERROR=window.__pwned=1>',
  `"><svg/onload=window.__pwned=1> ${PAYLOADS[7]}`,
  `RUN echo '${PAYLOADS[5]}' && apt-get install curl`,
  `COPY ${PAYLOADS[4].replaceAll(' ', '')} /x`,
  '',
].join('\n');

const HOSTILE_IGNORE = `# ${PAYLOADS[0]}\n${PAYLOADS[1]}\n[z-a]<img src=x onerror=window.__pwned=1>\n`;

// ---- share links (format v1 of crates/slimfile-web/src/share.rs) ----

function field(s) {
  const b = Buffer.from(s, 'utf8');
  const n = Buffer.alloc(4);
  n.writeUInt32LE(b.length);
  return Buffer.concat([n, b]);
}

/** A `v1=` hash of a record made by hand (what an attacker can craft). */
function v1({ dockerfile = '', dockerignore = null, settings = 'slimfile-settings 1\n', version = '0.1.0' }) {
  const rec = Buffer.concat([
    field(dockerfile),
    dockerignore === null ? Buffer.from([0]) : Buffer.concat([Buffer.from([1]), field(dockerignore)]),
    field(settings),
    field(version),
  ]);
  return `v1=${deflateRawSync(rec).toString('base64url')}`;
}

// ---- the browser ----

const problems = [];
let browser;
let pages = [];
const servers = [];

/** The init script: CSP violations and elements/attributes added after the
 * page's own HTML that could run code (recorded for the test to read). */
const WATCH = () => {
  window.__csp = [];
  window.__injected = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} ${e.sample}`),
  );
  const RISKY = new Set(['SCRIPT', 'IMG', 'IFRAME', 'OBJECT', 'EMBED', 'STYLE', 'LINK', 'BASE', 'META', 'FORM', 'svg:svg', 'SVG']);
  // An added element is checked with everything inside it; an attribute
  // change only on that element (the app marks <html data-slimfile-ready>,
  // which adds nothing).
  const check = (el, added = true) => {
    if (!(el instanceof Element)) return;
    for (const n of added ? [el, ...el.querySelectorAll('*')] : [el]) {
      const bad = [...n.attributes].filter((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)).map((a) => a.name);
      if (bad.length) window.__injected.push(`<${n.tagName} ${bad.join(' ')}>`);
      if (added && window.__loaded && RISKY.has(n.tagName)) window.__injected.push(`<${n.tagName}>`);
    }
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') check(r.target, false);
      for (const n of r.addedNodes) check(n);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('DOMContentLoaded', () => (window.__loaded = true));
};

/** A page of a fresh context on `origin`, with every request and complaint recorded. */
async function open(origin, path = '/') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(WATCH);
  const page = await context.newPage();
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('websocket', (ws) => page.requests.push(ws.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.origin = origin;
  pages.push(page);
  await page.goto(`${origin}${path}`);
  return page;
}

/** Nothing ran, nothing was injected, nothing was blocked, nothing left. */
async function assertInert(page, what) {
  const state = await page.evaluate(() => ({
    pwned: window.__pwned,
    csp: window.__csp,
    injected: window.__injected,
    // (Scripts added after the page's own HTML are in `injected`.)
    dom: [...document.querySelectorAll('img, iframe, object, embed, base, form, [onerror], [onload]')].map((e) => e.outerHTML.slice(0, 80)),
  }));
  assert.equal(state.pwned, undefined, `${what}: a payload ran`);
  assert.deepEqual(state.injected, [], `${what}: elements or handlers from user text`);
  assert.deepEqual(state.dom, [], `${what}: elements that user text could have made`);
  assert.deepEqual(state.csp, [], `${what}: CSP violations`);
  const foreign = page.requests.filter((u) => new URL(u).origin !== page.origin && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], `${what}: requests to other origins`);
  assert.deepEqual(problems, [], `${what}: page or console errors`);
}

function editor(page, name = 'Dockerfile') {
  return page.getByRole('textbox', { name, exact: true });
}

async function paste(page, text, name = 'Dockerfile') {
  await editor(page, name).evaluate((t, v) => {
    t.value = v;
    t.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await page.locator('.analysing').waitFor({ state: 'detached' });
}

function cspOf(html) {
  const m = html.match(/<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"/i);
  assert.ok(m, 'the page has a CSP meta');
  return Object.fromEntries(
    m[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k.toLowerCase(), v]),
  );
}

describe('the CSP rewriting script (scripts/csp-hashes.mjs)', () => {
  test('hashes every inline script and drops unsafe-inline for scripts only', () => {
    const html =
      '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' \'unsafe-inline\' \'wasm-unsafe-eval\'; style-src \'self\' \'unsafe-inline\'" />' +
      '<script>var a = 1;</script><script type="module">import x from "./x.js";\n</script><script src="y.js"></script></head></html>';
    const { html: out, hashes } = strictCsp(html);
    assert.deepEqual(inlineScripts(html), ['var a = 1;', 'import x from "./x.js";\n']);
    // The known SHA-256 of "var a = 1;" (as `printf %s 'var a = 1;' | openssl dgst -sha256 -binary | base64`).
    assert.equal(sha256Source('var a = 1;'), `'sha256-${'+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='}'`);
    assert.equal(hashes.length, 2);
    const csp = cspOf(out);
    assert.deepEqual(csp['script-src'], ["'self'", "'wasm-unsafe-eval'", ...hashes]);
    assert.deepEqual(csp['style-src'], ["'self'", "'unsafe-inline'"]);
    // Idempotent: a second run changes nothing.
    assert.equal(strictCsp(out).html, out);
  });

  test('refuses what no hash can allow', () => {
    const head = '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'" />';
    assert.throws(() => strictCsp(`${head}<body onload="x()">`), /event handler/);
    assert.throws(() => strictCsp(`${head}<a href="javascript:x()">`), /javascript:/);
    assert.throws(() => strictCsp('<script>x</script>'), /no <meta/);
  });
});

describe('the page\'s security in Chromium', () => {
  let app;
  let panels;
  let strict;
  let strictDir;

  before(async () => {
    for (const d of [dist, panelsDist]) {
      try {
        statSync(join(d, 'index.html'));
      } catch {
        throw new Error(`no site at ${d}: run \`trunk build --release\` and \`trunk build www/dev-panels.html --release --dist target/dist-panels\` first`);
      }
    }
    mkdirSync(artifacts, { recursive: true });
    // The same site with the strict policy that scripts/csp-hashes.mjs writes.
    strictDir = mkdtempSync(join(tmpdir(), 'slimfile-strict-'));
    cpSync(dist, strictDir, { recursive: true });
    const index = join(strictDir, 'index.html');
    writeFileSync(index, strictCsp(readFileSync(index, 'utf8')).html);
    for (const d of [dist, panelsDist, strictDir]) servers.push(await serve(d));
    [app, panels, strict] = servers.map((s) => `http://127.0.0.1:${s.address().port}`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    for (const s of servers) await new Promise((ok) => s.close(ok));
    if (strictDir) rmSync(strictDir, { recursive: true, force: true });
  });

  test('the built page\'s CSP: no eval, nothing but this origin, no plugins, no forms, no <base>', () => {
    const csp = cspOf(readFileSync(join(dist, 'index.html'), 'utf8'));
    assert.deepEqual(csp['default-src'], ["'self'"]);
    const scripts = csp['script-src'] ?? csp['default-src'];
    assert.ok(!scripts.includes("'unsafe-eval'"), "no 'unsafe-eval'");
    assert.ok(scripts.every((s) => s.startsWith("'")), `scripts from this origin only: ${scripts}`);
    assert.deepEqual(csp['connect-src'] ?? csp['default-src'], ["'self'"]);
    // Plugins: 'none', or (until the meta says so) the default's 'self'.
    assert.ok(["'none'", "'self'"].includes((csp['object-src'] ?? csp['default-src']).join(' ')));
    assert.deepEqual(csp['form-action'], ["'none'"]);
    assert.ok(["'self'", "'none'"].includes(csp['base-uri']?.join(' ')), `base-uri: ${csp['base-uri']}`);
    for (const [k, v] of Object.entries(csp)) assert.ok(!v.some((s) => s === '*' || /^https?:$/.test(s)), `${k} allows any host: ${v}`);
  });

  test('a hostile Dockerfile is shown as text: editor overlay, findings, gutter, hover, rule links, fix diff', async () => {
    const page = await open(app);
    await page.getByTestId('version').waitFor();
    await paste(page, HOSTILE);
    assert.equal(await editor(page).inputValue(), HOSTILE);
    // The overlay draws the very same characters.
    assert.equal(await page.locator('.overlay').textContent(), `${HOSTILE}\n`);
    // The unknown instructions are echoed literally in the findings.
    const messages = await page.locator('.diagnostic .message').allTextContents();
    assert.ok(messages.some((m) => m.includes('<IMG')), `a message shows <IMG literally: ${messages.join(' | ')}`);
    assert.ok(messages.some((m) => m.includes('"><svg/onload=window.__pwned=1>')), `a message shows the svg payload: ${messages.join(' | ')}`);
    // Every rule link stays a link to a rule page of this site.
    for (const href of await page.locator('.diagnostic a.code').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      assert.match(href, /^rules\/[A-Za-z0-9_.-]+\.html$/);
    }
    // The gutter's titles and the hover tip are text too.
    const titles = await page.locator('.gl-mark').evaluateAll((ms) => ms.map((m) => m.getAttribute('title')).join('\n'));
    assert.ok(titles.includes('<IMG'), `a gutter title shows <IMG: ${titles}`);
    const box = await page.locator('.overlay .u-error', { hasText: '<IMG' }).first().boundingBox();
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.locator('.tip').waitFor();
    assert.match(await page.locator('.tip').textContent(), /<IMG/);
    await page.mouse.move(5, 5);
    // The instructions table.
    assert.ok((await page.locator('.instructions').textContent()).includes('LABEL'));
    // A fix's diff shows the hostile lines as they are.
    const fixAll = page.getByRole('button', { name: /^Fix all safe \(\d+\)$/ });
    if (await fixAll.isEnabled()) {
      await fixAll.click();
      const diff = await page.getByRole('dialog').locator('.diff').textContent();
      assert.ok(diff.length > 0);
      await page.keyboard.press('Escape');
    }
    await page.screenshot({ path: join(artifacts, 'security-dockerfile.png'), fullPage: true });
    await assertInert(page, 'hostile Dockerfile');
    // The .dockerignore tab.
    await page.getByRole('tab', { name: /\.dockerignore/ }).click();
    await paste(page, HOSTILE_IGNORE, '.dockerignore');
    assert.equal(await page.locator('.overlay').textContent(), `${HOSTILE_IGNORE}\n`);
    await page.locator('.diagnostic[data-code^="dockerignore/"]').first().waitFor();
    const ignoreMessages = await page.locator('.diagnostic[data-code^="dockerignore/"] .message').allTextContents();
    assert.ok(ignoreMessages.some((m) => m.includes('[z-a]<img src=x onerror=window')), ignoreMessages.join(' | '));
    await assertInert(page, 'hostile .dockerignore');
    // Restored from localStorage after a reload: still text.
    await page.getByText('Saved in this browser only').waitFor();
    await page.reload();
    await page.getByTestId('version').waitFor();
    assert.equal(await editor(page).inputValue(), HOSTILE);
    await page.locator('.analysing').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.overlay').textContent(), `${HOSTILE}\n`);
    await assertInert(page, 'hostile text restored after a reload');
  });

  test('the strict CSP (no inline scripts but the hashed ones) runs the app without a violation', async () => {
    const csp = cspOf(readFileSync(join(strictDir, 'index.html'), 'utf8'));
    assert.ok(!csp['script-src'].includes("'unsafe-inline'"));
    assert.ok(csp['script-src'].some((s) => s.startsWith("'sha256-")));
    const page = await open(strict);
    await page.getByTestId('version').waitFor();
    await paste(page, 'FROM node:latest\nRUN npm install\n');
    await page.locator('.diagnostic[data-code=DL3007]').waitFor();
    await paste(page, HOSTILE);
    assert.ok((await page.locator('.diagnostic .message').allTextContents()).some((m) => m.includes('<IMG')));
    await assertInert(page, 'strict CSP');
    // And the policy does bite: an inline script added now is refused.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 1';
      document.head.append(s);
      s.remove();
    });
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.match((await page.evaluate(() => window.__csp)).join('\n'), /script-src/);
    problems.length = 0; // the refusal's console message is expected here
  });

  test('hostile share links on the app: it loads and works, nothing runs', async () => {
    const hashes = [
      v1({ dockerfile: HOSTILE, dockerignore: HOSTILE_IGNORE }),
      '#example=<script>window.__pwned=1</script>',
      `v1=${encodeURIComponent(PAYLOADS[0])}`,
      `v1=${'A'.repeat(1_600_000)}`,
    ];
    for (const h of hashes) {
      const page = await open(app, `/#${h.replace(/^#/, '')}`);
      await page.getByTestId('version').waitFor();
      await page.locator('.analysing').waitFor({ state: 'detached' });
      const text = await editor(page).inputValue();
      // Either the link's text (when the app reads links) or the page's own.
      if (text.includes('<IMG')) assert.equal(text, HOSTILE);
      await paste(page, 'FROM alpine:latest\n');
      await page.locator('.diagnostic[data-code=DL3007]').waitFor();
      await assertInert(page, `share link ${h.slice(0, 40)}`);
      await page.context().close();
    }
  });

  test('hostile share links on the share dialog\'s page: refused with a message, or shown as text', async () => {
    const zipBomb = `v1=${deflateRawSync(Buffer.alloc(5_000_000)).toString('base64url')}`;
    const cases = [
      [v1({ dockerfile: HOSTILE, dockerignore: HOSTILE_IGNORE }), (d) => d.startsWith(`dockerfile:\n${HOSTILE}`) && d.includes('<img src=x onerror')],
      [v1({ dockerfile: 'FROM x\n', settings: `slimfile-settings 9${PAYLOADS[0]}\n` }), (d) => d.includes(`settings version \`slimfile-settings 9${PAYLOADS[0]}\` is newer`)],
      ['example=<script>window.__pwned=1</script>', (d) => d === 'error: not a slimfile share link'],
      [`v1=${PAYLOADS[1]}`, (d) => /^error: this link is damaged \(not base64url\)/.test(d)],
      [`v1=${Buffer.from(PAYLOADS[2]).toString('base64url')}`, (d) => /^error: this link is damaged/.test(d)],
      [`v1=${'A'.repeat(1_600_000)}`, (d) => /^error: this link is too long \(1600003 characters/.test(d)],
      [zipBomb, (d) => /^error: the shared state is larger than 1024 KiB$/.test(d)],
      ['v99=AAAA', (d) => /^error: this link uses format `v99`/.test(d)],
      [v1({ dockerfile: 'x' }).slice(0, 12), (d) => /^error: this link is damaged/.test(d)],
    ];
    for (const [h, ok] of cases) {
      const page = await open(panels, `/#${h}`);
      await page.locator('.size-svg').waitFor({ timeout: 60_000 });
      const decoded = await page.getByTestId('decoded').innerText();
      assert.ok(ok(decoded), `#${h.slice(0, 40)}…: ${decoded.slice(0, 300)}`);
      // The page keeps working: the share dialog still makes a link.
      await page.getByRole('button', { name: 'Share anyway' }).click();
      assert.match(await page.getByTestId('share-link').inputValue(), /#v1=[A-Za-z0-9_-]+$/);
      await assertInert(page, `share link ${h.slice(0, 40)}`);
      await page.context().close();
    }
  });

  test('hostile file names of a dropped folder are listed as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), '<img src=x onerror=window.__pwned=1>-'));
    try {
      const names = ['<img src=x onerror=window.__pwned=1>.js', '"><svg onload=window.__pwned=1>.env', "'><iframe srcdoc=x>.txt"];
      mkdirSync(join(dir, '<script>window.__pwned=1<'), { recursive: true });
      names.forEach((n, i) => writeFileSync(join(dir, n), Buffer.alloc(1000 * (i + 1))));
      writeFileSync(join(dir, '<script>window.__pwned=1<', '<img src=https:evil.invalid>.bin'), Buffer.alloc(500_000));
      writeFileSync(join(dir, '.dockerignore'), `${PAYLOADS[0]}\n[<img src=x onerror=window.__pwned=1>\n`);
      const page = await open(panels);
      await page.locator('.size-svg').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Forget folder' }).click();
      // A real OS-level drag of the folder (DevTools protocol).
      await dragFolder(page, dir);
      const report = await page.locator('.context-report').innerText();
      assert.ok(report.includes(dir.split(sep).at(-1)), `the folder's name: ${report}`);
      const listed = await page.locator('.context-report code').allTextContents();
      for (const n of ['<script>window.__pwned=1</<img src=https:evil.invalid>.bin', '"><svg onload=window.__pwned=1>.env']) {
        assert.ok(listed.includes(n), `${n} listed as text: ${listed.join(' | ')}`);
      }
      await assertInert(page, 'dragged folder');
      // Files dropped flat, with names a file system would not allow.
      await page.getByRole('button', { name: 'Forget folder' }).click();
      const dt = await page.evaluateHandle((ps) => {
        const d = new DataTransfer();
        ps.forEach((p, i) => d.items.add(new File(['x'.repeat(100 * (i + 1))], p)));
        return d;
      }, PAYLOADS);
      await page.getByTestId('context-dropzone').dispatchEvent('drop', { dataTransfer: dt });
      await page.getByTestId('context-report').waitFor();
      const flat = await page.locator('.context-report code').allTextContents();
      assert.ok(flat.includes(PAYLOADS[1]), `the script payload listed as text: ${flat.join(' | ')}`);
      await page.locator('.panel.context').screenshot({ path: join(artifacts, 'security-context.png') });
      await assertInert(page, 'dropped files');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the checks can fail: markup put into the page as HTML is caught, under both policies', async () => {
    for (const origin of [app, strict]) {
      const page = await open(origin);
      await page.getByTestId('version').waitFor();
      await page.evaluate((p) => document.querySelector('.overlay').insertAdjacentHTML('beforeend', p), PAYLOADS[0]);
      await page.waitForFunction(() => window.__pwned === 1 || window.__csp.length > 0);
      await assert.rejects(assertInert(page, 'a deliberate injection'), /a payload ran|CSP violations|elements/);
      problems.length = 0; // the strict policy's refusal logs a console error
      await page.context().close();
    }
  });

  test('every request of every page stayed on its origin', () => {
    const all = pages.flatMap((p) => p.requests.map((u) => [p.origin, u]));
    assert.ok(all.some(([, u]) => u.endsWith('.wasm')), 'the wasm was fetched');
    assert.deepEqual(all.filter(([o, u]) => new URL(u).origin !== o && !u.startsWith('data:')), []);
  });
});
