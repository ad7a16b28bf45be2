//! Keeping the project in the browser.
//!
//! The project is stored as a factmark v1 file without its texts, in IndexedDB
//! (database `factmark`, store `project`, key `factmark.project.v1`), and each text on
//! its own under `factmark.text.v1.` and its SHA-256 — written once, the first time a
//! save meets it, since a document's text never changes. A save after an edit thus
//! writes the labels, documents and annotations only, however long the texts; a text
//! is stored before the project that names it (IndexedDB runs the two writes in
//! order). Where IndexedDB cannot be opened (some private modes), the same keys live
//! in `localStorage`. Saving happens in an effect after edits, never in the reducer,
//! and is asynchronous: typing and marking never wait for it. Projects stored with
//! their texts inside (earlier versions) are read as they are.
//!
//! Two tabs on the same project must not overwrite each other's work silently: each
//! save writes a new revision (this tab's id and a counter) to `localStorage`, whose
//! `storage` event tells the other tabs at once. A tab saves only over the revision
//! it last loaded or saved; finding another, it stops and the person chooses whose
//! work to keep.

use factmark_core::Project;
use factmark_core::format::native;
use gloo::utils::window;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

/// The key of the project, in the IndexedDB store and in `localStorage`.
pub const PROJECT_KEY: &str = "factmark.project.v1";
/// The `localStorage` key of the revision of the stored project.
pub const REVISION_KEY: &str = "factmark.project.v1.revision";
const DATABASE: &str = "factmark";
const STORE: &str = "project";

/// Keeps a bench run's storage apart from anyone's work: every name gets `suffix`.
pub fn set_namespace(suffix: &str) {
    NAMESPACE.with(|n| *n.borrow_mut() = suffix.to_owned());
}

fn named(name: &str) -> String {
    NAMESPACE.with(|n| format!("{name}{}", n.borrow()))
}

thread_local! {
    /// The longest a save has held the main thread, in milliseconds.
    static LONGEST_BLOCK: Cell<f64> = const { Cell::new(0.0) };
    /// Appended to every storage name (see [`set_namespace`]).
    static NAMESPACE: RefCell<String> = const { RefCell::new(String::new()) };
    /// The revision this tab last loaded or saved.
    static SEEN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// This tab's id.
    static TAB: String = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
    /// How many times this tab has saved.
    static SAVES: Cell<u64> = const { Cell::new(0) };
    /// The open database, once opened; `None` inside means IndexedDB is unusable here.
    static DB: RefCell<Option<Option<IdbDatabase>>> = const { RefCell::new(None) };
    /// The SHA-256 of every text this tab has stored or read back.
    static STORED_TEXTS: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    /// The id of the project this page holds (empty: the first project).
    static PROJECT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The id of the project this page holds: the page's `?project=` (empty, the first
/// project, when there is none). Each project has its own stored record and revision;
/// texts are stored once for all (by their SHA-256), and the first project keeps the
/// keys factmark has always used, so work stored before there were projects is the
/// first project as it is.
pub fn project_id() -> String {
    PROJECT.with(|p| p.borrow().clone())
}

/// Reads the project's id from the page's address (`?project=`), once at start.
pub fn choose_project_from_address() {
    let id = window()
        .location()
        .search()
        .ok()
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("project"))
        .filter(|id| is_project_id(id))
        .unwrap_or_default();
    PROJECT.with(|p| *p.borrow_mut() = id);
}

/// Whether `id` can name a project: letters, digits, `-` and `_`, at most 40.
pub fn is_project_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The key `base` has in project `id`: `base` itself in the first project (the keys
/// stored work always had), `base@id` in another.
fn key_in(base: &str, id: &str) -> String {
    if id.is_empty() {
        named(base)
    } else {
        named(&format!("{base}@{id}"))
    }
}

/// The key of project `id`'s record.
fn key_of_project(id: &str) -> String {
    key_in(PROJECT_KEY, id)
}

/// The key of this page's project's record.
fn project_key() -> String {
    key_of_project(&project_id())
}

/// The `localStorage` key of this page's project's revision.
fn revision_key() -> String {
    key_in(REVISION_KEY, &project_id())
}

/// The `localStorage` key of the list of projects.
const PROJECTS_KEY: &str = "factmark.projects.v1";

/// A project as the list of projects has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectEntry {
    /// Its id (empty: the first project).
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was deleted (milliseconds since 1970), while it can still be restored.
    pub deleted: Option<u64>,
}

