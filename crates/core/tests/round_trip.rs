//! Every format factmark reads back: export → import gives the same spans, labels
//! and notes, on the bundled articles and on hostile Unicode, overlaps included.
//! (Token-based formats leave out, and report, spans off token boundaries; what they
//! report is all that is missing.)

use factmark_core::format::native::NativeFile;
use factmark_core::format::{Format, Output, Reading, Written, brat, doccano, spacy_jsonl};
use factmark_core::{Action, AnnotationId, DocId, Document, Project, Source, Span, Timestamp, offsets};
use proptest::prelude::*;

mod common;
use common::hostile_texts;
use serde_json::Value;
use std::collections::BTreeSet;

const HOSTILE: &str = "Минск, 24 февраля.\r\nЛукашенко 👨‍👩‍👧 said 🇧🇾 troops\u{a0}moved — cafe\u{301} 𠜎.\r\n";

/// The formats factmark reads back.
const FORMATS: [Format; 8] = [
    Format::Native,
    Format::W3c,
    Format::Csv,
    Format::SpacyJsonl,
    Format::Prodigy,
    Format::Doccano,
    Format::LabelStudio,
    Format::Brat,
];

/// What `written` reads back as; brat documents are read beside their original texts.
/// A reading of a file factmark wrote: it holds nothing factmark does not read.
fn whole(reading: Reading) -> NativeFile {
    assert!(reading.unread.is_empty(), "{:?}", reading.unread);
    reading.file
}

fn read_back(format: Format, written: &Written, original: &NativeFile) -> NativeFile {
    match &written.output {
        Output::Text(text) => whole(format.read(text).unwrap_or_else(|e| panic!("{format:?}: {e}"))),
        Output::Files(files) => {
            let file = |name: &str| {
                files
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, b)| std::str::from_utf8(b).unwrap())
            };
            NativeFile::merge(original.documents.iter().map(|doc| {
                let ann = file(&format!("{}.ann", doc.id)).unwrap();
                whole(brat::read(&doc.title, doc.text.as_deref().unwrap(), ann).unwrap())
            }))
        }
        Output::Binary(_) => panic!("{format:?} is not read back"),
    }
}

/// `original`'s content without the annotations `written` reports left out.
fn expected(original: &NativeFile, written: &Written) -> BTreeSet<(String, usize, usize, String, String)> {
    let left_out: Vec<_> = written
        .notices
        .iter()
        .filter_map(|n| n.annotation.clone())
        .collect();
    content(&NativeFile {
        annotations: original
            .annotations
            .iter()
            .filter(|a| !left_out.contains(&a.id))
            .cloned()
            .collect(),
        ..original.clone()
    })
}

fn mark(project: &mut Project, doc: &str, n: usize, span: Span, label: &str, note: &str) {
    let doc = DocId(doc.into());
    let mut a = project
        .new_annotation(
            AnnotationId(format!("a{n}")),
            &doc,
            span,
            label,
            "",
            Timestamp::default(),
        )
        .unwrap();
    a.note = note.into();
    project.apply(Action::AddAnnotation(a)).unwrap();
}

fn span_of(text: &str, piece: &str) -> Span {
    let start = offsets::cp_of_byte(text, text.find(piece).unwrap()).unwrap();
    Span::new(start, start + offsets::cp_len(piece)).unwrap()
}

/// (text hash, start, end, label, note) of every annotation: what must survive.
fn content(file: &NativeFile) -> BTreeSet<(String, usize, usize, String, String)> {
    file.annotations
        .iter()
        .map(|a| {
            let doc = file.documents.iter().find(|d| d.id == a.document).unwrap();
            (
                doc.sha256.clone(),
                a.span().start(),
                a.span().end(),
                a.label.clone(),
                a.note.clone(),
            )
        })
        .collect()
}

