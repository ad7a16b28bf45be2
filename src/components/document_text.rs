//! The document text, rendered exactly as stored: white space kept, never parsed as
//! HTML (Yew makes text nodes), in segments of whole lines (see [`crate::dom_text`]).
//! Annotations are painted over it with CSS highlights, never inserted into it.

use crate::dom_text;
use crate::highlights;
use factmark_core::{Annotation, AnnotationId, Span};
use gloo::events::EventListener;
use gloo::utils::{document, window};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What to paint over the text: the annotations of document `document` in
/// `project` (shared, never copied: a paint reads them where they are).
#[derive(Clone, PartialEq)]
pub struct Paint {
    /// The project, compared by pointer.
    pub project: crate::state::ProjectPtr,
    /// The document shown.
    pub document: factmark_core::DocId,
    /// The annotation picked for editing.
    pub focused: Option<AnnotationId>,
}

/// A text's painter, kept painting the segments the browser renders: each segment
/// (a block of lines) is `content-visibility: auto`, and the browser says when one starts or stops being
/// skipped (`contentvisibilityautostatechange`), at no cost of its own.
struct Painted {
    text: AttrValue,
    painter: Rc<RefCell<highlights::Painter>>,
    _listener: EventListener,
}

impl Painted {
    fn new(root: &web_sys::Element, text: &AttrValue) -> Option<Painted> {
        let map = dom_text::TextMap::new(root, text)?;
        let painter = Rc::new(RefCell::new(highlights::Painter::new(map)));
        let mut near = RenderedBlocks::default();
        let listener = {
            let painter = painter.clone();
            on_block_shown(root, move |start, shown| {
                let mut painter = painter.borrow_mut();
                let end = painter.map().segment_end(start);
                painter.set_window(near.note(start, end, shown));
            })
        };
        Some(Painted {
            text: text.clone(),
            painter,
            _listener: listener,
        })
    }
}

/// The blocks of a text the browser is rendering (those near the viewport), each
/// block's first code point → its end.
#[derive(Default)]
pub struct RenderedBlocks(BTreeMap<usize, usize>);

impl RenderedBlocks {
    /// Notes that the block `start..end` is rendered (`shown`) or skipped; the code
    /// points of the rendered blocks, those next to each other run together, in order.
    /// (Not from the first to the last: when the page jumps, the blocks it leaves are
    /// said to be skipped only after those it comes to are shown, and everything between
    /// would be painted for a moment.)
    pub fn note(&mut self, start: usize, end: usize, shown: bool) -> Vec<(usize, usize)> {
        if shown {
            self.0.insert(start, end);
        } else {
            self.0.remove(&start);
        }
        let mut stretches: Vec<(usize, usize)> = Vec::new();
        for (&start, &end) in &self.0 {
            match stretches.last_mut() {
                Some(last) if last.1 >= start => last.1 = last.1.max(end),
                _ => stretches.push((start, end)),
            }
        }
        stretches
    }
}

/// Calls `f` with a block's first code point and whether it is now rendered, each time
/// the browser starts or stops rendering a block of the text in `root` (blocks are
/// `content-visibility: auto`; `contentvisibilityautostatechange` says so at no cost).
pub fn on_block_shown(root: &web_sys::Element, mut f: impl FnMut(usize, bool) + 'static) -> EventListener {
    // The event does not bubble: it is caught on its way down.
    let options = gloo::events::EventListenerOptions::run_in_capture_phase();
    EventListener::new_with_options(root, "contentvisibilityautostatechange", options, move |event| {
        let Some(block) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        let Some(start) = block
            .get_attribute(dom_text::START_ATTR)
            .and_then(|s| s.parse::<usize>().ok())
        else {
            return;
        };
        let skipped = js_sys::Reflect::get(event, &"skipped".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        f(start, !skipped)
    })
}

/// Runs `effect` with `deps` once this render's changes are in the DOM and before the
/// browser paints them, whenever `deps` differ from the last run's.
///
/// `use_effect_with` does not promise the second part: when rendering takes Yew more
/// than 16 ms (a first render, or a long document opening, in code the browser has
/// not optimised yet), it lets the browser paint a frame before it runs the effects,
/// and the text would show a frame without its highlights. A microtask queued during
/// the render runs when the render is done, before any frame.
#[hook]
pub fn use_effect_before_paint<D, F>(deps: D, effect: F)
where
    D: PartialEq + Clone + 'static,
    F: FnOnce(&D) + 'static,
{
    let last = use_mut_ref(|| None::<D>);
    if last.borrow().as_ref() != Some(&deps) {
        *last.borrow_mut() = Some(deps.clone());
        wasm_bindgen_futures::spawn_local(async move { effect(&deps) });
    }
}

/// A finished selection: the span and whether Alt was held (keep it exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectionEnd {
    /// The span selected.
    pub span: Span,
    /// Alt was held when the mouse was released.
    pub exact: bool,
}

