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

use super::labelled_text::{Builder, LabelledText, RelationIn, SpanIn, documents_with_spans};
use super::native::NativeFile;
use super::native::Seq;
use super::{Fate, Location, Output, Problem, ReadError, Reading, Tally, Written};
use crate::attribute::{FieldKind, Value as Value2};
use crate::offsets;
use crate::span::Span;
use crate::{Annotation, AnnotationId};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

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
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let documents = documents_with_spans(file)?;
    let annotations: HashMap<&AnnotationId, &Annotation> =
        file.annotations.iter().map(|a| (&a.id, a)).collect();
    let (relations_of, mut notices) = super::relations_by_document(file, &annotations, "Label Studio");
    for doc in &documents {
        let written: HashSet<&AnnotationId> = doc.spans.iter().map(|s| s.id).collect();
        for relation in relations_of.get(&doc.document.id).into_iter().flatten() {
            if !(written.contains(&relation.from) && written.contains(&relation.to)) {
                notices.push(super::relation_left_out(
                    Some(&doc.document.id),
                    relation,
                    "Label Studio",
                    "an end of it is not in the file",
                ));
            }
        }
    }
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
            let mut written: HashSet<&AnnotationId> = HashSet::new();
            for span in &doc.spans {
                written.insert(span.id);
                let value = ValueOut {
                    start: span.start,
                    end: span.end,
                    text: chars.slice(span.start, span.end).unwrap_or_default(),
                    labels: Some([span.label]),
                    note: None,
                };
                result.push(Item::Region(ResultOut {
                    id: &span.id.0,
                    from_name: "label",
                    to_name: "text",
                    kind: "labels",
                    origin: "manual",
                    value,
                }));
                let fields = file
                    .labels
                    .get(span.label)
                    .map_or(&[][..], |l| l.fields.as_slice());
                for (name, value) in annotations
                    .get(span.id)
                    .map(|a| &a.attributes)
                    .into_iter()
                    .flatten()
                {
                    let kind = fields.iter().find(|f| &f.name == name).map(|f| f.kind);
                    let (kind, value) = match (kind, value) {
                        (Some(FieldKind::Number), Value2::Number(n)) => {
                            ("number", AttrValue::Number(n.clone()))
                        }
                        (Some(FieldKind::Choice | FieldKind::YesNo), v) => {
                            ("choices", AttrValue::Choices([v.display()]))
                        }
                        (_, v) => ("textarea", AttrValue::Text([v.display()])),
                    };
                    result.push(Item::Attribute(AttrOut {
                        id: &span.id.0,
                        from_name: name,
                        to_name: "text",
                        kind,
                        origin: "manual",
                        value: AttrValueOut {
                            start: span.start,
                            end: span.end,
                            value,
                        },
                    }));
                }
                if !span.note.is_empty() {
                    result.push(Item::Region(ResultOut {
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
                    }));
                }
            }
            for relation in relations_of.get(&doc.document.id).into_iter().flatten() {
                if written.contains(&relation.from) && written.contains(&relation.to) {
                    let symmetric = file
                        .relation_types
                        .get(&relation.kind)
                        .is_some_and(|t| t.symmetric);
                    result.push(Item::Relation(RelationOut {
                        from_id: &relation.from.0,
                        to_id: &relation.to.0,
                        kind: "relation",
                        direction: if symmetric { "bi" } else { "right" },
                        labels: [&relation.kind],
                    }));
                }
            }
            TaskOut {
                id: n + 1,
                data: DataOut {
                    text: doc.text,
                    title: &doc.document.title,
                    factmark_id: &doc.document.id.0,
                    metadata: &doc.document.metadata,
                },
                annotations: [CompletionOut { result }],
            }
        })
    });
    let count = documents.iter().map(|d| d.spans.len()).sum();
    Ok(Written {
        output: Output::Text(super::json_text(&tasks, count, 600 * count + 1024)),
        notices,
    })
}

#[derive(Serialize)]
struct TaskOut<'a> {
    id: usize,
    data: DataOut<'a>,
    annotations: [CompletionOut<'a>; 1],
}

/// A task's `data`: the text, title and factmark id, then the document's metadata
/// fields (one of those three names gives way to them).
struct DataOut<'a> {
    text: &'a str,
    title: &'a str,
    factmark_id: &'a str,
    metadata: &'a crate::metadata::Metadata,
}

/// The keys of a task's `data` that are not metadata.
const DATA_KEYS: [&str; 3] = ["text", "title", "factmark_id"];

impl Serialize for DataOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("text", self.text)?;
        map.serialize_entry("title", self.title)?;
        map.serialize_entry("factmark_id", self.factmark_id)?;
        for (name, value) in self
            .metadata
            .fields()
            .filter(|(name, _)| !DATA_KEYS.contains(name))
        {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct CompletionOut<'a> {
    result: Vec<Item<'a>>,
}

/// One result: a region's label or note, an attribute of a region, or a relation.
#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Region(ResultOut<'a>),
    Attribute(AttrOut<'a>),
    Relation(RelationOut<'a>),
}

/// A per-region `choices`, `textarea` or `number` result: an attribute, named by its
/// field (`from_name`).
#[derive(Serialize)]
struct AttrOut<'a> {
    id: &'a str,
    from_name: &'a str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    origin: &'static str,
    value: AttrValueOut,
}

