//! CSV for spreadsheets: one row per annotation, with a header; and, when the project
//! has relations, a second file of one row per relation.
//!
//! Columns: `document_id, document_title, document_sha256, annotation_id, label, start,
//! end, quote, prefix, suffix, note, annotator, created, updated`, then a column
//! `attribute:NAME` per field of the labels (its plain value: the text, `true`/`false`,
//! the number; empty when not set). `start` and `end` count code points, half-open;
//! rows are in reading order per document.
//!
//! The relations file (`NAME.relations.csv` beside `NAME.csv`): `relation_id, type,
//! from_annotation_id, to_annotation_id, from_quote, to_quote, note, annotator, created,
//! updated`. Its ends are the annotations file's ids (the quotes are for people, and
//! checked when read).
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

/// The header row of the relations file.
pub const RELATION_COLUMNS: [&str; 10] = [
    "relation_id",
    "type",
    "from_annotation_id",
    "to_annotation_id",
    "from_quote",
    "to_quote",
    "note",
    "annotator",
    "created",
    "updated",
];

/// What an attribute column's name starts with.
const ATTRIBUTE: &str = "attribute:";

/// The name of the relations file that goes with the annotations file `name`:
/// `desk.csv` → `desk.relations.csv`.
pub fn relations_name(name: &str) -> String {
    let stem = match name.len().checked_sub(4) {
        Some(at) if name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(".csv") => &name[..at],
        _ => name,
    };
    format!("{stem}.relations.csv")
}

/// The fields of `file`'s labels, each name once, in label order.
fn field_names(file: &NativeFile) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for field in file.labels.iter().flat_map(|l| &l.fields) {
        if !names.contains(&field.name.as_str()) {
            names.push(&field.name);
        }
    }
    names
}

/// Writes every annotation of `file` as a row.
pub fn write(file: &NativeFile) -> String {
    let documents: HashMap<_, _> = file.documents.iter().map(|d| (&d.id, d)).collect();
    let fields = field_names(file);
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let header = COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .chain(fields.iter().map(|f| format!("{ATTRIBUTE}{f}")));
    writer
        .write_record(header)
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
        let values = fields.iter().map(|f| {
            a.attributes
                .get(*f)
                .map_or_else(String::new, |v| safe(&v.to_plain()))
        });
        writer
            .write_record(record.into_iter().chain(values))
            .expect("writing to memory cannot fail");
    }
    String::from_utf8(writer.into_inner().expect("flushing memory cannot fail")).expect("records are UTF-8")
}

/// The relations file of `file`, when it has relations: a row per relation, in the
/// file's order.
pub fn write_relations(file: &NativeFile) -> Option<String> {
    if file.relations.is_empty() {
        return None;
    }
    let quotes: HashMap<&AnnotationId, &str> = file
        .annotations
        .iter()
        .map(|a| (&a.id, a.anchor.quote()))
        .collect();
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer
        .write_record(RELATION_COLUMNS)
        .expect("writing to memory cannot fail");
    for r in &file.relations {
        let quote = |id: &AnnotationId| safe(quotes.get(id).copied().unwrap_or_default());
        let record = [
            safe(&r.id.0),
            safe(&r.kind),
            safe(&r.from.0),
            safe(&r.to.0),
            quote(&r.from),
            quote(&r.to),
            safe(&r.note),
            safe(&r.annotator),
            r.created.to_rfc3339(),
            r.updated.to_rfc3339(),
        ];
        writer
            .write_record(&record)
            .expect("writing to memory cannot fail");
    }
    Some(
        String::from_utf8(writer.into_inner().expect("flushing memory cannot fail"))
            .expect("records are UTF-8"),
    )
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

/// The cell of `record` in the column `headers` names `name` (empty when there is
/// none), as [`safe`] wrote it.
fn cell_of<'r>(headers: &::csv::StringRecord, record: &'r ::csv::StringRecord, name: &str) -> &'r str {
    headers
        .iter()
        .position(|h| h == name)
        .and_then(|i| record.get(i))
        .map(unsafe_cell)
        .unwrap_or_default()
}

