// Work is never lost in the first second (issue 14, item 2): an import and an edit are
// stored at once, so quitting the browser 100 ms later keeps both; and leaving a page
// with a change not yet stored asks first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, serve, launchWithProfile, launch, dragAcross } from './harness.mjs';

const manifest = JSON.parse(await readFile(join(ROOT, 'corpus', 'manifest.json'), 'utf8'));
const article = manifest.articles[0];

let server;
let dir;
before(async () => {
  server = await serve();
  dir = await mkdtemp(join(tmpdir(), 'factmark-first-second-'));
});
after(async () => server?.close());

/** The app in a browser with the profile `profile`, and the page's errors. */
async function startBrowser(profile, hash = '') {
  const context = await launchWithProfile(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  await page.goto(`${server.url}${hash}`);
  return { context, page, errors };
}

test('item 2: a 19 MB text imported survives quitting the browser 100 ms later', async () => {
  const profile = await mkdtemp(join(dir, 'import-'));
  // A real article, repeated to 19 MB, with a first line of its own to find it by.
  const body = await readFile(join(ROOT, 'corpus', article.file), 'utf8');
  const text = `Первая секунда 🇧🇾\n${body.repeat(Math.ceil(19e6 / Buffer.byteLength(body)))}`;
  const path = join(dir, 'big.txt');
  await writeFile(path, text);

  let { context, page, errors } = await startBrowser(profile);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(path);
  await page.getByRole('status').filter({ hasText: 'big.txt: added 1 document' }).waitFor({ timeout: 60000 });
  await page.waitForTimeout(100);
  assert.deepEqual(errors, []);
  await context.close();

  ({ context, page, errors } = await startBrowser(profile));
  await page.getByRole('link', { name: 'Первая секунда 🇧🇾' }).waitFor({ timeout: 30000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 2: an edit survives quitting the browser 100 ms later', async () => {
  const profile = await mkdtemp(join(dir, 'edit-'));
  let { context, page, errors } = await startBrowser(profile, `#/doc/${article.id}`);
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await page.getByRole('list', { name: 'Annotation list' }).getByRole('button').first().waitFor();
  await page.waitForTimeout(100);
  await context.close();

  ({ context, page, errors } = await startBrowser(profile, `#/doc/${article.id}`));
  const list = page.getByRole('list', { name: 'Annotation list' }).getByRole('button');
  await list.first().waitFor();
  assert.deepEqual(await list.allTextContents(), ['ActorGeneral Staff']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 2: leaving with an unsaved change asks first; leaving with everything saved does not', async () => {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const url = `${server.url}#/doc/${article.id}`;
  const status = (page) => page.getByTestId('save-status');

  // Saved: a page with nothing unsaved closes without asking.
  const calm = await context.newPage();
  await calm.goto(url);
  await calm.getByRole('heading', { level: 1, name: article.title }).waitFor();
  await dragAcross(calm, 'General Staff');
  await calm.keyboard.press('3');
  await status(calm).filter({ hasText: 'Saved in this browser' }).waitFor();
  const asked = [];
  calm.on('dialog', (dialog) => asked.push(dialog.type()) && dialog.accept());
  await calm.close({ runBeforeUnload: true });
  assert.deepEqual(asked, []);

  // Unsaved: two tabs; the second saves, so the first's next change cannot be stored
  // without the person choosing whose work to keep. Leaving the first asks.
  const first = await context.newPage();
  await first.goto(url);
  await first.getByRole('heading', { level: 1, name: article.title }).waitFor();
  const second = await context.newPage();
  await second.goto(url);
  await second.getByRole('heading', { level: 1, name: article.title }).waitFor();
  await dragAcross(second, 'November 27');
  await second.keyboard.press('2');
  await status(second).filter({ hasText: 'Saved in this browser' }).waitFor();
  await first.bringToFront();
  await dragAcross(first, 'Belarus');
  await first.keyboard.press('3');
  await status(first).filter({ hasText: 'Not saved' }).waitFor();
  const dialog = new Promise((resolve) => first.once('dialog', (d) => resolve(d)));
  await first.close({ runBeforeUnload: true });
  const shown = await dialog;
  assert.equal(shown.type(), 'beforeunload');
  await shown.dismiss();
  assert.equal(first.isClosed(), false, 'dismissing keeps the page and its work');
  await browser.close();
});

test('item 11: a 19 MB text in one paragraph opens at once, exactly as stored', async () => {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  await page.goto(server.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  const body = (await readFile(join(ROOT, 'corpus', article.file), 'utf8')).replace(/\s+/g, ' ');
  const text = `Один абзац 🇧🇾 ${body.repeat(Math.ceil(19e6 / Buffer.byteLength(body)))}`;
  const path = join(dir, 'paragraph.txt');
  await writeFile(path, text);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(path);
  await page.getByRole('status').filter({ hasText: 'paragraph.txt: added 1 document' }).waitFor({ timeout: 60000 });
  // From the click on its title to the text painted: it took 5.4 s when the paragraph
  // was one element; cut over elements the browser can skip, 0.4 s on this machine.
  const ms = await page.evaluate(async () => {
    const link = [...document.querySelectorAll('a')].find((a) => a.textContent.startsWith('Один абзац'));
    const start = performance.now();
    link.click();
    while (!document.querySelector('[data-doc-text]')) await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
  });
  console.log(`item 11: a 19 MB paragraph opened in ${ms.toFixed(0)} ms`);
  assert.ok(ms < 3000, `opened in ${ms.toFixed(0)} ms`);
  const shown = await page.locator('[data-doc-text]').evaluate((el) => ({ text: el.textContent, blocks: el.children.length }));
  assert.equal(shown.text, text, 'the text is shown exactly, not a character added or lost');
  assert.ok(shown.blocks > 1000, `${shown.blocks} blocks`);
  assert.deepEqual(errors, []);
  await browser.close();
});
