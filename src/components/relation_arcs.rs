//! Relations drawn as arcs: an SVG laid over the text (it scrolls with it and takes no
//! pointer events), never touching the text's own DOM. The selected annotation's
//! relations are drawn, or every relation of one type in the article; an end in another
//! article is drawn as a short stub marked with where it goes.

use crate::components::document_text::{
    Paint, Text, on_block_shown, same_text, text_root, use_effect_before_paint,
};
use crate::dom_text::TextMap;
use factmark_core::{DocId, Project, Relation, Span};
use gloo::events::EventListener;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`RelationArcs`].
#[derive(Properties)]
pub struct RelationArcsProps {
    /// The project, the document shown and the selected annotation.
    pub paint: Paint,
    /// The relation type whose every arc near the viewport is drawn, if any.
    pub arcs_of: Option<String>,
    /// The document's text, as the text view shows it.
    pub text: AttrValue,
}

impl PartialEq for RelationArcsProps {
    fn eq(&self, other: &Self) -> bool {
        self.paint == other.paint && self.arcs_of == other.arcs_of && same_text(&self.text, &other.text)
    }
}

/// One arc, in the overlay's coordinates.
#[derive(Clone, PartialEq)]
struct Arc {
    /// The relation's id: each arc keeps its own element as others come and go.
    key: String,
    path: String,
    color: String,
    directed: bool,
    /// Where the type's name goes, and the name.
    at: (i32, i32),
    name: String,
}

/// The text's DOM map, made once per text (finding a code point's place is then a
/// binary search in memory rather than a walk of the DOM).
type MapCache = Option<(AttrValue, Rc<TextMap>)>;

/// What the arcs are measured for: the stretch of text drawn when every arc of a type
/// is shown, and a count of the changes to the text's layout (a block of it rendered
/// for the first time, the window resized) that move arcs measured before.
#[derive(Clone, Copy, Default, PartialEq)]
struct Frame {
    region: Option<(usize, usize)>,
    layout: u32,
}

/// The arcs of the selected annotation, or of a type near the viewport: measured once
/// the text has rendered, before the browser paints, and again when the layout of the
/// text changes or (for a type) the viewport nears the edge of the stretch drawn.
#[component]
pub fn RelationArcs(props: &RelationArcsProps) -> Html {
    let overlay = use_node_ref();
    let arcs = use_state(Vec::<Arc>::new);
    let frame = use_state_eq(Frame::default);
    let map = use_mut_ref(MapCache::default);
    {
        let (frame, map) = (frame.setter(), map.clone());
        use_effect_with(Text(props.text.clone()), move |Text(text)| {
            // Another text: other block elements, and no stretch drawn yet.
            let latest = Rc::new(Cell::new(Frame::default()));
            frame.set(Frame::default());
            let text = text.clone();
            let listeners = text_root().map(|root| {
                let len = factmark_core::offsets::cp_len(&text);
                // Scrolling and the browser's reports of blocks come many to a frame:
                // the arcs follow once a frame.
                let (pending, relaid) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));
                let schedule = Rc::new(move |relayout: bool| {
                    relaid.set(relaid.get() || relayout);
                    if pending.replace(true) {
                        return;
                    }
                    let (frame, latest) = (frame.clone(), latest.clone());
                    let (map, text) = (map.clone(), text.clone());
                    let (pending, relaid) = (pending.clone(), relaid.clone());
                    // After the frame: the frame lays out what scrolled into view, and
                    // measuring in it would add to that task rather than make its own.
                    crate::frames::after_paint(move || {
                        pending.set(false);
                        let mut now = latest.get();
                        if relaid.replace(false) {
                            now.layout += 1;
                        }
                        if let Some(view) = map_for(&map, &text).and_then(|m| viewport_offsets(&m)) {
                            now.region = Some(region_for(now.region, view, len));
                        }
                        latest.set(now);
                        frame.set(now);
                    });
                });
                schedule(true);
                let on_block = schedule.clone();
                let blocks = on_block_shown(&root, move |_, _| on_block(true));
                let on_resize = schedule.clone();
                let window = gloo::utils::window();
                let resized = EventListener::new(&window, "resize", move |_| on_resize(true));
                // Passive: it never holds up the scroll.
                let scrolled = EventListener::new(&window, "scroll", move |_| schedule(false));
                (blocks, resized, scrolled)
            });
            move || drop(listeners)
        });
    }
    // Every relation of the type shown, with the code points it covers here: worked out
    // once per project, document and type, not at each scroll.
    let of_type = use_memo(
        (
            props.paint.project.clone(),
            props.paint.document.clone(),
            props.arcs_of.clone(),
        ),
        |(project, document, kind)| {
            kind.as_deref()
                .map_or_else(Vec::new, |kind| placed(&project.0, document, kind))
        },
    );
    {
        let (overlay, arcs, map) = (overlay.clone(), arcs.clone(), map.clone());
        // The stretch drawn matters only when every arc of a type is shown.
        let region = props.arcs_of.as_ref().and(frame.region);
        let deps = (
            props.paint.clone(),
            props.arcs_of.clone(),
            Text(props.text.clone()),
            region,
            frame.layout,
        );
        use_effect_before_paint(deps, move |(paint, arcs_of, Text(text), region, _)| {
            let chosen: Vec<&Relation> = match (arcs_of, &paint.focused) {
                (Some(_), _) => near(&of_type, *region),
                (None, Some(id)) => paint.project.0.relations_of(id).collect(),
                (None, None) => Vec::new(),
            };
            let drawn = map_for(&map, text)
                .and_then(|m| measure(&overlay, &m, paint, &chosen))
                .unwrap_or_default();
            arcs.set(drawn);
        });
    }
    let drawn = arcs.iter().map(|arc| {
        html! {
            <g key={arc.key.clone()} class="arc" style={format!("color:{}", arc.color)}>
                <path d={arc.path.clone()} marker-end={arc.directed.then_some("url(#arc-head)")} />
                <text x={arc.at.0.to_string()} y={arc.at.1.to_string()}>{ &arc.name }</text>
            </g>
        }
    });
    html! {
        <svg class="relation-arcs" ref={overlay} aria-hidden="true" data-arcs={arcs.len().to_string()}>
            <defs>
                <marker id="arc-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
                    orient="auto-start-reverse">
                    <path d="M0 0L10 5L0 10z" fill="#555" />
                </marker>
            </defs>
            { for drawn }
        </svg>
    }
}

