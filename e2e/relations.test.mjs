// Relations and attributes (issue 16), as a person makes them: by mouse (Link…, a click
// on the other end's highlight, the picker's list filtered by typing) and by keyboard
// alone (R, typing, Enter; Tab to the attribute lists); reload, undo and redo, deleting
// an end and undoing it; the export holds exactly what was made.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  ROOT, useServedApp, openApp, screenshot, dragAcross, downloadJson, openArticle, waitSaved, downloadBytes, unzip,
} from './harness.mjs';

const manifest = JSON.parse(await readFile(join(ROOT, 'corpus', 'manifest.json'), 'utf8'));
const SHOTS = process.env.FACTMARK_SCREENSHOTS;
const [first, second] = manifest.articles;

const app = useServedApp({ before, after });

const open = (page, article) => openArticle(page, app.url, article);

/** The centre of `phrase`'s first occurrence in the text, scrolled into view. */
async function pointAt(page, phrase) {
  return page.locator('[data-doc-text]').evaluate((root, phrase) => {
    for (const seg of root.querySelectorAll('[data-start]')) {
      const at = seg.firstChild.data.indexOf(phrase);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(seg.firstChild, at);
      range.setEnd(seg.firstChild, at + phrase.length);
      let r = range.getBoundingClientRect();
      window.scrollBy(0, r.top - window.innerHeight / 2);
      r = range.getClientRects()[0];
      return { x: r.left + Math.min(r.width, 40) / 2, y: r.top + r.height / 2 };
    }
    return null;
  }, phrase);
}

/** The panel's relations, as "type|label|quote" lines. */
async function relationRows(page) {
  const rows = page.getByRole('region', { name: 'Relations' }).locator('li.relation');
  const out = [];
  for (const row of await rows.all()) {
    const kind = await row.getByRole('combobox', { name: 'Relation type' }).inputValue();
    const end = await row.locator('.relation-end').evaluate((b) => [...b.children].map((c) => c.textContent).join(' '));
    out.push(`${kind}|${end}`);
  }
  return out;
}

async function arcs(page) {
  return Number(await page.locator('svg.relation-arcs').getAttribute('data-arcs'));
}

/** Presses Tab until `matches(activeElement)` holds, as a person tabs to a control. */
async function tabTo(page, describe, most = 80) {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(describe)) return;
  }
  throw new Error(`Tab never reached ${describe}`);
}

