// Where phase (b)'s time goes, by the bench build's performance marks, over N fresh
// loads (a development aid):  node bench/browser/tools/bsplit.mjs [n]
import { openBench } from './page.mjs';
const n = Number(process.argv[2] ?? 8);
const { doc, url, browser, close } = await openBench({});
const rows = [];
for (let i = 0; i < n; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await ctx.newPage();
  await p.goto(url);
  await p.waitForFunction(() => window.__bench?.ready);
  await p.evaluate(() => window.__bench.ready);
  rows.push(await p.evaluate(async (list) => {
    performance.clearMarks();
    const t0 = performance.now();
    const painted = window.__bench.nextPaint();
    window.__bench.addAnnotations(list);
    const out = { returned: performance.now() - t0 };
    out.painted = (await painted) - t0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    out.total = performance.now() - t0;
    for (const m of performance.getEntriesByType('mark')) out[m.name.replace('factmark:', '')] ??= m.startTime - t0;
    return out;
  }, doc.spans));
  await ctx.close();
}
const keys = [...new Set(rows.flatMap(Object.keys))];
const med = (k) => { const v = rows.map((r) => r[k]).filter((x) => x !== undefined).sort((a, b) => a - b); return v[v.length >> 1]; };
console.log(keys.map((k) => [k, med(k)]).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' · '));
await close();
