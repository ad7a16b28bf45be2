// Projects and corpora (issue 18), as a person uses them: set a bundled article's site
// clutter aside as not the article — by key and from the label picker — and find it gone
// from the CoNLL and spaCy exports while the text and factmark's own file keep it; undo it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { ROOT, useServedApp, openApp, screenshot, dragAcross, downloadBytes, downloadJson, openArticle, waitSaved, codePointSpan } from './harness.mjs';

const manifest = JSON.parse(await readFile(join(ROOT, 'corpus', 'manifest.json'), 'utf8'));
const articles = manifest.articles;
const texts = await Promise.all(articles.map((a) => readFile(join(ROOT, 'corpus', a.file), 'utf8')));

const app = useServedApp({ before, after });

async function exportAs(page, format) {
  await page.getByRole('combobox', { name: 'Export format' }).selectOption(format);
  return downloadBytes(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
}

// What the first bundled article ships with set aside: its comment prompt and the
// ad-blocker notice after the story.
const SHIPPED = 'Leave a Comment\n\nAds Blocker Image Powered by Code Help Pro\n\nAds Blocker Detected!!!\n\nWe have detected that you are using extensions to block ads. Please support us by disabling these ads blocker.\n\nPowered By\nBest Wordpress Adblock Detecting Plugin | CHP Adblock';

const ignoredOf = async (page, id) =>
  JSON.parse((await exportAs(page, 'factmark')).bytes.toString('utf8')).documents.find((d) => d.id === id).ignored;

const status = (page) => page.getByTestId('selection-status');

test('site clutter set aside by key and from the picker is gone from the CoNLL and spaCy exports, kept in the text, and undone', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  const article = articles[0];
  const text = texts[0];
  await openArticle(page, app.url, article);
  // The bundled article ships with its clutter set aside, painted greyed (once in view:
  // only what the browser renders is painted).
  await page.getByText('Ads Blocker Detected!!!').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => CSS.highlights.get('fm-ignored')?.size === 1);
  assert.deepEqual(await ignoredOf(page, article.id), [codePointSpan(text, SHIPPED)]);
  // An Actor inside what is set aside: exports name it as left out.
  await dragAcross(page, 'Code Help Pro');
  await page.getByRole('dialog', { name: 'Label picker' }).waitFor();
  await page.keyboard.press('3');
  await page.getByRole('list', { name: 'Annotation list' }).getByRole('button').first().waitFor();
  // By mouse: the picker's "Not the article", on a sentence of the story.
  const sentence = 'Russia has not yet commented on the information from Ukraine.';
  await dragAcross(page, sentence);
  await page.getByRole('dialog', { name: 'Label picker' }).getByRole('button', { name: /Not the article/ }).click();
  await waitSaved(page);
  await page.getByText('Ads Blocker Detected!!!').scrollIntoViewIfNeeded();
  if (process.env.FACTMARK_SCREENSHOTS) await screenshot(page, 'set-aside');
  assert.equal(await page.evaluate(() => CSS.highlights.get('fm-ignored')?.size ?? 0), 2);

  const conll = (await exportAs(page, 'CoNLL IOB2')).bytes.toString('utf8');
  for (const gone of ['Blocker', 'Detected', 'Code', 'commented']) assert.doesNotMatch(conll, new RegExp(`^${gone}\\b`, 'm'), gone);
  assert.match(conll, /^Ukrainian\b/m);
  const report = page.getByRole('region', { name: 'Files' });
  await report.getByText(/set aside as not the article/).first().waitFor();
  assert.match(await report.textContent(), /1 annotation lies in text set aside as not the article/);

  const docbin = inflateSync((await exportAs(page, 'spaCy DocBin')).bytes);
  assert.ok(!docbin.includes(Buffer.from('Blocker')) && docbin.includes(Buffer.from('Ukrainian')));

  // factmark's own file keeps the text whole, the regions and the Actor.
  let json = JSON.parse((await exportAs(page, 'factmark')).bytes.toString('utf8'));
  const doc = json.documents.find((d) => d.id === article.id);
  assert.equal(doc.text, text);
  assert.deepEqual(doc.ignored, [codePointSpan(text, sentence), codePointSpan(text, SHIPPED)]);
  assert.equal(json.annotations.filter((a) => a.label === 'Actor').length, 1);

  // Undo takes the picker's region back; a reload keeps the shipped one.
  await page.getByRole('button', { name: 'Undo' }).click();
  await waitSaved(page);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  assert.deepEqual(await ignoredOf(page, article.id), [codePointSpan(text, SHIPPED)]);
  // X on set-aside text takes it back (opened afresh: after a reload the browser may
  // still be restoring the scroll position while the mouse moves).
  await openArticle(page, app.url, article);
  await dragAcross(page, 'Ads Blocker Detected!!!');
  await page.keyboard.press('x');
  await waitSaved(page);
  const notice = codePointSpan(text, 'Ads Blocker Detected!!!');
  const whole = codePointSpan(text, SHIPPED);
  assert.deepEqual(await ignoredOf(page, article.id), [
    { start: whole.start, end: notice.start },
    { start: notice.end, end: whole.end },
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the site chrome at an article’s ends is suggested: N picks it, Enter or 0 sets it aside, Backspace rejects it for good; undo', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  const article = articles[4];
  const text = texts[4];
  const chrome = text.slice(text.indexOf('Keep reading:')).trimEnd();
  await openArticle(page, app.url, article);
  // Shipped set aside: nothing to suggest. Taken back by X, it is suggested at once.
  await page.getByText('Source link').scrollIntoViewIfNeeded();
  await dragAcross(page, 'Source link');
  await page.keyboard.press('x');
  await status(page).filter({ hasText: '1 suggestion' }).waitFor();
  assert.equal(await page.evaluate(() => CSS.highlights.get('fm-suggest-aside')?.size ?? 0), 1);
  await page.keyboard.press('n');
  await status(page).filter({ hasText: 'Suggested as not the article: “Keep reading:' }).waitFor();
  if (process.env.FACTMARK_SCREENSHOTS) await screenshot(page, 'suggested-aside');
  await page.keyboard.press('Enter');
  await waitSaved(page);
  assert.deepEqual(await ignoredOf(page, article.id), [codePointSpan(text, chrome)]);
  assert.equal(await page.evaluate(() => CSS.highlights.get('fm-suggest-aside')?.size ?? 0), 0);
  // Undo brings the suggestion back; 0 accepts it too.
  await page.keyboard.press('Control+z');
  await status(page).filter({ hasText: '1 suggestion' }).waitFor();
  await page.keyboard.press('n');
  await page.keyboard.press('0');
  await waitSaved(page);
  assert.deepEqual(await ignoredOf(page, article.id), [codePointSpan(text, chrome)]);
  // Taken back again and rejected: not suggested again, after a reload too.
  await page.keyboard.press('Control+z');
  await status(page).filter({ hasText: '1 suggestion' }).waitFor();
  await page.keyboard.press('n');
  await page.keyboard.press('Backspace');
  await status(page).filter({ hasText: /^Select text to annotate it\.$/ }).waitFor();
  await waitSaved(page);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  await status(page).filter({ hasText: /^Select text to annotate it\.$/ }).waitFor();
  const json = JSON.parse((await exportAs(page, 'factmark')).bytes.toString('utf8'));
  const { start, end } = codePointSpan(text, chrome);
  assert.deepEqual(json.rejected, [{ document: article.id, start, end, label: '(not the article)' }]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('] and [ move through the articles not done, D marks one done, and a first mark puts one in progress; a reload keeps them', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  const heading = (article) => page.getByRole('heading', { level: 1, name: article.title });
  await openArticle(page, app.url, articles[0]);
  await page.keyboard.press('d');
  await page.getByRole('button', { name: 'Done ✓' }).waitFor();
  await page.keyboard.press(']');
  await heading(articles[1]).waitFor();
  // The button does what D does.
  await page.getByRole('button', { name: 'Mark done' }).click();
  await page.getByRole('button', { name: 'Done ✓' }).waitFor();
  await page.keyboard.press(']');
  await heading(articles[2]).waitFor();
  // A first mark puts the article in progress, in the same edit.
  await dragAcross(page, 'Smart Bombs');
  await page.getByRole('dialog', { name: 'Label picker' }).waitFor();
  await page.keyboard.press('3');
  // Back: 1 and 0 are done, so [ goes round to the last article.
  await page.keyboard.press('[');
  await heading(articles[4]).waitFor();
  await page.keyboard.press('Alt+ArrowRight');
  await heading(articles[2]).waitFor();
  await waitSaved(page);
  await page.reload();
  await heading(articles[2]).waitFor();
  await page.getByRole('link', { name: '← All articles' }).click();
  const status = (article) => page.getByRole('combobox', { name: `Status of ${article.title}` }).inputValue();
  await page.getByRole('combobox', { name: `Status of ${articles[0].title}` }).waitFor();
  assert.deepEqual(
    await Promise.all(articles.map(status)),
    ['done', 'done', 'in progress', 'not started', 'not started'],
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('a document’s details go out in the Prodigy and Label Studio exports and come back after a reload; the guidelines and label descriptions show as text', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  const article = articles[1];
  await openArticle(page, app.url, article);
  await page.getByRole('button', { name: 'Details' }).click();
  const details = page.getByRole('dialog', { name: `Details of “${article.title}”` });
  await details.waitFor();
  const hostile = 'Войска <b>и</b> техника 🇧🇾 "«»"';
  await details.getByLabel('URL').fill('https://example.org/минск?a=1&b=2');
  await details.getByLabel('Outlet').fill('Example News');
  await details.getByLabel('Published').fill('2022-02-10');
  await details.getByLabel('Language').fill('en');
  await details.getByLabel('New field\'s name').fill('Рубрика 🪖');
  await details.getByLabel('New field\'s value').fill(hostile);
  await details.getByRole('button', { name: 'Save details' }).click();
  // Saved: the field is now one of the document's, and a new empty row is offered.
  await details.getByLabel('Value of field Рубрика 🪖').waitFor();
  assert.equal(await details.getByLabel('Value of field Рубрика 🪖').inputValue(), hostile);
  if (process.env.FACTMARK_SCREENSHOTS) await screenshot(page, 'details');
  await details.getByRole('button', { name: 'Done' }).click();
  await details.waitFor({ state: 'detached' });
  await waitSaved(page);
  const expected = {
    url: 'https://example.org/минск?a=1&b=2',
    outlet: 'Example News',
    published: '2022-02-10',
    language: 'en',
    'Рубрика 🪖': hostile,
  };
  const prodigy = (await exportAs(page, 'Prodigy JSONL')).bytes.toString('utf8');
  const task = JSON.parse(prodigy.trim().split('\n')[0]);
  assert.deepEqual(task.meta, { title: article.title, ...expected });
  const studio = JSON.parse((await exportAs(page, 'Label Studio')).bytes.toString('utf8'));
  const { text, title, factmark_id, ...data } = studio[0].data;
  assert.equal(title, article.title);
  assert.deepEqual(data, expected);

  // Undo takes the edit back as one, redo brings it again, and a reload keeps it.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Details' }).click();
  assert.equal(await details.getByLabel('Outlet').inputValue(), '');
  await details.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Redo' }).click();
  await waitSaved(page);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  await page.getByRole('button', { name: 'Details' }).click();
  assert.equal(await details.getByLabel('Outlet').inputValue(), 'Example News');
  assert.equal(await details.getByLabel('Value of field Рубрика 🪖').inputValue(), hostile);
  await details.getByRole('button', { name: 'Done' }).click();

  // The keyboard help shows each label's description.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.getByText(/A number with what it counts/).waitFor();
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached' });

  // The project's guidelines: saved, shown as text (never as HTML), kept in the file.
  await page.getByRole('link', { name: '← All articles' }).click();
  await page.getByRole('button', { name: 'Guidelines' }).click();
  const guidelines = page.getByRole('dialog', { name: 'Guidelines' });
  const rules = 'Mark every <script>alert(1)</script> claim about troop numbers.\nКаждое утверждение — Claim.';
  await guidelines.getByLabel('Guidelines text').fill(rules);
  await guidelines.getByRole('button', { name: 'Save guidelines' }).click();
  await guidelines.getByRole('list', { name: 'Label descriptions' }).getByText(/A statement that something is/).waitFor();
  await guidelines.getByRole('button', { name: 'Done' }).click();
  await waitSaved(page);
  await page.reload();
  await page.getByRole('button', { name: 'Guidelines' }).click();
  assert.equal(await guidelines.getByLabel('Guidelines text').inputValue(), rules);
  assert.equal(await page.locator('script:not([src]):not([type])').filter({ hasText: 'alert(1)' }).count(), 0);
  await guidelines.getByRole('button', { name: 'Done' }).click();
  const json = JSON.parse(
    (await downloadBytes(page, async () => {
      await page.getByRole('combobox', { name: 'Export all format' }).selectOption('factmark');
      await page.getByRole('button', { name: 'Export all', exact: true }).click();
    })).bytes.toString('utf8'),
  );
  assert.equal(json.version, 3);
  assert.equal(json.guidelines, rules);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a second project has its own articles and labels: create it, switch back and forth from the library, rename, duplicate, delete and restore, import one from a file; a reload keeps them', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  const documents = page.getByRole('list', { name: 'Documents' });
  await documents.getByRole('link', { name: articles[0].title }).waitFor();
  const projectsDialog = page.getByRole('dialog', { name: 'Projects' });
  const openProjects = async () => {
    // What an edit reported (a pasted text) lies over the heading until dismissed.
    const reports = page.getByRole('region', { name: 'Files' });
    if (await reports.count()) await reports.getByRole('button', { name: 'Dismiss' }).click();
    await page.locator('.project-switch').click();
    await projectsDialog.waitFor();
  };
  assert.equal(await page.locator('.project-switch').getAttribute('aria-label'), 'Project: Sample project');
  // Who is annotating: each project's own, starting as the first project's.
  const nameForm = page.getByRole('form', { name: 'Your name' });
  await nameForm.getByLabel('Who is annotating?').fill('ana');
  await nameForm.getByRole('button', { name: 'Save name' }).click();
  const annotator = page.getByTestId('annotator');
  await annotator.waitFor();
  await openProjects();
  await projectsDialog.getByLabel('Name of a new project').fill('Desk B');
  await projectsDialog.getByRole('button', { name: 'Create project' }).click();
  // A project of its own: its address, no articles, the default labels.
  await page.waitForURL(/\?project=p[0-9a-f]+#\/$/);
  await page.getByRole('button', { name: 'Project: Desk B' }).waitFor();
  const deskB = page.url();
  assert.equal(await annotator.textContent(), 'ana');
  await page.getByRole('button', { name: 'Change your name' }).click();
  await nameForm.getByLabel('Who is annotating?').fill('boris');
  await nameForm.getByRole('button', { name: 'Save name' }).click();
  await annotator.filter({ hasText: 'boris' }).waitFor();
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.getByRole('textbox', { name: 'Text to add' }).fill('Minsk, Tuesday.\nTroops moved north.');
  await page.getByRole('button', { name: 'Add document' }).click();
  await documents.getByRole('link', { name: 'Minsk, Tuesday.' }).waitFor();
  assert.equal(await documents.getByRole('listitem').count(), 1);
  await page.getByRole('button', { name: 'Edit labels' }).click();
  const labels = page.getByRole('dialog', { name: 'Labels' });
  const added = labels.getByRole('form', { name: 'Label new label' });
  await added.getByRole('textbox', { name: 'Name of new label' }).fill('Weapon');
  await added.getByRole('textbox', { name: 'Hotkey of new label' }).fill('4');
  await added.getByRole('button', { name: 'Add label' }).click();
  await labels.getByRole('form', { name: 'Label Weapon' }).waitFor();
  await labels.getByRole('button', { name: 'Done' }).click();
  await waitSaved(page);
  if (process.env.FACTMARK_SCREENSHOTS) {
    await openProjects();
    await screenshot(page, 'projects');
    await projectsDialog.getByRole('button', { name: 'Done' }).click();
  }

  // Back to the sample project: its five articles, and no Weapon.
  await openProjects();
  await projectsDialog.getByRole('button', { name: 'Open Sample project' }).click();
  await page.getByRole('button', { name: 'Project: Sample project' }).waitFor();
  await documents.getByRole('link', { name: articles[4].title }).waitFor();
  assert.equal(await annotator.textContent(), 'ana');
  assert.equal(await documents.getByRole('listitem').count(), 5);
  await documents.getByRole('link', { name: articles[0].title }).click();
  await page.getByRole('toolbar', { name: 'Annotation tools' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Weapon/ }).count(), 0);

  // And to Desk B again, by its address: its article and its Weapon label.
  await page.goto(deskB);
  assert.equal(await annotator.textContent(), 'boris');
  await documents.getByRole('link', { name: 'Minsk, Tuesday.' }).click();
  await page.getByRole('toolbar', { name: 'Annotation tools' }).getByRole('button', { name: /Weapon/ }).waitFor();

  // Rename, duplicate, delete the copy and restore it (in the library, where projects
  // are switched).
  await page.getByRole('link', { name: '← All articles' }).click();
  await openProjects();
  await projectsDialog.getByRole('button', { name: 'Rename Desk B' }).click();
  await projectsDialog.getByLabel('New name').fill('Desk Б 🇧🇾 <b>');
  await projectsDialog.getByRole('button', { name: 'Save' }).click();
  await projectsDialog.getByRole('button', { name: 'Duplicate Desk Б 🇧🇾 <b>' }).click();
  await projectsDialog.getByRole('button', { name: 'Delete Desk Б 🇧🇾 <b> (copy)' }).click();
  const deleted = projectsDialog.getByRole('list', { name: 'Recently deleted' });
  await deleted.getByRole('button', { name: 'Restore Desk Б 🇧🇾 <b> (copy)' }).click();
  await deleted.waitFor({ state: 'detached' });
  await projectsDialog.getByRole('button', { name: 'Open Desk Б 🇧🇾 <b> (copy)' }).click();
  await page.getByRole('button', { name: 'Project: Desk Б 🇧🇾 <b> (copy)' }).waitFor();
  await documents.getByRole('link', { name: 'Minsk, Tuesday.' }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Project: Desk Б 🇧🇾 <b> (copy)' }).waitFor();
  await documents.getByRole('link', { name: 'Minsk, Tuesday.' }).waitFor();

  // A factmark file with its texts becomes a project of its own, named after the file.
  await openProjects();
  await projectsDialog.getByLabel('Import a project').setInputFiles(join(ROOT, 'crates', 'core', 'tests', 'golden', 'native-v3.json'));
  await page.getByRole('button', { name: 'Project: native-v3' }).waitFor();
  await documents.getByRole('link', { name: 'Эхо' }).waitFor();
  assert.equal(await documents.getByRole('listitem').count(), 2);
  // A file that is not a project is refused by name, and nothing changes.
  await openProjects();
  await projectsDialog.getByLabel('Import a project').setInputFiles({
    name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}'),
  });
  await projectsDialog.getByRole('alert').filter({ hasText: 'notes.json is not a factmark project' }).waitFor();
  assert.equal(await projectsDialog.getByRole('list', { name: 'Projects' }).getByRole('listitem').count(), 4);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the library counts what is done and in progress, and what was marked by label and annotator', async () => {
  const { page, context, errors } = await openApp(app.browser, app.url);
  const form = page.getByRole('form', { name: 'Your name' });
  await form.getByLabel('Who is annotating?').fill('ana');
  await form.getByRole('button', { name: 'Save name' }).click();
  const totals = page.getByTestId('library-totals');
  await totals.waitFor();
  assert.equal(await totals.textContent(), '0 of 5 done · 0 in progress · 0 annotations');
  await openArticle(page, app.url, articles[2]);
  await dragAcross(page, 'Lukashenko');
  await page.getByRole('dialog', { name: 'Label picker' }).waitFor();
  await page.keyboard.press('3');
  await page.keyboard.press(']');
  await page.getByRole('heading', { level: 1, name: articles[3].title }).waitFor();
  await page.keyboard.press('d');
  await page.getByRole('button', { name: 'Done ✓' }).waitFor();
  await waitSaved(page);
  await page.getByRole('link', { name: '← All articles' }).click();
  await totals.filter({ hasText: 'by ana 1' }).waitFor();
  assert.equal(await totals.textContent(), '1 of 5 done · 1 in progress · 1 annotation: Actor 1 · by ana 1');
  assert.deepEqual(errors, []);
  await context.close();
});
