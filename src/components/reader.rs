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
    // One copy of the open document's text for the text view, made when another
    // document opens rather than at every render (the view compares it to skip work).
    let text = {
        let project = state.project.clone();
        let identity = state
            .open_document()
            .map(|doc| (doc.id().clone(), doc.sha256().to_owned()));
        use_memo(identity, move |identity| {
            let (id, _) = identity.as_ref()?;
            project
                .document(id)
                .map(|doc| AttrValue::from(doc.text().to_owned()))
        })
    };
    let (Some(document), Some(text)) = (state.open_document(), (*text).clone()) else {
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
            <DocumentText {text} {onselect} />
            <p class="selection-status" role="status" aria-live="polite" data-testid="selection-status">
                { status }
            </p>
        </main>
    }
}
