//! A learned tagger: an averaged structured perceptron over token features (Collins
//! 2002), decoded with Viterbi under BIO constraints, trained on a project's own
//! annotations and predicting suggestions for its other documents.
//!
//! ```text
//!  tokens:   Lukashenko  said  30,000  Russian  troops  stayed
//!  tags:     B-Actor     O     B-Figure O       O       O
//! ```
//!
//! Each token has the features of [`features`] (its word, lower case, shape, prefixes
//! and suffixes, its neighbours', and the project's own gazetteer: the strings marked
//! with each label); a tag's score at a token is the sum of its weights for the
//! token's features, plus the weight of the tag after the one before. Training decodes
//! each sentence with the current weights and, where the best path differs from the
//! gold tags, adds one to the gold path's features and takes one from the predicted
//! path's; the weights used are the average over every step (which generalises much
//! better than the last ones). `I-X` may only follow `B-X` or `I-X`, so every
//! prediction is a set of whole spans.
//!
//! The model works on any sequences of tokens and tags ([`Tagger::train`],
//! [`Tagger::tag`]), so it can be measured on a public corpus as well as trained on a
//! project ([`train_on_project`], [`suggest`]).

use crate::document::DocId;
use crate::format::tokens;
use crate::project::Project;
use crate::span::Span;
use crate::suggest::{Open, Origin, Suggestion};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A token's features, hashed.
pub type Features = Vec<u64>;

/// A training sentence: each token's features and its gold tag (an index into the
/// tagger's tags).
pub struct Example {
    /// Per token.
    pub features: Vec<Features>,
    /// Per token.
    pub tags: Vec<usize>,
}

/// How training goes.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Seed of the order the sentences are taken in each pass.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { epochs: 8, seed: 17 }
    }
}

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    tags: Vec<String>,
    /// Feature → row of `weights` (one weight per tag).
    rows: HashMap<u64, usize, BuildHasherDefault<Spread>>,
    weights: Vec<f32>,
    /// `transitions[(from + 1) * n + to]`; row 0 is the sentence start.
    transitions: Vec<f32>,
    /// Whether tag `to` may follow tag `from` (row 0: the start).
    allowed: Vec<bool>,
}

/// The averaging state of one weight vector while training (Daumé's trick: the sum
/// of the weights over every step is kept without touching every weight every step).
struct Averaged {
    current: Vec<f32>,
    /// Sum of `step × update` over updates.
    stamped: Vec<f64>,
}

impl Averaged {
    fn new(len: usize) -> Averaged {
        Averaged {
            current: vec![0.0; len],
            stamped: vec![0.0; len],
        }
    }

    fn add(&mut self, at: usize, by: f32, step: f64) {
        if at >= self.current.len() {
            self.current.resize(at + 1, 0.0);
            self.stamped.resize(at + 1, 0.0);
        }
        self.current[at] += by;
        self.stamped[at] += step * by as f64;
    }

    /// The average over `steps` steps: w − (Σ step·Δ) / steps.
    fn average(&self, steps: f64) -> Vec<f32> {
        self.current
            .iter()
            .zip(&self.stamped)
            .map(|(w, s)| (*w as f64 - s / steps) as f32)
            .collect()
    }
}

impl Tagger {
    /// The tags, `O` first, then `B-X` and `I-X` for each label given.
    pub fn tags_for(labels: &[String]) -> Vec<String> {
        let mut tags = vec!["O".to_owned()];
        for label in labels {
            tags.push(format!("B-{label}"));
            tags.push(format!("I-{label}"));
        }
        tags
    }

