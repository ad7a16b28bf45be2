//! Label Studio JSON: a list of tasks with their annotation results, as Label Studio
//! exports them ("JSON") and imports them. Written and read.
//!
//! ```json
//! [{"id": 1,
//!   "data": {"text": "Лукашенко said", "title": "…", "factmark_id": "…"},
//!   "annotations": [{"result": [
//!     {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels",
//!      "value": {"start": 0, "end": 9, "text": "Лукашенко", "labels": ["Actor"]}},
//!     {"id": "a1", "from_name": "note", "to_name": "text", "type": "textarea",
//!      "value": {"start": 0, "end": 9, "text": ["a note"]}}
//!   ]}]}]
//! ```
//!
//! Offsets are code points, half-open, which is what Label Studio stores since its
//! emoji fix. A note is a per-region `textarea` result with the region's id (what a
//! `<TextArea perRegion="true" name="note">` makes). The labelling config this needs:
//! [`CONFIG_HINT`].
//!
//! Reading takes every `labels` result of every annotation (and of `predictions` when
//! a task has no annotations), one label per span. Files from Label Studio versions
//! that counted UTF-16 units are recognised by the region's `text`: when the text at
//! the code point offsets differs from it but the text at the UTF-16 offsets matches,
//! the UTF-16 offsets are converted; when neither matches, that is a problem.

use super::labelled_text::{Builder, LabelledText, documents_with_spans};
use super::native::NativeFile;
use super::native::Seq;
use super::{Location, Problem, ReadError};
use crate::offsets;
use crate::span::Span;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// A labelling config for these tasks, with the file's labels in place of `…`.
pub const CONFIG_HINT: &str = r#"<View><Labels name="label" toName="text">…</Labels><Text name="text" value="$text"/><TextArea name="note" toName="text" perRegion="true"/></View>"#;

/// Whether `value` looks like Label Studio tasks: a list of objects with `data`.
pub fn looks_like(value: &Value) -> bool {
    value
        .as_array()
        .and_then(|tasks| tasks.first())
        .is_some_and(|task| task.get("data").is_some_and(Value::is_object))
}

/// Writes one task per document, its annotations as one completed annotation.
pub fn write(file: &NativeFile) -> Result<String, String> {
    let documents = documents_with_spans(file)?;
    for doc in &documents {
        if doc.spans.iter().any(|s| s.end > doc.text.chars().count()) {
            return Err(format!(
                "a span of document `{}` reaches past the end of its text",
                doc.document.id
            ));
        }
    }
    let tasks = Seq(|| {
        documents.iter().enumerate().map(|(n, doc)| {
            let chars = offsets::CharIndex::new(doc.text);
            let mut result = Vec::with_capacity(doc.spans.len());
            for span in &doc.spans {
                let value = ValueOut {
                    start: span.start,
                    end: span.end,
                    text: chars.slice(span.start, span.end).unwrap_or_default(),
                    labels: Some([span.label]),
                    note: None,
                };
                result.push(ResultOut {
                    id: &span.id.0,
                    from_name: "label",
                    to_name: "text",
                    kind: "labels",
                    origin: "manual",
                    value,
                });
                if !span.note.is_empty() {
                    result.push(ResultOut {
                        id: &span.id.0,
                        from_name: "note",
                        to_name: "text",
                        kind: "textarea",
                        origin: "manual",
                        value: ValueOut {
                            start: span.start,
                            end: span.end,
                            text: "",
                            labels: None,
                            note: Some([span.note]),
                        },
                    });
                }
            }
            TaskOut {
                id: n + 1,
                data: DataOut {
                    text: doc.text,
                    title: &doc.document.title,
                    factmark_id: &doc.document.id.0,
                },
                annotations: [CompletionOut { result }],
            }
        })
    });
    let annotations = documents.iter().map(|d| d.spans.len()).sum();
    Ok(super::json_text(&tasks, annotations, 600 * annotations + 1024))
}

#[derive(Serialize)]
struct TaskOut<'a> {
    id: usize,
    data: DataOut<'a>,
    annotations: [CompletionOut<'a>; 1],
}

#[derive(Serialize)]
struct DataOut<'a> {
    text: &'a str,
    title: &'a str,
    factmark_id: &'a str,
}

#[derive(Serialize)]
struct CompletionOut<'a> {
    result: Vec<ResultOut<'a>>,
}

#[derive(Serialize)]
struct ResultOut<'a> {
    id: &'a str,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    origin: &'static str,
    value: ValueOut<'a>,
}

