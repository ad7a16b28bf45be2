//! Real files that other tools wrote (`tests/interop/`, their sources in
//! `tests/interop/SOURCES.md`), read as factmark reads them: every file of the corpus is
//! read, every quote equals the code-point slice of its text, and what a file holds
//! that factmark does not is counted in the reading's notices, never dropped without
//! a word. The tests named after the defects of issue 15 pin each fix on a real file.

use factmark_core::format::native::NativeFile;
use factmark_core::format::{Fate, Format, Reading, brat, decode_utf8, plain, w3c};
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

fn text_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    decode_utf8(&bytes).unwrap().to_owned()
}

/// Reads one file of the corpus as the CLI does: brat by its pair, others by their
/// detected format, JSON Lines of bare texts as documents.
fn read(path: &Path) -> Result<Reading, String> {
    let name = path.file_name().unwrap().to_str().unwrap();
    let stem = path.file_stem().unwrap().to_str().unwrap();
    if name.ends_with(".tsv") {
        return factmark_core::format::webanno_tsv::read(stem, &text_of(path)).map_err(|e| e.to_string());
    }
    if name.ends_with(".ann") {
        return brat::read(stem, &text_of(&path.with_extension("txt")), &text_of(path))
            .map_err(|e| e.to_string());
    }
    let text = text_of(path);
    match Format::detect(name, &text) {
        Some(format) => format.read(&text).map_err(|e| e.to_string()),
        None => plain::read_jsonl(&text).map_err(|e| e.to_string()),
    }
}

