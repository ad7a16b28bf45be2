//! W3C Web Annotation (JSON-LD): an `AnnotationCollection` whose first page holds one
//! `Annotation` per span.
//!
//! ```json
//! {
//!   "@context": "http://www.w3.org/ns/anno.jsonld",
//!   "id": "urn:factmark:collection:<sha256 of the annotation ids>",
//!   "type": "AnnotationCollection",
//!   "label": "factmark annotations",
//!   "total": 1,
//!   "first": {
//!     "id": "urn:factmark:collection:<…>:page:0",
//!     "type": "AnnotationPage",
//!     "startIndex": 0,
//!     "items": [{
//!       "@context": "http://www.w3.org/ns/anno.jsonld",
//!       "id": "urn:factmark:annotation:a1",
//!       "type": "Annotation",
//!       "motivation": "tagging",
//!       "created": "2026-11-24T09:30:00.125Z",
//!       "modified": "2026-11-24T09:30:00.125Z",
//!       "creator": { "type": "Person", "name": "ana" },
//!       "body": [
//!         { "type": "TextualBody", "purpose": "tagging", "value": "Actor" },
//!         { "type": "TextualBody", "purpose": "commenting", "value": "the note" }
//!       ],
//!       "target": {
//!         "source": "urn:sha256:<sha256 of the document text>",
//!         "selector": [
//!           { "type": "TextPositionSelector", "start": 20, "end": 29 },
//!           { "type": "TextQuoteSelector", "exact": "Лукашенко", "prefix": "…", "suffix": "…" }
//!         ]
//!       }
//!     }]
//!   }
//! }
//! ```
//!
//! - The target's `source` names the document by the SHA-256 of its text, so any
//!   reader holding the same text finds it; positions count code points, as the
//!   model requires; the quote selector carries up to 32 code points of context.
//! - The label is the body with purpose `tagging`; a note, the body with purpose
//!   `commenting`; the annotator, the creator's `name` (no creator when unknown).
//! - Reading accepts that collection, a bare `AnnotationPage`, a single `Annotation`
//!   or a JSON array of annotations, and turns them into a [`NativeFile`] without
//!   texts: importing it finds each annotation again by quote and context
//!   ([`crate::import`]), so positions from another tool are never trusted blindly.

use super::native::{FileDocument, NativeFile, Seq};
use super::{Fate, Location, Problem, ReadError, Reading, Tally};
use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::document::{DocId, Status, is_sha256_hex};
use crate::label::LabelSet;
use crate::relation::{Relation, RelationId};
use crate::span::Span;
use crate::timestamp::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The JSON-LD context of the Web Annotation model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
const ANNOTATION_PREFIX: &str = "urn:factmark:annotation:";
const RELATION_PREFIX: &str = "urn:factmark:relation:";
const SOURCE_PREFIX: &str = "urn:sha256:";

/// Writes `file`'s annotations as one `AnnotationCollection`, pretty-printed, as it
/// serialises them (nothing is built in memory first).
pub fn write(file: &NativeFile) -> String {
    let sha_of: HashMap<&DocId, &str> = file
        .documents
        .iter()
        .map(|d| (&d.id, d.sha256.as_str()))
        .collect();
    let mut ids = Sha256::new();
    for a in &file.annotations {
        ids.update(a.id.0.as_bytes());
        ids.update([0]);
    }
    let digest: String = ids.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let collection = format!("urn:factmark:collection:{digest}");
    let fields = |label: &str| file.labels.get(label).map_or(&[][..], |l| l.fields.as_slice());
    let written: std::collections::HashSet<&AnnotationId> = file
        .annotations
        .iter()
        .filter(|a| sha_of.contains_key(&a.document))
        .map(|a| &a.id)
        .collect();
    let links = || {
        file.relations
            .iter()
            .filter(|r| written.contains(&r.from) && written.contains(&r.to))
    };
    let items = || {
        file.annotations
            .iter()
            .filter_map(|a| {
                sha_of
                    .get(&a.document)
                    .map(|sha| ItemOut::Span(annotation(a, sha, fields(&a.label))))
            })
            .chain(links().map(|r| ItemOut::Link(link(r))))
    };
    let out = CollectionOut {
        context: CONTEXT,
        id: &collection,
        kind: "AnnotationCollection",
        label: "factmark annotations",
        total: written.len() + links().count(),
        first: PageOut {
            id: format!("{collection}:page:0"),
            kind: "AnnotationPage",
            start_index: 0,
            items: Seq(items),
        },
    };
    let n = file.annotations.len();
    super::json_text(&out, n, 700 * n + 1024)
}

