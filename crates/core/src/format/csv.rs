//! CSV for spreadsheets: one row per annotation, with a header.
//!
//! Columns: `document_id, document_title, document_sha256, annotation_id, label, start,
//! end, quote, prefix, suffix, note, annotator, created, updated`. `start` and `end`
//! count code points, half-open; rows are in reading order per document.
//!
//! Spreadsheets run a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
//! return as a formula. Such a text cell is written with a leading `'` (which the
//! spreadsheet shows as text and hides), so opening an export never runs anything;
//! the offsets still index the document text itself, not the cell. A text cell that
//! starts with `'` gets one more, so reading ([`read`]) takes exactly one off.

use super::native::{FileDocument, NativeFile};
use super::{Location, Problem, ReadError, Reading};
use crate::annotation::{Anchor, Annotation, AnnotationId};
use crate::document::{DocId, Source, Status};
use crate::label::LabelSet;
use crate::span::Span;
use crate::timestamp::Timestamp;
use std::collections::HashMap;

/// The header row.
pub const COLUMNS: [&str; 14] = [
    "document_id",
    "document_title",
    "document_sha256",
    "annotation_id",
    "label",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "note",
    "annotator",
    "created",
    "updated",
];

/// Writes every annotation of `file` as a row.
pub fn write(file: &NativeFile) -> String {
    let documents: HashMap<_, _> = file.documents.iter().map(|d| (&d.id, d)).collect();
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer
        .write_record(COLUMNS)
        .expect("writing to memory cannot fail");
    let mut annotations: Vec<_> = file.annotations.iter().collect();
    annotations.sort_by(|a, b| (&a.document, a.span(), &a.id).cmp(&(&b.document, b.span(), &b.id)));
    for a in annotations {
        let (title, sha) = documents
            .get(&a.document)
            .map_or(("", ""), |d| (d.title.as_str(), d.sha256.as_str()));
        let span = a.span();
        let record = [
            safe(&a.document.0),
            safe(title),
            sha.to_owned(),
            safe(&a.id.0),
            safe(&a.label),
            span.start().to_string(),
            span.end().to_string(),
            safe(a.anchor.quote()),
            safe(a.anchor.prefix()),
            safe(a.anchor.suffix()),
            safe(&a.note),
            safe(&a.annotator),
            a.created.to_rfc3339(),
            a.updated.to_rfc3339(),
        ];
        writer
            .write_record(&record)
            .expect("writing to memory cannot fail");
    }
    String::from_utf8(writer.into_inner().expect("flushing memory cannot fail")).expect("records are UTF-8")
}

