//! factmark's own file format, version 3: a project, or part of one, in one JSON file.
//!
//! # The format
//!
//! ```json
//! {
//!   "format": "factmark",
//!   "version": 3,
//!   "labels": [
//!     { "name": "Claim", "color": "#e8590c", "hotkey": "1",
//!       "fields": [
//!         { "name": "quote", "kind": "choice", "options": ["direct", "indirect", "mixed"] }
//!       ] },
//!     { "name": "Actor", "color": "#2f9e44", "hotkey": "3",
//!       "description": "A person, group, organisation or country that acts or speaks." }
//!   ],
//!   "relationTypes": [
//!     { "name": "said by", "color": "#5f3dc4", "hotkey": "s", "symmetric": false,
//!       "acrossDocuments": false, "from": ["Claim"], "to": ["Actor"] }
//!   ],
//!   "documents": [
//!     {
//!       "id": "702a0cdae249a93f",
//!       "title": "Belarus moves troops",
//!       "sha256": "9f2c…64 hex digits…",
//!       "source": { "kind": "bundled" },
//!       "status": "in-progress",
//!       "meta": { "url": "https://example.org/belarus", "outlet": "Example News" },
//!       "text": "Belarus moves troops to the border.\r\n"
//!     }
//!   ],
//!   "annotations": [
//!     {
//!       "id": "a1",
//!       "document": "702a0cdae249a93f",
//!       "start": 0,
//!       "end": 7,
//!       "label": "Actor",
//!       "quote": "Belarus",
//!       "prefix": "",
//!       "suffix": " moves troops to the border.\r\n",
//!       "note": "",
//!       "annotator": "ana",
//!       "created": "2026-11-24T09:30:00.125Z",
//!       "updated": "2026-11-24T09:30:00.125Z"
//!     }
//!   ],
//!   "relations": [
//!     {
//!       "id": "r1", "type": "said by", "from": "a2", "to": "a1",
//!       "note": "", "annotator": "ana",
//!       "created": "2026-11-24T09:31:00.000Z", "updated": "2026-11-24T09:31:00.000Z"
//!     }
//!   ],
//!   "guidelines": "Mark every claim about troop numbers."
//! }
//! ```
//!
//! - `format` is always `"factmark"` and `version` is `3`. Version 2 files (before
//!   descriptions, metadata and guidelines) and version 1 files (before relations and
//!   attributes) are read too; a reader refuses any other version, naming it, rather
//!   than guessing. A version 1 file has no `fields`, `relationTypes`,
//!   `attributes` or `relations`: its labels named Claim and Actor get the default
//!   fields and it gets the default relation types its labels allow, as a project made
//!   fresh would.
//! - **Offsets**: `start` and `end` count Unicode code points of the document's
//!   `text`, half-open, `start < end` (the crate docs explain the unit).
//! - `labels`: `name` unique (ignoring case) and not blank; `color` is `#rrggbb`;
//!   `hotkey` is one character or `null`, unique among labels. `fields`, left out when
//!   empty, are the attributes its annotations may have: each a `name` unique in the
//!   label, a `kind` (`"choice"`, `"text"`, `"yes-no"`, `"number"` or `"wikidata"`) and
//!   `options` (the values of a choice, at least one; suggestions for text).
//!   `description` (optional, left out when empty) says what the label is for, for the
//!   people annotating; relation types have one too.
//! - `relationTypes`: `name` unique (ignoring case), `color` and `hotkey` as for labels,
//!   `symmetric` (the ends are alike), `acrossDocuments` (the ends may be in different
//!   documents), and `from`/`to`, the labels allowed at each end (empty: any), each a
//!   label of the file.
//! - `documents`: `id` unique; `sha256` is the lowercase hex SHA-256 of the text's UTF-8
//!   bytes; `source` is `{"kind": "bundled"}`, `{"kind": "pasted"}` or
//!   `{"kind": "file", "name": "…"}`; `status` is `"not-started"` (the default when
//!   absent), `"in-progress"` or `"done"`; `text` is optional, so a file may carry only
//!   annotations for texts its reader already has (matched by `sha256`); `ignored`
//!   (optional) lists the text set aside as not the article, each `{"start", "end"}`
//!   within the text (overlapping or touching ones are read as one; [`crate::ignored`]);
//!   `meta` (optional) is the document's metadata ([`crate::metadata`]): an object of
//!   field names (at most 64 characters, no control characters) to text.
//! - `annotations`: `id` unique; `document` names a document of the file; `label` names
//!   a label of the file; `quote` is the text at `[start, end)`, `prefix` and `suffix`
//!   up to 32 code points before and after it (fewer at the text's ends). Where the file
//!   carries the text, all three must match it exactly. `note` and `annotator` are
//!   strings, empty when there is none; `created` and `updated` are RFC 3339 times.
//!   `agreedBy`, only in a gold set settled from several annotators' work (see
//!   [`crate::merge`]), lists the annotators who made exactly this span and label.
//!   `attributes`, left out when empty, maps field names of the annotation's label to
//!   values the fields take: a string for a choice (one of its options), text (not
//!   blank) or Wikidata item id (`Q` and digits), `true`/`false` for yes/no, a number.
//! - `relations`: `id` unique; `type` names a relation type of the file; `from` and `to`
//!   name two different annotations of the file whose labels the type allows at those
//!   ends (either way round for a symmetric type), in one document unless the type is
//!   `acrossDocuments`; no two relations of a type join the same two annotations (in
//!   either order, for a symmetric type). `note`, `annotator`, `created`, `updated` as
//!   for annotations.
//! - An annotation that began as a suggestion ([`crate::suggest`]) has `origin`
//!   (`"suggested"`: not yet reviewed; `"accepted"`: a person accepted it), `suggestedBy`
//!   (`"model"`, `"propagation"`, or `"rule:"` and a rule's name) and optionally `score`
//!   (0–1, 1 when absent); one marked by hand has none of them.
//! - `patterns` (optional): the project's own suggestion rules, each a `name` unique
//!   ignoring case, a `label` of the file, a `pattern` and its `mode` (`"plain"`,
//!   `"whole-word"` or `"regex"`, which must compile and not match empty text), and
//!   `foldCase`/`foldDiacritics` (default `false`).
//! - `rejected` (optional): suggestions people rejected, each a `document` of the file, a
//!   span `start`/`end` within its text (when the file carries it) and a `label`; a
//!   rejected relation also has `toStart`/`toEnd`, its `to` end's span in the same
//!   document, and its type as the `label` (the `from` end is `start`/`end`). Given
//!   twice, kept once.
//! - `guidelines` (optional): the project's guidelines for the people annotating, text.
//! - No other fields are allowed. Overlapping and nested spans are allowed.
//!
//! The JSON Schema `crates/core/schema/factmark-v3.schema.json` says the same for
//! machines (and `factmark-v2.schema.json`, `factmark-v1.schema.json` for the older
//! versions); a test keeps it in step with
//! this module.

use super::{Location, Problem, ReadError, Unread};
use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::attribute::{Attributes, Field, FieldKind};
use crate::document::{DocId, Document, Source, Status, is_sha256_hex, sha256_hex};
use crate::label::{Label, LabelSet};
use crate::metadata::Metadata;
use crate::offsets;
use crate::project::Project;
use crate::read_object::Given;
use crate::relation::{Relation, RelationId, RelationType, RelationTypes};
use crate::search::{Mode as QueryMode, Query};
use crate::span::Span;
use crate::suggest::{Origin, Pattern, Place, Provenance};
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The value of the `format` field.
pub const FORMAT: &str = "factmark";
/// The version this module writes.
pub const VERSION: u64 = 3;
/// The oldest version this module reads.
pub const OLDEST_VERSION: u64 = 1;

/// The most problems one read reports; a file with more is summarised after these.
const MAX_PROBLEMS: usize = 200;

/// A native file's content, checked: what [`read`] returns and [`write`] takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeFile {
    /// The label set.
    pub labels: LabelSet,
    /// The relation types.
    pub relation_types: RelationTypes,
    /// The documents, with or without their texts.
    pub documents: Vec<FileDocument>,
    /// The annotations, in file order.
    pub annotations: Vec<Annotation>,
    /// The relations, in file order.
    pub relations: Vec<Relation>,
    /// The project's own suggestion rules.
    pub patterns: Vec<Pattern>,
    /// Suggestions people rejected, in the file's documents.
    pub rejected: Vec<Place>,
    /// The project's guidelines for the people annotating (empty: none).
    pub guidelines: String,
}

/// A document as a file describes it: its text is optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDocument {
    /// The document's id.
    pub id: DocId,
    /// Its title.
    pub title: String,
    /// The SHA-256 of its text.
    pub sha256: String,
    /// Where the text came from.
    pub source: Source,
    /// How far its annotation has got.
    pub status: Status,
    /// The text itself, when the file carries it.
    pub text: Option<String>,
    /// Its text set aside as not the article ([`crate::ignored`]), normalized.
    pub ignored: Vec<Span>,
    /// Its metadata ([`crate::metadata`]).
    pub metadata: Metadata,
}

impl NativeFile {
    /// A file of `labels` and `relation_types` alone: no documents, annotations,
    /// relations, patterns or rejections.
    pub fn of_schema(labels: LabelSet, relation_types: RelationTypes) -> NativeFile {
        NativeFile {
            labels,
            relation_types,
            documents: Vec::new(),
            annotations: Vec::new(),
            relations: Vec::new(),
            patterns: Vec::new(),
            rejected: Vec::new(),
            guidelines: String::new(),
        }
    }

    /// The whole of `project`, with every document's text when `with_text` is set.
    pub fn from_project(project: &Project, with_text: bool) -> NativeFile {
        NativeFile::from_documents(project, project.documents().iter().map(Document::id), with_text)
    }

