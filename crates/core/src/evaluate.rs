//! How well predicted spans (a tagger's, rules', another tool's) match gold ones:
//! precision, recall and F1 per label and overall, by exact span match and by overlap.
//!
//! Documents are matched by the SHA-256 of their text, as in [`crate::agreement`]: the
//! predicted file may come from another tool, with other ids. A gold document with no
//! predicted counterpart counts its spans as missed; a predicted document with no gold
//! counterpart is left out of the figures and named in a notice (there is nothing to
//! score it against).
//!
//! - **exact**: a predicted span is correct when a gold span has the same start, end
//!   and label (each gold span matched at most once) — the CoNLL evaluation's
//!   entity-level figures. P = correct / predicted, R = correct / gold.
//! - **overlap**: a predicted span is correct when it shares a code point with a gold
//!   span of its label; a gold span is found when a predicted span of its label shares a
//!   code point with it. P = correct predicted / predicted, R = found gold / gold.
//!
//! Figures are micro-averaged over the corpus (every span counts once); a figure with
//! nothing to divide by is `None`.

use crate::agreement::overlaps_any;
use crate::project::Project;
use crate::span::Span;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Precision, recall and F1 of one set of spans, with the counts they come from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Scores {
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Predicted spans counted correct.
    pub correct: usize,
    /// Gold spans counted found (exact: the same as `correct`).
    pub found: usize,
    /// correct / predicted.
    pub precision: Option<f64>,
    /// found / gold.
    pub recall: Option<f64>,
    /// The harmonic mean of the two (0 when both are 0).
    pub f1: Option<f64>,
}

impl Scores {
    fn of(gold: usize, predicted: usize, correct: usize, found: usize) -> Scores {
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        let (precision, recall) = (ratio(correct, predicted), ratio(found, gold));
        let f1 = match (precision, recall) {
            (None, None) => None,
            (p, r) => {
                let (p, r) = (p.unwrap_or(0.0), r.unwrap_or(0.0));
                Some(if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) })
            }
        };
        Scores {
            gold,
            predicted,
            correct,
            found,
            precision,
            recall,
            f1,
        }
    }
}

/// One way of matching, overall and per label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// Every label together.
    pub overall: Scores,
    /// Each label that either side uses, by name.
    pub labels: BTreeMap<String, Scores>,
}

/// The evaluation of a predicted file against a gold one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Gold documents scored (all of them).
    pub documents: usize,
    /// Exact span match.
    pub exact: Measure,
    /// Overlap match.
    pub overlap: Measure,
    /// What the reader should know: documents on one side only.
    pub notices: Vec<String>,
}

/// Counts for one label, summed over documents.
#[derive(Default, Clone, Copy)]
struct Tally {
    gold: usize,
    predicted: usize,
    exact: usize,
    overlap_correct: usize,
    overlap_found: usize,
}

/// Scores `predicted` against `gold`.
pub fn evaluate(gold: &Project, predicted: &Project) -> Evaluation {
    let mut notices = Vec::new();
    let by_text: HashMap<&str, &crate::Document> =
        predicted.documents().iter().map(|d| (d.sha256(), d)).collect();
    let gold_texts: std::collections::HashSet<&str> = gold.documents().iter().map(|d| d.sha256()).collect();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut unmatched = 0;
    for document in gold.documents() {
        let spans_of = |project: &Project, doc: &crate::Document| -> BTreeMap<String, Vec<Span>> {
            let mut out: BTreeMap<String, Vec<Span>> = BTreeMap::new();
            for a in project.annotations_in(doc.id()) {
                out.entry(a.label.clone()).or_default().push(a.span());
            }
            for spans in out.values_mut() {
                spans.sort();
            }
            out
        };
        let gold_spans = spans_of(gold, document);
        let predicted_spans = match by_text.get(document.sha256()) {
            Some(other) => spans_of(predicted, other),
            None => {
                unmatched += 1;
                BTreeMap::new()
            }
        };
        let labels: std::collections::BTreeSet<&String> =
            gold_spans.keys().chain(predicted_spans.keys()).collect();
        for label in labels {
            let empty = Vec::new();
            let g = gold_spans.get(label).unwrap_or(&empty);
            let p = predicted_spans.get(label).unwrap_or(&empty);
            let tally = tallies.entry(label.clone()).or_default();
            tally.gold += g.len();
            tally.predicted += p.len();
            tally.exact += exact_matches(g, p);
            tally.overlap_correct += p.iter().filter(|s| overlaps_any(**s, g)).count();
            tally.overlap_found += g.iter().filter(|s| overlaps_any(**s, p)).count();
        }
    }
    if unmatched > 0 {
        notices.push(format!(
            "{unmatched} gold document{} not in the predicted file: {} spans counted as missed",
            if unmatched == 1 { " is" } else { "s are" },
            if unmatched == 1 { "its" } else { "their" }
        ));
    }
    let extra: Vec<&str> = predicted
        .documents()
        .iter()
        .filter(|d| !gold_texts.contains(d.sha256()))
        .map(|d| d.title())
        .collect();
    if !extra.is_empty() {
        notices.push(format!(
            "{} predicted document{} not in the gold file, left out: {}",
            extra.len(),
            if extra.len() == 1 { " is" } else { "s are" },
            extra.join(", ")
        ));
    }
    let measure = |exact: bool| {
        let scores = |t: &Tally| {
            if exact {
                Scores::of(t.gold, t.predicted, t.exact, t.exact)
            } else {
                Scores::of(t.gold, t.predicted, t.overlap_correct, t.overlap_found)
            }
        };
        let total = tallies.values().fold(Tally::default(), |a, t| Tally {
            gold: a.gold + t.gold,
            predicted: a.predicted + t.predicted,
            exact: a.exact + t.exact,
            overlap_correct: a.overlap_correct + t.overlap_correct,
            overlap_found: a.overlap_found + t.overlap_found,
        });
        Measure {
            overall: scores(&total),
            labels: tallies.iter().map(|(l, t)| (l.clone(), scores(t))).collect(),
        }
    };
    Evaluation {
        documents: gold.documents().len(),
        exact: measure(true),
        overlap: measure(false),
        notices,
    }
}

