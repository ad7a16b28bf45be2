// Real files other tools wrote, imported as a person would: the preview names what
// factmark does not hold, counted by kind, before anything is merged, and a W3C file
// that names its text only by a source (Recogito's) is placed on the document chosen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { ROOT, useServedApp, openApp, screenshot, dragAcross, downloadBytes } from './harness.mjs';

const manifest = JSON.parse(await readFile(join(ROOT, 'corpus', 'manifest.json'), 'utf8'));
const article = manifest.articles[0];

const SHOTS = process.env.FACTMARK_SCREENSHOTS;
const INTEROP = join(ROOT, 'crates', 'core', 'tests', 'interop');
const app = useServedApp({ before, after });

/** Chooses `paths` with the library's Import button. */
async function importFiles(page, paths) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(paths);
}

test("another tool's file: what factmark does not hold is named, with counts, before anything is merged", async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  // brat's own tutorial: 7 spans, 2 relations, an event, 5 attributes (4 on spans, 1 on
  // the event), a normalisation to Wikipedia. Spans, relations and the attributes on
  // spans are read; the rest is named.
  await importFiles(page, [
    join(INTEROP, 'brat', 'news-000-introduction.ann'),
    join(INTEROP, 'brat', 'news-000-introduction.txt'),
  ]);
  const dialog = page.getByRole('dialog', { name: 'Import news-000-introduction.ann' });
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-count="new-documents"] dd').textContent(), '1');
  assert.equal(await dialog.locator('[data-count="not-read"] dd').textContent(), '3');
  assert.equal(await dialog.locator('[data-count="relations"] dd').textContent(), '2');
  assert.equal(await dialog.locator('[data-count="relation-types"] dd').textContent(), '2');
  const notRead = dialog.getByRole('list', { name: 'Not read' });
  for (const line of [
    'news-000-introduction.ann: 1 brat event (E line) is not read',
    'news-000-introduction.ann: 1 brat attribute (A or M line) on a relation, event or missing span is not read',
    'news-000-introduction.ann: 1 brat normalisation (N line) to a database other than Wikidata is not read',
  ]) {
    await notRead.getByText(line).waitFor();
  }
  if (SHOTS) await screenshot(page, 'import-not-read', join(ROOT, SHOTS, 'import-not-read.png'));
  else await screenshot(page, 'import-not-read');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await page.getByRole('listitem').filter({ hasText: '7 annotations' }).waitFor();
  // The relations and attributes arrived: Raul Salinas de Gortari's Family relation.
  await page.getByRole('link', { name: 'news-000-introduction' }).click();
  await page.getByRole('list', { name: 'Annotation list' }).getByRole('button', { name: /Raul Salinas/ }).click();
  const relations = page.getByRole('region', { name: 'Relations' });
  await relations.getByRole('button', { name: /former Mexican president/ }).waitFor();
  const attrs = page.getByRole('group', { name: 'Attributes' });
  assert.equal(await attrs.getByRole('combobox', { name: 'Mention' }).inputValue(), 'Name');
  assert.equal(await attrs.getByRole('combobox', { name: 'Individual' }).inputValue(), 'yes');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a W3C file that names no text (Recogito) is placed by its quotes, or on the document chosen', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  await importFiles(page, [join(INTEROP, 'recogito', 'odyssey.txt')]);
  const odyssey = page.getByRole('listitem').filter({ hasText: 'Homer: The Odyssey' });
  await odyssey.waitFor();

  await importFiles(page, [join(INTEROP, 'recogito', 'annotations.w3c.json')]);
  const dialog = page.getByRole('dialog', { name: 'Import annotations.w3c.json' });
  await dialog.waitFor();
  const sources = dialog.getByRole('list', { name: 'Sources' });
  await sources.getByText('(no source named): 2 annotations').waitFor();
  await sources.getByText('(found by its quotes)').waitFor();
  assert.equal(await dialog.locator('[data-count="added"] dd').textContent(), '2');
  // Recogito's positions are off by 39 on this text: moved by quote and context.
  assert.equal(await dialog.locator('[data-count="moved"] dd').textContent(), '2');
  assert.equal(await dialog.locator('[data-count="not-read"] dd').textContent(), '3');
  await dialog.getByRole('list', { name: 'Not read' })
    .getByText('1 W3C annotation linking annotations that are not two spans of the file is not read').waitFor();

  // Another document chosen, which lacks the quotes: orphans that say why; back again.
  const chooser = sources.getByRole('combobox', { name: 'Document for (no source named)' });
  const other = await chooser.locator('option').nth(1).getAttribute('value');
  const odysseyId = await chooser.locator('option', { hasText: 'Homer: The Odyssey' }).getAttribute('value');
  assert.notEqual(other, odysseyId);
  await chooser.selectOption(other);
  await sources.getByText('(chosen)').waitFor();
  assert.equal(await dialog.locator('[data-count="orphans"] dd').textContent(), '2');
  await dialog.getByRole('list', { name: 'Orphans' }).getByText("its quote is not in this browser's text").first().waitFor();
  await chooser.selectOption(odysseyId);
  assert.equal(await dialog.locator('[data-count="added"] dd').textContent(), '2');
  if (SHOTS) await screenshot(page, 'import-source', join(ROOT, SHOTS, 'import-source.png'));
  else await screenshot(page, 'import-source');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await odyssey.filter({ hasText: '2 annotations' }).waitFor();

  // The spans are on "Troy", with Recogito's comment as their note.
  await odyssey.getByRole('link', { name: 'Homer: The Odyssey' }).click();
  const list = page.getByRole('list', { name: 'Annotation list' });
  await list.getByRole('button').filter({ hasText: 'Troy' }).first().waitFor();
  assert.equal(await list.getByRole('button').filter({ hasText: 'Troy' }).count(), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a CoNLL export read back in the same browser lands on its own article, every span where it was', async () => {
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/doc/${article.id}`);
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await dragAcross(page, 'November 27');
  await page.keyboard.press('2');
  const items = page.getByRole('list', { name: 'Annotation list' }).getByRole('button');
  await items.nth(1).waitFor();
  await page.getByRole('combobox', { name: 'Export format' }).selectOption('CoNLL IOB2');
  const conll = await downloadBytes(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  const path = join(await mkdtemp(join(tmpdir(), 'factmark-conll-')), conll.name);
  await writeFile(path, conll.bytes);

  await page.goto(app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  await importFiles(page, [path]);
  const dialog = page.getByRole('dialog', { name: `Import ${conll.name}` });
  await dialog.waitFor();
  // The rebuilt text's tokens are the article's: no new document, the spans already here.
  assert.equal(await dialog.locator('[data-count="new-documents"] dd').textContent(), '0');
  assert.equal(await dialog.locator('[data-count="unchanged"] dd').textContent(), '2');
  const notRead = dialog.getByRole('list', { name: 'Not read' });
  await notRead.getByText('1 CoNLL document is rebuilt').waitFor();
  await notRead.getByText('1 document rebuilt from tokens found in its original text is corrected').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
