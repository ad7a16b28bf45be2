//! Text set aside as not the article: the site's clutter that real pages carry
//! ("Connect with us", "Ads Blocker Detected!!!", "Leave a Reply", "Source link").
//!
//! A document's *ignored regions* are spans of its text, kept in order, never
//! overlapping or touching (two that would are one). The text itself is never altered
//! and offsets still index it whole; what changes is what is made of it:
//!
//! - exports of other formats hold no annotation that overlaps a region (each left out
//!   is named, with its relations), and the token formats (CoNLL, Hugging Face, spaCy's
//!   DocBin) leave out the tokens that lie in one — a token is dropped when it overlaps
//!   a region, so the training text is the article's alone;
//! - agreement compares only the annotations outside the regions of either annotator;
//! - a project's counts leave out the annotations inside them.
//!
//! Regions are edited by [`crate::Action::SetIgnored`], which holds the regions before
//! and after (so undo restores them exactly); [`with`] and [`without`] make the after.

use crate::span::Span;

/// `regions` in order, overlapping or touching ones joined. Put in order by insertion
/// rather than by a sort: a document has a handful, and the first visit's download
/// carries no sort of spans of its own.
pub fn normalized(regions: Vec<Span>) -> Vec<Span> {
    let mut ordered: Vec<Span> = Vec::with_capacity(regions.len());
    for region in regions {
        let at = ordered.partition_point(|r| *r <= region);
        ordered.insert(at, region);
    }
    let mut out: Vec<Span> = Vec::with_capacity(ordered.len());
    for region in ordered {
        match out.last_mut() {
            Some(last) if region.start() <= last.end() => {
                if region.end() > last.end() {
                    *last = Span::new(last.start(), region.end()).expect("a wider span is not empty");
                }
            }
            _ => out.push(region),
        }
    }
    out
}

/// Whether `regions` are as [`normalized`] makes them.
pub fn is_normalized(regions: &[Span]) -> bool {
    regions.windows(2).all(|w| w[0].end() < w[1].start())
}

/// `regions` (normalized) with `span` set aside too.
pub fn with(regions: &[Span], span: Span) -> Vec<Span> {
    let mut out = regions.to_vec();
    out.push(span);
    normalized(out)
}

/// `regions` (normalized) with `span` no longer set aside: the parts of regions outside
/// it stay.
pub fn without(regions: &[Span], span: Span) -> Vec<Span> {
    let mut out = Vec::with_capacity(regions.len() + 1);
    for &region in regions {
        if !region.overlaps(span) {
            out.push(region);
            continue;
        }
        if let Ok(before) = Span::new(region.start(), span.start()) {
            out.push(before);
        }
        if let Ok(after) = Span::new(span.end(), region.end()) {
            out.push(after);
        }
    }
    out
}

/// Whether `span` shares a code point with one of `regions` (normalized).
pub fn touches(regions: &[Span], span: Span) -> bool {
    // The first region that ends after the span starts is the only one that can.
    let at = regions.partition_point(|r| r.end() <= span.start());
    regions.get(at).is_some_and(|r| r.start() < span.end())
}

/// The region of `regions` (normalized) that holds code point `at`, if any.
pub fn at(regions: &[Span], at: usize) -> Option<Span> {
    let i = regions.partition_point(|r| r.end() <= at);
    regions.get(i).copied().filter(|r| r.start() <= at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize) -> Span {
        Span::new(start, end).unwrap()
    }

    #[test]
    fn regions_join_when_they_overlap_or_touch_and_stay_apart_otherwise() {
        assert_eq!(
            normalized(vec![s(10, 12), s(0, 3), s(2, 5), s(5, 7)]),
            [s(0, 7), s(10, 12)]
        );
        assert_eq!(with(&[s(0, 3), s(10, 12)], s(3, 10)), [s(0, 12)]);
        assert!(is_normalized(&[s(0, 3), s(4, 5)]));
        assert!(!is_normalized(&[s(0, 3), s(3, 5)]));
        assert!(!is_normalized(&[s(4, 5), s(0, 3)]));
    }

    #[test]
    fn keeping_a_span_cuts_it_out_of_the_regions() {
        let regions = [s(0, 10), s(20, 30)];
        assert_eq!(without(&regions, s(5, 25)), [s(0, 5), s(25, 30)]);
        assert_eq!(without(&regions, s(0, 10)), [s(20, 30)]);
        assert_eq!(without(&regions, s(12, 18)), regions);
        assert_eq!(without(&regions, s(2, 4)), [s(0, 2), s(4, 10), s(20, 30)]);
    }

    #[test]
    fn a_span_touches_a_region_when_they_share_a_code_point() {
        let regions = [s(5, 10), s(20, 30)];
        assert!(touches(&regions, s(9, 12)));
        assert!(touches(&regions, s(0, 6)));
        assert!(touches(&regions, s(21, 22)));
        assert!(!touches(&regions, s(10, 20)));
        assert!(!touches(&regions, s(0, 5)));
        assert!(!touches(&[], s(0, 5)));
        assert_eq!(at(&regions, 10), None);
        assert_eq!(at(&regions, 29), Some(s(20, 30)));
    }
}
