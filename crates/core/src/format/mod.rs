//! File formats. Each is a module of its own with a reader that returns a
//! [`ReadError`] naming every problem and where it is, and a writer; none of them
//! is the domain model, which lives in the rest of the crate.
//!
//! | module | reads | writes | carries |
//! |---|---|---|---|
//! | [`native`] | yes | yes | everything (factmark's own format, version 1) |
//! | [`w3c`] | yes | yes | W3C Web Annotation collections |
//! | [`spacy_docbin`] | | yes | spaCy's binary `.spacy` DocBin |
//! | [`spacy_jsonl`] | yes | yes | `{"text", "spans"}` JSON Lines |
//! | [`hf`] | | yes | Hugging Face token classification (`tokens`, `ner_tags`) |
//! | [`conll`] | | yes | CoNLL-2003-style IOB2 |
//! | [`prodigy`] | yes | yes | Prodigy JSON Lines with tokens |
//! | [`doccano`] | yes | yes | doccano JSON Lines, both spellings |
//! | [`label_studio`] | yes | yes | Label Studio tasks with annotation results |
//! | [`brat`] | yes | yes | brat standoff, `.txt` + `.ann` |
//! | [`csv`] | | yes | one row per annotation, for spreadsheets |
//!
//! [`plain`] reads documents without annotations (`.txt`, `.md`, `{"text"}` lines);
//! [`tokens`] is the tokenizer of the token-based formats.

pub mod brat;
pub mod conll;
pub mod csv;
pub mod doccano;
pub mod hf;
mod json_path;
pub mod label_studio;
mod labelled_text;
pub mod native;
pub mod plain;
pub mod prodigy;
pub mod spacy_docbin;
pub mod spacy_jsonl;
mod tagged;
pub mod tokens;
pub mod w3c;
pub mod webanno_tsv;
pub mod zip;

use crate::annotation::{Annotation, AnnotationId};
use crate::document::DocId;
use std::collections::HashMap;
use thiserror::Error;

