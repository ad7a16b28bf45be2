//! Where annotators link marks differently, and settling it.
//!
//! A relation's *place* is the pair of marks it joins — each end a document, a span
//! and a label, so two annotators' relations meet when they join the same marks
//! (whoever made the marks). At a place the annotators who have both documents agree
//! (each made the same one relation), differ in its type or direction, or only some of
//! them linked the marks at all:
//!
//! ```text
//!  ana:    “troops moved” ──said by──▶ Lukashenko
//!  boris:  “troops moved” ──about───▶ Lukashenko   →  one place, of kind Type
//!  carla:  (no link)                                 →  … and OnlySome, carla silent
//! ```

use super::{Decision, gold_id, in_gold};
use crate::action::{Action, EditError};
use crate::annotation::AnnotationId;
use crate::document::DocId;
use crate::project::Project;
use crate::relation::{Relation, RelationId, link_key};
use crate::span::Span;
use crate::timestamp::Timestamp;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One end of a relation: the mark it joins.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct End {
    /// The document.
    pub document: DocId,
    /// The span.
    pub span: Span,
    /// The label.
    pub label: String,
    /// The text of the span.
    pub quote: String,
}

/// A relation as one annotator made it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct RelationMark {
    /// The annotator.
    pub annotator: String,
    /// The relation's type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The end it goes from.
    pub from: End,
    /// The end it goes to.
    pub to: End,
}

/// How annotators differ at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// Everyone who has both documents made the same relation here.
    Agree,
    /// Everyone linked these marks, with different types or directions.
    Type,
    /// Some annotators who have both documents did not link these marks.
    OnlySome,
}

/// The relations between one pair of marks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RelationPlace {
    /// The two marks, in order (whichever way each relation goes).
    pub ends: (End, End),
    /// How the annotators differ here.
    pub kind: RelationKind,
    /// The relations, by annotator.
    pub marks: Vec<RelationMark>,
    /// Annotators who have both documents and made none of them.
    pub silent: Vec<String>,
    /// How many annotators have both documents.
    pub annotators: usize,
}

impl RelationPlace {
    /// Which way `mark` goes between the place's ends, as people read it: `A → B` from
    /// the first end to the second, `B → A` the other way.
    pub fn way(&self, mark: &RelationMark) -> &'static str {
        if mark.from == self.ends.0 {
            "A → B"
        } else {
            "B → A"
        }
    }
}

/// Every place with a relation in a merged project (relations carry their annotators'
/// names), given who has each document; in document and text order of the first end.
pub fn relation_places(project: &Project, has: &BTreeMap<DocId, BTreeSet<String>>) -> Vec<RelationPlace> {
    let end = |id: &AnnotationId| {
        project.annotation(id).map(|a| End {
            document: a.document.clone(),
            span: a.span(),
            label: a.label.clone(),
            quote: a.anchor.quote().to_owned(),
        })
    };
    let mut places: BTreeMap<(End, End), Vec<RelationMark>> = BTreeMap::new();
    for r in project.relations() {
        let (Some(from), Some(to)) = (end(&r.from), end(&r.to)) else {
            continue;
        };
        let ends = if to < from {
            (to.clone(), from.clone())
        } else {
            (from.clone(), to.clone())
        };
        places.entry(ends).or_default().push(RelationMark {
            annotator: r.annotator.clone(),
            kind: r.kind.clone(),
            from,
            to,
        });
    }
    let none = BTreeSet::new();
    places
        .into_iter()
        .map(|(ends, mut marks)| {
            marks.sort();
            // The same link by the same annotator once (from files that name another
            // annotator on relations between their own marks).
            let mut once = BTreeSet::new();
            marks.retain(|m| once.insert((m.annotator.clone(), key(project, m))));
            let of = |doc: &DocId| has.get(doc).unwrap_or(&none);
            let who: BTreeSet<&String> = of(&ends.0.document).intersection(of(&ends.1.document)).collect();
            let made: BTreeSet<&String> = marks.iter().map(|m| &m.annotator).collect();
            let silent: Vec<String> = who.difference(&made).map(|s| s.to_string()).collect();
            let distinct: BTreeSet<String> = marks.iter().map(|m| key(project, m)).collect();
            let kind = if !silent.is_empty() || who.len() < 2 {
                RelationKind::OnlySome
            } else if distinct.len() == 1 && made.len() == who.len() {
                RelationKind::Agree
            } else {
                RelationKind::Type
            };
            RelationPlace {
                ends,
                kind,
                marks,
                silent,
                annotators: who.len(),
            }
        })
        .collect()
}

/// What makes two annotators' relations the same: type and ends (in order unless the
/// type is symmetric).
fn key(project: &Project, mark: &RelationMark) -> String {
    let symmetric = project
        .relation_types()
        .get(&mark.kind)
        .is_some_and(|k| k.symmetric);
    let end = |e: &End| {
        format!(
            "{}\u{1}{}\u{1}{}\u{1}{}",
            e.document.0,
            e.span.start(),
            e.span.end(),
            e.label
        )
    };
    link_key(&mark.kind, &end(&mark.from), &end(&mark.to), symmetric)
}

