//! WebAnno TSV 3 (3.3), INCEpTION's exchange format for span layers: written and read.
//!
//! ```text
//! #FORMAT=WebAnno TSV 3.3
//! #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value
//!
//!
//! #Text=Лукашенко said 12,000 troops moved .
//! 1-1→0-9→Лукашенко→*→Actor→
//! 1-2→10-14→said→_→_→
//! 1-3→15-21→12,000→*[1]→Figure[1]→
//! 1-4→22-28→troops→*[1]→Figure[1]→
//! ```
//!
//! One block per sentence: its text (`#Text=`, a line per line of it), then a row per
//! token — sentence and token number, begin and end, the token, and a column per
//! feature of each layer the header declares (`→` is a tab). A span over several
//! tokens, or stacked with another on a token, carries an id in brackets; `_` is no
//! annotation, `*` one without a value. **Offsets are UTF-16 units**, as in Java,
//! which INCEpTION is written in: an emoji counts two; factmark converts them.
//!
//! factmark writes its spans as INCEpTION's built-in named-entity layer (the label is
//! the `value`), which any INCEpTION project can import; a span that is not on token
//! boundaries is left out and reported, and so is a note (the layer has none). Each
//! sentence's `#Text` runs to the next sentence, its trailing white space and line
//! breaks included, so the document reads back exactly.
//!
//! Reading takes every span layer (the `value` feature, or the only one, is the label;
//! other features' values are the note), sub-token and cross-sentence spans included.
//! Counted, not read: relations (`T_RL`), chains (`T_CH`), slot features, zero-width
//! annotations, and token-level layers (part of speech, lemma, morphology). The text
//! is the sentences at their offsets; what lies between them, which the file does not
//! hold, is filled with spaces, and the notice says so.

use super::labelled_text::{Builder, DocumentOut, LabelledText, SpanIn, documents_with_spans};
use super::native::NativeFile;
use super::tokens;
use super::{Fate, Location, Notice, Output, Problem, ReadError, Reading, Written};
use crate::offsets;
use std::collections::BTreeMap;

/// The header's first line.
const FORMAT_LINE: &str = "#FORMAT=WebAnno TSV 3.3";
/// INCEpTION's named-entity layer and its features, as factmark writes it.
const NAMED_ENTITY: &str = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity";

/// `value` with TSV's special characters escaped.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '[' | ']' | '|' | '_' | ';' | '*' => {
                out.push('\\');
                out.push(c);
            }
            '-' if chars.peek() == Some(&'>') => out.push_str("\\-"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out
}

/// A sentence's line as `#Text=` holds it: only a backslash, a tab and a carriage
/// return are escaped there.
fn escape_text(line: &str) -> String {
    line.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\r', "\\r")
}

/// `value` with its escapes undone.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Writes every document as one TSV file, `<document id>.tsv` (INCEpTION imports one
/// document per file).
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let documents = documents_with_spans(file)?;
    let parts = super::par_map(&documents, |doc| {
        let mut notices = Vec::new();
        let out = write_document(doc, &mut notices);
        ((format!("{}.tsv", doc.document.id), out.into_bytes()), notices)
    });
    let (files, notices) = super::gather(parts);
    Ok(Written {
        output: Output::Files(files),
        notices,
    })
}

