//! The side panel: the focused annotation (label, text, note, boundaries, delete) and
//! the list of the document's annotations, filterable by label.

use crate::clock;
use crate::commands;
use crate::components::document_text::text_root;
use crate::components::link_picker::data_of;
use crate::dom_text;
use crate::state::{Msg, State, StateHandle};
use factmark_core::words::{self, Edge};
use factmark_core::{Annotation, AnnotationId, FieldKind, RelationId, Span, Value};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The focused annotation's editor and the annotation list.
#[component]
pub fn AnnotationPanel() -> Html {
    let state = use_context::<StateHandle>().expect("AnnotationPanel is rendered inside the state provider");
    let filter = use_state(String::new);
    let limit = use_state(|| LIST_PAGE);
    // A list the person has changed no longer follows its options' `selected`: after
    // every render each list shows the value the project holds (undo, redo, a refused
    // change), named in its `data-value`.
    use_effect(|| {
        let Ok(lists) = gloo::utils::document().query_selector_all(".side-panel select[data-value]") else {
            return;
        };
        for i in 0..lists.length() {
            if let Some(list) = lists
                .item(i)
                .and_then(|l| l.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                list.set_value(&list.get_attribute("data-value").unwrap_or_default());
            }
        }
    });
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
                commands::relabel(&state, &id, &name);
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
            commands::remove_annotation(&state, &id);
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
            { attributes(state, annotation) }
            { relations(state, annotation) }
            <button class="danger" onclick={remove} aria-keyshortcuts="Delete">{ "Delete" }</button>
        </section>
    }
}

/// The fields the annotation's label declares, each with its value: a list for a
/// choice or yes/no, a line of text otherwise (a verdict offers ClaimReview's ratings).
/// One handler for all: the control's `name` is the field's.
fn attributes(state: &StateHandle, annotation: &Annotation) -> Html {
    let Some(label) = state.project.labels().get(&annotation.label) else {
        return html! {};
    };
    if label.fields.is_empty() {
        return html! {};
    }
    let onchange = {
        let (state, id, fields) = (state.clone(), annotation.id.clone(), label.fields.clone());
        Callback::from(move |event: Event| {
            let control: web_sys::HtmlInputElement = event.target_unchecked_into();
            let name = control.name();
            let Some(field) = fields.iter().find(|f| f.name == name) else {
                return;
            };
            let plain = control.value();
            let value = match plain.trim() {
                "" => None,
                _ => match Value::from_plain(field, &plain) {
                    Ok(value) => Some(value),
                    Err(err) => return state.dispatch(Msg::Problem(err.to_string())),
                },
            };
            match state.project.set_attribute(&id, &name, value, clock::now()) {
                Ok(action) => state.dispatch(Msg::Perform(action)),
                Err(err) => state.dispatch(Msg::Problem(err.to_string())),
            }
        })
    };
    let rows = label.fields.iter().map(|field| {
        let value = annotation
            .attributes
            .get(&field.name)
            .map(Value::display)
            .unwrap_or_default();
        let options: Vec<&str> = match field.kind {
            FieldKind::Choice => field.options.iter().map(String::as_str).collect(),
            FieldKind::YesNo => vec!["yes", "no"],
            _ => Vec::new(),
        };
        let list = format!("field-{}", field.name.replace(' ', "-"));
        let control = if options.is_empty() {
            html! {
                <>
                    <input name={field.name.clone()} aria-label={field.name.clone()} value={value} placeholder={field.expects()}
                        list={(!field.options.is_empty()).then(|| list.clone())} />
                    if !field.options.is_empty() {
                        <datalist id={list}>
                            { for field.options.iter().map(|o| html! { <option value={o.clone()} /> }) }
                        </datalist>
                    }
                </>
            }
        } else {
            html! {
                <select name={field.name.clone()} aria-label={field.name.clone()} data-value={value.clone()}>
                    <option value="" selected={value.is_empty()}>{ "—" }</option>
                    { for options.iter().map(|o| html! { <option value={o.to_string()} selected={value == *o}>{ o.to_string() }</option> }) }
                </select>
            }
        };
        html! { <label>{ &field.name }{ control }</label> }
    });
    html! {
        <fieldset class="attributes" {onchange}>
            <legend>{ "Attributes" }</legend>
            { for rows }
        </fieldset>
    }
}

