//! Edits as values: every change to a [`Project`](crate::Project) is an [`Action`].
//!
//! An action carries what it changes *from* as well as what it changes *to*, so its
//! inverse is known without looking at the project ([`Action::inverse`]), and
//! applying an action then its inverse restores the project exactly — undo and redo
//! are just applying inverses ([`History`]). Applying checks the `from` side against
//! the project and refuses a stale action instead of overwriting newer work.
//!
//! ```text
//!  project ──apply(a)──▶ project' ──apply(a.inverse())──▶ project
//! ```

use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::document::{DocId, Document, Status};
use crate::label::Label;
use crate::span::SpanError;
use crate::timestamp::Timestamp;
use thiserror::Error;

/// A value before and after an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<T> {
    /// The value the edit expects to find.
    pub from: T,
    /// The value the edit leaves.
    pub to: T,
}

impl<T> Change<T> {
    /// A change from `from` to `to`.
    pub fn new(from: T, to: T) -> Change<T> {
        Change { from, to }
    }

    /// The same change undone.
    pub fn inverse(self) -> Change<T> {
        Change {
            from: self.to,
            to: self.from,
        }
    }
}

/// One edit of a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Adds an annotation; its anchor must match its document's text.
    AddAnnotation(Annotation),
    /// Removes an annotation, which must be exactly as given.
    RemoveAnnotation(Annotation),
    /// Gives an annotation another label.
    Relabel {
        /// The annotation.
        id: AnnotationId,
        /// The label's name.
        label: Change<String>,
        /// Its `updated` time.
        updated: Change<Timestamp>,
    },
    /// Moves an annotation's boundaries; quote and context move with them.
    Resize {
        /// The annotation.
        id: AnnotationId,
        /// Its anchor.
        anchor: Change<Anchor>,
        /// Its `updated` time.
        updated: Change<Timestamp>,
    },
    /// Changes an annotation's note.
    SetNote {
        /// The annotation.
        id: AnnotationId,
        /// The note.
        note: Change<String>,
        /// Its `updated` time.
        updated: Change<Timestamp>,
    },
    /// Inserts a document at `index` in the list, with its annotations.
    AddDocument {
        /// Where in the document list.
        index: usize,
        /// The document.
        document: Document,
        /// Its annotations, added with it.
        annotations: Vec<Annotation>,
    },
    /// Removes the document at `index` with all its annotations, which must be exactly these.
    RemoveDocument {
        /// Where in the document list.
        index: usize,
        /// The document.
        document: Document,
        /// Its annotations, removed with it.
        annotations: Vec<Annotation>,
    },
    /// Gives a document another title.
    RenameDocument {
        /// The document.
        id: DocId,
        /// The title.
        title: Change<String>,
    },
    /// Inserts a label into the label set at `index`.
    AddLabel {
        /// Where in the label set.
        index: usize,
        /// The label.
        label: Label,
    },
    /// Changes the label at `index` (name, colour, hotkey); a new name is carried to
    /// every annotation that has the label.
    UpdateLabel {
        /// Where in the label set.
        index: usize,
        /// The label.
        label: Change<Label>,
    },
    /// Removes a label, which no annotation may use, from place `index`.
    RemoveLabel {
        /// Where in the label set it is.
        index: usize,
        /// The label, exactly.
        label: Label,
    },
    /// Sets how far a document's annotation has got.
    SetStatus {
        /// The document.
        id: DocId,
        /// Its status.
        status: Change<Status>,
    },
    /// Several actions applied in order, all or none.
    Batch(Vec<Action>),
}