    /// The documents `ids` of `project` (unknown ids are skipped) with their annotations
    /// and the relations whose ends are both among them (see
    /// [`NativeFile::relations_left_out`] for the others).
    pub fn from_documents<'a>(
        project: &Project,
        ids: impl IntoIterator<Item = &'a DocId>,
        with_text: bool,
    ) -> NativeFile {
        let mut documents = Vec::new();
        let mut annotations = Vec::new();
        for id in ids {
            let Some(doc) = project.document(id) else { continue };
            documents.push(FileDocument {
                id: doc.id().clone(),
                title: doc.title().to_owned(),
                sha256: doc.sha256().to_owned(),
                source: doc.source().clone(),
                status: doc.status(),
                text: with_text.then(|| doc.text().to_owned()),
                ignored: doc.ignored().to_vec(),
                metadata: doc.metadata().clone(),
            });
            annotations.extend(project.annotations_of(id).into_iter().cloned());
        }
        let whole = documents.len() == project.documents().len();
        let relations = if whole {
            project.relations().cloned().collect()
        } else {
            let kept: HashSet<&AnnotationId> = annotations.iter().map(|a| &a.id).collect();
            crate::relation::unique(
                annotations
                    .iter()
                    .flat_map(|a| project.relations_of(&a.id))
                    .filter(|r| kept.contains(&r.from) && kept.contains(&r.to)),
            )
            .into_iter()
            .cloned()
            .collect()
        };
        let included: HashSet<&DocId> = documents.iter().map(|d| &d.id).collect();
        let rejected = project
            .rejected()
            .iter()
            .filter(|p| included.contains(&p.document))
            .cloned()
            .collect();
        NativeFile {
            labels: project.labels().clone(),
            relation_types: project.relation_types().clone(),
            documents,
            annotations,
            relations,
            patterns: project.patterns().to_vec(),
            rejected,
            guidelines: project.guidelines().to_owned(),
        }
    }

    /// The relations of `project` that join an annotation of this file to one outside
    /// it, which the file therefore does not hold (a relation across documents, when
    /// only one of them is written).
    pub fn relations_left_out<'p>(&self, project: &'p Project) -> Vec<&'p Relation> {
        let kept: HashSet<&AnnotationId> = self.annotations.iter().map(|a| &a.id).collect();
        crate::relation::unique(
            self.annotations
                .iter()
                .flat_map(|a| project.relations_of(&a.id))
                .filter(|r| !(kept.contains(&r.from) && kept.contains(&r.to))),
        )
    }

    /// The documents, labels, relation types, annotations and relations of `files` in
    /// one file: each label, type and document once (the first file's wins; a hotkey
    /// already taken is dropped). An annotation or relation given by more than one file
    /// is kept once, and one whose id an earlier file's different one has gets a fresh
    /// id (a relation's ends follow its annotations' new ids), so the result always
    /// reads back (see [`NativeFile::merge_counted`] for how many of each).
    pub fn merge(files: impl IntoIterator<Item = NativeFile>) -> NativeFile {
        NativeFile::merge_counted(files).0
    }

    /// [`NativeFile::merge`], with the annotations and relations it kept once and
    /// those it renamed counted.
    pub fn merge_counted(files: impl IntoIterator<Item = NativeFile>) -> (NativeFile, Vec<Unread>) {
        let mut merged = NativeFile::of_schema(LabelSet::empty(), RelationTypes::empty());
        // Each document's place in the merged file, by id.
        let mut seen: HashMap<DocId, usize> = HashMap::new();
        let mut ids: HashMap<AnnotationId, usize> = HashMap::new();
        let mut relation_ids: HashSet<String> = HashSet::new();
        let (mut repeated, mut renamed) = (0, 0);
        let (mut repeated_relations, mut renamed_relations) = (0, 0);
        let mut recased: Vec<(String, String)> = Vec::new();
        let mut recased_types: Vec<(String, String)> = Vec::new();
        let mut unfitting = 0;
        let mut clashing_patterns: Vec<String> = Vec::new();
        // Each relation's type and ends (in order, unless the type is symmetric).
        let mut links: HashSet<String> = HashSet::new();
        let mut files = files.into_iter().peekable();
        while let Some(mut file) = files.next() {
            // A label an earlier file has in another case is that label.
            let mut renames: HashMap<String, String> = HashMap::new();
            for label in file.labels.iter() {
                if merged.labels.get(&label.name).is_none() {
                    let added = merged.labels.add(label.clone()).or_else(|_| {
                        merged.labels.add(Label {
                            hotkey: None,
                            ..label.clone()
                        })
                    });
                    if added.is_err()
                        && let Ok(name) = merged.labels.name_for(&label.name, &label.color)
                        && name != label.name
                    {
                        recased.push((label.name.clone(), name.clone()));
                        renames.insert(label.name.clone(), name);
                    }
                }
            }
            // The label's fields join those the merged label has; a choice's options
            // join too. A field another file declares as another kind keeps the first
            // file's kind, and this file's values of it that do not fit are left out.
            let mut clashing: HashSet<(String, String)> = HashSet::new();
            for label in file.labels.iter().filter(|l| !l.fields.is_empty()) {
                let name = renames.get(&label.name).unwrap_or(&label.name);
                let Some(at) = merged.labels.position(name) else {
                    continue;
                };
                let mut target = merged
                    .labels
                    .iter()
                    .nth(at)
                    .expect("the position is in the set")
                    .clone();
                for field in &label.fields {
                    match target.fields.iter_mut().find(|f| f.name == field.name) {
                        None => target.fields.push(field.clone()),
                        Some(ours) if ours.kind == field.kind => {
                            if ours.kind == crate::FieldKind::Choice {
                                for option in &field.options {
                                    if !ours.options.contains(option) {
                                        ours.options.push(option.clone());
                                    }
                                }
                            }
                        }
                        Some(_) => {
                            clashing.insert((name.clone(), field.name.clone()));
                        }
                    }
                }
                let _ = merged.labels.replace(at, target);
            }
            for a in &mut file.annotations {
                if let Some(name) = renames.get(&a.label) {
                    a.label = name.clone();
                }
                if !clashing.is_empty() && !a.attributes.is_empty() {
                    let Some(label) = merged.labels.get(&a.label) else {
                        continue;
                    };
                    let before = a.attributes.len();
                    a.attributes.retain(|field, value| {
                        !clashing.contains(&(a.label.clone(), field.clone()))
                            || label
                                .fields
                                .iter()
                                .any(|f| &f.name == field && f.check(value).is_ok())
                    });
                    unfitting += before - a.attributes.len();
                }
            }
            let mut type_renames: HashMap<String, String> = HashMap::new();
            for kind in file.relation_types.iter() {
                if merged.relation_types.get(&kind.name).is_some() {
                    continue;
                }
                let mut kind = kind.clone();
                for end in kind.from.iter_mut().chain(kind.to.iter_mut()) {
                    if let Some(name) = renames.get(end) {
                        *end = name.clone();
                    }
                }
                let added = merged.relation_types.add(kind.clone()).or_else(|_| {
                    merged.relation_types.add(RelationType {
                        hotkey: None,
                        ..kind.clone()
                    })
                });
                if added.is_err()
                    && let Ok(name) =
                        merged
                            .relation_types
                            .name_for(&kind.name, &kind.color, kind.across_documents)
                    && name != kind.name
                {
                    recased_types.push((kind.name.clone(), name.clone()));
                    type_renames.insert(kind.name.clone(), name);
                }
            }
            for document in file.documents {
                match seen.get(&document.id) {
                    None => {
                        seen.insert(document.id.clone(), merged.documents.len());
                        merged.documents.push(document);
                    }
                    // Metadata fields an earlier file lacks join it (an earlier file's
                    // text for a field is kept).
                    Some(&at) if !document.metadata.is_empty() => {
                        let ours = &mut merged.documents[at].metadata;
                        *ours = ours.with_missing(&document.metadata).0;
                    }
                    Some(_) => {}
                }
            }
            if merged.guidelines.is_empty() {
                merged.guidelines = std::mem::take(&mut file.guidelines);
            }
            // This file's annotation ids as the merged file has them.
            let mut new_ids: HashMap<AnnotationId, AnnotationId> = HashMap::new();
            if merged.annotations.is_empty() && ids_unique(&file.annotations) {
                // The first file's annotations are taken as they are, not copied one by
                // one (a million of them were copied, and their ids cloned, to merge
                // one file with nothing); their ids are noted only if a file follows.
                merged.annotations = std::mem::take(&mut file.annotations);
                if files.peek().is_some() {
                    ids.extend(
                        merged
                            .annotations
                            .iter()
                            .enumerate()
                            .map(|(at, a)| (a.id.clone(), at)),
                    );
                }
            }
            // Room for them all at once: grown one doubling at a time, a million
            // annotations were copied over and over into memory the system had to clear.
            merged.annotations.reserve(file.annotations.len());
            ids.reserve(file.annotations.len());
            for mut annotation in file.annotations {
                if let Some(&at) = ids.get(&annotation.id) {
                    if merged.annotations[at] == annotation {
                        repeated += 1;
                        continue;
                    }
                    let base = annotation.id.clone();
                    let mut k = 2;
                    while ids.contains_key(&annotation.id) {
                        annotation.id = AnnotationId(format!("{base}-{k}"));
                        k += 1;
                    }
                    new_ids.insert(base, annotation.id.clone());
                    renamed += 1;
                }
                ids.insert(annotation.id.clone(), merged.annotations.len());
                merged.annotations.push(annotation);
            }
            for mut relation in file.relations {
                for end in [&mut relation.from, &mut relation.to] {
                    if let Some(id) = new_ids.get(end) {
                        *end = id.clone();
                    }
                }
                if let Some(name) = type_renames.get(&relation.kind) {
                    relation.kind = name.clone();
                }
                let symmetric = merged
                    .relation_types
                    .get(&relation.kind)
                    .is_some_and(|t| t.symmetric);
                if !links.insert(relation.link_key(symmetric)) {
                    repeated_relations += 1;
                    continue;
                }
                if relation_ids.contains(&relation.id.0) {
                    let base = relation.id.0.clone();
                    let mut k = 2;
                    while relation_ids.contains(&relation.id.0) {
                        relation.id = RelationId(format!("{base}-{k}"));
                        k += 1;
                    }
                    renamed_relations += 1;
                }
                relation_ids.insert(relation.id.0.clone());
                merged.relations.push(relation);
            }
            // A pattern is kept under its name once (the first file's); a rejection once.
            for mut pattern in file.patterns {
                if let Some(name) = renames.get(&pattern.label) {
                    pattern.label = name.clone();
                }
                let name = pattern.name.to_lowercase();
                if merged.patterns.iter().any(|p| p.name.to_lowercase() == name) {
                    if !merged.patterns.contains(&pattern) {
                        clashing_patterns.push(pattern.name);
                    }
                    continue;
                }
                merged.patterns.push(pattern);
            }
            for mut place in file.rejected {
                if let Some(name) = renames.get(&place.label) {
                    place.label = name.clone();
                }
                crate::suggest::insert_place(&mut merged.rejected, place);
            }
        }
        let mut tally = super::Tally::default();
        for (from, to) in recased {
            tally.add(
                1,
                ("label written in another case", "labels written in another case"),
                super::Fate::Corrected,
                &format!("`{from}` is read as `{to}`: label names are unique ignoring case"),
            );
        }
        for (from, to) in recased_types {
            tally.add(
                1,
                (
                    "relation type written in another case",
                    "relation types written in another case",
                ),
                super::Fate::Corrected,
                &format!("`{from}` is read as `{to}`: relation type names are unique ignoring case"),
            );
        }
        tally.add(
            repeated,
            (
                "annotation given by more than one file",
                "annotations given by more than one file",
            ),
            super::Fate::Joined,
            "each is kept once",
        );
        tally.add(
            renamed,
            (
                "annotation whose id another file's annotation has",
                "annotations whose ids other files' annotations have",
            ),
            super::Fate::Corrected,
            "each has a new id (its old one with -2, -3, … after it), so ids stay unique",
        );
        tally.add(
            repeated_relations,
            (
                "relation given by more than one file",
                "relations given by more than one file",
            ),
            super::Fate::Joined,
            "each is kept once",
        );
        tally.add(
            renamed_relations,
            (
                "relation whose id another file's relation has",
                "relations whose ids other files' relations have",
            ),
            super::Fate::Corrected,
            "each has a new id (its old one with -2, -3, … after it), so ids stay unique",
        );
        tally.add(
            unfitting,
            (
                "attribute value that does not fit its field as an earlier file declares it",
                "attribute values that do not fit their fields as earlier files declare them",
            ),
            super::Fate::NotRead,
            "files declare the field as different kinds, and the first file's kind is kept",
        );
        for name in clashing_patterns {
            tally.add(
                1,
                (
                    "pattern another file gives differently",
                    "patterns other files give differently",
                ),
                super::Fate::NotRead,
                &format!("`{name}`: the first file's pattern of that name is kept"),
            );
        }
        (merged, tally.0)
    }

    /// Checks every annotation on a document whose text the file carries against that
    /// text, as a file from another tool may place its annotations wrongly: one whose
    /// quote is at its position stays (its context taken from the text); one whose quote
    /// is elsewhere is moved there by its quote and context ([`crate::anchoring`]); one
    /// with no quote takes the text at its position; one whose quote is nowhere in the
    /// text is left out. The moved and the left out are counted. After this the file
    /// always passes [`read`].
    pub fn settle(&mut self) -> Vec<Unread> {
        // Each document's text and, made when an annotation first needs it, its index.
        let mut texts: HashMap<&str, (&str, Option<offsets::CharIndex<'_>>)> = self
            .documents
            .iter()
            .filter_map(|d| Some((d.id.0.as_str(), (d.text.as_deref()?, None))))
            .collect();
        let (mut moved, mut lost) = (0, 0);
        // Annotations already where their quotes and contexts say are left as they are:
        // nothing is copied or rewritten for them.
        self.annotations.retain_mut(|a| {
            let Some((text, index)) = texts.get_mut(a.document.0.as_str()) else {
                return true;
            };
            let index = index.get_or_insert_with(|| offsets::CharIndex::new(text));
            let span = a.span();
            let here = Anchor::pieces_in(index, span).ok();
            if let Some([prefix, quote, suffix]) = here
                && quote == a.anchor.quote()
                && prefix == a.anchor.prefix()
                && suffix == a.anchor.suffix()
            {
                return true;
            }
            let found = match here {
                _ if a.anchor.quote().is_empty() => here.map(|_| span),
                Some([_, quote, _]) if quote == a.anchor.quote() => Some(span),
                _ => crate::anchoring::reanchor(text, &a.anchor).map(|found| {
                    moved += 1;
                    found.span()
                }),
            };
            match found.and_then(|span| Anchor::describe_in(index, span).ok()) {
                Some(anchor) => {
                    a.anchor = anchor;
                    true
                }
                None => {
                    lost += 1;
                    false
                }
            }
        });
        drop(texts);
        let before = self.relations.len();
        if before > 0 {
            let kept: HashSet<&AnnotationId> = self.annotations.iter().map(|a| &a.id).collect();
            self.relations
                .retain(|r| kept.contains(&r.from) && kept.contains(&r.to));
        }
        let lost_relations = before - self.relations.len();
        let mut tally = super::Tally::default();
        tally.add(
            moved,
            (
                "annotation whose position is not its quote's",
                "annotations whose positions are not their quotes'",
            ),
            super::Fate::Corrected,
            "each is moved to where its quote is in the text (by its context)",
        );
        tally.add(
            lost,
            (
                "annotation whose quote is not in its text",
                "annotations whose quotes are not in their texts",
            ),
            super::Fate::NotRead,
            "their text is not the one they were made on",
        );
        tally.add(
            lost_relations,
            (
                "relation of an annotation left out",
                "relations of annotations left out",
            ),
            super::Fate::NotRead,
            "an end of each is not in the text",
        );
        tally.0
    }

    /// The project this file describes; every document must carry its text.
    pub fn into_project(self) -> Result<Project, ReadError> {
        let missing: Vec<Problem> = self
            .documents
            .iter()
            .enumerate()
            .filter(|(_, doc)| doc.text.is_none())
            .map(|(i, doc)| {
                Problem::at(
                    format!("documents[{i}]"),
                    format!(
                        "document `{}` has no text, so this file cannot stand alone",
                        doc.id
                    ),
                )
            })
            .collect();
        if !missing.is_empty() {
            return Err(ReadError { problems: missing });
        }
        let mut by_document: HashMap<DocId, Vec<Annotation>> = HashMap::new();
        for annotation in self.annotations {
            by_document
                .entry(annotation.document.clone())
                .or_default()
                .push(annotation);
        }
        let mut project = Project::with_relation_types(self.labels, self.relation_types);
        for (index, doc) in self.documents.into_iter().enumerate() {
            let annotations = by_document.remove(&doc.id).unwrap_or_default();
            let text = doc.text.expect("checked above");
            let ignored = doc.ignored;
            let id = doc.id.clone();
            let document = Document::new(doc.id, doc.title, text, doc.source)
                .with_status(doc.status)
                .with_metadata(doc.metadata);
            project
                .apply(crate::Action::AddDocument {
                    index,
                    document,
                    annotations,
                })
                // read() has checked everything apply checks.
                .map_err(|err| ReadError::one(Problem::new(Location::File, err.to_string())))?;
            if !ignored.is_empty() {
                // Checked against the text here: a file without texts was read without it.
                project
                    .apply(crate::Action::SetIgnored {
                        id,
                        ignored: crate::action::Change::new(Vec::new(), ignored),
                    })
                    .map_err(|err| ReadError::one(Problem::new(Location::File, err.to_string())))?;
            }
        }
        let rest = self
            .relations
            .into_iter()
            .map(crate::Action::AddRelation)
            .chain(
                self.patterns
                    .into_iter()
                    .enumerate()
                    .map(|(index, pattern)| crate::Action::AddPattern { index, pattern }),
            )
            .chain(self.rejected.into_iter().map(crate::Action::Reject))
            .chain((!self.guidelines.is_empty()).then(|| {
                crate::Action::SetGuidelines(crate::action::Change::new(String::new(), self.guidelines))
            }));
        for action in rest {
            project
                .apply(action)
                .map_err(|err| ReadError::one(Problem::new(Location::File, err.to_string())))?;
        }
        Ok(project)
    }
}

