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

/// Adds the module script that the `<meta name="{meta}">` names to the page, as element
/// `id`, unless it is there already; returns the new element (to watch for a failed
/// download), or `None` when it was there.
pub fn add_script(id: &str, meta: &str, what: &str) -> Result<Option<web_sys::Element>, String> {
    let document = gloo::utils::document();
    if document.get_element_by_id(id).is_some() {
        return Ok(None);
    }
    let src = script(meta).ok_or_else(|| format!("this build of factmark has no {what}"))?;
    let element = document
        .create_element("script")
        .map_err(|_| "the page refused a script element")?
        .unchecked_into::<web_sys::HtmlScriptElement>();
    element.set_id(id);
    element.set_type("module");
    element.set_src(&src);
    document
        .head()
        .ok_or("the page has no head")?
        .append_child(&element)
        .map_err(|_| format!("the page refused the {what}'s script"))?;
    Ok(Some(element.into()))
}
