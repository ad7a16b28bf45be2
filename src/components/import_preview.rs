//! The preview of a factmark file before it is merged: what is new, what conflicts,
//! what is unchanged, and what cannot be placed (orphans). Each conflict says what
//! differs (label, span, note, annotator) and is kept or taken on its own, or all at
//! once; then the file is merged as one edit, or not at all.

use crate::state::{Msg, PendingImport, StateHandle};
use yew::prelude::*;

/// A dialog describing the pending import; nothing when there is none.
#[component]
pub fn ImportPreview() -> Html {
    let state = use_context::<StateHandle>().expect("ImportPreview is rendered inside the state provider");
    match state.pending_import.clone() {
        Some(pending) => html! { <Preview {pending} /> },
        None => html! {},
    }
}

/// Props of [`Preview`].
#[derive(Properties, PartialEq)]
struct PreviewProps {
    pending: PendingImport,
}

/// The dialog itself (its hooks run at every render, in the same order).
#[component]
fn Preview(props: &PreviewProps) -> Html {
    let state = use_context::<StateHandle>().expect("ImportPreview is rendered inside the state provider");
    let pending = &props.pending;
    let dialog = use_node_ref();
    {
        let state = state.clone();
        super::dialog::use_dialog(
            dialog.clone(),
            Callback::from(move |()| state.dispatch(Msg::CancelImport)),
        );
    }
    let plan = &pending.plan;
    let new_in_new_docs: usize = plan.new_documents.iter().map(|(_, a)| a.len()).sum();
    let confirm = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::ConfirmImport))
    };
    let taken = pending.take_theirs.iter().filter(|t| **t).count();
    let cancel = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::CancelImport))
    };
    let summary = [
        (plan.new_documents.len(), "new documents", "new-documents"),
        (plan.added.len() + new_in_new_docs, "new annotations", "added"),
        (plan.moved, "found again in a changed text", "moved"),
        (plan.conflicts.len(), "conflicting", "conflicts"),
        (plan.unchanged, "already here", "unchanged"),
        (plan.orphans.len(), "orphaned", "orphans"),
        (plan.left_out.len(), "not readable, left out", "left-out"),
        (plan.not_read(), "not held by factmark, not read", "not-read"),
        (plan.new_labels.len(), "new labels", "labels"),
        (plan.relations.len(), "new relations", "relations"),
        (
            plan.relations_unchanged,
            "relations already here",
            "relations-unchanged",
        ),
        (
            plan.relation_orphans.len(),
            "relations whose ends are not here, left out",
            "relation-orphans",
        ),
        (
            plan.new_relation_types.len(),
            "new relation types",
            "relation-types",
        ),
    ];
    html! {
        <div class="dialog-backdrop">
            <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-title"
                ref={dialog} tabindex="-1">
                <h2 id="import-title">{ format!("Import {}", pending.file_name) }</h2>
                <dl class="import-summary">
                    { for summary.iter().map(|(n, what, id)| html! {
                        <div data-count={*id}><dt>{ what }</dt><dd>{ n }</dd></div>
                    }) }
                </dl>
                if !plan.conflicts.is_empty() {
                    <h3>{ "Conflicts: the file and this browser differ" }</h3>
                    <p class="conflict-all">
                        <button onclick={choose(&state, None, false)}>{ "Keep all mine" }</button>
                        <button onclick={choose(&state, None, true)}>{ "Take all theirs" }</button>
                    </p>
                    <ol class="conflicts" aria-label="Conflicts">
                        { for plan.conflicts.iter().zip(&pending.take_theirs).enumerate().map(|(i, ((ours, theirs), take))| html! {
                            <li aria-label={format!("Conflict {}", i + 1)}>
                                <q>{ ours.anchor.quote() }</q>{ format!(" ({})", ours.label) }
                                <ul class="differences">
                                    { for factmark_core::import::differences(ours, theirs).iter().map(|d| html! { <li>{ d.to_string() }</li> }) }
                                </ul>
                                <span class="choice" role="radiogroup" aria-label={format!("Conflict {}: which to keep", i + 1)}>
                                    <label><input type="radio" name={format!("conflict-{i}")} checked={!*take} onchange={choose(&state, Some(i), false)} />{ " Keep mine" }</label>
                                    <label><input type="radio" name={format!("conflict-{i}")} checked={*take} onchange={choose(&state, Some(i), true)} />{ " Take theirs" }</label>
                                </span>
                            </li>
                        }) }
                    </ol>
                }
                if !plan.left_out.is_empty() {
                    <h3>{ "Left out: these parts of the file could not be read and will not be imported" }</h3>
                    <ul class="orphans" aria-label="Left out">
                        { for plan.left_out.iter().map(|why| html! { <li>{ why.clone() }</li> }) }
                    </ul>
                }
                if !plan.unfit_values.is_empty() {
                    <h3>{ "Attribute values not kept: this project's fields cannot hold them (the annotations come in without them)" }</h3>
                    <ul class="orphans" aria-label="Attribute values not kept">
                        { for plan.unfit_values.iter().map(|why| html! { <li>{ why.clone() }</li> }) }
                    </ul>
                }
                if !plan.kept_ours.is_empty() {
                    <h3>{ "Kept as they are here" }</h3>
                    <ul class="orphans" aria-label="Kept as they are here">
                        { for plan.kept_ours.iter().map(|why| html! { <li>{ why.clone() }</li> }) }
                    </ul>
                }
                if !plan.sources.is_empty() {
                    <h3>{ "Texts the file names only by their source: choose each one's document" }</h3>
                    <ul class="sources" aria-label="Sources">
                        { for plan.sources.iter().map(|choice| source_choice(&state, choice)) }
                    </ul>
                }
                if !plan.unread.is_empty() {
                    <h3>{ "Not read: what the files hold that factmark does not (and what was joined or corrected)" }</h3>
                    <ul class="orphans" aria-label="Not read">
                        { for plan.unread.iter().map(|(file, u)| html! { <li>{ format!("{file}: {u}") }</li> }) }
                    </ul>
                }
                if !plan.orphans.is_empty() {
                    <h3>{ "Orphans: these cannot be placed and will not be imported" }</h3>
                    <ul class="orphans" aria-label="Orphans">
                        { for plan.orphans.iter().map(|orphan| html! {
                            <li>
                                <q>{ orphan.annotation.anchor.quote() }</q>
                                { format!(" ({}, {}): {}", orphan.annotation.label, in_document(&orphan.document_title), orphan.reason) }
                            </li>
                        }) }
                    </ul>
                    <p class="hint">{ "Keep the file to keep them; they are listed again whenever it is imported." }</p>
                }
                <div class="dialog-actions">
                    if plan.conflicts.is_empty() {
                        <button class="primary" onclick={confirm} disabled={plan.is_empty()}>{ "Import" }</button>
                    } else {
                        <button class="primary" onclick={confirm}>
                            { format!("Import, keeping {} of mine and taking {taken} of theirs", plan.conflicts.len() - taken) }
                        </button>
                    }
                    <button onclick={cancel}>{ "Cancel" }</button>
                </div>
            </section>
        </div>
    }
}