/// The map of `text` as rendered, made when the cache holds another text's (or none,
/// while the text has not rendered yet).
fn map_for(cache: &std::cell::RefCell<MapCache>, text: &AttrValue) -> Option<Rc<TextMap>> {
    let mut cache = cache.borrow_mut();
    if let Some((cached, map)) = cache.as_ref()
        && same_text(cached, text)
    {
        return Some(map.clone());
    }
    let map = Rc::new(TextMap::new(&text_root()?, text)?);
    *cache = Some((text.clone(), map.clone()));
    Some(map)
}

/// About the code points at the top and the bottom of the viewport.
fn viewport_offsets(map: &TextMap) -> Option<(usize, usize)> {
    let height = gloo::utils::window().inner_height().ok()?.as_f64()?;
    Some((map.about_at_height(0.0)?, map.about_at_height(height)?))
}

/// The stretch of a text of `len` code points to draw every arc of a type in, for the
/// viewport's code points `view`: `current` while the viewport stays half a screen
/// inside it, or else a screen either side of the viewport. Drawn afresh only every
/// screen or so of scrolling, not at each frame.
fn region_for(current: Option<(usize, usize)>, view: (usize, usize), len: usize) -> (usize, usize) {
    let (top, bottom) = (view.0.min(view.1), view.0.max(view.1));
    let screen = (bottom - top).max(1);
    if let Some((start, end)) = current {
        let room_above = start == 0 || top >= start + screen / 2;
        let room_below = end >= len || bottom + screen / 2 <= end;
        if room_above && room_below {
            return (start, end);
        }
    }
    (top.saturating_sub(screen), (bottom + screen).min(len))
}

/// A relation of the type shown, with the code points it covers in the document (from
/// the first end here to the last).
struct Placed {
    start: usize,
    end: usize,
    relation: Relation,
}

/// Every relation of type `kind` with an end in `document`, placed.
fn placed(project: &Project, document: &DocId, kind: &str) -> Vec<Placed> {
    let here = |id| {
        project
            .annotation(id)
            .filter(|a| &a.document == document)
            .map(|a| a.span())
    };
    project
        .relations()
        .filter(|r| r.kind == kind)
        .filter_map(|r| {
            let spans = [here(&r.from), here(&r.to)];
            let mut spans = spans.iter().flatten();
            let first = *spans.next()?;
            let (start, end) = spans.fold((first.start(), first.end()), |(s, e), span| {
                (s.min(span.start()), e.max(span.end()))
            });
            Some(Placed {
                start,
                end,
                relation: r.clone(),
            })
        })
        .collect()
}

