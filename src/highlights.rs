//! Painting annotations with the CSS Custom Highlight API: the text DOM is never
//! touched; each label is one named highlight holding a DOM range per annotation,
//! styled by `::highlight(fm-label-N)` rules (see `components::LabelStyles`).
//! Overlapping and nested spans layer their translucent colours, the stretches
//! where two or more meet get a dotted underline of their own, and the focused
//! annotation gets an extra highlight on top.
//!
//! web-sys exposes this API only behind an unstable cfg, so the few bindings used
//! are declared here.

use crate::dom_text;
use factmark_core::{Annotation, AnnotationId, LabelSet, Span, span};
use wasm_bindgen::prelude::*;
use web_sys::{Element, Range};

#[wasm_bindgen]
extern "C" {
    /// A set of ranges painted with one style.
    #[wasm_bindgen(js_name = Highlight)]
    pub type Highlight;

    #[wasm_bindgen(constructor, js_class = "Highlight")]
    fn new() -> Highlight;

    #[wasm_bindgen(method, js_class = "Highlight")]
    fn add(this: &Highlight, range: &Range);

    #[wasm_bindgen(method, setter, js_class = "Highlight")]
    fn set_priority(this: &Highlight, priority: i32);

    /// `CSS.highlights`: the named highlights of the page.
    type HighlightRegistry;

    #[wasm_bindgen(js_namespace = CSS, js_name = highlights, thread_local_v2)]
    static REGISTRY: Option<HighlightRegistry>;

    #[wasm_bindgen(method, js_class = "HighlightRegistry")]
    fn set(this: &HighlightRegistry, name: &str, highlight: &Highlight);

    #[wasm_bindgen(method, js_class = "HighlightRegistry")]
    fn delete(this: &HighlightRegistry, name: &str) -> bool;
}

thread_local! {
    /// How many label highlights the last paint set.
    static PAINTED_LABELS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The highlight name of the label at `index` in the label set.
pub fn label_highlight_name(index: usize) -> String {
    format!("fm-label-{index}")
}

/// The highlight name of the focused annotation.
pub const FOCUS_HIGHLIGHT: &str = "fm-focus";
/// The highlight name of the stretches where annotations overlap or nest.
pub const OVERLAP_HIGHLIGHT: &str = "fm-overlap";

/// The highlight name of the keyboard caret (the character after it).
pub const CARET_HIGHLIGHT: &str = "fm-caret";

/// Paints the keyboard caret before code point `caret`, or removes it.
pub fn paint_caret(root: &Element, caret: Option<usize>) {
    REGISTRY.with(|registry| {
        let Some(registry) = registry else { return };
        let highlight = Highlight::new();
        highlight.set_priority(20);
        let text_len = root
            .text_content()
            .map(|t| factmark_core::offsets::cp_len(&t))
            .unwrap_or(0);
        let range = caret.and_then(|at| {
            // The character after the caret, or the one before it at the very end.
            let span = if at < text_len {
                Span::new(at, at + 1)
            } else {
                Span::new(at.checked_sub(1)?, at)
            };
            dom_text::range_for(root, span.ok()?)
        });
        if let Some(range) = range {
            highlight.add(&range);
        }
        registry.set(CARET_HIGHLIGHT, &highlight);
    })
}

/// Whether this browser paints custom highlights.
pub fn supported() -> bool {
    REGISTRY.with(Option::is_some)
}

/// Replaces every painted highlight with `annotations`, inside the text at `root`.
/// Returns how many ranges were painted.
pub fn paint(
    root: &Element,
    labels: &LabelSet,
    annotations: &[&Annotation],
    focused: Option<&AnnotationId>,
) -> usize {
    REGISTRY.with(|registry| {
        let Some(registry) = registry else { return 0 };
        // Highlights of labels that no longer exist would go on painting: drop them.
        let before = PAINTED_LABELS.replace(labels.len());
        for index in labels.len()..before {
            registry.delete(&label_highlight_name(index));
        }
        let per_label: Vec<Highlight> = labels.iter().map(|_| Highlight::new()).collect();
        let focus = Highlight::new();
        focus.set_priority(10);
        let mut painted = 0;
        for annotation in annotations {
            let Some(index) = labels.iter().position(|label| label.name == annotation.label) else {
                continue;
            };
            let Some(range) = dom_text::range_for(root, annotation.span()) else {
                continue;
            };
            per_label[index].add(&range);
            if Some(&annotation.id) == focused {
                focus.add(&range);
            }
            painted += 1;
        }
        for (index, highlight) in per_label.iter().enumerate() {
            registry.set(&label_highlight_name(index), highlight);
        }
        registry.set(FOCUS_HIGHLIGHT, &focus);
        let overlap = Highlight::new();
        overlap.set_priority(5);
        for region in span::overlaps(annotations.iter().map(|a| a.span())) {
            if let Some(range) = dom_text::range_for(root, region) {
                overlap.add(&range);
            }
        }
        registry.set(OVERLAP_HIGHLIGHT, &overlap);
        painted
    })
}
