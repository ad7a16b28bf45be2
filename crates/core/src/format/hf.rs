//! Hugging Face token classification data: a folder, or a zip in the browser, that
//! `datasets.load_dataset("json", data_files=…)` reads; written, and read back ([`read`]).
//!
//! - `train.jsonl`: one document per line,
//!   `{"id": "<document id>", "title": …, "tokens": ["Лукашенко", "said", …], "ner_tags": [1, 0, …]}`,
//!   with `"meta": "{\"url\": …}"`, the document's metadata as a JSON object in text,
//!   when any document has some (one column, not one per field: `load_dataset` would
//!   read a date such as `2022-02-10` as a time and turn it into other text);
//! - `labels.json`: the tag names, by their number: `["O", "B-Actor", "I-Actor", …]`
//!   (`O`, then `B-` and `I-` of each label in the label set's order), the list a
//!   `ClassLabel(names=…)` feature takes;
//! - `README.md`: a dataset card whose `dataset_info` declares `ner_tags` as that
//!   `ClassLabel`, so `load_dataset` on the folder knows the names.
//!
//! Tokens are [`super::tokens::words`] and tags are IOB2, as in [`super::conll`]: a span
//! off token boundaries, or overlapping one already tagged, is left out and reported.

use super::conll::iob2_tags;
use super::labelled_text::documents_with_spans;
use super::labelled_text::read_lines;
use super::native::NativeFile;
use super::tokens;
use super::{Fate, Location, Output, Problem, ReadError, Reading, Written, tagged};
use serde_json::Value;

use std::collections::HashMap;

/// Writes `train.jsonl`, `labels.json` and `README.md`.
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let mut names = vec!["O".to_owned()];
    let add = |label: &str, names: &mut Vec<String>| {
        if !names.iter().any(|n| n.strip_prefix("B-") == Some(label)) {
            names.push(format!("B-{label}"));
            names.push(format!("I-{label}"));
        }
    };
    for label in file.labels.iter() {
        add(&label.name, &mut names);
    }
    // A label the label set lacks (a file can hold one) is numbered too.
    for a in &file.annotations {
        add(&a.label, &mut names);
    }
    let numbers: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let documents = documents_with_spans(file)?;
    // Documents' metadata is one column, `meta`, of every row when any document has
    // some: a JSON object as text. Not a column per field: `load_dataset` reads JSON
    // Lines through Arrow, which takes text such as "2022-02-10" for a time and gives
    // it back as "2022-02-10 00:00:00" whatever the card declares.
    let with_meta = file.documents.iter().any(|d| !d.metadata.is_empty());
    let parts = super::par_map(&documents, |doc| {
        let mut notices = Vec::new();
        let words = tokens::outside(tokens::words(doc.text), &doc.document.ignored);
        let tags: Vec<usize> = iob2_tags(doc, &words, "Hugging Face", &mut notices)
            .iter()
            .map(|tag| numbers[tag.to_string().as_str()])
            .collect();
        let line = RowOut {
            id: &doc.document.id.0,
            title: &doc.document.title,
            tokens: words.iter().map(|t| t.text).collect(),
            ner_tags: tags,
            meta: with_meta
                .then(|| serde_json::to_string(&doc.document.metadata).expect("metadata serialises")),
        };
        let mut out = serde_json::to_string(&line).expect("rows always serialise");
        out.push('\n');
        (out, notices)
    });
    let (lines, notices) = super::gather(parts);
    let lines = lines.concat();
    let labels = serde_json::to_string_pretty(&names).expect("strings always serialise") + "\n";
    Ok(Written {
        output: Output::Files(vec![
            ("train.jsonl".to_owned(), lines.into_bytes()),
            ("labels.json".to_owned(), labels.into_bytes()),
            ("README.md".to_owned(), card(&names, with_meta).into_bytes()),
        ]),
        notices,
    })
}

/// The columns that are not metadata: a row's other columns are read as metadata
/// fields (a dataset another tool wrote may keep them so).
const COLUMNS: [&str; 5] = ["id", "title", "tokens", "ner_tags", "meta"];

#[derive(serde::Serialize)]
struct RowOut<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<String>,
    tokens: Vec<&'a str>,
    ner_tags: Vec<usize>,
}

/// A dataset card declaring the features, with the tag names as a class label.
fn card(names: &[String], with_meta: bool) -> String {
    let mut card = String::from(
        "---\ndataset_info:\n  features:\n  - name: id\n    dtype: string\n  - name: title\n    dtype: string\n",
    );
    if with_meta {
        card.push_str("  - name: meta\n    dtype: string\n");
    }
    card.push_str(
        "  - name: tokens\n    sequence: string\n  - name: ner_tags\n    sequence:\n      class_label:\n        names:\n",
    );
    for (i, name) in names.iter().enumerate() {
        // JSON strings are valid YAML scalars, so any label name is quoted safely.
        card.push_str(&format!(
            "          '{i}': {}\n",
            serde_json::Value::from(name.as_str())
        ));
    }
    card.push_str(
        "configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: train.jsonl\n---\n\n\
         Token classification data exported by factmark. Tokens are Unicode words (UAX #29) without white \
         space; `ner_tags` are IOB2 tags numbered as in `labels.json`.\n",
    );
    card
}

