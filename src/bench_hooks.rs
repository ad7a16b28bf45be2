//! The bench build's contract (`../shared/BENCH.md`), built with the `bench` feature
//! (see `crate::bench`): opened as `?bench&doc=URL`, the
//! app loads the plain text at URL as its one document, shows it in the ordinary
//! reader, and defines `window.__bench` for the harness in `bench/browser/`.
//!
//! Everything measured is the real app — the same components, painting and storage
//! (under a `.bench` name, so a bench run never touches anyone's work). This module
//! only exposes hooks: the harness adds annotations through the same reducer as the
//! keyboard, and learns of paints and of user-made annotations as they happen.

use crate::state::{Msg, StateHandle};
use factmark_core::{Action, Annotation, AnnotationId, Span, Timestamp};
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The state as the app last rendered it.
    static STATE: RefCell<Option<StateHandle>> = const { RefCell::new(None) };
    /// Resolvers waiting for the next paint.
    static PAINT_WAITERS: RefCell<Vec<Function>> = const { RefCell::new(Vec::new()) };
    /// Resolvers waiting for the next paint of suggestions.
    static SUGGEST_WAITERS: RefCell<Vec<Function>> = const { RefCell::new(Vec::new()) };
    /// Resolvers waiting for the next annotation a person makes.
    static CREATE_WAITERS: RefCell<Vec<Function>> = const { RefCell::new(Vec::new()) };
    /// Ranges the last paint painted.
    static PAINTED: Cell<usize> = const { Cell::new(0) };
    /// Whether this page is a bench run.
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    /// The `ready` promise's resolver, until the document is shown.
    static READY: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// The URL of the document to bench, when the page was opened as `?bench&doc=URL`.
pub fn requested() -> Option<String> {
    let search = gloo::utils::window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    if !params.has("bench") {
        return None;
    }
    params.get("doc")
}

/// Whether this page is a bench run.
pub fn active() -> bool {
    ACTIVE.with(Cell::get)
}

/// The plain text at `url`, read and hashed as a file someone opens is: as bytes,
/// checked as UTF-8 in the module (one copy into its memory instead of the browser
/// decoding it into a JavaScript string that is then encoded back), and hashed by
/// the browser (see [`crate::digest`]).
pub async fn fetch_text(url: &str) -> Result<crate::files::Text, String> {
    let response = wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(url))
        .await
        .map_err(|_| format!("could not fetch {url}"))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let body = response
        .array_buffer()
        .map_err(|_| format!("{url} has no body"))?;
    let body = wasm_bindgen_futures::JsFuture::from(body)
        .await
        .map_err(|_| format!("could not read {url}"))?;
    let bytes = js_sys::Uint8Array::new(&body).to_vec();
    mark("received");
    crate::files::read_text(url, &bytes)
        .await
        .map_err(|problem| format!("{url}: {problem}"))
}

/// Marks a moment of a bench run on the page's performance timeline (`factmark:` +
/// `name`), where Chromium's traces and `performance.getEntriesByType('mark')` show it.
pub fn mark(name: &str) {
    if let (true, Some(performance)) = (active(), gloo::utils::window().performance()) {
        let _ = performance.mark(&format!("factmark:{name}"));
    }
}

/// Remembers the state of the latest render (called by the App on each render).
pub fn track(state: &StateHandle) {
    if active() {
        STATE.with(|cell| *cell.borrow_mut() = Some(state.clone()));
    }
}

fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// Called after every highlight paint with how many ranges it painted.
pub fn painted(count: usize) {
    if !active() {
        return;
    }
    PAINTED.with(|p| p.set(count));
    let waiters = PAINT_WAITERS.with(|w| std::mem::take(&mut *w.borrow_mut()));
    let at = JsValue::from(now());
    for resolve in waiters {
        let _ = resolve.call1(&JsValue::NULL, &at);
    }
}

/// Called after suggestions are painted, with how many.
pub fn suggestions_painted(count: usize) {
    if !active() {
        return;
    }
    let waiters = SUGGEST_WAITERS.with(|w| std::mem::take(&mut *w.borrow_mut()));
    let out = Object::new();
    let _ = Reflect::set(&out, &"t".into(), &now().into());
    let _ = Reflect::set(&out, &"painted".into(), &count.into());
    for resolve in waiters {
        let _ = resolve.call1(&JsValue::NULL, &out);
    }
}