fn write_document(doc: &DocumentOut<'_>, notices: &mut Vec<Notice>) -> String {
    let words = tokens::words(doc.text);
    let chars = offsets::CharIndex::new(doc.text);
    // Each token's spans: (id when it needs one, label).
    let mut on_token: Vec<Vec<(Option<usize>, &str)>> = vec![Vec::new(); words.len()];
    let mut next_id = 0;
    for span in &doc.spans {
        match tokens::align(&words, span.span()) {
            Ok((first, last)) => {
                let id = (first != last).then(|| {
                    next_id += 1;
                    next_id
                });
                for spans in &mut on_token[first..=last] {
                    spans.push((id, span.label));
                }
            }
            Err(reason) => notices.push(Notice::left_out(&doc.document.id, span.id, "WebAnno TSV", reason)),
        }
        if !span.note.is_empty() {
            notices.push(Notice {
                document: Some(doc.document.id.clone()),
                annotation: Some(span.id.clone()),
                message:
                    "its note is left out of the WebAnno TSV file: INCEpTION's named-entity layer has no note"
                        .to_owned(),
                other: None,
            });
        }
    }
    // A single-token span stacked with another needs an id too.
    for spans in &mut on_token {
        if spans.len() > 1 {
            for (id, _) in spans.iter_mut() {
                if id.is_none() {
                    next_id += 1;
                    *id = Some(next_id);
                }
            }
        }
    }
    let utf16 = |cp: usize| {
        let byte = chars.byte(cp).expect("token offsets are in the text");
        offsets::utf16_len(&doc.text[..byte])
    };
    let mut out = format!("{FORMAT_LINE}\n#T_SP={NAMED_ENTITY}|identifier|value\n\n\n");
    let starts = super::conll::sentence_starts(doc.text, &words);
    let mut sentence = 0;
    let mut i = 0;
    while i < words.len() {
        // The tokens of this sentence: up to the next sentence start not inside a span.
        let mut j = i + 1;
        while j < words.len() {
            let starts_here = starts.binary_search(&words[j].start).is_ok();
            let inside = on_token[j]
                .iter()
                .any(|(id, _)| id.is_some() && on_token[j - 1].iter().any(|(p, _)| p == id));
            if starts_here && !inside {
                break;
            }
            j += 1;
        }
        sentence += 1;
        if sentence > 1 {
            out.push('\n');
        }
        // The sentence's text runs to the next sentence (its trailing white space and
        // line breaks included, and the text's leading white space in the first), so
        // the document reads back exactly.
        let from = if i == 0 { 0 } else { words[i].start };
        let to = words.get(j).map_or(chars.cp_len(), |next| next.start);
        let text = chars.slice(from, to).expect("tokens are in the text");
        for line in text.split('\n') {
            out.push_str("#Text=");
            out.push_str(&escape_text(line));
            out.push('\n');
        }
        let mut t = 0;
        for (k, word) in words.iter().enumerate().take(j).skip(i) {
            t += 1;
            let cell = |identifier: bool| {
                let spans = &on_token[k];
                if spans.is_empty() {
                    return "_".to_owned();
                }
                spans
                    .iter()
                    .map(|(id, label)| {
                        let value = if identifier { "*".to_owned() } else { escape(label) };
                        match id {
                            Some(id) => format!("{value}[{id}]"),
                            None => value,
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            };
            out.push_str(&format!(
                "{sentence}-{t}\t{}-{}\t{}\t{}\t{}\t\n",
                utf16(word.start),
                utf16(word.end),
                escape(word.text),
                cell(true),
                cell(false)
            ));
        }
        i = j;
    }
    out
}

/// One layer the header declares: its kind (`SP`, `RL`, `CH`), type and features.
struct Layer {
    kind: String,
    name: String,
    features: Vec<String>,
    /// Its first column among the token row's annotation columns.
    first: usize,
}

impl Layer {
    /// The columns it takes.
    fn width(&self) -> usize {
        self.features.len().max(1)
    }

    /// Whether it is a token-level linguistic layer (part of speech, lemma, …).
    fn is_token_level(&self) -> bool {
        [
            ".pos.POS",
            ".Lemma",
            ".MorphologicalFeatures",
            ".Stem",
            ".segmentation.type.",
        ]
        .iter()
        .any(|end| self.name.contains(end))
    }

    fn short_name(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or(&self.name)
    }
}

/// A span being read: its layer, first and last character (UTF-16), and its values.
struct Open {
    layer: usize,
    begin: usize,
    end: usize,
    values: Vec<String>,
}

/// Reads one WebAnno TSV 3 file: one document, named `title`.
pub fn read(title: &str, tsv: &str) -> Result<Reading, ReadError> {
    let mut builder = Builder::new(("WebAnno TSV file", "WebAnno TSV files"));
    let mut lines = tsv.lines().enumerate().peekable();
    match lines.peek() {
        Some((_, first))
            if first
                .trim_start_matches('\u{feff}')
                .starts_with("#FORMAT=WebAnno TSV 3") => {}
        _ => {
            return Err(ReadError::one(Problem::new(
                Location::LineColumn { line: 1, column: 1 },
                "this is not WebAnno TSV 3: it does not begin with #FORMAT=WebAnno TSV 3.x",
            )));
        }
    }
    let mut layers: Vec<Layer> = Vec::new();
    let mut columns = 0;
    // Sentences: (begin in UTF-16 of the document, text).
    let mut sentences: Vec<(Option<usize>, String)> = Vec::new();
    let mut text_lines: Vec<String> = Vec::new();
    let mut spans: BTreeMap<(usize, String), Open> = BTreeMap::new();
    let mut singles: Vec<Open> = Vec::new();
    let (mut relations, mut chains, mut slots, mut zero_width, mut token_level) = (0, 0, 0, 0, 0);
    for (index, raw) in lines {
        let line = raw.trim_end_matches('\r');
        let at = Location::LineColumn {
            line: index + 1,
            column: 1,
        };
        if let Some(rest) = line.strip_prefix("#T_") {
            let Some((kind, spec)) = rest.split_once('=') else {
                continue;
            };
            let mut items = spec.split('|');
            let name = items.next().unwrap_or_default().to_owned();
            let features: Vec<String> = items.map(str::to_owned).collect();
            let layer = Layer {
                kind: kind.to_owned(),
                name,
                features,
                first: columns,
            };
            columns += layer.width();
            layers.push(layer);
            continue;
        }
        if let Some(text) = line.strip_prefix("#Text=") {
            text_lines.push(unescape(text));
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        // A token row: the sentence's text is complete.
        if !text_lines.is_empty() {
            sentences.push((None, text_lines.join("\n")));
            text_lines.clear();
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let (Some(_), Some(place)) = (cells.first(), cells.get(1)) else {
            builder.problem(Problem::new(at, "a token row needs its number and its begin-end"));
            continue;
        };
        let offsets = place
            .split_once('-')
            .and_then(|(b, e)| Some((b.parse::<usize>().ok()?, e.parse::<usize>().ok()?)));
        let Some((begin, end)) = offsets else {
            builder.problem(Problem::new(
                at,
                format!("`{place}` is not a begin-end pair of offsets"),
            ));
            continue;
        };
        if let Some(sentence) = sentences.last_mut()
            && sentence.0.is_none()
        {
            sentence.0 = Some(begin);
        }
        let values = cells.get(3..).unwrap_or_default();
        for (l, layer) in layers.iter().enumerate() {
            let cell = |f: usize| values.get(layer.first + f).copied().unwrap_or("_");
            let first = cell(0);
            if first == "_" || first.is_empty() {
                continue;
            }
            let entries = first.split('|').filter(|e| *e != "_").count();
            match layer.kind.as_str() {
                "RL" => {
                    relations += entries;
                    continue;
                }
                "CH" => {
                    chains += entries;
                    continue;
                }
                _ => {}
            }
            if layer.is_token_level() {
                token_level += entries;
                continue;
            }
            // Stacked annotations: the n-th entry of every feature column is one.
            let per_feature: Vec<Vec<&str>> = (0..layer.width()).map(|f| split_stacked(cell(f))).collect();
            for n in 0..per_feature[0].len() {
                let mut values = Vec::new();
                let mut id = None;
                for (f, entries) in per_feature.iter().enumerate() {
                    let entry = entries.get(n).copied().unwrap_or("_");
                    let (value, entry_id) = split_id(entry);
                    id = id.or(entry_id);
                    // A slot feature is two columns: its roles, then their fillers.
                    let is_role = |f: usize| {
                        layer
                            .features
                            .get(f)
                            .is_some_and(|name| name.starts_with("ROLE_"))
                    };
                    if is_role(f) || (f > 0 && is_role(f - 1)) {
                        if is_role(f) && value != "_" && value != "*" {
                            slots += split_stacked(value).len().max(value.split(';').count());
                        }
                        values.push(String::new());
                        continue;
                    }
                    values.push(if value == "*" || value == "_" {
                        String::new()
                    } else {
                        unescape(value)
                    });
                }
                if begin == end {
                    zero_width += 1;
                    continue;
                }
                match id {
                    Some(id) => {
                        let open = spans.entry((l, id.to_owned())).or_insert(Open {
                            layer: l,
                            begin,
                            end,
                            values: values.clone(),
                        });
                        open.begin = open.begin.min(begin);
                        open.end = open.end.max(end);
                    }
                    None => singles.push(Open {
                        layer: l,
                        begin,
                        end,
                        values,
                    }),
                }
            }
        }
    }
    if !text_lines.is_empty() {
        sentences.push((None, text_lines.join("\n")));
    }
    // The document: each sentence at its offset; what lies between them is not in the
    // file, and is filled with spaces.
    let mut text = String::new();
    let mut at16 = 0;
    let mut filled = false;
    for (begin, sentence) in &sentences {
        let leading = offsets::utf16_len(&sentence[..sentence.len() - sentence.trim_start().len()]);
        let begin = begin.map_or(at16, |b| b.saturating_sub(leading)).max(at16);
        if begin > at16 {
            filled = true;
            text.extend(std::iter::repeat_n(' ', begin - at16));
        }
        text.push_str(sentence);
        at16 = begin + offsets::utf16_len(sentence);
    }
    let mut read = Vec::new();
    let mut bad = 0;
    for open in spans.into_values().chain(singles) {
        let layer = &layers[open.layer];
        let (Ok(start), Ok(end)) = (
            offsets::cp_of_utf16(&text, open.begin),
            offsets::cp_of_utf16(&text, open.end),
        ) else {
            bad += 1;
            continue;
        };
        let label_at = layer
            .features
            .iter()
            .position(|f| f == "value")
            .or_else(|| (layer.features.len() == 1).then_some(0))
            .or_else(|| open.values.iter().position(|v| !v.is_empty()));
        let label = label_at
            .and_then(|i| open.values.get(i))
            .filter(|v| !v.is_empty())
            .cloned()
            .unwrap_or_else(|| layer.short_name().to_owned());
        let note: Vec<String> = layer
            .features
            .iter()
            .zip(&open.values)
            .enumerate()
            .filter(|(i, (_, v))| Some(*i) != label_at && !v.is_empty())
            .map(|(_, (f, v))| format!("{f}: {v}"))
            .collect();
        read.push(SpanIn::new(start as u64, end as u64, label).with_note(note.join("\n")));
    }
    if bad > 0 {
        builder.problem(Problem::new(
            Location::File,
            format!("{bad} annotations have offsets that do not fit the sentences' text"),
        ));
    }
    let what = [
        (
            relations,
            ("INCEpTION relation (T_RL)", "INCEpTION relations (T_RL)"),
            "factmark does not hold relations between spans yet",
        ),
        (
            chains,
            ("INCEpTION chain link (T_CH)", "INCEpTION chain links (T_CH)"),
            "factmark does not hold chains (coreference) yet",
        ),
        (
            slots,
            ("INCEpTION slot feature filler", "INCEpTION slot feature fillers"),
            "factmark does not hold links between spans yet",
        ),
        (
            zero_width,
            (
                "zero-width INCEpTION annotation",
                "zero-width INCEpTION annotations",
            ),
            "a factmark span holds at least one character",
        ),
        (
            token_level,
            (
                "INCEpTION token-level annotation (part of speech, lemma, …)",
                "INCEpTION token-level annotations (part of speech, lemma, …)",
            ),
            "factmark holds spans of text, not per-token linguistic layers",
        ),
    ];
    for (count, names, why) in what {
        builder.unread(count, names, Fate::NotRead, why);
    }
    if filled {
        builder.unread(
            1,
            ("WebAnno TSV document", "WebAnno TSV documents"),
            Fate::Rebuilt,
            "the file holds its sentences, not what lies between them: that is filled with spaces, and offsets index that text",
        );
    }
    builder.add(
        &Location::File,
        LabelledText {
            title: Some(title.to_owned()),
            ..LabelledText::new(text, read)
        },
    );
    builder.finish()
}

/// The stacked entries of a cell (`a[1]|b[2]`), escapes kept.
fn split_stacked(cell: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    let bytes = cell.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'|' => {
                out.push(&cell[from..i]);
                from = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push(&cell[from..]);
    out
}

/// An entry's value and its id (`Actor[3]` → `Actor`, `3`), an escaped `\[` kept.
fn split_id(entry: &str) -> (&str, Option<&str>) {
    if let Some(open) = entry.rfind('[')
        && entry.ends_with(']')
        && !entry[..open].ends_with('\\')
        && entry[open + 1..entry.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '_')
        && open + 1 < entry.len() - 1
    {
        return (&entry[..open], Some(&entry[open + 1..entry.len() - 1]));
    }
    (entry, None)
}
