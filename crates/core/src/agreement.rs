//! Inter-annotator agreement over shared files: who marked what, matched by document
//! text, measured four ways.
//!
//! # Layers
//!
//! Each input (a project, usually one annotator's file) gives one *layer* per
//! annotator named in its annotations; annotations without a name belong to the
//! input's own name (its file name). A layer *has* every document of its input, even
//! one it marked nothing in (that is an answer: nothing to mark). Layers with the same
//! annotator name from several inputs are one layer (a person's work split over files).
//! Documents are matched by the SHA-256 of their text; two inputs holding a document
//! of the same id with different texts get a notice, and the two are compared as the
//! different documents they are.
//!
//! # Measures
//!
//! For every pair of annotators, over the documents both have:
//! - **exact span F1**: a span of one matches a span of the other with the same start,
//!   end and label (each span matched at most once); F1 = 2·matched / (spans of A +
//!   spans of B). Symmetric: precision of one is recall of the other.
//! - **partial (overlap) F1**: a span counts as found when a span of the other with the
//!   same label overlaps it by at least one code point; P = found spans of B / spans of
//!   B, R = found spans of A / spans of A, F1 = 2PR / (P + R).
//! - **Cohen's kappa on tokens**: the text is cut into [`crate::format::tokens::words`]
//!   tokens; each annotator gives each token a category: the set of labels of their
//!   spans overlapping it, or none ("O"). κ = (pₒ − pₑ) / (1 − pₑ) (Cohen 1960), as
//!   scikit-learn's `cohen_kappa_score` computes it on the two category sequences.
//!
//! Text set aside as not the article (by any input, [`crate::ignored`]) is not
//! compared: its marks are left out and its tokens are not units.
//!
//! For all annotators at once, **Krippendorff's alpha** (nominal) on the same token
//! categories: every token of every document is a unit, coded by the annotators who
//! have the document (the others are missing data); α = 1 − Dₒ / Dₑ from the
//! coincidence matrix (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
//!
//! Per label, each measure is taken on that label alone: spans of the label; for
//! tokens, the binary category "has the label or not". A figure is `None` where it is
//! undefined: F1 with no spans on either side; kappa and alpha when the chance
//! agreement is total (one category everywhere, e.g. nobody marked anything).
//!
//! Corpus figures are computed over all documents' spans and tokens together (micro),
//! not averaged over documents.

pub mod relations;

pub use relations::{RelationReport, relation_agreement};

use crate::annotation::Annotation;
use crate::document::DocId;
use crate::format::tokens;
use crate::project::Project;
use crate::span::Span;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One input: its name (the file name) and its project.
pub struct Input<'a> {
    /// The name that stands for the annotator of unnamed annotations.
    pub name: &'a str,
    /// The project read from it.
    pub project: &'a Project,
}

impl<'a> Input<'a> {
    /// The annotators of this input: the names its annotations give (the input's own
    /// name for unnamed ones), or the input's name when it has no annotations.
    pub fn annotators(&self) -> BTreeSet<String> {
        let mut names: BTreeSet<String> = self
            .project
            .annotations()
            .map(|a| annotator_of(a, self.name).to_owned())
            .collect();
        if names.is_empty() {
            names.insert(self.name.to_owned());
        }
        names
    }

    /// The inputs of `projects`, named by `names` (in the same order).
    pub fn all(names: &'a [String], projects: &'a [Project]) -> Vec<Input<'a>> {
        names
            .iter()
            .zip(projects)
            .map(|(name, project)| Input { name, project })
            .collect()
    }
}

/// A document as the layers share it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SharedDocument {
    /// The document's id (in the first input that has it).
    pub id: DocId,
    /// Its title.
    pub title: String,
    /// The SHA-256 of its text, which matches it across inputs.
    pub sha256: String,
    /// The annotators who have it, in name order.
    pub annotators: Vec<String>,
    /// The figures for this document alone.
    pub scores: Scores,
}

/// Agreement over a corpus.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    /// Every annotator, in name order.
    pub annotators: Vec<String>,
    /// Every label used by anyone, in name order.
    pub labels: Vec<String>,
    /// Documents that at least two annotators have, in the order first seen.
    pub documents: Vec<SharedDocument>,
    /// The figures over all of those documents.
    pub corpus: Scores,
    /// Documents only one annotator has (not compared), by title.
    pub single: Vec<String>,
    /// Anything the reader should know: documents whose texts differ between inputs.
    pub notices: Vec<String>,
}