fn project() -> Project {
    let mut project = Project::default();
    let texts = [
        ("hostile", HOSTILE),
        (
            "article",
            include_str!("../../../corpus/000_702a0cdae249a93f.txt"),
        ),
    ];
    for (id, text) in texts {
        let doc = Document::new(DocId(id.into()), id.into(), text.into(), Source::Pasted);
        project.apply(project.add_document(doc)).unwrap();
    }
    mark(
        &mut project,
        "hostile",
        0,
        span_of(HOSTILE, "Лукашенко"),
        "Actor",
        "",
    );
    mark(
        &mut project,
        "hostile",
        1,
        span_of(HOSTILE, "Лукашенко 👨‍👩‍👧 said 🇧🇾 troops"),
        "Claim",
        "overlaps «a0» 🇺🇦",
    );
    mark(
        &mut project,
        "hostile",
        2,
        span_of(HOSTILE, "cafe\u{301}"),
        "Actor",
        "",
    );
    let article = include_str!("../../../corpus/000_702a0cdae249a93f.txt");
    mark(
        &mut project,
        "article",
        3,
        span_of(article, "General Staff"),
        "Actor",
        "",
    );
    mark(
        &mut project,
        "article",
        4,
        span_of(article, "November 27"),
        "Figure",
        "",
    );
    project
}

#[test]
fn export_then_import_keeps_every_span_label_and_note() {
    let original = NativeFile::from_project(&project(), true);
    for format in FORMATS {
        let written = format.write(&original).unwrap();
        assert_eq!(
            written.notices,
            [],
            "{format:?}: these spans are all on word boundaries"
        );
        let back = read_back(format, &written, &original);
        assert_eq!(content(&back), content(&original), "{format:?}");
        assert_eq!(back.documents.len(), 2, "{format:?}");
        if format.carries_text() {
            assert!(
                back.documents.iter().any(|d| d.text.as_deref() == Some(HOSTILE)),
                "{format:?}: text kept exactly"
            );
        }
    }
}

#[test]
fn offsets_in_the_files_are_python_string_indices() {
    let original = NativeFile::from_project(&project(), true);
    let chars: Vec<char> = HOSTILE.chars().collect();
    let spacy = spacy_jsonl::write(&original).unwrap();
    let line: Value = serde_json::from_str(spacy.lines().next().unwrap()).unwrap();
    for span in line["spans"].as_array().unwrap() {
        let (s, e) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        let piece: String = chars[s..e].iter().collect();
        assert!(["Лукашенко", "Лукашенко 👨‍👩‍👧 said 🇧🇾 troops", "cafe\u{301}"].contains(&piece.as_str()));
    }
    let factmark_core::format::Output::Text(doccano) = doccano::write(&original).unwrap().output else {
        panic!("doccano is one file")
    };
    let line: Value = serde_json::from_str(doccano.lines().next().unwrap()).unwrap();
    assert_eq!(line["label"][0], serde_json::json!([20, 29, "Actor"]));
}

#[test]
fn a_file_without_texts_cannot_be_written_in_formats_that_carry_them() {
    let without = NativeFile::from_project(&project(), false);
    for format in Format::ALL
        .into_iter()
        .filter(|f| f.carries_text() && *f != Format::Native)
    {
        let err = format.write(&without).unwrap_err();
        assert!(err.contains("has no text"), "{format:?}: {err}");
    }
}

proptest! {
    #[test]
    fn any_text_and_spans_round_trip(text in hostile_texts(), spans in prop::collection::vec((0usize..60, 1usize..10, 0usize..3), 0..8)) {
        let mut project = Project::default();
        let doc = Document::new(DocId("d".into()), "d".into(), text.clone(), Source::Pasted);
        project.apply(project.add_document(doc)).unwrap();
        let len = offsets::cp_len(&text).max(1);
        for (n, (at, width, label)) in spans.into_iter().enumerate() {
            let start = at % len;
            let Ok(span) = Span::new(start, (start + width).min(len)) else { continue };
            mark(&mut project, "d", n, span, ["Claim", "Figure", "Actor"][label], "");
        }
        let original = NativeFile::from_project(&project, true);
        for format in FORMATS {
            let written = format.write(&original).unwrap();
            let back = read_back(format, &written, &original);
            prop_assert_eq!(content(&back), expected(&original, &written), "{:?}", format);
        }
    }
}

