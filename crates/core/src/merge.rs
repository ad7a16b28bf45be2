//! Putting several annotators' files together: where they differ, and their union.
//!
//! [`differences`] groups one document's marks by all annotators into *places*
//! (clusters) and says, for each, whether everyone who has the document agrees (same
//! spans, same labels), or how they differ. A span every annotator marked with the
//! same label is agreement wherever it sits, even inside someone's longer span; the
//! other marks form a place with the marks they are about — the same label
//! overlapping, the same span, or spans that cross — but not with a span of another
//! label that merely contains them (a Figure inside a Claim is not a rival reading
//! of the Claim):
//!
//! ```text
//!  ana:    [Claim ......................]
//!  ana:           [Figure]
//!  boris:         [Figure]                 →  agree: Figure; only ana: the Claim
//! ``` [`merge`] makes one project of all inputs — documents matched by text,
//! every annotation kept with its annotator's name — and lists the clusters where the
//! annotators differ: the conflicts someone has to settle.

use crate::action::Action;
use crate::agreement::{Input, annotator_of};
use crate::annotation::{Annotation, AnnotationId};
use crate::attribute::Attributes;
use crate::document::DocId;
use crate::label::Label;
use crate::project::Project;
use crate::relation::{Relation, RelationId, RelationTypes};
use crate::span::Span;
use crate::timestamp::Timestamp;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

mod relations;
pub use relations::{End, RelationKind, RelationMark, RelationPlace, relation_places, settle_relation};

/// How the annotators of a document differ in one cluster of overlapping marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Everyone marked the same spans with the same labels.
    Agree,
    /// The same spans, with different labels.
    Label,
    /// The same labels, on different spans.
    Boundaries,
    /// Different spans and different labels.
    LabelAndBoundaries,
    /// Some annotators marked nothing here.
    OnlySome,
}

/// A mark: who made it, where, with which label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Mark {
    /// The annotator.
    pub annotator: String,
    /// The span.
    pub span: Span,
    /// The label.
    pub label: String,
    /// Its attributes.
    #[serde(skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
}

/// One cluster of overlapping marks in a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cluster {
    /// From the first mark's start to the last one's end.
    pub span: Span,
    /// How the annotators differ here.
    pub kind: Kind,
    /// The marks, by start, end, label and annotator.
    pub marks: Vec<Mark>,
    /// Annotators who have the document and marked nothing here.
    pub silent: Vec<String>,
}

/// The clusters of one document, given every mark and the annotators who have it, by
/// start and end.
pub fn differences(mut marks: Vec<Mark>, annotators: &BTreeSet<String>) -> Vec<Cluster> {
    marks.sort_by(|a, b| (a.span, &a.label, &a.annotator).cmp(&(b.span, &b.label, &b.annotator)));
    marks.dedup();
    // Exact agreement first: a span and label that every annotator marked.
    let mut makers: HashMap<(Span, &str), usize> = HashMap::new();
    for mark in &marks {
        *makers.entry((mark.span, mark.label.as_str())).or_default() += 1;
    }
    let everyone = annotators.len();
    let agreed = |mark: &Mark| everyone >= 2 && makers[&(mark.span, mark.label.as_str())] == everyone;
    let (agreed_marks, rest): (Vec<Mark>, Vec<Mark>) = marks.iter().cloned().partition(|m| agreed(m));
    let mut groups: Vec<Vec<Mark>> = Vec::new();
    for mark in agreed_marks {
        match groups.last_mut() {
            Some(group) if group[0].span == mark.span && group[0].label == mark.label => group.push(mark),
            _ => groups.push(vec![mark]),
        }
    }
    // The rest: marks of different annotators about the same thing share a place.
    let mut place: Vec<usize> = (0..rest.len()).collect();
    fn root(place: &mut [usize], mut i: usize) -> usize {
        while place[i] != i {
            place[i] = place[place[i]];
            i = place[i];
        }
        i
    }
    for i in 0..rest.len() {
        // Sorted by start: the marks overlapping `rest[i]` from the right start before its end.
        for j in i + 1..rest.len() {
            if rest[j].span.start() >= rest[i].span.end() {
                break;
            }
            if rest[i].annotator != rest[j].annotator && related(&rest[i], &rest[j]) {
                let (a, b) = (root(&mut place, i), root(&mut place, j));
                place[a.max(b)] = a.min(b);
            }
        }
    }
    let mut components: BTreeMap<usize, Vec<Mark>> = BTreeMap::new();
    for (i, mark) in rest.into_iter().enumerate() {
        let at = root(&mut place, i);
        components.entry(at).or_default().push(mark);
    }
    groups.extend(components.into_values());
    let mut clusters: Vec<Cluster> = groups
        .into_iter()
        .map(|marks| {
            let start = marks.iter().map(|m| m.span.start()).min().unwrap_or(0);
            let end = marks.iter().map(|m| m.span.end()).max().unwrap_or(0);
            let present: BTreeSet<&String> = marks.iter().map(|m| &m.annotator).collect();
            let silent: Vec<String> = annotators
                .iter()
                .filter(|a| !present.contains(a))
                .cloned()
                .collect();
            let kind = kind_of(&marks, &present, silent.is_empty());
            Cluster {
                span: Span::new(start, end).expect("a cluster's marks are spans"),
                kind,
                marks,
                silent,
            }
        })
        .collect();
    clusters.sort_by_key(|c| (c.span.start(), c.span.end(), c.kind));
    clusters
}

