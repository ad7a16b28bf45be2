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
use factmark_core::format::{Format, brat, csv, hf, native, w3c, webanno_tsv};
use wasm_bindgen::prelude::*;

/// Writes the native file `file` (a Blob of its JSON) in the format named `format` (its
/// CLI name; a file or folder per label with `layers`: see `Format::write_layers`),
/// offers it for download as `stem` and the format's ending, and says what happened:
/// one line per report, "!" for a problem or " " for news, then its text
/// (`factmark::commands::write_download`). Throws a message when the file cannot be
/// read.
#[wasm_bindgen]
pub async fn export_download(
    format: String,
    layers: bool,
    file: web_sys::Blob,
    stem: String,
) -> Result<js_sys::Array, JsError> {
    let format =
        Format::from_name(&format).ok_or_else(|| JsError::new(&format!("there is no format `{format}`")))?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| JsError::new("the browser could not hand over the project"))?;
    let file = native::read(&text).map_err(|err| JsError::new(&err.to_string()))?;
    drop(text);
    let choice = factmark::commands::ExportChoice { format, layers };
    Ok(factmark::commands::write_download(choice, &file, &stem)
        .into_iter()
        .map(|report| {
            JsValue::from(format!(
                "{}{}",
                if report.problem { '!' } else { ' ' },
                report.text
            ))
        })
        .collect())
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