    /// Trains on `examples`, whose tags index `tags` (as [`Tagger::tags_for`] makes them).
    pub fn train(tags: Vec<String>, examples: &[Example], settings: Settings) -> Tagger {
        let n = tags.len();
        let allowed = allowed(&tags);
        let mut tagger = Tagger {
            tags,
            rows: HashMap::default(),
            weights: Vec::new(),
            transitions: vec![0.0; (n + 1) * n],
            allowed,
        };
        // Every feature seen in training gets its row up front.
        for example in examples {
            for features in &example.features {
                for f in features {
                    let next = tagger.rows.len();
                    tagger.rows.entry(*f).or_insert(next);
                }
            }
        }
        // Each token's features as rows, looked up once rather than at every pass.
        let rows: Vec<Vec<Vec<usize>>> = examples
            .iter()
            .map(|e| {
                e.features
                    .iter()
                    .map(|fs| fs.iter().map(|f| tagger.rows[f]).collect())
                    .collect()
            })
            .collect();
        let mut weights = Averaged::new(tagger.rows.len() * n);
        let mut transitions = Averaged::new((n + 1) * n);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = settings.seed | 1;
        let mut step = 1.0f64;
        for _ in 0..settings.epochs {
            shuffle(&mut order, &mut rng);
            for &i in &order {
                let (example, rows) = (&examples[i], &rows[i]);
                let emissions: Vec<Vec<f32>> = rows.iter().map(|r| emit(&weights.current, n, r)).collect();
                let predicted = decode(&tagger.allowed, &transitions.current, n, &emissions).0;
                if predicted != example.tags {
                    for (t, token_rows) in rows.iter().enumerate() {
                        let (gold, guess) = (example.tags[t], predicted[t]);
                        let (gold_before, guess_before) = if t == 0 {
                            (0, 0)
                        } else {
                            (example.tags[t - 1] + 1, predicted[t - 1] + 1)
                        };
                        if gold != guess {
                            for row in token_rows {
                                weights.add(row * n + gold, 1.0, step);
                                weights.add(row * n + guess, -1.0, step);
                            }
                        }
                        if gold != guess || gold_before != guess_before {
                            transitions.add(gold_before * n + gold, 1.0, step);
                            transitions.add(guess_before * n + guess, -1.0, step);
                        }
                    }
                }
                step += 1.0;
            }
        }
        tagger.weights = weights.average(step);
        tagger.transitions = transitions.average(step);
        tagger
    }

    /// The tags, `O` first.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The best tags for a sentence's tokens, each with how sure the tagger is of it
    /// (0.5–1: the logistic of the margin between the best tag and the runner-up).
    pub fn tag(&self, features: &[Features]) -> (Vec<usize>, Vec<f64>) {
        let n = self.tags.len();
        let emissions: Vec<Vec<f32>> = features
            .iter()
            .map(|fs| {
                let rows: Vec<usize> = fs.iter().filter_map(|f| self.rows.get(f).copied()).collect();
                emit(&self.weights, n, &rows)
            })
            .collect();
        decode(&self.allowed, &self.transitions, n, &emissions)
    }
}

/// Each of `n` tags' score at a token with the features at `rows` of `weights`.
fn emit(weights: &[f32], n: usize, rows: &[usize]) -> Vec<f32> {
    let mut scores = vec![0.0f32; n];
    for row in rows {
        if let Some(ws) = weights.get(row * n..row * n + n) {
            for (s, w) in scores.iter_mut().zip(ws) {
                *s += w;
            }
        }
    }
    scores
}

/// The best tag sequence for tokens with `emissions`, under `transitions` and the
/// `allowed` ones, and how sure it is at each token.
fn decode(allowed: &[bool], transitions: &[f32], n: usize, emissions: &[Vec<f32>]) -> (Vec<usize>, Vec<f64>) {
    let len = emissions.len();
    if len == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut score = vec![f32::NEG_INFINITY; len * n];
    let mut back = vec![0usize; len * n];
    let mut margins = vec![0.0f64; len];
    for (t, emit) in emissions.iter().enumerate() {
        for y in 0..n {
            let (mut best, mut from) = (f32::NEG_INFINITY, 0);
            if t == 0 {
                if allowed[y] {
                    best = transitions[y];
                }
            } else {
                for p in 0..n {
                    if !allowed[(p + 1) * n + y] {
                        continue;
                    }
                    let s = score[(t - 1) * n + p] + transitions[(p + 1) * n + y];
                    if s > best {
                        (best, from) = (s, p);
                    }
                }
            }
            score[t * n + y] = best + emit[y];
            back[t * n + y] = from;
        }
    }
    let last = &score[(len - 1) * n..];
    let mut y = (0..n).max_by(|a, b| last[*a].total_cmp(&last[*b])).unwrap_or(0);
    let mut path = vec![0; len];
    for t in (0..len).rev() {
        path[t] = y;
        // How far the chosen tag is ahead of the next best at this token.
        let row = &score[t * n..t * n + n];
        let runner_up = (0..n)
            .filter(|&o| o != y)
            .map(|o| row[o])
            .fold(f32::NEG_INFINITY, f32::max);
        let margin = (row[y] - runner_up) as f64;
        margins[t] = if margin.is_finite() {
            1.0 / (1.0 + (-margin).exp())
        } else {
            1.0
        };
        y = back[t * n + y];
    }
    (path, margins)
}

