//! Other tools' formats, in a wasm module of their own (`formats_main.rs`), fetched the
//! first time someone exports (anything but the whole project in factmark's own format)
//! or opens a file that is not factmark's own, and then kept for the page's life. What
//! every visit downloads stays the reader and factmark's own format.
//!
//! ```text
//!  app ── Blob of native JSON ─▶ export_download(format, stem) ─▶ the download; reports
//!  app ◀─ NativeFile ◀ native JSON ── read_import(format, file) ◀── another tool's file
//! ```
//!
//! The two sides speak factmark's own format, so what comes back is read and checked
//! like any factmark file.

use factmark_core::format::native::{self, NativeFile};
use factmark_core::format::{Format, Unread};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The `<meta name=…>` in index.html whose content is the module's script (written by
/// `scripts/lazy-modules.mjs` after each build).
const META: &str = "factmark-formats-module";

#[wasm_bindgen(inline_js = r#"
const loading = new Map();
// The module's script, initialised once; a failed load is forgotten so that a later
// export can try again.
export function load_formats(script) {
  const url = new URL(script, document.baseURI);
  if (!loading.has(url.href)) {
    const wasm = new URL(url.pathname.replace(/\.js$/, '_bg.wasm'), url);
    const started = import(url.href).then(async (module) => {
      await module.default({ module_or_path: wasm });
      return module;
    });
    started.catch(() => loading.delete(url.href));
    loading.set(url.href, started);
  }
  return loading.get(url.href);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn load_formats(script: &str) -> Result<JsValue, JsValue>;
}

/// The module, loaded (once) if need be.
async fn module() -> Result<JsValue, String> {
    let script = crate::lazy_modules::script(META).ok_or("this build of factmark has no formats module")?;
    load_formats(&script).await.map_err(|_| {
        "the formats module could not be downloaded; check the connection and try again".to_owned()
    })
}

/// Calls the module's function `name` with `args`; its result, or the message it threw.
async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let module = module().await?;
    let function = js_sys::Reflect::get(&module, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| format!("the formats module has no `{name}`"))?;
    function
        .apply(&JsValue::NULL, &args.iter().collect::<js_sys::Array>())
        .map_err(|thrown| thrown_message(&thrown))
}

/// What the module threw, for people.
fn thrown_message(thrown: &JsValue) -> String {
    thrown
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "the formats module failed".to_owned())
}

/// Has the module write `file` (a Blob of a native file's JSON) in `choice` and offer
/// it for download as `stem` and the format's ending (`commands::write_download`):
/// what happened, one report per line.
pub async fn export(
    choice: crate::commands::ExportChoice,
    file: web_sys::Blob,
    stem: &str,
) -> Result<Vec<crate::state::Report>, String> {
    let args = [
        choice.format.name().into(),
        choice.layers.into(),
        file.into(),
        stem.into(),
    ];
    let promise = call("export_download", &args)
        .await?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| "the formats module did not start the export".to_owned())?;
    let lines = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|thrown| thrown_message(&thrown))?;
    // Each line: "!" for a problem or " " for news, then its text.
    Ok(js_sys::Array::from(&lines)
        .iter()
        .filter_map(|line| line.as_string())
        .map(|line| crate::state::Report {
            problem: line.starts_with('!'),
            text: line.get(1..).unwrap_or_default().to_owned(),
        })
        .collect())
}

/// What the file `name`, in `format`, holds, and what of it is not read;
/// `companion` is a brat `.ann` file's `.txt`, a Hugging Face file's `labels.json` or
/// a CSV's relations file.
pub async fn read(
    format: Format,
    name: &str,
    text: &str,
    companion: Option<&str>,
) -> Result<(NativeFile, Vec<Unread>), String> {
    let args = [
        format.name().into(),
        name.into(),
        text.into(),
        companion.map_or(JsValue::UNDEFINED, JsValue::from_str),
    ];
    let result = call("read_import", &args).await?;
    let sources: Vec<String> =
        serde_json::from_str(&field_of(&result, "sources").unwrap_or_else(|| "[]".to_owned()))
            .map_err(|err| format!("the formats module returned sources factmark cannot read: {err}"))?;
    let sources: Vec<factmark_core::DocId> = sources.into_iter().map(factmark_core::DocId).collect();
    file_of(&result, &sources)
}

/// The text field `name` of the module's result.
fn field_of(result: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(result, &name.into())
        .ok()
        .and_then(|v| v.as_string())
}

/// The file (`file`, a native file's JSON) and what it leaves out (`unread`) in the
/// module's `result`; the documents `sources` crossed with a stand-in hash (known
/// only by a W3C source) and are unknown again.
fn file_of(result: &JsValue, sources: &[factmark_core::DocId]) -> Result<(NativeFile, Vec<Unread>), String> {
    let json = field_of(result, "file").ok_or("the formats module returned no file")?;
    let unread: Vec<Unread> =
        serde_json::from_str(&field_of(result, "unread").unwrap_or_else(|| "[]".to_owned()))
            .map_err(|err| format!("the formats module returned notices factmark cannot read: {err}"))?;
    let mut file = native::read(&json).map_err(|err| {
        format!(
            "the formats module returned a file factmark cannot read: {}",
            err.summary()
        )
    })?;
    for doc in &mut file.documents {
        if sources.contains(&doc.id) {
            doc.sha256.clear();
        }
    }
    Ok((file, unread))
}

/// `files` (several files opened at once) merged into one, by the module, and what was
/// joined doing it (`NativeFile::merge_counted`). A document known only by a W3C source
/// (no SHA-256) crosses with a stand-in hash and comes back without one.
pub async fn merge(mut files: Vec<NativeFile>) -> Result<(NativeFile, Vec<Unread>), String> {
    let mut sources = Vec::new();
    let jsons: js_sys::Array = files
        .iter_mut()
        .map(|file| {
            for doc in &mut file.documents {
                if doc.sha256.is_empty() {
                    doc.sha256 =
                        factmark_core::document::sha256_hex(&format!("urn:factmark:source:{}", doc.id));
                    sources.push(doc.id.clone());
                }
            }
            JsValue::from(native::write(file))
        })
        .collect();
    let result = call("merge_files", &[jsons.into()]).await?;
    file_of(&result, &sources)
}
