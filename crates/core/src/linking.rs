//! Choosing the other end of a relation: which annotations a relation of a type can
//! join to the one at hand, nearest first, and which way round.
//!
//! ```text
//!  source: Claim a1 (document A, at 120)     type: said by (Claim → Actor)
//!  candidates: Actor at 140 in A  (20 away)  → a1 said by it
//!              Actor at 40 in A   (80 away)
//!              (other documents only when the type links across documents)
//! ```

use crate::annotation::{Annotation, AnnotationId};
use crate::project::Project;
use crate::relation::RelationType;
use std::collections::HashSet;

/// An annotation a relation could join to the source, and which way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// The other end.
    pub annotation: &'a Annotation,
    /// Whether the source is the `from` end (else the candidate is).
    pub source_first: bool,
}

impl Candidate<'_> {
    /// The relation's `from` and `to`, for `source`.
    pub fn ends<'s>(&'s self, source: &'s AnnotationId) -> (&'s AnnotationId, &'s AnnotationId) {
        if self.source_first {
            (source, &self.annotation.id)
        } else {
            (&self.annotation.id, source)
        }
    }
}

/// The annotations a relation of type `kind` can join to annotation `source`: those
/// the type allows at the other end, not `source` itself and not already joined to it
/// by this type; the source's own document first, nearest first (by the code points
/// between the two spans), then — for a type that links across documents — the other
/// documents in library order, each in reading order.
pub fn candidates<'a>(
    project: &'a Project,
    source: &AnnotationId,
    kind: &RelationType,
) -> Vec<Candidate<'a>> {
    let Some(from) = project.annotation(source) else {
        return Vec::new();
    };
    let linked = linked_by(project, source, kind);
    let fit = |a: &'a Annotation| fit(from, kind, &linked, a);
    let source_span = from.span();
    // The code points between the two spans (none when they overlap).
    let gap = |a: &Annotation| {
        let span = a.span();
        source_span
            .start()
            .saturating_sub(span.end())
            .max(span.start().saturating_sub(source_span.end()))
    };
    let in_order: Vec<Candidate<'a>> = project.reading_order(&from.document).filter_map(fit).collect();
    // Nearest first, ties in reading order: sorted as (gap, place) pairs, the same
    // shape of sort the span module already has (one sort less in the bundle).
    let mut keys: Vec<(usize, i32)> = in_order
        .iter()
        .enumerate()
        .map(|(i, c)| (gap(c.annotation), i as i32))
        .collect();
    keys.sort_unstable();
    let mut here: Vec<Candidate<'a>> = keys.into_iter().map(|(_, i)| in_order[i as usize]).collect();
    if kind.across_documents {
        for doc in project.documents() {
            if doc.id() != &from.document {
                here.extend(project.reading_order(doc.id()).filter_map(fit));
            }
        }
    }
    here
}

/// The annotations `source` is linked to by a relation of type `kind` already.
fn linked_by<'a>(
    project: &'a Project,
    source: &AnnotationId,
    kind: &RelationType,
) -> HashSet<&'a AnnotationId> {
    project
        .relations_of(source)
        .filter(|r| r.kind == kind.name)
        .map(|r| r.other_end(source))
        .collect()
}

/// `a` as a candidate other end for `from`, if it can be one: not `from` itself, not
/// linked to it by `kind` already, labelled to fit the type's ends, and in the same
/// document unless the type links across documents.
fn fit<'a>(
    from: &Annotation,
    kind: &RelationType,
    linked: &HashSet<&AnnotationId>,
    a: &'a Annotation,
) -> Option<Candidate<'a>> {
    if a.id == from.id || linked.contains(&a.id) || (a.document != from.document && !kind.across_documents) {
        return None;
    }
    Some(Candidate {
        annotation: a,
        source_first: kind.orientation(&from.label, &a.label)?,
    })
}

/// The relation types an annotation labelled `label` can stand at an end of, in the
/// set's order: the choices of the link picker.
pub fn types_for<'a>(project: &'a Project, label: &str) -> Vec<&'a RelationType> {
    project
        .relation_types()
        .iter()
        .filter(|kind| kind.takes(label))
        .collect()
}

/// The candidate among [`candidates`] whose annotation is `target`, if it can be the
/// other end (a highlight clicked while linking), found without listing the others.
pub fn candidate<'a>(
    project: &'a Project,
    source: &AnnotationId,
    kind: &RelationType,
    target: &AnnotationId,
) -> Option<Candidate<'a>> {
    let from = project.annotation(source)?;
    let a = project.annotation(target)?;
    fit(from, kind, &linked_by(project, source, kind), a)
}