/// Which transitions the BIO scheme allows: `I-X` only after `B-X` or `I-X`.
fn allowed(tags: &[String]) -> Vec<bool> {
    let n = tags.len();
    let mut allowed = vec![true; (n + 1) * n];
    for (to, tag) in tags.iter().enumerate() {
        let Some(label) = tag.strip_prefix("I-") else {
            continue;
        };
        allowed[to] = false; // not at the start
        for (from, before) in tags.iter().enumerate() {
            let fits = before.strip_prefix("B-").or_else(|| before.strip_prefix("I-")) == Some(label);
            allowed[(from + 1) * n + to] = fits;
        }
    }
    allowed
}

/// A Fisher–Yates shuffle with xorshift64.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        order.swap(i, (*state % (i as u64 + 1)) as usize);
    }
}

/// The hasher of the rows' map: its keys are FNV hashes already, so one multiply
/// spreads them over the table (a general-purpose hasher would hash them again, and the
/// lookups are most of tagging).
#[derive(Default)]
struct Spread(u64);

impl Hasher for Spread {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// FNV-1a over a feature's template number and text.
fn hash(template: u8, text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ template as u64;
    h = h.wrapping_mul(0x0000_0100_0000_01b3);
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A word's shape, runs collapsed: "Lukashenko" → "Xx", "30,000" → "d,d", "NATO" → "X",
/// "Су-25" → "Xx-d".
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !out.ends_with(class) {
            out.push(class);
        }
    }
    out
}

/// The strings marked with each label, lower-cased, each as its words: a token is "in
/// the gazetteer for X" when it is one of the words of a string marked X.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    words: HashMap<String, BTreeSet<String>>,
}

impl Gazetteer {
    /// Adds `string`'s words under `label`.
    pub fn add(&mut self, string: &str, label: &str) {
        let words: Vec<&str> = tokens::words(string).iter().map(|t| t.text).collect();
        self.add_words(&words, label);
    }

    /// Adds words already cut into tokens (a corpus's own tokens) under `label`.
    pub fn add_words(&mut self, words: &[&str], label: &str) {
        for word in words {
            if word.chars().any(char::is_alphanumeric) {
                self.words
                    .entry(word.to_lowercase())
                    .or_default()
                    .insert(label.to_owned());
            }
        }
    }

    fn labels_of(&self, lower: &str) -> impl Iterator<Item = &String> {
        self.words.get(lower).into_iter().flatten()
    }
}

/// The features of token `i` of a sentence of `words`: bias; the word, lower-cased;
/// its shape; its first and last 1–3 characters; whether it is all upper case, title
/// case or digits; the lower-cased words one and two either side (or the sentence's
/// start and end), the neighbours' title and upper case; and the labels the gazetteer
/// has for it and its neighbours.
pub fn features(words: &[&str], i: usize, gazetteer: &Gazetteer) -> Features {
    let lowers: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    features_of(words, &lowers, i, gazetteer)
}

/// [`features`] of every token of a sentence of `words`, each word lower-cased once.
pub fn sentence_features(words: &[&str], gazetteer: &Gazetteer) -> Vec<Features> {
    let lowers: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    (0..words.len())
        .map(|i| features_of(words, &lowers, i, gazetteer))
        .collect()
}

