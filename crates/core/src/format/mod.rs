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

/// The annotation file formats factmark reads or writes, by their command-line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// factmark's own (`native`).
    Native,
    /// W3C Web Annotation (`w3c`).
    W3c,
    /// spaCy-style JSON Lines (`spacy-jsonl`).
    SpacyJsonl,
    /// doccano JSON Lines (`doccano`).
    Doccano,
    /// CSV, one row per annotation (`csv`; written only).
    Csv,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::Native,
        Format::W3c,
        Format::SpacyJsonl,
        Format::Doccano,
        Format::Csv,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::W3c => "w3c",
            Format::SpacyJsonl => "spacy-jsonl",
            Format::Doccano => "doccano",
            Format::Csv => "csv",
        }
    }

    /// The format named `name` on the command line.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The format of an annotation file, judged by its name and content; `None` for
    /// files that hold no annotations (plain texts) or that no format here reads.
    pub fn detect(file_name: &str, text: &str) -> Option<Format> {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".json") || lower.ends_with(".jsonld") {
            let value: serde_json::Value = serde_json::from_str(text).ok()?;
            return Some(if w3c::looks_like(&value) {
                Format::W3c
            } else {
                Format::Native
            });
        }
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            let first: serde_json::Value =
                serde_json::from_str(text.lines().find(|l| !l.trim().is_empty())?).ok()?;
            let has = |key: &str| first.get(key).is_some();
            return if has("spans") {
                Some(Format::SpacyJsonl)
            } else if has("label") || has("entities") {
                Some(Format::Doccano)
            } else {
                None
            };
        }
        None
    }

    /// Reads `text` in this format.
    pub fn read(self, text: &str) -> Result<native::NativeFile, ReadError> {
        match self {
            Format::Native => native::read(text),
            Format::W3c => w3c::read(text),
            Format::SpacyJsonl => spacy_jsonl::read(text),
            Format::Doccano => doccano::read(text),
            Format::Csv => Err(ReadError::one(Problem::new(
                Location::File,
                "factmark writes CSV but does not read it back: import a native, W3C or JSON Lines file",
            ))),
        }
    }

    /// Writes `file` in this format; fails when the format needs texts the file lacks.
    pub fn write(self, file: &native::NativeFile) -> Result<String, String> {
        match self {
            Format::Native => Ok(native::write(file)),
            Format::W3c => Ok(w3c::write(file)),
            Format::SpacyJsonl => spacy_jsonl::write(file),
            Format::Doccano => doccano::write(file),
            Format::Csv => Ok(csv::write(file)),
        }
    }
}

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
    fn detects_formats_by_name_and_content() {
        let w3c = r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"items": []}}"#;
        assert_eq!(Format::detect("x.json", w3c), Some(Format::W3c));
        assert_eq!(
            Format::detect("x.json", r#"{"format": "factmark"}"#),
            Some(Format::Native)
        );
        assert_eq!(
            Format::detect("x.jsonl", "\n{\"text\": \"a\", \"spans\": []}"),
            Some(Format::SpacyJsonl)
        );
        assert_eq!(
            Format::detect("x.JSONL", r#"{"text": "a", "entities": []}"#),
            Some(Format::Doccano)
        );
        assert_eq!(Format::detect("x.jsonl", r#"{"text": "a"}"#), None);
        assert_eq!(Format::detect("x.txt", "{}"), None);
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
    }

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
