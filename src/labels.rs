//! The label editor, the guidelines, a document's details (its metadata) and the
//! keyboard help live in a
//! wasm module of its own (`labels_main.rs`, its dialogs in [`crate::labels_panel`]),
//! fetched the first time one of them opens: a first visit does not download the forms
//! of dialogs most visits never open. The dialog renders into its own root beside the
//! app's; every edit it asks for is the app's own (checked by the core, undoable,
//! saved), and the app answers with the project as it now is:
//!
//! ```text
//!  app ─ STATE {"view": "labels", "guidelines", "document" or "help",
//!               "file": native JSON of the labels and relation types (and guidelines),
//!               "document": {"id", "title", "meta": {field: text}} or null,
//!               "problem": why the last edit was refused, or null,
//!               "answer": the number of the edit answered, or null} ─▶ module
//!  app ◀─ EDIT  {"seq": n, "old": name or null, "label": native JSON of one label}
//!              {"seq": n, "old": …, "type": native JSON of one relation type (and the labels)}
//!              {"seq": n, "remove": "label" or "type", "name": …}
//!              {"seq": n, "guidelines": text}
//!              {"seq": n, "document": id, "meta": {field: text}} ─ module
//!  app ◀─ READY · CLOSE · FAILED (the module's start script: it did not start) ─ module
//! ```

use crate::lazy_modules::{self, detail, send};
use crate::state::{Msg, ProjectPtr, StateHandle};
use factmark_core::format::native::{self, NativeFile};
use factmark_core::{Action, DocId, EditError, Project};
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// The id of the element the module renders into (a sibling of the app's root).
pub const ROOT: &str = "factmark-labels";
/// The `<meta name=…>` in index.html whose content is the module's start script.
pub const META: &str = "factmark-labels-module";
/// App → module: the label set, and the answer to an edit.
pub const STATE_EVENT: &str = "factmark-labels-state";
/// Module → app: an edit asked for.
pub const EDIT_EVENT: &str = "factmark-labels-edit";
/// Module → app: it has started (and wants the state).
pub const READY_EVENT: &str = "factmark-labels-ready";
/// Module → app: the dialog was closed (its view's name, as JSON).
pub const CLOSE_EVENT: &str = "factmark-labels-close";
/// Module → app: a choice in the import preview ([`crate::components::import_preview`]).
pub const IMPORT_EVENT: &str = "factmark-labels-import";
/// Module's start script → app: it could not start.
pub const FAILED_EVENT: &str = "factmark-labels-failed";
/// Marks the module's script element once added.
const SCRIPT_ID: &str = "factmark-labels-script";

/// Which of the module's dialogs is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Panel {
    /// The label editor.
    Labels,
    /// The project's guidelines, with every label's and relation type's description.
    Guidelines,
    /// A document's details: its metadata.
    Document(DocId),
    /// The keyboard help.
    Help,
    /// This browser's projects: switch, create, rename, duplicate, delete, import.
    Projects,
}

impl Panel {
    /// Whether the dialog asks for edits of the project.
    fn edits(&self) -> bool {
        matches!(self, Panel::Labels | Panel::Guidelines | Panel::Document(_))
    }

    fn view(&self) -> &'static str {
        match self {
            Panel::Labels => "labels",
            Panel::Guidelines => "guidelines",
            Panel::Document(_) => "document",
            Panel::Help => "help",
            Panel::Projects => "projects",
        }
    }
}

/// The labels, relation types and guidelines of `project` as a factmark file holds them.
pub fn label_file(project: &Project) -> String {
    let mut file = NativeFile::of_schema(project.labels().clone(), project.relation_types().clone());
    file.guidelines = project.guidelines().to_owned();
    native::write(&file)
}

/// The STATE the module is sent for `panel`.
fn state_json(project: &Project, panel: &Panel, problem: Option<&str>, answer: Option<u64>) -> String {
    let string = |s: &str| serde_json::to_string(s).expect("a string serialises");
    let document = match panel {
        Panel::Document(id) => project.document(id).map_or_else(
            || "null".to_owned(),
            |doc| {
                format!(
                    "{{\"id\":{},\"title\":{},\"meta\":{}}}",
                    string(&doc.id().0),
                    string(doc.title()),
                    serde_json::to_string(doc.metadata()).expect("metadata serialises")
                )
            },
        ),
        _ => "null".to_owned(),
    };
    format!(
        "{{\"view\":\"{}\",\"file\":{},\"document\":{document},\"problem\":{},\"answer\":{}}}",
        panel.view(),
        string(&label_file(project)),
        problem.map_or_else(|| "null".to_owned(), string),
        answer.map_or_else(|| "null".to_owned(), |n| n.to_string()),
    )
}

/// The metadata the object `meta` (field names to text) gives document `id`, as the
/// edit that sets it; a field name that cannot be is refused, naming it.
fn metadata_edit(project: &Project, id: &str, meta: &serde_json::Value) -> Result<Action, String> {
    let mut metadata = factmark_core::metadata::Metadata::new();
    for (name, value) in meta.as_object().into_iter().flatten() {
        let value = value.as_str().unwrap_or_default();
        metadata = metadata
            .with(name, value)
            .map_err(|why| format!("“{name}”: {why}"))?;
    }
    project
        .set_metadata(&DocId(id.to_owned()), metadata)
        .map_err(|err| err.to_string())
}

