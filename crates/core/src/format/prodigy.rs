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
//! (and `note`), whatever the tokens say, from the tasks answered `"accept"`: see
//! [`read`].

use super::labelled_text::{documents_with_spans, read_lines, text_and_spans};
use super::native::NativeFile;
use super::native::Seq;
use super::tokens;
use super::{Fate, Notice, Output, ReadError, Reading, Tally, Written};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

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

/// Reads Prodigy JSON Lines: `ner_manual`/`spans_manual` tasks, and the binary answers
/// of `ner.teach` and the like. Only tasks answered `"accept"` (or with no answer, as
/// in a file of tasks not yet shown) are read: a `"reject"` says its spans are wrong
/// and an `"ignore"` that the task was skipped, so neither their spans nor their texts
/// are read, and both are counted in the reading's notices. Tasks sharing a text (as
/// `ner.teach` asks about one span at a time) are one document with all their
/// accepted spans. The annotator is `_annotator_id` (or the `_session_id`) of
/// multi-user sessions. A task's `relations` and chosen `accept` options are counted
/// as not read.
pub fn read(jsonl: &str) -> Result<Reading, ReadError> {
    use std::cell::RefCell;
    // Per answer that is not read: (tasks, spans).
    let skipped: RefCell<BTreeMap<String, (usize, usize)>> = RefCell::new(BTreeMap::new());
    let mut reading = read_lines(jsonl, ("Prodigy task", "Prodigy tasks"), |line| {
        let answer = line.get("answer").and_then(Value::as_str).unwrap_or("accept");
        let mut content = text_and_spans(line)?;
        if answer != "accept" {
            let mut skipped = skipped.borrow_mut();
            let counts = skipped.entry(answer.to_owned()).or_default();
            counts.0 += 1;
            counts.1 += content.spans.len();
            return Ok(None);
        }
        content.title = line
            .pointer("/meta/title")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let annotator = ["_annotator_id", "_session_id"]
            .iter()
            .find_map(|key| line.get(*key).and_then(Value::as_str))
            .unwrap_or_default();
        for span in &mut content.spans {
            span.annotator = annotator.to_owned();
        }
        let count = |key: &str| line.get(key).and_then(Value::as_array).map_or(0, Vec::len);
        content.unread.add(
            count("relations"),
            ("Prodigy relation", "Prodigy relations"),
            Fate::NotRead,
            "factmark does not hold relations between spans yet",
        );
        content.unread.add(
            count("accept"),
            (
                "chosen Prodigy option (accept)",
                "chosen Prodigy options (accept)",
            ),
            Fate::NotRead,
            "factmark labels spans, not whole documents",
        );
        Ok(Some(content))
    })?;
    let mut tally = Tally(std::mem::take(&mut reading.unread));
    for (answer, (tasks, spans)) in skipped.into_inner() {
        let why = match answer.as_str() {
            "reject" => format!(
                "a rejected answer says its spans are wrong, so neither they ({spans}) nor the texts are read"
            ),
            "ignore" => {
                format!("an ignored task was skipped, so neither its spans ({spans}) nor its text are read")
            }
            _ => format!("only answers \"accept\" are read ({spans} spans)"),
        };
        let one = format!("Prodigy task answered \"{answer}\"");
        let many = format!("Prodigy tasks answered \"{answer}\"");
        tally.add(tasks, (&one, &many), Fate::NotRead, &why);
    }
    reading.unread = tally.0;
    Ok(reading)
}