/// A region's value: a labels result carries the quote as `text` and its labels; a
/// textarea result carries the note as a one-item `text` list.
#[derive(Serialize)]
struct ValueOut<'a> {
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "str::is_empty")]
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<[&'a str; 1]>,
    #[serde(rename = "text", skip_serializing_if = "Option::is_none")]
    note: Option<[&'a str; 1]>,
}

/// Reads Label Studio tasks.
pub fn read(json: &str) -> Result<NativeFile, ReadError> {
    let value = super::parse_json(json)?;
    let tasks = match &value {
        Value::Array(tasks) => tasks.as_slice(),
        Value::Object(_) => std::slice::from_ref(&value),
        _ => {
            return Err(ReadError::one(Problem::new(
                Location::File,
                "Label Studio tasks are a JSON list of objects with \"data\"",
            )));
        }
    };
    let mut builder = Builder::new();
    for (i, task) in tasks.iter().enumerate() {
        match read_task(task) {
            Ok(content) => builder.add(&Location::Path(format!("[{i}]")), content),
            Err((path, message)) => builder.problem(Problem::at(format!("[{i}]{path}"), message)),
        }
    }
    builder.finish()
}

fn read_task(task: &Value) -> Result<LabelledText, (String, String)> {
    let text = task
        .pointer("/data/text")
        .and_then(Value::as_str)
        .ok_or((
            ".data.text".to_owned(),
            "the task has no string data.text".to_owned(),
        ))?
        .to_owned();
    let title = task
        .pointer("/data/title")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let list = |key: &str| task.get(key).and_then(Value::as_array).filter(|l| !l.is_empty());
    let (key, completions) = match (list("annotations"), list("predictions")) {
        (Some(annotations), _) => ("annotations", annotations.as_slice()),
        (None, Some(predictions)) => ("predictions", predictions.as_slice()),
        (None, None) => ("annotations", &[][..]),
    };
    let mut spans = Vec::new();
    let mut notes: HashMap<String, String> = HashMap::new();
    let mut regions: Vec<(Option<String>, (u64, u64, String))> = Vec::new();
    for (a, completion) in completions.iter().enumerate() {
        let results = completion
            .get("result")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for (r, result) in results.iter().enumerate() {
            let path = format!(".{key}[{a}].result[{r}]");
            let id = result.get("id").and_then(Value::as_str).map(str::to_owned);
            let value = result.get("value").unwrap_or(&Value::Null);
            match result.get("type").and_then(Value::as_str) {
                Some("labels") => {
                    let field = |k: &str| value.get(k).and_then(Value::as_u64);
                    let labels = value.get("labels").and_then(Value::as_array);
                    let (Some(start), Some(end), Some(labels)) = (field("start"), field("end"), labels)
                    else {
                        return Err((
                            path,
                            "a labels result needs value.start, value.end and value.labels".to_owned(),
                        ));
                    };
                    let (start, end) =
                        cp_offsets(&text, start, end, value.get("text").and_then(Value::as_str))
                            .map_err(|message| (format!("{path}.value"), message))?;
                    for label in labels {
                        let label = label
                            .as_str()
                            .ok_or((format!("{path}.value.labels"), "labels are strings".to_owned()))?;
                        regions.push((id.clone(), (start, end, label.to_owned())));
                    }
                }
                Some("textarea") => {
                    let note: Vec<&str> = match value.get("text") {
                        Some(Value::Array(lines)) => lines.iter().filter_map(Value::as_str).collect(),
                        Some(Value::String(line)) => vec![line.as_str()],
                        _ => Vec::new(),
                    };
                    if let Some(id) = id {
                        notes.insert(id, note.join("\n"));
                    }
                }
                _ => {}
            }
        }
    }
    for (id, (start, end, label)) in regions {
        let note = id.and_then(|id| notes.get(&id).cloned()).unwrap_or_default();
        spans.push((start, end, label, note));
    }
    Ok(LabelledText { text, title, spans })
}

/// The code point offsets of a region, converting UTF-16 offsets from older Label
/// Studio versions when the region's `quote` shows that is what they are.
fn cp_offsets(text: &str, start: u64, end: u64, quote: Option<&str>) -> Result<(u64, u64), String> {
    let Some(quote) = quote else {
        return Ok((start, end));
    };
    let slice = |s: usize, e: usize| Span::new(s, e).ok().and_then(|span| span.slice(text).ok());
    if slice(start as usize, end as usize) == Some(quote) {
        return Ok((start, end));
    }
    let from_utf16 = offsets::cp_of_utf16(text, start as usize)
        .and_then(|s| Ok((s, offsets::cp_of_utf16(text, end as usize)?)));
    if let Ok((s, e)) = from_utf16
        && slice(s, e) == Some(quote)
    {
        return Ok((s as u64, e as u64));
    }
    Err(format!(
        "the text at {start}–{end} is not the region's text {quote:?}, counted in code points or in UTF-16 units"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf16_offsets_of_older_versions_by_their_text() {
        // Label Studio before its emoji fix: "annotation" after 💩 at UTF-16 13–23.
        let tasks = r#"[{"data": {"text": "💩This is an annotation."}, "annotations": [{"result": [
            {"id": "x", "type": "labels", "value": {"start": 13, "end": 23, "text": "annotation", "labels": ["Claim"]}}]}]}]"#;
        let file = read(tasks).unwrap();
        assert_eq!(
            (
                file.annotations[0].span().start(),
                file.annotations[0].span().end()
            ),
            (12, 22)
        );
        let wrong = tasks.replace("\"annotation\", \"labels\"", "\"nothing\", \"labels\"");
        let err = read(&wrong).unwrap_err().to_string();
        assert!(
            err.starts_with("at [0].annotations[0].result[0].value: the text at 13–23"),
            "{err}"
        );
    }

    #[test]
    fn reads_predictions_when_there_are_no_annotations_and_per_region_notes() {
        let tasks = r#"{"data": {"text": "Минск said"}, "predictions": [{"result": [
            {"id": "r", "type": "labels", "value": {"start": 0, "end": 5, "labels": ["Actor"]}},
            {"id": "r", "type": "textarea", "value": {"start": 0, "end": 5, "text": ["capital", "city"]}}]}]}"#;
        let file = read(tasks).unwrap();
        assert_eq!(file.annotations[0].label, "Actor");
        assert_eq!(file.annotations[0].note, "capital\ncity");
    }

    #[test]
    fn names_the_task_and_field_of_a_problem() {
        let err = read(r#"[{"data": {"text": "ab"}}, {"data": {}}]"#)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "at [1].data.text: the task has no string data.text");
        let err = read(r#"[{"data": {"text": "ab"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 9, "labels": ["A"]}}]}]}]"#)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("at [0]: span 0:"), "{err}");
    }
}
