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

use super::labelled_text::{LabelledText, RelationIn, SpanIn, documents_with_spans, read_lines};
use super::native::NativeFile;
use super::{Fate, Output, ReadError, Reading, Written};
use crate::{Annotation, AnnotationId};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Writes one line per document: `{"text": …, "label": [[start, end, label], …]}`; or,
/// when the file has relations, doccano's relation-extraction form,
/// `{"text": …, "entities": [{"id", "start_offset", "end_offset", "label"}], "relations":
/// [{"id", "from_id", "to_id", "type"}]}` (entity ids count up through the file). A
/// relation between documents is named in a notice; doccano has no attributes (the
/// notice names those too).
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let annotations: HashMap<&AnnotationId, &Annotation> =
        file.annotations.iter().map(|a| (&a.id, a)).collect();
    let (relations_of, mut notices) = super::relations_by_document(file, &annotations, "doccano");
    let with_relations = !file.relations.is_empty();
    let mut out = String::new();
    let (mut next_entity, mut next_relation) = (0usize, 0usize);
    for doc in documents_with_spans(file)? {
        let (text, spans) = (doc.text, doc.spans);
        let comments: Vec<Value> = spans
            .iter()
            .filter(|s| !s.note.is_empty())
            .map(|s| json!({ "start": s.start, "end": s.end, "text": s.note }))
            .collect();
        let mut line = if with_relations {
            let mut ids: HashMap<&AnnotationId, usize> = HashMap::new();
            let entities: Vec<Value> = spans
                .iter()
                .map(|s| {
                    ids.insert(s.id, next_entity);
                    next_entity += 1;
                    json!({ "id": next_entity - 1, "start_offset": s.start, "end_offset": s.end, "label": s.label })
                })
                .collect();
            let mut relations = Vec::new();
            for relation in relations_of.get(&doc.document.id).into_iter().flatten() {
                match (ids.get(&relation.from), ids.get(&relation.to)) {
                    (Some(from), Some(to)) => {
                        relations.push(json!({ "id": next_relation, "from_id": from, "to_id": to, "type": relation.kind }));
                        next_relation += 1;
                    }
                    _ => notices.push(super::relation_left_out(
                        Some(&doc.document.id),
                        relation,
                        "doccano",
                        "an end of it is not in the file",
                    )),
                }
            }
            json!({ "text": text, "entities": entities, "relations": relations })
        } else {
            let labels: Vec<Value> = spans.iter().map(|s| json!([s.start, s.end, s.label])).collect();
            json!({ "text": text, "label": labels })
        };
        if !comments.is_empty() {
            line["comments"] = Value::Array(comments);
        }
        out.push_str(&line.to_string());
        out.push('\n');
    }
    Ok(Written {
        output: Output::Text(out),
        notices,
    })
}

/// Reads doccano JSON Lines in the `label` or the `entities` form, with the latter's
/// `relations` between its entities (by id). Document-level labels (text
/// classification) are counted in the reading's notices: factmark does not hold them.
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
                let key = entity.get("id").map(Value::to_string).unwrap_or_default();
                spans.push(
                    SpanIn::new(start, end, label.to_owned())
                        .with_note(note_for(start, end))
                        .with_key(key),
                );
            }
        }
        let mut content = LabelledText::new(text, spans);
        // `{"from_id": 0, "to_id": 1, "type": "foundedAt"}`, between the line's entities.
        let relations = line
            .get("relations")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for (n, relation) in relations.iter().enumerate() {
            let end = |key: &str| relation.get(key).filter(|v| !v.is_null()).map(Value::to_string);
            let kind = relation.get("type").and_then(Value::as_str);
            let (Some(from), Some(to), Some(kind)) = (end("from_id"), end("to_id"), kind) else {
                return Err(format!("relations[{n}] needs from_id, to_id and type"));
            };
            content.relations.push(RelationIn {
                kind: kind.to_owned(),
                from,
                to,
                note: String::new(),
            });
        }
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
