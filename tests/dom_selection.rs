//! Real DOM selections over hostile text, in headless Chromium, mapped to code points.
//!
//! The text is rendered by the app's own `DocumentText` component; selections are
//! made with the browser's Selection API at UTF-16 positions found by JavaScript's own
//! `indexOf`, exactly as a mouse selection reports them.
#![cfg(target_arch = "wasm32")]

use factmark::components::DocumentText;
use factmark::dom_text::{self, PointError};
use factmark_core::{Span, offsets};
use gloo::utils::{document, window};
use js_sys::JsString;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Node};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Emoji (a ZWJ family, a flag), Cyrillic, a combining mark, NBSP and CRLF line ends.
const HOSTILE: &str = "Минск, 24 февраля.\r\nЛукашенко 👨‍👩‍👧 said 🇧🇾 troops\u{a0}moved — cafe\u{301} 𠜎.\r\n\r\n«Войска» 12\u{a0}000 🪖\r\nend";

#[derive(Properties, PartialEq)]
struct HostProps {
    text: AttrValue,
    seen: Rc<RefCell<Vec<Option<Span>>>>,
}

#[component]
fn Host(props: &HostProps) -> Html {
    let seen = props.seen.clone();
    let onselect = Callback::from(move |span| seen.borrow_mut().push(span));
    html! { <DocumentText text={props.text.clone()} {onselect} /> }
}

struct Rendered {
    root: Element,
    seen: Rc<RefCell<Vec<Option<Span>>>>,
}

async fn render(text: &str) -> Rendered {
    let mount = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&mount).unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let props = HostProps {
        text: AttrValue::from(text.to_owned()),
        seen: seen.clone(),
    };
    yew::Renderer::<Host>::with_root_and_props(mount.clone(), props).render();
    gloo_timers::future::TimeoutFuture::new(0).await;
    let root = mount
        .query_selector("[data-doc-text]")
        .unwrap()
        .expect("DocumentText rendered");
    Rendered { root, seen }
}

/// The text node and UTF-16 offset where JavaScript finds `needle` (searching each
/// segment's text node, as a user's selection would land in one).
fn js_position(root: &Element, needle: &str, after: bool) -> (Node, u32) {
    let nodes = root.query_selector_all("[data-start]").unwrap();
    for i in 0..nodes.length() {
        let text_node = nodes.get(i).unwrap().first_child().unwrap();
        let data = JsString::from(text_node.text_content().unwrap());
        let at = data.index_of(needle, 0);
        if at >= 0 {
            let extra = if after { JsString::from(needle).length() } else { 0 };
            return (text_node, at as u32 + extra);
        }
    }
    panic!("{needle:?} is not in the rendered text");
}

/// The code point span of `needle` in `HOSTILE`, computed in Rust from byte offsets.
fn expected(needle: &str) -> Span {
    let start = offsets::cp_of_byte(HOSTILE, HOSTILE.find(needle).unwrap()).unwrap();
    Span::new(start, start + offsets::cp_len(needle)).unwrap()
}

fn select(from: (Node, u32), to: (Node, u32)) {
    let selection = window().get_selection().unwrap().unwrap();
    selection
        .set_base_and_extent(&from.0, from.1, &to.0, to.1)
        .unwrap();
}

fn current_span(root: &Element) -> Option<Span> {
    dom_text::selection_to_span(root, &window().get_selection().unwrap().unwrap())
}

#[wasm_bindgen_test]
async fn the_rendered_text_is_exactly_the_document_text() {
    let rendered = render(HOSTILE).await;
    assert_eq!(rendered.root.text_content().unwrap(), HOSTILE);
}

#[wasm_bindgen_test]
async fn selections_map_to_code_points_over_hostile_text() {
    let rendered = render(HOSTILE).await;
    for needle in [
        "Минск",
        "Лукашенко",
        "👨‍👩‍👧",
        "🇧🇾",
        "troops\u{a0}moved",
        "cafe\u{301}",
        "𠜎",
        "«Войска» 12\u{a0}000 🪖",
        "\r\n",
        "end",
    ] {
        let from = js_position(&rendered.root, needle, false);
        let to = js_position(&rendered.root, needle, true);
        select(from, to);
        let span = current_span(&rendered.root).unwrap_or_else(|| panic!("{needle:?} gave no span"));
        assert_eq!(span, expected(needle), "{needle:?}");
        assert_eq!(span.slice(HOSTILE).unwrap(), needle);
    }
}

#[wasm_bindgen_test]
async fn a_backward_selection_across_lines_gives_the_same_span() {
    let rendered = render(HOSTILE).await;
    let from = js_position(&rendered.root, "февраля", false);
    let to = js_position(&rendered.root, "Лукашенко", true);
    select(to.clone(), from.clone());
    let span = current_span(&rendered.root).unwrap();
    let start = expected("февраля").start();
    let end = expected("Лукашенко").end();
    assert_eq!(span, Span::new(start, end).unwrap());
    assert_eq!(span.slice(HOSTILE).unwrap(), "февраля.\r\nЛукашенко");
}