/// The annotation file formats factmark reads or writes, by their command-line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// factmark's own (`native`).
    Native,
    /// W3C Web Annotation (`w3c`).
    W3c,
    /// spaCy's binary DocBin (`spacy`; written only).
    Spacy,
    /// spaCy-style JSON Lines (`spacy-jsonl`).
    SpacyJsonl,
    /// Hugging Face token classification (`hf`; written only).
    Hf,
    /// CoNLL-2003-style IOB2 (`conll`; written only).
    Conll,
    /// Prodigy JSON Lines (`prodigy`).
    Prodigy,
    /// doccano JSON Lines (`doccano`).
    Doccano,
    /// Label Studio JSON tasks (`labelstudio`).
    LabelStudio,
    /// brat standoff (`brat`): a `.txt` and an `.ann` file per document.
    Brat,
    /// CSV, one row per annotation (`csv`).
    Csv,
    /// WebAnno TSV 3, INCEpTION's exchange format (`webanno-tsv`): a file per document.
    WebannoTsv,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 12] = [
        Format::Native,
        Format::W3c,
        Format::Spacy,
        Format::SpacyJsonl,
        Format::Hf,
        Format::Conll,
        Format::Prodigy,
        Format::Doccano,
        Format::LabelStudio,
        Format::Brat,
        Format::Csv,
        Format::WebannoTsv,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::W3c => "w3c",
            Format::Spacy => "spacy",
            Format::SpacyJsonl => "spacy-jsonl",
            Format::Hf => "hf",
            Format::Conll => "conll",
            Format::Prodigy => "prodigy",
            Format::Doccano => "doccano",
            Format::LabelStudio => "labelstudio",
            Format::Brat => "brat",
            Format::Csv => "csv",
            Format::WebannoTsv => "webanno-tsv",
        }
    }

    /// The name people know it by.
    pub fn title(self) -> &'static str {
        match self {
            Format::Native => "factmark",
            Format::W3c => "W3C Web Annotation",
            Format::Spacy => "spaCy DocBin",
            Format::SpacyJsonl => "spaCy JSONL",
            Format::Hf => "Hugging Face tokens",
            Format::Conll => "CoNLL IOB2",
            Format::Prodigy => "Prodigy JSONL",
            Format::Doccano => "doccano JSONL",
            Format::LabelStudio => "Label Studio",
            Format::Brat => "brat standoff",
            Format::Csv => "CSV",
            Format::WebannoTsv => "WebAnno TSV (INCEpTION)",
        }
    }

    /// The format named `name` on the command line.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The file name extension of a single-file export (without the dot); `None`
    /// for the formats written as several files (a folder, or a zip in the browser).
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Format::Native | Format::LabelStudio => Some("json"),
            Format::W3c => Some("jsonld"),
            Format::Spacy => Some("spacy"),
            Format::SpacyJsonl | Format::Prodigy | Format::Doccano => Some("jsonl"),
            Format::Conll => Some("conll"),
            Format::Csv => Some("csv"),
            Format::Hf | Format::Brat | Format::WebannoTsv => None,
        }
    }

    /// Whether factmark reads this format back (all do; spaCy's binary DocBin with
    /// [`Format::read_bytes`]).
    pub fn can_read(self) -> bool {
        true
    }

    /// Reads `bytes` in this format: the binary DocBin, or any text format's UTF-8.
    pub fn read_bytes(self, bytes: &[u8]) -> Result<Reading, ReadError> {
        match self {
            Format::Spacy => spacy_docbin::read(bytes),
            _ => self.read(decode_utf8(bytes)?),
        }
    }

    /// Whether this format's files carry the document texts (a file in a format that
    /// does not is only useful beside the texts).
    pub fn carries_text(self) -> bool {
        !matches!(self, Format::W3c | Format::Csv)
    }

    /// The format of an annotation file, judged by its name and content; `None` for
    /// files that hold no annotations (plain texts) or that no format here reads.
    pub fn detect(file_name: &str, text: &str) -> Option<Format> {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".ann") {
            return Some(Format::Brat);
        }
        if lower.ends_with(".spacy") {
            return Some(Format::Spacy);
        }
        if [".conll", ".conll03", ".iob", ".iob2", ".bio", ".bioes"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            return Some(Format::Conll);
        }
        if lower.ends_with(".tsv")
            && text
                .trim_start_matches('\u{feff}')
                .starts_with("#FORMAT=WebAnno TSV 3")
        {
            return Some(Format::WebannoTsv);
        }
        if lower.ends_with(".csv") {
            return csv::looks_like(text).then_some(Format::Csv);
        }
        if lower.ends_with(".json") || lower.ends_with(".jsonld") {
            // factmark writes "format" first: such a file needs no further look.
            let head: String = text
                .trim_start_matches('\u{feff}')
                .chars()
                .take(64)
                .filter(|c| !c.is_whitespace())
                .collect();
            if head.starts_with("{\"format\":\"factmark\"") {
                return Some(Format::Native);
            }
            // Otherwise only the top level's "type" and an array's first item are
            // kept: a large file is looked at without building it in memory.
            let shape: Shape = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).ok()?;
            return Some(match shape {
                Shape::Object { data: true, .. } => Format::LabelStudio,
                Shape::Object { kind: Some(kind), .. }
                    if matches!(
                        kind.as_str(),
                        "AnnotationCollection" | "AnnotationPage" | "Annotation"
                    ) =>
                {
                    Format::W3c
                }
                Shape::Array { first: Some(first) }
                    if w3c::looks_like(&serde_json::Value::Array(vec![first.clone()])) =>
                {
                    Format::W3c
                }
                Shape::Array { first: Some(first) }
                    if label_studio::looks_like(&serde_json::Value::Array(vec![first.clone()])) =>
                {
                    Format::LabelStudio
                }
                _ => Format::Native,
            });
        }
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            let first: serde_json::Value =
                serde_json::from_str(text.lines().find(|l| !l.trim().is_empty())?).ok()?;
            let has = |key: &str| first.get(key).is_some();
            // Prodigy's own keys: a task always has its hashes once annotated, and an
            // answer; ner.teach tasks have no tokens.
            let prodigy = ["answer", "_input_hash", "_task_hash", "_view_id"]
                .iter()
                .any(|k| has(k));
            return if has("tokens") && has("ner_tags") {
                Some(Format::Hf)
            } else if has("text") && (has("tokens") || prodigy) {
                Some(Format::Prodigy)
            } else if has("spans") {
                Some(Format::SpacyJsonl)
            } else if has("label") || has("labels") || has("entities") {
                Some(Format::Doccano)
            } else {
                None
            };
        }
        None
    }

    /// Reads `text` in this format: what arrives in the project, and what does not,
    /// counted. brat needs its `.txt` and `.ann` files together: read it with
    /// [`brat::read`].
    pub fn read(self, text: &str) -> Result<Reading, ReadError> {
        match self {
            Format::Native => native::read(text).map(Reading::whole),
            Format::W3c => w3c::read(text),
            Format::SpacyJsonl => spacy_jsonl::read(text),
            Format::Prodigy => prodigy::read(text),
            Format::Doccano => doccano::read(text),
            Format::LabelStudio => label_studio::read(text),
            Format::Brat => Err(ReadError::one(Problem::new(
                Location::File,
                "a brat .ann file is read together with its .txt file: give both",
            ))),
            Format::Csv => csv::read(text),
            Format::Conll => conll::read(text),
            Format::Hf => hf::read(text, None),
            Format::WebannoTsv => webanno_tsv::read("", text),
            Format::Spacy => Err(ReadError::one(Problem::new(
                Location::File,
                "a spaCy DocBin is binary: read it from its bytes (Format::read_bytes)",
            ))),
        }
    }

    /// Writes `file` in this format, with a notice for every annotation the format
    /// cannot hold; fails when the format needs texts the file lacks.
    pub fn write(self, file: &native::NativeFile) -> Result<Written, String> {
        // Text set aside as not the article: the annotations in it are left out of
        // every other format, and its tokens out of the token formats.
        let (aside, set_aside_notices) = match self {
            Format::Native => (None, Vec::new()),
            _ => set_aside(file, self.title(), self.is_token_format()),
        };
        let file = aside.as_ref().unwrap_or(file);
        let mut written = self.write_spans(file)?;
        written.notices.splice(0..0, set_aside_notices);
        // The formats that write relations and attributes name what they leave out
        // themselves.
        let (relations, attributes) = match self {
            Format::Native | Format::Brat | Format::LabelStudio | Format::W3c | Format::Csv => (false, false),
            // doccano and Prodigy hold relations; they have no attributes.
            Format::Doccano | Format::Prodigy | Format::Spacy => (false, true),
            _ => (true, true),
        };
        written.notices.extend(relations_and_attributes_left_out(
            file,
            self.title(),
            relations,
            attributes,
        ));
        if self != Format::Native {
            written.notices.extend(suggestions_left_out(file, self.title()));
        }
        Ok(written)
    }

    /// The file as `write` makes it, before the notices of what no writer but the
    /// native one holds yet.
    fn write_spans(self, file: &native::NativeFile) -> Result<Written, String> {
        let text = |text: String| Written {
            output: Output::Text(text),
            notices: Vec::new(),
        };
        match self {
            Format::Native => Ok(text(native::write(file))),
            Format::W3c => Ok(text(w3c::write(file))),
            Format::Spacy => spacy_docbin::write(file),
            Format::SpacyJsonl => spacy_jsonl::write(file).map(text),
            Format::Hf => hf::write(file),
            Format::Conll => conll::write(file),
            Format::Prodigy => prodigy::write(file),
            Format::Doccano => doccano::write(file),
            Format::LabelStudio => label_studio::write(file),
            Format::Brat => brat::write(file),
            // With relations, two files: the annotations and, beside them, the relations.
            Format::Csv => Ok(match csv::write_relations(file) {
                None => text(csv::write(file)),
                Some(relations) => Written {
                    output: Output::Files(vec![
                        ("annotations.csv".to_owned(), csv::write(file).into_bytes()),
                        (csv::relations_name("annotations.csv"), relations.into_bytes()),
                    ]),
                    notices: Vec::new(),
                },
            }),
            Format::WebannoTsv => webanno_tsv::write(file),
        }
    }
}

