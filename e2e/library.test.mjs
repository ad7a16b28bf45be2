// The library journeys: open files with the file chooser, paste text, rename, set a
// status, remove and undo; import a factmark file with a preview, re-anchoring and
// orphans; bad files of every kind; and text that tries to run as HTML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useServedApp, openApp, screenshot, dragAcross, downloadJson } from './harness.mjs';

const app = useServedApp({ before, after });
const SHOTS = process.env.FACTMARK_SCREENSHOTS;

// Emoji (ZWJ family, flags), Cyrillic, a combining mark, NBSP and CRLF line ends.
const HOSTILE =
  'Войска у границы 🇧🇾\r\n\r\nЛукашенко 👨‍👩‍👧 said 🇧🇾 troops\u00a0moved — cafe\u0301 𠜎.\r\n' +
  '«Войска» 12\u00a0000 🪖 near Мозырь.\r\n';

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'factmark-e2e-'));
});

async function file(name, contents) {
  const path = join(dir, name);
  await writeFile(path, contents);
  return path;
}

/** Opens files through the "Import" button and the browser's file chooser. */
async function chooseFiles(page, paths) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(paths);
}

async function titles(page) {
  return page.getByRole('list', { name: 'Documents' }).getByRole('link').allTextContents();
}

test('a hostile text file: open, annotate, export, and every offset slices by code points', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await chooseFiles(page, [await file('войска.txt', HOSTILE)]);
  await page.getByRole('status').filter({ hasText: 'войска.txt: added 1 document' }).waitFor();
  assert.equal((await titles(page)).at(-1), 'Войска у границы 🇧🇾');
  await page.getByRole('link', { name: 'Войска у границы 🇧🇾' }).click();
  const shown = await page.locator('[data-doc-text]').evaluate((el) => el.textContent);
  assert.equal(shown, HOSTILE, 'the text is shown exactly, CRLF included');

  const marks = [
    ['Лукашенко', '3'],
    ['🇧🇾 troops\u00a0moved', '1'],
    ['cafe\u0301', '3'],
    ['12\u00a0000', '2'],
    ['Мозырь', '3'],
  ];
  for (const [phrase, key] of marks) {
    await dragAcross(page, phrase);
    await page.keyboard.press(key);
  }
  await screenshot(page, 'hostile');
  const { json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  assert.equal(json.documents[0].text, HOSTILE);
  const chars = Array.from(HOSTILE);
  assert.equal(json.annotations.length, marks.length);
  for (const a of json.annotations) {
    assert.equal(chars.slice(a.start, a.end).join(''), a.quote, `offsets of ${a.quote}`);
    const context = chars.slice(Math.max(0, a.start - 32), a.start).join('');
    assert.equal(a.prefix, context);
  }
  const quotes = json.annotations.map((a) => a.quote).sort();
  assert.deepEqual(quotes, marks.map(([p]) => p).sort());
  // The flag-led span starts where code points, not UTF-16 units, say: the text's
  // first flag (2 code points, 4 UTF-16 units) comes before it.
  const flagged = json.annotations.find((a) => a.quote.startsWith('🇧🇾'));
  const at = HOSTILE.indexOf('🇧🇾 troops');
  assert.equal(flagged.start, Array.from(HOSTILE.slice(0, at)).length);
  assert.notEqual(flagged.start, at);
  assert.deepEqual(errors, []);
  await context.close();
});

