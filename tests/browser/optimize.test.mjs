// The Optimize panel (issue #6), used as a person would: the built site
// (dist/) served and driven in Chromium as in app.test.mjs (tests/browser/
// harness.mjs). Screenshots go to tests/browser/artifacts/.
//
//   node --test tests/browser/optimize.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NODE, artifacts, dist, launch, playground, requireSite, serve, watch } from './harness.mjs';

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


describe('the Optimize panel in Chromium', () => {
  before(async () => {
    requireSite(dist);
    mkdirSync(artifacts, { recursive: true });
    server = await serve(dist);
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watch(page, requests, problems);
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
