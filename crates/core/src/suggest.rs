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
#[cfg(feature = "search")]
use crate::rules;
use crate::search::Query;
#[cfg(feature = "search")]
use crate::search::{Mode, Searcher};
use crate::span::Span;
#[cfg(feature = "search")]
use std::collections::BTreeMap;
use std::collections::HashSet;

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

impl Origin {
    /// The origin as files write it: `rule:NAME`, `propagation` or `model`.
    pub fn code(&self) -> String {
        match self {
            Origin::Rule(name) => format!("rule:{name}"),
            Origin::Propagation => "propagation".into(),
            Origin::Model => "model".into(),
        }
    }

    /// The origin [`Origin::code`] wrote, or `None` when `code` is none of its forms.
    pub fn from_code(code: &str) -> Option<Origin> {
        match code {
            "propagation" => Some(Origin::Propagation),
            "model" => Some(Origin::Model),
            _ => code
                .strip_prefix("rule:")
                .filter(|name| !name.trim().is_empty())
                .map(|name| Origin::Rule(name.to_owned())),
        }
    }
}

/// Where an annotation that was not marked by hand came from: a suggestion, still
/// unreviewed (as `factmark suggest` writes them) or accepted by a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// Whether a person accepted it (otherwise it is a pre-annotation nobody has looked at).
    pub accepted: bool,
    /// Its source.
    pub origin: Origin,
    /// Its source's score, 0–1.
    pub score: f64,
}

// Scores are finite (made by [`Provenance::new`] or read from JSON, which has no NaN),
// so equality on them is total.
impl Eq for Provenance {}

impl Provenance {
    /// The provenance of `suggestion`, accepted or not; its score is clamped to 0–1
    /// (NaN is 0).
    pub fn new(suggestion: &Suggestion, accepted: bool) -> Provenance {
        Provenance {
            accepted,
            origin: suggestion.origin.clone(),
            score: clamp_score(suggestion.score),
        }
    }

    /// The word files write for it: `accepted` or `suggested`.
    pub fn state(&self) -> &'static str {
        if self.accepted { "accepted" } else { "suggested" }
    }
}

/// `score` within 0–1; NaN is 0.
pub fn clamp_score(score: f64) -> f64 {
    if score.is_nan() {
        0.0
    } else {
        score.clamp(0.0, 1.0)
    }
}

/// A person's own rule, saved in the project: spans its query finds are suggested
/// with its label, under its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Unique in the project (ignoring case), not blank.
    pub name: String,
    /// The label suggested; a label of the project.
    pub label: String,
    /// What it finds: plain text, whole words or a regular expression
    /// ([`crate::search`]).
    pub query: Query,
}

impl Pattern {
    /// Why the pattern cannot be used, or `None`: a blank name, or a query that does not
    /// compile or matches empty text.
    pub fn problem(&self) -> Option<String> {
        if self.name.trim().is_empty() {
            return Some("a pattern needs a name".into());
        }
        if self.query.text.is_empty() {
            return Some(format!("pattern `{}` has nothing to look for", self.name));
        }
        // Whether the query compiles is known only where the search engine is built in
        // (the CLI, the browser's assist module); the first-visit page keeps the
        // pattern as it is, and the assist module names it when it cannot run.
        #[cfg(feature = "search")]
        if let Err(err) = Searcher::new(&self.query) {
            return Some(format!("pattern `{}`: {err}", self.name));
        }
        None
    }
}

/// A suggestion's place and label, as a rejection remembers it.
impl From<&Suggestion> for Place {
    fn from(s: &Suggestion) -> Place {
        Place {
            document: s.document.clone(),
            span: s.span,
            label: s.label.clone(),
            to: None,
        }
    }
}

/// A suggested relation's ends and type, as a rejection remembers it.
impl RelationSuggestion {
    /// Its place in `project`, as [`link_place`].
    pub fn place(&self, project: &Project) -> Option<Place> {
        link_place(project, &self.from, &self.to, &self.kind)
    }
}

/// The place a rejection of a relation of type `kind` from annotation `from` to
/// annotation `to` remembers (both ends of one document), or `None` when an end is not
/// in `project` or they are in two documents.
pub fn link_place(project: &Project, from: &AnnotationId, to: &AnnotationId, kind: &str) -> Option<Place> {
    let from = project.annotation(from)?;
    let to = project.annotation(to)?;
    (from.document == to.document).then(|| Place {
        document: from.document.clone(),
        span: from.span(),
        label: kind.to_owned(),
        to: Some(to.span()),
    })
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

/// A place and label that must not be suggested again (rejected by a person); or,
/// with `to`, a relation that must not be: of type `label`, from the annotation at
/// `span` to the one at `to`, both in `document` (the `said by` rule links within one
/// article).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// The document.
    pub document: DocId,
    /// Where in it (a relation's `from` end).
    pub span: Span,
    /// The label (a relation's type).
    pub label: String,
    /// A relation's `to` end; `None` for a span.
    pub to: Option<Span>,
}