/// The name of the first project until someone renames it.
pub const FIRST_PROJECT: &str = "Sample project";

/// The list of projects as stored (JSON), if there is one that reads.
fn stored_projects() -> Option<serde_json::Value> {
    local_storage()
        .ok()?
        .get_item(&named(PROJECTS_KEY))
        .ok()
        .flatten()
        .and_then(|json| serde_json::from_str(&json).ok())
}

/// The projects of this browser, the first project first (it is always there).
pub fn projects() -> Vec<ProjectEntry> {
    let stored = stored_projects().unwrap_or_default();
    let mut entries: Vec<ProjectEntry> = stored
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let id = p["id"].as_str()?;
            (id.is_empty() || is_project_id(id)).then(|| ProjectEntry {
                id: id.to_owned(),
                name: p["name"].as_str().unwrap_or_default().to_owned(),
                deleted: p["deleted"].as_u64(),
            })
        })
        .collect();
    if !entries.iter().any(|p| p.id.is_empty()) {
        entries.insert(
            0,
            ProjectEntry {
                id: String::new(),
                name: FIRST_PROJECT.to_owned(),
                deleted: None,
            },
        );
    }
    entries
}

/// Keeps `entries` as the list of projects.
pub fn set_projects(entries: &[ProjectEntry]) -> Result<(), String> {
    let list: Vec<serde_json::Value> = entries
        .iter()
        .map(|p| serde_json::json!({ "id": p.id, "name": p.name, "deleted": p.deleted }))
        .collect();
    local_storage()?
        .set_item(&named(PROJECTS_KEY), &serde_json::Value::from(list).to_string())
        .map_err(|_| "the browser refused to keep the list of projects".to_owned())
}

/// The name of this page's project (read without [`projects`]: this is all the first
/// visit needs of the list).
pub fn project_name() -> String {
    let id = project_id();
    let stored = stored_projects();
    let named_here = stored.as_ref().and_then(|list| {
        list.as_array()?
            .iter()
            .find(|p| p["id"].as_str() == Some(id.as_str()))?["name"]
            .as_str()
            .map(str::to_owned)
    });
    named_here.unwrap_or_else(|| {
        if id.is_empty() {
            FIRST_PROJECT.to_owned()
        } else {
            id
        }
    })
}

/// Stores a copy of project `from`'s record as project `to`'s (its texts are shared).
/// The first project, never saved yet, is the bundled articles: the copy holds them.
pub async fn copy_project(from: &str, to: &str) -> Result<(), String> {
    let json = match read_raw(&key_of_project(from)).await? {
        Some(json) => json,
        None if from.is_empty() => native::write(&native::NativeFile::from_project(
            &crate::bundled::bundled_project(),
            true,
        )),
        None => return Err("that project has nothing stored yet".to_owned()),
    };
    write_raw(&key_of_project(to), &json).await
}

/// Stores `json`, a factmark file with its texts, as project `to`'s record (read as
/// any stored project is when the project opens).
pub async fn store_project_file(to: &str, json: &str) -> Result<(), String> {
    write_raw(&key_of_project(to), json).await
}

/// The key a text is stored under.
fn text_key(sha256: &str) -> String {
    named(&format!("{TEXT_KEY_PREFIX}{sha256}"))
}

/// Where texts are stored: this and the text's SHA-256.
const TEXT_KEY_PREFIX: &str = "factmark.text.v1.";

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

/// Where the project is kept, for people to read.
pub fn backend_name() -> &'static str {
    match DB.with(|db| db.borrow().clone()) {
        Some(Some(_)) => "IndexedDB",
        Some(None) => "localStorage",
        None => "not opened yet",
    }
}

