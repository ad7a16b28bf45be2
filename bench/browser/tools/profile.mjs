// Profiles one phase of the browser benchmark in factmark (a development aid):
//   node bench/browser/tools/profile.mjs [b|c|d|a] [words] [slot]
// prints the functions with the most self time.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeDocument } from '../doc.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const [phase = 'b', words = '50000', slot = '25'] = process.argv.slice(2);
const doc = makeDocument({ words: Number(words), slot: Number(slot), overlapping: Number(slot) < 25 });
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/doc.txt') return res.end(doc.text);
  const file = normalize(join(process.env.DIST ?? join(ROOT, 'dist'), path === '/' ? 'index.html' : path));
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': { '.wasm': 'application/wasm', '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css' }[extname(file)] ?? 'x' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
if (phase === 'a') await cdp.send('Profiler.start');
await page.goto(`http://127.0.0.1:${server.address().port}/?bench&doc=/doc.txt`);
await page.waitForFunction(() => window.__bench?.ready);
await page.evaluate(() => window.__bench.ready);
if (phase !== 'a') {
  if (phase !== 'b') await page.evaluate(async (list) => { const p = window.__bench.nextPaint(); window.__bench.addAnnotations(list); await p; }, doc.spans);
  await cdp.send('Profiler.start');
  const ms = await page.evaluate(async ([list, phase]) => {
    const t0 = performance.now();
    const p = window.__bench.nextPaint();
    window.__bench.addAnnotations(phase === 'b' ? list : [{ id: 'x', start: 3, end: 8 }]);
    await p;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, [doc.spans, phase]);
  console.log(`${phase}: ${ms.toFixed(1)} ms`);
}
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const dt = profile.timeDeltas;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
  self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
});
for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(ms.toFixed(1).padStart(8), name);
await browser.close();
server.close();
