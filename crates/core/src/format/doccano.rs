//! doccano JSON Lines: one document per line, in either of doccano's two spellings.
//!
//! ```json
//! {"text": "Лукашенко said 🇧🇾 troops moved", "label": [[0, 9, "Actor"], [15, 17, "Figure"]]}
//! {"text": "…", "entities": [{"id": 1, "label": "Actor", "start_offset": 0, "end_offset": 9}], "relations": []}
//! ```
//!
//! Offsets are code points (Python string indices), half-open. factmark writes the
//! `label` form (doccano's sequence-labelling export) with a note, where there is
//! one, under `"comments"`; it reads both forms.

use super::labelled_text::{LabelledText, SpanIn, documents_with_spans, read_lines};
use super::native::NativeFile;
use super::{Fate, ReadError, Reading};
use serde_json::{Value, json};

/// Writes one line per document: `{"text": …, "label": [[start, end, label], …]}`.
pub fn write(file: &NativeFile) -> Result<String, String> {
    let mut out = String::new();
    for doc in documents_with_spans(file)? {
        let (text, spans) = (doc.text, doc.spans);
        let labels: Vec<Value> = spans.iter().map(|s| json!([s.start, s.end, s.label])).collect();
        let comments: Vec<Value> = spans
            .iter()
            .filter(|s| !s.note.is_empty())
            .map(|s| json!({ "start": s.start, "end": s.end, "text": s.note }))
            .collect();
        let mut line = json!({ "text": text, "label": labels });
        if !comments.is_empty() {
            line["comments"] = Value::Array(comments);
        }
        out.push_str(&line.to_string());
        out.push('\n');
    }
    Ok(out)
}

/// Reads doccano JSON Lines in the `label` or the `entities` form. A line's
/// `relations` and its document-level labels (text classification) are counted in the
/// reading's notices: factmark holds neither yet.
pub fn read(jsonl: &str) -> Result<Reading, ReadError> {
    read_lines(jsonl, ("doccano line", "doccano lines"), |line| {
        let text = line
            .get("text")
            .and_then(Value::as_str)
            .ok_or("it has no string \"text\"")?
            .to_owned();
        let note_for = |start: u64, end: u64| {
            line.get("comments")
                .and_then(Value::as_array)
                .and_then(|cs| {
                    cs.iter().find(|c| {
                        c.get("start").and_then(Value::as_u64) == Some(start)
                            && c.get("end").and_then(Value::as_u64) == Some(end)
                    })
                })
                .and_then(|c| c.get("text").and_then(Value::as_str))
                .unwrap_or_default()
                .to_owned()
        };
        let mut spans = Vec::new();
        let mut categories = 0;
        // "label" in the sequence-labelling export; "labels" in the classification one.
        if let Some(labels) = line.get("label").or_else(|| line.get("labels")) {
            for (n, item) in labels
                .as_array()
                .ok_or("its \"label\" (or \"labels\") is not a list")?
                .iter()
                .enumerate()
            {
                if item.is_string() {
                    categories += 1;
                    continue;
                }
                let triple = item.as_array().filter(|t| t.len() == 3);
                let parsed =
                    triple.and_then(|t| Some((t[0].as_u64()?, t[1].as_u64()?, t[2].as_str()?.to_owned())));
                let (start, end, label) =
                    parsed.ok_or_else(|| format!("label[{n}] is not [start, end, \"label\"]"))?;
                spans.push(SpanIn::new(start, end, label).with_note(note_for(start, end)));
            }
        } else if let Some(entities) = line.get("entities") {
            for (n, entity) in entities
                .as_array()
                .ok_or("its \"entities\" is not a list")?
                .iter()
                .enumerate()
            {
                let field = |key: &str| entity.get(key).and_then(Value::as_u64);
                let label = entity.get("label").and_then(Value::as_str);
                let (Some(start), Some(end), Some(label)) =
                    (field("start_offset"), field("end_offset"), label)
                else {
                    return Err(format!("entities[{n}] needs start_offset, end_offset and label"));
                };
                spans.push(SpanIn::new(start, end, label.to_owned()).with_note(note_for(start, end)));
            }
        }
        let mut content = LabelledText::new(text, spans);
        let relations = line
            .get("relations")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        content.unread.add(
            relations,
            ("doccano relation", "doccano relations"),
            Fate::NotRead,
            "factmark does not hold relations between spans yet",
        );
        content.unread.add(
            categories,
            (
                "doccano document label (text classification)",
                "doccano document labels (text classification)",
            ),
            Fate::NotRead,
            "factmark labels spans, not whole documents",
        );
        Ok(Some(content))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_spellings_with_code_point_offsets() {
        let jsonl = concat!(
            r#"{"text": "🇧🇾 Лукашенко said", "label": [[3, 12, "Actor"]]}"#,
            "\n",
            r#"{"text": "Войска moved", "entities": [{"id": 7, "label": "Claim", "start_offset": 0, "end_offset": 12}], "relations": []}"#,
            "\n"
        );
        let file = read(jsonl).unwrap().file;
        assert_eq!(file.documents.len(), 2);
        let quotes: Vec<&str> = file.annotations.iter().map(|a| a.anchor.quote()).collect();
        assert_eq!(quotes, ["Лукашенко", "Войска moved"]);
    }

    #[test]
    fn bad_lines_are_named() {
        let err = read("{\"text\": \"abc\", \"label\": [[0, 9, \"X\"]]}\n{\"label\": []}\n").unwrap_err();
        let lines: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert!(
            lines[0].starts_with("line 1, column 1: span 0: span [0, 9) reaches past the end"),
            "{lines:?}"
        );
        assert_eq!(lines[1], "line 2, column 1: it has no string \"text\"");
    }
}