/// The figures for a set of documents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Each pair of annotators who share documents.
    pub pairs: Vec<PairScores>,
    /// Krippendorff's alpha over every annotator.
    pub alpha: Figure,
    /// Tokens compared (units of alpha).
    pub tokens: usize,
}

/// The figures of one pair of annotators.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PairScores {
    /// The first annotator (by name).
    pub a: String,
    /// The second.
    pub b: String,
    /// Documents both have.
    pub documents: usize,
    /// Spans of A and of B in those documents.
    pub spans: (usize, usize),
    /// Exact-match span F1.
    pub exact: Figure,
    /// Overlap-based span F1.
    pub partial: Figure,
    /// Cohen's kappa on tokens.
    pub kappa: Figure,
}

/// A measure overall and per label; `None` where undefined.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figure {
    /// Over all labels.
    pub overall: Option<f64>,
    /// Per label name.
    pub labels: BTreeMap<String, Option<f64>>,
}

/// What goes wrong before anything can be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    /// Fewer than two annotators.
    #[error("agreement needs at least two annotators; found {0}")]
    TooFewAnnotators(usize),
    /// More labels than a token category can hold.
    #[error("agreement handles up to 128 labels; these files use {0}")]
    TooManyLabels(usize),
}

/// A layer's spans in one document: (span, label index).
type Marks = Vec<(Span, usize)>;

struct Doc<'a> {
    id: DocId,
    title: String,
    sha256: String,
    text: &'a str,
    /// Annotator index → their marks.
    layers: BTreeMap<usize, Marks>,
    /// The text set aside as not the article in any input ([`crate::ignored`]): its
    /// marks and tokens are not compared.
    ignored: Vec<Span>,
}

/// Agreement between the annotators of `inputs`.
pub fn agreement(inputs: &[Input<'_>]) -> Result<Report, AgreementError> {
    let (annotators, labels, docs, notices) = gather(inputs);
    if annotators.len() < 2 {
        return Err(AgreementError::TooFewAnnotators(annotators.len()));
    }
    if labels.len() > 128 {
        return Err(AgreementError::TooManyLabels(labels.len()));
    }
    let (shared, single): (Vec<&Doc<'_>>, Vec<&Doc<'_>>) = docs.iter().partition(|d| d.layers.len() >= 2);
    let per_doc: Vec<Tally> =
        crate::format::par_map(&shared, |doc| Tally::of(doc, annotators.len(), labels.len()));
    let mut corpus = Tally::new(annotators.len(), labels.len());
    for tally in &per_doc {
        corpus.add(tally);
    }
    let documents = shared
        .iter()
        .zip(&per_doc)
        .map(|(doc, tally)| SharedDocument {
            id: doc.id.clone(),
            title: doc.title.clone(),
            sha256: doc.sha256.clone(),
            annotators: doc.layers.keys().map(|&i| annotators[i].clone()).collect(),
            scores: tally.scores(&annotators, &labels),
        })
        .collect();
    Ok(Report {
        corpus: corpus.scores(&annotators, &labels),
        documents,
        single: single.iter().map(|d| d.title.clone()).collect(),
        annotators,
        labels,
        notices,
    })
}

/// The tokens of a document that at least two annotators have, and the category each
/// annotator gave each token: what kappa and alpha are computed on, for checking them
/// or analysing them elsewhere.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TokenTable {
    /// The document's title.
    pub title: String,
    /// The SHA-256 of its text.
    pub sha256: String,
    /// Each token's code point offsets, half-open.
    pub tokens: Vec<(usize, usize)>,
    /// Per annotator who has the document: each token's category, the names of the
    /// labels of their spans overlapping it joined by `+` in name order, or `O`.
    pub categories: BTreeMap<String, Vec<String>>,
}

