//! The library: every document with its length, annotation count and status; open
//! files (chooser or drag and drop), paste text, rename and remove documents.

use crate::components::ExportMenu;
use crate::files;
use crate::route::Route;
use crate::state::{Msg, ProjectPtr, StateHandle};
use factmark_core::format::plain;
use factmark_core::{Document, Source, Status, library};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The list of documents and the ways to add more.
#[component]
pub fn Library() -> Html {
    let state = use_context::<StateHandle>().expect("Library is rendered inside the state provider");
    let file_input = use_node_ref();
    let dragging = use_state(|| false);
    let pasting = use_state(|| false);
    let renaming = use_state(|| None::<factmark_core::DocId>);
    let panel = use_state(|| None::<crate::labels::Panel>);
    let open_panel = |which: crate::labels::Panel| {
        let panel = panel.clone();
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Msg::DismissProblem);
            panel.set(Some(which.clone()))
        })
    };
    let onlabels = open_panel(crate::labels::Panel::Labels);
    let onguidelines = open_panel(crate::labels::Panel::Guidelines);
    let onprojects = open_panel(crate::labels::Panel::Projects);
    let onpanel_close = {
        let panel = panel.clone();
        let state = state.clone();
        Callback::from(move |()| {
            state.dispatch(Msg::DismissProblem);
            panel.set(None)
        })
    };
    crate::labels::use_label_editor(&state, (*panel).clone(), onpanel_close);

    let open_files = {
        let state = state.clone();
        move |list: Option<web_sys::FileList>| {
            let Some(list) = list else { return };
            let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            if files.is_empty() {
                return;
            }
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcomes = files::open_all(files, &state.project).await;
                state.dispatch(Msg::Opened(outcomes));
            });
        }
    };
    let onchoose = {
        let open_files = open_files.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            open_files(input.files());
            input.set_value("");
        })
    };
    let onopen = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            open_files(event.data_transfer().and_then(|transfer| transfer.files()));
        })
    };
    let onpaste_toggle = {
        let pasting = pasting.clone();
        Callback::from(move |_| pasting.set(!*pasting))
    };
    let onpaste_submit = {
        let state = state.clone();
        let pasting = pasting.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(form) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let Some(area) = form.elements().named_item("text") else {
                return;
            };
            let text = area.unchecked_into::<web_sys::HtmlTextAreaElement>().value();
            if text.trim().is_empty() {
                return;
            }
            let document = Document::new(
                plain::text_id(&text),
                factmark_core::document::default_title(&text),
                text,
                Source::Pasted,
            );
            state.dispatch(Msg::Opened(vec![(
                "Pasted text".to_owned(),
                Ok(files::Opened::Documents(vec![document])),
            )]));
            pasting.set(false);
        })
    };
    let undo = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::Undo))
    };
    let documents = state.project.documents();
    // What the library holds, counted once per change to the project.
    let totals = use_memo(ProjectPtr(state.project.clone()), |ProjectPtr(project)| {
        library::totals(project)
    });
    let counted = |counts: &[(String, usize)]| {
        counts
            .iter()
            .map(|(name, n)| format!("{} {n}", if name.is_empty() { "(no name)" } else { name }))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut summary = format!(
        "{} of {} done · {} in progress · {} annotation{}",
        totals.done,
        totals.documents,
        totals.in_progress,
        totals.annotations,
        if totals.annotations == 1 { "" } else { "s" },
    );
    if !totals.by_label.is_empty() {
        summary.push_str(&format!(
            ": {} · by {}",
            counted(&totals.by_label),
            counted(&totals.by_annotator)
        ));
    }
    html! {
        <main class={classes!("library", dragging.then_some("dragging"))} aria-labelledby="library-heading"
            {ondragover} {ondragleave} {ondrop}>
            <div class="library-heading">
                <h1 id="library-heading">{ "Articles" }</h1>
                <button class="project-switch" onclick={onprojects}
                    title="Projects in this browser: switch, create, rename, duplicate, delete, import"
                    aria-label={format!("Project: {}", crate::storage::project_name())}>
                    { crate::storage::project_name() }{ " ▾" }
                </button>
            </div>
            <p class="library-intro">
                { "Choose an article to read and annotate, or add your own: open or drop .txt, .md, \
                   .jsonl files, annotations (factmark, W3C, spaCy JSONL, Prodigy, doccano, Label Studio, CSV, \
                   CoNLL, Hugging Face rows with their labels.json, INCEpTION's WebAnno TSV, or brat: each .ann with its .txt), or paste text. \
                   Everything stays in this browser." }
            </p>
            <div class="library-actions">
                <button onclick={onopen} title="Open texts, or annotation files to merge">{ "Import" }</button>
                <a class="button-link" href={crate::route::Route::Team.to_hash()}>{ "Compare annotators" }</a>
                <input type="file" ref={file_input} multiple=true class="visually-hidden" tabindex="-1"
                    accept=".txt,.md,.markdown,.json,.jsonld,.jsonl,.ndjson,.ann,.csv,.tsv,.conll,.conll03,.iob,.iob2,.bio,.bioes,text/plain" onchange={onchoose}
                    aria-label="Choose files to open" />
                <button onclick={onpaste_toggle} aria-expanded={pasting.to_string()}>{ "Paste text" }</button>
                <button onclick={undo} disabled={!state.history.can_undo()} title="Undo (Ctrl+Z)">{ "Undo" }</button>
                <ExportMenu document={None::<factmark_core::DocId>} label="Export all" menu_name="Export all format" />
                <button onclick={onlabels} aria-label="Edit labels" title="Edit labels and relation types">{ "Labels" }</button>
                <button onclick={onguidelines} title="The project's guidelines and what each label is for">{ "Guidelines" }</button>
            </div>
            if *pasting {
                <form class="paste-form" onsubmit={onpaste_submit} aria-label="Paste a document">
                    <textarea name="text" rows="8" aria-label="Text to add" placeholder="Paste the article here" />
                    <button type="submit">{ "Add document" }</button>
                </form>
            }
            <p class="library-totals" data-testid="library-totals">{ summary }</p>
            <ul class="document-list" aria-label="Documents">
                { for documents.iter().map(|document| document_item(&state, document, &renaming)) }
            </ul>
        </main>
    }
}

