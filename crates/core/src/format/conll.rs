//! CoNLL-2003-style IOB2 text, for sequence labellers and seqeval: written, and read
//! back (with the other tag schemes and CoNLL-2002/2003 columns: see [`read`]).
//!
//! ```text
//! -DOCSTART- -X- -X- O
//!
//! Лукашенко _ _ B-Actor
//! said _ _ O
//! 12,000 _ _ B-Figure
//! troops _ _ I-Figure
//! . _ _ O
//!
//! ```
//!
//! Four columns separated by one space: the token, two `_` placeholders where
//! CoNLL-2003 has part-of-speech and chunk tags, and the IOB2 tag. Each document
//! starts with a `-DOCSTART-` line; a blank line ends each sentence (see
//! `sentence_starts`: a simple rule, never inside an entity). Tokens are [`super::tokens::words`].
//! A span that does not fall on token boundaries, or that overlaps a span already
//! written (IOB2 cannot say that two entities overlap), is left out and reported.

use super::labelled_text::Builder;
use super::labelled_text::{DocumentOut, documents_with_spans};
use super::native::NativeFile;
use super::tokens::{self, Token};
use super::{Fate, Location, Notice, Output, Problem, ReadError, Reading, Written, tagged};
use crate::offsets;

/// A token's IOB2 tag: outside, or the label and whether the entity begins here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag<'a> {
    /// Outside every entity.
    Outside,
    /// Inside an entity of this label; `true` for its first token.
    Entity(&'a str, bool),
}

impl std::fmt::Display for Tag<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tag::Outside => f.write_str("O"),
            Tag::Entity(label, true) => write!(f, "B-{label}"),
            Tag::Entity(label, false) => write!(f, "I-{label}"),
        }
    }
}

/// The IOB2 tags of `tokens` for `doc`'s spans; spans that cannot be tagged are
/// reported in `notices` as left out of `format`.
pub(crate) fn iob2_tags<'a>(
    doc: &DocumentOut<'a>,
    tokens: &[Token<'_>],
    format: &str,
    notices: &mut Vec<Notice>,
) -> Vec<Tag<'a>> {
    let mut aligned = Vec::new();
    for span in &doc.spans {
        match tokens::align(tokens, span.span()) {
            Ok(range) => aligned.push((span.span(), span.id, (range, span.label))),
            Err(reason) => notices.push(Notice::left_out(&doc.document.id, span.id, format, reason)),
        }
    }
    let (kept, overlapping) = tokens::without_overlaps(aligned);
    for (id, kept_id) in overlapping {
        notices.push(Notice::left_out_overlapping(
            &doc.document.id,
            id,
            kept_id,
            format,
            "IOB2 tags cannot express overlapping spans",
        ));
    }
    let mut tags = vec![Tag::Outside; tokens.len()];
    for (_, _, ((first, last), label)) in kept {
        for (i, tag) in tags.iter_mut().enumerate().take(last + 1).skip(first) {
            *tag = Tag::Entity(label, i == first);
        }
    }
    tags
}

/// Writes every document of `file`.
pub fn write(file: &NativeFile) -> Result<Written, String> {
    let documents = documents_with_spans(file)?;
    let parts = super::par_map(&documents, |doc| {
        let mut out = String::with_capacity(doc.text.len() * 2);
        let mut notices = Vec::new();
        let tokens = tokens::outside(tokens::words(doc.text), &doc.document.ignored);
        let tags = iob2_tags(doc, &tokens, "CoNLL", &mut notices);
        let sentence_starts = sentence_starts(doc.text, &tokens);
        let mut next_sentence = sentence_starts.iter().peekable();
        out.push_str("-DOCSTART- -X- -X- O\n\n");
        let mut in_sentence = false;
        for (token, tag) in tokens.iter().zip(&tags) {
            let mut starts_sentence = false;
            while next_sentence.next_if(|&&at| at <= token.start).is_some() {
                starts_sentence = true;
            }
            if starts_sentence && in_sentence && !matches!(tag, Tag::Entity(_, false)) {
                out.push('\n');
            }
            out.push_str(token.text);
            out.push_str(" _ _ ");
            out.push_str(&tag.to_string());
            out.push('\n');
            in_sentence = true;
        }
        if in_sentence {
            out.push('\n');
        }
        (out, notices)
    });
    let (parts, notices) = super::gather(parts);
    Ok(Written {
        output: Output::Text(parts.concat()),
        notices,
    })
}

/// The code point offsets where sentences start: after a token of `.`, `!`, `?`,
/// `…` or a line break, at a token that begins with an upper-case letter, a digit
/// or a quotation mark (and at the start of the text). A simple rule, kept simple on
/// purpose: a split it misses only makes a sentence longer, and a sentence is never
/// split inside an entity.
pub(crate) fn sentence_starts(text: &str, tokens: &[Token<'_>]) -> Vec<usize> {
    let mut starts = vec![0];
    let chars = offsets::CharIndex::new(text);
    for pair in tokens.windows(2) {
        let (before, next) = (&pair[0], &pair[1]);
        let ends = matches!(before.text, "." | "!" | "?" | "…" | "»" | "\"" | "”")
            || chars
                .slice(before.end, next.start)
                .is_some_and(|gap| gap.contains('\n'));
        let opens = next
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || matches!(c, '«' | '"' | '“' | '—'));
        if ends && opens {
            starts.push(next.start);
        }
    }
    starts
}

