//! The file formats other tools read and write — every export, and every import but
//! factmark's own files — as a wasm module of its own. The app loads it the first time
//! someone exports or opens another tool's file (`factmark::formats`), so a visit that
//! only reads and marks never downloads the writers and readers.
//!
//! The app and this module speak factmark's own format: the app hands over a native
//! file (JSON) to export, and gets back a native file of what an imported file holds,
//! which it reads and checks as it reads any factmark file.

// The app's allocator (see `factmark`'s lib.rs): faster at the many small strings of a
// large export.
use factmark as _;
use factmark_core::format::{Format, brat, csv, describe_notices, hf, native, w3c, webanno_tsv};
use wasm_bindgen::prelude::*;

/// Writes the native file `native_json` in the format named `format` (its CLI name):
/// `{ bytes: Uint8Array, notices: string[] }`, every notice naming what the format
/// could not hold by label, quote and document; throws a message when it cannot be
/// written at all.
/// With `layers`, a file or folder per label (CoNLL and Hugging Face: see
/// `Format::write_layers`).
#[wasm_bindgen]
pub fn write_export(format: &str, native_json: &str, layers: bool) -> Result<js_sys::Object, JsError> {
    let format =
        Format::from_name(format).ok_or_else(|| JsError::new(&format!("there is no format `{format}`")))?;
    let file = native::read(native_json).map_err(|err| JsError::new(&err.to_string()))?;
    let written = if layers {
        format.write_layers(&file)
    } else {
        format.write(&file)
    }
    .map_err(|problem| JsError::new(&problem))?;
    let notices: js_sys::Array = describe_notices(&written.notices, &file)
        .iter()
        .map(|notice| JsValue::from_str(notice))
        .collect();
    let bytes = js_sys::Uint8Array::from(written.output.into_bytes().as_slice());
    let result = js_sys::Object::new();
    js_sys::Reflect::set(&result, &"bytes".into(), &bytes).map_err(|_| JsError::new("no result object"))?;
    js_sys::Reflect::set(&result, &"notices".into(), &notices)
        .map_err(|_| JsError::new("no result object"))?;
    Ok(result)
}

/// Reads the file `name` (its text) in the format named `format`, with `companion`, the
/// text of a brat `.ann` file's `.txt`, a Hugging Face file's `labels.json` or a CSV's
/// relations file: `{ file, unread }`, the native file (JSON, texts
/// included) of what it holds and what it holds that is not read (JSON, a list of
/// `Unread`). Throws the file's problems, one message.
#[wasm_bindgen]
pub fn read_import(
    format: &str,
    name: &str,
    text: &str,
    companion: Option<String>,
) -> Result<js_sys::Object, JsError> {
    let format =
        Format::from_name(format).ok_or_else(|| JsError::new(&format!("there is no format `{format}`")))?;
    let reading = match (format, companion) {
        (Format::Brat, Some(txt)) => {
            let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
            brat::read(stem, &txt, text)
        }
        (Format::Hf, labels) => hf::read(text, labels.as_deref()),
        (Format::Csv, relations) => csv::read_with(text, relations.as_deref()),
        (Format::WebannoTsv, _) => {
            let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
            webanno_tsv::read(stem, text)
        }
        _ => format.read(text),
    }
    .map_err(|err| JsError::new(&err.summary()))?;
    let result = js_sys::Object::new();
    let unread = serde_json::to_string(&reading.unread).map_err(|err| JsError::new(&err.to_string()))?;
    // A document known only by a W3C source has no SHA-256 yet, which a native file
    // cannot say: it crosses as a stand-in hash, with its id listed under `sources`,
    // and the app puts it back (`factmark::formats::read`).
    let mut file = reading.file;
    let mut sources = Vec::new();
    for doc in &mut file.documents {
        if w3c::is_unplaced(doc) {
            doc.sha256 = factmark_core::document::sha256_hex(&format!("urn:factmark:source:{}", doc.title));
            sources.push(doc.id.0.clone());
        }
    }
    let sources = serde_json::to_string(&sources).map_err(|err| JsError::new(&err.to_string()))?;
    js_sys::Reflect::set(&result, &"file".into(), &native::write(&file).into())
        .map_err(|_| JsError::new("no result object"))?;
    js_sys::Reflect::set(&result, &"sources".into(), &sources.into())
        .map_err(|_| JsError::new("no result object"))?;
    js_sys::Reflect::set(&result, &"unread".into(), &unread.into())
        .map_err(|_| JsError::new("no result object"))?;
    Ok(result)
}

/// Merges the native files `jsons` (JSON, as the app reads them from several files
/// opened at once) into one: `{ file, unread }`, as [`read_import`] gives them, `unread`
/// counting what was joined (the same annotation twice, a label in another case).
#[wasm_bindgen]
pub fn merge_files(jsons: Vec<String>) -> Result<js_sys::Object, JsError> {
    let files = jsons
        .iter()
        .map(|json| native::read(json).map_err(|err| JsError::new(&err.summary())))
        .collect::<Result<Vec<_>, _>>()?;
    let (file, unread) = native::NativeFile::merge_counted(files);
    let unread = serde_json::to_string(&unread).map_err(|err| JsError::new(&err.to_string()))?;
    let result = js_sys::Object::new();
    js_sys::Reflect::set(&result, &"file".into(), &native::write(&file).into())
        .map_err(|_| JsError::new("no result object"))?;
    js_sys::Reflect::set(&result, &"unread".into(), &unread.into())
        .map_err(|_| JsError::new("no result object"))?;
    Ok(result)
}

fn main() {}
