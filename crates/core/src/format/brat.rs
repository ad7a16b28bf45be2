//! brat standoff: a `.txt` and an `.ann` file per document, written and read.
//!
//! ```text
//! 3f9c….txt   Лукашенко said 12,000 troops moved.
//! 3f9c….ann   T1→Actor 0 9→Лукашенко
//!             T2→Figure 15 28→12,000 troops
//!             #1→AnnotatorNotes T2→as reported by BelTA
//! annotation.conf, visual.conf   the labels, and their colours   (→ is a tab)
//! ```
//!
//! brat reads the text with universal newlines, so `\r\n` and a lone `\r` are one
//! `\n` to it and its offsets count code points of that text. factmark therefore
//! writes a CRLF document as LF text with every offset after a CRLF moved back by
//! one, and when reading maps the offsets onto the `.txt` file as it is: a `.txt`
//! with CRLF keeps them, and its annotations land on the same characters.
//!
//! A span that crosses a line break is written as brat's discontinuous fragments
//! (`T3→Claim 0 12;13 20→…`), one per line, and read back as one span. Type
//! names cannot hold white space, so a label that does is written with `_` instead
//! (and reported). Notes are `AnnotatorNotes`; line breaks in a note become spaces
//! (reported).
//!
//! Relations are `R` lines (`R1→said_by Arg1:T2 Arg2:T1`, `Arg1` the `from` end; a
//! relation between documents cannot be written, and is reported), with their notes;
//! attributes are `A` lines (`A1→quote T2 direct`; a yes is a binary `A1→Negation T2`,
//! a no is left out and reported), a Wikidata id an `N` line
//! (`N1→Reference T3 Wikidata:Q7747→Putin`); `annotation.conf` declares them all. Read
//! back, `A` and `M` lines become fields of their span's label (a choice among the
//! values seen, or yes/no), `N` lines to Wikidata a `wikidata` field. Events,
//! equivalences and other normalisations are counted and not read.

use super::labelled_text::{Builder, LabelledText, RelationIn, SpanIn, documents_with_spans};
use super::native::NativeFile;
use super::{Fate, Location, Notice, Output, Problem, ReadError, Reading, Written};
use crate::attribute::{FieldKind, Value, is_wikidata_item};
use crate::offsets;
use crate::{Annotation, AnnotationId};
use std::collections::HashMap;

/// `text` as brat reads it (universal newlines), and the code point offsets, in the
/// result, of each line break that was a CRLF.
fn universal_newlines(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut merged = Vec::new();
    let mut chars = text.chars().peekable();
    let mut cp = 0;
    while let Some(ch) = chars.next() {
        if ch == '\r' {
            if chars.next_if_eq(&'\n').is_some() {
                merged.push(cp);
            }
            out.push('\n');
        } else {
            out.push(ch);
        }
        cp += 1;
    }
    (out, merged)
}

/// An offset of the original text as an offset of its universal-newline text.
fn to_brat(merged: &[usize], offset: usize) -> usize {
    // The i-th merged line break sits at i + its brat offset in the original.
    offset
        - merged
            .iter()
            .enumerate()
            .take_while(|(i, at)| **at + i < offset)
            .count()
}

/// An offset of the universal-newline text as an offset of the original.
fn from_brat(merged: &[usize], offset: usize) -> usize {
    offset + merged.partition_point(|&at| at < offset)
}

