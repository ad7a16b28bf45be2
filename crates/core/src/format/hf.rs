//! Hugging Face token classification data (export only): a folder, or a zip in the
//! browser, that `datasets.load_dataset("json", data_files=…)` reads.
//!
//! - `train.jsonl`: one document per line,
//!   `{"id": "<document id>", "title": …, "tokens": ["Лукашенко", "said", …], "ner_tags": [1, 0, …]}`;
//! - `labels.json`: the tag names, by their number: `["O", "B-Actor", "I-Actor", …]`
//!   (`O`, then `B-` and `I-` of each label in the label set's order), the list a
//!   `ClassLabel(names=…)` feature takes;
//! - `README.md`: a dataset card whose `dataset_info` declares `ner_tags` as that
//!   `ClassLabel`, so `load_dataset` on the folder knows the names.
//!
//! Tokens are [`super::tokens::words`] and tags are IOB2, as in [`super::conll`]: a span
//! off token boundaries, or overlapping one already tagged, is left out and reported.

use super::conll::{Tag, iob2_tags};
use super::labelled_text::documents_with_spans;
use super::native::NativeFile;
use super::tokens;
use super::{Output, Written};
use serde_json::json;
use std::collections::HashMap;

/// Writes `train.jsonl`, `labels.json` and `README.md`.
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let mut names = vec!["O".to_owned()];
    for label in file.labels.iter() {
        names.push(format!("B-{}", label.name));
        names.push(format!("I-{}", label.name));
    }
    let mut numbers: HashMap<String, usize> = names.iter().enumerate().map(|(i, n)| (n.clone(), i)).collect();
    let mut lines = String::new();
    let mut notices = Vec::new();
    for doc in documents_with_spans(file)? {
        let words = tokens::words(doc.text);
        let tags = iob2_tags(&doc, &words, "Hugging Face", &mut notices);
        let tags: Vec<usize> = tags
            .iter()
            .map(|tag| {
                let name = tag.to_string();
                if let Some(&n) = numbers.get(&name) {
                    return n;
                }
                // A label the label set lacks (a file can hold one): number it too.
                let Tag::Entity(label, _) = tag else {
                    unreachable!("O is always named")
                };
                for name in [format!("B-{label}"), format!("I-{label}")] {
                    numbers.insert(name.clone(), names.len());
                    names.push(name);
                }
                numbers[&tag.to_string()]
            })
            .collect();
        let words: Vec<&str> = words.iter().map(|t| t.text).collect();
        let line = json!({
            "id": doc.document.id.0,
            "title": doc.document.title,
            "tokens": words,
            "ner_tags": tags,
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    let labels = serde_json::to_string_pretty(&names).expect("strings always serialise") + "\n";
    Ok(Written {
        output: Output::Files(vec![
            ("train.jsonl".to_owned(), lines.into_bytes()),
            ("labels.json".to_owned(), labels.into_bytes()),
            ("README.md".to_owned(), card(&names).into_bytes()),
        ]),
        notices,
    })
}

/// A dataset card declaring the features, with the tag names as a class label.
fn card(names: &[String]) -> String {
    let mut card = String::from(
        "---\ndataset_info:\n  features:\n  - name: id\n    dtype: string\n  - name: title\n    dtype: string\n  \
         - name: tokens\n    sequence: string\n  - name: ner_tags\n    sequence:\n      class_label:\n        names:\n",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::spacy_jsonl;

    #[test]
    fn writes_tokens_numbered_tags_and_their_names() {
        let file = spacy_jsonl::read(
            r#"{"text": "Лукашенко said 12,000 troops 🇧🇾", "spans": [{"start": 0, "end": 9, "label": "Actor"}, {"start": 15, "end": 28, "label": "Figure"}]}"#,
        )
        .unwrap();
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
