// The annotation journey by mouse and keyboard: mark, see, fix, undo, keep, export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ROOT, useServedApp, openApp, screenshot, dragAcross, codePointSpan, downloadJson, waitSaved,
} from './harness.mjs';

const manifest = JSON.parse(await readFile(join(ROOT, 'corpus', 'manifest.json'), 'utf8'));
const SHOTS = process.env.FACTMARK_SCREENSHOTS;
const article = manifest.articles[0];
const text = await readFile(join(ROOT, 'corpus', article.file), 'utf8');

const app = useServedApp({ before, after });

async function openArticle() {
  const opened = await openApp(app.browser, `${app.url}#/doc/${article.id}`);
  await opened.page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  return opened;
}

/** How many ranges each label highlight holds, and the focused one. */
async function painted(page) {
  return page.evaluate(() => {
    const out = {};
    for (const [name, highlight] of CSS.highlights) out[name] = highlight.size;
    return out;
  });
}

async function annotationItems(page) {
  return page.getByRole('list', { name: 'Annotation list' }).getByRole('button').allTextContents();
}

/** A small RFC 4180 reader: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(body) {
  const rows = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rows.at(-1).push(field); field = ''; }
    else if (c === '\n') { rows.at(-1).push(field); field = ''; rows.push([]); }
    else if (c !== '\r') field += c;
  }
  if (rows.at(-1).length === 0 && field === '') rows.pop();
  else rows.at(-1).push(field);
  return rows;
}

test('drag, pick a label, and the export holds the right code points and quote', async () => {
  const { page, context, errors } = await openArticle();
  // A partial drag snaps to whole words.
  await dragAcross(page, 'neral Staff of the Armed Forc');
  const picker = page.getByRole('dialog', { name: 'Label picker' });
  await picker.getByRole('button', { name: 'Actor' }).click();
  assert.deepEqual(await annotationItems(page), ['ActorGeneral Staff of the Armed Forces']);
  // (The article's set-aside clutter, at its end, is painted once the browser renders it.)
  const { 'fm-ignored': _, ...labels } = await painted(page);
  assert.deepEqual(labels, { 'fm-caret': 0, 'fm-label-0': 0, 'fm-label-1': 0, 'fm-label-2': 1, 'fm-focus': 1, 'fm-overlap': 0 });

  // The hotkey marks a selection too; Alt keeps it exact.
  await dragAcross(page, 'November 27');
  await page.keyboard.press('2');
  await dragAcross(page, 'kraine suspects Russi', { modifiers: ['Alt'] });
  await page.getByRole('dialog', { name: 'Label picker' }).getByRole('button', { name: 'Claim' }).click();
  // Marking clears the selection, and the picker goes with it.
  await page.getByRole('dialog', { name: 'Label picker' }).waitFor({ state: 'detached' });
  await screenshot(page, 'exact-cut');

  const { name, json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  assert.match(name, /^ukraine-suspects-russia.*\.factmark\.json$/);
  assert.equal(json.format, 'factmark');
  assert.equal(json.documents[0].text, text);
  const quotes = json.annotations.map((a) => [a.label, a.quote]);
  assert.deepEqual(quotes.sort(), [
    ['Actor', 'General Staff of the Armed Forces'],
    ['Claim', 'kraine suspects Russi'],
    ['Figure', 'November 27'],
  ]);
  const chars = Array.from(text);
  for (const a of json.annotations) {
    assert.equal(chars.slice(a.start, a.end).join(''), a.quote);
    assert.deepEqual({ start: a.start, end: a.end }, codePointSpan(text, a.quote));
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('click a highlight, relabel, note, nudge, delete, undo and redo', async () => {
  const { page, context, errors } = await openArticle();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('region', { name: 'Selected annotation' }).getByRole('heading').count(), 0);

  // Clicking inside the highlight selects it.
  await dragAcross(page, 'Staff'); // a press and release inside the word…
  await page.keyboard.press('Escape');
  const staff = await page.locator('[data-doc-text]').evaluate((root) => {
    for (const seg of root.querySelectorAll('[data-start]')) {
      const at = seg.firstChild.data.indexOf('Staff');
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(seg.firstChild, at + 2);
      range.setEnd(seg.firstChild, at + 3);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
  });
  await page.mouse.click(staff.x, staff.y);
  const details = page.getByRole('region', { name: 'Selected annotation' });
  await details.getByText('General Staff', { exact: true }).waitFor();

  await details.getByRole('group', { name: 'Label' }).getByRole('button', { name: 'Figure' }).click();
  await details.getByRole('textbox').fill('named by Ukraine’s «Генштаб» 🇺🇦');
  await details.getByRole('textbox').blur();
  await details.getByRole('button', { name: 'Move end one word right' }).click();
  await details.getByText('General Staff of', { exact: true }).waitFor();
  assert.deepEqual(await annotationItems(page), ['FigureGeneral Staff of']);

  await page.keyboard.press('Control+z'); // undo the nudge
  await details.getByText('General Staff', { exact: true }).waitFor();
  await page.keyboard.press('Control+z'); // undo the note
  assert.equal(await details.getByRole('textbox').inputValue(), '');
  await page.keyboard.press('Control+Shift+z'); // redo the note
  assert.equal(await details.getByRole('textbox').inputValue(), 'named by Ukraine’s «Генштаб» 🇺🇦');

  await page.keyboard.press('Delete');
  assert.deepEqual(await annotationItems(page), []);
  await page.keyboard.press('Control+z');
  assert.deepEqual(await annotationItems(page), ['FigureGeneral Staff']);
  await page.keyboard.press('Control+y');
  assert.deepEqual(await annotationItems(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('overlapping and nested spans are all painted and each can be picked', async () => {
  const { page, context, errors } = await openArticle();
  await dragAcross(page, 'Russia is planning to send troops');
  await page.keyboard.press('1');
  await dragAcross(page, 'Russia', { occurrence: 1 });
  await page.keyboard.press('3');
  await dragAcross(page, 'send troops stationed in Belarus');
  await page.keyboard.press('1');
  const counts = await painted(page);
  assert.equal(counts['fm-label-0'], 2);
  assert.equal(counts['fm-label-2'], 1);
  // "Russia" inside the first claim, and "send troops" shared by both claims.
  assert.equal(counts['fm-overlap'], 2);
  // J and K walk through the annotations in reading order.
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  const details = page.getByRole('region', { name: 'Selected annotation' });
  await details.getByText('Russia', { exact: true }).waitFor();
  await page.keyboard.press('j');
  await details.getByText('Russia is planning to send troops', { exact: true }).waitFor();
  await page.keyboard.press('k');
  await details.getByText('Russia', { exact: true }).waitFor();
  await screenshot(page, 'overlap', SHOTS && join(ROOT, SHOTS, 'overlap.png'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('work survives a reload and a killed tab', async () => {
  const { page, context, errors } = await openArticle();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await waitSaved(page);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  // The list is read once it is there (allTextContents does not wait for it).
  await page.getByRole('list', { name: 'Annotation list' }).getByRole('button').first().waitFor();
  assert.deepEqual(await annotationItems(page), ['ActorGeneral Staff']);

  // A killed tab: close the page without unload handlers, open a new one.
  await dragAcross(page, 'November 27');
  await page.keyboard.press('2');
  await waitSaved(page);
  await page.close({ runBeforeUnload: false });
  const again = await context.newPage();
  await again.goto(`${app.url}#/doc/${article.id}`);
  await again.getByRole('heading', { level: 1, name: article.title }).waitFor();
  assert.deepEqual(await annotationItems(again), ['FigureNovember 27', 'ActorGeneral Staff']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('sticky label mode marks each selection at once', async () => {
  const { page, context, errors } = await openArticle();
  await page.getByRole('combobox', { name: 'Sticky label' }).selectOption('Actor');
  await dragAcross(page, 'Moscow');
  await dragAcross(page, 'Belarus', { occurrence: 1 });
  assert.deepEqual(await annotationItems(page), ['ActorBelarus', 'ActorMoscow'].sort((a, b) => text.indexOf(a.slice(5)) - text.indexOf(b.slice(5))));
  assert.equal(await page.getByRole('dialog', { name: 'Label picker' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard alone: caret, extend, mark, help, walk, delete, undo', async () => {
  const { page, context, errors } = await openArticle();
  // Item 9: from the top of the page, the first Tab reaches "Skip to the text", and
  // Enter on it puts the focus on the text, as a person would go; T does it too.
  const inText = () => page.evaluate(() => document.activeElement?.hasAttribute('data-doc-text'));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the text (T)');
  await page.keyboard.press('Enter');
  assert.ok(await inText(), 'the text is reached in one Tab and Enter');
  await page.locator('h1').click();
  assert.equal(await inText(), false);
  await page.keyboard.press('t');
  assert.ok(await inText(), 'T goes to the text');
  // Shift+Ctrl+→ selects the first word; its hotkey marks it.
  await page.keyboard.press('Shift+Control+ArrowRight');
  await page.keyboard.press('3');
  // Down twice: past the blank line to "The Ukrainian side suspects…".
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('Shift+Control+ArrowRight');
  await page.keyboard.press('Shift+Control+ArrowRight');
  // Shift+→ by characters reaches into the next word; marking snaps to it.
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  assert.deepEqual(await annotationItems(page), ['ActorUkraine', 'ClaimUkrainian side suspects']);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.getByText('Mark the selection as Claim (or relabel the selected annotation)').waitFor();
  await screenshot(page, 'keyboard-help', SHOTS && join(ROOT, SHOTS, 'keyboard-help.png'));
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached' });

  await page.keyboard.press('j');
  const details = page.getByRole('region', { name: 'Selected annotation' });
  await details.getByText('Ukraine', { exact: true }).waitFor();
  await page.keyboard.press('2'); // relabel the selected annotation
  await page.keyboard.press('Delete');
  assert.deepEqual(await annotationItems(page), ['ClaimUkrainian side suspects']);
  await page.keyboard.press('Control+z');
  assert.deepEqual(await annotationItems(page), ['FigureUkraine', 'ClaimUkrainian side suspects']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs on one project never overwrite each other silently', async () => {
  const { page, context, errors } = await openArticle();
  const second = await context.newPage();
  await second.goto(`${app.url}#/doc/${article.id}`);
  await second.getByRole('heading', { level: 1, name: article.title }).waitFor();

  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await waitSaved(page);
  // The second tab hears of it at once and offers the choice.
  const banner = second.getByRole('alert').filter({ hasText: 'Another tab saved changes' });
  await banner.waitFor();
  await dragAcross(second, 'November 27');
  await second.keyboard.press('2');
  await second.getByTestId('save-status').filter({ hasText: 'another tab changed this project' }).waitFor();
  // The first tab's work is still what is stored (in IndexedDB).
  const stored = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('factmark');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('project').objectStore('project').get('factmark.project.v1');
          // A project is stored as a Blob of its native JSON file.
          get.onsuccess = async () => {
            if (!(get.result instanceof Blob)) return reject(new Error(`stored as ${typeof get.result}`));
            resolve(JSON.parse(await get.result.text()).annotations.map((a) => a.quote));
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
  assert.deepEqual(stored, ['General Staff']);
  await screenshot(second, 'two-tabs');
  // Loading the other tab's work shows it here.
  await banner.getByRole('button', { name: "Load the other tab's work" }).click();
  await banner.waitFor({ state: 'detached' }); // loading from IndexedDB is asynchronous
  assert.deepEqual(await annotationItems(second), ['ActorGeneral Staff']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('export all downloads every document and annotation', async () => {
  const { page, context, errors } = await openArticle();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await page.getByRole('link', { name: '← All articles' }).click();
  const { name, json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export all' }).click());
  assert.equal(name, 'factmark-project.json');
  assert.equal(json.documents.length, 5);
  assert.ok(json.documents.every((d) => typeof d.text === 'string'));
  // Written into the download a piece at a time: every text whole, to the byte.
  for (const a of manifest.articles) {
    assert.equal(json.documents.find((d) => d.id === a.id).text, await readFile(join(ROOT, 'corpus', a.file), 'utf8'));
  }
  assert.deepEqual(json.annotations.map((a) => a.quote), ['General Staff']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('W3C Web Annotation: export from one browser, import into another', async () => {
  const { page, context, errors } = await openArticle();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await dragAcross(page, 'November 27');
  await page.keyboard.press('2');
  await page.getByRole('combobox', { name: 'Export format' }).selectOption('W3C Web Annotation');
  const { name, json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  assert.match(name, /\.w3c\.jsonld$/);
  assert.equal(json['@context'], 'http://www.w3.org/ns/anno.jsonld');
  assert.equal(json.type, 'AnnotationCollection');
  assert.equal(json.total, 2);
  const chars = Array.from(text);
  for (const item of json.first.items) {
    const [position, quote] = item.target.selector;
    assert.equal(chars.slice(position.start, position.end).join(''), quote.exact);
    assert.equal(item.body[0].purpose, 'tagging');
  }
  await context.close();

  const other = await openApp(app.browser, app.url);
  await other.page.getByRole('list', { name: 'Documents' }).waitFor();
  const { writeFile, mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = join(await mkdtemp(join(tmpdir(), 'factmark-w3c-')), name);
  await writeFile(path, JSON.stringify(json));
  const [chooser] = await Promise.all([
    other.page.waitForEvent('filechooser'),
    other.page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(path);
  const dialog = other.page.getByRole('dialog', { name: `Import ${name}` });
  assert.equal(await dialog.locator('[data-count="added"] dd').textContent(), '2');
  await dialog.getByRole('button', { name: 'Import' }).click();
  const item = other.page.getByRole('listitem').filter({ hasText: article.title });
  await item.filter({ hasText: '2 annotations' }).waitFor();
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();
});

test('spaCy and doccano JSON Lines: exported with code-point offsets, imported back through the preview', async () => {
  const { page, context, errors } = await openArticle();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await dragAcross(page, 'November 27');
  await page.keyboard.press('2');
  const chars = Array.from(text);
  const files = {};
  for (const [format, suffix] of [['spaCy JSONL', '.spacy.jsonl'], ['doccano JSONL', '.doccano.jsonl']]) {
    await page.getByRole('combobox', { name: 'Export format' }).selectOption(format);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    assert.ok(download.suggestedFilename().endsWith(suffix), download.suggestedFilename());
    const { readFile } = await import('node:fs/promises');
    const body = await readFile(await download.path(), 'utf8');
    const line = JSON.parse(body.trim());
    assert.equal(line.text, text);
    const spans = line.spans ?? line.label.map(([start, end, label]) => ({ start, end, label }));
    assert.deepEqual(spans.map((s) => [chars.slice(s.start, s.end).join(''), s.label]), [
      ['November 27', 'Figure'],
      ['General Staff', 'Actor'],
    ]);
    files[suffix] = body;
  }
  // CSV for spreadsheets: a header, then one row per annotation in reading order.
  await page.getByRole('combobox', { name: 'Export format' }).selectOption('CSV');
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const { readFile } = await import('node:fs/promises');
  const rows = parseCsv(await readFile(await csvDownload.path(), 'utf8'));
  assert.deepEqual(rows[0].slice(0, 8), ['document_id', 'document_title', 'document_sha256', 'annotation_id', 'label', 'start', 'end', 'quote']);
  assert.equal(rows.length, 3);
  for (const row of rows.slice(1)) {
    assert.equal(chars.slice(Number(row[5]), Number(row[6])).join(''), row[7]);
    assert.equal(row[8], chars.slice(Math.max(0, Number(row[5]) - 32), Number(row[5])).join(''), 'prefix, newlines and all');
  }
  assert.deepEqual(rows.slice(1).map((r) => [r[4], r[7]]), [['Figure', 'November 27'], ['Actor', 'General Staff']]);
  await context.close();

  const other = await openApp(app.browser, app.url);
  await other.page.getByRole('list', { name: 'Documents' }).waitFor();
  const { writeFile, mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = join(await mkdtemp(join(tmpdir(), 'factmark-jsonl-')), 'colleague.doccano.jsonl');
  await writeFile(path, files['.doccano.jsonl']);
  const [chooser] = await Promise.all([
    other.page.waitForEvent('filechooser'),
    other.page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(path);
  const dialog = other.page.getByRole('dialog', { name: 'Import colleague.doccano.jsonl' });
  assert.equal(await dialog.locator('[data-count="added"] dd').textContent(), '2');
  assert.equal(await dialog.locator('[data-count="new-documents"] dd').textContent(), '0', 'matched by its text');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await other.page.getByRole('listitem').filter({ hasText: article.title }).filter({ hasText: '2 annotations' }).waitFor();
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();
});

test('a long annotation list shows 50 at a time, and a row far down focuses its span', async () => {
  // 120 annotations, one on each of the first 120 words, imported as doccano JSON Lines.
  const words = [...text.matchAll(/[A-Za-z]{4,}/g)].slice(0, 120);
  assert.equal(words.length, 120);
  const cp = (index) => [...text.slice(0, index)].length;
  const label = words.map((w) => [cp(w.index), cp(w.index) + [...w[0]].length, 'Actor']);
  const { writeFile, mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = join(await mkdtemp(join(tmpdir(), 'factmark-long-')), 'many.doccano.jsonl');
  await writeFile(path, `${JSON.stringify({ text, label })}\n`);
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(path);
  const dialog = page.getByRole('dialog', { name: 'Import many.doccano.jsonl' });
  assert.equal(await dialog.locator('[data-count="added"] dd').textContent(), '120');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await page.getByRole('listitem').filter({ hasText: article.title }).filter({ hasText: '120 annotations' }).waitFor();
  await page.getByRole('link', { name: article.title }).click();

  const rows = page.getByRole('list', { name: 'Annotation list' }).getByRole('button');
  await page.getByRole('heading', { name: 'Annotations (120)' }).waitFor();
  assert.equal(await rows.count(), 50);
  await page.getByRole('button', { name: 'Show 50 more (70 not shown)' }).click();
  await page.getByRole('button', { name: 'Show 20 more (20 not shown)' }).click();
  assert.equal(await rows.count(), 120);
  assert.equal(await page.getByRole('button', { name: /Show \d+ more/ }).count(), 0);

  // The last row: its annotation is focused and its text scrolled into view.
  const last = words[119][0];
  await rows.last().click();
  await page.getByRole('region', { name: 'Selected annotation' }).getByText(last, { exact: true }).waitFor();
  const inView = await page.evaluate(() => {
    // Highlights are painted with static ranges: measured through a live one.
    const painted = [...CSS.highlights.get('fm-focus')][0];
    const range = document.createRange();
    range.setStart(painted.startContainer, painted.startOffset);
    range.setEnd(painted.endContainer, painted.endOffset);
    const rect = range.getBoundingClientRect();
    return rect.top >= 0 && rect.bottom <= window.innerHeight;
  });
  assert.ok(inView, 'the focused annotation is on screen');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the annotator names themself once; every annotation and export records the name', async () => {
  const { page, context, errors } = await openArticle();
  const form = page.getByRole('form', { name: 'Your name' });
  // An empty name is refused with a reason.
  await form.getByRole('button', { name: 'Save name' }).click();
  await form.getByRole('alert').filter({ hasText: 'Type a name' }).waitFor();
  await form.getByLabel('Who is annotating?').fill('  Ана Петрова 🇧🇾 ');
  await form.getByRole('button', { name: 'Save name' }).click();
  assert.equal(await page.getByTestId('annotator').textContent(), 'Ана Петрова 🇧🇾');
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await page.getByRole('region', { name: 'Selected annotation' }).getByText('· by Ана Петрова 🇧🇾').waitFor();
  if (SHOTS) await screenshot(page, 'identity');

  // Kept in this browser: a reload does not ask again.
  await waitSaved(page);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  assert.equal(await page.getByRole('form', { name: 'Your name' }).count(), 0);
  assert.equal(await page.getByTestId('annotator').textContent(), 'Ана Петрова 🇧🇾');

  // Changeable: later annotations record the new name, earlier ones keep theirs.
  await page.getByRole('button', { name: 'Change your name' }).click();
  await page.getByLabel('Who is annotating?').fill('Ana');
  await page.getByRole('button', { name: 'Save name' }).click();
  // As a person sees it: the bar names Ana before the next mark is made.
  await page.getByTestId('annotator').filter({ hasText: /^Ana$/ }).waitFor();
  await dragAcross(page, 'November 27');
  await page.keyboard.press('2');
  const { json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  const who = Object.fromEntries(json.annotations.map((a) => [a.quote, a.annotator]));
  assert.deepEqual(who, { 'General Staff': 'Ана Петрова 🇧🇾', 'November 27': 'Ana' });
  // The W3C export names the creator.
  await page.getByRole('combobox', { name: 'Export format' }).selectOption('W3C Web Annotation');
  const w3c = await downloadJson(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  const creators = JSON.stringify(w3c.json).match(/"name":"(Ана Петрова 🇧🇾|Ana)"/g) ?? [];
  assert.equal(creators.length, 2, JSON.stringify(w3c.json).slice(0, 400));
  assert.deepEqual(errors, []);
  await context.close();
});

test("item 12: text found with the browser's find, or selected with select-all, can be marked", async () => {
  const { page, context, errors } = await openArticle();
  // What Ctrl+F does: the page's selection becomes the match.
  assert.ok(await page.evaluate(() => window.find('General Staff')));
  await page.getByText('13 characters selected ·', { exact: false }).waitFor();
  await page.keyboard.press('3');
  assert.deepEqual(await annotationItems(page), ['ActorGeneral Staff']);
  // Select-all reaches beyond the text (the heading, the panel): its part in the text counts.
  await page.locator('[data-doc-text]').click();
  await page.keyboard.press('Control+a');
  const chars = Array.from(text).length;
  await page.getByText(`${chars} characters selected · code points 0–${chars}`, { exact: true }).waitFor();
  await page.keyboard.press('1');
  assert.equal((await annotationItems(page)).length, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 13: the first picture shows careful work: every span whole words, as a careful person marks', async () => {
  const { page, context, errors } = await openArticle();
  const marks = [
    ['Russia is planning to send troops stationed in Belarus to areas controlled by Moscow', '1'],
    ['Russia', '3'],
    ['November 27', '2'],
    ['General Staff of the Armed Forces of Ukraine', '3'],
    ['Moscow launched a military operation in Ukraine on February 24', '1'],
    ['February 24', '2'],
  ];
  for (const [phrase, key] of marks) {
    // Russia the Actor inside the Claim about it: its second occurrence.
    await dragAcross(page, phrase, { occurrence: phrase === 'Russia' ? 1 : 0 });
    await page.keyboard.press(key);
  }
  const items = await annotationItems(page);
  assert.equal(items.length, marks.length);
  const { json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  const chars = Array.from(text);
  for (const a of json.annotations) {
    // Whole words: no letter or digit just outside either end.
    assert.doesNotMatch(chars[a.start - 1] ?? ' ', /[\p{L}\p{N}]/u, `«${a.quote}» starts inside a word`);
    assert.doesNotMatch(chars[a.end] ?? ' ', /[\p{L}\p{N}]/u, `«${a.quote}» ends inside a word`);
  }
  assert.deepEqual(json.annotations.map((a) => a.quote).sort(), marks.map(([p]) => p).sort());
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'annotated', SHOTS && join(ROOT, SHOTS, 'annotated.png'));
  assert.deepEqual(errors, []);
  await context.close();
});

test("item 9: a selected annotation keeps its label's colour, and the toolbar's label buttons relabel it as the keys do", async () => {
  const { page, context, errors } = await openArticle();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await page.getByRole('list', { name: 'Annotation list' }).getByRole('button').first().click();
  const details = page.getByRole('region', { name: 'Selected annotation' });
  await details.getByText('General Staff', { exact: true }).waitFor();
  // The focus is an underline over the label's own colour, not a colour of its own.
  const focusRule = await page.evaluate(() =>
    [...document.querySelectorAll('style')].map((s) => s.textContent).join('\n').match(/::highlight\(fm-focus\) \{[^}]*\}/)[0]);
  assert.doesNotMatch(focusRule, /background/);
  // With an annotation selected and no text selected, the label buttons are on and relabel it.
  const toolbar = page.getByRole('toolbar').or(page.locator('.toolbar')).first();
  const claim = toolbar.getByRole('button', { name: /^Claim/ });
  assert.equal(await claim.isDisabled(), false);
  await claim.click();
  assert.deepEqual(await annotationItems(page), ['ClaimGeneral Staff']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 9: ↑ and ↓ move the caret by the lines shown, inside a paragraph that wraps', async () => {
  const { page, context, errors } = await openArticle();
  const paragraph = 'The Ukrainian side suspects that Russia is planning to send troops stationed in Belarus to areas controlled by Moscow.';
  const { start, end } = codePointSpan(text, paragraph);
  const status = page.getByTestId('selection-status');
  await page.keyboard.press('t');
  // Down to the paragraph's first line (the title line, a blank line), then once more:
  // the caret stays in the paragraph, on its second line as shown.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  const [, at] = (await status.textContent()).match(/code points (\d+)–/);
  assert.ok(Number(at) > start + 20 && Number(at) < end, `the caret at ${at} is on the paragraph's second line [${start}, ${end})`);
  // And up again: back on its first line.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Shift+ArrowRight');
  const [, back] = (await status.textContent()).match(/code points (\d+)–/);
  assert.ok(Number(back) >= start && Number(back) < start + 60, `back at ${back}, on the first line`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 9: the selection bar never covers the line the caret is on', async () => {
  const { page, context, errors } = await openArticle();
  await page.keyboard.press('t');
  const clear = () => page.evaluate(() => {
    const range = document.getSelection().getRangeAt(0).cloneRange();
    range.collapse(false);
    const line = range.getBoundingClientRect();
    const bar = document.querySelector('.selection-status').getBoundingClientRect();
    return { line: line.bottom, bar: bar.top, shown: line.bottom <= bar.top && line.top >= 0 };
  });
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Shift+ArrowDown');
    const seen = await clear();
    assert.ok(seen.shown, `after ${i + 1} lines down the caret's line (bottom ${seen.line}) is above the bar (top ${seen.bar})`);
  }
  assert.ok(await page.evaluate(() => window.scrollY > 0), 'the page scrolled along');
  assert.deepEqual(errors, []);
  await context.close();
});
