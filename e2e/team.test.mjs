// The team journey: open two annotators' files of the same documents and read how far
// they agree (a table per pair and label, a chart per label, a row per document).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, useServedApp, openApp, screenshot, downloadJson, dragAcross, waitSaved } from './harness.mjs';

const app = useServedApp({ before, after });
const SHOTS = process.env.FACTMARK_SCREENSHOTS;
const manifest = JSON.parse(await readFile(join(ROOT, 'corpus', 'manifest.json'), 'utf8'));
const texts = await Promise.all(manifest.articles.slice(0, 2).map((a) => readFile(join(ROOT, 'corpus', a.file), 'utf8')));

/** The code-point span of the `n`th occurrence of `word` in `text`. */
function span(text, word, label) {
  const at = text.indexOf(word);
  assert.ok(at >= 0, word);
  const start = [...text.slice(0, at)].length;
  return [start, start + [...word].length, label];
}

test("two annotators' files: the agreement table, the chart per label, the documents, one compared in layers, and adjudication by keyboard with an edit (item 3: a key means one annotator all session, each difference in its sentence)", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'factmark-team-'));
  // Ana and Boris agree on two spans, differ on a label and on boundaries; Boris marks one more.
  const ana = [
    [span(texts[0], 'General Staff', 'Actor'), span(texts[0], 'November 27', 'Figure'), span(texts[0], 'Belarus', 'Actor')],
    [span(texts[1], 'Belarus', 'Actor')],
  ];
  const boris = [
    [span(texts[0], 'General Staff', 'Actor'), span(texts[0], 'November', 'Figure'), span(texts[0], 'Belarus', 'Claim'), span(texts[0], 'Moscow', 'Actor')],
    [span(texts[1], 'Belarus', 'Actor')],
  ];
  const write = async (name, work) => {
    const path = join(dir, name);
    await writeFile(path, texts.map((text, i) => JSON.stringify({ text, label: work[i] })).join('\n') + '\n');
    return path;
  };
  const files = [await write('ana.jsonl', ana), await write('boris.jsonl', boris)];

  const { page, context, errors } = await openApp(app.browser, app.url);
  // The team pages are a module of their own, downloaded only when one first opens.
  const teamRequests = [];
  page.on('request', (request) => /factmark-team-[0-9a-f]+_bg\.wasm$/.test(request.url()) && teamRequests.push(request.url()));
  // A library edit, which the adjudication's Ctrl+Z must leave alone.
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.getByRole('textbox', { name: 'Text to add' }).fill('Minsk, Tuesday.\nTroops moved north.');
  await page.getByRole('button', { name: 'Add document' }).click();
  await page.getByRole('link', { name: 'Minsk, Tuesday.' }).waitFor();
  assert.deepEqual(teamRequests, [], 'the library does not download the team module');
  await page.getByRole('link', { name: 'Compare annotators' }).click();
  await page.getByRole('heading', { name: 'Agreement between annotators' }).waitFor();
  assert.equal(teamRequests.length, 1);
  // One file alone is refused with the reason.
  let [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: "Open annotators' files" }).click()]);
  await chooser.setFiles(files[0]);
  await page.getByRole('alert', { name: 'Files not compared' }).filter({ hasText: 'at least two annotators; found 1' }).waitFor();

  [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: "Open annotators' files" }).click()]);
  await chooser.setFiles(files);
  const summary = page.getByTestId('team-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /^2 annotators \(ana\.jsonl, boris\.jsonl\), 2 documents compared, \d+ tokens; 3 places where they differ\.$/);
  assert.equal(await page.getByRole('alert', { name: 'Files not compared' }).count(), 0);

  const table = page.getByRole('table', { name: 'Agreement' });
  const row = (name) => table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell');
  // Exact span F1: 2 matching spans (General Staff; Belarus in the second text) of 4 + 5.
  const exact = await row('ana.jsonl · boris.jsonl: exact span F1').allTextContents();
  assert.equal(exact[0], ((2 * 2) / 9).toFixed(3));
  const header = await table.getByRole('columnheader').allTextContents();
  assert.deepEqual(header, ['Measure', 'All labels', 'Actor', 'Claim', 'Figure']);
  assert.equal(exact[header.indexOf('Claim') - 1], '0.000');
  // Overlap F1 forgives the November boundaries: the Figure agrees fully.
  const overlap = await row('ana.jsonl · boris.jsonl: overlap F1').allTextContents();
  assert.equal(overlap[header.indexOf('Figure') - 1], '1.000');
  const alpha = await row("Krippendorff's alpha").allTextContents();
  assert.match(alpha[0], /^0\.\d{3}$/);

  const bars = page.getByRole('list', { name: 'Alpha per label' }).getByRole('listitem');
  assert.equal(await bars.count(), 3);
  assert.deepEqual(await bars.locator('.bar-value').allTextContents(), alpha.slice(1));

  const docs = page.getByRole('table', { name: 'Documents compared' }).getByRole('row');
  assert.equal(await docs.count(), 3);
  assert.deepEqual(await docs.nth(1).getByRole('cell').allTextContents().then((c) => [c[0], c[2]]), ['ana.jsonl, boris.jsonl', '3']);
  assert.equal((await docs.nth(2).getByRole('cell').allTextContents())[2], '0');
  await screenshot(page, 'team', SHOTS && join(SHOTS, 'team.png'));

  // The first document, compared: each kind of place painted and counted, the layers toggled.
  await page.getByRole('table', { name: 'Documents compared' }).getByRole('link').first().click();
  const legend = page.getByRole('list', { name: 'Legend' }).getByRole('listitem');
  await legend.first().waitFor();
  const counts = async () => (await legend.allTextContents()).map((t) => t.trim());
  assert.deepEqual(await counts(), ['1 agree', '1 differ on the label', '1 differ on the boundaries', '0 differ on both', '1 marked by only some']);
  const sizes = () =>
    page.evaluate(() => Object.fromEntries(['fm-agree', 'fm-differ-label', 'fm-differ-bounds', 'fm-only-some'].map((n) => [n, CSS.highlights.get(n)?.size ?? 0])));
  assert.deepEqual(await sizes(), { 'fm-agree': 1, 'fm-differ-label': 1, 'fm-differ-bounds': 1, 'fm-only-some': 1 });
  const panel = page.getByRole('complementary', { name: 'Differences' });
  assert.equal(await panel.getByRole('heading').textContent(), 'Differences (3)');
  await panel.getByText('boris.jsonl: Claim «Belarus»').waitFor();
  await panel.getByText('ana.jsonl: Figure «November 27»').waitFor();
  await screenshot(page, 'team-document', SHOTS && join(SHOTS, 'team-document.png'));
  // Boris's layer off: Ana's three marks are hers alone.
  await page.getByRole('checkbox', { name: 'boris.jsonl' }).uncheck();
  assert.deepEqual(await counts(), ['0 agree', '0 differ on the label', '0 differ on the boundaries', '0 differ on both', '3 marked by only some']);
  assert.equal((await sizes())['fm-only-some'], 3);
  await page.getByRole('checkbox', { name: 'boris.jsonl' }).check();
  assert.equal((await sizes())['fm-agree'], 1);

  // The comparison is kept while the library is open, without downloading anything again.
  await page.getByRole('link', { name: '← Agreement' }).click();
  await page.getByRole('link', { name: 'factmark' }).click();
  await page.getByRole('link', { name: 'Minsk, Tuesday.' }).waitFor();
  assert.equal(await summary.count(), 0);
  await page.getByRole('link', { name: 'Compare annotators' }).click();
  await summary.waitFor();
  assert.equal(teamRequests.length, 1);
  // The adjudicator names themself in the app's bar; the team pages record that name.
  await page.getByLabel('Who is annotating?').fill('Vera');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByTestId('annotator').filter({ hasText: 'Vera' }).waitFor();

  // Adjudication by keyboard: the gold set starts with what both agreed on (2 spans).
  // Its Ctrl+Z undoes decisions only, never the library's last edit (here: a paste).
  await page.getByRole('link', { name: 'Adjudicate the 3 differences' }).click();
  const progress = page.getByTestId('adjudication-progress');
  const quote = page.getByTestId('difference-text');
  await progress.filter({ hasText: '0 of 3 differences settled; the gold set has 2 annotations.' }).waitFor();
  assert.equal(await quote.textContent(), 'Belarus');
  assert.deepEqual(await page.locator('.choices li').allTextContents(), [
    "1 · Take ana.jsonl's Actor «Belarus»",
    "2 · Take boris.jsonl's Claim «Belarus»",
  ]);
  await page.keyboard.press('a'); // both: Ana's Actor and Boris's Claim
  assert.equal(await quote.textContent(), 'Moscow');
  await page.keyboard.press('n'); // none…
  await progress.filter({ hasText: '2 of 3' }).waitFor();
  await page.keyboard.press('Control+z'); // …undone
  await progress.filter({ hasText: '1 of 3 differences settled; the gold set has 4 annotations.' }).waitFor();
  assert.equal(await quote.textContent(), 'Moscow');
  // Item 3: a number means the same annotator on every difference, shown by name — 1 is
  // Ana and 2 is Boris here too, where only Boris marked something — and the difference
  // is shown in its sentence.
  assert.deepEqual(await page.locator('.choices li').allTextContents(), [
    "1 · Take ana.jsonl's nothing here",
    "2 · Take boris.jsonl's Actor «Moscow»",
  ]);
  assert.equal(
    await page.getByTestId('difference-sentence').textContent(),
    'The Ukrainian side suspects that Russia is planning to send troops stationed in Belarus to areas controlled by Moscow.',
  );
  await page.keyboard.press('2'); // Boris's Actor
  assert.equal(await quote.textContent(), 'November 27');
  // An edit of the adjudicator's own: "November" as a Claim.
  await page.keyboard.press('e');
  const own = page.getByRole('form', { name: 'Your own mark' });
  const [start] = span(texts[0], 'November', 'x');
  await own.getByLabel('Label').selectOption('Claim');
  await own.getByLabel('End').fill(String(start + 99999));
  await own.getByTestId('edit-quote').filter({ hasText: 'These offsets are not a span of the text.' }).waitFor();
  assert.ok(await own.getByRole('button', { name: 'Add to gold' }).isDisabled());
  await own.getByLabel('End').fill(String(start + 8));
  await own.getByTestId('edit-quote').filter({ hasText: '«November»' }).waitFor();
  if (SHOTS) await screenshot(page, 'adjudicate', join(SHOTS, 'adjudicate.png'));
  await own.getByLabel('End').press('Enter');
  await progress.filter({ hasText: '3 of 3 differences settled; the gold set has 6 annotations.' }).waitFor();
  const { name, json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export gold file' }).click());
  assert.equal(name, 'gold.factmark.json');
  const gold = json.annotations.map((a) => `${a.quote}/${a.label}/${(a.agreedBy ?? []).join('+')}`).sort();
  assert.deepEqual(gold, [
    'Belarus/Actor/ana.jsonl',
    'Belarus/Actor/ana.jsonl+boris.jsonl',
    'Belarus/Claim/boris.jsonl',
    'General Staff/Actor/ana.jsonl+boris.jsonl',
    'Moscow/Actor/boris.jsonl',
    'November/Claim/',
  ]);
  assert.ok(json.annotations.every((a) => a.annotator === 'Vera'));
  // The pasted document is still in the library.
  await page.getByRole('link', { name: '← Agreement' }).click();
  await page.getByRole('link', { name: '← All articles' }).click();
  await page.getByRole('link', { name: 'Minsk, Tuesday.' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('item 6: the team session and an adjudication in progress survive a reload until closed; the annotators of this library can be compared', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'factmark-team-'));
  const write = async (name, work) => {
    const path = join(dir, name);
    await writeFile(path, texts.map((text, i) => JSON.stringify({ text, label: work[i] })).join('\n') + '\n');
    return path;
  };
  const files = [
    await write('ana.jsonl', [[span(texts[0], 'General Staff', 'Actor'), span(texts[0], 'Belarus', 'Actor')], []]),
    await write('boris.jsonl', [[span(texts[0], 'General Staff', 'Actor'), span(texts[0], 'Belarus', 'Claim'), span(texts[0], 'Moscow', 'Actor')], []]),
  ];
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/team`);
  await page.getByRole('heading', { name: 'Agreement between annotators' }).waitFor();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: "Open annotators' files" }).click()]);
  await chooser.setFiles(files);
  const summary = page.getByTestId('team-summary');
  await summary.waitFor();
  await page.getByRole('link', { name: 'Adjudicate the 2 differences' }).click();
  const progress = page.getByTestId('adjudication-progress');
  await progress.filter({ hasText: '0 of 2 differences settled' }).waitFor();
  await page.keyboard.press('a');
  await progress.filter({ hasText: '1 of 2 differences settled' }).waitFor();
  // A reload keeps the files and the decision made.
  await page.reload();
  await progress.filter({ hasText: '1 of 2 differences settled' }).waitFor();
  // So does Back to the agreement page and a reload there.
  await page.getByRole('link', { name: '← Agreement' }).click();
  await page.reload();
  await summary.waitFor();
  assert.match(await summary.textContent(), /^2 annotators \(ana\.jsonl, boris\.jsonl\)/);
  // Closed: gone, and still gone after a reload.
  await page.getByRole('button', { name: 'Close the comparison' }).click();
  await summary.waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('heading', { name: 'Agreement between annotators' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await summary.count(), 0);

  // The annotators of this library: Ана and Борис marked the article in this browser.
  await page.goto(`${app.url}#/doc/${manifest.articles[0].id}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const name = async (who) => {
    const change = page.getByRole('button', { name: 'Change your name' });
    if (await change.count()) await change.click();
    await page.getByLabel('Who is annotating?').fill(who);
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByTestId('annotator').filter({ hasText: who }).waitFor();
  };
  await name('Ана');
  await dragAcross(page, 'General Staff');
  await page.keyboard.press('3');
  await name('Борис');
  await dragAcross(page, 'General Staff', { occurrence: 1 });
  await page.keyboard.press('3');
  await waitSaved(page);
  await page.goto(`${app.url}#/team`);
  await page.getByRole('button', { name: 'Compare the annotators in this library' }).click();
  await summary.waitFor();
  assert.match(await summary.textContent(), /^2 annotators \(Ана, Борис\), 5 documents compared, \d+ tokens; 2 places where they differ\.$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('issue 16: the team page reports relation F1 per type and agreement on each attribute', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'factmark-team-rel-'));
  const golden = await readFile(join(ROOT, 'crates', 'core', 'tests', 'golden', 'native-v2.json'), 'utf8');
  // As the CLI's test: Boris has no `supports` relation and calls a1's quote direct.
  const write = async (who, edit) => {
    const file = JSON.parse(golden);
    for (const a of file.annotations) a.annotator = who;
    for (const r of file.relations) r.annotator = who;
    edit(file);
    const path = join(dir, `${who}.json`);
    await writeFile(path, JSON.stringify(file));
    return path;
  };
  const files = [
    await write('ana', () => {}),
    await write('boris', (file) => {
      file.relations = file.relations.filter((r) => r.type !== 'supports');
      file.annotations.find((a) => a.id === 'a1').attributes.quote = 'direct';
    }),
  ];
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/team`);
  await page.getByRole('heading', { name: 'Agreement between annotators' }).waitFor();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: "Open annotators' files" }).click()]);
  await chooser.setFiles(files);
  const relations = page.getByRole('table', { name: 'Relations ana · boris' });
  await relations.waitFor();
  const cells = (table, name) => table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell').allTextContents();
  assert.deepEqual(await cells(relations, 'All types'), ['0.800', '0.800']);
  assert.deepEqual(await cells(relations, 'supports'), ['0.000', '0.000']);
  assert.deepEqual(await cells(relations, 'said by'), ['1.000', '1.000']);
  const attributes = page.getByRole('table', { name: 'Attributes ana · boris' });
  assert.deepEqual(await cells(attributes, 'Claim.quote'), ['2', '0.500', '0.333']);
  await screenshot(page, 'team-relations');

  // The marks agree, but not the Claim's quote; only Ana linked the Figure to the Claim
  // it supports. The document lists that pair of marks, and adjudication settles the
  // attributes, then the link.
  const summary = page.getByTestId('team-summary');
  assert.match(
    await summary.textContent(),
    /; 0 places where they differ, 1 mark they agree on with different attributes and 1 pair of marks they link differently\.$/,
  );
  await page.getByRole('link', { name: 'Войска 🇧🇾' }).click();
  const links = page.getByRole('list', { name: 'Links that differ' });
  // The document's page renders after the click: wait for its list before reading it.
  await links.locator(':scope > li > p').first().waitFor();
  assert.deepEqual(await links.locator(':scope > li > p').allTextContents(), [
    'linked by only some · A: Claim «Лукашенко \u{1F468}\u200D\u{1F469}\u200D\u{1F467} said 🇧🇾 troops\u00A0moved» · B: Figure «12\u00A0000»',
  ]);
  assert.deepEqual(await links.locator(':scope > li li').allTextContents(), ['ana: supports (B → A)', 'boris: no link']);
  await page.getByRole('link', { name: '← Agreement' }).click();
  await page.getByRole('link', { name: 'Adjudicate the 2 differences' }).click();
  const progress = page.getByTestId('adjudication-progress');
  // The agreed relations bring their ends, the Claim among them, without its attributes.
  await progress.filter({ hasText: '0 of 2 differences settled; the gold set has 7 annotations and 2 relations.' }).waitFor();
  await page.getByRole('heading', { name: /^They agree on the mark, not on its attributes/ }).waitFor();
  const choices = await page.locator('.choices li').allTextContents();
  assert.match(choices[0], /^1 · Take ana's Claim «.+» \(check-worthy: check-worthy; quote: indirect; verdict: /);
  assert.match(choices[1], /^2 · Take boris's Claim «.+» \(check-worthy: check-worthy; quote: direct; verdict: /);
  await page.keyboard.press('2');
  await progress.filter({ hasText: '1 of 2 differences settled; the gold set has 7 annotations and 2 relations.' }).waitFor();
  await page.getByRole('heading', { name: 'Only some linked these marks' }).waitFor();
  assert.deepEqual(await page.locator('.choices li').allTextContents(), ["1 · Take ana's supports (B → A)", "2 · Take boris's no link"]);
  await screenshot(page, 'adjudicate-relation');
  await page.keyboard.press('1');
  await progress.filter({ hasText: '2 of 2 differences settled; the gold set has 7 annotations and 3 relations.' }).waitFor();
  await page.keyboard.press('Control+z');
  await progress.filter({ hasText: '1 of 2 differences settled; the gold set has 7 annotations and 2 relations.' }).waitFor();
  await page.getByRole('button', { name: "2 · Take boris's" }).click();
  await progress.filter({ hasText: '2 of 2 differences settled; the gold set has 7 annotations and 2 relations.' }).waitFor();
  const { json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export gold file' }).click());
  assert.deepEqual(json.relations.map((r) => r.type).sort(), ['said by', 'same claim']);
  const a1 = json.annotations.find((a) => a.label === 'Claim' && a.quote.startsWith('Лукашенко'));
  assert.equal(a1.attributes.quote, 'direct', "Boris's quote, taken");
  assert.equal(a1.attributes['check-worthy'], 'check-worthy');
  assert.deepEqual(errors, []);
  await context.close();
});
