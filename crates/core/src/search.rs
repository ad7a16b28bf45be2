//! Searching the texts of a project: plain text, whole words or a regular expression,
//! with case and diacritics folded on request, every hit a [`Span`] of code points of
//! the text as it is (the text is never changed; folding happens in a copy that keeps
//! the way back to the original's offsets).
//!
//! ```text
//!  text:     C  r  è  m  e  ␠  b  r  û  l  é  e        query "creme", folded
//!  folded:   c  r  e  m  e  ␠  b  r  u  l  e  e        hit [0, 5) of the text
//! ```
//!
//! A [`Searcher`] is made once per query (the pattern compiled once) and run over one
//! text at a time, so that a caller can show the hits of each document as they come.

#[cfg(feature = "search")]
use crate::Span;
#[cfg(feature = "search")]
use crate::offsets;
#[cfg(feature = "search")]
use regex::{Regex, RegexBuilder};
#[cfg(feature = "search")]
use unicode_normalization::UnicodeNormalization;
#[cfg(feature = "search")]
use unicode_normalization::char::is_combining_mark;

/// How the query's text is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The text as typed, anywhere (inside words too).
    #[default]
    Plain,
    /// The text as typed, starting and ending at word edges: "Minsk" finds "Minsk," but
    /// not "Minsker".
    WholeWord,
    /// A regular expression (Rust's `regex` syntax: Perl-like, no look-around or
    /// back-references; always linear in the text).
    Regex,
}

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The text or the pattern.
    pub text: String,
    /// How it is matched.
    pub mode: Mode,
    /// "minsk" finds "Minsk", "МИНСК" finds "минск".
    pub fold_case: bool,
    /// "Lukasenka" finds "Lukašenka", "creme" finds "crème".
    pub fold_diacritics: bool,
}

/// Why a query cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg(feature = "search")]
pub enum QueryError {
    /// Nothing to look for.
    #[error("type something to search for")]
    Empty,
    /// The regular expression does not parse (the message says where).
    #[error("the regular expression does not work: {0}")]
    Pattern(String),
    /// The pattern matches the empty string, which would "find" every position.
    #[error(
        "the regular expression matches empty text, so it would find every position: make it match at least one character"
    )]
    MatchesEmpty,
}

/// A query, compiled: run it over any number of texts.
#[derive(Debug, Clone)]
#[cfg(feature = "search")]
pub struct Searcher {
    regex: Regex,
    mode: Mode,
    fold_diacritics: bool,
}

/// The longest pattern accepted, compiled (a bound on memory for hostile patterns).
#[cfg(feature = "search")]
const PATTERN_SIZE_LIMIT: usize = 4 << 20;

#[cfg(feature = "search")]
impl Searcher {
    /// Compiles `query`.
    pub fn new(query: &Query) -> Result<Searcher, QueryError> {
        if query.text.is_empty() {
            return Err(QueryError::Empty);
        }
        // Case is folded by the engine (Unicode simple case folding), never by copying
        // the text: a search of a large library then reads each text where it lies.
        // Diacritics cannot be, so only they are taken off a copy.
        let folded = |s: &str| fold(s, false, query.fold_diacritics).text;
        let pattern = match query.mode {
            Mode::Plain | Mode::WholeWord => regex::escape(&folded(&query.text)),
            // Folding a pattern would break its escapes and classes (`\D` is not `\d`):
            // the pattern is matched case-insensitively by the engine instead, and
            // diacritics are taken off the text only.
            Mode::Regex if query.fold_diacritics => strip_marks(&query.text),
            Mode::Regex => query.text.clone(),
        };
        let regex = RegexBuilder::new(&pattern)
            .case_insensitive(query.fold_case)
            .multi_line(true)
            .size_limit(PATTERN_SIZE_LIMIT)
            .build()
            .map_err(|e| QueryError::Pattern(e.to_string()))?;
        if regex.is_match("") {
            return Err(QueryError::MatchesEmpty);
        }
        Ok(Searcher {
            regex,
            mode: query.mode,
            fold_diacritics: query.fold_diacritics,
        })
    }