/// The placed relations that meet the code points `region` (near the viewport:
/// thousands of arcs drawn at once would make every scroll slow); none before the
/// viewport is known.
fn near(placed: &[Placed], region: Option<(usize, usize)>) -> Vec<&Relation> {
    let Some((first, end)) = region else {
        return Vec::new();
    };
    placed
        .iter()
        .filter(|p| p.start < end && p.end >= first)
        .map(|p| &p.relation)
        .collect()
}

fn measure(overlay: &NodeRef, map: &TextMap, paint: &Paint, chosen: &[&Relation]) -> Option<Vec<Arc>> {
    let svg = overlay.cast::<web_sys::Element>()?;
    let origin = svg.get_bounding_client_rect();
    let project = &paint.project.0;
    // The top middle of a span's first line, in the overlay's coordinates.
    let range = gloo::utils::document().create_range().ok()?;
    let point = |span: Span| -> Option<(i32, i32)> {
        map.cover(&range, span)?;
        let rects = range.get_client_rects()?;
        let first = rects.get(0)?;
        Some((
            (first.left() + first.width().min(120.0) / 2.0 - origin.left()) as i32,
            (first.top() - origin.top()) as i32,
        ))
    };
    let mut arcs = Vec::new();
    for relation in chosen {
        let kind = project.relation_types().get(&relation.kind);
        let end = |id| {
            project
                .annotation(id)
                .map(|a| (a.document == paint.document, a.span(), a.document.clone()))
        };
        let (Some(from), Some(to)) = (end(&relation.from), end(&relation.to)) else {
            continue;
        };
        let ends = match (from.0, to.0) {
            (true, true) => point(from.1).zip(point(to.1)),
            // An end elsewhere: a stub rising from the end here.
            (true, false) => point(from.1).map(|a| (a, (a.0 + 60, a.1 - 4))),
            (false, true) => point(to.1).map(|b| ((b.0 - 60, b.1 - 4), b)),
            (false, false) => None,
        };
        let Some((a, b)) = ends else { continue };
        let elsewhere = if from.0 && to.0 {
            String::new()
        } else {
            let other = if from.0 { &to.2 } else { &from.2 };
            // The other article, by the start of its title.
            project
                .document(other)
                .map(|d| {
                    let title: String = d.title().chars().take(24).collect();
                    let cut = if title.chars().count() < d.title().chars().count() {
                        "…"
                    } else {
                        ""
                    };
                    format!(" ↗ {title}{cut}")
                })
                .unwrap_or_default()
        };
        let lift = 18 + ((a.0 - b.0).abs() + (a.1 - b.1).abs()) / 10;
        let top = a.1.min(b.1) - lift.min(90);
        arcs.push(Arc {
            key: relation.id.to_string(),
            path: format!("M{} {}C{} {} {} {} {} {}", a.0, a.1, a.0, top, b.0, top, b.0, b.1),
            color: kind.map_or("#666666".to_owned(), |k| k.color.clone()),
            directed: kind.is_some_and(|k| !k.symmetric),
            at: ((a.0 + b.0) / 2, top + lift.min(90) / 4),
            name: format!("{}{elsewhere}", relation.kind),
        });
    }
    Some(arcs)
}

#[cfg(test)]
mod tests {
    use super::region_for;

    /// The stretch drawn moves only when the viewport comes within half a screen of its
    /// edge, and never past the text's ends.
    #[test]
    fn the_stretch_drawn_follows_the_viewport_a_screen_at_a_time() {
        let len = 10_000;
        let first = region_for(None, (3_000, 3_400), len);
        assert_eq!(first, (2_600, 3_800));
        assert_eq!(
            region_for(Some(first), (3_100, 3_500), len),
            first,
            "still inside"
        );
        assert_eq!(
            region_for(Some(first), (3_200, 3_600), len),
            first,
            "half a screen inside"
        );
        assert_eq!(
            region_for(Some(first), (3_250, 3_650), len),
            (2_850, 4_050),
            "near the end"
        );
        assert_eq!(
            region_for(Some(first), (2_700, 3_100), len),
            (2_300, 3_500),
            "near the start"
        );
        // At the text's ends the stretch stops there and is kept.
        let top = region_for(None, (0, 400), len);
        assert_eq!(top, (0, 800));
        assert_eq!(region_for(Some(top), (100, 500), len), top);
        let bottom = region_for(None, (9_600, 10_000), len);
        assert_eq!(bottom, (9_200, 10_000));
        assert_eq!(region_for(Some(bottom), (9_500, 9_900), len), bottom);
        // A jump far away starts afresh.
        assert_eq!(region_for(Some(first), (8_000, 8_400), len), (7_600, 8_800));
    }
}