/// The (title, text) of each of `file`'s documents: the texts a token format's rebuilt
/// documents go back on.
fn titles_and_texts(file: &NativeFile) -> Vec<(&str, &str)> {
    file.documents
        .iter()
        .map(|d| (d.title.as_str(), d.text.as_deref().unwrap()))
        .collect()
}

/// [`expected`] without notes: what a format that carries no notes should read back.
fn expected_spans(original: &NativeFile, written: &Written) -> BTreeSet<(String, usize, usize, String)> {
    expected(original, written)
        .into_iter()
        .map(|(sha, start, end, label, _)| (sha, start, end, label))
        .collect()
}

/// `file`'s spans and labels, by the SHA-256 of their texts (token formats carry no notes).
fn spans_and_labels(file: &NativeFile) -> BTreeSet<(String, usize, usize, String)> {
    content(file)
        .into_iter()
        .map(|(sha, start, end, label, _)| (sha, start, end, label))
        .collect()
}

#[test]
fn conll_reads_back_onto_its_texts() {
    let original = NativeFile::from_project(&project(), true);
    let written = Format::Conll.write(&original).unwrap();
    let Output::Text(conll) = &written.output else {
        panic!("CoNLL is one text file")
    };
    let mut reading = Format::Conll.read(conll).unwrap();
    // Read alone, the texts are rebuilt from the tokens, and the notice says so.
    assert!(
        reading
            .unread
            .iter()
            .any(|u| u.fate == factmark_core::format::Fate::Rebuilt && u.count == 2),
        "{:?}",
        reading.unread
    );
    assert_eq!(reading.file.documents.len(), 2);
    // Beside the original texts, every span is back where it was.
    let texts = titles_and_texts(&original);
    let moved = factmark_core::format::tokens::realign(&mut reading.file, &texts);
    assert_eq!(moved[0].count, 2, "{moved:?}");
    let expected = expected_spans(&original, &written);
    assert!(!expected.is_empty());
    assert_eq!(spans_and_labels(&reading.file), expected);
    let back = factmark_core::format::native::read(&factmark_core::format::native::write(&reading.file));
    assert!(back.is_ok(), "{back:?}");
}

#[test]
fn a_docbin_reads_back_with_its_texts_and_spans() {
    let original = NativeFile::from_project(&project(), true);
    let written = Format::Spacy.write(&original).unwrap();
    let Output::Binary(bytes) = &written.output else {
        panic!("a DocBin is binary")
    };
    let back = whole(Format::Spacy.read_bytes(bytes).unwrap());
    let expected = expected_spans(&original, &written);
    assert_eq!(spans_and_labels(&back), expected);
    for doc in &original.documents {
        assert!(
            back.documents.iter().any(|d| d.text == doc.text),
            "text kept exactly"
        );
    }
}

#[test]
fn webanno_tsv_reads_back_with_its_exact_texts_and_spans() {
    let original = NativeFile::from_project(&project(), true);
    let written = Format::WebannoTsv.write(&original).unwrap();
    let Output::Files(files) = &written.output else {
        panic!("WebAnno TSV is a file per document")
    };
    assert_eq!(files.len(), original.documents.len());
    let back = NativeFile::merge(files.iter().map(|(name, bytes)| {
        let text = std::str::from_utf8(bytes).unwrap();
        whole(factmark_core::format::webanno_tsv::read(name, text).unwrap())
    }));
    // Only notes are reported (the named-entity layer has none); every span is kept.
    assert!(
        written.notices.iter().all(|n| n.message.contains("note")),
        "{:?}",
        written.notices
    );
    let expected: BTreeSet<_> = content(&original)
        .into_iter()
        .map(|(sha, start, end, label, _)| (sha, start, end, label))
        .collect();
    assert_eq!(spans_and_labels(&back), expected);
    for doc in &original.documents {
        assert!(
            back.documents.iter().any(|d| d.text == doc.text),
            "text kept exactly"
        );
    }
}

