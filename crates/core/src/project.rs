//! [`Project`]: the label set, the documents and their annotations, kept consistent.
//!
//! A project changes only through [`Project::apply`], which checks each
//! [`Action`] in full before changing anything: every annotation belongs to a
//! document of the project, uses a label of the set, and carries an anchor that is
//! exactly what its span covers in its document's text. Overlapping and nested
//! spans are allowed, with any labels. Every attribute value fits a field of its
//! annotation's label, and every relation joins two annotations of the project the way
//! its type allows: removing an annotation or a document removes its relations in the
//! same edit, so undo brings them all back.

use crate::action::{Action, Change, EditError};
use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::attribute::{Attributes, Value};
use crate::document::{DocId, Document, Status};
use crate::label::{Label, LabelSet};
use crate::relation::{Relation, RelationId, RelationType, RelationTypes};
use crate::span::Span;
use crate::suggest::{Pattern, Place, Provenance, Suggestion};
use crate::timestamp::Timestamp;
/// The annotations, by id: a persistent map, so that copying a project (each edit
/// keeps the one before it for undo) shares all it does not change.
type Annotations = imbl::OrdMap<AnnotationId, Annotation>;

/// Each document's annotations in reading order (span, then id): a persistent set
/// per document, kept by every edit, so that the first annotations of a long
/// document, or how many it has, are found without sorting all of them.
type ReadingOrder = std::collections::HashMap<DocId, imbl::OrdSet<(Span, AnnotationId)>>;

/// The relations, by id (persistent, like the annotations).
type Relations = imbl::OrdMap<RelationId, Relation>;

/// Each relation filed under both its ends, keyed `annotation \0 relation` ([`end_key`]),
/// so an annotation's links, and whether it has any, are a range of keys rather than a
/// walk of all relations. The same map type as [`Relations`] on purpose: each persistent
/// collection type is code the browser's bundle carries once more.
type Ends = Relations;

/// The key of relation `relation` filed under its end `annotation` in [`Ends`].
fn end_key(annotation: &AnnotationId, relation: &RelationId) -> RelationId {
    RelationId(format!("{annotation}\u{0}{relation}"))
}

/// The error for a rejection that is, or is not, remembered.
fn rejection(place: Place, state: &'static str) -> EditError {
    EditError::Rejection {
        document: place.document,
        span: place.span,
        label: place.label,
        state,
    }
}

/// Labels, relation types, documents, annotations and relations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Project {
    labels: LabelSet,
    relation_types: RelationTypes,
    documents: Vec<Document>,
    /// Each document's index in `documents`, by id: finding an annotation's document
    /// costs a lookup, not a walk of the library.
    positions: std::collections::HashMap<DocId, usize>,
    annotations: Annotations,
    reading: ReadingOrder,
    relations: Relations,
    ends: Ends,
    /// Suggestions people rejected, so they are not made again.
    /// In order, each once: a sorted vector rather than one more persistent set type
    /// (each is code the browser's bundle carries), shared between a project and the
    /// copy an edit keeps for undo.
    rejected: std::sync::Arc<Vec<Place>>,
    /// The project's own rules for suggestions.
    patterns: Vec<Pattern>,
    /// Guidelines for the people annotating: text, shown as text.
    guidelines: std::sync::Arc<str>,
}

impl Project {
    /// A project with `labels`, the default relation types those labels allow
    /// ([`RelationTypes::defaults_for`]) and nothing else.
    pub fn new(labels: LabelSet) -> Project {
        let relation_types = RelationTypes::defaults_for(&labels);
        Project::with_relation_types(labels, relation_types)
    }

    /// A project with `labels` and `relation_types` and nothing else; a type that names
    /// a label not in `labels` is left out.
    pub fn with_relation_types(labels: LabelSet, mut relation_types: RelationTypes) -> Project {
        relation_types.keep_labels(&labels);
        Project {
            labels,
            relation_types,
            documents: Vec::new(),
            positions: std::collections::HashMap::new(),
            annotations: Annotations::new(),
            reading: ReadingOrder::new(),
            relations: Relations::new(),
            ends: Ends::new(),
            rejected: std::sync::Arc::new(Vec::new()),
            patterns: Vec::new(),
            guidelines: std::sync::Arc::from(""),
        }
    }

    /// The label set.
    pub fn labels(&self) -> &LabelSet {
        &self.labels
    }

    /// The relation types.
    pub fn relation_types(&self) -> &RelationTypes {
        &self.relation_types
    }

    /// The project's guidelines for the people annotating (empty when it has none).
    pub fn guidelines(&self) -> &str {
        &self.guidelines
    }

    /// The action that sets the project's guidelines to `text`.
    pub fn set_guidelines(&self, text: &str) -> Action {
        Action::SetGuidelines(Change::new(self.guidelines.to_string(), text.to_owned()))
    }

    /// The action that sets document `id`'s metadata.
    pub fn set_metadata(&self, id: &DocId, metadata: crate::metadata::Metadata) -> Result<Action, EditError> {
        let index = self.index_of(id)?;
        Ok(Action::SetMetadata {
            id: id.clone(),
            metadata: Change::new(self.documents[index].metadata().clone(), metadata),
        })
    }

    /// The suggestions people rejected ([`Action::Reject`]), in order.
    pub fn rejected(&self) -> &[Place] {
        &self.rejected
    }

    /// Renames the rejections of label `old` (or, with `links`, of relation type `old`)
    /// to `new`, keeping them in order and each once.
    fn rename_rejected(&mut self, old: &str, new: &str, links: bool) {
        let of = |p: &Place| p.label == old && p.is_link() == links;
        if !self.rejected.iter().any(of) {
            return;
        }
        let mut renamed = Vec::with_capacity(self.rejected.len());
        for place in self.rejected.iter() {
            let mut place = place.clone();
            if of(&place) {
                place.label = new.to_owned();
            }
            crate::suggest::insert_place(&mut renamed, place);
        }
        self.rejected = std::sync::Arc::new(renamed);
    }

    /// Whether `place` is a rejected suggestion.
    pub fn is_rejected(&self, place: &Place) -> bool {
        self.rejected.binary_search(place).is_ok()
    }

    /// The project's own suggestion rules ([`Action::AddPattern`]).
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// The action that adds `pattern` at the end of the patterns.
    pub fn add_pattern(&self, pattern: Pattern) -> Action {
        Action::AddPattern {
            index: self.patterns.len(),
            pattern,
        }
    }

