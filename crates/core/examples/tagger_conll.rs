//! The learned tagger on a CoNLL corpus, for bench/tagger (scripts/bench-tagger): the
//! files' sentences in order, the first 70% to train on and the rest to tag, with a
//! gazetteer of the training entities' words. Writes each test token with its gold and
//! predicted tag (`word\tgold\tpredicted`, a blank line between sentences) to OUT and
//! prints the timing as JSON; bench/tagger/crfsuite.py scores it beside
//! sklearn-crfsuite on the same split and features.
//!
//!   cargo run --release -p factmark-core --example tagger_conll -- OUT FILE…

use factmark_core::tagger::{Example, Gazetteer, Settings, Tagger, features};
use std::time::Instant;

/// A sentence: each token's word and tag.
type Sentence = Vec<(String, String)>;

fn read(paths: &[String]) -> Vec<Sentence> {
    let mut sentences = vec![Vec::new()];
    for path in paths {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for line in text.lines() {
            let mut parts = line.split('\t');
            match (parts.next(), parts.next()) {
                (Some(word), Some(tag)) if !word.is_empty() => sentences
                    .last_mut()
                    .expect("never empty")
                    .push((word.to_owned(), tag.trim().to_owned())),
                _ => sentences.push(Vec::new()),
            }
        }
        sentences.push(Vec::new());
    }
    sentences.retain(|s| !s.is_empty());
    sentences
}

/// The entities of a sentence: (label, its words).
fn entities(sentence: &Sentence) -> Vec<(String, Vec<&str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    for (word, tag) in sentence {
        if let Some(label) = tag.strip_prefix("B-") {
            out.push((label.to_owned(), vec![word.as_str()]));
        } else if let (Some(label), Some(last)) = (tag.strip_prefix("I-"), out.last_mut())
            && last.0 == label
        {
            last.1.push(word.as_str());
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, files) = args.split_first().expect("usage: tagger_conll OUT FILE…");
    let sentences = read(files);
    let split = sentences.len() * 7 / 10;
    let (train, test) = sentences.split_at(split);
    let mut labels: Vec<String> = train
        .iter()
        .flatten()
        .filter_map(|(_, t)| t.strip_prefix("B-").map(str::to_owned))
        .collect();
    labels.sort();
    labels.dedup();
    let tags = Tagger::tags_for(&labels);
    let started = Instant::now();
    let mut gazetteer = Gazetteer::default();
    // NO_GAZETTEER=1: without it (on both sides).
    let use_gazetteer = std::env::var_os("NO_GAZETTEER").is_none();
    for sentence in train.iter().filter(|_| use_gazetteer) {
        for (label, words) in entities(sentence) {
            gazetteer.add_words(&words, &label);
        }
    }
    let example = |s: &Sentence| {
        let words: Vec<&str> = s.iter().map(|(w, _)| w.as_str()).collect();
        Example {
            features: (0..words.len())
                .map(|i| features(&words, i, &gazetteer))
                .collect(),
            tags: s
                .iter()
                .map(|(_, t)| tags.iter().position(|x| x == t).unwrap_or(0))
                .collect(),
        }
    };
    let examples: Vec<Example> = train.iter().map(example).collect();
    let settings = Settings::default();
    let tagger = Tagger::train(tags.clone(), &examples, settings);
    let train_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let mut written = String::new();
    for sentence in test {
        let (path, _) = tagger.tag(&example(sentence).features);
        for ((word, gold), predicted) in sentence.iter().zip(path) {
            written.push_str(&format!("{word}\t{gold}\t{}\n", tags[predicted]));
        }
        written.push('\n');
    }
    let tag_ms = started.elapsed().as_secs_f64() * 1000.0;
    std::fs::write(out, written).unwrap_or_else(|e| panic!("{out}: {e}"));
    let tokens = |s: &[Sentence]| s.iter().map(Vec::len).sum::<usize>();
    println!(
        "{{\"train_sentences\": {}, \"train_tokens\": {}, \"test_sentences\": {}, \"test_tokens\": {}, \"epochs\": {}, \"train_ms\": {train_ms:.1}, \"tag_ms\": {tag_ms:.1}}}",
        train.len(),
        tokens(train),
        test.len(),
        tokens(test),
        settings.epochs
    );
}
