//! The link picker: the other end of a new relation. Opened with `R` or the panel's
//! *Link* on the selected annotation; lists the annotations a relation of the chosen
//! type can join to it, nearest first (for a type that links articles, the library's
//! after), filtered by what is typed. Enter links the first, the arrow keys and Tab
//! move through the list, a click on a highlight links that one, Escape closes.

use crate::commands;
use crate::state::{Msg, StateHandle};
use factmark_core::linking;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How many candidates the list shows (typing narrows it).
const SHOWN: usize = 40;

/// The picker, while a link is being made; nothing otherwise.
#[component]
pub fn LinkPicker() -> Html {
    let state = use_context::<StateHandle>().expect("LinkPicker is rendered inside the state provider");
    let query = use_state(String::new);
    let filter = use_node_ref();
    {
        // The filter has the keyboard as the picker opens (autofocus only works on load).
        let filter = filter.clone();
        use_effect_with(state.linking.clone(), move |_| {
            if let Some(input) = filter.cast::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        });
    }
    let Some(source) = state.linking.clone() else {
        return html! {};
    };
    let Some(from) = state.project.annotation(&source) else {
        return html! {};
    };
    let types = linking::types_for(&state.project, &from.label);
    let close = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Link(None)))
    };
    let Some(kind) = commands::link_type(&state, &types) else {
        return html! {
            <div class="link-picker" role="dialog" aria-label="Link">
                <p>{ format!("No relation type takes a {} at either end.", from.label) }</p>
                <button onclick={close}>{ "Close" }</button>
            </div>
        };
    };
    let titles = |doc: &factmark_core::DocId| {
        state
            .project
            .document(doc)
            .map(|d| d.title().to_owned())
            .unwrap_or_default()
    };
    let all = linking::candidates(&state.project, &source, kind);
    let shown: Vec<_> = all
        .iter()
        .filter(|c| linking::matches(c.annotation, &titles(&c.annotation.document), &query))
        .take(SHOWN)
        .collect();
    let first = shown.first().map(|c| c.annotation.id.clone());

    let onkind = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            state.dispatch(Msg::LinkKind(select.value()));
        })
    };
    let oninput = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            query.set(input.value());
        })
    };
    // One handler for the whole list: the button's `data-id` names the other end.
    let onpick = {
        let state = state.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(id) = data_of(&event, "data-id") {
                commands::link_to(&state, &factmark_core::AnnotationId(id));
            }
        })
    };
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                event.stop_propagation();
                state.dispatch(Msg::Link(None));
                commands::focus_text();
            }
            "Enter" if event.target_unchecked_into::<web_sys::Element>().tag_name() == "INPUT" => {
                event.prevent_default();
                if let Some(id) = &first {
                    commands::link_to(&state, id);
                }
            }
            "ArrowDown" | "ArrowUp" => {
                event.prevent_default();
                step_focus(event.key() == "ArrowDown");
            }
            _ => {}
        })
    };
    let here = &from.document;
    let items = shown.iter().map(|c| {
        let a = c.annotation;
        let label_index = state.project.labels().position(&a.label).unwrap_or(0);
        html! {
            <li>
                <button class={classes!("annotation-item", format!("label-{label_index}"))} data-id={a.id.0.clone()}>
                    <span class="chip">{ &a.label }</span>
                    <span class="item-quote">{ a.anchor.quote() }</span>
                    if &a.document != here {
                        <span class="item-where">{ titles(&a.document) }</span>
                    }
                </button>
            </li>
        }
    });
    let options = types.iter().map(|t| {
        html! { <option value={t.name.clone()} selected={t.name == kind.name}>{ &t.name }</option> }
    });
    html! {
        <div class="link-picker" role="dialog" aria-label="Link" {onkeydown}>
            <h2>{ "Link" }</h2>
            <blockquote class="quote">{ from.anchor.quote() }</blockquote>
            <label>
                { "Relation " }
                <select onchange={onkind} aria-label="Relation type">{ for options }</select>
            </label>
            <input type="search" class="link-filter" placeholder="Type to filter; Enter links the first"
                aria-label="Filter the other ends" value={(*query).clone()} {oninput} ref={filter} />
            <p class="link-count" role="status">
                { format!("{} of {} possible ends", shown.len(), all.len()) }
            </p>
            <ul class="link-list" aria-label="Possible other ends" onclick={onpick}>{ for items }</ul>
            <button class="quiet" onclick={close}>{ "Cancel (Escape)" }</button>
        </div>
    }
}

/// The attribute `name` of the element clicked or its nearest ancestor that has it.
pub fn data_of(event: &MouseEvent, name: &str) -> Option<String> {
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    target.closest(&format!("[{name}]")).ok()??.get_attribute(name)
}

/// Moves the keyboard focus to the next (or previous) candidate of the open picker.
fn step_focus(forward: bool) {
    let document = gloo::utils::document();
    let Ok(buttons) = document.query_selector_all(".link-list button") else {
        return;
    };
    let count = buttons.length();
    if count == 0 {
        return;
    }
    let active = document.active_element();
    let at = (0..count).find(|&i| buttons.item(i).map(|b| b.unchecked_into::<web_sys::Element>()) == active);
    let next = match (at, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(count - 1),
        (Some(0), false) => {
            if let Some(input) = document
                .query_selector(".link-filter")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = input.focus();
            }
            return;
        }
        (Some(i), false) => i - 1,
    };
    if let Some(button) = buttons
        .item(next)
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}
