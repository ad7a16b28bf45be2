//! Hostile text shared by the unit tests: every way a naive offset goes wrong.

/// Cyrillic, an emoji ZWJ sequence, a flag, a combining mark, CRLF line ends, a
/// no-break space, an astral CJK ideograph and a right-to-left word.
pub const HOSTILE: &str = "Минск, 24 февраля.\r\nЛукашенко 👨‍👩‍👧 said 🇧🇾 troops\u{a0}moved — cafe\u{301} 𠜎 שלום.\r\n\r\n«Войска» 12\u{a0}000 🪖";

use crate::action::Action;
use crate::{AnnotationId, DocId, Document, LabelSet, Project, Source, Span, Timestamp};

/// A project of the default labels with one document per text, ids `d0`, `d1`, …
pub fn project_of(texts: &[&str]) -> Project {
    let mut project = Project::new(LabelSet::default());
    for (i, text) in texts.iter().enumerate() {
        let document = Document::new(
            DocId(format!("d{i}")),
            format!("Doc {i}"),
            (*text).into(),
            Source::Bundled,
        );
        project
            .apply(Action::AddDocument {
                index: i,
                document,
                annotations: Vec::new(),
            })
            .unwrap();
    }
    project
}

/// Marks the `nth` occurrence of `piece` in document `doc` with `label` (id `a` and
/// the number of annotations before it).
pub fn mark(project: &mut Project, doc: &DocId, piece: &str, nth: usize, label: &str) {
    let text = project.document(doc).unwrap().text().to_owned();
    let byte = text.match_indices(piece).nth(nth).unwrap().0;
    let start = crate::offsets::cp_of_byte(&text, byte).unwrap();
    let span = Span::new(start, start + piece.chars().count()).unwrap();
    let id = AnnotationId(format!("a{}", project.annotations().count()));
    let annotation = project
        .new_annotation(id, doc, span, label, "", Timestamp::from_millis(0))
        .unwrap();
    project.apply(Action::AddAnnotation(annotation)).unwrap();
}
