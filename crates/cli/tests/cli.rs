//! The `factmark` binary as a shell user meets it: arguments, output, exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/golden/native-v1.json");

fn factmark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factmark"))
        .args(args)
        .output()
        .unwrap()
}

/// A fresh directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("factmark-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn validate_accepts_a_good_file() {
    let out = factmark(&["validate", GOLDEN]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.ends_with("valid (4 labels, 1 documents, 5 annotations)\n"),
        "{stdout}"
    );
}

#[test]
fn validate_names_the_file_and_place_of_every_problem() {
    let dir = scratch("problems");
    let bad = dir.join("bad.json");
    let golden = std::fs::read_to_string(GOLDEN).unwrap();
    let broken = golden
        .replacen("\"label\": \"Actor\"", "\"label\": \"Place\"", 1)
        .replacen("\"quote\": \"🇧🇾\"", "\"quote\": \"BY\"", 1);
    std::fs::write(&bad, broken).unwrap();
    let binary = dir.join("photo.json");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0").unwrap();

    let out = factmark(&[
        "validate",
        GOLDEN,
        bad.to_str().unwrap(),
        binary.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(lines[0].starts_with(&format!(
        "{}: at annotations[0].label: there is no label `Place`",
        bad.display()
    )));
    assert!(lines[1].starts_with(&format!("{}: at annotations[2].quote: is \"BY\"", bad.display())));
    assert!(lines[2].starts_with(&format!("{}: this is not UTF-8 text: byte 0", binary.display())));
}

#[test]
fn a_missing_file_is_invalid_input_not_a_crash() {
    let out = factmark(&["validate", "/nonexistent/project.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("/nonexistent/project.json: cannot read the file")
    );
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(factmark(&["validate"]).status.code(), Some(2));
    assert_eq!(factmark(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn convert_writes_every_format_and_reads_back_what_it_wrote() {
    let dir = scratch("convert");
    for (format, file) in [
        ("w3c", "out.json"),
        ("spacy-jsonl", "out.jsonl"),
        ("doccano", "out2.jsonl"),
        ("native", "back.json"),
    ] {
        let out = dir.join(file);
        let run = factmark(&["convert", GOLDEN, "--to", format, "-o", out.to_str().unwrap()]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let again = factmark(&["stats", out.to_str().unwrap(), "--json"]);
        assert_eq!(
            again.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        let stats: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
        assert_eq!(stats["annotations"], 5, "{format}");
        assert_eq!(stats["per_label"]["Actor"], 2, "{format}");
    }
    let csv = factmark(&["convert", GOLDEN, "--to", "csv"]);
    assert_eq!(csv.status.code(), Some(0));
    assert!(
        String::from_utf8(csv.stdout)
            .unwrap()
            .starts_with("document_id,document_title,")
    );
}

#[test]
fn convert_refuses_what_a_format_cannot_hold() {
    let dir = scratch("refuse");
    let w3c = dir.join("w3c.json");
    assert_eq!(
        factmark(&["convert", GOLDEN, "--to", "w3c", "-o", w3c.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    // W3C files carry no text, so there is nothing to put in a spaCy line.
    let out = factmark(&["convert", w3c.to_str().unwrap(), "--to", "spacy-jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("has no text"));
    assert_eq!(
        factmark(&["convert", GOLDEN, "--to", "conll-2000"]).status.code(),
        Some(2)
    );
}

#[test]
fn stats_counts_per_label_and_document() {
    let out = factmark(&["stats", GOLDEN]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("5 annotations in 1 documents\n"), "{text}");
    assert!(text.contains("  Actor\t2\n"), "{text}");
    assert!(text.contains("  hostile\t5\n"), "{text}");
}
