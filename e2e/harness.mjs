// Shared end-to-end plumbing: serve the built app (dist/) on loopback, launch
// Debian's Chromium through playwright-core, and save screenshots to look at.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};

/** Serves `dir` on 127.0.0.1 at a free port; resolves to {url, close}. */
export async function serve(dir = DIST) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

const CHROMIUM_OPTIONS = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Launches headless Chromium with the flags this machine needs (no network beyond loopback). */
export async function launch() {
  return chromium.launch(CHROMIUM_OPTIONS);
}

/**
 * Chromium with a profile kept in `dir`, as a person's browser keeps one: closing it
 * and launching it again on the same `dir` is quitting the browser and starting it again.
 */
export async function launchWithProfile(dir) {
  return chromium.launchPersistentContext(dir, { ...CHROMIUM_OPTIONS, viewport: { width: 1280, height: 800 } });
}

/**
 * A fresh page on the served app, failing the test on any uncaught page error or
 * console error (a panic in the app shows up as one).
 */
export async function openApp(browser, url, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
  });
  await page.goto(url);
  return { page, context, errors };
}

/** Saves a screenshot to e2e/artifacts/NAME.png (and to `also`, when given). */
export async function screenshot(page, name, also) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  if (also) await page.screenshot({ path: also, fullPage: false });
  return path;
}

/**
 * Drags the mouse across the first occurrence of `phrase` in the document text, as a
 * person would: press on its first character, 8 moves, release on its last.
 * `modifiers` (e.g. ['Alt']) are held during the drag.
 */
export async function dragAcross(page, phrase, { occurrence = 0, modifiers = [] } = {}) {
  const box = await page.locator('[data-doc-text]').evaluate(
    async (root, [phrase, occurrence]) => {
      const find = () => {
        let seen = 0;
        for (const seg of root.querySelectorAll('[data-start]')) {
          const node = seg.firstChild;
          let at = node.data.indexOf(phrase);
          while (at >= 0 && seen < occurrence) {
            seen += 1;
            at = node.data.indexOf(phrase, at + 1);
          }
          if (at >= 0) return { node, at };
        }
        return null;
      };
      const rect = ({ node }, from, to) => {
        const range = document.createRange();
        range.setStart(node, from);
        range.setEnd(node, to);
        return range.getBoundingClientRect();
      };
      let found = find();
      if (!found) return null;
      // The phrase itself to the middle of the window (its block of lines may be
      // taller than the window); then two frames, for the blocks that come into view
      // to be rendered, and the phrase found again where it now is.
      const whole = rect(found, found.at, found.at + phrase.length);
      window.scrollBy(0, whole.top + whole.height / 2 - window.innerHeight / 2);
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      found = find();
      if (!found) return null;
      const first = rect(found, found.at, found.at + 1);
      const last = rect(found, found.at + phrase.length - 1, found.at + phrase.length);
      return {
        x0: first.left + 1,
        y0: first.top + first.height / 2,
        x1: last.right - 1,
        y1: last.top + last.height / 2,
      };
    },
    [phrase, occurrence],
  );
  if (!box) throw new Error(`${phrase} is not in the document text`);
  for (const key of modifiers) await page.keyboard.down(key);
  await page.mouse.move(box.x0, box.y0);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) {
    await page.mouse.move(box.x0 + ((box.x1 - box.x0) * i) / 8, box.y0 + ((box.y1 - box.y0) * i) / 8);
  }
  await page.mouse.up();
  for (const key of modifiers) await page.keyboard.up(key);
}

/** The code-point span of the first occurrence of `phrase` in `text` (as files count). */
export function codePointSpan(text, phrase) {
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error(`${phrase} is not in the text`);
  const start = Array.from(text.slice(0, at)).length;
  return { start, end: start + Array.from(phrase).length };
}

/** Clicks `name` and returns the parsed JSON of the file the browser downloads. */
export async function downloadJson(page, trigger) {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  return { name: download.suggestedFilename(), json: JSON.parse(await readFile(path, 'utf8')) };
}

/**
 * Serves the app and launches Chromium once for the test file that calls it (from
 * node:test's `before`/`after`); the returned object gets `url` and `browser`.
 */
export function useServedApp({ before, after }) {
  const app = {};
  let server;
  before(async () => {
    server = await serve();
    app.url = server.url;
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await server?.close();
  });
  return app;
}

/** Clicks through `trigger` and returns the downloaded file's name and bytes. */
export async function downloadBytes(page, trigger) {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const { readFile } = await import('node:fs/promises');
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/** The files of a zip archive, by name (stored or deflated entries, via its central directory). */
export async function unzip(bytes) {
  const { inflateRawSync } = await import('node:zlib');
  const buf = Buffer.from(bytes);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    files[name] = method === 8 ? inflateRawSync(raw) : raw;
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

/** Opens `article` (an entry of the corpus manifest) in `page` and waits for its title. */
export async function openArticle(page, url, article) {
  await page.goto(`${url}#/doc/${article.id}`);
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
}

/** Waits until the status line says every edit is saved in this browser. */
export async function waitSaved(page) {
  await page.getByTestId('save-status').filter({ hasText: 'Saved in this browser' }).waitFor();
}