/// Reads a native file, checking it in full.
///
/// Never panics. A file that is not well-formed JSON gets one problem with its line
/// and column; one that is not a factmark file, or is another version, gets one
/// problem saying so; otherwise every problem found is reported with its JSON path.
pub fn read(json: &str) -> Result<NativeFile, ReadError> {
    let (file, problems) = check(parse(json)?, Mode::Whole);
    super::finish(problems, file)
}

/// Reads what is good in a native file: like [`read`], except that the documents,
/// labels and annotations that have problems are left out of the file returned rather
/// than failing it, each problem listed beside it (the first 200, then how many more).
/// A file that is not well-formed JSON, not a factmark file, another version, or not of
/// the format's shape is still refused whole. An annotation whose document or label is
/// left out is left out too.
pub fn read_valid_part(json: &str) -> Result<(NativeFile, Vec<Problem>), ReadError> {
    Ok(check(parse(json)?, Mode::ValidPart))
}

/// A native file's JSON, its shape checked.
fn parse(json: &str) -> Result<RawFile, ReadError> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    // A good file is read once. Only when that fails is it looked at again, to say
    // what it is (its format and version) and where the problem is.
    match serde_json::from_str::<RawFile>(json) {
        Ok(raw) if raw.format == FORMAT && (OLDEST_VERSION..=VERSION).contains(&raw.version) => Ok(raw),
        Ok(_) => {
            check_header(json)?;
            Err(ReadError::one(Problem::new(
                Location::File,
                "this is not a factmark file",
            )))
        }
        Err(err) => {
            check_header(json)?;
            let missing = err.to_string().starts_with("missing field");
            let path = super::json_path::at(json, err.line(), err.column(), missing);
            let problem = strip_position(&err);
            Err(ReadError::one(if path.is_empty() {
                Problem::new(Location::File, problem)
            } else {
                Problem::at(path, problem)
            }))
        }
    }
}

/// Whether [`check`] fails a file over any problem or keeps what is good in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Every problem is reported; the file is good only without any.
    Whole,
    /// What has a problem is left out; the rest is kept.
    ValidPart,
}

/// Writes `file` as pretty-printed JSON with a final newline.
pub fn write(file: &NativeFile) -> String {
    let out = FileOut {
        format: FORMAT,
        version: VERSION,
        labels: Seq(|| file.labels.iter().map(LabelOut::of)),
        relation_types: Seq(|| file.relation_types.iter().map(RelationTypeOut::of)),
        documents: Seq(|| {
            file.documents.iter().map(|doc| DocumentOut {
                id: &doc.id,
                title: &doc.title,
                sha256: &doc.sha256,
                source: &doc.source,
                status: doc.status,
                ignored: &doc.ignored,
                meta: &doc.metadata,
                text: doc.text.as_deref(),
            })
        }),
        annotations: Seq(|| file.annotations.iter().map(AnnotationOut::of)),
        relations: Seq(|| file.relations.iter().map(RelationOut::of)),
        patterns: (!file.patterns.is_empty()).then_some(Seq(|| file.patterns.iter().map(PatternOut::of))),
        rejected: (!file.rejected.is_empty()).then_some(Seq(|| file.rejected.iter().map(PlaceOut::of))),
        guidelines: &file.guidelines,
    };
    // A file is written as it is serialised: nothing is copied first.
    let n = file.annotations.len();
    super::json_text(&out, n, 350 * n + 1024)
}

/// `project` as a native file (compact JSON; the texts included when `with_text` is
/// set), in pieces that joined make the file: the head with the labels, each document,
/// then the annotations `group` at a time, then the tail. A caller can write or store
/// it a piece at a time — the browser's autosave does, yielding between pieces, so
/// saving a large project never holds up the page (and it stores each text once, on
/// its own, so a save writes none).
pub fn write_pieces(project: &Project, group: usize, with_text: bool) -> impl Iterator<Item = String> + '_ {
    pieces_with(project, None, group, with_text.then_some(TEXT_PIECE))
}

