//! The reading view: one document's title and text, and what is selected in it.

use crate::components::DocumentText;
use crate::route::Route;
use crate::state::{Msg, StateHandle};
use factmark_core::Span;
use yew::prelude::*;

/// The open document, or a message when the URL names none that exists.
#[component]
pub fn Reader() -> Html {
    let state = use_context::<StateHandle>().expect("Reader is rendered inside the state provider");
    let onselect = {
        let state = state.clone();
        Callback::from(move |span: Option<Span>| state.dispatch(Msg::Select(span)))
    };
    let back = html! {
        <a class="back-link" href={Route::Library.to_hash()}>{ "← All articles" }</a>
    };
    let Some(document) = state.open_document() else {
        return html! {
            <main class="reader">
                { back }
                <p role="alert" class="problem">{ "There is no such document in this browser." }</p>
            </main>
        };
    };
    let status = match state.selection {
        Some(span) => format!(
            "Selected {} characters, code points {} to {}",
            span.len(),
            span.start(),
            span.end()
        ),
        None => "Select text to annotate it.".to_owned(),
    };
    html! {
        <main class="reader" aria-labelledby="document-title">
            <nav class="reader-nav">{ back }</nav>
            <h1 id="document-title" class="document-title">{ document.title() }</h1>
            <DocumentText text={AttrValue::from(document.text().to_owned())} {onselect} />
            <p class="selection-status" role="status" aria-live="polite" data-testid="selection-status">
                { status }
            </p>
        </main>
    }
}
