//! Suggestions: spans a person may accept as annotations, each with where it came from
//! and a score. They are a layer of their own — never part of a project's annotations,
//! exports, agreement or counts until accepted.
//!
//! Sources:
//! - **propagation** ([`propagate`]): a string marked somewhere is suggested at its other
//!   whole-word occurrences, with the label it was marked with. As in INCEpTION's string
//!   matcher, the score is the share of the string's marks that have that label (marked
//!   "Minsk" three times as Actor and once as Claim: Actor 0.75, Claim 0.25).
//! - **rules** ([`from_rules`]): the built-in [`crate::rules`], each under the label of
//!   its kind, when the project has a label of that name.
//! - **said by** ([`said_by`]): relations from a Claim to the Actor nearest a reporting
//!   word ("said", "according to", "told"…) in its sentence.
//!
//! A place already marked with the same span and label is never suggested, nor is one
//! in the `rejected` set given.

use crate::annotation::AnnotationId;
use crate::document::DocId;
use crate::project::Project;
use crate::rules;
use crate::search::{Mode, Query, Searcher};
use crate::span::Span;
use std::collections::{BTreeMap, HashSet};

/// Where a suggestion came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// A built-in rule or a user pattern, by name.
    Rule(String),
    /// The same string marked elsewhere.
    Propagation,
    /// The learned tagger.
    Model,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Rule(name) => write!(f, "rule: {name}"),
            Origin::Propagation => f.write_str("marked elsewhere"),
            Origin::Model => f.write_str("learned"),
        }
    }
}

/// A span suggested for a label.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The document.
    pub document: DocId,
    /// Where in it.
    pub span: Span,
    /// The label suggested.
    pub label: String,
    /// Where the suggestion came from.
    pub origin: Origin,
    /// How sure its source is, 0–1.
    pub score: f64,
}

/// A place and label that must not be suggested again (rejected by a person).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// The document.
    pub document: DocId,
    /// Where in it.
    pub span: Span,
    /// The label.
    pub label: String,
}

/// The places of one document that may still be suggested: not marked with that
/// label already, nor rejected.
pub(crate) struct Open<'a> {
    doc: &'a DocId,
    marked: HashSet<(Span, &'a str)>,
    rejected: &'a HashSet<Place>,
}

impl<'a> Open<'a> {
    /// The open places of document `doc` of `project`.
    pub(crate) fn new(project: &'a Project, doc: &'a DocId, rejected: &'a HashSet<Place>) -> Open<'a> {
        let marked = project
            .annotations_in(doc)
            .map(|a| (a.span(), a.label.as_str()))
            .collect();
        Open {
            doc,
            marked,
            rejected,
        }
    }

    /// Whether `label` at `span` may be suggested.
    pub(crate) fn admits(&self, span: Span, label: &str) -> bool {
        if self.marked.contains(&(span, label)) {
            return false;
        }
        let place = Place {
            document: self.doc.clone(),
            span,
            label: label.to_owned(),
        };
        !self.rejected.contains(&place)
    }
}

/// The suggestions `find` makes for each of the documents `targets` (given each
/// document and its open places), each document's in reading order, the documents in
/// the order given.
fn per_document<'a>(
    project: &'a Project,
    targets: &'a [DocId],
    rejected: &'a HashSet<Place>,
    mut find: impl FnMut(&'a crate::Document, &Open<'a>) -> Vec<Suggestion>,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for doc in targets {
        let Some(document) = project.document(doc) else {
            continue;
        };
        let mut here = find(document, &Open::new(project, doc, rejected));
        sort(&mut here);
        out.extend(here);
    }
    out
}

