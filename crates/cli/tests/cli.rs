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
        stdout.ends_with("valid factmark file (4 labels, 1 documents, 5 annotations)\n"),
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
