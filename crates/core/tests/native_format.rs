//! The native format against its golden file, its JSON Schema, the bundled articles,
//! hostile Unicode and hostile input.

use factmark_core::format::native::{self, NativeFile};
use factmark_core::format::{Location, decode_utf8};
use factmark_core::search::{Mode, Query};
use factmark_core::suggest::{Origin, Pattern, Place, Suggestion};
use factmark_core::{
    Action, AnnotationId, DocId, Document, Field, FieldKind, Label, LabelSet, Project, RelationId, Source,
    Span, Status, Timestamp, Value as Attr, offsets,
};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;

const GOLDEN: &str = include_str!("golden/native-v3.json");
const SCHEMA: &str = include_str!("../schema/factmark-v3.schema.json");
/// A version 2 file, written before descriptions, metadata and guidelines.
const GOLDEN_V2: &str = include_str!("golden/native-v2.json");
const SCHEMA_V2: &str = include_str!("../schema/factmark-v2.schema.json");
/// A version 1 file, written before relations and attributes, as that writer wrote it.
const GOLDEN_V1: &str = include_str!("golden/native-v1.json");
const SCHEMA_V1: &str = include_str!("../schema/factmark-v1.schema.json");

/// Hostile text: Cyrillic, a ZWJ emoji sequence, flags, a combining mark, CRLF, NBSP.
const HOSTILE: &str = "Минск, 24 февраля.\r\nЛукашенко 👨‍👩‍👧 said 🇧🇾 troops\u{a0}moved — cafe\u{301} 𠜎.\r\n\r\n«Войска» 12\u{a0}000 🪖";

fn span_of(text: &str, piece: &str) -> Span {
    let byte = text
        .find(piece)
        .unwrap_or_else(|| panic!("{piece:?} not in text"));
    let start = offsets::cp_of_byte(text, byte).unwrap();
    Span::new(start, start + offsets::cp_len(piece)).unwrap()
}

/// The project the version 1 golden file holds: hostile text, overlapping and nested
/// spans, a user label and a note.
fn golden_v1_project() -> Project {
    project_of(Vec::new())
}

/// The project the golden file holds: the version 2 project, with a description on its
/// user label, metadata on both documents (well-known and free fields, hostile text)
/// and guidelines that look like HTML.
fn golden_project() -> Project {
    let mut project = golden_v2_project();
    let mut source = project.labels().get("Источник").unwrap().clone();
    source.description = "Who the <b>claim</b> comes from — «источник» 🇧🇾".into();
    project
        .apply(project.update_label("Источник", source).unwrap())
        .unwrap();
    let metadata = factmark_core::metadata::Metadata::new()
        .with("url", "https://example.org/минск?a=1&b=2")
        .unwrap()
        .with("published", "2022-02-10")
        .unwrap()
        .with("language", "ru")
        .unwrap()
        .with("Рубрика 🪖", "Войска\r\nи\u{a0}техника")
        .unwrap();
    let set = project.set_metadata(&DocId("hostile".into()), metadata).unwrap();
    project.apply(set).unwrap();
    let echo = factmark_core::metadata::Metadata::new()
        .with("outlet", "Эхо")
        .unwrap();
    project
        .apply(project.set_metadata(&DocId("echo".into()), echo).unwrap())
        .unwrap();
    project
        .apply(project.set_guidelines("Mark <script>alert(1)</script> as text.\nКаждое утверждение — Claim."))
        .unwrap();
    project
}

