//! The side panel: the focused annotation (label, text, note, boundaries, delete) and
//! the list of the document's annotations, filterable by label.

use crate::clock;
use crate::components::document_text::text_root;
use crate::dom_text;
use crate::state::{Msg, State, StateHandle};
use factmark_core::words::{self, Edge};
use factmark_core::{Annotation, AnnotationId, Span};
use yew::prelude::*;

/// The focused annotation's editor and the annotation list.
#[component]
pub fn AnnotationPanel() -> Html {
    let state = use_context::<StateHandle>().expect("AnnotationPanel is rendered inside the state provider");
    let filter = use_state(String::new);
    let limit = use_state(|| LIST_PAGE);
    html! {
        <aside class="side-panel" aria-label="Annotations">
            { details(&state) }
            { list(&state, &filter, &limit) }
        </aside>
    }
}

fn details(state: &StateHandle) -> Html {
    let Some(annotation) = state.focused_annotation() else {
        return html! {
            <section class="details details-empty" aria-label="Selected annotation">
                <p>{ "Select text and choose a label to mark it; click a highlight to edit it." }</p>
            </section>
        };
    };
    let id = annotation.id.clone();
    let relabel_buttons = state.project.labels().iter().enumerate().map(|(index, label)| {
        let pressed = label.name == annotation.label;
        let onclick = {
            let state = state.clone();
            let id = id.clone();
            let name = label.name.clone();
            Callback::from(move |_| {
                if let Ok(action) = state.project.relabel(&id, &name, clock::now()) {
                    state.dispatch(Msg::Perform(action));
                }
            })
        };
        html! {
            <button class={classes!("label-button", format!("label-{index}"))} aria-pressed={pressed.to_string()} {onclick}>
                <span class="swatch" aria-hidden="true"></span>{ &label.name }
            </button>
        }
    });
    let onnote = {
        let state = state.clone();
        let id = id.clone();
        Callback::from(move |event: Event| {
            let note = event
                .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value();
            if let Ok(action) = state.project.set_note(&id, &note, clock::now()) {
                state.dispatch(Msg::Perform(action));
            }
        })
    };
    let nudge = |which: Edge, forward: bool, name: &'static str| {
        let state = state.clone();
        let id = id.clone();
        let onclick = Callback::from(move |_| {
            let (Some(annotation), Some(doc)) = (state.focused_annotation(), state.open_document()) else {
                return;
            };
            let span = annotation.span();
            let (start, end) = match which {
                Edge::Start => (
                    words::step_word(doc.text(), span.start(), Edge::Start, forward),
                    span.end(),
                ),
                Edge::End => (
                    span.start(),
                    words::step_word(doc.text(), span.end(), Edge::End, forward),
                ),
            };
            let Ok(span) = Span::new(start, end) else { return };
            if let Ok(action) = state.project.resize(&id, span, clock::now()) {
                state.dispatch(Msg::Perform(action));
            }
        });
        html! { <button {onclick} aria-label={name}>{ if forward { "→" } else { "←" } }</button> }
    };
    let remove = {
        let state = state.clone();
        let id = id.clone();
        Callback::from(move |_| {
            if let Ok(action) = state.project.remove_annotation(&id) {
                state.dispatch(Msg::Perform(action));
            }
        })
    };
    let span = annotation.span();
    html! {
        <section class="details" aria-label="Selected annotation">
            <h2>{ "Selected annotation" }</h2>
            <blockquote class="quote">{ annotation.anchor.quote() }</blockquote>
            <p class="offsets">
                { format!("code points {} to {}", span.start(), span.end()) }
                if !annotation.annotator.is_empty() {
                    { format!(" · by {}", annotation.annotator) }
                }
            </p>
            <div class="relabel" role="group" aria-label="Label">{ for relabel_buttons }</div>
            <div class="nudge" role="group" aria-label="Boundaries">
                <span>{ "Start" }</span>
                { nudge(Edge::Start, false, "Move start one word left") }
                { nudge(Edge::Start, true, "Move start one word right") }
                <span>{ "End" }</span>
                { nudge(Edge::End, false, "Move end one word left") }
                { nudge(Edge::End, true, "Move end one word right") }
            </div>
            <label class="note">
                { "Note" }
                <textarea value={annotation.note.clone()} onchange={onnote} rows="3" />
            </label>
            <button class="danger" onclick={remove} aria-keyshortcuts="Delete">{ "Delete" }</button>
        </section>
    }
}