/// Reads Hugging Face token classification rows (`train.jsonl` and the like): one
/// document per row, its `tokens` and its `ner_tags` — tag names, or numbers named by
/// `labels` (the text of `labels.json`, a list of names as factmark writes it, or the
/// `{"names": [...]}` of a `ClassLabel`). Tags are decoded as in CoNLL (IOB2, IOB1,
/// BIOES, IO: [`super::tagged`]); a row's `title` is its title, and its `meta` (a JSON
/// object, or its text) and other columns (but `id`) are the document's metadata. The rows hold tokens,
/// not texts: each text is rebuilt (tokens joined by one space), which the reading's
/// notices say; given the original texts the spans go back on them
/// ([`super::tokens::realign`]).
pub fn read(jsonl: &str, labels: Option<&str>) -> Result<Reading, ReadError> {
    let names: Option<Vec<String>> = match labels {
        None => None,
        Some(json) => {
            let value = super::parse_json(json)?;
            let list = value.get("names").unwrap_or(&value);
            let names: Option<Vec<String>> = list
                .as_array()
                .and_then(|names| names.iter().map(|n| n.as_str().map(str::to_owned)).collect());
            Some(names.ok_or_else(|| {
                ReadError::one(Problem::new(
                    Location::File,
                    "labels.json must be a list of tag names, as [\"O\", \"B-Claim\", \"I-Claim\", …]",
                ))
            })?)
        }
    };
    let mut reading = read_lines(jsonl, ("Hugging Face row", "Hugging Face rows"), |row| {
        let tokens: Vec<String> = row
            .get("tokens")
            .and_then(Value::as_array)
            .and_then(|t| t.iter().map(|t| t.as_str().map(str::to_owned)).collect())
            .ok_or("it has no \"tokens\" list of strings")?;
        let tags: Vec<String> = row
            .get("ner_tags")
            .and_then(Value::as_array)
            .ok_or("it has no \"ner_tags\" list")?
            .iter()
            .enumerate()
            .map(|(i, tag)| match (tag, &names) {
                (Value::String(name), _) => Ok(name.clone()),
                (Value::Number(n), Some(names)) => n
                    .as_u64()
                    .and_then(|n| names.get(n as usize))
                    .cloned()
                    .ok_or_else(|| format!("ner_tags[{i}] is {n}, which labels.json does not name")),
                (Value::Number(_), None) => Err(
                    "its ner_tags are numbers: give labels.json (the tag names) beside the file".to_owned(),
                ),
                _ => Err(format!("ner_tags[{i}] is neither a tag name nor a number")),
            })
            .collect::<Result<_, _>>()?;
        if tags.len() != tokens.len() {
            return Err(format!(
                "it has {} tokens but {} ner_tags",
                tokens.len(),
                tags.len()
            ));
        }
        if tokens
            .iter()
            .any(|t| t.is_empty() || t.chars().any(char::is_whitespace))
        {
            return Err("a token is empty or holds white space".to_owned());
        }
        let sentence: Vec<(String, Vec<String>)> =
            tokens.into_iter().zip(tags).map(|(t, g)| (t, vec![g])).collect();
        let mut content = tagged::rebuild(&[sentence])?;
        content.title = row.get("title").and_then(Value::as_str).map(str::to_owned);
        // The document's metadata: `meta` (a JSON object, or its text as factmark
        // writes it) and any other column.
        if let Some(row) = row.as_object() {
            let (mut metadata, mut refused) = crate::metadata::Metadata::from_json(row, &COLUMNS);
            let meta = match row.get("meta") {
                Some(Value::String(text)) => serde_json::from_str::<Value>(text).ok(),
                other => other.cloned(),
            };
            match meta {
                Some(Value::Object(meta)) => {
                    let (fields, more) = crate::metadata::Metadata::from_json(&meta, &[]);
                    for (name, value) in fields.fields() {
                        metadata = metadata.with(name, value).unwrap_or(metadata);
                    }
                    refused.extend(more);
                }
                None | Some(Value::Null) => {}
                Some(_) => content.unread.add(
                    1,
                    ("Hugging Face column `meta`", "Hugging Face columns `meta`"),
                    Fate::NotRead,
                    "it is not a JSON object of metadata fields",
                ),
            }
            content.metadata = metadata;
            for key in refused {
                content.unread.add(
                    1,
                    (
                        &format!("Hugging Face column `{key}`"),
                        &format!("Hugging Face columns `{key}`"),
                    ),
                    Fate::NotRead,
                    "it cannot be a metadata field's name",
                );
            }
        }
        Ok(Some(content))
    })?;
    let rows = reading.file.documents.len();
    let mut tally = super::Tally(std::mem::take(&mut reading.unread));
    tally.add(
        rows,
        ("Hugging Face document", "Hugging Face documents"),
        Fate::Rebuilt,
        "the rows hold tokens, not the text: each text is its tokens joined by spaces, and offsets index that text \
         (give the original texts, and the spans go back on them)",
    );
    reading.unread = tally.0;
    Ok(reading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::spacy_jsonl;
    use serde_json::json;

    #[test]
    fn writes_tokens_numbered_tags_and_their_names() {
        let file = spacy_jsonl::read(
            r#"{"text": "Лукашенко said 12,000 troops 🇧🇾", "spans": [{"start": 0, "end": 9, "label": "Actor"}, {"start": 15, "end": 28, "label": "Figure"}]}"#,
        )
        .unwrap().file;
        let written = write(&file).unwrap();
        let Output::Files(files) = written.output else {
            panic!("hf is a folder")
        };
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["train.jsonl", "labels.json", "README.md"]);
        let line: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
        assert_eq!(
            line["tokens"],
            json!(["Лукашенко", "said", "12,000", "troops", "🇧🇾"])
        );
        assert_eq!(line["ner_tags"], json!([1, 0, 3, 4, 0]));
        let labels: Vec<String> = serde_json::from_slice(&files[1].1).unwrap();
        assert_eq!(labels, ["O", "B-Actor", "I-Actor", "B-Figure", "I-Figure"]);
        let card = String::from_utf8(files[2].1.clone()).unwrap();
        assert!(card.contains("          '3': \"B-Figure\"\n"));
    }
}