/// Propagation: every string marked in `project` suggested at its other whole-word
/// occurrences in the documents `targets`, with the labels it was marked with,
/// scored by each label's share of the string's marks. Strings of one character, or
/// of white space, are not propagated.
pub fn propagate(project: &Project, targets: &[DocId], rejected: &HashSet<Place>) -> Vec<Suggestion> {
    // Each marked string with its marks per label.
    let mut strings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for a in project.annotations() {
        let quote = a.anchor.quote();
        if quote.trim().chars().count() < 2 || quote.trim() != quote {
            continue;
        }
        *strings
            .entry(quote.to_owned())
            .or_default()
            .entry(a.label.clone())
            .or_default() += 1;
    }
    // Each string's search, compiled once for every document.
    let searchers: Vec<(Searcher, &BTreeMap<String, usize>)> = strings
        .iter()
        .filter_map(|(string, labels)| {
            let query = Query {
                text: string.clone(),
                mode: Mode::WholeWord,
                fold_case: false,
                fold_diacritics: false,
            };
            Searcher::new(&query).ok().map(|searcher| (searcher, labels))
        })
        .collect();
    per_document(project, targets, rejected, |document, open| {
        let mut here = Vec::new();
        for (searcher, labels) in &searchers {
            let total: usize = labels.values().sum();
            for span in searcher.find(document.text()) {
                for (label, count) in labels.iter() {
                    if open.admits(span, label) {
                        here.push(Suggestion {
                            document: document.id().clone(),
                            span,
                            label: label.clone(),
                            origin: Origin::Propagation,
                            score: *count as f64 / total as f64,
                        });
                    }
                }
            }
        }
        here
    })
}

/// The label each built-in rule suggests, by the label's name.
const RULE_LABELS: [(&str, &str); 3] = [("figure", "Figure"), ("date", "Figure"), ("quote", "Claim")];

/// The built-in rules' suggestions for documents `targets`, under the project's labels
/// named Figure and Claim (a rule whose label the project lacks suggests nothing).
pub fn from_rules(project: &Project, targets: &[DocId], rejected: &HashSet<Place>) -> Vec<Suggestion> {
    let has = |name: &str| project.labels().get(name).is_some();
    per_document(project, targets, rejected, |document, open| {
        let text = document.text();
        rules::figures(text)
            .into_iter()
            .chain(rules::quotes(text))
            .filter_map(|found| {
                let (_, label) = RULE_LABELS.iter().find(|(rule, _)| *rule == found.rule)?;
                (has(label) && open.admits(found.span, label)).then(|| Suggestion {
                    document: document.id().clone(),
                    span: found.span,
                    label: (*label).to_owned(),
                    origin: Origin::Rule(found.rule.to_owned()),
                    score: found.score,
                })
            })
            .collect()
    })
}

/// A relation suggested between two annotations.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationSuggestion {
    /// The `from` end.
    pub from: AnnotationId,
    /// The `to` end.
    pub to: AnnotationId,
    /// The relation type's name.
    pub kind: String,
    /// Where the suggestion came from.
    pub origin: Origin,
    /// How sure its source is, 0–1.
    pub score: f64,
}

/// Words that report speech: a Claim in a sentence with one of them, outside the
/// Claim, was said by the Actor nearest to it.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "according to",
    "stated",
    "states",
    "claimed",
    "claims",
    "announced",
    "announces",
    "added",
    "noted",
    "warned",
    "reported",
    "insisted",
    "denied",
    "wrote",
    "tweeted",
    "declared",
    "confirmed",
    "argued",
    "explained",
    "stressed",
    "emphasised",
    "emphasized",
];

