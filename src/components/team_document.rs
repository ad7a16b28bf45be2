//! One document of the compared files (`#/team/doc/<id>`): the text with where the
//! annotators agree and differ painted over it, a layer per annotator that can be
//! switched off, and the list of places they differ.

use crate::components::DocumentText;
use crate::highlights;
use crate::route::Route;
use crate::state::StateHandle;
use crate::team::TeamPtr;
use factmark_core::DocId;
use factmark_core::merge::{self, Cluster, Kind, Mark};
use std::collections::BTreeSet;
use yew::prelude::*;

/// The highlight (and legend) of each kind of place.
const KINDS: [(Kind, &str, &str); 5] = [
    (Kind::Agree, "fm-agree", "agree"),
    (Kind::Label, "fm-differ-label", "differ on the label"),
    (Kind::Boundaries, "fm-differ-bounds", "differ on the boundaries"),
    (Kind::LabelAndBoundaries, "fm-differ-both", "differ on both"),
    (Kind::OnlySome, "fm-only-some", "marked by only some"),
];

/// Props of [`TeamDocument`].
#[derive(Properties, PartialEq)]
pub struct TeamDocumentProps {
    /// The document's id in the compared files' union.
    pub id: DocId,
}

/// The compare view of one document, when the compared files hold it.
#[component]
pub fn TeamDocument(props: &TeamDocumentProps) -> Html {
    let state = use_context::<StateHandle>().expect("TeamDocument is rendered inside the state provider");
    let Some(team) = state.team.clone() else {
        return super::team_view::no_team();
    };
    if team.0.merged.project.document(&props.id).is_none()
        || !team.0.merged.annotators.contains_key(&props.id)
    {
        return html! { <main class="team"><p role="alert">{ "This document is not among the compared files." }</p></main> };
    }
    html! { <Compared {team} id={props.id.clone()} /> }
}

/// Props of [`Compared`].
#[derive(Properties, PartialEq)]
struct ComparedProps {
    team: TeamPtr,
    /// A document of the team's union (checked by [`TeamDocument`]).
    id: DocId,
}