/// The project the version 2 golden file holds: the version 1 project, its user label
/// with a yes/no and a number field, a second document, attributes of every kind,
/// relations within the document and one across the two.
fn golden_v2_project() -> Project {
    let mut project = project_of(vec![
        Field::new("named", FieldKind::YesNo, &[]),
        Field::new("count", FieldKind::Number, &[]),
    ]);
    let doc = Document::new(
        DocId("echo".into()),
        "Эхо".into(),
        "Echo: Lukashenko 👨‍👩‍👧 said 🇧🇾 troops moved.\n".into(),
        Source::File {
            name: "эхо.txt".into(),
        },
    );
    project.apply(project.add_document(doc.clone())).unwrap();
    // The hostile text's dateline, set aside as not the article.
    let aside = project
        .set_aside(
            &DocId("hostile".into()),
            span_of(HOSTILE, "Минск, 24 февраля."),
            true,
        )
        .unwrap();
    project.apply(aside).unwrap();
    let at = |n: i64| Timestamp::from_millis(1_795_512_800_000 + n * 1000);
    let echo = project
        .new_annotation(
            AnnotationId("b1".into()),
            doc.id(),
            span_of(doc.text(), "Lukashenko 👨‍👩‍👧 said 🇧🇾 troops moved"),
            "Claim",
            "boris",
            at(0),
        )
        .unwrap();
    project.apply(Action::AddAnnotation(echo)).unwrap();
    let attributes = [
        ("a1", "check-worthy", Attr::Text("check-worthy".into())),
        ("a1", "quote", Attr::Text("indirect".into())),
        ("a1", "verdict", Attr::Text("Половина правды «½»".into())),
        ("a2", "wikidata", Attr::Text("Q7747".into())),
        ("a3", "named", Attr::Bool(false)),
        (
            "a3",
            "count",
            Attr::Number(serde_json::Number::from_f64(12.5).unwrap()),
        ),
    ];
    for (n, (id, field, value)) in attributes.into_iter().enumerate() {
        let set = project
            .set_attribute(&AnnotationId(id.into()), field, Some(value), at(n as i64 + 1))
            .unwrap();
        project.apply(set).unwrap();
    }
    let links = [
        ("r1", "said by", "a1", "a2"),
        ("r2", "supports", "a5", "a1"),
        ("r3", "same claim", "b1", "a1"),
    ];
    for (n, (id, kind, from, to)) in links.into_iter().enumerate() {
        let relation = project
            .new_relation(
                RelationId(id.into()),
                kind,
                &AnnotationId(from.into()),
                &AnnotationId(to.into()),
                "ana",
                at(n as i64 + 10),
            )
            .unwrap();
        project.apply(Action::AddRelation(relation)).unwrap();
    }
    let noted = project
        .update_relation(
            &RelationId("r3".into()),
            "same claim",
            (&AnnotationId("b1".into()), &AnnotationId("a1".into())),
            "одно и то же 🇧🇾",
            at(20),
        )
        .unwrap();
    project.apply(noted).unwrap();
    // Help while marking: an accepted suggestion keeps its origin, a user pattern and a
    // rejected suggestion are the project's.
    let suggestion = Suggestion {
        document: doc.id().clone(),
        span: span_of(doc.text(), "troops"),
        label: "Actor".into(),
        origin: Origin::Propagation,
        score: 0.75,
    };
    let accepted = project
        .accept(&suggestion, AnnotationId("b2".into()), "boris", at(21))
        .unwrap();
    project.apply(accepted).unwrap();
    let pattern = Pattern {
        name: "войска́ (troops)".into(),
        label: "Actor".into(),
        query: Query {
            text: r"\b[Вв]ойска\b|troops".into(),
            mode: Mode::Regex,
            fold_case: true,
            fold_diacritics: true,
        },
    };
    project.apply(project.add_pattern(pattern)).unwrap();
    project
        .apply(Action::Reject(Place {
            document: doc.id().clone(),
            span: span_of(doc.text(), "Echo"),
            label: "Claim".into(),
            to: None,
        }))
        .unwrap();
    // A rejected relation: `said by` from one span to another of the same text.
    project
        .apply(Action::Reject(Place {
            document: doc.id().clone(),
            span: span_of(doc.text(), "Echo"),
            label: "said by".into(),
            to: Some(span_of(doc.text(), "Lukashenko")),
        }))
        .unwrap();
    project
}

/// The version 1 project, with `fields` on its user label.
fn project_of(fields: Vec<Field>) -> Project {
    let mut labels = LabelSet::default();
    labels
        .add(Label {
            name: "Источник".into(),
            color: "#ae3ec9".into(),
            hotkey: Some('4'),
            fields,
            description: String::new(),
        })
        .unwrap();
    let mut project = Project::new(labels);
    let doc = Document::new(
        DocId("hostile".into()),
        "Войска 🇧🇾".into(),
        HOSTILE.into(),
        Source::Pasted,
    )
    .with_status(Status::InProgress);
    project.apply(project.add_document(doc)).unwrap();
    let id = DocId("hostile".into());
    let marks = [
        ("a1", "Лукашенко 👨‍👩‍👧 said 🇧🇾 troops\u{a0}moved", "Claim"),
        ("a2", "Лукашенко", "Actor"),
        ("a3", "🇧🇾", "Источник"),
        ("a4", "cafe\u{301}", "Actor"),
        ("a5", "12\u{a0}000", "Figure"),
    ];
    for (n, (aid, piece, label)) in marks.into_iter().enumerate() {
        let at = Timestamp::from_millis(1_795_512_600_000 + n as i64 * 1000);
        let annotation = project
            .new_annotation(
                AnnotationId(aid.into()),
                &id,
                span_of(HOSTILE, piece),
                label,
                "ana",
                at,
            )
            .unwrap();
        project.apply(Action::AddAnnotation(annotation)).unwrap();
    }
    let note = project
        .set_note(
            &AnnotationId("a5".into()),
            "12 000 — «по данным Hajun»",
            Timestamp::from_millis(1_795_512_700_000),
        )
        .unwrap();
    project.apply(note).unwrap();
    project
}

fn schema_errors(instance: &Value) -> Vec<String> {
    schema_errors_by(SCHEMA, instance)
}