/// Asks the browser to keep this page's storage even when the disk runs low
/// (`navigator.storage.persist()`); without it, a browser may clear the work of a page
/// not visited for a while. The answer changes nothing here, so it is not awaited.
pub fn ask_to_persist() {
    if let Ok(promise) = window().navigator().storage().persist() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// How many bytes more this page may store, as the browser estimates it
/// (`navigator.storage.estimate()`: its quota less what is used); `None` where the
/// browser does not say.
pub async fn room_left() -> Option<f64> {
    let promise = window().navigator().storage().estimate().ok()?;
    let estimate = JsFuture::from(promise).await.ok()?;
    let field = |name: &str| js_sys::Reflect::get(&estimate, &name.into()).ok()?.as_f64();
    Some((field("quota")? - field("usage").unwrap_or(0.0)).max(0.0))
}

/// Where the annotator's name is kept (in this browser only): the first project's, and
/// the name every project starts with; another project keeps its own beside it (`@id`).
const ANNOTATOR_KEY: &str = "factmark.annotator";

/// The name the annotator gave in this page's project (or, when they gave none there,
/// in the first project), or empty when none was given.
pub fn annotator_name() -> String {
    let read = |key: String| local_storage().ok().and_then(|s| s.get_item(&key).ok().flatten());
    read(key_in(ANNOTATOR_KEY, &project_id()))
        .or_else(|| read(key_in(ANNOTATOR_KEY, "")))
        .unwrap_or_default()
}

/// Keeps `name` as the annotator's in this page's project; `Err` says why it could not
/// be kept.
pub fn set_annotator_name(name: &str) -> Result<(), String> {
    local_storage()?
        .set_item(&key_in(ANNOTATOR_KEY, &project_id()), name)
        .map_err(|_| "the browser refused to keep the name".to_owned())?;
    // The team module (a wasm module of its own) reads the name again when told.
    if let Ok(event) = web_sys::Event::new(ANNOTATOR_EVENT) {
        let _ = window().dispatch_event(&event);
    }
    Ok(())
}

/// The event dispatched on `window` when this browser's annotator name changes.
pub const ANNOTATOR_EVENT: &str = "factmark-annotator";

fn local_storage() -> Result<web_sys::Storage, String> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| "this browser offers no storage to this page".to_owned())
}

fn stored_revision() -> Option<String> {
    local_storage().ok()?.get_item(&revision_key()).ok().flatten()
}

/// Whether another tab has saved since this tab last loaded or saved.
pub fn changed_elsewhere() -> bool {
    let stored = stored_revision();
    SEEN.with(|seen| *seen.borrow() != stored)
}

/// Waits for an IndexedDB request; its result, or the name and message of its error.
async fn finished(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    match JsFuture::from(promise).await {
        Ok(_) => request.result().map_err(|_| "no result".to_owned()),
        Err(_) => Err(match request.error() {
            Ok(Some(error)) => format!("{}: {}", error.name(), error.message()),
            _ => "unknown error".to_owned(),
        }),
    }
}

/// The database, opened once; `None` where IndexedDB cannot be used.
async fn database() -> Option<IdbDatabase> {
    if let Some(db) = DB.with(|db| db.borrow().clone()) {
        return db;
    }
    let opened = open_database().await.ok();
    DB.with(|db| *db.borrow_mut() = Some(opened.clone()));
    opened
}

async fn open_database() -> Result<IdbDatabase, String> {
    let factory = window()
        .indexed_db()
        .ok()
        .flatten()
        .ok_or("IndexedDB is not available")?;
    let request = factory
        .open_with_u32(&named(DATABASE), 1)
        .map_err(|_| "IndexedDB refused to open")?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(request) = event.target().and_then(|t| t.dyn_into::<IdbRequest>().ok()) else {
            return;
        };
        if let Ok(db) = request.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = finished(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    result?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| "not a database".to_owned())
}

async fn read_raw(key: &str) -> Result<Option<String>, String> {
    match database().await {
        Some(db) => {
            let store = db
                .transaction_with_str(STORE)
                .and_then(|t| t.object_store(STORE))
                .map_err(|_| "IndexedDB refused a transaction")?;
            let request = store
                .get(&JsValue::from_str(key))
                .map_err(|_| "IndexedDB refused to read")?;
            let value = finished(&request).await?;
            // A project is stored as a Blob of UTF-8 (see `save`); earlier versions
            // stored a string, or an array of strings to be joined.
            // Read as bytes and checked as UTF-8 here: one copy into the module, where
            // reading it as text would decode it into a JavaScript string only for the
            // bindings to encode it back.
            if let Some(blob) = value.dyn_ref::<web_sys::Blob>() {
                let bytes = JsFuture::from(blob.array_buffer())
                    .await
                    .map_err(|_| "the stored project could not be read back".to_owned())?;
                let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
                return String::from_utf8(bytes)
                    .map(Some)
                    .map_err(|_| "the stored project is not UTF-8 text".to_owned());
            }
            Ok(match value.dyn_ref::<js_sys::Array>() {
                Some(pieces) => pieces.join("").as_string(),
                None => value.as_string(),
            })
        }
        None => Ok(local_storage()?.get_item(key).ok().flatten()),
    }
}