    /// The hits in `text`, in order, none overlapping another, as code point spans of
    /// `text` itself. A hit never ends inside a character's combining marks.
    pub fn find(&self, text: &str) -> Vec<Span> {
        if !self.fold_diacritics {
            return self.hits(text, text, None);
        }
        let folded = fold(text, false, true);
        self.hits(text, &folded.text, Some(&folded.origin))
    }

    /// Hits of the regex in `haystack` (the text, or its folded copy whose char `i`
    /// came from the text's code point `origin[i]`).
    fn hits(&self, text: &str, haystack: &str, origin: Option<&[usize]>) -> Vec<Span> {
        let mut out = Vec::new();
        let mut counter = offsets::ForwardCounter::new(haystack);
        let text_len = offsets::cp_len(text);
        for found in self.regex.find_iter(haystack) {
            if self.mode == Mode::WholeWord && !at_word_edges(haystack, found.start(), found.end()) {
                continue;
            }
            let (start, end) = (counter.at(found.start()), counter.at(found.end()));
            let span = match origin {
                None => (start, end),
                Some(origin) => {
                    let from = origin[start];
                    // The end: after the last folded char's source, and over the code
                    // points after it that folded to nothing (the marks folding took
                    // away), which come before the next folded char's source.
                    let mut to = origin[end - 1] + 1;
                    while to < text_len && origin.get(end).is_none_or(|&next| next > to) {
                        to += 1;
                    }
                    (from, to)
                }
            };
            if let Ok(span) = Span::new(span.0, span.1) {
                out.push(span);
            }
        }
        out
    }
}

/// Whether `[start, end)` (bytes) of `text` begins and ends at word edges: the
/// characters either side, where there are any, are not letters, digits or marks.
#[cfg(feature = "search")]
fn at_word_edges(text: &str, start: usize, end: usize) -> bool {
    let wordy = |c: char| c.is_alphanumeric() || c == '_' || is_combining_mark(c);
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    // An edge between a word character and a non-word one, or at the text's ends.
    let edge = |outside: Option<char>, inside: Option<char>| match (outside, inside) {
        (Some(o), Some(i)) => !(wordy(o) && wordy(i)),
        _ => true,
    };
    edge(before, first) && edge(after, last)
}

/// A folded copy of a text, and where each of its chars came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg(feature = "search")]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each char of `text`, the code point of the original it came from.
    pub origin: Vec<usize>,
}

/// Folds `text`: lower case (full Unicode case mapping, so "ß" stays "ß" and "İ" becomes
/// "i̇"), and without diacritics (each character decomposed, its combining marks
/// dropped: "é" → "e", "й" → "и", "ё" → "е").
#[cfg(feature = "search")]
pub fn fold(text: &str, case: bool, diacritics: bool) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    let mut push = |c: char, at: usize| {
        out.text.push(c);
        out.origin.push(at);
    };
    for (at, c) in text.chars().enumerate() {
        let mut emit = |c: char| {
            if case {
                for lower in c.to_lowercase() {
                    push(lower, at);
                }
            } else {
                push(c, at);
            }
        };
        if diacritics && !c.is_ascii() {
            for part in std::iter::once(c).nfd() {
                if !is_combining_mark(part) {
                    emit(part);
                }
            }
        } else {
            emit(c);
        }
    }
    out
}

/// `text` without combining marks (for a regular expression, whose syntax is ASCII).
#[cfg(feature = "search")]
fn strip_marks(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .nfc()
        .collect()
}

/// A hit shown in its context, keyword-in-context style: the text before and after it
/// on one line (line breaks and tabs shown as spaces), cut at about `width` characters
/// either side, at a word edge where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg(feature = "search")]
pub struct InContext {
    /// What comes before the hit ("…" first when cut).
    pub before: String,
    /// The hit itself.
    pub hit: String,
    /// What comes after it ("…" last when cut).
    pub after: String,
}

/// `span` of `text` in its context.
#[cfg(feature = "search")]
pub fn in_context(text: &str, span: Span, width: usize) -> InContext {
    contexts(text, &[span], width).remove(0)
}