/// The token tables of the documents [`agreement`] compares.
pub fn token_tables(inputs: &[Input<'_>]) -> Vec<TokenTable> {
    let (annotators, labels, docs, _) = gather(inputs);
    let name_of = |category: u128| -> String {
        if category == 0 {
            return "O".to_owned();
        }
        let names: Vec<&str> = (0..labels.len())
            .filter(|l| category >> l & 1 == 1)
            .map(|l| labels[l].as_str())
            .collect();
        names.join("+")
    };
    docs.iter()
        .filter(|doc| doc.layers.len() >= 2)
        .map(|doc| {
            let tokens = tokens::outside(tokens::words(doc.text), &doc.ignored);
            TokenTable {
                title: doc.title.clone(),
                sha256: doc.sha256.clone(),
                tokens: tokens.iter().map(|t| (t.start, t.end)).collect(),
                categories: doc
                    .layers
                    .iter()
                    .map(|(&who, marks)| {
                        let names = token_categories(&tokens, marks)
                            .into_iter()
                            .map(name_of)
                            .collect();
                        (annotators[who].clone(), names)
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The annotators, labels and documents of `inputs`, and notices.
fn gather<'a>(inputs: &[Input<'a>]) -> (Vec<String>, Vec<String>, Vec<Doc<'a>>, Vec<String>) {
    let mut names = BTreeSet::new();
    let mut label_names = BTreeSet::new();
    // Each input's annotators, worked out once.
    let layer_names: Vec<BTreeSet<String>> = inputs.iter().map(Input::annotators).collect();
    for (input, layers) in inputs.iter().zip(&layer_names) {
        names.extend(layers.iter().cloned());
        label_names.extend(input.project.annotations().map(|a| a.label.clone()));
    }
    let annotators: Vec<String> = names.into_iter().collect();
    let labels: Vec<String> = label_names.into_iter().collect();
    let annotator_index: HashMap<&str, usize> = annotators
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let label_index: HashMap<&str, usize> = labels.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let mut docs: Vec<Doc<'a>> = Vec::new();
    let mut by_hash: HashMap<String, usize> = HashMap::new();
    // Where each document id was first seen: (input name, hash).
    let mut ids: HashMap<DocId, (&str, String)> = HashMap::new();
    let mut notices = Vec::new();
    for (input, layer_names) in inputs.iter().zip(&layer_names) {
        let layers: Vec<usize> = layer_names.iter().map(|n| annotator_index[n.as_str()]).collect();
        let mut marks: HashMap<&DocId, HashMap<usize, Marks>> = HashMap::new();
        for a in input.project.annotations() {
            let who = annotator_index[annotator_of(a, input.name)];
            marks
                .entry(&a.document)
                .or_default()
                .entry(who)
                .or_default()
                .push((a.span(), label_index[a.label.as_str()]));
        }
        for document in input.project.documents() {
            match ids.get(document.id()) {
                Some((first, hash)) if hash != document.sha256() => notices.push(format!(
                    "document {} ({:?}) has a different text in {} than in {first}: they are compared as two documents",
                    document.id().0,
                    document.title(),
                    input.name
                )),
                Some(_) => {}
                None => {
                    ids.insert(document.id().clone(), (input.name, document.sha256().to_owned()));
                }
            }
            let at = *by_hash.entry(document.sha256().to_owned()).or_insert_with(|| {
                docs.push(Doc {
                    id: document.id().clone(),
                    title: document.title().to_owned(),
                    sha256: document.sha256().to_owned(),
                    text: document.text(),
                    layers: BTreeMap::new(),
                    ignored: Vec::new(),
                });
                docs.len() - 1
            });
            if !document.ignored().is_empty() {
                let mut regions = std::mem::take(&mut docs[at].ignored);
                regions.extend_from_slice(document.ignored());
                docs[at].ignored = crate::ignored::normalized(regions);
            }
            let mut of_doc = marks.remove(document.id()).unwrap_or_default();
            for &who in &layers {
                let layer = docs[at].layers.entry(who).or_default();
                layer.extend(of_doc.remove(&who).unwrap_or_default());
            }
        }
    }
    for doc in &mut docs {
        let regions = &doc.ignored;
        for marks in doc.layers.values_mut() {
            if !regions.is_empty() {
                marks.retain(|(span, _)| !crate::ignored::touches(regions, *span));
            }
            marks.sort_unstable();
            // The same span and label twice in one layer (a person's overlapping
            // files) is one mark.
            marks.dedup();
        }
    }
    (annotators, labels, docs, notices)
}

/// The annotator of `annotation` from input `input`: its own name, or the input's.
pub(crate) fn annotator_of<'a>(annotation: &'a Annotation, input: &'a str) -> &'a str {
    if annotation.annotator.is_empty() {
        input
    } else {
        &annotation.annotator
    }
}

/// Counts from which every figure follows; documents' tallies add up to the corpus's.
#[derive(Debug, Clone)]
struct Tally {
    annotators: usize,
    /// Per pair (a < b, row-major): the pair's counts.
    pairs: Vec<PairTally>,
    /// Alpha overall, then per label.
    alpha: Vec<AlphaTally>,
    tokens: usize,
}

#[derive(Debug, Clone, Default)]
struct PairTally {
    documents: usize,
    /// Index 0: all labels; 1 + l: label l.
    spans: Vec<SpanTally>,
    kappa: KappaTally,
    /// Per label: (both, only a, only b, neither) token counts.
    kappa_labels: Vec<[u64; 4]>,
}

#[derive(Debug, Clone, Copy, Default)]
struct SpanTally {
    a: u64,
    b: u64,
    exact: u64,
    found_a: u64,
    found_b: u64,
}

#[derive(Debug, Clone, Default)]
struct KappaTally {
    tokens: u64,
    agree: u64,
    /// Category → (tokens A gave it, tokens B gave it).
    marginals: BTreeMap<u128, (u64, u64)>,
}

#[derive(Debug, Clone, Default)]
struct AlphaTally {
    /// Pairable values (n).
    values: f64,
    /// Σ over units of (m² − Σ_c n_uc²) / (m − 1): the observed disagreement's mass.
    disagreement: f64,
    /// Category → pairable values of it (n_c).
    categories: BTreeMap<u128, f64>,
}

impl Tally {
    fn new(annotators: usize, labels: usize) -> Tally {
        let pair = PairTally {
            documents: 0,
            spans: vec![SpanTally::default(); labels + 1],
            kappa: KappaTally::default(),
            kappa_labels: vec![[0; 4]; labels],
        };
        Tally {
            annotators,
            pairs: vec![pair; annotators * annotators],
            alpha: vec![AlphaTally::default(); labels + 1],
            tokens: 0,
        }
    }

    fn of(doc: &Doc<'_>, annotators: usize, labels: usize) -> Tally {
        let mut tally = Tally::new(annotators, labels);
        let tokens = tokens::outside(tokens::words(doc.text), &doc.ignored);
        tally.tokens = tokens.len();
        // Each layer's category of each token: the bit set of its labels there.
        let categories: BTreeMap<usize, Vec<u128>> = doc
            .layers
            .iter()
            .map(|(&who, marks)| (who, token_categories(&tokens, marks)))
            .collect();
        let who: Vec<usize> = doc.layers.keys().copied().collect();
        for (i, &a) in who.iter().enumerate() {
            for &b in &who[i + 1..] {
                let pair = &mut tally.pairs[a * annotators + b];
                pair.documents = 1;
                span_counts(&doc.layers[&a], &doc.layers[&b], labels, &mut pair.spans);
                let (ca, cb) = (&categories[&a], &categories[&b]);
                for (&x, &y) in ca.iter().zip(cb) {
                    pair.kappa.tokens += 1;
                    pair.kappa.agree += u64::from(x == y);
                    pair.kappa.marginals.entry(x).or_default().0 += 1;
                    pair.kappa.marginals.entry(y).or_default().1 += 1;
                    for (l, cells) in pair.kappa_labels.iter_mut().enumerate() {
                        let (in_a, in_b) = (x >> l & 1 == 1, y >> l & 1 == 1);
                        cells[match (in_a, in_b) {
                            (true, true) => 0,
                            (true, false) => 1,
                            (false, true) => 2,
                            (false, false) => 3,
                        }] += 1;
                    }
                }
            }
        }
        // Alpha: every token a unit, coded by every layer of this document.
        if who.len() >= 2 {
            let columns: Vec<&Vec<u128>> = categories.values().collect();
            let mut unit = Vec::with_capacity(who.len());
            for t in 0..tokens.len() {
                unit.clear();
                unit.extend(columns.iter().map(|c| c[t]));
                tally.alpha[0].add_unit(&unit);
                for l in 0..labels {
                    let with_label = unit.iter().filter(|&&c| c >> l & 1 == 1).count();
                    tally.alpha[l + 1].add_binary_unit(with_label, unit.len());
                }
            }
        }
        tally
    }

    fn add(&mut self, other: &Tally) {
        self.tokens += other.tokens;
        for (mine, theirs) in self.pairs.iter_mut().zip(&other.pairs) {
            mine.documents += theirs.documents;
            for (m, t) in mine.spans.iter_mut().zip(&theirs.spans) {
                m.a += t.a;
                m.b += t.b;
                m.exact += t.exact;
                m.found_a += t.found_a;
                m.found_b += t.found_b;
            }
            mine.kappa.tokens += theirs.kappa.tokens;
            mine.kappa.agree += theirs.kappa.agree;
            for (category, (x, y)) in &theirs.kappa.marginals {
                let entry = mine.kappa.marginals.entry(*category).or_default();
                entry.0 += x;
                entry.1 += y;
            }
            for (m, t) in mine.kappa_labels.iter_mut().zip(&theirs.kappa_labels) {
                for (cell, add) in m.iter_mut().zip(t) {
                    *cell += add;
                }
            }
        }
        for (mine, theirs) in self.alpha.iter_mut().zip(&other.alpha) {
            mine.values += theirs.values;
            mine.disagreement += theirs.disagreement;
            for (category, n) in &theirs.categories {
                *mine.categories.entry(*category).or_default() += n;
            }
        }
    }

    fn scores(&self, annotators: &[String], labels: &[String]) -> Scores {
        let figure = |overall: Option<f64>, per: &dyn Fn(usize) -> Option<f64>| Figure {
            overall,
            labels: labels
                .iter()
                .enumerate()
                .map(|(l, name)| (name.clone(), per(l)))
                .collect(),
        };
        let mut pairs = Vec::new();
        for a in 0..self.annotators {
            for b in a + 1..self.annotators {
                let pair = &self.pairs[a * self.annotators + b];
                if pair.documents == 0 {
                    continue;
                }
                pairs.push(PairScores {
                    a: annotators[a].clone(),
                    b: annotators[b].clone(),
                    documents: pair.documents,
                    spans: (pair.spans[0].a as usize, pair.spans[0].b as usize),
                    exact: figure(pair.spans[0].exact_f1(), &|l| pair.spans[l + 1].exact_f1()),
                    partial: figure(pair.spans[0].partial_f1(), &|l| pair.spans[l + 1].partial_f1()),
                    kappa: figure(pair.kappa.kappa(), &|l| binary_kappa(pair.kappa_labels[l])),
                });
            }
        }
        Scores {
            pairs,
            alpha: figure(self.alpha[0].alpha(), &|l| self.alpha[l + 1].alpha()),
            tokens: self.tokens,
        }
    }
}

/// The category of each token for one layer: bit `l` set when a span of label `l`
/// overlaps the token.
fn token_categories(tokens: &[tokens::Token<'_>], marks: &Marks) -> Vec<u128> {
    let mut out = vec![0u128; tokens.len()];
    for &(span, label) in marks {
        // The first token ending after the span starts, up to the last starting before it ends.
        let from = tokens.partition_point(|t| t.end <= span.start());
        for (t, token) in tokens.iter().enumerate().skip(from) {
            if token.start >= span.end() {
                break;
            }
            out[t] |= 1 << label;
        }
    }
    out
}

/// Adds the span counts of layers `a` and `b` of one document: index 0 for all
/// labels, 1 + l for label l.
fn span_counts(a: &Marks, b: &Marks, labels: usize, out: &mut [SpanTally]) {
    let mut add = |index: usize, f: &dyn Fn(&mut SpanTally)| f(&mut out[index]);
    for &(_, l) in a {
        add(0, &|t| t.a += 1);
        add(l + 1, &|t| t.a += 1);
    }
    for &(_, l) in b {
        add(0, &|t| t.b += 1);
        add(l + 1, &|t| t.b += 1);
    }
    // Exact: both lists are sorted and deduplicated, so a merge counts the common marks.
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let l = a[i].1;
                add(0, &|t| t.exact += 1);
                add(l + 1, &|t| t.exact += 1);
                i += 1;
                j += 1;
            }
        }
    }
    // Partial: per label, whether each span overlaps one of the other's.
    for l in 0..labels {
        let of = |marks: &Marks| -> Vec<Span> { marks.iter().filter(|m| m.1 == l).map(|m| m.0).collect() };
        let (sa, sb) = (of(a), of(b));
        let found_a = sa.iter().filter(|s| overlaps_any(**s, &sb)).count() as u64;
        let found_b = sb.iter().filter(|s| overlaps_any(**s, &sa)).count() as u64;
        add(0, &|t| {
            t.found_a += found_a;
            t.found_b += found_b;
        });
        add(l + 1, &|t| {
            t.found_a += found_a;
            t.found_b += found_b;
        });
    }
}

/// Whether `span` shares a code point with one of `sorted` (sorted by start).
pub(crate) fn overlaps_any(span: Span, sorted: &[Span]) -> bool {
    // Only spans starting before `span` ends can overlap it; of those, one that ends
    // after it starts does.
    let before_end = sorted.partition_point(|s| s.start() < span.end());
    sorted[..before_end].iter().rev().any(|s| s.end() > span.start())
}

impl SpanTally {
    fn exact_f1(&self) -> Option<f64> {
        let total = self.a + self.b;
        (total > 0).then(|| 2.0 * self.exact as f64 / total as f64)
    }

    fn partial_f1(&self) -> Option<f64> {
        if self.a + self.b == 0 {
            return None;
        }
        let recall = if self.a == 0 {
            0.0
        } else {
            self.found_a as f64 / self.a as f64
        };
        let precision = if self.b == 0 {
            0.0
        } else {
            self.found_b as f64 / self.b as f64
        };
        Some(if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        })
    }
}

impl KappaTally {
    fn kappa(&self) -> Option<f64> {
        let n = self.tokens as f64;
        if n == 0.0 {
            return None;
        }
        let observed = self.agree as f64 / n;
        let chance: f64 = self
            .marginals
            .values()
            .map(|&(x, y)| (x as f64 / n) * (y as f64 / n))
            .sum();
        cohen(observed, chance)
    }
}

/// Kappa from the 2×2 table (both, only a, only b, neither).
fn binary_kappa([both, only_a, only_b, neither]: [u64; 4]) -> Option<f64> {
    let n = (both + only_a + only_b + neither) as f64;
    if n == 0.0 {
        return None;
    }
    let observed = (both + neither) as f64 / n;
    let (a_yes, b_yes) = ((both + only_a) as f64 / n, (both + only_b) as f64 / n);
    let chance = a_yes * b_yes + (1.0 - a_yes) * (1.0 - b_yes);
    cohen(observed, chance)
}

fn cohen(observed: f64, chance: f64) -> Option<f64> {
    // Chance agreement of 1 (one category for everything) leaves kappa undefined.
    (chance < 1.0 - 1e-12).then(|| (observed - chance) / (1.0 - chance))
}

impl AlphaTally {
    /// Adds one unit coded with `values` (the values present: missing ones left out).
    fn add_unit(&mut self, values: &[u128]) {
        if values.len() < 2 {
            return;
        }
        let m = values.len() as f64;
        let mut same = 0.0; // Σ_c n_uc²: ordered pairs of equal values, each with itself.
        for x in values {
            for y in values {
                same += f64::from(u8::from(x == y));
            }
            *self.categories.entry(*x).or_default() += 1.0;
        }
        self.values += m;
        self.disagreement += (m * m - same) / (m - 1.0);
    }

    /// Adds one unit of `m` binary values, `ones` of them 1.
    fn add_binary_unit(&mut self, ones: usize, m: usize) {
        if m < 2 {
            return;
        }
        let (ones, m) = (ones as f64, m as f64);
        *self.categories.entry(1).or_default() += ones;
        *self.categories.entry(0).or_default() += m - ones;
        self.values += m;
        self.disagreement += (m * m - ones * ones - (m - ones) * (m - ones)) / (m - 1.0);
    }

    fn alpha(&self) -> Option<f64> {
        let n = self.values;
        let expected: f64 = n * n - self.categories.values().map(|c| c * c).sum::<f64>();
        if n < 2.0 || expected <= 0.0 {
            return None;
        }
        Some(1.0 - (n - 1.0) * self.disagreement / expected)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::project::tests::project_with;

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("defined");
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn alpha_matches_krippendorffs_worked_example_with_missing_data() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
        // 4 observers, 12 units, nominal data with missing values; alpha = 0.743.
        let rows: [[u128; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        let mut tally = AlphaTally::default();
        for unit in 0..12 {
            let values: Vec<u128> = rows.iter().map(|r| r[unit]).filter(|&v| v != 0).collect();
            tally.add_unit(&values);
        }
        assert!(
            (tally.alpha().unwrap() - 0.743).abs() < 0.0005,
            "{:?}",
            tally.alpha()
        );
    }

    #[test]
    fn kappa_matches_the_textbook_formula() {
        // scikit-learn's doc example: [2, 0, 2, 2, 0, 1] vs [0, 0, 2, 2, 0, 2] → 0.428571…
        let (x, y) = ([2u128, 0, 2, 2, 0, 1], [0u128, 0, 2, 2, 0, 2]);
        let mut tally = KappaTally::default();
        for (a, b) in x.iter().zip(&y) {
            tally.tokens += 1;
            tally.agree += u64::from(a == b);
            tally.marginals.entry(*a).or_default().0 += 1;
            tally.marginals.entry(*b).or_default().1 += 1;
        }
        close(tally.kappa(), 3.0 / 7.0);
        assert_eq!(binary_kappa([0, 0, 0, 5]), None, "one category: undefined");
        close(binary_kappa([2, 0, 0, 2]), 1.0);
    }

    /// A project with `text` whose annotations are (start, end, label), by `who`.
    pub(crate) fn marked(text: &str, who: &str, marks: &[(usize, usize, &str)]) -> Project {
        let mut project = project_with(&[text]);
        let doc = project.documents()[0].id().clone();
        for (n, &(start, end, label)) in marks.iter().enumerate() {
            let annotation = project
                .new_annotation(
                    crate::AnnotationId(format!("{who}{n}")),
                    &doc,
                    Span::new(start, end).unwrap(),
                    label,
                    who,
                    crate::Timestamp::default(),
                )
                .unwrap();
            project.apply(crate::Action::AddAnnotation(annotation)).unwrap();
        }
        project
    }

    fn compare(inputs: &[(&str, &Project)]) -> Report {
        agreement(&named(inputs)).unwrap()
    }

    /// Inputs from (name, project) pairs.
    pub(crate) fn named<'a>(inputs: &[(&'a str, &'a Project)]) -> Vec<Input<'a>> {
        inputs
            .iter()
            .map(|&(name, project)| Input { name, project })
            .collect()
    }

    const TEXT: &str = "Lukashenko said 12 000 troops moved to Brest on Monday.";

    #[test]
    fn exact_and_partial_f1_count_spans_and_overlaps_per_label() {
        let a = marked(
            TEXT,
            "alice",
            &[(0, 10, "Actor"), (16, 29, "Figure"), (39, 44, "Actor")],
        );
        // Same Actor, a Figure with other boundaries, Brest as a Claim, one more Actor.
        let b = marked(
            TEXT,
            "bob",
            &[
                (0, 10, "Actor"),
                (16, 22, "Figure"),
                (39, 44, "Claim"),
                (48, 54, "Actor"),
            ],
        );
        let report = compare(&[("a.json", &a), ("b.json", &b)]);
        assert_eq!(report.annotators, ["alice", "bob"]);
        assert_eq!(report.labels, ["Actor", "Claim", "Figure"]);
        let pair = &report.corpus.pairs[0];
        assert_eq!(pair.spans, (3, 4));
        close(pair.exact.overall, 2.0 * 1.0 / 7.0);
        close(pair.exact.labels["Actor"], 2.0 * 1.0 / 4.0);
        assert_eq!(pair.exact.labels["Claim"], Some(0.0));
        // Partial: A finds 2 of 3 (Lukashenko, the Figure), B finds 2 of 4.
        let (p, r) = (2.0 / 4.0, 2.0 / 3.0);
        close(pair.partial.overall, 2.0 * p * r / (p + r));
        close(pair.partial.labels["Figure"], 1.0);
        assert_eq!(report.documents.len(), 1);
        assert_eq!(report.documents[0].scores, report.corpus);
    }

    #[test]
    fn nobody_marking_anything_leaves_the_figures_undefined() {
        let a = marked(TEXT, "alice", &[]);
        let b = marked(TEXT, "bob", &[]);
        let report = compare(&[("alice", &a), ("bob", &b)]);
        let pair = &report.corpus.pairs[0];
        assert_eq!(
            (pair.exact.overall, pair.partial.overall, pair.kappa.overall),
            (None, None, None)
        );
        assert_eq!(report.corpus.alpha.overall, None);
        assert!(report.corpus.tokens > 5);
    }

    /// Issue 18: text one annotator set aside as not the article is not compared — the
    /// other's marks there do not count against either, and its tokens are not units.
    #[test]
    fn text_set_aside_by_either_is_not_compared() {
        let marks = [(0, 10, "Actor"), (16, 22, "Figure")];
        let mut a = marked(TEXT, "alice", &marks);
        // Bob also marked "on Monday." (45–55), which alice set aside as clutter.
        let b = marked(
            TEXT,
            "bob",
            &[(0, 10, "Actor"), (16, 22, "Figure"), (45, 54, "Claim")],
        );
        let doc = a.documents()[0].id().clone();
        let aside = a.set_aside(&doc, Span::new(45, 55).unwrap(), true).unwrap();
        a.apply(aside).unwrap();
        let report = compare(&[("a", &a), ("b", &b)]);
        let pair = &report.corpus.pairs[0];
        assert_eq!(pair.spans, (2, 2), "bob's Claim there is not compared");
        close(pair.exact.overall, 1.0);
        close(pair.kappa.overall, 1.0);
        close(report.corpus.alpha.overall, 1.0);
        // Without the region, bob's Claim is a disagreement.
        let a = marked(TEXT, "alice", &marks);
        let pair = compare(&[("a", &a), ("b", &b)]).corpus.pairs[0].clone();
        assert_eq!(pair.spans, (2, 3));
        assert!(pair.kappa.overall.unwrap() < 1.0);
        // The token table leaves the region's tokens out.
        let tables = token_tables(&named(&[
            ("a", &{
                let mut a = marked(TEXT, "alice", &marks);
                a.apply(a.set_aside(&doc, Span::new(45, 55).unwrap(), true).unwrap())
                    .unwrap();
                a
            }),
            ("b", &b),
        ]));
        assert!(
            tables[0].tokens.iter().all(|&(start, _)| start < 45),
            "{:?}",
            tables[0].tokens
        );
    }

    #[test]
    fn identical_work_agrees_totally_and_opposite_work_not_at_all() {
        let marks = [(0, 10, "Actor"), (16, 22, "Figure")];
        let a = marked(TEXT, "alice", &marks);
        let b = marked(TEXT, "bob", &marks);
        let report = compare(&[("a", &a), ("b", &b)]);
        let pair = &report.corpus.pairs[0];
        close(pair.exact.overall, 1.0);
        close(pair.kappa.overall, 1.0);
        close(report.corpus.alpha.overall, 1.0);
        // Every token one marks, the other does not: kappa and alpha below zero.
        let b = marked(TEXT, "bob", &[(11, 15, "Actor"), (30, 38, "Figure")]);
        let report = compare(&[("a", &a), ("b", &b)]);
        let pair = &report.corpus.pairs[0];
        assert_eq!(pair.exact.overall, Some(0.0));
        assert!(pair.kappa.overall.unwrap() < 0.0);
        assert!(report.corpus.alpha.overall.unwrap() < 0.0);
    }

    #[test]
    fn unnamed_annotations_belong_to_their_file_and_texts_that_differ_are_reported() {
        let a = marked(TEXT, "", &[(0, 10, "Actor")]);
        let b = marked(TEXT, "", &[(0, 10, "Actor")]);
        let other = marked(&TEXT.replace("Monday", "Sunday"), "carol", &[(0, 10, "Actor")]);
        let report = compare(&[("a.json", &a), ("b.json", &b), ("c.json", &other)]);
        assert_eq!(report.annotators, ["a.json", "b.json", "carol"]);
        assert_eq!(report.documents.len(), 1, "carol's text is another document");
        assert_eq!(report.single.len(), 1);
        assert_eq!(report.corpus.pairs.len(), 1, "only a and b share a document");
        // project_with names documents by position, so the two texts share an id.
        assert_eq!(report.notices.len(), 1, "{:?}", report.notices);
        assert!(
            agreement(&[Input {
                name: "a.json",
                project: &a
            }])
            .is_err()
        );
    }
}
