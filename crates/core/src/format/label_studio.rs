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
//! Reading takes every `labels` result of every annotation that was not cancelled, one
//! label per span, with its `completed_by` as the annotator; predictions and the
//! results factmark does not hold are counted, not read (see [`read`]). Files from Label Studio versions
//! that counted UTF-16 units are recognised by the region's `text`: when the text at
//! the code point offsets differs from it but the text at the UTF-16 offsets matches,
//! the UTF-16 offsets are converted; when neither matches, that is a problem.

use super::labelled_text::{Builder, LabelledText, SpanIn, documents_with_spans};
use super::native::NativeFile;
use super::native::Seq;
use super::{Fate, Location, Problem, ReadError, Reading, Tally};
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

/// Reads Label Studio tasks: a list of them, or one task object. Every `labels`
/// result of every submitted annotation becomes a span (one per label), with the
/// annotation's `completed_by` as its annotator and a per-region `textarea` as its
/// note. Counted in the reading's notices, not read: cancelled (skipped) annotations,
/// `predictions` (model output, not annotations), `relation` and `choices` results and
/// any other kind of result.
pub fn read(json: &str) -> Result<Reading, ReadError> {
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
    let mut builder = Builder::new(("Label Studio task", "Label Studio tasks"));
    for (i, task) in tasks.iter().enumerate() {
        match read_task(task) {
            Ok(content) => builder.add(&Location::Path(format!("[{i}]")), content),
            Err((path, message)) => builder.problem(Problem::at(format!("[{i}]{path}"), message)),
        }
    }
    builder.finish()
}

