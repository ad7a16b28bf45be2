//! Keeping the project in the browser: the whole project, as a factmark v1 file with
//! texts, under one key of `localStorage`, with a revision key beside it. Saving
//! happens in an effect after edits, never in the reducer.
//!
//! Two tabs on the same project must not overwrite each other's work silently: each
//! save writes a new revision (this tab's id and a counter), and a tab saves only
//! over the revision it last loaded or saved. Finding another revision there, it
//! stops and says so, and the person chooses whose work to keep.

use factmark_core::Project;
use factmark_core::format::native::{self, NativeFile};
use gloo::utils::window;
use std::cell::{Cell, RefCell};

/// The storage key of the project.
pub const PROJECT_KEY: &str = "factmark.project.v1";
/// The storage key of the revision of the stored project.
pub const REVISION_KEY: &str = "factmark.project.v1.revision";

thread_local! {
    /// The revision this tab last loaded or saved.
    static SEEN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// This tab's id.
    static TAB: String = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
    /// How many times this tab has saved.
    static SAVES: Cell<u64> = const { Cell::new(0) };
}

/// What became of the last save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Everything is stored.
    Saved,
    /// A change waits to be stored.
    Saving,
    /// Another tab saved the project since this tab loaded or saved it; nothing was
    /// overwritten.
    OtherTab,
    /// Storing failed; the message says why.
    Failed(String),
}

fn storage() -> Result<web_sys::Storage, String> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| "this browser offers no storage to this page".to_owned())
}

fn stored_revision(storage: &web_sys::Storage) -> Option<String> {
    storage.get_item(REVISION_KEY).ok().flatten()
}

/// Whether another tab has saved since this tab last loaded or saved.
pub fn changed_elsewhere() -> bool {
    let Ok(storage) = storage() else { return false };
    let stored = stored_revision(&storage);
    SEEN.with(|seen| *seen.borrow() != stored)
}

/// Stores `project`; unless `overwrite` is set, refuses when another tab has
/// saved since this one loaded or saved.
pub fn save(project: &Project, overwrite: bool) -> SaveStatus {
    match try_save(project, overwrite) {
        Ok(status) => status,
        Err(problem) => SaveStatus::Failed(problem),
    }
}

fn try_save(project: &Project, overwrite: bool) -> Result<SaveStatus, String> {
    let storage = storage()?;
    if !overwrite && changed_elsewhere() {
        return Ok(SaveStatus::OtherTab);
    }
    let json = native::write(&NativeFile::from_project(project, true));
    storage.set_item(PROJECT_KEY, &json).map_err(|err| {
        let name = js_sys::Reflect::get(&err, &"name".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            "the browser's storage for this page is full".to_owned()
        } else {
            format!("the browser refused to store the project ({name})")
        }
    })?;
    let revision = format!(
        "{}:{}",
        TAB.with(Clone::clone),
        SAVES.with(|n| n.replace(n.get() + 1))
    );
    storage
        .set_item(REVISION_KEY, &revision)
        .map_err(|_| "the browser refused to store the revision")?;
    SEEN.with(|seen| *seen.borrow_mut() = Some(revision));
    Ok(SaveStatus::Saved)
}

/// The stored project, if any; `Err` says why a stored project could not be read
/// (it is left in storage untouched).
pub fn load() -> Result<Option<Project>, String> {
    let Ok(storage) = storage() else {
        return Ok(None);
    };
    SEEN.with(|seen| *seen.borrow_mut() = stored_revision(&storage));
    let Some(json) = storage.get_item(PROJECT_KEY).ok().flatten() else {
        return Ok(None);
    };
    native::read(&json)
        .and_then(NativeFile::into_project)
        .map(Some)
        .map_err(|err| format!("the project stored in this browser could not be read: {err}"))
}

/// Copies a stored project that could not be read to a key of its own, so the next
/// save cannot overwrite it; says where it went, or why it could not be copied.
pub fn keep_unreadable() -> Result<String, String> {
    let storage = storage()?;
    let json = storage
        .get_item(PROJECT_KEY)
        .ok()
        .flatten()
        .ok_or("it vanished")?;
    let key = format!("{PROJECT_KEY}.unreadable.{}", js_sys::Date::now() as u64);
    storage
        .set_item(&key, &json)
        .map(|()| format!("It is kept in this browser's storage under `{key}`; factmark starts afresh"))
        .map_err(|_| "It could not be set aside, so factmark will not save over it".to_owned())
}