/// [`write_pieces`] of one document of `project`, `only`: its annotations, the
/// relations between them, the suggestions rejected in it, and the project's labels,
/// relation types, patterns and guidelines (what [`NativeFile::from_documents`] holds
/// of it).
pub fn write_pieces_of<'p>(
    project: &'p Project,
    only: &'p DocId,
    group: usize,
    with_text: bool,
) -> impl Iterator<Item = String> + 'p {
    pieces_with(project, Some(only), group, with_text.then_some(TEXT_PIECE))
}

/// The bytes of a document's text per piece of [`write_pieces`] (at most; cut at a
/// character boundary).
const TEXT_PIECE: usize = 1 << 16;

fn pieces_with<'p>(
    project: &'p Project,
    only: Option<&'p DocId>,
    group: usize,
    text_piece: Option<usize>,
) -> impl Iterator<Item = String> + 'p {
    let wanted = move |doc: &DocId| only.is_none_or(|only| only == doc);
    let in_wanted = move |id: &AnnotationId| project.annotation(id).is_some_and(|a| wanted(&a.document));
    let labels: Vec<LabelOut<'_>> = project.labels().iter().map(LabelOut::of).collect();
    let relation_types: Vec<RelationTypeOut<'_>> =
        project.relation_types().iter().map(RelationTypeOut::of).collect();
    let json = |value: &dyn erased::Json| value.to_json();
    let head = format!(
        "{{\"format\":{},\"version\":{VERSION},\"labels\":{},\"relationTypes\":{},\"documents\":[",
        json(&FORMAT),
        json(&labels),
        json(&relation_types)
    );
    // Each document: its fields, then its text a piece at a time, escaped piece by
    // piece (JSON escapes each character on its own, so the pieces join up).
    let documents = project
        .documents()
        .iter()
        .filter(move |d| wanted(d.id()))
        .enumerate()
        .flat_map(move |(i, doc)| {
            let out = DocumentOut {
                id: doc.id(),
                title: doc.title(),
                sha256: doc.sha256(),
                source: doc.source(),
                status: doc.status(),
                ignored: doc.ignored(),
                meta: doc.metadata(),
                text: None,
            };
            let fields = json(&out);
            let separator = if i == 0 { "" } else { "," };
            let Some(text_piece) = text_piece else {
                return Box::new(std::iter::once(format!("{separator}{fields}")))
                    as Box<dyn Iterator<Item = String>>;
            };
            let open = format!(
                "{separator}{},\"text\":\"",
                fields.strip_suffix('}').expect("an object")
            );
            let text = doc.text();
            let mut at = 0;
            let chunks = std::iter::from_fn(move || {
                if at == text.len() {
                    return None;
                }
                let mut end = (at + text_piece.max(4)).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                let escaped = serde_json::to_string(&text[at..end]).expect("a string serialises");
                at = end;
                Some(escaped[1..escaped.len() - 1].to_owned())
            });
            Box::new(
                std::iter::once(open)
                    .chain(chunks)
                    .chain(std::iter::once("\"}".to_owned())),
            )
        });
    let annotations: Box<dyn Iterator<Item = &Annotation>> = match only {
        Some(doc) => Box::new(project.annotations_of(doc).into_iter()),
        None => Box::new(project.annotations()),
    };
    let mut annotations = annotations.peekable();
    let mut first = true;
    let groups = std::iter::from_fn(move || {
        annotations.peek()?;
        let mut piece = String::new();
        for a in annotations.by_ref().take(group.max(1)) {
            if !first {
                piece.push(',');
            }
            first = false;
            piece.push_str(&json(&AnnotationOut::of(a)));
        }
        Some(piece)
    });
    let mut relations = project
        .relations()
        .filter(move |r| only.is_none() || in_wanted(&r.from) && in_wanted(&r.to))
        .peekable();
    let mut first_relation = true;
    let relation_groups = std::iter::from_fn(move || {
        relations.peek()?;
        let mut piece = String::new();
        for r in relations.by_ref().take(group.max(1)) {
            if !first_relation {
                piece.push(',');
            }
            first_relation = false;
            piece.push_str(&json(&RelationOut::of(r)));
        }
        Some(piece)
    });
    std::iter::once(head)
        .chain(documents)
        .chain(std::iter::once("],\"annotations\":[".to_owned()))
        .chain(groups)
        .chain(std::iter::once("],\"relations\":[".to_owned()))
        .chain(relation_groups)
        .chain(std::iter::once(memory_tail(project, only)))
}

/// The end of a file in pieces: the patterns and rejections (each left out when there
/// are none; few enough to be one piece), and the closing brace.
fn memory_tail(project: &Project, only: Option<&DocId>) -> String {
    let mut tail = String::from("]");
    if !project.patterns().is_empty() {
        let patterns: Vec<PatternOut<'_>> = project.patterns().iter().map(PatternOut::of).collect();
        tail.push_str(",\"patterns\":");
        tail.push_str(&serde_json::to_string(&patterns).expect("patterns serialise"));
    }
    let rejected: Vec<PlaceOut<'_>> = project
        .rejected()
        .iter()
        .filter(|p| only.is_none_or(|doc| &p.document == doc))
        .map(PlaceOut::of)
        .collect();
    if !rejected.is_empty() {
        tail.push_str(",\"rejected\":");
        tail.push_str(&serde_json::to_string(&rejected).expect("rejections serialise"));
    }
    if !project.guidelines().is_empty() {
        tail.push_str(",\"guidelines\":");
        tail.push_str(&serde_json::to_string(project.guidelines()).expect("a string serialises"));
    }
    tail.push_str("}\n");
    tail
}

/// Serialising a value of any of the output types above, without naming its type.
mod erased {
    /// A value that serialises to JSON.
    pub trait Json {
        fn to_json(&self) -> String;
    }

    impl<T: serde::Serialize + ?Sized> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).expect("the file model always serialises")
        }
    }
}

/// A sequence serialised from an iterator as it is made.
pub(crate) struct Seq<F>(pub F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct FileOut<'a, L, T, D, A, R, P, J> {
    format: &'static str,
    version: u64,
    labels: L,
    #[serde(rename = "relationTypes")]
    relation_types: T,
    documents: D,
    annotations: A,
    relations: R,
    #[serde(skip_serializing_if = "Option::is_none")]
    patterns: Option<P>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected: Option<J>,
    #[serde(skip_serializing_if = "str::is_empty")]
    guidelines: &'a str,
}

#[derive(Serialize)]
struct PatternOut<'a> {
    name: &'a str,
    label: &'a str,
    pattern: &'a str,
    mode: &'static str,
    #[serde(rename = "foldCase")]
    fold_case: bool,
    #[serde(rename = "foldDiacritics")]
    fold_diacritics: bool,
}

impl PatternOut<'_> {
    fn of(p: &Pattern) -> PatternOut<'_> {
        PatternOut {
            name: &p.name,
            label: &p.label,
            pattern: &p.query.text,
            mode: mode_name(p.query.mode),
            fold_case: p.query.fold_case,
            fold_diacritics: p.query.fold_diacritics,
        }
    }
}

/// A query mode as the file writes it.
fn mode_name(mode: QueryMode) -> &'static str {
    match mode {
        QueryMode::Plain => "plain",
        QueryMode::WholeWord => "whole-word",
        QueryMode::Regex => "regex",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlaceOut<'a> {
    document: &'a DocId,
    start: usize,
    end: usize,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_end: Option<usize>,
}

impl PlaceOut<'_> {
    fn of(p: &Place) -> PlaceOut<'_> {
        PlaceOut {
            document: &p.document,
            start: p.span.start(),
            end: p.span.end(),
            label: &p.label,
            to_start: p.to.map(|to| to.start()),
            to_end: p.to.map(|to| to.end()),
        }
    }
}

#[derive(Serialize)]
struct LabelOut<'a> {
    name: &'a str,
    color: &'a str,
    hotkey: Option<char>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldOut<'a>>,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
}

impl LabelOut<'_> {
    fn of(label: &Label) -> LabelOut<'_> {
        LabelOut {
            name: &label.name,
            color: &label.color,
            hotkey: label.hotkey,
            fields: label
                .fields
                .iter()
                .map(|f| FieldOut {
                    name: &f.name,
                    kind: f.kind,
                    options: &f.options,
                })
                .collect(),
            description: &label.description,
        }
    }
}

#[derive(Serialize)]
struct FieldOut<'a> {
    name: &'a str,
    kind: FieldKind,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    options: &'a [String],
}

#[derive(Serialize)]
struct RelationTypeOut<'a> {
    name: &'a str,
    color: &'a str,
    hotkey: Option<char>,
    symmetric: bool,
    #[serde(rename = "acrossDocuments")]
    across_documents: bool,
    from: &'a [String],
    to: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
}

impl RelationTypeOut<'_> {
    fn of(kind: &RelationType) -> RelationTypeOut<'_> {
        RelationTypeOut {
            name: &kind.name,
            color: &kind.color,
            hotkey: kind.hotkey,
            symmetric: kind.symmetric,
            across_documents: kind.across_documents,
            from: &kind.from,
            to: &kind.to,
            description: &kind.description,
        }
    }
}

#[derive(Serialize)]
struct RelationOut<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    from: &'a str,
    to: &'a str,
    note: &'a str,
    annotator: &'a str,
    created: Timestamp,
    updated: Timestamp,
}

impl RelationOut<'_> {
    fn of(r: &Relation) -> RelationOut<'_> {
        RelationOut {
            id: &r.id.0,
            kind: &r.kind,
            from: &r.from.0,
            to: &r.to.0,
            note: &r.note,
            annotator: &r.annotator,
            created: r.created,
            updated: r.updated,
        }
    }
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    id: &'a DocId,
    title: &'a str,
    sha256: &'a str,
    source: &'a Source,
    status: Status,
    #[serde(skip_serializing_if = "<[Span]>::is_empty")]
    ignored: &'a [Span],
    #[serde(skip_serializing_if = "Metadata::is_empty")]
    meta: &'a Metadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

impl AnnotationOut<'_> {
    fn of(a: &Annotation) -> AnnotationOut<'_> {
        AnnotationOut {
            id: &a.id.0,
            document: &a.document,
            start: a.span().start(),
            end: a.span().end(),
            label: &a.label,
            quote: a.anchor.quote(),
            prefix: a.anchor.prefix(),
            suffix: a.anchor.suffix(),
            note: &a.note,
            annotator: &a.annotator,
            agreed_by: &a.agreed_by,
            attributes: &a.attributes,
            origin: a.origin.as_ref().map(Provenance::state),
            suggested_by: a.origin.as_ref().map(|p| p.origin.code()),
            score: a.origin.as_ref().map(|p| p.score),
            created: a.created,
            updated: a.updated,
        }
    }
}

