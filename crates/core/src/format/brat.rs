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
//! (reported). Relations, events, attributes and normalisations are not read.

use super::labelled_text::{Builder, LabelledText, SpanIn, documents_with_spans};
use super::native::NativeFile;
use super::{Fate, Location, Notice, Output, Problem, ReadError, Reading, Written};
use crate::offsets;
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
    let parts = super::par_map(&documents, |doc| {
        let mut notices = Vec::new();
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
    entities.push_str("[relations]\n[events]\n[attributes]\n");
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
const NOT_HELD: [(char, (&str, &str), &str); 6] = [
    (
        'R',
        ("brat relation (R line)", "brat relations (R lines)"),
        "factmark does not hold relations between spans yet",
    ),
    (
        'E',
        ("brat event (E line)", "brat events (E lines)"),
        "factmark does not hold events yet (their trigger spans are read)",
    ),
    (
        'A',
        ("brat attribute (A or M line)", "brat attributes (A and M lines)"),
        "factmark does not hold attributes on spans yet",
    ),
    (
        'M',
        ("brat attribute (A or M line)", "brat attributes (A and M lines)"),
        "factmark does not hold attributes on spans yet",
    ),
    (
        'N',
        ("brat normalisation (N line)", "brat normalisations (N lines)"),
        "factmark does not hold links to knowledge bases yet",
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
            if target.starts_with('T') {
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
        } else if let Some((_, what, why)) = NOT_HELD.iter().find(|(c, ..)| id.starts_with(*c)) {
            builder.unread(1, *what, Fate::NotRead, why);
        } else if !line.trim().is_empty() {
            builder.problem(Problem::new(
                at,
                format!("`{line}` is not a brat annotation line"),
            ));
        }
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
        read.push(SpanIn::new(start, end, kind).with_note(note));
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
    // file, they are counted with the notes on other things.
    other_notes += notes.values().map(Vec::len).sum::<usize>();
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