/// Whether `text` begins with this format's header (how a `.csv` is told apart): the
/// annotations' or the relations'.
pub fn looks_like(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("document_id,") || looks_like_relations(text)
}

/// Whether `text` begins with the relations file's header.
pub fn looks_like_relations(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("relation_id,")
}

/// Reads a CSV file factmark wrote (the columns may be in any order; `document_sha256`,
/// `label`, `start`, `end` and `quote` are needed). CSV carries no text: like a W3C
/// file, it is useful beside the texts it was made on, which importing finds by their
/// SHA-256 and where each annotation is found again by its quote and context. A
/// relations file alone is refused: it is read with its annotations ([`read_with`]).
pub fn read(text: &str) -> Result<Reading, ReadError> {
    read_with(text, None)
}

/// [`read`], with the relations file that goes with it. Each label gets a field for
/// each attribute column with values on its rows (yes/no, a number, or a choice among
/// the values seen: the file holds values, not the fields' definitions); each relation
/// type allows the labels seen at its ends.
pub fn read_with(text: &str, relations: Option<&str>) -> Result<Reading, ReadError> {
    if looks_like_relations(text) {
        return Err(ReadError::one(Problem::new(
            Location::File,
            "this is a relations CSV: it is read with the annotations CSV it goes with (NAME.csv beside NAME.relations.csv)"
                .to_owned(),
        )));
    }
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
    let attribute_columns: Vec<(usize, &str)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Some((i, h.strip_prefix(ATTRIBUTE)?)))
        .filter(|(_, name)| !name.trim().is_empty())
        .collect();
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
        let cell = |name: &str| cell_of(&headers, &record, name);
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
                ignored: Vec::new(),
                metadata: Default::default(),
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
        let (created, updated) = match times(&cell) {
            Ok(times) => times,
            Err(e) => {
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
            origin: None,
            attributes: attribute_columns
                .iter()
                .filter_map(|(i, name)| {
                    let value = record.get(*i).map(unsafe_cell).filter(|v| !v.is_empty())?;
                    Some((
                        (*name).to_owned(),
                        crate::attribute::Value::Text(value.to_owned()),
                    ))
                })
                .collect(),
            created,
            updated,
        });
    }
    let mut relation_types = crate::RelationTypes::empty();
    let relations = match relations {
        Some(relations) => read_relations(relations, &annotations, &mut relation_types, &mut problems),
        None => Vec::new(),
    };
    let labels = super::labelled_text::fields_and_ends_read(
        &labels,
        &mut annotations,
        &mut relation_types,
        &relations,
    );
    super::finish(
        problems,
        Reading::whole(NativeFile {
            labels,
            relation_types,
            documents,
            annotations,
            relations,
            patterns: Vec::new(),
            rejected: Vec::new(),
            guidelines: String::new(),
        }),
    )
}

/// A row's `created` and `updated` (RFC 3339; empty is unknown), by `cell`.
fn times<'a>(cell: &impl Fn(&str) -> &'a str) -> Result<(Timestamp, Timestamp), String> {
    let time = |name: &str| match cell(name) {
        "" => Ok(Timestamp::default()),
        t => Timestamp::parse_rfc3339(t).map_err(|err| format!("{name}: {err}")),
    };
    Ok((time("created")?, time("updated")?))
}

