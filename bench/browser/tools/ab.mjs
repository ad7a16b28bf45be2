// Phase (a) of several builds side by side with the text alone, interleaved, fresh
// context per load (a development aid):
//   node bench/browser/tools/ab.mjs [rounds] dist1 dist2 ...
// prints, per build, the median load and the median of its ratio to the text alone
// loaded in the same round.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeDocument } from '../doc.mjs';

const HERE = join(dirname(fileURLToPath(import.meta.url)), '..');
const TYPES = { '.wasm': 'application/wasm', '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css' };
const [rounds, ...dists] = process.argv.slice(2);
const doc = makeDocument({ words: 50000, slot: 25 });
async function serve(dir) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/doc.txt') return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(doc.text);
    let body;
    try {
      body = await readFile(normalize(join(dir, path === '/' ? 'index.html' : path)));
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/html' }).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  server.unref();
  return server.address().port;
}
const pages = [['text alone', `http://127.0.0.1:${await serve(HERE)}/text.html?doc=/doc.txt`]];
for (const d of dists) pages.push([d, `http://127.0.0.1:${await serve(d)}/?bench&doc=/doc.txt`]);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const times = pages.map(() => []);
for (let i = 0; i < Number(rounds); i++) {
  for (let k = 0; k < pages.length; k++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    await p.goto(pages[k][1]);
    await p.waitForFunction(() => window.__bench?.ready);
    times[k].push((await p.evaluate(() => window.__bench.ready)).ready);
    await ctx.close();
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
pages.forEach(([name], k) => {
  const ratios = times[k].map((t, i) => t / times[0][i]);
  console.log(`${name.padEnd(20)} median ${med(times[k]).toFixed(1)} ms, ratio to the text alone ${med(ratios).toFixed(3)}  [${times[k].map((t) => t.toFixed(0)).join(' ')}]`);
});
await browser.close();
