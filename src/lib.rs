//! factmark in the browser: a thin Yew shell over `factmark-core`.
//!
//! ```text
//!  main.rs ── App: context provider, router by URL hash
//!     │
//!     ├─ state.rs        State + Msg, a pure reducer (no side effects)
//!     ├─ components/     one component per file: Library, Reader, DocumentText,
//!     │                  Toolbar, LabelPicker, AnnotationPanel, LabelStyles
//!     ├─ dom_text.rs     the only place DOM positions (UTF-16) become code points
//!     ├─ highlights.rs   painting annotations with the CSS Custom Highlight API
//!     ├─ storage.rs      keeping the project in the browser
//!     ├─ autosave.rs     saving each change at once, warning before unsaved work is left
//!     ├─ clock.rs        the time and fresh ids, read outside the reducer
//!     ├─ commands.rs     what buttons and keys do before they dispatch
//!     ├─ download.rs     offering files for download
//!     ├─ files.rs        opening the files people choose or drop
//!     ├─ formats.rs      other tools' formats, in a module fetched on first use
//!     ├─ labels.rs       the label editor, in a module fetched on first use
//!     ├─ lazy_modules.rs where the lazily loaded modules' scripts are named
//!     ├─ digest.rs       a text's SHA-256 by the browser's SubtleCrypto
//!     ├─ bundled.rs      the articles of corpus/, compiled in
//!     └─ bench.rs        the bench build's hooks (`?bench&doc=URL`, `window.__bench`)
//! ```
//!
//! Everything that is not about the browser — offsets, the model, edits, file
//! formats — is in `factmark-core`, tested natively.

/// The allocator (see Cargo.toml): the app and the team module, not the native tests.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod assist;
#[cfg(feature = "assist")]
pub mod assist_panel;
pub mod autosave;
pub mod bench;
#[cfg(feature = "bench")]
pub mod bench_hooks;
pub mod bundled;
pub mod clock;
pub mod commands;
pub mod components;
pub mod digest;
pub mod dom_text;
pub mod download;
pub mod files;
pub mod formats;
pub mod frames;
pub mod highlights;
pub mod import_panel;
pub mod labels;
pub mod labels_panel;
pub mod lazy_modules;
pub mod projects_panel;
pub mod route;
pub mod state;
pub mod storage;
pub mod team;
