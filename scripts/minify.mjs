// Minifies the scripts of a release build in Trunk's staging folder: wasm-bindgen's
// glue for the app and for each lazily loaded module (Trunk minifies the page and the
// stylesheet, not these). The glue's names that the WebAssembly imports are object keys
// and exports, which minifying keeps; only spaces, comments and local names go. A script
// index.html names with a Subresource Integrity hash gets the new file's hash.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

/** Minifies every `.js` under `staging` (the snippets too) and fixes index.html's hashes. */
export async function minifyScripts(staging) {
  const page = join(staging, 'index.html');
  let html = await readFile(page, 'utf8');
  const scripts = (await readdir(staging, { recursive: true })).filter((f) => f.endsWith('.js'));
  for (const file of scripts) {
    const path = join(staging, file);
    const source = await readFile(path, 'utf8');
    const { code } = await minify(source, { module: true, compress: true, mangle: true, format: { comments: false } });
    if (code === undefined) throw new Error(`terser returned nothing for ${file}`);
    await writeFile(path, code);
    // `<link … href=/file integrity=sha384-…>`, quoted or not, in either order.
    const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
    const name = file.replaceAll('\\', '/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    html = html.replace(new RegExp(`<link[^>]*href="?/?${name}"?[^>]*>`, 'g'), (tag) =>
      tag.replace(/integrity="?sha384-[A-Za-z0-9+/=]+"?/, `integrity=${integrity}`),
    );
  }
  await writeFile(page, html);
}
