//! What the JSON Lines formats of doccano and spaCy share: one document per line, its
//! text and its labelled spans as code point offsets (Python string indices). The
//! format modules only say how a line is spelled; building the [`NativeFile`], checking
//! offsets against the text and naming problems by line happen here.

use super::native::{FileDocument, NativeFile};
use super::plain::text_id;
use super::{Fate, Location, Problem, ReadError, Reading, Tally};
use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::attribute::{Field, FieldKind, Value};
use crate::document::{DocId, Source, Status, sha256_hex};
use crate::label::LabelSet;
use crate::offsets;
use crate::relation::{Relation, RelationId, RelationTypes};
use crate::span::Span;
use crate::timestamp::Timestamp;
use std::collections::{BTreeSet, HashMap, HashSet};

/// One labelled span, as a format module reads it: code points, half-open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpanIn {
    /// Where it starts.
    pub start: u64,
    /// Where it ends (exclusive).
    pub end: u64,
    /// The label's name.
    pub label: String,
    /// Its note; empty when none.
    pub note: String,
    /// Who made it; empty when unknown.
    pub annotator: String,
    /// The format's own name for it within its document (brat's `T3`, a Label Studio
    /// region id), by which relations name their ends; empty when it has none.
    pub key: String,
    /// Its attributes, by field name, in the order read.
    pub attributes: Vec<(String, Value)>,
}

/// A relation between two spans of one document, as a format module reads it: its
/// ends are spans' keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RelationIn {
    /// The relation type's name.
    pub kind: String,
    /// The key of the `from` span.
    pub from: String,
    /// The key of the `to` span.
    pub to: String,
    /// Its note; empty when none.
    pub note: String,
}

impl SpanIn {
    /// A span with no note and no annotator.
    pub fn new(start: u64, end: u64, label: String) -> SpanIn {
        SpanIn {
            start,
            end,
            label,
            note: String::new(),
            annotator: String::new(),
            key: String::new(),
            attributes: Vec::new(),
        }
    }

    /// The span with key `key`.
    pub fn with_key(self, key: String) -> SpanIn {
        SpanIn { key, ..self }
    }

    /// The span with `note`.
    pub fn with_note(self, note: String) -> SpanIn {
        SpanIn { note, ..self }
    }
}

/// One document's content, as a format module reads it.
pub(crate) struct LabelledText {
    /// The document text.
    pub text: String,
    /// Its title, when the format carries one.
    pub title: Option<String>,
    /// Its metadata, when the format carries some ([`crate::metadata`]).
    pub metadata: crate::metadata::Metadata,
    /// Its spans.
    pub spans: Vec<SpanIn>,
    /// Its relations, between its spans.
    pub relations: Vec<RelationIn>,
    /// What the document's entry holds that is not read, counted.
    pub unread: Tally,
}

impl LabelledText {
    /// `text` with `spans` and no title.
    pub fn new(text: String, spans: Vec<SpanIn>) -> LabelledText {
        LabelledText {
            text,
            title: None,
            metadata: crate::metadata::Metadata::new(),
            spans,
            relations: Vec::new(),
            unread: Tally::default(),
        }
    }
}

/// The `"text"` and the `"spans"` (`start`, `end`, `label`, optional `note`) of a
/// JSON Lines line, as spaCy-style and Prodigy files spell them.
pub(crate) fn text_and_spans(line: &serde_json::Value) -> Result<LabelledText, String> {
    use serde_json::Value;
    let text = line
        .get("text")
        .and_then(Value::as_str)
        .ok_or("it has no string \"text\"")?
        .to_owned();
    let items = match line.get("spans") {
        Some(spans) => spans.as_array().ok_or("its \"spans\" is not a list")?.as_slice(),
        None => &[],
    };
    let mut spans = Vec::with_capacity(items.len());
    for (n, span) in items.iter().enumerate() {
        let field = |key: &str| span.get(key).and_then(Value::as_u64);
        let label = span.get("label").and_then(Value::as_str);
        let (Some(start), Some(end), Some(label)) = (field("start"), field("end"), label) else {
            return Err(format!("spans[{n}] needs start, end and label"));
        };
        let note = span.get("note").and_then(Value::as_str).unwrap_or_default();
        spans.push(SpanIn::new(start, end, label.to_owned()).with_note(note.to_owned()));
    }
    Ok(LabelledText::new(text, spans))
}

