//! What every dialog does (the import preview, the label editor): the keyboard focus
//! moves into it when it opens and back where it was when it closes, and Escape
//! closes it.

use gloo::events::{EventListener, EventListenerOptions};
use gloo::utils::document;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Makes the element `dialog` refers to behave as a dialog: focused on open (it needs
/// `tabindex="-1"`), Escape calls `onclose`, and the focus goes back on close.
#[hook]
pub fn use_dialog(dialog: NodeRef, onclose: Callback<()>) {
    use_effect_with((), move |_| {
        let before = document()
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = dialog.cast::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
        let listener = EventListener::new_with_options(
            &document(),
            "keydown",
            EventListenerOptions::enable_prevent_default(),
            move |event| {
                let event: &web_sys::KeyboardEvent = event.unchecked_ref();
                if event.key() == "Escape" {
                    event.prevent_default();
                    event.stop_immediate_propagation();
                    onclose.emit(());
                }
            },
        );
        move || {
            drop(listener);
            if let Some(element) = before.filter(|e| e.is_connected()) {
                let _ = element.focus();
            }
        }
    });
}
