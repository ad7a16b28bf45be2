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
use super::tokens;
use super::{Notice, Output, ReadError, Written};
use serde_json::{Value, json};

/// Writes one task per document.
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let mut out = String::new();
    let mut notices = Vec::new();
    for doc in documents_with_spans(file)? {
        let words = tokens::words(doc.text);
        let token_values: Vec<Value> = words
            .iter()
            .enumerate()
            .map(|(i, t)| json!({"text": t.text, "start": t.start, "end": t.end, "id": i, "ws": t.space_after}))
            .collect();
        let mut spans = Vec::new();
        for span in &doc.spans {
            match tokens::align(&words, span.span()) {
                Ok((first, last)) => {
                    let mut value = json!({
                        "start": span.start,
                        "end": span.end,
                        "token_start": first,
                        "token_end": last,
                        "label": span.label,
                    });
                    if !span.note.is_empty() {
                        value["note"] = json!(span.note);
                    }
                    spans.push(value);
                }
                Err(reason) => notices.push(Notice::left_out(&doc.document.id, span.id, "Prodigy", reason)),
            }
        }
        let line = json!({
            "text": doc.text,
            "meta": {"id": doc.document.id.0, "title": doc.document.title},
            "tokens": token_values,
            "spans": spans,
            "answer": "accept",
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    Ok(Written {
        output: Output::Text(out),
        notices,
    })
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
