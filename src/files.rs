//! Opening files the user chooses or drops: each is read, checked and turned into
//! what it holds — documents to add, or a factmark or W3C Web Annotation file to
//! preview before merging —
//! or into a problem that names the file and what is wrong. Nothing here changes
//! the project; the caller dispatches what comes back.

use crate::formats;
use factmark_core::format::native::{self, NativeFile};
use factmark_core::format::{Format, csv, plain};
use factmark_core::format::{ReadError, decode_utf8};
use factmark_core::{Document, Project, import};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The largest file factmark opens: far beyond any article, small enough that
/// reading it never stalls the tab.
pub const MAX_FILE_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// What one file turned out to hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// Documents to add to the library (text, Markdown or JSON Lines files).
    Documents(Vec<Document>),
    /// A factmark file, with what merging it would do.
    Import(Box<import::ImportPlan>),
}

/// A file's name and what it held, or what is wrong with it.
pub type Outcome = (String, Result<Opened, String>);

/// Reads `files` and works out what they hold, against `project`: one outcome per
/// file, except that a brat `.ann` file and its `.txt` file are read as one, and
/// that every annotation file among them is merged into one import to preview.
///
/// The browser's room for this page is checked first: files that would not fit (what
/// is stored is about as large as the files) are refused, saying so, and nothing of
/// them is read.
pub async fn open_all(files: Vec<web_sys::File>, project: &Project) -> Vec<Outcome> {
    let mut texts = Vec::new();
    let mut room = crate::storage::room_left().await;
    for file in files {
        let name = file.name();
        let size = file.size();
        let text = match room {
            Some(left) if size > left => Err(format!(
                "the file is {}, and this browser lets factmark keep only {} more here: \
                 nothing of it was read (free some space in the browser, or open a smaller file)",
                megabytes(size),
                megabytes(left)
            )),
            _ => match load(&file).await {
                Ok(bytes) => read_text(&name, &bytes).await,
                Err(problem) => Err(problem),
            },
        };
        if let (Some(left), Ok(_)) = (&mut room, &text) {
            *left -= size;
        }
        texts.push((name, text));
    }
    interpret_all(texts, project).await
}

/// `bytes` for people: "12.3 MB".
fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1024.0 / 1024.0)
}

/// The text of the file `name` (see [`decode`]), hashed by the browser where it can
/// (see [`crate::digest`]).
pub async fn read_text(name: &str, bytes: &[u8]) -> Result<Text, String> {
    let text = decode(name, bytes)?;
    let sha256 = crate::digest::sha256_hex(text.as_bytes()).await;
    Ok(Text { text, sha256 })
}

/// A file's text, and its SHA-256 (lowercase hex) when the browser has worked it out
/// (see [`crate::digest`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub text: String,
    pub sha256: Option<String>,
}

pub(crate) async fn load(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let size = file.size();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {}; factmark opens files of up to {:.0} MB",
            megabytes(size),
            MAX_FILE_BYTES / 1024.0 / 1024.0
        ));
    }
    if size == 0.0 {
        return Err("the file is empty".to_owned());
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read the file".to_owned())?;
    Ok(js_sys::Uint8Array::new(buffer.unchecked_ref()).to_vec())
}

/// The text of the file `name`, or what stops factmark reading it.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String, String> {
    if has_extension(name, ".zip") {
        return Err("factmark does not open zip archives: unpack it and choose the files inside (for brat, each .ann with its .txt)".to_owned());
    }
    decode_utf8(bytes).map(str::to_owned).map_err(describe)
}

/// The name without its extension.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

fn has_extension(name: &str, extension: &str) -> bool {
    name.to_lowercase().ends_with(extension)
}

