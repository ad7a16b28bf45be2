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
use super::{Location, Problem, ReadError};
use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::document::{DocId, Source, Status, is_sha256_hex};
use crate::label::{Label, LabelSet};
use crate::span::Span;
use crate::timestamp::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The JSON-LD context of the Web Annotation model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
const ANNOTATION_PREFIX: &str = "urn:factmark:annotation:";
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
    let items = || {
        file.annotations
            .iter()
            .filter_map(|a| sha_of.get(&a.document).map(|sha| annotation(a, sha)))
    };
    let out = CollectionOut {
        context: CONTEXT,
        id: &collection,
        kind: "AnnotationCollection",
        label: "factmark annotations",
        total: file
            .annotations
            .iter()
            .filter(|a| sha_of.contains_key(&a.document))
            .count(),
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
struct AnnotationOut<'a> {
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
    target: TargetOut<'a>,
}

#[derive(Serialize)]
struct CreatorOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct BodyOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: &'a str,
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

fn annotation<'a>(a: &'a Annotation, sha256: &str) -> AnnotationOut<'a> {
    let mut body = vec![BodyOut {
        kind: "TextualBody",
        purpose: "tagging",
        value: &a.label,
    }];
    if !a.note.is_empty() {
        body.push(BodyOut {
            kind: "TextualBody",
            purpose: "commenting",
            value: &a.note,
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
pub fn read(json: &str) -> Result<NativeFile, ReadError> {
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
    for (i, item) in items.iter().enumerate() {
        let at = |field: &str| format!("{base}[{i}]{field}");
        match read_annotation(item, &at) {
            Ok((annotation, sha256)) => {
                if labels.get(&annotation.label).is_none() {
                    let _ = labels.add(Label {
                        name: annotation.label.clone(),
                        color: "#868e96".to_owned(),
                        hotkey: None,
                    });
                }
                if !documents.iter().any(|d| d.id == annotation.document) {
                    documents.push(FileDocument {
                        id: annotation.document.clone(),
                        title: String::new(),
                        sha256,
                        source: Source::Pasted,
                        status: Status::NotStarted,
                        text: None,
                    });
                }
                annotations.push(annotation);
            }
            Err(problem) => problems.push(problem),
        }
    }
    super::finish(
        problems,
        NativeFile {
            labels,
            documents,
            annotations,
        },
    )
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

fn read_annotation(item: &Value, at: &dyn Fn(&str) -> String) -> Result<(Annotation, String), Problem> {
    let object = item
        .as_object()
        .ok_or_else(|| Problem::at(at(""), "an annotation must be a JSON object"))?;
    let text =
        |object: &Map<String, Value>, key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    let id = text(object, "id").ok_or_else(|| Problem::at(at(".id"), "an annotation needs an id"))?;
    let id = id.strip_prefix(ANNOTATION_PREFIX).unwrap_or(&id).to_owned();

    let bodies: Vec<&Value> = match object.get("body") {
        Some(Value::Array(bodies)) => bodies.iter().collect(),
        Some(body) => vec![body],
        None => Vec::new(),
    };
    let body_with = |purpose: &str| {
        bodies.iter().find_map(|b| {
            let purpose_matches = match b.get("purpose") {
                Some(Value::String(p)) => p == purpose,
                Some(Value::Array(ps)) => ps.iter().any(|p| p.as_str() == Some(purpose)),
                None => purpose == "tagging",
                _ => false,
            };
            purpose_matches
                .then(|| b.get("value").and_then(Value::as_str))
                .flatten()
        })
    };
    let label = body_with("tagging")
        .or_else(|| object.get("bodyValue").and_then(Value::as_str))
        .ok_or_else(|| Problem::at(at(".body"), "no body with purpose \"tagging\" gives the label"))?
        .to_owned();
    let note = body_with("commenting").unwrap_or_default().to_owned();

    let target = object
        .get("target")
        .and_then(|t| {
            if let Value::Array(ts) = t {
                ts.first()
            } else {
                Some(t)
            }
        })
        .ok_or_else(|| Problem::at(at(".target"), "an annotation needs a target"))?;
    let source = target
        .get("source")
        .and_then(Value::as_str)
        .ok_or_else(|| Problem::at(at(".target.source"), "the target needs a source"))?;
    let sha256 = source
        .strip_prefix(SOURCE_PREFIX)
        .filter(|sha| is_sha256_hex(sha))
        .ok_or_else(|| {
            Problem::at(
                at(".target.source"),
                format!("{source:?} does not name a text by its SHA-256 (urn:sha256:<64 hex digits>)"),
            )
        })?
        .to_owned();
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(s)) => s.iter().collect(),
        Some(s) => vec![s],
        None => Vec::new(),
    };
    let selector = |kind: &str| {
        selectors
            .iter()
            .find(|s| s.get("type").and_then(Value::as_str) == Some(kind))
    };
    let quote = selector("TextQuoteSelector").ok_or_else(|| {
        Problem::at(
            at(".target.selector"),
            "a TextQuoteSelector is needed to find the text",
        )
    })?;
    let exact = quote
        .get("exact")
        .and_then(Value::as_str)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| {
            Problem::at(
                at(".target.selector"),
                "the TextQuoteSelector has no \"exact\" text",
            )
        })?;
    let context = |key: &str| {
        quote
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    // Without a position, the quote is searched for from the start.
    let position = selector("TextPositionSelector").and_then(|p| {
        let start = p.get("start")?.as_u64()? as usize;
        let end = p.get("end")?.as_u64()? as usize;
        Span::new(start, end).ok()
    });
    let span = position.unwrap_or_else(|| {
        Span::new(0, exact.chars().count()).expect("a non-empty quote makes a non-empty span")
    });
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
    let annotation = Annotation {
        id: AnnotationId(id),
        document: DocId(sha256[..16].to_owned()),
        anchor: Anchor::from_parts(span, exact.to_owned(), context("prefix"), context("suffix")),
        label,
        note,
        annotator,
        agreed_by: Vec::new(),
        created,
        updated,
    };
    Ok((annotation, sha256))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_bare_annotation_from_another_tool() {
        let sha = "a".repeat(64);
        let json = format!(
            r#"{{"@context": "{CONTEXT}", "id": "http://example.org/anno1", "type": "Annotation",
                "bodyValue": "Actor",
                "target": {{"source": "urn:sha256:{sha}",
                            "selector": {{"type": "TextQuoteSelector", "exact": "Лукашенко"}}}}}}"#
        );
        let file = read(&json).unwrap();
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
                        "target": {"source": "http://example.org/page"}}]"#;
        let err = read(json).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("at [0].target.source: \"http://example.org/page\" does not name"),
            "{err}"
        );
        assert!(
            read("{\"type\": \"Person\"}")
                .unwrap_err()
                .to_string()
                .contains("not a W3C Web Annotation file")
        );
    }
}
