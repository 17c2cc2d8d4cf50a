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
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, artifacts, dist, expectedVersion, launch, playground, requireSite, root, serve, watch } from './harness.mjs';

const { editor, paste, valueSoon, analysed, typeText } = playground(() => page);

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

describe('slimfile playground in Chromium', () => {
  before(async () => {
    requireSite(dist);
    mkdirSync(artifacts, { recursive: true });
    server = await serve(dist);
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    page = await context.newPage();
    watch(page, requests, problems);
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
    assert.equal(await page.getByRole('link', { name: 'Rules' }).getAttribute('href'), 'rules/index.html');
    assert.match(await editor().inputValue(), /^FROM python:3\.12-slim /);
    assert.equal(await page.getByTestId('problems-summary').textContent(), '✓ No problems found');
    assert.equal(await page.getByText('Every rule passed').count(), 1);
    const keywords = await page.locator('.instructions .keyword').allTextContents();
    assert.deepEqual(keywords, ['FROM', 'WORKDIR', 'COPY', 'RUN', 'COPY', 'USER', 'CMD']);
    // The overlay shows the same text, highlighted.
    assert.equal(await page.locator('.overlay').textContent(), `${await editor().inputValue()}\n`);
    assert.deepEqual((await page.locator('.overlay .t-kw').allTextContents()).slice(0, 3), ['FROM', 'AS', 'WORKDIR']);
    await shot('01-loaded');
  });

  test('an unknown instruction shows a diagnostic at its line, and selecting it marks it in the editor', async () => {
    // Multi-byte characters before the problem: the selection must still
    // land on it (byte offsets are converted to UTF-16 for the textarea).
    await typeText('# note: 🐳 café\nFORM alpine\nFROM alpine:3.20\n');
    const row = page.locator('.diagnostic', { hasText: 'parse/unknown-instruction' });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-line'), '2');
    assert.equal(await row.locator('.goto').textContent(), '2:1');
    assert.equal(await row.locator('.severity').textContent(), 'error');
    assert.equal(await row.locator('.code').textContent(), 'parse/unknown-instruction');
    assert.match(await row.locator('.message').textContent(), /FORM/);
    assert.equal(await page.locator('.overlay .u-error').first().textContent(), 'FORM');
    await row.locator('.goto').click();
    const selected = await editor().evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
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

  test("the article's Node Dockerfile, typed: DL3007 underlined, costs said compressed and on disk, rule links", async () => {
    await typeText(NODE);
    const latest = page.locator('.diagnostic[data-code=DL3007]');
    await latest.waitFor();
    assert.equal(await latest.locator('.goto').textContent(), '1:11');
    assert.equal(await latest.locator('a.code').getAttribute('href'), 'rules/DL3007.html');
    assert.match(await page.getByTestId('problems-summary').textContent(), /^\d+ problems: .*warning/);
    // The exact range of the finding is underlined in the overlay.
    assert.ok((await page.locator('.overlay .u').allTextContents()).includes('latest'));
    // The slim-variant finding says what it costs, both ways.
    const slim = page.locator('.diagnostic[data-code=SF1017]');
    assert.match(await slim.locator('.cost').textContent(), /MB compressed · −.* on disk/);
    // Hovering the underline shows the finding.
    const box = await page.locator('.overlay .u', { hasText: 'latest' }).first().boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.tip').waitFor();
    assert.match(await page.locator('.tip').textContent(), /(DL3007|SF1017)/);
    // The gutter marks the lines with findings, with the message as its title.
    assert.match(await page.locator('.gl-mark').first().getAttribute('title'), /latest/);
    await shot('04-node-findings');
    await page.mouse.move(5, 5);
    // The size chart shows node:latest's published compressed size, and says so.
    const size = page.locator('section.panel.size');
    assert.match(await size.textContent(), /442\.4 MB/);
    assert.match(await page.getByTestId('size-total').textContent(), /compressed \(pull\)/);
    // Clicking a layer selects its instruction in the editor.
    await size.locator('.layer .goto').first().click();
    assert.match(await editor().evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd)), /^RUN npm install|^COPY|^WORKDIR|^CMD|^EXPOSE/);
  });

  test('an unsafe fix asks first and shows the diff; applying changes the text; undo and redo', async () => {
    const before = await editor().inputValue();
    await page.locator('.diagnostic[data-code=SF1017] .btn-fix').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.locator('.warning').textContent(), /unsafe/);
    assert.deepEqual(await dialog.locator('.diff .del .t').allTextContents(), ['FROM node:latest']);
    assert.deepEqual(await dialog.locator('.diff .add .t').allTextContents(), ['FROM node:slim']);
    // The size chart shows before and after while the fix is previewed.
    assert.match(await page.getByTestId('size-compare').textContent(), /MB/);
    await shot('05-unsafe-fix-dialog');
    // Cancel changes nothing, and the focus goes back to the Fix button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await valueSoon(before), before);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Fix…');
    const sizeBefore = await page.getByTestId('size-total').textContent();
    await page.locator('.diagnostic[data-code=SF1017] .btn-fix').click();
    await page.getByRole('button', { name: 'Apply unsafe fix' }).click();
    assert.equal(await valueSoon(before.replace('node:latest', 'node:slim')), before.replace('node:latest', 'node:slim'));
    await analysed();
    assert.equal(await page.locator('.diagnostic[data-code=DL3007]').count(), 0);
    assert.notEqual(await page.getByTestId('size-total').textContent(), sizeBefore, 'the size changed with the fix');
    await shot('06-after-fix');
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await valueSoon(before), before);
    await page.locator('.diagnostic[data-code=DL3007]').waitFor();
    await page.getByRole('button', { name: 'Redo' }).click();
    assert.equal(await valueSoon(before.replace('node:latest', 'node:slim')), before.replace('node:latest', 'node:slim'));
    // The same with the keyboard, from outside the textarea.
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('Control+z');
    assert.equal(await valueSoon(before), before);
  });

  test('safe fixes: the diff preview, apply all, undo in the textarea, copy as Markdown, download', async () => {
    await page.selectOption('.toolbar select', { label: 'Python' });
    await analysed();
    const python = await editor().inputValue();
    assert.match(python, /^FROM python:3\.12\n/);
    await page.locator('.diagnostic[data-code=DL3042] .btn-diff').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('.warning').count(), 0, 'a safe fix needs no warning');
    assert.deepEqual(await dialog.locator('.diff .add .t').allTextContents(), ['RUN pip install --no-cache-dir -r requirements.txt']);
    await shot('07-diff-preview');
    await page.getByRole('button', { name: 'Cancel' }).click();
    // Apply all safe fixes.
    await page.getByRole('button', { name: /^Fix all safe \(\d+\)$/ }).click();
    assert.ok((await dialog.locator('.diff .add').count()) >= 2);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const fixed = await editor().inputValue();
    assert.match(fixed, /--no-cache-dir/);
    assert.match(fixed, /rm -rf \/var\/lib\/apt\/lists\/\*/);
    await analysed();
    assert.equal(await page.getByRole('button', { name: 'Fix all safe (0)' }).isDisabled(), true);
    // Copy as Markdown.
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(markdown, /^### slimfile v/);
    assert.match(markdown, /`DL3008` Dockerfile:3:/);
    // Download the fixed Dockerfile (a data: URL; nothing leaves the page).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download fixed' }).click()]);
    assert.equal(download.suggestedFilename(), 'Dockerfile');
    assert.equal(readFileSync(await download.path(), 'utf8'), fixed);
    // Ctrl+Z in the textarea is the app's history: the fixes go in one step.
    await editor().focus();
    await page.keyboard.press('Control+z');
    assert.equal(await valueSoon(python), python);
  });

  test('F8 goes to the next finding and Ctrl+. fixes the finding at the cursor', async () => {
    await paste('FROM python:3.12-slim\nRUN pip install flask==3.0.0\n');
    await analysed();
    await editor().focus();
    await editor().evaluate((t) => t.setSelectionRange(0, 0));
    await page.keyboard.press('F8');
    const first = await editor().evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
    assert.equal(first, 'pip install');
    await page.keyboard.press('Control+.');
    const expected = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.0\n';
    assert.equal(await valueSoon(expected), expected);
  });

  test('the .dockerignore tab: its own text, its findings; a reload restores both tabs', async () => {
    await typeText(NODE);
    await page.getByRole('tab', { name: /\.dockerignore/ }).click();
    assert.equal(await page.getByRole('tab', { name: /\.dockerignore/ }).getAttribute('aria-selected'), 'true');
    await typeText('# build context\nnode_modules\n.git\n[z-a]\n', '.dockerignore');
    const bad = page.locator('.diagnostic[data-code="dockerignore/bad-pattern"]');
    await bad.waitFor();
    assert.equal(await bad.locator('.goto').textContent(), '.dockerignore 4:1');
    assert.equal(await page.locator('.overlay .t-comment').textContent(), '# build context');
    await shot('08-dockerignore');
    await page.getByText('Saved in this browser only').waitFor();
    await page.reload();
    await page.getByTestId('version').waitFor();
    assert.equal(await editor().inputValue(), NODE);
    await page.getByRole('tab', { name: /\.dockerignore/ }).click();
    assert.equal(await editor('.dockerignore').inputValue(), '# build context\nnode_modules\n.git\n[z-a]\n');
    // Selecting a Dockerfile finding from here switches back to its tab.
    await page.locator('.diagnostic[data-code=DL3007] .goto').click();
    assert.equal(await editor().evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd)), 'latest');
    await shot('09-after-reload');
  });

  test('the text survives a reload (localStorage)', async () => {
    const text = 'FROM debian:bookworm-slim\nRUN apt-get update\nBLAH\n';
    await typeText(text);
    await page.getByText('Saved in this browser only').waitFor();
    await page.reload();
    await page.getByTestId('version').waitFor();
    assert.equal(await editor().inputValue(), text);
    assert.equal(await page.locator('.diagnostic', { hasText: 'parse/unknown-instruction' }).getAttribute('data-line'), '3');
  });

  test('an example puts the text aside and "Restore previous text" brings it back', async () => {
    const mine = await editor().inputValue();
    await page.selectOption('.toolbar select', { index: 1 });
    assert.equal(await valueSoon(NODE), NODE);
    await page.getByRole('button', { name: 'Restore previous text' }).click();
    assert.equal(await valueSoon(mine), mine);
  });

  test('the overlay stays aligned with the textarea: long lines, tabs, UTF-8, scrolling', async () => {
    const lines = ['FROM alpine:3.20'];
    for (let i = 0; i < 120; i++) lines.push(`RUN echo "line ${i} é🐳 日本語\tand a tab" ${'x'.repeat(i % 7 === 0 ? 180 : 3)}`);
    await paste(`${lines.join('\n')}\n`);
    await analysed();
    const m = await editor().evaluate((t) => {
      t.scrollTop = 900;
      t.scrollLeft = 250;
      t.dispatchEvent(new Event('scroll'));
      return new Promise((ok) =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            const o = document.querySelector('.overlay');
            const style = getComputedStyle(t);
            const lh = parseFloat(style.lineHeight);
            const padTop = parseFloat(style.paddingTop);
            const tBox = t.getBoundingClientRect();
            // Where line 60 (0-based) is drawn by the textarea, and by the overlay.
            const ol = [...o.querySelectorAll('.ol')];
            const first = Number(o.dataset.lines) - ol.length; // (not used when all lines render)
            const line60 = ol.find((el) => el.textContent.startsWith('RUN echo "line 59 '));
            return ok({
              textHeight: t.scrollHeight,
              overlayHeight: o.scrollHeight,
              textWidth: t.scrollWidth,
              clientWidth: t.clientWidth,
              transform: o.style.transform,
              gutter: document.querySelector('.gutter-inner').style.transform,
              expectedTop: tBox.top + t.clientTop + padTop + 60 * lh - t.scrollTop,
              overlayTop: line60 ? line60.getBoundingClientRect().top : null,
              rendered: ol.length,
              lines: Number(o.dataset.lines),
              first,
            });
          }),
        ),
      );
    });
    assert.ok(Math.abs(m.textHeight - m.overlayHeight) <= 2, `heights ${m.textHeight} vs ${m.overlayHeight}`);
    assert.ok(m.textWidth > m.clientWidth, 'a line is longer than the editor');
    assert.equal(m.transform, 'translate(-250px, -900px)');
    assert.equal(m.gutter, 'translateY(-900px)');
    assert.ok(m.overlayTop !== null, 'line 60 is rendered when scrolled to it');
    assert.ok(Math.abs(m.overlayTop - m.expectedTop) <= 1, `line 60 at ${m.overlayTop}px in the overlay, ${m.expectedTop}px in the textarea`);
    assert.ok(m.rendered < m.lines, `only the lines in view are rendered (${m.rendered} of ${m.lines})`);
    await shot('10-scrolled');
  });

  test('performance: a 10,000-line paste never blocks the page; 300 lines reach the screen (figures printed, not asserted)', async () => {
    // A realistic stage (continuation lines, comments, ENV, apt, COPY),
    // repeated up to n lines.
    const block = (k) => [
      `# stage ${k}`,
      `FROM debian:bookworm-slim AS stage${k}`,
      'ARG VERSION=1.2.3',
      `ENV APP_HOME=/srv/app${k} PATH="/srv/app${k}/bin:$PATH"`,
      'WORKDIR $APP_HOME',
      'RUN apt-get update \\',
      '    && apt-get install -y --no-install-recommends \\',
      '       ca-certificates=20230311 \\',
      '       curl=7.88.1-10+deb12u5 \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'COPY --chown=app:app requirements.txt ./',
      `RUN echo "building \${VERSION} for stage ${k}" > /etc/build-info`,
      'COPY . .',
      'USER app',
      'EXPOSE 8080',
      'CMD ["./server", "--port", "8080"]',
      '',
    ];
    const make = (n) => {
      const out = [];
      for (let k = 0; out.length < n; k++) out.push(...block(k));
      return `${out.slice(0, n).join('\n')}\n`;
    };
    // A page of its own: the figures do not depend on the tests before.
    const perf = await context.newPage();
    watch(perf, requests, problems);
    await perf.goto(`${origin}/`);
    await perf.getByTestId('version').waitFor();
    const area = perf.getByRole('textbox', { name: 'Dockerfile', exact: true });
    // Every long animation frame (over 50 ms) of the main thread from here
    // on, split into the page's scripts (wasm + JS) and the browser's own
    // style, layout and paint.
    const observe = (p) =>
      p.evaluate(() => {
        window.__long = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            const script = e.scripts.reduce((a, x) => a + x.duration, 0);
            const layout = e.startTime + e.duration - (e.styleAndLayoutStart || e.renderStart || e.startTime + e.duration);
            window.__long.push({ start: e.startTime, ms: e.duration, script, layout });
          }
        }).observe({ type: 'long-animation-frame', buffered: true });
      });
    const longFrames = (p, t0) => p.evaluate((t) => window.__long.filter((e) => e.start + e.ms >= t), t0);
    const describe = (long) => {
      const max = (k) => Math.max(0, ...long.map((e) => e[k]));
      return (
        `long frames ${long.length}, longest ${max('ms').toFixed(0)} ms, longest script in one ${max('script').toFixed(0)} ms ` +
        `[total/script/style+layout: ${long.map((e) => `${e.ms.toFixed(0)}/${e.script.toFixed(0)}/${e.layout.toFixed(0)}`).join(', ')}]`
      );
    };
    await observe(perf);
    /** Presses a key at the end of the text; resolves with keydown → the next frame after its render (ms). */
    const keystroke = async (key) => {
      await area.evaluate((t) => {
        t.focus();
        t.setSelectionRange(t.value.length, t.value.length);
        window.__key = new Promise((ok) => {
          let start = 0;
          t.addEventListener('keydown', () => (start = performance.now()), { once: true });
          t.addEventListener('input', () => requestAnimationFrame(() => setTimeout(() => ok(performance.now() - start))), { once: true });
        });
      });
      await perf.keyboard.press(key);
      return perf.evaluate(() => window.__key);
    };
    const summary = () => perf.getByTestId('problems-summary').textContent();
    for (const n of [300, 10000]) {
      const text = make(n);
      const before = await summary();
      // The paste: how long until the next frame (the edit's own render).
      const t0 = await perf.evaluate(() => performance.now());
      const frame = await area.evaluate(
        (t, v) =>
          new Promise((ok) => {
            const start = performance.now();
            document.body.removeAttribute('data-analysis-ms');
            t.value = v;
            t.dispatchEvent(new Event('input', { bubbles: true }));
            requestAnimationFrame(() => setTimeout(() => ok(performance.now() - start)));
          }),
        text,
      );
      // The caret to the end (the textarea scrolls there), then a key
      // pressed once the debounce (600 ms for a big file) has run out,
      // while the analysis of the paste runs: the textarea must take it.
      await area.evaluate((t) => {
        t.focus();
        t.setSelectionRange(t.value.length, t.value.length);
      });
      await perf.waitForTimeout(n > 1000 ? 650 : 130);
      const during = await keystroke('#');
      await perf.locator('.analysing').waitFor({ state: 'detached', timeout: 120000 });
      await perf.waitForFunction(() => document.body.hasAttribute('data-analysis-ms'), null, { timeout: 120000 });
      const found = await summary();
      const analysisMs = await perf.evaluate(() => Number(document.body.getAttribute('data-analysis-ms')));
      const toFrame = await perf.evaluate(() => document.body.getAttribute('data-result-to-frame-ms'));
      const toDom = await perf.evaluate(() => document.body.getAttribute('data-result-to-dom-ms'));
      await perf.waitForTimeout(300);
      const after = await keystroke('#');
      await perf.locator('.analysing').waitFor({ state: 'detached', timeout: 120000 });
      const long = await longFrames(perf, t0);
      console.log(
        `# perf ${n} lines (${text.length} bytes): paste to next frame ${frame.toFixed(1)} ms; ` +
          `key during the analysis to next frame ${during.toFixed(1)} ms, after it ${after.toFixed(1)} ms; ` +
          `edit to findings on screen ${analysisMs.toFixed(1)} ms` +
          (toFrame ? `; analysis result to DOM updated ${toDom} ms, to the task after the next paint ${toFrame} ms` : '') +
          `; ${describe(long)}; ${found}`,
      );
      // What must hold: the textarea took every key, and the findings of
      // the pasted text arrived.
      assert.equal(await area.inputValue(), `${text}##`);
      assert.notEqual(found, before);
      assert.match(found, /^\d[\d,]* problems?: /);
      if (n === 10000) {
        await perf.screenshot({ path: join(artifacts, '11-10000-lines.png') });
        // The long list shows its first rows and a button for more.
        assert.equal(await perf.locator('.diagnostic').count(), 50);
        const more = perf.locator('.problems .btn-more');
        assert.equal(await more.textContent(), 'Show 50 more');
        await more.scrollIntoViewIfNeeded();
        await perf.screenshot({ path: join(artifacts, '11b-show-more.png') });
        await more.click();
        assert.equal(await perf.locator('.diagnostic').count(), 100);
        assert.match(await perf.locator('.problems .more').first().textContent(), /^1076 more problems/);
        // A reload with the 10,000 lines saved: the worker analyses them
        // (the page is not analysed on load any more).
        await perf.reload();
        await perf.getByTestId('version').waitFor();
        await observe(perf);
        await perf.locator('.analysing').waitFor({ state: 'detached', timeout: 120000 });
        assert.equal(await summary(), found);
        const loaded = await perf.evaluate(() => performance.now());
        console.log(
          `# perf reload with the 10,000 lines saved: findings on screen ${loaded.toFixed(0)} ms after navigation; ` +
            `from navigation on: ${describe(await longFrames(perf, 0))}`,
        );
        // The floor: the same paste into a bare textarea with the editor's
        // font, in the same browser (Chromium lays out every line of a
        // textarea).
        await perf.setContent(
          '<style>textarea{font:13.5px/1.6 "DejaVu Sans Mono",monospace;white-space:pre;tab-size:4;width:700px;height:500px}</style>' +
            '<textarea wrap="off"></textarea>',
        );
        await observe(perf);
        const b0 = await perf.evaluate(() => performance.now());
        const bare = await perf.locator('textarea').evaluate(
          (t, v) =>
            new Promise((ok) => {
              const start = performance.now();
              t.value = v;
              t.dispatchEvent(new Event('input', { bubbles: true }));
              requestAnimationFrame(() => setTimeout(() => ok(performance.now() - start)));
            }),
          text,
        );
        await perf.waitForTimeout(300);
        console.log(`# perf the same paste into a bare textarea: next frame ${bare.toFixed(1)} ms; ${describe(await longFrames(perf, b0))}`);
      }
    }
    await perf.close();
  });

  test('the Debian package data loads from the site when an apt install needs it, then the layer has a size', async () => {
    // The wasm has no Debian tables (issue #7's budget): the estimate says
    // which suite it needs, the page fetches data/debian-<suite>.pkgs from
    // its own origin and analyses again.
    await page.goto(`${origin}/`);
    await page.getByTestId('version').waitFor();
    const asked = () => requests.filter((u) => u.endsWith('/data/debian-trixie.pkgs')).length;
    const before = asked();
    await paste('FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n');
    await analysed();
    await page.getByTestId('size-loading').waitFor({ state: 'detached' });
    const run = page.locator('.layers .layer', { hasText: 'RUN' }).first();
    await run.waitFor();
    assert.doesNotMatch(await run.locator('.layer-size').textContent(), /unknown/);
    assert.match(await run.locator('.layer-size').textContent(), /MB/);
    assert.equal(asked() - before, 1, 'the trixie table was fetched, once');
    await shot('11c-debian-data-loaded');
  });

  test('on a narrow screen the results sit below the editor', async () => {
    await paste(NODE);
    await analysed();
    await page.setViewportSize({ width: 390, height: 844 });
    const editorBox = await page.locator('.editor').boundingBox();
    const problemsPanel = await page.locator('.problems').boundingBox();
    assert.ok(problemsPanel.y >= editorBox.y + editorBox.height, 'problems panel below the editor');
    assert.ok(editorBox.width <= 390, `editor fits the screen (${editorBox.width}px)`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    await shot('12-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  test('the theme: the system dark scheme, and the switch (saved)', async () => {
    const luminance = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const colours = () =>
      page.evaluate(() => {
        const style = getComputedStyle(document.body);
        return [style.backgroundColor, style.color];
      });
    await page.emulateMedia({ colorScheme: 'dark' });
    let [bg, fg] = await colours();
    assert.ok(luminance(bg) < 0.2, `dark background (${bg})`);
    assert.ok(luminance(fg) - luminance(bg) > 0.6, `light text on it (${fg} on ${bg})`);
    await shot('13-dark-system');
    // "Light" wins over the system's dark, and survives a reload.
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
    [bg] = await colours();
    assert.ok(luminance(bg) > 0.8, `light background (${bg})`);
    await page.reload();
    await page.getByTestId('version').waitFor();
    [bg] = await colours();
    assert.ok(luminance(bg) > 0.8, `still light after a reload (${bg})`);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    [bg] = await colours();
    assert.ok(luminance(bg) < 0.2, `dark chosen (${bg})`);
    await page.locator('.diagnostic[data-code=SF1017] .btn-fix').click();
    await page.getByRole('dialog').waitFor();
    await shot('14-dark-dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  });

  test('keyboard: every control is reachable and shows its focus', async () => {
    await page.reload();
    await page.getByTestId('version').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the editor');
    const seen = new Set();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {
          name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30) || el.tagName,
          outline: style.outlineStyle !== 'none' || style.boxShadow !== 'none' || el.tagName === 'TEXTAREA',
        };
      });
      assert.ok(info.outline, `${info.name} shows its focus`);
      seen.add(info.name);
    }
    for (const name of ['Rules', 'Theme', 'Load example', 'Dockerfile', 'Filter findings']) assert.ok(seen.has(name), `${name} in the tab order: ${[...seen].join(' | ')}`);
  });

  test('the page shows the same findings as `slimfile check` for the same files', async () => {
    await page.selectOption('.toolbar select', { label: 'Python' });
    await analysed();
    const dockerfile = await editor().inputValue();
    await page.getByRole('tab', { name: /\.dockerignore/ }).click();
    const dockerignore = await editor('.dockerignore').inputValue();
    await page.getByRole('tab', { name: /^Dockerfile/ }).click();
    assert.ok(dockerignore.length > 0, 'the example has a .dockerignore');
    const shown = await page
      .locator('.diagnostic')
      .evaluateAll((rows) => rows.map((r) => `${r.dataset.code} ${r.querySelector('.goto').textContent}`));
    // The CLI on the same two files, in a folder of their own (no config).
    const dir = mkdtempSync(join(tmpdir(), 'slimfile-parity-'));
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    writeFileSync(join(dir, '.dockerignore'), dockerignore);
    let out;
    try {
      out = execFileSync(
        'cargo',
        ['run', '-q', '--manifest-path', join(root, 'Cargo.toml'), '-p', 'slimfile-cli', '--', 'check', '--format', 'json', join(dir, 'Dockerfile')],
        { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
    } catch (e) {
      out = e.stdout; // exit status 1: findings at or above the threshold
    }
    const cli = JSON.parse(out).map((f) => `${f.code} ${f.file.endsWith('.dockerignore') ? '.dockerignore ' : ''}${f.line}:${f.column}`);
    assert.ok(cli.length > 5, `the CLI found the example's problems: ${out}`);
    assert.deepEqual([...shown].sort(), [...cli].sort());
  });

  test('share link round trip: both files and a setting restored exactly in a fresh browser context', async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.locator('#threshold').selectOption('warning');
    const df = 'FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\n';
    const di = 'node_modules\n.git\n';
    await page.getByRole('tab', { name: /^Dockerfile/ }).click();
    await typeText(df);
    await page.getByRole('tab', { name: /\.dockerignore/ }).click();
    await typeText(di, '.dockerignore');
    await analysed();
    await shot('20-settings-open');
    await page.getByRole('button', { name: 'Share' }).click();
    const link = await page.getByTestId('share-link').inputValue();
    assert.match(link, /#v1=/);
    await shot('21-share-dialog');
    await page.getByRole('button', { name: 'Close the share dialog' }).click();
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const other = await fresh.newPage();
    watch(other, requests, problems);
    await other.goto(link);
    await other.getByTestId('version').waitFor();
    const ed = (name) => other.getByRole('textbox', { name, exact: true });
    assert.equal(await ed('Dockerfile').inputValue(), df);
    await other.getByRole('tab', { name: /\.dockerignore/ }).click();
    assert.equal(await ed('.dockerignore').inputValue(), di);
    await other.getByRole('button', { name: 'Settings' }).click();
    assert.equal(await other.locator('#threshold').inputValue(), 'warning');
    // The hash is taken off the address bar once applied.
    assert.ok(!other.url().includes('#v1='), other.url());
    // A broken link says so and keeps the text.
    await other.goto('about:blank');
    await other.goto(`${origin}/#v1=broken!!`);
    await other.getByTestId('version').waitFor();
    assert.match(await other.getByTestId('notice').textContent(), /could not be read/);
    await other.getByRole('tab', { name: /^Dockerfile/ }).click();
    assert.equal(await ed('Dockerfile').inputValue(), df);
    await fresh.close();
  });

  test('package data that could not be downloaded is fetched again when the browser is back online', async () => {
    // A context of its own, without the service worker (it would serve the
    // data from its cache) and not watched: the failed download is the point.
    const own = await browser.newContext({ viewport: { width: 1280, height: 860 }, serviceWorkers: 'block' });
    try {
      const p = await own.newPage();
      await p.goto(`${origin}/`);
      await p.getByTestId('version').waitFor();
      await own.setOffline(true);
      const apt = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n';
      const dockerfile = p.getByRole('textbox', { name: 'Dockerfile', exact: true });
      await dockerfile.fill(apt);
      await p.getByText(/The Debian bookworm package data could not be loaded/).waitFor();
      // Said only while an estimate lacks the data.
      await dockerfile.fill('FROM alpine:3.20\nCMD ["sh"]\n');
      await p.getByText(/could not be loaded/).waitFor({ state: 'detached' });
      await dockerfile.fill(apt);
      await p.getByText(/The Debian bookworm package data could not be loaded/).waitFor();
      const run = p.locator('.layers .layer', { hasText: 'RUN' }).first();
      assert.doesNotMatch(await run.locator('.layer-size').textContent(), /MB/);
      await own.setOffline(false);
      await p.getByText(/could not be loaded/).waitFor({ state: 'detached' });
      await p.getByTestId('size-loading').waitFor({ state: 'detached' });
      assert.match(await run.locator('.layer-size').textContent(), /MB/);
    } finally {
      await own.close();
    }
  });

  test('#example=DL3007 loads the rule\'s documented example', async () => {
    await page.goto('about:blank');
    await page.goto(`${origin}/#example=DL3007`);
    await page.getByTestId('version').waitFor();
    await page.locator('.diagnostic[data-code=DL3007]').waitFor();
    assert.match(await editor().inputValue(), /:latest/);
    await shot('22-example-link');
    // An example with a .dockerignore brings it; a rule off by default is
    // turned on, and the notice says so.
    await page.goto('about:blank');
    await page.goto(`${origin}/#example=CopyIgnoredFile`);
    await page.locator('.diagnostic[data-code=CopyIgnoredFile]').waitFor();
    await page.getByRole('tab', { name: /\.dockerignore/ }).click();
    assert.equal(await editor('.dockerignore').inputValue(), '*.md\n');
    await page.getByRole('tab', { name: /^Dockerfile/ }).click();
    await page.goto('about:blank');
    await page.goto(`${origin}/#example=DL3057`);
    await page.locator('.diagnostic[data-code=DL3057]').waitFor();
    assert.match(await page.getByTestId('notice').textContent(), /DL3057 was off in the settings and is now on/);
    // The tests after this one run with the default settings again.
    await page.evaluate(() => localStorage.removeItem('slimfile.settings'));
    await page.goto('about:blank');
    await page.goto(`${origin}/`);
    await page.getByTestId('version').waitFor();
  });

  test('layout with the panels: wide, dark, phone', async () => {
    await paste(NODE);
    await analysed();
    await shot('23-panels-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html').evaluate((h) => h.setAttribute('data-theme', 'dark'));
    await shot('24-panels-dark');
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    await shot('25-panels-phone-dark');
    await page.locator('html').evaluate((h) => h.removeAttribute('data-theme'));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  test('no request left the page\'s origin, and nothing went wrong in the console', () => {
    assert.ok(requests.some((u) => u.endsWith('.wasm')), `the wasm was fetched: ${requests.join(', ')}`);
    const foreign = requests.filter((u) => new URL(u).origin !== origin && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'requests to other origins');
    assert.deepEqual(problems, []);
  });
});