/// Props of [`DocumentText`].
#[derive(Properties)]
pub struct DocumentTextProps {
    /// The document's text.
    pub text: AttrValue,
    /// Called with the selected span whenever the selection inside the text changes
    /// (while the mouse button is down, only once it is released).
    pub onselect: Callback<Option<Span>>,
    /// Called when a mouse selection is finished.
    #[prop_or_default]
    pub onselectend: Callback<SelectionEnd>,
    /// Called with the offset clicked, when a click selects nothing.
    #[prop_or_default]
    pub onpoint: Callback<usize>,
    /// Annotations to paint.
    #[prop_or_default]
    pub paint: Option<Paint>,
}

impl PartialEq for DocumentTextProps {
    fn eq(&self, other: &Self) -> bool {
        same_text(&self.text, &other.text)
            && self.onselect == other.onselect
            && self.onselectend == other.onselectend
            && self.onpoint == other.onpoint
            && self.paint == other.paint
    }
}

/// Whether two texts are equal, at no cost when they are the same shared string (as
/// for every render of one open document): comparing a long text byte by byte at
/// each edit would cost more than the edit.
pub fn same_text(a: &AttrValue, b: &AttrValue) -> bool {
    std::ptr::eq(a.as_str(), b.as_str()) || a == b
}

/// A text compared with [`same_text`].
#[derive(Clone)]
pub struct Text(pub AttrValue);

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        same_text(&self.0, &other.0)
    }
}