#[derive(Serialize)]
struct CollectionOut<'a, P> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'static str,
    total: usize,
    first: P,
}

#[derive(Serialize)]
struct PageOut<I> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: I,
}

#[derive(Serialize)]
struct AnnotationOut<'a, T = TargetOut<'a>> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    created: Timestamp,
    modified: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<CreatorOut<'a>>,
    body: Vec<BodyOut<'a>>,
    target: T,
}

/// An item of the page: a span's annotation, or one linking two of them (a relation).
#[derive(Serialize)]
#[serde(untagged)]
enum ItemOut<'a> {
    Span(AnnotationOut<'a>),
    Link(LinkOut<'a>),
}

/// A relation: a `linking` annotation whose targets are its two ends, `from` first,
/// tagged with its type.
type LinkOut<'a> = AnnotationOut<'a, [String; 2]>;

fn link(r: &Relation) -> LinkOut<'_> {
    let mut body = vec![BodyOut::text("tagging", &r.kind)];
    if !r.note.is_empty() {
        body.push(BodyOut::text("commenting", &r.note));
    }
    LinkOut {
        context: CONTEXT,
        id: format!("{RELATION_PREFIX}{}", r.id.0),
        kind: "Annotation",
        motivation: "linking",
        created: r.created,
        modified: r.updated,
        creator: (!r.annotator.is_empty()).then_some(CreatorOut {
            kind: "Person",
            name: &r.annotator,
        }),
        body,
        target: [
            format!("{ANNOTATION_PREFIX}{}", r.from),
            format!("{ANNOTATION_PREFIX}{}", r.to),
        ],
    }
}

#[derive(Serialize)]
struct CreatorOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

/// A body: the label (`tagging`), the note (`commenting`), an attribute (`describing`,
/// named by its `label`), or a Wikidata item (`identifying`, a `SpecificResource`).
#[derive(Serialize)]
struct BodyOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<std::borrow::Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
}

impl<'a> BodyOut<'a> {
    fn text(purpose: &'static str, value: &'a str) -> BodyOut<'a> {
        BodyOut {
            kind: "TextualBody",
            purpose,
            label: None,
            value: Some(value.into()),
            source: None,
        }
    }
}

#[derive(Serialize)]
struct TargetOut<'a> {
    source: String,
    selector: (PositionOut, QuoteOut<'a>),
}

#[derive(Serialize)]
struct PositionOut {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

fn annotation<'a>(a: &'a Annotation, sha256: &str, fields: &[crate::Field]) -> AnnotationOut<'a> {
    let mut body = vec![BodyOut::text("tagging", &a.label)];
    if !a.note.is_empty() {
        body.push(BodyOut::text("commenting", &a.note));
    }
    for (name, value) in &a.attributes {
        let wikidata = fields
            .iter()
            .any(|f| &f.name == name && f.kind == crate::FieldKind::Wikidata);
        body.push(match value {
            crate::attribute::Value::Text(item) if wikidata => BodyOut {
                kind: "SpecificResource",
                purpose: "identifying",
                label: None,
                value: None,
                source: Some(format!("http://www.wikidata.org/entity/{item}")),
            },
            value => BodyOut {
                label: Some(name),
                value: Some(value.to_plain().into()),
                ..BodyOut::text("describing", "")
            },
        });
    }
    let span = a.span();
    AnnotationOut {
        context: CONTEXT,
        id: format!("{ANNOTATION_PREFIX}{}", a.id),
        kind: "Annotation",
        motivation: "tagging",
        created: a.created,
        modified: a.updated,
        creator: (!a.annotator.is_empty()).then_some(CreatorOut {
            kind: "Person",
            name: &a.annotator,
        }),
        body,
        target: TargetOut {
            source: format!("{SOURCE_PREFIX}{sha256}"),
            selector: (
                PositionOut {
                    kind: "TextPositionSelector",
                    start: span.start(),
                    end: span.end(),
                },
                QuoteOut {
                    kind: "TextQuoteSelector",
                    exact: a.anchor.quote(),
                    prefix: a.anchor.prefix(),
                    suffix: a.anchor.suffix(),
                },
            ),
        },
    }
}