/// The compare view itself: its hooks run at every render, in the same order.
#[component]
fn Compared(props: &ComparedProps) -> Html {
    let hidden = use_state(BTreeSet::<String>::new);
    let text = use_memo((props.team.clone(), props.id.clone()), |(TeamPtr(team), id)| {
        let text = team.merged.project.document(id).map_or("", |d| d.text());
        AttrValue::from(text.to_owned())
    });
    let merged = &props.team.0.merged;
    let (Some(document), Some(everyone)) = (
        merged.project.document(&props.id),
        merged.annotators.get(&props.id),
    ) else {
        return html! {};
    };
    let visible: BTreeSet<String> = everyone
        .iter()
        .filter(|a| !hidden.contains(*a))
        .cloned()
        .collect();
    let marks: Vec<Mark> = merge::document_marks(&merged.project, &props.id)
        .into_iter()
        .filter(|m| visible.contains(&m.annotator))
        .collect();
    let clusters = merge::differences(marks, &visible);
    {
        let clusters = clusters.clone();
        use_effect_with((props.id.clone(), visible.clone()), move |_| {
            if let Some(root) = crate::components::document_text::text_root() {
                for (kind, name, _) in KINDS {
                    let spans: Vec<_> = clusters
                        .iter()
                        .filter(|c| c.kind == kind)
                        .map(|c| c.span)
                        .collect();
                    highlights::paint_named(&root, name, &spans);
                }
            }
            // Leaving the view takes its highlights with it.
            || {
                if let Some(root) = crate::components::document_text::text_root() {
                    for (_, name, _) in KINDS {
                        highlights::paint_named(&root, name, &[]);
                    }
                }
            }
        });
    }
    let layers = everyone.iter().map(|who| {
        let onchange = {
            let (hidden, who) = (hidden.clone(), who.clone());
            Callback::from(move |_: Event| {
                let mut next = (*hidden).clone();
                if !next.remove(&who) {
                    next.insert(who.clone());
                }
                hidden.set(next);
            })
        };
        html! {
            <label class="layer">
                <input type="checkbox" checked={!hidden.contains(who)} {onchange} />
                { who.clone() }
            </label>
        }
    });
    let legend = KINDS.iter().map(|(kind, name, words)| {
        let count = clusters.iter().filter(|c| c.kind == *kind).count();
        html! {
            <li class={classes!("legend", *name)} data-kind={*name}>
                <span class="swatch"></span>{ format!("{count} {words}") }
            </li>
        }
    });
    let text_of = |c: &Cluster| c.span.slice(document.text()).unwrap_or_default().to_owned();
    let differences = clusters.iter().filter(|c| c.kind != Kind::Agree).map(|c| {
        let words = KINDS.iter().find(|k| k.0 == c.kind).map_or("", |k| k.2);
        html! {
            <li class="difference">
                <p><strong>{ words }</strong>{ format!(" · «{}»", text_of(c)) }</p>
                <ul>
                    { for c.marks.iter().map(|m| html! {
                        <li>{ format!("{}: {} «{}»", m.annotator, m.label, m.span.slice(document.text()).unwrap_or_default()) }</li>
                    }) }
                    if !c.silent.is_empty() {
                        <li>{ format!("{}: nothing", c.silent.join(", ")) }</li>
                    }
                </ul>
            </li>
        }
    });
    // Where they link marks differently, with an end in this document.
    let links: Vec<_> = merged
        .relation_conflicts
        .iter()
        .filter(|p| p.ends.0.document == props.id || p.ends.1.document == props.id)
        .collect();
    let end = |e: &merge::End| {
        let elsewhere = if e.document == props.id {
            String::new()
        } else {
            format!(
                " (in {})",
                merged.project.document(&e.document).map_or("", |d| d.title())
            )
        };
        format!("{} «{}»{elsewhere}", e.label, e.quote)
    };
    let link_differences = links.iter().map(|place| {
        let words = match place.kind {
            merge::RelationKind::Type => "linked differently",
            merge::RelationKind::OnlySome => "linked by only some",
            merge::RelationKind::Agree => "agree",
        };
        html! {
            <li class="difference">
                <p><strong>{ words }</strong>{ format!(" · A: {} · B: {}", end(&place.ends.0), end(&place.ends.1)) }</p>
                <ul>
                    { for place.marks.iter().map(|m| {
                        html! { <li>{ format!("{}: {} ({})", m.annotator, m.kind, place.way(m)) }</li> }
                    }) }
                    if !place.silent.is_empty() {
                        <li>{ format!("{}: no link", place.silent.join(", ")) }</li>
                    }
                </ul>
            </li>
        }
    });
    html! {
        <main class="reader team-document" aria-labelledby="document-title">
            <nav class="reader-nav"><a href={Route::Team.to_hash()}>{ "← Agreement" }</a></nav>
            <h1 id="document-title" class="document-title">{ document.title() }</h1>
            <fieldset class="layers">
                <legend>{ "Layers" }</legend>
                { for layers }
            </fieldset>
            <ul class="legends" aria-label="Legend">{ for legend }</ul>
            <div class="reader-body">
                <DocumentText text={(*text).clone()} onselect={Callback::noop()} />
                <aside class="side-panel" aria-label="Differences">
                    <h2>{ format!("Differences ({})", clusters.iter().filter(|c| c.kind != Kind::Agree).count()) }</h2>
                    <ol class="differences">{ for differences }</ol>
                    if !links.is_empty() {
                        <h2>{ format!("Links that differ ({}, every layer)", links.len()) }</h2>
                        <ol class="differences" aria-label="Links that differ">{ for link_differences }</ol>
                    }
                </aside>
            </div>
        </main>
    }
}
