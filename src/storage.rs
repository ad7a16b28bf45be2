//! Keeping the project in the browser: the whole project, as a factmark v1 file with
//! texts, under one key of `localStorage`. Saving happens in an effect after edits,
//! never in the reducer; a failed save is reported and nothing stored is removed.

use factmark_core::Project;
use factmark_core::format::native::{self, NativeFile};
use gloo::utils::window;

/// The storage key of the project.
pub const PROJECT_KEY: &str = "factmark.project.v1";

/// What became of the last save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Everything is stored.
    Saved,
    /// A change waits to be stored.
    Saving,
    /// Storing failed; the message says why.
    Failed(String),
}

/// Stores `project`, replacing what was stored.
pub fn save(project: &Project) -> Result<(), String> {
    let json = native::write(&NativeFile::from_project(project, true));
    let storage = window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or("this browser offers no storage to this page")?;
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
    })
}

/// The stored project, if any; `Err` says why a stored project could not be read
/// (it is left in storage untouched).
pub fn load() -> Result<Option<Project>, String> {
    let Some(storage) = window().local_storage().ok().flatten() else {
        return Ok(None);
    };
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
    let storage = window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or("there is no storage")?;
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