/// Whether two overlapping marks of different annotators are about the same thing: the
/// same label, the same span, or spans that cross. A span that only contains another
/// of a different label is a mark of its own (a Claim around a Figure).
fn related(a: &Mark, b: &Mark) -> bool {
    a.label == b.label || a.span == b.span || !(a.span.contains(b.span) || b.span.contains(a.span))
}

fn kind_of(marks: &[Mark], present: &BTreeSet<&String>, everyone: bool) -> Kind {
    if !everyone || present.len() < 2 {
        return Kind::OnlySome;
    }
    // Each annotator's marks here, as (span, label) sets.
    let of = |who: &String| -> BTreeSet<(Span, &str)> {
        marks
            .iter()
            .filter(|m| &m.annotator == who)
            .map(|m| (m.span, m.label.as_str()))
            .collect()
    };
    let sets: Vec<BTreeSet<(Span, &str)>> = present.iter().map(|w| of(w)).collect();
    if sets.windows(2).all(|w| w[0] == w[1]) {
        return Kind::Agree;
    }
    let spans: Vec<BTreeSet<Span>> = sets.iter().map(|s| s.iter().map(|m| m.0).collect()).collect();
    let labels: Vec<BTreeSet<&str>> = sets.iter().map(|s| s.iter().map(|m| m.1).collect()).collect();
    match (
        spans.windows(2).all(|w| w[0] == w[1]),
        labels.windows(2).all(|w| w[0] == w[1]),
    ) {
        (true, _) => Kind::Label,
        (false, true) => Kind::Boundaries,
        (false, false) => Kind::LabelAndBoundaries,
    }
}

/// The clusters of document `doc` of a merged project, whose annotations carry their
/// annotators' names; `annotators` have the document.
pub fn document_clusters(project: &Project, doc: &DocId, annotators: &BTreeSet<String>) -> Vec<Cluster> {
    differences(document_marks(project, doc), annotators)
}

/// Every mark of document `doc` of a merged project, each with its annotator.
pub fn document_marks(project: &Project, doc: &DocId) -> Vec<Mark> {
    project
        .annotations_of(doc)
        .into_iter()
        .map(|a| Mark {
            annotator: a.annotator.clone(),
            span: a.span(),
            label: a.label.clone(),
            attributes: a.attributes.clone(),
        })
        .collect()
}

/// A merged project and where its annotators differ.
#[derive(Debug)]
pub struct Merged {
    /// Every document (matched by text) and every annotation, each with its annotator.
    pub project: Project,
    /// Per document id of the merged project: its clusters where annotators differ.
    pub conflicts: Vec<(DocId, String, Vec<Cluster>)>,
    /// Annotations given a new id because another annotation had theirs.
    pub renamed: usize,
    /// Per document id: the annotators who have the document (marked in it or not).
    pub annotators: BTreeMap<DocId, BTreeSet<String>>,
    /// The places where annotators who have both ends' documents link them differently
    /// (or only some of them link them).
    pub relation_conflicts: Vec<RelationPlace>,
    /// Relations left out: of a type whose first definition (the one kept) does not
    /// allow their ends' labels.
    pub unfit_relations: usize,
    /// Marks all annotators agree on but give different attributes (settled in
    /// adjudication with the others).
    pub attribute_conflicts: usize,
}

