//! Conversions between the three ways of counting positions in a text.
//!
//! factmark stores and exports **code points** (see the crate docs). Two other units
//! exist at the edges, and this module is the only place that converts between them:
//!
//! ```text
//!  text:           a     é      👋           🇺🇦
//!  code points:    0  1  2   3  4       5  6       7          (what files say)
//!  UTF-16 units:   0  1  2   3  4 . 5   6  7 . 8 9 . 10  11   (what the DOM says)
//!  UTF-8 bytes:    0  1  2 . 3  4 ...   8  9 ...              (what Rust slices)
//! ```
//!
//! A flag such as 🇺🇦 is *two* code points (two regional indicators), and `é` may be one
//! code point or two (`e` + U+0301): factmark never merges them, because every consumer
//! of its files (spaCy, Python, W3C selectors) counts them apart too.
//!
//! A position that falls inside a character in the target unit — between the two
//! halves of a surrogate pair, or inside a multi-byte UTF-8 sequence — is an error,
//! never silently rounded.

use crate::span::Span;
use thiserror::Error;

/// A unit in which a position can be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Unicode scalar values: what factmark stores.
    CodePoint,
    /// UTF-16 code units: what the DOM and JavaScript strings count.
    Utf16,
    /// UTF-8 bytes: what Rust `str` slicing counts.
    Utf8,
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unit::CodePoint => "code point",
            Unit::Utf16 => "UTF-16 code unit",
            Unit::Utf8 => "UTF-8 byte",
        })
    }
}

/// Why a position could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OffsetError {
    /// The position lies beyond the end of the text.
    #[error("{unit} offset {offset} is past the end of the text ({len} {unit}s)")]
    OutOfRange {
        /// The position asked for.
        offset: usize,
        /// The length of the text in the same unit.
        len: usize,
        /// The unit of both numbers.
        unit: Unit,
    },
    /// The position falls inside one character (a surrogate pair or a UTF-8 sequence).
    #[error("{unit} offset {offset} falls inside a character")]
    InsideCharacter {
        /// The position asked for.
        offset: usize,
        /// Its unit.
        unit: Unit,
    },
}

/// The length of `text` in code points.
pub fn cp_len(text: &str) -> usize {
    text.chars().count()
}

/// The length of `text` in UTF-16 code units.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The UTF-8 byte offset of code point `cp`; `cp == cp_len(text)` is the end.
pub fn byte_of_cp(text: &str, cp: usize) -> Result<usize, OffsetError> {
    match text.char_indices().nth(cp) {
        Some((byte, _)) => Ok(byte),
        None => {
            let len = cp_len(text);
            if cp == len {
                Ok(text.len())
            } else {
                Err(OffsetError::OutOfRange {
                    offset: cp,
                    len,
                    unit: Unit::CodePoint,
                })
            }
        }
    }
}

/// The code point offset of UTF-8 byte `byte`, which must lie on a character boundary.
pub fn cp_of_byte(text: &str, byte: usize) -> Result<usize, OffsetError> {
    if byte > text.len() {
        return Err(OffsetError::OutOfRange {
            offset: byte,
            len: text.len(),
            unit: Unit::Utf8,
        });
    }
    if !text.is_char_boundary(byte) {
        return Err(OffsetError::InsideCharacter {
            offset: byte,
            unit: Unit::Utf8,
        });
    }
    Ok(cp_len(&text[..byte]))
}

/// The UTF-16 offset of code point `cp`; `cp == cp_len(text)` is the end.
pub fn utf16_of_cp(text: &str, cp: usize) -> Result<usize, OffsetError> {
    let mut units = 0;
    let mut seen = 0;
    for c in text.chars() {
        if seen == cp {
            return Ok(units);
        }
        units += c.len_utf16();
        seen += 1;
    }
    if seen == cp {
        Ok(units)
    } else {
        Err(OffsetError::OutOfRange {
            offset: cp,
            len: seen,
            unit: Unit::CodePoint,
        })
    }
}

/// The code point offset of UTF-16 offset `utf16`, which must not split a surrogate pair.
pub fn cp_of_utf16(text: &str, utf16: usize) -> Result<usize, OffsetError> {
    let mut units = 0;
    for (cp, c) in text.chars().enumerate() {
        if units == utf16 {
            return Ok(cp);
        }
        units += c.len_utf16();
        if units > utf16 {
            return Err(OffsetError::InsideCharacter {
                offset: utf16,
                unit: Unit::Utf16,
            });
        }
    }
    if units == utf16 {
        Ok(cp_len(text))
    } else {
        Err(OffsetError::OutOfRange {
            offset: utf16,
            len: units,
            unit: Unit::Utf16,
        })
    }
}

/// The byte offset of every 64th code point of a text: a code point offset becomes a
/// byte offset by a lookup and a walk of at most 63 characters, with an index an
/// eighth of the text's size. Documents keep one (see [`crate::Document`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checkpoints {
    /// The byte offset of code point `64 * i`.
    bytes: Vec<usize>,
    /// The text's length in code points.
    len: usize,
}