/// How many annotations the list shows at first, and how many more each "Show more"
/// adds: a document with thousands stays quick to edit.
const LIST_PAGE: usize = 50;

fn list(state: &StateHandle, filter: &UseStateHandle<String>, limit: &UseStateHandle<usize>) -> Html {
    // Only the rows shown are looked up, in reading order; the counts come from the
    // project's index (a document of 20,000 annotations is not sorted at each render).
    let Some(doc) = state.open_id() else {
        return html! {};
    };
    let total = state.project.count_of(doc);
    let matches = |a: &&Annotation| filter.is_empty() || a.label == **filter;
    let shown: Vec<&Annotation> = state
        .project
        .reading_order(doc)
        .filter(matches)
        .take(**limit)
        .collect();
    let matching = if filter.is_empty() {
        total
    } else {
        state.project.annotations_in(doc).filter(matches).count()
    };
    let onfilter = {
        let filter = filter.clone();
        Callback::from(move |event: Event| {
            filter.set(
                event
                    .target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let label_index = |name: &str| state.project.labels().position(name).unwrap_or(0);
    let hidden = matching.saturating_sub(**limit);
    let more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + LIST_PAGE))
    };
    let dispatcher = state.dispatcher();
    let items = shown.iter().map(|annotation| {
        html! {
            <Row key={annotation.id.0.clone()} id={annotation.id.clone()} span={annotation.span()}
                label={annotation.label.clone()} label_index={label_index(&annotation.label)}
                quote={annotation.anchor.quote().to_owned()}
                current={state.focused.as_ref() == Some(&annotation.id)}
                dispatcher={dispatcher.clone()} />
        }
    });
    let options = state.project.labels().iter().map(|label| {
        html! { <option value={label.name.clone()} selected={**filter == label.name}>{ &label.name }</option> }
    });
    html! {
        <section class="annotation-list" aria-label="All annotations">
            <h2>{ format!("Annotations ({total})") }</h2>
            <label class="filter">
                { "Show " }
                <select onchange={onfilter} aria-label="Filter by label">
                    <option value="" selected={filter.is_empty()}>{ "all labels" }</option>
                    { for options }
                </select>
            </label>
            <ul aria-label="Annotation list">{ for items }</ul>
            if hidden > 0 {
                <button class="quiet show-more" onclick={more}>
                    { format!("Show {} more ({hidden} not shown)", hidden.min(LIST_PAGE)) }
                </button>
            }
        </section>
    }
}

/// Props of [`Row`].
#[derive(Properties, PartialEq)]
struct RowProps {
    id: AnnotationId,
    span: Span,
    label: String,
    label_index: usize,
    quote: String,
    current: bool,
    /// The state's dispatcher: the same at every render, so an unchanged row is not
    /// rendered again when another annotation changes.
    dispatcher: UseReducerDispatcher<State>,
}

/// One annotation of the list: its label and quote; a click focuses it and brings it
/// into view.
#[component]
fn Row(props: &RowProps) -> Html {
    let onclick = {
        let (dispatcher, id, span) = (props.dispatcher.clone(), props.id.clone(), props.span);
        Callback::from(move |_| {
            dispatcher.dispatch(Msg::Focus(Some(id.clone())));
            scroll_to(span);
        })
    };
    html! {
        <li>
            <button class={classes!("annotation-item", format!("label-{}", props.label_index))}
                aria-current={props.current.then_some("true")} {onclick}>
                <span class="chip">{ &props.label }</span>
                <span class="item-quote">{ &props.quote }</span>
            </button>
        </li>
    }
}

/// Scrolls the text so that `span` is in view.
pub fn scroll_to(span: Span) {
    let Some(root) = text_root() else { return };
    if let Some(range) = dom_text::range_for(&root, span) {
        let rect = range.get_bounding_client_rect();
        let window = gloo::utils::window();
        let height = window
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(800.0);
        if rect.top() < 80.0 || rect.bottom() > height - 80.0 {
            window.scroll_by_with_x_and_y(0.0, rect.top() - height / 3.0);
        }
    }
}
