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

/// Runs factmark and checks it succeeded, showing its errors when it did not.
fn factmark_ok(args: &[&str]) -> Output {
    let out = factmark(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
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
        ("prodigy", "prodigy.jsonl"),
        ("labelstudio", "ls.json"),
        ("brat", "brat"),
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
    for (format, file, starts) in [
        ("conll", "out.conll", &b"-DOCSTART- -X- -X- O\n"[..]),
        ("spacy", "out.spacy", &b"\x78"[..]),
        ("hf", "hf", &b""[..]),
    ] {
        let out = dir.join(file);
        let run = factmark(&["convert", GOLDEN, "--to", format, "-o", out.to_str().unwrap()]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        if out.is_dir() {
            assert!(out.join("train.jsonl").is_file() && out.join("labels.json").is_file());
        } else {
            assert!(std::fs::read(&out).unwrap().starts_with(starts), "{format}");
        }
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

#[test]
fn binary_and_folder_formats_need_an_output_path() {
    for format in ["spacy", "brat", "hf"] {
        let out = factmark(&["convert", GOLDEN, "--to", format]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(String::from_utf8(out.stderr).unwrap().ends_with("give -o\n"));
    }
}

#[test]
fn spans_a_format_cannot_hold_are_warned_about_or_fail_with_strict() {
    let dir = scratch("strict");
    let input = dir.join("in.jsonl");
    // "ela" cuts the token "Belarus"; the second span overlaps the third.
    std::fs::write(
        &input,
        r#"{"text": "Belarus moves troops", "spans": [{"start": 1, "end": 4, "label": "Actor"}, {"start": 0, "end": 13, "label": "Claim"}, {"start": 8, "end": 20, "label": "Claim"}]}"#,
    )
    .unwrap();
    let out = dir.join("out.conll");
    let run = factmark(&[
        "convert",
        input.to_str().unwrap(),
        "--to",
        "conll",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    // Named by label, quote and document, not by id (issue 14, item 8).
    assert_eq!(
        stderr,
        "warning: the Actor «ela» in «Belarus moves troops»: left out of the CoNLL file: it starts inside the token `Belarus` (code points 0–7)\n\
         warning: the Claim «moves troops» in «Belarus moves troops»: left out of the CoNLL file: it overlaps the Claim «Belarus moves», and IOB2 tags cannot express overlapping spans\n"
    );
    // For scripts, by id.
    let by_id = factmark(&[
        "convert",
        input.to_str().unwrap(),
        "--to",
        "conll",
        "--notice-ids",
        "-o",
        out.to_str().unwrap(),
    ]);
    let by_id = String::from_utf8(by_id.stderr).unwrap();
    assert!(
        by_id.contains("-1-4-Actor`: left out of the CoNLL file: it starts inside the token `Belarus`"),
        "{by_id}"
    );
    assert!(
        by_id.contains("-8-20-Claim`: left out of the CoNLL file: it overlaps annotation `"),
        "{by_id}"
    );
    std::fs::remove_file(&out).unwrap();
    let strict = factmark(&[
        "convert",
        input.to_str().unwrap(),
        "--to",
        "conll",
        "--strict",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(!out.exists(), "nothing is written under --strict");
}

#[test]
fn brat_folders_and_pairs_are_read_with_crlf_offsets_kept() {
    let dir = scratch("brat");
    let input = dir.join("in.jsonl");
    let text = "Минск 🇧🇾\r\nsaid: troops\r\nmoved";
    std::fs::write(
        &input,
        serde_json::json!({"text": text, "spans": [{"start": 6, "end": 8, "label": "Actor"}, {"start": 16, "end": 29, "label": "Claim"}]}).to_string(),
    )
    .unwrap();
    let folder = dir.join("brat");
    assert_eq!(
        factmark(&[
            "convert",
            input.to_str().unwrap(),
            "--to",
            "brat",
            "-o",
            folder.to_str().unwrap()
        ])
        .status
        .code(),
        Some(0)
    );
    let ann = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "ann"))
        .unwrap();
    assert!(
        std::fs::read_to_string(&ann)
            .unwrap()
            .contains("Claim 15 21;22 27\ttroops moved")
    );
    // The folder, and the .ann beside its .txt, read back the same.
    for source in [&folder, &ann] {
        let back = dir.join("back.jsonl");
        let run = factmark(&[
            "convert",
            source.to_str().unwrap(),
            "--to",
            "spacy-jsonl",
            "-o",
            back.to_str().unwrap(),
        ]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let line: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
        assert_eq!(line["text"], "Минск 🇧🇾\nsaid: troops\nmoved");
        assert_eq!(line["spans"][1]["start"], 15);
    }
    // The original CRLF text beside the .ann: offsets land on the same characters.
    std::fs::write(ann.with_extension("txt"), text).unwrap();
    let back = dir.join("crlf.jsonl");
    assert_eq!(
        factmark(&[
            "convert",
            ann.to_str().unwrap(),
            "--to",
            "spacy-jsonl",
            "-o",
            back.to_str().unwrap()
        ])
        .status
        .code(),
        Some(0)
    );
    let line: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    assert_eq!(
        (
            line["spans"][1]["start"].as_u64(),
            line["spans"][1]["end"].as_u64()
        ),
        (Some(16), Some(29))
    );
    // A broken .ann names its file and line.
    std::fs::write(&ann, "T1\tActor 0 99\tx\n").unwrap();
    let run = factmark(&["validate", ann.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(
        stderr.contains(".ann: line 1, column 1: T1: offsets 0–99 do not fit the text"),
        "{stderr}"
    );
}

#[test]
fn import_text_makes_a_project_of_a_folder() {
    let dir = scratch("import-text");
    let texts = dir.join("texts");
    std::fs::create_dir_all(&texts).unwrap();
    std::fs::write(texts.join("a.txt"), "Belarus moves troops\r\n").unwrap();
    std::fs::write(texts.join("b.txt"), "Минск 🇧🇾").unwrap();
    std::fs::write(texts.join("notes.md"), "not a .txt").unwrap();
    let project = dir.join("project.json");
    factmark_ok(&[
        "import-text",
        texts.to_str().unwrap(),
        "-o",
        project.to_str().unwrap(),
    ]);
    let stats = factmark(&["stats", project.to_str().unwrap(), "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["documents"], 2);
    let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&project).unwrap()).unwrap();
    assert_eq!(file["documents"][0]["text"], "Belarus moves troops\r\n");
    // A binary file is named and nothing is written.
    std::fs::write(texts.join("c.txt"), b"\x00\xff\xfe").unwrap();
    let other = dir.join("other.json");
    let run = factmark(&[
        "import-text",
        texts.to_str().unwrap(),
        "-o",
        other.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8(run.stderr)
            .unwrap()
            .contains("c.txt: this is not UTF-8 text")
    );
    assert!(!other.exists());
}

/// The golden file as annotator "boris" made it, with the Figure relabelled as an Actor.
fn boris(dir: &std::path::Path) -> PathBuf {
    let golden = std::fs::read_to_string(GOLDEN).unwrap();
    // Boris: the same work, but the Figure relabelled as an Actor.
    let mut other: serde_json::Value = serde_json::from_str(&golden).unwrap();
    for annotation in other["annotations"].as_array_mut().unwrap() {
        annotation["annotator"] = "boris".into();
        if annotation["label"] == "Figure" {
            annotation["label"] = "Actor".into();
        }
    }
    let path = dir.join("boris.json");
    std::fs::write(&path, other.to_string()).unwrap();
    path
}

/// Issue 16: relation and attribute agreement, against a hand count. Both files are
/// the version 2 golden file, one all Ana's, one all Boris's; Boris has no `supports`
/// relation and calls a1's quote direct. Relations: 3 and 2, 2 matched, F1 = 4/5;
/// Claim.quote over the two Claims (a1 and b1): one equal (none on b1), 1/2; kappa
/// (0.5 − 0.25) / 0.75 = 1/3.
#[test]
fn item_16_agree_reports_relation_f1_and_attribute_agreement() {
    let dir = scratch("agree-relations");
    let golden = std::fs::read_to_string(GOLDEN.replace("native-v1", "native-v2")).unwrap();
    let write = |name: &str, edit: &dyn Fn(&mut serde_json::Value)| {
        let mut file: serde_json::Value = serde_json::from_str(&golden).unwrap();
        let who = name.trim_end_matches(".json");
        for a in file["annotations"].as_array_mut().unwrap() {
            a["annotator"] = who.into();
        }
        for r in file["relations"].as_array_mut().unwrap() {
            r["annotator"] = who.into();
        }
        edit(&mut file);
        let path = dir.join(name);
        std::fs::write(&path, file.to_string()).unwrap();
        path
    };
    let ana = write("ana.json", &|_| {});
    let boris = write("boris.json", &|file| {
        file["relations"]
            .as_array_mut()
            .unwrap()
            .retain(|r| r["type"] != "supports");
        let a1 = file["annotations"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|a| a["id"] == "a1")
            .unwrap();
        a1["attributes"]["quote"] = "direct".into();
    });
    let out = factmark_ok(&["agree", ana.to_str().unwrap(), boris.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("ana vs boris (3 and 2 relations, 2 matched exactly):"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("relation F1, exact ends    0.800  [said by 1.000, same claim 1.000, supports 0.000]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Claim.quote: 2 spans, agreement 0.500, kappa 0.333"),
        "{stdout}"
    );
    let out = factmark_ok(&["agree", "--json", ana.to_str().unwrap(), boris.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pair = &report["relations"]["pairs"][0];
    assert_eq!(pair["exact"]["overall"], 0.8);
    assert_eq!(pair["matched"], 2);
    assert_eq!(pair["attributes"]["Claim.quote"]["percent"], 0.5);

    // Merging them lists the one place where only Ana linked two marks: her Figure
    // supports her Claim (the second end to the first, in text order), Boris silent.
    let merged = dir.join("merged.json");
    let out = factmark_ok(&[
        "merge",
        ana.to_str().unwrap(),
        boris.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.ends_with(":\n  link A Claim [20, 56) – B Figure [80, 86) OnlySome: ana supports (B → A); nothing from boris\n"),
        "{stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("14 annotations, 5 relations; 0 conflicts in 0 documents; 1 relation conflicts"),
        "{stderr}"
    );
    let out = factmark_ok(&[
        "merge",
        "--json",
        ana.to_str().unwrap(),
        boris.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let place = &report[0]["relations"][0];
    assert_eq!(
        (&place["kind"], &place["silent"][0], &place["marks"][0]["type"]),
        (&"only-some".into(), &"boris".into(), &"supports".into())
    );
    assert_eq!(report[0]["conflicts"], serde_json::json!([]));
}

/// Issue 16: CSV with relations is two files, the relations beside the annotations
/// (`desk.relations.csv` beside `desk.csv`), read back together from the first.
#[test]
fn item_16_csv_writes_relations_beside_the_annotations_and_reads_them_back() {
    let dir = scratch("csv-relations");
    let golden = GOLDEN.replace("native-v1", "native-v2");
    let desk = dir.join("desk.csv");
    factmark_ok(&["convert", &golden, "--to", "csv", "-o", desk.to_str().unwrap()]);
    let relations = std::fs::read_to_string(dir.join("desk.relations.csv")).unwrap();
    assert!(relations.starts_with("relation_id,type,from_annotation_id,to_annotation_id,"));
    assert_eq!(relations.lines().count(), 4, "a header and three relations");
    let back = dir.join("back.json");
    // Named together (as a shell glob would), the relations file is read once, with its annotations.
    factmark_ok(&[
        "convert",
        desk.to_str().unwrap(),
        dir.join("desk.relations.csv").to_str().unwrap(),
        "--to",
        "native",
        "-o",
        back.to_str().unwrap(),
    ]);
    let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    let mut types: Vec<&str> = file["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    types.sort();
    assert_eq!(types, ["said by", "same claim", "supports"]);
    let a1 = file["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "a1")
        .unwrap();
    assert_eq!(a1["attributes"]["quote"], "indirect");
    // Without -o there is nowhere to put the second file; the relations file alone is refused.
    let out = factmark(&["convert", &golden, "--to", "csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give -o FILE.csv"));
    let out = factmark(&["validate", dir.join("desk.relations.csv").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("this is a relations CSV"));
}

#[test]
fn agree_compares_two_annotators_in_text_and_json() {
    let dir = scratch("agree");
    let boris = boris(&dir);
    let out = factmark(&["agree", GOLDEN, boris.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("2 annotators, 1 documents compared"),
        "{stdout}"
    );
    // 4 of 5 spans match exactly: F1 = 0.8.
    assert!(
        stdout.contains("ana vs boris (1 documents, 5 and 5 spans):"),
        "{stdout}"
    );
    assert!(stdout.contains("exact span F1  0.800"), "{stdout}");

    let out = factmark(&["agree", "--json", GOLDEN, boris.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["annotators"], serde_json::json!(["ana", "boris"]));
    let pair = &report["corpus"]["pairs"][0];
    assert_eq!(pair["exact"]["overall"], 0.8);
    assert_eq!(pair["exact"]["labels"]["Figure"], 0.0);
    assert_eq!(pair["exact"]["labels"]["Claim"], 1.0);

    // One file is a usage error (exit 2); a bad file is invalid input (exit 1).
    assert_eq!(factmark(&["agree", GOLDEN]).status.code(), Some(2));
    let missing = dir.join("missing.json");
    let out = factmark(&["agree", GOLDEN, missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    // The same annotator twice is one layer: nobody to compare with.
    let out = factmark(&["agree", GOLDEN, GOLDEN]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("at least two annotators; found 1")
    );
}

#[test]
fn merge_writes_the_union_and_reports_the_conflicts() {
    let dir = scratch("merge");
    let boris = boris(&dir);
    let merged = dir.join("merged.json");
    let out = factmark_ok(&[
        "merge",
        GOLDEN,
        boris.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "Войска 🇧🇾:\n  [80, 86) Label: boris Actor [80, 86), ana Figure [80, 86)\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "1 documents, 10 annotations, 0 relations; 1 conflicts in 1 documents; 5 annotation ids renamed"
        ),
        "{stderr}"
    );
    // The merged file is valid and keeps who made each annotation.
    let out = factmark(&["validate", merged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&merged).unwrap()).unwrap();
    let who: std::collections::BTreeSet<&str> = file["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["annotator"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["ana", "boris"].into());

    let out = factmark(&[
        "merge",
        "--json",
        GOLDEN,
        boris.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report[0]["conflicts"][0]["kind"], "label");
    // Without -o, a usage error; a bad input, invalid input, and nothing written.
    assert_eq!(
        factmark(&["merge", GOLDEN, boris.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    let missing = dir.join("missing.json");
    let other = dir.join("other.json");
    let out = factmark(&[
        "merge",
        GOLDEN,
        missing.to_str().unwrap(),
        "-o",
        other.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!other.exists());
}

/// A file of the corpus of real files other tools wrote (`core/tests/interop`).
fn interop(relative: &str) -> String {
    format!("{}/../core/tests/interop/{relative}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn structure_factmark_does_not_hold_is_named_and_strict_fails_on_it() {
    let ann = interop("brat/news-000-introduction.ann");
    let out = factmark_ok(&["validate", &ann]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    // Its relations and the attributes on spans are read (issue 16); the attribute on
    // an event, the event and the normalisation to Wikipedia are named.
    assert!(
        stderr.contains(
            "warning: 1 brat attribute (A or M line) on a relation, event or missing span is not read"
        ),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("warning: 1 brat normalisation (N line) to a database other than Wikidata is not read"),
        "{stderr}"
    );
    assert!(!stderr.contains("relations (R lines)"), "{stderr}");
    let strict = factmark(&["validate", "--strict", &ann]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("error: 1 brat event (E line) is not read"));
    let dir = scratch("strict-convert");
    let out_file = dir.join("out.json");
    let convert = factmark(&[
        "convert",
        "--strict",
        &ann,
        "--to",
        "native",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(convert.status.code(), Some(1));
    assert!(!out_file.exists(), "nothing is written when --strict fails");
}

#[test]
fn prodigy_rejected_answers_are_named_not_imported() {
    let out = factmark_ok(&[
        "stats",
        "--json",
        &interop("prodigy/reddit-PRODUCT-ner_teach.jsonl"),
    ]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["annotations"], 446);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: 1276 Prodigy tasks answered \"reject\" are not read"),
        "{stderr}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_factmark"))
        .args(["stats", &interop("brat")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -c 1`: read one byte, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.code() == Some(0), "{:?} {stderr}", out.status);
}

#[test]
fn messages_say_what_is_wrong() {
    let dir = scratch("messages");
    std::fs::create_dir_all(dir.join("inner")).unwrap();
    let out = factmark(&["validate", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("it holds only 1 folder"), "{stderr}");
    assert!(!stderr.contains("Is a directory"), "{stderr}");

    let pretty = factmark(&[
        "validate",
        &interop("doccano/export_relation_extraction_pretty.jsonl"),
    ]);
    let stderr = String::from_utf8(pretty.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("holds one JSON value written over"), "{stderr}");

    // A single Label Studio task (not in a list) is read as Label Studio.
    let one = factmark_ok(&[
        "validate",
        &interop("label-studio/named_entity-annotation-1.json"),
    ]);
    assert!(
        String::from_utf8(one.stdout)
            .unwrap()
            .contains("valid (1 labels, 1 documents, 1 annotations)")
    );
}

#[test]
fn bare_text_lines_add_documents() {
    let out = factmark_ok(&["stats", "--json", &interop("prodigy/news_headlines-texts.jsonl")]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["annotations"], 0);
    assert!(stats["documents"].as_u64().unwrap() > 100);
}

#[test]
fn converting_the_same_annotations_twice_gives_a_file_that_validates() {
    let dir = scratch("twice");
    let input = interop("doccano/relation_extraction.jsonl");
    let copy = dir.join("copy.jsonl");
    std::fs::copy(&input, &copy).unwrap();
    let out_file = dir.join("both.json");
    factmark_ok(&[
        "convert",
        &input,
        copy.to_str().unwrap(),
        "--to",
        "native",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    let out = factmark_ok(&["validate", out_file.to_str().unwrap()]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("1 documents, 4 annotations"),
        "the same annotations from two inputs are kept once"
    );
}

#[test]
fn w3c_files_from_other_tools_are_placed_on_the_texts_given() {
    let dir = scratch("w3c-text");
    let page = dir.join("document1.txt");
    std::fs::write(&page, "Hello beautiful bit of text in this XML, indeed.").unwrap();
    let out_file = dir.join("placed.json");
    let source = format!("http://example.com/document1={}", page.display());
    let spec = interop("w3c/anno41.json");
    let out = factmark_ok(&[
        "convert",
        &spec,
        "--text",
        &source,
        "--to",
        "native",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("on a text not given"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let placed: serde_json::Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(placed["annotations"][0]["quote"], "beautiful bit of text");
    factmark_ok(&["validate", out_file.to_str().unwrap()]);

    // Without the text, it is named and --strict fails.
    let strict = factmark(&["convert", "--strict", &spec, "--to", "native"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&strict.stderr)
            .contains("no text was given for the source \"http://example.com/document1\"")
    );

    // Recogito names no source: its annotations are found by their quotes in a bare
    // --text, and their wrong positions are corrected.
    let recogito = factmark_ok(&[
        "convert",
        &interop("recogito/annotations.w3c.json"),
        "--text",
        &interop("recogito/odyssey.txt"),
        "--to",
        "native",
    ]);
    let file: serde_json::Value = serde_json::from_slice(&recogito.stdout).unwrap();
    assert_eq!(file["annotations"][0]["quote"], "Troy");
    assert_eq!(file["annotations"][0]["start"], 163);
    assert!(
        String::from_utf8_lossy(&recogito.stderr)
            .contains("note: 2 annotations whose positions are not their quotes' are corrected")
    );
}

/// Issue 17: `factmark evaluate` scores a predicted file against gold, in text and
/// JSON; the predicted file here relabels one of the golden file's five annotations.
#[test]
fn item_17_evaluate_prints_precision_recall_and_f1_per_label() {
    let dir = scratch("evaluate");
    let predicted = dir.join("predicted.json");
    let golden = std::fs::read_to_string(GOLDEN).unwrap();
    std::fs::write(
        &predicted,
        golden.replacen("\"label\": \"Actor\"", "\"label\": \"Claim\"", 1),
    )
    .unwrap();
    let out = factmark_ok(&["evaluate", GOLDEN, predicted.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("1 gold document\n\nexact span match:\n"),
        "{stdout}"
    );
    // Actor: 2 gold, 1 predicted, 1 correct; Claim: 1 gold, 2 predicted, 1 correct.
    assert!(
        stdout.contains("  Actor                    2         1         1   1.000  0.500  0.667\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  Claim                    1         2         1   0.500  1.000  0.667\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  overall                  5         5         4   0.800  0.800  0.800\n"),
        "{stdout}"
    );
    let out = factmark_ok(&["evaluate", GOLDEN, predicted.to_str().unwrap(), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!((json["exact"]["overall"]["f1"].as_f64().unwrap() - 0.8).abs() < 1e-9);
    assert_eq!(json["overlap"]["labels"]["Figure"]["f1"], 1.0);
    // The same file is a perfect score; a missing file is named.
    let same = factmark_ok(&["evaluate", GOLDEN, GOLDEN, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(json["exact"]["overall"]["f1"], 1.0);
    let missing = factmark(&["evaluate", GOLDEN, dir.join("nope.json").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.json"));
}

const FIGURES_GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/rules/figures-gold.json");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");

/// The bundled articles as a project without annotations.
fn unmarked_articles(dir: &std::path::Path) -> PathBuf {
    let input = dir.join("articles.json");
    factmark_ok(&["import-text", CORPUS, "-o", input.to_str().unwrap()]);
    input
}

fn annotations_of(path: &std::path::Path) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["annotations"].as_array().unwrap().clone()
}

#[test]
fn item_17_the_rules_alone_reach_figure_precision_0_9_on_the_hand_marked_articles() {
    let dir = scratch("suggest-rules");
    let input = unmarked_articles(&dir);
    let output = dir.join("suggested.json");
    let out = factmark_ok(&[
        "suggest",
        input.to_str().unwrap(),
        "--rules",
        "-o",
        output.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("suggestions in 5 documents (rule:date "),
        "{stderr}"
    );
    factmark_ok(&["validate", output.to_str().unwrap()]);
    let written = annotations_of(&output);
    assert!(!written.is_empty());
    for a in &written {
        assert_eq!(a["origin"], "suggested", "{a}");
        assert_eq!(a["annotator"], "factmark suggest");
        assert!(a["suggestedBy"].as_str().unwrap().starts_with("rule:"), "{a}");
        assert!((0.0..=1.0).contains(&a["score"].as_f64().unwrap()));
    }
    let report = factmark_ok(&["evaluate", FIGURES_GOLD, output.to_str().unwrap(), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let figure = &json["exact"]["labels"]["Figure"];
    let precision = figure["precision"].as_f64().unwrap();
    assert!(precision >= 0.9, "Figure precision {precision}: {figure}");
    assert!(figure["recall"].as_f64().unwrap() >= 0.8, "{figure}");
    // A higher bar keeps only the surer rules (dates score 0.9, amounts 0.8).
    let sure = dir.join("sure.json");
    factmark_ok(&[
        "suggest",
        input.to_str().unwrap(),
        "--rules",
        "--min-score",
        "0.85",
        "-o",
        sure.to_str().unwrap(),
    ]);
    let kept = annotations_of(&sure);
    assert!(!kept.is_empty() && kept.len() < written.len());
    assert!(kept.iter().all(|a| a["score"].as_f64().unwrap() >= 0.85));
}

#[test]
fn item_17_suggest_with_a_tagger_trained_on_gold_files() {
    let dir = scratch("suggest-train");
    let input = unmarked_articles(&dir);
    let output = dir.join("suggested.json");
    let out = factmark_ok(&[
        "suggest",
        input.to_str().unwrap(),
        "--train",
        FIGURES_GOLD,
        "-o",
        output.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("trained on "), "{stderr}");
    let written = annotations_of(&output);
    assert!(
        written
            .iter()
            .all(|a| a["suggestedBy"] == "model" && a["label"] == "Figure")
    );
    // Trained on these very articles, it finds most of their Figures again.
    let report = factmark_ok(&["evaluate", FIGURES_GOLD, output.to_str().unwrap(), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let f1 = json["exact"]["labels"]["Figure"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.7, "{}", json["exact"]);
    // Input annotations are kept, and a place they mark is not suggested again.
    let again = dir.join("again.json");
    factmark_ok(&[
        "suggest",
        FIGURES_GOLD,
        "--train",
        FIGURES_GOLD,
        "-o",
        again.to_str().unwrap(),
    ]);
    let kept = annotations_of(&again);
    assert_eq!(kept.iter().filter(|a| a.get("origin").is_none()).count(), 20);
    let spans: std::collections::HashSet<(String, u64, u64)> = kept
        .iter()
        .map(|a| {
            (
                a["document"].as_str().unwrap().to_owned(),
                a["start"].as_u64().unwrap(),
                a["end"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        spans.len(),
        kept.len(),
        "no place is suggested where it is marked"
    );
}

#[test]
fn item_17_suggest_says_what_is_missing_or_wrong() {
    let dir = scratch("suggest-errors");
    let input = unmarked_articles(&dir);
    let output = dir.join("out.json");
    let (input, output) = (input.to_str().unwrap(), output.to_str().unwrap());
    let nothing = factmark(&["suggest", input, "-o", output]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&nothing.stderr)
            .contains("give --train GOLD… (a learned tagger), --rules, or both")
    );
    let score = factmark(&["suggest", input, "--rules", "--min-score", "2", "-o", output]);
    assert_eq!(score.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&score.stderr).contains("--min-score is from 0 to 1, not 2"));
    let unmarked = factmark(&["suggest", input, "--train", input, "-o", output]);
    assert_eq!(unmarked.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&unmarked.stderr)
            .contains("the gold files have no annotations to learn from")
    );
    assert!(
        !std::path::Path::new(output).exists(),
        "nothing is written when it fails"
    );
}

#[test]
fn factmark_phases_says_where_a_conversions_time_goes_only_when_asked() {
    let dir = scratch("phases");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        r#"{"text": "Belarus moves troops", "spans": [{"start": 0, "end": 7, "label": "Actor"}]}"#,
    )
    .unwrap();
    let out = dir.join("out.conll");
    let args = [
        "convert",
        input.to_str().unwrap(),
        "--to",
        "conll",
        "-o",
        out.to_str().unwrap(),
    ];
    let quiet = factmark(&args);
    assert_eq!(
        (quiet.status.code(), quiet.stderr.as_slice()),
        (Some(0), &b""[..])
    );
    let timed = Command::new(env!("CARGO_BIN_EXE_factmark"))
        .args(args)
        .env("FACTMARK_PHASES", "1")
        .output()
        .unwrap();
    let phases: Vec<String> = String::from_utf8(timed.stderr)
        .unwrap()
        .lines()
        .map(|l| l.split(" in ").next().unwrap().to_owned())
        .collect();
    assert_eq!(
        phases,
        [
            "phase: read and checked",
            "phase: merged",
            "phase: placed on their texts",
            "phase: converted to conll",
            "phase: written"
        ]
    );
}
