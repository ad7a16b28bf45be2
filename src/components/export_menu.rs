//! The Export controls: a format menu with every format factmark writes, and a
//! button that downloads the open document, or the whole project, in it.

use crate::commands::{self, ExportChoice};
use crate::state::{Msg, StateHandle};
use factmark_core::DocId;
use factmark_core::format::Format;
use yew::prelude::*;

/// Properties of [`ExportMenu`].
#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    /// The document to export; the whole project when `None`.
    pub document: Option<DocId>,
    /// The button's text.
    pub label: AttrValue,
    /// The menu's accessible name.
    pub menu_name: AttrValue,
}

/// A format menu and an export button.
#[component]
pub fn ExportMenu(props: &ExportMenuProps) -> Html {
    let state = use_context::<StateHandle>().expect("ExportMenu is rendered inside the state provider");
    let native = ExportChoice {
        format: Format::Native,
        layers: false,
    };
    let choice = use_state(|| native);
    let onformat = {
        let choice = choice.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let chosen = ExportChoice::all().into_iter().find(|c| c.menu_name() == value);
            choice.set(chosen.unwrap_or(native));
        })
    };
    let options = ExportChoice::all().into_iter().map(|c| {
        let name = c.menu_name();
        html! { <option value={name.clone()} selected={c == *choice}>{ name }</option> }
    });
    let export = {
        let state = state.clone();
        let document = props.document.clone();
        let choice = *choice;
        Callback::from(move |_| {
            let (state, document) = (state.clone(), document.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let reports = commands::export(&state.project, document.as_ref(), choice).await;
                state.dispatch(Msg::Reported(reports));
            });
        })
    };
    let what = if props.document.is_some() {
        "this document"
    } else {
        "every document"
    };
    let multi = if choice.is_zip() {
        " (a zip of several files)"
    } else {
        ""
    };
    html! {
        <span class="export-menu">
            <select class="export-format" aria-label={props.menu_name.clone()} onchange={onformat}>{ for options }</select>
            <button class="export" onclick={export}
                title={format!("Download {what} and its annotations as {}{multi}", choice.menu_name())}>
                { props.label.clone() }
            </button>
        </span>
    }
}
