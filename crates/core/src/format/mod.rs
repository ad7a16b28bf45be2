//! File formats. Each is a module of its own with a reader that returns a
//! [`ReadError`] naming every problem and where it is, and a writer; none of them
//! is the domain model, which lives in the rest of the crate.
//!
//! - [`native`]: factmark's own format, version 1.
//! - [`doccano`], [`spacy_jsonl`]: JSON Lines of texts with labelled spans.
//! - [`csv`]: one row per annotation, for spreadsheets (export only).
//! - [`plain`]: documents from `.txt`, `.md` and `{"text": …}` JSON Lines files.
//! - [`w3c`]: W3C Web Annotation collections, written and read.

pub mod csv;
pub mod doccano;
mod labelled_text;
pub mod native;
pub mod plain;
pub mod spacy_jsonl;
pub mod w3c;

use thiserror::Error;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A line and column (both from 1), for text that is not well-formed.
    LineColumn {
        /// The line, from 1.
        line: usize,
        /// The column, from 1, in characters.
        column: usize,
    },
    /// A JSON path such as `annotations[3].label`.
    Path(String),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File => f.write_str("file"),
            Location::LineColumn { line, column } => write!(f, "line {line}, column {column}"),
            Location::Path(path) => write!(f, "at {path}"),
        }
    }
}

/// One thing wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl Problem {
    /// A problem at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> Problem {
        Problem {
            location,
            message: message.into(),
        }
    }

    /// A problem at JSON path `path`.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem::new(Location::Path(path.into()), message)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.location {
            Location::File => f.write_str(&self.message),
            _ => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

/// Why a file could not be read: at least one [`Problem`], in file order where known.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct ReadError {
    /// Every problem found (reading stops early only when the file is not well-formed).
    pub problems: Vec<Problem>,
}

impl ReadError {
    /// An error with the single problem `problem`.
    pub fn one(problem: Problem) -> ReadError {
        ReadError {
            problems: vec![problem],
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// `value` when no problem was found, else every problem.
pub(crate) fn finish<T>(problems: Vec<Problem>, value: T) -> Result<T, ReadError> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(ReadError { problems })
    }
}

/// Checks that `bytes` are UTF-8 text, naming the first byte that is not; a leading
/// byte order mark is skipped.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|err| {
        let at = err.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        ReadError::one(Problem::new(
            Location::File,
            format!(
                "this is not UTF-8 text: byte {at} (line {line}) is 0x{:02X}; is it a binary file?",
                bytes[at]
            ),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_first_byte_that_is_not_utf8() {
        let err = decode_utf8(b"ok\nok\n\xFF\xFE").unwrap_err();
        assert_eq!(
            err.to_string(),
            "this is not UTF-8 text: byte 6 (line 3) is 0xFF; is it a binary file?"
        );
        assert_eq!(decode_utf8("\u{feff}Минск".as_bytes()), Ok("Минск"));
    }
}
