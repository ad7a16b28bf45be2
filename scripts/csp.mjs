// Part of the post-build hook (post-build.mjs), run last: adds a Content-Security-Policy to the built index.html that
// allows only what factmark needs — its own scripts, styles and WebAssembly, and the
// loader script Trunk inlines, pinned by its SHA-256 (it changes with every build,
// so the policy is computed here, after the build, never written by hand).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHARSET } from './lazy-modules.mjs';

/** Pins the policy in `dir`/index.html. */
export async function pinPolicy(dir) {
  const path = join(dir, 'index.html');
  const html = await readFile(path, 'utf8');
  const hashes = [...html.matchAll(/<script(?: [^>]*)?>([\s\S]*?)<\/script>/g)]
    .filter(([, body]) => body.trim() !== '')
    .map(([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  if (hashes.length === 0) {
    throw new Error('the built index.html has no inline loader script; the policy would block the app');
  }
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
    // Label colours come from the label set at run time, and the label picker is placed
    // at the selection: both need inline styles. No script can come from them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  const charset = html.match(CHARSET)?.[0];
  if (!charset) throw new Error('index.html has no <meta charset="utf-8"> to place the policy after');
  await writeFile(path, html.replace(charset, `${charset}\n    ${meta}`));
}