/// brat's name for `label`: white space becomes `_`.
fn type_name(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

/// Writes `<document id>.txt` and `.ann` for each document, and the label set as
/// `annotation.conf` and `visual.conf`.
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let mut files = Vec::new();
    let mut notices = Vec::new();
    for label in file.labels.iter() {
        if type_name(&label.name) != label.name {
            notices.push(Notice {
                document: None,
                annotation: None,
                message: format!(
                    "label `{}` is written as brat type `{}`: brat types cannot hold white space",
                    label.name,
                    type_name(&label.name)
                ),
                other: None,
            });
        }
    }
    let documents = documents_with_spans(file)?;
    let annotations: HashMap<&AnnotationId, &Annotation> =
        file.annotations.iter().map(|a| (&a.id, a)).collect();
    let (relations_of, across) = super::relations_by_document(file, &annotations, "brat");
    notices.extend(across);
    let parts = super::par_map(&documents, |doc| {
        let mut notices = Vec::new();
        // Each span written, by annotation id: its `T` number.
        let mut written: HashMap<&AnnotationId, usize> = HashMap::new();
        let mut attribute_n = 0;
        let mut normal_n = 0;
        let (text, merged) = universal_newlines(doc.text);
        let chars: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        let slice = |s: usize, e: usize| &text[chars[s]..chars[e]];
        let mut ann = String::new();
        let mut t = 0;
        let mut note_n = 0;
        for span in &doc.spans {
            let (start, end) = (to_brat(&merged, span.start), to_brat(&merged, span.end));
            if from_brat(&merged, start) != span.start || from_brat(&merged, end) != span.end {
                notices.push(Notice::left_out(
                    &doc.document.id,
                    span.id,
                    "brat",
                    "it starts or ends between the \\r and \\n of a line break, which brat reads as one character",
                ));
                continue;
            }
            let mut fragments = Vec::new();
            let mut at = start;
            for (i, ch) in slice(start, end).chars().enumerate() {
                if ch == '\n' {
                    if at < start + i {
                        fragments.push((at, start + i));
                    }
                    at = start + i + 1;
                }
            }
            if at < end {
                fragments.push((at, end));
            }
            if fragments.is_empty() {
                notices.push(Notice::left_out(
                    &doc.document.id,
                    span.id,
                    "brat",
                    "it holds only line breaks, which brat cannot show",
                ));
                continue;
            }
            if fragments[0].0 != start || fragments[fragments.len() - 1].1 != end {
                notices.push(Notice::left_out(
                    &doc.document.id,
                    span.id,
                    "brat",
                    "it starts or ends with a line break, which brat's fragments leave out",
                ));
                continue;
            }
            t += 1;
            let places: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
            let quotes: Vec<&str> = fragments.iter().map(|&(s, e)| slice(s, e)).collect();
            ann.push_str(&format!(
                "T{t}\t{} {}\t{}\n",
                type_name(span.label),
                places.join(";"),
                quotes.join(" ")
            ));
            written.insert(span.id, t);
            let annotation = annotations[span.id];
            for (name, value) in &annotation.attributes {
                let kind = file
                    .labels
                    .get(span.label)
                    .and_then(|l| l.fields.iter().find(|f| &f.name == name))
                    .map(|f| f.kind);
                let mut left_out = |why: &str| {
                    notices.push(Notice::left_out(
                        &doc.document.id,
                        span.id,
                        "brat",
                        format!("its attribute {name}: {} is not written: {why}", value.display()),
                    ))
                };
                match (kind, value) {
                    (Some(FieldKind::Wikidata), Value::Text(item)) => {
                        normal_n += 1;
                        ann.push_str(&format!(
                            "N{normal_n}\tReference T{t} Wikidata:{item}\t{}\n",
                            quotes.join(" ")
                        ));
                    }
                    (_, Value::Bool(true)) => {
                        attribute_n += 1;
                        ann.push_str(&format!("A{attribute_n}\t{} T{t}\n", type_name(name)));
                    }
                    (_, Value::Bool(false)) => left_out("a brat binary attribute is there (yes) or not"),
                    (_, value) => {
                        let plain = value.to_plain();
                        if plain.split_whitespace().count() != 1 || plain.trim() != plain {
                            left_out("a brat attribute value is one word");
                            continue;
                        }
                        attribute_n += 1;
                        ann.push_str(&format!("A{attribute_n}\t{} T{t} {plain}\n", type_name(name)));
                    }
                }
            }
            if !span.note.is_empty() {
                note_n += 1;
                let note: String = span
                    .note
                    .chars()
                    .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
                    .collect();
                if note != span.note {
                    notices.push(Notice {
                        document: Some(doc.document.id.clone()),
                        annotation: Some(span.id.clone()),
                        message: "its note's line breaks became spaces: a brat note is one line".to_owned(),
                        other: None,
                    });
                }
                ann.push_str(&format!("#{note_n}\tAnnotatorNotes T{t}\t{note}\n"));
            }
        }
        let mut relation_n = 0;
        for relation in relations_of.get(&doc.document.id).into_iter().flatten() {
            let (Some(from), Some(to)) = (written.get(&relation.from), written.get(&relation.to)) else {
                notices.push(super::relation_left_out(
                    Some(&doc.document.id),
                    relation,
                    "brat",
                    "an end of it is not in the file",
                ));
                continue;
            };
            relation_n += 1;
            ann.push_str(&format!(
                "R{relation_n}\t{} Arg1:T{from} Arg2:T{to}\n",
                type_name(&relation.kind)
            ));
            if !relation.note.is_empty() {
                note_n += 1;
                let note = relation.note.replace(['\n', '\r'], " ");
                ann.push_str(&format!("#{note_n}\tAnnotatorNotes R{relation_n}\t{note}\n"));
            }
        }
        let files = [
            (format!("{}.txt", doc.document.id), text.into_bytes()),
            (format!("{}.ann", doc.document.id), ann.into_bytes()),
        ];
        (files, notices)
    });
    let (pairs, left_out) = super::gather(parts);
    files.extend(pairs.into_iter().flatten());
    notices.extend(left_out);
    let mut entities = String::from("[entities]\n");
    let mut visual = String::from("[labels]\n");
    let mut drawing = String::from("[drawing]\n");
    for label in file.labels.iter() {
        let name = type_name(&label.name);
        entities.push_str(&format!("{name}\n"));
        visual.push_str(&format!("{name} | {}\n", label.name.replace('|', "/")));
        drawing.push_str(&format!("{name}\tbgColor:{}\n", label.color));
    }
    entities.push_str("[relations]\n");
    let ends = |labels: &[String]| match labels {
        [] => "<ENTITY>".to_owned(),
        _ => labels.iter().map(|l| type_name(l)).collect::<Vec<_>>().join("|"),
    };
    for kind in file.relation_types.iter() {
        entities.push_str(&format!(
            "{}\tArg1:{}, Arg2:{}{}\n",
            type_name(&kind.name),
            ends(&kind.from),
            ends(&kind.to),
            if kind.symmetric {
                ", <REL-TYPE>:symmetric"
            } else {
                ""
            }
        ));
        drawing.push_str(&format!("{}\tcolor:{}\n", type_name(&kind.name), kind.color));
    }
    entities.push_str("[events]\n[attributes]\n");
    for label in file.labels.iter() {
        for field in label.fields.iter().filter(|f| f.kind != FieldKind::Wikidata) {
            let values: Vec<String> = match field.kind {
                FieldKind::YesNo => Vec::new(),
                _ => {
                    let mut seen: Vec<String> = field.options.iter().map(|o| type_name(o)).collect();
                    for a in file.annotations.iter().filter(|a| a.label == label.name) {
                        if let Some(v) = a.attributes.get(&field.name).map(Value::to_plain)
                            && !seen.contains(&v)
                            && v.split_whitespace().count() == 1
                        {
                            seen.push(v);
                        }
                    }
                    seen
                }
            };
            entities.push_str(&format!(
                "{}\tArg:{}",
                type_name(&field.name),
                type_name(&label.name)
            ));
            if !values.is_empty() {
                entities.push_str(&format!(", Value:{}", values.join("|")));
            }
            entities.push('\n');
        }
    }
    files.push(("annotation.conf".to_owned(), entities.into_bytes()));
    files.push((
        "visual.conf".to_owned(),
        format!("{visual}{drawing}").into_bytes(),
    ));
    Ok(Written {
        output: Output::Files(files),
        notices,
    })
}