/// The `said by` rule: for each annotation of document `doc` that can stand at the
/// `from` end of the project's `said by` type (a Claim), when its sentence has a
/// reporting word ("said", "according to", "told"…) outside it, the annotation that
/// can stand at the other end (an Actor) nearest to that word in the same sentence.
/// Scored 0.9 when the Actor is next to the word, less the further it is (at least
/// 0.5). A Claim with a relation of the type already gets none. Nothing when the project
/// has no `said by` type.
pub fn said_by(project: &Project, doc: &DocId) -> Vec<RelationSuggestion> {
    let (Some(kind), Some(document)) = (project.relation_types().get("said by"), project.document(doc))
    else {
        return Vec::new();
    };
    let text = document.text();
    let verbs: Vec<Span> = REPORTING
        .iter()
        .filter_map(|word| {
            Searcher::new(&Query {
                text: (*word).to_owned(),
                mode: Mode::WholeWord,
                fold_case: true,
                fold_diacritics: false,
            })
            .ok()
        })
        .flat_map(|searcher| searcher.find(text))
        .collect();
    let annotations: Vec<&crate::Annotation> = project.reading_order(doc).collect();
    let mut out = Vec::new();
    // A type that takes any label at its `from` end (edited so) suggests nothing: every
    // annotation would be a Claim.
    for claim in annotations
        .iter()
        .filter(|a| !kind.from.is_empty() && kind.allows_from(&a.label))
    {
        // A Claim someone is said to have made already needs no other speaker.
        if project.relations_of(&claim.id).any(|r| r.kind == kind.name) {
            continue;
        }
        let sentence = crate::words::sentence_around(text, claim.span());
        let inside = |s: Span| s.start() >= sentence.start() && s.end() <= sentence.end();
        let outside_claim = |s: Span| s.end() <= claim.span().start() || s.start() >= claim.span().end();
        let here: Vec<Span> = verbs
            .iter()
            .copied()
            .filter(|v| inside(*v) && outside_claim(*v))
            .collect();
        if here.is_empty() {
            continue;
        }
        let gap = |a: Span, b: Span| {
            a.start()
                .saturating_sub(b.end())
                .max(b.start().saturating_sub(a.end()))
        };
        let nearest = annotations
            .iter()
            .filter(|a| a.id != claim.id && inside(a.span()) && outside_claim(a.span()))
            .filter_map(|a| {
                let candidate = crate::linking::candidate(project, &claim.id, kind, &a.id)?;
                candidate.source_first.then_some(())?;
                let distance = here.iter().map(|v| gap(a.span(), *v)).min()?;
                Some((distance, *a))
            })
            .min_by_key(|(distance, a)| (*distance, a.span()));
        if let Some((distance, actor)) = nearest {
            out.push(RelationSuggestion {
                from: claim.id.clone(),
                to: actor.id.clone(),
                kind: kind.name.clone(),
                origin: Origin::Rule("said by".into()),
                score: (0.9 - distance.saturating_sub(1) as f64 / 200.0).max(0.5),
            });
        }
    }
    out
}

