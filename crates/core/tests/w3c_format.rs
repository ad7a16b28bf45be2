//! W3C Web Annotation exports checked against the W3C Web Annotation test suite's own
//! assertions (`../shared/w3c-web-annotation-tests`, JSON Schemas): every MUST that
//! applies to an annotation and to a collection holds; and an export read back and
//! imported changes nothing.

use factmark_core::format::native::NativeFile;
use factmark_core::format::w3c;
use factmark_core::{
    Action, AnnotationId, DocId, Document, Project, Source, Span, Timestamp, import, offsets,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

const HOSTILE: &str = "Минск, 24 февраля.\r\nЛукашенко 👨‍👩‍👧 said 🇧🇾 troops\u{a0}moved — cafe\u{301} 𠜎.\r\n";

/// The W3C test suite's data: `FACTMARK_W3C_TESTS`, or `shared/` beside the repository.
fn suite() -> PathBuf {
    let dir = std::env::var_os("FACTMARK_W3C_TESTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/w3c-web-annotation-tests")
        });
    assert!(
        dir.join("annotations/annotationMusts.test").is_file(),
        "the W3C Web Annotation test suite is not at {} (set FACTMARK_W3C_TESTS)",
        dir.display()
    );
    dir
}

/// Serves `file:///w3c/NAME` from the suite's `definitions/` folder, so the
/// assertions' relative `$ref`s resolve without any network.
struct Definitions(PathBuf);