impl Place {
    /// Whether it is a rejected relation rather than a span.
    pub fn is_link(&self) -> bool {
        self.to.is_some()
    }
}

/// Puts `place` into `places` (in order, each once: see [`Project::rejected`]) unless
/// it is there; whether it was not.
pub fn insert_place(places: &mut Vec<Place>, place: Place) -> bool {
    match places.binary_search(&place) {
        Ok(_) => false,
        Err(at) => {
            places.insert(at, place);
            true
        }
    }
}

/// The places of one document that may still be suggested: not marked with that
/// label already, nor rejected.
pub(crate) struct Open<'a> {
    doc: &'a DocId,
    marked: HashSet<(Span, &'a str)>,
    project: &'a Project,
}

impl<'a> Open<'a> {
    /// The open places of document `doc` of `project`.
    pub(crate) fn new(project: &'a Project, doc: &'a DocId) -> Open<'a> {
        let marked = project
            .annotations_in(doc)
            .map(|a| (a.span(), a.label.as_str()))
            .collect();
        Open { doc, marked, project }
    }

    /// Whether `label` at `span` may be suggested: not marked so already, not rejected,
    /// and not in text set aside as not the article.
    pub(crate) fn admits(&self, span: Span, label: &str) -> bool {
        if self.marked.contains(&(span, label)) {
            return false;
        }
        if self
            .project
            .document(self.doc)
            .is_some_and(|d| crate::ignored::touches(d.ignored(), span))
        {
            return false;
        }
        let place = Place {
            document: self.doc.clone(),
            span,
            label: label.to_owned(),
            to: None,
        };
        !self.project.is_rejected(&place)
    }
}

/// The suggestions `find` makes for each of the documents `targets` (given each
/// document and its open places), each document's in reading order, the documents in
/// the order given.
#[cfg(feature = "search")]
fn per_document<'a>(
    project: &'a Project,
    targets: &'a [DocId],
    mut find: impl FnMut(&'a crate::Document, &Open<'a>) -> Vec<Suggestion>,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for doc in targets {
        let Some(document) = project.document(doc) else {
            continue;
        };
        let mut here = find(document, &Open::new(project, doc));
        sort(&mut here);
        out.extend(here);
    }
    out
}