/// What the files (name, text or the problem reading it) hold: see [`open_all`].
/// Another tool's annotation files are read by the formats module (see
/// [`crate::formats`]), fetched the first time one is opened.
pub async fn interpret_all(texts: Vec<(String, Result<Text, String>)>, project: &Project) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    let mut imports: Vec<(String, NativeFile)> = Vec::new();
    // What they hold that is not read as it was, by file.
    let mut unread: Vec<(String, factmark_core::format::Unread)> = Vec::new();
    // What the annotation files hold that could not be read, by file.
    let mut left_out: Vec<String> = Vec::new();
    let is_pair_text = |name: &str| {
        has_extension(name, ".txt")
            && texts
                .iter()
                .any(|(other, _)| has_extension(other, ".ann") && stem(other) == stem(name))
    };
    // Hugging Face rows name their tags by number in a labels.json chosen with them.
    let hf_labels = texts
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("labels.json"))
        .filter(|_| texts.iter().any(|(other, _)| has_extension(other, ".jsonl")))
        .and_then(|(_, text)| text.as_ref().ok())
        .map(|text| text.text.clone());
    // A CSV's relations go with its annotations: `NAME.relations.csv` with `NAME.csv`,
    // or the one relations CSV chosen with the one annotations CSV.
    let csv_of = |relations: bool| -> Vec<&(String, Result<Text, String>)> {
        texts
            .iter()
            .filter(|(name, text)| {
                has_extension(name, ".csv")
                    && text
                        .as_ref()
                        .is_ok_and(|t| csv::looks_like_relations(&t.text) == relations)
            })
            .collect()
    };
    let (annotation_csvs, relation_csvs) = (csv_of(false), csv_of(true));
    let relations_for = |name: &str| {
        relation_csvs
            .iter()
            .find(|(other, _)| other.eq_ignore_ascii_case(&csv::relations_name(name)))
            .or(match (&annotation_csvs[..], &relation_csvs[..]) {
                ([_], [only]) => Some(only),
                _ => None,
            })
            .copied()
    };
    let relations_of = |name: &str| {
        relations_for(name)
            .and_then(|(_, text)| text.as_ref().ok())
            .map(|t| t.text.as_str())
    };
    let is_paired_relations = |name: &str| {
        annotation_csvs
            .iter()
            .any(|(other, _)| relations_for(other).is_some_and(|(r, _)| r == name))
    };
    for (name, text) in &texts {
        if is_pair_text(name)
            || (hf_labels.is_some() && name.eq_ignore_ascii_case("labels.json"))
            || is_paired_relations(name)
        {
            continue;
        }
        let Text { text, sha256 } = match text {
            Ok(text) => text,
            Err(problem) => {
                outcomes.push((name.clone(), Err(problem.clone())));
                continue;
            }
        };
        let read = match Format::detect(name, text) {
            Some(Format::Native) => {
                native::read_valid_part(text)
                    .map_err(describe)
                    .map(|(file, problems)| {
                        left_out.extend(problems.iter().map(|problem| format!("{name}: {problem}")));
                        (file, Vec::new())
                    })
            }
            Some(Format::Brat) => {
                let txt = texts
                    .iter()
                    .find(|(other, _)| has_extension(other, ".txt") && stem(other) == stem(name));
                match txt {
                    None => Err("a brat .ann file is read with its .txt file: choose both".to_owned()),
                    Some((_, Err(problem))) => Err(format!("its .txt file: {problem}")),
                    Some((_, Ok(txt))) => formats::read(Format::Brat, name, text, Some(&txt.text)).await,
                }
            }
            Some(Format::Hf) => formats::read(Format::Hf, name, text, hf_labels.as_deref()).await,
            Some(Format::Csv) => formats::read(Format::Csv, name, text, relations_of(name)).await,
            Some(format) => formats::read(format, name, text, None).await,
            None => {
                outcomes.push((name.clone(), interpret(name, text, sha256.clone(), project)));
                continue;
            }
        };
        match read {
            Ok((file, notices)) => {
                unread.extend(notices.into_iter().map(|u| (name.clone(), u)));
                imports.push((name.clone(), file));
            }
            Err(problem) => outcomes.push((name.clone(), Err(problem))),
        }
    }
    if !imports.is_empty() {
        let name = match &imports[..] {
            [(name, _)] => name.clone(),
            [(first, _), ..] => format!("{first} and {} more files", imports.len() - 1),
            [] => unreachable!("not empty"),
        };
        // One file is taken as it is; several are merged by the formats module (merging
        // is code a visit that opens one file at a time never needs).
        let mut files: Vec<NativeFile> = imports.into_iter().map(|(_, file)| file).collect();
        let mut file = if files.len() == 1 {
            files.pop().expect("one file")
        } else {
            match formats::merge(files).await {
                Ok((file, joined)) => {
                    unread.extend(joined.into_iter().map(|u| (name.clone(), u)));
                    file
                }
                Err(problem) => {
                    outcomes.push((name, Err(problem)));
                    return outcomes;
                }
            }
        };
        // Texts rebuilt from tokens (CoNLL, Hugging Face) go back on the library's
        // documents they were made from.
        let library: Vec<(&str, &str, &[factmark_core::Span])> = project
            .documents()
            .iter()
            .map(|d| (d.title(), d.text(), d.ignored()))
            .collect();
        let realigned = factmark_core::format::tokens::realign_in(&mut file, &library);
        unread.extend(realigned.into_iter().map(|u| (name.clone(), u)));
        let mut plan = import::plan(project, &file);
        plan.left_out = left_out;
        plan.unread = unread;
        outcomes.push((name, Ok(Opened::Import(Box::new(plan)))));
    }
    outcomes
}

/// What a file's text holds, judged by its name and, for `.json`, its content. A
/// text that becomes a document is identified by `sha256`, the SHA-256 of its
/// UTF-8 bytes, when that is known, or hashed here. (Other tools' annotation files are
/// read by the formats module: see [`interpret_all`].)
pub fn interpret(
    name: &str,
    text: &str,
    sha256: Option<String>,
    project: &Project,
) -> Result<Opened, String> {
    let lower = name.to_lowercase();
    match Format::detect(name, text) {
        Some(Format::Native) => {
            let (file, problems) = native::read_valid_part(text).map_err(describe)?;
            let mut plan = import::plan(project, &file);
            plan.left_out = problems.iter().map(ToString::to_string).collect();
            return Ok(Opened::Import(Box::new(plan)));
        }
        Some(format) => {
            return Err(format!(
                "a {} file is read by the formats module: open it with Import",
                format.title()
            ));
        }
        None => {}
    }
    if lower.ends_with(".json") || lower.ends_with(".jsonld") {
        // Not even JSON: let the native reader say where it breaks.
        return Err(describe(
            native::read(text).expect_err("detect reads any valid JSON"),
        ));
    }
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        return plain::documents_from_jsonl(name, text)
            .map(Opened::Documents)
            .map_err(describe);
    }
    if text.trim().is_empty() {
        return Err("the file holds only white space".to_owned());
    }
    let document = match sha256 {
        Some(sha256) => plain::document_from_hashed_text(name, text, sha256),
        None => plain::document_from_text(name, text),
    };
    Ok(Opened::Documents(vec![document]))
}

/// A read error as one message: its first few problems.
pub(crate) fn describe(err: ReadError) -> String {
    err.summary()
}
