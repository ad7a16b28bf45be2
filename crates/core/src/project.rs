//! [`Project`]: the label set, the documents and their annotations, kept consistent.
//!
//! A project changes only through [`Project::apply`], which checks each
//! [`Action`] in full before changing anything: every annotation belongs to a
//! document of the project, uses a label of the set, and carries an anchor that is
//! exactly what its span covers in its document's text. Overlapping and nested
//! spans are allowed, with any labels.

use crate::action::{Action, Change, EditError};
use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::document::{DocId, Document, Status};
use crate::label::{Label, LabelSet};
use crate::span::Span;
use crate::timestamp::Timestamp;
/// The annotations, by id: a persistent map, so that copying a project (each edit
/// keeps the one before it for undo) shares all it does not change.
type Annotations = imbl::OrdMap<AnnotationId, Annotation>;

/// Each document's annotations in reading order (span, then id): a persistent set
/// per document, kept by every edit, so that the first annotations of a long
/// document, or how many it has, are found without sorting all of them.
type ReadingOrder = std::collections::HashMap<DocId, imbl::OrdSet<(Span, AnnotationId)>>;

/// Labels, documents and annotations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Project {
    labels: LabelSet,
    documents: Vec<Document>,
    /// Each document's index in `documents`, by id: finding an annotation's document
    /// costs a lookup, not a walk of the library.
    positions: std::collections::HashMap<DocId, usize>,
    annotations: Annotations,
    reading: ReadingOrder,
}

impl Project {
    /// A project with `labels` and nothing else.
    pub fn new(labels: LabelSet) -> Project {
        Project {
            labels,
            documents: Vec::new(),
            positions: std::collections::HashMap::new(),
            annotations: Annotations::new(),
            reading: ReadingOrder::new(),
        }
    }

    /// The label set.
    pub fn labels(&self) -> &LabelSet {
        &self.labels
    }

    /// The documents, in the order people see them.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// The document with `id`.
    pub fn document(&self, id: &DocId) -> Option<&Document> {
        self.positions.get(id).map(|&index| &self.documents[index])
    }

    /// Inserts `document` at `index`, keeping the positions.
    fn insert_document(&mut self, index: usize, document: Document) {
        self.documents.insert(index, document);
        if index + 1 == self.documents.len() {
            self.positions.insert(self.documents[index].id().clone(), index);
        } else {
            self.reindex();
        }
    }

    /// Removes the document at `index`, keeping the positions.
    fn take_document(&mut self, index: usize) -> Document {
        let document = self.documents.remove(index);
        self.positions.remove(document.id());
        if index < self.documents.len() {
            self.reindex();
        }
        document
    }