/// What brat line kinds hold that factmark does not, by their first character: the
/// name of one and of several, and why it is not read.
const NOT_HELD: [(char, (&str, &str), &str); 3] = [
    (
        'E',
        ("brat event (E line)", "brat events (E lines)"),
        "factmark does not hold events yet (their trigger spans are read)",
    ),
    (
        'N',
        (
            "brat normalisation (N line) to a database other than Wikidata",
            "brat normalisations (N lines) to databases other than Wikidata",
        ),
        "factmark holds Wikidata ids only",
    ),
    (
        '*',
        ("brat equivalence (* line)", "brat equivalences (* lines)"),
        "factmark does not hold equivalences between spans yet",
    ),
];

/// A text-bound (`T`) line as read: its type and fragments, code points of the
/// universal-newline text.
struct TextBound {
    kind: String,
    fragments: Vec<(usize, usize)>,
}

/// Reads one document: its `.txt` file's text, its `.ann` file's annotations, and a
/// title (the file name without its extension). Problems name the `.ann` line.
///
/// Text-bound annotations become spans, with their `AnnotatorNotes` as notes. One in
/// fragments is one span when only line breaks lie between its fragments (as brat
/// writes a span across lines, and as factmark does); one with other text between them
/// is left out, never widened over that text. Relations, events, attributes,
/// normalisations, equivalences, notes on those and comments are counted in the
/// reading's [`Unread`](super::Unread) notices.
pub fn read(title: &str, txt: &str, ann: &str) -> Result<Reading, ReadError> {
    let (text, merged) = universal_newlines(txt);
    let len = offsets::cp_len(&text);
    let chars: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect();
    let slice = |s: usize, e: usize| &text[chars[s]..chars[e]];
    let mut builder = Builder::new(("brat file", "brat files"));
    let mut spans: Vec<(String, TextBound)> = Vec::new();
    let mut notes: HashMap<String, Vec<String>> = HashMap::new();
    let mut relations: Vec<(String, RelationIn)> = Vec::new();
    let mut attributes: HashMap<String, Vec<(String, Value)>> = HashMap::new();
    let mut other_attributes = 0;
    let mut other_notes = 0;
    let mut comments = 0;
    for (index, line) in ann.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let at = Location::LineColumn {
            line: index + 1,
            column: 1,
        };
        let mut fields = line.splitn(3, '\t');
        let (id, body, rest) = (fields.next().unwrap_or_default(), fields.next(), fields.next());
        if id.starts_with('T') {
            let parsed = body
                .ok_or("a text-bound annotation needs a type and offsets after a tab".to_owned())
                .and_then(|body| {
                    let (kind, places) = body.split_once(' ').ok_or(format!("`{body}` has no offsets"))?;
                    let mut fragments = Vec::new();
                    for place in places.split(';') {
                        let numbers: Vec<&str> = place.split_whitespace().collect();
                        let [s, e] = numbers[..] else {
                            return Err(format!("`{place}` is not a start and an end offset"));
                        };
                        let (Ok(s), Ok(e)) = (s.parse::<usize>(), e.parse::<usize>()) else {
                            return Err(format!("`{place}` is not a start and an end offset"));
                        };
                        if s > e || e > len {
                            return Err(format!("offsets {s}–{e} do not fit the text ({len} characters)"));
                        }
                        fragments.push((s, e));
                    }
                    let quote: Vec<&str> = fragments.iter().map(|&(s, e)| slice(s, e)).collect();
                    let quote = quote.join(" ");
                    if let Some(given) = rest
                        && given != quote
                    {
                        return Err(format!(
                            "its text {given:?} is not the text at its offsets, {quote:?}"
                        ));
                    }
                    Ok(TextBound {
                        kind: kind.to_owned(),
                        fragments,
                    })
                });
            match parsed {
                Ok(bound) => spans.push((id.to_owned(), bound)),
                Err(message) => builder.problem(Problem::new(at, format!("{id}: {message}"))),
            }
        } else if id.starts_with('#') {
            // `#1→AnnotatorNotes T2→text`; other note types (`#1→Lemma T1→…`, as the
            // Turku treebank has) are kept in the note too, after their type.
            let (kind, target) = body.and_then(|b| b.split_once(' ')).unwrap_or(("", ""));
            let target = target.trim();
            let value = rest.unwrap_or_default().trim_start();
            if target.starts_with('T') || target.starts_with('R') {
                let note = if kind == "AnnotatorNotes" {
                    value.to_owned()
                } else {
                    format!("{kind}: {value}")
                };
                notes.entry(target.to_owned()).or_default().push(note);
            } else if target.is_empty() {
                comments += 1;
            } else {
                other_notes += 1;
            }
        } else if id.starts_with('R') {
            // `R1→said_by Arg1:T2 Arg2:T1`: the first argument is the `from` end.
            let args: Vec<&str> = body.unwrap_or_default().split_whitespace().collect();
            let end = |arg: Option<&&str>| arg.and_then(|a| a.split_once(':')).map(|(_, t)| t.to_owned());
            match (args.first(), end(args.get(1)), end(args.get(2)), args.len()) {
                (Some(kind), Some(from), Some(to), 3) => relations.push((
                    id.to_owned(),
                    RelationIn {
                        kind: (*kind).to_owned(),
                        from,
                        to,
                        note: String::new(),
                    },
                )),
                _ => builder.problem(Problem::new(
                    at,
                    format!("{id}: a relation is its type and two arguments, as `said_by Arg1:T1 Arg2:T2`"),
                )),
            }
        } else if id.starts_with('A') || id.starts_with('M') {
            // `A1→Negation T1` (binary: yes) or `A2→Confidence T1 High`.
            let parts: Vec<&str> = body.unwrap_or_default().split_whitespace().collect();
            match parts[..] {
                [name, target, ..] if parts.len() <= 3 && target.starts_with('T') => {
                    let value = parts.get(2).map_or(Value::Bool(true), |v| Value::Text((*v).to_owned()));
                    attributes.entry(target.to_owned()).or_default().push((name.to_owned(), value));
                }
                [_, _] | [_, _, _] => other_attributes += 1,
                _ => builder.problem(Problem::new(
                    at,
                    format!("{id}: an attribute is its name, its annotation and perhaps a value, as `Confidence T1 High`"),
                )),
            }
        } else if let Some((target, item)) = body
            .and_then(|b| b.split_once(' '))
            .and_then(|(_, rest)| rest.split_once(' '))
            .and_then(|(target, reference)| Some((target, reference.trim().strip_prefix("Wikidata:")?)))
            .filter(|(target, item)| id.starts_with('N') && target.starts_with('T') && is_wikidata_item(item))
        {
            // `N1→Reference T1 Wikidata:Q7747→Vladimir Putin`: the span's Wikidata id.
            attributes
                .entry(target.to_owned())
                .or_default()
                .push(("wikidata".to_owned(), Value::Text(item.to_owned())));
        } else if let Some((_, what, why)) = NOT_HELD.iter().find(|(c, ..)| id.starts_with(*c)) {
            builder.unread(1, *what, Fate::NotRead, why);
        } else if !line.trim().is_empty() {
            builder.problem(Problem::new(
                at,
                format!("`{line}` is not a brat annotation line"),
            ));
        }
    }
    for (id, relation) in &mut relations {
        relation.note = notes.remove(id.as_str()).unwrap_or_default().join("\n");
    }
    let mut read = Vec::with_capacity(spans.len());
    let mut gapped = 0;
    for (id, TextBound { kind, fragments }) in spans {
        let only_line_breaks = fragments
            .windows(2)
            .all(|pair| pair[0].1 <= pair[1].0 && slice(pair[0].1, pair[1].0).chars().all(|c| c == '\n'));
        if !only_line_breaks {
            // Its notes are left out with it.
            notes.remove(&id);
            gapped += 1;
            continue;
        }
        let start = fragments.iter().map(|f| f.0).min().unwrap_or(0);
        let end = fragments.iter().map(|f| f.1).max().unwrap_or(0);
        let (start, end) = (from_brat(&merged, start) as u64, from_brat(&merged, end) as u64);
        let note = notes.remove(&id).unwrap_or_default().join("\n");
        let attributes = attributes.remove(&id).unwrap_or_default();
        read.push(SpanIn {
            attributes,
            ..SpanIn::new(start, end, kind).with_note(note).with_key(id)
        });
    }
    builder.unread(
        gapped,
        (
            "discontinuous brat span (fragments with text between them)",
            "discontinuous brat spans (fragments with text between them)",
        ),
        Fate::NotRead,
        "a factmark span is one stretch of text, and joining the fragments would take in text that was not marked",
    );
    // Notes on spans that were not read go with them; on spans that are not in the
    // file, they are counted with the notes on other things. So do attributes.
    other_notes += notes.values().map(Vec::len).sum::<usize>();
    other_attributes += attributes.values().map(Vec::len).sum::<usize>();
    builder.unread(
        other_attributes,
        (
            "brat attribute (A or M line) on a relation, event or missing span",
            "brat attributes (A and M lines) on relations, events or missing spans",
        ),
        Fate::NotRead,
        "factmark holds attributes on spans only",
    );
    builder.unread(
        other_notes,
        (
            "brat note on a relation, event, attribute or missing span",
            "brat notes on relations, events, attributes or missing spans",
        ),
        Fate::NotRead,
        "factmark holds notes on spans only",
    );
    builder.unread(
        comments,
        (
            "brat note on no annotation (# line)",
            "brat notes on no annotation (# lines)",
        ),
        Fate::NotRead,
        "factmark holds notes on spans only",
    );
    builder.add(
        &Location::File,
        LabelledText {
            title: Some(title.to_owned()),
            relations: relations.into_iter().map(|(_, r)| r).collect(),
            ..LabelledText::new(txt.to_owned(), read)
        },
    );
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::spacy_jsonl;

    #[test]
    fn crlf_offsets_move_to_lf_and_back() {
        let original = "a\r\nбб\r\n\r\nc\rd";
        let (lf, merged) = universal_newlines(original);
        assert_eq!(lf, "a\nбб\n\nc\nd");
        assert_eq!(merged, [1, 4, 5]);
        let originals: Vec<char> = original.chars().collect();
        let lfs: Vec<char> = lf.chars().collect();
        for (o, ch) in originals.iter().enumerate() {
            if *ch != '\n' || originals.get(o.wrapping_sub(1)) != Some(&'\r') {
                let b = to_brat(&merged, o);
                assert_eq!(from_brat(&merged, b), o, "offset {o}");
                if *ch != '\r' {
                    assert_eq!(lfs[b], *ch);
                }
            }
        }
        assert_eq!(to_brat(&merged, originals.len()), lfs.len());
    }

    fn files(written: &Written) -> HashMap<&str, &str> {
        let Output::Files(files) = &written.output else {
            panic!("brat is a folder")
        };
        files
            .iter()
            .map(|(name, bytes)| (name.as_str(), std::str::from_utf8(bytes).unwrap()))
            .collect()
    }

    #[test]
    fn writes_lf_text_fragments_and_notes_and_reads_them_back() {
        let text = "Минск 🇧🇾\r\nsaid: troops\r\nmoved";
        let line = serde_json::json!({"text": text, "spans": [
            {"start": 6, "end": 8, "label": "Actor", "note": "flag\nof Belarus"},
            {"start": 16, "end": 29, "label": "Big Claim"},
        ]});
        let file = spacy_jsonl::read(&line.to_string()).unwrap().file;
        let written = write(&file).unwrap();
        let id = &file.documents[0].id;
        let out = files(&written);
        assert_eq!(out[format!("{id}.txt").as_str()], "Минск 🇧🇾\nsaid: troops\nmoved");
        assert_eq!(
            out[format!("{id}.ann").as_str()],
            "T1\tActor 6 8\t🇧🇾\n#1\tAnnotatorNotes T1\tflag of Belarus\nT2\tBig_Claim 15 21;22 27\ttroops moved\n"
        );
        assert!(out["annotation.conf"].starts_with("[entities]\nActor\nBig_Claim\n"));
        let notices: Vec<String> = written.notices.iter().map(ToString::to_string).collect();
        assert_eq!(notices.len(), 2, "{notices:?}");
        // Read back against the LF text brat has, and against the original CRLF text.
        for txt in [out[format!("{id}.txt").as_str()], text] {
            let back = read("x", txt, out[format!("{id}.ann").as_str()]).unwrap().file;
            let spans: Vec<(usize, usize, &str)> = back
                .annotations
                .iter()
                .map(|a| (a.span().start(), a.span().end(), a.anchor.quote()))
                .collect();
            if txt == text {
                assert_eq!(spans, [(6, 8, "🇧🇾"), (16, 29, "troops\r\nmoved")]);
            } else {
                assert_eq!(spans, [(6, 8, "🇧🇾"), (15, 27, "troops\nmoved")]);
            }
            assert_eq!(back.annotations[0].note, "flag of Belarus");
            assert_eq!(back.documents[0].text.as_deref(), Some(txt));
        }
    }

    /// Issue 16: relations as `R` lines, attributes as `A` lines, a Wikidata id as an
    /// `N` line, all declared in annotation.conf, and read back; what brat cannot hold
    /// (a relation between documents, a yes/no that is no, a value of several words)
    /// is named, by id.
    #[test]
    fn item_16_relations_and_attributes_are_written_and_read_back() {
        let golden = include_str!("../../tests/golden/native-v2.json");
        let file = crate::format::native::read(golden).unwrap();
        let written = crate::format::Format::Brat.write(&file).unwrap();
        let out = files(&written);
        let ann: Vec<&str> = out
            .iter()
            .filter(|(name, _)| name.ends_with(".ann"))
            .flat_map(|(_, text)| text.lines())
            .filter(|l| !l.starts_with('T'))
            .collect();
        let mut ann = ann;
        ann.sort();
        assert_eq!(
            ann,
            [
                "#1\tAnnotatorNotes T5\t12 000 — «по данным Hajun»",
                "A1\tcheck-worthy T2 check-worthy",
                "A2\tquote T2 indirect",
                "A3\tcount T3 12.5",
                "N1\tReference T1 Wikidata:Q7747\tЛукашенко",
                "R1\tsaid_by Arg1:T2 Arg2:T1",
                "R2\tsupports Arg1:T5 Arg2:T2",
            ]
        );
        let conf = out["annotation.conf"];
        assert!(
            conf.contains("[relations]\nsaid_by\tArg1:Claim, Arg2:Actor\n"),
            "{conf}"
        );
        assert!(
            conf.contains("same_claim\tArg1:Claim, Arg2:Claim, <REL-TYPE>:symmetric\n"),
            "{conf}"
        );
        assert!(
            conf.contains("quote\tArg:Claim, Value:direct|indirect|mixed\n"),
            "{conf}"
        );
        assert!(conf.contains("named\tArg:Источник\n"), "{conf}");
        let notices: Vec<String> = written.notices.iter().map(ToString::to_string).collect();
        let about = |needle: &str| notices.iter().filter(|n| n.contains(needle)).count();
        assert_eq!(about("`r3`"), 1, "{notices:?}");
        assert_eq!(about("brat links spans of one document only"), 1, "{notices:?}");
        assert_eq!(about("verdict"), 1, "{notices:?}");
        assert_eq!(about("named: no"), 1, "{notices:?}");
        // Read back: the relations and attributes brat holds.
        let doc = file
            .documents
            .iter()
            .find(|d| d.id == file.annotations[0].document)
            .unwrap();
        let txt = out[format!("{}.txt", doc.id).as_str()];
        let back = read("x", txt, out[format!("{}.ann", doc.id).as_str()])
            .unwrap()
            .file;
        let kinds: Vec<&str> = back.relations.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["said_by", "supports"]);
        let claim = back.annotations.iter().find(|a| a.label == "Claim").unwrap();
        assert_eq!(claim.attributes.len(), 2);
        let actor = back
            .annotations
            .iter()
            .find(|a| a.label == "Actor" && !a.attributes.is_empty())
            .unwrap();
        assert_eq!(actor.attributes["wikidata"], Value::Text("Q7747".into()));
        let actor_label = back.labels.get("Actor").unwrap();
        assert_eq!(actor_label.fields[0].kind, FieldKind::Wikidata);
    }

    #[test]
    fn problems_name_the_ann_line() {
        let err = read("x", "Минск", "T1\tActor 0 5\tМинск\nT2\tActor 0 9\tМинск\nT3\tActor 0 2\tМы\ngarbage\nR1\tRel Arg1:T1 Arg2:T2\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "line 2, column 1: T2: offsets 0–9 do not fit the text (5 characters)\n\
             line 3, column 1: T3: its text \"Мы\" is not the text at its offsets, \"Ми\"\n\
             line 4, column 1: `garbage` is not a brat annotation line"
        );
    }
}