/// The union of `inputs`. Labels are taken in the order first met (a later label's
/// hotkey is dropped when an earlier one has it); a document is the first input's
/// with its text, and the others' annotations of the same text are moved onto it;
/// an annotation without an annotator gets its input's name; the same span, label
/// and annotator twice is kept once.
pub fn merge(inputs: &[Input<'_>]) -> Merged {
    let mut labels = crate::label::LabelSet::empty();
    for input in inputs {
        for label in input.project.labels().iter() {
            if labels.position(&label.name).is_some() {
                continue;
            }
            let mut label: Label = label.clone();
            if label
                .hotkey
                .is_some_and(|key| labels.iter().any(|l| l.hotkey == Some(key)))
            {
                label.hotkey = None;
            }
            let at = labels.len();
            labels
                .insert(at, label)
                .expect("a label from a checked project, its hotkey free");
        }
    }
    // Relation types too: the first definition of each name is kept.
    let mut relation_types = RelationTypes::empty();
    for input in inputs {
        for kind in input.project.relation_types().iter() {
            if relation_types.position(&kind.name).is_some() {
                continue;
            }
            let mut kind = kind.clone();
            if kind
                .hotkey
                .is_some_and(|key| relation_types.iter().any(|k| k.hotkey == Some(key)))
            {
                kind.hotkey = None;
            }
            // A type naming a label the merged set lacks cannot be: the labels are a union.
            let _ = relation_types.add(kind);
        }
    }
    let mut project = Project::with_relation_types(labels, relation_types);
    let mut by_hash: HashMap<String, DocId> = HashMap::new();
    let mut has: BTreeMap<DocId, BTreeSet<String>> = BTreeMap::new();
    // Each mark once: (document, span, label, annotator) → the annotation kept for it.
    let mut seen: HashMap<(DocId, Span, String, String), AnnotationId> = HashMap::new();
    let mut ids: HashSet<AnnotationId> = HashSet::new();
    let mut links: HashSet<String> = HashSet::new();
    let mut relation_ids: HashSet<RelationId> = HashSet::new();
    let (mut renamed, mut unfit_relations) = (0, 0);
    for input in inputs {
        let names = input.annotators();
        // This input's document ids → the merged project's.
        let mut doc_of: HashMap<&DocId, DocId> = HashMap::new();
        for document in input.project.documents() {
            let id = by_hash.entry(document.sha256().to_owned()).or_insert_with(|| {
                let mut id = document.id().clone();
                let mut n = 1;
                while project.document(&id).is_some() {
                    n += 1;
                    id = DocId(format!("{}-{n}", document.id().0));
                }
                let copy = document.clone().with_id(id.clone());
                project
                    .apply(project.add_document(copy))
                    .expect("a new id for a new document");
                id
            });
            has.entry(id.clone()).or_default().extend(names.iter().cloned());
            doc_of.insert(document.id(), id.clone());
        }
        // This input's annotation ids → the merged project's.
        let mut annotation_of: HashMap<&AnnotationId, AnnotationId> = HashMap::new();
        for a in input.project.annotations() {
            let document = doc_of[&a.document].clone();
            let who = annotator_of(a, input.name).to_owned();
            let key = (document.clone(), a.span(), a.label.clone(), who.clone());
            if let Some(kept) = seen.get(&key) {
                annotation_of.insert(&a.id, kept.clone());
                continue;
            }
            let mut id = a.id.clone();
            if !ids.insert(id.clone()) {
                let mut n = 1;
                while ids.contains(&id) {
                    n += 1;
                    id = AnnotationId(format!("{}~{n}", a.id.0));
                }
                ids.insert(id.clone());
                renamed += 1;
            }
            seen.insert(key, id.clone());
            annotation_of.insert(&a.id, id.clone());
            let copy = Annotation {
                id,
                document,
                annotator: who,
                ..a.clone()
            };
            project
                .apply(Action::AddAnnotation(copy))
                .expect("an annotation of a checked project, on the same text");
        }
        for r in input.project.relations() {
            let (Some(from), Some(to)) = (annotation_of.get(&r.from), annotation_of.get(&r.to)) else {
                continue; // a checked project's relations have both ends
            };
            let who = if r.annotator.is_empty() {
                input.name
            } else {
                &r.annotator
            };
            let symmetric = project.relation_types().get(&r.kind).is_some_and(|k| k.symmetric);
            let key = format!(
                "{}\u{0}{who}",
                crate::relation::link_key(&r.kind, &from.0, &to.0, symmetric)
            );
            if !links.insert(key) {
                continue;
            }
            let mut id = r.id.clone();
            let mut n = 1;
            while relation_ids.contains(&id) {
                n += 1;
                id = RelationId(format!("{}~{n}", r.id.0));
            }
            relation_ids.insert(id.clone());
            let copy = Relation {
                id,
                from: from.clone(),
                to: to.clone(),
                annotator: who.to_owned(),
                ..r.clone()
            };
            if project.apply(Action::AddRelation(copy)).is_err() {
                unfit_relations += 1;
            }
        }
    }
    let mut attribute_conflicts = 0;
    let conflicts = project
        .documents()
        .iter()
        .filter_map(|doc| {
            let (agreed, clusters): (Vec<Cluster>, Vec<Cluster>) =
                document_clusters(&project, doc.id(), &has[doc.id()])
                    .into_iter()
                    .partition(|c| c.kind == Kind::Agree);
            attribute_conflicts += agreed.iter().filter(|c| attributes_differ(c)).count();
            (has[doc.id()].len() >= 2 && !clusters.is_empty())
                .then(|| (doc.id().clone(), doc.title().to_owned(), clusters))
        })
        .collect();
    let relation_conflicts = relation_places(&project, &has)
        .into_iter()
        .filter(|place| place.kind != RelationKind::Agree && place.annotators >= 2)
        .collect();
    Merged {
        project,
        conflicts,
        renamed,
        annotators: has,
        relation_conflicts,
        unfit_relations,
        attribute_conflicts,
    }
}

/// How one conflict is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The marks of this annotator, and only theirs.
    Take(String),
    /// Every distinct mark in the cluster.
    All,
    /// None of them.
    Neither,
    /// A mark of the adjudicator's own: this span with this label (an edit of theirs).
    Mark(Span, String),
}

