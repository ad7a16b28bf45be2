//! Documents from plain text: a `.txt` or `.md` file is one document; a `.jsonl` file
//! of `{"text": …}` lines (as doccano and Prodigy write) is one document per line.
//!
//! A document's id is the first 16 hex digits of its text's SHA-256, so the same
//! text opened twice is recognised; its title is the first visible line
//! ([`default_title`]) and can be renamed.

use super::{Location, Problem, ReadError};
use crate::document::{DocId, Document, Source, default_title, id_of_sha256, sha256_hex};

/// The id a text gets: the start of its SHA-256.
pub fn text_id(text: &str) -> DocId {
    id_of_sha256(&sha256_hex(text))
}

/// One document holding `text` exactly, from the file `file_name`.
pub fn document_from_text(file_name: &str, text: &str) -> Document {
    Document::identified_by_text(
        default_title(text),
        text.to_owned(),
        Source::File {
            name: file_name.to_owned(),
        },
    )
}

/// [`document_from_text`] for a text whose SHA-256 (lowercase hex) is already known:
/// see [`Document::identified_by_text_hashed`].
pub fn document_from_hashed_text(file_name: &str, text: &str, sha256: String) -> Document {
    Document::identified_by_text_hashed(
        default_title(text),
        text.to_owned(),
        Source::File {
            name: file_name.to_owned(),
        },
        sha256,
    )
}

/// One document per line of a JSON Lines file whose lines are objects with a
/// string `"text"` (other fields are ignored); blank lines are skipped. Every line
/// that is not such an object is reported with its number.
pub fn documents_from_jsonl(file_name: &str, jsonl: &str) -> Result<Vec<Document>, ReadError> {
    if let Some(problem) = super::labelled_text::one_value_over_lines(jsonl) {
        return Err(ReadError::one(problem));
    }
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = Location::LineColumn {
            line: index + 1,
            column: 1,
        };
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(object)) => match object.get("text") {
                Some(serde_json::Value::String(text)) if !text.is_empty() => {
                    documents.push(document_from_text(file_name, text))
                }
                Some(serde_json::Value::String(_)) => {
                    problems.push(Problem::new(at, "its \"text\" is empty"))
                }
                Some(_) => problems.push(Problem::new(at, "its \"text\" is not a string")),
                None => problems.push(Problem::new(at, "it has no \"text\" field")),
            },
            Ok(_) => problems.push(Problem::new(at, "it is not a JSON object")),
            Err(err) => problems.push(Problem::new(
                Location::LineColumn {
                    line: index + 1,
                    column: err.column(),
                },
                format!(
                    "this is not valid JSON: {}",
                    err.to_string().split(" at line").next().unwrap_or("")
                ),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(ReadError { problems });
    }
    if documents.is_empty() {
        return Err(ReadError::one(Problem::new(
            Location::File,
            "it holds no lines with text",
        )));
    }
    Ok(documents)
}

/// Reads JSON Lines of bare texts (`{"text": …}` per line, as doccano and Prodigy take
/// them) as documents without annotations, their `meta.title` as titles where given.
/// A line whose text an earlier line had is joined to it and counted.
pub fn read_jsonl(jsonl: &str) -> Result<super::Reading, ReadError> {
    let reading = super::labelled_text::read_lines(jsonl, ("line", "lines"), |line| {
        let text = match line.get("text") {
            Some(serde_json::Value::String(text)) if !text.is_empty() => text.clone(),
            Some(serde_json::Value::String(_)) => return Err("its \"text\" is empty".to_owned()),
            Some(_) => return Err("its \"text\" is not a string".to_owned()),
            None => return Err("it has no \"text\" field".to_owned()),
        };
        let mut content = super::labelled_text::LabelledText::new(text, Vec::new());
        content.title = line
            .pointer("/meta/title")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        Ok(Some(content))
    })?;
    if reading.file.documents.is_empty() {
        return Err(ReadError::one(Problem::new(
            Location::File,
            "it holds no lines with text",
        )));
    }
    Ok(reading)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_file_is_one_document_kept_exactly() {
        let text = "\r\nВойска у границы\r\nТекст 🇧🇾\r\n";
        let doc = document_from_text("войска.txt", text);
        assert_eq!(doc.text(), text);
        assert_eq!(doc.title(), "Войска у границы");
        assert_eq!(doc.id(), &text_id(text));
        assert_eq!(
            doc.source(),
            &Source::File {
                name: "войска.txt".into()
            }
        );
    }

    #[test]
    fn a_known_hash_is_used_and_a_malformed_one_ignored() {
        let text = "Лукашенко 👨\u{200d}👩\u{200d}👧 said\u{a0}🇧🇾\r\n";
        let hashed_here = document_from_text("a.txt", text);
        let sha256 = hashed_here.sha256().to_owned();
        assert_eq!(
            document_from_hashed_text("a.txt", text, sha256.clone()),
            hashed_here
        );
        // Upper case, short, or not hex: not a hash as factmark writes it.
        for wrong in [sha256.to_uppercase(), sha256[..60].to_owned(), "z".repeat(64)] {
            assert_eq!(document_from_hashed_text("a.txt", text, wrong), hashed_here);
        }
    }

    #[test]
    fn jsonl_lines_become_documents() {
        let jsonl = "{\"text\": \"Minsk\\r\\nsaid\", \"meta\": 1}\n\n{\"text\": \"Киев 🇺🇦\"}\n";
        let docs = documents_from_jsonl("batch.jsonl", jsonl).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text(), "Minsk\r\nsaid");
        assert_eq!(docs[1].title(), "Киев 🇺🇦");
    }

    #[test]
    fn every_bad_jsonl_line_is_named() {
        let jsonl = "{\"text\": \"ok\"}\n[1]\n{\"body\": \"x\"}\n{\"text\": 5}\n{oops\n";
        let err = documents_from_jsonl("batch.jsonl", jsonl).unwrap_err();
        let lines: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines[0], "line 2, column 1: it is not a JSON object");
        assert_eq!(lines[1], "line 3, column 1: it has no \"text\" field");
        assert_eq!(lines[2], "line 4, column 1: its \"text\" is not a string");
        assert!(
            lines[3].starts_with("line 5, column 2: this is not valid JSON"),
            "{}",
            lines[3]
        );
    }
}
