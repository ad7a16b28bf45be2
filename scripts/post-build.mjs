// Trunk's one post-build hook: first the lazily loaded modules (lazy-modules.mjs), then,
// in a release build, every script minified (minify.mjs), then the
// Content-Security-Policy over the finished index.html (csp.mjs). One hook, in this
// order, because Trunk starts hooks of one stage side by side and both rewrite
// index.html: as two hooks, one could read the page before the other wrote it.
import { buildLazyModules } from './lazy-modules.mjs';
import { pinPolicy } from './csp.mjs';
import { minifyScripts } from './minify.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
try {
  await buildLazyModules({
    staging,
    root: process.env.TRUNK_SOURCE_DIR ?? process.cwd(),
    release: process.env.TRUNK_PROFILE === 'release',
  });
  if (process.env.TRUNK_PROFILE === 'release') await minifyScripts(staging);
  await pinPolicy(staging);
} catch (error) {
  console.error(`post-build.mjs: ${error.message}`);
  process.exit(1);
}