/// A gold set being settled: every annotation all annotators of a document agreed
/// on, and the clusters where they differ, in document and text order.
#[derive(Debug)]
pub struct Adjudication {
    /// The gold project: the merged documents and labels, the agreed annotations,
    /// each with `agreed_by`.
    pub gold: Project,
    /// The conflicts left to settle, with their document.
    pub open: Vec<(DocId, Cluster)>,
    /// The relation conflicts left to settle (after the spans: taking a relation takes
    /// its ends into the gold set too).
    pub open_relations: Vec<RelationPlace>,
}

/// Starts a gold set from a merge: what everyone agreed on goes in (made by
/// `adjudicator` at `now`, `agreed_by` naming them all), marks and then relations; the
/// rest is to be settled.
pub fn adjudication(merged: &Merged, adjudicator: &str, now: Timestamp) -> Adjudication {
    let mut gold = Project::new(merged.project.labels().clone());
    for document in merged.project.documents() {
        gold.apply(gold.add_document(document.clone()))
            .expect("the merged project's documents are distinct");
    }
    let mut open = Vec::new();
    for document in merged.project.documents() {
        let id = document.id();
        for cluster in document_clusters(&merged.project, id, &merged.annotators[id]) {
            // Marks agreed on with attributes that differ are settled by a person too.
            if cluster.kind == Kind::Agree && !attributes_differ(&cluster) {
                let action = settle(&gold, id, &cluster, &Decision::All, adjudicator, now)
                    .expect("marks of the merged project fit its texts");
                gold.apply(action).expect("settling adds new annotations");
            } else {
                open.push((id.clone(), cluster));
            }
        }
    }
    let mut open_relations = Vec::new();
    for place in relation_places(&merged.project, &merged.annotators) {
        if place.kind == RelationKind::Agree {
            let action = settle_relation(&gold, &place, &Decision::All, adjudicator, now)
                .expect("agreed relations join agreed marks");
            gold.apply(action).expect("settling adds new relations");
        } else {
            open_relations.push(place);
        }
    }
    Adjudication {
        gold,
        open,
        open_relations,
    }
}

