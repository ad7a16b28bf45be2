//! The label editor lives in a wasm module of its own (`labels_main.rs`, its dialog in
//! [`crate::labels_panel`]), fetched the first time **Edit labels** is pressed: a first
//! visit does not download the forms of a dialog most visits never open. The dialog
//! renders into its own root beside the app's; every edit it asks for is the app's
//! own (checked by the core, undoable, saved), and the app answers with the label set
//! as it now is:
//!
//! ```text
//!  app ─ STATE {"file": native JSON of the labels and relation types,
//!               "problem": why the last edit was refused, or null,
//!               "answer": the number of the edit answered, or null} ─▶ module
//!  app ◀─ EDIT  {"seq": n, "old": name or null, "label": native JSON of one label}
//!              {"seq": n, "old": …, "type": native JSON of one relation type (and the labels)}
//!              {"seq": n, "remove": "label" or "type", "name": …} ─ module
//!  app ◀─ READY · CLOSE · FAILED (the module's start script: it did not start) ─ module
//! ```

use crate::lazy_modules::{self, detail, send};
use crate::state::{Msg, ProjectPtr, StateHandle};
use factmark_core::format::native::{self, NativeFile};
use factmark_core::{Action, EditError, Project};
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
/// Module → app: the dialog was closed.
pub const CLOSE_EVENT: &str = "factmark-labels-close";
/// Module's start script → app: it could not start.
pub const FAILED_EVENT: &str = "factmark-labels-failed";
/// Marks the module's script element once added.
const SCRIPT_ID: &str = "factmark-labels-script";

/// The labels and relation types of `project` as a factmark file holds them.
pub fn label_file(project: &Project) -> String {
    native::write(&NativeFile::of_schema(
        project.labels().clone(),
        project.relation_types().clone(),
    ))
}

/// The STATE the module is sent.
fn state_json(project: &Project, problem: Option<&str>, answer: Option<u64>) -> String {
    let string = |s: &str| serde_json::to_string(s).expect("a string serialises");
    format!(
        "{{\"file\":{},\"problem\":{},\"answer\":{}}}",
        string(&label_file(project)),
        problem.map_or_else(|| "null".to_owned(), string),
        answer.map_or_else(|| "null".to_owned(), |n| n.to_string()),
    )
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

/// Shows the label editor while `open`, fetching its module the first time; `onclose`
/// is called when the person closes it.
#[hook]
pub fn use_label_editor(state: &StateHandle, open: bool, onclose: Callback<()>) {
    let ready = use_memo((), |_| Cell::new(false));
    {
        let state = state.clone();
        let ready = ready.clone();
        // Listeners see the state of the render that made them; they are made again
        // whenever it changes.
        use_effect_with((state.clone(), open), move |(_, open)| {
            let open = *open;
            let handle = {
                let state = state.clone();
                let ready = ready.clone();
                Rc::new(move |name: &str, event: &web_sys::Event| match name {
                    READY_EVENT => {
                        ready.set(true);
                        if open {
                            send(STATE_EVENT, &state_json(&state.project, None, None));
                        }
                    }
                    EDIT_EVENT => {
                        let (seq, action) = edit_of(&state.project, &detail(event).unwrap_or_default());
                        match action {
                            Ok(action) => {
                                // The new label set goes out when the project changes (below).
                                ANSWER.with(|answer| answer.set(seq));
                                state.dispatch(Msg::Perform(action));
                            }
                            Err(problem) => {
                                send(STATE_EVENT, &state_json(&state.project, Some(&problem), seq))
                            }
                        }
                    }
                    CLOSE_EVENT => onclose.emit(()),
                    _ => {
                        onclose.emit(());
                        state.dispatch(Msg::Problem(
                            "The label editor could not be downloaded or started; check the connection and try again."
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
        let ready = ready.clone();
        use_effect_with(open, move |&open| {
            if open {
                if ready.get() {
                    send(STATE_EVENT, &state_json(&problem.project, None, None));
                } else if let Err(why) = lazy_modules::add_script(SCRIPT_ID, META, "label editor") {
                    problem.dispatch(Msg::Problem(format!("The label editor is not available: {why}.")));
                }
            }
            // Closed, or the page that opened it gone: the dialog goes too.
            move || {
                if open && ready.get() {
                    send(STATE_EVENT, "null");
                }
            }
        });
    }
    // Each change to the project while the dialog is open: the label set as it now is.
    use_effect_with(ProjectPtr(state.project.clone()), move |ProjectPtr(project)| {
        if open && ready.get() {
            let answer = ANSWER.with(|answer| answer.take());
            send(STATE_EVENT, &state_json(project, None, answer));
        }
    });
}

thread_local! {
    /// The number of the edit made last, answered with the project it made.
    static ANSWER: Cell<Option<u64>> = const { Cell::new(None) };
}
