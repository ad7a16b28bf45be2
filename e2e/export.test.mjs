// Training data out of the browser: every export format downloaded and checked, the
// spans no token format can hold reported by id, and the importable formats (a brat
// pair, Prodigy, Label Studio) merged back into another browser through the preview.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import {
  ROOT, useServedApp, openApp, screenshot, dragAcross, codePointSpan, downloadBytes, unzip,
} from './harness.mjs';

const manifest = JSON.parse(await readFile(join(ROOT, 'corpus', 'manifest.json'), 'utf8'));
const SHOTS = process.env.FACTMARK_SCREENSHOTS;
const article = manifest.articles[0];
const text = await readFile(join(ROOT, 'corpus', article.file), 'utf8');
const chars = Array.from(text);
const slice = (s, e) => chars.slice(s, e).join('');

const app = useServedApp({ before, after });

const FORMATS = [
  'factmark', 'W3C Web Annotation', 'spaCy DocBin', 'spaCy JSONL', 'Hugging Face tokens', 'CoNLL IOB2',
  'Prodigy JSONL', 'doccano JSONL', 'Label Studio', 'brat standoff', 'CSV', 'WebAnno TSV (INCEpTION)',
];
/** The menu: every format, and the IOB2 ones also as a layer per label (item 7). */
const MENU = [
  'factmark', 'W3C Web Annotation', 'spaCy DocBin', 'spaCy JSONL', 'Hugging Face tokens',
  'Hugging Face tokens, a folder per label', 'CoNLL IOB2', 'CoNLL IOB2, a file per label',
  'Prodigy JSONL', 'doccano JSONL', 'Label Studio', 'brat standoff', 'CSV', 'WebAnno TSV (INCEpTION)',
];

