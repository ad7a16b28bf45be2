//! Prodigy JSON Lines (`ner_manual` / `spans_manual` tasks): written and read.
//!
//! ```json
//! {"text": "Лукашенко said", "meta": {"title": "…"},
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

use super::labelled_text::{RelationIn, documents_with_spans, read_lines, text_and_spans};
use super::native::NativeFile;
use super::native::Seq;
use super::tokens;
use super::{Fate, Notice, Output, ReadError, Reading, Tally, Written};
use crate::{Annotation, AnnotationId};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Writes one task per document.
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let documents = documents_with_spans(file)?;
    let annotations: HashMap<&AnnotationId, &Annotation> =
        file.annotations.iter().map(|a| (&a.id, a)).collect();
    let (relations_of, across) = super::relations_by_document(file, &annotations, "Prodigy");
    let parts = super::par_map(&documents, |doc| {
        let mut out = Vec::with_capacity(doc.text.len() * 8);
        let mut notices = Vec::new();
        let words = tokens::words(doc.text);
        let mut spans = Vec::with_capacity(doc.spans.len());
        let mut placed: HashMap<&AnnotationId, usize> = HashMap::new();
        for span in &doc.spans {
            match tokens::align(&words, span.span()) {
                Ok((first, last)) => {
                    placed.insert(span.id, spans.len());
                    spans.push(SpanOut {
                        start: span.start,
                        end: span.end,
                        token_start: first,
                        token_end: last,
                        label: span.label,
                        note: (!span.note.is_empty()).then_some(span.note),
                    })
                }
                Err(reason) => notices.push(Notice::left_out(&doc.document.id, span.id, "Prodigy", reason)),
            }
        }
        // `head` and `child` are the last tokens of the two spans, as `rel.manual` has them.
        let mut relations = Vec::new();
        for relation in relations_of.get(&doc.document.id).into_iter().flatten() {
            match (placed.get(&relation.from), placed.get(&relation.to)) {
                (Some(&head), Some(&child)) => relations.push(RelationOut {
                    head: spans[head].token_end,
                    child: spans[child].token_end,
                    head_span: EndOut::of(&spans[head]),
                    child_span: EndOut::of(&spans[child]),
                    label: &relation.kind,
                }),
                _ => notices.push(super::relation_left_out(
                    Some(&doc.document.id),
                    relation,
                    "Prodigy",
                    "an end of it is not in the file",
                )),
            }
        }
        let task = TaskOut {
            text: doc.text,
            meta: MetaOut {
                title: &doc.document.title,
                metadata: &doc.document.metadata,
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
            relations,
            answer: "accept",
        };
        serde_json::to_writer(&mut out, &task).expect("tasks always serialise");
        out.push(b'\n');
        (out, notices)
    });
    let (parts, mut notices) = super::gather(parts);
    notices.extend(across);
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relations: Vec<RelationOut<'a>>,
    answer: &'static str,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    head: usize,
    child: usize,
    head_span: EndOut<'a>,
    child_span: EndOut<'a>,
    label: &'a str,
}

#[derive(Serialize)]
struct EndOut<'a> {
    start: usize,
    end: usize,
    token_start: usize,
    token_end: usize,
    label: &'a str,
}

impl<'a> EndOut<'a> {
    fn of(span: &SpanOut<'a>) -> EndOut<'a> {
        EndOut {
            start: span.start,
            end: span.end,
            token_start: span.token_start,
            token_end: span.token_end,
            label: span.label,
        }
    }
}

/// A task's `meta`: the document's title, then its metadata fields (a field named
/// `title` gives way to the title).
struct MetaOut<'a> {
    title: &'a str,
    metadata: &'a crate::metadata::Metadata,
}

