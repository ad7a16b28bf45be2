// Phase (b) as the main thread runs it, cold as the harness measures it: marks, memory
// growth and the tasks over MIN ms (a development aid):  node bench/browser/tools/trace-b.mjs
import { openBench } from './page.mjs';
const { doc, page, url, close, browser } = await openBench({});
await page.goto(url);
await page.waitForFunction(() => window.__bench?.ready);
await page.evaluate(() => window.__bench.ready);
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute', 'blink.user_timing', 'v8.wasm', 'v8'] });
const ms = await page.evaluate(async (list) => {
  const t0 = performance.now();
  performance.mark('b:start');
  const painted = window.__bench.nextPaint();
  window.__bench.addAnnotations(list);
  performance.mark('b:added');
  await painted;
  performance.mark('b:painted');
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  performance.mark('b:end');
  return performance.now() - t0;
}, doc.spans);
const buf = await browser.stopTracing();
const events = JSON.parse(buf.toString()).traceEvents;
const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((t) => `${t.pid}:${t.tid}`));
const main = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
const start = events.find((e) => e.name === 'b:start');
const t0 = start.ts;
console.log('b', ms.toFixed(1));
const grows = main.filter((e) => e.name === 'wasm.GrowMemory' && e.ts >= t0);
console.log('GrowMemory during (b):', grows.length, 'events,', (grows.reduce((s, e) => s + e.dur, 0) / 1000).toFixed(1), 'ms');
for (const m of events.filter((e) => String(e.name).startsWith('b:'))) console.log('mark', m.name, ((m.ts - t0) / 1000).toFixed(1));
const min = Number(process.env.MIN ?? 0.5);
const shown = main.filter((e) => e.ts >= t0 - 1000 && e.dur / 1000 >= min).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const stack = [];
for (const e of shown) {
  while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
  if (stack.length < Number(process.env.DEPTH ?? 6)) console.log(`${((e.ts - t0) / 1000).toFixed(1).padStart(7)} ${(e.dur / 1000).toFixed(1).padStart(6)} ${'  '.repeat(stack.length)}${e.name}`);
  stack.push(e);
}
await close();