/// The relations file's rows, between `annotations`; each problem is noted in
/// `problems`, named as the relations file's.
fn read_relations(
    text: &str,
    annotations: &[Annotation],
    types: &mut crate::RelationTypes,
    problems: &mut Vec<Problem>,
) -> Vec<crate::Relation> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let in_file = |message: String| format!("the relations file: {message}");
    let mut reader = ::csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(err) => {
            problems.push(Problem::new(
                Location::File,
                in_file(format!("this is not CSV: {err}")),
            ));
            return Vec::new();
        }
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let needed = ["type", "from_annotation_id", "to_annotation_id"];
    let missing: Vec<&str> = needed.iter().copied().filter(|n| column(n).is_none()).collect();
    if !missing.is_empty() {
        problems.push(Problem::new(
            Location::File,
            in_file(format!(
                "the header lacks {}: a relations CSV starts with {}",
                missing.join(", "),
                RELATION_COLUMNS.join(",")
            )),
        ));
        return Vec::new();
    }
    let by_id: HashMap<&AnnotationId, &Annotation> = annotations.iter().map(|a| (&a.id, a)).collect();
    let mut relations = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (n, record) in reader.records().enumerate() {
        let at = Location::LineColumn {
            line: n + 2,
            column: 1,
        };
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                problems.push(Problem::new(at, in_file(format!("this row is not CSV: {err}"))));
                continue;
            }
        };
        let cell = |name: &str| cell_of(&headers, &record, name);
        let mut end = |id_column: &str, quote_column: &str| {
            let id = AnnotationId(cell(id_column).to_owned());
            match by_id.get(&id) {
                None => {
                    problems.push(Problem::new(
                        at.clone(),
                        in_file(format!(
                            "{id_column} `{id}` is not an annotation of the annotations file"
                        )),
                    ));
                    None
                }
                Some(a) if !cell(quote_column).is_empty() && cell(quote_column) != a.anchor.quote() => {
                    problems.push(Problem::new(
                        at.clone(),
                        in_file(format!(
                            "{quote_column} {:?} is not the quote of annotation `{id}`, {:?}: is this the relations file of another annotations file?",
                            cell(quote_column),
                            a.anchor.quote()
                        )),
                    ));
                    None
                }
                Some(_) => Some(id),
            }
        };
        let (Some(from), Some(to)) = (
            end("from_annotation_id", "from_quote"),
            end("to_annotation_id", "to_quote"),
        ) else {
            continue;
        };
        let kind = match types.name_for(cell("type"), "#495057", false) {
            Ok(kind) => kind,
            Err(err) => {
                problems.push(Problem::new(
                    at,
                    in_file(format!("type {:?}: {err}", cell("type"))),
                ));
                continue;
            }
        };
        let id = match cell("relation_id") {
            "" => crate::RelationId(format!("r{}", relations.len() + 1)),
            id => crate::RelationId(id.to_owned()),
        };
        if !ids.insert(id.clone()) {
            problems.push(Problem::new(
                at,
                in_file(format!("relation id `{id}` is on an earlier row too")),
            ));
            continue;
        }
        let (created, updated) = match times(&cell) {
            Ok(times) => times,
            Err(e) => {
                problems.push(Problem::new(at, in_file(e)));
                continue;
            }
        };
        relations.push(crate::Relation {
            id,
            kind,
            from,
            to,
            note: cell("note").to_owned(),
            annotator: cell("annotator").to_owned(),
            created,
            updated,
        });
    }
    relations
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
            patterns: Vec::new(),
            rejected: Vec::new(),
            documents: vec![FileDocument {
                id: id.clone(),
                title: "Войска, «12 000»".into(),
                sha256: crate::document::sha256_hex(text),
                source: Source::Pasted,
                status: Status::NotStarted,
                text: Some(text.into()),
                ignored: Vec::new(),
                metadata: Default::default(),
            }],
            annotations: vec![Annotation {
                id: AnnotationId("a1".into()),
                document: id,
                anchor: Anchor::describe(text, Span::new(start, end).unwrap()).unwrap(),
                label: "Figure".into(),
                note: note.into(),
                annotator: "ana".into(),
                agreed_by: Vec::new(),
                origin: None,
                attributes: Default::default(),
                created: Timestamp::from_millis(0),
                updated: Timestamp::from_millis(0),
            }],
            guidelines: String::new(),
        }
    }

    #[test]
    fn writes_a_header_and_quoted_fields_that_a_csv_reader_reads_back() {
        let text = "Лукашенко: \"12\u{a0}000\" troops,\r\nmoved 🇧🇾";
        let csv = write(&file(text, 11, 19, "note, with \"quotes\"\nand a line"));
        let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<&str> = reader.headers().unwrap().iter().collect();
        assert_eq!(header[..COLUMNS.len()], COLUMNS);
        // The default labels' fields follow, empty here.
        assert_eq!(
            header[COLUMNS.len()..],
            [
                "attribute:check-worthy",
                "attribute:quote",
                "attribute:verdict",
                "attribute:wikidata"
            ]
        );
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[7], "\"12\u{a0}000\"");
        assert_eq!(&row[5], "11");
        assert_eq!(&row[10], "note, with \"quotes\"\nand a line");
        assert_eq!(&row[1], "Войска, «12 000»");
    }

    /// Issue 16: the version 2 golden file's relations go in the second file and its
    /// attributes in columns; read together they come back, every value as it was
    /// (its field's kind worked out from the values: yes/no, number, choice, Wikidata).
    #[test]
    fn item_16_relations_in_a_second_file_and_attributes_in_columns_read_back() {
        let golden = crate::format::native::read(include_str!("../../tests/golden/native-v2.json")).unwrap();
        let written = crate::format::Format::Csv.write(&golden).unwrap();
        // Only what no format but factmark's holds (issue 17) is named: an origin, a
        // pattern, a rejection.
        let named: Vec<&str> = written.notices.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(named.len(), 4, "{named:?}");
        assert!(
            named[0]
                .starts_with("1 region of text set aside as not the article is not marked in the CSV file")
        );
        assert!(named[1].starts_with(
            "1 annotation's origin (a suggestion, its source and score) is not in the CSV file"
        ));
        assert!(named[2].starts_with("1 suggestion pattern is not in the CSV file"));
        assert!(named[3].starts_with("2 rejected suggestions are not in the CSV file"));
        let crate::format::Output::Files(files) = &written.output else {
            panic!("two files")
        };
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["annotations.csv", "annotations.relations.csv"]);
        let text = |i: usize| std::str::from_utf8(&files[i].1).unwrap();
        let mut reader = ::csv::Reader::from_reader(text(0).as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(
            &header[COLUMNS.len()..],
            [
                "attribute:check-worthy",
                "attribute:quote",
                "attribute:verdict",
                "attribute:wikidata",
                "attribute:named",
                "attribute:count"
            ]
        );
        let back = read_with(text(0), Some(text(1))).unwrap();
        assert!(back.unread.is_empty());
        assert_eq!(
            crate::format::relation_quotes(&back.file),
            crate::format::relation_quotes(&golden)
        );
        assert_eq!(
            back.file.relations, golden.relations,
            "ids, notes, annotators and times too"
        );
        for a in &golden.annotations {
            let b = back.file.annotations.iter().find(|b| b.id == a.id).unwrap();
            assert_eq!(b.attributes, a.attributes, "{}", a.id);
        }
        let said_by = back.file.relation_types.get("said by").unwrap();
        assert_eq!(
            (said_by.from.as_slice(), said_by.to.as_slice()),
            (&["Claim".to_owned()][..], &["Actor".to_owned()][..])
        );
        // The relations file alone, or with another annotations file, is refused by name.
        let alone = read(text(1)).unwrap_err().to_string();
        assert!(alone.contains("this is a relations CSV"), "{alone}");
        let other = write(&file("Лукашенко said", 0, 9, ""));
        let mismatched = read_with(&other, Some(text(1))).unwrap_err().to_string();
        assert!(
            mismatched.contains(
                "the relations file: from_annotation_id `a1` is not an annotation of the annotations file"
            ) || mismatched.contains("is not the quote of annotation"),
            "{mismatched}"
        );
        assert_eq!(relations_name("Desk.CSV"), "Desk.relations.csv");
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