/// The annotation's relations: each with its type (which can be changed), the other
/// end's text (a click goes there), and delete; *Link* (`R`) makes a new one, and the
/// arcs drawn can be this annotation's or every one of a type in the article. One
/// handler per event for the whole list: a control's `data-rel` names its relation.
fn relations(state: &StateHandle, annotation: &Annotation) -> Html {
    let project = &state.project;
    let id = &annotation.id;
    let onlink = {
        let (state, id) = (state.clone(), id.clone());
        Callback::from(move |_| state.dispatch(Msg::Link(Some(id.clone()))))
    };
    let onclick = {
        let state = state.clone();
        let id = id.clone();
        Callback::from(move |event: MouseEvent| {
            let (Some(act), Some(rel)) = (data_of(&event, "data-act"), data_of(&event, "data-rel")) else {
                return;
            };
            let Some(relation) = state.project.relation(&RelationId(rel)) else {
                return;
            };
            if act == "go" {
                reveal(&state, relation.other_end(&id));
            } else if let Ok(action) = state.project.remove_relation(&relation.id) {
                state.dispatch(Msg::Perform(action));
            }
        })
    };
    let onretype = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let Some(relation) = select
                .get_attribute("data-rel")
                .and_then(|rel| state.project.relation(&RelationId(rel)))
            else {
                return;
            };
            let ends = match retyped_ends(&state.project, relation, &select.value()) {
                Some(true) => (&relation.from, &relation.to),
                _ => (&relation.to, &relation.from),
            };
            match state.project.update_relation(
                &relation.id,
                &select.value(),
                ends,
                &relation.note,
                clock::now(),
            ) {
                Ok(action) => state.dispatch(Msg::Perform(action)),
                Err(err) => state.dispatch(Msg::Problem(err.to_string())),
            }
        })
    };
    let onarcs = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let kind = select.value();
            state.dispatch(Msg::ShowArcs((!kind.is_empty()).then_some(kind)));
        })
    };
    let rows = project.relations_of(id).map(|relation| {
        let other = project.annotation(relation.other_end(id));
        let symmetric = project
            .relation_types()
            .get(&relation.kind)
            .is_some_and(|t| t.symmetric);
        let arrow = match (symmetric, &relation.from == id) {
            (true, _) => "↔",
            (false, true) => "→",
            (false, false) => "←",
        };
        let (label, quote, elsewhere) = other.map_or(("", "", None), |o| {
            (
                o.label.as_str(),
                o.anchor.quote(),
                (o.document != annotation.document)
                    .then(|| project.document(&o.document).map(|d| d.title().to_owned()))
                    .flatten(),
            )
        });
        let choices = project
            .relation_types()
            .iter()
            .filter(|t| retyped_ends(project, relation, &t.name).is_some())
            .map(|t| html! { <option value={t.name.clone()} selected={t.name == relation.kind}>{ &t.name }</option> });
        let rel = relation.id.0.clone();
        html! {
            <li class="relation" key={rel.clone()}>
                <span aria-hidden="true">{ arrow }</span>
                <select data-rel={rel.clone()} aria-label="Relation type" onchange={onretype.clone()}
                    data-value={relation.kind.clone()}>{ for choices }</select>
                <button class="quiet relation-end" data-act="go" data-rel={rel.clone()} title="Go to the other end">
                    <span class="chip">{ label }</span>
                    <span class="item-quote">{ quote }</span>
                    if let Some(title) = elsewhere { <span class="item-where">{ title }</span> }
                </button>
                <button class="quiet" data-act="del" data-rel={rel} aria-label="Delete relation">{ "×" }</button>
            </li>
        }
    });
    let arc_types = project.relation_types().iter().map(|t| {
        html! {
            <option value={t.name.clone()} selected={state.arcs_of.as_ref() == Some(&t.name)}>
                { format!("every “{}” here", t.name) }
            </option>
        }
    });
    html! {
        <section class="relations" aria-label="Relations">
            <h3>{ format!("Relations ({})", project.relations_of(id).count()) }</h3>
            <ul {onclick}>{ for rows }</ul>
            <button onclick={onlink} aria-keyshortcuts="R">{ "Link…" }<kbd aria-hidden="true">{ "R" }</kbd></button>
            <label class="arcs">
                { "Arcs " }
                <select onchange={onarcs} aria-label="Arcs shown" data-value={state.arcs_of.clone().unwrap_or_default()}>
                    <option value="" selected={state.arcs_of.is_none()}>{ "of this annotation" }</option>
                    { for arc_types }
                </select>
            </label>
        </section>
    }
}

/// Whether relation `relation` can take type `kind` with its ends as they are
/// (`Some(true)`), the other way round (`Some(false)`), or not at all.
fn retyped_ends(
    project: &factmark_core::Project,
    relation: &factmark_core::Relation,
    kind: &str,
) -> Option<bool> {
    let kind = project.relation_types().get(kind)?;
    let label = |id| project.annotation(id).map(|a| a.label.as_str());
    let (from, to) = (label(&relation.from)?, label(&relation.to)?);
    let across = project.annotation(&relation.from)?.document != project.annotation(&relation.to)?.document;
    if across && !kind.across_documents {
        return None;
    }
    kind.orientation(from, to)
}

/// Opens annotation `id` (in its own document) and brings it into view.
pub fn reveal(state: &StateHandle, id: &AnnotationId) {
    let Some(annotation) = state.project.annotation(id) else {
        return;
    };
    let span = annotation.span();
    state.dispatch(Msg::Reveal(id.clone()));
    // The URL follows (the route is already there, so the hash change changes nothing).
    let route = crate::route::Route::Document(annotation.document.clone());
    let _ = gloo::utils::window().location().set_hash(&route.to_hash());
    // After the document (perhaps another) has rendered.
    gloo::timers::callback::Timeout::new(30, move || scroll_to(span)).forget();
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
