//! The document text, rendered exactly as stored: white space kept, never parsed as
//! HTML (Yew makes text nodes), one segment per line (see [`crate::dom_text`]).

use crate::dom_text;
use factmark_core::Span;
use gloo::events::EventListener;
use gloo::utils::document;
use yew::prelude::*;

/// Props of [`DocumentText`].
#[derive(Properties, PartialEq)]
pub struct DocumentTextProps {
    /// The document's text.
    pub text: AttrValue,
    /// Called with the selected span whenever the selection inside the text changes.
    pub onselect: Callback<Option<Span>>,
}

/// The text of one document, reporting selections in code points.
#[component]
pub fn DocumentText(props: &DocumentTextProps) -> Html {
    let root = use_node_ref();
    {
        let root = root.clone();
        let onselect = props.onselect.clone();
        // Registered again only when the callback itself changes.
        use_effect_with(props.onselect.clone(), move |_| {
            let listener = EventListener::new(&document(), "selectionchange", move |_| {
                let (Some(element), Some(selection)) = (
                    root.cast::<web_sys::Element>(),
                    gloo::utils::window().get_selection().ok().flatten(),
                ) else {
                    return;
                };
                onselect.emit(dom_text::selection_to_span(&element, &selection));
            });
            move || drop(listener)
        });
    }
    let segments = dom_text::segments(&props.text);
    html! {
        // The attribute names are dom_text::ROOT_ATTR and dom_text::START_ATTR.
        <article class="document-text" ref={root} aria-label="Document text" data-doc-text="">
            { for segments.into_iter().map(|segment| html! {
                <span data-start={segment.start.to_string()}>{ segment.text.to_owned() }</span>
            }) }
        </article>
    }
}