/// Each relation of `file` as its type and its ends' quotes, sorted (for tests).
#[cfg(test)]
pub(crate) fn relation_quotes(file: &native::NativeFile) -> Vec<(String, String, String)> {
    let quote = |id: &AnnotationId| {
        file.annotations
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.anchor.quote().to_owned())
            .unwrap_or_default()
    };
    let mut out: Vec<_> = file
        .relations
        .iter()
        .map(|r| (r.kind.clone(), quote(&r.from), quote(&r.to)))
        .collect();
    out.sort();
    out
}

/// The relations of `file` by the document both their ends are in, for a format that
/// links spans of one document only; a notice for each relation between documents.
pub(crate) fn relations_by_document<'a>(
    file: &'a native::NativeFile,
    annotations: &HashMap<&AnnotationId, &'a crate::Annotation>,
    format: &str,
) -> (HashMap<&'a DocId, Vec<&'a crate::Relation>>, Vec<Notice>) {
    let mut by_document: HashMap<&DocId, Vec<&crate::Relation>> = HashMap::new();
    let mut notices = Vec::new();
    for relation in &file.relations {
        let doc = |id| annotations.get(id).map(|a| &a.document);
        match (doc(&relation.from), doc(&relation.to)) {
            (Some(a), Some(b)) if a == b => by_document.entry(a).or_default().push(relation),
            (a, _) => notices.push(relation_left_out(
                a,
                relation,
                format,
                format!("{format} links spans of one document only"),
            )),
        }
    }
    (by_document, notices)
}

/// Relation `relation` (from an annotation of `document`, when it is known) was left
/// out of a `format` file, for `why`.
pub(crate) fn relation_left_out(
    document: Option<&DocId>,
    relation: &crate::Relation,
    format: &str,
    why: impl std::fmt::Display,
) -> Notice {
    Notice {
        document: document.cloned(),
        annotation: Some(relation.from.clone()),
        message: format!(
            "its relation `{}` ({} annotation `{}`) is left out of the {format} file: {why}",
            relation.id, relation.kind, relation.to
        ),
        other: Some(relation.to.clone()),
    }
}

