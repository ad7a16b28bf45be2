//! Merging a file into a project, shown before it is done.
//!
//! [`plan`] works out, without changing anything, what importing a
//! [`NativeFile`] would do — which documents and annotations are new, which are
//! already there, which differ from what the project holds (conflicts), and which
//! cannot be placed (orphans) — so a person can read a preview and decide.
//! [`ImportPlan::action`] then turns the decision into one [`Action`], which undo
//! reverses as a whole.
//!
//! Documents are matched by id, then by the SHA-256 of their text. Where the file's
//! text of a document differs from the project's, or the file carries no text, each
//! annotation is found again by its quote and context ([`crate::anchoring`]); one
//! that cannot be found is an orphan, listed with the reason, never dropped silently.

use crate::action::{Action, Change};
use crate::anchoring::{Found, reanchor};
use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::document::{DocId, Document};
use crate::format::native::NativeFile;
use crate::label::Label;
use crate::metadata::Metadata;
use crate::project::Project;
use crate::relation::{Relation, RelationId, RelationType};
use crate::span::Span;
use crate::suggest::{Pattern, Place};
use crate::timestamp::Timestamp;
use std::collections::{HashMap, HashSet};

/// The one name of `names` that formats without white space in names (brat) spell
/// `spelled`: white space as `_`.
fn spelled_without_spaces<'a>(names: impl Iterator<Item = &'a str>, spelled: &str) -> Option<String> {
    let mut found = names.filter(|name| {
        name.contains(char::is_whitespace)
            && name
                .chars()
                .map(|c| if c.is_whitespace() { '_' } else { c })
                .eq(spelled.chars())
    });
    match (found.next(), found.next()) {
        (Some(one), None) => Some(one.to_owned()),
        _ => None,
    }
}

/// The metadata `local` gets from a file's `theirs`: the fields it lacks, pushed to
/// `out` when there are any; fields it has with other text are counted in `kept`.
fn metadata_for(
    local: &Document,
    theirs: &Metadata,
    out: &mut Vec<(DocId, Change<Metadata>)>,
    kept: &mut usize,
) {
    let ours = local.metadata();
    let (merged, differ) = ours.with_missing(theirs);
    *kept += differ;
    if merged != *ours {
        out.push((local.id().clone(), Change::new(ours.clone(), merged)));
    }
}

/// What importing a file would do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    /// Labels the project lacks, to be added (a clashing hotkey is dropped).
    pub new_labels: Vec<Label>,
    /// Relation types the project lacks, to be added (a clashing hotkey is dropped).
    pub new_relation_types: Vec<RelationType>,
    /// Documents the project lacks, with their annotations.
    pub new_documents: Vec<(Document, Vec<Annotation>)>,
    /// Annotations to add to documents the project has, anchored to its texts.
    pub added: Vec<Annotation>,
    /// How many of `added` (and of conflicts' incoming sides) were found again by
    /// quote because the texts differ.
    pub moved: usize,
    /// Annotations the project has in another form: (the project's, the file's).
    pub conflicts: Vec<(Annotation, Annotation)>,
    /// Annotations the project already has exactly.
    pub unchanged: usize,
    /// Annotations that cannot be placed, with the reason.
    pub orphans: Vec<Orphan>,
    /// The file's suggestion patterns the project lacks, to be added.
    pub new_patterns: Vec<Pattern>,
    /// The file's rejected suggestions, on the project's documents, to be remembered.
    pub rejections: Vec<Place>,
    /// Relations to add, their ends named as the project will have them.
    pub relations: Vec<Relation>,
    /// Relations the project already has (the same type between the same two).
    pub relations_unchanged: usize,
    /// Relations that cannot be added, with the reason (an end that is an orphan, or a
    /// link this project's types do not allow).
    pub relation_orphans: Vec<(Relation, String)>,
    /// Attribute values the annotations brought in lose, because this project's field of
    /// that name (or its lack of one) cannot hold them: one line per label and field,
    /// with how many and an example.
    pub unfit_values: Vec<String>,
    /// Parts of the file that could not be read and are not imported, each with why
    /// (see [`crate::format::native::read_valid_part`]); filled in by the reader's caller.
    pub left_out: Vec<String>,
    /// What the files hold that their readers do not bring in as it was, counted by
    /// kind, each with the name of its file (see [`crate::format::Unread`]); filled in
    /// by the reader's caller.
    pub unread: Vec<(String, crate::format::Unread)>,
    /// The texts the file names only by a W3C source (a URL, or nothing: see
    /// [`crate::format::w3c::is_unplaced`]), each with where its annotations go.
    pub sources: Vec<SourceChoice>,
    /// The file, kept when it has such sources, so that choosing another document for
    /// one plans it again ([`plan_with`]).
    pub file: Option<std::rc::Rc<NativeFile>>,
    /// Metadata fields the file gives documents the project has, which those documents
    /// lack: each document's metadata before and after.
    pub metadata: Vec<(DocId, Change<Metadata>)>,
    /// The file's guidelines, when the project has none.
    pub guidelines: Option<String>,
    /// What the file holds differently from the project and is kept as the project has
    /// it (metadata fields, guidelines), one line each kind, with counts.
    pub kept_ours: Vec<String>,
}

/// Where the annotations on a text the file names only by its source go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceChoice {
    /// The source as the file names it (empty when it names none).
    pub source: String,
    /// How many annotations are on it.
    pub annotations: usize,
    /// The project's document they are placed on; `None` when none holds their quotes
    /// and none was chosen (they are orphans until one is).
    pub document: Option<DocId>,
    /// Whether a person chose it (else it was found by the quotes).
    pub chosen: bool,
}

impl ImportPlan {
    /// How many things the files hold that are left out ([`crate::format::Fate::NotRead`]).
    pub fn not_read(&self) -> usize {
        self.unread
            .iter()
            .filter(|(_, u)| u.fate == crate::format::Fate::NotRead)
            .map(|(_, u)| u.count)
            .sum()
    }
}

/// An annotation of the file that cannot be placed in the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    /// The annotation as the file has it.
    pub annotation: Annotation,
    /// The title of its document in the file.
    pub document_title: String,
    /// Why it cannot be placed.
    pub reason: String,
}

impl ImportPlan {
    /// Whether importing would change nothing.
    pub fn is_empty(&self) -> bool {
        self.new_labels.is_empty()
            && self.new_relation_types.is_empty()
            && self.new_documents.is_empty()
            && self.added.is_empty()
            && self.conflicts.is_empty()
            && self.relations.is_empty()
            && self.new_patterns.is_empty()
            && self.rejections.is_empty()
            && self.metadata.is_empty()
            && self.guidelines.is_none()
    }

