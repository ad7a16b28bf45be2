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
use crate::attribute::{Attributes, FieldError, Value};
use crate::document::{DocId, Document, Status};
use crate::label::Label;
use crate::relation::{Relation, RelationId, RelationType, RelationTypeError};
use crate::span::SpanError;
use crate::suggest::{Pattern, Place};
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
    /// Gives an annotation another label; its attributes change with it (the new
    /// label's fields may differ), and no relation of it may stop fitting its type.
    Relabel {
        /// The annotation.
        id: AnnotationId,
        /// The label's name.
        label: Change<String>,
        /// Its attributes.
        attributes: Change<Attributes>,
        /// Its `updated` time.
        updated: Change<Timestamp>,
    },
    /// Replaces an annotation with another version of it: the same id and document,
    /// anything else may differ (an import that takes a file's version does this); its
    /// relations must still fit.
    UpdateAnnotation(Box<Change<Annotation>>),
    /// Sets or clears one attribute of an annotation.
    SetAttribute {
        /// The annotation.
        id: AnnotationId,
        /// The field's name.
        field: String,
        /// Its value; `None` when unset.
        value: Change<Option<Value>>,
        /// Its `updated` time.
        updated: Change<Timestamp>,
    },
    /// Adds a relation; its ends must exist and fit its type.
    AddRelation(Relation),
    /// Removes a relation, which must be exactly as given.
    RemoveRelation(Relation),
    /// Changes a relation (type, ends, note); the id stays.
    UpdateRelation(Box<Change<Relation>>),
    /// Inserts a relation type at `index`.
    AddRelationType {
        /// Where in the set.
        index: usize,
        /// The type.
        kind: RelationType,
    },
    /// Changes the relation type at `index`; a new name is carried to its relations,
    /// which must all still fit it.
    UpdateRelationType {
        /// Where in the set.
        index: usize,
        /// The type.
        kind: Change<RelationType>,
    },
    /// Removes the relation type at `index`, which no relation may have.
    RemoveRelationType {
        /// Where in the set.
        index: usize,
        /// The type, exactly.
        kind: RelationType,
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
    /// Sets a document's text set aside as not the article ([`crate::ignored`]): the
    /// regions before and after, each normalized and within the text.
    SetIgnored {
        /// The document.
        id: DocId,
        /// Its regions.
        ignored: Change<Vec<crate::Span>>,
    },
    /// Sets a document's metadata ([`crate::metadata`]).
    SetMetadata {
        /// The document.
        id: DocId,
        /// Its metadata.
        metadata: Change<crate::metadata::Metadata>,
    },
    /// Sets the project's guidelines: text for people, shown as text.
    SetGuidelines(Change<String>),
    /// Remembers that a suggestion was rejected, so it is not made again.
    Reject(Place),
    /// Forgets a rejection (undoes [`Action::Reject`]); the place must be rejected.
    Unreject(Place),
    /// Inserts a user pattern at `index` in the project's patterns.
    AddPattern {
        /// Where in the list.
        index: usize,
        /// The pattern.
        pattern: Pattern,
    },
    /// Removes the pattern at `index`, which must be exactly this.
    RemovePattern {
        /// Where in the list.
        index: usize,
        /// The pattern.
        pattern: Pattern,
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
            Action::Relabel {
                id,
                label,
                attributes,
                updated,
            } => Action::Relabel {
                id,
                label: label.inverse(),
                attributes: attributes.inverse(),
                updated: updated.inverse(),
            },
            Action::SetAttribute {
                id,
                field,
                value,
                updated,
            } => Action::SetAttribute {
                id,
                field,
                value: value.inverse(),
                updated: updated.inverse(),
            },
            Action::UpdateAnnotation(change) => Action::UpdateAnnotation(Box::new(change.inverse())),
            Action::AddRelation(r) => Action::RemoveRelation(r),
            Action::RemoveRelation(r) => Action::AddRelation(r),
            Action::UpdateRelation(change) => Action::UpdateRelation(Box::new(change.inverse())),
            Action::AddRelationType { index, kind } => Action::RemoveRelationType { index, kind },
            Action::RemoveRelationType { index, kind } => Action::AddRelationType { index, kind },
            Action::UpdateRelationType { index, kind } => Action::UpdateRelationType {
                index,
                kind: kind.inverse(),
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
            Action::SetIgnored { id, ignored } => Action::SetIgnored {
                id,
                ignored: ignored.inverse(),
            },
            Action::SetMetadata { id, metadata } => Action::SetMetadata {
                id,
                metadata: metadata.inverse(),
            },
            Action::SetGuidelines(text) => Action::SetGuidelines(text.inverse()),
            Action::Reject(place) => Action::Unreject(place),
            Action::Unreject(place) => Action::Reject(place),
            Action::AddPattern { index, pattern } => Action::RemovePattern { index, pattern },
            Action::RemovePattern { index, pattern } => Action::AddPattern { index, pattern },
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
    /// Text set aside as not the article cannot be so.
    #[error("text set aside as not the article: {0}")]
    Ignored(String),
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
    #[error("annotation `{id}`: {part} {quote:?} is not the text {place} {span}, which reads {found:?}")]
    QuoteMismatch {
        /// The annotation.
        id: AnnotationId,
        /// Its span.
        span: crate::Span,
        /// Which piece differs: "its quote", "its prefix" or "its suffix".
        part: &'static str,
        /// Where that piece lies: "at", "before" or "after".
        place: &'static str,
        /// The piece it carries.
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
    /// A label a relation type names at one of its ends cannot be removed.
    #[error("label `{label}` is named by relation type `{kind}`: change that type first")]
    LabelNamedByRelationType {
        /// The label.
        label: String,
        /// The relation type.
        kind: String,
    },
    /// A label's fields cannot change so that its annotations' values stop fitting.
    #[error("label `{label}`: {count} annotations have values its new fields do not take")]
    FieldsInUse {
        /// The label.
        label: String,
        /// How many annotations.
        count: usize,
    },
    /// An attribute value does not fit its field.
    #[error("annotation `{id}`: {source}")]
    Attribute {
        /// The annotation.
        id: AnnotationId,
        /// What is wrong.
        source: FieldError,
    },
    /// No relation has this id.
    #[error("there is no relation `{0}`")]
    UnknownRelation(RelationId),
    /// A relation with this id exists already.
    #[error("there is already a relation `{0}`")]
    DuplicateRelation(RelationId),
    /// The relation type is not in the project's set.
    #[error("there is no relation type `{0}`")]
    UnknownRelationType(String),
    /// The relation type cannot join the set.
    #[error("relation type `{name}`: {source}")]
    RelationType {
        /// The type's name.
        name: String,
        /// Why not.
        source: RelationTypeError,
    },
    /// A relation type still used by relations cannot be removed.
    #[error("relation type `{0}` is still used by relations")]
    RelationTypeInUse(String),
    /// The relation does not fit its type or its ends.
    #[error("relation `{id}`: {why}")]
    RelationDoesNotFit {
        /// The relation.
        id: RelationId,
        /// Why, in words.
        why: String,
    },
    /// An annotation with relations cannot be removed on its own: its relations go
    /// in the same edit ([`crate::Project::remove_annotation`] does that).
    #[error("annotation `{id}` still has {count} relations")]
    HasRelations {
        /// The annotation.
        id: AnnotationId,
        /// How many relations.
        count: usize,
    },
    /// A pattern that cannot be used, or whose name or label does not fit the project.
    #[error("{0}")]
    Pattern(String),
    /// The suggestion is already rejected, or (to forget) is not.
    #[error("the suggestion of {label} at {span} in `{document}` is {state}")]
    Rejection {
        /// The document.
        document: DocId,
        /// Where.
        span: crate::span::Span,
        /// The label.
        label: String,
        /// "already rejected" or "not rejected".
        state: &'static str,
    },
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
