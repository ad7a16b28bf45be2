//! spaCy-style JSON Lines: `{"text": …, "spans": [{"start": …, "end": …, "label": …}]}`
//! per document, with character offsets (code points), half-open — what
//! `nlp.make_doc(text).char_span(start, end, label)` takes.

use super::labelled_text::{documents_with_spans, read_lines, text_and_spans};
use super::native::NativeFile;
use super::{ReadError, Reading};
use serde_json::{Value, json};

/// Writes one line per document. A span with a note carries it as `"note"`.
pub fn write(file: &NativeFile) -> Result<String, String> {
    let mut out = String::new();
    for doc in documents_with_spans(file)? {
        let (text, spans) = (doc.text, doc.spans);
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
pub fn read(jsonl: &str) -> Result<Reading, ReadError> {
    read_lines(jsonl, ("line", "lines"), |line| text_and_spans(line).map(Some))
}
