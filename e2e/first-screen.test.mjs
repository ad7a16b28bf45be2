// The first screen, as a person meets it: the library lists the five bundled
// articles; choosing one shows its text exactly as stored; selecting text with the
// mouse reports the selection in code points.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, serve, launch, openApp, screenshot } from './harness.mjs';

const manifest = JSON.parse(await readFile(join(ROOT, 'corpus', 'manifest.json'), 'utf8'));
const SHOTS = process.env.FACTMARK_SCREENSHOTS; // set to docs/screenshots to refresh the README's

let server;
let browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the library lists the five bundled articles by their chosen titles', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const list = page.getByRole('list', { name: 'Documents' });
  await list.waitFor();
  const titles = await list.getByRole('link').allTextContents();
  assert.deepEqual(titles, manifest.articles.map((a) => a.title));
  // No title is site clutter.
  assert.ok(titles.every((t) => !/Connect with us|Home Defence/.test(t)), titles.join('\n'));
  await screenshot(page, 'library', SHOTS && join(ROOT, SHOTS, 'library.png'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('opening an article shows its text exactly as stored', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  for (const article of manifest.articles) {
    await page.getByRole('link', { name: article.title, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
    const expected = await readFile(join(ROOT, 'corpus', article.file), 'utf8');
    const shown = await page.getByRole('article', { name: 'Document text' }).evaluate((el) => el.textContent);
    assert.equal(shown, expected, `${article.file} is shown exactly`);
    assert.match(page.url(), new RegExp(`#/doc/${article.id}$`));
    // White space is kept, not collapsed.
    const whiteSpace = await page.locator('[data-doc-text]').evaluate((el) => getComputedStyle(el).whiteSpace);
    assert.equal(whiteSpace, 'pre-wrap');
    await page.goBack();
    await page.getByRole('list', { name: 'Documents' }).waitFor();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload keeps the open article, and a mouse drag is reported in code points', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const article = manifest.articles[1];
  await page.getByRole('link', { name: article.title, exact: true }).click();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();

  // Drag across "Belarus announced" as a person would: press, move, release.
  const phrase = 'Belarus announced';
  const box = await page.locator('[data-doc-text]').evaluate((root, phrase) => {
    for (const seg of root.querySelectorAll('[data-start]')) {
      const node = seg.firstChild;
      const at = node.data.indexOf(phrase);
      if (at < 0) continue;
      const rect = (from, to) => {
        const range = document.createRange();
        range.setStart(node, from);
        range.setEnd(node, to);
        return range.getBoundingClientRect();
      };
      const first = rect(at, at + 1);
      const last = rect(at + phrase.length - 1, at + phrase.length);
      return { x0: first.left + 1, y0: first.top + first.height / 2, x1: last.right - 1, y1: last.top + last.height / 2 };
    }
    return null;
  }, phrase);
  assert.ok(box, 'phrase found on screen');
  await page.mouse.move(box.x0, box.y0);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) {
    await page.mouse.move(box.x0 + ((box.x1 - box.x0) * i) / 8, box.y0 + ((box.y1 - box.y0) * i) / 8);
  }
  await page.mouse.up();

  const text = await readFile(join(ROOT, 'corpus', article.file), 'utf8');
  const chars = Array.from(text); // code points, as the files count
  const start = Array.from(text.slice(0, text.indexOf(phrase))).length;
  const end = start + Array.from(phrase).length;
  assert.equal(chars.slice(start, end).join(''), phrase);
  const status = page.getByTestId('selection-status');
  await assert.doesNotReject(
    status.filter({ hasText: `code points ${start} to ${end}` }).waitFor({ timeout: 2000 }),
    `status should read code points ${start} to ${end}`,
  );
  await screenshot(page, 'reader-selection', SHOTS && join(ROOT, SHOTS, 'reader.png'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown document id says so instead of showing a blank page', async () => {
  const { page, context, errors } = await openApp(browser, `${server.url}#/doc/no-such-article`);
  await page.getByRole('alert').filter({ hasText: 'There is no such document' }).waitFor();
  await page.getByRole('link', { name: '← All articles' }).click();
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the dark theme keeps the text legible', async () => {
  const { page, context } = await openApp(browser, `${server.url}#/doc/${manifest.articles[2].id}`, {
    colorScheme: 'dark',
  });
  await page.getByRole('heading', { level: 1 }).waitFor();
  const [fg, bg] = await page.locator('[data-doc-text]').evaluate((el) => [
    getComputedStyle(el).color,
    getComputedStyle(document.body).backgroundColor,
  ]);
  assert.notEqual(fg, bg);
  assert.match(bg, /rgb\(23, 24, 26\)/);
  await screenshot(page, 'reader-dark');
  await context.close();
});
