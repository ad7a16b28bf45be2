//! Issue 18: text set aside as not the article (site clutter) is left out of what other
//! tools get — the token formats' tokens, every format's annotations (each named) —
//! while the text itself and factmark's own file keep everything.

use factmark_core::format::native::{self, NativeFile};
use factmark_core::format::{Format, Output};
use factmark_core::{Action, AnnotationId, DocId, Document, Project, RelationId, Span, Timestamp};

const TEXT: &str =
    "Share this: Facebook\u{a0}Twitter\r\nЛукашенко said 100,000 troops 🇧🇾 moved.\r\nSource link";

fn span_of(piece: &str) -> Span {
    let byte = TEXT.find(piece).unwrap();
    let start = TEXT[..byte].chars().count();
    Span::new(start, start + piece.chars().count()).unwrap()
}

/// The text with its first and last lines set aside; an Actor in the first line, one
/// outside, a Claim outside, and the Claim said by the Actor outside.
fn project() -> Project {
    let mut p = Project::default();
    let doc = Document::new(
        DocId("d".into()),
        "d".into(),
        TEXT.into(),
        factmark_core::document::Source::Pasted,
    );
    p.apply(p.add_document(doc)).unwrap();
    let d = DocId("d".into());
    for piece in ["Share this: Facebook\u{a0}Twitter", "Source link"] {
        p.apply(p.set_aside(&d, span_of(piece), true).unwrap()).unwrap();
    }
    for (id, piece, label) in [
        ("a1", "Facebook", "Actor"),
        ("a2", "Лукашенко", "Actor"),
        ("a3", "100,000 troops", "Claim"),
    ] {
        let a = p
            .new_annotation(
                AnnotationId(id.into()),
                &d,
                span_of(piece),
                label,
                "",
                Timestamp::from_millis(0),
            )
            .unwrap();
        p.apply(Action::AddAnnotation(a)).unwrap();
    }
    let r = p
        .new_relation(
            RelationId("r1".into()),
            "said by",
            &AnnotationId("a3".into()),
            &AnnotationId("a2".into()),
            "",
            Timestamp::from_millis(0),
        )
        .unwrap();
    p.apply(Action::AddRelation(r)).unwrap();
    p
}

fn file() -> NativeFile {
    NativeFile::from_project(&project(), true)
}

fn text_of(output: &Output) -> String {
    match output {
        Output::Text(text) => text.clone(),
        other => panic!("one text file, not {other:?}"),
    }
}

#[test]
fn setting_aside_joins_regions_and_keeping_cuts_them_undoably() {
    let mut p = project();
    let d = DocId("d".into());
    let before = p.document(&d).unwrap().ignored().to_vec();
    assert_eq!(
        before,
        [
            span_of("Share this: Facebook\u{a0}Twitter"),
            span_of("Source link")
        ]
    );
    // Keep "Twitter" after all: the region is cut around it; undo brings it back whole.
    let keep = p.set_aside(&d, span_of("Twitter"), false).unwrap();
    p.apply(keep.clone()).unwrap();
    assert_eq!(
        p.document(&d).unwrap().ignored()[0],
        span_of("Share this: Facebook\u{a0}")
    );
    p.apply(keep.clone().inverse()).unwrap();
    assert_eq!(p.document(&d).unwrap().ignored(), before);
    // A span past the end, or a stale edit, is refused and changes nothing.
    let len = TEXT.chars().count();
    assert!(
        p.set_aside(&d, Span::new(len - 1, len + 1).unwrap(), true)
            .is_err()
    );
    let copy = p.clone();
    assert!(
        p.apply(keep.inverse()).is_err(),
        "the regions are not what the edit was made on"
    );
    assert_eq!(p, copy);
    // factmark's own file keeps the regions and every annotation.
    let back = native::read(&native::write(&file()))
        .unwrap()
        .into_project()
        .unwrap();
    assert_eq!(back, project());
}

#[test]
fn conll_leaves_out_the_set_aside_tokens_and_names_the_annotation_in_them() {
    let written = Format::Conll.write(&file()).unwrap();
    let conll = text_of(&written.output);
    for gone in ["Share", "Facebook", "Twitter", "Source", "link"] {
        assert!(!conll.contains(gone), "{gone} is set aside:\n{conll}");
    }
    assert!(conll.contains("Лукашенко"));
    assert!(conll.contains("100,000"));
    let said: Vec<String> = written.notices.iter().map(ToString::to_string).collect();
    assert!(
        said.iter()
            .any(|n| n.contains("1 annotation lies in text set aside as not the article")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|n| n.contains("(2 regions in 1 document) is left out of the CoNLL")),
        "{said:?}"
    );
}