fn schema_errors_by(schema: &str, instance: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(schema).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema itself is valid");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn golden_file_reads_to_the_expected_project() {
    let file = native::read(GOLDEN).expect("golden file reads");
    let project = file.into_project().unwrap();
    assert_eq!(project, golden_project());
    let a3 = project.annotation(&AnnotationId("a3".into())).unwrap();
    // 🇧🇾 is two code points at these offsets, whatever UTF-16 or UTF-8 say.
    assert_eq!((a3.span().start(), a3.span().end()), (41, 43));
    assert_eq!(a3.anchor.quote(), "🇧🇾");
    let r3 = project.relation(&RelationId("r3".into())).unwrap();
    let (from, to) = (
        project.annotation(&r3.from).unwrap(),
        project.annotation(&r3.to).unwrap(),
    );
    assert_ne!(from.document, to.document, "`same claim` links two articles");
}

/// A version 1 file, from before relations and attributes, still opens: as the project
/// it held, with the default fields of Claim and Actor and the default relation types,
/// as a project made fresh has; its annotations have no attributes and no relations.
#[test]
fn item_16_a_version_1_file_reads_with_default_fields_and_relation_types() {
    let json: Value = serde_json::from_str(GOLDEN_V1).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(schema_errors_by(SCHEMA_V1, &json), Vec::<String>::new());
    let project = native::read(GOLDEN_V1).unwrap().into_project().unwrap();
    assert_eq!(project, golden_v1_project());
    assert_eq!(project.relation_types(), Project::default().relation_types());
    let claim = project.labels().get("Claim").unwrap();
    assert_eq!(claim.fields, LabelSet::default().get("Claim").unwrap().fields);
    assert_eq!(project.relation_count(), 0);
    // Written again, it is a version 3 file that reads back the same.
    let written = native::write(&NativeFile::from_project(&project, true));
    assert!(written.contains("\"version\": 3"));
    assert_eq!(native::read(&written).unwrap().into_project().unwrap(), project);
    // A version 1 file cannot hold relations: one that has them says it is mislabelled.
    let mut mislabelled: Value = serde_json::from_str(GOLDEN).unwrap();
    mislabelled["version"] = Value::from(1);
    let problems = problems_of(&mislabelled.to_string());
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("at relations: a version 1 file has no \"relations\"")),
        "{problems:?}"
    );
}

/// A version 2 file, from before descriptions, metadata and guidelines, still opens as
/// the project it held; its default labels and relation types get their descriptions,
/// as a project made fresh has them.
#[test]
fn a_version_2_file_reads_as_the_project_it_held() {
    let json: Value = serde_json::from_str(GOLDEN_V2).unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(schema_errors_by(SCHEMA_V2, &json), Vec::<String>::new());
    let project = native::read(GOLDEN_V2).unwrap().into_project().unwrap();
    assert_eq!(project, golden_v2_project());
    assert!(!project.labels().get("Claim").unwrap().description.is_empty());
    assert!(project.labels().get("Источник").unwrap().description.is_empty());
    assert!(project.guidelines().is_empty());
    assert!(project.documents().iter().all(|d| d.metadata().is_empty()));
}

/// Issue 18: what version 3 adds comes back as it was written: descriptions,
/// metadata (field names and values in hostile text) and guidelines, never altered.
#[test]
fn item_18_descriptions_metadata_and_guidelines_round_trip() {
    let project = native::read(GOLDEN).unwrap().into_project().unwrap();
    let hostile = project.document(&DocId("hostile".into())).unwrap();
    assert_eq!(
        hostile.metadata().get("url"),
        Some("https://example.org/минск?a=1&b=2")
    );
    assert_eq!(
        hostile.metadata().get("Рубрика 🪖"),
        Some("Войска\r\nи\u{a0}техника")
    );
    assert!(project.guidelines().starts_with("Mark <script>"));
    assert_eq!(
        project.labels().get("Источник").unwrap().description,
        "Who the <b>claim</b> comes from — «источник» 🇧🇾"
    );
    // A file from another tool with a bad meta: named, with its path.
    let mut bad: Value = serde_json::from_str(GOLDEN).unwrap();
    bad["documents"][0]["meta"] = Value::from("not an object");
    bad["documents"][1]["meta"] = serde_json::json!({"": "no name", "ok": 3});
    bad["guidelines"] = Value::from(7);
    let problems = problems_of(&bad.to_string());
    assert!(
        problems.contains(&"at documents[0].meta: expected an object of fields".to_owned()),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"at documents[1].meta.\"\": a metadata field needs a name".to_owned()),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"at guidelines: expected text".to_owned()),
        "{problems:?}"
    );
}