/// The edit that settles `cluster` of document `doc` in `gold` as `decision` says:
/// one annotation per distinct span and label taken, made by `adjudicator`, its
/// `agreed_by` naming every annotator who made exactly that mark. Undone like any
/// other edit (its inverse removes them).
pub fn settle(
    gold: &Project,
    doc: &DocId,
    cluster: &Cluster,
    decision: &Decision,
    adjudicator: &str,
    now: Timestamp,
) -> Result<Action, crate::action::EditError> {
    let taken: BTreeSet<(Span, &str)> = match decision {
        Decision::Mark(span, label) => BTreeSet::from([(*span, label.as_str())]),
        _ => cluster
            .marks
            .iter()
            .filter(|m| match decision {
                Decision::Take(who) => &m.annotator == who,
                Decision::All => true,
                Decision::Neither | Decision::Mark(..) => false,
            })
            .map(|m| (m.span, m.label.as_str()))
            .collect(),
    };
    let mut adds = Vec::new();
    for (span, label) in taken {
        let same: Vec<&Mark> = cluster
            .marks
            .iter()
            .filter(|m| m.span == span && m.label == label)
            .collect();
        let agreed_by: Vec<String> = same
            .iter()
            .map(|m| m.annotator.clone())
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        // One annotator's mark brings their attributes; several, the values they all
        // gave (a field they differ on is left for the adjudicator to set).
        let attributes = match decision {
            Decision::Take(who) => same
                .iter()
                .find(|m| &m.annotator == who)
                .map(|m| m.attributes.clone())
                .unwrap_or_default(),
            Decision::All => agreed_attributes(&same),
            Decision::Neither | Decision::Mark(..) => Attributes::new(),
        };
        let fields = gold.labels().get(label).map_or(&[][..], |l| l.fields.as_slice());
        let attributes = crate::attribute::keep_fitting(fields, &attributes);
        if let Some(there) = in_gold(gold, doc, span, label) {
            // Already in the gold set (the end of an agreed relation): its attributes
            // become those decided.
            if there.attributes != attributes && !matches!(decision, Decision::Mark(..)) {
                let to = Annotation {
                    attributes,
                    updated: now,
                    ..there.clone()
                };
                adds.push(Action::UpdateAnnotation(Box::new(crate::action::Change::new(
                    there.clone(),
                    to,
                ))));
            }
            continue;
        }
        let mut annotation =
            gold.new_annotation(gold_id(doc, span, label), doc, span, label, adjudicator, now)?;
        annotation.agreed_by = agreed_by;
        annotation.attributes = attributes;
        adds.push(Action::AddAnnotation(annotation));
    }
    Ok(Action::Batch(adds))
}

/// The attributes every one of `marks` has with the same value.
fn agreed_attributes(marks: &[&Mark]) -> Attributes {
    let Some((first, rest)) = marks.split_first() else {
        return Attributes::new();
    };
    first
        .attributes
        .iter()
        .filter(|(field, value)| rest.iter().all(|m| m.attributes.get(*field) == Some(*value)))
        .map(|(field, value)| (field.clone(), value.clone()))
        .collect()
}

/// Whether annotators who made the same mark in `cluster` gave it different attributes.
pub fn attributes_differ(cluster: &Cluster) -> bool {
    cluster.marks.iter().any(|m| {
        cluster
            .marks
            .iter()
            .any(|n| n.span == m.span && n.label == m.label && n.attributes != m.attributes)
    })
}

/// The gold set's annotation of `span` with `label` in document `doc`, if it has one.
fn in_gold<'a>(gold: &'a Project, doc: &DocId, span: Span, label: &str) -> Option<&'a Annotation> {
    gold.annotations_of(doc)
        .into_iter()
        .find(|a| a.span() == span && a.label == label)
}