/// A document's spans, as a format module writes them.
pub(crate) struct SpanOut<'a> {
    /// The annotation's id.
    pub id: &'a AnnotationId,
    /// Code point offsets.
    pub start: usize,
    /// Code point offsets, exclusive.
    pub end: usize,
    /// The label's name.
    pub label: &'a str,
    /// The note, empty when none.
    pub note: &'a str,
}

impl SpanOut<'_> {
    /// The span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end).expect("annotations hold valid spans")
    }
}

/// A document to write: the file's entry, its text and its spans in reading order.
pub(crate) struct DocumentOut<'a> {
    /// The document as the file describes it.
    pub document: &'a FileDocument,
    /// Its text.
    pub text: &'a str,
    /// Its annotations, by start, then end, then id.
    pub spans: Vec<SpanOut<'a>>,
}

/// Each document of `file` with its text and its spans in reading order; a document
/// without its text is an error naming it, since these formats carry the text.
pub(crate) fn documents_with_spans(file: &NativeFile) -> Result<Vec<DocumentOut<'_>>, String> {
    let mut by_document: HashMap<_, Vec<&Annotation>> = HashMap::new();
    for annotation in &file.annotations {
        by_document
            .entry(&annotation.document)
            .or_default()
            .push(annotation);
    }
    file.documents
        .iter()
        .map(|doc| {
            let text = doc.text.as_deref().ok_or_else(|| {
                format!(
                    "document `{}` has no text, and this format carries the text",
                    doc.id
                )
            })?;
            let mut spans: Vec<&Annotation> = by_document.remove(&doc.id).unwrap_or_default();
            spans.sort_by_key(|a| (a.span(), &a.id));
            let spans = spans
                .into_iter()
                .map(|a| SpanOut {
                    id: &a.id,
                    start: a.span().start(),
                    end: a.span().end(),
                    label: &a.label,
                    note: &a.note,
                })
                .collect();
            Ok(DocumentOut {
                document: doc,
                text,
                spans,
            })
        })
        .collect()
}

/// Builds a [`NativeFile`] from documents read one at a time, collecting problems.
pub(crate) struct Builder {
    /// What one entry of the file is called, and several ("line", "lines"): a document
    /// whose text an earlier entry had is joined to it, and counted by this name.
    entry: (&'static str, &'static str),
    unread: Tally,
    problems: Vec<Problem>,
    ids: HashSet<AnnotationId>,
    labels: LabelSet,
    documents: Vec<FileDocument>,
    annotations: Vec<Annotation>,
    relation_types: RelationTypes,
    relations: Vec<Relation>,
}

impl Builder {
    /// An empty file whose entries (one document each) are called `entry`.
    pub fn new(entry: (&'static str, &'static str)) -> Builder {
        Builder {
            entry,
            unread: Tally::default(),
            problems: Vec::new(),
            ids: HashSet::new(),
            labels: LabelSet::empty(),
            documents: Vec::new(),
            annotations: Vec::new(),
            relation_types: RelationTypes::empty(),
            relations: Vec::new(),
        }
    }

    /// Notes a problem.
    pub fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Counts what the file holds outside its entries and does not read.
    pub fn unread(&mut self, count: usize, what: (&str, &str), fate: Fate, why: &str) {
        self.unread.add(count, what, fate, why);
    }