/// One document's suggestions in reading order: by span and label, then best score
/// first (the documents stay in the order the caller gave them).
fn sort(suggestions: &mut [Suggestion]) {
    suggestions.sort_by(|a, b| {
        (a.span, &a.label)
            .cmp(&(b.span, &b.label))
            .then(b.score.total_cmp(&a.score))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::tests::{mark_piece, project_with};

    fn project(texts: &[&str]) -> Project {
        project_with(texts)
    }

    fn mark(project: &mut Project, doc: usize, piece: &str, nth: usize, label: &str) {
        mark_piece(project, &format!("d{doc}"), piece, nth, label);
    }

    fn docs(n: usize) -> Vec<DocId> {
        (0..n).map(|i| DocId(format!("d{i}"))).collect()
    }

    #[test]
    fn a_marked_string_is_suggested_at_its_other_whole_word_occurrences() {
        let mut p = project(&[
            "Lukashenko met Putin. Lukashenko said 🇧🇾.",
            "Then Lukashenko, not Lukashenkovich.",
        ]);
        mark(&mut p, 0, "Lukashenko", 0, "Actor");
        let found = propagate(&p, &docs(2), &HashSet::new());
        let places: Vec<(String, usize)> = found
            .iter()
            .map(|s| (s.document.0.clone(), s.span.start()))
            .collect();
        // The second in d0 and the first in d1; the mark itself and "Lukashenkovich" not.
        assert_eq!(places, [("d0".to_owned(), 22), ("d1".to_owned(), 5)]);
        assert!(
            found
                .iter()
                .all(|s| s.label == "Actor" && s.score == 1.0 && s.origin == Origin::Propagation)
        );
    }

    #[test]
    fn the_score_is_the_share_of_the_strings_marks_with_the_label() {
        let mut p = project(&["Minsk Minsk Minsk Minsk Minsk"]);
        for nth in 0..3 {
            mark(&mut p, 0, "Minsk", nth, "Actor");
        }
        mark(&mut p, 0, "Minsk", 3, "Claim");
        let found = propagate(&p, &docs(1), &HashSet::new());
        // The fifth "Minsk" gets both labels; the first three get Claim, the fourth Actor.
        let fifth: Vec<(&str, f64)> = found
            .iter()
            .filter(|s| s.span.start() == 24)
            .map(|s| (s.label.as_str(), s.score))
            .collect();
        assert_eq!(fifth, [("Actor", 0.75), ("Claim", 0.25)]);
        assert_eq!(found.len(), 2 + 3 + 1);
    }

    #[test]
    fn rejected_places_do_not_come_back() {
        let mut p = project(&["Minsk and Minsk"]);
        mark(&mut p, 0, "Minsk", 0, "Actor");
        let first = propagate(&p, &docs(1), &HashSet::new());
        assert_eq!(first.len(), 1);
        let rejected: HashSet<Place> = first
            .iter()
            .map(|s| Place {
                document: s.document.clone(),
                span: s.span,
                label: s.label.clone(),
            })
            .collect();
        assert!(propagate(&p, &docs(1), &rejected).is_empty());
    }

    #[test]
    fn a_claim_with_a_reporting_word_is_suggested_as_said_by_the_nearest_actor() {
        let text = "“Russia has no interest in absorbing anyone,” Lukashenko told reporters in Minsk. \
                    Putin met Shoigu. “Troops will stay,” according to the ministry.";
        let mut p = project(&[text]);
        let d0 = DocId("d0".into());
        mark(
            &mut p,
            0,
            "“Russia has no interest in absorbing anyone,”",
            0,
            "Claim",
        );
        mark(&mut p, 0, "Lukashenko", 0, "Actor");
        mark(&mut p, 0, "Minsk", 0, "Actor");
        mark(&mut p, 0, "Putin", 0, "Actor");
        mark(&mut p, 0, "“Troops will stay,”", 0, "Claim");
        mark(&mut p, 0, "the ministry", 0, "Actor");
        let found = said_by(&p, &d0);
        let quote = |id: &AnnotationId| p.annotation(id).unwrap().anchor.quote().to_owned();
        let pairs: Vec<(String, String)> = found.iter().map(|r| (quote(&r.from), quote(&r.to))).collect();
        // Lukashenko is next to "told", Minsk further; Putin is in another sentence.
        assert_eq!(
            pairs,
            [
                (
                    "“Russia has no interest in absorbing anyone,”".to_owned(),
                    "Lukashenko".to_owned()
                ),
                ("“Troops will stay,”".to_owned(), "the ministry".to_owned())
            ]
        );
        assert!(
            found.iter().all(|r| r.kind == "said by" && r.score == 0.9),
            "{found:?}"
        );
        // Said by someone already: no other speaker is suggested for it.
        let r = &found[0];
        let relation = p
            .new_relation(
                crate::RelationId("r1".into()),
                "said by",
                &r.from,
                &r.to,
                "",
                crate::Timestamp::from_millis(0),
            )
            .unwrap();
        p.apply(crate::Action::AddRelation(relation)).unwrap();
        assert_eq!(said_by(&p, &d0).len(), 1);
        // A sentence without a reporting word suggests nothing.
        let mut quiet = project(&["“Troops will stay here for now,” Lukashenko, in Minsk."]);
        mark(&mut quiet, 0, "“Troops will stay here for now,”", 0, "Claim");
        mark(&mut quiet, 0, "Lukashenko", 0, "Actor");
        assert!(said_by(&quiet, &DocId("d0".into())).is_empty());
    }

    #[test]
    fn rules_suggest_under_the_projects_labels() {
        let mut p = project(&[
            "On February 24, 100,000 troops came. “We prepared for all possible scenarios,” he said.",
        ]);
        mark(&mut p, 0, "100,000", 0, "Figure");
        let found = from_rules(&p, &docs(1), &HashSet::new());
        let got: Vec<(&str, String)> = found
            .iter()
            .map(|s| (s.label.as_str(), s.origin.to_string()))
            .collect();
        // 100,000 is marked already.
        assert_eq!(
            got,
            [
                ("Figure", "rule: date".to_owned()),
                ("Claim", "rule: quote".to_owned())
            ]
        );
    }
}
