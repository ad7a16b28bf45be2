// The bench document rendered as plain paragraphs, for the pages that are not
// factmark: the text alone (the baseline of phase (a)) and recogito's.
export async function renderDocument(container) {
  const doc = new URLSearchParams(location.search).get('doc');
  const text = await (await fetch(doc)).text();
  for (const paragraph of text.split('\n\n')) {
    const p = document.createElement('p');
    p.textContent = paragraph;
    container.append(p);
  }
  return text;
}

/** Resolves two animation frames from now with `{ ready: performance.now() }`. */
export const afterTwoFrames = () =>
  new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ready: performance.now() }))));