    /// The one action that carries out the plan on `project` (the project it was
    /// made for); conflict `i` takes the file's version when `take_theirs[i]` is set
    /// (and keeps the project's when it is not, or is missing). A relation of the
    /// project that stops fitting when an annotation takes the file's label goes in the
    /// same edit; a relation of the file that fits only the file's version of an end
    /// kept as the project has it is not added (see [`ImportPlan::relations_skipped`]).
    pub fn action(&self, project: &Project, take_theirs: &[bool]) -> Action {
        self.action_and_skipped(project, take_theirs).0
    }

    /// How many of [`ImportPlan::relations`] [`ImportPlan::action`] leaves out with
    /// these choices, because they fit only the file's version of an end kept as it is.
    pub fn relations_skipped(&self, project: &Project, take_theirs: &[bool]) -> usize {
        self.action_and_skipped(project, take_theirs).1
    }

    fn action_and_skipped(&self, project: &Project, take_theirs: &[bool]) -> (Action, usize) {
        let mut actions = Vec::new();
        for (index, label) in (project.labels().len()..).zip(&self.new_labels) {
            actions.push(Action::AddLabel {
                index,
                label: label.clone(),
            });
        }
        for (index, kind) in (project.relation_types().len()..).zip(&self.new_relation_types) {
            actions.push(Action::AddRelationType {
                index,
                kind: kind.clone(),
            });
        }
        for (index, (document, annotations)) in (project.documents().len()..).zip(&self.new_documents) {
            actions.push(Action::AddDocument {
                index,
                document: document.clone(),
                annotations: annotations.clone(),
            });
        }
        actions.extend(self.added.iter().cloned().map(Action::AddAnnotation));
        for (index, pattern) in (project.patterns().len()..).zip(&self.new_patterns) {
            actions.push(Action::AddPattern {
                index,
                pattern: pattern.clone(),
            });
        }
        actions.extend(self.rejections.iter().cloned().map(Action::Reject));
        for (id, metadata) in &self.metadata {
            actions.push(Action::SetMetadata {
                id: id.clone(),
                metadata: metadata.clone(),
            });
        }
        if let Some(text) = &self.guidelines {
            actions.push(Action::SetGuidelines(Change::new(
                project.guidelines().to_owned(),
                text.clone(),
            )));
        }
        let mut removed: HashSet<&RelationId> = HashSet::new();
        for (i, (ours, theirs)) in self.conflicts.iter().enumerate() {
            if take_theirs.get(i).copied().unwrap_or(false) {
                for lost in project.relations_lost_by_relabel(&ours.id, &theirs.label) {
                    if removed.insert(&lost.id) {
                        actions.push(Action::RemoveRelation(lost.clone()));
                    }
                }
                actions.push(Action::UpdateAnnotation(Box::new(Change::new(
                    ours.clone(),
                    theirs.clone(),
                ))));
            }
        }
        if self.relations.is_empty() {
            return (Action::Batch(actions), 0);
        }
        // Each relation is tried on the project as the edits so far leave it.
        let mut probe = project.clone();
        let mut skipped = 0;
        if probe.apply_ref(&Action::Batch(actions.clone())).is_ok() {
            for relation in &self.relations {
                let add = Action::AddRelation(relation.clone());
                if probe.apply_ref(&add).is_ok() {
                    actions.push(add);
                } else {
                    skipped += 1;
                }
            }
        }
        (Action::Batch(actions), skipped)
    }
}

/// One way the file's version of an annotation differs from the project's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Another label: (the project's, the file's).
    Label(String, String),
    /// Another span: the project's and the file's, each with the text it covers.
    Span((Span, String), (Span, String)),
    /// Another note.
    Note(String, String),
    /// Made by someone else (an empty name: nobody named).
    Annotator(String, String),
    /// Other attribute values.
    Attributes(crate::attribute::Attributes, crate::attribute::Attributes),
    /// The same in all of the above, edited at other times.
    Edited(Timestamp, Timestamp),
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = |who: &str| {
            if who.is_empty() {
                "nobody named".to_owned()
            } else {
                who.to_owned()
            }
        };
        let note = |note: &str| {
            if note.is_empty() {
                "none".to_owned()
            } else {
                format!("«{note}»")
            }
        };
        match self {
            Difference::Label(ours, theirs) => write!(f, "label: here {ours}, in the file {theirs}"),
            Difference::Span((ours, our_quote), (theirs, their_quote)) => write!(
                f,
                "span: here «{our_quote}» [{}, {}), in the file «{their_quote}» [{}, {})",
                ours.start(),
                ours.end(),
                theirs.start(),
                theirs.end()
            ),
            Difference::Note(ours, theirs) => {
                write!(f, "note: here {}, in the file {}", note(ours), note(theirs))
            }
            Difference::Annotator(ours, theirs) => {
                write!(f, "annotator: here {}, in the file {}", name(ours), name(theirs))
            }
            Difference::Attributes(ours, theirs) => {
                let list = |values: &crate::attribute::Attributes| {
                    if values.is_empty() {
                        return "none".to_owned();
                    }
                    values
                        .iter()
                        .map(|(field, value)| format!("{field}: {}", value.display()))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                write!(f, "attributes: here {}, in the file {}", list(ours), list(theirs))
            }
            Difference::Edited(ours, theirs) => write!(f, "last edited: here {ours}, in the file {theirs}"),
        }
    }
}

/// How the file's version of an annotation (`theirs`) differs from the project's
/// (`ours`): label, span, note and annotator, or only when they were edited.
pub fn differences(ours: &Annotation, theirs: &Annotation) -> Vec<Difference> {
    let mut out = Vec::new();
    if ours.label != theirs.label {
        out.push(Difference::Label(ours.label.clone(), theirs.label.clone()));
    }
    if ours.span() != theirs.span() {
        out.push(Difference::Span(
            (ours.span(), ours.anchor.quote().to_owned()),
            (theirs.span(), theirs.anchor.quote().to_owned()),
        ));
    }
    if ours.note != theirs.note {
        out.push(Difference::Note(ours.note.clone(), theirs.note.clone()));
    }
    if ours.annotator != theirs.annotator {
        out.push(Difference::Annotator(
            ours.annotator.clone(),
            theirs.annotator.clone(),
        ));
    }
    if ours.attributes != theirs.attributes {
        out.push(Difference::Attributes(
            ours.attributes.clone(),
            theirs.attributes.clone(),
        ));
    }
    if out.is_empty() {
        out.push(Difference::Edited(ours.updated, theirs.updated));
    }
    out
}

