// Font lookups on the main thread during phase (a) (a development aid):
//   node bench/browser/tools/trace-fonts.mjs   (ARGS=1 lists each lookup; TEXT=1 DIST=bench/browser: the text alone)
import { openBench } from './page.mjs';
const { page, url, close, browser } = await openBench({});
await page.goto('about:blank');
await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'fonts', 'disabled-by-default-fonts', 'blink.fonts'] });
await page.goto(process.env.TEXT ? url.replace('/?bench&doc=', '/bench/text.html?doc=') : url);
await page.waitForFunction(() => window.__bench?.ready);
await page.evaluate(() => window.__bench.ready);
const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((t) => `${t.pid}:${t.tid}`));
const byName = new Map();
for (const e of events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && /font/i.test(e.name + e.cat))) {
  const [n, t] = byName.get(e.name) ?? [0, 0];
  byName.set(e.name, [n + 1, t + e.dur / 1000]);
}
// Time inside font work at all (nested events counted once).
const spans = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && /font/i.test(e.name)).map((e) => [e.ts, e.ts + e.dur]).sort((a, b) => a[0] - b[0]);
let covered = 0, end = -Infinity;
for (const [a, b] of spans) { if (b > end) { covered += b - Math.max(a, end); end = b; } }
console.log('font work on the main thread:', (covered / 1000).toFixed(1), 'ms');
if (process.env.QUIET) { await close(); process.exit(0); }
for (const [name, [n, t]] of [...byName].sort((a, b) => b[1][1] - a[1][1]).slice(0, 15)) console.log(t.toFixed(1).padStart(7), 'ms', String(n).padStart(5), name);
if (process.env.ARGS) for (const e of events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && /font/i.test(e.name))) console.log((e.dur / 1000).toFixed(2), e.name, JSON.stringify(e.args));
await close();