/// Who made an annotation, from its `completed_by`: an email or name when the export
/// carries the user, else the user's number.
fn annotator_of(completion: &Value) -> String {
    match completion.get("completed_by") {
        Some(Value::Object(user)) => {
            let field = |k: &str| {
                user.get(k)
                    .and_then(Value::as_str)
                    .filter(|v| !v.trim().is_empty())
            };
            let name = [field("first_name"), field("last_name")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            field("email")
                .map(str::to_owned)
                .or_else(|| (!name.is_empty()).then_some(name))
                .or_else(|| user.get("id").map(|id| format!("Label Studio user {id}")))
                .unwrap_or_default()
        }
        Some(Value::Number(id)) => format!("Label Studio user {id}"),
        Some(Value::String(name)) => name.clone(),
        _ => String::new(),
    }
}

fn read_task(task: &Value) -> Result<LabelledText, (String, String)> {
    // Label Studio takes a task without "data" as its own data ({"text": …}).
    let data = task.get("data").filter(|d| d.is_object()).unwrap_or(task);
    let text = data
        .get("text")
        .and_then(Value::as_str)
        .ok_or((
            ".data.text".to_owned(),
            "the task has no string data.text".to_owned(),
        ))?
        .to_owned();
    let title = data.get("title").and_then(Value::as_str).map(str::to_owned);
    let list = |key: &str| {
        task.get(key)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    let mut unread = Tally::default();
    let predictions = list("predictions");
    unread.add(
        predictions.len(),
        ("Label Studio prediction", "Label Studio predictions"),
        Fate::NotRead,
        "predictions are a model's output, not annotations (accept them in Label Studio first)",
    );
    let mut spans = Vec::new();
    // Label Studio before 1.0 called annotations "completions".
    let annotations = match list("annotations") {
        [] => list("completions"),
        annotations => annotations,
    };
    for (a, completion) in annotations.iter().enumerate() {
        let results = completion
            .get("result")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        if completion.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
            unread.add(
                1,
                (
                    "cancelled Label Studio annotation",
                    "cancelled Label Studio annotations",
                ),
                Fate::NotRead,
                "a cancelled (skipped) annotation is not a judgement of the text",
            );
            continue;
        }
        let annotator = annotator_of(completion);
        let mut notes: HashMap<&str, String> = HashMap::new();
        let mut regions: Vec<(Option<&str>, SpanIn)> = Vec::new();
        for (r, result) in results.iter().enumerate() {
            let path = format!(".annotations[{a}].result[{r}]");
            let id = result.get("id").and_then(Value::as_str);
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
                        let span = SpanIn {
                            annotator: annotator.clone(),
                            ..SpanIn::new(start, end, label.to_owned())
                        };
                        regions.push((id, span));
                    }
                }
                Some("textarea") => {
                    let note: Vec<&str> = match value.get("text") {
                        Some(Value::Array(lines)) => lines.iter().filter_map(Value::as_str).collect(),
                        Some(Value::String(line)) => vec![line.as_str()],
                        _ => Vec::new(),
                    };
                    match id {
                        Some(id) => {
                            notes.insert(id, note.join("\n"));
                        }
                        None => unread.add(
                            1,
                            (
                                "Label Studio text area of no region",
                                "Label Studio text areas of no region",
                            ),
                            Fate::NotRead,
                            "factmark holds notes on spans only",
                        ),
                    }
                }
                Some("relation") => unread.add(
                    1,
                    ("Label Studio relation", "Label Studio relations"),
                    Fate::NotRead,
                    "factmark does not hold relations between spans yet",
                ),
                Some("choices") => unread.add(
                    1,
                    (
                        "Label Studio choices result (classification)",
                        "Label Studio choices results (classification)",
                    ),
                    Fate::NotRead,
                    "factmark labels spans, not whole documents or regions",
                ),
                other => {
                    let kind = other.unwrap_or("untyped");
                    unread.add(
                        1,
                        (
                            &format!("Label Studio `{kind}` result"),
                            &format!("Label Studio `{kind}` results"),
                        ),
                        Fate::NotRead,
                        "factmark reads text spans (labels), their notes (textarea), and nothing else yet",
                    );
                }
            }
        }
        // A textarea whose region is not a labelled span of this annotation.
        let orphans = notes
            .keys()
            .filter(|id| !regions.iter().any(|(r, _)| r == &Some(**id)))
            .count();
        unread.add(
            orphans,
            (
                "Label Studio text area of no region",
                "Label Studio text areas of no region",
            ),
            Fate::NotRead,
            "factmark holds notes on spans only",
        );
        for (id, span) in regions {
            let note = id.and_then(|id| notes.get(id).cloned()).unwrap_or_default();
            spans.push(span.with_note(note));
        }
    }
    Ok(LabelledText {
        title,
        unread,
        ..LabelledText::new(text, spans)
    })
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
        let file = read(tasks).unwrap().file;
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
    fn reads_per_region_notes_and_counts_predictions_without_reading_them() {
        let tasks = r#"{"data": {"text": "Минск said"},
            "annotations": [{"completed_by": 7, "result": [
                {"id": "r", "type": "labels", "value": {"start": 0, "end": 5, "labels": ["Actor"]}},
                {"id": "r", "type": "textarea", "value": {"start": 0, "end": 5, "text": ["capital", "city"]}}]}],
            "predictions": [{"result": [
                {"id": "p", "type": "labels", "value": {"start": 6, "end": 10, "labels": ["Claim"]}}]}]}"#;
        let reading = read(tasks).unwrap();
        let file = &reading.file;
        assert_eq!(file.annotations.len(), 1);
        assert_eq!(file.annotations[0].label, "Actor");
        assert_eq!(file.annotations[0].note, "capital\ncity");
        assert_eq!(file.annotations[0].annotator, "Label Studio user 7");
        let unread: Vec<String> = reading.unread.iter().map(ToString::to_string).collect();
        assert_eq!(
            unread,
            [
                "1 Label Studio prediction is not read: predictions are a model's output, not annotations (accept them in Label Studio first)"
            ]
        );
    }

    #[test]
    fn names_the_task_and_field_of_a_problem() {
        let err =
            read(r#"[{"data": {"text": "ab"}}, {"data": {}}, {"text": "a task that is its own data"}]"#)
                .unwrap_err()
                .to_string();
        assert_eq!(err, "at [1].data.text: the task has no string data.text");
        let err = read(r#"[{"data": {"text": "ab"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 9, "labels": ["A"]}}]}]}]"#)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("at [0]: span 0:"), "{err}");
    }

    #[test]
    fn reads_the_completions_of_label_studio_before_1_0() {
        // The task format of Label Studio 0.x's documentation: "completions", and a task
        // whose data key is not "text" (it has none here: a problem that says so).
        let tasks = r#"[{"data": {"text": "Opossum is great"}, "completions": [{"completed_by": {"email": "ana@example.org"},
            "result": [{"id": "r1", "type": "labels", "value": {"start": 0, "end": 7, "text": "Opossum", "labels": ["Actor"]}}]}]}]"#;
        let reading = read(tasks).unwrap();
        assert_eq!(reading.file.annotations.len(), 1);
        assert_eq!(reading.file.annotations[0].annotator, "ana@example.org");
        let cancelled = tasks.replace(r#""completed_by""#, r#""was_cancelled": true, "completed_by""#);
        let reading = read(&cancelled).unwrap();
        assert!(reading.file.annotations.is_empty());
        assert_eq!(reading.unread[0].one, "cancelled Label Studio annotation");
    }
}
