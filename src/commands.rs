//! What buttons and keys do that reads the clock or touches the page before (or
//! after) it dispatches: marking the selection, downloading files, telling typing
//! from shortcuts. One place for each, so every button and key does it the same way.

use crate::clock;
use crate::components::document_text::clear_selection;
use crate::download::{download, file_stem};
use crate::state::{Msg, StateHandle};
use factmark_core::format::native::{self, NativeFile};
use factmark_core::format::{csv, doccano, spacy_jsonl, w3c};
use factmark_core::{DocId, Project};
use wasm_bindgen::JsCast;

/// Marks the current selection with `label` (snapped to words unless `exact`), then
/// clears the selection so the next one starts afresh.
pub fn mark_selection(state: &StateHandle, label: String, exact: bool) {
    state.dispatch(Msg::Mark {
        label,
        exact,
        id: clock::new_annotation_id(),
        now: clock::now(),
    });
    clear_selection();
}

/// Downloads the whole project, texts included, as `factmark-project.json`.
pub fn download_project(project: &Project) -> Result<(), String> {
    let json = native::write(&NativeFile::from_project(project, true));
    download("factmark-project.json", "application/json", &json)
}

/// The formats one document can be exported in from the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// factmark's own file, with the text.
    Native,
    /// W3C Web Annotation (JSON-LD).
    W3c,
    /// spaCy-style JSON Lines of texts and spans.
    SpacyJsonl,
    /// doccano JSON Lines.
    Doccano,
    /// CSV, one row per annotation.
    Csv,
}

impl ExportFormat {
    /// Every format, in the order offered.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Native,
        ExportFormat::W3c,
        ExportFormat::SpacyJsonl,
        ExportFormat::Doccano,
        ExportFormat::Csv,
    ];

    /// The name shown to people, which is also the value of its menu option.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Native => "factmark",
            ExportFormat::W3c => "W3C Web Annotation",
            ExportFormat::SpacyJsonl => "spaCy JSONL",
            ExportFormat::Doccano => "doccano JSONL",
            ExportFormat::Csv => "CSV",
        }
    }
}

/// Downloads one document with its annotations in `format`, named after its title.
pub fn download_document(project: &Project, id: &DocId, format: ExportFormat) -> Result<(), String> {
    let document = project.document(id).ok_or("there is no such document")?;
    let stem = file_stem(document.title());
    // (file name, media type, contents)
    let (name, mime, contents) = match format {
        ExportFormat::Native => {
            let file = NativeFile::from_documents(project, [id], true);
            (
                format!("{stem}.factmark.json"),
                "application/json",
                native::write(&file),
            )
        }
        ExportFormat::W3c => {
            let file = NativeFile::from_documents(project, [id], false);
            (
                format!("{stem}.w3c.jsonld"),
                "application/ld+json",
                w3c::write(&file),
            )
        }
        ExportFormat::SpacyJsonl => {
            let file = NativeFile::from_documents(project, [id], true);
            (
                format!("{stem}.spacy.jsonl"),
                "application/jsonl",
                spacy_jsonl::write(&file)?,
            )
        }
        ExportFormat::Doccano => {
            let file = NativeFile::from_documents(project, [id], true);
            (
                format!("{stem}.doccano.jsonl"),
                "application/jsonl",
                doccano::write(&file)?,
            )
        }
        ExportFormat::Csv => {
            let file = NativeFile::from_documents(project, [id], false);
            (format!("{stem}.csv"), "text/csv", csv::write(&file))
        }
    };
    download(&name, mime, &contents)
}

/// Whether a key event is typing in a form field (whose keys are the field's own).
pub fn typing_in_field(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}