test('files dropped on the library are opened', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  // What the browser hands a page when files are dropped on it: a DataTransfer.
  const transfer = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['Мозырь report\r\nTroops seen near the border.'], 'mozyr.md', { type: 'text/markdown' }));
    data.items.add(new File(['{"text": "Line one 🇧🇾"}\n{"text": "Line two"}\n'], 'batch.jsonl'));
    return data;
  });
  const library = page.getByRole('main');
  await library.dispatchEvent('dragover', { dataTransfer: transfer });
  await library.dispatchEvent('drop', { dataTransfer: transfer });
  await page.getByRole('status').filter({ hasText: 'batch.jsonl: added 2 documents' }).waitFor();
  const all = await titles(page);
  assert.deepEqual(all.slice(-3), ['Мозырь report', 'Line one 🇧🇾', 'Line two']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('paste, rename, set a status, remove and undo', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.getByRole('textbox', { name: 'Text to add' }).fill('Minsk, Tuesday.\nTroops moved north.');
  await page.getByRole('button', { name: 'Add document' }).click();
  await page.getByRole('link', { name: 'Minsk, Tuesday.' }).waitFor();

  await page.getByRole('button', { name: 'Rename Minsk, Tuesday.' }).click();
  await page.getByRole('textbox', { name: 'New title' }).fill('Minsk — troop report');
  await page.getByRole('button', { name: 'Save title' }).click();
  await page.getByRole('link', { name: 'Minsk — troop report' }).waitFor();

  await page.getByRole('combobox', { name: 'Status of Minsk — troop report' }).selectOption('done');
  await page.getByRole('button', { name: 'Remove Minsk — troop report' }).click();
  assert.ok(!(await titles(page)).includes('Minsk — troop report'));
  await page.keyboard.press('Control+z');
  await page.getByRole('link', { name: 'Minsk — troop report' }).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Status of Minsk — troop report' }).inputValue(), 'done');
  await screenshot(page, 'library-own');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A factmark file with annotations on article 000's text, with that text edited. */
function exportedWith(json, edit) {
  const copy = structuredClone(json);
  edit(copy);
  return JSON.stringify(copy);
}

/**
 * Opens the first article, marks each (phrase, label key) by mouse and key, and exports
 * it as a factmark file; returns the page, its context and errors, and the file.
 */
async function markAndExport(marks) {
  const opened = await openApp(app.browser, `${app.url}#/doc/702a0cdae249a93f`);
  const { page } = opened;
  await page.getByRole('heading', { level: 1 }).waitFor();
  for (const [phrase, key] of marks) {
    await dragAcross(page, phrase);
    await page.keyboard.press(key);
  }
  const { json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  return { ...opened, json };
}

test('import shows a preview, re-anchors by quote, lists orphans, and merges as one undoable edit', async () => {
  const { context, errors, json } = await markAndExport([['General Staff', '3'], ['November 27', '2']]);
  // Start afresh in another browser profile: the same article, none of the marks.
  await context.close();

  const { page: fresh, context: other, errors: otherErrors } = await openApp(app.browser, app.url);
  // The colleague's text of the article differs: a note was added at the top, so
  // every offset in their file is shifted. One more annotation quotes words that
  // are in neither text: it must come back as an orphan.
  const note = "Editor's note: updated.\n\n";
  const edited = exportedWith(json, (f) => {
    const text = note + f.documents[0].text;
    const chars = Array.from(text);
    f.documents[0].text = text;
    f.documents[0].sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
    for (const a of f.annotations) {
      a.start += note.length;
      a.end += note.length;
      a.prefix = chars.slice(Math.max(0, a.start - 32), a.start).join('');
      a.suffix = chars.slice(a.end, a.end + 32).join('');
    }
    const orphan = structuredClone(f.annotations[0]);
    orphan.id = 'orphan-1';
    orphan.start = 0;
    orphan.end = note.length - 2;
    orphan.quote = note.slice(0, -2);
    orphan.prefix = '';
    orphan.suffix = chars.slice(orphan.end, orphan.end + 32).join('');
    f.annotations.push(orphan);
  });
  await chooseFiles(fresh, [await file('colleague.json', edited)]);
  const dialog = fresh.getByRole('dialog', { name: 'Import colleague.json' });
  await dialog.waitFor();
  const count = (id) => dialog.locator(`[data-count="${id}"] dd`).textContent();
  assert.equal(await count('added'), '2');
  assert.equal(await count('moved'), '2');
  assert.equal(await count('orphans'), '1');
  await dialog.getByRole('list', { name: 'Orphans' }).getByText("Editor's note: updated.").waitFor();
  await screenshot(fresh, 'import-preview', SHOTS && join(process.cwd(), SHOTS, 'import-preview.png'));
  await dialog.getByRole('button', { name: 'Import' }).click();
  await dialog.waitFor({ state: 'detached' });
  await fresh.getByRole('link', { name: manifestTitle() }).waitFor();
  const meta = await fresh.getByRole('listitem').filter({ hasText: manifestTitle() }).textContent();
  assert.match(meta, /2 annotations/);
  await fresh.keyboard.press('Control+z');
  assert.match(await fresh.getByRole('listitem').filter({ hasText: manifestTitle() }).textContent(), /0 annotations/);
  assert.deepEqual([...errors, ...otherErrors], []);
  await other.close();
});

test("item 5: a colleague's copy shows what differs in each conflict, and each is kept or taken on its own", async () => {
  const { page, context, errors, json } = await markAndExport([
    ['General Staff', '3'],
    ['November 27', '2'],
    ['Moscow', '3'],
  ]);
  // The colleague's copy: every annotation theirs, and Moscow a Claim.
  const copy = exportedWith(json, (f) => {
    for (const a of f.annotations) a.annotator = 'Борис 🇧🇾';
    f.annotations.find((a) => a.quote === 'Moscow').label = 'Claim';
  });
  await page.getByRole('link', { name: '← All articles' }).click();
  await chooseFiles(page, [await file('boris.json', copy)]);
  const dialog = page.getByRole('dialog', { name: 'Import boris.json' });
  await dialog.waitFor();
  const conflicts = dialog.getByRole('list', { name: 'Conflicts' });
  const rows = conflicts.locator(':scope > li');
  assert.equal(await rows.count(), 3);
  const said = await conflicts.locator('.differences').allTextContents();
  assert.deepEqual(said.sort(), [
    'annotator: here nobody named, in the file Борис 🇧🇾',
    'annotator: here nobody named, in the file Борис 🇧🇾',
    'label: here Actor, in the file Claimannotator: here nobody named, in the file Борис 🇧🇾',
  ]);
  // Take theirs for Moscow only.
  const moscow = rows.filter({ hasText: 'Moscow' });
  await moscow.getByRole('radio', { name: 'Take theirs' }).check();
  await dialog.getByRole('button', { name: 'Import, keeping 2 of mine and taking 1 of theirs' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: manifestTitle() }).click();
  const items = page.getByRole('list', { name: 'Annotation list' }).getByRole('button');
  await items.first().waitFor();
  assert.deepEqual((await items.allTextContents()).sort(), ['ActorGeneral Staff', 'ClaimMoscow', 'FigureNovember 27']);
  // "Take all theirs", then "Keep all mine", sets every row; the import then changes nothing more.
  await page.getByRole('link', { name: '← All articles' }).click();
  await chooseFiles(page, [await file('boris.json', copy)]);
  await dialog.waitFor();
  assert.equal(await rows.count(), 2);
  await dialog.getByRole('button', { name: 'Take all theirs' }).click();
  await dialog.getByRole('button', { name: 'Import, keeping 0 of mine and taking 2 of theirs' }).waitFor();
  await dialog.getByRole('button', { name: 'Keep all mine' }).click();
  await dialog.getByRole('button', { name: 'Import, keeping 2 of mine and taking 0 of theirs' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

function manifestTitle() {
  return 'Ukraine suspects Russia is about to send more troops from Belarus';
}

test('bad files get a message naming the file and the problem, and change nothing', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  const before = await titles(page);
  assert.equal(before.length, 5);
  const golden = JSON.parse(
    await (await import('node:fs/promises')).readFile(
      join(import.meta.dirname, '..', 'crates', 'core', 'tests', 'golden', 'native-v1.json'),
      'utf8',
    ),
  );
  const bad = [
    ['broken.json', '{"format": "factmark", "version": 1,,}', /broken\.json: line 1, column 37: this is not valid JSON/],
    ['foreign.json', '{"@context": "http://www.w3.org/ns/anno.jsonld"}', /foreign\.json: this is not a factmark file/],
    ['future.json', JSON.stringify({ ...golden, version: 7 }), /future\.json: at version: this file is factmark format version 7/],
    ['photo.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /photo\.txt: this is not UTF-8 text: byte 0/],
    ['huge.txt', Buffer.alloc(50 * 1024 * 1024, 'a'), /huge\.txt: the file is 50\.0 MB; factmark opens files of up to 20 MB/],
    ['lines.jsonl', '{"text": "ok"}\n{"body": 1}\n', /lines\.jsonl: line 2, column 1: it has no "text" field/],
  ];
  const paths = [];
  for (const [name, contents] of bad) paths.push(await file(name, contents));
  const started = Date.now();
  await chooseFiles(page, paths);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.textContent();
  for (const [, , pattern] of bad) assert.match(text, pattern);
  assert.ok(Date.now() - started < 10_000, 'the tab stays responsive');
  assert.deepEqual(await titles(page), before, 'the library is unchanged');
  assert.equal(await page.getByRole('dialog').count(), 0);
  await screenshot(page, 'bad-files', SHOTS && join(process.cwd(), SHOTS, 'bad-files.png'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('files that would not fit in the browser\'s storage are refused before anything of them is read; what fits opens', async () => {
  // This browser says it has 1 MB left for the page (navigator.storage.estimate()).
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    navigator.storage.estimate = async () => ({ quota: 5 * 1024 * 1024, usage: 4 * 1024 * 1024 });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  await page.goto(app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  const before = await titles(page);
  const big = await file('wire-archive.txt', `Войска 🇧🇾 troops moved.\r\n${'Minsk said more. '.repeat(120_000)}`);
  const small = await file('brief.txt', 'Brief: troops moved to Brest.\n');
  await chooseFiles(page, [big, small]);
  const alert = page.getByRole('alert').filter({ hasText: 'wire-archive.txt' });
  await alert.waitFor();
  assert.match(
    await alert.textContent(),
    /wire-archive\.txt: the file is 1\.9 MB, and this browser lets factmark keep only 1\.0 MB more here: nothing of it was read/,
  );
  // The small one fits, and opens.
  await page.getByRole('list', { name: 'Documents' }).getByRole('link', { name: 'Brief: troops moved to Brest.' }).waitFor();
  assert.deepEqual(await titles(page), [...before, 'Brief: troops moved to Brest.']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 10: a factmark file with bad annotations imports its valid part, the preview naming what is left out', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  const golden = JSON.parse(
    await (await import('node:fs/promises')).readFile(
      join(import.meta.dirname, '..', 'crates', 'core', 'tests', 'golden', 'native-v1.json'),
      'utf8',
    ),
  );
  const damaged = exportedWith(golden, (f) => {
    f.annotations[0].end = 9999;
    f.annotations[1].quote = 'Lukashenko';
    // Another tool's longer context, which the text agrees with: shortened, kept.
    const text = f.documents[0].text;
    f.annotations[2].prefix = Array.from(text).slice(0, f.annotations[2].start).join('');
  });
  await chooseFiles(page, [await file('damaged.json', damaged)]);
  const dialog = page.getByRole('dialog', { name: 'Import damaged.json' });
  await dialog.waitFor();
  const leftOut = await dialog.getByRole('list', { name: 'Left out' }).getByRole('listitem').allTextContents();
  assert.equal(leftOut.length, 2);
  assert.match(leftOut[0], /^damaged\.json: at annotations\[0\]\.end: the span \[20, 9999\) reaches past the end of the text/);
  assert.match(leftOut[1], /^damaged\.json: at annotations\[1\]\.quote: is "Lukashenko", but the text at \[20, 56\)/);
  assert.equal(await dialog.locator('[data-count="left-out"] dd').textContent(), '2');
  const inHostile = golden.annotations.filter((a) => a.document === 'hostile').length;
  assert.equal(await dialog.locator('[data-count="added"] dd').textContent(), String(inHostile - 2));
  await dialog.getByRole('button', { name: 'Import' }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = page.getByRole('listitem').filter({ hasText: golden.documents[0].title });
  assert.match(await row.textContent(), new RegExp(`${inHostile - 2} annotations`));
  assert.deepEqual(errors, []);
  await context.close();
});

test('text, titles, notes and labels are shown as text, never run as HTML', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  // A Content-Security-Policy allows only the app's own code.
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'(;|$)/);
  assert.doesNotMatch(policy, /script-src[^;]*unsafe-inline/);
  await page.evaluate(() => {
    window.__pwned = 0;
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
  });
  const probe = '<img src=x onerror="window.__pwned = 2"> troops';
  const script = '<script>window.__pwned = 1</script>';
  await chooseFiles(page, [await file('<img src=x onerror=alert(1)>.txt', `${probe}\n\n${script} Body ${probe}`)]);
  await page.getByRole('link', { name: probe }).waitFor();
  await page.getByRole('link', { name: probe }).click();
  const shown = await page.locator('[data-doc-text]').evaluate((el) => el.textContent);
  assert.equal(shown, `${probe}\n\n${script} Body ${probe}`);
  assert.equal(await page.locator('[data-doc-text] img, [data-doc-text] script').count(), 0);
  await dragAcross(page, 'troops');
  await page.keyboard.press('1');
  const note = page.getByRole('region', { name: 'Selected annotation' }).getByRole('textbox');
  await note.fill('<img src=x onerror="window.__pwned = 3">');
  await note.blur();
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), 0);

  // The same probes inside an imported factmark file: title, text, label and note.
  const bomb = '<img src=x onerror="window.__pwned = 4"><script>window.__pwned = 5</script>';
  const text = `Troops ${bomb} moved.`;
  const chars = Array.from(text);
  const start = chars.indexOf('<');
  const end = start + Array.from(bomb).length;
  const hostileFile = JSON.stringify({
    format: 'factmark',
    version: 1,
    labels: [{ name: `Label ${bomb}`, color: '#123456', hotkey: null }],
    documents: [{
      id: 'xss', title: `Title ${bomb}`, source: { kind: 'file', name: `${bomb}.txt` },
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'), text,
    }],
    annotations: [{
      id: 'x1', document: 'xss', start, end, label: `Label ${bomb}`, quote: bomb,
      prefix: chars.slice(Math.max(0, start - 32), start).join(''), suffix: chars.slice(end, end + 32).join(''),
      note: `Note ${bomb}`, annotator: bomb, created: '2026-11-24T09:30:00.000Z', updated: '2026-11-24T09:30:00.000Z',
    }],
  });
  await page.getByRole('link', { name: '← All articles' }).click();
  await chooseFiles(page, [await file('hostile.json', hostileFile)]);
  const dialog = page.getByRole('dialog', { name: 'Import hostile.json' });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await page.getByRole('link', { name: `Title ${bomb}` }).click();
  await page.getByRole('heading', { level: 1, name: `Title ${bomb}` }).waitFor();
  await page.keyboard.press('j');
  const region = page.getByRole('region', { name: 'Selected annotation' });
  assert.equal(await region.getByRole('textbox').inputValue(), `Note ${bomb}`);
  await region.getByRole('button', { name: `Label ${bomb}` }).waitFor();
  assert.equal(await page.locator('main img, main script').count(), 0);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), 0);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.equal(await page.locator('main img').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the label set editor renames, recolours, re-keys, adds and refuses to remove a used label', async () => {
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/doc/702a0cdae249a93f`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await page.getByRole('link', { name: '← All articles' }).click();

  await page.getByRole('button', { name: 'Edit labels' }).click();
  const dialog = page.getByRole('dialog', { name: 'Labels' });
  const actor = dialog.getByRole('form', { name: 'Label Actor' });
  await actor.getByRole('textbox', { name: 'Name of Actor' }).fill('Источник');
  await actor.getByRole('textbox', { name: 'Hotkey of Actor' }).fill('s');
  await actor.getByLabel('Colour of Actor').fill('#ae3ec9');
  await actor.getByRole('button', { name: 'Save' }).click();
  const added = dialog.getByRole('form', { name: 'Label new label' });
  await added.getByRole('textbox', { name: 'Name of new label' }).fill('Place');
  await added.getByRole('textbox', { name: 'Hotkey of new label' }).fill('4');
  await added.getByRole('button', { name: 'Add label' }).click();
  await dialog.getByRole('form', { name: 'Label Place' }).waitFor();
  // A label in use cannot be removed; the dialog says why.
  await dialog.getByRole('button', { name: 'Remove label Источник' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'label `Источник` is still used by annotations' }).waitFor();
  // A clashing hotkey is refused by name.
  await added.getByRole('textbox', { name: 'Name of new label' }).fill('Date');
  await added.getByRole('textbox', { name: 'Hotkey of new label' }).fill('1');
  await added.getByRole('button', { name: 'Add label' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'the key `1` is already the hotkey of `Claim`' }).waitFor();
  assert.equal(await added.getByRole('textbox', { name: 'Name of new label' }).inputValue(), 'Date', 'what was typed stays');
  await screenshot(page, 'labels', SHOTS && join(process.cwd(), SHOTS, 'labels.png'));
  await dialog.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('link', { name: 'Ukraine suspects Russia is about to send more troops from Belarus' }).click();
  await dragAcross(page, 'Belarus', { occurrence: 1 });
  await page.keyboard.press('4');
  const { json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  assert.deepEqual(
    json.labels.map((l) => [l.name, l.color, l.hotkey]),
    [['Claim', '#e8590c', '1'], ['Figure', '#1c7ed6', '2'], ['Источник', '#ae3ec9', 's'], ['Place', '#868e96', '4']],
  );
  // In reading order: "General Staff" (paragraph 3) comes after the second "Belarus" (paragraph 2).
  assert.deepEqual(json.annotations.map((a) => [a.quote, a.label]), [['Belarus', 'Place'], ['General Staff', 'Источник']]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 9: dialogs take the focus and Escape closes them; notices clear on navigation and never push the reader down', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  // The label editor: focus moves in when it opens, Escape closes it, the focus comes back.
  const opener = page.getByRole('button', { name: 'Edit labels' });
  await opener.click();
  const editor = page.getByRole('dialog', { name: 'Labels' });
  await editor.waitFor();
  assert.ok(await editor.evaluate((el) => el.contains(document.activeElement)), 'the focus is in the dialog');
  await page.keyboard.press('Escape');
  await editor.waitFor({ state: 'detached' });
  assert.ok(await opener.evaluate((el) => el === document.activeElement), 'the focus is back on its button');
  // The import preview: the same.
  await chooseFiles(page, [await file('again.json', JSON.stringify({ format: 'factmark', version: 1, labels: [], documents: [], annotations: [] }))]);
  const preview = page.getByRole('dialog', { name: 'Import again.json' });
  await preview.waitFor();
  assert.ok(await preview.evaluate((el) => el.contains(document.activeElement)));
  await page.keyboard.press('Escape');
  await preview.waitFor({ state: 'detached' });
  // A notice lies over the page: the library does not move when it shows.
  const list = page.getByRole('list', { name: 'Documents' });
  const top = async () => (await list.boundingBox()).y;
  const before = await top();
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.getByRole('textbox', { name: 'Text to add' }).fill('Minsk, Tuesday.\nTroops moved north.');
  await page.getByRole('button', { name: 'Add document' }).click();
  const news = page.getByRole('region', { name: 'Files' });
  await news.getByText('added 1 document').waitFor();
  assert.equal(await top(), before, 'the notice did not push the library down');
  // …and it is gone once another page opens.
  await page.getByRole('link', { name: 'Minsk, Tuesday.' }).click();
  await page.getByRole('heading', { level: 1, name: 'Minsk, Tuesday.' }).waitFor();
  assert.equal(await news.count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 9: the library toolbar is one row at 1280 px, no button broken over two lines', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  const boxes = await page.locator('.library-actions').evaluate((bar) =>
    [...bar.children].filter((c) => c.getBoundingClientRect().width > 1).map((c) => {
      const r = c.getBoundingClientRect();
      return { top: Math.round(r.top), height: Math.round(r.height), text: c.textContent };
    }));
  assert.ok(boxes.every((b) => Math.abs(b.top - boxes[0].top) < 8), `one row: ${JSON.stringify(boxes)}`);
  assert.ok(boxes.every((b) => b.height < 48), `no button of two lines: ${JSON.stringify(boxes)}`);
  await screenshot(page, 'library-toolbar');
  assert.deepEqual(errors, []);
  await context.close();
});