/// [`features`] of token `i`, given every word lower-cased (`lowers`).
fn features_of(words: &[&str], lowers: &[String], i: usize, gazetteer: &Gazetteer) -> Features {
    let word = words[i];
    let lower = lowers[i].as_str();
    let mut out = Vec::with_capacity(24);
    let mut push = |template: u8, text: &str| out.push(hash(template, text));
    push(0, "");
    push(1, lower);
    push(2, &shape(word));
    // The first and last 1–3 characters, as slices of the word at character edges.
    let edges: Vec<usize> = lower
        .char_indices()
        .map(|(at, _)| at)
        .chain([lower.len()])
        .collect();
    let count = edges.len() - 1;
    for k in 1..=3 {
        if count >= k {
            push(2 + k as u8, &lower[..edges[k]]);
            push(5 + k as u8, &lower[edges[count - k]..]);
        }
    }
    let upper = |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    let title = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if upper(word) {
        push(9, "");
    }
    if title(word) {
        push(10, "");
    }
    if word.chars().all(|c| c.is_numeric()) {
        push(11, "");
    }
    for (template, offset) in [(12u8, -2isize), (13, -1), (14, 1), (15, 2)] {
        let at = i as isize + offset;
        match usize::try_from(at)
            .ok()
            .and_then(|at| words.get(at).zip(lowers.get(at)))
        {
            Some((w, w_lower)) => {
                push(template, w_lower);
                if offset.abs() == 1 {
                    if title(w) {
                        push(template + 10, "");
                    }
                    if upper(w) {
                        push(template + 20, "");
                    }
                }
            }
            None => push(template, if offset < 0 { "<s>" } else { "</s>" }),
        }
    }
    for label in gazetteer.labels_of(lower) {
        push(40, label);
    }
    for (template, offset) in [(41u8, -1isize), (42, 1)] {
        let at = i as isize + offset;
        if let Some(w_lower) = usize::try_from(at).ok().and_then(|at| lowers.get(at)) {
            for label in gazetteer.labels_of(w_lower) {
                push(template, label);
            }
        }
    }
    out
}

/// The sentences of `document` ([`sentences`]) without the tokens in text set aside as
/// not the article ([`crate::ignored`]): the tagger neither learns from site clutter nor
/// suggests in it.
fn sentences_outside(document: &crate::Document) -> Vec<Vec<tokens::Token<'_>>> {
    let mut out = sentences(document.text());
    if !document.ignored().is_empty() {
        for sentence in &mut out {
            let kept = tokens::outside(std::mem::take(sentence), document.ignored());
            *sentence = kept;
        }
        out.retain(|s| !s.is_empty());
    }
    out
}

