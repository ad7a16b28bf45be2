//! [`Annotation`]: a labelled span of one document, anchored twice over.
//!
//! Each annotation keeps an [`Anchor`]: its [`Span`] *and* the text it covers with up
//! to [`CONTEXT_CODE_POINTS`] code points of context on either side, like the
//! `TextPositionSelector` + `TextQuoteSelector` pair of W3C Web Annotation. The
//! position is exact for the text it was made on; the quote and context let a later
//! reader find the span again in a text that has changed, or say it cannot.
//!
//! ```text
//!  …said that the [Belarusian troops] were moving…
//!   └── prefix ──┘└──── quote ─────┘└── suffix ──┘
//! ```

use crate::document::DocId;
use crate::offsets;
use crate::span::{Span, SpanError};
use crate::timestamp::Timestamp;

/// How many code points of context an anchor keeps before and after its quote.
pub const CONTEXT_CODE_POINTS: usize = 32;

/// An annotation's identifier, unique within a project.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnnotationId(pub String);

impl std::fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an annotation sits: its span, and the text around it that confirms it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    span: Span,
    quote: String,
    prefix: String,
    suffix: String,
}

impl Anchor {
    /// The anchor of `span` in `text`: the quote and its context are read from the text.
    pub fn describe(text: &str, span: Span) -> Result<Anchor, SpanError> {
        let past_end = || SpanError::PastEnd {
            start: span.start(),
            end: span.end(),
            len: offsets::cp_len(text),
        };
        let before = span.start().saturating_sub(CONTEXT_CODE_POINTS);
        let ctx_start = offsets::byte_of_cp(text, before).map_err(|_| past_end())?;
        // Byte offsets of every code point boundary from the context's start on.
        let mut boundaries = text[ctx_start..]
            .char_indices()
            .map(|(byte, _)| ctx_start + byte)
            .chain([text.len()]);
        let start = boundaries.nth(span.start() - before).ok_or_else(past_end)?;
        let end = boundaries.nth(span.len() - 1).ok_or_else(past_end)?;
        let ctx_end = boundaries.nth(CONTEXT_CODE_POINTS - 1).unwrap_or(text.len());
        Ok(Anchor {
            span,
            quote: text[start..end].to_owned(),
            prefix: text[ctx_start..start].to_owned(),
            suffix: text[end..ctx_end].to_owned(),
        })
    }

    /// The anchor of `span` in `text` (as [`Anchor::describe`]), found through the
    /// text's checkpoints instead of a walk from its start.
    pub fn describe_with(
        text: &str,
        checkpoints: &offsets::Checkpoints,
        span: Span,
    ) -> Result<Anchor, SpanError> {
        let [prefix, quote, suffix] = Anchor::pieces_with(text, checkpoints, span)?;
        Ok(Anchor {
            span,
            quote: quote.to_owned(),
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
        })
    }

    /// The prefix, quote and suffix of `span` in a text with checkpoints, borrowed.
    pub fn pieces_with<'a>(
        text: &'a str,
        checkpoints: &offsets::Checkpoints,
        span: Span,
    ) -> Result<[&'a str; 3], SpanError> {
        let (before, after) = context_bounds(span, checkpoints.cp_len())?;
        let byte = |cp| checkpoints.byte(text, cp).expect("within the text");
        let (b0, b1, b2, b3) = (byte(before), byte(span.start()), byte(span.end()), byte(after));
        Ok([&text[b0..b1], &text[b1..b2], &text[b2..b3]])
    }

    /// Whether this anchor is exactly what `pieces` (prefix, quote, suffix) describe.
    pub fn has_pieces(&self, [prefix, quote, suffix]: [&str; 3]) -> bool {
        self.quote == quote && self.prefix == prefix && self.suffix == suffix
    }

    /// The anchor of `span` in the indexed text (as [`Anchor::describe`], without
    /// walking the text).
    pub fn describe_in(index: &offsets::CharIndex<'_>, span: Span) -> Result<Anchor, SpanError> {
        let [prefix, quote, suffix] = Anchor::pieces_in(index, span)?;
        Ok(Anchor {
            span,
            quote: quote.to_owned(),
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
        })
    }

    /// The prefix, quote and suffix of `span` in the indexed text.
    pub fn pieces_in<'a>(index: &offsets::CharIndex<'a>, span: Span) -> Result<[&'a str; 3], SpanError> {
        let (before, after) = context_bounds(span, index.cp_len())?;
        let piece = |from, to| index.slice(from, to).expect("within the text");
        Ok([
            piece(before, span.start()),
            piece(span.start(), span.end()),
            piece(span.end(), after),
        ])
    }

    /// An anchor as a file states it, unchecked against any text.
    pub fn from_parts(span: Span, quote: String, prefix: String, suffix: String) -> Anchor {
        Anchor {
            span,
            quote,
            prefix,
            suffix,
        }
    }

    /// The span, in code points.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The text the span covers.
    pub fn quote(&self) -> &str {
        &self.quote
    }

    /// Up to [`CONTEXT_CODE_POINTS`] code points before the quote.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Up to [`CONTEXT_CODE_POINTS`] code points after the quote.
    pub fn suffix(&self) -> &str {
        &self.suffix
    }

    /// Whether this anchor is exactly what [`Anchor::describe`] finds in `text`.
    pub fn matches(&self, text: &str) -> bool {
        Anchor::describe(text, self.span).is_ok_and(|found| &found == self)
    }
}