/// The edit that settles relation `place` in `gold` as `decision` says: each distinct
/// relation taken, made by `adjudicator`, and any end the gold set lacks marked too
/// (its `agreed_by` naming who linked it), so a relation never lacks an end. One
/// undoable edit. A decision of the adjudicator's own mark takes none.
pub fn settle_relation(
    gold: &Project,
    place: &RelationPlace,
    decision: &Decision,
    adjudicator: &str,
    now: Timestamp,
) -> Result<Action, EditError> {
    let mut taken: BTreeMap<String, &RelationMark> = BTreeMap::new();
    for mark in &place.marks {
        let take = match decision {
            Decision::Take(who) => &mark.annotator == who,
            Decision::All => true,
            Decision::Neither | Decision::Mark(..) => false,
        };
        if take {
            taken.entry(key(gold, mark)).or_insert(mark);
        }
    }
    let mut adds = Vec::new();
    // Ends added by this edit, by document, span and label.
    let mut added: HashMap<(DocId, Span, String), AnnotationId> = HashMap::new();
    let mut end_in_gold = |end: &End, adds: &mut Vec<Action>| -> Result<AnnotationId, EditError> {
        if let Some(a) = in_gold(gold, &end.document, end.span, &end.label) {
            return Ok(a.id.clone());
        }
        let at = (end.document.clone(), end.span, end.label.clone());
        if let Some(id) = added.get(&at) {
            return Ok(id.clone());
        }
        let id = gold_id(&end.document, end.span, &end.label);
        let mut annotation =
            gold.new_annotation(id.clone(), &end.document, end.span, &end.label, adjudicator, now)?;
        annotation.agreed_by = place
            .marks
            .iter()
            .filter(|m| &m.from == end || &m.to == end)
            .map(|m| m.annotator.clone())
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        adds.push(Action::AddAnnotation(annotation));
        added.insert(at, id.clone());
        Ok(id)
    };
    let mut relations = Vec::new();
    for mark in taken.values() {
        let from = end_in_gold(&mark.from, &mut adds)?;
        let to = end_in_gold(&mark.to, &mut adds)?;
        let symmetric = gold.relation_types().get(&mark.kind).is_some_and(|k| k.symmetric);
        let relation = Relation {
            id: RelationId(
                format!("gold-{}", link_key(&mark.kind, &from.0, &to.0, symmetric)).replace('\u{0}', "~"),
            ),
            kind: mark.kind.clone(),
            from,
            to,
            note: String::new(),
            annotator: adjudicator.to_owned(),
            created: now,
            updated: now,
        };
        if gold
            .relations_of(&relation.from)
            .any(|r| r.same_link(&relation, symmetric))
        {
            continue; // already in the gold set
        }
        relations.push(Action::AddRelation(relation));
    }
    adds.extend(relations);
    Ok(Action::Batch(adds))
}

#[cfg(test)]
mod tests {
    use super::super::{Decision, adjudication, merge};
    use super::*;
    use crate::action::History;
    use crate::agreement::tests::{marked, named};

    const TEXT: &str = "Lukashenko said 12 000 troops moved to Brest on Monday.";

    /// `project` with relations of `(type, from index, to index)` between its
    /// annotations in reading order, made by `who`.
    fn linked(mut project: Project, who: &str, links: &[(&str, usize, usize)]) -> Project {
        let doc = project.documents()[0].id().clone();
        let ids: Vec<AnnotationId> = project.reading_order(&doc).map(|a| a.id.clone()).collect();
        for (i, (kind, from, to)) in links.iter().enumerate() {
            let r = project
                .new_relation(
                    RelationId(format!("r{i}")),
                    kind,
                    &ids[*from],
                    &ids[*to],
                    who,
                    Timestamp::from_millis(1),
                )
                .unwrap();
            project.apply(Action::AddRelation(r)).unwrap();
        }
        project
    }

    /// Ana and Boris mark the same Claim and Actor; Ana says the Claim was said by the
    /// Actor, Boris that it is about the Actor; both say the Figure supports the Claim.
    fn ana_and_boris() -> (Project, Project) {
        let marks = [(0, 10, "Actor"), (11, 54, "Claim"), (16, 29, "Figure")];
        let a = linked(
            marked(TEXT, "ana", &marks),
            "ana",
            &[("said by", 1, 0), ("supports", 2, 1)],
        );
        let b = linked(
            marked(TEXT, "boris", &marks),
            "boris",
            &[("about", 1, 0), ("supports", 2, 1)],
        );
        (a, b)
    }