/// Works out what importing `file` into `project` would do.
pub fn plan(project: &Project, file: &NativeFile) -> ImportPlan {
    plan_with(project, file, &HashMap::new())
}

/// [`plan`], with the annotations on a text the file names only by its W3C source put
/// on the project's document `chosen` gives for that source; a source not in `chosen`
/// goes on the document holding most of its quotes (or none: its annotations are
/// orphans until a document is chosen). Where they go is in [`ImportPlan::sources`].
pub fn plan_with(project: &Project, file: &NativeFile, chosen: &HashMap<String, DocId>) -> ImportPlan {
    let mut out = ImportPlan::default();
    // Documents known only by a source: placed on a document of the project.
    let mut placed: HashMap<&DocId, &Document> = HashMap::new();
    for doc in file
        .documents
        .iter()
        .filter(|d| crate::format::w3c::is_unplaced(d))
    {
        let on_it: Vec<&Annotation> = file.annotations.iter().filter(|a| a.document == doc.id).collect();
        let (document, by_hand) = match chosen.get(&doc.title).and_then(|id| project.document(id)) {
            Some(document) => (Some(document), true),
            None => {
                let best = project
                    .documents()
                    .iter()
                    .map(|d| {
                        let found = on_it
                            .iter()
                            .filter(|a| !a.anchor.quote().is_empty() && d.text().contains(a.anchor.quote()))
                            .count();
                        (found, d)
                    })
                    .filter(|(found, _)| *found > 0)
                    .max_by_key(|(found, _)| *found);
                (best.map(|(_, d)| d), false)
            }
        };
        if let Some(document) = document {
            placed.insert(&doc.id, document);
        }
        out.sources.push(SourceChoice {
            source: doc.title.clone(),
            annotations: on_it.len(),
            document: document.map(|d| d.id().clone()),
            chosen: by_hand,
        });
    }
    if !out.sources.is_empty() {
        out.file = Some(std::rc::Rc::new(file.clone()));
    }

    // Labels: the file's labels the project lacks; a clashing hotkey is dropped.
    let mut labels = project.labels().clone();
    let mut recased: HashMap<&str, String> = HashMap::new();
    for label in file.labels.iter() {
        if labels.get(&label.name).is_some() {
            continue;
        }
        // `Big_Claim` where the project has `Big Claim`: brat's spelling of that label.
        if let Some(here) = spelled_without_spaces(labels.iter().map(|l| l.name.as_str()), &label.name) {
            recased.insert(label.name.as_str(), here);
            continue;
        }
        let added = labels.add(label.clone()).is_ok() || {
            let without_key = Label {
                hotkey: None,
                ..label.clone()
            };
            labels.add(without_key).is_ok()
        };
        if added {
            out.new_labels
                .push(labels.get(&label.name).expect("just added").clone());
        } else if let Ok(name) = labels.name_for(&label.name, &label.color) {
            // `PERSON` where the project has `Person`: that label.
            recased.insert(label.name.as_str(), name);
        }
    }

    // Relation types: the file's types the project lacks, their labels as named here.
    let mut types = project.relation_types().clone();
    let mut retyped: HashMap<String, String> = HashMap::new();
    for kind in file.relation_types.iter() {
        if types.get(&kind.name).is_some() {
            continue;
        }
        // `said_by` where the project has `said by` (a brat file's spelling).
        if let Some(here) = spelled_without_spaces(types.iter().map(|t| t.name.as_str()), &kind.name) {
            retyped.insert(kind.name.clone(), here);
            continue;
        }
        let mut kind = kind.clone();
        for name in kind.from.iter_mut().chain(kind.to.iter_mut()) {
            if let Some(here) = recased.get(name.as_str()) {
                *name = here.clone();
            }
        }
        if kind.from.iter().chain(&kind.to).any(|l| labels.get(l).is_none()) {
            continue; // Its relations are orphans, below.
        }
        let added = types.add(kind.clone()).is_ok()
            || types
                .add(RelationType {
                    hotkey: None,
                    ..kind.clone()
                })
                .is_ok();
        if added {
            out.new_relation_types
                .push(types.get(&kind.name).expect("just added").clone());
        } else if let Ok(name) = types.name_for(&kind.name, &kind.color, kind.across_documents) {
            retyped.insert(kind.name.clone(), name);
        }
    }

    // Documents: where each of the file's documents lands in the project.
    enum Target<'a> {
        Local {
            id: DocId,
            text: &'a str,
            same_text: bool,
        },
        New(usize),
        Missing(String),
    }
    let by_sha: HashMap<&str, &Document> = project.documents().iter().map(|d| (d.sha256(), d)).collect();
    let mut targets: HashMap<&DocId, (Target, &str)> = HashMap::new();
    let mut metadata_kept = 0;
    for doc in &file.documents {
        let local = placed.get(&doc.id).copied().or_else(|| {
            project
                .document(&doc.id)
                .or_else(|| by_sha.get(doc.sha256.as_str()).copied())
        });
        let target = match (local, &doc.text) {
            (Some(local), _) => {
                metadata_for(local, &doc.metadata, &mut out.metadata, &mut metadata_kept);
                Target::Local {
                id: local.id().clone(),
                text: local.text(),
                same_text: local.sha256() == doc.sha256 && doc.text.is_some(),
                }
            }
            (None, Some(text)) => {
                let document = Document::new(
                    doc.id.clone(),
                    doc.title.clone(),
                    text.clone(),
                    doc.source.clone(),
                )
                .with_status(doc.status)
                .with_ignored(doc.ignored.clone())
                .with_metadata(doc.metadata.clone());
                out.new_documents.push((document, Vec::new()));
                Target::New(out.new_documents.len() - 1)
            }
            (None, None) if crate::format::w3c::is_unplaced(doc) => Target::Missing(
                "the file names its text only by its source, and no document here holds its quote: choose its document above"
                    .to_owned(),
            ),
            (None, None) => Target::Missing(
                "its document is not in this browser, and the file does not carry the text".to_owned(),
            ),
        };
        targets.insert(&doc.id, (target, doc.title.as_str()));
    }

    if metadata_kept > 0 {
        out.kept_ours.push(format!(
            "{metadata_kept} metadata field{} of documents here differ{} from the file's and {} kept as {} here",
            if metadata_kept == 1 { "" } else { "s" },
            if metadata_kept == 1 { "s" } else { "" },
            if metadata_kept == 1 { "is" } else { "are" },
            if metadata_kept == 1 { "it is" } else { "they are" },
        ));
    }
    if !file.guidelines.is_empty() && file.guidelines != project.guidelines() {
        if project.guidelines().is_empty() {
            out.guidelines = Some(file.guidelines.clone());
        } else {
            out.kept_ours
                .push("the file's guidelines differ from this project's, which are kept".to_owned());
        }
    }

    // Patterns the project lacks (by name), on its labels; rejections on documents whose
    // text is the project's (a rejection is a position, so it means nothing elsewhere).
    for pattern in &file.patterns {
        let mut pattern = pattern.clone();
        if let Some(here) = recased.get(pattern.label.as_str()) {
            pattern.label = here.clone();
        }
        let name = pattern.name.to_lowercase();
        match project.patterns().iter().find(|p| p.name.to_lowercase() == name) {
            Some(ours) if *ours == pattern => {}
            Some(ours) => out.left_out.push(format!(
                "pattern `{}`: this project has a pattern `{}` already, and keeps its own",
                pattern.name, ours.name
            )),
            None if labels.get(&pattern.label).is_none() => out.left_out.push(format!(
                "pattern `{}`: its label `{}` is not in this project",
                pattern.name, pattern.label
            )),
            None => out.new_patterns.push(pattern),
        }
    }
    let mut elsewhere = 0;
    for place in &file.rejected {
        let document = match targets.get(&place.document).map(|(t, _)| t) {
            Some(Target::Local {
                id, same_text: true, ..
            }) => id.clone(),
            Some(Target::New(i)) => out.new_documents[*i].0.id().clone(),
            _ => {
                elsewhere += 1;
                continue;
            }
        };
        // A rejected relation's type keeps its name; a span's label joins this
        // project's spelling of it.
        let label = match place.to {
            Some(_) => place.label.clone(),
            None => recased
                .get(place.label.as_str())
                .cloned()
                .unwrap_or_else(|| place.label.clone()),
        };
        let place = Place {
            document,
            span: place.span,
            label,
            to: place.to,
        };
        if !project.is_rejected(&place) && !out.rejections.contains(&place) {
            out.rejections.push(place);
        }
    }
    if elsewhere > 0 {
        out.left_out.push(format!(
            "{elsewhere} rejected suggestion{} on documents whose text here differs from the file's, or that are not here: a rejection is a position in its text, so {} not brought in",
            if elsewhere == 1 { "" } else { "s" },
            if elsewhere == 1 { "it is" } else { "they are" },
        ));
    }

    // Ids the incoming annotations take: a file's id the project has for another
    // annotation gets a fresh one.
    let mut taken: HashSet<AnnotationId> = HashSet::new();
    let fresh = |id: &AnnotationId, taken: &mut HashSet<AnnotationId>| {
        let mut candidate = id.clone();
        let mut k = 2;
        while project.annotation(&candidate).is_some() || taken.contains(&candidate) {
            candidate = AnnotationId(format!("{id}-{k}"));
            k += 1;
        }
        taken.insert(candidate.clone());
        candidate
    };
    // Values lost to this project's fields: label, field, how many, what the field takes,
    // an example (few: a list).
    let mut unfit: Vec<(String, String, usize, String, String)> = Vec::new();
    // Each file annotation brought in: its id here, label and document here.
    let mut ends: HashMap<&AnnotationId, (AnnotationId, String, DocId)> = HashMap::new();
    for annotation in &file.annotations {
        let file_id = &annotation.id;
        let Some((target, title)) = targets.get(&annotation.document) else {
            continue; // read() guarantees every annotation's document is in the file
        };
        let orphan = |reason: &str| Orphan {
            annotation: annotation.clone(),
            document_title: (*title).to_owned(),
            reason: reason.to_owned(),
        };
        let recased_annotation;
        let annotation = match recased.get(annotation.label.as_str()) {
            Some(name) => {
                recased_annotation = Annotation {
                    label: name.clone(),
                    ..annotation.clone()
                };
                &recased_annotation
            }
            None => annotation,
        };
        let Some(label) = labels.get(&annotation.label) else {
            out.orphans
                .push(orphan("its label cannot join this project's labels"));
            continue;
        };
        // Values as this project's fields hold them (a file without a schema has its
        // fields' kinds guessed from their values).
        let fitted_annotation;
        let annotation =
            if crate::attribute::check_attributes(&label.name, &label.fields, &annotation.attributes).is_ok()
            {
                annotation
            } else {
                let (attributes, lost) = crate::attribute::fit(&label.fields, &annotation.attributes);
                for (field, value) in lost {
                    let expects = label.fields.iter().find(|f| f.name == field).map_or_else(
                        || format!("this project's {} has no such field", label.name),
                        |f| format!("this project's field takes {}", f.expects()),
                    );
                    match unfit.iter_mut().find(|u| u.0 == label.name && u.1 == field) {
                        Some(known) => known.2 += 1,
                        None => unfit.push((label.name.clone(), field, 1, expects, value.to_plain())),
                    }
                }
                fitted_annotation = Annotation {
                    attributes,
                    ..annotation.clone()
                };
                &fitted_annotation
            };
        match target {
            Target::Missing(reason) => out.orphans.push(orphan(reason)),
            Target::New(index) => {
                let id = fresh(&annotation.id, &mut taken);
                let document = out.new_documents[*index].0.id().clone();
                ends.insert(file_id, (id.clone(), annotation.label.clone(), document));
                out.new_documents[*index].1.push(Annotation {
                    id,
                    ..annotation.clone()
                });
            }
            Target::Local { id, text, same_text } => {
                let placed = if *same_text {
                    Some((annotation.anchor.clone(), false))
                } else if annotation.anchor.quote().is_empty() {
                    // A W3C position without a quote: the text at the position.
                    Anchor::describe(text, annotation.span())
                        .ok()
                        .map(|anchor| (anchor, false))
                } else {
                    reanchor(text, &annotation.anchor).and_then(|found| {
                        let moved = matches!(found, Found::Moved(_));
                        Anchor::describe(text, found.span())
                            .ok()
                            .map(|anchor| (anchor, moved))
                    })
                };
                let Some((anchor, moved)) = placed else {
                    out.orphans
                        .push(orphan("its quote is not in this browser's text of the document"));
                    continue;
                };
                let mut incoming = Annotation {
                    document: id.clone(),
                    anchor,
                    ..annotation.clone()
                };
                let mut end = |here: &AnnotationId| {
                    ends.insert(file_id, (here.clone(), incoming.label.clone(), id.clone()));
                };
                match project.annotation(&incoming.id) {
                    Some(ours) if *ours == incoming => {
                        end(&ours.id);
                        out.unchanged += 1;
                    }
                    Some(ours) if ours.document == incoming.document => {
                        end(&ours.id);
                        out.moved += usize::from(moved);
                        out.conflicts.push((ours.clone(), incoming));
                    }
                    // The same span, label and annotator under another id (files
                    // of formats without ids) is the same annotation.
                    _ => match project.annotations_of(id).into_iter().find(|ours| {
                        ours.span() == incoming.span()
                            && ours.label == incoming.label
                            && ours.annotator == incoming.annotator
                    }) {
                        Some(ours)
                            if ours.note == incoming.note && ours.attributes == incoming.attributes =>
                        {
                            end(&ours.id);
                            out.unchanged += 1;
                        }
                        Some(ours) => {
                            end(&ours.id);
                            out.moved += usize::from(moved);
                            incoming.id = ours.id.clone();
                            out.conflicts.push((ours.clone(), incoming));
                        }
                        None => {
                            incoming.id = fresh(&incoming.id, &mut taken);
                            end(&incoming.id);
                            out.moved += usize::from(moved);
                            out.added.push(incoming);
                        }
                    },
                }
            }
        }
    }

    out.unfit_values = unfit
        .into_iter()
        .map(|(label, field, count, expects, example)| {
            format!(
                "{count} value{} of {label} `{field}` not kept: {expects}; the file has \"{example}\"",
                if count == 1 { "" } else { "s" }
            )
        })
        .collect();

    // Relations: their ends as the project will name them, each link once.
    let mut relation_ids: HashSet<String> = HashSet::new();
    let mut links: HashSet<String> = HashSet::new();
    for relation in &file.relations {
        let kind_name = retyped.get(&relation.kind).unwrap_or(&relation.kind);
        let orphan = |why: String| (relation.clone(), why);
        let Some(kind) = types.get(kind_name) else {
            out.relation_orphans.push(orphan(format!(
                "its type `{}` names labels this project cannot take",
                relation.kind
            )));
            continue;
        };
        let (Some(from), Some(to)) = (ends.get(&relation.from), ends.get(&relation.to)) else {
            let missing = if ends.contains_key(&relation.from) {
                &relation.to
            } else {
                &relation.from
            };
            out.relation_orphans.push(orphan(format!(
                "its end `{missing}` is not imported (see the orphans)"
            )));
            continue;
        };
        if !kind.allows(&from.1, &to.1) {
            out.relation_orphans.push(orphan(format!(
                "`{}` cannot link a {} to a {} in this project",
                kind.name, from.1, to.1
            )));
            continue;
        }
        if !kind.across_documents && from.2 != to.2 {
            out.relation_orphans.push(orphan(format!(
                "`{}` links annotations of one document here, and its ends are in two",
                kind.name
            )));
            continue;
        }
        let incoming = Relation {
            kind: kind.name.clone(),
            from: from.0.clone(),
            to: to.0.clone(),
            ..relation.clone()
        };
        let link = incoming.link_key(kind.symmetric);
        if project
            .relations_of(&incoming.from)
            .any(|r| r.same_link(&incoming, kind.symmetric))
            || !links.insert(link)
        {
            out.relations_unchanged += 1;
            continue;
        }
        let mut id = incoming.id.clone();
        let mut k = 2;
        while project.relation(&id).is_some() || relation_ids.contains(&id.0) {
            id = RelationId(format!("{}-{k}", incoming.id));
            k += 1;
        }
        relation_ids.insert(id.0.clone());
        out.relations.push(Relation { id, ..incoming });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;
    use crate::offsets;
    use crate::relation::RelationId;
    use crate::{AnnotationId, LabelSet};

    const TEXT: &str = "Минск, 24 февраля. Лукашенко said 🇧🇾 troops moved north.";

    fn project(text: &str) -> Project {
        let mut project = Project::new(LabelSet::default());
        let doc = Document::new(DocId("d".into()), "Войска".into(), text.into(), Source::Pasted);
        project.apply(project.add_document(doc)).unwrap();
        project
    }

    fn mark(project: &mut Project, id: &str, piece: &str, label: &str) {
        let text = project.documents()[0].text().to_owned();
        let start = offsets::cp_of_byte(&text, text.find(piece).unwrap()).unwrap();
        let span = Span::new(start, start + offsets::cp_len(piece)).unwrap();
        let doc = DocId("d".into());
        let a = project
            .new_annotation(
                AnnotationId(id.into()),
                &doc,
                span,
                label,
                "",
                Timestamp::from_millis(7),
            )
            .unwrap();
        project.apply(Action::AddAnnotation(a)).unwrap();
    }

    #[test]
    fn item_16_values_read_as_another_kind_are_kept_as_this_projects_fields_hold_them() {
        // A file whose Claim had its fields guessed from values (Label Studio, doccano):
        // `verdict` is yes/no there, text here; `quote` has an option this project lacks.
        let mut theirs = project(TEXT);
        let mut claim = theirs.labels().get("Claim").unwrap().clone();
        claim.fields = vec![
            crate::attribute::Field::new("verdict", crate::FieldKind::YesNo, &[]),
            crate::attribute::Field::new("quote", crate::FieldKind::Choice, &["reported"]),
        ];
        theirs
            .apply(theirs.update_label("Claim", claim).unwrap())
            .unwrap();
        mark(&mut theirs, "c", "Лукашенко said", "Claim");
        for (field, value) in [
            ("verdict", crate::Value::Bool(false)),
            ("quote", crate::Value::Text("reported".into())),
        ] {
            let set = theirs
                .set_attribute(
                    &AnnotationId("c".into()),
                    field,
                    Some(value),
                    Timestamp::from_millis(8),
                )
                .unwrap();
            theirs.apply(set).unwrap();
        }
        let mut ours = project(TEXT);
        let plan = plan(&ours, &NativeFile::from_project(&theirs, true));
        assert_eq!(plan.added.len(), 1);
        let attributes = &plan.added[0].attributes;
        assert_eq!(
            attributes.get("verdict"),
            Some(&crate::Value::Text("false".into()))
        );
        assert_eq!(attributes.get("quote"), None);
        assert_eq!(
            plan.unfit_values,
            [
                "1 value of Claim `quote` not kept: this project's field takes one of \"direct\", \"indirect\", \"mixed\"; the file has \"reported\""
            ]
        );
        let (action, _) = plan.action_and_skipped(&ours, &[]);
        ours.apply(action).unwrap();
        assert_eq!(ours.annotations().count(), 1);
    }

    #[test]
    fn the_same_file_again_changes_nothing() {
        let mut ours = project(TEXT);
        mark(&mut ours, "a", "Лукашенко", "Actor");
        let plan = plan(&ours, &NativeFile::from_project(&ours, true));
        assert!(plan.is_empty());
        assert_eq!(plan.unchanged, 1);
    }

    /// A plain-text pattern: `text` anywhere, suggested as `label`.
    fn plain(name: &str, label: &str, text: &str) -> Pattern {
        let query = crate::search::Query {
            text: text.into(),
            ..Default::default()
        };
        Pattern {
            name: name.into(),
            label: label.into(),
            query,
        }
    }

    fn with_memory(text: &str) -> Project {
        let mut p = project(text);
        p.apply(p.add_pattern(plain("troops", "Figure", "troops")))
            .unwrap();
        let place = Place {
            document: DocId("d".into()),
            span: Span::new(0, 5).unwrap(),
            label: "Actor".into(),
            to: None,
        };
        p.apply(Action::Reject(place)).unwrap();
        p
    }

    #[test]
    fn item_17_patterns_and_rejections_come_in_where_they_still_mean_something() {
        let theirs = with_memory(TEXT);
        let file = NativeFile::from_project(&theirs, true);
        // Same text: both come in, in one undoable edit; again, nothing.
        let mut ours = project(TEXT);
        let before = ours.clone();
        let first = plan(&ours, &file);
        assert_eq!((first.new_patterns.len(), first.rejections.len()), (1, 1));
        assert!(first.left_out.is_empty());
        let action = first.action(&ours, &[]);
        ours.apply(action.clone()).unwrap();
        assert_eq!(ours.patterns(), theirs.patterns());
        assert_eq!(ours.rejected(), theirs.rejected());
        assert!(plan(&ours, &file).is_empty());
        ours.apply(action.inverse()).unwrap();
        assert_eq!(ours, before);
        // Another text: the rejection is a position in the file's text, so it is named
        // and left out; a pattern of the same name that differs is named and ours kept.
        let mut other = project("Другой текст. Troops.");
        other
            .apply(other.add_pattern(plain("TROOPS", "Actor", "Troops")))
            .unwrap();
        let second = plan(&other, &file);
        assert!(second.new_patterns.is_empty() && second.rejections.is_empty());
        assert_eq!(
            second.left_out,
            [
                "pattern `troops`: this project has a pattern `TROOPS` already, and keeps its own",
                "1 rejected suggestion on documents whose text here differs from the file's, or that are not here: a rejection is a position in its text, so it is not brought in"
            ]
        );
    }

    #[test]
    fn new_annotations_and_conflicts_are_told_apart_and_undo_reverses_the_import() {
        let mut ours = project(TEXT);
        mark(&mut ours, "a", "Лукашенко", "Actor");
        let mut theirs = project(TEXT);
        mark(&mut theirs, "a", "Лукашенко", "Claim");
        mark(&mut theirs, "b", "🇧🇾 troops", "Figure");
        let plan = plan(&ours, &NativeFile::from_project(&theirs, false));
        assert_eq!(plan.added.len(), 1);
        assert_eq!(plan.conflicts.len(), 1);
        assert_eq!(plan.conflicts[0].1.label, "Claim");

        let before = ours.clone();
        let action = plan.action(&ours, &[true]);
        ours.apply(action.clone()).unwrap();
        assert_eq!(ours.annotation(&AnnotationId("a".into())).unwrap().label, "Claim");
        assert_eq!(ours.annotations().count(), 2);
        ours.apply(action.inverse()).unwrap();
        assert_eq!(ours, before);
    }

    fn link(project: &mut Project, id: &str, kind: &str, from: &str, to: &str) {
        crate::project::tests::link(project, id, kind, from, to).unwrap();
    }

    /// A project with a claim said by its speaker (relation `r1`).
    fn claim_said_by_speaker() -> Project {
        let mut ours = project(TEXT);
        mark(
            &mut ours,
            "claim",
            "Лукашенко said 🇧🇾 troops moved north",
            "Claim",
        );
        mark(&mut ours, "speaker", "Лукашенко", "Actor");
        link(&mut ours, "r1", "said by", "claim", "speaker");
        ours
    }

    /// Issue 16: a brat export read back into the project it came from finds its
    /// relations already here: brat's `said_by` is this project's `said by`.
    #[test]
    fn item_16_a_brat_export_reads_back_with_nothing_new() {
        let ours = claim_said_by_speaker();
        let file = NativeFile::from_project(&ours, true);
        let written = crate::format::Format::Brat.write(&file).unwrap();
        let crate::format::Output::Files(files) = written.output else {
            panic!("brat is a folder")
        };
        let text = |end: &str| {
            files
                .iter()
                .find(|(name, _)| name.ends_with(end))
                .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
                .unwrap()
        };
        assert!(text(".ann").contains("R1\tsaid_by Arg1:"), "{}", text(".ann"));
        let back = crate::format::brat::read("x", &text(".txt"), &text(".ann"))
            .unwrap()
            .file;
        let plan = plan(&ours, &back);
        assert!(
            plan.new_relation_types.is_empty(),
            "{:?}",
            plan.new_relation_types
        );
        assert!(plan.new_labels.is_empty());
        assert_eq!((plan.relations.len(), plan.relations_unchanged), (0, 1));
        assert!(plan.added.is_empty());
    }

    /// A colleague's file with relations: they come in with their ends as this project
    /// names them (an id this project uses for another annotation is renamed, and the
    /// relation follows), a relation already here is not added twice, one whose end
    /// cannot be placed is an orphan with its reason, and undo takes them all back.
    #[test]
    fn item_16_an_import_brings_relations_with_their_ends_as_named_here() {
        let mut ours = project(TEXT);
        mark(
            &mut ours,
            "claim",
            "Лукашенко said 🇧🇾 troops moved north",
            "Claim",
        );
        // Our a1 is on another article.
        let other = Document::new(
            DocId("d2".into()),
            "Другая".into(),
            "Другая статья.".into(),
            Source::Pasted,
        );
        ours.apply(ours.add_document(other)).unwrap();
        let a1 = ours
            .new_annotation(
                AnnotationId("a1".into()),
                &DocId("d2".into()),
                Span::new(0, 7).unwrap(),
                "Actor",
                "",
                Timestamp::from_millis(7),
            )
            .unwrap();
        ours.apply(Action::AddAnnotation(a1)).unwrap();
        mark(&mut ours, "speaker", "Лукашенко", "Actor");
        link(&mut ours, "r1", "said by", "claim", "speaker");
        let mut theirs = project(TEXT);
        mark(
            &mut theirs,
            "claim",
            "Лукашенко said 🇧🇾 troops moved north",
            "Claim",
        );
        mark(&mut theirs, "speaker", "Лукашенко", "Actor");
        mark(&mut theirs, "a1", "troops", "Figure");
        link(&mut theirs, "r1", "said by", "claim", "speaker");
        link(&mut theirs, "r2", "supports", "a1", "claim");
        let mut file = NativeFile::from_project(&theirs, false);
        // A relation whose end is in a document this browser does not have.
        file.annotations.push(Annotation {
            id: AnnotationId("lost".into()),
            document: DocId("elsewhere".into()),
            ..file.annotations[0].clone()
        });
        file.documents.push(crate::format::native::FileDocument {
            id: DocId("elsewhere".into()),
            sha256: "0".repeat(64),
            text: None,
            ..file.documents[0].clone()
        });
        file.relations.push(Relation {
            id: RelationId("r3".into()),
            kind: "same claim".into(),
            from: AnnotationId("lost".into()),
            to: AnnotationId("claim".into()),
            ..file.relations[0].clone()
        });
        let plan = plan(&ours, &file);
        assert_eq!(plan.added.len(), 1);
        assert_eq!(plan.added[0].id.0, "a1-2", "their a1 is not our a1");
        assert_eq!(plan.relations_unchanged, 1);
        assert_eq!(plan.relations.len(), 1);
        let r2 = &plan.relations[0];
        assert_eq!((r2.from.0.as_str(), r2.to.0.as_str()), ("a1-2", "claim"));
        assert_eq!(plan.relation_orphans.len(), 1);
        assert!(plan.relation_orphans[0].1.contains("`lost` is not imported"));
        let before = ours.clone();
        let action = plan.action(&ours, &[]);
        ours.apply(action.clone()).unwrap();
        assert_eq!(ours.relation_count(), 2);
        assert_eq!(
            ours.relations_of(&AnnotationId("a1-2".into()))
                .next()
                .unwrap()
                .kind,
            "supports"
        );
        ours.apply(action.inverse()).unwrap();
        assert_eq!(ours, before);
    }

    /// Taking the file's version of an annotation keeps its id, so its relations stay;
    /// one that stops fitting the new label goes in the same edit, and undo brings it back.
    #[test]
    fn item_16_taking_theirs_keeps_the_annotation_and_its_fitting_relations() {
        let mut ours = claim_said_by_speaker();
        let mut theirs = ours.clone();
        let relabel = theirs
            .relabel(
                &AnnotationId("speaker".into()),
                "Figure",
                Timestamp::from_millis(9),
            )
            .unwrap();
        theirs.apply(relabel).unwrap();
        let plan = plan(&ours, &NativeFile::from_project(&theirs, true));
        assert_eq!(plan.conflicts.len(), 1);
        let before = ours.clone();
        let action = plan.action(&ours, &[true]);
        ours.apply(action.clone()).unwrap();
        assert_eq!(
            ours.annotation(&AnnotationId("speaker".into())).unwrap().label,
            "Figure"
        );
        assert_eq!(ours.relation_count(), 0, "a Figure says nothing");
        ours.apply(action.inverse()).unwrap();
        assert_eq!(ours, before);
    }

    /// Issue 14, item 5: a colleague's copy of the same work, with another annotator on
    /// every annotation and one other label, says what differs in each conflict, and
    /// each conflict is kept or taken on its own.
    #[test]
    fn item_5_each_conflict_says_what_differs_and_is_settled_on_its_own() {
        let mut ours = project(TEXT);
        mark(&mut ours, "a", "Лукашенко", "Actor");
        mark(&mut ours, "b", "🇧🇾 troops", "Figure");
        mark(&mut ours, "c", "north", "Claim");
        let mut file = NativeFile::from_project(&ours, false);
        for annotation in &mut file.annotations {
            annotation.annotator = "boris".into();
        }
        file.annotations[1].label = "Claim".into();
        file.annotations[2].note = "где?".into();
        let plan = plan(&ours, &file);
        assert_eq!(plan.conflicts.len(), 3);
        let said: Vec<Vec<String>> = plan
            .conflicts
            .iter()
            .map(|(o, t)| differences(o, t).iter().map(ToString::to_string).collect())
            .collect();
        assert_eq!(
            said,
            [
                vec!["annotator: here nobody named, in the file boris".to_owned()],
                vec![
                    "label: here Figure, in the file Claim".to_owned(),
                    "annotator: here nobody named, in the file boris".to_owned()
                ],
                vec![
                    "note: here none, in the file «где?»".to_owned(),
                    "annotator: here nobody named, in the file boris".to_owned()
                ],
            ]
        );
        // Only the second is taken: its label changes; the others stay as they are.
        let before = ours.clone();
        ours.apply(plan.action(&ours, &[false, true, false])).unwrap();
        let label_of = |id: &str| ours.annotation(&AnnotationId(id.into())).unwrap().label.clone();
        assert_eq!(
            (label_of("a"), label_of("b"), label_of("c")),
            ("Actor".into(), "Claim".into(), "Claim".into())
        );
        assert_eq!(
            ours.annotation(&AnnotationId("b".into())).unwrap().annotator,
            "boris"
        );
        assert_eq!(ours.annotation(&AnnotationId("a".into())).unwrap().annotator, "");
        assert_eq!(ours.annotations().count(), 3);
        assert_ne!(ours, before);
    }

    #[test]
    fn a_changed_text_is_reanchored_and_the_lost_are_orphans() {
        let mut theirs = project("Минск. Лукашенко said 🇧🇾 troops moved north.");
        mark(&mut theirs, "a", "troops", "Figure");
        mark(&mut theirs, "b", "north", "Claim");
        // Our text has a date added and "north" changed to "south".
        let ours = project("Минск, 24 февраля. Лукашенко said 🇧🇾 troops moved south.");
        let plan = plan(&ours, &NativeFile::from_project(&theirs, true));
        assert_eq!(plan.added.len(), 1);
        assert_eq!(plan.moved, 1);
        assert_eq!(plan.added[0].anchor.quote(), "troops");
        assert!(plan.added[0].anchor.matches(ours.documents()[0].text()));
        assert_eq!(plan.orphans.len(), 1);
        assert_eq!(plan.orphans[0].annotation.anchor.quote(), "north");
        assert!(plan.orphans[0].reason.contains("quote is not in"));
    }

    /// Issue 18: a file's metadata fills in the fields a document here lacks, keeps ours
    /// where they differ (and says so), and its guidelines come in when the project has
    /// none; new documents come with their metadata; all in one undoable edit.
    #[test]
    fn item_18_metadata_and_guidelines_fill_in_what_the_project_lacks() {
        use crate::metadata::Metadata;
        let mut ours = project(TEXT);
        let here = Metadata::new().with("outlet", "Reuters").unwrap();
        ours.apply(ours.set_metadata(&DocId("d".into()), here).unwrap())
            .unwrap();
        let mut file = NativeFile::from_project(&project(TEXT), true);
        file.documents[0].metadata = Metadata::new()
            .with("outlet", "AP")
            .unwrap()
            .with("url", "https://example.org/a")
            .unwrap();
        file.guidelines = "Mark every Claim.".into();
        let mut other = NativeFile::from_project(&project("Another text."), true);
        other.documents[0].id = DocId("e".into());
        other.documents[0].metadata = Metadata::new().with("language", "en").unwrap();
        file.documents.push(other.documents.remove(0));
        let plan = plan(&ours, &file);
        assert_eq!(plan.kept_ours.len(), 1, "{:?}", plan.kept_ours);
        assert!(plan.kept_ours[0].starts_with("1 metadata field of documents here differs"));
        assert_eq!(plan.guidelines.as_deref(), Some("Mark every Claim."));
        let before = ours.clone();
        let action = plan.action(&ours, &[]);
        ours.apply(action.clone()).unwrap();
        let d = ours.document(&DocId("d".into())).unwrap().metadata();
        assert_eq!(
            (d.get("outlet"), d.get("url")),
            (Some("Reuters"), Some("https://example.org/a"))
        );
        assert_eq!(
            ours.document(&DocId("e".into()))
                .unwrap()
                .metadata()
                .get("language"),
            Some("en")
        );
        assert_eq!(ours.guidelines(), "Mark every Claim.");
        ours.apply(action.inverse()).unwrap();
        assert_eq!(ours, before);
        // The project's own guidelines are kept, and that is said.
        let mut guided = before.clone();
        guided.apply(guided.set_guidelines("Ours.")).unwrap();
        let plan = super::plan(&guided, &file);
        assert_eq!(plan.guidelines, None);
        assert!(plan.kept_ours.iter().any(|l| l.contains("guidelines")));
    }

    #[test]
    fn documents_are_matched_by_text_when_ids_differ() {
        let mut theirs = project(TEXT);
        mark(&mut theirs, "a", "troops", "Figure");
        let mut file = NativeFile::from_project(&theirs, false);
        file.documents[0].id = DocId("elsewhere".into());
        file.annotations[0].document = DocId("elsewhere".into());
        let ours = project(TEXT);
        let plan = plan(&ours, &file);
        assert_eq!(plan.added.len(), 1);
        assert_eq!(plan.added[0].document, DocId("d".into()));
    }

    #[test]
    fn unknown_documents_come_with_their_text_or_are_orphans() {
        let mut theirs = project(TEXT);
        mark(&mut theirs, "a", "troops", "Figure");
        let mut ours = Project::new(LabelSet::default());
        let with_text = plan(&ours, &NativeFile::from_project(&theirs, true));
        assert_eq!(with_text.new_documents.len(), 1);
        assert_eq!(with_text.new_documents[0].1.len(), 1);
        ours.apply(with_text.action(&ours, &[])).unwrap();
        assert_eq!(ours.annotations().count(), 1);

        let empty = Project::new(LabelSet::default());
        let without_text = plan(&empty, &NativeFile::from_project(&theirs, false));
        assert_eq!(without_text.orphans.len(), 1);
        assert!(without_text.orphans[0].reason.contains("not in this browser"));
    }

    #[test]
    fn new_labels_join_and_a_clashing_hotkey_is_dropped() {
        let mut theirs = Project::new(LabelSet::empty());
        theirs
            .apply(Action::AddLabel {
                index: 0,
                label: Label {
                    name: "Place".into(),
                    color: "#123456".into(),
                    hotkey: Some('1'),
                    fields: Vec::new(),
                    description: String::new(),
                },
            })
            .unwrap();
        let ours = project(TEXT);
        let plan = plan(&ours, &NativeFile::from_project(&theirs, true));
        assert_eq!(plan.new_labels.len(), 1);
        assert_eq!(plan.new_labels[0].hotkey, None);
    }

    #[test]
    fn a_w3c_source_is_placed_by_quote_or_on_the_document_chosen() {
        use crate::format::w3c;
        let mut project = Project::new(LabelSet::default());
        for (id, text) in [
            ("a", "Troops moved to Troy."),
            ("b", "Nothing here but Troy and Ithaca."),
        ] {
            let doc = Document::new(DocId(id.into()), id.into(), text.into(), Source::Pasted);
            project.apply(project.add_document(doc)).unwrap();
        }
        let json = r##"[{"id": "#1", "type": "Annotation",
            "body": [{"type": "TextualBody", "value": "Actor", "purpose": "tagging"}],
            "target": {"selector": [{"type": "TextQuoteSelector", "exact": "Ithaca"},
                                    {"type": "TextPositionSelector", "start": 3, "end": 9}]}}]"##;
        let file = w3c::read(json).unwrap().file;
        let found = plan(&project, &file);
        assert_eq!(found.sources.len(), 1);
        assert_eq!(found.sources[0].document, Some(DocId("b".into())));
        assert!(!found.sources[0].chosen);
        assert_eq!(found.added.len(), 1);
        assert_eq!(found.added[0].anchor.quote(), "Ithaca");
        assert_eq!(
            found.added[0].span().start(),
            offsets::cp_len("Nothing here but Troy and ")
        );
        // Chosen by hand on a text without the quote: an orphan that says why.
        let chosen = plan_with(
            &project,
            &file,
            &HashMap::from([(String::new(), DocId("a".into()))]),
        );
        assert!(chosen.sources[0].chosen);
        assert_eq!(chosen.orphans.len(), 1);
        assert!(
            chosen.orphans[0].reason.contains("quote is not in"),
            "{:?}",
            chosen.orphans
        );
    }
}