/// The edit an EDIT event asks of `project`, with the number it carries; the edit is
/// `Err` when the core refuses it (or the event cannot be read).
fn edit_of(project: &Project, detail: &str) -> (Option<u64>, Result<Action, String>) {
    let Ok(serde_json::Value::Object(edit)) = serde_json::from_str::<serde_json::Value>(detail) else {
        return (
            None,
            Err("the label editor sent an edit that could not be read".to_owned()),
        );
    };
    let seq = edit.get("seq").and_then(serde_json::Value::as_u64);
    let text = |key: &str| edit.get(key).and_then(serde_json::Value::as_str);
    let old = text("old");
    let refused = |err: EditError| err.to_string();
    let action = if let Some(file) = text("label") {
        match native::read(file).map(|file| file.labels.iter().next().cloned()) {
            Ok(Some(label)) => match old {
                Some(old) => project.update_label(old, label),
                None => project.add_label(label),
            }
            .map_err(refused),
            Ok(None) => Err("the label editor sent no label".to_owned()),
            Err(err) => Err(err.to_string()),
        }
    } else if let Some(file) = text("type") {
        match native::read(file).map(|file| file.relation_types.iter().next().cloned()) {
            Ok(Some(kind)) => match old {
                Some(old) => project.update_relation_type(old, kind),
                None => project.add_relation_type(kind),
            }
            .map_err(refused),
            Ok(None) => Err("the label editor sent no relation type".to_owned()),
            Err(err) => Err(err.to_string()),
        }
    } else if let Some(text) = text("guidelines") {
        Ok(project.set_guidelines(text))
    } else if let (Some(id), Some(meta)) = (text("document"), edit.get("meta")) {
        metadata_edit(project, id, meta)
    } else {
        let name = text("name").unwrap_or_default();
        match text("remove") {
            Some("label") => project.remove_label(name).map_err(refused),
            Some("type") => project.remove_relation_type(name).map_err(refused),
            _ => Err("the label editor asked for an edit factmark does not know".to_owned()),
        }
    };
    (seq, action)
}

/// Shows the dialog `open` names (none when `None`), fetching the module the first
/// time; `onclose` is called when the person closes it.
#[hook]
pub fn use_label_editor(state: &StateHandle, open: Option<Panel>, onclose: Callback<()>) {
    {
        let state = state.clone();

        // Listeners see the state of the render that made them; they are made again
        // whenever it changes.
        use_effect_with((state.clone(), open.clone()), move |(_, open)| {
            let open = open.clone();
            let handle = {
                let state = state.clone();

                Rc::new(move |name: &str, event: &web_sys::Event| match name {
                    READY_EVENT => {
                        READY.with(|r| r.set(true));
                        if let Some(panel) = &open {
                            send(STATE_EVENT, &state_json(&state.project, panel, None, None));
                        }
                    }
                    // Only the page whose dialog is open takes its edits (the app and a
                    // page may each have this hook).
                    EDIT_EVENT if open.as_ref().is_some_and(Panel::edits) => {
                        let (seq, action) = edit_of(&state.project, &detail(event).unwrap_or_default());
                        match action {
                            Ok(action) => {
                                // The new label set goes out when the project changes (below).
                                ANSWER.with(|answer| answer.set(seq));
                                state.dispatch(Msg::Perform(action));
                            }
                            Err(problem) => {
                                if let Some(panel) = &open {
                                    send(
                                        STATE_EVENT,
                                        &state_json(&state.project, panel, Some(&problem), seq),
                                    )
                                }
                            }
                        }
                    }
                    // The import preview's close is the import's.
                    // Each dialog's close is its opener's (the import's is the import's).
                    CLOSE_EVENT => {
                        if let Some(panel) = &open
                            && detail(event).as_deref() == Some(format!("{:?}", panel.view()).as_str())
                        {
                            onclose.emit(())
                        }
                    }
                    EDIT_EVENT => {}
                    _ => {
                        onclose.emit(());
                        state.dispatch(Msg::Problem(
                            "The dialog could not be downloaded or started; check the connection and try again."
                                .to_owned(),
                        ));
                    }
                })
            };
            let listeners =
                lazy_modules::listen(&[READY_EVENT, EDIT_EVENT, CLOSE_EVENT, FAILED_EVENT], handle);
            move || drop(listeners)
        });
    }
    {
        let problem = state.clone();
        use_effect_with(open.clone(), move |open| {
            let shown = open.is_some();
            if let Some(panel) = open {
                if ready() {
                    send(STATE_EVENT, &state_json(&problem.project, panel, None, None));
                } else if let Err(why) = start() {
                    problem.dispatch(Msg::Problem(format!("The dialog is not available: {why}.")));
                }
            }
            // Closed, or the page that opened it gone: the dialog goes too.
            move || {
                if shown && ready() {
                    send(STATE_EVENT, "null");
                }
            }
        });
    }
    // Each change to the project while the dialog is open: the project as it now is.
    use_effect_with(ProjectPtr(state.project.clone()), move |ProjectPtr(project)| {
        if let Some(panel) = &open
            && ready()
        {
            let answer = ANSWER.with(|answer| answer.take());
            send(STATE_EVENT, &state_json(project, panel, None, answer));
        }
    });
}

/// Whether the module has started (it says so with READY).
pub fn ready() -> bool {
    READY.with(Cell::get)
}

/// Starts the module (once: its script is added to the page the first time).
pub fn start() -> Result<(), String> {
    lazy_modules::add_script(SCRIPT_ID, META, "dialogs module").map(|_| ())
}

thread_local! {
    /// The number of the edit made last, answered with the project it made.
    static ANSWER: Cell<Option<u64>> = const { Cell::new(None) };
    /// Whether the module has started, for every opener of its dialogs (the app, the
    /// library and the reader; the module starts once).
    static READY: Cell<bool> = const { Cell::new(false) };
}
