//! Where the app finds its lazily loaded wasm modules (the team pages, other tools'
//! formats, search and suggestions, the label editor): `scripts/lazy-modules.mjs`
//! builds each beside the app and names its script in a `<meta name=…>` of index.html.
//! Those that render on the page talk with the app by events on `window` carrying JSON
//! text ([`send`], [`detail`]).

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

/// Dispatches `name` on `window` with `detail` (JSON text).
pub fn send(name: &str, detail: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail.into());
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = gloo::utils::window().dispatch_event(&event);
    }
}

/// The text an event of the module carries.
pub fn detail(event: &web_sys::Event) -> Option<String> {
    event.dyn_ref::<web_sys::CustomEvent>()?.detail().as_string()
}

/// What a module's events are handed to: the event's name, and the event.
pub type Handler = std::rc::Rc<dyn Fn(&str, &web_sys::Event)>;

/// Listens on `window` for each of the events `names`, handing each to `handle` with
/// its name (one closure for all of a module's events); dropping the list stops them.
pub fn listen(names: &[&'static str], handle: Handler) -> Vec<gloo::events::EventListener> {
    names
        .iter()
        .map(|&name| {
            let handle = handle.clone();
            gloo::events::EventListener::new(&gloo::utils::window(), name, move |event| handle(name, event))
        })
        .collect()
}
