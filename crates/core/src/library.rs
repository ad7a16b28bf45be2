//! The library's view of a project: its totals (documents done, annotations per label
//! and per annotator) and its documents filtered and sorted as a person asks.
//!
//! Annotations still only suggested (a pre-annotation nobody reviewed) are not counted:
//! the totals say what people marked. Text set aside as not the article holds no
//! counted annotation either, as in agreement and the exports.

use crate::document::{Document, Status};
use crate::project::Project;

/// What a project holds, counted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    /// Documents.
    pub documents: usize,
    /// Documents done.
    pub done: usize,
    /// Documents in progress.
    pub in_progress: usize,
    /// Annotations counted (see the module's notes).
    pub annotations: usize,
    /// Annotations per label, in the label set's order (labels the set lacks after),
    /// each label with at least one.
    pub by_label: Vec<(String, usize)>,
    /// Annotations per annotator (empty name: nobody named), in the order first met (no
    /// sort: each kind of sort is code the browser's first visit downloads).
    pub by_annotator: Vec<(String, usize)>,
}

/// Adds one to `name`'s count in `counts`.
fn count(counts: &mut Vec<(String, usize)>, name: &str) {
    match counts.iter_mut().find(|(n, _)| n == name) {
        Some((_, n)) => *n += 1,
        None => counts.push((name.to_owned(), 1)),
    }
}

/// Whether `annotation` is counted: made or accepted by a person, not set aside.
fn counted(project: &Project, annotation: &crate::Annotation) -> bool {
    annotation.origin.as_ref().is_none_or(|o| o.accepted)
        && project
            .document(&annotation.document)
            .is_none_or(|d| !crate::ignored::touches(d.ignored(), annotation.span()))
}

/// The totals of `project`.
pub fn totals(project: &Project) -> Totals {
    let documents = project.documents();
    let mut totals = Totals {
        documents: documents.len(),
        done: documents.iter().filter(|d| d.status() == Status::Done).count(),
        in_progress: documents
            .iter()
            .filter(|d| d.status() == Status::InProgress)
            .count(),
        ..Totals::default()
    };
    let mut by_label: Vec<(String, usize)> = project.labels().iter().map(|l| (l.name.clone(), 0)).collect();
    for annotation in project.annotations().filter(|a| counted(project, a)) {
        totals.annotations += 1;
        count(&mut by_label, &annotation.label);
        count(&mut totals.by_annotator, &annotation.annotator);
    }
    by_label.retain(|(_, n)| *n > 0);
    totals.by_label = by_label;
    totals
}

/// How the library's documents are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// As they were added.
    #[default]
    Added,
    /// By title, ignoring case.
    Title,
    /// Most annotations first.
    MostAnnotations,
    /// Fewest annotations first.
    FewestAnnotations,
    /// Not started, then in progress, then done.
    Status,
}

impl Order {
    /// Every order, as offered.
    pub const ALL: [Order; 5] = [
        Order::Added,
        Order::Title,
        Order::MostAnnotations,
        Order::FewestAnnotations,
        Order::Status,
    ];

    /// The words shown to people.
    pub fn describe(self) -> &'static str {
        match self {
            Order::Added => "as added",
            Order::Title => "by title",
            Order::MostAnnotations => "most annotations first",
            Order::FewestAnnotations => "fewest annotations first",
            Order::Status => "by status",
        }
    }
}

/// Which documents the library lists, and in what order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// Only documents of this status.
    pub status: Option<Status>,
    /// Only documents whose title holds this text (ignoring case; empty: any).
    pub title: String,
    /// Only documents with an annotation by this annotator.
    pub annotator: Option<String>,
    /// The order.
    pub order: Order,
}