async fn write_raw(key: &str, value: &str) -> Result<(), String> {
    write_values(&[(key.to_owned(), JsValue::from_str(value))]).await
}

/// Stores each value (a string, or a Blob of UTF-8 text, which IndexedDB keeps by
/// reference instead of copying at once) under its key, all in one transaction: all
/// are stored, or none.
async fn write_values(entries: &[(String, JsValue)]) -> Result<(), String> {
    let quota = |message: String| {
        if message.starts_with("QuotaExceededError") {
            "the browser's storage for this page is full".to_owned()
        } else {
            format!("the browser refused to store the project ({message})")
        }
    };
    match database().await {
        Some(db) => {
            let transaction = db
                .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
                .map_err(|_| "IndexedDB refused a transaction")?;
            let store = transaction
                .object_store(STORE)
                .map_err(|_| "IndexedDB refused a transaction")?;
            // A put copies its value (structured clone) before it returns: part of
            // what a save holds the main thread for.
            let started = now();
            for (key, value) in entries {
                store
                    .put_with_key(value, &JsValue::from_str(key))
                    .map_err(|_| "IndexedDB refused to write")?;
            }
            note_block(now() - started);
            committed(&transaction).await.map_err(quota)
        }
        None => {
            for (key, value) in entries {
                let text = match value.dyn_ref::<web_sys::Blob>() {
                    Some(blob) => JsFuture::from(blob.text())
                        .await
                        .ok()
                        .and_then(|t| t.as_string())
                        .unwrap_or_default(),
                    None => value.as_string().unwrap_or_default(),
                };
                local_storage()?.set_item(key, &text).map_err(|err| {
                    let name = js_sys::Reflect::get(&err, &"name".into())
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default();
                    quota(name)
                })?;
            }
            Ok(())
        }
    }
}

/// Waits for `transaction` to commit; the name and message of its error otherwise.
async fn committed(transaction: &web_sys::IdbTransaction) -> Result<(), String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    transaction.set_oncomplete(None);
    transaction.set_onerror(None);
    transaction.set_onabort(None);
    outcome.map(drop).map_err(|_| match transaction.error() {
        Some(error) => format!("{}: {}", error.name(), error.message()),
        None => "the write was aborted".to_owned(),
    })
}

/// Annotations serialised per piece of a save.
const SAVE_GROUP: usize = 200;
/// How long a save works before it yields to the page, in milliseconds, when the
/// browser gives no idle stretch to fit.
const SAVE_SLICE_MS: f64 = 6.0;

/// The longest a save waits for the browser to be idle before it goes on anyway (an
/// edit is stored within a tenth of a second, even when the page is never idle).
const IDLE_WAIT_MS: u32 = 30;

fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// Lets the page handle events and paint, and waits until the browser is idle (at most
/// [`IDLE_WAIT_MS`]): the milliseconds a slice of work may take now — what is left of
/// the idle stretch, so that it never delays a frame, but no more than [`SAVE_SLICE_MS`]
/// (an idle browser offers up to 50 ms, and a key pressed meanwhile would wait), or
/// that when the wait timed out or the browser has no idle callbacks.
async fn yield_to_page() -> f64 {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = gloo::utils::window();
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(IDLE_WAIT_MS);
        let idle = wasm_bindgen::closure::Closure::once_into_js({
            let resolve = resolve.clone();
            move |deadline: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &deadline);
            }
        });
        if window
            .request_idle_callback_with_options(idle.unchecked_ref(), &options)
            .is_err()
        {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let deadline = JsFuture::from(promise).await.ok();
    match deadline.and_then(|d| d.dyn_into::<web_sys::IdleDeadline>().ok()) {
        Some(deadline) if !deadline.did_timeout() => {
            (deadline.time_remaining() - 1.0).clamp(1.0, SAVE_SLICE_MS)
        }
        _ => SAVE_SLICE_MS,
    }
}

fn note_block(ms: f64) {
    LONGEST_BLOCK.with(|longest| longest.set(longest.get().max(ms)));
}

/// The longest stretch, in milliseconds, a save has held the main thread since the
/// page loaded (reported by the bench build).
pub fn longest_block_ms() -> f64 {
    LONGEST_BLOCK.with(Cell::get)
}

/// What stores `text`, whose SHA-256 is `sha256` — its key and a Blob of its UTF-8
/// bytes (copied once, never serialised) — unless this tab has stored or read it already.
fn text_entry(sha256: &str, text: &str) -> Result<Option<(String, JsValue)>, String> {
    if STORED_TEXTS.with(|stored| stored.borrow().contains(sha256)) {
        return Ok(None);
    }
    let started = now();
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not hold a text to store it".to_owned())?;
    note_block(now() - started);
    Ok(Some((text_key(sha256), blob.into())))
}

