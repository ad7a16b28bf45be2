// The browser benchmark: factmark and @recogito/text-annotator side by side, in one
// run, on the document of ../shared/BENCH.md, measured as that contract says.
//
//   scripts/bench-browser            # 1 warm-up + 5 counted, both scales; writes bench/results/browser.json
//   scripts/bench-browser --quick    # a tiny document, one repetition (run by scripts/test)
//   node bench/browser/run.mjs --only=standard --reps=2   # a look at one scale (nothing written)
//
// Each repetition opens every app in a fresh browser context, interleaved: text alone,
// factmark, recogito. Phases: (a) navigation → document rendered + annotator attached +
// 2 frames; (b) 2,000 annotations added → the app's repaint → 2 frames; (c) a real mouse
// drag, timed from pointerup → the annotation in the model → repainted → 2 frames;
// (d) one more annotation → repainted → 2 frames. Each timed phase of (b)–(d) starts
// after the page has settled for SETTLE_MS (see there).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeDocument } from './doc.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.txt': 'text/plain; charset=utf-8', '.json': 'application/json',
};

const quick = process.argv.includes('--quick');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const only = arg('only');
const REPS = Number(arg('reps') ?? (quick ? 1 : 5));
const WARMUP = quick ? 0 : 1;

function serve(documents) {
  const roots = [['/bench/', HERE], ['/node_modules/', join(ROOT, 'node_modules')], ['/', process.env.DIST ?? join(ROOT, 'dist-bench')]];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (documents[path]) {
      res.writeHead(200, { 'content-type': TYPES['.txt'] }).end(documents[path]);
      return;
    }
    const [prefix, dir] = roots.find(([p]) => path.startsWith(p));
    const file = normalize(join(dir, path === '/' ? 'index.html' : path.slice(prefix.length)));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    let body;
    try {
      body = await readFile(file);
    } catch {
      return res.writeHead(404).end('not found');
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// How long the page is left alone before each of phases (b)–(d). Without it a phase
// starts a few milliseconds after the previous one's last animation frame, while the
// browser is still producing frames at 60 Hz, so its first frame comes at the next
// tick, ~12 ms on: every app's time then depends on where that tick falls rather than
// on its work (an app that paints in 2 ms measured 26–30 ms for (d), the same app 8–14 ms
// once the page had been idle for 50 ms or more). A settled page also has no work of
// its own left over from the previous phase (factmark saves 300 ms after an edit).
const SETTLE_MS = 500;
const settle = (page) => page.waitForTimeout(SETTLE_MS);

const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** One repetition of one app: the four phases, in ms. */
async function measure(browser, url, doc, { annotator = true, scale = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.__bench?.ready);
  const { ready } = await page.evaluate(() => window.__bench.ready);
  const out = { a: ready };
  if (!annotator) {
    await context.close();
    return out;
  }
  out.info = await page.evaluate(() => window.__bench.info());
  await settle(page);
  out.b = await page.evaluate(async ([list, frames]) => {
    const t0 = performance.now();
    const painted = window.__bench.nextPaint();
    window.__bench.addAnnotations(list);
    await painted;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, [doc.spans, null]);
  out.stored = await page.evaluate(() => window.__bench.storeCount());
  // (c): drag across a word no span covers, near the top of the text.
  const taken = new Set(doc.spans.flatMap((s) => [s.start, s.end]));
  const word = doc.free.find((w) => !taken.has(w.start)) ?? doc.free[0];
  await page.evaluate(() => window.__bench.setActiveLabel('Claim'));
  const from = await page.evaluate(([o]) => window.__bench.clientPoint(o, 'start'), [word.start]);
  const to = await page.evaluate(([o]) => window.__bench.clientPoint(o, 'end'), [word.end - 1]);
  await page.evaluate(() => {
    window.__c = { created: window.__bench.nextUserCreate(), painted: window.__bench.nextPaint(), t0: 0 };
    window.addEventListener('pointerup', () => { window.__c.t0 = performance.now(); }, { capture: true, once: true });
  });
  await settle(page);
  await page.mouse.move(from.x + 1, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + 1 + ((to.x - 1 - from.x - 1) * i) / 8, from.y + ((to.y - from.y) * i) / 8);
  await page.mouse.up();
  const c = await page.evaluate(async () => {
    const { quote } = await window.__c.created;
    await window.__c.painted;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { ms: performance.now() - window.__c.t0, quote };
  });
  out.c = c.ms;
  out.cQuote = c.quote;
  await page.evaluate(() => window.__bench.resetUserState());
  await settle(page);
  out.d = await page.evaluate(async ([one]) => {
    const t0 = performance.now();
    const painted = window.__bench.nextPaint();
    window.__bench.addAnnotations([one]);
    await painted;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, [doc.extra]);
  out.stored = await page.evaluate(() => window.__bench.storeCount());
  out.painted = await page.evaluate(() => window.__bench.paintedCount());
  if (scale) Object.assign(out, await scaleChecks(page));
  out.errors = errors;
  await context.close();
  return out;
}

/** At scale: the longest main-thread task while scrolling top to bottom, and memory. */
async function scaleChecks(page) {
  const client = await page.context().newCDPSession(page);
  await client.send('Performance.enable');
  const longest = await page.evaluate(async () => {
    let longest = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    const step = window.innerHeight * 0.8;
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    await new Promise((r) => setTimeout(r, 100));
    observer.disconnect();
    return longest;
  });
  // The autosave after (d) has long finished; it reports how long it held the page.
  await page.waitForTimeout(1500);
  const { metrics } = await client.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const wasm = await page.evaluate(() => (window.__bench.memoryBytes ? window.__bench.memoryBytes() : 0));
  const save = await page.evaluate(() => (window.__bench.saveBlockMs ? window.__bench.saveBlockMs() : null));
  return { longestScrollTaskMs: longest, memoryMB: (heap + wasm) / 1e6, autosaveBlockMs: save };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function runScale(browser, base, name, params) {
  const doc = makeDocument(params);
  const extra = makeDocument({ ...params, seed: 7 }).spans.find((s) => !doc.spans.some((t) => t.start < s.end && s.start < t.end)) ?? doc.spans[0];
  // Words no span touches, near the start, for the mouse drag.
  const covered = (o) => doc.spans.some((s) => s.start <= o && o < s.end);
  const free = [];
  for (const m of doc.text.slice(0, 3000).matchAll(/\w+/g)) {
    if (!covered(m.index) && !covered(m.index + m[0].length - 1) && m[0].length > 3) free.push({ start: m.index, end: m.index + m[0].length });
  }
  doc.free = free.slice(3);
  doc.extra = { ...extra, id: 'extra' };
  const apps = [
    ['text alone', `${base}bench/text.html?doc=/doc-${name}.txt`, { annotator: false }],
    ['factmark', `${base}?bench&doc=/doc-${name}.txt`, { scale: name !== 'standard' }],
    ['recogito', `${base}bench/recogito.html?doc=/doc-${name}.txt`, { scale: name !== 'standard' }],
  ];
  const runs = Object.fromEntries(apps.map(([n]) => [n, []]));
  for (let rep = -WARMUP; rep < REPS; rep++) {
    for (const [app, url, opts] of apps) {
      const result = await measure(browser, url, doc, opts);
      if (rep >= 0) runs[app].push(result);
      process.stdout.write('.');
    }
  }
  process.stdout.write('\n');
  return { doc: { words: doc.words, paragraphs: doc.paragraphs, characters: doc.text.length, spans: doc.spans.length }, runs };
}

const ALL_SCALES = { standard: { words: 50_000, slot: 25 }, large: { words: 200_000, slot: 12, overlapping: true } };
const SCALES = quick
  ? { quick: { words: 2_000, slot: 25 } }
  : only
    ? { [only]: ALL_SCALES[only] }
    : ALL_SCALES;

const documents = Object.fromEntries(Object.entries(SCALES).map(([name, params]) => [`/doc-${name}.txt`, makeDocument(params).text]));
const server = await serve(documents);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--enable-precise-memory-info'],
});
const version = browser.version();
// What a visit downloads, gzipped (scripts/bundle-size.mjs): the release build people
// get, beside the bench build (the same app with the benchmark's hooks) that is timed.
const bundle = JSON.parse(
  execFileSync('node', [join(ROOT, 'scripts', 'bundle-size.mjs'), process.env.SIZE_DIST ?? join(ROOT, 'dist'), '--json'], { encoding: 'utf8' }),
);
const results = { date: new Date().toISOString(), chromium: version, reps: REPS, warmup: WARMUP, bundle, scales: {} };
try {
  for (const [name, params] of Object.entries(SCALES)) {
    process.stdout.write(`${name}: `);
    results.scales[name] = await runScale(browser, base, name, params);
  }
} finally {
  await browser.close();
  server.close();
}

console.log(`\nbundle: the app ${(bundle.appBytes / 1000).toFixed(1)} KB gzipped (budget ${bundle.budgetBytes / 1000} KB), the team module ${(bundle.teamBytes / 1000).toFixed(1)} KB, the formats module ${(bundle.formatsBytes / 1000).toFixed(1)} KB`);
let failed = false;
for (const [name, { doc, runs }] of Object.entries(results.scales)) {
  console.log(`\n${name}: ${doc.words.toLocaleString()} words, ${doc.spans.toLocaleString()} spans, ${doc.characters.toLocaleString()} characters (medians of ${REPS}, ms)`);
  const col = (app, key) => (runs[app].length && runs[app][0][key] !== undefined ? median(runs[app].map((r) => r[key])) : null);
  const fmt = (v) => (v === null ? '—' : v.toFixed(1));
  console.log('| phase | factmark | recogito | factmark ÷ recogito | text alone |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [key, label] of [['a', '(a) load'], ['b', '(b) bulk add'], ['c', '(c) user mark'], ['d', '(d) one more']]) {
    const f = col('factmark', key);
    const r = col('recogito', key);
    console.log(`| ${label} | ${fmt(f)} | ${fmt(r)} | ${f && r ? (f / r).toFixed(2) : '—'} | ${key === 'a' ? fmt(col('text alone', 'a')) : ''} |`);
    for (const run of Object.values(runs)) for (const r of run) if (r.errors?.length) { failed = true; console.log('errors:', r.errors); }
  }
  for (const key of ['longestScrollTaskMs', 'memoryMB', 'autosaveBlockMs']) {
    if (col('factmark', key) !== null) console.log(`| ${key} | ${fmt(col('factmark', key))} | ${fmt(col('recogito', key))} | | |`);
  }
  for (const app of ['factmark', 'recogito']) {
    for (const r of runs[app]) {
      if (r.stored !== doc.spans + 2) { failed = true; console.log(`${app}: ${r.stored} annotations stored, expected ${doc.spans + 2}`); }
      if (!r.cQuote) { failed = true; console.log(`${app}: the mouse drag made no annotation`); }
    }
  }
}
if (!quick && !only && !arg('reps')) {
  await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
  await writeFile(join(ROOT, 'bench', 'results', 'browser.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('\nwritten to bench/results/browser.json');
}
if (failed) process.exit(1);