/// Called when the document is on screen: `ready` resolves two frames later.
pub fn shown() {
    let Some(resolve) = READY.with(|r| r.borrow_mut().take()) else {
        return;
    };
    after_two_frames(move || {
        let out = Object::new();
        let _ = Reflect::set(&out, &"ready".into(), &now().into());
        let _ = resolve.call1(&JsValue::NULL, &out);
    });
}

/// Called when a person's selection became an annotation.
pub fn user_created(quote: &str) {
    if !active() {
        return;
    }
    let waiters = CREATE_WAITERS.with(|w| std::mem::take(&mut *w.borrow_mut()));
    let out = Object::new();
    let _ = Reflect::set(&out, &"t".into(), &now().into());
    let _ = Reflect::set(&out, &"quote".into(), &quote.into());
    for resolve in waiters {
        let _ = resolve.call1(&JsValue::NULL, &out);
    }
}

fn after_two_frames(then: impl FnOnce() + 'static) {
    let window = gloo::utils::window();
    let second = Closure::once_into_js(then);
    let first = Closure::once_into_js(move || {
        let _ = gloo::utils::window().request_animation_frame(second.unchecked_ref());
    });
    let _ = window.request_animation_frame(first.unchecked_ref());
}

/// A promise and the function that resolves it.
fn waiter() -> (Promise, Function) {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _| resolve = Some(res));
    (promise, resolve.expect("the executor runs at once"))
}

fn state() -> Option<StateHandle> {
    STATE.with(|cell| cell.borrow().clone())
}

/// An item of `addAnnotations`.
#[derive(serde::Deserialize)]
struct Item {
    id: Option<String>,
    start: usize,
    end: usize,
    label: Option<String>,
}

/// `addAnnotations(list)`: adds every `{id, start, end, quote, label?}` at once, as
/// one edit through the reducer.
fn add_annotations(list: JsValue) -> Result<usize, JsValue> {
    let state = state().ok_or("the document is not shown yet")?;
    let doc_id = state.open_id().cloned().ok_or("no document is open")?;
    let document = state.project.document(&doc_id).ok_or("no document")?;
    let first_label = state
        .project
        .labels()
        .iter()
        .next()
        .map(|l| l.name.clone())
        .unwrap_or_default();
    // One call to read the whole list, rather than one per field of every item; the
    // browser encodes the JSON to UTF-8 (a long string handed over as a string is
    // encoded by the bindings' JavaScript loop, slow the first time it runs).
    let json = js_sys::JSON::stringify(&list)?;
    let encoder = web_sys::TextEncoder::new()?;
    let encode: Function = Reflect::get(&encoder, &"encode".into())?.dyn_into()?;
    let bytes = js_sys::Uint8Array::new(&encode.call1(&encoder, &json)?).to_vec();
    let json = std::str::from_utf8(&bytes).map_err(|e| e.to_string())?;
    let items: Vec<Item> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    mark("b-parsed");
    let mut actions = Vec::with_capacity(items.len());
    for item in items {
        let id = item.id.map_or_else(crate::clock::new_annotation_id, AnnotationId);
        let span = Span::new(item.start, item.end).map_err(|e| e.to_string())?;
        let anchor = document.anchor(span).map_err(|e| e.to_string())?;
        actions.push(Action::AddAnnotation(Annotation {
            id,
            document: doc_id.clone(),
            anchor,
            label: item.label.unwrap_or_else(|| first_label.clone()),
            note: String::new(),
            annotator: state.annotator.clone(),
            agreed_by: Vec::new(),
            origin: None,
            attributes: Default::default(),
            created: Timestamp::default(),
            updated: Timestamp::default(),
        }));
    }
    let added = actions.len();
    mark("b-built");
    state.dispatch(Msg::Perform(Action::Batch(actions)));
    mark("b-dispatched");
    Ok(added)
}

/// An item of `addRelations`.
#[derive(serde::Deserialize)]
struct RelationItem {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    from: String,
    to: String,
}

/// `addRelations(list)`: adds every `{id, type, from, to}` (annotation ids) at once, as
/// one edit through the reducer, each checked as the link picker's are.
fn add_relations(list: JsValue) -> Result<usize, JsValue> {
    let state = state().ok_or("the document is not shown yet")?;
    let json = String::from(js_sys::JSON::stringify(&list)?);
    let items: Vec<RelationItem> = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    let mut actions = Vec::with_capacity(items.len());
    for item in items {
        let relation = state
            .project
            .new_relation(
                factmark_core::RelationId(item.id),
                &item.kind,
                &AnnotationId(item.from),
                &AnnotationId(item.to),
                &state.annotator,
                Timestamp::default(),
            )
            .map_err(|e| e.to_string())?;
        actions.push(Action::AddRelation(relation));
    }
    let added = actions.len();
    state.dispatch(Msg::Perform(Action::Batch(actions)));
    Ok(added)
}

