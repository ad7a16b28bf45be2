//! Relations drawn as arcs: an SVG laid over the text (it scrolls with it and takes no
//! pointer events), never touching the text's own DOM. The selected annotation's
//! relations are drawn, or every relation of one type in the article; an end in another
//! article is drawn as a short stub marked with where it goes.

use crate::components::document_text::{Paint, text_root};
use crate::dom_text;
use factmark_core::{Relation, Span};
use gloo::events::EventListener;
use yew::prelude::*;

/// Props of [`RelationArcs`].
#[derive(Properties, PartialEq)]
pub struct RelationArcsProps {
    /// The project, the document shown and the selected annotation.
    pub paint: Paint,
    /// The relation type whose every arc in the document is drawn, if any.
    pub arcs_of: Option<String>,
}

/// One arc, in the overlay's coordinates.
#[derive(Clone, PartialEq)]
struct Arc {
    path: String,
    color: String,
    directed: bool,
    /// Where the type's name goes, and the name.
    at: (i32, i32),
    name: String,
}

/// The arcs of the selected annotation (or of a type), measured after the text has
/// rendered and again when the window's width changes.
#[component]
pub fn RelationArcs(props: &RelationArcsProps) -> Html {
    let overlay = use_node_ref();
    let arcs = use_state(Vec::<Arc>::new);
    let resized = use_state(|| 0u32);
    {
        let resized = resized.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| {
                resized.set(*resized + 1)
            });
            move || drop(listener)
        });
    }
    {
        let (overlay, arcs) = (overlay.clone(), arcs.clone());
        let deps = (props.paint.clone(), props.arcs_of.clone(), *resized);
        use_effect_with(deps, move |(paint, arcs_of, _)| {
            arcs.set(measure(&overlay, paint, arcs_of.as_deref()).unwrap_or_default());
        });
    }
    let drawn = arcs.iter().map(|arc| {
        html! {
            <g class="arc" style={format!("color:{}", arc.color)}>
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

/// The relations to draw: the selected annotation's, or every one of type `arcs_of`
/// with an end in the document.
fn chosen<'a>(paint: &'a Paint, arcs_of: Option<&'a str>) -> Vec<&'a Relation> {
    let project = &paint.project.0;
    match (arcs_of, &paint.focused) {
        (Some(kind), _) => {
            let in_doc = |r: &Relation| {
                [&r.from, &r.to].into_iter().any(|id| {
                    project
                        .annotation(id)
                        .is_some_and(|a| a.document == paint.document)
                })
            };
            project
                .relations()
                .filter(|r| r.kind == kind && in_doc(r))
                .collect()
        }
        (None, Some(id)) => project.relations_of(id).collect(),
        (None, None) => Vec::new(),
    }
}

fn measure(overlay: &NodeRef, paint: &Paint, arcs_of: Option<&str>) -> Option<Vec<Arc>> {
    let svg = overlay.cast::<web_sys::Element>()?;
    let root = text_root()?;
    let origin = svg.get_bounding_client_rect();
    let project = &paint.project.0;
    // The top middle of a span's first line, in the overlay's coordinates.
    let point = |span: Span| -> Option<(i32, i32)> {
        let range = dom_text::range_for(&root, span)?;
        let rects = range.get_client_rects()?;
        let first = rects.get(0)?;
        Some((
            (first.left() + first.width().min(120.0) / 2.0 - origin.left()) as i32,
            (first.top() - origin.top()) as i32,
        ))
    };
    let mut arcs = Vec::new();
    for relation in chosen(paint, arcs_of) {
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
            path: format!("M{} {}C{} {} {} {} {} {}", a.0, a.1, a.0, top, b.0, top, b.0, b.1),
            color: kind.map_or("#666666".to_owned(), |k| k.color.clone()),
            directed: kind.is_some_and(|k| !k.symmetric),
            at: ((a.0 + b.0) / 2, top + lift.min(90) / 4),
            name: format!("{}{elsewhere}", relation.kind),
        });
    }
    Some(arcs)
}