/// Whether candidate `annotation` (in a document titled `title`) matches what was
/// typed: every word of `query`, ignoring case, is in its quote, label or title.
pub fn matches(annotation: &Annotation, title: &str, query: &str) -> bool {
    let haystack = format!("{} {} {}", annotation.anchor.quote(), annotation.label, title).to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::tests::{mark, project_with};
    use crate::{Action, RelationId, Timestamp};

    #[test]
    fn the_nearest_fitting_ends_come_first_and_other_articles_only_across() {
        let text = "Минск 🇧🇾: Лукашенко said troops moved; the ministry denied it; Путин agreed.";
        let mut project = project_with(&[text, "Echo: troops moved."]);
        mark(&mut project, "far", "d0", 0, 5, "Actor");
        mark(&mut project, "claim", "d0", 20, 38, "Claim");
        mark(&mut project, "near", "d0", 40, 52, "Actor");
        mark(&mut project, "figure", "d0", 60, 62, "Figure");
        mark(&mut project, "echo", "d1", 6, 18, "Claim");
        let source = AnnotationId("claim".into());
        let types = project.relation_types().clone();
        let ids = |kind: &str| -> Vec<(String, bool)> {
            candidates(&project, &source, types.get(kind).unwrap())
                .iter()
                .map(|c| (c.annotation.id.0.clone(), c.source_first))
                .collect()
        };
        assert_eq!(ids("said by"), [("near".into(), true), ("far".into(), true)]);
        assert_eq!(
            ids("supports"),
            [("figure".into(), false)],
            "a Figure supports the claim"
        );
        assert_eq!(ids("same claim"), [("echo".into(), true)]);
        // Once linked, an end is not offered again for that type.
        let r = project
            .new_relation(
                RelationId("r".into()),
                "said by",
                &source,
                &AnnotationId("near".into()),
                "",
                Timestamp::from_millis(2),
            )
            .unwrap();
        project.apply(Action::AddRelation(r)).unwrap();
        assert_eq!(
            candidates(&project, &source, types.get("said by").unwrap()).len(),
            1
        );
        // A clicked end is found as the list would offer it: the same for every pair.
        for kind in types.iter() {
            let listed = candidates(&project, &source, kind);
            for a in project.annotations() {
                let listed = listed.iter().find(|c| c.annotation.id == a.id);
                let found = candidate(&project, &source, kind, &a.id);
                assert_eq!(
                    found.map(|c| (&c.annotation.id, c.source_first)),
                    listed.map(|c| (&c.annotation.id, c.source_first)),
                    "{} as the other end of {}",
                    a.id,
                    kind.name
                );
            }
        }
        let near = project.annotation(&AnnotationId("near".into())).unwrap();
        assert!(matches(near, "Doc 0", "MINISTRY"));
        assert!(matches(near, "Doc 0", "doc minis"));
        assert!(!matches(near, "Doc 0", "Путин"));
    }

    #[test]
    fn the_picker_offers_the_types_a_label_can_stand_in_and_finds_a_clicked_end() {
        let mut project = project_with(&["Лукашенко said 9 000 troops moved, officials said."]);
        mark(&mut project, "actor", "d0", 0, 9, "Actor");
        mark(&mut project, "claim", "d0", 15, 33, "Claim");
        mark(&mut project, "figure", "d0", 15, 20, "Figure");
        let names = |label: &str| -> Vec<String> {
            types_for(&project, label)
                .iter()
                .map(|t| t.name.clone())
                .collect()
        };
        assert_eq!(
            names("Claim"),
            ["said by", "about", "supports", "same claim", "contradicts"]
        );
        assert_eq!(names("Actor"), ["said by", "about"]);
        assert_eq!(names("Figure"), ["supports"]);
        let said_by = project.relation_types().get("said by").unwrap().clone();
        assert_eq!(said_by.orientation("Claim", "Actor"), Some(true));
        assert_eq!(said_by.orientation("Actor", "Claim"), Some(false));
        assert_eq!(said_by.orientation("Figure", "Actor"), None);
        // From the Actor, clicking the Claim links the Claim `said by` the Actor.
        let actor = AnnotationId("actor".into());
        let found = candidate(&project, &actor, &said_by, &AnnotationId("claim".into())).unwrap();
        assert_eq!(found.ends(&actor), (&AnnotationId("claim".into()), &actor));
        assert!(candidate(&project, &actor, &said_by, &AnnotationId("figure".into())).is_none());
        assert!(candidate(&project, &actor, &said_by, &actor).is_none());
    }
}