/// A Blob of `pieces` (of UTF-8 text), made a slice at a time, yielding to the page
/// between slices: it never holds up typing, marking or scrolling for more than a
/// frame's share, and no JavaScript string of the whole is ever made (the pieces are
/// kept as bytes; each slice's become a Blob before yielding, and the whole is a Blob
/// of those, made by reference). How a save stores the project and an export of it
/// reaches the download, however large it is.
///
/// `pieces` is taken behind a reference, so that the page carries this code once
/// whatever makes the pieces.
pub async fn blob_of(
    pieces: &mut dyn Iterator<Item = String>,
    media_type: &str,
) -> Result<web_sys::Blob, String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob_of_parts = |parts: &js_sys::Array| {
        web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options)
            .map_err(|_| "the browser could not hold the file".to_owned())
    };
    let (slices, parts) = (js_sys::Array::new(), js_sys::Array::new());
    // Begun when the browser is idle, in slices that fit its idle stretches.
    let mut slice = yield_to_page().await;
    let mut slice_start = now();
    for piece in pieces {
        parts.push(&js_sys::Uint8Array::from(piece.as_bytes()));
        if now() - slice_start > slice {
            let slice_blob = blob_of_parts(&parts)?;
            slices.push(&slice_blob);
            parts.set_length(0);
            note_block(now() - slice_start);
            slice = yield_to_page().await;
            slice_start = now();
        }
    }
    let last = blob_of_parts(&parts)?;
    slices.push(&last);
    let blob = blob_of_parts(&slices);
    note_block(now() - slice_start);
    blob
}

/// Stores `project`; unless `overwrite` is set, refuses when another tab has
/// saved since this one loaded or saved.
pub async fn save(project: &Project, overwrite: bool) -> SaveStatus {
    if !overwrite && changed_elsewhere() {
        return SaveStatus::OtherTab;
    }
    // The texts not stored yet go with the project, in one transaction.
    let (mut entries, mut texts) = (Vec::new(), Vec::new());
    for document in project.documents() {
        match text_entry(document.sha256(), document.text()) {
            Ok(Some(entry)) => {
                entries.push(entry);
                texts.push(document.sha256().to_owned());
            }
            Ok(None) => {}
            Err(problem) => return SaveStatus::Failed(problem),
        }
    }
    let Ok(blob) = blob_of(
        &mut native::write_pieces(project, SAVE_GROUP, false),
        "application/json",
    )
    .await
    else {
        return SaveStatus::Failed("the browser could not hold the project to store it".to_owned());
    };
    entries.push((project_key(), blob.into()));
    if let Err(problem) = write_values(&entries).await {
        return SaveStatus::Failed(problem);
    }
    STORED_TEXTS.with(|stored| stored.borrow_mut().extend(texts));
    let revision = format!(
        "{}:{}",
        TAB.with(Clone::clone),
        SAVES.with(|n| n.replace(n.get() + 1))
    );
    let stored = local_storage().and_then(|storage| {
        storage
            .set_item(&revision_key(), &revision)
            .map_err(|_| "the browser refused to store the revision".to_owned())
    });
    match stored {
        Ok(()) => {
            SEEN.with(|seen| *seen.borrow_mut() = Some(revision));
            SaveStatus::Saved
        }
        Err(problem) => SaveStatus::Failed(problem),
    }
}

/// The stored project, if any; `Err` says why a stored project could not be read
/// (it is left in storage untouched).
pub async fn load() -> Result<Option<Project>, String> {
    SEEN.with(|seen| *seen.borrow_mut() = stored_revision());
    let mut json = read_raw(&project_key()).await?;
    if json.is_none() && database().await.is_some() {
        // Work saved by earlier versions, which used localStorage only.
        json = local_storage()
            .ok()
            .and_then(|s| s.get_item(&project_key()).ok().flatten());
    }
    let Some(json) = json else { return Ok(None) };
    let unreadable = |why: String| format!("the project stored in this browser could not be read: {why}");
    let mut file = native::read(&json).map_err(|err| unreadable(err.to_string()))?;
    for document in &mut file.documents {
        if document.text.is_some() {
            continue;
        }
        let text = read_raw(&text_key(&document.sha256))
            .await
            .map_err(&unreadable)?
            .ok_or_else(|| unreadable(format!("the text of “{}” is missing", document.title)))?;
        if factmark_core::document::sha256_hex(&text) != document.sha256 {
            return Err(unreadable(format!(
                "the stored text of “{}” has changed",
                document.title
            )));
        }
        document.text = Some(text);
    }
    STORED_TEXTS.with(|stored| {
        stored
            .borrow_mut()
            .extend(file.documents.iter().map(|d| d.sha256.clone()))
    });
    file.into_project()
        .map(Some)
        .map_err(|err| unreadable(err.to_string()))
}