/// The documents of `project` that `view` lists, in its order (ties keep the order
/// documents were added in).
pub fn documents<'p>(project: &'p Project, view: &View) -> Vec<&'p Document> {
    let wanted = view.title.to_lowercase();
    let mut listed: Vec<(u64, &Document)> = project
        .documents()
        .iter()
        .filter(|d| view.status.is_none_or(|s| d.status() == s))
        .filter(|d| wanted.is_empty() || d.title().to_lowercase().contains(&wanted))
        .filter(|d| {
            view.annotator.as_ref().is_none_or(|who| {
                project
                    .annotations_of(d.id())
                    .iter()
                    .any(|a| &a.annotator == who && counted(project, a))
            })
        })
        .enumerate()
        .map(|(i, d)| {
            let count = || project.count_of(d.id()) as u64;
            let key = match view.order {
                Order::Added | Order::Title => i as u64,
                Order::MostAnnotations => (u64::from(u32::MAX) - count()) << 32 | i as u64,
                Order::FewestAnnotations => count() << 32 | i as u64,
                Order::Status => (d.status() as u64) << 32 | i as u64,
            };
            (key, d)
        })
        .collect();
    if view.order == Order::Title {
        listed.sort_by_cached_key(|(i, d)| (d.title().to_lowercase(), *i));
    } else {
        listed.sort_unstable_by_key(|(key, _)| *key);
    }
    listed.into_iter().map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Action, AnnotationId, DocId, LabelSet, Source, Span, Timestamp};

    fn project() -> Project {
        let mut project = Project::new(LabelSet::default());
        for (id, title) in [("a", "Минск said"), ("b", "armies 🇧🇾"), ("c", "Belarus moves")] {
            let doc = Document::new(
                DocId(id.into()),
                title.into(),
                format!("{title} troops moved."),
                Source::Pasted,
            );
            project.apply(project.add_document(doc)).unwrap();
        }
        let marks = [
            ("1", "a", "Actor", "ana"),
            ("2", "a", "Claim", "boris"),
            ("3", "c", "Actor", "ana"),
            ("4", "c", "Figure", "ana"),
            ("5", "c", "Actor", "boris"),
        ];
        for (n, (id, doc, label, who)) in marks.into_iter().enumerate() {
            let a = project
                .new_annotation(
                    AnnotationId(id.into()),
                    &DocId(doc.into()),
                    Span::new(n, n + 1).unwrap(),
                    label,
                    who,
                    Timestamp::from_millis(0),
                )
                .unwrap();
            project.apply(Action::AddAnnotation(a)).unwrap();
        }
        project
            .apply(project.set_status(&DocId("c".into()), Status::Done).unwrap())
            .unwrap();
        project
    }

    fn ids(docs: Vec<&Document>) -> Vec<&str> {
        docs.into_iter().map(|d| d.id().0.as_str()).collect()
    }

    #[test]
    fn totals_count_documents_by_status_and_annotations_by_label_and_annotator() {
        let totals = totals(&project());
        assert_eq!(
            (
                totals.documents,
                totals.done,
                totals.in_progress,
                totals.annotations
            ),
            (3, 1, 0, 5)
        );
        let pairs = |v: &[(String, usize)]| v.iter().map(|(n, c)| (n.clone(), *c)).collect::<Vec<_>>();
        assert_eq!(
            pairs(&totals.by_label),
            [("Claim".into(), 1), ("Figure".into(), 1), ("Actor".into(), 3)]
        );
        assert_eq!(
            pairs(&totals.by_annotator),
            [("ana".into(), 3), ("boris".into(), 2)]
        );
    }

    #[test]
    fn set_aside_text_and_unreviewed_suggestions_are_not_counted() {
        let mut p = project();
        // Document c's first code point (annotation 3) set aside.
        p.apply(
            p.set_aside(&DocId("c".into()), Span::new(0, 4).unwrap(), true)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            totals(&p).annotations,
            3,
            "annotations 3 [2,3) and 4 [3,4) are set aside"
        );
        // A suggestion nobody reviewed is not counted either.
        let suggestion = crate::suggest::Suggestion {
            document: DocId("b".into()),
            span: Span::new(0, 6).unwrap(),
            label: "Actor".into(),
            origin: crate::suggest::Origin::Propagation,
            score: 0.5,
        };
        let mut a = p
            .accept(
                &suggestion,
                AnnotationId("s".into()),
                "",
                Timestamp::from_millis(0),
            )
            .unwrap();
        if let Action::Batch(actions) = &mut a {
            for action in actions {
                if let Action::AddAnnotation(added) = action {
                    added.origin.as_mut().unwrap().accepted = false;
                }
            }
        } else if let Action::AddAnnotation(added) = &mut a {
            added.origin.as_mut().unwrap().accepted = false;
        }
        p.apply(a).unwrap();
        assert_eq!(p.annotations().count(), 6);
        assert_eq!(totals(&p).annotations, 3);
    }

    #[test]
    fn documents_are_filtered_and_sorted_as_asked() {
        let p = project();
        let all = View::default();
        assert_eq!(ids(documents(&p, &all)), ["a", "b", "c"]);
        let by = |order| View {
            order,
            ..View::default()
        };
        assert_eq!(
            ids(documents(&p, &by(Order::Title))),
            ["b", "c", "a"],
            "armies, Belarus, Минск"
        );
        assert_eq!(ids(documents(&p, &by(Order::MostAnnotations))), ["c", "a", "b"]);
        assert_eq!(ids(documents(&p, &by(Order::FewestAnnotations))), ["b", "a", "c"]);
        assert_eq!(ids(documents(&p, &by(Order::Status))), ["a", "b", "c"]);
        let done = View {
            status: Some(Status::Done),
            ..View::default()
        };
        assert_eq!(ids(documents(&p, &done)), ["c"]);
        let titled = View {
            title: "МИНСК".into(),
            ..View::default()
        };
        assert_eq!(ids(documents(&p, &titled)), ["a"]);
        let boris = View {
            annotator: Some("boris".into()),
            order: Order::Title,
            ..View::default()
        };
        assert_eq!(ids(documents(&p, &boris)), ["c", "a"]);
    }
}