fn read_ok(relative: &str) -> Reading {
    read(&corpus().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Every quote is the code-point slice of its document's text at its offsets.
fn assert_quotes_are_slices(file: &NativeFile, what: &str) {
    for a in &file.annotations {
        let doc = file
            .documents
            .iter()
            .find(|d| d.id == a.document)
            .unwrap_or_else(|| panic!("{what}: annotation {} has no document", a.id));
        if let Some(text) = &doc.text {
            // Python's text[start:end], counted here without factmark's offsets code.
            let slice: String = text.chars().skip(a.span().start()).take(a.span().len()).collect();
            assert_eq!(slice, a.anchor.quote(), "{what}: annotation {}", a.id);
        }
    }
}

/// Each relation of `file` as its type and the quotes of its two ends, in file order.
fn relation_quotes(file: &NativeFile) -> Vec<(String, String, String)> {
    let quote = |id: &factmark_core::AnnotationId| {
        file.annotations
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.anchor.quote().to_owned())
            .unwrap_or_else(|| panic!("relation end {id} is not an annotation"))
    };
    file.relations
        .iter()
        .map(|r| (r.kind.clone(), quote(&r.from), quote(&r.to)))
        .collect()
}

/// How many things of a kind (by the start of their singular name) were not read.
fn not_read(reading: &Reading, kind: &str) -> usize {
    reading
        .unread
        .iter()
        .filter(|u| u.fate == Fate::NotRead && u.one.starts_with(kind))
        .map(|u| u.count)
        .sum()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

/// Each reader's files of the corpus; those that are expected to be refused, with
/// the start of the message that says why.
const REFUSED: &[(&str, &str)] = &[(
    "doccano/export_relation_extraction_pretty.jsonl",
    "line 1, column 1: this JSON Lines file holds one JSON value written over",
)];

#[test]
fn every_real_file_is_read_and_every_quote_is_its_slice() {
    let mut read_files = 0;
    for tool in ["brat", "doccano", "prodigy", "label-studio", "conll", "inception"] {
        for path in files_under(&corpus().join(tool)) {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if name.ends_with(".txt") || name.ends_with(".md") || name.ends_with(".py") {
                continue;
            }
            let relative = format!("{tool}/{name}");
            match (read(&path), REFUSED.iter().find(|(f, _)| *f == relative)) {
                (Ok(reading), None) => {
                    assert!(!reading.file.documents.is_empty(), "{relative}: no documents");
                    assert_quotes_are_slices(&reading.file, &relative);
                    read_files += 1;
                }
                (Err(message), Some((_, why))) => {
                    assert!(message.starts_with(why), "{relative}: {message}");
                }
                (Ok(_), Some(_)) => panic!("{relative} should be refused"),
                (Err(message), None) => panic!("{relative}: {message}"),
            }
        }
    }
    assert!(read_files >= 20, "{read_files} files read");
}

/// The kinds of line of a brat `.ann` file, counted from the file itself.
fn brat_lines(relative: &str, first: char) -> usize {
    text_of(&corpus().join(relative))
        .lines()
        .filter(|l| l.starts_with(first))
        .count()
}

/// The `.ann` lines of one kind (by first character) whose targets (every argument,
/// for a relation) are all text-bound spans, and those that are not.
fn brat_lines_on_spans(relative: &str, first: char) -> (usize, usize) {
    let text = text_of(&corpus().join(relative));
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with(first)).collect();
    let on_spans = lines
        .iter()
        .filter(|l| {
            let body = l.split('\t').nth(1).unwrap_or_default();
            let targets: Vec<&str> = match first {
                'R' => body
                    .split_whitespace()
                    .skip(1)
                    .map(|a| a.split_once(':').map_or("", |(_, t)| t))
                    .collect(),
                _ => body.split_whitespace().nth(1).into_iter().collect(),
            };
            targets.iter().all(|t| t.starts_with('T'))
        })
        .count();
    (on_spans, lines.len() - on_spans)
}

#[test]
fn brat_relations_attributes_and_notes_are_read_and_the_rest_counted() {
    for name in [
        "news-000-introduction",
        "bio-060-relation_annotation",
        "bio-100-attribute_annotation",
        "bio-110-note_annotation",
        "PMID-10438843",
        "PMID-8039243",
        "PMID-10429004",
        "wn071",
    ] {
        let relative = format!("brat/{name}.ann");
        let reading = read_ok(&relative);
        let file = &reading.file;
        assert_eq!(
            file.annotations.len(),
            brat_lines(&relative, 'T'),
            "{relative}: every text-bound span is read"
        );
        // Issue 16: every relation between spans is read; one with an event at an end
        // is counted.
        let (relations, on_events) = brat_lines_on_spans(&relative, 'R');
        assert_eq!(file.relations.len(), relations, "{relative}");
        assert_eq!(
            not_read(&reading, "relation with an end that is not a span read"),
            on_events,
            "{relative}"
        );
        let (a, a_elsewhere) = brat_lines_on_spans(&relative, 'A');
        let (m, m_elsewhere) = brat_lines_on_spans(&relative, 'M');
        let held: usize = file.annotations.iter().map(|x| x.attributes.len()).sum();
        let wikidata = text_of(&corpus().join(&relative)).matches("Wikidata:").count();
        assert_eq!(
            held,
            a + m + wikidata,
            "{relative}: every attribute on a span is read"
        );
        assert_eq!(
            not_read(&reading, "brat attribute"),
            a_elsewhere + m_elsewhere,
            "{relative}"
        );
        assert_eq!(
            not_read(&reading, "brat event"),
            brat_lines(&relative, 'E'),
            "{relative}"
        );
        assert_eq!(
            not_read(&reading, "brat normalisation"),
            brat_lines(&relative, 'N') - wikidata,
            "{relative}"
        );
        assert_eq!(
            not_read(&reading, "brat equivalence"),
            brat_lines(&relative, '*'),
            "{relative}"
        );
        assert_eq!(
            reading.loses_something(),
            reading.unread.iter().any(|u| u.count > 0)
        );
        // What is read is a valid project file.
        factmark_core::format::native::read(&factmark_core::format::native::write(file))
            .unwrap_or_else(|e| panic!("{relative}: {e}"));
    }
    // The note on a span is read as its note; the file's other kinds are named.
    let news = read_ok("brat/news-000-introduction.ann");
    let money = news.file.annotations.iter().find(|a| a.label == "Money").unwrap();
    assert_eq!(money.anchor.quote(), "$100 million");
    assert_eq!(money.note, "100000000 USD");
    // Relations by type and ends; attributes as fields of their label.
    let mut relations = relation_quotes(&news.file);
    relations.sort();
    assert_eq!(
        relations,
        [
            (
                "Family".into(),
                "Raul Salinas de Gortari".into(),
                "former Mexican president".into()
            ),
            ("Origin".into(), "banks".into(), "Switzerland".into()),
        ]
    );
    let person = news.file.labels.get("Person").unwrap();
    let fields: Vec<(&str, &str)> = person
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.kind.name()))
        .collect();
    assert_eq!(fields, [("Individual", "yes-no"), ("Mention", "choice")]);
    let family = news.file.relation_types.get("Family").unwrap();
    assert_eq!(
        (family.from.as_slice(), family.to.as_slice()),
        (&["Person".to_owned()][..], &["Person".to_owned()][..])
    );
    // The Turku treebank's lemmas are notes of another type on each token's span.
    let tdt = read_ok("brat/wn071.ann");
    assert_eq!(tdt.file.annotations[0].note, "Lemma: Halonen");
    assert_eq!(not_read(&tdt, "brat note"), 0);
    let said: Vec<String> = news.unread.iter().map(ToString::to_string).collect();
    assert!(
        said.contains(&"1 brat event (E line) is not read: factmark does not hold events yet (their trigger spans are read)".to_owned()),
        "{said:?}"
    );
}

