//! Help while marking — corpus search, suggestions — lives in a wasm module of its own
//! (`assist_main.rs`), fetched the first time it is wanted: a search (`/`, Ctrl+K), or
//! a document opened in a project with marks while suggestions are on. Its panel renders
//! into its own root beside the app's; its engine (`factmark_core::assist`) runs in a
//! worker, off the page's thread. The app and the module speak through events on
//! `window`, each carrying JSON:
//!
//! ```text
//!  app ─ STATE (the project without texts, the open document; texts when they change) ─▶ module
//!  app ─ SEARCH (open the search box) ─▶ module
//!  app ◀─ SUGGESTIONS (the open document's, to paint and to accept by key) ─ module
//!  app ◀─ MARK (places to mark, one edit) · LINK (a suggested relation, linked or
//!         rejected) · OPEN (go to a place) · READY ─ module
//! ```
//!
//! Accepting and rejecting are the app's own edits (undoable, saved): the module only
//! learns of them in the next STATE.

pub use crate::lazy_modules::{detail, send};
use factmark_core::assist::Item;
use factmark_core::format::native;
use factmark_core::{DocId, Project};
use std::cell::RefCell;

/// The id of the element the module renders into (a sibling of the app's root).
pub const ROOT: &str = "factmark-assist";
/// The `<meta name=…>` in index.html whose content is the module's start script.
pub const META: &str = "factmark-assist-module";
/// App → module: the state, `{"texts": ToWorker or null, "project": ToWorker, "labels": [..]}`
/// (written by hand: the page carries no serialiser of `ToWorker`).
pub const STATE_EVENT: &str = "factmark-assist-state";
/// App → module: open the search box.
pub const SEARCH_EVENT: &str = "factmark-assist-search";
/// Module → app: the open document's suggestions, a JSON list of `Item`s (only the
/// items: the app reads nothing else of the worker's messages).
pub const SUGGESTIONS_EVENT: &str = "factmark-assist-suggestions";
/// Module → app: `{"items": [Item…]}` to mark, as one edit.
pub const MARK_EVENT: &str = "factmark-assist-mark";
/// Module → app: a suggested relation decided, `["link" or "reject", from, to, type]`
/// (the ends' annotation ids).
pub const LINK_EVENT: &str = "factmark-assist-link";
/// Module → app: an `Item` whose place to open.
pub const OPEN_EVENT: &str = "factmark-assist-open";
/// Module → app: it has started (and wants the state).
pub const READY_EVENT: &str = "factmark-assist-ready";
/// Module → app: it could not start; `detail` says why.
pub const FAILED_EVENT: &str = "factmark-assist-failed";
/// The key in local storage that turns suggestions off (`"off"`).
pub const SUGGESTIONS_KEY: &str = "factmark-suggestions";
/// Marks the module's script element once added.
const SCRIPT_ID: &str = "factmark-assist-script";

thread_local! {
    /// The documents whose texts the module was last sent (ids and hashes).
    static SENT_TEXTS: RefCell<Option<Vec<(DocId, String)>>> = const { RefCell::new(None) };
}

/// Whether suggestions are on (the default) in this browser.
pub fn suggestions_on() -> bool {
    gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(SUGGESTIONS_KEY).ok().flatten())
        .is_none_or(|value| value != "off")
}

/// Turns suggestions on or off in this browser.
pub fn set_suggestions_on(on: bool) {
    if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
        let _ = if on {
            storage.remove_item(SUGGESTIONS_KEY)
        } else {
            storage.set_item(SUGGESTIONS_KEY, "off")
        };
    }
}

/// Whether the module's script is on the page (requested, perhaps not yet started).
pub fn started() -> bool {
    gloo::utils::document().get_element_by_id(SCRIPT_ID).is_some()
}

/// Adds the module's script to the page unless it is there already.
pub fn start() -> Result<(), String> {
    let Some(script) = crate::lazy_modules::add_script(SCRIPT_ID, META, "assist module")? else {
        return Ok(());
    };
    // A failed download is said the way the module says a failed start.
    gloo::events::EventListener::once(&script, "error", |_| {
        send(
            FAILED_EVENT,
            "the assist module could not be downloaded; check the connection and try again",
        );
    })
    .forget();
    SENT_TEXTS.with(|sent| *sent.borrow_mut() = None);
    Ok(())
}

/// Sends the module the project (and the texts, when the library's documents changed
/// since they were last sent) and the open document.
pub fn send_state(project: &Project, open: Option<&DocId>, suggest: bool) {
    let documents: Vec<(DocId, String)> = project
        .documents()
        .iter()
        .map(|d| (d.id().clone(), d.sha256().to_owned()))
        .collect();
    let string = |s: &str| serde_json::to_string(s).expect("a string serialises");
    let texts = SENT_TEXTS.with(|sent| {
        let mut sent = sent.borrow_mut();
        if sent.as_ref() == Some(&documents) {
            return "null".to_owned();
        }
        *sent = Some(documents);
        let pairs: Vec<String> = project
            .documents()
            .iter()
            .map(|d| format!("[{},{}]", string(&d.id().0), string(d.text())))
            .collect();
        format!("{{\"kind\":\"texts\",\"documents\":[{}]}}", pairs.join(","))
    });
    let json: String = native::write_pieces(project, 1000, false).collect();
    let labels: Vec<String> = project.labels().iter().map(|l| string(&l.name)).collect();
    let state = format!(
        "{{\"texts\":{texts},\"project\":{{\"kind\":\"project\",\"json\":{},\"open\":{},\"sources\":{{\"propagation\":{suggest},\"rules\":{suggest},\"model\":{suggest}}}}},\"labels\":[{}]}}",
        string(&json),
        open.map_or_else(|| "null".to_owned(), |doc| string(&doc.0)),
        labels.join(","),
    );
    send(STATE_EVENT, &state);
}

/// The items of a MARK event.
pub fn items_of(detail: &str) -> Vec<Item> {
    #[derive(serde::Deserialize)]
    struct Mark {
        items: Vec<Item>,
    }
    serde_json::from_str::<Mark>(detail).map_or_else(|_| Vec::new(), |mark| mark.items)
}
