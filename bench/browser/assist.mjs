// The assist benchmark (issue 17): search and the learned tagger in the browser, headless
// Chromium at 1280×800, medians of the repetitions.
//
//   search    10,000 documents / 5,000,000 words in the assist worker (the module's own
//             worker script, from dist/): from posting the query to the first batch of
//             hits and to the last (plain text, whole words ignoring case, a regular
//             expression)                                                   budget < 200 ms
//   train     the learned tagger retrained in the worker on 50,000 tokens (its own
//             figure, in the Suggestions message)                         budget < 1 s
//   paint     in the real app (the bench build, dist-bench/), a 5,000-word document with
//             marks: from the model ready in the worker to its suggestions painted (the
//             worker's own time making them, then from their arrival on the page to
//             their highlights painted)
//                                                                          budget < 100 ms
//   longest   the longest main-thread task while the worker trains        budget < 50 ms
//
//   node bench/browser/assist.mjs [--reps=5] [--quick] [--write]   # --write saves bench/results/assist.json
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const quick = process.argv.includes('--quick');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const REPS = Number(arg('reps') ?? (quick ? 1 : 5));
const DOCS = quick ? 200 : 10_000;
const WORDS_PER_DOC = 500;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.txt': 'text/plain' };

function serve(dist, extra = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (extra[path]) return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(extra[path]);
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist)) return res.writeHead(403).end();
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

/** In the page: starts the assist worker and returns helpers on `window.__w`. */
async function startWorker(page) {
  await page.evaluate(async () => {
    const start = document.querySelector('meta[name="factmark-assist-module"]').content;
    const worker = new Worker(start.replace('-start.js', '-worker.js'), { type: 'module' });
    const waiting = [];
    worker.onmessage = (event) => {
      const message = JSON.parse(event.data);
      for (const w of waiting.splice(0)) w(message);
      window.__w.log.push([performance.now(), message]);
    };
    window.__w = {
      worker,
      log: [],
      post: (message) => worker.postMessage(JSON.stringify(message)),
      next: () => new Promise((ok) => waiting.push(ok)),
    };
  });
}

/** In the page: `count` pseudo-news documents of `words` words, deterministic. */
async function makeLibrary(page, count, words, marked) {
  return page.evaluate(
    ({ count, words, marked }) => {
      let seed = 17;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'be', 'da', 'go', 'ze'];
      const names = ['Lukashenko', 'Putin', 'Shoigu', 'Zelensky', 'Khrenin', 'Zaluzhny', 'Milley', 'Tikhanovskaya'];
      const word = () => {
        const n = 1 + Math.floor(rand() * 3);
        let w = '';
        for (let i = 0; i < n; i++) w += syllables[Math.floor(rand() * syllables.length)];
        return w;
      };
      const documents = [];
      const annotations = [];
      let total = 0;
      for (let d = 0; d < count; d++) {
        const parts = [];
        let at = 0; // code points (ASCII: also string indices)
        for (let i = 0; i < words; i++) {
          let w;
          if (i % 97 === 13) w = names[(d + i) % names.length];
          else if (i % 251 === 7) w = 'troops';
          else w = word();
          if (i > 0) {
            const sep = i % 20 === 0 ? '. ' : ' ';
            parts.push(sep);
            at += sep.length;
          }
          if (d < marked && names.includes(w)) {
            annotations.push({ id: `a${annotations.length}`, document: `d${d}`, start: at, end: at + w.length, label: 'Actor', quote: w });
          }
          parts.push(w);
          at += w.length;
        }
        parts.push('.');
        const text = parts.join('');
        // Each mark's context, 32 code points either side, as factmark's anchors carry it.
        for (const a of annotations) {
          if (a.document !== `d${d}`) continue;
          a.prefix = text.slice(Math.max(0, a.start - 32), a.start);
          a.suffix = text.slice(a.end, a.end + 32);
        }
        documents.push([`d${d}`, text]);
        total += words;
      }
      window.__library = { documents, annotations };
      return { words: total, annotations: annotations.length };
    },
    { count, words, marked },
  );
}

