// The same text rendered with no annotator: the baseline of phase (a).
const doc = new URLSearchParams(location.search).get('doc');
const text = await (await fetch(doc)).text();
const main = document.getElementById('text');
for (const paragraph of text.split('\n\n')) {
  const p = document.createElement('p');
  p.textContent = paragraph;
  main.append(p);
}
window.__bench = {
  ready: new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ready: performance.now() })))),
};