/// The text of one document, reporting selections in code points.
#[component]
pub fn DocumentText(props: &DocumentTextProps) -> Html {
    let root = use_node_ref();
    let pointer_down = use_mut_ref(|| Cell::new(false));
    // Another text gets new segment elements (a key of its own): reused ones would not
    // tell the painter again that the browser renders them, and it would paint none.
    let generation = {
        let last = use_mut_ref(|| (None::<AttrValue>, 0u32));
        let mut last = last.borrow_mut();
        if last.0.as_ref().is_none_or(|t| !same_text(t, &props.text)) {
            *last = (Some(props.text.clone()), last.1 + 1);
        }
        last.1
    };
    {
        let root = root.clone();
        let pointer_down = pointer_down.clone();
        // Registered again only when the callback itself changes.
        use_effect_with(props.onselect.clone(), move |onselect| {
            let onselect = onselect.clone();
            let listener = EventListener::new(&document(), "selectionchange", move |_| {
                if pointer_down.borrow().get() {
                    return;
                }
                if let Some(span) = current_selection(&root) {
                    onselect.emit(span);
                }
            });
            move || drop(listener)
        });
    }
    {
        let root = root.clone();
        // Kept between renders: the text's DOM map, what is painted, and the observer
        // that tells which lines are near the viewport. Made afresh for a new text.
        let painted = use_mut_ref(|| None::<Painted>);
        use_effect_before_paint(
            (props.paint.clone(), Text(props.text.clone())),
            move |(paint, Text(text))| {
                let (Some(paint), Some(element)) = (paint, root.cast::<web_sys::Element>()) else {
                    return;
                };
                let mut painted = painted.borrow_mut();
                if painted.as_ref().is_none_or(|p| !same_text(&p.text, text)) {
                    *painted = Painted::new(&element, text);
                }
                let project = &paint.project.0;
                let count = match painted.as_ref() {
                    Some(p) => p
                        .painter
                        .borrow_mut()
                        .paint(project, &paint.document, paint.focused.as_ref()),
                    None => {
                        let annotations: Vec<&Annotation> = project.annotations_in(&paint.document).collect();
                        highlights::paint(&element, project.labels(), &annotations, paint.focused.as_ref())
                    }
                };
                crate::bench::mark("painted");
                crate::bench::painted(count);
                crate::bench::shown();
            },
        );
    }
    let onpointerdown = {
        let pointer_down = pointer_down.clone();
        Callback::from(move |_: PointerEvent| pointer_down.borrow().set(true))
    };
    let onpointerup = {
        let root = root.clone();
        let onselect = props.onselect.clone();
        let onselectend = props.onselectend.clone();
        let onpoint = props.onpoint.clone();
        Callback::from(move |event: PointerEvent| {
            pointer_down.borrow().set(false);
            let Some(selection) = current_selection(&root) else {
                return;
            };
            onselect.emit(selection);
            match selection {
                Some(span) => onselectend.emit(SelectionEnd {
                    span,
                    exact: event.alt_key(),
                }),
                None => {
                    if let Some(offset) = caret_offset(&root) {
                        onpoint.emit(offset);
                    }
                }
            }
        })
    };
    let caret = use_state(|| None::<usize>);
    {
        let root = root.clone();
        use_effect_with(*caret, move |caret| {
            if let Some(element) = root.cast::<web_sys::Element>() {
                highlights::paint_caret(&element, *caret);
            }
        });
    }
    let onkeydown = {
        let root = root.clone();
        let caret = caret.clone();
        let text = props.text.clone();
        let onselect = props.onselect.clone();
        Callback::from(move |event: KeyboardEvent| {
            let Some(element) = root.cast::<web_sys::Element>() else {
                return;
            };
            let (anchor, focus) = dom_anchor_focus(&element).unwrap_or_else(|| {
                let at = caret.unwrap_or(0);
                (at, at)
            });
            let key = event.key();
            let by_word = event.ctrl_key() || event.meta_key();
            // Up and down go to the line above or below as it is shown (a paragraph
            // wraps over many), where the browser can say; by text line otherwise.
            let visual = match key.as_str() {
                "ArrowUp" | "ArrowDown" if !by_word => visual_line_move(&element, focus, key == "ArrowUp"),
                _ => None,
            };
            let Some(next) = visual.or_else(|| caret_move(&text, focus, &key, by_word)) else {
                return;
            };
            event.prevent_default();
            let anchor = if event.shift_key() { anchor } else { next };
            caret.set(Some(next));
            select_directed(&element, anchor, next);
            keep_in_view(&element, next);
            // Reported at once: a label key pressed right after must see this selection,
            // and selectionchange arrives only later.
            onselect.emit(Span::new(anchor.min(next), anchor.max(next)).ok());
        })
    };
    let onblur = {
        let caret = caret.clone();
        Callback::from(move |_: FocusEvent| caret.set(None))
    };
    html! {
        // The attribute names are dom_text::ROOT_ATTR and dom_text::START_ATTR.
        // Focusable, so the caret keys work: arrows, Shift to extend, Ctrl for words.
        <article class="document-text" ref={root} aria-label="Document text" data-doc-text=""
            tabindex="0" aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Home End"
            {onpointerdown} {onpointerup} {onkeydown} {onblur}>
            <Segments key={generation} text={props.text.clone()} />
        </article>
    }
}

/// Props of [`Segments`].
#[derive(Properties)]
struct SegmentsProps {
    text: AttrValue,
}

impl PartialEq for SegmentsProps {
    fn eq(&self, other: &Self) -> bool {
        same_text(&self.text, &other.text)
    }
}

/// The text's segments (blocks of whole lines): the browser renders only those near
/// the viewport, and tracks a few hundred blocks rather than every line. A component
/// of its own so that it renders again only for another text, never for an edit.
#[component]
fn Segments(props: &SegmentsProps) -> Html {
    dom_text::segments(&props.text)
        .iter()
        .map(|segment| {
            html! {
                <div class="lines" data-start={segment.start.to_string()}>{ segment.text.to_owned() }</div>
            }
        })
        .collect()
}