    /// Adds a document read at `at`, checking each span against its text. An entry
    /// with the text of an earlier one is joined to it (and counted): one text is one
    /// document, as everywhere in factmark.
    pub fn add(&mut self, at: &Location, content: LabelledText) {
        let id = text_id(&content.text);
        let chars = offsets::CharIndex::new(&content.text);
        let len = chars.cp_len();
        self.unread.extend(content.unread.0);
        // The annotations read here, by the format's key for them.
        let mut by_key: HashMap<String, (AnnotationId, String)> = HashMap::new();
        for (
            n,
            SpanIn {
                start,
                end,
                label,
                note,
                annotator,
                key,
                attributes,
            },
        ) in content.spans.into_iter().enumerate()
        {
            let span = match Span::new(start as usize, end as usize).and_then(|s| s.check_within(len)) {
                Ok(span) => span,
                Err(err) => {
                    self.problems
                        .push(Problem::new(at.clone(), format!("span {n}: {err}")));
                    continue;
                }
            };
            if label.trim().is_empty() {
                self.problems
                    .push(Problem::new(at.clone(), format!("span {n} has a blank label")));
                continue;
            }
            let label = match self.labels.name_for(&label, "#868e96") {
                Ok(name) if name != label => {
                    let why = format!("`{label}` is read as `{name}`: label names are unique ignoring case");
                    self.unread.add(
                        1,
                        ("label written in another case", "labels written in another case"),
                        Fate::Corrected,
                        &why,
                    );
                    name
                }
                Ok(name) => name,
                Err(err) => {
                    self.problems
                        .push(Problem::new(at.clone(), format!("span {n}: {err}")));
                    continue;
                }
            };
            let anchor = Anchor::describe_in(&chars, span).expect("checked within the text");
            let fresh = self.fresh_id(&id, span, &label);
            if !key.is_empty() {
                by_key.insert(key, (fresh.clone(), label.clone()));
            }
            self.annotations.push(Annotation {
                id: fresh,
                document: id.clone(),
                anchor,
                label,
                note,
                annotator,
                agreed_by: Vec::new(),
                origin: None,
                attributes: attributes.into_iter().collect(),
                created: Timestamp::default(),
                updated: Timestamp::default(),
            });
        }
        let mut dangling = 0;
        for relation in content.relations {
            let (Some((from, _)), Some((to, _))) = (by_key.get(&relation.from), by_key.get(&relation.to))
            else {
                dangling += 1;
                continue;
            };
            let kind = match self.relation_types.name_for(&relation.kind, "#495057", false) {
                Ok(kind) => kind,
                Err(err) => {
                    self.problems.push(Problem::new(
                        at.clone(),
                        format!("relation type `{}`: {err}", relation.kind),
                    ));
                    continue;
                }
            };
            let n = self.relations.len() + 1;
            self.relations.push(Relation {
                id: RelationId(format!("{id}-r{n}")),
                kind,
                from: from.clone(),
                to: to.clone(),
                note: relation.note,
                annotator: String::new(),
                created: Timestamp::default(),
                updated: Timestamp::default(),
            });
        }
        self.unread.add(
            dangling,
            (
                "relation with an end that is not a span read",
                "relations with an end that is not a span read",
            ),
            Fate::NotRead,
            "a relation joins two spans, and one of these names a span the file lacks or that was left out",
        );
        if let Some(earlier) = self.documents.iter_mut().find(|d| d.id == id) {
            // Metadata fields the earlier entry lacks join it.
            earlier.metadata = earlier.metadata.with_missing(&content.metadata).0;
            let (one, many) = self.entry;
            let why =
                format!("each has the text of an earlier {one}, so their spans are on that {one}'s document");
            self.unread.add(1, (one, many), Fate::Joined, &why);
        } else {
            self.documents.push(FileDocument {
                id,
                title: content
                    .title
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| crate::document::default_title(&content.text)),
                sha256: sha256_hex(&content.text),
                source: Source::Pasted,
                status: Status::NotStarted,
                text: Some(content.text),
                ignored: Vec::new(),
                metadata: content.metadata,
            });
        }
    }

    /// An id for an annotation of a format without ids: made of its document, span
    /// and label, so the same annotation read from two files has the same id.
    fn fresh_id(&mut self, document: &DocId, span: Span, label: &str) -> AnnotationId {
        let base = format!("{document}-{}-{}-{label}", span.start(), span.end());
        let mut id = AnnotationId(base.clone());
        let mut n = 1;
        while self.ids.contains(&id) {
            n += 1;
            id = AnnotationId(format!("{base}-{n}"));
        }
        self.ids.insert(id.clone());
        id
    }

    /// The file and what it left out, or every problem noted. Each relation type read
    /// allows the labels seen at its ends; each label gets a field for each attribute
    /// read on its spans: yes/no, a number, or a choice among the texts seen.
    pub fn finish(mut self) -> Result<Reading, ReadError> {
        let labels = fields_and_ends_read(
            &self.labels,
            &mut self.annotations,
            &mut self.relation_types,
            &self.relations,
        );
        super::finish(
            self.problems,
            Reading {
                file: NativeFile {
                    labels,
                    relation_types: self.relation_types,
                    documents: self.documents,
                    annotations: self.annotations,
                    relations: self.relations,
                    patterns: Vec::new(),
                    rejected: Vec::new(),
                    guidelines: String::new(),
                },
                unread: self.unread.0,
            },
        )
    }
}