#[derive(Serialize)]
struct AnnotationOut<'a> {
    id: &'a str,
    document: &'a DocId,
    start: usize,
    end: usize,
    label: &'a str,
    quote: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    note: &'a str,
    annotator: &'a str,
    #[serde(rename = "agreedBy", skip_serializing_if = "<[String]>::is_empty")]
    agreed_by: &'a [String],
    #[serde(skip_serializing_if = "Attributes::is_empty")]
    attributes: &'a Attributes,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'static str>,
    #[serde(rename = "suggestedBy", skip_serializing_if = "Option::is_none")]
    suggested_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    created: Timestamp,
    updated: Timestamp,
}

struct RawFile {
    format: String,
    version: u64,
    labels: Vec<RawLabel>,
    relation_types: Given<Vec<RawRelationType>>,
    documents: Vec<RawDocument>,
    annotations: Vec<ParsedAnnotation>,
    relations: Given<Vec<RawRelation>>,
    // Read as plain JSON values and checked by hand (`Fields`): few, and rarely there,
    // they are not worth a reader of their own.
    patterns: Given<serde_json::Value>,
    rejected: Given<serde_json::Value>,
    guidelines: Given<serde_json::Value>,
}

read_object!(RawFile {
    format: String = "format",
    version: u64 = "version",
    labels: Vec<RawLabel> = "labels",
    relation_types: Given<Vec<RawRelationType>> = "relationTypes" or Given(None),
    documents: Vec<RawDocument> = "documents",
    annotations: Vec<ParsedAnnotation> = "annotations",
    relations: Given<Vec<RawRelation>> = "relations" or Given(None),
    patterns: Given<serde_json::Value> = "patterns" or Given(None),
    rejected: Given<serde_json::Value> = "rejected" or Given(None),
    guidelines: Given<serde_json::Value> = "guidelines" or Given(None),
});

/// The description a label or relation type of a version `version` file gets: the one
/// `given`, or, in a file from before descriptions (version 3), the default's (`default`).
fn described(version: u64, given: String, default: impl FnOnce() -> Option<String>) -> String {
    if version < 3 && given.is_empty() {
        default().unwrap_or_default()
    } else {
        given
    }
}

/// A document's `meta` (at `path`): an object of field names to text; a problem for
/// anything else and for a key that cannot be a field name. (Other tools' numbers and
/// objects are made text by their readers, [`Metadata::from_json`]; a factmark file
/// holds text only.)
fn metadata_of(raw: Option<serde_json::Value>, path: &str, problems: &mut Vec<Problem>) -> Metadata {
    let object = match raw {
        None | Some(serde_json::Value::Null) => return Metadata::new(),
        Some(serde_json::Value::Object(object)) => object,
        Some(_) => {
            problems.push(Problem::at(path.to_owned(), "expected an object of fields"));
            return Metadata::new();
        }
    };
    let mut fields = Vec::with_capacity(object.len());
    for (key, value) in object {
        match (crate::metadata::check_name(&key).map(str::to_owned), value) {
            (Err(why), _) => problems.push(Problem::at(format!("{path}.{key:?}"), why)),
            (Ok(name), serde_json::Value::String(text)) => fields.push((name, text)),
            (Ok(_), _) => problems.push(Problem::at(format!("{path}.{key:?}"), "expected text")),
        }
    }
    fields.into_iter().collect()
}

/// The objects of the list `raw` (the file's field `name`), each with its path; a
/// problem for a field that is not a list and for each element that is not an object.
fn objects(
    raw: Option<serde_json::Value>,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Vec<(String, serde_json::Map<String, serde_json::Value>)> {
    let items = match raw {
        None | Some(serde_json::Value::Null) => return Vec::new(),
        Some(serde_json::Value::Array(items)) => items,
        Some(_) => {
            problems.push(Problem::at(name, "expected a list"));
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let at = format!("{name}[{i}]");
        match item {
            serde_json::Value::Object(object) => out.push((at, object)),
            _ => problems.push(Problem::at(at, "expected an object")),
        }
    }
    out
}

/// A document's `ignored` regions (at `path`), each `{"start", "end"}` within a text of
/// `len` code points when the file carries it; normalized. Each that is not is a problem.
fn regions_of(
    raw: Option<serde_json::Value>,
    path: &str,
    len: Option<usize>,
    problems: &mut Vec<Problem>,
) -> Vec<Span> {
    let mut out = Vec::new();
    for (at, object) in objects(raw, path, problems) {
        let mut fields = Fields {
            object: object.into_iter().collect(),
            at: &at,
            problems,
        };
        let (start, end) = (fields.count("start"), fields.count("end"));
        fields.finish();
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        match Span::new(start, end) {
            Err(err) => problems.push(Problem::at(format!("{at}.end"), err.to_string())),
            Ok(_) if len.is_some_and(|len| end > len) => problems.push(Problem::at(
                format!("{at}.end"),
                format!(
                    "the document's text has {} code points, so {end} is past its end",
                    len.unwrap_or(0)
                ),
            )),
            Ok(span) => out.push(span),
        }
    }
    crate::ignored::normalized(out)
}

/// The fields of one object read by hand, each missing or mistyped one a problem at its
/// path, and every field it does not know one too (as `deny_unknown_fields` would).
struct Fields<'a> {
    object: Vec<(String, serde_json::Value)>,
    at: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Fields<'_> {
    fn take(&mut self, key: &str, optional: bool) -> Option<serde_json::Value> {
        let value = self
            .object
            .iter()
            .position(|(k, _)| k == key)
            .map(|at| self.object.swap_remove(at).1);
        if value.is_none() && !optional {
            self.problems
                .push(Problem::at(self.at, format!("missing field `{key}`")));
        }
        value
    }

    fn wrong(&mut self, key: &str, expected: &str) {
        self.problems.push(Problem::at(
            format!("{}.{key}", self.at),
            format!("expected {expected}"),
        ));
    }

    fn text(&mut self, key: &str) -> Option<String> {
        match self.take(key, false)? {
            serde_json::Value::String(text) => Some(text),
            _ => {
                self.wrong(key, "a string");
                None
            }
        }
    }

    fn count(&mut self, key: &str) -> Option<usize> {
        let value = self.take(key, false)?;
        let n = value.as_u64().and_then(|n| usize::try_from(n).ok());
        if n.is_none() {
            self.wrong(key, "a whole number, 0 or more");
        }
        n
    }

    fn flag(&mut self, key: &str) -> bool {
        match self.take(key, true) {
            None => false,
            Some(serde_json::Value::Bool(flag)) => flag,
            Some(_) => {
                self.wrong(key, "true or false");
                false
            }
        }
    }

    /// Names every field left unread.
    fn finish(self) {
        for (key, _) in &self.object {
            self.problems
                .push(Problem::at(format!("{}.{key}", self.at), "unknown field"));
        }
    }
}

struct RawField {
    name: String,
    kind: FieldKind,
    options: Vec<String>,
}

read_object!(RawField {
    name: String = "name",
    kind: FieldKind = "kind",
    options: Vec<String> = "options" or Vec::new(),
});

struct RawRelationType {
    name: String,
    color: String,
    hotkey: Option<String>,
    symmetric: bool,
    across_documents: bool,
    from: Vec<String>,
    to: Vec<String>,
    description: String,
}

read_object!(RawRelationType {
    name: String = "name",
    color: String = "color",
    hotkey: Option<String> = "hotkey" or None,
    symmetric: bool = "symmetric" or false,
    across_documents: bool = "acrossDocuments" or false,
    from: Vec<String> = "from" or Vec::new(),
    to: Vec<String> = "to" or Vec::new(),
    description: String = "description" or String::new(),
});

struct RawRelation {
    id: String,
    kind: String,
    from: String,
    to: String,
    note: String,
    annotator: String,
    created: Timestamp,
    updated: Timestamp,
}

read_object!(RawRelation {
    id: String = "id",
    kind: String = "type",
    from: String = "from",
    to: String = "to",
    note: String = "note",
    annotator: String = "annotator",
    created: Timestamp = "created",
    updated: Timestamp = "updated",
});

/// An annotation as read: made into the model at once (so the file's annotations
/// are never held in two forms), or the reason its span is not one. Not boxed: the
/// second case is rare, and a box would be one more allocation per annotation read.
#[allow(clippy::large_enum_variant)]
enum ParsedAnnotation {
    Ready(Annotation),
    Bad {
        /// The annotation's id, so its relations can say what is wrong with their end.
        id: String,
        /// The field that is wrong (`end` for a span that is not one).
        field: &'static str,
        /// What is wrong with it.
        error: String,
    },
}

impl<'de> Deserialize<'de> for ParsedAnnotation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ParsedAnnotation, D::Error> {
        let a = RawAnnotation::deserialize(deserializer)?;
        let origin = match provenance_of(a.origin, a.suggested_by, a.score) {
            Ok(origin) => origin,
            Err((field, error)) => {
                return Ok(ParsedAnnotation::Bad {
                    id: a.id,
                    field,
                    error,
                });
            }
        };
        Ok(match Span::new(a.start, a.end) {
            Ok(span) => ParsedAnnotation::Ready(Annotation {
                id: AnnotationId(a.id),
                document: a.document,
                anchor: Anchor::from_parts(span, a.quote, a.prefix, a.suffix),
                label: a.label,
                note: a.note,
                annotator: a.annotator,
                agreed_by: a.agreed_by,
                attributes: a.attributes,
                origin,
                created: a.created,
                updated: a.updated,
            }),
            Err(err) => ParsedAnnotation::Bad {
                id: a.id,
                field: "end",
                error: err.to_string(),
            },
        })
    }
}

struct RawLabel {
    name: String,
    color: String,
    hotkey: Option<String>,
    fields: Vec<RawField>,
    description: String,
}

read_object!(RawLabel {
    name: String = "name",
    color: String = "color",
    hotkey: Option<String> = "hotkey" or None,
    fields: Vec<RawField> = "fields" or Vec::new(),
    description: String = "description" or String::new(),
});

struct RawDocument {
    id: DocId,
    title: String,
    sha256: String,
    source: Source,
    status: Status,
    text: Option<String>,
    /// Read by hand ([`regions_of`]), with the readers of `rejected`, not by a reader
    /// of its own: the first visit downloads this reader.
    ignored: Given<serde_json::Value>,
    /// Read by hand, like `ignored`.
    meta: Given<serde_json::Value>,
}

read_object!(RawDocument {
    id: DocId = "id",
    title: String = "title",
    sha256: String = "sha256",
    source: Source = "source",
    status: Status = "status" or Status::default(),
    text: Option<String> = "text" or None,
    ignored: Given<serde_json::Value> = "ignored" or Given(None),
    meta: Given<serde_json::Value> = "meta" or Given(None),
});

