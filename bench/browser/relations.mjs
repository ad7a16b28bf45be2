// The relations benchmark (issue 16): a 200,000-word document with 20,000 spans and
// 5,000 relations in the real app (a bench build of dist/, ../shared/BENCH.md's
// contract plus `addRelations`), in headless Chromium at 1280×800. Timed, medians of the
// repetitions (each in a fresh browser context):
//
//   select   a real click on a Claim with relations, from pointerup → its arcs drawn
//            (the overlay's data-arcs set, seen by a MutationObserver) → 2 animation frames          budget < 50 ms
//   link     R, then Enter in the picker, from the Enter keydown → the new arc drawn →
//            2 animation frames                                           budget < 2 frames + 10 ms
//   scroll   the longest main-thread task while the page scrolls through the text, every
//            "said by" arc near the viewport drawn (Arcs shown: said by)  budget < 50 ms
//
//   node bench/browser/relations.mjs [--reps=5] [--quick]   # prints JSON; --write saves bench/results/relations.json
//   TRACE=select|link|scroll node bench/browser/relations.mjs --reps=1
//            prints that phase's longest main-thread tasks, each with what it spent its time on
//   PROFILE=select|link|scroll DIST=target/profile/dist node bench/browser/relations.mjs --reps=1
//            also prints where that phase's time goes (a CPU profile; scripts/bench-profile builds
//            target/profile/dist with the wasm's function names kept)
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeDocument } from './doc.mjs';
import { summarise } from './tools/summarise.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const quick = process.argv.includes('--quick');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const REPS = Number(arg('reps') ?? (quick ? 1 : 5));
const WORDS = quick ? 5_000 : 200_000;
const SLOT = 10; // one span per 10 words: 20,000 spans in 200,000 words
const RELATIONS = quick ? 100 : 5_000;

const doc = makeDocument({ words: WORDS, slot: SLOT, seed: 16 });
// Claims and Actors in turn; relation i: the Claim 2i said by the Actor after it.
const spans = doc.spans.map((s, i) => ({ ...s, label: i % 2 === 0 ? 'Claim' : 'Actor' }));
const relations = [];
for (let i = 0; i + 1 < spans.length && relations.length < RELATIONS; i += 2) {
  relations.push({ id: `r${i}`, type: 'said by', from: spans[i].id, to: spans[i + 1].id });
}

function serve() {
  const dist = process.env.DIST ?? join(ROOT, 'dist-bench');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/doc.txt') return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(doc.text);
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist)) return res.writeHead(403).end();
    try {
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs `run` under a Chromium trace and prints its five longest main-thread tasks,
 * each with the time of the trace events inside it, by name (longest first). */
async function traced(browser, page, phase, run) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute'] });
  const ms = await run();
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((t) => `${t.pid}:${t.tid}`));
  const main = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur);
  const tasks = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask').sort((a, b) => b.dur - a.dur).slice(0, 5);
  console.error(`${phase}: ${ms} ms; longest tasks:`);
  for (const task of tasks) {
    const inside = new Map();
    for (const e of main) {
      if (e === task || e.ts < task.ts || e.ts + e.dur > task.ts + task.dur) continue;
      const name = e.name === 'FunctionCall' ? `FunctionCall ${e.args?.data?.functionName ?? ''}` : e.name;
      inside.set(name, (inside.get(name) ?? 0) + e.dur / 1000);
    }
    const top = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, t]) => `      ${t.toFixed(1).padStart(6)}  ${n}`);
    console.error(`  ${(task.dur / 1000).toFixed(1)} ms at ${((task.ts - tasks[0].ts) / 1000).toFixed(0)} ms\n${top.join('\n')}`);
  }
  return ms;
}

// The phase each run is in, printed as it starts (to stderr); a run that takes longer
// than this fails, naming the phase it stopped in, rather than hanging the bench.
const RUN_LIMIT_MS = 240_000;
let phaseNow = 'start';
const phase = (name) => {
  phaseNow = name;
  if (process.env.VERBOSE) console.error(`  ${new Date().toISOString().slice(11, 19)} ${name}`);
};

