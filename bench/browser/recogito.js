// @recogito/text-annotator 4.1.1 (default SPANS renderer) wrapped in the bench
// contract of ../shared/BENCH.md, as its documentation has it used.
import { renderDocument, afterTwoFrames } from './render.js';

const { createTextAnnotator } = window.RecogitoJS;
const main = document.getElementById('text');
const text = await renderDocument(main);
// Code point offsets: the paragraphs are joined by "\n\n", which the DOM does not hold.
const paragraphStarts = [];
{
  let at = 0;
  for (const paragraph of text.split('\n\n')) {
    paragraphStarts.push(at);
    at += paragraph.length + 2;
  }
}
const anno = createTextAnnotator(main);
let activeLabel = null;
const createWaiters = [];
anno.on('createAnnotation', (a) => {
  if (activeLabel) {
    anno.updateAnnotation({ ...a, bodies: [{ id: `${a.id}-b`, annotation: a.id, purpose: 'tagging', value: activeLabel }] });
  }
  const quote = a.target.selector[0]?.quote ?? '';
  for (const resolve of createWaiters.splice(0)) resolve({ t: performance.now(), quote });
});
const count = () => anno.state.store.all().length;
const paintWaiters = [];
anno.renderer.on('onRedraw', () => {
  const now = performance.now();
  for (let i = paintWaiters.length - 1; i >= 0; i--) {
    if (count() !== paintWaiters[i].from) paintWaiters.splice(i, 1)[0].resolve(now);
  }
});

/** The text node and offset in it of code point `offset` (ASCII text). */
function point(offset) {
  let p = paragraphStarts.length - 1;
  while (paragraphStarts[p] > offset) p--;
  return [main.children[p].firstChild, offset - paragraphStarts[p]];
}

window.__bench = {
  info: () => ({ app: '@recogito/text-annotator', version: '4.1.1', renderer: 'SPANS (default)' }),
  ready: afterTwoFrames(),
  addAnnotations(list) {
    // recogito counts offsets in the container's textContent, which lacks the "\n\n"
    // between paragraphs.
    const shift = (offset) => {
      let p = paragraphStarts.length - 1;
      while (paragraphStarts[p] > offset) p--;
      return offset - 2 * p;
    };
    const annotations = list.map((s) => ({
      id: s.id,
      bodies: [],
      target: { annotation: s.id, selector: [{ quote: s.quote, start: shift(s.start), end: shift(s.end) }] },
    }));
    if (annotations.length === 1) anno.addAnnotation(annotations[0]);
    else anno.setAnnotations(annotations, false);
    return annotations.length;
  },
  nextPaint: () => new Promise((resolve) => paintWaiters.push({ from: count(), resolve })),
  storeCount: count,
  paintedCount: () => main.parentElement.querySelectorAll('.r6o-annotation').length,
  clientPoint(offset, side) {
    const [node, at] = point(offset);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const rect = range.getBoundingClientRect();
    return { x: side === 'end' ? rect.right : rect.left, y: rect.top + rect.height / 2 };
  },
  setActiveLabel(name) { activeLabel = name; },
  nextUserCreate: () => new Promise((resolve) => createWaiters.push(resolve)),
  resetUserState() { window.getSelection()?.removeAllRanges(); anno.cancelSelected?.(); },
};
