//! Opening files the user chooses or drops: each is read, checked and turned into
//! what it holds — documents to add, or a factmark or W3C Web Annotation file to
//! preview before merging —
//! or into a problem that names the file and what is wrong. Nothing here changes
//! the project; the caller dispatches what comes back.

use factmark_core::format::native;
use factmark_core::format::{Format, plain};
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

/// Reads `file` and works out what it holds, against `project`.
pub async fn open(file: web_sys::File, project: &Project) -> Outcome {
    let name = file.name();
    let result = read(&file, &name, project).await;
    (name, result)
}

async fn read(file: &web_sys::File, name: &str, project: &Project) -> Result<Opened, String> {
    let size = file.size();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {:.1} MB; factmark opens files of up to {:.0} MB",
            size / 1024.0 / 1024.0,
            MAX_FILE_BYTES / 1024.0 / 1024.0
        ));
    }
    if size == 0.0 {
        return Err("the file is empty".to_owned());
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read the file".to_owned())?;
    let bytes = js_sys::Uint8Array::new(buffer.unchecked_ref()).to_vec();
    let text = decode_utf8(&bytes).map_err(describe)?;
    interpret(name, text, project)
}

/// What a file's text holds, judged by its name and, for `.json`, its content.
pub fn interpret(name: &str, text: &str, project: &Project) -> Result<Opened, String> {
    let lower = name.to_lowercase();
    if let Some(format) = Format::detect(name, text) {
        let file = format.read(text).map_err(describe)?;
        return Ok(Opened::Import(Box::new(import::plan(project, &file))));
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
    Ok(Opened::Documents(vec![plain::document_from_text(name, text)]))
}

/// A read error as one message: its first few problems.
fn describe(err: ReadError) -> String {
    const SHOWN: usize = 5;
    let mut parts: Vec<String> = err.problems.iter().take(SHOWN).map(ToString::to_string).collect();
    if err.problems.len() > SHOWN {
        parts.push(format!("and {} more problems", err.problems.len() - SHOWN));
    }
    parts.join("; ")
}
