//! Prodigy JSON Lines (`ner_manual` / `spans_manual` tasks): written and read.
//!
//! ```json
//! {"text": "Лукашенко said", "meta": {"id": "…", "title": "…"},
//!  "tokens": [{"text": "Лукашенко", "start": 0, "end": 9, "id": 0, "ws": true}, …],
//!  "spans": [{"start": 0, "end": 9, "token_start": 0, "token_end": 0, "label": "Actor"}],
//!  "answer": "accept"}
//! ```
//!
//! Offsets are code points, half-open; `token_end` is inclusive, as in Prodigy.
//! Tokens are [`super::tokens::words`]; a span off token boundaries is left out and
//! reported. Overlapping spans are kept (`spans_manual` shows them). A note goes in
//! the span's `"note"`. Reading takes `text` and each span's `start`, `end`, `label`
//! (and `note`), whatever the tokens or `answer` say.

use super::labelled_text::{documents_with_spans, read_lines, text_and_spans};
use super::native::NativeFile;
use super::native::Seq;
use super::tokens;
use super::{Notice, Output, ReadError, Written};
use serde::Serialize;
use serde_json::Value;

/// Writes one task per document.
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let documents = documents_with_spans(file)?;
    let parts = super::par_map(&documents, |doc| {
        let mut out = Vec::with_capacity(doc.text.len() * 8);
        let mut notices = Vec::new();
        let words = tokens::words(doc.text);
        let mut spans = Vec::with_capacity(doc.spans.len());
        for span in &doc.spans {
            match tokens::align(&words, span.span()) {
                Ok((first, last)) => spans.push(SpanOut {
                    start: span.start,
                    end: span.end,
                    token_start: first,
                    token_end: last,
                    label: span.label,
                    note: (!span.note.is_empty()).then_some(span.note),
                }),
                Err(reason) => notices.push(Notice::left_out(&doc.document.id, span.id, "Prodigy", reason)),
            }
        }
        let task = TaskOut {
            text: doc.text,
            meta: MetaOut {
                id: &doc.document.id.0,
                title: &doc.document.title,
            },
            tokens: Seq(|| {
                words.iter().enumerate().map(|(id, t)| TokenOut {
                    text: t.text,
                    start: t.start,
                    end: t.end,
                    id,
                    ws: t.space_after,
                })
            }),
            spans,
            answer: "accept",
        };
        serde_json::to_writer(&mut out, &task).expect("tasks always serialise");
        out.push(b'\n');
        (out, notices)
    });
    let (parts, notices) = super::gather(parts);
    Ok(Written {
        output: Output::Text(String::from_utf8(parts.concat()).expect("serde_json writes UTF-8")),
        notices,
    })
}

#[derive(Serialize)]
struct TaskOut<'a, T> {
    text: &'a str,
    meta: MetaOut<'a>,
    tokens: T,
    spans: Vec<SpanOut<'a>>,
    answer: &'static str,
}

#[derive(Serialize)]
struct MetaOut<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    token_start: usize,
    token_end: usize,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// Reads Prodigy JSON Lines.
pub fn read(jsonl: &str) -> Result<NativeFile, ReadError> {
    read_lines(jsonl, |line| {
        let mut content = text_and_spans(line)?;
        content.title = line
            .pointer("/meta/title")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(content)
    })
}