/// Reads W3C Web Annotations written by factmark or another tool. Every problem is
/// reported with its JSON path; labels unknown to factmark get a neutral colour.
///
/// A body with purpose `tagging` or `classifying` is a label (several make one span
/// each); `commenting`, a body with no purpose, and the other textual purposes are the
/// note (`describing: …` for the others, so their meaning is kept), as are
/// `identifying` and `linking` bodies, which name a resource. A target names its text by
/// `source`: factmark's `urn:sha256:` sources are its own texts, any other source (a
/// URL, a name) is kept as a document known only by that source, to be placed on a
/// text with [`place`]. Counted, not read: annotations that select no text (a whole
/// page, an image region), that link other annotations (relations), or that have no
/// tag to label them.
pub fn read(json: &str) -> Result<Reading, ReadError> {
    let value = super::parse_json(json)?;
    let (items, base) = annotations_of(&value).ok_or_else(|| {
        ReadError::one(Problem::new(
            Location::File,
            "this is not a W3C Web Annotation file: expected an AnnotationCollection, an AnnotationPage, \
             an Annotation or an array of annotations",
        ))
    })?;
    let mut problems = Vec::new();
    let mut labels = LabelSet::empty();
    let mut documents: Vec<FileDocument> = Vec::new();
    let mut annotations = Vec::new();
    let mut unread = Tally::default();
    let mut links: Vec<(Relation, Vec<String>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = |field: &str| format!("{base}[{i}]{field}");
        match read_annotation(item, &at, &mut unread) {
            Ok(Read::Spans(spans, source)) => {
                let (id, sha256, title) = match &source {
                    Source::Sha256(sha) => (DocId(sha[..16].to_owned()), sha.clone(), String::new()),
                    Source::Named(name) => (unplaced_id(name), String::new(), name.clone()),
                };
                if !documents.iter().any(|d| d.id == id) {
                    documents.push(FileDocument {
                        id: id.clone(),
                        title,
                        sha256,
                        source: crate::document::Source::Pasted,
                        status: Status::NotStarted,
                        text: None,
                        ignored: Vec::new(),
                        metadata: Default::default(),
                    });
                }
                for mut annotation in spans {
                    match labels.name_for(&annotation.label, "#868e96") {
                        Ok(name) => annotation.label = name,
                        Err(err) => {
                            problems.push(Problem::at(at(".body"), err.to_string()));
                            continue;
                        }
                    }
                    annotation.document = id.clone();
                    annotations.push(annotation);
                }
            }
            Ok(Read::Not(what, why)) => unread.add(1, what, Fate::NotRead, why),
            Ok(Read::Link(relation, ends)) => links.push((relation, ends)),
            Err(problem) => problems.push(problem),
        }
    }
    // Relations between the spans read: two targets, both of them spans of this file.
    let read_ids: std::collections::HashSet<&AnnotationId> =
        annotations.iter().map(|a: &Annotation| &a.id).collect();
    let mut relation_types = crate::RelationTypes::empty();
    let mut relations = Vec::new();
    let mut not_linked = 0;
    for (mut relation, ends) in links {
        if ends.len() != 2 || !read_ids.contains(&relation.from) || !read_ids.contains(&relation.to) {
            not_linked += 1;
            continue;
        }
        match relation_types.name_for(&relation.kind, "#495057", false) {
            Ok(kind) => relation.kind = kind,
            Err(err) => {
                problems.push(Problem::new(
                    Location::File,
                    format!("relation type `{}`: {err}", relation.kind),
                ));
                continue;
            }
        }
        relations.push(relation);
    }
    unread.add(
        not_linked,
        (
            "W3C annotation linking annotations that are not two spans of the file",
            "W3C annotations linking annotations that are not two spans of the file",
        ),
        Fate::NotRead,
        "a factmark relation joins two spans, and these link other things, or more than two",
    );
    let labels = super::labelled_text::fields_and_ends_read(
        &labels,
        &mut annotations,
        &mut relation_types,
        &relations,
    );
    super::finish(
        problems,
        Reading {
            file: NativeFile {
                labels,
                relation_types,
                documents,
                annotations,
                relations,
                patterns: Vec::new(),
                rejected: Vec::new(),
                guidelines: String::new(),
            },
            unread: unread.0,
        },
    )
}

