//! The preview of a factmark file before it is merged: what is new, what conflicts,
//! what is unchanged, and what cannot be placed (orphans), with the choice to merge
//! keeping ours or taking theirs on conflicts, or to cancel.

use crate::state::{Msg, StateHandle};
use yew::prelude::*;

/// A dialog describing the pending import; nothing when there is none.
#[component]
pub fn ImportPreview() -> Html {
    let state = use_context::<StateHandle>().expect("ImportPreview is rendered inside the state provider");
    let Some(pending) = state.pending_import.clone() else {
        return html! {};
    };
    let plan = &pending.plan;
    let new_in_new_docs: usize = plan.new_documents.iter().map(|(_, a)| a.len()).sum();
    let confirm = |take_theirs: bool| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::ConfirmImport { take_theirs }))
    };
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
        (plan.new_labels.len(), "new labels", "labels"),
    ];
    html! {
        <div class="dialog-backdrop">
            <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-title">
                <h2 id="import-title">{ format!("Import {}", pending.file_name) }</h2>
                <dl class="import-summary">
                    { for summary.iter().map(|(n, what, id)| html! {
                        <div data-count={*id}><dt>{ what }</dt><dd>{ n }</dd></div>
                    }) }
                </dl>
                if !plan.conflicts.is_empty() {
                    <h3>{ "Conflicts: the file and this browser differ" }</h3>
                    <ul class="conflicts" aria-label="Conflicts">
                        { for plan.conflicts.iter().map(|(ours, theirs)| html! {
                            <li>
                                <q>{ ours.anchor.quote() }</q>
                                { format!(" — here: {}, in the file: {} ", ours.label, theirs.label) }
                                if theirs.anchor.quote() != ours.anchor.quote() {
                                    { "(file: " }<q>{ theirs.anchor.quote() }</q>{ ")" }
                                }
                            </li>
                        }) }
                    </ul>
                }
                if !plan.orphans.is_empty() {
                    <h3>{ "Orphans: these cannot be placed and will not be imported" }</h3>
                    <ul class="orphans" aria-label="Orphans">
                        { for plan.orphans.iter().map(|orphan| html! {
                            <li>
                                <q>{ orphan.annotation.anchor.quote() }</q>
                                { format!(" ({}, in “{}”): {}", orphan.annotation.label, orphan.document_title, orphan.reason) }
                            </li>
                        }) }
                    </ul>
                    <p class="hint">{ "Keep the file to keep them; they are listed again whenever it is imported." }</p>
                }
                <div class="dialog-actions">
                    if plan.conflicts.is_empty() {
                        <button class="primary" onclick={confirm(false)} disabled={plan.is_empty()}>{ "Import" }</button>
                    } else {
                        <button class="primary" onclick={confirm(false)}>{ "Import, keeping mine" }</button>
                        <button onclick={confirm(true)}>{ "Import, taking theirs" }</button>
                    }
                    <button onclick={cancel}>{ "Cancel" }</button>
                </div>
            </section>
        </div>
    }
}