    fn reindex(&mut self) {
        self.positions = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, doc)| (doc.id().clone(), i))
            .collect();
    }

    /// Every annotation, by id.
    pub fn annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.values()
    }

    /// The annotation with `id`.
    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.annotations.get(id)
    }

    /// The annotations of document `doc`, in no particular order (quicker than
    /// [`Project::annotations_of`] where order does not matter).
    pub fn annotations_in<'a>(&'a self, doc: &'a DocId) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.annotations.values().filter(move |a| &a.document == doc)
    }

    /// The spans and ids of document `doc`'s annotations in reading order (by span,
    /// then id), read from the index alone: what is painted near the viewport is found
    /// by walking spans, and only those annotations are looked up.
    pub fn reading_spans<'a>(&'a self, doc: &DocId) -> impl Iterator<Item = (Span, &'a AnnotationId)> + 'a {
        self.reading
            .get(doc)
            .into_iter()
            .flat_map(|set| set.iter())
            .map(|(span, id)| (*span, id))
    }

    /// The annotations of document `doc` in reading order (by span, then id), one at a
    /// time: taking the first few costs a few lookups, whatever the document holds.
    pub fn reading_order<'a>(&'a self, doc: &DocId) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.reading_spans(doc)
            .filter_map(|(_, id)| self.annotations.get(id))
    }

    /// The annotations of document `doc`, in reading order (by span, then id).
    pub fn annotations_of(&self, doc: &DocId) -> Vec<&Annotation> {
        self.reading_order(doc).collect()
    }

    /// A new annotation of `span` in document `doc`, ready for [`Action::AddAnnotation`].
    #[allow(clippy::too_many_arguments)]
    pub fn new_annotation(
        &self,
        id: AnnotationId,
        doc: &DocId,
        span: Span,
        label: &str,
        annotator: &str,
        now: Timestamp,
    ) -> Result<Annotation, EditError> {
        let document = self
            .document(doc)
            .ok_or_else(|| EditError::UnknownDocument(doc.clone()))?;
        let anchor = document.anchor(span).map_err(|source| EditError::Span {
            id: id.clone(),
            source,
        })?;
        self.check_label(label)?;
        Ok(Annotation {
            id,
            document: doc.clone(),
            anchor,
            label: label.to_owned(),
            note: String::new(),
            annotator: annotator.to_owned(),
            agreed_by: Vec::new(),
            created: now,
            updated: now,
        })
    }

    /// The action that gives annotation `id` the label `label`.
    pub fn relabel(&self, id: &AnnotationId, label: &str, now: Timestamp) -> Result<Action, EditError> {
        let current = self.existing(id)?;
        self.check_label(label)?;
        Ok(Action::Relabel {
            id: id.clone(),
            label: Change::new(current.label.clone(), label.to_owned()),
            updated: Change::new(current.updated, now),
        })
    }

    /// The action that moves annotation `id` to `span`.
    pub fn resize(&self, id: &AnnotationId, span: Span, now: Timestamp) -> Result<Action, EditError> {
        let current = self.existing(id)?;
        let document = self
            .document(&current.document)
            .ok_or_else(|| EditError::UnknownDocument(current.document.clone()))?;
        let anchor = document.anchor(span).map_err(|source| EditError::Span {
            id: id.clone(),
            source,
        })?;
        Ok(Action::Resize {
            id: id.clone(),
            anchor: Change::new(current.anchor.clone(), anchor),
            updated: Change::new(current.updated, now),
        })
    }

    /// The action that sets annotation `id`'s note.
    pub fn set_note(&self, id: &AnnotationId, note: &str, now: Timestamp) -> Result<Action, EditError> {
        let current = self.existing(id)?;
        Ok(Action::SetNote {
            id: id.clone(),
            note: Change::new(current.note.clone(), note.to_owned()),
            updated: Change::new(current.updated, now),
        })
    }

    /// The action that removes annotation `id`.
    pub fn remove_annotation(&self, id: &AnnotationId) -> Result<Action, EditError> {
        Ok(Action::RemoveAnnotation(self.existing(id)?.clone()))
    }

    /// The action that appends `document` to the list.
    pub fn add_document(&self, document: Document) -> Action {
        Action::AddDocument {
            index: self.documents.len(),
            document,
            annotations: Vec::new(),
        }
    }

    /// The action that removes document `id` and its annotations.
    pub fn remove_document(&self, id: &DocId) -> Result<Action, EditError> {
        let index = self.index_of(id)?;
        Ok(Action::RemoveDocument {
            index,
            document: self.documents[index].clone(),
            annotations: self.annotations_of(id).into_iter().cloned().collect(),
        })
    }

    /// The action that renames document `id`.
    pub fn rename_document(&self, id: &DocId, title: &str) -> Result<Action, EditError> {
        let index = self.index_of(id)?;
        Ok(Action::RenameDocument {
            id: id.clone(),
            title: Change::new(self.documents[index].title().to_owned(), title.to_owned()),
        })
    }

    /// The action that sets document `id`'s status.
    pub fn set_status(&self, id: &DocId, status: Status) -> Result<Action, EditError> {
        let index = self.index_of(id)?;
        Ok(Action::SetStatus {
            id: id.clone(),
            status: Change::new(self.documents[index].status(), status),
        })
    }

    /// The action that changes the label named `name` into `label`.
    pub fn update_label(&self, name: &str, label: Label) -> Result<Action, EditError> {
        let index = self
            .labels
            .position(name)
            .ok_or_else(|| EditError::UnknownLabel(name.to_owned()))?;
        let mut check = self.labels.clone();
        let from = check
            .replace(index, label.clone())
            .map_err(|source| EditError::Label {
                name: label.name.clone(),
                source,
            })?;
        Ok(Action::UpdateLabel {
            index,
            label: Change::new(from, label),
        })
    }

    /// The action that adds `label` at the end of the label set.
    pub fn add_label(&self, label: Label) -> Result<Action, EditError> {
        let mut check = self.labels.clone();
        check.add(label.clone()).map_err(|source| EditError::Label {
            name: label.name.clone(),
            source,
        })?;
        Ok(Action::AddLabel {
            index: self.labels.len(),
            label,
        })
    }

    /// The action that removes the label named `name`, which no annotation may use.
    pub fn remove_label(&self, name: &str) -> Result<Action, EditError> {
        let index = self
            .labels
            .position(name)
            .ok_or_else(|| EditError::UnknownLabel(name.to_owned()))?;
        if self.annotations.values().any(|a| a.label == name) {
            return Err(EditError::LabelInUse(name.to_owned()));
        }
        Ok(Action::RemoveLabel {
            index,
            label: self.labels.iter().nth(index).expect("found above").clone(),
        })
    }

    /// How many annotations document `id` has.
    pub fn count_of(&self, id: &DocId) -> usize {
        self.reading.get(id).map_or(0, imbl::OrdSet::len)
    }

    /// Stores `annotation` (checked) and files it in its document's reading order.
    fn insert_annotation(&mut self, annotation: Annotation) {
        self.file(
            annotation.document.clone(),
            annotation.span(),
            annotation.id.clone(),
        );
        self.annotations.insert(annotation.id.clone(), annotation);
    }

    /// Puts `(span, id)` in document `doc`'s reading order.
    fn file(&mut self, doc: DocId, span: Span, id: AnnotationId) {
        self.reading.entry(doc).or_default().insert((span, id));
    }

    /// Removes the annotation with `id`, from the store and the reading order.
    fn remove_annotation_stored(&mut self, id: &AnnotationId) {
        if let Some(annotation) = self.annotations.remove(id) {
            self.unfile(&annotation.document, annotation.span(), id);
        }
    }

    /// Takes `(span, id)` out of document `doc`'s reading order.
    fn unfile(&mut self, doc: &DocId, span: Span, id: &AnnotationId) {
        if let Some(set) = self.reading.get_mut(doc) {
            set.remove(&(span, id.clone()));
            if set.is_empty() {
                self.reading.remove(doc);
            }
        }
    }

    /// Applies `action` whole, or returns why not and leaves the project as it was.
    pub fn apply(&mut self, action: Action) -> Result<(), EditError> {
        match action {
            Action::Batch(actions) => self.apply_ref(&Action::Batch(actions)),
            Action::AddAnnotation(annotation) => {
                self.check_new_annotation(&annotation)?;
                self.insert_annotation(annotation);
                Ok(())
            }
            other => self.apply_owned(other),
        }
    }

    /// [`Project::apply`] for an action that is kept elsewhere too (the history): only
    /// what the project stores is copied, so adding a batch of annotations copies each
    /// once.
    pub fn apply_ref(&mut self, action: &Action) -> Result<(), EditError> {
        match action {
            Action::Batch(actions) => {
                for (done, action) in actions.iter().enumerate() {
                    if let Err(err) = self.apply_ref(action) {
                        for applied in actions[..done].iter().rev() {
                            self.apply(applied.clone().inverse())
                                .expect("the inverse of an applied action applies");
                        }
                        return Err(err);
                    }
                }
                Ok(())
            }
            Action::AddAnnotation(annotation) => {
                self.check_new_annotation(annotation)?;
                self.insert_annotation(annotation.clone());
                Ok(())
            }
            other => self.apply_owned(other.clone()),
        }
    }

    /// Every action but batches and additions of an annotation.
    fn apply_owned(&mut self, action: Action) -> Result<(), EditError> {
        match action {
            Action::Batch(_) | Action::AddAnnotation(_) => self.apply(action),
            Action::RemoveAnnotation(annotation) => {
                let current = self.existing(&annotation.id)?;
                if current != &annotation {
                    return Err(EditError::Stale(annotation.id.0));
                }
                self.remove_annotation_stored(&annotation.id);
                Ok(())
            }
            Action::Relabel { id, label, updated } => {
                self.check_label(&label.to)?;
                let current = self.existing_mut(&id)?;
                if current.label != label.from || current.updated != updated.from {
                    return Err(EditError::Stale(id.0));
                }
                current.label = label.to;
                current.updated = updated.to;
                Ok(())
            }
            Action::Resize { id, anchor, updated } => {
                let current = self.existing(&id)?;
                let document = self
                    .document(&current.document)
                    .ok_or_else(|| EditError::UnknownDocument(current.document.clone()))?;
                check_anchor(&id, &anchor.to, document)?;
                let current = self.existing(&id)?;
                if current.anchor != anchor.from || current.updated != updated.from {
                    return Err(EditError::Stale(id.0));
                }
                let (document, from) = (current.document.clone(), current.span());
                let to = anchor.to.span();
                let current = self.existing_mut(&id)?;
                current.anchor = anchor.to;
                current.updated = updated.to;
                if from != to {
                    self.unfile(&document, from, &id);
                    self.file(document, to, id);
                }
                Ok(())
            }
            Action::SetNote { id, note, updated } => {
                let current = self.existing_mut(&id)?;
                if current.note != note.from || current.updated != updated.from {
                    return Err(EditError::Stale(id.0));
                }
                current.note = note.to;
                current.updated = updated.to;
                Ok(())
            }
            Action::AddDocument {
                index,
                document,
                annotations,
            } => {
                if index > self.documents.len() {
                    return Err(EditError::DocumentIndex {
                        index,
                        len: self.documents.len(),
                    });
                }
                if self.document(document.id()).is_some() {
                    return Err(EditError::DuplicateDocument(document.id().clone()));
                }
                self.insert_document(index, document);
                // Annotations go in one by one through the same checks as any other.
                let result = annotations
                    .iter()
                    .try_for_each(|annotation| self.apply(Action::AddAnnotation(annotation.clone())));
                if let Err(err) = result {
                    let document = self.take_document(index);
                    self.remove_annotations_of(document.id());
                    return Err(err);
                }
                Ok(())
            }
            Action::RemoveDocument {
                index,
                document,
                annotations,
            } => {
                if self.documents.get(index) != Some(&document) {
                    return Err(EditError::Stale(document.id().0.clone()));
                }
                let current: Vec<Annotation> =
                    self.annotations_of(document.id()).into_iter().cloned().collect();
                let mut expected = annotations;
                expected.sort_by(|a, b| (a.span(), &a.id).cmp(&(b.span(), &b.id)));
                if current != expected {
                    return Err(EditError::Stale(document.id().0.clone()));
                }
                self.take_document(index);
                self.remove_annotations_of(document.id());
                Ok(())
            }
            Action::AddLabel { index, label } => {
                let name = label.name.clone();
                self.labels
                    .insert(index, label)
                    .map_err(|source| EditError::Label { name, source })
            }
            Action::UpdateLabel { index, label } => {
                if self.labels.iter().nth(index) != Some(&label.from) {
                    return Err(EditError::Stale(label.from.name));
                }
                let (old, new) = (label.from.name, label.to.name.clone());
                self.labels
                    .replace(index, label.to)
                    .map_err(|source| EditError::Label {
                        name: new.clone(),
                        source,
                    })?;
                if old != new {
                    let ids: Vec<AnnotationId> = self
                        .annotations
                        .values()
                        .filter(|a| a.label == old)
                        .map(|a| a.id.clone())
                        .collect();
                    for id in ids {
                        if let Some(annotation) = self.annotations.get_mut(&id) {
                            annotation.label = new.clone();
                        }
                    }
                }
                Ok(())
            }
            Action::RemoveLabel { index, label } => {
                if self.labels.iter().nth(index) != Some(&label) {
                    return Err(EditError::Stale(label.name));
                }
                if self.annotations.values().any(|a| a.label == label.name) {
                    return Err(EditError::LabelInUse(label.name));
                }
                self.labels.remove(&label.name);
                Ok(())
            }
            Action::SetStatus { id, status } => {
                let index = self.index_of(&id)?;
                if self.documents[index].status() != status.from {
                    return Err(EditError::Stale(id.0));
                }
                let document = self.documents[index].clone();
                self.documents[index] = document.with_status(status.to);
                Ok(())
            }
            Action::RenameDocument { id, title } => {
                let index = self.index_of(&id)?;
                if self.documents[index].title() != title.from {
                    return Err(EditError::Stale(id.0));
                }
                let document = self.documents[index].clone();
                self.documents[index] = document.with_title(title.to);
                Ok(())
            }
        }
    }

    fn remove_annotations_of(&mut self, document: &DocId) {
        for (_, id) in self.reading.remove(document).unwrap_or_default() {
            self.annotations.remove(&id);
        }
    }

    fn existing(&self, id: &AnnotationId) -> Result<&Annotation, EditError> {
        self.annotations
            .get(id)
            .ok_or_else(|| EditError::UnknownAnnotation(id.clone()))
    }

    fn existing_mut(&mut self, id: &AnnotationId) -> Result<&mut Annotation, EditError> {
        self.annotations
            .get_mut(id)
            .ok_or_else(|| EditError::UnknownAnnotation(id.clone()))
    }

    fn index_of(&self, id: &DocId) -> Result<usize, EditError> {
        self.positions
            .get(id)
            .copied()
            .ok_or_else(|| EditError::UnknownDocument(id.clone()))
    }

    fn check_label(&self, label: &str) -> Result<(), EditError> {
        match self.labels.get(label) {
            Some(_) => Ok(()),
            None => Err(EditError::UnknownLabel(label.to_owned())),
        }
    }

    fn check_new_annotation(&self, annotation: &Annotation) -> Result<(), EditError> {
        if self.annotations.contains_key(&annotation.id) {
            return Err(EditError::DuplicateAnnotation(annotation.id.clone()));
        }
        self.check_label(&annotation.label)?;
        let document = self
            .document(&annotation.document)
            .ok_or_else(|| EditError::UnknownDocument(annotation.document.clone()))?;
        check_anchor(&annotation.id, &annotation.anchor, document)
    }
}

