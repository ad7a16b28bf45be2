//! The library: every document, by title, with how long it is.

use crate::route::Route;
use crate::state::StateHandle;
use factmark_core::{Document, Source, offsets};
use yew::prelude::*;

/// The list of documents; each title links to the document.
#[component]
pub fn Library() -> Html {
    let state = use_context::<StateHandle>().expect("Library is rendered inside the state provider");
    let documents = state.project.documents();
    html! {
        <main class="library" aria-labelledby="library-heading">
            <h1 id="library-heading">{ "Articles" }</h1>
            <p class="library-intro">
                { "Choose an article to read and annotate. Everything stays in this browser." }
            </p>
            <ul class="document-list" aria-label="Documents">
                { for documents.iter().map(document_item) }
            </ul>
        </main>
    }
}

fn document_item(document: &Document) -> Html {
    let href = Route::Document(document.id().clone()).to_hash();
    let words = document.text().split_whitespace().count();
    let source = match document.source() {
        Source::Bundled => "bundled article".to_owned(),
        Source::File { name } => name.clone(),
        Source::Pasted => "pasted text".to_owned(),
    };
    html! {
        <li class="document-item" key={document.id().0.clone()}>
            <a class="document-link" {href}>{ document.title() }</a>
            <span class="document-meta">
                { format!("{source} · {words} words · {} characters", offsets::cp_len(document.text())) }
            </span>
        </li>
    }
}
