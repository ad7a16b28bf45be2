//! Painting annotations with the CSS Custom Highlight API: the text DOM is never
//! touched; each label is one named highlight holding a DOM range per annotation,
//! styled by `::highlight(fm-label-N)` rules (see `components::LabelStyles`).
//! Overlapping and nested spans layer their translucent colours, the stretches
//! where two or more meet get a dotted underline of their own, and the focused
//! annotation gets an extra highlight on top.
//!
//! web-sys exposes this API only behind an unstable cfg, so the few bindings used
//! are declared here.

use crate::dom_text::{self, TextMap};
use factmark_core::assist::Item;
use factmark_core::{Annotation, AnnotationId, DocId, LabelSet, Project, Span, span};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{AbstractRange, Element, StaticRange};

#[wasm_bindgen]
extern "C" {
    /// A set of ranges painted with one style.
    #[wasm_bindgen(js_name = Highlight)]
    pub type Highlight;

    #[wasm_bindgen(constructor, js_class = "Highlight")]
    fn new() -> Highlight;

    #[wasm_bindgen(method, js_class = "Highlight")]
    fn add(this: &Highlight, range: &AbstractRange);

    #[wasm_bindgen(method, js_class = "Highlight")]
    fn delete(this: &Highlight, range: &AbstractRange) -> bool;

    #[wasm_bindgen(method, js_class = "Highlight")]
    fn clear(this: &Highlight);

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

/// The highlight name of text set aside as not the article (greyed).
pub const IGNORED_HIGHLIGHT: &str = "fm-ignored";

/// The highlight name of the keyboard caret (the character after it).
pub const CARET_HIGHLIGHT: &str = "fm-caret";

/// Paints the keyboard caret before code point `caret`, or removes it.
pub fn paint_caret(root: &Element, caret: Option<usize>) {
    REGISTRY.with(|registry| {
        let Some(registry) = registry else { return };
        let highlight = Highlight::new();
        highlight.set_priority(20);
        // The character after the caret, or, at the very end of the text (where
        // there is none), the one before it.
        let range = caret.and_then(|at| {
            let after = Span::new(at, at + 1)
                .ok()
                .and_then(|span| dom_text::range_for(root, span));
            after.or_else(|| dom_text::range_for(root, Span::new(at.checked_sub(1)?, at).ok()?))
        });
        if let Some(range) = range {
            highlight.add(&range);
        }
        registry.set(CARET_HIGHLIGHT, &highlight);
    })
}

/// Paints `spans` of the text at `root` as the highlight `name` (replacing what it
/// painted before); the page's stylesheet gives each name its look. Returns how many
/// ranges were painted.
pub fn paint_named(root: &Element, name: &str, spans: &[Span]) -> usize {
    REGISTRY.with(|registry| {
        let Some(registry) = registry else { return 0 };
        let highlight = Highlight::new();
        let mut painted = 0;
        for span in spans {
            if let Some(range) = dom_text::range_for(root, *span) {
                highlight.add(&range);
                painted += 1;
            }
        }
        registry.set(name, &highlight);
        painted
    })
}

/// The highlight name of suggestions of the label at `index` in the label set.
pub fn suggestion_highlight_name(index: usize) -> String {
    format!("fm-suggest-{index}")
}

/// The highlight name of the picked suggestion.
pub const SUGGESTION_FOCUS_HIGHLIGHT: &str = "fm-suggest-focus";

/// The highlight name of site chrome suggested as not the article.
pub const SUGGESTED_ASIDE_HIGHLIGHT: &str = "fm-suggest-aside";

/// Paints `items` (suggestions) of the text at `root`, each under its label's
/// suggestion highlight (a dashed underline, no fill), `focused` on top; replaces what
/// was painted before. How many were painted.
pub fn paint_suggestions(root: &Element, labels: &LabelSet, items: &[Item], focused: Option<usize>) -> usize {
    REGISTRY.with(|registry| {
        let Some(registry) = registry else { return 0 };
        // A highlight per label, and the last for what is suggested as not the article.
        let per_label: Vec<Highlight> = (0..=labels.len()).map(|_| Highlight::new()).collect();
        let aside = labels.len();
        let focus = Highlight::new();
        focus.set_priority(15);
        let mut painted = 0;
        for (i, item) in items.iter().enumerate() {
            let index = if item.label == factmark_core::clutter::NOT_THE_ARTICLE {
                aside
            } else if let Some(index) = labels.iter().position(|label| label.name == item.label) {
                index
            } else {
                continue;
            };
            let Some(range) = Span::new(item.start, item.end)
                .ok()
                .and_then(|span| dom_text::range_for(root, span))
            else {
                continue;
            };
            if Some(i) == focused {
                focus.add(&range);
            }
            per_label[index].add(&range);
            painted += 1;
        }
        // Only what has ranges is registered: no suggestions, no suggestion highlights.
        for (index, highlight) in per_label.iter().enumerate() {
            let (name, label) = match labels.iter().nth(index) {
                Some(label) => (suggestion_highlight_name(index), label.name.as_str()),
                None => (
                    SUGGESTED_ASIDE_HIGHLIGHT.to_owned(),
                    factmark_core::clutter::NOT_THE_ARTICLE,
                ),
            };
            if items.iter().any(|i| i.label == label) {
                registry.set(&name, highlight);
            } else {
                registry.delete(&name);
            }
        }
        if focused.is_some() {
            registry.set(SUGGESTION_FOCUS_HIGHLIGHT, &focus);
        } else {
            registry.delete(SUGGESTION_FOCUS_HIGHLIGHT);
        }
        painted
    })
}

/// Whether this browser paints custom highlights.
pub fn supported() -> bool {
    REGISTRY.with(Option::is_some)
}

/// The highlights of one document text, kept between paints so that a paint only
/// touches what changed, and holding ranges only for the text near the viewport
/// (the browser's work per frame grows with the ranges it holds, not with the
/// annotations a document has): adding one annotation to thousands adds at most one
/// range, and scrolling adds the ranges that come into view.
pub struct Painter {
    /// The text's map of DOM positions.
    map: TextMap,
    /// The label names the highlights were made for, in order.
    labels: Vec<String>,
    /// One highlight per label, registered as `fm-label-N`.
    per_label: Vec<Highlight>,
    focus: Highlight,
    overlap: Highlight,
    /// Text set aside as not the article.
    ignored: Highlight,
    /// The project and the document whose annotations are shown (shared, not copied:
    /// a paint walks the document's spans in reading order up to the window's end).
    shown: Option<(Rc<Project>, DocId)>,
    /// The focused annotation.
    focus_id: Option<AnnotationId>,
    /// The stretches of text, in code points, whose annotations are painted: in order,
    /// apart from each other (the blocks the browser renders, run together).
    window: Vec<(usize, usize)>,
    /// What is painted: each annotation's label index, span and range.
    painted: HashMap<AnnotationId, (usize, Span, StaticRange)>,
    /// The focused annotation's id and span as painted.
    focused: Option<(AnnotationId, Span)>,
    /// The overlap regions as painted.
    overlaps: Vec<Span>,
    /// The regions set aside as painted (those meeting the window).
    ignored_painted: Vec<Span>,
}

impl Painter {
    /// A painter for the text mapped by `map`, with nothing painted yet; until a
    /// window is set, the whole text is painted.
    pub fn new(map: TextMap) -> Painter {
        Painter {
            window: vec![(0, map.len())],
            map,
            labels: Vec::new(),
            per_label: Vec::new(),
            focus: Highlight::new(),
            overlap: Highlight::new(),
            ignored: Highlight::new(),
            shown: None,
            focus_id: None,
            painted: HashMap::new(),
            focused: None,
            overlaps: Vec::new(),
            ignored_painted: Vec::new(),
        }
    }

    /// The text's map.
    pub fn map(&self) -> &TextMap {
        &self.map
    }

    /// Paints the annotations of document `doc` in `project` (and `focused` on top)
    /// where they meet the window, changing only what differs from the last paint.
    /// Returns how many annotations are painted.
    pub fn paint(&mut self, project: &Rc<Project>, doc: &DocId, focused: Option<&AnnotationId>) -> usize {
        let labels = project.labels();
        if labels.len() != self.labels.len() || labels.iter().zip(&self.labels).any(|(l, n)| l.name != *n) {
            self.reset(labels.iter().map(|l| l.name.clone()).collect());
        }
        self.shown = Some((project.clone(), doc.clone()));
        self.focus_id = focused.cloned();
        self.sync()
    }

    /// Paints the annotations that meet the stretches of code points `stretches` (in
    /// order, apart from each other), and no others.
    pub fn set_window(&mut self, stretches: Vec<(usize, usize)>) -> usize {
        if stretches == self.window {
            return self.painted.len();
        }
        self.window = stretches;
        self.sync()
    }

    /// Whether `span` meets one of the window's stretches.
    fn in_window(&self, span: Span) -> bool {
        // The first stretch that ends after the span starts.
        let at = self.window.partition_point(|&(_, end)| end <= span.start());
        self.window.get(at).is_some_and(|&(start, _)| start < span.end())
    }

    /// Starts again with fresh highlights for a new label set.
    fn reset(&mut self, names: Vec<String>) {
        REGISTRY.with(|registry| {
            let Some(registry) = registry else { return };
            let before = PAINTED_LABELS.replace(names.len());
            for index in names.len()..before {
                registry.delete(&label_highlight_name(index));
            }
            self.per_label = names.iter().map(|_| Highlight::new()).collect();
            for (index, highlight) in self.per_label.iter().enumerate() {
                registry.set(&label_highlight_name(index), highlight);
            }
            self.focus = Highlight::new();
            self.focus.set_priority(10);
            registry.set(FOCUS_HIGHLIGHT, &self.focus);
            self.overlap = Highlight::new();
            self.overlap.set_priority(5);
            registry.set(OVERLAP_HIGHLIGHT, &self.overlap);
            self.ignored = Highlight::new();
            registry.set(IGNORED_HIGHLIGHT, &self.ignored);
        });
        self.painted.clear();
        self.focused = None;
        self.overlaps.clear();
        self.ignored_painted.clear();
        self.labels = names;
    }

    /// Brings the highlights in line with `all`, `focus_id` and `window`.
    fn sync(&mut self) -> usize {
        if !supported() || self.per_label.len() != self.labels.len() {
            return 0;
        }
        let to = self.window.last().map_or(0, |&(_, end)| end);
        let Some((project, doc)) = self.shown.clone() else {
            return 0;
        };
        let mut seen: HashSet<&AnnotationId> = HashSet::new();
        let mut visible_spans = Vec::new();
        for (span, id) in project.reading_spans(&doc) {
            // In order of start: nothing further can meet the window.
            if span.start() >= to {
                break;
            }
            if !self.in_window(span) {
                continue;
            }
            let Some(annotation) = project.annotation(id) else {
                continue;
            };
            let Some(index) = self.labels.iter().position(|name| *name == annotation.label) else {
                continue;
            };
            seen.insert(id);
            visible_spans.push(span);
            match self.painted.get(id) {
                Some((i, s, _)) if *i == index && *s == span => {}
                _ => {
                    if let Some((i, _, old)) = self.painted.remove(id) {
                        self.per_label[i].delete(&old);
                    }
                    if let Some(range) = self.map.static_range(span) {
                        self.per_label[index].add(&range);
                        self.painted.insert(id.clone(), (index, span, range));
                    }
                }
            }
        }
        if seen.len() != self.painted.len() {
            let gone: Vec<AnnotationId> = self
                .painted
                .keys()
                .filter(|id| !seen.contains(id))
                .cloned()
                .collect();
            for id in gone {
                if let Some((i, _, range)) = self.painted.remove(&id) {
                    self.per_label[i].delete(&range);
                }
            }
        }
        let focus = self
            .focus_id
            .as_ref()
            .and_then(|id| self.painted.get(id).map(|(_, span, _)| (id.clone(), *span)));
        if focus != self.focused {
            self.focus.clear();
            if let Some((id, _)) = &focus
                && let Some((_, _, range)) = self.painted.get(id)
            {
                self.focus.add(range);
            }
            self.focused = focus;
        }
        let overlaps = span::overlaps(visible_spans);
        if overlaps != self.overlaps {
            self.overlap.clear();
            for region in &overlaps {
                if let Some(range) = self.map.static_range(*region) {
                    self.overlap.add(&range);
                }
            }
            self.overlaps = overlaps;
        }
        let ignored: Vec<Span> = project
            .document(&doc)
            .map(|d| {
                d.ignored()
                    .iter()
                    .copied()
                    .filter(|r| self.in_window(*r))
                    .collect()
            })
            .unwrap_or_default();
        if ignored != self.ignored_painted {
            self.ignored.clear();
            for region in &ignored {
                if let Some(range) = self.map.static_range(*region) {
                    self.ignored.add(&range);
                }
            }
            self.ignored_painted = ignored;
        }
        self.painted.len()
    }
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