/// The id of the document of annotations whose source is `name` rather than one of
/// factmark's texts (its SHA-256 unknown until [`place`] finds its text).
fn unplaced_id(name: &str) -> DocId {
    let digest: String = Sha256::digest(name.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    DocId(format!("source-{digest}"))
}

/// Whether `doc` is known only by a W3C source, its text not yet found ([`place`]).
pub fn is_unplaced(doc: &FileDocument) -> bool {
    doc.sha256.is_empty() && doc.text.is_none()
}

/// Where an annotation's target says its text is.
enum Source {
    /// One of factmark's texts, by its SHA-256.
    Sha256(String),
    /// Anything else: a URL, a name.
    Named(String),
}

/// What one W3C annotation gives.
enum Read {
    /// Spans (one per tag) on the text `source` names.
    Spans(Vec<Annotation>, Source),
    /// Nothing factmark holds: what it is and why it is not read.
    Not((&'static str, &'static str), &'static str),
    /// An annotation linking others: a relation, if its targets are spans read.
    Link(Relation, Vec<String>),
}

/// A text that annotations known only by their source can be placed on: the source
/// it is given for (`None` for a text to be matched by quote), its name, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The W3C `source` it is the text of; `None` when it is only a candidate, found
    /// by the annotations' quotes.
    pub source: Option<String>,
    /// Its name (a file name), the document's title.
    pub name: String,
    /// The text.
    pub text: String,
}

/// Puts the annotations of documents known only by a W3C source ([`is_unplaced`]) on
/// their texts: the text given for that source in `texts`, or else the one text (of
/// the file's own and of `texts`) in which most of their quotes occur. Annotations
/// whose source has no text are left out and counted, one notice per source. Then
/// every annotation on a text is settled there ([`NativeFile::settle`]).
pub fn place(file: &mut NativeFile, texts: &[SourceText]) -> Vec<super::Unread> {
    let mut tally = Tally::default();
    let unplaced: Vec<FileDocument> = file
        .documents
        .iter()
        .filter(|d| is_unplaced(d))
        .cloned()
        .collect();
    if !unplaced.is_empty() {
        let add_text = |file: &mut NativeFile, name: &str, text: &str| -> DocId {
            let id = super::plain::text_id(text);
            if !file.documents.iter().any(|d| d.id == id) {
                file.documents.push(FileDocument {
                    id: id.clone(),
                    title: name.to_owned(),
                    sha256: crate::document::sha256_hex(text),
                    source: crate::document::Source::File {
                        name: name.to_owned(),
                    },
                    status: Status::NotStarted,
                    text: Some(text.to_owned()),
                    ignored: Vec::new(),
                    metadata: Default::default(),
                });
            }
            id
        };
        for doc in &unplaced {
            let quotes: Vec<&str> = file
                .annotations
                .iter()
                .filter(|a| a.document == doc.id && !a.anchor.quote().is_empty())
                .map(|a| a.anchor.quote())
                .collect();
            let target = if let Some(given) = texts
                .iter()
                .find(|t| t.source.as_deref() == Some(doc.title.as_str()))
            {
                Some(add_text(file, &given.name, &given.text))
            } else {
                // The text holding most of the quotes, of the file's and the candidates.
                let owned: Vec<(Option<DocId>, &str, &str)> = file
                    .documents
                    .iter()
                    .filter_map(|d| {
                        d.text
                            .as_deref()
                            .map(|t| (Some(d.id.clone()), d.title.as_str(), t))
                    })
                    .chain(texts.iter().map(|t| (None, t.name.as_str(), t.text.as_str())))
                    .collect();
                let best = owned
                    .iter()
                    .map(|(id, name, text)| {
                        let found = quotes.iter().filter(|q| text.contains(**q)).count();
                        (found, id.clone(), name.to_string(), text.to_string())
                    })
                    .filter(|(found, ..)| *found > 0)
                    .max_by_key(|(found, ..)| *found);
                best.map(|(_, id, name, text)| id.unwrap_or_else(|| add_text(file, &name, &text)))
            };
            match target {
                Some(id) => {
                    for a in file.annotations.iter_mut().filter(|a| a.document == doc.id) {
                        a.document = id.clone();
                    }
                }
                None => {
                    let count = file.annotations.iter().filter(|a| a.document == doc.id).count();
                    file.annotations.retain(|a| a.document != doc.id);
                    tally.add(
                        count,
                        ("W3C annotation on a text not given", "W3C annotations on a text not given"),
                        Fate::NotRead,
                        &if doc.title.is_empty() {
                            "no source is named, and the quotes are in none of the texts read \
                             (give the text with --text FILE, or choose it in the import preview)"
                                .to_owned()
                        } else {
                            format!(
                                "no text was given for the source {:?}, and the quotes are in none of the texts read \
                                 (give it with --text SOURCE=FILE, or choose it in the import preview)",
                                doc.title
                            )
                        },
                    );
                }
            }
        }
        file.documents.retain(|d| !is_unplaced(d));
    }
    tally.extend(file.settle());
    tally.0
}

/// Whether `value` has the shape of W3C Web Annotations (a collection, a page, an
/// annotation, or an array of annotations): how an importer tells them from other JSON.
pub fn looks_like(value: &Value) -> bool {
    match value {
        Value::Array(items) => items
            .first()
            .is_some_and(|item| item.get("type") == Some(&json!("Annotation"))),
        _ => annotations_of(value).is_some(),
    }
}

/// The annotations a W3C document holds, and the JSON path of their array.
fn annotations_of(value: &Value) -> Option<(Vec<&Value>, &'static str)> {
    match value {
        Value::Array(items) => Some((items.iter().collect(), "")),
        Value::Object(object) => match object.get("type").and_then(Value::as_str) {
            Some("AnnotationCollection") => {
                let items = object.get("first")?.get("items")?.as_array()?;
                Some((items.iter().collect(), "first.items"))
            }
            Some("AnnotationPage") => Some((object.get("items")?.as_array()?.iter().collect(), "items")),
            Some("Annotation") => Some((vec![value], "")),
            _ => None,
        },
        _ => None,
    }
}

fn read_annotation(item: &Value, at: &dyn Fn(&str) -> String, unread: &mut Tally) -> Result<Read, Problem> {
    let object = item
        .as_object()
        .ok_or_else(|| Problem::at(at(""), "an annotation must be a JSON object"))?;
    let text =
        |object: &Map<String, Value>, key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    let id = text(object, "id").ok_or_else(|| Problem::at(at(".id"), "an annotation needs an id"))?;
    let id = id.strip_prefix(ANNOTATION_PREFIX).unwrap_or(&id).to_owned();

    // The first target that selects text, with its source.
    let targets: Vec<&Value> = match object.get("target") {
        Some(Value::Array(ts)) => ts.iter().collect(),
        Some(t) => vec![t],
        None => return Err(Problem::at(at(".target"), "an annotation needs a target")),
    };
    let selected = targets.iter().find_map(|t| {
        let selectors = text_selectors(t.get("selector")?);
        (!selectors.is_empty()).then_some((*t, selectors))
    });
    let Some((target, selectors)) = selected else {
        // A target that only names another annotation: Recogito's relations.
        let links = !targets.is_empty()
            && targets.iter().all(|t| {
                t.get("source").is_none()
                    && t.get("id")
                        .and_then(Value::as_str)
                        .is_some_and(|i| i.starts_with('#'))
            });
        return Ok(
            if links
                || object.get("motivation").and_then(Value::as_str) == Some("linking") && targets.len() > 1
            {
                read_link(object, &id, &targets, at)?
            } else {
                Read::Not(
                    (
                        "W3C annotation that selects no text",
                        "W3C annotations that select no text",
                    ),
                    "the target is a whole resource, an image or a region of one, and factmark annotates spans of text",
                )
            },
        );
    };
    // Recogito writes no source at all: the text is the page it annotates, found by
    // the quotes (an empty name).
    let source = target.get("source").and_then(Value::as_str).unwrap_or_default();
    let source = match source.strip_prefix(SOURCE_PREFIX) {
        Some(sha) if is_sha256_hex(sha) => Source::Sha256(sha.to_owned()),
        Some(_) => {
            return Err(Problem::at(
                at(".target.source"),
                format!("{source:?} is not urn:sha256: and 64 lowercase hex digits"),
            ));
        }
        None => Source::Named(source.to_owned()),
    };
    let selector = |kind: &str| {
        selectors
            .iter()
            .find(|s| s.get("type").and_then(Value::as_str) == Some(kind))
    };
    let quote = selector("TextQuoteSelector");
    let exact = quote
        .and_then(|q| q.get("exact"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let context = |key: &str| {
        quote
            .and_then(|q| q.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let position = selector("TextPositionSelector").and_then(|p| {
        let start = p.get("start")?.as_u64()? as usize;
        let end = p.get("end")?.as_u64()? as usize;
        Span::new(start, end).ok()
    });
    if exact.is_empty() && position.is_none() {
        return Err(Problem::at(
            at(".target.selector"),
            "a TextQuoteSelector with an \"exact\" text, or a TextPositionSelector, is needed to find the text",
        ));
    }
    // Without a position, the quote is searched for from the start; without a quote,
    // the text at the position is taken once the text is known (see `place`).
    let span =
        position.unwrap_or_else(|| Span::new(0, exact.chars().count().max(1)).expect("a non-empty span"));

    let mut bodies: Vec<&Value> = match object.get("body") {
        Some(Value::Array(bodies)) => bodies.iter().collect(),
        Some(body) => vec![body],
        None => Vec::new(),
    };
    // A Choice offers alternatives: its first item is the body, the others are counted.
    let mut alternatives = 0;
    for body in &mut bodies {
        while body.get("type").and_then(Value::as_str) == Some("Choice")
            && let Some(items) = body.get("items").and_then(Value::as_array)
            && let Some(first) = items.first()
        {
            alternatives += items.len() - 1;
            *body = first;
        }
    }
    let mut tags: Vec<String> = Vec::new();
    let mut note: Vec<String> = Vec::new();
    let mut attributes = crate::Attributes::new();
    let mut not_text = 0;
    for body in &bodies {
        let value = match body {
            Value::String(iri) => Some(iri.clone()),
            _ => body
                .get("value")
                .or_else(|| body.get("id"))
                .or_else(|| body.get("source"))
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        let Some(value) = value else {
            not_text += 1;
            continue;
        };
        let purposes: Vec<&str> = match body.get("purpose") {
            Some(Value::String(p)) => vec![p.as_str()],
            Some(Value::Array(ps)) => ps.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        // An attribute: a `describing` body named by its `label`, or an `identifying`
        // one naming a Wikidata item.
        let field = body.get("label").and_then(Value::as_str);
        let item = value
            .strip_prefix("http://www.wikidata.org/entity/")
            .or_else(|| value.strip_prefix("https://www.wikidata.org/entity/"))
            .filter(|item| crate::attribute::is_wikidata_item(item));
        if let (Some(field), true) = (field, purposes.contains(&"describing")) {
            attributes.insert(field.to_owned(), crate::attribute::Value::Text(value));
        } else if let (Some(item), true) = (item, purposes.contains(&"identifying")) {
            attributes.insert(
                "wikidata".to_owned(),
                crate::attribute::Value::Text(item.to_owned()),
            );
        } else if purposes.iter().any(|p| matches!(*p, "tagging" | "classifying")) {
            tags.push(value);
        } else {
            match purposes.iter().find(|p| **p != "commenting") {
                None => note.push(value),
                Some(purpose) => note.push(format!("{purpose}: {value}")),
            }
        }
    }
    unread.add(
        alternatives,
        (
            "W3C body offered as another alternative of a Choice",
            "W3C bodies offered as other alternatives of a Choice",
        ),
        Fate::NotRead,
        "factmark keeps the first body of a Choice",
    );
    unread.add(
        not_text,
        (
            "W3C body that is neither text nor a link",
            "W3C bodies that are neither text nor links",
        ),
        Fate::NotRead,
        "factmark keeps a body's text, or the address of the resource it names",
    );
    if let Some(value) = object.get("bodyValue").and_then(Value::as_str) {
        // bodyValue is a plain-text body: a comment, unless the annotation is for tagging.
        if object.get("motivation").and_then(Value::as_str) == Some("tagging") {
            tags.push(value.to_owned());
        } else {
            note.push(value.to_owned());
        }
    }
    if tags.is_empty() {
        return Ok(Read::Not(
            ("W3C annotation with no tag", "W3C annotations with no tag"),
            "factmark needs a label for a span: a body with purpose \"tagging\" or \"classifying\" gives it",
        ));
    }

    let time = |key: &str| {
        text(object, key).map_or(Ok(Timestamp::default()), |t| {
            Timestamp::parse_rfc3339(&t).map_err(|err| Problem::at(at(&format!(".{key}")), err.to_string()))
        })
    };
    let created = time("created")?;
    let updated = if object.contains_key("modified") {
        time("modified")?
    } else {
        created
    };
    let annotator = object
        .get("creator")
        .and_then(|c| c.get("name").or_else(|| c.get("nickname")))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let note = note.join("\n");
    let spans = tags
        .into_iter()
        .enumerate()
        .map(|(n, label)| Annotation {
            id: AnnotationId(if n == 0 {
                id.clone()
            } else {
                format!("{id}-{}", n + 1)
            }),
            document: DocId(String::new()),
            anchor: Anchor::from_parts(span, exact.to_owned(), context("prefix"), context("suffix")),
            label,
            note: note.clone(),
            annotator: annotator.clone(),
            agreed_by: Vec::new(),
            origin: None,
            attributes: attributes.clone(),
            created,
            updated,
        })
        .collect();
    Ok(Read::Spans(spans, source))
}

/// A linking annotation: its tag is the relation's type (`relation` without one), its
/// targets the annotations it links (the first is the `from` end), its comment the
/// note.
fn read_link(
    object: &Map<String, Value>,
    id: &str,
    targets: &[&Value],
    at: &dyn Fn(&str) -> String,
) -> Result<Read, Problem> {
    let ends: Vec<String> = targets
        .iter()
        .filter_map(|t| t.as_str().or_else(|| t.get("id").and_then(Value::as_str)))
        .map(|t| t.strip_prefix(ANNOTATION_PREFIX).unwrap_or(t).to_owned())
        .collect();
    let bodies: Vec<&Value> = match object.get("body") {
        Some(Value::Array(bodies)) => bodies.iter().collect(),
        Some(body) => vec![body],
        None => Vec::new(),
    };
    let with = |purpose: &str| {
        bodies
            .iter()
            .find(|b| b.get("purpose").and_then(Value::as_str) == Some(purpose))
            .and_then(|b| b.get("value").and_then(Value::as_str))
    };
    let time = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .map_or(Ok(Timestamp::default()), |t| {
                Timestamp::parse_rfc3339(t)
                    .map_err(|err| Problem::at(at(&format!(".{key}")), err.to_string()))
            })
    };
    let created = time("created")?;
    let relation = Relation {
        id: RelationId(id.strip_prefix(RELATION_PREFIX).unwrap_or(id).to_owned()),
        kind: with("tagging")
            .or_else(|| with("classifying"))
            .unwrap_or("relation")
            .to_owned(),
        from: AnnotationId(ends.first().cloned().unwrap_or_default()),
        to: AnnotationId(ends.get(1).cloned().unwrap_or_default()),
        note: with("commenting").unwrap_or_default().to_owned(),
        annotator: object
            .get("creator")
            .and_then(|c| c.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        created,
        updated: if object.contains_key("modified") {
            time("modified")?
        } else {
            created
        },
    };
    Ok(Read::Link(relation, ends))
}

/// The text selectors of `selector`: the quote and position selectors in it, or in
/// what it is refined by (a `FragmentSelector` refined by a `TextQuoteSelector`, say).
fn text_selectors(selector: &Value) -> Vec<&Value> {
    let mut found = Vec::new();
    let mut pending: Vec<&Value> = match selector {
        Value::Array(s) => s.iter().collect(),
        s => vec![s],
    };
    while let Some(s) = pending.pop() {
        if matches!(
            s.get("type").and_then(Value::as_str),
            Some("TextQuoteSelector" | "TextPositionSelector")
        ) {
            found.push(s);
        }
        if let Some(refined) = s.get("refinedBy") {
            pending.push(refined);
        }
    }
    found.reverse();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_bare_annotation_from_another_tool() {
        let sha = "a".repeat(64);
        let json = format!(
            r#"{{"@context": "{CONTEXT}", "id": "http://example.org/anno1", "type": "Annotation",
                "motivation": "tagging", "bodyValue": "Actor",
                "target": {{"source": "urn:sha256:{sha}",
                            "selector": {{"type": "TextQuoteSelector", "exact": "Лукашенко"}}}}}}"#
        );
        let file = read(&json).unwrap().file;
        assert_eq!(file.annotations.len(), 1);
        let a = &file.annotations[0];
        assert_eq!(a.label, "Actor");
        assert_eq!(a.anchor.quote(), "Лукашенко");
        assert_eq!(file.documents[0].sha256, sha);
        assert!(file.labels.get("Actor").is_some());
    }

    #[test]
    fn problems_name_their_annotation() {
        let json = r#"[{"id": "x", "type": "Annotation", "body": {"value": "Claim", "purpose": "tagging"},
                        "target": {"source": "urn:sha256:12", "selector": {"type": "TextQuoteSelector", "exact": "a"}}},
                       {"id": "y", "type": "Annotation", "body": {"value": "Claim", "purpose": "tagging"},
                        "target": {"source": "http://example.org/page", "selector": {"type": "TextQuoteSelector"}}}]"#;
        let err = read(json).unwrap_err().to_string();
        assert_eq!(
            err,
            "at [0].target.source: \"urn:sha256:12\" is not urn:sha256: and 64 lowercase hex digits\n\
             at [1].target.selector: a TextQuoteSelector with an \"exact\" text, or a TextPositionSelector, is needed to find the text"
        );
        assert!(
            read("{\"type\": \"Person\"}")
                .unwrap_err()
                .to_string()
                .contains("not a W3C Web Annotation file")
        );
    }
}
