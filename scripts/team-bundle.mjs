// Trunk post-build hook: builds the team pages' module (the `factmark-team` binary:
// compare annotators, adjudicate) beside the app Trunk has just built, and names its
// start script in index.html, where the app finds it the first time a team page opens.
// The app's own bundle — what every visit downloads — stays free of the team code.
//
// The same steps Trunk takes for the app: cargo (same profile, same environment),
// wasm-bindgen --target web, wasm-opt -Oz for release builds, file names carrying a
// hash of their content so a browser never mixes two builds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const BIN = 'factmark-team';
const META = 'factmark-team-module';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('team-bundle.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === 'release';
const root = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const run = (command, args) => execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

// Build, and find the artifact cargo reports (the target directory may be anywhere).
const messages = run('cargo', [
  'build', '--target', 'wasm32-unknown-unknown', '--bin', BIN, '--message-format=json-render-diagnostics',
  ...(release ? ['--release'] : []),
]);
const artifact = messages
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line))
  .find((message) => message.reason === 'compiler-artifact' && message.target?.name === BIN);
const wasm = artifact?.filenames?.find((file) => file.endsWith('.wasm'));
if (!wasm) {
  console.error(`team-bundle.mjs: cargo built no ${BIN}.wasm`);
  process.exit(1);
}

// wasm-bindgen under a temporary name, then optimise, then name by content.
const temporary = `${BIN}-build`;
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', staging, '--out-name', temporary, wasm]);
const builtWasm = join(staging, `${temporary}_bg.wasm`);
const builtJs = join(staging, `${temporary}.js`);
if (release) {
  run('wasm-opt', ['-Oz', `--output=${builtWasm}`, builtWasm]);
}
const hash = createHash('sha256')
  .update(await readFile(builtWasm))
  .update(await readFile(builtJs))
  .digest('hex')
  .slice(0, 16);
const name = `${BIN}-${hash}`;
await rename(builtWasm, join(staging, `${name}_bg.wasm`));
await rename(builtJs, join(staging, `${name}.js`));
await rm(join(staging, `${temporary}_bg.wasm.d.ts`), { force: true });

// The start script: initialise the module (its `main` renders the team pages), and
// tell the app if that fails.
const start = `${name}-start.js`;
await writeFile(
  join(staging, start),
  `import init from './${name}.js';
init({ module_or_path: new URL('./${name}_bg.wasm', import.meta.url) }).catch((error) => {
  console.error('factmark: the team module did not start', error);
  window.dispatchEvent(new Event('factmark-team-failed'));
});
`,
);

const page = join(staging, 'index.html');
const html = await readFile(page, 'utf8');
const meta = `<meta name="${META}" content="./${start}" />`;
if (!html.includes('<meta charset="utf-8" />')) {
  console.error('team-bundle.mjs: index.html has no <meta charset="utf-8" /> to place the module name after');
  process.exit(1);
}
await writeFile(page, html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    ${meta}`));