/// Scrolls so that the line of the caret at `at` is in the window and clear of the
/// bars that stay on screen: the toolbar above, the selection bar below.
fn keep_in_view(root: &web_sys::Element, at: usize) {
    let Some((node, offset)) = dom_text::offset_to_point(root, at) else {
        return;
    };
    let Ok(range) = document().create_range() else {
        return;
    };
    if range.set_start(&node, offset).is_err() {
        return;
    }
    range.collapse_with_to_start(true);
    let line = range.get_bounding_client_rect();
    let edge = |selector: &str, bottom: bool| {
        document()
            .query_selector(selector)
            .ok()
            .flatten()
            .map(|e| e.get_bounding_client_rect())
            .map(|r| if bottom { r.bottom() } else { r.top() })
    };
    let window_height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let top = edge(".toolbar", true).unwrap_or(0.0);
    let bottom = edge(".selection-status", false)
        .unwrap_or(window_height)
        .min(window_height);
    let margin = line.height();
    if line.bottom() + margin > bottom {
        window().scroll_by_with_x_and_y(0.0, line.bottom() + margin - bottom);
    } else if line.top() - margin < top {
        window().scroll_by_with_x_and_y(0.0, line.top() - margin - top);
    }
}

/// The offset on the line shown above (`up`) or below the caret at `focus`, at the same
/// horizontal place, as the browser lays the text out; `None` where it cannot say (no
/// line there, or the browser lacks `caretPositionFromPoint`).
fn visual_line_move(root: &web_sys::Element, focus: usize, up: bool) -> Option<usize> {
    // Where the caret is shown: the box of the character after it (a caret where a
    // line wraps belongs to the next line, and a collapsed range there reports the end
    // of the previous one); the caret's own box before a line break or at the end.
    let rect = |at: usize| -> Option<web_sys::DomRect> {
        let (node, offset) = dom_text::offset_to_point(root, at)?;
        let range = document().create_range().ok()?;
        range.set_start(&node, offset).ok()?;
        range.collapse_with_to_start(true);
        let data = node.text_content().unwrap_or_default();
        let next = data.encode_utf16().nth(offset as usize);
        if next.is_some_and(|unit| unit != u16::from(b'\n') && unit != u16::from(b'\r')) {
            let _ = range.set_end(&node, offset + 1);
        }
        let rects = range.get_client_rects()?;
        let first = rects.get(0).unwrap_or_else(|| range.get_bounding_client_rect());
        Some(first).filter(|r| r.height() > 0.0)
    };
    let mut here = rect(focus)?;
    let height = window().inner_height().ok()?.as_f64()?;
    let target = |r: &web_sys::DomRect| {
        if up {
            r.top() - r.height() / 2.0
        } else {
            r.bottom() + r.height() / 2.0
        }
    };
    // The line must be in the window for the browser to find a place on it.
    let y = target(&here);
    if y < 0.0 || y > height {
        window().scroll_by_with_x_and_y(
            0.0,
            if up {
                y - height / 3.0
            } else {
                y - 2.0 * height / 3.0
            },
        );
        here = rect(focus)?;
    }
    let position = document().caret_position_from_point(here.left() as f32, target(&here) as f32)?;
    let node = position.offset_node()?;
    let next = dom_text::point_to_offset(root, &node, position.offset()).ok()?;
    (next != focus).then_some(next)
}

/// Where a caret key moves the caret at `focus`: by grapheme, by word with Ctrl, to
/// the line's ends with Home and End, to the same column of the next or previous
/// line with the up and down arrows. `None` for any other key.
fn caret_move(text: &str, focus: usize, key: &str, by_word: bool) -> Option<usize> {
    use factmark_core::words::{self, Edge};
    let lines = dom_text::lines(text);
    let line = lines.iter().rposition(|l| l.start <= focus).unwrap_or(0);
    let line_end = |i: usize| {
        lines.get(i).map_or(0, |l: &dom_text::Segment| {
            l.start + factmark_core::offsets::cp_len(l.text.trim_end_matches(['\r', '\n']))
        })
    };
    let column_in = |i: usize, column: usize| lines.get(i).map(|l| (l.start + column).min(line_end(i)));
    let column = focus - lines.get(line).map_or(0, |l| l.start);
    Some(match key {
        "ArrowRight" if by_word => words::step_word(text, focus, Edge::End, true),
        "ArrowLeft" if by_word => words::step_word(text, focus, Edge::Start, false),
        "ArrowRight" => words::step_grapheme(text, focus, true),
        "ArrowLeft" => words::step_grapheme(text, focus, false),
        "Home" => lines.get(line).map_or(0, |l| l.start),
        "End" => line_end(line),
        "ArrowDown" => column_in(line + 1, column).unwrap_or(focus),
        "ArrowUp" => line
            .checked_sub(1)
            .and_then(|i| column_in(i, column))
            .unwrap_or(focus),
        _ => return None,
    })
}