/// An annotation as the file has it.
struct RawAnnotation {
    id: String,
    document: DocId,
    start: usize,
    end: usize,
    label: String,
    quote: String,
    prefix: String,
    suffix: String,
    note: String,
    annotator: String,
    agreed_by: Vec<String>,
    attributes: Attributes,
    origin: Option<String>,
    suggested_by: Option<String>,
    score: Option<f64>,
    created: Timestamp,
    updated: Timestamp,
}

read_object!(RawAnnotation {
    id: String = "id",
    document: DocId = "document",
    start: usize = "start",
    end: usize = "end",
    label: String = "label",
    quote: String = "quote",
    prefix: String = "prefix",
    suffix: String = "suffix",
    note: String = "note",
    annotator: String = "annotator",
    agreed_by: Vec<String> = "agreedBy" or Vec::new(),
    attributes: Attributes = "attributes" or Attributes::new(),
    origin: Option<String> = "origin" or None,
    suggested_by: Option<String> = "suggestedBy" or None,
    score: Option<f64> = "score" or None,
    created: Timestamp = "created",
    updated: Timestamp = "updated",
});

/// An annotation's `origin`, `suggestedBy` and `score` as the model has them, or what
/// is wrong with them (and at which field).
fn provenance_of(
    origin: Option<String>,
    suggested_by: Option<String>,
    score: Option<f64>,
) -> Result<Option<Provenance>, (&'static str, String)> {
    let Some(state) = origin else {
        return match (suggested_by, score) {
            (None, None) => Ok(None),
            (Some(_), _) => Err(("suggestedBy", "`suggestedBy` needs an `origin` beside it".into())),
            (None, Some(_)) => Err(("score", "`score` needs an `origin` beside it".into())),
        };
    };
    let accepted = match state.as_str() {
        "accepted" => true,
        "suggested" => false,
        other => {
            return Err((
                "origin",
                format!("expected \"suggested\" or \"accepted\", not {other:?}"),
            ));
        }
    };
    let code = suggested_by.ok_or((
        "suggestedBy",
        "an annotation with an `origin` says what suggested it".to_owned(),
    ))?;
    let origin = Origin::from_code(&code).ok_or_else(|| {
        (
            "suggestedBy",
            format!("expected \"model\", \"propagation\" or \"rule:\" and a name, not {code:?}"),
        )
    })?;
    let score = score.unwrap_or(1.0);
    if !(0.0..=1.0).contains(&score) {
        return Err(("score", format!("a score is from 0 to 1, not {score}")));
    }
    Ok(Some(Provenance {
        accepted,
        origin,
        score,
    }))
}

/// The two fields that say what a file is, read before anything else.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

fn check_header(json: &str) -> Result<(), ReadError> {
    let syntax_error = |err: serde_json::Error| {
        ReadError::one(if err.is_eof() && json.trim().is_empty() {
            Problem::new(Location::File, "the file is empty")
        } else {
            Problem::new(
                Location::LineColumn {
                    line: err.line(),
                    column: err.column(),
                },
                format!("this is not valid JSON: {}", strip_position(&err)),
            )
        })
    };
    if !json.trim_start().starts_with('{') {
        // serde would happily read a struct from an array: say what this is instead.
        serde_json::from_str::<serde::de::IgnoredAny>(json).map_err(syntax_error)?;
        return Err(ReadError::one(Problem::new(
            Location::File,
            "this is not a factmark file: its top level is not a JSON object",
        )));
    }
    let header: Header = serde_json::from_str(json).map_err(syntax_error)?;
    match header.format {
        Some(serde_json::Value::String(format)) if format == FORMAT => {}
        Some(other) => {
            return Err(ReadError::one(Problem::at(
                "format",
                format!("this is not a factmark file: its \"format\" is {other}, not \"factmark\""),
            )));
        }
        None => {
            return Err(ReadError::one(Problem::new(
                Location::File,
                "this is not a factmark file: it has no \"format\": \"factmark\" field",
            )));
        }
    }
    match header.version {
        Some(serde_json::Value::Number(n))
            if n.as_u64()
                .is_some_and(|v| (OLDEST_VERSION..=VERSION).contains(&v)) =>
        {
            Ok(())
        }
        Some(serde_json::Value::Number(n)) if n.as_u64().is_some_and(|v| v > VERSION) => {
            Err(ReadError::one(Problem::at(
                "version",
                format!(
                    "this file is factmark format version {n}, written by a newer factmark; \
                     this factmark reads versions {OLDEST_VERSION} to {VERSION}: update factmark to open it"
                ),
            )))
        }
        Some(other) => Err(ReadError::one(Problem::at(
            "version",
            format!(
                "{other} is not a factmark format version; this factmark reads versions {OLDEST_VERSION} to {VERSION}"
            ),
        ))),
        None => Err(ReadError::one(Problem::new(
            Location::File,
            "this factmark file has no \"version\" field",
        ))),
    }
}

/// serde_json appends " at line L column C" to data errors; the path says where instead.
fn strip_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Whether no two of `annotations` have one id.
fn ids_unique(annotations: &[Annotation]) -> bool {
    let mut ids: HashSet<&str> = HashSet::with_capacity(annotations.len());
    annotations.iter().all(|a| ids.insert(&a.id.0))
}

/// Checks what the types alone cannot: references, uniqueness, hashes and anchors.
/// The file of what passed (everything, in [`Mode::Whole`], when there are no
/// problems), and the problems.
fn check(raw: RawFile, mode: Mode) -> (NativeFile, Vec<Problem>) {
    let mut problems = Vec::new();
    let lenient = mode == Mode::ValidPart;
    // Problems found beyond the first MAX_PROBLEMS, when reading on (ValidPart).
    let mut unlisted = 0usize;

    let v1 = raw.version == 1;
    if v1 {
        for (present, field) in [
            (raw.relation_types.0.is_some(), "relationTypes"),
            (raw.relations.0.is_some(), "relations"),
        ] {
            if present {
                problems.push(Problem::at(
                    field,
                    format!("a version 1 file has no \"{field}\": this file should say \"version\": 2"),
                ));
            }
        }
    }
    let (defaults, default_types) = (LabelSet::default(), RelationTypes::default());
    let mut labels = LabelSet::empty();
    for (i, raw_label) in raw.labels.into_iter().enumerate() {
        let Some(hotkey) = hotkey_of(raw_label.hotkey, &format!("labels[{i}].hotkey"), &mut problems) else {
            continue;
        };
        let fields = if v1 && raw_label.fields.is_empty() {
            crate::attribute::default_fields(&raw_label.name)
        } else {
            raw_label
                .fields
                .into_iter()
                .map(|f| Field {
                    name: f.name,
                    kind: f.kind,
                    options: f.options,
                })
                .collect()
        };
        // Files from before descriptions: the default labels get theirs, as a project
        // made fresh has them.
        let description = described(raw.version, raw_label.description, || {
            defaults.get(&raw_label.name).map(|l| l.description.clone())
        });
        let label = Label {
            name: raw_label.name,
            color: raw_label.color,
            hotkey,
            fields,
            description,
        };
        if let Err(err) = labels.add(label) {
            let at = match err {
                crate::LabelError::Field(_) => format!("labels[{i}].fields"),
                _ => format!("labels[{i}]"),
            };
            problems.push(Problem::at(at, err.to_string()));
        }
    }

    let relation_types = match raw.relation_types.0 {
        None if v1 => RelationTypes::defaults_for(&labels),
        None => RelationTypes::empty(),
        Some(raw_types) => {
            let mut types = RelationTypes::empty();
            for (i, t) in raw_types.into_iter().enumerate() {
                let Some(hotkey) = hotkey_of(t.hotkey, &format!("relationTypes[{i}].hotkey"), &mut problems)
                else {
                    continue;
                };
                let mut good = true;
                for (end, names) in [("from", &t.from), ("to", &t.to)] {
                    for (j, name) in names.iter().enumerate() {
                        if labels.get(name).is_none() {
                            problems.push(Problem::at(
                                format!("relationTypes[{i}].{end}[{j}]"),
                                format!("there is no label `{name}` in this file"),
                            ));
                            good = false;
                        }
                    }
                }
                if !good {
                    continue;
                }
                let description = described(raw.version, t.description, || {
                    default_types.get(&t.name).map(|d| d.description.clone())
                });
                let kind = RelationType {
                    name: t.name,
                    color: t.color,
                    hotkey,
                    symmetric: t.symmetric,
                    across_documents: t.across_documents,
                    from: t.from,
                    to: t.to,
                    description,
                };
                if let Err(err) = types.add(kind) {
                    problems.push(Problem::at(format!("relationTypes[{i}]"), err.to_string()));
                }
            }
            types
        }
    };

    let mut documents = Vec::with_capacity(raw.documents.len());
    let mut texts: HashMap<DocId, Option<usize>> = HashMap::new();
    let mut left_out_documents: HashSet<DocId> = HashSet::new();
    for (i, doc) in raw.documents.into_iter().enumerate() {
        if texts.contains_key(&doc.id) {
            problems.push(Problem::at(
                format!("documents[{i}].id"),
                format!("another document already has the id `{}`", doc.id),
            ));
            continue;
        }
        let before = problems.len();
        if doc.id.0.is_empty() {
            problems.push(Problem::at(
                format!("documents[{i}].id"),
                "a document id cannot be empty",
            ));
        }
        if !is_sha256_hex(&doc.sha256) {
            problems.push(Problem::at(
                format!("documents[{i}].sha256"),
                "expected 64 lowercase hex digits",
            ));
        } else if let Some(text) = &doc.text {
            let actual = sha256_hex(text);
            if actual != doc.sha256 {
                problems.push(Problem::at(
                    format!("documents[{i}].sha256"),
                    format!("does not match the document's text, whose SHA-256 is {actual}"),
                ));
            }
        }
        let ignored = regions_of(
            doc.ignored.0,
            &format!("documents[{i}].ignored"),
            doc.text.as_deref().map(offsets::cp_len),
            &mut problems,
        );
        let metadata = metadata_of(doc.meta.0, &format!("documents[{i}].meta"), &mut problems);
        if lenient && problems.len() > before {
            left_out_documents.insert(doc.id);
            continue;
        }
        texts.insert(
            doc.id.clone(),
            Some(documents.len()).filter(|_| doc.text.is_some()),
        );
        documents.push(FileDocument {
            id: doc.id,
            title: doc.title,
            sha256: doc.sha256,
            source: doc.source,
            status: doc.status,
            text: doc.text,
            ignored,
            metadata,
        });
    }

    let mut file_index = Vec::with_capacity(raw.annotations.len());
    // Annotations with a problem: left out (when lenient) or not made at all (a bad span).
    let mut troubled_annotations: HashSet<AnnotationId> = HashSet::new();
    // Annotations usually come grouped by document: the last text's index is kept.
    let mut indexed: Option<(usize, offsets::CharIndex<'_>)> = None;
    // One pass that turns each element into an annotation where it lies (the
    // collect reuses the read elements' memory): a million annotations are never
    // held twice.
    let annotations: Vec<Annotation> = raw
        .annotations
        .into_iter()
        .enumerate()
        .filter_map(|(i, parsed)| {
            if problems.len() >= MAX_PROBLEMS && !lenient {
                return None;
            }
            let mut found = Vec::new();
            let at = |field: &str| format!("annotations[{i}].{field}");
            let a = match parsed {
                ParsedAnnotation::Ready(a) => Some(a),
                ParsedAnnotation::Bad { id, field, error } => {
                    found.push(Problem::at(at(field), error));
                    troubled_annotations.insert(AnnotationId(id));
                    None
                }
            };
            let a = a.map(|mut a| {
                match labels.get(&a.label) {
                    None => found.push(Problem::at(
                        at("label"),
                        format!("there is no label `{}` in this file", a.label),
                    )),
                    Some(label) => {
                        for (name, value) in &a.attributes {
                            let problem = match label.fields.iter().find(|f| &f.name == name) {
                                None => Some(format!("label `{}` has no field `{name}`", a.label)),
                                Some(field) => field.check(value).err().map(|err| err.to_string()),
                            };
                            if let Some(problem) = problem {
                                found.push(Problem::at(at(&format!("attributes.{name}")), problem));
                            }
                        }
                    }
                }
                match texts.get(&a.document) {
                    None if left_out_documents.contains(&a.document) => found.push(Problem::at(
                        at("document"),
                        format!("its document `{}` is left out, for the problem above", a.document),
                    )),
                    None => found.push(Problem::at(
                        at("document"),
                        format!("there is no document `{}` in this file", a.document),
                    )),
                    Some(None) => {} // The text is elsewhere: the anchor is checked when it is matched.
                    Some(Some(index)) => {
                        if indexed.as_ref().is_none_or(|(i, _)| i != index) {
                            let text = documents[*index].text.as_deref().expect("indexed only with text");
                            indexed = Some((*index, offsets::CharIndex::new(text)));
                        }
                        let (_, chars) = indexed.as_ref().expect("just set");
                        match check_anchor(chars, &a.anchor, &at) {
                            Ok(Some(shortened)) => a.anchor = shortened,
                            Ok(None) => {}
                            Err(problem) => found.push(problem),
                        }
                    }
                }
                a
            });
            let good = found.is_empty();
            for problem in found {
                if problems.len() < MAX_PROBLEMS {
                    problems.push(problem);
                } else {
                    unlisted += 1;
                }
            }
            if !good
                && lenient
                && let Some(a) = &a
            {
                troubled_annotations.insert(a.id.clone());
            }
            let a = a.filter(|_| good || !lenient)?;
            file_index.push(i);
            Some(a)
        })
        .collect();

    // Ids are checked once all are read, borrowing rather than copying them.
    let mut ids: HashSet<&str> = HashSet::with_capacity(annotations.len());
    let mut duplicates = Vec::new();
    let mut repeated = Vec::new();
    for (n, (a, i)) in annotations.iter().zip(&file_index).enumerate() {
        if !ids.insert(a.id.0.as_str()) {
            duplicates.push(Problem::at(
                format!("annotations[{i}].id"),
                format!("another annotation already has the id `{}`", a.id),
            ));
            repeated.push(n);
        }
    }
    drop(ids);
    let mut annotations = annotations;
    if lenient {
        // The later of two annotations with one id is left out.
        for n in repeated.into_iter().rev() {
            annotations.remove(n);
        }
    }
    for problem in duplicates {
        if problems.len() < MAX_PROBLEMS {
            problems.push(problem);
        } else {
            unlisted += 1;
        }
    }

    let relations = check_relations(
        raw.relations.0.unwrap_or_default(),
        &relation_types,
        (&annotations, &troubled_annotations),
        lenient,
        &mut problems,
    );

    let patterns = check_patterns(raw.patterns.0, &labels, lenient, &mut problems);
    let guidelines = match raw.guidelines.0 {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(text)) => text,
        Some(_) => {
            problems.push(Problem::at("guidelines", "expected text"));
            String::new()
        }
    };
    let rejected = check_rejected(
        raw.rejected.0,
        &documents,
        &left_out_documents,
        lenient,
        &mut problems,
    );

    if unlisted > 0 {
        problems.push(Problem::new(
            Location::File,
            format!("and {unlisted} more problems of the same kind, not listed"),
        ));
    } else if problems.len() >= MAX_PROBLEMS && !lenient {
        problems.truncate(MAX_PROBLEMS);
        problems.push(Problem::new(
            Location::File,
            format!("stopped after {MAX_PROBLEMS} problems; fix these and read the file again"),
        ));
    }
    (
        NativeFile {
            labels,
            relation_types,
            documents,
            annotations,
            relations,
            patterns,
            rejected,
            guidelines,
        },
        problems,
    )
}