/// The key of the team pages' session: what was compared, kept until it is closed.
const TEAM_KEY: &str = "factmark.team.v1";

/// What the team pages compare, kept across reloads until the comparison is closed.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamSession {
    /// Annotators' files: each one's name and bytes, as opened.
    Files(Vec<(String, Vec<u8>)>),
    /// The annotators of the project in this browser.
    Library,
}

/// The key of the adjudication in progress: its decisions, in order.
const DECISIONS_KEY: &str = "factmark.team.v1.decisions";

/// Keeps the decisions of the adjudication in progress (JSON, see `adjudicate.rs`).
pub async fn save_decisions(json: &str) -> Result<(), String> {
    write_values(&[(named(DECISIONS_KEY), JsValue::from_str(json))]).await
}

/// The decisions of the adjudication in progress, if any were kept.
pub async fn load_decisions() -> Option<String> {
    read_raw(&named(DECISIONS_KEY)).await.ok().flatten()
}

/// Keeps `session` (see [`TeamSession`]); a new session starts without decisions.
pub async fn save_team(session: &TeamSession) -> Result<(), String> {
    let value: JsValue = match session {
        TeamSession::Library => JsValue::from_str("library"),
        TeamSession::Files(files) => files
            .iter()
            .map(|(name, bytes)| {
                JsValue::from(js_sys::Array::of2(
                    &JsValue::from_str(name),
                    &js_sys::Uint8Array::from(bytes.as_slice()),
                ))
            })
            .collect::<js_sys::Array>()
            .into(),
    };
    match database().await {
        Some(_) => {
            write_values(&[
                (named(TEAM_KEY), value),
                (named(DECISIONS_KEY), JsValue::from_str("[]")),
            ])
            .await
        }
        // localStorage holds strings only: the files stay for this page's life.
        None => Ok(()),
    }
}

/// The team session kept, if any.
pub async fn load_team() -> Option<TeamSession> {
    let db = database().await?;
    let store = db
        .transaction_with_str(STORE)
        .and_then(|t| t.object_store(STORE))
        .ok()?;
    let request = store.get(&JsValue::from_str(&named(TEAM_KEY))).ok()?;
    let value = finished(&request).await.ok()?;
    if value.as_string().as_deref() == Some("library") {
        return Some(TeamSession::Library);
    }
    let files = value.dyn_into::<js_sys::Array>().ok()?;
    let files = files
        .iter()
        .filter_map(|pair| {
            let pair = pair.dyn_into::<js_sys::Array>().ok()?;
            let name = pair.get(0).as_string()?;
            let bytes = pair.get(1).dyn_into::<js_sys::Uint8Array>().ok()?.to_vec();
            Some((name, bytes))
        })
        .collect();
    Some(TeamSession::Files(files))
}

/// Forgets the team session (the comparison was closed).
pub async fn forget_team() {
    let Some(db) = database().await else { return };
    let Ok(transaction) = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite) else {
        return;
    };
    if let Ok(store) = transaction.object_store(STORE) {
        let _ = store.delete(&JsValue::from_str(&named(TEAM_KEY)));
        let _ = store.delete(&JsValue::from_str(&named(DECISIONS_KEY)));
    }
    let _ = committed(&transaction).await;
}

/// Copies a stored project that could not be read to a key of its own, so the next
/// save cannot overwrite it; says where it went, or why it could not be copied.
pub async fn keep_unreadable() -> Result<String, String> {
    let json = read_raw(&project_key()).await?.ok_or("it vanished")?;
    let key = format!("{}.unreadable.{}", project_key(), js_sys::Date::now() as u64);
    write_raw(&key, &json)
        .await
        .map(|()| {
            format!(
                "It is kept in this browser's {} under `{key}`; factmark starts afresh",
                backend_name()
            )
        })
        .map_err(|_| "It could not be set aside, so factmark will not save over it".to_owned())
}