impl Action {
    /// The action that undoes this one.
    pub fn inverse(self) -> Action {
        match self {
            Action::AddAnnotation(a) => Action::RemoveAnnotation(a),
            Action::RemoveAnnotation(a) => Action::AddAnnotation(a),
            Action::Relabel { id, label, updated } => Action::Relabel {
                id,
                label: label.inverse(),
                updated: updated.inverse(),
            },
            Action::Resize { id, anchor, updated } => Action::Resize {
                id,
                anchor: anchor.inverse(),
                updated: updated.inverse(),
            },
            Action::SetNote { id, note, updated } => Action::SetNote {
                id,
                note: note.inverse(),
                updated: updated.inverse(),
            },
            Action::AddDocument {
                index,
                document,
                annotations,
            } => Action::RemoveDocument {
                index,
                document,
                annotations,
            },
            Action::RemoveDocument {
                index,
                document,
                annotations,
            } => Action::AddDocument {
                index,
                document,
                annotations,
            },
            Action::RenameDocument { id, title } => Action::RenameDocument {
                id,
                title: title.inverse(),
            },
            Action::AddLabel { index, label } => Action::RemoveLabel { index, label },
            Action::RemoveLabel { index, label } => Action::AddLabel { index, label },
            Action::UpdateLabel { index, label } => Action::UpdateLabel {
                index,
                label: label.inverse(),
            },
            Action::SetStatus { id, status } => Action::SetStatus {
                id,
                status: status.inverse(),
            },
            Action::Batch(actions) => Action::Batch(actions.into_iter().rev().map(Action::inverse).collect()),
        }
    }
}

/// Why an action cannot be applied. The project is unchanged when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    /// No document has this id.
    #[error("there is no document `{0}`")]
    UnknownDocument(DocId),
    /// A document with this id exists already.
    #[error("there is already a document `{0}`")]
    DuplicateDocument(DocId),
    /// The document index is past the end of the list.
    #[error("there is no place {index} in a list of {len} documents")]
    DocumentIndex {
        /// The index asked for.
        index: usize,
        /// The number of documents.
        len: usize,
    },
    /// No annotation has this id.
    #[error("there is no annotation `{0}`")]
    UnknownAnnotation(AnnotationId),
    /// An annotation with this id exists already.
    #[error("there is already an annotation `{0}`")]
    DuplicateAnnotation(AnnotationId),
    /// The label is not in the project's label set.
    #[error("there is no label `{0}`")]
    UnknownLabel(String),
    /// The span does not fit the document.
    #[error("annotation `{id}`: {source}")]
    Span {
        /// The annotation.
        id: AnnotationId,
        /// What is wrong with its span.
        source: SpanError,
    },
    /// The annotation's quote or context is not what its span covers in the text.
    #[error("annotation `{id}`: its quote {quote:?} is not the text at {span}, which reads {found:?}")]
    QuoteMismatch {
        /// The annotation.
        id: AnnotationId,
        /// Its span.
        span: crate::Span,
        /// The quote it carries.
        quote: String,
        /// What the text holds there.
        found: String,
    },
    /// The label cannot join the label set.
    #[error("label `{name}`: {source}")]
    Label {
        /// The label's name.
        name: String,
        /// Why not.
        source: crate::label::LabelError,
    },
    /// A label still used by annotations cannot be removed.
    #[error("label `{0}` is still used by annotations")]
    LabelInUse(String),
    /// The project no longer holds what the action expects to change.
    #[error("`{0}` has changed since this edit was made")]
    Stale(String),
}

/// Undo and redo stacks over a project. Actions are shared, so copying a history
/// (the app keeps the one before each edit) copies pointers, not the annotations a
/// large batch carries.
#[derive(Debug, Clone, Default)]
pub struct History {
    done: Vec<std::sync::Arc<Action>>,
    undone: Vec<std::sync::Arc<Action>>,
}

impl History {
    /// Applies `action` and records it; redo is cleared.
    pub fn perform(&mut self, project: &mut crate::Project, action: Action) -> Result<(), EditError> {
        project.apply_ref(&action)?;
        self.done.push(std::sync::Arc::new(action));
        self.undone.clear();
        Ok(())
    }

    /// Undoes the last action, if any; returns whether there was one.
    pub fn undo(&mut self, project: &mut crate::Project) -> Result<bool, EditError> {
        let Some(action) = self.done.pop() else {
            return Ok(false);
        };
        if let Err(err) = project.apply(Action::clone(&action).inverse()) {
            self.done.push(action);
            return Err(err);
        }
        self.undone.push(action);
        Ok(true)
    }

    /// Redoes the last undone action, if any; returns whether there was one.
    pub fn redo(&mut self, project: &mut crate::Project) -> Result<bool, EditError> {
        let Some(action) = self.undone.pop() else {
            return Ok(false);
        };
        if let Err(err) = project.apply_ref(&action) {
            self.undone.push(action);
            return Err(err);
        }
        self.done.push(action);
        Ok(true)
    }

    /// Whether there is anything to undo.
    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    /// Whether there is anything to redo.
    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }
}