impl Serialize for MetaOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("title", self.title)?;
        for (name, value) in self.metadata.fields().filter(|(name, _)| *name != "title") {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
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

/// The fields of a task that [`read`] reads or counts: the rest are named as not read.
const TASK_FIELDS_READ: [&str; 7] = ["text", "spans", "tokens", "relations", "answer", "accept", "meta"];

/// Reads Prodigy JSON Lines: `ner_manual`/`spans_manual` tasks, and the binary answers
/// of `ner.teach` and the like. Only tasks answered `"accept"` (or with no answer, as
/// in a file of tasks not yet shown) are read: a `"reject"` says its spans are wrong
/// and an `"ignore"` that the task was skipped, so neither their spans nor their texts
/// are read, and both are counted in the reading's notices. Tasks sharing a text (as
/// `ner.teach` asks about one span at a time) are one document with all their
/// accepted spans. The annotator is `_annotator_id` (or the `_session_id`) of
/// multi-user sessions. A task's `relations` (`rel.manual`'s) are read between its
/// spans; its chosen `accept` options are counted as not read.
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
        // The rest of `meta` is the document's metadata.
        let mut refused = Vec::new();
        if let Some(meta) = line.get("meta").and_then(Value::as_object) {
            (content.metadata, refused) = crate::metadata::Metadata::from_json(meta, &["title"]);
        }
        let annotator = ["_annotator_id", "_session_id"]
            .iter()
            .find_map(|key| line.get(*key).and_then(Value::as_str))
            .unwrap_or_default();
        for span in &mut content.spans {
            span.annotator = annotator.to_owned();
        }
        let count = |key: &str| line.get(key).and_then(Value::as_array).map_or(0, Vec::len);
        // A relation's ends are its `head_span` and `child_span` (by offsets), or else
        // the spans whose last tokens are `head` and `child`.
        for (n, span) in content.spans.iter_mut().enumerate() {
            span.key = n.to_string();
        }
        let token_ends: Vec<Option<u64>> = line
            .get("spans")
            .and_then(Value::as_array)
            .map(|spans| {
                spans
                    .iter()
                    .map(|s| s.get("token_end").and_then(Value::as_u64))
                    .collect()
            })
            .unwrap_or_default();
        let relations = line
            .get("relations")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for relation in relations {
            let find = |span_key: &str, token_key: &str| {
                let by_offsets = relation.get(span_key).and_then(|end| {
                    let at = |k: &str| end.get(k).and_then(Value::as_u64);
                    let (start, stop) = (at("start")?, at("end")?);
                    content
                        .spans
                        .iter()
                        .position(|s| s.start == start && s.end == stop)
                });
                by_offsets
                    .or_else(|| {
                        let token = relation.get(token_key).and_then(Value::as_u64)?;
                        token_ends.iter().position(|t| *t == Some(token))
                    })
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            };
            let (from, to) = (find("head_span", "head"), find("child_span", "child"));
            let kind = relation
                .get("label")
                .and_then(Value::as_str)
                .unwrap_or("relation");
            content.relations.push(RelationIn {
                kind: kind.to_owned(),
                from,
                to,
                note: String::new(),
            });
        }
        // What else the task holds: its own fields (Prodigy passes a source's fields
        // through) and `meta` beside the title; `_` fields are Prodigy's bookkeeping.
        let fields = line
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(key, _)| !key.starts_with('_') && !TASK_FIELDS_READ.contains(&key.as_str()));
        for key in fields.map(|(key, _)| key) {
            content.unread.add(
                1,
                (
                    &format!("Prodigy task field `{key}`"),
                    &format!("Prodigy task fields `{key}`"),
                ),
                Fate::NotRead,
                "factmark reads a task's metadata from its `meta`",
            );
        }
        for key in refused {
            content.unread.add(
                1,
                (
                    &format!("Prodigy task field `meta.{key}`"),
                    &format!("Prodigy task fields `meta.{key}`"),
                ),
                Fate::NotRead,
                "it cannot be a metadata field's name",
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Format;

    /// Issue 16: a `rel.manual` task as spaCy's relation-extraction tutorial quotes it
    /// (explosion/projects, `tutorials/rel_component`, MIT): its relation's child is the
    /// task's one span, found by `child_span`; its head, "latent membrane protein-1", is
    /// not among the quoted task's spans, so the relation is named, not read. With the
    /// head span in the task, the relation is read, by offsets or by last token.
    #[test]
    fn item_16_rel_manual_relations_are_read_by_their_spans() {
        let quoted = r##"{"text": "The up-regulation of IL-1beta message could be mediated by the latent membrane protein-1, EBV nuclear proteins 2, 3, 4, and 6 genes.", "spans": [{"text": "IL-1beta", "start": 21, "token_start": 5, "token_end": 5, "end": 29, "type": "span", "label": "GGP"}], "meta": {"source": "BioNLP 2011 Genia Shared Task, PMID-9878621.txt"}, "_input_hash": -400334998, "_task_hash": 1861007191, "_session_id": null, "_view_id": "relations", "relations": [{"head": 14, "child": 5, "head_span": {"start": 63, "end": 88, "token_start": 12, "token_end": 14, "label": "GGP"}, "child_span": {"start": 21, "end": 29, "token_start": 5, "token_end": 5, "label": "GGP"}, "color": "#ffd882", "label": "Pos-Reg"}], "answer": "accept"}"##;
        let reading = read(quoted).unwrap();
        assert!(reading.file.relations.is_empty());
        // Issue 18: its `meta` is the document's metadata.
        assert_eq!(
            reading.file.documents[0].metadata.get("source"),
            Some("BioNLP 2011 Genia Shared Task, PMID-9878621.txt")
        );
        let said: Vec<String> = reading.unread.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "1 relation with an end that is not a span read is not read: a relation joins two spans, and one of these names a span the file lacks or that was left out"
            ]
        );
        let mut whole: serde_json::Value = serde_json::from_str(quoted).unwrap();
        whole["spans"].as_array_mut().unwrap().push(serde_json::json!(
            {"start": 63, "end": 88, "token_start": 12, "token_end": 14, "label": "GGP"}
        ));
        for without_spans in [false, true] {
            if without_spans {
                // Only the token indices: the spans whose last tokens they are.
                let relation = &mut whole["relations"][0];
                relation.as_object_mut().unwrap().remove("head_span");
                relation.as_object_mut().unwrap().remove("child_span");
            }
            let file = read(&whole.to_string()).unwrap().file;
            assert_eq!(
                crate::format::relation_quotes(&file),
                [(
                    "Pos-Reg".into(),
                    "latent membrane protein-1".into(),
                    "IL-1beta".into()
                )]
            );
        }
    }

    /// Issue 16: relations written as `rel.manual` has them and read back; the one
    /// between two documents is named.
    #[test]
    fn item_16_relations_are_written_with_head_and_child_tokens() {
        let golden = include_str!("../../tests/golden/native-v2.json");
        let file = crate::format::native::read(golden).unwrap();
        let written = Format::Prodigy.write(&file).unwrap();
        let said: Vec<String> = written.notices.iter().map(ToString::to_string).collect();
        let relations: Vec<&String> = said.iter().filter(|n| n.contains("relation `")).collect();
        assert_eq!(relations.len(), 1, "{said:?}");
        assert!(relations[0].contains("`r3`"), "{said:?}");
        let Output::Text(jsonl) = &written.output else {
            panic!("Prodigy is one file")
        };
        let task: Value = jsonl
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .find(|t| t.get("relations").is_some())
            .unwrap();
        for relation in task["relations"].as_array().unwrap() {
            assert_eq!(relation["head"], relation["head_span"]["token_end"]);
            assert_eq!(relation["child"], relation["child_span"]["token_end"]);
        }
        let back = read(jsonl).unwrap().file;
        let kinds = |f: &NativeFile| {
            let mut k: Vec<String> = f.relations.iter().map(|r| r.kind.clone()).collect();
            k.sort();
            k
        };
        assert_eq!(kinds(&back), ["said by", "supports"]);
    }
}