/// Each of `spans` of `text` in its context ([`InContext`]), read where it lies: the
/// spans in order of start cost one walk of the text up to the last, not one each.
#[cfg(feature = "search")]
pub fn contexts(text: &str, spans: &[Span], width: usize) -> Vec<InContext> {
    let flat = |piece: &str| -> String {
        piece
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    // The code point and byte the walk has reached.
    let (mut cp, mut byte) = (0usize, 0usize);
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        if span.start() < cp {
            (cp, byte) = (0, 0);
        }
        for c in text[byte..].chars() {
            if cp == span.start() {
                break;
            }
            cp += 1;
            byte += c.len_utf8();
        }
        let start = byte;
        let end = text[start..]
            .char_indices()
            .nth(span.len())
            .map_or(text.len(), |(at, _)| start + at);
        // Up to `width` characters before, begun at a word when cut.
        let mut from = text[..start]
            .char_indices()
            .rev()
            .nth(width.saturating_sub(1))
            .map_or(0, |(at, _)| at);
        if width == 0 {
            from = start;
        }
        if from > 0
            && let Some((at, c)) = text[from..start].char_indices().find(|(_, c)| c.is_whitespace())
        {
            from += at + c.len_utf8();
        }
        // Up to `width` after, ended at a word when cut.
        let mut to = text[end..]
            .char_indices()
            .nth(width)
            .map_or(text.len(), |(at, _)| end + at);
        if to < text.len()
            && let Some((at, _)) = text[end..to]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
        {
            to = end + at;
        }
        out.push(InContext {
            before: format!("{}{}", if from > 0 { "…" } else { "" }, flat(&text[from..start])),
            hit: flat(&text[start..end]),
            after: format!(
                "{}{}",
                flat(&text[end..to]),
                if to < text.len() { "…" } else { "" }
            ),
        });
    }
    out
}

#[cfg(test)]
#[cfg(feature = "search")]
mod tests {
    use super::*;

    fn query(text: &str, mode: Mode, fold_case: bool, fold_diacritics: bool) -> Searcher {
        Searcher::new(&Query {
            text: text.into(),
            mode,
            fold_case,
            fold_diacritics,
        })
        .unwrap()
    }

    /// The text of each hit.
    fn found(searcher: &Searcher, text: &str) -> Vec<String> {
        searcher
            .find(text)
            .iter()
            .map(|s| text.chars().skip(s.start()).take(s.len()).collect())
            .collect()
    }

    #[test]
    fn plain_text_is_found_anywhere_with_code_point_offsets() {
        let text = "👨‍👩‍👧 Minsk, Minsker\r\nMinsk";
        let s = query("Minsk", Mode::Plain, false, false);
        let spans = s.find(text);
        assert_eq!(spans.len(), 3);
        // The family emoji is 5 code points, then a space.
        assert_eq!(spans[0], Span::new(6, 11).unwrap());
        assert_eq!(found(&s, text), ["Minsk", "Minsk", "Minsk"]);
        // Regex characters in a plain query are plain.
        let s = query("(24)", Mode::Plain, false, false);
        assert_eq!(found(&s, "troops (24) and 24"), ["(24)"]);
    }

    #[test]
    fn whole_words_stop_at_word_edges() {
        let s = query("Minsk", Mode::WholeWord, false, false);
        assert_eq!(found(&s, "Minsk, Minsker, «Minsk» _Minsk"), ["Minsk", "Minsk"]);
        // A query ending in punctuation: its edge is the punctuation's.
        let s = query("Jr.", Mode::WholeWord, false, false);
        assert_eq!(found(&s, "Jr. and Jr.x"), ["Jr.", "Jr."]);
        // Cyrillic is letters too.
        let s = query("Минск", Mode::WholeWord, true, false);
        assert_eq!(found(&s, "минский МИНСК"), ["МИНСК"]);
    }