async function once(browser, url) {
  let timer;
  const live = {};
  const limit = new Promise((_, reject) => {
    timer = setTimeout(async () => {
      // Where the page had got to, if it still answers.
      const at = await Promise.race([
        live.page?.evaluate(() => new Promise((ok) => {
          const at = window.__t?.at;
          requestAnimationFrame(() => ok(`${at}; frames still come`));
          setTimeout(() => ok(`${at}; no animation frame for 1 s, page ${document.visibilityState}`), 1_000);
        })).catch(() => null),
        new Promise((ok) => setTimeout(() => ok('the page does not answer'), 2_000)),
      ]);
      reject(new Error(`a run took over ${RUN_LIMIT_MS / 1000} s, stopped in: ${phaseNow} (${at ?? 'no position'})`));
    }, RUN_LIMIT_MS);
  });
  try {
    return await Promise.race([run(browser, url, live), limit]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(browser, url, live) {
  phase('load');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  live.page = page;
  const cdp = process.env.PROFILE ? await context.newCDPSession(page) : null;
  const profiled = async (phase, run) => {
    if (process.env.TRACE === phase) return traced(browser, page, phase, run);
    if (process.env.PROFILE !== phase) return run();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const ms = await run();
    const { profile } = await cdp.send('Profiler.stop');
    console.error(`${phase}: ${ms} ms`);
    summarise(profile);
    return ms;
  };
  const errors = [];
  page.on('pageerror', (e) => { errors.push(e.message); if (process.env.DEBUG) console.error('pageerror', e.message); });
  page.on('crash', () => console.error('page crashed'));
  page.on('console', (m) => process.env.DEBUG && console.error('console', m.text()));
  await page.goto(url);
  await page.waitForFunction(() => window.__bench?.ready);
  await page.evaluate(() => window.__bench.ready);
  phase('add spans');
  await page.evaluate(async (list) => {
    const painted = window.__bench.nextPaint();
    window.__bench.addAnnotations(list);
    await painted;
  }, spans);
  await page.evaluate((list) => window.__bench.addRelations(list), relations);
  await page.waitForTimeout(500);

  phase('select');
  // select: a Claim in the middle of the text that has a relation.
  const target = spans[2 * Math.floor(relations.length / 2)];
  await page.evaluate(() => {
    // Resolves as soon as the overlay says it draws `n` arcs (a mutation observer, so
    // the moment is exact rather than rounded up to the next animation frame).
    // Fails after 10 s rather than waiting for ever.
    window.__arcsAtLeast = (n) => new Promise((resolve, reject) => {
      const svg = document.querySelector('svg.relation-arcs');
      const count = () => Number(svg.getAttribute('data-arcs') ?? 0);
      if (count() >= n) return resolve();
      const observer = new MutationObserver(() => {
        if (count() >= n) { observer.disconnect(); resolve(); }
      });
      observer.observe(svg, { attributes: true, attributeFilter: ['data-arcs'] });
      setTimeout(() => { observer.disconnect(); reject(new Error(`${count()} arcs drawn, not ${n}`)); }, 10_000);
    });
    window.__t = {};
    window.addEventListener('pointerup', () => { window.__t.up = performance.now(); }, { capture: true, once: true });
  });
  await page.evaluate((o) => {
    const p = window.__bench.clientPoint(o, 'start');
    window.scrollBy(0, p.y - window.innerHeight / 2);
  }, target.start + 1);
  await page.waitForTimeout(300);
  const again = await page.evaluate((o) => window.__bench.clientPoint(o, 'start'), target.start + 1);
  const select = await profiled('select', async () => {
    await page.mouse.click(again.x + 2, again.y);
    return page.evaluate(async () => {
      await window.__arcsAtLeast(1);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - window.__t.up;
    });
  });

  phase('link');
  // link: R opens the picker; Enter links the nearest Actor.
  await page.keyboard.press('r');
  await page.getByRole('dialog', { name: 'Link' }).waitFor();
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    window.__t.arcs = Number(document.querySelector('svg.relation-arcs').getAttribute('data-arcs'));
    window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__t.enter = performance.now(); }, { capture: true, once: true });
  });
  const link = await profiled('link', async () => {
    await page.keyboard.press('Enter');
    return page.evaluate(async () => {
      await window.__arcsAtLeast(window.__t.arcs + 1);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - window.__t.enter;
    });
  });

  phase('scroll');
  // scroll: the page scrolled top to bottom, first with only the selected Claim's arcs
  // (the text's own cost, for comparison), then with every "said by" arc near the
  // viewport drawn.
  await page.evaluate(() => {
    window.__scrollThrough = async () => {
      let longest = 0;
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
      window.scrollTo(0, 0);
      const step = window.innerHeight * 0.8;
      const svg = document.querySelector('svg.relation-arcs');
      window.__t.mostArcs = 0;
      for (let y = 0; y < document.body.scrollHeight; y += step) {
        window.scrollTo(0, y);
        window.__t.at = `${Math.round(y)} of ${document.body.scrollHeight} px`;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        window.__t.mostArcs = Math.max(window.__t.mostArcs, Number(svg.getAttribute('data-arcs')));
      }
      observer.disconnect();
      return longest;
    };
  });
  phase('scroll, the selected Claim\'s arcs only');
  const scrollText = await page.evaluate(() => window.__scrollThrough());
  phase('show every said by arc');
  await page.getByRole('combobox', { name: 'Arcs shown' }).selectOption('said by');
  await page.waitForTimeout(300);
  phase('scroll, every said by arc');
  const scroll = await profiled('scroll', () => page.evaluate(() => window.__scrollThrough()));
  const drawn = await page.evaluate(() => window.__t.mostArcs);
  await context.close();
  return { select, link, scrollText, scroll, drawn, errors };
}

const server = await serve();
const url = `http://127.0.0.1:${server.address().port}/?bench&doc=/doc.txt`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
const runs = [];
try {
  if (!quick) await once(browser, url); // warm-up
  for (let i = 0; i < REPS; i++) runs.push(await once(browser, url));
} finally {
  await browser.close();
  server.close();
}
const result = {
  document: { words: doc.words, spans: spans.length, relations: relations.length },
  reps: REPS,
  selectMs: median(runs.map((r) => r.select)),
  linkMs: median(runs.map((r) => r.link)),
  longestScrollTaskMs: median(runs.map((r) => r.scroll)),
  longestScrollTaskSelectedOnlyMs: median(runs.map((r) => r.scrollText)),
  mostArcsDrawnWhileScrolling: runs[0].drawn,
  errors: runs.flatMap((r) => r.errors),
  runs,
};
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--write')) {
  await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
  await writeFile(join(ROOT, 'bench', 'results', 'relations.json'), JSON.stringify(result, null, 2) + '\n');
}
if (result.errors.length) process.exit(1);