    /// The action that removes the pattern named `name`, or `None` when there is none.
    pub fn remove_pattern(&self, name: &str) -> Option<Action> {
        let index = self.patterns.iter().position(|p| p.name == name)?;
        Some(Action::RemovePattern {
            index,
            pattern: self.patterns[index].clone(),
        })
    }

    /// The action that makes `suggestion` an annotation `id` by `annotator`, its origin
    /// kept ([`crate::suggest::Provenance`], accepted).
    pub fn accept(
        &self,
        suggestion: &Suggestion,
        id: AnnotationId,
        annotator: &str,
        now: Timestamp,
    ) -> Result<Action, EditError> {
        let mut annotation = self.new_annotation(
            id,
            &suggestion.document,
            suggestion.span,
            &suggestion.label,
            annotator,
            now,
        )?;
        annotation.origin = Some(Provenance::new(suggestion, true));
        Ok(Action::AddAnnotation(annotation))
    }

    /// Every relation, by id.
    pub fn relations(&self) -> impl Iterator<Item = &Relation> {
        self.relations.values()
    }

    /// How many relations there are.
    pub fn relation_count(&self) -> usize {
        self.relations.len()
    }

    /// The relation with `id`.
    pub fn relation(&self, id: &RelationId) -> Option<&Relation> {
        self.relations.get(id)
    }

