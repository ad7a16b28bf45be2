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
use factmark_core::{Annotation, AnnotationId, LabelSet, span};
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
    fn clear(this: &HighlightRegistry);
}

/// The highlight name of the label at `index` in the label set.
pub fn label_highlight_name(index: usize) -> String {
    format!("fm-label-{index}")
}

/// The highlight name of the focused annotation.
pub const FOCUS_HIGHLIGHT: &str = "fm-focus";
/// The highlight name of the stretches where annotations overlap or nest.
pub const OVERLAP_HIGHLIGHT: &str = "fm-overlap";

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
        registry.clear();
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