/// The id a settled mark of `span` with `label` in document `doc` gets in the gold set.
fn gold_id(doc: &DocId, span: Span, label: &str) -> AnnotationId {
    AnnotationId(format!("gold-{}-{}-{}-{label}", doc.0, span.start(), span.end()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::tests::{marked, named};
    use crate::format::native::{self, NativeFile};

    const TEXT: &str = "Lukashenko said 12 000 troops moved to Brest on Monday.";

    /// Ana and Boris on one text: an agreed Actor, a Figure of other boundaries, Brest
    /// as an Actor and a Claim, and a Claim only Ana made.
    fn ana_and_boris() -> (Project, Project) {
        let a = marked(
            TEXT,
            "ana",
            &[
                (0, 10, "Actor"),
                (16, 29, "Figure"),
                (39, 44, "Actor"),
                (48, 54, "Claim"),
            ],
        );
        let b = marked(
            TEXT,
            "boris",
            &[(0, 10, "Actor"), (16, 22, "Figure"), (39, 44, "Claim")],
        );
        (a, b)
    }

    fn kinds(merged: &Merged) -> Vec<(Kind, Span)> {
        merged
            .conflicts
            .iter()
            .flat_map(|(_, _, c)| c.iter().map(|c| (c.kind, c.span)))
            .collect()
    }

    /// Ana and Boris mark the same Claim; Ana calls the quote direct, Boris indirect;
    /// both call it check-worthy.
    fn with_quotes() -> (Project, Project) {
        let claim = |who: &str, quote: &str| {
            let mut p = marked(TEXT, who, &[(11, 54, "Claim")]);
            let id = AnnotationId(format!("{who}0"));
            for (field, value) in [("quote", quote), ("check-worthy", "check-worthy")] {
                let set = p
                    .set_attribute(
                        &id,
                        field,
                        Some(crate::Value::Text(value.into())),
                        Timestamp::from_millis(3),
                    )
                    .unwrap();
                p.apply(set).unwrap();
            }
            p
        };
        (claim("ana", "direct"), claim("boris", "indirect"))
    }

    #[test]
    fn a_mark_agreed_on_with_attributes_that_differ_is_settled_with_its_attributes() {
        let (a, b) = with_quotes();
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        assert!(merged.conflicts.is_empty(), "the marks agree");
        let now = Timestamp::from_millis(5);
        let start = adjudication(&merged, "eve", now);
        assert_eq!(
            start.gold.annotations().count(),
            0,
            "not settled without a person"
        );
        assert_eq!(start.open.len(), 1);
        let (doc, cluster) = &start.open[0];
        assert_eq!(cluster.kind, Kind::Agree);
        assert!(attributes_differ(cluster));
        let quote = |action: Action| {
            let mut gold = start.gold.clone();
            gold.apply(action).unwrap();
            let a = gold.annotations().next().unwrap().clone();
            (
                a.attributes.get("quote").map(crate::Value::display),
                a.attributes.get("check-worthy").map(crate::Value::display),
            )
        };
        let take = |d: Decision| settle(&start.gold, doc, cluster, &d, "eve", now).unwrap();
        assert_eq!(
            quote(take(Decision::Take("boris".into()))),
            (Some("indirect".into()), Some("check-worthy".into()))
        );
        // All: what they agree on; the quote is left to set.
        assert_eq!(quote(take(Decision::All)), (None, Some("check-worthy".into())));
        // The same attributes: agreed, in the gold set from the start, attributes and all.
        let same = merge(&named(&[
            ("a.json", &a),
            ("a2.json", &{
                let mut b = b.clone();
                let set = b
                    .set_attribute(
                        &AnnotationId("boris0".into()),
                        "quote",
                        Some(crate::Value::Text("direct".into())),
                        now,
                    )
                    .unwrap();
                b.apply(set).unwrap();
                b
            }),
        ]));
        let start = adjudication(&same, "eve", now);
        assert!(start.open.is_empty());
        let gold = start.gold.annotations().next().unwrap();
        assert_eq!(
            gold.attributes.get("quote"),
            Some(&crate::Value::Text("direct".into()))
        );
    }

    #[test]
    fn clusters_say_how_annotators_differ() {
        let (a, b) = ana_and_boris();
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        assert_eq!(
            kinds(&merged),
            [
                (Kind::Boundaries, Span::new(16, 29).unwrap()),
                (Kind::Label, Span::new(39, 44).unwrap()),
                (Kind::OnlySome, Span::new(48, 54).unwrap()),
            ]
        );
        let (_, _, clusters) = &merged.conflicts[0];
        assert_eq!(clusters[2].silent, ["boris"]);
        // The union: 4 + 3 annotations, one document, every annotation named.
        assert_eq!(merged.project.documents().len(), 1);
        assert_eq!(merged.project.annotations().count(), 7);
        assert_eq!(merged.renamed, 0);
    }

    /// Issue 14, item 4: a Claim only Ana marked, around a Figure both marked the same
    /// way, is two places: the Figure agreed (in the gold set from the start), the Claim
    /// Ana's alone. It used to be one place where they "differ on both".
    #[test]
    fn item_4_an_exact_match_inside_another_span_is_agreement() {
        let a = marked(TEXT, "ana", &[(0, 29, "Claim"), (16, 22, "Figure")]);
        let b = marked(TEXT, "boris", &[(16, 22, "Figure")]);
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        assert_eq!(kinds(&merged), [(Kind::OnlySome, Span::new(0, 29).unwrap())]);
        let clusters = document_clusters(
            &merged.project,
            &merged.project.documents()[0].id().clone(),
            &merged.annotators[merged.project.documents()[0].id()],
        );
        let agreed: Vec<(Kind, Span)> = clusters.iter().map(|c| (c.kind, c.span)).collect();
        assert_eq!(
            agreed,
            [
                (Kind::OnlySome, Span::new(0, 29).unwrap()),
                (Kind::Agree, Span::new(16, 22).unwrap())
            ]
        );
        let gold = adjudication(&merged, "eve", Timestamp::default());
        let in_gold: Vec<(Span, String)> = gold
            .gold
            .annotations()
            .map(|a| (a.span(), a.label.clone()))
            .collect();
        assert_eq!(in_gold, [(Span::new(16, 22).unwrap(), "Figure".to_owned())]);
        assert_eq!(gold.open.len(), 1);
    }

    /// Nested marks of different labels by different annotators are separate places;
    /// marks that cross, or share a label, or a span, are one.
    #[test]
    fn item_4_places_are_formed_by_what_marks_are_about() {
        // Boris's Figure sits inside Ana's Claim, unmarked by Ana: two places.
        let a = marked(TEXT, "ana", &[(0, 29, "Claim")]);
        let b = marked(TEXT, "boris", &[(16, 22, "Figure")]);
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        assert_eq!(
            kinds(&merged),
            [
                (Kind::OnlySome, Span::new(0, 29).unwrap()),
                (Kind::OnlySome, Span::new(16, 22).unwrap())
            ]
        );
        // Crossing spans of different labels are rival readings of one place.
        let a = marked(TEXT, "ana", &[(16, 29, "Figure")]);
        let b = marked(TEXT, "boris", &[(23, 44, "Claim")]);
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        assert_eq!(
            kinds(&merged),
            [(Kind::LabelAndBoundaries, Span::new(16, 44).unwrap())]
        );
        // The same label, nested: boundaries.
        let a = marked(TEXT, "ana", &[(16, 29, "Figure")]);
        let b = marked(TEXT, "boris", &[(16, 22, "Figure")]);
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        assert_eq!(kinds(&merged), [(Kind::Boundaries, Span::new(16, 29).unwrap())]);
    }

    #[test]
    fn unnamed_work_takes_its_file_name_and_clashing_ids_are_renamed() {
        let a = marked(TEXT, "", &[(0, 10, "Actor")]);
        let b = marked(TEXT, "", &[(0, 10, "Claim")]);
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        let names: BTreeSet<&str> = merged
            .project
            .annotations()
            .map(|a| a.annotator.as_str())
            .collect();
        assert_eq!(names, BTreeSet::from(["a.json", "b.json"]));
        assert_eq!(merged.renamed, 1, "both files call their annotation the same id");
        assert_eq!(kinds(&merged), [(Kind::Label, Span::new(0, 10).unwrap())]);
        // Merging a file with itself adds nothing and finds no conflict.
        let same = merge(&named(&[("a.json", &a), ("a.json", &a)]));
        assert_eq!(same.project.annotations().count(), 1);
        assert!(same.conflicts.is_empty());
    }

    #[test]
    fn a_different_text_under_the_same_id_is_kept_as_another_document() {
        let a = marked(TEXT, "ana", &[(0, 10, "Actor")]);
        let b = marked(&TEXT.replace("Monday", "Sunday"), "boris", &[(0, 10, "Actor")]);
        let merged = merge(&named(&[("a", &a), ("b", &b)]));
        let ids: Vec<&str> = merged
            .project
            .documents()
            .iter()
            .map(|d| d.id().0.as_str())
            .collect();
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1]);
        assert!(merged.conflicts.is_empty(), "nobody else has either text");
    }

    #[test]
    fn a_gold_set_starts_from_agreement_and_each_decision_is_an_undoable_edit() {
        let (a, b) = ana_and_boris();
        let merged = merge(&named(&[("a.json", &a), ("b.json", &b)]));
        let now = Timestamp::from_millis(1_795_512_600_000);
        let Adjudication { mut gold, open, .. } = adjudication(&merged, "gold-keeper", now);
        // The agreed Actor is in, agreed by both; three conflicts are open.
        let agreed: Vec<(&str, &[String])> = gold
            .annotations()
            .map(|a| (a.anchor.quote(), a.agreed_by.as_slice()))
            .collect();
        assert_eq!(
            agreed,
            [("Lukashenko", &["ana".to_owned(), "boris".to_owned()][..])]
        );
        assert_eq!(
            open.iter().map(|(_, c)| c.kind).collect::<Vec<_>>(),
            [Kind::Boundaries, Kind::Label, Kind::OnlySome]
        );

        let mut history = crate::action::History::default();
        let decisions = [Decision::Take("ana".into()), Decision::All, Decision::Neither];
        for ((doc, cluster), decision) in open.iter().zip(&decisions) {
            let action = settle(&gold, doc, cluster, decision, "gold-keeper", now).unwrap();
            history.perform(&mut gold, action).unwrap();
        }
        let mut settled: Vec<(String, String, Vec<String>)> = gold
            .annotations()
            .map(|a| (a.anchor.quote().to_owned(), a.label.clone(), a.agreed_by.clone()))
            .collect();
        settled.sort();
        let by = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(
            settled,
            [
                ("12 000 troops".to_owned(), "Figure".to_owned(), by(&["ana"])),
                ("Brest".to_owned(), "Actor".to_owned(), by(&["ana"])),
                ("Brest".to_owned(), "Claim".to_owned(), by(&["boris"])),
                ("Lukashenko".to_owned(), "Actor".to_owned(), by(&["ana", "boris"])),
            ]
        );
        assert!(gold.annotations().all(|a| a.annotator == "gold-keeper"));
        // An edit of the adjudicator's own: a span nobody made is agreed by nobody; one
        // someone made is agreed by them.
        let (doc, cluster) = &open[0];
        let edit = |start: usize, end: usize| -> Annotation {
            let mark = Decision::Mark(Span::new(start, end).unwrap(), "Figure".into());
            match settle(&gold, doc, cluster, &mark, "gold-keeper", now).unwrap() {
                Action::Batch(adds) => match adds.into_iter().next() {
                    Some(Action::AddAnnotation(annotation)) => annotation,
                    other => panic!("an addition, not {other:?}"),
                },
                other => panic!("a batch, not {other:?}"),
            }
        };
        let own = edit(16, 26);
        assert_eq!((own.anchor.quote(), own.agreed_by.len()), ("12 000 tro", 0));
        assert_eq!(edit(16, 22).agreed_by, ["boris"]);
        // The gold file keeps agreedBy through writing and reading.
        let json = native::write(&NativeFile::from_project(&gold, true));
        let back = native::read(&json).and_then(NativeFile::into_project).unwrap();
        assert_eq!(back, gold);
        // Undo takes back "all" (the two Brest marks), then "ana's" Figure.
        history.undo(&mut gold).unwrap(); // Neither: nothing to take back
        history.undo(&mut gold).unwrap();
        assert_eq!(gold.annotations().count(), 2);
        history.undo(&mut gold).unwrap();
        assert_eq!(gold.annotations().count(), 1);
    }
}