/// A document cut into sentences of word tokens (at `.`, `!`, `?` or `…` before white
/// space, and at line breaks).
fn sentences(text: &str) -> Vec<Vec<tokens::Token<'_>>> {
    let mut out = vec![Vec::new()];
    let all = tokens::words(text);
    let mut line_of = 0usize;
    let breaks: Vec<usize> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| *c == '\n')
        .map(|(i, _)| i)
        .collect();
    for token in all {
        // A line break since the last token ends the sentence.
        let line = breaks.partition_point(|&b| b < token.start);
        if line != line_of && !out.last().is_some_and(Vec::is_empty) {
            out.push(Vec::new());
        }
        line_of = line;
        let ends = matches!(token.text, "." | "!" | "?" | "…") && token.space_after;
        out.last_mut().expect("never empty").push(token);
        if ends {
            out.push(Vec::new());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The labels the tagger is trained for: those of the project's annotations.
fn labels_in(project: &Project) -> Vec<String> {
    let used: BTreeSet<&str> = project.annotations().map(|a| a.label.as_str()).collect();
    project
        .labels()
        .iter()
        .map(|l| l.name.clone())
        .filter(|name| used.contains(name.as_str()))
        .collect()
}

/// A tagger trained on a project, and the gazetteer it was trained with.
#[derive(Debug, Clone)]
pub struct ProjectTagger {
    /// The model.
    pub tagger: Tagger,
    /// The strings marked per label.
    pub gazetteer: Gazetteer,
    /// Tokens it was trained on.
    pub tokens: usize,
}

/// Trains a tagger on `project`: every sentence of every document with annotations,
/// each token tagged by the annotation over it (where annotations overlap, the one
/// starting first, then the longest), and the sentences of rejected suggestions,
/// whose tokens are taught as not that label. `None` when nothing is marked.
pub fn train_on_project(project: &Project, settings: Settings) -> Option<ProjectTagger> {
    let labels = labels_in(project);
    if labels.is_empty() {
        return None;
    }
    let tags = Tagger::tags_for(&labels);
    let index: HashMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
    let mut gazetteer = Gazetteer::default();
    for a in project.annotations() {
        gazetteer.add(a.anchor.quote(), &a.label);
    }
    let rejected_in: BTreeMap<&DocId, Vec<Span>> =
        project
            .rejected()
            .iter()
            .filter(|p| !p.is_link())
            .fold(BTreeMap::new(), |mut m, p| {
                m.entry(&p.document).or_insert_with(Vec::new).push(p.span);
                m
            });
    let mut examples = Vec::new();
    let mut count = 0;
    for document in project.documents() {
        let mut spans: Vec<(Span, usize)> = project
            .annotations_in(document.id())
            .filter_map(|a| index.get(a.label.as_str()).map(|&l| (a.span(), l)))
            .collect();
        let rejections = rejected_in.get(document.id());
        if spans.is_empty() && rejections.is_none() {
            continue;
        }
        // Longest first at each start, then no overlaps.
        spans.sort_by_key(|(s, _)| (s.start(), std::cmp::Reverse(s.end())));
        let mut kept: Vec<(Span, usize)> = Vec::new();
        for (span, label) in spans {
            if kept.last().is_none_or(|(k, _)| k.end() <= span.start()) {
                kept.push((span, label));
            }
        }
        let annotated = !kept.is_empty();
        for sentence in sentences_outside(document) {
            let touches_rejection = rejections.is_some_and(|r| {
                r.iter()
                    .any(|s| s.start() < sentence[sentence.len() - 1].end && s.end() > sentence[0].start)
            });
            if !annotated && !touches_rejection {
                continue;
            }
            let words: Vec<&str> = sentence.iter().map(|t| t.text).collect();
            let mut gold = vec![0usize; words.len()];
            for (t, token) in sentence.iter().enumerate() {
                let covering = kept.partition_point(|(s, _)| s.end() <= token.start);
                if let Some((span, label)) = kept.get(covering)
                    && span.start() < token.end
                {
                    let first = t == 0 || sentence[t - 1].end <= span.start();
                    gold[t] = 1 + 2 * label + usize::from(!first);
                }
            }
            count += words.len();
            examples.push(Example {
                features: sentence_features(&words, &gazetteer),
                tags: gold,
            });
        }
    }
    if examples.is_empty() {
        return None;
    }
    Some(ProjectTagger {
        tagger: Tagger::train(tags, &examples, settings),
        gazetteer,
        tokens: count,
    })
}

/// The tagger's suggestions for document `doc`: each predicted span not marked with
/// its label already and not rejected, scored by the tagger's least sure token in it.
pub fn suggest(model: &ProjectTagger, project: &Project, doc: &DocId) -> Vec<Suggestion> {
    let Some(document) = project.document(doc) else {
        return Vec::new();
    };
    let open = Open::new(project, doc);
    let tags = model.tagger.tags();
    let mut out = Vec::new();
    for sentence in sentences_outside(document) {
        let words: Vec<&str> = sentence.iter().map(|t| t.text).collect();
        let features = sentence_features(&words, &model.gazetteer);
        let (path, sure) = model.tagger.tag(&features);
        let mut t = 0;
        while t < path.len() {
            let Some(label) = tags[path[t]].strip_prefix("B-") else {
                t += 1;
                continue;
            };
            let mut end = t + 1;
            while end < path.len() && tags[path[end]].strip_prefix("I-") == Some(label) {
                end += 1;
            }
            let score = sure[t..end].iter().copied().fold(1.0, f64::min);
            if let Ok(span) = Span::new(sentence[t].start, sentence[end - 1].end)
                && open.admits(span, label)
            {
                out.push(Suggestion {
                    document: doc.clone(),
                    span,
                    label: label.to_owned(),
                    origin: Origin::Model,
                    score,
                });
            }
            t = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Action;
    use crate::project::tests::{mark_piece, project_with};
    use crate::suggest::Place;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Lukashenko"), "Xx");
        assert_eq!(shape("30,000"), "d,d");
        assert_eq!(shape("NATO"), "X");
        assert_eq!(shape("Су-25"), "Xx-d");
    }

    #[test]
    fn bio_constraints_forbid_an_inside_tag_without_its_beginning() {
        let tags = Tagger::tags_for(&["Actor".into(), "Figure".into()]);
        let allowed = allowed(&tags);
        let n = tags.len();
        // Tags: O, B-Actor, I-Actor, B-Figure, I-Figure; `None` is the start.
        let follows = |from: Option<usize>, to: usize| allowed[from.map_or(0, |f| f + 1) * n + to];
        assert!(!follows(None, 2), "I-Actor cannot start a sentence");
        assert!(follows(Some(1), 2), "B-Actor → I-Actor");
        assert!(follows(Some(2), 2), "I-Actor → I-Actor");
        assert!(!follows(Some(3), 2), "B-Figure → I-Actor");
        assert!(!follows(Some(0), 2), "O → I-Actor");
        assert!(
            follows(None, 1) && follows(Some(2), 0),
            "B- starts, O follows anything"
        );
    }

    /// A tiny corpus where Actors are title-case words after "President" and Figures
    /// are numbers before "troops": the tagger learns both and finds new ones.
    #[test]
    fn it_learns_from_a_project_and_suggests_in_another_document() {
        let train = "President Lukashenko said 30,000 troops came.\nPresident Putin said 9,000 troops left.\n\
                     President Zelensky said 12 troops stayed.\nPresident Macron said 400 troops went.";
        let mut p = project_with(&[train, "Later President Tokayev said 7,500 troops waited."]);
        let d0 = DocId("d0".into());
        for name in ["Lukashenko", "Putin", "Zelensky", "Macron"] {
            mark_piece(&mut p, "d0", name, 0, "Actor");
        }
        for n in ["30,000", "9,000", "12", "400"] {
            mark_piece(&mut p, "d0", n, 0, "Figure");
        }
        let model = train_on_project(&p, Settings::default()).unwrap();
        assert_eq!(model.tokens, 28);
        let found = suggest(&model, &p, &DocId("d1".into()));
        let text = p.document(&DocId("d1".into())).unwrap().text();
        let got: Vec<(String, &str)> = found
            .iter()
            .map(|s| {
                (
                    text.chars().skip(s.span.start()).take(s.span.len()).collect(),
                    s.label.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [("Tokayev".to_owned(), "Actor"), ("7,500".to_owned(), "Figure")]
        );
        assert!(
            found
                .iter()
                .all(|s| s.origin == Origin::Model && s.score > 0.5 && s.score <= 1.0)
        );
        // Nothing new in the training document: its marks are not suggested again.
        assert!(suggest(&model, &p, &d0).is_empty());
    }

    #[test]
    fn a_rejected_suggestion_is_negative_evidence() {
        let train = "Minsk said no. Minsk said yes. Minsk said so.";
        let mut p = project_with(&[train, "Brest said maybe.", "Brest said again."]);
        for nth in 0..3 {
            mark_piece(&mut p, "d0", "Minsk", nth, "Actor");
        }
        let (d1, d2) = (DocId("d1".into()), DocId("d2".into()));
        let model = train_on_project(&p, Settings::default()).unwrap();
        assert_eq!(model.tokens, 12);
        let before = suggest(&model, &p, &d2);
        assert_eq!(
            before.len(),
            1,
            "a title-case word before \"said\" looks like an Actor"
        );
        // Rejected in d1: that sentence is trained on as not an Actor, and the same
        // word in d2 is no longer suggested.
        p.apply(Action::Reject(Place {
            document: d1.clone(),
            span: Span::new(0, 5).unwrap(),
            label: "Actor".into(),
            to: None,
        }))
        .unwrap();
        let model = train_on_project(&p, Settings::default()).unwrap();
        assert_eq!(model.tokens, 12 + 4);
        assert!(suggest(&model, &p, &d1).is_empty());
        assert!(
            suggest(&model, &p, &d2).is_empty(),
            "{:?}",
            suggest(&model, &p, &d2)
        );
        let nothing = project_with(&["no marks"]);
        assert!(train_on_project(&nothing, Settings::default()).is_none());
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks() {
        let s = sentences("One two. Three\r\nfour 🇧🇾 five");
        let texts: Vec<Vec<&str>> = s.iter().map(|s| s.iter().map(|t| t.text).collect()).collect();
        assert_eq!(
            texts,
            [vec!["One", "two", "."], vec!["Three"], vec!["four", "🇧🇾", "five"]]
        );
    }
}