test('by mouse: said by across paragraphs, same claim across articles, attributes, reload, undo, delete an end', async () => {
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/doc/${second.id}`);
  await open(page, second);
  await dragAcross(page, 'Belarus announced on Wednesday that it was sending troops');
  await page.getByRole('dialog', { name: 'Label picker' }).getByRole('button', { name: 'Claim' }).click();

  await open(page, first);
  await dragAcross(page, 'General Staff of the Armed Forces of Ukraine');
  await page.getByRole('dialog', { name: 'Label picker' }).getByRole('button', { name: 'Actor' }).click();
  await dragAcross(page, 'The enemy is transferring troops and equipment');
  await page.getByRole('dialog', { name: 'Label picker' }).getByRole('button', { name: 'Claim' }).click();

  // Select the claim by clicking it, then Link… and click the Actor's highlight.
  let at = await pointAt(page, 'The enemy is transferring');
  await page.mouse.click(at.x, at.y);
  const details = page.getByRole('region', { name: 'Selected annotation' });
  await details.getByText('The enemy is transferring troops and equipment', { exact: true }).waitFor();
  await details.getByRole('button', { name: 'Link…' }).click();
  const picker = page.getByRole('dialog', { name: 'Link' });
  assert.equal(await picker.getByRole('combobox', { name: 'Relation type' }).inputValue(), 'said by');
  at = await pointAt(page, 'General Staff of the Armed Forces of Ukraine');
  await page.mouse.click(at.x, at.y);
  await picker.waitFor({ state: 'detached' });
  assert.deepEqual(await relationRows(page), ['said by|Actor General Staff of the Armed Forces of Ukraine']);
  assert.equal(await arcs(page), 1, 'the new relation is drawn');

  // The same claim in the other article: the type chosen, the list filtered, a click.
  await details.getByRole('button', { name: 'Link…' }).click();
  await picker.getByRole('combobox', { name: 'Relation type' }).selectOption('same claim');
  await picker.getByRole('searchbox').fill('wednesday');
  await picker.getByRole('list', { name: 'Possible other ends' }).getByRole('button').first().click();
  assert.deepEqual((await relationRows(page)).sort(), [
    'said by|Actor General Staff of the Armed Forces of Ukraine',
    `same claim|Claim Belarus announced on Wednesday that it was sending troops ${second.title}`,
  ]);

  // Attributes: two lists and a line of text.
  const attrs = details.getByRole('group', { name: 'Attributes' });
  await attrs.getByRole('combobox', { name: 'check-worthy' }).selectOption('check-worthy');
  await attrs.getByRole('combobox', { name: 'quote' }).selectOption('direct');
  await attrs.getByRole('combobox', { name: 'verdict' }).fill('Unproven');
  await attrs.getByRole('combobox', { name: 'verdict' }).press('Enter');
  await attrs.getByRole('combobox', { name: 'verdict' }).blur();
  // Both ends in view: the Actor's paragraph in the middle of the window.
  await pointAt(page, 'On November 27, the General Staff');
  await page.waitForTimeout(100);
  await screenshot(page, 'relations', SHOTS && join(ROOT, SHOTS, 'relations.png'));

  // Undo and redo walk the attribute and relation edits one by one.
  await page.keyboard.press('Control+z'); // verdict
  assert.equal(await attrs.getByRole('combobox', { name: 'verdict' }).inputValue(), '');
  await page.keyboard.press('Control+z'); // quote
  await page.keyboard.press('Control+z'); // check-worthy
  assert.equal(await attrs.getByRole('combobox', { name: 'check-worthy' }).inputValue(), '');
  await page.keyboard.press('Control+z'); // same claim
  assert.deepEqual(await relationRows(page), ['said by|Actor General Staff of the Armed Forces of Ukraine']);
  await page.keyboard.press('Control+z'); // said by
  assert.deepEqual(await relationRows(page), []);
  for (let i = 0; i < 5; i++) await page.keyboard.press('Control+Shift+z');
  assert.equal((await relationRows(page)).length, 2);
  assert.equal(await attrs.getByRole('combobox', { name: 'verdict' }).inputValue(), 'Unproven');

  // Deleting the Actor takes its relation with it; undo brings both back.
  at = await pointAt(page, 'General Staff of the Armed Forces of Ukraine');
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('Delete');
  await page.getByRole('status').filter({ hasText: 'Deleted, with its 1 relation' }).waitFor();
  at = await pointAt(page, 'The enemy is transferring');
  await page.mouse.click(at.x, at.y);
  assert.equal((await relationRows(page)).length, 1);
  await page.keyboard.press('Control+z');
  assert.equal((await relationRows(page)).length, 2);

  // Reload: all of it is kept.
  await waitSaved(page);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: first.title }).waitFor();
  at = await pointAt(page, 'The enemy is transferring');
  await page.mouse.click(at.x, at.y);
  assert.equal((await relationRows(page)).length, 2);
  assert.equal(await attrs.getByRole('combobox', { name: 'check-worthy' }).inputValue(), 'check-worthy');
  assert.equal(await attrs.getByRole('combobox', { name: 'verdict' }).inputValue(), 'Unproven');
  assert.equal(await arcs(page), 2, 'one arc here, one stub to the other article');

  // Going to the other end opens the other article with it selected.
  await page.getByRole('region', { name: 'Relations' }).getByRole('button', { name: /Wednesday/ }).click();
  await page.getByRole('heading', { level: 1, name: second.title }).waitFor();
  await details.getByText('Belarus announced on Wednesday that it was sending troops', { exact: true }).waitFor();
  assert.deepEqual(await relationRows(page), [
    `same claim|Claim The enemy is transferring troops and equipment ${first.title}`,
  ]);
  await open(page, first);
  // Back on an article opened before, its marks are painted again (they were not, when
  // the text's elements were reused for another article). Painting follows the browser's
  // report of which blocks it renders, a frame or two after the article opens.
  await page
    .waitForFunction(() => CSS.highlights.get('fm-label-0')?.size === 1 && CSS.highlights.get('fm-label-2')?.size === 1, null, { timeout: 5_000 })
    .catch(() => {});
  const painted = await page.evaluate(() => Object.fromEntries([...CSS.highlights].map(([n, h]) => [n, h.size])));
  assert.equal(painted['fm-label-0'], 1, 'the Claim is painted');
  assert.equal(painted['fm-label-2'], 1, 'the Actor is painted');

  // The export holds exactly these.
  await waitSaved(page);
  const { json } = await downloadJson(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  const quote = (id) => json.annotations.find((a) => a.id === id)?.quote;
  const relations = json.relations.map((r) => [r.type, quote(r.from), quote(r.to)]).sort();
  assert.deepEqual(relations, [
    ['said by', 'The enemy is transferring troops and equipment', 'General Staff of the Armed Forces of Ukraine'],
  ], 'the export of one article holds the relations within it');
  const claim = json.annotations.find((a) => a.quote === 'The enemy is transferring troops and equipment');
  assert.deepEqual(claim.attributes, { 'check-worthy': 'check-worthy', quote: 'direct', verdict: 'Unproven' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('by keyboard alone: R, type, Enter; Tab to an attribute; undo', async () => {
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/doc/${first.id}`);
  await open(page, first);
  await page.keyboard.press('t');
  await page.keyboard.press('Shift+Control+ArrowRight');
  await page.keyboard.press('3'); // Actor: "Ukraine", in the title
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('Shift+Control+ArrowRight');
  await page.keyboard.press('Shift+Control+ArrowRight');
  await page.keyboard.press('1'); // Claim: "Ukrainian side", the next paragraph
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const details = page.getByRole('region', { name: 'Selected annotation' });
  await details.getByText('Ukrainian side', { exact: true }).waitFor();
  await page.keyboard.press('r');
  const picker = page.getByRole('dialog', { name: 'Link' });
  await picker.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'search');
  await page.keyboard.type('ukraine');
  await page.keyboard.press('Enter');
  await picker.waitFor({ state: 'detached' });
  assert.deepEqual(await relationRows(page), ['said by|Actor Ukraine']);

  // R again, then Escape: nothing is made.
  await page.keyboard.press('t');
  await page.keyboard.press('r');
  await picker.waitFor();
  await page.keyboard.press('Escape');
  await picker.waitFor({ state: 'detached' });

  await tabTo(page, () => document.activeElement?.getAttribute('name') === 'quote');
  await page.keyboard.press('ArrowDown'); // the first choice: direct
  const attrs = details.getByRole('group', { name: 'Attributes' });
  assert.equal(await attrs.getByRole('combobox', { name: 'quote' }).inputValue(), 'direct');
  // In a list, Ctrl+Z is the app's: it undoes the choice, then the relation.
  await page.keyboard.press('Control+z');
  assert.equal(await attrs.getByRole('combobox', { name: 'quote' }).inputValue(), '');
  await page.keyboard.press('Control+z');
  assert.deepEqual(await relationRows(page), []);
  await page.keyboard.press('Control+Shift+z');
  assert.deepEqual(await relationRows(page), ['said by|Actor Ukraine']);
  await page.keyboard.press('Control+Shift+z');
  assert.equal(await attrs.getByRole('combobox', { name: 'quote' }).inputValue(), 'direct');
  assert.deepEqual(errors, []);
  await context.close();
});

