//! Reading tokens with tags (CoNLL, Hugging Face token classification) back into
//! documents: the tag schemes those files use decoded into entities, and a text
//! rebuilt from the tokens, since such files do not hold the text itself.
//!
//! Schemes: IOB2 (`B-X` begins, `I-X` continues), IOB1 (`I-X` begins too, `B-X` only
//! between two entities of one label), BIOES/BILOU (`E-X`/`L-X` ends, `S-X`/`U-X` is a
//! single token) and IO (a bare `X` is inside an X entity). `O` is outside.

use super::labelled_text::{LabelledText, SpanIn};

/// The entities of one sentence's `tags`: `(first token, last token + 1, label)`.
/// A tag that is not one of the schemes' is a problem naming it.
pub(crate) fn entities(tags: &[&str]) -> Result<Vec<(usize, usize, String)>, String> {
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    // The open entity: its first token and label.
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (kind, label) = match tag.split_once('-') {
            _ if *tag == "O" || tag.is_empty() => ('O', ""),
            Some((prefix, label)) if prefix.len() == 1 && !label.is_empty() => {
                let kind = prefix.chars().next().expect("one character");
                if !"BIESLU".contains(kind) {
                    return Err(format!(
                        "token {}: the tag `{tag}` is not IOB, BIOES or BILOU",
                        i + 1
                    ));
                }
                (kind, label)
            }
            // IO: a bare label.
            _ => ('I', *tag),
        };
        let continues = open.as_ref().is_some_and(|(_, l)| l == label);
        match kind {
            'O' => {
                if let Some((first, label)) = open.take() {
                    out.push((first, i, label));
                }
            }
            'B' | 'S' | 'U' => {
                if let Some((first, label)) = open.take() {
                    out.push((first, i, label));
                }
                if matches!(kind, 'S' | 'U') {
                    out.push((i, i + 1, label.to_owned()));
                } else {
                    open = Some((i, label.to_owned()));
                }
            }
            // I, and the end of an entity (E, L): continue it, or begin one.
            _ => {
                if !continues {
                    if let Some((first, label)) = open.take() {
                        out.push((first, i, label));
                    }
                    open = Some((i, label.to_owned()));
                }
                if matches!(kind, 'E' | 'L')
                    && let Some((first, label)) = open.take()
                {
                    out.push((first, i + 1, label));
                }
            }
        }
    }
    if let Some((first, label)) = open {
        out.push((first, tags.len(), label));
    }
    Ok(out)
}

/// A document rebuilt from its sentences of `(token, tags)` — one tag per layer, as
/// GermEval's outer and nested columns: the tokens joined by one space, a line per
/// sentence, with each entity of each layer a span of that text.
pub(crate) fn rebuild(sentences: &[Vec<(String, Vec<String>)>]) -> Result<LabelledText, String> {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut cp = 0;
    for (s, sentence) in sentences.iter().enumerate() {
        if s > 0 {
            text.push('\n');
            cp += 1;
        }
        let mut starts = Vec::with_capacity(sentence.len());
        let mut ends = Vec::with_capacity(sentence.len());
        for (t, (token, _)) in sentence.iter().enumerate() {
            if t > 0 {
                text.push(' ');
                cp += 1;
            }
            starts.push(cp);
            text.push_str(token);
            cp += token.chars().count();
            ends.push(cp);
        }
        let layers = sentence.iter().map(|(_, tags)| tags.len()).max().unwrap_or(0);
        for layer in 0..layers {
            let tags: Vec<&str> = sentence
                .iter()
                .map(|(_, tags)| tags.get(layer).map_or("O", String::as_str))
                .collect();
            let found = entities(&tags).map_err(|e| format!("sentence {}: {e}", s + 1))?;
            for (first, after, label) in found {
                spans.push(SpanIn::new(starts[first] as u64, ends[after - 1] as u64, label));
            }
        }
    }
    Ok(LabelledText::new(text, spans))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(tags: &str) -> Vec<(usize, usize, String)> {
        entities(&tags.split(' ').collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn decodes_every_scheme() {
        let want = vec![(0, 2, "PER".to_owned()), (3, 4, "LOC".to_owned())];
        assert_eq!(spans("B-PER I-PER O B-LOC"), want, "IOB2");
        assert_eq!(spans("I-PER I-PER O I-LOC"), want, "IOB1");
        assert_eq!(spans("B-PER E-PER O S-LOC"), want, "BIOES");
        assert_eq!(spans("B-PER L-PER O U-LOC"), want, "BILOU");
        assert_eq!(spans("PER PER O LOC"), want, "IO");
        // IOB1: B- splits two entities of one label that touch.
        assert_eq!(
            spans("I-PER B-PER"),
            vec![(0, 1, "PER".to_owned()), (1, 2, "PER".to_owned())]
        );
        assert!(entities(&["X-PER"]).unwrap_err().contains("`X-PER`"));
    }

    #[test]
    fn rebuilds_the_text_from_tokens() {
        let sentence = |pairs: &[(&str, &str)]| -> Vec<(String, Vec<String>)> {
            pairs
                .iter()
                .map(|(t, g)| ((*t).to_owned(), vec![(*g).to_owned()]))
                .collect()
        };
        let doc = rebuild(&[
            sentence(&[("Лукашенко", "B-Actor"), ("said", "O")]),
            sentence(&[("12,000", "B-Figure"), ("troops", "I-Figure"), ("🇧🇾", "S-Actor")]),
        ])
        .unwrap();
        assert_eq!(doc.text, "Лукашенко said\n12,000 troops 🇧🇾");
        let quotes: Vec<String> = doc
            .spans
            .iter()
            .map(|s| {
                doc.text
                    .chars()
                    .skip(s.start as usize)
                    .take((s.end - s.start) as usize)
                    .collect()
            })
            .collect();
        assert_eq!(quotes, ["Лукашенко", "12,000 troops", "🇧🇾"]);
    }
}
