// Builds the app's lazily loaded wasm modules beside the app Trunk has just built, and
// names each in index.html, where the app finds it the first time it is needed:
//   factmark-team     the team pages (compare annotators, adjudicate), started by a
//                     script of its own the first time a team page opens
//   factmark-formats  other tools' formats (every export, every import but factmark's
//                     own), imported by the app the first time one is used
//   factmark-labels   the label editor, started by a script of its own the first time
//                     it opens
//   factmark-assist   search and suggestions: its panel started by a script of its own
//                     the first time they are wanted, its engine in a worker started by
//                     a worker script beside it (the only module built with the core's
//                     search engine, the `assist` feature)
// What every visit downloads stays free of both.
//
// The same steps Trunk takes for the app: cargo (same profile, same environment),
// wasm-bindgen --target web, wasm-opt -Oz for release builds, file names carrying a
// hash of their content so a browser never mixes two builds. What wasm-bindgen and
// wasm-opt make of a module is kept in target/lazy-modules, a folder per hash of what
// cargo built: an unchanged module is copied, not made again (a start of `scripts/serve`
// with nothing changed takes seconds).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The page's `<meta charset>`, as written or as minified. */
export const CHARSET = /<meta charset="?utf-8"?\s*\/?>/i;

/** The modules, with the `<meta name=…>` that names each and whether it needs a start script. */
const MODULES = [
  { bin: 'factmark-team', meta: 'factmark-team-module', start: true },
  { bin: 'factmark-formats', meta: 'factmark-formats-module', start: false },
  { bin: 'factmark-labels', meta: 'factmark-labels-module', start: true },
  { bin: 'factmark-assist', meta: 'factmark-assist-module', start: true, worker: true, features: 'assist' },
];
/**
 * wasm-opt's options for release builds, as index.html gives them for the app.
 * --low-memory-unused: Rust's wasm32 lays out its stack first (from 1 MiB down) and the
 * data and heap above it, so nothing lives in the lowest 1 KB, and wasm-opt may fold
 * small constant addresses into loads and stores (about 0.7% smaller).
 */
const WASM_OPT = ['-Oz', '--low-memory-unused'];
/** How many built modules target/lazy-modules keeps. */
const KEEP = 12;

const run = (root, command, args) =>
  execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** Builds every module into `staging` and names each in its index.html. */
export async function buildLazyModules({ staging, root, release }) {
  // One cargo run per set of features (a feature one module needs would otherwise be
  // built into the others too): find each artifact in what cargo reports.
  const messages = [];
  for (const features of new Set(MODULES.map((m) => m.features ?? ''))) {
    const bins = MODULES.filter((m) => (m.features ?? '') === features).flatMap(({ bin }) => ['--bin', bin]);
    const output = run(root, 'cargo', [
      'build', '--target', 'wasm32-unknown-unknown', ...bins, ...(features ? ['--features', features] : []),
      '--message-format=json-render-diagnostics', ...(release ? ['--release'] : []),
    ]);
    messages.push(...output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)));
  }
  const cache = join(root, 'target', 'lazy-modules');
  await mkdir(cache, { recursive: true });
  const metas = [];
  for (const module of MODULES) {
    const artifact = messages.find((m) => m.reason === 'compiler-artifact' && m.target?.name === module.bin);
    const wasm = artifact?.filenames?.find((file) => file.endsWith('.wasm'));
    if (!wasm) throw new Error(`cargo built no ${module.bin}.wasm`);
    const { folder, script } = await built(root, cache, module, wasm, release);
    await cp(folder, staging, { recursive: true, filter: (path) => !path.endsWith('.script') });
    metas.push(`<meta name="${module.meta}" content="./${script}" />`);
  }
  await prune(cache);
  const page = join(staging, 'index.html');
  const html = await readFile(page, 'utf8');
  // As written in index.html, or as a release build minifies it (`<meta charset=utf-8>`).
  const charset = html.match(CHARSET)?.[0];
  if (!charset) throw new Error('index.html has no <meta charset="utf-8"> to place the module names after');
  await writeFile(page, html.replace(charset, [charset, ...metas].join('\n    ')));
}

/**
 * The folder (in `cache`) of what `module` is made of from cargo's `wasm`: its script and
 * wasm named by their content, a start script where it has one, and wasm-bindgen's
 * snippets. Made now unless the same input was made before; returns the folder and the
 * name of the script to load.
 */
async function built(root, cache, module, wasm, release) {
  const input = createHash('sha256')
    .update(await readFile(wasm))
    .update(release ? `release ${WASM_OPT.join(' ')}` : 'debug')
    .update(run(root, 'wasm-bindgen', ['--version']))
    .digest('hex')
    .slice(0, 16);
  const folder = join(cache, `${module.bin}-${input}`);
  const done = join(folder, '.script');
  try {
    const script = await readFile(done, 'utf8');
    const now = new Date();
    await utimes(folder, now, now);
    return { folder, script };
  } catch {
    // Not made before (or partly): make it afresh.
  }
  await rm(folder, { recursive: true, force: true });
  const temporary = `${module.bin}-build`;
  run(root, 'wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', folder, '--out-name', temporary, wasm]);
  const builtWasm = join(folder, `${temporary}_bg.wasm`);
  const builtJs = join(folder, `${temporary}.js`);
  await rm(join(folder, `${temporary}_bg.wasm.d.ts`), { force: true });
  if (release) run(root, 'wasm-opt', [...WASM_OPT, `--output=${builtWasm}`, builtWasm]);
  const hash = createHash('sha256')
    .update(await readFile(builtWasm))
    .update(await readFile(builtJs))
    .digest('hex')
    .slice(0, 16);
  const name = `${module.bin}-${hash}`;
  await rename(builtWasm, join(folder, `${name}_bg.wasm`));
  await rename(builtJs, join(folder, `${name}.js`));
  let script = `${name}.js`;
  if (module.start) {
    // The start script: initialise the module (its `main` renders), and tell the app
    // if that fails.
    script = `${name}-start.js`;
    await writeFile(
      join(folder, script),
      `import init from './${name}.js';
init({ module_or_path: new URL('./${name}_bg.wasm', import.meta.url) }).catch((error) => {
  console.error('factmark: the ${module.bin} module did not start', error);
  window.dispatchEvent(new Event('${module.bin}-failed'));
});
`,
    );
  }
  if (module.worker) {
    // The worker script: messages that arrive while the module loads wait for it.
    await writeFile(
      join(folder, `${name}-worker.js`),
      `import init, { worker_receive } from './${name}.js';
const waiting = [];
let ready = false;
self.onmessage = (event) => (ready ? worker_receive(event.data) : waiting.push(event.data));
init({ module_or_path: new URL('./${name}_bg.wasm', import.meta.url) }).then(
  () => {
    ready = true;
    for (const message of waiting.splice(0)) worker_receive(message);
  },
  (error) => self.postMessage(JSON.stringify({ kind: 'problem', id: null, text: 'the assist worker did not start: ' + error })),
);
`,
    );
  }
  await writeFile(done, script);
  return { folder, script };
}

/** Keeps the newest KEEP builds in the cache. */
async function prune(cache) {
  const folders = await Promise.all(
    (await readdir(cache)).map(async (n) => ({ n, t: (await stat(join(cache, n))).mtimeMs })),
  );
  folders.sort((a, b) => b.t - a.t);
  await Promise.all(folders.slice(KEEP).map(({ n }) => rm(join(cache, n), { recursive: true, force: true })));
}