test("exports carry the relation and attributes, and each reads back into the same project with nothing new", async () => {
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/doc/${first.id}`);
  await open(page, first);
  await dragAcross(page, 'General Staff of the Armed Forces of Ukraine');
  await page.keyboard.press('3');
  await dragAcross(page, 'The enemy is transferring troops and equipment');
  await page.keyboard.press('1');
  let at = await pointAt(page, 'The enemy is transferring');
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('r');
  await page.keyboard.type('general staff');
  await page.keyboard.press('Enter');
  const attrs = page.getByRole('group', { name: 'Attributes' });
  await attrs.getByRole('combobox', { name: 'quote' }).selectOption('direct');
  await attrs.getByRole('combobox', { name: 'check-worthy' }).selectOption('check-worthy');
  await waitSaved(page);

  const menu = page.getByRole('combobox', { name: 'Export format' });
  const files = {};
  for (const format of ['factmark', 'W3C Web Annotation', 'Label Studio', 'Prodigy JSONL', 'doccano JSONL', 'brat standoff', 'CSV']) {
    await menu.selectOption(format);
    files[format] = await downloadBytes(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  }
  const json = (format) => JSON.parse(files[format].bytes.toString('utf8'));
  const lines = (format) => files[format].bytes.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
  const claim = 'The enemy is transferring troops and equipment';
  const actor = 'General Staff of the Armed Forces of Ukraine';

  const native = json('factmark');
  const quoteOf = (id) => native.annotations.find((a) => a.id === id).quote;
  assert.deepEqual(native.relations.map((r) => [r.type, quoteOf(r.from), quoteOf(r.to)]), [['said by', claim, actor]]);
  assert.deepEqual(native.annotations.find((a) => a.quote === claim).attributes, { 'check-worthy': 'check-worthy', quote: 'direct' });

  const items = json('W3C Web Annotation').first.items;
  const link = items.filter((i) => i.motivation === 'linking');
  assert.equal(link.length, 1);
  assert.equal(link[0].body[0].value, 'said by');
  const claimItem = items.find((i) => i.target?.selector?.[1]?.exact === claim);
  assert.deepEqual(link[0].target[0], claimItem.id, 'the first target is the from end');
  assert.deepEqual(
    claimItem.body.filter((b) => b.purpose === 'describing').map((b) => [b.label, b.value]),
    [['check-worthy', 'check-worthy'], ['quote', 'direct']],
  );

  const results = json('Label Studio')[0].annotations[0].result;
  const relation = results.filter((r) => r.type === 'relation');
  assert.deepEqual(relation.map((r) => r.labels), [['said by']]);
  assert.deepEqual(
    results.filter((r) => r.type === 'choices').map((r) => [r.from_name, r.value.choices]).sort(),
    [['check-worthy', ['check-worthy']], ['quote', ['direct']]],
  );

  const [task] = lines('Prodigy JSONL');
  assert.deepEqual(task.relations.map((r) => [r.label, r.head_span.start, r.child_span.start]), [
    ['said by', task.spans.find((s) => s.label === 'Claim').start, task.spans.find((s) => s.label === 'Actor').start],
  ]);
  const [doccano] = lines('doccano JSONL');
  assert.deepEqual(doccano.relations.map((r) => r.type), ['said by']);

  const brat = await unzip(files['brat standoff'].bytes);
  const ann = Object.entries(brat).find(([name]) => name.endsWith('.ann'))[1].toString('utf8');
  assert.match(ann, /^R1\tsaid_by Arg1:T\d+ Arg2:T\d+$/m);
  assert.match(ann, /^A\d\tquote T\d+ direct$/m);
  assert.match(ann, /^A\d\tcheck-worthy T\d+ check-worthy$/m);

  // CSV: the annotations with their attributes in columns, the relations in a second file.
  assert.match(files.CSV.name, /\.zip$/);
  const csv = await unzip(files.CSV.bytes);
  assert.deepEqual(Object.keys(csv).sort(), ['annotations.csv', 'annotations.relations.csv']);
  const csvRows = (name) => {
    // RFC 4180: fields in double quotes may hold commas, quotes ("") and line breaks.
    const rows = [[]];
    let field = '';
    let quoted = false;
    const text = csv[name].toString('utf8');
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { rows.at(-1).push(field); field = ''; }
      else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        rows.at(-1).push(field); field = ''; rows.push([]);
      } else field += c;
    }
    if (field || rows.at(-1).length) rows.at(-1).push(field); else rows.pop();
    const [head, ...body] = rows;
    return body.map((row) => Object.fromEntries(head.map((h, i) => [h, row[i]])));
  };
  const claimRow = csvRows('annotations.csv').find((r) => r.quote === claim);
  assert.equal(claimRow['attribute:quote'], 'direct');
  assert.equal(claimRow['attribute:check-worthy'], 'check-worthy');
  const relationRows = csvRows('annotations.relations.csv');
  assert.deepEqual(relationRows.map((r) => [r.type, r.from_quote, r.to_quote]), [['said by', claim, actor]]);

  // Each file read back into this project: everything already here, nothing new.
  const dir = await mkdtemp(join(tmpdir(), 'factmark-rel-'));
  await page.getByRole('link', { name: '← All articles' }).click();
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  for (const [format, name] of [
    ['factmark', 'back.factmark.json'], ['W3C Web Annotation', 'back.w3c.json'], ['Label Studio', 'back.json'],
    ['Prodigy JSONL', 'back.prodigy.jsonl'], ['doccano JSONL', 'back.doccano.jsonl'],
  ]) {
    const path = join(dir, name);
    await writeFile(path, files[format].bytes);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    await chooser.setFiles([path]);
    const dialog = page.getByRole('dialog', { name: `Import ${name}` });
    await dialog.waitFor();
    const count = (id) => dialog.locator(`[data-count="${id}"] dd`).textContent();
    assert.equal(await count('relations'), '0', `${format}: no new relation`);
    assert.equal(await count('relations-unchanged'), '1', `${format}: the relation is already here`);
    assert.equal(await count('added'), '0', `${format}: no new annotation`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  }
  // brat: the .ann with its .txt; its said_by is this project's said by.
  const pair = Object.entries(brat).filter(([name]) => /\.(ann|txt)$/.test(name));
  const paths = [];
  for (const [name, bytes] of pair) {
    const path = join(dir, name.split('/').pop());
    await writeFile(path, bytes);
    paths.push(path);
  }
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(paths);
  const annName = pair.find(([name]) => name.endsWith('.ann'))[0].split('/').pop();
  const dialog = page.getByRole('dialog', { name: `Import ${annName}` });
  await dialog.waitFor();
  const count = (id) => dialog.locator(`[data-count="${id}"] dd`).textContent();
  assert.equal(await count('relation-types'), '0', 'brat: no new relation type');
  assert.equal(await count('relations-unchanged'), '1', 'brat: the relation is already here');
  assert.equal(await count('added'), '0', 'brat: no new annotation');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // CSV: both files chosen together; the relations come with their annotations.
  const csvPaths = [];
  for (const [name, bytes] of Object.entries(csv)) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    csvPaths.push(path);
  }
  const [csvChooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await csvChooser.setFiles(csvPaths);
  const csvDialog = page.getByRole('dialog', { name: 'Import annotations.csv' });
  await csvDialog.waitFor();
  const csvCount = (id) => csvDialog.locator(`[data-count="${id}"] dd`).textContent();
  assert.equal(await csvCount('relations-unchanged'), '1', 'CSV: the relation is already here');
  assert.equal(await csvCount('added'), '0', 'CSV: no new annotation');
  assert.equal(await csvCount('conflicts'), '0', 'CSV: the attributes are the same');
  await csvDialog.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the label editor gives a label fields and makes a relation type, refusing what cannot be', async () => {
  const { page, context, errors } = await openApp(app.browser, `${app.url}#/doc/${first.id}`);
  await open(page, first);
  await dragAcross(page, 'November 27');
  await page.keyboard.press('2');
  await dragAcross(page, 'The enemy is transferring troops and equipment');
  await page.keyboard.press('1');
  await page.getByRole('link', { name: '← All articles' }).click();
  await page.getByRole('button', { name: 'Edit labels' }).click();
  const dialog = page.getByRole('dialog', { name: 'Labels' });
  const claim = dialog.getByRole('form', { name: 'Label Claim' });
  assert.match(await claim.getByRole('textbox', { name: 'Fields of Claim' }).inputValue(), /^check-worthy: choice\[check-worthy \| not check-worthy \| not factual\]; quote: choice/);
  const figure = dialog.getByRole('form', { name: 'Label Figure' });
  await figure.getByRole('textbox', { name: 'Fields of Figure' }).fill('unit: choice');
  await figure.getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'field `unit` is a choice but has no options' }).waitFor();
  await figure.getByRole('textbox', { name: 'Fields of Figure' }).fill('unit: choice[troops | days | people]; exact: yes-no');
  await figure.getByRole('button', { name: 'Save' }).click();
  const added = dialog.getByRole('form', { name: 'Relation type new relation type' });
  await added.getByRole('textbox', { name: 'Name of new relation type' }).fill('dated');
  await added.getByRole('textbox', { name: 'Labels at the from end of new relation type' }).fill('Claim');
  await added.getByRole('textbox', { name: 'Labels at the to end of new relation type' }).fill('Figure');
  await added.getByRole('button', { name: 'Add type' }).click();
  await dialog.getByRole('form', { name: 'Relation type dated' }).waitFor();
  // A type naming a label the project lacks is refused by name.
  await added.getByRole('textbox', { name: 'Name of new relation type' }).fill('placed');
  await added.getByRole('textbox', { name: 'Labels at the from end of new relation type' }).fill('Place');
  await added.getByRole('button', { name: 'Add type' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Place' }).waitFor();
  // The refusal is in view although the form is far down the dialog.
  const inView = await dialog.evaluate((box) => {
    const alert = box.querySelector('[role="alert"]').getBoundingClientRect();
    const shown = box.getBoundingClientRect();
    return box.scrollTop > 0 && alert.top >= shown.top - 1 && alert.bottom <= shown.bottom + 1;
  });
  assert.ok(inView, 'the refused edit is shown where the dialog is scrolled to');
  await screenshot(page, 'relation-types');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('link', { name: first.title }).click();
  const at = await pointAt(page, 'November 27');
  await page.mouse.click(at.x, at.y);
  const attrs = page.getByRole('group', { name: 'Attributes' });
  await attrs.getByRole('combobox', { name: 'unit' }).selectOption('days');
  const claimAt = await pointAt(page, 'The enemy is transferring');
  await page.mouse.click(claimAt.x, claimAt.y);
  await page.keyboard.press('r');
  const picker = page.getByRole('dialog', { name: 'Link' });
  await picker.getByRole('combobox', { name: 'Relation type' }).selectOption('dated');
  await picker.getByRole('list', { name: 'Possible other ends' }).getByRole('button', { name: /November 27/ }).click();
  assert.deepEqual(await relationRows(page), ['dated|Figure November 27']);
  await page.keyboard.press('Control+z'); // the relation
  await page.keyboard.press('Control+z'); // the attribute
  await page.keyboard.press('Control+z'); // the new type
  await page.getByRole('link', { name: '← All articles' }).click();
  await page.getByRole('button', { name: 'Edit labels' }).click();
  assert.equal(await dialog.getByRole('form', { name: 'Relation type dated' }).count(), 0, 'undo took the type back');
  assert.deepEqual(errors, []);
  await context.close();
});

