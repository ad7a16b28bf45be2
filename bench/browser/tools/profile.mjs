// Which functions the browser's time goes to during one phase of the bench (a
// development aid; `scripts/bench-profile` builds the app with wasm function names kept
// and runs it):
//   node bench/browser/tools/profile.mjs [a|b|d] [words] [slot]
// prints the functions with the most self time and the most total time (CPU profile,
// 100 µs sampling).
import { openBench, timedAdd } from './page.mjs';
import { summarise } from './summarise.mjs';

const [phase = 'b', words = '50000', slot = '25'] = process.argv.slice(2);
const { doc, page, url, close } = await openBench({ words: Number(words), slot: Number(slot) });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
let ms;
if (phase === 'a') {
  await page.goto('about:blank');
  await cdp.send('Profiler.start');
  await page.goto(url);
  await page.waitForFunction(() => window.__bench?.ready);
  ms = (await page.evaluate(() => window.__bench.ready)).ready;
} else {
  await page.goto(url);
  await page.waitForFunction(() => window.__bench?.ready);
  await page.evaluate(() => window.__bench.ready);
  if (phase !== 'b') await page.evaluate(async (list) => { const p = window.__bench.nextPaint(); window.__bench.addAnnotations(list); await p; }, doc.spans);
  // COLD=1: right after load, as the harness measures (b); otherwise once the code has warmed.
  if (!process.env.COLD) await page.waitForTimeout(1500);
  await cdp.send('Profiler.start');
  ms = await timedAdd(page, doc, phase);
}
const { profile } = await cdp.send('Profiler.stop');
console.log(`${phase}: ${ms.toFixed(1)} ms`);
summarise(profile);

await close();