/// Issue 14, item 12: a selection made by select-all, or reaching from outside the
/// text into it (as the browser's find or a drag from the heading can), is its part
/// inside the text.
#[wasm_bindgen_test]
async fn item_12_a_selection_reaching_outside_the_text_is_its_part_inside() {
    let rendered = render(HOSTILE).await;
    let selection = window().get_selection().unwrap().unwrap();
    selection
        .select_all_children(&document().body().unwrap())
        .unwrap();
    assert_eq!(
        current_span(&rendered.root),
        Span::new(0, offsets::cp_len(HOSTILE)).ok()
    );
    let before = rendered.root.parent_node().unwrap();
    let to = js_position(&rendered.root, "Лукашенко", true);
    select((before, 0), to);
    assert_eq!(
        current_span(&rendered.root),
        Span::new(0, expected("Лукашенко").end()).ok()
    );
    // Nothing of the text: no span.
    let outside = document().create_element("p").unwrap();
    outside.set_text_content(Some("elsewhere"));
    document().body().unwrap().append_child(&outside).unwrap();
    selection.select_all_children(&outside).unwrap();
    assert_eq!(current_span(&rendered.root), None);
}

/// `HOSTILE` nine times over (45 lines): more than one segment of lines.
fn long_hostile() -> String {
    [HOSTILE; 9].join("\r\n")
}

#[wasm_bindgen_test]
async fn element_boundaries_map_to_segment_edges() {
    let text = long_hostile();
    let rendered = render(&text).await;
    let root: &Node = rendered.root.as_ref();
    let segments = dom_text::segments(&text);
    assert_eq!(segments.len(), 2);
    assert_eq!(rendered.root.child_element_count(), 2);
    // Before child 0 of the root (the first segment): the start of the text.
    assert_eq!(dom_text::point_to_offset(&rendered.root, root, 0), Ok(0));
    // Before child 1 of the root: the start of the second segment.
    assert_eq!(
        dom_text::point_to_offset(&rendered.root, root, 1),
        Ok(segments[1].start)
    );
    // After the last child: the end of the text.
    let children = rendered.root.child_nodes().length();
    assert_eq!(
        dom_text::point_to_offset(&rendered.root, root, children),
        Ok(offsets::cp_len(&text))
    );
    // Inside the first segment element, after its text node: that segment's end.
    let first: Node = rendered.root.first_element_child().unwrap().into();
    assert_eq!(
        dom_text::point_to_offset(&rendered.root, &first, 1),
        Ok(segments[1].start)
    );
}

#[wasm_bindgen_test]
async fn a_selection_across_segments_and_its_dom_range_agree_with_the_text() {
    let text = long_hostile();
    let rendered = render(&text).await;
    let segments = dom_text::segments(&text);
    // From the last flag of the first segment to the first family emoji of the second.
    let boundary = offsets::byte_of_cp(&text, segments[1].start).unwrap();
    let flag = text[..boundary].rfind("🇧🇾").unwrap();
    let family = boundary + text[boundary..].find("👨‍👩‍👧").unwrap() + "👨‍👩‍👧".len();
    let start = offsets::cp_of_byte(&text, flag).unwrap();
    let end = offsets::cp_of_byte(&text, family).unwrap();
    let span = Span::new(start, end).unwrap();
    let range = dom_text::range_for(&rendered.root, span).expect("a range");
    assert_eq!(String::from(range.to_string()), span.slice(&text).unwrap());
    let selection = window().get_selection().unwrap().unwrap();
    selection.remove_all_ranges().unwrap();
    selection.add_range(&range).unwrap();
    assert_eq!(current_span(&rendered.root), Some(span));
    let map = dom_text::TextMap::new(&rendered.root, &text).expect("the map of the rendered text");
    // One range moved over spans (as the arcs measure), and a static range (as the
    // highlights are painted), both at the same places.
    let mapped = document().create_range().unwrap();
    map.cover(&mapped, Span::new(0, 1).unwrap()).unwrap();
    map.cover(&mapped, span).unwrap();
    assert_eq!(String::from(mapped.to_string()), span.slice(&text).unwrap());
    let fixed = map.static_range(span).unwrap();
    assert_eq!(
        (
            fixed.start_container(),
            fixed.start_offset(),
            fixed.end_container(),
            fixed.end_offset()
        ),
        (
            mapped.start_container().unwrap(),
            mapped.start_offset().unwrap(),
            mapped.end_container().unwrap(),
            mapped.end_offset().unwrap()
        )
    );
}

#[wasm_bindgen_test]
async fn a_position_inside_a_surrogate_pair_or_outside_is_refused() {
    let rendered = render(HOSTILE).await;
    let (node, at) = js_position(&rendered.root, "𠜎", false);
    assert!(matches!(
        dom_text::point_to_offset(&rendered.root, &node, at + 1),
        Err(PointError::Offset(_))
    ));
    let elsewhere: Node = document().create_text_node("outside").unchecked_into();
    assert_eq!(
        dom_text::point_to_offset(&rendered.root, &elsewhere, 0),
        Err(PointError::Outside)
    );
}

#[wasm_bindgen_test]
async fn the_component_reports_selections_as_they_change() {
    let rendered = render(HOSTILE).await;
    select(
        js_position(&rendered.root, "🇧🇾", false),
        js_position(&rendered.root, "🇧🇾", true),
    );
    // selectionchange is dispatched as a task after the change.
    gloo_timers::future::TimeoutFuture::new(20).await;
    assert_eq!(rendered.seen.borrow().last(), Some(&Some(expected("🇧🇾"))));
    window()
        .get_selection()
        .unwrap()
        .unwrap()
        .remove_all_ranges()
        .unwrap();
    gloo_timers::future::TimeoutFuture::new(20).await;
    assert_eq!(rendered.seen.borrow().last(), Some(&None));
}