/// Issue 16: a real brat file read and written again keeps its `R` and `A` lines as
/// they were, but for their ids (and the `T` numbers they point to).
#[test]
fn brat_round_trip_keeps_relation_and_attribute_lines() {
    let relative = "brat/news-000-introduction.ann";
    let original = text_of(&corpus().join(relative));
    let reading = read_ok(relative);
    let written = Format::Brat.write(&reading.file).unwrap();
    let factmark_core::format::Output::Files(files) = &written.output else {
        panic!("brat is a folder")
    };
    let ann = files
        .iter()
        .find(|(name, _)| name.ends_with(".ann"))
        .map(|(_, bytes)| std::str::from_utf8(bytes).unwrap())
        .unwrap();
    // Each line as its kind and content, with every id (T4, R1, A2) replaced by the
    // quote of the span it names.
    let spans = |ann: &str| -> std::collections::HashMap<String, String> {
        ann.lines()
            .filter(|l| l.starts_with('T'))
            .map(|l| {
                let mut f = l.split('\t');
                (
                    f.next().unwrap().to_owned(),
                    f.nth(1).unwrap_or_default().to_owned(),
                )
            })
            .collect()
    };
    let shape = |ann: &str, kind: char| -> Vec<String> {
        let quotes = spans(ann);
        let mut lines: Vec<String> = ann
            .lines()
            .filter(|l| l.starts_with(kind))
            .map(|l| {
                let body = l.split('\t').nth(1).unwrap_or_default();
                body.split_whitespace()
                    .map(|w| {
                        let (role, id) = w.split_once(':').map_or(("", w), |(r, i)| (r, i));
                        match quotes.get(id) {
                            Some(q) if role.is_empty() => format!("«{q}»"),
                            Some(q) => format!("{role}:«{q}»"),
                            None => w.to_owned(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|l| !l.contains(":E") && !l.contains(" E"))
            .collect();
        lines.sort();
        lines
    };
    for kind in ['R', 'A'] {
        let before: Vec<String> = shape(&original, kind)
            .into_iter()
            // Attributes on events are not read (and said so).
            .filter(|l| !l.split_whitespace().nth(1).is_some_and(|t| t.starts_with('E')))
            .collect();
        assert!(!before.is_empty());
        assert_eq!(shape(ann, kind), before, "{kind} lines");
    }
    assert!(written.notices.is_empty(), "{:?}", written.notices);
}

#[test]
fn brat_discontinuous_spans_are_left_out_never_widened() {
    // DKPro Core's test files: `5 7;8 9` has only a line break between its fragments
    // (one span, as brat writes a span across lines); `5 7;9 10` has "\na" between
    // them, which was not marked.
    let across_lines = read_ok("brat/dkpro-document0c.ann");
    let quotes: Vec<&str> = across_lines
        .file
        .annotations
        .iter()
        .map(|a| a.anchor.quote())
        .collect();
    assert_eq!(quotes, ["This", "is\na", "test", "."]);
    assert_eq!(not_read(&across_lines, "discontinuous brat span"), 0);

    let gapped = read_ok("brat/dkpro-document0d.ann");
    let quotes: Vec<&str> = gapped.file.annotations.iter().map(|a| a.anchor.quote()).collect();
    assert_eq!(quotes, ["This", "other test", "."]);
    assert_eq!(not_read(&gapped, "discontinuous brat span"), 1);
    assert_eq!(not_read(&gapped, "brat event"), 4);
}

#[test]
fn prodigy_rejected_and_ignored_answers_are_not_gold() {
    // Prodigy's own ner.teach example: 1,800 binary answers about PRODUCT spans.
    let path = corpus().join("prodigy/reddit-PRODUCT-ner_teach.jsonl");
    let (mut accepted, mut rejected, mut ignored) = (0, 0, 0);
    for line in text_of(&path).lines().filter(|l| !l.trim().is_empty()) {
        let task: serde_json::Value = serde_json::from_str(line).unwrap();
        let spans = task["spans"].as_array().map_or(0, Vec::len);
        match task["answer"].as_str() {
            Some("accept") => accepted += spans,
            Some("reject") => rejected += 1,
            Some("ignore") => ignored += 1,
            other => panic!("{other:?}"),
        }
    }
    let reading = read_ok("prodigy/reddit-PRODUCT-ner_teach.jsonl");
    // Accepted spans only (the same span accepted twice on one text is one span less
    // only if it is the same annotation: ids keep them apart).
    assert_eq!(reading.file.annotations.len(), accepted);
    assert!(reading.file.annotations.iter().all(|a| a.label == "PRODUCT"));
    assert_eq!(not_read(&reading, "Prodigy task answered \"reject\""), rejected);
    assert_eq!(not_read(&reading, "Prodigy task answered \"ignore\""), ignored);
    assert_eq!((rejected, ignored), (1276, 86));
    // ner.teach asks about one span at a time: tasks sharing a text are one document.
    let joined: usize = reading
        .unread
        .iter()
        .filter(|u| u.fate == Fate::Joined)
        .map(|u| u.count)
        .sum();
    assert_eq!(reading.file.documents.len() + joined, 1800 - rejected - ignored);

    // ner_manual: every task accepted but one ignored.
    let manual = read_ok("prodigy/news_headlines-ner_manual.jsonl");
    assert_eq!(not_read(&manual, "Prodigy task answered \"ignore\""), 1);
    assert!(manual.file.annotations.len() > 250);
}

/// Issue 16: a real `rel.manual` export (Decide Madrid 2019 argument annotations,
/// Apache-2.0): every relation read, between the spans its `head_span` and
/// `child_span` give (two types between the same two spans are two relations), and
/// written back and read again the same; the task fields beside the text are named.
#[test]
fn prodigy_rel_manual_relations_are_all_read() {
    let relative = "prodigy/decide-madrid-rel_manual.jsonl";
    let mut expected = Vec::new();
    for line in text_of(&corpus().join(relative)).lines() {
        let task: serde_json::Value = serde_json::from_str(line).unwrap();
        let text: Vec<char> = task["text"].as_str().unwrap().chars().collect();
        let slice = |end: &serde_json::Value| -> String {
            let at = |k: &str| end[k].as_u64().unwrap() as usize;
            text[at("start")..at("end")].iter().collect()
        };
        for r in task["relations"].as_array().unwrap() {
            expected.push((
                r["label"].as_str().unwrap().to_owned(),
                slice(&r["head_span"]),
                slice(&r["child_span"]),
            ));
        }
    }
    assert_eq!(expected.len(), 10);
    let reading = read_ok(relative);
    assert_eq!(relation_quotes(&reading.file), expected);
    assert_eq!(not_read(&reading, "relation"), 0);
    assert_eq!(not_read(&reading, "Prodigy task field `comment_id`"), 18);
    let support = reading.file.relation_types.get("SUPPORT").unwrap();
    assert_eq!(
        (support.from.as_slice(), support.to.as_slice()),
        (&["PREMISE".to_owned()][..], &["CLAIM".to_owned()][..])
    );
    // Written as Prodigy and read again: the same relations.
    let written = Format::Prodigy.write(&reading.file).unwrap();
    let factmark_core::format::Output::Text(jsonl) = &written.output else {
        panic!("Prodigy is one text file")
    };
    let back = Format::Prodigy.read(jsonl).unwrap();
    assert_eq!(relation_quotes(&back.file), expected);
}

#[test]
fn bare_text_lines_are_documents() {
    let reading = read_ok("prodigy/news_headlines-texts.jsonl");
    assert!(reading.file.annotations.is_empty());
    let lines = text_of(&corpus().join("prodigy/news_headlines-texts.jsonl"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    let joined: usize = reading.unread.iter().map(|u| u.count).sum();
    assert_eq!(reading.file.documents.len() + joined, lines);
}

#[test]
fn doccano_relations_are_read_and_document_labels_counted() {
    let reading = read_ok("doccano/relation_extraction.jsonl");
    let quotes: Vec<&str> = reading
        .file
        .annotations
        .iter()
        .map(|a| a.anchor.quote())
        .collect();
    assert_eq!(
        quotes,
        ["Google", "September 4, 1998", "Larry Page", "Sergey Brin"]
    );
    // Issue 16: doccano's own relation-extraction example, every relation read and
    // written back the same (doccano's relation form, ids aside).
    let relations = relation_quotes;
    assert_eq!(
        relations(&reading.file),
        [
            ("foundedAt".into(), "Google".into(), "September 4, 1998".into()),
            ("foundedBy".into(), "Google".into(), "Larry Page".into()),
            ("foundedBy".into(), "Google".into(), "Sergey Brin".into()),
        ]
    );
    let founded_by = reading.file.relation_types.get("foundedBy").unwrap();
    assert_eq!(
        (founded_by.from.as_slice(), founded_by.to.as_slice()),
        (&["ORG".to_owned()][..], &["PERSON".to_owned()][..])
    );
    assert!(!reading.loses_something());
    let written = Format::Doccano.write(&reading.file).unwrap();
    assert!(written.notices.is_empty(), "{:?}", written.notices);
    let factmark_core::format::Output::Text(jsonl) = &written.output else {
        panic!("doccano is one file")
    };
    let original: serde_json::Value =
        serde_json::from_str(&text_of(&corpus().join("doccano/relation_extraction.jsonl"))).unwrap();
    let ours: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(ours["entities"], original["entities"]);
    let strip = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| serde_json::json!([r["from_id"], r["to_id"], r["type"]]))
            .collect()
    };
    assert_eq!(strip(&ours["relations"]), strip(&original["relations"]));
    let back = Format::Doccano.read(jsonl).unwrap().file;
    assert_eq!(relations(&back), relations(&reading.file));

    let classes = read_ok("doccano/text_classification.jsonl");
    assert!(classes.file.annotations.is_empty());
    assert_eq!(not_read(&classes, "doccano document label"), 3);
}

#[test]
fn pretty_printed_json_in_a_jsonl_file_is_one_clear_problem() {
    let err = read(&corpus().join("doccano/export_relation_extraction_pretty.jsonl")).unwrap_err();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("holds one JSON value written over"), "{err}");
}

#[test]
fn label_studio_predictions_are_not_annotations() {
    // Label Studio's own example: the task has a prediction and no annotation.
    let tasks = read_ok("label-studio/named_entity-tasks.json");
    assert!(tasks.file.annotations.is_empty());
    assert_eq!(not_read(&tasks, "Label Studio prediction"), 1);
    // The same example as an annotation, a single task object (not in a list).
    let one = read_ok("label-studio/named_entity-annotation-1.json");
    assert_eq!(one.file.annotations.len(), 1);
    assert_eq!(one.file.annotations[0].anchor.quote(), "February 22");
    assert_eq!(one.file.annotations[0].label, "Date");

    let choices = read_ok("label-studio/tasks_annotations_predictions.json");
    assert_eq!(choices.file.documents.len(), 6);
    assert_eq!(not_read(&choices, "Label Studio choices result"), 4);
    assert_eq!(not_read(&choices, "Label Studio prediction"), 3);
}

#[test]
fn every_w3c_spec_example_is_read_and_what_it_holds_is_accounted_for() {
    // The 42 examples of the Web Annotation Data Model: annotations on web pages,
    // images, videos, most selecting no text. None is refused; each annotation is read
    // (one span per tag) or counted.
    let dir = corpus().join("w3c");
    let mut annotations_in_files = 0;
    let mut accounted = 0;
    for path in files_under(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let mut reading = read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: serde_json::Value = serde_json::from_str(&text_of(&path)).unwrap();
        let items = match value["type"].as_str() {
            Some("AnnotationCollection") => value["first"]["items"].as_array().unwrap().len(),
            _ => 1,
        };
        annotations_in_files += items;
        // Without their texts, those with a text selector are left out, by source.
        let placed = w3c::place(&mut reading.file, &[]);
        assert!(reading.file.annotations.is_empty(), "{}", path.display());
        let counted = |unread: &[factmark_core::format::Unread]| {
            unread
                .iter()
                .filter(|u| u.fate == Fate::NotRead && u.one.starts_with("W3C annotation"))
                .map(|u| u.count)
                .sum::<usize>()
        };
        accounted += counted(&reading.unread) + counted(&placed);
    }
    assert_eq!(
        annotations_in_files,
        42 + 41 - 1,
        "41 annotations and a collection of 41"
    );
    assert_eq!(accounted, annotations_in_files);
}

#[test]
fn w3c_bodies_mean_what_the_model_says() {
    // anno41: a tagging body is the label; a Choice's first "describing" body the note.
    let mut reading = read_ok("w3c/anno41.json");
    let text = "Hello beautiful bit of text in this XML, indeed.";
    let given = [w3c::SourceText {
        source: Some("http://example.com/document1".to_owned()),
        name: "document1.txt".to_owned(),
        text: text.to_owned(),
    }];
    let placed = w3c::place(&mut reading.file, &given);
    assert!(placed.is_empty(), "{placed:?}");
    let a = &reading.file.annotations[0];
    assert_eq!(
        (a.label.as_str(), a.anchor.quote()),
        ("love", "beautiful bit of text")
    );
    assert_eq!(
        a.note,
        "describing: I really love this particular bit of text in this XML. No really."
    );
    assert_eq!(a.annotator, "A. Person");
    assert_eq!(not_read(&reading, "W3C body offered as another alternative"), 1);
}

#[test]
fn recogito_annotations_are_placed_by_quote_and_their_positions_checked() {
    // Recogito's sample: no source, positions that do not match the page's text
    // ("Troy" at 124–128 is "ad s" there), a comment body without purpose, two tags,
    // and a linking annotation between two others.
    let mut reading = read_ok("recogito/annotations.w3c.json");
    assert_eq!(not_read(&reading, "W3C annotation linking"), 1);
    assert_eq!(not_read(&reading, "W3C annotation with no tag"), 2);
    let odyssey = text_of(&corpus().join("recogito/odyssey.txt"));
    let candidates = [w3c::SourceText {
        source: None,
        name: "odyssey.txt".to_owned(),
        text: odyssey.clone(),
    }];
    let placed = w3c::place(&mut reading.file, &candidates);
    let corrected: usize = placed
        .iter()
        .filter(|u| u.fate == Fate::Corrected)
        .map(|u| u.count)
        .sum();
    assert_eq!(corrected, 2);
    let spans: Vec<(usize, &str, &str, &str)> = reading
        .file
        .annotations
        .iter()
        .map(|a| {
            (
                a.span().start(),
                a.anchor.quote(),
                a.label.as_str(),
                a.note.as_str(),
            )
        })
        .collect();
    let troy = odyssey.chars().collect::<String>().find("Troy").unwrap();
    assert_eq!(
        spans,
        [
            (troy, "Troy", "A Tag", "This is a comment"),
            (troy, "Troy", "Another Tag", "This is a comment"),
        ]
    );
    assert_quotes_are_slices(&reading.file, "recogito");
    // What it became reads back as a factmark file.
    let written = factmark_core::format::native::write(&reading.file);
    factmark_core::format::native::read(&written).unwrap();
}

/// Every file of the corpus factmark reads, read once.
fn readable_corpus() -> Vec<(String, Reading)> {
    let mut all = Vec::new();
    for tool in [
        "brat",
        "doccano",
        "prodigy",
        "label-studio",
        "w3c",
        "recogito",
        "conll",
    ] {
        for path in files_under(&corpus().join(tool)) {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if name.ends_with(".txt") || name.ends_with(".md") || name.ends_with(".py") {
                continue;
            }
            if let Ok(reading) = read(&path) {
                all.push((format!("{tool}/{name}"), reading));
            }
        }
    }
    all
}

mod converted_files_validate {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn readings() -> &'static [(String, Reading)] {
        static ALL: OnceLock<Vec<(String, Reading)>> = OnceLock::new();
        ALL.get_or_init(readable_corpus)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Any combination of real inputs (repeats included, in any order), put
        /// together and placed as `factmark convert` does, is a factmark file that
        /// reads back with every annotation: no duplicate ids, no quote off its text.
        #[test]
        fn any_combination_of_real_inputs(picks in prop::collection::vec(0usize..1000, 1..6)) {
            let all = readings();
            let chosen: Vec<NativeFile> = picks.iter().map(|i| all[i % all.len()].1.file.clone()).collect();
            let names: Vec<&str> = picks.iter().map(|i| all[i % all.len()].0.as_str()).collect();
            let (mut merged, _) = NativeFile::merge_counted(chosen);
            let odyssey = text_of(&corpus().join("recogito/odyssey.txt"));
            w3c::place(&mut merged, &[w3c::SourceText { source: None, name: "odyssey.txt".into(), text: odyssey }]);
            let written = factmark_core::format::native::write(&merged);
            let back = factmark_core::format::native::read(&written);
            prop_assert!(back.is_ok(), "{names:?}: {}", back.unwrap_err());
            prop_assert_eq!(back.unwrap().annotations.len(), merged.annotations.len());
        }
    }
}

#[test]
fn labels_that_differ_only_in_case_are_one_label_when_inputs_are_merged() {
    // brat's tutorial says `Person`, doccano's example `PERSON` (found by the property
    // test above: the merged file named a label it did not have).
    let brat = read_ok("brat/news-000-introduction.ann").file;
    let doccano = read_ok("doccano/export_sequence_labeling.jsonl").file;
    let (merged, notes) = NativeFile::merge_counted([brat, doccano]);
    assert!(merged.labels.get("PERSON").is_none());
    assert!(
        merged
            .annotations
            .iter()
            .all(|a| merged.labels.get(&a.label).is_some())
    );
    assert!(
        notes
            .iter()
            .any(|u| u.fate == Fate::Corrected && u.why.starts_with("`PERSON` is read as `Person`")),
        "{notes:?}"
    );
    factmark_core::format::native::read(&factmark_core::format::native::write(&merged)).unwrap();
}

#[test]
fn conll_files_of_other_tools_read_in_each_scheme_and_column_layout() {
    // DKPro Core's test files: CoNLL-2002 (token, IOB2 tag), CoNLL-2003 (four columns,
    // IOB1 tags: I-ORG begins an entity), GermEval 2014 (numbered, outer and nested).
    let quotes = |reading: &Reading| -> Vec<(String, String)> {
        reading
            .file
            .annotations
            .iter()
            .map(|a| (a.label.clone(), a.anchor.quote().to_owned()))
            .collect()
    };
    let conll2002 = read_ok("conll/ner2002_test.conll");
    assert_eq!(
        quotes(&conll2002)[..2],
        [
            ("PER".to_owned(), "Wolff".to_owned()),
            ("LOC".to_owned(), "Argentina".to_owned())
        ]
    );
    let conll2003 = read_ok("conll/en-orig.conll");
    assert_eq!(
        quotes(&conll2003),
        [
            ("ORG".to_owned(), "U.N.".to_owned()),
            ("PER".to_owned(), "Ekeus".to_owned()),
            ("LOC".to_owned(), "Baghdad".to_owned())
        ]
    );
    assert!(
        conll2003.file.documents[0]
            .text
            .as_deref()
            .unwrap()
            .starts_with("U.N. official Ekeus heads for Baghdad .")
    );
    let germeval = read_ok("conll/germeval2014_test.conll");
    assert_eq!(
        germeval.file.documents[0].title,
        "http://de.wikipedia.org/wiki/Manfred_Korfmann [2009-10-17]"
    );
    let labels: Vec<(String, String)> = quotes(&germeval);
    assert!(
        labels.contains(&("LOC".to_owned(), "Stuttgart".to_owned())),
        "{labels:?}"
    );
    // Every CoNLL reading says its texts were rebuilt from the tokens.
    for reading in [&conll2002, &conll2003, &germeval] {
        assert!(reading.unread.iter().any(|u| u.fate == Fate::Rebuilt));
    }
}

#[test]
fn a_docbin_spacy_wrote_reads_with_its_exact_texts_groups_and_entities() {
    // Written by spaCy 3.8 itself (make_docbin.py beside it): two Docs, entities, span
    // groups "sc" and "claims", a TAG on one token, a document category.
    let bytes = std::fs::read(corpus().join("spacy/written-by-spacy.spacy")).unwrap();
    let reading = Format::Spacy.read_bytes(&bytes).unwrap();
    let texts: Vec<&str> = reading
        .file
        .documents
        .iter()
        .map(|d| d.text.as_deref().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Lukashenko said 12,000 Russian troops arrived in Minsk on Tuesday.",
            "Ukraine's General Staff warned  of a build-up near the border.\nKyiv is watching."
        ]
    );
    let spans: Vec<(&str, &str)> = reading
        .file
        .annotations
        .iter()
        .map(|a| (a.label.as_str(), a.anchor.quote()))
        .collect();
    for want in [
        (
            "Claim",
            "Lukashenko said 12,000 Russian troops arrived in Minsk on Tuesday",
        ),
        ("Figure", "12,000 Russian troops"),
        ("PERSON", "Lukashenko"),
        ("NORP", "Russian"),
        ("GPE", "Minsk"),
        ("ORG", "General Staff"),
    ] {
        assert!(spans.contains(&want), "{want:?} in {spans:?}");
    }
    assert_eq!(spans.len(), 9);
    assert_quotes_are_slices(&reading.file, "spacy");
    assert_eq!(not_read(&reading, "spaCy token attribute"), 2);
    assert_eq!(not_read(&reading, "spaCy document category"), 1);
}

#[test]
fn inception_tsv_files_read_with_utf16_offsets_stacked_sub_token_and_cross_sentence_spans() {
    let spans = |name: &str| -> (Reading, Vec<(String, String)>) {
        let reading = read_ok(&format!("inception/{name}.tsv"));
        let spans = reading
            .file
            .annotations
            .iter()
            .map(|a| (a.label.clone(), a.anchor.quote().to_owned()))
            .collect();
        (reading, spans)
    };
    let pair = |l: &str, q: &str| (l.to_owned(), q.to_owned());
    // 😊 is at UTF-16 10–12: one code point.
    assert_eq!(spans("testSentenceWithEmoji").1, [pair("Span", "😊")]);
    let (_, stacked) = spans("testMultiTokenStackedSpanWithFeatureValue");
    assert_eq!(
        stacked,
        [
            pair("PERSON", "This is a test ."),
            pair("LOCATION", "This is a test .")
        ]
    );
    let (cross, across) = spans("testCrossSentenceSpanWithFeatureValue");
    assert_eq!(across, [pair("PERSON", "He loves her . She loves him not .")]);
    assert!(cross.unread.iter().any(|u| u.fate == Fate::Rebuilt));
    let (sub, sub_spans) = spans("testSubMultiTokenSpanWithFeatureValue");
    assert!(sub_spans.contains(&pair("7", "aaaaaa bbb")), "{sub_spans:?}");
    assert_eq!(not_read(&sub, "zero-width INCEpTION annotation"), 3);
    let (_, special) = spans("testTokenBoundedSpanWithSpecialSymbolsValue");
    assert_eq!(special[0].0, "#*'\"`´\t:;{}|[ ]()\\§$%?=&_\n");
    let lines = read_ok("inception/testSentenceWithLineBreak.tsv");
    assert_eq!(lines.file.documents[0].text.as_deref(), Some("This is\na test ."));
    assert_eq!(
        not_read(
            &read_ok("inception/testSingleTokenRelationWithFeatureValue.tsv"),
            "INCEpTION relation"
        ),
        1
    );
    assert_eq!(
        not_read(&read_ok("inception/testSimpleChain.tsv"), "INCEpTION chain link"),
        3
    );
    assert_eq!(
        not_read(
            &read_ok("inception/testSimpleSlotFeature.tsv"),
            "INCEpTION slot feature"
        ),
        2
    );
    // INCEpTION's own larger examples: named entities read, POS and dependencies named.
    let example = read_ok("inception/example2.tsv");
    assert!(
        example
            .file
            .annotations
            .iter()
            .any(|a| a.label == "PER" && a.anchor.quote() == "Ms. Haag")
    );
    assert!(not_read(&example, "INCEpTION relation") > 0);
    assert!(not_read(&example, "INCEpTION token-level annotation") > 0);
    let coref = read_ok("inception/coref.tsv");
    assert!(not_read(&coref, "INCEpTION chain link") > 900);
}

#[test]
fn every_real_file_converts_to_native_and_to_its_own_format_keeping_every_span() {
    use factmark_core::format::native;
    // (folder, the format its files are in, as factmark writes it back)
    let tools = [
        ("brat", Format::Brat),
        ("doccano", Format::Doccano),
        ("prodigy", Format::Prodigy),
        ("label-studio", Format::LabelStudio),
        ("conll", Format::Conll),
        ("inception", Format::WebannoTsv),
    ];
    let mut checked = 0;
    for (tool, format) in tools {
        for path in files_under(&corpus().join(tool)) {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if name.ends_with(".txt") || name.ends_with(".md") || name.ends_with(".py") {
                continue;
            }
            let Ok(reading) = read(&path) else { continue };
            // To native and back: everything.
            let back = native::read(&native::write(&reading.file)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(back, reading.file, "{name}: native keeps everything");
            // To its own format and back: every span but those the notices name.
            let written = format.write(&back).unwrap_or_else(|e| panic!("{name}: {e}"));
            let left_out: Vec<_> = written
                .notices
                .iter()
                .filter(|n| n.message.starts_with("left out"))
                .filter_map(|n| n.annotation.clone())
                .collect();
            let again = match &written.output {
                factmark_core::format::Output::Text(text) => format.read(text).unwrap().file,
                factmark_core::format::Output::Files(files) => {
                    NativeFile::merge(files.iter().filter_map(|(file, bytes)| {
                        let text = std::str::from_utf8(bytes).unwrap();
                        if file.ends_with(".ann") {
                            let txt = files.iter().find(|(f, _)| *f == file.replace(".ann", ".txt"))?;
                            Some(
                                brat::read(file, std::str::from_utf8(&txt.1).unwrap(), text)
                                    .unwrap()
                                    .file,
                            )
                        } else if file.ends_with(".tsv") {
                            Some(factmark_core::format::webanno_tsv::read(file, text).unwrap().file)
                        } else {
                            None
                        }
                    }))
                }
                factmark_core::format::Output::Binary(_) => unreachable!("no binary format here"),
            };
            // A token format's text is rebuilt from its tokens: read back beside the
            // texts it was written from, as a person would give them.
            let mut again = again;
            let texts: Vec<(&str, &str)> = back
                .documents
                .iter()
                .filter_map(|d| Some((d.title.as_str(), d.text.as_deref()?)))
                .collect();
            factmark_core::format::tokens::realign(&mut again, &texts);
            let spans = |file: &NativeFile,
                         skip: &[factmark_core::AnnotationId]|
             -> std::collections::BTreeSet<(String, String, String)> {
                file.annotations
                    .iter()
                    .filter(|a| !skip.contains(&a.id))
                    .map(|a| {
                        let text = file
                            .documents
                            .iter()
                            .find(|d| d.id == a.document)
                            .and_then(|d| d.text.clone())
                            .unwrap_or_default();
                        let before: String = text.chars().take(a.span().start()).collect();
                        (before, a.label.clone(), a.anchor.quote().to_owned())
                    })
                    .collect()
            };
            assert_eq!(
                spans(&again, &[]),
                spans(&back, &left_out),
                "{tool}/{name}: written as {format:?} and read back"
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked} files");
}

#[test]
fn a_label_studio_export_names_its_relations_cancelled_annotations_and_predictions() {
    // Exported by Label Studio 1.23 itself (make_export.py beside it): one task with an
    // annotation (three spans, a per-region note, two relations, a choice), a cancelled
    // annotation, and a prediction.
    let reading = read_ok("label-studio/export-relations-cancelled.json");
    let spans: Vec<(&str, &str, &str, &str)> = reading
        .file
        .annotations
        .iter()
        .map(|a| {
            (
                a.label.as_str(),
                a.anchor.quote(),
                a.note.as_str(),
                a.annotator.as_str(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("Actor", "Лукашенко", "", "Label Studio user 1"),
            (
                "Figure",
                "12,000 troops",
                "as BelTA reported",
                "Label Studio user 1"
            ),
            (
                "Claim",
                "said 12,000 troops 🇧🇾 moved to the border.",
                "",
                "Label Studio user 1"
            ),
        ]
    );
    assert_quotes_are_slices(&reading.file, "label studio export");
    // Issue 16: both relations are read, each the way its direction says, typed by
    // its label; the task-level choice (a classification of the whole text) is named.
    let relations = relation_quotes(&reading.file);
    assert_eq!(
        relations,
        [
            (
                "said".into(),
                "Лукашенко".into(),
                "said 12,000 troops 🇧🇾 moved to the border.".into()
            ),
            (
                "supports".into(),
                "12,000 troops".into(),
                "said 12,000 troops 🇧🇾 moved to the border.".into()
            ),
        ]
    );
    assert_eq!(not_read(&reading, "cancelled Label Studio annotation"), 1);
    assert_eq!(not_read(&reading, "Label Studio prediction"), 1);
    assert_eq!(not_read(&reading, "Label Studio choices result"), 1);
    factmark_core::format::native::read(&factmark_core::format::native::write(&reading.file)).unwrap();
}

/// Issue 16: factmark's relations and attributes written as Label Studio results
/// (`relation`, per-region `choices`, `textarea`, `number`) and read back the same;
/// a relation between two documents is named, by id.
#[test]
fn label_studio_writes_relations_and_attributes_and_reads_them_back() {
    let golden = text_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/native-v2.json"));
    let file = factmark_core::format::native::read(&golden).unwrap();
    let written = Format::LabelStudio.write(&file).unwrap();
    let said: Vec<String> = written.notices.iter().map(ToString::to_string).collect();
    // The cross-document relation, then what only factmark's files hold (issue 17: an
    // accepted suggestion's origin, a pattern, a rejection).
    assert_eq!(said.len(), 5, "{said:?}");
    assert!(said[0].contains("set aside as not the article"), "{said:?}");
    assert!(
        said[1].contains("`r3`") && said[1].contains("one document only"),
        "{said:?}"
    );
    assert!(
        said[2..].iter().all(|s| s.contains("factmark files keep")),
        "{said:?}"
    );
    let factmark_core::format::Output::Text(json) = &written.output else {
        panic!("Label Studio is one file")
    };
    let back = Format::LabelStudio.read(json).unwrap().file;
    let by_quote = |file: &NativeFile, quote: &str| {
        file.annotations
            .iter()
            .find(|a| a.anchor.quote() == quote)
            .unwrap()
            .clone()
    };
    for a in file.annotations.iter().filter(|a| !a.attributes.is_empty()) {
        let b = by_quote(&back, a.anchor.quote());
        assert_eq!(b.attributes, a.attributes, "{}", a.id);
    }
    let ends = |file: &NativeFile| {
        let mut out = relation_quotes(file);
        out.sort();
        out
    };
    let mut expected = ends(&file);
    expected.retain(|(kind, ..)| kind != "same claim");
    assert_eq!(ends(&back), expected);
}
