//! spaCy-style JSON Lines: `{"text": …, "spans": [{"start": …, "end": …, "label": …}]}`
//! per document, with character offsets (code points), half-open — what
//! `nlp.make_doc(text).char_span(start, end, label)` takes.

use super::ReadError;
use super::labelled_text::{LabelledText, documents_with_spans, read_lines};
use super::native::NativeFile;
use serde_json::{Value, json};

/// Writes one line per document. A span with a note carries it as `"note"`.
pub fn write(file: &NativeFile) -> Result<String, String> {
    let mut out = String::new();
    for (text, spans) in documents_with_spans(file)? {
        let spans: Vec<Value> = spans
            .iter()
            .map(|s| {
                let mut span = json!({ "start": s.start, "end": s.end, "label": s.label });
                if !s.note.is_empty() {
                    span["note"] = json!(s.note);
                }
                span
            })
            .collect();
        out.push_str(&json!({ "text": text, "spans": spans }).to_string());
        out.push('\n');
    }
    Ok(out)
}

/// Reads spaCy-style JSON Lines.
pub fn read(jsonl: &str) -> Result<NativeFile, ReadError> {
    read_lines(jsonl, |line| {
        let text = line
            .get("text")
            .and_then(Value::as_str)
            .ok_or("it has no string \"text\"")?
            .to_owned();
        let mut spans = Vec::new();
        let items = match line.get("spans") {
            Some(spans) => spans.as_array().ok_or("its \"spans\" is not a list")?.as_slice(),
            None => &[],
        };
        for (n, span) in items.iter().enumerate() {
            let field = |key: &str| span.get(key).and_then(Value::as_u64);
            let label = span.get("label").and_then(Value::as_str);
            let (Some(start), Some(end), Some(label)) = (field("start"), field("end"), label) else {
                return Err(format!("spans[{n}] needs start, end and label"));
            };
            let note = span
                .get("note")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            spans.push((start, end, label.to_owned(), note));
        }
        Ok(LabelledText { text, spans })
    })
}
