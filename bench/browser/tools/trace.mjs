// Where the browser's time goes during one phase of the bench (a development aid):
//   node bench/browser/tools/trace.mjs [b|c|d] [words] [slot]
// prints trace events by total duration (main thread).
import { openBench, timedAdd } from './page.mjs';

const [phase = 'b', words = '50000', slot = '25'] = process.argv.slice(2);
const { doc, browser, page, url, close } = await openBench({ words: Number(words), slot: Number(slot) });
await page.goto(url);
await page.waitForFunction(() => window.__bench?.ready);
await page.evaluate(() => window.__bench.ready);
if (phase !== 'b') await page.evaluate(async (list) => { const p = window.__bench.nextPaint(); window.__bench.addAnnotations(list); await p; }, doc.spans);
let word;
if (phase === 'm') {
  word = [...doc.text.slice(0, 2000).matchAll(/\w{5,}/g)].find((m) => !doc.spans.some((s) => s.start <= m.index && m.index < s.end));
  await page.evaluate(() => window.__bench.setActiveLabel('Claim'));
  await page.waitForTimeout(2000); // the autosave of the bulk add is done
}
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute'] });
const ms = phase === 's' ? await page.evaluate(async () => {
  const t0 = performance.now();
  for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight * 0.8) {
    window.scrollTo(0, y);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  console.log('painted', window.__bench.paintedCount());
  return performance.now() - t0;
}) : phase === 'm' ? await (async () => {
  const from = await page.evaluate(([o]) => window.__bench.clientPoint(o, 'start'), [word.index]);
  const to = await page.evaluate(([o]) => window.__bench.clientPoint(o, 'end'), [word.index + word[0].length - 1]);
  await page.evaluate(() => {
    window.__c = { created: window.__bench.nextUserCreate(), painted: window.__bench.nextPaint(), t0: 0 };
    window.addEventListener('pointerup', () => { window.__c.t0 = performance.now(); }, { capture: true, once: true });
  });
  await page.mouse.move(from.x + 1, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + 1 + ((to.x - from.x - 2) * i) / 8, from.y);
  await page.mouse.up();
  return page.evaluate(async () => {
    await window.__c.created;
    await window.__c.painted;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - window.__c.t0;
  });
})() : await timedAdd(page, doc, phase);
const trace = JSON.parse((await browser.stopTracing()).toString());
console.log(`${phase}: ${ms.toFixed(1)} ms`);
const totals = new Map();
const main = trace.traceEvents.filter((e) => e.ph === 'X' && e.dur);
const rendererMain = new Set(trace.traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
for (const e of main) {
  if (!rendererMain.has(`${e.pid}:${e.tid}`)) continue;
  totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
}
for (const [name, t] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(t.toFixed(1).padStart(8), name);
const longest = main.filter((e) => rendererMain.has(`${e.pid}:${e.tid}`) && e.name === 'RunTask').sort((a, b) => b.dur - a.dur).slice(0, 3);
for (const task of longest) {
  const inside = main.filter((e) => rendererMain.has(`${e.pid}:${e.tid}`) && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.name !== 'RunTask');
  const byName = new Map();
  for (const e of inside) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
  console.log(`task ${(task.dur / 1000).toFixed(1)} ms:`, [...byName].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, t]) => `${n} ${t.toFixed(1)}`).join(', '));
}
console.log('painted after:', await page.evaluate(() => window.__bench.paintedCount()));
await close();