/// The window selection's anchor and focus as offsets, when it is inside `root`.
fn dom_anchor_focus(root: &web_sys::Element) -> Option<(usize, usize)> {
    let selection = window().get_selection().ok().flatten()?;
    let anchor =
        dom_text::point_to_offset(root, &selection.anchor_node()?, selection.anchor_offset()).ok()?;
    let focus = dom_text::point_to_offset(root, &selection.focus_node()?, selection.focus_offset()).ok()?;
    Some((anchor, focus))
}

/// Selects from `anchor` to `focus` (in either direction), or clears the selection
/// when they meet; the window's selectionchange reports it like a mouse selection.
fn select_directed(root: &web_sys::Element, anchor: usize, focus: usize) {
    let Some(selection) = window().get_selection().ok().flatten() else {
        return;
    };
    if anchor == focus {
        selection.remove_all_ranges().ok();
        return;
    }
    if let (Some((a_node, a_at)), Some((f_node, f_at))) = (
        dom_text::offset_to_point(root, anchor),
        dom_text::offset_to_point(root, focus),
    ) {
        selection.set_base_and_extent(&a_node, a_at, &f_node, f_at).ok();
    }
}

/// The selection inside the text, if the window's selection is in it or reaches into
/// it: `Some(None)` for an empty selection there, `None` for one elsewhere.
fn current_selection(root: &NodeRef) -> Option<Option<Span>> {
    let element = root.cast::<web_sys::Element>()?;
    let selection = window().get_selection().ok().flatten()?;
    // A selection elsewhere on the page (a caret in a form field, the panel) is not
    // about the text; one that reaches into it from outside (select-all) is.
    let about_text = match selection.range_count() {
        0 => true,
        _ if selection.is_collapsed() => selection
            .anchor_node()
            .is_some_and(|node| element.contains(Some(&node))),
        _ => selection
            .get_range_at(0)
            .is_ok_and(|range| range.intersects_node(&element).unwrap_or(false)),
    };
    about_text.then(|| dom_text::selection_to_span(&element, &selection))
}

/// The offset of a collapsed selection (the caret a click leaves) inside the text.
fn caret_offset(root: &NodeRef) -> Option<usize> {
    let element = root.cast::<web_sys::Element>()?;
    let selection = window().get_selection().ok().flatten()?;
    let node = selection.anchor_node()?;
    dom_text::point_to_offset(&element, &node, selection.anchor_offset()).ok()
}

/// Makes the window's selection cover `span` of the text rendered in `root` (or
/// clears it), so keyboard and programmatic selections look like mouse ones.
pub fn set_selection(root: &web_sys::Element, span: Option<Span>) {
    let Some(selection) = window().get_selection().ok().flatten() else {
        return;
    };
    match span.and_then(|span| dom_text::range_for(root, span)) {
        Some(range) => {
            selection.remove_all_ranges().ok();
            selection.add_range(&range).ok();
        }
        None => {
            selection.remove_all_ranges().ok();
        }
    }
}

/// Clears the window's selection in the document text, if one is showing.
pub fn clear_selection() {
    if let Some(root) = text_root() {
        set_selection(&root, None);
    }
}

/// The element holding the document text on this page, if one is showing.
pub fn text_root() -> Option<web_sys::Element> {
    document()
        .query_selector("[data-doc-text]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

#[cfg(test)]
mod tests {
    use super::RenderedBlocks;

    /// A jump from the middle of a text to its start shows the first blocks before it
    /// skips the middle ones: the stretches painted are those two, never the text
    /// between them.
    #[test]
    fn the_rendered_blocks_are_the_stretches_painted_never_what_lies_between() {
        let mut blocks = RenderedBlocks::default();
        assert_eq!(blocks.note(5_000, 6_000, true), [(5_000, 6_000)]);
        assert_eq!(
            blocks.note(6_000, 7_000, true),
            [(5_000, 7_000)],
            "next to each other: one"
        );
        assert_eq!(
            blocks.note(0, 1_000, true),
            [(0, 1_000), (5_000, 7_000)],
            "the jump's first block"
        );
        assert_eq!(blocks.note(5_000, 6_000, false), [(0, 1_000), (6_000, 7_000)]);
        assert_eq!(blocks.note(6_000, 7_000, false), [(0, 1_000)]);
        assert_eq!(blocks.note(0, 1_000, false), []);
    }
}