    #[test]
    fn case_and_diacritics_fold_on_request_and_keep_the_original_offsets() {
        let text = "LUKAŠENKA met Lukašenka; Лукашенко, ЛУКАШЕНКО";
        assert_eq!(
            found(&query("lukašenka", Mode::Plain, false, false), text),
            Vec::<String>::new()
        );
        assert_eq!(
            found(&query("lukašenka", Mode::Plain, true, false), text),
            ["LUKAŠENKA", "Lukašenka"]
        );
        assert_eq!(
            found(&query("Lukasenka", Mode::Plain, true, true), text),
            ["LUKAŠENKA", "Lukašenka"]
        );
        assert_eq!(
            found(&query("лукашенко", Mode::Plain, true, false), text),
            ["Лукашенко", "ЛУКАШЕНКО"]
        );
        // A text with decomposed marks (e + U+0301): the hit takes the mark with it.
        let text = "cafe\u{301} and café";
        let s = query("cafe", Mode::WholeWord, false, true);
        assert_eq!(found(&s, text), ["cafe\u{301}", "café"]);
        assert_eq!(s.find(text)[0], Span::new(0, 5).unwrap());
        // "й" decomposes to "и" + breve: folding diacritics finds it from "и".
        assert_eq!(found(&query("краи", Mode::Plain, false, true), "край"), ["край"]);
    }

    #[test]
    fn contexts_of_many_hits_are_each_hits_context() {
        let text = crate::test_text::HOSTILE;
        let len = offsets::cp_len(text);
        let spans: Vec<Span> = (0..len - 2)
            .step_by(3)
            .map(|i| Span::new(i, i + 2).unwrap())
            .collect();
        for width in [0, 1, 5, 40] {
            let all = contexts(text, &spans, width);
            for (span, context) in spans.iter().zip(&all) {
                let chars: Vec<char> = text.chars().collect();
                let hit: String = chars[span.start()..span.end()]
                    .iter()
                    .map(|&c| if c.is_whitespace() { ' ' } else { c })
                    .collect();
                assert_eq!(context.hit, hit, "{span} at width {width}");
                let before = context.before.trim_start_matches('…').chars().count();
                assert!(before <= width, "{span}: {context:?}");
                assert_eq!(in_context(text, *span, width), *context);
            }
        }
    }

    #[test]
    fn case_is_folded_in_place() {
        // "İ" lower-cases to two chars; case is folded by the engine, so the hits are
        // where they are in the text whatever its letters.
        let text = "İstanbul Minsk МИНСК";
        let s = query("minsk", Mode::Plain, true, false);
        assert_eq!(s.find(text), vec![Span::new(9, 14).unwrap()]);
        let s = query("İSTANBUL", Mode::Plain, true, false);
        assert_eq!(s.find(text), vec![Span::new(0, 8).unwrap()]);
        let s = query("минск", Mode::WholeWord, true, true);
        assert_eq!(s.find(text), vec![Span::new(15, 20).unwrap()]);
    }

    #[test]
    fn regular_expressions_work_and_bad_ones_are_named() {
        let s = query(r"\d+(,\d{3})* troops", Mode::Regex, false, false);
        assert_eq!(
            found(&s, "30,000 troops and 9 troops"),
            ["30,000 troops", "9 troops"]
        );
        let s = query(r"^minsk", Mode::Regex, true, false);
        assert_eq!(found(&s, "Minsk\r\nMINSK\nx minsk"), ["Minsk", "MINSK"]);
        let s = query(r"Lukasenk\w", Mode::Regex, false, true);
        assert_eq!(found(&s, "Lukašenka"), ["Lukašenka"]);
        let bad = |text: &str| {
            Searcher::new(&Query {
                text: text.into(),
                mode: Mode::Regex,
                ..Query::default()
            })
            .unwrap_err()
        };
        assert!(matches!(bad("(unclosed"), QueryError::Pattern(m) if m.contains("unclosed")));
        assert_eq!(bad("a*"), QueryError::MatchesEmpty);
        assert_eq!(bad(""), QueryError::Empty);
        // A pattern too large to compile is refused, not built.
        assert!(matches!(bad(r"\w{5000}{5000}"), QueryError::Pattern(_)));
    }

    #[test]
    fn context_is_one_line_cut_at_words() {
        let text = "Belarus said on Monday\r\nthat 30,000 Russian troops would stay in the country for now.";
        let at = text.find("30,000").unwrap();
        let span = Span::new(at, at + 6).unwrap();
        let kwic = in_context(text, span, 16);
        assert_eq!(kwic.hit, "30,000");
        assert_eq!(kwic.before, "…Monday  that ");
        assert_eq!(kwic.after, " Russian troops…");
        let whole = in_context(text, span, 1000);
        assert!(!whole.before.starts_with('…') && !whole.after.ends_with('…'));
    }
}