/// The patterns of a file that can be used: a name unique ignoring case, a label of
/// the file, a mode the format knows, a query that compiles. Each that cannot is a
/// problem (and left out, when `lenient`).
fn check_patterns(
    raw: Option<serde_json::Value>,
    labels: &LabelSet,
    lenient: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Pattern> {
    let mut names: HashSet<String> = HashSet::new();
    let mut patterns = Vec::new();
    for (path, object) in objects(raw, "patterns", problems) {
        let at = |field: &str| format!("{path}.{field}");
        let before = problems.len();
        let mut fields = Fields {
            object: object.into_iter().collect(),
            at: &path,
            problems,
        };
        let (name, label, text, mode) = (
            fields.text("name"),
            fields.text("label"),
            fields.text("pattern"),
            fields.text("mode"),
        );
        let (fold_case, fold_diacritics) = (fields.flag("foldCase"), fields.flag("foldDiacritics"));
        fields.finish();
        let (Some(name), Some(label), Some(text), Some(mode)) = (name, label, text, mode) else {
            continue;
        };
        let mode = match mode.as_str() {
            "plain" => Some(QueryMode::Plain),
            "whole-word" => Some(QueryMode::WholeWord),
            "regex" => Some(QueryMode::Regex),
            other => {
                problems.push(Problem::at(
                    at("mode"),
                    format!("expected \"plain\", \"whole-word\" or \"regex\", not {other:?}"),
                ));
                None
            }
        };
        if labels.get(&label).is_none() {
            problems.push(Problem::at(
                at("label"),
                format!("there is no label `{label}` in this file"),
            ));
        }
        if !names.insert(name.to_lowercase()) {
            problems.push(Problem::at(
                at("name"),
                format!("another pattern already has the name `{name}`"),
            ));
        }
        let pattern = Pattern {
            name,
            label,
            query: Query {
                text,
                mode: mode.unwrap_or_default(),
                fold_case,
                fold_diacritics,
            },
        };
        if mode.is_some()
            && let Some(problem) = pattern.problem()
        {
            problems.push(Problem::at(at("pattern"), problem));
        }
        if !(lenient && problems.len() > before) {
            patterns.push(pattern);
        }
    }
    patterns
}

/// The rejections of a file that fit it: a document of the file, a span within its text
/// (when the file carries it). Each that does not is a problem (and left out, when
/// `lenient`); one given twice is kept once, and they come back in order.
fn check_rejected(
    raw: Option<serde_json::Value>,
    documents: &[FileDocument],
    left_out: &HashSet<DocId>,
    lenient: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Place> {
    let lengths: HashMap<&DocId, Option<usize>> = documents
        .iter()
        .map(|d| (&d.id, d.text.as_deref().map(offsets::cp_len)))
        .collect();
    let mut out = Vec::new();
    for (path, object) in objects(raw, "rejected", problems) {
        let at = |field: &str| format!("{path}.{field}");
        let before = problems.len();
        let mut fields = Fields {
            object: object.into_iter().collect(),
            at: &path,
            problems,
        };
        let (document, start, end, label) = (
            fields.text("document").map(DocId),
            fields.count("start"),
            fields.count("end"),
            fields.text("label"),
        );
        // A rejected relation's `to` end: both fields or neither.
        let to_given = fields.object.iter().any(|(k, _)| k == "toStart" || k == "toEnd");
        let to_ends = to_given.then(|| (fields.count("toStart"), fields.count("toEnd")));
        fields.finish();
        let (Some(document), Some(start), Some(end), Some(label)) = (document, start, end, label) else {
            continue;
        };
        let to = match to_ends {
            None => None,
            Some((Some(start), Some(end))) => match Span::new(start, end) {
                Ok(span) => Some(Some(span)),
                Err(err) => {
                    problems.push(Problem::at(at("toEnd"), err.to_string()));
                    None
                }
            },
            Some(_) => None,
        };
        let to = match (to_given, to) {
            (false, _) => None,
            (true, Some(to)) => to,
            (true, None) => continue,
        };
        let span =
            Span::new(start, end).map_err(|err| problems.push(Problem::at(at("end"), err.to_string())));
        match lengths.get(&document) {
            None if left_out.contains(&document) => problems.push(Problem::at(
                at("document"),
                format!("its document `{document}` is left out, for the problem above"),
            )),
            None => problems.push(Problem::at(
                at("document"),
                format!("there is no document `{document}` in this file"),
            )),
            Some(Some(len)) if end > *len => problems.push(Problem::at(
                at("end"),
                format!("the document's text has {len} code points, so {end} is past its end"),
            )),
            Some(Some(len)) if to.is_some_and(|to| to.end() > *len) => problems.push(Problem::at(
                at("toEnd"),
                format!(
                    "the document's text has {len} code points, so {} is past its end",
                    to.map_or(0, |to| to.end())
                ),
            )),
            Some(_) => {}
        }
        let Ok(span) = span else { continue };
        if lenient && problems.len() > before {
            continue;
        }
        crate::suggest::insert_place(
            &mut out,
            Place {
                document,
                span,
                label,
                to,
            },
        );
    }
    out
}

/// A hotkey as a file gives it: `Some(None)` for none, `Some(Some(key))` for one
/// character, `None` (with the problem recorded at `at`) for anything else.
fn hotkey_of(raw: Option<String>, at: &str, problems: &mut Vec<Problem>) -> Option<Option<char>> {
    let Some(key) = raw else { return Some(None) };
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(Some(c)),
        _ => {
            problems.push(Problem::at(at, format!("a hotkey is one character, not {key:?}")));
            None
        }
    }
}

/// The relations of a file that fit it: unique ids, a type of the file, two different
/// annotations of the file that the type allows, in one document unless the type links
/// across documents, no link given twice. Each that does not is a problem (and left
/// out, when `lenient`).
fn check_relations(
    raw: Vec<RawRelation>,
    types: &RelationTypes,
    (annotations, troubled): (&[Annotation], &HashSet<AnnotationId>),
    lenient: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Relation> {
    let ends: HashMap<&str, &Annotation> = annotations.iter().map(|a| (a.id.0.as_str(), a)).collect();
    let mut ids: HashSet<String> = HashSet::new();
    let mut links: HashSet<String> = HashSet::new();
    let mut relations = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let at = |field: &str| format!("relations[{i}].{field}");
        let mut found = Vec::new();
        if r.id.is_empty() {
            found.push(Problem::at(at("id"), "a relation id cannot be empty"));
        } else if ids.contains(&r.id) {
            found.push(Problem::at(
                at("id"),
                format!("another relation already has the id `{}`", r.id),
            ));
        }
        let kind = types.get(&r.kind);
        if kind.is_none() {
            found.push(Problem::at(
                at("type"),
                format!("there is no relation type `{}` in this file", r.kind),
            ));
        }
        let end = |field: &str, id: &str, found: &mut Vec<Problem>| {
            let a = ends.get(id).copied();
            if a.is_none() {
                let why = if troubled.contains(&AnnotationId(id.to_owned())) {
                    format!("its annotation `{id}` has a problem, above")
                } else {
                    format!("there is no annotation `{id}` in this file")
                };
                found.push(Problem::at(at(field), why));
            }
            a
        };
        let from = end("from", &r.from, &mut found);
        let to = end("to", &r.to, &mut found);
        if let (Some(kind), Some(from), Some(to)) = (kind, from, to) {
            if from.id == to.id {
                found.push(Problem::at(
                    at("to"),
                    "a relation cannot link an annotation to itself",
                ));
            } else if !kind.allows(&from.label, &to.label) {
                found.push(Problem::at(
                    at("type"),
                    format!("`{}` cannot link a {} to a {}", kind.name, from.label, to.label),
                ));
            } else if !kind.across_documents && from.document != to.document {
                found.push(Problem::at(
                    at("to"),
                    format!(
                        "`{}` links annotations of one document, but `{}` is in `{}` and `{}` in `{}`",
                        kind.name, from.id, from.document, to.id, to.document
                    ),
                ));
            } else {
                if !links.insert(crate::relation::link_key(&r.kind, &r.from, &r.to, kind.symmetric)) {
                    found.push(Problem::at(
                        at("to"),
                        format!(
                            "another relation already links `{}` and `{}` as `{}`",
                            r.from, r.to, r.kind
                        ),
                    ));
                }
            }
        }
        let good = found.is_empty();
        for problem in found {
            if problems.len() < MAX_PROBLEMS {
                problems.push(problem);
            }
        }
        if !good && lenient {
            continue;
        }
        ids.insert(r.id.clone());
        relations.push(Relation {
            id: RelationId(r.id),
            kind: r.kind,
            from: AnnotationId(r.from),
            to: AnnotationId(r.to),
            note: r.note,
            annotator: r.annotator,
            created: r.created,
            updated: r.updated,
        });
    }
    relations
}

/// Checks `anchor` against the text: `Ok(None)` when it matches; `Ok(Some(anchor))`
/// when its prefix or suffix is longer than the context factmark keeps but agrees with
/// the text (the anchor with them shortened); otherwise the problem, located at the
/// field it concerns and naming the range of text it was checked against.
fn check_anchor(
    index: &offsets::CharIndex<'_>,
    anchor: &Anchor,
    at: &dyn Fn(&str) -> String,
) -> Result<Option<Anchor>, Problem> {
    let span = anchor.span();
    let Ok([prefix, quote, suffix]) = Anchor::pieces_in(index, span) else {
        return Err(Problem::at(
            at("end"),
            format!(
                "the span {span} reaches past the end of the text ({} code points)",
                index.cp_len()
            ),
        ));
    };
    let differs = |field: &str, stated: &str, actual: &str, range: (usize, usize)| {
        Problem::at(
            at(field),
            format!(
                "is {stated:?}, but the text at [{}, {}) gives {actual:?} (offsets count code points)",
                range.0, range.1
            ),
        )
    };
    if anchor.quote() != quote {
        return Err(differs(
            "quote",
            anchor.quote(),
            quote,
            (span.start(), span.end()),
        ));
    }
    let prefix_range = (span.start() - offsets::cp_len(prefix), span.start());
    let suffix_range = (span.end(), span.end() + offsets::cp_len(suffix));
    // Context other tools cut shorter, or keep longer, than factmark's 32 code points is
    // fine where the text agrees with it: it is compared where they overlap, and the
    // text's own 32 are kept.
    let full = |piece: &str| offsets::cp_len(piece) == crate::annotation::CONTEXT_CODE_POINTS;
    let prefix_ok = prefix.ends_with(anchor.prefix()) || (full(prefix) && anchor.prefix().ends_with(prefix));
    if !prefix_ok {
        return Err(differs("prefix", anchor.prefix(), prefix, prefix_range));
    }
    let suffix_ok =
        suffix.starts_with(anchor.suffix()) || (full(suffix) && anchor.suffix().starts_with(suffix));
    if !suffix_ok {
        return Err(differs("suffix", anchor.suffix(), suffix, suffix_range));
    }
    Ok((anchor.prefix() != prefix || anchor.suffix() != suffix)
        .then(|| Anchor::from_parts(span, quote.to_owned(), prefix.to_owned(), suffix.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::tests::project_with;
    use crate::test_text::HOSTILE;

    fn golden() -> NativeFile {
        read(include_str!("../../tests/golden/native-v3.json")).unwrap()
    }

    #[test]
    fn one_file_merged_is_itself_and_repeated_ids_within_it_are_still_told_apart() {
        let file = golden();
        let (merged, notes) = NativeFile::merge_counted([file.clone()]);
        assert_eq!(merged, file);
        assert!(notes.is_empty());
        // The same file twice: its annotations once, nothing renamed.
        let (twice, notes) = NativeFile::merge_counted([file.clone(), file.clone()]);
        assert_eq!(twice.annotations, file.annotations);
        assert_eq!(notes.len(), 2, "{notes:?}"); // annotations and relations given twice
        // Not from the reader: two annotations with one id in one file.
        let mut doubled = file.clone();
        let mut copy = doubled.annotations[0].clone();
        copy.label = "Claim".into();
        doubled.annotations.push(copy);
        let (merged, notes) = NativeFile::merge_counted([doubled]);
        assert_eq!(merged.annotations.len(), file.annotations.len() + 1);
        assert_eq!(merged.annotations.last().unwrap().id.0, "a2-2");
        assert!(notes[0].to_string().contains("new id"), "{notes:?}");
    }

    #[test]
    fn settling_keeps_good_anchors_mends_contexts_moves_or_leaves_out_the_rest() {
        let file = golden();
        let mut settled = file.clone();
        assert!(settled.settle().is_empty());
        assert_eq!(settled, file, "nothing changes on a file that reads back");

        let mut wrong = file.clone();
        // a2: a stale context; a1: one code point off its quote; a5: a quote in no text.
        let at = |f: &NativeFile, id: &str| f.annotations.iter().position(|a| a.id.0 == id).unwrap();
        let (a2, a1, a5) = (at(&wrong, "a2"), at(&wrong, "a1"), at(&wrong, "a5"));
        let old = wrong.annotations[a2].anchor.clone();
        wrong.annotations[a2].anchor =
            Anchor::from_parts(old.span(), old.quote().into(), "stale".into(), "".into());
        let old = wrong.annotations[a1].anchor.clone();
        let shifted = Span::new(old.span().start() + 1, old.span().end() + 1).unwrap();
        wrong.annotations[a1].anchor = Anchor::from_parts(
            shifted,
            old.quote().into(),
            old.prefix().into(),
            old.suffix().into(),
        );
        let old = wrong.annotations[a5].anchor.clone();
        wrong.annotations[a5].anchor = Anchor::from_parts(old.span(), "nowhere".into(), "".into(), "".into());
        let notes: Vec<String> = wrong.settle().iter().map(ToString::to_string).collect();
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(
            notes[0].contains("1 annotation whose position is not its quote's"),
            "{notes:?}"
        );
        assert!(
            notes[1].contains("1 annotation whose quote is not in its text"),
            "{notes:?}"
        );
        // r2 ran from a5, which is left out.
        assert!(
            notes[2].contains("1 relation of an annotation left out"),
            "{notes:?}"
        );
        let mut expected = file.clone();
        expected.annotations.remove(a5);
        expected.relations.retain(|r| r.id.0 != "r2");
        assert_eq!(wrong, expected);
    }

    #[test]
    fn one_document_written_in_pieces_is_what_from_documents_holds() {
        let project = golden().into_project().unwrap();
        for doc in project.documents() {
            let id = doc.id();
            for with_text in [true, false] {
                let joined: String = write_pieces_of(&project, id, 2, with_text).collect();
                let mut ours = read(&joined).unwrap();
                let mut theirs = NativeFile::from_documents(&project, [id], with_text);
                for file in [&mut ours, &mut theirs] {
                    file.annotations.sort_by(|a, b| a.id.0.cmp(&b.id.0));
                    file.relations.sort_by(|a, b| a.id.0.cmp(&b.id.0));
                }
                assert_eq!(ours, theirs, "{id} with text: {with_text}");
            }
        }
        // The golden file's relation across documents (r3) is in neither document's.
        let hostile: String = write_pieces_of(&project, &DocId("hostile".into()), 3, true).collect();
        let relations: Vec<String> = read(&hostile)
            .unwrap()
            .relations
            .into_iter()
            .map(|r| r.id.0)
            .collect();
        assert_eq!(relations, ["r1", "r2"]);
    }

    #[test]
    fn texts_written_in_small_pieces_join_up_exactly() {
        let text = format!("{HOSTILE}\t\"quoted\"\\ \u{1}\u{7f}{HOSTILE}");
        let project = project_with(&[&text, "short", ""]);
        for text_piece in [1, 3, 5, 7, 64] {
            let pieces: Vec<String> = pieces_with(&project, None, 2, Some(text_piece)).collect();
            assert!(pieces.len() > 8, "the text comes in pieces");
            let joined = pieces.concat();
            let back = read(&joined).and_then(NativeFile::into_project).unwrap();
            assert_eq!(back, project, "pieces of {text_piece} bytes");
        }
        // Without texts: the same file as written whole without them.
        let joined: String = write_pieces(&project, 2, false).collect();
        assert_eq!(
            read(&joined).unwrap(),
            read(&write(&NativeFile::from_project(&project, false))).unwrap()
        );
    }
}
