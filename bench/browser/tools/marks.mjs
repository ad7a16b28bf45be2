// Median moments of phase (a) over N loads (a development aid):
//   node bench/browser/tools/marks.mjs [n]
import { openBench } from './page.mjs';
const n = Number(process.argv[2] ?? 10);
const { url, close, browser } = await openBench({});
const rows = [];
for (let i = 0; i < n; i++) {
  for (const kind of ['app', 'text']) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    await p.goto(kind === 'app' ? url : url.replace('/?bench&doc=', '/bench/text.html?doc='));
    await p.waitForFunction(() => window.__bench?.ready);
    const r = await p.evaluate(async () => {
      const { ready } = await window.__bench.ready;
      const out = { ready };
      for (const e of performance.getEntriesByType('resource')) {
        const k = e.name.split('/').pop().split(/[-.?]/)[0];
        out[`${k}:start`] = e.startTime;
        out[`${k}:end`] = e.responseEnd;
      }
      for (const m of performance.getEntriesByType('mark')) out[m.name.replace('factmark:', '')] = m.startTime;
      const nav = performance.getEntriesByType('navigation')[0];
      out.html = nav.responseEnd;
      out.dcl = nav.domContentLoadedEventEnd;
      return out;
    });
    rows.push([kind, r]);
    await ctx.close();
  }
}
for (const kind of ['app', 'text']) {
  const mine = rows.filter(([k]) => k === kind).map(([, r]) => r);
  const keys = [...new Set(mine.flatMap(Object.keys))];
  const med = (k) => { const v = mine.map((r) => r[k]).filter((x) => x !== undefined).sort((a, b) => a - b); return v[v.length >> 1]; };
  console.log(kind, keys.map((k) => [k, med(k)]).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' · '));
}
await close();