/// A notice for each relation and each annotation's attributes in `file`, which a
/// `format` file does not hold: nothing is left out of an export without a word.
fn relations_and_attributes_left_out(
    file: &native::NativeFile,
    format: &str,
    relations: bool,
    attributes: bool,
) -> Vec<Notice> {
    let documents: HashMap<&AnnotationId, &DocId> =
        file.annotations.iter().map(|a| (&a.id, &a.document)).collect();
    let mut notices: Vec<Notice> = file
        .annotations
        .iter()
        .filter(|a| attributes && !a.attributes.is_empty())
        .map(|a| {
            let values: Vec<String> = a
                .attributes
                .iter()
                .map(|(field, value)| format!("{field}: {}", value.display()))
                .collect();
            Notice {
                document: Some(a.document.clone()),
                annotation: Some(a.id.clone()),
                message: format!(
                    "its attributes ({}) are left out of the {format} file: factmark writes attributes only to its own files so far",
                    values.join(", ")
                ),
                other: None,
            }
        })
        .collect();
    notices.extend(file.relations.iter().filter(|_| relations).map(|r| {
        relation_left_out(
            documents.get(&r.from).copied(),
            r,
            format,
            "factmark writes relations only to its own files so far",
        )
    }));
    notices
}

impl Format {
    /// Whether this format can be written as one layer per label ([`Format::write_layers`]):
    /// the IOB2 formats, which cannot hold overlapping spans in one tag sequence.
    pub fn has_layers(self) -> bool {
        matches!(self, Format::Conll | Format::Hf)
    }

    /// Whether it is made of tokens rather than a text with spans: CoNLL, Hugging Face
    /// and spaCy's DocBin, whose tokens leave out text set aside as not the article.
    pub fn is_token_format(self) -> bool {
        matches!(self, Format::Conll | Format::Hf | Format::Spacy)
    }

    /// Writes `file` as one file (CoNLL) or folder (Hugging Face) per label, each
    /// holding only that label's spans, as nested-NER corpora are kept: a Figure inside
    /// a Claim is in the Figure layer and the Claim in the Claim layer, where one tag
    /// sequence would have to leave one out. Layers are named by their label's place
    /// and name (`1-Claim.conll`, `2-Figure/train.jsonl`, …); each reads as an ordinary
    /// file of the format. Only spans of one label that overlap, or that are off token
    /// boundaries, are left out (and reported).
    pub fn write_layers(self, file: &native::NativeFile) -> Result<Written, String> {
        if !self.has_layers() {
            return Err(format!(
                "{} is not written in layers: only CoNLL IOB2 and Hugging Face tokens are",
                self.title()
            ));
        }
        let mut names: Vec<&str> = file.labels.iter().map(|l| l.name.as_str()).collect();
        for a in &file.annotations {
            if !names.contains(&a.label.as_str()) {
                names.push(&a.label);
            }
        }
        let mut files = Vec::new();
        let mut notices = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let mut labels = crate::label::LabelSet::empty();
            if let Some(label) = file.labels.get(name) {
                let _ = labels.add(label.clone());
            }
            let layer = native::NativeFile {
                labels,
                documents: file.documents.clone(),
                annotations: file
                    .annotations
                    .iter()
                    .filter(|a| a.label == *name)
                    .cloned()
                    .collect(),
                relation_types: crate::RelationTypes::empty(),
                relations: Vec::new(),
                patterns: Vec::new(),
                rejected: Vec::new(),
                guidelines: String::new(),
            };
            let written = self.write(&layer)?;
            let stem = format!("{}-{}", i + 1, layer_name(name));
            match written.output {
                Output::Text(text) => files.push((format!("{stem}.conll"), text.into_bytes())),
                Output::Binary(bytes) => files.push((stem, bytes)),
                Output::Files(parts) => files.extend(
                    parts
                        .into_iter()
                        .map(|(part, bytes)| (format!("{stem}/{part}"), bytes)),
                ),
            }
            // What is about no annotation (text set aside, left out of every layer's
            // tokens) is said once, not once a layer.
            for notice in written.notices {
                if notice.annotation.is_some() || !notices.contains(&notice) {
                    notices.push(notice);
                }
            }
        }
        // Each layer named its annotations' attributes; the relations join layers.
        notices.extend(relations_and_attributes_left_out(file, self.title(), true, false));
        Ok(Written {
            output: Output::Files(files),
            notices,
        })
    }
}

/// A label's name as a file name: letters, digits, `-` and `_` kept, anything else `_`.
fn layer_name(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The top level of a JSON file, as much as [`Format::detect`] needs of it.
enum Shape {
    /// An object, with its `"type"` when that is a string, and whether it has an
    /// object `"data"` (a Label Studio task).
    Object { kind: Option<String>, data: bool },
    /// An array, with its first item.
    Array { first: Option<serde_json::Value> },
    /// Anything else.
    Other,
}

impl<'de> serde::Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Shape, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Shape;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                let mut kind = None;
                let mut data = false;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "type" {
                        kind = map.next_value::<serde_json::Value>()?.as_str().map(str::to_owned);
                    } else if key == "data" {
                        data = map.next_value::<serde_json::Value>()?.is_object();
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(Shape::Object { kind, data })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
                let first = seq.next_element::<serde_json::Value>()?;
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Shape::Array { first })
            }
            fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_unit<E>(self) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// What a writer produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One text file.
    Text(String),
    /// One binary file.
    Binary(Vec<u8>),
    /// Several files, by their paths relative to the folder they go in.
    Files(Vec<(String, Vec<u8>)>),
}

