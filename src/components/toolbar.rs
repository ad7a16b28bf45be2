//! The toolbar above the text: the labels (each marks the selection), sticky-label
//! mode, undo and redo, and export.

use crate::commands;
use crate::state::{Msg, StateHandle};
use factmark_core::format::Format;
use yew::prelude::*;

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Called with a message when a download fails.
    pub onproblem: Callback<String>,
}

/// Buttons for everything one does to the open document.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let state = use_context::<StateHandle>().expect("Toolbar is rendered inside the state provider");
    let has_selection = state.selection.is_some();
    let labels = state.project.labels().iter().enumerate().map(|(index, label)| {
        let onclick = {
            let state = state.clone();
            let name = label.name.clone();
            Callback::from(move |event: MouseEvent| {
                commands::mark_selection(&state, name.clone(), event.alt_key())
            })
        };
        let key = label.hotkey.map(|k| k.to_string()).unwrap_or_default();
        html! {
            <button class={classes!("label-button", format!("label-{index}"))} {onclick}
                disabled={!has_selection} aria-keyshortcuts={key.clone()}
                title={format!("Mark the selection as {} ({key})", label.name)}>
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
    let format = use_state(|| Format::Native);
    let onformat = {
        let format = format.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let chosen = Format::ALL.into_iter().find(|f| commands::menu_name(*f) == value);
            format.set(chosen.unwrap_or(Format::Native));
        })
    };
    let formats = Format::ALL.iter().map(|f| {
        let name = commands::menu_name(*f);
        html! { <option value={name} selected={*f == *format}>{ name }</option> }
    });
    let export = {
        let state = state.clone();
        let onproblem = props.onproblem.clone();
        let format = *format;
        Callback::from(move |_| {
            let Some(id) = state.open_id() else { return };
            if let Err(problem) = commands::download_document(&state.project, id, format) {
                onproblem.emit(problem);
            }
        })
    };
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
            <select class="export-format" aria-label="Export format" onchange={onformat}>{ for formats }</select>
            <button class="export" onclick={export} title="Download this document and its annotations as a factmark file">
                { "Export" }
            </button>
        </div>
    }
}