/** In the page: the native JSON of the library (no texts), `annotations` marked. */
async function postLibrary(page, withAnnotations, open) {
  await page.evaluate(
    ({ withAnnotations, open }) => {
      const { documents, annotations } = window.__library;
      window.__w.post({ kind: 'texts', documents });
      const sha = '0'.repeat(64);
      const stamp = '2026-12-04T00:00:00.000Z';
      const file = {
        format: 'factmark',
        version: 2,
        labels: [
          { name: 'Claim', color: '#e8590c', hotkey: '1' },
          { name: 'Figure', color: '#1c7ed6', hotkey: '2' },
          { name: 'Actor', color: '#2f9e44', hotkey: '3' },
        ],
        relationTypes: [],
        documents: documents.map(([id]) => ({ id, title: id, sha256: sha, source: { kind: 'pasted' } })),
        annotations: (withAnnotations ? annotations : []).map((a) => ({
          ...a,
          note: '',
          annotator: 'bench',
          created: stamp,
          updated: stamp,
        })),
        relations: [],
      };
      window.__w.post({
        kind: 'project',
        json: JSON.stringify(file),
        open,
        sources: { propagation: true, rules: true, model: true },
      });
    },
    { withAnnotations, open },
  );
}

const { server, url } = await serve(join(ROOT, 'dist'));
const results = { date: new Date().toISOString(), chromium: browser.version(), reps: REPS, documents: DOCS };

// --- search and training in the worker
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('meta[name="factmark-assist-module"]', { state: 'attached' });
  await startWorker(page);
  const library = await makeLibrary(page, DOCS, WORDS_PER_DOC, 0);
  results.words = library.words;
  await postLibrary(page, false, null);
  // Wait until the project is read (a search answers only then).
  const queries = {
    plain: { text: 'troops', mode: 'plain', fold_case: false, fold_diacritics: false },
    'whole words, any case': { text: 'lukashenko', mode: 'whole-word', fold_case: true, fold_diacritics: false },
    'regular expression': { text: '\\b(Putin|Shoigu)\\b', mode: 'regex', fold_case: false, fold_diacritics: false },
  };
  results.search = {};
  let id = 0;
  for (const [name, query] of Object.entries(queries)) {
    const first = [];
    const all = [];
    let hits = 0;
    for (let rep = 0; rep < REPS + 1; rep++) {
      id += 1;
      const timing = await page.evaluate(
        ({ id, query }) =>
          new Promise((ok) => {
            let firstAt = null;
            let hits = 0;
            const started = performance.now();
            const listen = (event) => {
              const message = JSON.parse(event.data);
              if (message.kind !== 'hits' || message.id !== id) return;
              if (firstAt === null) firstAt = performance.now() - started;
              hits += message.groups.reduce((n, g) => n + g.hits.length, 0);
              if (message.done) {
                window.__w.worker.removeEventListener('message', listen);
                ok({ first: firstAt, all: performance.now() - started, hits });
              }
            };
            window.__w.worker.addEventListener('message', listen);
            window.__w.post({ kind: 'search', id, query });
          }),
        { id, query },
      );
      console.error(`search ${name}: ${timing.first.toFixed(1)} / ${timing.all.toFixed(1)} ms, ${timing.hits} hits`);
      if (rep === 0) continue; // warm-up (the first also waits for the project to be read)
      first.push(timing.first);
      all.push(timing.all);
      hits = timing.hits;
    }
    results.search[name] = { hits, firstBatchMs: median(first), allMs: median(all), runs: all };
  }
  await context.close();
}
{
  // Training on 50,000 tokens: 100 documents of 500 words (and their stops) marked.
  const train = [];
  let tokens = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('meta[name="factmark-assist-module"]', { state: 'attached' });
    await startWorker(page);
    await makeLibrary(page, 100, WORDS_PER_DOC, 100);
    await postLibrary(page, true, 'd0');
    const model = await page.evaluate(
      () =>
        new Promise((ok, fail) => {
          const deadline = performance.now() + 60000;
          const check = () => {
            const messages = window.__w.log.map(([, m]) => m);
            const found = messages.find((m) => m.kind === 'suggestions' && m.model);
            const problem = messages.find((m) => m.kind === 'problem');
            if (found) ok(found.model);
            else if (problem) fail(new Error(`the worker says: ${problem.text}`));
            else if (performance.now() > deadline) fail(new Error('no trained model in 60 s'));
            else setTimeout(check, 20);
          };
          check();
        }),
    );
    tokens = model.tokens;
    train.push(model.ms);
    console.error(`train: ${model.tokens} tokens in ${model.ms} ms`);
    await context.close();
  }
  results.train = { tokens, ms: median(train), runs: train };
}
await server.close();

