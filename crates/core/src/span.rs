//! [`Span`]: a non-empty, half-open range of code points.
//!
//! ```text
//!  text:  T  r  o  o  p  s  ␠  m  o  v  e  d
//!         0  1  2  3  4  5  6  7  8  9  10 11 12
//!         [──── Span [0, 6) ────)
//! ```
//!
//! The fields are private and the only constructor checks them, so a `Span` with
//! `start >= end` cannot exist. Whether a span fits a given text is checked where the
//! text is known ([`Span::check_within`]).

use crate::offsets::{self, OffsetError};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A non-empty half-open range `[start, end)` of code point offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "RawSpan", into = "RawSpan")]
pub struct Span {
    start: usize,
    end: usize,
}

/// Why a pair of offsets is not a valid span.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SpanError {
    /// `start` is not before `end`.
    #[error("span start {start} is not before its end {end}")]
    Empty {
        /// The start asked for.
        start: usize,
        /// The end asked for.
        end: usize,
    },
    /// The span reaches past the end of its text.
    #[error("span [{start}, {end}) reaches past the end of the text ({len} code points)")]
    PastEnd {
        /// The span's start.
        start: usize,
        /// The span's end.
        end: usize,
        /// The text's length in code points.
        len: usize,
    },
}

impl Span {
    /// The span `[start, end)`; `start` must be before `end`.
    pub fn new(start: usize, end: usize) -> Result<Span, SpanError> {
        if start < end {
            Ok(Span { start, end })
        } else {
            Err(SpanError::Empty { start, end })
        }
    }

    /// The first code point covered.
    pub fn start(self) -> usize {
        self.start
    }

    /// One past the last code point covered.
    pub fn end(self) -> usize {
        self.end
    }

    /// How many code points the span covers (at least one).
    #[allow(clippy::len_without_is_empty)] // a Span is never empty
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the two spans share at least one code point.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Checks that the span fits a text of `len` code points.
    pub fn check_within(self, len: usize) -> Result<Span, SpanError> {
        if self.end <= len {
            Ok(self)
        } else {
            Err(SpanError::PastEnd {
                start: self.start,
                end: self.end,
                len,
            })
        }
    }

    /// The text this span covers in `text`.
    pub fn slice(self, text: &str) -> Result<&str, OffsetError> {
        offsets::slice(text, self)
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}, {})", self.start, self.end)
    }
}

/// The stretches covered by two or more of `spans`, in order and merged: where
/// annotations overlap or nest, so a view can show that more than one is there.
pub fn overlaps(spans: impl IntoIterator<Item = Span>) -> Vec<Span> {
    // +1 at each start, -1 at each end; sorted so that ends come before starts at
    // the same offset (half-open spans that touch do not overlap).
    let mut events: Vec<(usize, i32)> = spans
        .into_iter()
        .flat_map(|span| [(span.start, 1), (span.end, -1)])
        .collect();
    events.sort_unstable();
    let mut out: Vec<Span> = Vec::new();
    let mut depth = 0;
    let mut since = 0;
    for (at, change) in events {
        let before = depth;
        depth += change;
        if before < 2 && depth >= 2 {
            since = at;
        } else if before >= 2 && depth < 2 && since < at {
            match out.last_mut() {
                Some(last) if last.end == since => last.end = at,
                _ => out.push(Span {
                    start: since,
                    end: at,
                }),
            }
        }
    }
    out
}

/// The unchecked form a span takes in files; turned into a [`Span`] only through [`Span::new`].
#[derive(Serialize, Deserialize)]
struct RawSpan {
    start: usize,
    end: usize,
}

impl TryFrom<RawSpan> for Span {
    type Error = SpanError;
    fn try_from(raw: RawSpan) -> Result<Span, SpanError> {
        Span::new(raw.start, raw.end)
    }
}

impl From<Span> for RawSpan {
    fn from(span: Span) -> RawSpan {
        RawSpan {
            start: span.start,
            end: span.end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_empty_or_reversed_span_cannot_be_made() {
        assert_eq!(Span::new(3, 3), Err(SpanError::Empty { start: 3, end: 3 }));
        assert!(Span::new(4, 3).is_err());
        assert_eq!(Span::new(3, 4).unwrap().len(), 1);
    }

    #[test]
    fn serde_refuses_an_empty_span() {
        let err = serde_json::from_str::<Span>(r#"{"start": 5, "end": 2}"#).unwrap_err();
        assert!(err.to_string().contains("not before its end"), "{err}");
        let span: Span = serde_json::from_str(r#"{"start": 2, "end": 5}"#).unwrap();
        assert_eq!((span.start(), span.end()), (2, 5));
    }

    #[test]
    fn checks_the_span_against_its_text() {
        let text = "Лукашенко 🇧🇾";
        let len = offsets::cp_len(text);
        assert_eq!(len, 12);
        let flag = Span::new(10, 12).unwrap();
        assert_eq!(flag.check_within(len), Ok(flag));
        assert_eq!(flag.slice(text), Ok("🇧🇾"));
        assert!(Span::new(10, 13).unwrap().check_within(len).is_err());
    }

    #[test]
    fn overlap_and_nesting() {
        let a = Span::new(0, 10).unwrap();
        let b = Span::new(5, 15).unwrap();
        let c = Span::new(2, 4).unwrap();
        let d = Span::new(10, 12).unwrap();
        assert!(a.overlaps(b) && b.overlaps(a));
        assert!(a.contains(c) && !c.contains(a));
        assert!(!a.overlaps(d), "half-open spans that touch do not overlap");
    }

    #[test]
    fn finds_where_spans_overlap() {
        let s = |a, b| Span::new(a, b).unwrap();
        assert_eq!(overlaps([s(0, 10), s(5, 15), s(20, 30)]), [s(5, 10)]);
        assert_eq!(overlaps([s(0, 10), s(2, 4), s(3, 8)]), [s(2, 8)]);
        assert_eq!(overlaps([s(0, 5), s(5, 10)]), []);
        assert_eq!(overlaps([s(0, 5), s(0, 5)]), [s(0, 5)]);
    }

    proptest! {
        #[test]
        fn overlap_regions_are_exactly_the_points_covered_twice(
            spans in prop::collection::vec((0usize..40, 1usize..10), 0..8)
        ) {
            let spans: Vec<Span> = spans.into_iter().map(|(a, b)| Span::new(a, a + b).unwrap()).collect();
            let regions = overlaps(spans.iter().copied());
            for point in 0..60 {
                let covering = spans.iter().filter(|s| s.start() <= point && point < s.end()).count();
                let in_region = regions.iter().any(|r| r.start() <= point && point < r.end());
                prop_assert_eq!(covering >= 2, in_region, "point {}", point);
            }
            prop_assert!(regions.windows(2).all(|w| w[0].end() < w[1].start()));
        }

        #[test]
        fn overlap_is_symmetric_and_matches_shared_points(a in 0usize..50, b in 1usize..50, c in 0usize..50, d in 1usize..50) {
            let x = Span::new(a, a + b).unwrap();
            let y = Span::new(c, c + d).unwrap();
            let shared = (x.start()..x.end()).any(|p| (y.start()..y.end()).contains(&p));
            prop_assert_eq!(x.overlaps(y), shared);
            prop_assert_eq!(y.overlaps(x), shared);
        }
    }
}