/// Spans of `predicted` equal to one of `gold` (both sorted), each gold span matched
/// at most once.
fn exact_matches(gold: &[Span], predicted: &[Span]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < gold.len() && j < predicted.len() {
        match gold[i].cmp(&predicted[j]) {
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::tests::{mark_piece, project_with};

    const TEXT: &str = "Лукашенко said 30,000 Russian troops 🇧🇾 would stay in Belarus.";

    /// A project of one document `text`, with `spans` marked (label, first occurrence).
    fn project(text: &str, spans: &[(&str, &str)]) -> Project {
        let mut project = project_with(&[text]);
        for (label, piece) in spans {
            mark_piece(&mut project, "d0", piece, 0, label);
        }
        project
    }

    #[test]
    fn exact_and_overlap_figures_per_label_and_overall() {
        let gold = project(
            TEXT,
            &[
                ("Actor", "Лукашенко"),
                ("Figure", "30,000 Russian troops"),
                ("Actor", "Belarus"),
            ],
        );
        // The same text. One Actor exact, the Figure
        // only overlapping, one Figure made up, Belarus missed.
        let predicted = project(
            TEXT,
            &[("Actor", "Лукашенко"), ("Figure", "30,000"), ("Figure", "🇧🇾")],
        );
        let e = evaluate(&gold, &predicted);
        assert!(e.notices.is_empty(), "{:?}", e.notices);
        let actor = e.exact.labels["Actor"];
        assert_eq!((actor.gold, actor.predicted, actor.correct), (2, 1, 1));
        assert_eq!(actor.precision, Some(1.0));
        assert_eq!(actor.recall, Some(0.5));
        assert!((actor.f1.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        let figure = e.exact.labels["Figure"];
        assert_eq!((figure.correct, figure.f1), (0, Some(0.0)));
        let figure = e.overlap.labels["Figure"];
        assert_eq!((figure.correct, figure.found), (1, 1));
        assert_eq!((figure.precision, figure.recall), (Some(0.5), Some(1.0)));
        let all = e.exact.overall;
        assert_eq!((all.gold, all.predicted, all.correct), (3, 3, 1));
        assert!((all.f1.unwrap() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn a_label_only_one_side_uses_and_documents_on_one_side_are_named() {
        let gold = project(TEXT, &[("Actor", "Belarus")]);
        let predicted = project("another text", &[("Claim", "another")]);
        let e = evaluate(&gold, &predicted);
        assert_eq!(e.exact.labels["Actor"].recall, Some(0.0));
        assert_eq!(e.exact.labels["Actor"].precision, None);
        assert!(
            !e.exact.labels.contains_key("Claim"),
            "an unmatched document is not scored"
        );
        assert_eq!(e.notices.len(), 2);
        assert!(e.notices[0].starts_with("1 gold document is not in the predicted file"));
        assert!(e.notices[1].contains("left out: Doc 0"), "{:?}", e.notices);
        // Nothing on either side: undefined, not zero.
        let empty = evaluate(&project(TEXT, &[]), &project(TEXT, &[]));
        assert_eq!(empty.exact.overall.f1, None);
    }

    #[test]
    fn a_gold_span_is_matched_exactly_once() {
        assert_eq!(
            exact_matches(&[Span::new(0, 2).unwrap()], &[Span::new(0, 2).unwrap(); 2]),
            1
        );
    }
}
