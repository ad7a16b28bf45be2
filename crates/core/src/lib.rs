//! factmark's core: everything about annotating text that does not need a browser.
//!
//! The browser app (`src/` at the repository root) and the `factmark` command line
//! (`crates/cli`) are thin shells over this crate; it builds for native targets and
//! for `wasm32-unknown-unknown` alike and has no web dependencies.
//!
//! # The offset unit
//!
//! **Every position in this crate, and in every file factmark writes, is a count of
//! Unicode code points (Unicode scalar values) from the start of the document text;
//! every range is half-open, `[start, end)`.** That is the unit of W3C Web Annotation
//! `TextPositionSelector`, spaCy character offsets and Python `str` indices.
//!
//! ```text
//!  text:    П  р  и  в  е  т  ␠  👋  !
//!  cp:      0  1  2  3  4  5  6  7   8  9
//!  "👋!" is Span [7, 9)
//! ```
//!
//! The other two units meet the code only at its edges and are converted in one place,
//! [`offsets`]: the DOM counts UTF-16 code units, Rust slices UTF-8 bytes.
//!
//! # Map
//!
//! - [`offsets`]: conversions between code points, UTF-16 code units and UTF-8 bytes.
//! - [`span`]: [`Span`], a checked half-open range of code points.
//! - [`document`], [`label`], [`annotation`]: the domain model; [`metadata`]: what is
//!   known about a document besides its text; [`attribute`]: the
//!   fields labels declare and the values annotations give them; [`relation`]: typed
//!   links between annotations, within a document or across documents.
//! - [`project`]: documents, labels and annotations together, changed only by
//!   [`action::Action`] values, each with an exact inverse (undo).
//! - [`format`]: file formats; [`format::native`] is factmark's own.
//! - [`anchoring`]: finding annotations again in a changed text.
//! - [`import`]: what merging a file into a project would do, shown before it is done.
//! - [`timestamp`]: the times annotations carry.
//! - [`words`]: snapping selections to Unicode words.
//! - [`linking`]: the annotations a relation can join to one, nearest first.
//! - [`agreement`]: inter-annotator agreement between files of the same documents.
//! - [`merge`]: where annotators differ, and the union of their files.
//! - [`evaluate`]: precision, recall and F1 of predicted spans against gold ones.
//! - [`rules`]: built-in rules that find likely Figures (amounts, dates) and Claims
//!   (quoted speech), for suggestions.
//! - [`suggest`]: suggestions, a layer apart from annotations: propagation of marked
//!   strings and the rules' finds, each with its origin and score.
//! - [`tagger`]: a learned tagger (averaged structured perceptron) trained on a
//!   project's annotations, suggesting spans in its other documents.
//! - [`library`]: a project's totals, and its documents filtered and sorted.
//! - [`search`]: finding text in documents (plain, whole words, regular expressions;
//!   case and diacritics folded on request).
#![deny(missing_docs)]

#[macro_use]
mod read_object;

pub mod action;
pub mod agreement;
pub mod anchoring;
pub mod annotation;
pub mod assist;
pub mod attribute;
pub mod clutter;
pub mod document;
pub mod evaluate;
pub mod format;
pub mod ignored;
pub mod import;
pub mod label;
pub mod library;
pub mod linking;
pub mod merge;
pub mod metadata;
pub mod offsets;
pub mod project;
pub mod relation;
#[cfg(feature = "search")]
pub mod rules;
pub mod search;
pub mod span;
pub mod suggest;
pub mod tagger;
pub mod timestamp;
pub mod words;

#[cfg(test)]
pub(crate) mod test_text;

pub use action::{Action, Change, EditError};
pub use annotation::{Anchor, Annotation, AnnotationId, CONTEXT_CODE_POINTS};
pub use attribute::{Attributes, Field, FieldKind, Value};
pub use document::{DocId, Document, Source, Status};
pub use label::{Label, LabelError, LabelSet};
pub use project::Project;
pub use relation::{Relation, RelationId, RelationType, RelationTypes};
pub use span::{Span, SpanError};
pub use timestamp::Timestamp;