impl Checkpoints {
    const EVERY: usize = 64;

    /// The checkpoints of `text`.
    pub fn new(text: &str) -> Checkpoints {
        let mut bytes = Vec::with_capacity(text.len() / Self::EVERY + 1);
        let mut len = 0;
        for (at, _) in text.char_indices() {
            if len % Self::EVERY == 0 {
                bytes.push(at);
            }
            len += 1;
        }
        Checkpoints { bytes, len }
    }

    /// The text's length in code points.
    pub fn cp_len(&self) -> usize {
        self.len
    }

    /// The byte offset in `text` (the text these checkpoints were made of) of code
    /// point `cp`; `None` past the end.
    pub fn byte(&self, text: &str, cp: usize) -> Option<usize> {
        if cp == self.len {
            return Some(text.len());
        }
        if cp > self.len {
            return None;
        }
        let stretch = cp / Self::EVERY;
        let from = self.bytes[stretch];
        // A stretch with as many bytes as code points is one byte a character: no walk.
        let stretch_cps = Self::EVERY.min(self.len - stretch * Self::EVERY);
        let to = self.bytes.get(stretch + 1).copied().unwrap_or(text.len());
        if to - from == stretch_cps {
            return Some(from + cp % Self::EVERY);
        }
        match text[from..].char_indices().nth(cp % Self::EVERY) {
            Some((at, _)) => Some(from + at),
            None => Some(text.len()),
        }
    }
}

/// A text with the byte offset of every code point, for code-point slicing in
/// constant time: what readers and writers use when they touch many spans of one text
/// (each [`byte_of_cp`] walks the text from its start).
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// The byte offset of each code point, then the text's length.
    bytes: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> CharIndex<'a> {
        let mut bytes: Vec<usize> = Vec::with_capacity(text.len() + 1);
        bytes.extend(text.char_indices().map(|(at, _)| at));
        bytes.push(text.len());
        CharIndex { text, bytes }
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Its length in code points.
    pub fn cp_len(&self) -> usize {
        self.bytes.len() - 1
    }

    /// The byte offset of code point `cp`, or `None` past the end.
    pub fn byte(&self, cp: usize) -> Option<usize> {
        self.bytes.get(cp).copied()
    }

    /// The text from code point `start` to `end`, or `None` past the end.
    pub fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        Some(&self.text[self.byte(start)?..self.byte(end)?])
    }
}

/// Code point offsets of increasing byte offsets of one text (a regex's matches, in
/// order), each found by walking on from the last rather than from the start.
#[derive(Debug, Clone)]
pub struct ForwardCounter<'a> {
    text: &'a str,
    byte: usize,
    cp: usize,
}

impl<'a> ForwardCounter<'a> {
    /// A counter at the start of `text`.
    pub fn new(text: &'a str) -> ForwardCounter<'a> {
        ForwardCounter { text, byte: 0, cp: 0 }
    }

    /// The code point at byte `byte` (a char boundary at or after the last one asked
    /// for; an earlier one starts the walk again from the text's start).
    pub fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.cp) = (0, 0);
        }
        self.cp += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.cp
    }
}