/// Reads CoNLL-style token-per-line files: CoNLL-2002/2003 columns (the token first,
/// the named-entity tag last, any columns between), GermEval 2014's numbered lines (a
/// token, then an outer and a nested tag column, both read, with `#` comments as
/// titles), IOB2, IOB1, BIOES, BILOU or IO tags
/// ([`super::tagged`]), `-DOCSTART-` lines between documents (without any, each
/// sentence is a document, as the CoNLL-2002 files and many datasets have it), blank
/// lines between sentences. The file holds tokens, not texts: each document's text is
/// rebuilt (tokens joined by one space, a line per sentence), which the reading's
/// notices say; give the original texts to put the spans back on them
/// ([`super::tokens::realign`]).
pub fn read(text: &str) -> Result<Reading, ReadError> {
    type Sentence = Vec<(String, Vec<String>)>;
    let mut builder = Builder::new(("CoNLL document", "CoNLL documents"));
    let with_docstart = text.lines().any(|l| l.starts_with("-DOCSTART-"));
    // GermEval 2014 and CoNLL-U number their tokens: `1→token→tag→nested tag`, with
    // `#` comment lines (the first of a sentence's is its title).
    let numbered = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("-DOCSTART-"))
        .is_some_and(|l| l.split_whitespace().next() == Some("1"));
    let mut document: Vec<Sentence> = Vec::new();
    let mut sentence: Sentence = Vec::new();
    let mut title: Option<String> = None;
    let mut started = 1;
    let mut rebuilt = 0;
    let mut finish_document =
        |document: &mut Vec<Sentence>, title: &mut Option<String>, started: usize, builder: &mut Builder| {
            if document.is_empty() {
                return;
            }
            let at = Location::LineColumn {
                line: started,
                column: 1,
            };
            match tagged::rebuild(document) {
                Ok(mut content) => {
                    content.title = title.take();
                    builder.add(&at, content);
                    rebuilt += 1;
                }
                Err(message) => builder.problem(Problem::new(at, message)),
            }
            document.clear();
        };
    for (index, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("-DOCSTART-") {
            if !sentence.is_empty() {
                document.push(std::mem::take(&mut sentence));
            }
            finish_document(&mut document, &mut title, started, &mut builder);
            started = index + 2;
            continue;
        }
        if numbered && line.starts_with('#') {
            if title.is_none() && document.is_empty() && sentence.is_empty() {
                let comment = line.trim_start_matches('#').trim();
                title = (!comment.is_empty()).then(|| comment.to_owned());
            }
            continue;
        }
        if line.trim().is_empty() {
            if !sentence.is_empty() {
                document.push(std::mem::take(&mut sentence));
                if !with_docstart {
                    finish_document(&mut document, &mut title, started, &mut builder);
                }
            }
            if document.is_empty() {
                started = index + 2;
            }
            continue;
        }
        let columns: Vec<&str> = line.split_whitespace().collect();
        let token = match (numbered, &columns[..]) {
            (true, [_, token, tags @ ..]) if !tags.is_empty() => {
                Some((token.to_string(), tags.iter().map(|t| t.to_string()).collect()))
            }
            (false, [token, .., tag]) => Some((token.to_string(), vec![tag.to_string()])),
            _ => None,
        };
        match token {
            Some(token) => sentence.push(token),
            None => builder.problem(Problem::new(
                Location::LineColumn {
                    line: index + 1,
                    column: 1,
                },
                format!("`{line}` has a token but no tag: a CoNLL line is the token, then its tag last"),
            )),
        }
    }
    if !sentence.is_empty() {
        document.push(sentence);
    }
    finish_document(&mut document, &mut title, started, &mut builder);
    builder.unread(
        rebuilt,
        ("CoNLL document", "CoNLL documents"),
        Fate::Rebuilt,
        "CoNLL holds tokens, not the text: each text is its tokens joined by spaces, a line per sentence, \
         and offsets index that text (give the original texts, and the spans go back on them)",
    );
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::native::NativeFile;
    use crate::format::spacy_jsonl;

    fn file(text: &str, spans: &[(u64, u64, &str)]) -> NativeFile {
        let spans: Vec<_> = spans
            .iter()
            .map(|(s, e, l)| serde_json::json!({"start": s, "end": e, "label": l}))
            .collect();
        spacy_jsonl::read(&serde_json::json!({"text": text, "spans": spans}).to_string())
            .unwrap()
            .file
    }

    fn text_of(written: &Written) -> &str {
        match &written.output {
            Output::Text(text) => text,
            _ => panic!("CoNLL is text"),
        }
    }

    #[test]
    fn writes_iob2_with_documents_and_sentences() {
        let text = "Лукашенко said 12,000 troops moved. Войска 🇧🇾 left.\r\n";
        let written = write(&file(
            text,
            &[(0, 9, "Actor"), (15, 28, "Figure"), (36, 45, "Actor")],
        ))
        .unwrap();
        assert_eq!(
            text_of(&written),
            "-DOCSTART- -X- -X- O\n\n\
             Лукашенко _ _ B-Actor\nsaid _ _ O\n12,000 _ _ B-Figure\ntroops _ _ I-Figure\nmoved _ _ O\n. _ _ O\n\n\
             Войска _ _ B-Actor\n🇧🇾 _ _ I-Actor\nleft _ _ O\n. _ _ O\n\n"
        );
        assert!(written.notices.is_empty());
    }

    #[test]
    fn never_breaks_a_sentence_inside_an_entity() {
        let written = write(&file("It said. Then it left.", &[(3, 13, "Claim")])).unwrap();
        assert!(text_of(&written).contains("said _ _ B-Claim\n. _ _ I-Claim\nThen _ _ I-Claim\n"));
    }

    #[test]
    fn reports_spans_it_cannot_write_by_id() {
        let written = write(&file(
            "the Belarusian troops",
            &[(6, 14, "Actor"), (4, 21, "Actor"), (15, 21, "Figure")],
        ))
        .unwrap();
        let notices: Vec<String> = written.notices.iter().map(ToString::to_string).collect();
        let id = &file("the Belarusian troops", &[]).documents[0].id;
        assert_eq!(
            notices,
            [
                format!(
                    "document `{id}`, annotation `{id}-6-14-Actor`: left out of the CoNLL file: it starts inside the token `Belarusian` (code points 4–14)"
                ),
                format!(
                    "document `{id}`, annotation `{id}-15-21-Figure`: left out of the CoNLL file: it overlaps annotation `{id}-4-21-Actor`, and IOB2 tags cannot express overlapping spans"
                ),
            ]
        );
        assert!(text_of(&written).contains("Belarusian _ _ B-Actor\ntroops _ _ I-Actor\n"));
    }

    /// Issue 14, item 8: for people, notices name the label, the quoted text and the
    /// document, not ids.
    #[test]
    fn item_8_notices_name_label_quote_and_document() {
        let mut input = file(
            "the Belarusian troops",
            &[(6, 14, "Actor"), (4, 21, "Actor"), (15, 21, "Figure")],
        );
        input.documents[0].title = "Войска 🇧🇾 у границы, а также другие новости дня".into();
        let written = write(&input).unwrap();
        assert_eq!(
            crate::format::describe_notices(&written.notices, &input),
            [
                "the Actor «larusian» in «Войска 🇧🇾 у границы, а также другие…»: left out of the CoNLL file: it starts inside the token `Belarusian` (code points 4–14)",
                "the Figure «troops» in «Войска 🇧🇾 у границы, а также другие…»: left out of the CoNLL file: it overlaps the Actor «Belarusian troops», and IOB2 tags cannot express overlapping spans",
            ]
        );
    }

    /// Issue 14, item 7: a Figure inside a Claim is left out of one tag sequence, and
    /// kept in layers — a file per label, each plain CoNLL.
    #[test]
    fn item_7_nested_spans_are_kept_in_a_layer_per_label() {
        let input = file(
            "Лукашенко said 12,000 troops moved.",
            &[(0, 35, "Claim"), (15, 28, "Figure"), (0, 9, "Actor")],
        );
        let flat = write(&input).unwrap();
        assert_eq!(
            flat.notices.len(),
            2,
            "IOB2 in one sequence loses the nested spans"
        );
        let layered = crate::format::Format::Conll.write_layers(&input).unwrap();
        assert!(layered.notices.is_empty(), "{:?}", layered.notices);
        let Output::Files(files) = layered.output else {
            panic!("layers are files")
        };
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let labels: Vec<&str> = input.labels.iter().map(|l| l.name.as_str()).collect();
        let expected: Vec<String> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{}-{l}.conll", i + 1))
            .collect();
        assert_eq!(names, expected);
        let layer = |label: &str| {
            let (_, bytes) = files
                .iter()
                .find(|(n, _)| n.ends_with(&format!("-{label}.conll")))
                .unwrap();
            String::from_utf8(bytes.clone()).unwrap()
        };
        assert!(layer("Figure").contains("12,000 _ _ B-Figure\ntroops _ _ I-Figure\nmoved _ _ O\n"));
        assert!(layer("Claim").contains("Лукашенко _ _ B-Claim\nsaid _ _ I-Claim\n"));
        assert!(layer("Actor").contains("Лукашенко _ _ B-Actor\nsaid _ _ O\n"));
        assert!(crate::format::Format::Csv.write_layers(&input).is_err());
    }
}