impl Output {
    /// The output as one file's bytes: several files are put in a zip archive.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Output::Text(text) => text.into_bytes(),
            Output::Binary(bytes) => bytes,
            Output::Files(files) => zip::write(&files),
        }
    }
}

/// What only factmark's own files hold of help while marking, each kind named once
/// with its count: where accepted or suggested annotations came from, the project's
/// patterns, the suggestions people rejected.
/// `file` without what lies in text set aside as not the article ([`crate::ignored`]):
/// each annotation that overlaps a region, and each relation with such an end, named
/// per document; and a notice of the regions themselves (left out of a token format's
/// tokens, or not held by a span format). `None` (and no notices) when no document has
/// a region.
fn set_aside(
    file: &native::NativeFile,
    format: &str,
    tokens: bool,
) -> (Option<native::NativeFile>, Vec<Notice>) {
    let regions: HashMap<&DocId, &[crate::Span]> = file
        .documents
        .iter()
        .filter(|d| !d.ignored.is_empty())
        .map(|d| (&d.id, d.ignored.as_slice()))
        .collect();
    if regions.is_empty() {
        return (None, Vec::new());
    }
    let inside = |a: &crate::Annotation| {
        regions
            .get(&a.document)
            .is_some_and(|r| crate::ignored::touches(r, a.span()))
    };
    // Each annotation left out, with its document.
    let left_out: HashMap<&AnnotationId, &DocId> = file
        .annotations
        .iter()
        .filter(|a| inside(a))
        .map(|a| (&a.id, &a.document))
        .collect();
    let mut counts: HashMap<&DocId, (usize, usize)> = HashMap::new();
    for document in left_out.values() {
        counts.entry(document).or_default().0 += 1;
    }
    for r in &file.relations {
        if let Some(document) = left_out.get(&r.from).or_else(|| left_out.get(&r.to)) {
            counts.entry(document).or_default().1 += 1;
        }
    }
    let per_document: Vec<(&DocId, usize, usize)> = file
        .documents
        .iter()
        .filter_map(|d| counts.get(&d.id).map(|&(a, r)| (&d.id, a, r)))
        .collect();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut notices: Vec<Notice> = per_document
        .iter()
        .map(|(doc, a, r)| Notice {
            document: Some((*doc).clone()),
            annotation: None,
            message: format!(
                "{}{} {} in text set aside as not the article, so not in the {format} file; factmark files keep {}",
                plural(*a, "annotation", "annotations"),
                if *r > 0 {
                    format!(" (and {})", plural(*r, "relation", "relations"))
                } else {
                    String::new()
                },
                if *a == 1 && *r == 0 { "lies" } else { "lie" },
                if a + r == 1 { "it" } else { "them" }
            ),
            other: None,
        })
        .collect();
    let count: usize = regions.values().map(|r| r.len()).sum();
    notices.push(Notice {
        document: None,
        annotation: None,
        message: if tokens {
            format!(
                "the text set aside as not the article ({} in {}) is left out of the {format} file's tokens",
                plural(count, "region", "regions"),
                plural(regions.len(), "document", "documents")
            )
        } else {
            format!(
                "{} of text set aside as not the article {} not marked in the {format} file, which cannot hold {}; factmark files keep {}",
                plural(count, "region", "regions"),
                if count == 1 { "is" } else { "are" },
                if count == 1 { "it" } else { "them" },
                if count == 1 { "it" } else { "them" }
            )
        },
        other: None,
    });
    let mut kept = file.clone();
    kept.annotations.retain(|a| !left_out.contains_key(&a.id));
    kept.relations
        .retain(|r| !left_out.contains_key(&r.from) && !left_out.contains_key(&r.to));
    (Some(kept), notices)
}

