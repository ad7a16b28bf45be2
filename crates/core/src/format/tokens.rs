//! The tokenizer behind the token-based formats (CoNLL, Hugging Face, Prodigy, spaCy
//! DocBin), and the checks that keep a span from being silently moved onto tokens.
//!
//! # The tokenizer
//!
//! A text is cut at its Unicode word boundaries (UAX #29, the same rules the reader
//! snaps selections to), and each piece is cut again wherever white space starts or
//! stops, so a token is never partly white space:
//!
//! ```text
//!  text:    Лукашенко said "12,000 troops" 🇧🇾.
//!  tokens:  Лукашенко│said│"│12,000│troops│"│🇧🇾│.
//! ```
//!
//! Numbers with separators (`12,000`), words with apostrophes (`don't`), emoji
//! sequences and flags stay whole; punctuation is a token of its own.
//! [`words`] gives the tokens that are not white space (CoNLL, Hugging Face, Prodigy).
//! [`spacy_tokens`] covers the whole text as spaCy's `Doc(words, spaces)` needs it: a
//! single U+0020 after a token is that token's trailing space, and any other run of
//! white space (line breaks, a second space, NBSP) is a token of its own, as spaCy's
//! own tokenizer does it.
//!
//! # Alignment
//!
//! A span can be written in a token-based format only when it starts where a token
//! starts and ends where a token ends ([`align`]). Spans made in factmark are snapped
//! to words unless Alt was held, so almost all align; one that does not is reported by
//! its id and left out, never moved.

use crate::annotation::AnnotationId;
use crate::span::Span;
use std::cmp::Reverse;
use unicode_segmentation::UnicodeSegmentation;

/// A token: its text and its code point offsets, half-open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token's text.
    pub text: &'a str,
    /// Code point offset of its first character.
    pub start: usize,
    /// Code point offset just past its last character.
    pub end: usize,
    /// For [`words`]: white space follows it. For [`spacy_tokens`]: one U+0020
    /// follows it that belongs to no token (spaCy's `whitespace_`).
    pub space_after: bool,
}

impl Token<'_> {
    /// Whether the token is white space.
    pub fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// `text` cut into pieces that are each all white space or all not, white space
/// runs merged, with their code point offsets.
fn pieces(text: &str) -> Vec<Token<'_>> {
    let mut pieces: Vec<Token<'_>> = Vec::new();
    let mut cp = 0;
    for (at, segment) in text.split_word_bound_indices() {
        let mut run_start = 0;
        let mut run_cp = cp;
        let mut run_space = None;
        for (i, ch) in segment.char_indices() {
            let space = ch.is_whitespace();
            if run_space.is_some_and(|s| s != space) {
                push_piece(&mut pieces, text, at + run_start, at + i, run_cp, cp);
                run_start = i;
                run_cp = cp;
            }
            run_space = Some(space);
            cp += 1;
        }
        push_piece(&mut pieces, text, at + run_start, at + segment.len(), run_cp, cp);
    }
    pieces
}

fn push_piece<'a>(
    pieces: &mut Vec<Token<'a>>,
    text: &'a str,
    from: usize,
    to: usize,
    start: usize,
    end: usize,
) {
    let piece = Token {
        text: &text[from..to],
        start,
        end,
        space_after: false,
    };
    if let Some(last) = pieces.last_mut()
        && last.is_space()
        && piece.is_space()
    {
        let last_from = to - piece.text.len() - last.text.len();
        *last = Token {
            text: &text[last_from..to],
            end,
            ..*last
        };
        return;
    }
    pieces.push(piece);
}

/// The tokens of `text` that are not white space, each marked with whether white
/// space follows it.
pub fn words(text: &str) -> Vec<Token<'_>> {
    let pieces = pieces(text);
    let mut words = Vec::with_capacity(pieces.len());
    for (i, piece) in pieces.iter().enumerate() {
        if !piece.is_space() {
            let space_after = pieces.get(i + 1).is_some_and(Token::is_space);
            words.push(Token {
                space_after,
                ..*piece
            });
        }
    }
    words
}