/// Chooses, for conflict `index` (every conflict when `None`), the file's version or ours.
fn choose<E>(state: &StateHandle, index: Option<usize>, take_theirs: bool) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |_| state.dispatch(Msg::ChooseConflict { index, take_theirs }))
}

/// Where an orphan was, for people: its document's title, or that the file gives none
/// (a W3C file names a document only by the SHA-256 of its text).
fn in_document(title: &str) -> String {
    if title.is_empty() {
        "in a document the file gives no title".to_owned()
    } else {
        format!("in “{}”", factmark_core::words::shorten(title, 60))
    }
}

/// One text the file names only by its source, with the document its annotations go on
/// and a chooser for another.
fn source_choice(state: &StateHandle, choice: &factmark_core::import::SourceChoice) -> Html {
    let name = if choice.source.is_empty() {
        "(no source named)".to_owned()
    } else {
        choice.source.clone()
    };
    let onchange = {
        let state = state.clone();
        let source = choice.source.clone();
        Callback::from(move |event: Event| {
            use wasm_bindgen::JsCast;
            let Some(select) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            else {
                return;
            };
            let value = select.value();
            if !value.is_empty() {
                state.dispatch(Msg::PlaceSource {
                    source: source.clone(),
                    document: factmark_core::DocId(value),
                });
            }
        })
    };
    let how = match (&choice.document, choice.chosen) {
        (None, _) => "no document here holds its quotes: choose one",
        (Some(_), true) => "chosen",
        (Some(_), false) => "found by its quotes",
    };
    let label = format!(
        "{name}: {} annotation{}",
        choice.annotations,
        if choice.annotations == 1 { "" } else { "s" }
    );
    html! {
        <li>
            <label>
                <span class="source-name">{ label.clone() }</span>{ " on " }
                <select aria-label={format!("Document for {name}")} {onchange}>
                    <option value="" selected={choice.document.is_none()}>{ "— choose a document —" }</option>
                    { for state.project.documents().iter().map(|doc| html! {
                        <option value={doc.id().0.clone()} selected={choice.document.as_ref() == Some(doc.id())}>
                            { doc.title().to_owned() }
                        </option>
                    }) }
                </select>
            </label>
            <span class="source-how">{ format!(" ({how})") }</span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::in_document;

    /// Issue 14, item 8: a W3C file's orphan was listed "in “”".
    #[test]
    fn item_8_an_orphan_of_a_document_without_a_title_says_so() {
        assert_eq!(in_document(""), "in a document the file gives no title");
        assert_eq!(in_document("Войска 🇧🇾"), "in “Войска 🇧🇾”");
    }
}