#[derive(Serialize)]
struct AttrValueOut {
    start: usize,
    end: usize,
    #[serde(flatten)]
    value: AttrValue,
}

#[derive(Serialize)]
enum AttrValue {
    #[serde(rename = "choices")]
    Choices([String; 1]),
    #[serde(rename = "text")]
    Text([String; 1]),
    #[serde(rename = "number")]
    Number(serde_json::Number),
}

/// A `relation` result, as Label Studio's `<Relations>` makes it.
#[derive(Serialize)]
struct RelationOut<'a> {
    from_id: &'a str,
    to_id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    labels: [&'a str; 1],
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
    let mut unread = Tally::default();
    // The rest of `data` (when the task has one) is the document's metadata.
    let (metadata, refused) = match task.get("data").and_then(Value::as_object) {
        Some(data) => crate::metadata::Metadata::from_json(data, &DATA_KEYS),
        None => Default::default(),
    };
    for key in refused {
        unread.add(
            1,
            (
                &format!("Label Studio data field `{key}`"),
                &format!("Label Studio data fields `{key}`"),
            ),
            Fate::NotRead,
            "it cannot be a metadata field's name",
        );
    }
    let list = |key: &str| {
        task.get(key)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    let predictions = list("predictions");
    unread.add(
        predictions.len(),
        ("Label Studio prediction", "Label Studio predictions"),
        Fate::NotRead,
        "predictions are a model's output, not annotations (accept them in Label Studio first)",
    );
    let mut spans = Vec::new();
    let mut relations = Vec::new();
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
        // Per-region results other than the note, by region id: the attributes.
        let mut attributes: HashMap<&str, Vec<(String, Value2)>> = HashMap::new();
        let mut attribute_results = 0;
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
                // A region's attribute: a per-region `choices`, `number`, or a text area
                // other than the note, named by its control (`from_name`).
                Some(kind @ ("choices" | "number" | "textarea"))
                    if id.is_some()
                        && value.get("start").is_some()
                        && result
                            .get("from_name")
                            .and_then(Value::as_str)
                            .is_some_and(|n| n != "note") =>
                {
                    let name = result
                        .get("from_name")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let read = match kind {
                        "number" => value
                            .get("number")
                            .and_then(|n| n.as_number())
                            .map(|n| Value2::Number(n.clone())),
                        "choices" => {
                            match value.get("choices").and_then(Value::as_array).map(Vec::as_slice) {
                                Some([one]) => one.as_str().map(|c| Value2::Text(c.to_owned())),
                                _ => None,
                            }
                        }
                        _ => match value.get("text") {
                            Some(Value::Array(lines)) => Some(Value2::Text(
                                lines
                                    .iter()
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join("\n"),
                            )),
                            Some(Value::String(line)) => Some(Value2::Text(line.clone())),
                            _ => None,
                        },
                    };
                    match read.filter(|v| v.to_plain().trim() != "") {
                        Some(v) => {
                            attribute_results += 1;
                            attributes
                                .entry(id.unwrap_or_default())
                                .or_default()
                                .push((name.to_owned(), v));
                        }
                        None => unread.add(
                            1,
                            (
                                "Label Studio region result with no single value",
                                "Label Studio region results with no single value",
                            ),
                            Fate::NotRead,
                            "a factmark attribute holds one value (several choices, or none, are not read)",
                        ),
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
                // `direction`: `right` (from → to, the default), `left` (to → from) or
                // `bi`; each label is a relation of that type, none a plain `relation`.
                Some("relation") => {
                    let end = |k: &str| result.get(k).and_then(Value::as_str);
                    let (Some(from), Some(to)) = (end("from_id"), end("to_id")) else {
                        return Err((path, "a relation result needs from_id and to_id".to_owned()));
                    };
                    let (from, to) = match result.get("direction").and_then(Value::as_str) {
                        Some("left") => (to, from),
                        _ => (from, to),
                    };
                    let labels: Vec<&str> = result
                        .get("labels")
                        .and_then(Value::as_array)
                        .map(|l| l.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    let kinds = if labels.is_empty() {
                        vec!["relation"]
                    } else {
                        labels
                    };
                    for kind in kinds {
                        relations.push(RelationIn {
                            kind: kind.to_owned(),
                            from: format!("{a}/{from}"),
                            to: format!("{a}/{to}"),
                            note: String::new(),
                        });
                    }
                }
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
        let placed: usize = regions
            .iter()
            .filter_map(|(id, _)| *id)
            .collect::<HashSet<_>>()
            .iter()
            .map(|id| attributes.get(id).map_or(0, Vec::len))
            .sum();
        unread.add(
            attribute_results - placed,
            (
                "Label Studio region result of no labelled region",
                "Label Studio region results of no labelled region",
            ),
            Fate::NotRead,
            "factmark holds attributes on spans only",
        );
        for (id, span) in regions {
            let note = id.and_then(|id| notes.get(id).cloned()).unwrap_or_default();
            let attributes = id.and_then(|id| attributes.get(id).cloned()).unwrap_or_default();
            let key = id.map(|id| format!("{a}/{id}")).unwrap_or_default();
            spans.push(SpanIn {
                attributes,
                ..span.with_note(note).with_key(key)
            });
        }
    }
    Ok(LabelledText {
        title,
        metadata,
        unread,
        relations,
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
