//! CSV for spreadsheets: one row per annotation, with a header.
//!
//! Columns: `document_id, document_title, document_sha256, annotation_id, label, start,
//! end, quote, prefix, suffix, note, annotator, created, updated`. `start` and `end`
//! count code points, half-open; rows are in reading order per document.
//!
//! Spreadsheets run a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
//! return as a formula. Such a text cell is written with a leading `'` (which the
//! spreadsheet shows as text and hides), so opening an export never runs anything;
//! the offsets still index the document text itself, not the cell.

use super::native::NativeFile;
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

/// `text`, with a leading `'` when a spreadsheet would take it for a formula.
fn safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
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
}