impl jsonschema::Retrieve for Definitions {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().rsplit('/').next().unwrap_or_default();
        Ok(serde_json::from_str(&std::fs::read_to_string(
            self.0.join(name),
        )?)?)
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Checks `instance` against every assertion of the suite's `test` file: each is a
/// draft-04 JSON Schema whose relative `$ref`s point into `definitions/`.
fn check_musts(instance: &Value, test: &str) -> Vec<String> {
    let dir = suite();
    let options = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .with_retriever(Definitions(dir.join("definitions")));
    let mut failures = Vec::new();
    let spec = read_json(&dir.join(test));
    for assertion in spec["assertions"].as_array().unwrap() {
        let file = assertion.as_str().expect("assertions are file names");
        let mut schema = read_json(&dir.join(file));
        let must = schema["assertionType"] == "must";
        let expect_valid = schema["expectedResult"] == "valid";
        let name = Path::new(file).file_name().unwrap().to_str().unwrap();
        schema["id"] = Value::from(format!("file:///w3c/{name}"));
        let validator = options.build(&schema).unwrap_or_else(|e| panic!("{file}: {e}"));
        if must && validator.is_valid(instance) != expect_valid {
            failures.push(format!(
                "{file}: {}",
                schema["errorMessage"].as_str().unwrap_or("")
            ));
        }
    }
    failures
}

fn project() -> Project {
    let mut project = Project::default();
    let doc = Document::new(
        DocId("hostile".into()),
        "Войска".into(),
        HOSTILE.into(),
        Source::Pasted,
    );
    project.apply(project.add_document(doc)).unwrap();
    let marks = [
        ("Лукашенко", "Actor", ""),
        ("🇧🇾 troops\u{a0}moved", "Claim", "«по данным» 🇺🇦"),
        ("cafe\u{301}", "Actor", ""),
    ];
    for (n, (piece, label, note)) in marks.into_iter().enumerate() {
        let start = offsets::cp_of_byte(HOSTILE, HOSTILE.find(piece).unwrap()).unwrap();
        let span = Span::new(start, start + offsets::cp_len(piece)).unwrap();
        let id = AnnotationId(format!("a{n}"));
        let doc = DocId("hostile".into());
        let mut a = project
            .new_annotation(
                id.clone(),
                &doc,
                span,
                label,
                if n == 0 { "" } else { "ana" },
                Timestamp::from_millis(1_795_512_600_000),
            )
            .unwrap();
        a.note = note.into();
        project.apply(Action::AddAnnotation(a)).unwrap();
    }
    project
}

#[test]
fn every_annotation_meets_the_musts_of_the_w3c_test_suite() {
    let json: Value =
        serde_json::from_str(&w3c::write(&NativeFile::from_project(&project(), false))).unwrap();
    let items = json["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        let failures = check_musts(item, "annotations/annotationMusts.test");
        assert!(failures.is_empty(), "{}: {failures:#?}", item["id"]);
    }
}

#[test]
fn the_collection_meets_the_musts_of_the_w3c_test_suite() {
    let json: Value =
        serde_json::from_str(&w3c::write(&NativeFile::from_project(&project(), false))).unwrap();
    let failures = check_musts(&json, "collections/collectionMusts.test");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_checker_catches_a_broken_annotation() {
    let json: Value =
        serde_json::from_str(&w3c::write(&NativeFile::from_project(&project(), false))).unwrap();
    let mut broken = json["first"]["items"][0].clone();
    broken["@context"] = Value::from("http://example.org/not-the-context");
    broken["created"] = Value::from("yesterday");
    let failures = check_musts(&broken, "annotations/annotationMusts.test");
    assert!(
        failures
            .iter()
            .any(|f| f.contains("3.1-annotationContextValidated")),
        "{failures:#?}"
    );
    assert!(
        failures
            .iter()
            .any(|f| f.contains("3.3.1-annotationCreatedValidated")),
        "{failures:#?}"
    );
}

#[test]
fn offsets_in_the_export_are_code_points() {
    let json: Value =
        serde_json::from_str(&w3c::write(&NativeFile::from_project(&project(), false))).unwrap();
    let chars: Vec<char> = HOSTILE.chars().collect();
    for item in json["first"]["items"].as_array().unwrap() {
        let selectors = item["target"]["selector"].as_array().unwrap();
        let (start, end) = (
            selectors[0]["start"].as_u64().unwrap() as usize,
            selectors[0]["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, selectors[1]["exact"].as_str().unwrap());
    }
}

#[test]
fn an_export_read_back_and_imported_changes_nothing() {
    let project = project();
    let file = w3c::read(&w3c::write(&NativeFile::from_project(&project, false)))
        .unwrap()
        .file;
    let plan = import::plan(&project, &file);
    assert_eq!(plan.unchanged, 3, "{plan:#?}");
    assert!(plan.is_empty() && plan.orphans.is_empty());
}

#[test]
fn an_export_imports_into_an_empty_project_with_the_same_text() {
    let theirs = project();
    let file = w3c::read(&w3c::write(&NativeFile::from_project(&theirs, false)))
        .unwrap()
        .file;
    let mut ours = Project::default();
    let doc = Document::new(
        DocId("mine".into()),
        "Войска".into(),
        HOSTILE.into(),
        Source::Pasted,
    );
    ours.apply(ours.add_document(doc)).unwrap();
    let plan = import::plan(&ours, &file);
    assert_eq!(plan.added.len(), 3);
    ours.apply(plan.action(&ours, &[])).unwrap();
    let notes: Vec<&str> = ours.annotations().map(|a| a.note.as_str()).collect();
    assert!(notes.contains(&"«по данным» 🇺🇦"));
    assert!(ours.annotations().all(|a| a.document == DocId("mine".into())));
}

/// Issue 16: relations are `linking` annotations targeting their two ends (across
/// documents too: W3C links anything), attributes are `describing` bodies named by
/// their `label`, a Wikidata id an `identifying` resource; every item meets the test
/// suite's musts, and all of it reads back.
#[test]
fn item_16_relations_and_attributes_are_annotations_and_bodies_and_read_back() {
    let golden =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/native-v2.json"))
            .unwrap();
    let file = factmark_core::format::native::read(&golden).unwrap();
    let written = w3c::write(&file);
    let json: Value = serde_json::from_str(&written).unwrap();
    let items = json["first"]["items"].as_array().unwrap();
    let links: Vec<&Value> = items.iter().filter(|i| i["motivation"] == "linking").collect();
    assert_eq!(links.len(), 3);
    assert_eq!(json["total"], items.len());
    for item in items {
        let failures = check_musts(item, "annotations/annotationMusts.test");
        assert!(failures.is_empty(), "{}: {failures:#?}", item["id"]);
    }
    let said_by = links.iter().find(|l| l["body"][0]["value"] == "said by").unwrap();
    assert_eq!(
        said_by["target"],
        serde_json::json!(["urn:factmark:annotation:a1", "urn:factmark:annotation:a2"])
    );
    let back = w3c::read(&written).unwrap();
    assert!(!back.loses_something(), "{:?}", back.unread);
    let back = back.file;
    let ends = |f: &NativeFile| {
        let mut out: Vec<(String, String, String, String)> = f
            .relations
            .iter()
            .map(|r| (r.id.0.clone(), r.kind.clone(), r.from.0.clone(), r.to.0.clone()))
            .collect();
        out.sort();
        out
    };
    assert_eq!(ends(&back), ends(&file));
    assert_eq!(
        back.relations.iter().find(|r| r.id.0 == "r3").unwrap().note,
        "одно и то же 🇧🇾"
    );
    assert!(back.relation_types.get("same claim").unwrap().across_documents);
    for a in &file.annotations {
        let b = back.annotations.iter().find(|b| b.id == a.id).unwrap();
        assert_eq!(b.attributes, a.attributes, "{}", a.id);
    }
}
