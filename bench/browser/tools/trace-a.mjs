// Phase (a) as the main thread runs it: the bench marks and the tasks over MIN ms, nested to
// DEPTH levels, between FROM and TO ms (a development aid):
//   MIN=0.5 DEPTH=4 FROM=0 TO=400 node bench/browser/tools/trace-a.mjs    (TEXT=1 DIST=bench/browser: the text alone)
import { openBench } from './page.mjs';
const { page, url, close, browser } = await openBench({});
await page.goto('about:blank');
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'blink.fonts', 'fonts', 'v8.execute', 'loading', 'blink.user_timing', 'v8.wasm'] });
await page.goto(process.env.TEXT ? url.replace('/?bench&doc=', '/text.html?doc=') : url);
await page.waitForFunction(() => window.__bench?.ready);
const r = await page.evaluate(async () => (await window.__bench.ready).ready);
const buf = await browser.stopTracing();
const events = JSON.parse(buf.toString()).traceEvents;
const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((t) => `${t.pid}:${t.tid}`));
const main = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
const t0 = Math.min(...events.filter((e) => e.name === 'ResourceSendRequest').map(e=>e.ts));
console.log('ready', r);
for (const m of events.filter((e) => String(e.name).startsWith('factmark:') || e.name === 'ResourceFinish' || e.name === 'ResourceSendRequest')) console.log('mark', m.name, m.args?.data?.requestId ?? '', ((m.ts - t0)/1000).toFixed(1));
const from = Number(process.env.FROM ?? 0), to = Number(process.env.TO ?? 1e9), min = Number(process.env.MIN ?? 0.5);
const shown = main.filter((e) => (e.ts - t0) / 1000 >= from && (e.ts - t0) / 1000 <= to && e.dur / 1000 >= min).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const stack = [];
for (const e of shown) {
  while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
  if (stack.length < Number(process.env.DEPTH ?? 6)) console.log(`${((e.ts - t0) / 1000).toFixed(1).padStart(7)} ${(e.dur / 1000).toFixed(1).padStart(6)} ${'  '.repeat(stack.length)}${e.name}${e.args?.data?.url ? ' ' + e.args.data.url.split('/').pop().slice(0, 30) : ''}`);
  stack.push(e);
}
await close();