/// `tokens` without those that share a code point with one of `regions` (normalized:
/// text set aside as not the article, [`crate::ignored`]).
pub fn outside<'a>(mut tokens: Vec<Token<'a>>, regions: &[crate::Span]) -> Vec<Token<'a>> {
    if !regions.is_empty() {
        tokens.retain(|t| {
            crate::Span::new(t.start, t.end).map_or(true, |span| !crate::ignored::touches(regions, span))
        });
    }
    tokens
}

/// Tokens that cover all of `text`, as spaCy's `Doc(words, spaces)` takes them: the
/// texts of the tokens, each followed by a space where `space_after`, spell `text`
/// exactly.
pub fn spacy_tokens(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token<'_>> = Vec::new();
    for piece in pieces(text) {
        if piece.is_space()
            && let Some(last) = tokens.last_mut()
            && !last.is_space()
            && piece.text.starts_with(' ')
        {
            last.space_after = true;
            if piece.text.len() > 1 {
                tokens.push(Token {
                    text: &piece.text[1..],
                    start: piece.start + 1,
                    end: piece.end,
                    space_after: false,
                });
            }
            continue;
        }
        tokens.push(piece);
    }
    tokens
}

/// The first and last token (inclusive) of `span`, or why it does not fall on token
/// boundaries. `tokens` must be in text order.
pub fn align(tokens: &[Token<'_>], span: Span) -> Result<(usize, usize), String> {
    let edge = |at: usize, key: fn(&Token<'_>) -> usize, what: &str| {
        tokens.binary_search_by_key(&at, key).map_err(|_| {
            let inside = tokens.partition_point(|t| t.end <= at);
            match tokens.get(inside) {
                Some(t) if t.start < at => format!(
                    "it {what} inside the token `{}` (code points {}–{})",
                    t.text, t.start, t.end
                ),
                _ => format!("it {what} in white space, not at a token"),
            }
        })
    };
    let first = edge(span.start(), |t| t.start, "starts")?;
    let last = edge(span.end(), |t| t.end, "ends")?;
    Ok((first, last))
}

/// A span with the id of its annotation and whatever the caller carries along.
pub type Keyed<'a, T> = (Span, &'a AnnotationId, T);

/// An annotation left out, and the kept one it overlaps.
pub type LeftOut<'a> = (&'a AnnotationId, &'a AnnotationId);

/// The spans to keep so that none overlaps another — earlier starts first, the longer
/// of two with the same start first — and, for each one left out, the id of the kept
/// span it overlaps.
pub fn without_overlaps<'a, T: Copy>(mut spans: Vec<Keyed<'a, T>>) -> (Vec<Keyed<'a, T>>, Vec<LeftOut<'a>>) {
    spans.sort_by_key(|(span, id, _)| (span.start(), Reverse(span.end()), *id));
    let mut kept: Vec<(Span, &AnnotationId, T)> = Vec::with_capacity(spans.len());
    let mut left_out = Vec::new();
    for item in spans {
        match kept.last() {
            Some((last, last_id, _)) if last.end() > item.0.start() => left_out.push((item.1, *last_id)),
            _ => kept.push(item),
        }
    }
    (kept, left_out)
}

/// The tokens of a text rebuilt from tokens (see [`realign`]) with their code point
/// offsets, or `None` when `text` is not such a text: its tokens joined by single
/// spaces, one line per sentence.
fn rebuilt_tokens(text: &str) -> Option<Vec<(&str, usize, usize)>> {
    let mut out = Vec::new();
    let mut cp = 0;
    for (l, line) in text.split('\n').enumerate() {
        if l > 0 {
            cp += 1;
        }
        for (t, token) in line.split(' ').enumerate() {
            if t > 0 {
                cp += 1;
            }
            if token.is_empty() || token.chars().any(char::is_whitespace) {
                return None;
            }
            let len = token.chars().count();
            out.push((token, cp, cp + len));
            cp += len;
        }
    }
    Some(out)
}