/// What a reader of another tool's file learns from the annotations and relations it
/// read: each relation type allows the labels seen at its ends (and links documents if
/// one of its relations does); each label gets a field for each attribute read on its
/// spans ([`field_for`]), and the values are made to fit it. The labels, with fields.
pub(crate) fn fields_and_ends_read(
    labels: &LabelSet,
    annotations: &mut [Annotation],
    relation_types: &mut RelationTypes,
    relations: &[Relation],
) -> LabelSet {
    let at: HashMap<&AnnotationId, (&str, &DocId)> = annotations
        .iter()
        .map(|a| (&a.id, (a.label.as_str(), &a.document)))
        .collect();
    let mut ends: HashMap<&str, (BTreeSet<String>, BTreeSet<String>, bool)> = HashMap::new();
    for relation in relations {
        let (Some(from), Some(to)) = (at.get(&relation.from), at.get(&relation.to)) else {
            continue;
        };
        let seen = ends.entry(relation.kind.as_str()).or_default();
        seen.0.insert(from.0.to_owned());
        seen.1.insert(to.0.to_owned());
        seen.2 |= from.1 != to.1;
    }
    for (kind, (from, to, across)) in ends {
        if let Some(kind) = relation_types.get_mut(kind) {
            kind.from = from.into_iter().collect();
            kind.to = to.into_iter().collect();
            kind.across_documents |= across;
        }
    }
    let mut seen: HashMap<&str, Vec<(&str, Vec<Value>)>> = HashMap::new();
    for a in annotations.iter() {
        let fields = seen.entry(a.label.as_str()).or_default();
        for (name, value) in &a.attributes {
            match fields.iter_mut().find(|(n, _)| n == name) {
                Some((_, values)) => values.push(value.clone()),
                None => fields.push((name, vec![value.clone()])),
            }
        }
    }
    let mut with_fields = LabelSet::empty();
    for mut label in labels.iter().cloned() {
        for (name, values) in seen.remove(label.name.as_str()).unwrap_or_default() {
            if !label.fields.iter().any(|f| f.name == name) {
                label.fields.push(field_for(name.to_owned(), &values));
            }
        }
        with_fields.add(label).expect("the labels read are a valid set");
    }
    // A choice holds texts: a `true` or `3` read beside texts is the text `true`, `3`;
    // a yes/no holds booleans (`yes` is true); a number, numbers.
    for annotation in annotations.iter_mut() {
        let Some(label) = with_fields.get(&annotation.label) else {
            continue;
        };
        for (name, value) in annotation.attributes.iter_mut() {
            match label.fields.iter().find(|f| &f.name == name).map(|f| f.kind) {
                Some(FieldKind::Choice) => *value = Value::Text(value.to_plain()),
                Some(FieldKind::YesNo) => {
                    *value = Value::Bool(matches!(value.to_plain().as_str(), "true" | "yes"))
                }
                Some(FieldKind::Number) => {
                    if let Some(n) = as_number(value) {
                        *value = Value::Number(n);
                    }
                }
                _ => {}
            }
        }
    }
    with_fields
}

