// The page the development aids (trace.mjs, profile.mjs) look at: the bench build of
// the app in DIST (default dist/) opened as `?bench&doc=` on the BENCH.md document.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeDocument } from '../doc.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TYPES = { '.wasm': 'application/wasm', '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css' };

/** The document of `words` words with a span every `slot` words, served and opened. */
export async function openBench({ words = 50000, slot = 25 } = {}) {
  const dist = process.env.DIST ?? join(ROOT, 'dist');
  const doc = makeDocument({ words, slot, overlapping: slot < 25 });
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/doc.txt') return res.end(doc.text);
    // /bench/ is the harness's own pages (text.html, the text alone), as run.mjs serves them.
    const file = path.startsWith('/bench/')
      ? normalize(join(ROOT, 'bench', 'browser', path.slice('/bench/'.length)))
      : normalize(join(dist, path === '/' ? 'index.html' : path));
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const url = `http://127.0.0.1:${server.address().port}/?bench&doc=/doc.txt`;
  const close = async () => {
    await browser.close();
    server.close();
  };
  return { doc, browser, page, url, close };
}

/** Phase (b) (all of `doc`'s spans) or (d) (one more), timed as the harness does, in ms. */
export function timedAdd(page, doc, phase) {
  return page.evaluate(async ([list, phase]) => {
    const t0 = performance.now();
    const p = window.__bench.nextPaint();
    window.__bench.addAnnotations(phase === 'b' ? list : [{ id: 'x', start: 3, end: 8 }]);
    await p;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, [doc.spans, phase]);
}
