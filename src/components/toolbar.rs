//! The toolbar above the text: the labels (each marks the selection), sticky-label
//! mode, undo and redo, and export.

use crate::commands;
use crate::components::ExportMenu;
use crate::state::{Msg, StateHandle};
use yew::prelude::*;

/// What the toolbar is told.
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Opens the document's details (its metadata).
    pub ondetails: Callback<()>,
}

/// Buttons for everything one does to the open document.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let state = use_context::<StateHandle>().expect("Toolbar is rendered inside the state provider");
    let has_selection = state.selection.is_some();
    // A label's button does what its key does: marks the selection, or relabels the
    // selected annotation; it is off only when there is neither.
    let relabels = !has_selection && state.focused_annotation().is_some();
    let labels = state.project.labels().iter().enumerate().map(|(index, label)| {
        let onclick = {
            let state = state.clone();
            let name = label.name.clone();
            Callback::from(move |event: MouseEvent| {
                commands::apply_label(&state, name.clone(), event.alt_key());
            })
        };
        let key = label.hotkey.map(|k| k.to_string()).unwrap_or_default();
        html! {
            <button class={classes!("label-button", format!("label-{index}"))} {onclick}
                disabled={!has_selection && !relabels} aria-keyshortcuts={key.clone()}
                title={format!("{} as {} ({key}){}{}",
                    if relabels { "Relabel the selected annotation" } else { "Mark the selection" },
                    label.name,
                    if label.description.is_empty() { "" } else { ": " },
                    label.description)}>
                <span class="swatch" aria-hidden="true"></span>
                { &label.name }
                if !key.is_empty() { <kbd aria-hidden="true">{ key }</kbd> }
            </button>
        }
    });
    let sticky_options = state.project.labels().iter().map(|label| {
        let selected = state.sticky.as_deref() == Some(label.name.as_str());
        html! { <option value={label.name.clone()} {selected}>{ &label.name }</option> }
    });
    let onsticky = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            state.dispatch(Msg::SetSticky(Some(value).filter(|v| !v.is_empty())));
        })
    };
    let undo = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Undo))
    };
    let redo = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Redo))
    };
    let ondetails = props.ondetails.reform(|_: MouseEvent| ());
    html! {
        <div class="toolbar" role="toolbar" aria-label="Annotation tools">
            <div class="toolbar-group" role="group" aria-label="Labels">{ for labels }</div>
            <label class="sticky">
                { "Sticky label " }
                <select onchange={onsticky} aria-label="Sticky label">
                    <option value="" selected={state.sticky.is_none()}>{ "off" }</option>
                    { for sticky_options }
                </select>
            </label>
            <div class="toolbar-group" role="group" aria-label="History">
                <button onclick={undo} disabled={!state.history.can_undo()} aria-keyshortcuts="Control+Z"
                    title="Undo (Ctrl+Z)">{ "Undo" }</button>
                <button onclick={redo} disabled={!state.history.can_redo()} aria-keyshortcuts="Control+Shift+Z"
                    title="Redo (Ctrl+Shift+Z or Ctrl+Y)">{ "Redo" }</button>
            </div>
            <button onclick={ondetails} title="The article's URL, outlet, author, date, language and other fields">{ "Details" }</button>
            <ExportMenu document={state.open_id().cloned()} label="Export" menu_name="Export format" />
        </div>
    }
}
