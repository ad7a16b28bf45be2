//! What the JSON Lines formats of doccano and spaCy share: one document per line, its
//! text and its labelled spans as code point offsets (Python string indices). The
//! format modules only say how a line is spelled; building the [`NativeFile`], checking
//! offsets against the text and naming problems by line happen here.

use super::native::{FileDocument, NativeFile};
use super::plain::text_id;
use super::{Location, Problem, ReadError};
use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::document::{Source, Status, sha256_hex};
use crate::label::{Label, LabelSet};
use crate::offsets;
use crate::span::Span;
use crate::timestamp::Timestamp;
use std::collections::HashMap;

/// One line's content, as a format module reads it.
pub(crate) struct LabelledText {
    /// The document text.
    pub text: String,
    /// `(start, end, label, note)`, code points, half-open.
    pub spans: Vec<(u64, u64, String, String)>,
}

/// A line's spans, as a format module writes them.
pub(crate) struct SpanOut<'a> {
    /// Code point offsets.
    pub start: usize,
    /// Code point offsets, exclusive.
    pub end: usize,
    /// The label's name.
    pub label: &'a str,
    /// The note, empty when none.
    pub note: &'a str,
}

/// Each document of `file` with its text and its spans in reading order; a document
/// without its text is an error naming it, since these formats carry the text.
pub(crate) fn documents_with_spans(file: &NativeFile) -> Result<Vec<(&str, Vec<SpanOut<'_>>)>, String> {
    let mut by_document: HashMap<_, Vec<&Annotation>> = HashMap::new();
    for annotation in &file.annotations {
        by_document
            .entry(&annotation.document)
            .or_default()
            .push(annotation);
    }
    file.documents
        .iter()
        .map(|doc| {
            let text = doc.text.as_deref().ok_or_else(|| {
                format!(
                    "document `{}` has no text, and this format carries the text",
                    doc.id
                )
            })?;
            let mut spans: Vec<&Annotation> = by_document.remove(&doc.id).unwrap_or_default();
            spans.sort_by_key(|a| (a.span(), a.id.clone()));
            let spans = spans
                .into_iter()
                .map(|a| SpanOut {
                    start: a.span().start(),
                    end: a.span().end(),
                    label: &a.label,
                    note: &a.note,
                })
                .collect();
            Ok((text, spans))
        })
        .collect()
}

/// Builds a [`NativeFile`] from the lines of a JSON Lines file, read by `read_line`
/// (which names a problem by its field path inside the line). Blank lines are skipped;
/// every problem is reported with its line number.
pub(crate) fn read_lines(
    jsonl: &str,
    read_line: impl Fn(&serde_json::Value) -> Result<LabelledText, String>,
) -> Result<NativeFile, ReadError> {
    let mut problems = Vec::new();
    let mut labels = LabelSet::empty();
    let mut documents: Vec<FileDocument> = Vec::new();
    let mut annotations = Vec::new();
    for (index, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |column: usize| Location::LineColumn {
            line: index + 1,
            column,
        };
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(err) => {
                problems.push(Problem::new(
                    at(err.column()),
                    format!("this is not valid JSON: {err}"),
                ));
                continue;
            }
        };
        let content = match read_line(&value) {
            Ok(content) => content,
            Err(message) => {
                problems.push(Problem::new(at(1), message));
                continue;
            }
        };
        let id = text_id(&content.text);
        let len = offsets::cp_len(&content.text);
        for (n, (start, end, label, note)) in content.spans.into_iter().enumerate() {
            let span = match Span::new(start as usize, end as usize).and_then(|s| s.check_within(len)) {
                Ok(span) => span,
                Err(err) => {
                    problems.push(Problem::new(at(1), format!("span {n}: {err}")));
                    continue;
                }
            };
            if labels.get(&label).is_none() {
                let _ = labels.add(Label {
                    name: label.clone(),
                    color: "#868e96".to_owned(),
                    hotkey: None,
                });
            }
            let anchor = Anchor::describe(&content.text, span).expect("checked within the text");
            annotations.push(Annotation {
                id: AnnotationId(format!("{}-{}-{n}", id, index + 1)),
                document: id.clone(),
                anchor,
                label,
                note,
                annotator: String::new(),
                created: Timestamp::default(),
                updated: Timestamp::default(),
            });
        }
        if !documents.iter().any(|d| d.id == id) {
            documents.push(FileDocument {
                id,
                title: crate::document::default_title(&content.text),
                sha256: sha256_hex(&content.text),
                source: Source::Pasted,
                status: Status::NotStarted,
                text: Some(content.text),
            });
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
