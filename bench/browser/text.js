// The same text rendered with no annotator: the baseline of phase (a).
import { renderDocument, afterTwoFrames } from './render.js';

await renderDocument(document.getElementById('text'));
window.__bench = { ready: afterTwoFrames() };