#[test]
fn the_docbin_holds_the_article_alone_with_its_spans_where_its_text_has_them() {
    let written = Format::Spacy.write(&file()).unwrap();
    let Output::Binary(bytes) = &written.output else {
        panic!("a DocBin is bytes")
    };
    let back = factmark_core::format::spacy_docbin::read(bytes).unwrap().file;
    let text = back.documents[0].text.clone().unwrap();
    assert!(
        !text.contains("Facebook") && !text.contains("Source link"),
        "{text:?}"
    );
    assert!(
        text.contains("Лукашенко said 100,000 troops 🇧🇾 moved."),
        "{text:?}"
    );
    // Each span read back covers its own words in the Doc's text, and the relation
    // between the two outside the regions is there.
    let quotes: Vec<(String, String)> = back
        .annotations
        .iter()
        .map(|a| (a.label.clone(), a.anchor.quote().to_owned()))
        .collect();
    assert_eq!(
        quotes,
        [
            ("Actor".to_owned(), "Лукашенко".to_owned()),
            ("Claim".to_owned(), "100,000 troops".to_owned())
        ]
    );
    assert_eq!(back.relations.len(), 1);
}

#[test]
fn span_formats_keep_the_text_whole_and_leave_out_only_the_annotations_set_aside() {
    let written = Format::Brat.write(&file()).unwrap();
    let Output::Files(files) = &written.output else {
        panic!("brat is files")
    };
    let txt = files.iter().find(|(n, _)| n.ends_with(".txt")).unwrap();
    // brat reads texts with universal newlines: its .txt has LF line ends (README), and
    // nothing else of the text changes, the set-aside lines included.
    assert_eq!(std::str::from_utf8(&txt.1).unwrap(), TEXT.replace("\r\n", "\n"));
    let ann = std::str::from_utf8(&files.iter().find(|(n, _)| n.ends_with(".ann")).unwrap().1).unwrap();
    assert!(!ann.contains("Facebook"), "{ann}");
    assert!(ann.contains("Лукашенко") && ann.contains("100,000"), "{ann}");
    let said: Vec<String> = written.notices.iter().map(ToString::to_string).collect();
    assert!(
        said.iter()
            .any(|n| n.contains("2 regions of text set aside as not the article are not marked in the brat")),
        "{said:?}"
    );
}

#[test]
fn a_relation_with_an_end_set_aside_is_left_out_with_it_and_counted() {
    let mut p = project();
    let d = DocId("d".into());
    // Set aside the Actor's line too: the relation to it goes with it.
    p.apply(p.set_aside(&d, span_of("Лукашенко"), true).unwrap())
        .unwrap();
    let written = Format::Doccano
        .write(&NativeFile::from_project(&p, true))
        .unwrap();
    let jsonl = text_of(&written.output);
    assert!(!jsonl.contains("\"relations\":[{"), "{jsonl}");
    let said: Vec<String> = written.notices.iter().map(ToString::to_string).collect();
    assert!(
        said.iter()
            .any(|n| n.contains("2 annotations (and 1 relation) lie in text set aside as not the article")),
        "{said:?}"
    );
}

#[test]
fn a_conll_export_without_the_set_aside_tokens_goes_back_on_its_text() {
    let written = Format::Conll.write(&file()).unwrap();
    let mut read = Format::Conll.read(&text_of(&written.output)).unwrap().file;
    let d = project().document(&DocId("d".into())).unwrap().clone();
    // By all its words the rebuilt text is not the article's; by those outside the
    // regions it is, and its spans land where they were, the regions kept.
    factmark_core::format::tokens::realign(&mut read, &[("d", TEXT)]);
    assert!(read.documents.iter().all(|doc| doc.text.as_deref() != Some(TEXT)));
    let mut read = Format::Conll.read(&text_of(&written.output)).unwrap().file;
    let notes = factmark_core::format::tokens::realign_in(&mut read, &[("d", TEXT, d.ignored())]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    let [doc] = &read.documents[..] else {
        panic!("one document: {:?}", read.documents)
    };
    assert_eq!(
        (doc.text.as_deref(), doc.ignored.as_slice()),
        (Some(TEXT), d.ignored())
    );
    let spans: Vec<(Span, &str)> = read
        .annotations
        .iter()
        .map(|a| (a.span(), a.label.as_str()))
        .collect();
    assert_eq!(
        spans,
        [
            (span_of("Лукашенко"), "Actor"),
            (span_of("100,000 troops"), "Claim")
        ]
    );
}