fn suggestions_left_out(file: &native::NativeFile, format: &str) -> Vec<Notice> {
    let origins = file.annotations.iter().filter(|a| a.origin.is_some()).count();
    let counted = |n: usize, one: &str, many: &str, what: &str| {
        (n > 0).then(|| Notice {
            document: None,
            annotation: None,
            message: format!(
                "{n} {} not in the {format} file, which cannot hold {what}; factmark files keep {}",
                if n == 1 { one } else { many },
                if n == 1 { "it" } else { "them" }
            ),
            other: None,
        })
    };
    [
        counted(
            origins,
            "annotation's origin (a suggestion, its source and score) is",
            "annotations' origins (suggestions, their sources and scores) are",
            "where an annotation came from (the annotations themselves are written)",
        ),
        counted(
            file.patterns.len(),
            "suggestion pattern is",
            "suggestion patterns are",
            "patterns",
        ),
        counted(
            file.rejected.len(),
            "rejected suggestion is",
            "rejected suggestions are",
            "rejections",
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A written file and what the format could not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file or files.
    pub output: Output,
    /// One notice per annotation left out or changed, in document order.
    pub notices: Vec<Notice>,
}

/// Something a writer had to leave out or change, named by document and annotation.
/// For people, [`describe_notices`] names them by what they are instead of by id: "the
/// Figure «100,000» in «Ukraine suspects…»: left out of the CoNLL file: it overlaps the
/// Claim «the number of…», and IOB2 tags cannot express overlapping spans".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The document, when the notice is about one.
    pub document: Option<DocId>,
    /// The annotation, when the notice is about one.
    pub annotation: Option<AnnotationId>,
    /// What happened and why.
    pub message: String,
    /// Another annotation the message names as "annotation `id`" (the one a left-out
    /// span overlaps).
    pub other: Option<AnnotationId>,
}

impl Notice {
    /// Annotation `id` of `document` was left out of a `format` file, for `reason`.
    pub fn left_out(
        document: &DocId,
        id: &AnnotationId,
        format: &str,
        reason: impl std::fmt::Display,
    ) -> Notice {
        Notice {
            document: Some(document.clone()),
            annotation: Some(id.clone()),
            message: format!("left out of the {format} file: {reason}"),
            other: None,
        }
    }

    /// Annotation `id` of `document` was left out of a `format` file because it
    /// overlaps annotation `kept`, which the file holds, for `reason`.
    pub fn left_out_overlapping(
        document: &DocId,
        id: &AnnotationId,
        kept: &AnnotationId,
        format: &str,
        reason: impl std::fmt::Display,
    ) -> Notice {
        Notice {
            other: Some(kept.clone()),
            ..Notice::left_out(
                document,
                id,
                format,
                format!("it overlaps annotation `{kept}`, and {reason}"),
            )
        }
    }

    /// This notice in words, its annotations named by label, quote and document title
    /// (see [`describe_notices`]); by id where they are not in `marks`.
    fn describe(
        &self,
        marks: &HashMap<&AnnotationId, &Annotation>,
        titles: &HashMap<&DocId, &str>,
    ) -> String {
        let title = |doc: &DocId| {
            titles
                .get(doc)
                .map_or_else(|| doc.to_string(), |t| crate::words::shorten(t, 40))
        };
        let mark = |a: &Annotation| {
            format!(
                "the {} «{}»",
                a.label,
                crate::words::shorten(a.anchor.quote(), 40)
            )
        };
        let subject = match (
            self.annotation.as_ref().and_then(|id| marks.get(id)),
            &self.document,
        ) {
            (Some(a), _) => Some(format!("{} in «{}»", mark(a), title(&a.document))),
            (None, Some(doc)) if self.annotation.is_none() => Some(format!("«{}»", title(doc))),
            _ => None,
        };
        let mut message = self.message.clone();
        if let Some(other) = self.other.as_ref().and_then(|id| marks.get(id)) {
            message = message.replace(&format!("annotation `{}`", other.id), &mark(other));
        }
        match subject {
            Some(subject) => format!("{subject}: {message}"),
            None => self.to_string(),
        }
    }
}

/// Each of `notices` (of a file written from `file`) in words a person can act on: its
/// annotations named by label, quote and document title rather than by id.
pub fn describe_notices(notices: &[Notice], file: &native::NativeFile) -> Vec<String> {
    let wanted: std::collections::HashSet<&AnnotationId> = notices
        .iter()
        .flat_map(|n| n.annotation.iter().chain(n.other.iter()))
        .collect();
    let marks: HashMap<&AnnotationId, &Annotation> = file
        .annotations
        .iter()
        .filter(|a| wanted.contains(&a.id))
        .map(|a| (&a.id, a))
        .collect();
    let titles: HashMap<&DocId, &str> = file.documents.iter().map(|d| (&d.id, d.title.as_str())).collect();
    notices.iter().map(|n| n.describe(&marks, &titles)).collect()
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.document, &self.annotation) {
            (Some(doc), Some(id)) => write!(f, "document `{doc}`, annotation `{id}`: ")?,
            (Some(doc), None) => write!(f, "document `{doc}`: ")?,
            (None, Some(id)) => write!(f, "annotation `{id}`: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

/// What a reader did with something a file holds that does not arrive in the project
/// as it was (see [`Unread`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fate {
    /// Left out: the project does not hold it (`--strict` fails on these).
    NotRead,
    /// Put together with something else that says the same (nothing is lost).
    Joined,
    /// Read after a correction the file itself makes certain (nothing is lost).
    Corrected,
    /// Made anew from what the file holds (a text from its tokens): what is read
    /// indexes the new text.
    Rebuilt,
}

read_name!(Fate {
    NotRead = "not-read",
    Joined = "joined",
    Corrected = "corrected",
    Rebuilt = "rebuilt",
});

/// Things of one kind a file holds that a reader did not bring into the project as
/// they were, counted: "3 brat relations (R lines) are not read: factmark does not hold
/// relations". Every reader names everything it leaves out this way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unread {
    /// How many.
    pub count: usize,
    /// What one of them is ("brat relation (R line)").
    pub one: String,
    /// What several are ("brat relations (R lines)").
    pub many: String,
    /// What became of them.
    pub fate: Fate,
    /// Why, in words a person can act on.
    pub why: String,
}

read_object!(Unread {
    count: usize = "count",
    one: String = "one",
    many: String = "many",
    fate: Fate = "fate",
    why: String = "why",
});

impl std::fmt::Display for Unread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (noun, verb) = if self.count == 1 {
            (&self.one, "is")
        } else {
            (&self.many, "are")
        };
        let fate = match self.fate {
            Fate::NotRead => "not read",
            Fate::Joined => "joined",
            Fate::Corrected => "corrected",
            Fate::Rebuilt => "rebuilt",
        };
        write!(f, "{} {noun} {verb} {fate}: {}", self.count, self.why)
    }
}

