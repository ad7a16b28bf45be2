//! factmark in the browser: a thin Yew shell over `factmark-core`.
//!
//! ```text
//!  main.rs ── App: context provider, router by URL hash
//!     │
//!     ├─ state.rs        State + Msg, a pure reducer (no side effects)
//!     ├─ components/     one component per file: Library, Reader, DocumentText
//!     ├─ dom_text.rs     the only place DOM positions (UTF-16) become code points
//!     └─ bundled.rs      the articles of corpus/, compiled in
//! ```
//!
//! Everything that is not about the browser — offsets, the model, edits, file
//! formats — is in `factmark-core`, tested natively.

pub mod bundled;
pub mod components;
pub mod dom_text;
pub mod route;
pub mod state;