fn client_point(offset: usize, side: &str) -> JsValue {
    let out = Object::new();
    let root = gloo::utils::document()
        .query_selector("[data-doc-text]")
        .ok()
        .flatten();
    let rect = root
        .zip(Span::new(offset, offset + 1).ok())
        .and_then(|(root, span)| crate::dom_text::range_for(&root, span))
        .map(|range| range.get_bounding_client_rect());
    if let Some(rect) = rect {
        let x = if side == "end" { rect.right() } else { rect.left() };
        let _ = Reflect::set(&out, &"x".into(), &x.into());
        let _ = Reflect::set(&out, &"y".into(), &(rect.top() + rect.height() / 2.0).into());
    }
    out.into()
}

fn set(object: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &name.into(), value);
}

/// Sets `object.name` to `closure`, which lives as long as the page.
fn expose<F: ?Sized + wasm_bindgen::closure::WasmClosure>(object: &Object, name: &str, closure: Closure<F>) {
    set(object, name, closure.as_ref());
    closure.forget();
}

/// A promise resolved with the next event `waiters` stands for.
fn wait_on(waiters: &'static std::thread::LocalKey<RefCell<Vec<Function>>>) -> Promise {
    let (promise, resolve) = waiter();
    waiters.with(|w| w.borrow_mut().push(resolve));
    promise
}

/// Installs `window.__bench` and marks this page as a bench run.
pub fn install() {
    ACTIVE.with(|a| a.set(true));
    let bench = Object::new();
    expose(
        &bench,
        "info",
        Closure::<dyn Fn() -> JsValue>::new(|| {
            let out = Object::new();
            set(&out, "app", &"factmark".into());
            set(&out, "version", &env!("CARGO_PKG_VERSION").into());
            set(
                &out,
                "renderer",
                &"CSS Custom Highlight API over an unchanged text DOM (Yew + WebAssembly)".into(),
            );
            out.into()
        }),
    );
    let (ready, resolve_ready) = waiter();
    READY.with(|r| *r.borrow_mut() = Some(resolve_ready));
    set(&bench, "ready", &ready);
    expose(
        &bench,
        "addAnnotations",
        Closure::<dyn Fn(JsValue) -> Result<usize, JsValue>>::new(add_annotations),
    );
    expose(
        &bench,
        "addRelations",
        Closure::<dyn Fn(JsValue) -> Result<usize, JsValue>>::new(add_relations),
    );
    expose(
        &bench,
        "nextPaint",
        Closure::<dyn Fn() -> Promise>::new(|| wait_on(&PAINT_WAITERS)),
    );
    expose(
        &bench,
        "nextSuggestionsPaint",
        Closure::<dyn Fn() -> Promise>::new(|| wait_on(&SUGGEST_WAITERS)),
    );
    expose(
        &bench,
        "storeCount",
        Closure::<dyn Fn() -> usize>::new(|| state().map_or(0, |s| s.project.annotations().count())),
    );
    expose(
        &bench,
        "paintedCount",
        Closure::<dyn Fn() -> usize>::new(|| PAINTED.with(Cell::get)),
    );
    expose(
        &bench,
        "clientPoint",
        Closure::<dyn Fn(usize, String) -> JsValue>::new(|offset, side: String| client_point(offset, &side)),
    );
    expose(
        &bench,
        "setActiveLabel",
        Closure::<dyn Fn(String)>::new(|name: String| {
            if let Some(state) = state() {
                state.dispatch(Msg::SetSticky(Some(name)));
            }
        }),
    );
    expose(
        &bench,
        "nextUserCreate",
        Closure::<dyn Fn() -> Promise>::new(|| wait_on(&CREATE_WAITERS)),
    );
    expose(
        &bench,
        "resetUserState",
        Closure::<dyn Fn()>::new(|| {
            crate::components::document_text::clear_selection();
            if let Some(state) = state() {
                state.dispatch(Msg::Select(None));
            }
        }),
    );
    expose(
        &bench,
        "memoryBytes",
        Closure::<dyn Fn() -> f64>::new(|| {
            let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
            let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
            buffer.byte_length() as f64
        }),
    );
    expose(
        &bench,
        "saveBlockMs",
        Closure::<dyn Fn() -> f64>::new(crate::storage::longest_block_ms),
    );
    let _ = Reflect::set(&gloo::utils::window(), &"__bench".into(), &bench);
}