// --- suggestions painted in the real app, and the page's longest task while it trains
{
  const words = [];
  let seed = 5;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const names = ['Lukashenko', 'Putin', 'Shoigu', 'Zelensky', 'Minsk', 'Moscow'];
  for (let i = 0; i < 5000; i++) {
    if (i % 50 === 3) words.push(names[i % names.length]);
    else if (i % 173 === 9) words.push(`${1 + (i % 90)},000 troops`);
    else words.push(['the', 'army', 'border', 'said', 'moved', 'north', 'units', 'on', 'a', 'day'][Math.floor(rand() * 10)]);
    if (i % 18 === 17) words.push('.\n\n');
  }
  const text = words.join(' ').replace(/ \.\n\n /g, '.\n\n');
  const { server, url } = await serve(join(ROOT, 'dist-bench'), { '/bench-doc.txt': text });
  const paint = [];
  const made = [];
  const longest = [];
  let painted = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${url}?bench&doc=/bench-doc.txt`);
    await page.waitForFunction(() => window.__bench);
    await page.evaluate(() => window.__bench.ready);
    await page.evaluate(() => {
      window.__tasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__tasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
      window.__arrivals = [];
      window.addEventListener('factmark-assist-suggestions', () => window.__arrivals.push(performance.now()));
    });
    // Marks every name: the assist module starts, trains, and suggests. The wait for
    // the learned suggestions' paint starts before the marks are added, in the same
    // task, so a paint that comes quickly is not missed.
    const marks = await page.evaluate((text) => {
      // Every paint of suggestions is recorded; once the bar names a model (the learned
      // suggestions have arrived), the paint that follows their arrival is the one.
      window.__paints = [];
      const record = () =>
        window.__bench.nextSuggestionsPaint().then((p) => {
          window.__paints.push(p);
          record();
        });
      record();
      window.__learned = new Promise((ok, fail) => {
        const deadline = performance.now() + 60000;
        const check = () => {
          const bar = document.querySelector('[aria-label=Suggestions] .model');
          const arrived = window.__arrivals[window.__arrivals.length - 1];
          const paint = bar && window.__paints.find((p) => p.t >= arrived && p.painted > 0);
          if (paint) ok({ painted: paint.painted, at: paint.t, arrived, suggestMs: Number(bar.dataset.suggestMs) });
          else if (performance.now() > deadline) fail(new Error('no learned suggestions in 60 s'));
          else setTimeout(check, 10);
        };
        check();
      });
      const out = [];
      const re = /\b(Lukashenko|Putin|Shoigu|Zelensky)\b/g;
      let m;
      let n = 0;
      while ((m = re.exec(text)) && n < 40) {
        out.push({ id: `m${n++}`, start: m.index, end: m.index + m[0].length, quote: m[0], label: 'Actor' });
      }
      return window.__bench.addAnnotations(out);
    }, text);
    if (!marks) throw new Error('no marks added');
    // The learned suggestions: the message that names a model, then its paint.
    const timing = await page.evaluate(() => window.__learned);
    console.error(`paint: ${timing.painted} suggestions made in ${timing.suggestMs.toFixed(1)} ms, painted ${(timing.at - timing.arrived).toFixed(1)} ms after they arrived`);
    // From the model ready in the worker: making the suggestions there, then from their
    // arrival on the page to their paint.
    paint.push(timing.suggestMs + (timing.at - timing.arrived));
    made.push(timing.suggestMs);
    painted = timing.painted;
    longest.push(Math.max(0, ...(await page.evaluate(() => window.__tasks))));
    await context.close();
  }
  results.paint = { words: 5000, painted, ms: median(paint), runs: paint, madeInWorkerMs: median(made), madeRuns: made };
  results.longestTaskMs = { ms: median(longest), runs: longest };
  await server.close();
}
await browser.close();
console.log(JSON.stringify(results, null, 2));
if (process.argv.includes('--write')) {
  await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
  await writeFile(join(ROOT, 'bench', 'results', 'assist.json'), `${JSON.stringify(results, null, 2)}\n`);
}