test('every format exports from the browser, and the token formats report what they leave out', async () => {
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/doc/${article.id}`);
  // Other tools' formats are a module of their own, downloaded at the first export
  // that needs one (once per page load), never for reading, marking or factmark files.
  const formatsRequests = [];
  page.on('request', (r) => /factmark-formats-[0-9a-f]+_bg\.wasm$/.test(r.url()) && formatsRequests.push(r.url()));
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await dragAcross(page, 'November 27');
  await page.keyboard.press('2');
  // Alt keeps the selection exact: it cuts two words, so token formats cannot hold it.
  await dragAcross(page, 'kraine suspects Russi', { modifiers: ['Alt'] });
  await page.getByRole('dialog', { name: 'Label picker' }).getByRole('button', { name: 'Claim' }).click();
  const items = page.getByRole('list', { name: 'Annotation list' }).getByRole('button');
  await items.nth(2).waitFor();

  const menu = page.getByRole('combobox', { name: 'Export format' });
  assert.deepEqual(await menu.locator('option').allTextContents(), MENU);
  const files = {};
  for (const [i, format] of FORMATS.entries()) {
    if (i === 6) {
      // Chromium stops a tab's eleventh download in quick succession; a reload
      // (the annotations are kept in IndexedDB) gives a fresh tab.
      await page.reload();
      await items.nth(2).waitFor();
    }
    await menu.selectOption(format);
    files[format] = await downloadBytes(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
    if (i === 0) assert.deepEqual(formatsRequests, [], 'a factmark export needs no formats module');
    if (i === 1) assert.equal(formatsRequests.length, 1, 'the first W3C export fetches the formats module');
  }
  assert.equal(formatsRequests.length, 2, 'the formats module is fetched once per page load');
  const general = codePointSpan(text, 'General Staff');
  const november = codePointSpan(text, 'November 27');
  const utf8 = (format) => files[format].bytes.toString('utf8');

  assert.match(files.factmark.name, /\.factmark\.json$/);
  assert.equal(JSON.parse(utf8('factmark')).annotations.length, 3);
  assert.equal(JSON.parse(utf8('W3C Web Annotation')).total, 3);

  // spaCy DocBin: zlib-compressed MessagePack holding the tokens' strings.
  assert.match(files['spaCy DocBin'].name, /\.spacy$/);
  const docbin = inflateSync(files['spaCy DocBin'].bytes);
  assert.ok(docbin.includes(Buffer.from('span_groups')) && docbin.includes(Buffer.from('Staff')));

  const spacy = JSON.parse(utf8('spaCy JSONL'));
  assert.deepEqual(spacy.spans.map((s) => slice(s.start, s.end)), ['November 27', 'General Staff', 'kraine suspects Russi'].sort((a, b) => text.indexOf(a) - text.indexOf(b)));

  // Hugging Face: a zip of train.jsonl, labels.json and a dataset card.
  assert.match(files['Hugging Face tokens'].name, /\.hf\.zip$/);
  const hf = await unzip(files['Hugging Face tokens'].bytes);
  assert.deepEqual(Object.keys(hf).sort(), ['README.md', 'labels.json', 'train.jsonl']);
  const names = JSON.parse(hf['labels.json']);
  const row = JSON.parse(hf['train.jsonl']);
  const tags = row.ner_tags.map((n) => names[n]);
  const at = row.tokens.indexOf('General');
  assert.deepEqual([row.tokens[at + 1], tags[at], tags[at + 1]], ['Staff', 'B-Actor', 'I-Actor']);
  assert.ok(!tags.some((t) => t.endsWith('Claim')), 'the cut span is left out, not shifted');

  const conll = utf8('CoNLL IOB2');
  assert.ok(conll.startsWith('-DOCSTART- -X- -X- O\n\n'));
  assert.ok(conll.includes('General _ _ B-Actor\nStaff _ _ I-Actor\n'));
  assert.ok(conll.includes('November _ _ B-Figure\n27 _ _ I-Figure\n'));

  const prodigy = JSON.parse(utf8('Prodigy JSONL'));
  const prodigyGeneral = prodigy.spans.find((s) => s.label === 'Actor');
  assert.deepEqual([prodigyGeneral.start, prodigyGeneral.end], [general.start, general.end]);
  assert.equal(prodigy.tokens[prodigyGeneral.token_start].text, 'General');
  assert.equal(prodigy.tokens[prodigyGeneral.token_end].text, 'Staff');

  const doccano = JSON.parse(utf8('doccano JSONL'));
  assert.ok(doccano.label.some(([s, e, l]) => s === november.start && e === november.end && l === 'Figure'));

  const tasks = JSON.parse(utf8('Label Studio'));
  const results = tasks[0].annotations[0].result;
  assert.equal(results.length, 3);
  for (const r of results) assert.equal(slice(r.value.start, r.value.end), r.value.text);

  const brat = await unzip(files['brat standoff'].bytes);
  const ann = Object.entries(brat).find(([name]) => name.endsWith('.ann'))[1].toString('utf8');
  assert.ok(ann.includes(`Actor ${general.start} ${general.end}\tGeneral Staff`), ann);
  assert.ok(brat['annotation.conf'].toString('utf8').startsWith('[entities]\nClaim\nFigure\nActor\n'));

  assert.ok(utf8('CSV').startsWith('document_id,document_title,'));

  // WebAnno TSV: a zip with one .tsv per document, UTF-16 offsets (this text has none beyond the BMP).
  const tsv = await unzip(files['WebAnno TSV (INCEpTION)'].bytes);
  const tsvText = Object.entries(tsv).find(([name]) => name.endsWith('.tsv'))[1].toString('utf8');
  assert.ok(tsvText.startsWith('#FORMAT=WebAnno TSV 3.3\n#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n'), tsvText.slice(0, 200));
  assert.match(tsvText, /\tGeneral\t\*\[\d+\]\tActor\[\d+\]\t\n/);

  // The last export (CSV) reported only its download; CoNLL's report names the cut span.
  await page.reload();
  await items.nth(2).waitFor();
  await menu.selectOption('CoNLL IOB2');
  await downloadBytes(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  const report = page.getByRole('region', { name: 'Files' });
  await report.getByRole('alert').filter({ hasText: 'left out of the CoNLL file' }).waitFor();
  const alert = await report.getByRole('alert').textContent();
  // (The other notice: the article's site clutter, set aside, is left out of the tokens.)
  assert.match(alert, /with 2 notices — nothing was moved to fit/);
  assert.match(alert, /the text set aside as not the article \(1 region in 1 document\) is left out/);
  // Item 8: named by label, quote and document, never by id.
  assert.match(alert, /the Claim «kraine suspects Russi» in «Ukraine suspects Russia is about to…»: left out of the CoNLL file: it starts inside the token `Ukraine`/);
  assert.doesNotMatch(alert, /annotation `/);
  await screenshot(page, 'export-notice', SHOTS && join(ROOT, SHOTS, 'export-notice.png'));
  assert.deepEqual(errors, []);
  await context.close();

  // Into another browser: brat's .ann with its .txt, then Prodigy and Label Studio, each through the preview.
  const dir = await mkdtemp(join(tmpdir(), 'factmark-export-'));
  const other = await openApp(app.browser, app.url);
  await other.page.getByRole('list', { name: 'Documents' }).waitFor();
  // The brat zip adds all three; Prodigy (which left the cut span out) and Label Studio
  // then hold nothing new: the same span and label is the same annotation, whatever its id.
  const expectations = [
    [files['brat standoff'], { added: 3, unchanged: 0 }],
    [files['Prodigy JSONL'], { added: 0, unchanged: 2 }],
    [files['Label Studio'], { added: 0, unchanged: 3 }],
    // WebAnno TSV left the cut span out; CSV, without texts, is placed by SHA-256 and quote.
    [files['WebAnno TSV (INCEpTION)'], { added: 0, unchanged: 2 }],
    [files.CSV, { added: 0, unchanged: 3 }],
  ];
  for (const [{ name, bytes }, expected] of expectations) {
    // A brat zip is unpacked and its .ann chosen with its .txt, as a person would.
    let paths = [join(dir, name)];
    let title = name;
    if (name.endsWith('.zip')) {
      const files = await unzip(bytes);
      paths = [];
      for (const [file, content] of Object.entries(files)) {
        if (!file.endsWith('.ann') && !file.endsWith('.txt') && !file.endsWith('.tsv')) continue;
        paths.push(join(dir, file));
        await writeFile(join(dir, file), content);
        if (file.endsWith('.ann') || file.endsWith('.tsv')) title = file;
      }
    } else {
      await writeFile(paths[0], bytes);
    }
    const [chooser] = await Promise.all([
      other.page.waitForEvent('filechooser'),
      other.page.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    await chooser.setFiles(paths);
    const dialog = other.page.getByRole('dialog', { name: `Import ${title}` });
    await dialog.waitFor();
    const count = async (what) => Number(await dialog.locator(`[data-count="${what}"] dd`).textContent());
    assert.equal(await count('new-documents'), 0, `${name}: matched by its text`);
    assert.deepEqual({ added: await count('added'), unchanged: await count('unchanged') }, expected, name);
    assert.equal(await count('conflicts'), 0, name);
    if (expected.added) await dialog.getByRole('button', { name: 'Import' }).click();
    else await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  }
  await other.page.getByRole('listitem').filter({ hasText: article.title }).filter({ hasText: '3 annotations' }).waitFor();
  assert.deepEqual(other.errors, []);
  await other.context.close();
});

test('export all writes every document in the chosen format', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  await page.getByRole('combobox', { name: 'Export all format' }).selectOption('brat standoff');
  const { name, bytes } = await downloadBytes(page, () => page.getByRole('button', { name: 'Export all' }).click());
  assert.equal(name, 'factmark-project.brat.zip');
  const files = await unzip(bytes);
  assert.equal(Object.keys(files).filter((n) => n.endsWith('.txt')).length, manifest.articles.length);
  assert.equal(Object.keys(files).filter((n) => n.endsWith('.ann')).length, manifest.articles.length);
  await page.getByRole('combobox', { name: 'Export all format' }).selectOption('CoNLL IOB2');
  const conll = await downloadBytes(page, () => page.getByRole('button', { name: 'Export all' }).click());
  assert.equal(conll.name, 'factmark-project.conll');
  assert.equal(conll.bytes.toString('utf8').split('-DOCSTART-').length - 1, manifest.articles.length);
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 7: nested spans of different labels are all kept in the layered CoNLL and Hugging Face exports', async () => {
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/doc/${article.id}`);
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  const claim = 'Russia is planning to send troops stationed in Belarus to areas controlled by Moscow';
  await dragAcross(page, claim);
  await page.keyboard.press('1');
  await dragAcross(page, 'Russia', { occurrence: 1 }); // the Actor inside the Claim
  await page.keyboard.press('3');
  await dragAcross(page, 'Belarus', { occurrence: 1 });
  await page.keyboard.press('3');
  const menu = page.getByRole('combobox', { name: 'Export format' });
  const exportButton = page.getByRole('button', { name: 'Export', exact: true });
  // One tag sequence cannot hold both: the Actors are left out and reported.
  await menu.selectOption('CoNLL IOB2');
  await downloadBytes(page, () => exportButton.click());
  const report = page.getByRole('region', { name: 'Files' });
  // (And the article's site clutter, set aside, is left out of its tokens.)
  await report.getByText('with 3 notices').waitFor();
  await report.getByRole('button', { name: 'Dismiss' }).click();
  // A file per label keeps them all.
  await menu.selectOption('CoNLL IOB2, a file per label');
  const layered = await downloadBytes(page, () => exportButton.click());
  assert.match(layered.name, /\.conll-layers\.zip$/);
  await report.getByText('downloaded as CoNLL IOB2, a file per label').waitFor();
  // Every span kept: the one notice is the article's site clutter, said once for all layers.
  const said = await report.textContent();
  assert.doesNotMatch(said, /the Actor|the Claim/);
  assert.match(said, /with 1 notice/);
  const files = await unzip(layered.bytes);
  assert.deepEqual(Object.keys(files).sort(), ['1-Claim.conll', '2-Figure.conll', '3-Actor.conll']);
  const actor = files['3-Actor.conll'].toString('utf8');
  const claimLayer = files['1-Claim.conll'].toString('utf8');
  assert.equal((actor.match(/B-Actor/g) ?? []).length, 2);
  assert.match(claimLayer, /^Russia _ _ B-Claim\nis _ _ I-Claim$/m);
  assert.match(actor, /^Russia _ _ B-Actor\nis _ _ O$/m);
  assert.doesNotMatch(files['2-Figure.conll'].toString('utf8'), /B-/);
  // And a Hugging Face folder per label.
  await menu.selectOption('Hugging Face tokens, a folder per label');
  const hf = await unzip((await downloadBytes(page, () => exportButton.click())).bytes);
  assert.deepEqual(JSON.parse(hf['3-Actor/labels.json'].toString('utf8')), ['O', 'B-Actor', 'I-Actor']);
  const rows = hf['3-Actor/train.jsonl'].toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows[0].ner_tags.filter((t) => t === 1).length, 2);
  assert.deepEqual(errors, []);
  await context.close();
});
