//! What buttons and keys do that reads the clock or touches the page before (or
//! after) it dispatches: marking the selection, downloading files, telling typing
//! from shortcuts. One place for each, so every button and key does it the same way.

use crate::clock;
use crate::components::document_text::clear_selection;
use crate::download::{download, file_stem};
use crate::state::{Msg, StateHandle};
use factmark_core::format::Format;
use factmark_core::format::native::{self, NativeFile};
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

/// The name a format has in the Export format menu (also its option's value).
pub fn menu_name(format: Format) -> &'static str {
    match format {
        Format::Native => "factmark",
        Format::W3c => "W3C Web Annotation",
        Format::SpacyJsonl => "spaCy JSONL",
        Format::Doccano => "doccano JSONL",
        Format::Csv => "CSV",
    }
}

/// The file name ending and media type of a download in `format`.
fn file_kind(format: Format) -> (&'static str, &'static str) {
    match format {
        Format::Native => ("factmark.json", "application/json"),
        Format::W3c => ("w3c.jsonld", "application/ld+json"),
        Format::SpacyJsonl => ("spacy.jsonl", "application/jsonl"),
        Format::Doccano => ("doccano.jsonl", "application/jsonl"),
        Format::Csv => ("csv", "text/csv"),
    }
}

/// Downloads one document with its annotations in `format`, named after its title.
/// factmark files and the JSON Lines formats carry the text; W3C and CSV refer to it.
pub fn download_document(project: &Project, id: &DocId, format: Format) -> Result<(), String> {
    let document = project.document(id).ok_or("there is no such document")?;
    let with_text = !matches!(format, Format::W3c | Format::Csv);
    let contents = format.write(&NativeFile::from_documents(project, [id], with_text))?;
    let (ending, mime) = file_kind(format);
    download(
        &format!("{}.{ending}", file_stem(document.title())),
        mime,
        &contents,
    )
}

/// Whether a key event is typing in a form field (whose keys are the field's own).
pub fn typing_in_field(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}