fn document_item(
    state: &StateHandle,
    document: &Document,
    renaming: &UseStateHandle<Option<factmark_core::DocId>>,
) -> Html {
    let href = Route::Document(document.id().clone()).to_hash();
    let words = document.text().split_whitespace().count();
    let count = state.project.count_of(document.id());
    let source = match document.source() {
        Source::Bundled => "bundled article".to_owned(),
        Source::File { name } => name.clone(),
        Source::Pasted => "pasted text".to_owned(),
    };
    let title = document.title().to_owned();
    let onstatus = {
        let state = state.clone();
        let id = document.id().clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let status = Status::ALL
                .into_iter()
                .find(|s| s.describe() == value)
                .unwrap_or_default();
            if let Ok(action) = state.project.set_status(&id, status) {
                state.dispatch(Msg::Perform(action));
            }
        })
    };
    let onremove = {
        let state = state.clone();
        let id = document.id().clone();
        Callback::from(move |_| {
            if let Ok(action) = state.project.remove_document(&id) {
                state.dispatch(Msg::Perform(action));
            }
        })
    };
    let onrename_start = {
        let renaming = renaming.clone();
        let id = document.id().clone();
        Callback::from(move |_| renaming.set(Some(id.clone())))
    };
    let is_renaming = renaming.as_ref() == Some(document.id());
    let onrename = {
        let state = state.clone();
        let renaming = renaming.clone();
        let id = document.id().clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let Some(input) = form.elements().named_item("title") else {
                return;
            };
            let title = input.unchecked_into::<web_sys::HtmlInputElement>().value();
            let title = title.trim();
            if !title.is_empty()
                && let Ok(action) = state.project.rename_document(&id, title)
            {
                state.dispatch(Msg::Perform(action));
            }
            renaming.set(None);
        })
    };
    let statuses = Status::ALL.iter().map(|status| {
        html! {
            <option value={status.describe()} selected={*status == document.status()}>{ status.describe() }</option>
        }
    });
    html! {
        <li class="document-item" key={document.id().0.clone()}>
            if is_renaming {
                <form class="rename-form" onsubmit={onrename} aria-label={format!("Rename {title}")}>
                    <input name="title" value={title.clone()} aria-label="New title" />
                    <button type="submit">{ "Save title" }</button>
                </form>
            } else {
                <a class="document-link" {href}>{ &title }</a>
            }
            <div class="document-row">
                <span class="document-meta">
                    { format!("{source} · {words} words · {count} annotation{}", if count == 1 { "" } else { "s" }) }
                </span>
                <select class="status" aria-label={format!("Status of {title}")} onchange={onstatus}>
                    { for statuses }
                </select>
                <button class="quiet" onclick={onrename_start} aria-label={format!("Rename {title}")}>
                    { "Rename" }
                </button>
                <button class="quiet danger" onclick={onremove} aria-label={format!("Remove {title}")}>
                    { "Remove" }
                </button>
            </div>
        </li>
    }
}
