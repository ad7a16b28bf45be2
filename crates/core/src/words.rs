//! Snapping selections to words, as people mean them.
//!
//! A mouse selection rarely lands exactly on word edges. [`snap_to_words`] widens a
//! span to the Unicode words it touches (UAX #29 word boundaries, so Cyrillic, CJK,
//! emoji sequences and flags are whole units) and trims white space from its ends;
//! [`trim_white_space`] only trims, for selections people want exactly (Alt held).
//!
//! ```text
//!  text:     …the Belarusian troops were…
//!  selected:       ├─rusian tro─┤
//!  snapped:     ├─Belarusian troops─┤
//! ```

use crate::offsets;
use crate::span::Span;
use unicode_segmentation::UnicodeSegmentation;

/// `span` widened to whole words and trimmed of white space at both ends; `None`
/// when it covers only white space.
pub fn snap_to_words(text: &str, span: Span) -> Option<Span> {
    let (start, end) = byte_range(text, span)?;
    // Words never cross a line break, so the lines around the span are enough context.
    let window_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let window_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
    let window = &text[window_start..window_end];
    let (mut new_start, mut new_end) = (start, end);
    for (at, word) in window.split_word_bound_indices() {
        let (word_start, word_end) = (window_start + at, window_start + at + word.len());
        if word.trim().is_empty() {
            continue;
        }
        if word_start < start && start < word_end {
            new_start = word_start;
        }
        if word_start < end && end < word_end {
            new_end = word_end;
        }
    }
    trim_bytes(text, new_start, new_end)
}

/// `span` with white space trimmed from both ends; `None` when nothing else is left.
pub fn trim_white_space(text: &str, span: Span) -> Option<Span> {
    let (start, end) = byte_range(text, span)?;
    trim_bytes(text, start, end)
}

/// Which edge of a span moves when it is nudged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The start: it moves between word starts.
    Start,
    /// The end: it moves between word ends.
    End,
}

/// Where a span's `edge` at code point `offset` moves when nudged one word forward
/// (or back): the next (previous) start of a word for a start, the next (previous)
/// end of a word for an end, so a nudged span never begins or ends in white space.
/// Stays put when there is no such word.
pub fn step_word(text: &str, offset: usize, edge: Edge, forward: bool) -> usize {
    let Ok(at) = offsets::byte_of_cp(text, offset) else {
        return offset;
    };
    let mut edges = text
        .split_word_bound_indices()
        .filter(|(_, word)| !word.trim().is_empty())
        .map(|(start, word)| match edge {
            Edge::Start => start,
            Edge::End => start + word.len(),
        });
    let found = if forward {
        edges.find(|&byte| byte > at)
    } else {
        edges.take_while(|&byte| byte < at).last()
    };
    found
        .and_then(|byte| offsets::cp_of_byte(text, byte).ok())
        .unwrap_or(offset)
}

/// The offset one grapheme (a letter with its marks, a flag, an emoji sequence, a
/// CRLF pair) after or before code point `offset`: where a keyboard caret moves.
pub fn step_grapheme(text: &str, offset: usize, forward: bool) -> usize {
    let Ok(at) = offsets::byte_of_cp(text, offset) else {
        return offset;
    };
    let found = if forward {
        text[at..].graphemes(true).next().map(|g| at + g.len())
    } else {
        text[..at].graphemes(true).next_back().map(|g| at - g.len())
    };
    found
        .and_then(|byte| offsets::cp_of_byte(text, byte).ok())
        .unwrap_or(offset)
}