/// `text`, with a leading `'` when a spreadsheet would take it for a formula (or
/// when it starts with `'` itself, so that reading takes exactly one off).
fn safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// A cell as [`safe`] wrote it, as it was.
fn unsafe_cell(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// Whether `text` begins with this format's header (how a `.csv` is told apart).
pub fn looks_like(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("document_id,")
}

/// Reads a CSV file factmark wrote (the columns may be in any order; `document_sha256`,
/// `label`, `start`, `end` and `quote` are needed). CSV carries no text: like a W3C
/// file, it is useful beside the texts it was made on, which importing finds by their
/// SHA-256 and where each annotation is found again by its quote and context.
pub fn read(text: &str) -> Result<Reading, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|err| ReadError::one(Problem::new(Location::File, format!("this is not CSV: {err}"))))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let needed = ["document_sha256", "label", "start", "end", "quote"];
    let missing: Vec<&str> = needed.iter().copied().filter(|n| column(n).is_none()).collect();
    if !missing.is_empty() {
        return Err(ReadError::one(Problem::new(
            Location::File,
            format!(
                "the header lacks the column{} {}: factmark's CSV starts with {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                COLUMNS.join(",")
            ),
        )));
    }
    let mut problems = Vec::new();
    let mut labels = LabelSet::empty();
    let mut documents: Vec<FileDocument> = Vec::new();
    let mut annotations = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let at = |column: usize| Location::LineColumn { line, column };
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                problems.push(Problem::new(at(1), format!("this row is not CSV: {err}")));
                continue;
            }
        };
        let cell = |name: &str| {
            column(name)
                .and_then(|i| record.get(i))
                .map(unsafe_cell)
                .unwrap_or_default()
        };
        let sha256 = cell("document_sha256");
        if !crate::document::is_sha256_hex(sha256) {
            problems.push(Problem::new(
                at(1),
                format!("document_sha256 {sha256:?} is not 64 lowercase hex digits"),
            ));
            continue;
        }
        let offsets = (cell("start").parse::<usize>(), cell("end").parse::<usize>());
        let span = match offsets {
            (Ok(start), Ok(end)) => Span::new(start, end),
            _ => {
                problems.push(Problem::new(
                    at(1),
                    "start and end must be whole numbers".to_owned(),
                ));
                continue;
            }
        };
        let span = match span {
            Ok(span) => span,
            Err(err) => {
                problems.push(Problem::new(at(1), err.to_string()));
                continue;
            }
        };
        let quote = cell("quote");
        if quote.chars().count() != span.len() {
            problems.push(Problem::new(
                at(1),
                format!(
                    "the quote {quote:?} is not {} characters long, as start and end say",
                    span.len()
                ),
            ));
            continue;
        }
        let document = match cell("document_id") {
            "" => crate::document::id_of_sha256(sha256),
            id => DocId(id.to_owned()),
        };
        match documents.iter().find(|d| d.id == document) {
            Some(known) if known.sha256 != sha256 => {
                problems.push(Problem::new(
                    at(1),
                    format!("document `{document}` has two different SHA-256s"),
                ));
                continue;
            }
            Some(_) => {}
            None => documents.push(FileDocument {
                id: document.clone(),
                title: cell("document_title").to_owned(),
                sha256: sha256.to_owned(),
                source: Source::Pasted,
                status: Status::NotStarted,
                text: None,
            }),
        }
        let label = match labels.name_for(cell("label"), "#868e96") {
            Ok(label) => label,
            Err(err) => {
                problems.push(Problem::new(at(1), err.to_string()));
                continue;
            }
        };
        let id = match cell("annotation_id") {
            "" => AnnotationId(format!("{document}-{}-{}-{label}", span.start(), span.end())),
            id => AnnotationId(id.to_owned()),
        };
        if !ids.insert(id.clone()) {
            problems.push(Problem::new(
                at(1),
                format!("annotation id `{id}` is on an earlier row too"),
            ));
            continue;
        }
        let time = |name: &str| match cell(name) {
            "" => Ok(Timestamp::default()),
            t => Timestamp::parse_rfc3339(t).map_err(|err| format!("{name}: {err}")),
        };
        let (created, updated) = match (time("created"), time("updated")) {
            (Ok(c), Ok(u)) => (c, u),
            (Err(e), _) | (_, Err(e)) => {
                problems.push(Problem::new(at(1), e));
                continue;
            }
        };
        annotations.push(Annotation {
            id,
            document,
            anchor: Anchor::from_parts(
                span,
                quote.to_owned(),
                cell("prefix").to_owned(),
                cell("suffix").to_owned(),
            ),
            label,
            note: cell("note").to_owned(),
            annotator: cell("annotator").to_owned(),
            agreed_by: Vec::new(),
            attributes: Default::default(),
            created,
            updated,
        });
    }
    super::finish(
        problems,
        Reading::whole(NativeFile {
            labels,
            relation_types: crate::RelationTypes::empty(),
            documents,
            annotations,
            relations: Vec::new(),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Anchor, Annotation, AnnotationId};
    use crate::document::{DocId, Source, Status};
    use crate::format::native::FileDocument;
    use crate::label::LabelSet;
    use crate::span::Span;
    use crate::timestamp::Timestamp;

    fn file(text: &str, start: usize, end: usize, note: &str) -> NativeFile {
        let id = DocId("d".into());
        NativeFile {
            labels: LabelSet::default(),
            relation_types: crate::RelationTypes::empty(),
            relations: Vec::new(),
            documents: vec![FileDocument {
                id: id.clone(),
                title: "Войска, «12 000»".into(),
                sha256: crate::document::sha256_hex(text),
                source: Source::Pasted,
                status: Status::NotStarted,
                text: Some(text.into()),
            }],
            annotations: vec![Annotation {
                id: AnnotationId("a1".into()),
                document: id,
                anchor: Anchor::describe(text, Span::new(start, end).unwrap()).unwrap(),
                label: "Figure".into(),
                note: note.into(),
                annotator: "ana".into(),
                agreed_by: Vec::new(),
                attributes: Default::default(),
                created: Timestamp::from_millis(0),
                updated: Timestamp::from_millis(0),
            }],
        }
    }

    #[test]
    fn writes_a_header_and_quoted_fields_that_a_csv_reader_reads_back() {
        let text = "Лукашенко: \"12\u{a0}000\" troops,\r\nmoved 🇧🇾";
        let csv = write(&file(text, 11, 19, "note, with \"quotes\"\nand a line"));
        let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS);
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[7], "\"12\u{a0}000\"");
        assert_eq!(&row[5], "11");
        assert_eq!(&row[10], "note, with \"quotes\"\nand a line");
        assert_eq!(&row[1], "Войска, «12 000»");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_defused() {
        let text = "=HYPERLINK(\"http://x\") and -5 troops";
        let csv = write(&file(text, 0, 22, "@SUM(A1)"));
        let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[7], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&row[10], "'@SUM(A1)");
        assert_eq!(&row[5], "0", "offsets are untouched");
    }

    #[test]
    fn reads_back_what_it_wrote_defused_cells_and_all() {
        let text = "'quoted' =HYPERLINK(\"http://x\") and -5 troops,\r\n«Минск» 🇧🇾";
        for (start, end, note) in [(0, 8, "'a note'"), (9, 31, "@SUM(A1)"), (47, 49, "flag")] {
            let original = file(text, start, end, note);
            let back = read(&write(&original)).unwrap();
            assert!(back.unread.is_empty());
            let (a, b) = (&original.annotations[0], &back.file.annotations[0]);
            assert_eq!(a, b);
            assert_eq!(back.file.documents[0].sha256, original.documents[0].sha256);
            assert_eq!(back.file.documents[0].title, original.documents[0].title);
        }
        let err = read("document_id,label\nd,Actor\n").unwrap_err().to_string();
        assert!(
            err.starts_with("the header lacks the columns document_sha256, start, end, quote"),
            "{err}"
        );
    }
}