#[test]
fn golden_file_is_what_the_writer_writes() {
    let written = native::write(&NativeFile::from_project(&golden_project(), true));
    if std::env::var_os("FACTMARK_BLESS").is_some() {
        std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/native-v3.json"),
            &written,
        )
        .unwrap();
    }
    assert_eq!(
        written, GOLDEN,
        "the writer's output changed; a change to v3 files breaks readers"
    );
}

#[test]
fn golden_file_offsets_slice_the_text_by_code_points() {
    let json: Value = serde_json::from_str(GOLDEN).unwrap();
    for annotation in json["annotations"].as_array().unwrap() {
        let document = json["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == annotation["document"])
            .unwrap();
        let text: Vec<char> = document["text"].as_str().unwrap().chars().collect();
        let start = annotation["start"].as_u64().unwrap() as usize;
        let end = annotation["end"].as_u64().unwrap() as usize;
        let slice: String = text[start..end].iter().collect();
        assert_eq!(slice, annotation["quote"].as_str().unwrap());
    }
}

#[test]
fn written_files_satisfy_the_schema() {
    for with_text in [true, false] {
        let written = native::write(&NativeFile::from_project(&golden_project(), with_text));
        let errors = schema_errors(&serde_json::from_str(&written).unwrap());
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

/// Every object key the writer can produce is declared in the schema, and every key
/// the schema declares is produced: a field added to or removed from the types without
/// the schema fails here.
#[test]
fn schema_declares_exactly_the_fields_the_writer_writes() {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let mut file = NativeFile::from_project(&golden_project(), true);
    file.documents[0].source = Source::File { name: "x.txt".into() };
    // The optional fields, present: a gold set's annotation with attributes, a label
    // with fields.
    file.annotations[0].agreed_by = vec!["ana".into(), "boris".into()];
    assert!(!file.annotations[0].attributes.is_empty());
    assert!(!file.labels.iter().next().unwrap().fields.is_empty());
    let written: Value = serde_json::from_str(&native::write(&file)).unwrap();
    assert_eq!(schema_errors(&written), Vec::<String>::new());
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let declared = |def: &Value| keys(&def["properties"]);
    assert_eq!(keys(&written), declared(&schema));
    assert_eq!(keys(&written["labels"][0]), declared(&schema["$defs"]["label"]));
    assert_eq!(
        keys(&written["documents"][0]),
        declared(&schema["$defs"]["document"])
    );
    assert_eq!(
        keys(&written["documents"][0]["source"]),
        declared(&schema["$defs"]["source"]["oneOf"][1])
    );
    assert_eq!(
        keys(&written["labels"][0]["fields"][0]),
        declared(&schema["$defs"]["field"])
    );
    assert_eq!(
        keys(&written["relationTypes"][0]),
        declared(&schema["$defs"]["relationType"])
    );
    assert_eq!(
        keys(&written["relations"][0]),
        declared(&schema["$defs"]["relation"])
    );
    assert_eq!(
        keys(&written["patterns"][0]),
        declared(&schema["$defs"]["pattern"])
    );
    // The second rejection is a relation's, with every field a place can have.
    assert_eq!(keys(&written["rejected"][1]), declared(&schema["$defs"]["place"]));
    let accepted = written["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a.get("origin").is_some())
        .expect("an accepted suggestion");
    assert_eq!(accepted["origin"], "accepted");
    assert_eq!(accepted["suggestedBy"], "propagation");
    let mut with_origin = written["annotations"][0].clone();
    for key in ["origin", "suggestedBy", "score"] {
        with_origin[key] = accepted[key].clone();
    }
    assert_eq!(keys(&with_origin), declared(&schema["$defs"]["annotation"]));
    for def in [
        "label",
        "document",
        "annotation",
        "field",
        "relationType",
        "relation",
        "pattern",
        "place",
    ] {
        assert_eq!(
            schema["$defs"][def]["additionalProperties"],
            Value::Bool(false),
            "{def}"
        );
    }
}

#[test]
fn schema_and_reader_both_refuse_an_unknown_field() {
    let mut json: Value = serde_json::from_str(GOLDEN).unwrap();
    json["annotations"][2]["confidence"] = Value::from(0.9);
    assert!(!schema_errors(&json).is_empty());
    let err = native::read(&json.to_string()).unwrap_err();
    assert_eq!(
        err.problems[0].location,
        Location::Path("annotations[2].confidence".into())
    );
    assert!(err.to_string().contains("unknown field `confidence`"), "{err}");
}

#[test]
fn bundled_articles_round_trip_with_annotations() {
    let manifest: Value =
        serde_json::from_str(include_str!("../../../corpus/manifest.json")).expect("manifest is JSON");
    let mut project = Project::default();
    for article in manifest["articles"].as_array().unwrap() {
        let path = format!(
            "{}/../../corpus/{}",
            env!("CARGO_MANIFEST_DIR"),
            article["file"].as_str().unwrap()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Document::new(
            DocId(article["id"].as_str().unwrap().into()),
            article["title"].as_str().unwrap().into(),
            text,
            Source::Bundled,
        );
        project.apply(project.add_document(doc)).unwrap();
    }
    assert_eq!(project.documents().len(), 5);
    let first = project.documents()[0].clone();
    let marks = [
        ("Ukraine", "Actor"),
        ("November 27", "Figure"),
        ("Russia is planning to send troops", "Claim"),
    ];
    for (n, (piece, label)) in marks.into_iter().enumerate() {
        let a = project
            .new_annotation(
                AnnotationId(format!("m{n}")),
                first.id(),
                span_of(first.text(), piece),
                label,
                "",
                Timestamp::default(),
            )
            .unwrap();
        project.apply(Action::AddAnnotation(a)).unwrap();
    }
    let json = native::write(&NativeFile::from_project(&project, true));
    assert_eq!(native::read(&json).unwrap().into_project().unwrap(), project);
}

fn problems_of(json: &str) -> Vec<String> {
    native::read(json)
        .unwrap_err()
        .problems
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn malformed_json_is_located_by_line_and_column() {
    let broken = GOLDEN.replacen("\"version\": 3,", "\"version\": 3", 1);
    let problems = problems_of(&broken);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("line 4, column 3: this is not valid JSON"),
        "{problems:?}"
    );
}

#[test]
fn foreign_files_are_named_as_such() {
    assert_eq!(problems_of(""), ["the file is empty"]);
    assert_eq!(
        problems_of("[1, 2]"),
        ["this is not a factmark file: its top level is not a JSON object"]
    );
    assert_eq!(
        problems_of(r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation"}"#),
        ["this is not a factmark file: it has no \"format\": \"factmark\" field"]
    );
    assert_eq!(
        problems_of(r#"{"format": "brat", "version": 1}"#),
        ["at format: this is not a factmark file: its \"format\" is \"brat\", not \"factmark\""]
    );
}

#[test]
fn a_future_version_is_refused_by_name() {
    let future = GOLDEN.replacen("\"version\": 3,", "\"version\": 4,", 1);
    assert_eq!(
        problems_of(&future),
        [
            "at version: this file is factmark format version 4, written by a newer factmark; \
          this factmark reads versions 1 to 3: update factmark to open it"
        ]
    );
    let odd = GOLDEN.replacen("\"version\": 3,", "\"version\": \"1\",", 1);
    assert!(problems_of(&odd)[0].starts_with("at version: \"1\" is not a factmark format version"));
}

#[test]
fn every_broken_reference_and_anchor_is_reported_with_its_path() {
    let mut json: Value = serde_json::from_str(GOLDEN).unwrap();
    json["annotations"][0]["end"] = Value::from(10_000);
    json["annotations"][1]["quote"] = Value::from("Lukashenko");
    json["annotations"][2]["label"] = Value::from("Place");
    json["annotations"][3]["document"] = Value::from("elsewhere");
    json["annotations"][4]["start"] = Value::from(50);
    json["annotations"][4]["end"] = Value::from(50);
    json["documents"][0]["sha256"] = Value::from("0".repeat(64));
    let problems = problems_of(&json.to_string());
    let expected_starts = [
        "at documents[0].sha256: does not match the document's text",
        "at annotations[0].end: the span [20, 10000) reaches past the end of the text (88 code points)",
        "at annotations[1].quote: is \"Lukashenko\", but the text at [20, 56) gives \"Лукашенко ",
        "at annotations[2].label: there is no label `Place` in this file",
        "at annotations[3].document: there is no document `elsewhere` in this file",
        "at annotations[4].end: span start 50 is not before its end 50",
        "at relations[1].from: its annotation `a5` has a problem, above",
    ];
    assert_eq!(problems.len(), expected_starts.len(), "{problems:#?}");
    for (problem, start) in problems.iter().zip(expected_starts) {
        assert!(
            problem.starts_with(start),
            "{problem:?} should start with {start:?}"
        );
    }
}

#[test]
fn a_wrong_type_is_reported_with_its_path() {
    let mut json: Value = serde_json::from_str(GOLDEN).unwrap();
    json["annotations"][3]["start"] = Value::from(-4);
    assert_eq!(
        problems_of(&json.to_string()),
        ["at annotations[3].start: invalid value: integer `-4`, expected usize"]
    );
}

#[test]
fn a_file_without_texts_reads_but_cannot_stand_alone() {
    let written = native::write(&NativeFile::from_project(&golden_project(), false));
    let file = native::read(&written).unwrap();
    assert_eq!(file.documents[0].text, None);
    assert_eq!(file.annotations.len(), 7);
    assert_eq!(file.relations.len(), 3, "relations need no texts");
    assert_eq!((file.patterns.len(), file.rejected.len()), (1, 2));
    let err = file.into_project().unwrap_err();
    assert!(
        err.to_string().contains("document `hostile` has no text"),
        "{err}"
    );
}

#[test]
fn item_17_bad_origins_patterns_and_rejections_are_named_with_their_paths() {
    let mut json: Value = serde_json::from_str(GOLDEN).unwrap();
    let last = json["annotations"].as_array().unwrap().len() - 1;
    json["annotations"][last]["origin"] = Value::from("guessed");
    json["annotations"][0]["suggestedBy"] = Value::from("model");
    json["patterns"][0]["pattern"] = Value::from("(unclosed");
    json["patterns"][0]["label"] = Value::from("Nobody");
    json["patterns"].as_array_mut().unwrap().push(serde_json::json!({
        "name": "ВОЙСКА́ (TROOPS)", "label": "Actor", "pattern": "a*", "mode": "regex"
    }));
    json["rejected"][0]["end"] = Value::from(4000);
    json["rejected"][1]["toEnd"] = Value::from(4000);
    json["rejected"].as_array_mut().unwrap().push(serde_json::json!({
        "document": "nowhere", "start": 0, "end": 1, "label": "Claim"
    }));
    json["rejected"].as_array_mut().unwrap().push(serde_json::json!({
        "document": "echo", "start": "0", "end": 1, "label": "Claim", "why": "no"
    }));
    json["rejected"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!("echo 0 1"));
    json["rejected"].as_array_mut().unwrap().push(serde_json::json!({
        "document": "echo", "start": 0, "end": 4, "label": "said by", "toStart": 6
    }));
    let problems = problems_of(&json.to_string());
    let expected: [String; 14] = [
        "at annotations[0].suggestedBy: `suggestedBy` needs an `origin` beside it".into(),
        format!("at annotations[{last}].origin: expected \"suggested\" or \"accepted\", not \"guessed\""),
        "at relations[0].to: its annotation `a2` has a problem, above".into(),
        "at patterns[0].label: there is no label `Nobody` in this file".into(),
        "at patterns[0].pattern: pattern `войска́ (troops)`: the regular expression does not work: regex parse error:\n    (unclosed\n    ^\nerror: unclosed group".into(),
        "at patterns[1].name: another pattern already has the name `ВОЙСКА́ (TROOPS)`".into(),
        "at patterns[1].pattern: pattern `ВОЙСКА́ (TROOPS)`: the regular expression matches empty text, so it would find every position: make it match at least one character".into(),
        "at rejected[4]: expected an object".into(),
        "at rejected[0].end: the document's text has 45 code points, so 4000 is past its end".into(),
        "at rejected[1].toEnd: the document's text has 45 code points, so 4000 is past its end".into(),
        "at rejected[2].document: there is no document `nowhere` in this file".into(),
        "at rejected[3].start: expected a whole number, 0 or more".into(),
        "at rejected[3].why: unknown field".into(),
        "at rejected[5]: missing field `toEnd`".into(),
    ];
    assert_eq!(problems, expected);
    // Read for its valid part, the file keeps the good and names the rest.
    let (file, left_out) = native::read_valid_part(&json.to_string()).unwrap();
    assert_eq!(left_out.len(), expected.len());
    assert_eq!(file.annotations.len(), last - 1);
    assert!(file.patterns.is_empty() && file.rejected.is_empty());
}

#[test]
fn binary_input_is_named_not_utf8() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert!(
        decode_utf8(png)
            .unwrap_err()
            .to_string()
            .starts_with("this is not UTF-8 text: byte 0")
    );
}

/// Arbitrary projects over hostile and arbitrary texts.
fn arbitrary_project() -> impl Strategy<Value = Project> {
    let texts = prop::collection::vec(
        prop_oneof![
            Just(HOSTILE.to_owned()),
            "\\PC{1,60}",
            any::<String>().prop_filter("non-empty", |s| !s.is_empty())
        ],
        1..4,
    );
    let marks = prop::collection::vec(
        (0usize..4, 0usize..100, 1usize..20, 0usize..3, "\\PC{0,12}"),
        0..30,
    );
    (texts, marks).prop_map(|(texts, marks)| {
        let mut project = Project::default();
        for (i, text) in texts.into_iter().enumerate() {
            let doc = Document::new(DocId(format!("d{i}")), format!("«{i}» 🇧🇾"), text, Source::Pasted);
            project.apply(project.add_document(doc)).unwrap();
        }
        let labels = ["Claim", "Figure", "Actor"];
        for (n, (doc, at, len, label, note)) in marks.into_iter().enumerate() {
            let doc = project.documents()[doc % project.documents().len()].clone();
            let doc_len = offsets::cp_len(doc.text());
            let Ok(span) = Span::new(at % doc_len, (at % doc_len + len).min(doc_len)) else {
                continue;
            };
            let at = Timestamp::from_millis(1_700_000_000_000 + n as i64);
            // Every third mark an accepted suggestion, every fifth place also rejected
            // under another label.
            let suggestion = Suggestion {
                document: doc.id().clone(),
                span,
                label: labels[label].into(),
                origin: [Origin::Model, Origin::Propagation, Origin::Rule("«r» 🇧🇾".into())][n % 3].clone(),
                score: (n % 7) as f64 / 7.0,
            };
            let id = AnnotationId(format!("a{n}"));
            let add = if n % 3 == 0 {
                project.accept(&suggestion, id, "ана", at).unwrap()
            } else {
                Action::AddAnnotation(
                    project
                        .new_annotation(id, doc.id(), span, labels[label], "ана", at)
                        .unwrap(),
                )
            };
            project.apply(add).unwrap();
            if n % 5 == 0 {
                let _ = project.apply(Action::Reject(Place {
                    label: labels[(label + 1) % 3].into(),
                    ..Place::from(&suggestion)
                }));
            }
            let note = project
                .set_note(&AnnotationId(format!("a{n}")), &note, at)
                .unwrap();
            project.apply(note).unwrap();
        }
        project
    })
}

proptest! {
    #[test]
    fn a_project_written_in_pieces_reads_back_the_same(project in arbitrary_project(), group in 1usize..5) {
        let joined: String = native::write_pieces(&project, group, true).collect();
        let back = native::read(&joined).and_then(NativeFile::into_project).unwrap();
        prop_assert_eq!(back, project);
    }

    #[test]
    fn any_project_round_trips(project in arbitrary_project()) {
        let json = native::write(&NativeFile::from_project(&project, true));
        let read = native::read(&json).unwrap().into_project().unwrap();
        prop_assert_eq!(read, project);
    }

    #[test]
    fn any_project_file_satisfies_the_schema(project in arbitrary_project()) {
        let json = native::write(&NativeFile::from_project(&project, true));
        let errors = schema_errors(&serde_json::from_str(&json).unwrap());
        prop_assert!(errors.is_empty(), "{:#?}", errors);
    }

    #[test]
    fn reading_never_panics_on_arbitrary_text(text in any::<String>()) {
        let _ = native::read(&text);
    }

    #[test]
    fn reading_never_panics_on_a_damaged_golden_file(cut in 0usize..2000, junk in any::<String>()) {
        let mut damaged: String = GOLDEN.chars().take(cut).collect();
        damaged.push_str(&junk);
        damaged.extend(GOLDEN.chars().skip(cut + junk.chars().count()));
        if let Err(err) = native::read(&damaged) {
            prop_assert!(!err.problems.is_empty());
        }
    }
}

/// Issue 14, item 10: a file with one bad annotation is no longer refused whole where
/// the valid part is wanted (the import preview): the rest is read, the bad one listed.
#[test]
fn item_10_the_valid_part_of_a_file_is_read_and_what_is_left_out_is_named() {
    let mut json: Value = serde_json::from_str(GOLDEN).unwrap();
    json["annotations"][1]["quote"] = Value::from("Lukashenko");
    json["annotations"][3]["document"] = Value::from("elsewhere");
    let json = json.to_string();
    assert!(
        native::read(&json).is_err(),
        "read() still wants the whole file good"
    );
    let (file, problems) = native::read_valid_part(&json).unwrap();
    let kept: Vec<&str> = file.annotations.iter().map(|a| a.id.0.as_str()).collect();
    let all: Vec<String> = serde_json::from_str::<Value>(GOLDEN).unwrap()["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let expected: Vec<&str> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| ![1, 3].contains(i))
        .map(|(_, id)| id.as_str())
        .collect();
    assert_eq!(kept, expected);
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert!(problems[0].starts_with("at annotations[1].quote: is \"Lukashenko\""));
    assert!(problems[1].starts_with("at annotations[3].document: there is no document `elsewhere`"));
    // The relations of a left-out annotation go with it, each saying why.
    assert_eq!(
        problems[2..],
        [
            "at relations[0].from: its annotation `a1` has a problem, above",
            "at relations[1].to: its annotation `a1` has a problem, above",
            "at relations[2].to: its annotation `a1` has a problem, above",
        ]
    );
    assert!(file.relations.is_empty());
    // A document with a problem takes its annotations with it, each saying why.
    let mut json: Value = serde_json::from_str(GOLDEN).unwrap();
    json["documents"][0]["sha256"] = Value::from("0".repeat(64));
    let (file, problems) = native::read_valid_part(&json.to_string()).unwrap();
    assert!(file.documents.iter().all(|d| d.id.0 != "hostile"));
    assert!(file.annotations.iter().all(|a| a.document.0 != "hostile"));
    assert!(
        problems
            .iter()
            .skip(1)
            .filter(|p| p.to_string().starts_with("at annotations"))
            .all(|p| p.to_string().contains("its document `hostile` is left out"))
    );
    // Not a factmark file at all: still refused whole.
    assert!(native::read_valid_part("[1, 2]").is_err());
}

/// Issue 14, item 10: context longer than factmark's 32 code points, where the text
/// agrees with it, is shortened rather than an error; a prefix that disagrees is an
/// error naming the range of text it was checked against.
#[test]
fn item_10_a_longer_prefix_is_shortened_and_a_wrong_one_names_its_range() {
    let mut json: Value = serde_json::from_str(GOLDEN).unwrap();
    let text = json["documents"][0]["text"].as_str().unwrap().to_owned();
    let a = &json["annotations"][2];
    let start = a["start"].as_u64().unwrap() as usize;
    let before: String = text.chars().take(start).collect();
    assert!(before.chars().count() > 32);
    let original = a["prefix"].as_str().unwrap().to_owned();
    json["annotations"][2]["prefix"] = Value::from(before);
    let file = native::read(&json.to_string()).unwrap();
    assert_eq!(file.annotations[2].anchor.prefix(), original);

    json["annotations"][2]["prefix"] = Value::from("not what the text says");
    let problems = problems_of(&json.to_string());
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with(&format!(
            "at annotations[2].prefix: is \"not what the text says\", but the text at [{}, {start}) gives",
            start - 32
        )),
        "{problems:?}"
    );
}

/// Issue 16: until each format writes relations and attributes, an export to it names
/// every relation and every annotation's attributes it leaves out — nothing silently.
#[test]
fn item_16_exports_name_each_relation_and_attribute_they_leave_out() {
    use factmark_core::format::{Format, describe_notices};
    let file = NativeFile::from_project(&golden_project(), true);
    // brat, Label Studio, W3C and CSV write relations and attributes, doccano and Prodigy
    // relations (their own tests say what they leave out: the relation between
    // documents, r3).
    for format in Format::ALL.into_iter().filter(|f| {
        !matches!(
            f,
            Format::Native | Format::Brat | Format::LabelStudio | Format::W3c | Format::Csv
        )
    }) {
        let relations: &[&str] = if matches!(format, Format::Doccano | Format::Prodigy | Format::Spacy) {
            &["r3"]
        } else {
            &["r1", "r2", "r3"]
        };
        let mut ways = vec![format.write(&file).unwrap()];
        if format.has_layers() {
            ways.push(format.write_layers(&file).unwrap());
        }
        for written in ways {
            let said: Vec<String> = written.notices.iter().map(ToString::to_string).collect();
            for relation in relations {
                let named = said
                    .iter()
                    .filter(|n| n.contains(&format!("relation `{relation}`")))
                    .count();
                assert_eq!(named, 1, "{format:?}: {relation} once in {said:#?}");
            }
            for annotation in ["a1", "a2", "a3"] {
                assert!(
                    said.iter()
                        .any(|n| n.contains(&format!("annotation `{annotation}`: its attributes"))),
                    "{format:?}: the attributes of {annotation} in {said:#?}"
                );
            }
            let described = describe_notices(&written.notices, &file);
            assert!(
                described
                    .iter()
                    .any(|d| d.contains("same claim") && d.contains("Лукашенко")),
                "{described:#?}"
            );
        }
    }
}

/// Issue 18: text set aside as not the article is read back as it was written,
/// overlapping regions in a file are read as one, and a region past the text's end is
/// named with its path.
#[test]
fn item_18_ignored_regions_read_back_join_and_a_bad_one_is_named() {
    let project = native::read(GOLDEN).unwrap().into_project().unwrap();
    let hostile = project.document(&DocId("hostile".into())).unwrap();
    assert_eq!(hostile.ignored(), [span_of(HOSTILE, "Минск, 24 февраля.")]);
    let mut json: Value = serde_json::from_str(GOLDEN).unwrap();
    json["documents"][1]["ignored"] = serde_json::json!([
        { "start": 40, "end": 45 },
        { "start": 0, "end": 4 },
        { "start": 2, "end": 6 }
    ]);
    let project = native::read(&json.to_string()).unwrap().into_project().unwrap();
    let echo = project.document(&DocId("echo".into())).unwrap();
    assert_eq!(
        echo.ignored(),
        [Span::new(0, 6).unwrap(), Span::new(40, 45).unwrap()]
    );
    json["documents"][1]["ignored"] = serde_json::json!([{ "start": 40, "end": 46 }]);
    assert_eq!(
        problems_of(&json.to_string()),
        ["at documents[1].ignored[0].end: the document's text has 45 code points, so 46 is past its end"]
    );
    json["documents"][1]["ignored"] = serde_json::json!([{ "start": 4, "end": 4 }]);
    assert_eq!(problems_of(&json.to_string()).len(), 1);
}
