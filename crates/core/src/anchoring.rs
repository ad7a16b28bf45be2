//! Finding an annotation again in a text that may have changed.
//!
//! An [`Anchor`] records a span *and* its quote with context. [`reanchor`] tries, in
//! order (as the Hypothesis client does):
//!
//! 1. the recorded position, if the text there is still the quote;
//! 2. every place the quote occurs, scored by how much of the recorded prefix and
//!    suffix surround it (longest matching context wins; the nearest to the recorded
//!    position breaks ties).
//!
//! An anchor found nowhere is an orphan: the caller keeps it and shows it as such,
//! never drops it.

use crate::annotation::Anchor;
use crate::offsets;
use crate::span::Span;

/// Where an anchor was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// At its recorded position, with its quote.
    InPlace(Span),
    /// Elsewhere, by its quote and context.
    Moved(Span),
}

impl Found {
    /// The span found.
    pub fn span(self) -> Span {
        match self {
            Found::InPlace(span) | Found::Moved(span) => span,
        }
    }
}

/// Finds `anchor` in `text`; `None` when the quote occurs nowhere (an orphan).
pub fn reanchor(text: &str, anchor: &Anchor) -> Option<Found> {
    let span = anchor.span();
    if span.slice(text).is_ok_and(|found| found == anchor.quote()) {
        return Some(Found::InPlace(span));
    }
    let quote = anchor.quote();
    if quote.is_empty() {
        return None;
    }
    let mut best: Option<(usize, usize, Span)> = None; // (context score, distance, span)
    let mut cp = 0;
    let mut last_byte = 0;
    for (byte, _) in text.match_indices(quote) {
        cp += offsets::cp_len(&text[last_byte..byte]);
        last_byte = byte;
        let before = &text[..byte];
        let after = &text[byte + quote.len()..];
        let score = common_suffix(before, anchor.prefix()) + common_prefix(after, anchor.suffix());
        let distance = cp.abs_diff(span.start());
        let found = Span::new(cp, cp + offsets::cp_len(quote)).ok()?;
        let better = match best {
            None => true,
            Some((best_score, best_distance, _)) => {
                score > best_score || (score == best_score && distance < best_distance)
            }
        };
        if better {
            best = Some((score, distance, found));
        }
    }
    best.map(|(_, _, span)| Found::Moved(span))
}

/// How many code points at the end of `a` and `b` agree.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many code points at the start of `a` and `b` agree.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor_of(text: &str, piece: &str, nth: usize) -> Anchor {
        let byte = text.match_indices(piece).nth(nth).unwrap().0;
        let start = offsets::cp_of_byte(text, byte).unwrap();
        Anchor::describe(text, Span::new(start, start + offsets::cp_len(piece)).unwrap()).unwrap()
    }

    #[test]
    fn an_unchanged_text_keeps_the_position() {
        let text = "Лукашенко said 🇧🇾 troops moved.";
        let anchor = anchor_of(text, "troops", 0);
        assert_eq!(reanchor(text, &anchor), Some(Found::InPlace(anchor.span())));
    }

    #[test]
    fn an_edited_text_is_searched_by_quote() {
        let old = "Минск. Лукашенко said 🇧🇾 troops moved.";
        let new = "Минск, 24 февраля. Лукашенко said 🇧🇾 troops moved.";
        let anchor = anchor_of(old, "troops", 0);
        let found = reanchor(new, &anchor).unwrap();
        assert!(matches!(found, Found::Moved(_)));
        assert_eq!(found.span().slice(new), Ok("troops"));
    }

    #[test]
    fn context_picks_the_right_one_of_several_occurrences() {
        let old = "Russia said no. Belarus said yes. Russia said maybe.";
        let anchor = anchor_of(old, "Russia said", 1); // the one before "maybe"
        let new = "Update: Russia said no. Belarus said yes. Russia said maybe.";
        let found = reanchor(new, &anchor).unwrap().span();
        assert_eq!(found.start(), old.rfind("Russia").unwrap() + "Update: ".len());
    }

    #[test]
    fn a_quote_that_is_gone_is_an_orphan() {
        let old = "Lukashenko met Putin in Minsk.";
        let anchor = anchor_of(old, "Putin", 0);
        assert_eq!(reanchor("Lukashenko met Xi in Minsk.", &anchor), None);
    }
}
