// The bench document of ../shared/BENCH.md, made deterministically: pseudo-words of
// 1–3 syllables, paragraphs of 60–140 words separated by "\n\n", and spans of 1–3
// words, one in each slot of 25 words, never crossing a paragraph. The scale run
// adds overlapping spans (one in five overlaps the span before it).

const SYLLABLES = ['ka', 'ro', 'mi', 'tesh', 'lo', 'vin', 'dra', 'po', 'sek', 'ul', 'ne', 'bar', 'zo', 'gri', 'fa', 'ton', 'de', 'ru', 'sa', 'mek'];

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `{ text, spans }` for `words` words and one span per `slot` words; with `overlapping`,
 * every fifth span also gets a second one overlapping it.
 */
export function makeDocument({ words = 50_000, slot = 25, overlapping = false, seed = 42 } = {}) {
  const random = rng(seed);
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const paragraphs = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, int(60, 140));
    const ws = [];
    for (let i = 0; i < n; i++) {
      let w = '';
      for (let s = int(1, 3); s > 0; s--) w += SYLLABLES[int(0, SYLLABLES.length - 1)];
      ws.push(w);
    }
    paragraphs.push(ws);
    left -= n;
  }
  // Word positions (the text is ASCII: offsets are code points and JS indices alike).
  const positions = [];
  let text = '';
  paragraphs.forEach((ws, p) => {
    if (p > 0) text += '\n\n';
    ws.forEach((w, i) => {
      if (i > 0) text += ' ';
      positions.push({ start: text.length, end: text.length + w.length, paragraph: p });
      text += w;
    });
  });
  const spans = [];
  for (let first = 0; first + slot <= positions.length; first += slot) {
    const at = first + int(0, slot - 4);
    let last = at + int(0, 2);
    while (positions[last].paragraph !== positions[at].paragraph) last--;
    const id = `s${spans.length}`;
    spans.push({ id, start: positions[at].start, end: positions[last].end, quote: text.slice(positions[at].start, positions[last].end) });
    if (overlapping && spans.length % 5 === 0) {
      let end = Math.min(last + 2, positions.length - 1);
      while (positions[end].paragraph !== positions[at].paragraph) end--;
      const start = positions[Math.min(at + 1, end)].start;
      spans.push({ id: `${id}o`, start, end: positions[end].end, quote: text.slice(start, positions[end].end) });
    }
  }
  return { text, spans, words: positions.length, paragraphs: paragraphs.length };
}