test("a Label Studio task's region values are read as this project's fields hold them, and one they cannot hold is named", async () => {
  const text = await readFile(join(ROOT, 'corpus', first.file), 'utf8');
  const claim = 'The enemy is transferring troops and equipment';
  const at = text.indexOf(claim);
  const start = [...text.slice(0, at)].length;
  const where = { start, end: start + [...claim].length };
  const region = (type, value) => ({ id: 'c1', from_name: type, to_name: 'text', type, value: { ...where, ...value } });
  const task = [{
    id: 1,
    data: { text },
    annotations: [{
      completed_by: 7,
      result: [
        region('labels', { text: claim, labels: ['Claim'] }),
        { ...region('textarea', { text: ['false'] }), from_name: 'verdict' },
        { ...region('choices', { choices: ['reported'] }), from_name: 'quote' },
      ],
    }],
  }];
  const dir = await mkdtemp(join(tmpdir(), 'factmark-ls-'));
  const path = join(dir, 'desk.json');
  await writeFile(path, JSON.stringify(task));
  const { page, context, errors } = await openApp(app.browser, app.url);
  await page.getByRole('list', { name: 'Documents' }).waitFor();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles([path]);
  const dialog = page.getByRole('dialog', { name: 'Import desk.json' });
  await dialog.waitFor();
  assert.deepEqual(await dialog.getByRole('list', { name: 'Attribute values not kept' }).getByRole('listitem').allTextContents(), [
    '1 value of Claim `quote` not kept: this project\'s field takes one of "direct", "indirect", "mixed"; the file has "reported"',
  ]);
  assert.equal(await dialog.locator('[data-count="added"] dd').textContent(), '1');
  await dialog.getByRole('button', { name: /^Import/ }).click();
  await dialog.waitFor({ state: 'detached' });
  await open(page, first);
  const target = await pointAt(page, claim);
  await page.mouse.click(target.x, target.y);
  const attrs = page.getByRole('group', { name: 'Attributes' });
  assert.equal(await attrs.getByRole('combobox', { name: 'verdict' }).inputValue(), 'false');
  assert.deepEqual(errors, []);
  await context.close();
});
