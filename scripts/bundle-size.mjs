// The size of what a visit downloads, measured on a release build in dist/: every
// script, stylesheet and WebAssembly module dist/index.html links to, gzipped at level
// 9 as a server would send it. Fails when that is over the budget (400 KB), so the
// app cannot grow past it unnoticed. The lazily loaded modules — the team pages, fetched
// when a team page opens, and other tools' formats, fetched at the first export or
// foreign import — are reported on their own, as are search and suggestions and the
// label editor.
//
//   node scripts/bundle-size.mjs [dist]          the sizes; fails when over the budget
//   node scripts/bundle-size.mjs [dist] --json   the sizes as JSON (bench/browser/run.mjs)
import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 400 * 1000;
const args = process.argv.slice(2);
const json = args.includes('--json');
const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';

const html = await readFile(join(dist, 'index.html'), 'utf8');
const gzipped = async (file) => gzipSync(await readFile(join(dist, file)), { level: 9 }).length;

// What the page links to (the loader's import and the wasm it starts are preloaded).
const linked = new Set(
  // Quoted, or unquoted as a release build's minified page has them.
  [...html.matchAll(/(?:href|src|from)\s*=?\s*["']?\/?([^"'?#\s>]+\.(?:js|wasm|css))/g)].map(([, file]) => file),
);
for (const [, file] of html.matchAll(/import[^'"]*["']\/?([^"']+\.js)["']/g)) linked.add(file);
if (![...linked].some((f) => f.endsWith('.wasm'))) {
  console.error(`bundle-size: ${dist}/index.html links to no WebAssembly module; is this a Trunk build?`);
  process.exit(1);
}

// And what the app's scripts import in turn (wasm-bindgen's snippets).
for (const file of [...linked].filter((f) => f.endsWith('.js'))) {
  const script = await readFile(join(dist, file), 'utf8');
  for (const [, imported] of script.matchAll(/from\s*["']\.\/([^"']+\.js)["']/g)) {
    linked.add(join(dirname(file), imported));
  }
}

const app = {};
for (const file of [...linked].sort()) app[file] = await gzipped(file);
const lazy = async (prefix) => {
  const sizes = {};
  for (const file of (await readdir(dist)).sort()) {
    if (file.startsWith(prefix) && ['.js', '.wasm'].includes(extname(file))) sizes[file] = await gzipped(file);
  }
  return sizes;
};
const team = await lazy('factmark-team-');
const formats = await lazy('factmark-formats-');
const assist = await lazy('factmark-assist-');
const labels = await lazy('factmark-labels-');
const sum = (sizes) => Object.values(sizes).reduce((a, b) => a + b, 0);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const total = sum(app);

if (json) {
  console.log(
    JSON.stringify(
      { budgetBytes: BUDGET, appBytes: total, app, teamBytes: sum(team), team, formatsBytes: sum(formats), formats, assistBytes: sum(assist), assist, labelsBytes: sum(labels), labels },
      null,
      2,
    ),
  );
  process.exit(0); // a report: the caller judges it
} else {
  for (const [file, bytes] of Object.entries(app)) console.log(`  ${kb(bytes).padStart(9)}  ${file}`);
  console.log(`  ${kb(total).padStart(9)}  the app, gzipped (budget ${kb(BUDGET)})`);
  if (Object.keys(team).length > 0) console.log(`  ${kb(sum(team)).padStart(9)}  the team module, loaded when a team page opens`);
  if (Object.keys(formats).length > 0) {
    console.log(`  ${kb(sum(formats)).padStart(9)}  the formats module, loaded at the first export or foreign import`);
  }
  if (Object.keys(assist).length > 0) {
    console.log(`  ${kb(sum(assist)).padStart(9)}  the assist module (search, suggestions), loaded when first wanted`);
  }
  if (Object.keys(labels).length > 0) console.log(`  ${kb(sum(labels)).padStart(9)}  the label editor's module, loaded when it first opens`);
}
if (total > BUDGET) {
  console.error(`bundle-size: the app is ${kb(total)} gzipped, over the ${kb(BUDGET)} budget`);
  process.exit(1);
}