/// The text that `span` covers.
pub fn slice(text: &str, span: Span) -> Result<&str, OffsetError> {
    let from = byte_of_cp(text, span.start())?;
    let to = from
        + byte_of_cp(&text[from..], span.len()).map_err(|_| OffsetError::OutOfRange {
            offset: span.end(),
            len: cp_len(text),
            unit: Unit::CodePoint,
        })?;
    Ok(&text[from..to])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_text::HOSTILE;
    use proptest::prelude::*;

    #[test]
    fn counts_each_unit_apart() {
        let text = "aé👋🇺🇦";
        assert_eq!(cp_len(text), 5);
        assert_eq!(utf16_len(text), 8);
        assert_eq!(text.len(), 1 + 2 + 4 + 8);
        assert_eq!(utf16_of_cp(text, 3), Ok(4));
        assert_eq!(cp_of_utf16(text, 6), Ok(4));
        assert_eq!(byte_of_cp(text, 3), Ok(7));
        assert_eq!(cp_of_byte(text, 7), Ok(3));
    }

    #[test]
    fn refuses_positions_inside_a_character() {
        assert_eq!(
            cp_of_utf16("👋", 1),
            Err(OffsetError::InsideCharacter {
                offset: 1,
                unit: Unit::Utf16
            })
        );
        assert_eq!(
            cp_of_byte("é", 1),
            Err(OffsetError::InsideCharacter {
                offset: 1,
                unit: Unit::Utf8
            })
        );
    }

    #[test]
    fn refuses_positions_past_the_end() {
        assert_eq!(
            byte_of_cp("Привет", 7),
            Err(OffsetError::OutOfRange {
                offset: 7,
                len: 6,
                unit: Unit::CodePoint
            })
        );
        assert!(cp_of_utf16("Привет", 7).is_err());
        assert!(utf16_of_cp("Привет", 7).is_err());
        assert!(cp_of_byte("Привет", 13).is_err());
        assert_eq!(byte_of_cp("Привет", 6), Ok(12));
    }

    #[test]
    fn slices_hostile_text_by_code_points() {
        // Each piece is found by str::find, then sliced back by its code point offsets.
        for piece in ["Минск", "👨‍👩‍👧", "🇧🇾", "e\u{301}", "\r\n", "\u{a0}"] {
            let byte = HOSTILE.find(piece).unwrap();
            let start = cp_of_byte(HOSTILE, byte).unwrap();
            let span = Span::new(start, start + cp_len(piece)).unwrap();
            assert_eq!(slice(HOSTILE, span), Ok(piece));
        }
    }

    #[test]
    fn checkpoints_find_every_code_point() {
        let text = "a🇧🇾é".repeat(50);
        let checkpoints = Checkpoints::new(&text);
        assert_eq!(checkpoints.cp_len(), 200);
        for cp in 0..=200 {
            assert_eq!(
                checkpoints.byte(&text, cp),
                Some(byte_of_cp(&text, cp).unwrap()),
                "{cp}"
            );
        }
        assert_eq!(checkpoints.byte(&text, 201), None);
        assert_eq!(Checkpoints::new("").byte("", 0), Some(0));
    }

    #[test]
    fn checkpoints_take_ascii_stretches_at_once_and_walk_the_others() {
        // ASCII stretches (no walk), one with Cyrillic, one ending in an emoji, and a
        // short last stretch of each kind.
        for text in [
            "x".repeat(64 * 3 + 10),
            "x".repeat(64) + &"я".repeat(64) + &"x".repeat(63) + "🪖" + "tail",
            "x".repeat(64 * 2) + "é",
        ] {
            let checkpoints = Checkpoints::new(&text);
            for cp in 0..=checkpoints.cp_len() {
                assert_eq!(
                    checkpoints.byte(&text, cp),
                    Some(byte_of_cp(&text, cp).unwrap()),
                    "{cp}"
                );
            }
        }
    }

    #[test]
    fn a_char_index_slices_by_code_points() {
        let index = CharIndex::new("a🇧🇾é");
        assert_eq!(index.cp_len(), 4);
        assert_eq!(index.slice(1, 3), Some("🇧🇾"));
        assert_eq!(index.slice(3, 4), Some("é"));
        assert_eq!(index.slice(3, 5), None);
    }

    proptest! {
        #[test]
        fn every_boundary_round_trips_through_all_units(text in "\\PC*|[\\s\\S]{0,40}") {
            let mut cp = 0;
            let mut utf16 = 0;
            for (byte, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                prop_assert_eq!(byte_of_cp(&text, cp), Ok(byte));
                prop_assert_eq!(cp_of_byte(&text, byte), Ok(cp));
                prop_assert_eq!(utf16_of_cp(&text, cp), Ok(utf16));
                prop_assert_eq!(cp_of_utf16(&text, utf16), Ok(cp));
                cp += 1;
                utf16 += c.len_utf16();
            }
            prop_assert!(byte_of_cp(&text, cp).is_err());
        }

        #[test]
        fn checkpoints_agree_with_walking_the_text(text in "[a-z \n]{0,150}[\\PC]{0,3}[a-z]{0,140}") {
            let checkpoints = Checkpoints::new(&text);
            for cp in 0..=checkpoints.cp_len() {
                prop_assert_eq!(checkpoints.byte(&text, cp), Some(byte_of_cp(&text, cp).unwrap()));
            }
        }

        #[test]
        fn utf16_offsets_match_what_javascript_would_count(text in any::<String>()) {
            let units: Vec<u16> = text.encode_utf16().collect();
            prop_assert_eq!(utf16_len(&text), units.len());
            for (cp, c) in text.chars().enumerate() {
                let at = utf16_of_cp(&text, cp).unwrap();
                prop_assert_eq!(String::from_utf16(&units[at..at + c.len_utf16()]).unwrap(), c.to_string());
                if c.len_utf16() == 2 {
                    prop_assert!(cp_of_utf16(&text, at + 1).is_err());
                }
            }
        }

        #[test]
        fn slices_agree_with_char_collection(text in any::<String>(), a in 0usize..64, b in 0usize..64) {
            let chars: Vec<char> = text.chars().collect();
            let (start, end) = (a.min(b), a.max(b) + 1);
            let span = Span::new(start, end).unwrap();
            if end <= chars.len() {
                let expected: String = chars[start..end].iter().collect();
                prop_assert_eq!(slice(&text, span).unwrap(), expected.as_str());
            } else {
                prop_assert!(slice(&text, span).is_err());
            }
        }
    }
}