/// Propagation: every string marked in `project` suggested at its other whole-word
/// occurrences in the documents `targets`, with the labels it was marked with,
/// scored by each label's share of the string's marks. Strings of one character, or
/// of white space, are not propagated.
#[cfg(feature = "search")]
pub fn propagate(project: &Project, targets: &[DocId]) -> Vec<Suggestion> {
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
    per_document(project, targets, |document, open| {
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
#[cfg(feature = "search")]
const RULE_LABELS: [(&str, &str); 3] = [("figure", "Figure"), ("date", "Figure"), ("quote", "Claim")];

/// The built-in rules' suggestions for documents `targets`, under the project's labels
/// named Figure and Claim (a rule whose label the project lacks suggests nothing).
#[cfg(feature = "search")]
pub fn from_rules(project: &Project, targets: &[DocId]) -> Vec<Suggestion> {
    let has = |name: &str| project.labels().get(name).is_some();
    per_document(project, targets, |document, open| {
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

/// The project's own [`Pattern`]s' suggestions for documents `targets`, each scored 1
/// (a person wrote the rule), under the pattern's name.
#[cfg(feature = "search")]
pub fn from_patterns(project: &Project, targets: &[DocId]) -> Vec<Suggestion> {
    let compiled: Vec<(Searcher, &Pattern)> = project
        .patterns()
        .iter()
        .filter_map(|p| Some((Searcher::new(&p.query).ok()?, p)))
        .collect();
    per_document(project, targets, |document, open| {
        let mut here = Vec::new();
        for (searcher, pattern) in &compiled {
            for span in searcher.find(document.text()) {
                if open.admits(span, &pattern.label) {
                    here.push(Suggestion {
                        document: document.id().clone(),
                        span,
                        label: pattern.label.clone(),
                        origin: Origin::Rule(pattern.name.clone()),
                        score: 1.0,
                    });
                }
            }
        }
        here
    })
}

/// Which sources [`gather`] asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sources {
    /// Strings marked elsewhere ([`propagate`]).
    pub propagation: bool,
    /// The built-in rules and the project's patterns ([`from_rules`], [`from_patterns`]).
    pub rules: bool,
}

impl Default for Sources {
    fn default() -> Sources {
        Sources {
            propagation: true,
            rules: true,
        }
    }
}

/// Every suggestion for documents `targets` from `sources` and, when given, the learned
/// tagger: one per place and label, the best scored (sources in the order propagation,
/// rules, model when scores tie), each document's in reading order.
#[cfg(feature = "search")]
pub fn gather(
    project: &Project,
    targets: &[DocId],
    sources: Sources,
    model: Option<&crate::tagger::ProjectTagger>,
) -> Vec<Suggestion> {
    let mut found = Vec::new();
    if sources.propagation {
        found.extend(propagate(project, targets));
    }
    if sources.rules {
        found.extend(from_rules(project, targets));
        found.extend(from_patterns(project, targets));
    }
    if let Some(model) = model {
        for doc in targets {
            found.extend(crate::tagger::suggest(model, project, doc));
        }
    }
    let order: std::collections::HashMap<&DocId, usize> =
        targets.iter().enumerate().map(|(i, d)| (d, i)).collect();
    // Stable: among equal scores the earlier source stays first, and is kept.
    found.sort_by(|a, b| {
        (order.get(&a.document), a.span, &a.label)
            .cmp(&(order.get(&b.document), b.span, &b.label))
            .then(b.score.total_cmp(&a.score))
    });
    found.dedup_by(|later, kept| {
        (&later.document, later.span, &later.label) == (&kept.document, kept.span, &kept.label)
    });
    found
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
#[cfg(feature = "search")]
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

/// The [`REPORTING`] words, whole, in any case: one search over a text finds them all.
#[cfg(feature = "search")]
fn reporting_words() -> &'static Searcher {
    static SEARCHER: std::sync::OnceLock<Searcher> = std::sync::OnceLock::new();
    SEARCHER.get_or_init(|| {
        let words: Vec<String> = REPORTING.iter().map(|w| w.replace(' ', r"\s+")).collect();
        Searcher::new(&Query {
            text: format!(r"\b(?:{})\b", words.join("|")),
            mode: Mode::Regex,
            fold_case: true,
            fold_diacritics: false,
        })
        .expect("the reporting words make a valid pattern")
    })
}

/// The `said by` rule: for each annotation of document `doc` that can stand at the
/// `from` end of the project's `said by` type (a Claim), when its sentence has a
/// reporting word ("said", "according to", "told"…) outside it, the annotation that
/// can stand at the other end (an Actor) nearest to that word in the same sentence.
/// Scored 0.9 when the Actor is next to the word, less the further it is (at least
/// 0.5). A Claim with a relation of the type already gets none; an Actor whose relation
/// to the Claim was rejected is passed over for the next nearest. Nothing when the
/// project has no `said by` type.
#[cfg(feature = "search")]
pub fn said_by(project: &Project, doc: &DocId) -> Vec<RelationSuggestion> {
    let (Some(kind), Some(document)) = (project.relation_types().get("said by"), project.document(doc))
    else {
        return Vec::new();
    };
    let annotations: Vec<&crate::Annotation> = project.reading_order(doc).collect();
    // A type that takes any label at its `from` end (edited so) suggests nothing: every
    // annotation would be a Claim. Without a Claim, the text is not searched at all.
    if kind.from.is_empty() || !annotations.iter().any(|a| kind.allows_from(&a.label)) {
        return Vec::new();
    }
    let text = document.text();
    let verbs = reporting_words().find(text);
    let mut out = Vec::new();
    for claim in annotations.iter().filter(|a| kind.allows_from(&a.label)) {
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
                // Turned down for this Claim: the next nearest may be the speaker.
                let rejected = Place {
                    document: doc.clone(),
                    span: claim.span(),
                    label: kind.name.clone(),
                    to: Some(a.span()),
                };
                (!project.is_rejected(&rejected)).then_some(())?;
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
#[cfg(feature = "search")]
fn sort(suggestions: &mut [Suggestion]) {
    suggestions.sort_by(|a, b| {
        (a.span, &a.label)
            .cmp(&(b.span, &b.label))
            .then(b.score.total_cmp(&a.score))
    });
}

#[cfg(test)]
#[cfg(feature = "search")]
mod tests {
    use super::*;
    use crate::Action;
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
        let found = propagate(&p, &docs(2));
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
        let found = propagate(&p, &docs(1));
        // The fifth "Minsk" gets both labels; the first three get Claim, the fourth Actor.
        let fifth: Vec<(&str, f64)> = found
            .iter()
            .filter(|s| s.span.start() == 24)
            .map(|s| (s.label.as_str(), s.score))
            .collect();
        assert_eq!(fifth, [("Actor", 0.75), ("Claim", 0.25)]);
        assert_eq!(found.len(), 2 + 3 + 1);
    }

    fn pattern(name: &str, label: &str, text: &str, mode: Mode) -> Pattern {
        Pattern {
            name: name.into(),
            label: label.into(),
            query: Query {
                text: text.into(),
                mode,
                fold_case: true,
                fold_diacritics: true,
            },
        }
    }

    #[test]
    fn a_users_pattern_suggests_what_it_finds_under_its_name() {
        let mut p = project(&["12 000 войск, 300 танков 🇧🇾; Lukašenka and LUKASENKA."]);
        let troops = pattern("войска", "Figure", r"\d[\d\s]*\s(войск|танков)", Mode::Regex);
        let name = pattern("Lukashenka", "Actor", "lukasenka", Mode::WholeWord);
        p.apply(p.add_pattern(troops)).unwrap();
        p.apply(p.add_pattern(name)).unwrap();
        let found: Vec<(String, String, String)> = from_patterns(&p, &docs(1))
            .iter()
            .map(|s| {
                let text = s.span.slice(p.documents()[0].text()).unwrap().to_owned();
                (text, s.label.clone(), s.origin.code())
            })
            .collect();
        assert_eq!(
            found,
            [
                ("12 000 войск".into(), "Figure".into(), "rule:войска".into()),
                ("300 танков".into(), "Figure".into(), "rule:войска".into()),
                ("Lukašenka".into(), "Actor".into(), "rule:Lukashenka".into()),
                ("LUKASENKA".into(), "Actor".into(), "rule:Lukashenka".into()),
            ]
        );
    }

    #[test]
    fn patterns_are_checked_follow_their_label_and_undo() {
        let mut p = project(&["text"]);
        let bad = [
            pattern(" ", "Actor", "x", Mode::Plain),
            pattern("p", "Nobody", "x", Mode::Plain),
            pattern("p", "Actor", "(", Mode::Regex),
            pattern("p", "Actor", "x?", Mode::Regex),
        ];
        for pattern in bad {
            assert!(
                p.clone().apply(p.add_pattern(pattern.clone())).is_err(),
                "{pattern:?}"
            );
        }
        let add = p.add_pattern(pattern("People", "Actor", "Putin", Mode::WholeWord));
        p.apply(add.clone()).unwrap();
        let again = p.add_pattern(pattern("PEOPLE", "Claim", "Shoigu", Mode::Plain));
        assert!(p.clone().apply(again).is_err(), "names are unique ignoring case");
        // The label's new name is the pattern's; the label cannot go while it is used.
        let actor = p.labels().get("Actor").unwrap().clone();
        let rename = p
            .update_label(
                "Actor",
                crate::Label {
                    name: "Person".into(),
                    ..actor
                },
            )
            .unwrap();
        p.apply(rename.clone()).unwrap();
        assert_eq!(p.patterns()[0].label, "Person");
        let weapon = crate::Label {
            name: "Weapon".into(),
            color: "#123456".into(),
            hotkey: None,
            fields: Vec::new(),
            description: String::new(),
        };
        p.apply(Action::AddLabel {
            index: p.labels().len(),
            label: weapon,
        })
        .unwrap();
        p.apply(p.add_pattern(pattern("Tanks", "Weapon", "tank", Mode::Plain)))
            .unwrap();
        let removal = p
            .remove_label("Weapon")
            .and_then(|remove| p.clone().apply(remove));
        assert!(
            matches!(removal, Err(crate::EditError::Pattern(_))),
            "{removal:?}"
        );
        p.apply(rename.inverse()).unwrap();
        assert_eq!(p.patterns()[0].label, "Actor");
        let remove = p.remove_pattern("People").unwrap();
        p.apply(remove).unwrap();
        assert_eq!(p.patterns().len(), 1);
        assert!(p.remove_pattern("People").is_none());
    }

    #[test]
    fn an_accepted_suggestion_keeps_where_it_came_from() {
        let mut p = project(&["Minsk and Minsk"]);
        mark(&mut p, 0, "Minsk", 0, "Actor");
        let s = propagate(&p, &docs(1)).remove(0);
        let accept = p
            .accept(
                &s,
                AnnotationId("s1".into()),
                "ana",
                crate::Timestamp::from_millis(0),
            )
            .unwrap();
        p.apply(accept).unwrap();
        let a = p.annotation(&AnnotationId("s1".into())).unwrap();
        assert_eq!(
            a.origin,
            Some(Provenance {
                accepted: true,
                origin: Origin::Propagation,
                score: 1.0
            })
        );
        assert!(propagate(&p, &docs(1)).is_empty(), "accepted, it is marked");
        for code in ["model", "propagation", "rule:figure", "rule:«r» 🇧🇾"] {
            assert_eq!(Origin::from_code(code).unwrap().code(), code);
        }
        for code in ["", "rule:", "rule: ", "Model", "learned"] {
            assert_eq!(Origin::from_code(code), None, "{code:?}");
        }
    }

    #[test]
    fn gathering_keeps_the_best_suggestion_of_each_place_and_label() {
        let mut p = project(&["Minsk said 100,000 troops. Minsk and “the troops will stay here”."]);
        mark(&mut p, 0, "100,000", 0, "Claim");
        mark(&mut p, 0, "Minsk", 0, "Actor");
        let all = gather(&p, &docs(1), Sources::default(), None);
        let text = p.documents()[0].text();
        let seen: Vec<(String, &str, String)> = all
            .iter()
            .map(|s| {
                (
                    s.span.slice(text).unwrap().to_owned(),
                    s.label.as_str(),
                    s.origin.code(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("100,000".into(), "Figure", "rule:figure".into()),
                ("Minsk".into(), "Actor", "propagation".into()),
                ("“the troops will stay here”".into(), "Claim", "rule:quote".into()),
            ]
        );
        let none = Sources {
            propagation: false,
            rules: false,
        };
        assert!(gather(&p, &docs(1), none, None).is_empty());
    }

    #[test]
    fn nothing_is_suggested_in_text_set_aside() {
        let mut p = project(&["Minsk and Minsk. Share on Minsk"]);
        mark(&mut p, 0, "Minsk", 0, "Actor");
        assert_eq!(propagate(&p, &docs(1)).len(), 2);
        let d0 = DocId("d0".into());
        let aside = p.set_aside(&d0, Span::new(17, 31).unwrap(), true).unwrap();
        p.apply(aside).unwrap();
        let left = propagate(&p, &docs(1));
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(left[0].span, Span::new(10, 15).unwrap());
    }

    #[test]
    fn rejected_places_do_not_come_back() {
        let mut p = project(&["Minsk and Minsk"]);
        mark(&mut p, 0, "Minsk", 0, "Actor");
        let first = propagate(&p, &docs(1));
        assert_eq!(first.len(), 1);
        let reject = Action::Reject(Place::from(&first[0]));
        p.apply(reject.clone()).unwrap();
        assert!(propagate(&p, &docs(1)).is_empty());
        // Rejecting twice is refused; undoing the rejection brings the suggestion back.
        assert!(p.clone().apply(reject.clone()).is_err());
        p.apply(reject.inverse()).unwrap();
        assert_eq!(propagate(&p, &docs(1)), first);
    }

    #[test]
    fn a_rejected_said_by_passes_to_the_next_nearest_actor_and_undo_brings_it_back() {
        let text = "“Troops will stay,” Lukashenko told reporters and Shoigu.";
        let mut p = project(&[text]);
        let d0 = DocId("d0".into());
        mark(&mut p, 0, "“Troops will stay,”", 0, "Claim");
        mark(&mut p, 0, "Lukashenko", 0, "Actor");
        mark(&mut p, 0, "Shoigu", 0, "Actor");
        let quote = |p: &Project, id: &AnnotationId| p.annotation(id).unwrap().anchor.quote().to_owned();
        let first = said_by(&p, &d0);
        assert_eq!(first.len(), 1);
        assert_eq!(quote(&p, &first[0].to), "Lukashenko");
        let place = first[0].place(&p).unwrap();
        assert!(place.is_link());
        let reject = Action::Reject(place);
        p.apply(reject.clone()).unwrap();
        // Not Lukashenko: the next nearest to "told" is suggested instead.
        let next = said_by(&p, &d0);
        assert_eq!(next.len(), 1);
        assert_eq!(quote(&p, &next[0].to), "Shoigu");
        assert!(next[0].score < first[0].score);
        // A rejected link is no span: nothing of the span suggestions changes.
        assert!(p.rejected().iter().all(|r| r.label == "said by"));
        p.apply(reject.inverse()).unwrap();
        assert_eq!(said_by(&p, &d0), first);
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
        let found = from_rules(&p, &docs(1));
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