    #[test]
    fn merged_relations_are_kept_and_their_differences_listed() {
        let (a, b) = ana_and_boris();
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        assert_eq!(
            merged.project.relations().count(),
            4,
            "every relation, with its annotator"
        );
        assert_eq!(merged.unfit_relations, 0);
        assert!(merged.conflicts.is_empty(), "the marks agree");
        let places: Vec<(RelationKind, &str, &str)> = merged
            .relation_conflicts
            .iter()
            .map(|p| (p.kind, p.ends.0.quote.as_str(), p.ends.1.quote.as_str()))
            .collect();
        assert_eq!(
            places,
            [(
                RelationKind::Type,
                "Lukashenko",
                "said 12 000 troops moved to Brest on Monday"
            )]
        );
        let types: Vec<(&str, &str)> = merged.relation_conflicts[0]
            .marks
            .iter()
            .map(|m| (m.annotator.as_str(), m.kind.as_str()))
            .collect();
        assert_eq!(types, [("ana", "said by"), ("boris", "about")]);
        // Merging a file with itself finds nothing to settle.
        let same = merge(&named(&[("a.json", &a), ("a.json", &a)]));
        assert_eq!(same.project.relations().count(), 2);
        assert!(same.relation_conflicts.is_empty());
    }

    #[test]
    fn a_relation_only_one_annotator_made_is_theirs_alone_and_the_others_silent() {
        let marks = [(0, 10, "Actor"), (11, 54, "Claim")];
        let a = linked(marked(TEXT, "ana", &marks), "ana", &[("said by", 1, 0)]);
        let b = marked(TEXT, "boris", &marks);
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        assert_eq!(merged.relation_conflicts.len(), 1);
        let place = &merged.relation_conflicts[0];
        assert_eq!(
            (place.kind, place.silent.as_slice()),
            (RelationKind::OnlySome, &["boris".to_owned()][..])
        );
    }

    #[test]
    fn the_same_link_by_the_same_annotator_is_listed_once() {
        // Boris's file names Ana on the relation between his own marks.
        let marks = [(0, 10, "Actor"), (11, 54, "Claim")];
        let a = linked(marked(TEXT, "ana", &marks), "ana", &[("said by", 1, 0)]);
        let b = linked(marked(TEXT, "boris", &marks), "ana", &[("said by", 1, 0)]);
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        let place = &merged.relation_conflicts[0];
        let who: Vec<&str> = place.marks.iter().map(|m| m.annotator.as_str()).collect();
        assert_eq!(who, ["ana"]);
        assert_eq!(place.silent, ["boris"]);
    }

    #[test]
    fn a_gold_set_takes_agreed_relations_and_settles_the_rest_undoably() {
        let (a, b) = ana_and_boris();
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        let now = Timestamp::from_millis(5);
        let start = adjudication(&merged, "eve", now);
        let mut gold = start.gold.clone();
        let kinds = |gold: &Project| -> Vec<String> { gold.relations().map(|r| r.kind.clone()).collect() };
        assert_eq!(kinds(&gold), ["supports"], "what both said is in from the start");
        assert_eq!(start.open_relations.len(), 1);
        let place = &start.open_relations[0];
        let mut history = History::default();
        let take = settle_relation(&gold, place, &Decision::Take("boris".into()), "eve", now).unwrap();
        history.perform(&mut gold, take).unwrap();
        let mut settled = kinds(&gold);
        settled.sort();
        assert_eq!(settled, ["about", "supports"]);
        assert!(gold.relations().all(|r| r.annotator == "eve"));
        // Taking it again adds nothing; undo takes it back.
        let again = settle_relation(&gold, place, &Decision::All, "eve", now).unwrap();
        let Action::Batch(adds) = &again else {
            panic!("a batch")
        };
        assert_eq!(adds.len(), 1, "only ana's said by is new");
        history.undo(&mut gold).unwrap();
        assert_eq!(kinds(&gold), ["supports"]);
    }

    #[test]
    fn taking_a_relation_whose_ends_were_not_taken_marks_them_too() {
        // Only Ana marked and linked; nothing of hers is agreed, so the gold set starts
        // empty, and taking her relation brings its two ends with it.
        let marks = [(0, 10, "Actor"), (11, 54, "Claim")];
        let a = linked(marked(TEXT, "ana", &marks), "ana", &[("said by", 1, 0)]);
        let b = marked(TEXT, "boris", &[]);
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        let start = adjudication(&merged, "eve", Timestamp::from_millis(5));
        let mut gold = start.gold.clone();
        assert_eq!(gold.annotations().count(), 0);
        let action = settle_relation(
            &gold,
            &start.open_relations[0],
            &Decision::All,
            "eve",
            Timestamp::from_millis(6),
        )
        .unwrap();
        gold.apply(action).unwrap();
        let ends: Vec<(&str, &[String])> = gold
            .annotations()
            .map(|a| (a.label.as_str(), a.agreed_by.as_slice()))
            .collect();
        assert_eq!(ends.len(), 2);
        assert!(ends.iter().all(|(_, by)| *by == ["ana".to_owned()]));
        let r = gold.relations().next().unwrap();
        assert_eq!(
            (
                gold.annotation(&r.from).unwrap().label.as_str(),
                gold.annotation(&r.to).unwrap().label.as_str()
            ),
            ("Claim", "Actor")
        );
    }
}