/// A number, or a text that is one (as formats that hold only strings write them).
fn as_number(value: &Value) -> Option<serde_json::Number> {
    match value {
        Value::Number(n) => Some(n.clone()),
        Value::Text(t) => serde_json::from_str::<serde_json::Number>(t.trim()).ok(),
        Value::Bool(_) => None,
    }
}

/// The field that holds every value read for it: yes/no when all are booleans, a
/// number when all are numbers, otherwise a choice among the texts seen (in order).
fn field_for(name: String, values: &[Value]) -> Field {
    let kind = if name == "wikidata"
        && values
            .iter()
            .all(|v| matches!(v, Value::Text(t) if crate::attribute::is_wikidata_item(t)))
    {
        FieldKind::Wikidata
    } else if values.iter().all(|v| match v {
        Value::Bool(_) => true,
        Value::Text(t) => matches!(t.as_str(), "yes" | "no" | "true" | "false"),
        Value::Number(_) => false,
    }) {
        FieldKind::YesNo
    } else if values.iter().all(|v| as_number(v).is_some()) {
        FieldKind::Number
    } else {
        FieldKind::Choice
    };
    let mut options: Vec<String> = Vec::new();
    if kind == FieldKind::Choice {
        for value in values {
            let text = value.to_plain();
            if !options.contains(&text) {
                options.push(text);
            }
        }
    }
    Field { name, kind, options }
}

/// Builds a [`NativeFile`] from the lines of a JSON Lines file, read by `read_line`
/// (which names a problem by its field path inside the line, and gives `None` for a
/// line it leaves out and counts itself); each line is an `entry`. Blank lines are skipped;
/// every problem is reported with its line number.
pub(crate) fn read_lines(
    jsonl: &str,
    entry: (&'static str, &'static str),
    read_line: impl Fn(&serde_json::Value) -> Result<Option<LabelledText>, String>,
) -> Result<Reading, ReadError> {
    let mut builder = Builder::new(entry);
    if let Some(problem) = one_value_over_lines(jsonl) {
        return Err(ReadError::one(problem));
    }
    for (index, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |column: usize| Location::LineColumn {
            line: index + 1,
            column,
        };
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(err) => {
                builder.problem(Problem::new(
                    at(err.column()),
                    format!("this is not valid JSON: {}", without_place(&err)),
                ));
                continue;
            }
        };
        match read_line(&value) {
            Ok(Some(content)) => builder.add(&at(1), content),
            Ok(None) => {}
            Err(message) => builder.problem(Problem::new(at(1), message)),
        }
    }
    builder.finish()
}

/// serde_json's message for `err` without its own "at line 1 column 5": a JSON Lines
/// problem is placed by the file's line, which that would contradict.
pub(crate) fn without_place(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

/// The one problem of a `.jsonl` file that holds a single JSON value written over
/// several lines (pretty-printed), rather than one value per line: said once, instead
/// of an error for every line.
pub(crate) fn one_value_over_lines(jsonl: &str) -> Option<Problem> {
    let first = jsonl.lines().position(|l| !l.trim().is_empty())?;
    if serde_json::from_str::<serde::de::IgnoredAny>(jsonl.lines().nth(first)?).is_ok() {
        return None;
    }
    let text = jsonl.strip_prefix('\u{feff}').unwrap_or(jsonl);
    let values = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
    let mut count = 0;
    for value in values {
        value.ok()?;
        count += 1;
    }
    let lines = jsonl.lines().count();
    Some(Problem::new(
        Location::LineColumn {
            line: first + 1,
            column: 1,
        },
        format!(
            "this JSON Lines file holds {} written over {lines} lines; JSON Lines needs each \
             object on one line of its own (write it with one object per line, or give a .json file)",
            if count == 1 {
                "one JSON value".to_owned()
            } else {
                format!("{count} JSON values")
            }
        ),
    ))
}