/// `text` as one line of at most `max` characters (graphemes, so a flag is never cut):
/// white space runs become one space, and a longer text is cut at the last word
/// boundary that fits, with "…".
///
/// ```text
///  Ukraine suspects Russia is about to send more troops   (max 30)
///  Ukraine suspects Russia is…
/// ```
pub fn shorten(text: &str, max: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.graphemes(true).count() <= max {
        return line;
    }
    let mut out = String::new();
    let mut used = 0;
    for word in line.split_word_bounds() {
        let n = word.graphemes(true).count();
        if used + n > max.saturating_sub(1) {
            break;
        }
        out.push_str(word);
        used += n;
    }
    let mut out = out.trim_end().to_owned();
    if out.is_empty() {
        // One word longer than `max`: cut it between graphemes.
        out = line.graphemes(true).take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

/// `text` cut into pieces of at most `max_bytes` bytes that join up to it exactly: each
/// cut falls just after white space when there is some in the second half of the
/// piece, and otherwise between graphemes (never inside a flag or an emoji sequence). A
/// single grapheme longer than `max_bytes` is a piece of its own.
///
/// ```text
///  "one two three four"  (max 9)   →   "one two " · "three " · "four"
/// ```
pub fn pieces_of_at_most(text: &str, max_bytes: usize) -> Vec<&str> {
    use unicode_segmentation::GraphemeCursor;
    let mut pieces = Vec::new();
    let mut rest = text;
    let max = max_bytes.max(1);
    while rest.len() > max {
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &rest[..cut];
        // After white space — where that is also between graphemes (a combining mark
        // can follow a space and belong to it).
        let boundary = |at: usize| GraphemeCursor::new(at, rest.len(), true).is_boundary(rest, 0) == Ok(true);
        let after_space = window
            .char_indices()
            .rev()
            .take_while(|(at, _)| *at >= cut / 2)
            .filter(|(_, c)| c.is_whitespace())
            .map(|(at, c)| at + c.len_utf8())
            .find(|&at| boundary(at));
        let grapheme_end = |from: usize| {
            GraphemeCursor::new(from, rest.len(), true)
                .next_boundary(rest, 0)
                .ok()
                .flatten()
                .unwrap_or(rest.len())
        };
        let cut = match after_space {
            Some(at) => at,
            None if boundary(cut) => cut,
            None => GraphemeCursor::new(cut, rest.len(), true)
                .prev_boundary(rest, 0)
                .ok()
                .flatten()
                .unwrap_or(0),
        };
        // One grapheme longer than `max`: a piece of its own, up to its end.
        let cut = if cut == 0 { grapheme_end(0) } else { cut };
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// How far [`sentence_around`] looks on each side of a span, in code points.
const SENTENCE_REACH: usize = 300;

/// The sentence around `span` (or the sentences, when it spans several), to show a
/// mark in its context: from just after the last sentence end before it — `.`, `!`,
/// `?` or `…` followed by white space — or line break, to the first sentence end or
/// line break after it; at most 300 code points on either side, trimmed of white
/// space. `span` itself when it is not a span of `text`.
///
/// ```text
///  text:     Troops moved. Lukashenko said 12 000 went north. Kyiv denied it.
///  span:                                   ├────┤
///  sentence:               ├────────────────────────────────┤
/// ```
pub fn sentence_around(text: &str, span: Span) -> Span {
    let Some((start, end)) = byte_range(text, span) else {
        return span;
    };
    let ends_sentence = |c: char| matches!(c, '.' | '!' | '?' | '…');
    let mut from = start;
    let mut after = None::<char>; // the character after the one looked at
    for (looked, (at, c)) in text[..start].char_indices().rev().enumerate() {
        if looked == SENTENCE_REACH
            || c == '\n'
            || (ends_sentence(c) && after.is_some_and(char::is_whitespace))
        {
            break;
        }
        from = at;
        after = Some(c);
    }
    let mut to = end;
    let mut rest = text[end..].char_indices().peekable();
    let mut looked = 0;
    while let Some((at, c)) = rest.next() {
        if looked == SENTENCE_REACH || c == '\n' {
            break;
        }
        to = end + at + c.len_utf8();
        looked += 1;
        if ends_sentence(c) && rest.peek().is_none_or(|(_, next)| next.is_whitespace()) {
            break;
        }
    }
    trim_bytes(text, from, to).unwrap_or(span)
}

fn byte_range(text: &str, span: Span) -> Option<(usize, usize)> {
    let start = offsets::byte_of_cp(text, span.start()).ok()?;
    let end = start + offsets::byte_of_cp(&text[start..], span.len()).ok()?;
    Some((start, end))
}

fn trim_bytes(text: &str, start: usize, end: usize) -> Option<Span> {
    let piece = &text[start..end];
    let trimmed_start = start + (piece.len() - piece.trim_start().len());
    let trimmed_end = start + piece.trim_end().len();
    if trimmed_start >= trimmed_end {
        return None;
    }
    let cp_start = offsets::cp_of_byte(text, trimmed_start).ok()?;
    let cp_len = offsets::cp_len(&text[trimmed_start..trimmed_end]);
    Span::new(cp_start, cp_start + cp_len).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn long_text_is_cut_after_white_space_or_between_graphemes() {
        assert_eq!(
            pieces_of_at_most("one two three four", 9),
            ["one two ", "three ", "four"]
        );
        // No white space: between graphemes, never inside a flag (8 bytes) or after a
        // base letter before its combining mark.
        let flags = "🇧🇾🇧🇾🇧🇾";
        assert_eq!(pieces_of_at_most(flags, 12), ["🇧🇾", "🇧🇾", "🇧🇾"]);
        assert_eq!(
            pieces_of_at_most("cafe\u{301}cafe\u{301}", 5),
            ["caf", "e\u{301}ca", "fe\u{301}"]
        );
        assert_eq!(pieces_of_at_most("", 4), [""]);
        assert_eq!(pieces_of_at_most("short", 40), ["short"]);
        // A combining mark after a space belongs to it: no cut between them.
        assert_eq!(pieces_of_at_most("0a A A \u{591}", 1).concat(), "0a A A \u{591}");
        assert!(pieces_of_at_most("0a A A \u{591}", 1).contains(&" \u{591}"));
    }

    proptest! {
        #[test]
        fn pieces_join_up_and_keep_graphemes_whole(text in "\\PC{0,60}", max in 1usize..24) {
            let pieces = pieces_of_at_most(&text, max);
            prop_assert_eq!(pieces.concat(), text.clone());
            let graphemes: usize = pieces.iter().map(|p| p.graphemes(true).count()).sum();
            prop_assert_eq!(graphemes, text.graphemes(true).count());
        }
    }

    #[test]
    fn shortened_text_is_cut_at_a_word_and_never_inside_a_flag() {
        assert_eq!(
            shorten("Ukraine suspects Russia is about to send more troops", 30),
            "Ukraine suspects Russia is…"
        );
        assert_eq!(shorten("short\r\n text", 30), "short text");
        assert_eq!(shorten("🇧🇾🇧🇾🇧🇾🇧🇾", 3), "🇧🇾🇧🇾…");
        assert_eq!(shorten("Лукашенко сказал", 12), "Лукашенко…");
    }

    #[test]
    fn the_sentence_around_a_span_is_found_in_hostile_text() {
        let text = "Войска 🇧🇾 moved. Лукашенко said 12\u{a0}000 went north! Kyiv denied it.\r\nNext line.";
        let cp = |s: &str| text[..text.find(s).unwrap()].chars().count();
        let figure = Span::new(cp("12"), cp("12") + 6).unwrap();
        let sentence = sentence_around(text, figure);
        assert_eq!(
            sentence.slice(text).unwrap(),
            "Лукашенко said 12\u{a0}000 went north!"
        );
        // The last sentence of a line ends at the line break (CRLF trimmed).
        let kyiv = Span::new(cp("Kyiv"), cp("Kyiv") + 4).unwrap();
        assert_eq!(
            sentence_around(text, kyiv).slice(text).unwrap(),
            "Kyiv denied it."
        );
        // A decimal point is not a sentence end; the first sentence starts the text.
        let text = "Some 2.5 thousand moved";
        let span = Span::new(5, 8).unwrap();
        assert_eq!(sentence_around(text, span).slice(text).unwrap(), text);
        // Out of range: the span itself.
        assert_eq!(
            sentence_around("short", Span::new(2, 40).unwrap()),
            Span::new(2, 40).unwrap()
        );
    }

    /// The span of `piece`'s first occurrence in `text`, for readable fixtures.
    fn span(text: &str, piece: &str) -> Span {
        let start = offsets::cp_of_byte(text, text.find(piece).unwrap()).unwrap();
        Span::new(start, start + offsets::cp_len(piece)).unwrap()
    }

    fn snapped(text: &str, piece: &str) -> Option<String> {
        snap_to_words(text, span(text, piece)).map(|s| s.slice(text).unwrap().to_owned())
    }

    #[test]
    fn widens_to_whole_words() {
        let text = "said the Belarusian troops were moving";
        assert_eq!(snapped(text, "rusian tro").as_deref(), Some("Belarusian troops"));
        assert_eq!(snapped(text, "Belarusian").as_deref(), Some("Belarusian"));
    }

    #[test]
    fn trims_white_space_and_keeps_punctuation_that_was_selected() {
        let text = "Lukashenko, 68,  said: «Войска»\u{a0}moved.";
        assert_eq!(snapped(text, " said: ").as_deref(), Some("said:"));
        assert_eq!(snapped(text, "ойска»\u{a0}").as_deref(), Some("Войска»"));
        assert_eq!(snapped(text, "  "), None);
    }

    #[test]
    fn treats_emoji_sequences_and_flags_as_units() {
        let text = "troops 🇧🇾 and 👨‍👩‍👧 families";
        // Half a flag (one regional indicator) snaps to the whole flag.
        let flag = span(text, "🇧🇾");
        let half = Span::new(flag.start(), flag.start() + 1).unwrap();
        assert_eq!(snap_to_words(text, half), Some(flag));
        let family = span(text, "👨‍👩‍👧");
        let part = Span::new(family.start() + 1, family.start() + 3).unwrap();
        assert_eq!(snap_to_words(text, part), Some(family));
    }

    #[test]
    fn may_span_lines_but_keeps_line_breaks_off_its_ends() {
        let text = "Минск\r\nЛукашенко said";
        assert_eq!(snapped(text, "инск\r\nЛу").as_deref(), Some("Минск\r\nЛукашенко"));
        assert_eq!(snapped(text, "ск\r\n").as_deref(), Some("Минск"));
    }

    #[test]
    fn nudges_starts_between_word_starts_and_ends_between_word_ends() {
        let text = "Минск, 🇧🇾 troops";
        // words: Минск 0-5, "," 5-6, 🇧🇾 7-9, troops 10-16
        assert_eq!(step_word(text, 5, Edge::End, true), 6);
        assert_eq!(step_word(text, 6, Edge::End, true), 9);
        assert_eq!(step_word(text, 9, Edge::End, true), 16);
        assert_eq!(step_word(text, 16, Edge::End, true), 16);
        assert_eq!(step_word(text, 16, Edge::End, false), 9);
        assert_eq!(step_word(text, 0, Edge::Start, true), 5);
        assert_eq!(step_word(text, 6, Edge::Start, true), 7);
        assert_eq!(step_word(text, 10, Edge::Start, false), 7);
        assert_eq!(step_word(text, 0, Edge::Start, false), 0);
    }

    #[test]
    fn the_caret_steps_over_whole_graphemes() {
        let text = "a🇧🇾e\u{301}\r\nб";
        // a 0-1, flag 1-3, é 3-5, CRLF 5-7, б 7-8
        let stops: Vec<usize> = std::iter::successors(Some(0), |&at| {
            let next = step_grapheme(text, at, true);
            (next != at).then_some(next)
        })
        .collect();
        assert_eq!(stops, [0, 1, 3, 5, 7, 8]);
        assert_eq!(step_grapheme(text, 5, false), 3);
        assert_eq!(step_grapheme(text, 0, false), 0);
    }

    #[test]
    fn trim_only_keeps_a_partial_word() {
        let text = "Belarusian troops";
        let s = trim_white_space(text, span(text, "rusian ")).unwrap();
        assert_eq!(s.slice(text), Ok("rusian"));
    }

    proptest! {
        #[test]
        fn snapping_contains_the_trimmed_selection_and_never_starts_or_ends_in_space(
            text in "\\PC{1,80}", a in 0usize..80, b in 1usize..20,
        ) {
            let len = offsets::cp_len(&text);
            let start = a % len;
            let span = Span::new(start, (start + b).min(len)).unwrap();
            match (snap_to_words(&text, span), trim_white_space(&text, span)) {
                (Some(snapped), Some(trimmed)) => {
                    prop_assert!(snapped.contains(trimmed));
                    let piece = snapped.slice(&text).unwrap();
                    prop_assert_eq!(piece.trim(), piece);
                }
                (None, None) => {}
                (snapped, trimmed) => prop_assert!(false, "{:?} vs {:?}", snapped, trimmed),
            }
        }
    }
}
