//! Where the app finds its lazily loaded wasm modules (the team pages, other tools'
//! formats): `scripts/lazy-modules.mjs` builds each beside the app and names its script
//! in a `<meta name=…>` of index.html.

use wasm_bindgen::JsCast;

/// The script of the module that the `<meta name="{meta}">` names, if this build has it.
pub fn script(meta: &str) -> Option<String> {
    gloo::utils::document()
        .query_selector(&format!("meta[name=\"{meta}\"]"))
        .ok()
        .flatten()
        .and_then(|meta| meta.dyn_into::<web_sys::HtmlMetaElement>().ok())
        .map(|meta| meta.content())
        .filter(|src| !src.is_empty())
}