/// Where the context of `span` begins and ends in a text of `len` code points: up to
/// [`CONTEXT_CODE_POINTS`] either side; an error when the span does not fit.
fn context_bounds(span: Span, len: usize) -> Result<(usize, usize), SpanError> {
    if span.end() > len {
        return Err(SpanError::PastEnd {
            start: span.start(),
            end: span.end(),
            len,
        });
    }
    let before = span.start().saturating_sub(CONTEXT_CODE_POINTS);
    Ok((before, (span.end() + CONTEXT_CODE_POINTS).min(len)))
}

/// A labelled span of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Unique within the project.
    pub id: AnnotationId,
    /// The document annotated.
    pub document: DocId,
    /// Where, with the quote and context.
    pub anchor: Anchor,
    /// The label's name.
    pub label: String,
    /// Free text; empty when there is none.
    pub note: String,
    /// Who made it; empty when unknown.
    pub annotator: String,
    /// For an annotation of a gold set settled from several annotators' work: the
    /// annotators who had made exactly this span with this label. Empty otherwise.
    pub agreed_by: Vec<String>,
    /// The values of its label's fields ([`crate::attribute`]); empty when none are set.
    pub attributes: crate::attribute::Attributes,
    /// Where it came from when it was not marked by hand: a suggestion, accepted or
    /// not yet reviewed ([`crate::suggest`]). `None` for a mark made by hand.
    pub origin: Option<crate::suggest::Provenance>,
    /// When it was made.
    pub created: Timestamp,
    /// When it last changed.
    pub updated: Timestamp,
}

impl Annotation {
    /// The annotation's span.
    pub fn span(&self) -> Span {
        self.anchor.span()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_text::HOSTILE;
    use proptest::prelude::*;

    #[test]
    fn describes_quote_and_context() {
        let text = "Belarus said that the Belarusian troops were moving north.";
        let start = text.find("Belarusian troops").unwrap();
        let span = Span::new(start, start + "Belarusian troops".len()).unwrap();
        let anchor = Anchor::describe(text, span).unwrap();
        assert_eq!(anchor.quote(), "Belarusian troops");
        assert_eq!(anchor.prefix(), "Belarus said that the ");
        assert_eq!(anchor.suffix(), " were moving north.");
        assert!(anchor.matches(text));
        assert!(!anchor.matches("Belarus said that the Belarusian troops were moving south."));
    }

    #[test]
    fn context_is_counted_in_code_points() {
        let span = Span::new(40, 42).unwrap();
        let anchor = Anchor::describe(HOSTILE, span).unwrap();
        assert_eq!(anchor.prefix().chars().count(), CONTEXT_CODE_POINTS);
        assert_eq!(anchor.suffix().chars().count(), CONTEXT_CODE_POINTS);
        assert_eq!(anchor.quote(), span.slice(HOSTILE).unwrap());
    }

    #[test]
    fn refuses_a_span_past_the_end() {
        let len = offsets::cp_len(HOSTILE);
        assert!(Anchor::describe(HOSTILE, Span::new(len - 1, len).unwrap()).is_ok());
        assert!(Anchor::describe(HOSTILE, Span::new(len - 1, len + 1).unwrap()).is_err());
    }

    proptest! {
        #[test]
        fn anchor_pieces_rebuild_the_text_around_the_span(text in any::<String>(), a in 0usize..80, b in 1usize..20) {
            let chars: Vec<char> = text.chars().collect();
            let span = Span::new(a, a + b).unwrap();
            match Anchor::describe(&text, span) {
                Ok(anchor) => {
                    prop_assert!(a + b <= chars.len());
                    let from = a.saturating_sub(CONTEXT_CODE_POINTS);
                    let to = (a + b + CONTEXT_CODE_POINTS).min(chars.len());
                    let expected: String = chars[from..to].iter().collect();
                    prop_assert_eq!(format!("{}{}{}", anchor.prefix(), anchor.quote(), anchor.suffix()), expected);
                    prop_assert_eq!(anchor.quote(), span.slice(&text).unwrap());
                }
                Err(_) => prop_assert!(a + b > chars.len()),
            }
            // The indexed ways agree with the walk from the start.
            let checkpoints = offsets::Checkpoints::new(&text);
            prop_assert_eq!(Anchor::describe_with(&text, &checkpoints, span), Anchor::describe(&text, span));
            let index = offsets::CharIndex::new(&text);
            prop_assert_eq!(Anchor::describe_in(&index, span), Anchor::describe(&text, span));
        }
    }
}