/// What a reader found: the file, and what of it did not arrive as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// What arrives in the project.
    pub file: native::NativeFile,
    /// What does not, or arrives changed, counted by kind.
    pub unread: Vec<Unread>,
}

impl Reading {
    /// A reading that left nothing out.
    pub fn whole(file: native::NativeFile) -> Reading {
        Reading {
            file,
            unread: Vec::new(),
        }
    }

    /// Whether anything the file holds is left out ([`Fate::NotRead`]).
    pub fn loses_something(&self) -> bool {
        self.unread.iter().any(|u| u.fate == Fate::NotRead)
    }
}

/// Counts what a reader leaves out, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tally(pub Vec<Unread>);

impl Tally {
    /// Counts `count` things called `one`/`many` that met `fate` for `why`.
    pub fn add(&mut self, count: usize, (one, many): (&str, &str), fate: Fate, why: &str) {
        if count == 0 {
            return;
        }
        match self
            .0
            .iter_mut()
            .find(|u| u.one == one && u.fate == fate && u.why == why)
        {
            Some(known) => known.count += count,
            None => self.0.push(Unread {
                count,
                one: one.to_owned(),
                many: many.to_owned(),
                fate,
                why: why.to_owned(),
            }),
        }
    }

    /// Adds everything `other` counted.
    pub fn extend(&mut self, other: Vec<Unread>) {
        for u in other {
            self.add(u.count, (&u.one, &u.many), u.fate, &u.why);
        }
    }
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A line and column (both from 1), for text that is not well-formed.
    LineColumn {
        /// The line, from 1.
        line: usize,
        /// The column, from 1, in characters.
        column: usize,
    },
    /// A JSON path such as `annotations[3].label`.
    Path(String),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File => f.write_str("file"),
            Location::LineColumn { line, column } => write!(f, "line {line}, column {column}"),
            Location::Path(path) => write!(f, "at {path}"),
        }
    }
}

/// One thing wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl Problem {
    /// A problem at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> Problem {
        Problem {
            location,
            message: message.into(),
        }
    }

    /// A problem at JSON path `path`.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem::new(Location::Path(path.into()), message)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.location {
            Location::File => f.write_str(&self.message),
            _ => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

/// Why a file could not be read: at least one [`Problem`], in file order where known.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct ReadError {
    /// Every problem found (reading stops early only when the file is not well-formed).
    pub problems: Vec<Problem>,
}

impl ReadError {
    /// An error with the single problem `problem`.
    pub fn one(problem: Problem) -> ReadError {
        ReadError {
            problems: vec![problem],
        }
    }

    /// The error as one line for a person: its first five problems, and how many more.
    pub fn summary(&self) -> String {
        const SHOWN: usize = 5;
        let mut parts: Vec<String> = self
            .problems
            .iter()
            .take(SHOWN)
            .map(ToString::to_string)
            .collect();
        if self.problems.len() > SHOWN {
            parts.push(format!("and {} more problems", self.problems.len() - SHOWN));
        }
        parts.join("; ")
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// `json` parsed (a leading byte order mark skipped), or where it stops being JSON.
pub(crate) fn parse_json(json: &str) -> Result<serde_json::Value, ReadError> {
    serde_json::from_str(json.strip_prefix('\u{feff}').unwrap_or(json)).map_err(|err| {
        ReadError::one(Problem::new(
            Location::LineColumn {
                line: err.line(),
                column: err.column(),
            },
            format!("this is not valid JSON: {err}"),
        ))
    })
}

/// `items` mapped by `f`, in order: on every core natively (documents are
/// independent, so the token formats convert them side by side), on the one thread
/// in the browser.
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        if threads > 1 && items.len() >= 64 {
            let chunk = items.len().div_ceil(threads);
            return std::thread::scope(|scope| {
                let f = &f;
                let workers: Vec<_> = items
                    .chunks(chunk)
                    .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
                    .collect();
                workers
                    .into_iter()
                    .flat_map(|worker| worker.join().expect("converting a document never panics"))
                    .collect()
            });
        }
    }
    items.iter().map(f).collect()
}

/// The outputs of per-document parts in order, and all their notices.
pub(crate) fn gather<T>(parts: Vec<(T, Vec<Notice>)>) -> (Vec<T>, Vec<Notice>) {
    let mut outputs = Vec::with_capacity(parts.len());
    let mut notices = Vec::new();
    for (output, left_out) in parts {
        outputs.push(output);
        notices.extend(left_out);
    }
    (outputs, notices)
}