#[test]
fn hugging_face_reads_back_onto_its_texts() {
    let original = NativeFile::from_project(&project(), true);
    let written = Format::Hf.write(&original).unwrap();
    let Output::Files(files) = &written.output else {
        panic!("Hugging Face is a folder")
    };
    let file = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| std::str::from_utf8(b).unwrap())
            .unwrap()
    };
    let mut reading =
        factmark_core::format::hf::read(file("train.jsonl"), Some(file("labels.json"))).unwrap();
    let texts = titles_and_texts(&original);
    factmark_core::format::tokens::realign(&mut reading.file, &texts);
    let expected = expected_spans(&original, &written);
    assert_eq!(spans_and_labels(&reading.file), expected);
    // Without labels.json, numbered tags are a problem that says what to give.
    let err = factmark_core::format::hf::read(file("train.jsonl"), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("give labels.json"), "{err}");
}

/// Issue 18: a document's metadata goes out in the formats that can hold it — Prodigy's
/// `meta`, Label Studio's `data`, the Hugging Face `meta` column — and comes back as it
/// was, hostile text and all; fields other tools keep there are read as metadata.
#[test]
fn item_18_metadata_goes_out_and_comes_back_in_prodigy_label_studio_and_hf() {
    use factmark_core::metadata::Metadata;
    let mut original = NativeFile::from_project(&project(), true);
    original.documents[0].metadata = Metadata::new()
        .with("url", "https://example.org/минск?a=1&b=2")
        .unwrap()
        .with("published", "2022-02-10")
        .unwrap()
        .with("Рубрика 🪖", "Войска\r\nи\u{a0}техника \"«»\" <b>")
        .unwrap();
    original.documents[1].metadata = Metadata::new().with("outlet", "Эхо").unwrap();
    let by_text = |file: &NativeFile| -> BTreeSet<(String, Vec<(String, String)>)> {
        file.documents
            .iter()
            .map(|d| {
                let fields = d
                    .metadata
                    .fields()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
                (d.title.clone(), fields)
            })
            .collect()
    };
    for format in [Format::Prodigy, Format::LabelStudio] {
        let written = format.write(&original).unwrap();
        let Output::Text(text) = &written.output else {
            panic!("{format:?} is one text file")
        };
        let back = format.read(text).unwrap();
        assert_eq!(by_text(&back.file), by_text(&original), "{format:?}");
        assert!(
            back.unread.iter().all(|u| !u.many.contains("meta")),
            "{:?}",
            back.unread
        );
    }
    let written = Format::Hf.write(&original).unwrap();
    let Output::Files(files) = &written.output else {
        panic!("Hugging Face is a folder")
    };
    let file =
        |name: &str| String::from_utf8(files.iter().find(|(n, _)| n == name).unwrap().1.clone()).unwrap();
    let back = factmark_core::format::hf::read(&file("train.jsonl"), Some(&file("labels.json"))).unwrap();
    let metadata: Vec<_> = back.file.documents.iter().map(|d| d.metadata.clone()).collect();
    assert_eq!(
        metadata,
        [
            original.documents[0].metadata.clone(),
            original.documents[1].metadata.clone()
        ]
    );
    assert!(file("README.md").contains("  - name: meta\n    dtype: string\n"));
    // A dataset another tool wrote, with metadata as columns of their own.
    let row = r#"{"id": "x", "tokens": ["Minsk"], "ner_tags": ["B-Actor"], "source_url": "https://example.org", "year": 2022}"#;
    let read = factmark_core::format::hf::read(row, None).unwrap();
    let meta = &read.file.documents[0].metadata;
    assert_eq!(
        (meta.get("source_url"), meta.get("year")),
        (Some("https://example.org"), Some("2022"))
    );
}
