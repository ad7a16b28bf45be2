// Style, layout and font time on the main thread during phase (a), medians over N
// loads (a development aid):  node bench/browser/tools/trace-frame.mjs [n]   (DIST=…, TEXT=1)
import { openBench } from './page.mjs';
const n = Number(process.argv[2] ?? 5);
const { url, close, browser } = await openBench({});
const sums = { style: [], layout: [], fonts: [], ready: [] };
for (let i = 0; i < n; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto('about:blank');
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'fonts'] });
  await page.goto(process.env.TEXT ? url.replace('/?bench&doc=', '/bench/text.html?doc=') : url);
  await page.waitForFunction(() => window.__bench?.ready);
  sums.ready.push((await page.evaluate(() => window.__bench.ready)).ready);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((t) => `${t.pid}:${t.tid}`));
  const main = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
  const covered = (test) => {
    const spans = main.filter((e) => test(e.name)).map((e) => [e.ts, e.ts + e.dur]).sort((a, b) => a[0] - b[0]);
    let total = 0, end = -Infinity;
    for (const [a, b] of spans) if (b > end) { total += b - Math.max(a, end); end = b; }
    return total / 1000;
  };
  sums.style.push(covered((n) => n === 'Blink.Style.UpdateTime'));
  sums.layout.push(covered((n) => n === 'Blink.Layout.UpdateTime'));
  sums.fonts.push(covered((n) => /font/i.test(n)));
  await ctx.close();
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(Object.entries(sums).map(([k, v]) => `${k} ${med(v).toFixed(1)}`).join(' · '));
await close();
