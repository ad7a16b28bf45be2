// Where the time of phase (b), or (d), goes, by the bench build's performance marks,
// over N fresh loads, the phases run as the harness runs them (after (b) and the (c)
// drag for (d); SETTLE ms idle before each, 500 as in run.mjs) (a development aid):
//   node bench/browser/tools/bsplit.mjs [n] [b|d]      (TRACE=1: the main thread's tasks, one load)
import { openBench } from './page.mjs';
import { makeDocument } from '../doc.mjs';

const n = Number(process.argv[2] ?? 8);
const phase = process.argv[3] ?? 'b';
const settle = Number(process.env.SETTLE ?? 500);
const { doc, url, browser, close } = await openBench({});
const extra = makeDocument({ words: 50000, slot: 25, seed: 7 }).spans.find((s) => !doc.spans.some((t) => t.start < s.end && s.start < t.end));
const covered = (o) => doc.spans.some((s) => s.start <= o && o < s.end);
const word = [...doc.text.slice(0, 3000).matchAll(/\w+/g)].filter((m) => !covered(m.index) && !covered(m.index + m[0].length - 1) && m[0].length > 3)[3];

/** Adds `list` and reports when it returned, painted, and the two frames after, with the marks. */
const timed = (p, list) => p.evaluate(async (list) => {
  performance.clearMarks();
  const t0 = performance.now();
  performance.mark('t0');
  const painted = window.__bench.nextPaint();
  window.__bench.addAnnotations(list);
  const out = { returned: performance.now() - t0 };
  out.painted = (await painted) - t0;
  await new Promise((r) => requestAnimationFrame(() => { out.raf1 = performance.now() - t0; requestAnimationFrame(r); }));
  out.total = performance.now() - t0;
  for (const m of performance.getEntriesByType('mark')) out[m.name.replace('factmark:', '')] ??= m.startTime - t0;
  return out;
}, list);

const rows = [];
for (let i = 0; i < n; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await ctx.newPage();
  await p.goto(url);
  await p.waitForFunction(() => window.__bench?.ready);
  await p.evaluate(() => window.__bench.ready);
  await p.waitForTimeout(settle);
  if (process.env.TRACE && phase === 'b') await browser.startTracing(p, { categories: ['devtools.timeline', 'blink', 'blink.user_timing'] });
  const b = await timed(p, doc.spans);
  if (phase === 'b') rows.push(b);
  else {
    await p.evaluate(() => window.__bench.setActiveLabel('Claim'));
    const from = await p.evaluate(([o]) => window.__bench.clientPoint(o, 'start'), [word.index]);
    const to = await p.evaluate(([o]) => window.__bench.clientPoint(o, 'end'), [word.index + word[0].length - 1]);
    await p.evaluate(() => { window.__c = { created: window.__bench.nextUserCreate(), painted: window.__bench.nextPaint() }; });
    await p.waitForTimeout(settle);
    await p.mouse.move(from.x + 1, from.y);
    await p.mouse.down();
    for (let k = 1; k <= 8; k++) await p.mouse.move(from.x + 1 + ((to.x - 1 - from.x - 1) * k) / 8, from.y + ((to.y - from.y) * k) / 8);
    await p.mouse.up();
    await p.evaluate(async () => { await window.__c.created; await window.__c.painted; await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); });
    await p.evaluate(() => window.__bench.resetUserState());
    await p.waitForTimeout(settle);
    if (process.env.TRACE) await browser.startTracing(p, { categories: ['devtools.timeline', 'blink', 'blink.user_timing'] });
    rows.push(await timed(p, [{ ...extra, id: 'extra' }]));
  }
  if (process.env.TRACE) {
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((t) => `${t.pid}:${t.tid}`));
    const t0 = events.find((e) => e.name === 't0')?.ts ?? 0;
    const shown = events.filter((e) => (mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur > 300 && /RunTask|UpdateLifecycle|BeginMainFrame|FunctionCall|TimerFire|FireAnimationFrame|GC/.test(e.name)) || String(e.name).startsWith('factmark:'));
    for (const e of shown.sort((a, b) => a.ts - b.ts)) console.log(((e.ts - t0) / 1000).toFixed(1).padStart(8), ((e.dur ?? 0) / 1000).toFixed(1).padStart(6), e.name);
  }
  await ctx.close();
}
const keys = [...new Set(rows.flatMap(Object.keys))];
const med = (k) => { const v = rows.map((r) => r[k]).filter((x) => x !== undefined).sort((a, b) => a - b); return v[v.length >> 1]; };
console.log(keys.map((k) => [k, med(k)]).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' · '));
console.log('totals', rows.map((r) => r.total.toFixed(1)).join(' '));
await close();