/// Files with more annotations than this are written as compact JSON: pretty
/// printing would make a large export a third bigger and slower to write and read.
pub const PRETTY_UP_TO: usize = 10_000;

/// `value` as JSON: pretty-printed for `annotations` up to [`PRETTY_UP_TO`], compact
/// beyond; with a final newline.
pub(crate) fn json_text(value: &impl serde::Serialize, annotations: usize, capacity: usize) -> String {
    let mut bytes = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut bytes, value).expect("factmark's file models always serialise");
    let compact = String::from_utf8(bytes).expect("serde_json writes UTF-8");
    // Pretty-printed from the compact text rather than by serde_json's pretty formatter:
    // the same bytes, without a second serialiser of every file model in the browser's
    // download.
    let mut text = if annotations <= PRETTY_UP_TO {
        pretty(&compact)
    } else {
        compact
    };
    text.push('\n');
    text
}

/// Compact JSON (as serde_json writes it) laid out as serde_json's pretty printer lays
/// it out: two spaces an indent, `": "` after a key, each member and element on a line
/// of its own, `{}` and `[]` when empty.
pub(crate) fn pretty(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 3);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' => {
                // A string, escapes and all, as it is.
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str(&compact[start..i.min(bytes.len())]);
                continue;
            }
            b'{' | b'[' => {
                let close = if c == b'{' { b'}' } else { b']' };
                out.push(char::from(c));
                if bytes.get(i + 1) == Some(&close) {
                    out.push(char::from(close));
                    i += 2;
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(char::from(c));
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            // Outside strings, compact JSON is ASCII: numbers, true, false, null.
            _ => out.push(char::from(c)),
        }
        i += 1;
    }
    out
}

/// `value` when no problem was found, else every problem.
pub(crate) fn finish<T>(problems: Vec<Problem>, value: T) -> Result<T, ReadError> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(ReadError { problems })
    }
}

/// Checks that `bytes` are UTF-8 text, naming the first byte that is not; a leading
/// byte order mark is skipped.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|err| {
        let at = err.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        ReadError::one(Problem::new(
            Location::File,
            format!(
                "this is not UTF-8 text: byte {at} (line {line}) is 0x{:02X}; is it a binary file?",
                bytes[at]
            ),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_lays_out_compact_json_as_serde_json_does() {
        let golden = include_str!("../../tests/golden/native-v3.json");
        let value: serde_json::Value = serde_json::from_str(golden).unwrap();
        let samples = [
            value.clone(),
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!({"a": [], "b": {}, "c": [1, {"d": "\"q\" \\ , : { [ 🇧🇾"}], "e": null}),
            serde_json::json!("x"),
        ];
        for sample in samples {
            let compact = serde_json::to_string(&sample).unwrap();
            assert_eq!(pretty(&compact), serde_json::to_string_pretty(&sample).unwrap());
        }
        // The golden file is written exactly so.
        let file = native::read(golden).unwrap();
        assert_eq!(native::write(&file), golden);
    }

    #[test]
    fn detects_formats_by_name_and_content() {
        let w3c = r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"items": []}}"#;
        assert_eq!(Format::detect("x.json", w3c), Some(Format::W3c));
        assert_eq!(
            Format::detect("x.json", r#"{"format": "factmark"}"#),
            Some(Format::Native)
        );
        assert_eq!(
            Format::detect("x.jsonl", "\n{\"text\": \"a\", \"spans\": []}"),
            Some(Format::SpacyJsonl)
        );
        assert_eq!(
            Format::detect("x.JSONL", r#"{"text": "a", "entities": []}"#),
            Some(Format::Doccano)
        );
        assert_eq!(Format::detect("x.jsonl", r#"{"text": "a"}"#), None);
        assert_eq!(
            Format::detect("x.jsonl", r#"{"text": "a", "tokens": [], "spans": []}"#),
            Some(Format::Prodigy)
        );
        assert_eq!(
            Format::detect("x.json", r#"[{"data": {"text": "a"}, "annotations": []}]"#),
            Some(Format::LabelStudio)
        );
        assert_eq!(Format::detect("x.ann", "T1\tActor 0 1\ta"), Some(Format::Brat));
        // A single Label Studio task, and a Prodigy ner.teach answer (no tokens).
        assert_eq!(
            Format::detect("x.json", r#"{"id": 1, "data": {"text": "a"}, "annotations": []}"#),
            Some(Format::LabelStudio)
        );
        assert_eq!(
            Format::detect("x.jsonl", r#"{"text": "a", "spans": [], "answer": "reject"}"#),
            Some(Format::Prodigy)
        );
        assert_eq!(Format::detect("x.txt", "{}"), None);
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
    }

    #[test]
    fn names_the_first_byte_that_is_not_utf8() {
        let err = decode_utf8(b"ok\nok\n\xFF\xFE").unwrap_err();
        assert_eq!(
            err.to_string(),
            "this is not UTF-8 text: byte 6 (line 3) is 0xFF; is it a binary file?"
        );
        assert_eq!(decode_utf8("\u{feff}Минск".as_bytes()), Ok("Минск"));
    }
}
