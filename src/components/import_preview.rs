//! The preview of a file before it is merged. The dialog is drawn by the dialogs'
//! module ([`crate::import_panel`]), fetched the first time a file is opened: the app
//! describes the pending import to it as JSON — what is new, what conflicts (each with
//! what differs), what is unchanged, what cannot be placed — and carries out the
//! choices it sends back (keep or take each conflict, place a source, import, cancel).
//!
//! ```text
//!  app ─ STATE {"view": "import", "import": {"file", "summary": [[n, what, id]…],
//!               "conflicts": [{"quote", "label", "differences", "take"}…], "leftOut",
//!               "unfit", "kept", "unread", "sources": [{"source", "annotations",
//!               "document", "chosen"}…], "documents": [[id, title]…], "orphans":
//!               [{"quote", "text"}…], "empty"}} ─▶ module
//!  app ◀─ IMPORT {"choose": i or null, "take": bool} · {"place": source, "document": id}
//!                · {"confirm": true} · {"cancel": true} ─ module
//! ```

use crate::labels::{self, CLOSE_EVENT, FAILED_EVENT, IMPORT_EVENT, READY_EVENT, STATE_EVENT};
use crate::lazy_modules::{self, detail, send};
use crate::state::{Msg, PendingImport, StateHandle};
use factmark_core::Project;
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

/// Shows the pending import's preview, when there is one, in the dialogs' module.
#[component]
pub fn ImportPreview() -> Html {
    let state = use_context::<StateHandle>().expect("ImportPreview is rendered inside the state provider");
    {
        let state = state.clone();
        use_effect_with(state.clone(), move |_| {
            let handle = {
                let state = state.clone();
                Rc::new(move |name: &str, event: &web_sys::Event| {
                    let Some(pending) = &state.pending_import else {
                        return;
                    };
                    match name {
                        READY_EVENT => send(STATE_EVENT, &state_json(pending, &state.project)),
                        CLOSE_EVENT if detail(event).as_deref() == Some("\"import\"") => {
                            state.dispatch(Msg::CancelImport)
                        }
                        IMPORT_EVENT => {
                            let sent: Value = detail(event)
                                .and_then(|d| serde_json::from_str(&d).ok())
                                .unwrap_or_default();
                            if let Some(msg) = choice(&sent) {
                                state.dispatch(msg);
                            }
                        }
                        FAILED_EVENT => {
                            state.dispatch(Msg::CancelImport);
                            state.dispatch(Msg::Problem(
                                "The import preview could not be downloaded or started; check the connection and try again."
                                    .to_owned(),
                            ));
                        }
                        _ => {}
                    }
                })
            };
            let listeners =
                lazy_modules::listen(&[READY_EVENT, CLOSE_EVENT, IMPORT_EVENT, FAILED_EVENT], handle);
            move || drop(listeners)
        });
    }
    use_effect_with(state.pending_import.clone(), move |pending| {
        let shown = pending.is_some();
        if let Some(pending) = pending {
            if labels::ready() {
                send(STATE_EVENT, &state_json(pending, &state.project));
            } else if let Err(why) = labels::start() {
                state.dispatch(Msg::Problem(format!(
                    "The import preview is not available: {why}."
                )));
            }
        }
        move || {
            if shown && labels::ready() {
                send(STATE_EVENT, "null");
            }
        }
    });
    html! {}
}

/// The message a choice sent by the module asks for.
fn choice(sent: &Value) -> Option<Msg> {
    if sent["confirm"] == true {
        Some(Msg::ConfirmImport)
    } else if sent["cancel"] == true {
        Some(Msg::CancelImport)
    } else if let (Some(source), Some(document)) = (sent["place"].as_str(), sent["document"].as_str()) {
        Some(Msg::PlaceSource {
            source: source.to_owned(),
            document: factmark_core::DocId(document.to_owned()),
        })
    } else if sent.get("choose").is_some() {
        Some(Msg::ChooseConflict {
            index: sent["choose"].as_u64().map(|i| i as usize),
            take_theirs: sent["take"] == true,
        })
    } else {
        None
    }
}

/// The STATE describing `pending` (an import into `project`) to the module: JSON
/// written by hand (a `serde_json::Value` built for it would be several times the code
/// a first visit downloads).
fn state_json(pending: &PendingImport, project: &Project) -> String {
    let plan = &pending.plan;
    let new_in_new_docs: usize = plan.new_documents.iter().map(|(_, a)| a.len()).sum();
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
    let summary = list(
        summary
            .iter()
            .map(|(n, what, id)| format!("[{n},{},{}]", text(what), text(id))),
    );
    let conflicts = list(
        plan.conflicts
            .iter()
            .zip(&pending.take_theirs)
            .map(|((ours, theirs), take)| {
                let differences = factmark_core::import::differences(ours, theirs);
                format!(
                    "{{\"quote\":{},\"label\":{},\"differences\":{},\"take\":{take}}}",
                    text(ours.anchor.quote()),
                    text(&ours.label),
                    list(differences.iter().map(|d| text(&d.to_string())))
                )
            }),
    );
    let sources = list(plan.sources.iter().map(|c| {
        format!(
            "{{\"source\":{},\"annotations\":{},\"document\":{},\"chosen\":{}}}",
            text(&c.source),
            c.annotations,
            c.document
                .as_ref()
                .map_or_else(|| "null".to_owned(), |d| text(&d.0)),
            c.chosen
        )
    }));
    // The documents a source can be placed on (only when there are sources).
    let documents = list(
        project
            .documents()
            .iter()
            .filter(|_| !plan.sources.is_empty())
            .map(|d| format!("[{},{}]", text(&d.id().0), text(d.title()))),
    );
    let orphans = list(plan.orphans.iter().map(|o| {
        format!(
            "{{\"quote\":{},\"text\":{}}}",
            text(o.annotation.anchor.quote()),
            text(&format!(
                " ({}, {}): {}",
                o.annotation.label,
                in_document(&o.document_title),
                o.reason
            ))
        )
    }));
    let texts = |items: &[String]| list(items.iter().map(|t| text(t)));
    format!(
        "{{\"view\":\"import\",\"import\":{{\"file\":{},\"summary\":{summary},\"conflicts\":{conflicts},\
         \"leftOut\":{},\"unfit\":{},\"kept\":{},\"sources\":{sources},\"documents\":{documents},\
         \"unread\":{},\"orphans\":{orphans},\"empty\":{}}}}}",
        text(&pending.file_name),
        texts(&plan.left_out),
        texts(&plan.unfit_values),
        texts(&plan.kept_ours),
        list(plan.unread.iter().map(|(file, u)| text(&format!("{file}: {u}")))),
        plan.is_empty(),
    )
}

/// `s` as a JSON string.
fn text(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// The JSON list of `items` (each JSON already).
fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(","))
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