/// Checks that `anchor` is what its span covers in `text`, quote and context alike.
fn check_anchor(id: &AnnotationId, anchor: &Anchor, document: &Document) -> Result<(), EditError> {
    let found = document
        .anchor_pieces(anchor.span())
        .map_err(|source| EditError::Span {
            id: id.clone(),
            source,
        })?;
    if !anchor.has_pieces(found) {
        return Err(EditError::QuoteMismatch {
            id: id.clone(),
            span: anchor.span(),
            quote: anchor.quote().to_owned(),
            found: found[1].to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::action::History;
    use crate::document::Source;
    use crate::offsets;
    use crate::test_text::HOSTILE;
    use proptest::prelude::*;

    pub(crate) fn project_with(texts: &[&str]) -> Project {
        let mut project = Project::default();
        for (i, text) in texts.iter().enumerate() {
            let doc = Document::new(
                DocId(format!("d{i}")),
                format!("Doc {i}"),
                (*text).to_owned(),
                Source::Pasted,
            );
            project.apply(project.add_document(doc)).unwrap();
        }
        project
    }

    fn mark(project: &mut Project, id: &str, doc: &str, start: usize, end: usize, label: &str) {
        let annotation = project
            .new_annotation(
                AnnotationId(id.into()),
                &DocId(doc.into()),
                Span::new(start, end).unwrap(),
                label,
                "ana",
                Timestamp::from_millis(1),
            )
            .unwrap();
        project.apply(Action::AddAnnotation(annotation)).unwrap();
    }

    #[test]
    fn overlapping_and_nested_spans_coexist() {
        let mut project = project_with(&[HOSTILE]);
        mark(&mut project, "outer", "d0", 0, 30, "Claim");
        mark(&mut project, "inner", "d0", 0, 5, "Actor");
        mark(&mut project, "cross", "d0", 20, 40, "Figure");
        let ids: Vec<_> = project
            .annotations_of(&DocId("d0".into()))
            .iter()
            .map(|a| a.id.0.as_str())
            .collect();
        assert_eq!(ids, ["inner", "outer", "cross"]);
        assert_eq!(
            project
                .annotation(&AnnotationId("inner".into()))
                .unwrap()
                .anchor
                .quote(),
            "Минск"
        );
    }

    #[test]
    fn refuses_bad_annotations_and_changes_nothing() {
        let mut project = project_with(&["Minsk troops"]);
        let before = project.clone();
        let doc = DocId("d0".into());
        let id = AnnotationId("a".into());
        let now = Timestamp::from_millis(0);
        let span = Span::new(0, 5).unwrap();
        assert!(matches!(
            project.new_annotation(id.clone(), &doc, span, "Nope", "", now),
            Err(EditError::UnknownLabel(_))
        ));
        assert!(matches!(
            project.new_annotation(id.clone(), &doc, Span::new(5, 13).unwrap(), "Claim", "", now),
            Err(EditError::Span { .. })
        ));
        let mut forged = project
            .new_annotation(id.clone(), &doc, span, "Claim", "", now)
            .unwrap();
        forged.anchor = Anchor::from_parts(span, "Pinsk".into(), String::new(), " troops".into());
        assert!(matches!(
            project.apply(Action::AddAnnotation(forged)),
            Err(EditError::QuoteMismatch { .. })
        ));
        assert_eq!(project, before);
    }

    #[test]
    fn a_failing_batch_leaves_no_trace() {
        let mut project = project_with(&["Minsk troops"]);
        let before = project.clone();
        let doc = DocId("d0".into());
        let good = project
            .new_annotation(
                AnnotationId("a".into()),
                &doc,
                Span::new(0, 5).unwrap(),
                "Actor",
                "",
                Timestamp::default(),
            )
            .unwrap();
        let batch = Action::Batch(vec![
            Action::AddAnnotation(good.clone()),
            Action::AddAnnotation(good), // duplicate id
        ]);
        assert!(matches!(
            project.apply(batch),
            Err(EditError::DuplicateAnnotation(_))
        ));
        assert_eq!(project, before);
    }

    #[test]
    fn renaming_a_label_carries_its_annotations_and_undoes_exactly() {
        let mut project = project_with(&["Minsk troops"]);
        mark(&mut project, "a", "d0", 0, 5, "Actor");
        let before = project.clone();
        let place = Label {
            name: "Place".into(),
            color: "#ae3ec9".into(),
            hotkey: Some('p'),
        };
        let action = project.update_label("Actor", place).unwrap();
        project.apply(action.clone()).unwrap();
        assert_eq!(
            project.annotation(&AnnotationId("a".into())).unwrap().label,
            "Place"
        );
        assert!(project.labels().get("Actor").is_none());
        assert!(matches!(
            project.remove_label("Place"),
            Err(EditError::LabelInUse(_))
        ));
        project.apply(action.inverse()).unwrap();
        assert_eq!(project, before);
        let clash = Label {
            name: "claim".into(),
            color: "#000000".into(),
            hotkey: None,
        };
        assert!(matches!(
            project.update_label("Actor", clash),
            Err(EditError::Label { .. })
        ));
    }

    #[test]
    fn a_stale_edit_is_refused() {
        let mut project = project_with(&["Minsk troops"]);
        mark(&mut project, "a", "d0", 0, 5, "Claim");
        let id = AnnotationId("a".into());
        let first = project.relabel(&id, "Actor", Timestamp::from_millis(5)).unwrap();
        let second = project.relabel(&id, "Figure", Timestamp::from_millis(6)).unwrap();
        project.apply(first).unwrap();
        assert_eq!(project.apply(second), Err(EditError::Stale("a".into())));
        assert_eq!(project.annotation(&id).unwrap().label, "Actor");
    }

    #[test]
    fn undo_and_redo_walk_the_history() {
        let mut project = project_with(&[HOSTILE]);
        let mut history = History::default();
        let start = project.clone();
        let doc = DocId("d0".into());
        let id = AnnotationId("a".into());
        let annotation = project
            .new_annotation(
                id.clone(),
                &doc,
                Span::new(0, 5).unwrap(),
                "Actor",
                "",
                Timestamp::from_millis(1),
            )
            .unwrap();
        history
            .perform(&mut project, Action::AddAnnotation(annotation))
            .unwrap();
        let added = project.clone();
        let resize = project
            .resize(&id, Span::new(20, 29).unwrap(), Timestamp::from_millis(2))
            .unwrap();
        history.perform(&mut project, resize).unwrap();
        assert_eq!(project.annotation(&id).unwrap().anchor.quote(), "Лукашенко");
        let resized = project.clone();

        assert_eq!(history.undo(&mut project), Ok(true));
        assert_eq!(project, added);
        assert_eq!(history.undo(&mut project), Ok(true));
        assert_eq!(project, start);
        assert_eq!(history.undo(&mut project), Ok(false));
        assert_eq!(history.redo(&mut project), Ok(true));
        assert_eq!(history.redo(&mut project), Ok(true));
        assert_eq!(project, resized);
        assert!(!history.can_redo());
    }

    /// Arbitrary edits of a project of hostile texts, each valid where it is made.
    fn arbitrary_edits() -> impl Strategy<Value = Vec<(u8, usize, usize, usize)>> {
        prop::collection::vec((0u8..8, 0usize..200, 1usize..30, 0usize..3), 1..25)
    }

    /// Turns a step of raw numbers into an action that applies to `project`, if any does.
    fn action_for(project: &Project, step: (u8, usize, usize, usize), n: usize) -> Option<Action> {
        let (kind, at, len, pick) = step;
        let labels = ["Claim", "Figure", "Actor"];
        let now = Timestamp::from_millis(n as i64);
        let docs = project.documents();
        let doc = docs.get(pick % docs.len().max(1))?;
        let doc_len = offsets::cp_len(doc.text());
        let span = Span::new(at % doc_len, (at % doc_len + len).min(doc_len)).ok()?;
        let existing: Vec<&Annotation> = project.annotations().collect();
        let target = existing.get(at % existing.len().max(1)).map(|a| a.id.clone());
        match kind {
            0 | 1 => project
                .new_annotation(
                    AnnotationId(format!("a{n}")),
                    doc.id(),
                    span,
                    labels[pick],
                    "ana",
                    now,
                )
                .ok()
                .map(Action::AddAnnotation),
            2 => project.remove_annotation(&target?).ok(),
            3 => project.relabel(&target?, labels[pick], now).ok(),
            4 => project.set_note(&target?, &format!("note «{n}» 🇧🇾"), now).ok(),
            5 => {
                let id = target?;
                let doc_len = offsets::cp_len(project.document(&project.annotation(&id)?.document)?.text());
                let span = Span::new(at % doc_len, (at % doc_len + len).min(doc_len)).ok()?;
                project.resize(&id, span, now).ok()
            }
            6 if pick == 0 => project.set_status(doc.id(), Status::ALL[at % 3]).ok(),
            6 if pick == 1 => {
                let name = labels[at % 3];
                let current = project.labels().get(name)?.clone();
                let renamed = Label {
                    name: format!("{name} «{n}»"),
                    color: format!("#{:06x}", at * 4099 % 0xffffff),
                    hotkey: None,
                };
                // Renamed labels go back, so later steps still find the three names.
                let there = project.update_label(name, renamed.clone()).ok()?;
                let mut probe = project.clone();
                probe.apply(there.clone()).ok()?;
                let back = probe.update_label(&renamed.name, current).ok()?;
                Some(Action::Batch(vec![there, back]))
            }
            6 => project.rename_document(doc.id(), &format!("Renamed {n}")).ok(),
            _ => project.remove_document(doc.id()).ok(),
        }
    }

    /// Whether every document's reading order is its annotations sorted by span, then
    /// id, and its count theirs, as worked out from scratch.
    fn reading_order_is_kept(project: &Project) -> bool {
        project.documents().iter().all(|doc| {
            let mut expected: Vec<&Annotation> = project
                .annotations()
                .filter(|a| &a.document == doc.id())
                .collect();
            expected.sort_by(|a, b| (a.span(), &a.id).cmp(&(b.span(), &b.id)));
            project.annotations_of(doc.id()) == expected && project.count_of(doc.id()) == expected.len()
        })
    }

    proptest! {
        #[test]
        fn apply_then_inverse_is_identity(steps in arbitrary_edits()) {
            let mut project = project_with(&[HOSTILE, "Войска 🪖 moved\r\nnorth.", "a\u{301}b\u{a0}c 🇺🇦🇧🇾"]);
            let mut history = History::default();
            // The project before each edit, to compare with after each undo.
            let mut before_each = Vec::new();
            for (n, step) in steps.into_iter().enumerate() {
                let Some(action) = action_for(&project, step, n) else { continue };
                let before = project.clone();
                let mut probe = project.clone();
                probe.apply(action.clone()).unwrap();
                let after = probe.clone();
                probe.apply(action.clone().inverse()).unwrap();
                prop_assert_eq!(&probe, &before);
                history.perform(&mut project, action).unwrap();
                prop_assert_eq!(&project, &after);
                prop_assert!(reading_order_is_kept(&project));
                before_each.push(before);
            }
            while history.can_undo() {
                history.undo(&mut project).unwrap();
                prop_assert_eq!(&project, &before_each.pop().unwrap());
            }
            prop_assert!(before_each.is_empty());
        }
    }
}