    /// The relations with annotation `id` at either end, by relation id.
    pub fn relations_of<'a>(&'a self, id: &AnnotationId) -> impl Iterator<Item = &'a Relation> + 'a {
        let (low, high) = (RelationId(format!("{id}\u{0}")), RelationId(format!("{id}\u{1}")));
        let id = id.clone();
        self.ends
            .range(low..high)
            .map(|(_, r)| r)
            // An id with a NUL in it could share the prefix: only its own ends count.
            .filter(move |r| r.from == id || r.to == id)
    }

    /// Whether annotation `id` has any relation.
    pub fn has_relations(&self, id: &AnnotationId) -> bool {
        self.relations_of(id).next().is_some()
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
            origin: None,
            attributes: Attributes::new(),
            created: now,
            updated: now,
        })
    }

    /// The action that gives annotation `id` the label `label`: it keeps the attribute
    /// values the new label's fields take, and the relations that stop fitting their
    /// types go in the same edit (see [`Project::relations_lost_by_relabel`]).
    pub fn relabel(&self, id: &AnnotationId, label: &str, now: Timestamp) -> Result<Action, EditError> {
        let current = self.existing(id)?;
        let new_label = self
            .labels
            .get(label)
            .ok_or_else(|| EditError::UnknownLabel(label.to_owned()))?;
        let attributes = crate::attribute::keep_fitting(&new_label.fields, &current.attributes);
        let relabel = Action::Relabel {
            id: id.clone(),
            label: Change::new(current.label.clone(), label.to_owned()),
            attributes: Change::new(current.attributes.clone(), attributes),
            updated: Change::new(current.updated, now),
        };
        let lost = self.relations_lost_by_relabel(id, label);
        if lost.is_empty() {
            return Ok(relabel);
        }
        let mut actions: Vec<Action> = lost.into_iter().cloned().map(Action::RemoveRelation).collect();
        actions.push(relabel);
        Ok(Action::Batch(actions))
    }

    /// The relations of annotation `id` that would not fit their types were it
    /// labelled `label`.
    pub fn relations_lost_by_relabel(&self, id: &AnnotationId, label: &str) -> Vec<&Relation> {
        self.relations_of(id)
            .filter(|r| {
                let label_of = |end: &AnnotationId| {
                    if end == id {
                        Some(label)
                    } else {
                        self.annotations.get(end).map(|a| a.label.as_str())
                    }
                };
                let fits = self.relation_types.get(&r.kind).is_some_and(|t| {
                    match (label_of(&r.from), label_of(&r.to)) {
                        (Some(from), Some(to)) => t.allows(from, to),
                        _ => false,
                    }
                });
                !fits
            })
            .collect()
    }

    /// The action that sets (or, with `None`, clears) attribute `field` of annotation `id`.
    pub fn set_attribute(
        &self,
        id: &AnnotationId,
        field: &str,
        value: Option<Value>,
        now: Timestamp,
    ) -> Result<Action, EditError> {
        let current = self.existing(id)?;
        if let Some(value) = &value {
            self.check_attribute(current, field, value)?;
        }
        Ok(Action::SetAttribute {
            id: id.clone(),
            field: field.to_owned(),
            value: Change::new(current.attributes.get(field).cloned(), value),
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

    /// The action that removes annotation `id`, and its relations with it.
    pub fn remove_annotation(&self, id: &AnnotationId) -> Result<Action, EditError> {
        let remove = Action::RemoveAnnotation(self.existing(id)?.clone());
        if !self.has_relations(id) {
            return Ok(remove);
        }
        let mut actions: Vec<Action> = self
            .relations_of(id)
            .cloned()
            .map(Action::RemoveRelation)
            .collect();
        actions.push(remove);
        Ok(Action::Batch(actions))
    }

    /// A new relation of type `kind` from annotation `from` to `to`, checked, ready for
    /// [`Action::AddRelation`].
    pub fn new_relation(
        &self,
        id: RelationId,
        kind: &str,
        from: &AnnotationId,
        to: &AnnotationId,
        annotator: &str,
        now: Timestamp,
    ) -> Result<Relation, EditError> {
        let relation = Relation {
            id,
            kind: kind.to_owned(),
            from: from.clone(),
            to: to.clone(),
            note: String::new(),
            annotator: annotator.to_owned(),
            created: now,
            updated: now,
        };
        self.check_new_relation(&relation)?;
        Ok(relation)
    }

    /// The action that gives relation `id` the type `kind`, the ends `from` and `to`,
    /// and the note `note`.
    pub fn update_relation(
        &self,
        id: &RelationId,
        kind: &str,
        (from, to): (&AnnotationId, &AnnotationId),
        note: &str,
        now: Timestamp,
    ) -> Result<Action, EditError> {
        let current = self.existing_relation(id)?;
        let next = Relation {
            kind: kind.to_owned(),
            from: from.clone(),
            to: to.clone(),
            note: note.to_owned(),
            updated: now,
            ..current.clone()
        };
        self.check_relation(&next)?;
        Ok(Action::UpdateRelation(Box::new(Change::new(
            current.clone(),
            next,
        ))))
    }

    /// The action that removes relation `id`.
    pub fn remove_relation(&self, id: &RelationId) -> Result<Action, EditError> {
        Ok(Action::RemoveRelation(self.existing_relation(id)?.clone()))
    }

    /// The action that adds relation type `kind` at the end of the set.
    pub fn add_relation_type(&self, kind: RelationType) -> Result<Action, EditError> {
        let mut check = self.relation_types.clone();
        check
            .add(kind.clone())
            .map_err(|source| EditError::RelationType {
                name: kind.name.clone(),
                source,
            })?;
        self.check_type_labels(&kind)?;
        Ok(Action::AddRelationType {
            index: self.relation_types.len(),
            kind,
        })
    }

    /// The action that changes relation type `name` into `kind`.
    pub fn update_relation_type(&self, name: &str, kind: RelationType) -> Result<Action, EditError> {
        let index = self
            .relation_types
            .position(name)
            .ok_or_else(|| EditError::UnknownRelationType(name.to_owned()))?;
        let mut check = self.clone();
        let from = self
            .relation_types
            .iter()
            .nth(index)
            .expect("found above")
            .clone();
        let action = Action::UpdateRelationType {
            index,
            kind: Change::new(from, kind),
        };
        check.apply_ref(&action)?;
        Ok(action)
    }

    /// The action that removes relation type `name`, which no relation may have.
    pub fn remove_relation_type(&self, name: &str) -> Result<Action, EditError> {
        let index = self
            .relation_types
            .position(name)
            .ok_or_else(|| EditError::UnknownRelationType(name.to_owned()))?;
        if self.relations.values().any(|r| r.kind == name) {
            return Err(EditError::RelationTypeInUse(name.to_owned()));
        }
        Ok(Action::RemoveRelationType {
            index,
            kind: self
                .relation_types
                .iter()
                .nth(index)
                .expect("found above")
                .clone(),
        })
    }

    /// The action that appends `document` to the list.
    pub fn add_document(&self, document: Document) -> Action {
        Action::AddDocument {
            index: self.documents.len(),
            document,
            annotations: Vec::new(),
        }
    }

    /// The action that removes document `id` with its annotations and their relations.
    pub fn remove_document(&self, id: &DocId) -> Result<Action, EditError> {
        let index = self.index_of(id)?;
        let annotations: Vec<Annotation> = self.annotations_of(id).into_iter().cloned().collect();
        let relations = crate::relation::unique(annotations.iter().flat_map(|a| self.relations_of(&a.id)));
        let remove = Action::RemoveDocument {
            index,
            document: self.documents[index].clone(),
            annotations,
        };
        if relations.is_empty() {
            return Ok(remove);
        }
        let mut actions: Vec<Action> = relations
            .into_iter()
            .cloned()
            .map(Action::RemoveRelation)
            .collect();
        actions.push(remove);
        Ok(Action::Batch(actions))
    }

    /// The action that renames document `id`.
    pub fn rename_document(&self, id: &DocId, title: &str) -> Result<Action, EditError> {
        let index = self.index_of(id)?;
        Ok(Action::RenameDocument {
            id: id.clone(),
            title: Change::new(self.documents[index].title().to_owned(), title.to_owned()),
        })
    }

    /// `action`, and with it each document it adds the first annotation to (one not
    /// started) moved to in progress, in the same edit: the status follows the work, and
    /// one undo takes both back.
    pub fn with_progress(&self, action: Action) -> Action {
        fn added<'a>(action: &'a Action, out: &mut Vec<&'a DocId>) {
            match action {
                Action::AddAnnotation(a) => out.push(&a.document),
                Action::Batch(actions) => actions.iter().for_each(|a| added(a, out)),
                _ => {}
            }
        }
        let mut documents = Vec::new();
        added(&action, &mut documents);
        let mut starts: Vec<Action> = Vec::new();
        for doc in documents {
            let not_started = self
                .document(doc)
                .is_some_and(|d| d.status() == Status::NotStarted);
            let seen = starts
                .iter()
                .any(|s| matches!(s, Action::SetStatus { id, .. } if id == doc));
            if not_started
                && !seen
                && let Ok(start) = self.set_status(doc, Status::InProgress)
            {
                starts.push(start);
            }
        }
        if starts.is_empty() {
            return action;
        }
        starts.insert(0, action);
        Action::Batch(starts)
    }

    /// The action that sets document `id`'s status.
    pub fn set_status(&self, id: &DocId, status: Status) -> Result<Action, EditError> {
        let index = self.index_of(id)?;
        Ok(Action::SetStatus {
            id: id.clone(),
            status: Change::new(self.documents[index].status(), status),
        })
    }

    /// The action that sets `span` of document `id` aside as not the article (joined to
    /// the regions it overlaps or touches), or, with `aside` false, takes it out of the
    /// regions again.
    pub fn set_aside(&self, id: &DocId, span: Span, aside: bool) -> Result<Action, EditError> {
        let index = self.index_of(id)?;
        let document = &self.documents[index];
        span.check_within(crate::offsets::cp_len(document.text()))
            .map_err(|err| EditError::Ignored(err.to_string()))?;
        let from = document.ignored().to_vec();
        let to = if aside {
            crate::ignored::with(&from, span)
        } else {
            crate::ignored::without(&from, span)
        };
        Ok(Action::SetIgnored {
            id: id.clone(),
            ignored: Change::new(from, to),
        })
    }

    /// The action that changes the label named `name` into `label`. Attribute values
    /// the new fields do not take are cleared in the same edit.
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
        let update = Action::UpdateLabel {
            index,
            label: Change::new(from, label.clone()),
        };
        let mut clear = Vec::new();
        for a in self.annotations.values().filter(|a| a.label == name) {
            for (field, value) in &a.attributes {
                let fits = label
                    .fields
                    .iter()
                    .any(|f| &f.name == field && f.check(value).is_ok());
                if !fits {
                    clear.push(Action::SetAttribute {
                        id: a.id.clone(),
                        field: field.clone(),
                        value: Change::new(Some(value.clone()), None),
                        updated: Change::new(a.updated, a.updated),
                    });
                }
            }
        }
        if clear.is_empty() {
            return Ok(update);
        }
        clear.push(update);
        Ok(Action::Batch(clear))
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
        if let Some(kind) = self.relation_types.naming_label(name) {
            return Err(EditError::LabelNamedByRelationType {
                label: name.to_owned(),
                kind: kind.name.clone(),
            });
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

    /// Stores `relation` (checked) and files it at both its ends.
    fn insert_relation(&mut self, relation: Relation) {
        for end in [&relation.from, &relation.to] {
            self.ends.insert(end_key(end, &relation.id), relation.clone());
        }
        self.relations.insert(relation.id.clone(), relation);
    }

    /// Removes the relation with `id`, from the store and its ends.
    fn remove_relation_stored(&mut self, id: &RelationId) {
        if let Some(relation) = self.relations.remove(id) {
            for end in [relation.from, relation.to] {
                self.ends.remove(&end_key(&end, id));
            }
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
            Action::AddRelation(relation) => {
                self.check_new_relation(&relation)?;
                self.insert_relation(relation);
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
            Action::AddRelation(relation) => {
                self.check_new_relation(relation)?;
                self.insert_relation(relation.clone());
                Ok(())
            }
            other => self.apply_owned(other.clone()),
        }
    }

    /// Every action but batches and additions of an annotation.
    fn apply_owned(&mut self, action: Action) -> Result<(), EditError> {
        match action {
            Action::Batch(_) | Action::AddAnnotation(_) | Action::AddRelation(_) => self.apply(action),
            Action::RemoveAnnotation(annotation) => {
                let current = self.existing(&annotation.id)?;
                if current != &annotation {
                    return Err(EditError::Stale(annotation.id.0));
                }
                let count = self.relations_of(&annotation.id).count();
                if count > 0 {
                    return Err(EditError::HasRelations {
                        id: annotation.id,
                        count,
                    });
                }
                self.remove_annotation_stored(&annotation.id);
                Ok(())
            }
            Action::Relabel {
                id,
                label,
                attributes,
                updated,
            } => {
                let fields = &self
                    .labels
                    .get(&label.to)
                    .ok_or_else(|| EditError::UnknownLabel(label.to.clone()))?
                    .fields;
                crate::attribute::check_attributes(&label.to, fields, &attributes.to).map_err(|source| {
                    EditError::Attribute {
                        id: id.clone(),
                        source,
                    }
                })?;
                let current = self.existing(&id)?;
                if current.label != label.from
                    || current.attributes != attributes.from
                    || current.updated != updated.from
                {
                    return Err(EditError::Stale(id.0));
                }
                if let Some(lost) = self.relations_lost_by_relabel(&id, &label.to).first() {
                    return Err(EditError::RelationDoesNotFit {
                        id: lost.id.clone(),
                        why: format!(
                            "it would not fit its type `{}` with `{id}` a {}",
                            lost.kind, label.to
                        ),
                    });
                }
                let current = self.existing_mut(&id)?;
                current.label = label.to;
                current.attributes = attributes.to;
                current.updated = updated.to;
                Ok(())
            }
            Action::UpdateAnnotation(change) => {
                let change = *change;
                let id = change.from.id.clone();
                if change.to.id != id || change.to.document != change.from.document {
                    return Err(EditError::Stale(id.0));
                }
                if self.existing(&id)? != &change.from {
                    return Err(EditError::Stale(id.0));
                }
                let document = self
                    .document(&change.to.document)
                    .ok_or_else(|| EditError::UnknownDocument(change.to.document.clone()))?;
                check_anchor(&id, &change.to.anchor, document)?;
                let fields = &self
                    .labels
                    .get(&change.to.label)
                    .ok_or_else(|| EditError::UnknownLabel(change.to.label.clone()))?
                    .fields;
                crate::attribute::check_attributes(&change.to.label, fields, &change.to.attributes).map_err(
                    |source| EditError::Attribute {
                        id: id.clone(),
                        source,
                    },
                )?;
                if let Some(lost) = self.relations_lost_by_relabel(&id, &change.to.label).first() {
                    return Err(EditError::RelationDoesNotFit {
                        id: lost.id.clone(),
                        why: format!(
                            "it would not fit its type `{}` with `{id}` a {}",
                            lost.kind, change.to.label
                        ),
                    });
                }
                let (document, from, to) =
                    (change.from.document.clone(), change.from.span(), change.to.span());
                self.annotations.insert(id.clone(), change.to);
                if from != to {
                    self.unfile(&document, from, &id);
                    self.file(document, to, id);
                }
                Ok(())
            }
            Action::SetAttribute {
                id,
                field,
                value,
                updated,
            } => {
                let current = self.existing(&id)?;
                if current.attributes.get(&field) != value.from.as_ref() || current.updated != updated.from {
                    return Err(EditError::Stale(id.0));
                }
                if let Some(to) = &value.to {
                    self.check_attribute(current, &field, to)?;
                }
                let current = self.existing_mut(&id)?;
                match value.to {
                    Some(to) => current.attributes.insert(field, to),
                    None => current.attributes.remove(&field),
                };
                current.updated = updated.to;
                Ok(())
            }
            Action::RemoveRelation(relation) => {
                if self.existing_relation(&relation.id)? != &relation {
                    return Err(EditError::Stale(relation.id.0));
                }
                self.remove_relation_stored(&relation.id);
                Ok(())
            }
            Action::UpdateRelation(change) => {
                let change = *change;
                if change.from.id != change.to.id {
                    return Err(EditError::RelationDoesNotFit {
                        id: change.from.id,
                        why: "a relation keeps its id".to_owned(),
                    });
                }
                if self.existing_relation(&change.from.id)? != &change.from {
                    return Err(EditError::Stale(change.from.id.0));
                }
                self.check_relation(&change.to)?;
                self.remove_relation_stored(&change.from.id);
                self.insert_relation(change.to);
                Ok(())
            }
            Action::AddRelationType { index, kind } => {
                self.check_type_labels(&kind)?;
                let name = kind.name.clone();
                self.relation_types
                    .insert(index, kind)
                    .map_err(|source| EditError::RelationType { name, source })
            }
            Action::UpdateRelationType { index, kind } => {
                if self.relation_types.iter().nth(index) != Some(&kind.from) {
                    return Err(EditError::Stale(kind.from.name));
                }
                self.check_type_labels(&kind.to)?;
                let (old, new) = (kind.from.name.clone(), kind.to.name.clone());
                // Every relation of the type must fit it as it will be.
                for r in self.relations.values().filter(|r| r.kind == old) {
                    let (Some(from), Some(to)) = (self.annotations.get(&r.from), self.annotations.get(&r.to))
                    else {
                        continue;
                    };
                    let why = if !kind.to.allows(&from.label, &to.label) {
                        Some(format!(
                            "a {} and a {} cannot be linked by `{new}` as it would be",
                            from.label, to.label
                        ))
                    } else if !kind.to.across_documents && from.document != to.document {
                        Some(format!(
                            "its ends are in two documents, which `{new}` would not allow"
                        ))
                    } else {
                        None
                    };
                    if let Some(why) = why {
                        return Err(EditError::RelationDoesNotFit {
                            id: r.id.clone(),
                            why,
                        });
                    }
                }
                self.relation_types
                    .replace(index, kind.to)
                    .map_err(|source| EditError::RelationType {
                        name: new.clone(),
                        source,
                    })?;
                if old != new {
                    let ids: Vec<RelationId> = self
                        .relations
                        .values()
                        .filter(|r| r.kind == old)
                        .map(|r| r.id.clone())
                        .collect();
                    for id in ids {
                        if let Some(mut r) = self.relations.get(&id).cloned() {
                            self.remove_relation_stored(&id);
                            r.kind = new.clone();
                            self.insert_relation(r);
                        }
                    }
                    self.rename_rejected(&old, &new, true);
                }
                Ok(())
            }
            Action::RemoveRelationType { index, kind } => {
                if self.relation_types.iter().nth(index) != Some(&kind) {
                    return Err(EditError::Stale(kind.name));
                }
                if self.relations.values().any(|r| r.kind == kind.name) {
                    return Err(EditError::RelationTypeInUse(kind.name));
                }
                self.relation_types.remove_at(index);
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
                if let Some(linked) = current.iter().find(|a| self.has_relations(&a.id)) {
                    return Err(EditError::HasRelations {
                        id: linked.id.clone(),
                        count: self.relations_of(&linked.id).count(),
                    });
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
                let (old, new) = (label.from.name.clone(), label.to.name.clone());
                self.labels
                    .replace(index, label.to)
                    .map_err(|source| EditError::Label {
                        name: new.clone(),
                        source,
                    })?;
                let ids: Vec<AnnotationId> = self
                    .annotations
                    .values()
                    .filter(|a| a.label == old)
                    .map(|a| a.id.clone())
                    .collect();
                let fields = &self.labels.iter().nth(index).expect("just replaced").fields;
                let misfits = ids
                    .iter()
                    .filter_map(|id| self.annotations.get(id))
                    .filter(|a| crate::attribute::check_attributes(&new, fields, &a.attributes).is_err())
                    .count();
                if misfits > 0 {
                    self.labels
                        .replace(index, label.from)
                        .expect("the label that was there fits again");
                    return Err(EditError::FieldsInUse {
                        label: new,
                        count: misfits,
                    });
                }
                if old != new {
                    for id in ids {
                        if let Some(annotation) = self.annotations.get_mut(&id) {
                            annotation.label = new.clone();
                        }
                    }
                    self.relation_types.rename_label(&old, &new);
                    for pattern in self.patterns.iter_mut().filter(|p| p.label == old) {
                        pattern.label = new.clone();
                    }
                    self.rename_rejected(&old, &new, false);
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
                if let Some(pattern) = self.patterns.iter().find(|p| p.label == label.name) {
                    return Err(EditError::Pattern(format!(
                        "label `{}` is suggested by pattern `{}`: remove that pattern first",
                        label.name, pattern.name
                    )));
                }
                if let Some(kind) = self.relation_types.naming_label(&label.name) {
                    return Err(EditError::LabelNamedByRelationType {
                        label: label.name,
                        kind: kind.name.clone(),
                    });
                }
                self.labels.remove(&label.name);
                Ok(())
            }
            Action::Reject(place) => {
                let document = self
                    .document(&place.document)
                    .ok_or_else(|| EditError::UnknownDocument(place.document.clone()))?;
                let len = crate::offsets::cp_len(document.text());
                if let Some(past) = std::iter::once(place.span)
                    .chain(place.to)
                    .find(|span| span.end() > len)
                {
                    return Err(EditError::Span {
                        id: AnnotationId(format!("rejected {}", place.label)),
                        source: crate::span::SpanError::PastEnd {
                            start: past.start(),
                            end: past.end(),
                            len,
                        },
                    });
                }
                if self.is_rejected(&place) {
                    return Err(rejection(place, "already rejected"));
                }
                crate::suggest::insert_place(std::sync::Arc::make_mut(&mut self.rejected), place);
                Ok(())
            }
            Action::Unreject(place) => match self.rejected.binary_search(&place) {
                Ok(at) => {
                    std::sync::Arc::make_mut(&mut self.rejected).remove(at);
                    Ok(())
                }
                Err(_) => Err(rejection(place, "not rejected")),
            },
            Action::AddPattern { index, pattern } => {
                if let Some(problem) = pattern.problem() {
                    return Err(EditError::Pattern(problem));
                }
                self.check_label(&pattern.label)?;
                if let Some(other) = self
                    .patterns
                    .iter()
                    .find(|p| p.name.to_lowercase() == pattern.name.to_lowercase())
                {
                    return Err(EditError::Pattern(format!(
                        "there is already a pattern `{}`",
                        other.name
                    )));
                }
                if index > self.patterns.len() {
                    return Err(EditError::Pattern(format!(
                        "there is no place {index} in a list of {} patterns",
                        self.patterns.len()
                    )));
                }
                self.patterns.insert(index, pattern);
                Ok(())
            }
            Action::RemovePattern { index, pattern } => {
                if self.patterns.get(index) != Some(&pattern) {
                    return Err(EditError::Stale(pattern.name));
                }
                self.patterns.remove(index);
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
            Action::SetMetadata { id, metadata } => {
                let index = self.index_of(&id)?;
                if *self.documents[index].metadata() != metadata.from {
                    return Err(EditError::Stale(id.0));
                }
                let document = self.documents[index].clone();
                self.documents[index] = document.with_metadata(metadata.to);
                Ok(())
            }
            Action::SetGuidelines(text) => {
                if *self.guidelines != *text.from {
                    return Err(EditError::Stale("the project's guidelines".to_owned()));
                }
                self.guidelines = std::sync::Arc::from(text.to);
                Ok(())
            }
            Action::SetIgnored { id, ignored } => {
                let index = self.index_of(&id)?;
                let document = &self.documents[index];
                if document.ignored() != ignored.from.as_slice() {
                    return Err(EditError::Stale(id.0));
                }
                if !crate::ignored::is_normalized(&ignored.to) {
                    return Err(EditError::Ignored(
                        "the regions are not in order and apart".to_owned(),
                    ));
                }
                let len = crate::offsets::cp_len(document.text());
                if let Some(past) = ignored.to.iter().find(|r| r.end() > len) {
                    return Err(EditError::Ignored(format!(
                        "{past} is past the end of the text, which has {len} code points"
                    )));
                }
                let document = document.clone();
                self.documents[index] = document.with_ignored(ignored.to);
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

    fn existing_relation(&self, id: &RelationId) -> Result<&Relation, EditError> {
        self.relations
            .get(id)
            .ok_or_else(|| EditError::UnknownRelation(id.clone()))
    }

    fn check_attribute(&self, annotation: &Annotation, field: &str, value: &Value) -> Result<(), EditError> {
        let attribute_error = |source| EditError::Attribute {
            id: annotation.id.clone(),
            source,
        };
        let label = self.labels.get(&annotation.label);
        let field = label
            .and_then(|l| l.fields.iter().find(|f| f.name == field))
            .ok_or_else(|| {
                attribute_error(crate::attribute::FieldError::UnknownField {
                    label: annotation.label.clone(),
                    field: field.to_owned(),
                })
            })?;
        field.check(value).map_err(attribute_error)
    }

    /// Checks that every label relation type `kind` names is in the label set.
    fn check_type_labels(&self, kind: &RelationType) -> Result<(), EditError> {
        match kind
            .from
            .iter()
            .chain(&kind.to)
            .find(|l| self.labels.get(l).is_none())
        {
            Some(missing) => Err(EditError::UnknownLabel(missing.clone())),
            None => Ok(()),
        }
    }

    fn check_new_relation(&self, relation: &Relation) -> Result<(), EditError> {
        if self.relations.contains_key(&relation.id) {
            return Err(EditError::DuplicateRelation(relation.id.clone()));
        }
        self.check_relation(relation)
    }

    /// Checks that `relation` fits its type and its ends, and joins two annotations no
    /// other relation of its type joins (a relation of the same id aside).
    fn check_relation(&self, relation: &Relation) -> Result<(), EditError> {
        let kind = self
            .relation_types
            .get(&relation.kind)
            .ok_or_else(|| EditError::UnknownRelationType(relation.kind.clone()))?;
        let from = self.existing(&relation.from)?;
        let to = self.existing(&relation.to)?;
        let misfit = |why: String| {
            Err(EditError::RelationDoesNotFit {
                id: relation.id.clone(),
                why,
            })
        };
        if from.id == to.id {
            return misfit("an annotation cannot be linked to itself".to_owned());
        }
        if !kind.allows(&from.label, &to.label) {
            return misfit(format!(
                "`{}` links {} to {}, not a {} to a {}",
                kind.name,
                labels_in_words(&kind.from),
                labels_in_words(&kind.to),
                from.label,
                to.label
            ));
        }
        if !kind.across_documents && from.document != to.document {
            return misfit(format!(
                "`{}` links annotations of one document, and these are in two",
                kind.name
            ));
        }
        if let Some(twin) = self
            .relations_of(&relation.from)
            .find(|r| r.id != relation.id && r.same_link(relation, kind.symmetric))
        {
            return misfit(format!(
                "relation `{}` already links these two as `{}`",
                twin.id, kind.name
            ));
        }
        Ok(())
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

/// The labels of a relation type's end in words: "a Claim", "a Claim or an Actor",
/// "any annotation".
fn labels_in_words(labels: &[String]) -> String {
    if labels.is_empty() {
        return "any annotation".to_owned();
    }
    labels
        .iter()
        .map(|l| format!("a {l}"))
        .collect::<Vec<_>>()
        .join(" or ")
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
        let [prefix, quote, suffix] = found;
        let (part, place, carried, found) = if anchor.quote() != quote {
            ("its quote", "at", anchor.quote(), quote)
        } else if anchor.prefix() != prefix {
            ("its prefix", "before", anchor.prefix(), prefix)
        } else {
            ("its suffix", "after", anchor.suffix(), suffix)
        };
        return Err(EditError::QuoteMismatch {
            id: id.clone(),
            span: anchor.span(),
            part,
            place,
            quote: carried.to_owned(),
            found: found.to_owned(),
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

    pub(crate) fn mark(project: &mut Project, id: &str, doc: &str, start: usize, end: usize, label: &str) {
        mark_by(project, id, doc, (start, end), label, "ana");
    }

    /// Adds annotation `id` of `doc` at `[start, end)`, labelled `label`, by `who`.
    pub(crate) fn mark_by(
        project: &mut Project,
        id: &str,
        doc: &str,
        (start, end): (usize, usize),
        label: &str,
        who: &str,
    ) {
        let annotation = project
            .new_annotation(
                AnnotationId(id.into()),
                &DocId(doc.into()),
                Span::new(start, end).unwrap(),
                label,
                who,
                Timestamp::from_millis(1),
            )
            .unwrap();
        project.apply(Action::AddAnnotation(annotation)).unwrap();
    }

    /// Marks the `nth` occurrence of `piece` in document `doc` with `label`, as
    /// annotation `a` followed by the number of annotations before it, by no one.
    pub(crate) fn mark_piece(project: &mut Project, doc: &str, piece: &str, nth: usize, label: &str) {
        let text = project.document(&DocId(doc.into())).unwrap().text();
        let byte = text.match_indices(piece).nth(nth).unwrap().0;
        let start = offsets::cp_of_byte(text, byte).unwrap();
        let span = (start, start + piece.chars().count());
        let id = format!("a{}", project.annotations().count());
        mark_by(project, &id, doc, span, label, "");
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
    fn a_first_annotation_moves_its_document_to_in_progress_and_undo_takes_both_back() {
        let mut project = project_with(&["Minsk troops", "Brest"]);
        let mut history = History::default();
        let doc = DocId("d0".into());
        let add = |p: &Project, id: &str, start, end| {
            Action::AddAnnotation(
                p.new_annotation(
                    AnnotationId(id.into()),
                    &doc,
                    Span::new(start, end).unwrap(),
                    "Actor",
                    "",
                    Timestamp::from_millis(0),
                )
                .unwrap(),
            )
        };
        let first = project.with_progress(add(&project, "a", 0, 5));
        history.perform(&mut project, first).unwrap();
        assert_eq!(project.document(&doc).unwrap().status(), Status::InProgress);
        // A second annotation changes no status; one set done stays done.
        let second = project.with_progress(add(&project, "b", 6, 12));
        assert!(matches!(second, Action::AddAnnotation(_)));
        history.undo(&mut project).unwrap();
        assert_eq!(project.document(&doc).unwrap().status(), Status::NotStarted);
        assert_eq!(project.annotations().count(), 0);
        let done = project.set_status(&doc, Status::Done).unwrap();
        project.apply(done).unwrap();
        let third = project.with_progress(add(&project, "c", 0, 5));
        assert!(matches!(third, Action::AddAnnotation(_)));
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
        let refused = project.apply(Action::AddAnnotation(forged.clone())).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "annotation `a`: its quote \"Pinsk\" is not the text at [0, 5), which reads \"Minsk\""
        );
        // The right quote with the wrong context says which side is wrong.
        forged.anchor = Anchor::from_parts(span, "Minsk".into(), String::new(), String::new());
        let refused = project.apply(Action::AddAnnotation(forged)).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "annotation `a`: its suffix \"\" is not the text after [0, 5), which reads \" troops\""
        );
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
            fields: Vec::new(),
            description: String::new(),
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
            fields: Vec::new(),
            description: String::new(),
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

    pub(crate) fn link(
        project: &mut Project,
        id: &str,
        kind: &str,
        from: &str,
        to: &str,
    ) -> Result<(), EditError> {
        let relation = project.new_relation(
            RelationId(id.into()),
            kind,
            &AnnotationId(from.into()),
            &AnnotationId(to.into()),
            "ana",
            Timestamp::from_millis(2),
        )?;
        project.apply(Action::AddRelation(relation))
    }

    /// A claim and its speaker in one article, the same claim in another.
    fn linked_project() -> Project {
        let mut project = project_with(&[
            "«Войска 🪖 идут», said Лукашенко.\r\nMore.",
            "Echo: «Войска 🪖 идут».",
        ]);
        mark(&mut project, "claim", "d0", 1, 12, "Claim");
        mark(&mut project, "actor", "d0", 19, 28, "Actor");
        mark(&mut project, "echo", "d1", 7, 18, "Claim");
        link(&mut project, "r1", "said by", "claim", "actor").unwrap();
        link(&mut project, "r2", "same claim", "echo", "claim").unwrap();
        project
    }

    #[test]
    fn item_16_relations_fit_their_types_ends_and_documents() {
        let mut project = linked_project();
        let before = project.clone();
        let misfit =
            |result: Result<(), EditError>| matches!(result, Err(EditError::RelationDoesNotFit { .. }));
        assert!(
            misfit(link(&mut project, "x", "said by", "actor", "claim")),
            "said by has a direction"
        );
        assert!(
            misfit(link(&mut project, "x", "said by", "echo", "actor")),
            "said by stays in one document"
        );
        assert!(
            misfit(link(&mut project, "x", "same claim", "claim", "echo")),
            "the same link, either way round"
        );
        assert!(
            misfit(link(&mut project, "x", "contradicts", "claim", "claim")),
            "not to itself"
        );
        assert!(matches!(
            link(&mut project, "r1", "contradicts", "claim", "echo"),
            Err(EditError::DuplicateRelation(_))
        ));
        assert!(matches!(
            link(&mut project, "x", "cites", "claim", "echo"),
            Err(EditError::UnknownRelationType(_))
        ));
        assert!(matches!(
            link(&mut project, "x", "contradicts", "claim", "nobody"),
            Err(EditError::UnknownAnnotation(_))
        ));
        assert_eq!(project, before, "nothing refused changed anything");
        link(&mut project, "r3", "contradicts", "claim", "echo").unwrap();
        assert_eq!(project.relations_of(&AnnotationId("claim".into())).count(), 3);
    }

    #[test]
    fn item_16_removing_an_annotation_takes_its_relations_and_undo_brings_them_back() {
        let mut project = linked_project();
        let before = project.clone();
        let claim = AnnotationId("claim".into());
        assert!(matches!(
            project.apply(Action::RemoveAnnotation(
                project.annotation(&claim).unwrap().clone()
            )),
            Err(EditError::HasRelations { count: 2, .. })
        ));
        let mut history = History::default();
        let remove = project.remove_annotation(&claim).unwrap();
        history.perform(&mut project, remove).unwrap();
        assert_eq!(project.relation_count(), 0);
        assert!(!project.has_relations(&AnnotationId("echo".into())));
        history.undo(&mut project).unwrap();
        assert_eq!(project, before);
        // A document goes with its annotations and every relation that reaches them,
        // from the other article too.
        let remove = project.remove_document(&DocId("d0".into())).unwrap();
        history.perform(&mut project, remove).unwrap();
        assert_eq!(project.relation_count(), 0);
        assert_eq!(project.annotations().count(), 1);
        history.undo(&mut project).unwrap();
        assert_eq!(project, before);
    }

    #[test]
    fn item_16_relabelling_drops_what_no_longer_fits_in_the_same_edit() {
        let mut project = linked_project();
        let claim = AnnotationId("claim".into());
        let set = project
            .set_attribute(
                &claim,
                "quote",
                Some(Value::Text("direct".into())),
                Timestamp::from_millis(3),
            )
            .unwrap();
        project.apply(set).unwrap();
        let before = project.clone();
        assert_eq!(
            project.relations_lost_by_relabel(&claim, "Figure").len(),
            2,
            "a Figure is no one's claim"
        );
        let relabel = project
            .relabel(&claim, "Figure", Timestamp::from_millis(4))
            .unwrap();
        project.apply(relabel.clone()).unwrap();
        let figure = project.annotation(&claim).unwrap();
        assert!(figure.attributes.is_empty(), "Figure has no `quote` field");
        assert_eq!(project.relation_count(), 0);
        project.apply(relabel.inverse()).unwrap();
        assert_eq!(project, before);
    }

    #[test]
    fn item_16_attributes_take_only_what_their_fields_take() {
        let mut project = linked_project();
        let (claim, actor) = (AnnotationId("claim".into()), AnnotationId("actor".into()));
        let now = Timestamp::from_millis(5);
        let text = |s: &str| Some(Value::Text(s.into()));
        assert!(matches!(
            project.set_attribute(&claim, "quote", text("shouted"), now),
            Err(EditError::Attribute { .. })
        ));
        assert!(matches!(
            project.set_attribute(&claim, "wikidata", text("Q7747"), now),
            Err(EditError::Attribute { .. })
        ));
        assert!(
            project
                .set_attribute(&actor, "wikidata", text("Lukashenko"), now)
                .is_err()
        );
        let set = project
            .set_attribute(&actor, "wikidata", text("Q7747"), now)
            .unwrap();
        project.apply(set.clone()).unwrap();
        let stale = project.set_attribute(&actor, "wikidata", None, now).unwrap();
        project.apply(set.inverse()).unwrap();
        assert_eq!(project.apply(stale), Err(EditError::Stale("actor".into())));
    }

    #[test]
    fn item_16_names_are_carried_and_what_is_named_stays() {
        let mut project = linked_project();
        let actor = project.labels().get("Actor").unwrap().clone();
        let speaker = Label {
            name: "Спикер".into(),
            ..actor
        };
        let rename = project.update_label("Actor", speaker).unwrap();
        project.apply(rename).unwrap();
        assert_eq!(project.relation_types().get("said by").unwrap().to, ["Спикер"]);
        let said = project.relation_types().get("said by").unwrap().clone();
        let quoted = RelationType {
            name: "quoted from".into(),
            ..said
        };
        let retype = project.update_relation_type("said by", quoted).unwrap();
        project.apply(retype).unwrap();
        assert_eq!(
            project.relation(&RelationId("r1".into())).unwrap().kind,
            "quoted from"
        );
        assert!(matches!(
            project.remove_relation_type("quoted from"),
            Err(EditError::RelationTypeInUse(_))
        ));
        let figure_only = RelationType {
            from: vec!["Figure".into()],
            ..project.relation_types().get("quoted from").unwrap().clone()
        };
        assert!(matches!(
            project.update_relation_type("quoted from", figure_only),
            Err(EditError::RelationDoesNotFit { .. })
        ));
        project
            .apply(project.remove_relation(&RelationId("r1".into())).unwrap())
            .unwrap();
        project
            .apply(project.remove_annotation(&AnnotationId("actor".into())).unwrap())
            .unwrap();
        assert!(matches!(
            project.remove_label("Спикер"),
            Err(EditError::LabelNamedByRelationType { .. })
        ));
        // Clearing a field's values before the label loses the field.
        let claim = AnnotationId("claim".into());
        let set = project
            .set_attribute(
                &claim,
                "quote",
                Some(Value::Text("mixed".into())),
                Timestamp::from_millis(6),
            )
            .unwrap();
        project.apply(set).unwrap();
        let mut bare = project.labels().get("Claim").unwrap().clone();
        bare.fields.retain(|f| f.name != "quote");
        let update = project.update_label("Claim", bare.clone()).unwrap();
        assert!(matches!(update, Action::Batch(_)), "clears, then updates");
        assert!(matches!(
            project.clone().apply(Action::UpdateLabel {
                index: 0,
                label: Change::new(project.labels().get("Claim").unwrap().clone(), bare)
            }),
            Err(EditError::FieldsInUse { count: 1, .. })
        ));
        project.apply(update).unwrap();
        assert!(project.annotation(&claim).unwrap().attributes.is_empty());
    }

    /// Arbitrary edits of a project of hostile texts, each valid where it is made.
    fn arbitrary_edits() -> impl Strategy<Value = Vec<(u8, usize, usize, usize)>> {
        prop::collection::vec((0u8..12, 0usize..200, 1usize..30, 0usize..3), 1..25)
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
                    fields: Vec::new(),
                    description: String::new(),
                };
                // Renamed labels go back, so later steps still find the three names.
                let there = project.update_label(name, renamed.clone()).ok()?;
                let mut probe = project.clone();
                probe.apply(there.clone()).ok()?;
                let back = probe.update_label(&renamed.name, current).ok()?;
                Some(Action::Batch(vec![there, back]))
            }
            6 => project.rename_document(doc.id(), &format!("Renamed {n}")).ok(),
            7 => project.remove_document(doc.id()).ok(),
            8 | 9 => {
                // A relation of any type between two annotations: only those that fit apply.
                let from = existing.get(at % existing.len().max(1))?;
                let to = existing.get(len * 7 % existing.len().max(1))?;
                let kind = project.relation_types().iter().nth((at + pick) % 5)?;
                project
                    .new_relation(
                        RelationId(format!("r{n}")),
                        &kind.name,
                        &from.id,
                        &to.id,
                        "ana",
                        now,
                    )
                    .ok()
                    .map(Action::AddRelation)
            }
            10 => {
                let id = target?;
                let a = project.annotation(&id)?;
                let field = project.labels().get(&a.label)?.fields.get(pick)?;
                let value = match field.kind {
                    crate::FieldKind::Choice => {
                        Some(Value::Text(field.options[at % field.options.len()].clone()))
                    }
                    crate::FieldKind::Wikidata => Some(Value::Text(format!("Q{}", at + 1))),
                    _ if len % 3 == 0 => None,
                    _ => Some(Value::Text(format!("«{n}» 🇧🇾"))),
                };
                project.set_attribute(&id, &field.name.clone(), value, now).ok()
            }
            _ => {
                let relation = project
                    .relations()
                    .nth(at % project.relation_count().max(1))?
                    .clone();
                if pick == 0 {
                    project.remove_relation(&relation.id).ok()
                } else {
                    project
                        .update_relation(
                            &relation.id,
                            &relation.kind,
                            (&relation.to, &relation.from),
                            "flipped",
                            now,
                        )
                        .ok()
                }
            }
        }
    }

    /// Whether every relation's ends exist and fit its type, and the index of ends is
    /// what the relations say.
    fn relations_are_kept(project: &Project) -> bool {
        let fits = project.relations().all(|r| {
            let (Some(from), Some(to)) = (project.annotation(&r.from), project.annotation(&r.to)) else {
                return false;
            };
            let kind = project.relation_types().get(&r.kind);
            kind.is_some_and(|t| {
                t.allows(&from.label, &to.label) && (t.across_documents || from.document == to.document)
            })
        });
        let indexed = project.annotations().all(|a| {
            let mut expected: Vec<&RelationId> = project
                .relations()
                .filter(|r| r.from == a.id || r.to == a.id)
                .map(|r| &r.id)
                .collect();
            expected.sort();
            let found: Vec<&RelationId> = project.relations_of(&a.id).map(|r| &r.id).collect();
            found == expected && project.has_relations(&a.id) != expected.is_empty()
        });
        fits && indexed
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
                prop_assert!(relations_are_kept(&project));
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