/// Puts the spans of documents rebuilt from tokens (CoNLL, Hugging Face) back on the
/// texts they were made from: a rebuilt document whose tokens are, one for one, the
/// [`words`] of a text of the file or of `texts` (name, text) moves onto that text, and
/// its spans onto the same tokens there, so an export read back beside its texts is
/// the project it came from. Each moved document is counted.
pub fn realign(file: &mut super::native::NativeFile, texts: &[(&str, &str)]) -> Vec<super::Unread> {
    let texts: Vec<(&str, &str, &[Span])> = texts.iter().map(|&(name, text)| (name, text, &[][..])).collect();
    realign_in(file, &texts)
}

/// [`realign`] onto texts (name, text, text set aside in it) whose exports left out the
/// tokens set aside as not the article ([`crate::ignored`]): a rebuilt document matches
/// a text by all its words, or by its words outside those regions.
pub fn realign_in(
    file: &mut super::native::NativeFile,
    texts: &[(&str, &str, &[Span])],
) -> Vec<super::Unread> {
    use super::native::FileDocument;
    use std::collections::HashMap;
    // Each rebuilt document's place in the file and its tokens (text, start, end).
    type Rebuilt = (usize, Vec<(String, usize, usize)>);
    let rebuilt: Vec<Rebuilt> = file
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let tokens = rebuilt_tokens(d.text.as_deref()?)?;
            Some((
                i,
                tokens.into_iter().map(|(t, s, e)| (t.to_owned(), s, e)).collect(),
            ))
        })
        .collect();
    if rebuilt.is_empty() {
        return Vec::new();
    }
    // Candidate texts by their token sequence: the file's own (not rebuilt) and the given.
    let rebuilt_ids: Vec<crate::document::DocId> = rebuilt
        .iter()
        .map(|(i, _)| file.documents[*i].id.clone())
        .collect();
    type Candidate<'t> = (
        Option<crate::document::DocId>,
        &'t str,
        &'t str,
        Vec<Token<'t>>,
        &'t [Span],
    );
    let mut candidates: HashMap<Vec<&str>, Candidate> = HashMap::new();
    let own: Vec<(crate::document::DocId, String, String, Vec<Span>)> = file
        .documents
        .iter()
        .filter(|d| !rebuilt_ids.contains(&d.id))
        .filter_map(|d| Some((d.id.clone(), d.title.clone(), d.text.clone()?, d.ignored.clone())))
        .collect();
    let offered = own
        .iter()
        .map(|(id, title, text, aside)| (Some(id.clone()), title.as_str(), text.as_str(), aside.as_slice()))
        .chain(texts.iter().map(|&(name, text, aside)| (None, name, text, aside)));
    for (id, name, text, aside) in offered {
        let all = words(text);
        let kept = outside(all.clone(), aside);
        for tokens in if kept.len() < all.len() {
            vec![all, kept]
        } else {
            vec![all]
        } {
            let key: Vec<&str> = tokens.iter().map(|t| t.text).collect();
            candidates
                .entry(key)
                .or_insert((id.clone(), name, text, tokens, aside));
        }
    }
    let mut moved = 0;
    let mut gone: Vec<crate::document::DocId> = Vec::new();
    for (index, tokens) in &rebuilt {
        let key: Vec<&str> = tokens.iter().map(|(t, ..)| t.as_str()).collect();
        let Some((target, name, text, targets, aside)) = candidates.get(&key) else {
            continue;
        };
        let from = file.documents[*index].id.clone();
        if file.documents[*index].text.as_deref() == Some(*text) {
            continue;
        }
        let starts: HashMap<usize, usize> = tokens.iter().enumerate().map(|(i, (_, s, _))| (*s, i)).collect();
        let ends: HashMap<usize, usize> = tokens.iter().enumerate().map(|(i, (_, _, e))| (*e, i)).collect();
        let to = target.clone().unwrap_or_else(|| super::plain::text_id(text));
        let index_of = crate::offsets::CharIndex::new(text);
        for a in file.annotations.iter_mut().filter(|a| a.document == from) {
            let (Some(&first), Some(&last)) = (starts.get(&a.span().start()), ends.get(&a.span().end()))
            else {
                continue;
            };
            let span = Span::new(targets[first].start, targets[last].end).expect("tokens are not empty");
            if let Ok(anchor) = crate::annotation::Anchor::describe_in(&index_of, span) {
                a.anchor = anchor;
                a.document = to.clone();
            }
        }
        if target.is_none() && !file.documents.iter().any(|d| d.id == to) {
            let status = file.documents[*index].status;
            file.documents.push(FileDocument {
                id: to.clone(),
                title: (*name).to_owned(),
                sha256: crate::document::sha256_hex(text),
                source: crate::document::Source::File {
                    name: (*name).to_owned(),
                },
                status,
                text: Some((*text).to_owned()),
                ignored: aside.to_vec(),
                metadata: Default::default(),
            });
        }
        if !file.annotations.iter().any(|a| a.document == from) {
            gone.push(from);
        }
        moved += 1;
    }
    file.documents.retain(|d| !gone.contains(&d.id));
    let mut tally = super::Tally::default();
    tally.add(
        moved,
        (
            "document rebuilt from tokens found in its original text",
            "documents rebuilt from tokens found in their original texts",
        ),
        super::Fate::Corrected,
        "the tokens are those of a text given, so the spans are put back on it",
    );
    tally.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(tokens: &[Token<'a>]) -> Vec<&'a str> {
        tokens.iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_are_unicode_words_without_white_space() {
        let text = "Лукашенко said \"12,000 troops\" 🇧🇾.\r\nДа, don't";
        assert_eq!(
            texts(&words(text)),
            [
                "Лукашенко",
                "said",
                "\"",
                "12,000",
                "troops",
                "\"",
                "🇧🇾",
                ".",
                "Да",
                ",",
                "don't"
            ]
        );
        let flag = words(text)[6];
        assert_eq!((flag.start, flag.end), (31, 33));
        assert!(words(text)[0].space_after && !words(text)[2].space_after);
    }

    #[test]
    fn spacy_tokens_spell_the_text_with_their_spaces() {
        let text = "Belarus moves  troops.\r\n\u{a0}x ";
        let tokens = spacy_tokens(text);
        assert_eq!(
            texts(&tokens),
            ["Belarus", "moves", " ", "troops", ".", "\r\n\u{a0}", "x"]
        );
        assert!(tokens[6].space_after);
        let spelled: String = tokens
            .iter()
            .map(|t| format!("{}{}", t.text, if t.space_after { " " } else { "" }))
            .collect();
        assert_eq!(spelled, text);
    }

    #[test]
    fn white_space_with_a_combining_mark_is_split_off() {
        // UAX #29 keeps a combining mark with the space before it; a token never
        // holds white space, so the mark becomes a token of its own.
        let tokens = words("a \u{301}b");
        assert_eq!(texts(&tokens), ["a", "\u{301}", "b"]);
    }

    #[test]
    fn alignment_names_the_token_a_span_cuts() {
        let text = "the Belarusian troops";
        let tokens = words(text);
        assert_eq!(align(&tokens, Span::new(4, 21).unwrap()), Ok((1, 2)));
        assert_eq!(
            align(&tokens, Span::new(6, 14).unwrap()).unwrap_err(),
            "it starts inside the token `Belarusian` (code points 4–14)"
        );
        assert_eq!(
            align(&tokens, Span::new(3, 14).unwrap()).unwrap_err(),
            "it starts in white space, not at a token"
        );
        assert_eq!(
            align(&tokens, Span::new(4, 16).unwrap()).unwrap_err(),
            "it ends inside the token `troops` (code points 15–21)"
        );
    }

    #[test]
    fn overlaps_keep_the_earlier_and_longer_span() {
        let ids: Vec<AnnotationId> = ["a", "b", "c", "d"].map(|s| AnnotationId(s.into())).into();
        let span = |s, e| Span::new(s, e).unwrap();
        let (kept, left) = without_overlaps(vec![
            (span(5, 9), &ids[0], ()),
            (span(0, 3), &ids[1], ()),
            (span(0, 6), &ids[2], ()),
            (span(6, 8), &ids[3], ()),
        ]);
        let kept: Vec<&str> = kept.iter().map(|k| k.1.0.as_str()).collect();
        assert_eq!(kept, ["c", "d"]);
        assert_eq!(left, [(&ids[1], &ids[2]), (&ids[0], &ids[2])]);
    }
}
